/* test_grid_plans.c: the register's lists (grid/list_sql.h) keep their
 * query plans on SQLite: a compound's households are walked along their
 * address-order index (no sort of the compound), their people read by the
 * household index, its shops by (compound, id); the counts read an index. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "grid/list_sql.h"
#include "plans.h"

static void a_compounds_households_walk_the_address_order_index(void **state)
{
    (void)state;
    ASSERT_PAGE_PLAN(GRID_HH_PAGE, "SEARCH h USING INDEX household_order (compound_id=?)");
    ASSERT_PAGE_PLAN(GRID_HH_AFTER, "SEARCH h USING INDEX household_order (compound_id=? AND (building_id,unit_id)>(?,?))");
    ASSERT_PAGE_PLAN(GRID_HH_PAGE, "SEARCH f USING INTEGER PRIMARY KEY (rowid=?)");
    ASSERT_PAGE_PLAN(GRID_HH_CURSOR, "SEARCH household USING INDEX sqlite_autoindex_household_1 (node_id=?)");
    ASSERT_PAGE_PLAN(GRID_HH_COUNT, "SEARCH household USING COVERING INDEX household_");
}

static void a_pages_people_come_from_the_household_index(void **state)
{
    (void)state;
    ASSERT_PAGE_PLAN(GRID_HH_MEMBERS, "SEARCH p USING INDEX person_household (household_id=?)");
}

static void a_compounds_shops_are_a_range_of_its_index(void **state)
{
    (void)state;
    ASSERT_PAGE_PLAN(GRID_SHOP_IDS, "SEARCH s USING INDEX shop_compound (compound_id=? AND id>?)");
    ASSERT_PAGE_PLAN(GRID_SHOP_COUNT, "SEARCH shop USING COVERING INDEX shop_compound (compound_id=?)");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(a_compounds_households_walk_the_address_order_index),
        cmocka_unit_test(a_pages_people_come_from_the_household_index),
        cmocka_unit_test(a_compounds_shops_are_a_range_of_its_index),
    };
    return cmocka_run_group_tests(tests, plans_setup, plans_teardown);
}
