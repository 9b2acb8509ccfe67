/* pages.c: the sign-in, sign-out, "who am I", API token and language
 * handlers, for the JSON API and for pages: adapters over auth's model
 * (src/auth/login.c, session.c) with the names of places from the grid. */
#include <stddef.h> /* store/db.h uses size_t without including it */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "account/web.h"
#include "auth/audit.h"
#include "auth/session.h"
#include "core/clock.h"
#include "core/config.h"
#include "core/utf8.h"
#include "grid/grid.h"
#include "http/jsonin.h"
#include "site/page.h"
#include "site/site.h"

#define LANG_COOKIE_AGE (365L * 24 * 3600)
#define LOCAL_PATH_MAX 1024

/* A redirect target we own: a local path, never "//host" or "/\host"
 * (which browsers read as another site), never a header-splitting byte. */
static bool local_path(const char *p)
{
    if (!p || p[0] != '/' || p[1] == '/' || p[1] == '\\' || strlen(p) > LOCAL_PATH_MAX)
        return false;
    for (const unsigned char *c = (const unsigned char *)p; *c; c++)
        if (*c < 0x20 || *c == 0x7f || *c == '\\')
            return false;
    return true;
}

/* The failure counts must outlive the 401, whose transaction the server
 * rolls back: they are committed now and the rest of the request gets a
 * fresh transaction. */
static bool keep_written(Req *r)
{
    return db_commit(r->db) && db_begin(r->db, true);
}

/* The sign-in check of auth's model; a failure's count is committed before
 * the 401, whose transaction the server rolls back. */
static LoginResult check_credentials(Req *r, const char *username, const char *password, int64_t *uid,
                                     int64_t *wait)
{
    LoginResult res = auth_login_check(r->db, username, password, r->client_ip, uid, wait);
    if (res == LOGIN_BAD && !keep_written(r))
        return LOGIN_ERROR;
    return res;
}

/* Answers a throttled try: 429 rate_limited with Retry-After. */
static void reply_throttled(Req *r, int64_t wait)
{
    reply_error(r, 429, "rate_limited", NULL, "登录失败次数过多，请稍后再试（等待秒数见 Retry-After）",
                "Too many failed sign-ins: try again later (Retry-After says in how many seconds)");
    /* after reply_error, which drops the headers set before it */
    char secs[24];
    snprintf(secs, sizeof secs, "%lld", (long long)wait);
    resp_header(r, "Retry-After", secs);
}

/* Opens a web session for uid, sets its cookie and audits the sign-in. */
static bool start_session(Req *r, int64_t uid, const char **token, const char **csrf)
{
    *token = session_create(r->db, r->arena, uid, "web", "", csrf);
    if (!*token || !audit_append(r->db, uid, "user", uid, "login", NULL, NULL))
        return false;
    int hours = g_config && g_config->session_hours > 0 ? g_config->session_hours : 12;
    resp_cookie(r, SESSION_COOKIE, *token, (long)hours * 3600, true);
    r->who = auth_principal_load(r->db, r->arena, uid);
    r->session_csrf = *csrf;
    r->via_cookie = true;
    r->via_bearer = false;
    return true;
}

/* Ends the session the request came with: deletes its row, audits it,
 * clears the cookie. */
static bool end_session(Req *r)
{
    bool bearer;
    const char *token = site_request_token(r, &bearer);
    if (token) {
        if (!session_end(r->db, token))
            return false;
        if (r->who && db_changes(r->db) > 0 &&
            !audit_append(r->db, r->who->user_id, "user", r->who->user_id, "logout", NULL, NULL))
            return false;
    }
    if (!bearer)
        resp_cookie(r, SESSION_COOKIE, "", 0, true);
    return true;
}

/* The user object of /api/me and /api/login: the principal's grants with
 * the names of their places. Returns false on a storage error, having
 * written nothing. */
static bool write_user_json(Req *r, const Principal *p)
{
    Ctx c = site_ctx(r);
    Buf b = BUF_INIT;
    buf_printf(&b, "{\"id\":%lld,\"username\":%j,\"display_name\":%j,\"lang\":%j,\"roles\":[",
               (long long)p->user_id, p->username, p->display_name, p->lang);
    bool ok = true;
    for (int i = 0; ok && i < p->n_grants; i++) {
        const Grant *g = &p->grants[i];
        NodeInfo n;
        ok = grid_node_get(&c, g->node_id, &n);
        if (ok)
            buf_printf(&b,
                       "%s{\"role\":%j,\"role_label\":%j,\"node_id\":%lld,\"node_name\":%j,\"node_kind\":%j,"
                       "\"node_path\":%j}",
                       i ? "," : "", role_name(g->role), role_label_zh(g->role), (long long)g->node_id, n.name,
                       node_kind_name(n.kind), g->node_path);
    }
    if (ok) {
        buf_puts(&b, "]}");
        buf_append(&r->out, b.data, b.len);
    }
    buf_free(&b);
    return ok;
}

void api_login(Req *r)
{
    json_t *obj = req_json_object_or_reply(r);
    if (!obj)
        return;
    static const JsonField spec[] = {
        {"username", JF_STRING, JF_REQUIRED, 0, 64},
        {"password", JF_STRING, JF_REQUIRED | JF_EMPTY_OK, 0, 1024},
        {0},
    };
    JsonValue v[2];
    if (!json_fields_or_reply(r, obj, spec, v))
        return;
    /* the password exactly as typed: the validator trims spaces */
    const char *password = json_string_value(json_object_get(obj, "password"));
    int64_t uid = 0, wait = 0;
    switch (check_credentials(r, v[0].s, password ? password : "", &uid, &wait)) {
    case LOGIN_BLOCKED:
        reply_throttled(r, wait);
        return;
    case LOGIN_BAD:
        reply_error(r, 401, "bad_credentials", NULL, "用户名或密码错误", "Wrong username or password");
        return;
    case LOGIN_ERROR:
        reply_storage_error(r);
        return;
    case LOGIN_OK:
        break;
    }
    const char *token, *csrf;
    if (!start_session(r, uid, &token, &csrf)) {
        reply_storage_error(r);
        return;
    }
    resp_json(r);
    buf_printf(&r->out, "{\"token\":%j,\"csrf\":%j,\"user\":", token, csrf);
    if (!write_user_json(r, r->who)) {
        buf_reset(&r->out);
        reply_storage_error(r);
        return;
    }
    buf_puts(&r->out, "}");
}

void api_logout(Req *r)
{
    if (!end_session(r)) {
        reply_storage_error(r);
        return;
    }
    resp_json(r);
    buf_puts(&r->out, "{\"ok\":true}");
}

void api_me(Req *r)
{
    if (!auth_require_or_reply(r, PERM_LOGIN, NULL))
        return;
    resp_json(r);
    if (!write_user_json(r, r->who))
        reply_storage_error(r);
}

void api_tokens_create(Req *r)
{
    if (!auth_require_or_reply(r, PERM_LOGIN, NULL))
        return;
    json_t *obj = req_json_object_or_reply(r);
    if (!obj)
        return;
    static const JsonField spec[] = {
        {"label", JF_STRING, JF_REQUIRED, 0, 100},
        {0},
    };
    JsonValue v[1];
    if (!json_fields_or_reply(r, obj, spec, v))
        return;
    int64_t uid = r->who->user_id, expires = 0;
    const char *token = auth_api_token_create(r->db, r->arena, uid, v[0].s, &expires);
    if (!token) {
        reply_storage_error(r);
        return;
    }
    char when[26];
    clock_format_iso(expires, when);
    /* the label and expiry go to the audit log, never the token */
    char *after = arena_printf(r->arena, "{\"label\":%j,\"expires_at\":%j}", v[0].s, when);
    if (!audit_append(r->db, uid, "user", uid, "token_create", NULL, after)) {
        reply_storage_error(r);
        return;
    }
    r->status = 201;
    resp_json(r);
    buf_printf(&r->out, "{\"token\":%j,\"label\":%j,\"expires_at\":%j}", token, v[0].s, when);
}

static void render_login(Req *r, const char *next, const char *username, const char *error)
{
    const char *title = L(r, "登录", "Sign in");
    page_begin(r, title);
    buf_printf(&r->out, "<section class=\"login\">\n<h1>%h</h1>\n", title);
    if (r->who)
        buf_printf(&r->out, "<p>%h%h。<a href=\"/\">%h</a></p>\n", L(r, "您已登录：", "Signed in as "),
                   r->who->display_name, L(r, "返回首页", "Home"));
    if (error)
        buf_printf(&r->out, "<p class=\"warning\" role=\"alert\">%h</p>\n", error);
    buf_puts(&r->out, "<form method=\"post\" action=\"/login\" class=\"login\">\n");
    if (local_path(next))
        buf_printf(&r->out, "<input type=\"hidden\" name=\"next\" value=\"%h\">\n", next);
    buf_printf(&r->out,
               "<label>%h<input type=\"text\" name=\"username\" autocomplete=\"username\" autocapitalize=\"none\" "
               "spellcheck=\"false\" required value=\"%h\"></label>\n"
               "<label>%h<input name=\"password\" type=\"password\" autocomplete=\"current-password\" "
               "required></label>\n"
               "<button type=\"submit\">%h</button>\n</form>\n</section>\n",
               L(r, "用户名", "Username"), username ? username : "", L(r, "密码", "Password"),
               L(r, "登录", "Sign in"));
    page_end(r);
}

void page_login(Req *r)
{
    render_login(r, req_query(r, "next"), NULL, NULL);
}

/* Before a session exists there is no CSRF token to check, so a forged
 * login (signing the victim into the attacker's account) is stopped by the
 * SameSite=Lax cookie and, when the browser sends one, by the Origin or
 * Referer header naming this host. */
static bool same_origin(const Req *r)
{
    const char *src = req_header(r, "origin");
    if (!src)
        src = req_header(r, "referer");
    if (!src)
        return true;
    const char *host = req_header(r, "host");
    if (!host || !host[0])
        return false;
    const char *p;
    if (strncasecmp(src, "http://", 7) == 0)
        p = src + 7;
    else if (strncasecmp(src, "https://", 8) == 0)
        p = src + 8;
    else
        return false; /* "null" and other opaque origins */
    size_t n = strlen(host);
    return strncasecmp(p, host, n) == 0 && (p[n] == '\0' || p[n] == '/');
}

void page_login_post(Req *r)
{
    if (!same_origin(r)) {
        reply_error(r, 403, "csrf", NULL, "请求来源不明，请从本站登录页面重新登录",
                    "The request did not come from this site: sign in from the login page");
        return;
    }
    const char *username = req_form(r, "username");
    const char *password = req_form(r, "password");
    const char *next = req_form(r, "next");
    if (!username || !utf8_valid(username, strlen(username)))
        username = "";
    int64_t uid = 0, wait = 0;
    switch (check_credentials(r, username, password ? password : "", &uid, &wait)) {
    case LOGIN_BLOCKED: {
        r->status = 429;
        char secs[24];
        snprintf(secs, sizeof secs, "%lld", (long long)wait);
        resp_header(r, "Retry-After", secs);
        render_login(r, next, username,
                     L(r, arena_printf(r->arena, "登录失败次数过多，请 %lld 秒后再试", (long long)wait),
                       arena_printf(r->arena, "Too many failed sign-ins: try again in %lld seconds", (long long)wait)));
        return;
    }
    case LOGIN_BAD:
        r->status = 401;
        render_login(r, next, username, L(r, "用户名或密码错误", "Wrong username or password"));
        return;
    case LOGIN_ERROR:
        reply_storage_error(r);
        return;
    case LOGIN_OK:
        break;
    }
    const char *token, *csrf;
    if (!start_session(r, uid, &token, &csrf)) {
        reply_storage_error(r);
        return;
    }
    resp_redirect(r, local_path(next) ? next : "/");
}

void page_logout_post(Req *r)
{
    if (!end_session(r)) {
        reply_storage_error(r);
        return;
    }
    resp_redirect(r, "/login");
}

void page_lang(Req *r)
{
    const char *to = req_query(r, "to");
    if (!to || (strcmp(to, "zh") != 0 && strcmp(to, "en") != 0)) {
        reply_error(r, 400, "bad_value", "to", "语言只能是 zh 或 en", "The language must be zh or en");
        return;
    }
    const char *back = req_query(r, "back");
    resp_cookie(r, LANG_COOKIE, to, LANG_COOKIE_AGE, true);
    resp_redirect(r, local_path(back) ? back : "/");
}
