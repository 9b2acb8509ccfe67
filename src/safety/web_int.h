/* web_int.h: what the safety's adapters share (inside src/safety/ only). */
#ifndef GZ_SAFETY_WEB_INT_H
#define GZ_SAFETY_WEB_INT_H
#include "http/jsonin.h"
#include "safety/safety.h"
#include "safety/web.h"
#include "site/site.h"

/* Replies with e (JSON or page as the route wants), from the table of messages.c. */
void safety_err_reply(Req *r, const SafetyErr *e);
/* The row of msg in that table; NULL for a value outside SafetyMsg. */
const ErrorText *safety_err_text(SafetyMsg msg);
/* The hazard named by the path's "id", which the caller may at least see
 * (the register, or a public one); replies 404/401/403 itself. *full: may see the register. */
bool safety_hazard_load_or_reply(Req *r, Hazard *h, bool *full);
/* The ?date= of a request (default: c's local today) as its local day start and text; replies 400 itself. */
bool safety_day_param_or_reply(Req *r, int64_t now, int64_t *day_start, char day[16]);
#endif
