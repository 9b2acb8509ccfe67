/* api.c: the survey's JSON API: drafts and their questions, the
 * distribution and its re-drawable sample, the online answer by token,
 * paper entry and its check, the responses and the results. */
#include <stdlib.h>
#include <string.h>

#include "core/clock.h"
#include "grid/read.h"
#include "survey/survey_int.h"
#include "survey/web_int.h"

static void db_fail(Req *r)
{
    SurveyErr e;
    survey_err_db(&e, r->db);
    survey_err_reply(r, &e);
}

bool survey_load_or_reply(Req *r, Survey *s)
{
    int64_t id;
    if (!req_param_id_or_reply(r, "id", &id))
        return false;
    Ctx c = site_ctx(r);
    SurveyErr e;
    if (!survey_get(&c, id, s, &e)) {
        survey_err_reply(r, &e);
        return false;
    }
    bool visible = perm_allows(r->who, PERM_SURVEY_MANAGE, s->node_path) ||
                   (strcmp(s->status, "draft") != 0 && perm_allows(r->who, PERM_TREE_READ, s->node_path)) ||
                   (strcmp(s->status, "draft") != 0 && perm_allows(r->who, PERM_SURVEY_ENTER, s->node_path));
    if (!visible) {
        survey_err(&e, SV_NOT_FOUND, NULL);
        survey_err_reply(r, &e);
        return false;
    }
    return true;
}

static void survey_json(Req *r, Buf *b, const Survey *s, bool full)
{
    buf_printf(b,
               "{\"id\":%lld,\"node_id\":%lld,\"title\":%j,\"intro\":%j,\"status\":%j,\"seed\":%j,"
               "\"households\":%lld,\"created_at\":%lld,\"opened_at\":%lld,\"closed_at\":%lld",
               (long long)s->id, (long long)s->node_id, s->title, s->intro, s->status, s->seed,
               (long long)s->n_households, (long long)s->created_at, (long long)s->opened_at,
               (long long)s->closed_at);
    buf_printf(b, ",\"sample\":%s", s->sample && s->sample[0] ? s->sample : "null");
    if (full)
        buf_printf(b, ",\"questions\":%s", s->questions);
    else
        buf_printf(b, ",\"n_questions\":%d", s->def.n);
    buf_putc(b, '}');
}

void api_surveys_list(Req *r)
{
    int64_t node = 0, after = 0, per = 20;
    if (!req_query_int_or_reply(r, "node", 0, 0, INT64_MAX, &node) ||
        !req_query_int_or_reply(r, "after", 0, 0, INT64_MAX, &after) ||
        !req_query_int_or_reply(r, "per_page", 20, 1, 100, &per))
        return;
    Ctx c = site_ctx(r);
    int64_t below = after ? after : INT64_MAX;
    /* a page of ids, then those the reader may see: a short page is possible, never a wrong one */
    DbStmt *st = node ? db_query(r->db, SURVEY_LIST_NODE, DB_I(node), DB_I(below), DB_I(per + 1))
                      : db_query(r->db, SURVEY_LIST_ALL, DB_I(below), DB_I(per + 1));
    int64_t *ids = arena_alloc(r->arena, sizeof *ids * (size_t)(per + 1));
    int n = 0;
    while (db_step(st) == DB_ROW)
        ids[n++] = db_col_int(st, 0);
    if (!db_done(st)) {
        db_fail(r);
        return;
    }
    int64_t next = 0;
    if (n > per) {
        n = (int)per;
        next = ids[n - 1];
    }
    Buf b;
    buf_init(&b);
    buf_puts(&b, "{\"items\":[");
    int shown = 0;
    for (int i = 0; i < n; i++) {
        Survey s;
        SurveyErr e;
        if (!survey_get(&c, ids[i], &s, &e)) {
            buf_free(&b);
            survey_err_reply(r, &e);
            return;
        }
        bool manage = perm_allows(r->who, PERM_SURVEY_MANAGE, s.node_path);
        if (!manage && (strcmp(s.status, "draft") == 0 || !perm_allows(r->who, PERM_TREE_READ, s.node_path)))
            continue;
        if (shown++)
            buf_putc(&b, ',');
        survey_json(r, &b, &s, false);
    }
    buf_printf(&b, "],\"per_page\":%lld,\"next\":", (long long)per);
    if (next)
        buf_printf(&b, "%lld}", (long long)next);
    else
        buf_puts(&b, "null}");
    resp_json(r);
    buf_puts(&r->out, buf_str(&b));
    buf_free(&b);
}

static const JsonField SURVEY_FIELDS[] = {
    {"node_id", JF_INT, JF_REQUIRED, 1, INT64_MAX},
    {"title", JF_STRING, JF_REQUIRED, 0, 200},
    {"intro", JF_STRING, JF_EMPTY_OK, 0, 2000},
    {"questions", JF_STRINGS, 0, 0, 0}, /* never matched: questions is an array of objects, read below */
    {NULL, 0, 0, 0, 0},
};

/* The body's title, intro and questions (an array, checked by the model). */
static bool survey_body_or_reply(Req *r, bool with_node, int64_t *node, const char **title, const char **intro,
                                 json_t **questions)
{
    json_t *body = req_json_object_or_reply(r);
    if (!body)
        return false;
    *questions = json_object_get(body, "questions");
    if (!*questions) {
        reply_error(r, 400, "missing_field", "questions", "缺少题目", "The questions are missing");
        return false;
    }
    /* the scalar fields through the common checker, on a copy without the questions */
    json_t *rest = json_copy(body);
    json_object_del(rest, "questions");
    JsonField spec[4];
    int k = 0;
    if (with_node)
        spec[k++] = SURVEY_FIELDS[0];
    spec[k++] = SURVEY_FIELDS[1];
    spec[k++] = SURVEY_FIELDS[2];
    spec[k] = (JsonField){NULL, 0, 0, 0, 0};
    JsonValue v[4];
    bool ok = json_fields_or_reply(r, rest, spec, v);
    json_decref(rest);
    if (!ok)
        return false;
    k = 0;
    if (with_node)
        *node = v[k++].i;
    *title = v[k++].s;
    *intro = v[k].present ? v[k].s : "";
    return true;
}

void api_survey_create(Req *r)
{
    int64_t node = 0, id = 0;
    const char *title, *intro;
    json_t *questions;
    if (!survey_body_or_reply(r, true, &node, &title, &intro, &questions))
        return;
    NodeInfo ni;
    Ctx c = site_ctx(r);
    if (grid_node_find(&c, node, &ni) != GRID_OK || !perm_allows(r->who, PERM_TREE_READ, ni.path)) {
        reply_error(r, 404, "not_found", "node_id", "找不到这个范围", "No such node");
        return;
    }
    SurveyErr e;
    if (!survey_create(&c, node, title, intro, questions, &id, &e)) {
        survey_err_reply(r, &e);
        return;
    }
    Survey s;
    if (!survey_get(&c, id, &s, &e)) {
        survey_err_reply(r, &e);
        return;
    }
    r->status = 201;
    resp_json(r);
    survey_json(r, &r->out, &s, true);
}

void api_survey_get(Req *r)
{
    Survey s;
    if (!survey_load_or_reply(r, &s))
        return;
    resp_json(r);
    survey_json(r, &r->out, &s, true);
}

static bool manage_or_reply(Req *r, Survey *s)
{
    if (!survey_load_or_reply(r, s))
        return false;
    Ctx c = site_ctx(r);
    SurveyErr e;
    if (!survey_may_manage(&c, s, &e)) {
        survey_err_reply(r, &e);
        return false;
    }
    return true;
}

void api_survey_update(Req *r)
{
    Survey s;
    if (!manage_or_reply(r, &s))
        return;
    const char *title, *intro;
    json_t *questions;
    if (!survey_body_or_reply(r, false, NULL, &title, &intro, &questions))
        return;
    Ctx c = site_ctx(r);
    SurveyErr e;
    if (!survey_update(&c, s.id, title, intro, questions, &e) || !survey_get(&c, s.id, &s, &e)) {
        survey_err_reply(r, &e);
        return;
    }
    resp_json(r);
    survey_json(r, &r->out, &s, true);
}

/* {"stratum": n, ...} as quotas; NULL with a reply when malformed. */
static SurveyQuota *quotas_or_reply(Req *r, json_t *o, int *n)
{
    *n = 0;
    if (!o)
        return arena_alloc(r->arena, sizeof(SurveyQuota));
    if (!json_is_object(o) || json_object_size(o) > 64) {
        reply_error(r, 400, "bad_type", "quotas", "配额须为 {\"层\": 户数} 对象（最多64层）",
                    "quotas is an object {stratum: count}");
        return NULL;
    }
    SurveyQuota *q = arena_alloc(r->arena, sizeof *q * (json_object_size(o) + 1));
    const char *k;
    json_t *v;
    json_object_foreach(o, k, v)
    {
        if (!json_is_integer(v) || json_integer_value(v) < 0 || json_integer_value(v) > 100000 || strlen(k) > 40) {
            reply_error(r, 400, "bad_value", "quotas", "每层配额须为0至100000的整数", "Each quota is an integer 0..100000");
            return NULL;
        }
        q[*n] = (SurveyQuota){arena_strdup(r->arena, k), (int)json_integer_value(v)};
        (*n)++;
    }
    return q;
}

void api_survey_distribute(Req *r)
{
    Survey s;
    if (!manage_or_reply(r, &s))
        return;
    json_t *body = req_json_object_or_reply(r);
    if (!body)
        return;
    const char *k;
    json_t *v;
    json_object_foreach(body, k, v)
    {
        if (strcmp(k, "mode") != 0 && strcmp(k, "seed") != 0 && strcmp(k, "quotas") != 0) {
            reply_error(r, 400, "unknown_field", k, "未知字段", "Unknown field");
            return;
        }
    }
    int nq;
    SurveyQuota *q = quotas_or_reply(r, json_object_get(body, "quotas"), &nq);
    if (!q)
        return;
    Ctx c = site_ctx(r);
    SurveyErr e;
    int64_t n;
    if (!survey_distribute(&c, s.id, json_string_value(json_object_get(body, "mode")),
                           json_string_value(json_object_get(body, "seed")), q, nq, &n, &e)) {
        survey_err_reply(r, &e);
        return;
    }
    resp_json(r);
    buf_printf(&r->out, "{\"id\":%lld,\"households\":%lld}", (long long)s.id, (long long)n);
}

static void state_change(Req *r, bool open)
{
    Survey s;
    if (!manage_or_reply(r, &s))
        return;
    Ctx c = site_ctx(r);
    SurveyErr e;
    if (!(open ? survey_open(&c, s.id, &e) : survey_close(&c, s.id, &e)) || !survey_get(&c, s.id, &s, &e)) {
        survey_err_reply(r, &e);
        return;
    }
    resp_json(r);
    survey_json(r, &r->out, &s, false);
}

void api_survey_open(Req *r)
{
    state_change(r, true);
}

void api_survey_close(Req *r)
{
    state_change(r, false);
}

void api_survey_sample(Req *r)
{
    Survey s;
    if (!survey_load_or_reply(r, &s))
        return;
    int64_t after = 0, per = 100;
    if (!req_query_int_or_reply(r, "after", 0, 0, INT64_MAX, &after) ||
        !req_query_int_or_reply(r, "per_page", 100, 1, 500, &per))
        return;
    Ctx c = site_ctx(r);
    SurveyErr e;
    SurveyHousehold *h;
    int n;
    int64_t next;
    if (!survey_households(&c, s.id, after, (int)per, &h, &n, &next, &e)) {
        survey_err_reply(r, &e);
        return;
    }
    /* what anyone needs to draw it again: the seed, the quotas, and each
     * household's stratum and key (no token, no name) */
    resp_json(r);
    buf_printf(&r->out, "{\"seed\":%j,\"sample\":%s,\"rule\":%j,\"items\":[", s.seed, s.sample[0] ? s.sample : "null",
               "SHA-256(seed:household_id) ascending within each stratum; the first quota of each");
    for (int i = 0; i < n; i++) {
        char key[65];
        survey_draw_key(s.seed, h[i].household_id, key);
        buf_printf(&r->out, "%s{\"household_id\":%lld,\"stratum\":%j,\"rank\":%d,\"key\":%j}", i ? "," : "",
                   (long long)h[i].household_id, h[i].stratum, h[i].draw_rank, key);
    }
    buf_printf(&r->out, "],\"next\":");
    if (next)
        buf_printf(&r->out, "%lld}", (long long)next);
    else
        buf_puts(&r->out, "null}");
}

void api_survey_strata(Req *r)
{
    Survey s;
    if (!survey_load_or_reply(r, &s))
        return;
    Ctx c = site_ctx(r);
    SurveyErr e;
    SurveyStratum *st;
    int n;
    if (!survey_may_manage(&c, &s, &e) || !survey_strata(&c, &s, &st, &n, &e)) {
        survey_err_reply(r, &e);
        return;
    }
    resp_json(r);
    buf_puts(&r->out, "{\"items\":[");
    for (int i = 0; i < n; i++)
        buf_printf(&r->out,
                   "%s{\"stratum\":%j,\"households\":%lld,\"sent\":%lld,\"answered\":%lld,\"target\":%lld,"
                   "\"achieved\":%lld,\"replaced\":%lld}",
                   i ? "," : "", st[i].stratum, (long long)st[i].households, (long long)st[i].sent,
                   (long long)st[i].answered, (long long)st[i].target, (long long)st[i].answered,
                   (long long)st[i].replaced);
    buf_puts(&r->out, "]}");
}

void api_survey_households(Req *r)
{
    Survey s;
    if (!survey_load_or_reply(r, &s))
        return;
    Ctx c = site_ctx(r);
    SurveyErr e;
    if (!survey_may_enter(&c, &s, &e) && !survey_may_manage(&c, &s, &e)) {
        survey_err_reply(r, &e);
        return;
    }
    int64_t after = 0, per = 100;
    if (!req_query_int_or_reply(r, "after", 0, 0, INT64_MAX, &after) ||
        !req_query_int_or_reply(r, "per_page", 100, 1, 500, &per))
        return;
    SurveyHousehold *h;
    int n;
    int64_t next;
    if (!survey_households(&c, s.id, after, (int)per, &h, &n, &next, &e)) {
        survey_err_reply(r, &e);
        return;
    }
    resp_json(r);
    buf_puts(&r->out, "{\"items\":[");
    for (int i = 0; i < n; i++)
        buf_printf(&r->out, "%s{\"household_id\":%lld,\"stratum\":%j,\"age_band\":%j,\"rank\":%d,\"token\":%j,"
                            "\"link\":%j,\"response\":%j}",
                   i ? "," : "", (long long)h[i].household_id, h[i].stratum, h[i].age_band, h[i].draw_rank, h[i].token,
                   arena_printf(r->arena, "/s/%s", h[i].token), h[i].response_status);
    buf_printf(&r->out, "],\"per_page\":%lld,\"next\":", (long long)per);
    if (next)
        buf_printf(&r->out, "%lld}", (long long)next);
    else
        buf_puts(&r->out, "null}");
}

/* The body's {"answers": {...}} and, when want_household, household_id. */
static json_t *answers_or_reply(Req *r, bool want_household, int64_t *household)
{
    json_t *body = req_json_object_or_reply(r);
    if (!body)
        return NULL;
    const char *k;
    json_t *v;
    json_object_foreach(body, k, v)
    {
        if (strcmp(k, "answers") != 0 && !(want_household && strcmp(k, "household_id") == 0)) {
            reply_error(r, 400, "unknown_field", k, "未知字段", "Unknown field");
            return NULL;
        }
    }
    if (want_household) {
        json_t *h = json_object_get(body, "household_id");
        if (!json_is_integer(h) || json_integer_value(h) < 1) {
            reply_error(r, 400, h ? "bad_type" : "missing_field", "household_id", "缺少住户编号", "household_id is required");
            return NULL;
        }
        *household = json_integer_value(h);
    }
    json_t *a = json_object_get(body, "answers");
    if (!json_is_object(a)) {
        reply_error(r, 400, a ? "bad_type" : "missing_field", "answers", "答案须为对象 {题号: 答案}",
                    "answers is an object {key: answer}");
        return NULL;
    }
    return a;
}

/* 202: the household answered through another channel; this answer is
 * queued for staff to settle and nothing counted changed. */
static void conflict_reply(Req *r, int64_t response_id, int64_t conflict_id)
{
    r->status = 202;
    resp_json(r);
    buf_printf(&r->out,
               "{\"id\":%lld,\"conflict_id\":%lld,\"queued\":true,\"message\":%j}", (long long)response_id,
               (long long)conflict_id, "这一户已通过其他方式答过本问卷，本次答卷已列入待核对，由工作人员确定以哪一份为准");
}

void api_survey_paper(Req *r)
{
    Survey s;
    if (!survey_load_or_reply(r, &s))
        return;
    Ctx c = site_ctx(r);
    SurveyErr e;
    /* permission first: a caller who may not enter learns nothing from the body's checks */
    if (!survey_may_enter(&c, &s, &e)) {
        survey_err_reply(r, &e);
        return;
    }
    int64_t hh = 0, id = 0;
    json_t *a = answers_or_reply(r, true, &hh);
    if (!a)
        return;
    int64_t conflict;
    if (!survey_answer_paper(&c, s.id, hh, a, &id, &conflict, &e)) {
        survey_err_reply(r, &e);
        return;
    }
    if (conflict) {
        conflict_reply(r, id, conflict);
        return;
    }
    r->status = 201;
    resp_json(r);
    buf_printf(&r->out, "{\"id\":%lld,\"status\":\"entered\",\"channel\":\"paper\"}", (long long)id);
}

void api_survey_check(Req *r)
{
    Survey s;
    int64_t rid;
    if (!survey_load_or_reply(r, &s) || !req_param_id_or_reply(r, "rid", &rid))
        return;
    Ctx c = site_ctx(r);
    SurveyErr e;
    if (!survey_may_enter(&c, &s, &e)) {
        survey_err_reply(r, &e);
        return;
    }
    json_t *a = answers_or_reply(r, false, NULL);
    if (!a)
        return;
    int64_t found = 0;
    if (!db_int(r->db, &found, "SELECT COUNT(*) FROM survey_response WHERE id = ? AND survey_id = ?", DB_I(rid),
                DB_I(s.id))) {
        db_fail(r);
        return;
    }
    if (!found) {
        reply_error(r, 404, "not_found", NULL, "找不到这份答卷", "No such response");
        return;
    }
    if (!survey_check_paper(&c, rid, a, &e)) {
        survey_err_reply(r, &e);
        return;
    }
    resp_json(r);
    buf_printf(&r->out, "{\"id\":%lld,\"status\":\"checked\"}", (long long)rid);
}

void api_survey_responses(Req *r)
{
    Survey s;
    if (!survey_load_or_reply(r, &s))
        return;
    Ctx c = site_ctx(r);
    SurveyErr e;
    if (!survey_may_enter(&c, &s, &e) && !survey_may_manage(&c, &s, &e)) {
        survey_err_reply(r, &e);
        return;
    }
    int64_t after = 0, per = 20;
    if (!req_query_int_or_reply(r, "after", 0, 0, INT64_MAX, &after) ||
        !req_query_int_or_reply(r, "per_page", 20, 1, 200, &per))
        return;
    const char *status = req_query(r, "status");
    if (status && strcmp(status, "submitted") != 0 && strcmp(status, "entered") != 0 && strcmp(status, "checked") != 0) {
        reply_error(r, 400, "bad_param", "status", "状态只能是 submitted、entered 或 checked", "Unknown status");
        return;
    }
    SurveyResponseRow *rows;
    int n;
    int64_t next;
    if (!survey_responses(&c, s.id, status, after ? after : INT64_MAX, (int)per, &rows, &n, &next, &e)) {
        survey_err_reply(r, &e);
        return;
    }
    resp_json(r);
    buf_puts(&r->out, "{\"items\":[");
    for (int i = 0; i < n; i++)
        buf_printf(&r->out,
                   "%s{\"id\":%lld,\"household_id\":%lld,\"channel\":%j,\"status\":%j,\"entered_by\":%lld,"
                   "\"checked_by\":%lld,\"updated_at\":%lld}",
                   i ? "," : "", (long long)rows[i].id, (long long)rows[i].household_id, rows[i].channel, rows[i].status,
                   (long long)rows[i].entered_by, (long long)rows[i].checked_by, (long long)rows[i].updated_at);
    buf_printf(&r->out, "],\"per_page\":%lld,\"next\":", (long long)per);
    if (next)
        buf_printf(&r->out, "%lld}", (long long)next);
    else
        buf_puts(&r->out, "null}");
}

const char *survey_pct_text(Req *r, int pct10)
{
    if (pct10 < 0)
        return "—";
    return arena_printf(r->arena, "%d.%d", pct10 / 10, pct10 % 10);
}

/* A count and its percentage, or nulls for a cell too small to show. */
static void cell_json(Buf *b, int64_t count, int64_t den, bool hide)
{
    if (hide) {
        buf_puts(b, "{\"count\":null,\"pct10\":null}");
        return;
    }
    int p = survey_pct10(count, den);
    if (p < 0)
        buf_printf(b, "{\"count\":%lld,\"pct10\":null}", (long long)count);
    else
        buf_printf(b, "{\"count\":%lld,\"pct10\":%d}", (long long)count, p);
}

void survey_results_json(Req *r, Buf *b, const Survey *s, const SurveyResults *res)
{
    Ctx c = site_ctx(r);
    bool small = survey_may_see_small_cells(&c, s);
    buf_printf(b,
               "{\"id\":%lld,\"title\":%j,\"status\":%j,\"sent\":%lld,\"respondents\":%lld,"
               "\"by_channel\":{\"web\":%lld,\"paper\":%lld,\"visit\":%lld},\"groups\":[",
               (long long)s->id, s->title, s->status, (long long)res->sent, (long long)res->respondents,
               (long long)res->by_channel[0], (long long)res->by_channel[1], (long long)res->by_channel[2]);
    for (int g = 0; g < res->n_groups; g++)
        buf_printf(b, "%s{\"key\":%j,\"respondents\":%lld}", g ? "," : "", res->group_keys[g], (long long)res->group_n[g]);
    buf_puts(b, "],\"questions\":[");
    for (int i = 0; i < s->def.n; i++) {
        const SurveyQuestion *q = &s->def.q[i];
        buf_printf(b, "%s{\"key\":%j,\"kind\":%j,\"title\":%j,\"options\":[", i ? "," : "", q->key,
                   survey_kind_name(q->kind), q->title);
        for (int o = 0; o < q->n_options; o++)
            buf_printf(b, "%s%j", o ? "," : "", q->options[o]);
        buf_puts(b, "],\"rows\":[");
        for (int o = 0; o < q->n_rows; o++)
            buf_printf(b, "%s%j", o ? "," : "", q->rows[o]);
        buf_puts(b, "],");
        /* weighted to the stratum targets, beside the unweighted (per mille) */
        if (res->weighted && res->wpm && res->wpm[i]) {
            int no = q->kind == SQ_SCALE ? 5 : q->n_options;
            buf_puts(b, "\"weighted_pm\":[");
            for (int o = 0; o < no; o++) {
                if (res->wpm[i][o] < 0)
                    buf_printf(b, "%snull", o ? "," : "");
                else
                    buf_printf(b, "%s%d", o ? "," : "", res->wpm[i][o]);
            }
            buf_puts(b, "],");
        }
        buf_puts(b, "\"by_group\":[");
        for (int g = 0; g < res->n_groups; g++) {
            const SurveyTally *t = &res->t[g * s->def.n + i];
            /* a group's figures are hidden from the public below 5 respondents */
            bool hide = g > 0 && !small && t->answered < 5;
            buf_printf(b, "%s{\"group\":%j,", g ? "," : "", res->group_keys[g]);
            if (hide)
                buf_puts(b, "\"shown\":null,\"answered\":null,\"skipped\":null");
            else
                buf_printf(b, "\"shown\":%lld,\"answered\":%lld,\"skipped\":%lld", (long long)t->shown,
                           (long long)t->answered, (long long)(t->shown - t->answered));
            if (q->kind == SQ_SINGLE || q->kind == SQ_MULTI || q->kind == SQ_SCALE) {
                buf_puts(b, ",\"options\":[");
                for (int o = 0; o < q->n_options; o++) {
                    if (o)
                        buf_putc(b, ',');
                    /* in a group, a cell under 5 is hidden from the public too */
                    cell_json(b, t->counts[o], t->answered, hide || (g > 0 && !small && t->counts[o] < 5));
                }
                buf_putc(b, ']');
                if (q->kind == SQ_SCALE) {
                    buf_puts(b, ",\"top2\":");
                    cell_json(b, t->counts[3] + t->counts[4], t->answered,
                              hide || (g > 0 && !small && t->counts[3] + t->counts[4] < 5));
                }
            } else if (q->kind == SQ_MATRIX) {
                buf_puts(b, ",\"rows\":[");
                for (int w = 0; w < q->n_rows; w++) {
                    bool hrow = g > 0 && !small && t->row_answered[w] < 5;
                    buf_printf(b, "%s{\"answered\":", w ? "," : "");
                    if (hrow)
                        buf_puts(b, "null");
                    else
                        buf_printf(b, "%lld", (long long)t->row_answered[w]);
                    buf_puts(b, ",\"options\":[");
                    for (int o = 0; o < q->n_options; o++) {
                        if (o)
                            buf_putc(b, ',');
                        cell_json(b, t->counts[w * q->n_options + o], t->row_answered[w],
                                  hrow || (g > 0 && !small && t->counts[w * q->n_options + o] < 5));
                    }
                    buf_puts(b, "]}");
                }
                buf_putc(b, ']');
            } else if (q->kind == SQ_NUMBER && !hide && t->answered) {
                buf_printf(b, ",\"sum\":%lld,\"min\":%lld,\"max\":%lld", (long long)t->sum, (long long)t->min,
                           (long long)t->max);
            }
            buf_putc(b, '}');
        }
        buf_puts(b, "]}");
    }
    buf_puts(b, "]}");
}

static bool results_or_reply(Req *r, Survey *s, SurveyResults *res)
{
    if (!survey_load_or_reply(r, s))
        return false;
    Ctx c = site_ctx(r);
    SurveyErr e;
    if (!survey_may_see_results(&c, s, &e) || !survey_results(&c, s, req_query(r, "by"), res, &e)) {
        survey_err_reply(r, &e);
        return false;
    }
    return true;
}

void api_survey_results(Req *r)
{
    Survey s;
    SurveyResults res;
    if (!results_or_reply(r, &s, &res))
        return;
    resp_json(r);
    survey_results_json(r, &r->out, &s, &res);
}

void api_survey_results_xlsx(Req *r)
{
    Survey s;
    SurveyResults res;
    if (!results_or_reply(r, &s, &res))
        return;
    survey_results_xlsx_reply(r, &s, &res);
}

void api_answer_get(Req *r)
{
    Ctx c = site_ctx(r);
    Survey s;
    SurveyHousehold h;
    SurveyErr e;
    if (!survey_by_token(&c, req_param(r, "token"), &s, &h, &e)) {
        survey_err_reply(r, &e);
        return;
    }
    int64_t rid;
    const char *channel, *status;
    json_t *answers = NULL;
    if (!survey_response_of(&c, s.id, h.household_id, &rid, &channel, &status, &answers, &e)) {
        survey_err_reply(r, &e);
        return;
    }
    char *atext = answers ? json_dumps(answers, JSON_COMPACT) : NULL;
    json_decref(answers);
    resp_json(r);
    buf_printf(&r->out, "{\"survey\":");
    survey_json(r, &r->out, &s, true);
    buf_printf(&r->out, ",\"response\":");
    if (rid)
        buf_printf(&r->out, "{\"id\":%lld,\"channel\":%j,\"status\":%j,\"answers\":%s}", (long long)rid, channel, status,
                   atext ? atext : "{}");
    else
        buf_puts(&r->out, "null");
    buf_putc(&r->out, '}');
    free(atext);
}

void api_answer_put(Req *r)
{
    json_t *a = answers_or_reply(r, false, NULL);
    if (!a)
        return;
    Ctx c = site_ctx(r);
    SurveyErr e;
    int64_t id, conflict;
    if (!survey_answer_web(&c, req_param(r, "token"), a, &id, &conflict, &e)) {
        survey_err_reply(r, &e);
        return;
    }
    if (conflict) {
        conflict_reply(r, id, conflict);
        return;
    }
    resp_json(r);
    buf_printf(&r->out, "{\"id\":%lld,\"status\":\"submitted\",\"channel\":\"web\"}", (long long)id);
}

/* POST /api/surveys/{id}/visit {household_id, answers}: an answer taken door
 * to door by staff, counted at once (channel visit). */
void api_survey_visit(Req *r)
{
    Survey s;
    if (!survey_load_or_reply(r, &s))
        return;
    Ctx c = site_ctx(r);
    SurveyErr e;
    if (!survey_may_enter(&c, &s, &e)) {
        survey_err_reply(r, &e);
        return;
    }
    int64_t hh = 0, id = 0, conflict = 0;
    json_t *a = answers_or_reply(r, true, &hh);
    if (!a)
        return;
    if (!survey_answer_visit(&c, s.id, hh, a, &id, &conflict, &e)) {
        survey_err_reply(r, &e);
        return;
    }
    if (conflict) {
        conflict_reply(r, id, conflict);
        return;
    }
    r->status = 201;
    resp_json(r);
    buf_printf(&r->out, "{\"id\":%lld,\"status\":\"submitted\",\"channel\":\"visit\"}", (long long)id);
}

/* GET /api/surveys/{id}/conflicts: second answers waiting for staff, oldest first. */
void api_survey_conflicts(Req *r)
{
    Survey s;
    if (!survey_load_or_reply(r, &s))
        return;
    Ctx c = site_ctx(r);
    SurveyErr e;
    if (!survey_may_manage(&c, &s, &e)) {
        survey_err_reply(r, &e);
        return;
    }
    int64_t after = 0, per = 50;
    if (!req_query_int_or_reply(r, "after", 0, 0, INT64_MAX, &after) ||
        !req_query_int_or_reply(r, "per_page", 50, 1, 200, &per))
        return;
    SurveyConflict *k;
    int n;
    int64_t next;
    if (!survey_conflicts(&c, s.id, after, (int)per, &k, &n, &next, &e)) {
        survey_err_reply(r, &e);
        return;
    }
    resp_json(r);
    buf_puts(&r->out, "{\"items\":[");
    for (int i = 0; i < n; i++)
        buf_printf(&r->out,
                   "%s{\"id\":%lld,\"household_id\":%lld,\"response_id\":%lld,\"channel\":%j,\"answers\":%s,"
                   "\"first_channel\":%j,\"first_answers\":%s,\"status\":%j,\"created_at\":%lld}",
                   i ? "," : "", (long long)k[i].id, (long long)k[i].household_id, (long long)k[i].response_id,
                   k[i].channel, k[i].answers, k[i].first_channel, k[i].first_answers, k[i].status,
                   (long long)k[i].created_at);
    buf_printf(&r->out, "],\"per_page\":%lld,\"next\":", (long long)per);
    if (next)
        buf_printf(&r->out, "%lld}", (long long)next);
    else
        buf_puts(&r->out, "null}");
}

/* POST /api/surveys/{id}/conflicts/{cid}/settle {"keep": "first"|"second"}: keep the
 * counted response or replace it with the queued answer. */
void api_survey_conflict_settle(Req *r)
{
    Survey s;
    int64_t cid;
    if (!survey_load_or_reply(r, &s) || !req_param_id_or_reply(r, "cid", &cid))
        return;
    Ctx c = site_ctx(r);
    SurveyErr e;
    if (!survey_may_manage(&c, &s, &e)) {
        survey_err_reply(r, &e);
        return;
    }
    static const JsonField spec[] = {{"choice", JF_STRING, JF_REQUIRED, 1, 20}, {NULL, 0, 0, 0, 0}};
    json_t *body = req_json_object_or_reply(r);
    JsonValue v[1];
    if (!body || !json_fields_or_reply(r, body, spec, v))
        return;
    bool replace = strcmp(v[0].s, "replace") == 0;
    if (!replace && strcmp(v[0].s, "keep") != 0) {
        survey_err_reply(r, &(SurveyErr){SV_BAD_CHOICE, "choice", NULL});
        return;
    }
    if (!survey_conflict_settle(&c, s.id, cid, replace, &e)) {
        survey_err_reply(r, &e);
        return;
    }
    resp_json(r);
    buf_printf(&r->out, "{\"id\":%lld,\"status\":%j}", (long long)cid, replace ? "replaced" : "kept");
}

/* POST /api/surveys/{id}/replacements {household_id, reason}: a sampled
 * household not reached, replaced by the next of its stratum. */
void api_survey_replace(Req *r)
{
    Survey s;
    if (!survey_load_or_reply(r, &s))
        return;
    Ctx c = site_ctx(r);
    SurveyErr e;
    if (!survey_may_manage(&c, &s, &e)) {
        survey_err_reply(r, &e);
        return;
    }
    static const JsonField spec[] = {{"household_id", JF_INT, JF_REQUIRED, 1, INT64_MAX},
                                     {"reason", JF_STRING, JF_REQUIRED, 1, 20},
                                     {NULL, 0, 0, 0, 0}};
    json_t *body = req_json_object_or_reply(r);
    JsonValue v[2];
    if (!body || !json_fields_or_reply(r, body, spec, v))
        return;
    int64_t repl;
    if (!survey_replace(&c, s.id, v[0].i, v[1].s, &repl, &e)) {
        survey_err_reply(r, &e);
        return;
    }
    r->status = 201;
    resp_json(r);
    buf_printf(&r->out, "{\"household_id\":%lld,\"reason\":%j,\"replaced_by\":", (long long)v[0].i, v[1].s);
    if (repl)
        buf_printf(&r->out, "%lld}", (long long)repl);
    else
        buf_puts(&r->out, "null}");
}

/* GET /api/surveys/{id}/replacements: the log of replaced households. */
void api_survey_replacements(Req *r)
{
    Survey s;
    if (!survey_load_or_reply(r, &s))
        return;
    Ctx c = site_ctx(r);
    SurveyErr e;
    if (!survey_may_manage(&c, &s, &e)) {
        survey_err_reply(r, &e);
        return;
    }
    int64_t after = 0, per = 100;
    if (!req_query_int_or_reply(r, "after", 0, 0, INT64_MAX, &after) ||
        !req_query_int_or_reply(r, "per_page", 100, 1, 500, &per))
        return;
    SurveyReplacement *x;
    int n;
    int64_t next;
    if (!survey_replacements(&c, s.id, after, (int)per, &x, &n, &next, &e)) {
        survey_err_reply(r, &e);
        return;
    }
    resp_json(r);
    buf_puts(&r->out, "{\"items\":[");
    for (int i = 0; i < n; i++) {
        buf_printf(&r->out, "%s{\"id\":%lld,\"household_id\":%lld,\"reason\":%j,\"stratum\":%j,\"created_at\":%lld,"
                            "\"replaced_by\":",
                   i ? "," : "", (long long)x[i].id, (long long)x[i].household_id, x[i].reason, x[i].stratum,
                   (long long)x[i].created_at);
        if (x[i].replaced_by)
            buf_printf(&r->out, "%lld}", (long long)x[i].replaced_by);
        else
            buf_puts(&r->out, "null}");
    }
    buf_printf(&r->out, "],\"per_page\":%lld,\"next\":", (long long)per);
    if (next)
        buf_printf(&r->out, "%lld}", (long long)next);
    else
        buf_puts(&r->out, "null}");
}
