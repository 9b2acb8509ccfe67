/* model.c: the funds' operations: income, levies and receipts, payment
 * requests with their signatures and the disbursement. Handlers and the
 * demo call these inside their transaction. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "auth/audit.h"
#include "funds/funds_int.h"
#include "funds/list_sql.h"
#include "vote/notice.h"
#include "vote/vote.h"

#define BANK "1001"

bool funds_err(FundsErr *e, FundsMsg msg, const char *field)
{
    *e = (FundsErr){msg, field, NULL};
    return false;
}

bool funds_err_db(FundsErr *e, Db *db)
{
    funds_err(e, db_error_class(db) == DB_ERR_BUSY ? FM_BUSY : FM_INTERNAL_ERROR, NULL);
    e->detail = db_errmsg(db);
    return false;
}

bool funds_err_ledger(FundsErr *e, Db *db, LedgerError why)
{
    switch (why) {
    case LEDGER_ERR_INVALID:
        return funds_err(e, FM_UNBALANCED, "lines");
    case LEDGER_ERR_NOT_REVERSIBLE:
        return funds_err(e, FM_NOT_REVERSIBLE, NULL);
    case LEDGER_ERR_BALANCE_LIMIT:
        return funds_err(e, FM_BALANCE_LIMIT, "lines");
    case LEDGER_ERR_FUND_LIMIT:
        return funds_err(e, FM_FUND_LIMIT, NULL);
    default:
        return funds_err_db(e, db);
    }
}

static bool post_or_err(Db *db, const LedgerPost *p, int64_t *id, FundsErr *e)
{
    LedgerError why = LEDGER_ERR_NONE;
    char err[160];
    *id = ledger_post(db, p, &why, err, sizeof err);
    return *id ? true : funds_err_ledger(e, db, why);
}

/* The fund's kind and node; 404 naming fund_id when there is no such fund. */
static bool fund_kind(Db *db, int64_t fund_id, char *kind, size_t n, int64_t *node_id, FundsErr *e)
{
    DbStmt *st = db_query(db, "SELECT kind, node_id FROM fund WHERE id = ?", DB_I(fund_id));
    bool found = false;
    if (db_step(st) == DB_ROW) {
        snprintf(kind, n, "%s", db_col_text(st, 0));
        if (node_id)
            *node_id = db_col_int(st, 1);
        found = true;
    }
    if (!db_done(st))
        return funds_err_db(e, db);
    return found || funds_err(e, FM_NO_SUCH_FUND, "fund_id");
}

bool funds_err_grid(FundsErr *e, GridRead g)
{
    if (g == GRID_BUSY)
        return funds_err(e, FM_BUSY, NULL);
    return funds_err(e, FM_INTERNAL_ERROR, NULL);
}

bool funds_households(const Ctx *c, const char *compound_path, HouseholdList *out, FundsErr *e)
{
    GridRead g = grid_households_in(c, compound_path, out);
    return g == GRID_OK || funds_err_grid(e, g);
}

const HouseholdInfo *funds_household_in(const HouseholdList *l, int64_t node_id)
{
    int lo = 0, hi = l->n - 1;
    while (lo <= hi) {
        int mid = lo + (hi - lo) / 2;
        int64_t v = l->items[mid].node_id;
        if (v == node_id)
            return &l->items[mid];
        if (v < node_id)
            lo = mid + 1;
        else
            hi = mid - 1;
    }
    return NULL;
}

int64_t funds_charged_area(const HouseholdInfo *h)
{
    return h && h->carries_area ? h->flat_area : 0;
}

bool funds_fund_path(const Ctx *c, int64_t fund_id, const char **path, FundsErr *e)
{
    int64_t node = 0;
    DbStmt *st = db_query(c->db, "SELECT node_id FROM fund WHERE id = ?", DB_I(fund_id));
    if (db_step(st) == DB_ROW)
        node = db_col_int(st, 0);
    if (!db_done(st))
        return funds_err_db(e, c->db);
    if (!node)
        return funds_err(e, FM_NO_SUCH_FUND, "fund_id");
    GridRead g = grid_node_path(c, node, path);
    return g == GRID_OK || funds_err_grid(e, g);
}

bool funds_fund_get(const Ctx *c, int64_t id, Fund *out, FundsErr *e)
{
    FundsErr ignored;
    if (!e)
        e = &ignored;
    DbStmt *st = db_query(c->db, "SELECT id, node_id, kind, name, bank_name, bank_account FROM fund WHERE id = ?",
                          DB_I(id));
    bool found = false;
    if (db_step(st) == DB_ROW) {
        out->id = db_col_int(st, 0);
        out->node_id = db_col_int(st, 1);
        out->kind = arena_strdup(c->arena, db_col_text(st, 2));
        out->name = arena_strdup(c->arena, db_col_text(st, 3));
        out->bank_name = arena_strdup(c->arena, db_col_text(st, 4));
        out->bank_account = arena_strdup(c->arena, db_col_text(st, 5));
        found = true;
    }
    if (!db_done(st))
        return funds_err_db(e, c->db);
    if (!found)
        return funds_err(e, FM_NO_SUCH_FUND, NULL);
    NodeInfo n;
    GridRead g = grid_node_find(c, out->node_id, &n);
    if (g != GRID_OK)
        return g == GRID_NOT_FOUND ? funds_err(e, FM_NO_SUCH_FUND, NULL) : funds_err_grid(e, g);
    out->node_path = n.path;
    out->node_name = n.name;
    return true;
}

bool funds_fund_at(const Ctx *c, int64_t node_id, const char *kind, Fund *out, FundsErr *e)
{
    int64_t id = 0;
    if (!db_int(c->db, &id, "SELECT COALESCE(MAX(id), 0) FROM fund WHERE node_id = ? AND kind = ?", DB_I(node_id),
                DB_T(kind)))
        return funds_err_db(e, c->db);
    if (!id)
        return funds_err(e, FM_NO_SUCH_FUND, "fund");
    return funds_fund_get(c, id, out, e);
}

bool funds_income_by_line(const Ctx *c, int64_t fund_id, const char *kind, const char *counterparty,
                          FundsIncomeLine **out, int *n, FundsErr *e)
{
    *out = arena_alloc(c->arena, sizeof **out * (FUNDS_INCOME_LINES_MAX + 1));
    *n = 0;
    DbStmt *st = db_query(c->db, FUNDS_INCOME_BY_LINE, DB_I(fund_id), DB_T(kind), DB_T(counterparty));
    if (!st)
        return funds_err_db(e, c->db);
    int rc;
    while ((rc = db_step(st)) == DB_ROW && *n < FUNDS_INCOME_LINES_MAX)
        (*out)[(*n)++] = (FundsIncomeLine){arena_strdup(c->arena, db_col_text(st, 0)), db_col_int(st, 1),
                                           db_col_int(st, 2)};
    if (!db_done(st) || rc == DB_ERROR)
        return funds_err_db(e, c->db);
    return true;
}

bool funds_budget_set(const Ctx *c, int64_t fund_id, int64_t year, const char *code, int64_t amount, int64_t actor,
                      int64_t *budget_id, FundsErr *e)
{
    Db *db = c->db;
    int64_t account = 0, existing = 0;
    if (year < 2000 || year > 2200)
        return funds_err(e, FM_BAD_YEAR, "year");
    if (amount < 0 || amount > INT64_C(1000000000000))
        return funds_err(e, FM_BAD_BUDGET, "amount");
    DbStmt *st = db_query(db, "SELECT id FROM fund_account WHERE fund_id = ? AND code = ? AND type IN ('income','expense')",
                          DB_I(fund_id), DB_T(code ? code : ""));
    if (db_step(st) == DB_ROW)
        account = db_col_int(st, 0);
    if (!db_done(st))
        return funds_err_db(e, db);
    if (!account)
        return funds_err(e, FM_NO_BUDGET_ACCOUNT, "account_code");
    st = db_query(db, "SELECT id FROM fund_budget WHERE fund_id = ? AND year = ? AND account_id = ?", DB_I(fund_id),
                  DB_I(year), DB_I(account));
    if (db_step(st) == DB_ROW)
        existing = db_col_int(st, 0);
    if (!db_done(st))
        return funds_err_db(e, db);
    bool have = existing != 0;
    bool ok = have ? db_exec(db, "UPDATE fund_budget SET amount = ? WHERE id = ?", DB_I(amount), DB_I(existing))
                   : db_int(db, &existing,
                            "INSERT INTO fund_budget (fund_id, year, account_id, amount) VALUES (?, ?, ?, ?) RETURNING id",
                            DB_I(fund_id), DB_I(year), DB_I(account), DB_I(amount));
    if (!ok)
        return funds_err_db(e, db);
    const char *a = arena_printf(c->arena, "{\"fund\":%lld,\"year\":%lld,\"account\":%j,\"amount\":%lld}",
                                 (long long)fund_id, (long long)year, code, (long long)amount);
    if (!audit_append(db, actor, "fund_budget", existing, have ? "update" : "create", NULL, a))
        return funds_err_db(e, db);
    *budget_id = existing;
    return true;
}

bool funds_fund_set_bank(const Ctx *c, int64_t fund_id, const char *bank_name, const char *bank_account,
                         int64_t actor, FundsErr *e)
{
    if (!db_exec(c->db, "UPDATE fund SET bank_name = ?, bank_account = ? WHERE id = ?", DB_T(bank_name),
                 DB_T(bank_account), DB_I(fund_id)))
        return funds_err_db(e, c->db);
    if (db_changes(c->db) != 1)
        return funds_err(e, FM_NO_SUCH_FUND, "fund_id");
    /* the account number is a detail the audit log does not need: its last four digits only */
    const char *a = arena_printf(c->arena, "{\"bank_name\":%j,\"bank_account\":%j}", bank_name,
                                 funds_mask_account(c->arena, bank_account));
    return audit_append(c->db, actor, "fund", fund_id, "bank", NULL, a) || funds_err_db(e, c->db);
}

/* ---- splitting over the households ------------------------------------------ */

/* The lines that split amount over the fund's household sub-accounts in
 * scope (NULL: every household) by their flats' floor area (funds_split: to
 * the fen, the remainder to the largest remainders, ties to the lower
 * account id): debits when debit, else credits. *lines is malloc'ed with
 * room for one more line; *n is 0 when no household in scope has an area. */
static bool household_split(const Ctx *c, int64_t fund_id, const char *scope, int64_t amount, bool debit,
                            LedgerLine **lines, int *n, FundsErr *e)
{
    const char *compound;
    HouseholdList hh;
    if (!funds_fund_path(c, fund_id, &compound, e) || !funds_households(c, compound, &hh, e))
        return false;
    int64_t *ids = NULL, *areas = NULL;
    int cnt = 0, cap_ids = 0, cap_areas = 0;
    DbStmt *st = db_query(c->db, "SELECT id, household_id FROM fund_account WHERE fund_id = ? AND household_id IS NOT NULL "
                                 "ORDER BY id",
                          DB_I(fund_id));
    while (db_step(st) == DB_ROW) {
        const HouseholdInfo *h = funds_household_in(&hh, db_col_int(st, 1));
        int64_t area = funds_charged_area(h);
        if (area <= 0 || (scope && !funds_in_scope(scope, h->path)))
            continue;
        ids = funds_grow(c->arena, ids, cnt, &cap_ids, 64, sizeof *ids);
        areas = funds_grow(c->arena, areas, cnt, &cap_areas, 64, sizeof *areas);
        ids[cnt] = db_col_int(st, 0);
        areas[cnt] = area;
        cnt++;
    }
    if (!db_done(st))
        return funds_err_db(e, c->db);
    int64_t *shares = cnt ? arena_alloc(c->arena, sizeof *shares * (size_t)cnt) : NULL;
    LedgerLine *out = malloc(sizeof *out * (size_t)(cnt + 1));
    if (!out)
        return funds_err(e, FM_INTERNAL_ERROR, NULL);
    int k = 0;
    if (cnt && funds_split(amount, areas, cnt, shares))
        for (int i = 0; i < cnt; i++)
            if (shares[i] > 0)
                out[k++] = debit ? (LedgerLine){ids[i], shares[i], 0} : (LedgerLine){ids[i], 0, shares[i]};
    *lines = out;
    *n = k;
    return true;
}

/* ---- income ------------------------------------------------------------------ */

static const char *income_account(const char *kind)
{
    static const char *const map[][2] = {
        {"subsidy", "4001"}, {"partner", "4002"}, {"donation", "4003"}, {"interest", "4004"},
    };
    for (size_t i = 0; i < sizeof map / sizeof map[0]; i++)
        if (strcmp(kind, map[i][0]) == 0)
            return map[i][1];
    return NULL;
}

bool funds_income_record(const Ctx *c, int64_t fund_id, const char *fkind, int64_t actor, const IncomeInput *in,
                         int64_t *id_out, FundsErr *e)
{
    Db *db = c->db;
    const char *code = strcmp(in->kind, "trust_income") == 0 ? in->account_code : income_account(in->kind);
    if (!code)
        return funds_err(e, FM_BAD_INCOME_KIND,
                         strcmp(in->kind, "trust_income") == 0 ? "account_code" : "kind");
    if (in->amount <= 0)
        return funds_err(e, FM_AMOUNT_NOT_POSITIVE, "amount");
    int64_t bank = funds_account_by_code(db, fund_id, BANK), income = 0;
    DbStmt *st = db_query(db, "SELECT id FROM fund_account WHERE fund_id = ? AND code = ? AND type = 'income'",
                          DB_I(fund_id), DB_T(code));
    if (db_step(st) == DB_ROW)
        income = db_col_int(st, 0);
    if (!db_done(st))
        return funds_err_db(e, db);
    if (!bank || !income)
        return funds_err(e, FM_NO_INCOME_ACCOUNT, "kind");
    /* the trust account's income lines (fees, parking, advertising, rents) belong to it alone */
    if (strcmp(in->kind, "trust_income") == 0 && strcmp(fkind, "trust") != 0)
        return funds_err(e, FM_BAD_INCOME_KIND, "kind");
    bool interest = strcmp(in->kind, "interest") == 0;
    LedgerLine two[2] = {{bank, in->amount, 0}, {income, 0, in->amount}}, *lines = two, *shared = NULL;
    int n_lines = 2;
    const char *memo = arena_printf(c->arena, "%s%s%s%s", interest ? "利息：" : "", in->counterparty,
                                    in->purpose && *in->purpose ? "：" : "", in->purpose ? in->purpose : "");
    /* the maintenance fund's interest belongs to the owners: it is shared out
     * to the household sub-accounts by area, the same split as spending */
    if (interest && strcmp(fkind, "maintenance") == 0) {
        int k = 0;
        if (!household_split(c, fund_id, NULL, in->amount, false, &shared, &k, e))
            return false;
        if (k > 0) {
            shared[k++] = (LedgerLine){bank, in->amount, 0};
            lines = shared;
            n_lines = k;
            memo = arena_printf(c->arena, "利息按面积分配至%d户：%s", k - 1, in->counterparty);
        }
    }
    LedgerPost p = {.fund_id = fund_id, .actor_id = actor, .posted_at = in->at, .memo = memo,
                    .source_entity = "fund_income", .is_interest = interest, .lines = lines, .n_lines = n_lines};
    int64_t entry;
    bool posted = post_or_err(db, &p, &entry, e);
    free(shared);
    if (!posted)
        return false;
    int64_t id = 0;
    if (!db_int(db, &id,
                "INSERT INTO fund_income (fund_id, kind, counterparty, purpose, facility, revenue_share_bp, term_years, "
                "amount, entry_id, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                DB_I(fund_id), DB_T(in->kind), DB_T(in->counterparty), DB_T(in->purpose ? in->purpose : ""),
                DB_T(in->facility ? in->facility : ""), DB_I(in->revenue_share_bp), DB_I(in->term_years),
                DB_I(in->amount), DB_I(entry), actor ? DB_I(actor) : DB_NULL, DB_I(c->now)))
        return funds_err_db(e, db);
    Buf a = BUF_INIT;
    buf_printf(&a, "{\"fund\":%lld,\"kind\":%j,\"counterparty\":%j,\"amount\":%lld,\"entry\":%lld}",
               (long long)fund_id, in->kind, in->counterparty, (long long)in->amount, (long long)entry);
    bool ok = audit_append(db, actor, "fund_income", id, "create", NULL, buf_str(&a));
    buf_free(&a);
    if (!ok)
        return funds_err_db(e, db);
    *id_out = id;
    return true;
}

/* ---- levies ------------------------------------------------------------------- */

bool funds_levy_create(const Ctx *c, int64_t fund_id, const char *name, LevyRule rule, int64_t rate, int64_t base,
                       int64_t actor, int64_t *id_out, int *n_charged, FundsErr *e)
{
    Db *db = c->db;
    char kind[20];
    if (!fund_kind(db, fund_id, kind, sizeof kind, NULL, e))
        return false;
    if (strcmp(kind, "maintenance") != 0)
        return funds_err(e, FM_LEVY_NOT_MAINTENANCE, "fund_id");
    if (rate <= 0 || (rule == LEVY_PERCENT && base <= 0))
        return funds_err(e, FM_BAD_RATE, rule == LEVY_PERCENT && rate > 0 ? "base" : "rate");
    /* read the households first: a statement is not stepped while another writes */
    const char *compound;
    HouseholdList hh;
    if (!funds_fund_path(c, fund_id, &compound, e) || !funds_households(c, compound, &hh, e))
        return false;
    typedef struct { int64_t account, household, building, area, due; } Row;
    Row *rows = NULL;
    int n = 0, cap = 0;
    DbStmt *st = db_query(db, "SELECT id, household_id FROM fund_account WHERE fund_id = ? AND household_id IS NOT NULL "
                              "ORDER BY household_id",
                          DB_I(fund_id));
    while (db_step(st) == DB_ROW) {
        const HouseholdInfo *h = funds_household_in(&hh, db_col_int(st, 1));
        int64_t area = funds_charged_area(h);
        if (area <= 0)
            continue; /* no registered area, or another household of the flat carries it */
        if (n == cap) {
            cap = cap ? cap * 2 : 64;
            Row *g = realloc(rows, sizeof *rows * (size_t)cap);
            if (!g) {
                free(rows);
                return db_done(st) ? funds_err(e, FM_INTERNAL_ERROR, NULL) : funds_err_db(e, db);
            }
            rows = g;
        }
        rows[n++] = (Row){db_col_int(st, 0), h->node_id, h->building_id, area, 0};
    }
    if (!db_done(st)) {
        free(rows);
        return funds_err_db(e, db);
    }
    /* every amount, and the levy's total, before anything is written */
    int64_t total = 0, levied = 0;
    for (int i = 0; i < n; i++) {
        rows[i].due = levy_amount(rule, rows[i].area, rate, base);
        if (rows[i].due < 0) {
            free(rows);
            return funds_err(e, FM_LEVY_OUT_OF_RANGE, "rate");
        }
        if (!funds_add(&total, rows[i].due, FUNDS_MONEY_LIMIT)) {
            free(rows);
            return funds_err(e, FM_LEVY_TOTAL_LIMIT, "rate");
        }
    }
    /* the fund's levies together stay within FUNDS_FUND_LIMIT, as its journal does */
    if (!db_int(db, &levied, "SELECT COALESCE(SUM(c.due), 0) FROM levy_charge c JOIN levy l ON l.id = c.levy_id WHERE l.fund_id = ?",
                DB_I(fund_id))) {
        free(rows);
        return funds_err_db(e, db);
    }
    if (!funds_add(&levied, total, FUNDS_FUND_LIMIT)) {
        free(rows);
        return funds_err(e, FM_FUND_LIMIT, NULL);
    }
    int64_t id = 0;
    bool ok = db_int(db, &id,
                     "INSERT INTO levy (fund_id, name, rule, rate, base, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?) "
                     "RETURNING id",
                     DB_I(fund_id), DB_T(name), DB_T(rule == LEVY_PER_AREA ? "per_area" : "percent"), DB_I(rate),
                     DB_I(rule == LEVY_PERCENT ? base : 0), actor ? DB_I(actor) : DB_NULL, DB_I(c->now));
    for (int i = 0; ok && i < n; i++) {
        ok = db_exec(db,
                     "INSERT INTO levy_charge (levy_id, household_id, building_id, account_id, area, due) "
                     "VALUES (?, ?, ?, ?, ?, ?)",
                     DB_I(id), DB_I(rows[i].household), DB_I(rows[i].building), DB_I(rows[i].account),
                     DB_I(rows[i].area), DB_I(rows[i].due)) &&
             db_exec(db, "UPDATE fund_account SET first_deposit = ? WHERE id = ? AND first_deposit = 0", DB_I(rows[i].due),
                     DB_I(rows[i].account));
    }
    free(rows);
    if (!ok)
        return funds_err_db(e, db);
    Buf a = BUF_INIT;
    buf_printf(&a, "{\"fund\":%lld,\"name\":%j,\"rule\":%j,\"rate\":%lld,\"base\":%lld,\"households\":%d}",
               (long long)fund_id, name, rule == LEVY_PER_AREA ? "per_area" : "percent", (long long)rate,
               (long long)base, n);
    ok = audit_append(db, actor, "levy", id, "create", NULL, buf_str(&a));
    buf_free(&a);
    if (!ok)
        return funds_err_db(e, db);
    *id_out = id;
    if (n_charged)
        *n_charged = n;
    return true;
}

static int arrear_cmp(const void *a, const void *b)
{
    const LevyArrear *x = a, *y = b;
    int k = strcmp(x->address, y->address);
    return k ? k : (x->household_id > y->household_id) - (x->household_id < y->household_id);
}

static bool levy_fund_path(const Ctx *c, int64_t levy_id, const char **path, FundsErr *e)
{
    int64_t fund = 0;
    DbStmt *st = db_query(c->db, "SELECT fund_id FROM levy WHERE id = ?", DB_I(levy_id));
    if (db_step(st) == DB_ROW)
        fund = db_col_int(st, 0);
    if (!db_done(st))
        return funds_err_db(e, c->db);
    return fund ? funds_fund_path(c, fund, path, e) : funds_err(e, FM_NO_SUCH_FUND, NULL);
}

bool funds_levy_arrears(const Ctx *c, int64_t levy_id, LevyArrear **out, int *n, FundsErr *e)
{
    const char *compound;
    HouseholdList hh;
    *out = NULL;
    *n = 0;
    if (!levy_fund_path(c, levy_id, &compound, e) || !funds_households(c, compound, &hh, e))
        return false;
    int cap = 0;
    DbStmt *st = db_query(c->db, "SELECT household_id, area, due, paid FROM levy_charge WHERE levy_id = ? AND paid < due",
                          DB_I(levy_id));
    while (db_step(st) == DB_ROW) {
        const HouseholdInfo *h = funds_household_in(&hh, db_col_int(st, 0));
        if (!h)
            continue; /* a household no longer in the register */
        *out = funds_grow(c->arena, *out, *n, &cap, 64, sizeof **out);
        (*out)[(*n)++] = (LevyArrear){h->node_id, db_col_int(st, 1), db_col_int(st, 2), db_col_int(st, 3),
                                      h->address ? h->address : ""};
    }
    if (!db_done(st))
        return funds_err_db(e, c->db);
    if (*n > 1)
        qsort(*out, (size_t)*n, sizeof **out, arrear_cmp);
    return true;
}

static int building_cmp(const void *a, const void *b)
{
    const LevyBuilding *x = a, *y = b;
    int k = strcmp(x->name, y->name);
    return k ? k : (x->building_id > y->building_id) - (x->building_id < y->building_id);
}

bool funds_levy_buildings(const Ctx *c, int64_t levy_id, LevyBuilding **out, int *n, FundsErr *e)
{
    *out = NULL;
    *n = 0;
    int cap = 0;
    DbStmt *st = db_query(c->db,
                          "SELECT building_id, COUNT(*), SUM(due), SUM(paid), SUM(CASE WHEN paid < due THEN 1 ELSE 0 END) "
                          "FROM levy_charge WHERE levy_id = ? GROUP BY building_id",
                          DB_I(levy_id));
    while (db_step(st) == DB_ROW) {
        *out = funds_grow(c->arena, *out, *n, &cap, 16, sizeof **out);
        (*out)[(*n)++] = (LevyBuilding){db_col_int(st, 0), db_col_int(st, 1), db_col_int(st, 2), db_col_int(st, 3),
                                        db_col_int(st, 4), NULL};
    }
    if (!db_done(st))
        return funds_err_db(e, c->db);
    /* the names from the grid, after the statement: one read per building */
    int k = 0;
    for (int i = 0; i < *n; i++) {
        NodeInfo b;
        GridRead g = grid_node_find(c, (*out)[i].building_id, &b);
        if (g == GRID_NOT_FOUND)
            continue; /* a building no longer in the tree, as the join it replaces dropped it */
        if (g != GRID_OK)
            return funds_err_grid(e, g);
        (*out)[i].name = b.name;
        (*out)[k++] = (*out)[i];
    }
    *n = k;
    if (*n > 1)
        qsort(*out, (size_t)*n, sizeof **out, building_cmp);
    return true;
}

bool funds_levy_pay(const Ctx *c, int64_t levy_id, int64_t household_id, int64_t amount, const char *method,
                    int64_t paid_at, int64_t actor, int64_t *payment_id, const char **receipt_no, FundsErr *e)
{
    Db *db = c->db;
    if (amount <= 0)
        return funds_err(e, FM_AMOUNT_NOT_POSITIVE, "amount");
    if (strcmp(method, "cash") != 0 && strcmp(method, "transfer") != 0)
        return funds_err(e, FM_BAD_METHOD, "method");
    int64_t charge = 0, account = 0, due = 0, paid = 0, fund = 0;
    DbStmt *st = db_query(db,
                          "SELECT c.id, c.account_id, c.due, c.paid, l.fund_id FROM levy_charge c JOIN levy l ON l.id = c.levy_id "
                          "WHERE c.levy_id = ? AND c.household_id = ?",
                          DB_I(levy_id), DB_I(household_id));
    if (db_step(st) == DB_ROW) {
        charge = db_col_int(st, 0);
        account = db_col_int(st, 1);
        due = db_col_int(st, 2);
        paid = db_col_int(st, 3);
        fund = db_col_int(st, 4);
    }
    if (!db_done(st))
        return funds_err_db(e, db);
    if (!charge)
        return funds_err(e, FM_NO_CHARGE, "household_id");
    if (amount > due - paid)
        return funds_err(e, FM_OVERPAID, "amount");
    int64_t n = 0;
    if (!db_int(db, &n, "SELECT COUNT(*) FROM levy_payment p JOIN levy_charge c ON c.id = p.charge_id WHERE c.levy_id = ?",
                DB_I(levy_id)))
        return funds_err_db(e, db);
    const char *receipt = arena_printf(c->arena, "SJ%lld-%06lld", (long long)levy_id, (long long)n + 1);
    const char *memo = arena_printf(c->arena, "维修资金缴存 收据%s", receipt);
    /* the conditional update takes the row first: a concurrent receipt for the
     * same household waits for it and then finds less outstanding */
    if (!db_exec(db, "UPDATE levy_charge SET paid = paid + ? WHERE id = ? AND paid + ? <= due", DB_I(amount), DB_I(charge),
                 DB_I(amount)))
        return funds_err_db(e, db);
    if (db_changes(db) != 1)
        return funds_err(e, FM_OVERPAID, "amount");
    int64_t bank = funds_account_by_code(db, fund, BANK);
    LedgerLine lines[2] = {{bank, amount, 0}, {account, 0, amount}};
    LedgerPost p = {.fund_id = fund, .actor_id = actor, .posted_at = paid_at, .memo = memo, .reference = receipt,
                    .source_entity = "levy_charge", .source_id = charge, .lines = lines, .n_lines = 2};
    int64_t entry;
    if (!post_or_err(db, &p, &entry, e))
        return false;
    int64_t id = 0;
    if (!db_int(db, &id,
                "INSERT INTO levy_payment (charge_id, amount, method, receipt_no, entry_id, paid_at, created_by) "
                "VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id",
                DB_I(charge), DB_I(amount), DB_T(method), DB_T(receipt), DB_I(entry),
                DB_I(paid_at ? paid_at : c->now), actor ? DB_I(actor) : DB_NULL))
        return funds_err_db(e, db);
    Buf a = BUF_INIT;
    buf_printf(&a, "{\"levy\":%lld,\"household\":%lld,\"amount\":%lld,\"method\":%j,\"receipt\":%j,\"entry\":%lld}",
               (long long)levy_id, (long long)household_id, (long long)amount, method, receipt, (long long)entry);
    bool ok = audit_append(db, actor, "levy_payment", id, "create", NULL, buf_str(&a));
    buf_free(&a);
    if (!ok)
        return funds_err_db(e, db);
    *payment_id = id;
    if (receipt_no)
        *receipt_no = receipt;
    return true;
}

/* ---- payments ----------------------------------------------------------------- */

/* A maintenance-fund vote: *passed when vote_id is a closed, passed Art. 278
 * matter-5 vote whose scope node meets the compound (compound_path); scope
 * receives the households' subtree it authorises (funds_spend_scope).
 * False only on a storage failure. */
static bool maintenance_vote(const Ctx *c, int64_t vote_id, const char *compound_path, const char **scope,
                             bool *passed, FundsErr *e)
{
    VoteBrief v;
    bool found = false;
    const char *why;
    *passed = false;
    /* the vote's own read functions: the funds name no table of the votes */
    if (!vote_brief(c, vote_id, &v, &found))
        return funds_err_db(e, c->db);
    const char *sc = found ? funds_spend_scope(compound_path, v.node_path) : NULL;
    if (!sc)
        return true;
    *scope = arena_strdup(c->arena, sc);
    return vote_passed_for(c, vote_id, 5, *scope, passed, &why) || funds_err_db(e, c->db);
}

static const char *default_expense(const char *fund_kind)
{
    if (strcmp(fund_kind, "trust") == 0)
        return "5103";
    if (strcmp(fund_kind, "maintenance") == 0)
        return NULL; /* spent from the households' sub-accounts */
    return "5001";
}

bool funds_payment_create(const Ctx *c, const PaymentInput *in, int64_t *id_out, FundsErr *e)
{
    Db *db = c->db;
    char kind[20];
    int64_t node = 0;
    if (!fund_kind(db, in->fund_id, kind, sizeof kind, &node, e))
        return false;
    if (in->amount <= 0)
        return funds_err(e, FM_PAYMENT_AMOUNT_NOT_POSITIVE, "amount");
    if (!funds_category_valid(in->category))
        return funds_err(e, FM_UNKNOWN_CATEGORY, "category");
    int64_t expense = 0;
    const char *code = in->account_code ? in->account_code : default_expense(kind);
    if (code) {
        DbStmt *st = db_query(db, "SELECT id FROM fund_account WHERE fund_id = ? AND code = ? AND type = 'expense'",
                              DB_I(in->fund_id), DB_T(code));
        if (db_step(st) == DB_ROW)
            expense = db_col_int(st, 0);
        if (!db_done(st))
            return funds_err_db(e, db);
        if (!expense)
            return funds_err(e, FM_NO_SUCH_EXPENSE_ACCOUNT, "account_code");
    }
    if (strcmp(kind, "maintenance") == 0) {
        const char *path = "";
        GridRead g = grid_node_path(c, node, &path);
        if (g != GRID_OK)
            return funds_err_grid(e, g);
        const char *scope = NULL;
        bool passed = false;
        if (in->vote_id > 0 && !maintenance_vote(c, in->vote_id, path, &scope, &passed, e))
            return false;
        SpendRule rule = funds_maintenance_spend_rule(in->category, in->vote_id > 0, passed);
        if (rule == SPEND_NEEDS_VOTE)
            return funds_err(e, FM_VOTE_REQUIRED, "vote_id");
        if (rule == SPEND_VOTE_NOT_PASSED)
            return funds_err(e, FM_VOTE_NOT_PASSED, "vote_id");
    }
    Buf basis = BUF_INIT;
    buf_putc(&basis, '[');
    for (int i = 0; i < in->n_basis; i++)
        buf_printf(&basis, "%s%j", i ? "," : "", in->basis[i]);
    buf_putc(&basis, ']');
    int64_t now = c->now, id = 0;
    bool ok = db_int(db, &id,
                     "INSERT INTO payment (fund_id, requester_id, payee, payee_account, amount, purpose, category, "
                     "expense_account_id, basis, project, workorder_id, vote_id, status, created_at, updated_at) "
                     "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'pending', ?, ?) RETURNING id",
                     DB_I(in->fund_id), DB_I(in->requester_id), DB_T(in->payee),
                     DB_T(in->payee_account ? in->payee_account : ""), DB_I(in->amount), DB_T(in->purpose),
                     DB_T(in->category), expense ? DB_I(expense) : DB_NULL, DB_T(buf_str(&basis)),
                     DB_T(in->project ? in->project : ""), in->workorder_id ? DB_I(in->workorder_id) : DB_NULL,
                     in->vote_id ? DB_I(in->vote_id) : DB_NULL, DB_I(now), DB_I(now));
    if (ok) {
        Buf a = BUF_INIT; /* the payee's bank account is a detail the audit log does not need */
        buf_printf(&a, "{\"fund\":%lld,\"payee\":%j,\"amount\":%lld,\"purpose\":%j,\"category\":%j,\"basis\":%s}",
                   (long long)in->fund_id, in->payee, (long long)in->amount, in->purpose, in->category,
                   buf_str(&basis));
        ok = audit_append(db, in->requester_id, "payment", id, "request", NULL, buf_str(&a));
        buf_free(&a);
    }
    buf_free(&basis);
    if (!ok)
        return funds_err_db(e, db);
    *id_out = id;
    return true;
}

bool funds_payment_state(const Ctx *c, int64_t payment_id, PaymentSigState *s, int64_t *fund_id, FundsErr *e)
{
    Db *db = c->db;
    memset(s, 0, sizeof *s);
    DbStmt *st = db_query(db, "SELECT status, requester_id, fund_id FROM payment WHERE id = ?", DB_I(payment_id));
    bool found = false;
    if (db_step(st) == DB_ROW) {
        found = true;
        s->pending = strcmp(db_col_text(st, 0), "pending") == 0;
        s->requester_id = db_col_int(st, 1);
        if (fund_id)
            *fund_id = db_col_int(st, 2);
    }
    if (!db_done(st))
        return funds_err_db(e, db);
    if (!found)
        return funds_err(e, FM_NO_SUCH_PAYMENT_REQUEST, NULL);
    st = db_query(db, "SELECT role, user_id FROM payment_signature WHERE payment_id = ? AND decision = 'approve'",
                  DB_I(payment_id));
    while (db_step(st) == DB_ROW) {
        Role role;
        if (role_parse(db_col_text(st, 0), &role) && payment_signatory(role) >= 0)
            s->signed_by[payment_signatory(role)] = db_col_int(st, 1);
    }
    return db_done(st);
}

bool funds_payment_brief(const Ctx *c, int64_t payment_id, PaymentBrief *out, FundsErr *e)
{
    memset(out, 0, sizeof *out);
    out->id = payment_id;
    int64_t node = 0;
    DbStmt *st = db_query(c->db, "SELECT p.status, p.requester_id, p.fund_id, f.node_id FROM payment p "
                                 "JOIN fund f ON f.id = p.fund_id WHERE p.id = ?",
                          DB_I(payment_id));
    if (db_step(st) == DB_ROW) {
        out->status = arena_strdup(c->arena, db_col_text(st, 0));
        out->requester_id = db_col_int(st, 1);
        out->fund_id = db_col_int(st, 2);
        node = db_col_int(st, 3);
    }
    if (!db_done(st))
        return funds_err_db(e, c->db);
    if (!out->status)
        return funds_err(e, FM_NO_SUCH_PAYMENT_REQUEST, NULL);
    GridRead g = grid_node_path(c, node, &out->fund_path);
    if (g != GRID_OK)
        return funds_err_grid(e, g);
    if (!funds_payment_state(c, payment_id, &out->sig, NULL, e))
        return false;
    return true;
}

bool funds_payment_sign(const Ctx *c, int64_t payment_id, Role role, int64_t user_id, bool approve, const char *reason,
                        FundsErr *e)
{
    Db *db = c->db;
    /* touching the row first makes a concurrent signature wait for this one
     * (PostgreSQL row lock; SQLite has one writer), so the state read below
     * is the latest */
    if (!db_exec(db, "UPDATE payment SET updated_at = updated_at WHERE id = ? AND status = 'pending'", DB_I(payment_id)))
        return funds_err_db(e, db);
    PaymentSigState s;
    if (!funds_payment_state(c, payment_id, &s, NULL, e))
        return false;
    switch (payment_sign_check(&s, role, user_id)) {
    case SIGN_OK: break;
    case SIGN_NOT_PENDING:
        return funds_err(e, FM_NOT_PENDING, NULL);
    case SIGN_ROLE_NOT_ENTITLED:
        return funds_err(e, FM_ROLE_NOT_ENTITLED, "role");
    case SIGN_ROLE_DONE:
        return funds_err(e, FM_ALREADY_SIGNED, "role");
    case SIGN_SAME_PERSON:
        return funds_err(e, FM_SAME_PERSON, NULL);
    case SIGN_REQUESTER:
        return funds_err(e, FM_REQUESTER_CANNOT_SIGN, NULL);
    }
    if (!approve && (!reason || !*reason))
        return funds_err(e, FM_REJECTION_NEEDS_REASON, "reason");
    int64_t now = c->now;
    s.signed_by[payment_signatory(role)] = user_id;
    const char *status = !approve ? "rejected" : payment_fully_approved(&s) ? "approved" : "pending";
    if (!db_exec(db,
                 "INSERT INTO payment_signature (payment_id, role, user_id, decision, reason, at) VALUES (?, ?, ?, ?, ?, ?)",
                 DB_I(payment_id), DB_T(role_name(role)), DB_I(user_id), DB_T(approve ? "approve" : "reject"),
                 DB_T(reason ? reason : ""), DB_I(now)) ||
        !db_exec(db, "UPDATE payment SET status = ?, reject_reason = ?, updated_at = ? WHERE id = ?", DB_T(status),
                 DB_T(approve ? "" : reason), DB_I(now), DB_I(payment_id)))
        return funds_err_db(e, db);
    Buf a = BUF_INIT;
    buf_printf(&a, "{\"role\":%j,\"decision\":%j,\"reason\":%j,\"status\":%j}", role_name(role),
               approve ? "approve" : "reject", reason ? reason : "", status);
    bool ok = audit_append(db, user_id, "payment", payment_id, approve ? "approve" : "reject", NULL, buf_str(&a));
    buf_free(&a);
    return ok ? true : funds_err_db(e, db);
}

bool funds_payment_disburse(const Ctx *c, int64_t payment_id, int64_t actor, FundsErr *e)
{
    Db *db = c->db;
    PaymentSigState s;
    int64_t fund_id = 0;
    if (!funds_payment_state(c, payment_id, &s, &fund_id, e))
        return false;
    const char *status = "", *kind = "", *category = "", *path = "", *payee = "", *purpose = "", *project = "",
               *basis = "[]";
    int64_t amount = 0, expense = 0, vote = 0, node = 0;
    DbStmt *st = db_query(db,
                          "SELECT p.status, f.kind, p.category, p.payee, p.purpose, p.project, p.basis, p.amount, "
                          "COALESCE(p.expense_account_id, 0), COALESCE(p.vote_id, 0), f.node_id "
                          "FROM payment p JOIN fund f ON f.id = p.fund_id WHERE p.id = ?",
                          DB_I(payment_id));
    if (db_step(st) == DB_ROW) {
        status = arena_strdup(c->arena, db_col_text(st, 0));
        kind = arena_strdup(c->arena, db_col_text(st, 1));
        category = arena_strdup(c->arena, db_col_text(st, 2));
        payee = arena_strdup(c->arena, db_col_text(st, 3));
        purpose = arena_strdup(c->arena, db_col_text(st, 4));
        project = arena_strdup(c->arena, db_col_text(st, 5));
        basis = arena_strdup(c->arena, db_col_text(st, 6));
        amount = db_col_int(st, 7);
        expense = db_col_int(st, 8);
        vote = db_col_int(st, 9);
        node = db_col_int(st, 10);
    }
    if (!db_done(st))
        return funds_err_db(e, db);
    GridRead g = grid_node_path(c, node, &path);
    if (g != GRID_OK)
        return funds_err_grid(e, g);
    if (strcmp(status, "disbursed") == 0)
        return funds_err(e, FM_ALREADY_DISBURSED, NULL);
    if (strcmp(status, "approved") != 0 || !payment_fully_approved(&s))
        return funds_err(e, FM_NOT_APPROVED, NULL);
    bool maintenance = strcmp(kind, "maintenance") == 0;
    const char *scope = NULL;
    if (maintenance) {
        bool passed = false;
        if (vote > 0 && !maintenance_vote(c, vote, path, &scope, &passed, e))
            return false;
        if (funds_maintenance_spend_rule(category, vote > 0, passed) != SPEND_OK)
            return funds_err(e, FM_VOTE_NOT_PASSED_AT_DISBURSE, "vote_id");
    }
    int64_t bank = funds_account_by_code(db, fund_id, BANK), cash = 0;
    if (!db_int(db, &cash, "SELECT balance FROM fund_account WHERE id = ?", DB_I(bank)))
        return funds_err_db(e, db);
    if (cash < amount)
        return funds_err(e, FM_INSUFFICIENT_FUNDS, NULL);
    /* every check passed: claim the payment; a concurrent disbursement waits on this row and then
     * finds it no longer 'approved' */
    if (!db_exec(db, "UPDATE payment SET status = 'disbursed' WHERE id = ? AND status = 'approved'", DB_I(payment_id)))
        return funds_err_db(e, db);
    if (db_changes(db) != 1)
        return funds_err(e, FM_ALREADY_DISBURSED, NULL);

    LedgerLine *lines = NULL;
    int n = 0;
    if (maintenance) {
        /* the cost is split by floor area over the households of the
         * authorising vote's scope (e.g. one building); an emergency paid
         * without a vote falls on the whole compound */
        if (!household_split(c, fund_id, vote > 0 ? scope : NULL, amount, true, &lines, &n, e))
            return false;
        if (n == 0) {
            free(lines);
            return funds_err(e, FM_NO_HOUSEHOLDS, NULL);
        }
    } else {
        lines = malloc(sizeof *lines * 2);
        if (!lines)
            return funds_err_db(e, db);
        lines[n++] = (LedgerLine){expense, amount, 0};
    }
    lines[n++] = (LedgerLine){bank, 0, amount};
    const char *memo = arena_printf(c->arena, "付款：%s（%s）", payee, purpose);
    const char *ref = arena_printf(c->arena, "FK%06lld", (long long)payment_id);
    LedgerPost p = {.fund_id = fund_id, .actor_id = actor, .memo = memo, .reference = ref,
                    .source_entity = "payment", .source_id = payment_id, .lines = lines, .n_lines = n};
    int64_t entry;
    bool posted = post_or_err(db, &p, &entry, e);
    free(lines);
    if (!posted)
        return false;

    /* the payment is published with its basis, amount and payee */
    bool emergency = maintenance && funds_emergency_category(category);
    Buf title = BUF_INIT, body = BUF_INIT;
    /* plain text: payee and purpose are the user's words, appended as they are */
    buf_puts(&title, "付款公示：");
    buf_puts(&title, payee);
    buf_printf(&title, " %M元", amount);
    buf_puts(&body, "收款方：");
    buf_puts(&body, payee);
    buf_printf(&body, "\n金额：%M元\n用途：", amount);
    buf_puts(&body, purpose);
    buf_puts(&body, "\n类别：");
    buf_puts(&body, funds_category_label_zh(category));
    buf_puts(&body, "\n");
    if (*project) {
        buf_puts(&body, "所属项目：");
        buf_puts(&body, project);
        buf_puts(&body, "\n");
    }
    buf_puts(&body, "依据：");
    json_error_t jerr;
    json_t *docs = json_loads(basis, 0, &jerr);
    size_t k;
    json_t *doc;
    int n_docs = 0;
    if (json_is_array(docs))
        json_array_foreach(docs, k, doc) if (json_is_string(doc))
        {
            if (n_docs++)
                buf_puts(&body, "、");
            buf_puts(&body, json_string_value(doc));
        }
    json_decref(docs);
    /* the files themselves, each with its address on the payment's page */
    st = db_query(db, "SELECT id, kind, filename FROM payment_doc WHERE payment_id = ? ORDER BY id", DB_I(payment_id));
    while (db_step(st) == DB_ROW) {
        buf_puts(&body, n_docs++ ? "、" : "");
        buf_puts(&body, funds_doc_kind_label_zh(db_col_text(st, 1)));
        buf_puts(&body, "《");
        buf_puts(&body, db_col_text(st, 2));
        buf_printf(&body, "》（/payments/%lld/documents/%lld）", (long long)payment_id, (long long)db_col_int(st, 0));
    }
    if (!db_done(st)) {
        buf_free(&title);
        buf_free(&body);
        return funds_err_db(e, db);
    }
    if (!n_docs)
        buf_puts(&body, "（未附）");
    buf_puts(&body, "\n已经监理、社区财务、院委会三方签字。付款编号 ");
    buf_puts(&body, ref);
    buf_puts(&body, "。\n");
    if (emergency)
        buf_puts(&body, "应急维修，依规先行支付、事后公示。\n");
    int64_t notice = notice_publish(db, actor, node, "payment", buf_str(&title), buf_str(&body), 0, 0, "payment",
                                    payment_id);
    buf_free(&title);
    buf_free(&body);
    if (!notice)
        return funds_err_db(e, db);
    if (!db_exec(db, "UPDATE payment SET status = 'disbursed', entry_id = ?, notice_id = ?, updated_at = ? WHERE id = ?",
                 DB_I(entry), DB_I(notice), DB_I(c->now), DB_I(payment_id)))
        return funds_err_db(e, db);
    Buf a = BUF_INIT;
    buf_printf(&a, "{\"status\":\"disbursed\",\"entry\":%lld,\"notice\":%lld,\"amount\":%lld}", (long long)entry,
               (long long)notice, (long long)amount);
    bool ok = audit_append(db, actor, "payment", payment_id, "disburse", NULL, buf_str(&a));
    buf_free(&a);
    return ok ? true : funds_err_db(e, db);
}
