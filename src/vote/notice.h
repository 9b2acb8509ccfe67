/* notice.h: public notices (公示): published once, never edited; a
 * correction is a new notice pointing to the one it corrects. Other
 * capabilities (funds, work orders) publish through notice_publish. */
#ifndef GZ_VOTE_NOTICE_H
#define GZ_VOTE_NOTICE_H
#include <stdbool.h>
#include <stdint.h>
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

#endif
