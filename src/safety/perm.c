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

bool safety_may_mediate(const Ctx *c, const char *path, SafetyErr *e)
{
    return perm_allows(c->who, PERM_DISPUTE_MEDIATE, path) || denied(c, e);
}

bool safety_parties_visible(bool may_mediate_there, bool assigned)
{
    return may_mediate_there && assigned;
}

bool safety_may_handle_case(const Ctx *c, const Dispute *d, SafetyErr *e)
{
    if (!safety_may_mediate(c, d->node_path, e))
        return false;
    bool yes = false;
    if (!safety_dispute_is_mediator(c, d->id, c->who->user_id, &yes, e))
        return false;
    return yes || safety_err(e, SM_NOT_MEDIATOR, NULL);
}
