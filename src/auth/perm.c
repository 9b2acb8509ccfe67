/* perm.c: the role table (role x permission) and the one permission function. */
#include "auth/perm.h"

#include <string.h>

/* The role table. One row per role, one column per permission, in the order
 * of the Perm enum. A 1 means the role holds the permission on the subtree
 * of the node it is granted on (see perm_allows for the two exceptions that
 * reach upwards). Change a role's rights here and nowhere else.
 *
 * Columns: PUBLIC LOGIN TREE_READ REG_READ REG_EDIT TREE_EDIT PII_FULL SENS_TAGS IMPORT AUDIT_READ USER_ADMIN */
static const unsigned char role_table[ROLE__COUNT][PERM__COUNT] = {
    /* resident: their own household's register and full data (granted on the household);
     * reads the tree up to their compound for its public pages */
    [ROLE_RESIDENT]          = {1, 1, 1, 1, 0, 0, 1, 0, 0, 0, 0},
    /* building head: reads the register of their building or unit, masked */
    [ROLE_BUILDING_HEAD]     = {1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0},
    /* micro-grid worker: keeps the register of 30-100 households, sees care tags */
    [ROLE_MICRO_GRID_WORKER] = {1, 1, 1, 1, 1, 0, 0, 1, 0, 0, 0},
    /* grid worker: as the micro-grid worker, and imports registers for the grid */
    [ROLE_GRID_WORKER]       = {1, 1, 1, 1, 1, 0, 0, 1, 1, 0, 0},
    /* community staff: runs the community: tree, register, full personal data */
    [ROLE_COMMUNITY_STAFF]   = {1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0},
    /* party branch: reads the register of its community or compound, masked */
    [ROLE_PARTY_BRANCH]      = {1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0},
    /* compound committee: reads its compound's register, masked */
    [ROLE_COMMITTEE]         = {1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0},
    /* property or trust manager: reads its compound's register, masked */
    [ROLE_PROPERTY_MANAGER]  = {1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0},
    /* contractor: sees where it works, no personal data */
    [ROLE_CONTRACTOR]        = {1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0},
    /* supervisor: sees where it inspects, no personal data */
    [ROLE_SUPERVISOR]        = {1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0},
    /* street office: read-only oversight of its street, masked, and the audit log */
    [ROLE_STREET_OFFICE]     = {1, 1, 1, 1, 0, 0, 0, 0, 0, 1, 0},
    /* third-party auditor: the tree and the audit log, no register */
    [ROLE_AUDITOR]           = {1, 1, 1, 0, 0, 0, 0, 0, 0, 1, 0},
    /* administrator: runs the system; by PIPL minimisation never sees full
     * personal data or sensitive tags */
    [ROLE_ADMIN]             = {1, 1, 1, 1, 1, 1, 0, 0, 1, 1, 1},
};

static const char *const role_names[ROLE__COUNT] = {
    [ROLE_RESIDENT] = "resident",
    [ROLE_BUILDING_HEAD] = "building_head",
    [ROLE_MICRO_GRID_WORKER] = "micro_grid_worker",
    [ROLE_GRID_WORKER] = "grid_worker",
    [ROLE_COMMUNITY_STAFF] = "community_staff",
    [ROLE_PARTY_BRANCH] = "party_branch",
    [ROLE_COMMITTEE] = "committee",
    [ROLE_PROPERTY_MANAGER] = "property_manager",
    [ROLE_CONTRACTOR] = "contractor",
    [ROLE_SUPERVISOR] = "supervisor",
    [ROLE_STREET_OFFICE] = "street_office",
    [ROLE_AUDITOR] = "auditor",
    [ROLE_ADMIN] = "admin",
};

static const char *const role_labels[ROLE__COUNT] = {
    [ROLE_RESIDENT] = "居民",
    [ROLE_BUILDING_HEAD] = "楼栋长",
    [ROLE_MICRO_GRID_WORKER] = "微网格员",
    [ROLE_GRID_WORKER] = "网格员",
    [ROLE_COMMUNITY_STAFF] = "社区工作者",
    [ROLE_PARTY_BRANCH] = "党支部",
    [ROLE_COMMITTEE] = "院委会",
    [ROLE_PROPERTY_MANAGER] = "物业",
    [ROLE_CONTRACTOR] = "施工单位",
    [ROLE_SUPERVISOR] = "监理",
    [ROLE_STREET_OFFICE] = "街道",
    [ROLE_AUDITOR] = "第三方评估",
    [ROLE_ADMIN] = "系统管理员",
};

static const char *const kind_names[NODE__COUNT] = {
    [NODE_STREET] = "street",
    [NODE_COMMUNITY] = "community",
    [NODE_GRID] = "grid",
    [NODE_MICRO_GRID] = "micro_grid",
    [NODE_COMPOUND] = "compound",
    [NODE_BUILDING] = "building",
    [NODE_UNIT] = "unit",
    [NODE_HOUSEHOLD] = "household",
};

static const char *const kind_labels[NODE__COUNT] = {
    [NODE_STREET] = "街道",
    [NODE_COMMUNITY] = "社区",
    [NODE_GRID] = "网格",
    [NODE_MICRO_GRID] = "微网格",
    [NODE_COMPOUND] = "院落",
    [NODE_BUILDING] = "楼栋",
    [NODE_UNIT] = "单元",
    [NODE_HOUSEHOLD] = "户",
};

bool role_has(Role role, Perm perm)
{
    if ((unsigned)role >= ROLE__COUNT || (unsigned)perm >= PERM__COUNT)
        return false;
    return role_table[role][perm] != 0;
}

/* A tree path is "/1/4/9/": ids from the root, each closed by '/'. Anything
 * else (empty, "/", "//", letters) is refused, so a malformed path can never
 * turn a prefix test into "everything". */
static bool path_valid(const char *p)
{
    if (!p || p[0] != '/' || p[1] == '\0')
        return false;
    bool digit = false;
    for (const char *c = p + 1; *c; c++) {
        if (*c >= '0' && *c <= '9') {
            digit = true;
        } else if (*c == '/') {
            if (!digit)
                return false;
            digit = false;
        } else {
            return false;
        }
    }
    return !digit; /* ends with '/' */
}

static bool has_prefix(const char *s, const char *prefix)
{
    return strncmp(s, prefix, strlen(prefix)) == 0;
}

bool perm_allows(const Principal *p, Perm perm, const char *target_path)
{
    if (perm == PERM_PUBLIC)
        return true;
    if (!p || (unsigned)perm >= PERM__COUNT)
        return false;
    if (perm == PERM_LOGIN)
        return true;
    if (target_path && !path_valid(target_path))
        return false;
    for (int i = 0; i < p->n_grants; i++) {
        const Grant *g = &p->grants[i];
        if (!role_has(g->role, perm) || !path_valid(g->node_path))
            continue;
        if (!target_path)
            return true;
        if (has_prefix(target_path, g->node_path))
            return true;
        if (perm != PERM_TREE_READ)
            continue;
        /* The tree is readable upwards along the grant's own path (a grid
         * worker sees the names of its community and street) and, for a
         * grant below compound level, across the whole enclosing compound
         * (its public page and notices); never sideways elsewhere. */
        if (has_prefix(g->node_path, target_path))
            return true;
        if (path_valid(g->compound_path) && has_prefix(target_path, g->compound_path))
            return true;
    }
    return false;
}

const char *role_name(Role role)
{
    return (unsigned)role < ROLE__COUNT ? role_names[role] : "";
}

const char *role_label_zh(Role role)
{
    return (unsigned)role < ROLE__COUNT ? role_labels[role] : "";
}

bool role_parse(const char *name, Role *out)
{
    if (!name)
        return false;
    for (int i = 0; i < ROLE__COUNT; i++) {
        if (strcmp(name, role_names[i]) == 0) {
            if (out)
                *out = (Role)i;
            return true;
        }
    }
    return false;
}

const char *node_kind_name(NodeKind k)
{
    return (unsigned)k < NODE__COUNT ? kind_names[k] : "";
}

const char *node_kind_label_zh(NodeKind k)
{
    return (unsigned)k < NODE__COUNT ? kind_labels[k] : "";
}

bool node_kind_parse(const char *name, NodeKind *out)
{
    if (!name)
        return false;
    for (int i = 0; i < NODE__COUNT; i++) {
        if (strcmp(name, kind_names[i]) == 0) {
            if (out)
                *out = (NodeKind)i;
            return true;
        }
    }
    return false;
}
