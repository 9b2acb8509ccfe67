/* mail.c (notify): the only writer of notify_mail and of notify_pref's
 * digest_day. Mails are built here (per notice by the sender's fan-out,
 * daily digests by the leader's job) and sent by the sender thread. */
#include "notify/send.h"

#include <stdio.h>
#include <string.h>

#include "auth/audit.h"
#include "core/buf.h"
#include "core/log.h"
#include "notify/list_sql.h"

/* The active SMTP channel whose place is the nearest above path; 0: none. */
static bool smtp_for(const Ctx *c, const char *path, int64_t *id)
{
    *id = 0;
    size_t best = 0;
    DbStmt *st = db_query(c->db,
                          "SELECT id, node_path FROM notify_channel WHERE platform = 'smtp' AND active = 1 ORDER BY id "
                          "LIMIT 200");
    while (db_step(st) == DB_ROW) {
        const char *p = db_col_text(st, 1);
        size_t n = strlen(p);
        if (n > best && strncmp(path, p, n) == 0) {
            best = n;
            *id = db_col_int(st, 0);
        }
    }
    return db_done(st);
}

typedef struct MailPref {
    const char *to_enc, *mode, *types, *muted;
    int quiet_start, quiet_end;
    int64_t digest_day;
} MailPref;

static bool mail_pref(const Ctx *c, int64_t user_id, MailPref *p, bool *found)
{
    *found = false;
    DbStmt *st = db_query(c->db,
                          "SELECT email_enc, email_mode, email_types, muted, quiet_start, quiet_end, digest_day FROM "
                          "notify_pref WHERE user_id = ?",
                          DB_I(user_id));
    if (db_step(st) == DB_ROW) {
        p->to_enc = arena_strdup(c->arena, db_col_text(st, 0));
        p->mode = arena_strdup(c->arena, db_col_text(st, 1));
        p->types = arena_strdup(c->arena, db_col_text(st, 2));
        p->muted = arena_strdup(c->arena, db_col_text(st, 3));
        p->quiet_start = (int)db_col_int(st, 4);
        p->quiet_end = (int)db_col_int(st, 5);
        p->digest_day = db_col_int(st, 6);
        *found = true;
    }
    return db_done(st);
}

/* Does the person want this type by email? */
static bool wanted(const MailPref *p, const char *type, bool urgent)
{
    if (!urgent && notify_type_in(p->muted, type))
        return false;
    return !*p->types || notify_type_in(p->types, type);
}

static bool mail_add(const Ctx *c, int64_t user_id, int64_t channel_id, const char *kind, const char *dedup,
                     const char *to_enc, const char *subject, const char *body, int64_t next_at, bool *added)
{
    if (!db_exec(c->db,
                 "INSERT INTO notify_mail (user_id, channel_id, kind, dedup, to_enc, subject, body, next_at, "
                 "created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (dedup) DO NOTHING",
                 DB_I(user_id), DB_I(channel_id), DB_T(kind), DB_T(dedup), DB_T(to_enc), DB_T(subject), DB_T(body),
                 DB_I(next_at), DB_I(c->now)))
        return false;
    *added = db_changes(c->db) > 0;
    return true;
}

bool notify_mail_waiting(const Ctx *c, bool *waiting)
{
    int64_t n = 0;
    if (!db_int(c->db, &n,
                "SELECT COUNT(*) FROM (SELECT 1 FROM notify_event WHERE id > "
                "(SELECT last_id FROM notify_cursor WHERE name = 'mail') LIMIT 1) w"))
        return false;
    *waiting = n > 0;
    return true;
}

#define MAIL_FOOTER "\n\n——\n这是公治的自动通知，请勿直接回复。不想再收到邮件，可在“通知设置”中关闭。\n"

bool notify_mail_fanout(const Ctx *c, const char *base, int max, int *n_events)
{
    *n_events = 0;
    int64_t cursor = 0;
    if (!db_int(c->db, &cursor, "SELECT last_id FROM notify_cursor WHERE name = 'mail'"))
        return false;
    NotifyRow *ev = arena_alloc(c->arena, sizeof *ev * (size_t)max);
    int n = notify_events_after(c, cursor, ev, max);
    if (n <= 0)
        return n == 0;
    for (int i = 0; i < n; i++) {
        if (!ev[i].user_id)
            continue;
        MailPref p;
        bool found = false;
        if (!mail_pref(c, ev[i].user_id, &p, &found))
            return false;
        if (!found || strcmp(p.mode, "each") != 0 || !*p.to_enc || !wanted(&p, ev[i].type, ev[i].urgent))
            continue;
        int64_t ch = 0;
        if (!smtp_for(c, ev[i].node_path, &ch))
            return false;
        if (!ch)
            continue;
        char dedup[40];
        snprintf(dedup, sizeof dedup, "e:%lld", (long long)ev[i].id);
        char *subject = arena_printf(c->arena, "【公治】%s", ev[i].title);
        char *body = arena_printf(c->arena, "%s\n%s%s查看详情：%s%s" MAIL_FOOTER, ev[i].title, ev[i].body,
                                  *ev[i].body ? "\n" : "", base, ev[i].link);
        /* quiet hours hold what is not urgent until they end */
        int64_t at = ev[i].urgent ? c->now : notify_quiet_until(p.quiet_start, p.quiet_end, c->now);
        bool added = false;
        if (!mail_add(c, ev[i].user_id, ch, "each", dedup, p.to_enc, subject, body, at, &added))
            return false;
    }
    *n_events = n;
    return db_exec(c->db, "UPDATE notify_cursor SET last_id = ? WHERE name = 'mail'", DB_I(ev[n - 1].id));
}

#define DIGEST_BACK 7   /* days caught up after a downtime */
#define DIGEST_ITEMS 100

/* One person's digest of one day; *added when a mail was written. */
static bool digest_one(const Ctx *c, const char *base, int64_t user_id, const MailPref *p, int64_t day, bool *added)
{
    *added = false;
    int64_t from = day * 86400 - 8 * 3600, to = from + 86400;
    DbStmt *st = db_query(c->db,
                          "SELECT id, type, urgent, title, link, node_path FROM notify_event WHERE user_id = ? AND "
                          "created_at >= ? AND created_at < ? ORDER BY id LIMIT ?",
                          DB_I(user_id), DB_I(from), DB_I(to), DB_I(DIGEST_ITEMS + 1));
    Buf b;
    buf_init(&b);
    int n = 0;
    bool more = false;
    char *path = NULL;
    while (db_step(st) == DB_ROW) {
        if (!wanted(p, db_col_text(st, 1), db_col_int(st, 2) != 0))
            continue;
        if (n == DIGEST_ITEMS) {
            more = true;
            continue;
        }
        if (!path)
            path = arena_strdup(c->arena, db_col_text(st, 5));
        buf_printf(&b, "· %s%s\n  %s%s\n", db_col_int(st, 2) ? "【紧急】" : "", db_col_text(st, 3), base,
                   db_col_text(st, 4));
        n++;
    }
    char *items = arena_strdup(c->arena, b.data ? b.data : "");
    buf_free(&b);
    if (!db_done(st))
        return false;
    if (!n)
        return true;
    int64_t ch = 0;
    if (!smtp_for(c, path, &ch))
        return false;
    if (!ch)
        return true;
    char date[11], dedup[64];
    notify_day_text(day, date);
    snprintf(dedup, sizeof dedup, "d:%lld:%lld", (long long)user_id, (long long)day);
    char *subject = arena_printf(c->arena, "【公治】%s 通知摘要（%d 条）", date, n);
    char *body = arena_printf(c->arena, "%s 您有 %d 条通知：\n\n%s%s" MAIL_FOOTER, date, n, items,
                              more ? "……更多通知请登录查看。\n" : "");
    return mail_add(c, user_id, ch, "digest", dedup, p->to_enc, subject, body,
                    notify_quiet_until(p->quiet_start, p->quiet_end, c->now), added);
}

bool notify_digest_sweep(const Ctx *c, const char *base, int *n_built)
{
    *n_built = 0;
    int64_t yesterday = notify_day(c->now) - 1;
    enum { MAX = 200 };
    int64_t *users = arena_alloc(c->arena, sizeof *users * MAX);
    int n = 0;
    DbStmt *st = db_query(c->db,
                          "SELECT user_id FROM notify_pref WHERE email_mode = 'daily' AND digest_day < ? ORDER BY "
                          "user_id LIMIT ?",
                          DB_I(yesterday), DB_I(MAX));
    while (n < MAX && db_step(st) == DB_ROW)
        users[n++] = db_col_int(st, 0);
    if (!db_done(st))
        return false;
    for (int i = 0; i < n; i++) {
        MailPref p;
        bool found = false;
        if (!mail_pref(c, users[i], &p, &found))
            return false;
        if (!found)
            continue;
        int64_t from = p.digest_day ? p.digest_day + 1 : yesterday;
        if (from < yesterday - (DIGEST_BACK - 1))
            from = yesterday - (DIGEST_BACK - 1);
        for (int64_t d = from; *p.to_enc && d <= yesterday; d++) {
            bool added = false;
            if (!digest_one(c, base, users[i], &p, d, &added))
                return false;
            *n_built += added;
        }
        if (!db_exec(c->db, "UPDATE notify_pref SET digest_day = ? WHERE user_id = ?", DB_I(yesterday),
                     DB_I(users[i])))
            return false;
    }
    return true;
}

static void mail_row(Arena *a, DbStmt *st, NotifyMail *m)
{
    memset(m, 0, sizeof *m);
    m->id = db_col_int(st, 0);
    m->user_id = db_col_int(st, 1);
    m->channel_id = db_col_int(st, 2);
    m->next_at = db_col_int(st, 3);
    m->sent_at = db_col_null(st, 4) ? 0 : db_col_int(st, 4);
    m->created_at = db_col_int(st, 5);
    m->attempts = (int)db_col_int(st, 6);
    m->kind = arena_strdup(a, db_col_text(st, 7));
    m->state = arena_strdup(a, db_col_text(st, 8));
    m->subject = arena_strdup(a, db_col_text(st, 9));
    m->body = arena_strdup(a, db_col_text(st, 10));
    m->last_outcome = arena_strdup(a, db_col_text(st, 11));
    m->last_detail = arena_strdup(a, db_col_text(st, 12));
    m->channel_path = arena_strdup(a, db_col_text(st, 13));
}

int notify_mail_due(const Ctx *c, NotifyMail *out, int max)
{
    DbStmt *st = db_query(c->db, NOTIFY_SQL_MAILS_DUE,
                          DB_I(c->now), DB_I(max));
    int n = 0;
    while (n < max && db_step(st) == DB_ROW) {
        mail_row(c->arena, st, &out[n]);
        out[n].to = notify_unseal(c->arena, db_col_text(st, 14));
        n++;
    }
    return db_done(st) ? n : -1;
}

bool notify_mail_record(const Ctx *c, const NotifyMail *m, NotifyOutcome o, const char *detail)
{
    int attempts = m->attempts + 1;
    const char *on = notify_outcome_name(o);
    if (o == NO_DELIVERED)
        return db_exec(c->db,
                       "UPDATE notify_mail SET state = 'sent', attempts = ?, last_outcome = ?, last_detail = ?, "
                       "sent_at = ? WHERE id = ? AND state = 'pending'",
                       DB_I(attempts), DB_T(on), DB_T(detail), DB_I(c->now), DB_I(m->id));
    int64_t wait = notify_backoff(attempts);
    if (wait < 0)
        return db_exec(c->db,
                       "UPDATE notify_mail SET state = 'failed', attempts = ?, last_outcome = ?, last_detail = ? "
                       "WHERE id = ? AND state = 'pending'",
                       DB_I(attempts), DB_T(on), DB_T(detail), DB_I(m->id));
    return db_exec(c->db,
                   "UPDATE notify_mail SET attempts = ?, last_outcome = ?, last_detail = ?, next_at = ? WHERE id = ? "
                   "AND state = 'pending'",
                   DB_I(attempts), DB_T(on), DB_T(detail), DB_I(c->now + wait), DB_I(m->id));
}

int notify_mails(const Ctx *c, const char *state, int64_t before, NotifyMail *out, int max)
{
    DbStmt *st = *state ? db_query(c->db, NOTIFY_SQL_MAILS_STATE,
                                   DB_T(state), DB_I(before ? before : INT64_MAX), DB_I(max))
                        : db_query(c->db, NOTIFY_SQL_MAILS,
                                   DB_I(before ? before : INT64_MAX), DB_I(max));
    int n = 0;
    while (n < max && db_step(st) == DB_ROW)
        mail_row(c->arena, st, &out[n++]);
    return db_done(st) ? n : -1;
}

bool notify_mail_get(const Ctx *c, int64_t id, NotifyMail *out)
{
    DbStmt *st = db_query(c->db, MAIL_COLS "WHERE m.id = ?", DB_I(id));
    bool found = false;
    if (db_step(st) == DB_ROW) {
        mail_row(c->arena, st, out);
        found = true;
    }
    return db_done(st) && found;
}

bool notify_mail_resend(const Ctx *c, int64_t id, bool *was_failed)
{
    *was_failed = false;
    if (!db_exec(c->db,
                 "UPDATE notify_mail SET state = 'pending', attempts = 0, next_at = ? WHERE id = ? AND state = 'failed'",
                 DB_I(c->now), DB_I(id)))
        return false;
    if (db_changes(c->db) == 0)
        return true;
    *was_failed = true;
    return audit_append(c->db, ctx_actor(c), "notify_mail", id, "resend", "{\"state\":\"failed\"}",
                        "{\"state\":\"pending\"}");
}
