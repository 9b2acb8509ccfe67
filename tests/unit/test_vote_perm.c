/* test_vote_perm.c: the vote capability's permission questions
 * (src/vote/perm.c), one row per role and place: who may run deliberation,
 * see unpublished minutes, list a vote's ballots, see one household's
 * ballot line and enter a paper ballot for it. No database: a question reads
 * only the principal and the object's places. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "vote/vote.h"

#define VOTE "/1/2/5/"          /* the vote's compound */
#define COMMUNITY "/1/2/"       /* the community above it */
#define OTHER "/1/2/6/"         /* another compound */
#define BUILDING "/1/2/5/9/"    /* a building of the vote's compound */
#define HOME "/1/2/5/9/30/"     /* a household in that building */
#define ELSEWHERE "/1/2/5/8/31/" /* a household in another building of it */

static Principal one(Grant *g, Role role, const char *path)
{
    *g = (Grant){role, 1, path, NULL};
    return (Principal){.user_id = 50, .username = "me", .display_name = "me", .n_grants = 1, .grants = g};
}

static void one_row_per_role_and_place(void **state)
{
    (void)state;
    static const struct {
        Role role;
        const char *place;
        bool manage, minutes, list, line_home, line_elsewhere, paper_home, paper_elsewhere;
    } rows[] = {
        {ROLE_RESIDENT, HOME, false, false, false, false, false, false, false},
        {ROLE_BUILDING_HEAD, BUILDING, false, false, true, true, false, true, false},
        {ROLE_MICRO_GRID_WORKER, BUILDING, false, false, false, false, false, false, false},
        {ROLE_GRID_WORKER, VOTE, false, false, false, false, false, false, false},
        {ROLE_COMMUNITY_STAFF, VOTE, true, true, true, true, true, true, true},
        {ROLE_COMMUNITY_STAFF, COMMUNITY, true, true, true, true, true, true, true},
        {ROLE_COMMUNITY_STAFF, OTHER, false, false, true, false, false, false, false},
        {ROLE_PARTY_BRANCH, VOTE, true, true, true, true, true, false, false},
        {ROLE_COMMITTEE, VOTE, true, true, true, true, true, true, true},
        {ROLE_FINANCE, VOTE, false, false, false, false, false, false, false},
        {ROLE_AUDITOR, VOTE, false, false, false, false, false, false, false},
        {ROLE_CONTRACTOR, VOTE, false, false, false, false, false, false, false},
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        Grant g;
        Principal p = one(&g, rows[i].role, rows[i].place);
        print_message("row %zu: role %d at %s\n", i, (int)rows[i].role, rows[i].place);
        assert_int_equal(delib_may_manage(&p, VOTE), rows[i].manage);
        assert_int_equal(delib_may_see_minutes(&p, VOTE, false), rows[i].minutes);
        assert_int_equal(vote_may_list_ballots(&p, VOTE), rows[i].list);
        assert_int_equal(vote_may_see_ballot_of(&p, VOTE, HOME), rows[i].line_home);
        assert_int_equal(vote_may_see_ballot_of(&p, VOTE, ELSEWHERE), rows[i].line_elsewhere);
        assert_int_equal(vote_may_enter_paper(&p, HOME), rows[i].paper_home);
        assert_int_equal(vote_may_enter_paper(&p, ELSEWHERE), rows[i].paper_elsewhere);
    }
}

static void published_minutes_are_for_everyone_and_nobody_signed_in_gets_nothing_else(void **state)
{
    (void)state;
    Grant g;
    Principal resident = one(&g, ROLE_RESIDENT, HOME);
    assert_true(delib_may_see_minutes(&resident, VOTE, true));
    assert_true(delib_may_see_minutes(NULL, VOTE, true));
    assert_false(delib_may_see_minutes(NULL, VOTE, false));
    assert_false(vote_may_list_ballots(NULL, VOTE));
    assert_false(vote_may_enter_paper(NULL, HOME));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(one_row_per_role_and_place),
        cmocka_unit_test(published_minutes_are_for_everyone_and_nobody_signed_in_gets_nothing_else),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
