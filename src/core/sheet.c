/* sheet.c: CSV fields and XLSX workbooks through a temporary file, shared by
 * the exports of every module. */
#include "core/sheet.h"

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

void sheet_csv_field(Buf *b, const char *s)
{
    buf_putc(b, '"');
    if (s && (*s == '=' || *s == '+' || *s == '-' || *s == '@'))
        buf_putc(b, '\'');
    for (; s && *s; s++) {
        if (*s == '"')
            buf_putc(b, '"');
        buf_putc(b, *s);
    }
    buf_putc(b, '"');
}

bool sheet_xlsx_begin(SheetXlsx *x, const char *stem)
{
    const char *dir = getenv("TMPDIR");
    snprintf(x->path, sizeof x->path, "%s/%s-XXXXXX", dir && dir[0] ? dir : "/tmp", stem);
    int fd = mkstemp(x->path);
    if (fd < 0) {
        x->wb = NULL;
        return false;
    }
    close(fd); /* libxlsxwriter opens the file by name */
    x->wb = workbook_new(x->path);
    return true;
}

void sheet_xlsx_row_strings(lxw_worksheet *ws, lxw_row_t row, const char *const *cells, int n, lxw_format *format)
{
    for (int c = 0; c < n; c++)
        worksheet_write_string(ws, row, (lxw_col_t)c, cells[c], format);
}

bool sheet_xlsx_finish(SheetXlsx *x, bool ok, Buf *out)
{
    /* close even when the sheets failed: it frees the workbook */
    ok = x->wb && workbook_close(x->wb) == LXW_NO_ERROR && ok;
    x->wb = NULL;
    FILE *in = ok ? fopen(x->path, "rb") : NULL;
    if (in) {
        char chunk[8192];
        size_t got;
        while ((got = fread(chunk, 1, sizeof chunk, in)) > 0)
            buf_append(out, chunk, got);
        fclose(in);
    }
    unlink(x->path);
    return in != NULL;
}
