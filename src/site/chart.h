/* chart.h: a chart on a page: a <div> that web/charts.js draws with
 * ECharts from a JSON spec in its data-chart attribute (the CSP forbids
 * inline script), always printed beside a table of the same numbers, so the
 * page reads the same without JavaScript, to a screen reader and on paper. */
#ifndef GZ_SITE_CHART_H
#define GZ_SITE_CHART_H
#include "core/buf.h"
#include "http/req.h"

/* The script tags for ECharts and charts.js; once per page that has charts. */
void chart_scripts(Req *r);

/* <div class="chart" id="id" data-chart="spec"> with role img, labelled by
 * label and described by the table with id table_id (its numbers). spec is
 * the JSON the page built with %j (see web/charts.js for its keys). */
void chart_div(Req *r, const char *id, const char *label, const char *table_id, const Buf *spec);

#endif
