/* ratelimit.c: login throttling, kept in the database (table login_throttle,
 * migration 011) so every process of a site counts the same failures, in
 * the request's transaction. Past a number of failures each further try
 * waits, 2 s doubling with each failure up to a cap; nothing locks an
 * account: failures from strangers never slow the account's owner at an
 * address the account signed in from before (login_known). */
#include <stddef.h> /* store/db.h uses size_t without including it */
#include <ctype.h>
#include <pthread.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "auth/auth_int.h"
#include "auth/session.h"
#include "core/clock.h"
#include "core/config.h"

#define NAME_MAX_BYTES 64 /* the login form's username is at most 64 bytes */

/* Installed once at start-up and only read afterwards. */
static unsigned char g_key[crypto_generichash_KEYBYTES];
static bool g_key_ok;

void auth_login_key_set(const unsigned char key[32])
{
    memcpy(g_key, key, sizeof g_key);
    g_key_ok = true;
}

void login_text_hash(const char *kind, const char *text, char out[17])
{
    auth_sodium_ready();
    unsigned char digest[8];
    crypto_generichash_state st;
    /* without the key (unit tests of other parts) the hash is still one-way */
    crypto_generichash_init(&st, g_key_ok ? g_key : NULL, g_key_ok ? sizeof g_key : 0, sizeof digest);
    crypto_generichash_update(&st, (const unsigned char *)kind, strlen(kind) + 1);
    crypto_generichash_update(&st, (const unsigned char *)text, strlen(text));
    crypto_generichash_final(&st, digest, sizeof digest);
    sodium_bin2hex(out, 17, digest, sizeof digest);
}

int64_t login_delay(int failures, int free_failures, int64_t cap)
{
    if (failures < free_failures || cap <= 0)
        return 0;
    /* 2 s at first, not 1: a wait shorter than the second it started in
     * could be over before the next try arrives */
    int doublings = failures - free_failures + 1;
    /* 2^62 overflows nothing and is past any cap a config allows */
    int64_t d = doublings >= 62 ? INT64_MAX : (int64_t)1 << doublings;
    return d < cap ? d : cap;
}

static pthread_once_t defaults_once = PTHREAD_ONCE_INIT;
static Config defaults;

static void defaults_make(void)
{
    config_defaults(&defaults);
}

/* The configuration, or its defaults where none is loaded (unit tests). */
static const Config *cfg(void)
{
    if (g_config)
        return g_config;
    pthread_once(&defaults_once, defaults_make);
    return &defaults;
}

void login_subject(LoginSubject *s, int64_t user_id, const char *username, const char *address)
{
    memset(s, 0, sizeof *s);
    s->user_id = user_id;
    char h[17];
    if (user_id) {
        snprintf(s->account, sizeof s->account, "u%lld", (long long)user_id);
    } else {
        /* usernames are lower-case: "Admin" and "admin" share one counter */
        char lower[NAME_MAX_BYTES + 1];
        size_t n = 0;
        for (const char *p = username ? username : ""; *p && n < NAME_MAX_BYTES; p++)
            lower[n++] = (char)tolower((unsigned char)*p);
        lower[n] = '\0';
        login_text_hash("name", lower, h);
        snprintf(s->account, sizeof s->account, "n%s", h);
    }
    login_text_hash("addr", address ? address : "", s->address);
    snprintf(s->key_pair, sizeof s->key_pair, "p:%s:%s", s->account, s->address);
    snprintf(s->key_address, sizeof s->key_address, "a:%s", s->address);
    snprintf(s->key_account, sizeof s->key_account, "u:%s", s->account);
}

/* Whether the account signed in from this address within login_known_days. */
static bool address_known(Db *db, const LoginSubject *s, int64_t now, bool *known)
{
    *known = false;
    if (!s->user_id)
        return true;
    int64_t since = now - (int64_t)cfg()->login_known_days * 86400;
    DbStmt *st = db_query(db, "SELECT 1 FROM login_known WHERE user_id = ? AND address = ? AND last_at > ?",
                          DB_I(s->user_id), DB_T(s->address), DB_I(since));
    *known = db_step(st) == DB_ROW;
    return db_done(st);
}

bool login_throttle_wait(Db *db, LoginSubject *s, int64_t *wait)
{
    *wait = 0;
    int64_t now = clock_now();
    if (!address_known(db, s, now, &s->known))
        return false;
    const Config *c = cfg();
    int64_t fresh_after = now - c->login_window;
    DbStmt *st = db_query(db, "SELECT key, failures, last_at FROM login_throttle WHERE key IN (?, ?, ?)",
                          DB_T(s->key_pair), DB_T(s->key_address), DB_T(s->key_account));
    while (db_step(st) == DB_ROW) {
        const char *key = db_col_text(st, 0);
        int failures = (int)db_col_int(st, 1);
        int64_t last = db_col_int(st, 2);
        if (!key || last <= fresh_after)
            continue;
        int64_t delay = 0;
        if (strcmp(key, s->key_pair) == 0)
            delay = login_delay(failures, c->login_max_per_account, c->login_delay_max);
        else if (!s->known && strcmp(key, s->key_address) == 0)
            delay = login_delay(failures, c->login_max_per_ip, c->login_delay_max);
        else if (!s->known && strcmp(key, s->key_account) == 0)
            delay = login_delay(failures, c->login_max_per_account_unknown, c->login_account_delay_max);
        /* no delay due: no wait, even when the failure was counted by a
         * server whose clock runs a second ahead of this one's */
        if (delay > 0 && last + delay - now > *wait)
            *wait = last + delay - now;
    }
    return db_done(st);
}

/* One more failure on key; a count older than the window starts again. */
static bool count_failure(Db *db, const char *key, int64_t now, int64_t fresh_after)
{
    return db_exec(db,
                   "INSERT INTO login_throttle (key, failures, last_at) VALUES (?, 1, ?) "
                   "ON CONFLICT (key) DO UPDATE SET "
                   "failures = CASE WHEN login_throttle.last_at <= ? THEN 1 ELSE login_throttle.failures + 1 END, "
                   "last_at = excluded.last_at",
                   DB_T(key), DB_I(now), DB_I(fresh_after));
}

bool login_throttle_failure(Db *db, const LoginSubject *s)
{
    int64_t now = clock_now();
    int64_t fresh_after = now - cfg()->login_window;
    /* The account-wide count is of strangers only: the owner mistyping at
     * home must not slow them down anywhere. */
    return db_exec(db, "DELETE FROM login_throttle WHERE last_at <= ?", DB_I(fresh_after)) &&
           count_failure(db, s->key_pair, now, fresh_after) && count_failure(db, s->key_address, now, fresh_after) &&
           (s->known || count_failure(db, s->key_account, now, fresh_after));
}

bool login_throttle_success(Db *db, const LoginSubject *s)
{
    /* Only this address's count for the account is forgiven: an attacker
     * holding one valid account must not reset the address's count with it,
     * nor the account's count of strangers. */
    int64_t now = clock_now();
    int64_t forget = now - (int64_t)cfg()->login_known_days * 86400;
    return db_exec(db, "DELETE FROM login_throttle WHERE key = ?", DB_T(s->key_pair)) &&
           db_exec(db, "DELETE FROM login_known WHERE last_at <= ?", DB_I(forget)) &&
           db_exec(db,
                   "INSERT INTO login_known (user_id, address, last_at) VALUES (?, ?, ?) "
                   "ON CONFLICT (user_id, address) DO UPDATE SET last_at = excluded.last_at",
                   DB_I(s->user_id), DB_T(s->address), DB_I(now));
}
