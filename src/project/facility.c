/* facility.c: the facility register: the only writer of facility. The
 * maintainer is an organisation of the grid's register (read through
 * grid_org_get); a fault is raised as a work order through wo_raise. */
#include "project/list_sql.h"
#include "project/project.h"

#include <stdio.h>
#include <string.h>

#include "auth/audit.h"
#include "core/clock.h"
#include "grid/read.h"
#include "workorder/workorder.h"

static const struct {
    const char *type, *label;
} types[] = {
    {"charger", "充电桩"}, {"camera", "监控摄像头"}, {"sign", "标识标牌"},  {"lamp", "路灯"},
    {"shelf", "晾晒架"},   {"fitness", "健身器材"},  {"smart_bin", "智能垃圾桶"}, {"other", "其他设施"},
};

bool project_facility_type_valid(const char *type)
{
    for (size_t i = 0; type && i < sizeof types / sizeof types[0]; i++)
        if (strcmp(types[i].type, type) == 0)
            return true;
    return false;
}

const char *project_facility_type_label_zh(const char *type)
{
    for (size_t i = 0; type && i < sizeof types / sizeof types[0]; i++)
        if (strcmp(types[i].type, type) == 0)
            return types[i].label;
    return "其他设施";
}

static bool ferr(ProjectErr *e, ProjectMsg m, const char *field)
{
    *e = (ProjectErr){m, field, NULL};
    return false;
}

static bool ferr_db(ProjectErr *e, Db *db)
{
    *e = (ProjectErr){db_error_class(db) == DB_ERR_BUSY ? PM_BUSY : PM_INTERNAL, NULL, db_errmsg(db)};
    return false;
}

bool project_facility_add(const Ctx *c, const FacilityNew *in, int64_t *id, ProjectErr *e)
{
    if (!project_facility_type_valid(in->type))
        return ferr(e, PM_BAD_FACILITY_TYPE, "type");
    NodeInfo n;
    GridRead g = grid_node_find(c, in->node_id, &n);
    if (g == GRID_NOT_FOUND || (g == GRID_OK && n.kind != NODE_COMPOUND))
        return ferr(e, PM_NO_COMPOUND, "compound_id");
    if (g != GRID_OK)
        return ferr(e, g == GRID_BUSY ? PM_BUSY : PM_INTERNAL, NULL);
    if (!in->maintainer_org_id)
        return ferr(e, PM_NO_MAINTAINER, "maintainer_org_id");
    OrgInfo o;
    g = grid_org_get(c, in->maintainer_org_id, &o);
    if (g == GRID_NOT_FOUND)
        return ferr(e, PM_NO_MAINTAINER, "maintainer_org_id");
    if (g != GRID_OK)
        return ferr(e, g == GRID_BUSY ? PM_BUSY : PM_INTERNAL, NULL);
    if (in->project_id) {
        Project p;
        if (!project_get(c, in->project_id, &p, e))
            return e->msg == PM_NO_PROJECT ? ferr(e, PM_NO_PROJECT, "project_id") : false;
    }
    if (in->interval_days < 0 || in->interval_days > PROJECT_INTERVAL_DAYS_MAX ||
        (in->interval_days > 0 && !in->first_due))
        return ferr(e, PM_BAD_SCHEDULE, "interval_days");
    *id = 0;
    if (!db_int(c->db, id,
                "INSERT INTO facility (node_id, project_id, type, name, location, maintainer_org_id, warranty_until, "
                "created_by, created_at, standard, fund_source, interval_days, next_due) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                DB_I(in->node_id), in->project_id ? DB_I(in->project_id) : DB_NULL, DB_T(in->type), DB_T(in->name),
                DB_T(in->location ? in->location : ""), DB_I(in->maintainer_org_id),
                in->warranty_until ? DB_I(in->warranty_until) : DB_NULL, DB_I(ctx_actor(c)), DB_I(c->now),
                DB_T(in->standard ? in->standard : ""), DB_T(in->fund_source ? in->fund_source : ""),
                DB_I(in->interval_days), in->interval_days ? DB_I(in->first_due) : DB_NULL))
        return ferr_db(e, c->db);
    char after[160];
    snprintf(after, sizeof after, "{\"node_id\":%lld,\"type\":\"%s\",\"maintainer_org_id\":%lld}",
             (long long)in->node_id, in->type, (long long)in->maintainer_org_id);
    return audit_append(c->db, ctx_actor(c), "facility", *id, "create", NULL, after) || ferr_db(e, c->db);
}

static void row(const Ctx *c, DbStmt *st, Facility *f)
{
    *f = (Facility){.id = db_col_int(st, 0), .node_id = db_col_int(st, 1), .project_id = db_col_int(st, 2),
                    .maintainer_org_id = db_col_int(st, 3), .warranty_until = db_col_int(st, 4),
                    .created_at = db_col_int(st, 5), .type = arena_strdup(c->arena, db_col_text(st, 6)),
                    .name = arena_strdup(c->arena, db_col_text(st, 7)),
                    .location = arena_strdup(c->arena, db_col_text(st, 8)),
                    .standard = arena_strdup(c->arena, db_col_text(st, 9)),
                    .fund_source = arena_strdup(c->arena, db_col_text(st, 10)),
                    .interval_days = db_col_int(st, 11), .next_due = db_col_int(st, 12)};
}

static bool names(const Ctx *c, Facility *f, ProjectErr *e)
{
    OrgInfo o;
    GridRead g = grid_org_get(c, f->maintainer_org_id, &o);
    if (g == GRID_OK)
        f->maintainer = o.name;
    else if (g != GRID_NOT_FOUND)
        return ferr(e, g == GRID_BUSY ? PM_BUSY : PM_INTERNAL, NULL);
    g = grid_node_path(c, f->node_id, &f->node_path);
    return g == GRID_OK || ferr(e, g == GRID_BUSY ? PM_BUSY : PM_INTERNAL, NULL);
}

bool project_facility_get(const Ctx *c, int64_t id, Facility *out, ProjectErr *e)
{
    DbStmt *st = db_query(c->db,
                          "SELECT id, node_id, project_id, maintainer_org_id, warranty_until, created_at, type, name, "
                          "location, standard, fund_source, interval_days, next_due FROM facility WHERE id = ?",
                          DB_I(id));
    if (!st)
        return ferr_db(e, c->db);
    int rc = db_step(st);
    if (rc == DB_ROW)
        row(c, st, out);
    if (!db_done(st) || rc == DB_ERROR)
        return ferr_db(e, c->db);
    if (rc != DB_ROW)
        return ferr(e, PM_NO_FACILITY, "id");
    return names(c, out, e);
}

bool project_facilities(const Ctx *c, int64_t node_id, int64_t below, int limit, Facility **out, int *n,
                        ProjectErr *e)
{
    *out = arena_alloc(c->arena, sizeof **out * (size_t)(limit + 1));
    *n = 0;
    DbStmt *st = db_query(c->db, PROJECT_FACILITIES_PAGE, DB_I(node_id), DB_I(below), DB_I(limit));
    if (!st)
        return ferr_db(e, c->db);
    int rc;
    while ((rc = db_step(st)) == DB_ROW && *n < limit)
        row(c, st, &(*out)[(*n)++]);
    if (!db_done(st) || rc == DB_ERROR)
        return ferr_db(e, c->db);
    for (int i = 0; i < *n; i++)
        if (!names(c, &(*out)[i], e))
            return false;
    return true;
}

bool project_facility_fault(const Ctx *c, const Facility *f, const char *category, const char *description,
                            int64_t *order_id, ProjectErr *e)
{
    const char *what = arena_printf(c->arena, "%s（%s%s%s）：%s", f->name, project_facility_type_label_zh(f->type),
                                    f->location[0] ? "，" : "", f->location, description);
    WoRaise in = {.node_id = f->node_id, .category_code = category && category[0] ? category : "other",
                  .description = what, .place_text = f->location[0] ? f->location : NULL, .source_kind = "facility",
                  .source_id = f->id};
    WoErr we;
    if (wo_raise(c, &in, order_id, &we))
        return true;
    if (we.msg == WM_BUSY || we.msg == WM_INTERNAL)
        return ferr(e, we.msg == WM_BUSY ? PM_BUSY : PM_INTERNAL, NULL);
    return ferr(e, PM_CONCERN_REFUSED, we.field);
}

/* ---- scheduled maintenance ------------------------------------------------------ */

void project_run_plan(int64_t next_due, int64_t interval, int64_t now, ProjectRunPlan *out)
{
    *out = (ProjectRunPlan){0};
    out->next_due = next_due;
    if (interval <= 0 || now < next_due)
        return;
    int64_t k = (now - next_due) / interval; /* runs before the latest one due */
    out->due = next_due + k * interval;
    out->n_missed = k;
    out->first_missed = k ? next_due : 0;
    out->late = now - out->due > PROJECT_RUN_GRACE;
    out->next_due = out->due + interval;
}

/* The runs missed while nobody ran the schedule are each recorded (at most
 * this many per sweep and facility; the rest of a very long gap in one). */
#define RUNS_MISSED_MAX 400

static bool handle_one(const Ctx *c, int64_t facility_id, int64_t next_due, int64_t interval, bool *raised)
{
    *raised = false;
    ProjectRunPlan plan;
    project_run_plan(next_due, interval, c->now, &plan);
    if (!plan.due)
        return true;
    /* move the schedule first, guarded: a second sweep at once changes nothing */
    if (!db_exec(c->db, "UPDATE facility SET next_due = ? WHERE id = ? AND next_due = ?", DB_I(plan.next_due),
                 DB_I(facility_id), DB_I(next_due)))
        return false;
    if (db_changes(c->db) != 1)
        return true;
    for (int64_t i = 0; i < plan.n_missed; i++) {
        int64_t due = i < RUNS_MISSED_MAX ? plan.first_missed + i * interval : plan.due - interval;
        if (i >= RUNS_MISSED_MAX && i != plan.n_missed - 1)
            continue;
        if (!db_exec(c->db,
                     "INSERT INTO facility_run (facility_id, due_at, state, created_at) VALUES (?, ?, 'missed', ?)",
                     DB_I(facility_id), DB_I(due), DB_I(c->now)))
            return false;
    }
    Facility f;
    ProjectErr pe;
    if (!project_facility_get(c, facility_id, &f, &pe))
        return false;
    char day[20];
    clock_format_local(plan.due, day);
    day[10] = '\0';
    const char *what = arena_printf(c->arena, "定期养护：%s（%s%s%s），养护标准：%s，计划日期 %s%s", f.name,
                                    project_facility_type_label_zh(f.type), f.location[0] ? "，" : "", f.location,
                                    f.standard[0] ? f.standard : "按说明书", day, plan.late ? "（补派）" : "");
    WoRaise in = {.node_id = f.node_id, .category_code = "other", .description = what,
                  .place_text = f.location[0] ? f.location : NULL, .source_kind = "facility", .source_id = f.id};
    int64_t order = 0;
    WoErr we;
    if (!wo_raise(c, &in, &order, &we))
        return false;
    if (!db_exec(c->db,
                 "INSERT INTO facility_run (facility_id, due_at, state, order_id, created_at) VALUES (?, ?, ?, ?, ?)",
                 DB_I(facility_id), DB_I(plan.due), DB_T(plan.late ? "late" : "on_time"), DB_I(order),
                 DB_I(c->now)))
        return false;
    const char *after =
        arena_printf(c->arena, "{\"due_at\":%lld,\"order\":%lld,\"missed\":%lld,\"late\":%s}", (long long)plan.due,
                     (long long)order, (long long)plan.n_missed, plan.late ? "true" : "false");
    if (!audit_append(c->db, 0, "facility", facility_id, "maintenance_run", NULL, after))
        return false;
    *raised = true;
    return true;
}

bool project_maintenance_sweep(Db *db, int64_t now, int *n_orders)
{
    *n_orders = 0;
    Arena *a = arena_new();
    if (!a)
        return false;
    Ctx c = {db, a, NULL, now};
    enum { BATCH = 200 };
    int64_t ids[BATCH], dues[BATCH], intervals[BATCH];
    bool ok = true;
    /* each handled schedule moves past now, so the next batch holds the rest */
    for (int n = BATCH, rounds = 0; ok && n == BATCH && rounds < 50; rounds++) {
        n = 0;
        int rc;
        DbStmt *st = db_query(db, PROJECT_RUNS_DUE, DB_I(now));
        if (!st) {
            ok = false;
            break;
        }
        while ((rc = db_step(st)) == DB_ROW && n < BATCH) {
            ids[n] = db_col_int(st, 0);
            dues[n] = db_col_int(st, 1);
            intervals[n] = db_col_int(st, 2) * PROJECT_DAY;
            n++;
        }
        if (!db_done(st) || rc == DB_ERROR)
            ok = false;
        for (int i = 0; ok && i < n; i++) {
            bool raised;
            ok = handle_one(&c, ids[i], dues[i], intervals[i], &raised);
            *n_orders += raised;
        }
    }
    arena_free(a);
    return ok;
}

bool project_facility_runs(const Ctx *c, int64_t facility_id, int64_t below, int limit, FacilityRun **out, int *n,
                           ProjectErr *e)
{
    *out = arena_alloc(c->arena, sizeof **out * (size_t)(limit + 1));
    *n = 0;
    DbStmt *st = db_query(c->db, PROJECT_FACILITY_RUNS_PAGE, DB_I(facility_id), DB_I(below), DB_I(limit));
    if (!st)
        return ferr_db(e, c->db);
    int rc;
    while ((rc = db_step(st)) == DB_ROW && *n < limit)
        (*out)[(*n)++] = (FacilityRun){db_col_int(st, 0), db_col_int(st, 1), db_col_int(st, 2), db_col_int(st, 3),
                                       db_col_int(st, 4), arena_strdup(c->arena, db_col_text(st, 5))};
    if (!db_done(st) || rc == DB_ERROR)
        return ferr_db(e, c->db);
    return true;
}
