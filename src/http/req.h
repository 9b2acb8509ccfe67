/* req.h: one request and its response, as every handler sees them.
 *
 * Handler signature (the only one): void handler(Req *r);
 * A handler checks permission first (perm_require / the route's permission),
 * reads input with the req_* helpers, and writes r->out with buf_printf.
 * Helpers whose names end in OrReply (Redis-style) send the error
 * themselves and return false, so the caller just returns. */
#ifndef GZ_REQ_H
#define GZ_REQ_H
#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/arena.h"
#include "core/buf.h"
#include "store/db.h"

struct Principal; /* auth/perm.h: opaque to http/ */

#define LANG_COOKIE "gz_lang" /* the language a visitor chose: "zh" or "en" */
struct Route;     /* http/router.h */

typedef struct KV {
    const char *key;
    const char *value;
} KV;

typedef struct Upload {
    const char *field;     /* form field name */
    const char *filename;  /* as sent by the browser; never trusted for the type */
    const unsigned char *data; size_t len; /* arena memory */
} Upload;

typedef struct Req {
    Arena *arena;        /* freed after the response */
    Db *db;              /* this thread's connection; a transaction is open for R_WRITE routes */
    int64_t db_trips_elsewhere; /* round trips made for it on another connection (the group writer's) */
    const char *method;  /* "GET", "POST", ... */
    const char *path;    /* decoded path without query */
    const char *client_ip;
    const struct Route *route;

    KV *query; int n_query;   /* decoded query string */
    KV *form; int n_form;     /* decoded application/x-www-form-urlencoded body */
    KV *params; int n_params; /* path parameters: "/api/nodes/{id}" -> ("id", "42") */
    KV *headers; int n_headers; /* request headers, names lower-case */
    const char *body; size_t body_len; /* raw body, NUL-terminated */
    const char *content_type;  /* lower-case media type without parameters, or "" */
    json_t *json;         /* parsed JSON body (owned by the request), or NULL */
    struct Upload *uploads; int n_uploads; /* files of a multipart/form-data body */

    struct Principal *who; /* the signed-in user with roles, or NULL */
    const char *session_csrf; /* CSRF token of the cookie session, or NULL */
    bool via_bearer;      /* authenticated by Authorization: Bearer */
    bool via_cookie;      /* authenticated by the session cookie */
    const char *lang;     /* "zh" (default) or "en" */
    int nav_todo;         /* the inbox's count + 1 once a page knows it (0: the chrome asks site/'s hook) */
    bool wants_json;      /* API route: errors answer JSON */

    /* response */
    int status;           /* 200 unless set */
    const char *content_type_out; /* default "text/html; charset=utf-8" or JSON for API routes */
    Buf out;              /* the body */
    KV *resp_headers; int n_resp_headers, cap_resp_headers;
    const void *static_body; size_t static_len; /* a body that outlives the request (assets) */
    bool failed;          /* an error reply was sent: the transaction is rolled back */
} Req;

/* Lookups return NULL when absent. */
const char *req_query(const Req *r, const char *name);
const char *req_form(const Req *r, const char *name);
/* A form value with surrounding spaces, tabs and line breaks removed (arena
 * memory), "" when only those; NULL when absent. The one trim of form input. */
const char *req_form_trim(Req *r, const char *name);
/* An optional whole number from a form field in [min,max]; dflt when absent
 * or blank; replies 400 bad_value naming the field otherwise. */
bool req_form_int_or_reply(Req *r, const char *name, int64_t min, int64_t max, int64_t dflt, int64_t *out);
const char *req_param(const Req *r, const char *name);
const char *req_header(const Req *r, const char *lower_name);
const char *req_cookie(const Req *r, const char *name);
const Upload *req_upload(const Req *r, const char *field);
/* Picks the locale string: L(r, "户", "Household"). */
#define L(r, zh, en) ((r)->lang[0] == 'e' ? (en) : (zh))

/* Path parameter as a positive id; replies 404 not_found otherwise. */
bool req_param_id_or_reply(Req *r, const char *name, int64_t *out);
/* Optional integer query parameter in [min,max]; default when absent; 400 bad_param on junk. */
bool req_query_int_or_reply(Req *r, const char *name, int64_t dflt, int64_t min, int64_t max, int64_t *out);
/* The API list paging parameters: page (default 1, 1..1000000) and per_page
 * (default 20, 1..200); replies 400 bad_param on junk. */
bool req_paging_or_reply(Req *r, int64_t *page, int64_t *per_page);
/* A list's filtered total is counted up to this, then shown as "10,000+"
 * (total_capped): a count stays cheap at a million rows. */
#define REQ_COUNT_CAP 10000
/* Keyset paging: page and per_page as above, and after (0 when absent, else
 * a positive id: the last id of the page before, the list's "next"); page
 * and after together are 400 bad_param. */
bool req_keyset_or_reply(Req *r, int64_t *page, int64_t *per_page, int64_t *after);
/* The tail of a keyset list's JSON object, from the closing "]" of its
 * items: page, per_page, total, total_capped and next (null: the last
 * page); the caller closes the object. */
void resp_list_tail(Buf *b, int64_t page, int64_t per_page, int64_t total, bool capped, int64_t next);
/* A required positive id in the query string (?compound=ID); 400 missing_field or bad_param otherwise. */
bool req_query_id_or_reply(Req *r, const char *name, int64_t *out);
/* The JSON object body; replies 400 bad_json / 415 when absent or malformed. */
json_t *req_json_object_or_reply(Req *r);

/* Percent-decodes s[0..n) into arena memory; plus_space turns '+' into a
 * space (form and query encoding). NULL when the result is not valid UTF-8
 * or holds a NUL. Malformed escapes ("%zz") are kept as they are. */
char *req_url_decode(Arena *a, const char *s, size_t n, bool plus_space);
/* Decodes an application/x-www-form-urlencoded text (a query string or a
 * form body) into arena key/value pairs. False when a name or value is not
 * valid UTF-8. */
bool req_parse_urlencoded(Arena *a, const char *s, size_t n, KV **out, int *n_out);

/* Response */
void resp_header(Req *r, const char *name, const char *value);
/* Sets the content type to JSON; the body is then written with buf_printf(&r->out, ...). */
void resp_json(Req *r);
/* 303 See Other to a local path. */
void resp_redirect(Req *r, const char *location);
/* Writes a Set-Cookie header (HttpOnly, SameSite=Lax, Path=/, Secure when configured). max_age < 0: session cookie; 0: delete. */
void resp_cookie(Req *r, const char *name, const char *value, long max_age, bool http_only);

/* The one error reply. API routes answer
 *   {"error":{"code":code,"message":en_or_zh,"message_zh":zh,"field":field}}
 * and pages a Chinese (or English) error page. Marks the request failed, so
 * its transaction is rolled back. field may be NULL. */
void reply_error(Req *r, int status, const char *code, const char *field, const char *zh, const char *en);

/* One row of a capability's error table (its messages.c): the status, the
 * stable code and the sentence of one error of its model. Rows are static
 * literals, so a reply never carries user text as its message. */
typedef struct ErrorText {
    int status;
    const char *code;
    const char *zh, *en;
} ErrorText;
/* reply_error with a row of an error table; field may be NULL. A NULL row
 * (an error the table lacks: a bug) answers 500 internal. */
void reply_error_text(Req *r, const ErrorText *t, const char *field);

/* Common ones. */
void reply_not_found(Req *r);
void reply_forbidden(Req *r);
void reply_login_needed(Req *r); /* 401 for API; redirect to /login for pages */


#endif
