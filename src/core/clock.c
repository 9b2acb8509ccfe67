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

void clock_set(int64_t t)
{
    atomic_store_explicit(&g_offset, t - (int64_t)time(NULL), memory_order_relaxed);
}

static bool two_digits(const char *s, int *out)
{
    if (s[0] < '0' || s[0] > '9' || s[1] < '0' || s[1] > '9')
        return false;
    *out = (s[0] - '0') * 10 + (s[1] - '0');
    return true;
}

bool clock_parse_local(const char *s, int64_t *out)
{
    int c1, c2, mo, d, h, mi, se = 0;
    if (!s || strlen(s) < 16 || !two_digits(s, &c1) || !two_digits(s + 2, &c2) || s[4] != '-' ||
        !two_digits(s + 5, &mo) || s[7] != '-' || !two_digits(s + 8, &d) || (s[10] != 'T' && s[10] != ' ') ||
        !two_digits(s + 11, &h) || s[13] != ':' || !two_digits(s + 14, &mi))
        return false;
    const char *p = s + 16;
    if (*p == ':') {
        if (!two_digits(p + 1, &se))
            return false;
        p += 3;
    }
    int y = c1 * 100 + c2;
    static const int mdays[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    if (*p || y < 1970 || mo < 1 || mo > 12 || d < 1 || d > mdays[mo - 1] + (mo == 2 && leap) || h > 23 ||
        mi > 59 || se > 59)
        return false;
    /* days from the civil date (H. Hinnant), years from 1970 only, so no negative eras */
    int yy = mo <= 2 ? y - 1 : y;
    int64_t era = yy / 400, yoe = yy - era * 400;
    int64_t doy = (153 * (mo + (mo > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    int64_t days = era * 146097 + yoe * 365 + yoe / 4 - yoe / 100 + doy - 719468;
    *out = days * 86400 + h * 3600 + mi * 60 + se - SHANGHAI_OFFSET;
    return true;
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
