/* test_art278.c: the Civil Code Art. 278 engine and the simple majority:
 * boundary tables at exactly 2/3, exactly 3/4 and exactly half, the
 * one-owner-many-units and developer rules, non-voters, flats nobody on the
 * register owns, and when a register is too incomplete to vote on. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "vote/art278.h"

/* The thresholds, stated directly on the figures. */
static void thresholds_at_the_exact_boundaries(void **state)
{
    (void)state;
    static const struct {
        const char *why;
        int matter;
        int64_t a_total, n_total, a_part, n_part, a_yes, n_yes;
        bool quorum, passed;
    } cases[] = {
        /* quorum: exactly two thirds holds, one short fails, on each axis */
        {"quorum exactly 2/3 of area and owners", 1, 300, 30, 200, 20, 101, 11, true, true},
        {"area one hundredth short of 2/3", 1, 300, 30, 199, 20, 100, 11, false, false},
        {"owners one short of 2/3", 1, 300, 30, 200, 19, 101, 10, false, false},
        {"2/3 of a total not divisible by 3 needs rounding up", 1, 100, 10, 67, 7, 67, 7, true, true},
        {"66.66% of area is not 2/3", 1, 100, 10, 66, 7, 66, 7, false, false},
        /* more than half: exactly half fails */
        {"yes exactly half of area fails", 5, 100, 10, 100, 10, 50, 6, true, false},
        {"yes exactly half of owners fails", 5, 100, 10, 100, 10, 51, 5, true, false},
        {"just over half on both passes", 5, 100, 10, 100, 10, 51, 6, true, true},
        {"odd participants: 3 of 5 owners", 9, 500, 5, 500, 5, 300, 3, true, true},
        /* three quarters: exactly 3/4 passes, one short fails */
        {"matter 7 exactly 3/4 of area and owners", 7, 400, 40, 400, 40, 300, 30, true, true},
        {"matter 7 area one short of 3/4", 7, 400, 40, 400, 40, 299, 30, true, false},
        {"matter 7 owners one short of 3/4", 7, 400, 40, 400, 40, 300, 29, true, false},
        {"matter 6 at 3/4 of participants, not of total", 6, 300, 30, 200, 20, 150, 15, true, true},
        {"matter 8 at 74% fails", 8, 100, 100, 100, 100, 74, 74, true, false},
        {"matter 5 needs only half: 74% passes", 5, 100, 100, 100, 100, 74, 74, true, true},
        {"matter 9 is not a three-quarter matter", 9, 100, 100, 100, 100, 51, 51, true, true},
        {"a great yes without quorum fails", 1, 300, 30, 150, 15, 150, 15, false, false},
        {"nobody votes in an empty register", 1, 0, 0, 0, 0, 0, 0, true, false},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        Art278Result r;
        memset(&r, 0, sizeof r);
        r.matter = cases[i].matter;
        r.a_total = cases[i].a_total;
        r.n_total = cases[i].n_total;
        r.a_part = cases[i].a_part;
        r.n_part = cases[i].n_part;
        r.a_yes = cases[i].a_yes;
        r.n_yes = cases[i].n_yes;
        art278_decide(&r);
        if (r.quorum != cases[i].quorum || r.passed != cases[i].passed)
            fail_msg("%s: quorum %d passed %d", cases[i].why, r.quorum, r.passed);
    }
}

static void matters_six_to_eight_need_three_quarters(void **state)
{
    (void)state;
    for (int m = 0; m <= 10; m++)
        assert_int_equal(art278_needs_three_quarters(m), m >= 6 && m <= 8);
    assert_string_equal(art278_matter_zh(7), "改建、重建建筑物及其附属设施");
    assert_string_equal(art278_matter_zh(10), "");
}

/* 139 households as in the pilot: 136 yes, 1 no, 2 did not vote -> 98%. */
static void the_pilot_renovation_vote_passes_with_98_percent(void **state)
{
    (void)state;
    Art278Unit units[139];
    Art278Ballot ballots[137];
    char keys[139][8];
    for (int i = 0; i < 139; i++) {
        snprintf(keys[i], sizeof keys[i], "o%03d", i);
        units[i] = (Art278Unit){keys[i], 6000, ART278_OWNER};
    }
    for (int i = 0; i < 137; i++)
        ballots[i] = (Art278Ballot){keys[i], i == 0 ? CHOICE_NO : CHOICE_YES};
    Art278Result r;
    assert_true(art278_count(7, units, 139, ballots, 137, false, &r));
    assert_int_equal(r.n_total, 139);
    assert_int_equal(r.a_total, 139 * 6000);
    assert_int_equal(r.n_part, 137);
    assert_int_equal(r.n_yes, 136);
    assert_int_equal(r.n_no, 1);
    assert_int_equal(r.n_nonvoter, 2);
    assert_true(r.quorum);
    assert_true(r.supermajority);
    assert_true(r.passed);
    assert_int_equal(r.n_yes * 100 / r.n_total, 97); /* 136/139 = 97.8%, shown rounded as 98% */
}

/* One person owning three flats is one owner with the three areas summed. */
static void an_owner_of_several_units_counts_once_with_area_summed(void **state)
{
    (void)state;
    const Art278Unit units[] = {
        {"alice", 5000, ART278_OWNER}, {"bob", 6000, ART278_OWNER},   {"alice", 7000, ART278_OWNER},
        {"carol", 6000, ART278_OWNER}, {"alice", 3000, ART278_OWNER},
    };
    const Art278Ballot ballots[] = {{"alice", CHOICE_YES}, {"bob", CHOICE_NO}};
    Art278Result r;
    assert_true(art278_count(1, units, 5, ballots, 2, false, &r));
    assert_int_equal(r.units, 5);
    assert_int_equal(r.n_total, 3);
    assert_int_equal(r.a_total, 27000);
    assert_int_equal(r.n_yes, 1);
    assert_int_equal(r.a_yes, 15000);
    assert_int_equal(r.n_part, 2);
    assert_int_equal(r.a_part, 21000);
    /* area quorum 3·21000 ≥ 2·27000 holds; owners 3·2 ≥ 2·3 holds;
     * yes by area 2·15000 > 21000 but by owners 2·1 > 2 fails */
    assert_true(r.quorum);
    assert_true(r.pass_area);
    assert_false(r.pass_owners);
    assert_false(r.passed);
}

/* The developer's unsold units together are one owner. */
static void the_developers_unsold_units_count_as_one_owner(void **state)
{
    (void)state;
    const Art278Unit units[] = {
        {"developer:1:甲", 6000, ART278_DEVELOPER}, {"developer:1:甲", 6000, ART278_DEVELOPER},
        {"developer:1:甲", 6000, ART278_DEVELOPER}, {"developer:1:甲", 6000, ART278_DEVELOPER},
        {"x", 6000, ART278_OWNER}, {"y", 6000, ART278_OWNER},
    };
    const Art278Ballot yes_dev[] = {{"developer:1:甲", CHOICE_YES}, {"x", CHOICE_NO}};
    Art278Result r;
    assert_true(art278_count(9, units, 6, yes_dev, 2, false, &r));
    assert_int_equal(r.n_total, 3);
    assert_int_equal(r.a_total, 36000);
    assert_int_equal(r.n_yes, 1);
    assert_int_equal(r.a_yes, 24000);
    assert_int_equal(r.n_part, 2);
    /* The developer's area alone cannot carry the owners' count. */
    assert_true(r.pass_area);
    assert_false(r.pass_owners);
    assert_false(r.passed);
}

static void non_voters_are_never_yes_unless_the_locality_switch_is_on(void **state)
{
    (void)state;
    const Art278Unit units[] = {{"a", 100, ART278_OWNER}, {"b", 100, ART278_OWNER}, {"c", 100, ART278_OWNER}, {"d", 100, ART278_OWNER}};
    const Art278Ballot ballots[] = {{"a", CHOICE_YES}, {"b", CHOICE_YES}, {"c", CHOICE_NO}};
    Art278Result off, on;
    assert_true(art278_count(7, units, 4, ballots, 3, false, &off));
    assert_int_equal(off.n_yes, 2);
    assert_int_equal(off.n_nonvoter, 1);
    assert_false(off.passed); /* 2 of 3 is less than 3/4 */
    assert_true(art278_count(7, units, 4, ballots, 3, true, &on));
    assert_true(on.nonvoters_yes);
    assert_int_equal(on.n_yes, 3);
    assert_int_equal(on.n_part, 4);
    assert_true(on.passed); /* 3 of 4: exactly three quarters */
}

static void abstentions_take_part_but_are_not_yes(void **state)
{
    (void)state;
    const Art278Unit units[] = {{"a", 100, ART278_OWNER}, {"b", 100, ART278_OWNER}, {"c", 100, ART278_OWNER}, {"d", 100, ART278_OWNER}};
    const Art278Ballot ballots[] = {{"a", CHOICE_YES}, {"b", CHOICE_YES}, {"c", CHOICE_ABSTAIN}, {"d", CHOICE_ABSTAIN}};
    Art278Result r;
    assert_true(art278_count(5, units, 4, ballots, 4, false, &r));
    assert_int_equal(r.n_part, 4);
    assert_int_equal(r.n_abstain, 2);
    assert_false(r.passed); /* 2 of 4 is exactly half, not more */
}

static void the_last_ballot_of_a_key_wins_and_strangers_are_ignored(void **state)
{
    (void)state;
    const Art278Unit units[] = {{"a", 100, ART278_OWNER}, {"b", 100, ART278_OWNER}, {"c", 100, ART278_OWNER}};
    const Art278Ballot ballots[] = {
        {"a", CHOICE_NO}, {"zz", CHOICE_YES}, {"b", CHOICE_YES}, {"a", CHOICE_YES}, {"0", CHOICE_YES}, {"c", CHOICE_YES},
    };
    Art278Result r;
    assert_true(art278_count(1, units, 3, ballots, 6, false, &r));
    assert_int_equal(r.n_yes, 3);
    assert_int_equal(r.n_no, 0);
    assert_int_equal(r.ignored_ballots, 2);
}

static void bad_input_is_refused(void **state)
{
    (void)state;
    Art278Result r;
    const Art278Unit ok[] = {{"a", 100, ART278_OWNER}};
    const Art278Unit negative[] = {{"a", -1, ART278_OWNER}};
    const Art278Unit nokey[] = {{NULL, 100, ART278_OWNER}};
    const Art278Unit huge[] = {{"a", ART278_AREA_MAX, ART278_OWNER}, {"b", 1, ART278_OWNER}};
    assert_false(art278_count(0, ok, 1, NULL, 0, false, &r));
    assert_false(art278_count(10, ok, 1, NULL, 0, false, &r));
    assert_false(art278_count(1, negative, 1, NULL, 0, false, &r));
    assert_false(art278_count(1, nokey, 1, NULL, 0, false, &r));
    assert_false(art278_count(1, huge, 2, NULL, 0, false, &r));
    /* The largest register accepted still decides without overflow. */
    const Art278Unit max[] = {{"a", ART278_AREA_MAX - 1, ART278_OWNER}, {"b", 1, ART278_OWNER}};
    /* an unregistered flat needs no key */
    const Art278Unit unknown[] = {{NULL, 100, ART278_UNREGISTERED}};
    assert_true(art278_count(1, unknown, 1, NULL, 0, false, &r));
    const Art278Ballot all[] = {{"a", CHOICE_YES}, {"b", CHOICE_YES}};
    assert_true(art278_count(7, max, 2, all, 2, false, &r));
    assert_int_equal(r.a_yes, ART278_AREA_MAX);
    assert_true(r.passed);
}

/* 47 flats, 3 with an owner on the register: the 44 others are 44 owners
 * of their area who did not vote, so 3 yes votes are far from a quorum. */
static void a_flat_with_no_registered_owner_is_one_owner_who_did_not_vote(void **state)
{
    (void)state;
    Art278Unit units[47];
    for (int i = 0; i < 47; i++)
        units[i] = (Art278Unit){NULL, 6000, ART278_UNREGISTERED};
    units[0] = (Art278Unit){"a", 6000, ART278_OWNER};
    units[1] = (Art278Unit){"b", 6000, ART278_OWNER};
    units[2] = (Art278Unit){"c", 6000, ART278_OWNER};
    const Art278Ballot ballots[] = {{"a", CHOICE_YES}, {"b", CHOICE_YES}, {"c", CHOICE_YES}};
    Art278Result r;
    assert_true(art278_count(5, units, 47, ballots, 3, false, &r));
    assert_int_equal(r.units, 47);
    assert_int_equal(r.n_total, 47);
    assert_int_equal(r.a_total, 47 * 6000);
    assert_int_equal(r.n_yes, 3);
    assert_int_equal(r.n_nonvoter, 44);
    assert_int_equal(r.a_nonvoter, 44 * 6000);
    assert_int_equal(r.units_unregistered, 44);
    assert_int_equal(r.a_unregistered, 44 * 6000);
    assert_int_equal(r.units_incomplete, 44);
    assert_false(r.quorum);
    assert_false(r.passed);
    /* the locality's non-voters-say-yes rule cannot reach owners nobody could tell of the vote */
    Art278Result on;
    assert_true(art278_count(5, units, 47, ballots, 3, true, &on));
    assert_int_equal(on.n_yes, 3);
    assert_int_equal(on.n_part, 3);
    assert_false(on.passed);
    /* and a ballot cannot name an unregistered flat: it has no key */
    const Art278Ballot stray[] = {{"", CHOICE_YES}};
    assert_true(art278_count(5, units, 47, stray, 1, false, &r));
    assert_int_equal(r.ignored_ballots, 1);
    assert_int_equal(r.n_yes, 0);
}

/* Each developer's unsold flats are one owner; two developers are two. */
static void two_developers_are_two_owners_and_their_share_is_shown(void **state)
{
    (void)state;
    const Art278Unit units[] = {
        {"developer:7:甲置业", 6000, ART278_DEVELOPER}, {"developer:7:甲置业", 6000, ART278_DEVELOPER},
        {"developer:7:乙置业", 5000, ART278_DEVELOPER}, {"x", 6000, ART278_OWNER},
        {"y", 6000, ART278_OWNER},                     {"developer:7:甲置业", 7000, ART278_DEVELOPER},
    };
    Art278Result r;
    assert_true(art278_count(9, units, 6, NULL, 0, false, &r));
    assert_int_equal(r.n_total, 4);
    assert_int_equal(r.units_developer, 4);
    assert_int_equal(r.n_developer, 2);
    assert_int_equal(r.a_developer, 24000);
    assert_int_equal(r.units_unregistered, 0);
}

/* A flat whose area is not registered still counts by heads, with no area,
 * and is named as incomplete. */
static void a_flat_without_area_counts_by_heads_and_is_incomplete(void **state)
{
    (void)state;
    const Art278Unit units[] = {{"a", 6000, ART278_OWNER}, {"b", 0, ART278_OWNER}, {NULL, 0, ART278_UNREGISTERED}};
    const Art278Ballot ballots[] = {{"b", CHOICE_YES}};
    Art278Result r;
    assert_true(art278_count(1, units, 3, ballots, 1, false, &r));
    assert_int_equal(r.n_total, 3);
    assert_int_equal(r.a_total, 6000);
    assert_int_equal(r.n_yes, 1);
    assert_int_equal(r.a_yes, 0);
    assert_int_equal(r.units_without_area, 2);
    assert_int_equal(r.units_incomplete, 2); /* the unregistered flat without area is one incomplete flat */
}

/* The register is too incomplete for a vote above max_pct percent of flats
 * missing an owner or an area: exactly 10% is still usable. */
static void a_register_is_too_incomplete_above_the_threshold(void **state)
{
    (void)state;
    static const struct {
        int64_t units, incomplete;
        int pct;
        bool too;
    } cases[] = {
        {47, 44, 10, true},  {100, 10, 10, false}, {100, 11, 10, true}, {139, 13, 10, false},
        {139, 14, 10, true}, {10, 0, 0, false},    {10, 1, 0, true},    {0, 0, 10, true},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        if (art278_register_too_incomplete(cases[i].units, cases[i].incomplete, cases[i].pct) != cases[i].too)
            fail_msg("case %zu: %lld of %lld at %d%%", i, (long long)cases[i].incomplete, (long long)cases[i].units,
                     cases[i].pct);
}

static void simple_majority_of_votes_cast_with_optional_quorum(void **state)
{
    (void)state;
    SimpleResult s;
    simple_decide_yes_no(100, 0, 5, 4, 0, &s);
    assert_true(s.passed);
    simple_decide_yes_no(100, 0, 5, 5, 0, &s);
    assert_false(s.passed); /* a tie is not a majority */
    simple_decide_yes_no(100, 0, 5, 4, 1, &s);
    assert_false(s.passed); /* 5 of 10 cast is exactly half */
    simple_decide_yes_no(100, 50, 30, 10, 9, &s);
    assert_false(s.quorum); /* 49 of 100 below a 50% quorum */
    assert_false(s.passed);
    simple_decide_yes_no(100, 50, 30, 10, 10, &s);
    assert_true(s.quorum); /* exactly 50% */
    assert_true(s.passed);
    const int64_t names[] = {40, 70, 69};
    simple_decide_options(200, 0, 179, names, 3, &s);
    assert_int_equal(s.winner, 1);
    assert_true(s.passed);
    const int64_t tie[] = {40, 70, 70};
    simple_decide_options(200, 0, 180, tie, 3, &s);
    assert_int_equal(s.winner, -1);
    assert_false(s.passed);
    const int64_t none[] = {0, 0};
    simple_decide_options(200, 0, 0, none, 2, &s);
    assert_int_equal(s.winner, -1);
}

/* What a resident reads while a vote is open: how many more owners (or
 * how much more area) must take part; each boundary one row. */
static void the_quorum_gap_is_the_least_that_reaches_two_thirds(void **state)
{
    (void)state;
    static const struct {
        int64_t part, total, gap;
    } cases[] = {
        {0, 0, 0},   {0, 3, 2},   {1, 3, 1},   {2, 3, 0},     {3, 3, 0},       {0, 134, 90}, {89, 134, 1},
        {90, 134, 0}, {2, 134, 88}, {0, 1, 1},  {1, 1, 0},     {0, 2, 2},       {1, 2, 1},    {0, 1000000, 666667},
        {666666, 1000000, 1}, {666667, 1000000, 0},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        int64_t g = art278_quorum_gap(cases[i].part, cases[i].total);
        if (g != cases[i].gap)
            fail_msg("case %zu: %lld of %lld: gap %lld, want %lld", i, (long long)cases[i].part, (long long)cases[i].total,
                     (long long)g, (long long)cases[i].gap);
        /* and it is the least: one less would miss two thirds */
        assert_true(3 * (cases[i].part + g) >= 2 * cases[i].total);
        assert_true(g == 0 || 3 * (cases[i].part + g - 1) < 2 * cases[i].total);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(thresholds_at_the_exact_boundaries),
        cmocka_unit_test(matters_six_to_eight_need_three_quarters),
        cmocka_unit_test(the_pilot_renovation_vote_passes_with_98_percent),
        cmocka_unit_test(an_owner_of_several_units_counts_once_with_area_summed),
        cmocka_unit_test(the_developers_unsold_units_count_as_one_owner),
        cmocka_unit_test(non_voters_are_never_yes_unless_the_locality_switch_is_on),
        cmocka_unit_test(abstentions_take_part_but_are_not_yes),
        cmocka_unit_test(the_last_ballot_of_a_key_wins_and_strangers_are_ignored),
        cmocka_unit_test(bad_input_is_refused),
        cmocka_unit_test(a_flat_with_no_registered_owner_is_one_owner_who_did_not_vote),
        cmocka_unit_test(two_developers_are_two_owners_and_their_share_is_shown),
        cmocka_unit_test(a_flat_without_area_counts_by_heads_and_is_incomplete),
        cmocka_unit_test(a_register_is_too_incomplete_above_the_threshold),
        cmocka_unit_test(simple_majority_of_votes_cast_with_optional_quorum),
        cmocka_unit_test(the_quorum_gap_is_the_least_that_reaches_two_thirds),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
