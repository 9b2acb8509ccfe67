/* test_wo_perm.c: "may this principal read this work order" and what the
 * principal is to it (workorder/perm.c), one row per role and place. The
 * expectations are written out here, independently of perm.c and of the
 * role table, so a change there that is not decided here fails. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "workorder/read.h"
#include "workorder/workorder.h"

/* The tree of the rows: street 1, community 2, grid 3, micro-grid 4,
 * compound 5 (the order's), building 6, household 7 (the order's place);
 * beside them compound 8, grid 9, community 10 and street 11. */
#define STREET "/1/"
#define COMMUNITY "/1/2/"
#define GRID "/1/2/3/"
#define MICRO "/1/2/3/4/"
#define COMPOUND "/1/2/3/4/5/"
#define BUILDING "/1/2/3/4/5/6/"
#define HOUSEHOLD "/1/2/3/4/5/6/7/"
#define OTHER_COMPOUND "/1/2/3/4/8/"
#define OTHER_BUILDING "/1/2/3/4/8/12/"
#define OTHER_GRID "/1/2/9/"
#define OTHER_COMMUNITY "/1/10/"
#define OTHER_STREET "/11/"

enum { ME = 50, SOMEONE = 99 };

typedef struct Row {
    const char *what;
    bool signed_in;
    Role role;
    const char *grant; /* where the one grant is given */
    int64_t reporter;  /* the order's reporter */
    bool committee_required, org_assigned;
    bool may_read;
    int caps;
} Row;

static const Row rows[] = {
    {"nobody signed in", false, ROLE_RESIDENT, HOUSEHOLD, SOMEONE, false, false, false, 0},
    {"resident, the reporter", true, ROLE_RESIDENT, HOUSEHOLD, ME, false, false, true, WO_CAP_REPORTER},
    {"resident of the household, not the reporter", true, ROLE_RESIDENT, HOUSEHOLD, SOMEONE, false, false, false, 0},
    {"resident elsewhere, the reporter", true, ROLE_RESIDENT, OTHER_BUILDING, ME, false, false, true,
     WO_CAP_REPORTER},
    {"building head, this building", true, ROLE_BUILDING_HEAD, BUILDING, SOMEONE, false, false, true, 0},
    {"building head, another compound", true, ROLE_BUILDING_HEAD, OTHER_BUILDING, SOMEONE, false, false, false, 0},
    {"micro-grid worker, this micro-grid", true, ROLE_MICRO_GRID_WORKER, MICRO, SOMEONE, false, false, true, 0},
    {"grid worker, this grid", true, ROLE_GRID_WORKER, GRID, SOMEONE, false, false, true, WO_CAP_DISPATCHER},
    {"grid worker, another grid", true, ROLE_GRID_WORKER, OTHER_GRID, SOMEONE, false, false, false, 0},
    {"community staff, this community", true, ROLE_COMMUNITY_STAFF, COMMUNITY, SOMEONE, false, false, true,
     WO_CAP_DISPATCHER},
    {"community staff, this community, org assigned", true, ROLE_COMMUNITY_STAFF, COMMUNITY, SOMEONE, false, true,
     true, WO_CAP_DISPATCHER | WO_CAP_HANDLER},
    {"community staff, another community", true, ROLE_COMMUNITY_STAFF, OTHER_COMMUNITY, SOMEONE, false, false, false,
     0},
    {"community staff, another community, org assigned", true, ROLE_COMMUNITY_STAFF, OTHER_COMMUNITY, SOMEONE, false,
     true, true, WO_CAP_HANDLER},
    {"party branch, this community", true, ROLE_PARTY_BRANCH, COMMUNITY, SOMEONE, false, false, true, 0},
    {"committee, this compound, confirmation required", true, ROLE_COMMITTEE, COMPOUND, SOMEONE, true, false, true,
     WO_CAP_COMMITTEE},
    {"committee, this compound, no confirmation", true, ROLE_COMMITTEE, COMPOUND, SOMEONE, false, false, true, 0},
    {"committee, this compound, confirmation required, the reporter", true, ROLE_COMMITTEE, COMPOUND, ME, true, false,
     true, WO_CAP_REPORTER},
    {"committee, another compound, confirmation required", true, ROLE_COMMITTEE, OTHER_COMPOUND, SOMEONE, true, false,
     false, 0},
    {"committee, another compound, org assigned", true, ROLE_COMMITTEE, OTHER_COMPOUND, SOMEONE, false, true, true,
     WO_CAP_HANDLER},
    {"property manager, this compound", true, ROLE_PROPERTY_MANAGER, COMPOUND, SOMEONE, false, false, true, 0},
    {"property manager, this compound, org assigned", true, ROLE_PROPERTY_MANAGER, COMPOUND, SOMEONE, false, true,
     true, WO_CAP_HANDLER},
    {"contractor, org assigned", true, ROLE_CONTRACTOR, OTHER_STREET, SOMEONE, false, true, true, WO_CAP_HANDLER},
    {"contractor, org not assigned", true, ROLE_CONTRACTOR, STREET, SOMEONE, false, false, false, 0},
    {"supervisor, this community", true, ROLE_SUPERVISOR, COMMUNITY, SOMEONE, false, false, true, 0},
    {"street office, this street", true, ROLE_STREET_OFFICE, STREET, SOMEONE, false, false, true, 0},
    {"street office, another street", true, ROLE_STREET_OFFICE, OTHER_STREET, SOMEONE, false, false, false, 0},
    {"auditor, this street", true, ROLE_AUDITOR, STREET, SOMEONE, false, false, true, 0},
    {"finance, this community", true, ROLE_FINANCE, COMMUNITY, SOMEONE, false, false, false, 0},
    {"finance, this community, org assigned", true, ROLE_FINANCE, COMMUNITY, SOMEONE, false, true, false, 0},
    {"admin, this street", true, ROLE_ADMIN, STREET, SOMEONE, false, false, false, 0},
};

static void test_rows(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        const Row *w = &rows[i];
        Grant g = {w->role, 0, w->grant, NULL};
        Principal p = {ME, "u", "U", 1, &g, "zh"};
        Ctx c = {NULL, NULL, w->signed_in ? &p : NULL, 0};
        WoBrief b;
        memset(&b, 0, sizeof b);
        b.id = 1;
        b.node_path = HOUSEHOLD;
        b.reporter_id = w->reporter;
        b.committee_required = w->committee_required;
        b.asker_org_assigned = w->org_assigned;
        bool got = wo_may_read(&c, &b);
        int caps = wo_caps_of(c.who, &b);
        if (got != w->may_read || caps != w->caps)
            fprintf(stderr, "row %zu (%s): may_read %d caps %d\n", i, w->what, got, caps);
        assert_int_equal(got, w->may_read);
        assert_int_equal(caps, w->caps);
    }
}

/* Reporter on paper (no account): reporter_id 0 matches nobody, not even a
 * principal whose id is 0. */
static void test_no_reporter_account(void **state)
{
    (void)state;
    Grant g = {ROLE_RESIDENT, 0, HOUSEHOLD, NULL};
    Principal p = {0, "u", "U", 1, &g, "zh"};
    Ctx c = {NULL, NULL, &p, 0};
    WoBrief b;
    memset(&b, 0, sizeof b);
    b.node_path = HOUSEHOLD;
    assert_false(wo_may_read(&c, &b));
    assert_int_equal(wo_caps_of(&p, &b), 0);
}

/* An order without a place (a brief that was not filled) is read by nobody. */
static void test_empty_brief(void **state)
{
    (void)state;
    Grant g = {ROLE_STREET_OFFICE, 0, STREET, NULL};
    Principal p = {ME, "u", "U", 1, &g, "zh"};
    Ctx c = {NULL, NULL, &p, 0};
    WoBrief b;
    memset(&b, 0, sizeof b);
    assert_false(wo_may_read(&c, &b));
    assert_false(wo_may_read(&c, NULL));
}

/* Several grants: the union of what each gives. */
static void test_two_grants(void **state)
{
    (void)state;
    Grant g[2] = {{ROLE_RESIDENT, 0, OTHER_BUILDING, NULL}, {ROLE_COMMITTEE, 0, COMPOUND, NULL}};
    Principal p = {ME, "u", "U", 2, g, "zh"};
    Ctx c = {NULL, NULL, &p, 0};
    WoBrief b;
    memset(&b, 0, sizeof b);
    b.node_path = HOUSEHOLD;
    b.reporter_id = SOMEONE;
    b.committee_required = true;
    assert_true(wo_may_read(&c, &b));
    assert_int_equal(wo_caps_of(&p, &b), WO_CAP_COMMITTEE);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_rows),
        cmocka_unit_test(test_no_reporter_account),
        cmocka_unit_test(test_empty_brief),
        cmocka_unit_test(test_two_grants),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
