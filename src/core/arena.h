/* arena.h: a memory pool per request (h2o-style), freed in one call when the
 * response is done. Nothing allocated here may outlive the request. */
#ifndef GZ_ARENA_H
#define GZ_ARENA_H
#include <stdarg.h>
#include <stddef.h>

typedef struct Arena Arena;

Arena *arena_new(void);
void arena_free(Arena *a);
/* Frees everything allocated so far but keeps the first block for reuse. */
void arena_reset(Arena *a);
/* Zeroed, 16-byte aligned memory; aborts on out-of-memory like malloc wrappers do. */
void *arena_alloc(Arena *a, size_t n);
char *arena_strdup(Arena *a, const char *s); /* NULL -> NULL */
char *arena_strndup(Arena *a, const char *s, size_t n);
/* Formats with the escaping printf of buf.h into arena memory. */
char *arena_printf(Arena *a, const char *fmt, ...);
#ifdef GZ_FMTCHECK
char *arena_printf(Arena *a, const char *fmt, ...) __attribute__((format(printf, 2, 3))); /* as core/buf.h says */
#endif

#endif
