/* test_watchdog.c: the body deadline's arithmetic, and the watchdog cutting a late socket and sparing the rest. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cmocka.h>

#include "http/watchdog.h"

static void body_deadline_grows_with_what_arrived(void **state)
{
    (void)state;
    static const struct {
        int64_t start, timeout;
        uint64_t received, rate;
        int64_t want;
    } cases[] = {
        {1000, 10000, 0, 4096, 11000},             /* nothing yet: the timeout alone */
        {1000, 10000, 4096, 4096, 12000},          /* one second's worth at the minimum rate */
        {1000, 10000, 2048, 4096, 11500},          /* half a second's */
        {1000, 10000, 1, 4096, 11000},             /* a trickled byte buys nothing */
        {1000, 10000, 8388608, 4096, 2059000},     /* 8 MiB may take 2048 s more */
        {1000, 10000, 123456, 0, 11000},           /* no minimum rate: no allowance */
        {INT64_MAX - 5, 10, 0, 4096, INT64_MAX},    /* saturates */
        {0, 0, UINT64_MAX, 1, INT64_MAX},           /* an absurd count saturates too */
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        assert_int_equal(watchdog_body_deadline(cases[i].start, cases[i].timeout, cases[i].received, cases[i].rate),
                         cases[i].want);
}

/* True when the peer of fd sees end-of-stream (the watchdog shut fd down). */
static bool peer_sees_eof(int peer)
{
    char c;
    return recv(peer, &c, 1, MSG_DONTWAIT) == 0;
}

static void late_sockets_are_cut_and_others_spared(void **state)
{
    (void)state;
    int late[2], lifted[2], removed[2], future[2];
    assert_int_equal(socketpair(AF_UNIX, SOCK_STREAM, 0, late), 0);
    assert_int_equal(socketpair(AF_UNIX, SOCK_STREAM, 0, lifted), 0);
    assert_int_equal(socketpair(AF_UNIX, SOCK_STREAM, 0, removed), 0);
    assert_int_equal(socketpair(AF_UNIX, SOCK_STREAM, 0, future), 0);
    Watchdog *w = watchdog_start(20);
    assert_non_null(w);
    int64_t now = watchdog_now_ms();
    WatchEntry a, b, c, d;
    watchdog_add(w, &a, late[0], now + 10);
    watchdog_add(w, &b, lifted[0], now + 10);
    watchdog_add(w, &c, removed[0], now + 10);
    watchdog_add(w, &d, future[0], now + 600000);
    watchdog_tighten(w, &d, now + 700000); /* never later */
    watchdog_tighten(w, &b, now + 5);       /* earlier: taken */
    watchdog_set(w, &b, 0);   /* the request came in: no deadline */
    watchdog_remove(w, &c);   /* closed before its deadline */
    for (int i = 0; i < 200 && !peer_sees_eof(late[1]); i++)
        usleep(10000);
    assert_true(peer_sees_eof(late[1]));
    usleep(100000); /* a few more ticks */
    assert_false(peer_sees_eof(lifted[1]));
    assert_false(peer_sees_eof(removed[1]));
    assert_false(peer_sees_eof(future[1]));
    assert_int_equal(watchdog_cut_count(w), 1);
    watchdog_remove(w, &a);
    watchdog_remove(w, &b);
    watchdog_remove(w, &d);
    watchdog_stop(w);
    int fds[] = {late[0], late[1], lifted[0], lifted[1], removed[0], removed[1], future[0], future[1]};
    for (size_t i = 0; i < sizeof fds / sizeof fds[0]; i++)
        close(fds[i]);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(body_deadline_grows_with_what_arrived),
        cmocka_unit_test(late_sockets_are_cut_and_others_spared),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
