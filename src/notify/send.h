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
#include "notify/notify.h"

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

/* ---- the model of delivery (deliver.c); every function takes a Ctx in the
 * caller's transaction and checks no permission (the adapters do). ---- */
#include "auth/ctx.h"

typedef struct NotifyChannelIn {
    NotifyPlatform platform;
    const char *node_path, *name, *url, *secret, *types; /* secret, types may be "" */
    bool markdown, urgent_only;
    int per_minute; /* 1..NOTIFY_BOT_PER_MINUTE; more only for a loopback relay */
} NotifyChannelIn;

typedef struct NotifyChannel {
    int64_t id, blocked_until, created_at;
    int per_minute;
    NotifyPlatform platform;
    const char *node_path, *name, *url_host, *types;
    bool markdown, urgent_only, active, has_secret;
    const char *url, *secret; /* only notify_channel_secret() fills these (the sender) */
} NotifyChannel;

/* Adds a bot, its URL and secret sealed with the data key; audited without either. */
bool notify_channel_add(const Ctx *c, const NotifyChannelIn *in, int64_t *id_out);
/* Channels with id > after, up to max, oldest first (no URL, no secret). -1 on a storage error. */
int notify_channels(const Ctx *c, int64_t after, NotifyChannel *out, int max);
/* One channel (no URL, no secret); false when none. */
bool notify_channel_get(const Ctx *c, int64_t id, NotifyChannel *out);
/* Unseals ch's URL and secret into c's arena: the sender's only. */
bool notify_channel_secret(const Ctx *c, NotifyChannel *ch);
bool notify_channel_set_active(const Ctx *c, int64_t id, bool active);

/* Reads up to max new events after the fan-out cursor and writes one
 * pending delivery per matching active bot; moves the cursor. *n_events is
 * the count read (0: nothing new). */
bool notify_fanout(const Ctx *c, int max, int *n_events);
/* Whether any event waits for fan-out: a read, so that an idle sender does not
 * take SQLite's write lock three times a second and queue behind (or ahead of)
 * the requests' writes. */
bool notify_fanout_waiting(const Ctx *c, bool *waiting);

/* A pending delivery due now, with its event's text. */
typedef struct NotifyDue {
    int64_t id, event_id, channel_id;
    int attempts;
    const char *title, *body, *link;
    bool urgent;
} NotifyDue;
/* Due pending deliveries of one channel, oldest first. -1 on a storage error. */
int notify_due_of(const Ctx *c, int64_t channel_id, NotifyDue *out, int max);
/* The ids of channels with due deliveries (active, not blocked), up to max. */
int notify_due_channels(const Ctx *c, int64_t *ids, int max);
/* Attempts at channel in the last 60 s: the shared rate budget. */
bool notify_sent_last_minute(const Ctx *c, int64_t channel_id, int64_t *n);
/* Records one attempt of delivery d (and of those it carried as a digest,
 * carried[0..n_carried)) with its outcome, and moves the state: delivered
 * -> sent; rate limited -> retry later (DingTalk: the channel blocked 10
 * minutes); otherwise retry with backoff until NOTIFY_MAX_ATTEMPTS, then failed. */
bool notify_record(const Ctx *c, const NotifyDue *d, const int64_t *carried, int n_carried, long http_status,
                   NotifyOutcome o, const char *detail);
/* An admin's re-send of a failed delivery: pending again, attempts reset. False if not failed. */
bool notify_resend(const Ctx *c, int64_t delivery_id, bool *was_failed);

/* ---- the in-app inbox ---- */
typedef struct NotifyPref {
    const char *muted;
    int quiet_start, quiet_end;
} NotifyPref;
bool notify_pref_get(const Ctx *c, int64_t user_id, NotifyPref *out);
bool notify_pref_set(const Ctx *c, int64_t user_id, const NotifyPref *p);
typedef struct NotifyItem {
    NotifyRow ev;
    bool read;
} NotifyItem;
/* The reader's notifications, newest first, id < before (0: from the top);
 * muted non-urgent types left out. -1 on a storage error. */
int notify_inbox(const Ctx *c, int64_t user_id, int64_t before, NotifyItem *out, int max);
bool notify_unread(const Ctx *c, int64_t user_id, int64_t *n);
/* Marks the reader's event read; false when it is not the reader's. */
bool notify_mark_read(const Ctx *c, int64_t user_id, int64_t event_id, bool *found);
/* Does type start with one of the comma-separated prefixes of list? Pure. */
bool notify_type_in(const char *list, const char *type);

/* ---- the admins' view of the outbox ---- */
typedef struct NotifyDeliveryRow {
    int64_t id, event_id, channel_id, next_at, sent_at, digest_id, created_at;
    int attempts;
    const char *state, *last_outcome, *title, *type, *channel_path, *channel_name;
} NotifyDeliveryRow;
/* Deliveries in state ("" any), newest first, id < before (0: top). -1 on a storage error. */
int notify_deliveries(const Ctx *c, const char *state, int64_t before, NotifyDeliveryRow *out, int max);
bool notify_delivery_get(const Ctx *c, int64_t id, NotifyDeliveryRow *out);
typedef struct NotifyAttemptRow {
    int64_t id, at;
    long http_status;
    const char *outcome, *detail;
} NotifyAttemptRow;
int notify_attempts(const Ctx *c, int64_t delivery_id, NotifyAttemptRow *out, int max);

/* ---- the to-do inbox's notices (account/ shows them) ---- */
#include "core/todo.h"
/* The reader's unread notifications as items of kind "notice" (muted
 * non-urgent types left out), each linking to /notifications/{id}, which
 * marks it read and goes on to its page. */
bool notify_todo(const Ctx *c, TodoList *l, bool *capped);
/* Marks the reader's event read and gives its page's link; *found false
 * when the event is not the reader's. */
bool notify_open(const Ctx *c, int64_t user_id, int64_t event_id, const char **link, bool *found);
