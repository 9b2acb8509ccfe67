/* funds_int.h: what the funds' model files share among themselves (inside
 * src/funds/ only). No HTTP: the adapters' own helpers are in web_int.h. */
#ifndef GZ_FUNDS_INT_H
#define GZ_FUNDS_INT_H
#include "core/buf.h"
#include "funds/funds.h"

/* Joins, to a household h, the flat whose area its sub-account is charged
 * for: its flat's one area (the area votes count too), once per flat.
 * Several households may live at one door; the flat's first household
 * carries its area, the others are charged nothing for it. A macro of
 * literals, so the SQL using it stays a literal (tools/fmtcheck.c). */
#define FUNDS_CHARGED_FLAT                                                       \
    " JOIN flat f ON f.id = h.flat_id AND h.node_id = "                          \
    "(SELECT MIN(x.node_id) FROM household x WHERE x.flat_id = h.flat_id) "

#endif
