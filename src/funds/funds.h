/* funds.h: the compound's money: a double-entry ledger everyone can see,
 * levies, partner income and donations, payment requests with three
 * signatures, the maintenance-fund rules, trust budgets, bank
 * reconciliation and the annual disclosure. Pure rules (no I/O, table-tested
 * in tests/unit/test_ledger.c, test_levy.c, test_approval.c), the ledger
 * model, its errors and its permission questions. No HTTP: the handlers are
 * in funds/web.h. */
#ifndef GZ_FUNDS_H
#define GZ_FUNDS_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "auth/ctx.h"
#include "auth/perm.h"
#include "core/arena.h"
#include "core/todo.h"
#include "store/db.h"

/* ---- pure rules ---------------------------------------------------------- */

/* The most one entry may move, one account may hold (either sign) and one
 * levy may ask in all: 10^15 fen (10 trillion yuan), far beyond any compound. */
#define FUNDS_MONEY_LIMIT INT64_C(1000000000000000)
/* The most a fund's journal may carry in all (the sum of its entries'
 * amounts) and its levies may ask in all: 4·10^18 fen. Every sum the funds
 * take over a fund's lines or charges (a period's debits, a total of
 * balances, which is at most twice the journal) then fits in 64 bits, so
 * SQLite's SUM() never overflows and no figure turns into a float. */
#define FUNDS_FUND_LIMIT INT64_C(4000000000000000000)

/* *acc += v when the result stays within ±limit; otherwise false and *acc
 * unchanged. Every running total of money in C goes through it (limit
 * INT64_MAX: only no overflow). */
bool funds_add(int64_t *acc, int64_t v, int64_t limit);

/* One line of a journal entry: exactly one of debit and credit is > 0. */
typedef struct LedgerLine {
    int64_t account_id;
    int64_t debit, credit;
} LedgerLine;

/* True when the lines form a valid balanced entry: at least two lines, each
 * with exactly one positive side, the debits summing to the credits without
 * overflow; *total (may be NULL) receives that sum. */
bool ledger_balanced(const LedgerLine *lines, int n, int64_t *total);

/* What an entry does to each account it names: debits less credits, one
 * item per distinct account, in ascending account id (the order postings
 * lock rows in, so two of them never wait on each other crosswise).
 * accounts and deltas need room for n; returns the number of items, -1 when
 * a sum overflows (never for a balanced entry). */
int ledger_account_deltas(const LedgerLine *lines, int n, int64_t *accounts, int64_t *deltas);

/* May an entry take an account from before to after? Yes within
 * ±FUNDS_MONEY_LIMIT, and yes when it brings a balance that is beyond
 * closer to zero (an account from before the limit can be mended). */
bool ledger_balance_allowed(int64_t before, int64_t after);

typedef enum { LEVY_PER_AREA, LEVY_PERCENT } LevyRule;

/* A household's levy in fen from its area in 0.01 m², integers only.
 *   per_area: rate fen per m²       -> area·rate / 100, rounded half up
 *   percent:  rate basis points of base fen per m²
 *                                   -> area·base·rate / 1,000,000, rounded half up
 * (5 yuan/m² on 60.25 m²: 6025·500/100 = 30125 fen = 301.25 yuan.)
 * Returns -1 for a non-positive area or rate, a negative base, or a result
 * beyond 10^15 fen. */
int64_t levy_amount(LevyRule rule, int64_t area_centi_m2, int64_t rate, int64_t base);
/* "per_area"/"percent" -> rule; false otherwise. */
bool levy_rule_parse(const char *s, LevyRule *out);

/* The three signatories of a payment, in signing-table order. */
enum { SIGN_SUPERVISOR, SIGN_FINANCE, SIGN_COMMITTEE, SIGN__COUNT };
/* Index of a signatory role, -1 for any other role. */
int payment_signatory(Role role);

typedef struct PaymentSigState {
    bool pending;                       /* status is 'pending' */
    int64_t requester_id;
    int64_t signed_by[SIGN__COUNT];     /* user id that signed as that role, 0 if none */
} PaymentSigState;

typedef enum {
    SIGN_OK,
    SIGN_NOT_PENDING,      /* already rejected, approved or disbursed */
    SIGN_ROLE_NOT_ENTITLED,/* not supervisor, finance or committee */
    SIGN_ROLE_DONE,        /* that role has signed already */
    SIGN_SAME_PERSON,      /* this person signed already as another role */
    SIGN_REQUESTER,        /* the requester may not sign their own request */
} SignCheck;

/* The approval matrix: may user_id sign (approve or reject) as role? */
SignCheck payment_sign_check(const PaymentSigState *s, Role role, int64_t user_id);
/* True when all three roles approved (the only state that may be disbursed). */
bool payment_fully_approved(const PaymentSigState *s);

/* Emergency categories of maintenance-fund spending (paid first, published
 * after): lift_failure, fire_equipment, roof_wall_leak, burst_drain,
 * facade_risk. */
bool funds_emergency_category(const char *category);
/* Every accepted payment category (the emergencies plus works, repair,
 * service, fee, other). */
bool funds_category_valid(const char *category);
const char *funds_category_label_zh(const char *category);

typedef enum { SPEND_OK, SPEND_NEEDS_VOTE, SPEND_VOTE_NOT_PASSED } SpendRule;
/* Maintenance-fund spending: an emergency needs nothing more; anything else
 * needs a linked vote that passed (Art. 278 matter 5). */
SpendRule funds_maintenance_spend_rule(const char *category, bool vote_linked, bool vote_passed);

/* A household is due a top-up when its balance is below 30% of its first
 * deposit: 10·balance < 3·first (never when first is 0). */
bool funds_topup_due(int64_t balance, int64_t first_deposit);

/* Splits amount over weights (e.g. areas) proportionally, integers only:
 * floor shares, then the remaining fen one each to the largest remainders,
 * ties to the lower index. The shares sum to amount exactly. False when n
 * is 0, a weight is negative or all are 0, or amount < 0. */
bool funds_split(int64_t amount, const int64_t *weights, int n, int64_t *out);

/* Parses money as written in a statement ("1234.56", "-50", "+3.5") into
 * fen, no floating point. False for junk or more than two decimals. */
bool funds_parse_money(const char *s, int64_t *fen);

/* Fen written as yuan for residents: thousands separated by commas, two
 * decimals, a minus sign first ("1,234,567.89", "-0.05", "0.00"); every
 * int64_t fits (INT64_MIN included). Returns out. */
#define FUNDS_YUAN_MAX 32
const char *funds_yuan_text(int64_t fen, char out[FUNDS_YUAN_MAX]);

/* Bank reconciliation. A statement line (signed: money in > 0) and a
 * candidate journal entry touching the bank account (signed the same way). */
typedef struct ReconLine { int64_t day, amount; const char *reference; int64_t matched_entry; } ReconLine;
typedef struct ReconEntry { int64_t id, day, amount; const char *reference; bool used; } ReconEntry;
/* Matches each line to at most one entry and each entry to at most one line:
 * first same amount and same non-empty reference, then same amount within
 * 3 days (the closest, then the lower id). Sets matched_entry (0 when none);
 * returns the number matched. */
int funds_reconcile(ReconLine *lines, int n_lines, ReconEntry *entries, int n_entries);

/* Basis documents are checked by content, never by name or label: "%PDF-"
 * -> application/pdf, FF D8 FF -> image/jpeg, the PNG signature ->
 * image/png; NULL for anything else. *ext (may be NULL) gets pdf/jpg/png. */
const char *funds_doc_type(const unsigned char *data, size_t len, const char **ext);
/* The file extension of an accepted document type, NULL otherwise. */
const char *funds_doc_ext(const char *mime);
/* contract, acceptance, invoice, other. */
bool funds_doc_kind_valid(const char *kind);
const char *funds_doc_kind_label_zh(const char *kind);

/* An arena array of n items with room for one more: full at *cap, it is
 * copied into one twice as large (`first` items the first time). Lists grow
 * with it instead of stopping silently at a fixed size. */
void *funds_grow(Arena *a, void *items, int n, int *cap, int first, size_t size);

/* A bank account number as the public sees it: every digit but the last
 * four replaced by '*', spaces kept. Arena memory. */
const char *funds_mask_account(Arena *a, const char *acct);

/* The households a maintenance-fund payment is split over. With the
 * authorising vote's scope node: the vote's own subtree when it lies in the
 * compound (e.g. one building), the whole compound when the vote covers a
 * wider area; NULL when the two do not meet. Paths are "/1/4/9/". */
const char *funds_spend_scope(const char *compound_path, const char *vote_path);
/* True when node_path lies in the subtree of scope_path. */
bool funds_in_scope(const char *scope_path, const char *node_path);

/* ---- the ledger (DB) ------------------------------------------------------ */

/* Why a posting failed. */
typedef enum {
    LEDGER_ERR_NONE,
    LEDGER_ERR_STORAGE,        /* the database failed: not the user's doing */
    LEDGER_ERR_INVALID,        /* not balanced, a bad amount, an account of another fund */
    LEDGER_ERR_NOT_REVERSIBLE, /* no such entry, reversed already, or itself a reversal */
    LEDGER_ERR_BALANCE_LIMIT,  /* an account would end beyond ±FUNDS_MONEY_LIMIT */
    LEDGER_ERR_FUND_LIMIT,     /* the fund's journal would carry more than FUNDS_FUND_LIMIT */
} LedgerError;

/* Posts a balanced entry in the caller's transaction: checks the lines
 * (ledger_balanced, every account belongs to fund_id), moves the cached
 * balances and the fund's posted total (refusing an account pushed beyond
 * the limit, ledger_balance_allowed, or a fund past FUNDS_FUND_LIMIT: read
 * back from the rows it updated, so two postings racing on PostgreSQL cannot
 * both slip through), inserts the entry and its lines, checks at the
 * database that the stored entry balances, and appends an audit event.
 * Returns the entry id, 0 on failure with *why and a reason in err; the
 * caller then rolls its transaction back, as every handler does on an
 * error, which undoes what was written. */
typedef struct LedgerPost {
    int64_t fund_id, actor_id, posted_at;
    const char *memo, *reference, *source_entity;
    int64_t source_id, reverses_id;
    bool is_interest;
    const LedgerLine *lines;
    int n_lines;
} LedgerPost;
int64_t ledger_post(Db *db, const LedgerPost *p, LedgerError *why, char *err, size_t errlen);

/* Posts the reversing entry of entry_id (debits and credits swapped). */
int64_t ledger_reverse(Db *db, int64_t entry_id, int64_t actor_id, const char *memo, LedgerError *why, char *err,
                       size_t errlen);

/* Result of the ledger check: entries whose lines do not balance or do not
 * sum to the entry's amount, accounts whose cached balance differs from the
 * sum of their lines, and funds whose posted total differs from the sum of
 * their entries. */
typedef struct LedgerCheck {
    int64_t entries, lines, unbalanced, balance_mismatch, first_bad_entry, first_bad_account;
    int64_t total_mismatch, first_bad_fund;
} LedgerCheck;
bool ledger_check(Db *db, LedgerCheck *out);

/* The account of a fund with this code, 0 if none. */
int64_t funds_account_by_code(Db *db, int64_t fund_id, const char *code);


/* Adds 学道苑's funds to the demo (called by `gongzhi demo`). */
bool funds_demo(Db *db, uint64_t seed, char *err, size_t errlen);

/* ---- errors ---------------------------------------------------------------- */

/* What went wrong in a model function. funds/messages.c holds THE table from
 * each case to its HTTP status, stable code and sentence (Chinese, English),
 * so a sentence reaches the reply as a literal; tests/unit/test_funds_messages.c
 * checks that every case has its row. */
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
    FM_NOT_A_COMPOUND, /* 这个编号不是院落 */
    FM_BAD_DOC_KIND, /* 文件类别只能是合同、验收记录、发票或其他 */
    FM_FILE_TOO_LARGE, /* 文件太大 */
    FM_BAD_FILE_TYPE, /* 依据文件只能是 PDF、JPEG 或 PNG */
    FM_TOO_MANY_FILES, /* 每笔付款最多30个依据文件 */
    FM_FILE_NOT_STORED, /* 文件保存失败，没有保存任何内容 */
    FM_NO_SUCH_DOCUMENT, /* 找不到这个文件 */
    FM_FILE_MISSING, /* 文件已不在存储中 */
    FM_BAD_YEAR, /* 年度应在2000至2200之间 */
    FM_BAD_BUDGET, /* 预算金额不能为负数 */
    FM_NO_BUDGET_ACCOUNT, /* 没有这个收支科目 */
    FM__COUNT
} FundsMsg;

/* msg names the case, field the input at fault (NULL: none), detail
 * (optional) what a log may add, e.g. the database's message. */
typedef struct FundsErr {
    FundsMsg msg;
    const char *field;
    const char *detail;
} FundsErr;

/* Sets e and returns false: `return funds_err(e, FM_AMOUNT_NOT_POSITIVE, "amount");` */
bool funds_err(FundsErr *e, FundsMsg msg, const char *field);
/* A storage failure: FM_BUSY (503) when the database is busy, else FM_INTERNAL_ERROR (500). */
bool funds_err_db(FundsErr *e, Db *db);
/* A posting that ledger_post refused: 400 unbalanced, 409 not reversible,
 * 409 balance_limit or fund_limit, or the storage failure. */
bool funds_err_ledger(FundsErr *e, Db *db, LedgerError why);
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

/* ---- the model (Ctx) --------------------------------------------------------
 * Each operation works in the caller's transaction (c->db), checks before it
 * writes, audits what it changes, and on a failure fills a FundsErr that the
 * adapters render with the one table in messages.c. No HTTP here. */

typedef struct Fund {
    int64_t id, node_id;
    const char *kind, *name, *bank_name, *bank_account, *node_path, *node_name; /* arena */
} Fund;
/* Loads a fund with its node's path and name into c's arena; false when
 * absent (or on a storage error: *e, when not NULL, tells which). */
bool funds_fund_get(const Ctx *c, int64_t id, Fund *out, FundsErr *e);

/* The fund of kind ("renovation", "maintenance", "trust", "autonomy") of a
 * compound: FM_NO_SUCH_FUND when it has none. */
bool funds_fund_at(const Ctx *c, int64_t node_id, const char *kind, Fund *out, FundsErr *e);
/* Income of kind (e.g. "partner") from counterparty into a fund, summed per
 * facility (the income line the receipt named), ordered by facility; at most
 * FUNDS_INCOME_LINES_MAX lines. Read through fund_income_counterparty. */
#define FUNDS_INCOME_LINES_MAX 32
typedef struct FundsIncomeLine {
    const char *facility;
    int64_t amount, receipts;
} FundsIncomeLine;
bool funds_income_by_line(const Ctx *c, int64_t fund_id, const char *kind, const char *counterparty,
                          FundsIncomeLine **out, int *n, FundsErr *e);

/* A levy's charges still outstanding, with the household's address as the
 * grid has it, ordered by address (bytewise), then household. */
typedef struct LevyArrear { int64_t household_id, area, due, paid; const char *address; } LevyArrear;
bool funds_levy_arrears(const Ctx *c, int64_t levy_id, LevyArrear **out, int *n, FundsErr *e);
/* A levy's charges per building, with the building's name, ordered by name. */
typedef struct LevyBuilding {
    int64_t building_id, households, due, paid, in_arrears;
    const char *name;
} LevyBuilding;
bool funds_levy_buildings(const Ctx *c, int64_t levy_id, LevyBuilding **out, int *n, FundsErr *e);

/* Sets (or replaces) the budget of one income or expense account of a fund
 * for a year (2000..2200; amount 0..10^12 fen). Audited. */
bool funds_budget_set(const Ctx *c, int64_t fund_id, int64_t year, const char *code, int64_t amount, int64_t actor,
                      int64_t *budget_id, FundsErr *e);
/* Records the bank and account number of a fund's bank account. Audited. */
bool funds_fund_set_bank(const Ctx *c, int64_t fund_id, const char *bank_name, const char *bank_account,
                         int64_t actor, FundsErr *e);

/* Creates the standard four funds of a compound with their accounts and one
 * maintenance sub-account per household (idempotent: existing funds are
 * kept). Audited. */
bool funds_setup_compound(const Ctx *c, int64_t compound_id, int64_t actor, FundsErr *e);

/* Records income (subsidy, partner investment, donation, interest, trust
 * income) with its counterparty: debit the bank, credit the income account. */
typedef struct IncomeInput {
    const char *kind, *counterparty, *purpose, *facility, *account_code;
    int64_t amount, revenue_share_bp, term_years, at;
} IncomeInput;
bool funds_income_record(const Ctx *c, int64_t fund_id, const char *fund_kind, int64_t actor, const IncomeInput *in,
                         int64_t *id_out, FundsErr *e);

/* Creates a levy on a maintenance fund and one charge per household with a
 * registered area. */
bool funds_levy_create(const Ctx *c, int64_t fund_id, const char *name, LevyRule rule, int64_t rate, int64_t base,
                       int64_t actor, int64_t *id_out, int *n_charged, FundsErr *e);
/* Records one payment of a household's levy (partial allowed, never more than
 * what is outstanding): a receipt and the entry debit bank, credit the
 * household's sub-account. */
/* *receipt_no (may be NULL) receives the receipt number, in c's arena. */
bool funds_levy_pay(const Ctx *c, int64_t levy_id, int64_t household_id, int64_t amount, const char *method,
                    int64_t paid_at, int64_t actor, int64_t *payment_id, const char **receipt_no, FundsErr *e);

typedef struct PaymentInput {
    int64_t fund_id, requester_id, amount, workorder_id, vote_id;
    const char *payee, *payee_account, *purpose, *category, *project, *account_code;
    const char *const *basis; int n_basis;
} PaymentInput;
bool funds_payment_create(const Ctx *c, const PaymentInput *in, int64_t *id_out, FundsErr *e);
/* Signs as role (approve, or reject with a reason) under the approval matrix. */
bool funds_payment_sign(const Ctx *c, int64_t payment_id, Role role, int64_t user_id, bool approve, const char *reason,
                        FundsErr *e);
/* Disburses a fully approved payment: checks the maintenance-fund vote rule
 * and the bank balance, posts the entry and publishes the payment notice. */
bool funds_payment_disburse(const Ctx *c, int64_t payment_id, int64_t actor, FundsErr *e);
/* The signature state of a payment; 404 when absent. */
bool funds_payment_state(const Ctx *c, int64_t payment_id, PaymentSigState *s, int64_t *fund_id, FundsErr *e);

/* Stores one basis document of a payment (kind contract/acceptance/invoice/
 * other), checked by content and size, on disk by content hash; audited.
 * 400/413/415 for a bad file. */
bool funds_doc_store(const Ctx *c, int64_t payment_id, const char *kind, const char *filename,
                     const unsigned char *data, size_t len, int64_t *doc_id, FundsErr *e);
/* A stored document of a payment: the fund it belongs to, its type and
 * its content hash (c's arena); 404 when the payment has no such document. */
typedef struct PaymentDoc { int64_t fund_id; const char *mime, *hash; } PaymentDoc;
bool funds_doc_find(const Ctx *c, int64_t payment_id, int64_t doc_id, PaymentDoc *out, FundsErr *e);
/* Its bytes, from storage (c's arena); 404 when the file is gone. */
bool funds_doc_bytes(const Ctx *c, const PaymentDoc *d, const unsigned char **data, size_t *len, FundsErr *e);

/* What waits for the principal among the payments, appended to out:
 * payment_sign (待我签字), each pending payment they may sign now as
 * supervisor, finance or committee (funds_signer_rule and the approval
 * matrix: not their own request, not a role already signed, not twice).
 * At most TODO_KIND_MAX items, *capped set when there were more. Pending
 * payments are read fund by fund through the (fund_id, status) index
 * (FUNDS_TODO_PENDING: CROSS JOIN keeps the funds outermost, where SQLite
 * would scan every payment to save the sort; test_todo.c checks its plan). False on a storage error. */
#define FUNDS_TODO_PENDING                                                                              \
    "SELECT p.id, f.node_id, p.amount, p.purpose, p.created_at FROM fund f CROSS JOIN payment p "        \
    "WHERE p.fund_id = f.id AND p.status = 'pending' ORDER BY p.id DESC"
bool funds_todo(const Ctx *c, TodoList *out, bool *capped);

#endif
