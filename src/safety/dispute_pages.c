/* dispute_pages.c: one dispute's page, phone-first, through the same model
 * as /api/disputes/{id}: its tier, parties (in full only for the case's own
 * mediators, else 张* and masked phones), its sessions, escalations,
 * agreements and follow-ups, and for its mediators the forms that move it:
 * escalate with a reason, minute a session, record an agreement ticking
 * each party who signed, close with an outcome. Residents see a published
 * tier-3 outcome and nothing of the parties. */
#include <stdio.h>
#include <string.h>

#include "core/clock.h"
#include "safety/web_int.h"
#include "site/page.h"

enum { EVENTS_MAX = 200 };

static const char *when(Req *r, int64_t t)
{
    char s[20];
    clock_format_local(t, s);
    s[16] = '\0';
    return arena_strdup(r->arena, s);
}

static const char *tier_label(int tier)
{
    static const char *const tiers[] = {"", "第一级：院内调解", "第二级：专业调解", "第三级：多方联调"};
    return tier >= 1 && tier <= 3 ? tiers[tier] : "";
}

static const char *kind_label(const char *k)
{
    static const struct {
        const char *kind, *zh;
    } K[] = {{"opened", "立案"},       {"escalated", "升级"},    {"session", "调解会"}, {"followup", "回访"},
             {"agreement", "达成协议"}, {"closed", "结案"},      {"mediator", "增加调解员"}, {"published", "公开结果"}};
    for (size_t i = 0; i < sizeof K / sizeof K[0]; i++)
        if (strcmp(K[i].kind, k) == 0)
            return K[i].zh;
    return k;
}

static const char *party_role_label(const char *role)
{
    return strcmp(role, "applicant") == 0 ? "申请人" : strcmp(role, "respondent") == 0 ? "被申请人" : "其他当事人";
}

void page_dispute(Req *r)
{
    int64_t id;
    if (!req_param_id_or_reply(r, "id", &id))
        return;
    Ctx c = site_ctx(r);
    SafetyErr e;
    Dispute d;
    bool found;
    if (!safety_dispute_get(&c, id, false, &d, &found, &e)) {
        safety_err_reply(r, &e);
        return;
    }
    bool mediate = found && perm_allows(c.who, PERM_DISPUTE_MEDIATE, d.node_path);
    bool public_view = found && !mediate && d.published && perm_allows(c.who, PERM_TREE_READ, d.node_path);
    if (!mediate && !public_view) {
        safety_err(&e, SM_NO_SUCH_DISPUTE, NULL);
        safety_err_reply(r, &e);
        return;
    }
    bool assigned = false;
    if (mediate && c.who && !safety_dispute_is_mediator(&c, d.id, c.who->user_id, &assigned, &e)) {
        safety_err_reply(r, &e);
        return;
    }
    bool reveal = mediate && safety_parties_visible(true, assigned);
    if (reveal && !safety_dispute_get(&c, id, true, &d, &found, &e)) {
        safety_err_reply(r, &e);
        return;
    }
    page_begin(r, d.title);
    Buf *b = &r->out;
    buf_printf(b, "<p class=\"breadcrumb\"><a href=\"/disputes?compound=%lld\">%s</a></p>\n<h1>%h</h1>\n",
               (long long)d.compound_id, L(r, "矛盾化解", "Disputes"), d.title);
    bool open = strcmp(d.status, "closed") != 0;
    buf_printf(b, "<p><span class=\"badge tier-%d\">%s</span> %s</p>\n", d.tier, tier_label(d.tier),
               open ? L(r, "调解中", "in mediation") : L(r, "已结案", "closed"));
    if (d.outcome[0] && (d.published || mediate))
        buf_printf(b, "<p class=\"outcome\">%s%h</p>\n", L(r, "结果：", "Outcome: "), d.outcome);
    if (public_view) {
        page_end(r);
        return;
    }
    if (reveal && d.summary[0])
        buf_printf(b, "<p>%h</p>\n", d.summary);
    buf_printf(b, "<h2>%s</h2>\n<ul class=\"cards parties\">\n", L(r, "当事人", "Parties"));
    for (int i = 0; i < d.n_parties; i++)
        buf_printf(b, "<li>%h <small>%s %h</small></li>\n", d.parties[i].name, party_role_label(d.parties[i].role),
                   d.parties[i].phone);
    buf_puts(b, "</ul>\n");
    DisputeEvent *ev = arena_alloc(r->arena, sizeof(DisputeEvent) * EVENTS_MAX);
    int n = safety_dispute_events(&c, d.id, ev, EVENTS_MAX);
    if (n < 0) {
        reply_storage_error(r);
        return;
    }
    buf_printf(b, "<h2>%s</h2>\n<ol class=\"timeline dispute-events\">\n", L(r, "经过", "History"));
    for (int i = 0; i < n; i++) {
        buf_printf(b, "<li>%s %s", when(r, ev[i].at), kind_label(ev[i].kind));
        if (strcmp(ev[i].kind, "escalated") == 0)
            buf_printf(b, "（%s）", tier_label(ev[i].tier));
        if (strcmp(ev[i].kind, "agreement") == 0)
            buf_printf(b, "（%d 方签字）", ev[i].n_signed);
        if (reveal && ev[i].text[0])
            buf_printf(b, "：%h", ev[i].text);
        buf_puts(b, "</li>\n");
    }
    buf_puts(b, "</ol>\n");
    if (open && assigned) {
        if (d.tier < 3) {
            buf_printf(b, "<h2>%s</h2>\n<form method=\"post\" action=\"/disputes/%lld/escalate\" class=\"dispute-escalate\">",
                       L(r, "升级到下一级", "Escalate"), (long long)d.id);
            page_csrf_field(r);
            buf_printf(b,
                       "<label for=\"reason\">%s</label><textarea id=\"reason\" name=\"reason\" rows=\"2\" required></textarea>"
                       "<button type=\"submit\">%s%s</button></form>\n",
                       L(r, "升级理由", "Reason"), L(r, "升级到", "Escalate to "), tier_label(d.tier + 1));
        }
        buf_printf(b, "<h2>%s</h2>\n<form method=\"post\" action=\"/disputes/%lld/session\" class=\"dispute-session\">",
                   L(r, "调解会记录", "Session minutes"), (long long)d.id);
        page_csrf_field(r);
        buf_printf(b,
                   "<label for=\"minutes\">%s</label><textarea id=\"minutes\" name=\"minutes\" rows=\"3\" required></textarea>"
                   "<button type=\"submit\">%s</button></form>\n",
                   L(r, "会议纪要", "Minutes"), L(r, "保存纪要", "Save"));
        buf_printf(b, "<h2>%s</h2>\n<form method=\"post\" action=\"/disputes/%lld/agreement\" class=\"dispute-agreement\">",
                   L(r, "调解协议", "Agreement"), (long long)d.id);
        page_csrf_field(r);
        buf_printf(b, "<label for=\"agreement_text\">%s</label><textarea id=\"agreement_text\" name=\"text\" rows=\"3\" "
                      "required></textarea><fieldset><legend>%s</legend>",
                   L(r, "协议内容", "Text"), L(r, "已签字的当事人（须全部签字）", "Signed by (every party)"));
        for (int i = 0; i < d.n_parties; i++)
            buf_printf(b, "<label><input type=\"checkbox\" name=\"signed_%lld\" value=\"1\"> %h</label>",
                       (long long)d.parties[i].id, d.parties[i].name);
        buf_printf(b, "</fieldset><button type=\"submit\">%s</button></form>\n", L(r, "记录协议", "Record"));
        buf_printf(b, "<h2>%s</h2>\n<form method=\"post\" action=\"/disputes/%lld/close\" class=\"dispute-close\">",
                   L(r, "结案", "Close"), (long long)d.id);
        page_csrf_field(r);
        buf_printf(b, "<label for=\"outcome\">%s</label><textarea id=\"outcome\" name=\"outcome\" rows=\"2\" required></textarea>",
                   L(r, "结果", "Outcome"));
        if (d.tier == 3)
            buf_printf(b, "<label><input type=\"checkbox\" name=\"publish\" value=\"1\"> %s</label>",
                       L(r, "向居民公开结果（不含个人信息）", "Publish the outcome"));
        buf_printf(b, "<button type=\"submit\">%s</button></form>\n", L(r, "结案", "Close"));
    }
    page_end(r);
}

/* The case of a form's path, which c->who mediates; replies itself. */
static bool form_case_or_reply(Req *r, Dispute *d)
{
    int64_t id;
    if (!req_param_id_or_reply(r, "id", &id))
        return false;
    Ctx c = site_ctx(r);
    SafetyErr e;
    bool found;
    if (!safety_dispute_get(&c, id, false, d, &found, &e)) {
        safety_err_reply(r, &e);
        return false;
    }
    if (!found || !perm_allows(c.who, PERM_DISPUTE_MEDIATE, d->node_path)) {
        safety_err(&e, SM_NO_SUCH_DISPUTE, NULL);
        safety_err_reply(r, &e);
        return false;
    }
    if (!safety_may_handle_case(&c, d, &e)) {
        safety_err_reply(r, &e);
        return false;
    }
    return true;
}

static void done(Req *r, const Dispute *d, bool ok, const SafetyErr *e)
{
    if (!ok) {
        safety_err_reply(r, e);
        return;
    }
    resp_redirect(r, arena_printf(r->arena, "/disputes/%lld", (long long)d->id));
}

static const char *field(Req *r, const char *name)
{
    const char *v = req_form_trim(r, name);
    return v ? v : "";
}

void page_dispute_escalate_post(Req *r)
{
    Dispute d;
    if (!form_case_or_reply(r, &d))
        return;
    Ctx c = site_ctx(r);
    SafetyErr e;
    done(r, &d, safety_dispute_escalate(&c, &d, field(r, "reason"), &e), &e);
}

void page_dispute_session_post(Req *r)
{
    Dispute d;
    if (!form_case_or_reply(r, &d))
        return;
    Ctx c = site_ctx(r);
    SafetyErr e;
    done(r, &d, safety_dispute_note(&c, &d, "session", field(r, "minutes"), &e), &e);
}

void page_dispute_agreement_post(Req *r)
{
    Dispute d;
    if (!form_case_or_reply(r, &d))
        return;
    int64_t ids[SAFETY_PARTIES_MAX];
    int n = 0;
    for (int i = 0; i < d.n_parties && n < SAFETY_PARTIES_MAX; i++) {
        char name[40];
        snprintf(name, sizeof name, "signed_%lld", (long long)d.parties[i].id);
        if (req_form(r, name))
            ids[n++] = d.parties[i].id;
    }
    Ctx c = site_ctx(r);
    SafetyErr e;
    int64_t ev;
    done(r, &d, safety_dispute_agree(&c, &d, field(r, "text"), ids, n, &ev, &e), &e);
}

void page_dispute_close_post(Req *r)
{
    Dispute d;
    if (!form_case_or_reply(r, &d))
        return;
    Ctx c = site_ctx(r);
    SafetyErr e;
    done(r, &d, safety_dispute_close(&c, &d, field(r, "outcome"), req_form(r, "publish") != NULL, &e), &e);
}
