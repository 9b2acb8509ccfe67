/* decision.h: the steps a decision goes through: 提议 → 讨论 → 表决 → 公示,
 * or 001's "一征三议两公开" (one call for opinions, three readings, two
 * publications). Pure data and rules, pinned by tests/unit/test_decision.c. */
#ifndef GZ_VOTE_DECISION_H
#define GZ_VOTE_DECISION_H
#include <stdbool.h>

typedef struct DecisionStep {
    const char *key;          /* "propose", "call", "read3", ... */
    const char *zh, *en;
    bool needs_vote;          /* done only with a closed vote that decided it */
    const char *publishes;    /* notice kind published at this step, or NULL */
} DecisionStep;

/* The steps of a template ("standard" or "yizheng"); NULL for others. */
const DecisionStep *decision_steps(const char *tmpl, int *n);

/* True when template names a known template. */
bool decision_template_valid(const char *tmpl);

#endif
