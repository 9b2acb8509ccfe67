/* api.c (device): JSON adapters: the device list, tokens, and the events
 * devices post. */
#include "device/web.h"

#include <string.h>

#include "core/clock.h"
#include "grid/web.h"
#include "http/jsonin.h"
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
        buf_printf(b, "%j}", seen);
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
    int64_t order = 0;
    bool dup = false;
    if (!device_event_in(&c, token, v[0].s, v[1].present ? v[1].s : "", &order, &dup, &e)) {
        device_err_reply(r, &e);
        return;
    }
    r->status = dup ? 200 : 201;
    resp_json(r);
    buf_printf(&r->out, "{\"order_id\":%lld,\"duplicate\":%s}", (long long)order, dup ? "true" : "false");
}
