/* model.c (device): the only writer of device and device_event. */
#include "device/device.h"

#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "auth/audit.h"
#include "notify/notify.h"
#include "workorder/workorder.h"

static bool busy(DeviceErr *e)
{
    e->msg = DM_BUSY;
    e->field = NULL;
    return false;
}

static bool fail(DeviceErr *e, DeviceMsg m, const char *field)
{
    e->msg = m;
    e->field = field;
    return false;
}

bool device_add(const Ctx *c, int64_t node_id, const char *node_path, const char *name, const char *kind,
                int64_t silent_after, int64_t *id_out, const char **token_out, DeviceErr *e)
{
    if (!device_kind_valid(kind))
        return fail(e, DM_BAD_KIND, "kind");
    unsigned char raw[24];
    randombytes_buf(raw, sizeof raw);
    char hex[49], hash[65];
    sodium_bin2hex(hex, sizeof hex, raw, sizeof raw);
    char *token = arena_printf(c->arena, "gzd_%s", hex);
    device_token_hash(token, hash);
    int64_t id = 0;
    DbStmt *st = db_query(c->db,
                          "INSERT INTO device (node_id, node_path, name, kind, token_hash, silent_after, created_by, "
                          "created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                          DB_I(node_id), DB_T(node_path), DB_T(name), DB_T(kind), DB_T(hash), DB_I(silent_after),
                          ctx_actor(c) ? DB_I(ctx_actor(c)) : DB_NULL, DB_I(c->now));
    if (db_step(st) == DB_ROW)
        id = db_col_int(st, 0);
    if (!db_done(st) || !id)
        return busy(e);
    char *after = arena_printf(c->arena, "{\"name\":%j,\"kind\":%j,\"node_id\":%lld}", name, kind, (long long)node_id);
    if (!audit_append(c->db, ctx_actor(c), "device", id, "create", NULL, after))
        return busy(e);
    *id_out = id;
    *token_out = token;
    return true;
}

#define DEVICE_COLS                                                                                                    \
    "SELECT id, node_id, node_path, name, kind, last_seen_at, revoked_at, silent_after, created_at FROM device "

static void device_row(Arena *a, DbStmt *st, Device *d)
{
    d->id = db_col_int(st, 0);
    d->node_id = db_col_int(st, 1);
    d->node_path = arena_strdup(a, db_col_text(st, 2));
    d->name = arena_strdup(a, db_col_text(st, 3));
    d->kind = arena_strdup(a, db_col_text(st, 4));
    d->last_seen_at = db_col_null(st, 5) ? 0 : db_col_int(st, 5);
    d->revoked_at = db_col_null(st, 6) ? 0 : db_col_int(st, 6);
    d->silent_after = db_col_int(st, 7);
    d->created_at = db_col_int(st, 8);
}

int device_list(const Ctx *c, int64_t after, Device *out, int max)
{
    DbStmt *st = db_query(c->db, DEVICE_COLS "WHERE id > ? ORDER BY id LIMIT ?", DB_I(after), DB_I(max));
    int n = 0;
    while (n < max && db_step(st) == DB_ROW)
        device_row(c->arena, st, &out[n++]);
    return db_done(st) ? n : -1;
}

bool device_get(const Ctx *c, int64_t id, Device *out, DeviceErr *e)
{
    DbStmt *st = db_query(c->db, DEVICE_COLS "WHERE id = ?", DB_I(id));
    bool found = false;
    if (db_step(st) == DB_ROW) {
        device_row(c->arena, st, out);
        found = true;
    }
    if (!db_done(st))
        return busy(e);
    return found || fail(e, DM_NOT_FOUND, NULL);
}

bool device_revoke(const Ctx *c, int64_t id, DeviceErr *e)
{
    if (!db_exec(c->db, "UPDATE device SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL", DB_I(c->now),
                 DB_I(id)))
        return busy(e);
    if (db_changes(c->db) == 0)
        return true; /* revoked already */
    return audit_append(c->db, ctx_actor(c), "device", id, "revoke", NULL, NULL) || busy(e);
}

bool device_event_in(const Ctx *c, const char *token, const char *code, const char *detail, int64_t *order_id,
                     bool *duplicate, DeviceErr *e)
{
    *order_id = 0;
    *duplicate = false;
    char hash[65];
    device_token_hash(token, hash);
    Device d;
    bool found = false;
    DbStmt *st = db_query(c->db, DEVICE_COLS "WHERE token_hash = ? AND revoked_at IS NULL", DB_T(hash));
    if (db_step(st) == DB_ROW) {
        device_row(c->arena, st, &d);
        found = true;
    }
    if (!db_done(st))
        return busy(e);
    if (!found)
        return fail(e, DM_BAD_TOKEN, NULL);
    const DeviceRule *rule = device_rule(code);
    if (!rule)
        return fail(e, DM_UNKNOWN_EVENT, "event");
    int64_t recent = 0;
    if (!db_int(c->db, &recent, "SELECT COUNT(*) FROM device_event WHERE device_id = ? AND at > ?", DB_I(d.id),
                DB_I(c->now - 60)))
        return busy(e);
    if (recent >= DEVICE_PER_MINUTE)
        return fail(e, DM_RATE_LIMITED, NULL);
    if (!db_exec(c->db, "UPDATE device SET last_seen_at = ?, silent_alerted_at = NULL WHERE id = ?", DB_I(c->now),
                 DB_I(d.id)))
        return busy(e);
    /* the last order this device raised for this event */
    int64_t last_at = 0, last_order = 0;
    st = db_query(c->db,
                  "SELECT at, order_id FROM device_event WHERE device_id = ? AND code = ? AND outcome = 'order' "
                  "ORDER BY id DESC LIMIT 1",
                  DB_I(d.id), DB_T(code));
    if (db_step(st) == DB_ROW) {
        last_at = db_col_int(st, 0);
        last_order = db_col_int(st, 1);
    }
    if (!db_done(st))
        return busy(e);
    bool open = false;
    if (last_order) {
        WoSourceOrder os[64];
        int n = wo_orders_of_source(c, "device", d.id, os, 64);
        if (n < 0)
            return busy(e);
        for (int i = 0; i < n; i++)
            if (os[i].id == last_order)
                open = os[i].is_open;
    }
    if (device_is_duplicate(last_at, open, c->now, DEVICE_DEDUP_WINDOW)) {
        *duplicate = true;
        *order_id = last_order;
        return db_exec(c->db, "INSERT INTO device_event (device_id, code, at, outcome, order_id) VALUES (?, ?, ?, "
                              "'duplicate', ?)",
                       DB_I(d.id), DB_T(code), DB_I(c->now), DB_I(last_order)) ||
               busy(e);
    }
    char *desc = arena_printf(c->arena, "%s：%s%s%s", rule->label_zh, d.name, detail && *detail ? "，" : "",
                              detail ? detail : "");
    WoRaise in = {.node_id = d.node_id, .category_code = rule->category, .description = desc,
                  .place_text = d.name, .channel = NULL, .source_kind = "device", .source_id = d.id,
                  .response_minutes = rule->response_minutes, .resolve_minutes = rule->resolve_minutes};
    WoErr we;
    int64_t oid = 0;
    if (!wo_raise(c, &in, &oid, &we))
        return we.msg == WM_BUSY || we.msg == WM_INTERNAL ? busy(e) : fail(e, DM_RAISE_FAILED, NULL);
    /* hook: when safety/ is on main, rule->hazard also records a hazard here */
    *order_id = oid;
    return db_exec(c->db,
                   "INSERT INTO device_event (device_id, code, at, outcome, order_id) VALUES (?, ?, ?, 'order', ?)",
                   DB_I(d.id), DB_T(code), DB_I(c->now), DB_I(oid)) ||
           busy(e);
}

bool device_silent_sweep(const Ctx *c, int *n_alerted)
{
    *n_alerted = 0;
    enum { MAX = 200 };
    Device *ds = arena_alloc(c->arena, sizeof *ds * MAX);
    int n = 0;
    DbStmt *st = db_query(c->db,
                          DEVICE_COLS "WHERE revoked_at IS NULL AND silent_alerted_at IS NULL AND "
                                      "COALESCE(last_seen_at, created_at) + silent_after < ? ORDER BY id LIMIT ?",
                          DB_I(c->now), DB_I(MAX));
    while (n < MAX && db_step(st) == DB_ROW)
        device_row(c->arena, st, &ds[n++]);
    if (!db_done(st))
        return false;
    for (int i = 0; i < n; i++) {
        char title[200], link[40], data[80];
        snprintf(title, sizeof title, "设备失联：%s", ds[i].name);
        snprintf(link, sizeof link, "/devices/%lld", (long long)ds[i].id);
        snprintf(data, sizeof data, "{\"device_id\":%lld,\"last_seen_at\":%lld}", (long long)ds[i].id,
                 (long long)ds[i].last_seen_at);
        NotifyEvent ev = {.type = "device.silent", .entity = "device", .entity_id = ds[i].id,
                          .node_path = ds[i].node_path, .urgent = true, .title = title,
                          .body = "设备长时间没有上报，请检查供电和网络。", .link = link, .data = data};
        if (!notify_emit(c, &ev, NULL) ||
            !db_exec(c->db, "UPDATE device SET silent_alerted_at = ? WHERE id = ?", DB_I(c->now), DB_I(ds[i].id)))
            return false;
        (*n_alerted)++;
    }
    return true;
}
