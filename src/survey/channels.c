/* channels.c: one response per household across web, paper and
 * door-to-door visits, with a second answer through another channel queued
 * for staff to settle; and the replacement of sampled households not
 * reached by the next of their stratum in the draw's order, with its log.
 * The writer of survey_conflict and survey_replacement; every change is
 * audited. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "auth/audit.h"
#include "core/clock.h"
#include "grid/read.h"
#include "survey/survey.h"
#include "survey/survey_int.h"

static const char *json_text(const Ctx *c, const json_t *v)
{
    char *s = json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY);
    const char *out = arena_strdup(c->arena, s ? s : "null");
    free(s);
    return out;
}

static const char *dup_col(const Ctx *c, DbStmt *st, int col)
{
    return db_col_null(st, col) ? NULL : arena_strdup(c->arena, db_col_text(st, col));
}

bool survey_household_replaced(const Ctx *c, int64_t survey_id, int64_t household_id, bool *replaced, SurveyErr *e)
{
    int64_t n = 0;
    if (!db_int(c->db, &n,
                "SELECT COUNT(*) FROM survey_household WHERE survey_id = ? AND household_id = ? AND state = 'replaced'",
                DB_I(survey_id), DB_I(household_id)))
        return survey_err_db(e, c->db);
    *replaced = n > 0;
    return true;
}

bool survey_conflict_queue(const Ctx *c, int64_t survey_id, int64_t household_id, const char *channel, const char *text,
                           int64_t *response_id, int64_t *conflict_id, SurveyErr *e)
{
    int64_t rid = 0;
    const char *first = NULL;
    DbStmt *st = db_query(c->db, "SELECT id, channel FROM survey_response WHERE survey_id = ? AND household_id = ?",
                          DB_I(survey_id), DB_I(household_id));
    if (db_step(st) == DB_ROW) {
        rid = db_col_int(st, 0);
        first = dup_col(c, st, 1);
    }
    if (!db_done(st))
        return survey_err_db(e, c->db);
    if (!rid) /* gone between the two statements: the caller may try again */
        return survey_err(e, SV_BUSY, NULL);
    if (strcmp(first, channel) == 0)
        return survey_err(e, SV_ALREADY_ANSWERED, "household_id");
    int64_t actor = ctx_actor(c);
    if (!db_int(c->db, conflict_id,
                "INSERT INTO survey_conflict (survey_id, household_id, response_id, channel, answers, submitted_by, "
                "created_at) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id",
                DB_I(survey_id), DB_I(household_id), DB_I(rid), DB_T(channel), DB_T(text), actor ? DB_I(actor) : DB_NULL,
                DB_I(c->now)))
        return survey_err_db(e, c->db);
    *response_id = rid;
    return audit_append(c->db, actor, "survey_conflict", *conflict_id, "queue", NULL,
                        arena_printf(c->arena, "{\"survey_id\":%lld,\"channel\":%j,\"first\":%j}", (long long)survey_id,
                                     channel, first)) ||
           survey_err_db(e, c->db);
}

bool survey_answer_visit(const Ctx *c, int64_t survey_id, int64_t household_id, const json_t *answers,
                         int64_t *response_id, int64_t *conflict_id, SurveyErr *e)
{
    *conflict_id = 0;
    *response_id = 0;
    Survey s;
    if (!survey_get(c, survey_id, &s, e) || !survey_may_enter(c, &s, e))
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
                          "created_at, updated_at) VALUES (?, ?, 'visit', 'submitted', ?, ?, ?, ?) "
                          "ON CONFLICT (survey_id, household_id) DO NOTHING RETURNING id",
                          DB_I(survey_id), DB_I(household_id), DB_T(text), DB_I(ctx_actor(c)), DB_I(c->now),
                          DB_I(c->now));
    if (db_step(st) == DB_ROW)
        *response_id = db_col_int(st, 0);
    if (!db_done(st))
        return survey_err_db(e, c->db);
    if (!*response_id)
        return survey_conflict_queue(c, survey_id, household_id, "visit", text, response_id, conflict_id, e);
    return audit_append(c->db, ctx_actor(c), "survey_response", *response_id, "answer_visit", NULL,
                        arena_printf(c->arena, "{\"survey_id\":%lld}", (long long)survey_id)) ||
           survey_err_db(e, c->db);
}

static bool conflict_load(const Ctx *c, int64_t id, SurveyConflict *k, SurveyErr *e)
{
    memset(k, 0, sizeof *k);
    DbStmt *st = db_query(c->db,
                          "SELECT k.id, k.survey_id, k.household_id, k.response_id, COALESCE(k.submitted_by, 0), "
                          "COALESCE(k.settled_by, 0), COALESCE(k.settled_at, 0), k.created_at, k.channel, k.status, "
                          "k.answers, r.channel, r.answers FROM survey_conflict k JOIN survey_response r ON r.id = "
                          "k.response_id WHERE k.id = ?",
                          DB_I(id));
    if (db_step(st) == DB_ROW) {
        k->id = db_col_int(st, 0);
        k->survey_id = db_col_int(st, 1);
        k->household_id = db_col_int(st, 2);
        k->response_id = db_col_int(st, 3);
        k->submitted_by = db_col_int(st, 4);
        k->settled_by = db_col_int(st, 5);
        k->settled_at = db_col_int(st, 6);
        k->created_at = db_col_int(st, 7);
        k->channel = dup_col(c, st, 8);
        k->status = dup_col(c, st, 9);
        k->answers = dup_col(c, st, 10);
        k->first_channel = dup_col(c, st, 11);
        k->first_answers = dup_col(c, st, 12);
    }
    if (!db_done(st))
        return survey_err_db(e, c->db);
    return k->id || survey_err(e, SV_NOT_FOUND, "conflict");
}

bool survey_conflicts(const Ctx *c, int64_t survey_id, int64_t after, int limit, SurveyConflict **out, int *n,
                      int64_t *next, SurveyErr *e)
{
    *n = 0;
    *next = 0;
    *out = arena_alloc(c->arena, sizeof **out * (size_t)(limit + 1));
    int64_t *ids = arena_alloc(c->arena, sizeof *ids * (size_t)(limit + 1));
    int k = 0;
    DbStmt *st = db_query(c->db, SURVEY_CONFLICTS_PAGE, DB_I(survey_id), DB_I(after), DB_I(limit + 1));
    while (db_step(st) == DB_ROW)
        ids[k++] = db_col_int(st, 0);
    if (!db_done(st))
        return survey_err_db(e, c->db);
    if (k > limit) {
        k = limit;
        *next = ids[limit - 1];
    }
    for (int i = 0; i < k; i++)
        if (!conflict_load(c, ids[i], &(*out)[(*n)++], e))
            return false;
    return true;
}

bool survey_conflict_settle(const Ctx *c, int64_t survey_id, int64_t conflict_id, bool replace, SurveyErr *e)
{
    Survey s;
    if (!survey_get(c, survey_id, &s, e) || !survey_may_manage(c, &s, e))
        return false;
    SurveyConflict k;
    if (!conflict_load(c, conflict_id, &k, e))
        return false;
    if (k.survey_id != survey_id)
        return survey_err(e, SV_NOT_FOUND, "conflict");
    if (strcmp(k.status, "open") != 0)
        return survey_err(e, SV_CONFLICT_SETTLED, NULL);
    int64_t actor = ctx_actor(c);
    if (!db_exec(c->db,
                 "UPDATE survey_conflict SET status = ?, settled_by = ?, settled_at = ? WHERE id = ? AND status = 'open'",
                 DB_T(replace ? "replaced" : "kept"), actor ? DB_I(actor) : DB_NULL, DB_I(c->now), DB_I(conflict_id)))
        return survey_err_db(e, c->db);
    if (db_changes(c->db) != 1)
        return survey_err(e, SV_CONFLICT_SETTLED, NULL);
    if (replace) {
        /* the queued answer takes the response's place; a paper one is keyed
         * once so far and awaits a second person's check */
        bool paper = strcmp(k.channel, "paper") == 0;
        if (!db_exec(c->db,
                     "UPDATE survey_response SET channel = ?, status = ?, answers = ?, entered_by = ?, checked_by = NULL, "
                     "updated_at = ? WHERE id = ?",
                     DB_T(k.channel), DB_T(paper ? "entered" : "submitted"), DB_T(k.answers),
                     k.submitted_by ? DB_I(k.submitted_by) : DB_NULL, DB_I(c->now), DB_I(k.response_id)))
            return survey_err_db(e, c->db);
    }
    return audit_append(c->db, actor, "survey_conflict", conflict_id, replace ? "replace" : "keep", NULL,
                        arena_printf(c->arena, "{\"survey_id\":%lld,\"response_id\":%lld,\"channel\":%j}",
                                     (long long)survey_id, (long long)k.response_id, k.channel)) ||
           survey_err_db(e, c->db);
}

bool survey_replace(const Ctx *c, int64_t survey_id, int64_t household_id, const char *reason, int64_t *replacement,
                    SurveyErr *e)
{
    *replacement = 0;
    Survey s;
    if (!survey_get(c, survey_id, &s, e) || !survey_may_manage(c, &s, e))
        return false;
    if (!reason || (strcmp(reason, "refused") != 0 && strcmp(reason, "absent") != 0 && strcmp(reason, "moved") != 0))
        return survey_err(e, SV_BAD_REASON, "reason");
    if (strcmp(s.status, "closed") == 0)
        return survey_err(e, SV_ALREADY_CLOSED, NULL);
    if (!s.seed || !s.seed[0])
        return survey_err(e, SV_NOT_SAMPLE, NULL);
    const char *stratum = NULL, *state = NULL;
    DbStmt *st = db_query(c->db, "SELECT stratum, state FROM survey_household WHERE survey_id = ? AND household_id = ?",
                          DB_I(survey_id), DB_I(household_id));
    if (db_step(st) == DB_ROW) {
        stratum = dup_col(c, st, 0);
        state = dup_col(c, st, 1);
    }
    if (!db_done(st))
        return survey_err_db(e, c->db);
    if (!stratum)
        return survey_err(e, SV_NOT_SENT, "household_id");
    if (strcmp(state, "replaced") == 0)
        return survey_err(e, SV_ALREADY_REPLACED, "household_id");
    int64_t rid;
    const char *ch, *rs;
    if (!survey_response_of(c, survey_id, household_id, &rid, &ch, &rs, NULL, e))
        return false;
    if (rid)
        return survey_err(e, SV_ALREADY_ANSWERED, "household_id");
    /* the stratum's households in the draw's order, the first not sent yet */
    HouseholdList hl;
    if (grid_households_in(c, s.node_path, &hl) != GRID_OK)
        return survey_err(e, SV_INTERNAL, NULL);
    LocalTime lt;
    int year = clock_local(c->now, &lt) ? lt.year : 2000;
    char best[65] = "";
    int64_t best_id = 0;
    int best_by = 0;
    for (int i = 0; i < hl.n; i++) {
        const char *k = survey_stratum(c->arena, hl.items[i].head_birth_year, hl.items[i].head_residency, year);
        if (strcmp(k, stratum) != 0)
            continue;
        int64_t sent = 0;
        if (!db_int(c->db, &sent, "SELECT COUNT(*) FROM survey_household WHERE survey_id = ? AND household_id = ?",
                    DB_I(survey_id), DB_I(hl.items[i].node_id)))
            return survey_err_db(e, c->db);
        if (sent)
            continue;
        char key[65];
        survey_draw_key(s.seed, hl.items[i].node_id, key);
        int cmp = best_id ? strcmp(key, best) : -1;
        if (cmp < 0 || (cmp == 0 && hl.items[i].node_id < best_id)) {
            memcpy(best, key, sizeof best);
            best_id = hl.items[i].node_id;
            best_by = hl.items[i].head_birth_year;
        }
    }
    if (!db_exec(c->db, "UPDATE survey_household SET state = 'replaced' WHERE survey_id = ? AND household_id = ?",
                 DB_I(survey_id), DB_I(household_id)))
        return survey_err_db(e, c->db);
    if (best_id) {
        int64_t rank = 0;
        if (!db_int(c->db, &rank,
                    "SELECT COALESCE(MAX(draw_rank), 0) + 1 FROM survey_household WHERE survey_id = ? AND stratum = ?",
                    DB_I(survey_id), DB_T(stratum)))
            return survey_err_db(e, c->db);
        if (!db_exec(c->db,
                     "INSERT INTO survey_household (survey_id, household_id, stratum, age_band, draw_rank, token) "
                     "VALUES (?, ?, ?, ?, ?, ?)",
                     DB_I(survey_id), DB_I(best_id), DB_T(stratum), DB_T(survey_age_band(best_by, year)), DB_I(rank),
                     DB_T(survey_new_token(c))))
            return survey_err_db(e, c->db);
    }
    int64_t log_id = 0;
    if (!db_int(c->db, &log_id,
                "INSERT INTO survey_replacement (survey_id, household_id, reason, stratum, replaced_by, created_by, "
                "created_at) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id",
                DB_I(survey_id), DB_I(household_id), DB_T(reason), DB_T(stratum), best_id ? DB_I(best_id) : DB_NULL,
                ctx_actor(c) ? DB_I(ctx_actor(c)) : DB_NULL, DB_I(c->now)))
        return survey_err_db(e, c->db);
    *replacement = best_id;
    return audit_append(c->db, ctx_actor(c), "survey_replacement", log_id, "replace", NULL,
                        arena_printf(c->arena, "{\"survey_id\":%lld,\"reason\":%j,\"stratum\":%j,\"replaced_by\":%lld}",
                                     (long long)survey_id, reason, stratum, (long long)best_id)) ||
           survey_err_db(e, c->db);
}

bool survey_replacements(const Ctx *c, int64_t survey_id, int64_t after, int limit, SurveyReplacement **out, int *n,
                         int64_t *next, SurveyErr *e)
{
    *n = 0;
    *next = 0;
    *out = arena_alloc(c->arena, sizeof **out * (size_t)(limit + 1));
    DbStmt *st = db_query(c->db, SURVEY_REPLACEMENTS_PAGE, DB_I(survey_id), DB_I(after), DB_I(limit + 1));
    while (db_step(st) == DB_ROW) {
        if (*n == limit) {
            *next = (*out)[limit - 1].id;
            break;
        }
        SurveyReplacement *r = &(*out)[(*n)++];
        r->id = db_col_int(st, 0);
        r->household_id = db_col_int(st, 1);
        r->reason = dup_col(c, st, 2);
        r->stratum = dup_col(c, st, 3);
        r->replaced_by = db_col_int(st, 4);
        r->created_at = db_col_int(st, 5);
    }
    if (!db_done(st))
        return survey_err_db(e, c->db);
    return true;
}
