/* clock.h: every "now" in gongzhi comes from here, so tests move time
 * instead of sleeping (SLA deadlines, sessions, notice periods). */
#ifndef GZ_CLOCK_H
#define GZ_CLOCK_H
#include <stdint.h>

/* Unix seconds, UTC. */
int64_t clock_now(void);
/* Shifts the clock by delta seconds from now on (test servers only). */
void clock_shift(int64_t delta_seconds);
int64_t clock_offset(void);
/* Formats a UTC instant as Asia/Shanghai local time (UTC+8, no DST):
 * "2026-11-21 20:05". out must hold 20 bytes. */
void clock_format_local(int64_t t, char out[20]);
/* ISO 8601 with offset, for APIs: "2026-11-21T20:05:00+08:00". out: 26 bytes. */
void clock_format_iso(int64_t t, char out[26]);

#endif
