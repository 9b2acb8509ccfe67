/* test_demo.c: the demo community has 合江亭社区's real figures, valid synthetic ID numbers, its accounts, and is deterministic from its seed. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "auth/audit.h"
#include "auth/session.h"
#include "demo/demo.h"
#include "grid/pii.h"
#include "store/db.h"

static char g_dir[64];
static Db *g_db;       /* seed 1, built once for every test */
static double g_build_seconds;

static double now_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

/* Opens a new migrated SQLite database in the temp dir and builds the demo
 * into it with one write transaction, as `gongzhi demo` does. */
static Db *build_db(const char *file, uint64_t seed, DemoStats *st, double *seconds)
{
    char url[160], err[256] = "";
    snprintf(url, sizeof url, "sqlite:%s/%s", g_dir, file);
    Db *db = db_open(url, err, sizeof err);
    if (!db) {
        fprintf(stderr, "db_open: %s\n", err);
        return NULL;
    }
    if (!db_migrate(db, err, sizeof err) || !audit_chain_keyed(db)) {
        fprintf(stderr, "db_migrate: %s\n", err);
        db_close(db);
        return NULL;
    }
    double t0 = now_seconds();
    bool ok = db_begin(db, true) && demo_build(db, seed, st, err, sizeof err);
    if (ok)
        ok = db_commit(db);
    else
        db_rollback(db);
    if (seconds)
        *seconds = now_seconds() - t0;
    if (!ok) {
        fprintf(stderr, "demo_build: %s\n", err);
        db_close(db);
        return NULL;
    }
    return db;
}

static int setup(void **state)
{
    snprintf(g_dir, sizeof g_dir, "/tmp/gz-test-demo-XXXXXX");
    if (!mkdtemp(g_dir))
        return -1;
    char key[128], err[256];
    snprintf(key, sizeof key, "%s/pii.key", g_dir);
    if (!pii_key_create(key, err, sizeof err) || !pii_key_load(key, err, sizeof err)) {
        fprintf(stderr, "pii key: %s\n", err);
        return -1;
    }
    DemoStats st;
    g_db = build_db("demo1.db", 1, &st, &g_build_seconds);
    if (!g_db)
        return -1;
    printf("demo_build (seed 1, SQLite): %.2f s; %d compounds, %d buildings, %d units, %d households, "
           "%d persons, %d owners, %d shops, %d orgs, %d users\n",
           g_build_seconds, st.compounds, st.buildings, st.units, st.households, st.persons, st.owners, st.shops,
           st.orgs, st.users);
    return 0;
}

static int teardown(void **state)
{
    db_close(g_db);
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", g_dir);
    return system(cmd) == 0 ? 0 : -1;
}

static int64_t count(const char *sql_kind)
{
    int64_t n = -1;
    assert_true(db_int(g_db, &n, "SELECT COUNT(*) FROM node WHERE kind = ?", DB_T(sql_kind)));
    return n;
}

/* Reads a setting into out; false when it is missing. */
static bool setting(Db *db, const char *key, char *out, size_t outlen)
{
    DbStmt *st = db_query(db, "SELECT value FROM setting WHERE key = ?", DB_T(key));
    bool found = false;
    if (db_step(st) == DB_ROW) {
        snprintf(out, outlen, "%s", db_col_text(st, 0));
        found = true;
    }
    db_done(st);
    return found;
}

static int pilot_ids(int64_t ids[3])
{
    char v[128];
    if (!setting(g_db, "pilot_compound_ids", v, sizeof v))
        return 0;
    int n = 0;
    for (char *s = v; *s && n < 3;) {
        ids[n++] = strtoll(s, &s, 10);
        if (*s == ',')
            s++;
    }
    return n;
}

static void the_community_has_its_real_size(void **state)
{
    int64_t n;
    assert_int_equal(count("street"), 1);
    assert_int_equal(count("community"), 1);
    assert_int_equal(count("grid"), 11);
    assert_int_equal(count("compound"), 38);
    assert_int_equal(count("household"), 7053);
    assert_true(db_int(g_db, &n, "SELECT COUNT(*) FROM household"));
    assert_int_equal(n, 7053);
    assert_true(db_int(g_db, &n, "SELECT COUNT(*) FROM compound WHERE managed_by = 'property'"));
    assert_int_equal(n, 14);
    assert_true(db_int(g_db, &n, "SELECT COUNT(*) FROM compound WHERE built_year BETWEEN 1980 AND 2000"));
    assert_int_equal(n, 38);
    assert_true(db_int(g_db, &n, "SELECT COUNT(*) FROM person"));
    assert_int_equal(n, 17422);
    assert_true(db_int(g_db, &n, "SELECT COUNT(*) FROM person WHERE residency = 'floating'"));
    assert_int_equal(n, 12113);
    assert_true(db_int(g_db, &n, "SELECT COUNT(*) FROM shop"));
    assert_int_equal(n, 310);
    assert_true(db_int(g_db, &n, "SELECT COUNT(*) FROM org WHERE kind = 'resident_group'"));
    assert_int_equal(n, 13);
    assert_true(db_int(g_db, &n, "SELECT COUNT(*) FROM org WHERE kind = 'party_branch'"));
    assert_int_equal(n, 10);
    assert_true(db_int(g_db, &n, "SELECT SUM(members) FROM org WHERE kind = 'party_branch'"));
    assert_int_equal(n, 496);
    assert_true(db_int(g_db, &n, "SELECT COUNT(*) FROM org WHERE kind = 'property_company'"));
    assert_int_equal(n, 14);
    /* Each property company sits on a property-managed compound. */
    assert_true(db_int(g_db, &n,
                       "SELECT COUNT(*) FROM org o JOIN compound c ON c.node_id = o.node_id "
                       "WHERE o.kind = 'property_company' AND c.managed_by = 'property'"));
    assert_int_equal(n, 14);
    /* Compound sizes stay in the plausible 60..400 range outside the pilot. */
    assert_true(db_int(g_db, &n,
                       "SELECT COUNT(*) FROM (SELECT compound_id, COUNT(*) AS k FROM household "
                       "GROUP BY compound_id) t WHERE k > 400"));
    assert_int_equal(n, 0);
}

static void the_tree_is_well_formed(void **state)
{
    int64_t n;
    /* Every path is the parent's path plus the node's own id. */
    assert_true(db_int(g_db, &n,
                       "SELECT COUNT(*) FROM node c JOIN node p ON p.id = c.parent_id "
                       "WHERE c.path <> p.path || CAST(c.id AS TEXT) || '/'"));
    assert_int_equal(n, 0);
    assert_true(db_int(g_db, &n, "SELECT COUNT(*) FROM node WHERE parent_id IS NULL AND path <> '/' || CAST(id AS TEXT) || '/'"));
    assert_int_equal(n, 0);
    /* Each kind's parent is the kind above it. */
    assert_true(db_int(g_db, &n,
                       "SELECT COUNT(*) FROM node c JOIN node p ON p.id = c.parent_id WHERE NOT ("
                       "(c.kind = 'community' AND p.kind = 'street') OR (c.kind = 'grid' AND p.kind = 'community') OR "
                       "(c.kind = 'micro_grid' AND p.kind = 'grid') OR (c.kind = 'compound' AND p.kind = 'micro_grid') OR "
                       "(c.kind = 'building' AND p.kind = 'compound') OR (c.kind = 'unit' AND p.kind = 'building') OR "
                       "(c.kind = 'household' AND p.kind = 'unit'))"));
    assert_int_equal(n, 0);
    /* household's copied ancestors match the tree. */
    assert_true(db_int(g_db, &n,
                       "SELECT COUNT(*) FROM household h JOIN node hn ON hn.id = h.node_id "
                       "JOIN node u ON u.id = hn.parent_id JOIN node b ON b.id = u.parent_id "
                       "JOIN node c ON c.id = b.parent_id JOIN node m ON m.id = c.parent_id "
                       "WHERE h.unit_id <> u.id OR h.building_id <> b.id OR h.compound_id <> c.id OR h.grid_id <> m.parent_id"));
    assert_int_equal(n, 0);
    /* Micro-grids hold 1..3 compounds, grids 2..5 micro-grids. */
    assert_true(db_int(g_db, &n,
                       "SELECT COUNT(*) FROM (SELECT m.id, COUNT(c.id) AS k FROM node m LEFT JOIN node c ON c.parent_id = m.id "
                       "WHERE m.kind = 'micro_grid' GROUP BY m.id) t WHERE k < 1 OR k > 3"));
    assert_int_equal(n, 0);
    assert_true(db_int(g_db, &n,
                       "SELECT COUNT(*) FROM (SELECT g.id, COUNT(m.id) AS k FROM node g LEFT JOIN node m ON m.parent_id = g.id "
                       "WHERE g.kind = 'grid' GROUP BY g.id) t WHERE k < 2 OR k > 5"));
    assert_int_equal(n, 0);
    char code[32] = "";
    DbStmt *st = db_query(g_db, "SELECT code FROM node WHERE kind = 'community'");
    assert_int_equal(db_step(st), DB_ROW);
    snprintf(code, sizeof code, "%s", db_col_text(st, 0));
    db_done(st);
    assert_string_equal(code, "510104017003");
    /* Addresses are unique. */
    assert_true(db_int(g_db, &n, "SELECT COUNT(*) - COUNT(DISTINCT address) FROM household"));
    assert_int_equal(n, 0);
}

static void the_pilot_is_xuedaoyuan(void **state)
{
    int64_t ids[3], n;
    assert_int_equal(pilot_ids(ids), 3);
    static const char *const names[3] = {"学道苑·东南里7号", "学道苑·拱背桥25号1栋", "学道苑·拱背桥25号2栋"};
    int64_t grid = 0;
    for (int i = 0; i < 3; i++) {
        DbStmt *st = db_query(g_db,
                              "SELECT c.name, g.name, g.id, m.id FROM node c JOIN node m ON m.id = c.parent_id "
                              "JOIN node g ON g.id = m.parent_id WHERE c.id = ? AND c.kind = 'compound'",
                              DB_I(ids[i]));
        assert_int_equal(db_step(st), DB_ROW);
        assert_string_equal(db_col_text(st, 0), names[i]);
        assert_string_equal(db_col_text(st, 1), "第8网格");
        if (i == 0)
            grid = db_col_int(st, 2);
        assert_int_equal(db_col_int(st, 2), grid);
        db_done(st);
    }
    /* 第8网格: exactly the three pilot compounds, one micro-grid each. */
    assert_true(db_int(g_db, &n, "SELECT COUNT(*) FROM node WHERE parent_id = ? AND kind = 'micro_grid'", DB_I(grid)));
    assert_int_equal(n, 3);
    assert_true(db_int(g_db, &n, "SELECT COUNT(*) FROM household WHERE grid_id = ?", DB_I(grid)));
    assert_int_equal(n, 139);
    assert_true(db_int(g_db, &n, "SELECT COUNT(*) FROM household WHERE compound_id IN (?, ?, ?)", DB_I(ids[0]),
                       DB_I(ids[1]), DB_I(ids[2])));
    assert_int_equal(n, 139);
    assert_true(db_int(g_db, &n,
                       "SELECT COUNT(*) FROM node u JOIN node b ON b.id = u.parent_id "
                       "WHERE u.kind = 'unit' AND b.parent_id IN (?, ?, ?)",
                       DB_I(ids[0]), DB_I(ids[1]), DB_I(ids[2])));
    assert_int_equal(n, 10);
    assert_true(db_int(g_db, &n,
                       "SELECT COUNT(*) FROM person p JOIN household h ON h.node_id = p.household_id "
                       "WHERE h.compound_id IN (?, ?, ?)",
                       DB_I(ids[0]), DB_I(ids[1]), DB_I(ids[2])));
    assert_int_equal(n, 384);
    /* About 60 m² a flat. */
    assert_true(db_int(g_db, &n,
                       "SELECT COUNT(*) FROM flat WHERE compound_id IN (?, ?, ?) AND (area < 5600 OR area > 6500)",
                       DB_I(ids[0]), DB_I(ids[1]), DB_I(ids[2])));
    assert_int_equal(n, 0);
    /* Mostly middle-aged and old: more than half aged 45..85 in 2024. */
    assert_true(db_int(g_db, &n,
                       "SELECT COUNT(*) FROM person p JOIN household h ON h.node_id = p.household_id "
                       "WHERE h.compound_id IN (?, ?, ?) AND p.birth_year BETWEEN 1939 AND 1979",
                       DB_I(ids[0]), DB_I(ids[1]), DB_I(ids[2])));
    assert_true(n * 2 > 384);
    /* A pilot address reads as compound, building, unit, door. */
    assert_true(db_int(g_db, &n, "SELECT COUNT(*) FROM household WHERE address = ?", DB_T("学道苑·东南里7号1栋2单元301")));
    assert_int_equal(n, 1);
    assert_true(db_int(g_db, &n, "SELECT COUNT(*) FROM household WHERE address = ?", DB_T("学道苑·拱背桥25号1栋1单元101")));
    assert_int_equal(n, 1);
    /* One committee per pilot compound. */
    assert_true(db_int(g_db, &n, "SELECT COUNT(*) FROM org WHERE kind = 'committee' AND node_id IN (?, ?, ?)",
                       DB_I(ids[0]), DB_I(ids[1]), DB_I(ids[2])));
    assert_int_equal(n, 3);
}

static void every_id_number_is_valid_and_masked(void **state)
{
    DbStmt *st = db_query(g_db, "SELECT id_enc, id_mask, id_hash, birth_year, gender, phone_enc, phone_mask FROM person");
    int rows = 0, phones = 0;
    while (db_step(st) == DB_ROW) {
        rows++;
        char *id = pii_decrypt(db_col_text(st, 0));
        assert_non_null(id);
        assert_true(pii_id_valid(id));
        char mask[19], hash[33];
        pii_mask_id(id, mask);
        assert_string_equal(mask, db_col_text(st, 1));
        pii_hash(id, hash);
        assert_string_equal(hash, db_col_text(st, 2));
        /* The birth date in the number is in the person's birth year, and
         * the sequence's parity is the person's gender. */
        char year[5];
        memcpy(year, id + 6, 4);
        year[4] = '\0';
        assert_int_equal(atoi(year), db_col_int(st, 3));
        bool male = (id[16] - '0') % 2 == 1;
        assert_string_equal(db_col_text(st, 4), male ? "M" : "F");
        free(id);
        if (!db_col_null(st, 5)) {
            char *phone = pii_decrypt(db_col_text(st, 5));
            assert_non_null(phone);
            assert_true(pii_phone_valid(phone));
            assert_true(phone[1] >= '3' && phone[1] <= '9');
            char pm[32];
            pii_mask_phone(phone, pm);
            assert_string_equal(pm, db_col_text(st, 6));
            free(phone);
            phones++;
        }
    }
    assert_true(db_done(st));
    assert_int_equal(rows, 17422);
    assert_true(phones > 12000 && phones < rows);
    int64_t n;
    assert_true(db_int(g_db, &n, "SELECT COUNT(*) - COUNT(DISTINCT id_hash) FROM person"));
    assert_int_equal(n, 0);
}

static void households_have_areas_and_owners(void **state)
{
    int64_t n;
    /* One flat per household, each with its one area. */
    assert_true(db_int(g_db, &n, "SELECT COUNT(*) FROM flat WHERE area IS NULL OR area <= 0"));
    assert_int_equal(n, 0);
    assert_true(db_int(g_db, &n, "SELECT COUNT(*) FROM flat"));
    assert_int_equal(n, 7053);
    /* Every owned household's flat has exactly one owner, a member of it. */
    assert_true(db_int(g_db, &n,
                       "SELECT COUNT(*) FROM household h WHERE h.housing = 'owned' AND "
                       "(SELECT COUNT(*) FROM ownership s JOIN owner o ON o.id = s.owner_id JOIN person p ON p.id = o.person_id "
                       "WHERE s.flat_id = h.flat_id AND p.household_id = h.node_id) <> 1"));
    assert_int_equal(n, 0);
    /* Public housing has no owner on the register: those flats count as unknown owners in a vote. */
    assert_true(db_int(g_db, &n,
                       "SELECT COUNT(*) FROM household h WHERE h.housing = 'public' AND "
                       "EXISTS (SELECT 1 FROM ownership s WHERE s.flat_id = h.flat_id)"));
    assert_int_equal(n, 0);
    assert_true(db_int(g_db, &n, "SELECT COUNT(*) FROM flat f WHERE NOT EXISTS (SELECT 1 FROM ownership s WHERE s.flat_id = f.id)"));
    assert_true(n > 0);
    /* Some people own two or three flats, as one owner; nobody more. */
    assert_true(db_int(g_db, &n,
                       "SELECT COUNT(*) FROM (SELECT s.owner_id FROM ownership s JOIN owner o ON o.id = s.owner_id "
                       "WHERE o.kind = 'person' GROUP BY s.owner_id HAVING COUNT(*) >= 2) t"));
    assert_true(n > 0);
    assert_true(db_int(g_db, &n,
                       "SELECT COUNT(*) FROM (SELECT s.owner_id FROM ownership s JOIN owner o ON o.id = s.owner_id "
                       "WHERE o.kind = 'person' GROUP BY s.owner_id HAVING COUNT(*) > 3) t"));
    assert_int_equal(n, 0);
    /* Some owners live outside the register. */
    assert_true(db_int(g_db, &n, "SELECT COUNT(*) FROM owner WHERE kind = 'person' AND person_id IS NULL"));
    assert_true(n > 0);
    /* The developer's unsold flats: one compound, vacant, one named owner of that compound. */
    assert_true(db_int(g_db, &n,
                       "SELECT COUNT(DISTINCT h.compound_id) FROM owner o JOIN ownership s ON s.owner_id = o.id "
                       "JOIN household h ON h.flat_id = s.flat_id "
                       "WHERE o.kind = 'developer' AND o.name = '成都锦华置业有限公司' AND o.compound_id = h.compound_id "
                       "AND h.housing = 'vacant'"));
    assert_int_equal(n, 1);
    assert_true(db_int(g_db, &n, "SELECT COUNT(*) FROM owner WHERE kind = 'developer'"));
    assert_int_equal(n, 1);
    assert_true(db_int(g_db, &n,
                       "SELECT COUNT(*) FROM ownership s JOIN owner o ON o.id = s.owner_id WHERE o.kind = 'developer'"));
    assert_true(n >= 2);
    int64_t ids[3];
    assert_int_equal(pilot_ids(ids), 3);
    /* Every pilot flat has an owner to vote. */
    assert_true(db_int(g_db, &n,
                       "SELECT COUNT(DISTINCT f.id) FROM flat f JOIN ownership s ON s.flat_id = f.id "
                       "WHERE f.compound_id IN (?, ?, ?)",
                       DB_I(ids[0]), DB_I(ids[1]), DB_I(ids[2])));
    assert_int_equal(n, 139);
    /* Vacant flats have nobody in them. */
    assert_true(db_int(g_db, &n,
                       "SELECT COUNT(*) FROM person p JOIN household h ON h.node_id = p.household_id WHERE h.housing = 'vacant'"));
    assert_int_equal(n, 0);
    /* Lives-alone people are 70+ and alone. */
    assert_true(db_int(g_db, &n,
                       "SELECT COUNT(*) FROM person p WHERE p.tags LIKE '%lives_alone%' AND (p.birth_year > 1954 OR "
                       "(SELECT COUNT(*) FROM person q WHERE q.household_id = p.household_id) <> 1)"));
    assert_int_equal(n, 0);
    assert_true(db_int(g_db, &n, "SELECT COUNT(*) FROM person WHERE tags LIKE '%lives_alone%'"));
    assert_true(n > 50);
}

static void the_demo_accounts_exist_with_their_roles(void **state)
{
    assert_int_equal(g_n_demo_accounts, 15);
    for (int i = 0; i < g_n_demo_accounts; i++) {
        int64_t n = 0;
        assert_true(db_int(g_db, &n,
                           "SELECT COUNT(*) FROM app_user u JOIN role_grant g ON g.user_id = u.id "
                           "WHERE u.username = ? AND g.role = ?",
                           DB_T(g_demo_accounts[i].username), DB_T(g_demo_accounts[i].role)));
        assert_int_equal(n, 1);
    }
    static const char *const fixed[] = {"admin", "staff", "grid8", "resident", "resident_other"};
    for (size_t i = 0; i < sizeof fixed / sizeof fixed[0]; i++) {
        int64_t n = 0;
        assert_true(db_int(g_db, &n, "SELECT COUNT(*) FROM app_user WHERE username = ?", DB_T(fixed[i])));
        assert_int_equal(n, 1);
    }
    /* The password is "demo". */
    DbStmt *st = db_query(g_db, "SELECT pw_hash FROM app_user WHERE username = 'resident'");
    assert_int_equal(db_step(st), DB_ROW);
    char hash[160];
    snprintf(hash, sizeof hash, "%s", db_col_text(st, 0));
    db_done(st);
    assert_true(password_verify(hash, "demo"));
    assert_false(password_verify(hash, "wrong"));

    int64_t ids[3], n;
    assert_int_equal(pilot_ids(ids), 3);
    /* resident: the head of a household in 学道苑·东南里7号, granted on it. */
    assert_true(db_int(g_db, &n,
                       "SELECT COUNT(*) FROM app_user u JOIN role_grant g ON g.user_id = u.id "
                       "JOIN person p ON p.id = u.person_id JOIN household h ON h.node_id = g.node_id "
                       "WHERE u.username = 'resident' AND p.household_id = h.node_id AND p.relation = '户主' "
                       "AND h.compound_id = ?",
                       DB_I(ids[0])));
    assert_int_equal(n, 1);
    /* resident_other: a household outside the pilot, in another grid. */
    assert_true(db_int(g_db, &n,
                       "SELECT COUNT(*) FROM app_user u JOIN role_grant g ON g.user_id = u.id "
                       "JOIN person p ON p.id = u.person_id JOIN household h ON h.node_id = g.node_id "
                       "JOIN node gr ON gr.id = h.grid_id "
                       "WHERE u.username = 'resident_other' AND p.household_id = h.node_id "
                       "AND h.compound_id NOT IN (?, ?, ?) AND gr.name <> '第8网格'",
                       DB_I(ids[0]), DB_I(ids[1]), DB_I(ids[2])));
    assert_int_equal(n, 1);
    /* grid8 on 第8网格, committee on 东南里7号, property on a property-managed compound. */
    assert_true(db_int(g_db, &n,
                       "SELECT COUNT(*) FROM app_user u JOIN role_grant g ON g.user_id = u.id "
                       "JOIN node x ON x.id = g.node_id WHERE u.username = 'grid8' AND x.name = '第8网格'"));
    assert_int_equal(n, 1);
    assert_true(db_int(g_db, &n,
                       "SELECT COUNT(*) FROM app_user u JOIN role_grant g ON g.user_id = u.id "
                       "WHERE u.username = 'committee' AND g.node_id = ?",
                       DB_I(ids[0])));
    assert_int_equal(n, 1);
    assert_true(db_int(g_db, &n,
                       "SELECT COUNT(*) FROM app_user u JOIN role_grant g ON g.user_id = u.id "
                       "JOIN compound c ON c.node_id = g.node_id JOIN org o ON o.id = u.org_id "
                       "WHERE u.username = 'property' AND c.managed_by = 'property' AND o.node_id = c.node_id"));
    assert_int_equal(n, 1);
    /* microgrid8 holds the micro-grid above 东南里7号, bldghead its 1栋. */
    assert_true(db_int(g_db, &n,
                       "SELECT COUNT(*) FROM app_user u JOIN role_grant g ON g.user_id = u.id "
                       "JOIN node c ON c.parent_id = g.node_id WHERE u.username = 'microgrid8' AND c.id = ?",
                       DB_I(ids[0])));
    assert_int_equal(n, 1);
    assert_true(db_int(g_db, &n,
                       "SELECT COUNT(*) FROM app_user u JOIN role_grant g ON g.user_id = u.id "
                       "JOIN node b ON b.id = g.node_id WHERE u.username = 'bldghead' AND b.parent_id = ? "
                       "AND b.name = '1栋'",
                       DB_I(ids[0])));
    assert_int_equal(n, 1);
}

static void settings_and_the_audit_events_of_the_grants_and_the_build_are_written(void **state)
{
    char v[64];
    assert_true(setting(g_db, "demo_seed", v, sizeof v));
    assert_string_equal(v, "1");
    assert_true(setting(g_db, "community_node_id", v, sizeof v));
    int64_t n;
    assert_true(db_int(g_db, &n, "SELECT COUNT(*) FROM node WHERE id = ? AND name = '合江亭社区'", DB_I(atoll(v))));
    assert_int_equal(n, 1);
    /* the chain's opening, one event per demo account's grant (the demo
     * grants through auth's model, which audits each), and the build */
    int64_t grants;
    assert_true(db_int(g_db, &grants, "SELECT COUNT(*) FROM role_grant"));
    assert_true(grants >= 15);
    assert_true(db_int(g_db, &n, "SELECT COUNT(*) FROM audit_event WHERE entity = 'user' AND action = 'grant'"));
    assert_int_equal(n, grants);
    assert_true(db_int(g_db, &n, "SELECT COUNT(*) FROM audit_event"));
    assert_int_equal(n, grants + 2);
    assert_true(db_int(g_db, &n, "SELECT seq FROM audit_event WHERE entity = 'audit' AND action = 'chain_keyed'"));
    assert_int_equal(n, 1);
    DbStmt *st = db_query(g_db, "SELECT after_json FROM audit_event WHERE entity = 'demo' AND action = 'build'");
    assert_int_equal(db_step(st), DB_ROW);
    assert_non_null(strstr(db_col_text(st, 0), "\"households\":7053"));
    db_done(st);
}

static uint64_t fnv(uint64_t h, const char *s)
{
    for (; s && *s; s++)
        h = (h ^ (unsigned char)*s) * UINT64_C(1099511628211);
    return (h ^ 0xff) * UINT64_C(1099511628211);
}

/* A digest of what a visitor sees, in a fixed order, in SQL both backends run. */
static uint64_t digest(Db *db)
{
    uint64_t h = UINT64_C(1469598103934665603);
    DbStmt *st = db_query(db,
                          "SELECT n.name, f.area, h.door, h.address, h.housing FROM household h "
                          "JOIN node n ON n.id = h.node_id JOIN flat f ON f.id = h.flat_id ORDER BY h.node_id");
    while (db_step(st) == DB_ROW)
        for (int c = 0; c < 5; c++)
            h = fnv(h, db_col_text(st, c));
    assert_true(db_done(st));
    st = db_query(db, "SELECT name, birth_year, residency, relation, tags, id_mask FROM person ORDER BY id");
    while (db_step(st) == DB_ROW)
        for (int c = 0; c < 6; c++)
            h = fnv(h, db_col_text(st, c));
    assert_true(db_done(st));
    return h;
}

static void the_same_seed_builds_the_same_community(void **state)
{
    double secs = 0;
    Db *again = build_db("demo1b.db", 1, NULL, &secs);
    assert_non_null(again);
    assert_true(digest(g_db) == digest(again));
    db_close(again);
    Db *other = build_db("demo2.db", 2, NULL, &secs);
    assert_non_null(other);
    assert_true(digest(g_db) != digest(other));
    int64_t n;
    assert_true(db_int(other, &n, "SELECT COUNT(*) FROM household"));
    assert_int_equal(n, 7053);
    db_close(other);
}

static void a_second_build_into_the_same_database_is_refused(void **state)
{
    char err[256] = "";
    int64_t before = 0, after = 0;
    assert_true(db_int(g_db, &before, "SELECT COUNT(*) FROM person"));
    assert_true(db_begin(g_db, true));
    assert_false(demo_build(g_db, 1, NULL, err, sizeof err));
    db_rollback(g_db);
    assert_non_null(strstr(err, "not empty"));
    assert_true(db_int(g_db, &after, "SELECT COUNT(*) FROM person"));
    assert_int_equal(before, after);
}

/* With GZ_TEST_PG_URL naming an empty PostgreSQL database, the same seed
 * builds the same community there (skipped otherwise). */
static void it_builds_the_same_on_postgresql(void **state)
{
    const char *url = getenv("GZ_TEST_PG_URL");
    if (!url || !*url) {
        printf("GZ_TEST_PG_URL not set: PostgreSQL build skipped\n");
        skip();
    }
    char err[256] = "";
    Db *db = db_open(url, err, sizeof err);
    if (!db)
        fail_msg("db_open %s: %s", url, err);
    if (!db_migrate(db, err, sizeof err))
        fail_msg("db_migrate: %s", err);
    double t0 = now_seconds();
    bool ok = db_begin(db, true) && demo_build(db, 1, NULL, err, sizeof err);
    if (ok)
        ok = db_commit(db);
    else
        db_rollback(db);
    double secs = now_seconds() - t0;
    if (!ok)
        fail_msg("demo_build on PostgreSQL: %s", err);
    printf("demo_build (seed 1, PostgreSQL): %.2f s\n", secs);
    int64_t n;
    assert_true(db_int(db, &n, "SELECT COUNT(*) FROM household"));
    assert_int_equal(n, 7053);
    assert_true(db_int(db, &n, "SELECT COUNT(*) FROM person WHERE residency = 'floating'"));
    assert_int_equal(n, 12113);
    assert_true(db_int(db, &n,
                       "SELECT COUNT(*) FROM node c JOIN node p ON p.id = c.parent_id "
                       "WHERE c.path <> p.path || CAST(c.id AS TEXT) || '/'"));
    assert_int_equal(n, 0);
    assert_true(db_int(db, &n, "SELECT COUNT(*) FROM role_grant"));
    assert_int_equal(n, g_n_demo_accounts);
    assert_true(digest(db) == digest(g_db));
    db_close(db);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(the_community_has_its_real_size),
        cmocka_unit_test(the_tree_is_well_formed),
        cmocka_unit_test(the_pilot_is_xuedaoyuan),
        cmocka_unit_test(every_id_number_is_valid_and_masked),
        cmocka_unit_test(households_have_areas_and_owners),
        cmocka_unit_test(the_demo_accounts_exist_with_their_roles),
        cmocka_unit_test(settings_and_the_audit_events_of_the_grants_and_the_build_are_written),
        cmocka_unit_test(the_same_seed_builds_the_same_community),
        cmocka_unit_test(a_second_build_into_the_same_database_is_refused),
        cmocka_unit_test(it_builds_the_same_on_postgresql),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
