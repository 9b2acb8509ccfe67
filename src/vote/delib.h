/* delib.h: the model of deliberation: topics and their support and comments,
 * meetings (agenda, invitees, attendance, minutes, publication),
 * representatives' panels drawn by sortition, conventions (versions, clause
 * comments, the final vote) and decisions moved through their template's
 * steps. The JSON API (delib_api.c, convention_api.c, panel_api.c) and the
 * pages (delib_pages.c, delib_forms.c) call these functions; none of them
 * knows HTTP. Each takes a Ctx (the caller's transaction, arena, principal
 * and now), returns false on failure and fills a VoteErr, which
 * vote/messages.c turns into the reply. Permission is the caller's
 * question, asked first (the delib_may_ functions below answer the ones of
 * deliberation). */
#ifndef GZ_VOTE_DELIB_H
#define GZ_VOTE_DELIB_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "auth/ctx.h"
#include "vote/decision.h"
#include "vote/vote.h"
#include "workorder/read.h"

/* ---- errors ------------------------------------------------------------------ */
/* A VoteErr (vote/vote.h); its rows are in vote/messages.c, the capability's
 * one error table. */

/* Fills e and returns false, so a model function ends `return delib_err(...)`. */
bool delib_err(VoteErr *e, VoteMsg msg, const char *field);
/* A failed database call: VM_BUSY when db was busy, else VM_INTERNAL. */
bool delib_err_db(VoteErr *e, Db *db);

/* ---- permission ---------------------------------------------------------------- */

/* Residents take part in what concerns a place they belong to: perm held on
 * the place itself (or above it), or on a place inside it (a resident's
 * household inside the compound where a topic is raised). The caller has
 * checked PERM_TREE_READ on path first. */
bool delib_may_take_part(const Principal *who, Perm perm, const char *path);

/* ---- rules (pure) ------------------------------------------------------------------ */

/* True when one path lies inside the other (either way). */
bool delib_paths_related(const char *a, const char *b);
/* A topic's source: online, board or work_order. */
bool delib_topic_source_valid(const char *source);
/* A meeting's kind (party_joint, council, multi_party) and, when it is
 * opened from a work order, multi_party; false with the error otherwise. */
bool delib_meeting_kind_check(const char *kind, bool from_work_order, VoteErr *e);
/* The Chinese name of a meeting kind. */
const char *delib_meeting_kind_zh(const char *kind);
/* The Chinese name of an organisation kind (the kind itself when unknown). */
const char *delib_org_kind_zh(const char *kind);
/* A convention's clauses: see vote_clause_next (vote_int.h); the number of
 * clauses of a text. */
int delib_clause_count(const char *body);

/* ---- who ------------------------------------------------------------------------------ */

/* How a commenter is named: the user's display name and the building and
 * unit of their home ("1栋2单元", NULL when none); *found false when there
 * is no such user. */
bool delib_commenter(const Ctx *c, int64_t user_id, const char **name, const char **home, bool *found, VoteErr *e);

/* ---- topics ------------------------------------------------------------------------- */

typedef struct Topic {
    int64_t id, node_id;
    const char *node_name, *node_path;
    const char *title, *body, *source, *status;
    int64_t proposed_by, created_at;
    int64_t supporters, comments;
} Topic;

typedef struct TopicComment {
    int64_t id, user_id;
    const char *body;
    int64_t created_at;
} TopicComment;

/* Every topic, newest first (the caller keeps those it may read). */
bool delib_topics_list(const Ctx *c, Topic **out, int *n, VoteErr *e);
/* One topic; false with VM_NO_SUCH_TOPIC when there is none. */
bool delib_topic_get(const Ctx *c, int64_t id, Topic *out, VoteErr *e);
/* A topic's comments in order. */
bool delib_topic_comments(const Ctx *c, int64_t topic_id, TopicComment **out, int *n, VoteErr *e);
/* Proposes a topic on node_id (the caller has checked the place and its
 * permission); source NULL: online. Audited. */
bool delib_topic_create(const Ctx *c, int64_t node_id, const char *title, const char *body, const char *source,
                        int64_t *id, VoteErr *e);
/* The principal supports a topic (once: VM_TOPIC_ALREADY_SUPPORTED). Audited. */
bool delib_topic_support(const Ctx *c, int64_t topic_id, VoteErr *e);
/* The principal comments on a topic. Audited. */
bool delib_topic_comment(const Ctx *c, int64_t topic_id, const char *body, int64_t *id, VoteErr *e);

/* ---- meetings ----------------------------------------------------------------------- */

typedef struct Meeting {
    int64_t id, node_id;
    const char *node_name, *node_path;
    const char *kind, *title;
    int64_t starts_at;
    const char *place, *status, *minutes, *decisions;
    int64_t notice_id, work_order_id; /* 0: none */
} Meeting;

typedef struct MeetingAgendaItem {
    int64_t topic_id;
    const char *title;
} MeetingAgendaItem;

typedef struct MeetingAttendee {
    int64_t id;
    const char *name, *represents;
    bool present;
    int64_t org_id, user_id; /* 0: none */
} MeetingAttendee;

/* Someone a meeting may invite: an organisation of the scope (or above it)
 * or an office-holder (any role but resident and admin) whose grant lies in
 * or above the scope. represents: the org kind or role, in Chinese. */
typedef struct MeetingInvitee {
    bool is_user;
    int64_t id;
    const char *name, *represents;
} MeetingInvitee;

typedef struct MeetingNew {
    int64_t node_id;
    const char *kind, *title, *place; /* place NULL: "" */
    int64_t starts_at;
    int64_t work_order_id;            /* 0: none */
    const int64_t *topic_ids;
    int n_topics;
    const int64_t *org_ids, *user_ids; /* invitees among delib_invitee_candidates */
    int n_org_ids, n_user_ids;
    const char *const *others;        /* other invitees by name */
    int n_others;
} MeetingNew;

/* Every meeting, latest first (the caller keeps those it may read). */
bool delib_meetings_list(const Ctx *c, Meeting **out, int *n, VoteErr *e);
/* One meeting; VM_NO_SUCH_MEETING when there is none. */
bool delib_meeting_get(const Ctx *c, int64_t id, Meeting *out, VoteErr *e);
bool delib_meeting_agenda(const Ctx *c, int64_t id, MeetingAgendaItem **out, int *n, VoteErr *e);
bool delib_meeting_attendees(const Ctx *c, int64_t id, MeetingAttendee **out, int *n, VoteErr *e);
/* The meetings whose agenda holds the topic, earliest first. */
bool delib_topic_meetings(const Ctx *c, int64_t topic_id, Meeting **out, int *n, VoteErr *e);
/* Topics still open or on an agenda, newest first; exclude_meeting (not 0)
 * leaves out those already on that meeting's agenda. node_path of each is set. */
bool delib_topics_open(const Ctx *c, int64_t exclude_meeting, Topic **out, int *n, VoteErr *e);
/* A meeting may change until its minutes are published (VM_MINUTES_PUBLISHED). */
bool delib_meeting_may_change(const Meeting *m, VoteErr *e);
/* The organisations and office-holders a meeting of scope may invite:
 * organisations by place, then people by user (each once, with their first
 * role in reach). */
bool delib_invitee_candidates(const Ctx *c, const char *scope, MeetingInvitee **out, int *n, VoteErr *e);
/* The work order a coordination meeting is opened from, if the principal
 * may read it (wo_may_read); VM_NO_SUCH_WORK_ORDER for one that does not
 * exist and one they may not read alike. */
bool delib_work_order(const Ctx *c, int64_t id, WoBrief *out, VoteErr *e);
/* Creates a meeting: kind checked, the work order it comes from (readable,
 * inside the scope), topics checked against its scope and put on the
 * agenda, invitees found among the candidates. Audited. */
bool delib_meeting_create(const Ctx *c, const MeetingNew *in, const char *scope_path, int64_t *id, VoteErr *e);
/* Records who was present (attendee ids of the meeting), marks it held. */
bool delib_meeting_attendance(const Ctx *c, const Meeting *m, const int64_t *present, int n, VoteErr *e);
/* Puts a topic of the meeting's scope last on its agenda. */
bool delib_meeting_agenda_add(const Ctx *c, const Meeting *m, int64_t topic_id, VoteErr *e);
bool delib_meeting_minutes(const Ctx *c, const Meeting *m, const char *minutes, const char *decisions, VoteErr *e);
/* Approves the minutes and publishes them as a notice. */
bool delib_meeting_publish(const Ctx *c, const Meeting *m, int64_t *notice_id, VoteErr *e);

/* ---- conventions ---------------------------------------------------------------------- */

typedef struct Convention {
    int64_t id, node_id, vote_id; /* vote_id 0: none yet */
    const char *node_name, *node_path, *title, *status;
    int version;                  /* the latest */
} Convention;

typedef struct ConventionVersion {
    int version;
    const char *body, *note;
    int64_t created_at;
} ConventionVersion;

typedef struct ConventionComment {
    int64_t id, user_id;
    int version, clause;
    const char *body;
    int64_t created_at;
} ConventionComment;

bool delib_conventions_list(const Ctx *c, Convention **out, int *n, VoteErr *e);
/* VM_NO_SUCH_CONVENTION when there is none. */
bool delib_convention_get(const Ctx *c, int64_t id, Convention *out, VoteErr *e);
/* Its versions, oldest first. */
bool delib_convention_versions(const Ctx *c, int64_t id, ConventionVersion **out, int *n, VoteErr *e);
/* Its comments by version, clause, then order. */
bool delib_convention_comments(const Ctx *c, int64_t id, ConventionComment **out, int *n, VoteErr *e);
/* Only a convention in drafting changes (VM_CONVENTION_FINAL). */
bool delib_convention_drafting(const Convention *cv, VoteErr *e);
bool delib_convention_create(const Ctx *c, int64_t node_id, const char *title, const char *body, int64_t *id,
                             VoteErr *e);
/* A new version: the merged text after comments. Versions never change. */
bool delib_convention_version_add(const Ctx *c, const Convention *cv, const char *body, const char *note,
                                  VoteErr *e);
bool delib_convention_comment(const Ctx *c, const Convention *cv, int version, int clause, const char *body,
                              VoteErr *e);
/* Puts the latest version to a draft vote of the scope's households
 * (quorum_pct < 0: 50). */
bool delib_convention_to_vote(const Ctx *c, const Convention *cv, int quorum_pct, int64_t *vote_id, VoteErr *e);

/* ---- decisions ------------------------------------------------------------------------- */

typedef struct Decision {
    int64_t id, node_id, vote_id, topic_id; /* 0: none */
    const char *node_name, *node_path, *title, *tmpl;
    int stage;
} Decision;

typedef struct DecisionStepDone {
    bool done;
    const char *note;
    int64_t notice_id, done_at;
} DecisionStepDone;

typedef struct DecisionAdvance {
    const char *note;         /* NULL: "" */
    int64_t vote_id;          /* 0: none */
    const char *notice_title; /* NULL: the step's default */
    const char *notice_body;  /* NULL: none */
} DecisionAdvance;

/* Every decision, newest first (the caller keeps those it may read). */
bool delib_decisions_list(const Ctx *c, Decision **out, int *n, VoteErr *e);
/* VM_NO_SUCH_DECISION when there is none. */
bool delib_decision_get(const Ctx *c, int64_t id, Decision *out, VoteErr *e);
/* What was recorded at each step of its template (steps[i] for stage i). */
bool delib_decision_steps_done(const Ctx *c, const Decision *d, DecisionStepDone **out, int *n, VoteErr *e);
/* tmpl NULL: standard; topic_id 0: none. */
bool delib_decision_create(const Ctx *c, int64_t node_id, const char *scope_path, const char *title, const char *tmpl,
                           int64_t topic_id, int64_t *id, VoteErr *e);
/* Records the current step as done and moves to the next: the voting step
 * needs a closed vote in scope that passed; a publishing step publishes its
 * notice. */
bool delib_decision_advance(const Ctx *c, const Decision *d, const DecisionAdvance *in, VoteErr *e);

/* A vote that closed and passed, for a decision's voting step. */
typedef struct PassedVote {
    int64_t id, node_id;
    const char *node_name, *node_path, *title;
} PassedVote;
/* Every vote that closed and passed, latest first. */
bool delib_passed_votes(const Ctx *c, PassedVote **out, int *n, VoteErr *e);

/* ---- panels ----------------------------------------------------------------------------- */

/* The strata of a panel dimension (age_band, residency, tenure), NULL-ended;
 * NULL for another dimension. Every dimension has the "shop" stratum. */
const char *const *delib_panel_strata(const char *dimension);
int delib_panel_stratum_index(const char *const *strata, const char *name);
/* A household's stratum, from its head and its housing. */
const char *delib_panel_household_stratum(const char *dimension, int birth_year, const char *residency,
                                          const char *housing, int this_year);

/* A candidate: a household with the person who heads it, or a shop
 * (household = minus its shop id, person 0). */
typedef struct PanelCandidate {
    int64_t household, person;
    int stratum;
} PanelCandidate;

typedef struct PanelNew {
    int64_t node_id;
    const char *title, *seed, *dimension;
    const int *quota; /* per stratum of the dimension */
} PanelNew;

typedef struct Panel {
    int64_t id, node_id;
    const char *node_name, *node_path, *title, *seed, *dimension;
    const char *quotas_json, *candidate_list_json;
    int64_t candidates, drawn_at;
} Panel;

typedef struct PanelMember {
    int64_t household_id, shop_id, person_id; /* 0: none */
    const char *stratum, *lot;
} PanelMember;

/* The candidates of a scope: its households in id order, each with the
 * first person registered there (its head; a household nobody lives in has
 * nobody to represent it), then its shops in id order when the "shop"
 * stratum has a quota. */
bool delib_panel_candidates(const Ctx *c, const char *scope, const char *dimension, const int *quota,
                            PanelCandidate **out, int *n, VoteErr *e);
/* Draws the panel of the scope's candidates by the seed and stores it with
 * its members. Audited. */
bool delib_panel_draw(const Ctx *c, const PanelNew *in, const char *scope, int64_t *id, int *n_members, VoteErr *e);
bool delib_panel_get(const Ctx *c, int64_t id, Panel *out, VoteErr *e);
/* Every panel, newest first, without its candidate list (candidate_list_json
 * NULL); the caller keeps those it may read. */
bool delib_panels_list(const Ctx *c, Panel **out, int *n, VoteErr *e);
/* Its members in the order of the draw. */
bool delib_panel_members(const Ctx *c, int64_t id, PanelMember **out, int *n, VoteErr *e);
/* How a member is shown: the household's address and the name of the
 * person drawn, or a shop's address and name (NULL when gone). */
bool delib_panel_member_label(const Ctx *c, const PanelMember *m, const char **address, const char **name, VoteErr *e);

#endif
