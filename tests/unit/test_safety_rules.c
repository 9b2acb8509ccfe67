/* test_safety_rules.c: the safety's pure rules, one row per boundary: the
 * likelihood x consequence matrix (default and configured), what a grade
 * sets (deadline, owner), when a hazard is late; and the error table has a
 * complete row for every SafetyMsg. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "core/clock.h"
#include "safety/web_int.h"

static void the_default_matrix_grades_each_corner_and_edge(void **state)
{
    (void)state;
    SafetyMatrix m;
    assert_true(safety_matrix_parse(SAFETY_MATRIX_DEFAULT, &m));
    static const struct {
        int l, c;
        HazardGrade want;
    } rows[] = {
        {1, 1, GRADE_BLUE},   {1, 4, GRADE_BLUE},   {1, 5, GRADE_YELLOW}, {2, 2, GRADE_BLUE},
        {2, 3, GRADE_YELLOW}, {3, 1, GRADE_BLUE},   {3, 2, GRADE_YELLOW}, {3, 4, GRADE_YELLOW},
        {3, 5, GRADE_RED},    {4, 3, GRADE_YELLOW}, {4, 4, GRADE_RED},    {5, 1, GRADE_YELLOW},
        {5, 2, GRADE_YELLOW}, {5, 3, GRADE_RED},    {5, 5, GRADE_RED},
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        HazardGrade g;
        assert_true(safety_grade(&m, rows[i].l, rows[i].c, &g));
        if (g != rows[i].want)
            fail_msg("likelihood %d consequence %d: %s, want %s", rows[i].l, rows[i].c, safety_grade_name(g),
                     safety_grade_name(rows[i].want));
    }
}

static void a_grade_outside_the_matrix_is_refused(void **state)
{
    (void)state;
    SafetyMatrix m;
    HazardGrade g = GRADE_BLUE;
    assert_true(safety_matrix_parse(SAFETY_MATRIX_DEFAULT, &m));
    static const int bad[][2] = {{0, 1}, {1, 0}, {6, 1}, {1, 6}, {-1, 3}, {3, 100}};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        assert_false(safety_grade(&m, bad[i][0], bad[i][1], &g));
    assert_int_equal(g, GRADE_BLUE);
}

static void a_configured_matrix_replaces_the_default_and_a_bad_one_is_refused(void **state)
{
    (void)state;
    SafetyMatrix m;
    HazardGrade g;
    assert_true(safety_matrix_parse("rrrrrrrrrrrrrrrrrrrrrrrrb", &m));
    assert_true(safety_grade(&m, 1, 1, &g));
    assert_int_equal(g, GRADE_RED);
    assert_true(safety_grade(&m, 5, 5, &g));
    assert_int_equal(g, GRADE_BLUE);
    SafetyMatrix keep = m;
    assert_false(safety_matrix_parse("rrrr", &m));                        /* too short */
    assert_false(safety_matrix_parse("rrrrrrrrrrrrrrrrrrrrrrrrbb", &m));  /* too long */
    assert_false(safety_matrix_parse("rrrrrrrrrrrrrrrrrrrrrrrrx", &m));   /* not r/y/b */
    assert_false(safety_matrix_parse(NULL, &m));
    assert_memory_equal(&m, &keep, sizeof m);
}

static void a_grade_sets_its_deadline_and_owner(void **state)
{
    (void)state;
    const int64_t t = 1780000000;
    assert_int_equal(safety_deadline(GRADE_RED, t), t + 86400);
    assert_int_equal(safety_deadline(GRADE_YELLOW, t), t + 7 * 86400);
    assert_int_equal(safety_deadline(GRADE_BLUE, t), t + 30 * 86400);
    assert_string_equal(safety_grade_owner_role(GRADE_RED), "community_staff");
    assert_string_equal(safety_grade_owner_role(GRADE_YELLOW), "grid_worker");
    assert_string_equal(safety_grade_owner_role(GRADE_BLUE), "micro_grid_worker");
    /* late strictly after the deadline */
    assert_false(safety_overdue(t, t - 1));
    assert_false(safety_overdue(t, t));
    assert_true(safety_overdue(t, t + 1));
}

static void grade_names_round_trip(void **state)
{
    (void)state;
    for (int i = 0; i < GRADE__COUNT; i++) {
        HazardGrade g;
        assert_true(safety_grade_parse(safety_grade_name((HazardGrade)i), &g));
        assert_int_equal(g, i);
        assert_true(strlen(safety_grade_label_zh((HazardGrade)i)) > 0);
    }
    HazardGrade g;
    assert_false(safety_grade_parse("orange", &g));
    assert_false(safety_grade_parse(NULL, &g));
    assert_true(safety_source_valid("patrol"));
    assert_true(safety_source_valid("resident"));
    assert_false(safety_source_valid("rumour"));
    assert_false(safety_source_valid(""));
}

static void a_round_state_follows_its_window_and_names_the_skipped(void **state)
{
    (void)state;
    const int64_t S = 1000, E = 2000, SINCE = 0;
    static const struct {
        bool done[3];
        int64_t since, now;
        RoundState want;
        int skipped[3], n_skipped;
    } rows[] = {
        {{0, 0, 0}, 0, 999, ROUND_PENDING, {0}, 0},            /* before the window */
        {{0, 0, 0}, 0, 1000, ROUND_PENDING, {0}, 0},           /* open, none yet */
        {{1, 0, 0}, 0, 1500, ROUND_IN_PROGRESS, {0}, 0},       /* open, some: nothing skipped yet */
        {{1, 1, 1}, 0, 1500, ROUND_COMPLETED, {0}, 0},         /* all, while open */
        {{1, 1, 1}, 0, 5000, ROUND_COMPLETED, {0}, 0},         /* all, after */
        {{1, 1, 0}, 0, 1999, ROUND_IN_PROGRESS, {0}, 0},       /* the last second of the window */
        {{1, 0, 1}, 0, 2000, ROUND_INCOMPLETE, {1}, 1},        /* the window's end: the middle one skipped */
        {{0, 0, 0}, 0, 2000, ROUND_EXPIRED, {0, 1, 2}, 3},     /* none: all skipped */
        {{0, 0, 0}, 2000, 9000, ROUND_NOT_DUE, {0}, 0},        /* ended as the route was made */
        {{0, 0, 0}, 1999, 9000, ROUND_EXPIRED, {0, 1, 2}, 3},  /* made a second before its end: due */
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        int skipped[3] = {-1, -1, -1}, n = -1;
        RoundState got = safety_round_state(3, rows[i].done, S, E, rows[i].since, rows[i].now, skipped, &n);
        if (got != rows[i].want)
            fail_msg("row %zu: %s, want %s", i, safety_round_state_name(got), safety_round_state_name(rows[i].want));
        assert_int_equal(n, rows[i].n_skipped);
        for (int k = 0; k < n; k++)
            assert_int_equal(skipped[k], rows[i].skipped[k]);
    }
    (void)SINCE;
    int sk[1], n;
    assert_int_equal(safety_round_state(0, NULL, S, E, 0, 5000, sk, &n), ROUND_EXPIRED); /* no points: never complete */
}

static void the_slots_and_the_clock_flag(void **state)
{
    (void)state;
    const int64_t day = 1781452800; /* a local midnight */
    int64_t s, e;
    PatrolSlot p;
    safety_slot_window(day, SLOT_AM, &s, &e);
    assert_int_equal(s, day + 6 * 3600);
    assert_int_equal(e, day + 12 * 3600);
    safety_slot_window(day, SLOT_PM, &s, &e);
    assert_int_equal(s, day + 14 * 3600);
    assert_int_equal(e, day + 22 * 3600);
    assert_false(safety_slot_at(day, day + 6 * 3600 - 1, &p));
    assert_true(safety_slot_at(day, day + 6 * 3600, &p));
    assert_int_equal(p, SLOT_AM);
    assert_true(safety_slot_at(day, day + 12 * 3600 - 1, &p));
    assert_false(safety_slot_at(day, day + 12 * 3600, &p));
    assert_false(safety_slot_at(day, day + 14 * 3600 - 1, &p));
    assert_true(safety_slot_at(day, day + 14 * 3600, &p));
    assert_int_equal(p, SLOT_PM);
    assert_false(safety_slot_at(day, day + 22 * 3600, &p));
    assert_false(safety_clock_flagged(0, 5000));      /* no device time */
    assert_false(safety_clock_flagged(5300, 5000));   /* 5 minutes: still agreeing */
    assert_true(safety_clock_flagged(5301, 5000));
    assert_false(safety_clock_flagged(4700, 5000));
    assert_true(safety_clock_flagged(4699, 5000));
    char d[16];
    safety_ymd_text(20260615, d);
    assert_string_equal(d, "2026-06-15");
}

static void parties_are_seen_by_the_cases_own_mediators_only(void **state)
{
    (void)state;
    /* may mediate there, assigned to the case -> sees the parties */
    assert_true(safety_parties_visible(true, true));
    assert_false(safety_parties_visible(true, false));  /* a mediator of the place, not of this case */
    assert_false(safety_parties_visible(false, true));  /* assigned, but the right is gone */
    assert_false(safety_parties_visible(false, false));
    Arena *a = arena_new();
    assert_string_equal(safety_mask_name(a, "王建国"), "王*");
    assert_string_equal(safety_mask_name(a, "Li"), "L*");
    assert_string_equal(safety_mask_name(a, ""), "");
    arena_free(a);
}

static void plan_kinds_and_incident_times(void **state)
{
    (void)state;
    static const char *const ok[] = {"fire", "flood", "gas", "structural", "public_health", "crowd"};
    for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++)
        assert_true(safety_plan_kind_valid(ok[i]));
    assert_false(safety_plan_kind_valid("meteor"));
    assert_false(safety_plan_kind_valid(""));
    assert_false(safety_plan_kind_valid(NULL));
    assert_string_equal(safety_plan_kind_label_zh("fire"), "火灾");
    int64_t first, dur;
    const int64_t at[] = {1000, 1000, 1600, 4000};
    safety_incident_times(1000, at, 4, 8200, &first, &dur);
    assert_int_equal(first, 10); /* the first line after the declaration, 600 s later */
    assert_int_equal(dur, 120);
    safety_incident_times(1000, at, 2, 0, &first, &dur); /* only lines at the declaration, still open */
    assert_int_equal(first, -1);
    assert_int_equal(dur, 0);
    safety_incident_times(1000, NULL, 0, 1059, &first, &dur);
    assert_int_equal(first, -1);
    assert_int_equal(dur, 0); /* under a minute */
}

static void quarters_and_age_bands(void **state)
{
    (void)state;
    int64_t s, e;
    assert_true(safety_quarter_parse("2026-Q2", &s, &e));
    assert_int_equal(s, clock_local_day_start(2026, 4, 1));
    assert_int_equal(e, clock_local_day_start(2026, 7, 1));
    assert_true(safety_quarter_parse("2026-Q4", &s, &e));
    assert_int_equal(s, clock_local_day_start(2026, 10, 1));
    assert_int_equal(e, clock_local_day_start(2027, 1, 1)); /* into the next year */
    static const char *const bad[] = {"2026-Q0", "2026-Q5", "2026Q1", "26-Q1", "1999-Q1", "2201-Q1", "2026-q1", "abcd-Q1", ""};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        assert_false(safety_quarter_parse(bad[i], &s, &e));
    assert_false(safety_quarter_parse(NULL, &s, &e));
    const int64_t t = 1780000000, D = 86400;
    assert_int_equal(safety_age_band(t, t), 0);
    assert_int_equal(safety_age_band(t, t + 7 * D - 1), 0);
    assert_int_equal(safety_age_band(t, t + 7 * D), 1);
    assert_int_equal(safety_age_band(t, t + 30 * D - 1), 1);
    assert_int_equal(safety_age_band(t, t + 30 * D), 2);
    assert_int_equal(safety_age_band(t, t + 90 * D - 1), 2);
    assert_int_equal(safety_age_band(t, t + 90 * D), 3);
}

static void every_msg_has_a_row(void **state)
{
    (void)state;
    for (int m = 0; m < SM__COUNT; m++) {
        const ErrorText *t = safety_err_text((SafetyMsg)m);
        if (!t || !t->code || !t->zh || !t->en || !t->code[0] || !t->zh[0] || !t->en[0])
            fail_msg("SafetyMsg %d has no complete row in safety/messages.c", m);
        bool server = m == SM_BUSY || m == SM_INTERNAL;
        if (server != (t->status >= 500))
            fail_msg("SafetyMsg %d (%s): status %d", m, t->code, t->status);
    }
    assert_null(safety_err_text(SM__COUNT));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(the_default_matrix_grades_each_corner_and_edge),
        cmocka_unit_test(a_grade_outside_the_matrix_is_refused),
        cmocka_unit_test(a_configured_matrix_replaces_the_default_and_a_bad_one_is_refused),
        cmocka_unit_test(a_grade_sets_its_deadline_and_owner),
        cmocka_unit_test(grade_names_round_trip),
        cmocka_unit_test(a_round_state_follows_its_window_and_names_the_skipped),
        cmocka_unit_test(the_slots_and_the_clock_flag),
        cmocka_unit_test(parties_are_seen_by_the_cases_own_mediators_only),
        cmocka_unit_test(plan_kinds_and_incident_times),
        cmocka_unit_test(quarters_and_age_bands),
        cmocka_unit_test(every_msg_has_a_row),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
