/* sender.c (notify): the sender thread of `serve`. It fans new events out
 * into deliveries and posts the due ones to their bots with libcurl, each
 * step in its own transaction on its own connection, so a request that
 * emits an event only writes one row and never waits for a bot.
 *
 * Delivery is at-least-once: the attempt is recorded after the POST, so a
 * crash between the two re-sends that one message after a restart. Every
 * POST carries the header X-Gz-Delivery-Id (the delivery's id), by which a
 * receiver that can (and the tests' fake bot) drops the duplicate. */
#include "notify/sender.h"

#include <curl/curl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/buf.h"
#include "core/clock.h"
#include "core/log.h"
#include "notify/send.h"

static pthread_t g_thread;
static bool g_running, g_quit;
static pthread_mutex_t g_mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t g_cv = PTHREAD_COND_INITIALIZER;
static char *g_db_url, *g_base;
static bool g_loopback;
static bool (*g_leading)(void);

typedef struct Reply {
    char buf[2048];
    size_t n;
} Reply;

static size_t on_body(char *p, size_t sz, size_t nm, void *u)
{
    Reply *r = u;
    size_t k = sz * nm, room = sizeof r->buf - 1 - r->n;
    memcpy(r->buf + r->n, p, k < room ? k : room);
    r->n += k < room ? k : room;
    r->buf[r->n] = 0;
    return k;
}

/* One POST; returns the HTTP status (0: no answer) and the reply in *rep. */
static long post(const NotifyChannel *ch, const char *body, int64_t delivery_id, Reply *rep, int64_t now_ms)
{
    char url[1200];
    snprintf(url, sizeof url, "%s", ch->url);
    if (ch->platform == NP_DINGTALK && *ch->secret) {
        char sign[128];
        if (!notify_sign_dingtalk(ch->secret, now_ms, sign, sizeof sign))
            return 0;
        snprintf(url, sizeof url, "%s%stimestamp=%lld&sign=%s", ch->url, strchr(ch->url, '?') ? "&" : "?",
                 (long long)now_ms, sign);
    }
    CURL *h = curl_easy_init();
    if (!h)
        return 0;
    char idh[64];
    snprintf(idh, sizeof idh, "X-Gz-Delivery-Id: %lld", (long long)delivery_id);
    struct curl_slist *hd = curl_slist_append(NULL, "Content-Type: application/json; charset=utf-8");
    hd = curl_slist_append(hd, idh);
    rep->n = 0;
    rep->buf[0] = 0;
    curl_easy_setopt(h, CURLOPT_URL, url);
    curl_easy_setopt(h, CURLOPT_HTTPHEADER, hd);
    curl_easy_setopt(h, CURLOPT_POSTFIELDS, body);
    curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, on_body);
    curl_easy_setopt(h, CURLOPT_WRITEDATA, rep);
    curl_easy_setopt(h, CURLOPT_TIMEOUT, 10L);
    curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT, 5L);
    curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, g_loopback ? "https,http" : "https");
    curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, 0L);
    long status = 0;
    if (curl_easy_perform(h) == CURLE_OK)
        curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &status);
    curl_slist_free_all(hd);
    curl_easy_cleanup(h);
    return status;
}

/* Posts text to ch, split into pieces within the platform's limit; the
 * outcome is the first that is not a delivery. */
static NotifyOutcome send_text(const Ctx *c, const NotifyChannel *ch, int64_t delivery_id, const char *text,
                               long *status)
{
    size_t max = ch->markdown ? NOTIFY_MD_BYTES : NOTIFY_TEXT_BYTES;
    max -= 64; /* room for the platform's envelope in the byte count WeCom applies to content */
    size_t len = strlen(text), off = 0;
    NotifyOutcome o = NO_DELIVERED;
    Reply rep;
    while (off < len && o == NO_DELIVERED) {
        size_t k = notify_piece_len(text + off, len - off, max);
        if (!k)
            return NO_TOO_LARGE;
        char *piece = arena_alloc(c->arena, k + 1);
        memcpy(piece, text + off, k);
        piece[k] = 0;
        struct timespec ts;
        clock_gettime(CLOCK_REALTIME, &ts);
        int64_t ts_s = ts.tv_sec;
        char sign[128] = "";
        if (ch->platform == NP_FEISHU && *ch->secret && !notify_sign_feishu(ch->secret, ts_s, sign, sizeof sign))
            return NO_BAD_SIGN;
        char *body = notify_bot_body(c->arena, ch->platform, ch->markdown, piece, ts_s, sign);
        *status = post(ch, body, delivery_id, &rep, ts_s * 1000 + ts.tv_nsec / 1000000);
        o = notify_classify(ch->platform, *status, rep.buf);
        off += k;
    }
    return o;
}

/* One channel's due deliveries: one message each while the minute's budget
 * lasts; over it, one digest carrying them all. */
static bool deliver_channel(Db *db, int64_t channel_id, int *n_sent)
{
    enum { DUE_MAX = 200 };
    Arena *a = arena_new();
    Ctx c = {.db = db, .arena = a, .now = clock_now()};
    NotifyChannel ch;
    NotifyDue *due = arena_alloc(a, sizeof *due * DUE_MAX);
    int64_t used = 0;
    bool ok = db_begin(db, false);
    int n = 0;
    bool have = ok && notify_channel_get(&c, channel_id, &ch) && notify_channel_secret(&c, &ch);
    if (have && ch.active && ch.blocked_until <= c.now && notify_sent_last_minute(&c, channel_id, &used))
        n = notify_due_of(&c, channel_id, due, DUE_MAX);
    if (ok)
        db_rollback(db);
    if (!have || n <= 0) {
        arena_free(a);
        return n >= 0;
    }
    int64_t budget = ch.per_minute - used;
    bool digest = n > budget;
    int sends = digest ? 1 : n;
    for (int i = 0; i < sends && budget > 0; i++, budget--) {
        NotifyDue *d = &due[i];
        char *text;
        if (digest) {
            Buf b;
            buf_init(&b);
            buf_printf(&b, "%d 条新通知（发送过于频繁，已合并）：\n", n);
            for (int k = 0; k < n; k++)
                buf_printf(&b, "· %s  %s%s\n", due[k].title, g_base, due[k].link);
            text = arena_strdup(a, b.data);
            buf_free(&b);
        } else {
            text = notify_bot_text(a, ch.markdown, d->title, d->body, g_base, d->link);
        }
        long status = 0;
        NotifyOutcome o = send_text(&c, &ch, d->id, text, &status);
        int64_t *carried = NULL;
        int n_carried = 0;
        if (digest) {
            carried = arena_alloc(a, sizeof *carried * (size_t)n);
            for (int k = 1; k < n; k++)
                carried[n_carried++] = due[k].id;
        }
        c.now = clock_now();
        if (!db_begin(db, true))
            break;
        char detail[80] = "";
        if (digest)
            snprintf(detail, sizeof detail, "digest of %d", n);
        if (notify_record(&c, d, carried, n_carried, status, o, detail) && db_commit(db)) {
            (*n_sent)++;
            if (o == NO_RATE_LIMITED)
                break;
            continue;
        }
        if (db_in_transaction(db))
            db_rollback(db);
        break;
    }
    arena_free(a);
    return true;
}

static bool fanout_once(Db *db, int *n)
{
    Arena *a = arena_new();
    Ctx c = {.db = db, .arena = a, .now = clock_now()};
    bool waiting = false;
    bool ok = db_begin(db, false) && notify_fanout_waiting(&c, &waiting);
    if (db_in_transaction(db))
        db_rollback(db);
    ok = ok && (!waiting || (db_begin(db, true) && notify_fanout(&c, 500, n) && db_commit(db)));
    if (!ok && db_in_transaction(db))
        db_rollback(db);
    arena_free(a);
    return ok;
}

/* One round: fan out, then each bot with due deliveries. */
static void round_once(Db *db, int *n, int *sent)
{
    if (!fanout_once(db, n))
        log_error("notify sender: fan-out failed: %s", db_errmsg(db));
    int64_t ids[64];
    int k = -1;
    Arena *a = arena_new();
    Ctx c = {.db = db, .arena = a, .now = clock_now()};
    if (db_begin(db, false)) {
        k = notify_due_channels(&c, ids, 64);
        db_rollback(db);
    }
    arena_free(a);
    for (int i = 0; i < k; i++)
        if (!deliver_channel(db, ids[i], sent))
            log_error("notify sender: channel %lld: %s", (long long)ids[i], db_errmsg(db));
}

static void *sender_main(void *arg)
{
    (void)arg;
    char err[256];
    Db *db = db_open(g_db_url, err, sizeof err);
    if (!db) {
        log_error("notify sender: cannot open the database: %s", err);
        return NULL;
    }
    pthread_mutex_lock(&g_mu);
    while (!g_quit) {
        pthread_mutex_unlock(&g_mu);
        int n = 0, sent = 0;
        if (!g_leading || g_leading())
            round_once(db, &n, &sent);
        pthread_mutex_lock(&g_mu);
        if (n == 500 || sent > 0) /* more may be waiting: go on at once */
            continue;
        struct timespec until;
        clock_gettime(CLOCK_REALTIME, &until);
        until.tv_nsec += 300 * 1000000L;
        if (until.tv_nsec >= 1000000000L) {
            until.tv_sec++;
            until.tv_nsec -= 1000000000L;
        }
        while (!g_quit && pthread_cond_timedwait(&g_cv, &g_mu, &until) == 0)
            ;
    }
    pthread_mutex_unlock(&g_mu);
    db_close(db);
    return NULL;
}

bool notify_sender_start(const char *db_url, const char *base_url, bool allow_loopback, bool (*leading)(void))
{
    g_leading = leading;
    curl_global_init(CURL_GLOBAL_DEFAULT);
    g_db_url = strdup(db_url);
    g_base = strdup(base_url);
    g_loopback = allow_loopback;
    g_quit = false;
    if (!g_db_url || !g_base || pthread_create(&g_thread, NULL, sender_main, NULL) != 0) {
        free(g_db_url);
        free(g_base);
        g_db_url = g_base = NULL;
        return false;
    }
    g_running = true;
    return true;
}

void notify_sender_stop(void)
{
    if (!g_running)
        return;
    pthread_mutex_lock(&g_mu);
    g_quit = true;
    pthread_cond_signal(&g_cv);
    pthread_mutex_unlock(&g_mu);
    pthread_join(g_thread, NULL);
    g_running = false;
    free(g_db_url);
    free(g_base);
    g_db_url = g_base = NULL;
}

bool notify_url_allowed(const char *url)
{
    return notify_url_ok(url, g_loopback);
}
