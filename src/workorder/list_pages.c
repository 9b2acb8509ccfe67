/* list_pages.c: the work-order list page (filters kept in the URL, keyset
 * paging, the filtered total), its bulk actions for staff (a confirmation
 * step that needs no JavaScript, then one result per order) and the JSON
 * twin of the bulk actions. The rows come from wo_list_fetch, the model
 * path of GET /api/workorders; the actions from wo_bulk (bulk.c). */
#include "workorder/web_int.h"
#include "workorder/list_sql.h"

#include <stdlib.h>
#include <string.h>

#include "site/site.h"
#include "core/clock.h"
#include "core/sheet.h"
#include "grid/web.h"
#include "http/jsonin.h"
#include "site/page.h"

/* The filters of the page, as read from its query (and written back into
 * every link and form, so a filtered list is a bookmark). */
typedef struct ListForm {
    const char *status, *state, *category, *from, *to, *q;
    int64_t grid, compound, org, overdue, after;
} ListForm;

static const char *qv(Req *r, const char *name)
{
    const char *v = req_query(r, name);
    return v && *v ? v : NULL;
}

static bool id_param(Req *r, const char *name, int64_t *out)
{
    const char *v = qv(r, name);
    *out = 0;
    if (!v)
        return true;
    char *end;
    long long x = strtoll(v, &end, 10);
    if (x <= 0 || *end) {
        reply_error(r, 400, "bad_param", name, "编号应为正整数", "Expected a positive id");
        return false;
    }
    *out = x;
    return true;
}

static bool form_read(Req *r, ListForm *f)
{
    memset(f, 0, sizeof *f);
    f->status = qv(r, "status");
    f->state = qv(r, "state");
    f->category = qv(r, "category");
    f->from = qv(r, "from");
    f->to = qv(r, "to");
    f->q = qv(r, "q");
    f->overdue = qv(r, "overdue") && strcmp(qv(r, "overdue"), "1") == 0;
    return id_param(r, "grid", &f->grid) && id_param(r, "compound", &f->compound) && id_param(r, "org", &f->org) &&
           id_param(r, "after", &f->after);
}

/* The query string of the filters (without after), "" when none, for links. */
static const char *form_query(Req *r, const ListForm *f)
{
    Buf b;
    buf_init(&b);
    if (f->status)
        buf_printf(&b, "&status=%u", f->status);
    if (f->state)
        buf_printf(&b, "&state=%u", f->state);
    if (f->category)
        buf_printf(&b, "&category=%u", f->category);
    if (f->grid)
        buf_printf(&b, "&grid=%lld", (long long)f->grid);
    if (f->compound)
        buf_printf(&b, "&compound=%lld", (long long)f->compound);
    if (f->org)
        buf_printf(&b, "&org=%lld", (long long)f->org);
    if (f->overdue)
        buf_puts(&b, "&overdue=1");
    if (f->from)
        buf_printf(&b, "&from=%u", f->from);
    if (f->to)
        buf_printf(&b, "&to=%u", f->to);
    if (f->q)
        buf_printf(&b, "&q=%u", f->q);
    const char *s = arena_printf(r->arena, "%s", b.len ? buf_str(&b) + 1 : "");
    buf_free(&b);
    return s;
}

static bool has_digit(const char *s)
{
    for (; *s; s++)
        if (*s >= '0' && *s <= '9')
            return true;
    return false;
}

/* The text as a LIKE pattern's middle: % _ and \ escaped. */
static const char *like_escape(Arena *a, const char *s)
{
    size_t n = strlen(s);
    char *o = arena_alloc(a, n * 2 + 1), *p = o;
    for (; *s; s++) {
        if (*s == '%' || *s == '_' || *s == '\\')
            *p++ = '\\';
        *p++ = *s;
    }
    *p = 0;
    return o;
}

/* The list query of the page's filters. False after replying. A text
 * search never matches digits: phone and ID numbers in a description are
 * masked for most readers, and a match on them would reveal them; "#123"
 * or "123" opens that order instead (404 when not readable). */
static bool form_query_model(Req *r, const ListForm *f, WoListQ *q)
{
    memset(q, 0, sizeof *q);
    if (!wo_list_scope_or_reply(r, f->grid, f->compound, 0, 0, 0, q))
        return false;
    q->open_lo = 1;
    q->open_hi = 1;
    if (f->status && strcmp(f->status, "closed") == 0)
        q->open_lo = q->open_hi = 0;
    else if (f->status && strcmp(f->status, "all") == 0)
        q->open_lo = 0;
    else if (f->status && strcmp(f->status, "open") != 0) {
        reply_error(r, 400, "bad_param", "status", "状态应为未办结、已办结或全部", "status must be open, closed or all");
        return false;
    }
    WoState sv;
    if (f->state && !wo_state_parse(f->state, &sv)) {
        reply_error(r, 400, "bad_param", "state", "没有这个状态", "Unknown state");
        return false;
    }
    q->state = f->state;
    if (f->category && !db_int(r->db, &q->cat, "SELECT id FROM wo_category WHERE code = ?", DB_T(f->category))) {
        reply_error(r, 400, "unknown_category", "category", "没有这个问题类别", "Unknown category");
        return false;
    }
    q->overdue = f->overdue;
    q->org = f->org;
    if (f->from && !clock_parse_local_day(f->from, &q->from)) {
        reply_error(r, 400, "bad_param", "from", "日期格式应为 年-月-日", "Dates are YYYY-MM-DD");
        return false;
    }
    if (f->to) {
        if (!clock_parse_local_day(f->to, &q->to)) {
            reply_error(r, 400, "bad_param", "to", "日期格式应为 年-月-日", "Dates are YYYY-MM-DD");
            return false;
        }
        q->to += 86400; /* through the end of that day (Shanghai has no daylight saving) */
    }
    if (f->q) {
        if (strlen(f->q) > 100) {
            reply_error(r, 400, "bad_param", "q", "搜索文字不超过 100 字", "At most 100 characters");
            return false;
        }
        if (has_digit(f->q)) {
            reply_error(r, 400, "bad_param", "q",
                        "搜索文字不能含数字（电话、证件号不可搜索）；输入工单号可直接打开工单",
                        "Search text may not contain digits (phone and ID numbers are not searchable)");
            return false;
        }
        q->text = like_escape(r->arena, f->q);
    }
    q->after = f->after;
    q->page = 1;
    q->per_page = 20;
    return true;
}

/* An order number typed into the search box: its digits, else 0. */
static int64_t order_number(const char *s)
{
    if (!s)
        return 0;
    if (*s == '#')
        s++;
    char *end;
    long long x = strtoll(s, &end, 10);
    return *s >= '0' && *s <= '9' && !*end && x > 0 ? x : 0;
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

static void opt(Buf *b, const char *value, const char *label, const char *cur)
{
    buf_printf(b, "<option value=\"%h\"%s>%h</option>", value, cur && strcmp(cur, value) == 0 ? " selected" : "",
               label);
}

static void opt_id(Buf *b, int64_t value, const char *label, int64_t cur)
{
    buf_printf(b, "<option value=\"%lld\"%s>%h</option>", (long long)value, value == cur ? " selected" : "", label);
}

static const char *const org_kinds[] = {"property_company", "contractor", "department", "committee",
                                        "resident_group", "charity", NULL};

/* The filter form: a GET form, so the filtered list's URL is its bookmark. */
static bool filter_form(Req *r, const ListForm *f, const NodeInfo *root)
{
    Buf *b = &r->out;
    Ctx c = site_ctx(r);
    /* folded, so a phone shows the list first; the summary says which filters are on */
    int on = (f->status && strcmp(f->status, "open") != 0) + !!f->state + !!f->category + !!f->grid + !!f->compound +
             !!f->org + !!f->overdue + !!f->from + !!f->to + !!f->q;
    buf_printf(b, "<details class=\"wo-filter-box\"><summary>%s", L(r, "筛选", "Filters"));
    if (on)
        buf_printf(b, "%s%d%s", L(r, "（已选 ", " ("), on, L(r, " 项）", " on)"));
    buf_printf(b, "</summary>\n<form class=\"wo-filters\" method=\"get\" action=\"/workorders\">\n"
                  "<div class=\"filter-grid\">\n");
    buf_printf(b, "<label>%s<select name=\"status\">", L(r, "办理情况", "Status"));
    opt(b, "open", L(r, "未办结", "open"), f->status ? f->status : "open");
    opt(b, "closed", L(r, "已办结", "closed"), f->status);
    opt(b, "all", L(r, "全部", "all"), f->status);
    buf_printf(b, "</select></label>\n<label>%s<select name=\"state\"><option value=\"\">%s</option>",
               L(r, "状态", "State"), L(r, "全部", "any"));
    for (int s = 0; s < WO__STATE_COUNT; s++)
        opt(b, wo_state_name((WoState)s), L(r, wo_state_label_zh((WoState)s), wo_state_name((WoState)s)), f->state);
    buf_printf(b, "</select></label>\n<label>%s<select name=\"category\"><option value=\"\">%s</option>",
               L(r, "类别", "Category"), L(r, "全部", "any"));
    DbStmt *st = db_query(r->db, "SELECT code, name, name_en FROM wo_category WHERE active = 1 ORDER BY sort, id");
    while (db_step(st) == DB_ROW)
        opt(b, db_col_text(st, 0), L(r, db_col_text(st, 1), db_col_text(st, 2)), f->category);
    if (!db_done(st)) {
        reply_storage_error(r);
        return false;
    }
    buf_puts(b, "</select></label>\n");
    if (root) {
        NodeList places;
        if (grid_nodes_in(&c, root->path, GRID_KIND(NODE_GRID) | GRID_KIND(NODE_COMPOUND), 400, &places) !=
            GRID_OK) {
            reply_storage_error(r);
            return false;
        }
        for (int pass = 0; pass < 2; pass++) {
            NodeKind k = pass ? NODE_COMPOUND : NODE_GRID;
            buf_printf(b, "<label>%s<select name=\"%s\"><option value=\"\">%s</option>",
                       pass ? L(r, "院落", "Compound") : L(r, "网格", "Grid"), pass ? "compound" : "grid",
                       L(r, "全部", "any"));
            for (int i = 0; i < places.n; i++)
                if (places.items[i].kind == k)
                    opt_id(b, places.items[i].id, places.items[i].name, pass ? f->compound : f->grid);
            buf_puts(b, "</select></label>\n");
        }
    }
    OrgList orgs;
    if (grid_orgs(&c, org_kinds, GRID_ORGS_BY_KIND, &orgs) != GRID_OK) {
        reply_storage_error(r);
        return false;
    }
    buf_printf(b, "<label>%s<select name=\"org\"><option value=\"\">%s</option>", L(r, "处置单位", "Handled by"),
               L(r, "全部", "any"));
    for (int i = 0; i < orgs.n; i++)
        if (!root || (orgs.items[i].path && strncmp(orgs.items[i].path, root->path, strlen(root->path)) == 0) ||
            (orgs.items[i].path && strncmp(root->path, orgs.items[i].path, strlen(orgs.items[i].path)) == 0))
            opt_id(b, orgs.items[i].id, orgs.items[i].name, f->org);
    buf_printf(b,
               "</select></label>\n<label>%s<input type=\"date\" name=\"from\" value=\"%h\"></label>\n"
               "<label>%s<input type=\"date\" name=\"to\" value=\"%h\"></label>\n"
               "<label>%s<input type=\"search\" name=\"q\" value=\"%h\" maxlength=\"100\" placeholder=\"%s\"></label>\n"
               "<label class=\"check\"><input type=\"checkbox\" name=\"overdue\" value=\"1\"%s> %s</label>\n"
               "</div>\n<p><button type=\"submit\" class=\"primary\">%s</button> <a href=\"/workorders\">%s</a></p>\n"
               "</form>\n</details>\n",
               L(r, "上报日期从", "Reported from"), f->from ? f->from : "", L(r, "到", "to"), f->to ? f->to : "",
               L(r, "搜索描述或位置", "Search the description or place"), f->q ? f->q : "",
               L(r, "文字，或工单号", "text, or an order number"), f->overdue ? " checked" : "",
               L(r, "只看超时", "Overdue only"), L(r, "筛选", "Filter"), L(r, "清除筛选", "Clear"));
    return true;
}

/* The staff's bulk action fields, inside the list's POST form. */
static bool bulk_fields(Req *r, const NodeInfo *root)
{
    Buf *b = &r->out;
    Ctx c = site_ctx(r);
    OrgList orgs;
    if (grid_orgs(&c, org_kinds, GRID_ORGS_BY_KIND, &orgs) != GRID_OK) {
        reply_storage_error(r);
        return false;
    }
    buf_printf(b,
               "<fieldset class=\"wo-bulk\"><legend>%s</legend>\n<label>%s<select name=\"bulk\">"
               "<option value=\"assign\">%s</option><option value=\"close\">%s</option>"
               "<option value=\"merge\">%s</option></select></label>\n<label>%s<select name=\"org\">"
               "<option value=\"\">—</option>",
               L(r, "批量处理勾选的工单", "With the ticked orders"), L(r, "操作", "Action"),
               L(r, "派给单位", "Assign to an organisation"), L(r, "说明原因结单", "Close with a reason"),
               L(r, "合并到一张工单", "Merge into one order"), L(r, "派给（派单时选）", "Organisation (assign)"));
    for (int i = 0; i < orgs.n; i++)
        if (orgs.items[i].path && (strncmp(orgs.items[i].path, root->path, strlen(root->path)) == 0 ||
                                   strncmp(root->path, orgs.items[i].path, strlen(orgs.items[i].path)) == 0))
            opt_id(b, orgs.items[i].id, orgs.items[i].name, 0);
    buf_printf(b,
               "</select></label>\n<label>%s<input name=\"merge_into\" inputmode=\"numeric\"></label>\n"
               "<label>%s<textarea name=\"note\" rows=\"2\" maxlength=\"2000\"></textarea></label>\n"
               "<p><button type=\"submit\">%s</button></p>\n</fieldset>\n",
               L(r, "合并到工单号（合并时填）", "Merge into order no. (merge)"),
               L(r, "原因或说明（结单时必填）", "Reason (required to close)"), L(r, "下一步：确认", "Next: confirm"));
    return true;
}

static void order_rows(Req *r, const WoListPage *lp, bool boxes)
{
    Buf *b = &r->out;
    buf_printf(b,
               "<div class=\"table-wrap\"><table class=\"orders\"><thead><tr>%s<th>%s</th><th>%s</th><th>%s</th>"
               "<th>%s</th><th>%s</th></tr></thead><tbody>\n",
               boxes ? L(r, "<th>选</th>", "<th>Pick</th>") : "", L(r, "编号", "No."), L(r, "类别", "Category"),
               L(r, "地点", "Place"), L(r, "状态", "State"), L(r, "上报时间", "Reported"));
    for (int i = 0; i < lp->n; i++) {
        const WoOrder *o = &lp->rows[i];
        buf_printf(b, "<tr data-order=\"%lld\">", (long long)o->id);
        if (boxes)
            buf_printf(b,
                       "<td><label class=\"pick\"><input type=\"checkbox\" name=\"id\" value=\"%lld\" "
                       "aria-label=\"#%lld\"></label></td>",
                       (long long)o->id, (long long)o->id);
        buf_printf(b, "<td><a href=\"/workorders/%lld\">#%lld</a></td><td>%h</td><td>%h %h</td><td>%h%s</td><td>",
                   (long long)o->id, (long long)o->id, L(r, o->category_name, o->category_name_en), o->compound_name,
                   strcmp(o->place_kind, "compound") == 0 ? "" : o->place_name,
                   L(r, wo_state_label_zh(o->state), wo_state_name(o->state)),
                   o->overdue && wo_state_is_open(o->state)
                       ? L(r, " <span class=\"warning\">超时</span>", " <span class=\"warning\">overdue</span>")
                       : "");
        when(b, o->created_at);
        buf_puts(b, "</td></tr>\n");
    }
    buf_puts(b, "</tbody></table></div>\n");
}

/* The place's counts at a glance, each a link to that list: open, overdue
 * among them, and all; from the same model path (tallies, a capped count). */
static bool scope_counts(Req *r, const WoListQ *base, const ListForm *f)
{
    static const char *const zh[] = {"未办结", "其中超时", "全部"}, *const en[] = {"open", "overdue", "all"};
    Buf *b = &r->out;
    Ctx c = site_ctx(r);
    buf_puts(b, "<p class=\"wo-scope-counts\">");
    for (int i = 0; i < 3; i++) {
        WoListQ q;
        memset(&q, 0, sizeof q);
        q.scope = base->scope;
        q.key = base->key;
        q.kind = base->kind;
        q.lo = base->lo;
        q.hi = base->hi;
        q.open_lo = i == 2 ? 0 : 1;
        q.open_hi = 1;
        q.overdue = i == 1;
        q.page = 1;
        q.per_page = 1;
        WoListPage lp;
        WoErr e;
        if (!wo_list_fetch(&c, &q, &lp, &e)) {
            wo_err_reply(r, &e);
            return false;
        }
        const char *place = f->compound ? "compound" : "grid";
        int64_t id = f->compound ? f->compound : f->grid;
        buf_printf(b, "%s<a href=\"/workorders?status=%s%s%s%s", i ? " · " : "", i == 2 ? "all" : "open",
                   i == 1 ? "&amp;overdue=1" : "", id ? "&amp;" : "", id ? place : "");
        if (id)
            buf_printf(b, "=%lld", (long long)id);
        buf_printf(b, "\" data-count=\"%s\">%s <strong>%lld%s</strong></a>", en[i], L(r, zh[i], en[i]),
                   (long long)lp.total, lp.capped ? "+" : "");
    }
    buf_puts(b, "</p>\n");
    return true;
}

/* The page's main list: the scope the filters name, with paging and the
 * bulk form when the user dispatches there. False after replying. */
static bool main_list(Req *r, const ListForm *f)
{
    Buf *b = &r->out;
    WoListQ q;
    if (!form_query_model(r, f, &q))
        return false;
    NodeInfo root;
    bool staff = q.scope == WO_SCOPE_GRID || q.scope == WO_SCOPE_COMPOUND || q.scope == WO_SCOPE_PATH;
    if (staff && !grid_node_load(r, q.key, &root)) {
        reply_not_found(r);
        return false;
    }
    /* the filter form offers the grids and compounds of the user's first scope, not only of the one chosen */
    NodeInfo top;
    const Grant *g = NULL;
    for (int i = 0; i < r->who->n_grants && !g; i++)
        if (role_has(r->who->grants[i].role, PERM_WO_READ))
            g = &r->who->grants[i];
    if (g && !grid_node_load(r, g->node_id, &top)) {
        reply_not_found(r);
        return false;
    }
    Ctx c = site_ctx(r);
    WoListPage lp;
    WoErr e;
    if (!wo_list_fetch(&c, &q, &lp, &e)) {
        wo_err_reply(r, &e);
        return false;
    }
    if (g && !filter_form(r, f, &top))
        return false;
    if (staff && !scope_counts(r, &q, f))
        return false;
    const char *fq = form_query(r, f);
    buf_printf(b, "<h2>%h · %s</h2>\n", staff ? root.name : L(r, "我的工单", "My orders"),
               q.open_lo == 1   ? L(r, "未办结的工单", "open orders")
               : q.open_hi == 0 ? L(r, "已办结的工单", "closed orders")
                                : L(r, "全部工单", "all orders"));
    buf_printf(b, "<p class=\"wo-count\">%s <strong>%lld%s</strong> %s", L(r, "共", "In all"), (long long)lp.total,
               lp.capped ? "+" : "", L(r, "张", "orders"));
    if (lp.n && staff)
        buf_printf(b, " · <a href=\"/workorders/export.xlsx?%h\" download>%s</a>", fq,
                   L(r, "导出表格（XLSX）", "Export (XLSX)"));
    buf_puts(b, "</p>\n");
    if (!lp.n) {
        buf_printf(b, "<p>%s</p>\n", L(r, "暂无工单。", "No orders."));
        return true;
    }
    bool boxes = staff && perm_allows(r->who, PERM_WO_DISPATCH, root.path);
    if (boxes) {
        buf_puts(b, "<form class=\"wo-bulk-form\" method=\"post\" action=\"/workorders/bulk\">\n");
        page_csrf_field(r);
        buf_printf(b, "<input type=\"hidden\" name=\"back\" value=\"%h\">\n", fq);
    }
    order_rows(r, &lp, boxes);
    if (boxes) {
        if (!bulk_fields(r, &root))
            return false;
        buf_puts(b, "</form>\n");
    }
    buf_puts(b, "<p class=\"pager\">");
    if (f->after)
        buf_printf(b, "<a class=\"button secondary\" href=\"/workorders?%h\">%s</a> ", fq,
                   L(r, "回到第一页", "First page"));
    if (lp.next)
        buf_printf(b, "<a class=\"button secondary\" rel=\"next\" href=\"/workorders?%h%safter=%lld\">%s</a>", fq,
                   *fq ? "&" : "", (long long)lp.next, L(r, "下一页", "Next page"));
    buf_puts(b, "</p>\n");
    return true;
}

static bool orders_section(Req *r, const char *id, const char *title, DbStmt *st)
{
    Buf *b = &r->out;
    WoListPage lp;
    memset(&lp, 0, sizeof lp);
    lp.rows = arena_alloc(r->arena, sizeof *lp.rows * 50);
    while (db_step(st) == DB_ROW)
        if (lp.n < 50)
            wo_order_from_row(r->arena, st, &lp.rows[lp.n++]);
    Ctx c = site_ctx(r);
    if (!db_done(st) || !wo_orders_places(&c, lp.rows, lp.n)) {
        reply_storage_error(r);
        return false;
    }
    if (!lp.n && id)
        return true; /* nothing waits: no section */
    buf_printf(b, "<h2%s%s%s>%s</h2>\n", id ? " id=\"" : "", id ? id : "", id ? "\"" : "", title);
    if (lp.n)
        order_rows(r, &lp, false);
    else
        buf_printf(b, "<p>%s</p>\n", L(r, "暂无工单。", "No orders."));
    return true;
}

void page_wo_list(Req *r)
{
    if (!auth_require_or_reply(r, PERM_LOGIN, NULL))
        return;
    ListForm f;
    if (!form_read(r, &f))
        return;
    int64_t num = order_number(f.q);
    if (num) {
        resp_redirect(r, arena_printf(r->arena, "/workorders/%lld", (long long)num));
        return;
    }
    page_begin(r, L(r, "报事工单", "Work orders"));
    Buf *b = &r->out;
    buf_printf(b, "<h1>%s</h1>\n", L(r, "报事工单", "Work orders"));
    if (perm_allows(r->who, PERM_WO_REPORT, NULL))
        buf_printf(b, "<p><a class=\"button primary\" href=\"/workorders/new\">%s</a></p>\n",
                   L(r, "我要报事", "Report a problem"));
    if (perm_allows(r->who, PERM_WO_READ, NULL))
        buf_printf(b, "<p><a href=\"/workorders/metrics\">%s</a></p>\n", L(r, "工单统计", "Metrics"));
    if (perm_allows(r->who, PERM_WO_CONFIG, NULL))
        buf_printf(b, "<p><a href=\"/workorders/config\">%s</a></p>\n",
                   L(r, "工单设置（时限、日历、督办、结单）", "Settings (deadlines, calendar, escalation, closing)"));
    bool reader = false;
    for (int i = 0; i < r->who->n_grants; i++)
        reader = reader || role_has(r->who->grants[i].role, PERM_WO_READ);
    if (reader && !main_list(r, &f))
        return;
    /* 自治结单: what waits for this committee member's confirmation */
    for (int i = 0; i < r->who->n_grants; i++) {
        const Grant *g = &r->who->grants[i];
        if (g->role != ROLE_COMMITTEE)
            continue;
        char hi[512];
        if (!grid_path_upper(g->node_path, hi, sizeof hi))
            continue;
        DbStmt *st = db_query(r->db,
                              WO_ORDER_SELECT
                              "WHERE o.node_path >= ? AND o.node_path < ? AND o.is_open = 1 "
                              "AND o.state = 'confirmed_by_reporter' ORDER BY o.id LIMIT 50",
                              DB_T(g->node_path), DB_T(hi));
        if (!orders_section(r, "awaiting-committee", L(r, "待院委会确认", "Waiting for the committee"), st))
            return;
        break;
    }
    Ctx c = site_ctx(r);
    int64_t org = perm_allows(r->who, PERM_WO_HANDLE, NULL) ? wo_user_org(&c) : 0;
    if (org) {
        DbStmt *st = db_query(r->db,
                              WO_ORDER_SELECT "WHERE o.id IN (SELECT order_id FROM wo_assignment WHERE org_id = ?) "
                                              "AND o.is_open = 1 ORDER BY o.id DESC LIMIT 50",
                              DB_I(org));
        if (!orders_section(r, NULL, L(r, "派给本单位的工单", "Dispatched to my organisation"), st))
            return;
    }
    DbStmt *st = db_query(r->db, WO_ORDER_SELECT "WHERE o.reporter_id = ? ORDER BY o.id DESC LIMIT 50",
                          DB_I(r->who->user_id));
    if (!orders_section(r, NULL, L(r, "我的报事", "My reports"), st))
        return;
    page_end(r);
}

/* ---- bulk actions --------------------------------------------------------------- */

#define BULK_MAX 100

static bool bulk_kind(const char *s, WoBulkKind *k)
{
    if (s && strcmp(s, "assign") == 0)
        *k = WO_BULK_ASSIGN;
    else if (s && strcmp(s, "close") == 0)
        *k = WO_BULK_CLOSE;
    else if (s && strcmp(s, "merge") == 0)
        *k = WO_BULK_MERGE;
    else
        return false;
    return true;
}

static const char *bulk_label(Req *r, WoBulkKind k)
{
    return k == WO_BULK_ASSIGN  ? L(r, "派给单位", "assign to an organisation")
           : k == WO_BULK_CLOSE ? L(r, "说明原因结单", "close with a reason")
                                : L(r, "合并到一张工单", "merge into one order");
}

/* What each kind needs beyond the ids; false after replying 400. */
static bool bulk_inputs_ok(Req *r, WoBulkKind k, int64_t org, int64_t merge_into, const char *note)
{
    if (k == WO_BULK_ASSIGN && org <= 0) {
        reply_error(r, 400, "missing_field", "org", "请选择派给哪个单位", "Choose the organisation");
        return false;
    }
    if (k == WO_BULK_CLOSE && (!note || !*note)) {
        reply_error(r, 400, "missing_field", "note", "结单请说明原因", "Give the reason for closing");
        return false;
    }
    if (k == WO_BULK_MERGE && merge_into <= 0) {
        reply_error(r, 400, "missing_field", "merge_into", "请填写合并到的工单号", "Give the order to merge into");
        return false;
    }
    return true;
}

/* The reason of a refused order, as the error table says it. */
static const char *bulk_why(Req *r, const WoErr *e)
{
    const ErrorText *t = wo_err_text(e->msg);
    return t ? L(r, t->zh, t->en) : L(r, "未能处理", "not done");
}

void page_wo_bulk_post(Req *r)
{
    if (!auth_require_or_reply(r, PERM_WO_DISPATCH, NULL))
        return;
    int64_t ids[BULK_MAX];
    int n = 0;
    for (int i = 0; i < r->n_form; i++) {
        if (strcmp(r->form[i].key, "id") != 0)
            continue;
        char *end;
        long long x = strtoll(r->form[i].value, &end, 10);
        if (x <= 0 || *end) {
            reply_error(r, 400, "bad_value", "id", "工单编号不对", "Bad order id");
            return;
        }
        if (n == BULK_MAX) {
            reply_error(r, 400, "bad_value", "id", "一次最多处理 100 张工单", "At most 100 orders at a time");
            return;
        }
        ids[n++] = x;
    }
    if (!n) {
        reply_error(r, 400, "missing_field", "id", "请先勾选要处理的工单", "Tick the orders first");
        return;
    }
    WoBulkKind k;
    if (!bulk_kind(req_form_trim(r, "bulk"), &k)) {
        reply_error(r, 400, "bad_value", "bulk", "没有这个批量操作", "Unknown bulk action");
        return;
    }
    const char *org_s = req_form_trim(r, "org"), *merge_s = req_form_trim(r, "merge_into");
    const char *note = req_form_trim(r, "note"), *back = req_form_trim(r, "back");
    int64_t org = org_s && *org_s ? strtoll(org_s, NULL, 10) : 0;
    int64_t merge_into = merge_s && *merge_s ? strtoll(merge_s, NULL, 10) : 0;
    if (!bulk_inputs_ok(r, k, org, merge_into, note))
        return;
    note = note && *note ? note : NULL;
    back = back ? back : "";
    const char *confirm = req_form_trim(r, "confirm");
    Ctx c = site_ctx(r);
    Buf *b = &r->out;
    if (!confirm || strcmp(confirm, "1") != 0) {
        /* the confirmation step: what will happen to which orders; nothing is written */
        page_begin(r, L(r, "确认批量处理", "Confirm the bulk action"));
        buf_printf(b, "<h1>%s</h1>\n<p class=\"notice\">%s：<strong>%h</strong>", L(r, "确认批量处理", "Confirm"),
                   L(r, "将对下列工单", "For the orders below"), bulk_label(r, k));
        if (k == WO_BULK_ASSIGN) {
            OrgInfo oi;
            GridRead gr = grid_org_get(&c, org, &oi);
            if (gr != GRID_OK && gr != GRID_NOT_FOUND) {
                reply_storage_error(r);
                return;
            }
            buf_printf(b, " → %h", gr == GRID_OK ? oi.name : "?");
        } else if (k == WO_BULK_MERGE) {
            buf_printf(b, " → #%lld", (long long)merge_into);
        }
        if (note)
            buf_printf(b, "<br>%s：%h", L(r, "说明", "Note"), note);
        buf_printf(b, "</p>\n<ul class=\"bulk-orders\">\n");
        for (int i = 0; i < n; i++) {
            WoOrder o;
            WoErr e;
            if (wo_load(&c, ids[i], &o, &e) && wo_order_readable(&c, &o, NULL, &e))
                buf_printf(b, "<li>#%lld %h · %h</li>\n", (long long)o.id, L(r, o.category_name, o.category_name_en),
                           L(r, wo_state_label_zh(o.state), wo_state_name(o.state)));
            else if (e.msg == WM_NO_ORDER)
                buf_printf(b, "<li>#%lld %s</li>\n", (long long)ids[i], L(r, "（没有这张工单）", "(no such order)"));
            else {
                wo_err_reply(r, &e);
                return;
            }
        }
        buf_puts(b, "</ul>\n<form method=\"post\" action=\"/workorders/bulk\">\n");
        page_csrf_field(r);
        for (int i = 0; i < n; i++)
            buf_printf(b, "<input type=\"hidden\" name=\"id\" value=\"%lld\">\n", (long long)ids[i]);
        static const char *const kn[] = {"assign", "close", "merge"};
        buf_printf(b,
                   "<input type=\"hidden\" name=\"bulk\" value=\"%s\">\n<input type=\"hidden\" name=\"org\" "
                   "value=\"%lld\">\n<input type=\"hidden\" name=\"merge_into\" value=\"%lld\">\n<input "
                   "type=\"hidden\" name=\"note\" value=\"%h\">\n<input type=\"hidden\" name=\"back\" value=\"%h\">\n"
                   "<input type=\"hidden\" name=\"confirm\" value=\"1\">\n<p><button type=\"submit\" "
                   "class=\"primary\" name=\"go\" value=\"confirm\">%s</button> <a class=\"button secondary\" "
                   "href=\"/workorders?%h\">%s</a></p>\n</form>\n",
                   kn[k], (long long)org, (long long)merge_into, note ? note : "", back,
                   L(r, "确认执行", "Do it"), back, L(r, "返回修改", "Back"));
        page_end(r);
        return;
    }
    WoBulkResult *res = arena_alloc(r->arena, sizeof *res * (size_t)n);
    WoErr e;
    if (!wo_bulk(&c, k, ids, n, org, merge_into, note, res, &e)) {
        wo_err_reply(r, &e);
        return;
    }
    int done = 0;
    for (int i = 0; i < n; i++)
        done += res[i].ok;
    page_begin(r, L(r, "批量处理结果", "Bulk action results"));
    buf_printf(b, "<h1>%s</h1>\n<p class=\"notice\" id=\"bulk-summary\">%h：%s %d %s，%s %d %s</p>\n",
               L(r, "批量处理结果", "Results"), bulk_label(r, k), L(r, "完成", "done"), done, L(r, "张", ""),
               L(r, "未处理", "not done"), n - done, L(r, "张", ""));
    buf_printf(b, "<div class=\"table-wrap\"><table class=\"bulk-results\"><thead><tr><th>%s</th><th>%s</th></tr>"
                  "</thead><tbody>\n",
               L(r, "工单", "Order"), L(r, "结果", "Result"));
    for (int i = 0; i < n; i++) {
        buf_printf(b, "<tr data-order=\"%lld\" data-ok=\"%d\"><td><a href=\"/workorders/%lld\">#%lld</a></td><td>",
                   (long long)res[i].id, res[i].ok ? 1 : 0, (long long)res[i].id, (long long)res[i].id);
        if (res[i].target)
            buf_printf(b, "%s", L(r, "合并目标", "the target"));
        else if (res[i].ok)
            buf_printf(b, "%s → %h", L(r, "已完成", "done"),
                       L(r, wo_state_label_zh(res[i].state), wo_state_name(res[i].state)));
        else
            buf_printf(b, "<span class=\"error-text\">%s</span>：%h", L(r, "未处理", "not done"),
                       bulk_why(r, &res[i].err));
        buf_puts(b, "</td></tr>\n");
    }
    buf_printf(b, "</tbody></table></div>\n<p><a class=\"button\" href=\"/workorders?%h\">%s</a></p>\n", back,
               L(r, "回到工单列表", "Back to the list"));
    page_end(r);
}

static const JsonField bulk_spec[] = {
    {"action", JF_STRING, JF_REQUIRED, 0, 20},
    {"org_id", JF_INT, 0, 1, INT64_MAX},
    {"merge_into", JF_INT, 0, 1, INT64_MAX},
    {"note", JF_STRING, JF_EMPTY_OK, 0, 2000},
    {NULL, 0, 0, 0, 0},
};

void api_wo_bulk(Req *r)
{
    if (!auth_require_or_reply(r, PERM_WO_DISPATCH, NULL))
        return;
    json_t *body = req_json_object_or_reply(r);
    if (!body)
        return;
    /* ids is a list of integers, which the declared spec cannot say: read it here */
    json_t *jids = json_object_get(body, "ids");
    if (!jids) {
        reply_error(r, 400, "missing_field", "ids", "请给出工单编号", "ids is required");
        return;
    }
    if (!json_is_array(jids) || json_array_size(jids) < 1 || json_array_size(jids) > BULK_MAX) {
        reply_error(r, 400, "bad_type", "ids", "ids 应为 1 到 100 个工单编号的数组",
                    "ids must be an array of 1 to 100 ids");
        return;
    }
    int n = (int)json_array_size(jids);
    int64_t *ids = arena_alloc(r->arena, sizeof *ids * (size_t)n);
    for (int i = 0; i < n; i++) {
        json_t *x = json_array_get(jids, (size_t)i);
        if (!json_is_integer(x) || json_integer_value(x) <= 0) {
            reply_error(r, 400, "bad_type", "ids", "ids 应为 1 到 100 个工单编号的数组",
                        "ids must be an array of 1 to 100 ids");
            return;
        }
        ids[i] = json_integer_value(x);
        for (int j = 0; j < i; j++)
            if (ids[j] == ids[i]) {
                reply_error(r, 400, "bad_value", "ids", "工单编号重复", "An id is given twice");
                return;
            }
    }
    json_object_del(body, "ids");
    JsonValue v[4];
    if (!json_fields_or_reply(r, body, bulk_spec, v))
        return;
    WoBulkKind k;
    if (!bulk_kind(v[0].s, &k)) {
        reply_error(r, 400, "bad_value", "action", "action 应为 assign、close 或 merge",
                    "action must be assign, close or merge");
        return;
    }
    int64_t org = v[1].present ? v[1].i : 0, merge_into = v[2].present ? v[2].i : 0;
    const char *note = v[3].present && *v[3].s ? v[3].s : NULL;
    if (!bulk_inputs_ok(r, k, org, merge_into, note))
        return;
    Ctx c = site_ctx(r);
    WoBulkResult *res = arena_alloc(r->arena, sizeof *res * (size_t)n);
    WoErr e;
    if (!wo_bulk(&c, k, ids, n, org, merge_into, note, res, &e)) {
        wo_err_reply(r, &e);
        return;
    }
    resp_json(r);
    Buf *b = &r->out;
    int done = 0;
    buf_puts(b, "{\"items\":[");
    for (int i = 0; i < n; i++) {
        done += res[i].ok;
        buf_printf(b, "%s{\"id\":%lld,\"ok\":%s", i ? "," : "", (long long)res[i].id, res[i].ok ? "true" : "false");
        if (res[i].target)
            buf_puts(b, ",\"target\":true");
        else if (res[i].ok)
            buf_printf(b, ",\"state\":%j", wo_state_name(res[i].state));
        else {
            const ErrorText *t = wo_err_text(res[i].err.msg);
            buf_printf(b, ",\"error\":{\"status\":%d,\"code\":%j,\"message\":%j,\"message_zh\":%j,\"field\":%j}",
                       t ? t->status : 500, t ? t->code : "internal", t ? t->en : "", t ? t->zh : "",
                       res[i].err.field);
        }
        buf_putc(b, '}');
    }
    buf_printf(b, "],\"done\":%d,\"failed\":%d}", done, n - done);
}

/* ---- export --------------------------------------------------------------------- */

/* At most this many rows go into one export: a street office's whole year
 * belongs in the metrics, not in a spreadsheet. */
#define EXPORT_MAX 5000

void page_wo_export(Req *r)
{
    if (!auth_require_or_reply(r, PERM_WO_READ, NULL))
        return;
    ListForm f;
    WoListQ q;
    if (!form_read(r, &f) || !form_query_model(r, &f, &q))
        return;
    if (q.scope != WO_SCOPE_GRID && q.scope != WO_SCOPE_COMPOUND && q.scope != WO_SCOPE_PATH) {
        reply_forbidden(r);
        return;
    }
    q.after = 0;
    q.per_page = 100;
    Ctx c = site_ctx(r);
    SheetXlsx x;
    if (!sheet_xlsx_begin(&x, "gz-workorders")) {
        reply_error(r, 500, "internal", NULL, "无法生成表格", "Could not write the spreadsheet");
        return;
    }
    lxw_workbook *wb = x.wb;
    lxw_worksheet *ws = wb ? workbook_add_worksheet(wb, "工单") : NULL;
    bool ok = ws != NULL;
    WoErr e = {WM_NONE, NULL, NULL};
    if (ok) {
        lxw_format *bold = workbook_add_format(wb);
        format_set_bold(bold);
        static const char *const head[] = {"编号", "类别", "院落", "位置", "状态", "超时", "上报时间", "办结时限", "问题描述"};
        sheet_xlsx_row_strings(ws, 0, head, 9, bold);
        worksheet_set_column(ws, 1, 3, 16, NULL);
        worksheet_set_column(ws, 6, 7, 18, NULL);
        worksheet_set_column(ws, 8, 8, 60, NULL);
        lxw_row_t row = 1;
        for (;;) {
            WoListPage lp;
            if (!wo_list_fetch(&c, &q, &lp, &e)) {
                ok = false;
                break;
            }
            for (int i = 0; i < lp.n && row <= EXPORT_MAX; i++, row++) {
                const WoOrder *o = &lp.rows[i];
                char created[20], due[20];
                clock_format_local(o->created_at, created);
                if (o->resolve_due)
                    clock_format_local(o->resolve_due, due);
                else
                    due[0] = 0;
                /* free text as this reader may see it: numbers masked outside the order's grid */
                const char *desc = wo_text(r->arena, wo_text_in_full(r->who, o), o->description);
                const char *place = strcmp(o->place_kind, "compound") == 0 ? "" : o->place_name;
                worksheet_write_number(ws, row, 0, (double)o->id, NULL);
                const char *cells[] = {o->category_name, o->compound_name, place, wo_state_label_zh(o->state),
                                       o->overdue && wo_state_is_open(o->state) ? "超时" : "", created, due};
                for (int k = 0; k < 7; k++)
                    worksheet_write_string(ws, row, (lxw_col_t)(k + 1), cells[k] ? cells[k] : "", NULL);
                /* a description is the reporter's text: never a formula */
                worksheet_write_string(ws, row, 8, desc ? desc : "", NULL);
            }
            if (!lp.next || row > EXPORT_MAX)
                break;
            q.after = lp.next;
        }
    }
    if (!sheet_xlsx_finish(&x, ok, &r->out)) {
        buf_reset(&r->out);
        if (e.msg != WM_NONE)
            wo_err_reply(r, &e);
        else
            reply_error(r, 500, "internal", NULL, "无法生成表格", "Could not write the spreadsheet");
        return;
    }
    r->content_type_out = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    resp_header(r, "Content-Disposition", "attachment; filename=\"workorders.xlsx\"");
}
