/* figures.c: the projects' read for the indicators (figures.h). */
#include "project/figures.h"

#include <string.h>

bool project_figures(const Ctx *c, const int64_t *compound_ids, int n, int64_t from, int64_t to, ProjectFigures *out)
{
    memset(out, 0, sizeof *out);
    for (int i = 0; i < n; i++) {
        int64_t ids[64];
        int np = 0;
        DbStmt *st = db_query(c->db, PROJECT_OF_COMPOUND_SQL, DB_I(compound_ids[i]));
        while (db_step(st) == DB_ROW)
            if (np < 64)
                ids[np++] = db_col_int(st, 0);
        if (!db_done(st))
            return false;
        for (int k = 0; k < np; k++) {
            out->projects++;
            out->rows++;
            int64_t m = 0;
            if (!db_int(c->db, &m, PROJECT_INSPECTIONS_PERIOD_SQL, DB_I(ids[k]), DB_I(from), DB_I(to)))
                return false;
            out->inspections += m;
            out->rows += m;
            st = db_query(c->db, PROJECT_ITEMS_DONE_SQL, DB_I(ids[k]));
            if (db_step(st) == DB_ROW) {
                out->items += db_col_int(st, 0);
                out->items_done += db_col_int(st, 1);
            }
            if (!db_done(st))
                return false;
            out->rows += 1;
        }
    }
    return true;
}
