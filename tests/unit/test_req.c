/* test_req.c: request decoding (query, form, cookies, bodies), the error envelope, and the dispatch path run without sockets. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <jansson.h>
#include <string.h>
#include <stdlib.h>
#include <unistd.h>

#include "core/config.h"
#include "http/assets.h"
#include "http/req.h"
#include "http/router.h"
#include "http/server.h"
#include "http/hooks.h"
#include "store/db.h"
#include "auth/perm.h"
#include "site/site.h"

/* ---- building requests by hand ---- */

typedef struct T {
    Arena *a;
    Req r;
    KV headers[16];
} T;

static Config cfg;

static void t_init(T *t, const char *method, const char *path)
{
    memset(t, 0, sizeof *t);
    t->a = arena_new();
    t->r.arena = t->a;
    t->r.method = method;
    t->r.path = path;
    t->r.headers = t->headers;
    t->r.client_ip = "127.0.0.1";
}

static void t_header(T *t, const char *lower_name, const char *value)
{
    assert_true(t->r.n_headers < 16);
    t->headers[t->r.n_headers].key = lower_name;
    t->headers[t->r.n_headers].value = value;
    t->r.n_headers++;
}

static void t_body(T *t, const char *content_type, const char *body, size_t len)
{
    t_header(t, "content-type", content_type);
    t->r.body = body;
    t->r.body_len = len;
}

static void t_free(T *t)
{
    json_decref(t->r.json);
    buf_free(&t->r.out);
    arena_free(t->a);
}

/* Parses the JSON answer and checks the error envelope. */
static void assert_error_json(Req *r, int status, const char *code, const char *field)
{
    assert_int_equal(r->status, status);
    assert_true(r->failed);
    assert_non_null(strstr(r->content_type_out, "application/json"));
    json_error_t e;
    json_t *doc = json_loads(buf_str(&r->out), JSON_REJECT_DUPLICATES, &e);
    if (!doc)
        fail_msg("not JSON: %s", buf_str(&r->out));
    json_t *err = json_object_get(doc, "error");
    assert_true(json_is_object(err));
    assert_int_equal(json_object_size(doc), 1);
    assert_string_equal(json_string_value(json_object_get(err, "code")), code);
    assert_true(json_is_string(json_object_get(err, "message")));
    assert_true(json_is_string(json_object_get(err, "message_zh")));
    if (field)
        assert_string_equal(json_string_value(json_object_get(err, "field")), field);
    else
        assert_true(json_is_null(json_object_get(err, "field")));
    json_decref(doc);
}

/* ---- decoding ---- */

static void test_query_decoding(void **state)
{
    (void)state;
    Arena *a = arena_new();
    const char *qs = "q=%E5%AD%A6%E9%81%93%E8%8B%91&page=2&name=a+b%2Bc&empty=&flag&=nokey&x=%zz&&last=1";
    KV *kv;
    int n;
    assert_true(req_parse_urlencoded(a, qs, strlen(qs), &kv, &n));
    Req r;
    memset(&r, 0, sizeof r);
    r.query = kv;
    r.n_query = n;
    assert_string_equal(req_query(&r, "q"), "学道苑");
    assert_string_equal(req_query(&r, "page"), "2");
    assert_string_equal(req_query(&r, "name"), "a b+c"); /* '+' is a space, %2B a plus */
    assert_string_equal(req_query(&r, "empty"), "");
    assert_string_equal(req_query(&r, "flag"), "");
    assert_string_equal(req_query(&r, "x"), "%zz"); /* a broken escape is kept, not dropped */
    assert_string_equal(req_query(&r, "last"), "1");
    assert_null(req_query(&r, "missing"));
    assert_null(req_query(&r, "")); /* "=nokey" has no name and is skipped */

    /* bytes that are not UTF-8 once decoded (GBK 学道 = D1 A7 B5 C0) are refused */
    assert_false(req_parse_urlencoded(a, "q=%D1%A7%B5%C0", 14, &kv, &n));
    assert_false(req_parse_urlencoded(a, "q=%00", 5, &kv, &n)); /* NUL would cut the text short */
    assert_false(req_parse_urlencoded(a, "%C0%AF=1", 8, &kv, &n)); /* overlong '/' */
    assert_true(req_parse_urlencoded(a, "", 0, &kv, &n));
    assert_int_equal(n, 0);

    /* path decoding keeps '+' */
    assert_string_equal(req_url_decode(a, "/a+b%20c", 8, false), "/a+b c");
    assert_null(req_url_decode(a, "/%FF", 4, false));
    arena_free(a);
}

static void test_cookies(void **state)
{
    (void)state;
    T t;
    t_init(&t, "GET", "/");
    t_header(&t, "cookie", "gz_lang=en; gz_session=abc-DEF_123;  other = \"quoted\" ;pct=a%20b");
    t_header(&t, "cookie", "second=2");
    assert_string_equal(req_cookie(&t.r, "gz_lang"), "en");
    assert_string_equal(req_cookie(&t.r, "gz_session"), "abc-DEF_123");
    assert_string_equal(req_cookie(&t.r, "other"), "quoted");
    assert_string_equal(req_cookie(&t.r, "pct"), "a b");
    assert_string_equal(req_cookie(&t.r, "second"), "2"); /* from a second Cookie header */
    assert_null(req_cookie(&t.r, "gz"));                  /* a prefix of a name is not the name */
    assert_null(req_cookie(&t.r, "session"));
    t_free(&t);
}

static void test_resp_cookie_and_redirect(void **state)
{
    (void)state;
    T t;
    t_init(&t, "POST", "/login");
    cfg.secure_cookies = false;
    resp_cookie(&t.r, "gz_session", "tok", -1, true);
    assert_int_equal(t.r.n_resp_headers, 1);
    assert_string_equal(t.r.resp_headers[0].key, "Set-Cookie");
    assert_string_equal(t.r.resp_headers[0].value, "gz_session=tok; Path=/; SameSite=Lax; HttpOnly");
    cfg.secure_cookies = true;
    resp_cookie(&t.r, "gz_lang", "en", 3600, false);
    assert_string_equal(t.r.resp_headers[1].value, "gz_lang=en; Path=/; SameSite=Lax; Max-Age=3600; Secure");
    resp_cookie(&t.r, "gz_session", "tok", 0, true);
    assert_non_null(strstr(t.r.resp_headers[2].value, "gz_session=; Path=/; SameSite=Lax; Max-Age=0"));
    cfg.secure_cookies = false;

    /* many headers grow the array */
    for (int i = 0; i < 20; i++)
        resp_header(&t.r, "X-N", "v");
    assert_int_equal(t.r.n_resp_headers, 23);

    /* only local paths: anything else would make ?next= an open redirect */
    const char *targets[][2] = {
        {"/grid/12", "/grid/12"}, {"//evil.example/", "/"}, {"/\\evil.example", "/"},
        {"https://evil.example/", "/"}, {"/a\r\nSet-Cookie: x=1", "/"},
    };
    for (size_t i = 0; i < sizeof targets / sizeof targets[0]; i++) {
        t.r.n_resp_headers = 0;
        resp_redirect(&t.r, targets[i][0]);
        assert_int_equal(t.r.status, 303);
        assert_string_equal(t.r.resp_headers[0].key, "Location");
        assert_string_equal(t.r.resp_headers[0].value, targets[i][1]);
    }
    t_free(&t);
}

static void test_param_and_query_ints(void **state)
{
    (void)state;
    const char *bad_ids[] = {"0", "-1", "abc", "12x", "", " 1", "+1", "99999999999999999999"};
    for (size_t i = 0; i < sizeof bad_ids / sizeof bad_ids[0]; i++) {
        T t;
        t_init(&t, "GET", "/api/x");
        t.r.wants_json = true;
        KV p = {"id", bad_ids[i]};
        t.r.params = &p;
        t.r.n_params = 1;
        int64_t id = 77;
        assert_false(req_param_id_or_reply(&t.r, "id", &id));
        assert_error_json(&t.r, 404, "not_found", NULL);
        t_free(&t);
    }
    T t;
    t_init(&t, "GET", "/api/x");
    t.r.wants_json = true;
    KV p = {"id", "9007199254740993"};
    t.r.params = &p;
    t.r.n_params = 1;
    int64_t id = 0;
    assert_true(req_param_id_or_reply(&t.r, "id", &id));
    assert_true(id == 9007199254740993LL);
    assert_false(t.r.failed);

    KV q[] = {{"page", "3"}, {"per_page", "500"}, {"junk", "1e3"}, {"blank", ""}};
    t.r.query = q;
    t.r.n_query = 4;
    int64_t v = 0;
    assert_true(req_query_int_or_reply(&t.r, "page", 1, 1, 1000, &v));
    assert_true(v == 3);
    assert_true(req_query_int_or_reply(&t.r, "absent", 20, 1, 100, &v));
    assert_true(v == 20);
    assert_true(req_query_int_or_reply(&t.r, "blank", 5, 1, 100, &v));
    assert_true(v == 5);
    assert_false(t.r.failed);
    assert_false(req_query_int_or_reply(&t.r, "per_page", 20, 1, 100, &v));
    assert_error_json(&t.r, 400, "bad_param", "per_page");
    buf_reset(&t.r.out);
    assert_false(req_query_int_or_reply(&t.r, "junk", 20, 1, 100000, &v));
    assert_error_json(&t.r, 400, "bad_param", "junk");
    t_free(&t);
}

/* ---- the error reply ---- */

static void test_reply_error_json_shape(void **state)
{
    (void)state;
    T t;
    t_init(&t, "POST", "/api/households");
    t.r.wants_json = true;
    t.r.lang = "zh";
    buf_puts(&t.r.out, "{\"half\":");   /* whatever the handler wrote is dropped */
    resp_header(&t.r, "Location", "/x"); /* and so are its headers */
    reply_error(&t.r, 400, "missing_field", "name", "请填写名称", "Name is required");
    assert_error_json(&t.r, 400, "missing_field", "name");
    assert_int_equal(t.r.n_resp_headers, 0);
    json_t *doc = json_loads(buf_str(&t.r.out), 0, NULL);
    json_t *err = json_object_get(doc, "error");
    assert_string_equal(json_string_value(json_object_get(err, "message")), "Name is required");
    assert_string_equal(json_string_value(json_object_get(err, "message_zh")), "请填写名称");
    json_decref(doc);

    /* quotes and controls in messages stay valid JSON */
    buf_reset(&t.r.out);
    reply_error(&t.r, 409, "conflict", NULL, "“重复”\n", "dup \"x\"\t");
    assert_error_json(&t.r, 409, "conflict", NULL);

    buf_reset(&t.r.out);
    reply_not_found(&t.r);
    assert_error_json(&t.r, 404, "not_found", NULL);
    buf_reset(&t.r.out);
    reply_forbidden(&t.r);
    assert_error_json(&t.r, 403, "forbidden", NULL);
    buf_reset(&t.r.out);
    reply_login_needed(&t.r);
    assert_error_json(&t.r, 401, "login_required", NULL);

    /* a row of a capability's error table answers the same envelope */
    static const ErrorText row = {409, "not_pending", "这笔付款已不在审批中", "No longer awaiting signatures"};
    buf_reset(&t.r.out);
    reply_error_text(&t.r, &row, "payment_id");
    assert_error_json(&t.r, 409, "not_pending", "payment_id");
    json_t *d2 = json_loads(buf_str(&t.r.out), 0, NULL);
    assert_string_equal(json_string_value(json_object_get(json_object_get(d2, "error"), "message_zh")),
                        "这笔付款已不在审批中");
    json_decref(d2);
    /* a missing row is a bug, never a user's mistake: 500 */
    buf_reset(&t.r.out);
    reply_error_text(&t.r, NULL, "x");
    assert_error_json(&t.r, 500, "internal", NULL);
    t_free(&t);
}

static void test_reply_error_page(void **state)
{
    (void)state;
    T t;
    t_init(&t, "GET", "/grid/1");
    t.r.lang = "zh";
    reply_error(&t.r, 404, "not_found", NULL, "找不到<这户>", "Not found");
    assert_int_equal(t.r.status, 404);
    assert_true(t.r.failed);
    const char *html = buf_str(&t.r.out);
    assert_non_null(strstr(t.r.content_type_out, "text/html"));
    assert_true(strncmp(html, "<!doctype html>", 15) == 0);
    assert_non_null(strstr(html, "lang=\"zh-CN\""));
    assert_non_null(strstr(html, "找不到&lt;这户&gt;")); /* escaped */
    assert_non_null(strstr(html, "not_found"));
    assert_null(strstr(html, "<script>")); /* no inline scripts: the CSP forbids them */
    assert_null(strstr(html, "csrf-token")); /* anonymous: no token */
    t_free(&t);

    t_init(&t, "GET", "/grid/1");
    t.r.lang = "en";
    reply_error(&t.r, 403, "forbidden", NULL, "没有权限", "Not allowed");
    assert_non_null(strstr(buf_str(&t.r.out), "Not allowed"));
    assert_null(strstr(buf_str(&t.r.out), "没有权限"));
    assert_non_null(strstr(buf_str(&t.r.out), "lang=\"en\""));
    t_free(&t);

    /* a page that needs a login redirects there, remembering where it was */
    t_init(&t, "GET", "/grid/1 2");
    t.r.lang = "zh";
    reply_login_needed(&t.r);
    assert_int_equal(t.r.status, 303);
    assert_true(t.r.failed);
    assert_string_equal(t.r.resp_headers[0].key, "Location");
    assert_string_equal(t.r.resp_headers[0].value, "/login?next=%2Fgrid%2F1%202");
    t_free(&t);
}

static void test_json_object_or_reply(void **state)
{
    (void)state;
    T t;
    t_init(&t, "POST", "/api/x");
    t.r.wants_json = true;
    t.r.content_type = "text/plain";
    assert_null(req_json_object_or_reply(&t.r));
    assert_error_json(&t.r, 415, "unsupported_media_type", NULL);
    t_free(&t);

    t_init(&t, "POST", "/api/x");
    t.r.wants_json = true;
    t.r.content_type = "application/json";
    t.r.json = json_array();
    assert_null(req_json_object_or_reply(&t.r));
    assert_error_json(&t.r, 400, "bad_json", NULL);
    t_free(&t);

    t_init(&t, "POST", "/api/x");
    t.r.content_type = "application/json";
    t.r.json = json_object();
    assert_ptr_equal(req_json_object_or_reply(&t.r), t.r.json);
    assert_false(t.r.failed);
    t_free(&t);
}

/* ---- dispatch without sockets ---- */

static int g_calls;
static void h_echo(Req *r)
{
    g_calls++;
    resp_json(r);
    const char *id = req_param(r, "id");
    json_t *name = r->json ? json_object_get(r->json, "name") : NULL;
    buf_printf(&r->out, "{\"id\":%j,\"name\":%j,\"form\":%j,\"n_uploads\":%d}", id,
               name ? json_string_value(name) : NULL, req_form(r, "title"), r->n_uploads);
}
static void h_page(Req *r)
{
    g_calls++;
    buf_puts(&r->out, "ok");
}

static const Route troutes[] = {
    {"GET", "/api/things/{id}", h_echo, PERM_PUBLIC, R_API, "fields"},
    {"POST", "/api/things/{id}", h_echo, PERM_PUBLIC, R_API | R_WRITE | R_NOCSRF, ""},
    {"POST", "/api/upload", h_echo, PERM_PUBLIC, R_API | R_WRITE | R_NOCSRF | R_UPLOAD, ""},
    {"GET", "/api/private", h_echo, PERM_LOGIN, R_API, ""},
    {"GET", "/private", h_page, PERM_LOGIN, 0, NULL},
    {"POST", "/form", h_echo, PERM_PUBLIC, R_WRITE, NULL},
    {"GET", "/static/{name}", asset_handler, PERM_PUBLIC, 0, NULL},
};
static const int n_troutes = sizeof troutes / sizeof troutes[0];

static void dispatch(T *t)
{
    server_dispatch(&t->r, troutes, n_troutes);
}

static void test_dispatch_routes_and_errors(void **state)
{
    (void)state;
    T t;
    g_calls = 0;
    t_init(&t, "GET", "/api/things/42");
    dispatch(&t);
    assert_int_equal(t.r.status, 200);
    assert_int_equal(g_calls, 1);
    assert_string_equal(buf_str(&t.r.out), "{\"id\":\"42\",\"name\":null,\"form\":null,\"n_uploads\":0}");
    t_free(&t);

    t_init(&t, "GET", "/api/nothing");
    dispatch(&t);
    assert_error_json(&t.r, 404, "not_found", NULL); /* under /api/: JSON even without a route */
    t_free(&t);

    t_init(&t, "DELETE", "/api/things/42");
    dispatch(&t);
    assert_error_json(&t.r, 405, "method_not_allowed", NULL);
    t_free(&t);

    t_init(&t, "GET", "/nothing");
    dispatch(&t);
    assert_int_equal(t.r.status, 404);
    assert_non_null(strstr(buf_str(&t.r.out), "<!doctype html>"));
    t_free(&t);

    /* signed out: 401 for the API, a redirect to the login page for pages */
    t_init(&t, "GET", "/api/private");
    dispatch(&t);
    assert_error_json(&t.r, 401, "login_required", NULL);
    t_free(&t);
    t_init(&t, "GET", "/private");
    dispatch(&t);
    assert_int_equal(t.r.status, 303);
    assert_string_equal(t.r.resp_headers[0].value, "/login?next=%2Fprivate");
    t_free(&t);

    /* the language cookie chooses the error page's language */
    t_init(&t, "GET", "/nothing");
    t_header(&t, "cookie", "gz_lang=en");
    dispatch(&t);
    assert_non_null(strstr(buf_str(&t.r.out), "lang=\"en\""));
    t_free(&t);
    assert_int_equal(g_calls, 1); /* no handler ran for any error above */

    /* a query parameter the API route does not declare: 400 naming it, the handler never runs */
    KV q[] = {{"fields", "id"}, {"feilds", "id"}};
    t_init(&t, "GET", "/api/things/42");
    t.r.query = q;
    t.r.n_query = 2;
    dispatch(&t);
    assert_error_json(&t.r, 400, "unknown_param", "feilds");
    t_free(&t);
    t_init(&t, "GET", "/api/things/42");
    t.r.query = q;
    t.r.n_query = 1;
    dispatch(&t);
    assert_int_equal(t.r.status, 200);
    t_free(&t);
    assert_int_equal(g_calls, 2);
    /* signed out, the sign-in comes first */
    t_init(&t, "GET", "/api/private");
    t.r.query = q + 1;
    t.r.n_query = 1;
    dispatch(&t);
    assert_error_json(&t.r, 401, "login_required", NULL);
    t_free(&t);
    /* a page takes any parameter */
    t_init(&t, "POST", "/form");
    t.r.query = q + 1;
    t.r.n_query = 1;
    dispatch(&t);
    assert_int_equal(t.r.status, 200);
    t_free(&t);
    assert_int_equal(g_calls, 3);
}

static void test_dispatch_bodies(void **state)
{
    (void)state;
    T t;
    g_calls = 0;
    static const char good[] = "{\"name\":\"学道苑\"}";
    t_init(&t, "POST", "/api/things/7");
    t_body(&t, "Application/JSON; charset=utf-8", good, strlen(good));
    dispatch(&t);
    assert_int_equal(t.r.status, 200);
    assert_string_equal(t.r.content_type, "application/json");
    assert_string_equal(buf_str(&t.r.out), "{\"id\":\"7\",\"name\":\"学道苑\",\"form\":null,\"n_uploads\":0}");
    t_free(&t);

    struct {
        const char *body;
        size_t len;
        const char *code;
    } bad[] = {
        {"{\"name\":", 8, "bad_json"},
        {"{\"a\":1,\"a\":2}", 13, "bad_json"},     /* duplicate keys are refused */
        {"{\"a\":\"\\u0000\"}", 14, "bad_json"},     /* NUL inside a string */
        {"{\"a\":\"\xd1\xa7\xb5\xc0\"}", 12, "bad_utf8"}, /* GBK bytes */
        {"{\"a\":1}\0{", 9, "bad_utf8"},            /* a NUL byte in the body */
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        t_init(&t, "POST", "/api/things/7");
        t_body(&t, "application/json", bad[i].body, bad[i].len);
        dispatch(&t);
        assert_error_json(&t.r, 400, bad[i].code, NULL);
        t_free(&t);
    }

    /* form bodies */
    static const char form[] = "title=%E9%80%9A%E7%9F%A5+1&x=y";
    t_init(&t, "POST", "/form");
    t_body(&t, "application/x-www-form-urlencoded", form, strlen(form));
    dispatch(&t);
    assert_int_equal(t.r.status, 200);
    assert_non_null(strstr(buf_str(&t.r.out), "\"form\":\"通知 1\""));
    t_free(&t);
    t_init(&t, "POST", "/form");
    t_body(&t, "application/x-www-form-urlencoded", "title=%FF", 9);
    dispatch(&t);
    assert_int_equal(t.r.status, 400);
    assert_non_null(strstr(buf_str(&t.r.out), "bad_utf8"));
    t_free(&t);
    assert_int_equal(g_calls, 2);
}

static void test_dispatch_multipart(void **state)
{
    (void)state;
    static const char mp[] =
        "--XyZ\r\n"
        "Content-Disposition: form-data; name=\"title\"\r\n\r\n"
        "学道苑 住户\r\n"
        "--XyZ\r\n"
        "Content-Disposition: form-data; name=\"file\"; filename=\"住户.csv\"\r\n"
        "Content-Type: text/csv\r\n\r\n"
        "a,b\r\n1,2\r\n"
        "--XyZ--\r\n";
    T t;
    t_init(&t, "POST", "/api/upload");
    t_body(&t, "multipart/form-data; boundary=XyZ", mp, sizeof mp - 1);
    dispatch(&t);
    assert_int_equal(t.r.status, 200);
    assert_string_equal(req_form(&t.r, "title"), "学道苑 住户");
    const Upload *u = req_upload(&t.r, "file");
    assert_non_null(u);
    assert_string_equal(u->filename, "住户.csv");
    assert_int_equal(u->len, 8);
    assert_memory_equal(u->data, "a,b\r\n1,2", 8);
    assert_null(req_upload(&t.r, "title"));
    t_free(&t);

    const char *broken[] = {
        "--XyZ\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nno end",
        "garbage",
        "--XyZ\r\nContent-Type: text/plain\r\n\r\nno name\r\n--XyZ--\r\n",
    };
    for (size_t i = 0; i < sizeof broken / sizeof broken[0]; i++) {
        t_init(&t, "POST", "/api/upload");
        t_body(&t, "multipart/form-data; boundary=\"XyZ\"", broken[i], strlen(broken[i]));
        dispatch(&t);
        assert_error_json(&t.r, 400, "bad_multipart", NULL);
        t_free(&t);
    }
    t_init(&t, "POST", "/api/upload");
    t_body(&t, "multipart/form-data", "--XyZ--", 7);
    dispatch(&t);
    assert_error_json(&t.r, 400, "bad_multipart", NULL);
    t_free(&t);
}

static void test_dispatch_body_limits(void **state)
{
    (void)state;
    static char big[3000];
    memset(big, ' ', sizeof big);
    big[0] = '{';
    big[sizeof big - 1] = '}';
    cfg.max_body = 1000;
    cfg.max_upload = 5000;
    T t;
    g_calls = 0;
    t_init(&t, "POST", "/api/things/1");
    t_body(&t, "application/json", big, sizeof big);
    dispatch(&t);
    assert_error_json(&t.r, 413, "too_large", NULL);
    t_free(&t);
    /* the same body is fine on an upload route */
    t_init(&t, "POST", "/api/upload");
    t_body(&t, "application/json", big, sizeof big);
    dispatch(&t);
    assert_int_equal(t.r.status, 200);
    t_free(&t);
    assert_int_equal(g_calls, 1);
    cfg.max_body = 1 << 20;
    cfg.max_upload = 8 << 20;
}

static void test_static_assets(void **state)
{
    (void)state;
    const Asset *css = asset_find("app.css");
    assert_non_null(css);
    assert_non_null(asset_find("htmx.min.js"));
    assert_null(asset_find("../app.css"));
    assert_null(asset_find(NULL));

    T t;
    t_init(&t, "GET", "/static/app.css");
    dispatch(&t);
    assert_int_equal(t.r.status, 200);
    assert_ptr_equal(t.r.static_body, css->data);
    assert_int_equal(t.r.static_len, css->len);
    assert_string_equal(t.r.content_type_out, css->content_type);
    t_free(&t);

    t_init(&t, "GET", "/static/app.css");
    t_header(&t, "if-none-match", css->etag);
    dispatch(&t);
    assert_int_equal(t.r.status, 304);
    assert_null(t.r.static_body);
    t_free(&t);

    t_init(&t, "GET", "/static/nothing.js");
    dispatch(&t);
    assert_int_equal(t.r.status, 404);
    t_free(&t);
}

/* ---- one transaction per read request ---- */

static int g_tx_session = -1, g_tx_handler = -1;
static bool g_session_fails;
static bool hook_session(Req *r)
{
    g_tx_session = db_in_transaction(r->db);
    r->who = NULL;
    r->lang = "zh";
    if (g_session_fails) {
        reply_error(r, 503, "busy", NULL, "系统繁忙，请稍后再试", "busy");
        return false;
    }
    return true;
}
static bool hook_allow_all(const Req *r, int perm)
{
    (void)r;
    (void)perm;
    return true;
}
static void h_tx(Req *r)
{
    g_calls++;
    g_tx_handler = db_in_transaction(r->db);
    buf_puts(&r->out, "ok");
}
static const Route tx_routes[] = {
    {"GET", "/read", h_tx, PERM_PUBLIC, 0, NULL},
    {"POST", "/write", h_tx, PERM_PUBLIC, R_WRITE | R_NOCSRF, NULL},
};

static void test_dispatch_one_transaction_per_read(void **state)
{
    (void)state;
    char dir[] = "/tmp/gz_test_req_XXXXXX";
    assert_non_null(mkdtemp(dir));
    char url[64], path[64], err[256];
    snprintf(url, sizeof url, "sqlite:%s/t.db", dir);
    Db *db = db_open(url, err, sizeof err);
    assert_non_null(db);
    HttpHooks saved = *http_hooks();
    HttpHooks h = saved;
    h.load_session = hook_session;
    h.allowed = hook_allow_all;
    http_set_hooks(&h);

    T t;
    /* a read: the session is loaded inside the transaction the page runs in */
    g_calls = 0;
    g_session_fails = false;
    t_init(&t, "GET", "/read");
    t.r.db = db;
    server_dispatch(&t.r, tx_routes, 2);
    assert_int_equal(t.r.status, 200);
    assert_int_equal(g_tx_session, 1);
    assert_int_equal(g_tx_handler, 1);
    assert_false(db_in_transaction(db));
    t_free(&t);

    /* a write: the session outside, so the write lock is held only by the handler */
    t_init(&t, "POST", "/write");
    t.r.db = db;
    server_dispatch(&t.r, tx_routes, 2);
    assert_int_equal(t.r.status, 200);
    assert_int_equal(g_tx_session, 0);
    assert_int_equal(g_tx_handler, 1);
    assert_false(db_in_transaction(db));
    t_free(&t);

    /* a session that cannot be read answers for itself; no page runs, no
     * transaction is left open */
    g_session_fails = true;
    t_init(&t, "GET", "/read");
    t.r.db = db;
    server_dispatch(&t.r, tx_routes, 2);
    assert_int_equal(t.r.status, 503);
    assert_int_equal(g_calls, 2);
    assert_false(db_in_transaction(db));
    t_free(&t);
    g_session_fails = false;

    http_set_hooks(&saved);
    db_close(db);
    snprintf(path, sizeof path, "%s/t.db", dir);
    unlink(path);
    snprintf(path, sizeof path, "%s/t.db-wal", dir);
    unlink(path);
    snprintf(path, sizeof path, "%s/t.db-shm", dir);
    unlink(path);
    rmdir(dir);
}

int main(void)
{
    config_defaults(&cfg);
    g_config = &cfg;
    site_install();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_query_decoding),
        cmocka_unit_test(test_cookies),
        cmocka_unit_test(test_resp_cookie_and_redirect),
        cmocka_unit_test(test_param_and_query_ints),
        cmocka_unit_test(test_reply_error_json_shape),
        cmocka_unit_test(test_reply_error_page),
        cmocka_unit_test(test_json_object_or_reply),
        cmocka_unit_test(test_dispatch_routes_and_errors),
        cmocka_unit_test(test_dispatch_bodies),
        cmocka_unit_test(test_dispatch_multipart),
        cmocka_unit_test(test_dispatch_body_limits),
        cmocka_unit_test(test_static_assets),
        cmocka_unit_test(test_dispatch_one_transaction_per_read),
    };
    int failed = cmocka_run_group_tests(tests, NULL, NULL);
    g_config = NULL;
    config_free(&cfg);
    return failed;
}
