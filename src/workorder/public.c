/* public.c: the public list of a compound's work orders (public.h). The
 * place is named down to the building: an order on a flat shows only its
 * building, so no door number and no household can be read from it. */
#include "workorder/public.h"

#include <string.h>

#include "grid/read.h"
#include "store/db.h"

/* The building at or above a node, remembered for the page's orders (a
 * compound has tens of buildings, a page at most 100 orders). */
typedef struct BuildingCache {
    int n;
    int64_t node[WO_PUBLIC_PAGE_MAX + 1], id[WO_PUBLIC_PAGE_MAX + 1];
    const char *name[WO_PUBLIC_PAGE_MAX + 1];
} BuildingCache;

static bool building_of(const Ctx *c, BuildingCache *bc, int64_t node, int64_t *id, const char **name)
{
    for (int i = 0; i < bc->n; i++)
        if (bc->node[i] == node) {
            *id = bc->id[i];
            *name = bc->name[i];
            return true;
        }
    NodeInfo b;
    GridRead g = grid_ancestor(c, node, NODE_BUILDING, &b);
    if (g != GRID_OK && g != GRID_NOT_FOUND)
        return false;
    *id = g == GRID_OK ? b.id : 0;
    *name = g == GRID_OK ? b.name : "";
    if (bc->n <= WO_PUBLIC_PAGE_MAX) {
        bc->node[bc->n] = node;
        bc->id[bc->n] = *id;
        bc->name[bc->n] = *name;
        bc->n++;
    }
    return true;
}

bool wo_public_orders(const Ctx *c, int64_t compound_id, bool closed, int64_t since, int64_t after, int limit,
                      WoPublicOrder **out, int *n, int64_t *next, bool *bad_cursor)
{
    *out = NULL;
    *n = 0;
    *next = 0;
    *bad_cursor = false;
    if (limit < 1)
        limit = 1;
    if (limit > WO_PUBLIC_PAGE_MAX)
        limit = WO_PUBLIC_PAGE_MAX;
    int64_t cur_time = INT64_MAX, cur_id = after ? after : INT64_MAX;
    if (after) {
        DbStmt *st = closed ? db_query(c->db, WO_PUBLIC_CLOSED_CURSOR, DB_I(after), DB_I(compound_id))
                            : db_query(c->db, "SELECT id FROM work_order WHERE id = ? AND compound_id = ? AND is_open = 1",
                                       DB_I(after), DB_I(compound_id));
        bool found = db_step(st) == DB_ROW;
        if (found && closed)
            cur_time = db_col_int(st, 0);
        if (!db_done(st))
            return false;
        if (!found) {
            *bad_cursor = true;
            return true;
        }
    }
    DbStmt *st = closed ? db_query(c->db, WO_PUBLIC_CLOSED, DB_I(compound_id), DB_I(since), DB_I(cur_time),
                                   DB_I(cur_id), DB_I(limit + 1))
                        : db_query(c->db, WO_PUBLIC_OPEN, DB_I(compound_id), DB_I(cur_id), DB_I(limit + 1));
    WoPublicOrder *v = arena_alloc(c->arena, sizeof *v * (size_t)(limit + 1));
    int64_t nodes[WO_PUBLIC_PAGE_MAX + 1];
    int got = 0;
    while (db_step(st) == DB_ROW) {
        WoPublicOrder *o = &v[got];
        memset(o, 0, sizeof *o);
        o->id = db_col_int(st, 0);
        nodes[got] = db_col_int(st, 1);
        o->state = arena_strdup(c->arena, db_col_text(st, 2));
        o->reported_at = db_col_int(st, 3);
        o->closed_at = db_col_int(st, 4);
        o->rating = (int)db_col_int(st, 5);
        o->category = arena_strdup(c->arena, db_col_text(st, 6));
        got++;
    }
    if (!db_done(st))
        return false;
    /* the places after the statement is done: one open statement at a time */
    BuildingCache *bc = arena_alloc(c->arena, sizeof *bc);
    bc->n = 0;
    for (int i = 0; i < got; i++)
        if (!building_of(c, bc, nodes[i], &v[i].building_id, &v[i].building))
            return false;
    if (got > limit) {
        got = limit;
        *next = v[got - 1].id;
    }
    *out = v;
    *n = got;
    return true;
}

bool wo_public_categories(const Ctx *c, WoPublicCategory **out, int *n)
{
    *n = 0;
    *out = NULL;
    int cap = 0;
    DbStmt *st = db_query(c->db, "SELECT code, name, shown_public FROM wo_category WHERE active = 1 ORDER BY sort, id");
    while (db_step(st) == DB_ROW) {
        if (*n == cap) {
            cap = cap ? cap * 2 : 16;
            WoPublicCategory *bigger = arena_alloc(c->arena, sizeof *bigger * (size_t)cap);
            if (*n)
                memcpy(bigger, *out, sizeof *bigger * (size_t)*n);
            *out = bigger;
        }
        WoPublicCategory *k = &(*out)[(*n)++];
        k->code = arena_strdup(c->arena, db_col_text(st, 0));
        k->name = arena_strdup(c->arena, db_col_text(st, 1));
        k->shown_public = db_col_int(st, 2) != 0;
    }
    return db_done(st);
}
