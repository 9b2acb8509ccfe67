/* test_grid_read.c: the read functions other capabilities use instead of
 * SQL on the grid's and auth's tables (grid/read.h, auth/read.h), on a real
 * (temporary) SQLite database with a small community. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "auth/read.h"
#include "core/arena.h"
#include "grid/grid.h"
#include "grid/read.h"
#include "store/db.h"

static char g_dir[64];
static Db *g_db;
static Arena *g_arena;
static Ctx g_c;

/* community 1 / grid 2 / compound 3 (buildings 4 "1栋" sort 2 and 9 "2栋"
 * sort 1; unit 5 under 4 with households 6 and 7 at flat 1 and 8 at flat 2)
 * and compound 10. */
static const char *const g_seed[] = {
    "INSERT INTO node (id, parent_id, kind, name, path, sort, created_at, updated_at) VALUES "
    "(1, NULL, 'community', '社区', '/1/', 0, 0, 0), (2, 1, 'grid', '一网格', '/1/2/', 0, 0, 0), "
    "(3, 2, 'compound', '甲苑', '/1/2/3/', 0, 0, 0), (4, 3, 'building', '1栋', '/1/2/3/4/', 2, 0, 0), "
    "(9, 3, 'building', '2栋', '/1/2/3/9/', 1, 0, 0), (5, 4, 'unit', '1单元', '/1/2/3/4/5/', 0, 0, 0), "
    "(6, 5, 'household', '101', '/1/2/3/4/5/6/', 0, 0, 0), "
    "(7, 5, 'household', '101（户号2）', '/1/2/3/4/5/7/', 0, 0, 0), "
    "(8, 5, 'household', '102', '/1/2/3/4/5/8/', 0, 0, 0), (10, 2, 'compound', '乙苑', '/1/2/10/', 0, 0, 0)",
    "INSERT INTO flat (id, unit_id, compound_id, door, area, created_at) VALUES "
    "(1, 5, 3, '101', 6025, 0), (2, 5, 3, '102', NULL, 0)",
    "INSERT INTO household (node_id, flat_id, number, unit_id, building_id, compound_id, grid_id, door, address, "
    "housing) VALUES (6, 1, '', 5, 4, 3, 2, '101', '甲苑1栋1单元101', 'owned'), "
    "(7, 1, '2', 5, 4, 3, 2, '101', '甲苑1栋1单元101（户号2）', 'rented'), "
    "(8, 2, '', 5, 4, 3, 2, '102', '甲苑1栋1单元102', 'vacant')",
    "INSERT INTO person (id, household_id, name, gender, birth_year, residency, relation, id_enc, id_mask, tags, "
    "created_at, updated_at) VALUES (1, 6, '张三', 'M', 1950, 'permanent', '户主', 'ENC1', '110***********1234', "
    "'lives_alone', 0, 0), (2, 6, '李四', NULL, NULL, 'floating', '', NULL, NULL, '', 0, 0), "
    "(3, 8, '王五', 'F', 1980, 'permanent', '', NULL, NULL, '', 0, 0)",
    "INSERT INTO owner (id, kind, owner_key, name, compound_id, person_id, created_at) VALUES "
    "(1, 'person', 'k1', '张三', NULL, 1, 0), (2, 'developer', 'developer:3:开发商', '开发商', 3, NULL, 0)",
    "INSERT INTO ownership (id, flat_id, owner_id, share_bp, created_at) VALUES "
    "(1, 1, 1, 5000, 0), (2, 1, 2, NULL, 0), (3, 2, 2, NULL, 0)",
    "INSERT INTO shop (id, node_id, name, category, phone_mask, created_at) VALUES "
    "(1, 3, '小卖部', 'grocery', '138****0000', 0), (2, 10, '理发店', '', NULL, 0)",
    "INSERT INTO org (id, kind, name, node_id, members, created_at) VALUES "
    "(1, 'committee', '院委会', 3, 5, 0), (2, 'contractor', '施工队', 1, 0, 0)",
    "INSERT INTO app_user (id, username, display_name, pw_hash, person_id, org_id, disabled, created_at, updated_at) "
    "VALUES (1, 'res', '张三', 'x', 1, NULL, 0, 0, 0), (2, 'staff', '社工', 'x', NULL, 2, 0, 0, 0), "
    "(3, 'off', '停用', 'x', NULL, NULL, 1, 0, 0), (4, 'lodger', '李四', 'x', 2, NULL, 0, 0, 0)",
    "INSERT INTO role_grant (id, user_id, role, node_id, node_path, compound_path, created_at) VALUES "
    "(1, 1, 'resident', 6, '/1/2/3/4/5/6/', '/1/2/3/', 0), (2, 2, 'community_staff', 1, '/1/', NULL, 0), "
    "(3, 2, 'finance', 3, '/1/2/3/', NULL, 0), (4, 3, 'finance', 1, '/1/', NULL, 0)",
};

static int setup(void **state)
{
    (void)state;
    snprintf(g_dir, sizeof g_dir, "/tmp/gz_test_read_XXXXXX");
    if (!mkdtemp(g_dir))
        return -1;
    char url[128], err[256];
    snprintf(url, sizeof url, "sqlite:%s/t.db", g_dir);
    g_db = db_open(url, err, sizeof err);
    if (!g_db || !db_migrate(g_db, err, sizeof err))
        return -1;
    for (size_t i = 0; i < sizeof g_seed / sizeof g_seed[0]; i++)
        if (!db_exec_script(g_db, g_seed[i])) {
            fprintf(stderr, "seed %zu: %s\n", i, db_errmsg(g_db));
            return -1;
        }
    g_arena = arena_new();
    g_c = (Ctx){g_db, g_arena, NULL, 0};
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    arena_free(g_arena);
    db_close(g_db);
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf %s", g_dir);
    return system(cmd) == 0 ? 0 : -1;
}

static void nodes_by_id_path_name_and_ancestor(void **state)
{
    (void)state;
    NodeInfo n;
    assert_int_equal(grid_node_find(&g_c, 5, &n), GRID_OK);
    assert_int_equal(n.kind, NODE_UNIT);
    assert_int_equal(n.parent_id, 4);
    assert_string_equal(n.name, "1单元");
    assert_string_equal(n.path, "/1/2/3/4/5/");
    assert_int_equal(grid_node_find(&g_c, 99, &n), GRID_NOT_FOUND);

    const char *path;
    assert_int_equal(grid_node_path(&g_c, 3, &path), GRID_OK);
    assert_string_equal(path, "/1/2/3/");
    assert_int_equal(grid_node_path(&g_c, 99, &path), GRID_NOT_FOUND);
    assert_null(path);

    assert_int_equal(grid_node_by_name(&g_c, NODE_COMPOUND, "乙苑", &n), GRID_OK);
    assert_int_equal(n.id, 10);
    assert_int_equal(grid_node_by_name(&g_c, NODE_BUILDING, "乙苑", &n), GRID_NOT_FOUND);

    static const struct { int64_t id; NodeKind kind; GridRead want; int64_t got; } anc[] = {
        {6, NODE_COMPOUND, GRID_OK, 3},   {6, NODE_HOUSEHOLD, GRID_OK, 6}, {5, NODE_COMMUNITY, GRID_OK, 1},
        {3, NODE_COMPOUND, GRID_OK, 3},   {3, NODE_BUILDING, GRID_NOT_FOUND, 0},
        {1, NODE_STREET, GRID_NOT_FOUND, 0}, {99, NODE_COMPOUND, GRID_NOT_FOUND, 0},
    };
    for (size_t i = 0; i < sizeof anc / sizeof anc[0]; i++) {
        memset(&n, 0, sizeof n);
        assert_int_equal(grid_ancestor(&g_c, anc[i].id, anc[i].kind, &n), anc[i].want);
        assert_int_equal(n.id, anc[i].got);
    }
}

/* A page's places in one read: repeats and unknown ids, more ids than one
 * statement takes (the batch is 100), and an empty list. */
static void nodes_of_a_page_by_id(void **state)
{
    (void)state;
    NodeList l;
    const int64_t some[] = {10, 3, 6, 3, 99, 10, 1};
    assert_int_equal(grid_nodes_by_id(&g_c, some, 7, &l), GRID_OK);
    assert_int_equal(l.n, 4); /* 1, 3, 6, 10: by id, once each, 99 left out */
    static const int64_t want[] = {1, 3, 6, 10};
    for (int i = 0; i < 4; i++)
        assert_int_equal(l.items[i].id, want[i]);
    assert_string_equal(l.items[2].name, "101");
    assert_int_equal(l.items[2].kind, NODE_HOUSEHOLD);
    assert_string_equal(l.items[3].path, "/1/2/10/");
    const NodeInfo *hit = grid_node_in(&l, 3);
    assert_non_null(hit);
    assert_string_equal(hit->name, "甲苑");
    assert_null(grid_node_in(&l, 99));
    assert_null(grid_node_in(&l, 0));

    int64_t many[250];
    for (int i = 0; i < 250; i++)
        many[i] = i % 2 ? 10 - i % 10 : 1000 + i; /* the known ids 1..9 again and again, and unknown ones */
    assert_int_equal(grid_nodes_by_id(&g_c, many, 250, &l), GRID_OK);
    assert_int_equal(l.n, 5); /* 1, 3, 5, 7, 9 */
    assert_int_equal(l.items[0].id, 1);
    assert_int_equal(l.items[4].id, 9);
    assert_string_equal(grid_node_in(&l, 9)->name, "2栋");

    assert_int_equal(grid_nodes_by_id(&g_c, many, 0, &l), GRID_OK);
    assert_int_equal(l.n, 0);
    assert_null(grid_node_in(&l, 1));
}

static void node_lists_in_a_scope_and_children(void **state)
{
    (void)state;
    NodeList l;
    assert_int_equal(grid_nodes_in(&g_c, NULL, GRID_KIND(NODE_COMPOUND), 0, &l), GRID_OK);
    assert_int_equal(l.n, 2);
    assert_int_equal(l.items[0].id, 10); /* by path: "/1/2/10/" < "/1/2/3/" */
    assert_int_equal(l.items[1].id, 3);

    assert_int_equal(grid_nodes_in(&g_c, "/1/2/3/", 0, 0, &l), GRID_OK);
    assert_int_equal(l.n, 7); /* 3, 4, 5, 6, 7, 8, 9 */
    assert_int_equal(l.items[0].id, 3);
    assert_int_equal(grid_nodes_in(&g_c, "/1/2/3/", GRID_KINDS_ALL & ~GRID_KIND(NODE_HOUSEHOLD), 0, &l), GRID_OK);
    assert_int_equal(l.n, 4);
    assert_int_equal(grid_nodes_in(&g_c, "/", GRID_KIND(NODE_BUILDING) | GRID_KIND(NODE_GRID), 2, &l), GRID_OK);
    assert_int_equal(l.n, 2);
    assert_int_equal(l.items[0].id, 2);
    assert_int_equal(l.items[1].id, 4);
    assert_int_equal(grid_nodes_in(&g_c, "/1/2/3", 0, 0, &l), GRID_INTERNAL); /* not a path */

    assert_int_equal(grid_children(&g_c, 3, GRID_KIND(NODE_BUILDING), &l), GRID_OK);
    assert_int_equal(l.n, 2);
    assert_int_equal(l.items[0].id, 9); /* by sort */
    assert_int_equal(l.items[1].id, 4);
    assert_int_equal(grid_children(&g_c, 6, 0, &l), GRID_OK);
    assert_int_equal(l.n, 0);

    int64_t n;
    assert_int_equal(grid_count_in(&g_c, "/1/", NODE_COMPOUND, &n), GRID_OK);
    assert_int_equal(n, 2);
    assert_int_equal(grid_count_in(&g_c, "/1/2/10/", NODE_HOUSEHOLD, &n), GRID_OK);
    assert_int_equal(n, 0);
}

static void in_scope_is_a_path_prefix(void **state)
{
    (void)state;
    static const struct { const char *path, *scope; bool want; } cases[] = {
        {"/1/2/3/", "/1/", true},    {"/1/2/3/", "/1/2/3/", true}, {"/1/2/", "/1/2/3/", false},
        {"/1/23/", "/1/2/", false},  {NULL, "/1/", false},         {"/1/", NULL, false},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        assert_int_equal(grid_in_scope(cases[i].path, cases[i].scope), cases[i].want);
}

static void households_with_flat_area_and_head(void **state)
{
    (void)state;
    HouseholdInfo h;
    assert_int_equal(grid_household_get(&g_c, 6, &h), GRID_OK);
    assert_int_equal(h.compound_id, 3);
    assert_int_equal(h.building_id, 4);
    assert_int_equal(h.flat_id, 1);
    assert_string_equal(h.address, "甲苑1栋1单元101");
    assert_string_equal(h.building_name, "1栋");
    assert_string_equal(h.unit_name, "1单元");
    assert_string_equal(h.path, "/1/2/3/4/5/6/");
    assert_int_equal(h.flat_area, 6025);
    assert_true(h.carries_area);
    assert_int_equal(h.head_person_id, 1);
    assert_int_equal(h.head_birth_year, 1950);
    assert_string_equal(h.head_residency, "permanent");

    assert_int_equal(grid_household_get(&g_c, 7, &h), GRID_OK);
    assert_false(h.carries_area); /* the flat's second household */
    assert_int_equal(h.head_person_id, 0);
    assert_null(h.head_residency);
    assert_string_equal(h.housing, "rented");
    assert_int_equal(grid_household_get(&g_c, 5, &h), GRID_NOT_FOUND);

    HouseholdList l;
    assert_int_equal(grid_households_in(&g_c, "/1/2/3/", &l), GRID_OK);
    assert_int_equal(l.n, 3);
    assert_int_equal(l.items[2].node_id, 8);
    assert_int_equal(l.items[2].flat_area, 0);
    assert_int_equal(grid_households_in(&g_c, "/1/2/10/", &l), GRID_OK);
    assert_int_equal(l.n, 0);
    assert_int_equal(grid_households_of_flat(&g_c, 1, &l), GRID_OK);
    assert_int_equal(l.n, 2);
    assert_int_equal(l.items[1].node_id, 7);

    int64_t n;
    assert_int_equal(grid_household_count(&g_c, "/1/", &n), GRID_OK);
    assert_int_equal(n, 3);
}

static void flats_owners_and_totals(void **state)
{
    (void)state;
    FlatList l;
    assert_int_equal(grid_flats_in(&g_c, "/1/2/3/", &l), GRID_OK);
    assert_int_equal(l.n, 2);
    assert_int_equal(l.items[0].area, 6025);
    assert_int_equal(l.items[0].n_owners, 2);
    assert_string_equal(l.items[0].owners[0].owner_key, "k1");
    assert_int_equal(l.items[0].owners[0].share_bp, 5000);
    assert_string_equal(l.items[0].owners[1].kind, "developer");
    assert_int_equal(l.items[1].n_owners, 1);
    assert_string_equal(l.items[1].unit_path, "/1/2/3/4/5/");
    assert_int_equal(grid_flats_in(&g_c, "/1/2/10/", &l), GRID_OK);
    assert_int_equal(l.n, 0);

    FlatInfo f;
    assert_int_equal(grid_flat_get(&g_c, 2, &f), GRID_OK);
    assert_string_equal(f.door, "102");
    assert_int_equal(f.owners[0].id, 2);
    assert_int_equal(grid_flat_get(&g_c, 9, &f), GRID_NOT_FOUND);

    OwnerList o;
    assert_int_equal(grid_owners_of_flat(&g_c, 1, &o), GRID_OK);
    assert_int_equal(o.n, 2);
    assert_int_equal(o.items[0].person_id, 1);
    assert_int_equal(o.items[1].ownership_id, 2);
    OwnerInfo one;
    assert_int_equal(grid_owner_get(&g_c, 2, &one), GRID_OK);
    assert_string_equal(one.name, "开发商");
    assert_int_equal(grid_owner_get(&g_c, 3, &one), GRID_NOT_FOUND);

    int64_t *flats;
    assert_int_equal(grid_ownerships_of_person(&g_c, 1, &o, &flats), GRID_OK);
    assert_int_equal(o.n, 1);
    assert_int_equal(flats[0], 1);
    assert_string_equal(o.items[0].owner_key, "k1");
    assert_int_equal(grid_ownerships_of_person(&g_c, 3, &o, &flats), GRID_OK);
    assert_int_equal(o.n, 0);

    int64_t n, area;
    assert_int_equal(grid_flat_totals(&g_c, "/1/", &n, &area), GRID_OK);
    assert_int_equal(n, 2);
    assert_int_equal(area, 6025);

    DeveloperHolding *d;
    int nd;
    assert_int_equal(grid_developer_holdings(&g_c, "/1/2/3/", &d, &nd), GRID_OK);
    assert_int_equal(nd, 1); /* first owner of flat 2 only: at flat 1 the person speaks */
    assert_string_equal(d[0].name, "开发商");
    assert_int_equal(d[0].flats, 1);
    assert_int_equal(d[0].area, 0);
}

static void people_masked_and_place_labels(void **state)
{
    (void)state;
    PersonInfo p;
    assert_int_equal(grid_person_get(&g_c, 1, &p), GRID_OK);
    assert_string_equal(p.name, "张三");
    assert_string_equal(p.id_mask, "110***********1234");
    assert_null(p.phone_mask);
    assert_int_equal(p.birth_year, 1950);
    assert_int_equal(grid_person_get(&g_c, 2, &p), GRID_OK);
    assert_int_equal(p.birth_year, 0);
    assert_null(p.gender);
    assert_int_equal(grid_person_get(&g_c, 9, &p), GRID_NOT_FOUND);

    PersonList l;
    assert_int_equal(grid_persons_of_household(&g_c, 6, &l), GRID_OK);
    assert_int_equal(l.n, 2);
    assert_int_equal(l.items[1].id, 2);

    const char *label;
    assert_int_equal(grid_household_place_label(&g_c, 8, &label), GRID_OK);
    assert_string_equal(label, "1栋1单元");
    assert_int_equal(grid_household_place_label(&g_c, 3, &label), GRID_OK);
    assert_null(label);

    static const struct { int64_t user; const char *want; } users[] = {
        {1, "1栋1单元"}, /* their resident grant */
        {4, "1栋1单元"}, /* no grant on a household: their registered person's */
        {2, NULL},       /* staff: grants above households, no person */
        {99, NULL},
    };
    for (size_t i = 0; i < sizeof users / sizeof users[0]; i++) {
        assert_int_equal(grid_user_place_label(&g_c, users[i].user, &label), GRID_OK);
        assert_string_equal(label ? label : "(none)", users[i].want ? users[i].want : "(none)");
    }

    const char *blob;
    assert_int_equal(grid_pii_sample(&g_c, &blob), GRID_OK);
    assert_string_equal(blob, "ENC1");
}

static void shops_and_orgs(void **state)
{
    (void)state;
    ShopList s;
    assert_int_equal(grid_shops_in(&g_c, "/1/2/3/", &s), GRID_OK);
    assert_int_equal(s.n, 1);
    assert_string_equal(s.items[0].name, "小卖部");
    assert_string_equal(s.items[0].phone_mask, "138****0000");
    assert_int_equal(grid_shops_in(&g_c, "/1/", &s), GRID_OK);
    assert_int_equal(s.n, 2);
    int64_t n;
    assert_int_equal(grid_shop_count(&g_c, "/1/2/10/", &n), GRID_OK);
    assert_int_equal(n, 1);
    ShopInfo one;
    assert_int_equal(grid_shop_get(&g_c, 2, &one), GRID_OK);
    assert_string_equal(one.path, "/1/2/10/");
    assert_int_equal(grid_shop_get(&g_c, 3, &one), GRID_NOT_FOUND);

    OrgInfo o;
    assert_int_equal(grid_org_get(&g_c, 1, &o), GRID_OK);
    assert_string_equal(o.kind, "committee");
    assert_string_equal(o.path, "/1/2/3/");
    assert_int_equal(o.members, 5);
    assert_int_equal(grid_org_get(&g_c, 3, &o), GRID_NOT_FOUND);

    OrgList l;
    assert_int_equal(grid_orgs(&g_c, NULL, GRID_ORGS_BY_PATH, &l), GRID_OK);
    assert_int_equal(l.n, 2);
    assert_int_equal(l.items[0].id, 2); /* "/1/" first */
    assert_int_equal(grid_orgs(&g_c, NULL, GRID_ORGS_BY_KIND, &l), GRID_OK);
    assert_int_equal(l.items[0].id, 1); /* committee < contractor */
    static const char *const contractors[] = {"contractor", "department", NULL};
    assert_int_equal(grid_orgs(&g_c, contractors, GRID_ORGS_BY_ID, &l), GRID_OK);
    assert_int_equal(l.n, 1);
    assert_string_equal(l.items[0].name, "施工队");
}

static void auth_users_and_grants(void **state)
{
    (void)state;
    UserInfo u;
    assert_int_equal(auth_user_get(&g_c, 2, &u), AUTH_OK);
    assert_string_equal(u.username, "staff");
    assert_string_equal(u.display_name, "社工");
    assert_int_equal(u.org_id, 2);
    assert_int_equal(u.person_id, 0);
    assert_false(u.disabled);
    assert_int_equal(auth_user_get(&g_c, 99, &u), AUTH_NOT_FOUND);
    assert_int_equal(auth_user_by_name(&g_c, "off", &u), AUTH_OK);
    assert_true(u.disabled);
    assert_int_equal(auth_user_by_name(&g_c, "nobody", &u), AUTH_NOT_FOUND);

    const char *name;
    assert_int_equal(auth_user_display_name(&g_c, 1, &name), AUTH_OK);
    assert_string_equal(name, "张三");
    assert_int_equal(auth_user_display_name(&g_c, 99, &name), AUTH_OK);
    assert_string_equal(name, "");

    GrantList g;
    assert_int_equal(auth_user_grants(&g_c, 2, &g), AUTH_OK);
    assert_int_equal(g.n, 2);
    assert_int_equal(g.items[0].role, ROLE_COMMUNITY_STAFF);
    assert_string_equal(g.items[1].node_path, "/1/2/3/");
    assert_int_equal(auth_user_grants(&g_c, 1, &g), AUTH_OK);
    assert_string_equal(g.items[0].compound_path, "/1/2/3/");

    assert_int_equal(auth_grants_enabled(&g_c, AUTH_ROLE(ROLE_RESIDENT) | AUTH_ROLE(ROLE_ADMIN), &g), AUTH_OK);
    assert_int_equal(g.n, 2); /* staff's two; user 3 is disabled */
    assert_int_equal(g.items[0].user_id, 2);
    assert_int_equal(auth_grants_enabled(&g_c, 0, &g), AUTH_OK);
    assert_int_equal(g.n, 3);

    static const struct { Role role; const char *path; int n; } holders[] = {
        {ROLE_FINANCE, "/1/2/3/4/", 1}, /* staff's grant on the compound; user 3 is disabled */
        {ROLE_FINANCE, "/1/2/10/", 0},  {ROLE_FINANCE, NULL, 1},
        {ROLE_COMMUNITY_STAFF, "/1/2/10/", 1}, {ROLE_RESIDENT, "/1/2/3/", 0},
        {ROLE_RESIDENT, "/1/2/3/4/5/6/", 1},
    };
    for (size_t i = 0; i < sizeof holders / sizeof holders[0]; i++) {
        assert_int_equal(auth_users_with_role(&g_c, holders[i].role, holders[i].path, &g), AUTH_OK);
        assert_int_equal(g.n, holders[i].n);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(nodes_by_id_path_name_and_ancestor),
        cmocka_unit_test(nodes_of_a_page_by_id),
        cmocka_unit_test(node_lists_in_a_scope_and_children),
        cmocka_unit_test(in_scope_is_a_path_prefix),
        cmocka_unit_test(households_with_flat_area_and_head),
        cmocka_unit_test(flats_owners_and_totals),
        cmocka_unit_test(people_masked_and_place_labels),
        cmocka_unit_test(shops_and_orgs),
        cmocka_unit_test(auth_users_and_grants),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
