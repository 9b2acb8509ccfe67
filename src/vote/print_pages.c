/* print_pages.c: notices, decisions, a vote's result and a paper ballot as
 * A4 print pages: the community's letterhead, numbered paragraphs, the
 * issuer and the date (落款), room for the seal, and a QR code that opens
 * the document's page on the site (on a ballot: the ballot's own code, so
 * the desk enters it by scanning). Read through the same model as the
 * screen pages. */
#include "vote/vote.h"
#include "vote/web_int.h"
#include "vote/delib.h"
#include "vote/web_delib.h"

#include <stdio.h>
#include <string.h>

#include "core/clock.h"
#include "core/qr.h"
#include "grid/grid.h"
#include "grid/web.h"
#include "site/page.h"
#include "site/site.h"

/* The page's own style: A4 with the margins of an official document, and
 * nothing of the site's chrome, so the sheet is what the browser prints. */
static void print_begin(Req *r, const char *title, const char *community, const char *back)
{
    r->content_type_out = "text/html; charset=utf-8";
    buf_printf(&r->out,
               "<!doctype html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n"
               "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>%h</title>\n"
               "<style>\n"
               "@page { size: A4; margin: 25mm 22mm 22mm 25mm; }\n"
               "body { font-family: \"FangSong\", \"STFangsong\", \"Noto Serif CJK SC\", serif; font-size: 16pt; line-height: 1.7;"
               " color: #000; background: #fff; max-width: 170mm; margin: 0 auto; padding: 1em; }\n"
               ".letterhead { text-align: center; color: #c00; font-size: 24pt; font-weight: bold; letter-spacing: .1em;"
               " border-bottom: 2px solid #c00; padding-bottom: .2em; margin: 0 0 .6em; }\n"
               "h1 { text-align: center; font-size: 20pt; margin: .4em 0 .8em; }\n"
               ".meta { text-align: center; font-size: 12pt; }\n"
               "p.para { text-indent: 0; margin: .3em 0; }\n"
               "p.para .no { display: inline-block; min-width: 2em; }\n"
               ".tail { display: flex; justify-content: space-between; align-items: flex-end; margin-top: 2.5em;"
               " break-inside: avoid; page-break-inside: avoid; }\n"
               ".qr { width: 32mm; text-align: center; font-size: 9pt; margin: 0; }\n"
               ".qr svg { width: 32mm; height: 32mm; display: block; }\n"
               ".signoff { position: relative; text-align: right; min-width: 60mm; }\n"
               ".seal { display: inline-block; width: 40mm; height: 40mm; border: 1px dashed #999; border-radius: 50%%;"
               " color: #666; font-size: 10pt; line-height: 40mm; text-align: center; margin-bottom: -20mm; }\n"
               ".ballot-choices { font-size: 18pt; }\n.ballot-choices span { display: inline-block; margin-right: 2em; }\n"
               ".box { display: inline-block; width: 1em; height: 1em; border: 1.5px solid #000; vertical-align: -0.1em; margin-right: .3em; }\n"
               ".sign-line { margin-top: 1.5em; }\n"
               ".noprint { font-family: sans-serif; font-size: 14pt; }\n"
               "section.ballot + section.ballot { break-before: page; page-break-before: always; }\n"
               "@media print { .noprint { display: none; } body { padding: 0; } }\n"
               "</style>\n</head>\n<body>\n",
               title);
    buf_printf(&r->out, "<p class=\"noprint\"><a href=\"%h\">%s</a> %s</p>\n", back, L(r, "← 返回", "← Back"),
               L(r, "用浏览器的“打印”即可打印或存为 PDF（A4）。", "Print from the browser, or save as PDF (A4)."));
    buf_printf(&r->out, "<header class=\"letterhead\">%h</header>\n", community);
}

static void print_end(Req *r)
{
    buf_puts(&r->out, "</body>\n</html>\n");
}

/* The community the document's place lies in (its letterhead); the place
 * itself when it is above any community. */
static bool community_of(Req *r, int64_t node_id, const char *fallback, const char **name)
{
    Ctx c = site_ctx(r);
    NodeInfo n;
    GridRead g = grid_ancestor(&c, node_id, NODE_COMMUNITY, &n);
    if (g != GRID_OK && g != GRID_NOT_FOUND)
        return false;
    *name = g == GRID_OK ? n.name : fallback;
    return true;
}

/* "2026年6月15日", the day in Asia/Shanghai. */
static const char *date_zh(Req *r, int64_t t)
{
    char at[20];
    clock_format_local(t, at);
    int y = 0, m = 0, d = 0;
    if (sscanf(at, "%d-%d-%d", &y, &m, &d) != 3)
        return arena_strdup(r->arena, at);
    return arena_printf(r->arena, "%d年%d月%d日", y, m, d);
}

/* The body as numbered paragraphs: one per non-empty line. */
static int paragraphs(Req *r, const char *body, int no)
{
    for (const char *p = body; p && *p;) {
        const char *e = strchr(p, '\n');
        size_t n = e ? (size_t)(e - p) : strlen(p);
        while (n && (p[n - 1] == '\r' || p[n - 1] == ' '))
            n--;
        if (n)
            buf_printf(&r->out, "<p class=\"para\"><span class=\"no\">%d.</span>%h</p>\n", ++no, arena_strndup(r->arena, p, n));
        if (!e)
            break;
        p = e + 1;
    }
    return no;
}

/* The site's own address as the reader's browser reached it: what a phone
 * scanning the sheet must open. */
static const char *site_base(Req *r)
{
    const char *host = req_header(r, "host");
    if (!host || !*host || strpbrk(host, " \"<>\\/"))
        return "";
    const char *proto = req_header(r, "x-forwarded-proto");
    return arena_printf(r->arena, "%s://%s", proto && strcmp(proto, "https") == 0 ? "https" : "http", host);
}

/* The QR code, the 落款 (issuer, date) and the seal's place. */
static void tail(Req *r, const char *qr_text, const char *caption, const char *issuer, int64_t at)
{
    buf_puts(&r->out, "<div class=\"tail\">\n<figure class=\"qr\" id=\"doc-qr\">");
    if (!qr_svg(&r->out, qr_text, "QR"))
        buf_printf(&r->out, "%h", qr_text);
    buf_printf(&r->out, "<figcaption>%h</figcaption></figure>\n", caption);
    buf_printf(&r->out,
               "<div class=\"signoff\"><span class=\"seal\">%s</span>\n<p class=\"issuer\">%h</p>\n<p class=\"date\">%h</p></div>\n</div>\n",
               L(r, "（盖章）", "(seal)"), issuer, date_zh(r, at));
}

/* ---- a notice -------------------------------------------------------------------- */

void page_notice_print(Req *r)
{
    int64_t id;
    if (!req_param_id_or_reply(r, "id", &id))
        return;
    Ctx c = site_ctx(r);
    Notice t;
    bool found = false;
    if (!notice_get(&c, id, &t, &found)) {
        vote_reply_db(r);
        return;
    }
    if (!found) {
        reply_not_found(r);
        return;
    }
    if (!auth_require_or_reply(r, PERM_TREE_READ, t.node_path))
        return;
    const char *community;
    if (!community_of(r, t.node_id, t.node_name, &community)) {
        vote_reply_db(r);
        return;
    }
    print_begin(r, t.title, community, arena_printf(r->arena, "/notices/%lld", (long long)t.id));
    buf_printf(&r->out, "<h1>%h</h1>\n", t.title);
    if (t.corrects_id)
        buf_printf(&r->out, "<p class=\"meta\">%s%lld%s</p>\n", L(r, "（本公示更正第", "(This corrects notice no. "),
                   (long long)t.corrects_id, L(r, "号公示）", ")"));
    int no = paragraphs(r, t.body, 0);
    char until[20];
    clock_format_local(t.objection_until, until);
    buf_printf(&r->out, "<p class=\"para\"><span class=\"no\">%d.</span>%s%s%s</p>\n", no + 1,
               L(r, "公示期至 ", "Objections until "), until, L(r, "。期间如有异议，请向社区或院委会反映。", "."));
    tail(r, arena_printf(r->arena, "%s/public/notices/%lld", site_base(r), (long long)t.id), L(r, "扫码查看网上公示", "Scan for the notice online"),
         t.node_name, t.published_at);
    print_end(r);
}

/* ---- a decision ------------------------------------------------------------------ */

void page_decision_print(Req *r)
{
    int64_t id;
    if (!req_param_id_or_reply(r, "id", &id))
        return;
    Ctx c = site_ctx(r);
    VoteErr e;
    Decision d;
    DecisionStepDone *done;
    int n;
    if (!delib_decision_get(&c, id, &d, &e)) {
        if (e.msg == VM_BUSY || e.msg == VM_INTERNAL)
            vote_err_reply(r, &e);
        else
            reply_not_found(r);
        return;
    }
    if (!auth_require_or_reply(r, PERM_TREE_READ, d.node_path))
        return;
    const char *community;
    if (!delib_decision_steps_done(&c, &d, &done, &n, &e) || !community_of(r, d.node_id, d.node_name, &community)) {
        vote_reply_db(r);
        return;
    }
    print_begin(r, d.title, community, arena_printf(r->arena, "/decisions/%lld", (long long)d.id));
    buf_printf(&r->out, "<h1>%h</h1>\n<p class=\"meta\">%s</p>\n", d.title,
               strcmp(d.tmpl, "yizheng") == 0 ? L(r, "一征三议两公开", "one call, three readings, two publications")
                                              : L(r, "提议→讨论→表决→公示", "propose → discuss → vote → publish"));
    const DecisionStep *steps = decision_steps(d.tmpl, &n);
    int64_t last = 0;
    for (int i = 0; i < n; i++) {
        buf_printf(&r->out, "<p class=\"para\"><span class=\"no\">%d.</span>%s：", i + 1, L(r, steps[i].zh, steps[i].en));
        if (done[i].done) {
            buf_printf(&r->out, "%h（%h）", done[i].note, date_zh(r, done[i].done_at));
            if (done[i].done_at > last)
                last = done[i].done_at;
        } else {
            buf_puts(&r->out, i == d.stage ? L(r, "进行中", "in progress") : L(r, "尚未进行", "not yet"));
        }
        buf_puts(&r->out, "</p>\n");
    }
    tail(r, arena_printf(r->arena, "%s/public/decisions/%lld", site_base(r), (long long)d.id),
         L(r, "扫码查看决策全过程", "Scan for the decision online"), d.node_name, last ? last : c.now);
    print_end(r);
}

/* ---- a vote's result ------------------------------------------------------------- */

void page_vote_print(Req *r)
{
    VoteRow v;
    if (!vote_allowed_or_reply(r, PERM_TREE_READ, &v))
        return;
    Ctx c = site_ctx(r);
    VoteErr e;
    if (!vote_result_visible(&c, &v, &e)) {
        vote_err_reply(r, &e);
        return;
    }
    VoteTally t;
    const char *community;
    if (!vote_tally(r->db, r->arena, &v, &t) || !community_of(r, v.node_id, v.node_name, &community)) {
        vote_reply_db(r);
        return;
    }
    bool closed = strcmp(v.status, "closed") == 0;
    print_begin(r, v.title, community, arena_printf(r->arena, "/votes/%lld", (long long)v.id));
    buf_printf(&r->out, "<h1>%h</h1>\n<p class=\"meta\">%s</p>\n", v.title,
               closed ? L(r, "表决结果", "Result") : L(r, "表决进行中，以下为当前计票，不是结果", "Voting in progress: the count so far, not a result"));
    int no = paragraphs(r, v.body, 0);
    if (closed)
        no = paragraphs(r, vote_tally_text_zh(r->arena, &v, &t), no);
    else if (t.art278) /* while open: turnout and the gap to the quorum, never a pass or fail */
        no = paragraphs(r,
                        arena_printf(r->arena,
                                     "截至打印时，已参与表决：%lld 人，面积 %A 平方米。\n"
                                     "达到三分之二参与，人数还差 %lld 人，面积还差 %A 平方米。",
                                     (long long)t.a.n_part, t.a.a_part, (long long)art278_quorum_gap(t.a.n_part, t.a.n_total),
                                     art278_quorum_gap(t.a.a_part, t.a.a_total)),
                        no);
    else
        no = paragraphs(r, arena_printf(r->arena, "截至打印时，已投票 %lld 人。", (long long)t.s.cast), no);
    buf_printf(&r->out, "<p class=\"para\"><span class=\"no\">%d.</span><strong>%s</strong></p>\n", no + 1,
               !closed ? L(r, "进行中", "In progress") : v.passed > 0 ? L(r, "通过", "Passed") : L(r, "未通过", "Not passed"));
    tail(r, arena_printf(r->arena, "%s/public/votes/%lld", site_base(r), (long long)v.id), L(r, "扫码查看计票明细", "Scan for the count online"),
         v.node_name, closed ? v.closed_at : c.now);
    print_end(r);
}

/* ---- a paper ballot -------------------------------------------------------------- */

/* One ballot: the household's flat, how to fill it in, the choices with
 * their boxes, the signature line, and the ballot's own code as text and
 * QR (the desk scans it to enter the ballot). */
static void ballot_sheet(Req *r, const VoteRow *v, int64_t hid, const char *address, const VoteOption *o, int n, int64_t now,
                         const char *letterhead)
{
    const char *code = vote_ballot_code(r->arena, v->id, hid);
    buf_printf(&r->out, "<section class=\"ballot\" data-household=\"%lld\">\n", (long long)hid);
    if (letterhead) /* each sheet of a batch is handed out on its own */
        buf_printf(&r->out, "<header class=\"letterhead\">%h</header>\n", letterhead);
    buf_printf(&r->out, "<h1>%s</h1>\n<p class=\"meta\">%h</p>\n", L(r, "表决票", "Ballot"), v->title);
    int no = paragraphs(r, v->body, 0);
    buf_printf(&r->out, "<p class=\"para\"><span class=\"no\">%d.</span>%s<strong>%h</strong></p>\n", ++no,
               L(r, "房屋：", "Flat: "), address);
    if (v->closes_at) {
        char until[20];
        clock_format_local(v->closes_at, until);
        buf_printf(&r->out, "<p class=\"para\"><span class=\"no\">%d.</span>%s%s%s</p>\n", ++no, L(r, "请于 ", "Return by "), until,
                   L(r, " 前交回，逾期不计入。", "; later ballots are not counted."));
    }
    buf_printf(&r->out, "<p class=\"para\"><span class=\"no\">%d.</span>%s</p>\n<p class=\"ballot-choices\">", ++no,
               strcmp(v->method, "multi") == 0 ? L(r, "请在选项前的方框内打“✓”（可多选）：", "Tick your choices:")
                                               : L(r, "请在一个选项前的方框内打“✓”：", "Tick one:"));
    if (strcmp(v->method, "yes_no") == 0) {
        static const char *const cs[] = {"yes", "no", "abstain"};
        for (int i = 0; i < 3; i++)
            buf_printf(&r->out, "<span><i class=\"box\"></i>%s</span>", L(r, vote_choice_zh(cs[i]), cs[i]));
    } else {
        for (int i = 0; i < n; i++)
            buf_printf(&r->out, "<span><i class=\"box\"></i>%h</span>", o[i].label);
    }
    buf_printf(&r->out, "</p>\n<p class=\"sign-line\">%s ____________　%s ____________</p>\n",
               L(r, "业主（或代理人）签名：", "Owner (or proxy) signature:"), L(r, "日期：", "Date:"));
    tail(r, code, code, v->node_name, now);
    buf_puts(&r->out, "</section>\n");
}

void page_vote_ballot_paper(Req *r)
{
    VoteRow v;
    int64_t hid;
    if (!vote_allowed_or_reply(r, PERM_TREE_READ, &v) || !req_param_id_or_reply(r, "hid", &hid))
        return;
    NodeInfo hh;
    if (!grid_node_ref_or_reply(r, hid, PERM_PAPER_BALLOT, "hid", &hh))
        return;
    /* a ballot only for a household the vote is held in */
    if (hh.kind != NODE_HOUSEHOLD || !grid_in_scope(hh.path, v.node_path)) {
        reply_not_found(r);
        return;
    }
    Ctx c = site_ctx(r);
    HouseholdInfo h;
    const char *community;
    VoteOption *o = NULL;
    int n = 0;
    if (grid_household_get(&c, hid, &h) != GRID_OK || !community_of(r, v.node_id, v.node_name, &community) ||
        !vote_options(r->db, r->arena, v.id, &o, &n)) {
        vote_reply_db(r);
        return;
    }
    print_begin(r, v.title, community, arena_printf(r->arena, "/votes/%lld", (long long)v.id));
    ballot_sheet(r, &v, hid, h.address, o, n, c.now, NULL);
    print_end(r);
}

/* ---- every paper ballot still wanted, in one print ---------------------------------- */

/* Ballots in one print at most: a building or two; the next batch follows
 * the cursor (the last household printed). */
#define BALLOTS_PER_PRINT 200

void page_vote_ballots_print(Req *r)
{
    VoteRow v;
    int64_t under = 0, after = 0;
    if (!vote_allowed_or_reply(r, PERM_TREE_READ, &v) || !req_query_int_or_reply(r, "node", 0, 0, INT64_MAX, &under) ||
        !req_query_int_or_reply(r, "after", 0, 0, INT64_MAX, &after))
        return;
    if (strcmp(v.status, "open") != 0) {
        reply_error(r, 409, "not_open", NULL, "表决未在进行中，不能打印选票", "The vote is not open");
        return;
    }
    Ctx c = site_ctx(r);
    const char *scope = NULL;
    if (under) {
        NodeInfo n;
        if (!grid_node_ref_or_reply(r, under, PERM_PAPER_BALLOT, "node", &n))
            return;
        scope = n.path;
    }
    VotePaperHome *homes;
    int nh;
    const char *community;
    VoteOption *o = NULL;
    int n = 0;
    if (!vote_paper_homes(&c, &v, &homes, &nh) || !community_of(r, v.node_id, v.node_name, &community) ||
        !vote_options(r->db, r->arena, v.id, &o, &n)) {
        vote_reply_db(r);
        return;
    }
    /* the cursor must name a household of the list, else it is a stale or forged link */
    int from = 0;
    if (after) {
        from = -1;
        for (int i = 0; i < nh; i++)
            if (homes[i].household_id == after) {
                from = i + 1;
                break;
            }
        if (from < 0) {
            reply_error(r, 400, "bad_param", "after", "翻页位置无效（该户可能已投票），请从头打印", "The cursor names no household of the list");
            return;
        }
    }
    print_begin(r, arena_printf(r->arena, "%s · 纸质选票", v.title), community, arena_printf(r->arena, "/votes/%lld", (long long)v.id));
    int printed = 0;
    int64_t last = 0;
    bool more = false;
    for (int i = from; i < nh; i++) {
        if (!perm_allows(r->who, PERM_PAPER_BALLOT, homes[i].path) || (scope && !grid_in_scope(homes[i].path, scope)))
            continue;
        if (printed == BALLOTS_PER_PRINT) {
            more = true;
            break;
        }
        ballot_sheet(r, &v, homes[i].household_id, homes[i].address, o, n, c.now, printed ? community : NULL);
        printed++;
        last = homes[i].household_id;
    }
    if (!printed)
        buf_printf(&r->out, "<p class=\"noprint\">%s</p>\n", L(r, "没有需要打印的选票：范围内各户都已投票。", "No ballot to print: every household has voted."));
    buf_printf(&r->out, "<p class=\"noprint\" id=\"ballot-count\">%s %d %s</p>\n", L(r, "本次共", "This print holds"), printed,
               L(r, "张选票，每户一张，每张单独成页。", "ballots, one per household, each on its own page."));
    if (more)
        buf_printf(&r->out, "<p class=\"noprint\"><a href=\"/votes/%lld/paper-ballots/print?after=%lld%s\">%s</a></p>\n",
                   (long long)v.id, (long long)last, under ? arena_printf(r->arena, "&amp;node=%lld", (long long)under) : "",
                   L(r, "打印下一批", "Print the next batch"));
    print_end(r);
}
