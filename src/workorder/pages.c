/* pages.c: work orders as server-rendered pages: my reports and the scope's
 * list, the report form (with photos), one order with its timeline and the
 * actions the viewer may take, the compound's public page, and metrics. */
#include "workorder/web_int.h"

#include <stdlib.h>
#include <string.h>

#include "site/site.h"
#include "core/clock.h"
#include "grid/web.h"
#include "site/page.h"

static const char *state_label(Req *r, WoState s)
{
    return L(r, wo_state_label_zh(s), wo_state_name(s));
}

static void when(Buf *b, int64_t t)
{
    char s[20];
    if (!t) {
        buf_puts(b, "—");
        return;
    }
    clock_format_local(t, s);
    buf_printf(b, "%h", s);
}

/* The rows of a WO_ORDER_SELECT statement (at most 100: the pages' LIMITs)
 * with their places' names. False after replying a storage error. */
static bool orders_read(Req *r, DbStmt *st, WoOrder **out, int *n)
{
    int cap = 100, k = 0;
    WoOrder *rows = arena_alloc(r->arena, sizeof *rows * (size_t)cap);
    while (db_step(st) == DB_ROW)
        if (k < cap)
            wo_order_from_row(r->arena, st, &rows[k++]);
    Ctx c = site_ctx(r);
    if (!db_done(st) || !wo_orders_places(&c, rows, k)) {
        reply_storage_error(r);
        return false;
    }
    *out = rows;
    *n = k;
    return true;
}

/* Saves the uploaded photos of a page form against the event; replies on error. */
static bool save_uploads(Req *r, const WoOrder *o, int64_t event_id)
{
    int n = 0;
    for (int i = 0; i < r->n_uploads; i++) {
        if (r->uploads[i].len == 0)
            continue;
        if (++n > 6) {
            reply_error(r, 400, "too_many_photos", "photos", "每次最多上传 6 张照片", "At most 6 photos at a time");
            return false;
        }
        Ctx c = site_ctx(r);
        WoErr e;
        if (!wo_photo_save(&c, o, event_id, r->uploads[i].data, r->uploads[i].len, NULL, &e)) {
            wo_err_reply(r, &e);
            return false;
        }
    }
    return true;
}

/* ---- one order -------------------------------------------------------------------- */

static void action_form_begin(Req *r, const WoOrder *o, WoAction a, bool photos)
{
    buf_printf(&r->out,
               "<form class=\"wo-action\" method=\"post\" action=\"/workorders/%lld/act\"%s>\n"
               "<input type=\"hidden\" name=\"action\" value=\"%s\">\n<h3>%h</h3>\n",
               (long long)o->id, photos ? " enctype=\"multipart/form-data\"" : "", wo_action_name(a),
               L(r, wo_action_label_zh(a), wo_action_name(a)));
    page_csrf_field(r);
}

static void action_form_end(Req *r, WoAction a)
{
    buf_printf(&r->out, "<p><button type=\"submit\" name=\"go\" value=\"%s\">%h</button></p>\n</form>\n",
               wo_action_name(a), L(r, wo_action_label_zh(a), wo_action_name(a)));
}

static void note_field(Req *r, const char *label_zh, const char *label_en, bool required)
{
    buf_printf(&r->out, "<label>%h<textarea name=\"note\" rows=\"2\" maxlength=\"2000\"%s></textarea></label>\n",
               L(r, label_zh, label_en), required ? " required" : "");
}

static void action_forms(Req *r, const WoOrder *o, int caps)
{
    bool complex = o->cls && strcmp(o->cls, "complex") == 0;
    bool window = o->done_at && clock_now() >= o->done_at + o->confirm_minutes * 60;
    bool committee = wo_committee_required(r->db, o->community_id);
    int shown = 0;
    for (int ai = 0; ai < WO__ACT_COUNT; ai++) {
        WoAction a = (WoAction)ai;
        if (wo_decide_ex(o->state, a, caps, complex, window, committee).refusal != WO_OK)
            continue;
        if (shown++ == 0)
            buf_printf(&r->out, "<section class=\"wo-actions\"><h2>%s</h2>\n", L(r, "办理", "Actions"));
        switch (a) {
        case WO_ACT_ACCEPT:
            action_form_begin(r, o, a, false);
            buf_printf(&r->out,
                       "<label>%s<select name=\"class\"><option value=\"routine\"%s>一般</option>"
                       "<option value=\"emergency\"%s>紧急</option><option value=\"complex\"%s>复杂/群体</option>"
                       "</select></label>\n",
                       L(r, "分类", "Class"), strcmp(o->cls, "routine") == 0 ? " selected" : "",
                       strcmp(o->cls, "emergency") == 0 ? " selected" : "", complex ? " selected" : "");
            break;
        case WO_ACT_DISPATCH:
            action_form_begin(r, o, a, false);
            if (!wo_dispatch_fields(r, o)) /* dispatch_pages.c */
                return;
            break;
        case WO_ACT_MEETING:
            action_form_begin(r, o, a, false);
            note_field(r, "协调会纪要", "Minutes of the meeting", true);
            break;
        case WO_ACT_PROGRESS:
        case WO_ACT_DONE:
            action_form_begin(r, o, a, true);
            note_field(r, a == WO_ACT_DONE ? "办结说明" : "进展说明", a == WO_ACT_DONE ? "What was done" : "Progress",
                       a == WO_ACT_PROGRESS);
            buf_printf(&r->out,
                       "<label>%s<input name=\"photos\" type=\"file\" accept=\"image/*\" capture=\"environment\" "
                       "multiple></label>\n",
                       L(r, "照片", "Photos"));
            break;
        case WO_ACT_CONFIRM:
            action_form_begin(r, o, a, false);
            buf_printf(&r->out, "<fieldset class=\"rating\"><legend>%s</legend>\n", L(r, "满意度评分", "Rating"));
            for (int s = 5; s >= 1; s--)
                buf_printf(&r->out,
                           "<label><input type=\"radio\" name=\"rating\" value=\"%d\" required> %d %s</label>\n", s, s,
                           L(r, "星", "stars"));
            buf_puts(&r->out, "</fieldset>\n");
            note_field(r, "评价（可选）", "Comment (optional)", false);
            if (committee)
                buf_printf(&r->out, "<p class=\"small\">%s</p>\n",
                           L(r, "本社区要求院委会在您确认后再确认，之后才结单。",
                             "In this community the compound committee confirms after you; then the order closes."));
            break;
        case WO_ACT_COMMITTEE_CONFIRM:
            action_form_begin(r, o, a, false);
            buf_printf(&r->out, "<p>%s</p>\n",
                       L(r, "报事人已确认并评分。院委会核实后确认，工单即结单。",
                         "The reporter has confirmed and rated the fix. Once the committee confirms, the order closes."));
            note_field(r, "核实情况（可选）", "What the committee found (optional)", false);
            break;
        case WO_ACT_COMMITTEE_REJECT:
            action_form_begin(r, o, a, false);
            note_field(r, "退回原因", "Why it is not accepted", true);
            break;
        case WO_ACT_REJECT:
            action_form_begin(r, o, a, false);
            note_field(r, "哪里没有解决好", "What is still wrong", true);
            break;
        case WO_ACT_CLOSE:
        case WO_ACT_HIDE:
            action_form_begin(r, o, a, false);
            note_field(r, "原因", "Reason", true);
            break;
        case WO_ACT_MERGE:
            action_form_begin(r, o, a, false);
            buf_printf(&r->out, "<label>%s<input name=\"merge_into\" inputmode=\"numeric\" required></label>\n",
                       L(r, "合并到工单号", "Merge into order no."));
            break;
        default:
            continue;
        }
        action_form_end(r, a);
    }
    if (shown)
        buf_puts(&r->out, "</section>\n");
}

/* Complex or group matters: the coordination meetings linked to the order
 * (as the votes capability told workorder, wo_meetings_of_order), and for
 * staff who may hold one, the link to the votes capability's meeting form
 * pre-filled for this order (its API writes the meeting, not this code). */
static void meeting_section(Req *r, const WoOrder *o, int caps)
{
    if (!o->cls || strcmp(o->cls, "complex") != 0)
        return;
    Buf *b = &r->out;
    buf_printf(b, "<section class=\"wo-meetings\"><h2>%s</h2>\n", L(r, "多方协调会", "Coordination meetings"));
    Ctx c = site_ctx(r);
    WoMeeting *ms;
    int n;
    if (!wo_meetings_of_order(&c, o->id, &ms, &n)) {
        reply_storage_error(r);
        return;
    }
    for (int i = 0; i < n; i++) {
        const char *status = ms[i].status;
        buf_printf(b, "%s<li><a href=\"/meetings/%lld\">%h</a> · ", i ? "" : "<ul class=\"meetings\">",
                   (long long)ms[i].meeting_id, ms[i].title);
        when(b, ms[i].starts_at);
        buf_printf(b, " · %h</li>\n",
                   strcmp(status, "planned") == 0 ? L(r, "待召开", "planned")
                   : strcmp(status, "held") == 0  ? L(r, "已召开", "held")
                                                  : L(r, "已公示", "published"));
    }
    if (n)
        buf_puts(b, "</ul>\n");
    else
        buf_printf(b, "<p>%s</p>\n", L(r, "还没有召开协调会。", "No meeting yet."));
    if (o->meeting_due && !o->meeting_at) {
        buf_printf(b, "<p>%s", L(r, "协调会应在此前召开：", "A meeting is due by "));
        when(b, o->meeting_due);
        buf_puts(b, "</p>\n");
    }
    /* the meeting itself is the votes capability's: its form, pre-filled for this order */
    if ((caps & WO_CAP_DISPATCHER) && wo_state_is_open(o->state) &&
        perm_allows(r->who, PERM_DELIB_MANAGE, o->node_path))
        buf_printf(b, "<p><a class=\"button primary\" href=\"/meetings/new?work_order=%lld\">%s</a></p>\n",
                   (long long)o->id, L(r, "发起多方协调会", "Open a coordination meeting"));
    buf_puts(b, "</section>\n");
}

void page_wo_view(Req *r)
{
    if (!auth_require_or_reply(r, PERM_LOGIN, NULL))
        return;
    WoOrder o;
    int caps;
    if (!wo_load_readable_or_reply(r, &o, &caps))
        return;
    /* free text as this reader may see it (phone and ID numbers masked outside the grid) */
    bool full = wo_text_in_full(r->who, &o);
    o.description = wo_text(r->arena, full, o.description);
    o.place_text = wo_text(r->arena, full, o.place_text);
    o.rating_comment = wo_text(r->arena, full, o.rating_comment);
    o.hidden_reason = wo_text(r->arena, full, o.hidden_reason);
    char *title = arena_printf(r->arena, "%s #%lld", L(r, "工单", "Order"), (long long)o.id);
    page_begin(r, title);
    Buf *b = &r->out;
    /* just reported: the number, who handles it and by when, first */
    const char *fresh = req_query(r, "new");
    if (fresh && strcmp(fresh, "1") == 0 && o.reporter_id == r->who->user_id) {
        wo_submitted_panel(r, &o);
        if (r->failed)
            return;
    }
    buf_printf(b, "<h1>%h · %h</h1>\n<p class=\"wo-state\" data-state=\"%s\"><strong>%h</strong>", title,
               L(r, o.category_name, o.category_name_en), wo_state_name(o.state), state_label(r, o.state));
    if (o.overdue && wo_state_is_open(o.state))
        buf_printf(b, " <span class=\"warning\">%s</span>", L(r, "已超时", "overdue"));
    buf_printf(b, " · %h</p>\n<p>%h</p>\n<dl class=\"wo-facts\">\n", L(r, wo_class_label_zh(o.cls), o.cls),
               o.description);
    buf_printf(b, "<dt>%s</dt><dd>%h %h %h</dd>\n", L(r, "地点", "Place"), o.compound_name,
               strcmp(o.place_kind, "compound") == 0 ? "" : o.place_name, o.place_text);
    buf_printf(b, "<dt>%s</dt><dd>", L(r, "上报", "Reported"));
    when(b, o.created_at);
    buf_printf(b, "</dd>\n<dt>%s</dt><dd>", L(r, "受理时限", "Respond by"));
    when(b, o.response_due);
    buf_printf(b, "</dd>\n<dt>%s</dt><dd>", L(r, "办结时限", "Resolve by"));
    when(b, o.resolve_due);
    buf_puts(b, "</dd>\n");
    if (o.onsite_due) {
        buf_printf(b, "<dt>%s</dt><dd>", L(r, "到场时限", "On site by"));
        when(b, o.onsite_due);
        buf_puts(b, "</dd>\n");
    }
    if (o.meeting_due) {
        buf_printf(b, "<dt>%s</dt><dd>", L(r, "协调会时限", "Meeting by"));
        when(b, o.meeting_due);
        buf_puts(b, "</dd>\n");
    }
    if (o.state == WO_DONE && o.done_at) {
        /* the reporter's time to answer; after it, staff may close with a reason */
        int64_t until = o.done_at + o.confirm_minutes * 60;
        buf_printf(b, "<dt>%s</dt><dd class=\"confirm-window\">", L(r, "报事人确认期限", "Reporter answers by"));
        when(b, until);
        buf_printf(b, " %s</dd>\n",
                   clock_now() >= until
                       ? L(r, "（已过期限，工作人员可说明原因结单）", "(passed: staff may close with a reason)")
                       : L(r, "（期限内只有报事人能确认或退回；逾期未回复，工作人员可说明原因结单）",
                           "(until then only the reporter confirms or rejects; after it staff may close with a reason)"));
    }
    if (o.state == WO_CONFIRMED_BY_REPORTER) {
        buf_printf(b, "<dt>%s</dt><dd class=\"awaiting-committee\">", L(r, "报事人已确认", "Reporter confirmed"));
        when(b, o.reporter_confirmed_at);
        buf_printf(b, " %s</dd>\n", L(r, "，等待院委会确认后结单", "; waiting for the compound committee"));
    }
    if (o.rating)
        buf_printf(b, "<dt>%s</dt><dd class=\"rating\">%d / 5 %h</dd>\n", L(r, "评分", "Rating"), o.rating,
                   o.rating_comment);
    if (o.hidden_reason)
        buf_printf(b, "<dt>%s</dt><dd>%h</dd>\n", L(r, "屏蔽原因", "Hidden because"), o.hidden_reason);
    if (o.merged_into)
        buf_printf(b, "<dt>%s</dt><dd><a href=\"/workorders/%lld\">#%lld</a></dd>\n", L(r, "已合并到", "Merged into"),
                   (long long)o.merged_into, (long long)o.merged_into);
    buf_puts(b, "</dl>\n");

    Ctx c = site_ctx(r);
    WoAssignment *as;
    int na;
    if (!wo_assignments(&c, o.id, &as, &na)) {
        reply_storage_error(r);
        return;
    }
    for (int i = 0; i < na; i++)
        buf_printf(b, "%s%h%s", i ? "、" : L(r, "<p>处置单位：", "<p>Handled by: "), as[i].name,
                   as[i].lead ? L(r, "（牵头）", " (lead)") : "");
    if (o.lead_org_id)
        buf_puts(b, "</p>\n");

    DbStmt *st = db_query(r->db, "SELECT id FROM wo_photo WHERE order_id = ? ORDER BY id", DB_I(o.id));
    int n_photos = 0;
    for (int i = 0; db_step(st) == DB_ROW; i++, n_photos++)
        buf_printf(b,
                   "%s<a href=\"/api/workorders/photos/%lld\"><img src=\"/api/workorders/photos/%lld\" alt=\"%s\" "
                   "width=\"160\" loading=\"lazy\"></a>\n",
                   i ? "" : "<div class=\"wo-photos\">", (long long)db_col_int(st, 0), (long long)db_col_int(st, 0),
                   L(r, "现场照片", "photo"));
    if (!db_done(st)) {
        reply_storage_error(r);
        return;
    }
    if (n_photos)
        buf_puts(b, "</div>\n");

    action_forms(r, &o, caps);
    if (!r->failed)
        meeting_section(r, &o, caps);
    if (r->failed) /* a section could not be read: the error page is the answer */
        return;

    buf_printf(b, "<h2>%s</h2>\n<ol class=\"timeline\">\n", L(r, "办理记录", "Timeline"));
    WoEvent *evs;
    int nev;
    if (!wo_timeline(&c, o.id, &evs, &nev)) {
        reply_storage_error(r);
        return;
    }
    for (int i = 0; i < nev; i++) {
        const WoEvent *v = &evs[i];
        WoAction a;
        WoState s;
        const char *kind = v->kind;
        const char *what = wo_action_parse(kind, &a)       ? L(r, wo_action_label_zh(a), kind)
                           : strcmp(kind, "report") == 0   ? L(r, "上报", "reported")
                           : strcmp(kind, "comment") == 0  ? L(r, "留言", "comment")
                           : strcmp(kind, "photo") == 0    ? L(r, "上传照片", "photos")
                           : strcmp(kind, "overdue") == 0  ? L(r, "超时", "overdue")
                           : strcmp(kind, "escalate") == 0 ? L(r, "督办", "escalated")
                           : strcmp(kind, "meeting_linked") == 0 ? L(r, "发起协调会", "meeting called")
                           : strcmp(kind, "meeting_held") == 0   ? L(r, "协调会已召开", "meeting held")
                                                           : kind;
        buf_puts(b, "<li><time>");
        when(b, v->at);
        buf_printf(b, "</time> <strong>%h</strong>", what);
        if (v->to && wo_state_parse(v->to, &s))
            buf_printf(b, " → %h", state_label(r, s));
        buf_printf(b, " <span class=\"who\">%h</span>", v->actor_name ? v->actor_name : L(r, "系统", "system"));
        if (v->note && v->note[0])
            buf_printf(b, "<br>%h", wo_text(r->arena, full, v->note));
        buf_puts(b, "</li>\n");
    }
    buf_puts(b, "</ol>\n");
    /* whoever may read the order (wo_load_readable_or_reply above) may comment */
    {
        buf_printf(b, "<form method=\"post\" action=\"/workorders/%lld/act\">\n", (long long)o.id);
        page_csrf_field(r);
        buf_printf(b,
                   "<input type=\"hidden\" name=\"action\" value=\"comment\">\n<label>%s<textarea name=\"note\" "
                   "rows=\"2\" maxlength=\"1000\" required></textarea></label>\n<p><button type=\"submit\">%s</button>"
                   "</p>\n</form>\n",
                   L(r, "留言", "Comment"), L(r, "发送", "Send"));
    }
    buf_printf(b, "<p><a href=\"/workorders\">%s</a></p>\n", L(r, "返回工单列表", "Back to the list"));
    page_end(r);
}

void page_wo_act_post(Req *r)
{
    if (!auth_require_or_reply(r, PERM_LOGIN, NULL))
        return;
    WoOrder o;
    if (!wo_load_param_or_reply(r, &o))
        return;
    const int64_t id = o.id;
    const char *action = req_form_trim(r, "action");
    const char *note = req_form_trim(r, "note");
    if (action && strcmp(action, "comment") == 0) {
        Ctx c = site_ctx(r);
        WoErr e;
        if (!wo_order_readable(&c, &o, NULL, &e)) {
            reply_forbidden(r);
            return;
        }
        if (!note || !*note) {
            reply_error(r, 400, "missing_field", "note", "请填写留言", "Write a comment");
            return;
        }
        int64_t ev;
        if (!wo_comment(&c, &o, note, &ev, &e)) {
            wo_err_reply(r, &e);
            return;
        }
        resp_redirect(r, arena_printf(r->arena, "/workorders/%lld", (long long)id));
        return;
    }
    WoAction a;
    if (!action || !wo_action_parse(action, &a)) {
        reply_error(r, 400, "bad_value", "action", "没有这个操作", "Unknown action");
        return;
    }
    WoActInput in;
    memset(&in, 0, sizeof in);
    in.cls = req_form_trim(r, "class");
    in.note = note && *note ? note : NULL;
    const char *rating = req_form_trim(r, "rating"), *merge = req_form_trim(r, "merge_into");
    const char *lead = req_form_trim(r, "lead");
    in.rating = rating ? strtoll(rating, NULL, 10) : 0;
    in.merge_into = merge ? strtoll(merge, NULL, 10) : 0;
    for (int i = 0; i < r->n_form && in.n_orgs < 8; i++)
        if (strcmp(r->form[i].key, "org") == 0)
            in.orgs[in.n_orgs++] = strtoll(r->form[i].value, NULL, 10);
    in.lead_org = lead ? strtoll(lead, NULL, 10) : (in.n_orgs ? in.orgs[0] : 0);
    int64_t ev = 0;
    Ctx c = site_ctx(r);
    WoErr e;
    if (!wo_act(&c, &o, a, &in, &ev, &e)) {
        wo_err_reply(r, &e);
        return;
    }
    if (r->n_uploads && !save_uploads(r, &o, ev))
        return;
    resp_redirect(r, arena_printf(r->arena, "/workorders/%lld", (long long)id));
}

/* ---- the compound's public page ------------------------------------------------------ */

void page_wo_public(Req *r)
{
    int64_t id;
    if (!req_param_id_or_reply(r, "id", &id))
        return;
    NodeInfo c;
    if (!grid_node_load(r, id, &c) || c.kind != NODE_COMPOUND) {
        reply_not_found(r);
        return;
    }
    char *title = arena_printf(r->arena, "%s · %s", c.name, L(r, "报事公开", "Public work orders"));
    page_begin(r, title);
    Buf *b = &r->out;
    buf_printf(b, "<h1>%h</h1>\n<p>%s</p>\n", title,
               L(r, "本院落正在办理和近 30 天办结的工单。为保护隐私，不显示报事人和门牌号。",
                 "Open orders and those closed in the last 30 days. No reporters or door numbers are shown."));
    int64_t since = clock_now() - 30 * 86400;
    for (int part = 0; part < 2; part++) {
        buf_printf(b, "<h2>%s</h2>\n", part == 0 ? L(r, "正在办理", "Open") : L(r, "近期办结", "Recently closed"));
        DbStmt *st =
            part == 0
                ? db_query(
                      r->db,
                      WO_ORDER_SELECT
                      "WHERE o.compound_id = ? AND o.is_open = 1 AND c.shown_public = 1 ORDER BY o.id DESC LIMIT 100",
                      DB_I(c.id))
                : db_query(
                      r->db,
                      WO_ORDER_SELECT
                      "WHERE o.compound_id = ? AND o.state = 'closed' AND o.closed_at >= ? AND c.shown_public = 1 "
                      "ORDER BY o.closed_at DESC LIMIT 100",
                      DB_I(c.id), DB_I(since));
        WoOrder *rows;
        int n_rows;
        if (!orders_read(r, st, &rows, &n_rows))
            return;
        int n = 0;
        for (int i = 0; i < n_rows; i++) {
            const WoOrder o = rows[i];
            if (n++ == 0)
                buf_printf(b,
                           "<div class=\"table-wrap\"><table class=\"public-orders\"><thead><tr><th>%s</th><th>%s</th>"
                           "<th>%s</th><th>%s</th><th>%s</th></tr></thead><tbody>\n",
                           L(r, "编号", "No."), L(r, "类别", "Category"), L(r, "位置", "Where"), L(r, "状态", "State"),
                           part ? L(r, "办结时间 · 评分", "Closed · rating") : L(r, "上报时间", "Reported"));
            /* the place stops at the building: never a door */
            const char *where = strcmp(o.place_kind, "building") == 0 ? o.place_name : "";
            buf_printf(b, "<tr data-order=\"%lld\"><td>#%lld</td><td>%h</td><td>%h</td><td>%h</td><td>",
                       (long long)o.id, (long long)o.id, L(r, o.category_name, o.category_name_en), where,
                       state_label(r, o.state));
            when(b, part ? o.closed_at : o.created_at);
            if (part && o.rating)
                buf_printf(b, " · %d★", o.rating);
            buf_puts(b, "</td></tr>\n");
        }
        if (n)
            buf_puts(b, "</tbody></table></div>\n");
        else
            buf_printf(b, "<p>%s</p>\n", L(r, "暂无。", "None."));
    }
    page_end(r);
}

/* ---- metrics ---------------------------------------------------------------------------------- */

static void pct_cell(Buf *b, int64_t x, int64_t y)
{
    if (!y) {
        buf_puts(b, "<td class=\"num\">—</td>");
        return;
    }
    int64_t t = (x * 1000 + y / 2) / y;
    buf_printf(b, "<td class=\"num\">%lld.%lld%%</td>", (long long)(t / 10), (long long)(t % 10));
}

static void hours_cell(Buf *b, int64_t seconds, bool has)
{
    if (!has)
        buf_puts(b, "<td class=\"num\">—</td>");
    else
        buf_printf(b, "<td class=\"num\">%lld.%lld</td>", (long long)(seconds / 3600),
                   (long long)(seconds % 3600 / 360));
}

void page_wo_metrics(Req *r)
{
    if (!auth_require_or_reply(r, PERM_WO_READ, NULL))
        return;
    const char *by = req_query(r, "by");
    if (!by || (strcmp(by, "compound") != 0 && strcmp(by, "category") != 0 && strcmp(by, "month") != 0))
        by = "grid";
    const Grant *g = NULL;
    for (int i = 0; i < r->who->n_grants && !g; i++)
        if (role_has(r->who->grants[i].role, PERM_WO_READ))
            g = &r->who->grants[i];
    NodeInfo n;
    if (!g || !grid_node_load_allowed_or_reply(r, g->node_id, PERM_WO_READ, &n))
        return;
    MetricGroup *gs;
    int ng;
    Ctx c = site_ctx(r);
    if (!wo_metrics(&c, by, &n, 190001, 999912, &gs, &ng)) {
        reply_error(r, 500, "internal", NULL, "统计失败", "Could not compute the metrics");
        return;
    }
    page_begin(r, L(r, "工单统计", "Work order metrics"));
    Buf *b = &r->out;
    buf_printf(b, "<h1>%h · %s</h1>\n<p>", n.name, L(r, "工单统计", "work order metrics"));
    static const char *const bys[] = {"grid", "compound", "category", "month"};
    static const char *const bys_zh[] = {"按网格", "按院落", "按类别", "按月份"};
    for (int i = 0; i < 4; i++)
        buf_printf(b, "%s<a href=\"/workorders/metrics?by=%s\">%s</a>", i ? " · " : "", bys[i],
                   L(r, bys_zh[i], bys[i]));
    buf_printf(b,
               "</p>\n<div class=\"table-wrap\"><table class=\"metrics\"><thead><tr><th></th><th class=\"num\">%s</th>"
               "<th class=\"num\">%s</th><th class=\"num\">%s</th><th class=\"num\">%s</th><th class=\"num\">%s</th>"
               "<th class=\"num\">%s</th><th class=\"num\">%s</th></tr></thead><tbody>\n",
               L(r, "工单数", "Orders"), L(r, "按时响应率", "On-time response"),
               L(r, "办结用时中位数（小时）", "Median hours"), L(r, "90% 办结用时（小时）", "p90 hours"),
               L(r, "退回率", "Reopened"), L(r, "平均评分", "Mean rating"), L(r, "待院委会确认", "Awaiting committee"));
    for (int i = 0; i < ng; i++) {
        MetricGroup *m = &gs[i];
        buf_printf(b, "<tr><td>%h</td><td class=\"num\">%lld</td>", m->name ? m->name : "—", (long long)m->orders);
        pct_cell(b, m->resp_on_time, m->resp_due);
        hours_cell(b, m->median, m->has_times);
        hours_cell(b, m->p90, m->has_times);
        pct_cell(b, m->reopened, m->reached_done);
        if (m->rating_n) {
            int64_t h = (m->rating_sum * 100 + m->rating_n / 2) / m->rating_n;
            buf_printf(b, "<td class=\"num\">%lld.%02lld</td>", (long long)(h / 100), (long long)(h % 100));
        } else {
            buf_puts(b, "<td class=\"num\">—</td>");
        }
        buf_printf(b, "<td class=\"num\">%lld</td></tr>\n", (long long)m->awaiting_committee);
    }
    buf_puts(b, "</tbody></table></div>\n");
    page_end(r);
}
