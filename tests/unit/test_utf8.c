/* test_utf8.c: strict UTF-8 validation, table of valid and invalid sequences. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>

#include <cmocka.h>

#include "core/utf8.h"

static const struct {
    const char *why;
    const char *s;
    size_t n;
    int valid;
} cases[] = {
#define C(why, lit, ok) {why, lit, sizeof(lit) - 1, ok}
    C("empty", "", 1),
    C("ascii", "hello, world", 1),
    C("chinese", "合江亭社区", 1),
    C("two-byte", "\xC2\x80\xDF\xBF", 1),
    C("three-byte edges", "\xE0\xA0\x80\xEF\xBF\xBF", 1),
    C("before surrogates", "\xED\x9F\xBF", 1),
    C("after surrogates", "\xEE\x80\x80", 1),
    C("four-byte smallest", "\xF0\x90\x80\x80", 1),
    C("emoji", "\xF0\x9F\x98\x80", 1),
    C("U+10FFFF", "\xF4\x8F\xBF\xBF", 1),
    C("DEL", "\x7F", 1),
    C("NUL inside", "a\0b", 0),
    C("NUL alone", "\0", 0),
    C("stray continuation", "\x80", 0),
    C("continuation after ascii", "a\xBF", 0),
    C("overlong NUL C0 80", "\xC0\x80", 0),
    C("overlong C1", "\xC1\xBF", 0),
    C("overlong three-byte", "\xE0\x80\xAF", 0),
    C("overlong three-byte top", "\xE0\x9F\xBF", 0),
    C("overlong four-byte", "\xF0\x80\x80\xAF", 0),
    C("overlong four-byte top", "\xF0\x8F\xBF\xBF", 0),
    C("high surrogate", "\xED\xA0\x80", 0),
    C("low surrogate", "\xED\xBF\xBF", 0),
    C("above U+10FFFF", "\xF4\x90\x80\x80", 0),
    C("F5 lead", "\xF5\x80\x80\x80", 0),
    C("FF byte", "\xFF", 0),
    C("FE byte", "\xFE", 0),
    C("truncated two-byte", "\xC3", 0),
    C("truncated three-byte", "\xE5\xAD", 0),
    C("truncated four-byte", "\xF0\x9F\x98", 0),
    C("bad second continuation", "\xE5\x41\xA6", 0),
    C("bad third continuation", "\xE5\xAD\x41", 0),
    C("bad fourth continuation", "\xF0\x9F\x98\x41", 0),
    C("GBK bytes for 中文", "\xD6\xD0\xCE\xC4", 0),
    C("latin-1 e-acute", "caf\xE9", 0),
#undef C
};

static void table_of_sequences(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        if (utf8_valid(cases[i].s, cases[i].n) != (cases[i].valid != 0))
            fail_msg("case \"%s\": expected %s", cases[i].why, cases[i].valid ? "valid" : "invalid");
    }
}

static void length_bounds_the_check(void **state)
{
    (void)state;
    /* Only n bytes are looked at: a sequence cut by n is invalid, and bytes
     * beyond n do not matter. */
    assert_false(utf8_valid("\xE5\xAD\xA6", 2));
    assert_true(utf8_valid("ab\xFF", 2));
    assert_true(utf8_valid(NULL, 0));
}

static void length_in_code_points(void **state)
{
    (void)state;
    assert_int_equal(utf8_len(""), 0);
    assert_int_equal(utf8_len("abc"), 3);
    assert_int_equal(utf8_len("学道苑"), 3);
    assert_int_equal(utf8_len("a\xF0\x9F\x98\x80z"), 3);
    assert_int_equal(utf8_len(NULL), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(table_of_sequences),
        cmocka_unit_test(length_bounds_the_check),
        cmocka_unit_test(length_in_code_points),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
