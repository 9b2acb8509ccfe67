/* decision.c: the templates of a decision's way through deliberation. */
#include "vote/decision.h"

#include <string.h>

static const DecisionStep standard[] = {
    {"propose", "提议", "Propose", false, NULL},
    {"discuss", "讨论", "Discuss", false, NULL},
    {"vote", "表决", "Vote", true, NULL},
    {"publish", "公示", "Publish", false, "decision"},
};

/* 001: the committee proposes, units and buildings consult, party members
 * and residents' representatives decide; the decision is published, and
 * later its execution. */
static const DecisionStep yizheng[] = {
    {"call", "一征：征集意见", "Call for opinions", false, NULL},
    {"read1", "一议：院委会提议", "First reading: the committee proposes", false, NULL},
    {"read2", "二议：楼栋单元协商", "Second reading: buildings and units consult", false, NULL},
    {"read3", "三议：党员和居民代表决议", "Third reading: party members and representatives decide", true, NULL},
    {"publish_decision", "一公开：公开决议", "First publication: the decision", false, "decision"},
    {"publish_execution", "二公开：公开执行结果", "Second publication: the execution", false, "execution"},
};

const DecisionStep *decision_steps(const char *tmpl, int *n)
{
    if (tmpl && strcmp(tmpl, "standard") == 0) {
        *n = (int)(sizeof standard / sizeof standard[0]);
        return standard;
    }
    if (tmpl && strcmp(tmpl, "yizheng") == 0) {
        *n = (int)(sizeof yizheng / sizeof yizheng[0]);
        return yizheng;
    }
    *n = 0;
    return NULL;
}

bool decision_template_valid(const char *tmpl)
{
    int n;
    return decision_steps(tmpl, &n) != NULL;
}
