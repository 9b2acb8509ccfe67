/* test_life_plans.c: the life lists' statements (life/list_sql.h) keep
 * their query plans on SQLite: each page is a range of an index, with no
 * scan and no sort. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "life/list_sql.h"
#include "plans.h"

static void life_pages_walk_their_indexes(void **state)
{
    (void)state;
    ASSERT_PAGE_PLAN(LIFE_EVENT_IDS, "SEARCH life_event USING COVERING INDEX life_event_node (node_id=? AND id<?)");
    ASSERT_PAGE_PLAN(LIFE_BOOKING_IDS, "SEARCH life_booking USING COVERING INDEX life_booking_event_id (event_id=? AND id>?)");
    ASSERT_PAGE_PLAN(LIFE_POINTS_LINES,
                     "SEARCH life_points_line USING COVERING INDEX life_points_line_account (account_id=? AND id<?)");
    ASSERT_PAGE_PLAN(LIFE_POINTS_BOARD, "life_points_account_board");
    ASSERT_PAGE_PLAN(LIFE_SERVICE_IDS,
                     "SEARCH life_service USING COVERING INDEX life_service_node (node_id=? AND id>?)");
    ASSERT_PAGE_PLAN(LIFE_OFFER_IDS, "SEARCH life_offer USING COVERING INDEX life_offer_node (node_id=? AND id>?)");
    ASSERT_PAGE_PLAN(LIFE_NEED_IDS, "SEARCH life_need USING COVERING INDEX life_need_node (node_id=? AND id>?)");
    ASSERT_PAGE_PLAN(LIFE_MATCH_IDS, "SEARCH life_match USING COVERING INDEX life_match_node (node_id=? AND id>?)");
    ASSERT_PAGE_PLAN(LIFE_TALENT_IDS, "SEARCH life_talent USING COVERING INDEX life_talent_node (node_id=? AND id>?)");
    ASSERT_PAGE_PLAN(LIFE_BOOK_IDS, "SEARCH life_book USING COVERING INDEX life_book_node (node_id=? AND id>?)");
    ASSERT_PAGE_PLAN(LIFE_LOAN_IDS, "SEARCH life_loan USING COVERING INDEX life_loan_book (book_id=? AND id<?)");
    ASSERT_PAGE_PLAN(LIFE_STORY_IDS,
                     "SEARCH life_story USING COVERING INDEX life_story_node (node_id=? AND status=? AND id>?)");
    ASSERT_PAGE_PLAN(LIFE_REWARD_IDS, "SEARCH life_reward USING COVERING INDEX life_reward_node (node_id=? AND id>?)");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(life_pages_walk_their_indexes),
    };
    return cmocka_run_group_tests(tests, plans_setup, plans_teardown);
}
