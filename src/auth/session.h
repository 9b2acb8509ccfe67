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

/* Login throttling (ratelimit.c), in the database and the request's
 * transaction. Who tries to sign in, as the throttle counts them: */
typedef struct LoginSubject {
    int64_t user_id;     /* 0: no such account */
    char account[24];    /* "u<id>", or "n" + keyed hash of the typed name */
    char address[17];    /* keyed hash of the client address */
    bool known;          /* the account signed in from here before (login_throttle_wait sets it) */
    char key_pair[48];   /* the throttle rows of this account at this address, */
    char key_address[24]; /* of this address, */
    char key_account[32]; /* of this account from addresses it is not known at */
} LoginSubject;
void login_subject(LoginSubject *s, int64_t user_id, const char *username, const char *address);
/* Seconds to wait before this try may be checked (0: go ahead); false on a
 * storage error. */
bool login_throttle_wait(Db *db, LoginSubject *s, int64_t *wait);
/* Counts a failure (call login_throttle_wait first, which sets known). */
bool login_throttle_failure(Db *db, const LoginSubject *s);
/* Forgives this account's failures at this address and remembers the address. */
bool login_throttle_success(Db *db, const LoginSubject *s);
/* The rule: with `failures` counted and `free_failures` allowed, the wait
 * after the last failure is 0, then 2 s, doubling with each failure, at most cap. */
int64_t login_delay(int failures, int free_failures, int64_t cap);
/* Installs the key that hashes typed names and addresses (32 bytes; the key
 * file's loader calls it). */
void auth_login_key_set(const unsigned char key[32]);
/* A keyed hash (16 hex digits) of text a stranger typed: what logs and rows
 * keep instead of the text (often a password typed into the wrong box). */
void login_text_hash(const char *kind, const char *text, char out[17]);

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
