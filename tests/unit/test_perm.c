/* test_perm.c: the role table and the permission function, pinned by tables. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "auth/perm.h"

/* The matrix as the product decided it, written out independently of
 * perm.c: a change there that is not made here too fails this test. */
static const struct {
    Role role;
    Perm perms[PERM__COUNT];
    int n;
} expected[] = {
    {ROLE_RESIDENT, {PERM_LOGIN, PERM_TREE_READ, PERM_REGISTER_READ, PERM_PII_FULL, PERM_WO_REPORT,
                     PERM_TOPIC_PROPOSE, PERM_VOTE_CAST}, 7},
    {ROLE_BUILDING_HEAD, {PERM_LOGIN, PERM_TREE_READ, PERM_REGISTER_READ, PERM_WO_REPORT, PERM_WO_REPORT_FOR,
                          PERM_WO_READ, PERM_TOPIC_PROPOSE, PERM_VOTE_CAST, PERM_PAPER_BALLOT, PERM_SAFETY_PATROL}, 10},
    {ROLE_MICRO_GRID_WORKER,
     {PERM_LOGIN, PERM_TREE_READ, PERM_REGISTER_READ, PERM_REGISTER_EDIT, PERM_SENSITIVE_TAGS, PERM_WO_REPORT,
      PERM_WO_REPORT_FOR, PERM_WO_READ, PERM_TOPIC_PROPOSE, PERM_SAFETY_PATROL,
      PERM_SURVEY_ENTER}, 11},
    {ROLE_GRID_WORKER,
     {PERM_LOGIN, PERM_TREE_READ, PERM_REGISTER_READ, PERM_REGISTER_EDIT, PERM_SENSITIVE_TAGS, PERM_IMPORT,
      PERM_WO_REPORT, PERM_WO_REPORT_FOR, PERM_WO_READ, PERM_WO_DISPATCH, PERM_TOPIC_PROPOSE,
      PERM_SAFETY_PATROL, PERM_SAFETY_MANAGE, PERM_DISPUTE_MEDIATE, PERM_SURVEY_ENTER, PERM_LIFE_MANAGE}, 16},
    {ROLE_COMMUNITY_STAFF,
     {PERM_LOGIN, PERM_TREE_READ, PERM_REGISTER_READ, PERM_REGISTER_EDIT, PERM_TREE_EDIT, PERM_PII_FULL,
      PERM_SENSITIVE_TAGS, PERM_IMPORT, PERM_WO_REPORT, PERM_WO_REPORT_FOR, PERM_WO_READ, PERM_WO_DISPATCH,
      PERM_WO_HANDLE, PERM_WO_CONFIG, PERM_TOPIC_PROPOSE, PERM_DELIB_MANAGE, PERM_PAPER_BALLOT,
      PERM_NOTICE_PUBLISH, PERM_FUNDS_READ, PERM_PAYMENT_REQUEST, PERM_PROJECT_MANAGE, PERM_PROJECT_INSPECT,
      PERM_LIFE_MANAGE, PERM_SAFETY_PATROL, PERM_SAFETY_MANAGE, PERM_DISPUTE_MEDIATE, PERM_SURVEY_MANAGE,
      PERM_SURVEY_ENTER, PERM_REPORTS, PERM_NOTIFY_ADMIN, PERM_DEVICE_ADMIN},
     31},
    {ROLE_PARTY_BRANCH, {PERM_LOGIN, PERM_TREE_READ, PERM_REGISTER_READ, PERM_WO_READ, PERM_TOPIC_PROPOSE,
                         PERM_DELIB_MANAGE, PERM_NOTICE_PUBLISH, PERM_SAFETY_MANAGE, PERM_DISPUTE_MEDIATE,
                         PERM_SURVEY_MANAGE}, 10},
    {ROLE_COMMITTEE, {PERM_LOGIN, PERM_TREE_READ, PERM_REGISTER_READ, PERM_WO_REPORT, PERM_WO_READ,
                      PERM_WO_HANDLE, PERM_TOPIC_PROPOSE, PERM_DELIB_MANAGE, PERM_PAPER_BALLOT,
                      PERM_NOTICE_PUBLISH, PERM_FUNDS_READ, PERM_PAYMENT_REQUEST, PERM_PAYMENT_APPROVE,
                      PERM_PROJECT_INSPECT, PERM_LIFE_MANAGE, PERM_SAFETY_PATROL, PERM_SURVEY_MANAGE,
                      PERM_SURVEY_ENTER}, 18},
    {ROLE_PROPERTY_MANAGER, {PERM_LOGIN, PERM_TREE_READ, PERM_REGISTER_READ, PERM_WO_REPORT, PERM_WO_READ,
                             PERM_WO_HANDLE, PERM_FUNDS_READ, PERM_PAYMENT_REQUEST, PERM_SAFETY_PATROL}, 9},
    {ROLE_CONTRACTOR, {PERM_LOGIN, PERM_TREE_READ, PERM_WO_HANDLE, PERM_PAYMENT_REQUEST, PERM_PROJECT_INSPECT}, 5},
    {ROLE_SUPERVISOR,
     {PERM_LOGIN, PERM_TREE_READ, PERM_WO_READ, PERM_FUNDS_READ, PERM_PAYMENT_APPROVE, PERM_PROJECT_INSPECT}, 6},
    {ROLE_STREET_OFFICE, {PERM_LOGIN, PERM_TREE_READ, PERM_REGISTER_READ, PERM_AUDIT_READ, PERM_WO_READ,
                          PERM_FUNDS_READ, PERM_REPORTS}, 7},
    {ROLE_AUDITOR, {PERM_LOGIN, PERM_TREE_READ, PERM_AUDIT_READ, PERM_WO_READ, PERM_FUNDS_READ}, 5},
    {ROLE_FINANCE, {PERM_LOGIN, PERM_TREE_READ, PERM_FUNDS_READ, PERM_FUNDS_MANAGE, PERM_PAYMENT_APPROVE,
                    PERM_BANK_DETAILS}, 6},
    {ROLE_ADMIN,
     {PERM_LOGIN, PERM_TREE_READ, PERM_TREE_EDIT, PERM_REGISTER_READ, PERM_REGISTER_EDIT, PERM_IMPORT,
      PERM_AUDIT_READ, PERM_USER_ADMIN, PERM_WO_CONFIG, PERM_NOTIFY_ADMIN, PERM_DEVICE_ADMIN},
     11},
};

static bool expected_has(Role role, Perm perm)
{
    if (perm == PERM_PUBLIC)
        return true;
    for (size_t i = 0; i < sizeof expected / sizeof expected[0]; i++) {
        if (expected[i].role != role)
            continue;
        for (int j = 0; j < expected[i].n; j++)
            if (expected[i].perms[j] == perm)
                return true;
        return false;
    }
    fail_msg("role %d missing from the expected table", role);
    return false;
}

static void every_role_and_perm_is_pinned(void **state)
{
    (void)state;
    assert_int_equal(sizeof expected / sizeof expected[0], ROLE__COUNT);
    for (int role = 0; role < ROLE__COUNT; role++) {
        for (int perm = 0; perm < PERM__COUNT; perm++) {
            bool want = expected_has((Role)role, (Perm)perm);
            if (role_has((Role)role, (Perm)perm) != want)
                fail_msg("%s x perm %d: table says %d, expected %d", role_name((Role)role), perm, !want, want);
            /* the same through perm_allows, with one grant at a compound */
            Grant g = {(Role)role, 5, "/1/2/3/4/5/", NULL};
            Principal p = {1, "u", "U", 1, &g, "zh"};
            assert_int_equal(perm_allows(&p, (Perm)perm, "/1/2/3/4/5/6/"),
                             want || perm == PERM_LOGIN);
        }
    }
}

static void admin_never_sees_personal_data(void **state)
{
    (void)state;
    assert_false(role_has(ROLE_ADMIN, PERM_PII_FULL));
    assert_false(role_has(ROLE_ADMIN, PERM_SENSITIVE_TAGS));
    assert_true(role_has(ROLE_ADMIN, PERM_USER_ADMIN));
}

static void out_of_range_roles_and_perms_hold_nothing(void **state)
{
    (void)state;
    assert_false(role_has(ROLE__COUNT, PERM_LOGIN));
    assert_false(role_has((Role)-1, PERM_LOGIN));
    assert_false(role_has(ROLE_ADMIN, PERM__COUNT));
    Grant g = {ROLE__COUNT, 1, "/1/", NULL};
    Principal p = {1, "u", "U", 1, &g, "zh"};
    assert_false(perm_allows(&p, PERM_TREE_READ, "/1/"));
    assert_false(perm_allows(&p, PERM__COUNT, "/1/"));
}

/* Scope cases: grant path, perm, target, expected. */
static const struct {
    const char *grant;
    Role role;
    Perm perm;
    const char *target;
    bool allowed;
    const char *why;
} scope_cases[] = {
    {"/1/4/", ROLE_GRID_WORKER, PERM_REGISTER_READ, "/1/4/", true, "the granted node itself"},
    {"/1/4/", ROLE_GRID_WORKER, PERM_REGISTER_READ, "/1/4/9/12/", true, "a node below the grant"},
    {"/1/4/", ROLE_GRID_WORKER, PERM_REGISTER_READ, "/1/45/", false, "/1/4/ is not a prefix of /1/45/ by segment"},
    {"/1/4/", ROLE_GRID_WORKER, PERM_REGISTER_READ, "/1/45/9/", false, "nor of a node under /1/45/"},
    {"/1/4/", ROLE_GRID_WORKER, PERM_REGISTER_READ, "/1/5/", false, "a sibling grid"},
    {"/1/4/", ROLE_GRID_WORKER, PERM_REGISTER_READ, "/1/", false, "the register of the street above"},
    {"/1/4/", ROLE_GRID_WORKER, PERM_REGISTER_EDIT, "/1/4/7/", true, "edit inside"},
    {"/1/4/", ROLE_GRID_WORKER, PERM_REGISTER_EDIT, "/2/4/7/", false, "edit in another street"},
    {"/1/2/3/", ROLE_GRID_WORKER, PERM_TREE_READ, "/1/", true, "tree names up to the street"},
    {"/1/2/3/", ROLE_GRID_WORKER, PERM_TREE_READ, "/1/2/", true, "tree names up to the community"},
    {"/1/2/3/", ROLE_GRID_WORKER, PERM_TREE_READ, "/1/2/8/", false, "not a neighbouring grid"},
    {"/1/2/3/", ROLE_GRID_WORKER, PERM_TREE_READ, "/1/2/38/", false, "/1/2/3 is not an ancestor of /1/2/38/"},
    {"/1/2/3/", ROLE_GRID_WORKER, PERM_TREE_EDIT, "/1/2/", false, "upwards is for TREE_READ only"},
    {"/1/2/3/", ROLE_GRID_WORKER, PERM_REGISTER_READ, "/1/2/", false, "no register upwards"},
    {"/1/2/", ROLE_COMMUNITY_STAFF, PERM_PII_FULL, "/1/2/3/4/5/", true, "staff: full data in the community"},
    {"/1/2/", ROLE_COMMUNITY_STAFF, PERM_PII_FULL, "/1/9/3/", false, "staff: not in another community"},
    {"/1/", ROLE_STREET_OFFICE, PERM_REGISTER_READ, "/1/2/3/", true, "street office reads its street"},
    {"/1/", ROLE_STREET_OFFICE, PERM_REGISTER_EDIT, "/1/2/3/", false, "street office is read-only"},
    {"/1/4/", ROLE_GRID_WORKER, PERM_REGISTER_READ, "", false, "an empty target is no path"},
    {"/1/4/", ROLE_GRID_WORKER, PERM_TREE_READ, "/", false, "'/' is no node"},
    {"/1/4/", ROLE_GRID_WORKER, PERM_REGISTER_READ, "/1/4", false, "a path must end in '/'"},
    {"/1/4/", ROLE_GRID_WORKER, PERM_REGISTER_READ, "/1/4/../5/", false, "no dot segments"},
    {"/1/4/", ROLE_GRID_WORKER, PERM_REGISTER_READ, "/1//4/", false, "no empty segments"},
    {"", ROLE_GRID_WORKER, PERM_REGISTER_READ, "/1/4/", false, "an empty grant path reaches nothing"},
    {"/", ROLE_ADMIN, PERM_REGISTER_READ, "/1/4/", false, "a '/' grant path reaches nothing"},
};

static void scopes_are_prefixes_by_segment(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof scope_cases / sizeof scope_cases[0]; i++) {
        Grant g = {scope_cases[i].role, 1, scope_cases[i].grant, NULL};
        Principal p = {1, "u", "U", 1, &g, "zh"};
        bool got = perm_allows(&p, scope_cases[i].perm, scope_cases[i].target);
        if (got != scope_cases[i].allowed)
            fail_msg("case %zu (%s): grant %s target %s: got %d", i, scope_cases[i].why, scope_cases[i].grant,
                     scope_cases[i].target, got);
    }
}

static void null_target_means_somewhere(void **state)
{
    (void)state;
    Grant g = {ROLE_CONTRACTOR, 3, "/1/2/3/", NULL};
    Principal p = {1, "c", "C", 1, &g, "zh"};
    assert_true(perm_allows(&p, PERM_TREE_READ, NULL));
    assert_false(perm_allows(&p, PERM_REGISTER_READ, NULL));
    Principal none = {2, "n", "N", 0, NULL, "zh"};
    assert_true(perm_allows(&none, PERM_LOGIN, NULL));
    assert_false(perm_allows(&none, PERM_TREE_READ, NULL));
}

static void anonymous_gets_public_only(void **state)
{
    (void)state;
    assert_true(perm_allows(NULL, PERM_PUBLIC, NULL));
    assert_true(perm_allows(NULL, PERM_PUBLIC, "/1/"));
    for (int perm = PERM_LOGIN; perm < PERM__COUNT; perm++) {
        assert_false(perm_allows(NULL, (Perm)perm, NULL));
        assert_false(perm_allows(NULL, (Perm)perm, "/1/2/"));
    }
}

/* Resident of household /1/2/3/4/5/6/7/8/ in compound /1/2/3/4/5/. */
static const Grant resident_grant = {ROLE_RESIDENT, 8, "/1/2/3/4/5/6/7/8/", "/1/2/3/4/5/"};

static void a_resident_sees_their_own_household(void **state)
{
    (void)state;
    Principal p = {1, "r", "R", 1, (Grant *)&resident_grant, "zh"};
    assert_true(perm_allows(&p, PERM_REGISTER_READ, "/1/2/3/4/5/6/7/8/"));
    assert_true(perm_allows(&p, PERM_PII_FULL, "/1/2/3/4/5/6/7/8/"));
    assert_false(perm_allows(&p, PERM_REGISTER_EDIT, "/1/2/3/4/5/6/7/8/"));
    assert_false(perm_allows(&p, PERM_SENSITIVE_TAGS, "/1/2/3/4/5/6/7/8/"));
}

static void a_resident_reads_their_compound_tree_but_not_a_neighbours_register(void **state)
{
    (void)state;
    Principal p = {1, "r", "R", 1, (Grant *)&resident_grant, "zh"};
    /* the compound page and a neighbouring household's node: tree only */
    assert_true(perm_allows(&p, PERM_TREE_READ, "/1/2/3/4/5/"));
    assert_true(perm_allows(&p, PERM_TREE_READ, "/1/2/3/4/5/6/7/9/"));
    assert_true(perm_allows(&p, PERM_TREE_READ, "/1/2/3/4/5/16/"));
    assert_false(perm_allows(&p, PERM_REGISTER_READ, "/1/2/3/4/5/6/7/9/"));
    assert_false(perm_allows(&p, PERM_PII_FULL, "/1/2/3/4/5/6/7/9/"));
    assert_false(perm_allows(&p, PERM_REGISTER_READ, "/1/2/3/4/5/"));
    /* another compound of the same micro-grid: nothing below it */
    assert_true(perm_allows(&p, PERM_TREE_READ, "/1/2/3/4/"));
    assert_false(perm_allows(&p, PERM_TREE_READ, "/1/2/3/4/50/"));
    assert_false(perm_allows(&p, PERM_TREE_READ, "/1/2/3/4/50/51/52/53/"));
    assert_false(perm_allows(&p, PERM_REGISTER_READ, "/1/2/3/4/50/51/52/53/"));
}

static void a_resident_without_compound_path_stays_on_their_path(void **state)
{
    (void)state;
    Grant g = resident_grant;
    g.compound_path = NULL;
    Principal p = {1, "r", "R", 1, &g, "zh"};
    assert_true(perm_allows(&p, PERM_TREE_READ, "/1/2/3/4/5/"));
    assert_false(perm_allows(&p, PERM_TREE_READ, "/1/2/3/4/5/6/7/9/"));
}

static void several_grants_add_up(void **state)
{
    (void)state;
    Grant g[2] = {
        {ROLE_RESIDENT, 8, "/1/2/3/4/5/6/7/8/", "/1/2/3/4/5/"},
        {ROLE_MICRO_GRID_WORKER, 30, "/1/2/30/", NULL},
    };
    Principal p = {1, "r", "R", 2, g, "zh"};
    assert_true(perm_allows(&p, PERM_REGISTER_EDIT, "/1/2/30/31/"));
    assert_false(perm_allows(&p, PERM_REGISTER_EDIT, "/1/2/3/4/5/6/7/8/"));
    assert_true(perm_allows(&p, PERM_PII_FULL, "/1/2/3/4/5/6/7/8/"));
    assert_false(perm_allows(&p, PERM_PII_FULL, "/1/2/30/31/"));
}

static void names_round_trip(void **state)
{
    (void)state;
    for (int i = 0; i < ROLE__COUNT; i++) {
        Role back;
        assert_true(role_parse(role_name((Role)i), &back));
        assert_int_equal(back, i);
        assert_true(strlen(role_label_zh((Role)i)) > 0);
    }
    for (int i = 0; i < NODE__COUNT; i++) {
        NodeKind back;
        assert_true(node_kind_parse(node_kind_name((NodeKind)i), &back));
        assert_int_equal(back, i);
        assert_true(strlen(node_kind_label_zh((NodeKind)i)) > 0);
    }
    Role r;
    NodeKind k;
    assert_false(role_parse("root", &r));
    assert_false(role_parse("Admin", &r));
    assert_false(role_parse(NULL, &r));
    assert_false(node_kind_parse("flat", &k));
    assert_string_equal(role_name(ROLE_GRID_WORKER), "grid_worker");
    assert_string_equal(role_label_zh(ROLE_GRID_WORKER), "网格员");
    assert_string_equal(node_kind_name(NODE_MICRO_GRID), "micro_grid");
    assert_string_equal(node_kind_label_zh(NODE_COMPOUND), "院落");
    assert_string_equal(role_name(ROLE__COUNT), "");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(every_role_and_perm_is_pinned),
        cmocka_unit_test(admin_never_sees_personal_data),
        cmocka_unit_test(out_of_range_roles_and_perms_hold_nothing),
        cmocka_unit_test(scopes_are_prefixes_by_segment),
        cmocka_unit_test(null_target_means_somewhere),
        cmocka_unit_test(anonymous_gets_public_only),
        cmocka_unit_test(a_resident_sees_their_own_household),
        cmocka_unit_test(a_resident_reads_their_compound_tree_but_not_a_neighbours_register),
        cmocka_unit_test(a_resident_without_compound_path_stays_on_their_path),
        cmocka_unit_test(several_grants_add_up),
        cmocka_unit_test(names_round_trip),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
