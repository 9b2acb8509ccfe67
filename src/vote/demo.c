/* demo.c: the pilot's deliberation history for `gongzhi demo`: the
 * renovation topic, the meetings and their minutes, the naming poll, the
 * representatives' panel, the convention, the renovation-plan vote of
 * 学道苑's owners (counted by the engine from generated ballots, 98%
 * consent) with its notice, and one open vote the demo resident can cast. */
#include "vote/vote.h"
#include "vote/vote_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "auth/audit.h"
#include "auth/read.h"
#include "grid/flat.h"
#include "grid/grid.h"
#include "vote/sortition.h"

/* 2023 in Asia/Shanghai, as Unix seconds (UTC). */
#define DAY INT64_C(86400)
#define T_2023_02_15 INT64_C(1676419200)
#define T_2023_03_01 INT64_C(1677628800)
#define T_2023_03_06 INT64_C(1678060800)
#define T_2023_03_10 INT64_C(1678406400)
#define T_2023_03_20 INT64_C(1679270400)
#define T_2023_04_01 INT64_C(1680307200)
#define T_2023_04_15 INT64_C(1681516800)
#define T_2023_06_10 INT64_C(1686355200)
#define T_2023_12_20 INT64_C(1703030400)
#define T_2024_01_01 INT64_C(1704067200)

typedef struct Demo {
    Db *db;
    Arena *a;
    Ctx c; /* the grid's and auth's read functions: the system, in the demo's transaction */
    uint64_t rng;
    char *err;
    size_t errlen;
    int64_t grid, grid_path_id, dnl, community;
    const char *grid_path;
    int64_t staff, party, committee, bldghead, resident, resident_person;
    bool read_failed; /* a read whose statement failed: the demo fails as a whole */
} Demo;

static bool fail(Demo *d, const char *what)
{
    snprintf(d->err, d->errlen, "vote demo: %s", what);
    return false;
}

/* splitmix64: deterministic from the demo seed */
static uint64_t next(Demo *d)
{
    uint64_t z = (d->rng += UINT64_C(0x9E3779B97F4A7C15));
    z = (z ^ (z >> 30)) * UINT64_C(0xBF58476D1CE4E5B9);
    z = (z ^ (z >> 27)) * UINT64_C(0x94D049BB133111EB);
    return z ^ (z >> 31);
}

/* A getter of the grid or auth: true when the row is there. A failed read
 * (not merely an absent row) fails the demo (vote_demo_build checks
 * read_failed before it reports success), so a half-read register never
 * shapes the history silently. */
static bool grid_found(Demo *d, GridRead r)
{
    if (r != GRID_OK && r != GRID_NOT_FOUND)
        d->read_failed = true;
    return r == GRID_OK;
}

static bool auth_found(Demo *d, AuthRead r)
{
    if (r != AUTH_OK && r != AUTH_NOT_FOUND)
        d->read_failed = true;
    return r == AUTH_OK;
}

static int64_t insert_id(Demo *d, DbStmt *st)
{
    int64_t id = 0;
    if (db_step(st) == DB_ROW)
        id = db_col_int(st, 0);
    if (!db_done(st))
        return 0;
    return id;
}

/* A demo account (0 when there is none). */
static int64_t user_id(Demo *d, const char *username)
{
    UserInfo u;
    return auth_found(d, auth_user_by_name(&d->c, username, &u)) ? u.id : 0;
}

/* A notice with its historical date (notice_publish stamps "now"). */
static int64_t notice_at(Demo *d, int64_t actor, int64_t node, const char *kind, const char *title, const char *body,
                         int64_t at, const char *source, int64_t source_id)
{
    int64_t id = insert_id(d, db_query(d->db,
                                       "INSERT INTO notice (node_id, kind, title, body, period_days, published_at, "
                                       "objection_until, corrects_id, source_entity, source_id, published_by) "
                                       "VALUES (?, ?, ?, ?, 7, ?, ?, NULL, ?, ?, ?) RETURNING id",
                                       DB_I(node), DB_T(kind), DB_T(title), DB_T(body), DB_I(at), DB_I(at + 7 * DAY),
                                       source ? DB_T(source) : DB_NULL, source ? DB_I(source_id) : DB_NULL,
                                       DB_I(actor)));
    if (id && !audit_append(d->db, actor, "notice", id, "publish", NULL,
                            arena_printf(d->a, "{\"node_id\":%lld,\"kind\":%j,\"title\":%j,\"demo\":true}", (long long)node,
                                         kind, title)))
        return 0;
    return id;
}

static int64_t topic(Demo *d, int64_t node, const char *title, const char *body, const char *source, const char *status,
                     int64_t by, int64_t at)
{
    return insert_id(d, db_query(d->db,
                                 "INSERT INTO topic (node_id, title, body, source, status, proposed_by, created_at, updated_at) "
                                 "VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                                 DB_I(node), DB_T(title), DB_T(body), DB_T(source), DB_T(status), DB_I(by), DB_I(at),
                                 DB_I(at)));
}

static bool support(Demo *d, int64_t topic_id, const char *const *users, int64_t at)
{
    for (int i = 0; users[i]; i++)
        if (!db_exec(d->db, "INSERT INTO topic_support (topic_id, user_id, created_at) VALUES (?, ?, ?)", DB_I(topic_id),
                     DB_I(user_id(d, users[i])), DB_I(at + i * 3600)))
            return false;
    return true;
}

static int64_t meeting(Demo *d, const char *kind, const char *title, int64_t at, const char *minutes,
                       const char *decisions, int64_t topic_id, const char *const *attendees)
{
    int64_t id = insert_id(d, db_query(d->db,
                                       "INSERT INTO meeting (node_id, kind, title, starts_at, place, status, minutes, decisions, "
                                       "minutes_approved_by, created_by, created_at, updated_at) "
                                       "VALUES (?, ?, ?, ?, '学道苑·合议轩', 'published', ?, ?, ?, ?, ?, ?) RETURNING id",
                                       DB_I(d->grid), DB_T(kind), DB_T(title), DB_I(at), DB_T(minutes), DB_T(decisions),
                                       DB_I(d->party), DB_I(d->staff), DB_I(at - 7 * DAY), DB_I(at + DAY)));
    if (!id || !db_exec(d->db, "INSERT INTO meeting_item (meeting_id, topic_id, sort) VALUES (?, ?, 0)", DB_I(id),
                        DB_I(topic_id)))
        return 0;
    for (int i = 0; attendees[i]; i++)
        if (!db_exec(d->db, "INSERT INTO meeting_attendee (meeting_id, name, represents, present) VALUES (?, ?, '', ?)",
                     DB_I(id), DB_T(attendees[i]), DB_I(attendees[i + 1] != NULL || i % 2 == 0)))
            return 0;
    Buf b = BUF_INIT;
    buf_puts(&b, minutes);
    buf_puts(&b, "\n\n决议：\n");
    buf_puts(&b, decisions);
    int64_t n = notice_at(d, d->party, d->grid, "minutes", arena_printf(d->a, "会议纪要：%s", title), buf_str(&b),
                          at + 2 * DAY, "meeting", id);
    buf_free(&b);
    if (!n || !db_exec(d->db, "UPDATE meeting SET notice_id = ? WHERE id = ?", DB_I(n), DB_I(id)))
        return 0;
    return id;
}

/* The owners of 学道苑 (one per owner_key, with their first household), in
 * key order, so the same seed picks the same voters. */
typedef struct DemoOwner {
    const char *key;
    int64_t household;
    int64_t building;
    int64_t compound;
} DemoOwner;

/* The flat of a pilot household, in the pilot's flats (by id); NULL when
 * the flat lies outside the pilot. */
static const FlatInfo *pilot_flat(const FlatList *flats, int64_t id)
{
    int lo = 0, hi = flats->n - 1;
    while (lo <= hi) {
        int mid = lo + (hi - lo) / 2;
        if (flats->items[mid].id == id)
            return &flats->items[mid];
        if (flats->items[mid].id < id)
            lo = mid + 1;
        else
            hi = mid - 1;
    }
    return NULL;
}

/* By key, then by household: the first of a key holds its lowest household. */
static int owner_order(const void *x, const void *y)
{
    const DemoOwner *a = x, *b = y;
    int k = strcmp(a->key, b->key);
    return k ? k : (a->household > b->household) - (a->household < b->household);
}

static DemoOwner *pilot_owners(Demo *d, int *n)
{
    *n = 0;
    FlatList flats;
    HouseholdList hh;
    if (grid_flats_in(&d->c, d->grid_path, &flats) != GRID_OK ||
        grid_households_in(&d->c, d->grid_path, &hh) != GRID_OK) {
        d->read_failed = true;
        return NULL;
    }
    /* a flat's voter is its first owner (vote/model.c), and a household
     * at that flat is where the ballot is recorded */
    DemoOwner *o = arena_alloc(d->a, sizeof *o * (size_t)(hh.n + 1));
    int k = 0;
    for (int i = 0; i < hh.n; i++) {
        const HouseholdInfo *h = &hh.items[i];
        const FlatInfo *f = h->flat_id ? pilot_flat(&flats, h->flat_id) : NULL;
        if (f && f->n_owners > 0)
            o[k++] = (DemoOwner){f->owners[0].owner_key, h->node_id, h->building_id, h->compound_id};
    }
    qsort(o, (size_t)k, sizeof *o, owner_order);
    int m = 0;
    for (int i = 0; i < k; i++)
        if (m == 0 || strcmp(o[m - 1].key, o[i].key) != 0)
            o[m++] = o[i];
    *n = m;
    return o;
}

/* The owner key a demo account votes with: that of its person's first
 * owner row; NULL when it owns nothing. */
static const char *owner_key_of_user(Demo *d, int64_t user)
{
    UserInfo u;
    OwnerList own;
    int64_t *flat_ids;
    if (!auth_found(d, auth_user_get(&d->c, user, &u)) || !u.person_id)
        return NULL;
    if (grid_ownerships_of_person(&d->c, u.person_id, &own, &flat_ids) != GRID_OK) {
        d->read_failed = true;
        return NULL;
    }
    const OwnerInfo *first = NULL;
    for (int i = 0; i < own.n; i++)
        if (!first || own.items[i].id < first->id)
            first = &own.items[i];
    return first ? first->owner_key : NULL;
}

/* The building a demo account heads (0 when none). */
static int64_t headed_building(Demo *d, int64_t user)
{
    GrantList g;
    if (auth_user_grants(&d->c, user, &g) != AUTH_OK) {
        d->read_failed = true;
        return 0;
    }
    for (int i = 0; i < g.n; i++)
        if (g.items[i].role == ROLE_BUILDING_HEAD)
            return g.items[i].node_id;
    return 0;
}

/* Who enters a paper ballot and who confirms it: the building head in his
 * building, the committee in its compound, community staff elsewhere; a
 * second, different person confirms. */
static void paper_hands(Demo *d, const DemoOwner *o, int64_t bh_building, int64_t *entered, int64_t *confirmed)
{
    if (o->building == bh_building) {
        *entered = d->bldghead;
        *confirmed = d->committee;
    } else if (o->compound == d->dnl) {
        *entered = d->committee;
        *confirmed = d->staff;
    } else {
        *entered = d->staff;
        *confirmed = d->committee;
    }
}

static bool ballot(Demo *d, int64_t vote, const DemoOwner *o, const char *choice, const char *channel, int64_t cast_by,
                   int64_t confirmed_by, bool counted, int64_t at)
{
    return db_exec(d->db,
                   "INSERT INTO ballot (vote_id, voter_key, household_id, choice, channel, proxy_name, proxy_document, "
                   "cast_by, confirmed_by, counted, cast_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                   DB_I(vote), DB_T(o->key), DB_I(o->household), DB_T(choice), DB_T(channel),
                   strcmp(channel, "proxy") == 0 ? DB_T("业主亲属") : DB_NULL,
                   strcmp(channel, "proxy") == 0 ? DB_T("授权委托书（纸质原件存院委会）") : DB_NULL,
                   cast_by ? DB_I(cast_by) : DB_NULL, confirmed_by ? DB_I(confirmed_by) : DB_NULL, DB_I(counted),
                   DB_I(at), DB_I(at));
}

/* Counts a finished vote with the engine and stores the result and notice
 * as vote_close does, dated at its close. */
static bool close_at(Demo *d, int64_t vote_id, int64_t at)
{
    VoteRow v;
    VoteTally t;
    if (!vote_load(d->db, d->a, vote_id, &v))
        return fail(d, "load vote");
    v.status = "closed";
    if (!vote_tally(d->db, d->a, &v, &t))
        return fail(d, "count vote");
    Buf json = BUF_INIT;
    vote_tally_json(&json, &v, &t);
    bool passed = t.art278 ? t.a.passed : t.s.passed;
    const char *title = arena_printf(d->a, "表决结果公示：%s（%s）", v.title, passed ? "通过" : "未通过");
    int64_t notice = notice_at(d, d->staff, v.node_id, "vote_result", title, vote_tally_text_zh(d->a, &v, &t), at, "vote", v.id);
    bool ok = notice && db_exec(d->db,
                                "UPDATE vote SET status = 'closed', closed_at = ?, passed = ?, result_json = ?, notice_id = ?, "
                                "updated_at = ? WHERE id = ?",
                                DB_I(at), DB_I(passed), DB_T(buf_str(&json)), DB_I(notice), DB_I(at), DB_I(vote_id));
    buf_free(&json);
    return ok ? true : fail(d, "store vote result");
}

static int64_t vote_row(Demo *d, int64_t node, const char *title, const char *body, const char *kind, int matter,
                        const char *method, const char *electorate, int quorum, const char *status, int64_t opens,
                        int64_t topic_id, int64_t panel)
{
    return insert_id(d, db_query(d->db,
                                 "INSERT INTO vote (node_id, title, body, kind, matter, method, secret, electorate, panel_id, "
                                 "quorum_pct, nonvoters_yes, status, opens_at, topic_id, created_by, created_at, updated_at) "
                                 "VALUES (?, ?, ?, ?, ?, ?, 0, ?, ?, ?, 0, ?, ?, ?, ?, ?, ?) RETURNING id",
                                 DB_I(node), DB_T(title), DB_T(body), DB_T(kind), matter ? DB_I(matter) : DB_NULL,
                                 DB_T(method), DB_T(electorate), panel ? DB_I(panel) : DB_NULL, DB_I(quorum), DB_T(status),
                                 DB_I(opens), topic_id ? DB_I(topic_id) : DB_NULL, DB_I(d->staff), DB_I(opens - DAY),
                                 DB_I(opens)));
}

/* A naming poll: all households of 学道苑 choose among three names; the
 * first name wins (62% of the ballots lean to it). */
static bool naming_poll(Demo *d, const char *title, const char *body, const char *const names[3], int64_t opens,
                        int64_t closes)
{
    int64_t v = vote_row(d, d->grid, title, body, "simple", 0, "single", "households", 50, "open", opens, 0, 0);
    if (!v)
        return fail(d, "naming poll");
    int64_t opt[3];
    for (int i = 0; i < 3; i++) {
        opt[i] = insert_id(d, db_query(d->db, "INSERT INTO vote_option (vote_id, label, sort) VALUES (?, ?, ?) RETURNING id",
                                       DB_I(v), DB_T(names[i]), DB_I(i)));
        if (!opt[i])
            return fail(d, "naming options");
    }
    HouseholdList hh;
    if (grid_households_in(&d->c, d->grid_path, &hh) != GRID_OK)
        return fail(d, "read the pilot's households");
    for (int i = 0; i < hh.n; i++) {
        int64_t h = hh.items[i].node_id;
        uint64_t x = next(d) % 100;
        if (x >= 88)
            continue; /* 12% did not vote */
        int pick = x < 62 ? 0 : x < 78 ? 1 : 2;
        if (!db_exec(d->db,
                     "INSERT INTO ballot (vote_id, voter_key, household_id, choice, channel, cast_by, confirmed_by, counted, "
                     "cast_at, updated_at) VALUES (?, ?, ?, ?, 'paper', ?, ?, 1, ?, ?)",
                     DB_I(v), DB_T(arena_printf(d->a, "h%lld", (long long)h)), DB_I(h),
                     DB_T(arena_printf(d->a, "%lld", (long long)opt[pick])), DB_I(d->staff), DB_I(d->committee),
                     DB_I(opens + DAY), DB_I(opens + DAY)))
            return fail(d, "naming ballots");
    }
    return close_at(d, v, closes);
}

static bool panel_draw(Demo *d, int64_t *panel_out)
{
    static const char *seed = "学道苑-2023-03-10-居民代表";
    HouseholdList hh;
    ShopList shops;
    if (grid_households_in(&d->c, d->grid_path, &hh) != GRID_OK ||
        grid_shops_in(&d->c, d->grid_path, &shops) != GRID_OK)
        return fail(d, "read the pilot's households and shops");
    SortCandidate *c = arena_alloc(d->a, sizeof *c * (size_t)(hh.n + shops.n + 1));
    int64_t *person = arena_alloc(d->a, sizeof *person * (size_t)(hh.n + shops.n + 1));
    int n = 0;
    static const char *const strata[] = {"old", "middle", "young", "unknown", "shop"};
    /* each household that has people, stood for by its first registered one */
    for (int i = 0; i < hh.n; i++) {
        const HouseholdInfo *h = &hh.items[i];
        if (!h->head_person_id)
            continue;
        const char *band = sortition_age_band(h->head_birth_year, 2023);
        int s = 0;
        while (s < 3 && strcmp(strata[s], band) != 0)
            s++;
        c[n] = (SortCandidate){h->node_id, s};
        person[n] = h->head_person_id;
        n++;
    }
    /* and one shopkeeper, drawn among the shops under their negated id */
    for (int i = 0; i < shops.n; i++) {
        c[n] = (SortCandidate){-shops.items[i].id, 4};
        person[n] = 0;
        n++;
    }
    const int quota[5] = {4, 4, 2, 0, 1};
    int *chosen = arena_alloc(d->a, sizeof *chosen * (size_t)(n + 1));
    int got = sortition_draw(seed, c, n, quota, 5, chosen);
    if (got <= 0)
        return fail(d, "draw panel");
    Buf cl = BUF_INIT;
    buf_putc(&cl, '[');
    for (int i = 0; i < n; i++)
        buf_printf(&cl, "%s[%lld,%j]", i ? "," : "", (long long)c[i].id, strata[c[i].stratum]);
    buf_putc(&cl, ']');
    int64_t id = insert_id(d, db_query(d->db,
                                       "INSERT INTO panel (node_id, title, seed, dimension, quotas, candidates, candidate_list, "
                                       "drawn_at, drawn_by) VALUES (?, '学道苑居民代表（2023）', ?, 'age_band', "
                                       "'{\"old\":4,\"middle\":4,\"young\":2,\"shop\":1}', ?, ?, ?, ?) RETURNING id",
                                       DB_I(d->grid), DB_T(seed), DB_I(n), DB_T(buf_str(&cl)), DB_I(T_2023_03_10),
                                       DB_I(d->staff)));
    buf_free(&cl);
    if (!id)
        return fail(d, "store panel");
    for (int i = 0; i < got; i++) {
        char lot[65];
        sortition_lot(seed, c[chosen[i]].id, lot);
        int64_t cid = c[chosen[i]].id;
        if (!db_exec(d->db,
                     "INSERT INTO panel_member (panel_id, household_id, shop_id, person_id, stratum, lot, sort) "
                     "VALUES (?, ?, ?, ?, ?, ?, ?)",
                     DB_I(id), cid > 0 ? DB_I(cid) : DB_NULL, cid < 0 ? DB_I(-cid) : DB_NULL,
                     cid > 0 ? DB_I(person[chosen[i]]) : DB_NULL, DB_T(strata[c[chosen[i]].stratum]), DB_T(lot), DB_I(i)))
            return fail(d, "store panel members");
    }
    *panel_out = id;
    return true;
}

/* The renovation-plan vote: Art. 278 matter 7 (rebuilding), 学道苑's owners.
 * 98% consent: all but three owners vote yes; one votes no, two do not vote. */
static bool renovation_vote(Demo *d, int64_t topic_id, int64_t *vote_out)
{
    int64_t v = vote_row(d, d->grid, "学道苑老旧院落改造方案（水电气管网更新、屋面防水、公共空间整治）",
                         "改造方案经院委会提议、楼栋单元协商、党员和居民代表决议后，提交学道苑全体业主表决。"
                         "依据《民法典》第二百七十八条，属“改建、重建建筑物及其附属设施”。",
                         "art278", 7, "yes_no", "owners", 0, "open", T_2023_04_01, topic_id, 0);
    if (!v)
        return fail(d, "renovation vote");
    int n;
    DemoOwner *o = pilot_owners(d, &n);
    if (n < 10)
        return fail(d, "too few pilot owners");
    const char *res_key = owner_key_of_user(d, d->resident), *bh_key = owner_key_of_user(d, d->bldghead);
    int64_t bh_building = headed_building(d, d->bldghead);
    /* pick the no and the two non-voters among the others, from the seed */
    int no = -1, skip1 = -1, skip2 = -1;
    while (no < 0 || skip1 < 0 || skip2 < 0) {
        int i = (int)(next(d) % (uint64_t)n);
        if ((res_key && strcmp(o[i].key, res_key) == 0) || (bh_key && strcmp(o[i].key, bh_key) == 0) || i == no ||
            i == skip1 || i == skip2)
            continue;
        if (no < 0)
            no = i;
        else if (skip1 < 0)
            skip1 = i;
        else
            skip2 = i;
    }
    for (int i = 0; i < n; i++) {
        if (i == skip1 || i == skip2)
            continue;
        int64_t at = T_2023_04_01 + (int64_t)(next(d) % (uint64_t)(13 * DAY));
        const char *choice = i == no ? "no" : "yes";
        bool ok;
        if (res_key && strcmp(o[i].key, res_key) == 0)
            ok = ballot(d, v, &o[i], choice, "online", d->resident, 0, true, at);
        else if (bh_key && strcmp(o[i].key, bh_key) == 0)
            ok = ballot(d, v, &o[i], choice, "online", d->bldghead, 0, true, at);
        else {
            int64_t entered, confirmed;
            paper_hands(d, &o[i], bh_building, &entered, &confirmed);
            ok = ballot(d, v, &o[i], choice, next(d) % 10 == 0 ? "proxy" : "paper", entered, confirmed, true, at);
        }
        if (!ok)
            return fail(d, "renovation ballots");
    }
    *vote_out = v;
    return close_at(d, v, T_2023_04_15);
}

/* Still open: an EV-charging shelter on common ground run by social capital
 * (Art. 278 matter 8). Part of the owners voted; the demo resident has not. */
static bool open_vote(Demo *d)
{
    int64_t t = topic(d, d->grid, "在学道苑公共区域建设电动自行车集中充电棚",
                      "解决楼道充电的消防隐患；由社会资本投资建设运营，收益的一部分进入院落自治基金。", "online", "on_agenda",
                      d->resident, T_2024_01_01 - 30 * DAY);
    static const char *const fans[] = {"resident", "bldghead", "committee", NULL};
    if (!t || !support(d, t, fans, T_2024_01_01 - 29 * DAY))
        return fail(d, "charging topic");
    int64_t v = vote_row(d, d->grid, "利用公共区域建设电动自行车集中充电棚（社会资本投资运营）",
                         "拟在学道苑东南角空地建设充电棚一处（约40个车位），由社会资本投资运营十年，"
                         "每年向院落自治基金缴纳场地使用费。依据《民法典》第二百七十八条，属“利用共有部分从事经营活动”，"
                         "须经参与表决的专有部分面积四分之三以上且人数四分之三以上同意。",
                         "art278", 8, "yes_no", "owners", 0, "open", T_2024_01_01, t, 0);
    if (!v)
        return fail(d, "open vote");
    int n;
    DemoOwner *o = pilot_owners(d, &n);
    const char *res_key = owner_key_of_user(d, d->resident), *bh_key = owner_key_of_user(d, d->bldghead);
    int64_t bh_building = headed_building(d, d->bldghead);
    int pending = 0;
    for (int i = 0; i < n; i++) {
        if ((res_key && strcmp(o[i].key, res_key) == 0) || (bh_key && strcmp(o[i].key, bh_key) == 0))
            continue; /* left for the demo accounts to cast */
        uint64_t x = next(d) % 100;
        if (x >= 45)
            continue;
        const char *choice = x < 36 ? "yes" : x < 41 ? "no" : "abstain";
        int64_t entered, confirmed;
        paper_hands(d, &o[i], bh_building, &entered, &confirmed);
        /* A few paper ballots of 1栋 wait for a second person's confirmation. */
        bool wait = entered == d->bldghead && pending < 3;
        pending += wait;
        if (!ballot(d, v, &o[i], choice, "paper", entered, wait ? 0 : confirmed, !wait, T_2024_01_01 + (int64_t)i * 600))
            return fail(d, "open vote ballots");
    }
    return true;
}

static bool convention(Demo *d)
{
    int64_t c = insert_id(d, db_query(d->db,
                                      "INSERT INTO convention (node_id, title, status, created_by, created_at, updated_at) "
                                      "VALUES (?, '学道苑院落公约', 'voting', ?, ?, ?) RETURNING id",
                                      DB_I(d->grid), DB_I(d->committee), DB_I(T_2023_04_15 + 5 * DAY),
                                      DB_I(T_2023_06_10)));
    static const char *v1 = "一、爱护院落公共设施，损坏照价赔偿。\n二、垃圾分类投放，不乱扔杂物。\n三、车辆停放在划定车位，不占用消防通道。\n"
                            "四、不在楼道堆放杂物，不在楼道为电动车充电。\n五、邻里互助，小事不出院。";
    static const char *v2 = "一、爱护院落公共设施和绿化，损坏照价赔偿。\n二、垃圾分类定时定点投放，不乱扔杂物。\n"
                            "三、车辆停放在划定车位，不占用消防通道；访客车辆登记停放。\n"
                            "四、不在楼道堆放杂物，不在楼道和室内为电动车充电。\n五、饲养宠物文明牵绳，及时清理粪便。\n"
                            "六、邻里互助，小事不出院，大事共商量。";
    if (!c ||
        !db_exec(d->db, "INSERT INTO convention_version (convention_id, version, body, note, created_by, created_at) "
                        "VALUES (?, 1, ?, '院委会初稿', ?, ?)",
                 DB_I(c), DB_T(v1), DB_I(d->committee), DB_I(T_2023_04_15 + 5 * DAY)) ||
        !db_exec(d->db, "INSERT INTO convention_comment (convention_id, version, clause, user_id, body, created_at) "
                        "VALUES (?, 1, 3, ?, '建议写明访客车辆怎么停。', ?)",
                 DB_I(c), DB_I(d->resident), DB_I(T_2023_04_15 + 8 * DAY)) ||
        !db_exec(d->db, "INSERT INTO convention_comment (convention_id, version, clause, user_id, body, created_at) "
                        "VALUES (?, 1, 5, ?, '建议加上文明养宠的条款。', ?)",
                 DB_I(c), DB_I(d->bldghead), DB_I(T_2023_04_15 + 9 * DAY)) ||
        !db_exec(d->db, "INSERT INTO convention_version (convention_id, version, body, note, created_by, created_at) "
                        "VALUES (?, 2, ?, '吸收居民意见后的合并稿', ?, ?)",
                 DB_I(c), DB_T(v2), DB_I(d->committee), DB_I(T_2023_04_15 + 20 * DAY)))
        return fail(d, "convention");
    int64_t v = vote_row(d, d->grid, "公约表决：学道苑院落公约（第2稿）", v2, "simple", 0, "yes_no", "households", 50, "open",
                         T_2023_06_10 - 7 * DAY, 0, 0);
    if (!v || !db_exec(d->db, "UPDATE convention SET vote_id = ? WHERE id = ?", DB_I(v), DB_I(c)))
        return fail(d, "convention vote");
    HouseholdList hh;
    if (grid_households_in(&d->c, d->grid_path, &hh) != GRID_OK)
        return fail(d, "read the pilot's households");
    for (int i = 0; i < hh.n; i++) {
        int64_t h = hh.items[i].node_id;
        uint64_t x = next(d) % 100;
        if (x >= 80)
            continue;
        if (!db_exec(d->db,
                     "INSERT INTO ballot (vote_id, voter_key, household_id, choice, channel, cast_by, confirmed_by, counted, "
                     "cast_at, updated_at) VALUES (?, ?, ?, ?, 'paper', ?, ?, 1, ?, ?)",
                     DB_I(v), DB_T(arena_printf(d->a, "h%lld", (long long)h)), DB_I(h), DB_T(x < 74 ? "yes" : "no"),
                     DB_I(d->staff), DB_I(d->committee), DB_I(T_2023_06_10 - 3 * DAY), DB_I(T_2023_06_10 - 3 * DAY)))
            return fail(d, "convention ballots");
    }
    if (!close_at(d, v, T_2023_06_10))
        return false;
    return db_exec(d->db, "UPDATE convention SET status = (SELECT CASE WHEN passed = 1 THEN 'adopted' ELSE 'rejected' END "
                          "FROM vote WHERE id = ?) WHERE id = ?",
                   DB_I(v), DB_I(c))
               ? true
               : fail(d, "convention status");
}

/* The renovation went through 一征三议两公开: its steps, with the vote and
 * the two publications. */
static bool renovation_decision(Demo *d, int64_t topic_id, int64_t vote_id)
{
    int64_t id = insert_id(d, db_query(d->db,
                                       "INSERT INTO decision (node_id, topic_id, title, template, stage, vote_id, created_by, "
                                       "created_at, updated_at) VALUES (?, ?, '学道苑老旧院落改造', 'yizheng', 6, ?, ?, ?, ?) RETURNING id",
                                       DB_I(d->grid), DB_I(topic_id), DB_I(vote_id), DB_I(d->staff), DB_I(T_2023_02_15),
                                       DB_I(T_2023_12_20)));
    if (!id)
        return fail(d, "decision");
    int64_t n1 = notice_at(d, d->party, d->grid, "decision", "一公开：学道苑老旧院落改造决议",
                           "经学道苑业主表决通过（同意的业主占全体业主98%），实施水电气管网更新、屋面防水、公共空间整治。"
                           "资金来源：政府补助、业主按每平方米5元筹集的维修资金、社会资本。",
                           T_2023_04_15 + DAY, "decision", id);
    int64_t n2 = notice_at(d, d->party, d->grid, "execution", "二公开：学道苑老旧院落改造执行情况",
                           "改造工程已完工并通过联合竣工验收；违章搭建全部由业主自行拆除；公共空间利用率提高约40%。",
                           T_2023_12_20, "decision", id);
    if (!n1 || !n2)
        return fail(d, "decision notices");
    static const char *const notes[] = {
        "在院落公告栏和线上征集改造意见，收回意见表126份。",
        "院委会汇总意见，提出改造方案（草案）。",
        "10个单元分别召开楼栋会协商，修改方案3处。",
        "党员和居民代表会议决议提交业主表决；业主表决通过。",
        "公开决议。",
        "公开执行结果。",
    };
    static const int64_t days[] = {0, 14, 28, 59, 60, 308};
    for (int s = 0; s < 6; s++)
        if (!db_exec(d->db,
                     "INSERT INTO decision_step (decision_id, stage, note, notice_id, done_by, done_at) VALUES (?, ?, ?, ?, ?, ?)",
                     DB_I(id), DB_I(s), DB_T(notes[s]), s == 4 ? DB_I(n1) : s == 5 ? DB_I(n2) : DB_NULL, DB_I(d->staff),
                     DB_I(T_2023_02_15 + days[s] * DAY)))
            return fail(d, "decision steps");
    return true;
}

/* The demo resident owns their flat: make sure the owner who speaks for it
 * is their person, so they can vote as that owner (through the register's
 * model, audited). Nothing to do when they own a flat already. */
static bool link_resident_owner(Demo *d)
{
    OwnerList own;
    int64_t *flat_ids;
    if (grid_ownerships_of_person(&d->c, d->resident_person, &own, &flat_ids) != GRID_OK)
        return false;
    if (own.n > 0)
        return true;
    PersonInfo p;
    HouseholdInfo h;
    FlatInfo f;
    if (grid_person_get(&d->c, d->resident_person, &p) != GRID_OK ||
        grid_household_get(&d->c, p.household_id, &h) != GRID_OK)
        return false;
    if (!h.flat_id)
        return true;
    if (grid_flat_get(&d->c, h.flat_id, &f) != GRID_OK)
        return false;
    bool linked;
    return f.n_owners == 0 || grid_owner_link_person(&d->c, f.owners[0].id, d->resident_person, &linked, NULL);
}

bool vote_demo_build(Db *db, uint64_t seed, char *err, size_t errlen)
{
    Demo d;
    memset(&d, 0, sizeof d);
    d.db = db;
    d.a = arena_new();
    d.rng = seed ^ UINT64_C(0x766f7465); /* "vote": a stream apart from the register's */
    d.err = err;
    d.errlen = errlen;
    d.c = (Ctx){db, d.a, NULL, T_2024_01_01}; /* the system, on the last day of the history */
    bool ok = false;
    NodeInfo node;
    if (grid_found(&d, grid_node_by_name(&d.c, NODE_GRID, "第8网格", &node))) {
        d.grid = node.id;
        d.grid_path = node.path;
    }
    if (grid_found(&d, grid_node_by_name(&d.c, NODE_COMPOUND, "学道苑·东南里7号", &node)))
        d.dnl = node.id;
    d.staff = user_id(&d, "staff");
    d.party = user_id(&d, "party");
    d.committee = user_id(&d, "committee");
    d.bldghead = user_id(&d, "bldghead");
    UserInfo resident;
    if (auth_found(&d, auth_user_by_name(&d.c, "resident", &resident))) {
        d.resident = resident.id;
        d.resident_person = resident.person_id;
    }
    if (!d.grid || !d.dnl || !d.staff || !d.party || !d.committee || !d.bldghead || !d.resident || !d.resident_person) {
        fail(&d, "the pilot grid or a demo account is missing");
        goto out;
    }
    if (!link_resident_owner(&d)) {
        fail(&d, "link the demo resident to their owner row");
        goto out;
    }

    int64_t t = topic(&d, d.grid, "学道苑老旧院落改造：水电气管网更新与公共空间整治",
                      "三个院落建于上世纪80年代，管网老化、屋面漏水、公共空间被杂物和违章搭建占用。"
                      "居民在公告栏和议事会上提出，希望统一改造。",
                      "board", "decided", d.staff, T_2023_02_15);
    static const char *const fans[] = {"resident", "bldghead", "committee", "microgrid8", "grid8", NULL};
    static const char *const party_meeting[] = {"赵书记（社区党委）", "张社工（社区工作者）", "李网格员（第8网格）",
                                                "刘主任（院委会）", "孙经理（物业）", NULL};
    static const char *const council[] = {"刘主任（院委会）", "楼栋长（1栋）", "居民代表（东南里7号）", "居民代表（拱背桥25号1栋）",
                                          "居民代表（拱背桥25号2栋）", "商户代表", "张社工（社区工作者）", NULL};
    int64_t panel = 0, vote = 0;
    static const char *const compound_names[3] = {"学道苑", "合江苑", "锦里苑"};
    static const char *const room_names[3] = {"合议轩", "议事厅", "邻里堂"};
    ok = t && support(&d, t, fans, T_2023_02_15 + DAY) &&
         naming_poll(&d, "三个院落合并后的名称", "东南里7号、拱背桥25号1栋和2栋合并为一个院落，请选择院落名称。",
                     compound_names, T_2023_02_15, T_2023_03_01) &&
         naming_poll(&d, "院落议事室命名", "改造后腾出的公共用房作为议事室，请为它选一个名字。", room_names,
                     T_2023_12_20 - 20 * DAY, T_2023_12_20 - 6 * DAY) &&
         meeting(&d, "party_joint", "2023年3月党建联席会：学道苑改造议题", T_2023_03_06,
                 "会议听取了学道苑三个院落改造需求的汇报（92.3%的住户认为水电气管网更新紧迫），讨论了资金来源和改造范围。",
                 "同意将学道苑改造列入议事议程，按“一征三议两公开”推进。", t, party_meeting) &&
         panel_draw(&d, &panel) &&
         meeting(&d, "council", "2023年第一季度居民议事会：学道苑改造方案", T_2023_03_20,
                 "院委会介绍改造方案（草案）；10个单元的协商意见逐条讨论；抽选产生的居民代表发言。",
                 "方案修改3处后，提交学道苑全体业主按《民法典》第二百七十八条表决。", t, council) &&
         renovation_vote(&d, t, &vote) && renovation_decision(&d, t, vote) && convention(&d) && open_vote(&d);
    if (ok && d.read_failed)
        ok = false;
    if (!ok && !err[0])
        fail(&d, "storage error");
out:
    arena_free(d.a);
    return ok;
}
