/* clock.h: every "now" in gongzhi comes from here, so tests move time
 * instead of sleeping (SLA deadlines, sessions, notice periods). */
#ifndef GZ_CLOCK_H
#define GZ_CLOCK_H
#include <stdbool.h>
#include <stdint.h>

/* Unix seconds, UTC. */
int64_t clock_now(void);
/* Shifts the clock by delta seconds from now on (test servers only). */
void clock_shift(int64_t delta_seconds);
int64_t clock_offset(void);
/* Sets the clock so that clock_now() is t at this moment; it runs on from
 * there (gongzhi demo --clock-at, test servers). */
void clock_set(int64_t t);
/* ---- the civil calendar (proleptic Gregorian; pure) ------------------- */

/* True for a real date: year 1..9999, month 1..12, day within the month. */
bool civil_valid(int y, int m, int d);
/* Days from 1970-01-01 to the date (negative before). */
int64_t civil_to_days(int y, int m, int d);
/* The date of a day counted from 1970-01-01. */
void civil_from_days(int64_t days, int *y, int *m, int *d);
/* "YYYY-MM-DD" exactly (zero-padded, a real date, year from 1900): the one
 * date parser; false for anything else ("2024-02-31", "2024-2-1"). */
bool civil_parse(const char *s, int *y, int *m, int *d);

/* ---- Asia/Shanghai (UTC+8 all year, no DST since 1991) ------------------- */

#define CLOCK_UTC_OFFSET (8 * 3600)

/* An instant as Shanghai wall time. weekday: 0 = Monday. */
typedef struct LocalTime {
    int year, month, day, hour, minute, second, weekday;
} LocalTime;
/* Breaks t down as Shanghai wall time; false when out of range (years 1..9999). */
bool clock_local(int64_t t, LocalTime *out);
/* YYYYMMDD of the Shanghai day that holds t (0 when out of range). */
int32_t clock_local_yyyymmdd(int64_t t);
/* The UTC instant of 00:00 in Shanghai on that date (valid dates only). */
int64_t clock_local_day_start(int y, int m, int d);
/* "YYYY-MM-DD" as the UTC instant of that day's 00:00 in Shanghai; false
 * for an impossible date or a year before 1970. */
bool clock_parse_local_day(const char *s, int64_t *out);
/* Reads Asia/Shanghai wall time "YYYY-MM-DDTHH:MM[:SS]" (or a space for the
 * T) as UTC seconds; false for anything else, including impossible dates. */
bool clock_parse_local(const char *s, int64_t *out);
/* Formats a UTC instant as Asia/Shanghai local time (UTC+8, no DST):
 * "2026-11-21 20:05". out must hold 20 bytes. */
void clock_format_local(int64_t t, char out[20]);
/* ISO 8601 with offset, for APIs: "2026-11-21T20:05:00+08:00". out: 26 bytes. */
void clock_format_iso(int64_t t, char out[26]);

#endif
