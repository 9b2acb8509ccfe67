/* public_pages.c: a compound's work orders for anyone with the link, signed
 * in or not (/public/compounds/{id}/orders and its JSON twin): the open
 * orders and those closed in the last 30 days, of the categories shown
 * publicly, grouped by building; never a reporter, a description or a door. */
#include "workorder/web_int.h"

#include <string.h>

#include "core/clock.h"
#include "grid/web.h"
#include "site/page.h"
#include "site/site.h"
#include "workorder/public.h"

/* How far back "recently closed" reaches. */
#define WO_PUBLIC_CLOSED_DAYS 30

/* The compound of {id}; 404 for anything else (a building, a household). */
static bool compound_or_reply(Req *r, NodeInfo *c)
{
    int64_t id;
    if (!req_param_id_or_reply(r, "id", &id))
        return false;
    if (!grid_node_load(r, id, c) || c->kind != NODE_COMPOUND) {
        reply_not_found(r);
        return false;
    }
    return true;
}

/* ?part= open or closed; def when absent. */
static bool part_or_reply(Req *r, const char *def, const char **part)
{
    const char *p = req_query(r, "part");
    if (!p || !*p)
        p = def;
    if (p && strcmp(p, "open") != 0 && strcmp(p, "closed") != 0) {
        reply_error(r, 400, "bad_param", "part", "part 只能是 open（正在办理）或 closed（近期办结）",
                    "part is open or closed");
        return false;
    }
    *part = p;
    return true;
}

static bool fetch_or_reply(Req *r, const NodeInfo *comp, bool closed, int64_t after, int64_t per_page,
                           WoPublicOrder **v, int *n, int64_t *next)
{
    Ctx c = site_ctx(r);
    bool bad = false;
    if (!wo_public_orders(&c, comp->id, closed, c.now - (int64_t)WO_PUBLIC_CLOSED_DAYS * 86400, after, (int)per_page, v,
                          n, next, &bad)) {
        reply_storage_error(r);
        return false;
    }
    if (bad) {
        reply_error(r, 400, "bad_param", "after", "翻页位置无效，请从第一页重新查看", "The page cursor names no order of this list");
        return false;
    }
    return true;
}

static const char *state_zh(const char *name)
{
    WoState s;
    return wo_state_parse(name, &s) ? wo_state_label_zh(s) : name;
}

void api_wo_public_orders(Req *r)
{
    NodeInfo comp;
    const char *part;
    int64_t after, per_page;
    if (!compound_or_reply(r, &comp) || !part_or_reply(r, "open", &part) ||
        !req_query_int_or_reply(r, "after", 0, 0, INT64_MAX, &after) ||
        !req_query_int_or_reply(r, "per_page", 50, 1, WO_PUBLIC_PAGE_MAX, &per_page))
        return;
    WoPublicOrder *v;
    int n;
    int64_t next;
    if (!fetch_or_reply(r, &comp, strcmp(part, "closed") == 0, after, per_page, &v, &n, &next))
        return;
    resp_json(r);
    Buf *b = &r->out;
    buf_printf(b, "{\"compound\":{\"id\":%lld,\"name\":%j},\"part\":%j,\"items\":[", (long long)comp.id, comp.name, part);
    for (int i = 0; i < n; i++) {
        buf_printf(b,
                   "%s{\"id\":%lld,\"category\":%j,\"state\":%j,\"state_label\":%j,\"building_id\":%lld,\"building\":%j,"
                   "\"reported_at\":%lld,\"closed_at\":",
                   i ? "," : "", (long long)v[i].id, v[i].category, v[i].state, state_zh(v[i].state),
                   (long long)v[i].building_id, v[i].building, (long long)v[i].reported_at);
        if (v[i].closed_at)
            buf_printf(b, "%lld", (long long)v[i].closed_at);
        else
            buf_puts(b, "null");
        buf_printf(b, ",\"rating\":%d}", v[i].rating);
    }
    buf_puts(b, "],\"next\":");
    if (next)
        buf_printf(b, "%lld}", (long long)next);
    else
        buf_puts(b, "null}");
}

static void when(Buf *b, int64_t t)
{
    char s[20];
    clock_format_local(t, s);
    s[10] = '\0'; /* the day is enough for the public */
    buf_printf(b, "%h", s);
}

/* One part as cards grouped by building, in the order the buildings first
 * appear on the page. */
static void part_html(Req *r, const NodeInfo *comp, bool closed, const WoPublicOrder *v, int n, int64_t next)
{
    Buf *b = &r->out;
    buf_printf(b, "<section class=\"public-part\" id=\"%s\">\n<h2>%s</h2>\n", closed ? "closed" : "open",
               closed ? "近期办结（30 天内）" : "正在办理");
    if (!n) {
        buf_puts(b, "<p>暂无。</p>\n</section>\n");
        return;
    }
    bool *done = arena_alloc(r->arena, sizeof *done * (size_t)n);
    memset(done, 0, sizeof *done * (size_t)n);
    for (int i = 0; i < n; i++) {
        if (done[i])
            continue;
        buf_printf(b, "<h3 class=\"building\">%h</h3>\n<ul class=\"public-orders cards\">\n",
                   v[i].building_id ? v[i].building : "院落公共区域");
        for (int j = i; j < n; j++) {
            if (done[j] || v[j].building_id != v[i].building_id)
                continue;
            done[j] = true;
            buf_printf(b, "<li class=\"card\" data-order=\"%lld\"><strong>%h</strong> · %h<br>", (long long)v[j].id,
                       v[j].category, state_zh(v[j].state));
            buf_puts(b, closed ? "办结于 " : "上报于 ");
            when(b, closed ? v[j].closed_at : v[j].reported_at);
            if (closed && v[j].rating)
                buf_printf(b, " · 居民评分 %d 星", v[j].rating);
            buf_puts(b, "</li>\n");
        }
        buf_puts(b, "</ul>\n");
    }
    if (next)
        buf_printf(b, "<p><a class=\"button\" href=\"/public/compounds/%lld/orders?part=%s&amp;after=%lld#%s\">更多</a></p>\n",
                   (long long)comp->id, closed ? "closed" : "open", (long long)next, closed ? "closed" : "open");
    buf_puts(b, "</section>\n");
}

void page_wo_public_orders(Req *r)
{
    NodeInfo comp;
    const char *part;
    int64_t after;
    if (!compound_or_reply(r, &comp) || !part_or_reply(r, NULL, &part) ||
        !req_query_int_or_reply(r, "after", 0, 0, INT64_MAX, &after))
        return;
    if (after && !part) {
        reply_error(r, 400, "bad_param", "after", "翻页时请同时给出 part", "after needs part");
        return;
    }
    WoPublicOrder *open = NULL, *closed = NULL;
    int n_open = 0, n_closed = 0;
    int64_t next_open = 0, next_closed = 0;
    if ((!part || strcmp(part, "open") == 0) &&
        !fetch_or_reply(r, &comp, false, part ? after : 0, 50, &open, &n_open, &next_open))
        return;
    if ((!part || strcmp(part, "closed") == 0) &&
        !fetch_or_reply(r, &comp, true, part ? after : 0, 50, &closed, &n_closed, &next_closed))
        return;
    const char *title = arena_printf(r->arena, "%s · 报事公开", comp.name);
    page_begin(r, title);
    Buf *b = &r->out;
    buf_printf(b, "<p class=\"breadcrumb\"><a href=\"/public/compounds/%lld\">%h</a></p>\n<h1>%h</h1>\n", (long long)comp.id,
               comp.name, title);
    buf_puts(b, "<p>本院落正在办理和 30 天内办结的报事，按楼栋列出。为保护隐私，不显示报事人、问题描述和门牌号；"
                "邻里纠纷类报事不公开。</p>\n");
    /* the open orders drawn on the compound's site plan (results/plan_pages.c), counted as this list counts */
    if (!part)
        buf_printf(b,
                   "<figure class=\"site-plan\" id=\"plan\"><img src=\"/plans/%lld.svg\" "
                   "alt=\"%h 平面示意图：各楼正在办理的报事件数，清单见下方\">"
                   "<figcaption>平面示意图：颜色越深，这栋楼正在办理的报事越多</figcaption></figure>\n",
                   (long long)comp.id, comp.name);
    if (!part || strcmp(part, "open") == 0)
        part_html(r, &comp, false, open, n_open, next_open);
    if (!part || strcmp(part, "closed") == 0)
        part_html(r, &comp, true, closed, n_closed, next_closed);
    page_end(r);
}
