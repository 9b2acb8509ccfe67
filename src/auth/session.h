/* session.h: the accounts' model: sessions and API tokens (only their hashes
 * are stored), the principal a token stands for, passwords, login
 * throttling and users with their grants. Nothing here knows HTTP: the
 * request-level side (cookies, CSRF, the guard, the sign-in pages) is
 * src/site/. */
#ifndef GZ_SESSION_H
#define GZ_SESSION_H
#include <stdbool.h>
#include <stdint.h>
#include "auth/perm.h"
#include "core/arena.h"
#include "store/db.h"

/* What a live token stands for. */
typedef struct SessionInfo {
    Principal *who;   /* arena memory, with its grants */
    const char *csrf; /* the session's CSRF token (arena) */
    bool english;     /* the account prefers English */
} SessionInfo;

/* True when t looks like one of our tokens (base64url, at most 128 bytes). */
bool session_token_shaped(const char *t);

/* Looks a token up: a live session or API token (api_only: API tokens only)
 * of an enabled user, loaded with its grants into arena memory. False when
 * there is none or on a storage error (out->who is then NULL). */
bool session_lookup(Db *db, Arena *a, const char *token, int64_t now, bool api_only, SessionInfo *out);

/* An enabled user with their grants, in arena memory; NULL when unknown or disabled. */
Principal *auth_principal_load(Db *db, Arena *a, int64_t user_id);

/* Checking a sign-in (login.c): the password of an enabled user, with the
 * throttle of this account and address counted in the caller's transaction
 * (on LOGIN_BAD the failure is written: the caller commits it before
 * answering 401). *wait: seconds until a throttled try may be made. */
typedef enum { LOGIN_OK, LOGIN_BAD, LOGIN_BLOCKED, LOGIN_ERROR } LoginResult;
LoginResult auth_login_check(Db *db, const char *username, const char *password, const char *address,
                             int64_t *uid, int64_t *wait);
/* A long-lived API token for integrations (a year), only its hash stored;
 * the token in arena memory and its expiry, NULL on a storage error. */
const char *auth_api_token_create(Db *db, Arena *a, int64_t uid, const char *label, int64_t *expires_out);

/* Password hashing with argon2id (libsodium crypto_pwhash_str). */
bool password_hash(const char *password, char out[128]);
bool password_verify(const char *hash, const char *password);

/* Creates a session ("web", lasting session_hours) or an API token ("api",
 * a year) for user_id with the label; returns the token (arena memory) and
 * its CSRF token in *csrf_out (may be NULL), storing only the token's hash.
 * NULL on a bad kind or a storage error. */
const char *session_create(Db *db, Arena *a, int64_t user_id, const char *kind, const char *label,
                           const char **csrf_out);
/* Ends the session of this token (nothing when there is none). */
bool session_end(Db *db, const char *token);
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


/* Users (CLI `gongzhi user ...` and admin API). */
/* The id of the user with this name (0 when there is none); false on a storage error. */
bool auth_user_id(Db *db, const char *username, int64_t *id);
bool user_add(Db *db, const char *username, const char *display_name, const char *password, int64_t *id_out, char *err, size_t errlen);
/* The one INSERT of an account, under user_add and the demo: a valid
 * username, a password hashed already (the demo's accounts share one hash:
 * argon2id is slow on purpose), an optional person and org (0: none),
 * created at `at`. Checks nothing and audits nothing: the caller does both
 * (user_add its "create" event, the demo its one "build" event). False on a
 * storage error, a name taken included (DB_ERR_CONSTRAINT). */
typedef struct UserNew {
    const char *username, *display_name, *pw_hash;
    int64_t person_id, org_id;
    int64_t at;
} UserNew;
bool user_insert(Db *db, const UserNew *u, int64_t *id_out);
/* How many accounts exist (*n); false on a storage error. */
bool auth_user_count(Db *db, int64_t *n);
bool user_set_password(Db *db, const char *username, const char *password, char *err, size_t errlen);
bool user_grant(Db *db, const char *username, Role role, const GrantPlace *place, char *err, size_t errlen);
bool user_revoke(Db *db, const char *username, Role role, int64_t node_id, char *err, size_t errlen);
/* Makes the account act for org_id (0: for none): the organisation whose
 * work orders it handles. Audited ("user", "set_org"); false with err when
 * there is no such user or on a storage error. */
bool user_set_org(Db *db, const char *username, int64_t org_id, char *err, size_t errlen);
/* Unlinks every account from a registered person the register is deleting
 * (the account stays, with no person); false on a storage error. */
bool user_unlink_person(Db *db, int64_t person_id);

#endif
