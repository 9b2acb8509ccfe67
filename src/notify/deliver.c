/* deliver.c (notify): the only writer of notify_channel, notify_delivery,
 * notify_attempt, notify_cursor, notify_pref and notify_read. */
#include "notify/send.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "auth/audit.h"
#include "core/log.h"
#include "grid/pii.h"
#include "notify/list_sql.h"

bool notify_type_in(const char *list, const char *type)
{
    if (!list || !*list)
        return false;
    const char *p = list;
    while (*p) {
        const char *e = strchr(p, ',');
        size_t n = e ? (size_t)(e - p) : strlen(p);
        if (n && strncmp(type, p, n) == 0)
            return true;
        if (!e)
            break;
        p = e + 1;
    }
    return false;
}

/* ---- channels ---- */

static char *seal(Arena *a, const char *plain)
{
    char *s = pii_encrypt(plain);
    char *out = s ? arena_strdup(a, s) : NULL;
    free(s);
    return out;
}

static char *unseal(Arena *a, const char *sealed)
{
    char *s = pii_decrypt(sealed);
    char *out = s ? arena_strdup(a, s) : NULL;
    if (s) {
        memset(s, 0, strlen(s));
        free(s);
    }
    return out;
}

bool notify_channel_add(const Ctx *c, const NotifyChannelIn *in, int64_t *id_out)
{
    char host[200];
    const char *p = strstr(in->url, "://");
    const char *h = p ? p + 3 : in->url;
    size_t n = strcspn(h, "/?#");
    size_t scheme = p ? (size_t)(p + 3 - in->url) : 0;
    if (n > 150)
        n = 150;
    memcpy(host, in->url, scheme);
    memcpy(host + scheme, h, n);
    host[scheme + n] = 0;
    char *url = seal(c->arena, in->url);
    char *sec = *in->secret ? seal(c->arena, in->secret) : "";
    if (!url || !sec)
        return false;
    int64_t id = 0;
    DbStmt *st = db_query(c->db,
                          "INSERT INTO notify_channel (platform, node_path, name, url_enc, url_host, secret_enc, "
                          "markdown, types, urgent_only, per_minute, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, "
                          "?, ?, ?, ?, ?) RETURNING id",
                          DB_T(notify_platform_name(in->platform)), DB_T(in->node_path), DB_T(in->name), DB_T(url),
                          DB_T(host), DB_T(sec), DB_I(in->markdown), DB_T(in->types), DB_I(in->urgent_only),
                          DB_I(in->per_minute > 0 ? in->per_minute : NOTIFY_BOT_PER_MINUTE), ctx_actor(c) ? DB_I(ctx_actor(c)) : DB_NULL, DB_I(c->now));
    if (db_step(st) == DB_ROW)
        id = db_col_int(st, 0);
    if (!db_done(st) || !id)
        return false;
    char *after = arena_printf(c->arena,
                               "{\"platform\":%j,\"node_path\":%j,\"name\":%j,\"host\":%j,\"signed\":%s,\"types\":%j}",
                               notify_platform_name(in->platform), in->node_path, in->name, host,
                               *in->secret ? "true" : "false", in->types);
    if (!audit_append(c->db, ctx_actor(c), "notify_channel", id, "create", NULL, after))
        return false;
    *id_out = id;
    return true;
}

#define CHANNEL_COLS                                                                                                   \
    "SELECT id, platform, node_path, name, url_host, types, markdown, urgent_only, active, blocked_until, "          \
    "created_at, secret_enc <> '', per_minute FROM notify_channel "

static void channel_row(Arena *a, DbStmt *st, NotifyChannel *ch)
{
    memset(ch, 0, sizeof *ch);
    ch->id = db_col_int(st, 0);
    ch->platform = NP_WECOM;
    notify_platform_parse(db_col_text(st, 1), &ch->platform);
    ch->node_path = arena_strdup(a, db_col_text(st, 2));
    ch->name = arena_strdup(a, db_col_text(st, 3));
    ch->url_host = arena_strdup(a, db_col_text(st, 4));
    ch->types = arena_strdup(a, db_col_text(st, 5));
    ch->markdown = db_col_int(st, 6) != 0;
    ch->urgent_only = db_col_int(st, 7) != 0;
    ch->active = db_col_int(st, 8) != 0;
    ch->blocked_until = db_col_int(st, 9);
    ch->created_at = db_col_int(st, 10);
    ch->has_secret = db_col_int(st, 11) != 0;
    ch->per_minute = (int)db_col_int(st, 12);
}

int notify_channels(const Ctx *c, int64_t after, NotifyChannel *out, int max)
{
    DbStmt *st = db_query(c->db, CHANNEL_COLS "WHERE id > ? ORDER BY id LIMIT ?", DB_I(after), DB_I(max));
    int n = 0;
    while (n < max && db_step(st) == DB_ROW)
        channel_row(c->arena, st, &out[n++]);
    return db_done(st) ? n : -1;
}

bool notify_channel_get(const Ctx *c, int64_t id, NotifyChannel *out)
{
    DbStmt *st = db_query(c->db, CHANNEL_COLS "WHERE id = ?", DB_I(id));
    bool found = false;
    if (db_step(st) == DB_ROW) {
        channel_row(c->arena, st, out);
        found = true;
    }
    return db_done(st) && found;
}

bool notify_channel_secret(const Ctx *c, NotifyChannel *ch)
{
    DbStmt *st = db_query(c->db, "SELECT url_enc, secret_enc FROM notify_channel WHERE id = ?", DB_I(ch->id));
    char *u = NULL, *s = NULL;
    if (db_step(st) == DB_ROW) {
        u = unseal(c->arena, db_col_text(st, 0));
        const char *se = db_col_text(st, 1);
        s = *se ? unseal(c->arena, se) : "";
    }
    if (!db_done(st) || !u || !s)
        return false;
    ch->url = u;
    ch->secret = s;
    return true;
}

bool notify_channel_set_active(const Ctx *c, int64_t id, bool active)
{
    return db_exec(c->db, "UPDATE notify_channel SET active = ? WHERE id = ?", DB_I(active), DB_I(id)) &&
           audit_append(c->db, ctx_actor(c), "notify_channel", id, active ? "enable" : "disable", NULL, NULL);
}

/* ---- fan-out ---- */

bool notify_fanout_waiting(const Ctx *c, bool *waiting)
{
    int64_t n = 0;
    if (!db_int(c->db, &n,
                "SELECT COUNT(*) FROM (SELECT 1 FROM notify_event WHERE id > "
                "(SELECT last_id FROM notify_cursor WHERE name = 'fanout') LIMIT 1) w"))
        return false;
    *waiting = n > 0;
    return true;
}

bool notify_fanout(const Ctx *c, int max, int *n_events)
{
    *n_events = 0;
    int64_t cursor = 0;
    if (!db_int(c->db, &cursor, "SELECT last_id FROM notify_cursor WHERE name = 'fanout'"))
        return false;
    NotifyRow *ev = arena_alloc(c->arena, sizeof *ev * (size_t)max);
    int n = notify_events_after(c, cursor, ev, max);
    if (n <= 0)
        return n == 0;
    enum { CH_MAX = 500 };
    NotifyChannel *ch = arena_alloc(c->arena, sizeof *ch * CH_MAX);
    int nch = 0;
    DbStmt *st = db_query(c->db, CHANNEL_COLS "WHERE active = 1 ORDER BY id LIMIT ?", DB_I(CH_MAX));
    while (nch < CH_MAX && db_step(st) == DB_ROW)
        channel_row(c->arena, st, &ch[nch++]);
    if (!db_done(st))
        return false;
    for (int i = 0; i < n; i++) {
        for (int k = 0; k < nch; k++) {
            const NotifyChannel *h = &ch[k];
            if (strncmp(ev[i].node_path, h->node_path, strlen(h->node_path)) != 0)
                continue;
            if (*h->types && !notify_type_in(h->types, ev[i].type))
                continue;
            if (h->urgent_only && !ev[i].urgent)
                continue;
            if (!db_exec(c->db,
                         "INSERT INTO notify_delivery (event_id, channel_id, next_at, created_at) VALUES (?, ?, ?, ?)",
                         DB_I(ev[i].id), DB_I(h->id), DB_I(c->now), DB_I(c->now)))
                return false;
        }
    }
    *n_events = n;
    return db_exec(c->db, "UPDATE notify_cursor SET last_id = ? WHERE name = 'fanout'", DB_I(ev[n - 1].id));
}

/* ---- due deliveries ---- */

int notify_due_channels(const Ctx *c, int64_t *ids, int max)
{
    DbStmt *st = db_query(c->db,
                          "SELECT DISTINCT d.channel_id FROM notify_delivery d WHERE d.state = 'pending' AND "
                          "d.next_at <= ? ORDER BY d.channel_id LIMIT ?",
                          DB_I(c->now), DB_I(max));
    int n = 0;
    while (n < max && db_step(st) == DB_ROW)
        ids[n++] = db_col_int(st, 0);
    return db_done(st) ? n : -1;
}

int notify_due_of(const Ctx *c, int64_t channel_id, NotifyDue *out, int max)
{
    /* events are read one by one through notify's own table: the join is within the floor */
    DbStmt *st = db_query(c->db,
                          NOTIFY_SQL_DUE_OF, DB_I(channel_id), DB_I(c->now), DB_I(max));
    int n = 0;
    while (n < max && db_step(st) == DB_ROW) {
        NotifyDue *d = &out[n++];
        d->id = db_col_int(st, 0);
        d->event_id = db_col_int(st, 1);
        d->channel_id = channel_id;
        d->attempts = (int)db_col_int(st, 2);
        d->title = arena_strdup(c->arena, db_col_text(st, 3));
        d->body = arena_strdup(c->arena, db_col_text(st, 4));
        d->link = arena_strdup(c->arena, db_col_text(st, 5));
        d->urgent = db_col_int(st, 6) != 0;
    }
    return db_done(st) ? n : -1;
}

bool notify_sent_last_minute(const Ctx *c, int64_t channel_id, int64_t *n)
{
    return db_int(c->db, n, "SELECT COUNT(*) FROM notify_attempt WHERE channel_id = ? AND at > ?", DB_I(channel_id),
                  DB_I(c->now - 60));
}

static bool move(const Ctx *c, int64_t id, int attempts, NotifyOutcome o, int64_t digest_id)
{
    const char *on = notify_outcome_name(o);
    if (o == NO_DELIVERED)
        return db_exec(c->db,
                       "UPDATE notify_delivery SET state = 'sent', attempts = ?, last_outcome = ?, sent_at = ?, "
                       "digest_id = ? WHERE id = ? AND state = 'pending'",
                       DB_I(attempts), DB_T(on), DB_I(c->now), digest_id ? DB_I(digest_id) : DB_NULL, DB_I(id));
    int64_t wait = o == NO_RATE_LIMITED ? 60 : notify_backoff(attempts);
    /* a rate limit is the bot's pace, not our failure: it never uses up the attempts */
    if (wait < 0 && o != NO_RATE_LIMITED)
        return db_exec(c->db,
                       "UPDATE notify_delivery SET state = 'failed', attempts = ?, last_outcome = ? WHERE id = ? AND "
                       "state = 'pending'",
                       DB_I(attempts), DB_T(on), DB_I(id));
    return db_exec(c->db,
                   "UPDATE notify_delivery SET attempts = ?, last_outcome = ?, next_at = ? WHERE id = ? AND "
                   "state = 'pending'",
                   DB_I(o == NO_RATE_LIMITED ? attempts - 1 : attempts), DB_T(on), DB_I(c->now + wait), DB_I(id));
}

bool notify_record(const Ctx *c, const NotifyDue *d, const int64_t *carried, int n_carried, long http_status,
                   NotifyOutcome o, const char *detail)
{
    if (!db_exec(c->db,
                 "INSERT INTO notify_attempt (delivery_id, channel_id, at, http_status, outcome, detail) "
                 "VALUES (?, ?, ?, ?, ?, ?)",
                 DB_I(d->id), DB_I(d->channel_id), DB_I(c->now), DB_I(http_status), DB_T(notify_outcome_name(o)),
                 DB_T(detail ? detail : "")))
        return false;
    int attempts = d->attempts + 1;
    if (!move(c, d->id, attempts, o, 0))
        return false;
    for (int i = 0; i < n_carried; i++)
        if (!move(c, carried[i], attempts, o, o == NO_DELIVERED ? d->id : 0))
            return false;
    if (o == NO_RATE_LIMITED) {
        NotifyChannel ch;
        int64_t block = 60;
        if (notify_channel_get(c, d->channel_id, &ch) && ch.platform == NP_DINGTALK)
            block = NOTIFY_DINGTALK_BLOCK;
        if (!db_exec(c->db, "UPDATE notify_channel SET blocked_until = ? WHERE id = ?", DB_I(c->now + block),
                     DB_I(d->channel_id)))
            return false;
    }
    if (o == NO_BAD_KEY || o == NO_BAD_SIGN)
        log_warn("notify: channel %lld answered %s", (long long)d->channel_id, notify_outcome_name(o));
    return true;
}

bool notify_resend(const Ctx *c, int64_t delivery_id, bool *was_failed)
{
    *was_failed = false;
    if (!db_exec(c->db,
                 "UPDATE notify_delivery SET state = 'pending', attempts = 0, next_at = ? WHERE id = ? AND "
                 "state = 'failed'",
                 DB_I(c->now), DB_I(delivery_id)))
        return false;
    if (db_changes(c->db) == 0)
        return true;
    *was_failed = true;
    return audit_append(c->db, ctx_actor(c), "notify_delivery", delivery_id, "resend", "{\"state\":\"failed\"}",
                        "{\"state\":\"pending\"}");
}

/* ---- the inbox ---- */

bool notify_pref_get(const Ctx *c, int64_t user_id, NotifyPref *out)
{
    *out = (NotifyPref){.muted = ""};
    DbStmt *st = db_query(c->db, "SELECT muted, quiet_start, quiet_end FROM notify_pref WHERE user_id = ?",
                          DB_I(user_id));
    if (db_step(st) == DB_ROW) {
        out->muted = arena_strdup(c->arena, db_col_text(st, 0));
        out->quiet_start = (int)db_col_int(st, 1);
        out->quiet_end = (int)db_col_int(st, 2);
    }
    return db_done(st);
}

bool notify_pref_set(const Ctx *c, int64_t user_id, const NotifyPref *p)
{
    char *after = arena_printf(c->arena, "{\"muted\":%j,\"quiet_start\":%d,\"quiet_end\":%d}", p->muted,
                               p->quiet_start, p->quiet_end);
    return db_exec(c->db, "DELETE FROM notify_pref WHERE user_id = ?", DB_I(user_id)) &&
           db_exec(c->db,
                   "INSERT INTO notify_pref (user_id, muted, quiet_start, quiet_end, updated_at) VALUES (?, ?, ?, ?, ?)",
                   DB_I(user_id), DB_T(p->muted), DB_I(p->quiet_start), DB_I(p->quiet_end), DB_I(c->now)) &&
           audit_append(c->db, ctx_actor(c), "notify_pref", user_id, "update", NULL, after);
}

int notify_inbox(const Ctx *c, int64_t user_id, int64_t before, NotifyItem *out, int max)
{
    NotifyPref p;
    if (!notify_pref_get(c, user_id, &p))
        return -1;
    int n = 0;
    /* muted types are skipped here, so read a few pages until max are found */
    for (int round = 0; round < 5 && n < max; round++) {
        DbStmt *st = db_query(c->db,
                              NOTIFY_SQL_INBOX,
                              DB_I(user_id), DB_I(before ? before : INT64_MAX), DB_I(max));
        int seen = 0;
        while (db_step(st) == DB_ROW) {
            seen++;
            before = db_col_int(st, 0);
            const char *type = db_col_text(st, 1);
            bool urgent = db_col_int(st, 5) != 0;
            if (n >= max || (!urgent && notify_type_in(p.muted, type)))
                continue;
            NotifyItem *it = &out[n++];
            memset(it, 0, sizeof *it);
            it->ev.id = before;
            it->ev.type = arena_strdup(c->arena, type);
            it->ev.entity = arena_strdup(c->arena, db_col_text(st, 2));
            it->ev.entity_id = db_col_int(st, 3);
            it->ev.node_path = arena_strdup(c->arena, db_col_text(st, 4));
            it->ev.urgent = urgent;
            it->ev.user_id = user_id;
            it->ev.title = arena_strdup(c->arena, db_col_text(st, 6));
            it->ev.body = arena_strdup(c->arena, db_col_text(st, 7));
            it->ev.link = arena_strdup(c->arena, db_col_text(st, 8));
            it->ev.created_at = db_col_int(st, 9);
            it->read = !db_col_null(st, 10);
        }
        if (!db_done(st))
            return -1;
        if (seen < max)
            break;
    }
    return n;
}

bool notify_unread(const Ctx *c, int64_t user_id, int64_t *n)
{
    return db_int(c->db, n,
                  "SELECT COUNT(*) FROM notify_event e WHERE e.user_id = ? AND NOT EXISTS (SELECT 1 FROM notify_read "
                  "r WHERE r.user_id = e.user_id AND r.event_id = e.id)",
                  DB_I(user_id));
}

bool notify_mark_read(const Ctx *c, int64_t user_id, int64_t event_id, bool *found)
{
    int64_t k = 0;
    *found = false;
    if (!db_int(c->db, &k, "SELECT COUNT(*) FROM notify_event WHERE id = ? AND user_id = ?", DB_I(event_id),
                DB_I(user_id)))
        return false;
    if (!k)
        return true;
    *found = true;
    /* opened twice, or by two tabs at once: read once, at the first time */
    return db_exec(c->db,
                   "INSERT INTO notify_read (user_id, event_id, read_at) VALUES (?, ?, ?) "
                   "ON CONFLICT (user_id, event_id) DO NOTHING",
                   DB_I(user_id), DB_I(event_id), DB_I(c->now));
}

/* ---- the admins' view ---- */

static void delivery_row(Arena *a, DbStmt *st, NotifyDeliveryRow *r)
{
    r->id = db_col_int(st, 0);
    r->event_id = db_col_int(st, 1);
    r->channel_id = db_col_int(st, 2);
    r->next_at = db_col_int(st, 3);
    r->sent_at = db_col_null(st, 4) ? 0 : db_col_int(st, 4);
    r->digest_id = db_col_null(st, 5) ? 0 : db_col_int(st, 5);
    r->created_at = db_col_int(st, 6);
    r->attempts = (int)db_col_int(st, 7);
    r->state = arena_strdup(a, db_col_text(st, 8));
    r->last_outcome = arena_strdup(a, db_col_text(st, 9));
    r->title = arena_strdup(a, db_col_text(st, 10));
    r->type = arena_strdup(a, db_col_text(st, 11));
    r->channel_path = arena_strdup(a, db_col_text(st, 12));
    r->channel_name = arena_strdup(a, db_col_text(st, 13));
}

int notify_deliveries(const Ctx *c, const char *state, int64_t before, NotifyDeliveryRow *out, int max)
{
    DbStmt *st = *state ? db_query(c->db, NOTIFY_SQL_OUTBOX_STATE,
                                   DB_T(state), DB_I(before ? before : INT64_MAX), DB_I(max))
                        : db_query(c->db, DELIVERY_COLS "WHERE d.id < ? ORDER BY d.id DESC LIMIT ?",
                                   DB_I(before ? before : INT64_MAX), DB_I(max));
    int n = 0;
    while (n < max && db_step(st) == DB_ROW)
        delivery_row(c->arena, st, &out[n++]);
    return db_done(st) ? n : -1;
}

bool notify_delivery_get(const Ctx *c, int64_t id, NotifyDeliveryRow *out)
{
    DbStmt *st = db_query(c->db, DELIVERY_COLS "WHERE d.id = ?", DB_I(id));
    bool found = false;
    if (db_step(st) == DB_ROW) {
        delivery_row(c->arena, st, out);
        found = true;
    }
    return db_done(st) && found;
}

int notify_attempts(const Ctx *c, int64_t delivery_id, NotifyAttemptRow *out, int max)
{
    DbStmt *st = db_query(c->db,
                          "SELECT id, at, http_status, outcome, detail FROM notify_attempt WHERE delivery_id = ? "
                          "ORDER BY id LIMIT ?",
                          DB_I(delivery_id), DB_I(max));
    int n = 0;
    while (n < max && db_step(st) == DB_ROW) {
        NotifyAttemptRow *r = &out[n++];
        r->id = db_col_int(st, 0);
        r->at = db_col_int(st, 1);
        r->http_status = (long)db_col_int(st, 2);
        r->outcome = arena_strdup(c->arena, db_col_text(st, 3));
        r->detail = arena_strdup(c->arena, db_col_text(st, 4));
    }
    return db_done(st) ? n : -1;
}

/* ---- the to-do inbox ---- */

bool notify_todo(const Ctx *c, TodoList *l, bool *capped)
{
    *capped = false;
    if (!c->who)
        return true;
    NotifyPref p;
    if (!notify_pref_get(c, c->who->user_id, &p))
        return false;
    DbStmt *st = db_query(c->db,
                          "SELECT e.id, e.type, e.urgent, e.title, e.created_at FROM notify_event e WHERE e.user_id = ? "
                          "AND NOT EXISTS (SELECT 1 FROM notify_read r WHERE r.user_id = e.user_id AND "
                          "r.event_id = e.id) ORDER BY e.id DESC LIMIT ?",
                          DB_I(c->who->user_id), DB_I(TODO_KIND_MAX * 2));
    int n = 0;
    while (db_step(st) == DB_ROW) {
        bool urgent = db_col_int(st, 2) != 0;
        if (!urgent && notify_type_in(p.muted, db_col_text(st, 1)))
            continue;
        if (n == TODO_KIND_MAX) {
            *capped = true;
            continue;
        }
        char link[40];
        snprintf(link, sizeof link, "/notifications/%lld", (long long)db_col_int(st, 0));
        todo_add(l, "notice", db_col_text(st, 3), link, 0, db_col_int(st, 4), urgent ? TODO_SOON : TODO_NORMAL);
        n++;
    }
    return db_done(st);
}

bool notify_open(const Ctx *c, int64_t user_id, int64_t event_id, const char **link, bool *found)
{
    *link = NULL;
    DbStmt *st = db_query(c->db, "SELECT link FROM notify_event WHERE id = ? AND user_id = ?", DB_I(event_id),
                          DB_I(user_id));
    if (db_step(st) == DB_ROW)
        *link = arena_strdup(c->arena, db_col_text(st, 0));
    if (!db_done(st))
        return false;
    if (!*link) {
        *found = false;
        return true;
    }
    return notify_mark_read(c, user_id, event_id, found);
}

bool notify_backlog(Db *db, int64_t *events_queued, int64_t *pending, int64_t *failed)
{
    *events_queued = *pending = *failed = 0;
    return db_int(db, events_queued,
                  "SELECT COUNT(*) FROM notify_event WHERE id > (SELECT last_id FROM notify_cursor WHERE name = 'fanout')") &&
           db_int(db, pending, "SELECT COUNT(*) FROM notify_delivery WHERE state = 'pending'") &&
           db_int(db, failed, "SELECT COUNT(*) FROM notify_delivery WHERE state = 'failed'");
}
