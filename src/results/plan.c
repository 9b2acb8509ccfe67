/* plan.c: a compound's site plan from the register: its buildings as
 * blocks laid out deterministically (by id, in rows), each coloured by an
 * indicator of the building: open work orders, or what the levies are still
 * owed. No map service: the register knows no coordinates, only which
 * buildings there are. The layout and the colour classes are pure. */
#include "results/results.h"

#include <stdlib.h>
#include <string.h>

#include "funds/charts.h"
#include "safety/safety.h"
#include "workorder/stats.h"

void res_plan_layout(int n, int *cols, int *rows)
{
    int c = 1;
    while (c * c < n)
        c++;
    *cols = n ? c : 1;
    *rows = n ? (n + c - 1) / c : 1;
}

int res_plan_class(int64_t v, int64_t max)
{
    if (v <= 0 || max <= 0)
        return 0;
    /* four classes of equal width above zero: 1..4 */
    int64_t k = (v * 4 + max - 1) / max;
    return k < 1 ? 1 : k > 4 ? 4 : (int)k;
}

static const char *const k_by[] = {"open", "arrears", "hazards"};

bool res_plan_by_parse(const char *s, ResPlanBy *out)
{
    if (!s || !*s) {
        *out = RES_PLAN_OPEN;
        return true;
    }
    for (int i = 0; i < RES_PLAN__COUNT; i++)
        if (strcmp(s, k_by[i]) == 0) {
            *out = (ResPlanBy)i;
            return true;
        }
    return false;
}

bool res_plan(const Ctx *c, const NodeInfo *compound, ResPlanBy by, ResPlan *out, ResErr *e)
{
    memset(out, 0, sizeof *out);
    out->by = by;
    NodeList b;
    if (grid_children(c, compound->id, GRID_KIND(NODE_BUILDING), &b) != GRID_OK)
        return res_err_db(e, c->db);
    out->n = b.n;
    out->blocks = arena_alloc(c->arena, sizeof *out->blocks * (size_t)(b.n + 1));
    memset(out->blocks, 0, sizeof *out->blocks * (size_t)(b.n + 1));
    for (int i = 0; i < b.n; i++)
        out->blocks[i].node = b.items[i];
    if (by == RES_PLAN_OPEN) {
        const char **paths;
        int n;
        bool capped;
        if (!wo_open_paths(c, compound->id, 100000, &paths, &n, &capped))
            return res_err_db(e, c->db);
        for (int k = 0; k < n; k++) {
            bool placed = false;
            for (int i = 0; i < b.n && !placed; i++)
                if (grid_in_scope(paths[k], b.items[i].path)) {
                    out->blocks[i].value++;
                    placed = true;
                }
            if (!placed)
                out->elsewhere++;
        }
    } else {
        FundsFlow *funds;
        int nf;
        FundsErr fe;
        if (!funds_flows(c, compound->path, 0, 0, &funds, &nf, &fe))
            return res_err_db(e, c->db);
        for (int f = 0; f < nf; f++) {
            FundsArrears *a;
            int na;
            if (!funds_arrears_by_building(c, funds[f].fund_id, &a, &na, &fe))
                return res_err_db(e, c->db);
            for (int k = 0; k < na; k++)
                for (int i = 0; i < b.n; i++)
                    if (b.items[i].id == a[k].building_id)
                        out->blocks[i].value += a[k].outstanding;
        }
    }
    for (int i = 0; i < b.n; i++)
        if (out->blocks[i].value > out->max)
            out->max = out->blocks[i].value;
    for (int i = 0; i < b.n; i++)
        out->blocks[i].cls = res_plan_class(out->blocks[i].value, out->max);
    return true;
}

bool res_plan_hazards(const Ctx *c, const NodeInfo *compound, int64_t start, int64_t end, ResPlan *out, ResErr *e)
{
    memset(out, 0, sizeof *out);
    out->by = RES_PLAN_HAZARDS;
    NodeList b;
    if (grid_children(c, compound->id, GRID_KIND(NODE_BUILDING), &b) != GRID_OK)
        return res_err_db(e, c->db);
    out->n = b.n;
    out->blocks = arena_alloc(c->arena, sizeof *out->blocks * (size_t)(b.n + 1));
    memset(out->blocks, 0, sizeof *out->blocks * (size_t)(b.n + 1));
    for (int i = 0; i < b.n; i++)
        out->blocks[i].node = b.items[i];
    enum { PLACES_MAX = 2000 };
    SafetyPlaceCount *pl = arena_alloc(c->arena, sizeof *pl * PLACES_MAX);
    int np = safety_hazard_places(c, compound->id, start, end, pl, PLACES_MAX);
    if (np < 0)
        return res_err_db(e, c->db);
    for (int k = 0; k < np; k++) {
        int best = -1;
        size_t best_len = 0;
        for (int i = 0; i < b.n; i++) {
            size_t l = strlen(b.items[i].name);
            if (l > best_len && strstr(pl[k].place, b.items[i].name)) {
                best = i;
                best_len = l;
            }
        }
        if (best >= 0)
            out->blocks[best].value += pl[k].total;
        else
            out->elsewhere += pl[k].total;
    }
    for (int i = 0; i < b.n; i++)
        if (out->blocks[i].value > out->max)
            out->max = out->blocks[i].value;
    for (int i = 0; i < b.n; i++)
        out->blocks[i].cls = res_plan_class(out->blocks[i].value, out->max);
    return true;
}
