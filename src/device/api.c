/* api.c (device): JSON adapters: the device list, tokens, and the events
 * devices post. */
#include "device/web.h"

#include <string.h>

#include "core/clock.h"
#include "grid/web.h"
#include "http/jsonin.h"
#include "project/project.h"
#include "site/site.h"

#define PAGE 50

static void device_json(Buf *b, const Device *d, int64_t now)
{
    char at[26], seen[26] = "";
    clock_format_iso(d->created_at, at);
    if (d->last_seen_at)
        clock_format_iso(d->last_seen_at, seen);
    int64_t since = d->last_seen_at ? d->last_seen_at : d->created_at;
    buf_printf(b, "{\"id\":%lld,\"node_id\":%lld,\"name\":%j,\"kind\":%j,\"created_at\":%j,\"revoked\":%s,"
                  "\"silent\":%s,\"silent_after\":%lld,\"last_seen_at\":",
               (long long)d->id, (long long)d->node_id, d->name, d->kind, at, d->revoked_at ? "true" : "false",
               !d->revoked_at && now - since > d->silent_after ? "true" : "false", (long long)d->silent_after);
    if (d->last_seen_at)
        buf_printf(b, "%j", seen);
    else
        buf_puts(b, "null");
    buf_puts(b, ",\"facility_id\":");
    if (d->facility_id)
        buf_printf(b, "%lld", (long long)d->facility_id);
    else
        buf_puts(b, "null");
    buf_puts(b, ",\"silent_hazard_id\":");
    if (d->silent_hazard_id)
        buf_printf(b, "%lld}", (long long)d->silent_hazard_id);
    else
        buf_puts(b, "null}");
}

void api_devices_list(Req *r)
{
    int64_t after;
    if (!req_query_int_or_reply(r, "after", 0, 0, INT64_MAX, &after))
        return;
    Ctx c = site_ctx(r);
    Device *ds = arena_alloc(c.arena, sizeof *ds * PAGE);
    int n = device_list(&c, after, ds, PAGE);
    if (n < 0) {
        reply_storage_error(r);
        return;
    }
    resp_json(r);
    buf_puts(&r->out, "{\"items\":[");
    int k = 0;
    for (int i = 0; i < n; i++) {
        if (!perm_allows(r->who, PERM_DEVICE_ADMIN, ds[i].node_path))
            continue;
        if (k++)
            buf_putc(&r->out, ',');
        device_json(&r->out, &ds[i], c.now);
    }
    buf_puts(&r->out, "],\"next\":");
    if (n == PAGE)
        buf_printf(&r->out, "%lld}", (long long)ds[n - 1].id);
    else
        buf_puts(&r->out, "null}");
}

static const JsonField create_spec[] = {
    {"node_id", JF_INT, JF_REQUIRED, 1, INT64_MAX},
    {"name", JF_STRING, JF_REQUIRED, 0, 60},
    {"kind", JF_STRING, JF_REQUIRED, 0, 20},
    {"silent_after", JF_INT, 0, 300, 30LL * 86400},
    {NULL, 0, 0, 0, 0},
};

void api_device_create(Req *r)
{
    json_t *body = req_json_object_or_reply(r);
    JsonValue v[4];
    if (!body || !json_fields_or_reply(r, body, create_spec, v))
        return;
    NodeInfo node;
    if (!grid_node_ref_or_reply(r, v[0].i, PERM_DEVICE_ADMIN, "node_id", &node))
        return;
    Ctx c = site_ctx(r);
    DeviceErr e;
    int64_t id = 0;
    const char *token = NULL;
    Device d;
    if (!device_add(&c, node.id, node.path, v[1].s, v[2].s, v[3].present ? v[3].i : 86400, &id, &token, &e) ||
        !device_get(&c, id, &d, &e)) {
        device_err_reply(r, &e);
        return;
    }
    r->status = 201;
    resp_json(r);
    buf_puts(&r->out, "{\"device\":");
    device_json(&r->out, &d, c.now);
    /* shown this once: only its hash is kept */
    buf_printf(&r->out, ",\"token\":%j}", token);
}

void api_device_revoke(Req *r)
{
    int64_t id;
    if (!req_param_id_or_reply(r, "id", &id))
        return;
    Ctx c = site_ctx(r);
    DeviceErr e;
    Device d;
    if (!device_get(&c, id, &d, &e) || !perm_allows(r->who, PERM_DEVICE_ADMIN, d.node_path)) {
        device_err_reply(r, &(DeviceErr){DM_NOT_FOUND, NULL});
        return;
    }
    if (!device_revoke(&c, id, &e) || !device_get(&c, id, &d, &e)) {
        device_err_reply(r, &e);
        return;
    }
    resp_json(r);
    device_json(&r->out, &d, c.now);
}

static const JsonField event_spec[] = {
    {"event", JF_STRING, JF_REQUIRED, 0, 40},
    {"detail", JF_STRING, JF_EMPTY_OK, 0, 200},
    {NULL, 0, 0, 0, 0},
};

void api_integration_event(Req *r)
{
    const char *token = req_header(r, "x-device-token");
    if (!token || !*token || strlen(token) > 100) {
        device_err_reply(r, &(DeviceErr){DM_BAD_TOKEN, NULL});
        return;
    }
    json_t *body = req_json_object_or_reply(r);
    JsonValue v[2];
    if (!body || !json_fields_or_reply(r, body, event_spec, v))
        return;
    Ctx c = site_ctx(r);
    DeviceErr e;
    DeviceOutcome o;
    if (!device_event_in(&c, token, v[0].s, v[1].present ? v[1].s : "", &o, &e)) {
        device_err_reply(r, &e);
        return;
    }
    r->status = o.duplicate || o.action == DA_IGNORE ? 200 : 201;
    resp_json(r);
    buf_printf(&r->out, "{\"action\":%j,\"duplicate\":%s,\"order_id\":", device_action_name(o.action),
               o.duplicate ? "true" : "false");
    if (o.order_id)
        buf_printf(&r->out, "%lld", (long long)o.order_id);
    else
        buf_puts(&r->out, "null");
    buf_puts(&r->out, ",\"hazard_id\":");
    if (o.hazard_id)
        buf_printf(&r->out, "%lld}", (long long)o.hazard_id);
    else
        buf_puts(&r->out, "null}");
}

/* ---- a device's facility ---- */

static const JsonField facility_spec[] = {
    {"facility_id", JF_INT, JF_REQUIRED, 1, INT64_MAX},
    {NULL, 0, 0, 0, 0},
};

void api_device_facility(Req *r)
{
    int64_t id;
    if (!req_param_id_or_reply(r, "id", &id))
        return;
    json_t *body = req_json_object_or_reply(r);
    JsonValue v[1];
    if (!body || !json_fields_or_reply(r, body, facility_spec, v))
        return;
    Ctx c = site_ctx(r);
    DeviceErr e;
    Device d;
    if (!device_get(&c, id, &d, &e) || !perm_allows(r->who, PERM_DEVICE_ADMIN, d.node_path)) {
        device_err_reply(r, &(DeviceErr){DM_NOT_FOUND, NULL});
        return;
    }
    Facility f;
    ProjectErr pe;
    if (!project_facility_get(&c, v[0].i, &f, &pe) || !perm_allows(r->who, PERM_DEVICE_ADMIN, f.node_path)) {
        reply_error(r, 400, "bad_ref", "facility_id", "找不到这个设施", "No such facility");
        return;
    }
    if (!device_set_facility(&c, id, f.id, &e) || !device_get(&c, id, &d, &e)) {
        device_err_reply(r, &e);
        return;
    }
    resp_json(r);
    device_json(&r->out, &d, c.now);
}

/* ---- community rules ---- */

static void rule_json(Buf *b, const DeviceRule *x)
{
    buf_printf(b,
               "{\"id\":%lld,\"node_path\":%j,\"event\":%j,\"label\":%j,\"action\":%j,\"category\":%j,"
               "\"likelihood\":%d,\"consequence\":%d,\"dedup_window\":%lld,\"per_minute\":%d}",
               (long long)x->id, x->node_path, x->code, x->label_zh ? x->label_zh : "", device_action_name(x->action),
               x->category ? x->category : "", x->likelihood, x->consequence, (long long)x->dedup_window,
               x->per_minute);
}

void api_device_rules_list(Req *r)
{
    int64_t after;
    if (!req_query_int_or_reply(r, "after", 0, 0, INT64_MAX, &after))
        return;
    Ctx c = site_ctx(r);
    DeviceRule *rs = arena_alloc(c.arena, sizeof *rs * PAGE);
    int n = device_rules(&c, after, rs, PAGE);
    if (n < 0) {
        reply_storage_error(r);
        return;
    }
    resp_json(r);
    buf_puts(&r->out, "{\"items\":[");
    int k = 0;
    for (int i = 0; i < n; i++) {
        if (!perm_allows(r->who, PERM_DEVICE_ADMIN, rs[i].node_path))
            continue;
        if (k++)
            buf_putc(&r->out, ',');
        rule_json(&r->out, &rs[i]);
    }
    buf_puts(&r->out, "],\"next\":");
    if (n == PAGE)
        buf_printf(&r->out, "%lld}", (long long)rs[n - 1].id);
    else
        buf_puts(&r->out, "null}");
}

static const JsonField rule_spec[] = {
    {"node_id", JF_INT, JF_REQUIRED, 1, INT64_MAX},
    {"event", JF_STRING, JF_REQUIRED, 0, 40},
    {"action", JF_STRING, JF_REQUIRED, 0, 20},
    {"category", JF_STRING, JF_EMPTY_OK, 0, 40},
    {"likelihood", JF_INT, 0, 0, 100},
    {"consequence", JF_INT, 0, 0, 100},
    {"dedup_window", JF_INT, 0, 0, INT32_MAX},
    {"per_minute", JF_INT, 0, 0, 100000},
    {NULL, 0, 0, 0, 0},
};

void api_device_rule_set(Req *r)
{
    json_t *body = req_json_object_or_reply(r);
    JsonValue v[8];
    if (!body || !json_fields_or_reply(r, body, rule_spec, v))
        return;
    const DeviceRule *base = device_rule(v[1].s);
    if (!base) {
        device_err_reply(r, &(DeviceErr){DM_UNKNOWN_EVENT, "event"});
        return;
    }
    DeviceRule x = *base;
    if (!device_action_parse(v[2].s, &x.action)) {
        device_err_reply(r, &(DeviceErr){DM_BAD_RULE, "action"});
        return;
    }
    if (v[3].present)
        x.category = v[3].s;
    if (v[4].present)
        x.likelihood = (int)v[4].i;
    if (v[5].present)
        x.consequence = (int)v[5].i;
    if (v[6].present)
        x.dedup_window = v[6].i;
    if (v[7].present)
        x.per_minute = (int)v[7].i;
    NodeInfo node;
    if (!grid_node_ref_or_reply(r, v[0].i, PERM_DEVICE_ADMIN, "node_id", &node))
        return;
    x.node_path = node.path;
    Ctx c = site_ctx(r);
    DeviceErr e;
    int64_t id = 0;
    if (!device_rule_set(&c, &x, &id, &e)) {
        device_err_reply(r, &e);
        return;
    }
    x.id = id;
    r->status = 201;
    resp_json(r);
    rule_json(&r->out, &x);
}
