/* demo.c: community life in the demo, written through the model: 学道苑·东南里7号's
 * service menu, a catalogue of rewards, a month of events (the past ones
 * attended, so points are earned from attendance) and four weeks of two
 * rotas, generated from the volunteers' availability and published, the
 * past shifts marked done or missed; offers, needs and a delivered match,
 * donated books with one on loan, a talent and an old photo's story. */
#include <stdio.h>
#include <string.h>

#include "auth/read.h"
#include "core/clock.h"
#include "life/life_int.h"

#define DAY 86400

static bool fail(char *err, size_t errlen, const char *what, const LifeErr *e)
{
    snprintf(err, errlen, "life demo: %s: LifeMsg %d %s", what, e ? (int)e->msg : -1, e && e->detail ? e->detail : "");
    return false;
}

static int64_t user_id(const Ctx *c, const char *username)
{
    UserInfo u;
    return auth_user_by_name(c, username, &u) == AUTH_OK ? u.id : 0;
}

static const LifeService k_services[] = {
    {.name = "楼道保洁", .tier = "basic", .provider = "东南里7号物业服务中心", .category_code = "garbage",
     .price_kind = "free", .response_minutes = 48 * 60, .resolve_minutes = 72 * 60},
    {.name = "大件垃圾清运", .tier = "basic", .provider = "锦江区环卫所", .category_code = "garbage",
     .price_kind = "low_cost", .price_fen = 2000, .response_minutes = 48 * 60, .resolve_minutes = 72 * 60},
    {.name = "停车秩序管理", .tier = "basic", .provider = "院委会停车管理组", .category_code = "parking",
     .price_kind = "free", .response_minutes = 120, .resolve_minutes = 24 * 60},
    {.name = "小修小补", .tier = "basic", .provider = "社区志愿维修队", .category_code = "streetlight",
     .price_kind = "free", .response_minutes = 48 * 60, .resolve_minutes = 96 * 60},
    {.name = "管道疏通", .tier = "professional", .provider = "蓉城水电维修部", .category_code = "drain",
     .price_kind = "low_cost", .price_fen = 5000, .response_minutes = 120, .resolve_minutes = 24 * 60},
    {.name = "水电维修", .tier = "professional", .provider = "蓉城水电维修部", .category_code = "leak",
     .price_kind = "market", .price_fen = 8000, .response_minutes = 120, .resolve_minutes = 48 * 60},
    {.name = "绿化修剪", .tier = "professional", .provider = "锦绣园林养护公司", .category_code = "greenery",
     .price_kind = "market", .price_fen = 30000, .response_minutes = 48 * 60, .resolve_minutes = 7 * 24 * 60},
};

static const struct {
    const char *title, *audience, *place;
    int day, hour, hours, capacity, points;
} k_events[] = {
    {"老年人智能手机课堂", "elderly", "社区党群服务中心二楼", -20, 14, 2, 20, 5},
    {"儿童绘本共读", "children", "院落书角", -13, 10, 1, 12, 3},
    {"院坝坝坝宴筹备会", "all", "东南里7号院坝", -6, 19, 2, 30, 5},
    {"青少年暑期安全讲座", "youth", "社区党群服务中心一楼", -2, 15, 2, 40, 3},
    {"重阳节茶话会", "elderly", "东南里7号院坝", 3, 15, 2, 3, 5},
    {"亲子手工课：做灯笼", "children", "院落书角", 7, 10, 2, 10, 3},
    {"垃圾分类宣传志愿活动", "all", "东南里7号大门口", 12, 9, 3, 15, 8},
    {"健康义诊", "elderly", "社区卫生服务站", 20, 9, 3, 50, 5},
};

static bool demo_events(const Ctx *c, int64_t node, const int64_t *vols, int nv, int64_t today, char *err,
                        size_t errlen)
{
    LifeErr e;
    for (size_t i = 0; i < sizeof k_events / sizeof k_events[0]; i++) {
        int64_t start = today + (int64_t)k_events[i].day * DAY + (int64_t)(k_events[i].hour - 8) * 3600;
        LifeEventNew in = {node, k_events[i].title, "欢迎居民报名参加。", k_events[i].audience, k_events[i].place,
                           start, start + (int64_t)k_events[i].hours * 3600, k_events[i].capacity,
                           k_events[i].points};
        int64_t id;
        if (!life_event_create(c, &in, &id, &e))
            return fail(err, errlen, "event", &e);
        bool past = k_events[i].day < 0;
        for (int v = 0; v < nv; v++) {
            if ((v + (int)i) % 3 == 2)
                continue; /* not everyone goes to everything */
            LifeBookNew b = {id, vols[v], NULL, false, 1};
            LifeBooking bk;
            if (!life_book(c, &b, &bk, &e))
                return fail(err, errlen, "booking", &e);
            /* attendance of the past events: one in four did not come */
            if (past && !strcmp(bk.status, "confirmed") && (v + (int)i) % 4 != 3 && !life_checkin(c, bk.id, &e))
                return fail(err, errlen, "check-in", &e);
        }
        LifeBookNew desk = {id, 0, "王秀英", true, 2};
        LifeBooking bk;
        if (!past && !life_book(c, &desk, &bk, &e))
            return fail(err, errlen, "desk booking", &e);
    }
    return true;
}

static bool demo_rota(const Ctx *c, int64_t node, const char *name, int points, int hour, int hours,
                      const int64_t *vols, int nv, int64_t today, uint64_t seed, char *err, size_t errlen)
{
    LifeErr e;
    int64_t duty;
    if (!life_duty_create(c, node, name, points, true, &duty, &e))
        return fail(err, errlen, "duty", &e);
    /* the past two weeks and the coming two */
    for (int d = -14; d < 14; d++) {
        int64_t start = today + (int64_t)d * DAY + (int64_t)(hour - 8) * 3600, shift;
        if (!life_shift_create(c, duty, start, start + (int64_t)hours * 3600, 1, &shift, &e))
            return fail(err, errlen, "shift", &e);
        for (int v = 0; v < nv; v++)
            if ((d + 14 + v) % 3 != 0 && !life_availability_set(c, shift, vols[v], true, &e))
                return fail(err, errlen, "availability", &e);
    }
    int filled, slots;
    if (!life_rota_generate_duty(c, duty, seed, &filled, &slots, &e) || !life_rota_publish(c, duty, &e))
        return fail(err, errlen, "rota", &e);
    enum { MAXA = 64 };
    LifeAssignment as[MAXA];
    int n = life_assignments_of_duty(c, duty, as, MAXA, &e);
    if (n < 0)
        return fail(err, errlen, "assignments", &e);
    for (int i = 0; i < n; i++)
        if (as[i].ends_at < c->now && !life_assignment_mark(c, as[i].id, i % 9 != 4, &e))
            return fail(err, errlen, "done/missed", &e);
    return true;
}

/* Resources against needs (three offers, two needs, a match delivered on both
 * sides), the reading corner (donated books, one on loan), a talent and an
 * old photo's story. */
static bool demo_resources(const Ctx *c, int64_t node, int64_t resident, int64_t today, char *err, size_t errlen)
{
    LifeErr e;
    static const struct { const char *giver_kind, *giver, *kind, *title, *place; int day, hours; int64_t qty; } offers[] = {
        {"unit", "锦江区图书馆", "room", "周六上午阅览室", "图书馆二楼", 5, 4, 1},
        {"shop", "蓉城水电维修部", "vehicle", "面包车一辆（搬运）", "东南里7号大门口", 6, 8, 1},
        {"resident", "张建国", "hours", "会计记账10小时", "东南里7号", 1, 24 * 20, 10},
        {"charity", "成都爱心助老基金会", "money", "助老餐补2000元", "社区党群服务中心", 1, 24 * 28, 2000},
    };
    int64_t oid[4];
    for (size_t i = 0; i < 4; i++) {
        LifeOffer o = {.node_id = node, .giver_kind = offers[i].giver_kind, .giver_name = offers[i].giver,
                       .kind = offers[i].kind, .title = offers[i].title, .place = offers[i].place,
                       .from_at = today + offers[i].day * DAY, .to_at = today + offers[i].day * DAY + offers[i].hours * 3600,
                       .quantity = offers[i].qty};
        if (!life_offer_create(c, &o, &oid[i], &e))
            return fail(err, errlen, "offer", &e);
    }
    LifeNeed n1 = {.node_id = node, .kind = "hours", .title = "院委会账目整理", .place = "东南里7号",
                   .from_at = today + 2 * DAY, .to_at = today + 9 * DAY, .quantity = 4};
    LifeNeed n2 = {.node_id = node, .kind = "vehicle", .title = "搬运旧家具到回收站", .place = "东南里7号",
                   .from_at = today + 6 * DAY + 3600, .to_at = today + 6 * DAY + 4 * 3600, .quantity = 1};
    int64_t nid1, nid2, mid;
    if (!life_need_create(c, &n1, &nid1, &e) || !life_need_create(c, &n2, &nid2, &e))
        return fail(err, errlen, "need", &e);
    if (!life_match_confirm(c, oid[2], nid1, 4, &mid, &e) || !life_match_delivered(c, mid, true, &e) ||
        !life_match_delivered(c, mid, false, &e))
        return fail(err, errlen, "match", &e);
    static const struct { const char *title, *author, *donor; } books[] = {
        {"平凡的世界", "路遥", "李桂兰"}, {"活着", "余华", "王秀英"}, {"城南旧事", "林海音", "锦江区图书馆"},
        {"十万个为什么", "少年儿童出版社", "张建国"}, {"家庭急救手册", "中国红十字会", "社区卫生服务站"}};
    int64_t bid[5];
    for (size_t i = 0; i < 5; i++) {
        LifeBook b = {.node_id = node, .title = books[i].title, .author = books[i].author, .donor = books[i].donor};
        if (!life_book_create(c, &b, &bid[i], &e))
            return fail(err, errlen, "book", &e);
    }
    int64_t lid;
    if (!life_loan_create(c, bid[1], resident, "", today + 14 * DAY, &lid, &e))
        return fail(err, errlen, "loan", &e);
    LifeTalent t = {.node_id = node, .user_id = resident, .name = "张建国", .skill = "退休会计师", .note = "可协助账目公开"};
    int64_t tid, sid;
    if (!life_talent_create(c, &t, true, &tid, &e))
        return fail(err, errlen, "talent", &e);
    LifeStory st = {.node_id = node, .title = "1985年的东南里院坝", .era = "1980年代",
                    .body = "那年院里种下老槐树，夏天大家搬竹椅在树下乘凉、摆龙门阵。",
                    .consent_note = "照片中的王家三口均已同意公开"};
    if (!life_story_create(c, &st, true, &sid, &e))
        return fail(err, errlen, "story", &e);
    return true;
}

bool life_demo(Db *db, uint64_t seed, char *err, size_t errlen)
{
    Arena *arena = arena_new();
    if (!arena)
        return fail(err, errlen, "out of memory", NULL);
    Ctx c = {db, arena, NULL, clock_now()};
    bool ok = false;
    NodeInfo comp;
    LifeErr e;
    const char *names[] = {"resident", "bldghead", "microgrid8", "committee", "grid8", "party"};
    int64_t vols[6];
    for (int i = 0; i < 6; i++)
        if (!(vols[i] = user_id(&c, names[i]))) {
            fail(err, errlen, "a demo account is missing", NULL);
            goto out;
        }
    if (grid_node_by_name(&c, NODE_COMPOUND, "学道苑·东南里7号", &comp) != GRID_OK) {
        fail(err, errlen, "the pilot compound is missing", NULL);
        goto out;
    }
    for (size_t i = 0; i < sizeof k_services / sizeof k_services[0]; i++) {
        LifeService s = k_services[i];
        int64_t id;
        s.node_id = comp.id;
        if (!life_service_create(&c, &s, &id, &e)) {
            fail(err, errlen, "service", &e);
            goto out;
        }
    }
    static const struct { const char *name; int cost, stock; } rewards[] = {
        {"社区食堂餐券（一餐）", 10, 200}, {"理发券（社区理发室）", 20, 30}, {"热门活动优先报名", 30, 20},
        {"商户联合会代金券20元", 50, 15}};
    for (size_t i = 0; i < sizeof rewards / sizeof rewards[0]; i++) {
        int64_t id;
        if (!life_reward_create(&c, comp.id, rewards[i].name, rewards[i].cost, rewards[i].stock, &id, &e)) {
            fail(err, errlen, "reward", &e);
            goto out;
        }
    }
    /* 08:00 Shanghai of today: the days of the demo's month count from it */
    LocalTime lt;
    if (!clock_local(c.now, &lt)) {
        fail(err, errlen, "the clock", NULL);
        goto out;
    }
    int64_t today = clock_local_day_start(lt.year, lt.month, lt.day) + 8 * 3600;
    ok = demo_events(&c, comp.id, vols, 6, today, err, errlen) &&
         demo_rota(&c, comp.id, "楼道保洁", 2, 8, 2, vols, 6, today, seed, err, errlen) &&
         demo_rota(&c, comp.id, "夜间巡逻", 3, 20, 2, vols, 6, today, seed + 1, err, errlen) &&
         demo_resources(&c, comp.id, vols[0], today, err, errlen);
out:
    arena_free(arena);
    return ok;
}
