/* perm.h: roles, permissions and the one permission function every handler
 * calls first. A role is granted on a node of the grid tree and reaches that
 * node's subtree; a person may hold several grants. */
#ifndef GZ_PERM_H
#define GZ_PERM_H
#include <stdbool.h>
#include <stdint.h>

typedef enum {
    ROLE_RESIDENT,          /* 居民/业主/租户: granted on their household */
    ROLE_BUILDING_HEAD,     /* 楼栋长/单元长: on a building or unit */
    ROLE_MICRO_GRID_WORKER, /* 微网格员: on a micro-grid */
    ROLE_GRID_WORKER,       /* 网格员/网格长: on a grid */
    ROLE_COMMUNITY_STAFF,   /* 社区工作者: on a community */
    ROLE_PARTY_BRANCH,      /* 党支部/社区党委: on a community or compound */
    ROLE_COMMITTEE,         /* 院委会/自管委: on a compound */
    ROLE_PROPERTY_MANAGER,  /* 物业/信托制物业受托人: on a compound */
    ROLE_CONTRACTOR,        /* 施工单位/专业服务商 */
    ROLE_SUPERVISOR,        /* 监理 */
    ROLE_STREET_OFFICE,     /* 街道: read-only oversight of a street */
    ROLE_AUDITOR,           /* 第三方评估: read-only, audit log */
    ROLE_FINANCE,           /* 社区财务: the community's finance officer, one of the three signatories */
    ROLE_ADMIN,             /* system administrator: users, roles, import */
    ROLE__COUNT
} Role;

typedef enum {
    PERM_PUBLIC,           /* anyone, signed in or not */
    PERM_LOGIN,            /* any signed-in user */
    PERM_TREE_READ,        /* see the grid tree and public compound pages of the scope */
    PERM_REGISTER_READ,    /* households and residents of the scope, personal data masked */
    PERM_REGISTER_EDIT,    /* add and change households, residents, owners, shops */
    PERM_TREE_EDIT,        /* add, rename and move nodes of the tree */
    PERM_PII_FULL,         /* reveal a full ID number or phone (each view is audited) */
    PERM_SENSITIVE_TAGS,   /* see tags such as lives_alone, disabled, health, child */
    PERM_IMPORT,           /* import registers from CSV/XLSX */
    PERM_AUDIT_READ,       /* read and verify the audit log */
    PERM_USER_ADMIN,       /* create users, grant and revoke roles */
    /* work orders (src/workorder/) */
    PERM_WO_REPORT,        /* report a problem in the scope (residents: their compound) */
    PERM_WO_REPORT_FOR,    /* report on someone's behalf (patrols, phone calls, paper slips) */
    PERM_WO_READ,          /* see the scope's orders with reporter details (masked) */
    PERM_WO_DISPATCH,      /* accept, classify, dispatch, merge, hide spam, close on timeout */
    PERM_WO_HANDLE,        /* post progress and mark done on orders dispatched to one's own org */
    PERM_WO_CONFIG,        /* categories, SLA policies, calendars, escalation ladders */
    /* deliberation and votes (src/vote/) */
    PERM_TOPIC_PROPOSE,    /* propose and support topics, comment */
    PERM_DELIB_MANAGE,     /* agendas, meetings, minutes, votes, sortition, conventions */
    PERM_VOTE_CAST,        /* cast one's own ballot (the electorate is checked per vote) */
    PERM_PAPER_BALLOT,     /* enter or confirm paper ballots */
    PERM_NOTICE_PUBLISH,   /* publish public notices and corrections */
    /* funds (src/funds/) */
    PERM_FUNDS_READ,       /* the detailed ledger of the scope (public figures need only TREE_READ) */
    PERM_FUNDS_MANAGE,     /* funds, accounts, levies, receipts, reconciliation, ledger entries */
    PERM_PAYMENT_REQUEST,  /* request a payment */
    PERM_PAYMENT_APPROVE,  /* sign a payment as one's role (supervisor, finance, committee) */
    PERM_BANK_DETAILS,     /* see bank account numbers */
    /* renovation projects (project/) */
    PERM_PROJECT_MANAGE,   /* projects, items, facilities, partners, grants, the archive */
    PERM_PROJECT_INSPECT,  /* inspections, defects, acceptance records and their signatures */
    /* community life (life/) */
    PERM_LIFE_MANAGE,      /* services, offers and needs, talents, rotas, events, points, the reading corner */
    /* safety and disputes (safety/) */
    PERM_SAFETY_PATROL,    /* patrol check-ins, report and follow hazards */
    PERM_SAFETY_MANAGE,    /* grade hazards, routes, assessments, emergency plans, incidents */
    PERM_DISPUTE_MEDIATE,  /* open and mediate disputes; the parties' data of one's own cases */
    /* surveys and results (survey/, results/) */
    PERM_SURVEY_MANAGE,    /* questionnaires, samples, results */
    PERM_SURVEY_ENTER,     /* key in paper answers (each form keyed twice by two people) */
    PERM_REPORTS,          /* indicators' baselines, the 台账 reports, posters */
    /* notifications and devices (notify/, device/) */
    PERM_NOTIFY_ADMIN,     /* channels (bots, SMTP), group subscriptions, the outbox and re-sends */
    PERM_DEVICE_ADMIN,     /* devices, their tokens and rules */
    PERM__COUNT
} Perm;

/* Node kinds of the grid tree, from the root down. */
typedef enum {
    NODE_STREET, NODE_COMMUNITY, NODE_GRID, NODE_MICRO_GRID, NODE_COMPOUND,
    NODE_BUILDING, NODE_UNIT, NODE_HOUSEHOLD, NODE__COUNT
} NodeKind;

typedef struct Grant {
    Role role;
    int64_t node_id;
    const char *node_path;     /* "/1/4/9/": the grant reaches every path with this prefix */
    const char *compound_path; /* the enclosing compound's path, or NULL above compound level */
} Grant;

/* Where a grant is given, as the grid knows it (grid_grant_place): the node,
 * its kind, its path and the path of the compound above it (NULL at or
 * above compound level). Auth keeps the paths with the grant, so reading
 * who someone is never reads the tree. */
typedef struct GrantPlace {
    int64_t node_id;
    NodeKind kind;
    const char *path, *compound_path;
} GrantPlace;

typedef struct Principal {
    int64_t user_id;
    const char *username;
    const char *display_name;
    int n_grants;
    Grant *grants;
    const char *lang;      /* the account's language: "zh" or "en" */
    /* The account's organisation (0: none), read with the session so that
     * "is my org assigned?" costs no query; meaningful when org_known. A
     * principal built elsewhere (CLI, demo) leaves it unknown. */
    int64_t org_id;
    bool org_known;
} Principal;

/* The permission function. True when some grant of p has a role that holds
 * perm and reaches target_path ("/1/4/9/12/"). target_path NULL means "somewhere":
 * used by the router before the handler knows which node is touched.
 * PERM_PUBLIC is always allowed; every other perm needs p != NULL.
 * A resident's PERM_TREE_READ reaches up to their compound (public notices and
 * the compound page), their register perms only their own household. */
bool perm_allows(const Principal *p, Perm perm, const char *target_path);

/* True when role holds perm at all (the role table). */
bool role_has(Role role, Perm perm);

/* Names used in the database, API and CLI ("resident", "grid_worker", ...). */
const char *role_name(Role role);
const char *role_label_zh(Role role);
/* Returns false for an unknown name. */
bool role_parse(const char *name, Role *out);
const char *node_kind_name(NodeKind k);   /* "street", "micro_grid", ... */
const char *node_kind_label_zh(NodeKind k); /* "街道", "微网格", ... */
bool node_kind_parse(const char *name, NodeKind *out);

#endif
