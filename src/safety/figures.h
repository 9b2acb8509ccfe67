/* figures.h: what the indicators (results/) read of safety: the hazards
 * open now under a place by grade, and the patrol check-ins made in a
 * period. Read functions: they answer in the caller's transaction and never
 * check permission. */
#ifndef GZ_SAFETY_FIGURES_H
#define GZ_SAFETY_FIGURES_H
#include <stdbool.h>
#include <stdint.h>

#include "auth/ctx.h"

typedef struct SafetyFigures {
    int64_t open_red, open_yellow, open_blue; /* open now, by grade */
    int64_t checkins;                        /* patrol check-ins made in [from, to) on routes under the place */
    int64_t rows;                            /* rows read */
} SafetyFigures;

/* False on a storage error or a bad path. */
bool safety_figures(const Ctx *c, const char *node_path, int64_t from, int64_t to, SafetyFigures *out);

#define SAFETY_OPEN_BY_GRADE_SQL                                                                                       \
    "SELECT grade FROM hazard WHERE is_open = 1 AND node_path >= ? AND node_path < ?"
#define SAFETY_CHECKINS_SQL                                                                                            \
    "SELECT COUNT(*) FROM patrol_checkin k JOIN patrol_route r ON r.id = k.route_id "                               \
    "WHERE k.server_time >= ? AND k.server_time < ? AND r.node_path >= ? AND r.node_path < ?"

#endif
