/* test_password.c: argon2id password hashes (verify, refuse, salt) and the
 * login throttle that stops guessing them. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "auth/session.h"
#include "core/clock.h"

static void a_hash_verifies_its_password_only(void **state)
{
    (void)state;
    char hash[128];
    assert_true(password_hash("correct horse 电池", hash));
    assert_true(strncmp(hash, "$argon2id$", 10) == 0);
    assert_null(strstr(hash, "correct horse"));
    assert_true(password_verify(hash, "correct horse 电池"));
    assert_false(password_verify(hash, "correct horse 电"));
    assert_false(password_verify(hash, "Correct horse 电池"));
    assert_false(password_verify(hash, ""));
    assert_false(password_verify(hash, NULL));
}

static void the_same_password_hashes_differently_each_time(void **state)
{
    (void)state;
    char a[128], b[128];
    assert_true(password_hash("demo", a));
    assert_true(password_hash("demo", b));
    assert_string_not_equal(a, b); /* a fresh random salt each time */
    assert_true(password_verify(a, "demo"));
    assert_true(password_verify(b, "demo"));
}

static void junk_hashes_and_inputs_are_refused(void **state)
{
    (void)state;
    char hash[128];
    assert_false(password_hash(NULL, hash));
    assert_false(password_verify(NULL, "demo"));
    assert_false(password_verify("", "demo"));
    assert_false(password_verify("$argon2id$v=19$m=65536,t=2,p=1$junk", "demo"));
    char longer[300];
    memset(longer, 'a', sizeof longer - 1);
    longer[sizeof longer - 1] = '\0';
    assert_false(password_verify(longer, "demo")); /* not a hash we could have written */
    char huge[2000];
    memset(huge, 'x', sizeof huge - 1);
    huge[sizeof huge - 1] = '\0';
    assert_false(password_hash(huge, hash));
}

/* g_config is NULL here: the defaults hold, 5 per account, 20 per address. */
static void five_failures_lock_an_account_for_fifteen_minutes(void **state)
{
    (void)state;
    for (int i = 0; i < 4; i++) {
        ratelimit_failure("grid8", "10.0.0.1");
        assert_false(ratelimit_blocked("grid8", "10.0.0.1"));
    }
    ratelimit_failure("GRID8", "10.0.0.2"); /* case does not make a new account */
    assert_true(ratelimit_blocked("grid8", "10.0.0.3"));
    assert_false(ratelimit_blocked("staff", "10.0.0.1")); /* others may still sign in */
    clock_shift(14 * 60);
    assert_true(ratelimit_blocked("grid8", "10.0.0.3"));
    clock_shift(60);
    assert_false(ratelimit_blocked("grid8", "10.0.0.3"));
    clock_shift(-clock_offset());
}

static void a_success_forgives_the_account_not_the_address(void **state)
{
    (void)state;
    for (int i = 0; i < 4; i++)
        ratelimit_failure("staff", "10.0.1.1");
    ratelimit_success("staff", "10.0.1.1");
    for (int i = 0; i < 4; i++)
        ratelimit_failure("staff", "10.0.1.1");
    assert_false(ratelimit_blocked("staff", "10.0.1.1"));
    /* 8 failures so far from this address; 12 more on other names lock it */
    for (int i = 0; i < 12; i++) {
        char name[16];
        snprintf(name, sizeof name, "guess%d", i);
        ratelimit_failure(name, "10.0.1.1");
    }
    assert_true(ratelimit_blocked("someone_new", "10.0.1.1"));
    assert_false(ratelimit_blocked("someone_new", "10.0.1.2"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(a_hash_verifies_its_password_only),
        cmocka_unit_test(the_same_password_hashes_differently_each_time),
        cmocka_unit_test(junk_hashes_and_inputs_are_refused),
        cmocka_unit_test(five_failures_lock_an_account_for_fifteen_minutes),
        cmocka_unit_test(a_success_forgives_the_account_not_the_address),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
