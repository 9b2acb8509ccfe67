/* facility.c: the facility register: the only writer of facility. The
 * maintainer is an organisation of the grid's register (read through
 * grid_org_get); a fault is raised as a work order through wo_raise. */
#include "project/list_sql.h"
#include "project/project.h"

#include <stdio.h>
#include <string.h>

#include "auth/audit.h"
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
    *id = 0;
    if (!db_int(c->db, id,
                "INSERT INTO facility (node_id, project_id, type, name, location, maintainer_org_id, warranty_until, "
                "created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                DB_I(in->node_id), in->project_id ? DB_I(in->project_id) : DB_NULL, DB_T(in->type), DB_T(in->name),
                DB_T(in->location ? in->location : ""), DB_I(in->maintainer_org_id),
                in->warranty_until ? DB_I(in->warranty_until) : DB_NULL, DB_I(ctx_actor(c)), DB_I(c->now)))
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
                    .location = arena_strdup(c->arena, db_col_text(st, 8))};
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
                          "location FROM facility WHERE id = ?",
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
