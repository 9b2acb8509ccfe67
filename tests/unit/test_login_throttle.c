/* test_login_throttle.c: the login throttle on a real SQLite database: the
 * growing wait, per account at an address, per address and per account;
 * nothing a stranger does slows the owner at an address they signed in
 * from; counts expire; typed names are kept only as keyed hashes. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "auth/session.h"
#include "core/clock.h"
#include "store/db.h"

typedef struct {
    char dir[64];
    Db *db;
    int64_t owner; /* user id of "owner" */
} Fixture;

static int setup(void **state)
{
    Fixture *f = calloc(1, sizeof *f);
    snprintf(f->dir, sizeof f->dir, "/tmp/gz_test_throttle_XXXXXX");
    if (!mkdtemp(f->dir))
        return -1;
    char url[128], err[256];
    snprintf(url, sizeof url, "sqlite:%s/t.db", f->dir);
    f->db = db_open(url, err, sizeof err);
    if (!f->db || !db_migrate(f->db, err, sizeof err))
        return -1;
    auth_login_key_set((const unsigned char[32]){7});
    if (!db_int(f->db, &f->owner,
                "INSERT INTO app_user (username, display_name, pw_hash, created_at, updated_at) "
                "VALUES ('owner', 'owner', 'x', 0, 0) RETURNING id"))
        return -1;
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    Fixture *f = *state;
    db_close(f->db);
    char file[128];
    const char *suffix[] = {"", "-wal", "-shm"};
    for (int i = 0; i < 3; i++) {
        snprintf(file, sizeof file, "%s/t.db%s", f->dir, suffix[i]);
        unlink(file);
    }
    rmdir(f->dir);
    free(f);
    clock_shift(-clock_offset());
    return 0;
}

/* The wait before a try by (user id or typed name) from address. */
static int64_t wait_for(Fixture *f, int64_t uid, const char *name, const char *address)
{
    LoginSubject s;
    login_subject(&s, uid, name, address);
    int64_t w = -1;
    assert_true(login_throttle_wait(f->db, &s, &w));
    return w;
}

/* A failed try, made as the login handler does: only when not throttled. */
static void fail_once(Fixture *f, int64_t uid, const char *name, const char *address)
{
    LoginSubject s;
    login_subject(&s, uid, name, address);
    int64_t w = -1;
    assert_true(login_throttle_wait(f->db, &s, &w));
    assert_int_equal(w, 0);
    assert_true(login_throttle_failure(f->db, &s));
}

static void succeed(Fixture *f, int64_t uid, const char *address)
{
    LoginSubject s;
    login_subject(&s, uid, "owner", address);
    int64_t w = -1;
    assert_true(login_throttle_wait(f->db, &s, &w));
    assert_int_equal(w, 0);
    assert_true(login_throttle_success(f->db, &s));
}

static void the_wait_grows_from_one_second_and_is_capped(void **state)
{
    (void)state;
    static const struct {
        int failures, free_failures;
        int64_t cap, want;
    } cases[] = {
        {0, 5, 900, 0},    {4, 5, 900, 0},     {5, 5, 900, 2},     {6, 5, 900, 4},
        {7, 5, 900, 8},    {13, 5, 900, 512},  {14, 5, 900, 900},  {70, 5, 900, 900},
        {1000000, 5, 900, 900}, {5, 5, 0, 0}, {30, 30, 60, 2},     {35, 30, 60, 60},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        print_message("failures %d free %d cap %lld\n", cases[i].failures, cases[i].free_failures,
                      (long long)cases[i].cap);
        assert_int_equal(login_delay(cases[i].failures, cases[i].free_failures, cases[i].cap), cases[i].want);
    }
}

static void five_failures_from_one_address_slow_that_address_only(void **state)
{
    Fixture *f = *state;
    for (int i = 0; i < 5; i++)
        fail_once(f, f->owner, "owner", "203.0.113.9");
    assert_int_equal(wait_for(f, f->owner, "owner", "203.0.113.9"), 2);
    assert_int_equal(wait_for(f, f->owner, "owner", "198.51.100.4"), 0);
    clock_shift(2);
    fail_once(f, f->owner, "owner", "203.0.113.9");
    assert_int_equal(wait_for(f, f->owner, "owner", "203.0.113.9"), 4);
    clock_shift(4);
    fail_once(f, f->owner, "owner", "203.0.113.9");
    assert_int_equal(wait_for(f, f->owner, "owner", "203.0.113.9"), 8);
    clock_shift(3);
    assert_int_equal(wait_for(f, f->owner, "owner", "203.0.113.9"), 5); /* the time already waited counts */
}

static void strangers_everywhere_never_slow_the_owner_where_they_signed_in_before(void **state)
{
    Fixture *f = *state;
    succeed(f, f->owner, "192.0.2.10"); /* home */
    /* a botnet: 200 addresses, a few guesses each, spread over time */
    char addr[32];
    for (int i = 0; i < 200; i++) {
        snprintf(addr, sizeof addr, "10.1.%d.%d", i / 250, i % 250);
        int64_t w = wait_for(f, f->owner, "owner", addr);
        clock_shift(w);
        fail_once(f, f->owner, "owner", addr);
    }
    assert_int_equal(wait_for(f, f->owner, "owner", "192.0.2.10"), 0);
    /* from anywhere else the owner waits, briefly: never a lock-out */
    int64_t elsewhere = wait_for(f, f->owner, "owner", "198.51.100.77");
    assert_true(elsewhere > 0);
    assert_true(elsewhere <= 60);
}

static void the_owner_mistyping_at_home_is_slowed_by_their_own_failures_only(void **state)
{
    Fixture *f = *state;
    succeed(f, f->owner, "192.0.2.10");
    for (int i = 0; i < 5; i++)
        fail_once(f, f->owner, "owner", "192.0.2.10");
    assert_int_equal(wait_for(f, f->owner, "owner", "192.0.2.10"), 2);
    /* their own mistakes are not counted against the account elsewhere */
    assert_int_equal(wait_for(f, f->owner, "owner", "198.51.100.77"), 0);
    clock_shift(2);
    succeed(f, f->owner, "192.0.2.10");
    assert_int_equal(wait_for(f, f->owner, "owner", "192.0.2.10"), 0);
}

static void twenty_failures_from_one_address_slow_it_for_every_account_not_known_there(void **state)
{
    Fixture *f = *state;
    succeed(f, f->owner, "203.0.113.50"); /* a shared office address the owner uses */
    char name[32];
    for (int i = 0; i < 20; i++) {
        snprintf(name, sizeof name, "guess%d", i);
        fail_once(f, 0, name, "203.0.113.50");
    }
    assert_int_equal(wait_for(f, 0, "someone_new", "203.0.113.50"), 2);
    assert_int_equal(wait_for(f, 0, "someone_new", "203.0.113.51"), 0);
    assert_int_equal(wait_for(f, f->owner, "owner", "203.0.113.50"), 0);
}

static void failures_are_forgotten_a_window_after_the_last(void **state)
{
    Fixture *f = *state;
    for (int i = 0; i < 12; i++) {
        clock_shift(wait_for(f, f->owner, "owner", "203.0.113.9"));
        fail_once(f, f->owner, "owner", "203.0.113.9");
    }
    assert_int_equal(wait_for(f, f->owner, "owner", "203.0.113.9"), 256);
    clock_shift(86400);
    assert_int_equal(wait_for(f, f->owner, "owner", "203.0.113.9"), 0);
    fail_once(f, f->owner, "owner", "203.0.113.9"); /* counting starts again */
    int64_t n = -1;
    assert_true(db_int(f->db, &n, "SELECT MAX(failures) FROM login_throttle"));
    assert_int_equal(n, 1);
}

static void typed_names_and_addresses_are_kept_as_keyed_hashes_only(void **state)
{
    Fixture *f = *state;
    fail_once(f, 0, "Hunter2-Secret", "203.0.113.9");
    fail_once(f, 0, "hunter2-secret", "203.0.113.9"); /* case does not make a new account */
    int64_t n = -1;
    assert_true(db_int(f->db, &n,
                       "SELECT COUNT(*) FROM login_throttle WHERE key LIKE '%unter2%' OR key LIKE '%203.0%'"));
    assert_int_equal(n, 0);
    assert_true(db_int(f->db, &n, "SELECT failures FROM login_throttle WHERE key LIKE 'u:n%'"));
    assert_int_equal(n, 2);
    char a[17], b[17];
    login_text_hash("name", "hunter2-secret", a);
    auth_login_key_set((const unsigned char[32]){8});
    login_text_hash("name", "hunter2-secret", b);
    auth_login_key_set((const unsigned char[32]){7});
    assert_string_not_equal(a, b); /* keyed: no table of common names reverses it without the key file */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(the_wait_grows_from_one_second_and_is_capped),
        cmocka_unit_test_setup_teardown(five_failures_from_one_address_slow_that_address_only, setup, teardown),
        cmocka_unit_test_setup_teardown(strangers_everywhere_never_slow_the_owner_where_they_signed_in_before, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(the_owner_mistyping_at_home_is_slowed_by_their_own_failures_only, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(twenty_failures_from_one_address_slow_it_for_every_account_not_known_there,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(failures_are_forgotten_a_window_after_the_last, setup, teardown),
        cmocka_unit_test_setup_teardown(typed_names_and_addresses_are_kept_as_keyed_hashes_only, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
