/* test_household.c: the one writer of household and person rows
 * (grid/household.c), called with a Ctx and no server: one row at a time
 * as the register and the import write them, and sixteen to a statement as
 * the demo does, with the same rows either way. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "grid/household.h"
#include "grid/pii.h"
#include "grid/register.h"
#include "grid/web.h"
#include "store/db.h"

#define NOW INT64_C(1704067200)
#define ID_NUMBER "11010519491231002X"

static char g_dir[64];
static Db *g_db;
static Arena *g_arena;
static int64_t g_unit, g_building, g_compound, g_grid;

static int64_t node(int64_t parent, const char *kind, const char *name)
{
    int64_t id = 0;
    if (!db_int(g_db, &id,
                "INSERT INTO node (parent_id, kind, name, path, sort, created_at, updated_at) "
                "VALUES (?, ?, ?, '', 0, ?, ?) RETURNING id",
                parent ? DB_I(parent) : DB_NULL, DB_T(kind), DB_T(name), DB_I(NOW), DB_I(NOW)))
        return 0;
    return id;
}

static int setup(void **state)
{
    (void)state;
    snprintf(g_dir, sizeof g_dir, "/tmp/gz-test-household-XXXXXX");
    if (!mkdtemp(g_dir))
        return -1;
    char key[128], url[160], err[256];
    snprintf(key, sizeof key, "%s/pii.key", g_dir);
    if (!pii_key_create(key, err, sizeof err) || !pii_key_load(key, err, sizeof err))
        return -1;
    snprintf(url, sizeof url, "sqlite:%s/t.db", g_dir);
    g_db = db_open(url, err, sizeof err);
    if (!g_db || !db_migrate(g_db, err, sizeof err))
        return -1;
    int64_t street = node(0, "street", "街道"), community = node(street, "community", "社区");
    g_grid = node(community, "grid", "第1网格");
    int64_t micro = node(g_grid, "micro_grid", "微网格");
    g_compound = node(micro, "compound", "学道苑");
    g_building = node(g_compound, "building", "1栋");
    g_unit = node(g_building, "unit", "1单元");
    g_arena = arena_new();
    return g_unit ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    db_close(g_db);
    arena_free(g_arena);
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf %s", g_dir);
    return system(cmd) == 0 ? 0 : -1;
}

static Ctx ctx(void)
{
    return (Ctx){g_db, g_arena, NULL, NOW};
}

/* Sealing: the register's mask, its keyed hash, and a ciphertext that opens
 * to the value; no value, no fields. */
static void test_seal(void **state)
{
    (void)state;
    Ctx c = ctx();
    GridErr e = {0};
    GridPii id, phone, none;
    assert_true(grid_pii_seal(&c, ID_NUMBER, true, &id, &e));
    assert_true(grid_pii_seal(&c, "13812345678", false, &phone, &e));
    assert_true(grid_pii_seal(&c, "", false, &none, &e));
    char hash[33];
    pii_hash(ID_NUMBER, hash);
    assert_string_equal(id.mask, "110105********002X");
    assert_string_equal(id.hash, hash);
    char *plain = pii_decrypt(id.enc);
    assert_non_null(plain);
    assert_string_equal(plain, ID_NUMBER);
    free(plain);
    assert_string_equal(phone.mask, "138****5678");
    assert_null(none.enc);
    assert_null(none.mask);
    assert_null(none.hash);
}

/* One household in the flat at its door, one person with an ID number and
 * no phone, read back as written. */
static void test_one_household_and_person(void **state)
{
    (void)state;
    Ctx c = ctx();
    GridErr e = {0};
    int64_t flat_id = 0, hh = node(g_unit, "household", "101");
    assert_true(flat_create(g_db, g_unit, g_compound, "101", 6025, "register", NOW, &flat_id));
    HouseholdNew h = {hh, g_unit, g_building, g_compound, g_grid, "101", NULL, "学道苑1栋1单元101", "owned", NULL};
    assert_true(grid_household_insert(&c, &h, &e));
    DbStmt *st = db_query(g_db, "SELECT flat_id, number, note, address, housing FROM household WHERE node_id = ?",
                          DB_I(hh));
    assert_int_equal(db_step(st), DB_ROW);
    assert_int_equal(db_col_int(st, 0), flat_id);
    assert_string_equal(db_col_text(st, 1), "");
    assert_string_equal(db_col_text(st, 2), "");
    assert_string_equal(db_col_text(st, 3), "学道苑1栋1单元101");
    assert_string_equal(db_col_text(st, 4), "owned");
    assert_true(db_done(st));

    GridPii id;
    assert_true(grid_pii_seal(&c, ID_NUMBER, true, &id, &e));
    PersonNew p = {hh, "王芳", "F", 1949, "permanent", NULL, NULL, id, {0}};
    int64_t pid = 0;
    assert_true(grid_person_insert(&c, &p, &pid, &e));
    assert_true(pid > 0);
    st = db_query(g_db,
                  "SELECT household_id, name, gender, birth_year, residency, relation, id_mask, id_hash, phone_enc, "
                  "phone_mask, phone_hash, tags, created_at, updated_at FROM person WHERE id = ?",
                  DB_I(pid));
    assert_int_equal(db_step(st), DB_ROW);
    assert_int_equal(db_col_int(st, 0), hh);
    assert_string_equal(db_col_text(st, 1), "王芳");
    assert_string_equal(db_col_text(st, 2), "F");
    assert_int_equal(db_col_int(st, 3), 1949);
    assert_string_equal(db_col_text(st, 4), "permanent");
    assert_string_equal(db_col_text(st, 5), "");
    assert_string_equal(db_col_text(st, 6), "110105********002X");
    assert_string_equal(db_col_text(st, 7), id.hash);
    assert_true(db_col_null(st, 8));
    assert_true(db_col_null(st, 9));
    assert_true(db_col_null(st, 10));
    assert_string_equal(db_col_text(st, 11), "");
    assert_int_equal(db_col_int(st, 12), NOW);
    assert_int_equal(db_col_int(st, 13), NOW);
    assert_true(db_done(st));
}

/* A second household row for the same node is the database's conflict: 409. */
static void test_conflict_is_409(void **state)
{
    (void)state;
    Ctx c = ctx();
    GridErr e = {0};
    int64_t flat_id = 0, hh = node(g_unit, "household", "102");
    assert_true(flat_create(g_db, g_unit, g_compound, "102", 0, "register", NOW, &flat_id));
    HouseholdNew h = {hh, g_unit, g_building, g_compound, g_grid, "102", "1", "学道苑1栋1单元102（户号1）", "rented",
                      "备注"};
    assert_true(grid_household_insert(&c, &h, &e));
    assert_false(grid_household_insert(&c, &h, &e));
    assert_int_equal(e.msg, GM_DB_CONFLICT);
    /* and without an error to fill, the same failure */
    assert_false(grid_household_insert(&c, &h, NULL));
}

/* The bulk writer: 20 flats, households and two persons each (one full
 * statement of 16 and 4 row by row, 32 persons in two statements and 8
 * alone), from texts that change after each call; ids in the order queued. */
static void test_bulk(void **state)
{
    (void)state;
    Ctx c = ctx();
    GridErr e = {0};
    GridBulk *b = grid_bulk_new(&c);
    assert_non_null(b);
    int64_t hh[20];
    for (int i = 0; i < 20; i++) {
        char door[16], address[64], name[16];
        snprintf(door, sizeof door, "%d", 201 + i);
        snprintf(address, sizeof address, "学道苑1栋1单元%s", door);
        hh[i] = node(g_unit, "household", door);
        FlatRow f = {g_unit, g_compound, door, i % 2 ? 0 : 5000 + i, NULL};
        HouseholdNew h = {hh[i], g_unit, g_building, g_compound, g_grid, door, NULL, address, "owned", NULL};
        assert_true(grid_bulk_flat(b, &f, &e));
        assert_true(grid_bulk_household(b, &h, &e));
        for (int k = 0; k < 2; k++) {
            snprintf(name, sizeof name, "住户%d-%d", i, k);
            GridPii phone;
            assert_true(grid_pii_seal(&c, k ? "13900001111" : "", false, &phone, &e));
            PersonNew p = {hh[i], name, k ? "M" : "F", 1980 + k, "floating", "子女", "lives_alone", {0}, phone};
            assert_true(grid_bulk_person(b, &p, &e));
        }
        memset(door, 'x', sizeof door - 1);
        memset(address, 'x', sizeof address - 1);
    }
    assert_true(grid_bulk_flush(b, &e));
    grid_bulk_free(b);
    for (int i = 0; i < 20; i++) {
        char door[16], name[16];
        snprintf(door, sizeof door, "%d", 201 + i);
        DbStmt *st = db_query(g_db,
                              "SELECT h.door, f.door, f.area FROM household h JOIN flat f ON f.id = h.flat_id "
                              "WHERE h.node_id = ?",
                              DB_I(hh[i]));
        assert_int_equal(db_step(st), DB_ROW);
        assert_string_equal(db_col_text(st, 0), door);
        assert_string_equal(db_col_text(st, 1), door);
        assert_int_equal(db_col_null(st, 2) ? 0 : db_col_int(st, 2), i % 2 ? 0 : 5000 + i);
        assert_true(db_done(st));
        st = db_query(g_db, "SELECT name, phone_mask, relation, tags FROM person WHERE household_id = ? ORDER BY id",
                      DB_I(hh[i]));
        for (int k = 0; k < 2; k++) {
            snprintf(name, sizeof name, "住户%d-%d", i, k);
            assert_int_equal(db_step(st), DB_ROW);
            assert_string_equal(db_col_text(st, 0), name);
            const char *mask = db_col_text(st, 1);
            assert_string_equal(mask ? mask : "(none)", k ? "139****1111" : "(none)");
            assert_string_equal(db_col_text(st, 2), "子女");
            assert_string_equal(db_col_text(st, 3), "lives_alone");
        }
        assert_int_equal(db_step(st), DB_DONE);
        assert_true(db_done(st));
    }
    /* persons went in the order queued: ids rise with households */
    int64_t out_of_order = -1;
    assert_true(db_int(g_db, &out_of_order,
                       "SELECT COUNT(*) FROM person a JOIN person b ON a.id < b.id WHERE a.household_id > b.household_id"));
    assert_int_equal(out_of_order, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_seal),
        cmocka_unit_test(test_one_household_and_person),
        cmocka_unit_test(test_conflict_is_409),
        cmocka_unit_test(test_bulk),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
