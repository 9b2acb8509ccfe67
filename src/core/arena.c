/* arena.c: the per-request memory pool; a list of blocks freed in one call. */
#include "core/arena.h"
#include "core/buf.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define ARENA_ALIGN 16
#define ARENA_BLOCK (16 * 1024)

typedef struct Block {
    struct Block *next;
    size_t cap;  /* bytes usable in mem[] */
    size_t used;
    unsigned char mem[];
} Block;

struct Arena {
    Block *head;  /* where small allocations go; newest first */
    Block *first; /* kept by arena_reset so a reused arena needs no malloc */
    size_t next_size;
};

static void arena_oom(void)
{
    fputs("gongzhi: out of memory\n", stderr);
    abort();
}

/* cap + ARENA_ALIGN so that an allocation of cap bytes fits whatever the
 * alignment of mem[] that malloc gives us. */
static Block *block_new(size_t cap)
{
    if (cap > SIZE_MAX - sizeof(Block) - ARENA_ALIGN)
        arena_oom();
    Block *bl = malloc(sizeof(Block) + cap + ARENA_ALIGN);
    if (!bl)
        arena_oom();
    bl->next = NULL;
    bl->cap = cap + ARENA_ALIGN;
    bl->used = 0;
    return bl;
}

/* Returns n bytes from bl, aligned, or NULL when they do not fit. */
static void *block_take(Block *bl, size_t n)
{
    uintptr_t base = (uintptr_t)bl->mem;
    uintptr_t at = (base + bl->used + (ARENA_ALIGN - 1)) & ~(uintptr_t)(ARENA_ALIGN - 1);
    size_t off = (size_t)(at - base);
    if (off > bl->cap || bl->cap - off < n)
        return NULL;
    bl->used = off + n;
    return bl->mem + off;
}

Arena *arena_new(void)
{
    Arena *a = malloc(sizeof *a);
    if (!a)
        arena_oom();
    a->first = a->head = block_new(ARENA_BLOCK);
    a->next_size = ARENA_BLOCK;
    return a;
}

void arena_free(Arena *a)
{
    if (!a)
        return;
    Block *bl = a->head;
    while (bl) {
        Block *next = bl->next;
        free(bl);
        bl = next;
    }
    free(a);
}

void arena_reset(Arena *a)
{
    Block *bl = a->head;
    while (bl) {
        Block *next = bl->next;
        if (bl != a->first)
            free(bl);
        bl = next;
    }
    a->first->next = NULL;
    a->first->used = 0;
    a->head = a->first;
    a->next_size = ARENA_BLOCK;
}

void *arena_alloc(Arena *a, size_t n)
{
    if (n == 0)
        n = 1;
    void *p = block_take(a->head, n);
    if (!p) {
        if (n > a->next_size / 4) {
            /* A big allocation gets its own block behind the current one, so
             * the free space left in the current block is not wasted. */
            Block *bl = block_new(n);
            bl->next = a->head->next;
            a->head->next = bl;
            p = block_take(bl, n);
        } else {
            if (a->next_size < 1024 * 1024)
                a->next_size *= 2;
            Block *bl = block_new(a->next_size);
            bl->next = a->head;
            a->head = bl;
            p = block_take(bl, n);
        }
        if (!p)
            arena_oom();
    }
    memset(p, 0, n);
    return p;
}

char *arena_strndup(Arena *a, const char *s, size_t n)
{
    if (!s)
        return NULL;
    size_t len = strnlen(s, n);
    char *d = arena_alloc(a, len + 1);
    memcpy(d, s, len);
    d[len] = '\0';
    return d;
}

char *arena_strdup(Arena *a, const char *s)
{
    if (!s)
        return NULL;
    return arena_strndup(a, s, strlen(s));
}

char *arena_printf(Arena *a, const char *fmt, ...)
{
    Buf b = BUF_INIT;
    va_list ap;
    va_start(ap, fmt);
    buf_vprintf(&b, fmt, ap);
    va_end(ap);
    char *s = arena_alloc(a, b.len + 1);
    if (b.len)
        memcpy(s, b.data, b.len);
    s[b.len] = '\0';
    buf_free(&b);
    return s;
}
