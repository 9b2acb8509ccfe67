/* facility_api.c: the facility register's JSON API: the compound's list,
 * adding a facility, one facility with its work orders, reporting a fault. */
#include "project/web_int.h"

#include "core/clock.h"
#include "grid/read.h"
#include "http/jsonin.h"
#include "workorder/workorder.h"

static void facility_json(Buf *b, const Facility *f)
{
    buf_printf(b,
               "{\"id\":%lld,\"compound_id\":%lld,\"project_id\":%lld,\"type\":%j,\"type_label\":%j,\"name\":%j,"
               "\"location\":%j,\"maintainer_org_id\":%lld,\"maintainer\":%j,\"standard\":%j,\"fund_source\":%j,"
               "\"interval_days\":%lld,\"next_due\":",
               (long long)f->id, (long long)f->node_id, (long long)f->project_id, f->type,
               project_facility_type_label_zh(f->type), f->name, f->location, (long long)f->maintainer_org_id,
               f->maintainer, f->standard, f->fund_source, (long long)f->interval_days);
    if (f->next_due) {
        char s[26];
        clock_format_iso(f->next_due, s);
        buf_printf(b, "%j", s);
    } else {
        buf_puts(b, "null");
    }
    buf_puts(b, ",\"warranty_until\":");
    if (f->warranty_until) {
        char s[26];
        clock_format_iso(f->warranty_until, s);
        buf_printf(b, "%j}", s);
    } else {
        buf_puts(b, "null}");
    }
}

/* The facility of the path's "id", readable by the caller (else 404). */
static bool load_or_reply(Req *r, const Ctx *c, Facility *f)
{
    int64_t id;
    ProjectErr e;
    if (!req_param_id_or_reply(r, "id", &id))
        return false;
    if (!project_facility_get(c, id, f, &e)) {
        project_err_reply(r, &e);
        return false;
    }
    if (!perm_allows(c->who, PERM_TREE_READ, f->node_path)) {
        e = (ProjectErr){PM_NO_FACILITY, "id", NULL};
        project_err_reply(r, &e);
        return false;
    }
    return true;
}

void api_facilities_list(Req *r)
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
    Facility *f;
    int n;
    ProjectErr e;
    if (!project_facilities(&c, compound, after ? after : INT64_MAX, (int)per_page + 1, &f, &n, &e)) {
        project_err_reply(r, &e);
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
        facility_json(&r->out, &f[i]);
    }
    buf_printf(&r->out, "],\"per_page\":%lld,\"next\":", (long long)per_page);
    if (more)
        buf_printf(&r->out, "%lld}", (long long)f[n - 1].id);
    else
        buf_puts(&r->out, "null}");
}

static const JsonField facility_spec[] = {
    {"compound_id", JF_INT, JF_REQUIRED, 1, INT64_MAX},
    {"project_id", JF_INT, JF_NULLABLE, 1, INT64_MAX},
    {"type", JF_STRING, JF_REQUIRED, 0, 20},
    {"name", JF_STRING, JF_REQUIRED, 0, 100},
    {"location", JF_STRING, JF_EMPTY_OK | JF_NULLABLE, 0, 200},
    {"maintainer_org_id", JF_INT, JF_NULLABLE, 1, INT64_MAX},
    {"warranty_until", JF_STRING, JF_NULLABLE, 0, 10},
    {"standard", JF_STRING, JF_EMPTY_OK | JF_NULLABLE, 0, 500},
    {"fund_source", JF_STRING, JF_EMPTY_OK | JF_NULLABLE, 0, 100},
    {"interval_days", JF_INT, JF_NULLABLE, 0, PROJECT_INTERVAL_DAYS_MAX},
    {"first_due", JF_STRING, JF_NULLABLE, 0, 10},
    {NULL, 0, 0, 0, 0},
};

void api_facility_create(Req *r)
{
    json_t *body = req_json_object_or_reply(r);
    JsonValue v[11];
    if (!body || !json_fields_or_reply(r, body, facility_spec, v))
        return;
    Ctx c = site_ctx(r);
    NodeInfo node;
    GridRead g = grid_node_find(&c, v[0].i, &node);
    if (g == GRID_OK && !project_may_manage_at(&c, node.path)) {
        ProjectErr e = {PM_FORBIDDEN, NULL, NULL};
        project_err_reply(r, &e);
        return;
    }
    int64_t warranty = 0;
    if (v[6].present && !clock_parse_local_day(v[6].s, &warranty)) {
        reply_error(r, 400, "bad_value", "warranty_until", "日期格式应为 YYYY-MM-DD", "Dates are YYYY-MM-DD");
        return;
    }
    int64_t first_due = 0;
    if (v[10].present && !clock_parse_local_day(v[10].s, &first_due)) {
        reply_error(r, 400, "bad_value", "first_due", "日期格式应为 YYYY-MM-DD", "Dates are YYYY-MM-DD");
        return;
    }
    FacilityNew in = {v[0].i,
                      v[1].present ? v[1].i : 0,
                      v[5].present ? v[5].i : 0,
                      warranty,
                      v[2].s,
                      v[3].s,
                      v[4].s,
                      v[7].present ? v[7].s : "",
                      v[8].present ? v[8].s : "",
                      v[9].present ? v[9].i : 0,
                      first_due};
    int64_t id;
    ProjectErr e;
    Facility f;
    if (!project_facility_add(&c, &in, &id, &e) || !project_facility_get(&c, id, &f, &e)) {
        project_err_reply(r, &e);
        return;
    }
    r->status = 201;
    resp_json(r);
    facility_json(&r->out, &f);
}

void api_facility_get(Req *r)
{
    Ctx c = site_ctx(r);
    Facility f;
    if (!load_or_reply(r, &c, &f))
        return;
    enum { MAX = 200 };
    WoSourceOrder *o = arena_alloc(r->arena, sizeof *o * MAX);
    int n = wo_orders_of_source(&c, "facility", f.id, o, MAX);
    if (n < 0) {
        reply_storage_error(r);
        return;
    }
    FacilityRun *runs;
    int nr;
    ProjectErr e;
    if (!project_facility_runs(&c, f.id, INT64_MAX, 100, &runs, &nr, &e)) {
        project_err_reply(r, &e);
        return;
    }
    resp_json(r);
    buf_puts(&r->out, "{\"facility\":");
    facility_json(&r->out, &f);
    buf_puts(&r->out, ",\"orders\":[");
    for (int i = 0; i < n; i++) {
        char at[26];
        clock_format_iso(o[i].created_at, at);
        buf_printf(&r->out, "%s{\"id\":%lld,\"open\":%s,\"description\":%j,\"created_at\":%j}", i ? "," : "",
                   (long long)o[i].id, o[i].is_open ? "true" : "false", o[i].description, at);
    }
    buf_puts(&r->out, "],\"runs\":[");
    for (int i = 0; i < nr; i++) {
        char due[26];
        clock_format_iso(runs[i].due_at, due);
        buf_printf(&r->out, "%s{\"id\":%lld,\"due_at\":%j,\"state\":%j,\"order_id\":", i ? "," : "",
                   (long long)runs[i].id, due, runs[i].state);
        if (runs[i].order_id)
            buf_printf(&r->out, "%lld}", (long long)runs[i].order_id);
        else
            buf_puts(&r->out, "null}");
    }
    buf_puts(&r->out, "]}");
}

static const JsonField fault_spec[] = {
    {"description", JF_STRING, JF_REQUIRED, 0, 1000},
    {"category", JF_STRING, JF_NULLABLE, 0, 40},
    {NULL, 0, 0, 0, 0},
};

void api_facility_fault(Req *r)
{
    Ctx c = site_ctx(r);
    Facility f;
    if (!load_or_reply(r, &c, &f))
        return;
    json_t *body = req_json_object_or_reply(r);
    JsonValue v[2];
    if (!body || !json_fields_or_reply(r, body, fault_spec, v))
        return;
    int64_t id;
    ProjectErr e;
    if (!project_facility_fault(&c, &f, v[1].s, v[0].s, &id, &e)) {
        project_err_reply(r, &e);
        return;
    }
    r->status = 201;
    resp_json(r);
    buf_printf(&r->out, "{\"order_id\":%lld,\"facility_id\":%lld}", (long long)id, (long long)f.id);
}
