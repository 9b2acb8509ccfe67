/* api.c: the projects' JSON API: parse, ask the permission question, call
 * the model, render. */
#include "project/web_int.h"

#include <string.h>

#include "core/clock.h"
#include "grid/read.h"
#include "http/jsonin.h"
#include "workorder/workorder.h"

bool project_load_or_reply(Req *r, const Ctx *c, Project *p)
{
    int64_t id;
    if (!req_param_id_or_reply(r, "id", &id))
        return false;
    ProjectErr e;
    if (!project_get(c, id, p, &e)) {
        project_err_reply(r, &e);
        return false;
    }
    if (!project_may_read(c, p)) {
        e = (ProjectErr){PM_NO_PROJECT, "id", NULL};
        project_err_reply(r, &e);
        return false;
    }
    return true;
}

static bool deny(Req *r)
{
    ProjectErr e = {r->who ? PM_FORBIDDEN : PM_LOGIN_NEEDED, NULL, NULL};
    project_err_reply(r, &e);
    return false;
}

static bool fail(Req *r, const ProjectErr *e)
{
    project_err_reply(r, e);
    return false;
}

/* An array of positive ids taken out of body (so json_fields_or_reply does
 * not see it): 400 when it is not one, or longer than max. */
static bool ids_or_reply(Req *r, json_t *body, const char *name, bool required, int max, int64_t **out, int *n)
{
    json_t *a = json_object_get(body, name);
    *n = 0;
    *out = NULL;
    if (!a || json_is_null(a)) {
        json_object_del(body, name);
        if (required)
            reply_error(r, 400, "missing_field", name, "缺少必填项", "A required field is missing");
        return !required;
    }
    if (!json_is_array(a)) {
        reply_error(r, 400, "bad_type", name, "应为编号列表", "Expected a list of ids");
        return false;
    }
    if ((int)json_array_size(a) > max) {
        reply_error(r, 400, "too_many", name, "列表太长", "The list is too long");
        return false;
    }
    *out = arena_alloc(r->arena, sizeof **out * (json_array_size(a) + 1));
    size_t i;
    json_t *v;
    json_array_foreach(a, i, v)
    {
        if (!json_is_integer(v) || json_integer_value(v) <= 0) {
            reply_error(r, 400, "bad_value", name, "编号须是正整数", "Ids are positive integers");
            return false;
        }
        (*out)[(*n)++] = json_integer_value(v);
    }
    json_object_del(body, name);
    return true;
}

static void iso(Buf *b, int64_t t)
{
    if (!t) {
        buf_puts(b, "null");
        return;
    }
    char s[26];
    clock_format_iso(t, s);
    buf_printf(b, "%j", s);
}

/* ---- projects ---------------------------------------------------------------- */

static void project_json(Buf *b, const Project *p)
{
    buf_printf(b, "{\"id\":%lld,\"title\":%j,\"node_id\":%lld,\"status\":%j,\"response_minutes\":%lld,\"compounds\":[",
               (long long)p->id, p->title, (long long)p->node_id, p->status, (long long)p->response_minutes);
    for (int i = 0; i < p->n_compounds; i++)
        buf_printf(b, "%s%lld", i ? "," : "", (long long)p->compounds[i]);
    buf_puts(b, "],\"created_at\":");
    iso(b, p->created_at);
    buf_putc(b, '}');
}

static const JsonField project_spec[] = {
    {"title", JF_STRING, JF_REQUIRED, 0, 100},
    {"response_minutes", JF_INT, 0, 1, 525600},
    {NULL, 0, 0, 0, 0},
};

void api_project_create(Req *r)
{
    json_t *body = req_json_object_or_reply(r);
    int64_t *compounds;
    int n;
    JsonValue v[2];
    if (!body || !ids_or_reply(r, body, "compounds", true, PROJECT_COMPOUNDS_MAX, &compounds, &n) ||
        !json_fields_or_reply(r, body, project_spec, v))
        return;
    Ctx c = site_ctx(r);
    ProjectErr e;
    if (n == 0) {
        e = (ProjectErr){PM_NO_COMPOUND, "compounds", NULL};
        fail(r, &e);
        return;
    }
    /* permission first, on every compound named (an unknown id: the model's 400) */
    for (int i = 0; i < n; i++) {
        NodeInfo node;
        GridRead g = grid_node_find(&c, compounds[i], &node);
        if (g == GRID_OK && !project_may_manage_at(&c, node.path)) {
            deny(r);
            return;
        }
    }
    ProjectNew in = {v[0].s, compounds, n, v[1].present ? v[1].i : 0};
    int64_t id;
    Project p;
    if (!project_create(&c, &in, &id, &e) || !project_get(&c, id, &p, &e)) {
        fail(r, &e);
        return;
    }
    r->status = 201;
    resp_json(r);
    project_json(&r->out, &p);
}

void api_projects_list(Req *r)
{
    int64_t compound, per_page, after;
    if (!req_query_id_or_reply(r, "compound", &compound) ||
        !req_query_int_or_reply(r, "per_page", 20, 1, 100, &per_page) ||
        !req_query_int_or_reply(r, "after", 0, 0, INT64_MAX, &after))
        return;
    Ctx c = site_ctx(r);
    NodeInfo node;
    GridRead g = grid_node_find(&c, compound, &node);
    if (g == GRID_NOT_FOUND || (g == GRID_OK && !perm_allows(r->who, PERM_TREE_READ, node.path))) {
        reply_error(r, 404, "not_found", "compound", "找不到这个院落", "No such compound");
        return;
    }
    if (g != GRID_OK) {
        reply_storage_error(r);
        return;
    }
    int64_t *ids;
    int n;
    ProjectErr e;
    if (!project_list(&c, compound, after ? after : INT64_MAX, (int)per_page + 1, &ids, &n, &e)) {
        fail(r, &e);
        return;
    }
    bool more = n > per_page;
    if (more)
        n = (int)per_page;
    resp_json(r);
    buf_puts(&r->out, "{\"items\":[");
    for (int i = 0; i < n; i++) {
        Project p;
        if (!project_get(&c, ids[i], &p, &e)) {
            fail(r, &e);
            return;
        }
        if (i)
            buf_putc(&r->out, ',');
        project_json(&r->out, &p);
    }
    buf_printf(&r->out, "],\"per_page\":%lld,\"next\":", (long long)per_page);
    if (more)
        buf_printf(&r->out, "%lld}", (long long)ids[n - 1]);
    else
        buf_puts(&r->out, "null}");
}

/* ---- items ------------------------------------------------------------------ */

static void item_json(Buf *b, const ProjectItem *it, const ProjectRound *round)
{
    buf_printf(b,
               "{\"id\":%lld,\"tier\":%j,\"tier_label\":%j,\"kind\":%j,\"kind_label\":%j,\"name\":%j,\"standard\":%j,"
               "\"materials\":%j,\"budget\":%lld,\"contractor_org_id\":%lld,\"contractor\":%j,"
               "\"uses_maintenance_fund\":%s,\"vote_id\":%lld,\"status\":%j,\"planned_start\":",
               (long long)it->id, it->tier, project_tier_label_zh(it->tier), it->kind, project_kind_label_zh(it->kind),
               it->name, it->standard, it->materials, (long long)it->budget, (long long)it->contractor_org_id,
               it->contractor_name, it->uses_maintenance_fund ? "true" : "false", (long long)it->vote_id, it->status);
    iso(b, it->planned_start);
    buf_puts(b, ",\"planned_end\":");
    iso(b, it->planned_end);
    buf_puts(b, ",\"started_at\":");
    iso(b, it->started_at);
    buf_puts(b, ",\"representatives\":[");
    for (int i = 0; i < it->n_reps; i++)
        buf_printf(b, "%s%lld", i ? "," : "", (long long)it->reps[i]);
    buf_putc(b, ']');
    if (round) {
        buf_printf(b, ",\"missed_inspections\":%d,\"due_this_week\":%s,\"next_due\":", round->missed,
                   round->due_this_week ? "true" : "false");
        iso(b, round->next_due);
    }
    buf_putc(b, '}');
}

static const JsonField item_spec[] = {
    {"tier", JF_STRING, JF_REQUIRED, 0, 20},
    {"kind", JF_STRING, JF_REQUIRED, 0, 20},
    {"name", JF_STRING, JF_REQUIRED, 0, 100},
    {"standard", JF_STRING, JF_EMPTY_OK, 0, 500},
    {"materials", JF_STRING, JF_EMPTY_OK, 0, 500},
    {"budget", JF_INT, JF_REQUIRED, 0, PROJECT_BUDGET_MAX},
    {"contractor_org_id", JF_INT, JF_NULLABLE, 1, INT64_MAX},
    {"planned_start", JF_STRING, JF_NULLABLE, 0, 10},
    {"planned_end", JF_STRING, JF_NULLABLE, 0, 10},
    {"uses_maintenance_fund", JF_BOOL, 0, 0, 0},
    {"vote_id", JF_INT, JF_NULLABLE, 1, INT64_MAX},
    {NULL, 0, 0, 0, 0},
};

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

void api_project_item_add(Req *r)
{
    Ctx c = site_ctx(r);
    Project p;
    if (!project_load_or_reply(r, &c, &p))
        return;
    if (!project_may_manage(&c, &p)) {
        deny(r);
        return;
    }
    json_t *body = req_json_object_or_reply(r);
    int64_t *reps;
    int n_reps;
    JsonValue v[11];
    int64_t start, end;
    if (!body || !ids_or_reply(r, body, "representatives", false, PROJECT_REPS_MAX, &reps, &n_reps) ||
        !json_fields_or_reply(r, body, item_spec, v) || !day_or_reply(r, &v[7], "planned_start", &start) ||
        !day_or_reply(r, &v[8], "planned_end", &end))
        return;
    ProjectItemNew in = {v[0].s, v[1].s, v[2].s, v[3].s, v[4].s, v[5].i, v[6].present ? v[6].i : 0, start, end,
                         v[10].present ? v[10].i : 0, v[9].present && v[9].b, reps, n_reps};
    int64_t id;
    ProjectErr e;
    ProjectItem it;
    if (!project_item_add(&c, &p, &in, &id, &e) || !project_item_get(&c, p.id, id, &it, &e)) {
        fail(r, &e);
        return;
    }
    r->status = 201;
    resp_json(r);
    item_json(&r->out, &it, NULL);
}

static bool item_load_or_reply(Req *r, const Ctx *c, const Project *p, ProjectItem *it)
{
    int64_t item;
    ProjectErr e;
    if (!req_param_id_or_reply(r, "item", &item))
        return false;
    return project_item_get(c, p->id, item, it, &e) || fail(r, &e);
}

static void items_reply(Req *r, const Ctx *c, const Project *p, bool due_only)
{
    ProjectItem *items;
    int n;
    ProjectErr e;
    if (!project_items(c, p->id, &items, &n, &e))
        return (void)fail(r, &e);
    ProjectRound *rounds = arena_alloc(r->arena, sizeof *rounds * (size_t)(n + 1));
    if (!project_rounds(c, items, n, rounds, &e))
        return (void)fail(r, &e);
    resp_json(r);
    buf_puts(&r->out, "{\"items\":[");
    for (int i = 0, w = 0; i < n; i++) {
        if (due_only && (strcmp(items[i].status, "started") != 0 || !rounds[i].due_this_week))
            continue;
        if (w++)
            buf_putc(&r->out, ',');
        item_json(&r->out, &items[i], &rounds[i]);
    }
    buf_puts(&r->out, "]}");
}

void api_project_items(Req *r)
{
    Ctx c = site_ctx(r);
    Project p;
    if (project_load_or_reply(r, &c, &p))
        items_reply(r, &c, &p, false);
}

void api_project_due(Req *r)
{
    Ctx c = site_ctx(r);
    Project p;
    if (project_load_or_reply(r, &c, &p))
        items_reply(r, &c, &p, true);
}

void api_project_item_get(Req *r)
{
    Ctx c = site_ctx(r);
    Project p;
    ProjectItem it;
    ProjectErr e;
    ProjectRound round;
    if (!project_load_or_reply(r, &c, &p) || !item_load_or_reply(r, &c, &p, &it))
        return;
    if (!project_rounds(&c, &it, 1, &round, &e)) {
        fail(r, &e);
        return;
    }
    resp_json(r);
    item_json(&r->out, &it, &round);
}

void api_project_item_start(Req *r)
{
    Ctx c = site_ctx(r);
    Project p;
    ProjectItem it;
    ProjectErr e;
    int64_t item;
    if (!project_load_or_reply(r, &c, &p) || !req_param_id_or_reply(r, "item", &item))
        return;
    if (!project_may_manage(&c, &p)) {
        deny(r);
        return;
    }
    if (!project_item_start(&c, &p, item, &e) || !project_item_get(&c, p.id, item, &it, &e)) {
        fail(r, &e);
        return;
    }
    resp_json(r);
    item_json(&r->out, &it, NULL);
}

/* ---- inspections and defects ------------------------------------------------------- */

static const JsonField inspect_spec[] = {
    {"item_id", JF_INT, JF_REQUIRED, 1, INT64_MAX},
    {"kind", JF_STRING, JF_REQUIRED, 0, 20},
    {"milestone", JF_STRING, JF_NULLABLE, 0, 100},
    {"passed", JF_STRINGS, 0, 0, 40},
    {"failed", JF_STRINGS, 0, 0, 40},
    {"notes", JF_STRING, JF_EMPTY_OK | JF_NULLABLE, 0, 1000},
    {"defect_days", JF_INT, 0, 1, 365},
    {NULL, 0, 0, 0, 0},
};

void api_project_inspect(Req *r)
{
    Ctx c = site_ctx(r);
    Project p;
    if (!project_load_or_reply(r, &c, &p))
        return;
    if (!project_may_inspect(&c, &p)) {
        deny(r);
        return;
    }
    json_t *body = req_json_object_or_reply(r);
    JsonValue v[7];
    if (!body || !json_fields_or_reply(r, body, inspect_spec, v))
        return;
    if (v[3].n_list > 16 || v[4].n_list > 16) {
        reply_error(r, 400, "too_many", "checks", "检查项太多", "Too many checks");
        return;
    }
    ProjectInspectionNew in = {v[0].i, v[1].s, v[2].s, v[5].s, v[3].list, v[3].n_list, v[4].list, v[4].n_list,
                               v[6].present ? v[6].i : 0};
    int64_t id;
    int n_defects;
    ProjectErr e;
    if (!project_inspect(&c, &p, &in, &id, &n_defects, &e)) {
        fail(r, &e);
        return;
    }
    r->status = 201;
    resp_json(r);
    buf_printf(&r->out, "{\"id\":%lld,\"item_id\":%lld,\"kind\":%j,\"defects\":%d}", (long long)id, (long long)v[0].i,
               v[1].s, n_defects);
}

static bool page_args_or_reply(Req *r, int64_t *per_page, int64_t *after)
{
    return req_query_int_or_reply(r, "per_page", 20, 1, 100, per_page) &&
           req_query_int_or_reply(r, "after", 0, 0, INT64_MAX, after);
}

void api_project_inspections(Req *r)
{
    Ctx c = site_ctx(r);
    Project p;
    int64_t per_page, after;
    if (!project_load_or_reply(r, &c, &p) || !page_args_or_reply(r, &per_page, &after))
        return;
    ProjectInspection *ins;
    int n;
    ProjectErr e;
    if (!project_inspections(&c, p.id, after ? after : INT64_MAX, (int)per_page + 1, &ins, &n, &e)) {
        fail(r, &e);
        return;
    }
    bool more = n > per_page;
    if (more)
        n = (int)per_page;
    resp_json(r);
    buf_puts(&r->out, "{\"items\":[");
    for (int i = 0; i < n; i++) {
        buf_printf(&r->out, "%s{\"id\":%lld,\"item_id\":%lld,\"kind\":%j,\"milestone\":%j,\"passed\":%j,\"failed\":%j,"
                            "\"notes\":%j,\"inspected_at\":",
                   i ? "," : "", (long long)ins[i].id, (long long)ins[i].item_id, ins[i].kind, ins[i].milestone,
                   ins[i].passed, ins[i].failed, ins[i].notes);
        iso(&r->out, ins[i].inspected_at);
        buf_putc(&r->out, '}');
    }
    buf_printf(&r->out, "],\"per_page\":%lld,\"next\":", (long long)per_page);
    if (more)
        buf_printf(&r->out, "%lld}", (long long)ins[n - 1].id);
    else
        buf_puts(&r->out, "null}");
}

static void defect_json(Buf *b, const ProjectDefect *d, int64_t now)
{
    buf_printf(b,
               "{\"id\":%lld,\"item_id\":%lld,\"inspection_id\":%lld,\"check\":%j,\"description\":%j,\"status\":%j,"
               "\"level\":%d,\"overdue\":%s,\"due_at\":",
               (long long)d->id, (long long)d->item_id, (long long)d->inspection_id, d->check_key, d->description,
               d->status, d->level, strcmp(d->status, "open") == 0 && now > d->due_at ? "true" : "false");
    iso(b, d->due_at);
    buf_puts(b, ",\"closed_at\":");
    iso(b, d->closed_at);
    buf_putc(b, '}');
}

void api_project_defects(Req *r)
{
    Ctx c = site_ctx(r);
    Project p;
    int64_t per_page, after;
    if (!project_load_or_reply(r, &c, &p) || !page_args_or_reply(r, &per_page, &after))
        return;
    ProjectDefect *d;
    int n;
    ProjectErr e;
    if (!project_defects(&c, p.id, after ? after : INT64_MAX, (int)per_page + 1, &d, &n, &e)) {
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
        defect_json(&r->out, &d[i], c.now);
    }
    buf_printf(&r->out, "],\"per_page\":%lld,\"next\":", (long long)per_page);
    if (more)
        buf_printf(&r->out, "%lld}", (long long)d[n - 1].id);
    else
        buf_puts(&r->out, "null}");
}

static void defect_action(Req *r, bool recheck)
{
    Ctx c = site_ctx(r);
    Project p;
    int64_t defect;
    if (!project_load_or_reply(r, &c, &p) || !req_param_id_or_reply(r, "defect", &defect))
        return;
    if (!project_may_inspect(&c, &p)) {
        deny(r);
        return;
    }
    static const JsonField spec[] = {
        {"passed", JF_BOOL, JF_REQUIRED, 0, 0},
        {"days", JF_INT, 0, 1, 365},
        {NULL, 0, 0, 0, 0},
    };
    JsonValue v[2];
    if (recheck) {
        json_t *body = req_json_object_or_reply(r);
        if (!body || !json_fields_or_reply(r, body, spec, v))
            return;
    }
    ProjectErr e;
    ProjectDefect d;
    bool ok = recheck ? project_defect_recheck(&c, &p, defect, v[0].b, v[1].present ? v[1].i : 0, &e)
                      : project_defect_fixed(&c, &p, defect, &e);
    if (!ok || !project_defect_get(&c, p.id, defect, &d, &e)) {
        fail(r, &e);
        return;
    }
    resp_json(r);
    defect_json(&r->out, &d, c.now);
}

void api_project_defect_fixed(Req *r)
{
    defect_action(r, false);
}

void api_project_defect_recheck(Req *r)
{
    defect_action(r, true);
}

/* ---- sign-offs ------------------------------------------------------------------- */

static bool signoff_json(Req *r, const Ctx *c, Buf *b, const ProjectSignoff *s)
{
    ProjectReport *rep;
    int n;
    ProjectErr e;
    if (!project_reports(c, s->id, &rep, &n, &e))
        return fail(r, &e);
    buf_printf(b,
               "{\"id\":%lld,\"item_id\":%lld,\"kind\":%j,\"title\":%j,\"test_report\":%j,\"representatives\":%d,"
               "\"signed\":%d,\"complete\":%s,\"signed_by\":[",
               (long long)s->id, (long long)s->item_id, s->kind, s->title, s->test_report, s->n_reps, s->n_signed,
               s->complete ? "true" : "false");
    for (int i = 0; i < s->n_signed; i++)
        buf_printf(b, "%s%lld", i ? "," : "", (long long)s->signed_by[i]);
    buf_puts(b, "],\"reports\":[");
    for (int i = 0; i < n; i++) {
        buf_printf(b, "%s{\"id\":%lld,\"kind\":%j,\"filename\":%j,\"mime\":%j,\"size\":%lld,\"hash\":%j}",
                   i ? "," : "", (long long)rep[i].id, rep[i].kind, rep[i].filename, rep[i].mime,
                   (long long)rep[i].size, rep[i].hash);
    }
    buf_puts(b, "]}");
    return true;
}

static const JsonField signoff_spec[] = {
    {"item_id", JF_INT, JF_REQUIRED, 1, INT64_MAX},
    {"kind", JF_STRING, JF_REQUIRED, 0, 20},
    {"title", JF_STRING, JF_REQUIRED, 0, 100},
    {"test_report", JF_STRING, JF_EMPTY_OK | JF_NULLABLE, 0, 200},
    {NULL, 0, 0, 0, 0},
};

void api_project_signoff_add(Req *r)
{
    Ctx c = site_ctx(r);
    Project p;
    if (!project_load_or_reply(r, &c, &p))
        return;
    if (!project_may_inspect(&c, &p)) {
        deny(r);
        return;
    }
    json_t *body = req_json_object_or_reply(r);
    JsonValue v[4];
    if (!body || !json_fields_or_reply(r, body, signoff_spec, v))
        return;
    int64_t id;
    ProjectErr e;
    ProjectSignoff s;
    if (!project_signoff_add(&c, &p, v[0].i, v[1].s, v[2].s, v[3].s, &id, &e) ||
        !project_signoff_get(&c, p.id, id, &s, &e)) {
        fail(r, &e);
        return;
    }
    r->status = 201;
    resp_json(r);
    signoff_json(r, &c, &r->out, &s);
}

void api_project_signoffs(Req *r)
{
    Ctx c = site_ctx(r);
    Project p;
    if (!project_load_or_reply(r, &c, &p))
        return;
    ProjectSignoff *s;
    int n;
    ProjectErr e;
    if (!project_signoffs(&c, p.id, &s, &n, &e)) {
        fail(r, &e);
        return;
    }
    resp_json(r);
    buf_puts(&r->out, "{\"items\":[");
    for (int i = 0; i < n; i++) {
        if (i)
            buf_putc(&r->out, ',');
        if (!signoff_json(r, &c, &r->out, &s[i]))
            return;
    }
    buf_puts(&r->out, "]}");
}

void api_project_sign(Req *r)
{
    Ctx c = site_ctx(r);
    Project p;
    int64_t id;
    if (!project_load_or_reply(r, &c, &p) || !req_param_id_or_reply(r, "signoff", &id))
        return;
    ProjectErr e;
    ProjectSignoff s;
    if (!project_sign(&c, &p, id, &e) || !project_signoff_get(&c, p.id, id, &s, &e)) {
        fail(r, &e);
        return;
    }
    resp_json(r);
    signoff_json(r, &c, &r->out, &s);
}

void api_project_report_add(Req *r)
{
    Ctx c = site_ctx(r);
    Project p;
    int64_t id, rid;
    if (!project_load_or_reply(r, &c, &p) || !req_param_id_or_reply(r, "signoff", &id))
        return;
    if (!project_may_inspect(&c, &p)) {
        deny(r);
        return;
    }
    const Upload *u = r->n_uploads ? req_upload(r, "file") : NULL;
    if (r->n_uploads && !u)
        u = &r->uploads[0];
    const char *kind = req_form(r, "kind") ? req_form(r, "kind") : req_query(r, "kind");
    const char *name = u ? u->filename : req_query(r, "filename");
    const unsigned char *data = u ? u->data : (const unsigned char *)r->body;
    size_t len = u ? u->len : r->body_len;
    if (!data || len == 0) {
        reply_error(r, 400, "missing_field", "file", "请附上检测报告文件（请求体或 multipart 的 file 字段）",
                    "Send the report as the body or as the multipart field file");
        return;
    }
    ProjectErr e;
    ProjectSignoff s;
    if (!project_report_store(&c, &p, id, kind, name, data, len, &rid, &e) ||
        !project_signoff_get(&c, p.id, id, &s, &e)) {
        fail(r, &e);
        return;
    }
    r->status = 201;
    resp_json(r);
    buf_printf(&r->out, "{\"id\":%lld,\"url\":\"/projects/%lld/reports/%lld\",\"signoff\":", (long long)rid,
               (long long)p.id, (long long)rid);
    if (signoff_json(r, &c, &r->out, &s))
        buf_putc(&r->out, '}');
}

void page_project_report(Req *r)
{
    Ctx c = site_ctx(r);
    Project p;
    int64_t id;
    if (!project_load_or_reply(r, &c, &p) || !req_param_id_or_reply(r, "report", &id))
        return;
    ProjectReport rep;
    ProjectErr e;
    const unsigned char *data;
    size_t len;
    if (!project_report_get(&c, p.id, id, &rep, &e) || !project_report_bytes(&c, &rep, &data, &len, &e)) {
        fail(r, &e);
        return;
    }
    /* published with the project: whoever may read the project may read it */
    r->content_type_out = rep.mime;
    resp_header(r, "Cache-Control", "private, max-age=86400");
    resp_header(r, "Content-Disposition",
                strcmp(rep.mime, "application/pdf") == 0 ? "inline; filename=\"report.pdf\""
                : strcmp(rep.mime, "image/png") == 0     ? "inline; filename=\"report.png\""
                                                         : "inline; filename=\"report.jpg\"");
    buf_append(&r->out, data, len);
}

static const JsonField update_spec[] = {
    {"title", JF_STRING, JF_NULLABLE, 0, 100},
    {"response_minutes", JF_INT, JF_NULLABLE, 1, 525600},
    {NULL, 0, 0, 0, 0},
};

void api_project_update(Req *r)
{
    Ctx c = site_ctx(r);
    Project p;
    if (!project_load_or_reply(r, &c, &p))
        return;
    if (!project_may_manage(&c, &p)) {
        deny(r);
        return;
    }
    json_t *body = req_json_object_or_reply(r);
    JsonValue v[2];
    if (!body || !json_fields_or_reply(r, body, update_spec, v))
        return;
    ProjectErr e;
    if (!project_update(&c, &p, v[0].present ? v[0].s : NULL, v[1].present ? v[1].i : 0, &e) ||
        !project_get(&c, p.id, &p, &e)) {
        fail(r, &e);
        return;
    }
    resp_json(r);
    project_json(&r->out, &p);
}

/* ---- residents' concerns -------------------------------------------------------------- */

static const JsonField concern_spec[] = {
    {"description", JF_STRING, JF_REQUIRED, 0, 1000},
    {"category", JF_STRING, JF_NULLABLE, 0, 40},
    {"place", JF_STRING, JF_NULLABLE, 0, 200},
    {NULL, 0, 0, 0, 0},
};

void api_project_concern(Req *r)
{
    Ctx c = site_ctx(r);
    Project p;
    if (!project_load_or_reply(r, &c, &p))
        return;
    json_t *body = req_json_object_or_reply(r);
    JsonValue v[3];
    if (!body || !json_fields_or_reply(r, body, concern_spec, v))
        return;
    int64_t id;
    ProjectErr e;
    if (!project_concern(&c, &p, v[1].s, v[0].s, v[2].s, &id, &e)) {
        fail(r, &e);
        return;
    }
    r->status = 201;
    resp_json(r);
    buf_printf(&r->out, "{\"order_id\":%lld,\"project_id\":%lld,\"response_minutes\":%lld}", (long long)id,
               (long long)p.id, (long long)p.response_minutes);
}

void api_project_concerns(Req *r)
{
    Ctx c = site_ctx(r);
    Project p;
    if (!project_load_or_reply(r, &c, &p))
        return;
    enum { MAX = 200 };
    WoSourceOrder *o = arena_alloc(r->arena, sizeof *o * MAX);
    int n = wo_orders_of_source(&c, "project", p.id, o, MAX);
    if (n < 0) {
        reply_storage_error(r);
        return;
    }
    resp_json(r);
    buf_puts(&r->out, "{\"items\":[");
    for (int i = 0; i < n; i++) {
        buf_printf(&r->out, "%s{\"id\":%lld,\"open\":%s,\"description\":%j,\"created_at\":", i ? "," : "",
                   (long long)o[i].id, o[i].is_open ? "true" : "false", o[i].description);
        iso(&r->out, o[i].created_at);
        buf_puts(&r->out, ",\"resolve_due\":");
        iso(&r->out, o[i].resolve_due);
        buf_putc(&r->out, '}');
    }
    buf_puts(&r->out, "]}");
}

/* ---- acceptance --------------------------------------------------------------------- */

static void acceptances_json(Buf *b, const ProjectAcceptance *a, int n)
{
    buf_puts(b, "{\"items\":[");
    for (int i = 0; i < n; i++) {
        buf_printf(b, "%s{\"id\":%lld,\"stage\":%j,\"stage_label\":%j,\"findings\":%j,\"signatories\":[", i ? "," : "",
                   (long long)a[i].id, project_stage_name(a[i].stage), project_stage_label_zh(a[i].stage),
                   a[i].findings);
        for (int k = 0; k < a[i].n_signers; k++)
            buf_printf(b, "%s{\"role\":%j,\"name\":%j}", k ? "," : "", a[i].signers[k].role, a[i].signers[k].name);
        buf_puts(b, "],\"created_at\":");
        iso(b, a[i].created_at);
        buf_putc(b, '}');
    }
    buf_puts(b, "]}");
}

void api_project_acceptances(Req *r)
{
    Ctx c = site_ctx(r);
    Project p;
    if (!project_load_or_reply(r, &c, &p))
        return;
    ProjectAcceptance a[PSTAGE__COUNT];
    int n;
    ProjectErr e;
    if (!project_acceptances(&c, p.id, a, &n, &e)) {
        fail(r, &e);
        return;
    }
    resp_json(r);
    acceptances_json(&r->out, a, n);
}

static const JsonField accept_spec[] = {
    {"stage", JF_STRING, JF_REQUIRED, 0, 20},
    {"findings", JF_STRING, JF_EMPTY_OK | JF_NULLABLE, 0, 2000},
    {NULL, 0, 0, 0, 0},
};

void api_project_accept(Req *r)
{
    Ctx c = site_ctx(r);
    Project p;
    if (!project_load_or_reply(r, &c, &p))
        return;
    if (!project_may_inspect(&c, &p)) {
        deny(r);
        return;
    }
    json_t *body = req_json_object_or_reply(r);
    if (!body)
        return;
    json_t *sig = json_object_get(body, "signatories");
    ProjectSigner signers[PROJECT_SIGNERS_MAX];
    int n = 0;
    if (sig && !json_is_array(sig)) {
        reply_error(r, 400, "bad_type", "signatories", "签字方应为列表", "signatories is a list");
        return;
    }
    if (sig && json_array_size(sig) > PROJECT_SIGNERS_MAX) {
        reply_error(r, 400, "too_many", "signatories", "签字方太多", "Too many signatories");
        return;
    }
    size_t i;
    json_t *s;
    json_array_foreach(sig, i, s)
    {
        json_t *role = json_object_get(s, "role"), *name = json_object_get(s, "name");
        if (!json_is_string(role) || !json_is_string(name) || json_string_length(name) > 100) {
            reply_error(r, 400, "bad_value", "signatories", "每个签字方须有身份和姓名",
                        "Each signatory has a role and a name");
            return;
        }
        signers[n++] = (ProjectSigner){arena_strdup(r->arena, json_string_value(role)),
                                       arena_strdup(r->arena, json_string_value(name))};
    }
    json_object_del(body, "signatories");
    JsonValue v[2];
    if (!json_fields_or_reply(r, body, accept_spec, v))
        return;
    int stage = project_stage_parse(v[0].s);
    ProjectErr e;
    int64_t id;
    if (stage < 0) {
        e = (ProjectErr){PM_BAD_STAGE, "stage", NULL};
        fail(r, &e);
        return;
    }
    if (!project_accept(&c, &p, (ProjectStage)stage, v[1].s, signers, n, &id, &e)) {
        fail(r, &e);
        return;
    }
    ProjectAcceptance a[PSTAGE__COUNT];
    int na;
    if (!project_acceptances(&c, p.id, a, &na, &e)) {
        fail(r, &e);
        return;
    }
    r->status = 201;
    resp_json(r);
    buf_printf(&r->out, "{\"id\":%lld,\"stage\":%j,\"acceptances\":", (long long)id, v[0].s);
    acceptances_json(&r->out, a, na);
    buf_putc(&r->out, '}');
}

/* ---- the project as a whole ----------------------------------------------------------- */

void api_project_get(Req *r)
{
    Ctx c = site_ctx(r);
    Project p;
    if (!project_load_or_reply(r, &c, &p))
        return;
    int64_t open;
    ProjectErr e;
    ProjectAcceptance a[PSTAGE__COUNT];
    int na;
    if (!project_open_defects(&c, p.id, &open, &e) || !project_acceptances(&c, p.id, a, &na, &e)) {
        fail(r, &e);
        return;
    }
    resp_json(r);
    buf_puts(&r->out, "{\"project\":");
    project_json(&r->out, &p);
    buf_printf(&r->out, ",\"open_defects\":%lld,\"acceptances\":", (long long)open);
    acceptances_json(&r->out, a, na);
    buf_putc(&r->out, '}');
}
