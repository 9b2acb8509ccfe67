/* test_funds_messages.c: funds/messages.c is THE table of the funds model's
 * errors: every FundsMsg has its row (status, stable code, Chinese and
 * English sentence), only storage failures are 5xx, and the rows answer
 * what the API answered when each call site still named its own status and
 * code (one row per case below, pinned). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "funds/web_int.h"

static void every_msg_has_a_row(void **state)
{
    (void)state;
    for (int m = 0; m < FM__COUNT; m++) {
        const ErrorText *t = funds_err_text((FundsMsg)m);
        if (!t || !t->code || !t->zh || !t->en || !t->code[0] || !t->zh[0] || !t->en[0])
            fail_msg("FundsMsg %d has no complete row in funds/messages.c", m);
        bool server = m == FM_BUSY || m == FM_INTERNAL_ERROR || m == FM_FILE_NOT_STORED;
        if (server != (t->status >= 500))
            fail_msg("FundsMsg %d (%s): status %d", m, t->code, t->status);
        if (t->status < 400 || t->status > 599)
            fail_msg("FundsMsg %d (%s): status %d is not an error", m, t->code, t->status);
        assert_int_equal(funds_err_status((FundsMsg)m), t->status);
    }
    assert_null(funds_err_text(FM__COUNT));
    assert_null(funds_err_text((FundsMsg)-1));
    assert_int_equal(funds_err_status(FM__COUNT), 500);
}

static void rows_answer_what_the_api_answered(void **state)
{
    (void)state;
    static const struct {
        FundsMsg msg;
        int status;
        const char *code, *zh;
    } cases[] = {
        {FM_BUSY, 503, "busy", "系统繁忙，请稍后再试"},
        {FM_INTERNAL_ERROR, 500, "internal", "系统错误"},
        {FM_UNBALANCED, 400, "unbalanced", "分录借贷不平衡或科目无效"},
        {FM_BAD_INCOME_KIND, 400, "bad_value", "收入类型无效，或信托收入缺少科目"},
        {FM_AMOUNT_NOT_POSITIVE, 400, "bad_value", "金额必须大于零"},
        {FM_NO_INCOME_ACCOUNT, 400, "bad_value", "这个资金账户没有这类收入科目"},
        {FM_NO_SUCH_FUND, 404, "not_found", "找不到这个资金账户"},
        {FM_LEVY_NOT_MAINTENANCE, 400, "bad_value", "征收只能进入维修资金账户"},
        {FM_BAD_RATE, 400, "bad_value", "费率或基数无效"},
        {FM_LEVY_OUT_OF_RANGE, 400, "bad_value", "计算结果超出范围"},
        {FM_BAD_METHOD, 400, "bad_value", "付款方式只能是现金或转账"},
        {FM_NO_CHARGE, 404, "not_found", "这一户没有这项征收"},
        {FM_OVERPAID, 409, "overpaid", "金额超过欠缴金额"},
        {FM_PAYMENT_AMOUNT_NOT_POSITIVE, 400, "bad_value", "付款金额必须大于零"},
        {FM_UNKNOWN_CATEGORY, 400, "bad_value", "支出类别无效"},
        {FM_NO_SUCH_EXPENSE_ACCOUNT, 400, "bad_value", "没有这个支出科目"},
        {FM_VOTE_REQUIRED, 409, "vote_required", "动用维修资金须经业主表决通过（民法典第278条第5项），应急情形除外"},
        {FM_VOTE_NOT_PASSED, 409, "vote_not_passed", "关联的表决未通过或不适用于本院落"},
        {FM_NO_SUCH_PAYMENT_REQUEST, 404, "not_found", "找不到这笔付款申请"},
        {FM_NOT_PENDING, 409, "not_pending", "这笔付款已不在审批中"},
        {FM_ROLE_NOT_ENTITLED, 403, "role_not_entitled", "只有监理、社区财务和院委会代表可以签字"},
        {FM_ALREADY_SIGNED, 409, "already_signed", "这一方已经签过字"},
        {FM_SAME_PERSON, 409, "same_person", "同一个人不能以两个身份签字"},
        {FM_REQUESTER_CANNOT_SIGN, 409, "requester_cannot_sign", "申请人不能审批自己的申请"},
        {FM_REJECTION_NEEDS_REASON, 400, "missing_field", "驳回必须写明理由"},
        {FM_ALREADY_DISBURSED, 409, "already_disbursed", "这笔付款已经支付"},
        {FM_NOT_APPROVED, 409, "not_approved", "三方签字齐全后才能支付"},
        {FM_VOTE_NOT_PASSED_AT_DISBURSE, 409, "vote_not_passed", "动用维修资金须经业主表决通过"},
        {FM_INSUFFICIENT_FUNDS, 409, "insufficient_funds", "账户余额不足"},
        {FM_NO_HOUSEHOLDS, 409, "no_households", "没有可分摊的住户分户账"},
        {FM_NOT_REVERSIBLE, 409, "conflict", "这笔分录不能冲销：已经冲销过，或本身就是冲销分录"},
        {FM_BALANCE_LIMIT, 409, "balance_limit", "这笔分录会使科目余额超出上限（正负10万亿元），没有记账"},
        {FM_FUND_LIMIT, 409, "fund_limit", "这个资金账户的累计金额已到上限（4亿亿元），没有记账"},
        {FM_LEVY_TOTAL_LIMIT, 400, "bad_value", "这项征收各户应缴合计超出上限（10万亿元），请检查费率"},
        {FM_LOGIN_NEEDED, 401, "login_required", "请先登录"},
        {FM_FORBIDDEN, 403, "forbidden", "您没有权限进行这个操作"},
        {FM_BAD_ROLE, 400, "bad_value", "身份无效"},
        {FM_NOT_SIGNATORY, 403, "role_not_entitled", "您不是这笔付款的签字方（监理、社区财务、院委会代表）"},
        {FM_NOT_A_COMPOUND, 400, "bad_value", "这个编号不是院落"},
        {FM_BAD_DOC_KIND, 400, "bad_value", "文件类别只能是合同、验收记录、发票或其他（contract/acceptance/invoice/other）"},
        {FM_FILE_TOO_LARGE, 413, "too_large", "文件太大"},
        {FM_BAD_FILE_TYPE, 415, "unsupported_media_type", "依据文件只能是 PDF、JPEG 或 PNG"},
        {FM_TOO_MANY_FILES, 400, "too_many_files", "每笔付款最多30个依据文件"},
        {FM_FILE_NOT_STORED, 500, "internal", "文件保存失败，没有保存任何内容"},
        {FM_NO_SUCH_DOCUMENT, 404, "not_found", "找不到这个文件"},
        {FM_FILE_MISSING, 404, "not_found", "文件已不在存储中"},
        {FM_BAD_YEAR, 400, "bad_value", "年度应在2000至2200之间"},
        {FM_BAD_BUDGET, 400, "bad_value", "预算金额不能为负数"},
        {FM_NO_BUDGET_ACCOUNT, 400, "bad_value", "没有这个收支科目"},
    };
    assert_int_equal(sizeof cases / sizeof cases[0], FM__COUNT); /* a new case is pinned here too */
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const ErrorText *t = funds_err_text(cases[i].msg);
        assert_non_null(t);
        assert_int_equal(t->status, cases[i].status);
        assert_string_equal(t->code, cases[i].code);
        assert_string_equal(t->zh, cases[i].zh);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(every_msg_has_a_row),
        cmocka_unit_test(rows_answer_what_the_api_answered),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
