/* pages.c: the 平安 pages, phone-first, through the same model as the API:
 * the hub (the compounds one may look at), a compound's hazards (the
 * register, or the public ones with advice), a hazard with its history, the
 * check-in page a posted code opens (one big button), a route's day with
 * every skipped point named, and a compound's disputes (published outcomes
 * for residents). */
#include <string.h>

#include "core/clock.h"
#include "grid/grid.h"
#include "safety/web_int.h"
#include "site/page.h"

enum { PAGE_MAX = 50 };

static const char *when(Req *r, int64_t t)
{
    char s[20];
    clock_format_local(t, s);
    s[16] = '\0'; /* to the minute */
    return arena_strdup(r->arena, s);
}

static bool compound_or_reply(Req *r, const char **path, const char **name, int64_t *id)
{
    if (!req_query_int_or_reply(r, "compound", 0, 1, INT64_MAX, id))
        return false;
    Ctx c = site_ctx(r);
    NodeInfo n;
    if (*id == 0 || !grid_node_get(&c, *id, &n) || n.kind != NODE_COMPOUND) {
        reply_error(r, 404, "not_found", "compound", "找不到这个院落", "No such compound");
        return false;
    }
    if (!perm_allows(c.who, PERM_TREE_READ, n.path)) {
        reply_forbidden(r);
        return false;
    }
    *path = n.path;
    *name = n.name;
    return true;
}

void page_safety(Req *r)
{
    Ctx c = site_ctx(r);
    page_begin(r, L(r, "平安", "Safety"));
    Buf *b = &r->out;
    buf_printf(b, "<h1>%s</h1>\n<p>%s</p>\n<ul class=\"cards\">\n", L(r, "平安院落", "Safety"),
               L(r, "风险隐患、一日双巡、矛盾化解。请选择院落：", "Hazards, patrols, disputes. Choose a compound:"));
    if (c.who && perm_allows(c.who, PERM_SAFETY_PATROL, NULL))
        buf_printf(b, "<li><a href=\"/patrol\"><strong>%s</strong></a></li>\n", L(r, "我的巡查（今日路线与点位）", "My patrol"));
    /* the places one patrols or manages: their routes, with the day's missed rounds and skipped points named */
    for (int i = 0; c.who && i < c.who->n_grants && i < 20; i++) {
        const Grant *g = &c.who->grants[i];
        NodeInfo gn;
        if (!safety_may_see_register(&c, g->node_path) || !grid_node_get(&c, g->node_id, &gn))
            continue;
        buf_printf(b, "<li><strong>%h</strong><br><a href=\"/patrol-routes?node=%lld\">%s</a></li>\n", gn.name,
                   (long long)gn.id, L(r, "巡查路线与漏巡", "Patrol routes and misses"));
    }
    int shown = 0;
    for (int i = 0; c.who && i < c.who->n_grants && shown < 60; i++) {
        const Grant *g = &c.who->grants[i];
        NodeList l = {0};
        if (grid_nodes_in(&c, g->compound_path ? g->compound_path : g->node_path, 1u << NODE_COMPOUND, 60, &l) != GRID_OK)
            continue;
        for (int k = 0; k < l.n && shown < 60; k++, shown++) {
            const NodeInfo *cn = &l.items[k];
            buf_printf(b,
                       "<li><strong>%h</strong><br><a href=\"/hazards?compound=%lld\">%s</a> · "
                       "<a href=\"/disputes?compound=%lld\">%s</a> · <a href=\"/incidents?compound=%lld\">%s</a>",
                       cn->name, (long long)cn->id, L(r, "风险隐患", "Hazards"), (long long)cn->id,
                       L(r, "矛盾化解", "Disputes"), (long long)cn->id, L(r, "突发事件", "Incidents"));
            if (safety_may_see_register(&c, cn->path))
                buf_printf(b,
                           " · <a href=\"/emergency-plans?compound=%lld\">%s</a> · "
                           "<a href=\"/assessments?compound=%lld\">%s</a> · <a href=\"/patrol-routes?node=%lld\">%s</a>",
                           (long long)cn->id, L(r, "应急预案", "Plans"), (long long)cn->id, L(r, "季度研判", "Assessment"),
                           (long long)cn->id, L(r, "巡查路线", "Routes"));
            buf_puts(b, "</li>\n");
        }
    }
    if (!shown)
        buf_printf(b, "<li>%s</li>\n", L(r, "您的范围内没有院落", "No compound in your scope"));
    buf_puts(b, "</ul>\n");
    page_end(r);
}

void page_hazards(Req *r)
{
    const char *path, *name;
    int64_t compound, after;
    if (!compound_or_reply(r, &path, &name, &compound) || !req_query_int_or_reply(r, "after", 0, 0, INT64_MAX, &after))
        return;
    Ctx c = site_ctx(r);
    bool full = safety_may_see_register(&c, path);
    Hazard *items = arena_alloc(r->arena, sizeof(Hazard) * (PAGE_MAX + 1));
    int n = safety_hazards_page(&c, compound, !full, after, items, PAGE_MAX + 1);
    if (n < 0) {
        reply_storage_error(r);
        return;
    }
    page_begin(r, L(r, "风险隐患", "Hazards"));
    Buf *b = &r->out;
    buf_printf(b, "<p class=\"breadcrumb\"><a href=\"/safety\">%s</a></p>\n<h1>%h %s</h1>\n", L(r, "平安", "Safety"), name,
               full ? L(r, "风险隐患清单", "hazard register") : L(r, "安全提示", "safety notices"));
    buf_puts(b, "<ul class=\"cards hazards\">\n");
    for (int i = 0; i < n && i < PAGE_MAX; i++) {
        const Hazard *h = &items[i];
        buf_printf(b, "<li class=\"hazard grade-%s\"><span class=\"badge\">%s</span> <a href=\"/hazards/%lld\">%h</a>",
                   safety_grade_name(h->grade), safety_grade_label_zh(h->grade), (long long)h->id, h->title);
        if (!h->is_open)
            buf_printf(b, " <span class=\"muted\">%s</span>", L(r, "已销号", "closed"));
        else if (full && safety_overdue(h->deadline, c.now))
            buf_printf(b, " <strong>%s</strong>", L(r, "已超期", "overdue"));
        if (h->advice[0])
            buf_printf(b, "<br>%s%h", L(r, "提示：", "Advice: "), h->advice);
        if (full)
            buf_printf(b, "<br><small>%h · %s %s</small>", h->place_text, L(r, "期限", "due"), when(r, h->deadline));
        buf_puts(b, "</li>\n");
    }
    if (n == 0)
        buf_printf(b, "<li>%s</li>\n", L(r, "暂无隐患", "No hazards"));
    buf_puts(b, "</ul>\n");
    if (n > PAGE_MAX)
        buf_printf(b, "<p><a href=\"/hazards?compound=%lld&amp;after=%lld\">%s</a></p>\n", (long long)compound,
                   (long long)items[PAGE_MAX - 1].id, L(r, "更多", "More"));
    page_end(r);
}

void page_hazard(Req *r)
{
    Hazard h;
    bool full;
    if (!safety_hazard_load_or_reply(r, &h, &full))
        return;
    Ctx c = site_ctx(r);
    HazardEvent ev[100];
    int n = safety_hazard_history(&c, h.id, ev, 100);
    if (n < 0) {
        reply_storage_error(r);
        return;
    }
    page_begin(r, h.title);
    Buf *b = &r->out;
    buf_printf(b, "<p class=\"breadcrumb\"><a href=\"/hazards?compound=%lld\">%s</a></p>\n", (long long)h.compound_id,
               L(r, "风险隐患", "Hazards"));
    buf_printf(b, "<h1><span class=\"badge grade-%s\">%s</span> %h</h1>\n", safety_grade_name(h.grade),
               safety_grade_label_zh(h.grade), h.title);
    if (h.advice[0])
        buf_printf(b, "<p class=\"advice\">%s%h</p>\n", L(r, "防范提示：", "Advice: "), h.advice);
    if (full)
        buf_printf(b, "<p>%h</p>\n<p>%s%h · %s%s · %s%s</p>\n", h.detail, L(r, "位置：", "Place: "), h.place_text,
                   L(r, "期限：", "Due: "), when(r, h.deadline), L(r, "状态：", "State: "),
                   h.is_open ? (h.escalated ? L(r, "超期已升级", "escalated") : L(r, "整改中", "open"))
                             : L(r, "已销号", "closed"));
    if (full && !h.is_open) {
        buf_printf(b, "<p>%s%h", L(r, "销号说明：", "Closing note: "), h.close_note);
        if (h.residual_grade[0]) {
            HazardGrade rg;
            buf_printf(b, " · %s%s", L(r, "剩余风险：", "Residual risk: "),
                       safety_grade_parse(h.residual_grade, &rg) ? safety_grade_label_zh(rg) : "");
            if (h.accepted_at)
                buf_printf(b, " · %s%s：%h", L(r, "已由委员会确认 ", "accepted "), when(r, h.accepted_at), h.accept_note);
        }
        buf_puts(b, "</p>\n");
    }
    if (full) {
        HazardPhoto ph[SAFETY_PHOTOS_MAX];
        static const char *const kinds[] = {"found", "fixed"};
        for (int j = 0; j < 2; j++) {
            int m = safety_hazard_photos(&c, h.id, kinds[j], ph, SAFETY_PHOTOS_MAX);
            if (m > 0)
                buf_printf(b, "<p>%s</p><div class=\"wo-photos hazard-photos-%s\">",
                           j ? L(r, "整改后照片", "Photos of the fix") : L(r, "现场照片", "Photos"), kinds[j]);
            for (int i = 0; i < m; i++)
                buf_printf(b, "<a href=\"/api/hazards/photos/%lld\"><img src=\"/api/hazards/photos/%lld\" alt=\"%s\" "
                              "loading=\"lazy\" width=\"96\" height=\"96\"></a>",
                           (long long)ph[i].id, (long long)ph[i].id, L(r, "照片", "photo"));
            if (m > 0)
                buf_puts(b, "</div>\n");
        }
    }
    buf_printf(b, "<h2>%s</h2>\n<ol class=\"timeline\">\n", L(r, "经过", "History"));
    static const struct {
        const char *kind, *zh;
    } K[] = {{"created", "登记"},         {"graded", "调整等级"},        {"escalated", "超期升级"},
             {"closed", "销号"},          {"work_order", "派单"},        {"photo_found", "上传现场照片"},
             {"photo_fixed", "上传整改照片"}, {"accepted", "确认剩余风险"}};
    for (int i = 0; i < n; i++) {
        const char *k = ev[i].kind;
        for (size_t j = 0; j < sizeof K / sizeof K[0]; j++)
            if (strcmp(K[j].kind, ev[i].kind) == 0)
                k = K[j].zh;
        buf_printf(b, "<li>%s %h", when(r, ev[i].at), k);
        HazardGrade tg;
        if (ev[i].to_grade[0] && safety_grade_parse(ev[i].to_grade, &tg))
            buf_printf(b, " → %s", safety_grade_label_zh(tg));
        if (full && ev[i].reason[0])
            buf_printf(b, "：%h", ev[i].reason);
        buf_puts(b, "</li>\n");
    }
    buf_puts(b, "</ol>\n");
    SafetyErr e;
    bool manage = safety_may_manage(&c, h.node_path, &e);
    bool report = safety_may_report(&c, h.node_path, &e);
    if (h.is_open && (manage || report)) {
        /* a photo: of the finding, or of the fix (a red hazard closes only on one) */
        buf_printf(b,
                   "<h2>%s</h2>\n<form method=\"post\" action=\"/hazards/%lld/photos\" enctype=\"multipart/form-data\" "
                   "class=\"hazard-photo\">",
                   L(r, "上传照片", "Upload a photo"), (long long)h.id);
        page_csrf_field(r);
        buf_printf(b,
                   "<label for=\"photo_kind\">%s</label><select id=\"photo_kind\" name=\"kind\">"
                   "<option value=\"fixed\">%s</option><option value=\"found\">%s</option></select>"
                   "<label for=\"photo\">%s</label><input id=\"photo\" name=\"photo\" type=\"file\" accept=\"image/*\" "
                   "capture=\"environment\" required><button type=\"submit\">%s</button></form>\n",
                   L(r, "照片类别", "Kind"), L(r, "整改后", "After the fix"), L(r, "发现时", "At the finding"),
                   L(r, "照片", "Photo"), L(r, "上传", "Upload"));
    }
    if (h.is_open && manage) {
        buf_printf(b, "<h2>%s</h2>\n<form method=\"post\" action=\"/hazards/%lld/grade\" class=\"hazard-grade\">",
                   L(r, "评定等级", "Grade"), (long long)h.id);
        page_csrf_field(r);
        buf_printf(b,
                   "<label for=\"likelihood\">%s</label><input id=\"likelihood\" name=\"likelihood\" type=\"number\" "
                   "min=\"1\" max=\"5\" value=\"%d\" required>"
                   "<label for=\"consequence\">%s</label><input id=\"consequence\" name=\"consequence\" type=\"number\" "
                   "min=\"1\" max=\"5\" value=\"%d\" required>"
                   "<label for=\"reason\">%s</label><input id=\"reason\" name=\"reason\" maxlength=\"500\" required>"
                   "<button type=\"submit\">%s</button></form>\n",
                   L(r, "可能性（1-5）", "Likelihood (1-5)"), h.likelihood, L(r, "后果严重程度（1-5）", "Consequence (1-5)"),
                   h.consequence, L(r, "调整理由", "Reason"), L(r, "保存等级", "Save the grade"));
        buf_printf(b, "<h2>%s</h2>\n<form method=\"post\" action=\"/hazards/%lld/close\" class=\"hazard-close\">",
                   L(r, "整改销号", "Close"), (long long)h.id);
        page_csrf_field(r);
        buf_printf(b,
                   "<label for=\"note\">%s</label><textarea id=\"note\" name=\"note\" rows=\"2\" required></textarea>"
                   "<label for=\"evidence\">%s</label><input id=\"evidence\" name=\"evidence\" maxlength=\"500\">"
                   "<fieldset><legend>%s</legend>"
                   "<label for=\"residual_likelihood\">%s</label><input id=\"residual_likelihood\" "
                   "name=\"residual_likelihood\" type=\"number\" min=\"1\" max=\"5\">"
                   "<label for=\"residual_consequence\">%s</label><input id=\"residual_consequence\" "
                   "name=\"residual_consequence\" type=\"number\" min=\"1\" max=\"5\"></fieldset>"
                   "<button type=\"submit\">%s</button></form>\n",
                   L(r, "整改情况", "What was done"), L(r, "其他证据（可不填）", "Other evidence (optional)"),
                   L(r, "整改后剩余风险（可不填）", "Residual risk (optional)"), L(r, "可能性", "Likelihood"),
                   L(r, "后果", "Consequence"), L(r, "销号", "Close"));
        if (h.grade == GRADE_RED)
            buf_printf(b, "<p class=\"muted\">%s</p>\n",
                       L(r, "红色隐患须先上传整改后的照片才能销号。", "A red hazard closes on a photo of the fix."));
    }
    if (!h.is_open && manage && h.residual_grade[0] && !h.accepted_at) {
        buf_printf(b, "<h2>%s</h2>\n<form method=\"post\" action=\"/hazards/%lld/accept\" class=\"hazard-accept\">",
                   L(r, "确认剩余风险", "Accept the residual risk"), (long long)h.id);
        page_csrf_field(r);
        buf_printf(b,
                   "<label for=\"accept_note\">%s</label><textarea id=\"accept_note\" name=\"note\" rows=\"2\" "
                   "required></textarea><button type=\"submit\">%s</button></form>\n",
                   L(r, "委员会意见", "The committee's note"), L(r, "确认", "Accept"));
    }
    page_end(r);
}

/* The hazard of a page form's path that c->who manages (manage) or reports on; replies itself. */
static bool form_hazard_or_reply(Req *r, Hazard *h, bool manage)
{
    bool full;
    if (!safety_hazard_load_or_reply(r, h, &full))
        return false;
    Ctx c = site_ctx(r);
    SafetyErr e;
    if (manage ? !safety_may_manage(&c, h->node_path, &e) : !safety_may_report(&c, h->node_path, &e)) {
        safety_err_reply(r, &e);
        return false;
    }
    return true;
}

static void back_to_hazard(Req *r, int64_t id)
{
    resp_redirect(r, arena_printf(r->arena, "/hazards/%lld", (long long)id));
}

void page_hazard_grade_post(Req *r)
{
    Hazard h;
    int64_t l, k;
    if (!form_hazard_or_reply(r, &h, true) || !req_form_int_or_reply(r, "likelihood", INT32_MIN, INT32_MAX, 0, &l) ||
        !req_form_int_or_reply(r, "consequence", INT32_MIN, INT32_MAX, 0, &k))
        return;
    Ctx c = site_ctx(r);
    SafetyErr e;
    const char *reason = req_form_trim(r, "reason");
    if (!safety_hazard_regrade(&c, &h, (int)l, (int)k, reason ? reason : "", &e)) {
        safety_err_reply(r, &e);
        return;
    }
    back_to_hazard(r, h.id);
}

void page_hazard_photo_post(Req *r)
{
    Hazard h;
    if (!form_hazard_or_reply(r, &h, false))
        return;
    Ctx c = site_ctx(r);
    SafetyErr e;
    const char *kind = req_form_trim(r, "kind");
    int saved = 0;
    for (int i = 0; i < r->n_uploads; i++) {
        if (r->uploads[i].len == 0)
            continue;
        if (!safety_hazard_photo_save(&c, &h, kind ? kind : "found", r->uploads[i].data, r->uploads[i].len, NULL, &e)) {
            safety_err_reply(r, &e);
            return;
        }
        saved++;
    }
    if (!saved) {
        reply_error(r, 400, "missing_field", "photo", "没有收到照片", "No photo was sent");
        return;
    }
    back_to_hazard(r, h.id);
}

void page_hazard_close_post(Req *r)
{
    Hazard h;
    int64_t rl, rc;
    if (!form_hazard_or_reply(r, &h, true) ||
        !req_form_int_or_reply(r, "residual_likelihood", INT32_MIN, INT32_MAX, 0, &rl) ||
        !req_form_int_or_reply(r, "residual_consequence", INT32_MIN, INT32_MAX, 0, &rc))
        return;
    Ctx c = site_ctx(r);
    SafetyErr e;
    if ((rl == 0) != (rc == 0)) {
        safety_err(&e, SM_BAD_SCALE, rl == 0 ? "residual_likelihood" : "residual_consequence");
        safety_err_reply(r, &e);
        return;
    }
    const char *note = req_form_trim(r, "note"), *evidence = req_form_trim(r, "evidence");
    HazardClosing in = {note ? note : "", evidence ? evidence : "", "", (int)rl, (int)rc};
    if (!safety_hazard_close(&c, &h, &in, &e)) {
        safety_err_reply(r, &e);
        return;
    }
    back_to_hazard(r, h.id);
}

void page_hazard_accept_post(Req *r)
{
    Hazard h;
    if (!form_hazard_or_reply(r, &h, true))
        return;
    Ctx c = site_ctx(r);
    SafetyErr e;
    const char *note = req_form_trim(r, "note");
    if (!safety_hazard_accept(&c, &h, note ? note : "", &e)) {
        safety_err_reply(r, &e);
        return;
    }
    back_to_hazard(r, h.id);
}

/* The route and point of /patrol/{route}/{point}, which c->who patrols; replies itself. */
static bool point_or_reply(Req *r, PatrolRoute *rt, const PatrolPoint **p)
{
    int64_t route, point;
    if (!req_param_id_or_reply(r, "route", &route) || !req_param_id_or_reply(r, "point", &point))
        return false;
    Ctx c = site_ctx(r);
    SafetyErr e;
    bool found;
    if (!safety_route_get(&c, route, rt, &found, &e)) {
        safety_err_reply(r, &e);
        return false;
    }
    *p = NULL;
    for (int i = 0; found && i < rt->n_points; i++)
        if (rt->points[i].id == point)
            *p = &rt->points[i];
    if (!*p || !safety_may_see_register(&c, rt->node_path)) {
        safety_err(&e, SM_NO_SUCH_ROUTE, NULL);
        safety_err_reply(r, &e);
        return false;
    }
    return true;
}

void page_patrol_point(Req *r)
{
    PatrolRoute rt;
    const PatrolPoint *p;
    if (!point_or_reply(r, &rt, &p))
        return;
    const char *code = req_query(r, "c");
    page_begin(r, L(r, "巡查打卡", "Patrol check-in"));
    Buf *b = &r->out;
    buf_printf(b, "<h1>%h</h1>\n<p class=\"big\">%h %h</p>\n", rt.name, p->name, p->place_text);
    buf_printf(b, "<form method=\"post\" action=\"/patrol/%lld/%lld\" class=\"checkin\">", (long long)rt.id,
               (long long)p->id);
    page_csrf_field(r);
    if (code)
        buf_printf(b, "<input type=\"hidden\" name=\"code\" value=\"%h\">", code);
    buf_printf(b,
               "<input type=\"hidden\" name=\"device_time\" value=\"0\" id=\"device_time\">"
               "<label for=\"note\">%s</label><textarea id=\"note\" name=\"note\" rows=\"2\"></textarea>"
               "<label for=\"finding\">%s</label><input id=\"finding\" name=\"finding_title\" maxlength=\"60\">"
               "<button type=\"submit\" class=\"big\">%s</button></form>\n",
               L(r, "情况说明（可不填）", "Note (optional)"), L(r, "发现隐患（可不填）", "Hazard found (optional)"),
               code ? L(r, "扫码打卡", "Check in (scanned)") : L(r, "到点打卡", "Check in"));
    page_end(r);
}

void page_patrol_point_post(Req *r)
{
    PatrolRoute rt;
    const PatrolPoint *p;
    if (!point_or_reply(r, &rt, &p))
        return;
    Ctx c = site_ctx(r);
    SafetyErr e;
    if (!safety_may_report(&c, rt.node_path, &e)) {
        safety_err_reply(r, &e);
        return;
    }
    const char *code = req_form_trim(r, "code"), *note = req_form_trim(r, "note"),
               *finding = req_form_trim(r, "finding_title");
    CheckinInput in = {p->id, code && code[0] ? "scan" : "tap", code, 0, note ? note : ""};
    int64_t id, hazard = 0;
    bool flagged;
    if (!safety_checkin(&c, &rt, &in, &id, &flagged, &e)) {
        safety_err_reply(r, &e);
        return;
    }
    if (finding && finding[0]) {
        /* a finding from the phone is graded by the manager later: recorded as likely and serious (yellow) */
        HazardInput h = {p->compound_id, finding, in.note, p->place_text[0] ? p->place_text : p->name, "", "patrol",
                         3, 3, false};
        if (!safety_hazard_create(&c, &h, &hazard, &e) || !safety_checkin_finding(&c, id, hazard, &e)) {
            safety_err_reply(r, &e);
            return;
        }
    }
    page_begin(r, L(r, "已打卡", "Checked in"));
    buf_printf(&r->out, "<h1>%s</h1>\n<p class=\"big\">%h · %s</p>\n", L(r, "打卡成功", "Checked in"), p->name,
               when(r, c.now));
    if (hazard)
        buf_printf(&r->out, "<p><a href=\"/hazards/%lld\">%s</a></p>\n", (long long)hazard,
                   L(r, "查看登记的隐患", "The hazard recorded"));
    buf_printf(&r->out, "<p><a href=\"/patrol-routes/%lld\">%s</a></p>\n", (long long)rt.id,
               L(r, "本路线今日巡查", "Today's rounds"));
    page_end(r);
}

void page_patrol_route(Req *r)
{
    int64_t id, day_start;
    char day[16];
    if (!req_param_id_or_reply(r, "id", &id))
        return;
    Ctx c = site_ctx(r);
    SafetyErr e;
    PatrolRoute rt;
    bool found;
    if (!safety_route_get(&c, id, &rt, &found, &e)) {
        safety_err_reply(r, &e);
        return;
    }
    if (!found || !safety_may_see_register(&c, rt.node_path)) {
        safety_err(&e, SM_NO_SUCH_ROUTE, NULL);
        safety_err_reply(r, &e);
        return;
    }
    if (!safety_day_param_or_reply(r, c.now, &day_start, day))
        return;
    PatrolRound rounds[SLOT__COUNT];
    if (!safety_route_day(&c, &rt, day_start, rounds, &e)) {
        safety_err_reply(r, &e);
        return;
    }
    page_begin(r, rt.name);
    Buf *b = &r->out;
    buf_printf(b, "<h1>%h</h1>\n<p>%h</p>\n", rt.name, day);
    for (int s = 0; s < SLOT__COUNT; s++) {
        const PatrolRound *o = &rounds[s];
        buf_printf(b, "<h2>%s：%s</h2>\n<ul class=\"cards\">\n", safety_slot_label_zh(o->slot),
                   safety_round_state_label_zh(o->state));
        for (int i = 0; i < rt.n_points; i++) {
            bool skipped = false;
            for (int k = 0; k < o->n_skipped; k++)
                skipped = skipped || o->skipped[k] == i;
            buf_printf(b, "<li>%h ", rt.points[i].name);
            if (o->done[i])
                buf_printf(b, "✓ %s%s", when(r, o->at[i]) + 11, o->flagged[i] ? L(r, "（时间存疑）", " (clock flagged)") : "");
            else if (skipped)
                buf_printf(b, "<strong>%s</strong>", L(r, "漏巡", "skipped"));
            else
                buf_printf(b, "<a href=\"/patrol/%lld/%lld\">%s</a>", (long long)rt.id, (long long)rt.points[i].id,
                           L(r, "去打卡", "Check in"));
            buf_puts(b, "</li>\n");
        }
        buf_puts(b, "</ul>\n");
    }
    page_end(r);
}

void page_disputes(Req *r)
{
    const char *path, *name;
    int64_t compound, after;
    if (!compound_or_reply(r, &path, &name, &compound) || !req_query_int_or_reply(r, "after", 0, 0, INT64_MAX, &after))
        return;
    Ctx c = site_ctx(r);
    bool all = perm_allows(c.who, PERM_DISPUTE_MEDIATE, path);
    Dispute *items = arena_alloc(r->arena, sizeof(Dispute) * (PAGE_MAX + 1));
    int n = safety_disputes_page(&c, compound, !all, after, items, PAGE_MAX + 1);
    if (n < 0) {
        reply_storage_error(r);
        return;
    }
    page_begin(r, L(r, "矛盾化解", "Disputes"));
    Buf *b = &r->out;
    buf_printf(b, "<p class=\"breadcrumb\"><a href=\"/safety\">%s</a></p>\n<h1>%h %s</h1>\n<ul class=\"cards\">\n",
               L(r, "平安", "Safety"), name, all ? L(r, "矛盾化解", "disputes") : L(r, "联调结果公开", "published outcomes"));
    static const char *const tiers[] = {"", "院内调解", "专业调解", "多方联调"};
    for (int i = 0; i < n && i < PAGE_MAX; i++) {
        const Dispute *d = &items[i];
        buf_printf(b, "<li><a href=\"/disputes/%lld\"><strong>%h</strong></a> <span class=\"badge\">%s</span>",
                   (long long)d->id, d->title, d->tier >= 1 && d->tier <= 3 ? tiers[d->tier] : "");
        if (d->published)
            buf_printf(b, "<br>%h", d->outcome);
        buf_puts(b, "</li>\n");
    }
    if (n == 0)
        buf_printf(b, "<li>%s</li>\n", L(r, "暂无", "None"));
    buf_puts(b, "</ul>\n");
    page_end(r);
}
