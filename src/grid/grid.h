/* grid.h: the grid tree and the household register: model helpers used by
 * other capabilities, and the handlers registered in routes.c. */
#ifndef GZ_GRID_H
#define GZ_GRID_H
#include <stdbool.h>
#include <stdint.h>
#include "auth/perm.h"
#include "http/req.h"

typedef struct NodeInfo {
    int64_t id;
    int64_t parent_id;  /* 0 for the root */
    NodeKind kind;
    const char *name;   /* arena */
    const char *path;   /* arena, "/1/4/9/" */
} NodeInfo;

/* Loads a node into arena memory; false when it does not exist. */
bool grid_node_load(Req *r, int64_t id, NodeInfo *out);
/* Loads the node and checks perm on it; replies 404/401/403 itself. */
bool grid_node_load_allowed_or_reply(Req *r, int64_t id, Perm perm, NodeInfo *out);

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
void page_home(Req *r);            /* GET / */
void page_node(Req *r);            /* GET /nodes/{id} */
void page_household(Req *r);       /* GET /households/{id} */
void page_household_edit_post(Req *r); /* POST /households/{id} */
void page_person_add_post(Req *r); /* POST /households/{id}/persons */
void page_person_reveal(Req *r);   /* GET /persons/{id}/reveal (htmx fragment) */
void page_search(Req *r);          /* GET /search?q= */
void page_import(Req *r);          /* GET /import */
void page_import_post(Req *r);     /* POST /import (multipart) */

#endif
