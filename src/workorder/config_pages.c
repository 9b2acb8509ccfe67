/* config_pages.c: the configuration of work orders as pages, for staff with
 * PERM_WO_CONFIG: the categories with the SLA policy that applies to each,
 * the policies (response / on-site / resolution / meeting / confirm minutes
 * per class, emergencies included, on a working calendar or around the
 * clock), the working calendars with holidays and make-up working days, the
 * escalation ladder and the community switches. The forms go through the
 * same functions as the JSON API (config.c): same checks, same audit. */
#include "workorder/web_int.h"

#include <stdlib.h>
#include <string.h>

#include "site/site.h"
#include "core/clock.h"
#include "grid/web.h"
#include "site/page.h"

/* Minutes and ids typed in the configuration forms: whole, never negative. */
#define WO_FORM_INT_MAX INT64_C(1000000000000)

static void saved_redirect(Req *r, int64_t community, const char *anchor)
{
    resp_redirect(r, arena_printf(r->arena, "/workorders/config?community=%lld&saved=1#%s", (long long)community,
                                  anchor));
}

/* ---- the page ------------------------------------------------------------------------------ */

static void minutes_cell(Buf *b, DbStmt *st, int col)
{
    char zh[48];
    if (db_col_null(st, col)) {
        buf_puts(b, "—");
        return;
    }
    wo_minutes_zh(db_col_int(st, col), zh);
    buf_printf(b, "%h", zh);
}

static const char *calendar_label(Req *r, DbStmt *st, int col)
{
    return db_col_null(st, col) ? L(r, "全天（24 小时）", "around the clock") : db_col_text(st, col);
}

/* A duration field: a number and its unit (天 / 小时 / 分钟), shown in the
 * largest unit that holds the value whole; posted as name and name_unit
 * (duration_or_reply). */
static void number_input(Req *r, const char *name, const char *zh, const char *en, int64_t value, bool required)
{
    const char *unit = value > 0 && value % 1440 == 0 ? "day" : value > 0 && value % 60 == 0 ? "hour" : "minute";
    int64_t shown = strcmp(unit, "day") == 0 ? value / 1440 : strcmp(unit, "hour") == 0 ? value / 60 : value;
    buf_printf(&r->out, "<label class=\"duration\">%h<span class=\"duration-fields\"><input name=\"%s\" inputmode=\"numeric\" "
                        "pattern=\"[0-9]*\"%s",
               L(r, zh, en), name, required ? " required" : "");
    if (value > 0)
        buf_printf(&r->out, " value=\"%lld\"", (long long)shown);
    buf_printf(&r->out, "><select name=\"%s_unit\" aria-label=\"%s\">", name, L(r, "单位", "unit"));
    static const char *const units[] = {"day", "hour", "minute"};
    static const char *const units_zh[] = {"天", "小时", "分钟"};
    for (int i = 0; i < 3; i++)
        buf_printf(&r->out, "<option value=\"%s\"%s>%s</option>", units[i], strcmp(unit, units[i]) == 0 ? " selected" : "",
                   L(r, units_zh[i], units[i]));
    buf_puts(&r->out, "</select></span></label>\n");
}

/* A duration posted by number_input, in minutes (0 when empty). */
static bool duration_or_reply(Req *r, const char *name, int64_t *out)
{
    int64_t v;
    if (!req_form_int_or_reply(r, name, 0, WO_FORM_INT_MAX, 0, &v))
        return false;
    const char *unit_field = arena_printf(r->arena, "%s_unit", name);
    if (!wo_minutes_from(v, req_form(r, unit_field), WO_FORM_INT_MAX, out)) {
        reply_error(r, 400, "bad_param", unit_field, "时间单位只能是天、小时或分钟，且时长不能过长",
                    "The unit is day, hour or minute, and the duration must not be too long");
        return false;
    }
    return true;
}

static void sla_section(Req *r, const NodeInfo *c)
{
    Buf *b = &r->out;
    buf_printf(b, "<section id=\"sla\"><h2>%s</h2>\n<p>%s</p>\n", L(r, "问题类别与时限规则", "Categories and deadlines"),
               L(r, "时限可按天、小时或分钟填写。本社区的规则优先于默认规则；同一类别的规则优先于整个分类的规则。"
                    "“紧急”分类即紧急情况下的时限。",
                 "Minutes (1440 = one day). This community's rules come before the defaults; a category's rule "
                 "before its class's. The emergency class holds the emergency deadlines."));
    /* every category with the policy that applies to it here (the same order as the SLA lookup) */
    buf_printf(b,
               "<div class=\"table-wrap\"><table class=\"cards wo-categories\"><thead><tr><th>%s</th><th>%s</th>"
               "<th>%s</th><th>%s</th><th>%s</th><th>%s</th><th>%s</th><th>%s</th><th>%s</th></tr></thead><tbody>\n",
               L(r, "类别", "Category"), L(r, "默认分类", "Class"), L(r, "响应", "Response"), L(r, "到场", "On site"),
               L(r, "办结", "Resolve"), L(r, "协调会", "Meeting"), L(r, "确认期", "Confirm"), L(r, "日历", "Calendar"),
               L(r, "来源", "Rule"));
    DbStmt *cats = db_query(r->db, "SELECT id, code, name, name_en, default_class, contracted FROM wo_category "
                                   "WHERE active = 1 ORDER BY sort, id");
    typedef struct {
        int64_t id;
        const char *code, *name, *cls;
        bool contracted;
    } Cat;
    Cat list[64];
    int n = 0;
    while (db_step(cats) == DB_ROW && n < 64) {
        list[n].id = db_col_int(cats, 0);
        list[n].code = arena_strdup(r->arena, db_col_text(cats, 1));
        list[n].name = arena_strdup(r->arena, L(r, db_col_text(cats, 2), db_col_text(cats, 3)));
        list[n].cls = arena_strdup(r->arena, db_col_text(cats, 4));
        list[n].contracted = db_col_int(cats, 5) != 0;
        n++;
    }
    if (!db_done(cats)) {
        reply_storage_error(r);
        return;
    }
    for (int i = 0; i < n; i++) {
        DbStmt *st = db_query(
            r->db,
            "SELECT p.response_minutes, p.onsite_minutes, p.resolve_minutes, p.meeting_minutes, p.confirm_minutes, "
            "k.name, p.community_id, p.category_id FROM wo_sla_policy p LEFT JOIN wo_calendar k ON k.id = p.calendar_id "
            "WHERE p.class = ? AND (p.community_id = ? OR p.community_id IS NULL) AND (p.category_id = ? OR "
            "p.category_id IS NULL) ORDER BY CASE WHEN p.community_id IS NULL THEN 1 ELSE 0 END, "
            "CASE WHEN p.category_id IS NULL THEN 1 ELSE 0 END, p.id DESC LIMIT 1",
            DB_T(list[i].cls), DB_I(c->id), DB_I(list[i].id));
        buf_printf(b, "<tr data-category=\"%h\"><td data-label=\"%s\">%h%s</td><td data-label=\"%s\">%h</td>",
                   list[i].code, L(r, "类别", "Category"), list[i].name,
                   list[i].contracted ? L(r, "（需上门维修）", " (repair on site)") : "", L(r, "默认分类", "Class"),
                   L(r, wo_class_label_zh(list[i].cls), list[i].cls));
        if (db_step(st) == DB_ROW) {
            static const char *const zh[] = {"响应", "到场", "办结", "协调会", "确认期"};
            static const char *const en[] = {"Response", "On site", "Resolve", "Meeting", "Confirm"};
            for (int k = 0; k < 5; k++) {
                buf_printf(b, "<td class=\"num\" data-label=\"%s\">", L(r, zh[k], en[k]));
                minutes_cell(b, st, k);
                buf_puts(b, "</td>");
            }
            buf_printf(b, "<td data-label=\"%s\">%h</td><td data-label=\"%s\">%s</td>", L(r, "日历", "Calendar"),
                       calendar_label(r, st, 5), L(r, "来源", "Rule"),
                       db_col_null(st, 6)   ? L(r, "默认", "default")
                       : db_col_null(st, 7) ? L(r, "本社区·整个分类", "community, class")
                                            : L(r, "本社区·本类别", "community, category"));
        } else {
            buf_printf(b, "<td colspan=\"7\">%s</td>", L(r, "没有适用的规则", "no rule applies"));
        }
        if (!db_done(st)) {
            reply_storage_error(r);
            return;
        }
        buf_puts(b, "</tr>\n");
    }
    buf_puts(b, "</tbody></table></div>\n");

    /* the form: one rule of this community */
    buf_printf(b, "<form class=\"wo-config\" method=\"post\" action=\"/workorders/config/sla\">\n<h3>%s</h3>\n",
               L(r, "设置本社区的时限规则", "Set a rule for this community"));
    page_csrf_field(r);
    buf_printf(b, "<input type=\"hidden\" name=\"community_id\" value=\"%lld\">\n", (long long)c->id);
    buf_printf(b, "<label>%s<select name=\"category\"><option value=\"\">%s</option>\n", L(r, "类别", "Category"),
               L(r, "该分类的全部类别", "every category of the class"));
    for (int i = 0; i < n; i++)
        buf_printf(b, "<option value=\"%h\">%h</option>\n", list[i].code, list[i].name);
    buf_printf(b,
               "</select></label>\n<label>%s<select name=\"class\"><option value=\"routine\">%s</option>"
               "<option value=\"emergency\">%s</option><option value=\"complex\">%s</option></select></label>\n",
               L(r, "分类", "Class"), L(r, "一般", "routine"), L(r, "紧急", "emergency"),
               L(r, "复杂/群体", "complex or group"));
    number_input(r, "response_minutes", "响应时限", "Response (minutes)", 1440, true);
    number_input(r, "onsite_minutes", "到场时限（可空）", "On site (minutes, optional)", 2880, false);
    number_input(r, "resolve_minutes", "办结时限", "Resolution (minutes)", 10080, true);
    number_input(r, "meeting_minutes", "协调会时限（复杂事项，可空）", "Meeting (minutes, complex, optional)", 0,
                 false);
    number_input(r, "confirm_minutes", "报事人确认期（可空为 7 天）", "Reporter's confirm window (minutes)", 10080,
                 false);
    buf_printf(b, "<label>%s<select name=\"calendar_id\"><option value=\"\">%s</option>\n",
               L(r, "计时方式", "Clock"), L(r, "全天（24 小时）", "around the clock (24 h)"));
    DbStmt *st = db_query(r->db, "SELECT id, name FROM wo_calendar ORDER BY id");
    while (db_step(st) == DB_ROW)
        buf_printf(b, "<option value=\"%lld\">%s%h</option>\n", (long long)db_col_int(st, 0),
                   L(r, "工作时间：", "working hours: "), db_col_text(st, 1));
    if (!db_done(st)) {
        reply_storage_error(r);
        return;
    }
    buf_printf(b, "</select></label>\n<p><button type=\"submit\" class=\"primary\">%s</button></p>\n</form>\n</section>\n",
               L(r, "保存时限规则", "Save the rule"));
}

static void calendar_section(Req *r, const NodeInfo *c)
{
    Buf *b = &r->out;
    static const char *const days_zh[] = {"周一", "周二", "周三", "周四", "周五", "周六", "周日"};
    static const char *const days_en[] = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};
    buf_printf(b, "<section id=\"calendars\"><h2>%s</h2>\n<p>%s</p>\n", L(r, "工作日历", "Working calendars"),
               L(r, "时限规则选用日历时，只在工作时间内计时；法定假日不计，调休工作日按周一的工作时间计。",
                 "A rule on a calendar counts working time only: holidays do not count, make-up working days count "
                 "Monday's hours."));
    DbStmt *st = db_query(r->db, "SELECT id, name, week FROM wo_calendar ORDER BY id");
    typedef struct {
        int64_t id;
        const char *name, *week;
    } Cal;
    Cal cals[64];
    int n = 0;
    while (db_step(st) == DB_ROW && n < 64) {
        cals[n].id = db_col_int(st, 0);
        cals[n].name = arena_strdup(r->arena, db_col_text(st, 1));
        cals[n].week = arena_strdup(r->arena, db_col_text(st, 2));
        n++;
    }
    if (!db_done(st)) {
        reply_storage_error(r);
        return;
    }
    if (!n)
        buf_printf(b, "<p>%s</p>\n", L(r, "还没有工作日历：所有时限全天计时。", "No calendar yet: every clock runs 24 h."));
    for (int i = 0; i < n; i++) {
        buf_printf(b, "<article class=\"calendar\" data-calendar=\"%lld\"><h3>%h</h3>\n<p>", (long long)cals[i].id,
                   cals[i].name);
        const char *p = cals[i].week;
        for (int d = 0; d < 7; d++) {
            const char *e = strchr(p, ';');
            size_t len = e ? (size_t)(e - p) : strlen(p);
            buf_printf(b, "%s%s %h", d ? " · " : "", L(r, days_zh[d], days_en[d]),
                       len ? arena_strndup(r->arena, p, len) : L(r, "休息", "off"));
            p = e ? e + 1 : p + len;
        }
        buf_puts(b, "</p>\n");
        DbStmt *ds = db_query(r->db, "SELECT day, kind, name FROM wo_calendar_day WHERE calendar_id = ? ORDER BY day",
                              DB_I(cals[i].id));
        int nd = 0;
        while (db_step(ds) == DB_ROW) {
            int d = (int)db_col_int(ds, 0);
            char *date = arena_printf(r->arena, "%04d-%02d-%02d", d / 10000, d / 100 % 100, d % 100);
            bool hol = strcmp(db_col_text(ds, 1), "holiday") == 0;
            if (nd++ == 0)
                buf_printf(b,
                           "<div class=\"table-wrap\"><table class=\"cards calendar-days\"><thead><tr><th>%s</th>"
                           "<th>%s</th><th>%s</th><th></th></tr></thead><tbody>\n",
                           L(r, "日期", "Date"), L(r, "类型", "Kind"), L(r, "名称", "Name"));
            buf_printf(b,
                       "<tr><td data-label=\"%s\">%h</td><td data-label=\"%s\">%s</td><td data-label=\"%s\">%h</td><td>"
                       "<form method=\"post\" action=\"/workorders/config/calendar-day\">",
                       L(r, "日期", "Date"), date, L(r, "类型", "Kind"), hol ? L(r, "假日", "holiday") : L(r, "调休上班", "workday"),
                       L(r, "名称", "Name"), db_col_text(ds, 2));
            page_csrf_field(r);
            buf_printf(b,
                       "<input type=\"hidden\" name=\"community_id\" value=\"%lld\"><input type=\"hidden\" "
                       "name=\"calendar_id\" value=\"%lld\"><input type=\"hidden\" name=\"day\" value=\"%h\">"
                       "<input type=\"hidden\" name=\"remove\" value=\"1\"><button type=\"submit\">%s</button></form>"
                       "</td></tr>\n",
                       (long long)c->id, (long long)cals[i].id, date, L(r, "删除", "remove"));
        }
        if (!db_done(ds)) {
            reply_storage_error(r);
            return;
        }
        if (nd)
            buf_puts(b, "</tbody></table></div>\n");
        buf_puts(b, "<form class=\"wo-config\" method=\"post\" action=\"/workorders/config/calendar-day\">\n");
        page_csrf_field(r);
        buf_printf(b,
                   "<input type=\"hidden\" name=\"community_id\" value=\"%lld\"><input type=\"hidden\" "
                   "name=\"calendar_id\" value=\"%lld\">\n<label>%s<input name=\"day\" type=\"date\" required></label>\n"
                   "<label>%s<select name=\"kind\"><option value=\"holiday\">%s</option><option value=\"workday\">%s"
                   "</option></select></label>\n<label>%s<input name=\"name\" maxlength=\"50\"></label>\n"
                   "<p><button type=\"submit\">%s</button></p>\n</form>\n</article>\n",
                   (long long)c->id, (long long)cals[i].id, L(r, "日期", "Date"), L(r, "类型", "Kind"),
                   L(r, "法定假日（不计时）", "holiday (no work)"), L(r, "调休工作日", "make-up working day"),
                   L(r, "名称（可选，如 国庆节）", "Name (optional)"), L(r, "加入日历", "Add the day"));
    }
    buf_printf(b, "<form class=\"wo-config\" method=\"post\" action=\"/workorders/config/calendar\">\n<h3>%s</h3>\n",
               L(r, "新建工作日历", "New calendar"));
    page_csrf_field(r);
    buf_printf(b,
               "<input type=\"hidden\" name=\"community_id\" value=\"%lld\">\n<label>%s<input name=\"name\" "
               "maxlength=\"100\" required></label>\n<p class=\"small\">%s</p>\n",
               (long long)c->id, L(r, "名称", "Name"),
               L(r, "每天的工作时间，如 09:00-12:00,13:30-17:30；空着表示休息。",
                 "Each day's working hours, e.g. 09:00-12:00,13:30-17:30; empty for a day off."));
    for (int d = 0; d < 7; d++)
        buf_printf(b, "<label>%s<input name=\"day%d\" maxlength=\"70\"%s></label>\n", L(r, days_zh[d], days_en[d]), d,
                   d < 5 ? " value=\"09:00-12:00,13:30-17:30\"" : "");
    buf_printf(b,
               "<label>%s<textarea name=\"holidays\" rows=\"3\" placeholder=\"2026-10-01\"></textarea></label>\n"
               "<label>%s<textarea name=\"workdays\" rows=\"2\" placeholder=\"2026-10-11\"></textarea></label>\n"
               "<p><button type=\"submit\" class=\"primary\">%s</button></p>\n</form>\n</section>\n",
               L(r, "法定假日（每行一个日期，如 2026-10-01）", "Holidays (one YYYY-MM-DD a line)"),
               L(r, "调休工作日（每行一个日期）", "Make-up working days (one date a line)"),
               L(r, "创建日历", "Create the calendar"));
}

static void ladder_section(Req *r, const NodeInfo *c)
{
    Buf *b = &r->out;
    int64_t mins[3] = {0, 1440, 4320}, own = 0;
    if (!db_int(r->db, &own, "SELECT COUNT(*) FROM wo_escalation_step WHERE community_id = ?", DB_I(c->id))) {
        reply_storage_error(r);
        return;
    }
    DbStmt *st = own ? db_query(r->db,
                                "SELECT level, after_minutes FROM wo_escalation_step WHERE community_id = ? "
                                "ORDER BY level",
                                DB_I(c->id))
                     : db_query(r->db, "SELECT level, after_minutes FROM wo_escalation_step WHERE community_id IS "
                                       "NULL ORDER BY level");
    while (db_step(st) == DB_ROW) {
        int lv = (int)db_col_int(st, 0);
        if (lv >= 1 && lv <= 3)
            mins[lv - 1] = db_col_int(st, 1);
    }
    if (!db_done(st)) {
        reply_storage_error(r);
        return;
    }
    buf_printf(b,
               "<section id=\"ladder\"><h2>%s</h2>\n<p>%s %s</p>\n<form class=\"wo-config\" method=\"post\" "
               "action=\"/workorders/config/ladder\">\n",
               L(r, "督办层级", "Escalation ladder"),
               L(r, "工单超时后，按下列时间（超时后多久）逐级通知：网格长 → 社区 → 街道办。",
                 "After a deadline passes, each level is told this many minutes later: grid leader, community, "
                 "street office."),
               own ? L(r, "（本社区设置）", "(this community's)") : L(r, "（默认设置）", "(the default)"));
    page_csrf_field(r);
    buf_printf(b, "<input type=\"hidden\" name=\"community_id\" value=\"%lld\">\n", (long long)c->id);
    static const char *const zh[] = {"网格长", "社区", "街道办"};
    static const char *const en[] = {"Grid leader", "Community", "Street office"};
    static const char *const names[] = {"grid_after_minutes", "community_after_minutes", "street_after_minutes"};
    for (int i = 0; i < 3; i++)
        number_input(r, names[i], zh[i], en[i], mins[i], true);
    buf_printf(b, "<p><button type=\"submit\" class=\"primary\">%s</button></p>\n</form>\n</section>\n",
               L(r, "保存督办层级", "Save the ladder"));
}

static void settings_section(Req *r, const NodeInfo *c)
{
    Buf *b = &r->out;
    int64_t committee = 0, days = 0;
    DbStmt *st = db_query(r->db,
                          "SELECT committee_confirms, COALESCE(confirm_days, 0) FROM wo_community_setting "
                          "WHERE community_id = ?",
                          DB_I(c->id));
    if (db_step(st) == DB_ROW) {
        committee = db_col_int(st, 0);
        days = db_col_int(st, 1);
    }
    if (!db_done(st)) {
        reply_storage_error(r);
        return;
    }
    buf_printf(b,
               "<section id=\"settings\"><h2>%s</h2>\n<form class=\"wo-config\" method=\"post\" "
               "action=\"/workorders/config/settings\">\n",
               L(r, "结单设置", "Closing"));
    page_csrf_field(r);
    buf_printf(b,
               "<input type=\"hidden\" name=\"community_id\" value=\"%lld\">\n"
               "<label><input type=\"checkbox\" name=\"committee_confirms\" value=\"1\"%s> %s</label>\n"
               "<label>%s<input name=\"confirm_days\" inputmode=\"numeric\" pattern=\"[0-9]*\"",
               (long long)c->id, committee ? " checked" : "",
               L(r, "需要院委会确认：报事人确认后，再由本院落院委会确认（或说明原因退回）才结单",
                 "Committee confirmation: after the reporter confirms, the compound committee confirms (or reopens "
                 "with a reason) before the order closes"),
               L(r, "报事人未回复多少天后，工作人员可说明原因结单（1–365 天；空着则按时限规则的确认期）",
                 "Days without the reporter's answer after which staff may close with a reason (1-365; empty: the "
                 "rule's confirm window)"));
    if (days)
        buf_printf(b, " value=\"%lld\"", (long long)days);
    buf_printf(b, "></label>\n<p><button type=\"submit\" class=\"primary\">%s</button></p>\n</form>\n</section>\n",
               L(r, "保存结单设置", "Save"));
}

/* The communities the user configures: those under a grant with PERM_WO_CONFIG. */
static int community_options(Req *r, int64_t selected, int64_t *first)
{
    Buf *b = &r->out;
    int n = 0;
    *first = 0;
    for (int i = 0; i < r->who->n_grants; i++) {
        const Grant *g = &r->who->grants[i];
        if (!role_has(g->role, PERM_WO_CONFIG))
            continue;
        char hi[512];
        if (!grid_path_upper(g->node_path, hi, sizeof hi))
            continue;
        Ctx c = site_ctx(r);
        NodeList cs;
        if (grid_nodes_in(&c, g->node_path, GRID_KIND(NODE_COMMUNITY), 200, &cs) != GRID_OK)
            return -1;
        for (int k = 0; k < cs.n; k++) {
            int64_t id = cs.items[k].id;
            if (!*first)
                *first = id;
            if (b)
                buf_printf(b, "<option value=\"%lld\"%s>%h</option>\n", (long long)id, id == selected ? " selected" : "",
                           cs.items[k].name);
            n++;
        }
    }
    return n;
}

void page_wo_config(Req *r)
{
    if (!auth_require_or_reply(r, PERM_WO_CONFIG, NULL))
        return;
    int64_t cid;
    if (!req_query_int_or_reply(r, "community", 0, 0, INT64_MAX, &cid))
        return;
    if (!cid) {
        /* the first community in reach, found without writing the options yet */
        Buf saved = r->out;
        buf_init(&r->out);
        int found = community_options(r, 0, &cid);
        buf_free(&r->out);
        r->out = saved;
        if (found < 0) {
            reply_storage_error(r);
            return;
        }
    }
    if (!cid) {
        reply_error(r, 404, "not_found", "community", "您的范围内没有社区", "No community within your reach");
        return;
    }
    NodeInfo c;
    if (!grid_node_load_allowed_or_reply(r, cid, PERM_WO_CONFIG, &c))
        return;
    if (c.kind != NODE_COMMUNITY) {
        reply_error(r, 400, "bad_param", "community", "这个编号不是社区", "This id is not a community");
        return;
    }
    char *title = arena_printf(r->arena, "%s · %s", c.name, L(r, "工单设置", "work order settings"));
    page_begin(r, title);
    Buf *b = &r->out;
    buf_printf(b, "<h1>%h</h1>\n", title);
    const char *saved = req_query(r, "saved");
    if (saved && strcmp(saved, "1") == 0)
        buf_printf(b, "<p class=\"notice\" role=\"status\">%s</p>\n", L(r, "已保存，并已记入审计日志。", "Saved and audited."));
    buf_printf(b, "<form method=\"get\" action=\"/workorders/config\"><label>%s<select name=\"community\">\n",
               L(r, "社区", "Community"));
    int64_t first = 0;
    if (community_options(r, c.id, &first) < 0) {
        reply_storage_error(r);
        return;
    }
    buf_printf(b, "</select></label> <button type=\"submit\">%s</button></form>\n", L(r, "切换", "Switch"));
    buf_printf(b,
               "<p><a href=\"#settings\">%s</a> · <a href=\"#sla\">%s</a> · <a href=\"#calendars\">%s</a> · "
               "<a href=\"#ladder\">%s</a></p>\n",
               L(r, "结单设置", "Closing"), L(r, "时限规则", "Deadlines"), L(r, "工作日历", "Calendars"),
               L(r, "督办层级", "Escalation"));
    /* a section that cannot be read answers the error page instead */
    settings_section(r, &c);
    if (!r->failed)
        sla_section(r, &c);
    if (!r->failed)
        calendar_section(r, &c);
    if (!r->failed)
        ladder_section(r, &c);
    if (r->failed)
        return;
    buf_printf(b, "<p><a href=\"/workorders\">%s</a></p>\n", L(r, "返回工单", "Back to work orders"));
    page_end(r);
}

/* ---- the forms ------------------------------------------------------------------------------- */

static bool community_field_or_reply(Req *r, int64_t *cid)
{
    if (!req_form_int_or_reply(r, "community_id", 0, WO_FORM_INT_MAX, 0, cid))
        return false;
    if (!*cid) {
        reply_error(r, 400, "missing_field", "community_id", "请选择社区", "Choose a community");
        return false;
    }
    return true;
}

void page_wo_config_sla_post(Req *r)
{
    if (!auth_require_or_reply(r, PERM_WO_CONFIG, NULL))
        return;
    WoSlaIn in;
    memset(&in, 0, sizeof in);
    const char *cat = req_form_trim(r, "category");
    in.category = cat && *cat ? cat : NULL;
    in.cls = req_form_trim(r, "class");
    if (!community_field_or_reply(r, &in.community_id) || !duration_or_reply(r, "response_minutes", &in.response) ||
        !duration_or_reply(r, "onsite_minutes", &in.onsite) || !duration_or_reply(r, "resolve_minutes", &in.resolve) ||
        !duration_or_reply(r, "meeting_minutes", &in.meeting) || !duration_or_reply(r, "confirm_minutes", &in.confirm) || !req_form_int_or_reply(r, "calendar_id", 0, WO_FORM_INT_MAX, 0, &in.calendar_id))
        return;
    int64_t id;
    Ctx cx = site_ctx(r);
    WoErr e;
    if (!wo_cfg_sla_set(&cx, &in, &id, &e)) {
        wo_err_reply(r, &e);
        return;
    }
    saved_redirect(r, in.community_id, "sla");
}

/* Dates from a textarea: separated by lines, spaces or commas. */
static const char **split_dates(Req *r, const char *text, int *n)
{
    *n = 0;
    if (!text)
        return NULL;
    const char **out = arena_alloc(r->arena, sizeof *out * (strlen(text) / 2 + 1));
    const char *p = text;
    while (*p) {
        while (*p == ' ' || *p == '\n' || *p == '\r' || *p == '\t' || *p == ',' || *p == ';')
            p++;
        const char *s = p;
        while (*p && *p != ' ' && *p != '\n' && *p != '\r' && *p != '\t' && *p != ',' && *p != ';')
            p++;
        if (p > s)
            out[(*n)++] = arena_strndup(r->arena, s, (size_t)(p - s));
    }
    return out;
}

void page_wo_config_cal_post(Req *r)
{
    if (!auth_require_or_reply(r, PERM_WO_CONFIG, NULL))
        return;
    int64_t cid;
    if (!community_field_or_reply(r, &cid))
        return;
    Buf week = BUF_INIT;
    for (int d = 0; d < 7; d++) {
        char name[8] = "day0";
        name[3] = (char)('0' + d);
        const char *v = req_form_trim(r, name);
        /* spaces around the commas are forgiven */
        if (d)
            buf_putc(&week, ';');
        for (const char *p = v ? v : ""; *p; p++)
            if (*p != ' ')
                buf_putc(&week, *p == 0 ? ' ' : *p);
    }
    WoCalIn in;
    memset(&in, 0, sizeof in);
    in.name = req_form_trim(r, "name");
    in.week = arena_strdup(r->arena, buf_str(&week));
    buf_free(&week);
    in.holidays = split_dates(r, req_form_trim(r, "holidays"), &in.n_holidays);
    in.workdays = split_dates(r, req_form_trim(r, "workdays"), &in.n_workdays);
    int64_t id;
    Ctx cx = site_ctx(r);
    WoErr e;
    if (!wo_cfg_calendar_create(&cx, &in, &id, &e)) {
        wo_err_reply(r, &e);
        return;
    }
    saved_redirect(r, cid, "calendars");
}

void page_wo_config_day_post(Req *r)
{
    if (!auth_require_or_reply(r, PERM_WO_CONFIG, NULL))
        return;
    int64_t cid, cal;
    if (!community_field_or_reply(r, &cid) || !req_form_int_or_reply(r, "calendar_id", 0, WO_FORM_INT_MAX, 0, &cal))
        return;
    const char *remove = req_form_trim(r, "remove");
    Ctx cx = site_ctx(r);
    WoErr e;
    if (!wo_cfg_calendar_day(&cx, cal, req_form_trim(r, "day"), req_form_trim(r, "kind"), req_form_trim(r, "name"),
                             remove && strcmp(remove, "1") == 0, &e)) {
        wo_err_reply(r, &e);
        return;
    }
    saved_redirect(r, cid, "calendars");
}

void page_wo_config_ladder_post(Req *r)
{
    if (!auth_require_or_reply(r, PERM_WO_CONFIG, NULL))
        return;
    int64_t cid, g, c, s;
    if (!community_field_or_reply(r, &cid) || !duration_or_reply(r, "grid_after_minutes", &g) ||
        !duration_or_reply(r, "community_after_minutes", &c) || !duration_or_reply(r, "street_after_minutes", &s))
        return;
    Ctx cx = site_ctx(r);
    WoErr e;
    if (!wo_cfg_ladder_set(&cx, cid, g, c, s, &e)) {
        wo_err_reply(r, &e);
        return;
    }
    saved_redirect(r, cid, "ladder");
}

void page_wo_config_settings_post(Req *r)
{
    if (!auth_require_or_reply(r, PERM_WO_CONFIG, NULL))
        return;
    int64_t cid, days;
    if (!community_field_or_reply(r, &cid) || !req_form_int_or_reply(r, "confirm_days", 0, WO_FORM_INT_MAX, 0, &days))
        return;
    const char *committee = req_form_trim(r, "committee_confirms");
    if (days == 0 && req_form_trim(r, "confirm_days") && req_form_trim(r, "confirm_days")[0]) {
        reply_error(r, 400, "bad_value", "confirm_days", "报事人确认期限应为 1 到 365 天（留空则按时限规则）",
                    "confirm_days must be 1 to 365 (or empty for the SLA policy's window)");
        return;
    }
    Ctx cx = site_ctx(r);
    WoErr e;
    if (!wo_cfg_settings_set(&cx, cid, committee && strcmp(committee, "1") == 0, days, &e)) {
        wo_err_reply(r, &e);
        return;
    }
    saved_redirect(r, cid, "settings");
}
