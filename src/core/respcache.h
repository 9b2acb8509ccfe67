/* respcache.h: a small in-process cache of rendered response bodies, each
 * stamped with the data generation it was rendered from. A caller serves a
 * cached body only while the generation it reads in its own transaction is
 * still the stamped one, so a write anywhere (any process, any backend) makes
 * every older entry unusable at once. Domain-free: keys are opaque text. */
#ifndef GZ_RESPCACHE_H
#define GZ_RESPCACHE_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/buf.h"

/* Appends the cached body for key to out and returns true when an entry
 * exists with exactly this generation. */
bool respcache_get(const char *key, int64_t generation, Buf *out);
/* Stores a copy of body under key (replacing an older entry). Bodies above
 * 256 KiB are not kept; the cache holds at most 512 entries, evicting the
 * oldest insertion. */
void respcache_put(const char *key, int64_t generation, const char *body, size_t len);
/* Frees every entry (at shutdown, and in tests). */
void respcache_clear(void);

#endif
