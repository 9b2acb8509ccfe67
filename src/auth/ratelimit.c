/* ratelimit.c: login throttling per account and per client address, in
 * memory: a fixed table of failure counters over a 15-minute window. */
#include <stddef.h> /* store/db.h uses size_t without including it */
#include <ctype.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>

#include "auth/session.h"
#include "core/clock.h"
#include "core/config.h"

#define WINDOW_SECONDS (15 * 60)
#define SLOTS 4096
#define KEY_MAX 72

typedef struct Slot {
    char key[KEY_MAX]; /* "u:name" or "a:address"; "" = free */
    int64_t since;     /* first failure of the current window */
    int failures;
} Slot;

/* A fixed table keeps memory bounded whatever an attacker sends; when it is
 * full the oldest window is evicted, and the per-address counter still
 * holds the flood back. */
static Slot slots[SLOTS];
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;

static void make_key(char out[KEY_MAX], char tag, const char *s)
{
    size_t n = 0;
    out[n++] = tag;
    out[n++] = ':';
    /* usernames are lower-case: "Admin" and "admin" share one counter */
    for (; s && *s && n < KEY_MAX - 1; s++)
        out[n++] = (char)tolower((unsigned char)*s);
    out[n] = '\0';
}

static Slot *find(const char *key, int64_t now, bool create)
{
    Slot *victim = NULL;
    for (int i = 0; i < SLOTS; i++) {
        Slot *s = &slots[i];
        if (s->key[0] && now - s->since >= WINDOW_SECONDS)
            s->key[0] = '\0';
        if (!s->key[0]) {
            if (!victim || victim->key[0])
                victim = s;
            continue;
        }
        if (strcmp(s->key, key) == 0)
            return s;
        if (!victim || (victim->key[0] && s->since < victim->since))
            victim = s;
    }
    if (!create || !victim)
        return NULL;
    snprintf(victim->key, KEY_MAX, "%s", key);
    victim->since = now;
    victim->failures = 0;
    return victim;
}

static int limit_account(void)
{
    return g_config && g_config->login_max_per_account > 0 ? g_config->login_max_per_account : 5;
}

static int limit_address(void)
{
    return g_config && g_config->login_max_per_ip > 0 ? g_config->login_max_per_ip : 20;
}

bool ratelimit_blocked(const char *username, const char *ip)
{
    char ku[KEY_MAX], ka[KEY_MAX];
    make_key(ku, 'u', username);
    make_key(ka, 'a', ip);
    int64_t now = clock_now();
    pthread_mutex_lock(&lock);
    Slot *u = username ? find(ku, now, false) : NULL;
    Slot *a = ip ? find(ka, now, false) : NULL;
    bool blocked = (u && u->failures >= limit_account()) || (a && a->failures >= limit_address());
    pthread_mutex_unlock(&lock);
    return blocked;
}

void ratelimit_failure(const char *username, const char *ip)
{
    char ku[KEY_MAX], ka[KEY_MAX];
    make_key(ku, 'u', username);
    make_key(ka, 'a', ip);
    int64_t now = clock_now();
    pthread_mutex_lock(&lock);
    Slot *u = username ? find(ku, now, true) : NULL;
    if (u)
        u->failures++;
    Slot *a = ip ? find(ka, now, true) : NULL;
    if (a)
        a->failures++;
    pthread_mutex_unlock(&lock);
}

void ratelimit_success(const char *username, const char *ip)
{
    /* Only the account's counter is forgiven: an attacker holding one valid
     * account must not be able to reset its address's counter with it. */
    char ku[KEY_MAX];
    make_key(ku, 'u', username);
    pthread_mutex_lock(&lock);
    Slot *u = username ? find(ku, clock_now(), false) : NULL;
    if (u)
        u->key[0] = '\0';
    pthread_mutex_unlock(&lock);
}
