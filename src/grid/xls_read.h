/* xls_read.h: reads the first worksheet of an Excel 97-2003 workbook (.xls, as WPS and older Excel save registers) through Debian's libfreexl, into the rows xlsx_read gives. */
#ifndef GZ_XLS_READ_H
#define GZ_XLS_READ_H
#include <stdbool.h>
#include <stddef.h>

#include "grid/xlsx_read.h"

/* True when data starts with the OLE2 compound file signature D0 CF 11 E0 A1 B1 1A E1
 * (.xls, but also .doc and .ppt: xls_read_first_sheet tells them apart). */
bool xls_is_ole2(const unsigned char *data, size_t len);

/* Reads the first worksheet: text as text, numbers as xlsx_read shows them
 * ("60.5", "13912345678", "1.10105193002289e+17"), date and time cells as ISO
 * text ("1949-12-31") counted in out->date_cells. Returns false and fills err
 * (a Chinese sentence) for a damaged, encrypted or oversized workbook, or an
 * OLE2 file that is no workbook. */
bool xls_read_first_sheet(const unsigned char *data, size_t len, XlsxSheet *out, char *err, size_t errlen);

#endif
