/* clock.c: the one source of "now", shiftable by tests, and Asia/Shanghai
 * formatting (UTC+8 all year, no DST since 1991, so no tz database needed). */
#include "core/clock.h"

#include <stdatomic.h>
#include <string.h>
#include <time.h>

#define SHANGHAI_OFFSET (8 * 3600)

static _Atomic int64_t g_offset;

int64_t clock_now(void)
{
    return (int64_t)time(NULL) + atomic_load_explicit(&g_offset, memory_order_relaxed);
}

void clock_shift(int64_t delta_seconds)
{
    atomic_fetch_add_explicit(&g_offset, delta_seconds, memory_order_relaxed);
}

int64_t clock_offset(void)
{
    return atomic_load_explicit(&g_offset, memory_order_relaxed);
}

/* Breaks t down as Shanghai wall time; false when t is out of range. */
static int shanghai_tm(int64_t t, struct tm *tm)
{
    if (t > INT64_MAX - SHANGHAI_OFFSET)
        return 0;
    time_t lt = (time_t)(t + SHANGHAI_OFFSET);
    if ((int64_t)lt != t + SHANGHAI_OFFSET)
        return 0;
    return gmtime_r(&lt, tm) != NULL && tm->tm_year >= -1900 && tm->tm_year <= 9999 - 1900;
}

/* Fixed-width digits; the range check in shanghai_tm keeps every field in width. */
static char *put_num(char *o, int v, int width)
{
    for (int i = width - 1; i >= 0; i--) {
        o[i] = (char)('0' + v % 10);
        v /= 10;
    }
    return o + width;
}

/* "YYYY-MM-DD?HH:MM", 16 characters, sep between date and time. */
static char *put_date_time(char *o, const struct tm *tm, char sep)
{
    o = put_num(o, tm->tm_year + 1900, 4);
    *o++ = '-';
    o = put_num(o, tm->tm_mon + 1, 2);
    *o++ = '-';
    o = put_num(o, tm->tm_mday, 2);
    *o++ = sep;
    o = put_num(o, tm->tm_hour, 2);
    *o++ = ':';
    return put_num(o, tm->tm_min, 2);
}

void clock_format_local(int64_t t, char out[20])
{
    struct tm tm;
    if (!shanghai_tm(t, &tm)) {
        memcpy(out, "-", 2);
        return;
    }
    *put_date_time(out, &tm, ' ') = '\0';
}

void clock_format_iso(int64_t t, char out[26])
{
    struct tm tm;
    if (!shanghai_tm(t, &tm)) {
        memcpy(out, "-", 2);
        return;
    }
    char *o = put_date_time(out, &tm, 'T');
    *o++ = ':';
    o = put_num(o, tm.tm_sec, 2);
    memcpy(o, "+08:00", 7);
}
