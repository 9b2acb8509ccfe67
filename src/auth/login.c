/* login.c: checking a sign-in and the API tokens of a user: the model under
 * the sign-in pages and API (src/account/). */
#include <stddef.h> /* store/db.h uses size_t without including it */
#include <pthread.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "auth/audit.h"
#include "auth/auth_int.h"
#include "auth/session.h"
#include "core/log.h"

#define API_TOKEN_TTL (365LL * 24 * 3600)

static pthread_once_t dummy_once = PTHREAD_ONCE_INIT;
static char dummy_hash[128];

static void dummy_make(void)
{
    if (!password_hash("gongzhi: no such user", dummy_hash))
        dummy_hash[0] = '\0';
}

LoginResult auth_login_check(Db *db, const char *username, const char *password, const char *address,
                             int64_t *uid, int64_t *wait)
{
    *uid = 0;
    *wait = 0;
    int64_t id = 0;
    char hash[128] = "";
    DbStmt *st = db_query(db, "SELECT id, pw_hash FROM app_user WHERE username = ? AND disabled = 0",
                          DB_T(username));
    if (db_step(st) == DB_ROW) {
        id = db_col_int(st, 0);
        const char *h = db_col_text(st, 1);
        snprintf(hash, sizeof hash, "%s", h ? h : "");
    }
    if (!db_done(st))
        return LOGIN_ERROR;
    LoginSubject who;
    login_subject(&who, id, username, address);
    if (!login_throttle_wait(db, &who, wait))
        return LOGIN_ERROR;
    if (*wait > 0) {
        sodium_memzero(hash, sizeof hash);
        return LOGIN_BLOCKED;
    }
    bool ok;
    if (id) {
        ok = password_verify(hash, password);
    } else {
        /* Unknown users cost one argon2id verification too, so the
         * answer's timing does not tell which usernames exist. */
        pthread_once(&dummy_once, dummy_make);
        (void)password_verify(dummy_hash, password);
        ok = false;
    }
    sodium_memzero(hash, sizeof hash);
    if (!ok) {
        if (!login_throttle_failure(db, &who))
            return LOGIN_ERROR;
        /* What was typed may be a password: the log names the account, or
         * a keyed hash of an unknown name, never the text. */
        if (id)
            log_warn("login failed for account %lld from %j", (long long)id, address ? address : "");
        else
            log_warn("login failed for unknown name #%s from %j", who.account + 1, address ? address : "");
        return LOGIN_BAD;
    }
    if (!login_throttle_success(db, &who))
        return LOGIN_ERROR;
    *uid = id;
    return LOGIN_OK;
}

const char *auth_api_token_create(Db *db, Arena *a, int64_t uid, const char *label, int64_t *expires_out)
{
    char token[64], csrf[64];
    int64_t expires = auth_session_insert(db, uid, "api", label, API_TOKEN_TTL, token, csrf);
    if (!expires)
        return NULL;
    char *out = arena_strdup(a, token);
    sodium_memzero(token, sizeof token);
    *expires_out = expires;
    return out;
}
