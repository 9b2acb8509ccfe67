/* test_funds_plans.c: the funds lists' statements (funds/list_sql.h) keep
 * their query plans on SQLite: each page of payments or journal entries is
 * a range of a (fund, [status,] id) index walked newest first, with no
 * scan and no sort, and each capped count reads the same index. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "funds/list_sql.h"
#include "plans.h"

static void a_funds_payments_page_walks_its_index_newest_first(void **state)
{
    (void)state;
    ASSERT_PAGE_PLAN(FUNDS_PAYMENT_IDS, "SEARCH payment USING COVERING INDEX payment_fund_id (fund_id=? AND id<?)");
    ASSERT_PAGE_PLAN(FUNDS_PAYMENT_IDS_STATUS,
                     "SEARCH payment USING COVERING INDEX payment_fund (fund_id=? AND status=? AND id<?)");
}

static void a_funds_payment_counts_read_the_index(void **state)
{
    (void)state;
    ASSERT_PAGE_PLAN(FUNDS_INCOME_BY_LINE, "fund_income_counterparty");
    ASSERT_PAGE_PLAN(FUNDS_PAYMENT_COUNT, "SEARCH payment USING COVERING INDEX payment_fund");
    ASSERT_PAGE_PLAN(FUNDS_PAYMENT_COUNT_STATUS, "SEARCH payment USING COVERING INDEX payment_fund (fund_id=? AND status=?)");
}

static void a_funds_journal_page_walks_its_index_newest_first(void **state)
{
    (void)state;
    ASSERT_PAGE_PLAN(FUNDS_ENTRY_IDS,
                     "SEARCH journal_entry USING COVERING INDEX journal_entry_fund_id (fund_id=? AND id<?)");
    ASSERT_PAGE_PLAN(FUNDS_ENTRY_COUNT, "SEARCH journal_entry USING COVERING INDEX journal_entry_fund");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(a_funds_payments_page_walks_its_index_newest_first),
        cmocka_unit_test(a_funds_payment_counts_read_the_index),
        cmocka_unit_test(a_funds_journal_page_walks_its_index_newest_first),
    };
    return cmocka_run_group_tests(tests, plans_setup, plans_teardown);
}
