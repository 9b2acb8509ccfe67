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



void api_patrol_routes_list(Req *r);  /* GET  /api/patrol-routes?node=ID&after= */
void api_patrol_route_create(Req *r); /* POST /api/patrol-routes {node_id, name, worker, points:[{name, compound_id, place_text}]} */
void api_patrol_route_get(Req *r);    /* GET  /api/patrol-routes/{id}: points (and codes for managers) */
void api_patrol_route_day(Req *r);    /* GET  /api/patrol-routes/{id}/day?date=YYYY-MM-DD: rounds, skipped points */
void api_patrol_checkin(Req *r);      /* POST /api/patrols: a check-in, optionally with a finding */

#endif
