/* web_int.h: what the life adapters (api.c, pages.c, messages.c) share. */
#ifndef GZ_LIFE_WEB_INT_H
#define GZ_LIFE_WEB_INT_H
#include "http/jsonin.h"
#include "life/life.h"
#include "life/web.h"
#include "site/site.h"

void life_err_reply(Req *r, const LifeErr *e);
const ErrorText *life_err_text(LifeMsg msg);

/* The place a page is about: ?node=ID, else the compound of the caller's
 * first grant that has one; 0 when neither (pages.c). */
int64_t life_page_place(Req *r);
/* A time as Asia/Shanghai "YYYY-MM-DD HH:MM", in the request's arena. */
const char *life_when(Req *r, int64_t t);

#endif
