/* partner_api.c: the JSON API of the partners who pay and of the
 * autonomy-fund grants: parse, ask the permission question, call the model,
 * render. Money in fen. */
#include "project/web_int.h"

#include <string.h>

#include "core/clock.h"
#include "grid/read.h"
#include "http/jsonin.h"

static void iso(Buf *b, int64_t t)
{
    if (!t) {
        buf_puts(b, "null");
        return;
    }
    char s[26];
    clock_format_iso(t, s);
    buf_printf(b, "\"%s\"", s);
}

static bool fail(Req *r, const ProjectErr *e)
{
    project_err_reply(r, e);
    return false;
}

static bool deny(Req *r)
{
    ProjectErr e = {r->who ? PM_FORBIDDEN : PM_LOGIN_NEEDED, NULL, NULL};
    project_err_reply(r, &e);
    return false;
}

/* The compound named by id, which the caller may read; 404 otherwise. */
static bool compound_or_reply(Req *r, const Ctx *c, int64_t id, const char *field, NodeInfo *node)
{
    GridRead g = grid_node_find(c, id, node);
    if (g == GRID_NOT_FOUND || (g == GRID_OK && (node->kind != NODE_COMPOUND || !project_may_read_at(c, node->path)))) {
        reply_error(r, 404, "not_found", field, "找不到这个院落", "No such compound");
        return false;
    }
    if (g != GRID_OK) {
        reply_storage_error(r);
        return false;
    }
    return true;
}

static bool page_args_or_reply(Req *r, int64_t *compound, int64_t *per_page, int64_t *after)
{
    return req_query_id_or_reply(r, "compound", compound) &&
           req_query_int_or_reply(r, "per_page", 20, 1, 100, per_page) &&
           req_query_int_or_reply(r, "after", 0, 0, INT64_MAX, after);
}

static bool day_or_reply(Req *r, const JsonValue *v, const char *name, int64_t *out)
{
    *out = 0;
    if (!v->present)
        return true;
    if (clock_parse_local_day(v->s, out))
        return true;
    reply_error(r, 400, "bad_value", name, "日期格式应为 YYYY-MM-DD", "Dates are YYYY-MM-DD");
    return false;
}

/* ---- partners ---------------------------------------------------------------------- */

static bool partner_load_or_reply(Req *r, const Ctx *c, Partner *p)
{
    int64_t id;
    if (!req_param_id_or_reply(r, "id", &id))
        return false;
    ProjectErr e;
    if (!project_partner_get(c, id, p, &e))
        return fail(r, &e);
    if (!project_may_read_at(c, p->node_path)) {
        e = (ProjectErr){PM_NO_PARTNER, "id", NULL};
        return fail(r, &e);
    }
    return true;
}

static void partner_json(Buf *b, const Partner *p)
{
    buf_printf(b,
               "{\"id\":%lld,\"compound_id\":%lld,\"project_id\":%lld,\"name\":%j,\"credentials\":%j,"
               "\"references\":%j,\"status\":%j,\"decision_note\":%j,\"contract_no\":%j,\"decided_at\":",
               (long long)p->id, (long long)p->node_id, (long long)p->project_id, p->name, p->credentials, p->refs,
               p->status, p->decision_note, p->contract_no);
    iso(b, p->decided_at);
    buf_puts(b, ",\"contract_start\":");
    iso(b, p->contract_start);
    buf_puts(b, ",\"contract_end\":");
    iso(b, p->contract_end);
    buf_putc(b, '}');
}

static const JsonField partner_spec[] = {
    {"compound_id", JF_INT, JF_REQUIRED, 1, INT64_MAX},
    {"name", JF_STRING, JF_REQUIRED, 0, 100},
    {"credentials", JF_STRING, JF_EMPTY_OK | JF_NULLABLE, 0, 2000},
    {"references", JF_STRING, JF_EMPTY_OK | JF_NULLABLE, 0, 2000},
    {"project_id", JF_INT, JF_NULLABLE, 1, INT64_MAX},
    {NULL, 0, 0, 0, 0},
};

void api_partner_create(Req *r)
{
    json_t *body = req_json_object_or_reply(r);
    JsonValue v[5];
    if (!body || !json_fields_or_reply(r, body, partner_spec, v))
        return;
    Ctx c = site_ctx(r);
    NodeInfo node;
    GridRead g = grid_node_find(&c, v[0].i, &node);
    if (g == GRID_OK && !project_may_manage_at(&c, node.path)) {
        deny(r);
        return;
    }
    PartnerNew in = {v[0].i, v[4].present ? v[4].i : 0, v[1].s, v[2].present ? v[2].s : "",
                     v[3].present ? v[3].s : ""};
    ProjectErr e;
    int64_t id;
    Partner p;
    if (!project_partner_add(&c, &in, &id, &e) || !project_partner_get(&c, id, &p, &e)) {
        fail(r, &e);
        return;
    }
    r->status = 201;
    resp_json(r);
    partner_json(&r->out, &p);
}

void api_partners_list(Req *r)
{
    int64_t compound, per_page, after;
    if (!page_args_or_reply(r, &compound, &per_page, &after))
        return;
    Ctx c = site_ctx(r);
    NodeInfo node;
    if (!compound_or_reply(r, &c, compound, "compound", &node))
        return;
    Partner *p;
    int n;
    ProjectErr e;
    if (!project_partners(&c, compound, after ? after : INT64_MAX, (int)per_page + 1, &p, &n, &e)) {
        fail(r, &e);
        return;
    }
    bool more = n > per_page;
    if (more)
        n = (int)per_page;
    resp_json(r);
    buf_puts(&r->out, "{\"items\":[");
    for (int i = 0; i < n; i++) {
        if (i)
            buf_putc(&r->out, ',');
        partner_json(&r->out, &p[i]);
    }
    buf_printf(&r->out, "],\"per_page\":%lld,\"next\":", (long long)per_page);
    if (more)
        buf_printf(&r->out, "%lld}", (long long)p[n - 1].id);
    else
        buf_puts(&r->out, "null}");
}

/* The partner with its plan against the money in and its obligations. */
static void partner_full_reply(Req *r, const Ctx *c, const Partner *p, int status)
{
    PartnerPlanLine *pl;
    int np;
    PartnerObligation *ob;
    int no;
    ProjectErr e;
    if (!project_partner_plan(c, p, &pl, &np, &e) || !project_partner_obligations(c, p->id, &ob, &no, &e)) {
        fail(r, &e);
        return;
    }
    r->status = status;
    resp_json(r);
    buf_puts(&r->out, "{\"partner\":");
    partner_json(&r->out, p);
    int64_t planned = 0, received = 0;
    buf_puts(&r->out, ",\"plan\":[");
    for (int i = 0; i < np; i++) {
        planned += pl[i].planned;
        received += pl[i].received;
        buf_printf(&r->out, "%s{\"line\":%j,\"label\":%j,\"planned\":%lld,\"received\":%lld,\"receipts\":%lld}",
                   i ? "," : "", pl[i].line, project_income_line_label_zh(pl[i].line), (long long)pl[i].planned,
                   (long long)pl[i].received, (long long)pl[i].receipts);
    }
    buf_printf(&r->out, "],\"planned\":%lld,\"received\":%lld,\"obligations\":[", (long long)planned,
               (long long)received);
    for (int i = 0; i < no; i++) {
        buf_printf(&r->out, "%s{\"id\":%lld,\"description\":%j,\"status\":%j,\"state\":%j,\"note\":%j,\"due_at\":",
                   i ? "," : "", (long long)ob[i].id, ob[i].description, ob[i].status,
                   project_obligation_state(ob[i].status, ob[i].due_at, c->now), ob[i].note);
        iso(&r->out, ob[i].due_at);
        buf_puts(&r->out, ",\"met_at\":");
        iso(&r->out, ob[i].met_at);
        buf_putc(&r->out, '}');
    }
    buf_puts(&r->out, "]}");
}

void api_partner_get(Req *r)
{
    Ctx c = site_ctx(r);
    Partner p;
    if (partner_load_or_reply(r, &c, &p))
        partner_full_reply(r, &c, &p, 200);
}

static const JsonField decide_spec[] = {
    {"approve", JF_BOOL, JF_REQUIRED, 0, 0},
    {"note", JF_STRING, JF_EMPTY_OK | JF_NULLABLE, 0, 2000},
    {NULL, 0, 0, 0, 0},
};

void api_partner_decide(Req *r)
{
    Ctx c = site_ctx(r);
    Partner p;
    if (!partner_load_or_reply(r, &c, &p))
        return;
    if (!project_may_decide_at(&c, p.node_path)) {
        deny(r);
        return;
    }
    json_t *body = req_json_object_or_reply(r);
    JsonValue v[2];
    if (!body || !json_fields_or_reply(r, body, decide_spec, v))
        return;
    ProjectErr e;
    if (!project_partner_decide(&c, &p, v[0].b, v[1].present ? v[1].s : "", &e) ||
        !project_partner_get(&c, p.id, &p, &e)) {
        fail(r, &e);
        return;
    }
    partner_full_reply(r, &c, &p, 200);
}

static const JsonField contract_spec[] = {
    {"contract_no", JF_STRING, JF_REQUIRED, 0, 60},
    {"start", JF_STRING, JF_REQUIRED, 0, 10},
    {"end", JF_STRING, JF_REQUIRED, 0, 10},
    {NULL, 0, 0, 0, 0},
};

void api_partner_contract(Req *r)
{
    Ctx c = site_ctx(r);
    Partner p;
    if (!partner_load_or_reply(r, &c, &p))
        return;
    if (!project_may_manage_at(&c, p.node_path)) {
        deny(r);
        return;
    }
    json_t *body = req_json_object_or_reply(r);
    if (!body)
        return;
    PartnerContract in = {0};
    json_t *plan = json_object_get(body, "plan");
    if (!json_is_object(plan) || json_object_size(plan) == 0) {
        reply_error(r, 400, "missing_field", "plan", "须填写回报计划：各收益类别的计划金额（分）",
                    "The payback plan names an amount per income line");
        return;
    }
    const char *key;
    json_t *val;
    json_object_foreach(plan, key, val)
    {
        int li = -1;
        for (int i = 0; i < PROJECT_INCOME_LINES; i++)
            if (strcmp(project_income_lines[i], key) == 0)
                li = i;
        if (li < 0) {
            ProjectErr e = {PM_BAD_INCOME_LINE, "plan", NULL};
            fail(r, &e);
            return;
        }
        if (!json_is_integer(val) || json_integer_value(val) < 0 || json_integer_value(val) > PROJECT_BUDGET_MAX) {
            ProjectErr e = {PM_BAD_AMOUNT, "plan", NULL};
            fail(r, &e);
            return;
        }
        in.planned[li] = json_integer_value(val);
    }
    json_t *obl = json_object_get(body, "obligations");
    if (obl && !json_is_array(obl)) {
        reply_error(r, 400, "bad_type", "obligations", "合作义务应为列表", "obligations is a list");
        return;
    }
    if (obl && json_array_size(obl) > PARTNER_OBLIGATIONS_MAX) {
        reply_error(r, 400, "too_many", "obligations", "合作义务最多50项", "At most 50 obligations");
        return;
    }
    size_t i;
    json_t *o;
    json_array_foreach(obl, i, o)
    {
        json_t *d = json_object_get(o, "description"), *due = json_object_get(o, "due");
        int64_t t;
        if (!json_is_string(d) || json_string_length(d) == 0 || json_string_length(d) > 500 || !json_is_string(due) ||
            !clock_parse_local_day(json_string_value(due), &t)) {
            reply_error(r, 400, "bad_value", "obligations", "每项合作义务须有说明和到期日期（YYYY-MM-DD）",
                        "Each obligation has a description and a due date");
            return;
        }
        in.obligations[in.n_obligations] = arena_strdup(r->arena, json_string_value(d));
        in.obligation_due[in.n_obligations++] = t;
    }
    json_object_del(body, "plan");
    json_object_del(body, "obligations");
    JsonValue v[3];
    if (!json_fields_or_reply(r, body, contract_spec, v) || !day_or_reply(r, &v[1], "start", &in.start) ||
        !day_or_reply(r, &v[2], "end", &in.end))
        return;
    in.contract_no = v[0].s;
    ProjectErr e;
    if (!project_partner_contract(&c, &p, &in, &e) || !project_partner_get(&c, p.id, &p, &e)) {
        fail(r, &e);
        return;
    }
    partner_full_reply(r, &c, &p, 200);
}

static const JsonField income_spec[] = {
    {"line", JF_STRING, JF_REQUIRED, 0, 20},
    {"amount", JF_INT, JF_REQUIRED, INT64_MIN, INT64_MAX},
    {"date", JF_STRING, JF_NULLABLE, 0, 10},
    {NULL, 0, 0, 0, 0},
};

void api_partner_income(Req *r)
{
    Ctx c = site_ctx(r);
    Partner p;
    if (!partner_load_or_reply(r, &c, &p))
        return;
    if (!perm_allows(r->who, PERM_FUNDS_MANAGE, p.node_path)) {
        deny(r);
        return;
    }
    json_t *body = req_json_object_or_reply(r);
    JsonValue v[3];
    int64_t at;
    if (!body || !json_fields_or_reply(r, body, income_spec, v) || !day_or_reply(r, &v[2], "date", &at))
        return;
    ProjectErr e;
    int64_t income;
    if (!project_partner_income(&c, &p, v[0].s, v[1].i, at, &income, &e)) {
        fail(r, &e);
        return;
    }
    partner_full_reply(r, &c, &p, 201);
}

static const JsonField met_spec[] = {
    {"note", JF_STRING, JF_EMPTY_OK | JF_NULLABLE, 0, 1000},
    {NULL, 0, 0, 0, 0},
};

void api_partner_obligation_met(Req *r)
{
    Ctx c = site_ctx(r);
    Partner p;
    int64_t ob;
    if (!partner_load_or_reply(r, &c, &p) || !req_param_id_or_reply(r, "obligation", &ob))
        return;
    if (!project_may_manage_at(&c, p.node_path)) {
        deny(r);
        return;
    }
    json_t *body = req_json_object_or_reply(r);
    JsonValue v[1];
    if (!body || !json_fields_or_reply(r, body, met_spec, v))
        return;
    ProjectErr e;
    if (!project_partner_obligation_met(&c, &p, ob, v[0].present ? v[0].s : "", &e)) {
        fail(r, &e);
        return;
    }
    partner_full_reply(r, &c, &p, 200);
}

/* ---- grants ------------------------------------------------------------------------ */

static bool grant_load_or_reply(Req *r, const Ctx *c, AutonomyGrant *g)
{
    int64_t id;
    if (!req_param_id_or_reply(r, "id", &id))
        return false;
    ProjectErr e;
    if (!project_grant_get(c, id, g, &e))
        return fail(r, &e);
    if (!project_may_read_at(c, g->node_path)) {
        e = (ProjectErr){PM_NO_GRANT, "id", NULL};
        return fail(r, &e);
    }
    return true;
}

static void grant_json(Buf *b, const AutonomyGrant *g)
{
    buf_printf(b,
               "{\"id\":%lld,\"compound_id\":%lld,\"title\":%j,\"purpose\":%j,\"budget\":%lld,\"spent\":%lld,"
               "\"remaining\":%lld,\"status\":%j,\"decision_note\":%j,\"decided_at\":",
               (long long)g->id, (long long)g->node_id, g->title, g->purpose, (long long)g->budget,
               (long long)g->spent, (long long)(g->budget - g->spent), g->status, g->decision_note);
    iso(b, g->decided_at);
    buf_puts(b, ",\"created_at\":");
    iso(b, g->created_at);
    buf_putc(b, '}');
}

static void grant_full_reply(Req *r, const Ctx *c, const AutonomyGrant *g, int status)
{
    GrantSpend *s;
    int n;
    ProjectErr e;
    if (!project_grant_spends(c, g->id, &s, &n, &e)) {
        fail(r, &e);
        return;
    }
    r->status = status;
    resp_json(r);
    buf_puts(&r->out, "{\"grant\":");
    grant_json(&r->out, g);
    buf_puts(&r->out, ",\"spending\":[");
    for (int i = 0; i < n; i++) {
        buf_printf(&r->out, "%s{\"id\":%lld,\"amount\":%lld,\"description\":%j,\"spent_on\":", i ? "," : "",
                   (long long)s[i].id, (long long)s[i].amount, s[i].description);
        iso(&r->out, s[i].spent_on);
        buf_putc(&r->out, '}');
    }
    buf_puts(&r->out, "]}");
}

static const JsonField grant_spec[] = {
    {"compound_id", JF_INT, JF_REQUIRED, 1, INT64_MAX},
    {"title", JF_STRING, JF_REQUIRED, 0, 100},
    {"purpose", JF_STRING, JF_EMPTY_OK | JF_NULLABLE, 0, 2000},
    {"budget", JF_INT, JF_REQUIRED, INT64_MIN, INT64_MAX},
    {NULL, 0, 0, 0, 0},
};

void api_grant_apply(Req *r)
{
    json_t *body = req_json_object_or_reply(r);
    JsonValue v[4];
    if (!body || !json_fields_or_reply(r, body, grant_spec, v))
        return;
    Ctx c = site_ctx(r);
    NodeInfo node;
    GridRead g = grid_node_find(&c, v[0].i, &node);
    if (g == GRID_OK && !project_may_manage_at(&c, node.path) && !project_may_decide_at(&c, node.path)) {
        deny(r);
        return;
    }
    ProjectErr e;
    int64_t id;
    AutonomyGrant gr;
    if (!project_grant_apply(&c, v[0].i, v[1].s, v[2].present ? v[2].s : "", v[3].i, &id, &e) ||
        !project_grant_get(&c, id, &gr, &e)) {
        fail(r, &e);
        return;
    }
    grant_full_reply(r, &c, &gr, 201);
}

void api_grants_list(Req *r)
{
    int64_t compound, per_page, after;
    if (!page_args_or_reply(r, &compound, &per_page, &after))
        return;
    Ctx c = site_ctx(r);
    NodeInfo node;
    if (!compound_or_reply(r, &c, compound, "compound", &node))
        return;
    AutonomyGrant *g;
    int n;
    ProjectErr e;
    if (!project_grants(&c, compound, after ? after : INT64_MAX, (int)per_page + 1, &g, &n, &e)) {
        fail(r, &e);
        return;
    }
    bool more = n > per_page;
    if (more)
        n = (int)per_page;
    resp_json(r);
    buf_puts(&r->out, "{\"items\":[");
    for (int i = 0; i < n; i++) {
        if (i)
            buf_putc(&r->out, ',');
        grant_json(&r->out, &g[i]);
    }
    buf_printf(&r->out, "],\"per_page\":%lld,\"next\":", (long long)per_page);
    if (more)
        buf_printf(&r->out, "%lld}", (long long)g[n - 1].id);
    else
        buf_puts(&r->out, "null}");
}

void api_grant_get(Req *r)
{
    Ctx c = site_ctx(r);
    AutonomyGrant g;
    if (grant_load_or_reply(r, &c, &g))
        grant_full_reply(r, &c, &g, 200);
}

void api_grant_decide(Req *r)
{
    Ctx c = site_ctx(r);
    AutonomyGrant g;
    if (!grant_load_or_reply(r, &c, &g))
        return;
    if (!project_may_decide_at(&c, g.node_path)) {
        deny(r);
        return;
    }
    json_t *body = req_json_object_or_reply(r);
    JsonValue v[2];
    if (!body || !json_fields_or_reply(r, body, decide_spec, v))
        return;
    ProjectErr e;
    if (!project_grant_decide(&c, &g, v[0].b, v[1].present ? v[1].s : "", &e) ||
        !project_grant_get(&c, g.id, &g, &e)) {
        fail(r, &e);
        return;
    }
    grant_full_reply(r, &c, &g, 200);
}

static const JsonField spend_spec[] = {
    {"amount", JF_INT, JF_REQUIRED, INT64_MIN, INT64_MAX},
    {"description", JF_STRING, JF_REQUIRED, 0, 500},
    {"date", JF_STRING, JF_NULLABLE, 0, 10},
    {NULL, 0, 0, 0, 0},
};

void api_grant_spend(Req *r)
{
    Ctx c = site_ctx(r);
    AutonomyGrant g;
    if (!grant_load_or_reply(r, &c, &g))
        return;
    if (!project_may_manage_at(&c, g.node_path) && !project_may_decide_at(&c, g.node_path)) {
        deny(r);
        return;
    }
    json_t *body = req_json_object_or_reply(r);
    JsonValue v[3];
    int64_t on;
    if (!body || !json_fields_or_reply(r, body, spend_spec, v) || !day_or_reply(r, &v[2], "date", &on))
        return;
    ProjectErr e;
    int64_t id;
    if (!project_grant_spend(&c, &g, v[0].i, v[1].s, on, &id, &e) || !project_grant_get(&c, g.id, &g, &e)) {
        fail(r, &e);
        return;
    }
    grant_full_reply(r, &c, &g, 201);
}
