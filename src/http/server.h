/* server.h: libmicrohttpd glue: internal thread pool with epoll, keep-alive,
 * body limits, one arena and one transaction per request. */
#ifndef GZ_SERVER_H
#define GZ_SERVER_H
#include <stdbool.h>
#include "core/config.h"
#include "http/router.h"

/* Serves until SIGINT/SIGTERM. The db pool must be initialised. Returns
 * false (with a message on stderr) when the address cannot be bound. */
bool server_run(const Config *cfg, const Route *routes, int n_routes);

/* Runs one request through the same path as the server (session load,
 * routing, permission, transaction, handler), for tests without sockets. */
void server_dispatch(Req *r, const Route *routes, int n_routes);

#endif
