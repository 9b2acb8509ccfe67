/* plan.c: the only writer of emergency plans, drills and incidents
 * (emergency_plan, emergency_drill, incident, incident_entry). The
 * timeline is append-only: this file has no UPDATE or DELETE of
 * incident_entry, and an incident's review closes it for good. */
#include <stdio.h>
#include <string.h>

#include "auth/audit.h"
#include "grid/grid.h"
#include "notify/notify.h"
#include "safety/list_sql.h"
#include "safety/safety.h"

static const char *dup(const Ctx *c, DbStmt *st, int col)
{
    const char *s = db_col_text(st, col);
    return arena_strdup(c->arena, s ? s : "");
}

static bool filled(const char *s)
{
    return s && s[0];
}

bool safety_plan_create(const Ctx *c, const PlanInput *in, int64_t *id_out, SafetyErr *e)
{
    NodeInfo n;
    if (!grid_node_get(c, in->compound_id, &n) || n.kind != NODE_COMPOUND)
        return safety_err(e, SM_NOT_A_COMPOUND, "compound_id");
    if (!safety_plan_kind_valid(in->kind))
        return safety_err(e, SM_BAD_KIND, "kind");
    if (!filled(in->title))
        return safety_err(e, SM_TITLE_REQUIRED, "title");
    if (!filled(in->steps))
        return safety_err(e, SM_TEXT_REQUIRED, "steps");
    int64_t id = 0;
    DbStmt *st = db_query(c->db,
                          "INSERT INTO emergency_plan (compound_id, node_path, kind, title, roles, contacts, steps, "
                          "supplies, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                          DB_I(n.id), DB_T(n.path), DB_T(in->kind), DB_T(in->title), DB_T(in->roles ? in->roles : ""),
                          DB_T(in->contacts ? in->contacts : ""), DB_T(in->steps), DB_T(in->supplies ? in->supplies : ""),
                          DB_I(ctx_actor(c)), DB_I(c->now));
    if (db_step(st) == DB_ROW)
        id = db_col_int(st, 0);
    if (!db_done(st) || id == 0)
        return safety_err_db(e, c->db);
    char after[64];
    snprintf(after, sizeof after, "{\"kind\":\"%s\"}", in->kind);
    if (!audit_append(c->db, ctx_actor(c), "emergency_plan", id, "create", NULL, after))
        return safety_err_db(e, c->db);
    *id_out = id;
    return true;
}

static void plan_row(const Ctx *c, DbStmt *st, EmergencyPlan *p)
{
    *p = (EmergencyPlan){db_col_int(st, 0), db_col_int(st, 1), db_col_int(st, 2), dup(c, st, 3), dup(c, st, 4),
                         dup(c, st, 5),     dup(c, st, 6),     dup(c, st, 7),     dup(c, st, 8), dup(c, st, 9)};
}

bool safety_plan_get(const Ctx *c, int64_t id, EmergencyPlan *out, bool *found, SafetyErr *e)
{
    *found = false;
    DbStmt *st = db_query(c->db, "SELECT " SAFETY_PLAN_COLS " FROM emergency_plan WHERE id = ?", DB_I(id));
    if (db_step(st) == DB_ROW) {
        plan_row(c, st, out);
        *found = true;
    }
    return db_done(st) || safety_err_db(e, c->db);
}

int safety_plans_page(const Ctx *c, int64_t compound_id, int64_t after, EmergencyPlan *out, int max)
{
    DbStmt *st = db_query(c->db, SAFETY_PLAN_PAGE, DB_I(compound_id), DB_I(after > 0 ? after : INT64_MAX), DB_I(max));
    int n = 0;
    while (n < max && db_step(st) == DB_ROW)
        plan_row(c, st, &out[n++]);
    return db_done(st) ? n : -1;
}

bool safety_drill_add(const Ctx *c, const EmergencyPlan *p, int64_t held_at, int64_t participants, const char *notes,
                      int64_t *id_out, SafetyErr *e)
{
    if (held_at <= 0 || held_at > c->now)
        return safety_err(e, SM_BAD_DRILL, "held_at");
    if (participants < 0 || participants > 100000)
        return safety_err(e, SM_BAD_DRILL, "participants");
    int64_t id = 0;
    DbStmt *st = db_query(c->db,
                          "INSERT INTO emergency_drill (plan_id, held_at, participants, notes, created_by) "
                          "VALUES (?, ?, ?, ?, ?) RETURNING id",
                          DB_I(p->id), DB_I(held_at), DB_I(participants), DB_T(notes ? notes : ""), DB_I(ctx_actor(c)));
    if (db_step(st) == DB_ROW)
        id = db_col_int(st, 0);
    if (!db_done(st) || id == 0 || !audit_append(c->db, ctx_actor(c), "emergency_plan", p->id, "drill", NULL, NULL))
        return safety_err_db(e, c->db);
    *id_out = id;
    return true;
}

int safety_drills(const Ctx *c, int64_t plan_id, Drill *out, int max)
{
    DbStmt *st = db_query(c->db, SAFETY_DRILLS, DB_I(plan_id), DB_I(max));
    int n = 0;
    while (n < max && db_step(st) == DB_ROW) {
        out[n] = (Drill){db_col_int(st, 0), db_col_int(st, 1), db_col_int(st, 2), dup(c, st, 3)};
        n++;
    }
    return db_done(st) ? n : -1;
}

static bool entry_add(const Ctx *c, int64_t incident, const char *text)
{
    return db_exec(c->db, "INSERT INTO incident_entry (incident_id, at, actor_id, text) VALUES (?, ?, ?, ?)",
                   DB_I(incident), DB_I(c->now), DB_I(ctx_actor(c)), DB_T(text));
}

bool safety_incident_declare(const Ctx *c, const EmergencyPlan *p, const char *title, int64_t *id_out, SafetyErr *e)
{
    if (!filled(title) || strlen(title) > SAFETY_TITLE_MAX * 3)
        return safety_err(e, SM_TITLE_REQUIRED, "title");
    int64_t id = 0;
    DbStmt *st = db_query(c->db,
                          "INSERT INTO incident (plan_id, compound_id, node_path, title, declared_by, declared_at) "
                          "VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
                          DB_I(p->id), DB_I(p->compound_id), DB_T(p->node_path), DB_T(title), DB_I(ctx_actor(c)),
                          DB_I(c->now));
    if (db_step(st) == DB_ROW)
        id = db_col_int(st, 0);
    if (!db_done(st) || id == 0)
        return safety_err_db(e, c->db);
    NotifyEvent ev = {"incident.declared", "incident", id, p->node_path, true, 0, title, p->title,
                      arena_printf(c->arena, "/incidents/%lld", (long long)id), NULL};
    if (!entry_add(c, id, arena_printf(c->arena, "启动预案：%s", p->title)) ||
        !audit_append(c->db, ctx_actor(c), "incident", id, "declare", NULL, NULL) || !notify_emit(c, &ev, NULL))
        return safety_err_db(e, c->db);
    *id_out = id;
    return true;
}

static void incident_row(const Ctx *c, DbStmt *st, Incident *i)
{
    *i = (Incident){db_col_int(st, 0), db_col_int(st, 1), db_col_int(st, 2), db_col_int(st, 3),
                    db_col_int(st, 4), db_col_int(st, 5), dup(c, st, 6),     dup(c, st, 7),
                    dup(c, st, 8),     dup(c, st, 9),     dup(c, st, 10),    dup(c, st, 11)};
}

bool safety_incident_get(const Ctx *c, int64_t id, Incident *out, bool *found, SafetyErr *e)
{
    *found = false;
    DbStmt *st = db_query(c->db, "SELECT " SAFETY_INCIDENT_COLS " FROM incident WHERE id = ?", DB_I(id));
    if (db_step(st) == DB_ROW) {
        incident_row(c, st, out);
        *found = true;
    }
    return db_done(st) || safety_err_db(e, c->db);
}

bool safety_incident_append(const Ctx *c, const Incident *i, const char *text, SafetyErr *e)
{
    if (i->closed_at)
        return safety_err(e, SM_INCIDENT_CLOSED, NULL);
    if (!filled(text))
        return safety_err(e, SM_TEXT_REQUIRED, "text");
    return entry_add(c, i->id, text) || safety_err_db(e, c->db);
}

bool safety_incident_close(const Ctx *c, const Incident *i, const char *cause, const char *response,
                           const char *lessons, const char *changed_rules, SafetyErr *e)
{
    if (i->closed_at)
        return safety_err(e, SM_INCIDENT_CLOSED, NULL);
    if (!filled(cause))
        return safety_err(e, SM_TEXT_REQUIRED, "cause");
    if (!filled(response))
        return safety_err(e, SM_TEXT_REQUIRED, "response");
    if (!filled(lessons))
        return safety_err(e, SM_TEXT_REQUIRED, "lessons");
    if (!db_exec(c->db,
                 "UPDATE incident SET closed_at = ?, cause = ?, response = ?, lessons = ?, changed_rules = ? "
                 "WHERE id = ? AND closed_at = 0",
                 DB_I(c->now), DB_T(cause), DB_T(response), DB_T(lessons), DB_T(changed_rules ? changed_rules : ""),
                 DB_I(i->id)))
        return safety_err_db(e, c->db);
    if (db_changes(c->db) != 1)
        return safety_err(e, SM_INCIDENT_CLOSED, NULL);
    NotifyEvent ev = {"incident.review", "incident", i->id, i->node_path, false, 0, "突发事件复盘公开", i->title,
                      arena_printf(c->arena, "/incidents/%lld", (long long)i->id), NULL};
    if (!entry_add(c, i->id, "事件结束，复盘公开") ||
        !audit_append(c->db, ctx_actor(c), "incident", i->id, "close", NULL, NULL) || !notify_emit(c, &ev, NULL))
        return safety_err_db(e, c->db);
    return true;
}

int safety_incident_entries(const Ctx *c, int64_t id, IncidentEntry *out, int max)
{
    DbStmt *st = db_query(c->db, SAFETY_INCIDENT_ENTRIES, DB_I(id), DB_I(max));
    int n = 0;
    while (n < max && db_step(st) == DB_ROW) {
        out[n] = (IncidentEntry){db_col_int(st, 0), db_col_int(st, 1), db_col_int(st, 2), dup(c, st, 3)};
        n++;
    }
    return db_done(st) ? n : -1;
}

int safety_incidents_page(const Ctx *c, int64_t compound_id, bool only_closed, int64_t after, Incident *out, int max)
{
    int64_t below = after > 0 ? after : INT64_MAX;
    DbStmt *st = only_closed ? db_query(c->db, SAFETY_INCIDENT_PAGE_CLOSED, DB_I(compound_id), DB_I(below), DB_I(max))
                             : db_query(c->db, SAFETY_INCIDENT_PAGE, DB_I(compound_id), DB_I(below), DB_I(max));
    int n = 0;
    while (n < max && db_step(st) == DB_ROW)
        incident_row(c, st, &out[n++]);
    return db_done(st) ? n : -1;
}
