/* figures.c: the work-order read for the indicators (figures.h). */
#include "workorder/figures.h"

#include "grid/grid.h"

bool wo_category_done(const Ctx *c, const char *node_path, const char *category_code, int64_t from, int64_t to,
                      int64_t *n)
{
    *n = 0;
    char hi[512];
    if (!grid_path_upper(node_path, hi, sizeof hi))
        return false;
    int64_t cat = 0;
    DbStmt *st = db_query(c->db, "SELECT id FROM wo_category WHERE code = ?", DB_T(category_code));
    if (db_step(st) == DB_ROW)
        cat = db_col_int(st, 0);
    if (!db_done(st))
        return false;
    if (!cat)
        return true;
    return db_int(c->db, n, WO_CATEGORY_DONE_SQL, DB_I(cat), DB_I(from), DB_I(to), DB_T(node_path), DB_T(hi));
}
