/* metrics.c: the figures of the work orders under a node (response on
 * time, reopened, ratings, median and 90th-percentile resolve time), grouped
 * by grid, compound, category or month: one model read for the API and the
 * metrics page. */
#include "workorder/wo_int.h"

#include <string.h>

#include "grid/grid.h"

static MetricGroup *group_of(Arena *a, MetricGroup **gs, int *n, int *cap, int64_t key)
{
    for (int i = 0; i < *n; i++)
        if ((*gs)[i].key == key)
            return &(*gs)[i];
    if (*n == *cap) {
        int nc = *cap ? *cap * 2 : 16;
        MetricGroup *ng = arena_alloc(a, sizeof *ng * (size_t)nc);
        if (*n)
            memcpy(ng, *gs, sizeof *ng * (size_t)*n);
        *gs = ng;
        *cap = nc;
    }
    MetricGroup *g = &(*gs)[(*n)++];
    memset(g, 0, sizeof *g);
    g->key = key;
    return g;
}

bool wo_metrics(const Ctx *c, const char *by, const NodeInfo *n, int64_t from, int64_t to, MetricGroup **out,
                int *n_out)
{
    char hi[512];
    if (!grid_path_upper(n->path, hi, sizeof hi))
        return false;
    int64_t now = c->now;
    MetricGroup *gs = NULL;
    int ng = 0, cap = 0;
    DbStmt *st =
        db_query(c->db,
                 "SELECT CASE CAST(? AS TEXT) WHEN 'grid' THEN o.grid_id WHEN 'compound' THEN o.compound_id "
                 "WHEN 'category' THEN o.category_id ELSE o.created_month END AS k, COUNT(*), "
                 "SUM(CASE WHEN o.accepted_at IS NOT NULL OR o.response_due <= ? THEN 1 ELSE 0 END), "
                 "SUM(CASE WHEN o.accepted_at IS NOT NULL AND o.accepted_at <= o.response_due THEN 1 ELSE 0 END), "
                 "SUM(CASE WHEN o.done_at IS NOT NULL OR o.reopen_count > 0 THEN 1 ELSE 0 END), "
                 "SUM(CASE WHEN o.reopen_count > 0 THEN 1 ELSE 0 END), COALESCE(SUM(o.rating), 0), COUNT(o.rating), "
                 "SUM(CASE WHEN o.state = 'confirmed_by_reporter' THEN 1 ELSE 0 END) "
                 "FROM work_order o WHERE o.node_path >= ? AND o.node_path < ? AND o.created_month >= ? "
                 "AND o.created_month <= ? AND o.state NOT IN ('hidden', 'merged') GROUP BY 1 ORDER BY 1",
                 DB_T(by), DB_I(now), DB_T(n->path), DB_T(hi), DB_I(from), DB_I(to));
    while (db_step(st) == DB_ROW) {
        MetricGroup *g = group_of(c->arena, &gs, &ng, &cap, db_col_int(st, 0));
        g->orders = db_col_int(st, 1);
        g->resp_due = db_col_int(st, 2);
        g->resp_on_time = db_col_int(st, 3);
        g->reached_done = db_col_int(st, 4);
        g->reopened = db_col_int(st, 5);
        g->rating_sum = db_col_int(st, 6);
        g->rating_n = db_col_int(st, 7);
        g->awaiting_committee = db_col_int(st, 8);
    }
    bool ok = db_done(st);
    /* Resolve times, sorted per group, for the median and the 90th percentile.
     * An order is resolved when its work is done (done_at set), as the SLA's
     * resolve deadline counts it, whether or not the reporter has confirmed
     * yet; a reopened order has no done_at until it is done again. The count
     * "resolved" is the size of this same set. */
    st = db_query(c->db,
                  "SELECT CASE CAST(? AS TEXT) WHEN 'grid' THEN o.grid_id WHEN 'compound' THEN o.compound_id "
                  "WHEN 'category' THEN o.category_id ELSE o.created_month END AS k, o.done_at - o.created_at "
                  "FROM work_order o WHERE o.node_path >= ? AND o.node_path < ? AND o.created_month >= ? "
                  "AND o.created_month <= ? AND o.state NOT IN ('hidden', 'merged') AND o.done_at IS NOT NULL "
                  "ORDER BY 1, 2",
                  DB_T(by), DB_T(n->path), DB_T(hi), DB_I(from), DB_I(to));
    while (ok && db_step(st) == DB_ROW) {
        MetricGroup *g = group_of(c->arena, &gs, &ng, &cap, db_col_int(st, 0));
        if (g->n_times == g->cap_times) {
            int nc = g->cap_times ? g->cap_times * 2 : 64;
            int64_t *nt = arena_alloc(c->arena, sizeof *nt * (size_t)nc);
            if (g->n_times)
                memcpy(nt, g->times, sizeof *nt * (size_t)g->n_times);
            g->times = nt;
            g->cap_times = nc;
        }
        g->times[g->n_times++] = db_col_int(st, 1);
    }
    ok = db_done(st) && ok;
    for (int i = 0; ok && i < ng; i++) {
        MetricGroup *g = &gs[i];
        if (strcmp(by, "category") == 0) {
            DbStmt *q = db_query(c->db, "SELECT name FROM wo_category WHERE id = ?", DB_I(g->key));
            if (db_step(q) == DB_ROW)
                g->name = arena_strdup(c->arena, db_col_text(q, 0));
            ok = db_done(q);
        } else if (strcmp(by, "month") == 0) {
            g->name = arena_printf(c->arena, "%lld-%02lld", (long long)(g->key / 100), (long long)(g->key % 100));
        } else {
            NodeInfo k;
            if (grid_node_get(c, g->key, &k))
                g->name = k.name;
        }
        g->has_times = wo_percentile(g->times, g->n_times, 50, &g->median) &&
                       wo_percentile(g->times, g->n_times, 90, &g->p90);
    }
    *out = gs;
    *n_out = ng;
    return ok;
}

