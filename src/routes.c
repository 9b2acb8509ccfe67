/* routes.c: THE route table. Every endpoint of gongzhi is one line here.
 * It sits above every capability (it names their handlers), so http/ itself
 * knows no capability. Checked for duplicates at start-up (router_check).
 *
 * Columns:
 *   method   HTTP method
 *   pattern  path; {name} matches one segment, read with req_param(r, "name")
 *   handler  void handler(Req *r)
 *   perm     checked by the router before the handler runs, "somewhere in the
 *            tree"; the handler narrows it to the node it touches
 *   flags    R_API    JSON in and out, errors as JSON
 *            R_WRITE  changes state: one write transaction, committed only on
 *                     success; needs the CSRF token when signed in by cookie
 *            R_NOCSRF a write reachable before a session exists (login)
 *            R_UPLOAD the body may be up to max_upload instead of max_body
 */
#include "auth/session.h"
#include "grid/grid.h"
#include "http/assets.h"
#include "http/router.h"
#include "ops.h"

const Route g_routes[] = {
/*  method    pattern                          handler                  perm                 flags */
    /* pages */
    {"GET",    "/",                             page_home,               PERM_PUBLIC,         0},
    {"GET",    "/login",                        page_login,              PERM_PUBLIC,         0},
    {"POST",   "/login",                        page_login_post,         PERM_PUBLIC,         R_WRITE | R_NOCSRF},
    {"POST",   "/logout",                       page_logout_post,        PERM_LOGIN,          R_WRITE},
    {"GET",    "/lang",                         page_lang,               PERM_PUBLIC,         0},
    {"GET",    "/static/{name}",                asset_handler,           PERM_PUBLIC,         0},
    {"GET",    "/nodes/{id}",                   page_node,               PERM_TREE_READ,      0},
    {"GET",    "/households/{id}",              page_household,          PERM_REGISTER_READ,  0},
    {"POST",   "/households/{id}",              page_household_edit_post, PERM_REGISTER_EDIT, R_WRITE},
    {"POST",   "/households/{id}/persons",      page_person_add_post,    PERM_REGISTER_EDIT,  R_WRITE},
    {"GET",    "/persons/{id}/reveal",          page_person_reveal,      PERM_PII_FULL,       R_WRITE}, /* writes the audit event of the view */
    {"GET",    "/search",                       page_search,             PERM_REGISTER_READ,  0},
    {"GET",    "/import",                       page_import,             PERM_IMPORT,         0},
    {"POST",   "/import",                       page_import_post,        PERM_IMPORT,         R_WRITE | R_UPLOAD},

    /* accounts */
    {"POST",   "/api/login",                    api_login,               PERM_PUBLIC,         R_API | R_WRITE | R_NOCSRF},
    {"POST",   "/api/logout",                   api_logout,              PERM_LOGIN,          R_API | R_WRITE},
    {"GET",    "/api/me",                       api_me,                  PERM_LOGIN,          R_API},
    {"POST",   "/api/tokens",                   api_tokens_create,       PERM_LOGIN,          R_API | R_WRITE},

    /* the grid tree and the household register */
    {"GET",    "/api/compounds",                api_compounds,           PERM_TREE_READ,      R_API},
    {"GET",    "/api/nodes/{id}",               api_node_get,            PERM_TREE_READ,      R_API},
    {"POST",   "/api/nodes",                    api_node_create,         PERM_TREE_EDIT,      R_API | R_WRITE},
    {"PATCH",  "/api/nodes/{id}",               api_node_update,         PERM_TREE_EDIT,      R_API | R_WRITE},
    {"GET",    "/api/households",               api_households,          PERM_REGISTER_READ,  R_API},
    {"POST",   "/api/households",               api_household_create,    PERM_REGISTER_EDIT,  R_API | R_WRITE},
    {"GET",    "/api/households/{id}",          api_household_get,       PERM_REGISTER_READ,  R_API},
    {"PATCH",  "/api/households/{id}",          api_household_update,    PERM_REGISTER_EDIT,  R_API | R_WRITE},
    {"POST",   "/api/households/{id}/persons",  api_person_create,       PERM_REGISTER_EDIT,  R_API | R_WRITE},
    {"POST",   "/api/households/{id}/owners",   api_owner_create,        PERM_REGISTER_EDIT,  R_API | R_WRITE},
    {"PATCH",  "/api/persons/{id}",             api_person_update,       PERM_REGISTER_EDIT,  R_API | R_WRITE},
    {"DELETE", "/api/persons/{id}",             api_person_delete,       PERM_REGISTER_EDIT,  R_API | R_WRITE},
    {"GET",    "/api/persons/{id}/pii",         api_person_reveal,       PERM_PII_FULL,       R_API | R_WRITE}, /* audited view */
    {"GET",    "/api/shops",                    api_shops,               PERM_TREE_READ,      R_API},
    {"GET",    "/api/search",                   api_search,              PERM_REGISTER_READ,  R_API},
    {"POST",   "/api/import",                   api_import,              PERM_IMPORT,         R_API | R_WRITE | R_UPLOAD},

    /* work orders (src/workorder/): one line per endpoint, keep this comment last in the block */
    /* end of work orders */

    /* deliberation and votes (src/vote/) */
    /* end of deliberation and votes */

    /* funds (src/funds/) */
    /* end of funds */

    /* operations */
    {"GET",    "/api/audit/verify",             api_audit_verify,        PERM_AUDIT_READ,     R_API},
    {"GET",    "/api/health",                   api_health,              PERM_PUBLIC,         R_API},
    {"POST",   "/api/debug/clock",              api_debug_clock,         PERM_USER_ADMIN,     R_API | R_WRITE},
};
const int g_n_routes = (int)(sizeof g_routes / sizeof g_routes[0]);
