/* pages.c: the grid and register as server-rendered pages: home, tree
 * browsing, a household with its members, edit forms, search, import. */
#include "grid/web.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "site/site.h"
#include "core/utf8.h"
#include "grid/import.h"
#include "grid/pii.h"
#include "grid/register.h"
#include "site/page.h"

/* ---- small pieces ----------------------------------------------------- */

/* True when the form sent value for a repeated field (checkboxes). */
static bool form_has_value(const Req *r, const char *name, const char *value)
{
    for (int i = 0; i < r->n_form; i++)
        if (strcmp(r->form[i].key, name) == 0 && strcmp(r->form[i].value, value) == 0)
            return true;
    return false;
}

static void error_banner(Req *r, const char *msg)
{
    if (msg)
        buf_printf(&r->out, "<p class=\"warning\" role=\"alert\">%h</p>\n", msg);
}

/* Answers a model error on a page that has no form to re-render. */
static void page_err_reply(Req *r, const GridErr *e)
{
    grid_err_reply(r, e);
}

static void breadcrumb(Req *r, const char *path)
{
    NodeBrief *trail;
    int n;
    GridErr e;
    Ctx c = site_ctx(r);
    if (!grid_node_trail(&c, path, &trail, &n, &e))
        return;
    buf_printf(&r->out, "<nav class=\"breadcrumb\" aria-label=\"%s\">", L(r, "位置", "Location"));
    for (int i = 0; i < n; i++) {
        if (i)
            buf_puts(&r->out, " › ");
        const char *href = trail[i].kind == NODE_HOUSEHOLD ? "/households/" : "/nodes/";
        buf_printf(&r->out, "<a href=\"%s%lld\">%h</a>", href, (long long)trail[i].id, trail[i].name);
    }
    buf_puts(&r->out, "</nav>\n");
}

static const char *kind_label(Req *r, NodeKind k)
{
    return L(r, node_kind_label_zh(k), node_kind_name(k));
}

static const char *housing_label(Req *r, const char *housing)
{
    return L(r, grid_housing_label_zh(housing), housing ? housing : "");
}

static const char *residency_label(Req *r, const char *residency)
{
    if (residency && strcmp(residency, "permanent") == 0)
        return L(r, "常住", "permanent");
    if (residency && strcmp(residency, "floating") == 0)
        return L(r, "流动", "floating");
    return residency ? residency : "";
}

static const char *area_source_label(Req *r, const char *source)
{
    if (source && strcmp(source, "register") == 0)
        return L(r, "产权登记", "property register");
    if (source && strcmp(source, "survey") == 0)
        return L(r, "测绘", "survey");
    if (source && strcmp(source, "contract") == 0)
        return L(r, "购房合同", "sales contract");
    return source ? source : "";
}

static const char *gender_label(Req *r, const char *g)
{
    if (g && strcmp(g, "M") == 0)
        return L(r, "男", "M");
    if (g && strcmp(g, "F") == 0)
        return L(r, "女", "F");
    return "";
}

/* ---- home ----------------------------------------------------------------- */

void page_home(Req *r)
{
    if (!r->who) {
        page_begin(r, L(r, "欢迎", "Welcome"));
        buf_printf(&r->out,
                   "<section class=\"welcome\">\n<h1>%s</h1>\n<p class=\"lead\">%s</p>\n"
                   "<p><a class=\"button primary\" href=\"/login\">%s</a></p>\n</section>\n",
                   L(r, "欢迎使用共治", "Welcome to gongzhi"),
                   L(r, "老旧院落共建共治共享：报事、议事、公开账目，都在这里。",
                     "Co-governance of old residential compounds: report, decide and see the accounts, together."),
                   L(r, "登录", "Sign in"));
        /* what anyone may read without an account: each compound's notices, decisions, accounts and orders */
        Ctx cx = site_ctx(r);
        NodeList comps;
        if (grid_nodes_in(&cx, NULL, GRID_KIND(NODE_COMPOUND), 100, &comps) == GRID_OK && comps.n) {
            buf_printf(&r->out, "<section id=\"public\"><h2>%s</h2>\n<p>%s</p>\n<ul class=\"public-compounds\">\n",
                       L(r, "各院落公开信息", "Each compound's public information"),
                       L(r, "公示、决策、资金收支和报事办理情况，无需登录即可查看。",
                         "Notices, decisions, accounts and work orders, readable without signing in."));
            for (int i = 0; i < comps.n; i++)
                buf_printf(&r->out, "<li><a href=\"/public/compounds/%lld\">%h</a></li>\n", (long long)comps.items[i].id,
                           comps.items[i].name);
            buf_puts(&r->out, "</ul>\n</section>\n");
        }
        page_end(r);
        return;
    }
    const char *name = r->who->display_name && r->who->display_name[0] ? r->who->display_name : r->who->username;
    page_begin(r, L(r, "首页", "Home"));
    buf_printf(&r->out, "<h1>%s%h</h1>\n", L(r, "您好，", "Hello, "), name);
    if (page_home_sections(r))
        page_end(r);
}

bool page_home_sections(Req *r)
{
    Ctx cx = site_ctx(r);
    if (grid_may_read_register(&cx, NULL)) {
        /* a search is audited and counted, so it is a POST with the CSRF token */
        buf_puts(&r->out, "<form class=\"search\" method=\"post\" action=\"/search\" role=\"search\">\n");
        page_csrf_field(r);
        buf_printf(&r->out,
                   "<label for=\"q\">%s</label>\n<input id=\"q\" name=\"q\" type=\"search\" placeholder=\"%s\">\n"
                   "<button type=\"submit\">%s</button>\n</form>\n",
                   L(r, "查找住户或居民", "Find a household or resident"),
                   L(r, "姓名、地址、完整手机号或尾号4位", "Name, address, a whole phone or its last 4 digits"),
                   L(r, "搜索", "Search"));
    }
    buf_printf(&r->out, "<h2>%s</h2>\n<ul class=\"tree scopes\">\n", L(r, "我的范围", "My scopes"));
    for (int i = 0; i < r->who->n_grants; i++) {
        const Grant *g = &r->who->grants[i];
        NodeInfo n;
        if (!grid_node_load(r, g->node_id, &n))
            continue;
        const char *href = n.kind == NODE_HOUSEHOLD ? "/households/" : "/nodes/";
        const char *label = n.name;
        /* a household is known by its address, not by its door number alone */
        if (n.kind == NODE_HOUSEHOLD) {
            HouseholdInfo h;
            GridRead got = grid_household_get(&cx, n.id, &h);
            if (got == GRID_OK)
                label = h.address;
            else if (got != GRID_NOT_FOUND) {
                reply_storage_error(r);
                return false;
            }
        }
        buf_printf(&r->out, "<li><a href=\"%s%lld\">%h</a> <span class=\"kind\">%h</span> <span class=\"role\">%h</span></li>\n",
                   href, (long long)n.id, label, kind_label(r, n.kind),
                   L(r, role_label_zh(g->role), role_name(g->role)));
    }
    if (r->who->n_grants == 0)
        buf_printf(&r->out, "<li>%s</li>\n", L(r, "您还没有被授予任何范围，请联系社区。",
                                               "You have no scope yet; please ask the community office."));
    buf_puts(&r->out, "</ul>\n");
    /* the things a resident comes for, one tap away */
    buf_puts(&r->out, "<p class=\"actions\">");
    if (perm_allows(r->who, PERM_WO_REPORT, NULL))
        buf_printf(&r->out, "<a class=\"button\" href=\"/workorders/new\">%s</a> ", L(r, "我要报事", "Report a problem"));
    buf_printf(&r->out, "<a class=\"button secondary\" href=\"/notices\">%s</a> <a class=\"button secondary\" href=\"/votes\">%s</a></p>\n",
               L(r, "看公示", "Public notices"), L(r, "参加表决", "Votes"));
    if (grid_may_import(&cx, NULL))
        buf_printf(&r->out, "<p><a class=\"button\" href=\"/import\">%s</a></p>\n",
                   L(r, "导入住户登记表", "Import a household register"));
    return true;
}

/* ---- tree ----------------------------------------------------------------- */

static void children_list(Req *r, const NodeBrief *kids, int n)
{
    if (n == 0) {
        buf_printf(&r->out, "<p>%s</p>\n", L(r, "下面还没有内容。", "Nothing below yet."));
        return;
    }
    buf_puts(&r->out, "<ul class=\"tree children\">\n");
    for (int i = 0; i < n; i++) {
        const char *href = kids[i].kind == NODE_HOUSEHOLD ? "/households/" : "/nodes/";
        buf_printf(&r->out, "<li><a href=\"%s%lld\">%h</a> <span class=\"kind\">%h</span>", href,
                   (long long)kids[i].id, kids[i].name, kind_label(r, kids[i].kind));
        if (kids[i].households >= 0)
            buf_printf(&r->out, " <span class=\"count\">%lld %s</span>", (long long)kids[i].households,
                       L(r, "户", "households"));
        buf_puts(&r->out, "</li>\n");
    }
    buf_puts(&r->out, "</ul>\n");
}

/* A compound's buildings, each with its units, from one query; false on a
 * storage error (nothing replied). */
static bool compound_buildings(Req *r, const NodeInfo *c, const NodeBrief *kids, int n)
{
    if (n == 0) {
        buf_printf(&r->out, "<p>%s</p>\n", L(r, "还没有登记楼栋。", "No buildings yet."));
        return true;
    }
    typedef struct { int64_t id, parent; const char *name; } UnitRow;
    int cap = 32, k = 0;
    UnitRow *units = arena_alloc(r->arena, sizeof *units * (size_t)cap);
    DbStmt *st = db_query(r->db,
                          "SELECT u.id, u.parent_id, u.name FROM node u JOIN node b ON b.id = u.parent_id "
                          "WHERE b.parent_id = ? AND u.kind = 'unit' ORDER BY u.sort, u.id",
                          DB_I(c->id));
    while (db_step(st) == DB_ROW) {
        if (k == cap) {
            UnitRow *nv = arena_alloc(r->arena, sizeof *nv * (size_t)cap * 2);
            memcpy(nv, units, sizeof *units * (size_t)cap);
            units = nv;
            cap *= 2;
        }
        units[k].id = db_col_int(st, 0);
        units[k].parent = db_col_int(st, 1);
        units[k].name = arena_strdup(r->arena, db_col_text(st, 2));
        k++;
    }
    if (!db_done(st))
        return false;
    buf_puts(&r->out, "<ul class=\"tree buildings\">\n");
    for (int i = 0; i < n; i++) {
        buf_printf(&r->out, "<li><a href=\"/nodes/%lld\">%h</a> <span class=\"count\">%lld %s</span>",
                   (long long)kids[i].id, kids[i].name, (long long)(kids[i].households > 0 ? kids[i].households : 0),
                   L(r, "户", "households"));
        bool any = false;
        for (int j = 0; j < k; j++) {
            if (units[j].parent != kids[i].id)
                continue;
            buf_printf(&r->out, "%s<a href=\"/nodes/%lld\">%h</a>", any ? " " : " · ", (long long)units[j].id,
                       units[j].name);
            any = true;
        }
        buf_puts(&r->out, "</li>\n");
    }
    buf_puts(&r->out, "</ul>\n");
    return true;
}

static void household_table(Req *r, const NodeInfo *c, int64_t page)
{
    Ctx cx = site_ctx(r);
    const int64_t per_page = 20;
    Household *hs;
    int n;
    GridPaging pg = {page, per_page, 0};
    GridPageInfo info;
    GridErr e;
    if (!grid_households_page(&cx, c, &pg, &hs, &n, &info, &e)) {
        error_banner(r, grid_err_text(r, &e));
        return;
    }
    buf_printf(&r->out, "<h2>%s <small>%lld%s %s</small></h2>\n", L(r, "住户", "Households"), (long long)info.total,
               info.capped ? "+" : "", L(r, "户", "in all"));
    buf_printf(&r->out,
               "<div class=\"table-wrap\"><table class=\"households\">\n<thead><tr><th>%s</th><th>%s</th><th>%s</th><th>%s</th><th>%s</th>"
               "<th>%s</th></tr></thead>\n<tbody>\n",
               L(r, "楼栋", "Building"), L(r, "单元", "Unit"), L(r, "门牌", "Door"), L(r, "面积", "Area"),
               L(r, "住房性质", "Housing"), L(r, "人数", "People"));
    for (int i = 0; i < n; i++) {
        const Household *h = &hs[i];
        buf_printf(&r->out, "<tr><td>%h</td><td>%h</td><td><a href=\"/households/%lld\">%h</a></td>", h->building,
                   h->unit, (long long)h->id, h->door);
        if (h->area > 0)
            buf_printf(&r->out, "<td>%A m²</td>", h->area);
        else
            buf_printf(&r->out, "<td>%s</td>", L(r, "未登记", "not recorded"));
        buf_printf(&r->out, "<td>%h</td><td>%d</td></tr>\n", housing_label(r, h->housing), h->n_members);
    }
    buf_puts(&r->out, "</tbody>\n</table></div>\n");
    int64_t pages = (info.total + per_page - 1) / per_page;
    if (pages > 1) {
        buf_puts(&r->out, "<nav class=\"pager\">");
        if (page > 1)
            buf_printf(&r->out, "<a href=\"/nodes/%lld?page=%lld\">%s</a> ", (long long)c->id, (long long)(page - 1),
                       L(r, "上一页", "Previous"));
        buf_printf(&r->out, "<span>%lld / %lld</span>", (long long)page, (long long)pages);
        if (page < pages)
            buf_printf(&r->out, " <a href=\"/nodes/%lld?page=%lld\">%s</a>", (long long)c->id, (long long)(page + 1),
                       L(r, "下一页", "Next"));
        buf_puts(&r->out, "</nav>\n");
    }
}

void page_node(Req *r)
{
    int64_t id, page;
    NodeInfo n;
    if (!req_param_id_or_reply(r, "id", &id))
        return;
    if (!grid_node_load(r, id, &n)) {
        reply_not_found(r);
        return;
    }
    /* A household has its own page, which checks the register right. */
    if (n.kind == NODE_HOUSEHOLD) {
        resp_redirect(r, arena_printf(r->arena, "/households/%lld", (long long)id));
        return;
    }
    if (!auth_require_or_reply(r, PERM_TREE_READ, n.path) || !req_query_int_or_reply(r, "page", 1, 1, 1000000, &page))
        return;
    NodeBrief *kids;
    int n_kids;
    GridErr e;
    Ctx c = site_ctx(r);
    if (!grid_node_children(&c, &n, &kids, &n_kids, &e)) {
        page_err_reply(r, &e);
        return;
    }
    page_begin(r, n.name);
    breadcrumb(r, n.path);
    buf_printf(&r->out, "<h1>%h <small class=\"kind\">%h</small></h1>\n", n.name, kind_label(r, n.kind));
    if (n.kind == NODE_COMPOUND) {
        buf_printf(&r->out, "<h2>%s</h2>\n", L(r, "楼栋与单元", "Buildings and units"));
        if (!compound_buildings(r, &n, kids, n_kids)) {
            reply_storage_error(r);
            return;
        }
        if (grid_may_read_register(&c, n.path))
            household_table(r, &n, page);
    } else {
        buf_printf(&r->out, "<h2>%s</h2>\n", L(r, "下级", "Below"));
        children_list(r, kids, n_kids);
    }
    page_end(r);
}

/* ---- household ------------------------------------------------------------ */

enum { FORM_NONE, FORM_EDIT, FORM_ADD };

/* The value to show in a field: what the user sent when their form failed,
 * else the stored value. */
static const char *field_value(Req *r, int failed_form, int this_form, const char *name, const char *stored)
{
    if (failed_form == this_form) {
        const char *v = req_form(r, name);
        return v ? v : "";
    }
    return stored ? stored : "";
}

static void select_options(Req *r, const char *const *values, const char *const *labels, const char *chosen)
{
    for (int i = 0; values[i]; i++)
        buf_printf(&r->out, "<option value=\"%h\"%s>%h</option>", values[i],
                   chosen && strcmp(chosen, values[i]) == 0 ? " selected" : "", labels[i]);
}

static void member_rows(Req *r, const Household *h, bool can_reveal)
{
    buf_printf(&r->out,
               "<div class=\"table-wrap\"><table class=\"members cards\">\n<thead><tr><th>%s</th><th>%s</th><th>%s</th><th>%s</th><th>%s</th>"
               "<th>%s</th><th>%s</th><th>%s</th>%s</tr></thead>\n<tbody>\n",
               L(r, "姓名", "Name"), L(r, "性别", "Gender"), L(r, "出生年份", "Born"), L(r, "居住", "Residency"),
               L(r, "与户主关系", "Relation"), L(r, "身份证号", "ID number"), L(r, "电话", "Phone"),
               L(r, "标签", "Tags"), can_reveal ? "<th></th>" : "");
    for (int i = 0; i < h->n_members; i++) {
        const Member *m = &h->members[i];
        /* data-label lets a phone show each row as a card (app.css) */
        buf_printf(&r->out, "<tr><td data-label=\"%s\">%h</td><td data-label=\"%s\">%h</td><td data-label=\"%s\">",
                   L(r, "姓名", "Name"), m->name, L(r, "性别", "Gender"), gender_label(r, m->gender),
                   L(r, "出生年份", "Born"));
        if (m->birth_year)
            buf_printf(&r->out, "%lld", (long long)m->birth_year);
        buf_printf(&r->out, "</td><td data-label=\"%s\">%h</td><td data-label=\"%s\">%h</td>"
                            "<td data-label=\"%s\"><span class=\"masked\">%h</span></td>"
                            "<td data-label=\"%s\"><span class=\"masked\">%h</span></td><td data-label=\"%s\">",
                   L(r, "居住", "Residency"), residency_label(r, m->residency), L(r, "与户主关系", "Relation"),
                   m->relation, L(r, "身份证号", "ID number"), m->id_mask ? m->id_mask : "", L(r, "电话", "Phone"),
                   m->phone_mask ? m->phone_mask : "", L(r, "标签", "Tags"));
        /* Tags are shown by their Chinese labels; sensitive ones only to
         * those allowed to see them. */
        const char *p = m->tags ? m->tags : "";
        bool first = true;
        while (*p) {
            const char *end = strchr(p, ',');
            size_t len = end ? (size_t)(end - p) : strlen(p);
            char *tag = arena_strndup(r->arena, p, len);
            if (tag[0] && (h->show_sensitive || !pii_tag_sensitive(tag))) {
                buf_printf(&r->out, "%s<span class=\"tag\">%h</span>", first ? "" : " ",
                           L(r, pii_tag_label_zh(tag), tag));
                first = false;
            }
            p += len;
            if (*p == ',')
                p++;
        }
        buf_puts(&r->out, "</td>");
        if (can_reveal)
            buf_printf(&r->out,
                       "<td><span id=\"pii-%lld\"><button type=\"button\" class=\"button small\" "
                       "hx-get=\"/persons/%lld/reveal\" hx-target=\"#pii-%lld\" hx-swap=\"outerHTML\">%s</button>"
                       "</span></td>",
                       (long long)m->id, (long long)m->id, (long long)m->id,
                       L(r, "显示完整信息", "Show full details"));
        buf_puts(&r->out, "</tr>\n");
    }
    if (h->n_members == 0)
        buf_printf(&r->out, "<tr><td colspan=\"%d\">%s</td></tr>\n", can_reveal ? 9 : 8,
                   L(r, "还没有登记成员。", "No members recorded yet."));
    buf_puts(&r->out, "</tbody>\n</table></div>\n");
}

static void owner_rows(Req *r, const Household *h)
{
    if (h->n_owners == 0)
        return;
    buf_printf(&r->out,
               "<h2>%s</h2>\n<div class=\"table-wrap\"><table class=\"owners\">\n<thead><tr><th>%s</th><th>%s</th><th>%s</th><th>%s</th></tr>"
               "</thead>\n<tbody>\n",
               L(r, "这套房的产权人", "Owners of this flat"), L(r, "姓名", "Name"), L(r, "身份证号", "ID number"),
               L(r, "份额", "Share"), L(r, "面积来源", "Area source"));
    for (int i = 0; i < h->n_owners; i++) {
        const Owner *o = &h->owners[i];
        /* basis points shown as a percentage with two decimals, integer arithmetic */
        const char *share = o->share_bp > 0 ? arena_printf(r->arena, "%d.%02d%%", o->share_bp / 100, o->share_bp % 100)
                                            : L(r, "共同共有", "joint");
        buf_printf(&r->out, "<tr><td>%h%s</td><td><span class=\"masked\">%h</span></td><td>%s</td><td>%h</td></tr>\n",
                   o->name, o->is_developer ? L(r, "（开发商）", " (developer)") : "", o->id_mask ? o->id_mask : "",
                   share, area_source_label(r, o->area_source));
    }
    buf_puts(&r->out, "</tbody>\n</table></div>\n");
}

static void edit_form(Req *r, const Household *h, int failed_form)
{
    static const char *const housing_values[] = {"owned", "rented", "public", "vacant", NULL};
    static const char *const housing_zh[] = {"自有", "租住", "公房", "空置", NULL};
    static const char *const housing_en[] = {"owned", "rented", "public", "vacant", NULL};
    const char *area = h->area > 0 ? arena_printf(r->arena, "%A", h->area) : "";
    buf_printf(&r->out,
               "<h2>%s</h2>\n<form class=\"edit\" method=\"post\" action=\"/households/%lld\">\n",
               L(r, "修改户信息", "Edit household"), (long long)h->id);
    page_csrf_field(r);
    buf_printf(&r->out,
               "\n<label>%s <input type=\"text\" name=\"door\" required maxlength=\"20\" value=\"%h\"></label>\n"
               "<label>%s <input type=\"text\" name=\"area\" inputmode=\"decimal\" placeholder=\"60.25\" value=\"%h\"></label>\n"
               "<label>%s <select name=\"housing\">",
               L(r, "门牌号", "Door"), field_value(r, failed_form, FORM_EDIT, "door", h->door),
               L(r, "面积（平方米）", "Area (m²)"), field_value(r, failed_form, FORM_EDIT, "area", area),
               L(r, "住房性质", "Housing"));
    select_options(r, housing_values, r->lang[0] == 'e' ? housing_en : housing_zh,
                   field_value(r, failed_form, FORM_EDIT, "housing", h->housing));
    buf_printf(&r->out,
               "</select></label>\n<label>%s <textarea name=\"note\" maxlength=\"500\">%h</textarea></label>\n"
               "<button type=\"submit\" class=\"primary\">%s</button>\n</form>\n",
               L(r, "备注", "Note"), field_value(r, failed_form, FORM_EDIT, "note", h->note), L(r, "保存", "Save"));
}

static void add_member_form(Req *r, const Household *h, int failed_form)
{
    static const char *const gender_values[] = {"", "M", "F", NULL};
    static const char *const gender_zh[] = {"（未填）", "男", "女", NULL};
    static const char *const gender_en[] = {"(not given)", "M", "F", NULL};
    static const char *const residency_values[] = {"permanent", "floating", NULL};
    static const char *const residency_zh[] = {"常住", "流动", NULL};
    static const char *const residency_en[] = {"permanent", "floating", NULL};
    bool echo = failed_form == FORM_ADD;
    buf_printf(&r->out, "<h2>%s</h2>\n<form class=\"add-member\" method=\"post\" action=\"/households/%lld/persons\">\n",
               L(r, "添加成员", "Add a member"), (long long)h->id);
    page_csrf_field(r);
    buf_printf(&r->out, "\n<label>%s <input type=\"text\" name=\"name\" required maxlength=\"50\" value=\"%h\"></label>\n"
                        "<label>%s <select name=\"gender\">",
               L(r, "姓名", "Name"), field_value(r, failed_form, FORM_ADD, "name", ""), L(r, "性别", "Gender"));
    bool en = r->lang[0] == 'e';
    select_options(r, gender_values, en ? gender_en : gender_zh, echo ? req_form(r, "gender") : "");
    buf_printf(&r->out,
               "</select></label>\n<label>%s <input type=\"text\" name=\"birth_year\" inputmode=\"numeric\" maxlength=\"4\" "
               "value=\"%h\"></label>\n<label>%s <select name=\"residency\">",
               L(r, "出生年份", "Birth year"), field_value(r, failed_form, FORM_ADD, "birth_year", ""),
               L(r, "居住类型", "Residency"));
    select_options(r, residency_values, en ? residency_en : residency_zh, echo ? req_form(r, "residency") : "permanent");
    buf_printf(&r->out,
               "</select></label>\n<label>%s <input type=\"text\" name=\"relation\" maxlength=\"20\" value=\"%h\"></label>\n"
               "<label>%s <input type=\"text\" name=\"id_number\" maxlength=\"18\" autocomplete=\"off\" value=\"%h\"></label>\n"
               "<label>%s <input type=\"tel\" name=\"phone\" inputmode=\"tel\" maxlength=\"11\" autocomplete=\"off\" value=\"%h\">"
               "</label>\n<fieldset class=\"tags\"><legend>%s</legend>\n",
               L(r, "与户主关系", "Relation"), field_value(r, failed_form, FORM_ADD, "relation", ""),
               L(r, "身份证号", "ID number"), field_value(r, failed_form, FORM_ADD, "id_number", ""),
               L(r, "手机号", "Mobile phone"), field_value(r, failed_form, FORM_ADD, "phone", ""),
               L(r, "标签", "Tags"));
    for (int i = 0; g_pii_tags[i]; i++) {
        const char *t = g_pii_tags[i];
        if (pii_tag_sensitive(t) && !h->show_sensitive)
            continue;
        buf_printf(&r->out, "<label class=\"check\"><input type=\"checkbox\" name=\"tags\" value=\"%h\"%s> %h</label>\n",
                   t, echo && form_has_value(r, "tags", t) ? " checked" : "", L(r, pii_tag_label_zh(t), t));
    }
    buf_printf(&r->out, "</fieldset>\n<button type=\"submit\" class=\"primary\">%s</button>\n</form>\n",
               L(r, "添加", "Add"));
}

/* The household page; error and failed_form re-render a form that failed
 * with the user's input kept. */
static void household_render(Req *r, int64_t id, const char *error, int failed_form)
{
    Ctx cx = site_ctx(r);
    Household h;
    GridErr e;
    if (!grid_household_load(&cx, id, &h, &e)) {
        page_err_reply(r, &e);
        return;
    }
    bool can_reveal = grid_may_see_pii(&cx, h.path);
    bool can_edit = grid_may_edit_register(&cx, h.path);
    page_begin(r, h.address);
    breadcrumb(r, h.path);
    buf_printf(&r->out, "<h1>%h</h1>\n", h.address);
    error_banner(r, error);
    buf_printf(&r->out, "<dl class=\"facts\">\n<dt>%s</dt><dd>",
               L(r, "房屋建筑面积（表决和维修资金都按它计）", "Floor area of the flat (votes and levies both use it)"));
    if (h.area > 0)
        buf_printf(&r->out, "%A m²", h.area);
    else
        buf_puts(&r->out, L(r, "未登记", "not recorded"));
    buf_printf(&r->out, "</dd>\n<dt>%s</dt><dd>%h</dd>\n", L(r, "住房性质", "Housing"), housing_label(r, h.housing));
    if (h.grid)
        buf_printf(&r->out, "<dt>%s</dt><dd>%h</dd>\n", L(r, "网格", "Grid"), h.grid);
    if (h.micro_grid)
        buf_printf(&r->out, "<dt>%s</dt><dd>%h</dd>\n", L(r, "微网格", "Micro-grid"), h.micro_grid);
    if (h.note && h.note[0])
        buf_printf(&r->out, "<dt>%s</dt><dd>%h</dd>\n", L(r, "备注", "Note"), h.note);
    buf_printf(&r->out, "</dl>\n<h2>%s</h2>\n", L(r, "家庭成员", "Members"));
    member_rows(r, &h, can_reveal);
    owner_rows(r, &h);
    if (can_edit) {
        edit_form(r, &h, failed_form);
        add_member_form(r, &h, failed_form);
    }
    page_end(r);
}

/* Loads the household of the path parameter and checks perm; replies itself. */
static bool household_page_node(Req *r, Perm perm, NodeInfo *n)
{
    int64_t id;
    if (!req_param_id_or_reply(r, "id", &id) || !grid_node_load_allowed_or_reply(r, id, perm, n))
        return false;
    if (n->kind != NODE_HOUSEHOLD) {
        reply_not_found(r);
        return false;
    }
    return true;
}

void page_household(Req *r)
{
    NodeInfo n;
    if (!household_page_node(r, PERM_REGISTER_READ, &n))
        return;
    household_render(r, n.id, NULL, FORM_NONE);
}

/* A form that failed: the page again, with the reason above it. The request
 * is marked failed so that anything written is rolled back. */
static void household_form_failed(Req *r, int64_t id, const GridErr *e, int form)
{
    buf_reset(&r->out);
    household_render(r, id, grid_err_text(r, e), form);
    r->status = grid_err_status(e);
    r->failed = true;
}

void page_household_edit_post(Req *r)
{
    Ctx cx = site_ctx(r);
    NodeInfo n;
    if (!household_page_node(r, PERM_REGISTER_EDIT, &n))
        return;
    HouseholdInput in = {0};
    GridErr e = {0};
    in.door = req_form_trim(r, "door");
    in.housing = req_form_trim(r, "housing");
    if (in.housing && !in.housing[0])
        in.housing = NULL;
    in.note = req_form_trim(r, "note");
    const char *area = req_form_trim(r, "area");
    if (area) {
        in.set_area = true;
        if (area[0] && !grid_parse_area(area, &in.area)) {
            grid_fail(&e, GM_AREA_TEXT_BAD, "area");
            household_form_failed(r, n.id, &e, FORM_EDIT);
            return;
        }
    }
    if (!grid_household_update(&cx, &n, &in, &e)) {
        household_form_failed(r, n.id, &e, FORM_EDIT);
        return;
    }
    resp_redirect(r, arena_printf(r->arena, "/households/%lld", (long long)n.id));
}

void page_person_add_post(Req *r)
{
    Ctx cx = site_ctx(r);
    NodeInfo n;
    if (!household_page_node(r, PERM_REGISTER_EDIT, &n))
        return;
    PersonInput in = {0};
    GridErr e = {0};
    in.name = req_form_trim(r, "name");
    if (!in.name)
        in.name = "";
    in.gender = req_form_trim(r, "gender");
    in.residency = req_form_trim(r, "residency");
    if (!in.residency)
        in.residency = "";
    in.relation = req_form_trim(r, "relation");
    in.id_number = req_form_trim(r, "id_number");
    in.phone = req_form_trim(r, "phone");
    const char *by = req_form_trim(r, "birth_year");
    if (by && by[0]) {
        int64_t y = 0;
        bool ok = strlen(by) == 4;
        for (const char *p = by; ok && *p; p++) {
            ok = *p >= '0' && *p <= '9';
            y = y * 10 + (*p - '0');
        }
        if (!ok) {
            grid_fail(&e, GM_BIRTH_YEAR_TEXT_BAD, "birth_year");
            household_form_failed(r, n.id, &e, FORM_ADD);
            return;
        }
        in.set_birth_year = true;
        in.birth_year = y;
    }
    int n_tags = 0;
    for (int i = 0; i < r->n_form; i++)
        if (strcmp(r->form[i].key, "tags") == 0 && r->form[i].value[0])
            n_tags++;
    const char **tags = arena_alloc(r->arena, sizeof *tags * (size_t)(n_tags + 1));
    n_tags = 0;
    for (int i = 0; i < r->n_form; i++)
        if (strcmp(r->form[i].key, "tags") == 0 && r->form[i].value[0])
            tags[n_tags++] = r->form[i].value;
    in.set_tags = n_tags > 0;
    in.tags = tags;
    in.n_tags = n_tags;
    if (!grid_person_save(&cx, &n, 0, &in, NULL, &e)) {
        household_form_failed(r, n.id, &e, FORM_ADD);
        return;
    }
    resp_redirect(r, arena_printf(r->arena, "/households/%lld", (long long)n.id));
}

void page_person_reveal(Req *r)
{
    Ctx cx = site_ctx(r);
    int64_t pid;
    Member m;
    NodeInfo hh;
    if (!req_param_id_or_reply(r, "id", &pid))
        return;
    GridErr me;
    if (!grid_member_load(&cx, pid, &m, &me)) {
        if (me.msg == GM_NO_PERSON)
            reply_not_found(r);
        else
            page_err_reply(r, &me);
        return;
    }
    if (!grid_node_load_allowed_or_reply(r, m.household_id, PERM_PII_FULL, &hh))
        return;
    char *id_number, *phone;
    GridErr e;
    if (!grid_person_reveal(&cx, pid, &id_number, &phone, &e)) {
        grid_err_reply(r, &e);
        return;
    }
    r->content_type_out = "text/html; charset=utf-8";
    buf_printf(&r->out,
               "<span id=\"pii-%lld\" class=\"revealed\">%s <strong>%h</strong> · %s <strong>%h</strong></span>",
               (long long)pid, L(r, "身份证号", "ID"), id_number ? id_number : L(r, "未登记", "none"),
               L(r, "电话", "Phone"), phone ? phone : L(r, "未登记", "none"));
    free(id_number);
    free(phone);
}

/* ---- search --------------------------------------------------------------- */

/* The search form, q filled in when given. */
static void search_form(Req *r, const char *q)
{
    buf_printf(&r->out, "<h1>%s</h1>\n<form class=\"search\" method=\"post\" action=\"/search\" role=\"search\">\n",
               L(r, "查找住户或居民", "Find a household or resident"));
    page_csrf_field(r);
    buf_printf(&r->out,
               "<label for=\"q\">%s</label>\n<input id=\"q\" name=\"q\" type=\"search\" value=\"%h\" autofocus>\n"
               "<button type=\"submit\">%s</button>\n</form>\n"
               "<p class=\"hint\">%s</p>\n",
               L(r, "姓名、地址、完整手机号或身份证号，或手机尾号4位", "Name, address, a whole phone or ID number, or a phone's last 4 digits"),
               q ? q : "", L(r, "搜索", "Search"),
               L(r, "每次搜索都会记入审计日志；电话和身份证号只能按完整号码查找。",
                 "Every search is recorded in the audit log; phones and ID numbers are found by the whole number only."));
}

void page_search(Req *r)
{
    if (!auth_require_or_reply(r, PERM_REGISTER_READ, NULL))
        return;
    /* GET only shows the form: the search itself is a POST (it is audited) */
    const char *q = req_query(r, "q");
    if (q && (!utf8_valid(q, strlen(q)) || utf8_len(q) > 50))
        q = NULL;
    page_begin(r, L(r, "搜索", "Search"));
    search_form(r, q);
    page_end(r);
}

void page_search_post(Req *r)
{
    Ctx cx = site_ctx(r);
    if (!auth_require_or_reply(r, PERM_REGISTER_READ, NULL))
        return;
    const char *q = grid_search_text_or_reply(r);
    if (!q)
        return;
    SearchHit *hits = NULL;
    int n = 0;
    GridErr e;
    if (!grid_search(&cx, q, &hits, &n, &e)) {
        grid_err_reply(r, &e);
        return;
    }
    page_begin(r, L(r, "搜索", "Search"));
    search_form(r, q);
    if (n == 0)
        buf_printf(&r->out, "<p>%s</p>\n", L(r, "没有找到。", "Nothing found."));
    else
        buf_printf(&r->out, "<p>%s %d %s</p>\n<ul class=\"tree results\">\n", L(r, "找到", "Found"), n,
                   L(r, "条", "results"));
    for (int i = 0; i < n; i++) {
        const SearchHit *h = &hits[i];
        buf_printf(&r->out, "<li><a href=\"/households/%lld\">%h</a>", (long long)h->household_id, h->address);
        if (h->is_person) {
            buf_printf(&r->out, " · %h", h->name);
            if (h->phone_mask)
                buf_printf(&r->out, " <span class=\"masked\">%h</span>", h->phone_mask);
        }
        buf_puts(&r->out, "</li>\n");
    }
    if (n)
        buf_puts(&r->out, "</ul>\n");
    if (n >= GRID_SEARCH_MAX)
        buf_printf(&r->out, "<p>%s</p>\n",
                   L(r, "结果较多，只显示前50条，请输入更具体的内容。", "Only the first 50 are shown; be more specific."));
    page_end(r);
}

/* ---- import --------------------------------------------------------------- */

static bool import_scope_or_reply(Req *r, const char **scope)
{
    Ctx cx = site_ctx(r);
    if (!auth_require_or_reply(r, PERM_IMPORT, NULL))
        return false;
    *scope = grid_import_scope(&cx);
    if (!*scope) {
        reply_forbidden(r);
        return false;
    }
    return auth_require_or_reply(r, PERM_IMPORT, *scope);
}

static void import_form(Req *r, const char *error)
{
    page_begin(r, L(r, "导入住户登记表", "Import a household register"));
    buf_printf(&r->out, "<h1>%s</h1>\n", L(r, "导入住户登记表", "Import a household register"));
    error_banner(r, error);
    buf_printf(&r->out,
               "<p>%s</p>\n<p class=\"hint\">%s</p>\n"
               "<form class=\"import\" method=\"post\" action=\"/import\" enctype=\"multipart/form-data\">\n",
               L(r, "上传 CSV 或 Excel（.xlsx、.xls）文件，每行一位居民；同一院落、楼栋、单元、门牌的行为同一套房、同一户。"
                    "同一门牌住着几户时，用“户号”列区分，或各户各写一位户主。不住在这里的产权人，居住类型填“不在此居住”。",
                 "Upload a CSV or Excel (.xlsx, .xls) file, one resident per row; rows with the same compound, building, "
                 "unit and door are one flat and one household. Several households at one door are told apart by a "
                 "household number column, or each has its own head. An owner who lives elsewhere has residency "
                 "“不在此居住” (absent)."),
               L(r, "列：院落、楼栋、单元、门牌、面积、住房性质、姓名、性别、身份证号、电话、出生年份（或出生日期）、居住类型、与户主关系、标签、是否产权人、户号；"
                    "其他列（序号、备注等）不导入，检查结果会逐列说明。GBK 编码的文件会自动转换。",
                 "Columns: compound, building, unit, door, area, housing, name, gender, id_number, phone, birth_year "
                 "(or birth date), residency, relation, tags, owner, household_no; other columns are not imported, and "
                 "the report lists each one. GBK files are converted automatically."));
    page_csrf_field(r);
    buf_printf(&r->out,
               "\n<label>%s <input type=\"file\" name=\"file\" accept=\".csv,.xlsx,.xls,text/csv\" required></label>\n"
               "<label class=\"check\"><input type=\"checkbox\" name=\"dry_run\" value=\"1\" checked> %s</label>\n"
               "<button type=\"submit\" class=\"primary\">%s</button>\n</form>\n",
               L(r, "文件", "File"), L(r, "只检查不导入", "Check only, do not import (dry run)"),
               L(r, "上传", "Upload"));
    page_end(r);
}

void page_import(Req *r)
{
    const char *scope;
    if (!import_scope_or_reply(r, &scope))
        return;
    import_form(r, NULL);
}

/* The columns as read, the warnings and the suggested names: shown with every result. */
static void import_report_details(Req *r, const ImportReport *rep)
{
    for (int i = 0; i < rep->n_suggestions; i++) {
        const ImportSuggestion *sg = &rep->suggestions[i];
        buf_printf(&r->out, "<p class=\"notice\">%s“%h”%s", L(r, "没有名为", "No compound is named "), sg->name,
                   L(r, "的院落，是不是：", "; did you mean: "));
        for (int k = 0; k < sg->n; k++)
            buf_printf(&r->out, "%s“%h”", k ? L(r, "、", ", ") : "", sg->names[k]);
        buf_puts(&r->out, "</p>\n");
    }
    if (rep->n_warnings > 0) {
        buf_printf(&r->out, "<h2>%s</h2>\n<ul class=\"warnings\">\n", L(r, "提醒", "Warnings"));
        for (int i = 0; i < rep->n_warnings; i++)
            buf_printf(&r->out, "<li>%h</li>\n", rep->warnings[i].message);
        buf_puts(&r->out, "</ul>\n");
    }
    if (rep->n_columns > 0) {
        buf_printf(&r->out,
                   "<h2>%s</h2>\n<div class=\"table-wrap\"><table class=\"columns\">\n<thead><tr><th>%s</th><th>%s</th>"
                   "<th>%s</th><th>%s</th></tr></thead>\n<tbody>\n",
                   L(r, "各列的读取情况", "How each column was read"), L(r, "列", "Column"), L(r, "表头", "Header"),
                   L(r, "用途", "Used as"), L(r, "日期", "Dates"));
        for (int i = 0; i < rep->n_columns; i++) {
            const ImportColumn *c = &rep->columns[i];
            buf_printf(&r->out, "<tr><td>%d</td><td>%h</td><td>%h</td><td>%s</td></tr>\n", c->index,
                       c->header[0] ? c->header : L(r, "（无表头）", "(no header)"),
                       c->field[0] ? L(r, c->field_zh, c->field) : L(r, "未使用（不导入）", "ignored (not imported)"),
                       c->dates ? L(r, "按日期读取", "read as dates") : "");
        }
        buf_puts(&r->out, "</tbody>\n</table></div>\n");
    }
}

void page_import_post(Req *r)
{
    const char *scope;
    if (!import_scope_or_reply(r, &scope))
        return;
    const Upload *u = req_upload(r, "file");
    if (!u || u->len == 0) {
        r->status = 400;
        r->failed = true;
        import_form(r, L(r, "请选择一个 CSV、XLSX 或 XLS 文件。", "Choose a CSV, XLSX or XLS file."));
        return;
    }
    const char *dry = req_form(r, "dry_run");
    bool dry_run = dry && dry[0] && strcmp(dry, "0") != 0;
    ImportReport rep;
    memset(&rep, 0, sizeof rep);
    /* The content tells the format: offices rename files freely. */
    Ctx ic = site_ctx(r);
    bool ok = import_register(r->db, ctx_actor(&ic), scope, grid_may_see_pii(&ic, scope), u->data, u->len, IMPORT_GUESS,
                              dry_run, &rep);
    page_begin(r, L(r, "导入结果", "Import report"));
    buf_printf(&r->out, "<h1>%s</h1>\n", L(r, "导入结果", "Import report"));
    if (rep.converted_from_gbk)
        buf_printf(&r->out, "<p class=\"notice\">%s</p>\n",
                   L(r, "文件为 GBK 编码，已自动转换为 UTF-8", "The file was GBK-encoded and was converted to UTF-8"));
    if (ok) {
        buf_printf(&r->out, "<p class=\"ok\">%s</p>\n",
                   dry_run ? L(r, "检查通过，没有发现问题。取消勾选“只检查不导入”后再上传即可正式导入。",
                               "No problems found. Upload again without “dry run” to import.")
                           : L(r, "已全部导入。", "Everything was imported."));
    } else {
        buf_printf(&r->out, "<p class=\"warning\" role=\"alert\">%h</p>\n",
                   rep.fatal[0] ? rep.fatal
                                : L(r, "文件有问题，没有导入任何数据。请按下表修改后重新上传。",
                                    "The file has problems; nothing was imported. Fix the rows below and upload again."));
    }
    buf_printf(&r->out,
               "<dl class=\"facts\"><dt>%s</dt><dd>%d</dd><dt>%s</dt><dd>%d</dd><dt>%s</dt><dd>%d</dd></dl>\n",
               L(r, "数据行", "Rows"), rep.rows, dry_run || !ok ? L(r, "将新建户", "Households to create")
                                                           : L(r, "新建户", "Households created"),
               rep.households_new, dry_run || !ok ? L(r, "将新增居民", "Residents to add")
                                                  : L(r, "新增居民", "Residents added"),
               rep.persons_new);
    if (rep.n_problems > 0) {
        buf_printf(&r->out,
                   "<div class=\"table-wrap\"><table class=\"problems\">\n<thead><tr><th>%s</th><th>%s</th><th>%s</th></tr></thead>\n<tbody>\n",
                   L(r, "行", "Line"), L(r, "列", "Column"), L(r, "原因", "Reason"));
        for (int i = 0; i < rep.n_problems; i++) {
            const ImportProblem *p = &rep.problems[i];
            buf_printf(&r->out, "<tr><td>%d</td><td>%h</td><td>%h</td></tr>\n", p->line,
                       L(r, import_column_zh(p->column), p->column), p->message);
        }
        buf_puts(&r->out, "</tbody>\n</table></div>\n");
    }
    if (rep.n_notes > 0) {
        buf_printf(&r->out, "<h2>%s</h2>\n<ul class=\"import-notes\">\n",
                   L(r, "分户与合并说明", "Households split or merged, and why"));
        for (int i = 0; i < rep.n_notes; i++)
            buf_printf(&r->out, "<li>%s %d %s：%h</li>\n", L(r, "第", "Line"), rep.notes[i].line, L(r, "行", ""),
                       rep.notes[i].message);
        buf_puts(&r->out, "</ul>\n");
    }
    import_report_details(r, &rep);
    buf_printf(&r->out, "<p><a class=\"button\" href=\"/import\">%s</a></p>\n", L(r, "再导入一个文件", "Import another file"));
    page_end(r);
    import_report_free(&rep);
    if (!ok) {
        /* Nothing of a rejected file may stay: the transaction rolls back. */
        r->status = 422;
        r->failed = true;
    }
}
