/* web_charts.h: a fund's charts (charts.h): the API handlers routes.c
 * registers and the partial the fund page includes. */
#ifndef GZ_FUNDS_WEB_CHARTS_H
#define GZ_FUNDS_WEB_CHARTS_H
#include "funds/funds.h"
#include "http/req.h"

void api_fund_monthly(Req *r); /* GET /api/funds/{id}/monthly: PERM_TREE_READ, as the statement */
void api_fund_arrears(Req *r); /* GET /api/funds/{id}/arrears: PERM_FUNDS_READ, as a levy's page */

/* The charts with their tables: money in and out by month for every
 * reader of the fund, arrears by building for those holding PERM_FUNDS_READ
 * on it. Writes its own scripts. */
void funds_charts_section(Req *r, const Fund *f);

#endif
