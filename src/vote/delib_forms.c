/* delib_forms.c: the staff forms of deliberation (PERM_DELIB_MANAGE): a new
 * meeting (also opened from a work order), its agenda, attendance, minutes
 * and publication; a representatives' panel drawn from a seed shown before
 * the draw; a convention's draft, merged versions and final vote; a
 * decision and its steps; and residents' comments on topics and clauses.
 * Every post runs the step its JSON handler runs (web_delib.h) on the form
 * turned into a JSON body, so the forms keep the API's checks, Chinese
 * errors and audit events, and call the same model; no page runs a JSON
 * handler. */
#include "vote/vote.h"
#include "vote/web_int.h"
#include "vote/delib.h"
#include "vote/web_delib.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "site/site.h"
#include "core/clock.h"
#include "grid/web.h"
#include "site/page.h"
#include "vote/decision.h"

/* vote_page_run, then back to the page the form was on. */
static void page_run_back(Req *r, int64_t (*run)(Req *), json_t *body, const char *back)
{
    if (vote_page_run(r, run, body))
        resp_redirect(r, back);
}

static void set_if(json_t *o, const char *k, json_t *v)
{
    if (v)
        json_object_set_new(o, k, v);
}

static void set_text(Req *r, json_t *o, const char *field)
{
    const char *v = vote_form_text(r, field);
    if (v)
        json_object_set_new(o, field, json_string(v));
}

/* A textarea's lines, trimmed, empty ones dropped, as a JSON list; NULL when none. */
static json_t *form_lines(Req *r, const char *name)
{
    const char *text = vote_form_text(r, name);
    if (!text)
        return NULL;
    json_t *list = json_array();
    for (const char *p = text; *p;) {
        const char *e = strchr(p, '\n');
        size_t n = e ? (size_t)(e - p) : strlen(p);
        const char *q = p;
        while (n && (*q == ' ' || *q == '\t')) {
            q++;
            n--;
        }
        while (n && (q[n - 1] == '\r' || q[n - 1] == ' ' || q[n - 1] == '\t'))
            n--;
        if (n)
            json_array_append_new(list, json_stringn(q, n));
        if (!e)
            break;
        p = e + 1;
    }
    return list;
}

/* The scopes where the reader runs deliberation, as <option>s. */
static void scope_options(Req *r, int64_t selected)
{
    Ctx c = site_ctx(r);
    NodeList nodes;
    unsigned kinds = GRID_KIND(NODE_COMMUNITY) | GRID_KIND(NODE_GRID) | GRID_KIND(NODE_COMPOUND) | GRID_KIND(NODE_BUILDING);
    if (grid_nodes_in(&c, NULL, kinds, 0, &nodes) != GRID_OK) {
        buf_printf(&r->out, "<option value=\"\" disabled>%s</option>\n", L(r, "（读取失败，请刷新）", "(could not be read: reload)"));
        return;
    }
    for (int i = 0; i < nodes.n; i++) {
        const NodeInfo *n = &nodes.items[i];
        if (!delib_may_manage(r->who, n->path))
            continue;
        buf_printf(&r->out, "<option value=\"%lld\"%s>%h（%s）</option>\n", (long long)n->id, n->id == selected ? " selected" : "",
                   n->name, L(r, node_kind_label_zh(n->kind), node_kind_name(n->kind)));
    }
}

static void scope_field(Req *r, int64_t selected)
{
    buf_printf(&r->out, "<label for=\"node_id\">%s</label>\n<select id=\"node_id\" name=\"node_id\" required>\n",
               L(r, "范围（社区、网格、院落或楼栋）", "Scope (community, grid, compound or building)"));
    scope_options(r, selected);
    buf_puts(&r->out, "</select>\n");
}

/* ---- meetings ----------------------------------------------------------------- */

/* /meetings/new: first the scope (and the work order it comes from), then
 * the meeting with invitees chosen from that scope's organisations and
 * office-holders. ?work_order=ID pre-fills a coordination meeting. */
void page_meeting_new(Req *r)
{
    if (!auth_require_or_reply(r, PERM_DELIB_MANAGE, NULL))
        return;
    int64_t node = 0, wo = 0;
    if (!req_query_int_or_reply(r, "node", 0, 0, INT64_MAX, &node) ||
        !req_query_int_or_reply(r, "work_order", 0, 0, INT64_MAX, &wo))
        return;
    Ctx c = site_ctx(r);
    VoteErr e;
    const char *wo_title = NULL;
    if (wo) {
        WoBrief b;
        if (!delib_work_order(&c, wo, &b, &e)) {
            e.field = "work_order"; /* the page's query parameter */
            vote_err_reply(r, &e);
            return;
        }
        wo_title = b.category_name;
        if (!node)
            node = b.compound_id;
    }
    NodeInfo n;
    if (node && !grid_node_load_allowed_or_reply(r, node, PERM_DELIB_MANAGE, &n))
        return;
    Topic *open = NULL;
    int n_open = 0;
    if (node && !delib_topics_open(&c, 0, &open, &n_open, &e)) {
        vote_err_reply(r, &e);
        return;
    }
    page_begin(r, L(r, "召开会议", "New meeting"));
    buf_printf(&r->out, "<p><a href=\"/meetings\">%s</a></p>\n<h1>%s</h1>\n", L(r, "← 全部会议", "← All meetings"),
               L(r, "召开会议", "New meeting"));
    if (wo)
        buf_printf(&r->out, "<p class=\"notice\">%s <a href=\"/workorders/%lld\">#%lld %h</a></p>\n",
                   L(r, "由工单发起的多方协调会：", "A coordination meeting for work order"), (long long)wo, (long long)wo,
                   wo_title);
    if (!node) {
        /* step 1: the scope decides whom the meeting may invite */
        buf_printf(&r->out, "<form method=\"get\" action=\"/meetings/new\" id=\"meeting-scope\">\n");
        buf_printf(&r->out, "<label for=\"node\">%s</label>\n<select id=\"node\" name=\"node\" required>\n",
                   L(r, "会议范围（社区、网格、院落或楼栋）", "Scope (community, grid, compound or building)"));
        scope_options(r, 0);
        buf_printf(&r->out, "</select>\n<p><button type=\"submit\">%s</button></p>\n</form>\n", L(r, "下一步", "Next"));
        page_end(r);
        return;
    }
    buf_printf(&r->out, "<form method=\"post\" action=\"/meetings/new\" id=\"meeting-form\">\n");
    page_csrf_field(r);
    buf_printf(&r->out, "<input type=\"hidden\" name=\"node_id\" value=\"%lld\">\n<p>%s <strong>%h</strong>", (long long)n.id,
               L(r, "范围：", "Scope:"), n.name);
    if (!wo)
        buf_printf(&r->out, " <a href=\"/meetings/new\">%s</a>", L(r, "换一个范围", "choose another"));
    buf_puts(&r->out, "</p>\n");
    if (wo)
        buf_printf(&r->out, "<input type=\"hidden\" name=\"work_order_id\" value=\"%lld\">\n", (long long)wo);
    static const struct { const char *key, *zh, *en; } kinds[] = {
        {"party_joint", "党建联席会（每月）", "Party joint meeting (monthly)"},
        {"council", "居民议事会（每季度）", "Residents' council (quarterly)"},
        {"multi_party", "多方协调会（按需，可由工单发起）", "Multi-party coordination (on demand)"},
    };
    buf_printf(&r->out, "<label for=\"kind\">%s</label>\n<select id=\"kind\" name=\"kind\">\n", L(r, "会议类型", "Kind"));
    for (int i = 0; i < 3; i++)
        buf_printf(&r->out, "<option value=\"%s\"%s>%s</option>\n", kinds[i].key,
                   (wo ? i == 2 : i == 1) ? " selected" : "", L(r, kinds[i].zh, kinds[i].en));
    buf_printf(&r->out,
               "</select>\n<label for=\"title\">%s</label>\n<input id=\"title\" name=\"title\" type=\"text\" required maxlength=\"200\" value=\"%h\">\n"
               "<label for=\"starts_at\">%s</label>\n<input id=\"starts_at\" name=\"starts_at\" type=\"datetime-local\" required>\n"
               "<label for=\"place\">%s</label>\n<input id=\"place\" name=\"place\" type=\"text\" maxlength=\"100\">\n",
               L(r, "会议名称", "Title"), wo ? arena_printf(r->arena, "多方协调会：工单#%lld %s", (long long)wo, wo_title) : "",
               L(r, "时间（北京时间）", "Time (Beijing time)"), L(r, "地点", "Place"));
    /* agenda: the scope's topics not yet decided */
    bool head = false;
    for (int i = 0; i < n_open; i++) {
        if (!delib_paths_related(open[i].node_path, n.path))
            continue;
        if (!head) {
            buf_printf(&r->out, "<fieldset><legend>%s</legend>\n", L(r, "议程（选择议题）", "Agenda (topics)"));
            head = true;
        }
        buf_printf(&r->out, "<label><input type=\"checkbox\" name=\"topic\" value=\"%lld\"> %h</label>\n",
                   (long long)open[i].id, open[i].title);
    }
    if (head)
        buf_puts(&r->out, "</fieldset>\n");
    MeetingInvitee *cand = NULL;
    int nc = 0;
    if (!delib_invitee_candidates(&c, n.path, &cand, &nc, &e))
        nc = 0; /* the form is still of use without the lists; the post checks again */
    for (int pass = 0; pass < 2; pass++) {
        bool any = false;
        for (int i = 0; i < nc; i++) {
            if (cand[i].is_user != (pass == 1))
                continue;
            if (!any) {
                buf_printf(&r->out, "<fieldset class=\"invitees\"><legend>%s</legend>\n",
                           pass ? L(r, "邀请人员（本范围的工作人员、楼栋长、院委会等）", "Invite people (office-holders of the scope)")
                                : L(r, "邀请单位（本范围的组织）", "Invite organisations of the scope"));
                any = true;
            }
            buf_printf(&r->out, "<label><input type=\"checkbox\" name=\"%s\" value=\"%lld\"> %h <small>%h</small></label>\n",
                       pass ? "user" : "org", (long long)cand[i].id, cand[i].name, cand[i].represents);
        }
        if (any)
            buf_puts(&r->out, "</fieldset>\n");
    }
    buf_printf(&r->out,
               "<label for=\"invitees\">%s</label>\n<textarea id=\"invitees\" name=\"invitees\" rows=\"3\"></textarea>\n"
               "<p><button type=\"submit\">%s</button></p>\n</form>\n",
               L(r, "其他受邀人（每行一位，如“居民代表”）", "Other invitees (one per line)"), L(r, "创建会议", "Create the meeting"));
    page_end(r);
}

void page_meeting_new_post(Req *r)
{
    json_t *b = json_object();
    set_if(b, "node_id", vote_form_int(r, "node_id"));
    set_text(r, b, "kind");
    set_text(r, b, "title");
    set_if(b, "starts_at", vote_form_local_time(r, "starts_at"));
    set_text(r, b, "place");
    set_if(b, "topic_ids", vote_form_ids(r, "topic"));
    set_if(b, "invitee_org_ids", vote_form_ids(r, "org"));
    set_if(b, "invitee_user_ids", vote_form_ids(r, "user"));
    set_if(b, "invitees", form_lines(r, "invitees"));
    set_if(b, "work_order_id", vote_form_int(r, "work_order_id"));
    int64_t id = vote_page_run(r, delib_meeting_create_run, b);
    if (id)
        resp_redirect(r, arena_printf(r->arena, "/meetings/%lld", (long long)id));
}

static const char *back_to_meeting(Req *r)
{
    return arena_printf(r->arena, "/meetings/%u", req_param(r, "id"));
}

void page_meeting_agenda_post(Req *r)
{
    json_t *b = json_object();
    set_if(b, "topic_id", vote_form_int(r, "topic_id"));
    page_run_back(r, delib_meeting_agenda_run, b, back_to_meeting(r));
}

void page_meeting_attendance_post(Req *r)
{
    json_t *b = json_object();
    json_t *ids = vote_form_ids(r, "present");
    json_object_set_new(b, "present", ids ? ids : json_array());
    page_run_back(r, delib_meeting_attendance_run, b, back_to_meeting(r));
}

void page_meeting_minutes_post(Req *r)
{
    json_t *b = json_object();
    set_text(r, b, "minutes");
    const char *d = vote_form_text(r, "decisions");
    json_object_set_new(b, "decisions", json_string(d ? d : ""));
    page_run_back(r, delib_meeting_minutes_run, b, back_to_meeting(r));
}

void page_meeting_publish_post(Req *r)
{
    page_run_back(r, delib_meeting_publish_run, json_object(), back_to_meeting(r));
}

/* The staff's part of a meeting page: agenda, attendance, minutes, publication. */
void vote_meeting_manage_section(Req *r, int64_t id, const char *path, const char *minutes, const char *decisions)
{
    buf_printf(&r->out, "<section class=\"manage\" id=\"manage\">\n<h2>%s</h2>\n", L(r, "会议办理（工作人员）", "Run the meeting (staff)"));
    /* agenda */
    Ctx c = site_ctx(r);
    VoteErr e;
    Topic *open = NULL;
    MeetingAttendee *att = NULL;
    int n_open = 0, n_att = 0;
    if (!delib_topics_open(&c, id, &open, &n_open, &e) || !delib_meeting_attendees(&c, id, &att, &n_att, &e)) {
        buf_printf(&r->out, "<p class=\"warning\">%s</p>\n</section>\n", L(r, "读取失败，请刷新。", "Could not be read: reload."));
        return;
    }
    bool head = false;
    for (int i = 0; i < n_open; i++) {
        if (!delib_paths_related(open[i].node_path, path))
            continue;
        if (!head) {
            buf_printf(&r->out, "<form method=\"post\" action=\"/meetings/%lld/agenda\" id=\"agenda-form\">\n", (long long)id);
            page_csrf_field(r);
            buf_printf(&r->out, "<label for=\"topic_id\">%s</label>\n<select id=\"topic_id\" name=\"topic_id\">\n",
                       L(r, "把议题列入议程", "Put a topic on the agenda"));
            head = true;
        }
        buf_printf(&r->out, "<option value=\"%lld\">%h</option>\n", (long long)open[i].id, open[i].title);
    }
    if (head)
        buf_printf(&r->out, "</select>\n<button type=\"submit\">%s</button>\n</form>\n", L(r, "列入议程", "Add to the agenda"));
    /* attendance */
    buf_printf(&r->out, "<form method=\"post\" action=\"/meetings/%lld/attendance\" id=\"attendance-form\">\n", (long long)id);
    page_csrf_field(r);
    buf_printf(&r->out, "<fieldset><legend>%s</legend>\n", L(r, "登记出席", "Record attendance"));
    for (int i = 0; i < n_att; i++)
        buf_printf(&r->out, "<label><input type=\"checkbox\" name=\"present\" value=\"%lld\"%s> %h <small>%h</small></label>\n",
                   (long long)att[i].id, att[i].present ? " checked" : "", att[i].name, att[i].represents);
    if (!n_att)
        buf_printf(&r->out, "<p>%s</p>\n", L(r, "没有受邀人。", "No invitees."));
    buf_printf(&r->out, "</fieldset>\n<button type=\"submit\">%s</button>\n</form>\n", L(r, "保存出席情况", "Save attendance"));
    /* minutes */
    buf_printf(&r->out,
               "<form method=\"post\" action=\"/meetings/%lld/minutes\" id=\"minutes-form\">\n", (long long)id);
    page_csrf_field(r);
    buf_printf(&r->out,
               "<label for=\"minutes\">%s</label>\n<textarea id=\"minutes\" name=\"minutes\" rows=\"8\" required>%h</textarea>\n"
               "<label for=\"decisions\">%s</label>\n<textarea id=\"decisions\" name=\"decisions\" rows=\"3\">%h</textarea>\n"
               "<button type=\"submit\">%s</button>\n</form>\n",
               L(r, "会议纪要", "Minutes"), minutes ? minutes : "", L(r, "决议（可不填）", "Decisions (optional)"),
               decisions ? decisions : "", L(r, "保存纪要", "Save the minutes"));
    /* approval and publication */
    buf_printf(&r->out, "<form method=\"post\" action=\"/meetings/%lld/publish\" id=\"publish-form\">\n", (long long)id);
    page_csrf_field(r);
    buf_printf(&r->out, "<button type=\"submit\">%s</button> <small>%s</small>\n</form>\n</section>\n",
               L(r, "审定纪要并公示", "Approve and publish the minutes"),
               L(r, "公示后纪要不能再改，更正须另发公示。", "Once published the minutes cannot change; a correction is a new notice."));
}

/* ---- topics --------------------------------------------------------------------- */

void page_topic_comment_post(Req *r)
{
    json_t *b = json_object();
    set_text(r, b, "body");
    page_run_back(r, delib_topic_comment_run, b, arena_printf(r->arena, "/topics/%u#discussion", req_param(r, "id")));
}

/* From a topic's page: onto the agenda of the meeting chosen in the form. */
void page_topic_agenda_post(Req *r)
{
    const char *topic = req_param(r, "id");
    const char *meeting = vote_form_text(r, "meeting_id");
    if (!meeting) {
        reply_error(r, 400, "missing_field", "meeting_id", "请选择会议", "Choose a meeting");
        return;
    }
    json_t *b = json_object();
    char *end;
    long long t = strtoll(topic ? topic : "", &end, 10);
    json_object_set_new(b, "topic_id", json_integer(t));
    KV *p = arena_alloc(r->arena, sizeof *p);
    p->key = "id";
    p->value = meeting;
    r->params = p;
    r->n_params = 1;
    page_run_back(r, delib_meeting_agenda_run, b, arena_printf(r->arena, "/meetings/%u", meeting));
}

/* ---- panels ---------------------------------------------------------------------- */

static const struct { const char *dim, *key, *zh, *en; } strata_fields[] = {
    {"age_band", "old", "65岁及以上", "65 and over"},   {"age_band", "middle", "35-64岁", "35-64"},
    {"age_band", "young", "35岁以下", "under 35"},     {"age_band", "unknown", "年龄不详", "age unknown"},
    {"residency", "permanent", "常住", "permanent"},  {"residency", "floating", "流动", "floating"},
    {"tenure", "owner", "业主", "owner"},             {"tenure", "tenant", "租户", "tenant"},
    {"tenure", "other", "其他", "other"},             {NULL, "shop", "商户（任一分层都可加）", "shops (any dimension)"},
};

void page_panel_new(Req *r)
{
    if (!auth_require_or_reply(r, PERM_DELIB_MANAGE, NULL))
        return;
    /* the seed is shown (and can be announced) before anyone draws */
    unsigned char raw[6];
    randombytes_buf(raw, sizeof raw);
    char at[20];
    clock_format_local(clock_now(), at);
    const char *seed = arena_printf(r->arena, "%s-%02x%02x%02x%02x%02x%02x", arena_strndup(r->arena, at, 10), raw[0], raw[1],
                                    raw[2], raw[3], raw[4], raw[5]);
    page_begin(r, L(r, "抽选居民代表", "Draw a representatives' panel"));
    buf_printf(&r->out, "<h1>%s</h1>\n<form method=\"post\" action=\"/panels/new\" id=\"panel-form\">\n",
               L(r, "抽选居民代表", "Draw a representatives' panel"));
    page_csrf_field(r);
    scope_field(r, 0);
    buf_printf(&r->out,
               "<label for=\"title\">%s</label>\n<input id=\"title\" name=\"title\" type=\"text\" required maxlength=\"200\">\n"
               "<label for=\"seed\">%s</label>\n<input id=\"seed\" name=\"seed\" type=\"text\" required maxlength=\"200\" value=\"%h\">\n"
               "<p class=\"notice\">%s</p>\n"
               "<label for=\"dimension\">%s</label>\n<select id=\"dimension\" name=\"dimension\">"
               "<option value=\"age_band\">%s</option><option value=\"residency\">%s</option><option value=\"tenure\">%s</option></select>\n"
               "<fieldset><legend>%s</legend>\n",
               L(r, "名单名称", "Title"), L(r, "公开种子", "Public seed"), seed,
               L(r, "请在抽选前公布这个种子（可改成会上公开商定的数字）。抽选后，任何人用同一种子和公开的候选名单都能重算出同一份名单。",
                 "Announce this seed before the draw (or use one agreed in public). With the same seed and the published "
                 "candidate list anyone re-runs the draw and gets the same panel."),
               L(r, "分层依据", "Strata by"), L(r, "年龄段", "age band"), L(r, "常住/流动", "permanent/floating"),
               L(r, "业主/租户", "owner/tenant"), L(r, "各层名额（只填所选分层的层，以及商户）", "Quota per stratum (the chosen dimension's strata, and shops)"));
    for (size_t i = 0; i < sizeof strata_fields / sizeof strata_fields[0]; i++)
        buf_printf(&r->out,
                   "<label for=\"quota_%s\">%s%s</label>\n<input id=\"quota_%s\" name=\"quota_%s\" type=\"number\" min=\"0\" max=\"500\">\n",
                   strata_fields[i].key,
                   strata_fields[i].dim ? (strcmp(strata_fields[i].dim, "age_band") == 0 ? L(r, "［年龄段］", "[age] ")
                                           : strcmp(strata_fields[i].dim, "residency") == 0 ? L(r, "［常住/流动］", "[residency] ")
                                                                                             : L(r, "［业主/租户］", "[tenure] "))
                                        : "",
                   L(r, strata_fields[i].zh, strata_fields[i].en), strata_fields[i].key, strata_fields[i].key);
    buf_printf(&r->out, "</fieldset>\n<p><button type=\"submit\">%s</button></p>\n</form>\n", L(r, "抽选", "Draw"));
    page_end(r);
}

void page_panel_new_post(Req *r)
{
    json_t *b = json_object();
    set_if(b, "node_id", vote_form_int(r, "node_id"));
    set_text(r, b, "title");
    set_text(r, b, "seed");
    set_text(r, b, "dimension");
    json_t *q = json_object();
    for (size_t i = 0; i < sizeof strata_fields / sizeof strata_fields[0]; i++) {
        json_t *v = vote_form_int(r, arena_printf(r->arena, "quota_%s", strata_fields[i].key));
        if (v && json_is_integer(v) && json_integer_value(v) == 0)
            json_decref(v); /* an explicit 0 is no quota */
        else if (v)
            json_object_set_new(q, strata_fields[i].key, v);
    }
    json_object_set_new(b, "quotas", q);
    int64_t id = vote_page_run(r, delib_panel_create_run, b);
    if (id)
        resp_redirect(r, arena_printf(r->arena, "/panels/%lld", (long long)id));
}

/* ---- conventions ------------------------------------------------------------------- */

void page_convention_new(Req *r)
{
    if (!auth_require_or_reply(r, PERM_DELIB_MANAGE, NULL))
        return;
    page_begin(r, L(r, "起草公约", "Draft a convention"));
    buf_printf(&r->out, "<h1>%s</h1>\n<form method=\"post\" action=\"/conventions/new\" id=\"convention-form\">\n",
               L(r, "起草公约", "Draft a convention"));
    page_csrf_field(r);
    scope_field(r, 0);
    buf_printf(&r->out,
               "<label for=\"title\">%s</label>\n<input id=\"title\" name=\"title\" type=\"text\" required maxlength=\"200\">\n"
               "<label for=\"body\">%s</label>\n<textarea id=\"body\" name=\"body\" rows=\"10\" required></textarea>\n"
               "<p><button type=\"submit\">%s</button></p>\n</form>\n",
               L(r, "公约名称", "Title"), L(r, "初稿（每行一条，按行编号为第1条、第2条……）", "First draft (one clause per line)"),
               L(r, "发布初稿征求意见", "Publish the draft for comments"));
    page_end(r);
}

void page_convention_new_post(Req *r)
{
    json_t *b = json_object();
    set_if(b, "node_id", vote_form_int(r, "node_id"));
    set_text(r, b, "title");
    set_text(r, b, "body");
    int64_t id = vote_page_run(r, delib_convention_create_run, b);
    if (id)
        resp_redirect(r, arena_printf(r->arena, "/conventions/%lld", (long long)id));
}

static const char *back_to_convention(Req *r)
{
    return arena_printf(r->arena, "/conventions/%u", req_param(r, "id"));
}

void page_convention_comment_post(Req *r)
{
    json_t *b = json_object();
    set_if(b, "version", vote_form_int(r, "version"));
    set_if(b, "clause", vote_form_int(r, "clause"));
    set_text(r, b, "body");
    page_run_back(r, delib_convention_comment_run, b, back_to_convention(r));
}

void page_convention_version_post(Req *r)
{
    json_t *b = json_object();
    set_text(r, b, "body");
    set_text(r, b, "note");
    page_run_back(r, delib_convention_version_run, b, back_to_convention(r));
}

void page_convention_vote_post(Req *r)
{
    json_t *b = json_object();
    set_if(b, "quorum_pct", vote_form_int(r, "quorum_pct"));
    if (!vote_page_run(r, delib_convention_vote_run, b))
        return;
    /* on to the vote just drafted, to open it */
    Ctx c = site_ctx(r);
    VoteErr e;
    Convention cv;
    int64_t id = 0;
    if (!req_param_id_or_reply(r, "id", &id))
        return;
    if (!delib_convention_get(&c, id, &cv, &e)) {
        vote_err_reply(r, &e);
        return;
    }
    resp_redirect(r, arena_printf(r->arena, "/votes/%lld", (long long)cv.vote_id));
}

/* The convention page's forms: a comment on a clause of the latest version
 * (residents), a merged new version and the final vote (staff). */
void vote_convention_forms(Req *r, int64_t id, const char *path, const char *status)
{
    if (strcmp(status, "drafting") != 0)
        return;
    Ctx c = site_ctx(r);
    VoteErr e;
    ConventionVersion *ver;
    int n_ver;
    if (!delib_convention_versions(&c, id, &ver, &n_ver, &e) || n_ver == 0)
        return;
    int64_t version = ver[n_ver - 1].version;
    const char *body = ver[n_ver - 1].body;
    if (perm_allows(r->who, PERM_TOPIC_PROPOSE, NULL)) {
        buf_printf(&r->out, "<section id=\"comment\"><h2>%s</h2>\n<form method=\"post\" action=\"/conventions/%lld/comments\" id=\"clause-comment-form\">\n",
                   L(r, "对条款提意见", "Comment on a clause"), (long long)id);
        page_csrf_field(r);
        buf_printf(&r->out, "<input type=\"hidden\" name=\"version\" value=\"%lld\">\n<label for=\"clause\">%s%lld%s</label>\n"
                            "<select id=\"clause\" name=\"clause\">\n",
                   (long long)version, L(r, "第", "Clause of version "), (long long)version, L(r, "稿的条款", ""));
        int clause = 0;
        const char *cursor = body, *p;
        size_t n;
        while (vote_clause_next(&cursor, &p, &n)) {
            clause++;
            const char *line = arena_strndup(r->arena, p, n > 60 ? 60 : n);
            /* do not cut a character in half */
            size_t len = strlen(line);
            while (len && ((unsigned char)line[len - 1] & 0xC0) == 0x80)
                len--;
            if (len && ((unsigned char)line[len - 1] & 0xC0) == 0xC0)
                len--;
            buf_printf(&r->out, "<option value=\"%d\">%d. %h</option>\n", clause, clause,
                       n > 60 ? arena_strndup(r->arena, line, len) : line);
        }
        buf_printf(&r->out,
                   "</select>\n<label for=\"comment_body\">%s</label>\n<textarea id=\"comment_body\" name=\"body\" rows=\"3\" required></textarea>\n"
                   "<button type=\"submit\">%s</button>\n</form></section>\n",
                   L(r, "意见", "Comment"), L(r, "提交意见", "Send"));
    }
    if (!delib_may_manage(r->who, path))
        return;
    buf_printf(&r->out, "<section class=\"manage\" id=\"manage\"><h2>%s</h2>\n<form method=\"post\" action=\"/conventions/%lld/versions\" id=\"version-form\">\n",
               L(r, "合并意见，形成新一稿（工作人员）", "Merge the comments into a new version (staff)"), (long long)id);
    page_csrf_field(r);
    buf_printf(&r->out,
               "<label for=\"version_body\">%s</label>\n<textarea id=\"version_body\" name=\"body\" rows=\"10\" required>%h</textarea>\n"
               "<label for=\"note\">%s</label>\n<input id=\"note\" name=\"note\" type=\"text\" maxlength=\"500\" value=\"%s\">\n"
               "<button type=\"submit\">%s</button>\n</form>\n",
               L(r, "新一稿全文（每行一条）", "The new text (one clause per line)"), body, L(r, "修改说明", "What changed"),
               L(r, "合并居民意见", "comments merged"), L(r, "保存新一稿", "Save the new version"));
    buf_printf(&r->out, "<form method=\"post\" action=\"/conventions/%lld/vote\" id=\"convention-vote-form\">\n", (long long)id);
    page_csrf_field(r);
    buf_printf(&r->out,
               "<label for=\"quorum_pct\">%s</label>\n<input id=\"quorum_pct\" name=\"quorum_pct\" type=\"number\" min=\"0\" max=\"100\" value=\"50\">\n"
               "<button type=\"submit\">%s%lld%s</button>\n</form></section>\n",
               L(r, "参与门槛（占全体住户的百分比）", "Quorum (% of households)"), L(r, "把第", "Put version "), (long long)version,
               L(r, "稿交付全体住户表决", " to the vote of all households"));
}

/* ---- decisions ---------------------------------------------------------------------- */

void page_decision_new(Req *r)
{
    if (!auth_require_or_reply(r, PERM_DELIB_MANAGE, NULL))
        return;
    Ctx c = site_ctx(r);
    VoteErr e;
    Topic *topics;
    int n_topics;
    if (!delib_topics_list(&c, &topics, &n_topics, &e)) {
        vote_err_reply(r, &e);
        return;
    }
    page_begin(r, L(r, "新建决策流程", "New decision"));
    buf_printf(&r->out, "<h1>%s</h1>\n<form method=\"post\" action=\"/decisions/new\" id=\"decision-form\">\n",
               L(r, "新建决策流程", "New decision"));
    page_csrf_field(r);
    scope_field(r, 0);
    buf_printf(&r->out,
               "<label for=\"title\">%s</label>\n<input id=\"title\" name=\"title\" type=\"text\" required maxlength=\"200\">\n"
               "<label for=\"template\">%s</label>\n<select id=\"template\" name=\"template\">"
               "<option value=\"standard\">%s</option><option value=\"yizheng\">%s</option></select>\n"
               "<label for=\"topic_id\">%s</label>\n<select id=\"topic_id\" name=\"topic_id\"><option value=\"\">—</option>\n",
               L(r, "决策事项", "Title"), L(r, "流程", "Steps"), L(r, "提议→讨论→表决→公示", "propose → discuss → vote → publish"),
               L(r, "一征三议两公开", "one call, three readings, two publications"), L(r, "来自议题（可不选）", "From a topic (optional)"));
    for (int i = 0; i < n_topics; i++)
        if (delib_may_manage(r->who, topics[i].node_path))
            buf_printf(&r->out, "<option value=\"%lld\">%h</option>\n", (long long)topics[i].id, topics[i].title);
    buf_printf(&r->out, "</select>\n<p><button type=\"submit\">%s</button></p>\n</form>\n", L(r, "创建", "Create"));
    page_end(r);
}

void page_decision_new_post(Req *r)
{
    json_t *b = json_object();
    set_if(b, "node_id", vote_form_int(r, "node_id"));
    set_text(r, b, "title");
    set_text(r, b, "template");
    set_if(b, "topic_id", vote_form_int(r, "topic_id"));
    int64_t id = vote_page_run(r, delib_decision_create_run, b);
    if (id)
        resp_redirect(r, arena_printf(r->arena, "/decisions/%lld", (long long)id));
}

void page_decision_advance_post(Req *r)
{
    json_t *b = json_object();
    const char *note = vote_form_text(r, "note");
    json_object_set_new(b, "note", json_string(note ? note : ""));
    set_if(b, "vote_id", vote_form_int(r, "vote_id"));
    set_text(r, b, "notice_title");
    set_text(r, b, "notice_body");
    page_run_back(r, delib_decision_advance_run, b, arena_printf(r->arena, "/decisions/%u", req_param(r, "id")));
}

/* The form for the decision's current step, with the evidence it needs: a
 * closed vote that passed (the voting step) or the notice's text (the
 * publishing steps). */
void vote_decision_step_form(Req *r, int64_t id, const char *path, const char *title, const DecisionStep *s)
{
    buf_printf(&r->out, "<section class=\"manage\" id=\"manage\"><h2>%s%s</h2>\n<form method=\"post\" action=\"/decisions/%lld/advance\" id=\"advance-form\">\n",
               L(r, "完成当前步骤：", "Complete the step: "), L(r, s->zh, s->en), (long long)id);
    page_csrf_field(r);
    buf_printf(&r->out, "<label for=\"note\">%s</label>\n<textarea id=\"note\" name=\"note\" rows=\"3\"></textarea>\n",
               L(r, "记录（做了什么、谁参加、意见如何）", "Record (what was done, who took part, the views)"));
    if (s->needs_vote) {
        buf_printf(&r->out, "<label for=\"vote_id\">%s</label>\n<select id=\"vote_id\" name=\"vote_id\" required>\n",
                   L(r, "依据的表决（已结束并通过）", "The vote (closed and passed)"));
        Ctx c = site_ctx(r);
        VoteErr e;
        PassedVote *pv = NULL;
        int n_pv = 0, k = 0;
        if (!delib_passed_votes(&c, &pv, &n_pv, &e))
            n_pv = 0; /* the form then says no vote covers the scope; the step itself checks again */
        for (int i = 0; i < n_pv; i++)
            if (strncmp(path, pv[i].node_path, strlen(pv[i].node_path)) == 0) {
                k++;
                buf_printf(&r->out, "<option value=\"%lld\">%h</option>\n", (long long)pv[i].id, pv[i].title);
            }
        buf_puts(&r->out, "</select>\n");
        if (!k)
            buf_printf(&r->out, "<p class=\"warning\">%s <a href=\"/votes/new\">%s</a></p>\n",
                       L(r, "这个范围还没有已通过的表决。", "No passed vote covers this scope yet."), L(r, "发起表决", "Start a vote"));
    }
    if (s->publishes)
        buf_printf(&r->out,
                   "<label for=\"notice_title\">%s</label>\n<input id=\"notice_title\" name=\"notice_title\" type=\"text\" maxlength=\"200\" value=\"%h\">\n"
                   "<label for=\"notice_body\">%s</label>\n<textarea id=\"notice_body\" name=\"notice_body\" rows=\"6\" required></textarea>\n",
                   L(r, "公示标题", "Notice title"), arena_printf(r->arena, "%s公示：%s", s->zh, title), L(r, "公示内容", "Notice text"));
    buf_printf(&r->out, "<p><button type=\"submit\">%s</button></p>\n</form></section>\n",
               s->publishes ? L(r, "发布公示并完成这一步", "Publish and complete the step") : L(r, "完成这一步", "Complete the step"));
}
