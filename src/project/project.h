/* project.h: renovation projects: items of work in the three national tiers,
 * construction supervision (fortnightly and milestone inspections against a
 * checklist per item kind, defects with deadlines that escalate), on-site
 * sign-offs by the named resident representatives, residents' concerns as
 * work orders with the project's response commitment, and acceptance in
 * three stages. Pure rules (tests/unit/test_project_rules.c), the model,
 * its errors and its permission questions. No HTTP: handlers in web.h. */
#ifndef GZ_PROJECT_H
#define GZ_PROJECT_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "auth/ctx.h"
#include "core/todo.h"

/* ---- pure rules ---------------------------------------------------------- */

#define PROJECT_DAY INT64_C(86400)
#define PROJECT_FORTNIGHT (14 * PROJECT_DAY)
/* The most one item may budget: 10^13 fen (100 billion yuan). */
#define PROJECT_BUDGET_MAX INT64_C(10000000000000)

/* The item kinds and their tier: basic (pipes, wiring, drainage, fire,
 * structure), improvement (lighting, roads, parking, chargers, greening),
 * upgrade (culture, elderly, child). NULL for an unknown kind. */
const char *project_kind_tier(const char *kind);
bool project_tier_valid(const char *tier);
const char *project_tier_label_zh(const char *tier);
const char *project_kind_label_zh(const char *kind);

/* One check of an inspection's checklist. */
typedef struct ProjectCheck {
    const char *key, *label_zh;
} ProjectCheck;
/* The checklist of an item kind (the common checks, then the kind's own);
 * *n its length; NULL for an unknown kind. */
const ProjectCheck *project_checklist(const char *kind, int *n);
/* Does passed ∪ failed name every check of kind's list exactly once, and
 * nothing else? NULL when so, else the first key at fault (a missing check's
 * key, or the unknown or repeated one). */
const char *project_checklist_fault(const char *kind, const char *const *passed, int n_passed,
                                    const char *const *failed, int n_failed);

/* May an item start? One that spends maintenance-fund money needs a linked
 * vote that passed (Civil Code Art. 278 matter 5); any other starts. */
typedef enum { PSTART_OK, PSTART_NEEDS_VOTE, PSTART_VOTE_NOT_PASSED, PSTART_NOT_PLANNED } ProjectStartRule;
ProjectStartRule project_start_rule(bool planned, bool uses_maintenance_fund, bool vote_linked, bool vote_passed);

/* The fortnightly round of an item under way since started_at: the weeks
 * from the start fall into fortnights [s + 14d·k, s + 14d·(k+1)); each
 * fortnight that has ended with no fortnightly inspection in it is missed.
 * next_due is the end of the first fortnight from now on still without an
 * inspection; due_this_week when it falls within 7 days of now (or is past).
 * times: the item's fortnightly inspections, ascending. At most
 * PROJECT_ROUNDS_MAX fortnights are looked at (beyond: counted as missed). */
#define PROJECT_ROUNDS_MAX 520
typedef struct ProjectRound {
    int missed;
    int64_t next_due;
    bool due_this_week;
} ProjectRound;
void project_round(int64_t started_at, const int64_t *times, int n, int64_t now, ProjectRound *out);

/* An open defect's escalation level at now: 0 until due_at, then 1 on the
 * first overdue day, one more each further day, at most 3. */
int project_defect_level(int64_t due_at, int64_t now);

/* Acceptance stages in order, and their signatories. */
typedef enum { PSTAGE_SELF, PSTAGE_INITIAL, PSTAGE_FINAL, PSTAGE__COUNT } ProjectStage;
/* "self", "initial", "final" -> stage; -1 otherwise. */
int project_stage_parse(const char *s);
const char *project_stage_name(ProjectStage s);
const char *project_stage_label_zh(ProjectStage s);
/* The roles whose signature a stage needs (NULL-terminated): self the
 * contractor; initial the supervisor; final the street office, planning,
 * housing, fire, community, committee and the residents' representatives. */
const char *const *project_stage_signers(ProjectStage s);
/* Is role one any stage may name? */
bool project_signer_role_valid(const char *role);
const char *project_signer_label_zh(const char *role);

typedef enum {
    PACC_OK,
    PACC_DONE_ALREADY,    /* this stage has its record */
    PACC_PREVIOUS_MISSING,/* the stage before it has none */
    PACC_OPEN_DEFECTS,    /* final: a defect is not closed */
    PACC_SIGNER_MISSING,  /* a required role did not sign (*missing names it) */
} ProjectAccRule;
/* done[i]: stage i has its record; roles: the signatories' roles given. */
ProjectAccRule project_acceptance_rule(ProjectStage stage, const bool done[PSTAGE__COUNT], int64_t open_defects,
                                       const char *const *roles, int n_roles, const char **missing);

/* May user sign a sign-off? Only a named representative of its item, once. */
typedef enum { PSIGN_OK, PSIGN_NOT_REP, PSIGN_ALREADY } ProjectSignRule;
ProjectSignRule project_sign_rule(bool is_rep, bool signed_already);

/* ---- errors ---------------------------------------------------------------- */

typedef enum {
    PM_BUSY,
    PM_INTERNAL,
    PM_LOGIN_NEEDED,
    PM_FORBIDDEN,
    PM_NO_PROJECT,
    PM_NO_ITEM,
    PM_NO_COMPOUND,       /* a compound id that names no compound */
    PM_TOO_MANY_COMPOUNDS,
    PM_BAD_TIER,
    PM_BAD_KIND,
    PM_KIND_NOT_IN_TIER,
    PM_BAD_BUDGET,
    PM_BAD_DATES,
    PM_NO_CONTRACTOR,     /* contractor_org_id names no contractor organisation */
    PM_NO_VOTE,
    PM_VOTE_REQUIRED,
    PM_VOTE_NOT_PASSED,
    PM_NOT_PLANNED,
    PM_NO_USER,           /* a representative id that names no user */
    PM_TOO_MANY_REPS,
    PM_NOT_STARTED,       /* inspections are of items under way */
    PM_BAD_INSPECTION_KIND,
    PM_MILESTONE_REQUIRED,
    PM_CHECKLIST_INCOMPLETE,
    PM_NO_DEFECT,
    PM_DEFECT_NOT_OPEN,
    PM_DEFECT_NOT_FIXED,
    PM_BAD_SIGNOFF_KIND,
    PM_NO_SIGNOFF,
    PM_NOT_REP,
    PM_ALREADY_SIGNED,
    PM_NO_REPS,           /* a sign-off of an item with nobody named to sign */
    PM_BAD_STAGE,
    PM_STAGE_DONE,
    PM_PREVIOUS_STAGE,
    PM_OPEN_DEFECTS,
    PM_SIGNER_MISSING,
    PM_BAD_SIGNER_ROLE,
    PM_CONCERN_REFUSED,   /* the work order could not be raised (bad category ...) */
    PM_BAD_REPORT_KIND,
    PM_FILE_TOO_LARGE,
    PM_BAD_FILE_TYPE,
    PM_TOO_MANY_FILES,
    PM_FILE_NOT_STORED,   /* 500: the disk refused it */
    PM_NO_REPORT,
    PM_FILE_MISSING,
    PM_NO_FACILITY,
    PM_BAD_FACILITY_TYPE,
    PM_NO_MAINTAINER,     /* a facility without an organisation that maintains it */
    PM__COUNT
} ProjectMsg;

typedef struct ProjectErr {
    ProjectMsg msg;
    const char *field;
    const char *detail; /* static or arena text: the missing role, the faulty check key */
} ProjectErr;

/* ---- the model --------------------------------------------------------------- */

#define PROJECT_COMPOUNDS_MAX 20
#define PROJECT_REPS_MAX 20
#define PROJECT_SIGNERS_MAX 20

typedef struct Project {
    int64_t id, node_id, response_minutes, created_at;
    const char *title, *status, *node_path;
    int n_compounds;
    int64_t compounds[PROJECT_COMPOUNDS_MAX];
} Project;

typedef struct ProjectNew {
    const char *title;
    const int64_t *compounds; /* the first is the lead compound */
    int n_compounds;
    int64_t response_minutes; /* 0: 1440 (24 hours) */
} ProjectNew;
bool project_create(const Ctx *c, const ProjectNew *in, int64_t *id, ProjectErr *e);
bool project_get(const Ctx *c, int64_t id, Project *out, ProjectErr *e);
/* A page of the projects of a compound, newest first, below the id `below`. */
bool project_list(const Ctx *c, int64_t compound_id, int64_t below, int limit, int64_t **ids, int *n, ProjectErr *e);

/* A page of every project, newest first, below the id `below` (the
 * caller keeps those it may read). */
bool project_recent(const Ctx *c, int64_t below, int limit, int64_t **ids, int *n, ProjectErr *e);

typedef struct ProjectItem {
    int64_t id, project_id, budget, contractor_org_id, planned_start, planned_end, vote_id, started_at, created_at;
    const char *tier, *kind, *name, *standard, *materials, *status, *contractor_name;
    bool uses_maintenance_fund;
    int n_reps;
    int64_t reps[PROJECT_REPS_MAX];
} ProjectItem;

typedef struct ProjectItemNew {
    const char *tier, *kind, *name, *standard, *materials;
    int64_t budget, contractor_org_id, planned_start, planned_end, vote_id;
    bool uses_maintenance_fund;
    const int64_t *reps;
    int n_reps;
} ProjectItemNew;
bool project_item_add(const Ctx *c, const Project *p, const ProjectItemNew *in, int64_t *id, ProjectErr *e);
bool project_item_get(const Ctx *c, int64_t project_id, int64_t item_id, ProjectItem *out, ProjectErr *e);
/* Every item of a project (a project has tens), by id. */
bool project_items(const Ctx *c, int64_t project_id, ProjectItem **out, int *n, ProjectErr *e);
/* Starts an item under project_start_rule (the vote read through vote's read functions). */
bool project_item_start(const Ctx *c, const Project *p, int64_t item_id, ProjectErr *e);
/* Is user a named representative of the item? */
bool project_item_is_rep(const ProjectItem *it, int64_t user_id);

typedef struct ProjectInspection {
    int64_t id, item_id, inspector_id, inspected_at;
    const char *kind, *milestone, *passed, *failed, *notes;
} ProjectInspection;
typedef struct ProjectInspectionNew {
    int64_t item_id;
    const char *kind, *milestone, *notes;
    const char *const *passed;
    int n_passed;
    const char *const *failed;
    int n_failed;
    int64_t defect_days; /* the deadline of each defect found; 0: 7 days */
} ProjectInspectionNew;
/* Records an inspection; each failed check becomes a defect due in
 * defect_days. *n_defects (may be NULL) gets their count. */
bool project_inspect(const Ctx *c, const Project *p, const ProjectInspectionNew *in, int64_t *id, int *n_defects,
                     ProjectErr *e);
/* A page of a project's inspections, newest first, below the id `below`. */
bool project_inspections(const Ctx *c, int64_t project_id, int64_t below, int limit, ProjectInspection **out, int *n,
                         ProjectErr *e);
/* The fortnightly round of each item under way (items[i] -> rounds[i];
 * items not started get missed 0, next_due 0). */
bool project_rounds(const Ctx *c, const ProjectItem *items, int n, ProjectRound *rounds, ProjectErr *e);

typedef struct ProjectDefect {
    int64_t id, item_id, inspection_id, due_at, fixed_at, closed_at, created_at;
    int level;
    const char *check_key, *description, *status;
} ProjectDefect;
bool project_defects(const Ctx *c, int64_t project_id, int64_t below, int limit, ProjectDefect **out, int *n,
                     ProjectErr *e);
bool project_defect_get(const Ctx *c, int64_t project_id, int64_t defect_id, ProjectDefect *out, ProjectErr *e);
/* The contractor reports it fixed: open -> fixed. */
bool project_defect_fixed(const Ctx *c, const Project *p, int64_t defect_id, ProjectErr *e);
/* The re-inspection: fixed -> closed when it passes, back to open (due in
 * days) when it does not. Only a re-inspection closes a defect. */
bool project_defect_recheck(const Ctx *c, const Project *p, int64_t defect_id, bool passed, int64_t days,
                            ProjectErr *e);
/* Defects not closed. */
bool project_open_defects(const Ctx *c, int64_t project_id, int64_t *n, ProjectErr *e);
/* Escalates every overdue open defect to its project_defect_level, one
 * recorded step each (audit, notify "project.defect_overdue"); never twice
 * for one level. Runs in the caller's write transaction (ops.c jobs[]). */
bool project_defect_sweep(Db *db, int64_t now, int *n_escalated);

/* For the metrics: open defects past their due time at now into *n; false on a storage error. */
bool project_defect_overdue_count(Db *db, int64_t now, int64_t *n);

typedef struct ProjectSignoff {
    int64_t id, item_id, created_at;
    const char *kind, *title, *test_report;
    int n_signed, n_reps;
    bool complete;
    int64_t signed_by[PROJECT_REPS_MAX];
} ProjectSignoff;
bool project_signoff_add(const Ctx *c, const Project *p, int64_t item_id, const char *kind, const char *title,
                         const char *test_report, int64_t *id, ProjectErr *e);
bool project_signoff_get(const Ctx *c, int64_t project_id, int64_t signoff_id, ProjectSignoff *out, ProjectErr *e);
bool project_signoffs(const Ctx *c, int64_t project_id, ProjectSignoff **out, int *n, ProjectErr *e);
/* c->who signs: a named representative of the item, exactly once (two
 * signing at once are both recorded, each once). */
bool project_sign(const Ctx *c, const Project *p, int64_t signoff_id, ProjectErr *e);

/* A third-party test report of a sign-off (kind structure, pipes, fire,
 * materials, other), checked by content (PDF, JPEG, PNG) and size, stored by
 * content hash, audited; at most PROJECT_REPORTS_MAX per sign-off. */
#define PROJECT_REPORTS_MAX 20
bool project_report_kind_valid(const char *kind);
bool project_report_store(const Ctx *c, const Project *p, int64_t signoff_id, const char *kind, const char *filename,
                          const unsigned char *data, size_t len, int64_t *id, ProjectErr *e);
typedef struct ProjectReport {
    int64_t id, signoff_id, size, created_at;
    const char *kind, *filename, *mime, *hash;
} ProjectReport;
bool project_reports(const Ctx *c, int64_t signoff_id, ProjectReport **out, int *n, ProjectErr *e);
/* One report of the project, and its bytes (c's arena). */
bool project_report_get(const Ctx *c, int64_t project_id, int64_t report_id, ProjectReport *out, ProjectErr *e);
bool project_report_bytes(const Ctx *c, const ProjectReport *rep, const unsigned char **data, size_t *len,
                          ProjectErr *e);

/* Changes the title and the response commitment (NULL / 0: unchanged). */
bool project_update(const Ctx *c, const Project *p, const char *title, int64_t response_minutes, ProjectErr *e);

/* A resident's concern during the works: a work order tagged to the
 * project with its response commitment as the SLA. */
bool project_concern(const Ctx *c, const Project *p, const char *category, const char *description,
                     const char *place, int64_t *order_id, ProjectErr *e);

typedef struct ProjectSigner {
    const char *role, *name;
} ProjectSigner;
typedef struct ProjectAcceptance {
    int64_t id, created_by, created_at;
    ProjectStage stage;
    const char *findings;
    int n_signers;
    ProjectSigner signers[PROJECT_SIGNERS_MAX];
} ProjectAcceptance;
bool project_accept(const Ctx *c, const Project *p, ProjectStage stage, const char *findings,
                    const ProjectSigner *signers, int n_signers, int64_t *id, ProjectErr *e);
bool project_acceptances(const Ctx *c, int64_t project_id, ProjectAcceptance *out, int *n, ProjectErr *e);

/* What waits for the principal: project_defect_overdue (overdue defects of
 * projects they may inspect) and project_signoff (sign-offs of items they
 * represent, not signed by them yet). */
bool project_todo(const Ctx *c, TodoList *out, bool *capped);

/* ---- the facility register (facility.c) ------------------------------------ */

/* charger, camera, sign, lamp, shelf, fitness, smart_bin, other. */
bool project_facility_type_valid(const char *type);
const char *project_facility_type_label_zh(const char *type);

typedef struct Facility {
    int64_t id, node_id, project_id, maintainer_org_id, warranty_until, created_at;
    const char *type, *name, *location, *maintainer, *node_path;
} Facility;
typedef struct FacilityNew {
    int64_t node_id, project_id, maintainer_org_id, warranty_until;
    const char *type, *name, *location;
} FacilityNew;
bool project_facility_add(const Ctx *c, const FacilityNew *in, int64_t *id, ProjectErr *e);
bool project_facility_get(const Ctx *c, int64_t id, Facility *out, ProjectErr *e);
/* A page of a compound's facilities, newest first, below the id `below`. */
bool project_facilities(const Ctx *c, int64_t node_id, int64_t below, int limit, Facility **out, int *n,
                        ProjectErr *e);
/* A fault of a facility: a work order with source 'facility'. */
bool project_facility_fault(const Ctx *c, const Facility *f, const char *category, const char *description,
                            int64_t *order_id, ProjectErr *e);

/* The demo's renovation of 学道苑·东南里7号 (main.c demo_parts[]), through the model. */
bool project_demo(Db *db, uint64_t seed, char *err, size_t errlen);

/* ---- permission (perm.c) -------------------------------------------------- */
bool project_may_read(const Ctx *c, const Project *p);
bool project_may_manage(const Ctx *c, const Project *p);
bool project_may_inspect(const Ctx *c, const Project *p);
/* May c->who manage projects at this compound (path)? For creating one. */
bool project_may_manage_at(const Ctx *c, const char *compound_path);


#endif
