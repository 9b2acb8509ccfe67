/* test_survey_plans.c: the survey's lists (survey/survey_int.h) keep their
 * query plans on SQLite: each page is a range of an index walked in order,
 * with no scan of a table and no sort. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "plans.h"
#include "survey/survey_int.h"

static void the_households_of_a_survey_walk_its_key(void **state)
{
    (void)state;
    ASSERT_PAGE_PLAN(SURVEY_HOUSEHOLDS_PAGE,
                     "SEARCH survey_household USING INDEX sqlite_autoindex_survey_household_1 (survey_id=? AND household_id>?)");
}

static void the_responses_of_a_survey_walk_their_indexes_newest_first(void **state)
{
    (void)state;
    ASSERT_PAGE_PLAN(SURVEY_RESPONSES_PAGE,
                     "SEARCH survey_response USING COVERING INDEX survey_response_survey (survey_id=? AND id<?)");
    ASSERT_PAGE_PLAN(SURVEY_RESPONSES_PAGE_STATUS,
                     "SEARCH survey_response USING COVERING INDEX survey_response_status (survey_id=? AND status=? AND id<?)");
}

static void the_survey_lists_walk_their_indexes(void **state)
{
    (void)state;
    ASSERT_PAGE_PLAN(SURVEY_LIST_NODE, "SEARCH survey USING COVERING INDEX survey_node (node_id=? AND id<?)");
    ASSERT_PAGE_PLAN(SURVEY_LIST_ALL, "SEARCH survey USING INTEGER PRIMARY KEY (rowid<?)");
    ASSERT_PAGE_PLAN(SURVEY_CONFLICTS_PAGE, "INDEX survey_conflict_survey (survey_id=? AND status=? AND id>?)");
    ASSERT_PAGE_PLAN(SURVEY_REPLACEMENTS_PAGE, "INDEX survey_replacement_survey (survey_id=? AND id>?)");
}

static void the_inbox_reads_its_indexes(void **state)
{
    (void)state;
    ASSERT_PAGE_PLAN(SURVEY_TODO_SENT, "SEARCH survey_household USING INDEX survey_household_of (household_id=?)");
    ASSERT_PAGE_PLAN(SURVEY_TODO_ENTERED, "SEARCH survey_response USING COVERING INDEX survey_response_pending (status=?)");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(the_households_of_a_survey_walk_its_key),
        cmocka_unit_test(the_responses_of_a_survey_walk_their_indexes_newest_first),
        cmocka_unit_test(the_survey_lists_walk_their_indexes),
        cmocka_unit_test(the_inbox_reads_its_indexes),
    };
    return cmocka_run_group_tests(tests, plans_setup, plans_teardown);
}
