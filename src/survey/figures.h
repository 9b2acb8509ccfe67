/* figures.h: what the indicators (results/) read of the surveys: the
 * satisfaction question of the surveys closed in a period under a place.
 * A read function: answers in the caller's transaction, never checks the
 * caller's permission. */
#ifndef GZ_SURVEY_FIGURES_H
#define GZ_SURVEY_FIGURES_H
#include <stdbool.h>
#include <stdint.h>

#include "auth/ctx.h"

/* The question key a survey names its overall satisfaction by: a 5-point
 * scale; 4 (fairly) and 5 (very) count as satisfied. */
#define SURVEY_SATISFACTION_KEY "satisfaction"

typedef struct SurveySatisfaction {
    int64_t surveys;    /* closed in [from, to) under the place with such a question */
    int64_t answered;   /* counted responses that answered it: the denominator */
    int64_t satisfied;  /* of them, 4 or 5 */
    int64_t first_id;   /* the first such survey (its results page), 0: none */
    int64_t rows;       /* rows read */
} SurveySatisfaction;

/* Surveys of the scope node_path closed in [from, to). False on a storage error. */
bool survey_satisfaction(const Ctx *c, const char *node_path, int64_t from, int64_t to, SurveySatisfaction *out);

#define SURVEY_CLOSED_SQL                                                                                              \
    "SELECT id FROM survey WHERE status = 'closed' AND closed_at >= ? AND closed_at < ? AND node_path >= ? "        \
    "AND node_path < ? ORDER BY closed_at"

#endif
