/* figures.c: safety's read for the indicators (figures.h). */
#include "safety/figures.h"

#include <string.h>

#include "grid/grid.h"

bool safety_figures(const Ctx *c, const char *node_path, int64_t from, int64_t to, SafetyFigures *out)
{
    memset(out, 0, sizeof *out);
    char hi[512];
    if (!grid_path_upper(node_path, hi, sizeof hi))
        return false;
    DbStmt *st = db_query(c->db, SAFETY_OPEN_BY_GRADE_SQL, DB_T(node_path), DB_T(hi));
    while (db_step(st) == DB_ROW) {
        const char *g = db_col_text(st, 0);
        int64_t n = 1;
        out->rows += n;
        if (strcmp(g, "red") == 0)
            out->open_red += n;
        else if (strcmp(g, "yellow") == 0)
            out->open_yellow += n;
        else if (strcmp(g, "blue") == 0)
            out->open_blue += n;
    }
    if (!db_done(st))
        return false;
    int64_t k = 0;
    if (!db_int(c->db, &k, SAFETY_CHECKINS_SQL, DB_I(from), DB_I(to), DB_T(node_path), DB_T(hi)))
        return false;
    out->checkins = k;
    out->rows += k;
    return true;
}
