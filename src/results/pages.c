/* pages.c: 成效看板, the public dashboard (no login, nothing personal: the
 * figures of a street, community, grid or compound). Before and after (the
 * baseline measured outside the system, the year computed from the
 * records, the target) and each series month by month, every chart with a
 * table beside it holding exactly its numbers (the same as GET
 * /api/dashboard), so the page reads the same without JavaScript, to a
 * screen reader and on paper. */
#include "results/web_int.h"

#include <string.h>

#include "site/chart.h"
#include "site/page.h"

/* A value in its chart's scale: % with one decimal, 元, 分 with two. */
static void chart_num(Buf *b, ResUnit u, bool has, int64_t v)
{
    if (!has) {
        buf_puts(b, "null");
        return;
    }
    const char *sign = v < 0 ? "-" : "";
    int64_t a = v < 0 ? -v : v;
    if (u == RES_U_PERMILLE)
        buf_printf(b, "%s%lld.%lld", sign, (long long)(a / 10), (long long)(a % 10));
    else if (u == RES_U_FEN || u == RES_U_CENTI_SCORE)
        buf_printf(b, "%s%lld.%02lld", sign, (long long)(a / 100), (long long)(a % 100));
    else
        buf_printf(b, "%lld", (long long)v);
}

static const char *chart_unit(ResUnit u)
{
    return u == RES_U_PERMILLE ? "%" : res_unit_zh(u);
}

static void ref_cell(Req *r, const Indicator *ind, bool has, const ResRef *ref)
{
    char d[48];
    if (!has) {
        buf_puts(&r->out, "<td class=\"num\">—</td>");
        return;
    }
    buf_printf(&r->out, "<td class=\"num\">%h<br><small>%h，%04d-%02d-%02d</small></td>",
               res_format(d, ind->unit, true, ref->value), ref->source, ref->measured_on / 10000,
               ref->measured_on / 100 % 100, ref->measured_on % 100);
}

/* 前后对比: every indicator's baseline, year and target, and a chart of the
 * rates that have a baseline or a target beside the year's value. */
static void compare_section(Req *r, const ResDashboard *d)
{
    Buf spec = BUF_INIT, x = BUF_INIT, before = BUF_INIT, after = BUF_INIT, target = BUF_INIT;
    int n = 0;
    for (int i = 0; i < d->n_rows; i++) {
        const ResDashRow *row = &d->rows[i];
        if (row->ind->unit != RES_U_PERMILLE)
            continue;
        const char *sep = n++ ? "," : "";
        buf_printf(&x, "%s%j", sep, row->ind->name_zh);
        buf_puts(&before, sep);
        chart_num(&before, RES_U_PERMILLE, row->has_baseline, row->baseline.value);
        buf_puts(&after, sep);
        chart_num(&after, RES_U_PERMILLE, row->year.has, row->year.value);
        buf_puts(&target, sep);
        chart_num(&target, RES_U_PERMILLE, row->has_target, row->target.value);
    }
    buf_printf(&r->out, "<section class=\"dash\" id=\"compare\"><h2>前后对比</h2>\n");
    buf_printf(&spec,
               "{\"horizontal\":true,\"height\":%d,\"x\":[%s],\"axes\":[{\"name\":\"%%\",\"max\":100}],\"series\":["
               "{\"name\":\"基线\",\"data\":[%s]},{\"name\":\"%d年\",\"data\":[%s]},{\"name\":\"目标\",\"data\":[%s]}]}",
               120 + 72 * n, buf_str(&x), buf_str(&before), d->year.year, buf_str(&after), buf_str(&target));
    chart_div(r, "chart-compare", "各项比率的基线、本年数值与目标条形图，数字见下表", "table-compare", &spec);
    buf_free(&spec);
    buf_free(&x);
    buf_free(&before);
    buf_free(&after);
    buf_free(&target);
    buf_printf(&r->out,
               "<div class=\"table-wrap\"><table tabindex=\"0\" id=\"table-compare\"><caption>基线为系统外测得的数值（注明来源和日期）；"
               "%d年数值由系统记录计算</caption>\n<thead><tr><th>指标</th><th class=\"num\">基线</th>"
               "<th class=\"num\">%d年</th><th class=\"num\">目标</th></tr></thead><tbody>\n",
               d->year.year, d->year.year);
    char v[48];
    for (int i = 0; i < d->n_rows; i++) {
        const ResDashRow *row = &d->rows[i];
        buf_printf(&r->out, "<tr data-code=\"%h\"><th title=\"%h\">%h</th>", row->ind->code, row->ind->formula_zh,
                   row->ind->name_zh);
        ref_cell(r, row->ind, row->has_baseline, &row->baseline);
        buf_printf(&r->out, "<td class=\"num\" data-value=\"%s\">%h</td>",
                   row->year.has ? arena_printf(r->arena, "%lld", (long long)row->year.value) : "",
                   res_format(v, row->ind->unit, row->year.has, row->year.value));
        ref_cell(r, row->ind, row->has_target, &row->target);
        buf_puts(&r->out, "</tr>\n");
    }
    buf_puts(&r->out, "</tbody></table></div></section>\n");
}

/* One series indicator month by month: a chart and its table. */
static void series_section(Req *r, const ResDashboard *d, const ResDashRow *row)
{
    const Indicator *ind = row->ind;
    Buf spec = BUF_INIT, x = BUF_INIT, data = BUF_INIT;
    for (int m = 0; m < RES_MONTHS; m++) {
        buf_printf(&x, "%s\"%d月\"", m ? "," : "", m + 1);
        if (m)
            buf_puts(&data, ",");
        chart_num(&data, ind->unit, row->months[m].has, row->months[m].value);
    }
    const char *id = ind->code;
    buf_printf(&r->out, "<section class=\"dash\" id=\"s-%h\"><h2>%h（逐月）</h2>\n", id, ind->name_zh);
    buf_printf(&spec, "{\"x\":[%s],\"axes\":[{\"name\":%j%s}],\"series\":[{\"name\":%j,\"type\":%j,\"data\":[%s]}]",
               buf_str(&x), chart_unit(ind->unit), ind->unit == RES_U_PERMILLE ? ",\"max\":100" : "", ind->name_zh,
               ind->unit == RES_U_ORDERS || ind->unit == RES_U_FEN ? "bar" : "line", buf_str(&data));
    if (row->has_target) {
        buf_puts(&spec, ",\"lines\":[{\"name\":\"目标\",\"value\":");
        chart_num(&spec, ind->unit, true, row->target.value);
        buf_puts(&spec, "}]");
    }
    buf_puts(&spec, "}");
    const char *tid = arena_printf(r->arena, "table-%s", id);
    chart_div(r, arena_printf(r->arena, "chart-%s", id),
              arena_printf(r->arena, "%s逐月图，数字见下表", ind->name_zh), tid, &spec);
    buf_free(&spec);
    buf_free(&x);
    buf_free(&data);
    buf_printf(&r->out,
               "<div class=\"table-wrap\"><table id=\"%h\"><caption>%h</caption>\n<thead><tr><th>月份</th>"
               "<th class=\"num\">%h</th></tr></thead><tbody>\n",
               tid, ind->formula_zh, ind->name_zh);
    char v[48];
    for (int m = 0; m < RES_MONTHS; m++) {
        const ResValue *mv = &row->months[m];
        buf_printf(&r->out, "<tr data-month=\"%h\"><th>%d月</th><td class=\"num\" data-value=\"%s\">%h</td></tr>\n",
                   d->months[m].label, m + 1, mv->has ? arena_printf(r->arena, "%lld", (long long)mv->value) : "",
                   res_format(v, ind->unit, mv->has, mv->value));
    }
    buf_puts(&r->out, "</tbody></table></div></section>\n");
}

/* Where to go from here: the places below (drill-down) and the years. */
static void nav_section(Req *r, const Ctx *c, const ResDashboard *d)
{
    buf_printf(&r->out,
               "<p class=\"dash-years\"><a href=\"/dashboard?node=%lld&amp;year=%d\">‹ %d年</a> · "
               "<a href=\"/dashboard?node=%lld&amp;year=%d\">%d年 ›</a></p>\n",
               (long long)d->node.id, d->year.year - 1, d->year.year - 1, (long long)d->node.id, d->year.year + 1,
               d->year.year + 1);
    NodeList kids;
    if (grid_children(c, d->node.id,
                      GRID_KIND(NODE_COMMUNITY) | GRID_KIND(NODE_GRID) | GRID_KIND(NODE_MICRO_GRID) | GRID_KIND(NODE_COMPOUND),
                      &kids) != GRID_OK ||
        !kids.n)
        return;
    buf_puts(&r->out, "<nav class=\"dash-places\" aria-label=\"下级\"><h2>下级</h2><ul>\n");
    for (int i = 0; i < kids.n; i++) {
        buf_printf(&r->out, "<li><a href=\"/dashboard?node=%lld&amp;year=%d\">%h</a>", (long long)kids.items[i].id,
                   d->year.year, kids.items[i].name);
        if (kids.items[i].kind == NODE_COMPOUND)
            buf_printf(&r->out, " · <a href=\"/plans/%lld.svg\">平面图</a>", (long long)kids.items[i].id);
        buf_puts(&r->out, "</li>\n");
    }
    buf_puts(&r->out, "</ul></nav>\n");
}

void page_dashboard(Req *r)
{
    NodeInfo n;
    ResPeriod y;
    if (!res_node_or_reply(r, &n) || !res_year_or_reply(r, &y))
        return;
    Ctx c = site_ctx(r);
    ResDashboard d;
    ResErr e;
    if (!res_dashboard(&c, &n, &y, &d, &e)) {
        res_err_reply(r, &e);
        return;
    }
    page_begin(r, "成效看板");
    buf_printf(&r->out,
               "<h1>%h · %d年成效看板</h1>\n<p>数字由工单、表决、资金和名册的记录计算，不经人工填写；"
               "基线为改造前在系统外测得，注明来源和日期。<a href=\"/api/dashboard?node=%lld&amp;year=%d\">机器可读的数据</a></p>\n",
               n.name, y.year, (long long)n.id, y.year);
    nav_section(r, &c, &d);
    compare_section(r, &d);
    for (int i = 0; i < d.n_rows; i++)
        if (d.rows[i].series)
            series_section(r, &d, &d.rows[i]);
    chart_scripts(r);
    page_end(r);
}
