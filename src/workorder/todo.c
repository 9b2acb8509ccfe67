/* todo.c: what waits for a principal among the work orders (wo_todo), for
 * the inbox: read through indexes only (workorder/todo_sql.h). */
#include <stdio.h>
#include <string.h>

#include "grid/grid.h"
#include "workorder/todo_sql.h"
#include "workorder/wo_int.h"

typedef struct Seen {
    int64_t *ids;
    int n, cap;
} Seen;

static bool seen_has(const Seen *s, int64_t id)
{
    for (int i = 0; i < s->n; i++)
        if (s->ids[i] == id)
            return true;
    return false;
}

static void seen_add(const Ctx *c, Seen *s, int64_t id)
{
    if (s->n == s->cap) {
        int cap = s->cap ? s->cap * 2 : 64;
        int64_t *grown = arena_alloc(c->arena, sizeof *grown * (size_t)cap);
        if (s->n)
            memcpy(grown, s->ids, sizeof *grown * (size_t)s->n);
        s->ids = grown;
        s->cap = cap;
    }
    s->ids[s->n++] = id;
}

/* One kind's pass: the rows of st as items of kind, skipping orders already
 * listed under it (several grants may reach one order). */
typedef struct Pass {
    const Ctx *c;
    TodoList *out;
    const char *kind;
    Seen seen;
    int n;
    bool capped;
    bool skip_own; /* the committee does not confirm its own report */
    const Seen *also; /* ids listed under another kind, left out of this one */
} Pass;

static bool take_rows(Pass *p, DbStmt *st)
{
    const Ctx *c = p->c;
    while (db_step(st) == DB_ROW) {
        int64_t id = db_col_int(st, 0);
        if (seen_has(&p->seen, id) || (p->also && seen_has(p->also, id)))
            continue;
        if (p->skip_own && c->who && db_col_int(st, 8) == c->who->user_id)
            continue;
        if (p->n >= TODO_KIND_MAX) {
            p->capped = true;
            continue;
        }
        seen_add(c, &p->seen, id);
        WoState state = WO_REPORTED;
        const char *state_zh = wo_state_parse(db_col_text(st, 1), &state) ? wo_state_label_zh(state) : "";
        int64_t created = db_col_int(st, 2);
        int64_t due = db_col_null(st, 3) ? 0 : db_col_int(st, 3);
        bool overdue = db_col_int(st, 4) != 0;
        if (strcmp(p->kind, "wo_rate") == 0) /* the reporter's window to confirm */
            due = db_col_int(st, 5) + db_col_int(st, 6) * 60;
        TodoUrgency u = overdue ? TODO_OVERDUE : todo_urgency(due, c->now);
        if (overdue && due > c->now) /* a passed deadline, not the next one, made it late: no date to show */
            due = 0;
        char link[48];
        snprintf(link, sizeof link, "/workorders/%lld", (long long)id);
        /* the category and the state, never the description: free text may name people */
        const char *title = arena_printf(c->arena, "报事 #%lld %h（%h）", (long long)id, db_col_text(st, 7), state_zh);
        todo_add(p->out, p->kind, title, link, due, created, u);
        p->n++;
    }
    return db_done(st);
}

/* The minimal set of grant paths where the principal holds perm (or the
 * committee role, when perm is PERM__COUNT). */
static int scopes(const Ctx *c, Perm perm, const char **paths)
{
    int n = 0;
    for (int i = 0; i < c->who->n_grants && n < 64; i++) {
        const Grant *g = &c->who->grants[i];
        if (!g->node_path)
            continue;
        bool yes = perm == PERM__COUNT ? g->role == ROLE_COMMITTEE : perm_allows(c->who, perm, g->node_path);
        if (yes)
            paths[n++] = g->node_path;
    }
    return grid_prefixes_minimal(paths, n);
}

bool wo_todo(const Ctx *c, TodoList *out, bool *capped)
{
    if (capped)
        *capped = false;
    if (!c->who)
        return true;
    Db *db = c->db;
    const char *paths[64];
    char hi[512];
    int64_t lim = TODO_KIND_MAX + 1;

    Pass handle = {.c = c, .out = out, .kind = "wo_handle"};
    int n = scopes(c, PERM_WO_DISPATCH, paths);
    for (int i = 0; i < n; i++) {
        if (!grid_path_upper(paths[i], hi, sizeof hi))
            continue;
        if (!take_rows(&handle, db_query(db, WO_TODO_DISPATCH, DB_T(paths[i]), DB_T(hi), DB_I(lim))))
            return false;
    }
    int64_t org = perm_allows(c->who, PERM_WO_HANDLE, NULL) ? wo_user_org(c) : 0;
    if (org && !take_rows(&handle, db_query(db, WO_TODO_HANDLE, DB_I(org), DB_I(lim))))
        return false;

    /* what is late or about to be, beyond what is already listed to handle */
    Pass late = {.c = c, .out = out, .kind = "wo_late", .also = &handle.seen};
    for (int i = 0; i < n; i++) {
        if (!grid_path_upper(paths[i], hi, sizeof hi))
            continue;
        if (!take_rows(&late, db_query(db, WO_TODO_OVERDUE, DB_T(paths[i]), DB_T(hi), DB_I(lim))) ||
            !take_rows(&late, db_query(db, WO_TODO_SOON, DB_I(c->now), DB_I(c->now + 24 * 3600), DB_T(paths[i]),
                                       DB_T(hi), DB_I(lim))))
            return false;
    }

    Pass confirm = {.c = c, .out = out, .kind = "wo_confirm", .skip_own = true};
    int nc = scopes(c, PERM__COUNT, paths);
    for (int i = 0; i < nc; i++) {
        if (!grid_path_upper(paths[i], hi, sizeof hi))
            continue;
        if (!take_rows(&confirm, db_query(db, WO_TODO_COMMITTEE, DB_T(paths[i]), DB_T(hi), DB_I(lim))))
            return false;
    }

    Pass rate = {.c = c, .out = out, .kind = "wo_rate"};
    if (!take_rows(&rate, db_query(db, WO_TODO_RATE, DB_I(c->who->user_id), DB_I(lim))))
        return false;
    if (capped)
        *capped = handle.capped || late.capped || confirm.capped || rate.capped;
    return true;
}
