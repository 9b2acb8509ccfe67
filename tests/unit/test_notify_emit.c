/* test_notify_emit.c: an event is written in the caller's transaction (gone
 * with a rollback, kept with a commit), malformed events are refused and
 * write nothing, and the delivery side reads them back in id order. */
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
#include "notify/notify.h"
#include "store/db.h"

static char g_dir[64];
static Db *g_db;

static int setup(void **state)
{
    (void)state;
    snprintf(g_dir, sizeof g_dir, "/tmp/gz_test_notify_XXXXXX");
    if (!mkdtemp(g_dir))
        return -1;
    char url[128], err[256];
    snprintf(url, sizeof url, "sqlite:%s/t.db", g_dir);
    g_db = db_open(url, err, sizeof err);
    return g_db && db_migrate(g_db, err, sizeof err) ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    db_close(g_db);
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf %s", g_dir);
    return system(cmd) == 0 ? 0 : -1;
}

static int64_t count(void)
{
    int64_t n = -1;
    assert_true(db_int(g_db, &n, "SELECT COUNT(*) FROM notify_event"));
    return n;
}

static NotifyEvent sample(void)
{
    return (NotifyEvent){.type = "wo.dispatched", .entity = "work_order", .entity_id = 12, .node_path = "/1/4/",
                         .urgent = true, .user_id = 7, .title = "工单 #12 已派给您", .body = "漏水 · 3号楼",
                         .link = "/workorders/12"};
}

static void test_rollback_and_commit(void **state)
{
    (void)state;
    Arena *a = arena_new();
    Ctx c = {.db = g_db, .arena = a, .who = NULL, .now = 1000};
    NotifyEvent e = sample();
    assert_true(db_begin(g_db, true));
    assert_true(notify_emit(&c, &e, NULL));
    db_rollback(g_db);
    assert_int_equal(count(), 0);

    int64_t id = 0;
    assert_true(db_begin(g_db, true));
    assert_true(notify_emit(&c, &e, &id));
    assert_true(db_commit(g_db));
    assert_int_equal(count(), 1);

    NotifyRow rows[4];
    assert_true(db_begin(g_db, false));
    int n = notify_events_after(&c, 0, rows, 4);
    assert_true(db_commit(g_db));
    assert_int_equal(n, 1);
    assert_int_equal(rows[0].id, id);
    assert_string_equal(rows[0].type, "wo.dispatched");
    assert_string_equal(rows[0].node_path, "/1/4/");
    assert_true(rows[0].urgent);
    assert_int_equal(rows[0].user_id, 7);
    assert_int_equal(rows[0].created_at, 1000);
    assert_string_equal(rows[0].link, "/workorders/12");
    assert_int_equal(notify_events_after(&c, id, rows, 4), 0);
    arena_free(a);
}

static void test_malformed_refused(void **state)
{
    (void)state;
    Arena *a = arena_new();
    Ctx c = {.db = g_db, .arena = a, .who = NULL, .now = 1000};
    int64_t before = count();
    struct {
        const char *why;
        NotifyEvent e;
    } rows[] = {
        {"type without a dot", sample()}, {"type upper case", sample()}, {"no title", sample()},
        {"link not a path", sample()},    {"path not closed", sample()}, {"body too long", sample()},
    };
    rows[0].e.type = "dispatched";
    rows[1].e.type = "WO.dispatched";
    rows[2].e.title = "";
    rows[3].e.link = "https://example.com/";
    rows[4].e.node_path = "/1/4";
    char *big = malloc(NOTIFY_BODY_MAX + 2);
    memset(big, 'x', NOTIFY_BODY_MAX + 1);
    big[NOTIFY_BODY_MAX + 1] = '\0';
    rows[5].e.body = big;
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        assert_true(db_begin(g_db, true));
        bool ok = notify_emit(&c, &rows[i].e, NULL);
        db_rollback(g_db);
        print_message("%s\n", rows[i].why);
        assert_false(ok);
    }
    assert_int_equal(count(), before);
    free(big);
    arena_free(a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_rollback_and_commit),
        cmocka_unit_test(test_malformed_refused),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
