/* test_grid.c: the grid's pure rules: typed areas, subtree path ranges,
 * scope prefixes, node levels, LIKE escaping, phone queries, addresses,
 * choices and tags. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "core/arena.h"
#include "core/buf.h"
#include "grid/grid.h"

static void area_text_becomes_hundredths_without_floating_point(void **state)
{
    (void)state;
    static const struct { const char *text; bool ok; int64_t want; } cases[] = {
        {"60.25", true, 6025},
        {"60", true, 6000},
        {"60.5", true, 6050},
        {"60.05", true, 6005},
        {"0.01", true, 1},
        {" 58.70 ", true, 5870},
        {"007.10", true, 710},
        {"10000000", true, INT64_C(1000000000)}, /* the largest accepted: 10,000,000 m² */
        {"10000000.01", false, 0},
        {"99999999999999999999", false, 0},      /* would overflow */
        {"0", false, 0},                         /* a flat has an area */
        {"0.00", false, 0},
        {"", false, 0},
        {"   ", false, 0},
        {"60.", false, 0},
        {".5", false, 0},
        {"60.255", false, 0},                    /* no rounding: three decimals are refused */
        {"-60", false, 0},
        {"+60", false, 0},
        {"60,25", false, 0},
        {"60.2.5", false, 0},
        {"6 0", false, 0},
        {"60m2", false, 0},
        {"1e3", false, 0},
        {"６０", false, 0},                      /* full-width digits */
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        int64_t got = -1;
        bool ok = grid_parse_area(cases[i].text, &got);
        if (ok != cases[i].ok)
            fail_msg("grid_parse_area(\"%s\") returned %d", cases[i].text, ok);
        if (ok)
            assert_int_equal(got, cases[i].want);
        else
            assert_int_equal(got, -1); /* untouched on failure */
    }
    int64_t v;
    assert_false(grid_parse_area(NULL, &v));
}

static void subtree_upper_bound_replaces_the_final_slash(void **state)
{
    (void)state;
    char out[32];
    assert_true(grid_path_upper("/1/4/", out, sizeof out));
    assert_string_equal(out, "/1/40");
    assert_true(grid_path_upper("/12/", out, sizeof out));
    assert_string_equal(out, "/120");
    /* Every path of the subtree sorts inside [prefix, upper); a sibling
     * whose id merely starts with the same digits does not. */
    const char *prefix = "/1/4/";
    assert_true(grid_path_upper(prefix, out, sizeof out));
    assert_true(strcmp("/1/4/", prefix) >= 0 && strcmp("/1/4/", out) < 0);
    assert_true(strcmp("/1/4/9/12/", prefix) >= 0 && strcmp("/1/4/9/12/", out) < 0);
    assert_false(strcmp("/1/45/", prefix) >= 0 && strcmp("/1/45/", out) < 0);
    assert_false(strcmp("/1/5/", prefix) >= 0 && strcmp("/1/5/", out) < 0);
    assert_false(strcmp("/1/", prefix) >= 0 && strcmp("/1/", out) < 0);
    /* Refused: no final slash, empty, no room. */
    assert_false(grid_path_upper("/1/4", out, sizeof out));
    assert_false(grid_path_upper("", out, sizeof out));
    assert_false(grid_path_upper(NULL, out, sizeof out));
    char small[5];
    assert_false(grid_path_upper("/1/4/", small, sizeof small));
    char exact[6];
    assert_true(grid_path_upper("/1/4/", exact, sizeof exact));
}

static void scope_prefixes_keep_only_the_outermost(void **state)
{
    (void)state;
    const char *paths[] = {"/1/4/9/", "/1/4/", "/1/7/", "/1/4/", "/1/45/", "/1/7/3/"};
    int n = grid_prefixes_minimal(paths, 6);
    assert_int_equal(n, 3);
    assert_string_equal(paths[0], "/1/4/");
    assert_string_equal(paths[1], "/1/7/");
    assert_string_equal(paths[2], "/1/45/"); /* a sibling, not inside /1/4/ */

    const char *same[] = {"/2/", "/2/", "/2/"};
    assert_int_equal(grid_prefixes_minimal(same, 3), 1);
    assert_string_equal(same[0], "/2/");

    const char *root[] = {"/1/4/9/", "/1/"};
    assert_int_equal(grid_prefixes_minimal(root, 2), 1);
    assert_string_equal(root[0], "/1/");

    assert_int_equal(grid_prefixes_minimal(NULL, 0), 0);
}

static void path_ids_by_depth(void **state)
{
    (void)state;
    const char *p = "/1/4/9/12/";
    assert_int_equal(grid_path_id_at(p, 0), 1);
    assert_int_equal(grid_path_id_at(p, 2), 9);
    assert_int_equal(grid_path_id_at(p, 3), 12);
    assert_int_equal(grid_path_id_at(p, 4), 0);
    assert_int_equal(grid_path_id_at(p, -1), 0);
    assert_int_equal(grid_path_id_at("/1//4/", 1), 0);
    assert_int_equal(grid_path_id_at("/1/x/", 1), 0);
    assert_int_equal(grid_path_id_at("1/4/", 0), 0);
    assert_int_equal(grid_path_id_at(NULL, 0), 0);
    assert_int_equal(grid_path_id_at("/99999999999999999999999/", 0), 0);
}

static void nodes_are_created_exactly_one_level_down(void **state)
{
    (void)state;
    assert_true(grid_kind_may_create(NODE_STREET, NODE_COMMUNITY));
    assert_true(grid_kind_may_create(NODE_COMMUNITY, NODE_GRID));
    assert_true(grid_kind_may_create(NODE_GRID, NODE_MICRO_GRID));
    assert_true(grid_kind_may_create(NODE_MICRO_GRID, NODE_COMPOUND));
    assert_true(grid_kind_may_create(NODE_COMPOUND, NODE_BUILDING));
    assert_true(grid_kind_may_create(NODE_BUILDING, NODE_UNIT));
    /* households come with their register row, through /api/households */
    assert_false(grid_kind_may_create(NODE_UNIT, NODE_HOUSEHOLD));
    assert_false(grid_kind_may_create(NODE_GRID, NODE_COMPOUND));      /* skips a level */
    assert_false(grid_kind_may_create(NODE_COMPOUND, NODE_COMPOUND));  /* same level */
    assert_false(grid_kind_may_create(NODE_BUILDING, NODE_COMPOUND));  /* upwards */
    assert_false(grid_kind_may_create(NODE_HOUSEHOLD, NODE__COUNT));
    assert_false(grid_kind_may_create(NODE__COUNT, NODE_STREET));
}

static void like_pattern_escapes_wildcards(void **state)
{
    (void)state;
    Arena *a = arena_new();
    assert_string_equal(grid_like_contains(a, "学道苑"), "%学道苑%");
    assert_string_equal(grid_like_contains(a, "100%"), "%100\\%%");
    assert_string_equal(grid_like_contains(a, "a_b"), "%a\\_b%");
    assert_string_equal(grid_like_contains(a, "c:\\x"), "%c:\\\\x%");
    assert_string_equal(grid_like_contains(a, ""), "%%");
    arena_free(a);
}

/* What a search text means: a whole phone or ID number (matched only whole),
 * the visible last 4 of a phone, or text for names and addresses. */
static void search_kinds(void **state)
{
    (void)state;
    static const struct { const char *q; GridQueryKind want; const char *norm; } cases[] = {
        {"13800001234", GRID_Q_PHONE, "13800001234"},
        {"138-0000-1234", GRID_Q_PHONE, "13800001234"},
        {"138 0000 1234", GRID_Q_PHONE, "13800001234"},
        {"\xef\xbc\x91\xef\xbc\x93\xef\xbc\x98" "00001234", GRID_Q_PHONE, "13800001234"},
        {"11010519491231002X", GRID_Q_ID, "11010519491231002X"},
        {"11010519491231002x", GRID_Q_ID, "11010519491231002X"},
        {"110105 19491231 002X", GRID_Q_ID, "11010519491231002X"},
        {"1234", GRID_Q_LAST4, "1234"},
        /* parts of a number are text: they never reach the phone or ID */
        {"138", GRID_Q_TEXT, NULL},
        {"12345", GRID_Q_TEXT, NULL},
        {"1380000", GRID_Q_TEXT, NULL},
        {"138000012345", GRID_Q_TEXT, NULL},
        {"23800001234", GRID_Q_TEXT, NULL},
        {"110105194912310", GRID_Q_TEXT, NULL},
        {"1101051949123100X2", GRID_Q_TEXT, NULL},
        {"110105194912310021X", GRID_Q_TEXT, NULL},
        {"12a4", GRID_Q_TEXT, NULL},
        {"王小明", GRID_Q_TEXT, NULL},
        {"", GRID_Q_TEXT, NULL},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char norm[19];
        GridQueryKind k = grid_search_kind(cases[i].q, norm);
        if (k != cases[i].want)
            fail_msg("grid_search_kind(\"%s\") = %d, want %d", cases[i].q, k, cases[i].want);
        if (cases[i].norm)
            assert_string_equal(norm, cases[i].norm);
    }
    char norm[19];
    assert_int_equal(grid_search_kind(NULL, norm), GRID_Q_TEXT);
}

static void addresses_join_the_names(void **state)
{
    (void)state;
    Arena *a = arena_new();
    assert_string_equal(grid_address(a, "学道苑·东南里7号", "1栋", "2单元", "301"), "学道苑·东南里7号1栋2单元301");
    /* the compound is itself the building: "1栋" is said once */
    assert_string_equal(grid_address(a, "学道苑·拱背桥25号1栋", "1栋", "1单元", "101"), "学道苑·拱背桥25号1栋1单元101");
    assert_string_equal(grid_address(a, "院", "", "2单元", "301"), "院2单元301");
    assert_string_equal(grid_address(a, NULL, NULL, NULL, "301"), "301");
    assert_string_equal(grid_address(a, NULL, NULL, NULL, NULL), "");
    arena_free(a);
}

static void choices_accept_names_and_chinese_labels(void **state)
{
    (void)state;
    assert_string_equal(grid_housing_canonical("owned"), "owned");
    assert_string_equal(grid_housing_canonical("租住"), "rented");
    assert_string_equal(grid_housing_canonical("公房"), "public");
    assert_string_equal(grid_housing_canonical("vacant"), "vacant");
    assert_null(grid_housing_canonical("Owned"));
    assert_null(grid_housing_canonical("house"));
    assert_null(grid_housing_canonical(NULL));
    assert_string_equal(grid_housing_label_zh("owned"), "自有");
    assert_string_equal(grid_residency_canonical("常住"), "permanent");
    assert_string_equal(grid_residency_canonical("floating"), "floating");
    assert_null(grid_residency_canonical("temporary"));
    assert_string_equal(grid_gender_canonical("男"), "M");
    assert_string_equal(grid_gender_canonical("f"), "F");
    assert_null(grid_gender_canonical("X"));
    assert_null(grid_gender_canonical(""));
}

static void tags_are_canonical_and_deduplicated(void **state)
{
    (void)state;
    Arena *a = arena_new();
    const char *bad = NULL;
    const char *in1[] = {"独居", "party_member", "lives_alone", " 党员 "};
    assert_string_equal(grid_tags_join(a, in1, 4, &bad), "lives_alone,party_member");
    assert_string_equal(grid_tags_join(a, NULL, 0, &bad), "");
    const char *in2[] = {"elderly", "rich"};
    assert_null(grid_tags_join(a, in2, 2, &bad));
    assert_string_equal(bad, "rich");
    arena_free(a);
}

static void sensitive_tags_are_left_out_unless_allowed(void **state)
{
    (void)state;
    Buf b = BUF_INIT;
    grid_tags_json(&b, "lives_alone,party_member,elderly", false);
    assert_string_equal(buf_str(&b), "[\"party_member\",\"elderly\"]");
    buf_reset(&b);
    grid_tags_json(&b, "lives_alone,party_member,elderly", true);
    assert_string_equal(buf_str(&b), "[\"lives_alone\",\"party_member\",\"elderly\"]");
    buf_reset(&b);
    grid_tags_json(&b, "", true);
    assert_string_equal(buf_str(&b), "[]");
    buf_reset(&b);
    grid_tags_json(&b, NULL, false);
    assert_string_equal(buf_str(&b), "[]");
    buf_reset(&b);
    grid_tags_json(&b, ",,disabled,", false);
    assert_string_equal(buf_str(&b), "[]");
    buf_free(&b);

    Arena *a = arena_new();
    assert_string_equal(grid_tags_sensitive_only(a, "lives_alone,party_member,disabled"), "lives_alone,disabled");
    assert_string_equal(grid_tags_sensitive_only(a, "party_member"), "");
    assert_string_equal(grid_tags_sensitive_only(a, NULL), "");
    arena_free(a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(area_text_becomes_hundredths_without_floating_point),
        cmocka_unit_test(subtree_upper_bound_replaces_the_final_slash),
        cmocka_unit_test(scope_prefixes_keep_only_the_outermost),
        cmocka_unit_test(path_ids_by_depth),
        cmocka_unit_test(nodes_are_created_exactly_one_level_down),
        cmocka_unit_test(like_pattern_escapes_wildcards),
        cmocka_unit_test(search_kinds),
        cmocka_unit_test(addresses_join_the_names),
        cmocka_unit_test(choices_accept_names_and_chinese_labels),
        cmocka_unit_test(tags_are_canonical_and_deduplicated),
        cmocka_unit_test(sensitive_tags_are_left_out_unless_allowed),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
