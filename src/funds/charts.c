/* charts.c: the reads behind a fund's charts (charts.h). The months are
 * one range of journal_entry_fund, each entry's bank line found by
 * journal_line_account (test_funds_charts.c); the arrears one walk of the fund's levies through
 * the covering index levy_charge_arrears (migration 025). */
#include "funds/charts.h"

#include <stdlib.h>
#include <string.h>

#include "core/clock.h"
#include "funds/funds_int.h"
#include "grid/read.h"

void funds_months_back(int64_t now, int n, int *yyyymm, int64_t *starts)
{
    int32_t today = clock_local_yyyymmdd(now);
    int y = today / 10000, m = today / 100 % 100;
    /* step back n - 1 months from this one */
    int back = y * 12 + (m - 1) - (n - 1);
    for (int i = 0; i <= n; i++) {
        int k = back + i, yy = k / 12, mm = k % 12 + 1;
        if (i < n)
            yyyymm[i] = yy * 100 + mm;
        starts[i] = clock_local_day_start(yy, mm, 1);
    }
}

bool funds_monthly(const Ctx *c, int64_t fund_id, FundsMonth out[FUNDS_CHART_MONTHS], FundsErr *e)
{
    int ym[FUNDS_CHART_MONTHS];
    int64_t starts[FUNDS_CHART_MONTHS + 1];
    funds_months_back(c->now, FUNDS_CHART_MONTHS, ym, starts);
    for (int i = 0; i < FUNDS_CHART_MONTHS; i++)
        out[i] = (FundsMonth){ym[i], starts[i], 0, 0};
    int64_t bank = funds_account_by_code(c->db, fund_id, "1001");
    if (!bank)
        return true; /* a fund without a bank account has moved no money */
    DbStmt *st = db_query(c->db, FUNDS_MONTHLY_SQL, DB_I(fund_id), DB_I(starts[0]), DB_I(starts[FUNDS_CHART_MONTHS]),
                          DB_I(bank));
    bool fits = true;
    while (db_step(st) == DB_ROW) {
        int64_t t = db_col_int(st, 0);
        int i = FUNDS_CHART_MONTHS - 1;
        while (i > 0 && t < starts[i])
            i--;
        fits = fits && funds_add(&out[i].in, db_col_int(st, 1), INT64_MAX) &&
               funds_add(&out[i].out, db_col_int(st, 2), INT64_MAX);
    }
    if (!db_done(st))
        return funds_err_db(e, c->db);
    if (!fits) {
        *e = (FundsErr){FM_INTERNAL_ERROR, NULL, "monthly sum out of range"};
        return false;
    }
    return true;
}

bool funds_arrears_by_building(const Ctx *c, int64_t fund_id, FundsArrears **out, int *n, FundsErr *e)
{
    *out = NULL;
    *n = 0;
    int cap = 0;
    DbStmt *st = db_query(c->db, FUNDS_ARREARS_SQL, DB_I(fund_id));
    while (db_step(st) == DB_ROW) {
        if (*n == cap) {
            int nc = cap ? cap * 2 : 16;
            FundsArrears *na = arena_alloc(c->arena, sizeof *na * (size_t)nc);
            if (*n)
                memcpy(na, *out, sizeof *na * (size_t)*n);
            *out = na;
            cap = nc;
        }
        (*out)[(*n)++] = (FundsArrears){db_col_int(st, 0), "", db_col_int(st, 1), db_col_int(st, 2)};
    }
    if (!db_done(st))
        return funds_err_db(e, c->db);
    for (int i = 0; i < *n; i++) {
        NodeInfo k;
        GridRead gr = grid_node_find(c, (*out)[i].building_id, &k);
        if (gr != GRID_OK && gr != GRID_NOT_FOUND) {
            *e = (FundsErr){gr == GRID_BUSY ? FM_BUSY : FM_INTERNAL_ERROR, NULL, NULL};
            return false;
        }
        (*out)[i].name = gr == GRID_OK ? k.name : "—";
    }
    return true;
}

bool funds_flows(const Ctx *c, const char *scope, int64_t from, int64_t to, FundsFlow **out, int *n, FundsErr *e)
{
    *out = NULL;
    *n = 0;
    int cap = 0, all = 0;
    FundsFlow *rows = NULL;
    /* a fund per compound and kind: the table is small, read it whole */
    DbStmt *st = db_query(c->db, FUNDS_LIST_SQL);
    while (db_step(st) == DB_ROW) {
        if (all == cap) {
            int nc = cap ? cap * 2 : 16;
            FundsFlow *nf = arena_alloc(c->arena, sizeof *nf * (size_t)nc);
            if (all)
                memcpy(nf, rows, sizeof *nf * (size_t)all);
            rows = nf;
            cap = nc;
        }
        rows[all++] = (FundsFlow){db_col_int(st, 0), db_col_int(st, 1), arena_strdup(c->arena, db_col_text(st, 2)),
                                  arena_strdup(c->arena, db_col_text(st, 3)), NULL, 0, 0};
    }
    if (!db_done(st))
        return funds_err_db(e, c->db);
    for (int i = 0; i < all; i++) {
        FundsFlow f = rows[i];
        if (grid_node_path(c, f.node_id, &f.node_path) != GRID_OK)
            return funds_err_db(e, c->db);
        if (!grid_in_scope(f.node_path, scope))
            continue;
        int64_t bank = funds_account_by_code(c->db, f.fund_id, "1001");
        if (bank) {
            DbStmt *q = db_query(c->db, FUNDS_MONTHLY_SQL, DB_I(f.fund_id), DB_I(from), DB_I(to), DB_I(bank));
            bool fits = true;
            while (db_step(q) == DB_ROW)
                fits = fits && funds_add(&f.in, db_col_int(q, 1), INT64_MAX) &&
                       funds_add(&f.out, db_col_int(q, 2), INT64_MAX);
            if (!db_done(q))
                return funds_err_db(e, c->db);
            if (!fits) {
                *e = (FundsErr){FM_INTERNAL_ERROR, NULL, "flow sum out of range"};
                return false;
            }
        }
        rows[(*n)++] = f;
    }
    *out = rows;
    return true;
}

bool funds_ledger_rows(const Ctx *c, int64_t fund_id, int64_t from, int64_t to, int max, FundsLedgerRow **out, int *n,
                       bool *capped, FundsErr *e)
{
    *out = NULL;
    *n = 0;
    *capped = false;
    int64_t bank = funds_account_by_code(c->db, fund_id, "1001");
    if (!bank)
        return true;
    int cap = 0;
    DbStmt *st = db_query(c->db, FUNDS_LEDGER_SQL, DB_I(fund_id), DB_I(from), DB_I(to), DB_I(bank));
    while (db_step(st) == DB_ROW) {
        if (*n == max) {
            *capped = true;
            break;
        }
        if (*n == cap) {
            int nc = cap ? cap * 2 : 64;
            FundsLedgerRow *nr = arena_alloc(c->arena, sizeof *nr * (size_t)nc);
            if (*n)
                memcpy(nr, *out, sizeof *nr * (size_t)*n);
            *out = nr;
            cap = nc;
        }
        (*out)[(*n)++] = (FundsLedgerRow){db_col_int(st, 0), db_col_int(st, 1), db_col_int(st, 3), db_col_int(st, 4),
                                          arena_strdup(c->arena, db_col_text(st, 2))};
    }
    if (!db_done(st))
        return funds_err_db(e, c->db);
    return true;
}
