/* web_delib.h: what the adapters of deliberation (delib_api.c,
 * convention_api.c, panel_api.c, delib_pages.c, delib_forms.c) share over
 * the model of vote/delib.h: the reply of a model error. */
#ifndef GZ_VOTE_WEB_DELIB_H
#define GZ_VOTE_WEB_DELIB_H
#include "http/req.h"
#include "vote/delib.h"

/* The row of the error table for msg; NULL for a msg without one (a bug,
 * answered 500 by reply_error_text). */
const ErrorText *delib_error_text(DelibMsg msg);
/* Answers a model error: its status, code and sentence, naming e->field. */
void delib_err_reply(Req *r, const DelibErr *e);

#endif
