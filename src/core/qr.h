/* qr.h: a QR code as inline SVG, so a printed page carries a link a phone can open. */
#ifndef GZ_CORE_QR_H
#define GZ_CORE_QR_H

#include <stdbool.h>

#include "core/buf.h"

/* Appends to out an <svg> element drawing `text` (UTF-8, taken as bytes)
 * as a QR code with error correction level M and the four-module quiet
 * zone, one dark path of unit squares in a viewBox of (modules + 8) units,
 * `label` (program text or NULL) as its aria-label. Pure: the same text
 * always gives the same bytes. False (out unchanged) when the text is
 * empty or too long for any QR version. */
bool qr_svg(Buf *out, const char *text, const char *label);

#endif
