/* web.h: the work orders' HTTP handlers, registered in routes.c ("work
 * orders"): the only public workorder header that includes http/. */
#ifndef GZ_WO_WEB_H
#define GZ_WO_WEB_H
#include "http/req.h"
#include "workorder/workorder.h"

void api_wo_categories(Req *r);      /* GET  /api/workorders/categories */
void api_wo_create(Req *r);          /* POST /api/workorders */
void api_wo_list(Req *r);            /* GET  /api/workorders?grid=&compound=&state=&mine=&assigned=&overdue= */
void api_wo_get(Req *r);             /* GET  /api/workorders/{id} */
void api_wo_transition(Req *r);      /* POST /api/workorders/{id}/transition */
void api_wo_comment(Req *r);         /* POST /api/workorders/{id}/comments */
void api_wo_photo_add(Req *r);       /* POST /api/workorders/{id}/photos (raw image or multipart) */
void api_wo_photo_get(Req *r);       /* GET  /api/workorders/photos/{id} */
void api_wo_sweep(Req *r);           /* POST /api/workorders/sweep */
void api_wo_metrics(Req *r);         /* GET  /api/workorders/metrics?by=grid|compound|category|month */
void api_wo_sla_list(Req *r);        /* GET  /api/workorders/sla-policies */
void api_wo_sla_set(Req *r);         /* POST /api/workorders/sla-policies */
void api_wo_calendar_create(Req *r); /* POST /api/workorders/calendars */
void api_wo_ladder_set(Req *r);      /* POST /api/workorders/escalation */
void api_wo_settings_set(Req *r);    /* POST /api/workorders/settings {community_id, committee_confirms, confirm_days?} */
void api_wo_calendar_day(Req *r);    /* POST /api/workorders/calendars/{id}/days {day, kind, name?, remove?} */
void api_wo_events(Req *r);          /* GET  /api/workorders/events?since=ID&limit=N: the outbox */
void api_wo_bulk(Req *r);           /* POST /api/workorders/bulk {action, ids, org_id?, merge_into?, note?} */
void api_wo_orgs(Req *r);            /* GET  /api/workorders/orgs: handler orgs to dispatch to */

void o311_services(Req *r);     /* GET  /open311/v2/services.{json,xml} */
void o311_service(Req *r);      /* GET  /open311/v2/services/{code}.{json,xml} */
void o311_requests(Req *r);     /* GET  /open311/v2/requests.{json,xml} */
void o311_request_post(Req *r); /* POST /open311/v2/requests.{json,xml} */
void o311_request(Req *r);      /* GET  /open311/v2/requests/{id}.{json,xml} */
void o311_updates(Req *r);      /* GET  /open311/v2/servicerequestupdates.{json,xml} */

void page_wo_list(Req *r);        /* GET  /workorders */
void page_wo_new(Req *r);         /* GET  /workorders/new */
void page_wo_create_post(Req *r); /* POST /workorders */
void page_wo_view(Req *r);        /* GET  /workorders/{id} */
void page_wo_act_post(Req *r);    /* POST /workorders/{id}/act */
void page_wo_public(Req *r);      /* GET  /compounds/{id}/workorders */
void page_wo_public_orders(Req *r); /* GET  /public/compounds/{id}/orders: anyone (public_pages.c) */
void api_wo_public_orders(Req *r);  /* GET  /api/public/compounds/{id}/orders */
void page_wo_bulk_post(Req *r);  /* POST /workorders/bulk: confirm, then do (confirm=1) */
void page_wo_export(Req *r);     /* GET  /workorders/export.xlsx?(the list's filters) */
void page_wo_metrics(Req *r);     /* GET  /workorders/metrics */
void page_wo_config(Req *r);           /* GET  /workorders/config?community=ID */
void page_wo_config_sla_post(Req *r);  /* POST /workorders/config/sla */
void page_wo_config_cal_post(Req *r);  /* POST /workorders/config/calendar */
void page_wo_config_day_post(Req *r);  /* POST /workorders/config/calendar-day */
void page_wo_config_ladder_post(Req *r);   /* POST /workorders/config/ladder */
void page_wo_config_settings_post(Req *r); /* POST /workorders/config/settings */

#endif
