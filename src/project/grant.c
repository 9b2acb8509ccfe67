/* grant.c: autonomy-fund grants (自治金): the only writer of autonomy_grant
 * and grant_spend. A compound applies with a budget; the committee decides
 * (never the applicant); spending is reported against an approved grant,
 * never beyond its budget, and published with it. */
#include "project/list_sql.h"
#include "project/project.h"

#include <string.h>

#include "auth/audit.h"
#include "grid/read.h"

static bool gerr(ProjectErr *e, ProjectMsg m, const char *field)
{
    *e = (ProjectErr){m, field, NULL};
    return false;
}

static bool gerr_db(ProjectErr *e, Db *db)
{
    *e = (ProjectErr){db_error_class(db) == DB_ERR_BUSY ? PM_BUSY : PM_INTERNAL, NULL, db_errmsg(db)};
    return false;
}

bool project_grant_apply(const Ctx *c, int64_t node_id, const char *title, const char *purpose, int64_t budget,
                         int64_t *id, ProjectErr *e)
{
    NodeInfo n;
    GridRead g = grid_node_find(c, node_id, &n);
    if (g == GRID_NOT_FOUND || (g == GRID_OK && n.kind != NODE_COMPOUND))
        return gerr(e, PM_NO_COMPOUND, "compound_id");
    if (g != GRID_OK)
        return gerr(e, g == GRID_BUSY ? PM_BUSY : PM_INTERNAL, NULL);
    if (budget <= 0 || budget > PROJECT_BUDGET_MAX)
        return gerr(e, PM_BAD_AMOUNT, "budget");
    *id = 0;
    if (!db_int(c->db, id,
                "INSERT INTO autonomy_grant (node_id, title, purpose, budget, created_by, created_at) "
                "VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
                DB_I(node_id), DB_T(title), DB_T(purpose ? purpose : ""), DB_I(budget), DB_I(ctx_actor(c)),
                DB_I(c->now)))
        return gerr_db(e, c->db);
    const char *after =
        arena_printf(c->arena, "{\"node_id\":%lld,\"budget\":%lld}", (long long)node_id, (long long)budget);
    return audit_append(c->db, ctx_actor(c), "autonomy_grant", *id, "apply", NULL, after) || gerr_db(e, c->db);
}

static void grant_row(const Ctx *c, DbStmt *st, AutonomyGrant *g)
{
    *g = (AutonomyGrant){.id = db_col_int(st, 0), .node_id = db_col_int(st, 1), .budget = db_col_int(st, 2),
                 .spent = db_col_int(st, 3), .decided_by = db_col_int(st, 4), .decided_at = db_col_int(st, 5),
                 .created_by = db_col_int(st, 6), .created_at = db_col_int(st, 7),
                 .title = arena_strdup(c->arena, db_col_text(st, 8)),
                 .purpose = arena_strdup(c->arena, db_col_text(st, 9)),
                 .status = arena_strdup(c->arena, db_col_text(st, 10)),
                 .decision_note = arena_strdup(c->arena, db_col_text(st, 11))};
}

bool project_grant_get(const Ctx *c, int64_t id, AutonomyGrant *out, ProjectErr *e)
{
    DbStmt *st = db_query(c->db,
                          "SELECT id, node_id, budget, spent, decided_by, decided_at, created_by, created_at, title, "
                          "purpose, status, decision_note FROM autonomy_grant WHERE id = ?",
                          DB_I(id));
    if (!st)
        return gerr_db(e, c->db);
    int rc = db_step(st);
    if (rc == DB_ROW)
        grant_row(c, st, out);
    if (!db_done(st) || rc == DB_ERROR)
        return gerr_db(e, c->db);
    if (rc != DB_ROW)
        return gerr(e, PM_NO_GRANT, "id");
    GridRead g = grid_node_path(c, out->node_id, &out->node_path);
    return g == GRID_OK || gerr(e, g == GRID_BUSY ? PM_BUSY : PM_INTERNAL, NULL);
}

bool project_grants(const Ctx *c, int64_t node_id, int64_t below, int limit, AutonomyGrant **out, int *n, ProjectErr *e)
{
    *out = arena_alloc(c->arena, sizeof **out * (size_t)(limit + 1));
    *n = 0;
    DbStmt *st = db_query(c->db, PROJECT_GRANTS_PAGE, DB_I(node_id), DB_I(below), DB_I(limit));
    if (!st)
        return gerr_db(e, c->db);
    int rc;
    while ((rc = db_step(st)) == DB_ROW && *n < limit)
        grant_row(c, st, &(*out)[(*n)++]);
    if (!db_done(st) || rc == DB_ERROR)
        return gerr_db(e, c->db);
    return true;
}

bool project_grant_decide(const Ctx *c, const AutonomyGrant *g, bool approve, const char *note, ProjectErr *e)
{
    if (strcmp(g->status, "applied") != 0)
        return gerr(e, PM_ALREADY_DECIDED, "approve");
    if (c->who && g->created_by == ctx_actor(c))
        return gerr(e, PM_OWN_APPLICATION, NULL);
    const char *to = approve ? "approved" : "rejected";
    if (!db_exec(c->db,
                 "UPDATE autonomy_grant SET status = ?, decision_note = ?, decided_by = ?, decided_at = ? "
                 "WHERE id = ? AND status = 'applied'",
                 DB_T(to), DB_T(note ? note : ""), DB_I(ctx_actor(c)), DB_I(c->now), DB_I(g->id)))
        return gerr_db(e, c->db);
    if (db_changes(c->db) != 1)
        return gerr(e, PM_ALREADY_DECIDED, "approve");
    const char *after = arena_printf(c->arena, "{\"status\":\"%s\"}", to);
    return audit_append(c->db, ctx_actor(c), "autonomy_grant", g->id, "decide", "{\"status\":\"applied\"}", after) ||
           gerr_db(e, c->db);
}

bool project_grant_spend(const Ctx *c, const AutonomyGrant *g, int64_t amount, const char *description, int64_t spent_on,
                         int64_t *id, ProjectErr *e)
{
    if (amount <= 0 || amount > PROJECT_BUDGET_MAX)
        return gerr(e, PM_BAD_AMOUNT, "amount");
    if (strcmp(g->status, "approved") != 0)
        return gerr(e, PM_GRANT_NOT_APPROVED, NULL);
    /* the sum moves in the same statement that checks it: two reports at once cannot pass the budget */
    if (!db_exec(c->db, "UPDATE autonomy_grant SET spent = spent + ? WHERE id = ? AND spent + ? <= budget",
                 DB_I(amount), DB_I(g->id), DB_I(amount)))
        return gerr_db(e, c->db);
    if (db_changes(c->db) != 1)
        return gerr(e, PM_OVER_GRANT, "amount");
    *id = 0;
    if (!db_int(c->db, id,
                "INSERT INTO grant_spend (grant_id, amount, description, spent_on, created_by, created_at) "
                "VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
                DB_I(g->id), DB_I(amount), DB_T(description), DB_I(spent_on ? spent_on : c->now),
                DB_I(ctx_actor(c)), DB_I(c->now)))
        return gerr_db(e, c->db);
    const char *after = arena_printf(c->arena, "{\"spend\":%lld,\"amount\":%lld}", (long long)*id, (long long)amount);
    return audit_append(c->db, ctx_actor(c), "autonomy_grant", g->id, "spend", NULL, after) || gerr_db(e, c->db);
}

bool project_grant_spends(const Ctx *c, int64_t grant_id, GrantSpend **out, int *n, ProjectErr *e)
{
    *out = arena_alloc(c->arena, sizeof **out * (GRANT_SPENDS_MAX + 1));
    *n = 0;
    DbStmt *st = db_query(c->db,
                          "SELECT id, grant_id, amount, spent_on, created_at, description FROM grant_spend "
                          "WHERE grant_id = ? ORDER BY id LIMIT 200",
                          DB_I(grant_id));
    if (!st)
        return gerr_db(e, c->db);
    int rc;
    while ((rc = db_step(st)) == DB_ROW && *n < GRANT_SPENDS_MAX)
        (*out)[(*n)++] = (GrantSpend){db_col_int(st, 0), db_col_int(st, 1), db_col_int(st, 2),
                                      db_col_int(st, 3), db_col_int(st, 4),
                                      arena_strdup(c->arena, db_col_text(st, 5))};
    if (!db_done(st) || rc == DB_ERROR)
        return gerr_db(e, c->db);
    return true;
}
