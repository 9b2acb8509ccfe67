/* funds_int.h: the funds' model operations shared by the API, the pages and
 * the demo (inside src/funds/ only). Each works in the caller's
 * transaction, checks before it writes, audits what it changes, and on a
 * failure fills a FundsErr that the handlers turn into the error reply. */
#ifndef GZ_FUNDS_INT_H
#define GZ_FUNDS_INT_H
#include "funds/funds.h"

typedef struct FundsErr {
    int status;            /* 4xx for a user's mistake, 500 for storage */
    const char *code;      /* stable snake_case code */
    const char *field;     /* or NULL */
    const char *zh, *en;
} FundsErr;

/* Sets e and returns false: `return funds_err(e, 400, "bad_value", "amount", "…", "…");` */
bool funds_err(FundsErr *e, int status, const char *code, const char *field, const char *zh, const char *en);
/* A storage failure (500, or 503 when the database is busy). */
bool funds_err_db(FundsErr *e, Db *db);
/* Replies with e (JSON or page as the route wants). */
void funds_err_reply(Req *r, const FundsErr *e);

typedef struct Fund {
    int64_t id, node_id;
    const char *kind, *name, *bank_name, *bank_account, *node_path, *node_name; /* arena */
} Fund;
/* Loads a fund with its node's path; false when absent. */
bool funds_fund_load(Req *r, int64_t id, Fund *out);
/* Loads a fund and checks perm on its node; replies 404/401/403 itself. */
bool funds_fund_allowed_or_reply(Req *r, int64_t id, Perm perm, Fund *out);
const char *funds_kind_label(Req *r, const char *kind);

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
bool funds_levy_pay(Db *db, int64_t levy_id, int64_t household_id, int64_t amount, const char *method,
                    int64_t paid_at, int64_t actor, int64_t *payment_id, const char **receipt_no, FundsErr *e);

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

#endif
