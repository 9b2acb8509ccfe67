/* grid.h: the grid tree and the household register: the model's public
 * face (no HTTP: the handlers are in grid/web.h), its typed errors, the
 * pure helpers, and (grid/read.h) the read functions other capabilities
 * use instead of SQL on the grid's tables. */
#ifndef GZ_GRID_H
#define GZ_GRID_H
#include <stdbool.h>
#include <stdint.h>
#include "auth/ctx.h"
#include "auth/perm.h"
#include "grid/read.h"
#include "core/buf.h"

/* What went wrong in the grid's model, one value per message. Its HTTP
 * status, stable code and sentence are one row of the table in messages.c. */
typedef enum {
    GM_NO_HOUSEHOLD,
    GM_DOOR_MISSING,
    GM_DOOR_TOO_LONG,
    GM_AREA_RANGE,
    GM_HOUSING_BAD,
    GM_NOTE_TOO_LONG,
    GM_NOT_A_UNIT,
    GM_DOOR_TAKEN,
    GM_UNIT_DETACHED,
    GM_PII_KEY_MISSING,
    GM_ID_CHECK_DIGIT,
    GM_ID_FORMAT,
    GM_NO_PERSON,
    GM_NAME_MISSING,
    GM_RESIDENCY_MISSING,
    GM_NAME_TOO_LONG,
    GM_GENDER_BAD,
    GM_RESIDENCY_BAD,
    GM_RELATION_TOO_LONG,
    GM_BIRTH_YEAR_RANGE,
    GM_ID_TAKEN,
    GM_ENCRYPT_FAILED,
    GM_PHONE_BAD,
    GM_TAG_UNKNOWN,
    GM_TAG_SENSITIVE_FORBIDDEN,
    GM_PII_KEY_MISMATCH,
    GM_LOGIN_REQUIRED,
    GM_REGISTER_FORBIDDEN,
    GM_OWNER_NAME_MISSING,
    GM_OWNER_NAME_TOO_LONG,
    GM_AREA_SOURCE_BAD,
    GM_OWNER_ID_MISSING,
    GM_OWNER_TAKEN,
    GM_DB_CONFLICT,
    GM_DB_BUSY,
    GM_DB_INTERNAL,
    GM_NODE_NAME_TAKEN,
    GM_AREA_TEXT_BAD,
    GM_BIRTH_YEAR_TEXT_BAD,
    GM_SEARCH_RATE,
    GM_PII_SEARCH_RATE,
    GM_ID_CHECK_RATE,
    GM_AREA_CONFLICT,
    GM_SHARE_RANGE,
    GM_NUMBER_TOO_LONG,
    GM_DEVELOPER_ID,
    GM_KIND_NOT_CHILD,
    GM_NODE_IS_HOUSEHOLD,
    GM_BAD_CURSOR,
    GM__COUNT
} GridMsg;

/* An error of the grid's model: which message, the input at fault (or
 * NULL) and, optionally, what a log may add. The API replies with its row
 * of the table (grid_err_reply), a page shows its sentence above the form. */
typedef struct GridErr {
    GridMsg msg;
    const char *field;
    const char *detail;
} GridErr;

/* Sets e and returns false, so a check reads `return grid_fail(e, GM_X, "field");`. */
bool grid_fail(GridErr *e, GridMsg msg, const char *field);
/* The storage failure of the last statement on c->db: GM_DB_CONFLICT (409),
 * GM_DB_BUSY (503) or GM_DB_INTERNAL (500); returns false. */
bool grid_db_fail(const Ctx *c, GridErr *e);

/* NodeInfo (id, parent_id, kind, name, path) is declared in grid/read.h. */

/* ---- permission questions (perm.c) --------------------------------------- */

/* May c->who, at path ("/1/4/9/"; NULL: anywhere in their scope) ... */
bool grid_may_see_tree(const Ctx *c, const char *path);        /* see the tree and compound pages */
bool grid_may_edit_tree(const Ctx *c, const char *path);       /* add, rename nodes */
bool grid_may_read_register(const Ctx *c, const char *path);   /* households and residents, masked */
bool grid_may_edit_register(const Ctx *c, const char *path);   /* change households, residents, owners */
bool grid_may_see_pii(const Ctx *c, const char *path);         /* a full ID number or phone (audited) */
bool grid_may_see_sensitive_tags(const Ctx *c, const char *path); /* lives_alone, disabled, health ... */
bool grid_may_import(const Ctx *c, const char *path);          /* import a register file */

/* ---- the tree's model (tree.c) ------------------------------------------ */

/* audit_append as c's actor (the system when c->who is NULL); false with e
 * on a storage error. */
bool grid_audit_write(const Ctx *c, const char *entity, int64_t id, const char *action, const char *before,
                      const char *after, GridErr *e);

/* Inserts a node under parent (its path from parent's) and returns its id
 * and path; no kind check and no audit (the callers that create a
 * household node write their own). GM_NODE_NAME_TAKEN when a sibling has
 * the name. */
bool grid_node_add(const Ctx *c, const NodeInfo *parent, NodeKind kind, const char *name, const char *code,
                   int64_t *id_out, const char **path_out, GridErr *e);
/* A node of the tree (not a household: those come with their register row)
 * exactly one level below parent, with its compound row for a compound,
 * audited. The caller checked PERM_TREE_EDIT on parent. */
bool grid_node_create(const Ctx *c, const NodeInfo *parent, NodeKind kind, const char *name, const char *code,
                      NodeInfo *out, GridErr *e);
/* Renames a node (name NULL: unchanged) and sets its code (when set_code;
 * "" or NULL clears it); a household's door is the register's. The
 * addresses of the households below a renamed compound, building or unit
 * are written again. Audited; n->name is updated. The caller checked
 * PERM_TREE_EDIT on n. */
bool grid_node_update(const Ctx *c, NodeInfo *n, const char *name, bool set_code, const char *code, GridErr *e);
/* A node's code (NULL when none). */
bool grid_node_code(const Ctx *c, int64_t id, const char **code, GridErr *e);

/* One node of a breadcrumb or child list. */
typedef struct NodeBrief {
    int64_t id;
    NodeKind kind;
    const char *name;
    int64_t households; /* households in the subtree; -1 when not counted (households themselves) */
} NodeBrief;
/* The nodes of a path from the root down (the node itself last). */
bool grid_node_trail(const Ctx *c, const char *path, NodeBrief **out, int *n, GridErr *e);
/* The children of a node that c->who may read (PERM_TREE_READ), in
 * display order, with household counts. */
bool grid_node_children(const Ctx *c, const NodeInfo *parent, NodeBrief **out, int *n, GridErr *e);

/* Every compound, in display order, with the grid above it (the compound's
 * grandparent; 0 and NULL when none) and its household count. */
typedef struct CompoundRow {
    int64_t id;
    const char *name, *path;
    int64_t grid_id;
    const char *grid, *managed_by;
    int64_t households;
} CompoundRow;
bool grid_compounds(const Ctx *c, CompoundRow **out, int *n, GridErr *e);

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
/* Links an owner that has no person yet to the registered person it is
 * (register.c), audited as c's actor ("owner", "link_person"); *linked
 * false when nothing changed: the owner has a person already, or no such
 * owner. */
bool grid_owner_link_person(const Ctx *c, int64_t owner_id, int64_t person_id, bool *linked, GridErr *e);

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

#endif
