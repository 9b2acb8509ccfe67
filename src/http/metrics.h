/* metrics.h: what an operator's Prometheus scrapes: requests and their
 * latencies per route of the table, counted lock-free as each request is
 * answered. ops.c serves them (behind a token) with the leader status. */
#ifndef GZ_METRICS_H
#define GZ_METRICS_H
#include <stdint.h>

#include "core/buf.h"
#include "http/router.h"

/* The table whose rows are counted; requests matching no row count apart. */
void metrics_init(const Route *routes, int n_routes);
/* One answered request: its route (NULL: none matched), status and time. */
void metrics_observe(const Route *rt, int status, int64_t micros);
/* Appends the Prometheus text (version 0.0.4) of every counter to out. */
void metrics_write(Buf *out);

#endif
