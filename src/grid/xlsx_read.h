/* xlsx_read.h: a small XLSX (Office Open XML spreadsheet) reader for the first
 * worksheet, built on libzip and expat. libxlsxwriter only writes, and no
 * reader is packaged for Debian 12, so this one reads just what registers
 * need: shared strings, inline strings, numbers, booleans and dates, as text
 * cells. Also the pure rules it applies to dates, for the .xls reader and tests. */
#ifndef GZ_XLSX_READ_H
#define GZ_XLSX_READ_H
#include <stdbool.h>
#include <stddef.h>

typedef struct XlsxRow {
    int line;        /* the row number in the sheet (1-based, as Excel shows it) */
    int n_cells;
    char **cells;    /* UTF-8 text, "" for empty cells; index = column (A=0) */
} XlsxRow;

#define XLSX_DATE_COLS 256 /* columns whose date cells are counted (more than either reader accepts) */

typedef struct XlsxSheet {
    int n_rows;
    XlsxRow *rows;
    int date_cells[XLSX_DATE_COLS]; /* per column (A=0): cells read as a date or time */
} XlsxSheet;

/* What a number format shows a number as. */
typedef enum { XLSX_NUMFMT_NUMBER, XLSX_NUMFMT_DATE, XLSX_NUMFMT_DATETIME, XLSX_NUMFMT_TIME } XlsxNumFmtKind;

/* The kind of number format id with format code code: code is the format's
 * own text when the file defines one (custom formats, id >= 164), NULL for
 * a built-in id. Codes count as dates when they hold y, m or d outside quoted
 * text, escapes and [brackets]; m next to h or s is minutes. */
XlsxNumFmtKind xlsx_numfmt_kind(int id, const char *code);

/* Converts an Excel serial day number to a civil date in the 1900 system
 * (serial 1 = 1900-01-01, with Excel's nonexistent 1900-02-29 as serial 60)
 * or the 1904 system (serial 0 = 1904-01-01). The fraction is the time of
 * day, rounded to the second, in *secs. False for serials that name no day:
 * negative, 0 and 60 in the 1900 system, past 9999-12-31, not finite. */
bool xlsx_serial_to_date(double serial, bool date1904, int *y, int *m, int *d, int *secs);

/* A serial as ISO text by kind: "YYYY-MM-DD", "YYYY-MM-DD HH:MM:SS" or
 * "HH:MM:SS". False (out untouched) when the serial names no day. */
bool xlsx_format_serial(double serial, bool date1904, XlsxNumFmtKind kind, char out[24]);

/* Reads the first worksheet. Returns false and fills err on a damaged or
 * non-XLSX file. */
bool xlsx_read_first_sheet(const unsigned char *data, size_t len, XlsxSheet *out, char *err, size_t errlen);
void xlsx_sheet_free(XlsxSheet *s);

#endif
