/* test_project_model.c: the projects' model on a real (SQLite) demo
 * database, no server: the demo's renovation is there; overdue defects
 * escalate one level a day, each step once however often the sweep runs
 * (audit and outbox each time), and a closed defect never escalates. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/arena.h"
#include "core/clock.h"
#include "demo/demo.h"
#include "grid/pii.h"
#include "project/project.h"
#include "store/db.h"

static char g_dir[64];
static Db *g_db;
static int64_t g_now;

static int setup(void **state)
{
    (void)state;
    snprintf(g_dir, sizeof g_dir, "/tmp/gz-project-XXXXXX");
    if (!mkdtemp(g_dir))
        return -1;
    char url[160], err[256] = "", key[128];
    snprintf(key, sizeof key, "%s/pii.key", g_dir);
    if (!pii_key_create(key, err, sizeof err) || !pii_key_load(key, err, sizeof err))
        return -1;
    snprintf(url, sizeof url, "sqlite:%s/demo.db", g_dir);
    g_db = db_open(url, err, sizeof err);
    if (!g_db || !db_migrate(g_db, err, sizeof err))
        return -1;
    clock_set(1781488800); /* 2026-06-15 10:00 Shanghai: a fixed instant, not today */
    DemoStats st;
    memset(&st, 0, sizeof st);
    bool ok = db_begin(g_db, true) && demo_build(g_db, 7, &st, err, sizeof err) &&
              project_demo(g_db, 7, err, sizeof err) && db_commit(g_db);
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

static int64_t scalar(const char *what, int64_t id)
{
    int64_t n = -1;
    bool ok = strcmp(what, "level") == 0
                  ? db_int(g_db, &n, "SELECT level FROM project_defect WHERE id = ?", DB_I(id))
              : strcmp(what, "audit") == 0
                  ? db_int(g_db, &n,
                           "SELECT COUNT(*) FROM audit_event WHERE entity = 'project_defect' AND entity_id = ? "
                           "AND action = 'escalate'",
                           DB_I(id))
                  : db_int(g_db, &n,
                           "SELECT COUNT(*) FROM notify_event WHERE type = 'project.defect_overdue' AND entity_id = ?",
                           DB_I(id));
    assert_true(ok);
    return n;
}

static int sweep(int64_t at)
{
    int n = -1;
    assert_true(db_begin(g_db, true));
    assert_true(project_defect_sweep(g_db, at, &n));
    assert_true(db_commit(g_db));
    return n;
}

static void the_demo_project_is_there(void **state)
{
    (void)state;
    int64_t n = 0;
    assert_true(db_int(g_db, &n, "SELECT COUNT(*) FROM project_item"));
    assert_int_equal(n, 3);
    assert_true(db_int(g_db, &n, "SELECT COUNT(*) FROM project_signature"));
    assert_int_equal(n, 2);
    assert_true(db_int(g_db, &n, "SELECT COUNT(*) FROM project_defect WHERE status = 'open'"));
    assert_int_equal(n, 1);
}

static void an_overdue_defect_climbs_one_level_a_day_each_step_once(void **state)
{
    (void)state;
    /* a fresh defect of the demo's drainage, due in 7 days */
    Arena *a = arena_new();
    Ctx c = {g_db, a, NULL, g_now};
    int64_t pid = 0, item = 0;
    assert_true(db_int(g_db, &pid, "SELECT MIN(id) FROM project"));
    assert_true(db_int(g_db, &item, "SELECT MIN(id) FROM project_item WHERE project_id = ?", DB_I(pid)));
    Project p;
    ProjectErr e;
    assert_true(db_begin(g_db, true));
    assert_true(project_get(&c, pid, &p, &e));
    static const char *const passed[] = {"safety", "materials", "progress", "slope"};
    static const char *const failed[] = {"flow_test"};
    ProjectInspectionNew in = {item, "fortnightly", NULL, "", passed, 4, failed, 1, 7};
    int64_t iid, did = 0;
    assert_true(project_inspect(&c, &p, &in, &iid, NULL, &e));
    assert_true(db_int(g_db, &did, "SELECT id FROM project_defect WHERE inspection_id = ?", DB_I(iid)));
    assert_true(db_commit(g_db));
    /* the demo's own overdue defect is escalated first; then only ours moves */
    sweep(g_now);
    int64_t due = g_now + 7 * PROJECT_DAY;
    assert_int_equal(sweep(due), 0);
    assert_int_equal(scalar("level", did), 0);
    assert_int_equal(sweep(due + 1), 1);
    assert_int_equal(scalar("level", did), 1);
    assert_int_equal(sweep(due + 1), 0); /* the same moment again: nothing */
    assert_int_equal(sweep(due + PROJECT_DAY), 0);
    assert_int_equal(sweep(due + PROJECT_DAY + 1), 1);
    assert_int_equal(scalar("level", did), 2);
    assert_int_equal(sweep(due + 30 * PROJECT_DAY), 1);
    assert_int_equal(scalar("level", did), 3);
    assert_int_equal(sweep(due + 60 * PROJECT_DAY), 0); /* 3 is the top */
    assert_int_equal(scalar("audit", did), 3);
    assert_int_equal(scalar("notify", did), 3);
    arena_free(a);
}

static void a_fixed_defect_does_not_escalate(void **state)
{
    (void)state;
    Arena *a = arena_new();
    Ctx c = {g_db, a, NULL, g_now};
    int64_t pid = 0, did = 0;
    assert_true(db_int(g_db, &pid, "SELECT MIN(id) FROM project"));
    assert_true(db_int(g_db, &did, "SELECT MIN(id) FROM project_defect WHERE project_id = ?", DB_I(pid)));
    Project p;
    ProjectErr e;
    assert_true(db_begin(g_db, true));
    assert_true(project_get(&c, pid, &p, &e));
    assert_true(project_defect_fixed(&c, &p, did, &e));
    assert_true(db_commit(g_db));
    int64_t before = scalar("level", did);
    assert_int_equal(sweep(g_now + 400 * PROJECT_DAY) >= 0, 1);
    assert_int_equal(scalar("level", did), before);
    arena_free(a);
}

/* More overdue defects than one batch: the sweep still reaches the newest. */
static void a_crowd_of_old_defects_does_not_hide_a_new_one(void **state)
{
    (void)state;
    Arena *a = arena_new();
    int64_t t = g_now + 1000 * PROJECT_DAY; /* far from the other tests' defects, all at level 3 by then */
    sweep(t - 10 * PROJECT_DAY);
    Ctx c = {g_db, a, NULL, t - 7 * PROJECT_DAY};
    int64_t pid = 0, item = 0;
    assert_true(db_int(g_db, &pid, "SELECT MIN(id) FROM project"));
    assert_true(db_int(g_db, &item, "SELECT MIN(id) FROM project_item WHERE project_id = ?", DB_I(pid)));
    Project p;
    ProjectErr e;
    static const char *const passed[] = {"safety", "materials", "progress", "slope"};
    static const char *const failed[] = {"flow_test"};
    ProjectInspectionNew in = {item, "fortnightly", NULL, "", passed, 4, failed, 1, 7};
    int64_t iid;
    assert_true(db_begin(g_db, true));
    assert_true(project_get(&c, pid, &p, &e));
    for (int i = 0; i < 230; i++)
        assert_true(project_inspect(&c, &p, &in, &iid, NULL, &e)); /* 230 defects due at t */
    c.now += PROJECT_DAY / 2;
    assert_true(project_inspect(&c, &p, &in, &iid, NULL, &e)); /* one due half a day later */
    int64_t newest = 0;
    assert_true(db_int(g_db, &newest, "SELECT id FROM project_defect WHERE inspection_id = ?", DB_I(iid)));
    assert_true(db_commit(g_db));
    assert_int_equal(sweep(t + 1), 230);
    assert_int_equal(scalar("level", newest), 0);
    assert_int_equal(sweep(t + PROJECT_DAY / 2 + 1), 1);
    assert_int_equal(scalar("level", newest), 1);
    arena_free(a);
}

static int maintenance(int64_t at)
{
    int n = -1;
    assert_true(db_begin(g_db, true));
    assert_true(project_maintenance_sweep(g_db, at, &n));
    assert_true(db_commit(g_db));
    return n;
}

static int64_t runs(int64_t facility, const char *state)
{
    int64_t n = -1;
    assert_true(db_int(g_db, &n, "SELECT COUNT(*) FROM facility_run WHERE facility_id = ? AND state = ?",
                       DB_I(facility), DB_T(state)));
    return n;
}

/* The scheduler as the clock moves: each run once, on time or late; after
 * downtime the latest run is raised and the ones it superseded are recorded
 * as missed, never silently skipped, never raised twice. */
static void scheduled_maintenance_catches_up_and_never_runs_twice(void **state)
{
    (void)state;
    Arena *a = arena_new();
    int64_t t = g_now + 3000 * PROJECT_DAY, d = PROJECT_DAY;
    Ctx c = {g_db, a, NULL, t - 30 * d};
    int64_t node = 0, org = 0;
    assert_true(db_int(g_db, &node, "SELECT MIN(node_id) FROM project"));
    assert_true(db_int(g_db, &org, "SELECT MIN(contractor_org_id) FROM project_item"));
    FacilityNew in = {.node_id = node, .maintainer_org_id = org, .type = "charger", .name = "充电桩A",
                      .location = "3栋北侧", .standard = "每周巡检", .fund_source = "合作方", .interval_days = 7,
                      .first_due = t};
    int64_t f = 0;
    ProjectErr e;
    assert_true(db_begin(g_db, true));
    assert_true(project_facility_add(&c, &in, &f, &e));
    FacilityNew bad = in;
    bad.maintainer_org_id = 0;
    int64_t none = 0;
    assert_false(project_facility_add(&c, &bad, &none, &e));
    assert_int_equal(e.msg, PM_NO_MAINTAINER);
    bad = in;
    bad.first_due = 0;
    assert_false(project_facility_add(&c, &bad, &none, &e));
    assert_int_equal(e.msg, PM_BAD_SCHEDULE);
    assert_true(db_commit(g_db));
    static const struct {
        int64_t at_days, at_hours;
        int raised;
        int64_t on_time, late, missed;
    } rows[] = {
        {-1, 0, 0, 0, 0, 0},  /* not due yet */
        {0, 0, 1, 1, 0, 0},   /* due: one order, on time */
        {0, 1, 0, 1, 0, 0},   /* the same run again: nothing */
        {7, 2, 1, 2, 0, 0},   /* the next, two hours on: within the grace */
        {17, 0, 1, 2, 1, 0},  /* the run of day 14, three days on: late */
        {52, 0, 1, 2, 2, 4},  /* down since: days 21..42 missed, day 49 raised late */
        {52, 5, 0, 2, 2, 4},  /* once only */
        {56, 0, 1, 3, 2, 4},  /* day 56 on time again */
    };
    int64_t raised = 0;
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        int64_t at = t + rows[i].at_days * d + rows[i].at_hours * 3600;
        maintenance(at); /* (the demo's own charger is serviced too) */
        int64_t now_raised = runs(f, "on_time") + runs(f, "late");
        assert_int_equal(now_raised - raised, rows[i].raised);
        raised = now_raised;
        assert_int_equal(runs(f, "on_time"), rows[i].on_time);
        assert_int_equal(runs(f, "late"), rows[i].late);
        assert_int_equal(runs(f, "missed"), rows[i].missed);
    }
    int64_t orders = 0;
    assert_true(db_int(g_db, &orders,
                       "SELECT COUNT(*) FROM facility_run WHERE facility_id = ? AND order_id IS NOT NULL", DB_I(f)));
    assert_int_equal(orders, 5);
    arena_free(a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(the_demo_project_is_there),
        cmocka_unit_test(an_overdue_defect_climbs_one_level_a_day_each_step_once),
        cmocka_unit_test(a_fixed_defect_does_not_escalate),
        cmocka_unit_test(a_crowd_of_old_defects_does_not_hide_a_new_one),
        cmocka_unit_test(scheduled_maintenance_catches_up_and_never_runs_twice),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
