/* charts_pages.c: the fund page's charts (charts.h): money in and out by
 * month, and for those who may read the levies, what is still owed per
 * building; each with a table beside it holding exactly its numbers (the
 * same as GET /api/funds/{id}/monthly and /arrears). */
#include "funds/web_int.h"
#include "funds/web_charts.h"

#include "funds/charts.h"
#include "site/chart.h"
#include "site/site.h"

static void monthly_section(Req *r, const FundsMonth *m)
{
    Buf spec = BUF_INIT;
    buf_puts(&spec, "{\"x\":[");
    for (int i = 0; i < FUNDS_CHART_MONTHS; i++)
        buf_printf(&spec, "%s\"%d月\"", i ? "," : "", m[i].yyyymm % 100);
    buf_printf(&spec, "],\"axes\":[{\"name\":%j}],\"series\":[{\"name\":%j,\"data\":[", "元", "收入");
    for (int i = 0; i < FUNDS_CHART_MONTHS; i++)
        buf_printf(&spec, "%s%M", i ? "," : "", m[i].in);
    buf_printf(&spec, "]},{\"name\":%j,\"data\":[", "支出");
    for (int i = 0; i < FUNDS_CHART_MONTHS; i++)
        buf_printf(&spec, "%s%M", i ? "," : "", m[i].out);
    buf_puts(&spec, "]}]}");
    buf_printf(&r->out, "<section class=\"fund-charts\" id=\"monthly\"><h2>%s</h2>\n",
               L(r, "近十二个月收支", "Money in and out, the last twelve months"));
    chart_div(r, "chart-monthly", L(r, "每月收支柱状图，数字见下表", "Money in and out by month; the numbers are in the table below"),
              "table-monthly", &spec);
    buf_free(&spec);
    buf_printf(&r->out,
               "<div class=\"table-wrap\"><table tabindex=\"0\" id=\"table-monthly\"><caption>%s</caption>\n<thead><tr><th>%s</th>"
               "<th class=\"num\">%s</th><th class=\"num\">%s</th></tr></thead><tbody>\n",
               L(r, "银行存款账户每月的收入与支出", "The bank account's money in and out each month"), L(r, "月份", "Month"),
               L(r, "收入（元）", "In (yuan)"), L(r, "支出（元）", "Out (yuan)"));
    for (int i = 0; i < FUNDS_CHART_MONTHS; i++)
        buf_printf(&r->out, "<tr><th>%d-%02d</th><td class=\"num\">%M</td><td class=\"num\">%M</td></tr>\n",
                   m[i].yyyymm / 100, m[i].yyyymm % 100, m[i].in, m[i].out);
    buf_puts(&r->out, "</tbody></table></div></section>\n");
}

static void arrears_section(Req *r, const FundsArrears *a, int n)
{
    Buf spec = BUF_INIT;
    buf_printf(&spec, "{\"horizontal\":true,\"height\":%d,\"x\":[", 96 + 28 * n);
    for (int i = 0; i < n; i++)
        buf_printf(&spec, "%s%j", i ? "," : "", a[i].name);
    buf_printf(&spec, "],\"axes\":[{\"name\":%j}],\"series\":[{\"name\":%j,\"data\":[", "元", "尚欠");
    for (int i = 0; i < n; i++)
        buf_printf(&spec, "%s%M", i ? "," : "", a[i].outstanding);
    buf_puts(&spec, "]}]}");
    buf_printf(&r->out, "<section class=\"fund-charts\" id=\"arrears\"><h2>%s</h2>\n",
               L(r, "各楼栋欠缴", "Arrears by building"));
    if (n)
        chart_div(r, "chart-arrears", L(r, "各楼栋欠缴条形图，数字见下表", "Arrears by building; the numbers are in the table below"),
                  "table-arrears", &spec);
    buf_free(&spec);
    buf_printf(&r->out,
               "<div class=\"table-wrap\"><table tabindex=\"0\" id=\"table-arrears\"><caption>%s</caption>\n<thead><tr><th>%s</th>"
               "<th class=\"num\">%s</th><th class=\"num\">%s</th></tr></thead><tbody>\n",
               L(r, "本资金各次筹集中尚未缴清的部分", "What the fund's levies are still owed"), L(r, "楼栋", "Building"),
               L(r, "欠缴笔数", "Charges owed"), L(r, "尚欠（元）", "Outstanding (yuan)"));
    for (int i = 0; i < n; i++)
        buf_printf(&r->out, "<tr><th>%h</th><td class=\"num\">%lld</td><td class=\"num\">%M</td></tr>\n", a[i].name,
                   (long long)a[i].households, a[i].outstanding);
    if (!n)
        buf_printf(&r->out, "<tr><td colspan=\"3\">%s</td></tr>\n", L(r, "没有欠缴", "Nothing is owed"));
    buf_puts(&r->out, "</tbody></table></div></section>\n");
}

void funds_charts_section(Req *r, const Fund *f)
{
    Ctx c = site_ctx(r);
    FundsMonth m[FUNDS_CHART_MONTHS];
    FundsErr e;
    /* the page around the charts stands on its own: a failed read leaves them out */
    if (!funds_monthly(&c, f->id, m, &e))
        return;
    monthly_section(r, m);
    if (perm_allows(r->who, PERM_FUNDS_READ, f->node_path)) {
        FundsArrears *a;
        int n;
        if (funds_arrears_by_building(&c, f->id, &a, &n, &e))
            arrears_section(r, a, n);
    }
    chart_scripts(r);
}
