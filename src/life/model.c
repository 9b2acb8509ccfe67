/* model.c: the writer of the events' tables (life_event, life_booking) and
 * their read functions. A booking change first bumps the event's seq: that
 * UPDATE takes the event row's lock until the transaction ends, so the seats
 * are counted by one booking at a time on PostgreSQL too (SQLite's write
 * transactions are serial already) and the last seat goes to exactly one. */
#include <stdio.h>
#include <string.h>

#include "auth/audit.h"
#include "grid/read.h"
#include "life/life_int.h"
#include "notify/notify.h"

bool life_err(LifeErr *e, LifeMsg msg, const char *field)
{
    *e = (LifeErr){msg, field, NULL};
    return false;
}

bool life_err_db(LifeErr *e, Db *db)
{
    life_err(e, db_error_class(db) == DB_ERR_BUSY ? LM_BUSY : LM_INTERNAL, NULL);
    e->detail = db_errmsg(db);
    return false;
}

bool life_node(const Ctx *c, int64_t node_id, NodeInfo *n, LifeErr *e)
{
    GridRead g = grid_node_find(c, node_id, n);
    if (g == GRID_NOT_FOUND)
        return life_err(e, LM_NO_SUCH_NODE, "node_id");
    if (g != GRID_OK)
        return life_err_db(e, c->db);
    return true;
}

bool life_audit(const Ctx *c, const char *entity, int64_t id, const char *action, const char *after, LifeErr *e)
{
    return audit_append(c->db, ctx_actor(c), entity, id, action, NULL, after) || life_err_db(e, c->db);
}

#define EVENT_COLS                                                                                                   \
    "id, node_id, node_path, title, body, audience, place, starts_at, ends_at, capacity, points, seats_taken, status, " \
    "created_by, (SELECT COUNT(*) FROM life_booking b WHERE b.event_id = life_event.id AND b.status = 'waiting')"

static void event_row(const Ctx *c, DbStmt *st, LifeEvent *v)
{
    *v = (LifeEvent){.id = db_col_int(st, 0),
                     .node_id = db_col_int(st, 1),
                     .node_path = arena_strdup(c->arena, db_col_text(st, 2)),
                     .title = arena_strdup(c->arena, db_col_text(st, 3)),
                     .body = arena_strdup(c->arena, db_col_text(st, 4)),
                     .audience = arena_strdup(c->arena, db_col_text(st, 5)),
                     .place = arena_strdup(c->arena, db_col_text(st, 6)),
                     .starts_at = db_col_int(st, 7),
                     .ends_at = db_col_int(st, 8),
                     .capacity = db_col_int(st, 9),
                     .points = db_col_int(st, 10),
                     .seats_taken = db_col_int(st, 11),
                     .status = arena_strdup(c->arena, db_col_text(st, 12)),
                     .created_by = db_col_int(st, 13),
                     .waiting = db_col_int(st, 14)};
}

bool life_event_create(const Ctx *c, const LifeEventNew *in, int64_t *id_out, LifeErr *e)
{
    NodeInfo n;
    if (!life_node(c, in->node_id, &n, e))
        return false;
    if (!life_audience_valid(in->audience))
        return life_err(e, LM_BAD_AUDIENCE, "audience");
    if (in->ends_at <= in->starts_at)
        return life_err(e, LM_BAD_TIME, "ends_at");
    if (!db_int(c->db, id_out,
                "INSERT INTO life_event (node_id, node_path, title, body, audience, place, starts_at, ends_at, capacity, "
                "points, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                DB_I(n.id), DB_T(n.path), DB_T(in->title), DB_T(in->body ? in->body : ""), DB_T(in->audience),
                DB_T(in->place ? in->place : ""), DB_I(in->starts_at), DB_I(in->ends_at), DB_I(in->capacity),
                DB_I(in->points), DB_I(ctx_actor(c)), DB_I(c->now)))
        return life_err_db(e, c->db);
    NotifyEvent ev = {"event.opened", "life_event", *id_out, n.path, false, 0, in->title, "", "", NULL};
    ev.link = arena_printf(c->arena, "/life/events/%lld", (long long)*id_out);
    if (!notify_emit(c, &ev, NULL))
        return life_err_db(e, c->db);
    return life_audit(c, "life_event", *id_out, "create",
                      arena_printf(c->arena, "{\"capacity\":%lld}", (long long)in->capacity), e);
}

bool life_event_get(const Ctx *c, int64_t id, LifeEvent *out, LifeErr *e)
{
    DbStmt *st = db_query(c->db, "SELECT " EVENT_COLS " FROM life_event WHERE id = ?", DB_I(id));
    bool found = false;
    if (db_step(st) == DB_ROW) {
        event_row(c, st, out);
        found = true;
    }
    if (!db_done(st))
        return life_err_db(e, c->db);
    return found || life_err(e, LM_NO_SUCH_EVENT, "id");
}

int life_events_page(const Ctx *c, int64_t node_id, int64_t after, int limit, LifeEvent *out, LifeErr *e)
{
    DbStmt *st = db_query(c->db, LIFE_EVENT_IDS, DB_I(node_id), DB_I(after ? after : INT64_MAX), DB_I(limit));
    int64_t ids[LIFE_PAGE_MAX];
    int n = 0;
    while (n < limit && n < LIFE_PAGE_MAX && db_step(st) == DB_ROW)
        ids[n++] = db_col_int(st, 0);
    if (!db_done(st))
        return life_err_db(e, c->db), -1;
    for (int i = 0; i < n; i++)
        if (!life_event_get(c, ids[i], &out[i], e))
            return -1;
    return n;
}

#define BOOKING_COLS                                                                                                 \
    "id, event_id, user_id, for_name, party, status, checked_in_at, created_at, promoted_at"

static void booking_row(const Ctx *c, DbStmt *st, LifeBooking *b)
{
    *b = (LifeBooking){.id = db_col_int(st, 0),
                       .event_id = db_col_int(st, 1),
                       .user_id = db_col_int(st, 2),
                       .for_name = arena_strdup(c->arena, db_col_text(st, 3)),
                       .party = db_col_int(st, 4),
                       .status = arena_strdup(c->arena, db_col_text(st, 5)),
                       .checked_in_at = db_col_int(st, 6),
                       .created_at = db_col_int(st, 7),
                       .promoted_at = db_col_int(st, 8)};
}

bool life_booking_get(const Ctx *c, int64_t id, LifeBooking *out, LifeErr *e)
{
    DbStmt *st = db_query(c->db, "SELECT " BOOKING_COLS " FROM life_booking WHERE id = ?", DB_I(id));
    bool found = false;
    if (db_step(st) == DB_ROW) {
        booking_row(c, st, out);
        found = true;
    }
    if (!db_done(st))
        return life_err_db(e, c->db);
    if (!found)
        return life_err(e, LM_NO_SUCH_BOOKING, "id");
    out->position = 0;
    if (!strcmp(out->status, "waiting") &&
        !db_int(c->db, &out->position,
                "SELECT COUNT(*) FROM life_booking WHERE event_id = ? AND status = 'waiting' AND id <= ?",
                DB_I(out->event_id), DB_I(out->id)))
        return life_err_db(e, c->db);
    return true;
}

bool life_booking_of(const Ctx *c, int64_t event_id, int64_t user_id, int64_t *booking_id, LifeErr *e)
{
    *booking_id = 0;
    DbStmt *st = db_query(c->db, "SELECT id FROM life_booking WHERE event_id = ? AND who = ? AND active = 1",
                          DB_I(event_id), DB_T(arena_printf(c->arena, "u%lld", (long long)user_id)));
    if (db_step(st) == DB_ROW)
        *booking_id = db_col_int(st, 0);
    return db_done(st) || life_err_db(e, c->db);
}

int life_bookings_page(const Ctx *c, int64_t event_id, int64_t after, int limit, LifeBooking *out, LifeErr *e)
{
    DbStmt *st = db_query(c->db, LIFE_BOOKING_IDS, DB_I(event_id), DB_I(after), DB_I(limit));
    int64_t ids[LIFE_PAGE_MAX];
    int n = 0;
    while (n < limit && n < LIFE_PAGE_MAX && db_step(st) == DB_ROW)
        ids[n++] = db_col_int(st, 0);
    if (!db_done(st))
        return life_err_db(e, c->db), -1;
    for (int i = 0; i < n; i++)
        if (!life_booking_get(c, ids[i], &out[i], e))
            return -1;
    return n;
}

/* Locks the event's row for the rest of the transaction and reads it afresh. */
static bool event_lock(const Ctx *c, int64_t id, LifeEvent *ev, LifeErr *e)
{
    int64_t seq;
    if (!db_int(c->db, &seq, "UPDATE life_event SET seq = seq + 1 WHERE id = ? RETURNING seq", DB_I(id))) {
        if (db_error_class(c->db) != DB_ERR_NONE)
            return life_err_db(e, c->db);
        return life_err(e, LM_NO_SUCH_EVENT, "event_id");
    }
    return life_event_get(c, id, ev, e);
}

static bool tell(const Ctx *c, const LifeEvent *ev, int64_t user_id, const char *type, const char *title)
{
    if (!user_id)
        return true;
    NotifyEvent n = {type, "life_event", ev->id, ev->node_path, false, user_id, title, ev->title,
                     arena_printf(c->arena, "/life/events/%lld", (long long)ev->id), NULL};
    return notify_emit(c, &n, NULL);
}

bool life_book(const Ctx *c, const LifeBookNew *in, LifeBooking *out, LifeErr *e)
{
    LifeEvent ev;
    const char *for_name = in->for_name && *in->for_name ? in->for_name : NULL;
    if (for_name && !in->consent)
        return life_err(e, LM_FOR_NAME_NEEDS_CONSENT, "consent");
    if (!for_name && in->user_id <= 0)
        return life_err(e, LM_LOGIN_NEEDED, NULL);
    if (!event_lock(c, in->event_id, &ev, e))
        return false;
    if (strcmp(ev.status, "open") != 0)
        return life_err(e, LM_EVENT_CANCELLED, "event_id");
    const char *who = for_name ? arena_printf(c->arena, "n%s", for_name)
                               : arena_printf(c->arena, "u%lld", (long long)in->user_id);
    int64_t dup = 0;
    if (!db_int(c->db, &dup, "SELECT COUNT(*) FROM life_booking WHERE event_id = ? AND who = ? AND active = 1",
                DB_I(ev.id), DB_T(who)))
        return life_err_db(e, c->db);
    if (dup)
        return life_err(e, LM_ALREADY_BOOKED, "event_id");
    bool seat = life_seat_free(ev.capacity, ev.seats_taken, in->party);
    int64_t id;
    if (!db_int(c->db, &id,
                "INSERT INTO life_booking (event_id, user_id, for_name, consent, who, party, status, booked_by, "
                "created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                DB_I(ev.id), for_name ? DB_NULL : DB_I(in->user_id), DB_T(for_name ? for_name : ""),
                DB_I(in->consent ? 1 : 0), DB_T(who), DB_I(in->party), DB_T(seat ? "confirmed" : "waiting"),
                DB_I(ctx_actor(c)), DB_I(c->now)))
        return life_err_db(e, c->db);
    if (seat && !db_exec(c->db, "UPDATE life_event SET seats_taken = seats_taken + ? WHERE id = ?", DB_I(in->party),
                         DB_I(ev.id)))
        return life_err_db(e, c->db);
    if (!life_audit(c, "life_booking", id, seat ? "confirm" : "wait",
                    arena_printf(c->arena, "{\"event_id\":%lld,\"party\":%lld}", (long long)ev.id,
                                 (long long)in->party),
                    e))
        return false;
    return life_booking_get(c, id, out, e);
}

/* Moves the line up into the free seats (life_promote), telling each promoted person. */
static bool promote(const Ctx *c, const LifeEvent *ev, int *promoted, LifeErr *e)
{
    enum { MAXW = 200 };
    int64_t ids[MAXW], parties[MAXW], users[MAXW];
    bool up[MAXW];
    int n = 0;
    DbStmt *st = db_query(c->db,
                          "SELECT id, party, COALESCE(user_id, 0) FROM life_booking WHERE event_id = ? AND "
                          "status = 'waiting' ORDER BY id LIMIT 200",
                          DB_I(ev->id));
    while (n < MAXW && db_step(st) == DB_ROW) {
        ids[n] = db_col_int(st, 0);
        parties[n] = db_col_int(st, 1);
        users[n] = db_col_int(st, 2);
        n++;
    }
    if (!db_done(st))
        return life_err_db(e, c->db);
    *promoted = life_promote(ev->capacity - ev->seats_taken, parties, n, up);
    for (int i = 0; i < n; i++) {
        if (!up[i])
            continue;
        if (!db_exec(c->db, "UPDATE life_booking SET status = 'confirmed', promoted_at = ? WHERE id = ?", DB_I(c->now),
                     DB_I(ids[i])) ||
            !db_exec(c->db, "UPDATE life_event SET seats_taken = seats_taken + ? WHERE id = ?", DB_I(parties[i]),
                     DB_I(ev->id)) ||
            !tell(c, ev, users[i], "event.promoted", "候补转正：您已获得活动名额"))
            return life_err_db(e, c->db);
        if (!life_audit(c, "life_booking", ids[i], "promote", NULL, e))
            return false;
    }
    return true;
}

bool life_booking_cancel(const Ctx *c, int64_t id, int *promoted, LifeErr *e)
{
    LifeBooking b;
    LifeEvent ev;
    *promoted = 0;
    if (!life_booking_get(c, id, &b, e) || !event_lock(c, b.event_id, &ev, e) || !life_booking_get(c, id, &b, e))
        return false;
    if (!strcmp(b.status, "cancelled"))
        return life_err(e, LM_BOOKING_CANCELLED, "id");
    if (b.checked_in_at)
        return life_err(e, LM_ALREADY_CHECKED_IN, "id");
    bool had_seat = !strcmp(b.status, "confirmed");
    if (!db_exec(c->db, "UPDATE life_booking SET status = 'cancelled', active = 0 WHERE id = ?", DB_I(id)))
        return life_err_db(e, c->db);
    if (had_seat) {
        if (!db_exec(c->db, "UPDATE life_event SET seats_taken = seats_taken - ? WHERE id = ?", DB_I(b.party),
                     DB_I(ev.id)))
            return life_err_db(e, c->db);
        ev.seats_taken -= b.party;
    }
    if (!life_audit(c, "life_booking", id, "cancel", NULL, e))
        return false;
    return !had_seat || promote(c, &ev, promoted, e);
}

bool life_checkin(const Ctx *c, int64_t booking_id, LifeErr *e)
{
    LifeBooking b;
    LifeEvent ev;
    if (!life_booking_get(c, booking_id, &b, e) || !event_lock(c, b.event_id, &ev, e) ||
        !life_booking_get(c, booking_id, &b, e))
        return false;
    if (strcmp(b.status, "confirmed") != 0)
        return life_err(e, !strcmp(b.status, "cancelled") ? LM_BOOKING_CANCELLED : LM_NOT_CONFIRMED, "id");
    if (b.checked_in_at)
        return life_err(e, LM_ALREADY_CHECKED_IN, "id");
    if (!db_exec(c->db, "UPDATE life_booking SET checked_in_at = ? WHERE id = ?", DB_I(c->now), DB_I(booking_id)))
        return life_err_db(e, c->db);
    if (!life_audit(c, "life_booking", booking_id, "checkin", NULL, e))
        return false;
    int64_t pts = life_points_earned(LP_EVENT, ev.points, 0);
    if (b.user_id && pts > 0) {
        int64_t entry;
        const char *dedupe = arena_printf(c->arena, "event:%lld:u%lld", (long long)ev.id, (long long)b.user_id);
        if (!life_points_award(c, b.user_id, LP_EVENT, dedupe, pts, ev.title, &entry, e))
            return false;
    }
    return true;
}

bool life_event_attendance(const Ctx *c, int64_t event_id, int64_t *confirmed, int64_t *attended, LifeErr *e)
{
    if (!db_int(c->db, confirmed,
                "SELECT COUNT(*) FROM life_booking WHERE event_id = ? AND status = 'confirmed'", DB_I(event_id)) ||
        !db_int(c->db, attended,
                "SELECT COUNT(*) FROM life_booking WHERE event_id = ? AND status = 'confirmed' AND "
                "checked_in_at IS NOT NULL",
                DB_I(event_id)))
        return life_err_db(e, c->db);
    return true;
}
