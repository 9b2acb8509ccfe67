/* demo.c: a year of work orders for the demo community: thousands of
 * reports across the 38 compounds with realistic categories, handlers,
 * timelines, late responses, reopened fixes and ratings, plus the city
 * departments and extra contractors they are dispatched to. The content is
 * deterministic from the seed; the dates run up to the day the demo is
 * built, so that "open" and "recently closed" mean something when it is
 * shown. A final sweep marks and escalates what is overdue by then. */
#include "workorder/wo_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "auth/audit.h"
#include "auth/read.h"
#include "auth/session.h"
#include "core/clock.h"
#include "grid/build.h"
#include "grid/grid.h"

#define DEMO_ORDERS 2400
#define H 3600
#define D 86400

typedef struct Rng {
    uint64_t s;
} Rng;

static uint64_t rng_next(Rng *r)
{
    /* xorshift64*: small, fast, and the same on every platform */
    r->s ^= r->s >> 12;
    r->s ^= r->s << 25;
    r->s ^= r->s >> 27;
    return r->s * 0x2545F4914F6CDD1DULL;
}

static int64_t rng_range(Rng *r, int64_t lo, int64_t hi)
{
    return lo + (int64_t)(rng_next(r) % (uint64_t)(hi - lo + 1));
}

static bool chance(Rng *r, int percent)
{
    return (int)(rng_next(r) % 100) < percent;
}

typedef struct DCompound {
    int64_t id, grid_id, community_id, property_org, resident_group;
    const char *path;
    int64_t buildings[40];
    const char *bpaths[40];
    int n_buildings;
    int households;
} DCompound;

typedef struct DCat {
    int64_t id;
    char code[24];
    char cls[12];
    int contracted;
    int weight;
} DCat;

typedef struct WoDemo {
    Db *db;
    Rng rng;
    char *err;
    size_t errlen;
    bool failed;
    Ctx gc; /* the grid's and auth's models and reads: the system, in the demo's transaction */
} WoDemo;

static bool fail(WoDemo *c, const char *what)
{
    if (!c->failed)
        snprintf(c->err, c->errlen, "workorder demo: %s: %s", what, db_errmsg(c->db));
    c->failed = true;
    return false;
}

/* An org the orders are dispatched to, through the grid's build (audited
 * with the demo's one "demo_import" event), dated as the community's own. */
static int64_t insert_org(WoDemo *c, const char *kind, const char *name, int64_t node)
{
    Ctx at = c->gc;
    at.now = INT64_C(1704067200);
    int64_t id = 0;
    if (!grid_build_org(&at, kind, name, node, 0, &id, NULL))
        fail(c, "insert org");
    return id;
}

/* The first node (lowest id) of a kind: the demo's street, its community. */
static int64_t first_node(WoDemo *c, const char *what, NodeKind kind)
{
    NodeList l;
    if (grid_nodes_in(&c->gc, NULL, GRID_KIND(kind), 0, &l) != GRID_OK) {
        fail(c, what);
        return 0;
    }
    int64_t id = 0;
    for (int i = 0; i < l.n; i++)
        if (!id || l.items[i].id < id)
            id = l.items[i].id;
    return id;
}

/* A demo account by name; false (and *u zeroed) when there is none. */
static bool user_named(WoDemo *c, const char *username, UserInfo *u)
{
    AuthRead r = auth_user_by_name(&c->gc, username, u);
    if (r == AUTH_OK)
        return true;
    memset(u, 0, sizeof *u);
    if (r != AUTH_NOT_FOUND)
        fail(c, "read a demo account");
    return false;
}

/* Where an account's first grant is placed (0 when it has none). */
static int64_t first_grant_node(WoDemo *c, int64_t user)
{
    GrantList g;
    if (auth_user_grants(&c->gc, user, &g) != AUTH_OK) {
        fail(c, "read a demo account's grants");
        return 0;
    }
    return g.n ? g.items[0].node_id : 0;
}

/* The first org (lowest id) of a list read by id that is placed on node;
 * 0 when none is. */
static int64_t first_org_at(const OrgList *l, int64_t node)
{
    for (int i = 0; i < l->n; i++)
        if (l->items[i].node_id == node)
            return l->items[i].id;
    return 0;
}

/* Nodes by id: the compounds in the order the community was built. */
static int by_id(const void *x, const void *y)
{
    const NodeInfo *a = x, *b = y;
    return (a->id > b->id) - (a->id < b->id);
}

static const struct {
    const char *code;
    int weight;
} k_weights[] = {
    {"leak", 16},  {"streetlight", 9}, {"garbage", 15}, {"illegal_structure", 4}, {"parking", 10}, {"elevator", 3},
    {"drain", 12}, {"noise", 9},       {"greenery", 6}, {"fire_safety", 5},       {"facade", 2},   {"other", 9},
};

static const char *const k_descriptions[][3] = {
    {"楼道顶上渗水，下雨天更明显", "厨房水管接头漏水，楼下天花板发黄", "屋顶防水层老化，顶楼住户家里漏雨"},
    {"院内路灯不亮好几天了，晚上出门不方便", "楼道声控灯坏了", "大门口的路灯闪烁"},
    {"垃圾桶满了没人清运，有异味", "大件垃圾堆在楼下两天了", "厨余垃圾桶破损"},
    {"有人在楼顶搭了彩钢棚", "一楼住户私自扩建小院", "公共绿地被圈占种菜"},
    {"电动车堵住单元门口", "外来车辆长期占用消防通道", "车位被他人占用，协商不成"},
    {"电梯运行时有异响", "电梯门关不上", "电梯停在两层之间"},
    {"下水道堵塞，污水冒出来", "化粪池外溢", "雨水篦子被树叶堵住"},
    {"楼上装修晚上十点还在施工", "临街商铺音响声音太大", "广场舞音乐太吵"},
    {"树枝挡住三楼窗户", "绿地里杂草很多", "大树有断枝，怕砸到人"},
    {"楼道里有人飞线给电动车充电", "灭火器过期了", "楼道堆满杂物"},
    {"外墙瓷砖有脱落", "阳台雨棚松动", "空调外机支架锈蚀"},
    {"院门门禁坏了", "信报箱损坏", "公共座椅坏了"},
};

static int64_t first_int(WoDemo *c, const char *what, DbStmt *st)
{
    int64_t v = 0;
    if (db_step(st) == DB_ROW)
        v = db_col_int(st, 0);
    if (!db_done(st))
        fail(c, what);
    return v;
}

typedef struct Policy {
    int64_t response, onsite, resolve, meeting;
} Policy;

static Policy policy_for(WoDemo *c, const char *cls)
{
    Policy p = {1440, 2880, 10080, 0};
    DbStmt *st =
        db_query(c->db,
                 "SELECT response_minutes, onsite_minutes, resolve_minutes, meeting_minutes FROM wo_sla_policy "
                 "WHERE community_id IS NULL AND category_id IS NULL AND class = ?",
                 DB_T(cls));
    if (db_step(st) == DB_ROW) {
        p.response = db_col_int(st, 0);
        p.onsite = db_col_null(st, 1) ? 0 : db_col_int(st, 1);
        p.resolve = db_col_int(st, 2);
        p.meeting = db_col_null(st, 3) ? 0 : db_col_int(st, 3);
    }
    if (!db_done(st))
        fail(c, "read SLA defaults");
    return p;
}

static bool event(WoDemo *c, int64_t order, int64_t at, int64_t actor, const char *kind, const char *from, const char *to,
                  const char *note)
{
    if (!db_exec(
            c->db,
            "INSERT INTO wo_event (order_id, at, actor_id, kind, from_state, to_state, note) VALUES (?, ?, ?, ?, ?, ?, ?)",
            DB_I(order), DB_I(at), actor ? DB_I(actor) : DB_NULL, DB_T(kind), DB_T(from), DB_T(to),
            DB_T(note ? note : "")))
        return fail(c, "insert wo_event");
    return true;
}

static int pick_rating(Rng *r)
{
    int x = (int)rng_range(r, 1, 100);
    return x <= 50 ? 5 : x <= 80 ? 4 : x <= 92 ? 3 : x <= 97 ? 2 : 1;
}

static bool build(WoDemo *c, uint64_t seed)
{
    Db *db = c->db;
    char *err = c->err;
    size_t errlen = c->errlen;
    int64_t street = first_node(c, "find street", NODE_STREET);
    int64_t community = first_node(c, "find community", NODE_COMMUNITY);
    if (c->failed || !street || !community) {
        snprintf(err, errlen, "workorder demo: the community is missing");
        return false;
    }

    /* Handlers: city departments at the street, two specialist contractors. */
    int64_t dep_housing = insert_org(c, "department", "锦江区住房和城乡建设局", street);
    int64_t dep_enforce = insert_org(c, "department", "锦江区综合行政执法局", street);
    int64_t dep_water = insert_org(c, "department", "锦江区水务局", street);
    int64_t con_drain = insert_org(c, "contractor", "锦城管道疏通服务部", community);
    int64_t con_lift = insert_org(c, "contractor", "蜀通电梯维保有限公司", community);
    (void)dep_housing;
    static const char *const k_contractor[] = {"contractor", NULL}, *const k_company[] = {"property_company", NULL},
                             *const k_group[] = {"resident_group", NULL};
    OrgList contractors, companies, groups;
    if (grid_orgs(&c->gc, k_contractor, GRID_ORGS_BY_ID, &contractors) != GRID_OK ||
        grid_orgs(&c->gc, k_company, GRID_ORGS_BY_ID, &companies) != GRID_OK ||
        grid_orgs(&c->gc, k_group, GRID_ORGS_BY_ID, &groups) != GRID_OK)
        return fail(c, "read orgs");
    /* The demo accounts act for their organisations: the contractor for the
     * first contractor when it has none, the property manager for the first
     * property company (set through auth's model, audited). */
    UserInfo u;
    char why[128];
    int64_t con_main = user_named(c, "contractor", &u) ? u.org_id : 0;
    if (!con_main && contractors.n)
        con_main = contractors.items[0].id;
    if (u.id && u.org_id != con_main && !user_set_org(db, "contractor", con_main, why, sizeof why))
        return fail(c, "link demo users to orgs");
    if (user_named(c, "property", &u) && !u.org_id && companies.n &&
        !user_set_org(db, "property", companies.items[0].id, why, sizeof why))
        return fail(c, "link demo users to orgs");
    if (c->failed)
        return false;

    /* A working calendar for the community office, used by its complex-matter policy. */
    int64_t cal =
        first_int(c, "insert calendar",
                  db_query(db, "INSERT INTO wo_calendar (name, week, created_at) VALUES (?, ?, ?) RETURNING id",
                           DB_T("合江亭社区办公时间"),
                           DB_T("09:00-12:00,13:30-17:30;09:00-12:00,13:30-17:30;09:00-12:00,13:30-17:30;"
                                "09:00-12:00,13:30-17:30;09:00-12:00,13:30-17:30;;"),
                           DB_I(INT64_C(1704067200))));
    static const struct {
        int day;
        const char *kind;
        const char *name;
    } days[] = {
        {20250101, "holiday", "元旦"},       {20250128, "holiday", "春节"},       {20250129, "holiday", "春节"},
        {20250130, "holiday", "春节"},       {20250131, "holiday", "春节"},       {20250203, "holiday", "春节"},
        {20250204, "holiday", "春节"},       {20250126, "workday", "春节调休"},   {20250208, "workday", "春节调休"},
        {20250404, "holiday", "清明节"},     {20250501, "holiday", "劳动节"},     {20250502, "holiday", "劳动节"},
        {20250505, "holiday", "劳动节"},     {20250427, "workday", "劳动节调休"}, {20250602, "holiday", "端午节"},
        {20251001, "holiday", "国庆节"},     {20251002, "holiday", "国庆节"},     {20251003, "holiday", "国庆节"},
        {20251006, "holiday", "国庆节"},     {20251007, "holiday", "国庆节"},     {20251008, "holiday", "国庆节"},
        {20250928, "workday", "国庆节调休"}, {20251011, "workday", "国庆节调休"}, {20260101, "holiday", "元旦"},
        {20260102, "holiday", "元旦"},       {20260216, "holiday", "春节"},       {20260217, "holiday", "春节"},
        {20260218, "holiday", "春节"},       {20260219, "holiday", "春节"},       {20260220, "holiday", "春节"},
        {20260406, "holiday", "清明节"},     {20260501, "holiday", "劳动节"},     {20260504, "holiday", "劳动节"},
        {20260505, "holiday", "劳动节"},     {20260619, "holiday", "端午节"},     {20260925, "holiday", "中秋节"},
        {20261001, "holiday", "国庆节"},     {20261002, "holiday", "国庆节"},     {20261005, "holiday", "国庆节"},
        {20261006, "holiday", "国庆节"},     {20261007, "holiday", "国庆节"},
    };
    for (size_t i = 0; !c->failed && i < sizeof days / sizeof days[0]; i++)
        if (!db_exec(db, "INSERT INTO wo_calendar_day (calendar_id, day, kind, name) VALUES (?, ?, ?, ?)", DB_I(cal),
                     DB_I(days[i].day), DB_T(days[i].kind), DB_T(days[i].name)))
            return fail(c, "insert calendar day");
    if (!db_exec(db,
                 "INSERT INTO wo_sla_policy (community_id, category_id, class, response_minutes, onsite_minutes, "
                 "resolve_minutes, meeting_minutes, confirm_minutes, calendar_id, updated_at) "
                 "VALUES (?, NULL, 'complex', 1440, 2880, 21600, 960, 10080, ?, ?)",
                 DB_I(community), DB_I(cal), DB_I(INT64_C(1704067200))) ||
        !db_exec(db,
                 "INSERT INTO wo_escalation_step (community_id, level, target, after_minutes) VALUES "
                 "(?, 1, 'grid', 0), (?, 2, 'community', 1440), (?, 3, 'street', 4320)",
                 DB_I(community), DB_I(community), DB_I(community)))
        return fail(c, "insert community policy");

    /* The compounds with their buildings, handlers and sizes. */
    DCompound *cs = calloc(64, sizeof *cs);
    if (!cs)
        return fail(c, "out of memory");
    int nc = 0;
    NodeList compounds;
    if (grid_nodes_in(&c->gc, NULL, GRID_KIND(NODE_COMPOUND), 0, &compounds) != GRID_OK)
        fail(c, "read compounds");
    else
        qsort(compounds.items, (size_t)compounds.n, sizeof *compounds.items, by_id);
    for (int i = 0; !c->failed && i < compounds.n && nc < 64; i++) {
        int64_t households = 0;
        if (grid_household_count(&c->gc, compounds.items[i].path, &households) != GRID_OK)
            fail(c, "read compounds");
        cs[nc].id = compounds.items[i].id;
        cs[nc].path = compounds.items[i].path;
        cs[nc].households = (int)households;
        nc++;
    }
    int64_t total_households = 0;
    for (int i = 0; !c->failed && i < nc; i++) {
        DCompound *x = &cs[i];
        /* "/street/community/grid/micro/compound/" */
        long long ids[8] = {0};
        int k = 0;
        for (const char *p = x->path; *p == '/' && k < 8;) {
            char *e;
            ids[k++] = strtoll(p + 1, &e, 10);
            if (*e != '/')
                break;
            p = e;
        }
        x->community_id = ids[1];
        x->grid_id = ids[2];
        NodeList buildings;
        if (grid_children(&c->gc, x->id, GRID_KIND(NODE_BUILDING), &buildings) != GRID_OK)
            fail(c, "buildings");
        for (int b = 0; !c->failed && b < buildings.n && x->n_buildings < 40; b++) {
            x->buildings[x->n_buildings] = buildings.items[b].id;
            x->bpaths[x->n_buildings++] = buildings.items[b].path;
        }
        x->property_org = first_org_at(&companies, x->id);
        x->resident_group = first_org_at(&groups, x->grid_id);
        if (!x->resident_group && groups.n)
            x->resident_group = groups.items[0].id;
        total_households += x->households > 0 ? x->households : 1;
    }
    DCat cats[16];
    int ncat = 0;
    for (size_t i = 0; !c->failed && i < sizeof k_weights / sizeof k_weights[0]; i++) {
        DbStmt *st = db_query(db, "SELECT id, default_class, contracted FROM wo_category WHERE code = ?",
                      DB_T(k_weights[i].code));
        if (db_step(st) == DB_ROW) {
            cats[ncat].id = db_col_int(st, 0);
            snprintf(cats[ncat].code, sizeof cats[ncat].code, "%s", k_weights[i].code);
            snprintf(cats[ncat].cls, sizeof cats[ncat].cls, "%s", db_col_text(st, 1));
            cats[ncat].contracted = (int)db_col_int(st, 2);
            cats[ncat].weight = k_weights[i].weight;
            ncat++;
        }
        if (!db_done(st))
            fail(c, "categories");
    }
    int64_t u_resident = user_named(c, "resident", &u) ? u.id : 0;
    int64_t u_grid8 = user_named(c, "grid8", &u) ? u.id : 0;
    int64_t u_staff = user_named(c, "staff", &u) ? u.id : 0;
    int64_t resident_home = first_grant_node(c, u_resident);
    int64_t grid8_node = first_grant_node(c, u_grid8);
    int64_t resident_compound = 0;
    HouseholdInfo home;
    GridRead hr = grid_household_get(&c->gc, resident_home, &home);
    if (hr == GRID_OK)
        resident_compound = home.compound_id;
    else if (hr != GRID_NOT_FOUND)
        fail(c, "resident compound");
    int64_t u_contractor = user_named(c, "contractor", &u) ? u.id : 0;
    int64_t u_property = 0, property_org = 0;
    if (user_named(c, "property", &u)) {
        u_property = u.id;
        property_org = u.org_id;
    }
    Policy pol[3] = {policy_for(c, "routine"), policy_for(c, "emergency"), policy_for(c, "complex")};
    if (c->failed || nc == 0 || ncat == 0) {
        free(cs);
        return c->failed ? false : fail(c, "no compounds or categories");
    }
    int weight_sum = 0;
    for (int i = 0; i < ncat; i++)
        weight_sum += cats[i].weight;

    /* The day the demo is built (Shanghai midnight) anchors the year. */
    int64_t now = clock_now();
    int64_t year_start = now - 365 * (int64_t)D;
    int made = 0;
    for (int n = 0; n < DEMO_ORDERS && !c->failed; n++) {
        Rng *r = &c->rng;
        /* compound by households; building uniformly */
        int64_t pick = rng_range(r, 0, total_households - 1);
        int ci = 0;
        for (; ci < nc - 1; ci++) {
            pick -= cs[ci].households > 0 ? cs[ci].households : 1;
            if (pick < 0)
                break;
        }
        /* The last dozen are this week's, in the pilot compound, so the demo
         * accounts (grid8, contractor, resident) find work in every state. */
        bool this_week = n >= DEMO_ORDERS - 12;
        for (int i = 0; this_week && i < nc; i++)
            if (cs[i].id == resident_compound)
                ci = i;
        DCompound *x = &cs[ci];
        int w = (int)rng_range(r, 0, weight_sum - 1), k = 0;
        for (; k < ncat - 1; k++) {
            w -= cats[k].weight;
            if (w < 0)
                break;
        }
        DCat *cat = &cats[k];
        int cls_i = strcmp(cat->cls, "emergency") == 0 ? 1 : strcmp(cat->cls, "complex") == 0 ? 2 : 0;
        Policy *p = &pol[cls_i];
        int64_t node = x->id;
        const char *path = x->path;
        if (x->n_buildings && chance(r, 70)) {
            int b = (int)rng_range(r, 0, x->n_buildings - 1);
            node = x->buildings[b];
            path = x->bpaths[b];
        }
        /* reported mostly in the daytime, more in the rainy summer for leaks and drains */
        int64_t day = rng_range(r, 0, 364);
        int64_t created = year_start + day * D + rng_range(r, 7 * H, 22 * H) - 8 * H + rng_range(r, 0, 3599);
        if (created >= now - 600)
            created = now - rng_range(r, 600, 6 * H);
        if (this_week)
            created = now - rng_range(r, 2 * H, 4 * D);
        int64_t reporter = 0;
        const char *channel = "phone";
        const char *behalf = NULL;
        static const char *const surnames[] = {"王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴"};
        if (u_resident && x->id == resident_compound && (chance(r, 12) || (this_week && n % 3 == 0))) {
            reporter = u_resident;
            channel = "app";
        } else if (x->grid_id == grid8_node && chance(r, 30)) {
            reporter = u_grid8;
            channel = "patrol";
        } else {
            reporter = u_staff;
            channel = chance(r, 50) ? "phone" : "desk";
            behalf = surnames[rng_range(r, 0, 9)];
        }
        char behalf_m[16] = "";
        if (behalf)
            snprintf(behalf_m, sizeof behalf_m, "%s**", behalf);
        const char *desc = k_descriptions[k][rng_range(r, 0, 2)];

        /* the life of the order, as it would have happened */
        bool late_response = chance(r, 9);
        int64_t accepted = created + (late_response ? rng_range(r, p->response * 60 + 600, p->response * 60 + 40 * H)
                                                    : rng_range(r, 5 * 60, p->response * 60 * 3 / 4));
        int64_t dispatched = accepted + rng_range(r, 10 * 60, 6 * H);
        int64_t onsite_limit = cls_i == 1 ? p->onsite * 60 : 36 * H;
        int64_t onsite = dispatched + (chance(r, 8) ? rng_range(r, onsite_limit, onsite_limit + 30 * H)
                                                    : rng_range(r, 20 * 60, onsite_limit * 9 / 10));
        int64_t done = onsite + (cls_i == 2 ? rng_range(r, 2 * D, 14 * D) : rng_range(r, H, 4 * D));
        bool reopened = chance(r, 7);
        int64_t rejected = reopened ? done + rng_range(r, 2 * H, 3 * D) : 0;
        int64_t done2 = reopened ? rejected + rng_range(r, 6 * H, 4 * D) : 0;
        int64_t final_done = reopened ? done2 : done;
        bool silent = reporter != u_resident && chance(r, 25);
        int64_t closed = silent ? final_done + 7 * D + rng_range(r, H, 2 * D) : final_done + rng_range(r, H, 3 * D);
        bool hidden = chance(r, 1), merged = !hidden && chance(r, 1) && made > 0;
        int64_t lead = 0, helper = 0;
        if (strcmp(cat->code, "illegal_structure") == 0) {
            lead = dep_enforce;
            helper = x->resident_group;
        } else if (strcmp(cat->code, "parking") == 0 || strcmp(cat->code, "noise") == 0) {
            lead = x->resident_group;
        } else if (strcmp(cat->code, "drain") == 0) {
            lead = x->property_org ? x->property_org : con_drain;
            helper = cat->contracted && !x->property_org && chance(r, 30) ? dep_water : 0;
        } else if (strcmp(cat->code, "elevator") == 0) {
            lead = con_lift;
        } else if (cat->contracted) {
            lead = x->property_org ? x->property_org : con_main;
        } else {
            lead = x->property_org ? x->property_org : x->resident_group;
        }

        /* state at "now": the last step that has happened */
        const char *state = "reported";
        int64_t acc = 0, dis = 0, ons = 0, dn = 0, cl = 0, rej = 0;
        int rating = 0;
        if (hidden || merged) {
            acc = 0;
            cl = created + rng_range(r, H, 20 * H);
            state = hidden ? "hidden" : "merged";
        } else {
            if (accepted <= now) {
                acc = accepted;
                state = "accepted";
            }
            if (dispatched <= now) {
                dis = dispatched;
                state = "dispatched";
            }
            if (onsite <= now) {
                ons = onsite;
                state = "in_progress";
            }
            if (done <= now) {
                dn = done;
                state = "done";
            }
            if (reopened && rejected <= now) {
                rej = rejected;
                dn = 0;
                state = "reopened";
            }
            if (reopened && done2 <= now) {
                dn = done2;
                state = "done";
            }
            if (closed <= now) {
                cl = closed;
                state = "closed";
                rating = silent ? 0 : pick_rating(r);
            }
        }
        bool open = !cl;
        int64_t response_due = created + p->response * 60;
        int64_t resolve_due = created + p->resolve * 60;
        int64_t onsite_due = dis && (cat->contracted || cls_i == 1) && p->onsite ? dis + p->onsite * 60 : 0;
        int64_t meeting_due = acc && cls_i == 2 && p->meeting ? acc + p->meeting * 60 : 0;
        int64_t meeting_at = meeting_due && ons ? acc + rng_range(r, 2 * H, p->meeting * 60) : 0;
        WoState sv = WO_REPORTED;
        wo_state_parse(state, &sv);
        WoClock clk = {sv, acc, ons, meeting_at, dn, response_due, onsite_due, meeting_due, resolve_due};
        int64_t pending = open ? wo_first_pending(&clk) : 0;
        int64_t last = cl ? cl : dn ? dn : rej ? rej : ons ? ons : dis ? dis : acc ? acc : created;
        int64_t id = 0;
        DbArg a[] = {DB_I(x->community_id),
                     DB_I(x->grid_id),
                     DB_I(x->id),
                     DB_I(node),
                     DB_T(path),
                     DB_I(cat->id),
                     DB_T(cat->cls),
                     DB_T(state),
                     DB_I(open ? 1 : 0),
                     DB_T(desc),
                     DB_T(channel),
                     DB_I(reporter),
                     behalf ? DB_T(behalf_m) : DB_NULL,
                     DB_I(sla_local_month(created)),
                     DB_I(created),
                     DB_I(last),
                     acc ? DB_I(acc) : DB_NULL,
                     dis ? DB_I(dis) : DB_NULL,
                     ons ? DB_I(ons) : DB_NULL,
                     meeting_at ? DB_I(meeting_at) : DB_NULL,
                     dn ? DB_I(dn) : DB_NULL,
                     cl ? DB_I(cl) : DB_NULL,
                     DB_I(response_due),
                     onsite_due ? DB_I(onsite_due) : DB_NULL,
                     DB_I(resolve_due),
                     meeting_due ? DB_I(meeting_due) : DB_NULL,
                     pending ? DB_I(pending) : DB_NULL,
                     (late_response && acc) ? DB_I(1) : DB_I(0),
                     (late_response && acc) ? DB_I(response_due) : DB_NULL,
                     DB_I(rej || (reopened && dn == done2 && dn) ? 1 : 0),
                     rating ? DB_I(rating) : DB_NULL,
                     rating ? DB_T(rating >= 4   ? "处理及时，满意"
                                   : rating == 3 ? "还行"
                                                 : "拖得太久")
                            : DB_NULL,
                     hidden ? DB_T("重复刷屏的广告信息") : DB_NULL,
                     (cl && silent && !hidden && !merged) ? DB_T("报事人7天未回复，电话回访确认已解决") : DB_NULL,
                     dis ? DB_I(lead) : DB_NULL,
                     DB_END};
        DbStmt *st = db_query_args(
            db,
            "INSERT INTO work_order (community_id, grid_id, compound_id, node_id, node_path, category_id, "
            "class, state, is_open, description, channel, reporter_id, on_behalf_name, created_month, "
            "created_at, updated_at, accepted_at, dispatched_at, onsite_at, meeting_at, done_at, closed_at, "
            "response_due, onsite_due, resolve_due, meeting_due, next_check, overdue, overdue_since, "
            "reopen_count, rating, rating_comment, hidden_reason, close_reason, lead_org_id) VALUES "
            "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
            "?, ?, ?, ?) RETURNING id",
            a);
        if (db_step(st) == DB_ROW)
            id = db_col_int(st, 0);
        if (!db_done(st) || !id)
            return free(cs), fail(c, "insert work_order");
        made++;
        if (merged && !db_exec(db, "UPDATE work_order SET merged_into = ? WHERE id = ?", DB_I(id - 1), DB_I(id)))
            return free(cs), fail(c, "merge");
        bool ok = event(c, id, created, reporter, "report", NULL, "reported", "");
        if (hidden || merged) {
            ok = ok && event(c, id, cl, u_staff, hidden ? "hide" : "merge", "reported", state,
                             hidden ? "重复刷屏的广告信息" : "与前一条重复");
            if (!ok)
                break;
            continue;
        }
        if (acc)
            ok = ok && event(c, id, acc, u_staff, "accept", "reported", "accepted", "");
        if (dis) {
            ok = ok && event(c, id, dis, u_staff, "dispatch", "accepted", "dispatched", "") &&
                 db_exec(db, "INSERT INTO wo_assignment (order_id, org_id, is_lead, created_at) VALUES (?, ?, 1, ?)",
                         DB_I(id), DB_I(lead), DB_I(dis));
            if (helper && helper != lead)
                ok =
                    ok &&
                    db_exec(db, "INSERT INTO wo_assignment (order_id, org_id, is_lead, created_at) VALUES (?, ?, 0, ?)",
                            DB_I(id), DB_I(helper), DB_I(dis));
        }
        int64_t handler = lead == con_main ? u_contractor : lead == property_org ? u_property : 0;
        if (ons)
            ok = ok && event(c, id, ons, handler, "progress", "dispatched", "in_progress", "已到现场查看，正在处理");
        if (meeting_at)
            ok = ok && event(c, id, meeting_at, u_staff, "meeting", "in_progress", "in_progress",
                             "召开多方协调会，议定处置方案");
        if (done <= now && ons)
            ok = ok && event(c, id, done, handler, "done", "in_progress", "done", "已处理完毕");
        if (rej)
            ok = ok && event(c, id, rej, reporter, "reject", "done", "reopened", "还是没修好") &&
                 (done2 > now || event(c, id, done2, handler, "done", "reopened", "done", "返工完成"));
        if (cl)
            ok = ok && event(c, id, cl, silent ? u_staff : reporter, silent ? "close" : "confirm", "done", "closed",
                             silent ? "报事人7天未回复，电话回访确认已解决" : "");
        if (!ok)
            break;
    }
    free(cs);
    if (c->failed)
        return false;
    /* The resident's latest order in progress is finished this morning, so
     * the demo resident has a fix to confirm (or reject) with stars. */
    int64_t mine = first_int(c, "resident's order",
                             db_query(db,
                                      "SELECT COALESCE(MAX(id), 0) FROM work_order WHERE reporter_id = ? AND state = "
                                      "'in_progress' AND onsite_at < ?",
                                      DB_I(u_resident), DB_I(now - 3 * H)));
    if (mine) {
        int64_t lead = first_int(c, "lead", db_query(db, "SELECT COALESCE(lead_org_id, 0) FROM work_order WHERE id = ?",
                                                     DB_I(mine)));
        int64_t handler = lead == con_main ? u_contractor : lead == property_org ? u_property : 0;
        int64_t at = now - 2 * H;
        if (!db_exec(db,
                     "UPDATE work_order SET state = 'done', done_at = ?, updated_at = ?, next_check = NULL "
                     "WHERE id = ? AND onsite_at < ?",
                     DB_I(at), DB_I(at), DB_I(mine), DB_I(at)) ||
            (db_changes(db) == 1 && !event(c, mine, at, handler, "done", "in_progress", "done", "已处理完毕，请确认")))
            return fail(c, "finish the resident's order");
    }
    char after[96];
    snprintf(after, sizeof after, "{\"orders\":%d,\"seed\":%llu}", made, (unsigned long long)seed);
    if (!audit_append(db, 0, "work_order", 0, "demo_import", NULL, after))
        return fail(c, "audit");
    int escalated = 0;
    if (!workorder_sweep(db, now, &escalated))
        return fail(c, "sweep");
    /* A fresh demo stays still for two hours: the next sweep looks at nothing
     * before then, so tests that count audit events on a new copy are not
     * raced by the server's minute job (deadlines themselves are unchanged). */
    if (!db_exec(db, "UPDATE work_order SET next_check = ? WHERE next_check > ? AND next_check < ?",
                 DB_I(now + 2 * H), DB_I(now), DB_I(now + 2 * H)))
        return fail(c, "quiet window");
    return true;
}

bool wo_demo_build(Db *db, uint64_t seed, char *err, size_t errlen)
{
    WoDemo cx = {db, {seed * 0x9E3779B97F4A7C15ULL ^ 0xD1B54A32D192ED03ULL}, err, errlen, false,
                 {db, arena_new(), NULL, clock_now()}};
    if (!cx.rng.s)
        cx.rng.s = 1;
    if (!cx.gc.arena) {
        snprintf(err, errlen, "workorder demo: out of memory");
        return false;
    }
    bool ok = build(&cx, seed);
    arena_free(cx.gc.arena);
    return ok;
}
