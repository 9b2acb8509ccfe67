/* read.c: the read functions other capabilities use instead of SQL on the
 * vote capability's tables (docs/ARCHITECTURE.md "Reading another
 * capability"): a meeting and the meetings of a work order, a vote in brief,
 * and whether a vote passed for a place. They answer in the caller's
 * transaction, return strings in the caller's arena and never ask the
 * caller's permission (that is vote_may_read's question, asked first). */
#include "vote/vote.h"

#include <string.h>

#include "grid/grid.h"

static int64_t col_int0(DbStmt *st, int c)
{
    return db_col_null(st, c) ? 0 : db_col_int(st, c);
}

/* The columns every meeting read selects, in this order. */
#define MEETING_COLS "id, node_id, kind, title, starts_at, status, work_order_id"

static bool meeting_from_row(Arena *a, DbStmt *st, VoteMeeting *m)
{
    m->id = db_col_int(st, 0);
    m->node_id = db_col_int(st, 1);
    m->kind = arena_strdup(a, db_col_text(st, 2));
    m->title = arena_strdup(a, db_col_text(st, 3));
    m->starts_at = db_col_int(st, 4);
    m->status = arena_strdup(a, db_col_text(st, 5));
    m->work_order_id = col_int0(st, 6);
    return m->kind && m->title && m->status;
}

bool vote_meeting_get(const Ctx *c, int64_t id, VoteMeeting *out, bool *found)
{
    *found = false;
    memset(out, 0, sizeof *out);
    DbStmt *st = db_query(c->db, "SELECT " MEETING_COLS " FROM meeting WHERE id = ?", DB_I(id));
    bool ok = true;
    if (db_step(st) == DB_ROW) {
        ok = meeting_from_row(c->arena, st, out);
        *found = ok;
    }
    return db_done(st) && ok;
}

/* Reads up to limit meetings of a statement into the arena. */
static bool meetings_collect(Arena *a, DbStmt *st, int limit, VoteMeeting **out, int *n)
{
    VoteMeeting *list = arena_alloc(a, sizeof *list * (size_t)(limit > 0 ? limit : 1));
    int k = 0;
    bool ok = list != NULL;
    while (ok && k < limit && db_step(st) == DB_ROW)
        ok = meeting_from_row(a, st, &list[k++]);
    *out = list;
    *n = k;
    return db_done(st) && ok;
}

bool vote_meetings_of_order(const Ctx *c, int64_t order_id, VoteMeeting **out, int *n)
{
    DbStmt *st = db_query(c->db, "SELECT " MEETING_COLS " FROM meeting WHERE work_order_id = ? ORDER BY id LIMIT ?",
                          DB_I(order_id), DB_I(VOTE_MEETINGS_MAX));
    return meetings_collect(c->arena, st, VOTE_MEETINGS_MAX, out, n);
}

bool vote_meetings_linked(const Ctx *c, int64_t after_id, int limit, VoteMeeting **out, int *n)
{
    if (limit <= 0 || limit > VOTE_MEETINGS_MAX)
        limit = VOTE_MEETINGS_MAX;
    DbStmt *st = db_query(c->db,
                          "SELECT " MEETING_COLS " FROM meeting WHERE work_order_id IS NOT NULL AND id > ? "
                          "ORDER BY id LIMIT ?",
                          DB_I(after_id), DB_I(limit));
    return meetings_collect(c->arena, st, limit, out, n);
}

bool vote_brief(const Ctx *c, int64_t id, VoteBrief *out, bool *found)
{
    *found = false;
    memset(out, 0, sizeof *out);
    DbStmt *st = db_query(c->db,
                          "SELECT id, node_id, title, kind, matter, status, passed, closed_at, notice_id "
                          "FROM vote WHERE id = ?",
                          DB_I(id));
    bool ok = true;
    if (db_step(st) == DB_ROW) {
        out->id = db_col_int(st, 0);
        out->node_id = db_col_int(st, 1);
        out->title = arena_strdup(c->arena, db_col_text(st, 2));
        out->kind = arena_strdup(c->arena, db_col_text(st, 3));
        out->matter = (int)col_int0(st, 4);
        out->status = arena_strdup(c->arena, db_col_text(st, 5));
        out->passed = db_col_null(st, 6) ? -1 : (int)db_col_int(st, 6);
        out->closed_at = col_int0(st, 7);
        out->notice_id = col_int0(st, 8);
        ok = out->title && out->kind && out->status;
        *found = ok;
    }
    if (!db_done(st))
        return false;
    if (!*found)
        return ok;
    /* the scope node is the register's: its path through grid's read function
     * (a vote's node always exists, so a miss here is a storage failure) */
    NodeInfo node;
    if (!grid_node_get(c, out->node_id, &node))
        return false;
    out->node_path = node.path;
    return true;
}

bool vote_passed_for(const Ctx *c, int64_t vote_id, int matter, const char *node_path, bool *passed,
                     const char **why)
{
    *passed = false;
    *why = NULL;
    VoteBrief v;
    bool found;
    if (!vote_brief(c, vote_id, &v, &found))
        return false;
    *why = vote_passed_rule(found ? &v : NULL, matter, node_path);
    *passed = *why == NULL;
    return true;
}

const char *vote_passed_rule(const VoteBrief *v, int matter, const char *node_path)
{
    if (!v)
        return "找不到这次表决";
    if (strcmp(v->kind, "art278") != 0)
        return "这次表决不是《民法典》第二百七十八条的业主表决";
    if (v->matter != matter)
        return "这次表决的事项与所需事项不符";
    if (strcmp(v->status, "closed") != 0)
        return "这次表决尚未结束";
    if (v->passed != 1)
        return "这次表决未通过";
    /* the vote's scope covers the place: its path is a prefix of the place's */
    if (!node_path || !v->node_path || strncmp(node_path, v->node_path, strlen(v->node_path)) != 0)
        return "这次表决的范围不包括该处";
    return NULL;
}

bool vote_may_read(const Ctx *c, int64_t vote_id)
{
    VoteBrief v;
    bool found;
    return vote_brief(c, vote_id, &v, &found) && found && perm_allows(c->who, PERM_TREE_READ, v.node_path);
}
