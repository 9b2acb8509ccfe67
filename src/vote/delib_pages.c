/* delib_pages.c: the read-only pages of deliberation: meetings with their
 * agenda, attendance and published minutes; a convention's versions with
 * the comments beside each clause; a representatives' panel with the seed
 * to re-run the draw; a decision's steps. */
#include "vote/vote.h"
#include "vote/web_int.h"
#include "vote/delib.h"

#include <string.h>

#include "site/site.h"
#include "core/clock.h"
#include "site/page.h"
#include "vote/decision.h"

/* A record the page shows could not be had: not found (404) or a storage error. */
static void page_err_reply(Req *r, const VoteErr *e)
{
    if (e->msg == VM_BUSY || e->msg == VM_INTERNAL)
        vote_err_reply(r, e);
    else
        reply_not_found(r);
}

static const char *meeting_kind_label(Req *r, const char *k)
{
    return strcmp(k, "party_joint") == 0 ? L(r, "党建联席会", "Party joint meeting")
           : strcmp(k, "council") == 0   ? L(r, "居民议事会", "Residents' council")
                                         : L(r, "多方协调会", "Multi-party meeting");
}

void page_meetings(Req *r)
{
    if (!auth_require_or_reply(r, PERM_TREE_READ, NULL))
        return;
    Ctx c = site_ctx(r);
    VoteErr e;
    Meeting *m;
    int n;
    if (!delib_meetings_list(&c, &m, &n, &e)) {
        vote_err_reply(r, &e);
        return;
    }
    page_begin(r, L(r, "会议", "Meetings"));
    buf_printf(&r->out, "<h1>%s</h1>\n", L(r, "会议", "Meetings"));
    if (delib_may_manage(r->who, NULL))
        buf_printf(&r->out, "<p><a class=\"button\" href=\"/meetings/new\">%s</a></p>\n", L(r, "召开会议", "New meeting"));
    buf_puts(&r->out, "<ul class=\"tree\">\n");
    for (int i = 0; i < n; i++) {
        if (!perm_allows(r->who, PERM_TREE_READ, m[i].node_path))
            continue;
        char at[20];
        clock_format_local(m[i].starts_at, at);
        buf_printf(&r->out, "<li><span class=\"tag\">%s</span> <a href=\"/meetings/%lld\">%h</a> <small>%h · %s</small></li>\n",
                   meeting_kind_label(r, m[i].kind), (long long)m[i].id, m[i].title, m[i].node_name, at);
    }
    buf_puts(&r->out, "</ul>\n");
    page_end(r);
}

/* Plain text as paragraphs, one per line. */
static void paragraphs(Req *r, const char *text)
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

void page_meeting(Req *r)
{
    int64_t id;
    if (!req_param_id_or_reply(r, "id", &id))
        return;
    Ctx c = site_ctx(r);
    VoteErr e;
    Meeting m;
    MeetingAgendaItem *ag;
    MeetingAttendee *att;
    int n_ag, n_att;
    if (!delib_meeting_get(&c, id, &m, &e)) {
        page_err_reply(r, &e);
        return;
    }
    if (!auth_require_or_reply(r, PERM_TREE_READ, m.node_path))
        return;
    if (!delib_meeting_agenda(&c, id, &ag, &n_ag, &e) || !delib_meeting_attendees(&c, id, &att, &n_att, &e)) {
        vote_err_reply(r, &e);
        return;
    }
    bool published = strcmp(m.status, "published") == 0;
    char at[20];
    clock_format_local(m.starts_at, at);
    page_begin(r, m.title);
    buf_printf(&r->out, "<p><a href=\"/meetings\">%s</a></p>\n<h1>%h</h1>\n<p>%s · %h · %s · %h</p>\n",
               L(r, "← 全部会议", "← All meetings"), m.title, meeting_kind_label(r, m.kind), m.node_name, at, m.place);
    if (m.work_order_id)
        buf_printf(&r->out, "<p class=\"notice\">%s <a href=\"/workorders/%lld\">#%lld</a></p>\n",
                   L(r, "由工单发起：", "Opened from work order"), (long long)m.work_order_id, (long long)m.work_order_id);
    buf_printf(&r->out, "<h2>%s</h2>\n<ol>\n", L(r, "议程", "Agenda"));
    for (int i = 0; i < n_ag; i++)
        buf_printf(&r->out, "<li><a href=\"/topics/%lld\">%h</a></li>\n", (long long)ag[i].topic_id, ag[i].title);
    buf_printf(&r->out, "</ol>\n<h2>%s</h2>\n<ul>\n", L(r, "参会", "Attendance"));
    bool held = !strcmp(m.status, "held") || published;
    for (int i = 0; i < n_att; i++) {
        buf_printf(&r->out, "<li>%h", att[i].name);
        if (att[i].represents && att[i].represents[0])
            buf_printf(&r->out, " <small>%h</small>", att[i].represents);
        buf_printf(&r->out, " %s</li>\n",
                   !held ? L(r, "（受邀）", "(invited)") : att[i].present ? L(r, "（出席）", "(present)") : L(r, "（缺席）", "(absent)"));
    }
    buf_puts(&r->out, "</ul>\n");
    bool manager = delib_may_manage(r->who, m.node_path);
    if (delib_may_see_minutes(r->who, m.node_path, published)) {
        buf_printf(&r->out, "<h2>%s</h2>\n", L(r, "会议纪要", "Minutes"));
        paragraphs(r, m.minutes);
        if (m.decisions && m.decisions[0]) {
            buf_printf(&r->out, "<h3>%s</h3>\n", L(r, "决议", "Decisions"));
            paragraphs(r, m.decisions);
        }
        if (m.notice_id)
            buf_printf(&r->out, "<p><a href=\"/notices/%lld\">%s</a></p>\n", (long long)m.notice_id, L(r, "纪要公示", "The notice"));
    } else {
        buf_printf(&r->out, "<p>%s</p>\n", L(r, "会议纪要审定后公示。", "The minutes are published once approved."));
    }
    if (manager && !published)
        vote_meeting_manage_section(r, id, m.node_path, m.minutes, m.decisions);
    page_end(r);
}

void page_convention(Req *r)
{
    int64_t id;
    if (!req_param_id_or_reply(r, "id", &id))
        return;
    Ctx c = site_ctx(r);
    VoteErr e;
    Convention cv;
    ConventionVersion *ver;
    ConventionComment *cm;
    int n_ver, n_cm;
    if (!delib_convention_get(&c, id, &cv, &e)) {
        page_err_reply(r, &e);
        return;
    }
    if (!auth_require_or_reply(r, PERM_TREE_READ, cv.node_path))
        return;
    if (!delib_convention_versions(&c, id, &ver, &n_ver, &e) || !delib_convention_comments(&c, id, &cm, &n_cm, &e)) {
        vote_err_reply(r, &e);
        return;
    }
    /* commenters by name only to those who run deliberation (and to themselves) */
    const char **by = arena_alloc(r->arena, sizeof *by * (size_t)(n_cm + 1));
    bool full = delib_may_manage(r->who, cv.node_path);
    for (int i = 0; i < n_cm; i++) {
        const char *name = NULL, *home = NULL;
        bool found;
        if (!delib_commenter(&c, cm[i].user_id, &name, &home, &found, &e)) {
            vote_err_reply(r, &e);
            return;
        }
        by[i] = found ? vote_commenter_label(r->arena, name, home, full || (r->who && cm[i].user_id == r->who->user_id))
                      : NULL;
    }
    page_begin(r, cv.title);
    buf_printf(&r->out, "<h1>%h</h1>\n<p>%h · <span class=\"tag\">%s</span>", cv.title, cv.node_name,
               strcmp(cv.status, "drafting") == 0  ? L(r, "征求意见中", "drafting")
               : strcmp(cv.status, "voting") == 0  ? L(r, "表决中", "voting")
               : strcmp(cv.status, "adopted") == 0 ? L(r, "已通过", "adopted")
                                                   : L(r, "未通过", "rejected"));
    if (cv.vote_id)
        buf_printf(&r->out, " · <a href=\"/votes/%lld\">%s</a>", (long long)cv.vote_id, L(r, "表决", "The vote"));
    buf_puts(&r->out, "</p>\n");
    /* every version, newest first, each clause with its comments */
    for (int v = n_ver - 1; v >= 0; v--) {
        buf_printf(&r->out, "<section><h2>%s%lld%s</h2>\n<p><small>%h</small></p>\n<ol>\n", L(r, "第", "Version "),
                   (long long)ver[v].version, L(r, "稿", ""), ver[v].note);
        const char *body = ver[v].body;
        int clause = 0;
        const char *line;
        size_t n;
        while (vote_clause_next(&body, &line, &n)) {
            clause++;
            buf_printf(&r->out, "<li>%h", arena_strndup(r->arena, line, n));
            for (int i = 0; i < n_cm; i++)
                if (by[i] && cm[i].version == ver[v].version && cm[i].clause == clause)
                    buf_printf(&r->out, "<br><small class=\"comment\">💬 %h：%h</small>", by[i], cm[i].body);
            buf_puts(&r->out, "</li>\n");
        }
        buf_puts(&r->out, "</ol></section>\n");
    }
    vote_convention_forms(r, id, cv.node_path, cv.status);
    page_end(r);
}

static const char *stratum_label(Req *r, const char *s)
{
    static const char *const map[][3] = {
        {"old", "65岁及以上", "65 and over"}, {"middle", "35-64岁", "35-64"},   {"young", "35岁以下", "under 35"},
        {"unknown", "年龄不详", "age unknown"}, {"permanent", "常住", "permanent"}, {"floating", "流动", "floating"},
        {"owner", "业主", "owner"},           {"tenant", "租户", "tenant"},       {"other", "其他", "other"},
        {"shop", "商户", "shop"},
    };
    for (size_t i = 0; i < sizeof map / sizeof map[0]; i++)
        if (strcmp(s, map[i][0]) == 0)
            return L(r, map[i][1], map[i][2]);
    return s;
}

void page_panel(Req *r)
{
    int64_t id;
    if (!req_param_id_or_reply(r, "id", &id))
        return;
    Ctx c = site_ctx(r);
    VoteErr e;
    Panel p;
    PanelMember *m;
    int n;
    if (!delib_panel_get(&c, id, &p, &e)) {
        page_err_reply(r, &e);
        return;
    }
    if (!auth_require_or_reply(r, PERM_TREE_READ, p.node_path))
        return;
    if (!delib_panel_members(&c, id, &m, &n, &e)) {
        vote_err_reply(r, &e);
        return;
    }
    const char **label = arena_alloc(r->arena, sizeof *label * (size_t)(n + 1));
    for (int i = 0; i < n; i++) {
        const char *address, *name;
        if (!delib_panel_member_label(&c, &m[i], &address, &name, &e)) {
            vote_err_reply(r, &e);
            return;
        }
        label[i] = m[i].shop_id ? name : address; /* a shop by its name on the sign */
    }
    char at[20];
    clock_format_local(p.drawn_at, at);
    page_begin(r, p.title);
    buf_printf(&r->out,
               "<h1>%h</h1>\n<p>%h · %s %s</p>\n<p class=\"notice\">%s <code>%h</code><br>%s %h · %s %h · %s %lld</p>\n"
               "<p>%s</p>\n",
               p.title, p.node_name, L(r, "抽选于", "drawn"), at, L(r, "公开种子：", "Public seed:"), p.seed,
               L(r, "分层：", "Strata by:"), p.dimension, L(r, "名额：", "Quotas:"), p.quotas_json,
               L(r, "候选数（户和商户）：", "Candidates (households and shops):"), (long long)p.candidates,
               L(r, "复核方法：每户的签号是 BLAKE2b-256(种子 + \":\" + 户编号)，商户用负的商户编号；每层取签号最小的若干个。完整候选名单见 /api/panels/",
                 "To check: each household's lot is BLAKE2b-256(seed + \":\" + household id), a shop's uses minus its shop id; "
                 "each stratum takes the smallest lots. "
                 "The full candidate list is at /api/panels/"));
    buf_printf(&r->out, "<div class=\"table-wrap\"><table class=\"cards\"><thead><tr><th>%s</th><th>%s</th><th>%s</th></tr></thead><tbody>\n",
               L(r, "户", "Household"), L(r, "层", "Stratum"), L(r, "签号", "Lot"));
    for (int i = 0; i < n; i++)
        buf_printf(&r->out, "<tr><td data-label=\"%s\">%h</td><td data-label=\"%s\">%h</td><td data-label=\"%s\"><code>%h</code></td></tr>\n",
                   L(r, "户", "Household"), label[i], L(r, "层", "Stratum"), stratum_label(r, m[i].stratum),
                   L(r, "签号", "Lot"), m[i].lot);
    buf_puts(&r->out, "</tbody></table></div>\n");
    /* how anyone re-runs the draw, with the first member as the worked example */
    if (n > 0)
        buf_printf(&r->out,
                   "<section id=\"rerun\"><h2>%s</h2>\n<ol>\n<li>%s <a href=\"/api/panels/%lld\">/api/panels/%lld</a>%s</li>\n"
                   "<li>%s<br><code>printf '%%s' '%h:%lld' | b2sum -l 256</code><br>%s <code>%h</code></li>\n<li>%s</li>\n</ol></section>\n",
                   L(r, "如何复核这次抽选", "How to re-run this draw"), L(r, "下载候选名单：", "Download the candidate list:"),
                   (long long)id, (long long)id,
                   L(r, "（candidate_list：每个候选的编号和所在层，商户为负的商户编号）",
                     " (candidate_list: each candidate's id and stratum; shops under minus their shop id)"),
                   L(r, "对每个候选编号计算签号，例如第一位代表：", "Compute each candidate's lot, e.g. the first member's:"),
                   p.seed, (long long)(m[0].shop_id ? -m[0].shop_id : m[0].household_id), L(r, "应得到：", "which gives:"),
                   m[0].lot,
                   L(r, "每一层按签号从小到大排序，取该层名额数的候选，即得同一份名单。",
                     "Sort each stratum by lot and take its quota from the smallest: the same panel."));
    page_end(r);
}

void page_decision(Req *r)
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
        page_err_reply(r, &e);
        return;
    }
    if (!auth_require_or_reply(r, PERM_TREE_READ, d.node_path))
        return;
    if (!delib_decision_steps_done(&c, &d, &done, &n, &e)) {
        vote_err_reply(r, &e);
        return;
    }
    page_begin(r, d.title);
    buf_printf(&r->out, "<h1>%h</h1>\n<p>%h · %s</p>\n<ol class=\"steps\">\n", d.title, d.node_name,
               strcmp(d.tmpl, "yizheng") == 0 ? L(r, "一征三议两公开", "one call, three readings, two publications")
                                              : L(r, "提议→讨论→表决→公示", "propose → discuss → vote → publish"));
    const DecisionStep *steps = decision_steps(d.tmpl, &n);
    for (int i = 0; i < n; i++) {
        buf_printf(&r->out, "<li>%s%s", i < d.stage ? "✔ " : i == d.stage ? "▶ " : "", L(r, steps[i].zh, steps[i].en));
        if (done[i].done) {
            char at[20];
            clock_format_local(done[i].done_at, at);
            buf_printf(&r->out, " <small>%s</small>：%h", at, done[i].note);
            if (steps[i].needs_vote && d.vote_id)
                buf_printf(&r->out, " <a href=\"/votes/%lld\">%s</a>", (long long)d.vote_id, L(r, "表决及结果", "the vote and its result"));
            if (done[i].notice_id)
                buf_printf(&r->out, " <a href=\"/notices/%lld\">%s</a>", (long long)done[i].notice_id, L(r, "公示", "notice"));
        }
        buf_puts(&r->out, "</li>\n");
    }
    buf_puts(&r->out, "</ol>\n");
    buf_printf(&r->out, "<p><a id=\"decision-print\" href=\"/decisions/%lld/print\">%s</a></p>\n", (long long)d.id,
               L(r, "打印（A4，带二维码）", "Print (A4, with QR code)"));
    if (d.stage >= n)
        buf_printf(&r->out, "<p class=\"notice\">%s</p>\n", L(r, "流程已全部完成。", "Every step is done."));
    else if (delib_may_manage(r->who, d.node_path))
        vote_decision_step_form(r, id, d.node_path, d.title, &steps[d.stage]);
    page_end(r);
}
