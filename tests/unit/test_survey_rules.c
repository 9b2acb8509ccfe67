/* test_survey_rules.c: the survey's pure rules (src/survey/rules.c) and its
 * tables: percentages in tenths, the questionnaire's shape, conditions,
 * answers checked, each question's own denominator, the draw re-made from
 * its seed (expected orders computed outside with sha256), age bands, the
 * error table and the permission questions. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>
#include <sodium.h>

#include "survey/web_int.h"

static Arena *g_arena;

static void pct10_rounds_half_up_in_integers(void **state)
{
    (void)state;
    static const struct { int64_t count, den; int want; } rows[] = {
        {120, 130, 923}, {102, 130, 785}, {18, 130, 138}, {110, 130, 846}, {41, 44, 932}, {69, 86, 802},
        {0, 130, 0},     {130, 130, 1000}, {1, 2, 500},   {1, 3, 333},     {2, 3, 667},   {1, 2000, 1},
        {1, 2001, 0},    {0, 0, -1},      {5, -1, -1},   {-1, 5, -1},
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++)
        if (survey_pct10(rows[i].count, rows[i].den) != rows[i].want)
            fail_msg("%lld/%lld: %d, want %d", (long long)rows[i].count, (long long)rows[i].den,
                     survey_pct10(rows[i].count, rows[i].den), rows[i].want);
}

static SurveyDef parse(const char *text, SurveyErr *e)
{
    json_t *j = json_loads(text, 0, NULL);
    SurveyDef d = {0, NULL};
    bool ok = survey_def_parse(g_arena, j, &d, e);
    json_decref(j);
    if (!ok)
        d.n = -1;
    return d;
}

static void bad_questionnaires_name_the_question(void **state)
{
    (void)state;
    static const struct { const char *json, *field; } rows[] = {
        {"[]", "questions.1"},
        {"{}", "questions.1"},
        {"[1]", "questions.1"},
        {"[{\"key\":\"a\",\"kind\":\"single\",\"title\":\"t\",\"options\":[\"x\"]}]", "questions.a"},
        {"[{\"key\":\"a\",\"kind\":\"single\",\"title\":\"t\",\"options\":[\"x\",\"\"]}]", "questions.a"},
        {"[{\"key\":\"a\",\"kind\":\"vote\",\"title\":\"t\"}]", "questions.a"},
        {"[{\"key\":\"a\",\"kind\":\"text\",\"title\":\"\"}]", "questions.a"},
        {"[{\"key\":\"a\",\"kind\":\"text\",\"title\":\"t\",\"colour\":1}]", "questions.1"},
        {"[{\"key\":\"a\",\"kind\":\"scale\",\"title\":\"t\",\"options\":[\"1\",\"2\"]}]", "questions.a"},
        {"[{\"key\":\"a\",\"kind\":\"matrix\",\"title\":\"t\",\"options\":[\"x\",\"y\"]}]", "questions.a"},
        {"[{\"key\":\"a\",\"kind\":\"number\",\"title\":\"t\",\"min\":3,\"max\":2}]", "questions.a"},
        {"[{\"key\":\"a\",\"kind\":\"number\",\"title\":\"t\",\"min\":0}]", "questions.a"},
        {"[{\"key\":\"a\",\"kind\":\"text\",\"title\":\"t\",\"rows\":[\"r\"]}]", "questions.a"},
        {"[{\"key\":\"a\",\"kind\":\"text\",\"title\":\"t\"},{\"key\":\"a\",\"kind\":\"text\",\"title\":\"u\"}]", "questions.a"},
        {"[{\"key\":\"a\",\"kind\":\"text\",\"title\":\"t\",\"when\":{\"q\":\"a\",\"in\":[0]}}]", "questions.a"},
        {"[{\"key\":\"a\",\"kind\":\"text\",\"title\":\"t\"},{\"key\":\"b\",\"kind\":\"text\",\"title\":\"u\",\"when\":{\"q\":\"a\",\"in\":[0]}}]", "questions.b"},
        {"[{\"key\":\"a\",\"kind\":\"single\",\"title\":\"t\",\"options\":[\"x\",\"y\"]},{\"key\":\"b\",\"kind\":\"text\",\"title\":\"u\",\"when\":{\"q\":\"a\",\"in\":[2]}}]", "questions.b"},
        {"[{\"key\":\"a\",\"kind\":\"scale\",\"title\":\"t\"},{\"key\":\"b\",\"kind\":\"text\",\"title\":\"u\",\"when\":{\"q\":\"a\",\"in\":[0]}}]", "questions.b"},
        {"[{\"key\":\"a\",\"kind\":\"single\",\"title\":\"t\",\"options\":[\"x\",\"y\"]},{\"key\":\"b\",\"kind\":\"text\",\"title\":\"u\",\"when\":{\"q\":\"a\",\"in\":[]}}]", "questions.b"},
        {"[{\"key\":\"Q1\",\"kind\":\"text\",\"title\":\"t\"}]", "questions.1"},
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        SurveyErr e = {0};
        SurveyDef d = parse(rows[i].json, &e);
        if (d.n != -1)
            fail_msg("accepted: %s", rows[i].json);
        assert_int_equal(e.msg, SV_BAD_DEFINITION);
        if (strcmp(e.field, rows[i].field) != 0)
            fail_msg("%s: field %s, want %s", rows[i].json, e.field, rows[i].field);
    }
}

/* a (single: 是/否) -> b shown on 否 -> c (scale) shown when b is 0 or 2; d optional; m matrix */
static const char *CHAIN =
    "[{\"key\":\"a\",\"kind\":\"single\",\"title\":\"A\",\"options\":[\"是\",\"否\"],\"required\":true},"
    "{\"key\":\"b\",\"kind\":\"multi\",\"title\":\"B\",\"options\":[\"x\",\"y\",\"z\"],\"when\":{\"q\":\"a\",\"in\":[1]},\"required\":true},"
    "{\"key\":\"c\",\"kind\":\"scale\",\"title\":\"C\",\"when\":{\"q\":\"b\",\"in\":[0,2]}},"
    "{\"key\":\"d\",\"kind\":\"number\",\"title\":\"D\",\"min\":0,\"max\":10},"
    "{\"key\":\"m\",\"kind\":\"matrix\",\"title\":\"M\",\"rows\":[\"r1\",\"r2\"],\"options\":[\"好\",\"差\"]},"
    "{\"key\":\"t\",\"kind\":\"text\",\"title\":\"T\"}]";

static void a_definition_round_trips(void **state)
{
    (void)state;
    SurveyErr e;
    SurveyDef d = parse(CHAIN, &e);
    assert_int_equal(d.n, 6);
    assert_int_equal(d.q[1].cond_q, 0);
    assert_int_equal(d.q[2].cond_mask, (1u << 0) | (1u << 2));
    assert_int_equal(d.q[2].n_options, 5);
    char *text = survey_def_json(g_arena, &d);
    json_t *j = json_loads(text, 0, NULL);
    SurveyDef d2;
    assert_true(survey_def_parse(g_arena, j, &d2, &e));
    json_decref(j);
    assert_string_equal(survey_def_json(g_arena, &d2), text);
}

static void conditions_hide_chains(void **state)
{
    (void)state;
    SurveyErr e;
    SurveyDef d = parse(CHAIN, &e);
    static const struct { const char *answers; bool b, c; } rows[] = {
        {"{}", false, false},
        {"{\"a\":0}", false, false},
        {"{\"a\":1}", true, false},
        {"{\"a\":1,\"b\":[1]}", true, false},
        {"{\"a\":1,\"b\":[1,2]}", true, true},
        {"{\"a\":1,\"b\":[0]}", true, true},
        /* b's answer does not count once a hides b */
        {"{\"a\":0,\"b\":[0]}", false, false},
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        json_t *a = json_loads(rows[i].answers, 0, NULL);
        if (survey_shown(&d, 1, a) != rows[i].b || survey_shown(&d, 2, a) != rows[i].c)
            fail_msg("%s: b %d c %d", rows[i].answers, survey_shown(&d, 1, a), survey_shown(&d, 2, a));
        assert_true(survey_shown(&d, 0, a));
        json_decref(a);
    }
}

static void answers_are_checked_and_normalised(void **state)
{
    (void)state;
    SurveyErr e;
    SurveyDef d = parse(CHAIN, &e);
    static const struct { const char *answers; SurveyMsg msg; const char *field, *norm; } rows[] = {
        {"{\"a\":0}", SV__COUNT, NULL, "{\"a\":0}"},
        {"{\"a\":1,\"b\":[2,0],\"c\":5}", SV__COUNT, NULL, "{\"a\":1,\"b\":[0,2],\"c\":5}"},
        {"{\"a\":0,\"d\":null,\"t\":\"  \"}", SV__COUNT, NULL, "{\"a\":0}"},
        {"{\"a\":0,\"t\":\"  好 \"}", SV__COUNT, NULL, "{\"a\":0,\"t\":\"好\"}"},
        {"{\"a\":0,\"m\":[null,1]}", SV__COUNT, NULL, "{\"a\":0,\"m\":[null,1]}"},
        {"{}", SV_MISSING_ANSWER, "a", NULL},
        {"{\"a\":1}", SV_MISSING_ANSWER, "b", NULL},
        {"{\"a\":0,\"b\":[0]}", SV_SKIPPED_QUESTION, "b", NULL},
        {"{\"a\":1,\"b\":[1],\"c\":3}", SV_SKIPPED_QUESTION, "c", NULL},
        {"{\"a\":2}", SV_BAD_ANSWERS, "a", NULL},
        {"{\"a\":\"0\"}", SV_BAD_ANSWERS, "a", NULL},
        {"{\"a\":1,\"b\":[]}", SV_BAD_ANSWERS, "b", NULL},
        {"{\"a\":1,\"b\":[0,0]}", SV_BAD_ANSWERS, "b", NULL},
        {"{\"a\":1,\"b\":[0],\"c\":0}", SV_BAD_ANSWERS, "c", NULL},
        {"{\"a\":0,\"d\":11}", SV_BAD_ANSWERS, "d", NULL},
        {"{\"a\":0,\"m\":[null,null]}", SV_BAD_ANSWERS, "m", NULL},
        {"{\"a\":0,\"m\":[0]}", SV_BAD_ANSWERS, "m", NULL},
        {"{\"a\":0,\"t\":7}", SV_BAD_ANSWERS, "t", NULL},
        {"{\"a\":0,\"zz\":1}", SV_UNKNOWN_QUESTION, "answers", NULL},
        {"[]", SV_BAD_ANSWERS, "answers", NULL},
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        json_t *a = json_loads(rows[i].answers, JSON_DECODE_ANY, NULL), *norm = NULL;
        SurveyErr er = {SV__COUNT, NULL, NULL};
        bool ok = survey_answers_check(&d, a, &norm, &er);
        json_decref(a);
        if (ok != (rows[i].msg == SV__COUNT))
            fail_msg("%s: ok %d", rows[i].answers, ok);
        if (ok) {
            char *s = json_dumps(norm, JSON_COMPACT);
            if (strcmp(s, rows[i].norm) != 0)
                fail_msg("%s: %s, want %s", rows[i].answers, s, rows[i].norm);
            free(s);
            json_decref(norm);
        } else {
            if (er.msg != rows[i].msg || strcmp(er.field, rows[i].field) != 0)
                fail_msg("%s: %d %s", rows[i].answers, er.msg, er.field);
        }
    }
}

/* The seed's figures from raw answers, in C: 130 respondents, 44 of them 65+. */
static void each_question_has_its_own_denominator(void **state)
{
    (void)state;
    SurveyErr e;
    SurveyDef d = parse("[{\"key\":\"urgent\",\"kind\":\"scale\",\"title\":\"U\",\"required\":true},"
                        "{\"key\":\"leisure\",\"kind\":\"single\",\"title\":\"L\",\"options\":[\"要\",\"不要\"]},"
                        "{\"key\":\"why\",\"kind\":\"single\",\"title\":\"W\",\"options\":[\"x\",\"y\"],\"when\":{\"q\":\"leisure\",\"in\":[1]}}]",
                        &e);
    enum { N = 130 };
    json_t *ans[N];
    int groups[N];
    int no_old = 0, no_young = 0, why = 0;
    for (int i = 0; i < N; i++) {
        bool old = i < 44;
        groups[i] = old ? 0 : 1;
        int urgent = i < 102 ? 5 : i < 120 ? 4 : 2;
        bool no = old ? no_old++ < 3 : no_young++ < 17;
        json_t *a = json_pack("{s:i}", "urgent", urgent);
        /* the last two respondents skip the leisure question */
        if (i < 128)
            json_object_set_new(a, "leisure", json_integer(no ? 1 : 0));
        if (no && why++ < 15)
            json_object_set_new(a, "why", json_integer(0));
        ans[i] = a;
    }
    SurveyTally all[3], by[6];
    assert_true(survey_tally(g_arena, &d, ans, NULL, N, 1, all));
    assert_true(survey_tally(g_arena, &d, ans, groups, N, 2, by));
    assert_int_equal(all[0].answered, 130);
    assert_int_equal(survey_pct10(all[0].counts[4] + all[0].counts[3], all[0].answered), 923);
    assert_int_equal(survey_pct10(all[0].counts[4], all[0].answered), 785);
    assert_int_equal(survey_pct10(all[0].counts[3], all[0].answered), 138);
    /* leisure: 128 answered (2 skipped), 108 want it: 84.4 % of its own 128, not of 130 */
    assert_int_equal(all[1].shown, 130);
    assert_int_equal(all[1].answered, 128);
    assert_int_equal(all[1].counts[0], 108);
    assert_int_equal(survey_pct10(all[1].counts[0], all[1].answered), 844);
    /* among the 65+: 41 of 44 */
    assert_int_equal(by[1].answered, 44);
    assert_int_equal(survey_pct10(by[1].counts[0], by[1].answered), 932);
    /* the follow-up: shown to the 20 who said no, answered by 15 of them */
    assert_int_equal(all[2].shown, 20);
    assert_int_equal(all[2].answered, 15);
    assert_int_equal(survey_pct10(all[2].counts[0], all[2].answered), 1000);
    assert_int_equal(by[2].shown, 3);
    assert_int_equal(by[5].shown, 17);
    for (int i = 0; i < N; i++)
        json_decref(ans[i]);
}

static void the_draw_is_remade_from_its_seed(void **state)
{
    (void)state;
    SurveyUnit u[10];
    for (int i = 0; i < 10; i++)
        u[i] = (SurveyUnit){i + 1, (i + 1) % 2 ? "A" : "B"};
    /* orders from sha256("seed:id") computed outside this program */
    static const struct { const char *seed; int qa, qb; int64_t want[10]; int n; } rows[] = {
        {"s", 2, 1, {1, 7, 10}, 3},
        {"s", 5, 5, {1, 7, 5, 3, 9, 10, 8, 2, 6, 4}, 10},
        {"s", 0, 2, {10, 8}, 2},
        {"公示种子 2024", 3, 2, {1, 5, 7, 4, 8}, 5},
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        SurveyQuota q[2] = {{"A", rows[i].qa}, {"B", rows[i].qb}};
        int64_t chosen[10];
        int rank[10], bad;
        int n = survey_draw(rows[i].seed, u, 10, q, 2, chosen, rank, &bad);
        assert_int_equal(n, rows[i].n);
        for (int k = 0; k < n; k++)
            if (chosen[k] != rows[i].want[k])
                fail_msg("seed %s #%d: %lld, want %lld", rows[i].seed, k, (long long)chosen[k], (long long)rows[i].want[k]);
    }
    char key[65];
    survey_draw_key("s", 1, key);
    assert_string_equal(key, "1b25f38c1aa8553b03240e793e2562c520496a0469d683b8fcf52ce8206a7e81");
    /* refused: a quota beyond its stratum, a negative one, a stratum named twice, one that does not exist */
    static const struct { SurveyQuota q[2]; int n, bad; } refused[] = {
        {{{"A", 6}, {"B", 1}}, 2, 0},
        {{{"A", 1}, {"B", -1}}, 2, 1},
        {{{"A", 1}, {"A", 1}}, 2, 1},
        {{{"C", 1}, {"A", 1}}, 2, 0},
    };
    for (size_t i = 0; i < sizeof refused / sizeof refused[0]; i++) {
        int64_t chosen[10];
        int rank[10], bad;
        assert_int_equal(survey_draw("s", u, 10, refused[i].q, refused[i].n, chosen, rank, &bad), -1);
        assert_int_equal(bad, refused[i].bad);
    }
}

static void age_bands_at_the_year(void **state)
{
    (void)state;
    static const struct { int birth, year; const char *band; } rows[] = {
        {0, 2024, "unknown"}, {2025, 2024, "unknown"}, {1985, 2024, "u40"}, {1984, 2024, "40_64"},
        {1960, 2024, "40_64"}, {1959, 2024, "65p"}, {1920, 2024, "65p"},
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++)
        assert_string_equal(survey_age_band(rows[i].birth, rows[i].year), rows[i].band);
    assert_string_equal(survey_stratum(g_arena, 1950, "floating", 2024), "65p/floating");
    assert_string_equal(survey_stratum(g_arena, 1990, NULL, 2024), "u40/unknown");
    assert_string_equal(survey_stratum(g_arena, 1990, "visitor", 2024), "u40/unknown");
}

static void every_msg_has_a_row(void **state)
{
    (void)state;
    for (int m = 0; m < SV__COUNT; m++) {
        const ErrorText *t = survey_err_text((SurveyMsg)m);
        if (!t || !t->zh[0] || !t->en[0] || !t->code[0])
            fail_msg("SurveyMsg %d has no row", m);
        if ((m == SV_BUSY || m == SV_INTERNAL) != (t->status >= 500))
            fail_msg("SurveyMsg %d: status %d", m, t->status);
    }
    assert_null(survey_err_text(SV__COUNT));
}

static void permission_rows(void **state)
{
    (void)state;
    static const struct { Role role; const char *place, *compound; bool manage, enter, results_open, results_closed, small; } rows[] = {
        {ROLE_COMMUNITY_STAFF, "/1/2/", NULL, true, true, true, true, true},
        {ROLE_COMMUNITY_STAFF, "/1/3/", NULL, false, false, false, false, false},
        {ROLE_GRID_WORKER, "/1/2/", NULL, false, true, false, true, false},
        {ROLE_MICRO_GRID_WORKER, "/1/2/5/", "/1/2/5/", false, true, false, true, false},
        {ROLE_COMMITTEE, "/1/2/5/", "/1/2/5/", true, true, true, true, true},
        /* a resident of the compound reads its results once closed, and nothing more */
        {ROLE_RESIDENT, "/1/2/5/9/", "/1/2/5/", false, false, false, true, false},
        {ROLE_RESIDENT, "/1/2/6/9/", "/1/2/6/", false, false, false, false, false},
        {ROLE_STREET_OFFICE, "/1/", NULL, false, false, false, true, false},
    };
    Survey open = {.node_path = "/1/2/5/", .status = "open"}, closed = {.node_path = "/1/2/5/", .status = "closed"};
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        Grant g = {rows[i].role, 1, rows[i].place, rows[i].compound};
        Principal p = {.user_id = 5, .username = "u", .display_name = "u", .n_grants = 1, .grants = &g};
        Ctx c = {NULL, NULL, &p, 0};
        SurveyErr e;
        if (survey_may_manage(&c, &open, &e) != rows[i].manage || survey_may_enter(&c, &open, &e) != rows[i].enter ||
            survey_may_see_results(&c, &open, &e) != rows[i].results_open ||
            survey_may_see_results(&c, &closed, &e) != rows[i].results_closed ||
            survey_may_see_small_cells(&c, &open) != rows[i].small)
            fail_msg("row %zu (role %d at %s)", i, rows[i].role, rows[i].place);
    }
}

int main(void)
{
    if (sodium_init() < 0)
        return 1;
    g_arena = arena_new();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(pct10_rounds_half_up_in_integers),
        cmocka_unit_test(bad_questionnaires_name_the_question),
        cmocka_unit_test(a_definition_round_trips),
        cmocka_unit_test(conditions_hide_chains),
        cmocka_unit_test(answers_are_checked_and_normalised),
        cmocka_unit_test(each_question_has_its_own_denominator),
        cmocka_unit_test(the_draw_is_remade_from_its_seed),
        cmocka_unit_test(age_bands_at_the_year),
        cmocka_unit_test(every_msg_has_a_row),
        cmocka_unit_test(permission_rows),
    };
    int rc = cmocka_run_group_tests(tests, NULL, NULL);
    arena_free(g_arena);
    return rc;
}
