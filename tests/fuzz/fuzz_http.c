/* fuzz_http.c: a request's query string and body through the decoders every
 * route relies on: the query (urlencoded), the body by content type (JSON,
 * a urlencoded form, multipart/form-data uploads) and the declared JSON
 * field validation. Input: first byte picks the content type, then the
 * query up to the first newline, then the body. No hooks are installed, so
 * nobody is signed in and only public routes run, as for a stranger. */
#include <jansson.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "core/config.h"
#include "http/jsonin.h"
#include "http/req.h"
#include "http/router.h"
#include "http/server.h"

static void h_json(Req *r)
{
    json_t *body = req_json_object_or_reply(r);
    if (!body)
        return;
    static const JsonField spec[] = {
        {"title", JF_STRING, JF_REQUIRED, 0, 100},
        {"n", JF_INT, 0, -1000, 1000},
        {"ok", JF_BOOL, 0, 0, 0},
        {"tags", JF_STRINGS, 0, 0, 0},
        {"note", JF_STRING, JF_EMPTY_OK | JF_NULLABLE, 0, 0},
        {NULL, 0, 0, 0, 0},
    };
    JsonValue v[5];
    if (!json_fields_or_reply(r, body, spec, v))
        return;
    resp_json(r);
    buf_printf(&r->out, "{\"title\":%j,\"n\":%lld}", v[0].s, (long long)v[1].i);
}

static void h_form(Req *r)
{
    buf_printf(&r->out, "%h %h %d", req_form(r, "title"), req_form_trim(r, "note"), r->n_uploads);
    for (int i = 0; i < r->n_uploads; i++)
        (void)req_upload(r, r->uploads[i].field);
}

static const Route routes[] = {
    {"POST", "/api/fuzz", h_json, 0, R_API | R_WRITE | R_NOCSRF, ""},
    {"POST", "/fuzz", h_form, 0, R_WRITE | R_NOCSRF | R_UPLOAD, NULL},
};

static const char *const k_types[] = {
    "application/json",
    "application/x-www-form-urlencoded",
    "multipart/form-data; boundary=XyZ",
    "multipart/form-data; boundary=\"a b\"",
    "multipart/form-data",
    "text/plain",
};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static Config cfg;
    static int ready;
    if (!ready) {
        config_defaults(&cfg);
        g_config = &cfg;
        ready = 1;
    }
    if (size < 1)
        return 0;
    const char *type = k_types[data[0] % (sizeof k_types / sizeof k_types[0])];
    bool api = data[0] & 0x80;
    const char *rest = (const char *)data + 1;
    size_t n = size - 1;
    const char *nl = memchr(rest, '\n', n);
    size_t qlen = nl ? (size_t)(nl - rest) : 0;
    /* the body is a private copy: the decoders may point into it */
    size_t blen = nl ? n - qlen - 1 : n;
    char *body = malloc(blen + 1);
    if (!body)
        return 0;
    memcpy(body, nl ? nl + 1 : rest, blen);
    body[blen] = '\0';

    Arena *a = arena_new();
    Req r;
    memset(&r, 0, sizeof r);
    KV headers[1] = {{"content-type", type}};
    r.arena = a;
    r.method = "POST";
    r.path = api ? "/api/fuzz" : "/fuzz";
    r.headers = headers;
    r.n_headers = 1;
    r.client_ip = "127.0.0.1";
    r.body = body;
    r.body_len = blen;
    if (qlen && !req_parse_urlencoded(a, rest, qlen, &r.query, &r.n_query))
        r.query = NULL, r.n_query = 0;
    server_dispatch(&r, routes, 2);
    json_decref(r.json);
    buf_free(&r.out);
    arena_free(a);
    free(body);
    return 0;
}
