/* ops.h: operational endpoints (health, test clock). */
#ifndef GZ_OPS_H
#define GZ_OPS_H
#include "http/req.h"

#define GZ_VERSION "0.1.0"

void api_health(Req *r);      /* GET /api/health */
void api_metrics(Req *r);     /* GET /metrics: Prometheus text, behind the bearer token metrics_token */
void api_debug_clock(Req *r); /* POST /api/debug/clock {"shift_seconds":N}: only with --test-clock */


/* Background jobs (escalation sweeps and the like): one thread with its own
 * database connection runs every job of the table in ops.c every period
 * seconds, each in its own write transaction. */
struct Config;
bool jobs_start(const struct Config *cfg);
void jobs_stop(void);

#endif
