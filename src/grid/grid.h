/* grid.h: the grid tree and the household register: model helpers used by
 * other capabilities, and the handlers registered in routes.c. */
#ifndef GZ_GRID_H
#define GZ_GRID_H
#include <stdbool.h>
#include <stdint.h>
#include "auth/ctx.h"
#include "auth/perm.h"
#include "grid/read.h"
#include "http/req.h"

typedef struct NodeInfo {
    int64_t id;
    int64_t parent_id;  /* 0 for the root */
    NodeKind kind;
    const char *name;   /* arena */
    const char *path;   /* arena, "/1/4/9/" */
} NodeInfo;

/* Creates the top of the tree of an empty database, for `gongzhi init`: a
 * street (when street is not NULL) with the community under it, or the
 * community alone, audited as the system, in the caller's transaction.
 * *top_id: the street, else the community. False with err when the names
 * are not text of 1 to 100 characters, the database already holds nodes, or
 * on a storage error. */
/* How many nodes the tree has (0: a new database); false on a storage error. */
bool grid_node_count(Db *db, int64_t *out);
bool grid_tree_create_top(Db *db, const char *street, const char *community, int64_t *top_id,
                          int64_t *community_id, char *err, size_t errlen);

/* Loads a node into c's arena; false when it does not exist or on a storage error. */
bool grid_node_get(const Ctx *c, int64_t id, NodeInfo *out);
/* The place of a grant on a node, for auth's user_grant: its kind, its path
 * and the path of the compound above it (NULL at or above compound level);
 * false when there is no such node. Paths in c's arena. */
bool grid_grant_place(const Ctx *c, int64_t node_id, GrantPlace *out);
/* grid_node_get for a request (its connection and arena). */
bool grid_node_load(Req *r, int64_t id, NodeInfo *out);
/* Loads the node and checks perm on it; replies 404/401/403 itself. */
bool grid_node_load_allowed_or_reply(Req *r, int64_t id, Perm perm, NodeInfo *out);
/* A node named by a field of a request body (field: "unit_id", "node_id",
 * ...): loaded, and perm checked on it. A node that does not exist and one
 * the caller may not even see (PERM_TREE_READ) get the same answer, 404
 * not_found naming the field, so a reference never tells that something
 * exists outside the caller's scope; a node they see but may not use so is
 * 403 forbidden. Replies itself. */
bool grid_node_ref_or_reply(Req *r, int64_t id, Perm perm, const char *field, NodeInfo *out);

/* ---- Pure helpers (no I/O; unit-tested in tests/unit/test_grid.c) ---- */

/* Parses a floor area typed by a person, "60.25" or "60" (m², at most two
 * decimals, surrounding spaces ignored), into 0.01 m² without floating
 * point. False for empty text, signs, junk, three decimals, zero or more
 * than 10,000,000 m². */
bool grid_parse_area(const char *text, int64_t *out);

/* The exclusive upper bound of the subtree range of a path prefix: the
 * prefix with its final '/' replaced by '0' ("/1/4/" -> "/1/40"), since '0'
 * sorts right after '/' bytewise. So a subtree is path >= prefix AND
 * path < upper. False when prefix does not end in '/' or out is too small. */
bool grid_path_upper(const char *prefix, char *out, size_t outlen);

/* Removes duplicate paths and paths inside another one's subtree, in place,
 * keeping the order of the rest; returns the new count. Used to search each
 * part of a caller's scope exactly once. */
int grid_prefixes_minimal(const char **paths, int n);

/* The id at depth `depth` (0 = root) of a path "/1/4/9/", or 0. */
int64_t grid_path_id_at(const char *path, int depth);

/* True when a node of kind child may be created under kind parent with
 * POST /api/nodes: exactly one level down, and never a household (those
 * are created with their register row by POST /api/households). */
bool grid_kind_may_create(NodeKind parent, NodeKind child);

/* A LIKE pattern matching text anywhere ("%text%"), with '\', '%' and '_'
 * escaped by '\' (use with ESCAPE '\'). Arena memory. */
char *grid_like_contains(Arena *a, const char *text);

/* Writes an audit event "id_duplicate" on person_id naming every other
 * person whose ID number has the same keyed hash (none: nothing written).
 * The register accepts such a number from a caller who may not see the
 * other record (so that the answer is no oracle); this event is how staff
 * who see both find it. False on a storage error. */
bool grid_id_duplicates_audit(Db *db, int64_t actor_id, int64_t person_id, const char *id_hash);
/* The same for owners: an "id_duplicate" event on owner_id naming the other
 * owners with its key, written when a registrar who could not see them
 * gave a flat a new owner with that ID number (they count as one owner). */
bool grid_owner_duplicates_audit(Db *db, int64_t actor_id, int64_t owner_id, const char *owner_key);

/* What a register search text means. Spaces and hyphens inside a number
 * and full-width digits are read as they are typed:
 *   GRID_Q_PHONE  11 digits starting with 1: a whole phone, matched only
 *                 whole (by its keyed hash), never as a part;
 *   GRID_Q_ID     17 digits and a digit or X: a whole ID number, the same;
 *   GRID_Q_LAST4  exactly 4 digits: the end of a phone, which its mask shows;
 *   GRID_Q_TEXT   anything else: searched in names and addresses only, so
 *                 "138" or "1234 5" never matches a hidden digit.
 * norm gets the phone or ID number without separators, X upper-case. */
typedef enum { GRID_Q_TEXT, GRID_Q_PHONE, GRID_Q_ID, GRID_Q_LAST4 } GridQueryKind;
GridQueryKind grid_search_kind(const char *q, char norm[19]);

/* The address of a household, as stored in household.address (the same
 * rule as the demo and the importer): the names joined,
 * "学道苑·东南里7号" + "1栋" + "1单元" + "101"; a building whose name ends
 * the compound's name ("学道苑·拱背桥25号1栋" / "1栋") is not repeated. */
char *grid_address(Arena *a, const char *compound, const char *building, const char *unit, const char *door);
/* A household's label at its door: the door, and when several households
 * live there, its number (户号): "101（户号2）". Used as the door part of
 * grid_address and as the household node's name. */
char *grid_household_label(Arena *a, const char *door, const char *number);

/* Canonical housing ("owned", "rented", "public", "vacant") for a canonical
 * name or its Chinese label (自有, 租住, 公房, 空置); NULL otherwise. */
const char *grid_housing_canonical(const char *any);
const char *grid_housing_label_zh(const char *canonical);
/* "permanent"/"floating" for those or 常住/流动; NULL otherwise. */
const char *grid_residency_canonical(const char *any);
/* "M"/"F" for M, F, m, f, 男, 女; NULL otherwise. */
const char *grid_gender_canonical(const char *any);

/* Canonical, de-duplicated, comma-separated tags (person.tags) from a list
 * of canonical names or Chinese labels. NULL when a tag is not in the
 * vocabulary; *bad then names it. Arena memory. */
char *grid_tags_join(Arena *a, const char *const *tags, int n, const char **bad);
/* Writes stored tags as a JSON array, leaving out sensitive tags unless
 * show_sensitive. */
void grid_tags_json(Buf *b, const char *csv, bool show_sensitive);
/* Keeps only the sensitive tags of a stored list ("" when none). Arena memory. */
char *grid_tags_sensitive_only(Arena *a, const char *csv);

/* JSON API */
void api_compounds(Req *r);        /* GET  /api/compounds */
void api_node_get(Req *r);         /* GET  /api/nodes/{id} (with children) */
void api_node_create(Req *r);      /* POST /api/nodes */
void api_node_update(Req *r);      /* PATCH /api/nodes/{id} */
void api_households(Req *r);       /* GET  /api/households?compound=ID&page=&per_page= */
void api_household_get(Req *r);    /* GET  /api/households/{id} */
void api_household_create(Req *r); /* POST /api/households */
void api_household_update(Req *r); /* PATCH /api/households/{id} */
void api_person_create(Req *r);    /* POST /api/households/{id}/persons */
void api_person_update(Req *r);    /* PATCH /api/persons/{id} */
void api_person_delete(Req *r);    /* DELETE /api/persons/{id} */
void api_person_reveal(Req *r);    /* GET  /api/persons/{id}/pii: full ID and phone, audited */
void api_owner_create(Req *r);     /* POST /api/households/{id}/owners */
void api_shops(Req *r);            /* GET  /api/shops?compound=ID */
void api_search(Req *r);           /* GET  /api/search?q= */
void api_import(Req *r);           /* POST /api/import?dry_run=1&format=csv|xlsx (raw body) */
void api_audit_verify(Req *r);     /* GET  /api/audit/verify */

/* Pages */
void page_home(Req *r);            /* GET / */
void page_node(Req *r);            /* GET /nodes/{id} */
void page_household(Req *r);       /* GET /households/{id} */
void page_household_edit_post(Req *r); /* POST /households/{id} */
void page_person_add_post(Req *r); /* POST /households/{id}/persons */
void page_person_reveal(Req *r);   /* GET /persons/{id}/reveal (htmx fragment) */
void page_search(Req *r);          /* GET /search: the form */
void page_search_post(Req *r);     /* POST /search: the search (audited, rate-limited) */
void page_import(Req *r);          /* GET /import */
void page_import_post(Req *r);     /* POST /import (multipart) */

#endif
