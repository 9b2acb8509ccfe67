/* charts_api.c: GET /api/funds/{id}/monthly and /arrears, the numbers of
 * the fund page's charts (charts.h). */
#include "funds/web_int.h"
#include "funds/web_charts.h"

#include "core/clock.h"
#include "funds/charts.h"
#include "site/site.h"

void api_fund_monthly(Req *r)
{
    int64_t id;
    Fund f;
    if (!req_param_id_or_reply(r, "id", &id) || !funds_fund_allowed_or_reply(r, id, PERM_TREE_READ, &f))
        return;
    Ctx c = site_ctx(r);
    FundsMonth m[FUNDS_CHART_MONTHS];
    FundsErr e;
    if (!funds_monthly(&c, f.id, m, &e)) {
        funds_err_reply(r, &e);
        return;
    }
    resp_json(r);
    buf_printf(&r->out, "{\"fund_id\":%lld,\"months\":[", (long long)f.id);
    for (int i = 0; i < FUNDS_CHART_MONTHS; i++)
        buf_printf(&r->out, "%s{\"month\":\"%04d-%02d\",\"start\":%lld,\"in\":%lld,\"out\":%lld}", i ? "," : "",
                   m[i].yyyymm / 100, m[i].yyyymm % 100, (long long)m[i].start, (long long)m[i].in, (long long)m[i].out);
    buf_puts(&r->out, "]}");
}

void api_fund_arrears(Req *r)
{
    int64_t id;
    Fund f;
    if (!req_param_id_or_reply(r, "id", &id) || !funds_fund_allowed_or_reply(r, id, PERM_FUNDS_READ, &f))
        return;
    Ctx c = site_ctx(r);
    FundsArrears *a;
    int n;
    FundsErr e;
    if (!funds_arrears_by_building(&c, f.id, &a, &n, &e)) {
        funds_err_reply(r, &e);
        return;
    }
    resp_json(r);
    buf_printf(&r->out, "{\"fund_id\":%lld,\"buildings\":[", (long long)f.id);
    for (int i = 0; i < n; i++)
        buf_printf(&r->out, "%s{\"building_id\":%lld,\"name\":%j,\"households\":%lld,\"outstanding\":%lld}", i ? "," : "",
                   (long long)a[i].building_id, a[i].name, (long long)a[i].households, (long long)a[i].outstanding);
    buf_puts(&r->out, "]}");
}
