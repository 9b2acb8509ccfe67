/* pii.h: personal information rules (PIPL): GB 11643 ID numbers, masking,
 * encryption at rest with a key that lives in a file, never in the database,
 * and keyed hashes for exact-match search and duplicate detection. */
#ifndef GZ_PII_H
#define GZ_PII_H
#include <stdbool.h>
#include <stddef.h>

#include "core/arena.h"

/* GB 11643-1999 check character for the first 17 digits ('0'..'9' or 'X'),
 * or 0 when those are not 17 digits. */
char pii_id_check_char(const char *first17);
/* True for an 18-character ID whose check character matches (lower-case x
 * accepted). Old address codes are valid: the region is not checked. The
 * birth date must be a real calendar date. */
bool pii_id_valid(const char *id);
/* A mainland mobile number: 11 digits starting with 1. */
bool pii_phone_valid(const char *phone);

/* "110105********002X" (first 6, eight stars, last 4). out: 19 bytes. */
void pii_mask_id(const char *id, char out[19]);
/* "138****1234" for 11 digits; other lengths keep the first 3 and last 4
 * when long enough, else all stars. out: 32 bytes. */
void pii_mask_phone(const char *phone, char out[32]);

/* Free text (a work order's description, a note) with every phone-like and
 * ID-like number in it masked as the register masks them, for readers who
 * may not see them. A number is a run of digits (ASCII or full-width) in which
 * single separators may stand between digits: a space, an ideographic space,
 * a hyphen (ASCII or full-width) or a closing bracket ("(028)8765-4321");
 * an 18-character ID may end in X. Within such a number, read from the left:
 *   18 characters (17 digits + digit or X), 15 digits: ID numbers, first 6
 *     and last 4 kept (510104********123X);
 *   11 digits 1[3-9]...: a mobile, 138****1234; 13 digits 861[3-9]...: the
 *     same with the country code, 86138****1234;
 *   10-12 digits starting with 0: a landline with its area code, the area
 *     code (3 digits for 01x/02x, else 4) and the last 4 kept;
 * a shape counts only when it starts and ends where digits meet a separator
 * or the number's end, and, when it spans separators, none of its parts is a
 * phone or ID number by itself ("2024-06-01 13812345678" is a date and a
 * mobile; "2024-06-01" alone is three short runs).
 * Any other run of 7 or more digits with no separator inside keeps only its
 * last 4 (it may hide a phone inside a longer number). Hidden digits become
 * '*', separators stay. Arena memory; NULL for NULL. */
char *pii_mask_text(Arena *a, const char *text);

/* The secret key (32 bytes), loaded from the key file once at start-up.
 * Loading it also installs the keys derived from it: the audit chain's MAC
 * key (audit_key_set) and the login hash key (auth_login_key_set). */
bool pii_key_load(const char *path, char *err, size_t errlen);
/* Creates a new random key file (mode 0600); refuses to overwrite. */
bool pii_key_create(const char *path, char *err, size_t errlen);
bool pii_key_loaded(void);
/* A check value of the loaded key (64 hex digits + NUL), stored in the
 * database so a start with another database's key file is refused; it tells
 * nothing about the key. False when no key is loaded. */
bool pii_key_check_value(char out[65]);

/* Encrypts with XSalsa20-Poly1305 (libsodium crypto_secretbox_easy, random
 * nonce prepended) into base64 text.
 * Returns malloc'd text or NULL. */
char *pii_encrypt(const char *plain);
/* Decrypts text from pii_encrypt; NULL if tampered or wrong key. malloc'd. */
char *pii_decrypt(const char *sealed);
/* Keyed BLAKE2b hash (hex, 32 chars + NUL) of a normalised value, for
 * search by exact phone or ID and for "one owner, several units". */
void pii_hash(const char *value, char out[33]);

/* Sensitive tags: only roles holding PERM_SENSITIVE_TAGS see these.
 * Accepts the canonical English name or its Chinese label. */
bool pii_tag_sensitive(const char *tag);

/* The resident tag vocabulary: canonical English names, NULL-terminated.
 * Stored in person.tags comma-separated, e.g. "lives_alone,party_member". */
extern const char *const g_pii_tags[];
/* Chinese label of a canonical tag ("lives_alone" -> "独居"); a tag outside
 * the vocabulary is returned unchanged, so nothing stored is ever hidden. */
const char *pii_tag_label_zh(const char *tag);
/* The canonical name for a canonical name (any case) or a Chinese label
 * ("独居" -> "lives_alone"); NULL when the tag is not in the vocabulary.
 * Surrounding spaces are ignored. */
const char *pii_tag_canonical(const char *any);

#endif
