/* web_int.h: what the results' adapters share: the place and period of a
 * request, read and checked, replying themselves on a problem. Inside
 * src/results/ only. */
#ifndef GZ_RESULTS_WEB_INT_H
#define GZ_RESULTS_WEB_INT_H
#include "results/web.h"
#include "site/site.h"

/* ?node= (default: the dashboard's default place) as a street, community,
 * grid or compound: 404 for no such node, 400 for another kind. */
bool res_node_or_reply(Req *r, NodeInfo *out);
/* ?year= (default: the year of now) as a period. */
bool res_year_or_reply(Req *r, ResPeriod *out);
/* The JSON of a value: {"value":..,"display":..,"num":..,"den":..} (+ "href" when with_href). */
void res_value_json(Buf *b, const Indicator *ind, const ResValue *v, bool with_href);

#endif
