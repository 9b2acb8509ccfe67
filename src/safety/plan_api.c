/* plan_api.c: the JSON adapters of emergency plans, drills and incidents.
 * Plans (with their contacts) are for those who patrol or manage the
 * compound; an incident's review, once closed, is published to everyone who
 * reads the compound, its timeline without who wrote each line. */
#include <string.h>

#include "grid/grid.h"
#include "safety/web_int.h"

enum { PAGE_MAX = 50, ENTRIES_MAX = 500 };

static void err_reply(Req *r, SafetyMsg m, const char *field)
{
    SafetyErr e;
    safety_err(&e, m, field);
    safety_err_reply(r, &e);
}

static void db_reply(Req *r)
{
    SafetyErr e;
    safety_err_db(&e, r->db);
    safety_err_reply(r, &e);
}

static bool compound_q(Req *r, int64_t *id, const char **path, int64_t *after)
{
    if (!req_query_int_or_reply(r, "compound", 0, 1, INT64_MAX, id) ||
        !req_query_int_or_reply(r, "after", 0, 0, INT64_MAX, after))
        return false;
    Ctx c = site_ctx(r);
    NodeInfo n;
    if (*id == 0 || !grid_node_get(&c, *id, &n) || n.kind != NODE_COMPOUND) {
        reply_error(r, 404, "not_found", "compound", "找不到这个院落", "No such compound");
        return false;
    }
    *path = n.path;
    return true;
}

static void plan_json(Buf *b, const EmergencyPlan *p)
{
    buf_printf(b,
               "{\"id\":%lld,\"compound_id\":%lld,\"kind\":%j,\"kind_label\":%j,\"title\":%j,\"roles\":%j,"
               "\"contacts\":%j,\"steps\":%j,\"supplies\":%j,\"created_at\":%lld}",
               (long long)p->id, (long long)p->compound_id, p->kind, safety_plan_kind_label_zh(p->kind), p->title,
               p->roles, p->contacts, p->steps, p->supplies, (long long)p->created_at);
}

void api_plans_list(Req *r)
{
    int64_t compound, after;
    const char *path;
    if (!compound_q(r, &compound, &path, &after))
        return;
    Ctx c = site_ctx(r);
    if (!safety_may_see_register(&c, path)) {
        reply_forbidden(r);
        return;
    }
    EmergencyPlan *items = arena_alloc(r->arena, sizeof(EmergencyPlan) * (PAGE_MAX + 1));
    int n = safety_plans_page(&c, compound, after, items, PAGE_MAX + 1);
    if (n < 0) {
        db_reply(r);
        return;
    }
    bool more = n > PAGE_MAX;
    if (more)
        n = PAGE_MAX;
    resp_json(r);
    buf_puts(&r->out, "{\"items\":[");
    for (int i = 0; i < n; i++) {
        if (i)
            buf_putc(&r->out, ',');
        plan_json(&r->out, &items[i]);
    }
    if (more)
        buf_printf(&r->out, "],\"next\":%lld}", (long long)items[n - 1].id);
    else
        buf_puts(&r->out, "],\"next\":null}");
}

void api_plan_create(Req *r)
{
    static const JsonField spec[] = {
        {"compound_id", JF_INT, JF_REQUIRED, 1, INT64_MAX},
        {"kind", JF_STRING, JF_REQUIRED, 0, 20},
        {"title", JF_STRING, JF_REQUIRED, 0, SAFETY_TITLE_MAX},
        {"roles", JF_STRING, JF_EMPTY_OK, 0, 2000},
        {"contacts", JF_STRING, JF_EMPTY_OK, 0, 2000},
        {"steps", JF_STRING, JF_EMPTY_OK, 0, 5000},
        {"supplies", JF_STRING, JF_EMPTY_OK, 0, 2000},
        {NULL, 0, 0, 0, 0},
    };
    JsonValue v[7];
    json_t *body = req_json_object_or_reply(r);
    if (!body || !json_fields_or_reply(r, body, spec, v))
        return;
    Ctx c = site_ctx(r);
    SafetyErr e;
    NodeInfo n;
    if (!grid_node_get(&c, v[0].i, &n) || n.kind != NODE_COMPOUND) {
        err_reply(r, SM_NOT_A_COMPOUND, "compound_id");
        return;
    }
    PlanInput in = {v[0].i, v[1].s, v[2].s, v[3].present ? v[3].s : "", v[4].present ? v[4].s : "",
                    v[5].present ? v[5].s : "", v[6].present ? v[6].s : ""};
    int64_t id;
    EmergencyPlan p;
    bool found;
    if (!safety_may_manage(&c, n.path, &e) || !safety_plan_create(&c, &in, &id, &e) ||
        !safety_plan_get(&c, id, &p, &found, &e)) {
        safety_err_reply(r, &e);
        return;
    }
    r->status = 201;
    resp_json(r);
    plan_json(&r->out, &p);
}

static bool plan_or_reply(Req *r, EmergencyPlan *p)
{
    int64_t id;
    if (!req_param_id_or_reply(r, "id", &id))
        return false;
    Ctx c = site_ctx(r);
    SafetyErr e;
    bool found;
    if (!safety_plan_get(&c, id, p, &found, &e)) {
        safety_err_reply(r, &e);
        return false;
    }
    if (!found || !safety_may_see_register(&c, p->node_path)) {
        err_reply(r, SM_NO_SUCH_PLAN, NULL);
        return false;
    }
    return true;
}

void api_plan_get(Req *r)
{
    EmergencyPlan p;
    if (!plan_or_reply(r, &p))
        return;
    Ctx c = site_ctx(r);
    Drill d[50];
    int n = safety_drills(&c, p.id, d, 50);
    if (n < 0) {
        db_reply(r);
        return;
    }
    resp_json(r);
    plan_json(&r->out, &p);
    r->out.len--;
    buf_puts(&r->out, ",\"drills\":[");
    for (int i = 0; i < n; i++)
        buf_printf(&r->out, "%s{\"id\":%lld,\"held_at\":%lld,\"participants\":%lld,\"notes\":%j}", i ? "," : "",
                   (long long)d[i].id, (long long)d[i].held_at, (long long)d[i].participants, d[i].notes);
    buf_puts(&r->out, "]}");
}

void api_plan_drill(Req *r)
{
    static const JsonField spec[] = {
        {"held_at", JF_INT, JF_REQUIRED, 0, INT64_C(1) << 40},
        {"participants", JF_INT, JF_REQUIRED, INT32_MIN, INT32_MAX},
        {"notes", JF_STRING, JF_EMPTY_OK, 0, 2000},
        {NULL, 0, 0, 0, 0},
    };
    EmergencyPlan p;
    JsonValue v[3];
    if (!plan_or_reply(r, &p))
        return;
    json_t *body = req_json_object_or_reply(r);
    if (!body || !json_fields_or_reply(r, body, spec, v))
        return;
    Ctx c = site_ctx(r);
    SafetyErr e;
    int64_t id;
    if (!safety_may_manage(&c, p.node_path, &e) ||
        !safety_drill_add(&c, &p, v[0].i, v[1].i, v[2].present ? v[2].s : "", &id, &e)) {
        safety_err_reply(r, &e);
        return;
    }
    r->status = 201;
    resp_json(r);
    buf_printf(&r->out, "{\"id\":%lld,\"plan_id\":%lld}", (long long)id, (long long)p.id);
}

static void incident_reply(Req *r, int64_t id, int status)
{
    Ctx c = site_ctx(r);
    SafetyErr e;
    Incident i;
    bool found;
    if (!safety_incident_get(&c, id, &i, &found, &e)) {
        safety_err_reply(r, &e);
        return;
    }
    bool staff = found && safety_may_see_register(&c, i.node_path);
    if (!found || (!staff && !(i.closed_at && perm_allows(c.who, PERM_TREE_READ, i.node_path)))) {
        err_reply(r, SM_NO_SUCH_INCIDENT, NULL);
        return;
    }
    IncidentEntry *en = arena_alloc(r->arena, sizeof(IncidentEntry) * ENTRIES_MAX);
    int n = safety_incident_entries(&c, id, en, ENTRIES_MAX);
    if (n < 0) {
        db_reply(r);
        return;
    }
    int64_t *ats = arena_alloc(r->arena, sizeof(int64_t) * (size_t)(n + 1));
    for (int k = 0; k < n; k++)
        ats[k] = en[k].at;
    int64_t first, duration;
    /* the first entry is the declaration itself: the response is the next line written */
    safety_incident_times(i.declared_at, n > 1 ? ats + 1 : ats, n > 1 ? n - 1 : 0, i.closed_at, &first, &duration);
    r->status = status;
    resp_json(r);
    Buf *b = &r->out;
    buf_printf(b,
               "{\"id\":%lld,\"plan_id\":%lld,\"compound_id\":%lld,\"title\":%j,\"declared_at\":%lld,\"closed_at\":%lld,"
               "\"cause\":%j,\"response\":%j,\"lessons\":%j,\"changed_rules\":%j,\"first_response_minutes\":%lld,"
               "\"duration_minutes\":%lld,\"timeline\":[",
               (long long)i.id, (long long)i.plan_id, (long long)i.compound_id, i.title, (long long)i.declared_at,
               (long long)i.closed_at, i.cause, i.response, i.lessons, i.changed_rules, (long long)first,
               (long long)duration);
    for (int k = 0; k < n; k++) {
        buf_printf(b, "%s{\"at\":%lld,\"text\":%j", k ? "," : "", (long long)en[k].at, en[k].text);
        if (staff)
            buf_printf(b, ",\"actor_id\":%lld", (long long)en[k].actor_id);
        buf_putc(b, '}');
    }
    buf_puts(b, "]}");
}

void api_plan_incident(Req *r)
{
    static const JsonField spec[] = {{"title", JF_STRING, JF_REQUIRED, 0, SAFETY_TITLE_MAX}, {NULL, 0, 0, 0, 0}};
    EmergencyPlan p;
    JsonValue v[1];
    if (!plan_or_reply(r, &p))
        return;
    json_t *body = req_json_object_or_reply(r);
    if (!body || !json_fields_or_reply(r, body, spec, v))
        return;
    Ctx c = site_ctx(r);
    SafetyErr e;
    int64_t id;
    if (!safety_may_manage(&c, p.node_path, &e) || !safety_incident_declare(&c, &p, v[0].s, &id, &e)) {
        safety_err_reply(r, &e);
        return;
    }
    incident_reply(r, id, 201);
}

void api_incidents_list(Req *r)
{
    int64_t compound, after;
    const char *path;
    if (!compound_q(r, &compound, &path, &after))
        return;
    Ctx c = site_ctx(r);
    SafetyErr e;
    bool staff = safety_may_see_register(&c, path);
    if (!staff && !safety_may_see_public(&c, path, &e)) {
        safety_err_reply(r, &e);
        return;
    }
    Incident *items = arena_alloc(r->arena, sizeof(Incident) * (PAGE_MAX + 1));
    int n = safety_incidents_page(&c, compound, !staff, after, items, PAGE_MAX + 1);
    if (n < 0) {
        db_reply(r);
        return;
    }
    bool more = n > PAGE_MAX;
    if (more)
        n = PAGE_MAX;
    resp_json(r);
    buf_puts(&r->out, "{\"items\":[");
    for (int i = 0; i < n; i++)
        buf_printf(&r->out, "%s{\"id\":%lld,\"title\":%j,\"declared_at\":%lld,\"closed_at\":%lld,\"lessons\":%j}",
                   i ? "," : "", (long long)items[i].id, items[i].title, (long long)items[i].declared_at,
                   (long long)items[i].closed_at, items[i].lessons);
    if (more)
        buf_printf(&r->out, "],\"next\":%lld}", (long long)items[n - 1].id);
    else
        buf_puts(&r->out, "],\"next\":null}");
}

void api_incident_get(Req *r)
{
    int64_t id;
    if (req_param_id_or_reply(r, "id", &id))
        incident_reply(r, id, 200);
}

static bool incident_or_reply(Req *r, Incident *i)
{
    int64_t id;
    if (!req_param_id_or_reply(r, "id", &id))
        return false;
    Ctx c = site_ctx(r);
    SafetyErr e;
    bool found;
    if (!safety_incident_get(&c, id, i, &found, &e)) {
        safety_err_reply(r, &e);
        return false;
    }
    if (!found || !safety_may_see_register(&c, i->node_path)) {
        err_reply(r, SM_NO_SUCH_INCIDENT, NULL);
        return false;
    }
    return true;
}

void api_incident_entry(Req *r)
{
    static const JsonField spec[] = {{"text", JF_STRING, JF_EMPTY_OK, 0, 2000}, {NULL, 0, 0, 0, 0}};
    Incident i;
    JsonValue v[1];
    if (!incident_or_reply(r, &i))
        return;
    json_t *body = req_json_object_or_reply(r);
    if (!body || !json_fields_or_reply(r, body, spec, v))
        return;
    Ctx c = site_ctx(r);
    SafetyErr e;
    if (!safety_may_report(&c, i.node_path, &e) ||
        !safety_incident_append(&c, &i, v[0].present ? v[0].s : "", &e)) {
        safety_err_reply(r, &e);
        return;
    }
    incident_reply(r, i.id, 201);
}

void api_incident_close(Req *r)
{
    static const JsonField spec[] = {
        {"cause", JF_STRING, JF_EMPTY_OK, 0, 2000},
        {"response", JF_STRING, JF_EMPTY_OK, 0, 2000},
        {"lessons", JF_STRING, JF_EMPTY_OK, 0, 2000},
        {"changed_rules", JF_STRING, JF_EMPTY_OK, 0, 2000},
        {NULL, 0, 0, 0, 0},
    };
    Incident i;
    JsonValue v[4];
    if (!incident_or_reply(r, &i))
        return;
    json_t *body = req_json_object_or_reply(r);
    if (!body || !json_fields_or_reply(r, body, spec, v))
        return;
    Ctx c = site_ctx(r);
    SafetyErr e;
    if (!safety_may_manage(&c, i.node_path, &e) ||
        !safety_incident_close(&c, &i, v[0].present ? v[0].s : "", v[1].present ? v[1].s : "",
                               v[2].present ? v[2].s : "", v[3].present ? v[3].s : "", &e)) {
        safety_err_reply(r, &e);
        return;
    }
    incident_reply(r, i.id, 200);
}
