/* pages.c: the survey's pages over the same model as the API: the staff's
 * list and builder (/surveys), a survey's page (questions, distribution
 * with its strata, open and close, paper entries waiting for their check),
 * printable QR slips per household, paper entry and its blind second
 * keying, the resident's answer page (phone first, big text; conditional
 * questions hidden by web/app.js and, without it, their answers dropped),
 * and the results: a plain table per question beside an ECharts bar chart. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/clock.h"
#include "core/qr.h"
#include "grid/read.h"
#include "site/chart.h"
#include "site/page.h"
#include "survey/survey_int.h"
#include "survey/web_int.h"

static const char *status_label(const char *s)
{
    if (strcmp(s, "draft") == 0)
        return "草稿";
    if (strcmp(s, "open") == 0)
        return "填写中";
    return "已截止";
}

static const char *kind_label(SurveyKind k)
{
    static const char *const L_[SQ__COUNT] = {"单选", "多选", "五级量表", "矩阵", "数字", "填空"};
    return (int)k >= 0 && k < SQ__COUNT ? L_[k] : "";
}

static const char *group_label(const char *key)
{
    if (strcmp(key, "65p") == 0)
        return "65岁及以上";
    if (strcmp(key, "under65") == 0)
        return "65岁以下";
    if (strcmp(key, "unknown") == 0)
        return "年龄不详";
    return "全部";
}

static void page_fail(Req *r, const SurveyErr *e)
{
    survey_err_reply(r, e);
}

/* ---- the list and the builder ------------------------------------------------- */

static const char *EXAMPLE =
    "[\n"
    "  {\"key\": \"urgent\", \"kind\": \"scale\", \"title\": \"水电气排水改造的迫切程度\", \"required\": true,\n"
    "   \"options\": [\"很不迫切\", \"不太迫切\", \"一般\", \"比较迫切\", \"非常迫切\"]},\n"
    "  {\"key\": \"leisure\", \"kind\": \"single\", \"title\": \"是否希望增加休闲空间\", \"options\": [\"希望\", \"不希望\"]},\n"
    "  {\"key\": \"why_not\", \"kind\": \"text\", \"title\": \"不希望的原因\", \"when\": {\"q\": \"leisure\", \"in\": [1]}}\n"
    "]";

void page_surveys(Req *r)
{
    int64_t after = 0;
    if (!req_query_int_or_reply(r, "after", 0, 0, INT64_MAX, &after))
        return;
    Ctx c = site_ctx(r);
    const int per = 30;
    DbStmt *st = db_query(r->db, SURVEY_LIST_ALL, DB_I(after ? after : INT64_MAX), DB_I(per + 1));
    int64_t ids[31];
    int n = 0;
    while (db_step(st) == DB_ROW)
        ids[n++] = db_col_int(st, 0);
    if (!db_done(st)) {
        reply_storage_error(r);
        return;
    }
    int64_t next = 0;
    if (n > per) {
        n = per;
        next = ids[per - 1];
    }
    page_begin(r, "问卷调查");
    buf_puts(&r->out, "<h1>问卷调查</h1>\n<div class=\"table-wrap\"><table class=\"list\"><thead><tr><th>问卷</th><th>状态</th><th>发放户数</th></tr></thead><tbody>\n");
    for (int i = 0; i < n; i++) {
        Survey s;
        SurveyErr e;
        if (!survey_get(&c, ids[i], &s, &e))
            continue;
        bool manage = perm_allows(r->who, PERM_SURVEY_MANAGE, s.node_path);
        if (!manage && (strcmp(s.status, "draft") == 0 || !perm_allows(r->who, PERM_TREE_READ, s.node_path)))
            continue;
        buf_printf(&r->out, "<tr><td><a href=\"/surveys/%lld\">%h</a></td><td>%s</td><td>%lld</td></tr>\n",
                   (long long)s.id, s.title, status_label(s.status), (long long)s.n_households);
    }
    buf_puts(&r->out, "</tbody></table></div>\n");
    if (next)
        buf_printf(&r->out, "<p><a href=\"/surveys?after=%lld\">下一页</a></p>\n", (long long)next);
    if (perm_allows(r->who, PERM_SURVEY_MANAGE, NULL)) {
        NodeList nodes;
        if (grid_nodes_in(&c, NULL, GRID_KIND(NODE_COMMUNITY) | GRID_KIND(NODE_GRID) | GRID_KIND(NODE_COMPOUND), 0,
                          &nodes) != GRID_OK) {
            page_end(r);
            return;
        }
        buf_puts(&r->out, "<h2>新建问卷</h2>\n<form method=\"post\" action=\"/surveys\" class=\"stack\">\n");
        page_csrf_field(r);
        buf_puts(&r->out, "<label>范围 <select name=\"node_id\" required>\n");
        for (int i = 0; i < nodes.n; i++)
            if (perm_allows(r->who, PERM_SURVEY_MANAGE, nodes.items[i].path))
                buf_printf(&r->out, "<option value=\"%lld\">%h</option>\n", (long long)nodes.items[i].id,
                           nodes.items[i].name);
        buf_printf(&r->out,
                   "</select></label>\n<label>标题 <input name=\"title\" required maxlength=\"200\"></label>\n"
                   "<label>说明 <textarea name=\"intro\" rows=\"2\" maxlength=\"2000\"></textarea></label>\n"
                   "<label>题目（JSON：key、kind＝single/multi/scale/matrix/number/text、title、options、rows、min、max、"
                   "when＝{q, in}） <textarea name=\"questions\" rows=\"14\" class=\"code\">%h</textarea></label>\n"
                   "<button type=\"submit\">保存为草稿</button>\n</form>\n",
                   EXAMPLE);
    }
    page_end(r);
}

/* The form's questions as JSON; NULL with a reply when it is not JSON. */
static json_t *questions_or_reply(Req *r)
{
    const char *text = req_form(r, "questions");
    json_t *q = text ? json_loads(text, 0, NULL) : NULL;
    if (!q)
        reply_error(r, 400, "bad_definition", "questions", "题目须为 JSON 数组，请检查括号和引号",
                    "The questions must be a JSON array");
    return q;
}

void page_survey_create_post(Req *r)
{
    int64_t node = 0, id = 0;
    if (!req_form_int_or_reply(r, "node_id", 1, INT64_MAX, 0, &node))
        return;
    json_t *q = questions_or_reply(r);
    if (!q)
        return;
    Ctx c = site_ctx(r);
    SurveyErr e;
    bool ok = survey_create(&c, node, req_form_trim(r, "title"), req_form_trim(r, "intro"), q, &id, &e);
    json_decref(q);
    if (!ok) {
        page_fail(r, &e);
        return;
    }
    resp_redirect(r, arena_printf(r->arena, "/surveys/%lld", (long long)id));
}

/* ---- a survey ------------------------------------------------------------------- */

static void questions_list(Req *r, const Survey *s)
{
    buf_puts(&r->out, "<ol class=\"survey-questions\">\n");
    for (int i = 0; i < s->def.n; i++) {
        const SurveyQuestion *q = &s->def.q[i];
        buf_printf(&r->out, "<li><strong>%h</strong> <span class=\"small\">（%s%s · %h）</span>", q->title,
                   kind_label(q->kind), q->required ? "，必答" : "", q->key);
        if (q->cond_q >= 0) {
            const SurveyQuestion *cq = &s->def.q[q->cond_q];
            buf_printf(&r->out, "<br><span class=\"small\">仅当“%h”选", cq->title);
            int k = 0;
            for (int b = 0; b < 32; b++)
                if (q->cond_mask & (1u << b))
                    buf_printf(&r->out, "%s“%h”", k++ ? "或" : "",
                               cq->kind == SQ_SCALE ? cq->options[b - 1] : cq->options[b]);
            buf_puts(&r->out, "时显示</span>");
        }
        if (q->n_options && q->kind != SQ_NUMBER && q->kind != SQ_TEXT) {
            buf_puts(&r->out, "<br><span class=\"small\">");
            for (int o = 0; o < q->n_options; o++)
                buf_printf(&r->out, "%s%h", o ? " / " : "", q->options[o]);
            buf_puts(&r->out, "</span>");
        }
        buf_puts(&r->out, "</li>\n");
    }
    buf_puts(&r->out, "</ol>\n");
}

static void state_button(Req *r, const Survey *s, const char *action, const char *label)
{
    buf_printf(&r->out, "<form method=\"post\" action=\"/surveys/%lld/%s\" class=\"inline\">", (long long)s->id, action);
    page_csrf_field(r);
    buf_printf(&r->out, "<button type=\"submit\">%s</button></form>\n", label);
}

void page_survey(Req *r)
{
    Survey s;
    if (!survey_load_or_reply(r, &s))
        return;
    Ctx c = site_ctx(r);
    bool manage = survey_may_manage(&c, &s, NULL);
    bool enter = perm_allows(r->who, PERM_SURVEY_ENTER, s.node_path);
    page_begin(r, s.title);
    buf_printf(&r->out, "<p class=\"breadcrumb\"><a href=\"/surveys\">问卷调查</a></p>\n<h1>%h</h1>\n"
                        "<p>状态：<strong id=\"survey-status\">%s</strong> · 发放 %lld 户</p>\n",
               s.title, status_label(s.status), (long long)s.n_households);
    if (s.intro[0])
        buf_printf(&r->out, "<p>%h</p>\n", s.intro);
    questions_list(r, &s);
    if (manage || strcmp(s.status, "closed") == 0)
        buf_printf(&r->out, "<p><a href=\"/surveys/%lld/results\">查看结果</a></p>\n", (long long)s.id);
    if (manage && strcmp(s.status, "draft") == 0) {
        SurveyStratum *st;
        int n;
        SurveyErr e;
        if (survey_strata(&c, &s, &st, &n, &e)) {
            buf_puts(&r->out, "<h2>发放</h2>\n<table class=\"list\" id=\"strata\"><thead><tr><th>层（户主年龄段/户籍）</th>"
                              "<th>住户</th><th>已发放</th></tr></thead><tbody>\n");
            for (int i = 0; i < n; i++)
                buf_printf(&r->out, "<tr><td>%h</td><td>%lld</td><td>%lld</td></tr>\n", st[i].stratum,
                           (long long)st[i].households, (long long)st[i].sent);
            buf_puts(&r->out, "</tbody></table>\n");
        }
        buf_printf(&r->out, "<form method=\"post\" action=\"/surveys/%lld/distribute\" class=\"stack\">\n", (long long)s.id);
        page_csrf_field(r);
        buf_printf(&r->out,
                   "<label><input type=\"radio\" name=\"mode\" value=\"all\" checked> 发给范围内全部住户</label>\n"
                   "<label><input type=\"radio\" name=\"mode\" value=\"sample\"> 分层随机抽样</label>\n"
                   "<label>公开的随机种子（抽样后公示，任何人可据此重抽核对） <input name=\"seed\" maxlength=\"200\" value=\"%h\"></label>\n"
                   "<label>每层配额（每行“层=户数”，如 65p/permanent=20） <textarea name=\"quotas\" rows=\"4\" class=\"code\"></textarea></label>\n"
                   "<button type=\"submit\">确定发放对象</button></form>\n",
                   s.seed);
        if (s.n_households > 0)
            state_button(r, &s, "open", "开始填写");
        buf_printf(&r->out, "<h2>修改题目</h2>\n<form method=\"post\" action=\"/surveys/%lld/edit\" class=\"stack\">\n",
                   (long long)s.id);
        page_csrf_field(r);
        buf_printf(&r->out,
                   "<label>标题 <input name=\"title\" required maxlength=\"200\" value=\"%h\"></label>\n"
                   "<label>说明 <textarea name=\"intro\" rows=\"2\">%h</textarea></label>\n"
                   "<label>题目（JSON） <textarea name=\"questions\" rows=\"14\" class=\"code\">%h</textarea></label>\n"
                   "<button type=\"submit\">保存</button></form>\n",
                   s.title, s.intro, s.questions);
    }
    if (manage && strcmp(s.status, "open") == 0)
        state_button(r, &s, "close", "截止填写");
    if ((manage || enter) && strcmp(s.status, "draft") != 0) {
        buf_printf(&r->out, "<p><a href=\"/surveys/%lld/slips\">打印各户二维码回执单</a> · "
                            "<a href=\"/surveys/%lld/paper\">录入纸质问卷</a></p>\n",
                   (long long)s.id, (long long)s.id);
        SurveyResponseRow *rows;
        int n;
        int64_t next;
        SurveyErr e;
        if (survey_responses(&c, s.id, "entered", INT64_MAX, 50, &rows, &n, &next, &e) && n) {
            buf_puts(&r->out, "<h2>待复核的纸质问卷</h2>\n<ul id=\"to-check\">\n");
            for (int i = 0; i < n; i++) {
                const char *label = NULL;
                if (grid_household_place_label(&c, rows[i].household_id, &label) != GRID_OK)
                    label = NULL;
                if (rows[i].entered_by == (r->who ? r->who->user_id : 0))
                    buf_printf(&r->out, "<li>%h（户 %lld）：您录入的，须由他人复核</li>\n", label ? label : "",
                               (long long)rows[i].household_id);
                else
                    buf_printf(&r->out, "<li><a href=\"/surveys/%lld/responses/%lld/check\">%h（户 %lld）</a></li>\n",
                               (long long)s.id, (long long)rows[i].id, label ? label : "", (long long)rows[i].household_id);
            }
            buf_puts(&r->out, "</ul>\n");
        }
    }
    page_end(r);
}

void page_survey_edit_post(Req *r)
{
    Survey s;
    if (!survey_load_or_reply(r, &s))
        return;
    Ctx c = site_ctx(r);
    SurveyErr e;
    if (!survey_may_manage(&c, &s, &e)) {
        page_fail(r, &e);
        return;
    }
    json_t *q = questions_or_reply(r);
    if (!q)
        return;
    bool ok = survey_update(&c, s.id, req_form_trim(r, "title"), req_form_trim(r, "intro"), q, &e);
    json_decref(q);
    if (!ok) {
        page_fail(r, &e);
        return;
    }
    resp_redirect(r, arena_printf(r->arena, "/surveys/%lld", (long long)s.id));
}

void page_survey_distribute_post(Req *r)
{
    Survey s;
    if (!survey_load_or_reply(r, &s))
        return;
    /* quotas: one "stratum=count" a line */
    SurveyQuota q[64];
    int nq = 0;
    const char *text = req_form(r, "quotas");
    char *copy = arena_strdup(r->arena, text ? text : "");
    for (char *save = NULL, *line = strtok_r(copy, "\r\n", &save); line; line = strtok_r(NULL, "\r\n", &save)) {
        char *eq = strchr(line, '=');
        if (!eq)
            continue;
        *eq = '\0';
        char *end;
        long v = strtol(eq + 1, &end, 10);
        while (*line == ' ')
            line++;
        for (char *t = line + strlen(line); t > line && t[-1] == ' ';)
            *--t = '\0';
        if (nq == 64 || end == eq + 1 || v < 0 || v > 100000) {
            reply_error(r, 400, "bad_value", "quotas", "每行写“层=户数”，户数为0至100000的整数", "One stratum=count a line");
            return;
        }
        q[nq++] = (SurveyQuota){line, (int)v};
    }
    Ctx c = site_ctx(r);
    SurveyErr e;
    int64_t n;
    if (!survey_may_manage(&c, &s, &e) ||
        !survey_distribute(&c, s.id, req_form(r, "mode"), req_form_trim(r, "seed"), q, nq, &n, &e)) {
        page_fail(r, &e);
        return;
    }
    resp_redirect(r, arena_printf(r->arena, "/surveys/%lld", (long long)s.id));
}

void page_survey_state_post(Req *r)
{
    Survey s;
    if (!survey_load_or_reply(r, &s))
        return;
    Ctx c = site_ctx(r);
    SurveyErr e;
    if (!survey_may_manage(&c, &s, &e)) {
        page_fail(r, &e);
        return;
    }
    const char *action = req_param(r, "action");
    bool open = strcmp(action, "open") == 0;
    if (!open && strcmp(action, "close") != 0) {
        reply_not_found(r);
        return;
    }
    if (!(open ? survey_open(&c, s.id, &e) : survey_close(&c, s.id, &e))) {
        page_fail(r, &e);
        return;
    }
    resp_redirect(r, arena_printf(r->arena, "/surveys/%lld", (long long)s.id));
}

/* ---- QR slips ------------------------------------------------------------------- */

static const char *site_base(Req *r)
{
    const char *host = req_header(r, "host");
    if (!host || !*host || strpbrk(host, " \"<>\\/"))
        return "";
    const char *proto = req_header(r, "x-forwarded-proto");
    return arena_printf(r->arena, "%s://%s", proto && strcmp(proto, "https") == 0 ? "https" : "http", host);
}

void page_survey_slips(Req *r)
{
    Survey s;
    if (!survey_load_or_reply(r, &s))
        return;
    Ctx c = site_ctx(r);
    SurveyErr e;
    if (!survey_may_enter(&c, &s, &e) && !survey_may_manage(&c, &s, &e)) {
        page_fail(r, &e);
        return;
    }
    int64_t after = 0;
    if (!req_query_int_or_reply(r, "after", 0, 0, INT64_MAX, &after))
        return;
    SurveyHousehold *h;
    int n;
    int64_t next;
    if (!survey_households(&c, s.id, after, 60, &h, &n, &next, &e)) {
        page_fail(r, &e);
        return;
    }
    page_begin(r, "问卷二维码回执单");
    buf_printf(&r->out, "<p class=\"no-print\"><a href=\"/surveys/%lld\">返回问卷</a></p>\n<div class=\"survey-slips\">\n",
               (long long)s.id);
    const char *base = site_base(r);
    for (int i = 0; i < n; i++) {
        const char *label = NULL;
        if (grid_household_place_label(&c, h[i].household_id, &label) != GRID_OK)
            label = NULL;
        const char *url = arena_printf(r->arena, "%s/s/%s", base, h[i].token);
        buf_printf(&r->out, "<section class=\"slip\"><h2>%h</h2><p>%h 户号 %lld</p><figure class=\"qr\">", s.title,
                   label ? label : "", (long long)h[i].household_id);
        if (!qr_svg(&r->out, url, "QR"))
            buf_printf(&r->out, "%h", url);
        buf_printf(&r->out, "</figure><p class=\"small\">手机扫码填写，每户一份，截止前可修改。<br>%h</p></section>\n", url);
    }
    buf_puts(&r->out, "</div>\n");
    if (next)
        buf_printf(&r->out, "<p class=\"no-print\"><a href=\"/surveys/%lld/slips?after=%lld\">下一批</a></p>\n",
                   (long long)s.id, (long long)next);
    page_end(r);
}

/* ---- the answer form ------------------------------------------------------------ */

static bool has_int(const json_t *v, json_int_t x)
{
    if (json_is_integer(v))
        return json_integer_value(v) == x;
    for (size_t i = 0; json_is_array(v) && i < json_array_size(v); i++)
        if (json_integer_value(json_array_get(v, i)) == x)
            return true;
    return false;
}

/* The questions as form fields, prefilled from answers (may be NULL); a
 * conditional question carries data-when-q / data-when-in for app.js. */
static void answer_fields(Req *r, const Survey *s, const json_t *answers)
{
    for (int i = 0; i < s->def.n; i++) {
        const SurveyQuestion *q = &s->def.q[i];
        const json_t *v = answers ? json_object_get(answers, q->key) : NULL;
        buf_printf(&r->out, "<fieldset class=\"survey-q\" id=\"q-%h\"", q->key);
        if (q->cond_q >= 0) {
            buf_printf(&r->out, " data-when-q=\"%h\" data-when-in=\"", s->def.q[q->cond_q].key);
            int k = 0;
            for (int b = 0; b < 32; b++)
                if (q->cond_mask & (1u << b))
                    buf_printf(&r->out, "%s%d", k++ ? "," : "", b);
            buf_puts(&r->out, "\"");
        }
        buf_printf(&r->out, "><legend>%d. %h%s</legend>\n", i + 1, q->title, q->required ? " <span class=\"req\">*</span>" : "");
        switch (q->kind) {
        case SQ_SINGLE:
        case SQ_MULTI:
            for (int o = 0; o < q->n_options; o++)
                buf_printf(&r->out, "<label class=\"choice\"><input type=\"%s\" name=\"%h\" value=\"%d\"%s> %h</label>\n",
                           q->kind == SQ_SINGLE ? "radio" : "checkbox", q->key, o, has_int(v, o) ? " checked" : "",
                           q->options[o]);
            break;
        case SQ_SCALE:
            for (int o = 0; o < 5; o++)
                buf_printf(&r->out, "<label class=\"choice\"><input type=\"radio\" name=\"%h\" value=\"%d\"%s> %d %h</label>\n",
                           q->key, o + 1, has_int(v, o + 1) ? " checked" : "", o + 1, q->options[o]);
            break;
        case SQ_MATRIX:
            for (int w = 0; w < q->n_rows; w++) {
                const json_t *rv = json_is_array(v) ? json_array_get(v, (size_t)w) : NULL;
                buf_printf(&r->out, "<div class=\"matrix-row\"><span>%h</span>", q->rows[w]);
                for (int o = 0; o < q->n_options; o++)
                    buf_printf(&r->out, "<label class=\"choice\"><input type=\"radio\" name=\"%h.%d\" value=\"%d\"%s> %h</label>",
                               q->key, w, o, has_int(rv, o) ? " checked" : "", q->options[o]);
                buf_puts(&r->out, "</div>\n");
            }
            break;
        case SQ_NUMBER:
            buf_printf(&r->out, "<input type=\"number\" name=\"%h\" min=\"%lld\" max=\"%lld\" inputmode=\"numeric\"", q->key,
                       (long long)q->min, (long long)q->max);
            if (json_is_integer(v))
                buf_printf(&r->out, " value=\"%lld\"", (long long)json_integer_value(v));
            buf_puts(&r->out, ">\n");
            break;
        case SQ_TEXT:
            buf_printf(&r->out, "<textarea name=\"%h\" rows=\"3\" maxlength=\"500\">%h</textarea>\n", q->key,
                       json_is_string(v) ? json_string_value(v) : "");
            break;
        default:
            break;
        }
        buf_puts(&r->out, "</fieldset>\n");
    }
}

/* The form's answers as JSON (a new reference); NULL with a 400 reply for
 * a value that is not a number where one is wanted. Answers to questions
 * a condition hides are dropped: without JavaScript the page shows them all. */
static json_t *form_answers_or_reply(Req *r, const Survey *s)
{
    json_t *a = json_object();
    for (int i = 0; i < s->def.n; i++) {
        const SurveyQuestion *q = &s->def.q[i];
        if (q->kind == SQ_TEXT) {
            const char *t = req_form(r, q->key);
            if (t && *t)
                json_object_set_new(a, q->key, json_string(t));
            continue;
        }
        if (q->kind == SQ_MATRIX) {
            json_t *arr = json_array();
            bool any = false;
            for (int w = 0; w < q->n_rows; w++) {
                const char *t = req_form(r, arena_printf(r->arena, "%s.%d", q->key, w));
                char *end;
                long x = t && *t ? strtol(t, &end, 10) : -1;
                if (t && *t && *end) {
                    json_decref(arr);
                    json_decref(a);
                    reply_error(r, 400, "bad_answer", q->key, "答案不符合题目要求", "An answer does not fit its question");
                    return NULL;
                }
                json_array_append_new(arr, x >= 0 ? json_integer(x) : json_null());
                any = any || x >= 0;
            }
            if (any)
                json_object_set_new(a, q->key, arr);
            else
                json_decref(arr);
            continue;
        }
        json_t *multi = q->kind == SQ_MULTI ? json_array() : NULL;
        for (int k = 0; k < r->n_form; k++) {
            if (strcmp(r->form[k].key, q->key) != 0 || !r->form[k].value[0])
                continue;
            char *end;
            long long x = strtoll(r->form[k].value, &end, 10);
            if (*end) {
                json_decref(multi);
                json_decref(a);
                reply_error(r, 400, "bad_answer", q->key, "答案不符合题目要求", "An answer does not fit its question");
                return NULL;
            }
            if (multi)
                json_array_append_new(multi, json_integer(x));
            else
                json_object_set_new(a, q->key, json_integer(x));
        }
        if (multi && json_array_size(multi))
            json_object_set_new(a, q->key, multi);
        else
            json_decref(multi);
    }
    for (int i = 0; i < s->def.n; i++)
        if (!survey_shown(&s->def, i, a))
            json_object_del(a, s->def.q[i].key);
    return a;
}

static void answer_page(Req *r, const Survey *s, const char *token, const json_t *answers, const char *note)
{
    page_begin(r, s->title);
    buf_printf(&r->out, "<main class=\"survey-answer\"><h1>%h</h1>\n", s->title);
    if (s->intro[0])
        buf_printf(&r->out, "<p>%h</p>\n", s->intro);
    if (note)
        buf_printf(&r->out, "<p class=\"notice\" id=\"answer-note\">%h</p>\n", note);
    if (strcmp(s->status, "open") != 0) {
        buf_puts(&r->out, "<p>本问卷现在不在填写期内。</p></main>\n");
        page_end(r);
        return;
    }
    buf_printf(&r->out, "<form method=\"post\" action=\"/s/%h\" class=\"stack survey-form\">\n", token);
    page_csrf_field(r);
    answer_fields(r, s, answers);
    buf_puts(&r->out, "<button type=\"submit\" class=\"big\">提交</button>\n</form></main>\n");
    page_end(r);
}

void page_answer(Req *r)
{
    Ctx c = site_ctx(r);
    Survey s;
    SurveyHousehold h;
    SurveyErr e;
    const char *token = req_param(r, "token");
    if (!survey_by_token(&c, token, &s, &h, &e)) {
        page_fail(r, &e);
        return;
    }
    int64_t rid;
    const char *channel, *status;
    json_t *answers = NULL;
    if (!survey_response_of(&c, s.id, h.household_id, &rid, &channel, &status, &answers, &e)) {
        page_fail(r, &e);
        return;
    }
    const char *note = NULL;
    if (rid && strcmp(channel, "paper") == 0) {
        page_begin(r, s.title);
        buf_printf(&r->out, "<main class=\"survey-answer\"><h1>%h</h1><p id=\"answer-note\">您家已交纸质问卷，每户只需一份，谢谢！</p></main>\n",
                   s.title);
        page_end(r);
        json_decref(answers);
        return;
    }
    if (rid)
        note = "您家已经提交过，截止前可以修改后再次提交。";
    answer_page(r, &s, token, answers, note);
    json_decref(answers);
}

void page_answer_post(Req *r)
{
    Ctx c = site_ctx(r);
    Survey s;
    SurveyHousehold h;
    SurveyErr e;
    const char *token = req_param(r, "token");
    if (!survey_by_token(&c, token, &s, &h, &e)) {
        page_fail(r, &e);
        return;
    }
    json_t *a = form_answers_or_reply(r, &s);
    if (!a)
        return;
    int64_t id, conflict;
    bool ok = survey_answer_web(&c, token, a, &id, &conflict, &e);
    json_decref(a);
    if (!ok) {
        page_fail(r, &e);
        return;
    }
    if (conflict) {
        page_begin(r, "待核对");
        buf_printf(&r->out, "<main class=\"survey-answer\"><h1>已收到</h1><p id=\"answer-note\">您家已通过纸质问卷或入户访问"
                            "答过本问卷。本次提交已列入待核对，由工作人员确定以哪一份为准。</p></main>\n");
        page_end(r);
        return;
    }
    page_begin(r, "已提交");
    buf_printf(&r->out, "<main class=\"survey-answer\"><h1>谢谢！</h1><p id=\"answer-note\">您家的问卷已提交。截止前可以"
                        "<a href=\"/s/%h\">回来修改</a>。</p></main>\n",
               token);
    page_end(r);
}

/* ---- paper entry and its check ----------------------------------------------------- */

static bool enter_or_reply(Req *r, Survey *s)
{
    if (!survey_load_or_reply(r, s))
        return false;
    Ctx c = site_ctx(r);
    SurveyErr e;
    if (!r->who || !survey_may_enter(&c, s, &e)) {
        survey_err(&e, r->who ? SV_FORBIDDEN : SV_LOGIN_NEEDED, NULL);
        page_fail(r, &e);
        return false;
    }
    return true;
}

void page_survey_paper(Req *r)
{
    Survey s;
    if (!enter_or_reply(r, &s))
        return;
    page_begin(r, "录入纸质问卷");
    buf_printf(&r->out, "<p class=\"breadcrumb\"><a href=\"/surveys/%lld\">%h</a></p><h1>录入纸质问卷</h1>\n"
                        "<p>录入后须由另一位工作人员对照纸质问卷再录一遍，两次一致才计入结果。</p>\n"
                        "<form method=\"post\" action=\"/surveys/%lld/paper\" class=\"stack survey-form\">\n",
               (long long)s.id, s.title, (long long)s.id);
    page_csrf_field(r);
    buf_printf(&r->out, "<label>户号（回执单上的号码） <input name=\"household_id\" inputmode=\"numeric\" required value=\"%h\"></label>\n",
               req_query(r, "household") ? req_query(r, "household") : "");
    answer_fields(r, &s, NULL);
    buf_puts(&r->out, "<button type=\"submit\">保存录入</button></form>\n");
    page_end(r);
}

void page_survey_paper_post(Req *r)
{
    Survey s;
    int64_t hh;
    if (!enter_or_reply(r, &s) || !req_form_int_or_reply(r, "household_id", 1, INT64_MAX, 0, &hh))
        return;
    json_t *a = form_answers_or_reply(r, &s);
    if (!a)
        return;
    Ctx c = site_ctx(r);
    SurveyErr e;
    int64_t id, conflict;
    bool ok = survey_answer_paper(&c, s.id, hh, a, &id, &conflict, &e);
    json_decref(a);
    if (!ok) {
        page_fail(r, &e);
        return;
    }
    resp_redirect(r, arena_printf(r->arena, "/surveys/%lld", (long long)s.id));
}

void page_survey_check(Req *r)
{
    Survey s;
    int64_t rid;
    if (!enter_or_reply(r, &s) || !req_param_id_or_reply(r, "rid", &rid))
        return;
    page_begin(r, "复核纸质问卷");
    buf_printf(&r->out, "<p class=\"breadcrumb\"><a href=\"/surveys/%lld\">%h</a></p><h1>复核纸质问卷</h1>\n"
                        "<p>请对照纸质问卷独立再录一遍（看不到第一次的录入）；与第一次不一致的题会被指出。</p>\n"
                        "<form method=\"post\" action=\"/surveys/%lld/responses/%lld/check\" class=\"stack survey-form\">\n",
               (long long)s.id, s.title, (long long)s.id, (long long)rid);
    page_csrf_field(r);
    answer_fields(r, &s, NULL);
    buf_puts(&r->out, "<button type=\"submit\">提交复核</button></form>\n");
    page_end(r);
}

void page_survey_check_post(Req *r)
{
    Survey s;
    int64_t rid;
    if (!enter_or_reply(r, &s) || !req_param_id_or_reply(r, "rid", &rid))
        return;
    json_t *a = form_answers_or_reply(r, &s);
    if (!a)
        return;
    Ctx c = site_ctx(r);
    SurveyErr e;
    bool ok = survey_check_paper(&c, rid, a, &e);
    json_decref(a);
    if (!ok) {
        page_fail(r, &e);
        return;
    }
    resp_redirect(r, arena_printf(r->arena, "/surveys/%lld", (long long)s.id));
}

/* ---- results ------------------------------------------------------------------------ */

void page_survey_results(Req *r)
{
    Survey s;
    if (!survey_load_or_reply(r, &s))
        return;
    Ctx c = site_ctx(r);
    SurveyErr e;
    SurveyResults res;
    if (!survey_may_see_results(&c, &s, &e) || !survey_results(&c, &s, "age65", &res, &e)) {
        page_fail(r, &e);
        return;
    }
    bool small = survey_may_see_small_cells(&c, &s);
    page_begin(r, arena_printf(r->arena, "%s：结果", s.title));
    buf_printf(&r->out, "<p class=\"breadcrumb\"><a href=\"/surveys/%lld\">%h</a></p><h1>调查结果</h1>\n"
                        "<p>发放 <strong>%lld</strong> 户，收回 <strong id=\"respondents\">%lld</strong> 份"
                        "（网上填写与经复核的纸质问卷）。每题的比例以<strong>回答该题的户数</strong>为分母：跳过的、"
                        "按条件不需回答的不计入。</p>\n"
                        "<p><a href=\"/api/surveys/%lld/results.xlsx?by=age65\">下载 Excel</a></p>\n",
               (long long)s.id, s.title, (long long)res.sent, (long long)res.respondents, (long long)s.id);
    for (int i = 0; i < s.def.n; i++) {
        const SurveyQuestion *q = &s.def.q[i];
        const SurveyTally *t0 = &res.t[i];
        buf_printf(&r->out, "<section class=\"survey-result\" id=\"r-%h\"><h2>%d. %h</h2>\n<p class=\"small\">%s · 回答 %lld 户"
                            "（显示给 %lld 户，跳过 %lld）</p>\n",
                   q->key, i + 1, q->title, kind_label(q->kind), (long long)t0->answered, (long long)t0->shown,
                   (long long)(t0->shown - t0->answered));
        if (q->kind != SQ_SINGLE && q->kind != SQ_MULTI && q->kind != SQ_SCALE) {
            if (q->kind == SQ_MATRIX) {
                buf_printf(&r->out, "<div class=\"table-wrap\"><table class=\"list\"><thead><tr><th>项目</th><th>回答</th>");
                for (int o = 0; o < q->n_options; o++)
                    buf_printf(&r->out, "<th>%h</th>", q->options[o]);
                buf_puts(&r->out, "</tr></thead><tbody>\n");
                for (int w = 0; w < q->n_rows; w++) {
                    buf_printf(&r->out, "<tr><td>%h</td><td>%lld</td>", q->rows[w], (long long)t0->row_answered[w]);
                    for (int o = 0; o < q->n_options; o++)
                        buf_printf(&r->out, "<td>%lld（%s%%）</td>", (long long)t0->counts[w * q->n_options + o],
                                   survey_pct_text(r, survey_pct10(t0->counts[w * q->n_options + o], t0->row_answered[w])));
                    buf_puts(&r->out, "</tr>\n");
                }
                buf_puts(&r->out, "</tbody></table></div>\n");
            } else if (q->kind == SQ_NUMBER && t0->answered) {
                buf_printf(&r->out, "<p>最小 %lld，最大 %lld，平均 %s</p>\n", (long long)t0->min, (long long)t0->max,
                           survey_pct_text(r, (int)((t0->sum * 10 + t0->answered / 2) / t0->answered)));
            }
            buf_puts(&r->out, "</section>\n");
            continue;
        }
        /* the chart: percentages of each group, the table the same numbers */
        Buf spec;
        buf_init(&spec);
        buf_puts(&spec, "{\"horizontal\":true,\"axes\":[{\"name\":\"%\",\"max\":100}],\"x\":[");
        for (int o = 0; o < q->n_options; o++)
            buf_printf(&spec, "%s%j", o ? "," : "", q->options[o]);
        buf_puts(&spec, "],\"series\":[");
        int ns = 0;
        for (int g = 0; g < res.n_groups; g++) {
            const SurveyTally *t = &res.t[g * s.def.n + i];
            if (g > 0 && (t->answered == 0 || (!small && t->answered < 5)))
                continue;
            buf_printf(&spec, "%s{\"name\":%j,\"data\":[", ns++ ? "," : "", group_label(res.group_keys[g]));
            for (int o = 0; o < q->n_options; o++) {
                int p = survey_pct10(t->counts[o], t->answered);
                if (p < 0)
                    buf_printf(&spec, "%snull", o ? "," : "");
                else
                    buf_printf(&spec, "%s%d.%d", o ? "," : "", p / 10, p % 10);
            }
            buf_puts(&spec, "]}");
        }
        buf_puts(&spec, "]}");
        const char *tid = arena_printf(r->arena, "table-%s", q->key);
        chart_div(r, arena_printf(r->arena, "chart-%s", q->key), "各选项比例条形图，数字见下表", tid, &spec);
        buf_free(&spec);
        buf_printf(&r->out, "<div class=\"table-wrap\"><table class=\"list\" id=\"%h\"><thead><tr><th>选项</th>", tid);
        for (int g = 0; g < res.n_groups; g++)
            buf_printf(&r->out, "<th>%s（%lld户）</th>", group_label(res.group_keys[g]),
                       (long long)res.t[g * s.def.n + i].answered);
        buf_puts(&r->out, "</tr></thead><tbody>\n");
        for (int o = 0; o < q->n_options; o++) {
            buf_printf(&r->out, "<tr><td>%h</td>", q->options[o]);
            for (int g = 0; g < res.n_groups; g++) {
                const SurveyTally *t = &res.t[g * s.def.n + i];
                if (g > 0 && !small && t->answered < 5)
                    buf_puts(&r->out, "<td>不足5户不公开</td>");
                else
                    buf_printf(&r->out, "<td>%lld（%s%%）</td>", (long long)t->counts[o],
                               survey_pct_text(r, survey_pct10(t->counts[o], t->answered)));
            }
            buf_puts(&r->out, "</tr>\n");
        }
        if (q->kind == SQ_SCALE) {
            buf_puts(&r->out, "<tr><td>4＋5（比较＋非常）</td>");
            for (int g = 0; g < res.n_groups; g++) {
                const SurveyTally *t = &res.t[g * s.def.n + i];
                if (g > 0 && !small && t->answered < 5)
                    buf_puts(&r->out, "<td>不足5户不公开</td>");
                else
                    buf_printf(&r->out, "<td>%lld（%s%%）</td>", (long long)(t->counts[3] + t->counts[4]),
                               survey_pct_text(r, survey_pct10(t->counts[3] + t->counts[4], t->answered)));
            }
            buf_puts(&r->out, "</tr>\n");
        }
        buf_puts(&r->out, "</tbody></table></div></section>\n");
    }
    chart_scripts(r);
    page_end(r);
}
