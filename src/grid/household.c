/* household.c: the one writer of household and person rows (see
 * household.h). */
#include "grid/household.h"

#include <stdlib.h>
#include <string.h>

#include "grid/pii.h"
#include "grid/register.h"

/* Each insert is written once, its row shape a macro of literals, so the
 * SQL of one row and of 16 rows stays literal (tools/fmtcheck.c). The
 * household names its flat by unit and door (flat UNIQUE (unit_id, door)),
 * which the bulk writer must, since flat_create_many returns no ids. */
#define HOUSEHOLD_INSERT                                                                                       \
    "INSERT INTO household (node_id, flat_id, number, unit_id, building_id, compound_id, grid_id, door, "  \
    "address, housing, note) VALUES "
#define HOUSEHOLD_ROW "(?, (SELECT f.id FROM flat f WHERE f.unit_id = ? AND f.door = ?), ?, ?, ?, ?, ?, ?, ?, ?, ?)"
#define HOUSEHOLD_COLS 12
#define PERSON_INSERT                                                                                          \
    "INSERT INTO person (household_id, name, gender, birth_year, residency, relation, id_enc, id_mask, "   \
    "id_hash, phone_enc, phone_mask, phone_hash, tags, created_at, updated_at) VALUES "
#define PERSON_ROW "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
#define PERSON_COLS 15
#define HOUSEHOLD_ROWS2 HOUSEHOLD_ROW ", " HOUSEHOLD_ROW
#define HOUSEHOLD_ROWS4 HOUSEHOLD_ROWS2 ", " HOUSEHOLD_ROWS2
#define HOUSEHOLD_ROWS8 HOUSEHOLD_ROWS4 ", " HOUSEHOLD_ROWS4
#define HOUSEHOLD_ROWS16 HOUSEHOLD_ROWS8 ", " HOUSEHOLD_ROWS8
#define PERSON_ROWS2 PERSON_ROW ", " PERSON_ROW
#define PERSON_ROWS4 PERSON_ROWS2 ", " PERSON_ROWS2
#define PERSON_ROWS8 PERSON_ROWS4 ", " PERSON_ROWS4
#define PERSON_ROWS16 PERSON_ROWS8 ", " PERSON_ROWS8
#define MANY 16

/* Sets e (when the caller wants it) and returns false. */
static bool fail(GridErr *e, GridMsg msg)
{
    return e ? grid_fail(e, msg, NULL) : false;
}

/* The storage error of the last statement, in e when the caller wants it. */
static bool db_failed(const Ctx *c, GridErr *e)
{
    return e ? grid_db_fail(c, e) : false;
}

bool grid_pii_seal(const Ctx *c, const char *value, bool is_id, GridPii *out, GridErr *e)
{
    *out = (GridPii){0};
    if (!value || !value[0])
        return true;
    if (!pii_key_loaded())
        return fail(e, GM_PII_KEY_MISSING);
    char *sealed = pii_encrypt(value);
    if (!sealed)
        return fail(e, GM_ENCRYPT_FAILED);
    out->enc = arena_strdup(c->arena, sealed);
    free(sealed);
    char mask[32], hash[33];
    if (is_id)
        pii_mask_id(value, mask);
    else
        pii_mask_phone(value, mask);
    pii_hash(value, hash);
    out->mask = arena_strdup(c->arena, mask);
    out->hash = arena_strdup(c->arena, hash);
    return true;
}

static void household_args(DbArg *a, const HouseholdNew *h)
{
    a[0] = DB_I(h->node_id);
    a[1] = DB_I(h->unit_id);
    a[2] = DB_T(h->door);
    a[3] = DB_T(h->number ? h->number : "");
    a[4] = DB_I(h->unit_id);
    a[5] = DB_I(h->building_id);
    a[6] = DB_I(h->compound_id);
    a[7] = DB_I(h->grid_id);
    a[8] = DB_T(h->door);
    a[9] = DB_T(h->address);
    a[10] = DB_T(h->housing);
    a[11] = DB_T(h->note ? h->note : "");
}

static void person_args(DbArg *a, const PersonNew *p, int64_t now)
{
    a[0] = DB_I(p->household_id);
    a[1] = DB_T(p->name);
    a[2] = DB_T(p->gender);
    a[3] = p->birth_year ? DB_I(p->birth_year) : DB_NULL;
    a[4] = DB_T(p->residency);
    a[5] = DB_T(p->relation ? p->relation : "");
    a[6] = DB_T(p->id.enc);
    a[7] = DB_T(p->id.mask);
    a[8] = DB_T(p->id.hash);
    a[9] = DB_T(p->phone.enc);
    a[10] = DB_T(p->phone.mask);
    a[11] = DB_T(p->phone.hash);
    a[12] = DB_T(p->tags ? p->tags : "");
    a[13] = DB_I(now);
    a[14] = DB_I(now);
}

bool grid_household_insert(const Ctx *c, const HouseholdNew *h, GridErr *e)
{
    DbArg a[HOUSEHOLD_COLS + 1];
    household_args(a, h);
    a[HOUSEHOLD_COLS] = DB_END;
    return db_exec_args(c->db, HOUSEHOLD_INSERT HOUSEHOLD_ROW, a) || db_failed(c, e);
}

bool grid_person_insert(const Ctx *c, const PersonNew *p, int64_t *id_out, GridErr *e)
{
    DbArg a[PERSON_COLS + 1];
    person_args(a, p, c->now);
    a[PERSON_COLS] = DB_END;
    int64_t id = 0;
    if (!db_int_args(c->db, &id, PERSON_INSERT PERSON_ROW " RETURNING id", a) || id <= 0)
        return db_failed(c, e);
    if (id_out)
        *id_out = id;
    return true;
}

/* ---- many at once ------------------------------------------------------------ */

struct GridBulk {
    const Ctx *c;
    /* copies of the queued rows' texts, one arena per kind, each emptied
     * when its rows are written */
    Arena *flat_pool, *hh_pool, *person_pool;
    FlatRow flats[MANY];
    HouseholdNew hhs[MANY];
    PersonNew persons[MANY];
    int n_flats, n_hhs, n_persons;
    DbArg args[MANY * PERSON_COLS + 1];
};

GridBulk *grid_bulk_new(const Ctx *c)
{
    GridBulk *b = calloc(1, sizeof *b);
    if (!b)
        return NULL;
    b->c = c;
    b->flat_pool = arena_new();
    b->hh_pool = arena_new();
    b->person_pool = arena_new();
    if (!b->flat_pool || !b->hh_pool || !b->person_pool) {
        grid_bulk_free(b);
        return NULL;
    }
    return b;
}

void grid_bulk_free(GridBulk *b)
{
    if (!b)
        return;
    if (b->flat_pool)
        arena_free(b->flat_pool);
    if (b->hh_pool)
        arena_free(b->hh_pool);
    if (b->person_pool)
        arena_free(b->person_pool);
    free(b);
}

static bool flush_flats(GridBulk *b, GridErr *e)
{
    bool ok = flat_create_many(b->c->db, b->flats, b->n_flats, b->c->now);
    b->n_flats = 0;
    arena_reset(b->flat_pool);
    return ok || db_failed(b->c, e);
}

static bool flush_households(GridBulk *b, GridErr *e)
{
    /* the flats first: the households name them */
    if (!flush_flats(b, e))
        return false;
    bool ok = true;
    if (b->n_hhs == MANY) {
        for (int k = 0; k < MANY; k++)
            household_args(&b->args[k * HOUSEHOLD_COLS], &b->hhs[k]);
        b->args[MANY * HOUSEHOLD_COLS] = DB_END;
        ok = db_exec_args(b->c->db, HOUSEHOLD_INSERT HOUSEHOLD_ROWS16, b->args) || db_failed(b->c, e);
    } else {
        for (int k = 0; k < b->n_hhs && ok; k++)
            ok = grid_household_insert(b->c, &b->hhs[k], e);
    }
    b->n_hhs = 0;
    arena_reset(b->hh_pool);
    return ok;
}

static bool flush_persons(GridBulk *b, GridErr *e)
{
    bool ok = true;
    if (b->n_persons == MANY) {
        for (int k = 0; k < MANY; k++)
            person_args(&b->args[k * PERSON_COLS], &b->persons[k], b->c->now);
        b->args[MANY * PERSON_COLS] = DB_END;
        ok = db_exec_args(b->c->db, PERSON_INSERT PERSON_ROWS16, b->args) || db_failed(b->c, e);
    } else {
        /* the last few row by row, without asking their ids back */
        DbArg a[PERSON_COLS + 1];
        for (int k = 0; k < b->n_persons && ok; k++) {
            person_args(a, &b->persons[k], b->c->now);
            a[PERSON_COLS] = DB_END;
            ok = db_exec_args(b->c->db, PERSON_INSERT PERSON_ROW, a) || db_failed(b->c, e);
        }
    }
    b->n_persons = 0;
    arena_reset(b->person_pool);
    return ok;
}

bool grid_bulk_flat(GridBulk *b, const FlatRow *f, GridErr *e)
{
    FlatRow *q = &b->flats[b->n_flats++];
    *q = *f;
    q->door = arena_strdup(b->flat_pool, f->door);
    q->source = arena_strdup(b->flat_pool, f->source);
    return b->n_flats < MANY || flush_flats(b, e);
}

bool grid_bulk_household(GridBulk *b, const HouseholdNew *h, GridErr *e)
{
    Arena *a = b->hh_pool;
    HouseholdNew *q = &b->hhs[b->n_hhs++];
    *q = *h;
    q->door = arena_strdup(a, h->door);
    q->number = arena_strdup(a, h->number);
    q->address = arena_strdup(a, h->address);
    q->housing = arena_strdup(a, h->housing);
    q->note = arena_strdup(a, h->note);
    return b->n_hhs < MANY || flush_households(b, e);
}

static GridPii pii_copy(Arena *a, GridPii v)
{
    return (GridPii){arena_strdup(a, v.enc), arena_strdup(a, v.mask), arena_strdup(a, v.hash)};
}

bool grid_bulk_person(GridBulk *b, const PersonNew *p, GridErr *e)
{
    Arena *a = b->person_pool;
    PersonNew *q = &b->persons[b->n_persons++];
    *q = *p;
    q->name = arena_strdup(a, p->name);
    q->gender = arena_strdup(a, p->gender);
    q->residency = arena_strdup(a, p->residency);
    q->relation = arena_strdup(a, p->relation);
    q->tags = arena_strdup(a, p->tags);
    q->id = pii_copy(a, p->id);
    q->phone = pii_copy(a, p->phone);
    return b->n_persons < MANY || flush_persons(b, e);
}

bool grid_bulk_flush(GridBulk *b, GridErr *e)
{
    return flush_households(b, e) && flush_persons(b, e);
}
