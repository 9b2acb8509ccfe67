/* test_delib.c: deliberation's permission question (who takes part in what
 * concerns a place) and its pure rules, pinned by tables. (Its errors are
 * rows of vote/messages.c, checked by test_vote_messages.) */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "vote/delib.h"

/* The places: compound /1/2/3/, its building /1/2/3/4/, a household in it
 * /1/2/3/4/5/6/, and another compound /1/2/7/. */
static void who_takes_part_in_what_concerns_a_place(void **state)
{
    (void)state;
    static const struct {
        Role role;
        const char *grant, *place;
        Perm perm;
        bool allowed;
    } rows[] = {
        /* a resident of a household takes part in their compound's topics */
        {ROLE_RESIDENT, "/1/2/3/4/5/6/", "/1/2/3/", PERM_TOPIC_PROPOSE, true},
        /* and their building's */
        {ROLE_RESIDENT, "/1/2/3/4/5/6/", "/1/2/3/4/", PERM_TOPIC_PROPOSE, true},
        /* but not another compound's */
        {ROLE_RESIDENT, "/1/2/3/4/5/6/", "/1/2/7/", PERM_TOPIC_PROPOSE, false},
        /* nor one of their neighbour's household */
        {ROLE_RESIDENT, "/1/2/3/4/5/6/", "/1/2/3/4/5/8/", PERM_TOPIC_PROPOSE, false},
        /* a grid worker takes part in what lies under their grid */
        {ROLE_GRID_WORKER, "/1/2/", "/1/2/3/", PERM_TOPIC_PROPOSE, true},
        /* a resident does not run deliberation, wherever they live */
        {ROLE_RESIDENT, "/1/2/3/4/5/6/", "/1/2/3/", PERM_DELIB_MANAGE, false},
        /* the committee runs it in its compound */
        {ROLE_COMMITTEE, "/1/2/3/", "/1/2/3/", PERM_DELIB_MANAGE, true},
        /* a contractor proposes nothing */
        {ROLE_CONTRACTOR, "/1/2/3/", "/1/2/3/", PERM_TOPIC_PROPOSE, false},
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        Grant g = {rows[i].role, 1, rows[i].grant, NULL};
        Principal p = {.user_id = 7, .n_grants = 1, .grants = &g};
        assert_int_equal(delib_may_take_part(&p, rows[i].perm, rows[i].place), rows[i].allowed);
    }
    assert_false(delib_may_take_part(NULL, PERM_TOPIC_PROPOSE, "/1/2/3/"));
}

static void meeting_kinds_and_work_orders(void **state)
{
    (void)state;
    VoteErr e;
    assert_true(delib_meeting_kind_check("council", false, &e));
    assert_true(delib_meeting_kind_check("multi_party", true, &e));
    assert_false(delib_meeting_kind_check("picnic", false, &e));
    assert_int_equal(e.msg, VM_MEETING_BAD_KIND);
    assert_string_equal(e.field, "kind");
    assert_false(delib_meeting_kind_check("council", true, &e));
    assert_int_equal(e.msg, VM_MEETING_WO_NOT_MULTI);
}

static void topic_sources(void **state)
{
    (void)state;
    assert_true(delib_topic_source_valid("online"));
    assert_true(delib_topic_source_valid("board"));
    assert_true(delib_topic_source_valid("work_order"));
    assert_false(delib_topic_source_valid("email"));
    assert_false(delib_topic_source_valid(""));
}

static void paths_related_either_way(void **state)
{
    (void)state;
    assert_true(delib_paths_related("/1/2/3/", "/1/2/"));
    assert_true(delib_paths_related("/1/2/", "/1/2/3/"));
    assert_true(delib_paths_related("/1/2/", "/1/2/"));
    assert_false(delib_paths_related("/1/2/3/", "/1/2/4/"));
    /* "/1/2/" is not inside "/1/22/" */
    assert_false(delib_paths_related("/1/22/", "/1/2/"));
}

static void clauses_are_the_non_blank_lines(void **state)
{
    (void)state;
    assert_int_equal(delib_clause_count(""), 0);
    assert_int_equal(delib_clause_count("一、爱护公物"), 1);
    assert_int_equal(delib_clause_count("一\n\n  \t\r\n二\r\n三"), 3);
}

static void panel_strata(void **state)
{
    (void)state;
    const char *const *s = delib_panel_strata("tenure");
    assert_non_null(s);
    assert_int_equal(delib_panel_stratum_index(s, "shop"), 3);
    assert_int_equal(delib_panel_stratum_index(s, "old"), -1);
    assert_null(delib_panel_strata("height"));
    assert_string_equal(delib_panel_household_stratum("tenure", 1960, NULL, "rented", 2026), "tenant");
    assert_string_equal(delib_panel_household_stratum("tenure", 1960, NULL, "public", 2026), "other");
    assert_string_equal(delib_panel_household_stratum("residency", 1960, "floating", "owned", 2026), "floating");
    assert_string_equal(delib_panel_household_stratum("residency", 1960, NULL, "owned", 2026), "permanent");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(who_takes_part_in_what_concerns_a_place),
        cmocka_unit_test(meeting_kinds_and_work_orders),
        cmocka_unit_test(topic_sources),
        cmocka_unit_test(paths_related_either_way),
        cmocka_unit_test(clauses_are_the_non_blank_lines),
        cmocka_unit_test(panel_strata),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
