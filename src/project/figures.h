/* figures.h: what the indicators (results/) read of the renovation
 * projects: the supervision inspections made in a period on the projects
 * led from a set of compounds, and their items finished. Read functions:
 * they answer in the caller's transaction and never check permission. */
#ifndef GZ_PROJECT_FIGURES_H
#define GZ_PROJECT_FIGURES_H
#include <stdbool.h>
#include <stdint.h>

#include "auth/ctx.h"

typedef struct ProjectFigures {
    int64_t projects;     /* led from the compounds */
    int64_t inspections;  /* made in [from, to) */
    int64_t items, items_done; /* their items, and of them done (now) */
    int64_t rows;         /* rows read */
} ProjectFigures;

/* Over the projects whose lead compound is one of compound_ids[0..n). */
bool project_figures(const Ctx *c, const int64_t *compound_ids, int n, int64_t from, int64_t to, ProjectFigures *out);

#define PROJECT_OF_COMPOUND_SQL "SELECT id FROM project WHERE node_id = ? ORDER BY id"
#define PROJECT_INSPECTIONS_PERIOD_SQL                                                                                 \
    "SELECT COUNT(*) FROM project_inspection WHERE project_id = ? AND inspected_at >= ? AND inspected_at < ?"
#define PROJECT_ITEMS_DONE_SQL                                                                                         \
    "SELECT COUNT(*), COALESCE(SUM(CASE WHEN status = 'done' THEN 1 ELSE 0 END), 0) FROM project_item "            \
    "WHERE project_id = ?"

#endif
