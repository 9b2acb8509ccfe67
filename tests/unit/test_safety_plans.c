/* test_safety_plans.c: the safety's lists (safety/list_sql.h) keep their
 * query plans on SQLite: a compound's register and its public part are
 * ranges of a (compound, [is_public,] id) index walked newest first, a
 * hazard's history a range of its own index, the sweep a range of the due
 * index: no scan, no sort. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "plans.h"
#include "safety/list_sql.h"

static void the_register_pages_walk_their_index_newest_first(void **state)
{
    (void)state;
    ASSERT_PAGE_PLAN(SAFETY_HAZARD_PAGE, "SEARCH hazard USING INDEX hazard_compound (compound_id=? AND id<?)");
    ASSERT_PAGE_PLAN(SAFETY_HAZARD_PAGE_PUBLIC,
                     "SEARCH hazard USING INDEX hazard_compound_public (compound_id=? AND is_public=? AND id<?)");
}

static void the_history_and_the_sweep_read_their_index(void **state)
{
    (void)state;
    ASSERT_PAGE_PLAN(SAFETY_HAZARD_HISTORY, "SEARCH hazard_event USING INDEX hazard_event_hazard (hazard_id=?)");
    ASSERT_PAGE_PLAN(SAFETY_HAZARD_DUE, "SEARCH hazard USING INDEX hazard_due (is_open=? AND escalated=? AND deadline<?)");
}

static void the_patrol_reads_walk_their_index(void **state)
{
    (void)state;
    ASSERT_PAGE_PLAN(SAFETY_ROUTE_PAGE, "SEARCH patrol_route USING INDEX patrol_route_node (node_id=? AND id<?)");
    ASSERT_PAGE_PLAN(SAFETY_ROUTE_POINTS, "SEARCH patrol_point USING INDEX patrol_point_route (route_id=?)");
    ASSERT_PAGE_PLAN(SAFETY_ROUND_CHECKINS, "SEARCH patrol_checkin USING INDEX patrol_checkin_round (route_id=? AND day=? AND slot=?)");
    ASSERT_PAGE_PLAN(SAFETY_WORKER_ROUTES, "SEARCH patrol_route USING COVERING INDEX patrol_route_worker (worker_id=?)");
}

static void the_dispute_reads_walk_their_index(void **state)
{
    (void)state;
    ASSERT_PAGE_PLAN(SAFETY_DISPUTE_PAGE, "SEARCH dispute USING INDEX dispute_compound (compound_id=? AND id<?)");
    ASSERT_PAGE_PLAN(SAFETY_DISPUTE_PAGE_PUBLISHED,
                     "SEARCH dispute USING INDEX dispute_published (compound_id=? AND published=? AND id<?)");
    ASSERT_PAGE_PLAN(SAFETY_DISPUTE_PARTIES, "SEARCH dispute_party USING INDEX dispute_party_dispute (dispute_id=?)");
    ASSERT_PAGE_PLAN(SAFETY_DISPUTE_EVENTS, "SEARCH e USING INDEX dispute_event_dispute (dispute_id=?)");
}

static void the_plan_and_incident_reads_walk_their_index(void **state)
{
    (void)state;
    ASSERT_PAGE_PLAN(SAFETY_PLAN_PAGE, "SEARCH emergency_plan USING INDEX emergency_plan_compound (compound_id=? AND id<?)");
    ASSERT_PAGE_PLAN(SAFETY_DRILLS, "SEARCH emergency_drill USING INDEX emergency_drill_plan (plan_id=?)");
    ASSERT_PAGE_PLAN(SAFETY_INCIDENT_PAGE, "SEARCH incident USING INDEX incident_compound (compound_id=? AND id<?)");
    ASSERT_PAGE_PLAN(SAFETY_INCIDENT_PAGE_CLOSED, "SEARCH incident USING INDEX incident_closed (compound_id=? AND id<?)");
    ASSERT_PAGE_PLAN(SAFETY_INCIDENT_ENTRIES, "SEARCH incident_entry USING INDEX incident_entry_incident (incident_id=?)");
}

static void the_assessment_reads_walk_their_index(void **state)
{
    (void)state;
    ASSERT_PAGE_PLAN(SAFETY_ASSESSMENT_PAGE, "SEARCH assessment USING INDEX assessment_compound (compound_id=? AND id<?)");
    ASSERT_PAGE_PLAN(SAFETY_ASSESSMENT_DECISIONS,
                     "SEARCH assessment_decision USING INDEX assessment_decision_of (assessment_id=?)");
    /* either of the compound's indexes: both start with compound_id */
    ASSERT_PAGE_PLAN(SAFETY_REVIEW_HAZARDS, "SEARCH hazard USING INDEX hazard_compound");
    /* the heat map's figures: the same range, counted by place in C */
    ASSERT_PAGE_PLAN(SAFETY_HAZARD_PLACES, "SEARCH hazard USING INDEX hazard_compound");
    /* a hazard's photos of a kind */
    ASSERT_PAGE_PLAN(SAFETY_HAZARD_PHOTOS, "SEARCH hazard_photo USING INDEX hazard_photo_hazard (hazard_id=? AND kind=?)");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(the_register_pages_walk_their_index_newest_first),
        cmocka_unit_test(the_history_and_the_sweep_read_their_index),
        cmocka_unit_test(the_patrol_reads_walk_their_index),
        cmocka_unit_test(the_dispute_reads_walk_their_index),
        cmocka_unit_test(the_plan_and_incident_reads_walk_their_index),
        cmocka_unit_test(the_assessment_reads_walk_their_index),
    };
    return cmocka_run_group_tests(tests, plans_setup, plans_teardown);
}
