/* web.h: signing in and out, "who am I", API tokens and the language
 * switch: the handlers registered in routes.c, over auth's model. */
#ifndef GZ_ACCOUNT_WEB_H
#define GZ_ACCOUNT_WEB_H
#include "http/req.h"

void api_login(Req *r);         /* POST /api/login */
void api_logout(Req *r);        /* POST /api/logout */
void api_me(Req *r);            /* GET  /api/me */
void api_tokens_create(Req *r); /* POST /api/tokens: a long-lived API token for integrations */
void page_login(Req *r);        /* GET  /login */
void page_login_post(Req *r);   /* POST /login */
void page_logout_post(Req *r);  /* POST /logout */
void page_lang(Req *r);         /* GET  /lang?to=en&back=/path */
void api_me_todo(Req *r);       /* GET  /api/me/todo: what waits for me */
void page_home_inbox(Req *r);   /* GET  /: the to-do list first (anonymous: the welcome) */
/* The inbox's count for the navigation (site/'s g_nav_todo_count); 0 for nobody. */
int inbox_todo_count(Req *r);
void page_public_compound(Req *r); /* GET  /public/compounds/{id}: anyone (public_pages.c) */
void api_public_compound(Req *r);  /* GET  /api/public/compounds/{id} */

#endif
