/* respcache.c: the generation-stamped response cache (see respcache.h).
 * A fixed open-addressing table under one mutex: the work inside the lock is
 * a hash probe and a memcpy, far below the cost of rendering. */
#include "core/respcache.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#define SLOTS 1024          /* power of two, twice the entry limit */
#define MAX_ENTRIES 512
#define MAX_BODY (256 * 1024)

typedef struct Entry {
    char *key;              /* NULL: empty slot; TOMB: deleted */
    int64_t generation;
    char *body;
    size_t len;
    uint64_t seq;           /* insertion order, for eviction */
} Entry;

static char tomb;
#define TOMB (&tomb)

static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static Entry slots[SLOTS];
static int n_entries;
static uint64_t next_seq;

static uint64_t hash_key(const char *s)
{
    uint64_t h = 1469598103934665603ULL; /* FNV-1a */
    for (; *s; s++) h = (h ^ (unsigned char)*s) * 1099511628211ULL;
    return h;
}

static Entry *find(const char *key)
{
    for (uint64_t i = hash_key(key), k = 0; k < SLOTS; k++, i++) {
        Entry *e = &slots[i & (SLOTS - 1)];
        if (!e->key) return NULL;
        if (e->key != TOMB && strcmp(e->key, key) == 0) return e;
    }
    return NULL;
}

static void drop(Entry *e)
{
    free(e->key);
    free(e->body);
    memset(e, 0, sizeof *e);
    e->key = TOMB;
    n_entries--;
}

static void evict_oldest(void)
{
    Entry *oldest = NULL;
    for (int i = 0; i < SLOTS; i++) {
        Entry *e = &slots[i];
        if (e->key && e->key != TOMB && (!oldest || e->seq < oldest->seq)) oldest = e;
    }
    if (oldest) drop(oldest);
}

/* Rebuilds the table without tombstones when they crowd it. */
static void compact(void)
{
    Entry *old = malloc(sizeof slots);
    if (!old) return;
    memcpy(old, slots, sizeof slots);
    memset(slots, 0, sizeof slots);
    for (int i = 0; i < SLOTS; i++) {
        if (!old[i].key || old[i].key == TOMB) continue;
        for (uint64_t h = hash_key(old[i].key);; h++) {
            Entry *e = &slots[h & (SLOTS - 1)];
            if (!e->key) {
                *e = old[i];
                break;
            }
        }
    }
    free(old);
}

bool respcache_get(const char *key, int64_t generation, Buf *out)
{
    bool hit = false;
    pthread_mutex_lock(&mu);
    Entry *e = find(key);
    if (e && e->generation == generation) {
        buf_append(out, e->body, e->len);
        hit = true;
    }
    pthread_mutex_unlock(&mu);
    return hit;
}

void respcache_put(const char *key, int64_t generation, const char *body, size_t len)
{
    if (len > MAX_BODY) return;
    char *k = strdup(key), *b = malloc(len ? len : 1);
    if (!k || !b) {
        free(k);
        free(b);
        return;
    }
    memcpy(b, body, len);
    pthread_mutex_lock(&mu);
    Entry *e = find(key);
    if (e) drop(e);
    if (n_entries >= MAX_ENTRIES) evict_oldest();
    int used = 0;
    for (int i = 0; i < SLOTS; i++) used += slots[i].key != NULL;
    if (used > SLOTS * 3 / 4) compact();
    for (uint64_t h = hash_key(key);; h++) {
        Entry *slot = &slots[h & (SLOTS - 1)];
        if (!slot->key || slot->key == TOMB) {
            *slot = (Entry){k, generation, b, len, next_seq++};
            n_entries++;
            break;
        }
    }
    pthread_mutex_unlock(&mu);
}

void respcache_clear(void)
{
    pthread_mutex_lock(&mu);
    for (int i = 0; i < SLOTS; i++) {
        if (slots[i].key && slots[i].key != TOMB) {
            free(slots[i].key);
            free(slots[i].body);
        }
        memset(&slots[i], 0, sizeof slots[i]);
    }
    n_entries = 0;
    pthread_mutex_unlock(&mu);
}
