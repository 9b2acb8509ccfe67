/* sheet.h: the plumbing every spreadsheet export shares: CSV fields a
 * spreadsheet cannot run as formulas, and XLSX workbooks (libxlsxwriter)
 * written through a private temporary file into a Buf. Domain-free. */
#ifndef GZ_SHEET_H
#define GZ_SHEET_H
#include <stdbool.h>
#include <xlsxwriter.h>

#include "core/buf.h"

/* Appends one CSV field, always quoted ("" doubled, NULL as empty); a
 * leading = + - @ is defused with a ' so a spreadsheet never runs it. */
void sheet_csv_field(Buf *b, const char *s);

/* A workbook being written to its temporary file. */
typedef struct SheetXlsx {
    char path[512];
    lxw_workbook *wb; /* NULL when libxlsxwriter could not start one */
} SheetXlsx;

/* Makes a fresh private temporary file ($TMPDIR, else /tmp) named after
 * `stem` and starts a workbook on it. false: no file was made and nothing
 * needs finishing. On true, always call sheet_xlsx_finish, even if x->wb
 * is NULL. (libxlsxwriter 1.1.4 cannot write to memory.) */
bool sheet_xlsx_begin(SheetXlsx *x, const char *stem);

/* Writes `n` strings across row `row` from column 0, in `format` (may be NULL). */
void sheet_xlsx_row_strings(lxw_worksheet *ws, lxw_row_t row, const char *const *cells, int n, lxw_format *format);

/* Closes the workbook and, if `ok` (the caller wrote all its sheets) and the
 * close succeeded, appends the file's bytes to `out`. Removes the file in
 * every case. false: the workbook could not be made; nothing was appended. */
bool sheet_xlsx_finish(SheetXlsx *x, bool ok, Buf *out);

#endif
