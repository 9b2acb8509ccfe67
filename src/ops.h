/* ops.h: operational endpoints (health, test clock). */
#ifndef GZ_OPS_H
#define GZ_OPS_H
#include "http/req.h"

void api_health(Req *r);      /* GET /api/health */
void api_debug_clock(Req *r); /* POST /api/debug/clock {"shift_seconds":N}: only with --test-clock */

#endif
