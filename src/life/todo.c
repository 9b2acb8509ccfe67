/* todo.c: what waits for a principal in community life (life_todo), for the
 * inbox: their next shift of a published rota, and the events whose waiting
 * list moved them up to a seat (so they know to come). */
#include <string.h>

#include "life/life_int.h"

bool life_todo(const Ctx *c, TodoList *out, bool *capped)
{
    if (capped)
        *capped = false;
    if (!c->who)
        return true;
    LifeAssignment a;
    bool found = false;
    LifeErr e;
    if (!life_next_shift(c, c->who->user_id, &a, &found, &e))
        return false;
    if (found) {
        LifeDuty d;
        if (!life_duty_get(c, a.duty_id, &d, &e))
            return false;
        todo_add(out, "life_shift", arena_printf(c->arena, "我的下一个班次：%s", d.name),
                 arena_printf(c->arena, "/life/rotas/%lld", (long long)d.id), a.starts_at, a.starts_at,
                 todo_urgency(a.starts_at, c->now));
    }
    DbStmt *st = db_query(c->db,
                          "SELECT e.id, e.title, e.starts_at, b.promoted_at FROM life_booking b "
                          "JOIN life_event e ON e.id = b.event_id WHERE b.user_id = ? AND b.status = 'confirmed' "
                          "AND b.promoted_at IS NOT NULL AND b.checked_in_at IS NULL AND e.starts_at > ? "
                          "ORDER BY b.user_id, b.id DESC LIMIT ?",
                          DB_I(c->who->user_id), DB_I(c->now), DB_I(TODO_KIND_MAX + 1));
    int n = 0;
    while (db_step(st) == DB_ROW) {
        if (n++ == TODO_KIND_MAX) {
            if (capped)
                *capped = true;
            continue;
        }
        todo_add(out, "event_promoted", arena_printf(c->arena, "候补转正：%s", db_col_text(st, 1)),
                 arena_printf(c->arena, "/life/events/%lld", (long long)db_col_int(st, 0)), db_col_int(st, 2),
                 db_col_int(st, 3), todo_urgency(db_col_int(st, 2), c->now));
    }
    return db_done(st);
}
