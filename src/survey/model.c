/* model.c: the only writer of survey, survey_household and
 * survey_response: drafts and their questions, the distribution (the
 * register read through grid's read functions only), answers from the web
 * and from paper with the second person's check, and the results. Every
 * change is audited. */
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "auth/audit.h"
#include "core/clock.h"
#include "grid/read.h"
#include "notify/notify.h"
#include "survey/survey.h"
#include "survey/survey_int.h"

bool survey_err_db(SurveyErr *e, Db *db)
{
    survey_err(e, db_error_class(db) == DB_ERR_BUSY ? SV_BUSY : SV_INTERNAL, NULL);
    if (e)
        e->detail = db_errmsg(db);
    return false;
}

static bool err_grid(SurveyErr *e, GridRead g)
{
    return survey_err(e, g == GRID_BUSY ? SV_BUSY : SV_INTERNAL, NULL);
}

static const char *dup_col(const Ctx *c, DbStmt *st, int col)
{
    return db_col_null(st, col) ? NULL : arena_strdup(c->arena, db_col_text(st, col));
}

/* The text of a JSON value, in the arena. */
static const char *json_text(const Ctx *c, const json_t *v)
{
    char *s = json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY);
    const char *out = arena_strdup(c->arena, s ? s : "null");
    free(s);
    return out;
}

bool survey_get(const Ctx *c, int64_t id, Survey *out, SurveyErr *e)
{
    memset(out, 0, sizeof *out);
    DbStmt *st = db_query(c->db,
                          "SELECT id, node_id, node_path, title, intro, status, seed, sample, questions, n_households, "
                          "COALESCE(created_by, 0), created_at, COALESCE(opened_at, 0), COALESCE(closed_at, 0) "
                          "FROM survey WHERE id = ?",
                          DB_I(id));
    bool found = false;
    if (db_step(st) == DB_ROW) {
        found = true;
        out->id = db_col_int(st, 0);
        out->node_id = db_col_int(st, 1);
        out->node_path = dup_col(c, st, 2);
        out->title = dup_col(c, st, 3);
        out->intro = dup_col(c, st, 4);
        out->status = dup_col(c, st, 5);
        out->seed = dup_col(c, st, 6);
        out->sample = dup_col(c, st, 7);
        out->questions = dup_col(c, st, 8);
        out->n_households = db_col_int(st, 9);
        out->created_by = db_col_int(st, 10);
        out->created_at = db_col_int(st, 11);
        out->opened_at = db_col_int(st, 12);
        out->closed_at = db_col_int(st, 13);
    }
    if (!db_done(st))
        return survey_err_db(e, c->db);
    if (!found)
        return survey_err(e, SV_NOT_FOUND, NULL);
    json_t *q = json_loads(out->questions, 0, NULL);
    bool ok = survey_def_parse(c->arena, q, &out->def, e);
    json_decref(q);
    return ok || survey_err(e, SV_INTERNAL, NULL);
}

static bool check_texts(const char *title, const char *intro, SurveyErr *e)
{
    if (!title || !title[0] || strlen(title) > 600)
        return survey_err(e, SV_BAD_DEFINITION, "title");
    if (intro && strlen(intro) > 6000)
        return survey_err(e, SV_BAD_DEFINITION, "intro");
    return true;
}

static bool audit(const Ctx *c, int64_t id, const char *action, const char *after)
{
    return audit_append(c->db, ctx_actor(c), "survey", id, action, NULL, after);
}

bool survey_create(const Ctx *c, int64_t node_id, const char *title, const char *intro, const json_t *questions,
                   int64_t *id, SurveyErr *e)
{
    NodeInfo node;
    GridRead g = grid_node_find(c, node_id, &node);
    if (g == GRID_NOT_FOUND || (g == GRID_OK && node.kind == NODE_HOUSEHOLD))
        return survey_err(e, SV_BAD_NODE, "node_id");
    if (g != GRID_OK)
        return err_grid(e, g);
    if (c->who && !perm_allows(c->who, PERM_SURVEY_MANAGE, node.path))
        return survey_err(e, c->who ? SV_FORBIDDEN : SV_LOGIN_NEEDED, NULL);
    if (!check_texts(title, intro, e))
        return false;
    SurveyDef d;
    if (!survey_def_parse(c->arena, questions, &d, e))
        return false;
    const char *qjson = survey_def_json(c->arena, &d);
    DbStmt *st = db_query(c->db,
                          "INSERT INTO survey (node_id, node_path, title, intro, questions, created_by, created_at) "
                          "VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id",
                          DB_I(node_id), DB_T(node.path), DB_T(title), DB_T(intro ? intro : ""), DB_T(qjson),
                          c->who ? DB_I(c->who->user_id) : DB_NULL, DB_I(c->now));
    *id = 0;
    if (db_step(st) == DB_ROW)
        *id = db_col_int(st, 0);
    if (!db_done(st) || !*id)
        return survey_err_db(e, c->db);
    json_t *jt = json_string(title);
    const char *after = arena_printf(c->arena, "{\"title\":%s,\"node_id\":%lld,\"questions\":%d}", json_text(c, jt),
                                     (long long)node_id, d.n);
    json_decref(jt);
    return audit(c, *id, "create", after) || survey_err_db(e, c->db);
}

/* The survey in a status, for a change; SV_NOT_FOUND / the status's own error otherwise. */
static bool load_in(const Ctx *c, int64_t id, const char *status, Survey *s, SurveyErr *e)
{
    if (!survey_get(c, id, s, e))
        return false;
    if (strcmp(s->status, status) == 0)
        return true;
    if (strcmp(status, "draft") == 0)
        return survey_err(e, SV_NOT_DRAFT, NULL);
    if (strcmp(s->status, "closed") == 0)
        return survey_err(e, SV_ALREADY_CLOSED, NULL);
    return survey_err(e, strcmp(status, "open") == 0 ? SV_NOT_OPEN : SV_ALREADY_OPEN, NULL);
}

bool survey_update(const Ctx *c, int64_t id, const char *title, const char *intro, const json_t *questions,
                   SurveyErr *e)
{
    Survey s;
    if (!load_in(c, id, "draft", &s, e) || !check_texts(title, intro, e))
        return false;
    SurveyDef d;
    if (!survey_def_parse(c->arena, questions, &d, e))
        return false;
    if (!db_exec(c->db, "UPDATE survey SET title = ?, intro = ?, questions = ? WHERE id = ? AND status = 'draft'",
                 DB_T(title), DB_T(intro ? intro : ""), DB_T(survey_def_json(c->arena, &d)), DB_I(id)))
        return survey_err_db(e, c->db);
    return audit(c, id, "update", arena_printf(c->arena, "{\"questions\":%d}", d.n)) || survey_err_db(e, c->db);
}

const char *survey_new_token(const Ctx *c)
{
    unsigned char raw[12];
    randombytes_buf(raw, sizeof raw);
    char *hex = arena_alloc(c->arena, sizeof raw * 2 + 1);
    sodium_bin2hex(hex, sizeof raw * 2 + 1, raw, sizeof raw);
    return hex;
}

bool survey_distribute(const Ctx *c, int64_t id, const char *mode, const char *seed, const SurveyQuota *q, int n_q,
                       int64_t *n, SurveyErr *e)
{
    *n = 0;
    Survey s;
    if (!load_in(c, id, "draft", &s, e))
        return false;
    bool sample = mode && strcmp(mode, "sample") == 0;
    if (!mode || (!sample && strcmp(mode, "all") != 0))
        return survey_err(e, SV_BAD_SAMPLE, "mode");
    if (sample && (!seed || !seed[0] || strlen(seed) > 200))
        return survey_err(e, SV_BAD_SAMPLE, "seed");
    if (sample && n_q < 1)
        return survey_err(e, SV_BAD_SAMPLE, "quotas");
    HouseholdList hl;
    GridRead g = grid_households_in(c, s.node_path, &hl);
    if (g != GRID_OK)
        return err_grid(e, g);
    LocalTime lt;
    int year = clock_local(c->now, &lt) ? lt.year : 2000;
    SurveyUnit *units = arena_alloc(c->arena, sizeof *units * (size_t)(hl.n ? hl.n : 1));
    for (int i = 0; i < hl.n; i++)
        units[i] = (SurveyUnit){hl.items[i].node_id,
                                survey_stratum(c->arena, hl.items[i].head_birth_year, hl.items[i].head_residency, year)};
    int64_t *chosen = arena_alloc(c->arena, sizeof *chosen * (size_t)(hl.n ? hl.n : 1));
    int *rank = arena_alloc(c->arena, sizeof *rank * (size_t)(hl.n ? hl.n : 1));
    int taken = 0;
    if (sample) {
        int bad = -1;
        taken = survey_draw(seed, units, hl.n, q, n_q, chosen, rank, &bad);
        if (taken < 0) {
            survey_err(e, SV_QUOTA_TOO_LARGE, "quotas");
            if (e && bad >= 0)
                e->detail = arena_strdup(c->arena, q[bad].stratum);
            return false;
        }
    } else {
        for (int i = 0; i < hl.n; i++) {
            chosen[i] = units[i].id;
            rank[i] = 0;
        }
        taken = hl.n;
    }
    if (!taken)
        return survey_err(e, SV_NO_HOUSEHOLDS, NULL);
    if (!db_exec(c->db, "DELETE FROM survey_household WHERE survey_id = ?", DB_I(id)))
        return survey_err_db(e, c->db);
    for (int i = 0; i < taken; i++) {
        const char *stratum = "unknown/unknown";
        int by = 0;
        for (int j = 0; j < hl.n; j++)
            if (units[j].id == chosen[i]) {
                stratum = units[j].stratum;
                by = hl.items[j].head_birth_year;
                break;
            }
        if (!db_exec(c->db,
                     "INSERT INTO survey_household (survey_id, household_id, stratum, age_band, draw_rank, token) "
                     "VALUES (?, ?, ?, ?, ?, ?)",
                     DB_I(id), DB_I(chosen[i]), DB_T(stratum), DB_T(survey_age_band(by, year)), DB_I(rank[i]),
                     DB_T(survey_new_token(c))))
            return survey_err_db(e, c->db);
    }
    json_t *sj = json_object();
    json_object_set_new(sj, "mode", json_string(sample ? "sample" : "all"));
    if (sample) {
        json_t *qo = json_object();
        for (int k = 0; k < n_q; k++)
            json_object_set_new(qo, q[k].stratum, json_integer(q[k].n));
        json_object_set_new(sj, "quotas", qo);
    }
    const char *stext = json_text(c, sj);
    json_decref(sj);
    if (!db_exec(c->db, "UPDATE survey SET seed = ?, sample = ?, n_households = ? WHERE id = ?",
                 DB_T(sample ? seed : ""), DB_T(stext), DB_I(taken), DB_I(id)))
        return survey_err_db(e, c->db);
    *n = taken;
    return audit(c, id, "distribute",
                 arena_printf(c->arena, "{\"sample\":%s,\"households\":%d}", stext, taken)) ||
           survey_err_db(e, c->db);
}

bool survey_open(const Ctx *c, int64_t id, SurveyErr *e)
{
    Survey s;
    if (!survey_get(c, id, &s, e))
        return false;
    if (strcmp(s.status, "open") == 0)
        return survey_err(e, SV_ALREADY_OPEN, NULL);
    if (strcmp(s.status, "draft") != 0)
        return survey_err(e, SV_ALREADY_CLOSED, NULL);
    if (s.n_households < 1)
        return survey_err(e, SV_NO_HOUSEHOLDS, NULL);
    if (!db_exec(c->db, "UPDATE survey SET status = 'open', opened_at = ? WHERE id = ? AND status = 'draft'",
                 DB_I(c->now), DB_I(id)))
        return survey_err_db(e, c->db);
    NotifyEvent ev = {.type = "survey.opened", .entity = "survey", .entity_id = id, .node_path = s.node_path,
                      .title = arena_printf(c->arena, "问卷开始填写：%s", s.title), .body = "",
                      .link = arena_printf(c->arena, "/surveys/%lld", (long long)id)};
    if (!notify_emit(c, &ev, NULL))
        return survey_err_db(e, c->db);
    return audit(c, id, "open", NULL) || survey_err_db(e, c->db);
}

bool survey_close(const Ctx *c, int64_t id, SurveyErr *e)
{
    Survey s;
    if (!load_in(c, id, "open", &s, e))
        return false;
    if (!db_exec(c->db, "UPDATE survey SET status = 'closed', closed_at = ? WHERE id = ? AND status = 'open'",
                 DB_I(c->now), DB_I(id)))
        return survey_err_db(e, c->db);
    NotifyEvent ev = {.type = "survey.closed", .entity = "survey", .entity_id = id, .node_path = s.node_path,
                      .title = arena_printf(c->arena, "问卷已截止：%s", s.title), .body = "",
                      .link = arena_printf(c->arena, "/surveys/%lld/results", (long long)id)};
    if (!notify_emit(c, &ev, NULL))
        return survey_err_db(e, c->db);
    return audit(c, id, "close", NULL) || survey_err_db(e, c->db);
}

bool survey_households(const Ctx *c, int64_t survey_id, int64_t after, int limit, SurveyHousehold **out, int *n,
                       int64_t *next, SurveyErr *e)
{
    *n = 0;
    *next = 0;
    *out = arena_alloc(c->arena, sizeof **out * (size_t)(limit + 1));
    DbStmt *st = db_query(c->db, SURVEY_HOUSEHOLDS_PAGE, DB_I(survey_id), DB_I(after), DB_I(limit + 1));
    while (db_step(st) == DB_ROW) {
        if (*n == limit) {
            *next = (*out)[*n - 1].household_id;
            continue;
        }
        SurveyHousehold *h = &(*out)[(*n)++];
        h->household_id = db_col_int(st, 0);
        h->stratum = dup_col(c, st, 1);
        h->age_band = dup_col(c, st, 2);
        h->draw_rank = (int)db_col_int(st, 3);
        h->token = dup_col(c, st, 4);
        h->response_status = NULL;
    }
    if (!db_done(st))
        return survey_err_db(e, c->db);
    for (int i = 0; i < *n; i++) {
        SurveyHousehold *h = &(*out)[i];
        st = db_query(c->db, "SELECT status FROM survey_response WHERE survey_id = ? AND household_id = ?",
                      DB_I(survey_id), DB_I(h->household_id));
        if (db_step(st) == DB_ROW)
            h->response_status = dup_col(c, st, 0);
        if (!db_done(st))
            return survey_err_db(e, c->db);
    }
    return true;
}

bool survey_by_token(const Ctx *c, const char *token, Survey *s, SurveyHousehold *h, SurveyErr *e)
{
    if (!token || strlen(token) != 24)
        return survey_err(e, SV_BAD_TOKEN, "token");
    DbStmt *st = db_query(c->db,
                          "SELECT survey_id, household_id, stratum, age_band, draw_rank FROM survey_household "
                          "WHERE token = ?",
                          DB_T(token));
    int64_t sid = 0;
    if (db_step(st) == DB_ROW) {
        sid = db_col_int(st, 0);
        h->household_id = db_col_int(st, 1);
        h->stratum = dup_col(c, st, 2);
        h->age_band = dup_col(c, st, 3);
        h->draw_rank = (int)db_col_int(st, 4);
        h->token = arena_strdup(c->arena, token);
        h->response_status = NULL;
    }
    if (!db_done(st))
        return survey_err_db(e, c->db);
    if (!sid)
        return survey_err(e, SV_BAD_TOKEN, "token");
    return survey_get(c, sid, s, e);
}

bool survey_response_of(const Ctx *c, int64_t survey_id, int64_t household_id, int64_t *response_id,
                        const char **channel, const char **status, json_t **answers, SurveyErr *e)
{
    *response_id = 0;
    *channel = *status = NULL;
    if (answers)
        *answers = NULL;
    DbStmt *st = db_query(c->db,
                          "SELECT id, channel, status, answers FROM survey_response WHERE survey_id = ? AND household_id = ?",
                          DB_I(survey_id), DB_I(household_id));
    if (db_step(st) == DB_ROW) {
        *response_id = db_col_int(st, 0);
        *channel = dup_col(c, st, 1);
        *status = dup_col(c, st, 2);
        if (answers)
            *answers = json_loads(db_col_text(st, 3), 0, NULL);
    }
    return db_done(st) || survey_err_db(e, c->db);
}

bool survey_answer_web(const Ctx *c, const char *token, const json_t *answers, int64_t *response_id,
                       int64_t *conflict_id, SurveyErr *e)
{
    *conflict_id = 0;
    Survey s;
    SurveyHousehold h = {0};
    if (!survey_by_token(c, token, &s, &h, e))
        return false;
    if (strcmp(s.status, "open") != 0)
        return survey_err(e, SV_NOT_OPEN, NULL);
    bool replaced;
    if (!survey_household_replaced(c, s.id, h.household_id, &replaced, e))
        return false;
    if (replaced)
        return survey_err(e, SV_NOT_SENT, "token");
    json_t *norm;
    if (!survey_answers_check(&s.def, answers, &norm, e))
        return false;
    const char *text = json_text(c, norm);
    json_decref(norm);
    /* One statement: two submissions at once leave one row (the later one's
     * answers); a paper or visit response is never overwritten from the web. */
    DbStmt *st = db_query(c->db,
                          "INSERT INTO survey_response (survey_id, household_id, channel, status, answers, created_at, "
                          "updated_at) VALUES (?, ?, 'web', 'submitted', ?, ?, ?) "
                          "ON CONFLICT (survey_id, household_id) DO UPDATE SET answers = excluded.answers, "
                          "updated_at = excluded.updated_at WHERE survey_response.channel = 'web' RETURNING id",
                          DB_I(s.id), DB_I(h.household_id), DB_T(text), DB_I(c->now), DB_I(c->now));
    *response_id = 0;
    if (db_step(st) == DB_ROW)
        *response_id = db_col_int(st, 0);
    if (!db_done(st))
        return survey_err_db(e, c->db);
    if (!*response_id) /* answered through another channel: queued for staff to settle */
        return survey_conflict_queue(c, s.id, h.household_id, "web", text, response_id, conflict_id, e);
    return audit_append(c->db, ctx_actor(c), "survey_response", *response_id, "answer_web", NULL,
                        arena_printf(c->arena, "{\"survey_id\":%lld}", (long long)s.id)) ||
           survey_err_db(e, c->db);
}

bool survey_answer_paper(const Ctx *c, int64_t survey_id, int64_t household_id, const json_t *answers,
                         int64_t *response_id, int64_t *conflict_id, SurveyErr *e)
{
    *conflict_id = 0;
    Survey s;
    if (!survey_get(c, survey_id, &s, e))
        return false;
    if (!survey_may_enter(c, &s, e))
        return false;
    if (strcmp(s.status, "open") != 0)
        return survey_err(e, SV_NOT_OPEN, NULL);
    int64_t sent = 0;
    if (!db_int(c->db, &sent,
                "SELECT COUNT(*) FROM survey_household WHERE survey_id = ? AND household_id = ? AND state = 'sampled'",
                DB_I(survey_id), DB_I(household_id)))
        return survey_err_db(e, c->db);
    if (!sent)
        return survey_err(e, SV_NOT_SENT, "household_id");
    json_t *norm;
    if (!survey_answers_check(&s.def, answers, &norm, e))
        return false;
    const char *text = json_text(c, norm);
    json_decref(norm);
    DbStmt *st = db_query(c->db,
                          "INSERT INTO survey_response (survey_id, household_id, channel, status, answers, entered_by, "
                          "created_at, updated_at) VALUES (?, ?, 'paper', 'entered', ?, ?, ?, ?) "
                          "ON CONFLICT (survey_id, household_id) DO NOTHING RETURNING id",
                          DB_I(survey_id), DB_I(household_id), DB_T(text), DB_I(ctx_actor(c)), DB_I(c->now),
                          DB_I(c->now));
    *response_id = 0;
    if (db_step(st) == DB_ROW)
        *response_id = db_col_int(st, 0);
    if (!db_done(st))
        return survey_err_db(e, c->db);
    if (!*response_id)
        return survey_conflict_queue(c, survey_id, household_id, "paper", text, response_id, conflict_id, e);
    return audit_append(c->db, ctx_actor(c), "survey_response", *response_id, "enter_paper", NULL,
                        arena_printf(c->arena, "{\"survey_id\":%lld}", (long long)survey_id)) ||
           survey_err_db(e, c->db);
}

bool survey_check_paper(const Ctx *c, int64_t response_id, const json_t *answers, SurveyErr *e)
{
    int64_t sid = 0, entered_by = 0;
    const char *status = NULL, *stored = NULL;
    DbStmt *st = db_query(c->db, "SELECT survey_id, COALESCE(entered_by, 0), status, answers FROM survey_response WHERE id = ?",
                          DB_I(response_id));
    if (db_step(st) == DB_ROW) {
        sid = db_col_int(st, 0);
        entered_by = db_col_int(st, 1);
        status = dup_col(c, st, 2);
        stored = dup_col(c, st, 3);
    }
    if (!db_done(st))
        return survey_err_db(e, c->db);
    if (!sid)
        return survey_err(e, SV_NOT_FOUND, NULL);
    Survey s;
    if (!survey_get(c, sid, &s, e) || !survey_may_enter(c, &s, e))
        return false;
    if (strcmp(status, "entered") != 0)
        return survey_err(e, SV_NOT_ENTERED, NULL);
    if (entered_by == ctx_actor(c))
        return survey_err(e, SV_SAME_PERSON, NULL);
    json_t *norm;
    if (!survey_answers_check(&s.def, answers, &norm, e))
        return false;
    json_t *first = json_loads(stored, 0, NULL);
    const char *differs = NULL;
    for (int i = 0; i < s.def.n && !differs; i++) {
        const json_t *x = json_object_get(first, s.def.q[i].key), *y = json_object_get(norm, s.def.q[i].key);
        if (!(x == NULL && y == NULL) && !(x && y && json_equal((json_t *)x, (json_t *)y)))
            differs = s.def.q[i].key;
    }
    json_decref(first);
    json_decref(norm);
    if (differs)
        return survey_err(e, SV_CHECK_MISMATCH, differs);
    if (!db_exec(c->db,
                 "UPDATE survey_response SET status = 'checked', checked_by = ?, updated_at = ? "
                 "WHERE id = ? AND status = 'entered'",
                 DB_I(ctx_actor(c)), DB_I(c->now), DB_I(response_id)))
        return survey_err_db(e, c->db);
    if (db_changes(c->db) != 1)
        return survey_err(e, SV_NOT_ENTERED, NULL);
    return audit_append(c->db, ctx_actor(c), "survey_response", response_id, "check_paper", NULL, NULL) ||
           survey_err_db(e, c->db);
}

bool survey_responses(const Ctx *c, int64_t survey_id, const char *status, int64_t before, int limit,
                      SurveyResponseRow **out, int *n, int64_t *next, SurveyErr *e)
{
    *n = 0;
    *next = 0;
    *out = arena_alloc(c->arena, sizeof **out * (size_t)(limit + 1));
    DbStmt *ids = status ? db_query(c->db, SURVEY_RESPONSES_PAGE_STATUS, DB_I(survey_id), DB_T(status), DB_I(before),
                                    DB_I(limit + 1))
                         : db_query(c->db, SURVEY_RESPONSES_PAGE, DB_I(survey_id), DB_I(before), DB_I(limit + 1));
    int64_t *idv = arena_alloc(c->arena, sizeof *idv * (size_t)(limit + 1));
    int k = 0;
    while (db_step(ids) == DB_ROW)
        idv[k++] = db_col_int(ids, 0);
    if (!db_done(ids))
        return survey_err_db(e, c->db);
    if (k > limit) {
        k = limit;
        *next = idv[limit - 1];
    }
    for (int i = 0; i < k; i++) {
        DbStmt *st = db_query(c->db,
                              "SELECT id, survey_id, household_id, COALESCE(entered_by, 0), COALESCE(checked_by, 0), "
                              "updated_at, channel, status FROM survey_response WHERE id = ?",
                              DB_I(idv[i]));
        if (db_step(st) == DB_ROW) {
            SurveyResponseRow *r = &(*out)[(*n)++];
            r->id = db_col_int(st, 0);
            r->survey_id = db_col_int(st, 1);
            r->household_id = db_col_int(st, 2);
            r->entered_by = db_col_int(st, 3);
            r->checked_by = db_col_int(st, 4);
            r->updated_at = db_col_int(st, 5);
            r->channel = dup_col(c, st, 6);
            r->status = dup_col(c, st, 7);
        }
        if (!db_done(st))
            return survey_err_db(e, c->db);
    }
    return true;
}

static const char *const GROUPS_AGE65[] = {"all", "65p", "under65", "unknown"};
static const char *const GROUPS_CHANNEL[] = {"all", "web", "paper", "visit"};

static int channel_index(const char *ch)
{
    return strcmp(ch, "paper") == 0 ? 1 : strcmp(ch, "visit") == 0 ? 2 : 0;
}

/* The weighted per-mille of each option of the single, multi and scale
 * questions: a respondent of stratum h weighs target_h / respondents_h. */
static bool weigh(const Ctx *c, const Survey *s, json_t *const *answers, const char *const *strata, int n,
                  SurveyResults *out, SurveyErr *e)
{
    SurveyStratum *st;
    int n_st;
    if (!survey_strata(c, s, &st, &n_st, e))
        return false;
    double *w = arena_alloc(c->arena, sizeof *w * (size_t)(n ? n : 1));
    for (int i = 0; i < n; i++) {
        w[i] = 0;
        int64_t resp = 0;
        for (int k = 0; k < n; k++)
            resp += strcmp(strata[k], strata[i]) == 0;
        for (int j = 0; j < n_st; j++)
            if (strcmp(st[j].stratum, strata[i]) == 0 && resp)
                w[i] = (double)st[j].target / (double)resp;
    }
    out->wpm = arena_alloc(c->arena, sizeof *out->wpm * (size_t)(s->def.n ? s->def.n : 1));
    for (int q = 0; q < s->def.n; q++) {
        const SurveyQuestion *qq = &s->def.q[q];
        out->wpm[q] = NULL;
        if (qq->kind != SQ_SINGLE && qq->kind != SQ_MULTI && qq->kind != SQ_SCALE)
            continue;
        int no = qq->kind == SQ_SCALE ? 5 : qq->n_options;
        double den = 0, *num = arena_alloc(c->arena, sizeof *num * (size_t)no);
        for (int o = 0; o < no; o++)
            num[o] = 0;
        for (int i = 0; i < n; i++) {
            const json_t *v = json_object_get(answers[i], qq->key);
            if (!v)
                continue;
            den += w[i];
            if (json_is_integer(v)) {
                int64_t x = json_integer_value(v) - (qq->kind == SQ_SCALE ? 1 : 0);
                if (x >= 0 && x < no)
                    num[x] += w[i];
            } else if (json_is_array(v)) {
                size_t k;
                const json_t *y;
                json_array_foreach(v, k, y)
                {
                    int64_t x = json_integer_value(y);
                    if (x >= 0 && x < no)
                        num[x] += w[i];
                }
            }
        }
        out->wpm[q] = arena_alloc(c->arena, sizeof **out->wpm * (size_t)no);
        for (int o = 0; o < no; o++)
            out->wpm[q][o] = den > 0 ? (int)(num[o] * 1000.0 / den + 0.5) : -1;
    }
    out->weighted = true;
    return true;
}

bool survey_results(const Ctx *c, const Survey *s, const char *by, SurveyResults *out, SurveyErr *e)
{
    memset(out, 0, sizeof *out);
    bool grouped = by && by[0];
    bool by_channel = grouped && strcmp(by, "channel") == 0;
    if (grouped && !by_channel && strcmp(by, "age65") != 0)
        return survey_err(e, SV_BAD_GROUP, "by");
    out->sent = s->n_households;
    int cap = 64, n = 0;
    json_t **answers = malloc(sizeof *answers * (size_t)cap);
    int *groups = malloc(sizeof *groups * (size_t)cap);
    const char **strata = malloc(sizeof *strata * (size_t)cap);
    bool ok = answers && groups && strata;
    /* counted: every web and visit response, and a paper one once a second person checked it */
    DbStmt *st = db_query(c->db,
                          "SELECT r.answers, COALESCE(h.age_band, 'unknown'), r.channel, "
                          "COALESCE(h.stratum, 'unknown/unknown') FROM survey_response r "
                          "LEFT JOIN survey_household h ON h.survey_id = r.survey_id AND h.household_id = r.household_id "
                          "WHERE r.survey_id = ? AND r.status IN ('submitted', 'checked') ORDER BY r.id",
                          DB_I(s->id));
    while (ok && db_step(st) == DB_ROW) {
        if (n == cap) {
            cap *= 2;
            json_t **a2 = realloc(answers, sizeof *answers * (size_t)cap);
            if (a2)
                answers = a2;
            int *g2 = realloc(groups, sizeof *groups * (size_t)cap);
            if (g2)
                groups = g2;
            const char **s2 = realloc(strata, sizeof *strata * (size_t)cap);
            if (s2)
                strata = s2;
            ok = a2 && g2 && s2;
            if (!ok)
                break;
        }
        json_t *a = json_loads(db_col_text(st, 0), 0, NULL);
        if (!a)
            continue;
        const char *band = db_col_text(st, 1);
        int ch = channel_index(db_col_text(st, 2));
        out->by_channel[ch]++;
        answers[n] = a;
        strata[n] = arena_strdup(c->arena, db_col_text(st, 3));
        if (by_channel)
            groups[n] = ch + 1;
        else
            groups[n] = strcmp(band, "65p") == 0 ? 1 : strcmp(band, "unknown") == 0 ? 3 : 2;
        n++;
    }
    bool done = db_done(st);
    if (ok && done) {
        int ng = grouped ? 4 : 1;
        out->n_groups = ng;
        out->group_keys = (const char **)(by_channel ? GROUPS_CHANNEL : GROUPS_AGE65);
        out->group_n = arena_alloc(c->arena, sizeof *out->group_n * (size_t)ng);
        memset(out->group_n, 0, sizeof *out->group_n * (size_t)ng);
        out->t = arena_alloc(c->arena, sizeof *out->t * (size_t)(ng * s->def.n));
        survey_tally(c->arena, &s->def, answers, NULL, n, 1, out->t);
        out->respondents = n;
        out->group_n[0] = n;
        if (grouped) {
            for (int i = 0; i < n; i++)
                out->group_n[groups[i]]++;
            /* the tally of groups 1..3 in one pass: group indexes shifted by one */
            SurveyTally *rest = out->t + s->def.n;
            for (int i = 0; i < n; i++)
                groups[i]--;
            survey_tally(c->arena, &s->def, answers, groups, n, 3, rest);
        }
    }
    bool wok = !(ok && done) || weigh(c, s, answers, strata, n, out, e);
    for (int i = 0; i < n; i++)
        json_decref(answers[i]);
    free(answers);
    free(groups);
    free(strata);
    if (!done)
        return survey_err_db(e, c->db);
    if (!wok)
        return false;
    return ok || survey_err(e, SV_INTERNAL, NULL);
}

bool survey_strata(const Ctx *c, const Survey *s, SurveyStratum **out, int *n, SurveyErr *e)
{
    *n = 0;
    HouseholdList hl;
    GridRead g = grid_households_in(c, s->node_path, &hl);
    if (g != GRID_OK)
        return err_grid(e, g);
    LocalTime lt;
    int year = clock_local(c->now, &lt) ? lt.year : 2000;
    /* at most 4 bands x 3 residencies */
    *out = arena_alloc(c->arena, sizeof **out * 12);
    for (int i = 0; i < hl.n; i++) {
        const char *k = survey_stratum(c->arena, hl.items[i].head_birth_year, hl.items[i].head_residency, year);
        int j = 0;
        while (j < *n && strcmp((*out)[j].stratum, k) != 0)
            j++;
        if (j == *n) {
            if (*n == 12)
                continue;
            (*out)[(*n)++] = (SurveyStratum){k, 0, 0, 0, 0, 0};
        }
        (*out)[j].households++;
    }
    DbStmt *st = db_query(c->db,
                          "SELECT h.stratum, COUNT(*), SUM(CASE WHEN r.status IN ('submitted', 'checked') THEN 1 ELSE 0 END), "
                          "SUM(CASE WHEN h.state = 'replaced' THEN 1 ELSE 0 END) "
                          "FROM survey_household h LEFT JOIN survey_response r ON r.survey_id = h.survey_id AND "
                          "r.household_id = h.household_id WHERE h.survey_id = ? GROUP BY h.stratum",
                          DB_I(s->id));
    while (db_step(st) == DB_ROW) {
        const char *k = db_col_text(st, 0);
        for (int j = 0; j < *n; j++)
            if (strcmp((*out)[j].stratum, k) == 0) {
                (*out)[j].sent = db_col_int(st, 1);
                (*out)[j].answered = db_col_int(st, 2);
                (*out)[j].replaced = db_col_int(st, 3);
            }
    }
    if (!db_done(st))
        return survey_err_db(e, c->db);
    /* the target: the stratum's quota of a sample, else its households */
    json_t *sample = s->sample && s->sample[0] ? json_loads(s->sample, 0, NULL) : NULL;
    json_t *quotas = json_object_get(sample, "quotas");
    for (int j = 0; j < *n; j++) {
        json_t *qv = json_object_get(quotas, (*out)[j].stratum);
        (*out)[j].target = quotas ? (json_is_integer(qv) ? json_integer_value(qv) : 0) : (*out)[j].households;
    }
    json_decref(sample);
    /* by name, so the list reads the same every time */
    for (int i = 1; i < *n; i++)
        for (int j = i; j > 0 && strcmp((*out)[j - 1].stratum, (*out)[j].stratum) > 0; j--) {
            SurveyStratum t = (*out)[j];
            (*out)[j] = (*out)[j - 1];
            (*out)[j - 1] = t;
        }
    return true;
}
