/* stats_pages.c: 统计, the work-order charts for staff: orders by week and
 * where they stand, and per grid the on-time rate and the median resolve
 * time. Each chart has a table beside it holding exactly its numbers (the
 * same as GET /api/workorders/stats), so the page works without
 * JavaScript, in a screen reader and on paper. */
#include "workorder/web_int.h"
#include "workorder/web_stats.h"

#include "core/clock.h"
#include "site/chart.h"
#include "site/page.h"
#include "site/site.h"
#include "workorder/stats.h"

/* "6月8日": the Monday a week starts on, as a person reads it. */
static const char *week_label(Req *r, int64_t start)
{
    LocalTime lt;
    if (!clock_local(start, &lt))
        return "";
    return arena_printf(r->arena, "%d月%d日", lt.month, lt.day);
}

/* A per-mille rate as a percent with one decimal: 875 -> "87.5". */
static const char *pct1(Req *r, int64_t permille)
{
    return arena_printf(r->arena, "%lld.%lld", (long long)(permille / 10), (long long)(permille % 10));
}

static void weeks_section(Req *r, const WoStats *s)
{
    Buf spec = BUF_INIT;
    buf_puts(&spec, "{\"x\":[");
    for (int w = 0; w < WO_STATS_WEEKS; w++)
        buf_printf(&spec, "%s%j", w ? "," : "", week_label(r, s->weeks[w].start));
    buf_printf(&spec, "],\"axes\":[{\"name\":%j}],\"series\":[", "件");
    for (int k = 0; k < WO_SB_N; k++) {
        buf_printf(&spec, "%s{\"name\":%j,\"stack\":\"s\",\"data\":[", k ? "," : "", wo_stat_bucket_zh(k));
        for (int w = 0; w < WO_STATS_WEEKS; w++)
            buf_printf(&spec, "%s%lld", w ? "," : "", (long long)s->weeks[w].n[k]);
        buf_puts(&spec, "]}");
    }
    buf_puts(&spec, "]}");
    buf_printf(&r->out, "<section class=\"stats\" id=\"weeks\"><h2>%s</h2>\n",
               L(r, "每周新报工单及其现状", "Orders reported each week, by where they stand"));
    chart_div(r, "chart-weeks", L(r, "每周工单柱状图，数字见下表", "Orders by week; the numbers are in the table below"),
              "table-weeks", &spec);
    buf_free(&spec);
    buf_printf(&r->out,
               "<div class=\"table-wrap\"><table tabindex=\"0\" id=\"table-weeks\"><caption>%s</caption>\n<thead><tr><th>%s</th>",
               L(r, "按报事所在周（周一起）统计，状态为当前状态", "By the week reported (from Monday), current state"),
               L(r, "周", "Week"));
    for (int k = 0; k < WO_SB_N; k++)
        buf_printf(&r->out, "<th class=\"num\">%s</th>", wo_stat_bucket_zh(k));
    buf_printf(&r->out, "<th class=\"num\">%s</th></tr></thead><tbody>\n", L(r, "合计", "Total"));
    for (int w = 0; w < WO_STATS_WEEKS; w++) {
        const WoStatsWeek *wk = &s->weeks[w];
        int64_t total = 0;
        buf_printf(&r->out, "<tr data-start=\"%lld\"><th>%h</th>", (long long)wk->start, week_label(r, wk->start));
        for (int k = 0; k < WO_SB_N; k++) {
            buf_printf(&r->out, "<td class=\"num\">%lld</td>", (long long)wk->n[k]);
            total += wk->n[k];
        }
        buf_printf(&r->out, "<td class=\"num\">%lld</td></tr>\n", (long long)total);
    }
    buf_puts(&r->out, "</tbody></table></div></section>\n");
}

static void grids_section(Req *r, const WoStats *s)
{
    Buf rate = BUF_INIT, median = BUF_INIT, x = BUF_INIT;
    for (int i = 0; i < s->n_grids; i++) {
        const WoStatsGrid *g = &s->grids[i];
        buf_printf(&x, "%s%j", i ? "," : "", g->name);
        if (g->has_rate)
            buf_printf(&rate, "%s%s", i ? "," : "", pct1(r, g->on_time_permille));
        else
            buf_printf(&rate, "%snull", i ? "," : "");
        /* hours with one decimal: people think of a resolve time in hours and days, not minutes */
        if (g->has_median)
            buf_printf(&median, "%s%lld.%lld", i ? "," : "", (long long)((g->median_minutes * 10 + 30) / 60 / 10),
                       (long long)((g->median_minutes * 10 + 30) / 60 % 10));
        else
            buf_printf(&median, "%snull", i ? "," : "");
    }
    buf_printf(&r->out, "<section class=\"stats\" id=\"grids\"><h2>%s</h2>\n",
               L(r, "各网格按时办结率与办结用时", "On-time rate and resolve time by grid"));
    Buf spec = BUF_INIT;
    /* a bar of 28 px per grid, so every name stays readable */
    int height = 96 + 28 * s->n_grids;
    buf_printf(&spec,
               "{\"horizontal\":true,\"height\":%d,\"x\":[%s],\"axes\":[{\"name\":%j,\"max\":100}],"
               "\"series\":[{\"name\":%j,\"data\":[%s]}]}",
               height, buf_str(&x), "%", "按时办结率", buf_str(&rate));
    chart_div(r, "chart-ontime", L(r, "各网格按时办结率条形图，数字见下表", "On-time rate by grid; numbers in the table below"),
              "table-grids", &spec);
    buf_reset(&spec);
    buf_printf(&spec,
               "{\"horizontal\":true,\"height\":%d,\"x\":[%s],\"axes\":[{\"name\":%j}],"
               "\"series\":[{\"name\":%j,\"data\":[%s]}]}",
               height, buf_str(&x), "小时", "办结用时中位数（小时）", buf_str(&median));
    chart_div(r, "chart-median",
              L(r, "各网格办结用时中位数条形图，数字见下表", "Median resolve time by grid; numbers in the table below"),
              "table-grids", &spec);
    buf_free(&spec);
    buf_free(&rate);
    buf_free(&median);
    buf_free(&x);
    buf_printf(&r->out,
               "<div class=\"table-wrap\"><table tabindex=\"0\" id=\"table-grids\"><caption>%s</caption>\n<thead><tr><th>%s</th>"
               "<th class=\"num\">%s</th><th class=\"num\">%s</th><th class=\"num\">%s</th><th class=\"num\">%s</th>"
               "<th class=\"num\">%s</th></tr></thead><tbody>\n",
               L(r, "按时办结率 = 按时办结 ÷ 已办结；用时从报事到办结",
                 "On-time rate = done on time / done; time from report to done, in whole minutes"),
               L(r, "网格", "Grid"), L(r, "工单数", "Orders"), L(r, "已办结", "Done"), L(r, "按时办结", "On time"),
               L(r, "按时办结率（%）", "On-time rate (%)"), L(r, "办结用时中位数", "Median resolve time"));
    for (int i = 0; i < s->n_grids; i++) {
        const WoStatsGrid *g = &s->grids[i];
        buf_printf(&r->out,
                   "<tr data-grid=\"%lld\"><th>%h</th><td class=\"num\">%lld</td><td class=\"num\">%lld</td>"
                   "<td class=\"num\">%lld</td><td class=\"num\">%s</td>",
                   (long long)g->grid_id, g->name, (long long)g->orders, (long long)g->resolved, (long long)g->on_time,
                   g->has_rate ? pct1(r, g->on_time_permille) : "—");
        char took[48];
        wo_minutes_zh(g->median_minutes, took);
        if (g->has_median)
            buf_printf(&r->out, "<td class=\"num\" data-minutes=\"%lld\">%h</td></tr>\n", (long long)g->median_minutes, took);
        else
            buf_puts(&r->out, "<td class=\"num\">—</td></tr>\n");
    }
    if (!s->n_grids)
        buf_printf(&r->out, "<tr><td colspan=\"6\">%s</td></tr>\n", L(r, "这段时间没有工单", "No orders in this period"));
    buf_puts(&r->out, "</tbody></table></div></section>\n");
}

void page_wo_stats(Req *r)
{
    NodeInfo n;
    if (!wo_stats_scope_or_reply(r, &n))
        return;
    Ctx c = site_ctx(r);
    WoStats s;
    if (!wo_stats(&c, n.path, &s)) {
        WoErr e;
        (void)wo_err_db(&e, r->db);
        wo_err_reply(r, &e);
        return;
    }
    page_begin(r, L(r, "工单统计图", "Work order charts"));
    char from[20], to[20];
    clock_format_local(s.from, from);
    clock_format_local(s.to - 1, to);
    from[10] = to[10] = '\0'; /* the days, without the time */
    buf_printf(&r->out, "<h1>%h · %s</h1>\n<p>%s%s%s%s%s <a href=\"/workorders/metrics\">%s</a></p>\n", n.name,
               L(r, "统计", "statistics"), L(r, "近十二周：", "The last twelve weeks: "), from, L(r, " 至 ", " to "), to,
               L(r, "。", "."), L(r, "更多指标", "More figures"));
    weeks_section(r, &s);
    grids_section(r, &s);
    chart_scripts(r);
    page_end(r);
}
