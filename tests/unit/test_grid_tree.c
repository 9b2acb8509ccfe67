/* test_grid_tree.c: the tree's model (grid/tree.c) called with a Ctx and no
 * server, on a temporary SQLite database: a node is created one level
 * below its parent, named once among its siblings, renamed with the
 * addresses below it, and a household's door is not the tree's to change. */
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
#include "core/arena.h"
#include "grid/grid.h"
#include "store/db.h"

static char g_dir[64];
static Db *g_db;
static Arena *g_arena;
static Ctx g_c;

static int setup(void **state)
{
    (void)state;
    snprintf(g_dir, sizeof g_dir, "/tmp/gz_test_tree_XXXXXX");
    if (!mkdtemp(g_dir))
        return -1;
    char url[128], err[256];
    snprintf(url, sizeof url, "sqlite:%s/t.db", g_dir);
    g_db = db_open(url, err, sizeof err);
    if (!g_db || !db_migrate(g_db, err, sizeof err))
        return -1;
    audit_key_set((const unsigned char[32]){1});
    g_arena = arena_new();
    g_c = (Ctx){g_db, g_arena, NULL, 1700000000};
    int64_t top, community;
    return grid_tree_create_top(g_db, "街道", "社区", &top, &community, err, sizeof err) ? 0 : -1;
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

static NodeInfo add(const NodeInfo *parent, NodeKind kind, const char *name)
{
    NodeInfo n;
    GridErr e = {0};
    assert_true(grid_node_create(&g_c, parent, kind, name, NULL, &n, &e));
    assert_int_equal(n.parent_id, parent->id);
    return n;
}

static void create_rename_and_refuse(void **state)
{
    (void)state;
    NodeInfo community;
    assert_int_equal(grid_node_by_name(&g_c, NODE_COMMUNITY, "社区", &community), GRID_OK);
    NodeInfo grid = add(&community, NODE_GRID, "一网格");
    NodeInfo mg = add(&grid, NODE_MICRO_GRID, "一微网格");
    NodeInfo compound = add(&mg, NODE_COMPOUND, "甲苑");
    NodeInfo building = add(&compound, NODE_BUILDING, "1栋");
    NodeInfo unit = add(&building, NODE_UNIT, "1单元");
    assert_string_equal(unit.path, arena_printf(g_arena, "%s%lld/", building.path, (long long)unit.id));

    /* a compound gets its compound row: the compounds list shows it with its grid */
    CompoundRow *rows;
    int n;
    GridErr e = {0};
    assert_true(grid_compounds(&g_c, &rows, &n, &e));
    assert_int_equal(n, 1);
    assert_int_equal(rows[0].grid_id, grid.id);
    assert_string_equal(rows[0].managed_by, "residents");

    /* what the model refuses, and how */
    static const struct { NodeKind kind; const char *name; GridMsg want; const char *field; } bad[] = {
        {NODE_UNIT, "2单元", GM_KIND_NOT_CHILD, "kind"},     /* two levels down */
        {NODE_HOUSEHOLD, "101", GM_KIND_NOT_CHILD, "kind"},  /* households come with their register row */
        {NODE_BUILDING, "1栋", GM_NODE_NAME_TAKEN, "name"},  /* a sibling has the name */
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        NodeInfo out;
        e = (GridErr){0};
        assert_false(grid_node_create(&g_c, &compound, bad[i].kind, bad[i].name, NULL, &out, &e));
        assert_int_equal(e.msg, bad[i].want);
        assert_string_equal(e.field, bad[i].field);
    }

    /* a household under the unit (its node only: the tree's part of it) */
    int64_t hh_id;
    const char *hh_path;
    assert_true(grid_node_add(&g_c, &unit, NODE_HOUSEHOLD, "101", NULL, &hh_id, &hh_path, &e));
    int64_t flat_id = 0;
    assert_true(db_int(g_db, &flat_id,
                       "INSERT INTO flat (unit_id, compound_id, door, created_at) VALUES (?, ?, '101', 0) RETURNING id",
                       DB_I(unit.id), DB_I(compound.id)));
    assert_true(db_exec(g_db,
                        "INSERT INTO household (node_id, flat_id, unit_id, building_id, compound_id, grid_id, door, "
                        "address) VALUES (?, ?, ?, ?, ?, ?, '101', '甲苑1栋1单元101')",
                        DB_I(hh_id), DB_I(flat_id), DB_I(unit.id), DB_I(building.id), DB_I(compound.id),
                        DB_I(grid.id)));

    /* renaming the building writes the address below it again */
    assert_true(grid_node_update(&g_c, &building, "2栋", true, "B2", &e));
    assert_string_equal(building.name, "2栋");
    HouseholdInfo h;
    assert_int_equal(grid_household_get(&g_c, hh_id, &h), GRID_OK);
    assert_string_equal(h.address, "甲苑2栋1单元101");
    const char *code;
    assert_true(grid_node_code(&g_c, building.id, &code, &e));
    assert_string_equal(code, "B2");
    /* the code alone: the name stays; "" clears the code */
    assert_true(grid_node_update(&g_c, &building, NULL, true, "", &e));
    assert_true(grid_node_code(&g_c, building.id, &code, &e));
    assert_null(code);

    NodeInfo hh;
    assert_int_equal(grid_node_find(&g_c, hh_id, &hh), GRID_OK);
    e = (GridErr){0};
    assert_false(grid_node_update(&g_c, &hh, "102", false, NULL, &e));
    assert_int_equal(e.msg, GM_NODE_IS_HOUSEHOLD);

    /* every change is audited, as the system (no principal) */
    int64_t events = 0;
    assert_true(db_int(g_db, &events, "SELECT COUNT(*) FROM audit_event WHERE entity = 'node' AND actor_id IS NULL"));
    assert_int_equal(events, 9); /* street, community, five created, two updates */
}

static void trail_and_children(void **state)
{
    (void)state;
    NodeInfo compound;
    assert_int_equal(grid_node_by_name(&g_c, NODE_COMPOUND, "甲苑", &compound), GRID_OK);
    NodeBrief *trail;
    int n;
    GridErr e = {0};
    assert_true(grid_node_trail(&g_c, compound.path, &trail, &n, &e));
    assert_int_equal(n, 5); /* street, community, grid, micro-grid, compound */
    assert_int_equal(trail[0].kind, NODE_STREET);
    assert_string_equal(trail[4].name, "甲苑");

    /* children are those the caller may see: nobody signed in sees none */
    NodeBrief *kids;
    assert_true(grid_node_children(&g_c, &compound, &kids, &n, &e));
    assert_int_equal(n, 0);
    Grant g = {ROLE_COMMUNITY_STAFF, 2, "/1/", NULL};
    Principal staff = {.user_id = 0, .n_grants = 1, .grants = &g};
    Ctx sc = g_c;
    sc.who = &staff;
    assert_true(grid_node_children(&sc, &compound, &kids, &n, &e));
    assert_int_equal(n, 1);
    assert_string_equal(kids[0].name, "2栋");
    assert_int_equal(kids[0].households, 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(create_rename_and_refuse),
        cmocka_unit_test(trail_and_children),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
