/* test_approval.c: the payment approval matrix (three roles, three people,
 * never the requester), the maintenance-fund vote rule with its emergency
 * list, and the bank reconciliation matching. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "funds/funds.h"

enum { REQ = 10, SUP = 20, FIN = 30, COM = 40 };

static void the_approval_matrix(void **state)
{
    (void)state;
    static const struct {
        bool pending;
        int64_t signed_by[3]; /* supervisor, finance, committee */
        Role role;
        int64_t user;
        SignCheck want;
        const char *why;
    } cases[] = {
        {true, {0, 0, 0}, ROLE_SUPERVISOR, SUP, SIGN_OK, "the supervisor signs first"},
        {true, {0, 0, 0}, ROLE_FINANCE, FIN, SIGN_OK, "any order"},
        {true, {0, 0, 0}, ROLE_COMMITTEE, COM, SIGN_OK, "the committee"},
        {true, {SUP, 0, 0}, ROLE_SUPERVISOR, 99, SIGN_ROLE_DONE, "a role signs once, even by another supervisor"},
        {true, {SUP, 0, 0}, ROLE_FINANCE, SUP, SIGN_SAME_PERSON, "one person cannot sign as two roles"},
        {true, {SUP, FIN, 0}, ROLE_COMMITTEE, FIN, SIGN_SAME_PERSON, "nor as the third"},
        {true, {0, 0, 0}, ROLE_COMMITTEE, REQ, SIGN_REQUESTER, "the requester never signs"},
        {true, {0, 0, 0}, ROLE_CONTRACTOR, 77, SIGN_ROLE_NOT_ENTITLED, "a contractor does not sign"},
        {true, {0, 0, 0}, ROLE_COMMUNITY_STAFF, 77, SIGN_ROLE_NOT_ENTITLED, "staff do not sign"},
        {true, {0, 0, 0}, ROLE_ADMIN, 77, SIGN_ROLE_NOT_ENTITLED, "the administrator does not sign"},
        {true, {0, 0, 0}, ROLE_RESIDENT, 77, SIGN_ROLE_NOT_ENTITLED, "a resident does not sign"},
        {false, {SUP, FIN, COM}, ROLE_FINANCE, 55, SIGN_NOT_PENDING, "nothing after approval"},
        {false, {SUP, 0, 0}, ROLE_FINANCE, FIN, SIGN_NOT_PENDING, "nothing after a rejection"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        PaymentSigState s = {cases[i].pending, REQ, {cases[i].signed_by[0], cases[i].signed_by[1], cases[i].signed_by[2]}};
        SignCheck got = payment_sign_check(&s, cases[i].role, cases[i].user);
        if (got != cases[i].want)
            fail_msg("%s: got %d, want %d", cases[i].why, (int)got, (int)cases[i].want);
    }
    assert_int_equal(payment_signatory(ROLE_SUPERVISOR), SIGN_SUPERVISOR);
    assert_int_equal(payment_signatory(ROLE_FINANCE), SIGN_FINANCE);
    assert_int_equal(payment_signatory(ROLE_COMMITTEE), SIGN_COMMITTEE);
    assert_int_equal(payment_signatory(ROLE_PROPERTY_MANAGER), -1);
}

static void only_three_different_signatures_approve(void **state)
{
    (void)state;
    PaymentSigState s = {true, REQ, {SUP, FIN, COM}};
    assert_true(payment_fully_approved(&s));
    PaymentSigState two = {true, REQ, {SUP, FIN, 0}};
    assert_false(payment_fully_approved(&two));
    PaymentSigState none = {true, REQ, {0, 0, 0}};
    assert_false(payment_fully_approved(&none));
    PaymentSigState same = {true, REQ, {SUP, SUP, COM}};
    assert_false(payment_fully_approved(&same));
    PaymentSigState requester = {true, REQ, {SUP, FIN, REQ}};
    assert_false(payment_fully_approved(&requester));
}

static void maintenance_spending_needs_a_passed_vote_except_emergencies(void **state)
{
    (void)state;
    static const char *const emergencies[] = {"lift_failure", "fire_equipment", "roof_wall_leak", "burst_drain", "facade_risk"};
    for (size_t i = 0; i < 5; i++) {
        assert_true(funds_emergency_category(emergencies[i]));
        assert_int_equal(funds_maintenance_spend_rule(emergencies[i], false, false), SPEND_OK);
    }
    static const char *const ordinary[] = {"works", "repair", "service", "fee", "other"};
    for (size_t i = 0; i < 5; i++) {
        assert_false(funds_emergency_category(ordinary[i]));
        assert_int_equal(funds_maintenance_spend_rule(ordinary[i], false, false), SPEND_NEEDS_VOTE);
        assert_int_equal(funds_maintenance_spend_rule(ordinary[i], true, false), SPEND_VOTE_NOT_PASSED);
        assert_int_equal(funds_maintenance_spend_rule(ordinary[i], true, true), SPEND_OK);
    }
    assert_false(funds_emergency_category("lift"));
    assert_false(funds_emergency_category(NULL));
    assert_false(funds_category_valid("party"));
    assert_string_equal(funds_category_label_zh("burst_drain"), "排水管道爆裂堵塞");
}

static void reconciliation_matches_reference_first_then_amount_and_date(void **state)
{
    (void)state;
    const int64_t day = 1709222400, D = 86400;
    ReconEntry e[] = {
        {1, day, 500000, "", false},             /* a subsidy, no reference */
        {2, day + 10 * D, -38000000, "FK000001", false},
        {3, day + 1 * D, 500000, "", false},     /* the same amount a day later */
        {4, day + 20 * D, 12345, "SJ1-000001", false},
    };
    ReconLine l[] = {
        {day + 11 * D, -38000000, "FK000001", 0}, /* reference matches although a day off */
        {day + 2 * D, 500000, "", 0},             /* closest of 1 and 3 is 3 */
        {day, 500000, "", 0},                     /* then 1 */
        {day + 30 * D, 12345, "", 0},             /* 10 days off, no reference: unmatched */
        {day, 777, "", 0},                        /* nothing of that amount */
    };
    int n = funds_reconcile(l, 5, e, 4);
    assert_int_equal(n, 3);
    assert_int_equal(l[0].matched_entry, 2);
    assert_int_equal(l[1].matched_entry, 3);
    assert_int_equal(l[2].matched_entry, 1);
    assert_int_equal(l[3].matched_entry, 0);
    assert_int_equal(l[4].matched_entry, 0);
    assert_false(e[3].used);
}

/* A maintenance payment falls on the households of the authorising vote's
 * scope: a building's vote -> that building; a wider vote -> the compound;
 * a vote elsewhere -> nobody (refused). */
static void spending_scope_follows_the_vote(void **state)
{
    (void)state;
    static const struct { const char *compound, *vote, *want; } cases[] = {
        {"/1/4/9/", "/1/4/9/12/", "/1/4/9/12/"}, /* one building of the compound */
        {"/1/4/9/", "/1/4/9/", "/1/4/9/"},       /* the compound itself */
        {"/1/4/9/", "/1/4/", "/1/4/9/"},         /* a community-wide vote covers the compound */
        {"/1/4/9/", "/1/4/19/", NULL},           /* another compound (not a prefix by digits) */
        {"/1/4/9/", "/1/4/91/", NULL},
        {"/1/4/9/", "", NULL},                   /* no such vote */
        {"/1/4/9/", "/1/5/", NULL},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const char *got = funds_spend_scope(cases[i].compound, cases[i].vote);
        if ((got == NULL) != (cases[i].want == NULL) || (got && strcmp(got, cases[i].want) != 0))
            fail_msg("compound %s vote '%s': %s", cases[i].compound, cases[i].vote, got ? got : "NULL");
    }
    assert_true(funds_in_scope("/1/4/9/12/", "/1/4/9/12/30/301/"));
    assert_true(funds_in_scope("/1/4/9/", "/1/4/9/12/30/301/"));
    assert_false(funds_in_scope("/1/4/9/12/", "/1/4/9/13/40/401/"));
    assert_false(funds_in_scope("/1/4/9/1", "/1/4/9/12/"));   /* a scope is a whole node path */
    assert_false(funds_in_scope(NULL, "/1/"));
}

/* Basis documents are recognised by their first bytes, whatever their name. */
static void documents_are_checked_by_content(void **state)
{
    (void)state;
    static const struct { const char *bytes; size_t len; const char *mime, *ext; } cases[] = {
        {"%PDF-1.7\n%\xE2\xE3", 12, "application/pdf", "pdf"},
        {"\xFF\xD8\xFF\xE0\x00\x10JFIF", 10, "image/jpeg", "jpg"},
        {"\x89PNG\r\n\x1a\n\x00\x00", 10, "image/png", "png"},
        {"%PDF", 4, NULL, NULL},                      /* too short to be a PDF header */
        {"GIF89a", 6, NULL, NULL},
        {"<html><script>", 14, NULL, NULL},
        {"PK\x03\x04", 4, NULL, NULL},                /* a zip or an xlsx */
        {"", 0, NULL, NULL},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const char *ext = "x";
        const char *mime = funds_doc_type((const unsigned char *)cases[i].bytes, cases[i].len, &ext);
        if ((mime == NULL) != (cases[i].mime == NULL) || (mime && strcmp(mime, cases[i].mime) != 0))
            fail_msg("case %zu: %s", i, mime ? mime : "NULL");
        if (mime && strcmp(ext, cases[i].ext) != 0)
            fail_msg("case %zu ext %s", i, ext);
        if (mime)
            assert_string_equal(funds_doc_ext(mime), cases[i].ext);
    }
    assert_null(funds_doc_ext("text/html"));
    assert_true(funds_doc_kind_valid("contract") && funds_doc_kind_valid("acceptance") && funds_doc_kind_valid("invoice"));
    assert_false(funds_doc_kind_valid("photo"));
    assert_false(funds_doc_kind_valid(NULL));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(the_approval_matrix),
        cmocka_unit_test(only_three_different_signatures_approve),
        cmocka_unit_test(maintenance_spending_needs_a_passed_vote_except_emergencies),
        cmocka_unit_test(reconciliation_matches_reference_first_then_amount_and_date),
        cmocka_unit_test(spending_scope_follows_the_vote),
        cmocka_unit_test(documents_are_checked_by_content),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
