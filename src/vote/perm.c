/* perm.c: the vote capability's permission questions that are more than one
 * grant lookup, each answered here once (may this person see a meeting's
 * minutes? the ballots of a vote? this household's ballot? enter a paper
 * ballot for it?). Each is a pure rule over the principal's grants and the
 * object's facts (tests/unit/test_vote_perm.c has one row per role and
 * place); the API and the pages both ask here, so what a page shows and
 * what the API answers cannot drift apart. */
#include "vote/vote.h"

bool delib_may_manage(const Principal *who, const char *node_path)
{
    return perm_allows(who, PERM_DELIB_MANAGE, node_path);
}

bool delib_may_see_minutes(const Principal *who, const char *meeting_path, bool published)
{
    /* minutes are for everyone once approved and published; before that,
     * for those who run the meeting */
    return published || delib_may_manage(who, meeting_path);
}

bool vote_may_enter_paper(const Principal *who, const char *household_path)
{
    return perm_allows(who, PERM_PAPER_BALLOT, household_path);
}

bool vote_may_list_ballots(const Principal *who, const char *vote_path)
{
    /* a building head (paper ballots somewhere) sees the lines in reach */
    return delib_may_manage(who, vote_path) || vote_may_enter_paper(who, NULL);
}

bool vote_may_see_ballot_of(const Principal *who, const char *vote_path, const char *household_path)
{
    return delib_may_manage(who, vote_path) || vote_may_enter_paper(who, household_path);
}
