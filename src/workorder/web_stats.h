/* web_stats.h: the handlers of the work-order statistics (stats.h),
 * registered in routes.c beside the other work-order routes. */
#ifndef GZ_WO_WEB_STATS_H
#define GZ_WO_WEB_STATS_H
#include "grid/read.h"
#include "http/req.h"

void api_wo_stats(Req *r);  /* GET /api/workorders/stats?node=ID */
void page_wo_stats(Req *r); /* GET /workorders/stats?node=ID: 统计, the charts with their tables */

/* The place of the statistics: ?node=ID, else the first node where the
 * reader holds PERM_WO_READ; checked against PERM_WO_READ there. False when
 * it replied (400, 403 or 404). Shared by the API and the page. */
bool wo_stats_scope_or_reply(Req *r, NodeInfo *n);

#endif
