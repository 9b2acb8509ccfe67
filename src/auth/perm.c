/* perm.c: the role table (role x permission) and the one permission function. */
#include "auth/perm.h"

#include <string.h>

/* The role table: for each role, the permissions it holds on the subtree of
 * the node it is granted on (see perm_allows for the two exceptions that
 * reach upwards). Change a role's rights here and nowhere else; tests/unit/
 * test_perm.c pins every cell. PUBLIC and LOGIN hold for everyone signed in. */
#define BASE [PERM_PUBLIC] = 1, [PERM_LOGIN] = 1, [PERM_TREE_READ] = 1
static const unsigned char role_table[ROLE__COUNT][PERM__COUNT] = {
    /* resident: their own household's register and full data (granted on the
     * household); reads the tree up to their compound for its public pages;
     * reports problems, proposes topics, votes */
    [ROLE_RESIDENT] = {BASE, [PERM_REGISTER_READ] = 1, [PERM_PII_FULL] = 1, [PERM_WO_REPORT] = 1,
                       [PERM_TOPIC_PROPOSE] = 1, [PERM_VOTE_CAST] = 1},
    /* building head: reads the register of their building or unit, masked;
     * reports for neighbours without phones; collects paper votes */
    [ROLE_BUILDING_HEAD] = {BASE, [PERM_REGISTER_READ] = 1, [PERM_WO_REPORT] = 1, [PERM_WO_REPORT_FOR] = 1,
                            [PERM_WO_READ] = 1, [PERM_TOPIC_PROPOSE] = 1, [PERM_VOTE_CAST] = 1,
                            [PERM_PAPER_BALLOT] = 1,
                            [PERM_SAFETY_PATROL] = 1},
    /* micro-grid worker: keeps the register of 30-100 households, sees care
     * tags, patrols and reports */
    [ROLE_MICRO_GRID_WORKER] = {BASE, [PERM_REGISTER_READ] = 1, [PERM_REGISTER_EDIT] = 1,
                                [PERM_SENSITIVE_TAGS] = 1, [PERM_WO_REPORT] = 1, [PERM_WO_REPORT_FOR] = 1,
                                [PERM_WO_READ] = 1, [PERM_TOPIC_PROPOSE] = 1,
                                [PERM_SAFETY_PATROL] = 1, [PERM_SURVEY_ENTER] = 1},
    /* grid worker: as the micro-grid worker, imports registers, triages and
     * dispatches the grid's orders */
    [ROLE_GRID_WORKER] = {BASE, [PERM_REGISTER_READ] = 1, [PERM_REGISTER_EDIT] = 1, [PERM_SENSITIVE_TAGS] = 1,
                          [PERM_IMPORT] = 1, [PERM_WO_REPORT] = 1, [PERM_WO_REPORT_FOR] = 1, [PERM_WO_READ] = 1,
                          [PERM_WO_DISPATCH] = 1, [PERM_TOPIC_PROPOSE] = 1,
                          [PERM_SAFETY_PATROL] = 1, [PERM_SAFETY_MANAGE] = 1, [PERM_DISPUTE_MEDIATE] = 1,
                          [PERM_SURVEY_ENTER] = 1, [PERM_LIFE_MANAGE] = 1},
    /* community staff: runs the community: tree, register, full personal
     * data, orders, meetings and votes, notices; requests payments */
    [ROLE_COMMUNITY_STAFF] = {BASE, [PERM_REGISTER_READ] = 1, [PERM_REGISTER_EDIT] = 1, [PERM_TREE_EDIT] = 1,
                              [PERM_PII_FULL] = 1, [PERM_SENSITIVE_TAGS] = 1, [PERM_IMPORT] = 1,
                              [PERM_WO_REPORT] = 1, [PERM_WO_REPORT_FOR] = 1, [PERM_WO_READ] = 1,
                              [PERM_WO_DISPATCH] = 1, [PERM_WO_HANDLE] = 1, [PERM_WO_CONFIG] = 1,
                              [PERM_TOPIC_PROPOSE] = 1, [PERM_DELIB_MANAGE] = 1, [PERM_PAPER_BALLOT] = 1,
                              [PERM_NOTICE_PUBLISH] = 1, [PERM_FUNDS_READ] = 1, [PERM_PAYMENT_REQUEST] = 1,
                              [PERM_PROJECT_MANAGE] = 1, [PERM_PROJECT_INSPECT] = 1, [PERM_LIFE_MANAGE] = 1,
                              [PERM_SAFETY_PATROL] = 1, [PERM_SAFETY_MANAGE] = 1, [PERM_DISPUTE_MEDIATE] = 1,
                              [PERM_SURVEY_MANAGE] = 1, [PERM_SURVEY_ENTER] = 1, [PERM_REPORTS] = 1,
                              [PERM_NOTIFY_ADMIN] = 1, [PERM_DEVICE_ADMIN] = 1},
    /* party branch: leads: opens topics, convenes meetings, publishes */
    [ROLE_PARTY_BRANCH] = {BASE, [PERM_REGISTER_READ] = 1, [PERM_WO_READ] = 1, [PERM_TOPIC_PROPOSE] = 1,
                           [PERM_DELIB_MANAGE] = 1, [PERM_NOTICE_PUBLISH] = 1,
                           [PERM_SAFETY_MANAGE] = 1, [PERM_DISPUTE_MEDIATE] = 1, [PERM_SURVEY_MANAGE] = 1},
    /* compound committee: the residents' own body: closes orders with
     * residents, runs meetings and votes, co-signs payments */
    [ROLE_COMMITTEE] = {BASE, [PERM_REGISTER_READ] = 1, [PERM_WO_REPORT] = 1, [PERM_WO_READ] = 1,
                        [PERM_WO_HANDLE] = 1, [PERM_TOPIC_PROPOSE] = 1, [PERM_DELIB_MANAGE] = 1,
                        [PERM_PAPER_BALLOT] = 1, [PERM_NOTICE_PUBLISH] = 1, [PERM_FUNDS_READ] = 1,
                        [PERM_PAYMENT_REQUEST] = 1, [PERM_PAYMENT_APPROVE] = 1,
                        [PERM_PROJECT_INSPECT] = 1, [PERM_LIFE_MANAGE] = 1, [PERM_SAFETY_PATROL] = 1,
                        [PERM_SURVEY_MANAGE] = 1, [PERM_SURVEY_ENTER] = 1},
    /* property or trust manager: handles service orders, keeps the trust
     * account open to owners */
    [ROLE_PROPERTY_MANAGER] = {BASE, [PERM_REGISTER_READ] = 1, [PERM_WO_REPORT] = 1, [PERM_WO_READ] = 1,
                               [PERM_WO_HANDLE] = 1, [PERM_FUNDS_READ] = 1, [PERM_PAYMENT_REQUEST] = 1,
                               [PERM_SAFETY_PATROL] = 1},
    /* contractor: receives dispatched orders, reports progress, asks to be paid */
    [ROLE_CONTRACTOR] = {BASE, [PERM_WO_HANDLE] = 1, [PERM_PAYMENT_REQUEST] = 1,
                         [PERM_PROJECT_INSPECT] = 1},
    /* supervisor: inspects, and co-signs payments */
    [ROLE_SUPERVISOR] = {BASE, [PERM_WO_READ] = 1, [PERM_FUNDS_READ] = 1, [PERM_PAYMENT_APPROVE] = 1,
                         [PERM_PROJECT_INSPECT] = 1},
    /* street office: read-only oversight of its street, masked, and the audit log */
    [ROLE_STREET_OFFICE] = {BASE, [PERM_REGISTER_READ] = 1, [PERM_AUDIT_READ] = 1, [PERM_WO_READ] = 1,
                            [PERM_FUNDS_READ] = 1,
                            [PERM_REPORTS] = 1},
    /* third-party auditor: the tree, orders, ledger and audit log, no register */
    [ROLE_AUDITOR] = {BASE, [PERM_AUDIT_READ] = 1, [PERM_WO_READ] = 1, [PERM_FUNDS_READ] = 1},
    /* finance officer: keeps the books, co-signs and disburses payments */
    [ROLE_FINANCE] = {BASE, [PERM_FUNDS_READ] = 1, [PERM_FUNDS_MANAGE] = 1, [PERM_PAYMENT_APPROVE] = 1,
                      [PERM_BANK_DETAILS] = 1},
    /* administrator: runs the system; by PIPL minimisation never sees full
     * personal data or sensitive tags */
    [ROLE_ADMIN] = {BASE, [PERM_REGISTER_READ] = 1, [PERM_REGISTER_EDIT] = 1, [PERM_TREE_EDIT] = 1,
                    [PERM_IMPORT] = 1, [PERM_AUDIT_READ] = 1, [PERM_USER_ADMIN] = 1, [PERM_WO_CONFIG] = 1,
                    [PERM_NOTIFY_ADMIN] = 1, [PERM_DEVICE_ADMIN] = 1},
};
#undef BASE

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
    [ROLE_FINANCE] = "finance",
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
    [ROLE_FINANCE] = "社区财务",
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
