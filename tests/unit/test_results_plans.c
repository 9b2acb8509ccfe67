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
    };
    return cmocka_run_group_tests(tests, plans_setup, plans_teardown);
}
