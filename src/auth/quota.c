/* quota.c: sliding-window counters of sensitive reads, one row per event in
 * quota_event, in the caller's transaction. */
#include <stddef.h> /* store/db.h uses size_t without including it */

#include "auth/quota.h"

QuotaResult quota_take(Db *db, const char *key, int64_t now, int64_t window_seconds, int limit)
{
    int64_t since = now - window_seconds, n = 0;
    /* The old rows of this key go first: a key holds at most `limit` rows. */
    if (!db_exec(db, "DELETE FROM quota_event WHERE quota_key = ? AND at <= ?", DB_T(key), DB_I(since)) ||
        !db_int(db, &n, "SELECT COUNT(*) FROM quota_event WHERE quota_key = ? AND at > ?", DB_T(key), DB_I(since)))
        return QUOTA_ERROR;
    if (n >= limit)
        return QUOTA_EXCEEDED;
    if (!db_exec(db, "INSERT INTO quota_event (quota_key, at) VALUES (?, ?)", DB_T(key), DB_I(now)))
        return QUOTA_ERROR;
    return QUOTA_OK;
}
