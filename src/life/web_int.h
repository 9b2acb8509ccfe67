/* web_int.h: what the life adapters (api.c, pages.c, messages.c) share. */
#ifndef GZ_LIFE_WEB_INT_H
#define GZ_LIFE_WEB_INT_H
#include "http/jsonin.h"
#include "life/life.h"
#include "life/web.h"
#include "site/site.h"

void life_err_reply(Req *r, const LifeErr *e);
const ErrorText *life_err_text(LifeMsg msg);

#endif
