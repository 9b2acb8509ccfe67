/* test_notify_rules.c: the pure rules of delivery: DingTalk and Feishu
 * signatures (vectors computed independently with Python's hmac), byte-aware
 * splitting that never cuts a UTF-8 character or a line, the backoff
 * ladder, quiet hours across midnight, sorting a bot's reply by its JSON
 * code, message bodies and bot URLs. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <sodium.h>
#include <string.h>

#include "core/arena.h"
#include "notify/send.h"

static void test_sign(void **state)
{
    (void)state;
    char out[128];
    assert_true(notify_sign_dingtalk("SECabc123", 1700000000000LL, out, sizeof out));
    assert_string_equal(out, "N5P09a4%2Bp1AMJIJWnIvQd2Yxw9%2Bfu%2FoEBnPrjCcsLXk%3D");
    assert_true(notify_sign_feishu("SECabc123", 1700000000LL, out, sizeof out));
    assert_string_equal(out, "UqhI0v4zAkSwI4hNYBuHQvnrAqshA0UaeBGHCUMPX70=");
    assert_false(notify_sign_dingtalk("SECabc123", 1700000000000LL, out, 20)); /* too small: refused, not cut */
}

static void test_split(void **state)
{
    (void)state;
    const char *zh = "工单已派"; /* 4 characters of 3 bytes */
    assert_int_equal(notify_piece_len(zh, 12, 12), 12);    /* fits */
    assert_int_equal(notify_piece_len(zh, 12, 11), 9);     /* not inside 派 */
    assert_int_equal(notify_piece_len(zh, 12, 7), 6);
    assert_int_equal(notify_piece_len(zh, 12, 6), 6);      /* a boundary exactly */
    const char *rows = "| a | b |\n| 1 | 2 |\n| 3 | 4 |\n";
    assert_int_equal(notify_piece_len(rows, strlen(rows), 25), 20); /* after the second row, not inside the third */
    assert_int_equal(notify_piece_len(rows, strlen(rows), 10), 10);  /* the newline itself fits */
    assert_int_equal(notify_piece_len(rows, strlen(rows), 9), 9);    /* no newline within: a character boundary */
    /* a long Chinese text in 2,048-byte pieces: every piece valid UTF-8, all bytes kept */
    char big[5000];
    size_t n = 0;
    while (n + 3 < sizeof big - 1) {
        memcpy(big + n, "测", 3);
        n += 3;
    }
    big[n] = 0;
    size_t off = 0, pieces = 0;
    while (off < n) {
        size_t k = notify_piece_len(big + off, n - off, NOTIFY_TEXT_BYTES);
        assert_true(k > 0 && k <= NOTIFY_TEXT_BYTES);
        assert_int_equal(k % 3, 0);
        off += k;
        pieces++;
    }
    assert_int_equal(off, n);
    assert_int_equal(pieces, 3);
}

static void test_backoff(void **state)
{
    (void)state;
    assert_int_equal(notify_backoff(0), -1);
    assert_int_equal(notify_backoff(1), 30);
    assert_int_equal(notify_backoff(2), 60);
    assert_int_equal(notify_backoff(3), 120);
    assert_int_equal(notify_backoff(7), 1920);
    assert_int_equal(notify_backoff(NOTIFY_MAX_ATTEMPTS), -1); /* given up: failed, re-sendable by an admin */
}

static void test_quiet(void **state)
{
    (void)state;
    /* 2026-06-01 00:00 Asia/Shanghai = 2026-05-31 16:00 UTC */
    int64_t midnight = 1780243200LL;
    int q0 = 22 * 60, q1 = 7 * 60;
    assert_true(notify_quiet_at(q0, q1, midnight));                /* inside, across midnight */
    assert_true(notify_quiet_at(q0, q1, midnight + 7 * 3600 - 60)); /* 06:59 */
    assert_false(notify_quiet_at(q0, q1, midnight + 7 * 3600));     /* 07:00: end excluded */
    assert_false(notify_quiet_at(q0, q1, midnight - 2 * 3600 - 60)); /* 21:59 */
    assert_true(notify_quiet_at(q0, q1, midnight - 2 * 3600));      /* 22:00 */
    assert_true(notify_quiet_at(12 * 60, 14 * 60, midnight + 13 * 3600));
    assert_false(notify_quiet_at(12 * 60, 14 * 60, midnight + 15 * 3600));
    assert_false(notify_quiet_at(600, 600, midnight + 600 * 60));   /* start == end: no quiet hours */
}

static void test_quiet_until_and_days(void **state)
{
    (void)state;
    int64_t midnight = 1764950400; /* 2025-12-06 00:00 Shanghai = 2025-12-05 16:00 UTC */
    int q0 = 22 * 60, q1 = 7 * 60;
    assert_int_equal(notify_quiet_until(q0, q1, midnight - 3 * 3600), midnight - 3 * 3600); /* 21:00: not quiet */
    assert_int_equal(notify_quiet_until(q0, q1, midnight - 3600), midnight + 7 * 3600);     /* 23:00 -> 07:00 next day */
    assert_int_equal(notify_quiet_until(q0, q1, midnight + 3600), midnight + 7 * 3600);     /* 01:00 -> 07:00 the same day */
    assert_int_equal(notify_quiet_until(12 * 60, 14 * 60, midnight + 13 * 3600), midnight + 14 * 3600);
    assert_int_equal(notify_quiet_until(600, 600, midnight + 600 * 60), midnight + 600 * 60);
    char d[11];
    notify_day_text(notify_day(midnight), d);
    assert_string_equal(d, "2025-12-06");
    notify_day_text(notify_day(midnight - 1), d);
    assert_string_equal(d, "2025-12-05");
    notify_day_text(notify_day(midnight + 86399), d);
    assert_string_equal(d, "2025-12-06");
    notify_day_text(notify_day(951782400 - 8 * 3600), d); /* 2000-02-29 00:00 Shanghai */
    assert_string_equal(d, "2000-02-29");
}

static void test_mail_rules(void **state)
{
    (void)state;
    assert_true(notify_smtp_url_ok("smtps://smtp.example.cn:465", false));
    assert_true(notify_smtp_url_ok("smtp://smtp.example.cn:587", false));
    assert_false(notify_smtp_url_ok("smtp://127.0.0.1:2525", false));
    assert_true(notify_smtp_url_ok("smtp://127.0.0.1:2525", true));
    assert_false(notify_smtp_url_ok("https://smtp.example.cn", true));
    assert_false(notify_smtp_url_ok("smtp://user:pw@smtp.example.cn", true)); /* no credentials in the URL */
    assert_false(notify_smtp_url_ok("smtps://", true));
    assert_true(notify_email_ok("zhang.san+gz@example.cn"));
    assert_false(notify_email_ok("zhang@localhost"));
    assert_false(notify_email_ok("@example.cn"));
    assert_false(notify_email_ok("a@b@example.cn"));
    assert_false(notify_email_ok("a b@example.cn"));
    assert_false(notify_email_ok("a@example.cn\r\nBcc: x@y.cn"));
    char m[300];
    notify_mask_email("zhang@example.cn", m);
    assert_string_equal(m, "z***@example.cn");
    Arena *a = arena_new();
    char *msg = notify_mail_message(a, "noreply@gz.cn", "r@example.cn", "【公治】通知", "正文", 0, "id-1@gz");
    assert_non_null(strstr(msg, "Subject: =?UTF-8?B?"));
    assert_non_null(strstr(msg, "To: <r@example.cn>\r\n"));
    assert_non_null(strstr(msg, "Content-Transfer-Encoding: base64\r\n\r\n5q2j5paH\r\n")); /* base64 of 正文 */
    arena_free(a);
}

static void test_classify(void **state)
{
    (void)state;
    assert_int_equal(notify_classify(NP_WECOM, 200, "{\"errcode\":0,\"errmsg\":\"ok\"}"), NO_DELIVERED);
    assert_int_equal(notify_classify(NP_WECOM, 200, "{\"errcode\":45009,\"errmsg\":\"api freq out of limit\"}"),
                     NO_RATE_LIMITED); /* an HTTP 200 that is not a delivery */
    assert_int_equal(notify_classify(NP_WECOM, 200, "{\"errcode\":40058}"), NO_TOO_LARGE);
    assert_int_equal(notify_classify(NP_WECOM, 200, "{\"errcode\":93000}"), NO_BAD_KEY);
    assert_int_equal(notify_classify(NP_DINGTALK, 200, "{\"errcode\":130101}"), NO_RATE_LIMITED);
    assert_int_equal(notify_classify(NP_DINGTALK, 200, "{\"errcode\":310000}"), NO_BAD_SIGN);
    assert_int_equal(notify_classify(NP_FEISHU, 200, "{\"code\":0,\"msg\":\"success\"}"), NO_DELIVERED);
    assert_int_equal(notify_classify(NP_FEISHU, 200, "{\"StatusCode\":0}"), NO_DELIVERED);
    assert_int_equal(notify_classify(NP_FEISHU, 200, "{\"code\":19021}"), NO_BAD_SIGN);
    assert_int_equal(notify_classify(NP_FEISHU, 200, "{\"code\":11232}"), NO_RATE_LIMITED);
    assert_int_equal(notify_classify(NP_WECOM, 502, "bad gateway"), NO_TEMPORARY);
    assert_int_equal(notify_classify(NP_WECOM, 200, "not json"), NO_TEMPORARY);
    assert_int_equal(notify_classify(NP_WECOM, 429, ""), NO_RATE_LIMITED);
    assert_int_equal(notify_classify(NP_WECOM, 404, ""), NO_BAD_KEY);
    assert_int_equal(notify_classify(NP_WECOM, 0, NULL), NO_TEMPORARY); /* unreachable */
}

static void test_bodies_and_urls(void **state)
{
    (void)state;
    Arena *a = arena_new();
    char *t = notify_bot_text(a, false, "工单 #3：派单", "", "https://x.cn", "/workorders/3");
    assert_string_equal(t, "工单 #3：派单\n查看详情：https://x.cn/workorders/3");
    assert_string_equal(notify_bot_body(a, NP_WECOM, false, "a\"b", 0, ""),
                        "{\"msgtype\":\"text\",\"text\":{\"content\":\"a\\\"b\"}}");
    assert_string_equal(notify_bot_body(a, NP_FEISHU, false, "x", 17, "SIG"),
                        "{\"timestamp\":\"17\",\"sign\":\"SIG\",\"msg_type\":\"text\",\"content\":{\"text\":\"x\"}}");
    assert_true(notify_url_ok("https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k", false));
    assert_false(notify_url_ok("http://qyapi.weixin.qq.com/x", true)); /* not https */
    assert_true(notify_url_ok("http://127.0.0.1:9000/hook", true));      /* loopback, in tests */
    assert_false(notify_url_ok("http://127.0.0.1:9000/hook", false));
    assert_false(notify_url_ok("https:///x", false));
    arena_free(a);
}

int main(void)
{
    if (sodium_init() < 0)
        return 1;
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_sign),     cmocka_unit_test(test_split),   cmocka_unit_test(test_backoff),
        cmocka_unit_test(test_quiet),    cmocka_unit_test(test_classify), cmocka_unit_test(test_bodies_and_urls),
        cmocka_unit_test(test_quiet_until_and_days), cmocka_unit_test(test_mail_rules),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
