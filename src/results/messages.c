/* messages.c: THE table of the indicators' errors: each ResMsg to its HTTP
 * status, stable code and sentence (Chinese, English).
 * tests/unit/test_results_rules.c checks that every ResMsg has its row. */
#include "results/web.h"

#include "site/site.h"

static const ErrorText rows[RM__COUNT] = {
    [RM_BUSY] = {503, "busy", "系统繁忙，请稍后再试", "The database is busy, try again"},
    [RM_INTERNAL] = {500, "internal", "系统错误", "Internal error"},
    [RM_LOGIN_NEEDED] = {401, "login_required", "请先登录", "Please sign in first"},
    [RM_FORBIDDEN] = {403, "forbidden", "您没有权限查看或填报这个地方的指标", "You may not see or enter this place's figures"},
    [RM_NO_SUCH_NODE] = {404, "not_found", "找不到这个地方", "No such place"},
    [RM_NOT_A_COMPOUND] = {404, "not_found", "找不到这个院落", "No such compound"},
    [RM_BAD_SCOPE] = {400, "bad_scope", "指标只按街道、社区、网格或院落统计", "Figures are for a street, community, grid or compound"},
    [RM_UNKNOWN_INDICATOR] = {400, "unknown_indicator", "没有这个指标", "No such indicator"},
    [RM_BAD_KIND] = {400, "bad_value", "类型只能是基线（baseline）或目标（target）", "The kind is baseline or target"},
    [RM_BAD_PERIOD] = {400, "bad_period", "统计期应为 年（2026）、季度（2026-Q2）或月份（2026-05）",
                       "The period is a year (2026), a quarter (2026-Q2) or a month (2026-05)"},
    [RM_BAD_DATE] = {400, "bad_value", "日期应为 年-月-日 的有效日期", "The date must be a valid YYYY-MM-DD"},
    [RM_BAD_VALUE] = {400, "bad_value", "数值超出这个指标的范围（比率以千分数计，0-1000）",
                      "The value is outside this indicator's range (rates in per-mille, 0-1000)"},
    [RM_BAD_REPORT] = {404, "not_found", "没有这种台账", "No such ledger"},
};

const ErrorText *res_err_text(ResMsg msg)
{
    if ((int)msg < 0 || msg >= RM__COUNT || !rows[msg].code)
        return NULL;
    return &rows[msg];
}

void res_err_reply(Req *r, const ResErr *e)
{
    reply_error_text(r, res_err_text(e->msg), e->field);
}
