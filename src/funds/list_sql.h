/* list_sql.h: the statements of the funds lists (payments, journal
 * entries), as macros of literals so that payments_api.c and api.c run them
 * and tests/unit/test_funds_plans.c checks their query plans.
 *
 * Each *_IDS selects one page of ids, newest first, below a cursor
 * (id < ?: INT64_MAX for the first page) from an index on (fund, [status,]
 * id) (migration 026), so a page costs its own rows whatever the fund's
 * size; page= still works as an OFFSET below the cursor. Each *_COUNT
 * stops at a cap (REQ_COUNT_CAP + 1). */
#ifndef GZ_FUNDS_LIST_SQL_H
#define GZ_FUNDS_LIST_SQL_H

/* Args: fund, below, limit, offset. */
#define FUNDS_PAYMENT_IDS "SELECT id FROM payment WHERE fund_id = ? AND id < ? ORDER BY id DESC LIMIT ? OFFSET ?"
/* Args: fund, status, below, limit, offset. */
#define FUNDS_PAYMENT_IDS_STATUS \
    "SELECT id FROM payment WHERE fund_id = ? AND status = ? AND id < ? ORDER BY id DESC LIMIT ? OFFSET ?"
/* Args: fund, cap + 1. */
#define FUNDS_PAYMENT_COUNT "SELECT COUNT(*) FROM (SELECT 1 FROM payment WHERE fund_id = ? LIMIT ?) t"
/* Args: fund, status, cap + 1. */
#define FUNDS_PAYMENT_COUNT_STATUS \
    "SELECT COUNT(*) FROM (SELECT 1 FROM payment WHERE fund_id = ? AND status = ? LIMIT ?) t"

/* Args: fund, below, limit, offset. */
#define FUNDS_ENTRY_IDS "SELECT id FROM journal_entry WHERE fund_id = ? AND id < ? ORDER BY id DESC LIMIT ? OFFSET ?"
/* Args: fund, cap + 1. */
#define FUNDS_ENTRY_COUNT "SELECT COUNT(*) FROM (SELECT 1 FROM journal_entry WHERE fund_id = ? LIMIT ?) t"

/* Args: fund, kind, counterparty. A counterparty's income per facility line. */
#define FUNDS_INCOME_BY_LINE                                                                                           \
    "SELECT facility, SUM(amount), COUNT(*) FROM fund_income WHERE fund_id = ? AND kind = ? AND counterparty = ? "    \
    "GROUP BY facility ORDER BY facility"

#endif
