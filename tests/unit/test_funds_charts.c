/* test_funds_charts.c: the months of a fund's chart (funds/charts.h), one
 * row per boundary (a year's turn, the first and last second of a month in
 * Shanghai), and the plans of its two reads: a bounded range of the fund's
 * entries and the levies' charges from a covering index, never a scan. */
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
#include "funds/charts.h"
#include "store/db.h"

static void months_end_with_the_one_holding_now(void **state)
{
    (void)state;
    static const struct { int y, m, d, hh, mm, ss; int first, last; } rows[] = {
        {2026, 6, 15, 10, 0, 0, 202507, 202606},
        {2026, 12, 31, 23, 59, 59, 202601, 202612}, /* the last second of a year */
        {2027, 1, 1, 0, 0, 0, 202602, 202701},      /* the first of the next */
        {2026, 3, 1, 0, 0, 0, 202504, 202603},
        {2026, 2, 28, 23, 59, 59, 202503, 202602},
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        int64_t now = clock_local_day_start(rows[i].y, rows[i].m, rows[i].d) + rows[i].hh * 3600 + rows[i].mm * 60 +
                      rows[i].ss;
        int ym[FUNDS_CHART_MONTHS];
        int64_t starts[FUNDS_CHART_MONTHS + 1];
        funds_months_back(now, FUNDS_CHART_MONTHS, ym, starts);
        assert_int_equal(ym[0], rows[i].first);
        assert_int_equal(ym[FUNDS_CHART_MONTHS - 1], rows[i].last);
        for (int k = 0; k < FUNDS_CHART_MONTHS; k++) {
            assert_int_equal(starts[k], clock_local_day_start(ym[k] / 100, ym[k] % 100, 1));
            assert_true(starts[k + 1] > starts[k]);
        }
        /* now lies in the last month */
        assert_true(starts[FUNDS_CHART_MONTHS - 1] <= now);
        assert_true(now < starts[FUNDS_CHART_MONTHS]);
    }
}

static void plan(Db *db, const char *sql, char *out, size_t cap)
{
    static DbArg nulls[16];
    int n = 0;
    for (const char *c = sql; *c; c++)
        n += *c == '?';
    for (int i = 0; i < n; i++)
        nulls[i] = DB_NULL;
    nulls[n] = DB_END;
    DbStmt *st = db_query_args(db, sql, nulls);
    out[0] = '\0';
    while (db_step(st) == DB_ROW) {
        size_t k = strlen(out);
        snprintf(out + k, cap - k, "%s | ", db_col_text(st, 3));
    }
    assert_true(db_done(st));
}

static void the_reads_use_their_indexes(void **state)
{
    (void)state;
    char dir[64];
    snprintf(dir, sizeof dir, "/tmp/gz-funds-charts-XXXXXX");
    assert_non_null(mkdtemp(dir));
    char url[160], err[256] = "";
    snprintf(url, sizeof url, "sqlite:%s/plans.db", dir);
    Db *db = db_open(url, err, sizeof err);
    assert_non_null(db);
    assert_true(db_migrate(db, err, sizeof err));
    char p[1024];
    plan(db, "EXPLAIN QUERY PLAN " FUNDS_MONTHLY_SQL, p, sizeof p);
    assert_non_null(
        strstr(p, "SEARCH e USING COVERING INDEX journal_entry_fund (fund_id=? AND posted_at>? AND posted_at<?)"));
    /* each entry's bank line, straight from (account, entry) */
    assert_non_null(strstr(p, "SEARCH l USING INDEX journal_line_account (account_id=? AND entry_id=?)"));
    assert_null(strstr(p, "SCAN"));
    plan(db, "EXPLAIN QUERY PLAN " FUNDS_ARREARS_SQL, p, sizeof p);
    assert_non_null(strstr(p, "USING COVERING INDEX levy_charge_arrears (levy_id=?)"));
    assert_null(strstr(p, "SCAN c"));
    db_close(db);
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    assert_int_equal(system(cmd), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(months_end_with_the_one_holding_now),
        cmocka_unit_test(the_reads_use_their_indexes),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
