/* pages.c: votes, notices and topics as server-rendered pages: the list,
 * a vote with its ballot form, paper-ballot entry and confirmation, the
 * result with every figure, a printable notice, topics to propose and
 * support. Each page reads through the model (vote_int.h, delib.h) and the
 * grid's read functions; each form goes through the same step as the API
 * (api.c's vote_*_run, delib_api.c's delib_topic_*_run: the form as a JSON
 * body, parsed the same way, then the model), never through a JSON handler. */
#include "vote/vote.h"
#include "vote/web_int.h"
#include "vote/delib.h"
#include "vote/web_delib.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "site/site.h"
#include "core/clock.h"
#include "grid/grid.h"
#include "site/page.h"
#include "vote/web_progress.h"

int64_t vote_page_run(Req *r, int64_t (*run)(Req *), json_t *body)
{
    if (r->json)
        json_decref(r->json);
    r->json = body;
    r->content_type = "application/json";
    r->body = "{}";
    r->body_len = 2;
    return run(r);
}

const char *vote_form_text(Req *r, const char *name)
{
    const char *v = req_form_trim(r, name);
    return v && *v ? v : NULL;
}

/* A form number as JSON: an integer when it is one, else the text (the API
 * then answers bad_type). */
json_t *vote_form_int(Req *r, const char *name)
{
    const char *v = vote_form_text(r, name);
    if (!v)
        return NULL;
    char *end;
    long long x = strtoll(v, &end, 10);
    return *end ? json_string(v) : json_integer(x);
}

json_t *vote_form_ids(Req *r, const char *name)
{
    json_t *ids = NULL;
    for (int i = 0; i < r->n_form; i++)
        if (strcmp(r->form[i].key, name) == 0 && r->form[i].value[0]) {
            if (!ids)
                ids = json_array();
            char *end;
            long long x = strtoll(r->form[i].value, &end, 10);
            json_array_append_new(ids, *end ? json_string(r->form[i].value) : json_integer(x));
        }
    return ids;
}

json_t *vote_form_local_time(Req *r, const char *name)
{
    const char *v = vote_form_text(r, name);
    if (!v)
        return NULL;
    int64_t t;
    /* the datetime-local input sends "YYYY-MM-DDTHH:MM"; anything else (or
     * an impossible date) is passed on for the API to answer bad_type */
    if (!clock_parse_local(v, &t))
        return json_string(v);
    return json_integer(t);
}

/* A record the page shows could not be had: not found (404) or a storage error. */
static void page_err_reply(Req *r, const VoteErr *e)
{
    if (e->msg == VM_BUSY || e->msg == VM_INTERNAL)
        vote_err_reply(r, e);
    else
        reply_not_found(r);
}

static const char *form_text(Req *r, const char *name)
{
    return vote_form_text(r, name);
}

static json_t *form_int(Req *r, const char *name)
{
    return vote_form_int(r, name);
}

static void set_if(json_t *o, const char *k, json_t *v)
{
    if (v)
        json_object_set_new(o, k, v);
}

static void set_text(Req *r, json_t *o, const char *field, const char *key)
{
    const char *v = form_text(r, field);
    if (v)
        json_object_set_new(o, key, json_string(v));
}

/* A form turned into its JSON body is the request's from here on (freed
 * with it), as a JSON request's body is. */
static json_t *own_body(Req *r, json_t *body)
{
    if (r->json)
        json_decref(r->json);
    r->json = body;
    return body;
}

static const char *back_to_vote(Req *r)
{
    return arena_printf(r->arena, "/votes/%u", req_param(r, "id"));
}

static const char *choice_label(Req *r, const char *c)
{
    return L(r, vote_choice_zh(c), c);
}

/* ---- the list ------------------------------------------------------------------ */

void page_votes(Req *r)
{
    if (!auth_require_or_reply(r, PERM_TREE_READ, NULL))
        return;
    Ctx c = site_ctx(r);
    VoteErr e;
    VoteLine *votes;
    Convention *cv;
    Decision *dc;
    Panel *pn;
    int nv, ncv, ndc, npn;
    if (!vote_lines(&c, &votes, &nv)) {
        vote_reply_db(r);
        return;
    }
    if (!delib_conventions_list(&c, &cv, &ncv, &e) || !delib_decisions_list(&c, &dc, &ndc, &e) ||
        !delib_panels_list(&c, &pn, &npn, &e)) {
        vote_err_reply(r, &e);
        return;
    }
    page_begin(r, L(r, "议事表决", "Votes"));
    buf_printf(&r->out,
               "<h1>%s</h1>\n<p><a href=\"/notices\">%s</a> · <a href=\"/topics\">%s</a> · <a href=\"/meetings\">%s</a></p>\n",
               L(r, "议事表决", "Votes"), L(r, "公示栏", "Public notices"), L(r, "议题", "Topics"), L(r, "会议", "Meetings"));
    if (delib_may_manage(r->who, NULL)) {
        buf_printf(&r->out,
                   "<p class=\"actions\"><a class=\"button\" href=\"/votes/new\">%s</a> <a class=\"button\" href=\"/meetings/new\">%s</a> "
                   "<a class=\"button\" href=\"/panels/new\">%s</a> <a class=\"button\" href=\"/conventions/new\">%s</a> "
                   "<a class=\"button\" href=\"/decisions/new\">%s</a></p>\n",
                   L(r, "发起表决", "New vote"), L(r, "召开会议", "New meeting"), L(r, "抽选居民代表", "Draw a panel"),
                   L(r, "起草公约", "Draft a convention"), L(r, "新建决策流程", "New decision"));
        buf_printf(&r->out, "<form method=\"post\" action=\"/votes/close-due\" class=\"inline\">");
        page_csrf_field(r);
        buf_printf(&r->out, "<button type=\"submit\">%s</button> <small>%s</small></form>\n",
                   L(r, "结束已到截止时间的表决", "Close votes past their closing time"),
                   L(r, "（系统每分钟也会自动结束）", "(the system also does it every minute)"));
    }
    buf_printf(&r->out, "<div class=\"table-wrap\"><table class=\"cards\">\n<thead><tr><th>%s</th><th>%s</th><th>%s</th><th>%s</th></tr></thead><tbody>\n",
               L(r, "事项", "Matter"), L(r, "范围", "Scope"), L(r, "状态", "Status"), L(r, "结果", "Result"));
    for (int i = 0; i < nv; i++) {
        const VoteLine *v = &votes[i];
        buf_printf(&r->out,
                   "<tr><td data-label=\"%s\"><a href=\"/votes/%lld\">%h</a>%s</td><td data-label=\"%s\">%h</td>"
                   "<td data-label=\"%s\">%s</td><td data-label=\"%s\">%s</td></tr>\n",
                   L(r, "事项", "Matter"), (long long)v->id, v->title,
                   strcmp(v->kind, "art278") == 0 ? L(r, "（业主共同决定）", " (owners, Art. 278)") : "",
                   L(r, "范围", "Scope"), v->node_name, L(r, "状态", "Status"), L(r, vote_status_zh(v->status), v->status),
                   L(r, "结果", "Result"),
                   strcmp(v->status, "open") == 0 ? L(r, "进行中", "in progress")
                   : v->passed < 0               ? ""
                   : v->passed                   ? L(r, "通过", "passed")
                                                 : L(r, "未通过", "not passed"));
    }
    buf_puts(&r->out, "</tbody></table></div>\n");
    if (!nv)
        buf_printf(&r->out, "<p>%s</p>\n", L(r, "暂无表决。", "No votes yet."));
    /* the rest of deliberation, each a short list of links */
    const struct {
        const char *zh, *en, *href;
        int n;
    } kinds[] = {{"院落公约", "Conventions", "/conventions/", ncv}, {"决策流程", "Decisions", "/decisions/", ndc},
                 {"居民代表名单", "Panels", "/panels/", npn}};
    for (int i = 0; i < 3; i++) {
        int shown = 0;
        for (int j = 0; j < kinds[i].n && shown < 20; j++) {
            int64_t id = i == 0 ? cv[j].id : i == 1 ? dc[j].id : pn[j].id;
            const char *path = i == 0 ? cv[j].node_path : i == 1 ? dc[j].node_path : pn[j].node_path;
            const char *title = i == 0 ? cv[j].title : i == 1 ? dc[j].title : pn[j].title;
            if (!perm_allows(r->who, PERM_TREE_READ, path))
                continue;
            if (!shown++)
                buf_printf(&r->out, "<h2>%s</h2>\n<ul>\n", L(r, kinds[i].zh, kinds[i].en));
            buf_printf(&r->out, "<li><a href=\"%s%lld\">%h</a></li>\n", kinds[i].href, (long long)id, title);
        }
        if (shown)
            buf_puts(&r->out, "</ul>\n");
    }
    page_end(r);
}

/* ---- a new vote ------------------------------------------------------------------ */

void page_vote_new(Req *r)
{
    if (!auth_require_or_reply(r, PERM_DELIB_MANAGE, NULL))
        return;
    Ctx c = site_ctx(r);
    NodeList places;
    if (grid_nodes_in(&c, NULL,
                      GRID_KIND(NODE_COMMUNITY) | GRID_KIND(NODE_GRID) | GRID_KIND(NODE_COMPOUND) | GRID_KIND(NODE_BUILDING), 0,
                      &places) != GRID_OK) {
        vote_reply_db(r);
        return;
    }
    page_begin(r, L(r, "发起表决", "New vote"));
    buf_printf(&r->out, "<h1>%s</h1>\n<form method=\"post\" action=\"/votes/new\">\n", L(r, "发起表决", "New vote"));
    page_csrf_field(r);
    buf_printf(&r->out, "<label for=\"node_id\">%s</label>\n<select id=\"node_id\" name=\"node_id\">\n",
               L(r, "范围（网格或院落）", "Scope (grid or compound)"));
    for (int i = 0; i < places.n; i++)
        if (delib_may_manage(r->who, places.items[i].path))
            buf_printf(&r->out, "<option value=\"%lld\">%h（%h）</option>\n", (long long)places.items[i].id,
                       places.items[i].name, L(r, node_kind_label_zh(places.items[i].kind), node_kind_name(places.items[i].kind)));
    buf_printf(&r->out,
               "</select>\n<label for=\"title\">%s</label>\n<input id=\"title\" name=\"title\" type=\"text\" required maxlength=\"200\">\n"
               "<label for=\"body\">%s</label>\n<textarea id=\"body\" name=\"body\" rows=\"4\"></textarea>\n"
               "<label for=\"kind\">%s</label>\n<select id=\"kind\" name=\"kind\">"
               "<option value=\"art278\">%s</option><option value=\"simple\">%s</option></select>\n"
               "<label for=\"matter\">%s</label>\n<select id=\"matter\" name=\"matter\"><option value=\"\">—</option>\n",
               L(r, "表决事项", "Title"), L(r, "说明", "Description"), L(r, "类型", "Kind"),
               L(r, "业主共同决定（民法典第二百七十八条）", "Owners' decision (Civil Code Art. 278)"),
               L(r, "简单多数（命名、活动、议事会决定）", "Simple majority (names, events, council)"),
               L(r, "第二百七十八条事项", "Art. 278 matter"));
    for (int m = 1; m <= 9; m++)
        buf_printf(&r->out, "<option value=\"%d\">%d. %s</option>\n", m, m, L(r, art278_matter_zh(m), art278_matter_en(m)));
    buf_printf(&r->out,
               "</select>\n<label for=\"method\">%s</label>\n<select id=\"method\" name=\"method\">"
               "<option value=\"yes_no\">%s</option><option value=\"single\">%s</option><option value=\"multi\">%s</option></select>\n"
               "<label for=\"electorate\">%s</label>\n<select id=\"electorate\" name=\"electorate\">"
               "<option value=\"owners\">%s</option><option value=\"households\">%s</option></select>\n"
               "<label for=\"options\">%s</label>\n<textarea id=\"options\" name=\"options\" rows=\"3\"></textarea>\n"
               "<label for=\"quorum_pct\">%s</label>\n<input id=\"quorum_pct\" name=\"quorum_pct\" type=\"number\" min=\"0\" max=\"100\">\n"
               "<p><button type=\"submit\">%s</button></p>\n</form>\n",
               L(r, "表决方式", "Method"), L(r, "同意/反对/弃权", "Yes / no / abstain"), L(r, "单选", "Single choice"),
               L(r, "多选", "Multiple choice"), L(r, "投票人", "Electorate"), L(r, "业主", "Owners"), L(r, "住户", "Households"),
               L(r, "选项（每行一个，仅单选/多选）", "Options (one per line; choices only)"),
               L(r, "参与门槛（%，仅简单多数）", "Quorum (%, simple votes only)"), L(r, "保存草稿", "Save draft"));
    page_end(r);
}

void page_vote_new_post(Req *r)
{
    json_t *b = json_object();
    set_if(b, "node_id", form_int(r, "node_id"));
    set_text(r, b, "title", "title");
    set_text(r, b, "body", "body");
    set_text(r, b, "kind", "kind");
    set_if(b, "matter", form_int(r, "matter"));
    set_text(r, b, "method", "method");
    set_text(r, b, "electorate", "electorate");
    set_if(b, "quorum_pct", form_int(r, "quorum_pct"));
    const char *opts = form_text(r, "options");
    if (opts) {
        json_t *list = json_array();
        for (const char *p = opts; *p;) {
            const char *e = strchr(p, '\n');
            size_t n = e ? (size_t)(e - p) : strlen(p);
            while (n && (p[n - 1] == '\r' || p[n - 1] == ' '))
                n--;
            if (n)
                json_array_append_new(list, json_stringn(p, n));
            if (!e)
                break;
            p = e + 1;
        }
        json_object_set_new(b, "options", list);
    }
    /* the same parse and model as POST /api/votes, then to the new vote's page */
    int64_t id = vote_create_run(r, own_body(r, b));
    if (id)
        resp_redirect(r, arena_printf(r->arena, "/votes/%lld", (long long)id));
}

/* ---- one vote ------------------------------------------------------------------- */

/* How far an open owners' vote is from the two-thirds quorum, by area and
 * by owners, in plain words: turnout only, never how anyone voted. False:
 * a read failed and the page is now the storage error. */
static bool participation_gap(Req *r, const VoteRow *v)
{
    VoteTally t;
    if (!vote_tally(r->db, r->arena, v, &t)) {
        vote_reply_db(r);
        return false;
    }
    const Art278Result *a = &t.a;
    int64_t gap_area = art278_quorum_gap(a->a_part, a->a_total), gap_n = art278_quorum_gap(a->n_part, a->n_total);
    buf_printf(&r->out, "<section class=\"quorum-gap\" id=\"quorum-gap\">\n<h2>%s <span class=\"tag\">%s</span></h2>\n",
               L(r, "参与情况", "Turnout"), L(r, "进行中", "in progress"));
    buf_printf(&r->out, "<p>%s %lld %s %A %s</p>\n", L(r, "已参与表决：", "Taken part so far:"), (long long)a->n_part,
               L(r, "位业主，面积", "owners, area"), a->a_part, L(r, "平方米。", "m²."));
    buf_printf(&r->out, "<p>%s %lld %s %A %s</p>\n", L(r, "要求：三分之二以上的业主、三分之二以上的面积参与，即至少", "Needed: two thirds by owners and by area, at least"),
               (long long)(a->n_part + gap_n), L(r, "人、", "owners and"), a->a_part + gap_area, L(r, "平方米。", "m²."));
    buf_puts(&r->out, "<ul class=\"gap\">\n");
    if (gap_n)
        buf_printf(&r->out, "<li id=\"gap-owners\">%s <strong>%lld</strong> %s</li>\n", L(r, "人数还差", "Owners still needed:"),
                   (long long)gap_n, L(r, "人", ""));
    else
        buf_printf(&r->out, "<li id=\"gap-owners\">%s</li>\n", L(r, "人数已达到三分之二。", "Two thirds of the owners have taken part."));
    if (gap_area)
        buf_printf(&r->out, "<li id=\"gap-area\">%s <strong>%A</strong> %s</li>\n", L(r, "面积还差", "Area still needed:"), gap_area,
                   L(r, "平方米", "m²"));
    else
        buf_printf(&r->out, "<li id=\"gap-area\">%s</li>\n", L(r, "面积已达到三分之二。", "Two thirds of the area has taken part."));
    buf_printf(&r->out, "</ul>\n<p><small>%s</small></p>\n</section>\n",
               L(r, "参与够了还要看同意的人数和面积；结果在投票结束后公布。", "Enough turnout is not yet a pass: the result is published at the close."));
    return true;
}

/* For the staff who collect paper ballots: the households with no ballot
 * yet, by address only (no names), each with its printable ballot. False:
 * a read failed and the page is now the storage error. */
static bool not_voted_section(Req *r, const VoteRow *v)
{
    Ctx c = site_ctx(r);
    VotePaperHome *homes;
    int nh;
    if (!vote_paper_homes(&c, v, &homes, &nh)) {
        vote_reply_db(r);
        return false;
    }
    int shown = 0;
    for (int i = 0; i < nh; i++)
        shown += perm_allows(r->who, PERM_PAPER_BALLOT, homes[i].path);
    if (shown)
        buf_printf(&r->out, "<p><a class=\"button\" id=\"print-all-ballots\" href=\"/votes/%lld/paper-ballots/print\">%s</a></p>\n",
                   (long long)v->id, L(r, "一次打印这些房屋的全部选票（每户一页）", "Print all their ballots (one page each)"));
    buf_printf(&r->out, "<details id=\"not-voted\"><summary>%s %d %s</summary>\n<ul>\n", L(r, "尚未投票的房屋：", "Flats not yet voted:"),
               shown, L(r, "户（点开查看，可打印纸质选票）", "(open to list them, and print their paper ballots)"));
    for (int i = 0; i < nh; i++)
        if (perm_allows(r->who, PERM_PAPER_BALLOT, homes[i].path))
            buf_printf(&r->out, "<li>%h <a href=\"/votes/%lld/paper-ballots/%lld/print\">%s</a></li>\n", homes[i].address,
                       (long long)v->id, (long long)homes[i].household_id, L(r, "打印选票", "print ballot"));
    buf_puts(&r->out, "</ul></details>\n");
    return true;
}

static void result_section(Req *r, const VoteRow *v)
{
    VoteTally t;
    if (!vote_tally(r->db, r->arena, v, &t))
        return;
    bool final = strcmp(v->status, "closed") == 0;
    buf_printf(&r->out, "<section class=\"result\" id=\"result\">\n<h2>%s</h2>\n",
               final ? L(r, "表决结果", "Result") : L(r, "当前计票（未结束，仅组织者可见）", "Count so far (open; organisers only)"));
    buf_printf(&r->out, "<div class=\"table-wrap\"><table>\n");
    if (t.art278) {
        const Art278Result *a = &t.a;
        buf_printf(&r->out,
                   "<thead><tr><th></th><th class=\"num\">%s</th><th class=\"num\">%s</th></tr></thead><tbody>\n",
                   L(r, "专有部分面积（㎡）", "Area (m²)"), L(r, "业主人数", "Owners"));
        const struct { const char *zh, *en; int64_t area, n; } rows[] = {
            {"全体业主", "All owners", a->a_total, a->n_total},
            {"参与表决", "Took part", a->a_part, a->n_part},
            {"同意", "Yes", a->a_yes, a->n_yes},
            {"反对", "No", a->a_no, a->n_no},
            {"弃权", "Abstain", a->a_abstain, a->n_abstain},
            {"未表决", "Did not vote", a->a_nonvoter, a->n_nonvoter},
        };
        for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++)
            buf_printf(&r->out, "<tr><th>%s</th><td class=\"num\">%A</td><td class=\"num\">%lld</td></tr>\n",
                       L(r, rows[i].zh, rows[i].en), rows[i].area, (long long)rows[i].n);
        if (a->units_unregistered)
            buf_printf(&r->out, "<tr><th>%s</th><td class=\"num\">%A</td><td class=\"num\">%lld</td></tr>\n",
                       L(r, "其中：业主未登记的房屋（计为未表决）", "of which: flats with no registered owner (not voted)"),
                       a->a_unregistered, (long long)a->units_unregistered);
        if (a->n_developer)
            buf_printf(&r->out, "<tr><th>%s</th><td class=\"num\">%A</td><td class=\"num\">%lld</td></tr>\n",
                       L(r, "其中：开发商未售部分", "of which: the developers' unsold flats"), a->a_developer,
                       (long long)a->n_developer);
        buf_puts(&r->out, "</tbody></table></div>\n");
        buf_printf(&r->out, "<p>%s %lld %s</p>\n", L(r, "共", "Units:"), (long long)a->units,
                   L(r, "个专有部分；一人多套计一人，每个开发商的未售部分合计一人，业主未登记的每套房计一人（未表决）。",
                     "exclusive units; an owner of several counts once, each developer's unsold units once, "
                     "each flat with no registered owner as one owner who did not vote."));
        buf_printf(&r->out, "<h3>%s</h3>\n<ul class=\"checks\">\n", L(r, "核算（可手工复核）", "Checks (redo them by hand)"));
        buf_printf(&r->out, "<li>3 × %A ＝ %A %s 2 × %A ＝ %A（%s）</li>\n", a->a_part, 3 * a->a_part,
                   a->quorum_area ? "≥" : "<", a->a_total, 2 * a->a_total, L(r, "参与面积达三分之二", "two thirds of the area took part"));
        buf_printf(&r->out, "<li>3 × %lld ＝ %lld %s 2 × %lld ＝ %lld（%s）</li>\n", (long long)a->n_part, (long long)(3 * a->n_part),
                   a->quorum_owners ? "≥" : "<", (long long)a->n_total, (long long)(2 * a->n_total),
                   L(r, "参与人数达三分之二", "two thirds of the owners took part"));
        if (a->supermajority) {
            buf_printf(&r->out, "<li>4 × %A ＝ %A %s 3 × %A ＝ %A（%s）</li>\n", a->a_yes, 4 * a->a_yes,
                       a->pass_area ? "≥" : "<", a->a_part, 3 * a->a_part, L(r, "同意面积达四分之三", "three quarters of the area"));
            buf_printf(&r->out, "<li>4 × %lld ＝ %lld %s 3 × %lld ＝ %lld（%s）</li>\n", (long long)a->n_yes, (long long)(4 * a->n_yes),
                       a->pass_owners ? "≥" : "<", (long long)a->n_part, (long long)(3 * a->n_part), L(r, "同意人数达四分之三", "three quarters of the owners"));
        } else {
            buf_printf(&r->out, "<li>2 × %A ＝ %A %s %A（%s）</li>\n", a->a_yes, 2 * a->a_yes, a->pass_area ? ">" : "≤",
                       a->a_part, L(r, "同意面积过半数", "more than half the area"));
            buf_printf(&r->out, "<li>2 × %lld ＝ %lld %s %lld（%s）</li>\n", (long long)a->n_yes, (long long)(2 * a->n_yes),
                       a->pass_owners ? ">" : "≤", (long long)a->n_part, L(r, "同意人数过半数", "more than half the owners"));
        }
        buf_puts(&r->out, "</ul>\n");
        buf_printf(&r->out, "<p class=\"lead\" id=\"result-lead\"><strong>%s</strong> %s %s%%</p>\n",
                   !final ? L(r, "进行中", "In progress") : a->passed ? L(r, "通过", "Passed") : L(r, "未通过", "Not passed"),
                   L(r, "同意的业主占全体业主", "Owners in favour:"),
                   vote_pct(r->arena, a->n_yes, a->n_total));
    } else {
        const SimpleResult *s = &t.s;
        buf_printf(&r->out, "<tbody>\n<tr><th>%s</th><td class=\"num\">%lld</td></tr>\n<tr><th>%s</th><td class=\"num\">%lld</td></tr>\n",
                   L(r, "投票人总数", "Electorate"), (long long)s->electorate, L(r, "实际投票", "Ballots cast"), (long long)s->cast);
        if (strcmp(v->method, "yes_no") == 0)
            buf_printf(&r->out, "<tr><th>%s</th><td class=\"num\">%lld</td></tr><tr><th>%s</th><td class=\"num\">%lld</td></tr>"
                                "<tr><th>%s</th><td class=\"num\">%lld</td></tr>\n",
                       L(r, "同意", "Yes"), (long long)s->yes, L(r, "反对", "No"), (long long)s->no, L(r, "弃权", "Abstain"),
                       (long long)s->abstain);
        else
            for (int i = 0; i < t.n_options; i++)
                buf_printf(&r->out, "<tr><th>%h</th><td class=\"num\">%lld</td></tr>\n", t.options[i].label,
                           (long long)t.option_votes[i]);
        buf_puts(&r->out, "</tbody></table></div>\n");
        buf_printf(&r->out, "<p class=\"lead\" id=\"result-lead\"><strong>%s</strong>",
                   !final ? L(r, "进行中", "In progress") : s->passed ? L(r, "通过", "Passed") : L(r, "未通过", "Not passed"));
        if (final && s->winner >= 0)
            buf_printf(&r->out, "：%h", t.options[s->winner].label);
        buf_puts(&r->out, "</p>\n");
    }
    if (t.pending)
        buf_printf(&r->out, "<p>%s %lld</p>\n", L(r, "未经第二人确认、不计入的纸质票：", "Paper ballots not confirmed (not counted):"),
                   (long long)t.pending);
    buf_printf(&r->out, "<p><a href=\"/api/votes/%lld/result.xlsx\">%s</a> · <a href=\"/api/votes/%lld/result.csv\">%s</a>",
               (long long)v->id, L(r, "下载 Excel", "Download XLSX"), (long long)v->id, L(r, "下载 CSV", "Download CSV"));
    if (v->notice_id)
        buf_printf(&r->out, " · <a href=\"/notices/%lld\">%s</a>", (long long)v->notice_id, L(r, "结果公示", "The notice"));
    buf_printf(&r->out, " · <a href=\"/votes/%lld/print\" id=\"vote-print\">%s</a>", (long long)v->id,
               final ? L(r, "打印结果（A4）", "Print the result (A4)") : L(r, "打印当前计票（A4）", "Print the count so far (A4)"));
    buf_puts(&r->out, "</p>\n</section>\n");
}

/* How complete the register of an owners' vote's scope is, and the
 * developers' share: shown to everyone who reads the vote. Returns true
 * when the register is too incomplete for the vote to open unconfirmed. */
static bool register_section(Req *r, const VoteRow *v)
{
    Art278Result g;
    VoteDeveloper *d = NULL;
    int nd = 0;
    if (!vote_register_figures(r->db, r->arena, v->node_path, &g) || !vote_developers(r->db, r->arena, v->node_path, &d, &nd))
        return false;
    bool too = art278_register_too_incomplete(g.units, g.units_incomplete, VOTE_REGISTER_GAP_MAX_PCT);
    buf_printf(&r->out, "<section class=\"register\" id=\"register\">\n<h2>%s</h2>\n<p>",
               L(r, "登记簿（计票依据）", "The register (what is counted)"));
    buf_printf(&r->out, "%s %lld %s %A %s %lld %s", L(r, "本范围共", "This scope has"), (long long)g.units,
               L(r, "套房（专有部分），总面积", "flats (exclusive parts), in all"), g.a_total,
               L(r, "平方米，业主", "m², owners"), (long long)g.n_total, L(r, "人。", "."));
    if (g.units_unregistered)
        buf_printf(&r->out, " <span id=\"register-unregistered\">%s %lld %s %A %s</span>",
                   L(r, "其中", "Of them,"), (long long)g.units_unregistered,
                   L(r, "套房没有登记业主（面积", "flats have no registered owner (area"), g.a_unregistered,
                   L(r, "平方米），每套按一名未表决的业主计入。", "m²): each counts as one owner who did not vote."));
    if (g.units_without_area)
        buf_printf(&r->out, " %lld %s", (long long)g.units_without_area,
                   L(r, "套房没有登记面积，面积按 0 计。", "flats have no registered area, counted as 0 m²."));
    buf_puts(&r->out, "</p>\n");
    if (g.n_developer) {
        buf_printf(&r->out, "<p id=\"register-developers\">%s %lld %s %A %s %lld %s</p>\n<ul>\n",
                   L(r, "开发商未售部分：", "The developers' unsold flats:"), (long long)g.units_developer,
                   L(r, "套，面积", "flats,"), g.a_developer, L(r, "平方米，计", "m², counted as"), (long long)g.n_developer,
                   L(r, "人（每个开发商计一人）。", "owners (one per developer)."));
        for (int i = 0; i < nd; i++)
            buf_printf(&r->out, "<li>%h：%lld %s %A %s</li>\n", d[i].name, (long long)d[i].units,
                       L(r, "套，", "flats,"), d[i].area, L(r, "平方米", "m²"));
        buf_puts(&r->out, "</ul>\n");
    }
    if (too)
        buf_printf(&r->out, "<p class=\"notice\" id=\"register-incomplete\">%s %d%% %s</p>\n",
                   L(r, "登记簿不完整：缺少业主或面积的房屋超过", "The register is incomplete: more than"), VOTE_REGISTER_GAP_MAX_PCT,
                   L(r, "。开始表决前请补全登记，或填写理由确认（记入审计日志）。",
                     "of the flats lack an owner or an area. Complete it before opening, or confirm with a reason (audited)."));
    buf_puts(&r->out, "</section>\n");
    return too;
}

/* False: a read failed and the page is now the storage error. */
static bool ballot_form(Req *r, const VoteRow *v, const char *action, bool paper)
{
    buf_printf(&r->out, "<form method=\"post\" action=\"%h\" class=\"ballot\">\n", action);
    page_csrf_field(r);
    if (paper) {
        buf_printf(&r->out, "<label for=\"household_id\">%s</label>\n<select id=\"household_id\" name=\"household_id\">\n",
                   L(r, "户", "Household"));
        Ctx c = site_ctx(r);
        VotePaperHome *homes;
        int nh;
        if (!vote_paper_homes(&c, v, &homes, &nh)) {
            vote_reply_db(r);
            return false;
        }
        for (int i = 0; i < nh; i++)
            if (vote_may_enter_paper(r->who, homes[i].path))
                buf_printf(&r->out, "<option value=\"%lld\">%h</option>\n", (long long)homes[i].household_id, homes[i].address);
        buf_puts(&r->out, "</select>\n");
    }
    if (paper)
        buf_printf(&r->out,
                   "<label for=\"ballot_code\">%s</label>\n<input id=\"ballot_code\" name=\"ballot_code\" type=\"text\" "
                   "maxlength=\"64\" autocomplete=\"off\" inputmode=\"latin\">\n",
                   L(r, "或扫描选票上的二维码（扫码枪对准此框；填了就以选票编号为准）",
                     "Or scan the ballot's QR code into this box (it then names the household)"));
    buf_printf(&r->out, "<fieldset><legend>%s</legend>\n", L(r, "您的选择", "Your choice"));
    if (strcmp(v->method, "yes_no") == 0) {
        static const char *const cs[] = {"yes", "no", "abstain"};
        for (int i = 0; i < 3; i++)
            buf_printf(&r->out, "<label><input type=\"radio\" name=\"choice\" value=\"%s\"%s> %s</label>\n", cs[i],
                       i == 0 ? " required" : "", choice_label(r, cs[i]));
    } else {
        VoteOption *o;
        int n = 0;
        if (!vote_options(r->db, r->arena, v->id, &o, &n)) {
            vote_reply_db(r);
            return false;
        }
        bool multi = strcmp(v->method, "multi") == 0;
        for (int i = 0; i < n; i++)
            buf_printf(&r->out, "<label><input type=\"%s\" name=\"option\" value=\"%lld\"> %h</label>\n",
                       multi ? "checkbox" : "radio", (long long)o[i].id, o[i].label);
    }
    buf_puts(&r->out, "</fieldset>\n");
    if (paper)
        buf_printf(&r->out,
                   "<label for=\"proxy_name\">%s</label>\n<input id=\"proxy_name\" name=\"proxy_name\" type=\"text\">\n"
                   "<label for=\"proxy_document\">%s</label>\n<input id=\"proxy_document\" name=\"proxy_document\" type=\"text\">\n",
                   L(r, "代理人姓名（委托投票时填写）", "Proxy's name (proxy ballots only)"),
                   L(r, "授权委托书编号（委托投票必填）", "Proxy document reference (required for a proxy)"));
    buf_printf(&r->out, "<p><button type=\"submit\">%s</button></p>\n</form>\n",
               paper ? L(r, "录入纸质票", "Enter paper ballot") : L(r, "投票", "Cast my ballot"));
    return true;
}

void page_vote(Req *r)
{
    int64_t id;
    VoteRow v;
    if (!req_param_id_or_reply(r, "id", &id))
        return;
    if (!vote_load(r->db, r->arena, id, &v)) {
        reply_not_found(r);
        return;
    }
    if (!auth_require_or_reply(r, PERM_TREE_READ, v.node_path))
        return;
    bool manager = delib_may_manage(r->who, v.node_path);
    bool open = strcmp(v.status, "open") == 0;
    page_begin(r, v.title);
    buf_printf(&r->out, "<p><a href=\"/votes\">%s</a></p>\n<h1>%h</h1>\n", L(r, "← 全部表决", "← All votes"), v.title);
    buf_printf(&r->out, "<p><span class=\"tag\">%s</span> %s %h · %s %s</p>\n", L(r, vote_status_zh(v.status), v.status),
               L(r, "范围：", "Scope:"), v.node_name, L(r, "投票人：", "Electorate:"),
               L(r, vote_electorate_zh(v.electorate), v.electorate));
    if (v.matter)
        buf_printf(&r->out, "<p class=\"notice\">%s%d%s：%s。%s</p>\n", L(r, "《民法典》第二百七十八条第", "Civil Code Art. 278, matter "),
                   v.matter, L(r, "项", ""), L(r, art278_matter_zh(v.matter), art278_matter_en(v.matter)),
                   art278_needs_three_quarters(v.matter)
                       ? L(r, "须参与表决的面积和人数均达三分之二，且其中面积和人数均四分之三以上同意。",
                           "Two thirds must take part by area and by owners, and three quarters of them agree by both.")
                       : L(r, "须参与表决的面积和人数均达三分之二，且其中面积和人数均过半数同意。",
                           "Two thirds must take part by area and by owners, and more than half of them agree by both."));
    if (v.body && v.body[0])
        buf_printf(&r->out, "<p>%h</p>\n", v.body);
    /* my ballot */
    Ctx c = site_ctx(r);
    Voter me;
    bool found = false;
    if (r->who && vote_voter_for_user(r->db, r->arena, &v, r->who->user_id, &me, &found) && found) {
        VoteBallot mine;
        bool cast = false;
        if (!vote_ballot_of(&c, v.id, me.key, &mine, &cast)) {
            vote_reply_db(r);
            return;
        }
        if (cast) {
            buf_printf(&r->out, "<p class=\"notice\" id=\"my-ballot\">%s <strong>", L(r, "您已投票：", "Your ballot:"));
            if (strcmp(v.method, "yes_no") == 0)
                buf_printf(&r->out, "%s", choice_label(r, mine.choice));
            else
                buf_printf(&r->out, "%h", mine.choice);
            buf_printf(&r->out, "</strong>%s</p>\n",
                       mine.counted ? (open ? L(r, "（截止前可改票）", " (you may change it until the close)") : "")
                                    : L(r, "（纸质票待确认）", " (paper ballot awaiting confirmation)"));
        }
        if (open && perm_allows(r->who, PERM_VOTE_CAST, me.household_path)) {
            buf_printf(&r->out, "<h2>%s</h2>\n", L(r, "网上投票", "Vote online"));
            if (!ballot_form(r, &v, arena_printf(r->arena, "/votes/%lld/ballot", (long long)v.id), false))
                return;
        }
    }
    if (open && vote_may_enter_paper(r->who, NULL)) {
        buf_printf(&r->out, "<h2>%s</h2>\n", L(r, "录入纸质票（须另一人确认后计入）", "Enter a paper ballot (counts once a second person confirms)"));
        if (!ballot_form(r, &v, arena_printf(r->arena, "/votes/%lld/paper", (long long)v.id), true))
            return;
        VoteBallotLine *pending;
        int np;
        if (!vote_ballot_lines(&c, v.id, true, &pending, &np)) {
            vote_reply_db(r);
            return;
        }
        bool head = false;
        for (int i = 0; i < np; i++) {
            const VoteBallotLine *b = &pending[i];
            if (!vote_may_enter_paper(r->who, b->household_path))
                continue;
            if (!head) {
                buf_printf(&r->out, "<h3>%s</h3>\n<ul class=\"pending\">\n", L(r, "待确认的纸质票", "Paper ballots to confirm"));
                head = true;
            }
            bool mine = b->cast_by == r->who->user_id;
            buf_printf(&r->out, "<li>%h：%s%s", b->address, strcmp(v.method, "yes_no") == 0 ? choice_label(r, b->choice) : "",
                       strcmp(b->channel, "proxy") == 0 ? L(r, "（委托）", " (proxy)") : "");
            if (mine)
                buf_printf(&r->out, " <small>%s</small>", L(r, "您录入的，须由另一人确认", "entered by you: another person confirms"));
            else {
                buf_printf(&r->out, "<form method=\"post\" action=\"/votes/%lld/ballots/%lld/confirm\" class=\"inline\">",
                           (long long)v.id, (long long)b->id);
                page_csrf_field(r);
                buf_printf(&r->out, "<button type=\"submit\">%s</button></form>", L(r, "核对无误，确认", "Checked: confirm"));
            }
            buf_puts(&r->out, "</li>\n");
        }
        if (head)
            buf_puts(&r->out, "</ul>\n");
    }
    if (open && v.closes_at) {
        char until[20];
        clock_format_local(v.closes_at, until);
        buf_printf(&r->out, "<p class=\"notice\" id=\"closes-at\">%s%s%s</p>\n", L(r, "投票截止：", "Voting closes: "), until,
                   L(r, "（到期自动结束并公示结果）", " (then it closes and the result is published automatically)"));
    }
    if (open && strcmp(v.kind, "art278") == 0 && !participation_gap(r, &v))
        return;
    if (open && perm_allows(r->who, PERM_PAPER_BALLOT, NULL) && !not_voted_section(r, &v))
        return;
    bool too_incomplete = false;
    if (strcmp(v.electorate, "owners") == 0)
        too_incomplete = register_section(r, &v);
    if (manager && strcmp(v.status, "closed") != 0) {
        /* closing cannot be undone: the button only leads to the page that asks */
        if (open)
            buf_printf(&r->out, "<form method=\"get\" action=\"/votes/%lld/close\">", (long long)v.id);
        else
            buf_printf(&r->out, "<form method=\"post\" action=\"/votes/%lld/open\">", (long long)v.id);
        if (!open)
            page_csrf_field(r);
        if (!open)
            buf_printf(&r->out,
                       "<label for=\"closes_at\">%s</label>\n<input id=\"closes_at\" name=\"closes_at\" type=\"datetime-local\">\n",
                       L(r, "截止时间（北京时间；可不填，由组织者手动结束）", "Closing time (Beijing time; optional)"));
        if (!open && too_incomplete)
            buf_printf(&r->out,
                       "<label for=\"incomplete_register_reason\">%s</label>\n"
                       "<textarea id=\"incomplete_register_reason\" name=\"incomplete_register_reason\" maxlength=\"500\" required></textarea>\n",
                       L(r, "登记簿不完整，仍要开始表决的理由（记入审计日志）",
                         "The register is incomplete: why open the vote anyway (recorded in the audit log)"));
        buf_printf(&r->out, "<button type=\"submit\">%s</button></form>\n",
                   open ? L(r, "结束投票并公示结果…", "Close and publish the result…") : L(r, "开始投票", "Open the vote"));
    }
    vote_progress_section(r, &v);
    if (strcmp(v.status, "closed") == 0 || (manager && open))
        result_section(r, &v);
    page_end(r);
}

static void choice_into(Req *r, json_t *b)
{
    set_text(r, b, "choice", "choice");
    json_t *ids = NULL;
    for (int i = 0; i < r->n_form; i++)
        if (strcmp(r->form[i].key, "option") == 0) {
            if (!ids)
                ids = json_array();
            char *end;
            long long x = strtoll(r->form[i].value, &end, 10);
            json_array_append_new(ids, *end ? json_string(r->form[i].value) : json_integer(x));
        }
    set_if(b, "option_ids", ids);
}

void page_vote_ballot_post(Req *r)
{
    json_t *b = own_body(r, json_object());
    choice_into(r, b);
    VoteRow v;
    VoteBallot out;
    if (vote_allowed_or_reply(r, PERM_TREE_READ, &v) && vote_cast_run(r, b, &v, &out))
        resp_redirect(r, back_to_vote(r));
}

void page_vote_paper_post(Req *r)
{
    json_t *b = own_body(r, json_object());
    const char *code = form_text(r, "ballot_code");
    if (code)
        json_object_set_new(b, "ballot_code", json_string(code));
    else
        set_if(b, "household_id", form_int(r, "household_id"));
    choice_into(r, b);
    const char *doc = form_text(r, "proxy_document"), *name = form_text(r, "proxy_name");
    if (doc || name) {
        json_object_set_new(b, "channel", json_string("proxy"));
        set_text(r, b, "proxy_name", "proxy_name");
        set_text(r, b, "proxy_document", "proxy_document");
    }
    VoteRow v;
    VoteBallot out;
    if (vote_allowed_or_reply(r, PERM_TREE_READ, &v) && vote_paper_run(r, b, &v, &out))
        resp_redirect(r, back_to_vote(r));
}

void page_vote_confirm_post(Req *r)
{
    VoteRow v;
    VoteBallot out;
    if (vote_allowed_or_reply(r, PERM_TREE_READ, &v) && vote_confirm_run(r, &v, &out))
        resp_redirect(r, back_to_vote(r));
}

void page_vote_open_post(Req *r)
{
    json_t *b = own_body(r, json_object());
    set_if(b, "closes_at", vote_form_local_time(r, "closes_at"));
    set_text(r, b, "incomplete_register_reason", "incomplete_register_reason");
    VoteRow v;
    if (vote_allowed_or_reply(r, PERM_DELIB_MANAGE, &v) && vote_open_run(r, b, &v))
        resp_redirect(r, back_to_vote(r));
}

void page_votes_close_due_post(Req *r)
{
    if (!auth_require_or_reply(r, PERM_DELIB_MANAGE, NULL))
        return;
    int n = 0;
    if (!vote_close_due(r->db, clock_now(), vote_actor(r), &n)) {
        vote_reply_db(r);
        return;
    }
    resp_redirect(r, "/votes");
}

/* The question before a vote is closed: works without JavaScript, and
 * says what closing does while the gap to the quorum is in view. */
void page_vote_close_confirm(Req *r)
{
    VoteRow v;
    if (!vote_allowed_or_reply(r, PERM_DELIB_MANAGE, &v))
        return;
    if (strcmp(v.status, "open") != 0) {
        resp_redirect(r, back_to_vote(r));
        return;
    }
    page_begin(r, L(r, "确认结束投票", "Close the vote?"));
    buf_printf(&r->out, "<h1>%s</h1>\n<p><strong>%h</strong></p>\n<p class=\"notice\" id=\"close-warning\">%s</p>\n",
               L(r, "确认结束投票", "Close the vote?"), v.title,
               L(r, "结束后不能再投票或改票，系统将立即计票并在公示栏公示结果。此操作不能撤销。",
                 "Nobody can vote or change a ballot afterwards; the result is counted and published at once. This cannot be undone."));
    if (strcmp(v.kind, "art278") == 0 && !participation_gap(r, &v))
        return;
    buf_printf(&r->out, "<form method=\"post\" action=\"/votes/%lld/close\" id=\"close-confirm\">", (long long)v.id);
    page_csrf_field(r);
    buf_printf(&r->out,
               "<input type=\"hidden\" name=\"confirm\" value=\"yes\">"
               "<p><button type=\"submit\">%s</button> <a class=\"button secondary\" href=\"/votes/%lld\">%s</a></p></form>\n",
               L(r, "确认结束并公示结果", "Yes, close and publish"), (long long)v.id, L(r, "取消，返回表决", "Cancel"));
    page_end(r);
}

void page_vote_close_post(Req *r)
{
    /* a post without the confirmation (an old page, a stray form) is asked first */
    const char *confirm = form_text(r, "confirm");
    if (!confirm || strcmp(confirm, "yes") != 0) {
        resp_redirect(r, arena_printf(r->arena, "/votes/%u/close", req_param(r, "id")));
        return;
    }
    VoteRow v;
    if (vote_allowed_or_reply(r, PERM_DELIB_MANAGE, &v) && vote_finish_run(r, &v))
        resp_redirect(r, back_to_vote(r));
}

/* ---- notices ------------------------------------------------------------------ */

static const char *notice_kind_zh(const char *k)
{
    static const char *const map[][2] = {{"vote_result", "表决结果"}, {"payment", "付款"},     {"minutes", "会议纪要"},
                                         {"convention", "公约"},      {"decision", "决议"},    {"execution", "执行情况"},
                                         {"general", "通知"}};
    for (size_t i = 0; i < sizeof map / sizeof map[0]; i++)
        if (strcmp(k, map[i][0]) == 0)
            return map[i][1];
    return k;
}

void page_notices(Req *r)
{
    if (!auth_require_or_reply(r, PERM_TREE_READ, NULL))
        return;
    Ctx c = site_ctx(r);
    Notice *items = NULL;
    int k = 0;
    int64_t total = 0;
    if (!notice_list(&c, NULL, 0, 200, &items, &k, &total)) {
        vote_reply_db(r);
        return;
    }
    page_begin(r, L(r, "公示栏", "Public notices"));
    buf_printf(&r->out, "<h1>%s</h1>\n<ul class=\"tree\">\n", L(r, "公示栏", "Public notices"));
    for (int i = 0; i < k; i++) {
        const Notice *t = &items[i];
        char at[20];
        clock_format_local(t->published_at, at);
        buf_printf(&r->out, "<li><span class=\"tag\">%s</span> <a href=\"/notices/%lld\">%h</a>%s <small>%h · %s</small></li>\n",
                   L(r, notice_kind_zh(t->kind), t->kind), (long long)t->id, t->title,
                   t->corrects_id ? L(r, "（更正）", " (correction)") : "", t->node_name, at);
    }
    buf_puts(&r->out, "</ul>\n");
    if (!k)
        buf_printf(&r->out, "<p>%s</p>\n", L(r, "暂无公示。", "No notices yet."));
    page_end(r);
}

/* The notice as it goes on the board: big type, the whole text, the
 * objection period, and the link to what corrects it. */
void page_notice(Req *r)
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
    page_begin(r, t.title);
    char pub[20], until[20];
    clock_format_local(t.published_at, pub);
    clock_format_local(t.objection_until, until);
    buf_printf(&r->out, "<article class=\"notice-print\">\n<p class=\"small\">%s · %h · %s %s</p>\n<h1>%h</h1>\n",
               L(r, notice_kind_zh(t.kind), t.kind), t.node_name, L(r, "发布于", "published"), pub, t.title);
    if (t.corrected_by)
        buf_printf(&r->out, "<p class=\"warning\">%s <a href=\"/notices/%lld\">%s</a></p>\n",
                   L(r, "本公示已被更正：", "This notice has been corrected:"), (long long)t.corrected_by,
                   L(r, "查看更正公示", "see the correction"));
    if (t.corrects_id)
        buf_printf(&r->out, "<p class=\"notice\">%s <a href=\"/notices/%lld\">%s</a></p>\n",
                   L(r, "本公示更正了", "This corrects"), (long long)t.corrects_id, L(r, "原公示", "the original notice"));
    /* the body is plain text: one paragraph per line */
    for (const char *p = t.body; p && *p;) {
        const char *e = strchr(p, '\n');
        size_t n = e ? (size_t)(e - p) : strlen(p);
        if (n)
            buf_printf(&r->out, "<p>%h</p>\n", arena_strndup(r->arena, p, n));
        if (!e)
            break;
        p = e + 1;
    }
    if (t.source_entity && strcmp(t.source_entity, "vote") == 0)
        buf_printf(&r->out, "<p><a href=\"/votes/%lld\">%s</a></p>\n", (long long)t.source_id,
                   L(r, "查看表决详情与计票", "The vote and its count"));
    if (t.source_entity && strcmp(t.source_entity, "payment") == 0) /* funds: the payment with its basis documents */
        buf_printf(&r->out, "<p><a class=\"payment-link\" href=\"/payments/%lld#documents\">%s</a></p>\n",
                   (long long)t.source_id, L(r, "查看付款详情与依据文件", "The payment and its basis documents"));
    buf_printf(&r->out, "<p><a class=\"button\" id=\"notice-print\" href=\"/notices/%lld/print\">%s</a></p>\n", (long long)t.id,
               L(r, "打印（A4，带二维码）", "Print (A4, with QR code)"));
    buf_printf(&r->out, "<p class=\"notice\">%s %s %s</p>\n</article>\n", L(r, "公示期至", "Objections until"), until,
               c.now < t.objection_until ? L(r, "，期间如有异议，请向社区或院委会反映。", "; raise any objection with the community or the committee.")
                                         : L(r, "（公示期已满）", " (the period is over)"));
    page_end(r);
}

/* ---- topics ------------------------------------------------------------------- */

void page_topics(Req *r)
{
    if (!auth_require_or_reply(r, PERM_TREE_READ, NULL))
        return;
    Ctx c = site_ctx(r);
    VoteErr e;
    Topic *t;
    int nt;
    if (!delib_topics_list(&c, &t, &nt, &e)) {
        vote_err_reply(r, &e);
        return;
    }
    bool proposer = perm_allows(r->who, PERM_TOPIC_PROPOSE, NULL);
    NodeList places = {0};
    if (proposer && grid_nodes_in(&c, NULL, GRID_KIND(NODE_GRID) | GRID_KIND(NODE_COMPOUND), 0, &places) != GRID_OK) {
        vote_reply_db(r);
        return;
    }
    page_begin(r, L(r, "议题", "Topics"));
    buf_printf(&r->out, "<h1>%s</h1>\n<ul class=\"tree\">\n", L(r, "议题", "Topics"));
    for (int i = 0; i < nt; i++) {
        if (!perm_allows(r->who, PERM_TREE_READ, t[i].node_path))
            continue;
        buf_printf(&r->out, "<li><a href=\"/topics/%lld\">%h</a> <small>%h · %lld %s</small></li>\n", (long long)t[i].id,
                   t[i].title, t[i].node_name, (long long)t[i].supporters, L(r, "人支持", "supporters"));
    }
    buf_puts(&r->out, "</ul>\n");
    if (proposer) {
        buf_printf(&r->out, "<h2>%s</h2>\n<form method=\"post\" action=\"/topics\">\n", L(r, "提出议题", "Propose a topic"));
        page_csrf_field(r);
        buf_printf(&r->out, "<label for=\"node_id\">%s</label>\n<select id=\"node_id\" name=\"node_id\">\n", L(r, "范围", "Where"));
        for (int i = 0; i < places.n; i++) {
            const NodeInfo *n = &places.items[i];
            /* a grid or compound the proposer's grant lies in, or above */
            bool mine = false;
            for (int g = 0; g < r->who->n_grants && !mine; g++)
                mine = role_has(r->who->grants[g].role, PERM_TOPIC_PROPOSE) &&
                       delib_paths_related(r->who->grants[g].node_path, n->path);
            if (mine)
                buf_printf(&r->out, "<option value=\"%lld\">%h</option>\n", (long long)n->id, n->name);
        }
        buf_printf(&r->out,
                   "</select>\n<label for=\"title\">%s</label>\n<input id=\"title\" name=\"title\" type=\"text\" required maxlength=\"200\">\n"
                   "<label for=\"body\">%s</label>\n<textarea id=\"body\" name=\"body\" rows=\"4\"></textarea>\n"
                   "<p><button type=\"submit\">%s</button></p>\n</form>\n",
                   L(r, "议题", "Topic"), L(r, "说明", "Details"), L(r, "提交", "Submit"));
    }
    page_end(r);
}

/* The meetings of the topic's place (inside or above it) the caller runs,
 * not yet published, that do not have it on their agenda: where staff may
 * put it. */
static void agenda_form(Req *r, const Topic *t, const Meeting *on, int n_on, const Meeting *m, int nm)
{
    bool head = false;
    for (int i = 0; i < nm; i++) {
        bool listed = strcmp(m[i].status, "published") == 0;
        for (int j = 0; j < n_on && !listed; j++)
            listed = on[j].id == m[i].id;
        if (listed || !delib_may_manage(r->who, m[i].node_path) ||
            !delib_paths_related(m[i].node_path, t->node_path))
            continue;
        if (!head) {
            buf_printf(&r->out, "<form method=\"post\" action=\"/topics/%lld/agenda\" id=\"topic-agenda-form\">\n", (long long)t->id);
            page_csrf_field(r);
            buf_printf(&r->out, "<label for=\"meeting_id\">%s</label>\n<select id=\"meeting_id\" name=\"meeting_id\">\n",
                       L(r, "列入会议议程（工作人员）", "Put on a meeting's agenda (staff)"));
            head = true;
        }
        buf_printf(&r->out, "<option value=\"%lld\">%h</option>\n", (long long)m[i].id, m[i].title);
    }
    if (head)
        buf_printf(&r->out, "</select>\n<button type=\"submit\">%s</button>\n</form>\n", L(r, "列入议程", "Add to the agenda"));
    else
        buf_printf(&r->out, "<p><a href=\"/meetings/new\">%s</a></p>\n", L(r, "召开会议并列入议程", "Call a meeting for it"));
}

void page_topic(Req *r)
{
    int64_t id;
    if (!req_param_id_or_reply(r, "id", &id))
        return;
    Ctx c = site_ctx(r);
    VoteErr e;
    Topic t;
    if (!delib_topic_get(&c, id, &t, &e)) {
        page_err_reply(r, &e);
        return;
    }
    if (!auth_require_or_reply(r, PERM_TREE_READ, t.node_path))
        return;
    bool manager = delib_may_manage(r->who, t.node_path);
    Meeting *on = NULL, *meetings = NULL;
    TopicComment *cm;
    int n_on = 0, nm = 0, ncm;
    if (!delib_topic_meetings(&c, id, &on, &n_on, &e) || !delib_topic_comments(&c, id, &cm, &ncm, &e) ||
        (manager && !delib_meetings_list(&c, &meetings, &nm, &e))) {
        vote_err_reply(r, &e);
        return;
    }
    /* commenters by name only to those who run deliberation (and to themselves) */
    const char **by = arena_alloc(r->arena, sizeof *by * (size_t)(ncm + 1));
    for (int i = 0; i < ncm; i++) {
        const char *name = NULL, *home = NULL;
        bool found;
        if (!delib_commenter(&c, cm[i].user_id, &name, &home, &found, &e)) {
            vote_err_reply(r, &e);
            return;
        }
        by[i] = found ? vote_commenter_label(r->arena, name, home, manager || (r->who && cm[i].user_id == r->who->user_id))
                      : NULL;
    }
    page_begin(r, t.title);
    buf_printf(&r->out, "<p><a href=\"/topics\">%s</a></p>\n<h1>%h</h1>\n<p><small>%h</small></p>\n<p>%h</p>\n<p>%lld %s</p>\n",
               L(r, "← 全部议题", "← All topics"), t.title, t.node_name, t.body, (long long)t.supporters,
               L(r, "人支持", "supporters"));
    if (perm_allows(r->who, PERM_TOPIC_PROPOSE, NULL)) {
        buf_printf(&r->out, "<form method=\"post\" action=\"/topics/%lld/support\">", (long long)id);
        page_csrf_field(r);
        buf_printf(&r->out, "<button type=\"submit\">%s</button></form>\n", L(r, "支持这个议题", "Support this topic"));
    }
    for (int i = 0; i < n_on; i++)
        buf_printf(&r->out, "%s<a href=\"/meetings/%lld\">%h</a>",
                   i ? "、" : L(r, "<p id=\"on-agenda\">已列入会议议程：", "<p id=\"on-agenda\">On the agenda of: "),
                   (long long)on[i].id, on[i].title);
    if (n_on)
        buf_puts(&r->out, "</p>\n");
    buf_printf(&r->out, "<h2 id=\"discussion\">%s</h2>\n<ul class=\"comments\">\n", L(r, "讨论", "Discussion"));
    for (int i = 0; i < ncm; i++)
        if (by[i]) /* as before: a comment whose author is gone is not shown */
            buf_printf(&r->out, "<li><strong>%h</strong>：%h</li>\n", by[i], cm[i].body);
    buf_puts(&r->out, "</ul>\n");
    if (perm_allows(r->who, PERM_TOPIC_PROPOSE, NULL)) {
        buf_printf(&r->out, "<form method=\"post\" action=\"/topics/%lld/comments\" id=\"comment-form\">\n", (long long)id);
        page_csrf_field(r);
        buf_printf(&r->out,
                   "<label for=\"comment_body\">%s</label>\n<textarea id=\"comment_body\" name=\"body\" rows=\"3\" required maxlength=\"2000\"></textarea>\n"
                   "<p><button type=\"submit\">%s</button> <small>%s</small></p>\n</form>\n",
                   L(r, "发表意见", "Your comment"), L(r, "发表", "Post"),
                   L(r, "其他居民只看到您的楼栋单元和姓氏。", "Other residents see only your building/unit and surname."));
    }
    if (manager)
        agenda_form(r, &t, on, n_on, meetings, nm);
    page_end(r);
}

/* Both forms run the API's step (delib_api.c) on the form as its JSON body:
 * the same checks, the same sentences from vote/messages.c. */
void page_topic_new_post(Req *r)
{
    json_t *b = json_object();
    set_if(b, "node_id", form_int(r, "node_id"));
    set_text(r, b, "title", "title");
    set_text(r, b, "body", "body");
    if (vote_page_run(r, delib_topic_create_run, b))
        resp_redirect(r, "/topics");
}

void page_topic_support_post(Req *r)
{
    if (vote_page_run(r, delib_topic_support_run, json_object()))
        resp_redirect(r, arena_printf(r->arena, "/topics/%u", req_param(r, "id")));
}
