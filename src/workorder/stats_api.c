/* stats_api.c: GET /api/workorders/stats, the numbers of the 统计 page's
 * charts (stats.h), for the same place the page shows. */
#include "workorder/web_int.h"
#include "workorder/web_stats.h"

#include "grid/web.h"
#include "site/site.h"
#include "workorder/stats.h"

bool wo_stats_scope_or_reply(Req *r, NodeInfo *n)
{
    if (!auth_require_or_reply(r, PERM_WO_READ, NULL))
        return false;
    int64_t nid;
    if (!req_query_int_or_reply(r, "node", 0, 0, INT64_MAX, &nid))
        return false;
    for (int i = 0; !nid && r->who && i < r->who->n_grants; i++)
        if (role_has(r->who->grants[i].role, PERM_WO_READ))
            nid = r->who->grants[i].node_id;
    return grid_node_load_allowed_or_reply(r, nid, PERM_WO_READ, n);
}

void api_wo_stats(Req *r)
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
    resp_json(r);
    Buf *b = &r->out;
    buf_printf(b, "{\"node_id\":%lld,\"node_name\":%j,\"from\":%lld,\"to\":%lld,\"buckets\":[", (long long)n.id, n.name,
               (long long)s.from, (long long)s.to);
    for (int k = 0; k < WO_SB_N; k++)
        buf_printf(b, "%s%j", k ? "," : "", wo_stat_bucket_zh(k));
    buf_puts(b, "],\"weeks\":[");
    for (int w = 0; w < WO_STATS_WEEKS; w++) {
        const WoStatsWeek *wk = &s.weeks[w];
        int64_t total = 0;
        buf_printf(b, "%s{\"start\":%lld,\"counts\":[", w ? "," : "", (long long)wk->start);
        for (int k = 0; k < WO_SB_N; k++) {
            buf_printf(b, "%s%lld", k ? "," : "", (long long)wk->n[k]);
            total += wk->n[k];
        }
        buf_printf(b, "],\"total\":%lld}", (long long)total);
    }
    buf_puts(b, "],\"grids\":[");
    for (int i = 0; i < s.n_grids; i++) {
        const WoStatsGrid *g = &s.grids[i];
        buf_printf(b, "%s{\"grid_id\":%lld,\"name\":%j,\"orders\":%lld,\"resolved\":%lld,\"on_time\":%lld,", i ? "," : "",
                   (long long)g->grid_id, g->name, (long long)g->orders, (long long)g->resolved, (long long)g->on_time);
        if (g->has_rate)
            buf_printf(b, "\"on_time_permille\":%lld,", (long long)g->on_time_permille);
        else
            buf_puts(b, "\"on_time_permille\":null,");
        if (g->has_median)
            buf_printf(b, "\"median_resolve_minutes\":%lld}", (long long)g->median_minutes);
        else
            buf_puts(b, "\"median_resolve_minutes\":null}");
    }
    buf_puts(b, "]}");
}
