/* session.c: the signed-in principal of a request, the CSRF check, the
 * permission guard, and the hooks that give http/ these answers. */
#include <stddef.h> /* store/db.h uses size_t without including it */
#include "site/site.h"

#include <sodium.h>
#include <string.h>
#include <strings.h>

#include "auth/session.h"
#include "core/clock.h"
#include "http/hooks.h"
#include "site/page.h"

const char *site_request_token(const Req *r, bool *via_bearer)
{
    *via_bearer = false;
    const char *auth = req_header(r, "authorization");
    if (auth && strncasecmp(auth, "bearer ", 7) == 0) {
        /* A Bearer header decides alone: a bad one must not fall back to a
         * cookie the caller may not know it sends. */
        const char *t = auth + 7;
        while (*t == ' ')
            t++;
        *via_bearer = true;
        return session_token_shaped(t) ? t : NULL;
    }
    const char *c = req_cookie(r, SESSION_COOKIE);
    return c && session_token_shaped(c) ? c : NULL;
}

bool session_load(Req *r)
{
    r->who = NULL;
    r->session_csrf = NULL;
    r->via_bearer = r->via_cookie = false;
    r->lang = "zh";
    bool lang_chosen = false;
    const char *lc = req_cookie(r, LANG_COOKIE);
    if (lc && (strcmp(lc, "zh") == 0 || strcmp(lc, "en") == 0)) {
        r->lang = lc[0] == 'e' ? "en" : "zh";
        lang_chosen = true;
    }
    if (!r->db)
        return true;
    bool bearer;
    const char *token = site_request_token(r, &bearer);
    if (!token)
        return true;
    SessionInfo s;
    if (!session_lookup(r->db, r->arena, token, clock_now(), false, &s)) {
        /* The token is well-formed, so the lookup ran its query and the
         * error class is this request's. */
        if (db_error_class(r->db) != DB_ERR_NONE) {
            reply_storage_error(r);
            return false;
        }
        return true;
    }
    r->who = s.who;
    r->via_bearer = bearer;
    r->via_cookie = !bearer;
    /* Bearer tokens are not sent by browsers on their own, so they need no
     * CSRF token; a cookie session does. */
    r->session_csrf = bearer ? NULL : s.csrf;
    if (!lang_chosen && s.english)
        r->lang = "en";
    return true;
}

bool session_principal_from_token(Req *r, const char *token)
{
    r->who = NULL;
    r->session_csrf = NULL;
    r->via_cookie = false;
    r->via_bearer = false;
    SessionInfo s;
    if (!r->db || !session_lookup(r->db, r->arena, token, clock_now(), true, &s))
        return false;
    r->who = s.who;
    /* like a Bearer token: not sent by a browser on its own, so no CSRF */
    r->via_bearer = true;
    return true;
}

static bool csrf_matches(const char *sent, const char *expected)
{
    size_t n = strlen(expected);
    return sent && strlen(sent) == n && sodium_memcmp(sent, expected, n) == 0;
}

bool csrf_check_or_reply(Req *r)
{
    /* Only the cookie is sent by a browser on its own; bearer and anonymous
     * requests carry no ambient authority to abuse. */
    if (!r->via_cookie)
        return true;
    if (r->session_csrf && r->session_csrf[0] &&
        (csrf_matches(req_form(r, CSRF_FIELD), r->session_csrf) ||
         csrf_matches(req_header(r, CSRF_HEADER), r->session_csrf)))
        return true;
    reply_error(r, 403, "csrf", NULL, "页面已过期或来源不明，请刷新页面后重试。",
                "Missing or wrong CSRF token: reload the page and try again.");
    return false;
}

bool auth_require_or_reply(Req *r, Perm perm, const char *target_path)
{
    if (perm_allows(r->who, perm, target_path))
        return true;
    if (!r->who)
        reply_login_needed(r);
    else
        reply_forbidden(r);
    return false;
}

Ctx site_ctx(const Req *r)
{
    return (Ctx){r->db, r->arena, r->who, clock_now()};
}

void reply_storage_error(Req *r)
{
    if (r->db && db_error_class(r->db) == DB_ERR_BUSY)
        reply_error(r, 503, "busy", NULL, "系统繁忙，请稍后再试", "The server is busy: try again in a moment");
    else
        reply_error(r, 500, "internal", NULL, "系统出错，没有保存任何内容", "Internal error; nothing was saved");
}

static bool route_allowed(const Req *r, int perm)
{
    return perm_allows(r->who, (Perm)perm, NULL);
}

void site_install(void)
{
    static const HttpHooks hooks = {
        .n_perms = PERM__COUNT,
        .load_session = session_load,
        .allowed = route_allowed,
        .csrf_or_reply = csrf_check_or_reply,
        .error_page = page_error,
    };
    http_set_hooks(&hooks);
}
