/* web_int.h: what the funds' adapters (api*.c, *_api.c, pages.c,
 * *_pages.c, export.c, messages.c) share: the reply of an error, the
 * loaders that answer 404/401/403 themselves, the JSON of a payment, the
 * pieces one page lends another. Inside src/funds/ only. */
#ifndef GZ_FUNDS_WEB_INT_H
#define GZ_FUNDS_WEB_INT_H
#include "funds/funds_int.h"
#include "funds/web.h"
#include "http/jsonin.h"
#include "site/site.h"

/* Replies with e (JSON or page as the route wants), from the table of messages.c. */
void funds_err_reply(Req *r, const FundsErr *e);
/* The row of msg in that table (status, code, sentences); NULL for a value outside FundsMsg. */
const ErrorText *funds_err_text(FundsMsg msg);
/* The HTTP status msg answers (500 for a value outside FundsMsg). */
int funds_err_status(FundsMsg msg);
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

/* funds_fund_get for a request; false when absent. */
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

/* Writes the household's maintenance figures as JSON (sub-accounts, levies,
 * receipts, recent lines). */
bool funds_household_json(Req *r, int64_t household_id, Buf *b);

/* Writes one payment as JSON; bank details masked unless PERM_BANK_DETAILS
 * on node_path. False when absent. */
bool funds_payment_json(Req *r, Buf *b, int64_t id, const char *node_path);

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
/* The ones that read return false on a storage failure (nothing replied yet). */
bool funds_setup_form(Req *r);                            /* on /funds: compounds without funds */
void funds_manage_links(Req *r, const Fund *f);           /* on /funds/{id} */
bool funds_levy_pay_form(Req *r, const Fund *f, int64_t levy); /* on /levies/{id} */
bool funds_budget_form(Req *r, const Fund *f, int year);  /* on /funds/{id}/statement */

#endif
