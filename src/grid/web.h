/* web.h: the grid's HTTP adapters: the handlers routes.c registers, the
 * request helpers other capabilities' adapters use to load a node named in
 * a request and check a permission on it, and the error replies. The only
 * grid header that includes http/. */
#ifndef GZ_GRID_WEB_H
#define GZ_GRID_WEB_H
#include <stdbool.h>
#include <stdint.h>
#include "grid/grid.h"
#include "http/req.h"

/* grid_node_get for a request (its connection and arena). */
bool grid_node_load(Req *r, int64_t id, NodeInfo *out);
/* Loads the node and checks perm on it; replies 404/401/403 itself. */
bool grid_node_load_allowed_or_reply(Req *r, int64_t id, Perm perm, NodeInfo *out);
/* A node named by a field of a request body (field: "unit_id", "node_id",
 * ...): loaded, and perm checked on it. A node that does not exist and one
 * the caller may not even see (PERM_TREE_READ) get the same answer, 404
 * not_found naming the field, so a reference never tells that something
 * exists outside the caller's scope; a node they see but may not use so is
 * 403 forbidden. Replies itself. */
bool grid_node_ref_or_reply(Req *r, int64_t id, Perm perm, const char *field, NodeInfo *out);

/* Writes {"id","kind","name","code","parent_id","path":[...],"children":[...]}
 * for a loaded node into the reply. */
bool grid_node_json(Req *r, const NodeInfo *n, GridErr *e);

/* The row of the error table (messages.c) of a message; NULL for a
 * message without one (a bug: tests/unit/test_grid_messages.c). */
const ErrorText *grid_msg_text(GridMsg m);
/* Replies with e's row of the table and its field. */
void grid_err_reply(Req *r, const GridErr *e);
/* e's HTTP status (500 for a message without a row). */
int grid_err_status(const GridErr *e);
/* e's sentence in the request's language, for a page. */
const char *grid_err_text(const Req *r, const GridErr *e);

/* The search text ("q" of the query, else of the posted form), trimmed;
 * replies 400 when missing, not UTF-8 or longer than 50 characters. */
const char *grid_search_text_or_reply(Req *r);

struct ImportReport;
/* Answers the import report as JSON. A rejected file answers 422 with every
 * problem and marks the request failed, so its transaction is rolled back. */
void grid_import_report_json(Req *r, const struct ImportReport *rep, bool ok, bool dry_run);

/* JSON API */
void api_compounds(Req *r);        /* GET  /api/compounds */
void api_node_get(Req *r);         /* GET  /api/nodes/{id} (with children) */
void api_node_create(Req *r);      /* POST /api/nodes */
void api_node_update(Req *r);      /* PATCH /api/nodes/{id} */
void api_households(Req *r);       /* GET  /api/households?compound=ID&page=&per_page= */
void api_household_get(Req *r);    /* GET  /api/households/{id} */
void api_household_create(Req *r); /* POST /api/households */
void api_household_update(Req *r); /* PATCH /api/households/{id} */
void api_person_create(Req *r);    /* POST /api/households/{id}/persons */
void api_person_update(Req *r);    /* PATCH /api/persons/{id} */
void api_person_delete(Req *r);    /* DELETE /api/persons/{id} */
void api_person_reveal(Req *r);    /* GET  /api/persons/{id}/pii: full ID and phone, audited */
void api_owner_create(Req *r);     /* POST /api/households/{id}/owners */
void api_shops(Req *r);            /* GET  /api/shops?compound=ID */
void api_search(Req *r);           /* GET  /api/search?q= */
void api_import(Req *r);           /* POST /api/import?dry_run=1&format=csv|xlsx (raw body) */
void api_audit_verify(Req *r);     /* GET  /api/audit/verify */

/* Pages */
void page_home(Req *r);            /* GET / (anonymous: the welcome; the inbox in account/ comes first) */
/* The signed-in home's search, scopes and actions, between page_begin and
 * page_end (the inbox puts them below the to-do list); false when it
 * replied with a storage error (the page must not be ended). */
bool page_home_sections(Req *r);
void page_node(Req *r);            /* GET /nodes/{id} */
void page_household(Req *r);       /* GET /households/{id} */
void page_household_edit_post(Req *r); /* POST /households/{id} */
void page_person_add_post(Req *r); /* POST /households/{id}/persons */
void page_person_reveal(Req *r);   /* GET /persons/{id}/reveal (htmx fragment) */
void page_search(Req *r);          /* GET /search: the form */
void page_search_post(Req *r);     /* POST /search: the search (audited, rate-limited) */
void page_import(Req *r);          /* GET /import */
void page_import_post(Req *r);     /* POST /import (multipart) */

#endif
