/* messages.c: THE table of the funds' errors: each FundsMsg of the model
 * to its HTTP status, stable code and sentence (Chinese, English). The
 * statuses, codes and sentences are the ones the API has always answered
 * (tests/api pin them); tests/unit/test_funds_messages.c checks that every
 * FundsMsg has its row. Rows are literals, so no user text ever becomes a
 * message. */
#include "funds/web_int.h"

static const ErrorText rows[FM__COUNT] = {
    [FM_BUSY] = {503, "busy", "系统繁忙，请稍后再试", "The database is busy, try again"},
    [FM_INTERNAL_ERROR] = {500, "internal", "系统错误", "Internal error"},
    [FM_UNBALANCED] = {400, "unbalanced", "分录借贷不平衡或科目无效", "The entry does not balance or names a wrong account"},
    [FM_BAD_INCOME_KIND] = {400, "bad_value", "收入类型无效，或信托收入缺少科目",
                            "Unknown income kind, or trust income without an account"},
    [FM_AMOUNT_NOT_POSITIVE] = {400, "bad_value", "金额必须大于零", "The amount must be positive"},
    [FM_NO_INCOME_ACCOUNT] = {400, "bad_value", "这个资金账户没有这类收入科目", "This fund has no income account of that kind"},
    [FM_NO_SUCH_FUND] = {404, "not_found", "找不到这个资金账户", "No such fund"},
    [FM_LEVY_NOT_MAINTENANCE] = {400, "bad_value", "征收只能进入维修资金账户", "Levies go into a maintenance fund"},
    [FM_BAD_RATE] = {400, "bad_value", "费率或基数无效", "The rate or base is not valid"},
    [FM_LEVY_OUT_OF_RANGE] = {400, "bad_value", "计算结果超出范围", "The levy is out of range"},
    [FM_BAD_METHOD] = {400, "bad_value", "付款方式只能是现金或转账", "The method is cash or transfer"},
    [FM_NO_CHARGE] = {404, "not_found", "这一户没有这项征收", "This household has no charge in this levy"},
    [FM_OVERPAID] = {409, "overpaid", "金额超过欠缴金额", "The amount is more than what is outstanding"},
    [FM_PAYMENT_AMOUNT_NOT_POSITIVE] = {400, "bad_value", "付款金额必须大于零", "The amount must be positive"},
    [FM_UNKNOWN_CATEGORY] = {400, "bad_value", "支出类别无效", "Unknown category"},
    [FM_NO_SUCH_EXPENSE_ACCOUNT] = {400, "bad_value", "没有这个支出科目", "No such expense account"},
    [FM_VOTE_REQUIRED] = {409, "vote_required", "动用维修资金须经业主表决通过（民法典第278条第5项），应急情形除外",
                          "Spending the maintenance fund needs a passed Art. 278 matter-5 vote, except emergencies"},
    [FM_VOTE_NOT_PASSED] = {409, "vote_not_passed", "关联的表决未通过或不适用于本院落",
                            "The linked vote has not passed or does not cover this compound"},
    [FM_NO_SUCH_PAYMENT_REQUEST] = {404, "not_found", "找不到这笔付款申请", "No such payment request"},
    [FM_NOT_PENDING] = {409, "not_pending", "这笔付款已不在审批中", "This payment is no longer awaiting signatures"},
    [FM_ROLE_NOT_ENTITLED] = {403, "role_not_entitled", "只有监理、社区财务和院委会代表可以签字",
                              "Only the supervisor, the finance officer and the committee sign payments"},
    [FM_ALREADY_SIGNED] = {409, "already_signed", "这一方已经签过字", "This role has signed already"},
    [FM_SAME_PERSON] = {409, "same_person", "同一个人不能以两个身份签字", "One person cannot sign twice"},
    [FM_REQUESTER_CANNOT_SIGN] = {409, "requester_cannot_sign", "申请人不能审批自己的申请",
                                  "The requester cannot sign their own request"},
    [FM_REJECTION_NEEDS_REASON] = {400, "missing_field", "驳回必须写明理由", "A rejection needs a reason"},
    [FM_ALREADY_DISBURSED] = {409, "already_disbursed", "这笔付款已经支付", "This payment was disbursed already"},
    [FM_NOT_APPROVED] = {409, "not_approved", "三方签字齐全后才能支付", "A payment is disbursed only after all three signatures"},
    [FM_VOTE_NOT_PASSED_AT_DISBURSE] = {409, "vote_not_passed", "动用维修资金须经业主表决通过",
                                        "Spending the maintenance fund needs a passed Art. 278 matter-5 vote"},
    [FM_INSUFFICIENT_FUNDS] = {409, "insufficient_funds", "账户余额不足", "The account does not hold enough money"},
    [FM_NO_HOUSEHOLDS] = {409, "no_households", "没有可分摊的住户分户账", "No household sub-accounts to split the cost over"},
    [FM_NOT_REVERSIBLE] = {409, "conflict", "这笔分录不能冲销：已经冲销过，或本身就是冲销分录",
                           "This entry cannot be reversed: it was reversed already, or is itself a reversal"},
    [FM_BALANCE_LIMIT] = {409, "balance_limit", "这笔分录会使科目余额超出上限（正负10万亿元），没有记账",
                          "This entry would take an account beyond its limit (10 trillion yuan either way); nothing was posted"},
    [FM_FUND_LIMIT] = {409, "fund_limit", "这个资金账户的累计金额已到上限（4亿亿元），没有记账",
                       "This fund has reached its limit of 4·10^16 yuan posted or levied in all; nothing was saved"},
    [FM_LEVY_TOTAL_LIMIT] = {400, "bad_value", "这项征收各户应缴合计超出上限（10万亿元），请检查费率",
                             "This levy would ask more than 10 trillion yuan in all; check the rate"},
    [FM_LOGIN_NEEDED] = {401, "login_required", "请先登录", "Please sign in first"},
    [FM_FORBIDDEN] = {403, "forbidden", "您没有权限进行这个操作", "You are not allowed to do this"},
    [FM_BAD_ROLE] = {400, "bad_value", "身份无效", "Unknown role"},
    [FM_NOT_SIGNATORY] = {403, "role_not_entitled", "您不是这笔付款的签字方（监理、社区财务、院委会代表）",
                          "You are not one of this payment's signatories (supervisor, finance, committee)"},
    [FM_NOT_A_COMPOUND] = {400, "bad_value", "这个编号不是院落", "This id is not a compound"},
    [FM_BAD_DOC_KIND] = {400, "bad_value", "文件类别只能是合同、验收记录、发票或其他（contract/acceptance/invoice/other）",
                         "The kind is contract, acceptance, invoice or other"},
    [FM_FILE_TOO_LARGE] = {413, "too_large", "文件太大", "The file is too large"},
    [FM_BAD_FILE_TYPE] = {415, "unsupported_media_type", "依据文件只能是 PDF、JPEG 或 PNG",
                          "A basis document must be a PDF, JPEG or PNG file"},
    [FM_TOO_MANY_FILES] = {400, "too_many_files", "每笔付款最多30个依据文件", "At most 30 documents per payment"},
    [FM_FILE_NOT_STORED] = {500, "internal", "文件保存失败，没有保存任何内容", "Could not store the file; nothing was saved"},
    [FM_NO_SUCH_DOCUMENT] = {404, "not_found", "找不到这个文件", "No such document"},
    [FM_FILE_MISSING] = {404, "not_found", "文件已不在存储中", "The file is missing from storage"},
    [FM_BAD_YEAR] = {400, "bad_value", "年度应在2000至2200之间", "The year must be between 2000 and 2200"},
    [FM_BAD_BUDGET] = {400, "bad_value", "预算金额不能为负数", "The budget cannot be negative"},
    [FM_NO_BUDGET_ACCOUNT] = {400, "bad_value", "没有这个收支科目", "No such income or expense account"},
};

const ErrorText *funds_err_text(FundsMsg msg)
{
    if ((int)msg < 0 || msg >= FM__COUNT || !rows[msg].code)
        return NULL;
    return &rows[msg];
}

int funds_err_status(FundsMsg msg)
{
    const ErrorText *t = funds_err_text(msg);
    return t ? t->status : 500;
}

void funds_err_reply(Req *r, const FundsErr *e)
{
    /* the site's own replies: a page's sign-in redirect, the common 403 */
    if (e->msg == FM_LOGIN_NEEDED) {
        reply_login_needed(r);
        return;
    }
    if (e->msg == FM_FORBIDDEN) {
        reply_forbidden(r);
        return;
    }
    reply_error_text(r, funds_err_text(e->msg), e->field);
}
