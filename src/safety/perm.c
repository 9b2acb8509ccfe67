/* perm.c: the safety's permission questions, one function each. The API,
 * the pages and the inbox ask here, so what a page shows and what the API
 * accepts cannot drift apart. */
#include "safety/safety.h"

static bool denied(const Ctx *c, SafetyErr *e)
{
    if (!e)
        return false;
    return safety_err(e, c->who ? SM_FORBIDDEN : SM_LOGIN_NEEDED, NULL);
}

bool safety_may_report(const Ctx *c, const char *path, SafetyErr *e)
{
    return perm_allows(c->who, PERM_SAFETY_PATROL, path) || denied(c, e);
}

bool safety_may_manage(const Ctx *c, const char *path, SafetyErr *e)
{
    return perm_allows(c->who, PERM_SAFETY_MANAGE, path) || denied(c, e);
}

bool safety_may_see_register(const Ctx *c, const char *path)
{
    return perm_allows(c->who, PERM_SAFETY_PATROL, path) || perm_allows(c->who, PERM_SAFETY_MANAGE, path);
}

bool safety_may_see_public(const Ctx *c, const char *path, SafetyErr *e)
{
    return perm_allows(c->who, PERM_TREE_READ, path) || denied(c, e);
}
