/* test_router.c: the route table's matching (params, literal before {param}, 404 vs 405), the query
 * parameters an API route declares, and the table's start-up check. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "http/router.h"
#include "auth/perm.h"

static void h_a(Req *r) { (void)r; }
static void h_b(Req *r) { (void)r; }

static const Route routes[] = {
    {"GET", "/", h_a, PERM_PUBLIC, 0, NULL},
    {"GET", "/api/nodes/{id}", h_a, PERM_TREE_READ, R_API, ""},
    {"PATCH", "/api/nodes/{id}", h_b, PERM_TREE_EDIT, R_API | R_WRITE, ""},
    {"GET", "/api/nodes/search", h_b, PERM_TREE_READ, R_API, "q page per_page"},
    {"GET", "/api/nodes/{id}/children/{kind}", h_a, PERM_TREE_READ, R_API, ""},
    {"POST", "/api/login", h_a, PERM_PUBLIC, R_API | R_WRITE | R_NOCSRF, ""},
    {"GET", "/static/{name}", h_b, PERM_PUBLIC, 0, NULL},
};
static const int n_routes = sizeof routes / sizeof routes[0];

typedef struct MatchCase {
    const char *method, *path;
    int route;            /* index into routes, or -1 */
    bool mismatch;        /* expected 405 rather than 404 */
    const char *p1, *v1;  /* expected first param */
    const char *p2, *v2;  /* expected second param */
} MatchCase;

static const MatchCase cases[] = {
    {"GET", "/", 0, false, NULL, NULL, NULL, NULL},
    {"GET", "/api/nodes/42", 1, false, "id", "42", NULL, NULL},
    {"PATCH", "/api/nodes/42", 2, false, "id", "42", NULL, NULL},
    /* a literal segment wins over a {param} in the same place */
    {"GET", "/api/nodes/search", 3, false, NULL, NULL, NULL, NULL},
    {"GET", "/api/nodes/7/children/building", 4, false, "id", "7", "kind", "building"},
    {"HEAD", "/static/app.css", 6, false, "name", "app.css", NULL, NULL},
    {"GET", "/static/htmx.min.js", 6, false, "name", "htmx.min.js", NULL, NULL},
    /* 405: the path exists under another method */
    {"DELETE", "/api/nodes/42", -1, true, NULL, NULL, NULL, NULL},
    {"GET", "/api/login", -1, true, NULL, NULL, NULL, NULL},
    /* 404: no such path at all */
    {"GET", "/api/nodes", -1, false, NULL, NULL, NULL, NULL},
    {"GET", "/api/nodes/", -1, false, NULL, NULL, NULL, NULL}, /* {id} needs a non-empty segment */
    {"GET", "/api/nodes/42/", -1, false, NULL, NULL, NULL, NULL},
    {"GET", "/api/nodes/42/children", -1, false, NULL, NULL, NULL, NULL},
    {"GET", "/api/nodes//children/x", -1, false, NULL, NULL, NULL, NULL},
    {"GET", "/nope", -1, false, NULL, NULL, NULL, NULL},
    {"GET", "", -1, false, NULL, NULL, NULL, NULL},
    {"GET", "/api/login/extra", -1, false, NULL, NULL, NULL, NULL},
    {"POST", "/", -1, true, NULL, NULL, NULL, NULL},
};

static void test_match_table(void **state)
{
    (void)state;
    Arena *a = arena_new();
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const MatchCase *c = &cases[i];
        Req r;
        memset(&r, 0, sizeof r);
        r.arena = a;
        bool mismatch = !c->mismatch; /* must be overwritten */
        const Route *rt = router_match(&r, routes, n_routes, c->method, c->path, &mismatch);
        if (c->route < 0) {
            if (rt)
                fail_msg("case %zu %s %s: matched %s but expected none", i, c->method, c->path, rt->pattern);
            assert_int_equal(mismatch, c->mismatch);
            continue;
        }
        if (rt != &routes[c->route])
            fail_msg("case %zu %s %s: matched %s, expected %s", i, c->method, c->path, rt ? rt->pattern : "(none)",
                     routes[c->route].pattern);
        assert_false(mismatch);
        assert_ptr_equal(r.route, rt);
        int want = (c->p1 != NULL) + (c->p2 != NULL);
        assert_int_equal(r.n_params, want);
        if (c->p1)
            assert_string_equal(req_param(&r, c->p1), c->v1);
        if (c->p2)
            assert_string_equal(req_param(&r, c->p2), c->v2);
        arena_reset(a);
    }
    arena_free(a);
}

static void test_params_are_copies(void **state)
{
    (void)state;
    Arena *a = arena_new();
    Req r;
    memset(&r, 0, sizeof r);
    r.arena = a;
    char path[] = "/api/nodes/9/children/unit";
    bool mm;
    assert_non_null(router_match(&r, routes, n_routes, "GET", path, &mm));
    path[11] = '8'; /* the caller's buffer may change; the params must not */
    assert_string_equal(req_param(&r, "id"), "9");
    assert_null(req_param(&r, "missing"));
    arena_free(a);
}

static void test_check_accepts_good_table(void **state)
{
    (void)state;
    char err[256] = "";
    assert_true(router_check(routes, n_routes, PERM__COUNT, err, sizeof err));
}

typedef struct CheckCase {
    Route a, b;     /* the table: one or two routes (b.method NULL: one) */
    const char *why; /* a word the message must hold */
} CheckCase;

static void test_check_rejects_bad_tables(void **state)
{
    (void)state;
    const CheckCase bad[] = {
        /* duplicates: same method and same shape, whatever the param names */
        {{"GET", "/api/x/{id}", h_a, PERM_PUBLIC, 0, NULL}, {"GET", "/api/x/{key}", h_b, PERM_PUBLIC, 0, NULL}, "duplicate"},
        {{"GET", "/a", h_a, PERM_PUBLIC, 0, NULL}, {"GET", "/a", h_b, PERM_LOGIN, R_API, ""}, "duplicate"},
        /* malformed patterns */
        {{"GET", "api/x", h_a, PERM_PUBLIC, 0, NULL}, {NULL, NULL, NULL, 0, 0, NULL}, "start"},
        {{"GET", "/api//x", h_a, PERM_PUBLIC, 0, NULL}, {NULL, NULL, NULL, 0, 0, NULL}, "empty"},
        {{"GET", "/api/x/", h_a, PERM_PUBLIC, 0, NULL}, {NULL, NULL, NULL, 0, 0, NULL}, "trailing"},
        {{"GET", "/api/{}", h_a, PERM_PUBLIC, 0, NULL}, {NULL, NULL, NULL, 0, 0, NULL}, "name"},
        {{"GET", "/api/x{id}", h_a, PERM_PUBLIC, 0, NULL}, {NULL, NULL, NULL, 0, 0, NULL}, "literal"},
        {{"GET", "/api/{id", h_a, PERM_PUBLIC, 0, NULL}, {NULL, NULL, NULL, 0, 0, NULL}, "whole segment"},
        {{"GET", "/api/{i-d}", h_a, PERM_PUBLIC, 0, NULL}, {NULL, NULL, NULL, 0, 0, NULL}, "name"},
        {{"GET", "/a/{id}/b/{id}", h_a, PERM_PUBLIC, 0, NULL}, {NULL, NULL, NULL, 0, 0, NULL}, "twice"},
        {{"GET", "/a b", h_a, PERM_PUBLIC, 0, NULL}, {NULL, NULL, NULL, 0, 0, NULL}, "not allowed"},
        {{"GET", "/a?x=1", h_a, PERM_PUBLIC, 0, NULL}, {NULL, NULL, NULL, 0, 0, NULL}, "not allowed"},
        /* rows that would be unsafe or meaningless */
        {{"FETCH", "/a", h_a, PERM_PUBLIC, 0, NULL}, {NULL, NULL, NULL, 0, 0, NULL}, "method"},
        {{"GET", "/a", NULL, PERM_PUBLIC, 0, NULL}, {NULL, NULL, NULL, 0, 0, NULL}, "handler"},
        {{"POST", "/a", h_a, PERM_LOGIN, R_API, ""}, {NULL, NULL, NULL, 0, 0, NULL}, "R_WRITE"},
        {{"GET", "/a", h_a, PERM_PUBLIC, R_NOCSRF, NULL}, {NULL, NULL, NULL, 0, 0, NULL}, "R_NOCSRF"},
        {{"GET", "/a", h_a, PERM__COUNT, 0, NULL}, {NULL, NULL, NULL, 0, 0, NULL}, "permission"},
        /* an API route must say which query parameters it takes ("" for none) */
        {{"GET", "/api/a", h_a, PERM_LOGIN, R_API, NULL}, {NULL, NULL, NULL, 0, 0, NULL}, "declare its query"},
        {{"POST", "/api/a", h_a, PERM_LOGIN, R_API | R_WRITE, NULL}, {NULL, NULL, NULL, 0, 0, NULL}, "declare its query"},
        {{"GET", "/api/a", h_a, PERM_LOGIN, R_API, "page  per_page"}, {NULL, NULL, NULL, 0, 0, NULL}, "query declaration"},
        {{"GET", "/api/a", h_a, PERM_LOGIN, R_API, " page"}, {NULL, NULL, NULL, 0, 0, NULL}, "query declaration"},
        {{"GET", "/api/a", h_a, PERM_LOGIN, R_API, "page "}, {NULL, NULL, NULL, 0, 0, NULL}, "query declaration"},
        {{"GET", "/api/a", h_a, PERM_LOGIN, R_API, "Page"}, {NULL, NULL, NULL, 0, 0, NULL}, "query declaration"},
        {{"GET", "/api/a", h_a, PERM_LOGIN, R_API, "page,per_page"}, {NULL, NULL, NULL, 0, 0, NULL}, "query declaration"},
        {{"GET", "/api/a", h_a, PERM_LOGIN, R_API, "page per_page page"}, {NULL, NULL, NULL, 0, 0, NULL}, "query declaration"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        Route table[2] = {bad[i].a, bad[i].b};
        int n = bad[i].b.method ? 2 : 1;
        char err[256] = "";
        if (router_check(table, n, PERM__COUNT, err, sizeof err))
            fail_msg("case %zu (%s %s) was accepted", i, bad[i].a.method, bad[i].a.pattern);
        if (!strstr(err, bad[i].why))
            fail_msg("case %zu: message \"%s\" does not mention \"%s\"", i, err, bad[i].why);
    }
}

static void test_check_allows_same_path_other_method(void **state)
{
    (void)state;
    const Route ok[] = {
        {"GET", "/api/x/{id}", h_a, PERM_PUBLIC, R_API, ""},
        {"DELETE", "/api/x/{id}", h_b, PERM_LOGIN, R_API | R_WRITE, ""},
        {"GET", "/api/x/{id}/y", h_a, PERM_PUBLIC, R_API, "a b_2"},
        {"GET", "/api/x/new", h_a, PERM_PUBLIC, R_API, "a"},
    };
    char err[256] = "";
    assert_true(router_check(ok, 4, PERM__COUNT, err, sizeof err));
}

typedef struct QueryCase {
    int route;         /* index into routes */
    const char *query; /* the raw query string */
    const char *want;  /* the name answered 400 unknown_param, or NULL */
} QueryCase;

static void test_unknown_query_parameters_are_named(void **state)
{
    (void)state;
    static const QueryCase qc[] = {
        {3, "", NULL},
        {3, "q=王", NULL},
        {3, "q=王&page=2&per_page=50", NULL},
        {3, "per_page=50&page=2", NULL},               /* any order */
        {3, "q=a&q=b", NULL},                          /* a declared name twice is the handler's business */
        {3, "per_pgae=50", "per_pgae"},                /* the typo that used to give the default page */
        {3, "q=王&Page=2", "Page"},                     /* names are case-sensitive */
        {3, "q=王&pag=2&zzz=1", "pag"},                 /* the first unknown one */
        {3, "pagex=1", "pagex"},                        /* a declared name's prefix or extension is not it */
        {3, "pag=1", "pag"},
        {3, "per=1", "per"},
        {3, "q%20=1", "q "},                            /* decoded before the check */
        {3, "&&q=1&", NULL},                            /* empty pieces are no parameters */
        {1, "compound=3", "compound"},                  /* "" takes none */
        {5, "next=/", "next"},
        {0, "anything=1&else", NULL},                   /* pages are not checked */
        {6, "v=123", NULL},
    };
    Arena *a = arena_new();
    for (size_t i = 0; i < sizeof qc / sizeof qc[0]; i++) {
        Req r;
        memset(&r, 0, sizeof r);
        r.arena = a;
        assert_true(req_parse_urlencoded(a, qc[i].query, strlen(qc[i].query), &r.query, &r.n_query));
        const char *got = router_unknown_query(&routes[qc[i].route], &r);
        if (qc[i].want == NULL && got != NULL)
            fail_msg("case %zu (%s ?%s): refused %s", i, routes[qc[i].route].pattern, qc[i].query, got);
        if (qc[i].want != NULL && (got == NULL || strcmp(got, qc[i].want) != 0))
            fail_msg("case %zu (%s ?%s): expected %s refused, got %s", i, routes[qc[i].route].pattern, qc[i].query,
                     qc[i].want, got ? got : "(none)");
        arena_reset(a);
    }
    arena_free(a);
}

/* The real table (src/routes.c) passes the check gongzhi serve runs at start:
 * every API route declares its query parameters. */
static void test_the_route_table_passes_its_check(void **state)
{
    (void)state;
    char err[256] = "";
    if (!router_check(g_routes, g_n_routes, PERM__COUNT, err, sizeof err))
        fail_msg("%s", err);
    int api = 0;
    for (int i = 0; i < g_n_routes; i++)
        if (g_routes[i].flags & R_API) {
            assert_non_null(g_routes[i].query);
            api++;
        }
    assert_true(api > 100);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_match_table),
        cmocka_unit_test(test_params_are_copies),
        cmocka_unit_test(test_check_accepts_good_table),
        cmocka_unit_test(test_check_rejects_bad_tables),
        cmocka_unit_test(test_check_allows_same_path_other_method),
        cmocka_unit_test(test_unknown_query_parameters_are_named),
        cmocka_unit_test(test_the_route_table_passes_its_check),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
