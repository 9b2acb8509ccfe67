/* pii.c: personal information rules: GB 11643 ID numbers, masking, the key file, encryption at rest and keyed hashes. */
#include "grid/pii.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <sodium.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "auth/audit.h"
#include "auth/session.h"
#include "core/clock.h"
#include "core/log.h"

#define PII_KEY_BYTES 32
#define PII_HASH_BYTES 16

/* The key is loaded once at start-up and only read afterwards, so worker
 * threads may use it without a lock. */
static unsigned char g_key[PII_KEY_BYTES];
/* A separate sub-key for hashing, so a hash never reveals anything about the
 * encryption key and the two uses can never be confused. */
static unsigned char g_hash_key[PII_KEY_BYTES];
static bool g_key_ok;

_Static_assert(crypto_secretbox_KEYBYTES == PII_KEY_BYTES, "secretbox key size");
_Static_assert(crypto_kdf_KEYBYTES == PII_KEY_BYTES, "kdf key size");

/* ---- ID numbers ------------------------------------------------------- */

static const int k_id_weights[17] = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
static const char k_id_check[] = "10X98765432";

char pii_id_check_char(const char *first17)
{
    if (!first17)
        return 0;
    int sum = 0;
    for (int i = 0; i < 17; i++) {
        char c = first17[i];
        if (c < '0' || c > '9')
            return 0;
        sum += (c - '0') * k_id_weights[i];
    }
    return k_id_check[sum % 11];
}

static bool is_leap(int y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int days_in_month(int y, int m)
{
    static const int d[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return m == 2 && is_leap(y) ? 29 : d[m - 1];
}

/* Today's date in China (UTC+8), as YYYYMMDD, from the one clock. */
static long today_yyyymmdd(void)
{
    return (long)clock_local_yyyymmdd(clock_now());
}

static int digits_value(const char *s, int n)
{
    int v = 0;
    for (int i = 0; i < n; i++)
        v = v * 10 + (s[i] - '0');
    return v;
}

bool pii_id_valid(const char *id)
{
    if (!id || strlen(id) != 18)
        return false;
    char want = pii_id_check_char(id);
    if (!want)
        return false;
    if (toupper((unsigned char)id[17]) != want)
        return false;
    int y = digits_value(id + 6, 4), m = digits_value(id + 10, 2), d = digits_value(id + 12, 2);
    if (y < 1900 || m < 1 || m > 12 || d < 1 || d > days_in_month(y, m))
        return false;
    return (long)y * 10000 + m * 100 + d <= today_yyyymmdd();
}

bool pii_phone_valid(const char *phone)
{
    if (!phone || strlen(phone) != 11 || phone[0] != '1')
        return false;
    for (int i = 0; i < 11; i++)
        if (phone[i] < '0' || phone[i] > '9')
            return false;
    return true;
}

/* ---- masking ---------------------------------------------------------- */

static bool all_ascii(const char *s)
{
    for (; *s; s++)
        if ((unsigned char)*s >= 0x80 || (unsigned char)*s < 0x20)
            return false;
    return true;
}

void pii_mask_id(const char *id, char out[19])
{
    size_t n = id ? strlen(id) : 0;
    /* Too short to keep 10 characters and still hide anything, or not
     * ASCII (cutting could split a character): hide it all. */
    if (n < 12 || !all_ascii(id)) {
        snprintf(out, 19, "%s", n ? "********" : "");
        return;
    }
    memcpy(out, id, 6);
    memcpy(out + 6, "********", 8);
    memcpy(out + 14, id + n - 4, 4);
    out[18] = 0;
}

void pii_mask_phone(const char *phone, char out[32])
{
    size_t n = phone ? strlen(phone) : 0;
    if (n < 8 || !all_ascii(phone)) {
        snprintf(out, 32, "%s", n ? "****" : "");
        return;
    }
    memcpy(out, phone, 3);
    memcpy(out + 3, "****", 4);
    memcpy(out + 7, phone + n - 4, 4);
    out[11] = 0;
}

/* ---- numbers in free text (pii_mask_text) ----------------------------- */

/* One digit (or an ID's final X) of a number found in free text. */
typedef struct TextDigit {
    size_t off;        /* byte offset in the text */
    unsigned char len; /* bytes: 1 (ASCII) or 3 (full-width) */
    char d;            /* '0'..'9' or 'X' */
    bool run_start;    /* the number starts here or a separator comes before it */
    bool hide;
} TextDigit;

/* The length in bytes of the digit at s (0 when none); *d gets its value.
 * Full-width digits are U+FF10..U+FF19 (EF BC 90..99). The bytes are tested
 * left to right, so a NUL stops the test before anything past it is read. */
static int digit_at(const char *s, char *d)
{
    const unsigned char *u = (const unsigned char *)s;
    if (u[0] >= '0' && u[0] <= '9') {
        *d = (char)u[0];
        return 1;
    }
    if (u[0] == 0xEF && u[1] == 0xBC && u[2] >= 0x90 && u[2] <= 0x99) {
        *d = (char)('0' + (u[2] - 0x90));
        return 3;
    }
    return 0;
}

/* An ID number's check character X: x, X, full-width Ｘ (EF BC B8), ｘ (EF BD 98). */
static int x_at(const char *s)
{
    const unsigned char *u = (const unsigned char *)s;
    if (u[0] == 'X' || u[0] == 'x')
        return 1;
    if (u[0] == 0xEF && ((u[1] == 0xBC && u[2] == 0xB8) || (u[1] == 0xBD && u[2] == 0x98)))
        return 3;
    return 0;
}

/* A separator people type inside a phone number: space, hyphen, a closing
 * bracket after an area code, ideographic space (E3 80 80), full-width
 * hyphen (EF BC 8D) or bracket (EF BC 89). */
static int separator_at(const char *s)
{
    const unsigned char *u = (const unsigned char *)s;
    if (u[0] == ' ' || u[0] == '-' || u[0] == ')')
        return 1;
    if (u[0] == 0xE3 && u[1] == 0x80 && u[2] == 0x80)
        return 3;
    if (u[0] == 0xEF && u[1] == 0xBC && (u[2] == 0x8D || u[2] == 0x89))
        return 3;
    return 0;
}

/* Reads the number that starts at text + i: its digits into dg (when not
 * NULL) and its end into *end. Returns the number of digits. */
static size_t number_scan(const char *text, size_t i, TextDigit *dg, size_t *end)
{
    size_t n = 0, p = i;
    bool run_start = true;
    char d;
    for (;;) {
        int k = digit_at(text + p, &d);
        if (k) {
            if (dg)
                dg[n] = (TextDigit){p, (unsigned char)k, d, run_start, false};
            n++;
            p += (size_t)k;
            run_start = false;
            int kx = x_at(text + p);
            if (kx) {
                /* an X right after a digit ends the number */
                if (dg)
                    dg[n] = (TextDigit){p, (unsigned char)kx, 'X', false, false};
                n++;
                p += (size_t)kx;
                break;
            }
            continue;
        }
        int ks = separator_at(text + p);
        if (ks && digit_at(text + p + ks, &d)) {
            p += (size_t)ks;
            run_start = true;
            continue;
        }
        break;
    }
    *end = p;
    return n;
}

/* How many leading characters of the n characters in d stay visible when d
 * is a phone or ID number; -1 when it is neither. */
static int shape_keep(const char *d, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (d[i] == 'X' && !(n == 18 && i == 17))
            return -1;
    if (n == 18 || n == 15)
        return 6;
    if (n == 11 && d[0] == '1' && d[1] >= '3' && d[1] <= '9')
        return 3;
    if (n == 13 && d[0] == '8' && d[1] == '6' && d[2] == '1' && d[3] >= '3' && d[3] <= '9')
        return 5;
    if (n >= 10 && n <= 12 && d[0] == '0')
        return d[1] == '1' || d[1] == '2' ? 3 : 4;
    return -1;
}

/* shape_keep of the len characters of dg from at. */
static int shape_keep_at(const TextDigit *dg, size_t at, size_t len)
{
    char d[18];
    if (len > sizeof d)
        return -1;
    for (size_t q = 0; q < len; q++)
        d[q] = dg[at + q].d;
    return shape_keep(d, len);
}

/* True when one of the runs in dg[at, at + len) is a phone or ID number by
 * itself: then the separators before and after it are not inside it
 * ("2024-06-01 13812345678" is a date and a mobile, not one long number). */
static bool holds_whole_number(const TextDigit *dg, size_t at, size_t len)
{
    size_t start = at;
    for (size_t q = at + 1; q <= at + len; q++) {
        if (q < at + len && !dg[q].run_start)
            continue;
        if (start != at || q != at + len) {
            if (shape_keep_at(dg, start, q - start) >= 0)
                return true;
        }
        start = q;
    }
    return false;
}

/* Marks the digits of one number to hide (the rules in pii.h). */
static void number_mark(TextDigit *dg, size_t nd)
{
    static const size_t shapes[] = {18, 15, 13, 12, 11, 10};
    size_t at = 0;
    while (at < nd) {
        int keep = -1;
        size_t len = 0;
        for (size_t s = 0; s < sizeof shapes / sizeof shapes[0] && keep < 0; s++) {
            len = shapes[s];
            if (at + len > nd || !(at + len == nd || dg[at + len].run_start))
                continue;
            keep = shape_keep_at(dg, at, len);
            if (keep >= 0 && holds_whole_number(dg, at, len))
                keep = -1;
        }
        if (keep >= 0) {
            for (size_t q = at + (size_t)keep; q < at + len - 4; q++)
                dg[q].hide = true;
            at += len;
            continue;
        }
        size_t j = at + 1;
        while (j < nd && !dg[j].run_start)
            j++;
        if (j - at >= 7)
            for (size_t q = at; q < j - 4; q++)
                dg[q].hide = true;
        at = j;
    }
}

char *pii_mask_text(Arena *a, const char *text)
{
    if (!text)
        return NULL;
    size_t len = strlen(text), o = 0;
    /* a hidden character becomes one '*': the result is never longer */
    char *out = arena_alloc(a, len + 1);
    for (size_t i = 0; i < len;) {
        char d;
        if (!digit_at(text + i, &d)) {
            out[o++] = text[i++];
            continue;
        }
        size_t end;
        size_t nd = number_scan(text, i, NULL, &end);
        TextDigit *dg = arena_alloc(a, sizeof *dg * nd);
        number_scan(text, i, dg, &end);
        number_mark(dg, nd);
        size_t q = 0;
        for (size_t b = i; b < end;) {
            if (q < nd && dg[q].off == b) {
                if (dg[q].hide) {
                    out[o++] = '*';
                } else {
                    memcpy(out + o, text + b, dg[q].len);
                    o += dg[q].len;
                }
                b += dg[q].len;
                q++;
            } else {
                out[o++] = text[b++];
            }
        }
        i = end;
    }
    out[o] = 0;
    return out;
}

/* ---- the key file ----------------------------------------------------- */

static bool sodium_ready(char *err, size_t errlen)
{
    if (sodium_init() < 0) {
        snprintf(err, errlen, "libsodium could not be initialised");
        return false;
    }
    return true;
}

/* The key file is the one secret to keep; every other secret is derived
 * from it here, each for one purpose (libsodium's KDF with its own context),
 * so none reveals another: the audit chain's MAC key and the key that hashes
 * what strangers type into the login form. */
static void key_install(const unsigned char *key)
{
    memcpy(g_key, key, PII_KEY_BYTES);
    crypto_kdf_derive_from_key(g_hash_key, sizeof g_hash_key, 1, "gzpiihsh", g_key);
    unsigned char sub[PII_KEY_BYTES];
    crypto_kdf_derive_from_key(sub, sizeof sub, 1, "gzaudmac", g_key);
    audit_key_set(sub);
    crypto_kdf_derive_from_key(sub, sizeof sub, 1, "gzlogin_", g_key);
    auth_login_key_set(sub);
    sodium_memzero(sub, sizeof sub);
    g_key_ok = true;
}

bool pii_key_check_value(char out[65])
{
    out[0] = '\0';
    if (!g_key_ok)
        return false;
    unsigned char sub[PII_KEY_BYTES], mac[32];
    crypto_kdf_derive_from_key(sub, sizeof sub, 1, "gzkeychk", g_key);
    static const char label[] = "gongzhi key check v1";
    crypto_generichash(mac, sizeof mac, (const unsigned char *)label, sizeof label - 1, sub, sizeof sub);
    sodium_memzero(sub, sizeof sub);
    sodium_bin2hex(out, 65, mac, sizeof mac);
    return true;
}

bool pii_key_load(const char *path, char *err, size_t errlen)
{
    if (!sodium_ready(err, errlen))
        return false;
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        snprintf(err, errlen, "cannot open key file %s: %s", path, strerror(errno));
        return false;
    }
    struct stat st;
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        snprintf(err, errlen, "key file %s is not a regular file", path);
        close(fd);
        return false;
    }
    if (st.st_size != PII_KEY_BYTES) {
        snprintf(err, errlen, "key file %s has %lld bytes, expected %d", path, (long long)st.st_size, PII_KEY_BYTES);
        close(fd);
        return false;
    }
    if (st.st_mode & (S_IRWXG | S_IRWXO))
        log_warn("key file is readable by group or others; run: chmod 600 on it");
    unsigned char key[PII_KEY_BYTES];
    size_t got = 0;
    while (got < sizeof key) {
        ssize_t k = read(fd, key + got, sizeof key - got);
        if (k < 0 && errno == EINTR)
            continue;
        if (k <= 0) {
            snprintf(err, errlen, "cannot read key file %s", path);
            close(fd);
            sodium_memzero(key, sizeof key);
            return false;
        }
        got += (size_t)k;
    }
    close(fd);
    key_install(key);
    sodium_memzero(key, sizeof key);
    return true;
}

/* Also makes the new key the current one, so `init` can go on to write
 * encrypted rows in the same process. */
bool pii_key_create(const char *path, char *err, size_t errlen)
{
    if (!sodium_ready(err, errlen))
        return false;
    int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd < 0) {
        if (errno == EEXIST)
            snprintf(err, errlen, "key file %s already exists; refusing to overwrite it", path);
        else
            snprintf(err, errlen, "cannot create key file %s: %s", path, strerror(errno));
        return false;
    }
    unsigned char key[PII_KEY_BYTES];
    randombytes_buf(key, sizeof key);
    size_t put = 0;
    while (put < sizeof key) {
        ssize_t k = write(fd, key + put, sizeof key - put);
        if (k < 0 && errno == EINTR)
            continue;
        if (k <= 0)
            break;
        put += (size_t)k;
    }
    bool ok = put == sizeof key && fsync(fd) == 0;
    ok = close(fd) == 0 && ok;
    if (!ok) {
        snprintf(err, errlen, "cannot write key file %s: %s", path, strerror(errno));
        /* A short key file would be refused on the next load anyway; remove
         * it so a retry can create it. */
        unlink(path);
        sodium_memzero(key, sizeof key);
        return false;
    }
    key_install(key);
    sodium_memzero(key, sizeof key);
    return true;
}

bool pii_key_loaded(void)
{
    return g_key_ok;
}

/* ---- encryption ------------------------------------------------------- */

char *pii_encrypt(const char *plain)
{
    if (!g_key_ok || !plain)
        return NULL;
    size_t n = strlen(plain);
    size_t blen = crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES + n;
    unsigned char *blob = malloc(blen);
    if (!blob)
        return NULL;
    randombytes_buf(blob, crypto_secretbox_NONCEBYTES);
    crypto_secretbox_easy(blob + crypto_secretbox_NONCEBYTES, (const unsigned char *)plain, n, blob, g_key);
    size_t tlen = sodium_base64_encoded_len(blen, sodium_base64_VARIANT_ORIGINAL);
    char *text = malloc(tlen);
    if (text)
        sodium_bin2base64(text, tlen, blob, blen, sodium_base64_VARIANT_ORIGINAL);
    free(blob);
    return text;
}

char *pii_decrypt(const char *sealed)
{
    if (!g_key_ok || !sealed)
        return NULL;
    size_t tlen = strlen(sealed);
    size_t cap = tlen / 4 * 3 + 3;
    if (cap < crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES)
        return NULL;
    unsigned char *blob = malloc(cap);
    if (!blob)
        return NULL;
    size_t blen = 0;
    if (sodium_base642bin(blob, cap, sealed, tlen, NULL, &blen, NULL, sodium_base64_VARIANT_ORIGINAL) != 0 ||
        blen < crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES) {
        free(blob);
        return NULL;
    }
    size_t n = blen - crypto_secretbox_NONCEBYTES - crypto_secretbox_MACBYTES;
    char *plain = malloc(n + 1);
    if (!plain) {
        free(blob);
        return NULL;
    }
    if (crypto_secretbox_open_easy((unsigned char *)plain, blob + crypto_secretbox_NONCEBYTES,
                                   blen - crypto_secretbox_NONCEBYTES, blob, g_key) != 0) {
        free(blob);
        free(plain);
        return NULL;
    }
    free(blob);
    plain[n] = 0;
    /* An embedded NUL would make the C string lie about its contents. */
    if (strlen(plain) != n) {
        free(plain);
        return NULL;
    }
    return plain;
}

/* Without a key there is no hash: an unkeyed hash of an ID number could be
 * reversed by trying every date and sequence, so out is "" instead. */
void pii_hash(const char *value, char out[33])
{
    out[0] = 0;
    if (!g_key_ok || !value)
        return;
    while (*value == ' ' || *value == '\t' || *value == '\r' || *value == '\n')
        value++;
    size_t n = strlen(value);
    while (n && (value[n - 1] == ' ' || value[n - 1] == '\t' || value[n - 1] == '\r' || value[n - 1] == '\n'))
        n--;
    crypto_generichash_state st;
    crypto_generichash_init(&st, g_hash_key, sizeof g_hash_key, PII_HASH_BYTES);
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)toupper((unsigned char)value[i]);
        if ((unsigned char)value[i] >= 0x80)
            c = (unsigned char)value[i];
        crypto_generichash_update(&st, &c, 1);
    }
    unsigned char h[PII_HASH_BYTES];
    crypto_generichash_final(&st, h, sizeof h);
    sodium_bin2hex(out, 33, h, sizeof h);
}

/* ---- tags ------------------------------------------------------------- */

typedef struct TagDef {
    const char *name;
    const char *zh;
    bool sensitive;
} TagDef;

static const TagDef k_tags[] = {
    {"lives_alone", "独居", true},
    {"disabled", "残疾", true},
    {"health", "健康", true},
    {"child", "儿童", true},
    {"low_income", "低保", true},
    {"special_care", "特殊关爱", true},
    {"elderly", "高龄", false},
    {"party_member", "党员", false},
    {"veteran", "退役军人", false},
    {"volunteer", "志愿者", false},
};
#define N_TAGS (sizeof k_tags / sizeof k_tags[0])

const char *const g_pii_tags[] = {
    "lives_alone", "disabled", "health", "child", "low_income", "special_care",
    "elderly", "party_member", "veteran", "volunteer", NULL,
};
_Static_assert(sizeof g_pii_tags / sizeof g_pii_tags[0] == N_TAGS + 1, "g_pii_tags matches k_tags");

static const TagDef *tag_find(const char *any)
{
    if (!any)
        return NULL;
    while (*any == ' ' || *any == '\t')
        any++;
    size_t n = strlen(any);
    while (n && (any[n - 1] == ' ' || any[n - 1] == '\t'))
        n--;
    for (size_t i = 0; i < N_TAGS; i++) {
        if ((strlen(k_tags[i].name) == n && strncasecmp(k_tags[i].name, any, n) == 0) ||
            (strlen(k_tags[i].zh) == n && memcmp(k_tags[i].zh, any, n) == 0))
            return &k_tags[i];
    }
    return NULL;
}

bool pii_tag_sensitive(const char *tag)
{
    const TagDef *t = tag_find(tag);
    return t && t->sensitive;
}

const char *pii_tag_label_zh(const char *tag)
{
    const TagDef *t = tag_find(tag);
    return t ? t->zh : tag;
}

const char *pii_tag_canonical(const char *any)
{
    const TagDef *t = tag_find(any);
    return t ? t->name : NULL;
}
