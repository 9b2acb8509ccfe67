/* test_respcache.c: the generation-stamped response cache serves a body only
 * for the generation it was stored with, and stays bounded. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/respcache.h"

static int teardown(void **state)
{
    respcache_clear();
    return 0;
}

static void a_body_is_served_for_its_own_generation_only(void **state)
{
    Buf b = BUF_INIT;
    respcache_put("households/1/1/20/1", 7, "{\"items\":[]}", 12);
    assert_true(respcache_get("households/1/1/20/1", 7, &b));
    assert_string_equal(buf_str(&b), "{\"items\":[]}");
    buf_reset(&b);
    assert_false(respcache_get("households/1/1/20/1", 8, &b)); /* the data moved on */
    assert_false(respcache_get("households/1/1/20/1", 6, &b));
    assert_int_equal(b.len, 0);
    assert_false(respcache_get("households/1/1/20/0", 7, &b)); /* another key */
    buf_free(&b);
}

static void a_newer_rendering_replaces_the_older(void **state)
{
    Buf b = BUF_INIT;
    respcache_put("k", 1, "old", 3);
    respcache_put("k", 2, "new", 3);
    assert_false(respcache_get("k", 1, &b));
    assert_true(respcache_get("k", 2, &b));
    assert_string_equal(buf_str(&b), "new");
    buf_free(&b);
}

static void oversized_bodies_are_not_kept(void **state)
{
    size_t n = 256 * 1024 + 1;
    char *big = malloc(n);
    memset(big, 'x', n);
    respcache_put("big", 1, big, n);
    Buf b = BUF_INIT;
    assert_false(respcache_get("big", 1, &b));
    free(big);
    buf_free(&b);
}

static void the_cache_stays_bounded_and_keeps_the_newest(void **state)
{
    char key[32], body[32];
    for (int i = 0; i < 3000; i++) {
        snprintf(key, sizeof key, "key-%d", i);
        int len = snprintf(body, sizeof body, "body-%d", i);
        respcache_put(key, 1, body, (size_t)len);
    }
    Buf b = BUF_INIT;
    int kept = 0;
    for (int i = 0; i < 3000; i++) {
        snprintf(key, sizeof key, "key-%d", i);
        buf_reset(&b);
        if (respcache_get(key, 1, &b)) {
            kept++;
            snprintf(body, sizeof body, "body-%d", i);
            assert_string_equal(buf_str(&b), body);
        }
    }
    assert_true(kept <= 512);
    assert_true(kept >= 256);
    buf_reset(&b);
    assert_true(respcache_get("key-2999", 1, &b)); /* the newest survives eviction */
    buf_reset(&b);
    assert_false(respcache_get("key-0", 1, &b));   /* the oldest went first */
    buf_free(&b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_teardown(a_body_is_served_for_its_own_generation_only, teardown),
        cmocka_unit_test_teardown(a_newer_rendering_replaces_the_older, teardown),
        cmocka_unit_test_teardown(oversized_bodies_are_not_kept, teardown),
        cmocka_unit_test_teardown(the_cache_stays_bounded_and_keeps_the_newest, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
