/* web.h: the funds' handlers, registered in routes.c: the JSON API and the
 * pages. The only public header of the funds that includes http/. */
#ifndef GZ_FUNDS_WEB_H
#define GZ_FUNDS_WEB_H
#include "http/req.h"

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
