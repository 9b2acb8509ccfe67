/* req.c: what handlers read from a request (query, form, params, headers, cookies) and how they answer (headers, cookies, redirects, errors). */
#include "http/req.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "core/config.h"
#include "core/utf8.h"
#include "http/hooks.h"


static const char *kv_find(const KV *kv, int n, const char *name)
{
    for (int i = 0; i < n; i++)
        if (strcmp(kv[i].key, name) == 0)
            return kv[i].value;
    return NULL;
}

const char *req_query(const Req *r, const char *name)
{
    return kv_find(r->query, r->n_query, name);
}

const char *req_form(const Req *r, const char *name)
{
    return kv_find(r->form, r->n_form, name);
}

const char *req_form_trim(Req *r, const char *name)
{
    const char *v = req_form(r, name);
    if (!v)
        return NULL;
    while (*v == ' ' || *v == '\t' || *v == '\r' || *v == '\n')
        v++;
    size_t n = strlen(v);
    while (n > 0 && (v[n - 1] == ' ' || v[n - 1] == '\t' || v[n - 1] == '\r' || v[n - 1] == '\n'))
        n--;
    return arena_strndup(r->arena, v, n);
}

bool req_form_int_or_reply(Req *r, const char *name, int64_t min, int64_t max, int64_t dflt, int64_t *out)
{
    const char *v = req_form_trim(r, name);
    if (!v || !*v) {
        *out = dflt;
        return true;
    }
    char *end;
    errno = 0;
    long long x = strtoll(v, &end, 10);
    if (*end || errno || x < min || x > max) {
        reply_error(r, 400, "bad_value", name, "请填写有效的整数", "Enter a valid whole number");
        return false;
    }
    *out = x;
    return true;
}

const char *req_param(const Req *r, const char *name)
{
    return kv_find(r->params, r->n_params, name);
}

const char *req_header(const Req *r, const char *lower_name)
{
    return kv_find(r->headers, r->n_headers, lower_name);
}

const Upload *req_upload(const Req *r, const char *field)
{
    for (int i = 0; i < r->n_uploads; i++)
        if (strcmp(r->uploads[i].field, field) == 0)
            return &r->uploads[i];
    return NULL;
}

static int hexval(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

char *req_url_decode(Arena *a, const char *s, size_t n, bool plus_space)
{
    char *out = arena_alloc(a, n + 1);
    size_t o = 0;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (c == '%' && i + 2 < n && hexval(s[i + 1]) >= 0 && hexval(s[i + 2]) >= 0) {
            out[o++] = (char)(hexval(s[i + 1]) * 16 + hexval(s[i + 2]));
            i += 2;
        } else if (c == '+' && plus_space) {
            out[o++] = ' ';
        } else {
            out[o++] = c;
        }
    }
    out[o] = '\0';
    if (!utf8_valid(out, o))
        return NULL;
    return out;
}

bool req_parse_urlencoded(Arena *a, const char *s, size_t n, KV **out, int *n_out)
{
    *out = NULL;
    *n_out = 0;
    int count = 0;
    for (size_t i = 0; i < n; i++)
        if (s[i] == '&')
            count++;
    KV *kv = arena_alloc(a, sizeof(KV) * (size_t)(count + 1));
    int k = 0;
    size_t i = 0;
    while (i < n) {
        size_t end = i;
        while (end < n && s[end] != '&')
            end++;
        if (end > i) {
            size_t eq = i;
            while (eq < end && s[eq] != '=')
                eq++;
            char *key = req_url_decode(a, s + i, eq - i, true);
            char *val = eq < end ? req_url_decode(a, s + eq + 1, end - eq - 1, true) : arena_strdup(a, "");
            if (!key || !val)
                return false;
            if (key[0]) {
                kv[k].key = key;
                kv[k].value = val;
                k++;
            }
        }
        i = end + 1;
    }
    *out = kv;
    *n_out = k;
    return true;
}

const char *req_cookie(const Req *r, const char *name)
{
    size_t nlen = strlen(name);
    /* A browser may send several Cookie headers (HTTP/2 proxies split them). */
    for (int h = 0; h < r->n_headers; h++) {
        if (strcmp(r->headers[h].key, "cookie") != 0)
            continue;
        const char *p = r->headers[h].value;
        while (*p) {
            while (*p == ' ' || *p == '\t' || *p == ';')
                p++;
            const char *end = p;
            while (*end && *end != ';')
                end++;
            const char *eq = memchr(p, '=', (size_t)(end - p));
            if (eq) {
                const char *k_end = eq;
                while (k_end > p && (k_end[-1] == ' ' || k_end[-1] == '\t'))
                    k_end--;
                if ((size_t)(k_end - p) == nlen && memcmp(p, name, nlen) == 0) {
                    const char *v = eq + 1, *v_end = end;
                    while (v < v_end && (*v == ' ' || *v == '\t'))
                        v++;
                    while (v_end > v && (v_end[-1] == ' ' || v_end[-1] == '\t'))
                        v_end--;
                    if (v_end - v >= 2 && *v == '"' && v_end[-1] == '"') {
                        v++;
                        v_end--;
                    }
                    /* resp_cookie percent-encodes values, so decode here */
                    return req_url_decode(r->arena, v, (size_t)(v_end - v), false);
                }
            }
            p = end;
        }
    }
    return NULL;
}

/* Parses a whole decimal number without sign, spaces or leading '+'. */
static bool parse_i64(const char *s, int64_t *out)
{
    if (!s || !*s)
        return false;
    const char *p = s;
    if (*p == '-')
        p++;
    if (*p < '0' || *p > '9')
        return false;
    for (const char *q = p; *q; q++)
        if (*q < '0' || *q > '9')
            return false;
    errno = 0;
    char *end;
    long long v = strtoll(s, &end, 10);
    if (errno || *end)
        return false;
    *out = (int64_t)v;
    return true;
}

bool req_param_id_or_reply(Req *r, const char *name, int64_t *out)
{
    int64_t v;
    const char *s = req_param(r, name);
    if (!parse_i64(s, &v) || v <= 0) {
        reply_not_found(r);
        return false;
    }
    *out = v;
    return true;
}

bool req_query_int_or_reply(Req *r, const char *name, int64_t dflt, int64_t min, int64_t max, int64_t *out)
{
    const char *s = req_query(r, name);
    /* An empty field is what a form sends for "nothing chosen". */
    if (!s || !*s) {
        *out = dflt;
        return true;
    }
    int64_t v;
    if (!parse_i64(s, &v) || v < min || v > max) {
        reply_error(r, 400, "bad_param", name, "参数不是有效的数字", "The parameter is not a valid number in range");
        return false;
    }
    *out = v;
    return true;
}

bool req_paging_or_reply(Req *r, int64_t *page, int64_t *per_page)
{
    return req_query_int_or_reply(r, "page", 1, 1, 1000000, page) &&
           req_query_int_or_reply(r, "per_page", 20, 1, 200, per_page);
}

bool req_keyset_or_reply(Req *r, int64_t *page, int64_t *per_page, int64_t *after)
{
    if (!req_paging_or_reply(r, page, per_page) || !req_query_int_or_reply(r, "after", 0, 1, INT64_MAX, after))
        return false;
    if (*after && *page > 1) {
        reply_error(r, 400, "bad_param", "page", "page 与 after 只能用一个", "Use page or after, not both");
        return false;
    }
    return true;
}

void resp_list_tail(Buf *b, int64_t page, int64_t per_page, int64_t total, bool capped, int64_t next)
{
    buf_printf(b, "],\"page\":%lld,\"per_page\":%lld,\"total\":%lld,\"total_capped\":%s,\"next\":", (long long)page,
               (long long)per_page, (long long)total, capped ? "true" : "false");
    if (next)
        buf_printf(b, "%lld", (long long)next);
    else
        buf_puts(b, "null");
}

bool req_query_id_or_reply(Req *r, const char *name, int64_t *out)
{
    if (!req_query_int_or_reply(r, name, 0, 1, INT64_MAX, out))
        return false;
    if (*out == 0) {
        reply_error(r, 400, "missing_field", name, "缺少参数", "A required parameter is missing");
        return false;
    }
    return true;
}

static bool is_json_type(const char *ct)
{
    return ct && (strcmp(ct, "application/json") == 0 ||
                  (strncmp(ct, "application/", 12) == 0 && strlen(ct) > 17 && strcmp(ct + strlen(ct) - 5, "+json") == 0));
}

json_t *req_json_object_or_reply(Req *r)
{
    if (!is_json_type(r->content_type)) {
        reply_error(r, 415, "unsupported_media_type", NULL, "请求内容应为 JSON（Content-Type: application/json）",
                    "The body must be JSON (Content-Type: application/json)");
        return NULL;
    }
    if (!r->json || !json_is_object(r->json)) {
        reply_error(r, 400, "bad_json", NULL, "请求内容应为一个 JSON 对象", "The body must be a JSON object");
        return NULL;
    }
    return r->json;
}

void resp_header(Req *r, const char *name, const char *value)
{
    if (r->n_resp_headers == r->cap_resp_headers) {
        int cap = r->cap_resp_headers ? r->cap_resp_headers * 2 : 8;
        KV *nh = arena_alloc(r->arena, sizeof(KV) * (size_t)cap);
        if (r->n_resp_headers)
            memcpy(nh, r->resp_headers, sizeof(KV) * (size_t)r->n_resp_headers);
        r->resp_headers = nh;
        r->cap_resp_headers = cap;
    }
    r->resp_headers[r->n_resp_headers].key = arena_strdup(r->arena, name);
    r->resp_headers[r->n_resp_headers].value = arena_strdup(r->arena, value);
    r->n_resp_headers++;
}

void resp_json(Req *r)
{
    r->content_type_out = "application/json; charset=utf-8";
}

/* Only paths of this site: "//evil.example" and "/\evil" are read by
 * browsers as another host, which would make /login?next= an open redirect. */
static bool local_path(const char *s)
{
    if (!s || s[0] != '/' || s[1] == '/' || s[1] == '\\')
        return false;
    for (const char *p = s; *p; p++)
        if ((unsigned char)*p < 0x20 || *p == 0x7f)
            return false;
    return true;
}

void resp_redirect(Req *r, const char *location)
{
    r->status = 303;
    resp_header(r, "Location", local_path(location) ? location : "/");
}

void resp_cookie(Req *r, const char *name, const char *value, long max_age, bool http_only)
{
    Buf b = BUF_INIT;
    buf_printf(&b, "%s=%u; Path=/; SameSite=Lax", name, max_age == 0 ? "" : value ? value : "");
    if (max_age == 0)
        buf_printf(&b, "; Max-Age=0; Expires=Thu, 01 Jan 1970 00:00:00 GMT");
    else if (max_age > 0)
        buf_printf(&b, "; Max-Age=%ld", max_age);
    if (http_only)
        buf_puts(&b, "; HttpOnly");
    if (g_config && g_config->secure_cookies)
        buf_puts(&b, "; Secure");
    resp_header(r, "Set-Cookie", buf_str(&b));
    buf_free(&b);
}

void reply_error(Req *r, int status, const char *code, const char *field, const char *zh, const char *en)
{
    r->failed = true;
    r->status = status;
    if (!r->lang)
        r->lang = "zh";
    r->static_body = NULL;
    r->static_len = 0;
    /* What the handler wrote or set before failing (a half page, a cookie,
     * a Location) must not leak into the error answer. */
    buf_reset(&r->out);
    r->n_resp_headers = 0;
    if (!zh)
        zh = "请求出错";
    if (!en)
        en = zh;
    if (r->wants_json) {
        resp_json(r);
        buf_printf(&r->out, "{\"error\":{\"code\":%j,\"message\":%j,\"message_zh\":%j,\"field\":%j}}", code, en, zh,
                   field);
        return;
    }
    http_hooks()->error_page(r, status, code, field, L(r, zh, en));
}

void reply_error_text(Req *r, const ErrorText *t, const char *field)
{
    if (!t || !t->code || !t->zh) {
        reply_error(r, 500, "internal", NULL, "系统错误", "Internal error");
        return;
    }
    reply_error(r, t->status, t->code, field, t->zh, t->en);
}

void reply_not_found(Req *r)
{
    reply_error(r, 404, "not_found", NULL, "找不到这个页面或记录", "Not found");
}

void reply_forbidden(Req *r)
{
    reply_error(r, 403, "forbidden", NULL, "您没有权限进行这个操作", "You are not allowed to do this");
}

void reply_login_needed(Req *r)
{
    if (r->wants_json) {
        reply_error(r, 401, "login_required", NULL, "请先登录", "Please sign in first");
        return;
    }
    r->failed = true;
    r->static_body = NULL;
    r->static_len = 0;
    buf_reset(&r->out);
    r->n_resp_headers = 0;
    char *to = arena_printf(r->arena, "/login?next=%u", r->path ? r->path : "/");
    resp_redirect(r, to);
}
