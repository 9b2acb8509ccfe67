/* api.c (notify): JSON adapters over the delivery model. */
#include "notify/web.h"

#include <stdlib.h>
#include <string.h>

#include "core/clock.h"
#include "grid/web.h"
#include "http/jsonin.h"
#include "notify/send.h"
#include "notify/sender.h"
#include "site/site.h"

#define PAGE 50

/* ---- channels ---- */

static void channel_json(Buf *b, const NotifyChannel *h)
{
    char at[26];
    clock_format_iso(h->created_at, at);
    buf_printf(b,
               "{\"id\":%lld,\"platform\":%j,\"node_path\":%j,\"name\":%j,\"host\":%j,\"signed\":%s,\"markdown\":%s,"
               "\"types\":%j,\"urgent_only\":%s,\"active\":%s,\"per_minute\":%d,\"created_at\":%j,\"from\":%j}",
               (long long)h->id, notify_platform_name(h->platform), h->node_path, h->name, h->url_host,
               h->has_secret ? "true" : "false", h->markdown ? "true" : "false", h->types,
               h->urgent_only ? "true" : "false", h->active ? "true" : "false", h->per_minute, at, h->mail_from);
}

void api_channels_list(Req *r)
{
    int64_t after;
    if (!req_query_int_or_reply(r, "after", 0, 0, INT64_MAX, &after))
        return;
    Ctx c = site_ctx(r);
    NotifyChannel *rows = arena_alloc(c.arena, sizeof *rows * PAGE);
    int n = notify_channels(&c, after, rows, PAGE);
    if (n < 0) {
        reply_storage_error(r);
        return;
    }
    resp_json(r);
    buf_puts(&r->out, "{\"items\":[");
    int k = 0;
    for (int i = 0; i < n; i++) {
        if (!perm_allows(r->who, PERM_NOTIFY_ADMIN, rows[i].node_path))
            continue;
        if (k++)
            buf_putc(&r->out, ',');
        channel_json(&r->out, &rows[i]);
    }
    buf_puts(&r->out, "],\"next\":");
    if (n == PAGE)
        buf_printf(&r->out, "%lld}", (long long)rows[n - 1].id);
    else
        buf_puts(&r->out, "null}");
}

static const JsonField channel_spec[] = {
    {"platform", JF_STRING, JF_REQUIRED, 0, 20},   {"node_id", JF_INT, JF_REQUIRED, 1, INT64_MAX},
    {"name", JF_STRING, JF_REQUIRED, 0, 60},       {"url", JF_STRING, JF_REQUIRED, 0, 500},
    {"secret", JF_STRING, JF_EMPTY_OK, 0, 200},    {"markdown", JF_BOOL, 0, 0, 0},
    {"types", JF_STRING, JF_EMPTY_OK, 0, 300},     {"urgent_only", JF_BOOL, 0, 0, 0},
    {"per_minute", JF_INT, 0, 1, 100000},          {"username", JF_STRING, JF_EMPTY_OK, 0, 200},
    {"from", JF_STRING, 0, 0, 254},                {NULL, 0, 0, 0, 0},
};

static bool types_ok(const char *t)
{
    for (const char *p = t; *p; p++)
        if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '_' || *p == '.' || *p == ','))
            return false;
    return true;
}

void api_channel_create(Req *r)
{
    json_t *body = req_json_object_or_reply(r);
    JsonValue v[11];
    if (!body || !json_fields_or_reply(r, body, channel_spec, v))
        return;
    NotifyChannelIn in = {.name = v[2].s, .url = v[3].s, .secret = v[4].present ? v[4].s : "",
                          .markdown = v[5].present && v[5].b, .types = v[6].present ? v[6].s : "",
                          .urgent_only = v[7].present && v[7].b,
                          .per_minute = v[8].present ? (int)v[8].i : NOTIFY_BOT_PER_MINUTE};
    if (!notify_platform_parse(v[0].s, &in.platform)) {
        reply_error(r, 400, "bad_value", "platform", "平台应为 wecom、dingtalk、feishu 或 smtp",
                    "The platform must be wecom, dingtalk, feishu or smtp");
        return;
    }
    in.username = v[9].present ? v[9].s : "";
    in.mail_from = v[10].present ? v[10].s : "";
    if (in.platform == NP_SMTP) {
        /* an SMTP server for email: smtps://, or smtp:// with STARTTLS; loopback only on test servers */
        if (!notify_smtp_url_ok(in.url, notify_loopback_allowed())) {
            reply_error(r, 400, "bad_value", "url", "邮件服务器地址应为 smtps://主机:端口 或 smtp://主机:端口",
                        "The SMTP URL must be smtps://host:port or smtp://host:port");
            return;
        }
        if (!notify_email_ok(in.mail_from)) {
            reply_error(r, 400, "bad_value", "from", "请填写正确的发件地址", "from: a valid address");
            return;
        }
        if (*in.username && !*in.secret) {
            reply_error(r, 400, "bad_value", "secret", "填写了登录名，也请填写密码", "A login needs its password");
            return;
        }
        in.markdown = false;
        in.per_minute = NOTIFY_BOT_PER_MINUTE;
    } else if (*in.username || *in.mail_from) {
        reply_error(r, 400, "bad_value", *in.username ? "username" : "from", "群机器人不使用登录名和发件地址",
                    "Bots take no login and no sender address");
        return;
    } else if (!notify_url_allowed(in.url)) {
        reply_error(r, 400, "bad_value", "url", "机器人地址必须以 https:// 开头", "The bot URL must be https");
        return;
    }
    /* the platforms allow 20 a minute; only a relay on this machine may take more */
    if (in.platform != NP_SMTP && in.per_minute > NOTIFY_BOT_PER_MINUTE && strncmp(in.url, "http://127.0.0.1:", 17) != 0) {
        reply_error(r, 400, "bad_value", "per_minute", "群机器人每分钟最多 20 条", "A bot takes at most 20 a minute");
        return;
    }
    if (!types_ok(in.types)) {
        reply_error(r, 400, "bad_value", "types", "事件类型只能是逗号分隔的小写代码，如 workorder.,vote.",
                    "types: comma-separated lowercase prefixes");
        return;
    }
    if (in.platform == NP_WECOM && *in.secret) {
        reply_error(r, 400, "bad_value", "secret", "企业微信机器人不使用签名密钥", "WeCom bots take no secret");
        return;
    }
    NodeInfo node;
    if (!grid_node_ref_or_reply(r, v[1].i, PERM_NOTIFY_ADMIN, "node_id", &node))
        return;
    in.node_path = node.path;
    Ctx c = site_ctx(r);
    int64_t id = 0;
    NotifyChannel h;
    if (!notify_channel_add(&c, &in, &id) || !notify_channel_get(&c, id, &h)) {
        reply_storage_error(r);
        return;
    }
    r->status = 201;
    resp_json(r);
    channel_json(&r->out, &h);
}

static bool channel_allowed_or_reply(Req *r, const Ctx *c, int64_t id, NotifyChannel *h)
{
    if (!notify_channel_get(c, id, h) || !perm_allows(r->who, PERM_NOTIFY_ADMIN, h->node_path)) {
        reply_error(r, 404, "not_found", NULL, "找不到这个机器人", "No such bot");
        return false;
    }
    return true;
}

void api_channel_disable(Req *r)
{
    int64_t id;
    if (!req_param_id_or_reply(r, "id", &id))
        return;
    Ctx c = site_ctx(r);
    NotifyChannel h;
    if (!channel_allowed_or_reply(r, &c, id, &h))
        return;
    if (!notify_channel_set_active(&c, id, false) || !notify_channel_get(&c, id, &h)) {
        reply_storage_error(r);
        return;
    }
    resp_json(r);
    channel_json(&r->out, &h);
}

/* ---- the outbox ---- */

static void delivery_json(Buf *b, const NotifyDeliveryRow *d)
{
    char at[26], next[26], sent[26] = "";
    clock_format_iso(d->created_at, at);
    clock_format_iso(d->next_at, next);
    if (d->sent_at)
        clock_format_iso(d->sent_at, sent);
    buf_printf(b,
               "{\"id\":%lld,\"event_id\":%lld,\"channel_id\":%lld,\"channel\":%j,\"type\":%j,\"title\":%j,"
               "\"state\":%j,\"attempts\":%d,\"last_outcome\":%j,\"created_at\":%j,\"next_at\":%j,\"sent_at\":",
               (long long)d->id, (long long)d->event_id, (long long)d->channel_id, d->channel_name, d->type, d->title,
               d->state, d->attempts, d->last_outcome, at, next);
    if (d->sent_at)
        buf_printf(b, "%j", sent);
    else
        buf_puts(b, "null");
    if (d->digest_id)
        buf_printf(b, ",\"digest_id\":%lld}", (long long)d->digest_id);
    else
        buf_puts(b, ",\"digest_id\":null}");
}

void api_outbox_list(Req *r)
{
    int64_t before;
    const char *state = req_query(r, "state");
    if (!req_query_int_or_reply(r, "before", 0, 0, INT64_MAX, &before))
        return;
    if (!state)
        state = "";
    if (*state && strcmp(state, "pending") && strcmp(state, "sent") && strcmp(state, "failed")) {
        reply_error(r, 400, "bad_param", "state", "状态应为 pending、sent 或 failed",
                    "state must be pending, sent or failed");
        return;
    }
    Ctx c = site_ctx(r);
    NotifyDeliveryRow *rows = arena_alloc(c.arena, sizeof *rows * PAGE);
    int n = notify_deliveries(&c, state, before, rows, PAGE);
    if (n < 0) {
        reply_storage_error(r);
        return;
    }
    resp_json(r);
    buf_puts(&r->out, "{\"items\":[");
    int k = 0;
    for (int i = 0; i < n; i++) {
        if (!perm_allows(r->who, PERM_NOTIFY_ADMIN, rows[i].channel_path))
            continue;
        if (k++)
            buf_putc(&r->out, ',');
        delivery_json(&r->out, &rows[i]);
    }
    buf_puts(&r->out, "],\"next\":");
    if (n == PAGE)
        buf_printf(&r->out, "%lld}", (long long)rows[n - 1].id);
    else
        buf_puts(&r->out, "null}");
}

static bool delivery_allowed_or_reply(Req *r, const Ctx *c, NotifyDeliveryRow *d)
{
    int64_t id;
    if (!req_param_id_or_reply(r, "id", &id))
        return false;
    if (!notify_delivery_get(c, id, d) || !perm_allows(r->who, PERM_NOTIFY_ADMIN, d->channel_path)) {
        reply_error(r, 404, "not_found", NULL, "找不到这条消息", "No such delivery");
        return false;
    }
    return true;
}

void api_outbox_get(Req *r)
{
    Ctx c = site_ctx(r);
    NotifyDeliveryRow d;
    if (!delivery_allowed_or_reply(r, &c, &d))
        return;
    NotifyAttemptRow *at = arena_alloc(c.arena, sizeof *at * 100);
    int n = notify_attempts(&c, d.id, at, 100);
    if (n < 0) {
        reply_storage_error(r);
        return;
    }
    resp_json(r);
    buf_puts(&r->out, "{\"delivery\":");
    delivery_json(&r->out, &d);
    buf_puts(&r->out, ",\"attempts\":[");
    for (int i = 0; i < n; i++) {
        char t[26];
        clock_format_iso(at[i].at, t);
        buf_printf(&r->out, "%s{\"at\":%j,\"http_status\":%ld,\"outcome\":%j,\"detail\":%j}", i ? "," : "", t,
                   at[i].http_status, at[i].outcome, at[i].detail);
    }
    buf_puts(&r->out, "]}");
}

void api_outbox_resend(Req *r)
{
    Ctx c = site_ctx(r);
    NotifyDeliveryRow d;
    if (!delivery_allowed_or_reply(r, &c, &d))
        return;
    bool was = false;
    if (!notify_resend(&c, d.id, &was)) {
        reply_storage_error(r);
        return;
    }
    if (!was) {
        reply_error(r, 409, "not_failed", NULL, "只有发送失败的消息可以重发", "Only failed messages can be re-sent");
        return;
    }
    if (!notify_delivery_get(&c, d.id, &d)) {
        reply_storage_error(r);
        return;
    }
    resp_json(r);
    delivery_json(&r->out, &d);
}

/* ---- the inbox ---- */

void api_my_notifications(Req *r)
{
    int64_t before, unread = 0;
    if (!req_query_int_or_reply(r, "before", 0, 0, INT64_MAX, &before))
        return;
    Ctx c = site_ctx(r);
    NotifyItem *items = arena_alloc(c.arena, sizeof *items * PAGE);
    int n = notify_inbox(&c, r->who->user_id, before, items, PAGE);
    if (n < 0 || !notify_unread(&c, r->who->user_id, &unread)) {
        reply_storage_error(r);
        return;
    }
    resp_json(r);
    buf_puts(&r->out, "{\"items\":[");
    for (int i = 0; i < n; i++) {
        const NotifyRow *e = &items[i].ev;
        char at[26];
        clock_format_iso(e->created_at, at);
        buf_printf(&r->out,
                   "%s{\"id\":%lld,\"type\":%j,\"title\":%j,\"body\":%j,\"link\":%j,\"urgent\":%s,\"read\":%s,"
                   "\"created_at\":%j}",
                   i ? "," : "", (long long)e->id, e->type, e->title, e->body, e->link, e->urgent ? "true" : "false",
                   items[i].read ? "true" : "false", at);
    }
    buf_printf(&r->out, "],\"unread\":%lld,\"next\":", (long long)unread);
    if (n == PAGE)
        buf_printf(&r->out, "%lld}", (long long)items[n - 1].ev.id);
    else
        buf_puts(&r->out, "null}");
}

void api_my_notification_read(Req *r)
{
    int64_t id, unread = 0;
    if (!req_param_id_or_reply(r, "id", &id))
        return;
    Ctx c = site_ctx(r);
    bool found = false;
    if (!notify_mark_read(&c, r->who->user_id, id, &found)) {
        reply_storage_error(r);
        return;
    }
    if (!found) {
        reply_error(r, 404, "not_found", NULL, "找不到这条通知", "No such notification");
        return;
    }
    if (!notify_unread(&c, r->who->user_id, &unread)) {
        reply_storage_error(r);
        return;
    }
    resp_json(r);
    buf_printf(&r->out, "{\"id\":%lld,\"read\":true,\"unread\":%lld}", (long long)id, (long long)unread);
}

/* ---- a person's subscriptions ---- */

static void pref_json(Buf *b, const NotifyPref *p)
{
    buf_printf(b, "{\"muted\":%j,\"quiet_start\":%d,\"quiet_end\":%d,\"email\":%j,\"email_mode\":%j,\"email_types\":%j}",
               p->muted, p->quiet_start, p->quiet_end, p->email, p->email_mode, p->email_types);
}

void api_subscriptions_get(Req *r)
{
    Ctx c = site_ctx(r);
    NotifyPref p;
    if (!notify_pref_get(&c, r->who->user_id, &p)) {
        reply_storage_error(r);
        return;
    }
    resp_json(r);
    pref_json(&r->out, &p);
}

static const JsonField pref_spec[] = {
    {"muted", JF_STRING, JF_EMPTY_OK | JF_REQUIRED, 0, 300},
    {"quiet_start", JF_INT, JF_REQUIRED, 0, 1439},
    {"quiet_end", JF_INT, JF_REQUIRED, 0, 1439},
    {"email", JF_STRING, JF_EMPTY_OK, 0, 254},
    {"email_mode", JF_STRING, 0, 0, 10},
    {"email_types", JF_STRING, JF_EMPTY_OK, 0, 300},
    {NULL, 0, 0, 0, 0},
};

void api_subscriptions_set(Req *r)
{
    json_t *body = req_json_object_or_reply(r);
    JsonValue v[6];
    if (!body || !json_fields_or_reply(r, body, pref_spec, v))
        return;
    if (!types_ok(v[0].s) || (v[5].present && !types_ok(v[5].s))) {
        bool m = !types_ok(v[0].s);
        reply_error(r, 400, "bad_value", m ? "muted" : "email_types", "事件类型只能是逗号分隔的小写代码，如 workorder.,vote.",
                    "comma-separated lowercase prefixes");
        return;
    }
    const char *mode = v[4].present ? v[4].s : NULL;
    if (mode && strcmp(mode, "off") && strcmp(mode, "each") && strcmp(mode, "daily")) {
        reply_error(r, 400, "bad_value", "email_mode", "邮件方式应为 off（不发）、each（逐条）或 daily（每日摘要）",
                    "email_mode must be off, each or daily");
        return;
    }
    if (v[3].present && *v[3].s && !notify_email_ok(v[3].s)) {
        reply_error(r, 400, "bad_value", "email", "请填写正确的邮箱地址", "email: a valid address");
        return;
    }
    Ctx c = site_ctx(r);
    NotifyPref old;
    if (!notify_pref_get(&c, r->who->user_id, &old)) {
        reply_storage_error(r);
        return;
    }
    NotifyPref p = {.muted = v[0].s, .quiet_start = (int)v[1].i, .quiet_end = (int)v[2].i,
                    .email = v[3].present ? v[3].s : "", .email_set = v[3].present,
                    .email_mode = mode ? mode : old.email_mode,
                    .email_types = v[5].present ? v[5].s : old.email_types};
    bool has_email = v[3].present ? *v[3].s != 0 : *old.email != 0;
    if (strcmp(p.email_mode, "off") != 0 && !has_email) {
        reply_error(r, 400, "bad_value", "email", "要收邮件，请先填写邮箱地址", "email_mode needs an address");
        return;
    }
    if (!notify_pref_set(&c, r->who->user_id, &p) || !notify_pref_get(&c, r->who->user_id, &p)) {
        reply_storage_error(r);
        return;
    }
    resp_json(r);
    pref_json(&r->out, &p);
}

/* ---- the mails (admins) ---- */

static void mail_json(Buf *b, const NotifyMail *m)
{
    char at[26], next[26], sent[26] = "";
    clock_format_iso(m->created_at, at);
    clock_format_iso(m->next_at, next);
    if (m->sent_at)
        clock_format_iso(m->sent_at, sent);
    /* the address is not shown: the person it belongs to is named by id */
    buf_printf(b,
               "{\"id\":%lld,\"user_id\":%lld,\"channel_id\":%lld,\"kind\":%j,\"subject\":%j,\"state\":%j,"
               "\"attempts\":%d,\"last_outcome\":%j,\"last_detail\":%j,\"created_at\":%j,\"next_at\":%j,\"sent_at\":",
               (long long)m->id, (long long)m->user_id, (long long)m->channel_id, m->kind, m->subject, m->state,
               m->attempts, m->last_outcome, m->last_detail, at, next);
    if (m->sent_at)
        buf_printf(b, "%j}", sent);
    else
        buf_puts(b, "null}");
}

void api_mails_list(Req *r)
{
    int64_t before;
    const char *state = req_query(r, "state");
    if (!req_query_int_or_reply(r, "before", 0, 0, INT64_MAX, &before))
        return;
    if (!state)
        state = "";
    if (*state && strcmp(state, "pending") && strcmp(state, "sent") && strcmp(state, "failed")) {
        reply_error(r, 400, "bad_param", "state", "状态应为 pending、sent 或 failed",
                    "state must be pending, sent or failed");
        return;
    }
    Ctx c = site_ctx(r);
    NotifyMail *rows = arena_alloc(c.arena, sizeof *rows * PAGE);
    int n = notify_mails(&c, state, before, rows, PAGE);
    if (n < 0) {
        reply_storage_error(r);
        return;
    }
    resp_json(r);
    buf_puts(&r->out, "{\"items\":[");
    int k = 0;
    for (int i = 0; i < n; i++) {
        if (!perm_allows(r->who, PERM_NOTIFY_ADMIN, rows[i].channel_path))
            continue;
        if (k++)
            buf_putc(&r->out, ',');
        mail_json(&r->out, &rows[i]);
    }
    buf_puts(&r->out, "],\"next\":");
    if (n == PAGE)
        buf_printf(&r->out, "%lld}", (long long)rows[n - 1].id);
    else
        buf_puts(&r->out, "null}");
}

void api_mail_resend(Req *r)
{
    int64_t id;
    if (!req_param_id_or_reply(r, "id", &id))
        return;
    Ctx c = site_ctx(r);
    NotifyMail m;
    if (!notify_mail_get(&c, id, &m) || !perm_allows(r->who, PERM_NOTIFY_ADMIN, m.channel_path)) {
        reply_error(r, 404, "not_found", NULL, "找不到这封邮件", "No such mail");
        return;
    }
    bool was = false;
    if (!notify_mail_resend(&c, id, &was)) {
        reply_storage_error(r);
        return;
    }
    if (!was) {
        reply_error(r, 409, "not_failed", NULL, "只有发送失败的邮件可以重发", "Only failed mails can be re-sent");
        return;
    }
    if (!notify_mail_get(&c, id, &m)) {
        reply_storage_error(r);
        return;
    }
    resp_json(r);
    mail_json(&r->out, &m);
}
