/* perm.c: the permission questions of community life, one function each.
 * The API, the pages and the inbox all ask these. */
#include "life/life.h"

/* Staff of the place (community staff, grid workers, the compound's
 * committee) run events, rotas, the catalogue and the service menu. */
bool life_may_manage(const Ctx *c, const char *node_path)
{
    return perm_allows(c->who, PERM_LIFE_MANAGE, node_path);
}

/* Events, the service menu and the catalogue are public to whoever sees
 * the place (a resident sees their compound and the community above). */
bool life_may_see(const Ctx *c, const char *node_path)
{
    return perm_allows(c->who, PERM_TREE_READ, node_path);
}

/* The talent pool is searched by the staff of the place only (a project,
 * a dispute or a survey needs someone); everyone else sees masked names. */
bool life_may_search_talents(const Ctx *c, const char *node_path)
{
    return perm_allows(c->who, PERM_LIFE_MANAGE, node_path);
}
