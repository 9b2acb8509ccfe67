/* watchdog.c: the thread that cuts connections past their request deadline (see watchdog.h). */
#include "http/watchdog.h"

#include <pthread.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <time.h>

#include "core/log.h"

struct Watchdog {
    pthread_mutex_t mu;
    pthread_cond_t wake;
    pthread_t thread;
    bool stop;
    int tick_ms;
    WatchEntry *head;
    int64_t cut;
};

int64_t watchdog_now_ms(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (int64_t)t.tv_sec * 1000 + t.tv_nsec / 1000000;
}

int64_t watchdog_body_deadline(int64_t start_ms, int64_t timeout_ms, uint64_t received, uint64_t min_rate)
{
    unsigned __int128 allowance = min_rate ? (unsigned __int128)received * 1000 / min_rate : 0;
    int64_t d;
    if (allowance > INT64_MAX || __builtin_add_overflow(start_ms, timeout_ms, &d) ||
        __builtin_add_overflow(d, (int64_t)allowance, &d))
        return INT64_MAX;
    return d;
}

/* Shuts down (never closes: the descriptor stays libmicrohttpd's) every
 * socket past its deadline. The peer sees the connection end; libmicrohttpd
 * sees end-of-stream on its next wake-up and closes it, freeing the slot. */
static int cut_late(Watchdog *w, int64_t now)
{
    int n = 0;
    for (WatchEntry *e = w->head; e; e = e->next) {
        if (e->deadline_ms && e->deadline_ms <= now) {
            shutdown(e->fd, SHUT_RDWR);
            e->deadline_ms = 0;
            n++;
        }
    }
    return n;
}

static void *run(void *arg)
{
    Watchdog *w = arg;
    pthread_mutex_lock(&w->mu);
    while (!w->stop) {
        struct timespec until;
        clock_gettime(CLOCK_MONOTONIC, &until);
        until.tv_nsec += (long)w->tick_ms * 1000000L;
        until.tv_sec += until.tv_nsec / 1000000000L;
        until.tv_nsec %= 1000000000L;
        pthread_cond_timedwait(&w->wake, &w->mu, &until);
        if (w->stop)
            break;
        int n = cut_late(w, watchdog_now_ms());
        w->cut += n;
        if (n) {
            /* one line per tick, not per socket: a flood must not flood the log too */
            pthread_mutex_unlock(&w->mu);
            log_warn("closed %d connections that did not send their request in time", n);
            pthread_mutex_lock(&w->mu);
        }
    }
    pthread_mutex_unlock(&w->mu);
    return NULL;
}

Watchdog *watchdog_start(int tick_ms)
{
    Watchdog *w = calloc(1, sizeof *w);
    if (!w)
        return NULL;
    w->tick_ms = tick_ms > 0 ? tick_ms : 500;
    pthread_mutex_init(&w->mu, NULL);
    pthread_condattr_t ca;
    pthread_condattr_init(&ca);
    pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
    pthread_cond_init(&w->wake, &ca);
    pthread_condattr_destroy(&ca);
    if (pthread_create(&w->thread, NULL, run, w) != 0) {
        pthread_cond_destroy(&w->wake);
        pthread_mutex_destroy(&w->mu);
        free(w);
        return NULL;
    }
    return w;
}

void watchdog_stop(Watchdog *w)
{
    if (!w)
        return;
    pthread_mutex_lock(&w->mu);
    w->stop = true;
    pthread_cond_signal(&w->wake);
    pthread_mutex_unlock(&w->mu);
    pthread_join(w->thread, NULL);
    pthread_cond_destroy(&w->wake);
    pthread_mutex_destroy(&w->mu);
    free(w);
}

void watchdog_add(Watchdog *w, WatchEntry *e, int fd, int64_t deadline_ms)
{
    pthread_mutex_lock(&w->mu);
    e->fd = fd;
    e->deadline_ms = deadline_ms;
    e->prev = NULL;
    e->next = w->head;
    if (w->head)
        w->head->prev = e;
    w->head = e;
    pthread_mutex_unlock(&w->mu);
}

void watchdog_set(Watchdog *w, WatchEntry *e, int64_t deadline_ms)
{
    pthread_mutex_lock(&w->mu);
    e->deadline_ms = deadline_ms;
    pthread_mutex_unlock(&w->mu);
}

void watchdog_tighten(Watchdog *w, WatchEntry *e, int64_t deadline_ms)
{
    pthread_mutex_lock(&w->mu);
    if (e->deadline_ms == 0 || deadline_ms < e->deadline_ms)
        e->deadline_ms = deadline_ms;
    pthread_mutex_unlock(&w->mu);
}

void watchdog_remove(Watchdog *w, WatchEntry *e)
{
    pthread_mutex_lock(&w->mu);
    if (e->prev)
        e->prev->next = e->next;
    else if (w->head == e)
        w->head = e->next;
    if (e->next)
        e->next->prev = e->prev;
    e->prev = e->next = NULL;
    pthread_mutex_unlock(&w->mu);
}

int64_t watchdog_cut_count(Watchdog *w)
{
    pthread_mutex_lock(&w->mu);
    int64_t n = w->cut;
    pthread_mutex_unlock(&w->mu);
    return n;
}
