/* audit.c: appending to and verifying the hash-chained audit log. */
#include <stddef.h> /* store/db.h uses size_t without including it */
#include "auth/audit.h"

#include <inttypes.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "auth/auth_int.h"
#include "core/clock.h"

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

void audit_hash(const char *prev_hex, int64_t seq, int64_t at, int64_t actor_id,
                const char *entity, int64_t entity_id, const char *action,
                const char *before_json, const char *after_json, char out_hex[65])
{
    auth_sodium_ready();
    crypto_generichash_state st;
    unsigned char digest[32];
    crypto_generichash_init(&st, NULL, 0, sizeof digest);
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

static bool append_locked(Db *db, int64_t actor_id, const char *entity, int64_t entity_id,
                          const char *action, const char *before_json, const char *after_json)
{
    /* Bumping the head first takes its row lock (PostgreSQL) or the write
     * lock (SQLite) before anything is read, so two appends can never read
     * the same head and fork the chain. */
    if (!db_exec(db, "UPDATE audit_head SET seq = seq + 1 WHERE id = 1") || db_changes(db) != 1)
        return false;
    int64_t seq = 0;
    char prev[65] = "";
    DbStmt *st = db_query(db, "SELECT seq, hash FROM audit_head WHERE id = 1");
    if (db_step(st) == DB_ROW) {
        seq = db_col_int(st, 0);
        const char *h = db_col_text(st, 1);
        if (h)
            snprintf(prev, sizeof prev, "%s", h);
    }
    if (!db_done(st) || seq <= 0 || strlen(prev) != 64)
        return false;

    int64_t at = clock_now();
    char hash[65];
    audit_hash(prev, seq, at, actor_id, entity, entity_id, action, before_json, after_json, hash);
    if (!db_exec(db,
                 "INSERT INTO audit_event (seq, at, actor_id, entity, entity_id, action, "
                 "before_json, after_json, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                 DB_I(seq), DB_I(at), actor_id ? DB_I(actor_id) : DB_NULL, DB_T(entity),
                 DB_I(entity_id), DB_T(action), DB_T(before_json), DB_T(after_json), DB_T(prev),
                 DB_T(hash)))
        return false;
    return db_exec(db, "UPDATE audit_head SET hash = ? WHERE id = 1", DB_T(hash));
}

bool audit_append(Db *db, int64_t actor_id, const char *entity, int64_t entity_id,
                  const char *action, const char *before_json, const char *after_json)
{
    if (!db || !entity || !action || actor_id < 0)
        return false;
    /* Callers normally hold the request's write transaction; a bare
     * connection (CLI) gets one of its own so the event and the head move
     * together. */
    bool own = !db_in_transaction(db);
    if (own && !db_begin(db, true))
        return false;
    bool ok = append_locked(db, actor_id, entity, entity_id, action, before_json, after_json);
    if (own) {
        if (ok)
            ok = db_commit(db);
        else
            db_rollback(db);
    }
    return ok;
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
    memset(out, 0, sizeof *out);
    if (!db)
        return false;
    char prev[65];
    snprintf(prev, sizeof prev, "%s", genesis_hash);
    int64_t expect = 1;
    char reason[160];

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
        char calc[65];
        audit_hash(prev, seq, db_col_int(st, 1), db_col_null(st, 2) ? 0 : db_col_int(st, 2),
                   db_col_text(st, 3), db_col_int(st, 4), db_col_text(st, 5), db_col_text(st, 6),
                   db_col_text(st, 7), calc);
        if (!stored || strcmp(stored, calc) != 0) {
            snprintf(reason, sizeof reason, "event %" PRId64 ": hash does not match its content", seq);
            broken(out, seq, reason);
            break;
        }
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
    }
    return true;
}
