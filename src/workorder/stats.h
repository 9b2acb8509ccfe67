/* stats.h: the work orders of a place over the last weeks, for the 统计
 * page's charts and GET /api/workorders/stats: orders by week and status,
 * and per grid the on-time rate and the median resolve time. One model
 * read serves both, so the page's tables and the API print the same
 * numbers. The rules below are pure and table-tested (test_wo_stats.c). */
#ifndef GZ_WO_STATS_H
#define GZ_WO_STATS_H
#include <stdbool.h>
#include <stdint.h>

#include "auth/ctx.h"

/* The weeks shown: a bounded range, so the read is one index range of
 * about a quarter's orders however many years the table holds. */
#define WO_STATS_WEEKS 12
#define WO_STATS_WEEK_SECONDS (7 * 86400)

/* Where an order stands, grouped for a chart (its current state). */
typedef enum { WO_SB_NEW = 0, WO_SB_WORKING, WO_SB_DONE, WO_SB_CLOSED, WO_SB_N } WoStatBucket;

/* ---- pure rules ---------------------------------------------------------- */

/* 00:00 Asia/Shanghai of the Monday of the week that holds t. */
int64_t wo_week_start(int64_t t);
/* The bucket of a state name: reported → NEW; accepted, dispatched,
 * in_progress, reopened → WORKING; done, confirmed_by_reporter → DONE;
 * closed → CLOSED; -1 for merged, hidden and anything else (not counted). */
int wo_stat_bucket(const char *state);
/* The Chinese name of a bucket ("待受理" ...). */
const char *wo_stat_bucket_zh(int bucket);
/* The median of n ascending values: the middle one, or for even n the mean
 * of the two middle ones rounded down. False (out untouched) when n == 0:
 * no orders resolved is not a median of 0. */
bool wo_median(const int64_t *sorted, int n, int64_t *out);
/* num/den in per-mille, rounded half up. False when den == 0 (a rate over
 * nothing is shown as "—", not 0 ‰) or num is outside 0..den. */
bool wo_permille(int64_t num, int64_t den, int64_t *out);

/* ---- the read ------------------------------------------------------------ */

typedef struct WoStatsWeek {
    int64_t start;           /* Monday 00:00 Shanghai, UTC seconds */
    int64_t n[WO_SB_N];      /* orders created that week, by where they stand now */
} WoStatsWeek;

typedef struct WoStatsGrid {
    int64_t grid_id;
    const char *name;        /* arena */
    int64_t orders;          /* created in the range (merged and hidden not counted) */
    int64_t resolved;        /* of them, work done (done_at set): the rate's denominator */
    int64_t on_time;         /* of the resolved, done by resolve_due */
    bool has_rate;           /* resolved > 0 */
    int64_t on_time_permille;
    bool has_median;         /* resolved > 0 */
    int64_t median_minutes;  /* median of whole minutes from report to done */
} WoStatsGrid;

typedef struct WoStats {
    int64_t from, to;        /* [from, to): WO_STATS_WEEKS whole weeks ending with this one */
    WoStatsWeek weeks[WO_STATS_WEEKS];
    WoStatsGrid *grids;      /* arena, by grid id */
    int n_grids;
} WoStats;

/* The figures of the orders under node_path created in the WO_STATS_WEEKS
 * weeks up to the one holding c->now. Never checks permission. False on a
 * storage error. */
bool wo_stats(const Ctx *c, const char *node_path, WoStats *out);

/* The statement wo_stats runs (test_wo_plans.c keeps its plan). */
#define WO_STATS_SQL                                                                                                   \
    "SELECT created_at, state, grid_id, done_at, resolve_due FROM work_order "                                      \
    "WHERE created_at >= ? AND created_at < ? AND node_path >= ? AND node_path < ?"

/* ---- figures of a period, for the indicators (results/) ------------------ */

typedef struct WoPeriodFigures {
    int64_t orders;          /* reported in [from, to) under the place (merged and hidden not counted) */
    int64_t resolved;        /* of them, work done (done_at set) */
    int64_t on_time;         /* of the resolved, done by resolve_due */
    bool has_median;         /* resolved > 0 */
    int64_t median_minutes;  /* whole minutes from report to done */
    int64_t rated;           /* of them, rated by the reporter (1..5) */
    int64_t rating_sum;      /* the sum of those ratings */
} WoPeriodFigures;

/* The figures of the orders under node_path reported in [from, to): one
 * range of the covering index work_order_period (migration 059), so its cost
 * is the orders of the period, never the table. Never checks permission.
 * False on a storage error or a bad path. */
bool wo_period_figures(const Ctx *c, const char *node_path, int64_t from, int64_t to, WoPeriodFigures *out);

/* The places (node paths, in c->arena) of the open orders of compound
 * compound_id of the categories shown publicly (the plan is public, like
 * the public order list: public.h), by id, at most max of them (*capped set when there were
 * more): a range of work_order_compound_open, for the site plan's colours. */
bool wo_open_paths(const Ctx *c, int64_t compound_id, int max, const char ***paths, int *n, bool *capped);

/* ---- the work-order ledger (台账), for the reports (results/) ------------- */

typedef struct WoLedgerRow {
    int64_t id, compound_id, created_at;
    int64_t done_at;               /* 0: not done */
    int64_t resolve_due;
    const char *category;          /* its Chinese name (arena) */
    const char *state;             /* wo_state_name (arena) */
    int rating;                    /* 0: not rated */
} WoLedgerRow;

/* The orders under node_path reported in [from, to), by report time, at
 * most max (*capped set when there were more): no personal data (no
 * reporter, no description). Never checks permission. */
bool wo_ledger(const Ctx *c, const char *node_path, int64_t from, int64_t to, int max, WoLedgerRow **out, int *n,
               bool *capped);

#define WO_LEDGER_SQL                                                                                                  \
    "SELECT o.id, o.compound_id, o.created_at, o.done_at, o.resolve_due, k.name, o.state, o.rating "                \
    "FROM work_order o JOIN wo_category k ON k.id = o.category_id "                                                \
    "WHERE o.created_at >= ? AND o.created_at < ? AND o.node_path >= ? AND o.node_path < ? ORDER BY o.created_at"

#define WO_OPEN_PATHS_SQL                                                                                          \
    "SELECT o.node_path FROM work_order o JOIN wo_category c ON c.id = o.category_id "                             \
    "WHERE o.compound_id = ? AND o.is_open = 1 AND c.shown_public = 1 ORDER BY o.id"

#define WO_PERIOD_SQL                                                                                                  \
    "SELECT created_at, state, done_at, resolve_due, rating FROM work_order "                                       \
    "WHERE created_at >= ? AND created_at < ? AND node_path >= ? AND node_path < ?"

#endif
