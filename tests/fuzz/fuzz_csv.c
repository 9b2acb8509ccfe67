/* fuzz_csv.c: an uploaded register file as the import reads it before any
 * row is checked (import_read_rows): the content sniffed (OLE2, zip or
 * text), a UTF-16 file refused, a UTF-8 BOM dropped, GBK converted, then
 * CSV through libcsv with the line each record starts on. The first byte
 * picks the declared format (CSV, XLSX, XLS, a guess), as the upload's
 * ?format= would. Checks beyond the sanitizers': every cell read is valid
 * UTF-8 (the register stores nothing else) and the lines of the records
 * never go backwards; a refused file says why. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/utf8.h"
#include "grid/import.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    ImportFormat fmt = (ImportFormat)(data[0] % 4);
    ImportReport rep;
    memset(&rep, 0, sizeof rep);
    XlsxSheet sheet;
    memset(&sheet, 0, sizeof sheet);
    if (import_read_rows(data + 1, size - 1, fmt, &sheet, &rep)) {
        int last = 0;
        for (int i = 0; i < sheet.n_rows; i++) {
            const XlsxRow *r = &sheet.rows[i];
            if (strcmp(rep.format, "csv") == 0 && r->line < last)
                abort(); /* a record before the one read ahead of it */
            last = r->line;
            for (int k = 0; k < r->n_cells; k++)
                if (r->cells[k] && !utf8_valid(r->cells[k], strlen(r->cells[k])))
                    abort(); /* text the register would store that is not UTF-8 */
        }
        xlsx_sheet_free(&sheet);
    } else if (!rep.fatal[0]) {
        abort(); /* refused without a reason for the importer */
    }
    import_report_free(&rep);
    return 0;
}
