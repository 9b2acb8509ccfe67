/* test_device.c: the rules of devices (the event table, deduplication, the
 * token hash) and the silent-device sweep: a device quiet longer than its
 * window raises one urgent notify event, not another until it speaks again. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/arena.h"
#include "device/device.h"
#include "grid/pii.h"
#include "store/db.h"

static char g_dir[64];
static Db *g_db;

static int setup(void **state)
{
    (void)state;
    snprintf(g_dir, sizeof g_dir, "/tmp/gz-device-XXXXXX");
    if (!mkdtemp(g_dir))
        return -1;
    char url[160], err[256] = "", key[128];
    snprintf(key, sizeof key, "%s/pii.key", g_dir);
    if (!pii_key_create(key, err, sizeof err) || !pii_key_load(key, err, sizeof err))
        return -1;
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

static void test_rules(void **state)
{
    (void)state;
    assert_string_equal(device_rule("smoke")->category, "fire_safety");
    assert_true(device_rule("smoke")->urgent);
    assert_string_equal(device_rule("bin_full")->category, "garbage");
    assert_false(device_rule("bin_full")->urgent);
    assert_string_equal(device_rule("water_leak")->category, "leak");
    assert_non_null(device_rule("door_forced"));
    assert_non_null(device_rule("charger_fault"));
    assert_null(device_rule("Smoke"));
    assert_null(device_rule(NULL));
    assert_true(device_kind_valid("smart_bin"));
    assert_false(device_kind_valid("toaster"));
    /* deduplication: the same event within the window, its order still open */
    assert_true(device_is_duplicate(1000, true, 1000 + DEVICE_DEDUP_WINDOW - 1, DEVICE_DEDUP_WINDOW));
    assert_false(device_is_duplicate(1000, true, 1000 + DEVICE_DEDUP_WINDOW, DEVICE_DEDUP_WINDOW));
    assert_false(device_is_duplicate(1000, false, 1001, DEVICE_DEDUP_WINDOW)); /* closed: a new order */
    assert_false(device_is_duplicate(0, true, 1001, DEVICE_DEDUP_WINDOW));     /* never raised */
    char h1[65], h2[65];
    device_token_hash("gzd_a", h1);
    device_token_hash("gzd_b", h2);
    assert_int_equal(strlen(h1), 64);
    assert_string_not_equal(h1, h2);
}

static int64_t alerts(void)
{
    int64_t n = -1;
    assert_true(db_int(g_db, &n, "SELECT COUNT(*) FROM notify_event WHERE type = 'device.silent' AND urgent = 1"));
    return n;
}

static void test_silent_sweep(void **state)
{
    (void)state;
    Arena *a = arena_new();
    Ctx c = {.db = g_db, .arena = a, .now = 1780000000};
    DeviceErr e;
    int64_t id = 0;
    const char *token = NULL;
    assert_true(db_begin(g_db, true));
    assert_true(device_add(&c, 4, "/1/4/", "地下室水浸", "leak_sensor", 600, &id, &token, &e));
    assert_true(db_commit(g_db));
    char hash[65];
    device_token_hash(token, hash);
    int64_t stored = 0;
    assert_true(db_int(g_db, &stored, "SELECT COUNT(*) FROM device WHERE token_hash = ?", DB_T(hash)));
    assert_int_equal(stored, 1); /* the hash, not the token, is kept */
    int n = -1;
    c.now += 600;
    assert_true(db_begin(g_db, true));
    assert_true(device_silent_sweep(&c, &n));
    assert_true(db_commit(g_db));
    assert_int_equal(n, 0); /* not yet */
    c.now += 1;
    assert_true(db_begin(g_db, true));
    assert_true(device_silent_sweep(&c, &n));
    assert_true(db_commit(g_db));
    assert_int_equal(n, 1);
    assert_int_equal(alerts(), 1);
    c.now += 3600;
    assert_true(db_begin(g_db, true));
    assert_true(device_silent_sweep(&c, &n));
    assert_true(db_commit(g_db));
    assert_int_equal(n, 0); /* once until it speaks again */
    assert_int_equal(alerts(), 1);
    /* a revoked device is not watched */
    assert_true(db_begin(g_db, true));
    assert_true(device_revoke(&c, id, &e));
    assert_true(db_exec(g_db, "UPDATE device SET silent_alerted_at = NULL WHERE id = ?", DB_I(id)));
    c.now += 3600;
    assert_true(device_silent_sweep(&c, &n));
    assert_true(db_commit(g_db));
    assert_int_equal(n, 0);
    arena_free(a);
}

int main(void)
{
    if (sodium_init() < 0)
        return 1;
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_rules),
        cmocka_unit_test(test_silent_sweep),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
