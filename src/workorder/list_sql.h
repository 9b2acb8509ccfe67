/* list_sql.h: the statements of the work-order list, as macros of literals
 * so that api.c runs them and tests/unit/test_wo_plans.c checks their query
 * plans (an index lost later fails the test, not a street office at a
 * million orders).
 *
 * Each WO_IDS_* selects one page of ids (LIMIT ? OFFSET ?), newest first,
 * below a cursor (o.id < ?: INT64_MAX for the first page); the page's rows
 * are then read by id. Arguments, in order, are listed beside each. */
#ifndef GZ_WO_LIST_SQL_H
#define GZ_WO_LIST_SQL_H

/* The filters every list ends with: state, category, overdue, each off when
 * its pair of arguments is NULL or 0. */
#define WO_LIST_FILTERS                                                                                   \
    " AND (CAST(? AS TEXT) IS NULL OR o.state = CAST(? AS TEXT)) AND (CAST(? AS BIGINT) = 0 OR o.category_id = ?)" \
    " AND (CAST(? AS BIGINT) = 0 OR o.overdue = ?)"

/* A filtered total is counted up to this, then shown as "10,000+". */
#define WO_LIST_COUNT_CAP 10000

/* One grid or compound: open and closed are two ranges of the (scope,
 * is_open, id) index, merged in id order, each stopping after a page.
 * Args: key, is_open, below, filters; key, is_open (-1: none), below,
 * filters; limit, offset. */
#define WO_IDS_GRID                                                                                                   \
    "SELECT o.id FROM work_order o WHERE o.grid_id = ? AND o.is_open = ? AND o.id < ?" WO_LIST_FILTERS             \
    " UNION ALL SELECT o.id FROM work_order o WHERE o.grid_id = ? AND o.is_open = ? AND o.id < ?" WO_LIST_FILTERS \
    " ORDER BY 1 DESC LIMIT ? OFFSET ?"
#define WO_IDS_COMPOUND                                                                                                   \
    "SELECT o.id FROM work_order o WHERE o.compound_id = ? AND o.is_open = ? AND o.id < ?" WO_LIST_FILTERS             \
    " UNION ALL SELECT o.id FROM work_order o WHERE o.compound_id = ? AND o.is_open = ? AND o.id < ?" WO_LIST_FILTERS \
    " ORDER BY 1 DESC LIMIT ? OFFSET ?"

/* A grid or compound asked for its overdue orders, or for an open state:
 * both are a small share of its orders, so the filter's index (the overdue
 * partial index, or state) is walked and the scope kept ("+" keeps the
 * planner off the scope's index, whose rows would each need a lookup).
 * Args: [state], key, open_lo, open_hi, below, filters, limit, offset;
 * the counts end with cap + 1 instead. */
#define WO_SCOPE_TAIL " AND o.is_open >= ? AND o.is_open <= ? AND o.id < ?" WO_LIST_FILTERS
#define WO_IDS_GRID_OVERDUE \
    "SELECT o.id FROM work_order o WHERE o.overdue = 1 AND +o.grid_id = ?" WO_SCOPE_TAIL " ORDER BY o.id DESC LIMIT ? OFFSET ?"
#define WO_IDS_GRID_STATE                                                                                                \
    "SELECT o.id FROM work_order o WHERE o.state = CAST(? AS TEXT) AND +o.grid_id = ?" WO_SCOPE_TAIL \
    " ORDER BY o.id DESC LIMIT ? OFFSET ?"
#define WO_IDS_COMPOUND_OVERDUE                                                                                   \
    "SELECT o.id FROM work_order o WHERE o.overdue = 1 AND +o.compound_id = ?" WO_SCOPE_TAIL \
    " ORDER BY o.id DESC LIMIT ? OFFSET ?"
#define WO_IDS_COMPOUND_STATE                                                                                    \
    "SELECT o.id FROM work_order o WHERE o.state = CAST(? AS TEXT) AND +o.compound_id = ?" WO_SCOPE_TAIL \
    " ORDER BY o.id DESC LIMIT ? OFFSET ?"
#define WO_COUNT_GRID_OVERDUE \
    "SELECT COUNT(*) FROM (SELECT 1 FROM work_order o WHERE o.overdue = 1 AND +o.grid_id = ?" WO_SCOPE_TAIL " LIMIT ?) t"
#define WO_COUNT_COMPOUND_OVERDUE                                                                           \
    "SELECT COUNT(*) FROM (SELECT 1 FROM work_order o WHERE o.overdue = 1 AND +o.compound_id = ?" WO_SCOPE_TAIL \
    " LIMIT ?) t"

/* A wide place (a street, community, micro-grid or building) holds a good
 * share of all orders: walking the orders newest first (the table's own
 * order) and keeping the place's fills a page at once, where the path index
 * would sort every order of the place. "|| ''" keeps the planner off that
 * index. Args: lo, hi, open_lo, open_hi, below, filters, limit, offset. */
#define WO_IDS_PATH_WIDE                                                                                     \
    "SELECT o.id FROM work_order o WHERE o.node_path || '' >= ? AND o.node_path || '' < ? AND o.is_open >= ? " \
    "AND o.is_open <= ? AND o.id < ?" WO_LIST_FILTERS " ORDER BY o.id DESC LIMIT ? OFFSET ?"
/* A street or a community with a filter: the filter's own index walked in
 * id order (state, category; overdue and open orders are few, each with a
 * partial index), keeping the place's. Args as WO_IDS_PATH_WIDE, then the
 * state or category for the two that take one, then limit, offset. */
#define WO_WIDE_WHERE                                                                                   \
    " AND o.node_path || '' >= ? AND o.node_path || '' < ? AND o.is_open >= ? AND o.is_open <= ? AND o.id < ?" \
    WO_LIST_FILTERS
#define WO_IDS_WIDE_STATE \
    "SELECT o.id FROM work_order o WHERE o.state = CAST(? AS TEXT)" WO_WIDE_WHERE " ORDER BY o.id DESC LIMIT ? OFFSET ?"
#define WO_IDS_WIDE_CATEGORY \
    "SELECT o.id FROM work_order o WHERE o.category_id = ?" WO_WIDE_WHERE " ORDER BY o.id DESC LIMIT ? OFFSET ?"
#define WO_IDS_WIDE_OVERDUE \
    "SELECT o.id FROM work_order o WHERE o.overdue = 1" WO_WIDE_WHERE " ORDER BY o.id DESC LIMIT ? OFFSET ?"
#define WO_IDS_WIDE_OPEN \
    "SELECT o.id FROM work_order o WHERE o.is_open = 1" WO_WIDE_WHERE " ORDER BY o.id DESC LIMIT ? OFFSET ?"
/* The overdue count (state and category come from the tallies). Args: lo,
 * hi, open_lo, open_hi, below (INT64_MAX), filters, cap + 1. */
#define WO_COUNT_WIDE_OVERDUE \
    "SELECT COUNT(*) FROM (SELECT 1 FROM work_order o WHERE o.overdue = 1" WO_WIDE_WHERE " LIMIT ?) t"

/* A narrow place (a unit, a household): its few orders by the path index. */
#define WO_IDS_PATH_NARROW                                                                           \
    "SELECT o.id FROM work_order o WHERE o.node_path >= ? AND o.node_path < ? AND o.is_open >= ? " \
    "AND o.is_open <= ? AND o.id < ?" WO_LIST_FILTERS " ORDER BY o.id DESC LIMIT ? OFFSET ?"
/* A reporter's own. Args: reporter, open_lo, open_hi, below, filters, limit, offset. */
#define WO_IDS_MINE                                                                                                \
    "SELECT o.id FROM work_order o WHERE o.reporter_id = ? AND o.is_open >= ? AND o.is_open <= ? AND o.id < ?" \
    WO_LIST_FILTERS " ORDER BY o.id DESC LIMIT ? OFFSET ?"
/* An organisation's, from its assignment index. Args as WO_IDS_MINE, the org first. */
#define WO_IDS_ORG                                                                                            \
    "SELECT a.order_id FROM wo_assignment a JOIN work_order o ON o.id = a.order_id WHERE a.org_id = ? "     \
    "AND o.is_open >= ? AND o.is_open <= ? AND a.order_id < ?" WO_LIST_FILTERS                              \
    " ORDER BY a.order_id DESC LIMIT ? OFFSET ?"

/* Capped counts of places without a tally (a building or below), a
 * reporter's and an organisation's orders. Args: lo, hi (or key), open_lo,
 * open_hi, filters, cap + 1. */
#define WO_COUNT_PATH                                                                                                  \
    "SELECT COUNT(*) FROM (SELECT 1 FROM work_order o WHERE o.node_path >= ? AND o.node_path < ? AND o.is_open >= ? " \
    "AND o.is_open <= ?" WO_LIST_FILTERS " LIMIT ?) t"
#define WO_COUNT_MINE                                                                                                  \
    "SELECT COUNT(*) FROM (SELECT 1 FROM work_order o WHERE o.reporter_id = ? AND o.is_open >= ? AND o.is_open <= ?" \
    WO_LIST_FILTERS " LIMIT ?) t"
#define WO_COUNT_ORG                                                                                             \
    "SELECT COUNT(*) FROM (SELECT 1 FROM wo_assignment a JOIN work_order o ON o.id = a.order_id "              \
    "WHERE a.org_id = ? AND o.is_open >= ? AND o.is_open <= ?" WO_LIST_FILTERS " LIMIT ?) t"

/* Exact totals from the tallies kept by the triggers of migrations 018 and
 * 021, per category and state: one community, grid or compound (node,
 * open_lo, open_hi, state, state, category, category), or every community
 * under a place (lo, hi, then the same). Only "overdue" is not in them. */
#define WO_TALLY_FILTERS \
    " AND (CAST(? AS TEXT) IS NULL OR state = CAST(? AS TEXT)) AND (CAST(? AS BIGINT) = 0 OR category_id = ?)"
#define WO_TALLY_NODE \
    "SELECT COALESCE(SUM(n), 0) FROM wo_tally WHERE node_id = ? AND is_open >= ? AND is_open <= ?" WO_TALLY_FILTERS
#define WO_TALLY_ABOVE                                                                       \
    "SELECT COALESCE(SUM(n), 0) FROM wo_tally WHERE kind = 'community' AND path >= ? AND path < ? " \
    "AND is_open >= ? AND is_open <= ?" WO_TALLY_FILTERS

/* The list page's further filters (list_pages.c): an organisation the order
 * was dispatched to, a range of report times, and a text found in the
 * description or the place (a LIKE pattern, escaped by the caller), each
 * off when its arguments are 0 or NULL. Such a list walks the place's path
 * index in id order, like a narrow place, and counts capped. Args: lo, hi,
 * open_lo, open_hi, below, filters, org, org, from, from, to, to, text,
 * text, text, then limit, offset (or cap + 1 for the count). */
#define WO_EXTRA_FILTERS                                                                                         \
    " AND (CAST(? AS BIGINT) = 0 OR o.id IN (SELECT a.order_id FROM wo_assignment a WHERE a.org_id = ?))"     \
    " AND (CAST(? AS BIGINT) = 0 OR o.created_at >= ?) AND (CAST(? AS BIGINT) = 0 OR o.created_at < ?)"       \
    " AND (CAST(? AS TEXT) IS NULL OR o.description LIKE ? ESCAPE '\\' OR o.place_text LIKE ? ESCAPE '\\')"
#define WO_IDS_PATH_EXTRA                                                                            \
    "SELECT o.id FROM work_order o WHERE o.node_path >= ? AND o.node_path < ? AND o.is_open >= ? " \
    "AND o.is_open <= ? AND o.id < ?" WO_LIST_FILTERS WO_EXTRA_FILTERS " ORDER BY o.id DESC LIMIT ? OFFSET ?"
#define WO_COUNT_PATH_EXTRA                                                                                            \
    "SELECT COUNT(*) FROM (SELECT 1 FROM work_order o WHERE o.node_path >= ? AND o.node_path < ? AND o.is_open >= ? " \
    "AND o.is_open <= ? AND o.id < ?" WO_LIST_FILTERS WO_EXTRA_FILTERS " LIMIT ?) t"

#endif
