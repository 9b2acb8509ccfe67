/* progress_pages.c: the vote page's progress chart (progress.h): how far an
 * owners' vote has come toward two thirds taking part and toward the
 * agreement it needs, by area and by owners, with the lines drawn, and a
 * table beside it holding exactly its numbers (the same as GET
 * /api/votes/{id}/progress) and the exact answers of the count. */
#include "vote/web_int.h"
#include "vote/web_progress.h"

#include <string.h>

#include "site/chart.h"
#include "site/site.h"
#include "vote/progress.h"

static const char *pct1(Req *r, int64_t permille)
{
    return arena_printf(r->arena, "%lld.%lld", (long long)(permille / 10), (long long)(permille % 10));
}

static void row(Req *r, const char *what, const VoteFrac *f, bool area, const char *line, bool reached)
{
    buf_printf(&r->out, "<tr><th>%h</th><td class=\"num\">%s</td><td class=\"num\">", what, pct1(r, f->permille));
    if (area)
        buf_printf(&r->out, "%A / %A", f->num, f->den);
    else
        buf_printf(&r->out, "%lld / %lld", (long long)f->num, (long long)f->den);
    buf_printf(&r->out, "</td><td>%h</td><td>%s</td></tr>\n", line, reached ? "已达到" : "未达到");
}

void vote_progress_section(Req *r, const VoteRow *v)
{
    Ctx c = site_ctx(r);
    VoteErr e;
    if (strcmp(v->kind, "art278") != 0 || !vote_result_visible(&c, v, &e))
        return;
    VoteProgress p;
    bool found;
    /* The result section below reports a failed read; the chart only steps aside. */
    if (!vote_progress(&c, v->id, &p, &found) || !found)
        return;
    const char *pass_zh = p.supermajority ? "四分之三" : "过半数";
    Buf spec = BUF_INIT;
    buf_printf(&spec,
               "{\"horizontal\":true,\"height\":300,\"x\":[%j,%j,%j,%j],\"axes\":[{\"name\":%j,\"max\":100}],"
               "\"series\":[{\"name\":%j,\"stack\":\"s\",\"data\":[%s,%s,null,null]},"
               "{\"name\":%j,\"stack\":\"s\",\"data\":[null,null,%s,%s]}],"
               "\"lines\":[{\"value\":%s,\"name\":%j},{\"value\":%s,\"name\":%j}]}",
               "参与（面积）", "参与（人数）", "同意（面积）", "同意（人数）", "%", "参与表决占全体", pct1(r, p.part_area.permille),
               pct1(r, p.part_owners.permille), "同意占参与", pct1(r, p.yes_area.permille), pct1(r, p.yes_owners.permille),
               pct1(r, p.quorum_permille), "三分之二", pct1(r, p.pass_permille), pass_zh);
    buf_printf(&r->out, "<section class=\"progress\" id=\"progress\">\n<h2>%s</h2>\n",
               p.final ? L(r, "表决结果与两道门槛", "The result against both thresholds")
                       : L(r, "表决进度（未结束，仅组织者可见）", "Progress so far (open; organisers only)"));
    chart_div(r, "chart-progress",
              L(r, "表决进度条形图，数字见下表", "Progress toward the thresholds; the numbers are in the table below"),
              "table-progress", &spec);
    buf_free(&spec);
    buf_printf(&r->out,
               "<div class=\"table-wrap\"><table tabindex=\"0\" id=\"table-progress\"><caption>%s</caption>\n<thead><tr><th></th>"
               "<th class=\"num\">%s</th><th class=\"num\">%s</th><th>%s</th><th>%s</th></tr></thead><tbody>\n",
               L(r, "参与表决须面积和人数均达全体的三分之二；同意按参与表决的面积和人数计",
                 "Two thirds must take part by area and by owners; agreement counts among those taking part"),
               L(r, "占比（%）", "Share (%)"), L(r, "数（面积为㎡）", "Count (area in m²)"), L(r, "门槛", "Threshold"),
               L(r, "结论", "Reached"));
    const char *quorum_line = "≥ 三分之二";
    const char *pass_line = p.supermajority ? "≥ 四分之三" : "> 二分之一";
    row(r, "参与表决（面积）", &p.part_area, true, quorum_line, p.quorum_area);
    row(r, "参与表决（人数）", &p.part_owners, false, quorum_line, p.quorum_owners);
    row(r, "同意（面积）", &p.yes_area, true, pass_line, p.pass_area);
    row(r, "同意（人数）", &p.yes_owners, false, pass_line, p.pass_owners);
    buf_puts(&r->out, "</tbody></table></div>\n");
    buf_printf(&r->out, "<p>%s</p>\n</section>\n",
               p.passed  ? L(r, "两道门槛均已达到。", "Both thresholds are met.")
               : p.final ? L(r, "未同时达到两道门槛。", "The thresholds were not both met.")
                         : L(r, "尚未同时达到两道门槛。", "The thresholds are not both met yet."));
    chart_scripts(r);
}
