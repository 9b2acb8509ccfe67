/* perm.c: the funds' permission questions, one function each (may this
 * person sign this payment? disburse it? add its documents? see the
 * ledger?). Each is a pure rule over the principal's grants and the
 * object's facts (tests/unit/test_funds_perm.c has one row per role and
 * place); the API, the pages and the exports all ask here, so the buttons a
 * page shows and what the API accepts cannot drift apart. */
#include <stddef.h>

#include "funds/funds_int.h"

/* The answer "no": 401 for nobody signed in, else 403. */
static bool denied(const Ctx *c, FundsErr *e)
{
    if (!e)
        return false;
    if (!c->who)
        return funds_err(e, FM_LOGIN_NEEDED, NULL);
    return funds_err(e, FM_FORBIDDEN, NULL);
}

static bool allowed(const Ctx *c, Perm perm, const char *path, FundsErr *e)
{
    return perm_allows(c->who, perm, path) || denied(c, e);
}

SignerRule funds_signer_rule(const Principal *who, const char *fund_path, const PaymentSigState *s, Role asked,
                             Role *as)
{
    bool any = false;
    for (int i = 0; who && i < who->n_grants; i++) {
        /* each grant on its own: the role a person signs as must itself reach the fund */
        Grant g = who->grants[i];
        Principal one = *who;
        one.n_grants = 1;
        one.grants = &g;
        int k = payment_signatory(g.role);
        if (k < 0 || !perm_allows(&one, PERM_PAYMENT_APPROVE, fund_path))
            continue;
        if (asked != ROLE__COUNT ? g.role == asked : !s->signed_by[k]) {
            *as = g.role;
            return SIGNER_OK;
        }
        if (!any)
            *as = g.role;
        any = true;
    }
    if (!any)
        return SIGNER_NONE;
    /* every role they hold signed already: the approval matrix names it */
    return asked == ROLE__COUNT ? SIGNER_OK : SIGNER_NOT_THAT_ROLE;
}

bool funds_may_sign(const Ctx *c, const PaymentBrief *p, FundsErr *e)
{
    Role as;
    return funds_signer_rule(c->who, p->fund_path, &p->sig, ROLE__COUNT, &as) == SIGNER_OK || denied(c, e);
}

bool funds_sign_as(const Ctx *c, const PaymentBrief *p, const char *asked, Role *as, FundsErr *e)
{
    if (!funds_may_sign(c, p, e))
        return false;
    Role want = ROLE__COUNT;
    if (asked && !role_parse(asked, &want))
        return funds_err(e, FM_BAD_ROLE, "role");
    if (funds_signer_rule(c->who, p->fund_path, &p->sig, want, as) != SIGNER_OK)
        return funds_err(e, FM_NOT_SIGNATORY, "role");
    return true;
}

bool funds_may_disburse(const Ctx *c, const PaymentBrief *p, FundsErr *e)
{
    return allowed(c, PERM_FUNDS_MANAGE, p->fund_path, e);
}

bool funds_may_add_docs(const Ctx *c, const PaymentBrief *p, FundsErr *e)
{
    bool own = c->who && c->who->user_id == p->requester_id && perm_allows(c->who, PERM_PAYMENT_REQUEST, p->fund_path);
    return own || allowed(c, PERM_FUNDS_MANAGE, p->fund_path, e);
}

bool funds_may_see_ledger(const Ctx *c, const char *fund_path, FundsErr *e)
{
    return allowed(c, PERM_FUNDS_READ, fund_path, e);
}

bool funds_may_manage(const Ctx *c, const char *fund_path, FundsErr *e)
{
    return allowed(c, PERM_FUNDS_MANAGE, fund_path, e);
}

bool funds_may_request(const Ctx *c, const char *fund_path, FundsErr *e)
{
    return allowed(c, PERM_PAYMENT_REQUEST, fund_path, e);
}

bool funds_may_see_bank(const Ctx *c, const char *fund_path)
{
    return perm_allows(c->who, PERM_BANK_DETAILS, fund_path);
}

bool funds_may_see_household(const Ctx *c, const char *household_path, const char *fund_path, FundsErr *e)
{
    return perm_allows(c->who, PERM_REGISTER_READ, household_path) || allowed(c, PERM_FUNDS_READ, fund_path, e);
}
