/* test_wo_plans.c: the work-order list's statements (workorder/list_sql.h)
 * keep their query plans on SQLite: each page of ids comes from an index in
 * id order with no sort of the scope, each total from a tally or an index,
 * and the page's rows are read by id. A lost index or a rewritten statement
 * that falls back to a scan of the table fails here. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "plans.h"
#include "workorder/list_sql.h"
#include "workorder/wo_int.h"

static int count_of(const char *hay, const char *needle)
{
    int n = 0;
    for (const char *p = strstr(hay, needle); p; p = strstr(p + 1, needle))
        n++;
    return n;
}

static void a_grid_page_merges_two_index_ranges_without_a_sort(void **state)
{
    (void)state;
    char p[2048];
    PLAN(p, WO_IDS_GRID);
    assert_int_equal(count_of(p, "INDEX work_order_grid_open (grid_id=? AND is_open=? AND id<?)"), 2);
    assert_null(strstr(p, "TEMP B-TREE"));
    assert_null(strstr(p, "SCAN"));
    PLAN(p, WO_IDS_COMPOUND);
    assert_int_equal(count_of(p, "INDEX work_order_compound_open (compound_id=? AND is_open=? AND id<?)"), 2);
    assert_null(strstr(p, "TEMP B-TREE"));
    assert_null(strstr(p, "SCAN"));
}

static void a_wide_place_walks_the_orders_newest_first_without_a_sort(void **state)
{
    (void)state;
    char p[2048];
    PLAN(p, WO_IDS_PATH_WIDE);
    assert_non_null(strstr(p, "SEARCH o USING INTEGER PRIMARY KEY (rowid<?)"));
    assert_null(strstr(p, " INDEX "));
    assert_null(strstr(p, "SCAN"));
    assert_null(strstr(p, "TEMP B-TREE"));
}

static void a_wide_places_filters_walk_their_own_index_in_order(void **state)
{
    (void)state;
    char p[2048];
    PLAN(p, WO_IDS_WIDE_STATE);
    assert_non_null(strstr(p, "INDEX work_order_state (state=? AND id<?)"));
    assert_null(strstr(p, "TEMP B-TREE"));
    PLAN(p, WO_IDS_WIDE_CATEGORY);
    assert_non_null(strstr(p, "INDEX work_order_category (category_id=? AND id<?)"));
    assert_null(strstr(p, "TEMP B-TREE"));
    PLAN(p, WO_IDS_WIDE_OVERDUE);
    assert_non_null(strstr(p, "INDEX work_order_overdue (id<?)"));
    assert_null(strstr(p, "TEMP B-TREE"));
    PLAN(p, WO_IDS_WIDE_OPEN);
    assert_non_null(strstr(p, "INDEX work_order_open (id<?)"));
    assert_null(strstr(p, "TEMP B-TREE"));
    PLAN(p, WO_COUNT_WIDE_OVERDUE);
    assert_non_null(strstr(p, "INDEX work_order_overdue"));
}

static void a_grids_overdue_and_open_states_walk_their_own_index(void **state)
{
    (void)state;
    char p[2048];
    PLAN(p, WO_IDS_GRID_OVERDUE);
    assert_non_null(strstr(p, "INDEX work_order_overdue (id<?)"));
    assert_null(strstr(p, "TEMP B-TREE"));
    PLAN(p, WO_IDS_COMPOUND_OVERDUE);
    assert_non_null(strstr(p, "INDEX work_order_overdue (id<?)"));
    assert_null(strstr(p, "TEMP B-TREE"));
    PLAN(p, WO_IDS_GRID_STATE);
    assert_non_null(strstr(p, "INDEX work_order_state (state=? AND id<?)"));
    assert_null(strstr(p, "TEMP B-TREE"));
    PLAN(p, WO_IDS_COMPOUND_STATE);
    assert_non_null(strstr(p, "INDEX work_order_state (state=? AND id<?)"));
    assert_null(strstr(p, "TEMP B-TREE"));
    PLAN(p, WO_COUNT_GRID_OVERDUE);
    assert_non_null(strstr(p, "INDEX work_order_overdue"));
    PLAN(p, WO_COUNT_COMPOUND_OVERDUE);
    assert_non_null(strstr(p, "INDEX work_order_overdue"));
}

static void a_narrow_place_reads_its_path_range(void **state)
{
    (void)state;
    char p[2048];
    PLAN(p, WO_IDS_PATH_NARROW);
    assert_non_null(strstr(p, "INDEX work_order_path (node_path>? AND node_path<?)"));
    assert_null(strstr(p, "SCAN"));
}

/* The list page's org, date and text filters: the place's path range, the
 * org's orders from its assignment index, never a scan of every order. */
static void the_pages_further_filters_read_the_path_range(void **state)
{
    (void)state;
    char p[2048];
    PLAN(p, WO_IDS_PATH_EXTRA);
    assert_non_null(strstr(p, "INDEX work_order_path (node_path>? AND node_path<?)"));
    assert_non_null(strstr(p, "wo_assignment_org (org_id=?)"));
    assert_null(strstr(p, "SCAN o"));
    PLAN(p, WO_COUNT_PATH_EXTRA);
    assert_non_null(strstr(p, "INDEX work_order_path (node_path>? AND node_path<?)"));
    assert_null(strstr(p, "SCAN o"));
}

static void a_reporters_and_an_orgs_pages_come_from_their_indexes_in_order(void **state)
{
    (void)state;
    char p[2048];
    PLAN(p, WO_IDS_MINE);
    assert_non_null(strstr(p, "INDEX work_order_reporter (reporter_id=? AND id<?)"));
    assert_null(strstr(p, "TEMP B-TREE"));
    assert_null(strstr(p, "SCAN"));
    PLAN(p, WO_IDS_ORG);
    assert_non_null(strstr(p, "INDEX wo_assignment_org (org_id=? AND order_id<?)"));
    assert_non_null(strstr(p, "SEARCH o USING INTEGER PRIMARY KEY (rowid=?)"));
    assert_null(strstr(p, "TEMP B-TREE"));
    assert_null(strstr(p, "SCAN"));
}

static void the_pages_rows_are_read_by_id_in_order(void **state)
{
    (void)state;
    char p[4096];
    PLAN(p, WO_ORDER_SELECT "WHERE o.id IN (" WO_IDS_GRID ") ORDER BY o.id DESC");
    assert_non_null(strstr(p, "SEARCH o USING INTEGER PRIMARY KEY (rowid=?)"));
    assert_null(strstr(p, "TEMP B-TREE"));
    assert_null(strstr(p, "SCAN"));
}

static void totals_come_from_tallies_or_indexes(void **state)
{
    (void)state;
    char p[2048];
    PLAN(p, WO_TALLY_NODE);
    assert_non_null(strstr(p, "SEARCH wo_tally USING INDEX sqlite_autoindex_wo_tally_1 (node_id=? AND is_open>? AND is_open<?)"));
    assert_null(strstr(p, "SCAN"));
    PLAN(p, WO_TALLY_ABOVE);
    assert_non_null(strstr(p, "SEARCH wo_tally USING INDEX wo_tally_kind_path (kind=? AND path>? AND path<?)"));
    assert_null(strstr(p, "SCAN"));
    PLAN(p, WO_COUNT_PATH);
    assert_non_null(strstr(p, "INDEX work_order_path (node_path>? AND node_path<?)"));
    PLAN(p, WO_COUNT_MINE);
    assert_non_null(strstr(p, "INDEX work_order_reporter (reporter_id=?)"));
    PLAN(p, WO_COUNT_ORG);
    assert_non_null(strstr(p, "INDEX wo_assignment_org (org_id=?)"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(a_grid_page_merges_two_index_ranges_without_a_sort),
        cmocka_unit_test(a_wide_place_walks_the_orders_newest_first_without_a_sort),
        cmocka_unit_test(a_wide_places_filters_walk_their_own_index_in_order),
        cmocka_unit_test(a_grids_overdue_and_open_states_walk_their_own_index),
        cmocka_unit_test(a_narrow_place_reads_its_path_range),
        cmocka_unit_test(the_pages_further_filters_read_the_path_range),
        cmocka_unit_test(a_reporters_and_an_orgs_pages_come_from_their_indexes_in_order),
        cmocka_unit_test(the_pages_rows_are_read_by_id_in_order),
        cmocka_unit_test(totals_come_from_tallies_or_indexes),
    };
    return cmocka_run_group_tests(tests, plans_setup, plans_teardown);
}
