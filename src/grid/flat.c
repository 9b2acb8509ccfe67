/* flat.c: the register's flats and their owners (see flat.h): the one place
 * where flat, owner and ownership rows are written. */
#include "grid/flat.h"

#include <stdio.h>
#include <string.h>

bool flat_at_door(Db *db, int64_t unit_id, const char *door, int64_t *flat_id, int64_t *area, bool *found)
{
    *found = false;
    DbStmt *st = db_query(db, "SELECT id, area FROM flat WHERE unit_id = ? AND door = ?", DB_I(unit_id), DB_T(door));
    if (db_step(st) == DB_ROW) {
        *found = true;
        *flat_id = db_col_int(st, 0);
        if (area)
            *area = db_col_null(st, 1) ? 0 : db_col_int(st, 1);
    }
    return db_done(st);
}

/* Each insert is written once, its row shape a macro of literals, so the
 * SQL of one row and of 16 rows stays literal (tools/fmtcheck.c). */
#define FLAT_INSERT "INSERT INTO flat (unit_id, compound_id, door, area, area_source, created_at) VALUES "
#define FLAT_ROW "(?, ?, ?, ?, ?, ?)"
#define FLAT_COLS 6
#define OWNER_INSERT                                                                                      \
    "INSERT INTO owner (kind, owner_key, name, person_id, id_enc, id_mask, phone_enc, phone_mask, created_at) VALUES "
#define OWNER_ROW "('person', ?, ?, ?, ?, ?, ?, ?, ?)"
#define OWNER_COLS 8
#define OWNERSHIP_INSERT "INSERT INTO ownership (flat_id, owner_id, share_bp, created_at) VALUES "
#define OWNERSHIP_ROW "(?, ?, ?, ?)"
/* the many-rows form names the flat and the owner by what the caller knows */
#define OWNERSHIP_ROW_BY_KEYS                                                                            \
    "((SELECT f.id FROM flat f WHERE f.unit_id = ? AND f.door = ?), "                                   \
    "(SELECT MIN(o.id) FROM owner o WHERE o.owner_key = ?), ?, ?)"
#define OWNERSHIP_COLS 5
#define FLAT_ROWS2 FLAT_ROW ", " FLAT_ROW
#define FLAT_ROWS4 FLAT_ROWS2 ", " FLAT_ROWS2
#define FLAT_ROWS8 FLAT_ROWS4 ", " FLAT_ROWS4
#define FLAT_ROWS16 FLAT_ROWS8 ", " FLAT_ROWS8
#define OWNER_ROWS2 OWNER_ROW ", " OWNER_ROW
#define OWNER_ROWS4 OWNER_ROWS2 ", " OWNER_ROWS2
#define OWNER_ROWS8 OWNER_ROWS4 ", " OWNER_ROWS4
#define OWNER_ROWS16 OWNER_ROWS8 ", " OWNER_ROWS8
#define OWNERSHIP_ROWS2 OWNERSHIP_ROW_BY_KEYS ", " OWNERSHIP_ROW_BY_KEYS
#define OWNERSHIP_ROWS4 OWNERSHIP_ROWS2 ", " OWNERSHIP_ROWS2
#define OWNERSHIP_ROWS8 OWNERSHIP_ROWS4 ", " OWNERSHIP_ROWS4
#define OWNERSHIP_ROWS16 OWNERSHIP_ROWS8 ", " OWNERSHIP_ROWS8
#define MANY 16

bool flat_create(Db *db, int64_t unit_id, int64_t compound_id, const char *door, int64_t area, const char *source,
                 int64_t now, int64_t *flat_id)
{
    *flat_id = 0;
    return db_int(db, flat_id,
                  FLAT_INSERT FLAT_ROW " RETURNING id",
                  DB_I(unit_id), DB_I(compound_id), DB_T(door), area > 0 ? DB_I(area) : DB_NULL,
                  DB_T(source ? source : "register"), DB_I(now)) &&
           *flat_id > 0;
}

bool flat_set_area(Db *db, int64_t flat_id, int64_t area, const char *source)
{
    return db_exec(db, "UPDATE flat SET area = ?, area_source = ? WHERE id = ?", area > 0 ? DB_I(area) : DB_NULL,
                   DB_T(source ? source : "register"), DB_I(flat_id));
}

bool flat_set_door(Db *db, int64_t flat_id, const char *door)
{
    return db_exec(db, "UPDATE flat SET door = ? WHERE id = ?", DB_T(door), DB_I(flat_id));
}

/* The owner with this key: its id and linked person (0 when none). */
static bool owner_by_key(Db *db, const char *key, int64_t *owner_id, int64_t *person_id, bool *found)
{
    *found = false;
    DbStmt *st = db_query(db, "SELECT id, person_id FROM owner WHERE owner_key = ? ORDER BY id LIMIT 1", DB_T(key));
    if (db_step(st) == DB_ROW) {
        *found = true;
        *owner_id = db_col_int(st, 0);
        if (person_id)
            *person_id = db_col_null(st, 1) ? 0 : db_col_int(st, 1);
    }
    return db_done(st);
}

bool flat_owner_person(Db *db, const FlatPerson *p, int64_t now, int64_t *owner_id, bool *created)
{
    *created = false;
    if (!p->id_hash || !p->id_hash[0] || !p->name || !p->name[0])
        return false;
    bool found;
    int64_t linked = 0;
    if (!owner_by_key(db, p->id_hash, owner_id, &linked, &found))
        return false;
    if (found)
        return linked || !p->person_id || flat_owner_link_person(db, *owner_id, p->person_id);
    *created = true;
    return flat_owner_person_add(db, p, now, owner_id);
}

bool flat_owner_person_add(Db *db, const FlatPerson *p, int64_t now, int64_t *owner_id)
{
    *owner_id = 0;
    if (!p->id_hash || !p->id_hash[0] || !p->name || !p->name[0])
        return false;
    return db_int(db, owner_id,
                  OWNER_INSERT OWNER_ROW " RETURNING id",
                  DB_T(p->id_hash), DB_T(p->name), p->person_id ? DB_I(p->person_id) : DB_NULL, DB_T(p->id_enc),
                  DB_T(p->id_mask), DB_T(p->phone_enc), DB_T(p->phone_mask), DB_I(now)) &&
           *owner_id > 0;
}

bool flat_owner_link_person(Db *db, int64_t owner_id, int64_t person_id)
{
    return db_exec(db, "UPDATE owner SET person_id = ? WHERE id = ? AND person_id IS NULL", DB_I(person_id),
                   DB_I(owner_id));
}

void flat_developer_key(char *out, size_t outlen, int64_t compound_id, const char *name)
{
    snprintf(out, outlen, "developer:%lld:%s", (long long)compound_id, name);
}

bool flat_owner_developer(Db *db, int64_t compound_id, const char *name, int64_t now, int64_t *owner_id,
                          bool *created)
{
    *created = false;
    if (!name || !name[0] || compound_id <= 0)
        return false;
    char key[400];
    flat_developer_key(key, sizeof key, compound_id, name);
    bool found;
    if (!owner_by_key(db, key, owner_id, NULL, &found))
        return false;
    if (found)
        return true;
    *created = true;
    return db_int(db, owner_id,
                  "INSERT INTO owner (kind, owner_key, name, compound_id, created_at) "
                  "VALUES ('developer', ?, ?, ?, ?) RETURNING id",
                  DB_T(key), DB_T(name), DB_I(compound_id), DB_I(now));
}

bool flat_owner_holds(Db *db, int64_t flat_id, int64_t owner_id, bool *exists)
{
    *exists = false;
    DbStmt *st = db_query(db, "SELECT id FROM ownership WHERE flat_id = ? AND owner_id = ?", DB_I(flat_id),
                          DB_I(owner_id));
    if (db_step(st) == DB_ROW)
        *exists = true;
    return db_done(st);
}

bool flat_owner_add(Db *db, int64_t flat_id, int64_t owner_id, int share_bp, int64_t now, int64_t *ownership_id)
{
    int64_t id = 0;
    bool ok = db_int(db, &id,
                     OWNERSHIP_INSERT OWNERSHIP_ROW " RETURNING id",
                     DB_I(flat_id), DB_I(owner_id), share_bp > 0 ? DB_I(share_bp) : DB_NULL, DB_I(now));
    if (ownership_id)
        *ownership_id = id;
    return ok && id > 0;
}

/* ---- many at once --------------------------------------------------------- */

static void flat_args(DbArg *a, const FlatRow *r, int64_t now)
{
    a[0] = DB_I(r->unit_id);
    a[1] = DB_I(r->compound_id);
    a[2] = DB_T(r->door);
    a[3] = r->area > 0 ? DB_I(r->area) : DB_NULL;
    a[4] = DB_T(r->source ? r->source : "register");
    a[5] = DB_I(now);
}

bool flat_create_many(Db *db, const FlatRow *rows, int n, int64_t now)
{
    DbArg args[MANY * FLAT_COLS + 1];
    int i = 0;
    for (; i + MANY <= n; i += MANY) {
        for (int k = 0; k < MANY; k++)
            flat_args(&args[k * FLAT_COLS], &rows[i + k], now);
        args[MANY * FLAT_COLS] = DB_END;
        if (!db_exec_args(db, FLAT_INSERT FLAT_ROWS16, args))
            return false;
    }
    for (; i < n; i++) {
        flat_args(args, &rows[i], now);
        args[FLAT_COLS] = DB_END;
        if (!db_exec_args(db, FLAT_INSERT FLAT_ROW, args))
            return false;
    }
    return true;
}

static void owner_args(DbArg *a, const FlatPerson *p, int64_t now)
{
    a[0] = DB_T(p->id_hash);
    a[1] = DB_T(p->name);
    a[2] = p->person_id ? DB_I(p->person_id) : DB_NULL;
    a[3] = DB_T(p->id_enc);
    a[4] = DB_T(p->id_mask);
    a[5] = DB_T(p->phone_enc);
    a[6] = DB_T(p->phone_mask);
    a[7] = DB_I(now);
}

bool flat_owner_person_many(Db *db, const FlatPerson *rows, int n, int64_t now)
{
    DbArg args[MANY * OWNER_COLS + 1];
    int i = 0;
    for (; i + MANY <= n; i += MANY) {
        for (int k = 0; k < MANY; k++)
            owner_args(&args[k * OWNER_COLS], &rows[i + k], now);
        args[MANY * OWNER_COLS] = DB_END;
        if (!db_exec_args(db, OWNER_INSERT OWNER_ROWS16, args))
            return false;
    }
    for (; i < n; i++) {
        owner_args(args, &rows[i], now);
        args[OWNER_COLS] = DB_END;
        if (!db_exec_args(db, OWNER_INSERT OWNER_ROW, args))
            return false;
    }
    return true;
}

static void ownership_args(DbArg *a, const FlatOwnershipRow *r, int64_t now)
{
    a[0] = DB_I(r->unit_id);
    a[1] = DB_T(r->door);
    a[2] = DB_T(r->owner_key);
    a[3] = r->share_bp > 0 ? DB_I(r->share_bp) : DB_NULL;
    a[4] = DB_I(now);
}

bool flat_owner_add_many(Db *db, const FlatOwnershipRow *rows, int n, int64_t now)
{
    DbArg args[MANY * OWNERSHIP_COLS + 1];
    int i = 0;
    for (; i + MANY <= n; i += MANY) {
        for (int k = 0; k < MANY; k++)
            ownership_args(&args[k * OWNERSHIP_COLS], &rows[i + k], now);
        args[MANY * OWNERSHIP_COLS] = DB_END;
        if (!db_exec_args(db, OWNERSHIP_INSERT OWNERSHIP_ROWS16, args))
            return false;
    }
    for (; i < n; i++) {
        ownership_args(args, &rows[i], now);
        args[OWNERSHIP_COLS] = DB_END;
        if (!db_exec_args(db, OWNERSHIP_INSERT OWNERSHIP_ROW_BY_KEYS, args))
            return false;
    }
    return true;
}
