/* send.h (notify): delivery to group bots, email and the in-app inbox. The
 * pure rules (signing, byte-aware splitting, backoff, quiet hours, sorting a
 * bot's reply) are here with their table tests; the model (channels,
 * subscriptions, deliveries, attempts) and the sender thread use them. */
#ifndef GZ_NOTIFY_SEND_H
#define GZ_NOTIFY_SEND_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "core/arena.h"

typedef enum NotifyPlatform { NP_WECOM, NP_DINGTALK, NP_FEISHU, NP__COUNT } NotifyPlatform;
const char *notify_platform_name(NotifyPlatform p);
bool notify_platform_parse(const char *name, NotifyPlatform *out);

/* A bot's limits: messages a minute, bytes of one text and one markdown
 * message. WeCom documents 20/min, 2,048 and 4,096 bytes; the others are
 * held to the same, lower-or-equal, figures so one rule serves all. */
#define NOTIFY_BOT_PER_MINUTE 20
#define NOTIFY_TEXT_BYTES 2048
#define NOTIFY_MD_BYTES 4096
/* DingTalk blocks a bot for 10 minutes once it is over its rate. */
#define NOTIFY_DINGTALK_BLOCK 600

/* DingTalk's sign: base64(HMAC-SHA256(key = secret, "<ts_ms>\n<secret>")),
 * URL-encoded for the query string. False when out is too small. */
bool notify_sign_dingtalk(const char *secret, int64_t ts_ms, char *out, size_t n);
/* Feishu's sign: base64(HMAC-SHA256(key = "<ts_s>\n<secret>", "")). */
bool notify_sign_feishu(const char *secret, int64_t ts_s, char *out, size_t n);

/* The length in bytes of the first piece of s[0..len) that fits in max
 * bytes: all of it when it fits, else up to and including the last '\n'
 * within max (so a markdown table row is never cut), else the longest
 * prefix that ends on a whole UTF-8 character. Never 0 when len > 0 and
 * max >= 4. */
size_t notify_piece_len(const char *s, size_t len, size_t max);

/* Seconds to wait before retry number `attempt` (1 = the first retry):
 * 30 s doubling to at most an hour; -1 once NOTIFY_MAX_ATTEMPTS are spent
 * (the delivery is then failed, visible to admins, re-sendable). */
#define NOTIFY_MAX_ATTEMPTS 8
int64_t notify_backoff(int attempt);

/* Is Unix time t within the quiet hours [start, end) given in minutes of
 * the Asia/Shanghai day (end < start wraps midnight; start == end: none)? */
bool notify_quiet_at(int start_min, int end_min, int64_t t);

/* A bot's answer, sorted by its JSON error code, not only HTTP status:
 * WeCom/DingTalk {"errcode":N}, Feishu {"code":N} or {"StatusCode":N}. */
typedef enum NotifyOutcome {
    NO_DELIVERED,
    NO_RATE_LIMITED, /* WeCom 45009, DingTalk 130101, Feishu 11232, HTTP 429 */
    NO_TOO_LARGE,    /* WeCom 40058, DingTalk 460101, Feishu 9499 */
    NO_BAD_SIGN,     /* DingTalk 310000, Feishu 19021 */
    NO_BAD_KEY,      /* WeCom 93000, DingTalk 300001, Feishu 19001, HTTP 404 */
    NO_TEMPORARY,    /* network error, 5xx, an answer not understood */
} NotifyOutcome;
NotifyOutcome notify_classify(NotifyPlatform p, long http_status, const char *body);
const char *notify_outcome_name(NotifyOutcome o);

/* The JSON body of one message to a bot (text, or markdown when md), in
 * Chinese, with the link back: "<title>\n<body>\n<link>". For Feishu, ts_s
 * and sign (may be "") are put in the body. */
char *notify_bot_body(Arena *a, NotifyPlatform p, bool md, const char *text, int64_t ts_s, const char *sign);

/* The text of one event for a group: title, body, link (base + path). */
char *notify_bot_text(Arena *a, bool md, const char *title, const char *body, const char *base, const char *link);

/* Is url acceptable for a bot: https://, or http://127.0.0.1 (loopback,
 * for tests) when allow_loopback; at most 500 bytes, no spaces. */
bool notify_url_ok(const char *url, bool allow_loopback);

#endif
