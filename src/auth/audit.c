/* audit.c: appending to and verifying the keyed, chained audit log, and its published heads. */
#include <stddef.h> /* store/db.h uses size_t without including it */
#include "auth/audit.h"

#include <ctype.h>
#include <inttypes.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "auth/auth_int.h"
#include "core/clock.h"

#define AUDIT_KEY_BYTES 32

/* The MAC key, installed once at start-up and only read afterwards, so
 * worker threads may use it without a lock. */
static unsigned char g_key[AUDIT_KEY_BYTES];
static bool g_key_ok;

/* The hash before the first event, as written by migration 001. */
static const char genesis_hash[] =
    "0000000000000000000000000000000000000000000000000000000000000000";

/* Each field goes in as "<decimal length>:<bytes>" so no two different
 * events can produce the same byte stream; NULL goes in as "-", which no
 * length prefix can start with, so NULL and "" differ. */
static void hash_text(crypto_generichash_state *st, const char *s)
{
    if (!s) {
        crypto_generichash_update(st, (const unsigned char *)"-", 1);
        return;
    }
    char len[24];
    int n = snprintf(len, sizeof len, "%zu:", strlen(s));
    crypto_generichash_update(st, (const unsigned char *)len, (unsigned long long)n);
    crypto_generichash_update(st, (const unsigned char *)s, strlen(s));
}

static void hash_int(crypto_generichash_state *st, int64_t v)
{
    char num[24];
    snprintf(num, sizeof num, "%" PRId64, v);
    hash_text(st, num);
}

/* The link of one event: BLAKE2b-256 over the previous link and the
 * fields, keyed (a MAC) when key is given. */
static void link_of(const unsigned char *key, const char *prev_hex, int64_t seq, int64_t at, int64_t actor_id,
                    const char *entity, int64_t entity_id, const char *action, const char *before_json,
                    const char *after_json, char out_hex[65])
{
    auth_sodium_ready();
    crypto_generichash_state st;
    unsigned char digest[32];
    crypto_generichash_init(&st, key, key ? AUDIT_KEY_BYTES : 0, sizeof digest);
    hash_text(&st, prev_hex);
    hash_int(&st, seq);
    hash_int(&st, at);
    /* actor 0 is "the system" and is stored as NULL; hash it the same way */
    if (actor_id == 0)
        hash_text(&st, NULL);
    else
        hash_int(&st, actor_id);
    hash_text(&st, entity);
    hash_int(&st, entity_id);
    hash_text(&st, action);
    hash_text(&st, before_json);
    hash_text(&st, after_json);
    crypto_generichash_final(&st, digest, sizeof digest);
    sodium_bin2hex(out_hex, 65, digest, sizeof digest);
}

void audit_hash(const char *prev_hex, int64_t seq, int64_t at, int64_t actor_id,
                const char *entity, int64_t entity_id, const char *action,
                const char *before_json, const char *after_json, char out_hex[65])
{
    link_of(NULL, prev_hex, seq, at, actor_id, entity, entity_id, action, before_json, after_json, out_hex);
}

void audit_mac(const char *prev_hex, int64_t seq, int64_t at, int64_t actor_id,
               const char *entity, int64_t entity_id, const char *action,
               const char *before_json, const char *after_json, char out_hex[65])
{
    link_of(g_key, prev_hex, seq, at, actor_id, entity, entity_id, action, before_json, after_json, out_hex);
}

void audit_key_set(const unsigned char key[AUDIT_KEY_BYTES])
{
    memcpy(g_key, key, AUDIT_KEY_BYTES);
    g_key_ok = true;
}

/* One event to append; NULL entity = none (only start the keyed part). */
typedef struct Event {
    int64_t actor_id;
    const char *entity;
    int64_t entity_id;
    const char *action;
    const char *before_json;
    const char *after_json;
} Event;

static bool insert_event(Db *db, int64_t seq, const char *prev, int64_t at, const Event *ev, char link[65])
{
    audit_mac(prev, seq, at, ev->actor_id, ev->entity, ev->entity_id, ev->action, ev->before_json,
              ev->after_json, link);
    return db_exec(db,
                   "INSERT INTO audit_event (seq, at, actor_id, entity, entity_id, action, "
                   "before_json, after_json, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                   DB_I(seq), DB_I(at), ev->actor_id ? DB_I(ev->actor_id) : DB_NULL, DB_T(ev->entity),
                   DB_I(ev->entity_id), DB_T(ev->action), DB_T(ev->before_json), DB_T(ev->after_json),
                   DB_T(prev), DB_T(link));
}

static bool append_locked(Db *db, const Event *ev)
{
    /* Bumping the head first takes its row lock (PostgreSQL) or the write
     * lock (SQLite) before anything is read, so two appends can never read
     * the same head and fork the chain; RETURNING reads it in the same
     * statement (one round trip less on PostgreSQL). */
    int64_t seq = 0, keyed_from = 0;
    char prev[65] = "";
    DbStmt *st = db_query(db, "UPDATE audit_head SET seq = seq + 1 WHERE id = 1 RETURNING seq, hash, keyed_from");
    if (db_step(st) == DB_ROW) {
        seq = db_col_int(st, 0);
        const char *h = db_col_text(st, 1);
        if (h)
            snprintf(prev, sizeof prev, "%s", h);
        keyed_from = db_col_null(st, 2) ? 0 : db_col_int(st, 2);
    }
    if (!db_done(st) || seq <= 0 || strlen(prev) != 64)
        return false;
    if (!ev->entity && keyed_from)
        /* another process keyed the chain while we waited for the lock */
        return db_exec(db, "UPDATE audit_head SET seq = seq - 1 WHERE id = 1");

    int64_t at = clock_now();
    char link[65];
    if (!keyed_from) {
        /* The keyed part opens with an event of its own, so where it starts
         * is itself under the MAC: moving the boundary breaks the chain. */
        char after[64];
        snprintf(after, sizeof after, "{\"unkeyed_events\":%" PRId64 "}", seq - 1);
        const Event opening = {0, "audit", 0, "chain_keyed", NULL, after};
        if (!insert_event(db, seq, prev, at, &opening, link))
            return false;
        keyed_from = seq;
        snprintf(prev, sizeof prev, "%s", link);
        if (ev->entity)
            seq++;
    }
    if (ev->entity && !insert_event(db, seq, prev, at, ev, link))
        return false;
    return db_exec(db, "UPDATE audit_head SET seq = ?, hash = ?, keyed_from = ? WHERE id = 1", DB_I(seq), DB_T(link),
                   DB_I(keyed_from));
}

/* Runs append_locked in the caller's transaction, or in one of its own on a
 * bare connection (CLI), so the events and the head move together. */
static bool append(Db *db, const Event *ev)
{
    if (!g_key_ok)
        return false;
    bool own = !db_in_transaction(db);
    if (own && !db_begin(db, true))
        return false;
    bool ok = append_locked(db, ev);
    if (own) {
        if (ok)
            ok = db_commit(db);
        else
            db_rollback(db);
    }
    return ok;
}

bool audit_append(Db *db, int64_t actor_id, const char *entity, int64_t entity_id,
                  const char *action, const char *before_json, const char *after_json)
{
    if (!db || !entity || !action || actor_id < 0)
        return false;
    const Event ev = {actor_id, entity, entity_id, action, before_json, after_json};
    return append(db, &ev);
}

/* keyed_from of the head row: 0 when the chain is not keyed yet. */
static bool read_keyed_from(Db *db, int64_t *out)
{
    *out = 0;
    DbStmt *st = db_query(db, "SELECT keyed_from FROM audit_head WHERE id = 1");
    if (db_step(st) == DB_ROW && !db_col_null(st, 0))
        *out = db_col_int(st, 0);
    return db_done(st);
}

bool audit_chain_keyed(Db *db)
{
    int64_t keyed_from;
    if (!db || !g_key_ok || !read_keyed_from(db, &keyed_from))
        return false;
    if (keyed_from)
        return true;
    const Event none = {0, NULL, 0, NULL, NULL, NULL};
    return append(db, &none);
}

void audit_head_format(const AuditHead *h, char out[48])
{
    const char *m = h->mac;
    snprintf(out, 48, "%" PRId64 ":%.4s-%.4s-%.4s-%.4s", h->seq, m, m + 4, m + 8, m + 12);
}

bool audit_head_parse(const char *text, AuditHead *out)
{
    memset(out, 0, sizeof *out);
    if (!text)
        return false;
    const char *p = text;
    while (*p == ' ')
        p++;
    int64_t seq = 0;
    int digits = 0;
    for (; *p >= '0' && *p <= '9'; p++) {
        if (++digits > 18)
            return false;
        seq = seq * 10 + (*p - '0');
    }
    if (!digits || seq <= 0 || *p++ != ':')
        return false;
    char mac[17];
    int n = 0;
    for (; *p; p++) {
        if (*p == '-' || *p == ' ')
            continue;
        char c = (char)tolower((unsigned char)*p);
        if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f')) || n == 16)
            return false;
        mac[n++] = c;
    }
    if (n != 16)
        return false;
    mac[16] = '\0';
    out->seq = seq;
    memcpy(out->mac, mac, sizeof mac);
    return true;
}

static void broken(AuditCheck *out, int64_t seq, const char *reason)
{
    if (out->first_bad)
        return;
    out->first_bad = seq;
    snprintf(out->reason, sizeof out->reason, "%s", reason);
}

bool audit_verify(Db *db, AuditCheck *out)
{
    return audit_verify_heads(db, NULL, 0, out);
}

/* The published heads that name event seq must match its link. */
static void check_heads_at(AuditCheck *out, const AuditHead *heads, int n, int64_t seq, const char *link)
{
    char reason[200], text[48];
    for (int i = 0; i < n && !out->first_bad; i++) {
        if (heads[i].seq != seq || strncmp(link, heads[i].mac, 16) == 0)
            continue;
        audit_head_format(&heads[i], text);
        snprintf(reason, sizeof reason,
                 "event %" PRId64 ": differs from the published head %s (the log was rewritten from there on or before)",
                 seq, text);
        broken(out, seq, reason);
    }
}

bool audit_verify_heads(Db *db, const AuditHead *heads, int n, AuditCheck *out)
{
    memset(out, 0, sizeof *out);
    if (!db || !g_key_ok)
        return false;
    int64_t keyed_from;
    if (!read_keyed_from(db, &keyed_from))
        return false;
    out->keyed_from = keyed_from;
    char prev[65];
    snprintf(prev, sizeof prev, "%s", genesis_hash);
    int64_t expect = 1;
    char reason[200];

    DbStmt *st = db_query(db,
                          "SELECT seq, at, actor_id, entity, entity_id, action, before_json, "
                          "after_json, prev_hash, hash FROM audit_event ORDER BY seq");
    while (!out->first_bad && db_step(st) == DB_ROW) {
        int64_t seq = db_col_int(st, 0);
        const char *stored_prev = db_col_text(st, 8);
        const char *stored = db_col_text(st, 9);
        out->events++;
        if (seq != expect) {
            if (seq > expect && expect == 1)
                snprintf(reason, sizeof reason, "event %" PRId64 ": missing (the log starts at %" PRId64 ")",
                         expect, seq);
            else if (seq > expect)
                snprintf(reason, sizeof reason, "event %" PRId64 ": missing (gap after %" PRId64 ")",
                         expect, expect - 1);
            else
                snprintf(reason, sizeof reason, "event %" PRId64 ": out of order after %" PRId64,
                         seq, expect - 1);
            broken(out, seq > expect ? expect : seq, reason);
            break;
        }
        if (!stored_prev || strcmp(stored_prev, prev) != 0) {
            snprintf(reason, sizeof reason,
                     "event %" PRId64 ": prev_hash does not match the hash of the event before", seq);
            broken(out, seq, reason);
            break;
        }
        bool keyed = keyed_from && seq >= keyed_from;
        const char *entity = db_col_text(st, 3), *action = db_col_text(st, 5);
        if (seq == keyed_from && !(entity && action && strcmp(entity, "audit") == 0 &&
                                   strcmp(action, "chain_keyed") == 0)) {
            snprintf(reason, sizeof reason,
                     "event %" PRId64 ": the keyed part of the chain must open with its chain_keyed event", seq);
            broken(out, seq, reason);
            break;
        }
        char calc[65];
        link_of(keyed ? g_key : NULL, prev, seq, db_col_int(st, 1), db_col_null(st, 2) ? 0 : db_col_int(st, 2),
                entity, db_col_int(st, 4), action, db_col_text(st, 6), db_col_text(st, 7), calc);
        if (!stored || strcmp(stored, calc) != 0) {
            snprintf(reason, sizeof reason, "event %" PRId64 ": hash does not match its content%s", seq,
                     keyed ? " (or the key file is not this database's)" : "");
            broken(out, seq, reason);
            break;
        }
        check_heads_at(out, heads, n, seq, stored);
        snprintf(prev, sizeof prev, "%s", stored);
        expect++;
    }
    if (!db_done(st))
        return false;
    if (out->first_bad)
        return true;

    int64_t last = expect - 1;
    int64_t head_seq = -1;
    char head_hash[65] = "";
    st = db_query(db, "SELECT seq, hash FROM audit_head WHERE id = 1");
    if (db_step(st) == DB_ROW) {
        head_seq = db_col_int(st, 0);
        const char *h = db_col_text(st, 1);
        snprintf(head_hash, sizeof head_hash, "%s", h ? h : "");
    }
    if (!db_done(st))
        return false;
    if (head_seq < 0) {
        broken(out, last + 1, "the audit head row is missing");
    } else if (head_seq > last) {
        snprintf(reason, sizeof reason, "event %" PRId64 ": missing (the log ends at %" PRId64 ")",
                 last + 1, last);
        broken(out, last + 1, reason);
    } else if (head_seq < last) {
        snprintf(reason, sizeof reason, "event %" PRId64 ": not recorded in the audit head (head at %" PRId64 ")",
                 head_seq + 1, head_seq);
        broken(out, head_seq + 1, reason);
    } else if (strcmp(head_hash, prev) != 0) {
        snprintf(reason, sizeof reason, "event %" PRId64 ": the audit head's hash does not match it", last);
        broken(out, last ? last : 1, reason);
    } else if (last > 0 && !keyed_from) {
        /* Every chain this version writes to is keyed; one without a keyed
         * part had it removed and the rest rewritten without the key. */
        snprintf(reason, sizeof reason,
                 "event %" PRId64 ": the keyed part of the chain is missing (it was cut off and the rest rewritten)",
                 last + 1);
        broken(out, last + 1, reason);
    } else if (keyed_from > last) {
        snprintf(reason, sizeof reason,
                 "event %" PRId64 ": missing (the keyed part starts at event %" PRId64 " but the log ends at %" PRId64
                 ")",
                 last + 1, keyed_from, last);
        broken(out, last + 1, reason);
    }
    for (int i = 0; i < n && !out->first_bad; i++) {
        if (heads[i].seq <= last)
            continue;
        char text[48];
        audit_head_format(&heads[i], text);
        snprintf(reason, sizeof reason,
                 "event %" PRId64 ": missing (the log ends at %" PRId64 " but the published head %s is later: "
                 "the tail was cut off)",
                 last + 1, last, text);
        broken(out, last + 1, reason);
    }
    out->head.seq = last;
    snprintf(out->head.mac, sizeof out->head.mac, "%.16s", last ? prev : "");
    return true;
}
