/* test_clock.c: the shiftable clock and Asia/Shanghai formatting. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include <cmocka.h>

#include "core/clock.h"

static void shift_moves_now(void **state)
{
    (void)state;
    int64_t before = clock_offset();
    int64_t real = (int64_t)time(NULL);
    clock_shift(3 * 86400);
    assert_int_equal(clock_offset(), before + 3 * 86400);
    int64_t now = clock_now();
    assert_true(now >= real + 3 * 86400 && now <= real + 3 * 86400 + 2);
    clock_shift(-3 * 86400);
    assert_int_equal(clock_offset(), before);
    now = clock_now();
    assert_true(now >= real && now <= real + 2);
}

static void local_time_is_utc_plus_8(void **state)
{
    (void)state;
    static const struct {
        int64_t t;
        const char *local, *iso;
    } cases[] = {
        {0, "1970-01-01 08:00", "1970-01-01T08:00:00+08:00"},
        /* 2026-11-21 12:05:00 UTC */
        {1795262700, "2026-11-21 20:05", "2026-11-21T20:05:00+08:00"},
        /* 2024-06-01 15:59:59 UTC is still the 1st in Shanghai... */
        {1717257599, "2024-06-01 23:59", "2024-06-01T23:59:59+08:00"},
        /* ...and 16:00:00 UTC is already the 2nd */
        {1717257600, "2024-06-02 00:00", "2024-06-02T00:00:00+08:00"},
        /* New Year's Eve 16:30 UTC is next year in Shanghai */
        {1735662600, "2025-01-01 00:30", "2025-01-01T00:30:00+08:00"},
        /* leap day */
        {1709164800, "2024-02-29 08:00", "2024-02-29T08:00:00+08:00"},
        /* summer: China has no daylight saving time */
        {1720000000, "2024-07-03 17:46", "2024-07-03T17:46:40+08:00"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char local[20], iso[26];
        clock_format_local(cases[i].t, local);
        clock_format_iso(cases[i].t, iso);
        assert_string_equal(local, cases[i].local);
        assert_string_equal(iso, cases[i].iso);
    }
}

static void out_of_range_does_not_crash(void **state)
{
    (void)state;
    char local[20], iso[26];
    clock_format_local(INT64_MAX, local);
    clock_format_iso(INT64_MIN, iso);
    assert_string_equal(local, "-");
    assert_string_equal(iso, "-");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(shift_moves_now),
        cmocka_unit_test(local_time_is_utc_plus_8),
        cmocka_unit_test(out_of_range_does_not_crash),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
