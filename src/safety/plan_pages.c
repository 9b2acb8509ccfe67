/* plan_pages.c: the pages beside /api/emergency-plans, /api/incidents,
 * /api/assessments and /api/patrol-routes, phone-first, through the same
 * model: a compound's plans (roles, contacts, steps, supplies, drills, and
 * for managers the form that declares an incident), its incidents (the
 * live timeline for the staff with the form to add a line; the closed
 * ones' published review for residents, without who wrote each line), the
 * quarter's prepared review beside the recorded meetings and their
 * minutes, and a place's patrol routes with today's rounds. */
#include <string.h>

#include "core/clock.h"
#include "grid/grid.h"
#include "safety/web_int.h"
#include "site/page.h"

enum { PAGE_MAX = 50, ENTRIES_MAX = 500, DRILLS_MAX = 20, DECISIONS_MAX = 50 };

static const char *when(Req *r, int64_t t)
{
    char s[20];
    clock_format_local(t, s);
    s[16] = '\0';
    return arena_strdup(r->arena, s);
}

/* The ?compound= of a page, which c->who may read; replies itself. */
static bool compound_or_reply(Req *r, NodeInfo *n)
{
    int64_t id;
    if (!req_query_int_or_reply(r, "compound", 0, 1, INT64_MAX, &id))
        return false;
    Ctx c = site_ctx(r);
    if (id == 0 || !grid_node_get(&c, id, n) || n->kind != NODE_COMPOUND) {
        reply_error(r, 404, "not_found", "compound", "找不到这个院落", "No such compound");
        return false;
    }
    if (!perm_allows(c.who, PERM_TREE_READ, n->path)) {
        reply_forbidden(r);
        return false;
    }
    return true;
}

static void register_only(Req *r)
{
    SafetyErr e;
    safety_err(&e, SM_FORBIDDEN, NULL);
    safety_err_reply(r, &e);
}

/* ---- emergency plans --------------------------------------------------------------- */

void page_plans(Req *r)
{
    NodeInfo n;
    int64_t after;
    if (!compound_or_reply(r, &n) || !req_query_int_or_reply(r, "after", 0, 0, INT64_MAX, &after))
        return;
    Ctx c = site_ctx(r);
    if (!safety_may_see_register(&c, n.path)) {
        register_only(r);
        return;
    }
    EmergencyPlan *items = arena_alloc(r->arena, sizeof(EmergencyPlan) * (PAGE_MAX + 1));
    int k = safety_plans_page(&c, n.id, after, items, PAGE_MAX + 1);
    if (k < 0) {
        reply_storage_error(r);
        return;
    }
    page_begin(r, L(r, "应急预案", "Emergency plans"));
    Buf *b = &r->out;
    buf_printf(b, "<p class=\"breadcrumb\"><a href=\"/safety\">%s</a></p>\n<h1>%h %s</h1>\n<ul class=\"cards plans\">\n",
               L(r, "平安", "Safety"), n.name, L(r, "应急预案", "emergency plans"));
    for (int i = 0; i < k && i < PAGE_MAX; i++)
        buf_printf(b, "<li><span class=\"badge\">%s</span> <a href=\"/emergency-plans/%lld\">%h</a></li>\n",
                   safety_plan_kind_label_zh(items[i].kind), (long long)items[i].id, items[i].title);
    if (k == 0)
        buf_printf(b, "<li>%s</li>\n", L(r, "暂无预案", "No plans"));
    buf_puts(b, "</ul>\n");
    if (k > PAGE_MAX)
        buf_printf(b, "<p><a href=\"/emergency-plans?compound=%lld&amp;after=%lld\">%s</a></p>\n", (long long)n.id,
                   (long long)items[PAGE_MAX - 1].id, L(r, "更多", "More"));
    buf_printf(b, "<p><a href=\"/incidents?compound=%lld\">%s</a></p>\n", (long long)n.id,
               L(r, "突发事件记录", "Incidents"));
    page_end(r);
}

static bool plan_or_reply(Req *r, EmergencyPlan *p)
{
    int64_t id;
    if (!req_param_id_or_reply(r, "id", &id))
        return false;
    Ctx c = site_ctx(r);
    SafetyErr e;
    bool found;
    if (!safety_plan_get(&c, id, p, &found, &e)) {
        safety_err_reply(r, &e);
        return false;
    }
    if (!found || !safety_may_see_register(&c, p->node_path)) {
        safety_err(&e, SM_NO_SUCH_PLAN, NULL);
        safety_err_reply(r, &e);
        return false;
    }
    return true;
}

static void section(Buf *b, const char *title, const char *text)
{
    if (text && text[0])
        buf_printf(b, "<h2>%s</h2>\n<p class=\"prewrap\">%h</p>\n", title, text);
}

void page_plan(Req *r)
{
    EmergencyPlan p;
    if (!plan_or_reply(r, &p))
        return;
    Ctx c = site_ctx(r);
    Drill d[DRILLS_MAX];
    int k = safety_drills(&c, p.id, d, DRILLS_MAX);
    if (k < 0) {
        reply_storage_error(r);
        return;
    }
    page_begin(r, p.title);
    Buf *b = &r->out;
    buf_printf(b, "<p class=\"breadcrumb\"><a href=\"/emergency-plans?compound=%lld\">%s</a></p>\n",
               (long long)p.compound_id, L(r, "应急预案", "Emergency plans"));
    buf_printf(b, "<h1><span class=\"badge\">%s</span> %h</h1>\n", safety_plan_kind_label_zh(p.kind), p.title);
    section(b, L(r, "职责分工", "Roles"), p.roles);
    section(b, L(r, "联系人", "Contacts"), p.contacts);
    section(b, L(r, "处置步骤", "Steps"), p.steps);
    section(b, L(r, "物资", "Supplies"), p.supplies);
    buf_printf(b, "<h2>%s</h2>\n<ul class=\"cards drills\">\n", L(r, "演练记录", "Drills"));
    for (int i = 0; i < k; i++)
        buf_printf(b, "<li>%s · %lld%s %h</li>\n", when(r, d[i].held_at), (long long)d[i].participants,
                   L(r, "人参加", " people"), d[i].notes);
    if (k == 0)
        buf_printf(b, "<li>%s</li>\n", L(r, "尚未演练", "No drill yet"));
    buf_puts(b, "</ul>\n");
    SafetyErr e;
    if (safety_may_manage(&c, p.node_path, &e)) {
        buf_printf(b, "<h2>%s</h2>\n<form method=\"post\" action=\"/emergency-plans/%lld/incident\" class=\"declare\">",
                   L(r, "启动预案：宣布突发事件", "Declare an incident"), (long long)p.id);
        page_csrf_field(r);
        buf_printf(b,
                   "<label for=\"title\">%s</label><input id=\"title\" name=\"title\" maxlength=\"60\" required>"
                   "<button type=\"submit\">%s</button></form>\n",
                   L(r, "事件名称", "Title"), L(r, "启动", "Declare"));
    }
    page_end(r);
}

void page_plan_incident_post(Req *r)
{
    EmergencyPlan p;
    if (!plan_or_reply(r, &p))
        return;
    Ctx c = site_ctx(r);
    SafetyErr e;
    const char *title = req_form_trim(r, "title");
    int64_t id;
    if (!safety_may_manage(&c, p.node_path, &e) || !safety_incident_declare(&c, &p, title ? title : "", &id, &e)) {
        safety_err_reply(r, &e);
        return;
    }
    resp_redirect(r, arena_printf(r->arena, "/incidents/%lld", (long long)id));
}

/* ---- incidents ----------------------------------------------------------------------- */

void page_incidents(Req *r)
{
    NodeInfo n;
    int64_t after;
    if (!compound_or_reply(r, &n) || !req_query_int_or_reply(r, "after", 0, 0, INT64_MAX, &after))
        return;
    Ctx c = site_ctx(r);
    bool staff = safety_may_see_register(&c, n.path);
    Incident *items = arena_alloc(r->arena, sizeof(Incident) * (PAGE_MAX + 1));
    int k = safety_incidents_page(&c, n.id, !staff, after, items, PAGE_MAX + 1);
    if (k < 0) {
        reply_storage_error(r);
        return;
    }
    page_begin(r, L(r, "突发事件", "Incidents"));
    Buf *b = &r->out;
    buf_printf(b, "<p class=\"breadcrumb\"><a href=\"/safety\">%s</a></p>\n<h1>%h %s</h1>\n<ul class=\"cards incidents\">\n",
               L(r, "平安", "Safety"), n.name, staff ? L(r, "突发事件", "incidents") : L(r, "事件复盘公开", "incident reviews"));
    for (int i = 0; i < k && i < PAGE_MAX; i++)
        buf_printf(b, "<li><a href=\"/incidents/%lld\">%h</a> <small>%s · %s</small></li>\n", (long long)items[i].id,
                   items[i].title, when(r, items[i].declared_at),
                   items[i].closed_at ? L(r, "已结束", "closed") : L(r, "处置中", "ongoing"));
    if (k == 0)
        buf_printf(b, "<li>%s</li>\n", L(r, "暂无", "None"));
    buf_puts(b, "</ul>\n");
    if (k > PAGE_MAX)
        buf_printf(b, "<p><a href=\"/incidents?compound=%lld&amp;after=%lld\">%s</a></p>\n", (long long)n.id,
                   (long long)items[PAGE_MAX - 1].id, L(r, "更多", "More"));
    page_end(r);
}

static bool incident_or_reply(Req *r, Incident *i, bool *staff)
{
    int64_t id;
    if (!req_param_id_or_reply(r, "id", &id))
        return false;
    Ctx c = site_ctx(r);
    SafetyErr e;
    bool found;
    if (!safety_incident_get(&c, id, i, &found, &e)) {
        safety_err_reply(r, &e);
        return false;
    }
    *staff = found && safety_may_see_register(&c, i->node_path);
    /* residents read the published review of a closed incident only */
    if (!found || (!*staff && !(i->closed_at && perm_allows(c.who, PERM_TREE_READ, i->node_path)))) {
        safety_err(&e, SM_NO_SUCH_INCIDENT, NULL);
        safety_err_reply(r, &e);
        return false;
    }
    return true;
}

void page_incident(Req *r)
{
    Incident inc;
    bool staff;
    if (!incident_or_reply(r, &inc, &staff))
        return;
    Ctx c = site_ctx(r);
    IncidentEntry *en = arena_alloc(r->arena, sizeof(IncidentEntry) * ENTRIES_MAX);
    int n = safety_incident_entries(&c, inc.id, en, ENTRIES_MAX);
    if (n < 0) {
        reply_storage_error(r);
        return;
    }
    int64_t *ats = arena_alloc(r->arena, sizeof(int64_t) * (size_t)(n + 1));
    for (int k = 0; k < n; k++)
        ats[k] = en[k].at;
    int64_t first, duration;
    safety_incident_times(inc.declared_at, n > 1 ? ats + 1 : ats, n > 1 ? n - 1 : 0, inc.closed_at, &first, &duration);
    page_begin(r, inc.title);
    Buf *b = &r->out;
    buf_printf(b, "<p class=\"breadcrumb\"><a href=\"/incidents?compound=%lld\">%s</a></p>\n<h1>%h</h1>\n",
               (long long)inc.compound_id, L(r, "突发事件", "Incidents"), inc.title);
    buf_printf(b, "<p>%s%s · %s</p>\n", L(r, "启动于 ", "Declared "), when(r, inc.declared_at),
               inc.closed_at ? L(r, "已结束", "closed") : L(r, "处置中", "ongoing"));
    if (inc.closed_at) {
        buf_printf(b, "<h2>%s</h2>\n<table class=\"review\"><tbody>", L(r, "事后复盘", "Review"));
        if (first >= 0)
            buf_printf(b, "<tr><th>%s</th><td>%lld %s</td></tr>", L(r, "首次响应", "First response"), (long long)first,
                       L(r, "分钟", "min"));
        buf_printf(b,
                   "<tr><th>%s</th><td>%lld %s</td></tr><tr><th>%s</th><td>%h</td></tr><tr><th>%s</th><td>%h</td></tr>"
                   "<tr><th>%s</th><td>%h</td></tr><tr><th>%s</th><td>%h</td></tr></tbody></table>\n",
                   L(r, "持续时间", "Duration"), (long long)duration, L(r, "分钟", "min"), L(r, "原因", "Cause"), inc.cause,
                   L(r, "处置", "Response"), inc.response, L(r, "教训", "Lessons"), inc.lessons,
                   L(r, "修订的规则", "Changed rules"), inc.changed_rules[0] ? inc.changed_rules : "—");
    }
    /* the log is append-only: lines are added, never edited; residents see what was done and when, not by whom */
    buf_printf(b, "<h2>%s</h2>\n<ol class=\"timeline incident-timeline\">\n", L(r, "处置经过", "Timeline"));
    for (int k = 0; k < n; k++)
        buf_printf(b, "<li>%s %h</li>\n", when(r, en[k].at), en[k].text);
    buf_puts(b, "</ol>\n");
    SafetyErr e;
    if (!inc.closed_at && safety_may_report(&c, inc.node_path, &e)) {
        buf_printf(b, "<form method=\"post\" action=\"/incidents/%lld/entry\" class=\"incident-entry\">", (long long)inc.id);
        page_csrf_field(r);
        buf_printf(b,
                   "<label for=\"text\">%s</label><textarea id=\"text\" name=\"text\" rows=\"2\" required></textarea>"
                   "<button type=\"submit\">%s</button></form>\n<p><a href=\"/incidents/%lld\">%s</a></p>\n",
                   L(r, "记录一条（谁、做了什么）", "Add a line"), L(r, "记录", "Add"), (long long)inc.id,
                   L(r, "刷新", "Refresh"));
    }
    if (!inc.closed_at && safety_may_manage(&c, inc.node_path, &e)) {
        buf_printf(b, "<h2>%s</h2>\n<form method=\"post\" action=\"/incidents/%lld/close\" class=\"incident-close\">",
                   L(r, "结束并复盘", "Close with the review"), (long long)inc.id);
        page_csrf_field(r);
        buf_printf(b,
                   "<label for=\"cause\">%s</label><textarea id=\"cause\" name=\"cause\" rows=\"2\" required></textarea>"
                   "<label for=\"response\">%s</label><textarea id=\"response\" name=\"response\" rows=\"2\" "
                   "required></textarea>"
                   "<label for=\"lessons\">%s</label><textarea id=\"lessons\" name=\"lessons\" rows=\"2\" required></textarea>"
                   "<label for=\"changed_rules\">%s</label><textarea id=\"changed_rules\" name=\"changed_rules\" "
                   "rows=\"2\"></textarea><button type=\"submit\">%s</button></form>\n",
                   L(r, "原因", "Cause"), L(r, "处置情况", "Response"), L(r, "教训", "Lessons"),
                   L(r, "修订的规则（可不填）", "Changed rules (optional)"), L(r, "结束并公开复盘", "Close and publish"));
    }
    page_end(r);
}

void page_incident_entry_post(Req *r)
{
    Incident inc;
    bool staff;
    if (!incident_or_reply(r, &inc, &staff))
        return;
    Ctx c = site_ctx(r);
    SafetyErr e;
    const char *text = req_form_trim(r, "text");
    if (!safety_may_report(&c, inc.node_path, &e) || !safety_incident_append(&c, &inc, text ? text : "", &e)) {
        safety_err_reply(r, &e);
        return;
    }
    resp_redirect(r, arena_printf(r->arena, "/incidents/%lld", (long long)inc.id));
}

static const char *form_text(Req *r, const char *name)
{
    const char *v = req_form_trim(r, name);
    return v ? v : "";
}

void page_incident_close_post(Req *r)
{
    Incident inc;
    bool staff;
    if (!incident_or_reply(r, &inc, &staff))
        return;
    Ctx c = site_ctx(r);
    SafetyErr e;
    if (!safety_may_manage(&c, inc.node_path, &e) ||
        !safety_incident_close(&c, &inc, form_text(r, "cause"), form_text(r, "response"), form_text(r, "lessons"),
                               form_text(r, "changed_rules"), &e)) {
        safety_err_reply(r, &e);
        return;
    }
    resp_redirect(r, arena_printf(r->arena, "/incidents/%lld", (long long)inc.id));
}

/* ---- the quarterly assessment ------------------------------------------------------------ */

/* The quarter holding t in local time, as "YYYY-Qn". */
static const char *quarter_of(Req *r, int64_t t)
{
    char s[20];
    clock_format_local(t, s);
    int month = (s[5] - '0') * 10 + (s[6] - '0');
    s[4] = '\0';
    return arena_printf(r->arena, "%s-Q%d", s, (month - 1) / 3 + 1);
}

void page_assessments(Req *r)
{
    NodeInfo n;
    if (!compound_or_reply(r, &n))
        return;
    Ctx c = site_ctx(r);
    if (!safety_may_see_register(&c, n.path)) {
        register_only(r);
        return;
    }
    const char *q = req_query(r, "quarter");
    if (!q || !q[0])
        q = quarter_of(r, c.now);
    int64_t start, end;
    SafetyErr e;
    if (!safety_quarter_parse(q, &start, &end)) {
        safety_err(&e, SM_BAD_QUARTER, "quarter");
        safety_err_reply(r, &e);
        return;
    }
    SafetyReview rv;
    if (!safety_review_prepare(&c, n.id, start, end, &rv, &e)) {
        safety_err_reply(r, &e);
        return;
    }
    Assessment *items = arena_alloc(r->arena, sizeof(Assessment) * (PAGE_MAX + 1));
    int k = safety_assessments_page(&c, n.id, 0, items, PAGE_MAX);
    if (k < 0) {
        reply_storage_error(r);
        return;
    }
    page_begin(r, L(r, "季度风险研判", "Quarterly assessment"));
    Buf *b = &r->out;
    buf_printf(b, "<p class=\"breadcrumb\"><a href=\"/safety\">%s</a></p>\n<h1>%h %h %s</h1>\n", L(r, "平安", "Safety"),
               n.name, q, L(r, "风险研判", "assessment"));
    buf_printf(b, "<h2>%s</h2>\n<div class=\"table-wrap\"><table class=\"review-open\"><thead><tr><th>%s</th>"
                  "<th>%s</th><th>%s</th><th>%s</th><th>%s</th><th>%s</th><th>%s</th></tr></thead><tbody>",
               L(r, "在办隐患（按等级和时长）", "Open hazards by grade and age"), L(r, "等级", "Grade"),
               L(r, "7天内", "< 7 d"), L(r, "30天内", "< 30 d"), L(r, "90天内", "< 90 d"), L(r, "更久", "older"),
               L(r, "本季新增", "found"), L(r, "本季销号", "closed"));
    for (int g = 0; g < GRADE__COUNT; g++)
        buf_printf(b, "<tr><th>%s</th><td>%lld</td><td>%lld</td><td>%lld</td><td>%lld</td><td>%lld</td><td>%lld</td></tr>",
                   safety_grade_label_zh((HazardGrade)g), (long long)rv.open[g][0], (long long)rv.open[g][1],
                   (long long)rv.open[g][2], (long long)rv.open[g][3], (long long)rv.opened[g], (long long)rv.closed[g]);
    buf_printf(b, "</tbody></table></div>\n<p>%s%lld</p>\n", L(r, "目前超期：", "Overdue now: "), (long long)rv.overdue);
    /* the heat map: the site plan (drawn by results/ at /plans/{id}.svg) coloured by the quarter's findings,
     * with the same figures as a plain table beside it */
    SafetyPlaceCount *pl = arena_alloc(r->arena, sizeof(SafetyPlaceCount) * 50);
    int np = safety_hazard_places(&c, n.id, start, end, pl, 50);
    if (np < 0) {
        reply_storage_error(r);
        return;
    }
    buf_printf(b,
               "<h2>%s</h2>\n<div class=\"heatmap\"><figure><img src=\"/plans/%lld.svg?by=hazards&amp;quarter=%h\" "
               "alt=\"%s\" width=\"360\" style=\"max-width:100%%;height:auto\"></figure>"
               "<div class=\"table-wrap\"><table class=\"heatmap-table\"><thead><tr><th>%s</th><th>%s</th><th>%s</th>"
               "<th>%s</th><th>%s</th></tr></thead><tbody>",
               L(r, "隐患分布热力图", "Heat map"), (long long)n.id, q,
               L(r, "院落平面示意图：各楼本季发现的隐患数", "Site plan: hazards found per building"), L(r, "地点", "Place"),
               safety_grade_label_zh(GRADE_RED), safety_grade_label_zh(GRADE_YELLOW), safety_grade_label_zh(GRADE_BLUE),
               L(r, "合计", "Total"));
    for (int i = 0; i < np; i++)
        buf_printf(b, "<tr><td>%h</td><td>%lld</td><td>%lld</td><td>%lld</td><td>%lld</td></tr>",
                   pl[i].place[0] ? pl[i].place : "（未注明）", (long long)pl[i].n[GRADE_RED],
                   (long long)pl[i].n[GRADE_YELLOW], (long long)pl[i].n[GRADE_BLUE], (long long)pl[i].total);
    if (np == 0)
        buf_printf(b, "<tr><td colspan=\"5\">%s</td></tr>", L(r, "本季没有发现隐患", "No hazard found this quarter"));
    buf_puts(b, "</tbody></table></div></div>\n");
    buf_printf(b, "<h2>%s</h2>\n", L(r, "研判会议记录", "Meetings"));
    for (int i = 0; i < k; i++) {
        DecisionInput d[DECISIONS_MAX];
        int m = safety_assessment_decisions(&c, items[i].id, d, DECISIONS_MAX);
        buf_printf(b, "<section class=\"assessment\"><h3>%h · %s</h3><p>%s%h</p><p class=\"prewrap\">%h</p><ol>",
                   items[i].quarter, when(r, items[i].held_at), L(r, "参会：", "Attendees: "), items[i].attendees,
                   items[i].minutes);
        for (int j = 0; j < m; j++) {
            buf_printf(b, "<li>%h", d[j].text);
            if (d[j].hazard_id)
                buf_printf(b, " <a href=\"/hazards/%lld\">%s</a>", (long long)d[j].hazard_id, L(r, "隐患", "hazard"));
            buf_puts(b, "</li>");
        }
        buf_puts(b, "</ol></section>\n");
    }
    if (k == 0)
        buf_printf(b, "<p>%s</p>\n", L(r, "尚无研判会议记录", "No meeting recorded yet"));
    page_end(r);
}

/* ---- patrol routes ------------------------------------------------------------------------- */

void page_patrol_routes(Req *r)
{
    int64_t node, after;
    if (!req_query_int_or_reply(r, "node", 0, 1, INT64_MAX, &node) ||
        !req_query_int_or_reply(r, "after", 0, 0, INT64_MAX, &after))
        return;
    Ctx c = site_ctx(r);
    NodeInfo n;
    if (node == 0 || !grid_node_get(&c, node, &n)) {
        reply_error(r, 404, "not_found", "node", "找不到这个网格或院落", "No such place");
        return;
    }
    if (!safety_may_see_register(&c, n.path)) {
        register_only(r);
        return;
    }
    PatrolRoute *items = arena_alloc(r->arena, sizeof(PatrolRoute) * (PAGE_MAX + 1));
    int k = safety_routes_page(&c, node, after, items, PAGE_MAX + 1);
    if (k < 0) {
        reply_storage_error(r);
        return;
    }
    int64_t day_start;
    char day[16];
    if (!safety_day_param_or_reply(r, c.now, &day_start, day))
        return;
    page_begin(r, L(r, "巡查路线", "Patrol routes"));
    Buf *b = &r->out;
    buf_printf(b, "<p class=\"breadcrumb\"><a href=\"/safety\">%s</a></p>\n<h1>%h %s</h1>\n<p>%h</p>\n<ul class=\"cards routes\">\n",
               L(r, "平安", "Safety"), n.name, L(r, "巡查路线", "patrol routes"), day);
    for (int i = 0; i < k && i < PAGE_MAX; i++) {
        PatrolRoute rt;
        bool found;
        SafetyErr e;
        PatrolRound rounds[SLOT__COUNT];
        buf_printf(b, "<li><a href=\"/patrol-routes/%lld\">%h</a>", (long long)items[i].id, items[i].name);
        if (safety_route_get(&c, items[i].id, &rt, &found, &e) && found &&
            safety_route_day(&c, &rt, day_start, rounds, &e)) {
            for (int s = 0; s < SLOT__COUNT; s++) {
                buf_printf(b, "<br>%s：%s", safety_slot_label_zh(rounds[s].slot),
                           safety_round_state_label_zh(rounds[s].state));
                /* skipped points are named, not counted */
                for (int j = 0; j < rounds[s].n_skipped; j++)
                    buf_printf(b, "%s<strong class=\"skipped\">%h</strong>", j ? "、" : " · 漏巡：",
                               rt.points[rounds[s].skipped[j]].name);
            }
        }
        buf_puts(b, "</li>\n");
    }
    if (k == 0)
        buf_printf(b, "<li>%s</li>\n", L(r, "暂无巡查路线", "No routes"));
    buf_puts(b, "</ul>\n");
    if (k > PAGE_MAX)
        buf_printf(b, "<p><a href=\"/patrol-routes?node=%lld&amp;after=%lld\">%s</a></p>\n", (long long)node,
                   (long long)items[PAGE_MAX - 1].id, L(r, "更多", "More"));
    page_end(r);
}

/* ---- my patrol --------------------------------------------------------------------------------- */

void page_my_patrol(Req *r)
{
    Ctx c = site_ctx(r);
    int64_t ids[20];
    int k = c.who ? safety_worker_routes(&c, c.who->user_id, ids, 20) : 0;
    if (k < 0) {
        reply_storage_error(r);
        return;
    }
    int32_t ymd = clock_local_yyyymmdd(c.now);
    int64_t today = clock_local_day_start(ymd / 10000, ymd / 100 % 100, ymd % 100);
    page_begin(r, L(r, "我的巡查", "My patrol"));
    Buf *b = &r->out;
    buf_printf(b, "<p class=\"breadcrumb\"><a href=\"/safety\">%s</a></p>\n<h1>%s</h1>\n", L(r, "平安", "Safety"),
               L(r, "我的巡查", "My patrol"));
    int shown = 0;
    for (int i = 0; i < k; i++) {
        PatrolRoute rt;
        bool found;
        SafetyErr e;
        PatrolRound rounds[SLOT__COUNT];
        if (!safety_route_get(&c, ids[i], &rt, &found, &e) || !found || !safety_may_see_register(&c, rt.node_path) ||
            !safety_route_day(&c, &rt, today, rounds, &e))
            continue;
        shown++;
        buf_printf(b, "<h2><a href=\"/patrol-routes/%lld\">%h</a></h2>\n", (long long)rt.id, rt.name);
        for (int s = 0; s < SLOT__COUNT; s++) {
            const PatrolRound *o = &rounds[s];
            buf_printf(b, "<p>%s：%s", safety_slot_label_zh(o->slot), safety_round_state_label_zh(o->state));
            for (int j = 0; j < o->n_skipped; j++)
                buf_printf(b, "%s<strong class=\"skipped\">%h</strong>", j ? "、" : " · 漏巡：", rt.points[o->skipped[j]].name);
            buf_puts(b, "</p>\n");
        }
        /* the points still to walk in the round open now: one tap each */
        PatrolSlot now_slot;
        if (safety_slot_at(today, c.now, &now_slot)) {
            buf_puts(b, "<ul class=\"cards points\">\n");
            for (int p = 0; p < rt.n_points; p++)
                if (!rounds[now_slot].done[p])
                    buf_printf(b, "<li><a class=\"button\" href=\"/patrol/%lld/%lld\">%h</a></li>\n", (long long)rt.id,
                               (long long)rt.points[p].id, rt.points[p].name);
            buf_puts(b, "</ul>\n");
        }
    }
    if (!shown)
        buf_printf(b, "<p>%s</p>\n", L(r, "您没有负责的巡查路线", "You walk no route"));
    page_end(r);
}
