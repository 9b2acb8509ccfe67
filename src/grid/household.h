/* household.h: the one writer of the register's household and person rows.
 * The register's API (register.c), the import (import.c) and the demo
 * (demo.c) all insert through it, one row at a time or, for the demo's
 * thousands, sixteen rows to a statement (GridBulk) with the same row
 * shapes. Flats, owners and ownerships have theirs in grid/flat.h.
 *
 * Model functions: a Ctx (c->db inside the caller's transaction, c->arena
 * for what they return, c->now for created_at), no HTTP, a GridErr on
 * failure. They write rows, they do not audit: what an event says differs
 * by caller (a registrar's change, an import, the demo), so each caller
 * appends its own. e may be NULL for a caller that reports any failure
 * alike (the import, the demo: they read db_errmsg); GridErr is declared
 * in grid/register.h. */
#ifndef GZ_GRID_HOUSEHOLD_H
#define GZ_GRID_HOUSEHOLD_H
#include <stdbool.h>
#include <stdint.h>
#include "auth/ctx.h"
#include "grid/flat.h"

struct GridErr;

/* A personal value (an ID number or a phone) as stored: sealed with the
 * key (pii_encrypt), masked for lists, and its keyed hash for exact search
 * and duplicate detection. All NULL when there is no value. */
typedef struct GridPii {
    const char *enc, *mask, *hash;
} GridPii;

/* Seals value (already validated and normalised: an upper-case X ends an
 * ID number) into c->arena: is_id masks it as an ID number, else as a
 * phone. NULL or "" gives the empty GridPii. Fails with 500 pii_key when
 * no key is loaded, 500 internal when encryption fails. */
bool grid_pii_seal(const Ctx *c, const char *value, bool is_id, GridPii *out, struct GridErr *e);

/* A household to insert. Its node (kind household, under the unit) exists
 * already, and so does its flat: the flat at its door of its unit (one
 * flat per door, flat.h), which the row names by that unit and door. */
typedef struct HouseholdNew {
    int64_t node_id;
    int64_t unit_id, building_id, compound_id, grid_id;
    const char *door;
    const char *number;  /* the 户号 telling households at one door apart; NULL: none ("") */
    const char *address; /* the full address shown in lists and searched */
    const char *housing; /* owned, rented, public or vacant */
    const char *note;    /* NULL: none ("") */
} HouseholdNew;

/* A person to insert into household household_id. */
typedef struct PersonNew {
    int64_t household_id;
    const char *name;
    const char *gender;    /* "M", "F" or NULL */
    int64_t birth_year;    /* 0: unknown */
    const char *residency; /* permanent or floating */
    const char *relation;  /* to the head of household; NULL: "" */
    const char *tags;      /* canonical names, comma-separated; NULL: "" */
    GridPii id, phone;     /* from grid_pii_seal */
} PersonNew;

/* Inserts one household row. */
bool grid_household_insert(const Ctx *c, const HouseholdNew *h, struct GridErr *e);
/* Inserts one person row; *id_out (may be NULL) gets its id. */
bool grid_person_insert(const Ctx *c, const PersonNew *p, int64_t *id_out, struct GridErr *e);

/* Many rows at once: flats, households and persons are queued and sent
 * sixteen to a statement (on PostgreSQL each statement is a round trip and
 * moves the register's generation). Queued rows are copied, so the caller's
 * texts need not outlive the call. A household's flat is written before
 * it (queue the flat first), rows of one kind go in the order queued, and
 * person ids are not returned (find them by id_hash). */
typedef struct GridBulk GridBulk;
/* NULL when out of memory. c must outlive the bulk. */
GridBulk *grid_bulk_new(const Ctx *c);
bool grid_bulk_flat(GridBulk *b, const FlatRow *f, struct GridErr *e);
bool grid_bulk_household(GridBulk *b, const HouseholdNew *h, struct GridErr *e);
bool grid_bulk_person(GridBulk *b, const PersonNew *p, struct GridErr *e);
/* Writes what is still queued: flats, then households, then persons. */
bool grid_bulk_flush(GridBulk *b, struct GridErr *e);
/* Frees the bulk without writing (NULL is fine): flush first. */
void grid_bulk_free(GridBulk *b);

#endif
