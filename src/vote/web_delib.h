/* web_delib.h: the steps of deliberation shared by its JSON handlers and its
 * page forms (delib_api.c, convention_api.c, panel_api.c). Each takes the
 * request's JSON body (from a page: the form turned into one, so both get
 * the same checks and sentences) and the route's {id}, checks the
 * permission, calls the model (vote/delib.h) and returns the id of what it
 * made or changed (the topic, meeting, convention, decision, panel); on
 * failure it has replied and returns 0. The handler then renders the
 * record as JSON, the page redirects to it. */
#ifndef GZ_VOTE_WEB_DELIB_H
#define GZ_VOTE_WEB_DELIB_H
#include <stdint.h>
#include "http/req.h"

int64_t delib_topic_create_run(Req *r);
int64_t delib_topic_support_run(Req *r);
int64_t delib_topic_comment_run(Req *r);
int64_t delib_meeting_create_run(Req *r);
int64_t delib_meeting_attendance_run(Req *r);
int64_t delib_meeting_agenda_run(Req *r);
int64_t delib_meeting_minutes_run(Req *r);
int64_t delib_meeting_publish_run(Req *r);
int64_t delib_convention_create_run(Req *r);
int64_t delib_convention_version_run(Req *r);
int64_t delib_convention_comment_run(Req *r);
int64_t delib_convention_vote_run(Req *r);
int64_t delib_decision_create_run(Req *r);
int64_t delib_decision_advance_run(Req *r);
int64_t delib_panel_create_run(Req *r);

#endif
