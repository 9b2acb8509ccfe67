/* life_int.h: what the model files of life/ share (inside src/life/ only). */
#ifndef GZ_LIFE_INT_H
#define GZ_LIFE_INT_H
#include "grid/read.h"
#include "life/life.h"
#include "life/list_sql.h"

/* The most rows one page of a life list holds. */
#define LIFE_PAGE_MAX 100

/* The grid node, LM_NO_SUCH_NODE (field node_id) when absent. */
bool life_node(const Ctx *c, int64_t node_id, NodeInfo *n, LifeErr *e);
/* audit_append for the acting user; a failure becomes the storage error. */
bool life_audit(const Ctx *c, const char *entity, int64_t id, const char *action, const char *after, LifeErr *e);

#endif
