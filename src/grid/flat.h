/* flat.h: the register's flats (房: one exclusive part, a door in a unit,
 * with its one floor area) and their owners (a person wherever they live,
 * or a named developer of one compound), joined by ownership. The one place
 * where flats, owners and ownerships are written: the register's API
 * (register.c), the import (import.c) and the demo (demo.c) all call it.
 * Takes the database, not a request; the callers audit. */
#ifndef GZ_GRID_FLAT_H
#define GZ_GRID_FLAT_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "store/db.h"

/* The largest area a flat may have (0.01 m²): 10^7 m², far above any flat. */
#define FLAT_AREA_MAX INT64_C(1000000000)

/* The flat at door of unit, if any (*found): its id and area (0 when none
 * is registered). False only on a storage error. */
bool flat_at_door(Db *db, int64_t unit_id, const char *door, int64_t *flat_id, int64_t *area, bool *found);

/* Creates the flat at door of unit (area 0: not registered yet; source
 * register, survey or contract). */
bool flat_create(Db *db, int64_t unit_id, int64_t compound_id, const char *door, int64_t area, const char *source,
                 int64_t now, int64_t *flat_id);

/* Sets a flat's area and its source (area 0 clears it). Every household of
 * the flat, every vote and every levy reads this one number. */
bool flat_set_area(Db *db, int64_t flat_id, int64_t area, const char *source);

/* Renames a flat's door (a correction of its label). */
bool flat_set_door(Db *db, int64_t flat_id, const char *door);

/* A person who owns flats, as stored: the keyed hash of their ID number
 * (owner_key), the sealed and masked ID number and phone (NULL when none),
 * and their person row when they live in the register (0 otherwise). */
typedef struct FlatPerson {
    const char *name;
    const char *id_hash;
    const char *id_enc, *id_mask, *phone_enc, *phone_mask;
    int64_t person_id;
} FlatPerson;

/* The owner whose key is p->id_hash, created from p when new (*created).
 * One person is one owner wherever they own flats; a person row found
 * later is linked to an owner that had none. For callers who may see every
 * owner (the CLI, the bench); the register asks flat_owner_person_add. */
bool flat_owner_person(Db *db, const FlatPerson *p, int64_t now, int64_t *owner_id, bool *created);

/* A new owner row for p, even when owners with its key exist: the register
 * joins a flat to an existing owner only for a registrar who may see that
 * owner in full (else the answer would say whose ID number it is). Owners
 * sharing a key are one owner in every count (Art. 278 counts by key). */
bool flat_owner_person_add(Db *db, const FlatPerson *p, int64_t now, int64_t *owner_id);

/* Links owner_id to person_id when it has no person yet. */
bool flat_owner_link_person(Db *db, int64_t owner_id, int64_t person_id);

/* The owner key of a compound's developer: "developer:<compound id>:<name>",
 * so two developers, or one developer in two compounds, are two owners. */
void flat_developer_key(char *out, size_t outlen, int64_t compound_id, const char *name);

/* The developer named name of compound_id as an owner, created when new. */
bool flat_owner_developer(Db *db, int64_t compound_id, const char *name, int64_t now, int64_t *owner_id,
                          bool *created);

/* True (*exists) when owner_id already owns flat_id. */
bool flat_owner_holds(Db *db, int64_t flat_id, int64_t owner_id, bool *exists);

/* Records that owner_id owns flat_id (share_bp 1..10000 basis points, or 0
 * for joint ownership without stated shares). The first ownership of a
 * flat speaks for its co-owners in a vote: one flat, one vote. */
bool flat_owner_add(Db *db, int64_t flat_id, int64_t owner_id, int share_bp, int64_t now, int64_t *ownership_id);

/* Writing many at once (the demo's thousands of flats): the same rows as
 * above, sent 16 to a statement, since on PostgreSQL each statement is a
 * round trip and moves the register's generation. */

/* A flat to create: as flat_create. */
typedef struct FlatRow {
    int64_t unit_id, compound_id;
    const char *door;
    int64_t area;       /* 0: none */
    const char *source; /* NULL: register */
} FlatRow;
bool flat_create_many(Db *db, const FlatRow *rows, int n, int64_t now);

/* Owners to create, all new (no key of them is in the register yet). */
bool flat_owner_person_many(Db *db, const FlatPerson *rows, int n, int64_t now);

/* An ownership to record, naming the flat by its unit and door and the
 * owner by key. */
typedef struct FlatOwnershipRow {
    int64_t unit_id;
    const char *door;
    const char *owner_key;
    int share_bp;       /* 0: not stated */
} FlatOwnershipRow;
bool flat_owner_add_many(Db *db, const FlatOwnershipRow *rows, int n, int64_t now);

#endif
