/* delib_pages.c: the read-only pages of deliberation: meetings with their
 * agenda, attendance and published minutes; a convention's versions with
 * the comments beside each clause; a representatives' panel with the seed
 * to re-run the draw; a decision's steps. */
#include "vote/vote.h"
#include "vote/web_int.h"

#include <string.h>

#include "site/site.h"
#include "core/clock.h"
#include "site/page.h"
#include "vote/decision.h"

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
    page_begin(r, L(r, "会议", "Meetings"));
    buf_printf(&r->out, "<h1>%s</h1>\n", L(r, "会议", "Meetings"));
    if (perm_allows(r->who, PERM_DELIB_MANAGE, NULL))
        buf_printf(&r->out, "<p><a class=\"button\" href=\"/meetings/new\">%s</a></p>\n", L(r, "召开会议", "New meeting"));
    buf_puts(&r->out, "<ul class=\"tree\">\n");
    DbStmt *st = db_query(r->db, "SELECT m.id, n.path, n.name, m.kind, m.title, m.starts_at, m.status FROM meeting m "
                                 "JOIN node n ON n.id = m.node_id ORDER BY m.starts_at DESC, m.id DESC");
    while (db_step(st) == DB_ROW) {
        if (!perm_allows(r->who, PERM_TREE_READ, db_col_text(st, 1)))
            continue;
        char at[20];
        clock_format_local(db_col_int(st, 5), at);
        buf_printf(&r->out, "<li><span class=\"tag\">%s</span> <a href=\"/meetings/%lld\">%h</a> <small>%h · %s</small></li>\n",
                   meeting_kind_label(r, db_col_text(st, 3)), (long long)db_col_int(st, 0), db_col_text(st, 4),
                   db_col_text(st, 2), at);
    }
    db_done(st);
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
    DbStmt *st = db_query(r->db, "SELECT n.path, n.name, m.kind, m.title, m.starts_at, m.place, m.status, m.minutes, "
                                 "m.decisions, m.notice_id, m.work_order_id FROM meeting m JOIN node n ON n.id = m.node_id "
                                 "WHERE m.id = ?",
                          DB_I(id));
    if (!vote_page_row_readable_or_reply(r, st, 0))
        return;
    const char *path = arena_strdup(r->arena, db_col_text(st, 0));
    const char *title = arena_strdup(r->arena, db_col_text(st, 3));
    const char *status = arena_strdup(r->arena, db_col_text(st, 6));
    bool published = strcmp(status, "published") == 0;
    char at[20];
    clock_format_local(db_col_int(st, 4), at);
    page_begin(r, title);
    buf_printf(&r->out, "<p><a href=\"/meetings\">%s</a></p>\n<h1>%h</h1>\n<p>%s · %h · %s · %h</p>\n",
               L(r, "← 全部会议", "← All meetings"), title, meeting_kind_label(r, db_col_text(st, 2)), db_col_text(st, 1), at,
               db_col_text(st, 5));
    const char *minutes = arena_strdup(r->arena, db_col_text(st, 7));
    const char *decisions = arena_strdup(r->arena, db_col_text(st, 8));
    int64_t notice = db_col_null(st, 9) ? 0 : db_col_int(st, 9);
    int64_t work_order = db_col_null(st, 10) ? 0 : db_col_int(st, 10);
    db_done(st);
    if (work_order)
        buf_printf(&r->out, "<p class=\"notice\">%s <a href=\"/workorders/%lld\">#%lld</a></p>\n",
                   L(r, "由工单发起：", "Opened from work order"), (long long)work_order, (long long)work_order);
    buf_printf(&r->out, "<h2>%s</h2>\n<ol>\n", L(r, "议程", "Agenda"));
    st = db_query(r->db, "SELECT t.id, t.title FROM meeting_item i JOIN topic t ON t.id = i.topic_id WHERE i.meeting_id = ? "
                         "ORDER BY i.sort, t.id",
                  DB_I(id));
    while (db_step(st) == DB_ROW)
        buf_printf(&r->out, "<li><a href=\"/topics/%lld\">%h</a></li>\n", (long long)db_col_int(st, 0), db_col_text(st, 1));
    db_done(st);
    buf_printf(&r->out, "</ol>\n<h2>%s</h2>\n<ul>\n", L(r, "参会", "Attendance"));
    st = db_query(r->db, "SELECT name, present, represents FROM meeting_attendee WHERE meeting_id = ? ORDER BY id", DB_I(id));
    bool held = !strcmp(status, "held") || published;
    while (db_step(st) == DB_ROW) {
        buf_printf(&r->out, "<li>%h", db_col_text(st, 0));
        if (db_col_text(st, 2) && db_col_text(st, 2)[0])
            buf_printf(&r->out, " <small>%h</small>", db_col_text(st, 2));
        buf_printf(&r->out, " %s</li>\n",
                   !held ? L(r, "（受邀）", "(invited)") : db_col_int(st, 1) ? L(r, "（出席）", "(present)") : L(r, "（缺席）", "(absent)"));
    }
    db_done(st);
    buf_puts(&r->out, "</ul>\n");
    bool manager = perm_allows(r->who, PERM_DELIB_MANAGE, path);
    if (published || manager) {
        buf_printf(&r->out, "<h2>%s</h2>\n", L(r, "会议纪要", "Minutes"));
        paragraphs(r, minutes);
        if (decisions && decisions[0]) {
            buf_printf(&r->out, "<h3>%s</h3>\n", L(r, "决议", "Decisions"));
            paragraphs(r, decisions);
        }
        if (notice)
            buf_printf(&r->out, "<p><a href=\"/notices/%lld\">%s</a></p>\n", (long long)notice, L(r, "纪要公示", "The notice"));
    } else {
        buf_printf(&r->out, "<p>%s</p>\n", L(r, "会议纪要审定后公示。", "The minutes are published once approved."));
    }
    if (manager && !published)
        vote_meeting_manage_section(r, id, path, minutes, decisions);
    page_end(r);
}

void page_convention(Req *r)
{
    int64_t id;
    if (!req_param_id_or_reply(r, "id", &id))
        return;
    DbStmt *st = db_query(r->db, "SELECT n.path, n.name, c.title, c.status, c.vote_id FROM convention c "
                                 "JOIN node n ON n.id = c.node_id WHERE c.id = ?",
                          DB_I(id));
    if (!vote_page_row_readable_or_reply(r, st, 0))
        return;
    const char *cpath = arena_strdup(r->arena, db_col_text(st, 0));
    bool full = perm_allows(r->who, PERM_DELIB_MANAGE, cpath);
    const char *title = arena_strdup(r->arena, db_col_text(st, 2));
    const char *status = arena_strdup(r->arena, db_col_text(st, 3));
    int64_t vote = db_col_null(st, 4) ? 0 : db_col_int(st, 4);
    page_begin(r, title);
    buf_printf(&r->out, "<h1>%h</h1>\n<p>%h · <span class=\"tag\">%s</span>", title, db_col_text(st, 1),
               strcmp(status, "drafting") == 0  ? L(r, "征求意见中", "drafting")
               : strcmp(status, "voting") == 0  ? L(r, "表决中", "voting")
               : strcmp(status, "adopted") == 0 ? L(r, "已通过", "adopted")
                                                : L(r, "未通过", "rejected"));
    db_done(st);
    if (vote)
        buf_printf(&r->out, " · <a href=\"/votes/%lld\">%s</a>", (long long)vote, L(r, "表决", "The vote"));
    buf_puts(&r->out, "</p>\n");
    /* every version, newest first, each clause with its comments */
    st = db_query(r->db, "SELECT version, body, note FROM convention_version WHERE convention_id = ? ORDER BY version DESC",
                  DB_I(id));
    while (db_step(st) == DB_ROW) {
        int64_t ver = db_col_int(st, 0);
        buf_printf(&r->out, "<section><h2>%s%lld%s</h2>\n<p><small>%h</small></p>\n<ol>\n", L(r, "第", "Version "),
                   (long long)ver, L(r, "稿", ""), db_col_text(st, 2));
        const char *body = db_col_text(st, 1);
        int clause = 0;
        const char *line;
        size_t n;
        while (vote_clause_next(&body, &line, &n)) {
            clause++;
            buf_printf(&r->out, "<li>%h", arena_strndup(r->arena, line, n));
            DbStmt *cs = db_query(r->db,
                                  "SELECT u.display_name, c.body, COALESCE("
                                  "(SELECT b.name || un.name FROM role_grant g JOIN household h ON h.node_id = g.node_id "
                                  "JOIN node b ON b.id = h.building_id JOIN node un ON un.id = h.unit_id "
                                  "WHERE g.user_id = u.id ORDER BY g.id LIMIT 1), "
                                  "(SELECT b.name || un.name FROM person p JOIN household h ON h.node_id = p.household_id "
                                  "JOIN node b ON b.id = h.building_id JOIN node un ON un.id = h.unit_id WHERE p.id = u.person_id)), "
                                  "c.user_id FROM convention_comment c JOIN app_user u ON u.id = c.user_id "
                                  "WHERE c.convention_id = ? AND c.version = ? AND c.clause = ? ORDER BY c.id",
                                  DB_I(id), DB_I(ver), DB_I(clause));
            while (db_step(cs) == DB_ROW)
                buf_printf(&r->out, "<br><small class=\"comment\">💬 %h：%h</small>",
                           vote_commenter_label(r->arena, db_col_text(cs, 0), db_col_text(cs, 2),
                                                full || (r->who && db_col_int(cs, 3) == r->who->user_id)),
                           db_col_text(cs, 1));
            db_done(cs);
            buf_puts(&r->out, "</li>\n");
        }
        buf_puts(&r->out, "</ol></section>\n");
    }
    db_done(st);
    vote_convention_forms(r, id, cpath, status);
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
    DbStmt *st = db_query(r->db, "SELECT n.path, n.name, p.title, p.seed, p.dimension, p.quotas, p.candidates, p.drawn_at "
                                 "FROM panel p JOIN node n ON n.id = p.node_id WHERE p.id = ?",
                          DB_I(id));
    if (!vote_page_row_readable_or_reply(r, st, 0))
        return;
    const char *title = arena_strdup(r->arena, db_col_text(st, 2));
    char at[20];
    clock_format_local(db_col_int(st, 7), at);
    page_begin(r, title);
    buf_printf(&r->out,
               "<h1>%h</h1>\n<p>%h · %s %s</p>\n<p class=\"notice\">%s <code>%h</code><br>%s %h · %s %h · %s %lld</p>\n"
               "<p>%s</p>\n",
               title, db_col_text(st, 1), L(r, "抽选于", "drawn"), at, L(r, "公开种子：", "Public seed:"), db_col_text(st, 3),
               L(r, "分层：", "Strata by:"), db_col_text(st, 4), L(r, "名额：", "Quotas:"), db_col_text(st, 5),
               L(r, "候选数（户和商户）：", "Candidates (households and shops):"), (long long)db_col_int(st, 6),
               L(r, "复核方法：每户的签号是 BLAKE2b-256(种子 + \":\" + 户编号)，商户用负的商户编号；每层取签号最小的若干个。完整候选名单见 /api/panels/",
                 "To check: each household's lot is BLAKE2b-256(seed + \":\" + household id), a shop's uses minus its shop id; "
                 "each stratum takes the smallest lots. "
                 "The full candidate list is at /api/panels/"));
    db_done(st);
    buf_printf(&r->out, "<div class=\"table-wrap\"><table class=\"cards\"><thead><tr><th>%s</th><th>%s</th><th>%s</th></tr></thead><tbody>\n",
               L(r, "户", "Household"), L(r, "层", "Stratum"), L(r, "签号", "Lot"));
    st = db_query(r->db, "SELECT COALESCE(h.address, s.name), m.stratum, m.lot FROM panel_member m "
                         "LEFT JOIN household h ON h.node_id = m.household_id LEFT JOIN shop s ON s.id = m.shop_id "
                         "WHERE m.panel_id = ? ORDER BY m.sort",
                  DB_I(id));
    while (db_step(st) == DB_ROW)
        buf_printf(&r->out, "<tr><td data-label=\"%s\">%h</td><td data-label=\"%s\">%h</td><td data-label=\"%s\"><code>%h</code></td></tr>\n",
                   L(r, "户", "Household"), db_col_text(st, 0), L(r, "层", "Stratum"), stratum_label(r, db_col_text(st, 1)),
                   L(r, "签号", "Lot"),
                   db_col_text(st, 2));
    db_done(st);
    buf_puts(&r->out, "</tbody></table></div>\n");
    /* how anyone re-runs the draw, with the first member as the worked example */
    st = db_query(r->db, "SELECT p.seed, COALESCE(m.household_id, -m.shop_id), m.lot FROM panel p "
                         "JOIN panel_member m ON m.panel_id = p.id WHERE p.id = ? ORDER BY m.sort",
                  DB_I(id));
    if (db_step(st) == DB_ROW)
        buf_printf(&r->out,
                   "<section id=\"rerun\"><h2>%s</h2>\n<ol>\n<li>%s <a href=\"/api/panels/%lld\">/api/panels/%lld</a>%s</li>\n"
                   "<li>%s<br><code>printf '%%s' '%h:%lld' | b2sum -l 256</code><br>%s <code>%h</code></li>\n<li>%s</li>\n</ol></section>\n",
                   L(r, "如何复核这次抽选", "How to re-run this draw"), L(r, "下载候选名单：", "Download the candidate list:"),
                   (long long)id, (long long)id,
                   L(r, "（candidate_list：每个候选的编号和所在层，商户为负的商户编号）",
                     " (candidate_list: each candidate's id and stratum; shops under minus their shop id)"),
                   L(r, "对每个候选编号计算签号，例如第一位代表：", "Compute each candidate's lot, e.g. the first member's:"),
                   db_col_text(st, 0), (long long)db_col_int(st, 1), L(r, "应得到：", "which gives:"), db_col_text(st, 2),
                   L(r, "每一层按签号从小到大排序，取该层名额数的候选，即得同一份名单。",
                     "Sort each stratum by lot and take its quota from the smallest: the same panel."));
    db_done(st);
    page_end(r);
}

void page_decision(Req *r)
{
    int64_t id;
    if (!req_param_id_or_reply(r, "id", &id))
        return;
    DbStmt *st = db_query(r->db, "SELECT n.path, n.name, d.title, d.template, d.stage, d.vote_id FROM decision d "
                                 "JOIN node n ON n.id = d.node_id WHERE d.id = ?",
                          DB_I(id));
    if (!vote_page_row_readable_or_reply(r, st, 0))
        return;
    const char *dpath = arena_strdup(r->arena, db_col_text(st, 0));
    const char *title = arena_strdup(r->arena, db_col_text(st, 2));
    const char *tmpl = arena_strdup(r->arena, db_col_text(st, 3));
    int stage = (int)db_col_int(st, 4);
    int64_t vote = db_col_null(st, 5) ? 0 : db_col_int(st, 5);
    page_begin(r, title);
    buf_printf(&r->out, "<h1>%h</h1>\n<p>%h · %s</p>\n<ol class=\"steps\">\n", title, db_col_text(st, 1),
               strcmp(tmpl, "yizheng") == 0 ? L(r, "一征三议两公开", "one call, three readings, two publications")
                                            : L(r, "提议→讨论→表决→公示", "propose → discuss → vote → publish"));
    db_done(st);
    int n;
    const DecisionStep *steps = decision_steps(tmpl, &n);
    for (int i = 0; i < n; i++) {
        buf_printf(&r->out, "<li>%s%s", i < stage ? "✔ " : i == stage ? "▶ " : "", L(r, steps[i].zh, steps[i].en));
        st = db_query(r->db, "SELECT note, notice_id, done_at FROM decision_step WHERE decision_id = ? AND stage = ?", DB_I(id),
                      DB_I(i));
        if (db_step(st) == DB_ROW) {
            char at[20];
            clock_format_local(db_col_int(st, 2), at);
            buf_printf(&r->out, " <small>%s</small>：%h", at, db_col_text(st, 0));
            if (steps[i].needs_vote && vote)
                buf_printf(&r->out, " <a href=\"/votes/%lld\">%s</a>", (long long)vote, L(r, "表决及结果", "the vote and its result"));
            if (!db_col_null(st, 1))
                buf_printf(&r->out, " <a href=\"/notices/%lld\">%s</a>", (long long)db_col_int(st, 1), L(r, "公示", "notice"));
        }
        db_done(st);
        buf_puts(&r->out, "</li>\n");
    }
    buf_puts(&r->out, "</ol>\n");
    if (stage >= n)
        buf_printf(&r->out, "<p class=\"notice\">%s</p>\n", L(r, "流程已全部完成。", "Every step is done."));
    else if (perm_allows(r->who, PERM_DELIB_MANAGE, dpath))
        vote_decision_step_form(r, id, dpath, title, &steps[stage]);
    page_end(r);
}
