/* test_funds_perm.c: the funds' permission questions (src/funds/perm.c),
 * one row per role and place: who may sign a payment, disburse it, add its
 * documents, see the ledger, manage the fund, request a payment, see bank
 * numbers; and which role a signatory signs as. No database: a question
 * reads only the principal and the payment's brief. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "funds/funds_int.h"

#define FUND "/1/2/5/"    /* the fund's compound */
#define COMMUNITY "/1/2/" /* the community above it */
#define OTHER "/1/2/6/"   /* another compound */
#define BUILDING "/1/2/5/9/"

enum { REQUESTER = 10, ME = 50 };

static const PaymentBrief pending = {.id = 1, .fund_id = 1, .requester_id = REQUESTER, .status = "pending",
                                     .fund_path = FUND, .sig = {true, REQUESTER, {0, 0, 0}}};

static Ctx ctx_of(Principal *p, Grant *g, Role role, const char *path)
{
    *g = (Grant){role, 1, path, NULL};
    *p = (Principal){.user_id = ME, .username = "me", .display_name = "me", .n_grants = 1, .grants = g};
    return (Ctx){NULL, NULL, p, 0};
}

static void one_row_per_role_and_place(void **state)
{
    (void)state;
    static const struct {
        Role role;
        const char *place;
        bool sign, disburse, docs, ledger, manage, request, bank;
    } rows[] = {
        /* at the fund's own compound */
        {ROLE_RESIDENT, FUND, false, false, false, false, false, false, false},
        {ROLE_BUILDING_HEAD, FUND, false, false, false, false, false, false, false},
        {ROLE_MICRO_GRID_WORKER, FUND, false, false, false, false, false, false, false},
        {ROLE_GRID_WORKER, FUND, false, false, false, false, false, false, false},
        {ROLE_COMMUNITY_STAFF, FUND, false, false, false, true, false, true, false},
        {ROLE_PARTY_BRANCH, FUND, false, false, false, false, false, false, false},
        {ROLE_COMMITTEE, FUND, true, false, false, true, false, true, false},
        {ROLE_PROPERTY_MANAGER, FUND, false, false, false, true, false, true, false},
        {ROLE_CONTRACTOR, FUND, false, false, false, false, false, true, false},
        {ROLE_SUPERVISOR, FUND, true, false, false, true, false, false, false},
        {ROLE_STREET_OFFICE, FUND, false, false, false, true, false, false, false},
        {ROLE_AUDITOR, FUND, false, false, false, true, false, false, false},
        {ROLE_FINANCE, FUND, true, true, true, true, true, false, true},
        {ROLE_ADMIN, FUND, false, false, false, false, false, false, false},
        /* from the community above: a grant reaches down */
        {ROLE_FINANCE, COMMUNITY, true, true, true, true, true, false, true},
        {ROLE_SUPERVISOR, COMMUNITY, true, false, false, true, false, false, false},
        {ROLE_COMMITTEE, COMMUNITY, true, false, false, true, false, true, false},
        /* from another compound: nothing of this fund */
        {ROLE_FINANCE, OTHER, false, false, false, false, false, false, false},
        {ROLE_SUPERVISOR, OTHER, false, false, false, false, false, false, false},
        {ROLE_COMMITTEE, OTHER, false, false, false, false, false, false, false},
        /* from a building inside the compound: a grant never reaches up */
        {ROLE_FINANCE, BUILDING, false, false, false, false, false, false, false},
        {ROLE_COMMITTEE, BUILDING, false, false, false, false, false, false, false},
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        Principal p;
        Grant g;
        Ctx c = ctx_of(&p, &g, rows[i].role, rows[i].place);
        const char *who = role_name(rows[i].role);
        if (funds_may_sign(&c, &pending, NULL) != rows[i].sign)
            fail_msg("%s at %s: sign", who, rows[i].place);
        if (funds_may_disburse(&c, &pending, NULL) != rows[i].disburse)
            fail_msg("%s at %s: disburse", who, rows[i].place);
        if (funds_may_add_docs(&c, &pending, NULL) != rows[i].docs)
            fail_msg("%s at %s: documents", who, rows[i].place);
        if (funds_may_see_ledger(&c, FUND, NULL) != rows[i].ledger)
            fail_msg("%s at %s: ledger", who, rows[i].place);
        if (funds_may_manage(&c, FUND, NULL) != rows[i].manage)
            fail_msg("%s at %s: manage", who, rows[i].place);
        if (funds_may_request(&c, FUND, NULL) != rows[i].request)
            fail_msg("%s at %s: request", who, rows[i].place);
        if (funds_may_see_bank(&c, FUND) != rows[i].bank)
            fail_msg("%s at %s: bank", who, rows[i].place);
    }
}

static void nobody_is_asked_to_sign_in(void **state)
{
    (void)state;
    Ctx c = {NULL, NULL, NULL, 0};
    FundsErr e;
    assert_false(funds_may_sign(&c, &pending, &e));
    assert_int_equal(e.msg, FM_LOGIN_NEEDED);
    Principal p;
    Grant g;
    c = ctx_of(&p, &g, ROLE_RESIDENT, FUND);
    assert_false(funds_may_sign(&c, &pending, &e));
    assert_int_equal(e.msg, FM_FORBIDDEN);
}

static void the_requester_adds_documents_while_they_may_request(void **state)
{
    (void)state;
    PaymentBrief mine = pending;
    mine.requester_id = ME;
    Principal p;
    Grant g;
    Ctx c = ctx_of(&p, &g, ROLE_CONTRACTOR, FUND);
    assert_true(funds_may_add_docs(&c, &mine, NULL));
    c = ctx_of(&p, &g, ROLE_CONTRACTOR, OTHER);
    FundsErr e;
    assert_false(funds_may_add_docs(&c, &mine, &e));
    assert_int_equal(e.msg, FM_FORBIDDEN);
}

static void a_household_sees_its_own_sub_account(void **state)
{
    (void)state;
    Principal p;
    Grant g;
    Ctx c = ctx_of(&p, &g, ROLE_RESIDENT, "/1/2/5/9/20/");
    assert_true(funds_may_see_household(&c, "/1/2/5/9/20/", FUND, NULL));
    assert_false(funds_may_see_household(&c, "/1/2/5/9/21/", FUND, NULL));
    c = ctx_of(&p, &g, ROLE_AUDITOR, FUND);
    assert_true(funds_may_see_household(&c, "/1/2/5/9/21/", FUND, NULL));
}

/* The role a signatory signs as, one row per case. */
static void the_role_signed_as(void **state)
{
    (void)state;
    Grant two[2] = {{ROLE_SUPERVISOR, 1, FUND, NULL}, {ROLE_COMMITTEE, 1, COMMUNITY, NULL}};
    Principal both = {.user_id = ME, .n_grants = 2, .grants = two};
    Grant far[1] = {{ROLE_SUPERVISOR, 1, OTHER, NULL}};
    Principal elsewhere = {.user_id = ME, .n_grants = 1, .grants = far};
    static const struct {
        int who; /* 0 both roles here, 1 a supervisor of another compound */
        int64_t signed_by[3];
        Role asked;
        SignerRule want;
        Role as;
        const char *why;
    } rows[] = {
        {0, {0, 0, 0}, ROLE__COUNT, SIGNER_OK, ROLE_SUPERVISOR, "the first role still missing"},
        {0, {20, 0, 0}, ROLE__COUNT, SIGNER_OK, ROLE_COMMITTEE, "the supervisor signed: the committee is next"},
        {0, {20, 0, 40}, ROLE__COUNT, SIGNER_OK, ROLE_SUPERVISOR, "all their roles signed: the first, the matrix says no"},
        {0, {0, 0, 0}, ROLE_COMMITTEE, SIGNER_OK, ROLE_COMMITTEE, "the role asked for"},
        {0, {0, 0, 0}, ROLE_FINANCE, SIGNER_NOT_THAT_ROLE, ROLE_SUPERVISOR, "a role they do not hold"},
        {1, {0, 0, 0}, ROLE__COUNT, SIGNER_NONE, ROLE__COUNT, "a grant that does not reach the fund"},
        {1, {0, 0, 0}, ROLE_SUPERVISOR, SIGNER_NONE, ROLE__COUNT, "nor when asked by name"},
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        PaymentSigState s = {true, REQUESTER, {rows[i].signed_by[0], rows[i].signed_by[1], rows[i].signed_by[2]}};
        Role as = ROLE__COUNT;
        SignerRule got = funds_signer_rule(rows[i].who ? &elsewhere : &both, FUND, &s, rows[i].asked, &as);
        if (got != rows[i].want || as != rows[i].as)
            fail_msg("%s: got %d as %d, want %d as %d", rows[i].why, (int)got, (int)as, (int)rows[i].want,
                     (int)rows[i].as);
    }
    Ctx c = {NULL, NULL, &both, 0};
    FundsErr e;
    Role as;
    assert_false(funds_sign_as(&c, &pending, "nobody", &as, &e));
    assert_int_equal(e.msg, FM_BAD_ROLE);
    assert_false(funds_sign_as(&c, &pending, "finance", &as, &e));
    assert_int_equal(e.msg, FM_NOT_SIGNATORY);
    assert_true(funds_sign_as(&c, &pending, "committee", &as, &e));
    assert_int_equal(as, ROLE_COMMITTEE);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(one_row_per_role_and_place),
        cmocka_unit_test(nobody_is_asked_to_sign_in),
        cmocka_unit_test(the_requester_adds_documents_while_they_may_request),
        cmocka_unit_test(a_household_sees_its_own_sub_account),
        cmocka_unit_test(the_role_signed_as),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
