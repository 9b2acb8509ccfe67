/* qr.c: QR codes through libqrencode, drawn as one SVG path of dark modules. */
#include "core/qr.h"

#include <qrencode.h>
#include <string.h>

#define QR_QUIET 4 /* the standard's quiet zone, in modules: scanners need it */

bool qr_svg(Buf *out, const char *text, const char *label)
{
    if (!text || !*text)
        return false;
    /* 8-bit mode, case kept: a URL's path is case-sensitive */
    QRcode *q = QRcode_encodeString8bit(text, 0, QR_ECLEVEL_M);
    if (!q)
        return false;
    int w = q->width, side = w + 2 * QR_QUIET;
    buf_printf(out,
               "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"qr\" viewBox=\"0 0 %d %d\" role=\"img\" aria-label=\"%h\" "
               "shape-rendering=\"crispEdges\"><rect width=\"%d\" height=\"%d\" fill=\"#fff\"/><path fill=\"#000\" d=\"",
               side, side, label ? label : "QR", side, side);
    for (int y = 0; y < w; y++)
        for (int x = 0; x < w; x++)
            if (q->data[y * w + x] & 1) /* bit 0: dark module; the rest is libqrencode's bookkeeping */
                buf_printf(out, "M%d %dh1v1h-1z", x + QR_QUIET, y + QR_QUIET);
    buf_puts(out, "\"/></svg>");
    QRcode_free(q);
    return true;
}
