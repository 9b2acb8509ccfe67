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
void api_hazard_accept(Req *r);    /* POST /api/hazards/{id}/accept {note}: the committee accepts the residual risk */
void api_hazard_photo_add(Req *r); /* POST /api/hazards/{id}/photos?kind=found|fixed: an image body or a multipart form */
void api_hazard_photo_get(Req *r); /* GET  /api/hazards/photos/{id} */
void api_hazard_workorder(Req *r); /* POST /api/hazards/{id}/workorder {category} */
void api_hazards_sweep(Req *r);    /* POST /api/hazards/sweep: escalate the overdue */



void api_patrol_routes_list(Req *r);  /* GET  /api/patrol-routes?node=ID&after= */
void api_patrol_route_create(Req *r); /* POST /api/patrol-routes {node_id, name, worker, points:[{name, compound_id, place_text}]} */
void api_patrol_route_get(Req *r);    /* GET  /api/patrol-routes/{id}: points (and codes for managers) */
void api_patrol_route_day(Req *r);    /* GET  /api/patrol-routes/{id}/day?date=YYYY-MM-DD: rounds, skipped points */
void api_patrol_checkin(Req *r);      /* POST /api/patrols: a check-in, optionally with a finding */
void api_disputes_list(Req *r);     /* GET  /api/disputes?compound=ID&after=: all cases, or published outcomes */
void api_dispute_create(Req *r);    /* POST /api/disputes {compound_id, title, summary, parties:[{name, phone, role}]} */
void api_dispute_get(Req *r);       /* GET  /api/disputes/{id} */
void api_dispute_escalate(Req *r);  /* POST /api/disputes/{id}/escalate {reason} */
void api_dispute_session(Req *r);   /* POST /api/disputes/{id}/sessions {minutes} */
void api_dispute_followup(Req *r);  /* POST /api/disputes/{id}/followups {note} */
void api_dispute_mediator(Req *r);  /* POST /api/disputes/{id}/mediators {username} */
void api_dispute_agreement(Req *r); /* POST /api/disputes/{id}/agreements {text, signed_by:[party ids]} */
void api_dispute_close(Req *r);     /* POST /api/disputes/{id}/close {outcome, publish} */
void api_plans_list(Req *r);     /* GET  /api/emergency-plans?compound=ID&after= */
void api_plan_create(Req *r);    /* POST /api/emergency-plans */
void api_plan_get(Req *r);       /* GET  /api/emergency-plans/{id}: with its drills */
void api_plan_drill(Req *r);     /* POST /api/emergency-plans/{id}/drills {held_at, participants, notes} */
void api_plan_incident(Req *r);  /* POST /api/emergency-plans/{id}/incidents {title}: declare */
void api_incidents_list(Req *r); /* GET  /api/incidents?compound=ID&after=: staff all, others the closed reviews */
void api_incident_get(Req *r);   /* GET  /api/incidents/{id}: with its timeline and review */
void api_incident_entry(Req *r); /* POST /api/incidents/{id}/entries {text} */
void api_incident_close(Req *r); /* POST /api/incidents/{id}/close {cause, response, lessons, changed_rules} */

void api_assessment_prepare(Req *r); /* GET  /api/assessments/prepare?compound=ID&quarter=YYYY-Qn */
void api_assessments_list(Req *r);   /* GET  /api/assessments?compound=ID&after= */
void api_assessment_create(Req *r);  /* POST /api/assessments */

void page_safety(Req *r);            /* GET  /safety: the compounds to look at */
void page_hazards(Req *r);           /* GET  /hazards?compound=ID */
void page_hazard(Req *r);            /* GET  /hazards/{id}: with the forms of who may act on it */
void page_hazard_grade_post(Req *r);  /* POST /hazards/{id}/grade */
void page_hazard_photo_post(Req *r);  /* POST /hazards/{id}/photos (multipart) */
void page_hazard_close_post(Req *r);  /* POST /hazards/{id}/close */
void page_hazard_accept_post(Req *r); /* POST /hazards/{id}/accept */
void page_patrol_point(Req *r);      /* GET  /patrol/{route}/{point}?c=CODE: the posted code's check-in page */
void page_patrol_point_post(Req *r); /* POST /patrol/{route}/{point} */
void page_patrol_route(Req *r);      /* GET  /patrol-routes/{id}?date=: a route's day */
void page_disputes(Req *r);          /* GET  /disputes?compound=ID */
void page_dispute(Req *r);                /* GET  /disputes/{id}: the case, and its mediators' forms */
void page_dispute_escalate_post(Req *r);  /* POST /disputes/{id}/escalate {reason} */
void page_dispute_session_post(Req *r);   /* POST /disputes/{id}/session {minutes} */
void page_dispute_agreement_post(Req *r); /* POST /disputes/{id}/agreement {text, signed_<party id>} */
void page_dispute_close_post(Req *r);     /* POST /disputes/{id}/close {outcome, publish} */
void page_plans(Req *r);               /* GET  /emergency-plans?compound=ID */
void page_plan(Req *r);                /* GET  /emergency-plans/{id}: with drills and the declare form */
void page_plan_incident_post(Req *r);  /* POST /emergency-plans/{id}/incident {title} */
void page_incidents(Req *r);           /* GET  /incidents?compound=ID: staff all, others the closed reviews */
void page_incident(Req *r);            /* GET  /incidents/{id}: the timeline, the review */
void page_incident_entry_post(Req *r); /* POST /incidents/{id}/entry {text} */
void page_incident_close_post(Req *r); /* POST /incidents/{id}/close {cause, response, lessons, changed_rules} */
void page_assessments(Req *r);         /* GET  /assessments?compound=ID&quarter=: the prepared review, the meetings */
void page_my_patrol(Req *r);           /* GET  /patrol: the routes c->who walks, today's rounds, the points to walk now */
void page_patrol_routes(Req *r);       /* GET  /patrol-routes?node=ID&date=: routes with the day's rounds */

#endif
