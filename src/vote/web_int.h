/* web_int.h: what the vote capability's adapters (api*.c, *_api.c,
 * pages.c, *_pages.c, *_forms.c, export.c) share: replies, permission
 * checks that answer the request, form helpers (src/vote/ only). */
#ifndef GZ_VOTE_WEB_INT_H
#define GZ_VOTE_WEB_INT_H
#include <stdbool.h>
#include <stdint.h>
#include "auth/perm.h"
#include "http/req.h"
#include "vote/vote_int.h"
#include "vote/web.h"

/* The row of vote/messages.c's table for msg; NULL for VM_OK or a msg
 * without a row (a bug: reply_error_text answers 500). */
const ErrorText *vote_err_text(VoteMsg msg);
/* Answers the request with the model's error (API: the JSON envelope;
 * pages: the error page). */
void vote_err_reply(Req *r, const VoteErr *e);

/* The steps of a vote's life from a request (api.c), shared by the JSON
 * handlers and the page forms: the body (a JSON object; from a page, the
 * form turned into one, so both get the same checks and sentences) is
 * parsed, then the model (voting.c) is called. On failure they have replied
 * and return false (0). The caller has loaded the vote and checked the
 * route's permission on it, and renders the success. */
int64_t vote_create_run(Req *r, json_t *body);
bool vote_open_run(Req *r, json_t *body, VoteRow *v); /* body NULL: none sent */
bool vote_cast_run(Req *r, json_t *body, const VoteRow *v, VoteBallot *out);
bool vote_paper_run(Req *r, json_t *body, const VoteRow *v, VoteBallot *out);
bool vote_confirm_run(Req *r, const VoteRow *v, VoteBallot *out); /* the ballot is the path's {bid} */
bool vote_finish_run(Req *r, VoteRow *v);

/* Shared by the JSON handlers (defined in api.c). vote_actor: the signed-in
 * user's id as audit records name it, 0 for none. vote_reply_db: the answer
 * to a failed database call, 503 busy when the database was busy (the
 * client may retry), else 500. vote_reply_internal: always 500, as the
 * convention and panel handlers answer. The audit helpers append the event
 * with vote_actor as actor; on failure they reply (vote_reply_db, resp.
 * vote_reply_internal) and return false. */
int64_t vote_actor(const Req *r);
void vote_reply_db(Req *r);
void vote_reply_internal(Req *r);
bool vote_audit_or_reply(Req *r, const char *entity, int64_t id, const char *action, const char *before,
                         const char *after);
bool vote_audit_or_reply_internal(Req *r, const char *entity, int64_t id, const char *action, const char *after);
/* Loads the vote named by {id} and checks perm on its scope node; false:
 * replied 404 or 403. */
bool vote_allowed_or_reply(Req *r, Perm perm, VoteRow *v);
/* The same for its result: readable, and closed unless the caller runs the
 * vote (live figures are for them only; else 409 vote_open). */
bool vote_result_allowed_or_reply(Req *r, VoteRow *v);
/* Loads the node a new vote, notice, topic, meeting... is placed on (the
 * body's node_id); false: replied 404 naming the field node_id, the same
 * for a node that does not exist and one the caller may not see. */
struct NodeInfo;
bool vote_scope_or_reply(Req *r, int64_t node_id, struct NodeInfo *n);


/* Page forms (pages.c). vote_page_run runs a step shared with the JSON
 * API (web_delib.h's delib_*_run) on a form post turned into its JSON
 * body, so a page keeps exactly the API's checks and the Chinese errors of
 * vote/messages.c: the step's id, or 0 with the error page written. */
int64_t vote_page_run(Req *r, int64_t (*run)(Req *), json_t *body);
/* A trimmed form value, NULL when empty. */
const char *vote_form_text(Req *r, const char *name);
/* A form number as JSON: an integer, else the text (the API answers bad_type); NULL when empty. */
json_t *vote_form_int(Req *r, const char *name);
/* Every value of a repeated field (checkboxes) as a JSON list of integers; NULL when none. */
json_t *vote_form_ids(Req *r, const char *name);
/* A datetime-local value ("2026-12-01T19:30", Asia/Shanghai) as Unix seconds in JSON; the text when malformed. */
json_t *vote_form_local_time(Req *r, const char *name);

/* Staff sections of the deliberation pages (delib_forms.c). */
struct DecisionStep;
void vote_meeting_manage_section(Req *r, int64_t id, const char *path, const char *minutes, const char *decisions);
void vote_convention_forms(Req *r, int64_t id, const char *path, const char *status);
void vote_decision_step_form(Req *r, int64_t id, const char *path, const char *title, const struct DecisionStep *s);

#endif
