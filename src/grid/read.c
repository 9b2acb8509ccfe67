/* read.c: the grid's read functions for other capabilities (see grid/read.h). */
#include "grid/read.h"

#include <stdlib.h>
#include <string.h>

#include "auth/read.h"
#include "grid/grid.h"

GridRead grid_read_failure(const Ctx *c)
{
    return db_error_class(c->db) == DB_ERR_BUSY ? GRID_BUSY : GRID_INTERNAL;
}

/* After the last db_step returned rc: the answer of a getter or a list. */
static GridRead finish(const Ctx *c, DbStmt *st, int rc, bool getter)
{
    if (!db_done(st) || rc == DB_ERROR)
        return grid_read_failure(c);
    return getter && rc != DB_ROW ? GRID_NOT_FOUND : GRID_OK;
}

/* Room for one more item of size sz in *items (n used, *cap allocated). */
static void *grow(const Ctx *c, void *items, int n, int *cap, size_t sz)
{
    if (n < *cap)
        return items;
    int ncap = *cap ? *cap * 2 : 16;
    char *p = arena_alloc(c->arena, sz * (size_t)ncap);
    if (n)
        memcpy(p, items, sz * (size_t)n);
    *cap = ncap;
    return p;
}

static const char *dup(const Ctx *c, DbStmt *st, int col)
{
    return arena_strdup(c->arena, db_col_text(st, col));
}

/* The bounds of a scope: [lo, hi) (NULL: the whole tree). False for a path
 * that does not end in '/' (a caller's bug, answered GRID_INTERNAL). */
static bool scope_range(const Ctx *c, const char *scope, const char **lo, const char **hi)
{
    if (!scope)
        scope = "/";
    size_t n = strlen(scope);
    char *up = arena_alloc(c->arena, n + 1);
    if (!grid_path_upper(scope, up, n + 1))
        return false;
    *lo = scope;
    *hi = up;
    return true;
}

bool grid_in_scope(const char *path, const char *scope)
{
    return path && scope && strncmp(path, scope, strlen(scope)) == 0;
}

/* ---- nodes ---------------------------------------------------------------- */

#define GRID_NODE_SELECT "SELECT id, COALESCE(parent_id, 0), kind, name, path FROM node "

/* False for a kind this build does not know. */
static bool node_row(const Ctx *c, DbStmt *st, NodeInfo *n)
{
    if (!node_kind_parse(db_col_text(st, 2), &n->kind))
        return false;
    n->id = db_col_int(st, 0);
    n->parent_id = db_col_int(st, 1);
    n->name = dup(c, st, 3);
    n->path = dup(c, st, 4);
    return true;
}

static GridRead one_node(const Ctx *c, DbStmt *st, NodeInfo *out)
{
    memset(out, 0, sizeof *out);
    int rc = db_step(st);
    bool ok = rc == DB_ROW && node_row(c, st, out);
    GridRead r = finish(c, st, rc, true);
    return r == GRID_OK && !ok ? GRID_INTERNAL : r;
}

static GridRead node_list(const Ctx *c, DbStmt *st, unsigned kinds, int limit, NodeList *out)
{
    int cap = 0, rc;
    *out = (NodeList){0, NULL};
    while ((rc = db_step(st)) == DB_ROW) {
        if (limit > 0 && out->n >= limit)
            continue; /* step to the end so the statement is released whole */
        NodeInfo n;
        if (!node_row(c, st, &n) || (kinds && !(kinds & GRID_KIND(n.kind))))
            continue;
        out->items = grow(c, out->items, out->n, &cap, sizeof n);
        out->items[out->n++] = n;
    }
    return finish(c, st, rc, false);
}

GridRead grid_node_find(const Ctx *c, int64_t id, NodeInfo *out)
{
    return one_node(c, db_query(c->db, GRID_NODE_SELECT "WHERE id = ?", DB_I(id)), out);
}

GridRead grid_node_path(const Ctx *c, int64_t id, const char **path)
{
    NodeInfo n;
    GridRead r = grid_node_find(c, id, &n);
    *path = r == GRID_OK ? n.path : NULL;
    return r;
}

GridRead grid_nodes_in(const Ctx *c, const char *under, unsigned kinds, int limit, NodeList *out)
{
    const char *lo, *hi;
    *out = (NodeList){0, NULL};
    if (!scope_range(c, under, &lo, &hi))
        return GRID_INTERNAL;
    /* households are most of the tree: skip them in SQL unless asked for */
    int with_households = !kinds || (kinds & GRID_KIND(NODE_HOUSEHOLD));
    return node_list(c,
                     db_query(c->db,
                              GRID_NODE_SELECT "WHERE path >= ? AND path < ? AND (? = 1 OR kind <> 'household') ORDER BY path",
                              DB_T(lo), DB_T(hi), DB_I(with_households)),
                     kinds, limit, out);
}

GridRead grid_children(const Ctx *c, int64_t parent_id, unsigned kinds, NodeList *out)
{
    return node_list(c, db_query(c->db, GRID_NODE_SELECT "WHERE parent_id = ? ORDER BY sort, id", DB_I(parent_id)), kinds, 0,
                     out);
}

GridRead grid_node_by_name(const Ctx *c, NodeKind kind, const char *name, NodeInfo *out)
{
    return one_node(c,
                    db_query(c->db, GRID_NODE_SELECT "WHERE kind = ? AND name = ? ORDER BY id LIMIT 1",
                             DB_T(node_kind_name(kind)), DB_T(name)),
                    out);
}

GridRead grid_path_nodes(const Ctx *c, const char *path, NodeList *out)
{
    *out = (NodeList){0, NULL};
    int64_t ids[64]; /* deeper than any tree: street, community, grid, compound, building, unit, household */
    int n = 0;
    for (int64_t a; n < 64 && (a = grid_path_id_at(path, n)) != 0;)
        ids[n++] = a;
    NodeList by_id;
    GridRead r = grid_nodes_by_id(c, ids, n, &by_id);
    if (r != GRID_OK)
        return r;
    out->items = arena_alloc(c->arena, sizeof *out->items * (size_t)(n ? n : 1));
    for (int i = 0; i < n; i++) {
        const NodeInfo *x = grid_node_in(&by_id, ids[i]);
        if (!x)
            return GRID_INTERNAL; /* a path naming a missing node */
        out->items[out->n++] = *x;
    }
    return GRID_OK;
}

GridRead grid_ancestor(const Ctx *c, int64_t id, NodeKind kind, NodeInfo *out)
{
    NodeInfo n;
    GridRead r = grid_node_find(c, id, &n);
    if (r != GRID_OK)
        return r;
    /* the ancestors, read at once rather than one by one: the nearest is the last match */
    NodeList up;
    r = grid_path_nodes(c, n.path, &up);
    if (r != GRID_OK)
        return r;
    GridRead found = GRID_NOT_FOUND;
    for (int i = 0; i < up.n; i++) {
        if (up.items[i].kind == kind) {
            *out = up.items[i];
            found = GRID_OK;
        }
    }
    return found;
}

GridRead grid_count_in(const Ctx *c, const char *scope, NodeKind kind, int64_t *n)
{
    const char *lo, *hi;
    *n = 0;
    if (!scope_range(c, scope, &lo, &hi))
        return GRID_INTERNAL;
    if (!db_int(c->db, n, "SELECT COUNT(*) FROM node WHERE kind = ? AND path >= ? AND path < ?",
                DB_T(node_kind_name(kind)), DB_T(lo), DB_T(hi)))
        return grid_read_failure(c);
    return GRID_OK;
}

/* ---- households ----------------------------------------------------------- */

#define GRID_HOUSEHOLD_SELECT                                                                                          \
    "SELECT h.node_id, h.unit_id, h.building_id, h.compound_id, h.grid_id, COALESCE(h.flat_id, 0), n.path, "   \
    "h.door, h.address, h.housing, bn.name, un.name, COALESCE(f.area, 0), "                                     \
    "CASE WHEN h.node_id = (SELECT MIN(x.node_id) FROM household x WHERE x.flat_id = h.flat_id) THEN 1 ELSE 0 END, " \
    "COALESCE(p.id, 0), COALESCE(p.birth_year, 0), p.residency "                                                \
    "FROM household h JOIN node n ON n.id = h.node_id JOIN node bn ON bn.id = h.building_id "                   \
    "JOIN node un ON un.id = h.unit_id LEFT JOIN flat f ON f.id = h.flat_id "                                    \
    "LEFT JOIN person p ON p.id = (SELECT MIN(q.id) FROM person q WHERE q.household_id = h.node_id) "

static void household_row(const Ctx *c, DbStmt *st, HouseholdInfo *h)
{
    h->node_id = db_col_int(st, 0);
    h->unit_id = db_col_int(st, 1);
    h->building_id = db_col_int(st, 2);
    h->compound_id = db_col_int(st, 3);
    h->grid_id = db_col_int(st, 4);
    h->flat_id = db_col_int(st, 5);
    h->path = dup(c, st, 6);
    h->door = dup(c, st, 7);
    h->address = dup(c, st, 8);
    h->housing = dup(c, st, 9);
    h->building_name = dup(c, st, 10);
    h->unit_name = dup(c, st, 11);
    h->flat_area = db_col_int(st, 12);
    h->carries_area = h->flat_id && db_col_int(st, 13) != 0;
    h->head_person_id = db_col_int(st, 14);
    h->head_birth_year = (int)db_col_int(st, 15);
    h->head_residency = dup(c, st, 16);
}

static GridRead household_list(const Ctx *c, DbStmt *st, HouseholdList *out)
{
    int cap = 0, rc;
    *out = (HouseholdList){0, NULL};
    while ((rc = db_step(st)) == DB_ROW) {
        out->items = grow(c, out->items, out->n, &cap, sizeof *out->items);
        household_row(c, st, &out->items[out->n++]);
    }
    return finish(c, st, rc, false);
}

GridRead grid_household_get(const Ctx *c, int64_t node_id, HouseholdInfo *out)
{
    memset(out, 0, sizeof *out);
    DbStmt *st = db_query(c->db, GRID_HOUSEHOLD_SELECT "WHERE h.node_id = ?", DB_I(node_id));
    int rc = db_step(st);
    if (rc == DB_ROW)
        household_row(c, st, out);
    return finish(c, st, rc, true);
}

GridRead grid_households_in(const Ctx *c, const char *scope, HouseholdList *out)
{
    const char *lo, *hi;
    *out = (HouseholdList){0, NULL};
    if (!scope_range(c, scope, &lo, &hi))
        return GRID_INTERNAL;
    return household_list(
        c, db_query(c->db, GRID_HOUSEHOLD_SELECT "WHERE n.path >= ? AND n.path < ? ORDER BY h.node_id", DB_T(lo), DB_T(hi)),
        out);
}

GridRead grid_households_of_flat(const Ctx *c, int64_t flat_id, HouseholdList *out)
{
    return household_list(c, db_query(c->db, GRID_HOUSEHOLD_SELECT "WHERE h.flat_id = ? ORDER BY h.node_id", DB_I(flat_id)),
                          out);
}

GridRead grid_household_count(const Ctx *c, const char *scope, int64_t *n)
{
    const char *lo, *hi;
    *n = 0;
    if (!scope_range(c, scope, &lo, &hi))
        return GRID_INTERNAL;
    if (!db_int(c->db, n, "SELECT COUNT(*) FROM household h JOIN node n ON n.id = h.node_id WHERE n.path >= ? AND n.path < ?",
                DB_T(lo), DB_T(hi)))
        return grid_read_failure(c);
    return GRID_OK;
}

GridRead grid_person_count(const Ctx *c, const char *scope, int64_t *n)
{
    const char *lo, *hi;
    *n = 0;
    if (!scope_range(c, scope, &lo, &hi))
        return GRID_INTERNAL;
    if (!db_int(c->db, n, GRID_PERSON_COUNT_SQL, DB_T(lo), DB_T(hi)))
        return grid_read_failure(c);
    return GRID_OK;
}

/* ---- flats and owners ----------------------------------------------------- */

#define GRID_OWNER_SELECT                                                                                      \
    "SELECT o.id, s.id, COALESCE(o.person_id, 0), o.kind, o.name, o.owner_key, COALESCE(s.share_bp, 0), " \
    "s.flat_id FROM ownership s JOIN owner o ON o.id = s.owner_id "

static void owner_row(const Ctx *c, DbStmt *st, OwnerInfo *o)
{
    o->id = db_col_int(st, 0);
    o->ownership_id = db_col_int(st, 1);
    o->person_id = db_col_int(st, 2);
    o->kind = dup(c, st, 3);
    o->name = dup(c, st, 4);
    o->owner_key = dup(c, st, 5);
    o->share_bp = (int)db_col_int(st, 6);
}

GridRead grid_owners_of_flat(const Ctx *c, int64_t flat_id, OwnerList *out)
{
    int cap = 0, rc;
    *out = (OwnerList){0, NULL};
    DbStmt *st = db_query(c->db, GRID_OWNER_SELECT "WHERE s.flat_id = ? ORDER BY s.id", DB_I(flat_id));
    while ((rc = db_step(st)) == DB_ROW) {
        out->items = grow(c, out->items, out->n, &cap, sizeof *out->items);
        owner_row(c, st, &out->items[out->n++]);
    }
    return finish(c, st, rc, false);
}

GridRead grid_owner_get(const Ctx *c, int64_t owner_id, OwnerInfo *out)
{
    memset(out, 0, sizeof *out);
    DbStmt *st = db_query(c->db,
                          "SELECT o.id, 0, COALESCE(o.person_id, 0), o.kind, o.name, o.owner_key, 0, 0 FROM owner o "
                          "WHERE o.id = ?",
                          DB_I(owner_id));
    int rc = db_step(st);
    if (rc == DB_ROW)
        owner_row(c, st, out);
    return finish(c, st, rc, true);
}

GridRead grid_ownerships_of_person(const Ctx *c, int64_t person_id, OwnerList *out, int64_t **flat_ids)
{
    int cap = 0, fcap = 0, rc;
    *out = (OwnerList){0, NULL};
    *flat_ids = NULL;
    DbStmt *st = db_query(c->db, GRID_OWNER_SELECT "WHERE o.person_id = ? ORDER BY s.id", DB_I(person_id));
    while ((rc = db_step(st)) == DB_ROW) {
        out->items = grow(c, out->items, out->n, &cap, sizeof *out->items);
        *flat_ids = grow(c, *flat_ids, out->n, &fcap, sizeof **flat_ids);
        (*flat_ids)[out->n] = db_col_int(st, 7);
        owner_row(c, st, &out->items[out->n++]);
    }
    return finish(c, st, rc, false);
}

#define GRID_FLAT_SELECT                                                                                       \
    "SELECT f.id, f.unit_id, f.compound_id, f.door, un.path, COALESCE(f.area, 0), "                   \
    "o.id, s.id, COALESCE(o.person_id, 0), o.kind, o.name, o.owner_key, COALESCE(s.share_bp, 0) "     \
    "FROM flat f JOIN node un ON un.id = f.unit_id "                                                  \
    "LEFT JOIN ownership s ON s.flat_id = f.id LEFT JOIN owner o ON o.id = s.owner_id "

/* Rows of GRID_FLAT_SELECT come one per (flat, owner), by flat then ownership:
 * folds them into one FlatInfo per flat with its owners. */
static GridRead flat_list(const Ctx *c, DbStmt *st, FlatList *out)
{
    int cap = 0, ocap = 0, rc;
    *out = (FlatList){0, NULL};
    while ((rc = db_step(st)) == DB_ROW) {
        int64_t id = db_col_int(st, 0);
        if (!out->n || out->items[out->n - 1].id != id) {
            out->items = grow(c, out->items, out->n, &cap, sizeof *out->items);
            FlatInfo *f = &out->items[out->n++];
            *f = (FlatInfo){.id = id,
                            .unit_id = db_col_int(st, 1),
                            .compound_id = db_col_int(st, 2),
                            .door = dup(c, st, 3),
                            .unit_path = dup(c, st, 4),
                            .area = db_col_int(st, 5)};
            ocap = 0;
        }
        if (db_col_null(st, 6))
            continue; /* a flat nobody is registered as owning */
        FlatInfo *f = &out->items[out->n - 1];
        f->owners = grow(c, f->owners, f->n_owners, &ocap, sizeof *f->owners);
        OwnerInfo *o = &f->owners[f->n_owners++];
        o->id = db_col_int(st, 6);
        o->ownership_id = db_col_int(st, 7);
        o->person_id = db_col_int(st, 8);
        o->kind = dup(c, st, 9);
        o->name = dup(c, st, 10);
        o->owner_key = dup(c, st, 11);
        o->share_bp = (int)db_col_int(st, 12);
    }
    return finish(c, st, rc, false);
}

GridRead grid_flat_get(const Ctx *c, int64_t flat_id, FlatInfo *out)
{
    FlatList l;
    memset(out, 0, sizeof *out);
    GridRead r = flat_list(c, db_query(c->db, GRID_FLAT_SELECT "WHERE f.id = ? ORDER BY s.id", DB_I(flat_id)), &l);
    if (r != GRID_OK)
        return r;
    if (!l.n)
        return GRID_NOT_FOUND;
    *out = l.items[0];
    return GRID_OK;
}

GridRead grid_flats_in(const Ctx *c, const char *scope, FlatList *out)
{
    const char *lo, *hi;
    *out = (FlatList){0, NULL};
    if (!scope_range(c, scope, &lo, &hi))
        return GRID_INTERNAL;
    return flat_list(
        c, db_query(c->db, GRID_FLAT_SELECT "WHERE un.path >= ? AND un.path < ? ORDER BY f.id, s.id", DB_T(lo), DB_T(hi)),
        out);
}

GridRead grid_flat_totals(const Ctx *c, const char *scope, int64_t *flats, int64_t *area)
{
    const char *lo, *hi;
    *flats = *area = 0;
    if (!scope_range(c, scope, &lo, &hi))
        return GRID_INTERNAL;
    DbStmt *st = db_query(c->db,
                          "SELECT COUNT(*), COALESCE(SUM(f.area), 0) FROM flat f JOIN node un ON un.id = f.unit_id "
                          "WHERE un.path >= ? AND un.path < ?",
                          DB_T(lo), DB_T(hi));
    int rc = db_step(st);
    if (rc == DB_ROW) {
        *flats = db_col_int(st, 0);
        *area = db_col_int(st, 1);
    }
    GridRead r = finish(c, st, rc, true);
    return r == GRID_NOT_FOUND ? GRID_INTERNAL : r;
}

GridRead grid_developer_holdings(const Ctx *c, const char *scope, DeveloperHolding **out, int *n)
{
    const char *lo, *hi;
    int cap = 0, rc;
    *out = NULL;
    *n = 0;
    if (!scope_range(c, scope, &lo, &hi))
        return GRID_INTERNAL;
    DbStmt *st = db_query(c->db,
                          "SELECT o.name, COUNT(*), COALESCE(SUM(f.area), 0) FROM owner o "
                          "JOIN ownership s ON s.owner_id = o.id JOIN flat f ON f.id = s.flat_id "
                          "JOIN node un ON un.id = f.unit_id WHERE o.kind = 'developer' AND un.path >= ? AND un.path < ? "
                          "AND s.id = (SELECT MIN(x.id) FROM ownership x WHERE x.flat_id = f.id) "
                          "GROUP BY o.name ORDER BY o.name",
                          DB_T(lo), DB_T(hi));
    while ((rc = db_step(st)) == DB_ROW) {
        *out = grow(c, *out, *n, &cap, sizeof **out);
        (*out)[(*n)++] = (DeveloperHolding){dup(c, st, 0), db_col_int(st, 1), db_col_int(st, 2)};
    }
    return finish(c, st, rc, false);
}

/* ---- people --------------------------------------------------------------- */

#define GRID_PERSON_SELECT                                                                                  \
    "SELECT id, household_id, name, gender, COALESCE(birth_year, 0), residency, relation, id_mask, " \
    "phone_mask, tags FROM person "

static void person_row(const Ctx *c, DbStmt *st, PersonInfo *p)
{
    p->id = db_col_int(st, 0);
    p->household_id = db_col_int(st, 1);
    p->name = dup(c, st, 2);
    p->gender = dup(c, st, 3);
    p->birth_year = (int)db_col_int(st, 4);
    p->residency = dup(c, st, 5);
    p->relation = dup(c, st, 6);
    p->id_mask = dup(c, st, 7);
    p->phone_mask = dup(c, st, 8);
    p->tags = dup(c, st, 9);
}

GridRead grid_person_get(const Ctx *c, int64_t id, PersonInfo *out)
{
    memset(out, 0, sizeof *out);
    DbStmt *st = db_query(c->db, GRID_PERSON_SELECT "WHERE id = ?", DB_I(id));
    int rc = db_step(st);
    if (rc == DB_ROW)
        person_row(c, st, out);
    return finish(c, st, rc, true);
}

GridRead grid_persons_of_household(const Ctx *c, int64_t household_id, PersonList *out)
{
    int cap = 0, rc;
    *out = (PersonList){0, NULL};
    DbStmt *st = db_query(c->db, GRID_PERSON_SELECT "WHERE household_id = ? ORDER BY id", DB_I(household_id));
    while ((rc = db_step(st)) == DB_ROW) {
        out->items = grow(c, out->items, out->n, &cap, sizeof *out->items);
        person_row(c, st, &out->items[out->n++]);
    }
    return finish(c, st, rc, false);
}

GridRead grid_household_place_label(const Ctx *c, int64_t household_id, const char **label)
{
    *label = NULL;
    DbStmt *st = db_query(c->db,
                          "SELECT b.name || un.name FROM household h JOIN node b ON b.id = h.building_id "
                          "JOIN node un ON un.id = h.unit_id WHERE h.node_id = ?",
                          DB_I(household_id));
    int rc = db_step(st);
    if (rc == DB_ROW)
        *label = dup(c, st, 0);
    GridRead r = finish(c, st, rc, true);
    return r == GRID_NOT_FOUND ? GRID_OK : r;
}

GridRead grid_user_place_label(const Ctx *c, int64_t user_id, const char **label)
{
    *label = NULL;
    GrantList g;
    switch (auth_user_grants(c, user_id, &g)) {
    case AUTH_OK: break;
    case AUTH_BUSY: return GRID_BUSY;
    default: return GRID_INTERNAL;
    }
    /* the first grant placed on a household (a grant on any other node has no label) */
    for (int i = 0; i < g.n; i++) {
        GridRead r = grid_household_place_label(c, g.items[i].node_id, label);
        if (r != GRID_OK || *label)
            return r;
    }
    UserInfo u;
    switch (auth_user_get(c, user_id, &u)) {
    case AUTH_OK: break;
    case AUTH_NOT_FOUND: return GRID_OK;
    case AUTH_BUSY: return GRID_BUSY;
    default: return GRID_INTERNAL;
    }
    if (!u.person_id)
        return GRID_OK;
    PersonInfo p;
    GridRead r = grid_person_get(c, u.person_id, &p);
    if (r == GRID_NOT_FOUND)
        return GRID_OK;
    return r != GRID_OK ? r : grid_household_place_label(c, p.household_id, label);
}

GridRead grid_pii_sample(const Ctx *c, const char **blob)
{
    *blob = NULL;
    DbStmt *st = db_query(c->db, "SELECT COALESCE(id_enc, phone_enc) FROM person "
                                 "WHERE id_enc IS NOT NULL OR phone_enc IS NOT NULL ORDER BY id LIMIT 1");
    int rc = db_step(st);
    if (rc == DB_ROW)
        *blob = dup(c, st, 0);
    GridRead r = finish(c, st, rc, true);
    return r == GRID_NOT_FOUND ? GRID_OK : r;
}

/* ---- shops and organisations ---------------------------------------------- */

#define GRID_SHOP_SELECT                                                                                       \
    "SELECT s.id, s.node_id, s.name, s.category, s.address, s.contact_name, s.phone_mask, n.path "     \
    "FROM shop s JOIN node n ON n.id = s.node_id "

static void shop_row(const Ctx *c, DbStmt *st, ShopInfo *s)
{
    s->id = db_col_int(st, 0);
    s->node_id = db_col_int(st, 1);
    s->name = dup(c, st, 2);
    s->category = dup(c, st, 3);
    s->address = dup(c, st, 4);
    s->contact_name = dup(c, st, 5);
    s->phone_mask = dup(c, st, 6);
    s->path = dup(c, st, 7);
}

GridRead grid_shop_get(const Ctx *c, int64_t id, ShopInfo *out)
{
    memset(out, 0, sizeof *out);
    DbStmt *st = db_query(c->db, GRID_SHOP_SELECT "WHERE s.id = ?", DB_I(id));
    int rc = db_step(st);
    if (rc == DB_ROW)
        shop_row(c, st, out);
    return finish(c, st, rc, true);
}

GridRead grid_shops_in(const Ctx *c, const char *scope, ShopList *out)
{
    const char *lo, *hi;
    int cap = 0, rc;
    *out = (ShopList){0, NULL};
    if (!scope_range(c, scope, &lo, &hi))
        return GRID_INTERNAL;
    DbStmt *st = db_query(c->db, GRID_SHOP_SELECT "WHERE n.path >= ? AND n.path < ? ORDER BY s.id", DB_T(lo), DB_T(hi));
    while ((rc = db_step(st)) == DB_ROW) {
        out->items = grow(c, out->items, out->n, &cap, sizeof *out->items);
        shop_row(c, st, &out->items[out->n++]);
    }
    return finish(c, st, rc, false);
}

GridRead grid_shop_count(const Ctx *c, const char *scope, int64_t *n)
{
    const char *lo, *hi;
    *n = 0;
    if (!scope_range(c, scope, &lo, &hi))
        return GRID_INTERNAL;
    if (!db_int(c->db, n, "SELECT COUNT(*) FROM shop s JOIN node n ON n.id = s.node_id WHERE n.path >= ? AND n.path < ?",
                DB_T(lo), DB_T(hi)))
        return grid_read_failure(c);
    return GRID_OK;
}

#define GRID_ORG_SELECT "SELECT g.id, g.node_id, g.kind, g.name, g.members, n.path FROM org g JOIN node n ON n.id = g.node_id "

static void org_row(const Ctx *c, DbStmt *st, OrgInfo *o)
{
    o->id = db_col_int(st, 0);
    o->node_id = db_col_int(st, 1);
    o->kind = dup(c, st, 2);
    o->name = dup(c, st, 3);
    o->members = (int)db_col_int(st, 4);
    o->path = dup(c, st, 5);
}

GridRead grid_org_get(const Ctx *c, int64_t id, OrgInfo *out)
{
    memset(out, 0, sizeof *out);
    DbStmt *st = db_query(c->db, GRID_ORG_SELECT "WHERE g.id = ?", DB_I(id));
    int rc = db_step(st);
    if (rc == DB_ROW)
        org_row(c, st, out);
    return finish(c, st, rc, true);
}

static bool kind_listed(const char *kind, const char *const *kinds)
{
    if (!kinds)
        return true;
    for (; *kinds; kinds++)
        if (strcmp(kind, *kinds) == 0)
            return true;
    return false;
}

GridRead grid_orgs(const Ctx *c, const char *const *kinds, GridOrgOrder order, OrgList *out)
{
    int cap = 0, rc;
    *out = (OrgList){0, NULL};
    DbStmt *st = order == GRID_ORGS_BY_PATH   ? db_query(c->db, GRID_ORG_SELECT "ORDER BY n.path, g.kind, g.id")
                 : order == GRID_ORGS_BY_KIND ? db_query(c->db, GRID_ORG_SELECT "ORDER BY g.kind, g.id")
                                              : db_query(c->db, GRID_ORG_SELECT "ORDER BY g.id");
    while ((rc = db_step(st)) == DB_ROW) {
        if (!kind_listed(db_col_text(st, 2), kinds))
            continue;
        out->items = grow(c, out->items, out->n, &cap, sizeof *out->items);
        org_row(c, st, &out->items[out->n++]);
    }
    return finish(c, st, rc, false);
}

/* ---- nodes by id: the places of a page of another capability's rows ------- */

/* One statement asks for this many ids at once: a page of 50 work orders
 * names at most 100 nodes (compound and place), so it is one statement. */
#define GRID_IDS_BATCH 100
#define GRID_IDS_10 "?, ?, ?, ?, ?, ?, ?, ?, ?, ?"
#define GRID_IDS_100                                                                                             \
    GRID_IDS_10 ", " GRID_IDS_10 ", " GRID_IDS_10 ", " GRID_IDS_10 ", " GRID_IDS_10 ", " GRID_IDS_10 ", "       \
        GRID_IDS_10 ", " GRID_IDS_10 ", " GRID_IDS_10 ", " GRID_IDS_10

static int cmp_id(const void *a, const void *b)
{
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return x < y ? -1 : x > y;
}

GridRead grid_nodes_by_id(const Ctx *c, const int64_t *ids, int n, NodeList *out)
{
    *out = (NodeList){0, NULL};
    if (n <= 0)
        return GRID_OK;
    int64_t *uniq = arena_alloc(c->arena, sizeof *uniq * (size_t)n);
    memcpy(uniq, ids, sizeof *uniq * (size_t)n);
    qsort(uniq, (size_t)n, sizeof *uniq, cmp_id);
    int k = 0;
    for (int i = 0; i < n; i++)
        if (i == 0 || uniq[i] != uniq[k - 1])
            uniq[k++] = uniq[i];
    out->items = arena_alloc(c->arena, sizeof *out->items * (size_t)k);
    DbArg args[GRID_IDS_BATCH + 1];
    for (int from = 0; from < k; from += GRID_IDS_BATCH) {
        /* the last batch repeats its last id in the unused places */
        for (int j = 0; j < GRID_IDS_BATCH; j++)
            args[j] = DB_I(uniq[from + j < k ? from + j : k - 1]);
        args[GRID_IDS_BATCH] = DB_END;
        DbStmt *st = db_query_args(c->db, GRID_NODE_SELECT "WHERE id IN (" GRID_IDS_100 ") ORDER BY id", args);
        int rc;
        while ((rc = db_step(st)) == DB_ROW)
            if (out->n < k && node_row(c, st, &out->items[out->n]))
                out->n++;
        GridRead r = finish(c, st, rc, false);
        if (r != GRID_OK)
            return r;
    }
    return GRID_OK;
}

const NodeInfo *grid_node_in(const NodeList *list, int64_t id)
{
    int lo = 0, hi = list->n - 1;
    while (lo <= hi) {
        int mid = lo + (hi - lo) / 2;
        if (list->items[mid].id == id)
            return &list->items[mid];
        if (list->items[mid].id < id)
            lo = mid + 1;
        else
            hi = mid - 1;
    }
    return NULL;
}
