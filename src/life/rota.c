/* rota.c: the writer of the rotas' tables (life_duty, life_shift,
 * life_availability, life_assignment). The rota itself comes from the pure
 * generator (rules.c: life_rota_generate); here it is read from and written
 * to the database. Points come from shifts marked done, never from sign-ups. */
#include <stdlib.h>
#include <string.h>

#include "life/life_int.h"
#include "notify/notify.h"

bool life_duty_create(const Ctx *c, int64_t node_id, const char *name, int64_t points, bool swap_needs_approval,
                      int64_t *id_out, LifeErr *e)
{
    NodeInfo n;
    if (!life_node(c, node_id, &n, e))
        return false;
    if (!db_int(c->db, id_out,
                "INSERT INTO life_duty (node_id, node_path, name, points, swap_needs_approval, created_at) "
                "VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
                DB_I(n.id), DB_T(n.path), DB_T(name), DB_I(points), DB_I(swap_needs_approval ? 1 : 0), DB_I(c->now)))
        return life_err_db(e, c->db);
    return life_audit(c, "life_duty", *id_out, "create", NULL, e);
}

bool life_duty_get(const Ctx *c, int64_t id, LifeDuty *out, LifeErr *e)
{
    DbStmt *st = db_query(c->db,
                          "SELECT id, node_id, points, COALESCE(published_at, 0), swap_needs_approval, node_path, name "
                          "FROM life_duty WHERE id = ?",
                          DB_I(id));
    bool found = false;
    if (db_step(st) == DB_ROW) {
        *out = (LifeDuty){db_col_int(st, 0), db_col_int(st, 1), db_col_int(st, 2), db_col_int(st, 3),
                          db_col_int(st, 4) != 0, arena_strdup(c->arena, db_col_text(st, 5)),
                          arena_strdup(c->arena, db_col_text(st, 6))};
        found = true;
    }
    if (!db_done(st))
        return life_err_db(e, c->db);
    return found || life_err(e, LM_NO_SUCH_DUTY, "duty_id");
}

bool life_shift_create(const Ctx *c, int64_t duty_id, int64_t starts_at, int64_t ends_at, int64_t needed,
                       int64_t *id_out, LifeErr *e)
{
    LifeDuty d;
    if (!life_duty_get(c, duty_id, &d, e))
        return false;
    if (ends_at <= starts_at)
        return life_err(e, LM_BAD_TIME, "ends_at");
    if (!db_int(c->db, id_out,
                "INSERT INTO life_shift (duty_id, starts_at, ends_at, needed) VALUES (?, ?, ?, ?) RETURNING id",
                DB_I(duty_id), DB_I(starts_at), DB_I(ends_at), DB_I(needed)))
        return life_err_db(e, c->db);
    return true;
}

bool life_shift_get(const Ctx *c, int64_t id, LifeShift *out, LifeErr *e)
{
    DbStmt *st = db_query(c->db, "SELECT id, duty_id, starts_at, ends_at, needed FROM life_shift WHERE id = ?", DB_I(id));
    bool found = false;
    if (db_step(st) == DB_ROW) {
        *out = (LifeShift){db_col_int(st, 0), db_col_int(st, 1), db_col_int(st, 2), db_col_int(st, 3),
                           db_col_int(st, 4)};
        found = true;
    }
    if (!db_done(st))
        return life_err_db(e, c->db);
    return found || life_err(e, LM_NO_SUCH_SHIFT, "shift_id");
}

bool life_availability_set(const Ctx *c, int64_t shift_id, int64_t user_id, bool available, LifeErr *e)
{
    LifeShift s;
    if (!life_shift_get(c, shift_id, &s, e))
        return false;
    bool ok = available ? db_exec(c->db,
                                  "INSERT INTO life_availability (shift_id, user_id) SELECT ?, ? WHERE NOT EXISTS "
                                  "(SELECT 1 FROM life_availability WHERE shift_id = ? AND user_id = ?)",
                                  DB_I(shift_id), DB_I(user_id), DB_I(shift_id), DB_I(user_id))
                        : db_exec(c->db, "DELETE FROM life_availability WHERE shift_id = ? AND user_id = ?",
                                  DB_I(shift_id), DB_I(user_id));
    return ok || life_err_db(e, c->db);
}

/* The most shifts and volunteers one duty's generation takes: 4 weeks of
 * shifts around the clock and a large compound's volunteers. */
enum { MAX_SHIFTS = 2000, MAX_VOLS = 1000 };

bool life_rota_generate_duty(const Ctx *c, int64_t duty_id, uint64_t seed, int *filled, int *slots, LifeErr *e)
{
    LifeDuty d;
    if (!life_duty_get(c, duty_id, &d, e))
        return false;
    if (d.published_at)
        return life_err(e, LM_ROTA_PUBLISHED, "duty_id");
    /* lock the duty: two generations of one rota do not interleave */
    if (!db_exec(c->db, "UPDATE life_duty SET points = points WHERE id = ?", DB_I(duty_id)))
        return life_err_db(e, c->db);
    RotaShift *sh = calloc(MAX_SHIFTS, sizeof *sh);
    int64_t *shift_ids = calloc(MAX_SHIFTS, sizeof *shift_ids);
    int64_t *vols = calloc(MAX_VOLS, sizeof *vols);
    bool *avail = NULL;
    int *out = NULL;
    int ns = 0, nv = 0, total = 0;
    bool ok = false;
    if (!sh || !shift_ids || !vols) {
        life_err(e, LM_INTERNAL, NULL);
        goto done;
    }
    DbStmt *st = db_query(c->db, "SELECT id, starts_at, ends_at, needed FROM life_shift WHERE duty_id = ? "
                                 "ORDER BY duty_id, starts_at, id LIMIT 2000",
                          DB_I(duty_id));
    while (ns < MAX_SHIFTS && db_step(st) == DB_ROW) {
        shift_ids[ns] = db_col_int(st, 0);
        sh[ns] = (RotaShift){db_col_int(st, 1), db_col_int(st, 2), (int)db_col_int(st, 3)};
        total += sh[ns].needed;
        ns++;
    }
    if (!db_done(st)) {
        life_err_db(e, c->db);
        goto done;
    }
    st = db_query(c->db,
                  "SELECT DISTINCT a.user_id FROM life_availability a JOIN life_shift s ON s.id = a.shift_id "
                  "WHERE s.duty_id = ? ORDER BY a.user_id LIMIT 1000",
                  DB_I(duty_id));
    while (nv < MAX_VOLS && db_step(st) == DB_ROW)
        vols[nv++] = db_col_int(st, 0);
    if (!db_done(st)) {
        life_err_db(e, c->db);
        goto done;
    }
    avail = calloc((size_t)ns * (size_t)nv + 1, sizeof *avail);
    out = calloc((size_t)total + 1, sizeof *out);
    if (!avail || !out) {
        life_err(e, LM_INTERNAL, NULL);
        goto done;
    }
    st = db_query(c->db,
                  "SELECT a.shift_id, a.user_id FROM life_availability a JOIN life_shift s ON s.id = a.shift_id "
                  "WHERE s.duty_id = ?",
                  DB_I(duty_id));
    while (db_step(st) == DB_ROW) {
        int64_t sid = db_col_int(st, 0), uid = db_col_int(st, 1);
        int si = -1, vi = -1;
        for (int i = 0; i < ns && si < 0; i++)
            if (shift_ids[i] == sid) si = i;
        for (int i = 0; i < nv && vi < 0; i++)
            if (vols[i] == uid) vi = i;
        if (si >= 0 && vi >= 0)
            avail[(size_t)si * (size_t)nv + (size_t)vi] = true;
    }
    if (!db_done(st)) {
        life_err_db(e, c->db);
        goto done;
    }
    *filled = life_rota_generate(sh, ns, vols, nv, avail, LIFE_MIN_REST, seed, out);
    *slots = total;
    if (*filled < 0) {
        life_err(e, LM_BAD_TIME, "shifts");
        goto done;
    }
    if (!db_exec(c->db,
                 "DELETE FROM life_assignment WHERE shift_id IN (SELECT id FROM life_shift WHERE duty_id = ?)",
                 DB_I(duty_id))) {
        life_err_db(e, c->db);
        goto done;
    }
    for (int s = 0, k = 0; s < ns; s++)
        for (int j = 0; j < sh[s].needed; j++, k++)
            if (out[k] >= 0 && !db_exec(c->db,
                                        "INSERT INTO life_assignment (shift_id, user_id, created_at) VALUES (?, ?, ?)",
                                        DB_I(shift_ids[s]), DB_I(vols[out[k]]), DB_I(c->now))) {
                life_err_db(e, c->db);
                goto done;
            }
    ok = life_audit(c, "life_duty", duty_id, "generate",
                    arena_printf(c->arena, "{\"seed\":%llu,\"filled\":%d,\"slots\":%d}", (unsigned long long)seed,
                                 *filled, total),
                    e);
done:
    free(sh);
    free(shift_ids);
    free(vols);
    free(avail);
    free(out);
    return ok;
}

bool life_rota_publish(const Ctx *c, int64_t duty_id, LifeErr *e)
{
    LifeDuty d;
    if (!life_duty_get(c, duty_id, &d, e))
        return false;
    if (d.published_at)
        return life_err(e, LM_ROTA_PUBLISHED, "duty_id");
    if (!db_exec(c->db, "UPDATE life_duty SET published_at = ? WHERE id = ?", DB_I(c->now), DB_I(duty_id)))
        return life_err_db(e, c->db);
    NotifyEvent n = {"rota.published", "life_duty", duty_id, d.node_path, false, 0,
                     arena_printf(c->arena, "排班已发布：%s", d.name), "",
                     arena_printf(c->arena, "/life/rotas/%lld", (long long)duty_id), NULL};
    if (!notify_emit(c, &n, NULL))
        return life_err_db(e, c->db);
    return life_audit(c, "life_duty", duty_id, "publish", NULL, e);
}

#define ASSIGN_COLS                                                                                                  \
    "a.id, a.shift_id, a.user_id, COALESCE(a.swap_to, 0), s.starts_at, s.ends_at, s.duty_id, a.status"

static void assign_row(const Ctx *c, DbStmt *st, LifeAssignment *a)
{
    *a = (LifeAssignment){db_col_int(st, 0), db_col_int(st, 1), db_col_int(st, 2), db_col_int(st, 3),
                          db_col_int(st, 4), db_col_int(st, 5), db_col_int(st, 6),
                          arena_strdup(c->arena, db_col_text(st, 7))};
}

int life_assignments_of_duty(const Ctx *c, int64_t duty_id, LifeAssignment *out, int max, LifeErr *e)
{
    DbStmt *st = db_query(c->db,
                          "SELECT " ASSIGN_COLS " FROM life_shift s JOIN life_assignment a ON a.shift_id = s.id "
                          "WHERE s.duty_id = ? ORDER BY s.duty_id, s.starts_at, s.id, a.id LIMIT ?",
                          DB_I(duty_id), DB_I(max));
    int n = 0;
    while (n < max && db_step(st) == DB_ROW)
        assign_row(c, st, &out[n++]);
    if (!db_done(st))
        return life_err_db(e, c->db), -1;
    return n;
}

bool life_assignment_get(const Ctx *c, int64_t id, LifeAssignment *out, LifeErr *e)
{
    DbStmt *st = db_query(c->db,
                          "SELECT " ASSIGN_COLS " FROM life_assignment a JOIN life_shift s ON s.id = a.shift_id "
                          "WHERE a.id = ?",
                          DB_I(id));
    bool found = false;
    if (db_step(st) == DB_ROW) {
        assign_row(c, st, out);
        found = true;
    }
    if (!db_done(st))
        return life_err_db(e, c->db);
    return found || life_err(e, LM_NO_SUCH_ASSIGNMENT, "id");
}

/* May user take shift [s, e) (id shift_id) besides their other assignments? */
static bool fits(const Ctx *c, int64_t user, const LifeAssignment *a, LifeErr *e)
{
    int64_t offered = 0;
    if (!db_int(c->db, &offered, "SELECT COUNT(*) FROM life_availability WHERE shift_id = ? AND user_id = ?",
                DB_I(a->shift_id), DB_I(user)))
        return life_err_db(e, c->db);
    if (!offered)
        return life_err(e, LM_NOT_AVAILABLE, "user_id");
    enum { MAXA = 500 };
    int64_t starts[MAXA], ends[MAXA];
    int n = 0;
    DbStmt *st = db_query(c->db,
                          "SELECT s.starts_at, s.ends_at FROM life_assignment a JOIN life_shift s ON s.id = a.shift_id "
                          "WHERE a.user_id = ? AND s.ends_at > ? AND s.starts_at < ? LIMIT 500",
                          DB_I(user), DB_I(a->starts_at - LIFE_MIN_REST), DB_I(a->ends_at + LIFE_MIN_REST));
    while (n < MAXA && db_step(st) == DB_ROW) {
        starts[n] = db_col_int(st, 0);
        ends[n] = db_col_int(st, 1);
        n++;
    }
    if (!db_done(st))
        return life_err_db(e, c->db);
    return life_rest_ok(starts, ends, n, a->starts_at, a->ends_at, LIFE_MIN_REST) ||
           life_err(e, LM_REST_BROKEN, "user_id");
}

static bool hand_over(const Ctx *c, const LifeAssignment *a, int64_t to, LifeErr *e)
{
    if (!db_exec(c->db, "UPDATE life_assignment SET user_id = ?, swap_to = NULL WHERE id = ?", DB_I(to), DB_I(a->id)))
        return life_err_db(e, c->db);
    return life_audit(c, "life_assignment", a->id, "swap",
                      arena_printf(c->arena, "{\"from\":%lld,\"to\":%lld}", (long long)a->user_id, (long long)to), e);
}

bool life_swap_request(const Ctx *c, int64_t assignment_id, int64_t to_user, bool *done, LifeErr *e)
{
    LifeAssignment a;
    LifeDuty d;
    *done = false;
    if (!life_assignment_get(c, assignment_id, &a, e) || !life_duty_get(c, a.duty_id, &d, e))
        return false;
    if (strcmp(a.status, "assigned") != 0)
        return life_err(e, LM_BAD_STATUS, "id");
    if (to_user == a.user_id)
        return life_err(e, LM_NO_SWAP, "user_id");
    if (!fits(c, to_user, &a, e))
        return false;
    if (!d.swap_needs_approval) {
        *done = true;
        return hand_over(c, &a, to_user, e);
    }
    if (!db_exec(c->db, "UPDATE life_assignment SET swap_to = ? WHERE id = ?", DB_I(to_user), DB_I(assignment_id)))
        return life_err_db(e, c->db);
    return life_audit(c, "life_assignment", assignment_id, "swap_request", NULL, e);
}

bool life_swap_approve(const Ctx *c, int64_t assignment_id, LifeErr *e)
{
    LifeAssignment a;
    if (!life_assignment_get(c, assignment_id, &a, e))
        return false;
    if (!a.swap_to)
        return life_err(e, LM_NO_SWAP, "id");
    /* the rota may have changed since the request: ask again */
    return fits(c, a.swap_to, &a, e) && hand_over(c, &a, a.swap_to, e);
}

bool life_assignment_mark(const Ctx *c, int64_t assignment_id, bool done, LifeErr *e)
{
    LifeAssignment a;
    LifeDuty d;
    if (!life_assignment_get(c, assignment_id, &a, e) || !life_duty_get(c, a.duty_id, &d, e))
        return false;
    if (strcmp(a.status, "assigned") != 0)
        return life_err(e, LM_BAD_STATUS, "id");
    if (!db_exec(c->db, "UPDATE life_assignment SET status = ? WHERE id = ?", DB_T(done ? "done" : "missed"),
                 DB_I(assignment_id)))
        return life_err_db(e, c->db);
    if (!life_audit(c, "life_assignment", assignment_id, done ? "done" : "missed", NULL, e))
        return false;
    int64_t pts = life_points_earned(LP_SHIFT, d.points, (a.ends_at - a.starts_at) / 60);
    if (!done || pts <= 0)
        return true;
    int64_t entry;
    return life_points_award(c, a.user_id, LP_SHIFT, arena_printf(c->arena, "shift:%lld", (long long)assignment_id),
                             pts, d.name, &entry, e);
}

bool life_next_shift(const Ctx *c, int64_t user_id, LifeAssignment *out, bool *found, LifeErr *e)
{
    DbStmt *st = db_query(c->db,
                          "SELECT " ASSIGN_COLS " FROM life_assignment a JOIN life_shift s ON s.id = a.shift_id "
                          "JOIN life_duty d ON d.id = s.duty_id WHERE a.user_id = ? AND a.status = 'assigned' "
                          "AND d.published_at IS NOT NULL AND s.ends_at > ? ORDER BY s.starts_at LIMIT 1",
                          DB_I(user_id), DB_I(c->now));
    *found = false;
    if (db_step(st) == DB_ROW) {
        assign_row(c, st, out);
        *found = true;
    }
    return db_done(st) || life_err_db(e, c->db);
}
