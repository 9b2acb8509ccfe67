/* page.c: the chrome every HTML page shares: head, header with navigation and language switch, footer. */
#include "site/page.h"

#include <string.h>

#include "auth/perm.h"

/* The address of this page with its query, for the language switch to come back to. */
static void write_back_url(Req *r)
{
    Buf back = BUF_INIT;
    buf_puts(&back, r->path ? r->path : "/");
    for (int i = 0; i < r->n_query; i++)
        buf_printf(&back, "%s%u=%u", i ? "&" : "?", r->query[i].key, r->query[i].value);
    buf_printf(&r->out, "%u", buf_str(&back));
    buf_free(&back);
}

void page_begin(Req *r, const char *title)
{
    if (!r->lang)
        r->lang = "zh";
    bool en = r->lang[0] == 'e';
    r->content_type_out = "text/html; charset=utf-8";
    buf_printf(&r->out,
               "<!doctype html>\n<html lang=\"%s\">\n<head>\n<meta charset=\"utf-8\">\n"
               "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
               "<title>%h · %s</title>\n",
               en ? "en" : "zh-CN", title, L(r, "共治", "gongzhi"));
    if (r->who && r->session_csrf)
        buf_printf(&r->out, "<meta name=\"csrf-token\" content=\"%h\">\n", r->session_csrf);
    buf_puts(&r->out,
             "<link rel=\"icon\" href=\"data:,\">\n" /* no /favicon.ico request: a 404 in every fresh browser's console */
             "<link rel=\"stylesheet\" href=\"/static/app.css\">\n"
             "<script src=\"/static/htmx.min.js\" defer></script>\n"
             "<script src=\"/static/app.js\" defer></script>\n"
             "</head>\n<body>\n<header class=\"site\">\n"
             "<a class=\"brand\" href=\"/\">共治 <small>gongzhi</small></a>\n");
    int todo = 0;
    /* an error page asks nothing more of a database that may have just failed */
    if (r->who && r->status < 500)
        todo = r->nav_todo ? r->nav_todo - 1 : g_nav_todo_count ? g_nav_todo_count(r) : 0;
    /* the inbox's count stays in sight on a phone, beside the menu button */
    if (todo > 0)
        buf_printf(&r->out, "<a class=\"todo-link\" href=\"/#inbox-h\">%s <span class=\"badge\">%d</span></a>\n",
                   L(r, "待办", "To do"), todo);
    /* One line on a phone: the menu opens with a checkbox and its label,
     * which needs no script and survives htmx swapping the page's main. */
    buf_printf(&r->out,
               "<input type=\"checkbox\" id=\"nav-toggle\" class=\"nav-toggle\" aria-controls=\"site-nav\">"
               "<label for=\"nav-toggle\" class=\"menu-button\">%s</label>\n<nav id=\"site-nav\">\n",
               L(r, "菜单", "Menu"));
    for (int i = 0; i < g_n_nav; i++)
        if (perm_allows(r->who, g_nav[i].perm, NULL)) {
            buf_printf(&r->out, "<a href=\"%s\">%s", g_nav[i].path, L(r, g_nav[i].zh, g_nav[i].en));
            if (todo > 0 && strcmp(g_nav[i].path, "/") == 0)
                buf_printf(&r->out, " <span class=\"badge\">%d</span>", todo);
            buf_puts(&r->out, "</a>\n");
        }
    buf_printf(&r->out, "<a class=\"lang\" href=\"/lang?to=%s&amp;back=", en ? "zh" : "en");
    write_back_url(r);
    buf_printf(&r->out, "\" lang=\"%s\">%s</a>\n", en ? "zh-CN" : "en", en ? "中文" : "English");
    if (r->who) {
        const char *name = r->who->display_name && r->who->display_name[0] ? r->who->display_name : r->who->username;
        buf_printf(&r->out, "<span class=\"user\">%h</span>\n", name);
        /* Signing out changes state, so it is a POST carrying the CSRF token, not a link. */
        buf_puts(&r->out, "<form class=\"logout\" method=\"post\" action=\"/logout\">");
        page_csrf_field(r);
        buf_printf(&r->out, "<button type=\"submit\" class=\"link\">%s</button></form>\n", L(r, "退出", "Sign out"));
    } else {
        buf_printf(&r->out, "<a href=\"/login\">%s</a>\n", L(r, "登录", "Sign in"));
    }
    buf_puts(&r->out, "</nav>\n</header>\n<main>\n");
}

void page_end(Req *r)
{
    buf_printf(&r->out, "</main>\n<footer class=\"site\"><p>%s</p></footer>\n</body>\n</html>\n",
               L(r, "共治 · 老旧小区共建共治共享平台", "gongzhi · co-governance of old residential compounds"));
}

void page_csrf_field(Req *r)
{
    if (r->who && r->session_csrf)
        buf_printf(&r->out, "<input type=\"hidden\" name=\"csrf\" value=\"%h\">", r->session_csrf);
}

void page_error(Req *r, int status, const char *code, const char *field, const char *msg)
{
    page_begin(r, L(r, "出错了", "Error"));
    buf_printf(&r->out, "<section class=\"error\"><h1>%h</h1>\n<p class=\"code\"><small>%h", msg, code);
    if (field)
        buf_printf(&r->out, " · %h", field);
    buf_printf(&r->out, " · %d</small></p>\n<p><a class=\"button\" href=\"/\">%s</a></p></section>\n", status,
               L(r, "返回首页", "Back to the home page"));
    page_end(r);
}
