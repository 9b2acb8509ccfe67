/* perm.c: the indicators' permission questions, one function each. */
#include "results/results.h"

#include "auth/perm.h"

bool res_may_see(const Ctx *c, const char *node_path)
{
    return perm_allows(c->who, PERM_TREE_READ, node_path);
}

bool res_may_report(const Ctx *c, const char *node_path)
{
    return perm_allows(c->who, PERM_REPORTS, node_path);
}
