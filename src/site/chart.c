/* chart.c: the markup of a chart drawn by web/charts.js (see chart.h). */
#include "site/chart.h"

void chart_scripts(Req *r)
{
    /* defer keeps their order: charts.js runs after echarts.min.js. */
    buf_puts(&r->out, "<script src=\"/static/echarts.min.js\" defer></script>\n"
                      "<script src=\"/static/charts.js\" defer></script>\n");
}

void chart_div(Req *r, const char *id, const char *label, const char *table_id, const Buf *spec)
{
    buf_printf(&r->out,
               "<div class=\"chart\" id=\"%h\" role=\"img\" aria-label=\"%h\" aria-describedby=\"%h\" "
               "data-chart=\"%h\"></div>\n",
               id, label, table_id, buf_str(spec));
}
