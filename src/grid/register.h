/* register.h: the household register's model, shared by the JSON API
 * (api.c) and the pages (pages.c) of src/grid/ only: loading households
 * with their members, validating and saving changes, search, and the
 * JSON/error plumbing both need. Nothing outside src/grid/ includes this. */
#ifndef GZ_GRID_REGISTER_H
#define GZ_GRID_REGISTER_H
#include <stdbool.h>
#include <stdint.h>
#include "grid/grid.h"

typedef struct Member {
    int64_t id, household_id;
    const char *name, *gender, *residency, *relation, *id_mask, *phone_mask, *tags;
    int64_t birth_year; /* 0 when unknown */
} Member;

/* An owner of a household's flat: a person (wherever they live) or a
 * developer; the area is the flat's, the one every vote and levy reads. */
typedef struct Owner {
    int64_t id;               /* the owner (one per person or developer, whatever flats they own) */
    const char *name, *area_source, *id_mask;
    int64_t area;             /* the flat's area, 0 when not registered */
    int share_bp;             /* share in basis points, 0 when not stated (joint ownership) */
    bool is_developer;
} Owner;

typedef struct Household {
    int64_t id, compound_id, building_id, unit_id, grid_id, micro_grid_id;
    int64_t flat_id;          /* the flat (房) the household lives in; several households may share one */
    const char *path, *compound, *building, *unit, *door, *number, *address, *housing, *note, *grid, *micro_grid;
    int64_t area; /* the flat's area, 0 when not registered */
    bool show_sensitive; /* the caller may see sensitive tags of this household */
    Member *members; int n_members;
    Owner *owners; int n_owners; /* detail only */
} Household;

/* Which page of a list: after, when not 0, is the last id of the page
 * before (the keyset cursor); else page counts from 1. */
typedef struct GridPaging {
    int64_t page, per_page, after;
} GridPaging;
/* What a page says of its list: the total (cut at 10,000: capped), and the
 * cursor of the next page (0 on the last). */
typedef struct GridPageInfo {
    int64_t total, next;
    bool capped;
} GridPageInfo;
/* One page of a compound's households (ordered by building, unit, door)
 * with their members: one query for the households, one for their members
 * (grid/list_sql.h). GM_BAD_CURSOR when after is no household of it. */
bool grid_households_page(const Ctx *c, const NodeInfo *compound, const GridPaging *pg, Household **out, int *n,
                          GridPageInfo *info, GridErr *e);
/* One household with members, owners, grid and micro-grid; false + 404 in e when missing. */
bool grid_household_load(const Ctx *c, int64_t id, Household *out, GridErr *e);

void grid_member_json(Buf *b, const Member *m, bool show_sensitive);
void grid_owner_json(Buf *b, const Owner *o);
/* detail adds note, ids, grid, micro_grid and owners. */
void grid_household_json(Buf *b, const Household *h, bool detail);

/* Input for a household change; NULL / false = unchanged. The area is the
 * flat's: it changes for every household at that door. */
typedef struct HouseholdInput {
    const char *door;
    bool set_area; int64_t area; /* area 0 clears it */
    const char *housing;
    const char *note;
    const char *number;          /* create only: the 户号 telling households at one door apart ("" or NULL: none) */
} HouseholdInput;
/* Creates a household under a unit, in the flat at its door (created when
 * new; a second household at a door needs its own number); the caller
 * checked PERM_REGISTER_EDIT on it. */
bool grid_household_create(const Ctx *c, const NodeInfo *unit, const HouseholdInput *in, int64_t *id_out, GridErr *e);
/* Changes a household (the caller checked PERM_REGISTER_EDIT on it). */
bool grid_household_update(const Ctx *c, const NodeInfo *hh, const HouseholdInput *in, GridErr *e);

/* Input for a person; NULL / false = unchanged (update) or absent (create).
 * "" for gender, relation, id_number, phone clears them. */
typedef struct PersonInput {
    const char *name, *gender, *residency, *relation, *id_number, *phone;
    bool set_birth_year; int64_t birth_year; /* 0 clears */
    bool set_tags; const char *const *tags; int n_tags;
} PersonInput;
/* Creates (person_id 0) or updates a person of household hh, validating
 * every field; the caller checked PERM_REGISTER_EDIT on hh. */
bool grid_person_save(const Ctx *c, const NodeInfo *hh, int64_t person_id, const PersonInput *in, int64_t *id_out,
                      GridErr *e);
/* Deletes a person (owners and accounts linked to it keep their rows,
 * unlinked); the caller checked PERM_REGISTER_EDIT on hh. */
bool grid_person_delete(const Ctx *c, const NodeInfo *hh, int64_t person_id, GridErr *e);

typedef struct OwnerInput {
    const char *name, *id_number, *area_source;
    int64_t area;      /* 0: not given; else it must be the flat's area, or becomes it when the flat has none */
    int share_bp;      /* 0: not stated */
    bool is_developer;
} OwnerInput;
/* Adds an owner to the flat of household hh: a person by the keyed hash of
 * their ID number (the same owner for every flat they own, wherever they
 * live), or the compound's developer of that name. */
bool grid_owner_create(const Ctx *c, const NodeInfo *hh, const OwnerInput *in, Owner *out, GridErr *e);

/* Loads one member by id (person's household id in m->household_id);
 * GM_NO_PERSON when there is none. */
bool grid_member_load(const Ctx *c, int64_t person_id, Member *m, GridErr *e);
/* The full ID number and phone (malloc'd, NULL when absent), with an audit
 * event "reveal_pii" that holds no values. The caller checked PERM_PII_FULL. */
bool grid_person_reveal(const Ctx *c, int64_t person_id, char **id_number, char **phone, GridErr *e);

typedef struct SearchHit {
    bool is_person;
    int64_t household_id, person_id;
    const char *address, *name, *phone_mask;
} SearchHit;
#define GRID_SEARCH_MAX 50
/* Households by address, persons by name and phone, within the caller's
 * PERM_REGISTER_READ scope only; at most GRID_SEARCH_MAX hits. */
bool grid_search(const Ctx *c, const char *q, SearchHit **out, int *n, GridErr *e);

/* The subtree root for an import by the caller: the broadest path of a
 * grant holding PERM_IMPORT, or NULL. */
const char *grid_import_scope(const Ctx *c);


#endif
