/* model.c (device): the only writer of device and device_event. */
#include "device/device.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "auth/audit.h"
#include "grid/grid.h"
#include "notify/notify.h"
#include "project/project.h"
#include "safety/safety.h"
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
    "SELECT id, node_id, node_path, name, kind, last_seen_at, revoked_at, silent_after, created_at, facility_id, "    \
    "silent_hazard_id FROM device "

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
    d->facility_id = db_col_null(st, 9) ? 0 : db_col_int(st, 9);
    d->silent_hazard_id = db_col_null(st, 10) ? 0 : db_col_int(st, 10);
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

bool device_set_facility(const Ctx *c, int64_t id, int64_t facility_id, DeviceErr *e)
{
    char *after = arena_printf(c->arena, "{\"facility_id\":%lld}", (long long)facility_id);
    return (db_exec(c->db, "UPDATE device SET facility_id = ? WHERE id = ?", DB_I(facility_id), DB_I(id)) &&
            audit_append(c->db, ctx_actor(c), "device", id, "facility", NULL, after)) ||
           busy(e);
}

/* ---- community rules ---- */

#define RULE_COLS                                                                                                      \
    "SELECT id, node_path, code, action, category, likelihood, consequence, dedup_window, per_minute FROM "           \
    "device_rule "

static void rule_row(Arena *a, DbStmt *st, DeviceRule *r)
{
    const DeviceRule *b = device_rule(db_col_text(st, 2));
    if (b)
        *r = *b;
    else
        memset(r, 0, sizeof *r);
    r->id = db_col_int(st, 0);
    r->node_path = arena_strdup(a, db_col_text(st, 1));
    r->code = arena_strdup(a, db_col_text(st, 2));
    r->action = DA_IGNORE;
    device_action_parse(db_col_text(st, 3), &r->action);
    const char *cat = db_col_text(st, 4);
    if (*cat)
        r->category = arena_strdup(a, cat);
    r->likelihood = (int)db_col_int(st, 5);
    r->consequence = (int)db_col_int(st, 6);
    r->dedup_window = db_col_int(st, 7);
    r->per_minute = (int)db_col_int(st, 8);
    r->hazard = false; /* a community's rule does what its action says, no more */
}

bool device_rule_for(const Ctx *c, const char *path, const char *code, DeviceRule *out, bool *known)
{
    const DeviceRule *b = device_rule(code);
    *known = b != NULL;
    if (!b)
        return true;
    *out = *b;
    size_t best = 0;
    DbStmt *st = db_query(c->db, RULE_COLS "WHERE code = ? ORDER BY id LIMIT 500", DB_T(code));
    while (db_step(st) == DB_ROW) {
        const char *p = db_col_text(st, 1);
        size_t n = strlen(p);
        if (n > best && strncmp(path, p, n) == 0) {
            best = n;
            rule_row(c->arena, st, out);
        }
    }
    return db_done(st);
}

bool device_rule_set(const Ctx *c, const DeviceRule *r, int64_t *id_out, DeviceErr *e)
{
    const char *field = NULL;
    if (!device_rule_valid(r, &field))
        return fail(e, DM_BAD_RULE, field);
    int64_t id = 0;
    if (!db_exec(c->db, "DELETE FROM device_rule WHERE node_path = ? AND code = ?", DB_T(r->node_path), DB_T(r->code)))
        return busy(e);
    DbStmt *st = db_query(c->db,
                          "INSERT INTO device_rule (node_path, code, action, category, likelihood, consequence, "
                          "dedup_window, per_minute, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
                          "RETURNING id",
                          DB_T(r->node_path), DB_T(r->code), DB_T(device_action_name(r->action)),
                          DB_T(r->category ? r->category : ""), DB_I(r->likelihood), DB_I(r->consequence),
                          DB_I(r->dedup_window), DB_I(r->per_minute), ctx_actor(c) ? DB_I(ctx_actor(c)) : DB_NULL,
                          DB_I(c->now));
    if (db_step(st) == DB_ROW)
        id = db_col_int(st, 0);
    if (!db_done(st) || !id)
        return busy(e);
    char *after = arena_printf(c->arena,
                               "{\"node_path\":%j,\"event\":%j,\"action\":%j,\"category\":%j,\"likelihood\":%d,"
                               "\"consequence\":%d,\"dedup_window\":%lld,\"per_minute\":%d}",
                               r->node_path, r->code, device_action_name(r->action), r->category ? r->category : "",
                               r->likelihood, r->consequence, (long long)r->dedup_window, r->per_minute);
    if (!audit_append(c->db, ctx_actor(c), "device_rule", id, "set", NULL, after))
        return busy(e);
    *id_out = id;
    return true;
}

int device_rules(const Ctx *c, int64_t after, DeviceRule *out, int max)
{
    DbStmt *st = db_query(c->db, RULE_COLS "WHERE id > ? ORDER BY id LIMIT ?", DB_I(after), DB_I(max));
    int n = 0;
    while (n < max && db_step(st) == DB_ROW)
        rule_row(c->arena, st, &out[n++]);
    return db_done(st) ? n : -1;
}

/* ---- events ---- */

/* The compound a device belongs to (its node or the one above); 0: none (a device on a grid). */
static bool compound_of(const Ctx *c, const Device *d, int64_t *id)
{
    *id = 0;
    GrantPlace gp;
    if (!grid_grant_place(c, d->node_id, &gp))
        return true; /* no such node any more: no compound to record a hazard in */
    if (gp.kind == NODE_COMPOUND) {
        *id = d->node_id;
        return true;
    }
    if (!gp.compound_path)
        return true;
    size_t n = strlen(gp.compound_path);
    const char *p = gp.compound_path + n;
    if (n >= 2)
        p -= 2;
    while (p > gp.compound_path && p[-1] != '/')
        p--;
    *id = strtoll(p, NULL, 10);
    return true;
}

/* Is the record a previous event raised still open? */
static bool still_open(const Ctx *c, const Device *d, DeviceAction a, int64_t order_id, int64_t hazard_id, bool *open)
{
    *open = false;
    if (a == DA_HAZARD) {
        Hazard h;
        bool found = false;
        SafetyErr se;
        if (!safety_hazard_get(c, hazard_id, &h, &found, &se))
            return false;
        *open = found && h.is_open;
        return true;
    }
    WoSourceOrder os[64];
    int n = a == DA_FACILITY ? wo_orders_of_source(c, "facility", d->facility_id, os, 64)
                             : wo_orders_of_source(c, "device", d->id, os, 64);
    if (n < 0)
        return false;
    for (int i = 0; i < n; i++)
        if (os[i].id == order_id)
            *open = os[i].is_open;
    return true;
}

static bool record(const Ctx *c, const Device *d, const char *code, const char *outcome, const DeviceOutcome *o)
{
    return db_exec(c->db,
                   "INSERT INTO device_event (device_id, code, at, outcome, order_id, hazard_id) VALUES (?, ?, ?, ?, ?, ?)",
                   DB_I(d->id), DB_T(code), DB_I(c->now), DB_T(outcome), o->order_id ? DB_I(o->order_id) : DB_NULL,
                   o->hazard_id ? DB_I(o->hazard_id) : DB_NULL);
}

static bool raise_hazard(const Ctx *c, const Device *d, const char *title, const char *detail, int likelihood,
                         int consequence, int64_t *hazard_id, bool *refused)
{
    *refused = false;
    int64_t compound = 0;
    if (!compound_of(c, d, &compound))
        return false;
    if (!compound) {
        *refused = true;
        return true;
    }
    HazardInput hi = {.compound_id = compound, .title = title, .detail = detail, .place_text = d->name,
                      .advice = "", .source = "device", .likelihood = likelihood, .consequence = consequence};
    SafetyErr se;
    if (safety_hazard_create(c, &hi, hazard_id, &se))
        return true;
    if (se.msg == SM_BUSY || se.msg == SM_INTERNAL)
        return false;
    *refused = true;
    return true;
}

bool device_event_in(const Ctx *c, const char *token, const char *code, const char *detail, DeviceOutcome *out,
                     DeviceErr *e)
{
    memset(out, 0, sizeof *out);
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
    DeviceRule rule;
    bool known = false;
    if (!device_rule_for(c, d.node_path, code, &rule, &known))
        return busy(e);
    if (!known)
        return fail(e, DM_UNKNOWN_EVENT, "event");
    out->action = rule.action;
    int64_t recent = 0;
    if (!db_int(c->db, &recent, "SELECT COUNT(*) FROM device_event WHERE device_id = ? AND at > ?", DB_I(d.id),
                DB_I(c->now - 60)))
        return busy(e);
    if (recent >= rule.per_minute)
        return fail(e, DM_RATE_LIMITED, NULL);
    if (!db_exec(c->db, "UPDATE device SET last_seen_at = ?, silent_alerted_at = NULL, silent_hazard_id = NULL WHERE id = ?",
                 DB_I(c->now), DB_I(d.id)))
        return busy(e);
    if (rule.action == DA_IGNORE)
        return record(c, &d, code, "ignored", out) || busy(e);
    if (rule.action == DA_FACILITY && !d.facility_id)
        return fail(e, DM_NO_FACILITY, "event");
    const char *raised = rule.action == DA_HAZARD ? "hazard" : rule.action == DA_FACILITY ? "facility" : "order";
    /* the last record this device raised for this event */
    int64_t last_at = 0, last_order = 0, last_hazard = 0;
    st = db_query(c->db,
                  "SELECT at, order_id, hazard_id FROM device_event WHERE device_id = ? AND code = ? AND outcome = ? "
                  "ORDER BY id DESC LIMIT 1",
                  DB_I(d.id), DB_T(code), DB_T(raised));
    if (db_step(st) == DB_ROW) {
        last_at = db_col_int(st, 0);
        last_order = db_col_null(st, 1) ? 0 : db_col_int(st, 1);
        last_hazard = db_col_null(st, 2) ? 0 : db_col_int(st, 2);
    }
    if (!db_done(st))
        return busy(e);
    bool open = false;
    if ((last_order || last_hazard) && !still_open(c, &d, rule.action, last_order, last_hazard, &open))
        return busy(e);
    if (device_is_duplicate(last_at, open, c->now, rule.dedup_window)) {
        out->duplicate = true;
        out->order_id = last_order;
        out->hazard_id = last_hazard;
        return record(c, &d, code, "duplicate", out) || busy(e);
    }
    char *desc = arena_printf(c->arena, "%s：%s%s%s", rule.label_zh, d.name, detail && *detail ? "，" : "",
                              detail ? detail : "");
    if (rule.action == DA_ORDER) {
        WoRaise in = {.node_id = d.node_id, .category_code = rule.category, .description = desc,
                      .place_text = d.name, .channel = NULL, .source_kind = "device", .source_id = d.id,
                      .response_minutes = rule.response_minutes, .resolve_minutes = rule.resolve_minutes};
        WoErr we;
        if (!wo_raise(c, &in, &out->order_id, &we))
            return we.msg == WM_BUSY || we.msg == WM_INTERNAL ? busy(e) : fail(e, DM_RAISE_FAILED, NULL);
    } else if (rule.action == DA_FACILITY) {
        Facility f;
        ProjectErr pe;
        if (!project_facility_get(c, d.facility_id, &f, &pe) ||
            !project_facility_fault(c, &f, rule.category, desc, &out->order_id, &pe))
            return pe.msg == PM_BUSY ? busy(e) : fail(e, DM_RAISE_FAILED, NULL);
    }
    /* a hazard: the rule's action, or a built-in rule that also records one */
    if (rule.action == DA_HAZARD || rule.hazard) {
        bool refused = false;
        if (!raise_hazard(c, &d, rule.label_zh, desc, rule.likelihood, rule.consequence, &out->hazard_id, &refused))
            return busy(e);
        if (refused && rule.action == DA_HAZARD)
            return fail(e, DM_RAISE_FAILED, NULL);
    }
    return record(c, &d, code, raised, out) || busy(e);
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
        /* and a hazard in the safety register, once for this silence (silent_alerted_at) */
        int64_t hazard = 0;
        bool refused = false;
        char *detail = arena_printf(c->arena, "设备“%s”超过 %lld 分钟没有上报，请检查供电和网络。", ds[i].name,
                                    (long long)(ds[i].silent_after / 60));
        if (!raise_hazard(c, &ds[i], title, detail, 2, 2, &hazard, &refused))
            return false;
        if (!notify_emit(c, &ev, NULL) ||
            !db_exec(c->db, "UPDATE device SET silent_alerted_at = ?, silent_hazard_id = ? WHERE id = ?", DB_I(c->now),
                     hazard ? DB_I(hazard) : DB_NULL, DB_I(ds[i].id)))
            return false;
        (*n_alerted)++;
    }
    return true;
}
