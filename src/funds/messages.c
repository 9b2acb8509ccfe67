/* messages.c: the sentences of the funds' errors, Chinese first, each a
 * literal handed to reply_error (tools/fmtcheck insists). */
#include "funds/web_int.h"

void funds_err_reply(Req *r, const FundsErr *e)
{
    switch (e->msg) {
    case FM_BUSY:
        reply_error(r, e->status, e->code, e->field, "系统繁忙，请稍后再试",
                    "The database is busy, try again");
        return;
    case FM_INTERNAL_ERROR:
        reply_error(r, e->status, e->code, e->field, "系统错误",
                    "Internal error");
        return;
    case FM_UNBALANCED:
        reply_error(r, e->status, e->code, e->field, "分录借贷不平衡或科目无效",
                    "The entry does not balance or names a wrong account");
        return;
    case FM_BAD_INCOME_KIND:
        reply_error(r, e->status, e->code, e->field, "收入类型无效，或信托收入缺少科目",
                    "Unknown income kind, or trust income without an account");
        return;
    case FM_AMOUNT_NOT_POSITIVE:
        reply_error(r, e->status, e->code, e->field, "金额必须大于零",
                    "The amount must be positive");
        return;
    case FM_NO_INCOME_ACCOUNT:
        reply_error(r, e->status, e->code, e->field, "这个资金账户没有这类收入科目",
                    "This fund has no income account of that kind");
        return;
    case FM_NO_SUCH_FUND:
        reply_error(r, e->status, e->code, e->field, "找不到这个资金账户",
                    "No such fund");
        return;
    case FM_LEVY_NOT_MAINTENANCE:
        reply_error(r, e->status, e->code, e->field, "征收只能进入维修资金账户",
                    "Levies go into a maintenance fund");
        return;
    case FM_BAD_RATE:
        reply_error(r, e->status, e->code, e->field, "费率或基数无效",
                    "The rate or base is not valid");
        return;
    case FM_LEVY_OUT_OF_RANGE:
        reply_error(r, e->status, e->code, e->field, "计算结果超出范围",
                    "The levy is out of range");
        return;
    case FM_BAD_METHOD:
        reply_error(r, e->status, e->code, e->field, "付款方式只能是现金或转账",
                    "The method is cash or transfer");
        return;
    case FM_NO_CHARGE:
        reply_error(r, e->status, e->code, e->field, "这一户没有这项征收",
                    "This household has no charge in this levy");
        return;
    case FM_OVERPAID:
        reply_error(r, e->status, e->code, e->field, "金额超过欠缴金额",
                    "The amount is more than what is outstanding");
        return;
    case FM_PAYMENT_AMOUNT_NOT_POSITIVE:
        reply_error(r, e->status, e->code, e->field, "付款金额必须大于零",
                    "The amount must be positive");
        return;
    case FM_UNKNOWN_CATEGORY:
        reply_error(r, e->status, e->code, e->field, "支出类别无效",
                    "Unknown category");
        return;
    case FM_NO_SUCH_EXPENSE_ACCOUNT:
        reply_error(r, e->status, e->code, e->field, "没有这个支出科目",
                    "No such expense account");
        return;
    case FM_VOTE_REQUIRED:
        reply_error(r, e->status, e->code, e->field, "动用维修资金须经业主表决通过（民法典第278条第5项），应急情形除外",
                    "Spending the maintenance fund needs a passed Art. 278 matter-5 vote, except emergencies");
        return;
    case FM_VOTE_NOT_PASSED:
        reply_error(r, e->status, e->code, e->field, "关联的表决未通过或不适用于本院落",
                    "The linked vote has not passed or does not cover this compound");
        return;
    case FM_NO_SUCH_PAYMENT_REQUEST:
        reply_error(r, e->status, e->code, e->field, "找不到这笔付款申请",
                    "No such payment request");
        return;
    case FM_NOT_PENDING:
        reply_error(r, e->status, e->code, e->field, "这笔付款已不在审批中",
                    "This payment is no longer awaiting signatures");
        return;
    case FM_ROLE_NOT_ENTITLED:
        reply_error(r, e->status, e->code, e->field, "只有监理、社区财务和院委会代表可以签字",
                    "Only the supervisor, the finance officer and the committee sign payments");
        return;
    case FM_ALREADY_SIGNED:
        reply_error(r, e->status, e->code, e->field, "这一方已经签过字",
                    "This role has signed already");
        return;
    case FM_SAME_PERSON:
        reply_error(r, e->status, e->code, e->field, "同一个人不能以两个身份签字",
                    "One person cannot sign twice");
        return;
    case FM_REQUESTER_CANNOT_SIGN:
        reply_error(r, e->status, e->code, e->field, "申请人不能审批自己的申请",
                    "The requester cannot sign their own request");
        return;
    case FM_REJECTION_NEEDS_REASON:
        reply_error(r, e->status, e->code, e->field, "驳回必须写明理由",
                    "A rejection needs a reason");
        return;
    case FM_ALREADY_DISBURSED:
        reply_error(r, e->status, e->code, e->field, "这笔付款已经支付",
                    "This payment was disbursed already");
        return;
    case FM_NOT_APPROVED:
        reply_error(r, e->status, e->code, e->field, "三方签字齐全后才能支付",
                    "A payment is disbursed only after all three signatures");
        return;
    case FM_VOTE_NOT_PASSED_AT_DISBURSE:
        reply_error(r, e->status, e->code, e->field, "动用维修资金须经业主表决通过",
                    "Spending the maintenance fund needs a passed Art. 278 matter-5 vote");
        return;
    case FM_INSUFFICIENT_FUNDS:
        reply_error(r, e->status, e->code, e->field, "账户余额不足",
                    "The account does not hold enough money");
        return;
    case FM_NO_HOUSEHOLDS:
        reply_error(r, e->status, e->code, e->field, "没有可分摊的住户分户账",
                    "No household sub-accounts to split the cost over");
        return;
    case FM_NOT_REVERSIBLE:
        reply_error(r, e->status, e->code, e->field, "这笔分录不能冲销：已经冲销过，或本身就是冲销分录",
                    "This entry cannot be reversed: it was reversed already, or is itself a reversal");
        return;
    case FM_BALANCE_LIMIT:
        reply_error(r, e->status, e->code, e->field, "这笔分录会使科目余额超出上限（正负10万亿元），没有记账",
                    "This entry would take an account beyond its limit (10 trillion yuan either way); nothing was posted");
        return;
    case FM_FUND_LIMIT:
        reply_error(r, e->status, e->code, e->field, "这个资金账户的累计金额已到上限（4亿亿元），没有记账",
                    "This fund has reached its limit of 4·10^16 yuan posted or levied in all; nothing was saved");
        return;
    case FM_LEVY_TOTAL_LIMIT:
        reply_error(r, e->status, e->code, e->field, "这项征收各户应缴合计超出上限（10万亿元），请检查费率",
                    "This levy would ask more than 10 trillion yuan in all; check the rate");
        return;
    case FM_LOGIN_NEEDED:
        reply_login_needed(r);
        return;
    case FM_FORBIDDEN:
        reply_forbidden(r);
        return;
    case FM_BAD_ROLE:
        reply_error(r, e->status, e->code, e->field, "身份无效", "Unknown role");
        return;
    case FM_NOT_SIGNATORY:
        reply_error(r, e->status, e->code, e->field, "您不是这笔付款的签字方（监理、社区财务、院委会代表）",
                    "You are not one of this payment's signatories (supervisor, finance, committee)");
        return;
    case FM_NOT_A_COMPOUND:
        reply_error(r, e->status, e->code, e->field, "这个编号不是院落", "This id is not a compound");
        return;
    case FM_BAD_DOC_KIND:
        reply_error(r, e->status, e->code, e->field,
                    "文件类别只能是合同、验收记录、发票或其他（contract/acceptance/invoice/other）",
                    "The kind is contract, acceptance, invoice or other");
        return;
    case FM_FILE_TOO_LARGE:
        reply_error(r, e->status, e->code, e->field, "文件太大", "The file is too large");
        return;
    case FM_BAD_FILE_TYPE:
        reply_error(r, e->status, e->code, e->field, "依据文件只能是 PDF、JPEG 或 PNG",
                    "A basis document must be a PDF, JPEG or PNG file");
        return;
    case FM_TOO_MANY_FILES:
        reply_error(r, e->status, e->code, e->field, "每笔付款最多30个依据文件", "At most 30 documents per payment");
        return;
    case FM_FILE_NOT_STORED:
        reply_error(r, e->status, e->code, e->field, "文件保存失败，没有保存任何内容",
                    "Could not store the file; nothing was saved");
        return;
    case FM_NO_SUCH_DOCUMENT:
        reply_error(r, e->status, e->code, e->field, "找不到这个文件", "No such document");
        return;
    case FM_FILE_MISSING:
        reply_error(r, e->status, e->code, e->field, "文件已不在存储中", "The file is missing from storage");
        return;
    case FM_BAD_YEAR:
        reply_error(r, e->status, e->code, e->field, "年度应在2000至2200之间", "The year must be between 2000 and 2200");
        return;
    case FM_BAD_BUDGET:
        reply_error(r, e->status, e->code, e->field, "预算金额不能为负数", "The budget cannot be negative");
        return;
    case FM_NO_BUDGET_ACCOUNT:
        reply_error(r, e->status, e->code, e->field, "没有这个收支科目", "No such income or expense account");
        return;
    }
    reply_error(r, 500, "internal", NULL, "系统错误", "Internal error");
}
