/* session.c: sessions and API tokens (only their hashes are stored) and the
 * principal a token stands for, read from auth's own tables. */
#include <stddef.h> /* store/db.h uses size_t without including it */
#include "auth/session.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "auth/auth_int.h"
#include "core/clock.h"
#include "core/config.h"

#define TOKEN_BYTES 32 /* 256 bits of randomness: 43 base64url characters */
#define CSRF_BYTES 24
#define TOKEN_MAX_LEN 128
#define API_TOKEN_TTL (365LL * 24 * 3600)

bool session_token_shaped(const char *t)
{
    size_t n = t ? strlen(t) : 0;
    if (n == 0 || n > TOKEN_MAX_LEN)
        return false;
    for (size_t i = 0; i < n; i++) {
        char c = t[i];
        if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
              c == '_'))
            return false;
    }
    return true;
}

void auth_token_hash(const char *token, char out_hex[65])
{
    unsigned char digest[32];
    auth_sodium_ready();
    crypto_generichash(digest, sizeof digest, (const unsigned char *)token, strlen(token), NULL, 0);
    sodium_bin2hex(out_hex, 65, digest, sizeof digest);
}

/* Appends the grants of a principal from rows (role, node_id, node_path,
 * compound_path) starting at column col of st; false on a storage error. */
static void grant_push(Arena *a, Principal *p, int *cap, DbStmt *st, int col)
{
    Role role;
    /* a role this binary does not know grants nothing */
    if (db_col_null(st, col) || !role_parse(db_col_text(st, col), &role) || db_col_null(st, col + 2))
        return;
    if (p->n_grants == *cap) {
        int ncap = *cap ? *cap * 2 : 8;
        Grant *g = arena_alloc(a, sizeof *g * (size_t)ncap);
        if (*cap)
            memcpy(g, p->grants, sizeof *g * (size_t)*cap);
        p->grants = g;
        *cap = ncap;
    }
    Grant *g = &p->grants[p->n_grants++];
    g->role = role;
    g->node_id = db_col_int(st, col + 1);
    g->node_path = arena_strdup(a, db_col_text(st, col + 2));
    g->compound_path = db_col_null(st, col + 3) ? NULL : arena_strdup(a, db_col_text(st, col + 3));
}

Principal *auth_principal_load(Db *db, Arena *a, int64_t user_id)
{
    Principal *p = NULL;
    int cap = 0;
    DbStmt *st = db_query(db,
                          "SELECT u.username, u.display_name, u.lang, g.role, g.node_id, g.node_path, g.compound_path "
                          "FROM app_user u LEFT JOIN role_grant g ON g.user_id = u.id "
                          "WHERE u.id = ? AND u.disabled = 0 ORDER BY g.id",
                          DB_I(user_id));
    while (db_step(st) == DB_ROW) {
        if (!p) {
            p = arena_alloc(a, sizeof *p);
            memset(p, 0, sizeof *p);
            p->user_id = user_id;
            p->username = arena_strdup(a, db_col_text(st, 0));
            p->display_name = arena_strdup(a, db_col_text(st, 1));
            p->lang = db_col_text(st, 2) && strcmp(db_col_text(st, 2), "en") == 0 ? "en" : "zh";
        }
        grant_push(a, p, &cap, st, 3);
    }
    if (!db_done(st))
        return NULL;
    return p;
}

bool session_lookup(Db *db, Arena *a, const char *token, int64_t now, bool api_only, SessionInfo *out)
{
    memset(out, 0, sizeof *out);
    if (!session_token_shaped(token))
        return false;
    char hash[65];
    auth_token_hash(token, hash);
    /* One statement: the session, its user and every grant, one row per grant. */
    Principal *p = NULL;
    int cap = 0;
    DbStmt *st = db_query(db,
                          "SELECT s.user_id, s.csrf, u.lang, u.username, u.display_name, "
                          "g.role, g.node_id, g.node_path, g.compound_path, COALESCE(u.org_id, 0) "
                          "FROM session s JOIN app_user u ON u.id = s.user_id "
                          "LEFT JOIN role_grant g ON g.user_id = u.id "
                          "WHERE s.token_hash = ? AND s.expires_at > ? AND u.disabled = 0 "
                          "AND (s.kind = 'api' OR ? = 0) ORDER BY g.id",
                          DB_T(hash), DB_I(now), DB_I(api_only ? 1 : 0));
    while (db_step(st) == DB_ROW) {
        if (!p) {
            p = arena_alloc(a, sizeof *p);
            memset(p, 0, sizeof *p);
            p->user_id = db_col_int(st, 0);
            p->username = arena_strdup(a, db_col_text(st, 3));
            p->display_name = arena_strdup(a, db_col_text(st, 4));
            out->csrf = arena_strdup(a, db_col_text(st, 1));
            const char *ul = db_col_text(st, 2);
            out->english = ul && strcmp(ul, "en") == 0;
            p->lang = out->english ? "en" : "zh";
            p->org_id = db_col_int(st, 9);
            p->org_known = true;
        }
        grant_push(a, p, &cap, st, 5);
    }
    if (!db_done(st) || !p) {
        memset(out, 0, sizeof *out);
        return false;
    }
    out->who = p;
    return true;
}

int64_t auth_session_insert(Db *db, int64_t user_id, const char *kind, const char *label,
                            int64_t ttl_seconds, char token[64], char csrf[64])
{
    if (!auth_sodium_ready() || ttl_seconds <= 0)
        return 0;
    unsigned char raw[TOKEN_BYTES];
    randombytes_buf(raw, sizeof raw);
    sodium_bin2base64(token, 64, raw, sizeof raw, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
    sodium_memzero(raw, sizeof raw);
    unsigned char raw_csrf[CSRF_BYTES];
    randombytes_buf(raw_csrf, sizeof raw_csrf);
    sodium_bin2base64(csrf, 64, raw_csrf, sizeof raw_csrf, sodium_base64_VARIANT_URLSAFE_NO_PADDING);

    char hash[65];
    auth_token_hash(token, hash);
    int64_t now = clock_now();
    int64_t expires = now + ttl_seconds;
    /* expired rows of this user go now, so the table does not grow forever */
    if (!db_exec(db, "DELETE FROM session WHERE user_id = ? AND expires_at <= ?", DB_I(user_id), DB_I(now)))
        return 0;
    if (!db_exec(db,
                 "INSERT INTO session (token_hash, user_id, kind, csrf, label, created_at, expires_at) "
                 "VALUES (?, ?, ?, ?, ?, ?, ?)",
                 DB_T(hash), DB_I(user_id), DB_T(kind), DB_T(csrf), DB_T(label ? label : ""), DB_I(now),
                 DB_I(expires)))
        return 0;
    return expires;
}

static int64_t session_ttl(const char *kind)
{
    if (strcmp(kind, "api") == 0)
        return API_TOKEN_TTL;
    int hours = g_config && g_config->session_hours > 0 ? g_config->session_hours : 12;
    return (int64_t)hours * 3600;
}

static bool kind_valid(const char *kind)
{
    return kind && (strcmp(kind, "web") == 0 || strcmp(kind, "api") == 0);
}

const char *session_create(Db *db, Arena *a, int64_t user_id, const char *kind, const char *label,
                           const char **csrf_out)
{
    if (csrf_out)
        *csrf_out = NULL;
    if (!kind_valid(kind))
        return NULL;
    char token[64], csrf[64];
    if (!auth_session_insert(db, user_id, kind, label, session_ttl(kind), token, csrf))
        return NULL;
    if (csrf_out)
        *csrf_out = arena_strdup(a, csrf);
    const char *out = arena_strdup(a, token);
    sodium_memzero(token, sizeof token);
    return out;
}

bool session_end(Db *db, const char *token)
{
    if (!session_token_shaped(token))
        return true;
    char hash[65];
    auth_token_hash(token, hash);
    return db_exec(db, "DELETE FROM session WHERE token_hash = ?", DB_T(hash));
}

char *session_create_db(Db *db, int64_t user_id, const char *kind, int64_t ttl_seconds)
{
    if (!kind_valid(kind))
        return NULL;
    char token[64], csrf[64];
    if (!auth_session_insert(db, user_id, kind, "", ttl_seconds > 0 ? ttl_seconds : session_ttl(kind), token,
                             csrf))
        return NULL;
    char *out = strdup(token);
    sodium_memzero(token, sizeof token);
    return out;
}

