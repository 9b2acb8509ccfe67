/* admin_pages.c (notify): /notify/admin, the admins' phone-first view of
 * delivery through the same model as /api/outbox, /api/mails and
 * /api/channels: failed bot messages and mails with their attempts and a
 * re-send button each, and the channels (hosts only, never a key). */
#include "notify/web.h"

#include <string.h>

#include "core/clock.h"
#include "notify/send.h"
#include "site/page.h"
#include "site/site.h"

enum { SHOW = 50 };

static const char *outcome_zh(const char *o)
{
    static const char *const map[][2] = {{"delivered", "已送达"},  {"rate_limited", "被限流"},
                                         {"too_large", "消息过长"}, {"bad_sign", "签名错误"},
                                         {"bad_key", "地址或密钥无效"}, {"temporary", "暂时失败"}};
    for (size_t i = 0; i < sizeof map / sizeof map[0]; i++)
        if (strcmp(map[i][0], o) == 0)
            return map[i][1];
    return *o ? o : "—";
}

static const char *platform_zh(NotifyPlatform p)
{
    static const char *const n[NP__COUNT] = {"企业微信群机器人", "钉钉群机器人", "飞书群机器人", "邮件服务器"};
    return (unsigned)p < NP__COUNT ? n[p] : "";
}

static const char *when(Req *r, int64_t t)
{
    char s[20];
    clock_format_local(t, s);
    s[16] = '\0';
    return arena_strdup(r->arena, s);
}

void page_notify_admin(Req *r)
{
    Ctx c = site_ctx(r);
    NotifyDeliveryRow *ds = arena_alloc(r->arena, sizeof *ds * SHOW);
    NotifyMail *ms = arena_alloc(r->arena, sizeof *ms * SHOW);
    NotifyChannel *cs = arena_alloc(r->arena, sizeof *cs * SHOW);
    int nd = notify_deliveries(&c, "failed", 0, ds, SHOW);
    int nm = notify_mails(&c, "failed", 0, ms, SHOW);
    int nc = notify_channels(&c, 0, cs, SHOW);
    if (nd < 0 || nm < 0 || nc < 0) {
        reply_storage_error(r);
        return;
    }
    page_begin(r, L(r, "通知发送管理", "Notifications"));
    Buf *b = &r->out;
    buf_printf(b, "<h1>%s</h1>\n", L(r, "通知发送管理", "Notifications"));
    const char *done = req_query(r, "resent");
    if (done && *done)
        buf_printf(b, "<p class=\"notice\">%s</p>\n", L(r, "已重新排队发送。", "Queued again."));

    buf_printf(b, "<h2>%s</h2>\n<ul class=\"cards outbox\">\n", L(r, "发送失败的群消息", "Failed bot messages"));
    int k = 0;
    for (int i = 0; i < nd; i++) {
        const NotifyDeliveryRow *d = &ds[i];
        if (!perm_allows(c.who, PERM_NOTIFY_ADMIN, d->channel_path))
            continue;
        k++;
        NotifyAttemptRow at[10];
        int na = notify_attempts(&c, d->id, at, 10);
        buf_printf(b, "<li><strong>%h</strong><br><small>%h · %s %d %s · %s</small>", d->title, d->channel_name,
                   L(r, "尝试", "attempts"), d->attempts, L(r, "次", ""), outcome_zh(d->last_outcome));
        if (na > 0) {
            buf_puts(b, "<details><summary>");
            buf_printf(b, "%s", L(r, "每次尝试", "Attempts"));
            buf_puts(b, "</summary><ol>");
            for (int j = 0; j < na; j++)
                buf_printf(b, "<li>%s · HTTP %ld · %s</li>", when(r, at[j].at), at[j].http_status,
                           outcome_zh(at[j].outcome));
            buf_puts(b, "</ol></details>");
        }
        buf_printf(b, "<form method=\"post\" action=\"/notify/admin/deliveries/%lld/resend\">", (long long)d->id);
        page_csrf_field(r);
        buf_printf(b, "<button type=\"submit\">%s</button></form></li>\n", L(r, "重发", "Re-send"));
    }
    if (!k)
        buf_printf(b, "<li>%s</li>\n", L(r, "没有发送失败的群消息", "None"));
    buf_puts(b, "</ul>\n");

    buf_printf(b, "<h2>%s</h2>\n<ul class=\"cards outbox\">\n", L(r, "发送失败的邮件", "Failed mails"));
    k = 0;
    for (int i = 0; i < nm; i++) {
        const NotifyMail *m = &ms[i];
        if (!perm_allows(c.who, PERM_NOTIFY_ADMIN, m->channel_path))
            continue;
        k++;
        buf_printf(b, "<li><strong>%h</strong><br><small>%s %d %s · %s · %h</small>", m->subject,
                   L(r, "尝试", "attempts"), m->attempts, L(r, "次", ""), outcome_zh(m->last_outcome),
                   m->last_detail);
        buf_printf(b, "<form method=\"post\" action=\"/notify/admin/mails/%lld/resend\">", (long long)m->id);
        page_csrf_field(r);
        buf_printf(b, "<button type=\"submit\">%s</button></form></li>\n", L(r, "重发", "Re-send"));
    }
    if (!k)
        buf_printf(b, "<li>%s</li>\n", L(r, "没有发送失败的邮件", "None"));
    buf_puts(b, "</ul>\n");

    buf_printf(b, "<h2>%s</h2>\n<ul class=\"cards channels\">\n", L(r, "发送通道", "Channels"));
    k = 0;
    for (int i = 0; i < nc; i++) {
        const NotifyChannel *h = &cs[i];
        if (!perm_allows(c.who, PERM_NOTIFY_ADMIN, h->node_path))
            continue;
        k++;
        buf_printf(b, "<li><strong>%h</strong> <span class=\"badge\">%s</span><br><small>%h · %s</small></li>\n",
                   h->name, platform_zh(h->platform), h->url_host,
                   h->active ? L(r, "启用中", "active") : L(r, "已停用", "disabled"));
    }
    if (!k)
        buf_printf(b, "<li>%s</li>\n", L(r, "还没有发送通道", "No channel yet"));
    buf_puts(b, "</ul>\n");
    buf_printf(b, "<p><a href=\"/api/outbox?state=failed\">%s</a> · <a href=\"/api/mails?state=failed\">%s</a></p>\n",
               L(r, "群消息数据接口（机读格式）", "JSON"), L(r, "邮件数据接口（机读格式）", "JSON"));
    page_end(r);
}

void page_notify_admin_resend(Req *r)
{
    int64_t id;
    if (!req_param_id_or_reply(r, "id", &id))
        return;
    const char *what = req_param(r, "what");
    bool mail = what && strcmp(what, "mails") == 0;
    if (!mail && (!what || strcmp(what, "deliveries") != 0)) {
        reply_not_found(r);
        return;
    }
    Ctx c = site_ctx(r);
    bool was = false, ok;
    if (mail) {
        NotifyMail m;
        if (!notify_mail_get(&c, id, &m) || !perm_allows(c.who, PERM_NOTIFY_ADMIN, m.channel_path)) {
            reply_not_found(r);
            return;
        }
        ok = notify_mail_resend(&c, id, &was);
    } else {
        NotifyDeliveryRow d;
        if (!notify_delivery_get(&c, id, &d) || !perm_allows(c.who, PERM_NOTIFY_ADMIN, d.channel_path)) {
            reply_not_found(r);
            return;
        }
        ok = notify_resend(&c, id, &was);
    }
    if (!ok) {
        reply_storage_error(r);
        return;
    }
    if (!was) {
        reply_error(r, 409, "not_failed", NULL, "只有发送失败的消息可以重发", "Only failed messages can be re-sent");
        return;
    }
    resp_redirect(r, "/notify/admin?resent=1");
}
