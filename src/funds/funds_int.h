/* funds_int.h: what the funds' model files share among themselves (inside
 * src/funds/ only). No HTTP: the adapters' own helpers are in web_int.h. */
#ifndef GZ_FUNDS_INT_H
#define GZ_FUNDS_INT_H
#include "core/buf.h"
#include "funds/funds.h"
#include "grid/read.h"

/* ---- what the grid knows of the fund's households (model.c) ----------------
 * Read through the grid's read functions (grid/read.h), never by SQL on its
 * tables: the funds own the sub-accounts, the grid the households. */

/* A grid read's failure as the funds' storage error (GRID_BUSY 503, else 500). */
bool funds_err_grid(FundsErr *e, GridRead g);
/* The households of a compound (grid_households_in: by node id). */
bool funds_households(const Ctx *c, const char *compound_path, HouseholdList *out, FundsErr *e);
/* One household of such a list by node id; NULL when it is not in it. */
const HouseholdInfo *funds_household_in(const HouseholdList *l, int64_t node_id);
/* The area (0.01 m²) a household's sub-account is charged for: its flat's
 * registered area when it is the flat's first household (several
 * households may live at one door: the area is charged, and counted, once),
 * 0 otherwise or for no household. */
int64_t funds_charged_area(const HouseholdInfo *h);
/* The path of the fund's compound. */
bool funds_fund_path(const Ctx *c, int64_t fund_id, const char **path, FundsErr *e);

#endif
