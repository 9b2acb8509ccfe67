/* poster_pages.c: GET /posters/{compound}.pdf?year=: the notice-board
 * poster of a place (poster.c), public like the dashboard it summarises. */
#include "results/web_int.h"

#include <string.h>

/* The site's own address as the reader's browser reached it: what a phone
 * scanning the poster must open. */
static const char *site_base(Req *r)
{
    const char *host = req_header(r, "host");
    if (!host || !*host || strpbrk(host, " \"<>\\/"))
        return "";
    const char *proto = req_header(r, "x-forwarded-proto");
    return arena_printf(r->arena, "%s://%s", proto && strcmp(proto, "https") == 0 ? "https" : "http", host);
}

/* {id}.pdf -> id; false for anything else */
static bool pdf_id(const char *seg, int64_t *id)
{
    size_t n = seg ? strlen(seg) : 0;
    if (n < 5 || n > 24 || strcmp(seg + n - 4, ".pdf") != 0)
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

void page_poster_pdf(Req *r)
{
    int64_t id;
    Ctx c = site_ctx(r);
    NodeInfo n;
    if (!pdf_id(req_param(r, "file"), &id) || grid_node_find(&c, id, &n) != GRID_OK || !res_scope_kind_ok(n.kind)) {
        res_err_reply(r, &(ResErr){RM_NO_SUCH_NODE, "node", NULL});
        return;
    }
    ResPeriod y;
    if (!res_year_or_reply(r, &y))
        return;
    ResDashboard d;
    ResErr e;
    if (!res_dashboard(&c, &n, &y, &d, &e)) {
        res_err_reply(r, &e);
        return;
    }
    const char *url = arena_printf(r->arena, "%s/dashboard?node=%lld&year=%d", site_base(r), (long long)n.id, y.year);
    if (!res_poster_pdf(&d, url, &r->out)) {
        res_err_reply(r, &(ResErr){RM_INTERNAL, NULL, "cairo"});
        return;
    }
    r->content_type_out = "application/pdf";
    resp_header(r, "Content-Disposition",
                arena_printf(r->arena, "inline; filename=\"poster-%lld-%d.pdf\"", (long long)n.id, y.year));
}
