/* todo.c: what waits for a principal among the patrols (safety_todo), for
 * the inbox: the rounds of the routes they walk that ended with points
 * skipped, yesterday's and today's, each naming how many points. */
#include <stdio.h>

#include "core/clock.h"
#include "safety/list_sql.h"
#include "safety/safety.h"

enum { ROUTES_MAX = 20 };

int safety_worker_routes(const Ctx *c, int64_t worker_id, int64_t *ids, int max)
{
    int n = 0;
    DbStmt *st = db_query(c->db, SAFETY_WORKER_ROUTES, DB_I(worker_id), DB_I(max));
    while (n < max && db_step(st) == DB_ROW)
        ids[n++] = db_col_int(st, 0);
    return db_done(st) ? n : -1;
}

bool safety_todo(const Ctx *c, TodoList *out, bool *capped)
{
    if (capped)
        *capped = false;
    if (!c->who || !perm_allows(c->who, PERM_SAFETY_PATROL, NULL))
        return true;
    int64_t ids[ROUTES_MAX];
    int n = safety_worker_routes(c, c->who->user_id, ids, ROUTES_MAX);
    if (n < 0)
        return false;
    int32_t ymd = clock_local_yyyymmdd(c->now);
    int64_t today = clock_local_day_start(ymd / 10000, ymd / 100 % 100, ymd % 100);
    int listed = 0;
    for (int i = 0; i < n; i++) {
        PatrolRoute r;
        bool found;
        SafetyErr e;
        if (!safety_route_get(c, ids[i], &r, &found, &e))
            return false;
        /* a route moved out of the worker's reach is no longer theirs to walk */
        if (!found || !perm_allows(c->who, PERM_SAFETY_PATROL, r.node_path))
            continue;
        for (int d = 1; d >= 0; d--) {
            int64_t day = today - d * 86400;
            PatrolRound rounds[SLOT__COUNT];
            if (!safety_route_day(c, &r, day, rounds, &e))
                return false;
            for (int s = 0; s < SLOT__COUNT; s++) {
                if (rounds[s].state != ROUND_INCOMPLETE && rounds[s].state != ROUND_EXPIRED)
                    continue;
                if (listed == TODO_KIND_MAX) {
                    if (capped)
                        *capped = true;
                    return true;
                }
                int32_t dd = clock_local_yyyymmdd(day + 12 * 3600);
                char link[64];
                snprintf(link, sizeof link, "/patrol-routes/%lld?date=%04d-%02d-%02d", (long long)r.id, dd / 10000,
                         dd / 100 % 100, dd % 100);
                const char *title = arena_printf(c->arena, "%s %02d-%02d %s：漏巡 %d 个点位", r.name, dd / 100 % 100,
                                                 dd % 100, safety_slot_label_zh((PatrolSlot)s), rounds[s].n_skipped);
                todo_add(out, "patrol_missed", title, link, rounds[s].end, rounds[s].end, TODO_OVERDUE);
                listed++;
            }
        }
    }
    return true;
}
