/* router.h: the route table's row type and the dispatcher. The table itself
 * lives in src/routes.c, above every capability, so http/ knows none. */
#ifndef GZ_ROUTER_H
#define GZ_ROUTER_H
#include <stdbool.h>
#include "http/req.h"

typedef void (*Handler)(Req *r);

/* Route flags */
enum {
    R_API   = 1 << 0, /* JSON API: errors as JSON, bodies parsed as JSON */
    R_WRITE = 1 << 1, /* changes state: runs in one write transaction, committed only on success;
                         needs a CSRF token when authenticated by cookie */
    R_NOCSRF = 1 << 2, /* write route reachable before a session exists (login) */
    R_UPLOAD = 1 << 3, /* body may be up to max_upload instead of max_body */
    R_SOLO  = 1 << 4, /* write route that commits part of its work itself (login's failure
                         count): runs in a transaction of its own, never in a group commit */
};

typedef struct Route {
    const char *method;  /* "GET", "POST", "PATCH", "DELETE" */
    const char *pattern; /* "/api/nodes/{id}"; {name} matches one non-empty segment */
    Handler handler;
    int perm;            /* checked by the router before the handler runs (anywhere in the tree);
                            the handler narrows it to the node it touches */
    int flags;
    const char *query;   /* R_API routes: the query parameters the handler reads, space-separated
                            ("compound page per_page"), "" for none; any other name is answered
                            400 unknown_param before the handler runs. Pages: NULL, unchecked. */
} Route;

extern const Route g_routes[];
extern const int g_n_routes;

/* Checks the table for duplicates, malformed patterns and R_API routes that
 * do not declare their query parameters; false with a message. */
bool router_check(const Route *routes, int n, int n_perms, char *err, size_t errlen);
/* The first query parameter of r that rt does not declare, or NULL when all
 * are declared (or rt declares nothing to check: a page). */
const char *router_unknown_query(const Route *rt, const Req *r);
/* Finds the route for method+path, filling r->params. Returns NULL and sets
 * *method_mismatch when the path exists under another method (405). */
const Route *router_match(Req *r, const Route *routes, int n, const char *method, const char *path, bool *method_mismatch);

#endif
