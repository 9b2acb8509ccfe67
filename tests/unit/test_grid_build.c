/* test_grid_build.c: what the demo builds its community with, called with a
 * Ctx and no server: nodes with their paths set at the end, a compound, an
 * org, a shop with its sealed phone, owners linked to the residents with
 * their ID number, and an account through auth's user_insert; then what
 * the demo's later parts change through the models, each change audited:
 * an owner linked to the resident it is, an account set to act for an org. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "auth/audit.h"
#include "auth/read.h"
#include "auth/session.h"
#include "grid/build.h"
#include "grid/flat.h"
#include "grid/pii.h"
#include "grid/register.h"
#include "store/db.h"

#define NOW INT64_C(1704067200)
#define ID_NUMBER "11010519491231002X"

static char g_dir[64];
static Db *g_db;
static Arena *g_arena;

static int setup(void **state)
{
    (void)state;
    snprintf(g_dir, sizeof g_dir, "/tmp/gz-test-build-XXXXXX");
    if (!mkdtemp(g_dir))
        return -1;
    char key[128], url[160], err[256];
    snprintf(key, sizeof key, "%s/pii.key", g_dir);
    if (!pii_key_create(key, err, sizeof err) || !pii_key_load(key, err, sizeof err))
        return -1;
    snprintf(url, sizeof url, "sqlite:%s/t.db", g_dir);
    g_db = db_open(url, err, sizeof err);
    g_arena = arena_new();
    audit_key_set((const unsigned char[32]){1});
    return g_db && db_migrate(g_db, err, sizeof err) ? 0 : -1;
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

static const char *path_of(int64_t id)
{
    static char path[128];
    path[0] = '\0';
    DbStmt *st = db_query(g_db, "SELECT path FROM node WHERE id = ?", DB_I(id));
    if (db_step(st) == DB_ROW)
        snprintf(path, sizeof path, "%s", db_col_text(st, 0));
    return db_done(st) ? path : "(error)";
}

static void test_build(void **state)
{
    (void)state;
    Ctx c = {g_db, g_arena, NULL, NOW};
    GridErr e = {0};
    int64_t n = -1;
    assert_true(grid_build_node_count(&c, &n, &e));
    assert_int_equal(n, 0);

    /* a tree from the street to a household, paths set at the end */
    int64_t ids[8] = {0};
    static const char *const kinds[] = {"street", "community", "grid", "micro_grid",
                                        "compound", "building", "unit", "household"};
    for (int i = 0; i < 8; i++)
        assert_true(grid_build_node(&c, i ? ids[i - 1] : 0, kinds[i], kinds[i], i ? NULL : "510104017000", 1,
                                    &ids[i], &e));
    assert_string_equal(path_of(ids[7]), "");
    assert_true(grid_build_paths(&c, &e));
    char want[128];
    snprintf(want, sizeof want, "/%lld/%lld/%lld/%lld/%lld/%lld/%lld/%lld/", (long long)ids[0], (long long)ids[1],
             (long long)ids[2], (long long)ids[3], (long long)ids[4], (long long)ids[5], (long long)ids[6],
             (long long)ids[7]);
    assert_string_equal(path_of(ids[7]), want);
    assert_true(grid_build_node_count(&c, &n, &e));
    assert_int_equal(n, 8);

    assert_true(grid_build_compound(&c, ids[4], "property", 1998, "拱背桥25号", &e));
    assert_false(grid_build_compound(&c, ids[4], "property", 1998, "拱背桥25号", &e));
    assert_int_equal(e.msg, GM_DB_CONFLICT);

    int64_t org = 0;
    assert_true(grid_build_org(&c, "committee", "学道苑院委会", ids[4], 6, &org, &e));
    assert_true(org > 0);

    GridPii phone;
    assert_true(grid_pii_seal(&c, "13812345678", false, &phone, &e));
    ShopNew shop = {ids[4], "老王面馆", "food", "拱背桥25号附1号", "王", phone};
    assert_true(grid_build_shop(&c, &shop, &e));
    DbStmt *st = db_query(g_db, "SELECT name, phone_mask, phone_hash, created_at FROM shop WHERE node_id = ?",
                          DB_I(ids[4]));
    assert_int_equal(db_step(st), DB_ROW);
    assert_string_equal(db_col_text(st, 0), "老王面馆");
    assert_string_equal(db_col_text(st, 1), "138****5678");
    assert_string_equal(db_col_text(st, 2), phone.hash);
    assert_int_equal(db_col_int(st, 3), NOW);
    assert_true(db_done(st));
    /* a shop carries the compound at or above its node (its list's index),
     * none above every compound */
    ShopNew inside = {ids[6], "单元便利店", "shop", "拱背桥25号2单元", "李", phone};
    ShopNew above = {ids[2], "网格书亭", "shop", "拱背桥", "赵", phone};
    assert_true(grid_build_shop(&c, &inside, &e));
    assert_true(grid_build_shop(&c, &above, &e));
    int64_t compound = -1, none = -1;
    assert_true(db_int(g_db, &compound, "SELECT compound_id FROM shop WHERE node_id = ?", DB_I(ids[4])));
    assert_int_equal(compound, ids[4]);
    assert_true(db_int(g_db, &compound, "SELECT compound_id FROM shop WHERE node_id = ?", DB_I(ids[6])));
    assert_int_equal(compound, ids[4]);
    assert_true(db_int(g_db, &none, "SELECT COUNT(*) FROM shop WHERE node_id = ? AND compound_id IS NULL", DB_I(ids[2])));
    assert_int_equal(none, 1);

    /* an owner living elsewhere is linked to the resident with the same ID number */
    GridPii id;
    assert_true(grid_pii_seal(&c, ID_NUMBER, true, &id, &e));
    int64_t owner = 0, person = 0, found = -1;
    FlatPerson fp = {"王芳", id.hash, id.enc, id.mask, NULL, NULL, 0};
    assert_true(flat_owner_person_add(g_db, &fp, NOW, &owner));
    assert_true(grid_build_person_by_id_hash(&c, id.hash, &found, &e));
    assert_int_equal(found, 0);
    PersonNew p = {ids[7], "王芳", "F", 1949, "permanent", "户主", NULL, id, {0}};
    assert_true(grid_person_insert(&c, &p, &person, &e));
    assert_true(grid_build_person_by_id_hash(&c, id.hash, &found, &e));
    assert_int_equal(found, person);
    assert_true(grid_build_link_owners(&c, &e));
    int64_t linked = 0;
    assert_true(db_int(g_db, &linked, "SELECT person_id FROM owner WHERE id = ?", DB_I(owner)));
    assert_int_equal(linked, person);

    /* an account of that resident and committee, with a hash made already */
    int64_t users = -1, uid = 0;
    assert_true(auth_user_count(g_db, &users));
    assert_int_equal(users, 0);
    UserNew u = {"committee", "刘主任（院委会）", "$argon2id$not-checked-here", person, org, NOW};
    assert_true(user_insert(g_db, &u, &uid));
    assert_false(user_insert(g_db, &u, &uid));
    assert_int_equal(db_error_class(g_db), DB_ERR_CONSTRAINT);
    st = db_query(g_db, "SELECT person_id, org_id, lang, disabled, created_at FROM app_user WHERE username = ?",
                  DB_T("committee"));
    assert_int_equal(db_step(st), DB_ROW);
    assert_int_equal(db_col_int(st, 0), person);
    assert_int_equal(db_col_int(st, 1), org);
    assert_string_equal(db_col_text(st, 2), "zh");
    assert_int_equal(db_col_int(st, 3), 0);
    assert_int_equal(db_col_int(st, 4), NOW);
    assert_true(db_done(st));
    assert_true(auth_user_count(g_db, &users));
    assert_int_equal(users, 1);
}

static int64_t audit_count(const char *entity, int64_t id, const char *action)
{
    int64_t n = -1;
    assert_true(db_int(g_db, &n, "SELECT COUNT(*) FROM audit_event WHERE entity = ? AND entity_id = ? AND action = ?",
                       DB_T(entity), DB_I(id), DB_T(action)));
    return n;
}

static void test_link_owner_and_set_org(void **state)
{
    (void)state;
    Ctx c = {g_db, g_arena, NULL, NOW};
    GridErr e = {0};
    /* an owner registered without a person, and a resident registered later */
    int64_t street = 0, hh = 0, owner = 0, person = 0;
    assert_true(grid_build_node(&c, 0, "street", "另一街道", NULL, 2, &street, &e));
    assert_true(grid_build_node(&c, street, "household", "101", NULL, 1, &hh, &e));
    assert_true(grid_build_paths(&c, &e));
    FlatPerson fp = {"李明", "key-li-ming", NULL, NULL, NULL, NULL, 0};
    assert_true(flat_owner_person_add(g_db, &fp, NOW, &owner));
    PersonNew p = {hh, "李明", "M", 1960, "permanent", "户主", NULL, {0}, {0}};
    assert_true(grid_person_insert(&c, &p, &person, &e));

    bool linked = false;
    assert_true(grid_owner_link_person(&c, owner, person, &linked, &e));
    assert_true(linked);
    OwnerInfo o;
    assert_int_equal(grid_owner_get(&c, owner, &o), GRID_OK);
    assert_int_equal(o.person_id, person);
    assert_int_equal(audit_count("owner", owner, "link_person"), 1);
    /* an owner that has its person keeps it, and nothing is audited */
    assert_true(grid_owner_link_person(&c, owner, person + 1, &linked, &e));
    assert_false(linked);
    assert_int_equal(grid_owner_get(&c, owner, &o), GRID_OK);
    assert_int_equal(o.person_id, person);
    assert_int_equal(audit_count("owner", owner, "link_person"), 1);
    assert_true(grid_owner_link_person(&c, owner + 1000, person, &linked, &e));
    assert_false(linked);

    /* an account made to act for an org, and for none again */
    int64_t org = 0, uid = 0;
    assert_true(grid_build_org(&c, "contractor", "锦城管道疏通服务部", street, 0, &org, &e));
    UserNew u = {"contractor2", "吴工", "$argon2id$not-checked-here", 0, 0, NOW};
    assert_true(user_insert(g_db, &u, &uid));
    char err[128] = "";
    assert_true(user_set_org(g_db, "contractor2", org, err, sizeof err));
    UserInfo ui;
    assert_int_equal(auth_user_get(&c, uid, &ui), AUTH_OK);
    assert_int_equal(ui.org_id, org);
    assert_true(user_set_org(g_db, "contractor2", 0, err, sizeof err));
    assert_int_equal(auth_user_get(&c, uid, &ui), AUTH_OK);
    assert_int_equal(ui.org_id, 0);
    assert_int_equal(audit_count("user", uid, "set_org"), 2);
    assert_false(user_set_org(g_db, "nobody", org, err, sizeof err));
    assert_string_equal(err, "no user named 'nobody'");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_build),
        cmocka_unit_test(test_link_owner_and_set_org),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
