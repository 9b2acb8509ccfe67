/* lists.c: the keyset pages of the vote capability's lists (votes, notices,
 * meetings, a vote's ballots), over the statements of vote/list_sql.h. */
#include "vote/vote.h"
#include "vote/notice.h"
#include "vote/vote_int.h"

#include <string.h>

#include "auth/perm.h"
#include "grid/read.h"
#include "vote/list_sql.h"

/* Rows read per statement while a page of readable rows fills. */
#define BATCH 200

/* Opens one batch of (id, node, time) rows below (time, id). */
typedef DbStmt *(*BatchFn)(const Ctx *c, const void *env, int64_t time, int64_t id, int64_t limit);

/* The paths of the nodes a walk met, so a page of one compound's rows asks
 * the grid once. */
typedef struct PathCache {
    int n, next;
    int64_t ids[64];
    const char *paths[64];
} PathCache;

static bool path_of(const Ctx *c, PathCache *pc, int64_t node, const char **path)
{
    for (int i = 0; i < pc->n; i++)
        if (pc->ids[i] == node) {
            *path = pc->paths[i];
            return true;
        }
    GridRead g = grid_node_path(c, node, path);
    if (g == GRID_NOT_FOUND) {
        *path = NULL;
        return true;
    }
    if (g != GRID_OK)
        return false;
    int slot = pc->n < 64 ? pc->n++ : (pc->next++ % 64);
    pc->ids[slot] = node;
    pc->paths[slot] = *path;
    return true;
}

static bool related(const char *a, const char *b)
{
    return strncmp(a, b, strlen(b)) == 0 || strncmp(b, a, strlen(a)) == 0;
}

/* Walks the rows below (time, id) in order, keeping those of a place the
 * caller may read (any place when anyone: a public list, which then needs
 * near) and, with near, on it, inside it or above it; skips the
 * first skip of them, then puts up to want ids in ids (NULL: only counts).
 * *n: how many were kept. */
static bool walk(const Ctx *c, BatchFn open, const void *env, bool anyone, const char *near, int64_t time, int64_t id,
                 int64_t skip, int64_t want, int64_t *ids, int64_t *n)
{
    PathCache pc = {0};
    *n = 0;
    for (;;) {
        DbStmt *st = open(c, env, time, id, BATCH);
        int rows = 0;
        bool ok = true;
        while (ok && *n < want && db_step(st) == DB_ROW) {
            rows++;
            id = db_col_int(st, 0);
            time = db_col_int(st, 2);
            const char *path;
            if (!path_of(c, &pc, db_col_int(st, 1), &path)) {
                ok = false;
                break;
            }
            if (!path || (!anyone && !perm_allows(c->who, PERM_TREE_READ, path)) || (near && !related(path, near)))
                continue;
            if (skip > 0) {
                skip--;
                continue;
            }
            if (ids)
                ids[*n] = id;
            (*n)++;
        }
        if (!db_done(st) || !ok)
            return false;
        if (rows < BATCH || *n >= want)
            return true;
    }
}

/* One page and the capped total of a walk; cursor_sql reads the cursor's
 * time (*bad: after names no row). */
static bool page_of(const Ctx *c, BatchFn open, const void *env, bool anyone, const char *near, const VotePaging *pg,
                    int64_t cursor_time, int64_t **ids, int *n, VotePageInfo *info)
{
    int64_t total = 0, got = 0;
    if (!walk(c, open, env, anyone, near, INT64_MAX, INT64_MAX, 0, VOTE_LIST_COUNT_CAP + 1, NULL, &total))
        return false;
    info->capped = total > VOTE_LIST_COUNT_CAP;
    info->total = info->capped ? VOTE_LIST_COUNT_CAP : total;
    int64_t *v = arena_alloc(c->arena, sizeof *v * (size_t)(pg->per_page + 1));
    bool ok = pg->after ? walk(c, open, env, anyone, near, cursor_time, pg->after, 0, pg->per_page + 1, v, &got)
                        : walk(c, open, env, anyone, near, INT64_MAX, INT64_MAX, (pg->page - 1) * pg->per_page,
                               pg->per_page + 1, v, &got);
    if (!ok)
        return false;
    bool more = got > pg->per_page;
    *n = (int)(more ? pg->per_page : got);
    info->next = more && *n ? v[*n - 1] : 0;
    *ids = v;
    return true;
}

/* The cursor's time by sql (one id argument); *found false when none. */
static bool cursor_time(const Ctx *c, const char *sql_kind, int64_t after, int64_t *time, bool *found)
{
    *found = false;
    if (!after)
        return true;
    DbStmt *st = strcmp(sql_kind, "vote") == 0     ? db_query(c->db, VOTE_CURSOR, DB_I(after))
                 : strcmp(sql_kind, "notice") == 0 ? db_query(c->db, NOTICE_CURSOR, DB_I(after))
                 : strcmp(sql_kind, "decision") == 0 ? db_query(c->db, DECISION_CURSOR, DB_I(after))
                                                   : db_query(c->db, MEETING_CURSOR, DB_I(after));
    if (db_step(st) == DB_ROW) {
        *found = true;
        *time = db_col_int(st, 0);
    }
    return db_done(st);
}

/* ---- votes ---------------------------------------------------------------------- */

static DbStmt *vote_batch(const Ctx *c, const void *env, int64_t time, int64_t id, int64_t limit)
{
    const char *status = env;
    return status ? db_query(c->db, VOTE_BATCH_STATUS, DB_T(status), DB_I(time), DB_I(id), DB_I(limit))
                  : db_query(c->db, VOTE_BATCH, DB_I(time), DB_I(id), DB_I(limit));
}

bool vote_list_page(const Ctx *c, const char *status, const char *near, const VotePaging *pg, int64_t **ids, int *n,
                    VotePageInfo *info)
{
    int64_t t = 0;
    bool found = false;
    info->bad_cursor = false;
    if (!cursor_time(c, "vote", pg->after, &t, &found))
        return false;
    if (pg->after && !found) {
        info->bad_cursor = true;
        return true;
    }
    return page_of(c, vote_batch, status, false, near, pg, t, ids, n, info);
}

/* ---- notices -------------------------------------------------------------------- */

static DbStmt *notice_batch(const Ctx *c, const void *env, int64_t time, int64_t id, int64_t limit)
{
    const NoticeFilter *f = env;
#define FILTER_ARGS                                                                                   \
    DB_T(f->kind), DB_T(f->kind), DB_T(f->source_entity), DB_T(f->source_entity), DB_I(f->source_id), \
        DB_I(f->source_id), DB_I(limit)
    /* the narrowest filter's index drives the walk; the others are kept on it */
    if (f->source_entity && f->source_id)
        return db_query(c->db, NOTICE_BATCH_SOURCE, DB_T(f->source_entity), DB_I(f->source_id), DB_I(time), DB_I(id),
                        FILTER_ARGS);
    if (f->kind)
        return db_query(c->db, NOTICE_BATCH_KIND, DB_T(f->kind), DB_I(time), DB_I(id), FILTER_ARGS);
    return db_query(c->db, NOTICE_BATCH, DB_I(time), DB_I(id), FILTER_ARGS);
#undef FILTER_ARGS
}

bool notice_list_page(const Ctx *c, const NoticeFilter *f, const VotePaging *pg, int64_t **ids, int *n,
                      VotePageInfo *info)
{
    int64_t t = 0;
    bool found = false;
    info->bad_cursor = false;
    if (!cursor_time(c, "notice", pg->after, &t, &found))
        return false;
    if (pg->after && !found) {
        info->bad_cursor = true;
        return true;
    }
    return page_of(c, notice_batch, f, false, f->near, pg, t, ids, n, info);
}

/* ---- meetings ------------------------------------------------------------------- */

static DbStmt *meeting_batch(const Ctx *c, const void *env, int64_t time, int64_t id, int64_t limit)
{
    (void)env;
    return db_query(c->db, MEETING_BATCH, DB_I(time), DB_I(id), DB_I(limit));
}

bool vote_meeting_list_page(const Ctx *c, const char *near, const VotePaging *pg, int64_t **ids, int *n,
                            VotePageInfo *info)
{
    int64_t t = 0;
    bool found = false;
    info->bad_cursor = false;
    if (!cursor_time(c, "meeting", pg->after, &t, &found))
        return false;
    if (pg->after && !found) {
        info->bad_cursor = true;
        return true;
    }
    return page_of(c, meeting_batch, NULL, false, near, pg, t, ids, n, info);
}

/* ---- decisions ------------------------------------------------------------------ */

static DbStmt *decision_batch(const Ctx *c, const void *env, int64_t time, int64_t id, int64_t limit)
{
    (void)env;
    return db_query(c->db, DECISION_BATCH, DB_I(time), DB_I(id), DB_I(limit));
}

bool vote_decision_list_page(const Ctx *c, const char *near, const VotePaging *pg, int64_t **ids, int *n,
                             VotePageInfo *info)
{
    int64_t t = 0;
    bool found = false;
    info->bad_cursor = false;
    if (!cursor_time(c, "decision", pg->after, &t, &found))
        return false;
    if (pg->after && !found) {
        info->bad_cursor = true;
        return true;
    }
    return page_of(c, decision_batch, NULL, false, near, pg, t, ids, n, info);
}

/* ---- ballots -------------------------------------------------------------------- */

/* Walks a vote's ballots after the id after, in id order, keeping those
 * with a household row (as the JOIN it replaces) that keep accepts; skips
 * the first skip kept, then puts up to want in out (NULL: only counts). */
static bool ballot_walk(const Ctx *c, int64_t vote_id, bool pending, int64_t after, int64_t skip, int64_t want,
                        bool (*keep)(const Ctx *c, const void *env, const VoteBallotLine *l), const void *env,
                        VoteBallotLine *out, int64_t *n)
{
    *n = 0;
    for (;;) {
        DbStmt *st = pending ? db_query(c->db, BALLOT_BATCH_PENDING, DB_I(vote_id), DB_I(after), DB_I(BATCH), DB_I(0))
                             : db_query(c->db, BALLOT_BATCH, DB_I(vote_id), DB_I(after), DB_I(BATCH), DB_I(0));
        VoteBallotLine *batch = arena_alloc(c->arena, sizeof *batch * BATCH);
        int rows = 0;
        while (db_step(st) == DB_ROW && rows < BATCH) {
            vote_ballot_line_from_row(c, st, &batch[rows++]);
        }
        if (!db_done(st))
            return false;
        for (int i = 0; i < rows && *n < want; i++) {
            VoteBallotLine *l = &batch[i];
            after = l->id;
            HouseholdInfo h;
            GridRead g = grid_household_get(c, l->household_id, &h);
            if (g == GRID_NOT_FOUND)
                continue;
            if (g != GRID_OK)
                return false;
            l->address = h.address;
            l->household_path = h.path;
            if (keep && !keep(c, env, l))
                continue;
            if (skip > 0) {
                skip--;
                continue;
            }
            if (out)
                out[*n] = *l;
            (*n)++;
        }
        if (rows < BATCH || *n >= want)
            return true;
    }
}

bool vote_ballot_page(const Ctx *c, int64_t vote_id, bool pending_only, const VotePaging *pg,
                      bool (*keep)(const Ctx *c, const void *env, const VoteBallotLine *l), const void *env,
                      VoteBallotLine **out, int *n, VotePageInfo *info)
{
    int64_t total = 0, got = 0;
    info->bad_cursor = false;
    /* everyone's ballots are counted on the index; a narrower reader's by a walk */
    bool ok = keep ? ballot_walk(c, vote_id, pending_only, 0, 0, VOTE_LIST_COUNT_CAP + 1, keep, env, NULL, &total)
          : pending_only ? db_int(c->db, &total, BALLOT_COUNT_PENDING, DB_I(vote_id), DB_I(VOTE_LIST_COUNT_CAP + 1))
                         : db_int(c->db, &total, BALLOT_COUNT, DB_I(vote_id), DB_I(VOTE_LIST_COUNT_CAP + 1));
    if (!ok)
        return false;
    info->capped = total > VOTE_LIST_COUNT_CAP;
    info->total = info->capped ? VOTE_LIST_COUNT_CAP : total;
    VoteBallotLine *v = arena_alloc(c->arena, sizeof *v * (size_t)(pg->per_page + 1));
    if (!ballot_walk(c, vote_id, pending_only, pg->after, pg->after ? 0 : (pg->page - 1) * pg->per_page,
                     pg->per_page + 1, keep, env, v, &got))
        return false;
    bool more = got > pg->per_page;
    *n = (int)(more ? pg->per_page : got);
    info->next = more && *n ? v[*n - 1].id : 0;
    *out = v;
    return true;
}

/* ---- public lists: anyone, near a place --------------------------------------- */

bool notice_public_page(const Ctx *c, const char *near, const VotePaging *pg, int64_t **ids, int *n, VotePageInfo *info)
{
    static const NoticeFilter none = {NULL, NULL, 0, NULL};
    int64_t t = 0;
    bool found = false;
    info->bad_cursor = false;
    if (!cursor_time(c, "notice", pg->after, &t, &found))
        return false;
    if (pg->after && !found) {
        info->bad_cursor = true;
        return true;
    }
    return page_of(c, notice_batch, &none, true, near, pg, t, ids, n, info);
}

bool vote_decision_public_page(const Ctx *c, const char *near, const VotePaging *pg, int64_t **ids, int *n,
                               VotePageInfo *info)
{
    int64_t t = 0;
    bool found = false;
    info->bad_cursor = false;
    if (!cursor_time(c, "decision", pg->after, &t, &found))
        return false;
    if (pg->after && !found) {
        info->bad_cursor = true;
        return true;
    }
    return page_of(c, decision_batch, NULL, true, near, pg, t, ids, n, info);
}
