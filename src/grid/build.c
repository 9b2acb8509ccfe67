/* build.c: writing a whole community at once (see build.h). */
#include "grid/build.h"

#include <string.h>

#include "grid/register.h"

/* The storage error of the last statement; e may be NULL (the demo reports
 * through db_errmsg). */
static bool db_failed(const Ctx *c, GridErr *e)
{
    return e ? grid_db_fail(c, e) : false;
}

bool grid_build_node_count(const Ctx *c, int64_t *n, GridErr *e)
{
    return db_int(c->db, n, "SELECT COUNT(*) FROM node") || db_failed(c, e);
}

bool grid_build_node(const Ctx *c, int64_t parent_id, const char *kind, const char *name, const char *code, int sort,
                     int64_t *id_out, GridErr *e)
{
    int64_t id = 0;
    if (!db_int(c->db, &id,
                "INSERT INTO node (parent_id, kind, name, code, path, sort, created_at, updated_at) "
                "VALUES (?, ?, ?, ?, '', ?, ?, ?) RETURNING id",
                parent_id ? DB_I(parent_id) : DB_NULL, DB_T(kind), DB_T(name), DB_T(code), DB_I(sort), DB_I(c->now),
                DB_I(c->now)) ||
        id <= 0)
        return db_failed(c, e);
    *id_out = id;
    return true;
}

bool grid_build_paths(const Ctx *c, GridErr *e)
{
    if (!db_exec(c->db, "UPDATE node SET path = '/' || CAST(id AS TEXT) || '/' WHERE parent_id IS NULL"))
        return db_failed(c, e);
    static const char *const levels[] = {"community", "grid", "micro_grid", "compound", "building", "unit", "household"};
    for (size_t i = 0; i < sizeof levels / sizeof levels[0]; i++)
        if (!db_exec(c->db,
                     "UPDATE node SET path = (SELECT p.path FROM node p WHERE p.id = node.parent_id) "
                     "|| CAST(id AS TEXT) || '/' WHERE kind = ?",
                     DB_T(levels[i])))
            return db_failed(c, e);
    return true;
}

bool grid_build_compound(const Ctx *c, int64_t node_id, const char *managed_by, int built_year, const char *address,
                         GridErr *e)
{
    return db_exec(c->db, "INSERT INTO compound (node_id, managed_by, built_year, address) VALUES (?, ?, ?, ?)",
                   DB_I(node_id), DB_T(managed_by), DB_I(built_year), DB_T(address)) ||
           db_failed(c, e);
}

bool grid_build_org(const Ctx *c, const char *kind, const char *name, int64_t node_id, int members, int64_t *id_out,
                    GridErr *e)
{
    int64_t id = 0;
    if (!db_int(c->db, &id,
                "INSERT INTO org (kind, name, node_id, members, created_at) VALUES (?, ?, ?, ?, ?) RETURNING id",
                DB_T(kind), DB_T(name), DB_I(node_id), DB_I(members), DB_I(c->now)) ||
        id <= 0)
        return db_failed(c, e);
    *id_out = id;
    return true;
}

/* The compound at or above a node (0: none, a node above every compound),
 * walking up its parents: the tree is a few levels deep. */
static bool compound_of(const Ctx *c, int64_t node, int64_t *out, GridErr *e)
{
    *out = 0;
    for (int depth = 0; node && depth < 16; depth++) {
        DbStmt *st = db_query(c->db, "SELECT kind, parent_id FROM node WHERE id = ?", DB_I(node));
        int64_t parent = 0;
        if (db_step(st) == DB_ROW) {
            if (strcmp(db_col_text(st, 0), "compound") == 0)
                *out = node;
            parent = db_col_null(st, 1) ? 0 : db_col_int(st, 1);
        }
        if (!db_done(st))
            return db_failed(c, e);
        if (*out)
            return true;
        node = parent;
    }
    return true;
}

bool grid_build_shop(const Ctx *c, const ShopNew *s, GridErr *e)
{
    /* the shop carries its compound: the compound's list is a range of one
     * index (grid/list_sql.h) */
    int64_t compound = 0;
    if (!compound_of(c, s->node_id, &compound, e))
        return false;
    return db_exec(c->db,
                   "INSERT INTO shop (node_id, compound_id, name, category, address, contact_name, phone_enc, phone_mask, "
                   "phone_hash, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                   DB_I(s->node_id), compound ? DB_I(compound) : DB_NULL, DB_T(s->name), DB_T(s->category),
                   DB_T(s->address), DB_T(s->contact_name), DB_T(s->phone.enc), DB_T(s->phone.mask),
                   DB_T(s->phone.hash), DB_I(c->now)) ||
           db_failed(c, e);
}

bool grid_build_link_owners(const Ctx *c, GridErr *e)
{
    return db_exec(c->db,
                   "UPDATE owner SET person_id = (SELECT p.id FROM person p WHERE p.id_hash = owner.owner_key LIMIT 1) "
                   "WHERE kind = 'person'") ||
           db_failed(c, e);
}

bool grid_build_person_by_id_hash(const Ctx *c, const char *id_hash, int64_t *id, GridErr *e)
{
    *id = 0;
    DbStmt *st = db_query(c->db, "SELECT id FROM person WHERE id_hash = ? ORDER BY id LIMIT 1", DB_T(id_hash));
    if (db_step(st) == DB_ROW)
        *id = db_col_int(st, 0);
    return db_done(st) || db_failed(c, e);
}
