/* art278.h: the Civil Code Art. 278 owners' vote, and the simple majority
 * used for every other vote. Pure functions: values in, values out, integer
 * arithmetic only (no I/O), pinned by tests/unit/test_art278.c. */
#ifndef GZ_VOTE_ART278_H
#define GZ_VOTE_ART278_H
#include <stdbool.h>
#include <stdint.h>

/* A ballot's answer on a yes/no matter. */
typedef enum { CHOICE_NONE = 0, CHOICE_YES, CHOICE_NO, CHOICE_ABSTAIN } Art278Choice;

/* Who holds an exclusive unit. */
typedef enum {
    ART278_OWNER = 0,      /* an owner on the register (a person) */
    ART278_DEVELOPER,      /* the developer's unsold or undelivered units */
    ART278_UNREGISTERED,   /* nobody on the register: an owner we do not know */
} Art278Holder;

/* One exclusive unit (flat) of the scope: who owns it (owner.owner_key: the
 * keyed hash of the person's ID number, or the developer's key, one per
 * developer and compound; ignored for ART278_UNREGISTERED), and its
 * exclusive area in 0.01 m² (0 when the register has no area for it). */
typedef struct Art278Unit {
    const char *owner_key;
    int64_t area;
    Art278Holder holder;
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
    /* How complete the register is, for everyone to see beside the result: */
    int64_t units_unregistered, a_unregistered; /* units with no owner on the register (each one owner, not voted) */
    int64_t units_without_area;                 /* units whose area is not registered (counted with 0) */
    int64_t units_incomplete;                   /* units missing an owner, an area, or both */
    int64_t units_developer, n_developer, a_developer; /* the developers' unsold units: units, owners (one per developer), area */
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

/* Counts an Art. 278 vote. A_total and N_total cover every unit given:
 * units with the same owner_key are one owner with their areas summed (so a
 * developer's unsold units count once, and one person's several flats
 * once); a unit nobody on the register owns (ART278_UNREGISTERED) is one
 * owner of its area who did not vote. Each owner's answer is the choice of
 * their ballot (the last one given for the key wins; callers store one per
 * voter). Owners without a ballot are non-voters: not participating, never
 * yes, unless nonvoters_yes (a locality's rule, off by default) counts them
 * as participating yes votes; even then an unregistered unit stays a
 * non-voter, since its owner could not be told of the vote.
 * Returns false (result untouched) for matter outside 1..9, a registered
 * unit with a NULL key, an area below 0 or above ART278_AREA_MAX, or a
 * total area above ART278_AREA_MAX. */
bool art278_count(int matter, const Art278Unit *units, int n_units, const Art278Ballot *ballots, int n_ballots,
                  bool nonvoters_yes, Art278Result *out);

/* True when a register is too incomplete for a meaningful owners' vote:
 * more than max_pct percent of its units lack an owner or an area
 * (100·incomplete > max_pct·units), or it has no unit at all. */
/* How much more must take part for the two-thirds quorum: the least x >= 0
 * with 3 * (part + x) >= 2 * total (area in 0.01 m², or owners). */
int64_t art278_quorum_gap(int64_t part, int64_t total);
bool art278_register_too_incomplete(int64_t units, int64_t incomplete, int max_pct);

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
