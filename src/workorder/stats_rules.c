/* stats_rules.c: the exact rules of the work-order statistics (stats.h):
 * weeks, status buckets, the median and the per-mille rate. Pure. */
#include "workorder/stats.h"

#include <string.h>

#include "core/clock.h"

int64_t wo_week_start(int64_t t)
{
    /* 1970-01-05 was a Monday: its 00:00 in Shanghai is 4 days less 8 hours
     * after the epoch. Floor division, so instants before it work too. */
    const int64_t monday0 = 4 * 86400 - CLOCK_UTC_OFFSET;
    int64_t d = t - monday0;
    int64_t r = d % WO_STATS_WEEK_SECONDS;
    if (r < 0)
        r += WO_STATS_WEEK_SECONDS;
    return t - r;
}

int wo_stat_bucket(const char *state)
{
    static const struct { const char *state; int bucket; } map[] = {
        {"reported", WO_SB_NEW},      {"accepted", WO_SB_WORKING}, {"dispatched", WO_SB_WORKING},
        {"in_progress", WO_SB_WORKING}, {"reopened", WO_SB_WORKING}, {"done", WO_SB_DONE},
        {"confirmed_by_reporter", WO_SB_DONE}, {"closed", WO_SB_CLOSED},
    };
    for (size_t i = 0; state && i < sizeof map / sizeof map[0]; i++)
        if (strcmp(state, map[i].state) == 0)
            return map[i].bucket;
    return -1;
}

const char *wo_stat_bucket_zh(int bucket)
{
    static const char *const zh[WO_SB_N] = {"待受理", "处理中", "已办结", "已关闭"};
    return bucket >= 0 && bucket < WO_SB_N ? zh[bucket] : "";
}

bool wo_median(const int64_t *sorted, int n, int64_t *out)
{
    if (n <= 0)
        return false;
    if (n % 2)
        *out = sorted[n / 2];
    else {
        int64_t a = sorted[n / 2 - 1], b = sorted[n / 2];
        /* a + (b - a) / 2 with a floor: no overflow, and rounds down for
         * negative differences too (values are ascending, so b >= a). */
        *out = a + (b - a) / 2;
    }
    return true;
}

bool wo_permille(int64_t num, int64_t den, int64_t *out)
{
    if (den <= 0 || num < 0 || num > den)
        return false;
    *out = (num * 1000 + den / 2) / den;
    return true;
}
