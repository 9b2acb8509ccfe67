/* figures.c: the work-order read for the indicators (figures.h). */
#include "workorder/figures.h"

#include <string.h>

#include "core/clock.h"
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

bool wo_month_tally_year(const Ctx *c, const char *path, int year, const int64_t from[13], const int64_t to[13],
                         WoPeriodFigures out[13], int64_t *rows_read)
{
    memset(out, 0, sizeof *out * 13);
    bool stale[13] = {false}, seen[13] = {false};
    DbStmt *st = db_query(c->db, WO_MONTH_TALLY_SQL, DB_T(path), DB_I(year * 100), DB_I(year * 100 + 12));
    while (db_step(st) == DB_ROW) {
        int m = (int)(db_col_int(st, 0) % 100);
        if (m < 0 || m > 12)
            continue;
        seen[m] = true;
        (*rows_read)++;
        WoPeriodFigures *f = &out[m];
        f->orders = db_col_int(st, 1);
        f->resolved = db_col_int(st, 2);
        f->on_time = db_col_int(st, 3);
        f->rated = db_col_int(st, 4);
        f->rating_sum = db_col_int(st, 5);
        f->has_median = f->resolved > 0 && !db_col_null(st, 6);
        f->median_minutes = db_col_int(st, 6);
        stale[m] = db_col_int(st, 7) != 0;
    }
    if (!db_done(st))
        return false;
    for (int m = 0; m < 13; m++) {
        if (!seen[m] || !stale[m] || !out[m].resolved)
            continue;
        /* the job has not caught up with this one: exact from the orders */
        WoPeriodFigures exact;
        if (!wo_period_figures(c, path, from[m], to[m], &exact))
            return false;
        *rows_read += exact.orders;
        out[m].has_median = exact.has_median;
        out[m].median_minutes = exact.median_minutes;
    }
    return true;
}

bool wo_tally_medians(Db *db, int64_t now, int max, int *n)
{
    *n = 0;
    Arena *a = arena_new();
    if (!a)
        return false;
    Ctx c = {.db = db, .arena = a, .who = NULL, .now = now};
    typedef struct { const char *path; int64_t month, version; } Stale;
    Stale *rows = arena_alloc(a, sizeof *rows * (size_t)(max > 0 ? max : 1));
    int k = 0;
    DbStmt *st = db_query(db, WO_MONTH_TALLY_STALE_SQL, DB_I(max));
    while (db_step(st) == DB_ROW && k < max) {
        rows[k].path = arena_strdup(a, db_col_text(st, 0));
        rows[k].month = db_col_int(st, 1);
        rows[k].version = db_col_int(st, 2);
        k++;
    }
    bool ok = db_done(st);
    for (int i = 0; ok && i < k; i++) {
        int y = (int)(rows[i].month / 100), m = (int)(rows[i].month % 100);
        int64_t from = m ? clock_local_day_start(y, m, 1) : clock_local_day_start(y, 1, 1);
        int64_t to = m ? (m == 12 ? clock_local_day_start(y + 1, 1, 1) : clock_local_day_start(y, m + 1, 1))
                       : clock_local_day_start(y + 1, 1, 1);
        WoPeriodFigures f;
        if (!wo_period_figures(&c, rows[i].path, from, to, &f)) {
            ok = false;
            break;
        }
        ok = db_exec(db,
                     "UPDATE wo_month_tally SET median_minutes = ?, stale = 0 WHERE path = ? AND month = ? AND version = ?",
                     f.has_median ? DB_I(f.median_minutes) : DB_NULL, DB_T(rows[i].path), DB_I(rows[i].month),
                     DB_I(rows[i].version));
        *n += ok && db_changes(db) == 1;
    }
    arena_free(a);
    return ok;
}
