/* vote.h: deliberation and votes: topics, meetings, representatives
 * (sortition), votes with Civil Code Art. 278 counting, conventions and
 * public notices. The model's public face: the read functions other
 * capabilities use, the model functions and their typed errors. No HTTP:
 * the handlers routes.c registers are in vote/web.h. */
#ifndef GZ_VOTE_H
#define GZ_VOTE_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "auth/ctx.h"
#include "core/todo.h"
#include "store/db.h"
#include "vote/notice.h"

/* ---- Errors -------------------------------------------------------------------
 * A model function returns false (or 0) and fills a VoteErr: msg names the
 * case, field the input at fault (NULL for none), detail what a log may add.
 * vote/messages.c holds THE table from msg to HTTP status, stable code and
 * sentence (vote_err_text), and answers a request with it (vote_err_reply). */
typedef enum VoteMsg {
    VM_OK = 0,
    VM_BUSY,                 /* the database was busy: 503, try again */
    VM_INTERNAL,             /* a storage failure or a bug: 500 */
    VM_LOGIN_REQUIRED,       /* nobody signed in: 401 */
    VM_FORBIDDEN,            /* signed in, not allowed here: 403 */
    VM_NO_SUCH_NODE,
    VM_NO_SUCH_VOTE,
    VM_NO_SUCH_PANEL,
    VM_NO_SUCH_TOPIC,
    VM_NO_SUCH_HOUSEHOLD,
    VM_NO_SUCH_BALLOT,
    VM_NO_SUCH_NOTICE,
    VM_BAD_STATUS_FILTER,
    VM_BAD_KIND,
    VM_BAD_METHOD,
    VM_BAD_ELECTORATE,
    VM_MATTER_MISSING,
    VM_MATTER_NOT_ART278,
    VM_ART278_YES_NO_OWNERS,
    VM_ART278_QUORUM,
    VM_NONVOTERS_NOT_ART278,
    VM_OPTIONS_TOO_FEW,
    VM_OPTIONS_FOR_YES_NO,
    VM_PANEL_MISSING,
    VM_PANEL_OUT_OF_SCOPE,
    VM_PANEL_NOT_REPRESENTATIVES,
    VM_CLOSES_IN_PAST,
    VM_TOPIC_OUT_OF_SCOPE,
    VM_NOT_DRAFT,
    VM_REGISTER_EMPTY,
    VM_REGISTER_INCOMPLETE,
    VM_VOTE_NOT_OPEN,
    VM_VOTE_CLOSED,
    VM_NOT_IN_ELECTORATE,
    VM_HOUSEHOLD_NOT_IN_ELECTORATE,
    VM_BAD_CHOICE,
    VM_BAD_OPTIONS,
    VM_BAD_OPTION_IDS,
    VM_BAD_CHANNEL,
    VM_PROXY_NAME_MISSING,
    VM_PROXY_DOCUMENT_MISSING,
    VM_PROXY_WITHOUT_CHANNEL,
    VM_BALLOT_EXISTS,
    VM_BALLOT_COUNTED,
    VM_SAME_PERSON,
    VM_NOT_OPEN_TO_CLOSE,
    VM_RESULT_NOT_YET,
    VM_BAD_NOTICE_KIND,
    VM_NO_NOTICE_TO_CORRECT,
    VM_CORRECTION_ELSEWHERE,
    VM_NOTICE_IMMUTABLE,
    VM_OBJECTION_PERIOD_OVER,
    /* deliberation (vote/delib.h): topics, meetings, conventions, decisions, panels */
    VM_NO_SUCH_MEETING,
    VM_NO_SUCH_WORK_ORDER,
    VM_NO_SUCH_CONVENTION,
    VM_NO_SUCH_DECISION,
    VM_TOPIC_BAD_SOURCE,
    VM_TOPIC_ALREADY_SUPPORTED,
    VM_MEETING_BAD_KIND,
    VM_MEETING_WO_NOT_MULTI,
    VM_WORK_ORDER_OUT_OF_SCOPE,
    VM_INVITEE_USER,
    VM_INVITEE_ORG,
    VM_MINUTES_PUBLISHED,
    VM_NOT_INVITED,
    VM_ALREADY_ON_AGENDA,
    VM_NO_MINUTES,
    VM_CONVENTION_FINAL,
    VM_NO_SUCH_VERSION,
    VM_NO_SUCH_CLAUSE,
    VM_BAD_TEMPLATE,
    VM_DECISION_DONE,
    VM_STEP_NEEDS_VOTE,
    VM_VOTE_OUT_OF_SCOPE,
    VM_VOTE_NOT_PASSED,
    VM_STEP_NOT_VOTE,
    VM_STEP_NEEDS_NOTICE,
    VM_STEP_NO_NOTICE,
    VM_PANEL_NOT_FOUND,
    VM_PANEL_BAD_DIMENSION,
    VM_PANEL_QUOTAS_MISSING,
    VM_PANEL_QUOTAS_BAD_TYPE,
    VM_PANEL_QUOTAS_BAD,
    VM_PANEL_QUOTAS_EMPTY,
    VM_BAD_CURSOR,           /* after= is not an id of the list asked for */
    VM__COUNT
} VoteMsg;

typedef struct VoteErr {
    VoteMsg msg;
    const char *field;
    const char *detail;
} VoteErr;

/* ---- Read functions for other capabilities --------------------------------
 * Instead of SQL on the vote capability's tables (docs/ARCHITECTURE.md). Each
 * answers in the caller's transaction (c->db), returns strings in c->arena,
 * and does not ask the caller's permission: ask vote_may_read first where a
 * person names a vote. False only on a storage error (roll back; the API
 * answers 503/500); "no such row" is *found = false. */

/* A meeting (party joint meeting, residents' council, multi-party
 * coordination), as other capabilities see it. */
typedef struct VoteMeeting {
    int64_t id, node_id;
    const char *kind;      /* party_joint | council | multi_party */
    const char *title;
    int64_t starts_at;     /* Unix seconds UTC */
    const char *status;    /* planned | held | published */
    int64_t work_order_id; /* the work order it coordinates; 0 for none */
} VoteMeeting;

/* At most this many meetings come back from one list call. */
#define VOTE_MEETINGS_MAX 2000

bool vote_meeting_get(const Ctx *c, int64_t id, VoteMeeting *out, bool *found);
/* The meetings linked to work order order_id, by id. */
bool vote_meetings_of_order(const Ctx *c, int64_t order_id, VoteMeeting **out, int *n);
/* Every meeting linked to some work order with id > after_id, by id, at
 * most limit (<= 0 or more than VOTE_MEETINGS_MAX: VOTE_MEETINGS_MAX); page
 * with after_id = the last id seen. */
bool vote_meetings_linked(const Ctx *c, int64_t after_id, int limit, VoteMeeting **out, int *n);

/* A vote in brief, as other capabilities cite it. */
typedef struct VoteBrief {
    int64_t id, node_id;
    const char *node_path; /* the scope node's path, "/1/4/" */
    const char *title;
    const char *kind;      /* art278 | simple */
    int matter;            /* Art. 278 matter 1..9; 0 when simple */
    const char *status;    /* draft | open | closed */
    int passed;            /* 1 passed, 0 failed, -1 not closed */
    int64_t closed_at, notice_id; /* 0 when not closed / no result notice */
} VoteBrief;

bool vote_brief(const Ctx *c, int64_t id, VoteBrief *out, bool *found);

/* Whether vote vote_id is closed, is a Civil Code Art. 278 vote on matter
 * `matter` (1..9), passed, and its scope node covers node_path. *passed
 * answers; *why is NULL when it passed, else a Chinese reason (static
 * text). False only on a storage error. */
bool vote_passed_for(const Ctx *c, int64_t vote_id, int matter, const char *node_path, bool *passed,
                     const char **why);
/* The rule of vote_passed_for over a vote in brief (NULL: no such vote):
 * NULL when it passed for matter at node_path, else the reason. Pure. */
const char *vote_passed_rule(const VoteBrief *v, int matter, const char *node_path);

/* Permission: true when vote vote_id exists and c->who may read it (its
 * scope node lies within their PERM_TREE_READ). False also on a storage
 * error (the caller answers as for a vote it may not see). */
bool vote_may_read(const Ctx *c, int64_t vote_id);

/* The permission questions of perm.c, pure over the principal's grants:
 * may run deliberation at a place; may see a meeting's minutes; may enter
 * (or confirm) a paper ballot for a household (NULL: for any household);
 * may list a vote's ballots; may see one household's ballot line. */
bool delib_may_manage(const Principal *who, const char *node_path);
bool delib_may_see_minutes(const Principal *who, const char *meeting_path, bool published);
bool vote_may_enter_paper(const Principal *who, const char *household_path);
bool vote_may_list_ballots(const Principal *who, const char *vote_path);
bool vote_may_see_ballot_of(const Principal *who, const char *vote_path, const char *household_path);

/* True when vote vote_id is closed, is a Civil Code Art. 278 vote on matter
 * `matter` (1..9), passed, and its scope node covers node_path; otherwise
 * false with a Chinese reason in why. */
bool vote_passed(Db *db, int64_t vote_id, int matter, const char *node_path, char *why, size_t whylen);

/* Closes every open vote whose closes_at is at or before now, exactly as
 * the manual close does (result stored, notice published, audited with
 * actor_id; 0 = the system's background job). n_closed gets how many.
 * False on a storage error: the caller rolls its transaction back. */
bool vote_close_due(Db *db, int64_t now, int64_t actor_id, int *n_closed);

/* Adds the pilot's deliberation history to the demo community (called by
 * `gongzhi demo` inside its write transaction): deterministic from seed. */
bool vote_demo(Db *db, uint64_t seed, char *err, size_t errlen);

/* What waits for the principal among the votes, appended to out:
 * vote_cast (an open vote where they hold a voice and cast no ballot yet),
 * vote_paper (paper or proxy ballots of an open vote in their
 * PERM_PAPER_BALLOT scope, waiting for confirmation), vote_close (an open
 * vote of their PERM_DELIB_MANAGE scope past its closing time, to close
 * and count), minutes_confirm (a held meeting of their PERM_DELIB_MANAGE
 * scope whose minutes wait to be confirmed and published: 待我确认). The
 * open votes come from the (status, closes_at) index, the meetings from
 * (status, starts_at) (VOTE_TODO_OPEN, VOTE_TODO_MINUTES; test_todo.c
 * checks their plans), each kind at most
 * TODO_KIND_MAX items, *capped set when there were more. False on a
 * storage error. */
#define VOTE_TODO_OPEN "SELECT id FROM vote WHERE status = 'open' ORDER BY closes_at LIMIT ?"
/* Meetings held whose minutes are written and wait to be confirmed and
 * published (minutes_confirm), oldest first, from meeting_status
 * (migration 031). Args: limit. */
#define VOTE_TODO_MINUTES                                                                                    \
    "SELECT id, node_id, title, starts_at, updated_at FROM meeting WHERE status = 'held' AND minutes <> '' " \
    "ORDER BY starts_at, id LIMIT ?"
bool vote_todo(const Ctx *c, TodoList *out, bool *capped);

#endif
