/* test_vote_progress.c: a vote's progress toward its thresholds (vote/
 * progress.h): the fractions, the lines drawn, and the exact answers of
 * art278_decide beside the rounded per-mille a chart shows, one row per
 * boundary. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "vote/progress.h"

static void permille_rounds_down_and_is_zero_over_nothing(void **state)
{
    (void)state;
    static const struct { int64_t num, den, want; } rows[] = {
        {0, 5, 0}, {1, 1, 1000}, {2, 3, 666}, {1, 3, 333}, {3, 4, 750}, {1999, 2000, 999}, {5, 0, 0}, {0, 0, 0},
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++)
        assert_int_equal(vote_permille_floor(rows[i].num, rows[i].den), rows[i].want);
}

static Art278Result figures(int matter, int64_t a_total, int64_t n_total, int64_t a_part, int64_t n_part, int64_t a_yes,
                            int64_t n_yes)
{
    Art278Result r;
    memset(&r, 0, sizeof r);
    r.matter = matter;
    r.a_total = a_total;
    r.n_total = n_total;
    r.a_part = a_part;
    r.n_part = n_part;
    r.a_yes = a_yes;
    r.n_yes = n_yes;
    return r;
}

static void thresholds_are_exact_while_the_bars_round_down(void **state)
{
    (void)state;
    static const struct {
        int matter;
        int64_t a_total, n_total, a_part, n_part, a_yes, n_yes;
        bool quorum_area, quorum_owners, pass_area, pass_owners, passed;
        int64_t part_area_pm, yes_owners_pm;
    } rows[] = {
        /* exactly two thirds takes part: reached, though the bar shows 666 ‰ */
        {1, 300, 3, 200, 2, 200, 2, true, true, true, true, true, 666, 1000},
        /* a hair under two thirds: not reached, the same 666 ‰ */
        {1, 3000, 3, 1999, 2, 1999, 2, false, true, true, true, false, 666, 1000},
        /* half agreeing is not more than half */
        {1, 100, 4, 100, 4, 50, 2, true, true, false, false, false, 1000, 500},
        /* a majority by one owner */
        {1, 100, 3, 100, 3, 51, 2, true, true, true, true, true, 1000, 666},
        /* matters 6-8: three quarters exactly is enough */
        {7, 400, 4, 400, 4, 300, 3, true, true, true, true, true, 1000, 750},
        /* and just under is not */
        {7, 9900, 99, 9900, 99, 7424, 74, true, true, false, false, false, 1000, 747},
        /* nobody took part: no bar, nothing passes */
        {1, 100, 3, 0, 0, 0, 0, false, false, false, false, false, 0, 0},
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        Art278Result a = figures(rows[i].matter, rows[i].a_total, rows[i].n_total, rows[i].a_part, rows[i].n_part,
                                 rows[i].a_yes, rows[i].n_yes);
        VoteProgress p;
        vote_progress_of(&a, &p);
        assert_int_equal(p.quorum_area, rows[i].quorum_area);
        assert_int_equal(p.quorum_owners, rows[i].quorum_owners);
        assert_int_equal(p.pass_area, rows[i].pass_area);
        assert_int_equal(p.pass_owners, rows[i].pass_owners);
        assert_int_equal(p.passed, rows[i].passed);
        assert_int_equal(p.part_area.permille, rows[i].part_area_pm);
        assert_int_equal(p.yes_owners.permille, rows[i].yes_owners_pm);
        assert_int_equal(p.part_area.num, rows[i].a_part);
        assert_int_equal(p.part_area.den, rows[i].a_total);
        assert_int_equal(p.yes_area.den, rows[i].a_part);
    }
}

static void the_lines_follow_the_matter(void **state)
{
    (void)state;
    static const struct { int matter; int num, den; int64_t pm; bool strict; } rows[] = {
        {1, 1, 2, 500, true}, {5, 1, 2, 500, true}, {6, 3, 4, 750, false},
        {7, 3, 4, 750, false}, {8, 3, 4, 750, false}, {9, 1, 2, 500, true},
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        Art278Result a = figures(rows[i].matter, 1, 1, 1, 1, 1, 1);
        VoteProgress p;
        vote_progress_of(&a, &p);
        assert_int_equal(p.quorum_num, 2);
        assert_int_equal(p.quorum_den, 3);
        assert_int_equal(p.quorum_permille, 666);
        assert_int_equal(p.pass_num, rows[i].num);
        assert_int_equal(p.pass_den, rows[i].den);
        assert_int_equal(p.pass_permille, rows[i].pm);
        assert_int_equal(p.pass_strict, rows[i].strict);
        assert_int_equal(p.matter, rows[i].matter);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(permille_rounds_down_and_is_zero_over_nothing),
        cmocka_unit_test(thresholds_are_exact_while_the_bars_round_down),
        cmocka_unit_test(the_lines_follow_the_matter),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
