/* api.c: the indicators' JSON: the catalogue's values for a place and a
 * period with the list each came from (signed in, PERM_TREE_READ there),
 * the public dashboard's figures (no login: aggregates of a street,
 * community, grid or compound, nothing personal), and the entry of a
 * baseline or a target (PERM_REPORTS there). */
#include "results/web_int.h"

#include <string.h>

#include "core/clock.h"
#include "http/jsonin.h"

bool res_node_or_reply(Req *r, NodeInfo *out)
{
    int64_t id;
    if (!req_query_int_or_reply(r, "node", 0, 0, INT64_MAX, &id))
        return false;
    Ctx c = site_ctx(r);
    ResErr e;
    if (!id) {
        bool found;
        if (!res_default_node(&c, out, &found, &e)) {
            res_err_reply(r, &e);
            return false;
        }
        if (!found) {
            res_err_reply(r, &(ResErr){RM_NO_SUCH_NODE, "node", NULL});
            return false;
        }
        return true;
    }
    GridRead gr = grid_node_find(&c, id, out);
    if (gr == GRID_NOT_FOUND) {
        res_err_reply(r, &(ResErr){RM_NO_SUCH_NODE, "node", NULL});
        return false;
    }
    if (gr != GRID_OK) {
        (void)res_err_db(&e, r->db);
        res_err_reply(r, &e);
        return false;
    }
    if (!res_scope_kind_ok(out->kind)) {
        res_err_reply(r, &(ResErr){RM_BAD_SCOPE, "node", NULL});
        return false;
    }
    return true;
}

bool res_year_or_reply(Req *r, ResPeriod *out)
{
    const char *y = req_query(r, "year");
    if (!y || !*y) {
        Ctx c = site_ctx(r);
        res_period_of(RES_YEAR, c.now, out);
        return true;
    }
    if (!res_period_parse(y, out) || out->kind != RES_YEAR) {
        res_err_reply(r, &(ResErr){RM_BAD_PERIOD, "year", NULL});
        return false;
    }
    return true;
}

void res_value_json(Buf *b, const Indicator *ind, const ResValue *v, bool with_href)
{
    char d[48];
    if (v->has)
        buf_printf(b, "{\"value\":%lld,", (long long)v->value);
    else
        buf_puts(b, "{\"value\":null,");
    buf_printf(b, "\"display\":%j,\"num\":%lld,\"den\":%lld", res_format(d, ind->unit, v->has, v->value),
               (long long)v->num, (long long)v->den);
    if (with_href && v->href)
        buf_printf(b, ",\"href\":%j", v->href);
    buf_puts(b, "}");
}

static void ref_json(Buf *b, const Indicator *ind, bool has, const ResRef *ref)
{
    if (!has) {
        buf_puts(b, "null");
        return;
    }
    char d[48];
    buf_printf(b, "{\"value\":%lld,\"display\":%j,\"source\":%j,\"date\":\"%04d-%02d-%02d\"}", (long long)ref->value,
               res_format(d, ind->unit, true, ref->value), ref->source, ref->measured_on / 10000,
               ref->measured_on / 100 % 100, ref->measured_on % 100);
}

static void catalogue_json(Buf *b, const Indicator *ind)
{
    buf_printf(b, "\"code\":%j,\"name\":%j,\"unit\":%j,\"unit_zh\":%j,\"formula\":%j,\"owner\":%j,\"higher_better\":%s,"
                  "\"current\":%s",
               ind->code, ind->name_zh, res_unit_code(ind->unit), res_unit_zh(ind->unit), ind->formula_zh, ind->owner,
               ind->higher_better ? "true" : "false", ind->current ? "true" : "false");
}

static void node_json(Buf *b, const NodeInfo *n)
{
    buf_printf(b, "\"node\":{\"id\":%lld,\"name\":%j,\"kind\":%j}", (long long)n->id, n->name, node_kind_name(n->kind));
}

void api_indicators(Req *r)
{
    NodeInfo n;
    if (!res_node_or_reply(r, &n))
        return;
    Ctx c = site_ctx(r);
    if (!res_may_see(&c, n.path)) {
        /* a place the caller may not see is answered as one that is not there */
        res_err_reply(r, &(ResErr){RM_NO_SUCH_NODE, "node", NULL});
        return;
    }
    ResPeriod p;
    const char *ps = req_query(r, "period");
    if (ps && *ps) {
        if (!res_period_parse(ps, &p)) {
            res_err_reply(r, &(ResErr){RM_BAD_PERIOD, "period", NULL});
            return;
        }
    } else {
        res_period_of(RES_MONTH, c.now, &p);
    }
    ResErr e;
    ResRef *refs;
    int n_refs;
    if (!res_refs_of(&c, n.id, &refs, &n_refs, &e)) {
        res_err_reply(r, &e);
        return;
    }
    ResScope *s = res_scope_new(&c, &n, &p);
    Buf *b = &r->out;
    Buf body = BUF_INIT;
    buf_puts(&body, "{");
    node_json(&body, &n);
    buf_printf(&body, ",\"period\":{\"label\":%j,\"from\":%lld,\"to\":%lld},\"indicators\":[", p.label,
               (long long)p.from, (long long)p.to);
    for (int i = 0; i < res_indicator_count(); i++) {
        const Indicator *ind = res_indicator_at(i);
        ResValue v;
        if (!res_compute(&c, s, ind, &v)) {
            buf_free(&body);
            (void)res_err_db(&e, r->db);
            res_err_reply(r, &e);
            return;
        }
        buf_printf(&body, "%s{", i ? "," : "");
        catalogue_json(&body, ind);
        buf_puts(&body, ",\"current_value\":");
        res_value_json(&body, ind, &v, true);
        const ResRef *bl = NULL, *tg = NULL;
        for (int k = 0; k < n_refs; k++)
            if (strcmp(refs[k].code, ind->code) == 0) {
                if (refs[k].kind == RES_REF_BASELINE)
                    bl = &refs[k];
                else
                    tg = &refs[k];
            }
        buf_puts(&body, ",\"baseline\":");
        ref_json(&body, ind, bl != NULL, bl);
        buf_puts(&body, ",\"target\":");
        ref_json(&body, ind, tg != NULL, tg);
        buf_puts(&body, "}");
    }
    buf_printf(&body, "],\"rows_read\":%lld}", (long long)res_scope_rows(s));
    resp_json(r);
    buf_puts(b, buf_str(&body));
    buf_free(&body);
}

static const JsonField ref_spec[] = {
    {"code", JF_STRING, JF_REQUIRED, 0, 40},
    {"node_id", JF_INT, JF_REQUIRED, 1, INT64_MAX},
    {"kind", JF_STRING, JF_REQUIRED, 0, 20},
    {"value", JF_INT, JF_REQUIRED, INT64_MIN, INT64_MAX},
    {"source", JF_STRING, JF_REQUIRED, 0, 200},
    {"date", JF_STRING, JF_REQUIRED, 0, 10},
    {NULL, 0, 0, 0, 0},
};

void api_indicator_ref(Req *r)
{
    json_t *body = req_json_object_or_reply(r);
    JsonValue v[6];
    if (!body || !json_fields_or_reply(r, body, ref_spec, v))
        return;
    Ctx c = site_ctx(r);
    NodeInfo n;
    GridRead gr = grid_node_find(&c, v[1].i, &n);
    if (gr == GRID_NOT_FOUND || (gr == GRID_OK && !res_may_see(&c, n.path))) {
        res_err_reply(r, &(ResErr){RM_NO_SUCH_NODE, "node_id", NULL});
        return;
    }
    ResErr e;
    if (gr != GRID_OK) {
        (void)res_err_db(&e, r->db);
        res_err_reply(r, &e);
        return;
    }
    if (!res_may_report(&c, n.path)) {
        res_err_reply(r, &(ResErr){RM_FORBIDDEN, NULL, NULL});
        return;
    }
    if (!res_scope_kind_ok(n.kind)) {
        res_err_reply(r, &(ResErr){RM_BAD_SCOPE, "node_id", NULL});
        return;
    }
    int64_t day;
    if (!clock_parse_local_day(v[5].s, &day)) {
        res_err_reply(r, &(ResErr){RM_BAD_DATE, "date", NULL});
        return;
    }
    int64_t id;
    if (strcmp(v[2].s, "measured") == 0) {
        /* a measurement made outside the system: kept by date, the latest counts */
        if (!res_measure_set(&c, v[0].s, n.id, v[3].i, v[4].s, clock_local_yyyymmdd(day), &id, &e)) {
            res_err_reply(r, &e);
            return;
        }
        resp_json(r);
        r->status = 201;
        buf_printf(&r->out, "{\"id\":%lld}", (long long)id);
        return;
    }
    ResRefKind kind;
    if (strcmp(v[2].s, "baseline") == 0)
        kind = RES_REF_BASELINE;
    else if (strcmp(v[2].s, "target") == 0)
        kind = RES_REF_TARGET;
    else {
        res_err_reply(r, &(ResErr){RM_BAD_KIND, "kind", NULL});
        return;
    }
    if (!res_ref_set(&c, v[0].s, n.id, kind, v[3].i, v[4].s, clock_local_yyyymmdd(day), &id, &e)) {
        res_err_reply(r, &e);
        return;
    }
    resp_json(r);
    r->status = 201;
    buf_printf(&r->out, "{\"id\":%lld}", (long long)id);
}

void api_dashboard(Req *r)
{
    NodeInfo n;
    ResPeriod y;
    if (!res_node_or_reply(r, &n) || !res_year_or_reply(r, &y))
        return;
    Ctx c = site_ctx(r);
    ResDashboard d;
    ResErr e;
    if (!res_dashboard(&c, &n, &y, &d, &e)) {
        res_err_reply(r, &e);
        return;
    }
    resp_json(r);
    Buf *b = &r->out;
    buf_puts(b, "{");
    node_json(b, &n);
    buf_printf(b, ",\"year\":%d,\"months\":[", y.year);
    for (int m = 0; m < RES_MONTHS; m++)
        buf_printf(b, "%s%j", m ? "," : "", d.months[m].label);
    buf_puts(b, "],\"indicators\":[");
    for (int i = 0; i < d.n_rows; i++) {
        const ResDashRow *row = &d.rows[i];
        buf_printf(b, "%s{", i ? "," : "");
        catalogue_json(b, row->ind);
        buf_puts(b, ",\"after\":");
        res_value_json(b, row->ind, &row->year, false);
        buf_puts(b, ",\"before\":");
        ref_json(b, row->ind, row->has_baseline, &row->baseline);
        buf_puts(b, ",\"target\":");
        ref_json(b, row->ind, row->has_target, &row->target);
        if (row->series) {
            buf_puts(b, ",\"by_month\":[");
            for (int m = 0; m < RES_MONTHS; m++) {
                if (m)
                    buf_puts(b, ",");
                res_value_json(b, row->ind, &row->months[m], false);
            }
            buf_puts(b, "]");
        }
        buf_puts(b, "}");
    }
    buf_printf(b, "],\"rows_read\":%lld,\"from_tally\":%s}", (long long)d.rows_read, d.from_tally ? "true" : "false");
}

/* GET /api/indicators/measures?node=&code=: the measurements entered for a
 * measured indicator at a place, newest first (the rows its value came from). */
void api_indicator_measures(Req *r)
{
    NodeInfo n;
    if (!res_node_or_reply(r, &n))
        return;
    Ctx c = site_ctx(r);
    if (!res_may_see(&c, n.path)) {
        res_err_reply(r, &(ResErr){RM_NO_SUCH_NODE, "node", NULL});
        return;
    }
    const Indicator *ind = res_indicator_find(req_query(r, "code"));
    if (!ind || !res_is_measured(ind)) {
        res_err_reply(r, &(ResErr){RM_UNKNOWN_INDICATOR, "code", NULL});
        return;
    }
    ResMeasure *m;
    int nm;
    ResErr e;
    if (!res_measures_of(&c, n.id, ind->code, &m, &nm, &e)) {
        res_err_reply(r, &e);
        return;
    }
    resp_json(r);
    Buf *b = &r->out;
    buf_puts(b, "{");
    node_json(b, &n);
    buf_printf(b, ",\"code\":%j,\"items\":[", ind->code);
    for (int i = 0; i < nm; i++) {
        char d[48];
        buf_printf(b, "%s{\"id\":%lld,\"value\":%lld,\"display\":%j,\"source\":%j,\"date\":\"%04d-%02d-%02d\"}",
                   i ? "," : "", (long long)m[i].id, (long long)m[i].value, res_format(d, ind->unit, true, m[i].value),
                   m[i].source, m[i].measured_on / 10000, m[i].measured_on / 100 % 100, m[i].measured_on % 100);
    }
    buf_puts(b, "]}");
}

/* GET /api/indicators/ranking?node=&code=&period=: the street office's view:
 * one indicator across the places just below node (its communities; a
 * community's grids; a grid's compounds), best first (by the indicator's
 * direction; places without a value last), each with the link to drill
 * down to its own places. */
void api_indicator_ranking(Req *r)
{
    NodeInfo n;
    if (!res_node_or_reply(r, &n))
        return;
    Ctx c = site_ctx(r);
    if (!res_may_see(&c, n.path)) {
        res_err_reply(r, &(ResErr){RM_NO_SUCH_NODE, "node", NULL});
        return;
    }
    const Indicator *ind = res_indicator_find(req_query(r, "code"));
    if (!ind) {
        res_err_reply(r, &(ResErr){RM_UNKNOWN_INDICATOR, "code", NULL});
        return;
    }
    ResPeriod p;
    const char *ps = req_query(r, "period");
    if (ps && *ps) {
        if (!res_period_parse(ps, &p)) {
            res_err_reply(r, &(ResErr){RM_BAD_PERIOD, "period", NULL});
            return;
        }
    } else {
        res_period_of(RES_MONTH, c.now, &p);
    }
    NodeKind below = n.kind == NODE_STREET      ? NODE_COMMUNITY
                     : n.kind == NODE_COMMUNITY ? NODE_GRID
                     : n.kind == NODE_GRID      ? NODE_COMPOUND
                                                : NODE__COUNT;
    ResErr e;
    NodeList l = {0, NULL};
    if (below != NODE__COUNT && grid_nodes_in(&c, n.path, GRID_KIND(below), 200, &l) != GRID_OK) {
        (void)res_err_db(&e, r->db);
        res_err_reply(r, &e);
        return;
    }
    ResValue *v = arena_alloc(r->arena, sizeof *v * (size_t)(l.n ? l.n : 1));
    int *order = arena_alloc(r->arena, sizeof *order * (size_t)(l.n ? l.n : 1));
    for (int i = 0; i < l.n; i++) {
        order[i] = i;
        if (!res_compute(&c, res_scope_new(&c, &l.items[i], &p), ind, &v[i])) {
            (void)res_err_db(&e, r->db);
            res_err_reply(r, &e);
            return;
        }
    }
    /* best first; ties and places without a value keep the register's order */
    for (int i = 1; i < l.n; i++)
        for (int j = i; j > 0; j--) {
            const ResValue *a = &v[order[j - 1]], *b = &v[order[j]];
            bool swap = b->has && (!a->has || (ind->higher_better ? b->value > a->value : b->value < a->value));
            if (!swap)
                break;
            int t = order[j];
            order[j] = order[j - 1];
            order[j - 1] = t;
        }
    resp_json(r);
    Buf *b = &r->out;
    buf_puts(b, "{");
    node_json(b, &n);
    buf_printf(b, ",\"code\":%j,\"name\":%j,\"higher_better\":%s,\"period\":%j,\"items\":[", ind->code, ind->name_zh,
               ind->higher_better ? "true" : "false", p.label);
    for (int k = 0; k < l.n; k++) {
        const NodeInfo *x = &l.items[order[k]];
        buf_printf(b, "%s{\"rank\":%d,\"id\":%lld,\"name\":%j,\"kind\":%j,\"value\":", k ? "," : "", k + 1,
                   (long long)x->id, x->name, node_kind_name(x->kind));
        res_value_json(b, ind, &v[order[k]], true);
        buf_printf(b, ",\"drill_down\":%j}",
                   arena_printf(r->arena, "/api/indicators/ranking?node=%lld&code=%s&period=%s", (long long)x->id,
                                ind->code, p.label));
    }
    buf_puts(b, "]}");
}
