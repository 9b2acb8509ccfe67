/* web.h: the vote capability's HTTP handlers, registered in routes.c
 * ("deliberation and votes"): the only vote header routes.c needs, and the
 * only public one that includes http/. */
#ifndef GZ_VOTE_WEB_H
#define GZ_VOTE_WEB_H
#include "http/req.h"
#include "vote/vote.h"

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
void api_decisions_list(Req *r);
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
/* print_pages.c: A4 print pages with letterhead, 落款, seal area and QR code */
void page_notice_print(Req *r);
void page_decision_print(Req *r);
void page_vote_print(Req *r);
void page_vote_ballot_paper(Req *r);
/* GET /votes/{id}/paper-ballots/print?node=&after=: every household's ballot still wanted, one per page */
void page_vote_ballots_print(Req *r);
void page_vote_close_confirm(Req *r);
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
