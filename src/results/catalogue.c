/* catalogue.c: THE catalogue of indicators. Each row names its code, its
 * Chinese name, its unit, its formula in words, and the function that
 * computes it through the read functions of the capability that owns the
 * data (workorder/stats.h, vote/progress.h, funds/charts.h, grid/read.h).
 * A capability that comes later adds its indicators by adding rows here and
 * a read function of its own; nothing else changes (the API, the dashboard,
 * the poster and the plan all walk this table).
 *
 * A scope caches each owner's read: the three work-order indicators of a
 * period cost one range of the index work_order_period, not three. */
#include "results/results.h"

#include <stdio.h>
#include <string.h>

#include "core/clock.h"
#include "funds/charts.h"
#include "life/figures.h"
#include "project/figures.h"
#include "safety/figures.h"
#include "survey/figures.h"
#include "vote/progress.h"
#include "workorder/figures.h"
#include "workorder/stats.h"

struct ResScope {
    NodeInfo node;
    ResPeriod p;
    int64_t rows;                /* rows the owners' reads visited */
    bool wo_done, votes_done, funds_done, life_done, safety_done, project_done, survey_done;
    LifeFigures life;
    SafetyFigures safety;
    ProjectFigures project;
    SurveySatisfaction survey;
    WoPeriodFigures wo;
    VoteClosed *votes;
    int n_votes;
    FundsFlow *flows;
    int n_flows;
};

ResScope *res_scope_new(const Ctx *c, const NodeInfo *node, const ResPeriod *p)
{
    ResScope *s = arena_alloc(c->arena, sizeof *s);
    memset(s, 0, sizeof *s);
    s->node = *node;
    s->p = *p;
    return s;
}

void res_scope_set_wo(ResScope *s, const WoPeriodFigures *f)
{
    s->wo = *f;
    s->wo_done = true;
}

int64_t res_scope_rows(const ResScope *s)
{
    return s->rows;
}

/* ---- the owners' reads, once per scope ------------------------------------- */

static bool need_wo(const Ctx *c, ResScope *s)
{
    if (s->wo_done)
        return true;
    if (!wo_period_figures(c, s->node.path, s->p.from, s->p.to, &s->wo))
        return false;
    s->rows += s->wo.orders;
    s->wo_done = true;
    return true;
}

static bool need_votes(const Ctx *c, ResScope *s)
{
    if (s->votes_done)
        return true;
    bool capped;
    if (!vote_closed_between(c, s->node.path, s->p.from, s->p.to, &s->votes, &s->n_votes, &capped))
        return false;
    s->rows += s->n_votes;
    s->votes_done = true;
    return true;
}

static bool need_funds(const Ctx *c, ResScope *s)
{
    if (s->funds_done)
        return true;
    FundsErr e;
    if (!funds_flows(c, s->node.path, s->p.from, s->p.to, &s->flows, &s->n_flows, &e))
        return false;
    s->rows += s->n_flows;
    s->funds_done = true;
    return true;
}

static bool need_life(const Ctx *c, ResScope *s)
{
    if (s->life_done)
        return true;
    if (!life_figures(c, s->node.path, s->p.from, s->p.to, &s->life))
        return false;
    s->rows += s->life.rows;
    s->life_done = true;
    return true;
}

static bool need_safety(const Ctx *c, ResScope *s)
{
    if (s->safety_done)
        return true;
    if (!safety_figures(c, s->node.path, s->p.from, s->p.to, &s->safety))
        return false;
    s->rows += s->safety.rows;
    s->safety_done = true;
    return true;
}

/* the projects led from the compounds of the place (the register's) */
static bool need_project(const Ctx *c, ResScope *s)
{
    if (s->project_done)
        return true;
    NodeList l;
    if (grid_nodes_in(c, s->node.path, GRID_KIND(NODE_COMPOUND), 0, &l) != GRID_OK)
        return false;
    int64_t *ids = arena_alloc(c->arena, sizeof *ids * (size_t)(l.n ? l.n : 1));
    for (int i = 0; i < l.n; i++)
        ids[i] = l.items[i].id;
    if (!project_figures(c, ids, l.n, s->p.from, s->p.to, &s->project))
        return false;
    s->rows += s->project.rows + l.n;
    s->project_done = true;
    return true;
}

static bool need_survey(const Ctx *c, ResScope *s)
{
    if (s->survey_done)
        return true;
    if (!survey_satisfaction(c, s->node.path, s->p.from, s->p.to, &s->survey))
        return false;
    s->rows += s->survey.rows;
    s->survey_done = true;
    return true;
}

/* ---- the lists a value came from ------------------------------------------ */

static const char *day_text(Arena *a, int64_t t)
{
    int32_t d = clock_local_yyyymmdd(t);
    return arena_printf(a, "%04d-%02d-%02d", d / 10000, d / 100 % 100, d % 100);
}

/* The work-order list filtered to the place and the days of the period. */
static const char *wo_href(const Ctx *c, const ResScope *s)
{
    const char *place = "";
    if (s->node.kind == NODE_COMPOUND)
        place = arena_printf(c->arena, "compound=%lld&", (long long)s->node.id);
    else if (s->node.kind == NODE_GRID)
        place = arena_printf(c->arena, "grid=%lld&", (long long)s->node.id);
    return arena_printf(c->arena, "/workorders?%sfrom=%s&to=%s", place, day_text(c->arena, s->p.from),
                        day_text(c->arena, s->p.to - 1));
}

static const char *votes_href(const Ctx *c, const ResScope *s)
{
    return arena_printf(c->arena, "/votes?node=%lld&status=closed", (long long)s->node.id);
}

static const char *funds_href(const Ctx *c, const ResScope *s)
{
    return arena_printf(c->arena, "/funds?node=%lld", (long long)s->node.id);
}

static const char *register_href(const Ctx *c, const ResScope *s)
{
    return arena_printf(c->arena, "/nodes/%lld", (long long)s->node.id);
}

static const char *events_href(const Ctx *c, const ResScope *s)
{
    return arena_printf(c->arena, "/life?node=%lld", (long long)s->node.id);
}

/* the hazard list is a compound's; a wider place links to the safety page */
static const char *hazards_href(const Ctx *c, const ResScope *s)
{
    if (s->node.kind == NODE_COMPOUND)
        return arena_printf(c->arena, "/hazards?compound=%lld", (long long)s->node.id);
    return "/safety";
}

static const char *projects_href(const Ctx *c, const ResScope *s)
{
    (void)s;
    return arena_strdup(c->arena, "/projects");
}

static const char *survey_href(const Ctx *c, const ResScope *s)
{
    if (s->survey.first_id)
        return arena_printf(c->arena, "/surveys/%lld/results", (long long)s->survey.first_id);
    return arena_strdup(c->arena, "/surveys");
}

static const char *measure_href(const Ctx *c, const ResScope *s, const char *code)
{
    return arena_printf(c->arena, "/api/indicators/measures?node=%lld&code=%s", (long long)s->node.id, code);
}

/* ---- the formulas ---------------------------------------------------------- */

static bool wo_orders(const Ctx *c, ResScope *s, ResValue *v)
{
    if (!need_wo(c, s))
        return false;
    *v = (ResValue){true, s->wo.orders, 0, 0, wo_href(c, s)};
    return true;
}

static bool wo_on_time(const Ctx *c, ResScope *s, ResValue *v)
{
    if (!need_wo(c, s))
        return false;
    *v = (ResValue){false, 0, s->wo.on_time, s->wo.resolved, wo_href(c, s)};
    v->has = res_rate_permille(v->num, v->den, &v->value);
    return true;
}

static bool wo_median_time(const Ctx *c, ResScope *s, ResValue *v)
{
    if (!need_wo(c, s))
        return false;
    *v = (ResValue){s->wo.has_median, s->wo.median_minutes, 0, s->wo.resolved, wo_href(c, s)};
    return true;
}

static bool wo_rating(const Ctx *c, ResScope *s, ResValue *v)
{
    if (!need_wo(c, s))
        return false;
    *v = (ResValue){false, 0, s->wo.rating_sum, s->wo.rated, wo_href(c, s)};
    v->has = res_mean_centi(v->num, v->den, &v->value);
    return true;
}

static bool votes_closed(const Ctx *c, ResScope *s, ResValue *v)
{
    if (!need_votes(c, s))
        return false;
    *v = (ResValue){true, s->n_votes, 0, 0, votes_href(c, s)};
    return true;
}

static bool votes_pass(const Ctx *c, ResScope *s, ResValue *v)
{
    if (!need_votes(c, s))
        return false;
    int64_t passed = 0;
    for (int i = 0; i < s->n_votes; i++)
        passed += s->votes[i].passed;
    *v = (ResValue){false, 0, passed, s->n_votes, votes_href(c, s)};
    v->has = res_rate_permille(v->num, v->den, &v->value);
    return true;
}

static bool votes_consent(const Ctx *c, ResScope *s, ResValue *v)
{
    if (!need_votes(c, s))
        return false;
    int64_t yes = 0, part = 0;
    for (int i = 0; i < s->n_votes; i++)
        if (s->votes[i].art278) {
            yes += s->votes[i].area_yes;
            part += s->votes[i].area_part;
        }
    *v = (ResValue){false, 0, yes, part, votes_href(c, s)};
    v->has = res_rate_permille(v->num, v->den, &v->value);
    return true;
}

/* money of one fund kind (NULL: every kind) in or out */
static bool money(const Ctx *c, ResScope *s, ResValue *v, const char *kind, bool in)
{
    if (!need_funds(c, s))
        return false;
    int64_t sum = 0;
    for (int i = 0; i < s->n_flows; i++) {
        const FundsFlow *f = &s->flows[i];
        if (kind && strcmp(f->kind, kind) != 0)
            continue;
        int64_t x = in ? f->in : f->out;
        if (sum > INT64_MAX - x)
            return false;
        sum += x;
    }
    *v = (ResValue){true, sum, 0, 0, funds_href(c, s)};
    return true;
}

#define MONEY(fn, kind, in)                                                                                            \
    static bool fn(const Ctx *c, ResScope *s, ResValue *v)                                                             \
    {                                                                                                                  \
        return money(c, s, v, kind, in);                                                                               \
    }
MONEY(money_in_all, NULL, true)
MONEY(money_out_all, NULL, false)
MONEY(money_in_renovation, "renovation", true)
MONEY(money_out_renovation, "renovation", false)
MONEY(money_in_maintenance, "maintenance", true)
MONEY(money_out_maintenance, "maintenance", false)
MONEY(money_in_trust, "trust", true)
MONEY(money_out_trust, "trust", false)
MONEY(money_in_autonomy, "autonomy", true)
MONEY(money_out_autonomy, "autonomy", false)

static bool households(const Ctx *c, ResScope *s, ResValue *v)
{
    int64_t n;
    if (grid_household_count(c, s->node.path, &n) != GRID_OK)
        return false;
    *v = (ResValue){true, n, 0, 0, register_href(c, s)};
    return true;
}

static bool residents(const Ctx *c, ResScope *s, ResValue *v)
{
    int64_t n;
    if (grid_person_count(c, s->node.path, &n) != GRID_OK)
        return false;
    *v = (ResValue){true, n, 0, 0, register_href(c, s)};
    return true;
}

static bool illegal_removed(const Ctx *c, ResScope *s, ResValue *v)
{
    int64_t n;
    if (!wo_category_done(c, s->node.path, "illegal_structure", s->p.from, s->p.to, &n))
        return false;
    s->rows += n;
    const char *href = arena_printf(c->arena, "%s&category=illegal_structure", wo_href(c, s));
    *v = (ResValue){true, n, 0, 0, href};
    return true;
}

static bool events_held(const Ctx *c, ResScope *s, ResValue *v)
{
    if (!need_life(c, s))
        return false;
    *v = (ResValue){true, s->life.events, 0, 0, events_href(c, s)};
    return true;
}

static bool participation(const Ctx *c, ResScope *s, ResValue *v)
{
    if (!need_life(c, s))
        return false;
    *v = (ResValue){false, 0, s->life.attended, s->life.booked, events_href(c, s)};
    v->has = res_rate_permille(v->num, v->den, &v->value);
    return true;
}

static bool volunteer_hours(const Ctx *c, ResScope *s, ResValue *v)
{
    if (!need_life(c, s))
        return false;
    /* tenths of an hour, rounded half up, from whole minutes */
    *v = (ResValue){true, (s->life.volunteer_minutes + 3) / 6, s->life.volunteer_minutes, s->life.shifts_done,
                    events_href(c, s)};
    return true;
}

#define HAZARDS(fn, field)                                                                                      \
    static bool fn(const Ctx *c, ResScope *s, ResValue *v)                                                             \
    {                                                                                                                  \
        if (!need_safety(c, s))                                                                                        \
            return false;                                                                                              \
        *v = (ResValue){true, s->safety.field, 0, 0, hazards_href(c, s)};                                       \
        return true;                                                                                                   \
    }
HAZARDS(hazards_open_red, open_red)
HAZARDS(hazards_open_yellow, open_yellow)
HAZARDS(hazards_open_blue, open_blue)

static bool hazards_open(const Ctx *c, ResScope *s, ResValue *v)
{
    if (!need_safety(c, s))
        return false;
    *v = (ResValue){true, s->safety.open_red + s->safety.open_yellow + s->safety.open_blue, 0, 0,
                    hazards_href(c, s)};
    return true;
}

static bool patrols_done(const Ctx *c, ResScope *s, ResValue *v)
{
    if (!need_safety(c, s))
        return false;
    *v = (ResValue){true, s->safety.checkins, 0, 0,
                    arena_printf(c->arena, "/api/patrol-routes?node=%lld", (long long)s->node.id)};
    return true;
}

static bool inspections_done(const Ctx *c, ResScope *s, ResValue *v)
{
    if (!need_project(c, s))
        return false;
    *v = (ResValue){true, s->project.inspections, 0, 0, projects_href(c, s)};
    return true;
}

static bool satisfaction(const Ctx *c, ResScope *s, ResValue *v)
{
    if (!need_survey(c, s))
        return false;
    *v = (ResValue){false, 0, s->survey.satisfied, s->survey.answered, survey_href(c, s)};
    v->has = res_rate_permille(v->num, v->den, &v->value);
    return true;
}

/* a measurement entered from outside the system: the latest on or before
 * the period's last day, at the place itself */
static bool measured(const Ctx *c, ResScope *s, ResValue *v, const char *code)
{
    bool found;
    int64_t value;
    int32_t on;
    ResErr e;
    if (!res_measure_latest(c, s->node.id, code, clock_local_yyyymmdd(s->p.to - 1), &found, &value, &on, &e))
        return false;
    s->rows += 1;
    *v = (ResValue){found, found ? value : 0, 0, 0, measure_href(c, s, code)};
    return true;
}

static bool space_use(const Ctx *c, ResScope *s, ResValue *v)
{
    return measured(c, s, v, "space_use");
}

static bool green_cover(const Ctx *c, ResScope *s, ResValue *v)
{
    return measured(c, s, v, "green_cover");
}

/* ---- THE table -------------------------------------------------------------- */

static const Indicator k_catalogue[] = {
    {"wo_orders", "报事工单数", RES_U_ORDERS, "期内报事的工单数（合并、隐藏的不计）", "workorder", false, false, wo_orders},
    {"wo_on_time", "工单按时办结率", RES_U_PERMILLE, "期内报事且已办结的工单中，在办结时限内办结的比例",
     "workorder", true, false, wo_on_time},
    {"wo_median_minutes", "办结用时中位数", RES_U_MINUTES, "期内报事且已办结的工单，从报事到办结的整分钟数的中位数",
     "workorder", false, false, wo_median_time},
    {"wo_rating", "群众评价平均分", RES_U_CENTI_SCORE, "期内报事且已评价的工单，评分（1-5分）的平均值", "workorder",
     true, false, wo_rating},
    {"votes_closed", "完成表决数", RES_U_VOTES, "期内结束的表决数", "vote", true, false, votes_closed},
    {"votes_passed", "表决通过率", RES_U_PERMILLE, "期内结束的表决中，获得通过的比例", "vote", true, false, votes_pass},
    {"votes_consent_area", "业主同意率（按面积）", RES_U_PERMILLE,
     "期内结束的业主共同决定事项表决，同意的专有部分面积之和 ÷ 参与表决的专有部分面积之和", "vote", true, false,
     votes_consent},
    {"money_in", "资金到账", RES_U_FEN, "期内各资金账户银行存款的收入合计", "funds", true, false, money_in_all},
    {"money_out", "资金支出", RES_U_FEN, "期内各资金账户银行存款的支出合计", "funds", false, false, money_out_all},
    {"money_in_renovation", "改造共管账户到账", RES_U_FEN, "期内改造共管账户银行存款的收入", "funds", true, false,
     money_in_renovation},
    {"money_out_renovation", "改造共管账户支出", RES_U_FEN, "期内改造共管账户银行存款的支出", "funds", false, false,
     money_out_renovation},
    {"money_in_maintenance", "维修资金到账", RES_U_FEN, "期内维修资金账户银行存款的收入", "funds", true, false,
     money_in_maintenance},
    {"money_out_maintenance", "维修资金支出", RES_U_FEN, "期内维修资金账户银行存款的支出", "funds", false, false,
     money_out_maintenance},
    {"money_in_trust", "信托制物业账户到账", RES_U_FEN, "期内信托制物业账户银行存款的收入", "funds", true, false,
     money_in_trust},
    {"money_out_trust", "信托制物业账户支出", RES_U_FEN, "期内信托制物业账户银行存款的支出", "funds", false, false,
     money_out_trust},
    {"money_in_autonomy", "院落自治金到账", RES_U_FEN, "期内院落自治金银行存款的收入", "funds", true, false,
     money_in_autonomy},
    {"money_out_autonomy", "院落自治金支出", RES_U_FEN, "期内院落自治金银行存款的支出", "funds", false, false,
     money_out_autonomy},
    {"illegal_removed", "拆除违章搭建", RES_U_PLACES, "期内办结的“违章搭建”类工单数（每单一处）", "workorder", true, false,
     illegal_removed},
    {"space_use", "公共空间利用率", RES_U_PERMILLE, "实地测量：已利用的公共空间面积 ÷ 公共空间总面积（录入来源与日期，取期末前最近一次）",
     "results", true, false, space_use},
    {"green_cover", "绿化覆盖率", RES_U_PERMILLE, "实地测量：绿化覆盖面积 ÷ 用地面积（录入来源与日期，取期末前最近一次）",
     "results", true, false, green_cover},
    {"satisfaction", "居民满意度", RES_U_PERMILLE,
     "期内结束的问卷中，满意度题（5级量表）作答者里选“比较满意”或“非常满意”（4、5）的比例", "survey", true, false,
     satisfaction},
    {"events_held", "开展活动场次", RES_U_EVENTS, "期内开始且未取消的社区活动场次", "life", true, false, events_held},
    {"events_participation", "活动参与率", RES_U_PERMILLE, "期内活动已确认报名的人数中，到场签到的比例", "life", true,
     false, participation},
    {"volunteer_hours", "志愿服务时长", RES_U_DECI_HOURS, "期内开始、标记为已完成的志愿值班班次时长之和", "life", true,
     false, volunteer_hours},
    {"hazards_open", "未整改隐患", RES_U_PLACES, "现有未销号的隐患数", "safety", false, true, hazards_open},
    {"hazards_open_red", "未整改红色隐患", RES_U_PLACES, "现有未销号的红色（重大）隐患数", "safety", false, true,
     hazards_open_red},
    {"hazards_open_yellow", "未整改黄色隐患", RES_U_PLACES, "现有未销号的黄色（较大）隐患数", "safety", false, true,
     hazards_open_yellow},
    {"hazards_open_blue", "未整改蓝色隐患", RES_U_PLACES, "现有未销号的蓝色（一般）隐患数", "safety", false, true,
     hazards_open_blue},
    {"patrols_done", "巡查打卡次数", RES_U_TIMES, "期内巡查路线上的打卡次数", "safety", true, false, patrols_done},
    {"inspections_done", "工程巡检次数", RES_U_TIMES, "期内对本地改造项目所做的监理巡检次数", "project", true, false,
     inspections_done},
    {"households", "登记户数", RES_U_HOUSEHOLDS, "名册中现有的户数", "grid", true, true, households},
    {"residents", "登记人数", RES_U_PERSONS, "名册中现有的居民人数", "grid", true, true, residents},
};

int res_indicator_count(void)
{
    return (int)(sizeof k_catalogue / sizeof k_catalogue[0]);
}

const Indicator *res_indicator_at(int i)
{
    return i >= 0 && i < res_indicator_count() ? &k_catalogue[i] : NULL;
}

const Indicator *res_indicator_find(const char *code)
{
    for (int i = 0; code && i < res_indicator_count(); i++)
        if (strcmp(k_catalogue[i].code, code) == 0)
            return &k_catalogue[i];
    return NULL;
}

bool res_compute(const Ctx *c, ResScope *s, const Indicator *ind, ResValue *out)
{
    memset(out, 0, sizeof *out);
    return ind->compute(c, s, out);
}
