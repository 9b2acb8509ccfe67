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

/* ---- permission questions (perm.c) --------------------------------------- */
bool safety_may_report(const Ctx *c, const char *path, SafetyErr *e);  /* PERM_SAFETY_PATROL */
bool safety_may_manage(const Ctx *c, const char *path, SafetyErr *e);  /* PERM_SAFETY_MANAGE */
bool safety_may_see_register(const Ctx *c, const char *path);          /* the full register: PATROL or MANAGE */
bool safety_may_see_public(const Ctx *c, const char *path, SafetyErr *e); /* public hazards: TREE_READ */

#endif
