/* todo.c: what waits for a principal among the votes (vote_todo), for the
 * inbox: ballots to cast, paper ballots to confirm, votes to close, and
 * meetings' minutes to confirm and publish. */
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "vote/vote_int.h"
#include "vote/delib_int.h"

/* Open votes looked at, at most: an open vote lasts days and a community
 * holds a few at a time. */
#define VOTE_TODO_SCAN 200

static void add(const Ctx *c, TodoList *out, int *n, bool *capped, const char *kind, const char *title,
                const VoteRow *v, int64_t due, TodoUrgency u)
{
    if (*n >= TODO_KIND_MAX) {
        *capped = true;
        return;
    }
    char link[48];
    snprintf(link, sizeof link, "/votes/%lld", (long long)v->id);
    todo_add(out, kind, title, link, due, v->opens_at ? v->opens_at : v->created_at, u);
    (*n)++;
    (void)c;
}

/* Held meetings looked at, at most: a community holds a few a month. */
#define MINUTES_TODO_SCAN 200

/* Minutes written after a meeting wait for someone who runs meetings there
 * to confirm and publish them (公示): until then nobody outside reads them. */
static bool minutes_todo(const Ctx *c, TodoList *out, bool *cap)
{
    if (!perm_allows(c->who, PERM_DELIB_MANAGE, NULL))
        return true;
    typedef struct {
        int64_t id, node_id, starts_at, updated_at;
        const char *title, *node_name, *node_path;
    } Held;
    Held *rows = arena_alloc(c->arena, sizeof *rows * MINUTES_TODO_SCAN);
    int n = 0;
    DbStmt *st = db_query(c->db, VOTE_TODO_MINUTES, DB_I(MINUTES_TODO_SCAN));
    while (db_step(st) == DB_ROW) {
        rows[n].id = db_col_int(st, 0);
        rows[n].node_id = db_col_int(st, 1);
        rows[n].title = arena_strdup(c->arena, db_col_text(st, 2));
        rows[n].starts_at = db_col_int(st, 3);
        rows[n].updated_at = db_col_int(st, 4);
        n++;
    }
    if (!db_done(st))
        return false;
    VoteErr e;
    if (!PLACES_FILL(c, n, rows, Held, &e))
        return false;
    int k = 0;
    for (int i = 0; i < n; i++) {
        if (!rows[i].node_path || !delib_may_manage(c->who, rows[i].node_path))
            continue;
        if (k >= TODO_KIND_MAX) {
            *cap = true;
            break;
        }
        char link[48];
        snprintf(link, sizeof link, "/meetings/%lld", (long long)rows[i].id);
        todo_add(out, "minutes_confirm", arena_printf(c->arena, "会议纪要待确认发布：%s", rows[i].title), link, 0,
                 rows[i].updated_at, TODO_NORMAL);
        k++;
    }
    return true;
}

bool vote_todo(const Ctx *c, TodoList *out, bool *capped)
{
    bool cap = false;
    if (capped)
        *capped = false;
    if (!c->who)
        return true;
    int64_t ids[VOTE_TODO_SCAN];
    int n_ids = 0;
    DbStmt *st = db_query(c->db, VOTE_TODO_OPEN, DB_I(VOTE_TODO_SCAN));
    while (db_step(st) == DB_ROW)
        ids[n_ids++] = db_col_int(st, 0);
    if (!db_done(st))
        return false;
    bool caster = perm_allows(c->who, PERM_VOTE_CAST, NULL);
    int n_cast = 0, n_paper = 0, n_close = 0;
    for (int i = 0; i < n_ids; i++) {
        VoteRow v;
        if (!vote_load(c->db, c->arena, ids[i], &v))
            return false;
        if (perm_allows(c->who, PERM_DELIB_MANAGE, v.node_path) && v.closes_at && v.closes_at <= c->now)
            add(c, out, &n_close, &cap, "vote_close", arena_printf(c->arena, "表决已到截止时间，待结束计票：%h", v.title),
                &v, v.closes_at, TODO_OVERDUE);
        if (perm_allows(c->who, PERM_PAPER_BALLOT, v.node_path)) {
            int64_t counted = 0, pending = 0;
            if (!vote_ballot_counts(c, v.id, &counted, &pending))
                return false;
            if (pending > 0)
                add(c, out, &n_paper, &cap, "vote_paper",
                    arena_printf(c->arena, "%lld 张纸质或委托票待确认：%h", (long long)pending, v.title), &v, v.closes_at,
                    todo_urgency(v.closes_at, c->now));
        }
        if (!caster || (v.closes_at && v.closes_at <= c->now))
            continue;
        Voter voter;
        bool found = false;
        if (!vote_voter_for_user(c->db, c->arena, &v, c->who->user_id, &voter, &found))
            return false;
        if (!found)
            continue;
        VoteBallot b;
        bool cast = false;
        if (!vote_ballot_of(c, v.id, voter.key, &b, &cast))
            return false;
        if (!cast)
            add(c, out, &n_cast, &cap, "vote_cast", arena_printf(c->arena, "请参加表决：%h", v.title), &v, v.closes_at,
                todo_urgency(v.closes_at, c->now));
    }
    if (!minutes_todo(c, out, &cap))
        return false;
    if (capped)
        *capped = cap;
    return true;
}
