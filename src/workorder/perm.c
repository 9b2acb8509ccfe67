/* perm.c: the permission questions of work orders, one function each, pure
 * over the principal's grants and the order's facts (tests/unit/test_wo_perm.c
 * holds one row per role and place): may read, what the principal is to the
 * order (the state machine's capabilities), sees its free text unmasked. */
#include <stdio.h>
#include <string.h>

#include "workorder/wo_int.h"

/* True when some committee grant of who reaches path: the compound's own
 * body (granted on the compound) is asked to confirm its orders. */
static bool committee_on(const Principal *who, const char *path)
{
    for (int i = 0; i < who->n_grants; i++) {
        const Grant *g = &who->grants[i];
        if (g->role == ROLE_COMMITTEE && g->node_path && strncmp(path, g->node_path, strlen(g->node_path)) == 0)
            return true;
    }
    return false;
}

int wo_caps_of(const Principal *who, const WoBrief *b)
{
    if (!who || !b || !b->node_path)
        return 0;
    int caps = 0;
    if (b->reporter_id && b->reporter_id == who->user_id)
        caps |= WO_CAP_REPORTER;
    /* 自治结单: where the community requires it, the compound committee
     * confirms after the reporter (someone other than the reporter) */
    if (b->committee_required && !(caps & WO_CAP_REPORTER) && committee_on(who, b->node_path))
        caps |= WO_CAP_COMMITTEE;
    if (perm_allows(who, PERM_WO_DISPATCH, b->node_path))
        caps |= WO_CAP_DISPATCHER;
    if (b->asker_org_assigned && perm_allows(who, PERM_WO_HANDLE, NULL))
        caps |= WO_CAP_HANDLER;
    return caps;
}

bool wo_may_read(const Ctx *c, const WoBrief *b)
{
    if (!c || !c->who || !b || !b->node_path)
        return false;
    return wo_caps_of(c->who, b) != 0 || perm_allows(c->who, PERM_WO_READ, b->node_path);
}

bool wo_text_in_full(const Principal *who, const WoOrder *o)
{
    if (!who || !o->node_path)
        return false;
    if (o->reporter_id && o->reporter_id == who->user_id)
        return true;
    if (perm_allows(who, PERM_PII_FULL, o->node_path))
        return true;
    /* the grid's own people: a grant whose path starts with the grid's */
    char seg[32];
    snprintf(seg, sizeof seg, "/%lld/", (long long)o->grid_id);
    const char *at = strstr(o->node_path, seg);
    if (!at)
        return false;
    size_t glen = (size_t)(at - o->node_path) + strlen(seg);
    for (int i = 0; i < who->n_grants; i++) {
        const char *gp = who->grants[i].node_path;
        if (gp && strlen(gp) >= glen && strncmp(gp, o->node_path, glen) == 0)
            return true;
    }
    return false;
}
