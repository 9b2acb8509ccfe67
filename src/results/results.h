/* results.h: 成效可视化, the results made visible. An indicator is a row of
 * the catalogue (catalogue.c): a code, a Chinese name, a unit and a formula
 * over the read functions of the capability that owns the data (work
 * orders, votes, funds, the register), never SQL on their tables and never
 * a number typed in by hand, except the baseline measured outside the
 * system, entered with its source and date, and the target (indicator_ref).
 * A value is computed for a place (compound, grid, community, street: a
 * node of the tree) and a period (month, quarter, year) and carries the
 * list URL of the rows it came from. */
#ifndef GZ_RESULTS_H
#define GZ_RESULTS_H
#include <stdbool.h>
#include <stdint.h>

#include "auth/ctx.h"
#include "core/buf.h"
#include "grid/read.h"

/* ---- periods (pure) -------------------------------------------------------- */

typedef enum { RES_MONTH = 0, RES_QUARTER, RES_YEAR } ResPeriodKind;

typedef struct ResPeriod {
    ResPeriodKind kind;
    int year, index;   /* month 1..12, quarter 1..4, 0 for a year */
    int64_t from, to;  /* [from, to): 00:00 Asia/Shanghai of its first day and of the day after its last */
    char label[32];    /* "2026-05", "2026-Q2", "2026" (room for any int: gcc -O2 checks) */
} ResPeriod;

/* "2026-05", "2026-Q2" or "2026" (years 2000..2200); false for anything else. */
bool res_period_parse(const char *s, ResPeriod *out);
/* The period of kind that holds instant t (Shanghai). */
void res_period_of(ResPeriodKind kind, int64_t t, ResPeriod *out);
/* The period of the same kind just before p. */
void res_period_prev(const ResPeriod *p, ResPeriod *out);
/* "2026年5月", "2026年第2季度", "2026年" */
const char *res_period_zh(const ResPeriod *p, char out[32]);

/* ---- formulas (pure) ------------------------------------------------------ */

/* num/den in per-mille rounded half up; false when den == 0 (a rate over
 * nothing is "—", not 0 ‰) or num outside 0..den. */
bool res_rate_permille(int64_t num, int64_t den, int64_t *out);
/* sum/n times 100 rounded half up (a mean rating 4.67 is 467); false when
 * n == 0 or either is negative. */
bool res_mean_centi(int64_t sum, int64_t n, int64_t *out);
/* The median of n ascending values: the middle one, or the mean of the two
 * middle ones rounded down; false when n == 0. */
bool res_median(const int64_t *sorted, int n, int64_t *out);
/* A value as people read it in its unit: "87.5%", "4.67分", "1,234.50元",
 * "38分钟", "120户"; "—" without a value. */
typedef enum { RES_U_PERMILLE = 0, RES_U_MINUTES, RES_U_CENTI_SCORE, RES_U_FEN, RES_U_HOUSEHOLDS, RES_U_PERSONS,
               RES_U_ORDERS, RES_U_VOTES, RES_U__COUNT } ResUnit;
const char *res_unit_zh(ResUnit u);
const char *res_unit_code(ResUnit u); /* "permille", "minutes", ... (the API's) */
const char *res_format(char out[48], ResUnit u, bool has, int64_t v);

/* ---- the catalogue -------------------------------------------------------- */

typedef struct ResValue {
    bool has;          /* false: nothing to compute over (a rate with no denominator ...) */
    int64_t value;     /* in the indicator's unit */
    int64_t num, den;  /* a rate's or mean's terms; 0 otherwise */
    const char *href;  /* the list of the rows it came from (arena), NULL when there is none */
} ResValue;

typedef struct ResScope ResScope; /* one place and period, with the owners' reads cached (catalogue.c) */

typedef struct Indicator {
    const char *code;      /* stable: "wo_on_time" */
    const char *name_zh;   /* "工单按时办结率" */
    ResUnit unit;
    const char *formula_zh;
    const char *owner;     /* the capability whose read functions it uses: "workorder" ... */
    bool higher_better;
    bool current;          /* a count of now (the register): the period is not used */
    bool (*compute)(const Ctx *c, ResScope *s, ResValue *out);
} Indicator;

int res_indicator_count(void);
const Indicator *res_indicator_at(int i);
const Indicator *res_indicator_find(const char *code);

/* A place and a period to compute over: node is the place (its kind and
 * path), p the period. Allocated in c->arena; each owner's read runs at
 * most once per scope however many indicators use it. */
ResScope *res_scope_new(const Ctx *c, const NodeInfo *node, const ResPeriod *p);
/* Computes indicator ind over s; false on a storage error (the owner's
 * read failed: answer 503/500). */
bool res_compute(const Ctx *c, ResScope *s, const Indicator *ind, ResValue *out);
/* How many rows the owners' reads of s visited (the cost of its values). */
int64_t res_scope_rows(const ResScope *s);

/* ---- baselines and targets (indicator_ref) --------------------------------- */

typedef enum { RES_REF_BASELINE = 0, RES_REF_TARGET } ResRefKind;

typedef struct ResRef {
    int64_t id, node_id;
    const char *code, *source; /* arena */
    ResRefKind kind;
    int64_t value;
    int32_t measured_on;       /* yyyymmdd */
} ResRef;

typedef enum {
    RM_BUSY = 0,
    RM_INTERNAL,
    RM_LOGIN_NEEDED,
    RM_FORBIDDEN,
    RM_NO_SUCH_NODE,
    RM_NOT_A_COMPOUND,
    RM_BAD_SCOPE,
    RM_UNKNOWN_INDICATOR,
    RM_BAD_KIND,
    RM_BAD_PERIOD,
    RM_BAD_DATE,
    RM_BAD_VALUE,
    RM_BAD_REPORT,
    RM__COUNT
} ResMsg;

typedef struct ResErr {
    ResMsg msg;
    const char *field;
    const char *detail;
} ResErr;

bool res_err(ResErr *e, ResMsg msg, const char *field);
bool res_err_db(ResErr *e, Db *db);

/* Enters (or replaces) the baseline or target of code at node, audited.
 * value within the unit's range (a rate 0..1000 ‰, a count >= 0 ...). */
bool res_ref_set(const Ctx *c, const char *code, int64_t node_id, ResRefKind kind, int64_t value, const char *source,
                 int32_t measured_on, int64_t *id_out, ResErr *e);
/* The baselines and targets entered for node (every indicator), by code. */
bool res_refs_of(const Ctx *c, int64_t node_id, ResRef **out, int *n, ResErr *e);
/* The value's permitted range for an indicator's unit; pure. */
bool res_value_valid(ResUnit u, int64_t v);

#define RES_REFS_SQL                                                                                                   \
    "SELECT id, node_id, code, kind, value, source, measured_on FROM indicator_ref WHERE node_id = ? ORDER BY code, kind"

/* ---- the dashboard (dashboard.c) -------------------------------------------- */

/* The indicators drawn month by month on the dashboard. */
#define RES_SERIES_MAX 8
#define RES_MONTHS 12

typedef struct ResDashRow {
    const Indicator *ind;
    ResValue year;               /* the year's value ("after") */
    bool has_baseline, has_target;
    ResRef baseline, target;     /* "before", and what the place aims at */
    bool series;                 /* drawn by month */
    ResValue months[RES_MONTHS]; /* the year's months (series only) */
} ResDashRow;

typedef struct ResDashboard {
    NodeInfo node;
    ResPeriod year;
    ResPeriod months[RES_MONTHS];
    ResDashRow *rows;            /* one per catalogue row, in its order */
    int n_rows;
    int64_t rows_read;           /* rows the owners' reads visited: the cost */
} ResDashboard;

/* The kinds of place the figures are computed for. */
bool res_scope_kind_ok(NodeKind k);
/* Whether the indicator is drawn month by month on the dashboard. */
bool res_in_series(const Indicator *ind);
/* The figures of node for the year: every indicator's year value, baseline
 * and target, and the series indicators month by month. Never checks
 * permission (the figures are aggregates, public). */
bool res_dashboard(const Ctx *c, const NodeInfo *node, const ResPeriod *year, ResDashboard *out, ResErr *e);
/* The default place of the public dashboard: the first street (or, without
 * one, the first community); *found false on an empty tree. */
bool res_default_node(const Ctx *c, NodeInfo *out, bool *found, ResErr *e);

/* ---- the site plan (plan.c) ------------------------------------------------ */

typedef enum { RES_PLAN_OPEN = 0, RES_PLAN_ARREARS, RES_PLAN__COUNT } ResPlanBy;

typedef struct ResPlanBlock {
    NodeInfo node;       /* the building */
    int64_t value;       /* open orders, or fen still owed */
    int cls;             /* colour class 0..4 (res_plan_class) */
} ResPlanBlock;

typedef struct ResPlan {
    ResPlanBy by;
    ResPlanBlock *blocks; /* the compound's buildings, in the register's order */
    int n;
    int64_t max;          /* the largest value: the top of the colour scale */
    int64_t elsewhere;    /* open orders of the compound not in one of its buildings (its yard) */
} ResPlan;

/* The columns and rows n blocks are laid out in: the smallest square that
 * holds them, rows filled left to right. Pure. */
void res_plan_layout(int n, int *cols, int *rows);
/* The colour class of v on a scale up to max: 0 for nothing, else 1..4 in
 * four equal steps (v = max is 4). Pure. */
int res_plan_class(int64_t v, int64_t max);
/* "open" (the default, NULL or "") or "arrears". */
bool res_plan_by_parse(const char *s, ResPlanBy *out);
/* The compound's buildings with their values. Never checks permission. */
bool res_plan(const Ctx *c, const NodeInfo *compound, ResPlanBy by, ResPlan *out, ResErr *e);

/* ---- the poster (poster.c) ------------------------------------------------- */

/* The notice-board poster (项目成果展示栏) of d as a one-page A4 PDF appended
 * to out: the place and year, its key figures (before, this year, target),
 * the orders reported month by month as a bar chart, and a QR code of url
 * (the dashboard online). Chinese set by pango with Noto CJK. False when
 * cairo could not make the page (nothing appended). */
bool res_poster_pdf(const ResDashboard *d, const char *url, Buf *out);

/* The demo's baselines and targets on the street (demo.c), through
 * res_ref_set; main.c's demo_parts[] runs it after the other parts. */
bool results_demo(Db *db, uint64_t seed, char *err, size_t errlen);

/* ---- permission ----------------------------------------------------------- */

/* The figures of a place with their lists: PERM_TREE_READ on it. (The
 * public dashboard shows the figures without the lists to anyone.) */
bool res_may_see(const Ctx *c, const char *node_path);
/* Baselines, targets, posters and 台账: PERM_REPORTS on the place. */
bool res_may_report(const Ctx *c, const char *node_path);

#endif
