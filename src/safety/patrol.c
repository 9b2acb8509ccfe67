/* patrol.c: the only writer of the patrols (patrol_route, patrol_point,
 * patrol_checkin). A round is not stored: it is computed from the day's
 * check-ins and the points (rules.c safety_round_state), so a missed round
 * needs no job to be noticed and every skipped point is named. */
#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "auth/audit.h"
#include "core/buf.h"
#include "core/clock.h"
#include "grid/grid.h"
#include "safety/list_sql.h"
#include "safety/safety.h"

static const char *dup(const Ctx *c, DbStmt *st, int col)
{
    const char *s = db_col_text(st, col);
    return arena_strdup(c->arena, s ? s : "");
}

void safety_point_code(const char *secret, int64_t point_id, char out[17])
{
    unsigned char mac[crypto_auth_hmacsha256_BYTES];
    crypto_auth_hmacsha256_state st;
    char msg[40];
    int n = snprintf(msg, sizeof msg, "point:%lld", (long long)point_id);
    crypto_auth_hmacsha256_init(&st, (const unsigned char *)secret, strlen(secret));
    crypto_auth_hmacsha256_update(&st, (const unsigned char *)msg, (unsigned long long)n);
    crypto_auth_hmacsha256_final(&st, mac);
    sodium_bin2hex(out, 17, mac, 8);
}

bool safety_route_create(const Ctx *c, int64_t node_id, const char *name, int64_t worker_id, const PointInput *pts,
                         int n, int64_t *id_out, SafetyErr *e)
{
    NodeInfo place;
    if (!grid_node_get(c, node_id, &place) ||
        (place.kind != NODE_GRID && place.kind != NODE_MICRO_GRID && place.kind != NODE_COMPOUND))
        return safety_err(e, SM_BAD_ROUTE_PLACE, "node_id");
    if (!name || !name[0])
        return safety_err(e, SM_TITLE_REQUIRED, "name");
    if (n < 1 || n > SAFETY_POINTS_MAX)
        return safety_err(e, SM_BAD_POINTS, "points");
    for (int i = 0; i < n; i++) {
        NodeInfo cp;
        if (!pts[i].name || !pts[i].name[0] || !grid_node_get(c, pts[i].compound_id, &cp) ||
            cp.kind != NODE_COMPOUND || strncmp(cp.path, place.path, strlen(place.path)) != 0)
            return safety_err(e, SM_BAD_POINTS, "points");
    }
    unsigned char raw[24];
    char secret[49];
    randombytes_buf(raw, sizeof raw);
    sodium_bin2hex(secret, sizeof secret, raw, sizeof raw);
    int64_t id = 0;
    DbStmt *st = db_query(c->db,
                          "INSERT INTO patrol_route (node_id, node_path, name, worker_id, secret, created_by, created_at) "
                          "VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id",
                          DB_I(place.id), DB_T(place.path), DB_T(name), DB_I(worker_id), DB_T(secret),
                          DB_I(ctx_actor(c)), DB_I(c->now));
    if (db_step(st) == DB_ROW)
        id = db_col_int(st, 0);
    if (!db_done(st) || id == 0)
        return safety_err_db(e, c->db);
    for (int i = 0; i < n; i++)
        if (!db_exec(c->db,
                     "INSERT INTO patrol_point (route_id, seq, name, place_text, compound_id) VALUES (?, ?, ?, ?, ?)",
                     DB_I(id), DB_I(i + 1), DB_T(pts[i].name), DB_T(pts[i].place_text ? pts[i].place_text : ""),
                     DB_I(pts[i].compound_id)))
            return safety_err_db(e, c->db);
    char after[96];
    snprintf(after, sizeof after, "{\"node_id\":%lld,\"points\":%d,\"worker_id\":%lld}", (long long)place.id, n,
             (long long)worker_id);
    if (!audit_append(c->db, ctx_actor(c), "patrol_route", id, "create", NULL, after))
        return safety_err_db(e, c->db);
    *id_out = id;
    return true;
}

bool safety_route_get(const Ctx *c, int64_t id, PatrolRoute *out, bool *found, SafetyErr *e)
{
    *found = false;
    DbStmt *st = db_query(c->db,
                          "SELECT id, node_id, worker_id, created_at, node_path, name, secret FROM patrol_route "
                          "WHERE id = ?",
                          DB_I(id));
    if (db_step(st) == DB_ROW) {
        *out = (PatrolRoute){db_col_int(st, 0), db_col_int(st, 1), db_col_int(st, 2), db_col_int(st, 3),
                             dup(c, st, 4),     dup(c, st, 5),     dup(c, st, 6),     0,
                             NULL};
        *found = true;
    }
    if (!db_done(st))
        return safety_err_db(e, c->db);
    if (!*found)
        return true;
    out->points = arena_alloc(c->arena, sizeof(PatrolPoint) * SAFETY_POINTS_MAX);
    st = db_query(c->db, SAFETY_ROUTE_POINTS, DB_I(id), DB_I(SAFETY_POINTS_MAX));
    while (out->n_points < SAFETY_POINTS_MAX && db_step(st) == DB_ROW) {
        out->points[out->n_points++] = (PatrolPoint){db_col_int(st, 0), db_col_int(st, 1), (int)db_col_int(st, 2),
                                                     dup(c, st, 3), dup(c, st, 4)};
    }
    return db_done(st) || safety_err_db(e, c->db);
}

int safety_routes_page(const Ctx *c, int64_t node_id, int64_t after, PatrolRoute *out, int max)
{
    DbStmt *st = db_query(c->db, SAFETY_ROUTE_PAGE, DB_I(node_id), DB_I(after > 0 ? after : INT64_MAX), DB_I(max));
    int n = 0;
    while (n < max && db_step(st) == DB_ROW) {
        out[n] = (PatrolRoute){db_col_int(st, 0), db_col_int(st, 1), db_col_int(st, 2), db_col_int(st, 3),
                               dup(c, st, 4),     dup(c, st, 5),     "",                0,
                               NULL};
        n++;
    }
    return db_done(st) ? n : -1;
}

/* The local day of t as "YYYY-MM-DD" and its start. */
static void local_day(int64_t t, char day[16], int64_t *start)
{
    int32_t ymd = clock_local_yyyymmdd(t);
    safety_ymd_text(ymd, day);
    *start = clock_local_day_start(ymd / 10000, ymd / 100 % 100, ymd % 100);
}

bool safety_checkin(const Ctx *c, const PatrolRoute *r, const CheckinInput *in, int64_t *id_out, bool *flagged,
                    SafetyErr *e)
{
    const PatrolPoint *p = NULL;
    for (int i = 0; i < r->n_points; i++)
        if (r->points[i].id == in->point_id)
            p = &r->points[i];
    if (!p)
        return safety_err(e, SM_POINT_NOT_ON_ROUTE, "point_id");
    bool scan = in->method && strcmp(in->method, "scan") == 0;
    if (!scan && !(in->method && strcmp(in->method, "tap") == 0))
        return safety_err(e, SM_BAD_METHOD, "method");
    if (scan) {
        char want[17];
        safety_point_code(r->secret, p->id, want);
        if (!in->code || strlen(in->code) != 16 || sodium_memcmp(want, in->code, 16) != 0)
            return safety_err(e, SM_BAD_CODE, "code");
    }
    char day[16];
    int64_t day_start;
    PatrolSlot slot;
    local_day(c->now, day, &day_start);
    if (!safety_slot_at(day_start, c->now, &slot))
        return safety_err(e, SM_OUTSIDE_WINDOW, NULL);
    int64_t seen = 0;
    if (!db_int(c->db, &seen, "SELECT COUNT(*) FROM patrol_checkin WHERE point_id = ? AND day = ? AND slot = ?",
                DB_I(p->id), DB_T(day), DB_T(safety_slot_name(slot))))
        return safety_err_db(e, c->db);
    if (seen > 0)
        return safety_err(e, SM_ALREADY_CHECKED, "point_id");
    *flagged = safety_clock_flagged(in->device_time, c->now);
    int64_t id = 0;
    DbStmt *st = db_query(c->db,
                          "INSERT INTO patrol_checkin (route_id, point_id, day, slot, user_id, method, device_time, "
                          "server_time, flagged, note) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                          DB_I(r->id), DB_I(p->id), DB_T(day), DB_T(safety_slot_name(slot)), DB_I(ctx_actor(c)),
                          DB_T(in->method), DB_I(in->device_time), DB_I(c->now), DB_I(*flagged),
                          DB_T(in->note ? in->note : ""));
    if (db_step(st) == DB_ROW)
        id = db_col_int(st, 0);
    if (!db_done(st) || id == 0) {
        /* the unique index: a racing check-in of the same point and round won */
        if (db_error_class(c->db) == DB_ERR_CONSTRAINT)
            return safety_err(e, SM_ALREADY_CHECKED, "point_id");
        return safety_err_db(e, c->db);
    }
    char after[128];
    snprintf(after, sizeof after, "{\"point_id\":%lld,\"day\":\"%s\",\"slot\":\"%s\",\"method\":\"%s\",\"flagged\":%s}",
             (long long)p->id, day, safety_slot_name(slot), scan ? "scan" : "tap", *flagged ? "true" : "false");
    if (!audit_append(c->db, ctx_actor(c), "patrol_checkin", id, "create", NULL, after))
        return safety_err_db(e, c->db);
    *id_out = id;
    return true;
}

bool safety_checkin_finding(const Ctx *c, int64_t checkin_id, int64_t hazard_id, SafetyErr *e)
{
    return db_exec(c->db, "UPDATE patrol_checkin SET hazard_id = ? WHERE id = ?", DB_I(hazard_id), DB_I(checkin_id)) ||
           safety_err_db(e, c->db);
}

bool safety_route_day(const Ctx *c, const PatrolRoute *r, int64_t day_start, PatrolRound out[SLOT__COUNT],
                      SafetyErr *e)
{
    char day[16];
    int64_t start_again;
    local_day(day_start + 12 * 3600, day, &start_again);
    for (int s = 0; s < SLOT__COUNT; s++) {
        PatrolRound *o = &out[s];
        memset(o, 0, sizeof *o);
        o->slot = (PatrolSlot)s;
        safety_slot_window(day_start, o->slot, &o->start, &o->end);
        DbStmt *st = db_query(c->db, SAFETY_ROUND_CHECKINS, DB_I(r->id), DB_T(day), DB_T(safety_slot_name(o->slot)));
        while (db_step(st) == DB_ROW) {
            int64_t point = db_col_int(st, 0);
            for (int i = 0; i < r->n_points; i++)
                if (r->points[i].id == point) {
                    o->done[i] = true;
                    o->at[i] = db_col_int(st, 1);
                    o->flagged[i] = db_col_int(st, 2) != 0;
                }
        }
        if (!db_done(st))
            return safety_err_db(e, c->db);
        o->state = safety_round_state(r->n_points, o->done, o->start, o->end, r->created_at, c->now, o->skipped,
                                      &o->n_skipped);
    }
    return true;
}
