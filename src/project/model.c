/* model.c: the only writer of the project tables (migration 040), and their
 * read functions. Compounds, contractors and users are read through the
 * grid's and auth's read functions, votes through vote's, work orders are
 * raised through wo_raise: no SQL here names another floor's table. */
#include "project/project.h"
#include "project/list_sql.h"

#include <stdio.h>
#include <string.h>

#include "auth/audit.h"
#include "auth/read.h"
#include "grid/read.h"
#include "notify/notify.h"
#include "vote/vote.h"
#include "workorder/workorder.h"

static bool perr(ProjectErr *e, ProjectMsg m, const char *field)
{
    *e = (ProjectErr){m, field, NULL};
    return false;
}

static bool perr_db(ProjectErr *e, Db *db)
{
    *e = (ProjectErr){db_error_class(db) == DB_ERR_BUSY ? PM_BUSY : PM_INTERNAL, NULL, db_errmsg(db)};
    return false;
}

static bool perr_grid(ProjectErr *e, GridRead g)
{
    return perr(e, g == GRID_BUSY ? PM_BUSY : PM_INTERNAL, NULL);
}

static bool audit(const Ctx *c, const char *entity, int64_t id, const char *action, const char *after)
{
    return audit_append(c->db, ctx_actor(c), entity, id, action, NULL, after);
}

/* ---- projects ----------------------------------------------------------- */

bool project_create(const Ctx *c, const ProjectNew *in, int64_t *id, ProjectErr *e)
{
    if (in->n_compounds < 1)
        return perr(e, PM_NO_COMPOUND, "compounds");
    if (in->n_compounds > PROJECT_COMPOUNDS_MAX)
        return perr(e, PM_TOO_MANY_COMPOUNDS, "compounds");
    for (int i = 0; i < in->n_compounds; i++) {
        NodeInfo n;
        GridRead g = grid_node_find(c, in->compounds[i], &n);
        if (g == GRID_NOT_FOUND || (g == GRID_OK && n.kind != NODE_COMPOUND))
            return perr(e, PM_NO_COMPOUND, "compounds");
        if (g != GRID_OK)
            return perr_grid(e, g);
        for (int j = 0; j < i; j++)
            if (in->compounds[j] == in->compounds[i])
                return perr(e, PM_NO_COMPOUND, "compounds");
    }
    int64_t minutes = in->response_minutes > 0 ? in->response_minutes : 1440;
    *id = 0;
    if (!db_int(c->db, id,
                "INSERT INTO project (node_id, title, response_minutes, created_by, created_at, updated_at) "
                "VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
                DB_I(in->compounds[0]), DB_T(in->title), DB_I(minutes), DB_I(ctx_actor(c)), DB_I(c->now),
                DB_I(c->now)))
        return perr_db(e, c->db);
    for (int i = 0; i < in->n_compounds; i++)
        if (!db_exec(c->db, "INSERT INTO project_compound (project_id, node_id) VALUES (?, ?)", DB_I(*id),
                     DB_I(in->compounds[i])))
            return perr_db(e, c->db);
    char after[160];
    snprintf(after, sizeof after, "{\"node_id\":%lld,\"compounds\":%d,\"response_minutes\":%lld}",
             (long long)in->compounds[0], in->n_compounds, (long long)minutes);
    return audit(c, "project", *id, "create", after) || perr_db(e, c->db);
}

bool project_get(const Ctx *c, int64_t id, Project *out, ProjectErr *e)
{
    DbStmt *st = db_query(c->db,
                          "SELECT id, node_id, title, response_minutes, status, created_at FROM project WHERE id = ?",
                          DB_I(id));
    if (!st)
        return perr_db(e, c->db);
    int rc = db_step(st);
    if (rc == DB_ROW) {
        *out = (Project){.id = db_col_int(st, 0), .node_id = db_col_int(st, 1),
                         .title = arena_strdup(c->arena, db_col_text(st, 2)), .response_minutes = db_col_int(st, 3),
                         .status = arena_strdup(c->arena, db_col_text(st, 4)), .created_at = db_col_int(st, 5)};
    }
    if (!db_done(st) || rc == DB_ERROR)
        return perr_db(e, c->db);
    if (rc != DB_ROW)
        return perr(e, PM_NO_PROJECT, "id");
    st = db_query(c->db, "SELECT node_id FROM project_compound WHERE project_id = ? ORDER BY node_id", DB_I(id));
    if (!st)
        return perr_db(e, c->db);
    while ((rc = db_step(st)) == DB_ROW)
        if (out->n_compounds < PROJECT_COMPOUNDS_MAX)
            out->compounds[out->n_compounds++] = db_col_int(st, 0);
    if (!db_done(st) || rc == DB_ERROR)
        return perr_db(e, c->db);
    GridRead g = grid_node_path(c, out->node_id, &out->node_path);
    return g == GRID_OK || perr_grid(e, g);
}

bool project_update(const Ctx *c, const Project *p, const char *title, int64_t response_minutes, ProjectErr *e)
{
    if (!db_exec(c->db,
                 "UPDATE project SET title = COALESCE(?, title), response_minutes = COALESCE(?, response_minutes), "
                 "updated_at = ? WHERE id = ?",
                 DB_T(title), response_minutes > 0 ? DB_I(response_minutes) : DB_NULL, DB_I(c->now), DB_I(p->id)))
        return perr_db(e, c->db);
    char after[80];
    snprintf(after, sizeof after, "{\"response_minutes\":%lld,\"title\":%s}", (long long)response_minutes,
             title ? "\"changed\"" : "null");
    return audit(c, "project", p->id, "update", after) || perr_db(e, c->db);
}

bool project_list(const Ctx *c, int64_t compound_id, int64_t below, int limit, int64_t **ids, int *n, ProjectErr *e)
{
    *ids = arena_alloc(c->arena, sizeof **ids * (size_t)(limit + 1));
    *n = 0;
    DbStmt *st = db_query(c->db,
                          PROJECT_LIST_IDS,
                          DB_I(compound_id), DB_I(below), DB_I(limit));
    if (!st)
        return perr_db(e, c->db);
    int rc;
    while ((rc = db_step(st)) == DB_ROW && *n < limit)
        (*ids)[(*n)++] = db_col_int(st, 0);
    if (!db_done(st) || rc == DB_ERROR)
        return perr_db(e, c->db);
    return true;
}

bool project_recent(const Ctx *c, int64_t below, int limit, int64_t **ids, int *n, ProjectErr *e)
{
    *ids = arena_alloc(c->arena, sizeof **ids * (size_t)(limit + 1));
    *n = 0;
    DbStmt *st = db_query(c->db, PROJECT_RECENT_IDS, DB_I(below), DB_I(limit));
    if (!st)
        return perr_db(e, c->db);
    int rc;
    while ((rc = db_step(st)) == DB_ROW && *n < limit)
        (*ids)[(*n)++] = db_col_int(st, 0);
    if (!db_done(st) || rc == DB_ERROR)
        return perr_db(e, c->db);
    return true;
}

/* ---- items --------------------------------------------------------------- */

#define ITEM_COLS                                                                                                      \
    "SELECT id, project_id, tier, kind, name, standard, materials, budget, contractor_org_id, planned_start, "          \
    "planned_end, uses_maintenance_fund, vote_id, status, started_at, created_at FROM project_item "

static void item_row(const Ctx *c, DbStmt *st, ProjectItem *it)
{
    *it = (ProjectItem){.id = db_col_int(st, 0), .project_id = db_col_int(st, 1),
                        .tier = arena_strdup(c->arena, db_col_text(st, 2)),
                        .kind = arena_strdup(c->arena, db_col_text(st, 3)),
                        .name = arena_strdup(c->arena, db_col_text(st, 4)),
                        .standard = arena_strdup(c->arena, db_col_text(st, 5)),
                        .materials = arena_strdup(c->arena, db_col_text(st, 6)), .budget = db_col_int(st, 7),
                        .contractor_org_id = db_col_int(st, 8), .planned_start = db_col_int(st, 9),
                        .planned_end = db_col_int(st, 10), .uses_maintenance_fund = db_col_int(st, 11) != 0,
                        .vote_id = db_col_int(st, 12), .status = arena_strdup(c->arena, db_col_text(st, 13)),
                        .started_at = db_col_int(st, 14), .created_at = db_col_int(st, 15)};
}

static bool item_extras(const Ctx *c, ProjectItem *it, ProjectErr *e)
{
    DbStmt *st = db_query(c->db, "SELECT user_id FROM project_rep WHERE item_id = ? ORDER BY user_id", DB_I(it->id));
    if (!st)
        return perr_db(e, c->db);
    int rc;
    while ((rc = db_step(st)) == DB_ROW)
        if (it->n_reps < PROJECT_REPS_MAX)
            it->reps[it->n_reps++] = db_col_int(st, 0);
    if (!db_done(st) || rc == DB_ERROR)
        return perr_db(e, c->db);
    if (it->contractor_org_id) {
        OrgInfo o;
        GridRead g = grid_org_get(c, it->contractor_org_id, &o);
        if (g == GRID_OK)
            it->contractor_name = o.name;
        else if (g != GRID_NOT_FOUND)
            return perr_grid(e, g);
    }
    return true;
}

bool project_item_add(const Ctx *c, const Project *p, const ProjectItemNew *in, int64_t *id, ProjectErr *e)
{
    if (!project_tier_valid(in->tier))
        return perr(e, PM_BAD_TIER, "tier");
    const char *tier = project_kind_tier(in->kind);
    if (!tier)
        return perr(e, PM_BAD_KIND, "kind");
    if (strcmp(tier, in->tier) != 0)
        return perr(e, PM_KIND_NOT_IN_TIER, "kind");
    if (in->budget < 0 || in->budget > PROJECT_BUDGET_MAX)
        return perr(e, PM_BAD_BUDGET, "budget");
    if (in->planned_start && in->planned_end && in->planned_end < in->planned_start)
        return perr(e, PM_BAD_DATES, "planned_end");
    if (in->contractor_org_id) {
        OrgInfo o;
        GridRead g = grid_org_get(c, in->contractor_org_id, &o);
        if (g == GRID_NOT_FOUND || (g == GRID_OK && strcmp(o.kind, "contractor") != 0))
            return perr(e, PM_NO_CONTRACTOR, "contractor_org_id");
        if (g != GRID_OK)
            return perr_grid(e, g);
    }
    if (in->vote_id) {
        VoteBrief v;
        bool found;
        if (!vote_brief(c, in->vote_id, &v, &found))
            return perr_db(e, c->db);
        if (!found)
            return perr(e, PM_NO_VOTE, "vote_id");
    }
    if (in->n_reps > PROJECT_REPS_MAX)
        return perr(e, PM_TOO_MANY_REPS, "representatives");
    for (int i = 0; i < in->n_reps; i++) {
        UserInfo u;
        AuthRead a = auth_user_get(c, in->reps[i], &u);
        if (a == AUTH_NOT_FOUND)
            return perr(e, PM_NO_USER, "representatives");
        if (a != AUTH_OK)
            return perr(e, a == AUTH_BUSY ? PM_BUSY : PM_INTERNAL, NULL);
        for (int j = 0; j < i; j++)
            if (in->reps[j] == in->reps[i])
                return perr(e, PM_NO_USER, "representatives");
    }
    *id = 0;
    if (!db_int(c->db, id,
                "INSERT INTO project_item (project_id, tier, kind, name, standard, materials, budget, "
                "contractor_org_id, planned_start, planned_end, uses_maintenance_fund, vote_id, created_at, "
                "updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                DB_I(p->id), DB_T(in->tier), DB_T(in->kind), DB_T(in->name), DB_T(in->standard ? in->standard : ""),
                DB_T(in->materials ? in->materials : ""), DB_I(in->budget),
                in->contractor_org_id ? DB_I(in->contractor_org_id) : DB_NULL,
                in->planned_start ? DB_I(in->planned_start) : DB_NULL,
                in->planned_end ? DB_I(in->planned_end) : DB_NULL, DB_I(in->uses_maintenance_fund ? 1 : 0),
                in->vote_id ? DB_I(in->vote_id) : DB_NULL, DB_I(c->now), DB_I(c->now)))
        return perr_db(e, c->db);
    for (int i = 0; i < in->n_reps; i++)
        if (!db_exec(c->db, "INSERT INTO project_rep (item_id, user_id, created_at) VALUES (?, ?, ?)", DB_I(*id),
                     DB_I(in->reps[i]), DB_I(c->now)))
            return perr_db(e, c->db);
    char after[200];
    snprintf(after, sizeof after, "{\"project_id\":%lld,\"kind\":\"%s\",\"budget\":%lld,\"vote_id\":%lld}",
             (long long)p->id, in->kind, (long long)in->budget, (long long)in->vote_id);
    return audit(c, "project_item", *id, "create", after) || perr_db(e, c->db);
}

bool project_item_get(const Ctx *c, int64_t project_id, int64_t item_id, ProjectItem *out, ProjectErr *e)
{
    DbStmt *st = db_query(c->db, ITEM_COLS "WHERE id = ? AND project_id = ?", DB_I(item_id), DB_I(project_id));
    if (!st)
        return perr_db(e, c->db);
    int rc = db_step(st);
    if (rc == DB_ROW)
        item_row(c, st, out);
    if (!db_done(st) || rc == DB_ERROR)
        return perr_db(e, c->db);
    if (rc != DB_ROW)
        return perr(e, PM_NO_ITEM, "item_id");
    return item_extras(c, out, e);
}

bool project_items(const Ctx *c, int64_t project_id, ProjectItem **out, int *n, ProjectErr *e)
{
    int cap = 16;
    *out = arena_alloc(c->arena, sizeof **out * (size_t)cap);
    *n = 0;
    DbStmt *st = db_query(c->db, ITEM_COLS "WHERE project_id = ? ORDER BY id", DB_I(project_id));
    if (!st)
        return perr_db(e, c->db);
    int rc;
    while ((rc = db_step(st)) == DB_ROW) {
        if (*n == cap) {
            ProjectItem *bigger = arena_alloc(c->arena, sizeof *bigger * (size_t)cap * 2);
            memcpy(bigger, *out, sizeof *bigger * (size_t)cap);
            *out = bigger;
            cap *= 2;
        }
        item_row(c, st, &(*out)[(*n)++]);
    }
    if (!db_done(st) || rc == DB_ERROR)
        return perr_db(e, c->db);
    for (int i = 0; i < *n; i++)
        if (!item_extras(c, &(*out)[i], e))
            return false;
    return true;
}

bool project_item_is_rep(const ProjectItem *it, int64_t user_id)
{
    for (int i = 0; i < it->n_reps; i++)
        if (it->reps[i] == user_id)
            return true;
    return false;
}

bool project_item_start(const Ctx *c, const Project *p, int64_t item_id, ProjectErr *e)
{
    ProjectItem it;
    if (!project_item_get(c, p->id, item_id, &it, e))
        return false;
    bool passed = false;
    if (it.uses_maintenance_fund && it.vote_id) {
        const char *why;
        if (!vote_passed_for(c, it.vote_id, 5, p->node_path, &passed, &why))
            return perr_db(e, c->db);
    }
    switch (project_start_rule(strcmp(it.status, "planned") == 0, it.uses_maintenance_fund, it.vote_id != 0,
                               passed)) {
    case PSTART_NOT_PLANNED:
        return perr(e, PM_NOT_PLANNED, "item_id");
    case PSTART_NEEDS_VOTE:
        return perr(e, PM_VOTE_REQUIRED, "vote_id");
    case PSTART_VOTE_NOT_PASSED:
        return perr(e, PM_VOTE_NOT_PASSED, "vote_id");
    case PSTART_OK:
        break;
    }
    /* status in the WHERE: two starting at once, one wins */
    if (!db_exec(c->db,
                 "UPDATE project_item SET status = 'started', started_at = ?, updated_at = ? "
                 "WHERE id = ? AND status = 'planned'",
                 DB_I(c->now), DB_I(c->now), DB_I(item_id)))
        return perr_db(e, c->db);
    if (db_changes(c->db) != 1)
        return perr(e, PM_NOT_PLANNED, "item_id");
    return audit(c, "project_item", item_id, "start", "{\"status\":\"started\"}") || perr_db(e, c->db);
}

/* ---- inspections and defects ---------------------------------------------------- */

static const char *join_keys(const Ctx *c, const char *const *keys, int n)
{
    size_t len = 1;
    for (int i = 0; i < n; i++)
        len += strlen(keys[i]) + 1;
    char *out = arena_alloc(c->arena, len), *w = out;
    *w = 0;
    for (int i = 0; i < n; i++)
        w += sprintf(w, "%s%s", i ? "," : "", keys[i]);
    return out;
}

static bool emit(const Ctx *c, const char *type, const char *entity, int64_t id, const char *path, bool urgent,
                 const char *title, const char *link, ProjectErr *e)
{
    NotifyEvent ev = {.type = type, .entity = entity, .entity_id = id, .node_path = path, .urgent = urgent,
                      .title = title, .body = "", .link = link};
    return notify_emit(c, &ev, NULL) || perr_db(e, c->db);
}

bool project_inspect(const Ctx *c, const Project *p, const ProjectInspectionNew *in, int64_t *id, int *n_defects,
                     ProjectErr *e)
{
    ProjectItem it;
    if (!project_item_get(c, p->id, in->item_id, &it, e))
        return false;
    bool milestone = in->kind && strcmp(in->kind, "milestone") == 0;
    if (!in->kind || (!milestone && strcmp(in->kind, "fortnightly") != 0))
        return perr(e, PM_BAD_INSPECTION_KIND, "kind");
    if (milestone && (!in->milestone || !in->milestone[0]))
        return perr(e, PM_MILESTONE_REQUIRED, "milestone");
    if (strcmp(it.status, "started") != 0)
        return perr(e, PM_NOT_STARTED, "item_id");
    const char *fault = project_checklist_fault(it.kind, in->passed, in->n_passed, in->failed, in->n_failed);
    if (fault) {
        perr(e, PM_CHECKLIST_INCOMPLETE, "checks");
        e->detail = arena_strdup(c->arena, fault);
        return false;
    }
    *id = 0;
    if (!db_int(c->db, id,
                "INSERT INTO project_inspection (project_id, item_id, kind, milestone, inspector_id, inspected_at, "
                "passed, failed, notes, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                DB_I(p->id), DB_I(it.id), DB_T(in->kind), DB_T(milestone ? in->milestone : ""), DB_I(ctx_actor(c)),
                DB_I(c->now), DB_T(join_keys(c, in->passed, in->n_passed)),
                DB_T(join_keys(c, in->failed, in->n_failed)), DB_T(in->notes ? in->notes : ""), DB_I(c->now)))
        return perr_db(e, c->db);
    int64_t days = in->defect_days > 0 ? in->defect_days : 7;
    int nck;
    const ProjectCheck *list = project_checklist(it.kind, &nck);
    for (int i = 0; i < in->n_failed; i++) {
        const char *label = in->failed[i];
        for (int k = 0; k < nck; k++)
            if (strcmp(list[k].key, in->failed[i]) == 0)
                label = list[k].label_zh;
        const char *desc = arena_printf(c->arena, "%s：%s不合格", it.name, label);
        int64_t did = 0;
        if (!db_int(c->db, &did,
                    "INSERT INTO project_defect (project_id, item_id, inspection_id, check_key, description, due_at, "
                    "created_at) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id",
                    DB_I(p->id), DB_I(it.id), DB_I(*id), DB_T(in->failed[i]), DB_T(desc),
                    DB_I(c->now + days * PROJECT_DAY), DB_I(c->now)))
            return perr_db(e, c->db);
        if (!audit(c, "project_defect", did, "create", NULL))
            return perr_db(e, c->db);
        if (!emit(c, "project.defect", "project_defect", did, p->node_path, false,
                  arena_printf(c->arena, "整改项：%s", desc), arena_printf(c->arena, "/projects/%lld", (long long)p->id),
                  e))
            return false;
    }
    if (n_defects)
        *n_defects = in->n_failed;
    char after[120];
    snprintf(after, sizeof after, "{\"item_id\":%lld,\"failed\":%d}", (long long)it.id, in->n_failed);
    return audit(c, "project_inspection", *id, "create", after) || perr_db(e, c->db);
}

bool project_inspections(const Ctx *c, int64_t project_id, int64_t below, int limit, ProjectInspection **out, int *n,
                         ProjectErr *e)
{
    *out = arena_alloc(c->arena, sizeof **out * (size_t)(limit + 1));
    *n = 0;
    DbStmt *st = db_query(c->db,
                          PROJECT_INSPECTIONS_PAGE,
                          DB_I(project_id), DB_I(below), DB_I(limit));
    if (!st)
        return perr_db(e, c->db);
    int rc;
    while ((rc = db_step(st)) == DB_ROW && *n < limit)
        (*out)[(*n)++] = (ProjectInspection){db_col_int(st, 0),
                                             db_col_int(st, 1),
                                             db_col_int(st, 2),
                                             db_col_int(st, 3),
                                             arena_strdup(c->arena, db_col_text(st, 4)),
                                             arena_strdup(c->arena, db_col_text(st, 5)),
                                             arena_strdup(c->arena, db_col_text(st, 6)),
                                             arena_strdup(c->arena, db_col_text(st, 7)),
                                             arena_strdup(c->arena, db_col_text(st, 8))};
    if (!db_done(st) || rc == DB_ERROR)
        return perr_db(e, c->db);
    return true;
}

bool project_rounds(const Ctx *c, const ProjectItem *items, int n, ProjectRound *rounds, ProjectErr *e)
{
    for (int i = 0; i < n; i++) {
        rounds[i] = (ProjectRound){0, 0, false};
        if (strcmp(items[i].status, "started") != 0)
            continue;
        int cap = 64, m = 0;
        int64_t *times = arena_alloc(c->arena, sizeof *times * (size_t)cap);
        DbStmt *st = db_query(c->db,
                              PROJECT_ITEM_ROUNDS,
                              DB_I(items[i].id), DB_I(items[i].started_at));
        if (!st)
            return perr_db(e, c->db);
        int rc;
        while ((rc = db_step(st)) == DB_ROW) {
            if (m == cap) {
                int64_t *bigger = arena_alloc(c->arena, sizeof *bigger * (size_t)cap * 2);
                memcpy(bigger, times, sizeof *times * (size_t)cap);
                times = bigger;
                cap *= 2;
            }
            times[m++] = db_col_int(st, 0);
        }
        if (!db_done(st) || rc == DB_ERROR)
            return perr_db(e, c->db);
        project_round(items[i].started_at, times, m, c->now, &rounds[i]);
    }
    return true;
}

#define DEFECT_COLS                                                                                                    \
    "SELECT id, item_id, inspection_id, due_at, fixed_at, closed_at, created_at, level, check_key, description, "      \
    "status FROM project_defect "

static void defect_row(const Ctx *c, DbStmt *st, ProjectDefect *d)
{
    *d = (ProjectDefect){db_col_int(st, 0),
                         db_col_int(st, 1),
                         db_col_int(st, 2),
                         db_col_int(st, 3),
                         db_col_int(st, 4),
                         db_col_int(st, 5),
                         db_col_int(st, 6),
                         (int)db_col_int(st, 7),
                         arena_strdup(c->arena, db_col_text(st, 8)),
                         arena_strdup(c->arena, db_col_text(st, 9)),
                         arena_strdup(c->arena, db_col_text(st, 10))};
}

bool project_defects(const Ctx *c, int64_t project_id, int64_t below, int limit, ProjectDefect **out, int *n,
                     ProjectErr *e)
{
    *out = arena_alloc(c->arena, sizeof **out * (size_t)(limit + 1));
    *n = 0;
    DbStmt *st = db_query(c->db, PROJECT_DEFECTS_PAGE,
                          DB_I(project_id), DB_I(below), DB_I(limit));
    if (!st)
        return perr_db(e, c->db);
    int rc;
    while ((rc = db_step(st)) == DB_ROW && *n < limit)
        defect_row(c, st, &(*out)[(*n)++]);
    if (!db_done(st) || rc == DB_ERROR)
        return perr_db(e, c->db);
    return true;
}

bool project_defect_get(const Ctx *c, int64_t project_id, int64_t defect_id, ProjectDefect *out, ProjectErr *e)
{
    DbStmt *st = db_query(c->db, DEFECT_COLS "WHERE id = ? AND project_id = ?", DB_I(defect_id), DB_I(project_id));
    if (!st)
        return perr_db(e, c->db);
    int rc = db_step(st);
    if (rc == DB_ROW)
        defect_row(c, st, out);
    if (!db_done(st) || rc == DB_ERROR)
        return perr_db(e, c->db);
    return rc == DB_ROW || perr(e, PM_NO_DEFECT, "defect_id");
}

bool project_defect_fixed(const Ctx *c, const Project *p, int64_t defect_id, ProjectErr *e)
{
    ProjectDefect d;
    if (!project_defect_get(c, p->id, defect_id, &d, e))
        return false;
    if (!db_exec(c->db, "UPDATE project_defect SET status = 'fixed', fixed_at = ? WHERE id = ? AND status = 'open'",
                 DB_I(c->now), DB_I(defect_id)))
        return perr_db(e, c->db);
    if (db_changes(c->db) != 1)
        return perr(e, PM_DEFECT_NOT_OPEN, "defect_id");
    return audit(c, "project_defect", defect_id, "fixed", "{\"status\":\"fixed\"}") || perr_db(e, c->db);
}

bool project_defect_recheck(const Ctx *c, const Project *p, int64_t defect_id, bool passed, int64_t days,
                            ProjectErr *e)
{
    ProjectDefect d;
    if (!project_defect_get(c, p->id, defect_id, &d, e))
        return false;
    bool ok = passed ? db_exec(c->db,
                               "UPDATE project_defect SET status = 'closed', closed_at = ? WHERE id = ? AND "
                               "status = 'fixed'",
                               DB_I(c->now), DB_I(defect_id))
                     : db_exec(c->db,
                               "UPDATE project_defect SET status = 'open', due_at = ?, level = 0, fixed_at = NULL "
                               "WHERE id = ? AND status = 'fixed'",
                               DB_I(c->now + (days > 0 ? days : 7) * PROJECT_DAY), DB_I(defect_id));
    if (!ok)
        return perr_db(e, c->db);
    if (db_changes(c->db) != 1)
        return perr(e, PM_DEFECT_NOT_FIXED, "defect_id");
    return audit(c, "project_defect", defect_id, passed ? "close" : "reopen", NULL) || perr_db(e, c->db);
}

bool project_open_defects(const Ctx *c, int64_t project_id, int64_t *n, ProjectErr *e)
{
    *n = 0;
    return db_int(c->db, n,
                  "SELECT COUNT(*) FROM project_defect WHERE project_id = ? AND status <> 'closed'",
                  DB_I(project_id)) ||
           perr_db(e, c->db);
}

bool project_defect_sweep(Db *db, int64_t now, int *n_escalated)
{
    *n_escalated = 0;
    Arena *a = arena_new();
    if (!a)
        return false;
    Ctx c = {db, a, NULL, now};
    enum { BATCH = 200 };
    int64_t ids[BATCH], projects[BATCH], dues[BATCH];
    int levels[BATCH];
    bool ok = true;
    /* every defect below the top level, in batches along (due_at, id), so
     * a crowd of old ones at their level never hides a newer one */
    int64_t after_due = INT64_MIN, after_id = 0;
    for (int n = BATCH; ok && n == BATCH;) {
        n = 0;
        int rc;
        DbStmt *st = db_query(db, PROJECT_SWEEP, DB_I(now), DB_I(after_due), DB_I(after_due), DB_I(after_id));
        if (!st) {
            ok = false;
            break;
        }
        while ((rc = db_step(st)) == DB_ROW && n < BATCH) {
            ids[n] = db_col_int(st, 0);
            projects[n] = db_col_int(st, 1);
            dues[n] = db_col_int(st, 2);
            levels[n] = (int)db_col_int(st, 3);
            n++;
        }
        if (!db_done(st) || rc == DB_ERROR)
            ok = false;
        if (n > 0) {
            after_due = dues[n - 1];
            after_id = ids[n - 1];
        }
        for (int i = 0; ok && i < n; i++) {
            int want = project_defect_level(dues[i], now);
            if (want <= levels[i])
                continue;
            /* level in the WHERE: a step is taken once, whoever sweeps */
            ok = db_exec(db, "UPDATE project_defect SET level = ? WHERE id = ? AND level = ?", DB_I(want),
                         DB_I(ids[i]), DB_I(levels[i]));
            if (!ok || db_changes(db) != 1)
                continue;
            Project p;
            ProjectErr e;
            char after[40];
            snprintf(after, sizeof after, "{\"level\":%d}", want);
            ok = project_get(&c, projects[i], &p, &e) && audit(&c, "project_defect", ids[i], "escalate", after) &&
                 emit(&c, "project.defect_overdue", "project_defect", ids[i], p.node_path, want >= 3,
                      arena_printf(a, "整改项已逾期（第%d级督办）：%s", want, p.title),
                      arena_printf(a, "/projects/%lld", (long long)p.id), &e);
            if (ok)
                (*n_escalated)++;
        }
    }
    arena_free(a);
    return ok;
}

/* ---- sign-offs ---------------------------------------------------------------- */

bool project_signoff_add(const Ctx *c, const Project *p, int64_t item_id, const char *kind, const char *title,
                         const char *test_report, int64_t *id, ProjectErr *e)
{
    if (!kind || (strcmp(kind, "hidden_work") != 0 && strcmp(kind, "material") != 0))
        return perr(e, PM_BAD_SIGNOFF_KIND, "kind");
    ProjectItem it;
    if (!project_item_get(c, p->id, item_id, &it, e))
        return false;
    if (it.n_reps == 0)
        return perr(e, PM_NO_REPS, "item_id");
    *id = 0;
    if (!db_int(c->db, id,
                "INSERT INTO project_signoff (project_id, item_id, kind, title, test_report, created_by, created_at, "
                "updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                DB_I(p->id), DB_I(item_id), DB_T(kind), DB_T(title), DB_T(test_report ? test_report : ""),
                DB_I(ctx_actor(c)), DB_I(c->now), DB_I(c->now)))
        return perr_db(e, c->db);
    if (!audit(c, "project_signoff", *id, "create", NULL))
        return perr_db(e, c->db);
    return emit(c, "project.signoff", "project_signoff", *id, p->node_path, false,
                arena_printf(c->arena, "待居民代表签字：%s", title),
                arena_printf(c->arena, "/projects/%lld", (long long)p->id), e);
}

static bool signoff_fill(const Ctx *c, ProjectSignoff *s, ProjectErr *e)
{
    DbStmt *st = db_query(c->db, "SELECT user_id FROM project_signature WHERE signoff_id = ? ORDER BY user_id",
                          DB_I(s->id));
    if (!st)
        return perr_db(e, c->db);
    int rc;
    while ((rc = db_step(st)) == DB_ROW)
        if (s->n_signed < PROJECT_REPS_MAX)
            s->signed_by[s->n_signed++] = db_col_int(st, 0);
    if (!db_done(st) || rc == DB_ERROR)
        return perr_db(e, c->db);
    int64_t reps = 0;
    if (!db_int(c->db, &reps, "SELECT COUNT(*) FROM project_rep WHERE item_id = ?", DB_I(s->item_id)))
        return perr_db(e, c->db);
    s->n_reps = (int)reps;
    s->complete = s->n_signed >= s->n_reps && s->n_reps > 0;
    return true;
}

#define SIGNOFF_COLS "SELECT id, item_id, created_at, kind, title, test_report FROM project_signoff "

static void signoff_row(const Ctx *c, DbStmt *st, ProjectSignoff *s)
{
    *s = (ProjectSignoff){.id = db_col_int(st, 0), .item_id = db_col_int(st, 1), .created_at = db_col_int(st, 2),
                          .kind = arena_strdup(c->arena, db_col_text(st, 3)),
                          .title = arena_strdup(c->arena, db_col_text(st, 4)),
                          .test_report = arena_strdup(c->arena, db_col_text(st, 5))};
}

bool project_signoff_get(const Ctx *c, int64_t project_id, int64_t signoff_id, ProjectSignoff *out, ProjectErr *e)
{
    DbStmt *st = db_query(c->db, SIGNOFF_COLS "WHERE id = ? AND project_id = ?", DB_I(signoff_id), DB_I(project_id));
    if (!st)
        return perr_db(e, c->db);
    int rc = db_step(st);
    if (rc == DB_ROW)
        signoff_row(c, st, out);
    if (!db_done(st) || rc == DB_ERROR)
        return perr_db(e, c->db);
    if (rc != DB_ROW)
        return perr(e, PM_NO_SIGNOFF, "signoff_id");
    return signoff_fill(c, out, e);
}

bool project_signoffs(const Ctx *c, int64_t project_id, ProjectSignoff **out, int *n, ProjectErr *e)
{
    int cap = 16;
    *out = arena_alloc(c->arena, sizeof **out * (size_t)cap);
    *n = 0;
    DbStmt *st = db_query(c->db, SIGNOFF_COLS "WHERE project_id = ? ORDER BY id DESC LIMIT 200", DB_I(project_id));
    if (!st)
        return perr_db(e, c->db);
    int rc;
    while ((rc = db_step(st)) == DB_ROW) {
        if (*n == cap) {
            ProjectSignoff *bigger = arena_alloc(c->arena, sizeof *bigger * (size_t)cap * 2);
            memcpy(bigger, *out, sizeof *bigger * (size_t)cap);
            *out = bigger;
            cap *= 2;
        }
        signoff_row(c, st, &(*out)[(*n)++]);
    }
    if (!db_done(st) || rc == DB_ERROR)
        return perr_db(e, c->db);
    for (int i = 0; i < *n; i++)
        if (!signoff_fill(c, &(*out)[i], e))
            return false;
    return true;
}

bool project_sign(const Ctx *c, const Project *p, int64_t signoff_id, ProjectErr *e)
{
    int64_t me = ctx_actor(c);
    /* Touching the sign-off first takes its row lock (PostgreSQL), so two
     * representatives signing at once are put one after the other and each
     * sees the other's signature. */
    if (!db_exec(c->db, "UPDATE project_signoff SET updated_at = ? WHERE id = ? AND project_id = ?", DB_I(c->now),
                 DB_I(signoff_id), DB_I(p->id)))
        return perr_db(e, c->db);
    if (db_changes(c->db) != 1)
        return perr(e, PM_NO_SIGNOFF, "signoff_id");
    ProjectSignoff s;
    if (!project_signoff_get(c, p->id, signoff_id, &s, e))
        return false;
    ProjectItem it;
    if (!project_item_get(c, p->id, s.item_id, &it, e))
        return false;
    bool already = false;
    for (int i = 0; i < s.n_signed; i++)
        already = already || s.signed_by[i] == me;
    switch (project_sign_rule(me && project_item_is_rep(&it, me), already)) {
    case PSIGN_NOT_REP:
        return perr(e, PM_NOT_REP, NULL);
    case PSIGN_ALREADY:
        return perr(e, PM_ALREADY_SIGNED, NULL);
    case PSIGN_OK:
        break;
    }
    if (!db_exec(c->db, "INSERT INTO project_signature (signoff_id, user_id, signed_at) VALUES (?, ?, ?)",
                 DB_I(signoff_id), DB_I(me), DB_I(c->now))) {
        if (db_error_class(c->db) == DB_ERR_CONSTRAINT)
            return perr(e, PM_ALREADY_SIGNED, NULL);
        return perr_db(e, c->db);
    }
    return audit(c, "project_signoff", signoff_id, "sign", NULL) || perr_db(e, c->db);
}

/* ---- residents' concerns --------------------------------------------------------- */

bool project_concern(const Ctx *c, const Project *p, const char *category, const char *description,
                     const char *place, int64_t *order_id, ProjectErr *e)
{
    WoRaise in = {.node_id = p->node_id, .category_code = category && category[0] ? category : "other",
                  .description = description, .place_text = place, .channel = NULL, .source_kind = "project",
                  .source_id = p->id, .response_minutes = p->response_minutes};
    WoErr we;
    if (wo_raise(c, &in, order_id, &we))
        return true;
    if (we.msg == WM_BUSY)
        return perr(e, PM_BUSY, NULL);
    if (we.msg == WM_INTERNAL)
        return perr(e, PM_INTERNAL, NULL);
    perr(e, PM_CONCERN_REFUSED, we.field);
    return false;
}

/* ---- acceptance ---------------------------------------------------------------------- */

bool project_acceptances(const Ctx *c, int64_t project_id, ProjectAcceptance *out, int *n, ProjectErr *e)
{
    *n = 0;
    DbStmt *st = db_query(c->db,
                          "SELECT id, stage, findings, created_by, created_at FROM project_acceptance "
                          "WHERE project_id = ? ORDER BY id",
                          DB_I(project_id));
    if (!st)
        return perr_db(e, c->db);
    int rc;
    while ((rc = db_step(st)) == DB_ROW && *n < PSTAGE__COUNT) {
        int stage = project_stage_parse(db_col_text(st, 1));
        out[(*n)++] = (ProjectAcceptance){.id = db_col_int(st, 0), .stage = stage < 0 ? PSTAGE_SELF : stage,
                                          .findings = arena_strdup(c->arena, db_col_text(st, 2)),
                                          .created_by = db_col_int(st, 3), .created_at = db_col_int(st, 4)};
    }
    if (!db_done(st) || rc == DB_ERROR)
        return perr_db(e, c->db);
    for (int i = 0; i < *n; i++) {
        st = db_query(c->db, "SELECT role, name FROM project_acceptance_signer WHERE acceptance_id = ? ORDER BY role",
                      DB_I(out[i].id));
        if (!st)
            return perr_db(e, c->db);
        while ((rc = db_step(st)) == DB_ROW && out[i].n_signers < PROJECT_SIGNERS_MAX)
            out[i].signers[out[i].n_signers++] = (ProjectSigner){arena_strdup(c->arena, db_col_text(st, 0)),
                                                                  arena_strdup(c->arena, db_col_text(st, 1))};
        if (!db_done(st) || rc == DB_ERROR)
            return perr_db(e, c->db);
    }
    return true;
}

bool project_accept(const Ctx *c, const Project *p, ProjectStage stage, const char *findings,
                    const ProjectSigner *signers, int n_signers, int64_t *id, ProjectErr *e)
{
    if ((int)stage < 0 || stage >= PSTAGE__COUNT)
        return perr(e, PM_BAD_STAGE, "stage");
    if (n_signers > PROJECT_SIGNERS_MAX)
        return perr(e, PM_BAD_SIGNER_ROLE, "signatories");
    const char *roles[PROJECT_SIGNERS_MAX];
    for (int i = 0; i < n_signers; i++) {
        if (!project_signer_role_valid(signers[i].role) || !signers[i].name || !signers[i].name[0])
            return perr(e, PM_BAD_SIGNER_ROLE, "signatories");
        for (int j = 0; j < i; j++)
            if (strcmp(roles[j], signers[i].role) == 0)
                return perr(e, PM_BAD_SIGNER_ROLE, "signatories");
        roles[i] = signers[i].role;
    }
    /* The project row is touched first: two acceptances of one project are
     * decided one after the other. */
    if (!db_exec(c->db, "UPDATE project SET updated_at = ? WHERE id = ?", DB_I(c->now), DB_I(p->id)))
        return perr_db(e, c->db);
    ProjectAcceptance acc[PSTAGE__COUNT];
    int n;
    if (!project_acceptances(c, p->id, acc, &n, e))
        return false;
    bool done[PSTAGE__COUNT] = {false, false, false};
    for (int i = 0; i < n; i++)
        done[acc[i].stage] = true;
    int64_t open = 0;
    if (stage == PSTAGE_FINAL && !project_open_defects(c, p->id, &open, e))
        return false;
    const char *missing;
    switch (project_acceptance_rule(stage, done, open, roles, n_signers, &missing)) {
    case PACC_DONE_ALREADY:
        return perr(e, PM_STAGE_DONE, "stage");
    case PACC_PREVIOUS_MISSING:
        return perr(e, PM_PREVIOUS_STAGE, "stage");
    case PACC_OPEN_DEFECTS:
        perr(e, PM_OPEN_DEFECTS, NULL);
        e->detail = arena_printf(c->arena, "%lld", (long long)open);
        return false;
    case PACC_SIGNER_MISSING:
        perr(e, PM_SIGNER_MISSING, "signatories");
        e->detail = missing;
        return false;
    case PACC_OK:
        break;
    }
    *id = 0;
    if (!db_int(c->db, id,
                "INSERT INTO project_acceptance (project_id, stage, findings, created_by, created_at) "
                "VALUES (?, ?, ?, ?, ?) RETURNING id",
                DB_I(p->id), DB_T(project_stage_name(stage)), DB_T(findings ? findings : ""), DB_I(ctx_actor(c)),
                DB_I(c->now))) {
        if (db_error_class(c->db) == DB_ERR_CONSTRAINT)
            return perr(e, PM_STAGE_DONE, "stage");
        return perr_db(e, c->db);
    }
    for (int i = 0; i < n_signers; i++)
        if (!db_exec(c->db, "INSERT INTO project_acceptance_signer (acceptance_id, role, name) VALUES (?, ?, ?)",
                     DB_I(*id), DB_T(signers[i].role), DB_T(signers[i].name)))
            return perr_db(e, c->db);
    char after[64];
    snprintf(after, sizeof after, "{\"stage\":\"%s\"}", project_stage_name(stage));
    if (!audit(c, "project_acceptance", *id, "create", after))
        return perr_db(e, c->db);
    return emit(c, "project.accepted", "project_acceptance", *id, p->node_path, false,
                arena_printf(c->arena, "%s：%s", project_stage_label_zh(stage), p->title),
                arena_printf(c->arena, "/projects/%lld", (long long)p->id), e);
}

bool project_defect_overdue_count(Db *db, int64_t now, int64_t *n)
{
    *n = 0;
    return db_int(db, n, "SELECT COUNT(*) FROM project_defect WHERE status = 'open' AND due_at < ?", DB_I(now));
}
