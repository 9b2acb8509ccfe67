/* funds_int.h: the funds' model operations shared by the API, the pages and
 * the demo (inside src/funds/ only). Each works in the caller's
 * transaction, checks before it writes, audits what it changes, and on a
 * failure fills a FundsErr that the handlers turn into the error reply. */
#ifndef GZ_FUNDS_INT_H
#define GZ_FUNDS_INT_H
#include "auth/ctx.h"
#include "funds/funds.h"
#include "http/jsonin.h"

/* The sentence of an error, in Chinese and English (messages.c): an id, so
 * that every message reaches reply_error as a literal. */
typedef enum {
    FM_BUSY, /* 系统繁忙，请稍后再试 */
    FM_INTERNAL_ERROR, /* 系统错误 */
    FM_UNBALANCED, /* 分录借贷不平衡或科目无效 */
    FM_BAD_INCOME_KIND, /* 收入类型无效，或信托收入缺少科目 */
    FM_AMOUNT_NOT_POSITIVE, /* 金额必须大于零 */
    FM_NO_INCOME_ACCOUNT, /* 这个资金账户没有这类收入科目 */
    FM_NO_SUCH_FUND, /* 找不到这个资金账户 */
    FM_LEVY_NOT_MAINTENANCE, /* 征收只能进入维修资金账户 */
    FM_BAD_RATE, /* 费率或基数无效 */
    FM_LEVY_OUT_OF_RANGE, /* 计算结果超出范围 */
    FM_BAD_METHOD, /* 付款方式只能是现金或转账 */
    FM_NO_CHARGE, /* 这一户没有这项征收 */
    FM_OVERPAID, /* 金额超过欠缴金额 */
    FM_PAYMENT_AMOUNT_NOT_POSITIVE, /* 付款金额必须大于零 */
    FM_UNKNOWN_CATEGORY, /* 支出类别无效 */
    FM_NO_SUCH_EXPENSE_ACCOUNT, /* 没有这个支出科目 */
    FM_VOTE_REQUIRED, /* 动用维修资金须经业主表决通过（民法典第278条第5项），应急情形除外 */
    FM_VOTE_NOT_PASSED, /* 关联的表决未通过或不适用于本院落 */
    FM_NO_SUCH_PAYMENT_REQUEST, /* 找不到这笔付款申请 */
    FM_NOT_PENDING, /* 这笔付款已不在审批中 */
    FM_ROLE_NOT_ENTITLED, /* 只有监理、社区财务和院委会代表可以签字 */
    FM_ALREADY_SIGNED, /* 这一方已经签过字 */
    FM_SAME_PERSON, /* 同一个人不能以两个身份签字 */
    FM_REQUESTER_CANNOT_SIGN, /* 申请人不能审批自己的申请 */
    FM_REJECTION_NEEDS_REASON, /* 驳回必须写明理由 */
    FM_ALREADY_DISBURSED, /* 这笔付款已经支付 */
    FM_NOT_APPROVED, /* 三方签字齐全后才能支付 */
    FM_VOTE_NOT_PASSED_AT_DISBURSE, /* 动用维修资金须经业主表决通过 */
    FM_INSUFFICIENT_FUNDS, /* 账户余额不足 */
    FM_NO_HOUSEHOLDS, /* 没有可分摊的住户分户账 */
    FM_NOT_REVERSIBLE, /* 这笔分录不能冲销：已经冲销过，或本身就是冲销分录 */
    FM_BALANCE_LIMIT, /* 这笔分录会使科目余额超出上限（正负10万亿元），没有记账 */
    FM_FUND_LIMIT, /* 这个资金账户的累计金额已到上限（4亿亿元），没有记账 */
    FM_LEVY_TOTAL_LIMIT, /* 这项征收各户应缴合计超出上限（10万亿元），请检查费率 */
    FM_LOGIN_NEEDED, /* the site's own 401 (reply_login_needed) */
    FM_FORBIDDEN, /* the site's own 403 (reply_forbidden) */
    FM_BAD_ROLE, /* 身份无效 */
    FM_NOT_SIGNATORY, /* 您不是这笔付款的签字方（监理、社区财务、院委会代表） */
} FundsMsg;

typedef struct FundsErr {
    int status;            /* 4xx for a user's mistake, 500 for storage */
    const char *code;      /* stable snake_case code */
    const char *field;     /* or NULL */
    FundsMsg msg;
} FundsErr;

/* Sets e and returns false: `return funds_err(e, 400, "bad_value", "amount", FM_AMOUNT_NOT_POSITIVE);` */
bool funds_err(FundsErr *e, int status, const char *code, const char *field, FundsMsg msg);
/* A storage failure (500, or 503 when the database is busy). */
bool funds_err_db(FundsErr *e, Db *db);
/* A posting that ledger_post refused: 400 unbalanced, 409 not reversible,
 * 409 balance_limit or fund_limit, or the storage failure. */
bool funds_err_ledger(FundsErr *e, Db *db, LedgerError why);
/* Replies with e (JSON or page as the route wants). */
void funds_err_reply(Req *r, const FundsErr *e);
/* The signed-in user's id for created_by columns and audit events; 0 when nobody is signed in. */
static inline int64_t funds_actor(const Req *r)
{
    return r->who ? r->who->user_id : 0;
}
/* The reply to a storage failure: funds_err_db, then funds_err_reply (api.c). */
void funds_db_error_reply(Req *r);
/* Sets up the funds of the compound compound_id (404 when it is none, 403 without PERM_FUNDS_MANAGE
 * there); replies itself on a failure (api.c). */
bool funds_compound_setup_or_reply(Req *r, int64_t compound_id);

/* ---- permission (perm.c) -------------------------------------------------
 * Each question of the funds has one answer, here; the API, the pages and
 * the exports all ask it. A false answer fills e (when not NULL) with 401
 * for nobody signed in, 403 otherwise. */

/* What a permission question needs to know of a payment. */
typedef struct PaymentBrief {
    int64_t id, fund_id, requester_id;
    const char *status;    /* pending, approved, disbursed, rejected (arena) */
    const char *fund_path; /* the fund's node path (arena) */
    PaymentSigState sig;   /* who signed as which role */
} PaymentBrief;
/* Reads the brief of a payment in c's transaction; 404 when absent. */
bool funds_payment_brief(const Ctx *c, int64_t payment_id, PaymentBrief *out, FundsErr *e);

/* The pure rule behind signing: which signatory role who signs as on a
 * fund at fund_path, given the signatures so far. asked ROLE__COUNT: the
 * first role they hold there whose signature is still missing, else the
 * first they hold (the approval matrix then names what is wrong). */
typedef enum {
    SIGNER_OK,
    SIGNER_NONE,         /* no supervisor, finance or committee grant reaching the fund */
    SIGNER_NOT_THAT_ROLE,/* signatory there, but not in the role asked for */
} SignerRule;
SignerRule funds_signer_rule(const Principal *who, const char *fund_path, const PaymentSigState *s, Role asked,
                             Role *as);

/* May the principal sign (approve or reject) payments of p's fund at all? */
bool funds_may_sign(const Ctx *c, const PaymentBrief *p, FundsErr *e);
/* The role the principal signs p as: asked by name (NULL: chosen by
 * funds_signer_rule); 400 for an unknown role, 403 role_not_entitled when
 * they do not sign in that role. Asks funds_may_sign first. */
bool funds_sign_as(const Ctx *c, const PaymentBrief *p, const char *asked, Role *as, FundsErr *e);
/* May the principal disburse p (finance: PERM_FUNDS_MANAGE on the fund)? */
bool funds_may_disburse(const Ctx *c, const PaymentBrief *p, FundsErr *e);
/* May the principal add basis documents to p? Its requester while they may
 * still request on the fund, or finance. (Whether p is still open is the
 * model's question, not a permission.) */
bool funds_may_add_docs(const Ctx *c, const PaymentBrief *p, FundsErr *e);
/* The fund-wide questions, on the fund's node path. */
bool funds_may_see_ledger(const Ctx *c, const char *fund_path, FundsErr *e); /* the detailed ledger, levies */
bool funds_may_manage(const Ctx *c, const char *fund_path, FundsErr *e);     /* finance's tools */
bool funds_may_request(const Ctx *c, const char *fund_path, FundsErr *e);    /* request a payment */
bool funds_may_see_bank(const Ctx *c, const char *fund_path);               /* full bank account numbers */
/* A household's own sub-account, statement and receipts: the household
 * itself (its register right on household_path) or the fund's readers. */
bool funds_may_see_household(const Ctx *c, const char *household_path, const char *fund_path, FundsErr *e);

typedef struct Fund {
    int64_t id, node_id;
    const char *kind, *name, *bank_name, *bank_account, *node_path, *node_name; /* arena */
} Fund;
/* Loads a fund with its node's path; false when absent. */
bool funds_fund_load(Req *r, int64_t id, Fund *out);
/* Loads a fund and checks perm on its node; replies 404/401/403 itself. */
bool funds_fund_allowed_or_reply(Req *r, int64_t id, Perm perm, Fund *out);
/* The fund named by a request body's fund_id: as funds_fund_allowed_or_reply,
 * but a fund the caller may not see (PERM_TREE_READ on its node) gets the
 * same 404 as one that does not exist, naming the field. */
bool funds_fund_ref_or_reply(Req *r, int64_t id, Perm perm, Fund *out);
/* The request's JSON object body checked against spec into v; replies 400/415 itself (api.c). */
bool funds_json_fields_or_reply(Req *r, const JsonField *spec, JsonValue *v);
/* The levy named by the path's "id" (into *id) and its fund, perm checked on the fund's node;
 * replies 404 (no such levy) / 401 / 403 itself (payments_api.c). */
bool funds_levy_allowed_or_reply(Req *r, Perm perm, int64_t *id, Fund *f);
const char *funds_kind_label(Req *r, const char *kind);
/* A bank account number as the public sees it: every digit but the last
 * four replaced by '*', spaces kept. Arena memory. */
const char *funds_mask_account(Arena *a, const char *acct);

/* Records income (subsidy, partner investment, donation, interest, trust
 * income) with its counterparty: debit the bank, credit the income account. */
typedef struct IncomeInput {
    const char *kind, *counterparty, *purpose, *facility, *account_code;
    int64_t amount, revenue_share_bp, term_years, at;
} IncomeInput;
bool funds_income_record(Db *db, int64_t fund_id, const char *fund_kind, int64_t actor, const IncomeInput *in,
                         int64_t *id_out, FundsErr *e);

/* Creates a levy on a maintenance fund and one charge per household with a
 * registered area. */
bool funds_levy_create(Db *db, int64_t fund_id, const char *name, LevyRule rule, int64_t rate, int64_t base,
                       int64_t actor, int64_t *id_out, int *n_charged, FundsErr *e);
/* Records one payment of a household's levy (partial allowed, never more than
 * what is outstanding): a receipt and the entry debit bank, credit the
 * household's sub-account. */
#define FUNDS_RECEIPT_LEN 40
/* receipt_no (NULL or FUNDS_RECEIPT_LEN bytes) receives the receipt number. */
bool funds_levy_pay(Db *db, int64_t levy_id, int64_t household_id, int64_t amount, const char *method,
                    int64_t paid_at, int64_t actor, int64_t *payment_id, char *receipt_no, FundsErr *e);

typedef struct PaymentInput {
    int64_t fund_id, requester_id, amount, workorder_id, vote_id;
    const char *payee, *payee_account, *purpose, *category, *project, *account_code;
    const char *const *basis; int n_basis;
} PaymentInput;
bool funds_payment_create(Db *db, const PaymentInput *in, int64_t *id_out, FundsErr *e);
/* Signs as role (approve, or reject with a reason) under the approval matrix. */
bool funds_payment_sign(Db *db, int64_t payment_id, Role role, int64_t user_id, bool approve, const char *reason,
                        FundsErr *e);
/* Disburses a fully approved payment: checks the maintenance-fund vote rule
 * and the bank balance, posts the entry and publishes the payment notice. */
bool funds_payment_disburse(Db *db, int64_t payment_id, int64_t actor, FundsErr *e);
/* The signature state of a payment; false when absent. */
bool funds_payment_state(Db *db, int64_t payment_id, PaymentSigState *s, int64_t *fund_id);

/* Writes the household's maintenance figures as JSON (sub-accounts, levies,
 * receipts, recent lines). */
bool funds_household_json(Req *r, int64_t household_id, Buf *b);

/* Writes one payment as JSON; bank details masked unless PERM_BANK_DETAILS
 * on node_path. False when absent. */
bool funds_payment_json(Req *r, Buf *b, int64_t id, const char *node_path);

/* Stores one basis document of a payment (kind contract/acceptance/invoice/
 * other), checked by content and size, on disk by content hash; audited.
 * Replies 400/413/415 itself and returns false. */
bool funds_doc_store(Req *r, int64_t payment_id, const char *kind, const char *filename, const unsigned char *data,
                     size_t len, int64_t *doc_id);
/* The payment's documents as a JSON array (id, kind, filename, mime, size, url). */
bool funds_docs_json(Req *r, Buf *b, int64_t payment_id);

/* The validations and writes behind the API and the pages alike (each
 * replies its own 4xx and returns false; audited). */
bool funds_account_add_or_reply(Req *r, const Fund *f, const char *code, const char *name, const char *type,
                                int64_t *account_id);
bool funds_budget_set_or_reply(Req *r, const Fund *f, int64_t year, const char *code, int64_t amount, int64_t *budget_id);
/* Imports a bank statement CSV (header date,amount,reference,description or
 * 日期,金额,参考号,摘要) and matches it; 400 bad_csv with the line otherwise. */
bool funds_reconcile_import_or_reply(Req *r, const Fund *f, const char *body, size_t len, int64_t *import_id);

/* Pieces of the finance staff's tools that other pages show (manage_pages.c);
 * each writes nothing unless the user holds PERM_FUNDS_MANAGE there. */
void funds_setup_form(Req *r);                            /* on /funds: compounds without funds */
void funds_manage_links(Req *r, const Fund *f);           /* on /funds/{id} */
void funds_levy_pay_form(Req *r, const Fund *f, int64_t levy); /* on /levies/{id} */
void funds_budget_form(Req *r, const Fund *f, int year);  /* on /funds/{id}/statement */

/* Joins, to a household h, the flat whose area its sub-account is charged
 * for: its flat's one area (the area votes count too), once per flat.
 * Several households may live at one door; the flat's first household
 * carries its area, the others are charged nothing for it. A macro of
 * literals, so the SQL using it stays a literal (tools/fmtcheck.c). */
#define FUNDS_CHARGED_FLAT                                                       \
    " JOIN flat f ON f.id = h.flat_id AND h.node_id = "                          \
    "(SELECT MIN(x.node_id) FROM household x WHERE x.flat_id = h.flat_id) "

#endif
