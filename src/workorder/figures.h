/* figures.h: a work-order read for the indicators (results/): how many
 * orders of one category were finished in a period under a place (the
 * illegal structures removed are the orders of 违章搭建 done). A read
 * function: never checks permission. */
#ifndef GZ_WO_FIGURES_H
#define GZ_WO_FIGURES_H
#include <stdbool.h>
#include <stdint.h>

#include "auth/ctx.h"

/* Orders of the category code done (done_at) in [from, to) under node_path;
 * 0 for an unknown code. False on a storage error or a bad path. */
bool wo_category_done(const Ctx *c, const char *node_path, const char *category_code, int64_t from, int64_t to,
                      int64_t *n);

#define WO_CATEGORY_DONE_SQL                                                                                           \
    "SELECT COUNT(*) FROM work_order WHERE category_id = ? AND done_at >= ? AND done_at < ? "                       \
    "AND node_path >= ? AND node_path < ?"

/* ---- the maintained tally per place and month (migration 068) ------------ */

#include "workorder/stats.h"

/* The figures of the place whose path is `path` (a root, community, grid or
 * compound path) for the year and its months: out[0] the year, out[m] month
 * m (1..12), each as wo_period_figures would count them. A month whose
 * median is stale (an order changed since the job last computed it) is
 * computed exactly from the orders of [from[m], to[m]) under the path, so
 * the answer is always exact; *rows_read counts what was read. False on a
 * storage error. */
bool wo_month_tally_year(const Ctx *c, const char *path, int year, const int64_t from[13], const int64_t to[13],
                         WoPeriodFigures out[13], int64_t *rows_read);

/* The leader's job: recomputes at most max stale medians (oldest places
 * first) and clears their stale flag unless an order changed them meanwhile;
 * *n how many. */
bool wo_tally_medians(Db *db, int64_t now, int max, int *n);

#define WO_MONTH_TALLY_SQL                                                                                             \
    "SELECT month, orders, resolved, on_time, rated, rating_sum, median_minutes, stale FROM wo_month_tally "        \
    "WHERE path = ? AND month >= ? AND month <= ?"
#define WO_MONTH_TALLY_STALE_SQL                                                                                       \
    "SELECT path, month, version FROM wo_month_tally WHERE stale = 1 ORDER BY stale, path, month LIMIT ?"

#endif
