/* test_life_rules.c: the pure rules of community life, a table per rule
 * (each boundary one row): seats, the waiting list moving up, points per
 * activity, the rest rule, and the rota generator (availability and rest
 * respected, hours balanced, same seed same rota); and the completeness of
 * life/messages.c. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "life/web_int.h"

static void seats(void **state)
{
    (void)state;
    static const struct { int64_t cap, taken, party; bool ok; } t[] = {
        {1, 0, 1, true},  {1, 1, 1, false}, {5, 3, 2, true}, {5, 3, 3, false},
        {5, 0, 0, false}, {5, 0, -1, false}, {5, 5, 1, false}, {10, 0, 10, true},
    };
    for (size_t i = 0; i < sizeof t / sizeof t[0]; i++)
        if (life_seat_free(t[i].cap, t[i].taken, t[i].party) != t[i].ok)
            fail_msg("row %zu", i);
}

static void the_line_moves_up_in_order_and_a_large_party_keeps_its_place(void **state)
{
    (void)state;
    static const struct {
        int64_t free;
        int n;
        int64_t parties[5];
        int promoted;
        bool up[5];
    } t[] = {
        {0, 3, {1, 1, 1}, 0, {0, 0, 0}},
        {1, 3, {1, 1, 1}, 1, {1, 0, 0}},
        {2, 3, {1, 1, 1}, 2, {1, 1, 0}},
        {2, 3, {4, 1, 1}, 2, {0, 1, 1}}, /* the household of four waits; the two singles go */
        {4, 3, {4, 1, 1}, 1, {1, 0, 0}},
        {5, 3, {2, 4, 3}, 2, {1, 0, 1}},
        {3, 0, {0}, 0, {0}},
    };
    for (size_t i = 0; i < sizeof t / sizeof t[0]; i++) {
        bool up[5] = {0};
        assert_int_equal(life_promote(t[i].free, t[i].parties, t[i].n, up), t[i].promoted);
        for (int k = 0; k < t[i].n; k++)
            if (up[k] != t[i].up[k])
                fail_msg("row %zu item %d", i, k);
    }
}

static void points_per_activity(void **state)
{
    (void)state;
    static const struct { LifePointsKind k; int64_t base, minutes, want; } t[] = {
        {LP_EVENT, 10, 0, 10},   {LP_EVENT, 0, 0, 0},      {LP_SHIFT, 3, 60, 3},    {LP_SHIFT, 3, 61, 6},
        {LP_SHIFT, 3, 1, 3},     {LP_SHIFT, 3, 0, 0},      {LP_SHIFT, 2, 240, 8},   {LP_SERVICE, 0, 0, LIFE_SERVICE_POINTS},
        {LP_EVENT, -1, 0, -1},   {LP_SHIFT, 1, -5, -1},    {LP_EVENT, 100001, 0, -1},
    };
    for (size_t i = 0; i < sizeof t / sizeof t[0]; i++)
        if (life_points_earned(t[i].k, t[i].base, t[i].minutes) != t[i].want)
            fail_msg("row %zu: %lld", i, (long long)life_points_earned(t[i].k, t[i].base, t[i].minutes));
}

static void rest_between_shifts(void **state)
{
    (void)state;
    int64_t s[] = {100, 1000}, e[] = {200, 1100};
    static const struct { int64_t s, e, rest; bool ok; } t[] = {
        {200, 300, 0, true},   /* right after */
        {150, 250, 0, false},  /* overlaps */
        {250, 350, 100, false},/* 50 of rest, 100 wanted */
        {300, 400, 100, true}, /* exactly 100 */
        {800, 900, 100, true}, /* ends 100 before the next */
        {801, 901, 100, false},
        {0, 100, 0, true},
    };
    for (size_t i = 0; i < sizeof t / sizeof t[0]; i++)
        if (life_rest_ok(s, e, 2, t[i].s, t[i].e, t[i].rest) != t[i].ok)
            fail_msg("row %zu", i);
}

/* Checks a generated rota against its input: availability, rest, no one twice on a shift. */
static void check_rota(const RotaShift *sh, int ns, int nv, const bool *avail, int64_t rest, const int *out)
{
    int k = 0;
    for (int s = 0; s < ns; s++)
        for (int j = 0; j < sh[s].needed; j++, k++) {
            int v = out[k];
            if (v < 0)
                continue;
            if (!avail[s * nv + v])
                fail_msg("shift %d slot %d: volunteer %d did not offer it", s, j, v);
            int k2 = 0;
            for (int s2 = 0; s2 < ns; s2++)
                for (int j2 = 0; j2 < sh[s2].needed; j2++, k2++)
                    if (k2 != k && out[k2] == v && s2 != s &&
                        sh[s].start < sh[s2].end + rest && sh[s2].start < sh[s].end + rest)
                        fail_msg("volunteer %d on shifts %d and %d without rest", v, s, s2);
                    else if (k2 != k && out[k2] == v && s2 == s)
                        fail_msg("volunteer %d twice on shift %d", v, s);
        }
}

static void the_generator_respects_availability_and_rest(void **state)
{
    (void)state;
    /* three shifts a day for 3 days, 4 hours each, two people each; 5 volunteers */
    RotaShift sh[9];
    for (int i = 0; i < 9; i++)
        sh[i] = (RotaShift){i * 8 * 3600, i * 8 * 3600 + 4 * 3600, 2};
    int64_t ids[5] = {11, 12, 13, 14, 15};
    bool avail[9 * 5];
    for (int s = 0; s < 9; s++)
        for (int v = 0; v < 5; v++)
            avail[s * 5 + v] = !(v == 0 && s % 2 == 0); /* volunteer 0 only on odd shifts */
    int out[18];
    int filled = life_rota_generate(sh, 9, ids, 5, avail, 8 * 3600, 42, out);
    assert_int_equal(filled, 18);
    check_rota(sh, 9, 5, avail, 8 * 3600, out);
}

static void the_generator_balances_hours(void **state)
{
    (void)state;
    enum { NS = 40, NV = 10 };
    RotaShift sh[NS];
    for (int i = 0; i < NS; i++)
        sh[i] = (RotaShift){(int64_t)i * 86400, (int64_t)i * 86400 + 3 * 3600, 1};
    int64_t ids[NV];
    bool avail[NS * NV];
    for (int v = 0; v < NV; v++)
        ids[v] = 100 + v;
    for (int i = 0; i < NS * NV; i++)
        avail[i] = true;
    int out[NS], count[NV] = {0};
    assert_int_equal(life_rota_generate(sh, NS, ids, NV, avail, LIFE_MIN_REST, 7, out), NS);
    for (int i = 0; i < NS; i++)
        count[out[i]]++;
    for (int v = 0; v < NV; v++)
        assert_int_equal(count[v], NS / NV); /* everyone the same hours */
}

static void same_seed_same_rota_and_another_seed_may_differ(void **state)
{
    (void)state;
    enum { NS = 12, NV = 6 };
    RotaShift sh[NS];
    for (int i = 0; i < NS; i++)
        sh[i] = (RotaShift){(int64_t)i * 43200, (int64_t)i * 43200 + 7200, 1};
    int64_t ids[NV] = {5, 6, 7, 8, 9, 10};
    bool avail[NS * NV];
    for (int i = 0; i < NS * NV; i++)
        avail[i] = true;
    int a[NS], b[NS], c[NS];
    assert_int_equal(life_rota_generate(sh, NS, ids, NV, avail, LIFE_MIN_REST, 1, a), NS);
    assert_int_equal(life_rota_generate(sh, NS, ids, NV, avail, LIFE_MIN_REST, 1, b), NS);
    assert_memory_equal(a, b, sizeof a);
    bool differs = false;
    for (uint64_t seed = 2; seed < 20 && !differs; seed++) {
        assert_int_equal(life_rota_generate(sh, NS, ids, NV, avail, LIFE_MIN_REST, seed, c), NS);
        differs = memcmp(a, c, sizeof a) != 0;
    }
    assert_true(differs);
}

static void unfillable_slots_stay_empty_and_bad_input_is_refused(void **state)
{
    (void)state;
    RotaShift sh[2] = {{0, 3600, 2}, {3600, 7200, 1}};
    int64_t ids[1] = {1};
    bool avail[2] = {true, true};
    int out[3];
    /* one volunteer: the first shift's first slot; not twice on it, not the next without rest */
    assert_int_equal(life_rota_generate(sh, 2, ids, 1, avail, 3600, 1, out), 1);
    assert_int_equal(out[0], 0);
    assert_int_equal(out[1], -1);
    assert_int_equal(out[2], -1);
    /* without a rest rule the adjoining shift may go to the same person */
    assert_int_equal(life_rota_generate(sh, 2, ids, 1, avail, 0, 1, out), 2);
    RotaShift bad[1] = {{100, 100, 1}};
    assert_int_equal(life_rota_generate(bad, 1, ids, 1, avail, 0, 1, out), -1);
    RotaShift none[1] = {{0, 100, 0}};
    assert_int_equal(life_rota_generate(none, 1, ids, 1, avail, 0, 1, out), -1);
}

static void enumerations(void **state)
{
    (void)state;
    assert_true(life_audience_valid("elderly"));
    assert_false(life_audience_valid("Elderly"));
    assert_false(life_audience_valid(NULL));
    assert_true(life_price_kind_valid("low_cost"));
    assert_false(life_price_kind_valid("cheap"));
    assert_true(life_tier_valid("professional"));
    assert_false(life_tier_valid(""));
    assert_string_equal(life_price_kind_label_zh("free"), "免费");
}

/* The matcher: one row per case, each with its offers, needs and the proposals expected. */
static void the_matcher_proposes_by_kind_time_place_and_quantity(void **state)
{
    (void)state;
    enum { H = 3600 };
    static const struct {
        const char *name;
        MatchItem offers[3];
        int n_offer;
        MatchItem needs[3];
        int n_need;
        MatchProposal want[4];
        int n_want;
    } t[] = {
        {"same kind, place, overlapping time: the whole need",
         {{1, "hours", "/1/2/", 0, 10 * H, 10}}, 1, {{7, "hours", "/1/2/", 5 * H, 8 * H, 4}}, 1, {{0, 0, 4}}, 1},
        {"an offer gives no more than it has",
         {{1, "money", "/1/", 0, H, 2000}}, 1, {{7, "money", "/1/2/", 0, H, 5000}}, 1, {{0, 0, 2000}}, 1},
        {"another kind does not match",
         {{1, "room", "/1/2/", 0, H, 1}}, 1, {{7, "vehicle", "/1/2/", 0, H, 1}}, 1, {{0}}, 0},
        {"windows that only touch do not overlap",
         {{1, "room", "/1/2/", 0, H, 1}}, 1, {{7, "room", "/1/2/", H, 2 * H, 1}}, 1, {{0}}, 0},
        {"a compound's offer does not serve another compound",
         {{1, "goods", "/1/3/", 0, H, 5}}, 1, {{7, "goods", "/1/2/", 0, H, 5}}, 1, {{0}}, 0},
        {"a community's offer serves its compound; a compound's offer does not serve the community",
         {{1, "goods", "/1/2/", 0, H, 5}, {2, "goods", "/1/", 0, H, 5}}, 2,
         {{7, "goods", "/1/", 0, H, 3}}, 1, {{1, 0, 3}}, 1},
        {"the nearest offer first, then the next",
         {{1, "hours", "/1/", 0, H, 5}, {2, "hours", "/1/2/", 0, H, 2}}, 2,
         {{7, "hours", "/1/2/", 0, H, 6}}, 1, {{1, 0, 2}, {0, 0, 4}}, 2},
        {"equally near: the earlier window first",
         {{1, "room", "/1/2/", 2 * H, 5 * H, 1}, {2, "room", "/1/2/", H, 5 * H, 1}}, 2,
         {{7, "room", "/1/2/", 3 * H, 4 * H, 1}}, 1, {{1, 0, 1}}, 1},
        {"needs in order: the first need takes what is left first",
         {{1, "vehicle", "/1/", 0, 10 * H, 1}}, 1,
         {{7, "vehicle", "/1/2/", 0, H, 1}, {8, "vehicle", "/1/2/", 0, H, 1}}, 2, {{0, 0, 1}}, 1},
        {"nothing left of an offer: no proposal",
         {{1, "money", "/1/", 0, H, 0}}, 1, {{7, "money", "/1/", 0, H, 10}}, 1, {{0}}, 0},
    };
    for (size_t i = 0; i < sizeof t / sizeof *t; i++) {
        MatchProposal out[8];
        int k = life_match_propose(t[i].offers, t[i].n_offer, t[i].needs, t[i].n_need, out, 8);
        if (k != t[i].n_want)
            fail_msg("%s: %d proposals, want %d", t[i].name, k, t[i].n_want);
        for (int j = 0; j < k; j++)
            if (out[j].offer != t[i].want[j].offer || out[j].need != t[i].want[j].need ||
                out[j].quantity != t[i].want[j].quantity)
                fail_msg("%s: proposal %d is (%d, %d, %lld)", t[i].name, j, out[j].offer, out[j].need,
                         (long long)out[j].quantity);
    }
    MatchItem bad = {1, NULL, "/1/", 0, 1, 1};
    MatchProposal out[1];
    assert_int_equal(life_match_propose(&bad, 1, NULL, 0, out, 1), -1);
    assert_int_equal(life_match_propose(NULL, -1, NULL, 0, out, 1), -1);
    assert_int_equal(life_match_propose(NULL, 0, NULL, 0, out, 1), 0);
    assert_true(life_resource_kind_valid("hours"));
    assert_false(life_resource_kind_valid("time"));
    assert_true(life_giver_kind_valid("charity"));
    assert_false(life_giver_kind_valid(""));
}

static void satisfaction_is_the_mean_of_the_ratings(void **state)
{
    (void)state;
    static const struct { int64_t count, sum, want; } t[] = {
        {0, 0, 0}, {1, 5, 50}, {2, 9, 45}, {3, 13, 43}, {3, 14, 47}, {4, 18, 45}, {1, 6, 0}, {2, 1, 0}, {-1, 5, 0},
    };
    for (size_t i = 0; i < sizeof t / sizeof *t; i++)
        if (life_satisfaction_x10(t[i].count, t[i].sum) != t[i].want)
            fail_msg("row %zu: %lld ratings summing to %lld give %lld", i, (long long)t[i].count, (long long)t[i].sum,
                     (long long)life_satisfaction_x10(t[i].count, t[i].sum));
}

static void every_msg_has_a_row(void **state)
{
    (void)state;
    for (int m = 0; m < LM__COUNT; m++) {
        const ErrorText *t = life_err_text((LifeMsg)m);
        if (!t || !t->code || !t->zh || !t->en || !t->code[0] || !t->zh[0] || !t->en[0])
            fail_msg("LifeMsg %d has no complete row in life/messages.c", m);
        bool server = m == LM_BUSY || m == LM_INTERNAL;
        if (server != (t->status >= 500))
            fail_msg("LifeMsg %d (%s): status %d", m, t->code, t->status);
    }
    assert_null(life_err_text(LM__COUNT));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(seats),
        cmocka_unit_test(the_line_moves_up_in_order_and_a_large_party_keeps_its_place),
        cmocka_unit_test(points_per_activity),
        cmocka_unit_test(rest_between_shifts),
        cmocka_unit_test(the_generator_respects_availability_and_rest),
        cmocka_unit_test(the_generator_balances_hours),
        cmocka_unit_test(same_seed_same_rota_and_another_seed_may_differ),
        cmocka_unit_test(unfillable_slots_stay_empty_and_bad_input_is_refused),
        cmocka_unit_test(enumerations),
        cmocka_unit_test(the_matcher_proposes_by_kind_time_place_and_quantity),
        cmocka_unit_test(satisfaction_is_the_mean_of_the_ratings),
        cmocka_unit_test(every_msg_has_a_row),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
