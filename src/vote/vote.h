/* vote.h: deliberation and votes: topics, meetings, representatives
 * (sortition), votes with Civil Code Art. 278 counting, conventions and
 * public notices. Model helpers used by other capabilities, the demo, and
 * the handlers registered in routes.c. */
#ifndef GZ_VOTE_H
#define GZ_VOTE_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "auth/ctx.h"
#include "http/req.h"
#include "store/db.h"
#include "vote/notice.h"

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

/* True when vote vote_id is closed, is a Civil Code Art. 278 vote on matter
 * `matter` (1..9), passed, and its scope node covers node_path; otherwise
 * false with a Chinese reason in why. */
bool vote_passed(Db *db, int64_t vote_id, int matter, const char *node_path, char *why, size_t whylen);

/* True when vote vote_id exists and the signed-in user may read it (its
 * scope node is within their PERM_TREE_READ), for other capabilities that
 * let a request cite a vote. */
bool vote_readable(Req *r, int64_t vote_id);

/* Closes every open vote whose closes_at is at or before now, exactly as
 * the manual close does (result stored, notice published, audited with
 * actor_id; 0 = the system's background job). n_closed gets how many.
 * False on a storage error: the caller rolls its transaction back. */
bool vote_close_due(Db *db, int64_t now, int64_t actor_id, int *n_closed);

/* Adds the pilot's deliberation history to the demo community (called by
 * `gongzhi demo` inside its write transaction): deterministic from seed. */
bool vote_demo(Db *db, uint64_t seed, char *err, size_t errlen);

/* Handlers, registered in routes.c ("deliberation and votes"). */
void api_votes_list(Req *r);
void api_vote_create(Req *r);
void api_vote_get(Req *r);
void api_vote_open(Req *r);
void api_vote_close(Req *r);
void api_votes_close_due(Req *r);
void api_meeting_agenda(Req *r);
void api_vote_ballot_cast(Req *r);
void api_vote_ballots_list(Req *r);
void api_vote_paper_ballot(Req *r);
void api_vote_ballot_confirm(Req *r);
void api_vote_result(Req *r);
void api_vote_result_csv(Req *r);
void api_vote_result_xlsx(Req *r);
void api_notices_list(Req *r);
void api_notice_get(Req *r);
void api_notice_create(Req *r);
void api_notice_edit_refused(Req *r);
void api_notice_objection(Req *r);
void api_notices_csv(Req *r);
void api_notices_xlsx(Req *r);

void api_topics_list(Req *r);
void api_topic_create(Req *r);
void api_topic_get(Req *r);
void api_topic_support(Req *r);
void api_topic_comment(Req *r);
void api_meetings_list(Req *r);
void api_meeting_create(Req *r);
void api_meeting_get(Req *r);
void api_meeting_attendance(Req *r);
void api_meeting_minutes(Req *r);
void api_meeting_publish(Req *r);
void api_panel_create(Req *r);
void api_panel_get(Req *r);
void api_conventions_list(Req *r);
void api_convention_create(Req *r);
void api_convention_get(Req *r);
void api_convention_version(Req *r);
void api_convention_comment(Req *r);
void api_convention_vote(Req *r);
void api_decision_create(Req *r);
void api_decision_get(Req *r);
void api_decision_advance(Req *r);

void page_votes(Req *r);
void page_vote_new(Req *r);
void page_vote_new_post(Req *r);
void page_vote(Req *r);
void page_vote_ballot_post(Req *r);
void page_vote_paper_post(Req *r);
void page_vote_confirm_post(Req *r);
void page_vote_open_post(Req *r);
void page_vote_close_post(Req *r);
void page_notices(Req *r);
void page_notice(Req *r);
void page_topics(Req *r);
void page_topic(Req *r);
void page_topic_new_post(Req *r);
void page_topic_support_post(Req *r);
void page_meetings(Req *r);
void page_meeting(Req *r);
void page_convention(Req *r);
void page_panel(Req *r);
void page_decision(Req *r);
void page_votes_close_due_post(Req *r);
void page_meeting_new(Req *r);
void page_meeting_new_post(Req *r);
void page_meeting_agenda_post(Req *r);
void page_meeting_attendance_post(Req *r);
void page_meeting_minutes_post(Req *r);
void page_meeting_publish_post(Req *r);
void page_topic_comment_post(Req *r);
void page_topic_agenda_post(Req *r);
void page_panel_new(Req *r);
void page_panel_new_post(Req *r);
void page_convention_new(Req *r);
void page_convention_new_post(Req *r);
void page_convention_comment_post(Req *r);
void page_convention_version_post(Req *r);
void page_convention_vote_post(Req *r);
void page_decision_new(Req *r);
void page_decision_new_post(Req *r);
void page_decision_advance_post(Req *r);

#endif
