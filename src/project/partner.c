/* partner.c: the partners who pay: the only writer of partner, partner_plan
 * and partner_obligation. Vetting (credentials, references) ends in the
 * committee's decision; an approved partner signs a contract with a payback
 * plan per income line and its obligations. The money in is the funds'
 * business: recorded through funds_income_record and read back through
 * funds_income_by_line, never from the funds' tables. */
#include "project/list_sql.h"
#include "project/project.h"

#include <stdio.h>
#include <string.h>

#include "auth/audit.h"
#include "funds/funds.h"
#include "grid/read.h"

const char *const project_income_lines[PROJECT_INCOME_LINES] = {"parking", "charging", "advertising",
                                                                 "service_fees"};
static const char *const line_labels[PROJECT_INCOME_LINES] = {"停车收益", "充电收益", "广告收益", "服务费"};

static int line_index(const char *line)
{
    for (int i = 0; line && i < PROJECT_INCOME_LINES; i++)
        if (strcmp(project_income_lines[i], line) == 0)
            return i;
    return -1;
}

bool project_income_line_valid(const char *line)
{
    return line_index(line) >= 0;
}

const char *project_income_line_label_zh(const char *line)
{
    int i = line_index(line);
    return i >= 0 ? line_labels[i] : "其他收益";
}

const char *project_obligation_state(const char *status, int64_t due_at, int64_t now)
{
    if (status && strcmp(status, "met") == 0)
        return "met";
    return now > due_at ? "overdue" : "open";
}

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

static bool perr_grid(ProjectErr *e, GridRead g, const char *field)
{
    if (g == GRID_NOT_FOUND)
        return perr(e, PM_NO_COMPOUND, field);
    return perr(e, g == GRID_BUSY ? PM_BUSY : PM_INTERNAL, NULL);
}

static bool blank(const char *s)
{
    for (; s && *s; s++)
        if (*s != ' ' && *s != '\n' && *s != '\r' && *s != '\t')
            return false;
    return true;
}

bool project_partner_add(const Ctx *c, const PartnerNew *in, int64_t *id, ProjectErr *e)
{
    NodeInfo n;
    GridRead g = grid_node_find(c, in->node_id, &n);
    if (g == GRID_OK && n.kind != NODE_COMPOUND)
        return perr(e, PM_NO_COMPOUND, "compound_id");
    if (g != GRID_OK)
        return perr_grid(e, g, "compound_id");
    if (blank(in->credentials))
        return perr(e, PM_CREDENTIALS_REQUIRED, "credentials");
    if (blank(in->refs))
        return perr(e, PM_REFERENCES_REQUIRED, "references");
    if (in->project_id) {
        Project p;
        if (!project_get(c, in->project_id, &p, e))
            return e->msg == PM_NO_PROJECT ? perr(e, PM_NO_PROJECT, "project_id") : false;
    }
    *id = 0;
    if (!db_int(c->db, id,
                "INSERT INTO partner (node_id, project_id, name, credentials, refs, created_by, created_at) "
                "VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id",
                DB_I(in->node_id), in->project_id ? DB_I(in->project_id) : DB_NULL, DB_T(in->name),
                DB_T(in->credentials), DB_T(in->refs), DB_I(ctx_actor(c)), DB_I(c->now)))
        return perr_db(e, c->db);
    const char *after = arena_printf(c->arena, "{\"node_id\":%lld,\"status\":\"vetting\"}", (long long)in->node_id);
    return audit_append(c->db, ctx_actor(c), "partner", *id, "create", NULL, after) || perr_db(e, c->db);
}

#define PARTNER_COLS                                                                                                   \
    "SELECT id, node_id, project_id, decided_by, decided_at, contract_start, contract_end, created_at, name, "        \
    "credentials, refs, status, decision_note, contract_no FROM partner "

static void partner_row(const Ctx *c, DbStmt *st, Partner *p)
{
    *p = (Partner){.id = db_col_int(st, 0), .node_id = db_col_int(st, 1), .project_id = db_col_int(st, 2),
                   .decided_by = db_col_int(st, 3), .decided_at = db_col_int(st, 4),
                   .contract_start = db_col_int(st, 5), .contract_end = db_col_int(st, 6),
                   .created_at = db_col_int(st, 7), .name = arena_strdup(c->arena, db_col_text(st, 8)),
                   .credentials = arena_strdup(c->arena, db_col_text(st, 9)),
                   .refs = arena_strdup(c->arena, db_col_text(st, 10)),
                   .status = arena_strdup(c->arena, db_col_text(st, 11)),
                   .decision_note = arena_strdup(c->arena, db_col_text(st, 12)),
                   .contract_no = arena_strdup(c->arena, db_col_text(st, 13))};
}

bool project_partner_get(const Ctx *c, int64_t id, Partner *out, ProjectErr *e)
{
    DbStmt *st = db_query(c->db, PARTNER_COLS "WHERE id = ?", DB_I(id));
    if (!st)
        return perr_db(e, c->db);
    int rc = db_step(st);
    if (rc == DB_ROW)
        partner_row(c, st, out);
    if (!db_done(st) || rc == DB_ERROR)
        return perr_db(e, c->db);
    if (rc != DB_ROW)
        return perr(e, PM_NO_PARTNER, "id");
    GridRead g = grid_node_path(c, out->node_id, &out->node_path);
    return g == GRID_OK || perr_grid(e, g, NULL);
}

bool project_partners(const Ctx *c, int64_t node_id, int64_t below, int limit, Partner **out, int *n, ProjectErr *e)
{
    *out = arena_alloc(c->arena, sizeof **out * (size_t)(limit + 1));
    *n = 0;
    DbStmt *st = db_query(c->db, PROJECT_PARTNERS_PAGE, DB_I(node_id), DB_I(below), DB_I(limit));
    if (!st)
        return perr_db(e, c->db);
    int rc;
    while ((rc = db_step(st)) == DB_ROW && *n < limit)
        partner_row(c, st, &(*out)[(*n)++]);
    if (!db_done(st) || rc == DB_ERROR)
        return perr_db(e, c->db);
    return true;
}

bool project_partner_decide(const Ctx *c, const Partner *p, bool approve, const char *note, ProjectErr *e)
{
    if (strcmp(p->status, "vetting") != 0)
        return perr(e, PM_ALREADY_DECIDED, "approve");
    const char *to = approve ? "approved" : "rejected";
    if (!db_exec(c->db,
                       "UPDATE partner SET status = ?, decision_note = ?, decided_by = ?, decided_at = ? "
                       "WHERE id = ? AND status = 'vetting'",
                       DB_T(to), DB_T(note ? note : ""), DB_I(ctx_actor(c)), DB_I(c->now), DB_I(p->id)))
        return perr_db(e, c->db);
    if (db_changes(c->db) != 1)
        return perr(e, PM_ALREADY_DECIDED, "approve");
    const char *after = arena_printf(c->arena, "{\"status\":\"%s\"}", to);
    return audit_append(c->db, ctx_actor(c), "partner", p->id, "decide", "{\"status\":\"vetting\"}", after) ||
           perr_db(e, c->db);
}

bool project_partner_contract(const Ctx *c, const Partner *p, const PartnerContract *in, ProjectErr *e)
{
    if (strcmp(p->status, "approved") != 0)
        return perr(e, strcmp(p->status, "contracted") == 0 ? PM_ALREADY_DECIDED : PM_PARTNER_NOT_APPROVED, NULL);
    if (in->end <= in->start)
        return perr(e, PM_BAD_DATES, "end");
    for (int i = 0; i < PROJECT_INCOME_LINES; i++)
        if (in->planned[i] < 0 || in->planned[i] > PROJECT_BUDGET_MAX)
            return perr(e, PM_BAD_AMOUNT, "plan");
    if (!db_exec(c->db,
                       "UPDATE partner SET status = 'contracted', contract_no = ?, contract_start = ?, "
                       "contract_end = ? WHERE id = ? AND status = 'approved'",
                       DB_T(in->contract_no), DB_I(in->start), DB_I(in->end), DB_I(p->id)))
        return perr_db(e, c->db);
    if (db_changes(c->db) != 1)
        return perr(e, PM_ALREADY_DECIDED, NULL);
    for (int i = 0; i < PROJECT_INCOME_LINES; i++)
        if (in->planned[i] > 0 &&
            !db_exec(c->db, "INSERT INTO partner_plan (partner_id, line, amount) VALUES (?, ?, ?)", DB_I(p->id),
                     DB_T(project_income_lines[i]), DB_I(in->planned[i])))
            return perr_db(e, c->db);
    for (int i = 0; i < in->n_obligations; i++)
        if (!db_exec(c->db, "INSERT INTO partner_obligation (partner_id, description, due_at) VALUES (?, ?, ?)",
                     DB_I(p->id), DB_T(in->obligations[i]), DB_I(in->obligation_due[i])))
            return perr_db(e, c->db);
    const char *after = arena_printf(c->arena, "{\"status\":\"contracted\",\"obligations\":%d}", in->n_obligations);
    return audit_append(c->db, ctx_actor(c), "partner", p->id, "contract", "{\"status\":\"approved\"}", after) ||
           perr_db(e, c->db);
}

bool project_partner_plan(const Ctx *c, const Partner *p, PartnerPlanLine **out, int *n, ProjectErr *e)
{
    *out = arena_alloc(c->arena, sizeof **out * PROJECT_INCOME_LINES);
    *n = 0;
    int64_t planned[PROJECT_INCOME_LINES] = {0};
    DbStmt *st = db_query(c->db, "SELECT line, amount FROM partner_plan WHERE partner_id = ?", DB_I(p->id));
    if (!st)
        return perr_db(e, c->db);
    int rc;
    while ((rc = db_step(st)) == DB_ROW) {
        int i = line_index(db_col_text(st, 0));
        if (i >= 0)
            planned[i] = db_col_int(st, 1);
    }
    if (!db_done(st) || rc == DB_ERROR)
        return perr_db(e, c->db);
    FundsIncomeLine *got = NULL;
    int ng = 0;
    Fund f;
    FundsErr fe;
    if (funds_fund_at(c, p->node_id, "renovation", &f, &fe)) {
        if (!funds_income_by_line(c, f.id, "partner", p->name, &got, &ng, &fe))
            return perr(e, fe.msg == FM_BUSY ? PM_BUSY : PM_INTERNAL, NULL);
    } else if (fe.msg != FM_NO_SUCH_FUND)
        return perr(e, fe.msg == FM_BUSY ? PM_BUSY : PM_INTERNAL, NULL);
    for (int i = 0; i < PROJECT_INCOME_LINES; i++) {
        PartnerPlanLine l = {.line = project_income_lines[i], .planned = planned[i]};
        for (int k = 0; k < ng; k++)
            if (strcmp(got[k].facility, project_income_lines[i]) == 0) {
                l.received = got[k].amount;
                l.receipts = got[k].receipts;
            }
        if (l.planned || l.received)
            (*out)[(*n)++] = l;
    }
    return true;
}

bool project_partner_obligations(const Ctx *c, int64_t partner_id, PartnerObligation **out, int *n, ProjectErr *e)
{
    *out = arena_alloc(c->arena, sizeof **out * (PARTNER_OBLIGATIONS_MAX + 1));
    *n = 0;
    DbStmt *st = db_query(c->db,
                          "SELECT id, partner_id, due_at, met_at, description, status, note FROM partner_obligation "
                          "WHERE partner_id = ? ORDER BY id LIMIT 50",
                          DB_I(partner_id));
    if (!st)
        return perr_db(e, c->db);
    int rc;
    while ((rc = db_step(st)) == DB_ROW && *n < PARTNER_OBLIGATIONS_MAX)
        (*out)[(*n)++] = (PartnerObligation){db_col_int(st, 0),
                                             db_col_int(st, 1),
                                             db_col_int(st, 2),
                                             db_col_int(st, 3),
                                             arena_strdup(c->arena, db_col_text(st, 4)),
                                             arena_strdup(c->arena, db_col_text(st, 5)),
                                             arena_strdup(c->arena, db_col_text(st, 6))};
    if (!db_done(st) || rc == DB_ERROR)
        return perr_db(e, c->db);
    return true;
}

bool project_partner_obligation_met(const Ctx *c, const Partner *p, int64_t obligation_id, const char *note,
                                    ProjectErr *e)
{
    if (strcmp(p->status, "contracted") != 0)
        return perr(e, PM_PARTNER_NOT_CONTRACTED, NULL);
    PartnerObligation *ob;
    int n;
    if (!project_partner_obligations(c, p->id, &ob, &n, e))
        return false;
    const PartnerObligation *o = NULL;
    for (int i = 0; i < n; i++)
        if (ob[i].id == obligation_id)
            o = &ob[i];
    if (!o)
        return perr(e, PM_NO_OBLIGATION, "obligation");
    if (strcmp(o->status, "met") == 0)
        return perr(e, PM_OBLIGATION_MET, "obligation");
    if (!db_exec(c->db, "UPDATE partner_obligation SET status = 'met', met_at = ?, note = ? WHERE id = ?",
                 DB_I(c->now), DB_T(note ? note : ""), DB_I(obligation_id)))
        return perr_db(e, c->db);
    const char *after = arena_printf(c->arena, "{\"obligation\":%lld,\"status\":\"met\",\"late\":%s}",
                                     (long long)obligation_id, c->now > o->due_at ? "true" : "false");
    return audit_append(c->db, ctx_actor(c), "partner", p->id, "obligation_met", NULL, after) || perr_db(e, c->db);
}

bool project_partner_income(const Ctx *c, const Partner *p, const char *line, int64_t amount, int64_t at,
                            int64_t *income_id, ProjectErr *e)
{
    if (!project_income_line_valid(line))
        return perr(e, PM_BAD_INCOME_LINE, "line");
    if (amount <= 0 || amount > PROJECT_BUDGET_MAX)
        return perr(e, PM_BAD_AMOUNT, "amount");
    if (strcmp(p->status, "contracted") != 0)
        return perr(e, PM_PARTNER_NOT_CONTRACTED, NULL);
    Fund f;
    FundsErr fe;
    if (!funds_fund_at(c, p->node_id, "renovation", &f, &fe))
        return perr(e, fe.msg == FM_NO_SUCH_FUND ? PM_NO_FUND : fe.msg == FM_BUSY ? PM_BUSY : PM_INTERNAL, NULL);
    IncomeInput in = {.kind = "partner",
                      .counterparty = p->name,
                      .purpose = arena_printf(c->arena, "%s（合同%s）", project_income_line_label_zh(line),
                                              p->contract_no),
                      .facility = line,
                      .amount = amount,
                      .at = at ? at : c->now};
    if (funds_income_record(c, f.id, f.kind, ctx_actor(c), &in, income_id, &fe))
        return true;
    if (fe.msg == FM_BUSY || fe.msg == FM_INTERNAL_ERROR)
        return perr(e, fe.msg == FM_BUSY ? PM_BUSY : PM_INTERNAL, NULL);
    return perr(e, PM_INCOME_REFUSED, fe.field ? fe.field : "amount");
}
