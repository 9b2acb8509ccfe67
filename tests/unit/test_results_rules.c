/* test_results_rules.c: the pure rules of the indicators (results/rules.c,
 * plan.c): periods in Asia/Shanghai with their boundaries, rates and means
 * over nothing (no value, never 0), the median, the display of each unit,
 * the ranges a baseline may take, the site plan's layout and colour
 * classes, and that every ResMsg has its row in messages.c. One row per
 * case. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "core/clock.h"
#include "results/results.h"
#include "results/web.h"

static void periods(void **state)
{
    (void)state;
    static const struct {
        const char *text;
        bool ok;
        ResPeriodKind kind;
        const char *from, *to; /* Shanghai days */
    } rows[] = {
        {"2026-05", true, RES_MONTH, "2026-05-01", "2026-06-01"},
        {"2026-12", true, RES_MONTH, "2026-12-01", "2027-01-01"},
        {"2024-02", true, RES_MONTH, "2024-02-01", "2024-03-01"},
        {"2026-Q1", true, RES_QUARTER, "2026-01-01", "2026-04-01"},
        {"2026-Q4", true, RES_QUARTER, "2026-10-01", "2027-01-01"},
        {"2026", true, RES_YEAR, "2026-01-01", "2027-01-01"},
        {"2200", true, RES_YEAR, "2200-01-01", "2201-01-01"},
        {"2026-13", false, 0, NULL, NULL},
        {"2026-00", false, 0, NULL, NULL},
        {"2026-Q0", false, 0, NULL, NULL},
        {"2026-Q5", false, 0, NULL, NULL},
        {"1999", false, 0, NULL, NULL},
        {"2201", false, 0, NULL, NULL},
        {"2026-5", false, 0, NULL, NULL},
        {"2026-05-01", false, 0, NULL, NULL},
        {"", false, 0, NULL, NULL},
        {"２０２６", false, 0, NULL, NULL},
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        ResPeriod p;
        bool ok = res_period_parse(rows[i].text, &p);
        if (ok != rows[i].ok)
            fail_msg("%s: parsed %d", rows[i].text, ok);
        if (!ok)
            continue;
        int64_t from, to;
        assert_true(clock_parse_local_day(rows[i].from, &from));
        assert_true(clock_parse_local_day(rows[i].to, &to));
        assert_int_equal(p.kind, rows[i].kind);
        assert_int_equal(p.from, from);
        assert_int_equal(p.to, to);
        assert_string_equal(p.label, rows[i].text);
    }
    assert_false(res_period_parse(NULL, &(ResPeriod){0}));
}

static void period_of_and_prev(void **state)
{
    (void)state;
    int64_t t;
    /* 2026-03-31 23:59:59 Shanghai is still March and Q1; a second later April, Q2 */
    assert_true(clock_parse_local_day("2026-04-01", &t));
    ResPeriod p, q;
    res_period_of(RES_MONTH, t - 1, &p);
    assert_string_equal(p.label, "2026-03");
    res_period_of(RES_MONTH, t, &p);
    assert_string_equal(p.label, "2026-04");
    res_period_of(RES_QUARTER, t - 1, &p);
    assert_string_equal(p.label, "2026-Q1");
    res_period_of(RES_QUARTER, t, &p);
    assert_string_equal(p.label, "2026-Q2");
    res_period_of(RES_YEAR, t, &p);
    assert_string_equal(p.label, "2026");
    assert_true(res_period_parse("2026-01", &p));
    res_period_prev(&p, &q);
    assert_string_equal(q.label, "2025-12");
    assert_int_equal(q.to, p.from);
    assert_true(res_period_parse("2026-Q1", &p));
    res_period_prev(&p, &q);
    assert_string_equal(q.label, "2025-Q4");
    assert_true(res_period_parse("2026", &p));
    res_period_prev(&p, &q);
    assert_string_equal(q.label, "2025");
    char zh[32];
    assert_true(res_period_parse("2026-Q2", &p));
    assert_string_equal(res_period_zh(&p, zh), "2026年第2季度");
}

static void rates_and_means(void **state)
{
    (void)state;
    static const struct {
        int64_t num, den;
        bool ok;
        int64_t out;
    } rates[] = {
        {0, 0, false, 0},   /* over nothing: no rate, not 0 */
        {1, 0, false, 0},   {0, 1, true, 0},        {1, 1, true, 1000},     {2, 3, true, 667},
        {1, 3, true, 333},  {1, 2000, true, 1},     /* 0.5 ‰ rounds half up */
        {1, 2001, true, 0}, {7, 8, true, 875},      {3, 2, false, 0},       {-1, 2, false, 0},
        {1, -2, false, 0},
    };
    for (size_t i = 0; i < sizeof rates / sizeof rates[0]; i++) {
        int64_t out = -1;
        bool ok = res_rate_permille(rates[i].num, rates[i].den, &out);
        if (ok != rates[i].ok || (ok && out != rates[i].out))
            fail_msg("rate %lld/%lld: %d %lld", (long long)rates[i].num, (long long)rates[i].den, ok, (long long)out);
    }
    static const struct {
        int64_t sum, n;
        bool ok;
        int64_t out;
    } means[] = {
        {0, 0, false, 0}, {5, 0, false, 0}, {9, 2, true, 450}, {14, 3, true, 467}, {13, 3, true, 433},
        {5, 1, true, 500}, {1, 8, true, 13}, /* 12.5 rounds half up */
        {-1, 1, false, 0},
    };
    for (size_t i = 0; i < sizeof means / sizeof means[0]; i++) {
        int64_t out = -1;
        bool ok = res_mean_centi(means[i].sum, means[i].n, &out);
        if (ok != means[i].ok || (ok && out != means[i].out))
            fail_msg("mean %lld/%lld: %d %lld", (long long)means[i].sum, (long long)means[i].n, ok, (long long)out);
    }
}

static void medians(void **state)
{
    (void)state;
    int64_t out = -7;
    assert_false(res_median(NULL, 0, &out));
    assert_int_equal(out, -7);
    int64_t one[] = {42};
    assert_true(res_median(one, 1, &out));
    assert_int_equal(out, 42);
    int64_t two[] = {120, 451};
    assert_true(res_median(two, 2, &out));
    assert_int_equal(out, 285); /* 285.5 rounded down */
    int64_t three[] = {1, 2, 100};
    assert_true(res_median(three, 3, &out));
    assert_int_equal(out, 2);
    int64_t big[] = {INT64_MAX - 1, INT64_MAX};
    assert_true(res_median(big, 2, &out));
    assert_int_equal(out, INT64_MAX - 1);
    int64_t neg[] = {-3, 0};
    assert_true(res_median(neg, 2, &out));
    assert_int_equal(out, -2); /* -1.5 rounded down */
}

static void formats(void **state)
{
    (void)state;
    char b[48];
    assert_string_equal(res_format(b, RES_U_PERMILLE, true, 875), "87.5%");
    assert_string_equal(res_format(b, RES_U_PERMILLE, true, 1000), "100.0%");
    assert_string_equal(res_format(b, RES_U_PERMILLE, false, 0), "—");
    assert_string_equal(res_format(b, RES_U_CENTI_SCORE, true, 405), "4.05分");
    assert_string_equal(res_format(b, RES_U_FEN, true, 123456789), "1,234,567.89元");
    assert_string_equal(res_format(b, RES_U_FEN, true, 5), "0.05元");
    assert_string_equal(res_format(b, RES_U_MINUTES, true, 5477), "3 天 19 小时 17 分钟");
    assert_string_equal(res_format(b, RES_U_MINUTES, true, 120), "2 小时");
    assert_string_equal(res_format(b, RES_U_MINUTES, true, 0), "0 分钟");
    assert_string_equal(res_format(b, RES_U_HOUSEHOLDS, true, 120), "120户");
    assert_string_equal(res_format(b, RES_U_ORDERS, true, 0), "0件");
}

static void value_ranges(void **state)
{
    (void)state;
    assert_true(res_value_valid(RES_U_PERMILLE, 0));
    assert_true(res_value_valid(RES_U_PERMILLE, 1000));
    assert_false(res_value_valid(RES_U_PERMILLE, 1001));
    assert_false(res_value_valid(RES_U_PERMILLE, -1));
    assert_true(res_value_valid(RES_U_CENTI_SCORE, 100));
    assert_true(res_value_valid(RES_U_CENTI_SCORE, 500));
    assert_false(res_value_valid(RES_U_CENTI_SCORE, 99));
    assert_false(res_value_valid(RES_U_CENTI_SCORE, 501));
    assert_false(res_value_valid(RES_U_FEN, -1));
    assert_true(res_value_valid(RES_U_MINUTES, 0));
}

static void plan_rules(void **state)
{
    (void)state;
    static const struct {
        int n, cols, rows;
    } lay[] = {{0, 1, 1}, {1, 1, 1}, {2, 2, 1}, {4, 2, 2}, {5, 3, 2}, {9, 3, 3}, {10, 4, 3}, {17, 5, 4}};
    for (size_t i = 0; i < sizeof lay / sizeof lay[0]; i++) {
        int c, r;
        res_plan_layout(lay[i].n, &c, &r);
        if (c != lay[i].cols || r != lay[i].rows)
            fail_msg("layout %d: %dx%d", lay[i].n, c, r);
    }
    static const struct {
        int64_t v, max;
        int cls;
    } cls[] = {{0, 0, 0}, {0, 10, 0}, {1, 10, 1}, {2, 10, 1}, {3, 10, 2}, {5, 10, 2}, {6, 10, 3},
               {8, 10, 4}, {10, 10, 4}, {1, 1, 4}, {1, 4, 1}, {2, 4, 2}, {-5, 10, 0}};
    for (size_t i = 0; i < sizeof cls / sizeof cls[0]; i++)
        if (res_plan_class(cls[i].v, cls[i].max) != cls[i].cls)
            fail_msg("class %lld of %lld: %d", (long long)cls[i].v, (long long)cls[i].max,
                     res_plan_class(cls[i].v, cls[i].max));
    ResPlanBy by;
    assert_true(res_plan_by_parse(NULL, &by));
    assert_int_equal(by, RES_PLAN_OPEN);
    assert_true(res_plan_by_parse("arrears", &by));
    assert_int_equal(by, RES_PLAN_ARREARS);
    assert_false(res_plan_by_parse("consent", &by));
}

static void catalogue_and_messages(void **state)
{
    (void)state;
    assert_true(res_indicator_count() >= 19);
    for (int i = 0; i < res_indicator_count(); i++) {
        const Indicator *a = res_indicator_at(i);
        assert_non_null(a->compute);
        assert_true(a->name_zh[0] && a->formula_zh[0] && res_unit_code(a->unit)[0]);
        assert_ptr_equal(res_indicator_find(a->code), a); /* codes are unique */
    }
    assert_null(res_indicator_find("happiness"));
    assert_null(res_indicator_at(res_indicator_count()));
    for (int m = 0; m < RM__COUNT; m++) {
        const ErrorText *t = res_err_text((ResMsg)m);
        if (!t || !t->code || !t->zh || !t->en || !t->code[0])
            fail_msg("ResMsg %d has no row in results/messages.c", m);
        if ((m == RM_BUSY || m == RM_INTERNAL) != (t->status >= 500))
            fail_msg("ResMsg %d: status %d", m, t->status);
    }
    assert_null(res_err_text(RM__COUNT));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(periods),         cmocka_unit_test(period_of_and_prev), cmocka_unit_test(rates_and_means),
        cmocka_unit_test(medians),         cmocka_unit_test(formats),            cmocka_unit_test(value_ranges),
        cmocka_unit_test(plan_rules),      cmocka_unit_test(catalogue_and_messages),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
