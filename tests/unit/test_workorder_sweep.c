/* test_workorder_sweep.c: the sweep on a real (SQLite) demo database: an overdue order is marked once
 * and climbs the ladder one recorded step at a time (timeline, audit log, notify_event), a second sweep
 * at the same moment does nothing, a coordination meeting the votes capability tells workorder about meets a
 * complex order's deadline, and the demo's year of orders is there, varied and left swept. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "auth/audit.h"
#include "core/clock.h"
#include "demo/demo.h"
#include "grid/pii.h"
#include "store/db.h"
#include "core/arena.h"
#include "workorder/wo_int.h"
#include "workorder/workorder.h"

static char g_dir[64];
static Db *g_db;
static int64_t g_now;

static int setup(void **state)
{
    (void)state;
    snprintf(g_dir, sizeof g_dir, "/tmp/gz-wo-sweep-XXXXXX");
    if (!mkdtemp(g_dir))
        return -1;
    char url[160], err[256] = "", key[128];
    snprintf(key, sizeof key, "%s/pii.key", g_dir);
    if (!pii_key_create(key, err, sizeof err) || !pii_key_load(key, err, sizeof err)) {
        fprintf(stderr, "pii key: %s\n", err);
        return -1;
    }
    snprintf(url, sizeof url, "sqlite:%s/demo.db", g_dir);
    g_db = db_open(url, err, sizeof err);
    if (!g_db || !db_migrate(g_db, err, sizeof err)) {
        fprintf(stderr, "open/migrate: %s\n", err);
        return -1;
    }
    /* The demo's year of orders ends at the clock's now: a fixed mid-month
     * instant (2026-06-15 10:00 Shanghai), not today. */
    clock_set(1781488800);
    DemoStats st;
    memset(&st, 0, sizeof st);
    bool ok = db_begin(g_db, true) && demo_build(g_db, 7, &st, err, sizeof err) &&
              workorder_demo(g_db, 7, err, sizeof err) && db_commit(g_db);
    if (!ok) {
        fprintf(stderr, "demo: %s %s\n", err, db_errmsg(g_db));
        return -1;
    }
    g_now = clock_now();
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    db_close(g_db);
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf %s", g_dir);
    return system(cmd) == 0 ? 0 : -1;
}

static int64_t count(const char *sql_kind, int64_t id)
{
    int64_t n = -1;
    if (strcmp(sql_kind, "event") == 0)
        db_int(g_db, &n, "SELECT COUNT(*) FROM wo_event WHERE order_id = ? AND kind = 'escalate'", DB_I(id));
    else if (strcmp(sql_kind, "overdue_event") == 0)
        db_int(g_db, &n, "SELECT COUNT(*) FROM wo_event WHERE order_id = ? AND kind = 'overdue'", DB_I(id));
    else if (strcmp(sql_kind, "outbox") == 0)
        db_int(g_db, &n,
               "SELECT COUNT(*) FROM notify_event WHERE entity = 'work_order' AND entity_id = ? "
               "AND type = 'workorder.escalated' AND urgent = 1",
               DB_I(id));
    else if (strcmp(sql_kind, "outbox_overdue") == 0)
        db_int(g_db, &n,
               "SELECT COUNT(*) FROM notify_event WHERE entity_id = ? AND type = 'workorder.overdue'", DB_I(id));
    else if (strcmp(sql_kind, "audit") == 0)
        db_int(g_db, &n, "SELECT COUNT(*) FROM audit_event WHERE entity = 'work_order' AND entity_id = ? "
                         "AND action = 'escalate'",
               DB_I(id));
    else if (strcmp(sql_kind, "level") == 0)
        db_int(g_db, &n, "SELECT escalation_level FROM work_order WHERE id = ?", DB_I(id));
    return n;
}

static int sweep_at(int64_t t)
{
    int n = -1;
    assert_true(db_begin(g_db, true));
    assert_true(workorder_sweep(g_db, t, &n));
    assert_true(db_commit(g_db));
    return n;
}

/* A fresh order in the pilot compound, reported `ago` seconds before g_now, never accepted. */
static int64_t unanswered_order(int64_t ago)
{
    int64_t id = 0, created = g_now - ago;
    DbStmt *st = db_query(
        g_db,
        "INSERT INTO work_order (community_id, grid_id, compound_id, node_id, node_path, category_id, class, state, "
        "is_open, description, channel, created_month, created_at, updated_at, response_due, resolve_due, "
        "confirm_minutes, next_check) SELECT community_id, grid_id, compound_id, compound_id, "
        "(SELECT path FROM node WHERE id = w.compound_id), category_id, 'routine', 'reported', 1, '测试', 'app', "
        "created_month, ?, ?, ?, ?, 10080, ? FROM work_order w ORDER BY id LIMIT 1 RETURNING id",
        DB_I(created), DB_I(created), DB_I(created + 86400), DB_I(created + 7 * 86400), DB_I(created + 86400));
    if (db_step(st) == DB_ROW)
        id = db_col_int(st, 0);
    assert_true(db_done(st));
    assert_true(id > 0);
    return id;
}

static void an_unanswered_order_climbs_the_ladder_one_recorded_step_at_a_time(void **state)
{
    (void)state;
    assert_true(db_begin(g_db, true));
    int64_t id = unanswered_order(25 * 3600); /* the 24 h response passed an hour ago */
    assert_true(db_commit(g_db));
    int n = sweep_at(g_now);
    assert_true(n >= 1);
    assert_int_equal(count("level", id), 1);
    assert_int_equal(count("overdue_event", id), 1);
    assert_int_equal(count("outbox_overdue", id), 1);
    assert_int_equal(count("event", id), 1);
    assert_int_equal(count("outbox", id), 1);
    assert_int_equal(count("audit", id), 1);
    int64_t overdue = 0;
    db_int(g_db, &overdue, "SELECT overdue FROM work_order WHERE id = ?", DB_I(id));
    assert_int_equal(overdue, 1);

    /* the same moment again: nothing new */
    assert_int_equal(sweep_at(g_now), 0);
    assert_int_equal(count("event", id), 1);

    /* a day after the deadline: the community; three days after: the street office */
    sweep_at(g_now + 24 * 3600);
    assert_int_equal(count("level", id), 2);
    sweep_at(g_now + 4 * 86400);
    assert_int_equal(count("level", id), 3);
    assert_int_equal(count("event", id), 3);
    assert_int_equal(count("outbox", id), 3);
    assert_int_equal(count("audit", id), 3);
    assert_int_equal(count("overdue_event", id), 1); /* marked overdue once */
    /* the top of the ladder: the order needs no more looking at */
    int64_t nc = 1;
    db_int(g_db, &nc, "SELECT COUNT(*) FROM work_order WHERE id = ? AND next_check IS NULL", DB_I(id));
    assert_int_equal(nc, 1);
    char payload[256] = "";
    DbStmt *st = db_query(g_db,
                          "SELECT data FROM notify_event WHERE entity_id = ? AND type = 'workorder.escalated' "
                          "ORDER BY id DESC LIMIT 1",
                          DB_I(id));
    if (db_step(st) == DB_ROW)
        snprintf(payload, sizeof payload, "%s", db_col_text(st, 0));
    db_done(st);
    assert_non_null(strstr(payload, "\"target\":\"street\""));
    assert_non_null(strstr(payload, "\"level\":3"));
    AuditCheck chk;
    assert_true(audit_verify(g_db, &chk));
    assert_int_equal(chk.first_bad, 0); /* the system's escalations keep the chain whole */
}

static void a_clock_jump_climbs_several_steps_in_one_sweep(void **state)
{
    (void)state;
    assert_true(db_begin(g_db, true));
    int64_t id = unanswered_order(60); /* due in 24 h */
    assert_true(db_commit(g_db));
    assert_int_equal(count("level", id), 0);
    sweep_at(g_now);
    assert_int_equal(count("level", id), 0); /* not due yet */
    sweep_at(g_now + 10 * 86400);
    assert_int_equal(count("level", id), 3);
    assert_int_equal(count("event", id), 3); /* each step on the timeline */
}

/* A complex order's "coordination meeting within 48 h": the votes
 * capability tells workorder through the model (wo_meeting_linked,
 * wo_meeting_held, with a Ctx, as vote's meeting model does in its own
 * transaction); the sweep records the link on the timeline once, and a
 * meeting held, once its start has passed, meets the deadline. */
static void a_held_coordination_meeting_meets_the_complex_deadline(void **state)
{
    (void)state;
    Arena *a = arena_new();
    Ctx c = {g_db, a, NULL, g_now};
    WoErr e;
    assert_true(db_begin(g_db, true));
    int64_t held = unanswered_order(3600), missed = unanswered_order(3600), routine = unanswered_order(3600);
    int64_t due = g_now + 47 * 3600;
    for (int k = 0; k < 2; k++)
        assert_true(db_exec(g_db,
                            "UPDATE work_order SET class = 'complex', state = 'accepted', accepted_at = ?, "
                            "meeting_due = ?, next_check = ? WHERE id = ?",
                            DB_I(g_now - 3000), DB_I(due), DB_I(due), DB_I(k ? missed : held)));
    /* meeting ids are the votes capability's; workorder only keeps them */
    const int64_t meeting = 900001, on_routine = 900002;
    assert_true(wo_meeting_linked(&c, held, meeting, "协调会", g_now + 24 * 3600, &e));
    assert_true(wo_meeting_linked(&c, routine, on_routine, "普通事项的会", g_now - 3600, &e));
    /* a meeting that coordinates no order: nothing to change, no error */
    assert_true(wo_meeting_held(&c, 900003, false, &e));
    assert_true(db_commit(g_db));

    WoMeeting *ms = NULL;
    int n = -1;
    assert_true(wo_meetings_of_order(&c, held, &ms, &n));
    assert_int_equal(n, 1);
    assert_int_equal(ms[0].meeting_id, meeting);
    assert_string_equal(ms[0].title, "协调会");
    assert_int_equal(ms[0].starts_at, g_now + 24 * 3600);
    assert_string_equal(ms[0].status, "planned");
    assert_true(wo_meetings_of_order(&c, missed, &ms, &n));
    assert_int_equal(n, 0);

    sweep_at(g_now);
    int64_t linked = -1, met = -1;
    db_int(g_db, &linked, "SELECT COUNT(*) FROM wo_event WHERE order_id = ? AND kind = 'meeting_linked' AND ref_id = ?",
           DB_I(held), DB_I(meeting));
    assert_int_equal(linked, 1);
    db_int(g_db, &met, "SELECT COALESCE(meeting_at, 0) FROM work_order WHERE id = ?", DB_I(held));
    assert_int_equal(met, 0); /* planned is not held */
    sweep_at(g_now + 60);
    db_int(g_db, &linked, "SELECT COUNT(*) FROM wo_event WHERE order_id = ? AND kind = 'meeting_linked'", DB_I(held));
    assert_int_equal(linked, 1); /* linked once */
    int64_t ob = 0;
    db_int(g_db, &ob, "SELECT COUNT(*) FROM notify_event WHERE entity_id = ? AND type = 'workorder.meeting_linked'",
           DB_I(held));
    assert_int_equal(ob, 1);
    /* a routine order's meeting is not put on its timeline */
    db_int(g_db, &linked, "SELECT COUNT(*) FROM wo_event WHERE order_id = ? AND kind = 'meeting_linked'",
           DB_I(routine));
    assert_int_equal(linked, 0);

    /* minutes recorded before the start (vote marks it held): not yet counted */
    assert_true(db_begin(g_db, true));
    assert_true(wo_meeting_held(&c, meeting, false, &e));
    assert_true(db_commit(g_db));
    assert_true(wo_meetings_of_order(&c, held, &ms, &n));
    assert_string_equal(ms[0].status, "held");
    sweep_at(g_now + 120);
    db_int(g_db, &met, "SELECT COALESCE(meeting_at, 0) FROM work_order WHERE id = ?", DB_I(held));
    assert_int_equal(met, 0);
    /* the start passes: the meeting meets the deadline at its start, once */
    sweep_at(g_now + 25 * 3600);
    db_int(g_db, &met, "SELECT COALESCE(meeting_at, 0) FROM work_order WHERE id = ?", DB_I(held));
    assert_int_equal(met, g_now + 24 * 3600);
    int64_t ev = 0;
    db_int(g_db, &ev, "SELECT COUNT(*) FROM wo_event WHERE order_id = ? AND kind = 'meeting_held' AND ref_id = ?",
           DB_I(held), DB_I(meeting));
    assert_int_equal(ev, 1);
    /* its minutes published later: still one meeting_held */
    assert_true(db_begin(g_db, true));
    assert_true(wo_meeting_held(&c, meeting, true, &e));
    assert_true(db_commit(g_db));
    sweep_at(g_now + 26 * 3600);
    db_int(g_db, &ev, "SELECT COUNT(*) FROM wo_event WHERE order_id = ? AND kind = 'meeting_held'", DB_I(held));
    assert_int_equal(ev, 1);
    assert_true(wo_meetings_of_order(&c, held, &ms, &n));
    assert_string_equal(ms[0].status, "published");

    /* past the 48 h: the order with its meeting is not overdue; the one without is */
    sweep_at(g_now + 48 * 3600);
    int64_t od_held = -1, od_missed = -1;
    db_int(g_db, &od_held, "SELECT overdue FROM work_order WHERE id = ?", DB_I(held));
    db_int(g_db, &od_missed, "SELECT overdue FROM work_order WHERE id = ?", DB_I(missed));
    assert_int_equal(od_held, 0);
    assert_int_equal(od_missed, 1);
    assert_int_equal(count("level", missed), 1);
    arena_free(a);
}

static void the_demo_holds_a_varied_year_of_orders_left_swept(void **state)
{
    (void)state;
    int64_t n = 0, open = 0, reopened = 0, rated = 0, bad_rating = 1, cats = 0, months = 0, due = 1, late = 0;
    db_int(g_db, &n, "SELECT COUNT(*) FROM work_order");
    db_int(g_db, &open, "SELECT COUNT(*) FROM work_order WHERE is_open = 1");
    db_int(g_db, &reopened, "SELECT COUNT(*) FROM work_order WHERE reopen_count > 0");
    db_int(g_db, &rated, "SELECT COUNT(*) FROM work_order WHERE rating IS NOT NULL");
    db_int(g_db, &bad_rating, "SELECT COUNT(*) FROM work_order WHERE rating < 1 OR rating > 5");
    db_int(g_db, &cats, "SELECT COUNT(DISTINCT category_id) FROM work_order");
    db_int(g_db, &months, "SELECT COUNT(DISTINCT created_month) FROM work_order");
    db_int(g_db, &late, "SELECT COUNT(*) FROM work_order WHERE accepted_at > response_due");
    assert_true(n >= 2000);
    assert_true(open > 10 && open < n / 10);
    assert_true(reopened > 50);
    assert_true(rated > n / 2);
    assert_int_equal(bad_rating, 0);
    assert_true(cats >= 10);
    assert_true(months >= 12);
    assert_true(late > 50); /* some late responses, for the metrics */
    /* every order has its timeline starting with the report */
    int64_t without = 1;
    db_int(g_db, &without,
           "SELECT COUNT(*) FROM work_order o WHERE NOT EXISTS (SELECT 1 FROM wo_event e WHERE e.order_id = o.id "
           "AND e.kind = 'report')");
    assert_int_equal(without, 0);
    /* the demo's own final sweep left nothing overdue-and-unswept at its time */
    db_int(g_db, &due,
           "SELECT COUNT(*) FROM work_order WHERE is_open = 1 AND next_check < ?",
           DB_I(g_now - 3600));
    assert_int_equal(due, 0);
}


/* A capability raises an order (a project's concern with its 24-hour
 * commitment): it carries its source, its SLA override, a null reporter for
 * the system, and is found again through wo_orders_of_source; a bad source,
 * place or category writes nothing. */
static void another_capability_raises_an_order_and_finds_it_again(void **state)
{
    (void)state;
    Arena *a = arena_new();
    int64_t compound = 0;
    assert_true(db_int(g_db, &compound, "SELECT compound_id FROM work_order ORDER BY id LIMIT 1"));
    Ctx c = {.db = g_db, .arena = a, .who = NULL, .now = g_now};
    WoErr e = {0};
    int64_t before = -1, after = -1, id = 0;
    assert_true(db_int(g_db, &before, "SELECT COUNT(*) FROM work_order"));

    assert_true(db_begin(g_db, true));
    WoRaise bad = {.node_id = compound, .category_code = "leak", .description = "漏水", .source_kind = "Project",
                   .source_id = 3};
    assert_false(wo_raise(&c, &bad, &id, &e));
    assert_int_equal(e.msg, WM_BAD_SOURCE);
    bad.source_kind = "project";
    bad.category_code = "no_such_category";
    assert_false(wo_raise(&c, &bad, &id, &e));
    assert_int_equal(e.msg, WM_UNKNOWN_CATEGORY);
    bad.category_code = "leak";
    bad.node_id = 999999;
    assert_false(wo_raise(&c, &bad, &id, &e));
    assert_int_equal(e.msg, WM_NO_PLACE);
    bad.node_id = compound;
    bad.description = "";
    assert_false(wo_raise(&c, &bad, &id, &e));
    assert_int_equal(e.msg, WM_DESCRIPTION_REQUIRED);
    assert_true(db_int(g_db, &after, "SELECT COUNT(*) FROM work_order"));
    assert_int_equal(after, before);

    WoRaise in = {.node_id = compound, .category_code = "leak", .description = "施工期间漏水",
                  .source_kind = "project", .source_id = 3, .response_minutes = 60, .resolve_minutes = 24 * 60};
    assert_true(wo_raise(&c, &in, &id, &e));
    assert_true(db_commit(g_db));

    int64_t due = 0, src = 0, null_reporter = 0;
    assert_true(db_int(g_db, &due, "SELECT resolve_due - created_at FROM work_order WHERE id = ?", DB_I(id)));
    assert_true(due >= 24 * 3600); /* a working calendar may stretch it, never shorten it */
    assert_true(db_int(g_db, &src, "SELECT source_id FROM work_order WHERE id = ? AND source_kind = 'project'",
                       DB_I(id)));
    assert_int_equal(src, 3);
    assert_true(db_int(g_db, &null_reporter, "SELECT COUNT(*) FROM work_order WHERE id = ? AND reporter_id IS NULL",
                       DB_I(id)));
    assert_int_equal(null_reporter, 1);

    WoSourceOrder rows[4];
    assert_int_equal(wo_orders_of_source(&c, "project", 3, rows, 4), 1);
    assert_int_equal(rows[0].id, id);
    assert_true(rows[0].is_open);
    assert_int_equal(rows[0].state, WO_REPORTED);
    assert_string_equal(rows[0].description, "施工期间漏水");
    assert_int_equal(wo_orders_of_source(&c, "project", 4, rows, 4), 0);
    arena_free(a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        /* first, before the other tests add orders and sweep days ahead */
        cmocka_unit_test(the_demo_holds_a_varied_year_of_orders_left_swept),
        cmocka_unit_test(an_unanswered_order_climbs_the_ladder_one_recorded_step_at_a_time),
        cmocka_unit_test(a_clock_jump_climbs_several_steps_in_one_sweep),
        cmocka_unit_test(a_held_coordination_meeting_meets_the_complex_deadline),
        cmocka_unit_test(another_capability_raises_an_order_and_finds_it_again),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
