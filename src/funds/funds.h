/* funds.h: the compound's money: a double-entry ledger everyone can see,
 * levies, partner income and donations, payment requests with three
 * signatures, the maintenance-fund rules, trust budgets, bank
 * reconciliation and the annual disclosure. Pure rules (no I/O, table-tested
 * in tests/unit/test_ledger.c, test_levy.c, test_approval.c), the ledger
 * model, and the handlers registered in routes.c. */
#ifndef GZ_FUNDS_H
#define GZ_FUNDS_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "auth/perm.h"
#include "http/req.h"
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

/* Creates the standard four funds of a compound with their accounts and one
 * maintenance sub-account per household (idempotent: existing funds are
 * kept). Audited. */
bool funds_setup_compound(Db *db, int64_t compound_id, int64_t actor_id, char *err, size_t errlen);

/* Adds 学道苑's funds to the demo (called by `gongzhi demo`). */
bool funds_demo(Db *db, uint64_t seed, char *err, size_t errlen);

/* ---- handlers (routes.c) ------------------------------------------------- */
void api_funds_list(Req *r);          /* GET  /api/funds?compound=ID */
void api_funds_setup(Req *r);         /* POST /api/funds/setup {compound_id} */
void api_fund_get(Req *r);            /* GET  /api/funds/{id}: accounts and balances */
void api_fund_account_create(Req *r); /* POST /api/funds/{id}/accounts {code, name, type} */
void api_fund_income(Req *r);         /* POST /api/funds/{id}/income: subsidy, partner, donation, interest, trust_income */
void api_fund_budget(Req *r);         /* POST /api/funds/{id}/budget {year, account_code, amount} */
void api_fund_statement(Req *r);      /* GET  /api/funds/{id}/statement?month=YYYY-MM (trust: open to owners) */
void api_fund_disclosure(Req *r);     /* GET  /api/funds/{id}/disclosure?year=&format=json|csv|xlsx */
void api_fund_reconcile(Req *r);      /* POST /api/funds/{id}/reconcile (CSV body) */
void api_fund_households(Req *r);     /* GET  /api/funds/{id}/households: sub-accounts, top-up flags */
void api_household_funds(Req *r);     /* GET  /api/households/{id}/funds: one household's statement */
void api_ledger_entries(Req *r);      /* GET  /api/ledger?fund=ID */
void api_ledger_post(Req *r);         /* POST /api/ledger: a manual balanced entry */
void api_ledger_reverse(Req *r);      /* POST /api/ledger/{id}/reverse */
void api_ledger_check(Req *r);        /* GET  /api/ledger/check */
void api_account_balance(Req *r);     /* GET  /api/ledger/accounts/{id} */
void api_levies_list(Req *r);         /* GET  /api/levies?fund=ID */
void api_levy_create(Req *r);         /* POST /api/levies */
void api_levy_get(Req *r);            /* GET  /api/levies/{id}: charges and arrears per building */
void api_levy_pay(Req *r);            /* POST /api/levies/{id}/payments: a receipt */
void api_payments_list(Req *r);       /* GET  /api/payments?fund=ID */
void api_payment_create(Req *r);      /* POST /api/payments */
void api_payment_get(Req *r);         /* GET  /api/payments/{id} */
void api_payment_approve(Req *r);     /* POST /api/payments/{id}/approve */
void api_payment_reject(Req *r);      /* POST /api/payments/{id}/reject */
void api_payment_disburse(Req *r);    /* POST /api/payments/{id}/disburse */
void api_payment_doc_add(Req *r);     /* POST /api/payments/{id}/documents?kind=&filename= (raw body or multipart "file") */

void page_funds(Req *r);              /* GET  /funds?compound=ID */
void page_fund(Req *r);               /* GET  /funds/{id} */
void page_payment(Req *r);            /* GET  /payments/{id} */
void page_payment_new(Req *r);        /* GET  /funds/{id}/payments/new */
void page_payment_new_post(Req *r);   /* POST /funds/{id}/payments */
void page_payment_action_post(Req *r);/* POST /payments/{id}/{action}: approve, reject, disburse */
void page_household_funds(Req *r);    /* GET  /households/{id}/funds */
void page_fund_disclosure(Req *r);    /* GET  /funds/{id}/disclosure?year= */
void page_fund_statement(Req *r);     /* GET  /funds/{id}/statement?month= */
void page_fund_ledger(Req *r);        /* GET  /funds/{id}/ledger */
void page_levy(Req *r);               /* GET  /levies/{id}: arrears per building */
void page_funds_setup_post(Req *r);   /* POST /funds/setup (form: compound_id) */
void page_fund_account_post(Req *r);  /* POST /funds/{id}/accounts */
void page_fund_income_new(Req *r);    /* GET  /funds/{id}/income/new */
void page_fund_income_post(Req *r);   /* POST /funds/{id}/income */
void page_levy_new(Req *r);           /* GET  /funds/{id}/levies/new?name=&rule=&rate=&base= (with the preview) */
void page_levy_post(Req *r);          /* POST /funds/{id}/levies */
void page_levy_pay_post(Req *r);      /* POST /levies/{id}/payments -> the receipt */
void page_receipt(Req *r);            /* GET  /receipts/{id}: a printable receipt */
void page_fund_budget_post(Req *r);   /* POST /funds/{id}/budget */
void page_fund_reconcile(Req *r);     /* GET  /funds/{id}/reconcile?import=N: matched and unmatched lines */
void page_fund_reconcile_post(Req *r);/* POST /funds/{id}/reconcile (multipart "statement") */
void page_payment_doc_post(Req *r);   /* POST /payments/{id}/documents (multipart "file", "kind") */
void page_payment_doc_get(Req *r);    /* GET  /payments/{id}/documents/{doc}: the file, its own content type */

#endif
