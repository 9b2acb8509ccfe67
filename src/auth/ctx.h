/* ctx.h: what a model function is given: the database (inside the caller's
 * transaction), an arena for what it returns, who asks, and the time. No
 * HTTP: the same model serves the API, the pages, the import, the demo, the
 * CLI and the background jobs. */
#ifndef GZ_CTX_H
#define GZ_CTX_H
#include <stdint.h>
#include "auth/perm.h"
#include "core/arena.h"
#include "store/db.h"

typedef struct Ctx {
    Db *db;
    Arena *arena;
    const Principal *who; /* NULL: the system itself (CLI, demo, background jobs) */
    int64_t now;          /* Unix seconds UTC, from clock_now() once per request */
} Ctx;

/* The acting user's id for audit events and "created by" columns; 0 for the system. */
static inline int64_t ctx_actor(const Ctx *c)
{
    return c->who ? c->who->user_id : 0;
}

#endif
