/* audit.h: the append-only, hash-chained log of every state change.
 * Each event's hash is BLAKE2b-256 over the previous hash and the event's
 * fields (length-prefixed), so changing, removing or reordering any row
 * breaks the chain at that row; `gongzhi verify` names the first broken link. */
#ifndef GZ_AUDIT_H
#define GZ_AUDIT_H
#include <stdbool.h>
#include <stdint.h>
#include "store/db.h"

/* Appends one event inside the caller's transaction. before/after are JSON
 * texts (or NULL). They must never hold full ID numbers, phones or secrets:
 * use masked values. Returns false on a storage error. */
bool audit_append(Db *db, int64_t actor_id, const char *entity, int64_t entity_id,
                  const char *action, const char *before_json, const char *after_json);

typedef struct AuditCheck {
    int64_t events;      /* events checked */
    int64_t first_bad;   /* seq of the first broken link, 0 when the chain holds */
    char reason[160];    /* why it is broken */
} AuditCheck;

/* Recomputes the whole chain. Returns false on a storage error. */
bool audit_verify(Db *db, AuditCheck *out);

/* The event hash, exposed for unit tests: hex (64 chars + NUL). */
void audit_hash(const char *prev_hex, int64_t seq, int64_t at, int64_t actor_id,
                const char *entity, int64_t entity_id, const char *action,
                const char *before_json, const char *after_json, char out_hex[65]);

#endif
