/* audit.h: the append-only, chained log of every state change.
 * Each event's link is a BLAKE2b-256 MAC, keyed by a key derived from the
 * key file (never in the database), over the previous link and the event's
 * fields (length-prefixed), so changing, removing or reordering any row
 * breaks the chain at that row, and nobody without the key file can forge a
 * row or rechain the log. Events written before the chain was keyed keep
 * their unkeyed BLAKE2b links; the keyed part starts with a "chain_keyed"
 * event whose seq audit_head.keyed_from records. A short head (seq and 16 hex
 * digits of its link) published outside the database catches what the
 * database alone cannot: a cut-off tail. See docs/audit.md. */
#ifndef GZ_AUDIT_H
#define GZ_AUDIT_H
#include <stdbool.h>
#include <stdint.h>
#include "store/db.h"

/* Installs the chain's MAC key (32 bytes; the key file's loader calls it).
 * Without it nothing is appended and nothing verified. */
void audit_key_set(const unsigned char key[32]);

/* Appends one event inside the caller's transaction. before/after are JSON
 * texts (or NULL). They must never hold full ID numbers, phones or secrets:
 * use masked values. The first append to a chain not yet keyed writes the
 * "chain_keyed" event first. Returns false on a storage error or when no key
 * is installed. */
bool audit_append(Db *db, int64_t actor_id, const char *entity, int64_t entity_id,
                  const char *action, const char *before_json, const char *after_json);

/* Starts the keyed part of the chain when it has none yet (a database
 * written by an older version), so it verifies from now on; does nothing on
 * a keyed chain. Returns false on a storage error or without a key. */
bool audit_chain_keyed(Db *db);

/* A head to publish: an event's seq and the first 16 hex digits of its link. */
typedef struct AuditHead {
    int64_t seq;
    char mac[17];
} AuditHead;

/* "1234:89ab-cdef-0123-4567", easy to copy by hand. out: 48 bytes. */
void audit_head_format(const AuditHead *h, char out[48]);
/* Reads what audit_head_format writes; dashes and spaces between the hex
 * digits are optional, letters of either case. False when malformed. */
bool audit_head_parse(const char *text, AuditHead *out);

typedef struct AuditCheck {
    int64_t events;      /* events checked */
    int64_t first_bad;   /* seq of the first broken link, 0 when the chain holds */
    char reason[200];    /* why it is broken */
    int64_t keyed_from;  /* seq where the keyed part begins (0: no events) */
    AuditHead head;      /* the last event's head (seq 0 when empty) */
} AuditCheck;

/* Recomputes the whole chain. Returns false on a storage error or when no key
 * is installed. */
bool audit_verify(Db *db, AuditCheck *out);
/* The same, and each of the n published heads must still be in the chain:
 * that event exists and its link begins with the published digits. */
bool audit_verify_heads(Db *db, const AuditHead *heads, int n, AuditCheck *out);

/* The unkeyed link of events written before the chain was keyed, exposed for
 * unit tests: hex (64 chars + NUL). */
void audit_hash(const char *prev_hex, int64_t seq, int64_t at, int64_t actor_id,
                const char *entity, int64_t entity_id, const char *action,
                const char *before_json, const char *after_json, char out_hex[65]);
/* The keyed link under the installed key, for unit tests. */
void audit_mac(const char *prev_hex, int64_t seq, int64_t at, int64_t actor_id,
               const char *entity, int64_t entity_id, const char *action,
               const char *before_json, const char *after_json, char out_hex[65]);

#endif
