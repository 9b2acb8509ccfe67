/* perm.c: the projects' permission questions, one function each, over
 * perm_allows on the project's lead compound (a grant on the community or
 * street reaches down to it). Table-tested in tests/unit/test_project_perm.c. */
#include "project/project.h"

bool project_may_read(const Ctx *c, const Project *p)
{
    return perm_allows(c->who, PERM_TREE_READ, p->node_path);
}

bool project_may_manage(const Ctx *c, const Project *p)
{
    return perm_allows(c->who, PERM_PROJECT_MANAGE, p->node_path);
}

bool project_may_inspect(const Ctx *c, const Project *p)
{
    return perm_allows(c->who, PERM_PROJECT_INSPECT, p->node_path);
}

bool project_may_manage_at(const Ctx *c, const char *compound_path)
{
    return perm_allows(c->who, PERM_PROJECT_MANAGE, compound_path);
}

bool project_may_decide_at(const Ctx *c, const char *compound_path)
{
    return perm_allows(c->who, PERM_DELIB_MANAGE, compound_path);
}

bool project_may_read_at(const Ctx *c, const char *compound_path)
{
    return perm_allows(c->who, PERM_TREE_READ, compound_path);
}
