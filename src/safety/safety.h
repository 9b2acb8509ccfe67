/* safety.h: the risk register of a compound (风险隐患清单) and the twice-daily
 * patrols (一日双巡). Pure rules (the grading matrix, the deadline and owner
 * of a grade, the patrol-miss detection; table-tested in
 * tests/unit/test_safety_rules.c), the model, its errors and its permission
 * questions. No HTTP: the handlers are in safety/web.h. */
#ifndef GZ_SAFETY_H
#define GZ_SAFETY_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "auth/ctx.h"
#include "auth/perm.h"
#include "core/todo.h"

/* ---- pure rules (rules.c) ------------------------------------------------ */

/* Grades, worst first. */
typedef enum { GRADE_RED, GRADE_YELLOW, GRADE_BLUE, GRADE__COUNT } HazardGrade;

/* The matrix: for likelihood 1..5 (row) and consequence 1..5 (column) a
 * grade. Configured as 25 letters r/y/b, row by row (the setting
 * "safety.matrix"); the default is SAFETY_MATRIX_DEFAULT. */
#define SAFETY_SCALE 5
typedef struct SafetyMatrix {
    HazardGrade cell[SAFETY_SCALE][SAFETY_SCALE];
} SafetyMatrix;
#define SAFETY_MATRIX_DEFAULT \
    "bbbby"                   \
    "bbyyy"                   \
    "byyyr"                   \
    "byyrr"                   \
    "yyrrr"

/* Parses 25 letters r/y/b; false (out unchanged) for anything else. */
bool safety_matrix_parse(const char *text, SafetyMatrix *out);
/* The grade of (likelihood, consequence); false when either is outside 1..5. */
bool safety_grade(const SafetyMatrix *m, int likelihood, int consequence, HazardGrade *out);
const char *safety_grade_name(HazardGrade g);     /* "red", "yellow", "blue" */
const char *safety_grade_label_zh(HazardGrade g); /* "红色", "黄色", "蓝色" */
bool safety_grade_parse(const char *name, HazardGrade *out);
/* How long a grade gives its owner: red 24 hours, yellow 7 days, blue 30 days. */
int64_t safety_grade_seconds(HazardGrade g);
/* Who answers for a hazard of the grade: red the community staff, yellow the
 * grid worker, blue the micro-grid worker (a role name of auth/perm.h). */
const char *safety_grade_owner_role(HazardGrade g);
/* The deadline of a hazard graded g at t. */
int64_t safety_deadline(HazardGrade g, int64_t t);
/* Is an open hazard with that deadline overdue at now (strictly after)? */
bool safety_overdue(int64_t deadline, int64_t now);

/* For the metrics: open hazards past their deadline at now into *n; false on a storage error. */
bool safety_overdue_count(Db *db, int64_t now, int64_t *n);

/* Patrol rounds: two a day, each in a window of the local day (Asia/Shanghai):
 * the morning 06:00-12:00, the afternoon 14:00-22:00. */
typedef enum { SLOT_AM, SLOT_PM, SLOT__COUNT } PatrolSlot;
const char *safety_slot_name(PatrolSlot s); /* "am", "pm" */
const char *safety_slot_label_zh(PatrolSlot s); /* "上午巡", "下午巡" */
bool safety_slot_parse(const char *name, PatrolSlot *out);
/* The window [start, end) of a slot of the local day starting at day_start (UTC seconds). */
void safety_slot_window(int64_t day_start, PatrolSlot s, int64_t *start, int64_t *end);
/* The slot whose window holds t, false between windows. */
bool safety_slot_at(int64_t day_start, int64_t t, PatrolSlot *out);

typedef enum {
    ROUND_PENDING, ROUND_IN_PROGRESS, ROUND_COMPLETED, ROUND_INCOMPLETE, ROUND_EXPIRED,
    ROUND_NOT_DUE, /* the round ended before the route existed */
    ROUND__COUNT
} RoundState;
const char *safety_round_state_name(RoundState s);     /* "pending", "in_progress", ... */
const char *safety_round_state_label_zh(RoundState s); /* "未开始", "进行中", ... */
/* A round of n points, done[i] whether point i was checked in, in the window
 * [start, end), at now: completed when all are done; before the window, or
 * in it with none done, pending; in it with some, in progress; after it,
 * incomplete (some) or expired (none); a window that ended by `since` (the
 * route's creation) is not due. skipped (room for n) receives the indices
 * of the points missed, only once the window has ended; *n_skipped their
 * count. */
RoundState safety_round_state(int n, const bool *done, int64_t start, int64_t end, int64_t since, int64_t now,
                              int *skipped, int *n_skipped);
/* A check-in's clocks disagree: the device said a time more than 5 minutes
 * from the server's (0: the device said none). */
bool safety_clock_flagged(int64_t device_time, int64_t server_time);
/* A local day YYYYMMDD as "YYYY-MM-DD". */
void safety_ymd_text(int32_t ymd, char out[16]);

/* ---- errors (messages.c has THE table) ----------------------------------- */
typedef enum {
    SM_BUSY,             /* 503 */
    SM_INTERNAL,         /* 500 */
    SM_LOGIN_NEEDED,     /* 401 */
    SM_FORBIDDEN,        /* 403 */
    SM_NOT_A_COMPOUND,   /* 400: node is not a compound */
    SM_BAD_SCALE,        /* 400: likelihood or consequence outside 1..5 */
    SM_BAD_SOURCE,       /* 400: source outside the list */
    SM_TITLE_REQUIRED,   /* 400 */
    SM_NO_SUCH_HAZARD,   /* 404 */
    SM_CLOSED,           /* 409: the hazard is closed */
    SM_REASON_REQUIRED,  /* 400: a grade change needs a reason */
    SM_SAME_GRADE,       /* 409: nothing would change */
    SM_NOTE_REQUIRED,    /* 400: closing needs a note */
    SM_EVIDENCE_REQUIRED, /* 400: closing a red hazard needs evidence */
    SM_BAD_RESIDUAL,     /* 400: residual grade unknown */
    SM_ADVICE_REQUIRED,  /* 400: a public hazard tells residents what to do */
    SM_BAD_CATEGORY,     /* 400: the work order's category is unknown */
    SM_HAS_ORDER,        /* 409: the hazard has its work order already */
    SM_BAD_ROUTE_PLACE,  /* 400: a route is in a grid, micro-grid or compound */
    SM_BAD_POINTS,       /* 400: 1..50 points, each named, each in a compound of the route's place */
    SM_NO_SUCH_ROUTE,    /* 404 */
    SM_POINT_NOT_ON_ROUTE, /* 400: the point belongs to another route */
    SM_BAD_CODE,         /* 403: the scanned code is not the point's */
    SM_OUTSIDE_WINDOW,   /* 409: no round is open now */
    SM_ALREADY_CHECKED,  /* 409: the point was checked in this round */
    SM_BAD_METHOD,       /* 400: scan or tap */
    SM_BAD_DATE,         /* 400: YYYY-MM-DD */
    SM_BAD_WORKER,       /* 400: the worker does not patrol there */
    SM_BAD_PARTIES,      /* 400: 2..10 parties, each named, role applicant/respondent/other, a valid phone if any */
    SM_NO_SUCH_DISPUTE,  /* 404 */
    SM_NOT_MEDIATOR,     /* 403: only the case's own mediators act on it */
    SM_ALREADY_MEDIATOR, /* 409 */
    SM_TOP_TIER,         /* 409: tier 3 is the last */
    SM_TEXT_REQUIRED,    /* 400: minutes, a note, an agreement's text or an outcome */
    SM_NOT_ALL_SIGNED,   /* 400: an agreement is signed by every party */
    SM_DISPUTE_CLOSED,   /* 409 */
    SM_PUBLISH_TIER3,    /* 409: only tier-3 outcomes are published */
    SM_BAD_KIND,         /* 400: plan type outside the list */
    SM_NO_SUCH_PLAN,     /* 404 */
    SM_BAD_DRILL,        /* 400: a drill is recorded after it was held, with 0..100000 people */
    SM_NO_SUCH_INCIDENT, /* 404 */
    SM_INCIDENT_CLOSED,  /* 409: its timeline is closed with its review */
    SM_BAD_QUARTER,      /* 400: YYYY-Qn */
    SM_ASSESSED,         /* 409: the quarter has its assessment */
    SM_NO_SUCH_ASSESSMENT, /* 404 */
    SM_BAD_HELD_AT,      /* 400: a meeting is recorded after it was held */
    SM__COUNT
} SafetyMsg;

typedef struct SafetyErr {
    SafetyMsg msg;
    const char *field;
    const char *detail;
} SafetyErr;

bool safety_err(SafetyErr *e, SafetyMsg msg, const char *field); /* fills e, returns false */
bool safety_err_db(SafetyErr *e, Db *db);                        /* SM_BUSY or SM_INTERNAL */

/* ---- the register (hazard.c) --------------------------------------------- */

typedef struct Hazard {
    int64_t id, compound_id, deadline, created_by, created_at, closed_at, closed_by;
    const char *node_path, *title, *detail, *place_text, *advice, *source, *owner_role, *close_note,
        *close_evidence, *residual_grade;
    int likelihood, consequence;
    HazardGrade grade;
    bool is_public, is_open, escalated;
} Hazard;

typedef struct HazardInput {
    int64_t compound_id;
    const char *title, *detail, *place_text, *advice, *source; /* source: patrol inspection device resident other */
    int likelihood, consequence;
    bool is_public;
} HazardInput;

bool safety_source_valid(const char *s); /* pure */
#define SAFETY_TITLE_MAX 60 /* code points: a title fits a notification */

/* The configured matrix (the setting "safety.matrix", else the default). */
bool safety_matrix_get(const Ctx *c, SafetyMatrix *out, SafetyErr *e);

/* Records a hazard: graded by the matrix, owner and deadline by its grade,
 * its first history row, audited, announced ("hazard.red" urgent, else
 * "hazard.new"). The caller checked PERM_SAFETY_PATROL on the compound. */
bool safety_hazard_create(const Ctx *c, const HazardInput *in, int64_t *id_out, SafetyErr *e);
/* One hazard; *found false when none. */
bool safety_hazard_get(const Ctx *c, int64_t id, Hazard *out, bool *found, SafetyErr *e);
/* Re-grades an open hazard with a reason: new deadline from now, the
 * escalation cleared, a history row. */
bool safety_hazard_regrade(const Ctx *c, const Hazard *h, int likelihood, int consequence, const char *reason,
                           SafetyErr *e);
/* Closes an open hazard: a note always, evidence for a red one; residual
 * grade (may be NULL or "") is the risk that remains, accepted by the closer. */
bool safety_hazard_close(const Ctx *c, const Hazard *h, const char *note, const char *evidence,
                         const char *residual, SafetyErr *e);
/* Raises the hazard's work order (source_kind "hazard") in the caller's
 * transaction; one per hazard. */
bool safety_hazard_raise_order(const Ctx *c, const Hazard *h, const char *category, int64_t *wo_id, SafetyErr *e);
/* Escalates every open hazard past its deadline not yet escalated: a
 * history row and an urgent "hazard.overdue" event each; *n the count. */
bool safety_sweep(Db *db, int64_t now, int *n);

/* One history row. */
typedef struct HazardEvent {
    int64_t id, at, actor_id;
    const char *kind, *from_grade, *to_grade, *reason;
} HazardEvent;
/* Up to max history rows of a hazard, oldest first; the count, -1 on a storage error. */
int safety_hazard_history(const Ctx *c, int64_t hazard_id, HazardEvent *out, int max);

/* A page of a compound's hazards newest first below `after` (0: the first
 * page); only_public for those who may not see the register. The count, -1
 * on a storage error. */
int safety_hazards_page(const Ctx *c, int64_t compound_id, bool only_public, int64_t after, Hazard *out, int max);

/* ---- patrols (patrol.c) --------------------------------------------------- */

#define SAFETY_POINTS_MAX 50
typedef struct PatrolPoint {
    int64_t id, compound_id;
    int seq;
    const char *name, *place_text;
} PatrolPoint;

typedef struct PatrolRoute {
    int64_t id, node_id, worker_id, created_at;
    const char *node_path, *name, *secret;
    int n_points;
    PatrolPoint *points;
} PatrolRoute;

typedef struct PointInput {
    const char *name, *place_text;
    int64_t compound_id;
} PointInput;

/* A route of points in node (a grid, micro-grid or compound), each point in
 * a compound of it; worker_id (0: none) is who walks it and is reminded of
 * its misses. Audited. The caller checked PERM_SAFETY_MANAGE on the node. */
bool safety_route_create(const Ctx *c, int64_t node_id, const char *name, int64_t worker_id, const PointInput *pts,
                         int n, int64_t *id_out, SafetyErr *e);
/* One route with its points; *found false when none. */
bool safety_route_get(const Ctx *c, int64_t id, PatrolRoute *out, bool *found, SafetyErr *e);
/* A page of a place's routes (points not read) below after; the count, -1 on a storage error. */
int safety_routes_page(const Ctx *c, int64_t node_id, int64_t after, PatrolRoute *out, int max);
/* The code posted at a point: 16 hex digits of HMAC-SHA256(route secret, point id). */
void safety_point_code(const char *secret, int64_t point_id, char out[17]);

typedef struct CheckinInput {
    int64_t point_id;
    const char *method;  /* "scan" (code required) or "tap" */
    const char *code;
    int64_t device_time; /* 0: not given */
    const char *note;
} CheckinInput;

/* Checks c->who in at a point of route r in the round open now: once per
 * point and round; the clocks compared and flagged. Audited. */
bool safety_checkin(const Ctx *c, const PatrolRoute *r, const CheckinInput *in, int64_t *id_out, bool *flagged,
                    SafetyErr *e);
/* Links a check-in to the hazard found there. */
bool safety_checkin_finding(const Ctx *c, int64_t checkin_id, int64_t hazard_id, SafetyErr *e);

typedef struct PatrolRound {
    PatrolSlot slot;
    RoundState state;
    int64_t start, end;
    bool done[SAFETY_POINTS_MAX];
    bool flagged[SAFETY_POINTS_MAX];
    int64_t at[SAFETY_POINTS_MAX];
    int skipped[SAFETY_POINTS_MAX];
    int n_skipped;
} PatrolRound;
/* The two rounds of route r on the local day starting at day_start, as of c->now. */
bool safety_route_day(const Ctx *c, const PatrolRoute *r, int64_t day_start, PatrolRound out[SLOT__COUNT],
                      SafetyErr *e);

/* ---- the inbox (todo.c) --------------------------------------------------- */
/* The rounds of the routes c->who walks, of yesterday and today, that ended
 * incomplete or expired: kind "patrol_missed", linking the route's day. */
bool safety_todo(const Ctx *c, TodoList *out, bool *capped);

/* ---- disputes (dispute.c) ------------------------------------------------- */

#define SAFETY_PARTIES_MAX 10
typedef struct DisputeParty {
    int64_t id;
    const char *name, *phone, *role; /* name and phone masked unless revealed */
} DisputeParty;

typedef struct Dispute {
    int64_t id, compound_id, created_by, created_at, closed_at;
    const char *node_path, *title, *summary, *status, *outcome;
    int tier;
    bool published;
    int n_parties;
    DisputeParty *parties;
} Dispute;

typedef struct PartyInput {
    const char *name, *phone, *role; /* phone may be NULL or "" */
} PartyInput;

typedef struct DisputeEvent {
    int64_t id, at, actor_id;
    const char *kind, *text;
    int tier, n_signed;
} DisputeEvent;

/* "张*": the first character and a star (a name as non-mediators see it). */
const char *safety_mask_name(Arena *a, const char *name);
/* May a reader see a case's parties in full? Only its own mediator who holds
 * PERM_DISPUTE_MEDIATE there. Pure. */
bool safety_parties_visible(bool may_mediate_there, bool assigned);

/* Opens a case at tier 1 in a compound; c->who becomes its first mediator.
 * Phones sealed. Audited without the parties' data. */
bool safety_dispute_open(const Ctx *c, int64_t compound_id, const char *title, const char *summary,
                         const PartyInput *parties, int n, int64_t *id_out, SafetyErr *e);
/* One case; its parties revealed or masked. */
bool safety_dispute_get(const Ctx *c, int64_t id, bool reveal, Dispute *out, bool *found, SafetyErr *e);
bool safety_dispute_is_mediator(const Ctx *c, int64_t dispute_id, int64_t user_id, bool *yes, SafetyErr *e);
bool safety_dispute_add_mediator(const Ctx *c, const Dispute *d, int64_t user_id, SafetyErr *e);
/* Tier + 1 with a reason (tier 3 is the last). */
bool safety_dispute_escalate(const Ctx *c, const Dispute *d, const char *reason, SafetyErr *e);
/* A session's minutes, or a follow-up visit's note (kind "session" or "followup"). */
bool safety_dispute_note(const Ctx *c, const Dispute *d, const char *kind, const char *text, SafetyErr *e);
/* An agreement: refused unless party_ids names every party of the case (once each). */
bool safety_dispute_agree(const Ctx *c, const Dispute *d, const char *text, const int64_t *party_ids, int n,
                          int64_t *event_id, SafetyErr *e);
/* Closes with an outcome; publish (tier 3 only) shows it to the compound, numbers in it masked. */
bool safety_dispute_close(const Ctx *c, const Dispute *d, const char *outcome, bool publish, SafetyErr *e);
/* Up to max events, oldest first; the count, -1 on a storage error. */
int safety_dispute_events(const Ctx *c, int64_t id, DisputeEvent *out, int max);
/* A page of a compound's cases (parties not read), or only its published outcomes. */
int safety_disputes_page(const Ctx *c, int64_t compound_id, bool published_only, int64_t after, Dispute *out,
                         int max);

/* ---- emergency plans and incidents (plan.c) ------------------------------ */

/* fire, flood, gas, structural, public_health, crowd */
bool safety_plan_kind_valid(const char *kind);
const char *safety_plan_kind_label_zh(const char *kind);

typedef struct EmergencyPlan {
    int64_t id, compound_id, created_at;
    const char *node_path, *kind, *title, *roles, *contacts, *steps, *supplies;
} EmergencyPlan;

typedef struct PlanInput {
    int64_t compound_id;
    const char *kind, *title, *roles, *contacts, *steps, *supplies;
} PlanInput;

bool safety_plan_create(const Ctx *c, const PlanInput *in, int64_t *id_out, SafetyErr *e);
bool safety_plan_get(const Ctx *c, int64_t id, EmergencyPlan *out, bool *found, SafetyErr *e);
int safety_plans_page(const Ctx *c, int64_t compound_id, int64_t after, EmergencyPlan *out, int max);
/* A drill held at held_at (not after c->now) with participants people. */
bool safety_drill_add(const Ctx *c, const EmergencyPlan *p, int64_t held_at, int64_t participants, const char *notes,
                      int64_t *id_out, SafetyErr *e);
typedef struct Drill {
    int64_t id, held_at, participants;
    const char *notes;
} Drill;
int safety_drills(const Ctx *c, int64_t plan_id, Drill *out, int max);

typedef struct Incident {
    int64_t id, plan_id, compound_id, declared_by, declared_at, closed_at;
    const char *node_path, *title, *cause, *response, *lessons, *changed_rules;
} Incident;
typedef struct IncidentEntry {
    int64_t id, at, actor_id;
    const char *text;
} IncidentEntry;

/* Declares an incident from a plan: its first timeline entry, an urgent
 * "incident.declared" event. */
bool safety_incident_declare(const Ctx *c, const EmergencyPlan *p, const char *title, int64_t *id_out, SafetyErr *e);
bool safety_incident_get(const Ctx *c, int64_t id, Incident *out, bool *found, SafetyErr *e);
/* Appends to an open incident's timeline (who, what, now): append-only. */
bool safety_incident_append(const Ctx *c, const Incident *i, const char *text, SafetyErr *e);
/* Closes with its review (cause, response, lessons required; changed rules may be ""), published to residents. */
bool safety_incident_close(const Ctx *c, const Incident *i, const char *cause, const char *response,
                           const char *lessons, const char *changed_rules, SafetyErr *e);
int safety_incident_entries(const Ctx *c, int64_t id, IncidentEntry *out, int max);
/* Only_closed: the reviews residents see. */
int safety_incidents_page(const Ctx *c, int64_t compound_id, bool only_closed, int64_t after, Incident *out, int max);
/* The review's figures from the timeline: minutes from the declaration to
 * the first entry after it (-1 when none) and to the closing. Pure. */
void safety_incident_times(int64_t declared_at, const int64_t *entry_at, int n, int64_t closed_at,
                           int64_t *first_response_min, int64_t *duration_min);

/* ---- the quarterly assessment (assess.c) ---------------------------------- */

/* "2026-Q2" -> [start, end) of that quarter in local time; false when malformed (years 2000..2200). */
bool safety_quarter_parse(const char *q, int64_t *start, int64_t *end);
/* The age band of an open hazard: 0 under 7 days, 1 under 30, 2 under 90, 3 older. */
int safety_age_band(int64_t created_at, int64_t now);
#define SAFETY_AGE_BANDS 4

/* The review the system prepares for a quarter, as of c->now. */
typedef struct SafetyReview {
    int64_t open[GRADE__COUNT][SAFETY_AGE_BANDS]; /* open now, by grade and age band */
    int64_t opened[GRADE__COUNT];                 /* found in the quarter */
    int64_t closed[GRADE__COUNT];                 /* closed in the quarter */
    int64_t overdue;                              /* open and past their deadline now */
    int n_places;
    const char *place[10]; /* where most were found in the quarter, most first */
    int64_t place_n[10];
} SafetyReview;
bool safety_review_prepare(const Ctx *c, int64_t compound_id, int64_t start, int64_t end, SafetyReview *out,
                           SafetyErr *e);
/* The review as JSON (c->arena). */
const char *safety_review_json(const Ctx *c, const SafetyReview *rv);

typedef struct DecisionInput {
    int64_t hazard_id; /* 0: a general decision */
    const char *text;
} DecisionInput;
/* Records the quarter's meeting with the review frozen and its decisions
 * (each naming a hazard of the compound, or none); one per quarter. */
typedef struct Assessment {
    int64_t id, held_at;
    const char *quarter, *attendees, *minutes, *review_json;
} Assessment;
int safety_assessments_page(const Ctx *c, int64_t compound_id, int64_t after, Assessment *out, int max);
/* Up to max decisions of an assessment; the count, -1 on a storage error. */
int safety_assessment_decisions(const Ctx *c, int64_t id, DecisionInput *out, int max);
bool safety_assessment_record(const Ctx *c, int64_t compound_id, const char *quarter, int64_t held_at,
                              const char *attendees, const char *minutes, const DecisionInput *d, int n,
                              int64_t *id_out, SafetyErr *e);

/* ---- the demo (demo.c) --------------------------------------------------- */
bool safety_demo(Db *db, uint64_t seed, char *err, size_t errlen);

/* ---- permission questions (perm.c) --------------------------------------- */
bool safety_may_report(const Ctx *c, const char *path, SafetyErr *e);  /* PERM_SAFETY_PATROL */
bool safety_may_manage(const Ctx *c, const char *path, SafetyErr *e);  /* PERM_SAFETY_MANAGE */
bool safety_may_see_register(const Ctx *c, const char *path);          /* the full register: PATROL or MANAGE */
bool safety_may_see_public(const Ctx *c, const char *path, SafetyErr *e); /* public hazards: TREE_READ */
bool safety_may_mediate(const Ctx *c, const char *path, SafetyErr *e);   /* PERM_DISPUTE_MEDIATE */
/* May c->who act on this case (its own mediator, holding MEDIATE there)? */
bool safety_may_handle_case(const Ctx *c, const Dispute *d, SafetyErr *e);

#endif
