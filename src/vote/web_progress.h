/* web_progress.h: a vote's progress toward its thresholds (progress.h):
 * the API handler routes.c registers, and the partial the vote page
 * includes. */
#ifndef GZ_VOTE_WEB_PROGRESS_H
#define GZ_VOTE_WEB_PROGRESS_H
#include "http/req.h"
#include "vote/vote_int.h"

void api_vote_progress(Req *r); /* GET /api/votes/{id}/progress */

/* The chart of v's progress with its table, for whoever may see the result
 * now (closed, or they run the vote); nothing for anyone else, and nothing
 * for a vote that is not an owners' Art. 278 vote. Writes its own scripts. */
void vote_progress_section(Req *r, const VoteRow *v);

#endif
