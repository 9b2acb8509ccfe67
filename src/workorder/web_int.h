/* web_int.h: what the adapter files of src/workorder/ (api.c, pages.c,
 * open311.c, config_pages.c) share on top of the model: the answer of a
 * model error and the request-shaped helpers around loading an order.
 * Nothing outside src/workorder/ includes this. */
#ifndef GZ_WO_WEB_INT_H
#define GZ_WO_WEB_INT_H
#include "http/req.h"
#include "workorder/web.h"
#include "workorder/wo_int.h"

/* The row of THE error table (messages.c) for msg, NULL when it has none
 * (a bug: reply_error_text then answers 500). */
const ErrorText *wo_err_text(WoMsg msg);
/* Answers a model error: the JSON envelope for the API, the error page for
 * pages (reply_error decides); WM_LOGIN_REQUIRED asks to sign in as the
 * router does (a page redirects). */
void wo_err_reply(Req *r, const WoErr *e);

/* Loads the order of the path's {id}; false after replying (bad id, 404). */
bool wo_load_param_or_reply(Req *r, WoOrder *o);
/* As wo_load_param_or_reply, and the user must be able to read the order
 * (404 otherwise: wo_order_readable); caps receives wo_caps_of. */
bool wo_load_readable_or_reply(Req *r, WoOrder *o, int *caps);

#endif
