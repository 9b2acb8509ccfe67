/* page.h: the shared page chrome (cgit's ui-shared): head, navigation,
 * footer, forms. Large type, one column on a phone, zh-CN first. */
#ifndef GZ_SITE_PAGE_H
#define GZ_SITE_PAGE_H
#include "auth/perm.h"
#include "http/req.h"

/* One entry of the site navigation. The list itself is in routes.c, beside
 * the routes it links to; an entry shows when the reader holds perm. */
typedef struct NavItem {
    const char *path;
    const char *zh;
    const char *en;
    Perm perm;
} NavItem;
extern const NavItem g_nav[];
extern const int g_n_nav;
/* How many things wait for the signed-in reader (the inbox's count, shown
 * beside 首页): set in routes.c to the inbox of account/, which sits above
 * this floor. NULL or 0: no count shown. */
extern int (*const g_nav_todo_count)(Req *r);

/* Starts an HTML page: doctype, head with embedded CSS/htmx, header with
 * the user's name, language switch and navigation. title is escaped. */
void page_begin(Req *r, const char *title);
void page_end(Req *r);
/* The hidden CSRF input for a form of the signed-in user (empty when anonymous). */
void page_csrf_field(Req *r);
/* The error page of reply_error (installed as http/'s error_page hook). */
void page_error(Req *r, int status, const char *code, const char *field, const char *msg);

#endif
