/* watchdog.h: deadlines for clients too slow to send their request (slow
 * headers, trickled bodies): a thread shuts down the socket of every
 * connection past its deadline, so a few thousand idle sockets cannot hold
 * every connection slot. libmicrohttpd's own timeout restarts on each byte
 * received, which a client trickling one byte a second never trips. */
#ifndef GZ_WATCHDOG_H
#define GZ_WATCHDOG_H
#include <stdbool.h>
#include <stdint.h>

/* One watched connection; lives inside the caller's per-connection state. */
typedef struct WatchEntry {
    int fd;
    int64_t deadline_ms; /* watchdog_now_ms() time; 0 while no deadline applies */
    struct WatchEntry *prev, *next;
} WatchEntry;

typedef struct Watchdog Watchdog;

/* Starts the watchdog thread, which looks at the deadlines every tick_ms;
 * NULL when the thread cannot be started. */
Watchdog *watchdog_start(int tick_ms);
/* Stops the thread and frees w; the entries still listed are the caller's. */
void watchdog_stop(Watchdog *w);
/* Watches fd until watchdog_remove (call it before the socket is closed:
 * the watchdog must never shut down a descriptor number that was reused). */
void watchdog_add(Watchdog *w, WatchEntry *e, int fd, int64_t deadline_ms);
/* Moves e's deadline; 0 lifts it. */
void watchdog_set(Watchdog *w, WatchEntry *e, int64_t deadline_ms);
/* Moves e's deadline earlier (to deadline_ms), never later. */
void watchdog_tighten(Watchdog *w, WatchEntry *e, int64_t deadline_ms);
void watchdog_remove(Watchdog *w, WatchEntry *e);
/* Connections cut since the start. */
int64_t watchdog_cut_count(Watchdog *w);
/* Monotonic milliseconds (CLOCK_MONOTONIC: never the wall clock). */
int64_t watchdog_now_ms(void);

/* The deadline of a request body that started arriving at start_ms and has
 * brought `received` bytes so far: timeout_ms, plus the time those bytes
 * are allowed at min_rate bytes per second, so an honest slow upload keeps
 * going while a client trickling a byte now and then is cut after about
 * timeout_ms (min_rate 0: no allowance). Saturates instead of overflowing. */
int64_t watchdog_body_deadline(int64_t start_ms, int64_t timeout_ms, uint64_t received, uint64_t min_rate);

#endif
