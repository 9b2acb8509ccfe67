/* test_levy.c: the levy rule against hand-computed households, the split of
 * a cost by area, the top-up rule, and the statement parsers. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "funds/funds.h"

/* Hand-computed: 5 yuan/m² = 500 fen per m², area in 0.01 m², so
 * fen = area·500/100 rounded half up; the percent rule is area·base·bp/10^6. */
static void levy_matches_hand_computed_households(void **state)
{
    (void)state;
    static const struct {
        LevyRule rule;
        int64_t area, rate, base, fen;
        const char *why;
    } cases[] = {
        {LEVY_PER_AREA, 6025, 500, 0, 30125, "60.25 m² x 5 yuan = 301.25 yuan"},
        {LEVY_PER_AREA, 5800, 500, 0, 29000, "58.00 m² = 290.00 yuan"},
        {LEVY_PER_AREA, 6491, 500, 0, 32455, "64.91 m² = 324.55 yuan"},
        {LEVY_PER_AREA, 1, 500, 0, 5, "0.01 m² = 5 fen"},
        {LEVY_PER_AREA, 6025, 333, 0, 20063, "60.25 x 3.33 = 200.6325 -> 200.63"},
        {LEVY_PER_AREA, 6015, 333, 0, 20030, "60.15 x 3.33 = 200.2995 -> 200.30 (half up)"},
        {LEVY_PER_AREA, 5, 10, 0, 1, "0.05 m² x 0.10 yuan = 0.5 fen -> 1 (half up)"},
        {LEVY_PER_AREA, 4, 10, 0, 0, "0.04 m² x 0.10 yuan = 0.4 fen -> 0"},
        {LEVY_PERCENT, 6025, 500, 150000, 451875, "5% of 1500 yuan/m² on 60.25 m² = 4518.75 yuan"},
        {LEVY_PERCENT, 6025, 1, 150003, 904, "0.01% of 1500.03 yuan/m² on 60.25 m² = 903.768 fen -> 904"},
        {LEVY_PERCENT, 6000, 800, 200000, 960000, "8% of 2000 yuan/m² on 60 m² = 9600.00 yuan"},
        {LEVY_PERCENT, 6000, 500, 0, -1, "percent needs a base"},
        {LEVY_PER_AREA, 0, 500, 0, -1, "no area"},
        {LEVY_PER_AREA, -6025, 500, 0, -1, "negative area"},
        {LEVY_PER_AREA, 6025, 0, 0, -1, "zero rate"},
        {LEVY_PER_AREA, INT64_MAX, INT64_MAX, 0, -1, "overflow is refused, not wrapped"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        int64_t got = levy_amount(cases[i].rule, cases[i].area, cases[i].rate, cases[i].base);
        if (got != cases[i].fen)
            fail_msg("%s: got %lld, want %lld", cases[i].why, (long long)got, (long long)cases[i].fen);
    }
    LevyRule r;
    assert_true(levy_rule_parse("per_area", &r) && r == LEVY_PER_AREA);
    assert_true(levy_rule_parse("percent", &r) && r == LEVY_PERCENT);
    assert_false(levy_rule_parse("flat", &r));
    assert_false(levy_rule_parse(NULL, &r));
}

static void a_cost_splits_by_area_to_the_fen(void **state)
{
    (void)state;
    int64_t out[4];
    const int64_t eq[3] = {100, 100, 100};
    assert_true(funds_split(100, eq, 3, out));
    assert_int_equal(out[0], 34); /* 33.33 each; the one left over goes to the first of the tied */
    assert_int_equal(out[1], 33);
    assert_int_equal(out[2], 33);
    const int64_t areas[4] = {6025, 5800, 6491, 0};
    assert_true(funds_split(30000, areas, 4, out));
    /* 30000·6025/18316 = 9868.42, ·5800/18316 = 9499.89, ·6491/18316 = 10631.69: floors
     * 29998, the two fen left go to the largest remainders (.89 and .69) */
    assert_int_equal(out[0], 9868);
    assert_int_equal(out[1], 9500);
    assert_int_equal(out[2], 10632);
    assert_int_equal(out[3], 0);
    assert_int_equal(out[0] + out[1] + out[2] + out[3], 30000);
    const int64_t zero[2] = {0, 0}, neg[2] = {5, -1};
    assert_false(funds_split(10, zero, 2, out));
    assert_false(funds_split(10, neg, 2, out));
    assert_false(funds_split(-1, eq, 3, out));
    assert_false(funds_split(10, eq, 0, out));
}

static void top_up_is_due_below_thirty_percent_of_the_first_deposit(void **state)
{
    (void)state;
    static const struct { int64_t balance, first; bool due; } cases[] = {
        {30125, 30125, false}, {9038, 30125, false}, /* 30.001% */
        {9037, 30125, true},                         /* 29.998% */
        {3000, 10000, false},                        /* exactly 30% is not below */
        {2999, 10000, true}, {0, 10000, true}, {-500, 10000, true},
        {0, 0, false},                               /* no first deposit: nothing to top up */
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        if (funds_topup_due(cases[i].balance, cases[i].first) != cases[i].due)
            fail_msg("balance %lld of first %lld", (long long)cases[i].balance, (long long)cases[i].first);
}

static void statement_money_and_days_parse_without_floating_point(void **state)
{
    (void)state;
    static const struct { const char *s; bool ok; int64_t fen; } money[] = {
        {"1234.56", true, 123456}, {"-50", true, -5000}, {"+3.5", true, 350}, {" 0.01 ", true, 1},
        {"1280000.00", true, 128000000}, {"5.001", false, 0}, {"1,000", false, 0}, {"", false, 0},
        {"abc", false, 0}, {"5.", false, 0}, {".5", false, 0}, {"--5", false, 0},
    };
    for (size_t i = 0; i < sizeof money / sizeof money[0]; i++) {
        int64_t fen = 0;
        bool ok = funds_parse_money(money[i].s, &fen);
        if (ok != money[i].ok || (ok && fen != money[i].fen))
            fail_msg("money '%s'", money[i].s);
    }
}

/* Interest on the maintenance fund is shared out with the same split:
 * integer fen, the fen left over one each to the largest remainders, ties
 * to the lower index, and the shares always sum to the interest exactly. */
static void interest_shares_out_by_area_to_the_fen(void **state)
{
    (void)state;
    static const struct {
        int64_t interest;
        int n;
        int64_t areas[5], want[5];
    } cases[] = {
        {1, 3, {6025, 6025, 6025}, {1, 0, 0}},                 /* one fen: the first of the tied */
        {2, 3, {6025, 6025, 6025}, {1, 1, 0}},
        {100, 2, {7500, 2500}, {75, 25}},                      /* exact shares, nothing left over */
        {12345, 3, {6025, 5800, 6491}, {4061, 3909, 4375}},    /* 4061.17, 3909.05, 4374.78: the one fen left to .78 */
        {7, 4, {100, 200, 300, 400}, {1, 1, 2, 3}},            /* 0.7, 1.4, 2.1, 2.8: floors 0,1,2,2, left 2 -> .8 and .7 */
        {0, 2, {100, 100}, {0, 0}},                            /* no interest, no shares */
        {50, 3, {0, 100, 0}, {0, 50, 0}},                      /* no area, no share */
        {99999, 5, {1, 1, 1, 1, 1}, {20000, 20000, 20000, 20000, 19999}},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        int64_t out[5] = {0}, sum = 0;
        assert_true(funds_split(cases[i].interest, cases[i].areas, cases[i].n, out));
        for (int k = 0; k < cases[i].n; k++) {
            if (out[k] != cases[i].want[k])
                fail_msg("case %zu household %d: %lld, want %lld", i, k, (long long)out[k], (long long)cases[i].want[k]);
            sum += out[k];
        }
        assert_int_equal(sum, cases[i].interest);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(levy_matches_hand_computed_households),
        cmocka_unit_test(a_cost_splits_by_area_to_the_fen),
        cmocka_unit_test(interest_shares_out_by_area_to_the_fen),
        cmocka_unit_test(top_up_is_due_below_thirty_percent_of_the_first_deposit),
        cmocka_unit_test(statement_money_and_days_parse_without_floating_point),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
