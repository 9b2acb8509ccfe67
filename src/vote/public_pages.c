/* public_pages.c: the results anyone may read with the link, signed in or
 * not (the QR codes of the printed sheets open these): a notice, a
 * decision's steps and a closed vote's result, each with its JSON twin
 * under /api/public/. Text written by people (a notice's body, a step's
 * note) is shown with every phone and ID number masked; a vote shows its
 * totals only, never who voted how. */
#include "vote/vote.h"
#include "vote/web_int.h"
#include "vote/delib.h"
#include "vote/web_delib.h"
#include "vote/web_public.h"

#include <string.h>

#include "core/clock.h"
#include "grid/pii.h"
#include "site/page.h"
#include "site/site.h"

static const char *day(Req *r, int64_t t)
{
    char s[20];
    clock_format_local(t, s);
    s[10] = '\0';
    return arena_strdup(r->arena, s);
}

static void null_or_id(Buf *b, int64_t id)
{
    if (id)
        buf_printf(b, "%lld", (long long)id);
    else
        buf_puts(b, "null");
}

/* Lines of text as paragraphs. */
static void paras(Req *r, const char *text)
{
    for (const char *p = text; p && *p;) {
        const char *e = strchr(p, '\n');
        size_t n = e ? (size_t)(e - p) : strlen(p);
        if (n)
            buf_printf(&r->out, "<p>%h</p>\n", arena_strndup(r->arena, p, n));
        if (!e)
            break;
        p = e + 1;
    }
}

static const char *notice_kind_zh(const char *kind)
{
    static const char *const map[][2] = {{"vote_result", "表决结果"}, {"payment", "资金支出"}, {"minutes", "会议纪要"},
                                         {"convention", "院落公约"},  {"decision", "决策"},     {"execution", "执行情况"},
                                         {"general", "公示"}};
    for (size_t i = 0; i < sizeof map / sizeof map[0]; i++)
        if (strcmp(map[i][0], kind) == 0)
            return map[i][1];
    return "公示";
}

/* ---- a notice -------------------------------------------------------------------- */

static bool notice_or_reply(Req *r, Notice *t)
{
    int64_t id;
    if (!req_param_id_or_reply(r, "id", &id))
        return false;
    Ctx c = site_ctx(r);
    bool found = false;
    if (!notice_get(&c, id, t, &found)) {
        vote_reply_db(r);
        return false;
    }
    if (!found) {
        reply_not_found(r);
        return false;
    }
    t->body = pii_mask_text(r->arena, t->body);
    return true;
}

void api_notice_public(Req *r)
{
    Notice t;
    if (!notice_or_reply(r, &t))
        return;
    resp_json(r);
    Buf *b = &r->out;
    buf_printf(b,
               "{\"id\":%lld,\"kind\":%j,\"kind_label\":%j,\"title\":%j,\"body\":%j,\"place\":%j,\"published_at\":%lld,"
               "\"objection_until\":%lld,\"corrects_id\":",
               (long long)t.id, t.kind, notice_kind_zh(t.kind), t.title, t.body, t.node_name, (long long)t.published_at,
               (long long)t.objection_until);
    null_or_id(b, t.corrects_id);
    buf_puts(b, ",\"corrected_by\":");
    null_or_id(b, t.corrected_by);
    buf_puts(b, "}");
}

void page_notice_public(Req *r)
{
    Notice t;
    if (!notice_or_reply(r, &t))
        return;
    page_begin(r, t.title);
    Buf *b = &r->out;
    buf_printf(b, "<p class=\"breadcrumb\">%h · %s</p>\n<h1>%h</h1>\n", t.node_name, notice_kind_zh(t.kind), t.title);
    if (t.corrected_by)
        buf_printf(b, "<p class=\"notice-corrected\" role=\"note\">本公示已被更正，请看<a href=\"/public/notices/%lld\">更正后的公示</a>。</p>\n",
                   (long long)t.corrected_by);
    if (t.corrects_id)
        buf_printf(b, "<p>本公示更正<a href=\"/public/notices/%lld\">此前的公示</a>。</p>\n", (long long)t.corrects_id);
    buf_printf(b, "<p class=\"meta\">发布于 %s，公示期至 %s。</p>\n<div class=\"notice-body\">\n", day(r, t.published_at),
               day(r, t.objection_until));
    paras(r, t.body);
    buf_puts(b, "</div>\n<p>如有异议，请在公示期内向社区或院委会反映。</p>\n");
    page_end(r);
}

/* ---- a decision ------------------------------------------------------------------ */

static bool decision_or_reply(Req *r, Decision *d, DecisionStepDone **done, const DecisionStep **steps, int *n)
{
    int64_t id;
    if (!req_param_id_or_reply(r, "id", &id))
        return false;
    Ctx c = site_ctx(r);
    VoteErr e;
    if (!delib_decision_get(&c, id, d, &e)) {
        if (e.msg == VM_BUSY || e.msg == VM_INTERNAL)
            vote_err_reply(r, &e);
        else
            reply_not_found(r);
        return false;
    }
    if (!delib_decision_steps_done(&c, d, done, n, &e)) {
        vote_err_reply(r, &e);
        return false;
    }
    *steps = decision_steps(d->tmpl, n);
    for (int i = 0; i < *n; i++)
        if ((*done)[i].done)
            (*done)[i].note = pii_mask_text(r->arena, (*done)[i].note);
    return true;
}

void api_decision_public(Req *r)
{
    Decision d;
    DecisionStepDone *done;
    const DecisionStep *steps;
    int n;
    if (!decision_or_reply(r, &d, &done, &steps, &n))
        return;
    resp_json(r);
    Buf *b = &r->out;
    buf_printf(b, "{\"id\":%lld,\"title\":%j,\"place\":%j,\"template\":%j,\"stage\":%d,\"steps\":[", (long long)d.id, d.title,
               d.node_name, d.tmpl, d.stage);
    for (int i = 0; i < n; i++) {
        buf_printf(b, "%s{\"key\":%j,\"label\":%j,\"done\":%s,\"note\":%j,\"done_at\":", i ? "," : "", steps[i].key, steps[i].zh,
                   done[i].done ? "true" : "false", done[i].done ? done[i].note : "");
        null_or_id(b, done[i].done ? done[i].done_at : 0);
        buf_puts(b, ",\"notice_id\":");
        null_or_id(b, done[i].done ? done[i].notice_id : 0);
        buf_puts(b, "}");
    }
    buf_puts(b, "],\"vote_id\":");
    null_or_id(b, d.vote_id);
    buf_puts(b, "}");
}

void page_decision_public(Req *r)
{
    Decision d;
    DecisionStepDone *done;
    const DecisionStep *steps;
    int n;
    if (!decision_or_reply(r, &d, &done, &steps, &n))
        return;
    page_begin(r, d.title);
    Buf *b = &r->out;
    buf_printf(b, "<p class=\"breadcrumb\">%h · 决策</p>\n<h1>%h</h1>\n<p class=\"meta\">%s</p>\n<ol class=\"steps\">\n",
               d.node_name, d.title, strcmp(d.tmpl, "yizheng") == 0 ? "一征三议两公开" : "提议→讨论→表决→公示");
    for (int i = 0; i < n; i++) {
        buf_printf(b, "<li><strong>%s</strong>：", steps[i].zh);
        if (done[i].done) {
            buf_printf(b, "%h（%s）", done[i].note, day(r, done[i].done_at));
            if (done[i].notice_id)
                buf_printf(b, " <a href=\"/public/notices/%lld\">公示</a>", (long long)done[i].notice_id);
        } else {
            buf_puts(b, i == d.stage ? "进行中" : "尚未进行");
        }
        buf_puts(b, "</li>\n");
    }
    buf_puts(b, "</ol>\n");
    if (d.vote_id)
        buf_printf(b, "<p><a href=\"/public/votes/%lld\">表决结果</a></p>\n", (long long)d.vote_id);
    page_end(r);
}

/* ---- a vote's result ------------------------------------------------------------- */

static bool vote_or_reply(Req *r, VoteRow *v, VoteTally *t, bool *closed)
{
    int64_t id;
    if (!req_param_id_or_reply(r, "id", &id))
        return false;
    if (!vote_load(r->db, r->arena, id, v) || strcmp(v->status, "draft") == 0) {
        reply_not_found(r);
        return false;
    }
    *closed = strcmp(v->status, "closed") == 0;
    /* while a vote is open nobody outside sees a count: it could sway it */
    if (*closed && !vote_tally(r->db, r->arena, v, t)) {
        vote_reply_db(r);
        return false;
    }
    return true;
}

void api_vote_public(Req *r)
{
    VoteRow v;
    VoteTally t;
    bool closed;
    if (!vote_or_reply(r, &v, &t, &closed))
        return;
    resp_json(r);
    Buf *b = &r->out;
    buf_printf(b, "{\"id\":%lld,\"title\":%j,\"place\":%j,\"status\":%j,\"closes_at\":", (long long)v.id, v.title, v.node_name,
               v.status);
    null_or_id(b, v.closes_at);
    if (!closed) {
        buf_puts(b, ",\"passed\":null,\"result\":null}");
        return;
    }
    buf_printf(b, ",\"passed\":%s,\"result_text\":%j,\"result\":", v.passed > 0 ? "true" : "false",
               vote_tally_text_zh(r->arena, &v, &t));
    vote_tally_json(b, &v, &t);
    buf_puts(b, "}");
}

void page_vote_public(Req *r)
{
    VoteRow v;
    VoteTally t;
    bool closed;
    if (!vote_or_reply(r, &v, &t, &closed))
        return;
    page_begin(r, v.title);
    Buf *b = &r->out;
    buf_printf(b, "<p class=\"breadcrumb\">%h · 表决</p>\n<h1>%h</h1>\n", v.node_name, v.title);
    if (!closed) {
        buf_printf(b, "<p class=\"status\"><strong>进行中</strong>：表决结束后在此公布结果%s%s。</p>\n",
                   v.closes_at ? "，截止时间 " : "", v.closes_at ? day(r, v.closes_at) : "");
        page_end(r);
        return;
    }
    buf_printf(b, "<p class=\"status\"><strong>%s</strong>（%s 结束）</p>\n<div class=\"result\">\n",
               v.passed > 0 ? "通过" : "未通过", day(r, v.closed_at));
    paras(r, vote_tally_text_zh(r->arena, &v, &t));
    buf_puts(b, "</div>\n");
    page_end(r);
}

/* ---- what a compound's public page lists (public.h) ------------------------------ */

bool vote_public_notices(Req *r, const char *near, int64_t after, int per_page, Notice **out, int *n, int64_t *next,
                         bool *bad_cursor)
{
    Ctx c = site_ctx(r);
    VotePaging pg = {1, per_page, after};
    VotePageInfo info;
    int64_t *ids;
    *out = NULL;
    *n = 0;
    if (!notice_public_page(&c, near, &pg, &ids, n, &info))
        return false;
    *bad_cursor = info.bad_cursor;
    *next = info.next;
    if (info.bad_cursor)
        return true;
    *out = arena_alloc(r->arena, sizeof **out * (size_t)(*n ? *n : 1));
    for (int i = 0; i < *n; i++) {
        bool found = false;
        if (!notice_get(&c, ids[i], &(*out)[i], &found) || !found)
            return false;
    }
    return true;
}

bool vote_public_decisions(Req *r, const char *near, int per_page, Decision **out, int *n)
{
    Ctx c = site_ctx(r);
    VotePaging pg = {1, per_page, 0};
    VotePageInfo info;
    int64_t *ids;
    VoteErr e;
    *out = NULL;
    *n = 0;
    if (!vote_decision_public_page(&c, near, &pg, &ids, n, &info))
        return false;
    *out = arena_alloc(r->arena, sizeof **out * (size_t)(*n ? *n : 1));
    for (int i = 0; i < *n; i++)
        if (!delib_decision_get(&c, ids[i], &(*out)[i], &e))
            return false;
    return true;
}
