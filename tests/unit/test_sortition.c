/* test_sortition.c: the stratified draw is reproducible from its seed,
 * respects the quotas, ignores input order, and its lots can be checked. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <sodium.h>
#include <string.h>

#include "vote/sortition.h"

static SortCandidate pool[60];

static int setup(void **state)
{
    (void)state;
    if (sodium_init() < 0)
        return -1;
    for (int i = 0; i < 60; i++)
        pool[i] = (SortCandidate){1000 + i * 7, i % 3};
    return 0;
}

static void the_same_seed_draws_the_same_panel(void **state)
{
    (void)state;
    const int quota[3] = {2, 3, 4};
    int a[60], b[60];
    int na = sortition_draw("2026-11-21 院落议事会", pool, 60, quota, 3, a);
    int nb = sortition_draw("2026-11-21 院落议事会", pool, 60, quota, 3, b);
    assert_int_equal(na, 9);
    assert_int_equal(nb, 9);
    assert_memory_equal(a, b, sizeof(int) * 9);
    /* grouped by stratum, each quota filled */
    int per[3] = {0, 0, 0};
    for (int i = 0; i < na; i++)
        per[pool[a[i]].stratum]++;
    assert_int_equal(per[0], 2);
    assert_int_equal(per[1], 3);
    assert_int_equal(per[2], 4);
}

static void another_seed_draws_another_panel(void **state)
{
    (void)state;
    const int quota[3] = {3, 3, 3};
    int a[60], b[60];
    sortition_draw("seed-one", pool, 60, quota, 3, a);
    sortition_draw("seed-two", pool, 60, quota, 3, b);
    assert_true(memcmp(a, b, sizeof(int) * 9) != 0);
}

static void the_order_of_the_candidate_list_does_not_matter(void **state)
{
    (void)state;
    SortCandidate rev[60];
    for (int i = 0; i < 60; i++)
        rev[i] = pool[59 - i];
    const int quota[3] = {2, 2, 2};
    int a[60], b[60];
    int n = sortition_draw("s", pool, 60, quota, 3, a);
    assert_int_equal(sortition_draw("s", rev, 60, quota, 3, b), n);
    for (int i = 0; i < n; i++)
        assert_int_equal(pool[a[i]].id, rev[b[i]].id);
}

/* The chosen of a stratum are exactly those with the smallest lots. */
static void the_chosen_hold_the_smallest_lots_of_their_stratum(void **state)
{
    (void)state;
    const int quota[3] = {4, 0, 1};
    int a[60];
    int n = sortition_draw("lots", pool, 60, quota, 3, a);
    assert_int_equal(n, 5);
    for (int k = 0; k < 4; k++) {
        char mine[65], other[65];
        sortition_lot("lots", pool[a[k]].id, mine);
        int smaller = 0;
        for (int i = 0; i < 60; i++) {
            if (pool[i].stratum != 0)
                continue;
            sortition_lot("lots", pool[i].id, other);
            if (strcmp(other, mine) < 0)
                smaller++;
        }
        assert_int_equal(smaller, k); /* the k-th chosen has k smaller lots */
    }
}

static void a_small_stratum_gives_all_it_has(void **state)
{
    (void)state;
    const SortCandidate few[] = {{1, 0}, {2, 0}, {3, 1}};
    const int quota[2] = {5, 1};
    int a[3];
    assert_int_equal(sortition_draw("x", few, 3, quota, 2, a), 3);
}

static void the_lot_is_blake2b_of_seed_and_id(void **state)
{
    (void)state;
    char hex[65];
    sortition_lot("abc", 42, hex);
    /* BLAKE2b-256("abc:42"), as `printf 'abc:42' | b2sum -l 256` prints it */
    unsigned char h[32];
    char want[65];
    crypto_generichash(h, 32, (const unsigned char *)"abc:42", 6, NULL, 0);
    sodium_bin2hex(want, sizeof want, h, 32);
    assert_string_equal(hex, want);
    assert_int_equal(strlen(hex), 64);
}

static void bad_input_is_refused(void **state)
{
    (void)state;
    const SortCandidate dup[] = {{1, 0}, {1, 0}};
    const SortCandidate out_of_range[] = {{1, 2}};
    const int quota[2] = {1, 1};
    const int negative[1] = {-1};
    int a[4];
    assert_int_equal(sortition_draw("x", dup, 2, quota, 2, a), -1);
    assert_int_equal(sortition_draw("x", out_of_range, 1, quota, 2, a), -1);
    assert_int_equal(sortition_draw(NULL, pool, 3, quota, 2, a), -1);
    assert_int_equal(sortition_draw("x", pool, 1, negative, 1, a), -1);
}

static void age_bands(void **state)
{
    (void)state;
    assert_string_equal(sortition_age_band(1961, 2026), "old");
    assert_string_equal(sortition_age_band(1962, 2026), "middle");
    assert_string_equal(sortition_age_band(1991, 2026), "middle");
    assert_string_equal(sortition_age_band(1992, 2026), "young");
    assert_string_equal(sortition_age_band(0, 2026), "unknown");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(the_same_seed_draws_the_same_panel),
        cmocka_unit_test(another_seed_draws_another_panel),
        cmocka_unit_test(the_order_of_the_candidate_list_does_not_matter),
        cmocka_unit_test(the_chosen_hold_the_smallest_lots_of_their_stratum),
        cmocka_unit_test(a_small_stratum_gives_all_it_has),
        cmocka_unit_test(the_lot_is_blake2b_of_seed_and_id),
        cmocka_unit_test(bad_input_is_refused),
        cmocka_unit_test(age_bands),
    };
    return cmocka_run_group_tests(tests, setup, NULL);
}
