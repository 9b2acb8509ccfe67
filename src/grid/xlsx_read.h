/* xlsx_read.h: a small XLSX (Office Open XML spreadsheet) reader for the first
 * worksheet, built on libzip and expat. libxlsxwriter only writes, and no
 * reader is packaged for Debian 12, so this one reads just what registers
 * need: shared strings, inline strings, numbers and booleans, as text cells. */
#ifndef GZ_XLSX_READ_H
#define GZ_XLSX_READ_H
#include <stdbool.h>
#include <stddef.h>

typedef struct XlsxRow {
    int line;        /* the row number in the sheet (1-based, as Excel shows it) */
    int n_cells;
    char **cells;    /* UTF-8 text, "" for empty cells; index = column (A=0) */
} XlsxRow;

typedef struct XlsxSheet {
    int n_rows;
    XlsxRow *rows;
} XlsxSheet;

/* Reads the first worksheet. Returns false and fills err on a damaged or
 * non-XLSX file. */
bool xlsx_read_first_sheet(const unsigned char *data, size_t len, XlsxSheet *out, char *err, size_t errlen);
void xlsx_sheet_free(XlsxSheet *s);

#endif
