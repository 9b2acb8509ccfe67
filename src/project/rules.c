/* rules.c: the projects' pure rules: item kinds and tiers, checklists, when
 * an item may start, the fortnightly round, defect escalation, acceptance
 * stages and sign-offs. No database, no HTTP; tests/unit/test_project_rules.c
 * holds a table per rule. */
#include "project/project.h"

#include <string.h>

static const struct {
    const char *kind, *tier, *label;
} kinds[] = {
    {"pipes", "basic", "供水管网"},      {"wiring", "basic", "供电线路"},       {"drainage", "basic", "排水管网"},
    {"fire", "basic", "消防设施"},       {"structure", "basic", "房屋结构"},    {"lighting", "improvement", "照明"},
    {"roads", "improvement", "道路"},    {"parking", "improvement", "停车"},    {"chargers", "improvement", "充电设施"},
    {"greening", "improvement", "绿化"}, {"culture", "upgrade", "文化设施"},    {"elderly", "upgrade", "养老设施"},
    {"child", "upgrade", "儿童设施"},
};
#define N_KINDS (int)(sizeof kinds / sizeof kinds[0])

const char *project_kind_tier(const char *kind)
{
    for (int i = 0; kind && i < N_KINDS; i++)
        if (strcmp(kinds[i].kind, kind) == 0)
            return kinds[i].tier;
    return NULL;
}

const char *project_kind_label_zh(const char *kind)
{
    for (int i = 0; kind && i < N_KINDS; i++)
        if (strcmp(kinds[i].kind, kind) == 0)
            return kinds[i].label;
    return "其他";
}

bool project_tier_valid(const char *tier)
{
    return tier && (strcmp(tier, "basic") == 0 || strcmp(tier, "improvement") == 0 || strcmp(tier, "upgrade") == 0);
}

const char *project_tier_label_zh(const char *tier)
{
    if (tier && strcmp(tier, "basic") == 0)
        return "基础类";
    if (tier && strcmp(tier, "improvement") == 0)
        return "完善类";
    if (tier && strcmp(tier, "upgrade") == 0)
        return "提升类";
    return "其他";
}

/* Three checks every inspection makes, then one or two of the kind's own
 * (the points the national guidance names for that kind of work). */
#define COMMON {"safety", "安全文明施工"}, {"materials", "材料与送检批次一致"}, {"progress", "进度与计划一致"}
static const ProjectCheck ck_pipes[] = {COMMON, {"pressure_test", "管道试压合格"}, {"disinfection", "冲洗消毒"}};
static const ProjectCheck ck_wiring[] = {COMMON, {"insulation", "绝缘电阻测试"}, {"grounding", "接地可靠"}};
static const ProjectCheck ck_drainage[] = {COMMON, {"slope", "坡度符合设计"}, {"flow_test", "通水试验"}};
static const ProjectCheck ck_fire[] = {COMMON, {"hydrant", "消火栓出水"}, {"alarm", "报警联动"}};
static const ProjectCheck ck_structure[] = {COMMON, {"rebar", "钢筋规格间距"}, {"concrete", "混凝土强度"}};
static const ProjectCheck ck_lighting[] = {COMMON, {"illuminance", "照度达标"}};
static const ProjectCheck ck_roads[] = {COMMON, {"compaction", "基层压实"}, {"flatness", "路面平整"}};
static const ProjectCheck ck_parking[] = {COMMON, {"marking", "标线清晰"}, {"fire_lane", "不占消防通道"}};
static const ProjectCheck ck_chargers[] = {COMMON, {"grounding", "接地保护"}, {"cable", "线缆敷设"}};
static const ProjectCheck ck_greening[] = {COMMON, {"survival", "苗木成活"}};
static const ProjectCheck ck_public[] = {COMMON, {"accessibility", "无障碍设计"}, {"child_safety", "防护与安全间距"}};

const ProjectCheck *project_checklist(const char *kind, int *n)
{
#define K(name, arr)                                                                                                   \
    if (strcmp(kind, name) == 0) {                                                                                     \
        *n = (int)(sizeof arr / sizeof arr[0]);                                                                        \
        return arr;                                                                                                    \
    }
    *n = 0;
    if (!kind)
        return NULL;
    K("pipes", ck_pipes)
    K("wiring", ck_wiring)
    K("drainage", ck_drainage)
    K("fire", ck_fire)
    K("structure", ck_structure)
    K("lighting", ck_lighting)
    K("roads", ck_roads)
    K("parking", ck_parking)
    K("chargers", ck_chargers)
    K("greening", ck_greening)
    K("culture", ck_public)
    K("elderly", ck_public)
    K("child", ck_public)
#undef K
    return NULL;
}

const char *project_checklist_fault(const char *kind, const char *const *passed, int n_passed,
                                    const char *const *failed, int n_failed)
{
    int n;
    const ProjectCheck *list = project_checklist(kind, &n);
    if (!list)
        return "";
    int seen[16] = {0};
    for (int side = 0; side < 2; side++) {
        const char *const *keys = side ? failed : passed;
        int nk = side ? n_failed : n_passed;
        for (int i = 0; i < nk; i++) {
            int k = 0;
            while (k < n && strcmp(list[k].key, keys[i]) != 0)
                k++;
            if (k == n || seen[k]++)
                return keys[i];
        }
    }
    for (int k = 0; k < n; k++)
        if (!seen[k])
            return list[k].key;
    return NULL;
}

ProjectStartRule project_start_rule(bool planned, bool uses_maintenance_fund, bool vote_linked, bool vote_passed)
{
    if (!planned)
        return PSTART_NOT_PLANNED;
    if (!uses_maintenance_fund)
        return PSTART_OK;
    if (!vote_linked)
        return PSTART_NEEDS_VOTE;
    return vote_passed ? PSTART_OK : PSTART_VOTE_NOT_PASSED;
}

void project_round(int64_t started_at, const int64_t *times, int n, int64_t now, ProjectRound *out)
{
    *out = (ProjectRound){0, started_at + PROJECT_FORTNIGHT, false};
    if (now >= started_at) {
        int j = 0, k = 0;
        for (; k < PROJECT_ROUNDS_MAX; k++) {
            int64_t start = started_at + (int64_t)k * PROJECT_FORTNIGHT, end = start + PROJECT_FORTNIGHT;
            while (j < n && times[j] < start)
                j++;
            bool covered = j < n && times[j] < end;
            if (end > now) {
                /* the fortnight under way: due at its end unless inspected already */
                out->next_due = covered ? end + PROJECT_FORTNIGHT : end;
                break;
            }
            if (!covered)
                out->missed++;
        }
        if (k == PROJECT_ROUNDS_MAX) {
            /* beyond the fortnights looked at, each one ended counts as missed */
            int64_t rest = (now - started_at) / PROJECT_FORTNIGHT - PROJECT_ROUNDS_MAX;
            out->missed += (int)(rest > 1000000 ? 1000000 : rest);
            out->next_due = started_at + ((now - started_at) / PROJECT_FORTNIGHT + 1) * PROJECT_FORTNIGHT;
        }
    }
    out->due_this_week = out->next_due <= now + 7 * PROJECT_DAY;
}

int project_defect_level(int64_t due_at, int64_t now)
{
    if (now <= due_at)
        return 0;
    int64_t days = (now - due_at - 1) / PROJECT_DAY;
    return days >= 2 ? 3 : (int)days + 1;
}

static const char *const stage_names[PSTAGE__COUNT] = {"self", "initial", "final"};
static const char *const stage_labels[PSTAGE__COUNT] = {"施工单位自检", "监理初验", "联合竣工验收"};
static const char *const signers_self[] = {"contractor", NULL};
static const char *const signers_initial[] = {"supervisor", NULL};
static const char *const signers_final[] = {"street", "planning", "housing", "fire", "community", "committee",
                                            "residents", NULL};
static const struct {
    const char *role, *label;
} signer_roles[] = {
    {"contractor", "施工单位"}, {"supervisor", "监理单位"}, {"street", "街道办事处"}, {"planning", "规划部门"},
    {"housing", "住建部门"},    {"fire", "消防部门"},       {"community", "社区"},       {"committee", "院委会"},
    {"residents", "居民代表"},
};

int project_stage_parse(const char *s)
{
    for (int i = 0; s && i < PSTAGE__COUNT; i++)
        if (strcmp(s, stage_names[i]) == 0)
            return i;
    return -1;
}

const char *project_stage_name(ProjectStage s)
{
    return (int)s >= 0 && s < PSTAGE__COUNT ? stage_names[s] : "";
}

const char *project_stage_label_zh(ProjectStage s)
{
    return (int)s >= 0 && s < PSTAGE__COUNT ? stage_labels[s] : "";
}

const char *const *project_stage_signers(ProjectStage s)
{
    return s == PSTAGE_SELF ? signers_self : s == PSTAGE_INITIAL ? signers_initial : signers_final;
}

bool project_signer_role_valid(const char *role)
{
    for (size_t i = 0; role && i < sizeof signer_roles / sizeof signer_roles[0]; i++)
        if (strcmp(signer_roles[i].role, role) == 0)
            return true;
    return false;
}

const char *project_signer_label_zh(const char *role)
{
    for (size_t i = 0; role && i < sizeof signer_roles / sizeof signer_roles[0]; i++)
        if (strcmp(signer_roles[i].role, role) == 0)
            return signer_roles[i].label;
    return "其他";
}

ProjectAccRule project_acceptance_rule(ProjectStage stage, const bool done[PSTAGE__COUNT], int64_t open_defects,
                                       const char *const *roles, int n_roles, const char **missing)
{
    *missing = NULL;
    if (done[stage])
        return PACC_DONE_ALREADY;
    if (stage > PSTAGE_SELF && !done[stage - 1])
        return PACC_PREVIOUS_MISSING;
    if (stage == PSTAGE_FINAL && open_defects > 0)
        return PACC_OPEN_DEFECTS;
    for (const char *const *need = project_stage_signers(stage); *need; need++) {
        int i = 0;
        while (i < n_roles && strcmp(roles[i], *need) != 0)
            i++;
        if (i == n_roles) {
            *missing = *need;
            return PACC_SIGNER_MISSING;
        }
    }
    return PACC_OK;
}

ProjectSignRule project_sign_rule(bool is_rep, bool signed_already)
{
    if (!is_rep)
        return PSIGN_NOT_REP;
    return signed_already ? PSIGN_ALREADY : PSIGN_OK;
}
