/* demo.c: the projects' part of the demo, written through the model: the
 * renovation of 学道苑·东南里7号 with an item of each tier, a month of
 * fortnightly inspections (one of them finding a defect still open), and a
 * hidden-work acceptance signed by both named representatives. */
#include "project/project.h"

#include <stdio.h>

#include "auth/read.h"
#include "core/clock.h"
#include "grid/read.h"

static bool demo_fail(char *err, size_t errlen, const char *what, const ProjectErr *e)
{
    snprintf(err, errlen, "project demo: %s: ProjectMsg %d %s", what, e ? (int)e->msg : -1,
             e && e->detail ? e->detail : "");
    return false;
}

static int64_t user_id(const Ctx *c, const char *username)
{
    UserInfo u;
    return auth_user_by_name(c, username, &u) == AUTH_OK ? u.id : 0;
}

static bool demo_build(Ctx *c, char *err, size_t errlen)
{
    NodeInfo node;
    if (grid_node_by_name(c, NODE_COMPOUND, "学道苑·东南里7号", &node) != GRID_OK)
        return demo_fail(err, errlen, "the pilot compound is missing", NULL);
    static const char *const contractor_kind[] = {"contractor", NULL};
    OrgList orgs;
    if (grid_orgs(c, contractor_kind, GRID_ORGS_BY_ID, &orgs) != GRID_OK || orgs.n == 0)
        return demo_fail(err, errlen, "no contractor", NULL);
    int64_t reps[2] = {user_id(c, "resident"), user_id(c, "bldghead")};
    int64_t supervisor = user_id(c, "supervisor");
    if (!reps[0] || !reps[1] || !supervisor)
        return demo_fail(err, errlen, "a demo account is missing", NULL);
    int64_t today = c->now;
    /* the works began five weeks ago */
    c->now = today - 35 * PROJECT_DAY;
    ProjectErr e;
    int64_t pid;
    ProjectNew pn = {"学道苑·东南里7号老旧小区改造", &node.id, 1, 1440};
    Project p;
    if (!project_create(c, &pn, &pid, &e) || !project_get(c, pid, &p, &e))
        return demo_fail(err, errlen, "project", &e);
    int64_t start = today - 40 * PROJECT_DAY, end = today + 80 * PROJECT_DAY;
    ProjectItemNew items[] = {
        {"basic", "drainage", "雨污分流及排水管网改造", "GB 50268-2008 给水排水管道工程施工及验收规范",
         "HDPE双壁波纹管 DN300", 48000000, orgs.items[0].id, start, end, 0, false, reps, 2},
        {"improvement", "lighting", "院内路灯及楼道照明更换", "CJJ 45-2015 城市道路照明设计标准", "LED路灯 40W ×18",
         6500000, orgs.items[0].id, start, end, 0, false, reps, 2},
        {"upgrade", "elderly", "适老化扶手与休憩座椅", "GB 50763-2012 无障碍设计规范", "不锈钢扶手、防腐木座椅",
         3200000, orgs.items[0].id, today + 30 * PROJECT_DAY, end, 0, false, NULL, 0},
    };
    int64_t ids[3];
    for (int i = 0; i < 3; i++)
        if (!project_item_add(c, &p, &items[i], &ids[i], &e))
            return demo_fail(err, errlen, "item", &e);
    for (int i = 0; i < 2; i++)
        if (!project_item_start(c, &p, ids[i], &e))
            return demo_fail(err, errlen, "start", &e);
    Grant g = {ROLE_SUPERVISOR, 0, p.node_path, p.node_path};
    Principal sup = {.user_id = supervisor, .username = "supervisor", .display_name = "监理", .n_grants = 1, .grants = &g};
    const Principal *system = c->who;
    c->who = &sup;
    /* the fortnightly round of the drainage: the first passed, the second
     * found the flow test failing; the lighting's first round passed */
    static const char *const all_drain[] = {"safety", "materials", "progress", "slope", "flow_test"};
    static const char *const failed_drain[] = {"flow_test"};
    static const char *const all_light[] = {"safety", "materials", "progress", "illuminance"};
    c->now = today - 30 * PROJECT_DAY;
    ProjectInspectionNew i1 = {ids[0], "fortnightly", NULL, "沟槽开挖、管道基础符合要求", all_drain, 5, NULL, 0, 0};
    ProjectInspectionNew i2 = {ids[1], "fortnightly", NULL, "灯杆基础浇筑完成", all_light, 4, NULL, 0, 0};
    int64_t iid;
    if (!project_inspect(c, &p, &i1, &iid, NULL, &e) || !project_inspect(c, &p, &i2, &iid, NULL, &e))
        return demo_fail(err, errlen, "inspection", &e);
    c->now = today - 16 * PROJECT_DAY;
    ProjectInspectionNew i3 = {ids[0], "fortnightly", NULL, "3号检查井至5号检查井段闭水试验渗漏", all_drain, 4,
                               failed_drain, 1, 10};
    if (!project_inspect(c, &p, &i3, &iid, NULL, &e))
        return demo_fail(err, errlen, "inspection with a defect", &e);
    c->now = today - 12 * PROJECT_DAY;
    ProjectInspectionNew i4 = {ids[0], "milestone", "管道隐蔽前", "管道隐蔽前验收", all_drain, 5, NULL, 0, 0};
    if (!project_inspect(c, &p, &i4, &iid, NULL, &e))
        return demo_fail(err, errlen, "milestone", &e);
    int64_t sid;
    if (!project_signoff_add(c, &p, ids[0], "hidden_work", "排水管道隐蔽工程验收（1号至3号检查井）",
                             "闭水试验报告 BS-2026-031（四川省建设工程质量检测中心）", &sid, &e))
        return demo_fail(err, errlen, "sign-off", &e);
    for (int i = 0; i < 2; i++) {
        Grant rg = {ROLE_RESIDENT, 0, p.node_path, p.node_path};
        Principal rep = {.user_id = reps[i], .username = "rep", .display_name = "居民代表", .n_grants = 1, .grants = &rg};
        c->who = &rep;
        c->now = today - 12 * PROJECT_DAY + 3600 * (i + 1);
        if (!project_sign(c, &p, sid, &e))
            return demo_fail(err, errlen, "signature", &e);
    }
    c->who = system;
    /* the partner who pays: a parking operator vetted, approved by the
     * committee, contracted with a payback plan; two months of parking
     * income in the renovation fund (the funds model's books) */
    int64_t finance = user_id(c, "finance");
    if (!finance)
        return demo_fail(err, errlen, "no finance account", NULL);
    c->now = today - 60 * PROJECT_DAY;
    PartnerNew pn2 = {node.id, p.id, "锦城智慧停车管理有限公司", "道路停车经营备案；营业执照 91510104MA6C",
                      "玉林北路小区停车改造（2023年）\n芳草街社区智慧停车（2024年）"};
    int64_t partner_id;
    Partner partner;
    if (!project_partner_add(c, &pn2, &partner_id, &e) || !project_partner_get(c, partner_id, &partner, &e) ||
        !project_partner_decide(c, &partner, true, "院委会2026年第2次会议表决通过", &e) ||
        !project_partner_get(c, partner_id, &partner, &e))
        return demo_fail(err, errlen, "partner", &e);
    PartnerContract pc = {.contract_no = "XDY-PPP-2026-01",
                          .start = today - 50 * PROJECT_DAY,
                          .end = today + 8 * 365 * PROJECT_DAY,
                          .planned = {96000000, 0, 6000000, 0},
                          .n_obligations = 2,
                          .obligations = {"建成智慧停车系统（车位 42 个），居民月租优惠 30%", "每季度公开停车收支"},
                          .obligation_due = {today - 20 * PROJECT_DAY, today + 40 * PROJECT_DAY}};
    if (!project_partner_contract(c, &partner, &pc, &e) || !project_partner_get(c, partner_id, &partner, &e))
        return demo_fail(err, errlen, "partner contract", &e);
    Grant fg = {ROLE_FINANCE, 0, p.node_path, p.node_path};
    Principal fin = {.user_id = finance, .username = "finance", .display_name = "社区财务", .n_grants = 1, .grants = &fg};
    c->who = &fin;
    int64_t income;
    /* (a demo built without the funds' part has no renovation fund to receive it) */
    bool funded = project_partner_income(c, &partner, "parking", 1260000, today - 31 * PROJECT_DAY, &income, &e);
    if (!funded && e.msg != PM_NO_FUND)
        return demo_fail(err, errlen, "partner income", &e);
    if (funded && !project_partner_income(c, &partner, "parking", 1385000, today - 1 * PROJECT_DAY, &income, &e))
        return demo_fail(err, errlen, "partner income", &e);
    c->who = system;
    /* the chargers the project added, kept by the contractor, serviced monthly */
    c->now = today - 20 * PROJECT_DAY;
    FacilityNew fn = {.node_id = node.id, .project_id = p.id, .maintainer_org_id = orgs.items[0].id,
                      .type = "charger", .name = "电动自行车充电桩（24口）", .location = "3栋与4栋之间车棚",
                      .standard = "每月检查插座、漏电保护与消防设施", .fund_source = "合作方运营收入",
                      .interval_days = 30, .first_due = today + 10 * PROJECT_DAY};
    int64_t fid;
    if (!project_facility_add(c, &fn, &fid, &e))
        return demo_fail(err, errlen, "facility", &e);
    c->now = today;
    return true;
}

bool project_demo(Db *db, uint64_t seed, char *err, size_t errlen)
{
    (void)seed; /* the project is the same in every demo */
    Arena *arena = arena_new();
    if (!arena)
        return demo_fail(err, errlen, "out of memory", NULL);
    Ctx c = {db, arena, NULL, clock_now()};
    bool ok = demo_build(&c, err, errlen);
    arena_free(arena);
    return ok;
}
