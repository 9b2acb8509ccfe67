/* read.h: the only way another capability reads the grid's tables (node,
 * compound, household, flat, person, owner, ownership, shop, org). Each
 * function answers in the caller's transaction (c->db), puts what it returns
 * in c->arena, and never checks the caller's permission: asking whether the
 * caller may see it is the caller's own question, asked first (see
 * docs/ARCHITECTURE.md, "Reading another capability").
 *
 * Every function returns a GridRead: GRID_OK, GRID_NOT_FOUND (a getter
 * whose row does not exist), or the storage failure, GRID_BUSY (lock timeout
 * or serialization failure: 503, try again) or GRID_INTERNAL (500). A list
 * never answers GRID_NOT_FOUND: an empty scope is GRID_OK with n = 0.
 *
 * A scope is a node path ("/1/4/"): a list "in" a scope holds the rows whose
 * node lies in that node's subtree, the node itself included. */
#ifndef GZ_GRID_READ_H
#define GZ_GRID_READ_H
#include <stdbool.h>
#include <stdint.h>
#include "auth/ctx.h"
#include "auth/perm.h"

typedef enum { GRID_OK = 0, GRID_NOT_FOUND, GRID_BUSY, GRID_INTERNAL } GridRead;
#define GRID_READ __attribute__((warn_unused_result))

/* The failure of the last statement on c->db as a GridRead (BUSY or INTERNAL). */
GridRead grid_read_failure(const Ctx *c);

/* ---- nodes ---------------------------------------------------------------- */

/* A node of the tree; declared here (not in grid.h) so that a model file of
 * another capability can hold one without including grid.h, which brings
 * http/ with it. */
typedef struct NodeInfo {
    int64_t id;
    int64_t parent_id;  /* 0 for the root */
    NodeKind kind;
    const char *name;   /* arena */
    const char *path;   /* arena, "/1/4/9/" */
} NodeInfo;
typedef struct NodeList { int n; NodeInfo *items; } NodeList;

/* One node by id (grid_node_get is the same, as a bool). */
GRID_READ GridRead grid_node_find(const Ctx *c, int64_t id, NodeInfo *out);
/* Just the path of a node ("/1/4/9/"), in c's arena. */
GRID_READ GridRead grid_node_path(const Ctx *c, int64_t id, const char **path);

/* The bit of a kind in a kinds mask: GRID_KIND(NODE_COMPOUND) | GRID_KIND(NODE_GRID). */
#define GRID_KIND(k) (1u << (k))
#define GRID_KINDS_ALL ((1u << NODE__COUNT) - 1)
/* The nodes of the kinds in mask (0: every kind) in the scope `under` (NULL
 * or "/": the whole tree), ordered by path, at most limit of them (0: no
 * limit). Households are nodes too: leave NODE_HOUSEHOLD out of the mask
 * unless you want them. */
GRID_READ GridRead grid_nodes_in(const Ctx *c, const char *under, unsigned kinds, int limit, NodeList *out);
/* The children of a node of the kinds in mask (0: every kind), in their
 * display order (sort, then id). */
GRID_READ GridRead grid_children(const Ctx *c, int64_t parent_id, unsigned kinds, NodeList *out);
/* The first node (lowest id) of a kind with this exact name; GRID_NOT_FOUND when none. */
GRID_READ GridRead grid_node_by_name(const Ctx *c, NodeKind kind, const char *name, NodeInfo *out);
/* The nearest node of `kind` at or above node id (the compound of a
 * building, the community of a grid ...); GRID_NOT_FOUND when there is none. */
GRID_READ GridRead grid_ancestor(const Ctx *c, int64_t id, NodeKind kind, NodeInfo *out);
/* The nodes named by a path ("/1/4/9/": 1, 4 and 9), root first, read in
 * one statement; GRID_INTERNAL when the path names a missing node. */
GRID_READ GridRead grid_path_nodes(const Ctx *c, const char *path, NodeList *out);
/* True when path lies in the scope (path starts with scope); pure. */
bool grid_in_scope(const char *path, const char *scope);
/* How many nodes of kind lie in the scope. */
GRID_READ GridRead grid_count_in(const Ctx *c, const char *scope, NodeKind kind, int64_t *n);

/* ---- households ----------------------------------------------------------- */

typedef struct HouseholdInfo {
    int64_t node_id, unit_id, building_id, compound_id, grid_id;
    int64_t flat_id;            /* 0 when the household has no flat */
    const char *path;           /* the household node's path */
    const char *door, *address, *housing; /* housing: owned, rented, public, vacant */
    const char *building_name, *unit_name;
    int64_t flat_area;          /* the flat's area in 0.01 m², 0 when none is registered */
    bool carries_area;          /* the first (lowest id) household of its flat: the one a
                                 * per-area charge or count takes the flat's area from */
    int64_t head_person_id;     /* the first registered person, 0 when nobody lives there */
    int head_birth_year;        /* 0 when unknown */
    const char *head_residency; /* permanent, floating; NULL when nobody */
} HouseholdInfo;
typedef struct HouseholdList { int n; HouseholdInfo *items; } HouseholdList;

GRID_READ GridRead grid_household_get(const Ctx *c, int64_t node_id, HouseholdInfo *out);
/* The households of a scope, by node id. */
GRID_READ GridRead grid_households_in(const Ctx *c, const char *scope, HouseholdList *out);
/* The households living at a flat, by node id. */
GRID_READ GridRead grid_households_of_flat(const Ctx *c, int64_t flat_id, HouseholdList *out);
/* How many households the scope has. */
GRID_READ GridRead grid_household_count(const Ctx *c, const char *scope, int64_t *n);
/* How many people the register holds in the households of the scope: the
 * scope's nodes by path (the node path index), each household's people by
 * person_household. */
#define GRID_PERSON_COUNT_SQL                                                                              \
    "SELECT COUNT(*) FROM node n JOIN person p ON p.household_id = n.id "                                 \
    "WHERE n.path >= ? AND n.path < ? AND n.kind = 'household'"
GRID_READ GridRead grid_person_count(const Ctx *c, const char *scope, int64_t *n);

/* ---- flats and their owners ------------------------------------------------ */

typedef struct OwnerInfo {
    int64_t id;                 /* owner.id */
    int64_t ownership_id;       /* the ownership row linking it to the flat (0 from grid_owner_get) */
    int64_t person_id;          /* 0 when the owner is not a registered resident */
    const char *kind;           /* "person" or "developer" */
    const char *name;           /* the owner's name (not personal data under the register's rules) */
    const char *owner_key;      /* one key per owner across flats (keyed hash; never an ID number) */
    int share_bp;               /* share in basis points, 0 when not recorded */
} OwnerInfo;
typedef struct OwnerList { int n; OwnerInfo *items; } OwnerList;

typedef struct FlatInfo {
    int64_t id, unit_id, compound_id;
    const char *door;
    const char *unit_path;      /* the flat lies in a scope when its unit does */
    int64_t area;               /* 0.01 m², 0 when none is registered */
    int n_owners;               /* co-owners in the order they were registered; */
    OwnerInfo *owners;          /* the first speaks for the flat (votes, notices) */
} FlatInfo;
typedef struct FlatList { int n; FlatInfo *items; } FlatList;

GRID_READ GridRead grid_flat_get(const Ctx *c, int64_t flat_id, FlatInfo *out);
/* Every flat of a scope with its owners, by flat id. */
GRID_READ GridRead grid_flats_in(const Ctx *c, const char *scope, FlatList *out);
/* The owners of one flat in registration order (ownership id). */
GRID_READ GridRead grid_owners_of_flat(const Ctx *c, int64_t flat_id, OwnerList *out);
GRID_READ GridRead grid_owner_get(const Ctx *c, int64_t owner_id, OwnerInfo *out);
/* The flats a registered person owns (as owner.person_id), each as the
 * OwnerInfo of that ownership; ordered by ownership id. FlatInfo of each
 * via grid_flat_get. flat_ids[i] is the flat of items[i]. */
GRID_READ GridRead grid_ownerships_of_person(const Ctx *c, int64_t person_id, OwnerList *out, int64_t **flat_ids);

/* The flats of a scope in all and their area (0.01 m²), counted once per flat. */
GRID_READ GridRead grid_flat_totals(const Ctx *c, const char *scope, int64_t *flats, int64_t *area);
/* Developers' holdings in a scope: one row per developer name, how many
 * flats it is the first owner of and their area; by name. */
typedef struct DeveloperHolding { const char *name; int64_t flats, area; } DeveloperHolding;
GRID_READ GridRead grid_developer_holdings(const Ctx *c, const char *scope, DeveloperHolding **out, int *n);

/* ---- people --------------------------------------------------------------- */

/* A registered person, personal data masked (the masks the register keeps;
 * never the encrypted number). */
typedef struct PersonInfo {
    int64_t id, household_id;
    const char *name, *gender;  /* gender "M", "F" or NULL */
    int birth_year;             /* 0 when unknown */
    const char *residency;      /* permanent, floating */
    const char *relation;
    const char *id_mask, *phone_mask; /* NULL when not recorded */
    const char *tags;           /* stored csv, sensitive tags included: filter before showing */
} PersonInfo;
typedef struct PersonList { int n; PersonInfo *items; } PersonList;

GRID_READ GridRead grid_person_get(const Ctx *c, int64_t id, PersonInfo *out);
/* The people of a household in registration order. */
GRID_READ GridRead grid_persons_of_household(const Ctx *c, int64_t household_id, PersonList *out);
/* "1栋1单元": the building and unit of a household, for a label beside a
 * name; NULL when household_id is not a household. */
GRID_READ GridRead grid_household_place_label(const Ctx *c, int64_t household_id, const char **label);
/* Where a user lives, as that label: the household of their first grant
 * placed on a household, else their registered person's household; *label
 * NULL when neither. (Reads grants through auth_user_grants.) */
GRID_READ GridRead grid_user_place_label(const Ctx *c, int64_t user_id, const char **label);
/* Any one encrypted ID number or phone of the register (for checking at
 * start that the personal-data key is the one they were written with);
 * *blob NULL when the register holds none. */
GRID_READ GridRead grid_pii_sample(const Ctx *c, const char **blob);

/* ---- shops and organisations ---------------------------------------------- */

typedef struct ShopInfo {
    int64_t id, node_id;
    const char *name, *category, *address, *contact_name, *phone_mask;
    const char *path;           /* the node the shop belongs to */
} ShopInfo;
typedef struct ShopList { int n; ShopInfo *items; } ShopList;

GRID_READ GridRead grid_shop_get(const Ctx *c, int64_t id, ShopInfo *out);
/* The shops of a scope, by id. */
GRID_READ GridRead grid_shops_in(const Ctx *c, const char *scope, ShopList *out);
GRID_READ GridRead grid_shop_count(const Ctx *c, const char *scope, int64_t *n);

typedef struct OrgInfo {
    int64_t id, node_id;
    const char *kind;           /* resident_group, party_branch, property_company, committee, contractor, ... */
    const char *name;
    int members;
    const char *path;           /* the node it is placed on */
} OrgInfo;
typedef struct OrgList { int n; OrgInfo *items; } OrgList;

GRID_READ GridRead grid_org_get(const Ctx *c, int64_t id, OrgInfo *out);
/* Organisations of the kinds listed (kinds: NULL-terminated array of kind
 * names; NULL: every kind), in the given order. */
typedef enum { GRID_ORGS_BY_PATH, GRID_ORGS_BY_KIND, GRID_ORGS_BY_ID } GridOrgOrder;
/* BY_PATH: node path, kind, id; BY_KIND: kind, id; BY_ID: id. */
GRID_READ GridRead grid_orgs(const Ctx *c, const char *const *kinds, GridOrgOrder order, OrgList *out);

/* ---- nodes by id ---------------------------------------------------------- */

/* The nodes with these ids (repeats allowed), as one list by id; an id with
 * no node is left out. One statement per 100 distinct ids, so a page of
 * another capability's rows gets its places' names in one or two statements
 * rather than one per row. */
GRID_READ GridRead grid_nodes_by_id(const Ctx *c, const int64_t *ids, int n, NodeList *out);
/* The node with this id in a list by id (grid_nodes_by_id's), or NULL. Pure. */
const NodeInfo *grid_node_in(const NodeList *list, int64_t id);

#endif
