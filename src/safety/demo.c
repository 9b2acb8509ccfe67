/* demo.c: the safety's part of the demo, written through its own model: a
 * quarter of twice-daily patrols in 学道苑·东南里7号 (a few rounds missed, a
 * few points skipped, findings among them), hazards of each grade (one
 * public with advice, one escalated, one red one closed on a photo of the fix
 * with its residual risk accepted), a fire plan with a drill and an incident
 * closed with its review, and a dispute mediated from tier 1 to tier 2 that
 * ends with an agreement. */
#include <stdio.h>
#include <string.h>

#include "auth/read.h"
#include "core/clock.h"
#include "grid/grid.h"
#include "safety/safety.h"

static bool fail(char *err, size_t errlen, const char *what, const SafetyErr *e)
{
    snprintf(err, errlen, "safety demo: %s%s%s", what, e ? ": " : "", e && e->detail ? e->detail : "");
    return false;
}

static int64_t user_id(const Ctx *c, const char *username)
{
    UserInfo u;
    return auth_user_by_name(c, username, &u) == AUTH_OK ? u.id : 0;
}

static uint64_t mix(uint64_t *s)
{
    uint64_t z = (*s += 0x9e3779b97f4a7c15ull);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
}

static bool demo_build(const Ctx *sys, uint64_t seed, char *err, size_t errlen)
{
    NodeInfo pilot;
    if (grid_node_by_name(sys, NODE_COMPOUND, "学道苑·东南里7号", &pilot) != GRID_OK)
        return fail(err, errlen, "the pilot compound is missing", NULL);
    int64_t worker = user_id(sys, "microgrid8"), grid8 = user_id(sys, "grid8");
    if (!worker || !grid8)
        return fail(err, errlen, "a demo account is missing", NULL);
    Principal walker = {.user_id = worker, .username = "microgrid8", .display_name = "", .lang = "zh"};
    Principal leader = {.user_id = grid8, .username = "grid8", .display_name = "", .lang = "zh"};
    SafetyErr e;
    uint64_t rng = seed ^ 0x736166657479ull;
    int32_t ymd = clock_local_yyyymmdd(sys->now);
    int64_t today = clock_local_day_start(ymd / 10000, ymd / 100 % 100, ymd % 100);
    const int64_t start = today - 91 * 86400;

    /* the route, made a quarter ago */
    Ctx c = *sys;
    c.who = &leader;
    c.now = start;
    const PointInput pts[] = {
        {"东门消防栓", "东门内侧", pilot.id},
        {"1栋电动车充电区", "1栋北侧", pilot.id},
        {"配电房", "2栋与3栋之间", pilot.id},
        {"后院围墙", "北侧围墙", pilot.id},
    };
    int64_t route;
    if (!safety_route_create(&c, pilot.id, "东南里7号日常巡查线", worker, pts, 4, &route, &e))
        return fail(err, errlen, "route", &e);
    PatrolRoute r;
    bool found;
    if (!safety_route_get(&c, route, &r, &found, &e) || !found)
        return fail(err, errlen, "route read", &e);

    /* ninety days of rounds: about one round in twenty missed, one point in fifteen skipped */
    c.who = &walker;
    for (int d = 0; d < 90; d++) {
        int64_t day = start + (int64_t)d * 86400;
        for (int s = 0; s < SLOT__COUNT; s++) {
            if (mix(&rng) % 20 == 0)
                continue;
            int64_t from, to;
            safety_slot_window(day, (PatrolSlot)s, &from, &to);
            int64_t t = from + 3600 + (int64_t)(mix(&rng) % 1800);
            for (int i = 0; i < r.n_points; i++, t += 240 + (int64_t)(mix(&rng) % 300)) {
                if (mix(&rng) % 15 == 0)
                    continue;
                c.now = t;
                char code[17];
                safety_point_code(r.secret, r.points[i].id, code);
                CheckinInput in = {r.points[i].id, i % 2 ? "tap" : "scan", code, t + (mix(&rng) % 40 == 0 ? 900 : 20),
                                   ""};
                int64_t id;
                bool flagged;
                if (!safety_checkin(&c, &r, &in, &id, &flagged, &e))
                    return fail(err, errlen, "check-in", &e);
            }
        }
    }

    /* hazards of each grade, found on the rounds */
    c.who = &walker;
    c.now = start + 20 * 86400 + 9 * 3600;
    int64_t red, yellow, blue, closed;
    const HazardInput h_red = {pilot.id, "1栋楼道电动车飞线充电", "夜间多辆电动车在楼道充电，插线板串接", "1栋1单元楼道",
                               "请勿在楼道停放和充电，使用院内充电桩", "patrol", 5, 5, true};
    const HazardInput h_yellow = {pilot.id, "北侧围墙局部开裂", "裂缝长约1.5米", "北侧围墙", "", "patrol", 4, 3, false};
    const HazardInput h_blue = {pilot.id, "花台砖块松动", "", "东门花台", "", "resident", 1, 2, false};
    const HazardInput h_gas = {pilot.id, "配电房门锁损坏", "门锁无法上锁", "配电房", "", "patrol", 4, 5, false};
    if (!safety_hazard_create(&c, &h_red, &red, &e) || !safety_hazard_create(&c, &h_yellow, &yellow, &e) ||
        !safety_hazard_create(&c, &h_blue, &blue, &e) || !safety_hazard_create(&c, &h_gas, &closed, &e))
        return fail(err, errlen, "hazard", &e);
    Hazard h;
    /* the red one was late once, then re-graded after chargers went in; the lock was fixed */
    if (!safety_sweep(c.db, c.now + 2 * 86400, &(int){0}))
        return fail(err, errlen, "sweep", NULL);
    c.who = &leader;
    c.now = start + 40 * 86400;
    if (!safety_hazard_get(&c, red, &h, &found, &e) ||
        !safety_hazard_regrade(&c, &h, 3, 4, "院内充电桩已投用，楼道充电明显减少", &e))
        return fail(err, errlen, "regrade", &e);
    /* the lock (red) closes on a photo of the fix; the committee accepts the blue that remains */
    static const unsigned char jpeg[] = {0xff, 0xd8, 0xff, 0xe0, 0, 16, 'J', 'F', 'I', 'F', 0, 'd', 'e', 'm', 'o'};
    const HazardClosing closing = {"已更换门锁并张贴警示", "更换前后照片已存档", "", 1, 3};
    if (!safety_hazard_get(&c, closed, &h, &found, &e) ||
        !safety_hazard_photo_save(&c, &h, "fixed", jpeg, sizeof jpeg, NULL, &e) ||
        !safety_hazard_close(&c, &h, &closing, &e))
        return fail(err, errlen, "close", &e);
    c.now += 86400;
    if (!safety_hazard_get(&c, closed, &h, &found, &e) ||
        !safety_hazard_accept(&c, &h, "季度研判会议确认：门锁已更换，剩余风险可接受，纳入日常巡查", &e))
        return fail(err, errlen, "accept", &e);

    /* a fire plan with a drill, and a small incident declared from it, logged and closed with its review */
    c.who = &leader;
    c.now = start + 45 * 86400;
    const PlanInput plan_in = {pilot.id, "fire", "东南里7号火灾应急预案", "院委会主任：总指挥；楼栋长：逐户疏散；网格员：联络119和社区",
                               "社区值班电话 028-86661234；消防 119", "1. 报警119；2. 切断电源和燃气；3. 沿楼梯疏散到东门空地；4. 清点人数",
                               "灭火器24具，应急灯6盏，消防水带2卷"};
    int64_t plan_id, drill_id, incident;
    EmergencyPlan plan;
    Incident inc;
    if (!safety_plan_create(&c, &plan_in, &plan_id, &e) || !safety_plan_get(&c, plan_id, &plan, &found, &e) ||
        !safety_drill_add(&c, &plan, c.now - 3600, 46, "夜间疏散演练，6分钟内全部撤到东门空地", &drill_id, &e))
        return fail(err, errlen, "plan", &e);
    c.now = start + 60 * 86400 + 20 * 3600;
    if (!safety_incident_declare(&c, &plan, "1栋电动车电池冒烟", &incident, &e) ||
        !safety_incident_get(&c, incident, &inc, &found, &e))
        return fail(err, errlen, "incident", &e);
    c.who = &walker;
    c.now += 4 * 60;
    if (!safety_incident_append(&c, &inc, "微网格员到场，用灭火器压制，拔掉插线板", &e))
        return fail(err, errlen, "incident line", &e);
    c.now += 11 * 60;
    if (!safety_incident_append(&c, &inc, "确认无明火，电池移至室外空地，通知车主", &e))
        return fail(err, errlen, "incident line", &e);
    c.who = &leader;
    c.now += 40 * 60;
    if (!safety_incident_get(&c, incident, &inc, &found, &e) ||
        !safety_incident_close(&c, &inc, "电动车电池在楼道充电时过热", "4分钟内到场处置，无人员受伤",
                               "楼道充电屡禁不止，需加快院内充电桩建设", "楼道发现充电一律当场劝离并登记", &e))
        return fail(err, errlen, "incident close", &e);

    /* a dispute mediated in the compound, tier 1 to 2, ending in an agreement */
    c.now = start + 50 * 86400;
    const PartyInput parties[] = {{"张桂芳", "13900001111", "applicant"}, {"刘德明", "13900002222", "respondent"}};
    int64_t dispute;
    if (!safety_dispute_open(&c, pilot.id, "楼上卫生间漏水纠纷", "楼下住户天花板渗水，双方对维修费用有分歧", parties, 2,
                             &dispute, &e))
        return fail(err, errlen, "dispute", &e);
    Dispute d;
    c.now += 86400;
    if (!safety_dispute_get(&c, dispute, true, &d, &found, &e) ||
        !safety_dispute_note(&c, &d, "session", "院内调解员组织双方面谈，对责任认定未达成一致", &e) ||
        !safety_dispute_escalate(&c, &d, "涉及防水层责任认定，需法律顾问参与", &e))
        return fail(err, errlen, "dispute tier 1", &e);
    c.now += 3 * 86400;
    int64_t ev;
    if (!safety_dispute_get(&c, dispute, true, &d, &found, &e) ||
        !safety_dispute_note(&c, &d, "session", "法律顾问解释相邻关系责任，双方同意分担", &e) ||
        !safety_dispute_agree(&c, &d, "楼上住户承担防水维修费用，楼下天花板修复费用双方各半",
                              (const int64_t[]){d.parties[0].id, d.parties[1].id}, 2, &ev, &e))
        return fail(err, errlen, "dispute tier 2", &e);
    c.now += 14 * 86400;
    if (!safety_dispute_get(&c, dispute, true, &d, &found, &e) ||
        !safety_dispute_note(&c, &d, "followup", "回访：维修已完成，双方满意", &e) ||
        !safety_dispute_close(&c, &d, "达成协议并履行完毕", false, &e))
        return fail(err, errlen, "dispute close", &e);
    return true;
}

bool safety_demo(Db *db, uint64_t seed, char *err, size_t errlen)
{
    Arena *arena = arena_new();
    if (!arena)
        return fail(err, errlen, "out of memory", NULL);
    Ctx c = {db, arena, NULL, clock_now()};
    bool ok = demo_build(&c, seed, err, errlen);
    arena_free(arena);
    return ok;
}
