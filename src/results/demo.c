/* demo.c: the results' part of the demo, through the model: the baselines
 * the street office measured before the works (the 2025 household survey,
 * the old hotline's records) and the targets it set, on the street, so
 * the dashboard shows before, after and target from the first start. */
#include "results/results.h"

#include <stdio.h>

#include "core/clock.h"

typedef struct DemoRef {
    const char *code;
    ResRefKind kind;
    int64_t value;
    const char *source;
    int32_t on;
} DemoRef;

static const DemoRef k_refs[] = {
    {"wo_on_time", RES_REF_BASELINE, 615, "2025年改造前热线记录（街道办统计）", 20250310},
    {"wo_on_time", RES_REF_TARGET, 950, "街道2026年工作目标", 20261231},
    {"wo_rating", RES_REF_BASELINE, 352, "2025年改造前入户调查（抽样1200户）", 20250315},
    {"wo_rating", RES_REF_TARGET, 450, "街道2026年工作目标", 20261231},
    {"wo_median_minutes", RES_REF_BASELINE, 10080, "2025年改造前热线记录（街道办统计）", 20250310},
    {"votes_consent_area", RES_REF_BASELINE, 540, "2024年加装电梯意见征询（纸质）", 20241120},
};

bool results_demo(Db *db, uint64_t seed, char *err, size_t errlen)
{
    (void)seed;
    Arena *arena = arena_new();
    if (!arena) {
        snprintf(err, errlen, "results demo: out of memory");
        return false;
    }
    Ctx c = {db, arena, NULL, clock_now()};
    NodeInfo street;
    bool found;
    ResErr e;
    bool ok = res_default_node(&c, &street, &found, &e);
    for (size_t i = 0; ok && found && i < sizeof k_refs / sizeof k_refs[0]; i++) {
        int64_t id;
        const DemoRef *r = &k_refs[i];
        ok = res_ref_set(&c, r->code, street.id, r->kind, r->value, r->source, r->on, &id, &e);
    }
    if (!ok)
        snprintf(err, errlen, "results demo: %s", e.detail ? e.detail : "could not enter a baseline");
    arena_free(arena);
    return ok;
}
