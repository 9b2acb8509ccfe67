/* model.c (notify): the only writer of notify_event. */
#include "notify/notify.h"

#include <string.h>

#include "core/log.h"
#include "notify/list_sql.h"

static bool bounded(const char *s, size_t max)
{
    return s && *s && strlen(s) <= max;
}

bool notify_event_valid(const NotifyEvent *e)
{
    if (!e || !bounded(e->type, 64) || !bounded(e->entity, 64) || !bounded(e->title, NOTIFY_TITLE_MAX) ||
        !bounded(e->link, NOTIFY_LINK_MAX) || !bounded(e->node_path, 512))
        return false;
    if (e->body && strlen(e->body) > NOTIFY_BODY_MAX)
        return false;
    if (e->data && (strlen(e->data) > NOTIFY_DATA_MAX || e->data[0] != '{'))
        return false;
    const char *dot = strchr(e->type, '.');
    if (!dot || dot == e->type || !dot[1])
        return false;
    for (const char *p = e->type; *p; p++)
        if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '_' || *p == '.'))
            return false;
    size_t n = strlen(e->node_path);
    return e->link[0] == '/' && e->node_path[0] == '/' && e->node_path[n - 1] == '/' && e->user_id >= 0;
}

bool notify_emit(const Ctx *c, const NotifyEvent *e, int64_t *id_out)
{
    if (!notify_event_valid(e)) {
        log_warn("notify: malformed event %s", e && e->type ? e->type : "(null)");
        return false;
    }
    int64_t actor = ctx_actor(c);
    DbStmt *st = db_query(c->db,
                          "INSERT INTO notify_event (type, entity, entity_id, node_path, urgent, user_id, title, body, "
                          "link, created_by, created_at, data) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                          DB_T(e->type), DB_T(e->entity), DB_I(e->entity_id), DB_T(e->node_path),
                          DB_I(e->urgent ? 1 : 0), e->user_id ? DB_I(e->user_id) : DB_NULL, DB_T(e->title),
                          DB_T(e->body ? e->body : ""), DB_T(e->link), actor ? DB_I(actor) : DB_NULL, DB_I(c->now),
                          DB_T(e->data ? e->data : "{}"));
    int64_t id = 0;
    if (db_step(st) == DB_ROW)
        id = db_col_int(st, 0);
    if (!db_done(st) || id == 0)
        return false;
    if (id_out)
        *id_out = id;
    return true;
}

static int read_rows(DbStmt *st, Arena *a, NotifyRow *rows, int max)
{
    int n = 0;
    while (n < max && db_step(st) == DB_ROW) {
        NotifyRow *r = &rows[n++];
        r->id = db_col_int(st, 0);
        r->type = arena_strdup(a, db_col_text(st, 1));
        r->entity = arena_strdup(a, db_col_text(st, 2));
        r->entity_id = db_col_int(st, 3);
        r->node_path = arena_strdup(a, db_col_text(st, 4));
        r->urgent = db_col_int(st, 5) != 0;
        r->user_id = db_col_null(st, 6) ? 0 : db_col_int(st, 6);
        r->title = arena_strdup(a, db_col_text(st, 7));
        r->body = arena_strdup(a, db_col_text(st, 8));
        r->link = arena_strdup(a, db_col_text(st, 9));
        r->created_by = db_col_null(st, 10) ? 0 : db_col_int(st, 10);
        r->created_at = db_col_int(st, 11);
        r->data = arena_strdup(a, db_col_text(st, 12));
    }
    if (!db_done(st))
        return -1;
    return n;
}

int notify_events_after(const Ctx *c, int64_t after, NotifyRow *rows, int max)
{
    DbStmt *st = db_query(c->db, EVENT_COLS "WHERE id > ? ORDER BY id LIMIT ?", DB_I(after), DB_I(max));
    return read_rows(st, c->arena, rows, max);
}

int notify_events_of(const Ctx *c, const char *entity, int64_t after, NotifyRow *rows, int max)
{
    DbStmt *st = db_query(c->db, NOTIFY_SQL_EVENTS_OF, DB_T(entity),
                          DB_I(after), DB_I(max));
    return read_rows(st, c->arena, rows, max);
}
