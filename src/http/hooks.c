/* hooks.c: the installed answers of the layers above http/, with plain
 * defaults so http/ also runs alone (its own unit tests). */
#include "http/hooks.h"

static bool no_session(Req *r)
{
    r->who = NULL;
    r->session_csrf = NULL;
    r->via_bearer = r->via_cookie = false;
    if (!r->lang)
        r->lang = "zh";
    return true;
}

static bool public_only(const Req *r, int perm)
{
    (void)r;
    return perm == 0;
}

static bool no_csrf(Req *r)
{
    (void)r;
    return true;
}

static void plain_error_page(Req *r, int status, const char *code, const char *field, const char *msg)
{
    buf_printf(&r->out, "<!doctype html>\n<meta charset=\"utf-8\">\n<title>%h</title>\n<h1>%h</h1>\n<p>%h · %d</p>\n",
               msg, msg, code, status);
    (void)field;
}

static HttpHooks g_hooks = {1, no_session, public_only, no_csrf, plain_error_page};

void http_set_hooks(const HttpHooks *h)
{
    g_hooks = *h;
}

const HttpHooks *http_hooks(void)
{
    return &g_hooks;
}
