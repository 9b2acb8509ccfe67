/* site.h: the web site's shell between http/ (requests) and auth/ (who is
 * signed in): the session of a request, the CSRF check, the permission
 * guard every handler calls first, and the model context of a request.
 * http/ knows none of this; site_install() hands it the hooks. */
#ifndef GZ_SITE_H
#define GZ_SITE_H
#include <stdbool.h>
#include <stdint.h>
#include "auth/ctx.h"
#include "auth/perm.h"
#include "http/req.h"

#define SESSION_COOKIE "gz_session"
#define CSRF_FIELD "csrf"           /* form field */
#define CSRF_HEADER "x-csrf-token"  /* header, for htmx and fetch */

/* Installs the hooks through which http/ asks who is signed in, whether a
 * route's permission holds, checks CSRF and draws error pages. Once, at start. */
void site_install(void);

/* Resolves the Bearer token or the session cookie into r->who (with grants),
 * r->session_csrf, r->lang. An expired or unknown token leaves r->who NULL. */
bool session_load(Req *r);

/* Signs the request in by an API token given in a parameter (Open311's
 * api_key) instead of a header: r->who becomes the token's user when the
 * token is a live API token of an enabled user; otherwise r->who is NULL.
 * Any cookie identity is dropped either way. */
bool session_principal_from_token(Req *r, const char *token);

/* The token a request presents: the Bearer token, else the session cookie;
 * NULL when none or when it is not shaped like one of our tokens. */
const char *site_request_token(const Req *r, bool *via_bearer);

/* For R_WRITE routes authenticated by cookie: the CSRF token must be sent in
 * the form field or header. Replies 403 csrf and returns false otherwise. */
bool csrf_check_or_reply(Req *r);

/* The guard: replies 401 (not signed in) or 403 (signed in, not allowed)
 * and returns false unless perm_allows(r->who, perm, target_path). */
bool auth_require_or_reply(Req *r, Perm perm, const char *target_path);

/* The model context of a request: its connection (inside the request's
 * transaction), its arena, who is signed in and the clock's now. */
Ctx site_ctx(const Req *r);

/* 500 or 503 (busy) for a storage error of the request's connection. */
void reply_storage_error(Req *r);

#endif
