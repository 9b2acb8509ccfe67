/* test_wo_public_plans.c: the public list of a compound's work orders
 * (workorder/public.h) reads its pages from an index in the list's order:
 * the open orders from work_order_compound_open by id, the recently closed
 * from work_order_compound_closed (migration 030) by (closed_at, id), the
 * category of each by its key; no scan, no sort. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "plans.h"
#include "workorder/public.h"

static void the_open_orders_walk_the_compound_index_by_id(void **state)
{
    (void)state;
    ASSERT_PAGE_PLAN(WO_PUBLIC_OPEN, "INDEX work_order_compound_open (compound_id=? AND is_open=? AND id<?)");
    char p[2048];
    PLAN(p, WO_PUBLIC_OPEN);
    assert_non_null(strstr(p, "SEARCH c USING INTEGER PRIMARY KEY (rowid=?)"));
}

static void the_closed_orders_walk_their_index_latest_first(void **state)
{
    (void)state;
    ASSERT_PAGE_PLAN(WO_PUBLIC_CLOSED, "INDEX work_order_compound_closed (compound_id=? AND state=? AND closed_at>?");
    ASSERT_PAGE_PLAN(WO_PUBLIC_CLOSED_CURSOR, "USING INTEGER PRIMARY KEY (rowid=?)");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(the_open_orders_walk_the_compound_index_by_id),
        cmocka_unit_test(the_closed_orders_walk_their_index_latest_first),
    };
    return cmocka_run_group_tests(tests, plans_setup, plans_teardown);
}
