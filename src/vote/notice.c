/* notice.c: publishing public notices (公示) and corrections, and reading
 * them back. The rows are never updated (the migration's triggers refuse
 * it). A notice's place is the grid's: read through grid/read.h. */
#include "vote/notice.h"

#include <string.h>

#include "auth/audit.h"
#include "core/buf.h"
#include "core/clock.h"
#include "grid/grid.h"
#include "grid/read.h"

static const char *const notice_kinds[] = {"vote_result", "payment", "minutes", "convention",
                                           "decision",    "execution", "general"};

bool notice_kind_valid(const char *kind)
{
    if (!kind)
        return false;
    for (size_t i = 0; i < sizeof notice_kinds / sizeof notice_kinds[0]; i++)
        if (strcmp(kind, notice_kinds[i]) == 0)
            return true;
    return false;
}

int64_t notice_publish(Db *db, int64_t actor_id, int64_t node_id, const char *kind, const char *title,
                       const char *body, int period_days, int64_t corrects_id, const char *source_entity,
                       int64_t source_id)
{
    if (!db || node_id <= 0 || !notice_kind_valid(kind) || !title || !title[0] || !body)
        return 0;
    if (period_days <= 0)
        period_days = NOTICE_DEFAULT_PERIOD_DAYS;
    if (period_days > 365)
        return 0;
    int64_t exists = 0;
    Arena *a = arena_new();
    const char *path = NULL;
    Ctx c = {db, a, NULL, 0};
    bool placed = a && grid_node_path(&c, node_id, &path) == GRID_OK;
    if (a)
        arena_free(a);
    if (!placed)
        return 0;
    if (corrects_id > 0 &&
        (!db_int(db, &exists, "SELECT COUNT(*) FROM notice WHERE id = ?", DB_I(corrects_id)) || !exists))
        return 0;
    int64_t now = clock_now();
    DbStmt *st = db_query(db,
                          "INSERT INTO notice (node_id, kind, title, body, period_days, published_at, objection_until, "
                          "corrects_id, source_entity, source_id, published_by) "
                          "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                          DB_I(node_id), DB_T(kind), DB_T(title), DB_T(body), DB_I(period_days), DB_I(now),
                          DB_I(now + (int64_t)period_days * 86400), corrects_id > 0 ? DB_I(corrects_id) : DB_NULL,
                          source_entity ? DB_T(source_entity) : DB_NULL,
                          source_entity ? DB_I(source_id) : DB_NULL, actor_id > 0 ? DB_I(actor_id) : DB_NULL);
    int64_t id = 0;
    if (db_step(st) == DB_ROW)
        id = db_col_int(st, 0);
    if (!db_done(st) || id <= 0)
        return 0;
    Buf after = BUF_INIT;
    buf_printf(&after, "{\"node_id\":%lld,\"kind\":%j,\"title\":%j,\"period_days\":%d,\"corrects_id\":%lld}",
               (long long)node_id, kind, title, period_days, (long long)corrects_id);
    bool ok = audit_append(db, actor_id, "notice", id, "publish", NULL, buf_str(&after));
    buf_free(&after);
    return ok ? id : 0;
}

/* ---- reading ------------------------------------------------------------------ */

#define NOTICE_COLS                                                                                       \
    "SELECT t.id, t.node_id, t.kind, t.title, t.body, t.period_days, t.published_at, t.objection_until, " \
    "t.corrects_id, t.source_entity, t.source_id, (SELECT MIN(x.id) FROM notice x WHERE x.corrects_id = t.id), " \
    "(SELECT COUNT(*) FROM notice_objection o WHERE o.notice_id = t.id) FROM notice t "

static int64_t col0(DbStmt *st, int col)
{
    return db_col_null(st, col) ? 0 : db_col_int(st, col);
}

static void notice_from_row(Arena *a, DbStmt *st, Notice *t)
{
    memset(t, 0, sizeof *t);
    t->id = db_col_int(st, 0);
    t->node_id = db_col_int(st, 1);
    t->kind = arena_strdup(a, db_col_text(st, 2));
    t->title = arena_strdup(a, db_col_text(st, 3));
    t->body = arena_strdup(a, db_col_text(st, 4));
    t->period_days = (int)db_col_int(st, 5);
    t->published_at = db_col_int(st, 6);
    t->objection_until = db_col_int(st, 7);
    t->corrects_id = col0(st, 8);
    t->source_entity = arena_strdup(a, db_col_text(st, 9));
    t->source_id = col0(st, 10);
    t->corrected_by = col0(st, 11);
    t->objections = db_col_int(st, 12);
}

/* The places of a list's notices: few nodes carry notices (communities,
 * compounds), so each is read from the grid once per list. */
typedef struct PlaceCache {
    int n;
    NodeInfo nodes[32];
} PlaceCache;

static bool place_of(const Ctx *c, PlaceCache *pc, int64_t node_id, const NodeInfo **out)
{
    for (int i = 0; i < pc->n; i++)
        if (pc->nodes[i].id == node_id) {
            *out = &pc->nodes[i];
            return true;
        }
    NodeInfo *slot = pc->n < (int)(sizeof pc->nodes / sizeof pc->nodes[0]) ? &pc->nodes[pc->n++]
                                                                         : arena_alloc(c->arena, sizeof *slot);
    if (grid_node_find(c, node_id, slot) != GRID_OK)
        return false;
    *out = slot;
    return true;
}

bool notice_get(const Ctx *c, int64_t id, Notice *out, bool *found)
{
    *found = false;
    DbStmt *st = db_query(c->db, NOTICE_COLS "WHERE t.id = ?", DB_I(id));
    if (db_step(st) == DB_ROW) {
        notice_from_row(c->arena, st, out);
        *found = true;
    }
    if (!db_done(st))
        return false;
    if (!*found)
        return true;
    NodeInfo n;
    if (grid_node_find(c, out->node_id, &n) != GRID_OK)
        return false;
    out->node_path = n.path;
    out->node_name = n.name;
    return true;
}

bool notice_list(const Ctx *c, const NoticeFilter *f, int64_t offset, int64_t limit, Notice **items, int *n,
                 int64_t *total)
{
    static const NoticeFilter none = {NULL, NULL, 0, NULL};
    if (!f)
        f = &none;
    *items = NULL;
    *n = 0;
    *total = 0;
    DbStmt *st = db_query(c->db,
                          NOTICE_COLS "WHERE (t.kind = ? OR CAST(? AS TEXT) IS NULL) "
                                      "AND (t.source_entity = ? OR CAST(? AS TEXT) IS NULL) "
                                      "AND (t.source_id = ? OR ? = 0) ORDER BY t.published_at DESC, t.id DESC",
                          f->kind ? DB_T(f->kind) : DB_NULL, f->kind ? DB_T(f->kind) : DB_NULL,
                          f->source_entity ? DB_T(f->source_entity) : DB_NULL,
                          f->source_entity ? DB_T(f->source_entity) : DB_NULL, DB_I(f->source_id), DB_I(f->source_id));
    PlaceCache *pc = arena_alloc(c->arena, sizeof *pc);
    pc->n = 0;
    int cap = 0;
    bool ok = true;
    while (ok && db_step(st) == DB_ROW) {
        const NodeInfo *place;
        if (!place_of(c, pc, db_col_int(st, 1), &place)) {
            ok = false;
            break;
        }
        if (!perm_allows(c->who, PERM_TREE_READ, place->path))
            continue;
        if (f->near && !grid_in_scope(place->path, f->near) && !grid_in_scope(f->near, place->path))
            continue;
        int64_t k = (*total)++;
        if (k < offset || (limit > 0 && k >= offset + limit))
            continue;
        if (*n == cap) {
            int ncap = cap ? cap * 2 : 32;
            Notice *bigger = arena_alloc(c->arena, sizeof *bigger * (size_t)ncap);
            if (*n)
                memcpy(bigger, *items, sizeof *bigger * (size_t)*n);
            *items = bigger;
            cap = ncap;
        }
        Notice *t = &(*items)[(*n)++];
        notice_from_row(c->arena, st, t);
        t->node_path = place->path;
        t->node_name = place->name;
    }
    return db_done(st) && ok;
}
