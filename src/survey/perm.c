/* perm.c: the survey's permission questions, one function each, over
 * perm_allows on the survey's node (tests/unit/test_survey_rules.c has the
 * table). The API, the pages, the export and the inbox all ask here. */
#include <string.h>

#include "survey/survey.h"

static bool denied(const Ctx *c, SurveyErr *e)
{
    return survey_err(e, c->who ? SV_FORBIDDEN : SV_LOGIN_NEEDED, NULL);
}

bool survey_may_manage(const Ctx *c, const Survey *s, SurveyErr *e)
{
    return perm_allows(c->who, PERM_SURVEY_MANAGE, s->node_path) || denied(c, e);
}

bool survey_may_enter(const Ctx *c, const Survey *s, SurveyErr *e)
{
    return !c->who || perm_allows(c->who, PERM_SURVEY_ENTER, s->node_path) || denied(c, e);
}

bool survey_may_see_results(const Ctx *c, const Survey *s, SurveyErr *e)
{
    if (perm_allows(c->who, PERM_SURVEY_MANAGE, s->node_path))
        return true;
    return (strcmp(s->status, "closed") == 0 && perm_allows(c->who, PERM_TREE_READ, s->node_path)) || denied(c, e);
}

bool survey_may_see_small_cells(const Ctx *c, const Survey *s)
{
    return perm_allows(c->who, PERM_SURVEY_MANAGE, s->node_path);
}
