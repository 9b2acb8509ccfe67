/* test_project_plans.c: the projects' lists (project/list_sql.h) keep their
 * query plans on SQLite: each page is a range of an index walked newest
 * first, the fortnightly round and the overdue defects read their indexes,
 * with no scan and no sort. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "project/list_sql.h"
#include "plans.h"

static void the_project_pages_walk_their_indexes(void **state)
{
    (void)state;
    ASSERT_PAGE_PLAN(PROJECT_LIST_IDS, "project_compound_node");
    ASSERT_PAGE_PLAN(PROJECT_RECENT_IDS, "project");
    ASSERT_PAGE_PLAN(PROJECT_INSPECTIONS_PAGE, "project_inspection_project");
    ASSERT_PAGE_PLAN(PROJECT_DEFECTS_PAGE, "project_defect_project");
    ASSERT_PAGE_PLAN(PROJECT_FACILITIES_PAGE, "facility_node");
    ASSERT_PAGE_PLAN(PROJECT_ARCHIVE_DOCS_PAGE, "project_archive_doc_project");
    ASSERT_PAGE_PLAN(PROJECT_HANDOVERS_PAGE, "project_handover_project");
    ASSERT_PAGE_PLAN(PROJECT_PARTNERS_PAGE, "partner_node");
    ASSERT_PAGE_PLAN(PROJECT_GRANTS_PAGE, "autonomy_grant_node");
    ASSERT_PAGE_PLAN(PROJECT_FACILITY_RUNS_PAGE, "facility_run_facility");
    ASSERT_PAGE_PLAN(PROJECT_RUNS_DUE, "facility_next_due");
}

static void rounds_overdue_and_signoffs_read_their_indexes(void **state)
{
    (void)state;
    ASSERT_PAGE_PLAN(PROJECT_ITEM_ROUNDS, "project_inspection_item");
    ASSERT_PAGE_PLAN(PROJECT_OVERDUE, "project_defect_due");
    ASSERT_PAGE_PLAN(PROJECT_SWEEP, "project_defect_due");
    ASSERT_PAGE_PLAN(PROJECT_TODO_SIGNOFFS, "project_rep_user");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(the_project_pages_walk_their_indexes),
        cmocka_unit_test(rounds_overdue_and_signoffs_read_their_indexes),
    };
    return cmocka_run_group_tests(tests, plans_setup, plans_teardown);
}
