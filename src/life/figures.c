/* figures.c: community life's read for the indicators (figures.h). */
#include "life/figures.h"

#include <string.h>

#include "grid/grid.h"

bool life_figures(const Ctx *c, const char *node_path, int64_t from, int64_t to, LifeFigures *out)
{
    memset(out, 0, sizeof *out);
    char hi[512];
    if (!grid_path_upper(node_path, hi, sizeof hi))
        return false;
    int cap = 0, n = 0;
    int64_t *ids = NULL;
    DbStmt *st = db_query(c->db, LIFE_EVENTS_PERIOD_SQL, DB_I(from), DB_I(to), DB_T(node_path), DB_T(hi));
    while (db_step(st) == DB_ROW) {
        if (n == cap) {
            int nc = cap ? cap * 2 : 64;
            int64_t *ni = arena_alloc(c->arena, sizeof *ni * (size_t)nc);
            if (n)
                memcpy(ni, ids, sizeof *ni * (size_t)n);
            ids = ni;
            cap = nc;
        }
        ids[n++] = db_col_int(st, 0);
    }
    if (!db_done(st))
        return false;
    out->events = n;
    out->rows = n;
    for (int i = 0; i < n; i++) {
        st = db_query(c->db, LIFE_EVENT_SEATS_SQL, DB_I(ids[i]));
        while (db_step(st) == DB_ROW) {
            out->rows++;
            out->booked += db_col_int(st, 0);
            if (!db_col_null(st, 1) && db_col_int(st, 1) != 0)
                out->attended += db_col_int(st, 0);
        }
        if (!db_done(st))
            return false;
    }
    /* the shifts of the period, then each one's done assignments */
    n = 0;
    int64_t *lens = NULL;
    cap = 0;
    st = db_query(c->db, LIFE_SHIFTS_PERIOD_SQL, DB_I(from), DB_I(to), DB_T(node_path), DB_T(hi));
    while (db_step(st) == DB_ROW) {
        if (n == cap) {
            int nc = cap ? cap * 2 : 64;
            int64_t *ni = arena_alloc(c->arena, sizeof *ni * (size_t)nc * 2);
            if (n)
                memcpy(ni, ids, sizeof *ni * (size_t)n);
            if (n)
                memcpy(ni + nc, lens, sizeof *ni * (size_t)n);
            ids = ni;
            lens = ni + nc;
            cap = nc;
        }
        ids[n] = db_col_int(st, 0);
        lens[n++] = db_col_int(st, 1);
    }
    if (!db_done(st))
        return false;
    out->rows += n;
    for (int i = 0; i < n; i++) {
        int64_t k = 0;
        if (!db_int(c->db, &k, LIFE_SHIFT_DONE_SQL, DB_I(ids[i])))
            return false;
        out->shifts_done += k;
        out->volunteer_minutes += k * (lens[i] / 60);
        out->rows += k;
    }
    return true;
}
