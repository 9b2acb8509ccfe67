/* perm.c: the permission questions the grid answers, one function each,
 * so that the API, the pages, the import and every other capability ask
 * them the same way. Each is auth's perm_allows over the principal's
 * grants (a grant reaches its node's subtree; a resident's tree reading
 * reaches up to their compound, their register reading only their
 * household); path NULL asks "anywhere". Table-tested in
 * tests/unit/test_grid_perm.c. */
#include "grid/grid.h"

bool grid_may_see_tree(const Ctx *c, const char *path)
{
    return perm_allows(c->who, PERM_TREE_READ, path);
}

bool grid_may_edit_tree(const Ctx *c, const char *path)
{
    return perm_allows(c->who, PERM_TREE_EDIT, path);
}

bool grid_may_read_register(const Ctx *c, const char *path)
{
    return perm_allows(c->who, PERM_REGISTER_READ, path);
}

bool grid_may_edit_register(const Ctx *c, const char *path)
{
    return perm_allows(c->who, PERM_REGISTER_EDIT, path);
}

bool grid_may_see_pii(const Ctx *c, const char *path)
{
    return perm_allows(c->who, PERM_PII_FULL, path);
}

bool grid_may_see_sensitive_tags(const Ctx *c, const char *path)
{
    return perm_allows(c->who, PERM_SENSITIVE_TAGS, path);
}

bool grid_may_import(const Ctx *c, const char *path)
{
    return perm_allows(c->who, PERM_IMPORT, path);
}
