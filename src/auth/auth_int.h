/* auth_int.h: helpers shared by the files of src/auth/ only; nothing outside
 * auth/ includes this. */
#ifndef GZ_AUTH_INT_H
#define GZ_AUTH_INT_H
#include <stdbool.h>
#include <stdint.h>
#include "auth/perm.h"
#include "store/db.h"

/* Initialises libsodium once per process (thread-safe); false if it cannot. */
bool auth_sodium_ready(void);

/* BLAKE2b-256 of a token, hex: the only form stored in the database. */
void auth_token_hash(const char *token, char out_hex[65]);

/* Creates a session row; fills the token and CSRF token (NUL-terminated).
 * label is stored for API tokens. Returns the expiry time, 0 on failure. */
int64_t auth_session_insert(Db *db, int64_t user_id, const char *kind, const char *label,
                            int64_t ttl_seconds, char token[64], char csrf[64]);

#endif
