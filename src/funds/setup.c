/* setup.c: a compound's standard funds and chart of accounts, and 学道苑's
 * funds in the demo (subsidy, the 5 yuan/m² levy with a few arrears, a
 * charger partner, donations, payments at each stage of sign-off). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "auth/audit.h"
#include "auth/read.h"
#include "core/clock.h"
#include "funds/funds_int.h"

typedef struct AccountDef { const char *code, *name, *type; } AccountDef;

/* The chart of accounts of each kind of fund. 1001 is always the bank. */
static const AccountDef k_renovation[] = {
    {"1001", "银行存款（共管账户）", "asset"}, {"4001", "政府补贴", "income"}, {"4002", "社会资本投入", "income"},
    {"4003", "捐赠", "income"}, {"4004", "利息收入", "income"}, {"5001", "改造工程支出", "expense"},
    {"5002", "其他费用", "expense"}, {NULL, NULL, NULL}};
static const AccountDef k_maintenance[] = {
    {"1001", "银行存款（维修资金专户）", "asset"}, {"4004", "利息收入（增值收益）", "income"}, {NULL, NULL, NULL}};
static const AccountDef k_trust[] = {
    {"1001", "银行存款（信托账户）", "asset"}, {"4004", "利息收入", "income"}, {"4101", "物业服务费", "income"},
    {"4102", "停车收入", "income"}, {"4103", "广告收入", "income"}, {"4104", "场地租金", "income"},
    {"5101", "保洁", "expense"}, {"5102", "秩序维护", "expense"}, {"5103", "维修养护", "expense"},
    {"5104", "绿化", "expense"}, {"5105", "受托人酬金", "expense"}, {NULL, NULL, NULL}};
static const AccountDef k_autonomy[] = {
    {"1001", "银行存款（自治金）", "asset"}, {"4001", "补贴", "income"}, {"4003", "捐赠", "income"},
    {"4004", "利息收入", "income"}, {"5001", "小微项目支出", "expense"}, {"5002", "其他费用", "expense"},
    {NULL, NULL, NULL}};

static const struct {
    const char *kind, *label;
    const AccountDef *chart;
} k_fund_kinds[] = {
    {"renovation", "改造共管账户", k_renovation},
    {"maintenance", "维修资金", k_maintenance},
    {"trust", "信托制物业账户", k_trust},
    {"autonomy", "院落自治金", k_autonomy},
};

bool funds_setup_compound(const Ctx *c, int64_t compound_id, int64_t actor, FundsErr *e)
{
    Db *db = c->db;
    NodeInfo node;
    GridRead g = grid_node_find(c, compound_id, &node);
    if (g != GRID_OK && g != GRID_NOT_FOUND)
        return funds_err_grid(e, g);
    if (g == GRID_NOT_FOUND || node.kind != NODE_COMPOUND)
        return funds_err(e, FM_NOT_A_COMPOUND, "compound_id");
    const char *name = node.name;
    HouseholdList hh = {0, NULL};
    bool households_read = false;
    int64_t now = c->now;
    for (size_t k = 0; k < sizeof k_fund_kinds / sizeof k_fund_kinds[0]; k++) {
        int64_t fund = 0;
        if (!db_int(db, &fund, "SELECT id FROM fund WHERE node_id = ? AND kind = ?", DB_I(compound_id),
                    DB_T(k_fund_kinds[k].kind))) {
            const char *fname = arena_printf(c->arena, "%s%s", name, k_fund_kinds[k].label);
            if (!db_int(db, &fund,
                        "INSERT INTO fund (node_id, kind, name, created_at) VALUES (?, ?, ?, ?) RETURNING id",
                        DB_I(compound_id), DB_T(k_fund_kinds[k].kind), DB_T(fname), DB_I(now)))
                return funds_err_db(e, db);
            for (const AccountDef *a = k_fund_kinds[k].chart; a->code; a++)
                if (!db_exec(db, "INSERT INTO fund_account (fund_id, code, name, type, created_at) VALUES (?, ?, ?, ?, ?)",
                             DB_I(fund), DB_T(a->code), DB_T(a->name), DB_T(a->type), DB_I(now)))
                    return funds_err_db(e, db);
            Buf after = BUF_INIT;
            buf_printf(&after, "{\"node\":%lld,\"kind\":%j,\"name\":%j}", (long long)compound_id,
                       k_fund_kinds[k].kind, fname);
            bool ok = audit_append(db, actor, "fund", fund, "create", NULL, buf_str(&after));
            buf_free(&after);
            if (!ok)
                return funds_err_db(e, db);
        }
        if (strcmp(k_fund_kinds[k].kind, "maintenance") != 0)
            continue;
        /* one sub-account per household (分户账), added for households registered since */
        if (!households_read && !funds_households(c, node.path, &hh, e))
            return false;
        households_read = true;
        for (int i = 0; i < hh.n; i++) {
            const HouseholdInfo *h = &hh.items[i];
            if (h->compound_id != compound_id)
                continue;
            if (!db_exec(db,
                         "INSERT INTO fund_account (fund_id, code, name, type, household_id, created_at) "
                         "SELECT ?, ?, ?, 'liability', ?, ? WHERE NOT EXISTS (SELECT 1 FROM fund_account a "
                         "WHERE a.fund_id = ? AND a.household_id = ?)",
                         DB_I(fund), DB_T(arena_printf(c->arena, "H%lld", (long long)h->node_id)), DB_T(h->address),
                         DB_I(h->node_id), DB_I(now), DB_I(fund), DB_I(h->node_id)))
                return funds_err_db(e, db);
        }
    }
    return true;
}

/* ---- the demo ------------------------------------------------------------------ */

#define DAY 86400
#define DEMO_T0 INT64_C(1709222400) /* 2024-03-01 00:00 in Asia/Shanghai */

/* A demo account's id through auth's read function; 0 when it is missing. */
static int64_t user_id(const Ctx *c, const char *username)
{
    UserInfo u;
    return auth_user_by_name(c, username, &u) == AUTH_OK ? u.id : 0;
}

static int64_t fund_of(Db *db, int64_t node, const char *kind)
{
    int64_t id = 0;
    return db_int(db, &id, "SELECT id FROM fund WHERE node_id = ? AND kind = ?", DB_I(node), DB_T(kind)) ? id : 0;
}

static bool demo_fail(char *err, size_t errlen, const char *what, const FundsErr *e)
{
    snprintf(err, errlen, "funds demo: %s: FundsMsg %d %s", what, e ? (int)e->msg : -1,
             e && e->detail ? e->detail : "");
    return false;
}

/* A small deterministic generator (splitmix64) so the demo follows the seed. */
static uint64_t mix(uint64_t *s)
{
    uint64_t z = (*s += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

/* The finance officer's demo account comes with the community (demo.c). */
static bool demo_finance_user(const Ctx *c, int64_t *id, char *err, size_t errlen)
{
    if (!(*id = user_id(c, "finance")))
        return demo_fail(err, errlen, "the finance account is missing", NULL);
    return true;
}

/* The levy of one compound's maintenance fund, paid over 2024 with a few
 * arrears and partial payments. */
static bool demo_levy(const Ctx *c, int64_t compound, int64_t finance, uint64_t *rng, char *err, size_t errlen)
{
    Db *db = c->db;
    FundsErr e;
    int64_t fund = fund_of(db, compound, "maintenance"), levy = 0;
    int n = 0;
    if (!funds_levy_create(c, fund, "老旧院落改造维修资金（5元/㎡，一次性）", LEVY_PER_AREA, 500, 0, finance, &levy, &n, &e))
        return demo_fail(err, errlen, "levy", &e);
    typedef struct { int64_t household, due; } Row;
    Row *rows = calloc((size_t)n + 1, sizeof *rows);
    int k = 0;
    DbStmt *st = db_query(db, "SELECT household_id, due FROM levy_charge WHERE levy_id = ? ORDER BY household_id",
                          DB_I(levy));
    while (rows && db_step(st) == DB_ROW && k < n)
        rows[k++] = (Row){db_col_int(st, 0), db_col_int(st, 1)};
    if (!db_done(st)) {
        free(rows);
        return demo_fail(err, errlen, "levy charges", NULL);
    }
    bool ok = rows != NULL;
    for (int i = 0; ok && i < k; i++) {
        uint64_t roll = mix(rng) % 100;
        int64_t when = DEMO_T0 + (int64_t)(mix(rng) % 90) * DAY + 10 * 3600;
        const char *method = roll % 3 == 0 ? "cash" : "transfer";
        int64_t amount = rows[i].due, pid;
        if (roll < 6) /* about one in sixteen has not paid */
            continue;
        if (roll < 12) /* a few paid half so far */
            amount = rows[i].due / 2;
        if (amount > 0)
            ok = funds_levy_pay(c, levy, rows[i].household, amount, method, when, finance, &pid, NULL, &e);
    }
    free(rows);
    return ok ? true : demo_fail(err, errlen, "levy payment", &e);
}

static bool demo_build(const Ctx *c, uint64_t seed, char *err, size_t errlen);

bool funds_demo(Db *db, uint64_t seed, char *err, size_t errlen)
{
    /* the demo is the system acting (no principal), through the same model as the pages */
    Arena *arena = arena_new();
    if (!arena)
        return demo_fail(err, errlen, "out of memory", NULL);
    Ctx c = {db, arena, NULL, clock_now()};
    bool ok = demo_build(&c, seed, err, errlen);
    arena_free(arena);
    return ok;
}

static bool demo_build(const Ctx *c, uint64_t seed, char *err, size_t errlen)
{
    Db *db = c->db;
    uint64_t rng = seed ^ 0x66756e6473ull;
    int64_t finance = 0, staff = user_id(c, "staff"), contractor = user_id(c, "contractor"),
            supervisor = user_id(c, "supervisor"), committee = user_id(c, "committee");
    if (!staff || !contractor || !supervisor || !committee)
        return demo_fail(err, errlen, "a demo account is missing", NULL);
    if (!demo_finance_user(c, &finance, err, errlen))
        return false;
    static const char *const pilot[] = {"学道苑·东南里7号", "学道苑·拱背桥25号1栋", "学道苑·拱背桥25号2栋"};
    int64_t comp[3] = {0};
    for (int i = 0; i < 3; i++) {
        NodeInfo node;
        if (grid_node_by_name(c, NODE_COMPOUND, pilot[i], &node) != GRID_OK)
            return demo_fail(err, errlen, "a pilot compound is missing", NULL);
        comp[i] = node.id;
        FundsErr se;
        if (!funds_setup_compound(c, comp[i], finance, &se))
            return demo_fail(err, errlen, "setup", &se);
        if (!demo_levy(c, comp[i], finance, &rng, err, errlen))
            return false;
    }
    FundsErr e;
    int64_t id;
    /* 东南里7号: the renovation subsidy, a charger partner, a donation to the autonomy fund, the trust account */
    int64_t reno = fund_of(db, comp[0], "renovation"), autonomy = fund_of(db, comp[0], "autonomy"),
            trust = fund_of(db, comp[0], "trust"), maint = fund_of(db, comp[0], "maintenance");
    if (!funds_fund_set_bank(c, reno, "成都银行锦江支行", "1001 3000 0088 6612 7", finance, &e))
        return demo_fail(err, errlen, "bank details", &e);
    const IncomeInput incomes[] = {
        {"subsidy", "锦江区住房和城乡建设局", "老旧院落改造中央及省级补助资金（第一批）", "", NULL, 128000000, 0, 0, DEMO_T0 + 5 * DAY},
        {"subsidy", "锦江区住房和城乡建设局", "老旧院落改造补助资金（第二批）", "", NULL, 52000000, 0, 0, DEMO_T0 + 120 * DAY},
        {"partner", "蓉城易充新能源科技有限公司", "电动自行车充电桩建设投资", "充电桩 24 个", NULL, 18000000, 1200, 8, DEMO_T0 + 40 * DAY},
        {"interest", "成都银行锦江支行", "2024年上半年利息", "", NULL, 231456, 0, 0, DEMO_T0 + 112 * DAY},
    };
    for (size_t i = 0; i < sizeof incomes / sizeof incomes[0]; i++)
        if (!funds_income_record(c, reno, "renovation", finance, &incomes[i], &id, &e))
            return demo_fail(err, errlen, "income", &e);
    const IncomeInput gifts[] = {
        {"donation", "合江亭商户联合会", "院落书角与休闲座椅", "", NULL, 2000000, 0, 0, DEMO_T0 + 60 * DAY},
        {"subsidy", "锦官驿街道办事处", "院落自治金（2024年度）", "", NULL, 3000000, 0, 0, DEMO_T0 + 30 * DAY},
    };
    for (size_t i = 0; i < sizeof gifts / sizeof gifts[0]; i++)
        if (!funds_income_record(c, autonomy, "autonomy", finance, &gifts[i], &id, &e))
            return demo_fail(err, errlen, "donation", &e);
    static const char *const trust_lines[][2] = {{"4101", "物业服务费（1-6月）"}, {"4102", "停车收入（1-6月）"},
                                                 {"4103", "电梯广告位"}, {"4104", "一楼临街场地租金"}};
    static const int64_t trust_amounts[] = {4170000, 864000, 120000, 360000};
    for (int i = 0; i < 4; i++) {
        IncomeInput in = {"trust_income", "东南里7号业主", trust_lines[i][1], "", trust_lines[i][0], trust_amounts[i], 0, 0,
                          DEMO_T0 + (int64_t)(30 + i) * DAY};
        if (!funds_income_record(c, trust, "trust", finance, &in, &id, &e))
            return demo_fail(err, errlen, "trust income", &e);
    }
    static const char *const budget_codes[] = {"4101", "4102", "5101", "5102", "5103", "5104", "5105"};
    static const int64_t budget_amounts[] = {8340000, 1700000, 3000000, 2400000, 1800000, 600000, 900000};
    for (int i = 0; i < 7; i++) {
        int64_t budget;
        if (!funds_budget_set(c, trust, 2024, budget_codes[i], budget_amounts[i], finance, &budget, &e))
            return demo_fail(err, errlen, "budget", &e);
    }

    /* payments at each stage of sign-off */
    static const char *const basis1[] = {"施工合同 HT-2024-017.pdf", "隐蔽工程验收记录 YS-0412.pdf", "发票 No.04418821.jpg"};
    static const char *const basis2[] = {"施工合同 HT-2024-017.pdf", "屋面防水分项验收记录.pdf"};
    static const char *const basis3[] = {"外墙涂装进度款申请.pdf"};
    static const char *const basis4[] = {"抢修记录 QX-0716.pdf", "发票 No.05522107.jpg"};
    struct {
        PaymentInput in;
        int signatures; /* 0..3; -1 rejected */
        bool disburse;
    } pays[] = {
        {{reno, contractor, 38000000, 0, 0, "蓉城建设工程有限公司", "6222 0210 0101 7788 123", "雨污分流管网改造第一期进度款",
          "works", "学道苑雨污分流改造", NULL, basis1, 3}, 3, true},
        {{reno, contractor, 20000000, 0, 0, "蓉城建设工程有限公司", "6222 0210 0101 7788 123", "屋面防水工程进度款",
          "works", "学道苑屋面防水", NULL, basis2, 2}, 2, false},
        {{reno, contractor, 15000000, 0, 0, "蓉城建设工程有限公司", "6222 0210 0101 7788 123", "外墙涂装进度款", "works",
          "学道苑外立面整治", NULL, basis3, 1}, 1, false},
        {{reno, contractor, 4200000, 0, 0, "蓉城建设工程有限公司", "6222 0210 0101 7788 123", "绿化补植（新申请）", "works",
          "学道苑绿化", NULL, basis3, 1}, 0, false},
        {{reno, contractor, 9900000, 0, 0, "蓉城建设工程有限公司", "6222 0210 0101 7788 123", "围墙重建（重复申请）", "works",
          "学道苑围墙", NULL, basis3, 1}, -1, false},
        {{maint, staff, 360000, 0, 0, "锦江区安居管道疏通服务部", "", "3栋排水立管爆裂抢修", "burst_drain",
          "应急抢修", NULL, basis4, 2}, 3, true},
    };
    const int64_t signer[3] = {supervisor, finance, committee};
    const Role roles[3] = {ROLE_SUPERVISOR, ROLE_FINANCE, ROLE_COMMITTEE};
    for (size_t i = 0; i < sizeof pays / sizeof pays[0]; i++) {
        int64_t pid;
        if (!funds_payment_create(c, &pays[i].in, &pid, &e))
            return demo_fail(err, errlen, "payment", &e);
        if (pays[i].signatures < 0) {
            if (!funds_payment_sign(c, pid, ROLE_SUPERVISOR, supervisor, false, "与已批准的围墙项目重复，请核实后重新申请", &e))
                return demo_fail(err, errlen, "reject", &e);
            continue;
        }
        for (int s = 0; s < pays[i].signatures; s++)
            if (!funds_payment_sign(c, pid, roles[s], signer[s], true, NULL, &e))
                return demo_fail(err, errlen, "sign", &e);
        if (pays[i].disburse && !funds_payment_disburse(c, pid, finance, &e))
            return demo_fail(err, errlen, "disburse", &e);
    }
    return true;
}
