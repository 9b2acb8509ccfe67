/* workorder.h: work orders (工单), the closed loop from a resident's report to
 * a confirmed fix: the pure rules (state machine, SLA clock, escalation
 * ladder, percentiles), the model's error type, the sweep that escalates
 * overdue orders and the demo year of orders. No HTTP: the handlers routes.c
 * registers are in workorder/web.h; what other capabilities may read of an
 * order is in workorder/read.h. */
#ifndef GZ_WORKORDER_H
#define GZ_WORKORDER_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "auth/ctx.h"
#include "auth/perm.h"
#include "core/arena.h"
#include "store/db.h"

/* ---- the state machine (pure) ------------------------------------------ */

typedef enum {
    WO_REPORTED,    /* 已上报: waiting to be accepted */
    WO_ACCEPTED,    /* 已受理: accepted and classified */
    WO_DISPATCHED,  /* 已派单: sent to one or several orgs, one lead */
    WO_IN_PROGRESS, /* 处理中: a handler has posted progress */
    WO_DONE,        /* 已办结: the handler says it is fixed; waits for the reporter */
    WO_CLOSED,      /* 已结单: confirmed by the reporter, or closed by staff after silence */
    WO_REOPENED,    /* 已退回: the reporter rejected the fix */
    WO_MERGED,      /* 已合并: a duplicate of another order */
    WO_HIDDEN,      /* 已屏蔽: spam, hidden with a recorded reason */
    WO_CONFIRMED_BY_REPORTER, /* 待院委会确认: the reporter confirmed; the committee must confirm too */
    WO__STATE_COUNT
} WoState;

typedef enum {
    WO_ACT_ACCEPT,   /* dispatcher: accept and classify */
    WO_ACT_DISPATCH, /* dispatcher: send to orgs (again after a rejection) */
    WO_ACT_MEETING,  /* dispatcher: a coordination meeting was held (complex matters) */
    WO_ACT_PROGRESS, /* handler: progress note, starts the work */
    WO_ACT_DONE,     /* handler: fixed */
    WO_ACT_CONFIRM,  /* reporter: confirms with a rating */
    WO_ACT_REJECT,   /* reporter: not fixed; reopens */
    WO_ACT_CLOSE,    /* dispatcher: closes when the reporter stayed silent past the confirm window */
    WO_ACT_MERGE,    /* dispatcher: a duplicate */
    WO_ACT_HIDE,     /* dispatcher: spam */
    WO_ACT_COMMITTEE_CONFIRM, /* committee: confirms after the reporter, closes (two-party close) */
    WO_ACT_COMMITTEE_REJECT,  /* committee: not accepted; reopens with a reason */
    WO__ACT_COUNT
} WoAction;

/* What the actor is to this order, as bits: several may hold at once. */
enum {
    WO_CAP_REPORTER = 1,   /* filed it (for themselves or on someone's behalf) */
    WO_CAP_DISPATCHER = 2, /* PERM_WO_DISPATCH on the order's place */
    WO_CAP_HANDLER = 4,    /* PERM_WO_HANDLE and their org is assigned to the order */
    WO_CAP_COMMITTEE = 8,  /* a committee grant on the order's compound, where the community requires
                            * the committee's confirmation, and not the reporter */
};

typedef enum {
    WO_OK,
    WO_REFUSE_ROLE,        /* the actor's capabilities do not include this action */
    WO_REFUSE_STATE,       /* the action does not apply in this state */
    WO_REFUSE_TOO_EARLY,   /* close before the confirm window has passed */
    WO_REFUSE_NOT_COMPLEX, /* a meeting on an order that is not complex */
} WoRefusal;

/* Why an action was refused, for the reply (one literal message each). */
typedef enum {
    WO_WHY_NONE,
    WO_WHY_NEED_DISPATCHER, /* only a grid worker or community staff */
    WO_WHY_NEED_HANDLER,    /* only an org the order was dispatched to */
    WO_WHY_NEED_REPORTER,   /* only the reporter */
    WO_WHY_STATE,           /* not in this state */
    WO_WHY_ALREADY_CLOSED,  /* a second confirmation */
    WO_WHY_FINISHED,        /* closed, merged or hidden */
    WO_WHY_NOT_COMPLEX,     /* a meeting for a routine order */
    WO_WHY_TOO_EARLY,       /* staff close before the confirm window passed */
    WO_WHY_NEED_COMMITTEE,  /* only the compound committee, where the community requires it */
    WO_WHY_AWAITING_COMMITTEE, /* the reporter confirmed already; the committee has not */
    WO_WHY_REPORTER_FIRST,  /* the committee confirms after the reporter */
} WoWhy;

typedef struct WoDecision {
    WoRefusal refusal;
    WoState next; /* the state after the action (unchanged when refused) */
    WoWhy why;
} WoDecision;

/* The sentence for a refusal, Chinese and English (static text). */
const char *wo_why_zh(WoWhy why);
const char *wo_why_en(WoWhy why);

/* The transition table: what state follows when an actor with caps applies
 * action in state. complex: the order is classified complex/group (meeting);
 * confirm_window_passed: the reporter has been silent long enough for staff
 * to close. */
WoDecision wo_decide(WoState state, WoAction action, int caps, bool complex, bool confirm_window_passed);
/* The same where committee_required says whether the community requires the
 * compound committee's confirmation after the reporter's (two-party close:
 * done --confirm--> confirmed_by_reporter --committee_confirm--> closed, or
 * --committee_reject--> reopened). wo_decide is this with it off. */
WoDecision wo_decide_ex(WoState state, WoAction action, int caps, bool complex, bool confirm_window_passed,
                        bool committee_required);

const char *wo_state_name(WoState s); /* "reported", ... */
const char *wo_state_label_zh(WoState s);
bool wo_state_parse(const char *name, WoState *out);
bool wo_state_is_open(WoState s);       /* not closed, merged or hidden */
const char *wo_action_name(WoAction a); /* "accept", ... */
const char *wo_action_label_zh(WoAction a);
bool wo_action_parse(const char *name, WoAction *out);

/* Classes of an order (派单 routine / 紧急 emergency / 复杂或群体 complex). */
bool wo_class_valid(const char *c);
const char *wo_class_label_zh(const char *c);
/* A duration of whole minutes as people say it: "1 天 2 小时 30 分钟",
 * "2 小时", "0 分钟"; negative counts as 0. out: 48 bytes. Pure. */
void wo_minutes_zh(int64_t minutes, char out[48]);
/* A duration typed as a number and a unit ("minute", "hour", "day"; NULL or
 * "" is minutes) in minutes; false for an unknown unit or a product beyond
 * max. Pure. */
bool wo_minutes_from(int64_t value, const char *unit, int64_t max, int64_t *minutes);

/* ---- the SLA clock (pure) ---------------------------------------------- */

#define SLA_MAX_WINDOWS 4
#define SLA_MAX_DAYS 400

/* A working calendar, in Asia/Shanghai local time: working windows per
 * weekday (0 = Monday), holiday dates (no work) and make-up working days
 * (调休: a weekend day worked with Monday's windows), dates as YYYYMMDD. */
typedef struct SlaCalendar {
    int n_windows[7];
    struct {
        int start, end;
    } windows[7][SLA_MAX_WINDOWS]; /* minutes after local midnight, start < end */
    int n_holidays;
    int32_t holidays[SLA_MAX_DAYS];
    int n_workdays;
    int32_t workdays[SLA_MAX_DAYS];
} SlaCalendar;

/* The instant `minutes` of working time after start. cal NULL (or a
 * calendar without any window) counts every minute of every day. The
 * result falls inside a working window, or at a window's end when the time
 * runs out exactly there. Returns start for minutes <= 0. */
int64_t sla_deadline(int64_t start, int64_t minutes, const SlaCalendar *cal);

/* Parses a week spec: seven ';'-separated days, Monday first, each a
 * ','-separated list of "HH:MM-HH:MM" windows or empty for a day off, e.g.
 * "09:00-12:00,13:30-17:30;...;;". False on malformed text. */
bool sla_week_parse(const char *spec, SlaCalendar *cal);
/* Adds a holiday or make-up workday (YYYYMMDD); false when full or invalid. */
bool sla_calendar_add_day(SlaCalendar *cal, int32_t yyyymmdd, bool holiday);
/* YYYYMMDD of the Shanghai local day that contains t. */
int32_t sla_local_date(int64_t t);
/* YYYYMM of the Shanghai local month that contains t. */
int32_t sla_local_month(int64_t t);

/* The clock fields of an order (0 = not yet / none). */
typedef struct WoClock {
    WoState state;
    int64_t accepted_at, onsite_at, meeting_at, done_at;
    int64_t response_due, onsite_due, meeting_due, resolve_due;
} WoClock;

/* The earliest deadline of the order still waiting to be met (response
 * while not accepted, on-site while dispatched and nobody came, meeting
 * while not held, resolution while not done), or 0 when none is pending. */
int64_t wo_first_pending(const WoClock *c);

/* ---- the escalation ladder (pure) -------------------------------------- */

typedef struct WoEscStep {
    int level;             /* 1, 2, 3 ... */
    int64_t after_minutes; /* after the order became overdue */
    const char *target;    /* "grid", "community", "street" */
} WoEscStep;

/* The next step of the ladder (sorted by level) to take for an order at
 * level `current` that has been overdue since `since`: its index when
 * due at now, else -1; *next_at is when the next step falls due (0 when
 * the ladder is exhausted). */
int wo_escalation_step(const WoEscStep *ladder, int n, int current, int64_t since, int64_t now, int64_t *next_at);

/* ---- metrics (pure) ----------------------------------------------------- */

/* The nearest-rank percentile (1..100) of n sorted values in *out; false,
 * *out untouched, when n == 0: an empty set has no percentile (shown as
 * null), which is not the same as a resolve time of 0. */
bool wo_percentile(const int64_t *sorted, int n, int pct, int64_t *out);

/* ---- photos (pure) ------------------------------------------------------ */

/* The image type by content (magic bytes), never by name: "image/jpeg",
 * "image/png", "image/webp", or NULL. *ext gets "jpg", "png" or "webp". */
const char *wo_image_type(const unsigned char *data, size_t len, const char **ext);

/* ---- Open311 input (pure) ---------------------------------------------- */

/* A W3C datetime ("2010-01-01T00:00:00Z", "...+08:00", seconds optional, or
 * a bare date read as Shanghai midnight) as Unix seconds; false on junk. */
bool wo_parse_w3c(const char *s, int64_t *out);
/* A decimal coordinate ("30.657", "-104.06") as micro-degrees, rounding
 * toward zero past six decimals; false on junk or |value| > limit degrees. */
bool wo_parse_coord(const char *s, int limit_degrees, int64_t *out_e6);

/* ---- personal data in free text (pure) ------------------------------------ */

/* A person's name shown masked: the first character and "**" ("王**"). NULL
 * for NULL or empty. Arena memory. */
char *wo_name_mask(Arena *a, const char *name);
/* Numbers in free text are masked by pii_mask_text (grid/pii.h). */


/* ---- scope (pure) -------------------------------------------------------- */

/* True when p may report a problem at the place with this path: PERM_WO_REPORT
 * there, or (residents, building heads) anywhere in the compound enclosing
 * one of their grants that holds PERM_WO_REPORT. */
bool wo_may_report_at(const Principal *p, const char *place_path);

/* ---- the model's errors ---------------------------------------------------- */

/* Each error a model function of workorder may return. workorder/messages.c
 * holds THE table from each to an HTTP status, a stable code and its
 * sentence (Chinese, English); tests/unit/test_wo_messages.c checks every
 * one has a row. */
typedef enum {
    WM_NONE,
    /* storage */
    WM_BUSY,     /* 503: the database is busy; nothing was saved */
    WM_INTERNAL, /* 500: a storage failure; nothing was saved */
    /* who */
    WM_LOGIN_REQUIRED, /* 401: nobody signed in */
    WM_FORBIDDEN,      /* 403: the principal lacks the permission */
    /* orders */
    WM_NO_ORDER,                 /* 404: no such order, or one the principal may not read */
    WM_NO_PLACE,                 /* 404: no such place, or out of the reporter's sight */
    WM_PLACE_KIND,               /* 400: the place is above compound level */
    WM_REPORT_HERE_FORBIDDEN,    /* 403: may not report at this place */
    WM_ON_BEHALF_FORBIDDEN,      /* 403: may not report for someone else */
    WM_UNKNOWN_CATEGORY,         /* 400 */
    WM_PLACE_OUTSIDE_GRID,       /* 400: no community, grid and compound above the place */
    WM_NOTE_REQUIRED,            /* 400 */
    WM_ORGS_REQUIRED,            /* 400: a dispatch without an org */
    WM_ORG_TWICE,                /* 400 */
    WM_NO_ORG,                   /* 404: an org not offered for this order */
    WM_LEAD_NOT_DISPATCHED,      /* 400: the lead is not one of the orgs */
    WM_BAD_CLASS,                /* 400: not routine, emergency or complex */
    WM_BAD_RATING,               /* 400: not 1 to 5 */
    WM_MERGE_INTO_REQUIRED,      /* 400 */
    WM_MERGE_INTO_SELF,          /* 400 */
    WM_MERGE_NOT_DISPATCHER,     /* 403: the target is not one the principal dispatches */
    WM_MERGE_OTHER_COMMUNITY,    /* 400 */
    WM_MERGE_TARGET_FINISHED,    /* 409 */
    WM_UNKNOWN_ACTION,           /* 400 */
    WM_BAD_SOURCE,               /* 400: wo_raise without a valid source kind and id, or a bad channel */
    WM_DESCRIPTION_REQUIRED,     /* 400 */
    /* the state machine's refusals (wo_decide_ex's why), field "action" */
    WM_NEED_DISPATCHER,   /* 403 */
    WM_NEED_HANDLER,      /* 403 */
    WM_NEED_REPORTER,     /* 403 */
    WM_NEED_COMMITTEE,    /* 403 */
    WM_BAD_STATE,         /* 409 */
    WM_ALREADY_CLOSED,    /* 409 */
    WM_FINISHED,          /* 409 */
    WM_NOT_COMPLEX,       /* 409 */
    WM_TOO_EARLY,         /* 409 */
    WM_AWAITING_COMMITTEE,/* 409 */
    WM_REPORTER_FIRST,    /* 409 */
    /* configuration */
    WM_NO_NODE,           /* 404: the community id names no node the principal sees */
    WM_NODE_FORBIDDEN,    /* 403: no PERM_WO_CONFIG there */
    WM_NOT_COMMUNITY,     /* 400 */
    WM_BAD_MINUTES,       /* 400: not 1 to 525600 */
    WM_CALENDAR_UNKNOWN,  /* 400: a policy names a calendar that does not exist */
    WM_NO_CALENDAR,       /* 404: the calendar changed does not exist */
    WM_CALENDAR_NAME_REQUIRED, /* 400 */
    WM_BAD_WEEK,          /* 400 */
    WM_BAD_DATES,         /* 400: holidays or workdays not YYYY-MM-DD */
    WM_DAY_BOTH_KINDS,    /* 400: a day both holiday and workday */
    WM_BAD_DAY,           /* 400: the day is not YYYY-MM-DD */
    WM_DAY_NOT_IN_CALENDAR, /* 404 */
    WM_BAD_DAY_KIND,      /* 400 */
    WM_DAY_TAKEN,         /* 409 */
    WM_BAD_LADDER_MINUTES,/* 400: not 0 to 525600 */
    WM_LADDER_NOT_RISING, /* 400 */
    WM_BAD_CONFIRM_DAYS,  /* 400 */
    /* photos */
    WM_PHOTO_TOO_LARGE,   /* 413 */
    WM_NOT_AN_IMAGE,      /* 415 */
    WM_TOO_MANY_PHOTOS,   /* 400 */
    WM_PHOTO_NOT_STORED,  /* 500: the file could not be written */
    WM__COUNT
} WoMsg;

/* What went wrong in a model function: msg names the case, field the input
 * at fault (NULL: none), detail (optional) what a log may add. */
typedef struct WoErr {
    WoMsg msg;
    const char *field;
    const char *detail;
} WoErr;

/* Sets *e and returns false: `return wo_err(e, WM_BAD_RATING, "rating");` */
bool wo_err(WoErr *e, WoMsg msg, const char *field);
/* A storage failure of db: WM_BUSY when it was busy, else WM_INTERNAL; false. */
bool wo_err_db(WoErr *e, Db *db);
/* The error of a refused transition (wo_decide_ex's why); false. */
bool wo_err_refusal(WoErr *e, WoWhy why);

/* ---- coordination meetings, as the votes capability tells them ------------ */

/* A coordination meeting (the votes capability's `meeting`) was opened for
 * order_id: workorder keeps its title, start and status (wo_meeting) for its
 * sweep and its order page. vote calls it in the transaction that writes the
 * meeting, after checking that the order exists and may be read. The sweep
 * records the link on the order's timeline (meeting_linked) while the order
 * is open and complex. False: a storage failure (WM_BUSY / WM_INTERNAL). */
bool wo_meeting_linked(const Ctx *c, int64_t order_id, int64_t meeting_id, const char *title, int64_t starts_at,
                       WoErr *e);
/* The meeting was held (attendance or minutes recorded) or, published, its
 * minutes were published. The sweep counts it for the order's meeting
 * deadline once its start has passed. A meeting linked to no order: no-op. */
bool wo_meeting_held(const Ctx *c, int64_t meeting_id, bool published, WoErr *e);

/* ---- orders raised by other capabilities ---------------------------------- */

/* A work order another capability raises (a resident's concern during a
 * renovation project, a patrol finding, a device alarm, a service order):
 * the caller has decided who may; wo_raise checks the place, the category
 * and the source, and writes the order as wo_create does (SLA, timeline,
 * audit, outbox) in the caller's transaction. */
typedef struct WoRaise {
    int64_t node_id;           /* a compound or below */
    const char *category_code; /* wo_category.code */
    const char *description;   /* Chinese, required */
    const char *place_text;    /* may be NULL */
    const char *channel;       /* NULL: "desk"; or "patrol", "phone" */
    const char *source_kind;   /* the raising entity: [a-z_]{1,20}: "project", "hazard", "device", "service" */
    int64_t source_id;         /* > 0 */
    int64_t response_minutes;  /* > 0: replaces the policy's (a project's 24-hour response commitment) */
    int64_t resolve_minutes;   /* > 0: replaces the policy's */
} WoRaise;

bool wo_source_kind_valid(const char *kind); /* [a-z_]{1,20}; pure */
bool wo_raise(const Ctx *c, const WoRaise *in, int64_t *id_out, WoErr *e);

/* An order as its source sees it. */
typedef struct WoSourceOrder {
    int64_t id, created_at, resolve_due;
    WoState state;
    bool is_open;
    const char *description; /* as typed: the source's own words (c->arena) */
} WoSourceOrder;

/* Up to max orders raised by (kind, source_id), oldest first; the count, -1
 * on a storage error. Served by the index work_order_source. */
int wo_orders_of_source(const Ctx *c, const char *kind, int64_t source_id, WoSourceOrder *out, int max);
/* The reporters' ratings (1-5) of the orders raised by (kind, source_id):
 * how many rated, and their sum; false on a storage error. Served by the
 * index work_order_source. */
bool wo_source_ratings(const Ctx *c, const char *kind, int64_t source_id, int64_t *count, int64_t *sum);

/* ---- storage ------------------------------------------------------------- */

/* Marks orders whose deadlines passed as overdue and escalates them up the
 * ladder, one recorded step at a time (timeline, audit log, notify_event).
 * Runs inside the caller's write transaction. *n_escalated counts steps. */
bool workorder_sweep(Db *db, int64_t now, int *n_escalated);

/* For the metrics: open orders marked overdue (by the sweep) into *n; false on a storage error. */
bool workorder_overdue_count(Db *db, int64_t *n);

/* The demo's year of work orders, after the community exists, in the same
 * transaction; deterministic from the seed (dates relative to the day it
 * runs). Links demo users to orgs. */
bool workorder_demo(Db *db, uint64_t seed, char *err, size_t errlen);

#endif
