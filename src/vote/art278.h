/* art278.h: the Civil Code Art. 278 owners' vote, and the simple majority
 * used for every other vote. Pure functions: values in, values out, integer
 * arithmetic only (no I/O), pinned by tests/unit/test_art278.c. */
#ifndef GZ_VOTE_ART278_H
#define GZ_VOTE_ART278_H
#include <stdbool.h>
#include <stdint.h>

/* A ballot's answer on a yes/no matter. */
typedef enum { CHOICE_NONE = 0, CHOICE_YES, CHOICE_NO, CHOICE_ABSTAIN } Art278Choice;

/* One exclusive unit of the register: who owns it (owner.owner_key: the
 * keyed hash of the person's ID number, or "developer" for all the
 * developer's unsold units) and its exclusive area in 0.01 m². */
typedef struct Art278Unit {
    const char *owner_key;
    int64_t area;
} Art278Unit;

/* One counted ballot: the owner's key and their answer. */
typedef struct Art278Ballot {
    const char *owner_key;
    Art278Choice choice;
} Art278Ballot;

/* The largest total area accepted (0.01 m²): 10^15, i.e. 10^13 m². With it,
 * 4 × area stays below 4.1·10^15, far inside int64 (9.2·10^18); owner counts
 * are bounded by the unit count (an int), so no product below can overflow. */
#define ART278_AREA_MAX INT64_C(1000000000000000)

/* Every figure a resident needs to check the result by hand. */
typedef struct Art278Result {
    int matter;               /* 1..9 */
    bool supermajority;       /* matters 6-8: three quarters; else more than half */
    bool nonvoters_yes;       /* the locality switch that was applied */
    int64_t units;            /* exclusive units in the register */
    int64_t a_total, n_total; /* area (0.01 m²) and owners of the electorate */
    int64_t a_part, n_part;   /* who took part (yes + no + abstain) */
    int64_t a_yes, n_yes;
    int64_t a_no, n_no;
    int64_t a_abstain, n_abstain;
    int64_t a_nonvoter, n_nonvoter; /* counted as yes only with nonvoters_yes */
    int64_t ignored_ballots;  /* ballots whose key owns nothing in the register */
    bool quorum_area, quorum_owners, quorum;   /* 3·A_part ≥ 2·A_total, 3·N_part ≥ 2·N_total */
    bool pass_area, pass_owners;               /* the outcome's two tests */
    bool passed;              /* quorum and both outcome tests */
} Art278Result;

/* True for matters 6, 7 and 8 (raising funds, rebuilding, changing the use
 * of common parts), which need three quarters of the participants. */
bool art278_needs_three_quarters(int matter);

/* Chinese name of a matter 1..9, "" otherwise. */
const char *art278_matter_zh(int matter);
const char *art278_matter_en(int matter);

/* Counts an Art. 278 vote. Units with the same owner_key are one owner with
 * their areas summed (so all of the developer's unsold units count once);
 * each owner's answer is the choice of their ballot (the last one given for
 * the key wins; callers store one per voter). Owners without a ballot are
 * non-voters: not participating, never yes, unless nonvoters_yes (a
 * locality's rule, off by default) counts them as participating yes votes.
 * Returns false (result untouched) for matter outside 1..9, a unit with a
 * NULL key or area ≤ 0, or a total area above ART278_AREA_MAX. */
bool art278_count(int matter, const Art278Unit *units, int n_units, const Art278Ballot *ballots, int n_ballots,
                  bool nonvoters_yes, Art278Result *out);

/* Applies the thresholds to the counted figures (used by art278_count;
 * exposed so the table tests can state boundary cases directly). Fills
 * quorum_*, pass_* and passed from the a_/n_ figures and matter. */
void art278_decide(Art278Result *r);

/* A vote outside Art. 278 (naming, event choices, council decisions):
 * passes when quorum holds (100·cast ≥ quorum_pct·electorate; quorum_pct 0 =
 * none) and, for a yes/no question, 2·yes > cast (more than half of the
 * votes cast, abstentions included in cast); for a choice among options,
 * the winner is the single option with the most votes (a tie has none). */
typedef struct SimpleResult {
    int64_t electorate, cast;
    int quorum_pct;
    bool quorum;
    int64_t yes, no, abstain;  /* yes/no questions */
    int winner;               /* option index, -1 for none (tie, no votes, or yes/no) */
    bool passed;
} SimpleResult;

/* yes/no question. */
void simple_decide_yes_no(int64_t electorate, int quorum_pct, int64_t yes, int64_t no, int64_t abstain,
                          SimpleResult *out);
/* Choice among n options; votes[i] = ballots naming option i; cast = ballots
 * (a multiple-choice ballot names several options but is cast once). */
void simple_decide_options(int64_t electorate, int quorum_pct, int64_t cast, const int64_t *votes, int n,
                           SimpleResult *out);

#endif
