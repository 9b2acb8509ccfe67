/* plan_pages.c: GET /plans/{compound}.svg: the compound's site plan
 * (plan.c) as SVG, each building a block coloured by ?by= (open: open work
 * orders, public; arrears: what the levies are still owed, PERM_FUNDS_READ
 * on the compound), with a legend, a title and each block's figure written
 * on it, so it reads in grey print and to a screen reader too. */
#include "results/web_int.h"

#include "safety/safety.h"

#include <stdlib.h>
#include <string.h>

/* A sequential scale (ColorBrewer Oranges), class 0 a light grey: told
 * apart in grey print by lightness. */
static const char *const k_fill[5] = {"#f0f0f0", "#fdbe85", "#fd8d3c", "#e6550d", "#a63603"};
static const char *const k_text[5] = {"#000", "#000", "#000", "#fff", "#fff"};

#define BW 150
#define BH 90
#define GAP 24
#define TOP 64
#define LEGEND 96

/* {id}.svg -> id; false for anything else */
static bool svg_id(const char *seg, int64_t *id)
{
    size_t n = seg ? strlen(seg) : 0;
    if (n < 5 || n > 24 || strcmp(seg + n - 4, ".svg") != 0)
        return false;
    int64_t v = 0;
    for (size_t i = 0; i < n - 4; i++) {
        if (seg[i] < '0' || seg[i] > '9' || v > (INT64_MAX - 9) / 10)
            return false;
        v = v * 10 + (seg[i] - '0');
    }
    *id = v;
    return v > 0;
}

static const char *value_text(Req *r, ResPlanBy by, int64_t v)
{
    char d[48];
    if (by == RES_PLAN_HAZARDS)
        return arena_printf(r->arena, "%lld处", (long long)v);
    return arena_strdup(r->arena, res_format(d, by == RES_PLAN_OPEN ? RES_U_ORDERS : RES_U_FEN, true, v));
}

void page_plan_svg(Req *r)
{
    int64_t id;
    Ctx c = site_ctx(r);
    NodeInfo n;
    ResErr e;
    if (!svg_id(req_param(r, "file"), &id) || grid_node_find(&c, id, &n) != GRID_OK || n.kind != NODE_COMPOUND) {
        res_err_reply(r, &(ResErr){RM_NOT_A_COMPOUND, "compound", NULL});
        return;
    }
    ResPlanBy by;
    if (!res_plan_by_parse(req_query(r, "by"), &by)) {
        res_err_reply(r, &(ResErr){RM_BAD_KIND, "by", "open | arrears"});
        return;
    }
    /* the levies' arrears are the ledger's people's, the hazards the register's (patrol or manage) */
    if ((by == RES_PLAN_ARREARS && !perm_allows(r->who, PERM_FUNDS_READ, n.path)) ||
        (by == RES_PLAN_HAZARDS && !perm_allows(r->who, PERM_SAFETY_PATROL, n.path) &&
         !perm_allows(r->who, PERM_SAFETY_MANAGE, n.path))) {
        if (!r->who)
            reply_login_needed(r);
        else
            reply_forbidden(r);
        return;
    }
    ResPlan p;
    int64_t qs = 0, qe = 0;
    if (by == RES_PLAN_HAZARDS && !safety_quarter_parse(req_query(r, "quarter"), &qs, &qe)) {
        res_err_reply(r, &(ResErr){RM_BAD_KIND, "quarter", "YYYY-Qn"});
        return;
    }
    if (by == RES_PLAN_HAZARDS ? !res_plan_hazards(&c, &n, qs, qe, &p, &e) : !res_plan(&c, &n, by, &p, &e)) {
        res_err_reply(r, &e);
        return;
    }
    int cols, rows;
    res_plan_layout(p.n, &cols, &rows);
    int w = GAP + cols * (BW + GAP), h = TOP + rows * (BH + GAP) + LEGEND;
    if (w < 5 * 110 + 2 * GAP)
        w = 5 * 110 + 2 * GAP;
    const char *what = by == RES_PLAN_OPEN ? "未办结工单" : by == RES_PLAN_HAZARDS ? "本季发现隐患" : "欠缴金额";
    r->content_type_out = "image/svg+xml; charset=utf-8";
    Buf *b = &r->out;
    buf_printf(b,
               "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 %d %d\" width=\"%d\" height=\"%d\" "
               "role=\"img\" aria-labelledby=\"t\" font-family=\"Noto Sans CJK SC, sans-serif\" font-size=\"16\">\n"
               "<title id=\"t\">%h 平面示意图：各楼%h</title>\n"
               "<rect width=\"100%%\" height=\"100%%\" fill=\"#fff\"/>\n"
               "<text x=\"%d\" y=\"36\" font-size=\"22\" font-weight=\"bold\">%h · 各楼%h</text>\n",
               w, h, w, h, n.name, what, GAP, n.name, what);
    for (int i = 0; i < p.n; i++) {
        const ResPlanBlock *k = &p.blocks[i];
        int x = GAP + (i % cols) * (BW + GAP), y = TOP + (i / cols) * (BH + GAP);
        buf_printf(b,
                   "<g data-building=\"%lld\" data-value=\"%lld\" data-class=\"%d\"><rect x=\"%d\" y=\"%d\" "
                   "width=\"%d\" height=\"%d\" rx=\"6\" fill=\"%s\" stroke=\"#333\"/>"
                   "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\" fill=\"%s\">%h</text>"
                   "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\" fill=\"%s\" font-weight=\"bold\">%h</text></g>\n",
                   (long long)k->node.id, (long long)k->value, k->cls, x, y, BW, BH, k_fill[k->cls], x + BW / 2,
                   y + 36, k_text[k->cls], k->node.name, x + BW / 2, y + 64, k_text[k->cls],
                   value_text(r, by, k->value));
    }
    if (!p.n)
        buf_printf(b, "<text x=\"%d\" y=\"%d\">名册中还没有楼栋</text>\n", GAP, TOP + 30);
    /* the legend: the classes' ranges on the scale up to the largest value */
    int ly = TOP + rows * (BH + GAP) + 16;
    buf_printf(b, "<g class=\"legend\"><text x=\"%d\" y=\"%d\">图例（%h）</text>\n", GAP, ly, what);
    for (int k = 0; k < 5; k++) {
        int64_t lo = k == 0 ? 0 : (p.max * (k - 1)) / 4 + 1, hi = k == 0 ? 0 : (p.max * k) / 4;
        const char *label = k == 0 ? "无" : arena_printf(r->arena, "%s–%s", value_text(r, by, lo), value_text(r, by, hi));
        if (k && p.max <= 0)
            label = "—";
        buf_printf(b,
                   "<rect x=\"%d\" y=\"%d\" width=\"24\" height=\"24\" fill=\"%s\" stroke=\"#333\"/>"
                   "<text x=\"%d\" y=\"%d\" font-size=\"13\">%h</text>\n",
                   GAP + k * 110, ly + 12, k_fill[k], GAP + k * 110 + 30, ly + 30, label);
    }
    buf_puts(b, "</g>\n");
    if (by != RES_PLAN_ARREARS && p.elsewhere)
        buf_printf(b, "<text x=\"%d\" y=\"%d\" font-size=\"13\">另有%lld%s在院内公共区域</text>\n", GAP, ly + 64,
                   (long long)p.elsewhere, by == RES_PLAN_HAZARDS ? "处隐患" : "件");
    buf_puts(b, "</svg>\n");
}
