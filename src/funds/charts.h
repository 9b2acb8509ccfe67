/* charts.h: a fund's money in and out by month and its arrears by
 * building, for the fund page's charts and GET /api/funds/{id}/monthly and
 * /arrears: one model read each, so the page and the API print the same
 * numbers. The month rule is pure (test_funds_charts.c). */
#ifndef GZ_FUNDS_CHARTS_H
#define GZ_FUNDS_CHARTS_H
#include <stdbool.h>
#include <stdint.h>

#include "auth/ctx.h"
#include "funds/funds.h"

/* The months shown: the current one and the eleven before it, so the read
 * is one bounded range of the fund's entries. */
#define FUNDS_CHART_MONTHS 12

/* The n months (Asia/Shanghai) ending with the one holding now, oldest
 * first: yyyymm[i] (202606) and starts[i] its first instant (UTC seconds);
 * starts[n] is the instant the last month ends. Pure. */
void funds_months_back(int64_t now, int n, int *yyyymm, int64_t *starts);

typedef struct FundsMonth {
    int yyyymm;
    int64_t start;
    int64_t in, out; /* fen: debits to and credits from the bank account (1001) */
} FundsMonth;

/* The fund's bank account in and out in each of the FUNDS_CHART_MONTHS
 * months up to c->now. Never checks permission. */
bool funds_monthly(const Ctx *c, int64_t fund_id, FundsMonth out[FUNDS_CHART_MONTHS], FundsErr *e);

typedef struct FundsArrears {
    int64_t building_id;
    const char *name;        /* arena */
    int64_t households;      /* charges still owed (one per household and levy) */
    int64_t outstanding;     /* fen: due less paid, over them */
} FundsArrears;

/* What the fund's levies are still owed, per building (by building id);
 * buildings owing nothing are left out. Never checks permission. */
bool funds_arrears_by_building(const Ctx *c, int64_t fund_id, FundsArrears **out, int *n, FundsErr *e);

/* ---- money of a place over a period, for the indicators (results/) ------- */

typedef struct FundsFlow {
    int64_t fund_id, node_id;
    const char *kind, *name, *node_path; /* arena; kind: renovation | maintenance | trust | autonomy */
    int64_t in, out;                     /* fen: into and out of the fund's bank account (1001) in [from, to) */
} FundsFlow;

/* Every fund whose node lies in scope (a path), by id, with what its bank
 * account took in and paid out in [from, to): one range of
 * journal_entry_fund per fund (a place holds a handful of funds). Never
 * checks permission. */
bool funds_flows(const Ctx *c, const char *scope, int64_t from, int64_t to, FundsFlow **out, int *n, FundsErr *e);

/* The entries that moved a fund's bank account in [from, to), by posting
 * time: what a fund ledger (台账) lists. */
typedef struct FundsLedgerRow {
    int64_t entry_id, posted_at;
    int64_t in, out;        /* fen */
    const char *memo;       /* arena */
} FundsLedgerRow;
bool funds_ledger_rows(const Ctx *c, int64_t fund_id, int64_t from, int64_t to, int max, FundsLedgerRow **out, int *n,
                       bool *capped, FundsErr *e);

#define FUNDS_LEDGER_SQL                                                                                               \
    "SELECT e.id, e.posted_at, e.memo, l.debit, l.credit FROM journal_entry e JOIN journal_line l ON l.entry_id = e.id " \
    "WHERE e.fund_id = ? AND e.posted_at >= ? AND e.posted_at < ? AND l.account_id = ? ORDER BY e.posted_at, e.id"

#define FUNDS_LIST_SQL "SELECT id, node_id, kind, name FROM fund ORDER BY id"

#define FUNDS_MONTHLY_SQL                                                                                             \
    "SELECT e.posted_at, l.debit, l.credit FROM journal_entry e JOIN journal_line l ON l.entry_id = e.id "         \
    "WHERE e.fund_id = ? AND e.posted_at >= ? AND e.posted_at < ? AND l.account_id = ?"
#define FUNDS_ARREARS_SQL                                                                                             \
    "SELECT c.building_id, COUNT(*), SUM(c.due - c.paid) FROM levy v JOIN levy_charge c ON c.levy_id = v.id "     \
    "WHERE v.fund_id = ? AND c.paid < c.due GROUP BY c.building_id ORDER BY c.building_id"

#endif
