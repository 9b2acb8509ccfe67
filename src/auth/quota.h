/* quota.h: per-user limits on reads of personal data (register searches,
 * ID-number checks), counted in the database (table quota_event) inside
 * the request's transaction, so a limit holds across server processes and
 * restarts. A refused request rolls back, so refusals are not counted. */
#ifndef GZ_QUOTA_H
#define GZ_QUOTA_H
#include <stdbool.h>
#include <stdint.h>

#include "store/db.h"

typedef enum { QUOTA_OK, QUOTA_EXCEEDED, QUOTA_ERROR } QuotaResult;

/* Counts one event under key at time now, unless `limit` events of that key
 * already fall in the sliding window (now - window_seconds, now]: then
 * QUOTA_EXCEEDED and nothing is counted. QUOTA_ERROR on a storage error.
 * Events older than the window are deleted on the way. */
QuotaResult quota_take(Db *db, const char *key, int64_t now, int64_t window_seconds, int limit);

#endif
