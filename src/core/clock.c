/* clock.c: the one source of "now", shiftable by tests, and Asia/Shanghai
 * formatting (UTC+8 all year, no DST since 1991, so no tz database needed). */
#include "core/clock.h"

#include <stdatomic.h>
#include <string.h>
#include <time.h>

#define SHANGHAI_OFFSET CLOCK_UTC_OFFSET

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
    if (*p || y < 1970 || !civil_valid(y, mo, d) || h > 23 || mi > 59 || se > 59)
        return false;
    *out = civil_to_days(y, mo, d) * 86400 + h * 3600 + mi * 60 + se - SHANGHAI_OFFSET;
    return true;
}

/* ---- the civil calendar ---- */

static bool leap_year(int y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

bool civil_valid(int y, int m, int d)
{
    static const int mdays[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return y >= 1 && y <= 9999 && m >= 1 && m <= 12 && d >= 1 && d <= mdays[m - 1] + (m == 2 && leap_year(y));
}

/* H. Hinnant's days_from_civil and civil_from_days (public domain). */
int64_t civil_to_days(int y, int m, int d)
{
    int64_t yy = (int64_t)y - (m <= 2);
    int64_t era = (yy >= 0 ? yy : yy - 399) / 400;
    int64_t yoe = yy - era * 400;
    int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

void civil_from_days(int64_t z, int *y, int *m, int *d)
{
    z += 719468;
    int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    int64_t doe = z - era * 146097;
    int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    int64_t mp = (5 * doy + 2) / 153;
    int64_t dd = doy - (153 * mp + 2) / 5 + 1;
    int64_t mm = mp < 10 ? mp + 3 : mp - 9;
    *y = (int)(yoe + era * 400 + (mm <= 2));
    *m = (int)mm;
    *d = (int)dd;
}

bool civil_parse(const char *s, int *y, int *m, int *d)
{
    int c1, c2;
    if (!s || strlen(s) != 10 || !two_digits(s, &c1) || !two_digits(s + 2, &c2) || s[4] != '-' ||
        !two_digits(s + 5, m) || s[7] != '-' || !two_digits(s + 8, d))
        return false;
    *y = c1 * 100 + c2;
    return *y >= 1900 && civil_valid(*y, *m, *d);
}

static int64_t floor_div(int64_t a, int64_t b)
{
    return a / b - (a % b != 0 && (a < 0) != (b < 0));
}

bool clock_local(int64_t t, LocalTime *out)
{
    /* years 1..9999 only: the range every caller prints and parses */
    if (t < INT64_C(-62135596800) || t > INT64_C(253402300799) - SHANGHAI_OFFSET)
        return false;
    int64_t lt = t + SHANGHAI_OFFSET;
    int64_t days = floor_div(lt, 86400), secs = lt - days * 86400;
    civil_from_days(days, &out->year, &out->month, &out->day);
    out->hour = (int)(secs / 3600);
    out->minute = (int)(secs / 60 % 60);
    out->second = (int)(secs % 60);
    out->weekday = (int)((days % 7 + 7 + 3) % 7); /* 1970-01-01 was a Thursday */
    return true;
}

int32_t clock_local_yyyymmdd(int64_t t)
{
    LocalTime lt;
    if (!clock_local(t, &lt))
        return 0;
    return (int32_t)(lt.year * 10000 + lt.month * 100 + lt.day);
}

int64_t clock_local_day_start(int y, int m, int d)
{
    return civil_to_days(y, m, d) * 86400 - SHANGHAI_OFFSET;
}

bool clock_parse_local_day(const char *s, int64_t *out)
{
    int y, m, d;
    if (!civil_parse(s, &y, &m, &d) || y < 1970)
        return false;
    *out = clock_local_day_start(y, m, d);
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
