/* password.c: argon2id password hashes (libsodium crypto_pwhash_str). */
#include <pthread.h>
#include <sodium.h>
#include <string.h>

#include "auth/auth_int.h"
#include "auth/session.h"

/* argon2id with 19 MiB and 2 passes: OWASP's recommended minimum for
 * argon2id. libsodium's "interactive" preset takes 64 MiB per sign-in, which
 * on a small street-office server means a handful of simultaneous sign-ins
 * could take more memory than the whole server needs otherwise. The
 * parameters are stored in each hash, so existing hashes keep verifying. */
#define PASSWORD_OPSLIMIT 2
#define PASSWORD_MEMLIMIT (19u * 1024 * 1024)

/* Longer passwords only cost hashing time; no person types 1 KiB. */
#define PASSWORD_MAX 1024

static pthread_once_t sodium_once = PTHREAD_ONCE_INIT;
static int sodium_rc = -1;

static void sodium_start(void)
{
    sodium_rc = sodium_init();
}

bool auth_sodium_ready(void)
{
    pthread_once(&sodium_once, sodium_start);
    return sodium_rc >= 0;
}

bool password_hash(const char *password, char out[128])
{
    _Static_assert(crypto_pwhash_STRBYTES <= 128, "hash buffer too small");
    if (!password || !auth_sodium_ready())
        return false;
    size_t len = strlen(password);
    if (len > PASSWORD_MAX)
        return false;
    return crypto_pwhash_str(out, password, len, PASSWORD_OPSLIMIT, PASSWORD_MEMLIMIT) == 0;
}

bool password_verify(const char *hash, const char *password)
{
    if (!hash || !password || !auth_sodium_ready())
        return false;
    size_t len = strlen(password);
    /* libsodium reads the stored string as a fixed-size buffer: a longer
     * value from the database is not one of ours. */
    if (len > PASSWORD_MAX || strnlen(hash, crypto_pwhash_STRBYTES) >= crypto_pwhash_STRBYTES)
        return false;
    return crypto_pwhash_str_verify(hash, password, len) == 0;
}
