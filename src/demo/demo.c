/* demo.c: builds 合江亭社区 (DOMAIN.md, "The demo community") at its real size with synthetic people, deterministic from a seed. */
#include "demo/demo.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "auth/audit.h"
#include "auth/perm.h"
#include "auth/session.h"
#include "core/buf.h"
#include "grid/build.h"
#include "grid/flat.h"
#include "grid/grid.h"
#include "grid/household.h"
#include "grid/pii.h"

/* The real figures (DOMAIN.md, from seed document 002). The generator hits
 * each of them exactly; the rest is plausible, not sourced. */
#define N_GRIDS 11
#define PILOT_GRID 7 /* index of 第8网格 */
#define N_COMPOUNDS 38
#define N_PILOT 3
#define N_PROPERTY 14
#define TOTAL_HH 7053
#define PILOT_HH 139
#define TOTAL_PERSONS 17422
#define PILOT_PERSONS 384
#define TOTAL_FLOATING 12113
#define N_SHOPS 310
#define N_RESIDENT_GROUPS 13
#define N_PARTY_BRANCHES 10
#define PARTY_MEMBERS 496
#define MAX_MICRO (N_GRIDS * 5)
#define MAX_PERSONS_PER_HH 6

/* Ages and timestamps are fixed rather than taken from the clock, so that
 * the same seed gives the same database on any day. */
#define DEMO_YEAR 2024
#define DEMO_TIME INT64_C(1704067200) /* 2024-01-01 00:00 UTC */
/* The developer of the one compound with unsold flats (synthetic). */
#define DEMO_DEVELOPER "成都锦华置业有限公司"

/* ---- a small PRNG of our own (splitmix64 seeding xoshiro256**) ----------
 * libc's rand() differs between platforms; the demo must not. */

typedef struct Rng {
    uint64_t s[4];
} Rng;

static uint64_t splitmix64(uint64_t *x)
{
    uint64_t z = (*x += UINT64_C(0x9e3779b97f4a7c15));
    z = (z ^ (z >> 30)) * UINT64_C(0xbf58476d1ce4e5b9);
    z = (z ^ (z >> 27)) * UINT64_C(0x94d049bb133111eb);
    return z ^ (z >> 31);
}

static void rng_seed(Rng *r, uint64_t seed)
{
    for (int i = 0; i < 4; i++)
        r->s[i] = splitmix64(&seed);
}

static uint64_t rotl(uint64_t x, int k)
{
    return (x << k) | (x >> (64 - k));
}

static uint64_t rng_next(Rng *r)
{
    uint64_t *s = r->s;
    uint64_t result = rotl(s[1] * 5, 7) * 9;
    uint64_t t = s[1] << 17;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = rotl(s[3], 45);
    return result;
}

/* Uniform in [lo, hi]; the modulo bias is far below anything visible here. */
static int rng_range(Rng *r, int lo, int hi)
{
    if (hi <= lo)
        return lo;
    return lo + (int)(rng_next(r) % (uint64_t)(hi - lo + 1));
}

static bool rng_chance(Rng *r, int per_mille)
{
    return rng_range(r, 0, 999) < per_mille;
}

/* Picks an index from a table of weights. */
static int rng_weighted(Rng *r, const int *w, int n)
{
    int total = 0;
    for (int i = 0; i < n; i++)
        total += w[i];
    int x = rng_range(r, 0, total - 1);
    for (int i = 0; i < n; i++) {
        if (x < w[i])
            return i;
        x -= w[i];
    }
    return n - 1;
}

/* ---- a set of 64-bit keys, to keep ID numbers and phones unique -------- */

#define SET_BITS 17
typedef struct U64Set {
    uint64_t *slot; /* key + 1; 0 = empty */
    size_t used;
} U64Set;

/* True when key was new (and is now in the set). */
static bool set_add(U64Set *s, uint64_t key)
{
    size_t cap = (size_t)1 << SET_BITS;
    if (s->used * 2 >= cap)
        return false;
    uint64_t k = key + 1;
    size_t i = (size_t)((k * UINT64_C(0x9E3779B97F4A7C15)) >> (64 - SET_BITS));
    while (s->slot[i]) {
        if (s->slot[i] == k)
            return false;
        i = (i + 1) & (cap - 1);
    }
    s->slot[i] = k;
    s->used++;
    return true;
}

/* ---- word lists for synthetic names ------------------------------------ */

/* Common surnames, most frequent first (the picker favours the head). */
static const char *const k_surnames[] = {
    "王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡",
    "郭", "何", "高", "林", "罗", "郑", "梁", "谢", "宋", "唐", "许", "韩", "冯", "邓", "曹",
    "彭", "曾", "肖", "田", "董", "袁", "潘", "蒋", "蔡", "余", "杜", "叶", "程", "苏", "魏",
    "吕", "丁", "任", "沈", "姚", "卢", "姜", "钟", "谭", "陆", "范", "石", "廖", "贾", "夏",
    "付", "方", "邹", "熊", "秦", "江", "尹", "雷", "龙", "陶", "贺", "顾", "龚", "邵", "严",
    "向", "汤", "文", "税", "鄢",
};
#define N_SURNAMES ((int)(sizeof k_surnames / sizeof k_surnames[0]))

static const char *const k_given_m[] = {
    "伟", "强", "军", "勇", "杰", "涛", "斌", "明", "超", "刚", "平", "辉", "鹏", "华", "飞",
    "鑫", "波", "宇", "浩", "凯", "健", "俊", "帆", "旭", "宁", "龙", "林", "洋", "磊", "成",
    "建", "国", "志", "文", "德", "海", "春", "东", "福", "荣", "祥", "松", "毅", "峰", "亮",
    "川", "蜀", "锦", "山", "安", "庆", "忠", "永", "兴", "智", "远", "博", "晨", "阳", "睿",
};
static const char *const k_given_f[] = {
    "芳", "娜", "敏", "静", "丽", "艳", "娟", "霞", "秀", "玲", "桂", "英", "萍", "红", "燕",
    "梅", "琳", "雪", "慧", "婷", "倩", "莉", "兰", "凤", "洁", "琴", "云", "颖", "欣", "怡",
    "佳", "悦", "妍", "蓉", "露", "瑶", "淑", "珍", "华", "玉", "芬", "莹", "晓", "雯", "月",
};
#define N_GIVEN_M ((int)(sizeof k_given_m / sizeof k_given_m[0]))
#define N_GIVEN_F ((int)(sizeof k_given_f / sizeof k_given_f[0]))

/* Streets around 合江亭 for the synthetic compound names. */
static const char *const k_streets[] = {
    "锦官驿巷", "合江亭路", "东门街", "水井街", "双槐树街", "上河坝街", "下河坝街", "新南路",
    "滨江东路", "交子街", "望江路", "九眼桥路", "东安南路", "青莲上街", "黄伞巷", "星桥街",
};
#define N_STREETS ((int)(sizeof k_streets / sizeof k_streets[0]))
static const char *const k_compound_suffix[] = {"号", "号院", "号大院", "号小区"};

/* Chengdu district codes for people registered in town; other Sichuan
 * county codes for people who came from elsewhere (floating). */
static const char *const k_region_local[] = {"510104", "510105", "510106", "510107", "510108"};
static const char *const k_region_far[] = {
    "510112", "510121", "510322", "510421", "510504", "510681", "510722", "510824", "510903",
    "511011", "511102", "511303", "511421", "511521", "511623", "511702", "511802", "511902",
    "512002", "513221", "513401", "510184", "510129", "511304",
};
#define N_REGION_LOCAL ((int)(sizeof k_region_local / sizeof k_region_local[0]))
#define N_REGION_FAR ((int)(sizeof k_region_far / sizeof k_region_far[0]))

static const char *const k_property_names[] = {
    "锦程", "蓉安", "天府嘉园", "合力", "安居乐", "川信", "锦华", "东湖", "益民", "金桥",
    "和美", "恒信", "兴蓉", "华西", "瑞丰", "康宁",
};

static const char *const k_shop_prefix[] = {
    "老成都", "蓉城", "锦江", "合江", "水井坊", "东门", "巴蜀", "天府", "川味", "好邻居",
    "红旗", "舒心", "便民", "阿福", "老街坊", "春熙", "九眼桥", "望江", "兴隆", "吉祥",
    "小巷", "安顺", "惠民", "乐家", "金沙", "芙蓉", "竹林", "桂花", "新南", "河畔",
};
static const struct {
    const char *noun, *category;
} k_shop_kinds[] = {
    {"面馆", "餐饮"}, {"小吃", "餐饮"}, {"茶馆", "餐饮"}, {"火锅", "餐饮"}, {"串串", "餐饮"},
    {"早餐店", "餐饮"}, {"便利店", "零售"}, {"水果店", "零售"}, {"菜店", "零售"}, {"烟酒店", "零售"},
    {"五金店", "零售"}, {"花店", "零售"}, {"书店", "零售"}, {"药房", "医药"}, {"诊所", "医药"},
    {"理发店", "生活服务"}, {"干洗店", "生活服务"}, {"家电维修", "生活服务"}, {"开锁修鞋", "生活服务"},
    {"快递驿站", "生活服务"},
};
#define N_SHOP_PREFIX ((int)(sizeof k_shop_prefix / sizeof k_shop_prefix[0]))
#define N_SHOP_KINDS ((int)(sizeof k_shop_kinds / sizeof k_shop_kinds[0]))

static const char *const k_cn_num[] = {"一", "二", "三", "四", "五", "六", "七", "八", "九", "十",
                                       "十一", "十二", "十三"};

/* ---- the plan: the whole community in memory, before any row is written,
 * so exact totals (persons, floating) can be reached by small corrections. */

enum { H_OWNED, H_RENTED, H_PUBLIC, H_VACANT };
static const char *const k_housing[] = {"owned", "rented", "public", "vacant"};
enum { M_PROPERTY, M_UNIT, M_RESIDENTS };
static const char *const k_managed[] = {"property", "unit", "residents"};
enum { P_YOUNG, P_MIDDLE, P_ELDER };
enum { T_LIVES_ALONE = 1, T_DISABLED = 2, T_LOW_INCOME = 4, T_PARTY = 8 };

typedef struct PPerson {
    int hh;
    char name[16];
    char gender;
    bool floating;
    int birth_year;
    const char *relation;
    char id[19];
    char phone[12]; /* "" when none */
    unsigned tags;
} PPerson;

typedef struct PHouse {
    int unit;
    int compound;
    char door[24];
    int64_t area;
    int housing;
    int first, n; /* persons */
    int owner;    /* index into idents, -1 for none (public housing: no owner on the register) */
    int64_t db_id;
} PHouse;

typedef struct PUnit {
    int building;
    char name[24];
    int first_hh, n_hh;
    int64_t db_id;
} PUnit;

typedef struct PBuilding {
    int compound;
    char name[24];
    int first_unit, n_units;
    int64_t db_id;
} PBuilding;

typedef struct PCompound {
    int micro;
    char name[64];
    char address[96];
    int managed;
    int built_year;
    bool pilot, developer;
    int n_hh;
    int first_building, n_buildings;
    int first_hh;
    int64_t db_id;
} PCompound;

typedef struct PMicro {
    int grid;
    char name[64];
    int sort;
    int64_t db_id;
} PMicro;

/* Someone who owns flats: a resident (person >= 0), an outside landlord or
 * absent owner, or the developer. */
typedef struct PIdent {
    char name[64];
    char id[19];
    char phone[12];
    int person;
    bool developer;
    int units;
    char key[96];  /* the owner key, once sealed for writing */
} PIdent;

typedef struct Plan {
    Rng rng;
    PMicro micro[MAX_MICRO];
    int n_micro;
    PCompound comp[N_COMPOUNDS];
    int n_comp;
    PBuilding *bld;
    int n_bld;
    PUnit *unit;
    int n_unit;
    PHouse *hh;
    int n_hh;
    PPerson *per;
    int n_per;
    PIdent *ident;
    int n_ident;
    U64Set ids, phones;
    int compounds_per_grid[N_GRIDS];
} Plan;

static int pick_surname(Rng *r)
{
    /* The square of a uniform favours the common names at the head. */
    uint64_t u = rng_next(r) >> 32;
    uint64_t sq = (u * u) >> 32;
    return (int)((sq * (uint64_t)N_SURNAMES) >> 32);
}

static void make_name(Rng *r, int surname, char gender, char *out, size_t outlen)
{
    const char *const *given = gender == 'M' ? k_given_m : k_given_f;
    int n = gender == 'M' ? N_GIVEN_M : N_GIVEN_F;
    if (rng_chance(r, 300))
        snprintf(out, outlen, "%s%s", k_surnames[surname], given[rng_range(r, 0, n - 1)]);
    else
        snprintf(out, outlen, "%s%s%s", k_surnames[surname], given[rng_range(r, 0, n - 1)],
                 given[rng_range(r, 0, n - 1)]);
}

/* A GB 11643 number for someone born in birth_year, unique in the demo. */
static bool make_id(Plan *p, const char *region, int birth_year, char gender, char out[19])
{
    for (int tries = 0; tries < 64; tries++) {
        int month = rng_range(&p->rng, 1, 12), day = rng_range(&p->rng, 1, 28);
        /* The sequence's last digit is odd for men, even for women. */
        int seq = rng_range(&p->rng, 0, 498) * 2 + (gender == 'M' ? 1 : 2);
        char first[32];
        snprintf(first, sizeof first, "%s%04d%02d%02d%03d", region, birth_year, month, day, seq);
        if (strlen(first) != 17 || !set_add(&p->ids, strtoull(first, NULL, 10)))
            continue;
        memcpy(out, first, 17);
        out[17] = pii_id_check_char(first);
        out[18] = '\0';
        return out[17] != 0;
    }
    return false;
}

/* A mobile number 1[3-9]XXXXXXXXX, unique in the demo. */
static bool make_phone(Plan *p, char out[12])
{
    for (int tries = 0; tries < 64; tries++) {
        uint64_t v = 10000000000ULL + (uint64_t)rng_range(&p->rng, 3, 9) * 1000000000ULL +
                     (uint64_t)rng_range(&p->rng, 0, 999999999);
        if (!set_add(&p->phones, v))
            continue;
        snprintf(out, 12, "%" PRIu64, v);
        return true;
    }
    return false;
}

/* ---- layout: grids, micro-grids, compounds, buildings, units, doors ----- */

static void name_compound(Plan *p, PCompound *c)
{
    for (;;) {
        const char *street = k_streets[rng_range(&p->rng, 0, N_STREETS - 1)];
        int num = rng_range(&p->rng, 1, 99);
        const char *suffix = k_compound_suffix[rng_range(&p->rng, 0, 3)];
        char addr[96];
        snprintf(addr, sizeof addr, "锦江区%s%d号", street, num);
        bool taken = false;
        for (int i = 0; i < p->n_comp; i++)
            if (strcmp(p->comp[i].address, addr) == 0)
                taken = true;
        if (taken)
            continue;
        snprintf(c->name, sizeof c->name, "%s%d%s", street, num, suffix);
        snprintf(c->address, sizeof c->address, "%s", addr);
        return;
    }
}

/* Household counts of the non-pilot compounds: 60..400 each, summing to the
 * community total minus the pilot. */
static void spread_households(Plan *p, int *counts, int n, int total)
{
    int sum = 0;
    for (int i = 0; i < n; i++) {
        counts[i] = rng_range(&p->rng, 60, 400);
        sum += counts[i];
    }
    for (int i = 0; i < n; i++)
        counts[i] = 60 + (int)((int64_t)(counts[i] - 60) * (total - 60 * n) / (sum - 60 * n));
    sum = 0;
    for (int i = 0; i < n; i++)
        sum += counts[i];
    while (sum != total) {
        int i = rng_range(&p->rng, 0, n - 1);
        if (sum < total && counts[i] < 400) {
            counts[i]++;
            sum++;
        } else if (sum > total && counts[i] > 60) {
            counts[i]--;
            sum--;
        }
    }
}

static void add_unit_households(Plan *p, int ci, int unit, int n, int doors_per_floor)
{
    PUnit *u = &p->unit[unit];
    u->first_hh = p->n_hh;
    u->n_hh = n;
    for (int i = 0; i < n; i++) {
        PHouse *h = &p->hh[p->n_hh++];
        memset(h, 0, sizeof *h);
        h->unit = unit;
        h->compound = ci;
        h->owner = -1;
        snprintf(h->door, sizeof h->door, "%d%02d", i / doors_per_floor + 1, i % doors_per_floor + 1);
    }
}

static int add_building(Plan *p, int ci, int number)
{
    PBuilding *b = &p->bld[p->n_bld];
    b->compound = ci;
    snprintf(b->name, sizeof b->name, "%d栋", number);
    b->first_unit = p->n_unit;
    b->n_units = 0;
    return p->n_bld++;
}

static int add_unit(Plan *p, int bi)
{
    PBuilding *b = &p->bld[bi];
    PUnit *u = &p->unit[p->n_unit];
    u->building = bi;
    snprintf(u->name, sizeof u->name, "%d单元", b->n_units + 1);
    b->n_units++;
    return p->n_unit++;
}

/* The pilot as DOMAIN.md describes it: three compounds, 10 unit buildings,
 * 139 households, two doors a floor on six or seven floors. */
static const struct {
    const char *name, *address;
    int building_no;
    int buildings;
    int units[2][3]; /* households per unit, per building (0 = no unit) */
} k_pilot[N_PILOT] = {
    {"学道苑·东南里7号", "锦江区东南里7号", 1, 2, {{14, 14, 0}, {14, 14, 0}}},
    {"学道苑·拱背桥25号1栋", "锦江区拱背桥25号", 1, 1, {{14, 14, 14}, {0, 0, 0}}},
    {"学道苑·拱背桥25号2栋", "锦江区拱背桥25号", 2, 1, {{14, 14, 13}, {0, 0, 0}}},
};

static void layout_compound_buildings(Plan *p, int ci)
{
    PCompound *c = &p->comp[ci];
    c->first_building = p->n_bld;
    c->first_hh = p->n_hh;
    int doors = rng_chance(&p->rng, c->built_year >= 1992 ? 500 : 200) ? 3 : 2;
    int floors = rng_range(&p->rng, 5, 7);
    int per_bld = rng_range(&p->rng, 1, 4);
    int cap = per_bld * floors * doors;
    int nb = (c->n_hh + cap - 1) / cap;
    int nunits = nb * per_bld;
    int base = c->n_hh / nunits, extra = c->n_hh % nunits, k = 0;
    for (int b = 0; b < nb; b++) {
        int bi = add_building(p, ci, b + 1);
        for (int u = 0; u < per_bld; u++, k++) {
            int ui = add_unit(p, bi);
            add_unit_households(p, ci, ui, base + (k < extra ? 1 : 0), doors);
        }
    }
    c->n_buildings = p->n_bld - c->first_building;
}

static void layout_pilot_buildings(Plan *p, int ci, int which)
{
    PCompound *c = &p->comp[ci];
    c->first_building = p->n_bld;
    c->first_hh = p->n_hh;
    for (int b = 0; b < k_pilot[which].buildings; b++) {
        int bi = add_building(p, ci, k_pilot[which].building_no + b);
        for (int u = 0; u < 3 && k_pilot[which].units[b][u]; u++) {
            int ui = add_unit(p, bi);
            add_unit_households(p, ci, ui, k_pilot[which].units[b][u], 2);
        }
    }
    c->n_buildings = p->n_bld - c->first_building;
}

static void layout(Plan *p)
{
    Rng *r = &p->rng;
    /* Compounds per grid: the pilot grid holds the three pilot compounds;
     * the other ten share 35, five grids with 4 and five with 3. */
    int four = 0;
    for (int g = 0; g < N_GRIDS; g++) {
        if (g == PILOT_GRID) {
            p->compounds_per_grid[g] = N_PILOT;
            continue;
        }
        int left_grids = 0;
        for (int h = g; h < N_GRIDS; h++)
            if (h != PILOT_GRID)
                left_grids++;
        int need_four = 5 - four;
        bool take = need_four >= left_grids || (need_four > 0 && rng_chance(r, 500));
        p->compounds_per_grid[g] = take ? 4 : 3;
        four += take;
    }

    int others[N_COMPOUNDS - N_PILOT];
    spread_households(p, others, N_COMPOUNDS - N_PILOT, TOTAL_HH - PILOT_HH);

    /* Which of the 35 others have a property company: 14 of them. */
    bool property[N_COMPOUNDS - N_PILOT] = {0};
    for (int n = 0; n < N_PROPERTY;) {
        int i = rng_range(r, 0, N_COMPOUNDS - N_PILOT - 1);
        if (!property[i]) {
            property[i] = true;
            n++;
        }
    }
    int developer = -1;

    int other = 0;
    for (int g = 0; g < N_GRIDS; g++) {
        int nc = p->compounds_per_grid[g];
        if (g == PILOT_GRID) {
            for (int k = 0; k < N_PILOT; k++) {
                PMicro *m = &p->micro[p->n_micro];
                m->grid = g;
                m->sort = k + 1;
                snprintf(m->name, sizeof m->name, "第%d网格第%d微网格", g + 1, k + 1);
                PCompound *c = &p->comp[p->n_comp];
                memset(c, 0, sizeof *c);
                c->micro = p->n_micro++;
                snprintf(c->name, sizeof c->name, "%s", k_pilot[k].name);
                snprintf(c->address, sizeof c->address, "%s", k_pilot[k].address);
                c->managed = M_RESIDENTS;
                c->built_year = rng_range(r, 1981, 1988);
                c->pilot = true;
                layout_pilot_buildings(p, p->n_comp, k);
                c->n_hh = p->n_hh - c->first_hh;
                p->n_comp++;
            }
            continue;
        }
        /* 2..min(5, nc) micro-grids, each with 1..3 compounds. */
        int nm = rng_range(r, 2, nc < 5 ? nc : 5);
        int per[5] = {1, 1, 1, 1, 1};
        for (int left = nc - nm; left > 0;) {
            int i = rng_range(r, 0, nm - 1);
            if (per[i] < 3) {
                per[i]++;
                left--;
            }
        }
        for (int k = 0; k < nm; k++) {
            PMicro *m = &p->micro[p->n_micro];
            m->grid = g;
            m->sort = k + 1;
            snprintf(m->name, sizeof m->name, "第%d网格第%d微网格", g + 1, k + 1);
            int mi = p->n_micro++;
            for (int j = 0; j < per[k]; j++, other++) {
                PCompound *c = &p->comp[p->n_comp];
                memset(c, 0, sizeof *c);
                c->micro = mi;
                name_compound(p, c);
                if (property[other]) {
                    c->managed = M_PROPERTY;
                    c->built_year = rng_range(r, 1988, 2000);
                    if (developer < 0 && rng_chance(r, 400)) {
                        developer = p->n_comp;
                        c->developer = true;
                        c->built_year = rng_range(r, 1997, 2000);
                    }
                } else {
                    c->managed = rng_chance(r, 480) ? M_UNIT : M_RESIDENTS;
                    c->built_year = rng_range(r, 1980, 1996);
                }
                c->n_hh = others[other];
                layout_compound_buildings(p, p->n_comp);
                p->n_comp++;
            }
        }
    }
    if (developer < 0) {
        /* No property compound was picked on the way: take the last one. */
        for (int i = p->n_comp - 1; i >= 0 && developer < 0; i--)
            if (p->comp[i].managed == M_PROPERTY) {
                developer = i;
                p->comp[i].developer = true;
                p->comp[i].built_year = rng_range(r, 1997, 2000);
            }
    }
}

/* ---- housing, sizes and people ----------------------------------------- */

static void assign_housing(Plan *p)
{
    Rng *r = &p->rng;
    for (int ci = 0; ci < p->n_comp; ci++) {
        PCompound *c = &p->comp[ci];
        int base_area = rng_range(r, 5000, 8500);
        int dev_units = c->developer ? rng_range(r, 6, 10) : 0;
        for (int i = 0; i < c->n_hh; i++) {
            PHouse *h = &p->hh[c->first_hh + i];
            if (c->pilot) {
                h->housing = rng_chance(r, 860) ? H_OWNED : H_RENTED;
                h->area = rng_range(r, 5600, 6500);
                continue;
            }
            if (i >= c->n_hh - dev_units) {
                h->housing = H_VACANT;
            } else {
                static const int w_unit[4] = {250, 500, 200, 50};
                static const int w_other[4] = {340, 580, 35, 45};
                h->housing = rng_weighted(r, c->managed == M_UNIT ? w_unit : w_other, 4);
            }
            if (h->housing == H_PUBLIC)
                h->area = rng_range(r, 3800, 5600);
            else
                h->area = base_area + rng_range(r, -600, 600);
        }
    }
}

static int draw_size(Rng *r, int housing, bool pilot)
{
    static const int w_pilot[6] = {120, 300, 330, 180, 70, 0};
    static const int w_rented[6] = {250, 300, 270, 140, 40, 0};
    static const int w_owned[6] = {120, 330, 300, 170, 60, 20};
    if (housing == H_VACANT)
        return 0;
    const int *w = pilot ? w_pilot : housing == H_RENTED ? w_rented : w_owned;
    return rng_weighted(r, w, 6) + 1;
}

/* Draws every household's size, then nudges random households by one person
 * until the pilot and the rest reach their exact totals. */
static bool assign_sizes(Plan *p, int *size)
{
    Rng *r = &p->rng;
    int sum[2] = {0, 0};
    for (int i = 0; i < p->n_hh; i++) {
        bool pilot = p->comp[p->hh[i].compound].pilot;
        size[i] = draw_size(r, p->hh[i].housing, pilot);
        sum[pilot] += size[i];
    }
    const int want[2] = {TOTAL_PERSONS - PILOT_PERSONS, PILOT_PERSONS};
    for (int guard = 0; (sum[0] != want[0] || sum[1] != want[1]) && guard < 10000000; guard++) {
        int i = rng_range(r, 0, p->n_hh - 1);
        bool pilot = p->comp[p->hh[i].compound].pilot;
        if (size[i] == 0)
            continue;
        if (sum[pilot] < want[pilot] && size[i] < MAX_PERSONS_PER_HH) {
            size[i]++;
            sum[pilot]++;
        } else if (sum[pilot] > want[pilot] && size[i] > 1) {
            size[i]--;
            sum[pilot]--;
        }
    }
    return sum[0] == want[0] && sum[1] == want[1];
}

static int clamp(int v, int lo, int hi)
{
    return v < lo ? lo : v > hi ? hi : v;
}

static void add_person(Plan *p, int hh, int surname, char gender, int age, const char *relation)
{
    PPerson *x = &p->per[p->n_per++];
    memset(x, 0, sizeof *x);
    x->hh = hh;
    x->gender = gender;
    x->birth_year = DEMO_YEAR - clamp(age, 1, 99);
    x->relation = relation;
    make_name(&p->rng, surname, gender, x->name, sizeof x->name);
}

static char other_gender(char g)
{
    return g == 'M' ? 'F' : 'M';
}

/* One household of n people: a head, usually a spouse, then children,
 * parents or grandchildren by the household's generation; tenants in a
 * shared flat are unrelated. */
static void compose(Plan *p, int hi, int n)
{
    Rng *r = &p->rng;
    PHouse *h = &p->hh[hi];
    bool pilot = p->comp[h->compound].pilot;
    bool rented = h->housing == H_RENTED;
    h->first = p->n_per;
    h->n = n;
    if (n == 0)
        return;
    static const int w_rented[3] = {700, 250, 50};
    static const int w_pilot[3] = {50, 400, 550};
    static const int w_owned[3] = {250, 350, 400};
    int prof = rng_weighted(r, rented ? w_rented : pilot ? w_pilot : w_owned, 3);
    if (n == 1 && !rented && rng_chance(r, 600))
        prof = P_ELDER;
    int head_age = prof == P_YOUNG    ? rng_range(r, 23, 42)
                   : prof == P_MIDDLE ? rng_range(r, 43, 62)
                                      : rng_range(r, 63, 90);
    char head_g = rng_chance(r, 620) ? 'M' : 'F';
    int head_sur = pick_surname(r), family_sur = head_sur;
    add_person(p, hi, head_sur, head_g, head_age, rented ? "租户" : "户主");
    int left = n - 1;
    bool shared = rented && prof == P_YOUNG && rng_chance(r, 300);
    if (left > 0 && !shared && rng_chance(r, 850)) {
        int sur = pick_surname(r);
        if (head_g == 'F')
            family_sur = sur;
        add_person(p, hi, sur, other_gender(head_g), clamp(head_age + rng_range(r, -4, 4), 20, 95), "配偶");
        left--;
    }
    int kids = 0, parents = 0, youngest_kid = head_age;
    for (int slot = 0; left > 0; slot++, left--) {
        if (shared) {
            add_person(p, hi, pick_surname(r), rng_chance(r, 500) ? 'M' : 'F', rng_range(r, 19, 40), "租户");
            continue;
        }
        bool want_parent = prof != P_ELDER && parents < 2 && (slot % 2 == 1 || kids >= 2);
        if (want_parent) {
            char g = parents == 0 ? 'M' : 'F';
            int sur = g == 'M' ? head_sur : pick_surname(r);
            add_person(p, hi, sur, g, clamp(head_age + rng_range(r, 22, 30), 40, 98), "父母");
            parents++;
        } else if (prof == P_ELDER && kids >= 2 && youngest_kid >= 38) {
            add_person(p, hi, family_sur, rng_chance(r, 500) ? 'M' : 'F',
                       rng_range(r, 1, clamp(youngest_kid - 22, 1, 20)), "孙子女");
        } else {
            int age = prof == P_YOUNG ? rng_range(r, 1, clamp(head_age - 22, 1, 18))
                                      : clamp(head_age - rng_range(r, 22, 34), 1, 70);
            add_person(p, hi, family_sur, rng_chance(r, 500) ? 'M' : 'F', age, "子女");
            if (age < youngest_kid)
                youngest_kid = age;
            kids++;
        }
    }
}

static void shuffle_ints(Rng *r, int *a, int n)
{
    for (int i = n - 1; i > 0; i--) {
        int j = rng_range(r, 0, i);
        int t = a[i];
        a[i] = a[j];
        a[j] = t;
    }
}

/* Tenants are floating; some owner families (flat bought, registered
 * elsewhere) too; then single people in owned or public flats outside the
 * pilot change status until the community total is exact. */
static bool assign_residency(Plan *p)
{
    Rng *r = &p->rng;
    int floating = 0;
    for (int i = 0; i < p->n_hh; i++) {
        PHouse *h = &p->hh[i];
        bool pilot = p->comp[h->compound].pilot;
        bool fl = h->housing == H_RENTED ||
                  (!pilot && h->housing == H_OWNED && rng_chance(r, 300)) ||
                  (!pilot && h->housing == H_PUBLIC && rng_chance(r, 80));
        for (int k = 0; k < h->n; k++) {
            PPerson *x = &p->per[h->first + k];
            x->floating = fl || (pilot && !fl && rng_chance(r, 20));
            floating += x->floating;
        }
    }
    int need = TOTAL_FLOATING - floating;
    if (need == 0)
        return true;
    bool to_floating = need > 0;
    int want = need > 0 ? need : -need;
    int *cand = malloc(sizeof *cand * (size_t)p->n_per);
    if (!cand)
        return false;
    int nc = 0;
    for (int i = 0; i < p->n_per; i++) {
        const PHouse *h = &p->hh[p->per[i].hh];
        if (!p->comp[h->compound].pilot && h->housing != H_RENTED && p->per[i].floating != to_floating)
            cand[nc++] = i;
    }
    bool ok = nc >= want;
    if (ok) {
        shuffle_ints(r, cand, nc);
        for (int i = 0; i < want; i++)
            p->per[cand[i]].floating = to_floating;
    }
    free(cand);
    return ok;
}

static int age_of(const PPerson *x)
{
    return DEMO_YEAR - x->birth_year;
}

static bool assign_ids_phones_tags(Plan *p)
{
    Rng *r = &p->rng;
    const char *home = "510104";
    for (int i = 0; i < p->n_per; i++) {
        PPerson *x = &p->per[i];
        const PHouse *h = &p->hh[x->hh];
        /* A family mostly comes from one place: the head's birthplace is
         * drawn, the others share it three times in four. */
        bool draw = h->first == i || rng_chance(r, 250);
        const char *region = home;
        if (draw) {
            if (x->floating ? rng_chance(r, 750) : rng_chance(r, 150))
                region = k_region_far[rng_range(r, 0, N_REGION_FAR - 1)];
            else
                region = rng_chance(r, 800) ? "510104" : k_region_local[rng_range(r, 0, N_REGION_LOCAL - 1)];
        }
        if (h->first == i)
            home = region;
        if (!make_id(p, region, x->birth_year, x->gender, x->id))
            return false;
        int age = age_of(x);
        int has_phone = age < 14 ? 0 : age < 70 ? 950 : age < 80 ? 700 : 400;
        if (rng_chance(r, has_phone) && !make_phone(p, x->phone))
            return false;
        if (h->n == 1 && age >= 70)
            x->tags |= T_LIVES_ALONE;
        if (rng_chance(r, age >= 70 ? 40 : 6))
            x->tags |= T_DISABLED;
        if (h->first == i && h->housing != H_RENTED && rng_chance(r, 25))
            x->tags |= T_LOW_INCOME;
    }
    /* Party members: as many tagged residents as the branches count. */
    int *cand = malloc(sizeof *cand * (size_t)p->n_per);
    if (!cand)
        return false;
    int nc = 0;
    for (int i = 0; i < p->n_per; i++)
        if (age_of(&p->per[i]) >= 25)
            cand[nc++] = i;
    bool ok = nc >= PARTY_MEMBERS;
    if (ok) {
        shuffle_ints(r, cand, nc);
        for (int i = 0; i < PARTY_MEMBERS; i++)
            p->per[cand[i]].tags |= T_PARTY;
    }
    free(cand);
    return ok;
}

static int new_ident(Plan *p)
{
    PIdent *o = &p->ident[p->n_ident];
    memset(o, 0, sizeof *o);
    o->person = -1;
    return p->n_ident++;
}

static bool outside_owner(Plan *p, int *out)
{
    Rng *r = &p->rng;
    int oi = new_ident(p);
    PIdent *o = &p->ident[oi];
    char g = rng_chance(r, 550) ? 'M' : 'F';
    make_name(r, pick_surname(r), g, o->name, sizeof o->name);
    const char *region = rng_chance(r, 700) ? k_region_local[rng_range(r, 0, N_REGION_LOCAL - 1)]
                                            : k_region_far[rng_range(r, 0, N_REGION_FAR - 1)];
    if (!make_id(p, region, DEMO_YEAR - rng_range(r, 35, 80), g, o->id))
        return false;
    if (rng_chance(r, 800) && !make_phone(p, o->phone))
        return false;
    *out = oi;
    return true;
}

/* Owners: a resident owns their flat; rented flats belong to outside
 * landlords or to residents who own a second or third flat; vacant flats
 * to absent owners or, in one compound, to the developer. Public housing
 * has no private owner. */
static bool assign_owners(Plan *p)
{
    Rng *r = &p->rng;
    int developer = -1;
    int *resident_owner = malloc(sizeof *resident_owner * (size_t)p->n_hh);
    if (!resident_owner)
        return false;
    int *pilot_owner = malloc(sizeof *pilot_owner * (size_t)p->n_hh);
    if (!pilot_owner) {
        free(resident_owner);
        return false;
    }
    int n_ro = 0, n_po = 0;
    /* Residents first, so landlords can be drawn from them. */
    for (int i = 0; i < p->n_hh; i++) {
        PHouse *h = &p->hh[i];
        if (h->housing != H_OWNED || h->n == 0)
            continue;
        int oi = new_ident(p);
        PIdent *o = &p->ident[oi];
        const PPerson *head = &p->per[h->first];
        snprintf(o->name, sizeof o->name, "%s", head->name);
        memcpy(o->id, head->id, sizeof o->id);
        memcpy(o->phone, head->phone, sizeof o->phone);
        o->person = h->first;
        o->units = 1;
        h->owner = oi;
        if (p->comp[h->compound].pilot)
            pilot_owner[n_po++] = oi;
        else
            resident_owner[n_ro++] = oi;
    }
    int *landlords = malloc(sizeof *landlords * (size_t)p->n_hh);
    if (!landlords) {
        free(pilot_owner);
        free(resident_owner);
        return false;
    }
    int n_ll = 0;
    bool ok = true;
    for (int i = 0; i < p->n_hh && ok; i++) {
        PHouse *h = &p->hh[i];
        const PCompound *c = &p->comp[h->compound];
        if (h->housing == H_OWNED || h->housing == H_PUBLIC)
            continue;
        if (h->housing == H_VACANT && c->developer) {
            if (developer < 0) {
                developer = new_ident(p);
                /* named, as the register must: each developer is one owner of its compound */
                snprintf(p->ident[developer].name, sizeof p->ident[developer].name, "%s", DEMO_DEVELOPER);
                p->ident[developer].developer = true;
            }
            h->owner = developer;
            p->ident[developer].units++;
            continue;
        }
        int oi = -1;
        if (h->housing == H_RENTED) {
            /* Pilot landlords are mostly pilot owners, so a pilot vote has
             * owners of several flats to count once. */
            const int *pool = c->pilot ? pilot_owner : resident_owner;
            int n_pool = c->pilot ? n_po : n_ro;
            if (n_pool > 0 && rng_chance(r, c->pilot ? 200 : 30)) {
                int pick = pool[rng_range(r, 0, n_pool - 1)];
                if (p->ident[pick].units < 3)
                    oi = pick;
            }
            if (oi < 0 && n_ll > 0 && rng_chance(r, 15)) {
                int pick = landlords[rng_range(r, 0, n_ll - 1)];
                if (p->ident[pick].units < 3)
                    oi = pick;
            }
        }
        if (oi < 0) {
            if (!outside_owner(p, &oi)) {
                ok = false;
                break;
            }
            landlords[n_ll++] = oi;
        }
        p->ident[oi].units++;
        h->owner = oi;
    }
    free(landlords);
    free(pilot_owner);
    free(resident_owner);
    return ok;
}

static bool plan_build(Plan *p, uint64_t seed, char *err, size_t errlen)
{
    memset(p, 0, sizeof *p);
    rng_seed(&p->rng, seed);
    p->bld = calloc(TOTAL_HH, sizeof *p->bld);
    p->unit = calloc(TOTAL_HH, sizeof *p->unit);
    p->hh = calloc(TOTAL_HH, sizeof *p->hh);
    p->per = calloc(TOTAL_PERSONS, sizeof *p->per);
    p->ident = calloc(TOTAL_HH + 1, sizeof *p->ident);
    p->ids.slot = calloc((size_t)1 << SET_BITS, sizeof *p->ids.slot);
    p->phones.slot = calloc((size_t)1 << SET_BITS, sizeof *p->phones.slot);
    int *size = calloc(TOTAL_HH, sizeof *size);
    if (!p->bld || !p->unit || !p->hh || !p->per || !p->ident || !p->ids.slot || !p->phones.slot || !size) {
        free(size);
        snprintf(err, errlen, "demo: out of memory");
        return false;
    }
    layout(p);
    assign_housing(p);
    bool ok = p->n_hh == TOTAL_HH && p->n_comp == N_COMPOUNDS && assign_sizes(p, size);
    if (ok) {
        for (int i = 0; i < p->n_hh; i++)
            compose(p, i, size[i]);
        ok = p->n_per == TOTAL_PERSONS;
    }
    free(size);
    ok = ok && assign_residency(p) && assign_ids_phones_tags(p) && assign_owners(p);
    if (!ok)
        snprintf(err, errlen, "demo: the generator could not meet the community's figures with seed %" PRIu64, seed);
    return ok;
}

static void plan_free(Plan *p)
{
    free(p->bld);
    free(p->unit);
    free(p->hh);
    free(p->per);
    free(p->ident);
    free(p->ids.slot);
    free(p->phones.slot);
}

/* ---- writing ------------------------------------------------------------ */

typedef struct DemoCtx {
    Db *db;
    Plan *p;
    char *err;
    size_t errlen;
    bool failed;
    DemoStats st;
    Ctx gc;         /* the models' context: the system itself, at DEMO_TIME */
    GridBulk *bulk; /* the register's rows, written 16 to a statement */
} DemoCtx;

static bool fail(DemoCtx *c, const char *what)
{
    if (!c->failed)
        snprintf(c->err, c->errlen, "demo: %s: %s", what, db_errmsg(c->db));
    c->failed = true;
    return false;
}

static bool fail_msg(DemoCtx *c, const char *msg)
{
    if (!c->failed)
        snprintf(c->err, c->errlen, "demo: %s", msg);
    c->failed = true;
    return false;
}

/* Inserts a node with an empty path; put_paths() fills every path at the end. */
static int64_t put_node(DemoCtx *c, int64_t parent, const char *kind, const char *name, const char *code, int sort)
{
    int64_t id = 0;
    if (c->failed)
        return 0;
    if (!grid_build_node(&c->gc, parent, kind, name, code, sort, &id, NULL)) {
        fail(c, "insert node");
        return 0;
    }
    return id;
}

static bool put_paths(DemoCtx *c)
{
    return grid_build_paths(&c->gc, NULL) || fail(c, "set paths");
}

/* An ID number or phone sealed, masked and hashed as the register does it
 * (grid/household.c), in the models' arena. */
static bool seal(DemoCtx *c, const char *value, bool is_id, GridPii *s)
{
    return grid_pii_seal(&c->gc, value, is_id, s, NULL) || fail_msg(c, "encrypting personal data failed");
}

static bool put_person(DemoCtx *c, const PPerson *x, int64_t household_id)
{
    char tags[96] = "";
    static const struct {
        unsigned bit;
        const char *name;
    } tag_names[] = {{T_LIVES_ALONE, "lives_alone"}, {T_DISABLED, "disabled"},
                     {T_LOW_INCOME, "low_income"}, {T_PARTY, "party_member"}};
    for (size_t i = 0; i < sizeof tag_names / sizeof tag_names[0]; i++) {
        if (!(x->tags & tag_names[i].bit))
            continue;
        if (tags[0])
            strcat(tags, ",");
        strcat(tags, tag_names[i].name);
    }
    GridPii id, ph;
    if (!seal(c, x->id, true, &id) || !seal(c, x->phone, false, &ph))
        return false;
    char g[2] = {x->gender, '\0'};
    PersonNew row = {household_id, x->name, g, x->birth_year, x->floating ? "floating" : "permanent", x->relation,
                     tags, id, ph};
    return grid_bulk_person(c->bulk, &row, NULL) || fail(c, "insert person");
}

static bool put_household(DemoCtx *c, PHouse *h, int64_t grid_id)
{
    Plan *p = c->p;
    const PUnit *u = &p->unit[h->unit];
    const PBuilding *b = &p->bld[u->building];
    const PCompound *cp = &p->comp[h->compound];
    h->db_id = put_node(c, u->db_id, "household", h->door, NULL, (int)(h - &p->hh[u->first_hh]) + 1);
    if (!h->db_id)
        return false;
    /* its flat, whose area is the one number votes and levies read */
    FlatRow flat = {u->db_id, cp->db_id, h->door, h->area, "register"};
    if (!grid_bulk_flat(c->bulk, &flat, NULL))
        return fail(c, "insert flat");
    /* "学道苑·拱背桥25号1栋" is itself a building: do not say "1栋" twice. */
    size_t cl = strlen(cp->name), bl = strlen(b->name);
    bool same = cl >= bl && strcmp(cp->name + cl - bl, b->name) == 0;
    char address[160];
    snprintf(address, sizeof address, "%s%s%s%s", cp->name, same ? "" : b->name, u->name, h->door);
    HouseholdNew row = {h->db_id, u->db_id, b->db_id, cp->db_id, grid_id, h->door, NULL, address,
                        k_housing[h->housing], NULL};
    if (!grid_bulk_household(c->bulk, &row, NULL))
        return fail(c, "insert household");
    for (int k = 0; k < h->n; k++)
        if (!put_person(c, &p->per[h->first + k], h->db_id))
            return false;
    /* the bulk copied the sealed values it holds */
    arena_reset(c->gc.arena);
    return true;
}

static bool put_tree(DemoCtx *c, int64_t community, int64_t *grid_ids)
{
    Plan *p = c->p;
    for (int g = 0; g < N_GRIDS; g++) {
        char name[32];
        snprintf(name, sizeof name, "第%d网格", g + 1);
        grid_ids[g] = put_node(c, community, "grid", name, NULL, g + 1);
    }
    for (int m = 0; m < p->n_micro; m++)
        p->micro[m].db_id = put_node(c, grid_ids[p->micro[m].grid], "micro_grid", p->micro[m].name, NULL, p->micro[m].sort);
    int sort_in_micro[MAX_MICRO] = {0};
    c->bulk = grid_bulk_new(&c->gc);
    if (!c->bulk)
        return fail_msg(c, "out of memory");
    for (int ci = 0; ci < p->n_comp && !c->failed; ci++) {
        PCompound *cp = &p->comp[ci];
        cp->db_id = put_node(c, p->micro[cp->micro].db_id, "compound", cp->name, NULL, ++sort_in_micro[cp->micro]);
        if (!cp->db_id)
            break;
        if (!grid_build_compound(&c->gc, cp->db_id, k_managed[cp->managed], cp->built_year, cp->address, NULL)) {
            fail(c, "insert compound");
            break;
        }
        int64_t grid_id = grid_ids[p->micro[cp->micro].grid];
        for (int bi = cp->first_building; bi < cp->first_building + cp->n_buildings; bi++) {
            PBuilding *b = &p->bld[bi];
            b->db_id = put_node(c, cp->db_id, "building", b->name, NULL, bi - cp->first_building + 1);
            for (int ui = b->first_unit; ui < b->first_unit + b->n_units; ui++) {
                PUnit *u = &p->unit[ui];
                u->db_id = put_node(c, b->db_id, "unit", u->name, NULL, ui - b->first_unit + 1);
                for (int hi = u->first_hh; hi < u->first_hh + u->n_hh && !c->failed; hi++)
                    put_household(c, &p->hh[hi], grid_id);
            }
        }
    }
    /* what is still queued: flats, households, then persons */
    if (!c->failed && !grid_bulk_flush(c->bulk, NULL))
        fail(c, "insert household");
    grid_bulk_free(c->bulk);
    c->bulk = NULL;
    c->st.compounds = p->n_comp;
    c->st.grids = N_GRIDS;
    c->st.micro_grids = p->n_micro;
    c->st.buildings = p->n_bld;
    c->st.units = p->n_unit;
    c->st.households = p->n_hh;
    c->st.persons = p->n_per;
    return !c->failed;
}

/* The owners of the flats, through the register's one writer of owners
 * (grid/flat.c): a person is one owner of all their flats, the developer
 * one owner of its unsold flats in its compound. */
static bool put_owners(DemoCtx *c)
{
    Plan *p = c->p;
    FlatPerson *people = calloc((size_t)p->n_ident + 1, sizeof *people);
    FlatOwnershipRow *owns = calloc((size_t)p->n_hh + 1, sizeof *owns);
    int n_people = 0, n_owns = 0;
    bool ok = people && owns;
    if (!ok)
        fail_msg(c, "out of memory");
    for (int i = 0; ok && i < p->n_hh; i++) {
        const PHouse *h = &p->hh[i];
        if (h->owner < 0)
            continue;
        PIdent *o = &p->ident[h->owner];
        if (!o->key[0]) {
            c->st.owners++;
            if (o->developer) {
                int64_t compound = p->comp[h->compound].db_id, owner_id;
                bool created;
                flat_developer_key(o->key, sizeof o->key, compound, o->name);
                ok = flat_owner_developer(c->db, compound, o->name, DEMO_TIME, &owner_id, &created) || fail(c, "insert developer");
            } else {
                GridPii id, ph;
                ok = seal(c, o->id, true, &id) && seal(c, o->phone, false, &ph);
                if (!ok)
                    break;
                snprintf(o->key, sizeof o->key, "%s", id.hash);
                people[n_people++] = (FlatPerson){o->name, o->key, id.enc, id.mask, ph.enc, ph.mask, 0};
            }
        }
        const PUnit *u = &p->unit[h->unit];
        owns[n_owns++] = (FlatOwnershipRow){u->db_id, h->door, o->key, 0};
    }
    ok = ok && (flat_owner_person_many(c->db, people, n_people, DEMO_TIME) || fail(c, "insert owner")) &&
         (flat_owner_add_many(c->db, owns, n_owns, DEMO_TIME) || fail(c, "insert ownership"));
    free(people);
    free(owns);
    arena_reset(c->gc.arena);
    if (!ok)
        return false;
    /* An owner who lives in the community is linked to their person row:
     * the owner key is the keyed hash of the same ID number. */
    if (!grid_build_link_owners(&c->gc, NULL))
        return fail(c, "link owners to residents");
    return true;
}

static bool put_shops(DemoCtx *c)
{
    Plan *p = c->p;
    Rng *r = &p->rng;
    bool used[N_SHOP_PREFIX][N_SHOP_KINDS];
    memset(used, 0, sizeof used);
    int frontage[N_COMPOUNDS] = {0};
    for (int s = 0; s < N_SHOPS; s++) {
        /* Bigger compounds have more shops along their frontage. */
        int x = rng_range(r, 0, TOTAL_HH - 1), ci = 0;
        while (ci < p->n_comp - 1 && x >= p->comp[ci].n_hh) {
            x -= p->comp[ci].n_hh;
            ci++;
        }
        const PCompound *cp = &p->comp[ci];
        int pre, kind;
        do {
            pre = rng_range(r, 0, N_SHOP_PREFIX - 1);
            kind = rng_range(r, 0, N_SHOP_KINDS - 1);
        } while (used[pre][kind]);
        used[pre][kind] = true;
        char name[64], address[128], contact[24], phone[12];
        snprintf(name, sizeof name, "%s%s", k_shop_prefix[pre], k_shop_kinds[kind].noun);
        /* Compounds that share a street address share its numbering. */
        int fi = ci;
        for (int k = 0; k < ci; k++)
            if (strcmp(p->comp[k].address, cp->address) == 0) {
                fi = k;
                break;
            }
        snprintf(address, sizeof address, "%s附%d号", cp->address, ++frontage[fi]);
        char g = rng_chance(r, 500) ? 'M' : 'F';
        make_name(r, pick_surname(r), g, contact, sizeof contact);
        if (!make_phone(p, phone))
            return fail_msg(c, "could not draw a unique phone number");
        int64_t node = cp->db_id;
        if (rng_chance(r, 400))
            node = p->bld[cp->first_building + rng_range(r, 0, cp->n_buildings - 1)].db_id;
        GridPii ph;
        if (!seal(c, phone, false, &ph))
            return false;
        ShopNew shop = {node, name, k_shop_kinds[kind].category, address, contact, ph};
        if (!grid_build_shop(&c->gc, &shop, NULL))
            return fail(c, "insert shop");
        c->st.shops++;
    }
    return true;
}

static int64_t put_org(DemoCtx *c, const char *kind, const char *name, int64_t node, int members)
{
    if (c->failed)
        return 0;
    int64_t id = 0;
    if (!grid_build_org(&c->gc, kind, name, node, members, &id, NULL)) {
        fail(c, "insert org");
        return 0;
    }
    c->st.orgs++;
    return id;
}

/* Orgs the demo accounts point at. */
typedef struct Orgs {
    int64_t first_branch, committee_dnl, first_property, property_compound, contractor, supervisor;
} Orgs;

static bool put_orgs(DemoCtx *c, int64_t community, const int64_t *grid_ids, Orgs *o)
{
    Plan *p = c->p;
    Rng *r = &p->rng;
    char name[128];
    memset(o, 0, sizeof *o);

    /* Resident groups: the pilot's one on its grid, the other twelve on
     * the other ten grids (two of them get a second group). */
    int hh_in_grid[N_GRIDS] = {0};
    for (int ci = 0; ci < p->n_comp; ci++)
        hh_in_grid[p->micro[p->comp[ci].micro].grid] += p->comp[ci].n_hh;
    int groups_in_grid[N_GRIDS];
    for (int g = 0; g < N_GRIDS; g++)
        groups_in_grid[g] = 1;
    groups_in_grid[1] = groups_in_grid[5] = 2;
    _Static_assert(N_RESIDENT_GROUPS == N_GRIDS + 2, "two grids hold a second resident group");
    int group_no = 0;
    for (int g = 0; g < N_GRIDS; g++) {
        for (int k = 0; k < groups_in_grid[g]; k++) {
            int members = hh_in_grid[g] / groups_in_grid[g];
            if (g == PILOT_GRID)
                snprintf(name, sizeof name, "%s", "学道苑居民小组");
            else
                snprintf(name, sizeof name, "合江亭社区第%s居民小组", k_cn_num[group_no]);
            if (g != PILOT_GRID)
                group_no++;
            put_org(c, "resident_group", name, grid_ids[g], members);
        }
    }

    /* Party branches: the community's own, the pilot's, and one for each
     * of eight more grids; members sum to the real 496. */
    int members[N_PARTY_BRANCHES], sum = 0;
    for (int i = 0; i < N_PARTY_BRANCHES; i++) {
        members[i] = rng_range(r, 30, 70);
        sum += members[i];
    }
    while (sum != PARTY_MEMBERS) {
        int i = rng_range(r, 0, N_PARTY_BRANCHES - 1);
        if (sum < PARTY_MEMBERS && members[i] < 90) {
            members[i]++;
            sum++;
        } else if (sum > PARTY_MEMBERS && members[i] > 15) {
            members[i]--;
            sum--;
        }
    }
    o->first_branch = put_org(c, "party_branch", "合江亭社区机关党支部", community, members[0]);
    put_org(c, "party_branch", "学道苑院落党支部", grid_ids[PILOT_GRID], members[1]);
    for (int i = 2, g = 0; i < N_PARTY_BRANCHES; g++) {
        if (g == PILOT_GRID)
            continue;
        snprintf(name, sizeof name, "合江亭社区第%d网格党支部", g + 1);
        put_org(c, "party_branch", name, grid_ids[g], members[i++]);
    }

    /* One property company per property-managed compound. */
    int pc = 0;
    for (int ci = 0; ci < p->n_comp; ci++) {
        if (p->comp[ci].managed != M_PROPERTY)
            continue;
        snprintf(name, sizeof name, "%s物业服务有限公司", k_property_names[pc++]);
        int64_t id = put_org(c, "property_company", name, p->comp[ci].db_id, rng_range(r, 3, 15));
        if (!o->first_property) {
            o->first_property = id;
            o->property_compound = p->comp[ci].db_id;
        }
    }

    for (int ci = 0; ci < p->n_comp; ci++) {
        if (!p->comp[ci].pilot)
            continue;
        snprintf(name, sizeof name, "%s院委会", p->comp[ci].name);
        int64_t id = put_org(c, "committee", name, p->comp[ci].db_id, rng_range(r, 5, 7));
        if (!o->committee_dnl)
            o->committee_dnl = id;
    }
    o->contractor = put_org(c, "contractor", "蓉城建设工程有限公司", community, 40);
    o->supervisor = put_org(c, "supervisor", "锦诚工程监理有限公司", community, 8);
    return !c->failed;
}

const DemoAccount g_demo_accounts[] = {
    {"admin", "admin", "系统管理员（锦官驿街道）"},
    {"staff", "community_staff", "社区工作者（合江亭社区）"},
    {"grid8", "grid_worker", "网格员（第8网格，学道苑所在网格）"},
    {"microgrid8", "micro_grid_worker", "微网格员（学道苑·东南里7号所在微网格）"},
    {"bldghead", "building_head", "楼栋长（学道苑·东南里7号1栋）"},
    {"resident", "resident", "居民（学道苑·东南里7号的一户）"},
    {"resident_other", "resident", "居民（另一网格的院落）"},
    {"party", "party_branch", "社区党委（合江亭社区）"},
    {"committee", "committee", "院委会（学道苑·东南里7号）"},
    {"property", "property_manager", "物业经理（一个有物业的院落）"},
    {"contractor", "contractor", "施工单位（合江亭社区）"},
    {"supervisor", "supervisor", "工程监理（合江亭社区）"},
    {"street", "street_office", "街道办（锦官驿街道）"},
    {"auditor", "auditor", "第三方评估（锦官驿街道）"},
    {"finance", "finance", "社区财务（合江亭社区，三方签字之一）"},
};
const int g_n_demo_accounts = (int)(sizeof g_demo_accounts / sizeof g_demo_accounts[0]);

/* First household of compound ci (in door order) that is owned and has at
 * least two people; -1 if none. */
static int owned_family(const Plan *p, int ci, int skip)
{
    const PCompound *c = &p->comp[ci];
    for (int i = c->first_hh; i < c->first_hh + c->n_hh; i++)
        if (i != skip && p->hh[i].housing == H_OWNED && p->hh[i].n >= 2)
            return i;
    return -1;
}

/* The id of a planned person once written (rows go in batches, without
 * RETURNING, so they are found again by their ID number's keyed hash). */
static int64_t person_db_id(DemoCtx *c, const PPerson *x)
{
    char hash[33];
    int64_t id = 0;
    pii_hash(x->id, hash);
    if (!grid_build_person_by_id_hash(&c->gc, hash, &id, NULL) || !id)
        fail(c, "find a demo resident");
    return id;
}

static bool put_user(DemoCtx *c, const char *username, const char *display, const char *pw_hash, int64_t person,
                     int64_t org, const char *role, int64_t node)
{
    Role parsed;
    if (!role_parse(role, &parsed))
        return fail_msg(c, "a demo account names an unknown role");
    /* through auth's model (audited as one "build" event at the end), with
     * the place of the grant as the grid knows it */
    UserNew u = {username, display, pw_hash, person, org, DEMO_TIME};
    int64_t id = 0;
    if (!user_insert(c->db, &u, &id))
        return fail(c, "insert app_user");
    GrantPlace place;
    char err[256];
    bool granted = grid_grant_place(&c->gc, node, &place) &&
                   user_grant(c->db, username, parsed, &place, err, sizeof err);
    if (!granted)
        return fail(c, "grant a demo role");
    c->st.users++;
    return true;
}

static bool put_users(DemoCtx *c, int64_t street, int64_t community, const int64_t *grid_ids, const Orgs *o)
{
    Plan *p = c->p;
    /* argon2id is slow on purpose: hash "demo" once for every account. */
    char hash[128];
    if (!password_hash("demo", hash))
        return fail_msg(c, "password hashing failed");

    int dnl = -1, other = -1;
    for (int ci = 0; ci < p->n_comp; ci++) {
        if (dnl < 0 && p->comp[ci].pilot)
            dnl = ci;
        if (other < 0 && !p->comp[ci].pilot && p->micro[p->comp[ci].micro].grid == 2 && owned_family(p, ci, -1) >= 0)
            other = ci;
    }
    for (int ci = 0; other < 0 && ci < p->n_comp; ci++)
        if (!p->comp[ci].pilot && owned_family(p, ci, -1) >= 0)
            other = ci;
    int home = dnl >= 0 ? owned_family(p, dnl, -1) : -1;
    int other_home = other >= 0 ? owned_family(p, other, -1) : -1;
    if (home < 0 || other_home < 0)
        return fail_msg(c, "no household fits the resident accounts");
    const PCompound *dc = &p->comp[dnl];
    const PBuilding *b1 = &p->bld[dc->first_building];
    /* The building head lives in 1栋: the last occupied household there. */
    const PUnit *last_unit = &p->unit[b1->first_unit + b1->n_units - 1];
    int head_home = -1;
    int b1_first_hh = p->unit[b1->first_unit].first_hh;
    for (int i = last_unit->first_hh + last_unit->n_hh - 1; i >= b1_first_hh && head_home < 0; i--)
        if (i != home && p->hh[i].n > 0)
            head_home = i;
    const PPerson *res = &p->per[p->hh[home].first];
    const PPerson *res2 = &p->per[p->hh[other_home].first];
    const PPerson *bh = head_home >= 0 ? &p->per[p->hh[head_home].first] : NULL;
    char d_res[64], d_res2[64], d_bh[64];
    snprintf(d_res, sizeof d_res, "%s（居民）", res->name);
    snprintf(d_res2, sizeof d_res2, "%s（居民）", res2->name);
    snprintf(d_bh, sizeof d_bh, "%s（楼栋长）", bh ? bh->name : "陈");

    int64_t micro_dnl = p->micro[dc->micro].db_id;
    int64_t res_id = person_db_id(c, res), res2_id = person_db_id(c, res2), bh_id = bh ? person_db_id(c, bh) : 0;
    if (c->failed)
        return false;
    return put_user(c, "admin", "系统管理员", hash, 0, 0, "admin", street) &&
           put_user(c, "staff", "张社工（社区工作者）", hash, 0, 0, "community_staff", community) &&
           put_user(c, "grid8", "李网格员（第8网格）", hash, 0, 0, "grid_worker", grid_ids[PILOT_GRID]) &&
           put_user(c, "microgrid8", "王微网格员（东南里7号）", hash, 0, 0, "micro_grid_worker", micro_dnl) &&
           put_user(c, "bldghead", d_bh, hash, bh_id, 0, "building_head", b1->db_id) &&
           put_user(c, "resident", d_res, hash, res_id, 0, "resident", p->hh[home].db_id) &&
           put_user(c, "resident_other", d_res2, hash, res2_id, 0, "resident", p->hh[other_home].db_id) &&
           put_user(c, "party", "赵书记（社区党委）", hash, 0, o->first_branch, "party_branch", community) &&
           put_user(c, "committee", "刘主任（院委会）", hash, 0, o->committee_dnl, "committee", dc->db_id) &&
           put_user(c, "property", "孙经理（物业）", hash, 0, o->first_property, "property_manager",
                    o->property_compound) &&
           put_user(c, "contractor", "吴工（施工单位）", hash, 0, o->contractor, "contractor", community) &&
           put_user(c, "supervisor", "郑工（工程监理）", hash, 0, o->supervisor, "supervisor", community) &&
           put_user(c, "street", "钱主任（锦官驿街道）", hash, 0, 0, "street_office", street) &&
           put_user(c, "auditor", "冯评估（第三方评估）", hash, 0, 0, "auditor", street) &&
           put_user(c, "finance", "陈会计（社区财务）", hash, 0, 0, "finance", community);
}

static bool put_setting(DemoCtx *c, const char *key, const char *value)
{
    if (!db_setting_set(c->db, key, value))
        return fail(c, "write setting");
    return true;
}

static bool put_settings_and_audit(DemoCtx *c, uint64_t seed, int64_t community)
{
    Plan *p = c->p;
    char v[128];
    snprintf(v, sizeof v, "%" PRIu64, seed);
    if (!put_setting(c, "demo_seed", v))
        return false;
    snprintf(v, sizeof v, "%" PRId64, community);
    if (!put_setting(c, "community_node_id", v))
        return false;
    Buf ids = BUF_INIT;
    for (int ci = 0; ci < p->n_comp; ci++) {
        if (!p->comp[ci].pilot)
            continue;
        if (ids.len)
            buf_putc(&ids, ',');
        buf_printf(&ids, "%lld", (long long)p->comp[ci].db_id);
    }
    bool ok = put_setting(c, "pilot_compound_ids", buf_str(&ids));
    buf_free(&ids);
    if (!ok)
        return false;

    char seedtxt[24];
    snprintf(seedtxt, sizeof seedtxt, "%" PRIu64, seed);
    const DemoStats *s = &c->st;
    Buf j = BUF_INIT;
    buf_printf(&j,
               "{\"seed\":%j,\"compounds\":%d,\"grids\":%d,\"micro_grids\":%d,\"buildings\":%d,\"units\":%d,"
               "\"households\":%d,\"persons\":%d,\"owners\":%d,\"shops\":%d,\"orgs\":%d,\"users\":%d}",
               seedtxt, s->compounds, s->grids, s->micro_grids, s->buildings, s->units, s->households, s->persons,
               s->owners, s->shops, s->orgs, s->users);
    ok = audit_append(c->db, 0, "demo", community, "build", NULL, buf_str(&j));
    buf_free(&j);
    return ok ? true : fail(c, "append audit event");
}

bool demo_build(Db *db, uint64_t seed, DemoStats *st, char *err, size_t errlen)
{
    char scratch[8];
    if (!err || errlen == 0) {
        err = scratch;
        errlen = sizeof scratch;
    }
    err[0] = '\0';
    if (!db) {
        snprintf(err, errlen, "demo: no database");
        return false;
    }
    if (!pii_key_loaded()) {
        snprintf(err, errlen, "demo: the personal-data key is not loaded");
        return false;
    }
    Ctx probe = {db, NULL, NULL, DEMO_TIME};
    int64_t nodes = 0;
    if (!grid_build_node_count(&probe, &nodes, NULL)) {
        snprintf(err, errlen, "demo: cannot read the database (is it migrated?): %s", db_errmsg(db));
        return false;
    }
    int64_t users = 0;
    if (!auth_user_count(db, &users)) {
        snprintf(err, errlen, "demo: cannot read the database: %s", db_errmsg(db));
        return false;
    }
    if (nodes > 0 || users > 0) {
        snprintf(err, errlen, "demo: the database is not empty (%lld nodes, %lld users); use a new database",
                 (long long)nodes, (long long)users);
        return false;
    }

    Plan *p = malloc(sizeof *p);
    if (!p) {
        snprintf(err, errlen, "demo: out of memory");
        return false;
    }
    if (!plan_build(p, seed, err, errlen)) {
        plan_free(p);
        free(p);
        return false;
    }
    /* A bulk load larger than SQLite's default page cache spills and
     * rewrites the same index pages to the WAL hundreds of thousands of
     * times; a bigger cache for this connection, restored afterwards,
     * makes the load several times faster. */
    int64_t old_cache = 0;
    bool sqlite = db_kind(db) == DB_SQLITE && db_int(db, &old_cache, "PRAGMA cache_size");
    if (sqlite && !db_exec(db, "PRAGMA cache_size = -131072"))
        sqlite = false; /* the default cache only makes the load slower: nothing to restore */
    DemoCtx c = {.db = db, .p = p, .err = err, .errlen = errlen, .gc = {db, arena_new(), NULL, DEMO_TIME}};
    if (!c.gc.arena)
        fail_msg(&c, "out of memory");
    int64_t grid_ids[N_GRIDS] = {0};
    Orgs orgs;
    int64_t street = put_node(&c, 0, "street", "锦官驿街道", "510104017000", 1);
    int64_t community = put_node(&c, street, "community", "合江亭社区", "510104017003", 1);
    bool ok = !c.failed && put_tree(&c, community, grid_ids) && put_paths(&c) && put_owners(&c) &&
              put_shops(&c) && put_orgs(&c, community, grid_ids, &orgs) &&
              put_users(&c, street, community, grid_ids, &orgs) && put_settings_and_audit(&c, seed, community);
    /* PRAGMA takes no bound values, so only SQLite's default can be put
     * back from a literal; a connection opened with another size keeps the
     * bigger cache until it closes, which costs memory, not correctness. */
    if (sqlite && old_cache == -2000 && !db_exec(db, "PRAGMA cache_size = -2000"))
        ok = false;
    if (ok && st)
        *st = c.st;
    arena_free(c.gc.arena);
    plan_free(p);
    free(p);
    return ok;
}
