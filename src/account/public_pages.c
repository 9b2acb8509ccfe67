/* public_pages.c: a compound's public page, for anyone with the link
 * (/public/compounds/{id} and /api/public/compounds/{id}): its notices,
 * decisions, funds' disclosures and which kinds of work orders it shows
 * publicly, gathered from the capabilities' public read functions. Nothing
 * personal: notices with their numbers masked, no names, no doors. */
#include "account/web.h"

#include <string.h>

#include "core/clock.h"
#include "funds/web_public.h"
#include "grid/web.h"
#include "site/page.h"
#include "site/site.h"
#include "vote/web_public.h"
#include "workorder/public.h"

/* Notices on one page of the compound's list; decisions shown (the newest). */
#define PUBLIC_NOTICES_PAGE 10
#define PUBLIC_DECISIONS 10

typedef struct PublicCompound {
    NodeInfo comp;
    Notice *notices;
    int n_notices;
    int64_t next_notice;
    Decision *decisions;
    int n_decisions;
    Fund *funds;
    int n_funds;
    WoPublicCategory *cats;
    int n_cats;
} PublicCompound;

static bool load_or_reply(Req *r, PublicCompound *p)
{
    int64_t id, after;
    if (!req_param_id_or_reply(r, "id", &id) || !req_query_int_or_reply(r, "after", 0, 0, INT64_MAX, &after))
        return false;
    if (!grid_node_load(r, id, &p->comp) || p->comp.kind != NODE_COMPOUND) {
        reply_not_found(r);
        return false;
    }
    Ctx c = site_ctx(r);
    bool bad = false;
    if (!vote_public_notices(r, p->comp.path, after, PUBLIC_NOTICES_PAGE, &p->notices, &p->n_notices, &p->next_notice, &bad) ||
        (!bad && (!vote_public_decisions(r, p->comp.path, PUBLIC_DECISIONS, &p->decisions, &p->n_decisions) ||
                  !funds_public_of(r, p->comp.id, &p->funds, &p->n_funds) ||
                  !wo_public_categories(&c, &p->cats, &p->n_cats)))) {
        reply_storage_error(r);
        return false;
    }
    if (bad) {
        reply_error(r, 400, "bad_param", "after", "翻页位置无效，请从第一页重新查看", "The page cursor names no notice of this list");
        return false;
    }
    return true;
}

static const char *day(Req *r, int64_t t)
{
    char s[20];
    clock_format_local(t, s);
    s[10] = '\0';
    return arena_strdup(r->arena, s);
}

void api_public_compound(Req *r)
{
    PublicCompound p;
    if (!load_or_reply(r, &p))
        return;
    resp_json(r);
    Buf *b = &r->out;
    buf_printf(b, "{\"id\":%lld,\"name\":%j,\"notices\":[", (long long)p.comp.id, p.comp.name);
    for (int i = 0; i < p.n_notices; i++)
        buf_printf(b, "%s{\"id\":%lld,\"kind\":%j,\"title\":%j,\"place\":%j,\"published_at\":%lld,\"link\":\"/public/notices/%lld\"}",
                   i ? "," : "", (long long)p.notices[i].id, p.notices[i].kind, p.notices[i].title, p.notices[i].node_name,
                   (long long)p.notices[i].published_at, (long long)p.notices[i].id);
    buf_puts(b, "],\"notices_next\":");
    if (p.next_notice)
        buf_printf(b, "%lld", (long long)p.next_notice);
    else
        buf_puts(b, "null");
    buf_puts(b, ",\"decisions\":[");
    for (int i = 0; i < p.n_decisions; i++)
        buf_printf(b, "%s{\"id\":%lld,\"title\":%j,\"place\":%j,\"link\":\"/public/decisions/%lld\"}", i ? "," : "",
                   (long long)p.decisions[i].id, p.decisions[i].title, p.decisions[i].node_name, (long long)p.decisions[i].id);
    buf_puts(b, "],\"funds\":[");
    for (int i = 0; i < p.n_funds; i++)
        buf_printf(b, "%s{\"id\":%lld,\"kind\":%j,\"name\":%j,\"disclosure\":\"/public/funds/%lld/disclosure\"}", i ? "," : "",
                   (long long)p.funds[i].id, p.funds[i].kind, p.funds[i].name, (long long)p.funds[i].id);
    buf_puts(b, "],\"work_order_categories\":[");
    for (int i = 0, k = 0; i < p.n_cats; i++)
        if (p.cats[i].shown_public)
            buf_printf(b, "%s{\"code\":%j,\"name\":%j}", k++ ? "," : "", p.cats[i].code, p.cats[i].name);
    buf_printf(b, "],\"work_orders\":\"/public/compounds/%lld/orders\"}", (long long)p.comp.id);
}

void page_public_compound(Req *r)
{
    PublicCompound p;
    if (!load_or_reply(r, &p))
        return;
    page_begin(r, arena_printf(r->arena, "%s · 公开信息", p.comp.name));
    Buf *b = &r->out;
    buf_printf(b, "<h1>%h · 公开信息</h1>\n<p>本页面向所有人公开，无需登录。</p>\n", p.comp.name);
    buf_puts(b, "<section id=\"notices\"><h2>公示</h2>\n");
    if (!p.n_notices)
        buf_puts(b, "<p>暂无公示。</p>\n");
    else
        buf_puts(b, "<ul class=\"cards\">\n");
    for (int i = 0; i < p.n_notices; i++)
        buf_printf(b, "<li class=\"card\"><a href=\"/public/notices/%lld\">%h</a><br>%h · %s</li>\n", (long long)p.notices[i].id,
                   p.notices[i].title, p.notices[i].node_name, day(r, p.notices[i].published_at));
    if (p.n_notices)
        buf_puts(b, "</ul>\n");
    if (p.next_notice)
        buf_printf(b, "<p><a class=\"button\" href=\"/public/compounds/%lld?after=%lld#notices\">更多公示</a></p>\n",
                   (long long)p.comp.id, (long long)p.next_notice);
    buf_puts(b, "</section>\n<section id=\"decisions\"><h2>决策</h2>\n");
    if (!p.n_decisions)
        buf_puts(b, "<p>暂无决策。</p>\n");
    for (int i = 0; i < p.n_decisions; i++)
        buf_printf(b, "<p><a href=\"/public/decisions/%lld\">%h</a>（%h）</p>\n", (long long)p.decisions[i].id,
                   p.decisions[i].title, p.decisions[i].node_name);
    buf_puts(b, "</section>\n<section id=\"funds\"><h2>资金公开</h2>\n");
    if (!p.n_funds)
        buf_puts(b, "<p>本院落尚未设立资金账户。</p>\n");
    for (int i = 0; i < p.n_funds; i++)
        buf_printf(b, "<p><a href=\"/public/funds/%lld/disclosure\">%h：年度收支公开</a></p>\n", (long long)p.funds[i].id,
                   p.funds[i].name);
    buf_printf(b,
               "</section>\n<section id=\"orders\"><h2>报事办理</h2>\n"
               "<figure class=\"site-plan\"><a href=\"/public/compounds/%lld/orders\"><img src=\"/plans/%lld.svg\" "
               "alt=\"%h 平面示意图：各楼正在办理的报事件数\"></a></figure>\n"
               "<p><a class=\"button\" href=\"/public/compounds/%lld/orders\">查看正在办理和近期办结的报事</a></p>\n"
               "<p>公开的报事类别：",
               (long long)p.comp.id, (long long)p.comp.id, p.comp.name, (long long)p.comp.id);
    for (int i = 0, k = 0; i < p.n_cats; i++)
        if (p.cats[i].shown_public)
            buf_printf(b, "%s%h", k++ ? "、" : "", p.cats[i].name);
    buf_puts(b, "。邻里纠纷类报事不公开。</p>\n</section>\n");
    page_end(r);
}
