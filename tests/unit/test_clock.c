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

static void set_puts_now_at_an_instant_and_the_clock_runs_on(void **state)
{
    (void)state;
    int64_t before = clock_offset();
    clock_set(1781488800); /* 2026-06-15 10:00 in Shanghai */
    int64_t now = clock_now();
    assert_true(now >= 1781488800 && now <= 1781488802);
    clock_shift(3600); /* a test server's POST /api/debug/clock still moves it */
    now = clock_now();
    assert_true(now >= 1781488800 + 3600 && now <= 1781488802 + 3600);
    clock_shift(before - clock_offset());
    assert_int_equal(clock_offset(), before);
}

static void local_times_are_read_as_shanghai_wall_time(void **state)
{
    (void)state;
    static const struct {
        const char *text;
        int64_t t; /* -1: refused */
    } cases[] = {
        {"2026-06-15T10:00", 1781488800},
        {"2026-06-15 10:00", 1781488800},
        {"2026-06-15T10:00:30", 1781488830},
        {"2024-06-02T00:00", 1717257600},    /* 16:00 UTC the day before */
        {"2025-01-01T00:30", 1735662600},    /* New Year in Shanghai, still the old year in UTC */
        {"2024-02-29T08:00", 1709164800},    /* leap day */
        {"2026-12-31T23:50", 1798732200},
        {"2023-02-29T08:00", -1},            /* not a leap year */
        {"2100-02-29T08:00", -1},            /* a century is no leap year */
        {"2000-02-29T08:00", 951782400},     /* ...unless divisible by 400 */
        {"2026-04-31T10:00", -1},
        {"2026-13-01T10:00", -1},
        {"2026-06-15T24:00", -1},
        {"2026-06-15T10:60", -1},
        {"2026-06-15T10:00:60", -1},
        {"2026-06-15T10:00+08:00", -1},      /* the zone is always Shanghai, none may be given */
        {"2026-06-15", -1},
        {"2026-6-15T10:00", -1},
        {"1969-12-31T23:00", -1},
        {"", -1},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        int64_t t = -1;
        bool ok = clock_parse_local(cases[i].text, &t);
        if (cases[i].t < 0) {
            if (ok)
                fail_msg("%s was read as %lld, expected a refusal", cases[i].text, (long long)t);
        } else {
            if (!ok)
                fail_msg("%s was refused", cases[i].text);
            assert_int_equal(t, cases[i].t);
            char back[26];
            clock_format_iso(t, back);
            assert_memory_equal(back, cases[i].text, 10); /* the same day in Shanghai */
        }
    }
    assert_false(clock_parse_local(NULL, &(int64_t){0}));
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

/* The one date parser: a real date, zero-padded, nothing around it. */
static void civil_dates_are_parsed_exactly(void **state)
{
    (void)state;
    static const struct {
        const char *s;
        bool ok;
        int y, m, d;
    } cases[] = {
        {"2024-03-01", true, 2024, 3, 1},   {"2024-02-29", true, 2024, 2, 29}, {"2000-02-29", true, 2000, 2, 29},
        {"2023-02-29", false, 0, 0, 0},     {"1900-02-29", false, 0, 0, 0},    {"2024-02-31", false, 0, 0, 0},
        {"2024-04-31", false, 0, 0, 0},     {"2024-13-01", false, 0, 0, 0},    {"2024-00-10", false, 0, 0, 0},
        {"2024-01-00", false, 0, 0, 0},     {"2024-1-01", false, 0, 0, 0},     {"01/03/2024", false, 0, 0, 0},
        {"2024-03-01 ", false, 0, 0, 0},    {" 2024-03-01", false, 0, 0, 0},   {"1899-12-31", false, 0, 0, 0},
        {"9999-12-31", true, 9999, 12, 31}, {"", false, 0, 0, 0},              {"2024-03-0x", false, 0, 0, 0},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        int y = 0, m = 0, d = 0;
        bool ok = civil_parse(cases[i].s, &y, &m, &d);
        if (ok != cases[i].ok || y * 10000 + m * 100 + d != (ok ? cases[i].y * 10000 + cases[i].m * 100 + cases[i].d
                                                                 : y * 10000 + m * 100 + d))
            fail_msg("civil_parse(\"%s\")", cases[i].s);
    }
    assert_false(civil_parse(NULL, &(int){0}, &(int){0}, &(int){0}));
}

/* Days and dates convert both ways across eras, leap days and the epoch. */
static void civil_days_round_trip(void **state)
{
    (void)state;
    assert_int_equal(civil_to_days(1970, 1, 1), 0);
    assert_int_equal(civil_to_days(1969, 12, 31), -1);
    assert_int_equal(civil_to_days(2000, 3, 1), 11017);
    assert_int_equal(civil_to_days(1, 1, 1), -719162);
    for (int64_t day = -719162; day <= 2932896; day += 997) { /* 0001-01-01 .. 9999-12-31 */
        int y, m, d;
        civil_from_days(day, &y, &m, &d);
        assert_true(civil_valid(y, m, d));
        assert_int_equal(civil_to_days(y, m, d), day);
    }
}

/* A day given as a date is that day's midnight in Shanghai (16:00 UTC the
 * day before); the wall time of an instant has its weekday. */
static void local_days_start_at_shanghai_midnight(void **state)
{
    (void)state;
    int64_t t;
    assert_true(clock_parse_local_day("2024-03-01", &t));
    assert_int_equal(t, 1709222400);
    assert_false(clock_parse_local_day("2024-02-30", &t));
    assert_false(clock_parse_local_day("1969-12-31", &t));
    assert_int_equal(clock_local_day_start(2024, 3, 1), 1709222400);
    LocalTime lt;
    assert_true(clock_local(1709222400, &lt)); /* 2024-03-01 00:00 in Shanghai, a Friday */
    assert_int_equal(lt.year, 2024);
    assert_int_equal(lt.month, 3);
    assert_int_equal(lt.day, 1);
    assert_int_equal(lt.hour, 0);
    assert_int_equal(lt.weekday, 4);
    assert_true(clock_local(1709222399, &lt)); /* one second earlier: the Thursday, 23:59:59 */
    assert_int_equal(lt.day, 29);
    assert_int_equal(lt.hour * 3600 + lt.minute * 60 + lt.second, 86399);
    assert_int_equal(lt.weekday, 3);
    assert_int_equal(clock_local_yyyymmdd(1709222399), 20240229);
    assert_false(clock_local(INT64_MAX, &lt));
    assert_int_equal(clock_local_yyyymmdd(INT64_MIN), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(shift_moves_now),
        cmocka_unit_test(set_puts_now_at_an_instant_and_the_clock_runs_on),
        cmocka_unit_test(local_times_are_read_as_shanghai_wall_time),
        cmocka_unit_test(local_time_is_utc_plus_8),
        cmocka_unit_test(out_of_range_does_not_crash),
        cmocka_unit_test(civil_dates_are_parsed_exactly),
        cmocka_unit_test(civil_days_round_trip),
        cmocka_unit_test(local_days_start_at_shanghai_midnight),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
