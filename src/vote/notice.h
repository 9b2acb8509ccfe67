/* notice.h: public notices (公示): published once, never edited; a
 * correction is a new notice pointing to the one it corrects. Other
 * capabilities (funds, work orders) publish through notice_publish. */
#ifndef GZ_VOTE_NOTICE_H
#define GZ_VOTE_NOTICE_H
#include <stdbool.h>
#include <stdint.h>
#include "auth/ctx.h"
#include "store/db.h"

#define NOTICE_DEFAULT_PERIOD_DAYS 7

/* Publishes a public notice (公示) on a node; returns its id, 0 on error. A
 * notice is never edited: a correction is a new notice with corrects_id
 * pointing to the old one. kind: "vote_result", "payment", "minutes",
 * "convention", "decision", "execution", "general". source_entity/source_id
 * link back (e.g. "payment", 12). period_days: objection period (default 7;
 * pass 0 or less for the default). corrects_id 0 = not a correction;
 * source_entity NULL = no source. Audited in the caller's transaction. */
int64_t notice_publish(Db *db, int64_t actor_id, int64_t node_id, const char *kind, const char *title,
                       const char *body, int period_days, int64_t corrects_id, const char *source_entity,
                       int64_t source_id);

/* True when kind is one of the notice kinds above. */
bool notice_kind_valid(const char *kind);

/* A published notice as read back: its place (path and name through the
 * grid's read functions), text, objection period, what it corrects and
 * what corrects it (0: none), its source, and how many objections it has. */
typedef struct Notice {
    int64_t id, node_id;
    const char *node_path, *node_name, *kind, *title, *body;
    int period_days;
    int64_t published_at, objection_until, corrects_id, source_id, corrected_by, objections;
    const char *source_entity; /* NULL: none */
} Notice;

/* One notice; *found false when there is none. False only on a storage
 * error. Asks no permission (the caller's question). */
bool notice_get(const Ctx *c, int64_t id, Notice *out, bool *found);

/* Which notices a list wants: NULL or 0 fields filter nothing. near: a
 * node path; notices on it, inside it or above it. */
typedef struct NoticeFilter {
    const char *kind, *source_entity;
    int64_t source_id;
    const char *near;
} NoticeFilter;

/* The notices c->who may read (PERM_TREE_READ on their place) that match f,
 * newest first: *total of them, of which those from offset on, at most
 * limit (0: all), in *items (c's arena). False only on a storage error. */
bool notice_list(const Ctx *c, const NoticeFilter *f, int64_t offset, int64_t limit, Notice **items, int *n,
                 int64_t *total);

struct VotePaging;
struct VotePageInfo;
/* A page of the notices c->who may read that match f, newest first
 * (vote/list_sql.h): *n ids; see VotePaging in vote_int.h. */
bool notice_list_page(const Ctx *c, const NoticeFilter *f, const struct VotePaging *pg, int64_t **ids, int *n,
                      struct VotePageInfo *info);

#endif
