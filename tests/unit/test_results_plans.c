/* test_results_plans.c: the reads behind the indicators are ranges of an
 * index, never a scan of a table: the orders of a period (the covering
 * index work_order_period, migration 059), the votes closed in a period
 * (vote_closed), the open orders of a compound for the site plan, a
 * place's baselines and targets, and the people of a scope. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "plans.h"

#include "funds/charts.h"
#include "grid/read.h"
#include "life/figures.h"
#include "project/figures.h"
#include "safety/figures.h"
#include "survey/figures.h"
#include "workorder/figures.h"
#include "results/results.h"
#include "vote/progress.h"
#include "workorder/stats.h"

static void the_indicator_reads_are_index_ranges(void **state)
{
    (void)state;
    ASSERT_PAGE_PLAN(WO_PERIOD_SQL,
                     "SEARCH work_order USING COVERING INDEX work_order_period (created_at>? AND created_at<?)");
    ASSERT_PAGE_PLAN(VOTE_CLOSED_SQL, "SEARCH vote USING INDEX vote_closed (closed_at>? AND closed_at<?)");
    ASSERT_PAGE_PLAN(WO_OPEN_PATHS_SQL, "SEARCH o USING INDEX work_order_compound_open (compound_id=? AND is_open=?)");
    ASSERT_PAGE_PLAN(RES_REFS_SQL, "SEARCH indicator_ref USING INDEX");
    ASSERT_PAGE_PLAN(GRID_PERSON_COUNT_SQL, "person_household (household_id=?)");
}

/* the reads of projects, life, safety and surveys (each owner's figures.h) */
static void the_other_capabilities_reads_are_index_ranges(void **state)
{
    (void)state;
    ASSERT_PAGE_PLAN(WO_CATEGORY_DONE_SQL,
                     "INDEX work_order_category_done (category_id=? AND done_at>? AND done_at<?)");
    ASSERT_PAGE_PLAN(LIFE_EVENTS_PERIOD_SQL, "INDEX life_event_period (starts_at>? AND starts_at<?)");
    ASSERT_PAGE_PLAN(LIFE_EVENT_SEATS_SQL, "INDEX life_booking_event (event_id=? AND status=?)");
    ASSERT_PAGE_PLAN(LIFE_SHIFTS_PERIOD_SQL, "INDEX life_shift_period (starts_at>? AND starts_at<?)");
    ASSERT_PAGE_PLAN(LIFE_SHIFT_DONE_SQL, "SEARCH life_assignment USING INDEX");
    ASSERT_PAGE_PLAN(SAFETY_OPEN_BY_GRADE_SQL, "INDEX hazard_open_path (is_open=? AND node_path>? AND node_path<?)");
    ASSERT_PAGE_PLAN(SAFETY_CHECKINS_SQL, "INDEX patrol_checkin_time (server_time>? AND server_time<?)");
    ASSERT_PAGE_PLAN(PROJECT_OF_COMPOUND_SQL, "INDEX project_node (node_id=?)");
    ASSERT_PAGE_PLAN(PROJECT_INSPECTIONS_PERIOD_SQL,
                     "INDEX project_inspection_period (project_id=? AND inspected_at>? AND inspected_at<?)");
    ASSERT_PAGE_PLAN(PROJECT_ITEMS_DONE_SQL, "INDEX project_item_project (project_id=?)");
    ASSERT_PAGE_PLAN(SURVEY_CLOSED_SQL, "INDEX survey_closed (closed_at>? AND closed_at<?)");
    ASSERT_PAGE_PLAN(WO_MONTH_TALLY_SQL, "INDEX sqlite_autoindex_wo_month_tally_1 (path=? AND month>? AND month<?)");
    ASSERT_PAGE_PLAN(WO_MONTH_TALLY_STALE_SQL, "INDEX wo_month_tally_stale (stale=?)");
    ASSERT_PAGE_PLAN(RES_MEASURE_LATEST_SQL, "SEARCH indicator_measure USING INDEX");
}

static void the_ledger_reads_are_index_ranges(void **state)
{
    (void)state;
    ASSERT_PAGE_PLAN(WO_LEDGER_SQL, "SEARCH o USING INDEX work_order_period (created_at>? AND created_at<?)");
    ASSERT_PAGE_PLAN(VOTE_MEETINGS_SQL, "SEARCH meeting USING INDEX meeting_starts (starts_at>? AND starts_at<?)");
    ASSERT_PAGE_PLAN(FUNDS_LEDGER_SQL, "SEARCH e USING INDEX journal_entry_fund (fund_id=? AND posted_at>? AND posted_at<?)");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(the_indicator_reads_are_index_ranges),
        cmocka_unit_test(the_ledger_reads_are_index_ranges),
        cmocka_unit_test(the_other_capabilities_reads_are_index_ranges),
    };
    return cmocka_run_group_tests(tests, plans_setup, plans_teardown);
}
