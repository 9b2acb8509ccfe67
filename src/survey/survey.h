/* survey.h: questionnaires (问卷): the builder's questions and their
 * conditions, the distribution to all households of a scope or to a
 * stratified sample drawn from a published seed, the answers (online by a
 * household's token, or keyed from paper and checked by a second person),
 * and the results with each question's own denominator. Pure rules
 * (table-tested in tests/unit/test_survey_rules.c), the model, its errors
 * and its permission questions. No HTTP: the handlers are in survey/web.h. */
#ifndef GZ_SURVEY_H
#define GZ_SURVEY_H
#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "auth/ctx.h"
#include "core/arena.h"
#include "core/todo.h"

/* ---- errors ---------------------------------------------------------------- */

typedef enum {
    SV_BUSY,
    SV_INTERNAL,
    SV_LOGIN_NEEDED,
    SV_FORBIDDEN,
    SV_NOT_FOUND,            /* no such survey (or one the caller may not see) */
    SV_BAD_NODE,             /* the scope is not a node the caller may see */
    SV_BAD_DEFINITION,       /* the questions do not form a valid questionnaire (detail says where) */
    SV_NOT_DRAFT,            /* questions and distribution change only in a draft */
    SV_NOT_OPEN,             /* answers are taken only while the survey is open */
    SV_ALREADY_OPEN,
    SV_ALREADY_CLOSED,
    SV_NO_HOUSEHOLDS,        /* opened before being sent to anyone */
    SV_BAD_SAMPLE,           /* mode, quotas or seed not valid */
    SV_QUOTA_TOO_LARGE,      /* a quota larger than its stratum */
    SV_BAD_TOKEN,            /* no household's link has this token */
    SV_BAD_ANSWERS,          /* an answer of the wrong kind or out of range */
    SV_SKIPPED_QUESTION,     /* an answer to a question its condition hides */
    SV_MISSING_ANSWER,       /* a required question shown and not answered */
    SV_UNKNOWN_QUESTION,     /* an answer to no question of the survey */
    SV_NOT_SENT,             /* the household is not one the survey was sent to */
    SV_ALREADY_ANSWERED,     /* the household answered already through another channel */
    SV_NOT_ENTERED,          /* the paper response is not awaiting its check */
    SV_SAME_PERSON,          /* the person who keyed a paper form cannot check it */
    SV_CHECK_MISMATCH,       /* the second keying differs from the first */
    SV_BAD_GROUP,            /* cross-tab by something unknown */
    SV_BAD_REASON,           /* a replacement's reason is not refused, absent or moved */
    SV_NOT_SAMPLE,           /* replacing a household of a survey sent to all */
    SV_ALREADY_REPLACED,     /* the household was replaced already */
    SV_CONFLICT_SETTLED,     /* the conflict was settled already */
    SV_BAD_CHOICE,           /* a conflict is settled with keep or replace */
    SV__COUNT
} SurveyMsg;

typedef struct SurveyErr {
    SurveyMsg msg;
    const char *field;
    const char *detail;
} SurveyErr;

/* Fills e (may be NULL) and returns false. */
bool survey_err(SurveyErr *e, SurveyMsg msg, const char *field);
/* The last storage failure on db as SV_BUSY or SV_INTERNAL; false. */
bool survey_err_db(SurveyErr *e, Db *db);

/* ---- the questionnaire (pure) ------------------------------------------------ */

typedef enum { SQ_SINGLE, SQ_MULTI, SQ_SCALE, SQ_MATRIX, SQ_NUMBER, SQ_TEXT, SQ__COUNT } SurveyKind;

#define SURVEY_MAX_QUESTIONS 100
#define SURVEY_MAX_OPTIONS 20
#define SURVEY_MAX_ROWS 20
#define SURVEY_TEXT_MAX 500 /* code points of a free-text answer */

typedef struct SurveyQuestion {
    const char *key;     /* "q1": [a-z0-9_], unique in the survey */
    SurveyKind kind;
    const char *title;
    bool required;
    int n_options;       /* single, multi, matrix: the choices; scale: 5 labels (1..5) */
    const char **options;
    int n_rows;          /* matrix: the statements each answered with one option */
    const char **rows;
    int64_t min, max;    /* number: the range */
    int cond_q;          /* index of the earlier question this one depends on, -1: always shown */
    unsigned cond_mask;  /* shown when that answer is one of these: bit i = option i (scale: value i) */
} SurveyQuestion;

typedef struct SurveyDef {
    int n;
    SurveyQuestion *q;
} SurveyDef;

const char *survey_kind_name(SurveyKind k);
/* Parses and checks a questionnaire: an array of 1..100 objects
 *   {"key","kind","title","required"?,"options"?,"rows"?,"min"?,"max"?,
 *    "when"?: {"q": earlier key, "in": [option index or scale value ...]}}
 * kind single/multi: 2..20 options; scale: 5 labels or none (1..5); matrix:
 * 1..20 rows, 2..20 options; number: min <= max; text. A condition names an
 * earlier single, multi or scale question. False with e (SV_BAD_DEFINITION,
 * detail "q3: ...") otherwise. Strings live in a. */
bool survey_def_parse(Arena *a, const json_t *arr, SurveyDef *out, SurveyErr *e);
/* The definition as JSON text again (what is stored). */
char *survey_def_json(Arena *a, const SurveyDef *d);

/* Is question i shown, given the (normalised) answers so far? A question
 * whose condition's question was itself hidden or skipped is hidden. */
bool survey_shown(const SurveyDef *d, int i, const json_t *answers);
/* Checks a household's answers against the questionnaire and returns them
 * normalised (only the keys of shown, answered questions) in *norm (a new
 * reference). Errors: SV_UNKNOWN_QUESTION, SV_BAD_ANSWERS,
 * SV_SKIPPED_QUESTION (an answer to a hidden question), SV_MISSING_ANSWER
 * (a required shown question); field is the question's key. */
bool survey_answers_check(const SurveyDef *d, const json_t *answers, json_t **norm, SurveyErr *e);

/* ---- results (pure) ------------------------------------------------------------- */

/* A percentage in tenths from count of den, rounded half up (120 of 130 ->
 * 923, "92.3"); -1 when den is 0. Integers only. */
int survey_pct10(int64_t count, int64_t den);

typedef struct SurveyTally {
    int64_t shown;      /* respondents to whom the question was shown */
    int64_t answered;   /* of them, who answered: THE denominator */
    int64_t *counts;    /* per option (scale: [0] = value 1 ... [4] = 5); matrix: row-major rows x options */
    int64_t *row_answered; /* matrix: who answered each row (each row's own denominator) */
    int64_t sum, min, max; /* number */
} SurveyTally;

/* Tallies n normalised answer objects; groups (may be NULL) gives each one's
 * group index 0..n_groups-1 (-1: in no group); out[g * d->n + i] is the
 * tally of question i in group g, and the whole comes first when groups is
 * NULL (n_groups 1). */
bool survey_tally(Arena *a, const SurveyDef *d, json_t *const *answers, const int *groups, int n, int n_groups,
                  SurveyTally *out);

/* ---- the draw (pure) ------------------------------------------------------------- */

typedef struct SurveyUnit {
    int64_t id;
    const char *stratum;
} SurveyUnit;
typedef struct SurveyQuota {
    const char *stratum;
    int n;
} SurveyQuota;

/* The stratum of a household: age band of its head at `year` / residency:
 * "65p/permanent", "40_64/floating", "unknown/unknown" ... band is one of
 * u40, 40_64, 65p, unknown. Both in a. */
const char *survey_age_band(int birth_year, int year);
const char *survey_stratum(Arena *a, int birth_year, const char *residency, int year);

/* The stratified draw, re-drawable by anyone: within each stratum the units
 * are ordered by SHA-256("<seed>:<id>") (hex, ascending; then id) and the
 * first quota of them are taken. chosen gets the ids taken (room for n
 * units), rank[i] the place of chosen[i] in its stratum's order. Returns how
 * many were taken; -1 when a quota exceeds its stratum (*bad = that quota's
 * index) or is negative. Strata without a quota are not drawn. */
int survey_draw(const char *seed, const SurveyUnit *units, int n, const SurveyQuota *q, int n_q, int64_t *chosen,
                int *rank, int *bad);
/* The sort key of one unit: 64 hex digits into out[65]. */
void survey_draw_key(const char *seed, int64_t id, char out[65]);

/* ---- the model -------------------------------------------------------------------- */

typedef struct Survey {
    int64_t id, node_id;
    const char *node_path, *title, *intro, *status, *seed, *sample;
    const char *questions;  /* JSON text */
    SurveyDef def;
    int64_t n_households, created_by, created_at, opened_at, closed_at;
} Survey;

bool survey_get(const Ctx *c, int64_t id, Survey *out, SurveyErr *e);
/* Creates a draft over the node; questions checked by survey_def_parse. */
bool survey_create(const Ctx *c, int64_t node_id, const char *title, const char *intro, const json_t *questions,
                   int64_t *id, SurveyErr *e);
/* Replaces a draft's title, intro and questions. */
bool survey_update(const Ctx *c, int64_t id, const char *title, const char *intro, const json_t *questions,
                   SurveyErr *e);

/* Sends a draft to households: mode "all" (every household of its scope) or
 * "sample" with quotas per stratum drawn with seed. Replaces an earlier
 * distribution of the draft. *n gets how many households. */
bool survey_distribute(const Ctx *c, int64_t id, const char *mode, const char *seed, const SurveyQuota *q, int n_q,
                       int64_t *n, SurveyErr *e);
bool survey_open(const Ctx *c, int64_t id, SurveyErr *e);
bool survey_close(const Ctx *c, int64_t id, SurveyErr *e);

typedef struct SurveyHousehold {
    int64_t household_id;
    const char *stratum, *age_band, *token;
    int draw_rank;
    const char *response_status; /* NULL when it has not answered */
} SurveyHousehold;
/* One page of the households a survey was sent to, by household id above
 * `after`; *next the cursor of the next page (0: none). */
bool survey_households(const Ctx *c, int64_t survey_id, int64_t after, int limit, SurveyHousehold **out, int *n,
                       int64_t *next, SurveyErr *e);

/* The strata of the survey's scope: households in each (from the
 * register, now), and of them sent the survey and answered (counted
 * responses): achieved against target. By stratum name. */
typedef struct SurveyStratum {
    const char *stratum;
    int64_t households, sent, answered;
    int64_t target;    /* the quota drawn (sample), or the households (all) */
    int64_t replaced;  /* sampled households replaced (refused, absent, moved) */
} SurveyStratum;
bool survey_strata(const Ctx *c, const Survey *s, SurveyStratum **out, int *n, SurveyErr *e);

/* The survey and household of an answer token. */
bool survey_by_token(const Ctx *c, const char *token, Survey *s, SurveyHousehold *h, SurveyErr *e);
/* The household's current answers (NULL when none) and its response's channel and status. */
bool survey_response_of(const Ctx *c, int64_t survey_id, int64_t household_id, int64_t *response_id,
                        const char **channel, const char **status, json_t **answers, SurveyErr *e);

/* An online answer by token: one response per household, edited in place
 * until the survey closes (two submissions at once leave one response, the
 * later). A household already answered on paper is refused. */
bool survey_answer_web(const Ctx *c, const char *token, const json_t *answers, int64_t *response_id,
                       int64_t *conflict_id, SurveyErr *e);
/* A paper form keyed by staff: status entered, not counted until a
 * different person checks it. */
bool survey_answer_paper(const Ctx *c, int64_t survey_id, int64_t household_id, const json_t *answers,
                         int64_t *response_id, int64_t *conflict_id, SurveyErr *e);
/* An answer taken door to door by staff (channel visit): counted at once.
 * Each of web, paper and visit: a household that answered through another
 * channel gets its answer queued as a conflict (*conflict_id set, nothing
 * counted changes) for staff to settle; through the same channel (paper or
 * visit keyed twice) SV_ALREADY_ANSWERED. */
bool survey_answer_visit(const Ctx *c, int64_t survey_id, int64_t household_id, const json_t *answers,
                         int64_t *response_id, int64_t *conflict_id, SurveyErr *e);

typedef struct SurveyConflict {
    int64_t id, survey_id, household_id, response_id, submitted_by, settled_by, settled_at, created_at;
    const char *channel, *status, *answers;  /* the second answer's channel; open, kept, replaced; its answers (JSON) */
    const char *first_channel, *first_answers; /* the response already there */
} SurveyConflict;
/* One page of a survey's open conflicts, oldest first, above `after`. */
bool survey_conflicts(const Ctx *c, int64_t survey_id, int64_t after, int limit, SurveyConflict **out, int *n,
                      int64_t *next, SurveyErr *e);
/* Settles an open conflict (PERM_SURVEY_MANAGE): keep the response there,
 * or replace it with the queued answer (a paper one then awaits its
 * check); who settled it and when is kept. */
bool survey_conflict_settle(const Ctx *c, int64_t survey_id, int64_t conflict_id, bool replace, SurveyErr *e);

/* A sampled household not reached (reason refused, absent or moved) is
 * replaced by the next household of its stratum in the draw's published
 * order (SHA-256 of "<seed>:<id>", then id) not sent the survey yet;
 * *replacement 0 when the stratum has none left. The log keeps each. */
bool survey_replace(const Ctx *c, int64_t survey_id, int64_t household_id, const char *reason, int64_t *replacement,
                    SurveyErr *e);
typedef struct SurveyReplacement {
    int64_t id, household_id, replaced_by, created_at;
    const char *reason, *stratum;
} SurveyReplacement;
bool survey_replacements(const Ctx *c, int64_t survey_id, int64_t after, int limit, SurveyReplacement **out, int *n,
                         int64_t *next, SurveyErr *e);
/* The check of a paper entry by a second person, who keys the form again:
 * the two keyings must agree (SV_CHECK_MISMATCH, field = the first question
 * that differs; nothing changed); then status checked. */
bool survey_check_paper(const Ctx *c, int64_t response_id, const json_t *answers, SurveyErr *e);

typedef struct SurveyResponseRow {
    int64_t id, survey_id, household_id, entered_by, checked_by, updated_at;
    const char *channel, *status;
} SurveyResponseRow;
/* One page of a survey's responses of a status (NULL: any), newest first below `before`. */
bool survey_responses(const Ctx *c, int64_t survey_id, const char *status, int64_t before, int limit,
                      SurveyResponseRow **out, int *n, int64_t *next, SurveyErr *e);

/* The results: every counted response (web, visit, and paper once
 * checked), tallied as a whole and, when by is "age65", in groups 65p /
 * under65 / unknown (the household head's age band at the draw), or when by
 * is "channel", in groups web / paper / visit. */
typedef struct SurveyResults {
    int64_t respondents, sent;
    int64_t by_channel[3];  /* respondents answering by web, paper, visit */
    bool weighted;          /* weights to the stratum targets were computed */
    /* weighted per-mille of each option of single, multi and scale questions,
     * weight of a respondent = target / respondents of its stratum; -1 when
     * nobody answered. wpm[i] has n_options entries (NULL for other kinds). */
    int **wpm;
    int n_groups;           /* 1 (the whole) + groups */
    const char **group_keys;/* [0] = "all" */
    int64_t *group_n;       /* respondents per group */
    SurveyTally *t;         /* t[g * def.n + i] */
} SurveyResults;
bool survey_results(const Ctx *c, const Survey *s, const char *by, SurveyResults *out, SurveyErr *e);

/* ---- permission (perm.c) ---------------------------------------------------------- */

bool survey_may_manage(const Ctx *c, const Survey *s, SurveyErr *e);
bool survey_may_enter(const Ctx *c, const Survey *s, SurveyErr *e);
/* Results: managers always; anyone who sees the scope once it is closed. */
bool survey_may_see_results(const Ctx *c, const Survey *s, SurveyErr *e);
/* A group's count shown to readers who do not manage the survey only from 5 up. */
bool survey_may_see_small_cells(const Ctx *c, const Survey *s);

/* ---- the inbox (todo.c) ------------------------------------------------------------ */

/* survey_answer: open surveys sent to the reader's household, not answered
 * yet; survey_check: paper entries another person keyed, waiting for the
 * reader's check. */
bool survey_todo(const Ctx *c, TodoList *out, bool *capped);

/* ---- the demo (demo.c) -------------------------------------------------------------- */

/* The demo's part (main.c demo_parts[]), through the model: the seeds'
 * survey of the community, a stratified sample of 130 households (44 headed
 * by someone 65 or over) with raw answers that give the published figures,
 * closed; and an open survey of 东南里7号 waiting in its residents' inboxes. */
bool survey_demo(Db *db, uint64_t seed, char *err, size_t errlen);

#endif
