/* test_arena.c: the request arena gives zeroed, aligned, independent memory
 * and gives it all back in one call. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "core/arena.h"

static void allocations_are_zeroed_aligned_and_distinct(void **state)
{
    (void)state;
    Arena *a = arena_new();
    unsigned char *prev = NULL;
    size_t prev_n = 0;
    static const size_t sizes[] = {1, 3, 16, 17, 100, 0, 4000, 1, 9000, 33};
    for (int round = 0; round < 50; round++) {
        for (size_t i = 0; i < sizeof sizes / sizeof sizes[0]; i++) {
            size_t n = sizes[i];
            unsigned char *p = arena_alloc(a, n);
            assert_non_null(p);
            assert_int_equal((uintptr_t)p % 16, 0);
            for (size_t k = 0; k < n; k++)
                assert_int_equal(p[k], 0);
            memset(p, 0xAB, n); /* ASan flags any overlap or overrun */
            if (prev && prev_n)
                assert_int_equal(prev[prev_n - 1], 0xAB);
            prev = p;
            prev_n = n;
        }
    }
    arena_free(a);
}

static void big_allocations_do_not_break_small_ones(void **state)
{
    (void)state;
    Arena *a = arena_new();
    char *small1 = arena_strdup(a, "before");
    char *big = arena_alloc(a, 5 * 1024 * 1024);
    memset(big, 'x', 5 * 1024 * 1024);
    char *small2 = arena_strdup(a, "after");
    assert_string_equal(small1, "before");
    assert_string_equal(small2, "after");
    assert_int_equal((uintptr_t)big % 16, 0);
    arena_free(a);
}

static void strdup_and_strndup(void **state)
{
    (void)state;
    Arena *a = arena_new();
    assert_null(arena_strdup(a, NULL));
    assert_null(arena_strndup(a, NULL, 3));
    assert_string_equal(arena_strdup(a, ""), "");
    assert_string_equal(arena_strdup(a, "学道苑"), "学道苑");
    assert_string_equal(arena_strndup(a, "abcdef", 3), "abc");
    assert_string_equal(arena_strndup(a, "ab", 10), "ab"); /* never reads past the NUL */
    const char src[4] = {'w', 'x', 'y', 'z'};           /* not NUL-terminated */
    assert_string_equal(arena_strndup(a, src, 4), "wxyz");
    arena_free(a);
}

static void printf_uses_the_escaping_printf(void **state)
{
    (void)state;
    Arena *a = arena_new();
    assert_string_equal(arena_printf(a, "%h|%d|%M", "<b>", 7, (int64_t)-5), "&lt;b&gt;|7|-0.05");
    assert_string_equal(arena_printf(a, ""), "");
    char long_text[3000];
    memset(long_text, 'q', sizeof long_text - 1);
    long_text[sizeof long_text - 1] = '\0';
    for (int i = 0; i < 40; i++) {
        char *s = arena_printf(a, "%s%d", long_text, i);
        assert_int_equal(strlen(s), sizeof long_text - 1 + (i < 10 ? 1 : 2));
    }
    arena_free(a);
}

static void reset_frees_all_but_keeps_working(void **state)
{
    (void)state;
    Arena *a = arena_new();
    for (int round = 0; round < 5; round++) {
        for (int i = 0; i < 200; i++) {
            char *p = arena_alloc(a, 1000);
            memset(p, 1, 1000);
        }
        arena_alloc(a, 200000);
        arena_reset(a);
        unsigned char *p = arena_alloc(a, 64);
        for (int k = 0; k < 64; k++)
            assert_int_equal(p[k], 0); /* reused memory is zeroed again */
        assert_string_equal(arena_strdup(a, "again"), "again");
    }
    arena_free(a);
    arena_free(NULL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(allocations_are_zeroed_aligned_and_distinct),
        cmocka_unit_test(big_allocations_do_not_break_small_ones),
        cmocka_unit_test(strdup_and_strndup),
        cmocka_unit_test(printf_uses_the_escaping_printf),
        cmocka_unit_test(reset_frees_all_but_keeps_working),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
