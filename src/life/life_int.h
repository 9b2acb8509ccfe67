/* life_int.h: what the model files of life/ share (inside src/life/ only). */
#ifndef GZ_LIFE_INT_H
#define GZ_LIFE_INT_H
#include "grid/read.h"
#include "life/life.h"
#include "life/list_sql.h"

/* The most rows one page of a life list reads: 100 shown and one more that
 * tells whether a next page exists. */
#define LIFE_PAGE_MAX 101

/* The grid node, LM_NO_SUCH_NODE (field node_id) when absent. */
bool life_node(const Ctx *c, int64_t node_id, NodeInfo *n, LifeErr *e);
/* audit_append for the acting user; a failure becomes the storage error. */
bool life_audit(const Ctx *c, const char *entity, int64_t id, const char *action, const char *after, LifeErr *e);

/* The ids a page of a list statement of list_sql.h answers (st from
 * db_query; at most limit and LIFE_PAGE_MAX); -1 with the storage error. */
int life_page_ids(const Ctx *c, DbStmt *st, int limit, int64_t *ids, LifeErr *e);

#endif
