/* test_password.c: argon2id password hashes (verify, refuse, salt); the
 * login throttle that stops guessing them is in test_login_throttle.c. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "auth/session.h"

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

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(a_hash_verifies_its_password_only),
        cmocka_unit_test(the_same_password_hashes_differently_each_time),
        cmocka_unit_test(junk_hashes_and_inputs_are_refused),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
