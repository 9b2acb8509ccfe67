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
/* Reads Asia/Shanghai wall time "YYYY-MM-DDTHH:MM[:SS]" (or a space for the
 * T) as UTC seconds; false for anything else, including impossible dates. */
bool clock_parse_local(const char *s, int64_t *out);
/* Formats a UTC instant as Asia/Shanghai local time (UTC+8, no DST):
 * "2026-11-21 20:05". out must hold 20 bytes. */
void clock_format_local(int64_t t, char out[20]);
/* ISO 8601 with offset, for APIs: "2026-11-21T20:05:00+08:00". out: 26 bytes. */
void clock_format_iso(int64_t t, char out[26]);

#endif
