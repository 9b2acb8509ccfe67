/* figures.h: a work-order read for the indicators (results/): how many
 * orders of one category were finished in a period under a place (the
 * illegal structures removed are the orders of 违章搭建 done). A read
 * function: never checks permission. */
#ifndef GZ_WO_FIGURES_H
#define GZ_WO_FIGURES_H
#include <stdbool.h>
#include <stdint.h>

#include "auth/ctx.h"

/* Orders of the category code done (done_at) in [from, to) under node_path;
 * 0 for an unknown code. False on a storage error or a bad path. */
bool wo_category_done(const Ctx *c, const char *node_path, const char *category_code, int64_t from, int64_t to,
                      int64_t *n);

#define WO_CATEGORY_DONE_SQL                                                                                           \
    "SELECT COUNT(*) FROM work_order WHERE category_id = ? AND done_at >= ? AND done_at < ? "                       \
    "AND node_path >= ? AND node_path < ?"

#endif
