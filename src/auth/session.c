/* session.c: sessions and API tokens (only their hashes are stored), the
 * signed-in principal of a request, the CSRF check and the permission guard. */
#include <stddef.h> /* store/db.h uses size_t without including it */
#include "auth/session.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "auth/auth_int.h"
#include "core/clock.h"
#include "core/config.h"

#define TOKEN_BYTES 32 /* 256 bits of randomness: 43 base64url characters */
#define CSRF_BYTES 24
#define TOKEN_MAX_LEN 128
#define API_TOKEN_TTL (365LL * 24 * 3600)
#define MAX_PATH_IDS 8 /* street .. household: the deepest path of the tree */

static bool token_shaped(const char *t)
{
    size_t n = strlen(t);
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

const char *auth_request_token(const Req *r, bool *via_bearer)
{
    *via_bearer = false;
    const char *auth = req_header(r, "authorization");
    if (auth && strncasecmp(auth, "bearer ", 7) == 0) {
        /* A Bearer header decides alone: a bad one must not fall back to a
         * cookie the caller may not know it sends. */
        const char *t = auth + 7;
        while (*t == ' ')
            t++;
        *via_bearer = true;
        return token_shaped(t) ? t : NULL;
    }
    const char *c = req_cookie(r, SESSION_COOKIE);
    return c && token_shaped(c) ? c : NULL;
}

void auth_token_hash(const char *token, char out_hex[65])
{
    unsigned char digest[32];
    auth_sodium_ready();
    crypto_generichash(digest, sizeof digest, (const unsigned char *)token, strlen(token), NULL, 0);
    sodium_bin2hex(out_hex, 65, digest, sizeof digest);
}

/* The path of the compound above a node below compound level: the one
 * compound among the ids of its path. */
static const char *compound_path_of(Req *r, const char *path)
{
    DbArg args[MAX_PATH_IDS + 1];
    int n = 0;
    const char *p = path;
    while (*p == '/' && n < MAX_PATH_IDS) {
        char *end;
        long long id = strtoll(p + 1, &end, 10);
        if (end == p + 1 || *end != '/')
            break;
        args[n++] = DB_I(id);
        p = end;
    }
    if (n == 0)
        return NULL;
    for (int i = n; i < MAX_PATH_IDS; i++)
        args[i] = DB_I(0); /* ids start at 1: 0 matches nothing */
    args[MAX_PATH_IDS] = DB_END;
    const char *out = NULL;
    DbStmt *st = db_query_args(r->db,
                               "SELECT path FROM node WHERE kind = 'compound' "
                               "AND id IN (?, ?, ?, ?, ?, ?, ?, ?)",
                               args);
    if (db_step(st) == DB_ROW)
        out = arena_strdup(r->arena, db_col_text(st, 0));
    db_done(st);
    return out;
}

Principal *auth_principal_load(Req *r, int64_t user_id)
{
    Principal *p = NULL;
    DbStmt *st = db_query(r->db, "SELECT username, display_name FROM app_user WHERE id = ? AND disabled = 0",
                          DB_I(user_id));
    if (db_step(st) == DB_ROW) {
        p = arena_alloc(r->arena, sizeof *p);
        p->user_id = user_id;
        p->username = arena_strdup(r->arena, db_col_text(st, 0));
        p->display_name = arena_strdup(r->arena, db_col_text(st, 1));
    }
    if (!db_done(st) || !p)
        return NULL;

    int cap = 0;
    NodeKind *kinds = NULL;
    st = db_query(r->db,
                  "SELECT g.role, g.node_id, n.path, n.kind FROM role_grant g "
                  "JOIN node n ON n.id = g.node_id WHERE g.user_id = ? ORDER BY g.id",
                  DB_I(user_id));
    while (db_step(st) == DB_ROW) {
        Role role;
        NodeKind kind;
        /* a role or kind this binary does not know grants nothing */
        if (!role_parse(db_col_text(st, 0), &role) || !node_kind_parse(db_col_text(st, 3), &kind))
            continue;
        if (p->n_grants == cap) {
            int ncap = cap ? cap * 2 : 8;
            Grant *g = arena_alloc(r->arena, sizeof *g * (size_t)ncap);
            NodeKind *k = arena_alloc(r->arena, sizeof *k * (size_t)ncap);
            if (cap) {
                memcpy(g, p->grants, sizeof *g * (size_t)cap);
                memcpy(k, kinds, sizeof *k * (size_t)cap);
            }
            p->grants = g;
            kinds = k;
            cap = ncap;
        }
        Grant *g = &p->grants[p->n_grants];
        g->role = role;
        g->node_id = db_col_int(st, 1);
        g->node_path = arena_strdup(r->arena, db_col_text(st, 2));
        kinds[p->n_grants++] = kind;
    }
    if (!db_done(st))
        return NULL;
    for (int i = 0; i < p->n_grants; i++)
        if (kinds[i] > NODE_COMPOUND)
            p->grants[i].compound_path = compound_path_of(r, p->grants[i].node_path);
    return p;
}

void session_load(Req *r)
{
    r->who = NULL;
    r->session_csrf = NULL;
    r->via_bearer = r->via_cookie = false;
    r->lang = "zh";
    bool lang_chosen = false;
    const char *lc = req_cookie(r, LANG_COOKIE);
    if (lc && (strcmp(lc, "zh") == 0 || strcmp(lc, "en") == 0)) {
        r->lang = lc[0] == 'e' ? "en" : "zh";
        lang_chosen = true;
    }
    if (!r->db)
        return;
    bool bearer;
    const char *token = auth_request_token(r, &bearer);
    if (!token)
        return;
    char hash[65];
    auth_token_hash(token, hash);

    int64_t user_id = 0;
    const char *csrf = NULL;
    bool english = false;
    DbStmt *st = db_query(r->db,
                          "SELECT s.user_id, s.csrf, u.lang FROM session s JOIN app_user u ON u.id = s.user_id "
                          "WHERE s.token_hash = ? AND s.expires_at > ? AND u.disabled = 0",
                          DB_T(hash), DB_I(clock_now()));
    if (db_step(st) == DB_ROW) {
        user_id = db_col_int(st, 0);
        csrf = arena_strdup(r->arena, db_col_text(st, 1));
        const char *ul = db_col_text(st, 2);
        english = ul && strcmp(ul, "en") == 0;
    }
    if (!db_done(st) || !user_id)
        return;
    Principal *p = auth_principal_load(r, user_id);
    if (!p)
        return;
    r->who = p;
    r->via_bearer = bearer;
    r->via_cookie = !bearer;
    /* Bearer tokens are not sent by browsers on their own, so they need no
     * CSRF token; a cookie session does. */
    r->session_csrf = bearer ? NULL : csrf;
    if (!lang_chosen && english)
        r->lang = "en";
}

bool session_principal_from_token(Req *r, const char *token)
{
    r->who = NULL;
    r->session_csrf = NULL;
    r->via_cookie = false;
    r->via_bearer = false;
    if (!r->db || !token || !token_shaped(token))
        return false;
    char hash[65];
    auth_token_hash(token, hash);
    int64_t user_id = 0;
    DbStmt *st = db_query(r->db,
                          "SELECT s.user_id FROM session s JOIN app_user u ON u.id = s.user_id "
                          "WHERE s.token_hash = ? AND s.kind = 'api' AND s.expires_at > ? AND u.disabled = 0",
                          DB_T(hash), DB_I(clock_now()));
    if (db_step(st) == DB_ROW)
        user_id = db_col_int(st, 0);
    if (!db_done(st) || !user_id)
        return false;
    r->who = auth_principal_load(r, user_id);
    /* like a Bearer token: not sent by a browser on its own, so no CSRF */
    r->via_bearer = r->who != NULL;
    return r->who != NULL;
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

const char *session_create(Req *r, int64_t user_id, const char *kind, const char **csrf_out)
{
    if (csrf_out)
        *csrf_out = NULL;
    if (!kind_valid(kind))
        return NULL;
    char token[64], csrf[64];
    if (!auth_session_insert(r->db, user_id, kind, "", session_ttl(kind), token, csrf))
        return NULL;
    if (csrf_out)
        *csrf_out = arena_strdup(r->arena, csrf);
    const char *out = arena_strdup(r->arena, token);
    sodium_memzero(token, sizeof token);
    return out;
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

static bool csrf_matches(const char *sent, const char *expected)
{
    size_t n = strlen(expected);
    return sent && strlen(sent) == n && sodium_memcmp(sent, expected, n) == 0;
}

bool csrf_check_or_reply(Req *r)
{
    /* Only the cookie is sent by a browser on its own; bearer and anonymous
     * requests carry no ambient authority to abuse. */
    if (!r->via_cookie)
        return true;
    if (r->session_csrf && r->session_csrf[0] &&
        (csrf_matches(req_form(r, CSRF_FIELD), r->session_csrf) ||
         csrf_matches(req_header(r, CSRF_HEADER), r->session_csrf)))
        return true;
    reply_error(r, 403, "csrf", NULL, "页面已过期或来源不明，请刷新页面后重试。",
                "Missing or wrong CSRF token: reload the page and try again.");
    return false;
}

bool auth_require_or_reply(Req *r, Perm perm, const char *target_path)
{
    if (perm_allows(r->who, perm, target_path))
        return true;
    if (!r->who)
        reply_login_needed(r);
    else
        reply_forbidden(r);
    return false;
}
