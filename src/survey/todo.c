/* todo.c: what waits for a principal among the surveys (survey_todo), for
 * the inbox: open surveys sent to their household and not answered yet
 * (survey_answer), and paper forms someone else keyed that they may check
 * (survey_check). */
#include <stdio.h>
#include <string.h>

#include "survey/survey.h"
#include "survey/survey_int.h"

static bool answer_items(const Ctx *c, TodoList *out, bool *capped)
{
    int listed = 0;
    for (int g = 0; g < c->who->n_grants; g++) {
        if (c->who->grants[g].role != ROLE_RESIDENT)
            continue;
        int64_t hh = c->who->grants[g].node_id;
        int64_t ids[TODO_KIND_MAX];
        const char *tokens[TODO_KIND_MAX];
        int n = 0;
        DbStmt *st = db_query(c->db, SURVEY_TODO_SENT, DB_I(hh));
        while (db_step(st) == DB_ROW)
            if (n < TODO_KIND_MAX) {
                ids[n] = db_col_int(st, 0);
                tokens[n++] = arena_strdup(c->arena, db_col_text(st, 1));
            }
        if (!db_done(st))
            return false;
        for (int i = 0; i < n; i++) {
            Survey s;
            SurveyErr e;
            if (!survey_get(c, ids[i], &s, &e))
                return false;
            if (strcmp(s.status, "open") != 0)
                continue;
            int64_t rid;
            const char *channel, *status;
            if (!survey_response_of(c, s.id, hh, &rid, &channel, &status, NULL, &e))
                return false;
            if (rid)
                continue;
            if (listed == TODO_KIND_MAX) {
                *capped = true;
                return true;
            }
            todo_add(out, "survey_answer", arena_printf(c->arena, "问卷：%s", s.title),
                     arena_printf(c->arena, "/s/%s", tokens[i]), 0, s.opened_at, TODO_NORMAL);
            listed++;
        }
    }
    return true;
}

static bool check_items(const Ctx *c, TodoList *out, bool *capped)
{
    if (!perm_allows(c->who, PERM_SURVEY_ENTER, NULL))
        return true;
    enum { SCAN = 200 };
    int64_t ids[SCAN];
    int n = 0;
    DbStmt *st = db_query(c->db, SURVEY_TODO_ENTERED, DB_I(SCAN));
    while (db_step(st) == DB_ROW)
        ids[n++] = db_col_int(st, 0);
    if (!db_done(st))
        return false;
    int listed = 0;
    for (int i = 0; i < n; i++) {
        int64_t sid = 0, by = 0, at = 0;
        st = db_query(c->db, "SELECT survey_id, COALESCE(entered_by, 0), updated_at FROM survey_response WHERE id = ?",
                      DB_I(ids[i]));
        if (db_step(st) == DB_ROW) {
            sid = db_col_int(st, 0);
            by = db_col_int(st, 1);
            at = db_col_int(st, 2);
        }
        if (!db_done(st))
            return false;
        if (!sid || by == c->who->user_id)
            continue;
        Survey s;
        SurveyErr e;
        if (!survey_get(c, sid, &s, &e))
            return false;
        if (!perm_allows(c->who, PERM_SURVEY_ENTER, s.node_path) || strcmp(s.status, "open") != 0)
            continue;
        if (listed == TODO_KIND_MAX) {
            *capped = true;
            break;
        }
        todo_add(out, "survey_check", arena_printf(c->arena, "复核纸质问卷 #%lld · %s", (long long)ids[i], s.title),
                 arena_printf(c->arena, "/surveys/%lld/responses/%lld/check", (long long)sid, (long long)ids[i]), 0, at,
                 TODO_NORMAL);
        listed++;
    }
    return true;
}

bool survey_todo(const Ctx *c, TodoList *out, bool *capped)
{
    bool a = false, b = false;
    if (capped)
        *capped = false;
    if (!c->who)
        return true;
    if (!answer_items(c, out, &a) || !check_items(c, out, &b))
        return false;
    if (capped)
        *capped = a || b;
    return true;
}
