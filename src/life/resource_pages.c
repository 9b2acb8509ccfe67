/* resource_pages.c: the pages of resources against needs (public), the
 * talent pool, the reading corner and the old stories (public). Phone
 * first: one column, big text; the same model as the API, whose JSON twin
 * each page names at its foot. */
#include <string.h>

#include "auth/read.h"
#include "grid/grid.h"
#include "life/web_int.h"
#include "site/page.h"
#include "workorder/workorder.h"

/* The place of the page (?node= or the caller's compound), found; false
 * (0) when there is none. */
static bool page_node(Req *r, NodeInfo *n)
{
    Ctx c = site_ctx(r);
    int64_t node = life_page_place(r);
    return node > 0 && grid_node_find(&c, node, n) == GRID_OK;
}

static void no_place(Req *r, const char *title)
{
    page_begin(r, title);
    buf_printf(&r->out, "<h1>%h</h1>\n<p>请从院落页面进入，或在地址中加上 ?node=院落编号。</p>\n", title);
    page_end(r);
}

static void api_foot(Req *r, const char *path, int64_t node)
{
    buf_printf(&r->out, "<p class=\"muted\"><a href=\"%h?node=%lld\">本页数据（供程序读取）</a></p>\n", path,
               (long long)node);
}

static const char *qty(Req *r, const char *kind, int64_t q)
{
    if (!strcmp(kind, "money"))
        return arena_printf(r->arena, "%lld元", (long long)q);
    if (!strcmp(kind, "hours"))
        return arena_printf(r->arena, "%lld小时", (long long)q);
    return arena_printf(r->arena, "%lld", (long long)q);
}

/* GET /life/resources?node=: offers, needs and matches of a place (public). */
void page_life_resources(Req *r)
{
    NodeInfo n;
    if (!page_node(r, &n)) {
        no_place(r, "资源与需求");
        return;
    }
    Ctx c = site_ctx(r);
    LifeErr e;
    LifeOffer of[50];
    LifeNeed nd[50];
    LifeMatch m[50];
    int no, nn, nm;
    if ((no = life_offers_page(&c, n.id, 0, 50, of, &e)) < 0 || (nn = life_needs_page(&c, n.id, 0, 50, nd, &e)) < 0 ||
        (nm = life_matches_page(&c, n.id, 0, 50, m, &e)) < 0) {
        life_err_reply(r, &e);
        return;
    }
    bool staff = life_may_manage(&c, n.path);
    page_begin(r, "资源与需求");
    Buf *b = &r->out;
    buf_printf(b, "<p class=\"breadcrumb\"><a href=\"/life?node=%lld\">生活</a></p>\n<h1>资源与需求·%h</h1>\n",
               (long long)n.id, n.name);
    buf_puts(b, "<h2>可提供的资源</h2>\n");
    if (!no)
        buf_puts(b, "<p>暂无。</p>\n");
    buf_puts(b, "<ul class=\"life-list\" id=\"offers\">\n");
    for (int i = 0; i < no; i++)
        buf_printf(b, "<li><strong class=\"big\">%h</strong><br>%h（%h）· %h · %h 至 %h<br>共 %h，剩余 %h</li>\n",
                   of[i].title, staff ? of[i].giver_name : wo_name_mask(r->arena, of[i].giver_name),
                   life_giver_kind_label_zh(of[i].giver_kind), life_resource_kind_label_zh(of[i].kind),
                   life_when(r, of[i].from_at), life_when(r, of[i].to_at), qty(r, of[i].kind, of[i].quantity),
                   qty(r, of[i].kind, of[i].quantity_left));
    buf_puts(b, "</ul>\n<h2>院落需求</h2>\n");
    if (!nn)
        buf_puts(b, "<p>暂无。</p>\n");
    buf_puts(b, "<ul class=\"life-list\" id=\"needs\">\n");
    for (int i = 0; i < nn; i++)
        buf_printf(b, "<li><strong class=\"big\">%h</strong><br>%h · %h · %h 至 %h<br>需要 %h，尚缺 %h</li>\n", nd[i].title,
                   life_resource_kind_label_zh(nd[i].kind), nd[i].place, life_when(r, nd[i].from_at),
                   life_when(r, nd[i].to_at), qty(r, nd[i].kind, nd[i].quantity),
                   qty(r, nd[i].kind, nd[i].quantity_left));
    buf_puts(b, "</ul>\n<h2>已对接</h2>\n");
    if (!nm)
        buf_puts(b, "<p>暂无。</p>\n");
    buf_puts(b, "<ul class=\"life-list\" id=\"matches\">\n");
    for (int i = 0; i < nm; i++) {
        LifeOffer o;
        LifeNeed d;
        if (!life_offer_get(&c, m[i].offer_id, &o, &e) || !life_need_get(&c, m[i].need_id, &d, &e)) {
            life_err_reply(r, &e);
            return;
        }
        buf_printf(b, "<li>%h → %h：%h<br>提供方%s，接收方%s</li>\n", o.title, d.title, qty(r, d.kind, m[i].quantity),
                   m[i].giver_done_at ? "已交付" : "待交付", m[i].receiver_done_at ? "已确认收到" : "待确认");
    }
    buf_puts(b, "</ul>\n");
    api_foot(r, "/api/offers", n.id);
    page_end(r);
}

/* GET /life/talents: the talent pool of the caller's place; staff see names,
 * everyone else the skills with names masked; a form to offer one's own. */
void page_life_talents(Req *r)
{
    NodeInfo n;
    Ctx c = site_ctx(r);
    if (!page_node(r, &n) || !life_may_see(&c, n.path)) {
        no_place(r, "人才库");
        return;
    }
    LifeErr e;
    LifeTalent t[50];
    bool staff = life_may_search_talents(&c, n.path);
    const char *q = staff ? req_query(r, "q") : NULL;
    int nt = life_talents_page(&c, n.id, q, 0, 50, t, &e);
    if (nt < 0) {
        life_err_reply(r, &e);
        return;
    }
    page_begin(r, "人才库");
    Buf *b = &r->out;
    buf_printf(b, "<p class=\"breadcrumb\"><a href=\"/life?node=%lld\">生活</a></p>\n<h1>人才库·%h</h1>\n",
               (long long)n.id, n.name);
    if (staff)
        buf_printf(b,
                   "<form method=\"get\" action=\"/life/talents\"><input type=\"hidden\" name=\"node\" value=\"%lld\">"
                   "<label>技能<input name=\"q\" value=\"%h\"></label> <button type=\"submit\">查找</button></form>\n",
                   (long long)n.id, q ? q : "");
    buf_puts(b, "<ul class=\"life-list\" id=\"talents\">\n");
    for (int i = 0; i < nt; i++) {
        bool shown = staff || t[i].user_id == r->who->user_id;
        buf_printf(b, "<li><strong class=\"big\">%h</strong> · %h%s%h</li>\n", t[i].skill,
                   shown ? t[i].name : wo_name_mask(r->arena, t[i].name), shown && *t[i].note ? "<br>" : "",
                   shown ? t[i].note : "");
    }
    buf_puts(b, "</ul>\n");
    if (!nt)
        buf_puts(b, "<p>暂无。</p>\n");
    buf_printf(b, "<h2>我愿意贡献专长</h2>\n<form method=\"post\" action=\"/life/talents?node=%lld\">", (long long)n.id);
    page_csrf_field(r);
    buf_puts(b,
             "<p><label>专长<input name=\"skill\" required maxlength=\"100\" placeholder=\"如：退休教师、律师\"></label></p>"
             "<p><label>说明<input name=\"note\" maxlength=\"500\" placeholder=\"何时有空\"></label></p>"
             "<p><label><input type=\"checkbox\" name=\"consent\" value=\"1\"> 我同意社区工作人员在需要时查看并联系我（可随时撤回）</label></p>"
             "<p><button type=\"submit\" class=\"big\">提交</button></p></form>\n");
    api_foot(r, "/api/talents", n.id);
    page_end(r);
}

/* POST /life/talents?node=: the caller offers a skill. */
void page_life_talent_post(Req *r)
{
    NodeInfo n;
    Ctx c = site_ctx(r);
    if (!page_node(r, &n) || !life_may_see(&c, n.path)) {
        reply_not_found(r);
        return;
    }
    const char *skill = req_form_trim(r, "skill"), *note = req_form_trim(r, "note"), *consent = req_form(r, "consent");
    if (!skill || !*skill || strlen(skill) > 300) {
        reply_error(r, 400, "missing_field", "skill", "请填写专长", "The skill is missing");
        return;
    }
    if (note && strlen(note) > 1500) {
        reply_error(r, 400, "bad_value", "note", "说明太长", "The note is too long");
        return;
    }
    const char *name = "";
    LifeErr e;
    if (auth_user_display_name(&c, r->who->user_id, &name) != AUTH_OK) {
        life_err_db(&e, r->db);
        life_err_reply(r, &e);
        return;
    }
    LifeTalent in = {.node_id = n.id, .user_id = r->who->user_id, .name = name, .skill = skill,
                     .note = note ? note : ""};
    int64_t id;
    if (!life_talent_create(&c, &in, consent && !strcmp(consent, "1"), &id, &e)) {
        life_err_reply(r, &e);
        return;
    }
    resp_redirect(r, arena_printf(r->arena, "/life/talents?node=%lld", (long long)n.id));
}

/* GET /life/library: the reading corner's books of the caller's place. */
void page_life_library(Req *r)
{
    NodeInfo n;
    Ctx c = site_ctx(r);
    if (!page_node(r, &n) || !life_may_see(&c, n.path)) {
        no_place(r, "阅览角");
        return;
    }
    LifeErr e;
    LifeBook bk[100];
    int nb = life_books_page(&c, n.id, 0, 100, bk, &e);
    if (nb < 0) {
        life_err_reply(r, &e);
        return;
    }
    page_begin(r, "阅览角");
    Buf *b = &r->out;
    buf_printf(b,
               "<p class=\"breadcrumb\"><a href=\"/life?node=%lld\">生活</a></p>\n<h1>阅览角·%h</h1>\n"
               "<p><a href=\"/life/stories?node=%lld\">老照片与老故事</a></p>\n",
               (long long)n.id, n.name, (long long)n.id);
    if (!nb)
        buf_puts(b, "<p>暂无藏书。</p>\n");
    buf_puts(b, "<ul class=\"life-list\" id=\"books\">\n");
    for (int i = 0; i < nb; i++)
        buf_printf(b, "<li><strong class=\"big\">《%h》</strong> %h<br>%s%h · %s</li>\n", bk[i].title, bk[i].author,
                   *bk[i].donor ? "捐赠：" : "", *bk[i].donor ? wo_name_mask(r->arena, bk[i].donor) : "",
                   bk[i].on_loan ? "已借出" : "可借阅");
    buf_puts(b, "</ul>\n");
    api_foot(r, "/api/library/books", n.id);
    page_end(r);
}

/* GET /life/stories?node=: old photos and stories (public; withdrawn ones are gone). */
void page_life_stories(Req *r)
{
    NodeInfo n;
    if (!page_node(r, &n)) {
        no_place(r, "老照片与老故事");
        return;
    }
    Ctx c = site_ctx(r);
    LifeErr e;
    LifeStory st[50];
    int ns = life_stories_page(&c, n.id, 0, 50, st, &e);
    if (ns < 0) {
        life_err_reply(r, &e);
        return;
    }
    page_begin(r, "老照片与老故事");
    Buf *b = &r->out;
    buf_printf(b, "<h1>老照片与老故事·%h</h1>\n", n.name);
    if (!ns)
        buf_puts(b, "<p>暂无。</p>\n");
    for (int i = 0; i < ns; i++)
        buf_printf(b, "<article class=\"story\"><h2>%h</h2><p class=\"muted\">%h</p><p class=\"big\">%h</p></article>\n",
                   st[i].title, st[i].era, st[i].body);
    api_foot(r, "/api/stories", n.id);
    page_end(r);
}
