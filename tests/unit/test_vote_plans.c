/* test_vote_plans.c: the vote capability's lists (vote/list_sql.h) keep
 * their query plans on SQLite: votes, notices and meetings are read batch
 * by batch below a (time, id) cursor from an index in that order (all, or
 * by status, kind or source), a vote's ballots from (vote, [counted,] id);
 * no scan of a table, no sort. SQLite shows a (time, id) < (?, ?) range as
 * "time<?": it seeks on the time and keeps the id's share of the row value. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "plans.h"
#include "vote/list_sql.h"

static void votes_are_read_newest_first_from_their_indexes(void **state)
{
    (void)state;
    ASSERT_PAGE_PLAN(VOTE_BATCH, "SEARCH v USING INDEX vote_created (created_at<?)");
    ASSERT_PAGE_PLAN(VOTE_BATCH_STATUS,
                     "SEARCH v USING INDEX vote_status_created (status=? AND created_at<?)");
    ASSERT_PAGE_PLAN(VOTE_CURSOR, "SEARCH vote USING INTEGER PRIMARY KEY (rowid=?)");
}

static void notices_are_read_newest_first_all_by_kind_or_by_source(void **state)
{
    (void)state;
    ASSERT_PAGE_PLAN(NOTICE_BATCH, "SEARCH t USING INDEX notice_published (published_at<?)");
    ASSERT_PAGE_PLAN(NOTICE_BATCH_KIND, "SEARCH t USING INDEX notice_kind (kind=? AND published_at<?)");
    ASSERT_PAGE_PLAN(NOTICE_BATCH_SOURCE,
                     "SEARCH t USING INDEX notice_source_time (source_entity=? AND source_id=? AND published_at<?)");
    ASSERT_PAGE_PLAN(NOTICE_CURSOR, "SEARCH notice USING INTEGER PRIMARY KEY (rowid=?)");
}

static void meetings_are_read_latest_first_from_their_index(void **state)
{
    (void)state;
    ASSERT_PAGE_PLAN(MEETING_BATCH, "SEARCH m USING INDEX meeting_starts (starts_at<?)");
    ASSERT_PAGE_PLAN(MEETING_CURSOR, "SEARCH meeting USING INTEGER PRIMARY KEY (rowid=?)");
}

static void decisions_are_read_newest_first_from_their_index(void **state)
{
    (void)state;
    ASSERT_PAGE_PLAN(DECISION_BATCH, "SEARCH d USING INDEX decision_created (created_at<?)");
    ASSERT_PAGE_PLAN(DECISION_CURSOR, "SEARCH decision USING INTEGER PRIMARY KEY (rowid=?)");
}

static void a_votes_ballots_are_a_range_of_its_index(void **state)
{
    (void)state;
    ASSERT_PAGE_PLAN(BALLOT_BATCH, "SEARCH ballot USING INDEX ballot_vote_id (vote_id=? AND id>?)");
    ASSERT_PAGE_PLAN(BALLOT_BATCH_PENDING, "SEARCH ballot USING INDEX ballot_vote (vote_id=? AND counted=? AND id>?)");
    ASSERT_PAGE_PLAN(BALLOT_COUNT, "SEARCH ballot USING COVERING INDEX ballot_vote");
    ASSERT_PAGE_PLAN(BALLOT_COUNT_PENDING, "SEARCH ballot USING COVERING INDEX ballot_vote (vote_id=? AND counted=?)");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(votes_are_read_newest_first_from_their_indexes),
        cmocka_unit_test(notices_are_read_newest_first_all_by_kind_or_by_source),
        cmocka_unit_test(meetings_are_read_latest_first_from_their_index),
        cmocka_unit_test(decisions_are_read_newest_first_from_their_index),
        cmocka_unit_test(a_votes_ballots_are_a_range_of_its_index),
    };
    return cmocka_run_group_tests(tests, plans_setup, plans_teardown);
}
