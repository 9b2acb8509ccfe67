/* dashboard.c: the figures of the public dashboard: each indicator over
 * the year, its baseline ("before") and target beside it, and the series
 * indicators month by month. One scope per period, so each owner's read
 * runs once per month and once for the year: the cost is the rows of the
 * year (twice), never the table (res_scope_rows counts them). */
#include "results/results.h"

#include <stdio.h>
#include <string.h>

#include "workorder/figures.h"

static const char *const k_series[] = {"wo_orders", "wo_on_time", "wo_median_minutes", "wo_rating",
                                       "votes_consent_area", "money_in", "money_out"};

bool res_in_series(const Indicator *ind)
{
    for (size_t i = 0; i < sizeof k_series / sizeof k_series[0]; i++)
        if (strcmp(ind->code, k_series[i]) == 0)
            return true;
    return false;
}

bool res_scope_kind_ok(NodeKind k)
{
    return k == NODE_STREET || k == NODE_COMMUNITY || k == NODE_GRID || k == NODE_MICRO_GRID || k == NODE_COMPOUND;
}

static bool db_fail(const Ctx *c, ResErr *e)
{
    return res_err_db(e, c->db);
}

bool res_dashboard(const Ctx *c, const NodeInfo *node, const ResPeriod *year, ResDashboard *out, ResErr *e)
{
    memset(out, 0, sizeof *out);
    out->node = *node;
    out->year = *year;
    ResRef *refs;
    int n_refs;
    if (!res_refs_of(c, node->id, &refs, &n_refs, e))
        return false;
    out->n_rows = res_indicator_count();
    out->rows = arena_alloc(c->arena, sizeof *out->rows * (size_t)out->n_rows);
    memset(out->rows, 0, sizeof *out->rows * (size_t)out->n_rows);
    ResScope *ys = res_scope_new(c, node, year);
    ResScope *ms[RES_MONTHS];
    for (int m = 0; m < RES_MONTHS; m++) {
        char label[12];
        snprintf(label, sizeof label, "%04d-%02d", year->year, m + 1);
        (void)res_period_parse(label, &out->months[m]);
        ms[m] = res_scope_new(c, node, &out->months[m]);
    }
    /* the places the work orders are tallied for: a street at the root, a
     * community, a grid, a compound: 13 rows instead of a year of orders */
    int64_t tally_rows = 0;
    int depth = 0;
    for (const char *q = node->path; *q; q++)
        depth += *q == '/';
    if ((node->kind == NODE_STREET && depth == 2) || node->kind == NODE_COMMUNITY || node->kind == NODE_GRID ||
        node->kind == NODE_COMPOUND) {
        int64_t from[13], to[13];
        WoPeriodFigures f[13];
        from[0] = year->from;
        to[0] = year->to;
        for (int m = 0; m < RES_MONTHS; m++) {
            from[m + 1] = out->months[m].from;
            to[m + 1] = out->months[m].to;
        }
        if (!wo_month_tally_year(c, node->path, year->year, from, to, f, &tally_rows))
            return db_fail(c, e);
        res_scope_set_wo(ys, &f[0]);
        for (int m = 0; m < RES_MONTHS; m++)
            res_scope_set_wo(ms[m], &f[m + 1]);
        out->from_tally = true;
    }
    for (int i = 0; i < out->n_rows; i++) {
        ResDashRow *row = &out->rows[i];
        row->ind = res_indicator_at(i);
        if (!res_compute(c, ys, row->ind, &row->year))
            return db_fail(c, e);
        for (int k = 0; k < n_refs; k++) {
            if (strcmp(refs[k].code, row->ind->code) != 0)
                continue;
            if (refs[k].kind == RES_REF_BASELINE) {
                row->has_baseline = true;
                row->baseline = refs[k];
            } else {
                row->has_target = true;
                row->target = refs[k];
            }
        }
        row->series = res_in_series(row->ind) && !row->ind->current;
        for (int m = 0; row->series && m < RES_MONTHS; m++)
            if (!res_compute(c, ms[m], row->ind, &row->months[m]))
                return db_fail(c, e);
    }
    out->rows_read = res_scope_rows(ys) + tally_rows;
    for (int m = 0; m < RES_MONTHS; m++)
        out->rows_read += res_scope_rows(ms[m]);
    return true;
}

bool res_default_node(const Ctx *c, NodeInfo *out, bool *found, ResErr *e)
{
    *found = false;
    NodeList l;
    if (grid_nodes_in(c, "/", GRID_KIND(NODE_STREET), 1, &l) != GRID_OK)
        return db_fail(c, e);
    if (!l.n && grid_nodes_in(c, "/", GRID_KIND(NODE_COMMUNITY), 1, &l) != GRID_OK)
        return db_fail(c, e);
    if (l.n) {
        *out = l.items[0];
        *found = true;
    }
    return true;
}
