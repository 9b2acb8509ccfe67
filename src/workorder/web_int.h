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

/* The scope of a work-order list from its query's grid, compound, node,
 * mine and assigned (0: not given), or the user's default scope; fills
 * q's scope, key, kind and path range. False after replying (a place the
 * user may not read orders at is answered 404, as one that does not exist). */
bool wo_list_scope_or_reply(Req *r, int64_t grid, int64_t compound, int64_t node, int64_t mine, int64_t assigned,
                            WoListQ *q);

/* The panel atop an order's page just after its report (report_pages.c):
 * its number, who handles it (the lead org, else the grid's worker) and
 * its deadlines as hours or days from now, in Shanghai time. Replies a
 * storage error itself (r->failed). */
void wo_submitted_panel(Req *r, const WoOrder *o);

/* The organisations to tick in the dispatch form of order o (dispatch_pages.c):
 * the usual one first and ticked, then those that handled its category,
 * then the rest by type. False after replying a storage error. */
bool wo_dispatch_fields(Req *r, const WoOrder *o);

#endif
