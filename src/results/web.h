/* web.h: the results' handlers, registered in routes.c. The only header of
 * results/ that includes http/. */
#ifndef GZ_RESULTS_WEB_H
#define GZ_RESULTS_WEB_H
#include "http/req.h"
#include "results/results.h"

void api_indicators(Req *r);      /* GET  /api/indicators?node=&period=: the catalogue's values, with their lists */
void api_indicator_ref(Req *r);   /* POST /api/indicators/refs: a baseline or a target */
void api_indicator_ranking(Req *r); /* GET /api/indicators/ranking?node=&code=&period=: the places below, ranked */
void api_indicator_measures(Req *r); /* GET /api/indicators/measures?node=&code=: a measured indicator's entries */
void api_dashboard(Req *r);       /* GET  /api/dashboard?node=&year=: the public figures (no login) */
void page_dashboard(Req *r);      /* GET  /dashboard?node=&year= */
void page_plan_svg(Req *r);
void page_poster_pdf(Req *r);     /* GET  /posters/{node}.pdf?year=: the notice-board poster, A4 */
void api_report_xlsx(Req *r);     /* GET  /api/reports/{kind}.xlsx?node=&period=: 台账, PERM_REPORTS */       /* GET  /plans/{compound}.svg?by= */

/* The row of msg in the table of messages.c; NULL outside ResMsg. */
const ErrorText *res_err_text(ResMsg msg);
/* Replies with e from that table. */
void res_err_reply(Req *r, const ResErr *e);

#endif
