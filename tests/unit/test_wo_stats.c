/* test_wo_stats.c: the exact rules of the work-order charts (workorder/
 * stats.h), one row per boundary, and the plan of their read: one range of
 * a covering index, bounded by creation time, never a scan of the table. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/clock.h"
#include "store/db.h"
#include "workorder/stats.h"

static void week_starts_on_monday_midnight_in_shanghai(void **state)
{
    (void)state;
    /* 2026-06-15 is a Monday; 00:00 Shanghai is 2026-06-14 16:00 UTC. */
    int64_t mon = clock_local_day_start(2026, 6, 15);
    static const struct { int y, m, d, hh, mm, ss; int64_t back_days; } rows[] = {
        {2026, 6, 15, 0, 0, 0, 0},    /* the instant itself */
        {2026, 6, 15, 10, 0, 0, 0},   /* Monday morning */
        {2026, 6, 21, 23, 59, 59, 0}, /* the last second of Sunday */
        {2026, 6, 22, 0, 0, 0, -7},   /* the next Monday starts a new week */
        {2026, 6, 14, 23, 59, 59, 7}, /* the Sunday before belongs to the week before */
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        int64_t t = clock_local_day_start(rows[i].y, rows[i].m, rows[i].d) + rows[i].hh * 3600 + rows[i].mm * 60 +
                    rows[i].ss;
        assert_int_equal(wo_week_start(t), mon - rows[i].back_days * 86400);
    }
    /* before the epoch's first Monday: floor, not truncation toward zero */
    assert_int_equal(wo_week_start(0), clock_local_day_start(1969, 12, 29));
}

static void states_fall_into_four_buckets(void **state)
{
    (void)state;
    static const struct { const char *s; int b; } rows[] = {
        {"reported", WO_SB_NEW},     {"accepted", WO_SB_WORKING},  {"dispatched", WO_SB_WORKING},
        {"in_progress", WO_SB_WORKING}, {"reopened", WO_SB_WORKING}, {"done", WO_SB_DONE},
        {"confirmed_by_reporter", WO_SB_DONE}, {"closed", WO_SB_CLOSED}, {"merged", -1},
        {"hidden", -1},              {"", -1},                     {NULL, -1},
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++)
        assert_int_equal(wo_stat_bucket(rows[i].s), rows[i].b);
    assert_string_equal(wo_stat_bucket_zh(WO_SB_NEW), "待受理");
    assert_string_equal(wo_stat_bucket_zh(WO_SB_CLOSED), "已关闭");
    assert_string_equal(wo_stat_bucket_zh(WO_SB_N), "");
}

static void median_is_the_middle_or_the_floor_of_the_two_middles(void **state)
{
    (void)state;
    static const struct { int64_t v[6]; int n; int64_t want; } rows[] = {
        {{7}, 1, 7},
        {{1, 2}, 2, 1},           /* 1.5 rounds down */
        {{1, 3}, 2, 2},
        {{1, 2, 100}, 3, 2},      /* an outlier does not move it */
        {{0, 0, 5, 6}, 4, 2},     /* (0 + 5) / 2 = 2.5 -> 2 */
        {{10, 20, 30, 40, 50, 61}, 6, 35},
        {{-3, -2}, 2, -3},        /* -2.5 rounds down, not toward zero */
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        int64_t m = -99;
        assert_true(wo_median(rows[i].v, rows[i].n, &m));
        assert_int_equal(m, rows[i].want);
    }
    int64_t untouched = 42;
    assert_false(wo_median(NULL, 0, &untouched));
    assert_int_equal(untouched, 42);
    /* huge values: no overflow in the mean */
    int64_t big[2] = {INT64_MAX - 2, INT64_MAX};
    int64_t m;
    assert_true(wo_median(big, 2, &m));
    assert_int_equal(m, INT64_MAX - 1);
}

static void permille_rounds_half_up_and_refuses_an_empty_denominator(void **state)
{
    (void)state;
    static const struct { int64_t num, den, want; } rows[] = {
        {0, 1, 0},     {1, 1, 1000}, {1, 2, 500},  {1, 3, 333}, {2, 3, 667},
        {7, 8, 875},   {1, 2000, 1}, /* 0.5 ‰ rounds up */
        {1, 2001, 0},  /* 0.4998 ‰ rounds down */
        {1999, 2000, 1000}, /* 999.5 ‰ rounds up to 1000 */
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        int64_t p = -1;
        assert_true(wo_permille(rows[i].num, rows[i].den, &p));
        assert_int_equal(p, rows[i].want);
    }
    int64_t untouched = 42;
    assert_false(wo_permille(0, 0, &untouched));
    assert_false(wo_permille(3, 2, &untouched));
    assert_false(wo_permille(-1, 2, &untouched));
    assert_int_equal(untouched, 42);
}

/* ---- the plan ------------------------------------------------------------ */

static void the_read_is_one_range_of_a_covering_index(void **state)
{
    (void)state;
    char dir[64];
    snprintf(dir, sizeof dir, "/tmp/gz-wo-stats-XXXXXX");
    assert_non_null(mkdtemp(dir));
    char url[160], err[256] = "";
    snprintf(url, sizeof url, "sqlite:%s/plans.db", dir);
    Db *db = db_open(url, err, sizeof err);
    assert_non_null(db);
    assert_true(db_migrate(db, err, sizeof err));
    DbStmt *st = db_query(db, "EXPLAIN QUERY PLAN " WO_STATS_SQL, DB_NULL, DB_NULL, DB_NULL, DB_NULL);
    char p[1024] = "";
    while (db_step(st) == DB_ROW) {
        size_t n = strlen(p);
        snprintf(p + n, sizeof p - n, "%s | ", db_col_text(st, 3));
    }
    assert_true(db_done(st));
    assert_non_null(strstr(p, "SEARCH work_order USING COVERING INDEX work_order_created (created_at>? AND created_at<?)"));
    assert_null(strstr(p, "SCAN"));
    assert_null(strstr(p, "TEMP B-TREE"));
    db_close(db);
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    assert_int_equal(system(cmd), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(week_starts_on_monday_midnight_in_shanghai),
        cmocka_unit_test(states_fall_into_four_buckets),
        cmocka_unit_test(median_is_the_middle_or_the_floor_of_the_two_middles),
        cmocka_unit_test(permille_rounds_half_up_and_refuses_an_empty_denominator),
        cmocka_unit_test(the_read_is_one_range_of_a_covering_index),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
