/* test_workorder_rules.c: the pure rules of work orders: the state machine
 * table, the SLA clock (across midnight, over holidays and make-up days,
 * with and without working hours), pending deadlines, the escalation
 * ladder, percentiles, image types by content, Open311 input parsing and
 * the reporting scope. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>
#include <time.h>

#include "core/arena.h"
#include "workorder/workorder.h"

/* Shanghai wall time as Unix seconds. */
static int64_t sh(int y, int mo, int d, int h, int mi)
{
    struct tm tm;
    memset(&tm, 0, sizeof tm);
    tm.tm_year = y - 1900;
    tm.tm_mon = mo - 1;
    tm.tm_mday = d;
    tm.tm_hour = h;
    tm.tm_min = mi;
    return (int64_t)timegm(&tm) - 8 * 3600;
}

/* ---- state machine ---------------------------------------------------------- */

enum { RP = WO_CAP_REPORTER, DI = WO_CAP_DISPATCHER, HA = WO_CAP_HANDLER };

static void every_transition_of_the_closed_loop_is_allowed_to_its_role(void **state)
{
    (void)state;
    static const struct { WoState from; WoAction a; int caps; WoState to; } ok[] = {
        {WO_REPORTED, WO_ACT_ACCEPT, DI, WO_ACCEPTED},
        {WO_ACCEPTED, WO_ACT_DISPATCH, DI, WO_DISPATCHED},
        {WO_DISPATCHED, WO_ACT_DISPATCH, DI, WO_DISPATCHED},   /* re-dispatch */
        {WO_DISPATCHED, WO_ACT_PROGRESS, HA, WO_IN_PROGRESS},
        {WO_IN_PROGRESS, WO_ACT_PROGRESS, HA, WO_IN_PROGRESS},
        {WO_DISPATCHED, WO_ACT_DONE, HA, WO_DONE},
        {WO_IN_PROGRESS, WO_ACT_DONE, HA, WO_DONE},
        {WO_DONE, WO_ACT_CONFIRM, RP, WO_CLOSED},
        {WO_DONE, WO_ACT_REJECT, RP, WO_REOPENED},
        {WO_REOPENED, WO_ACT_DISPATCH, DI, WO_DISPATCHED},
        {WO_REOPENED, WO_ACT_PROGRESS, HA, WO_IN_PROGRESS},
        {WO_REPORTED, WO_ACT_MERGE, DI, WO_MERGED},
        {WO_ACCEPTED, WO_ACT_MERGE, DI, WO_MERGED},
        {WO_REPORTED, WO_ACT_HIDE, DI, WO_HIDDEN},
        {WO_ACCEPTED, WO_ACT_HIDE, DI, WO_HIDDEN},
        {WO_DONE, WO_ACT_CONFIRM, RP | DI | HA, WO_CLOSED},    /* extra capabilities do not hurt */
    };
    for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++) {
        WoDecision d = wo_decide(ok[i].from, ok[i].a, ok[i].caps, false, false);
        if (d.refusal != WO_OK || d.next != ok[i].to)
            fail_msg("%s --%s--> expected %s, got refusal %d next %s", wo_state_name(ok[i].from),
                     wo_action_name(ok[i].a), wo_state_name(ok[i].to), d.refusal, wo_state_name(d.next));
    }
}

static void a_transition_by_the_wrong_role_is_refused_with_the_role_it_needs(void **state)
{
    (void)state;
    static const struct { WoState from; WoAction a; int caps; WoWhy why; } bad[] = {
        {WO_REPORTED, WO_ACT_ACCEPT, RP, WO_WHY_NEED_DISPATCHER},     /* a resident cannot accept */
        {WO_REPORTED, WO_ACT_ACCEPT, HA, WO_WHY_NEED_DISPATCHER},     /* nor a contractor */
        {WO_DISPATCHED, WO_ACT_DONE, DI, WO_WHY_NEED_HANDLER},        /* the grid worker does not do the work */
        {WO_DISPATCHED, WO_ACT_PROGRESS, RP, WO_WHY_NEED_HANDLER},
        {WO_DONE, WO_ACT_CONFIRM, DI | HA, WO_WHY_NEED_REPORTER},     /* nobody confirms for the reporter */
        {WO_DONE, WO_ACT_REJECT, HA, WO_WHY_NEED_REPORTER},
        {WO_REPORTED, WO_ACT_HIDE, RP, WO_WHY_NEED_DISPATCHER},
        {WO_REPORTED, WO_ACT_ACCEPT, 0, WO_WHY_NEED_DISPATCHER},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        WoDecision d = wo_decide(bad[i].from, bad[i].a, bad[i].caps, false, true);
        assert_int_equal(d.refusal, WO_REFUSE_ROLE);
        assert_int_equal(d.why, bad[i].why);
        assert_int_equal(d.next, bad[i].from);
        assert_true(strlen(wo_why_zh(d.why)) > 0 && strlen(wo_why_en(d.why)) > 0);
    }
}

static void a_transition_out_of_order_is_refused_with_a_reason(void **state)
{
    (void)state;
    static const struct { WoState from; WoAction a; int caps; WoWhy why; } bad[] = {
        {WO_REPORTED, WO_ACT_DISPATCH, DI, WO_WHY_STATE},     /* accept first */
        {WO_REPORTED, WO_ACT_DONE, HA, WO_WHY_STATE},
        {WO_ACCEPTED, WO_ACT_ACCEPT, DI, WO_WHY_STATE},
        {WO_IN_PROGRESS, WO_ACT_CONFIRM, RP, WO_WHY_STATE},  /* not done yet */
        {WO_DISPATCHED, WO_ACT_MERGE, DI, WO_WHY_STATE},     /* merging is for fresh duplicates */
        {WO_CLOSED, WO_ACT_CONFIRM, RP, WO_WHY_ALREADY_CLOSED},
        {WO_CLOSED, WO_ACT_REJECT, RP, WO_WHY_FINISHED},
        {WO_MERGED, WO_ACT_ACCEPT, DI, WO_WHY_FINISHED},
        {WO_HIDDEN, WO_ACT_DISPATCH, DI, WO_WHY_FINISHED},
        {WO_DONE, WO_ACT_DONE, HA, WO_WHY_STATE},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        WoDecision d = wo_decide(bad[i].from, bad[i].a, bad[i].caps, true, true);
        if (d.refusal != WO_REFUSE_STATE || d.why != bad[i].why)
            fail_msg("%s --%s--> expected refusal why=%d, got %d/%d", wo_state_name(bad[i].from),
                     wo_action_name(bad[i].a), bad[i].why, d.refusal, d.why);
    }
}

static void staff_close_waits_for_the_confirm_window_and_meetings_are_for_complex_matters(void **state)
{
    (void)state;
    WoDecision d = wo_decide(WO_DONE, WO_ACT_CLOSE, DI, false, false);
    assert_int_equal(d.refusal, WO_REFUSE_TOO_EARLY);
    d = wo_decide(WO_DONE, WO_ACT_CLOSE, DI, false, true);
    assert_int_equal(d.refusal, WO_OK);
    assert_int_equal(d.next, WO_CLOSED);
    d = wo_decide(WO_ACCEPTED, WO_ACT_MEETING, DI, false, false);
    assert_int_equal(d.refusal, WO_REFUSE_NOT_COMPLEX);
    d = wo_decide(WO_ACCEPTED, WO_ACT_MEETING, DI, true, false);
    assert_int_equal(d.refusal, WO_OK);
    assert_int_equal(d.next, WO_ACCEPTED);
}

enum { CO = WO_CAP_COMMITTEE };

/* 自治结单 where the community requires the committee: the reporter's
 * confirmation waits for the committee, which closes or reopens. */
static void the_two_party_close_waits_for_the_committee(void **state)
{
    (void)state;
    static const struct {
        WoState from;
        WoAction a;
        int caps;
        bool committee;
        WoRefusal refusal;
        WoState to;
        WoWhy why;
    } rows[] = {
        /* switch off: as before, the reporter's confirmation closes */
        {WO_DONE, WO_ACT_CONFIRM, RP, false, WO_OK, WO_CLOSED, WO_WHY_NONE},
        /* switch on: it waits for the committee */
        {WO_DONE, WO_ACT_CONFIRM, RP, true, WO_OK, WO_CONFIRMED_BY_REPORTER, WO_WHY_NONE},
        {WO_DONE, WO_ACT_REJECT, RP, true, WO_OK, WO_REOPENED, WO_WHY_NONE},
        {WO_CONFIRMED_BY_REPORTER, WO_ACT_COMMITTEE_CONFIRM, CO, true, WO_OK, WO_CLOSED, WO_WHY_NONE},
        {WO_CONFIRMED_BY_REPORTER, WO_ACT_COMMITTEE_REJECT, CO, true, WO_OK, WO_REOPENED, WO_WHY_NONE},
        /* only the committee moves it on: not the reporter again, not staff, not the handler */
        {WO_CONFIRMED_BY_REPORTER, WO_ACT_CONFIRM, RP, true, WO_REFUSE_STATE, WO_CONFIRMED_BY_REPORTER,
         WO_WHY_AWAITING_COMMITTEE},
        {WO_CONFIRMED_BY_REPORTER, WO_ACT_REJECT, RP, true, WO_REFUSE_STATE, WO_CONFIRMED_BY_REPORTER,
         WO_WHY_AWAITING_COMMITTEE},
        {WO_CONFIRMED_BY_REPORTER, WO_ACT_COMMITTEE_CONFIRM, RP | DI | HA, true, WO_REFUSE_ROLE,
         WO_CONFIRMED_BY_REPORTER, WO_WHY_NEED_COMMITTEE},
        {WO_CONFIRMED_BY_REPORTER, WO_ACT_CLOSE, DI, true, WO_REFUSE_STATE, WO_CONFIRMED_BY_REPORTER, WO_WHY_STATE},
        {WO_CONFIRMED_BY_REPORTER, WO_ACT_DONE, HA, true, WO_REFUSE_STATE, WO_CONFIRMED_BY_REPORTER, WO_WHY_STATE},
        /* the committee confirms after the reporter, never instead */
        {WO_DONE, WO_ACT_COMMITTEE_CONFIRM, CO, true, WO_REFUSE_STATE, WO_DONE, WO_WHY_REPORTER_FIRST},
        {WO_DONE, WO_ACT_COMMITTEE_REJECT, CO, true, WO_REFUSE_STATE, WO_DONE, WO_WHY_REPORTER_FIRST},
        {WO_DONE, WO_ACT_CONFIRM, CO, true, WO_REFUSE_ROLE, WO_DONE, WO_WHY_NEED_REPORTER},
        /* a second committee confirmation */
        {WO_CLOSED, WO_ACT_COMMITTEE_CONFIRM, CO, true, WO_REFUSE_STATE, WO_CLOSED, WO_WHY_ALREADY_CLOSED},
        {WO_IN_PROGRESS, WO_ACT_COMMITTEE_CONFIRM, CO, true, WO_REFUSE_STATE, WO_IN_PROGRESS, WO_WHY_STATE},
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        WoDecision d = wo_decide_ex(rows[i].from, rows[i].a, rows[i].caps, false, false, rows[i].committee);
        if (d.refusal != rows[i].refusal || d.next != rows[i].to || d.why != rows[i].why)
            fail_msg("row %zu: %s --%s--> expected %d/%s/%d, got %d/%s/%d", i, wo_state_name(rows[i].from),
                     wo_action_name(rows[i].a), rows[i].refusal, wo_state_name(rows[i].to), rows[i].why, d.refusal,
                     wo_state_name(d.next), d.why);
        if (d.why != WO_WHY_NONE)
            assert_true(strlen(wo_why_zh(d.why)) > 0 && strlen(wo_why_en(d.why)) > 0);
    }
    /* wo_decide is the switch off */
    assert_int_equal(wo_decide(WO_DONE, WO_ACT_CONFIRM, RP, false, false).next, WO_CLOSED);
    assert_true(wo_state_is_open(WO_CONFIRMED_BY_REPORTER));
    assert_string_equal(wo_state_name(WO_CONFIRMED_BY_REPORTER), "confirmed_by_reporter");
    WoAction a;
    assert_true(wo_action_parse("committee_reject", &a));
    assert_int_equal(a, WO_ACT_COMMITTEE_REJECT);
    /* nothing is pending while the committee looks: no resolution or meeting clock runs */
    WoClock c = {WO_CONFIRMED_BY_REPORTER, 100, 200, 0, 300, 400, 500, 600, 700};
    assert_int_equal(wo_first_pending(&c), 0);
}

static void the_table_has_no_exit_from_a_finished_order(void **state)
{
    (void)state;
    WoState finished[] = {WO_CLOSED, WO_MERGED, WO_HIDDEN};
    for (size_t s = 0; s < 3; s++)
        for (int a = 0; a < WO__ACT_COUNT; a++) {
            assert_int_not_equal(wo_decide(finished[s], (WoAction)a, RP | DI | HA, true, true).refusal, WO_OK);
            assert_int_not_equal(wo_decide_ex(finished[s], (WoAction)a, RP | DI | HA | CO, true, true, true).refusal,
                                 WO_OK);
        }
    for (int s = 0; s < WO__STATE_COUNT; s++) {
        WoState back;
        assert_true(wo_state_parse(wo_state_name((WoState)s), &back));
        assert_int_equal(back, s);
    }
    WoState x;
    assert_false(wo_state_parse("open", &x));
    WoAction act;
    assert_false(wo_action_parse("fix", &act));
}

/* ---- SLA clock ---------------------------------------------------------------- */

static SlaCalendar office(void)
{
    SlaCalendar c;
    memset(&c, 0, sizeof c);
    assert_true(sla_week_parse("09:00-12:00,13:30-17:30;09:00-12:00,13:30-17:30;09:00-12:00,13:30-17:30;"
                               "09:00-12:00,13:30-17:30;09:00-12:00,13:30-17:30;;",
                               &c));
    for (int d = 20261001; d <= 20261007; d++)
        assert_true(sla_calendar_add_day(&c, d, true)); /* National Day */
    assert_true(sla_calendar_add_day(&c, 20261010, false)); /* a Saturday worked (调休) */
    return c;
}

static void the_sla_clock_counts_working_time_only_when_a_calendar_says_so(void **state)
{
    (void)state;
    SlaCalendar cal = office();
    static const struct {
        const char *what;
        int y, mo, d, h, mi;
        int64_t minutes;
        bool with_calendar;
        int ey, emo, ed, eh, emi;
    } cases[] = {
        {"24 h around the clock crosses midnight", 2026, 11, 20, 22, 0, 1440, false, 2026, 11, 21, 22, 0},
        {"2 h around the clock crosses midnight", 2026, 11, 20, 23, 30, 120, false, 2026, 11, 21, 1, 30},
        {"48 h around the clock ignores the weekend", 2026, 11, 20, 10, 0, 2880, false, 2026, 11, 22, 10, 0},
        {"inside one window", 2026, 11, 18, 9, 0, 60, true, 2026, 11, 18, 10, 0},
        {"over the lunch break", 2026, 11, 18, 11, 30, 60, true, 2026, 11, 18, 14, 0},
        {"ends exactly at closing time", 2026, 11, 18, 16, 30, 60, true, 2026, 11, 18, 17, 30},
        {"before opening starts at opening", 2026, 11, 18, 7, 0, 10, true, 2026, 11, 18, 9, 10},
        {"after closing goes to the next morning (across midnight)", 2026, 11, 18, 20, 0, 30, true, 2026, 11, 19, 9, 30},
        {"Friday afternoon runs into Monday", 2026, 11, 20, 16, 30, 120, true, 2026, 11, 23, 10, 0},
        {"reported on Saturday starts on Monday", 2026, 11, 21, 10, 0, 30, true, 2026, 11, 23, 9, 30},
        {"a full working day is 7 hours", 2026, 11, 18, 9, 0, 420, true, 2026, 11, 18, 17, 30},
        {"24 working hours span several days", 2026, 11, 18, 9, 0, 1440, true, 2026, 11, 23, 12, 0},
        {"over the National Day holiday", 2026, 9, 30, 17, 0, 60, true, 2026, 10, 8, 9, 30},
        {"a make-up Saturday is worked with Monday's hours", 2026, 10, 9, 17, 0, 120, true, 2026, 10, 10, 10, 30},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        int64_t start = sh(cases[i].y, cases[i].mo, cases[i].d, cases[i].h, cases[i].mi);
        int64_t want = sh(cases[i].ey, cases[i].emo, cases[i].ed, cases[i].eh, cases[i].emi);
        int64_t got = sla_deadline(start, cases[i].minutes, cases[i].with_calendar ? &cal : NULL);
        if (got != want)
            fail_msg("%s: off by %lld s", cases[i].what, (long long)(got - want));
    }
    assert_int_equal(sla_deadline(12345, 0, &cal), 12345);
    /* a calendar without any window counts around the clock */
    SlaCalendar empty;
    memset(&empty, 0, sizeof empty);
    assert_true(sla_week_parse(";;;;;;", &empty));
    assert_int_equal(sla_deadline(1000, 10, &empty), 1600);
}

static void a_week_spec_is_parsed_strictly(void **state)
{
    (void)state;
    SlaCalendar c;
    memset(&c, 0, sizeof c);
    assert_true(sla_week_parse("08:00-18:00;08:00-18:00;08:00-18:00;08:00-18:00;08:00-18:00;09:00-12:00;", &c));
    assert_int_equal(c.n_windows[5], 1);
    assert_int_equal(c.n_windows[6], 0);
    const char *bad[] = {"", "09:00-12:00", "09:00-12:00;;;;;;;", "12:00-09:00;;;;;;", "9:00-12:00;;;;;;",
                         "09:00-12:00,11:00-13:00;;;;;;", "25:00-26:00;;;;;;", "09:00-12:00 ;;;;;;", NULL};
    for (int i = 0; bad[i]; i++)
        if (sla_week_parse(bad[i], &c))
            fail_msg("accepted the bad week spec \"%s\"", bad[i]);
    assert_false(sla_calendar_add_day(&c, 20261301, true));
    assert_false(sla_calendar_add_day(&c, 123, true));
    assert_int_equal(sla_local_date(sh(2026, 11, 21, 23, 59)), 20261121);
    assert_int_equal(sla_local_date(sh(2026, 11, 22, 0, 0)), 20261122); /* 16:00 UTC is already tomorrow */
    assert_int_equal(sla_local_month(sh(2026, 12, 31, 23, 0)), 202612);
}

static void the_earliest_unmet_deadline_is_the_one_pending(void **state)
{
    (void)state;
    WoClock c = {WO_REPORTED, 0, 0, 0, 0, 100, 0, 0, 500};
    assert_int_equal(wo_first_pending(&c), 100);           /* waiting for a response */
    c.state = WO_ACCEPTED;
    c.accepted_at = 90;
    assert_int_equal(wo_first_pending(&c), 500);           /* responded: the resolution remains */
    c.state = WO_DISPATCHED;
    c.onsite_due = 300;
    assert_int_equal(wo_first_pending(&c), 300);           /* nobody on site yet */
    c.state = WO_IN_PROGRESS;
    c.onsite_at = 250;
    c.meeting_due = 200;
    assert_int_equal(wo_first_pending(&c), 200);           /* the meeting is not held */
    c.meeting_at = 150;
    assert_int_equal(wo_first_pending(&c), 500);
    c.state = WO_DONE;
    c.done_at = 400;
    assert_int_equal(wo_first_pending(&c), 0);             /* done: nothing pending */
    c.state = WO_REOPENED;
    c.done_at = 0;
    assert_int_equal(wo_first_pending(&c), 500);           /* rejected: the resolution is pending again */
    c.state = WO_CLOSED;
    assert_int_equal(wo_first_pending(&c), 0);
}

/* ---- escalation ------------------------------------------------------------------ */

static void the_ladder_climbs_one_step_at_a_time_when_each_falls_due(void **state)
{
    (void)state;
    WoEscStep ladder[] = {{1, 0, "grid"}, {2, 1440, "community"}, {3, 4320, "street"}};
    int64_t since = 1000000, next;
    assert_int_equal(wo_escalation_step(ladder, 3, 0, since, since - 1, &next), -1);
    assert_int_equal(next, since);
    assert_int_equal(wo_escalation_step(ladder, 3, 0, since, since, &next), 0);       /* grid at once */
    assert_int_equal(wo_escalation_step(ladder, 3, 1, since, since + 3600, &next), -1);
    assert_int_equal(next, since + 1440 * 60);
    assert_int_equal(wo_escalation_step(ladder, 3, 1, since, since + 1440 * 60, &next), 1); /* community after a day */
    assert_int_equal(wo_escalation_step(ladder, 3, 2, since, since + 10 * 86400, &next), 2); /* street */
    assert_int_equal(wo_escalation_step(ladder, 3, 3, since, since + 100 * 86400, &next), -1);
    assert_int_equal(next, 0);                                                      /* the top: nothing more */
    /* a clock jump of a week: the caller loops, one recorded step each */
    int level = 0, steps = 0, i;
    while ((i = wo_escalation_step(ladder, 3, level, since, since + 7 * 86400, &next)) >= 0) {
        level = ladder[i].level;
        steps++;
    }
    assert_int_equal(steps, 3);
    assert_int_equal(level, 3);
}

/* ---- metrics ------------------------------------------------------------------------ */

static void percentiles_use_the_nearest_rank(void **state)
{
    (void)state;
    int64_t v[] = {10, 20, 30, 40, 50, 60, 70, 80, 90, 100};
    static const struct {
        int n, pct;
        int64_t want;
    } cases[] = {
        {10, 50, 50}, {10, 90, 90}, {10, 100, 100}, {10, 1, 10}, {1, 90, 10}, {1, 50, 10},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        int64_t got = -1;
        assert_true(wo_percentile(v, cases[i].n, cases[i].pct, &got));
        assert_int_equal(got, cases[i].want);
    }
    int64_t three[] = {5, 7, 100}, got = -1;
    assert_true(wo_percentile(three, 3, 50, &got));
    assert_int_equal(got, 7);
    assert_true(wo_percentile(three, 3, 90, &got));
    assert_int_equal(got, 100);
    /* one order resolved in the same second it was reported: a median of 0, which is a value */
    int64_t zero[] = {0};
    assert_true(wo_percentile(zero, 1, 50, &got));
    assert_int_equal(got, 0);
}

static void an_empty_set_has_no_percentile_not_a_zero_one(void **state)
{
    (void)state;
    int64_t v[] = {10}, got = -1;
    assert_false(wo_percentile(v, 0, 50, &got));
    assert_false(wo_percentile(v, 0, 90, &got));
    assert_int_equal(got, -1);
}

/* ---- photos and Open311 input ----------------------------------------------------------- */

static void an_image_is_known_by_its_bytes_not_its_name(void **state)
{
    (void)state;
    const char *ext;
    assert_string_equal(wo_image_type((const unsigned char *)"\xff\xd8\xff\xe0....", 8, &ext), "image/jpeg");
    assert_string_equal(ext, "jpg");
    assert_string_equal(wo_image_type((const unsigned char *)"\x89PNG\r\n\x1a\n....", 12, &ext), "image/png");
    assert_string_equal(wo_image_type((const unsigned char *)"RIFF\x10\0\0\0WEBPVP8 ", 16, &ext), "image/webp");
    assert_null(wo_image_type((const unsigned char *)"GIF89a......", 12, &ext));
    assert_null(wo_image_type((const unsigned char *)"<svg xmlns=", 11, &ext));
    assert_null(wo_image_type((const unsigned char *)"RIFF\x10\0\0\0WAVE", 12, &ext));
    assert_null(wo_image_type((const unsigned char *)"\xff\xd8", 2, &ext));
    assert_null(ext);
}

static void open311_dates_and_coordinates_are_parsed_exactly(void **state)
{
    (void)state;
    int64_t t;
    assert_true(wo_parse_w3c("2010-01-01T00:00:00Z", &t));
    assert_int_equal(t, 1262304000);
    assert_true(wo_parse_w3c("2010-01-01T08:00:00+08:00", &t));
    assert_int_equal(t, 1262304000);
    assert_true(wo_parse_w3c("2009-12-31T19:00-05:00", &t));
    assert_int_equal(t, 1262304000);
    assert_true(wo_parse_w3c("2010-01-01T00:00:00.250Z", &t));
    assert_int_equal(t, 1262304000);
    assert_true(wo_parse_w3c("2010-01-01", &t)); /* a bare date: Shanghai midnight */
    assert_int_equal(t, 1262304000 - 8 * 3600);
    const char *bad[] = {"", "2010-01-01T00:00:00", "2010-13-01T00:00:00Z", "2010-01-01T25:00Z", "yesterday",
                         "2010-01-01T00:00:00+8", "2010/01/01", NULL};
    for (int i = 0; bad[i]; i++)
        if (wo_parse_w3c(bad[i], &t))
            fail_msg("accepted the bad date \"%s\"", bad[i]);
    int64_t e6;
    assert_true(wo_parse_coord("30.657", 90, &e6));
    assert_int_equal(e6, 30657000);
    assert_true(wo_parse_coord("-104.0661234", 180, &e6));
    assert_int_equal(e6, -104066123);
    assert_true(wo_parse_coord("90", 90, &e6));
    assert_int_equal(e6, 90000000);
    assert_false(wo_parse_coord("90.000001", 90, &e6));
    assert_false(wo_parse_coord("181", 180, &e6));
    assert_false(wo_parse_coord("1e3", 180, &e6));
    assert_false(wo_parse_coord("", 180, &e6));
    assert_false(wo_parse_coord("-", 180, &e6));
    assert_false(wo_parse_coord("30,5", 90, &e6));
}

/* ---- personal data in free text ------------------------------------------------------------ */

static void reporter_names_are_masked(void **state)
{
    (void)state;
    Arena *a = arena_new();
    assert_string_equal(wo_name_mask(a, "王小明"), "王**");
    assert_string_equal(wo_name_mask(a, "Li"), "L**");
    assert_null(wo_name_mask(a, ""));
    arena_free(a);
}

/* ---- scope ----------------------------------------------------------------------------------- */

static void a_resident_reports_anywhere_in_their_compound_and_nowhere_else(void **state)
{
    (void)state;
    Grant res = {ROLE_RESIDENT, 9, "/1/2/3/4/5/6/7/9/", "/1/2/3/4/5/"};
    Principal resident = {1, "r", "r", 1, &res, "zh"};
    assert_true(wo_may_report_at(&resident, "/1/2/3/4/5/"));        /* the compound */
    assert_true(wo_may_report_at(&resident, "/1/2/3/4/5/8/"));      /* another building of it */
    assert_true(wo_may_report_at(&resident, "/1/2/3/4/5/6/7/9/"));  /* home */
    assert_false(wo_may_report_at(&resident, "/1/2/3/4/50/"));      /* a neighbouring compound */
    assert_false(wo_may_report_at(&resident, "/1/2/3/"));           /* the grid */
    Grant con = {ROLE_CONTRACTOR, 2, "/1/2/", NULL};
    Principal contractor = {2, "c", "c", 1, &con, "zh"};
    assert_false(wo_may_report_at(&contractor, "/1/2/3/4/5/"));     /* contractors do not report */
    Grant gw = {ROLE_GRID_WORKER, 3, "/1/2/3/", NULL};
    Principal grid = {3, "g", "g", 1, &gw, "zh"};
    assert_true(wo_may_report_at(&grid, "/1/2/3/4/5/"));
    assert_false(wo_may_report_at(&grid, "/1/2/30/4/5/"));
    assert_false(wo_may_report_at(NULL, "/1/"));
}

static void durations_read_in_days_hours_and_minutes(void **state)
{
    (void)state;
    static const struct { int64_t m; const char *zh; } rows[] = {
        {0, "0 分钟"}, {-5, "0 分钟"}, {30, "30 分钟"}, {60, "1 小时"}, {90, "1 小时 30 分钟"}, {1440, "1 天"},
        {2880, "2 天"}, {1500, "1 天 1 小时"}, {1441, "1 天 1 分钟"}, {10080, "7 天"}, {21600, "15 天"},
    };
    char out[48];
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        wo_minutes_zh(rows[i].m, out);
        assert_string_equal(out, rows[i].zh);
    }
    int64_t m = -1;
    assert_true(wo_minutes_from(2, "day", 1000000, &m));
    assert_int_equal(m, 2880);
    assert_true(wo_minutes_from(3, "hour", 1000000, &m));
    assert_int_equal(m, 180);
    assert_true(wo_minutes_from(45, NULL, 1000000, &m));
    assert_int_equal(m, 45);
    assert_true(wo_minutes_from(45, "", 1000000, &m));
    assert_int_equal(m, 45);
    assert_false(wo_minutes_from(1, "week", 1000000, &m));
    assert_false(wo_minutes_from(1000, "day", 1000000, &m)); /* 1,440,000 > max */
    assert_false(wo_minutes_from(-1, "hour", 1000000, &m));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(durations_read_in_days_hours_and_minutes),
        cmocka_unit_test(every_transition_of_the_closed_loop_is_allowed_to_its_role),
        cmocka_unit_test(a_transition_by_the_wrong_role_is_refused_with_the_role_it_needs),
        cmocka_unit_test(a_transition_out_of_order_is_refused_with_a_reason),
        cmocka_unit_test(staff_close_waits_for_the_confirm_window_and_meetings_are_for_complex_matters),
        cmocka_unit_test(the_two_party_close_waits_for_the_committee),
        cmocka_unit_test(the_table_has_no_exit_from_a_finished_order),
        cmocka_unit_test(the_sla_clock_counts_working_time_only_when_a_calendar_says_so),
        cmocka_unit_test(a_week_spec_is_parsed_strictly),
        cmocka_unit_test(the_earliest_unmet_deadline_is_the_one_pending),
        cmocka_unit_test(the_ladder_climbs_one_step_at_a_time_when_each_falls_due),
        cmocka_unit_test(percentiles_use_the_nearest_rank),
        cmocka_unit_test(an_empty_set_has_no_percentile_not_a_zero_one),
        cmocka_unit_test(an_image_is_known_by_its_bytes_not_its_name),
        cmocka_unit_test(open311_dates_and_coordinates_are_parsed_exactly),
        cmocka_unit_test(reporter_names_are_masked),
        cmocka_unit_test(a_resident_reports_anywhere_in_their_compound_and_nowhere_else),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
