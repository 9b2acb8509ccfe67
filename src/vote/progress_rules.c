/* progress_rules.c: the pure rule of a vote's progress (progress.h). */
#include "vote/progress.h"

#include <string.h>

int64_t vote_permille_floor(int64_t num, int64_t den)
{
    if (den <= 0 || num <= 0)
        return 0;
    /* areas stay below ART278_AREA_MAX (10^15), so num * 1000 fits */
    return num * 1000 / den;
}

void vote_progress_of(const Art278Result *r, VoteProgress *out)
{
    Art278Result d = *r;
    art278_decide(&d);
    memset(out, 0, sizeof *out);
    out->matter = d.matter;
    out->supermajority = d.supermajority;
    out->part_area = (VoteFrac){d.a_part, d.a_total, vote_permille_floor(d.a_part, d.a_total)};
    out->part_owners = (VoteFrac){d.n_part, d.n_total, vote_permille_floor(d.n_part, d.n_total)};
    out->yes_area = (VoteFrac){d.a_yes, d.a_part, vote_permille_floor(d.a_yes, d.a_part)};
    out->yes_owners = (VoteFrac){d.n_yes, d.n_part, vote_permille_floor(d.n_yes, d.n_part)};
    out->quorum_num = 2;
    out->quorum_den = 3;
    out->pass_num = d.supermajority ? 3 : 1;
    out->pass_den = d.supermajority ? 4 : 2;
    out->pass_strict = !d.supermajority;
    out->quorum_permille = vote_permille_floor(out->quorum_num, out->quorum_den);
    out->pass_permille = vote_permille_floor(out->pass_num, out->pass_den);
    out->quorum_area = d.quorum_area;
    out->quorum_owners = d.quorum_owners;
    out->pass_area = d.pass_area;
    out->pass_owners = d.pass_owners;
    out->passed = d.passed;
}
