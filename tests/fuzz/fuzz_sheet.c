/* fuzz_sheet.c: an uploaded register file through the readers of the import:
 * XLSX (zip + XML) and legacy XLS (OLE2/BIFF), as an outsider could upload
 * it. The first byte picks the reader. */
#include <stdint.h>
#include <stddef.h>

#include "grid/xls_read.h"
#include "grid/xlsx_read.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    XlsxSheet s;
    char err[256];
    bool ok = (data[0] & 1) ? xls_read_first_sheet(data + 1, size - 1, &s, err, sizeof err)
                            : xlsx_read_first_sheet(data + 1, size - 1, &s, err, sizeof err);
    if (ok)
        xlsx_sheet_free(&s);
    return 0;
}
