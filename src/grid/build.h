/* build.h: building a whole community at once (the demo): the tree's nodes
 * written fast with their paths filled in one pass per level at the end,
 * compounds, orgs and shops, and the few reads such a build needs. The
 * register's API builds its tree node by node through tree.c instead, each
 * node checked and audited; a build writes thousands and is audited by its
 * caller as one event.
 *
 * Model functions over a Ctx (c->now for created_at), no HTTP; e may be
 * NULL for a caller that reports any failure alike (GridErr is declared in
 * grid/register.h). */
#ifndef GZ_GRID_BUILD_H
#define GZ_GRID_BUILD_H
#include <stdbool.h>
#include <stdint.h>
#include "auth/ctx.h"
#include "grid/household.h"

struct GridErr;

/* How many nodes the tree has (*n): a build starts from none. */
bool grid_build_node_count(const Ctx *c, int64_t *n, struct GridErr *e);

/* Inserts a node of kind ("street", "community", "grid", "micro_grid",
 * "compound", "building", "unit", "household") under parent_id (0: a root)
 * with an empty path; grid_build_paths fills every path once the tree is
 * written. */
bool grid_build_node(const Ctx *c, int64_t parent_id, const char *kind, const char *name, const char *code, int sort,
                     int64_t *id_out, struct GridErr *e);
/* Sets every node's path "/id/.../", one statement per level of the tree
 * (the parents' paths are complete when their children's level runs). */
bool grid_build_paths(const Ctx *c, struct GridErr *e);

/* The compound row of a compound node: managed by property, unit or residents. */
bool grid_build_compound(const Ctx *c, int64_t node_id, const char *managed_by, int built_year, const char *address,
                         struct GridErr *e);

/* An org (resident_group, party_branch, property_company, committee,
 * contractor, supervisor, department, charity) at node_id. */
bool grid_build_org(const Ctx *c, const char *kind, const char *name, int64_t node_id, int members, int64_t *id_out,
                    struct GridErr *e);

/* A shop along the frontage of node_id, its contact's phone sealed (grid_pii_seal). */
typedef struct ShopNew {
    int64_t node_id;
    const char *name, *category, *address, *contact_name;
    GridPii phone;
} ShopNew;
bool grid_build_shop(const Ctx *c, const ShopNew *s, struct GridErr *e);

/* Links every person owner to the resident with the same ID number (the
 * owner key is the keyed hash of it; none when nobody registered holds it),
 * once the owners and the residents are written. */
bool grid_build_link_owners(const Ctx *c, struct GridErr *e);

/* The first person registered with this ID number's keyed hash (*id 0 when none). */
bool grid_build_person_by_id_hash(const Ctx *c, const char *id_hash, int64_t *id, struct GridErr *e);

#endif
