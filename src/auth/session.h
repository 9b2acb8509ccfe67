/* session.h: sign-in, sessions (cookie "gz_session") and API tokens, CSRF,
 * login rate limiting, and the guard every handler calls first. */
#ifndef GZ_SESSION_H
#define GZ_SESSION_H
#include <stdbool.h>
#include <stdint.h>
#include "auth/perm.h"
#include "http/req.h"

#define SESSION_COOKIE "gz_session"
#define LANG_COOKIE "gz_lang"
#define CSRF_FIELD "csrf"           /* form field */
#define CSRF_HEADER "x-csrf-token"  /* header, for htmx and fetch */

/* Called by the server for every request before dispatch: resolves the
 * Bearer token or the session cookie into r->who (with grants loaded),
 * r->session_csrf, r->lang. An expired or unknown token leaves r->who NULL. */
void session_load(Req *r);

/* Signs the request in by an API token given in a parameter (Open311's
 * api_key) instead of a header: r->who becomes the token's user when the
 * token is a live API token ("api" kind) of an enabled user; otherwise
 * r->who is NULL. Any cookie identity is dropped either way. */
bool session_principal_from_token(Req *r, const char *token);

/* For R_WRITE routes authenticated by cookie: the CSRF token must be sent in
 * the form field or header. Replies 403 csrf and returns false otherwise. */
bool csrf_check_or_reply(Req *r);

/* The guard: replies 401 (not signed in) or 403 (signed in, not allowed)
 * and returns false unless perm_allows(r->who, perm, target_path). */
bool auth_require_or_reply(Req *r, Perm perm, const char *target_path);

/* Password hashing with argon2id (libsodium crypto_pwhash_str). */
bool password_hash(const char *password, char out[128]);
bool password_verify(const char *hash, const char *password);

/* Creates a session or API token for user_id; returns the token (arena
 * memory) and stores only its hash. kind: "web" or "api". */
const char *session_create(Req *r, int64_t user_id, const char *kind, const char **csrf_out);
/* Creates a session on a bare connection (CLI, tests). Token malloc'd. */
char *session_create_db(Db *db, int64_t user_id, const char *kind, int64_t ttl_seconds);

/* Login throttling, in memory per process: true while account or address is
 * locked out (too many failures in the last 15 minutes). */
bool ratelimit_blocked(const char *username, const char *ip);
void ratelimit_failure(const char *username, const char *ip);
void ratelimit_success(const char *username, const char *ip);

/* Handlers (registered in routes.c) */
void api_login(Req *r);   /* POST /api/login */
void api_logout(Req *r);  /* POST /api/logout */
void api_me(Req *r);      /* GET /api/me */
void api_tokens_create(Req *r); /* POST /api/tokens: a long-lived API token for integrations */
void page_login(Req *r);  /* GET /login */
void page_login_post(Req *r); /* POST /login */
void page_logout_post(Req *r); /* POST /logout */
void page_lang(Req *r);   /* GET /lang?to=en&back=/path */

/* Users (CLI `gongzhi user ...` and admin API). */
bool user_add(Db *db, const char *username, const char *display_name, const char *password, int64_t *id_out, char *err, size_t errlen);
bool user_set_password(Db *db, const char *username, const char *password, char *err, size_t errlen);
bool user_grant(Db *db, const char *username, Role role, int64_t node_id, char *err, size_t errlen);
bool user_revoke(Db *db, const char *username, Role role, int64_t node_id, char *err, size_t errlen);

#endif
