/* web.h: the safety's handlers, registered in routes.c. The only public
 * header of the safety that includes http/. */
#ifndef GZ_SAFETY_WEB_H
#define GZ_SAFETY_WEB_H
#include "http/req.h"

void api_hazards_list(Req *r);     /* GET  /api/hazards?compound=ID&after=: the register, or its public part */
void api_hazard_create(Req *r);    /* POST /api/hazards */
void api_hazard_get(Req *r);       /* GET  /api/hazards/{id}: with its history */
void api_hazard_grade(Req *r);     /* POST /api/hazards/{id}/grade {likelihood, consequence, reason} */
void api_hazard_close(Req *r);     /* POST /api/hazards/{id}/close {note, evidence, residual_grade} */
void api_hazard_workorder(Req *r); /* POST /api/hazards/{id}/workorder {category} */
void api_hazards_sweep(Req *r);    /* POST /api/hazards/sweep: escalate the overdue */




#endif
