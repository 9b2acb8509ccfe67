/* test_project_rules.c: the projects' pure rules, a table each (one row per
 * boundary): when an item may start, the fortnightly round and its missed
 * inspections, defect escalation, acceptance stages, sign-offs, checklists. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "project/project.h"

static void start_rule(void **state)
{
    (void)state;
    static const struct {
        bool planned, fund, linked, passed;
        ProjectStartRule want;
    } rows[] = {
        {true, false, false, false, PSTART_OK},              /* no fund money: no vote needed */
        {true, false, true, false, PSTART_OK},               /* a failed vote does not matter then */
        {true, true, false, false, PSTART_NEEDS_VOTE},       /* fund money, no vote */
        {true, true, true, false, PSTART_VOTE_NOT_PASSED},   /* fund money, the vote failed */
        {true, true, true, true, PSTART_OK},                 /* fund money, passed */
        {false, false, false, false, PSTART_NOT_PLANNED},    /* started already */
        {false, true, true, true, PSTART_NOT_PLANNED},
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++)
        if (project_start_rule(rows[i].planned, rows[i].fund, rows[i].linked, rows[i].passed) != rows[i].want)
            fail_msg("start row %zu", i);
}

#define S INT64_C(1800000000) /* an item's start */
#define F PROJECT_FORTNIGHT
#define D PROJECT_DAY

static void fortnightly_round(void **state)
{
    (void)state;
    static const int64_t none[1] = {0};
    static const int64_t first[] = {S + 3 * D};
    static const int64_t both[] = {S + 3 * D, S + F + 13 * D};
    static const int64_t late[] = {S + F + D}; /* none in the first fortnight */
    static const int64_t early_edge[] = {S + F - 1, S + F};
    static const struct {
        const int64_t *times;
        int n;
        int64_t now;
        int missed;
        int64_t next_due;
        bool due_week;
    } rows[] = {
        {none, 0, S, 0, S + F, false},                 /* day 0: due in 14 days */
        {none, 0, S + 7 * D - 1, 0, S + F, false},     /* one second before the week it is due in */
        {none, 0, S + 7 * D, 0, S + F, true},          /* due within the week */
        {none, 0, S + F - 1, 0, S + F, true},          /* last second of the first fortnight */
        {none, 0, S + F, 1, S + 2 * F, false},         /* the first fortnight ended without: missed */
        {none, 0, S + 3 * F, 3, S + 4 * F, false},     /* three missed */
        {first, 1, S + 4 * D, 0, S + 2 * F, false},    /* inspected: the next one is due a fortnight later */
        {first, 1, S + F, 0, S + 2 * F, false},
        {first, 1, S + 2 * F, 1, S + 3 * F, false},    /* the second fortnight went without */
        {both, 2, S + 2 * F, 0, S + 3 * F, false},
        {late, 1, S + F + 2 * D, 1, S + 3 * F, false}, /* a late inspection covers its own fortnight only */
        {early_edge, 2, S + 2 * F, 0, S + 3 * F, false}, /* the edges fall each in their own fortnight */
        {none, 0, S - 1, 0, S + F, false},             /* before the start */
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        ProjectRound r;
        project_round(S, rows[i].times, rows[i].n, rows[i].now, &r);
        if (r.missed != rows[i].missed || r.next_due != rows[i].next_due || r.due_this_week != rows[i].due_week)
            fail_msg("round row %zu: missed %d next %lld week %d", i, r.missed, (long long)(r.next_due - S),
                     r.due_this_week);
    }
    /* a very long-running item: beyond the fortnights looked at, all count as missed */
    ProjectRound r;
    project_round(S, none, 0, S + (int64_t)(PROJECT_ROUNDS_MAX + 10) * F, &r);
    assert_int_equal(r.missed, PROJECT_ROUNDS_MAX + 10);
    assert_int_equal(r.next_due, S + (int64_t)(PROJECT_ROUNDS_MAX + 11) * F);
}

static void defect_level(void **state)
{
    (void)state;
    static const struct {
        int64_t now;
        int want;
    } rows[] = {
        {S - 1, 0}, {S, 0}, {S + 1, 1}, {S + D, 1}, {S + D + 1, 2}, {S + 2 * D, 2}, {S + 2 * D + 1, 3}, {S + 90 * D, 3},
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++)
        if (project_defect_level(S, rows[i].now) != rows[i].want)
            fail_msg("level row %zu: %d", i, project_defect_level(S, rows[i].now));
}

static void acceptance_rule(void **state)
{
    (void)state;
    static const char *const all[] = {"street", "planning", "housing", "fire", "community", "committee", "residents"};
    static const char *const no_fire[] = {"street", "planning", "housing", "community", "committee", "residents"};
    static const char *const contractor[] = {"contractor"};
    static const char *const supervisor[] = {"supervisor"};
    static const struct {
        ProjectStage stage;
        bool done[3];
        int64_t open;
        const char *const *roles;
        int n;
        ProjectAccRule want;
        const char *missing;
    } rows[] = {
        {PSTAGE_SELF, {false, false, false}, 0, contractor, 1, PACC_OK, NULL},
        {PSTAGE_SELF, {false, false, false}, 0, supervisor, 1, PACC_SIGNER_MISSING, "contractor"},
        {PSTAGE_SELF, {false, false, false}, 3, contractor, 1, PACC_OK, NULL}, /* defects do not stop a self-check */
        {PSTAGE_SELF, {true, false, false}, 0, contractor, 1, PACC_DONE_ALREADY, NULL},
        {PSTAGE_INITIAL, {false, false, false}, 0, supervisor, 1, PACC_PREVIOUS_MISSING, NULL},
        {PSTAGE_INITIAL, {true, false, false}, 0, supervisor, 1, PACC_OK, NULL},
        {PSTAGE_INITIAL, {true, false, false}, 0, contractor, 1, PACC_SIGNER_MISSING, "supervisor"},
        {PSTAGE_FINAL, {true, false, false}, 0, all, 7, PACC_PREVIOUS_MISSING, NULL},
        {PSTAGE_FINAL, {true, true, false}, 0, all, 7, PACC_OK, NULL},
        {PSTAGE_FINAL, {true, true, false}, 1, all, 7, PACC_OPEN_DEFECTS, NULL},
        {PSTAGE_FINAL, {true, true, false}, 0, no_fire, 6, PACC_SIGNER_MISSING, "fire"},
        {PSTAGE_FINAL, {true, true, false}, 0, all, 0, PACC_SIGNER_MISSING, "street"},
        {PSTAGE_FINAL, {true, true, true}, 0, all, 7, PACC_DONE_ALREADY, NULL},
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        const char *missing;
        ProjectAccRule got =
            project_acceptance_rule(rows[i].stage, rows[i].done, rows[i].open, rows[i].roles, rows[i].n, &missing);
        if (got != rows[i].want)
            fail_msg("acceptance row %zu: %d", i, got);
        if (rows[i].missing ? !missing || strcmp(missing, rows[i].missing) != 0 : missing != NULL)
            fail_msg("acceptance row %zu: missing %s", i, missing ? missing : "(none)");
    }
}

static void sign_rule(void **state)
{
    (void)state;
    assert_int_equal(project_sign_rule(true, false), PSIGN_OK);
    assert_int_equal(project_sign_rule(true, true), PSIGN_ALREADY);
    assert_int_equal(project_sign_rule(false, false), PSIGN_NOT_REP);
    assert_int_equal(project_sign_rule(false, true), PSIGN_NOT_REP);
}

/* The archive checklist: each kind without a document is missing, in order. */
static void archive_checklist(void **state)
{
    (void)state;
    static const struct {
        int64_t counts[PROJECT_ARCHIVE_KINDS];
        int missing;
        const char *first;
    } rows[] = {
        {{0, 0, 0, 0, 0, 0}, 6, "drawings"},
        {{1, 2, 1, 1, 1, 1}, 0, NULL},
        {{1, 1, 1, 1, 1, 0}, 1, "maintenance_manuals"},
        {{3, 0, 1, 0, 1, 1}, 2, "construction_records"},
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        const char *missing[PROJECT_ARCHIVE_KINDS];
        assert_int_equal(project_archive_missing(rows[i].counts, missing), rows[i].missing);
        if (rows[i].first)
            assert_string_equal(missing[0], rows[i].first);
    }
    assert_true(project_archive_kind_valid("facility_list"));
    assert_false(project_archive_kind_valid("poetry"));
    assert_string_equal(project_archive_kind_label_zh("accounts"), "结算账目");
}

/* The maintenance plan: the latest run due gets the order, those before it are missed. */
static void run_plan(void **state)
{
    (void)state;
    static const struct {
        int64_t next_due, interval, now, due, next, missed;
        bool late;
    } rows[] = {
        {1000 * PROJECT_DAY, 7 * PROJECT_DAY, 999 * PROJECT_DAY, 0, 1000 * PROJECT_DAY, 0, false},
        {1000 * PROJECT_DAY, 7 * PROJECT_DAY, 1000 * PROJECT_DAY, 1000 * PROJECT_DAY, 1007 * PROJECT_DAY, 0, false},
        {1000 * PROJECT_DAY, 7 * PROJECT_DAY, 1001 * PROJECT_DAY, 1000 * PROJECT_DAY, 1007 * PROJECT_DAY, 0, false},
        {1000 * PROJECT_DAY, 7 * PROJECT_DAY, 1002 * PROJECT_DAY, 1000 * PROJECT_DAY, 1007 * PROJECT_DAY, 0, true},
        {1000 * PROJECT_DAY, 7 * PROJECT_DAY, 1030 * PROJECT_DAY, 1028 * PROJECT_DAY, 1035 * PROJECT_DAY, 4, true},
        {1000 * PROJECT_DAY, 0, 1030 * PROJECT_DAY, 0, 1000 * PROJECT_DAY, 0, false},
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        ProjectRunPlan p;
        project_run_plan(rows[i].next_due, rows[i].interval, rows[i].now, &p);
        assert_int_equal(p.due, rows[i].due);
        assert_int_equal(p.next_due, rows[i].next);
        assert_int_equal(p.n_missed, rows[i].missed);
        assert_int_equal(p.late, rows[i].late);
    }
}

static void kinds_and_checklists(void **state)
{
    (void)state;
    assert_string_equal(project_kind_tier("pipes"), "basic");
    assert_string_equal(project_kind_tier("chargers"), "improvement");
    assert_string_equal(project_kind_tier("elderly"), "upgrade");
    assert_null(project_kind_tier("spaceport"));
    assert_null(project_kind_tier(NULL));
    assert_true(project_tier_valid("upgrade"));
    assert_false(project_tier_valid("luxury"));
    int n;
    assert_non_null(project_checklist("drainage", &n));
    assert_int_equal(n, 5);
    assert_null(project_checklist("spaceport", &n));
    const char *all[] = {"safety", "materials", "progress", "slope", "flow_test"};
    const char *dup[] = {"safety", "safety"};
    const char *other[] = {"rebar"};
    assert_null(project_checklist_fault("drainage", all, 5, NULL, 0));
    assert_null(project_checklist_fault("drainage", all, 3, all + 3, 2));
    assert_string_equal(project_checklist_fault("drainage", all, 4, NULL, 0), "flow_test");
    assert_string_equal(project_checklist_fault("drainage", dup, 2, NULL, 0), "safety");
    assert_string_equal(project_checklist_fault("drainage", all, 5, other, 1), "rebar");
    assert_string_equal(project_checklist_fault("drainage", all, 5, all, 1), "safety"); /* passed and failed */
    assert_int_equal(project_stage_parse("final"), PSTAGE_FINAL);
    assert_int_equal(project_stage_parse("done"), -1);
    assert_true(project_signer_role_valid("residents"));
    assert_false(project_signer_role_valid("mayor"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(start_rule),     cmocka_unit_test(fortnightly_round), cmocka_unit_test(defect_level),
        cmocka_unit_test(acceptance_rule), cmocka_unit_test(sign_rule),       cmocka_unit_test(kinds_and_checklists),
        cmocka_unit_test(archive_checklist),
        cmocka_unit_test(run_plan),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
