/* demo.c: the survey's part of the demo, written through its own model as
 * the system (no principal): the seeds' 2023 survey of 合江亭社区 with the
 * raw answers behind its figures (92.3 % call water, power and drainage
 * urgent, 78.5 % very and 13.8 % fairly; 84.6 % want leisure space, 93.2 %
 * of the over-65s), and an open survey of 东南里7号. */
#include <stdio.h>
#include <string.h>

#include "core/clock.h"
#include "grid/read.h"
#include "survey/survey.h"

static bool fail(char *err, size_t errlen, const char *what, const SurveyErr *e)
{
    snprintf(err, errlen, "survey demo: %s: SurveyMsg %d %s %s", what, e ? (int)e->msg : -1,
             e && e->field ? e->field : "", e && e->detail ? e->detail : "");
    return false;
}

static const char SEED_QUESTIONS[] =
    "[{\"key\":\"urgent\",\"kind\":\"scale\",\"title\":\"水、电、气、排水管网改造的迫切程度\",\"required\":true,"
    "\"options\":[\"很不迫切\",\"不太迫切\",\"一般\",\"比较迫切\",\"非常迫切\"]},"
    "{\"key\":\"leisure\",\"kind\":\"single\",\"title\":\"是否希望增加休闲活动空间\",\"required\":true,"
    "\"options\":[\"希望\",\"不希望\"]},"
    "{\"key\":\"why_not\",\"kind\":\"single\",\"title\":\"不希望增加的主要原因\",\"options\":[\"怕吵\",\"占用车位\",\"其他\"],"
    "\"when\":{\"q\":\"leisure\",\"in\":[1]}},"
    "{\"key\":\"services\",\"kind\":\"multi\",\"title\":\"希望物业提供的基础服务\",\"options\":[\"垃圾清运\",\"保洁\",\"停车管理\"]},"
    "{\"key\":\"rating\",\"kind\":\"matrix\",\"title\":\"对院落现状的评价\",\"rows\":[\"照明\",\"绿化\",\"排水\"],"
    "\"options\":[\"满意\",\"一般\",\"不满意\"]},"
    "{\"key\":\"years\",\"kind\":\"number\",\"title\":\"在本院落居住的年数\",\"min\":0,\"max\":100},"
    "{\"key\":\"note\",\"kind\":\"text\",\"title\":\"其他意见和建议\"}]";

/* Every household the survey was sent to. */
static bool sent_to(const Ctx *c, int64_t id, SurveyHousehold **all, int *n, SurveyErr *e)
{
    *n = 0;
    int cap = 0;
    *all = NULL;
    int64_t after = 0;
    for (;;) {
        SurveyHousehold *h;
        int k;
        int64_t next;
        if (!survey_households(c, id, after, 500, &h, &k, &next, e))
            return false;
        SurveyHousehold *grown = arena_alloc(c->arena, sizeof *grown * (size_t)(cap + k + 1));
        if (*n)
            memcpy(grown, *all, sizeof *grown * (size_t)*n);
        memcpy(grown + *n, h, sizeof *h * (size_t)k);
        *all = grown;
        *n += k;
        cap = *n;
        if (!next)
            return true;
        after = next;
    }
}

/* The raw answers of respondent i (0..129; the first 44 over 65). */
static json_t *seed_answer(int i, int *no_old, int *no_young, int *why)
{
    bool old = i < 44;
    int urgent = i < 102 ? 5 : i < 120 ? 4 : 1 + i % 3;
    bool no = old ? (*no_old)++ < 3 : (*no_young)++ < 17;
    json_t *a = json_pack("{s:i,s:i}", "urgent", urgent, "leisure", no ? 1 : 0);
    if (no && (*why)++ < 15)
        json_object_set_new(a, "why_not", json_integer(i % 3));
    if (i % 10 != 9) {
        json_t *sv = json_array();
        if (i % 9 != 0)
            json_array_append_new(sv, json_integer(0));
        if (i % 7 != 0)
            json_array_append_new(sv, json_integer(1));
        if (i % 6 != 0)
            json_array_append_new(sv, json_integer(2));
        if (json_array_size(sv))
            json_object_set_new(a, "services", sv);
        else
            json_decref(sv);
    }
    json_object_set_new(a, "rating", json_pack("[i,i,i]", i % 3, (i + 1) % 3, i < 100 ? 2 : 1));
    json_object_set_new(a, "years", json_integer(5 + i % 40));
    if (i % 13 == 0)
        json_object_set_new(a, "note", json_string("希望改造期间保障老人出行"));
    return a;
}

static bool seed_survey(const Ctx *c, char *err, size_t errlen)
{
    NodeInfo community;
    if (grid_node_by_name(c, NODE_COMMUNITY, "合江亭社区", &community) != GRID_OK)
        return fail(err, errlen, "the community is missing", NULL);
    json_t *q = json_loads(SEED_QUESTIONS, 0, NULL);
    SurveyErr e;
    int64_t id;
    bool ok = survey_create(c, community.id, "老旧院落改造居民意愿调查（2023年）",
                            "为了解居民对院落改造的需求，按户主年龄段和户籍分层随机抽取130户，每户填写一份。", q, &id, &e);
    json_decref(q);
    if (!ok)
        return fail(err, errlen, "create", &e);
    Survey s;
    SurveyStratum *st;
    int n_st;
    if (!survey_get(c, id, &s, &e) || !survey_strata(c, &s, &st, &n_st, &e))
        return fail(err, errlen, "strata", &e);
    SurveyQuota quotas[12];
    int nq = 0, want_old = 44, want_young = 86;
    for (int i = 0; i < n_st; i++) {
        bool old = strncmp(st[i].stratum, "65p/", 4) == 0;
        bool young = strncmp(st[i].stratum, "u40/", 4) == 0 || strncmp(st[i].stratum, "40_64/", 6) == 0;
        int *want = old ? &want_old : young ? &want_young : NULL;
        if (!want || !*want)
            continue;
        int k = st[i].households < *want ? (int)st[i].households : *want;
        quotas[nq++] = (SurveyQuota){st[i].stratum, k};
        *want -= k;
    }
    if (want_old || want_young)
        return fail(err, errlen, "the community has too few households for the sample", NULL);
    int64_t n;
    if (!survey_distribute(c, id, "sample", "2023-03-15 合江亭社区居委会公示", quotas, nq, &n, &e) ||
        !survey_open(c, id, &e))
        return fail(err, errlen, "distribute", &e);
    SurveyHousehold *hh;
    int nh;
    if (!sent_to(c, id, &hh, &nh, &e))
        return fail(err, errlen, "households", &e);
    int old = 0, young = 0, no_old = 0, no_young = 0, why = 0;
    for (int i = 0; i < nh; i++) {
        bool is_old = strcmp(hh[i].age_band, "65p") == 0;
        /* respondents 0..43 are the over-65s, 44..129 the younger */
        int k = is_old ? old++ : 44 + young++;
        json_t *a = seed_answer(k, &no_old, &no_young, &why);
        int64_t rid, conflict;
        ok = survey_answer_web(c, hh[i].token, a, &rid, &conflict, &e);
        json_decref(a);
        if (!ok)
            return fail(err, errlen, "answer", &e);
    }
    return survey_close(c, id, &e) || fail(err, errlen, "close", &e);
}

static bool pilot_survey(const Ctx *c, char *err, size_t errlen)
{
    NodeInfo dnl;
    if (grid_node_by_name(c, NODE_COMPOUND, "学道苑·东南里7号", &dnl) != GRID_OK)
        return fail(err, errlen, "the pilot compound is missing", NULL);
    json_t *q = json_loads("[{\"key\":\"lift\",\"kind\":\"single\",\"title\":\"是否赞成本单元加装电梯\",\"required\":true,"
                           "\"options\":[\"赞成\",\"反对\",\"无所谓\"]},"
                           "{\"key\":\"floor\",\"kind\":\"number\",\"title\":\"您家住几楼\",\"min\":1,\"max\":9},"
                           "{\"key\":\"concern\",\"kind\":\"multi\",\"title\":\"反对的原因\",\"options\":[\"费用\",\"采光\",\"噪音\"],"
                           "\"when\":{\"q\":\"lift\",\"in\":[1]}}]",
                           0, NULL);
    SurveyErr e;
    int64_t id, n;
    bool ok = survey_create(c, dnl.id, "东南里7号加装电梯意愿摸底", "每户一份，扫码或纸质填写均可。", q, &id, &e);
    json_decref(q);
    if (!ok || !survey_distribute(c, id, "all", NULL, NULL, 0, &n, &e) || !survey_open(c, id, &e))
        return fail(err, errlen, "pilot survey", &e);
    return true;
}

bool survey_demo(Db *db, uint64_t seed, char *err, size_t errlen)
{
    (void)seed; /* the figures are the seeds', not random */
    Arena *arena = arena_new();
    if (!arena)
        return fail(err, errlen, "out of memory", NULL);
    Ctx c = {db, arena, NULL, clock_now()};
    bool ok = seed_survey(&c, err, errlen) && pilot_survey(&c, err, errlen);
    arena_free(arena);
    return ok;
}
