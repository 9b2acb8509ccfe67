/* todo.c: what waits for the principal among the projects, for the inbox
 * (account/): overdue defects of the projects they inspect, and sign-offs
 * of the items they represent that they have not signed yet. */
#include "project/project.h"
#include "project/list_sql.h"

#include <stdio.h>

bool project_todo(const Ctx *c, TodoList *out, bool *capped)
{
    *capped = false;
    if (!c->who)
        return true;
    enum { MAX = 200 };
    int64_t pids[MAX], due[MAX];
    const char *desc[MAX];
    int n = 0, rc;
    DbStmt *st = db_query(c->db, PROJECT_OVERDUE, DB_I(c->now));
    if (!st)
        return false;
    while ((rc = db_step(st)) == DB_ROW && n < MAX) {
        pids[n] = db_col_int(st, 1);
        due[n] = db_col_int(st, 2);
        desc[n] = arena_strdup(c->arena, db_col_text(st, 4));
        n++;
    }
    if (!db_done(st) || rc == DB_ERROR)
        return false;
    int added = 0;
    for (int i = 0; i < n; i++) {
        Project p;
        ProjectErr e;
        if (!project_get(c, pids[i], &p, &e))
            return false;
        if (!project_may_inspect(c, &p))
            continue;
        if (added == TODO_KIND_MAX) {
            *capped = true;
            break;
        }
        char link[64];
        snprintf(link, sizeof link, "/projects/%lld", (long long)p.id);
        todo_add(out, "project_defect_overdue", arena_printf(c->arena, "整改逾期：%s", desc[i]), link, due[i], due[i],
                 TODO_OVERDUE);
        added++;
    }
    st = db_query(c->db, PROJECT_TODO_SIGNOFFS, DB_I(c->who->user_id));
    if (!st)
        return false;
    int k = 0;
    while ((rc = db_step(st)) == DB_ROW) {
        if (k++ == TODO_KIND_MAX) {
            *capped = true;
            break;
        }
        char link[64];
        snprintf(link, sizeof link, "/projects/%lld", (long long)db_col_int(st, 1));
        todo_add(out, "project_signoff", arena_printf(c->arena, "待我签字：%s", db_col_text(st, 2)), link, 0,
                 db_col_int(st, 3), TODO_NORMAL);
    }
    return db_done(st) && rc != DB_ERROR;
}
