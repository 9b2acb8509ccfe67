/* stats.c: the read behind the work-order charts (stats.h). One range of
 * the covering index work_order_created (migration 024): a quarter's
 * orders, never the table, aggregated here. */
#include "workorder/stats.h"

#include <stdlib.h>
#include <string.h>

#include "grid/grid.h"

typedef struct Resolved {
    int64_t grid_id, minutes;
} Resolved;

static int resolved_cmp(const void *a, const void *b)
{
    const Resolved *x = a, *y = b;
    if (x->grid_id != y->grid_id)
        return x->grid_id < y->grid_id ? -1 : 1;
    return (x->minutes > y->minutes) - (x->minutes < y->minutes);
}

static WoStatsGrid *grid_of(Arena *a, WoStats *s, int *cap, int64_t id)
{
    for (int i = 0; i < s->n_grids; i++)
        if (s->grids[i].grid_id == id)
            return &s->grids[i];
    if (s->n_grids == *cap) {
        int nc = *cap ? *cap * 2 : 16;
        WoStatsGrid *ng = arena_alloc(a, sizeof *ng * (size_t)nc);
        if (s->n_grids)
            memcpy(ng, s->grids, sizeof *ng * (size_t)s->n_grids);
        s->grids = ng;
        *cap = nc;
    }
    WoStatsGrid *g = &s->grids[s->n_grids++];
    memset(g, 0, sizeof *g);
    g->grid_id = id;
    return g;
}

static int grid_cmp(const void *a, const void *b)
{
    const WoStatsGrid *x = a, *y = b;
    return (x->grid_id > y->grid_id) - (x->grid_id < y->grid_id);
}

bool wo_stats(const Ctx *c, const char *node_path, WoStats *out)
{
    memset(out, 0, sizeof *out);
    char hi[512];
    if (!grid_path_upper(node_path, hi, sizeof hi))
        return false;
    out->to = wo_week_start(c->now) + WO_STATS_WEEK_SECONDS;
    out->from = out->to - (int64_t)WO_STATS_WEEKS * WO_STATS_WEEK_SECONDS;
    for (int w = 0; w < WO_STATS_WEEKS; w++)
        out->weeks[w].start = out->from + (int64_t)w * WO_STATS_WEEK_SECONDS;
    int cap = 0, n_res = 0, cap_res = 0;
    Resolved *res = NULL;
    DbStmt *st = db_query(c->db, WO_STATS_SQL, DB_I(out->from), DB_I(out->to), DB_T(node_path), DB_T(hi));
    while (db_step(st) == DB_ROW) {
        int bucket = wo_stat_bucket(db_col_text(st, 1));
        if (bucket < 0)
            continue;
        int64_t created = db_col_int(st, 0);
        out->weeks[(created - out->from) / WO_STATS_WEEK_SECONDS].n[bucket]++;
        WoStatsGrid *g = grid_of(c->arena, out, &cap, db_col_int(st, 2));
        g->orders++;
        if (db_col_null(st, 3))
            continue;
        int64_t done = db_col_int(st, 3);
        g->resolved++;
        g->on_time += done <= db_col_int(st, 4);
        if (n_res == cap_res) {
            int nc = cap_res ? cap_res * 2 : 256;
            Resolved *nr = arena_alloc(c->arena, sizeof *nr * (size_t)nc);
            if (n_res)
                memcpy(nr, res, sizeof *nr * (size_t)n_res);
            res = nr;
            cap_res = nc;
        }
        /* whole minutes, counted down: 59 seconds is not yet a minute */
        res[n_res++] = (Resolved){g->grid_id, (done - created) / 60};
    }
    if (!db_done(st))
        return false;
    qsort(res, (size_t)n_res, sizeof *res, resolved_cmp);
    if (out->n_grids)
        qsort(out->grids, (size_t)out->n_grids, sizeof *out->grids, grid_cmp);
    int64_t *mins = arena_alloc(c->arena, sizeof *mins * (size_t)(n_res + 1));
    for (int i = 0, j = 0; i < out->n_grids; i++) {
        WoStatsGrid *g = &out->grids[i];
        int n = 0;
        while (j < n_res && res[j].grid_id == g->grid_id)
            mins[n++] = res[j++].minutes;
        g->has_median = wo_median(mins, n, &g->median_minutes);
        g->has_rate = wo_permille(g->on_time, g->resolved, &g->on_time_permille);
        NodeInfo k;
        GridRead gr = grid_node_find(c, g->grid_id, &k);
        if (gr != GRID_OK && gr != GRID_NOT_FOUND)
            return false;
        g->name = gr == GRID_OK ? k.name : "—";
    }
    return true;
}

static int i64_cmp(const void *a, const void *b)
{
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return (x > y) - (x < y);
}

bool wo_period_figures(const Ctx *c, const char *node_path, int64_t from, int64_t to, WoPeriodFigures *out)
{
    memset(out, 0, sizeof *out);
    char hi[512];
    if (!grid_path_upper(node_path, hi, sizeof hi))
        return false;
    int n = 0, cap = 0;
    int64_t *mins = NULL;
    DbStmt *st = db_query(c->db, WO_PERIOD_SQL, DB_I(from), DB_I(to), DB_T(node_path), DB_T(hi));
    while (db_step(st) == DB_ROW) {
        if (wo_stat_bucket(db_col_text(st, 1)) < 0)
            continue;
        out->orders++;
        if (!db_col_null(st, 4)) {
            out->rated++;
            out->rating_sum += db_col_int(st, 4);
        }
        if (db_col_null(st, 2))
            continue;
        int64_t done = db_col_int(st, 2);
        out->resolved++;
        out->on_time += done <= db_col_int(st, 3);
        if (n == cap) {
            int nc = cap ? cap * 2 : 256;
            int64_t *nm = arena_alloc(c->arena, sizeof *nm * (size_t)nc);
            if (n)
                memcpy(nm, mins, sizeof *nm * (size_t)n);
            mins = nm;
            cap = nc;
        }
        /* whole minutes, counted down, as wo_stats counts them */
        mins[n++] = (done - db_col_int(st, 0)) / 60;
    }
    if (!db_done(st))
        return false;
    if (n)
        qsort(mins, (size_t)n, sizeof *mins, i64_cmp);
    out->has_median = wo_median(mins, n, &out->median_minutes);
    return true;
}

bool wo_open_paths(const Ctx *c, int64_t compound_id, int max, const char ***paths, int *n, bool *capped)
{
    *paths = NULL;
    *n = 0;
    *capped = false;
    int cap = 0;
    DbStmt *st = db_query(c->db, WO_OPEN_PATHS_SQL, DB_I(compound_id));
    while (db_step(st) == DB_ROW) {
        if (*n == max) {
            *capped = true;
            break;
        }
        if (*n == cap) {
            int nc = cap ? cap * 2 : 64;
            const char **np = arena_alloc(c->arena, sizeof *np * (size_t)nc);
            if (*n)
                memcpy(np, *paths, sizeof *np * (size_t)*n);
            *paths = np;
            cap = nc;
        }
        (*paths)[(*n)++] = arena_strdup(c->arena, db_col_text(st, 0));
    }
    return db_done(st);
}

bool wo_ledger(const Ctx *c, const char *node_path, int64_t from, int64_t to, int max, WoLedgerRow **out, int *n,
               bool *capped)
{
    *out = NULL;
    *n = 0;
    *capped = false;
    char hi[512];
    if (!grid_path_upper(node_path, hi, sizeof hi))
        return false;
    int cap = 0;
    DbStmt *st = db_query(c->db, WO_LEDGER_SQL, DB_I(from), DB_I(to), DB_T(node_path), DB_T(hi));
    while (db_step(st) == DB_ROW) {
        if (wo_stat_bucket(db_col_text(st, 6)) < 0)
            continue; /* merged and hidden orders are not in the ledger */
        if (*n == max) {
            *capped = true;
            break;
        }
        if (*n == cap) {
            int nc = cap ? cap * 2 : 256;
            WoLedgerRow *nr = arena_alloc(c->arena, sizeof *nr * (size_t)nc);
            if (*n)
                memcpy(nr, *out, sizeof *nr * (size_t)*n);
            *out = nr;
            cap = nc;
        }
        WoLedgerRow *w = &(*out)[(*n)++];
        w->id = db_col_int(st, 0);
        w->compound_id = db_col_null(st, 1) ? 0 : db_col_int(st, 1);
        w->created_at = db_col_int(st, 2);
        w->done_at = db_col_null(st, 3) ? 0 : db_col_int(st, 3);
        w->resolve_due = db_col_null(st, 4) ? 0 : db_col_int(st, 4);
        w->category = arena_strdup(c->arena, db_col_text(st, 5));
        w->state = arena_strdup(c->arena, db_col_text(st, 6));
        w->rating = db_col_null(st, 7) ? 0 : (int)db_col_int(st, 7);
    }
    return db_done(st);
}
