/* hooks.h: what http/ asks the layers above it (src/site/ installs the
 * answers at start). http/ knows requests and routes; who is signed in,
 * what a permission means and how a page looks are not its business, so
 * nothing in http/ includes auth/ or site/. */
#ifndef GZ_HOOKS_H
#define GZ_HOOKS_H
#include <stdbool.h>
#include "http/req.h"

typedef struct HttpHooks {
    int n_perms;                            /* a route's perm is in [0, n_perms) */
    /* Sets r->who, r->session_csrf, r->via_*, r->lang; false when the
     * session could not be read (storage) and it has answered: a signed-in
     * user must not be told to sign in because the database was busy. */
    bool (*load_session)(Req *r);
    bool (*allowed)(const Req *r, int perm); /* the route's permission, anywhere in the tree */
    bool (*csrf_or_reply)(Req *r);          /* R_WRITE routes: false after replying 403 */
    /* The HTML answer of reply_error: status and code are set, the body is
     * empty; msg is the sentence in the request's language. */
    void (*error_page)(Req *r, int status, const char *code, const char *field, const char *msg);
} HttpHooks;

/* Installs the hooks (copied); called once before serving. Without hooks
 * nobody is signed in, only PERM 0 routes (public) are allowed and errors
 * are plain pages. */
void http_set_hooks(const HttpHooks *h);
/* The installed hooks (never NULL). */
const HttpHooks *http_hooks(void);

#endif
