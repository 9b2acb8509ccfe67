/* web.h: the survey's handlers, registered in routes.c: the JSON API and
 * the pages. The only public header of the survey that includes http/. */
#ifndef GZ_SURVEY_WEB_H
#define GZ_SURVEY_WEB_H
#include "http/req.h"

void api_surveys_list(Req *r);        /* GET  /api/surveys?node=&after=&per_page= */
void api_survey_create(Req *r);       /* POST /api/surveys {node_id, title, intro, questions} */
void api_survey_get(Req *r);          /* GET  /api/surveys/{id} */
void api_survey_update(Req *r);       /* PATCH /api/surveys/{id} (drafts) */
void api_survey_distribute(Req *r);   /* POST /api/surveys/{id}/distribute {mode, seed, quotas} */
void api_survey_open(Req *r);         /* POST /api/surveys/{id}/open */
void api_survey_close(Req *r);        /* POST /api/surveys/{id}/close */
void api_survey_sample(Req *r);       /* GET  /api/surveys/{id}/sample: seed, quotas, the draw's keys */
void api_survey_strata(Req *r);       /* GET  /api/surveys/{id}/strata: households, sent, answered per stratum */
void api_survey_households(Req *r);   /* GET  /api/surveys/{id}/households?after=&per_page= (tokens: staff) */
void api_survey_visit(Req *r);        /* POST /api/surveys/{id}/visit {household_id, answers}: door to door */
void api_survey_conflicts(Req *r);    /* GET  /api/surveys/{id}/conflicts: second answers queued */
void api_survey_conflict_settle(Req *r); /* POST /api/surveys/{id}/conflicts/{cid}/settle {choice: keep|replace} */
void api_survey_replace(Req *r);      /* POST /api/surveys/{id}/replacements {household_id, reason} */
void api_survey_replacements(Req *r); /* GET  /api/surveys/{id}/replacements: the log */
void api_survey_paper(Req *r);        /* POST /api/surveys/{id}/paper {household_id, answers} */
void api_survey_check(Req *r);        /* POST /api/surveys/{id}/responses/{rid}/check {answers} */
void api_survey_responses(Req *r);    /* GET  /api/surveys/{id}/responses?status=&after=&per_page= */
void api_survey_results(Req *r);      /* GET  /api/surveys/{id}/results?by=age65 */
void api_survey_results_xlsx(Req *r); /* GET  /api/surveys/{id}/results.xlsx?by=age65 */
void api_answer_get(Req *r);          /* GET  /api/answer/{token}: the questions and this household's answers */
void api_answer_put(Req *r);          /* POST /api/answer/{token} {answers} */

void page_surveys(Req *r);            /* GET  /surveys: list and the builder's new form */
void page_survey_create_post(Req *r); /* POST /surveys */
void page_survey(Req *r);             /* GET  /surveys/{id} */
void page_survey_edit_post(Req *r);   /* POST /surveys/{id}/edit */
void page_survey_distribute_post(Req *r); /* POST /surveys/{id}/distribute */
void page_survey_state_post(Req *r);  /* POST /surveys/{id}/{open|close} */
void page_survey_slips(Req *r);       /* GET  /surveys/{id}/slips: printable QR slips */
void page_survey_paper(Req *r);       /* GET  /surveys/{id}/paper?household= */
void page_survey_paper_post(Req *r);  /* POST /surveys/{id}/paper */
void page_survey_check(Req *r);       /* GET  /surveys/{id}/responses/{rid}/check */
void page_survey_check_post(Req *r);  /* POST /surveys/{id}/responses/{rid}/check */
void page_survey_results(Req *r);     /* GET  /surveys/{id}/results?by=age65 */
void page_answer(Req *r);             /* GET  /s/{token}: the resident's answer page */
void page_answer_post(Req *r);        /* POST /s/{token} */

#endif
