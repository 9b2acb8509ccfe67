/* rules.c: the pure rules of the indicators: periods in Asia/Shanghai,
 * rates, means and medians with their empty cases, units. Table-tested in
 * tests/unit/test_results_rules.c. */
#include "results/results.h"

#include <stdio.h>
#include <string.h>

#include "core/clock.h"

static void period_fill(ResPeriod *p, ResPeriodKind kind, int year, int index)
{
    memset(p, 0, sizeof *p);
    p->kind = kind;
    p->year = year;
    p->index = index;
    int m0 = 1, months = 12;
    if (kind == RES_MONTH) {
        m0 = index;
        months = 1;
        snprintf(p->label, sizeof p->label, "%04d-%02d", year, index);
    } else if (kind == RES_QUARTER) {
        m0 = 3 * index - 2;
        months = 3;
        snprintf(p->label, sizeof p->label, "%04d-Q%d", year, index);
    } else {
        snprintf(p->label, sizeof p->label, "%04d", year);
    }
    int k = year * 12 + (m0 - 1);
    p->from = clock_local_day_start(k / 12, k % 12 + 1, 1);
    k += months;
    p->to = clock_local_day_start(k / 12, k % 12 + 1, 1);
}

static bool digits(const char *s, int n, int *out)
{
    int v = 0;
    for (int i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9')
            return false;
        v = v * 10 + (s[i] - '0');
    }
    *out = v;
    return true;
}

bool res_period_parse(const char *s, ResPeriod *out)
{
    int y, x;
    if (!s || !digits(s, 4, &y) || y < 2000 || y > 2200)
        return false;
    size_t len = strlen(s);
    if (len == 4) {
        period_fill(out, RES_YEAR, y, 0);
        return true;
    }
    if (len == 7 && s[4] == '-' && s[5] == 'Q' && s[6] >= '1' && s[6] <= '4') {
        period_fill(out, RES_QUARTER, y, s[6] - '0');
        return true;
    }
    if (len == 7 && s[4] == '-' && digits(s + 5, 2, &x) && x >= 1 && x <= 12) {
        period_fill(out, RES_MONTH, y, x);
        return true;
    }
    return false;
}

void res_period_of(ResPeriodKind kind, int64_t t, ResPeriod *out)
{
    int32_t d = clock_local_yyyymmdd(t);
    int y = d / 10000, m = d / 100 % 100;
    period_fill(out, kind, y, kind == RES_MONTH ? m : kind == RES_QUARTER ? (m + 2) / 3 : 0);
}

void res_period_prev(const ResPeriod *p, ResPeriod *out)
{
    if (p->kind == RES_YEAR)
        period_fill(out, RES_YEAR, p->year - 1, 0);
    else if (p->index > 1)
        period_fill(out, p->kind, p->year, p->index - 1);
    else
        period_fill(out, p->kind, p->year - 1, p->kind == RES_MONTH ? 12 : 4);
}

const char *res_period_zh(const ResPeriod *p, char out[32])
{
    if (p->kind == RES_MONTH)
        snprintf(out, 32, "%d年%d月", p->year, p->index);
    else if (p->kind == RES_QUARTER)
        snprintf(out, 32, "%d年第%d季度", p->year, p->index);
    else
        snprintf(out, 32, "%d年", p->year);
    return out;
}

bool res_rate_permille(int64_t num, int64_t den, int64_t *out)
{
    if (den <= 0 || num < 0 || num > den)
        return false;
    /* half up without overflow: num * 1000 fits for den below 9.2e15 */
    if (den > INT64_MAX / 2000)
        return false;
    *out = (num * 2000 + den) / (2 * den);
    return true;
}

bool res_mean_centi(int64_t sum, int64_t n, int64_t *out)
{
    if (n <= 0 || sum < 0 || sum > INT64_MAX / 200)
        return false;
    *out = (sum * 200 + n) / (2 * n);
    return true;
}

bool res_median(const int64_t *sorted, int n, int64_t *out)
{
    if (n <= 0)
        return false;
    if (n % 2)
        *out = sorted[n / 2];
    else /* the mean rounded down (toward -inf), without overflowing a + b */
        *out = (int64_t)(((__int128)sorted[n / 2 - 1] + sorted[n / 2]) >> 1);
    return true;
}

static const char *const unit_zh[RES_U__COUNT] = {
    [RES_U_PERMILLE] = "%", [RES_U_MINUTES] = "分钟", [RES_U_CENTI_SCORE] = "分", [RES_U_FEN] = "元",
    [RES_U_HOUSEHOLDS] = "户", [RES_U_PERSONS] = "人", [RES_U_ORDERS] = "件", [RES_U_VOTES] = "项",
    [RES_U_PLACES] = "处", [RES_U_EVENTS] = "场", [RES_U_TIMES] = "次", [RES_U_DECI_HOURS] = "小时",
};
static const char *const unit_code[RES_U__COUNT] = {
    [RES_U_PERMILLE] = "permille", [RES_U_MINUTES] = "minutes", [RES_U_CENTI_SCORE] = "centi_score",
    [RES_U_FEN] = "fen", [RES_U_HOUSEHOLDS] = "households", [RES_U_PERSONS] = "persons",
    [RES_U_ORDERS] = "orders", [RES_U_VOTES] = "votes", [RES_U_PLACES] = "places", [RES_U_EVENTS] = "events",
    [RES_U_TIMES] = "times", [RES_U_DECI_HOURS] = "deci_hours",
};

const char *res_unit_zh(ResUnit u)
{
    return (int)u >= 0 && u < RES_U__COUNT ? unit_zh[u] : "";
}

const char *res_unit_code(ResUnit u)
{
    return (int)u >= 0 && u < RES_U__COUNT ? unit_code[u] : "";
}

/* 1234567 -> "1,234,567" (v >= 0) */
static void grouped(char *out, size_t len, int64_t v)
{
    char raw[24];
    snprintf(raw, sizeof raw, "%lld", (long long)v);
    size_t n = strlen(raw), j = 0;
    for (size_t i = 0; i < n && j + 2 < len; i++) {
        if (i && (n - i) % 3 == 0)
            out[j++] = ',';
        out[j++] = raw[i];
    }
    out[j] = '\0';
}

const char *res_format(char out[48], ResUnit u, bool has, int64_t v)
{
    if (!has) {
        snprintf(out, 48, "—");
        return out;
    }
    char g[32];
    bool neg = v < 0;
    int64_t a = neg ? -(v == INT64_MIN ? INT64_MAX : v) : v;
    switch (u) {
    case RES_U_PERMILLE:
        snprintf(out, 48, "%s%lld.%lld%%", neg ? "-" : "", (long long)(a / 10), (long long)(a % 10));
        break;
    case RES_U_CENTI_SCORE:
        snprintf(out, 48, "%s%lld.%02lld分", neg ? "-" : "", (long long)(a / 100), (long long)(a % 100));
        break;
    case RES_U_DECI_HOURS:
        grouped(g, sizeof g, a / 10);
        snprintf(out, 48, "%s%s.%lld小时", neg ? "-" : "", g, (long long)(a % 10));
        break;
    case RES_U_MINUTES: {
        /* a duration in days and hours as people say it, minutes only for what is left */
        int64_t d = a / 1440, h = a % 1440 / 60, m = a % 60;
        int n = snprintf(out, 48, "%s", neg ? "-" : "");
        if (d)
            n += snprintf(out + n, (size_t)(48 - n), "%lld 天", (long long)d);
        if (h)
            n += snprintf(out + n, (size_t)(48 - n), "%s%lld 小时", d ? " " : "", (long long)h);
        if (m || (!d && !h))
            snprintf(out + n, (size_t)(48 - n), "%s%lld 分钟", d || h ? " " : "", (long long)m);
        break;
    }
    case RES_U_FEN:
        grouped(g, sizeof g, a / 100);
        snprintf(out, 48, "%s%s.%02lld元", neg ? "-" : "", g, (long long)(a % 100));
        break;
    default:
        grouped(g, sizeof g, a);
        snprintf(out, 48, "%s%s%s", neg ? "-" : "", g, res_unit_zh(u));
        break;
    }
    return out;
}

bool res_value_valid(ResUnit u, int64_t v)
{
    switch (u) {
    case RES_U_PERMILLE:
        return v >= 0 && v <= 1000;
    case RES_U_CENTI_SCORE:
        return v >= 100 && v <= 500;
    case RES_U_FEN:
        return v >= 0 && v <= INT64_C(4000000000000000000);
    default:
        return v >= 0 && v <= INT64_C(1000000000000);
    }
}
