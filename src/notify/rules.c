/* rules.c (notify): the pure rules of delivery. No database, no HTTP. */
#include "notify/send.h"

#include <jansson.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "core/buf.h"

static const char *const platform_names[NP__COUNT] = {"wecom", "dingtalk", "feishu", "smtp"};

const char *notify_platform_name(NotifyPlatform p)
{
    return (unsigned)p < NP__COUNT ? platform_names[p] : "";
}

bool notify_platform_parse(const char *name, NotifyPlatform *out)
{
    for (int i = 0; name && i < NP__COUNT; i++)
        if (strcmp(name, platform_names[i]) == 0) {
            *out = (NotifyPlatform)i;
            return true;
        }
    return false;
}

static bool hmac_b64(const char *key, const char *msg, char *out, size_t n)
{
    unsigned char mac[crypto_auth_hmacsha256_BYTES];
    crypto_auth_hmacsha256_state st;
    crypto_auth_hmacsha256_init(&st, (const unsigned char *)key, strlen(key));
    crypto_auth_hmacsha256_update(&st, (const unsigned char *)msg, strlen(msg));
    crypto_auth_hmacsha256_final(&st, mac);
    size_t need = sodium_base64_ENCODED_LEN(sizeof mac, sodium_base64_VARIANT_ORIGINAL);
    if (n < need)
        return false;
    sodium_bin2base64(out, n, mac, sizeof mac, sodium_base64_VARIANT_ORIGINAL);
    return true;
}

bool notify_sign_dingtalk(const char *secret, int64_t ts_ms, char *out, size_t n)
{
    char msg[600], b64[64];
    if (strlen(secret) > 500)
        return false;
    snprintf(msg, sizeof msg, "%lld\n%s", (long long)ts_ms, secret);
    if (!hmac_b64(secret, msg, b64, sizeof b64))
        return false;
    /* base64's + / = are not safe in a query string */
    size_t k = 0;
    for (const char *p = b64; *p; p++) {
        if (k + 4 > n)
            return false;
        if (*p == '+' || *p == '/' || *p == '=')
            k += (size_t)snprintf(out + k, n - k, "%%%02X", (unsigned char)*p);
        else
            out[k++] = *p;
    }
    if (k >= n)
        return false;
    out[k] = 0;
    return true;
}

bool notify_sign_feishu(const char *secret, int64_t ts_s, char *out, size_t n)
{
    char key[600];
    if (strlen(secret) > 500)
        return false;
    snprintf(key, sizeof key, "%lld\n%s", (long long)ts_s, secret);
    return hmac_b64(key, "", out, n);
}

size_t notify_piece_len(const char *s, size_t len, size_t max)
{
    if (len <= max)
        return len;
    for (size_t i = max; i > 0; i--)
        if (s[i - 1] == '\n')
            return i;
    /* no line end: back off to the start of a UTF-8 character */
    size_t i = max;
    while (i > 0 && ((unsigned char)s[i] & 0xC0) == 0x80)
        i--;
    return i;
}

int64_t notify_backoff(int attempt)
{
    if (attempt < 1 || attempt >= NOTIFY_MAX_ATTEMPTS)
        return -1;
    int64_t d = 30;
    for (int i = 1; i < attempt && d < 3600; i++)
        d *= 2;
    return d < 3600 ? d : 3600;
}

bool notify_quiet_at(int start_min, int end_min, int64_t t)
{
    if (start_min == end_min || start_min < 0 || end_min < 0 || start_min >= 1440 || end_min >= 1440)
        return false;
    /* Asia/Shanghai is UTC+8 all year (no summer time) */
    int64_t local = t + 8 * 3600;
    int m = (int)(((local % 86400) + 86400) % 86400 / 60);
    if (start_min < end_min)
        return m >= start_min && m < end_min;
    return m >= start_min || m < end_min;
}

NotifyOutcome notify_classify(NotifyPlatform p, long http_status, const char *body)
{
    if (http_status == 429)
        return NO_RATE_LIMITED;
    if (http_status == 404 || http_status == 401 || http_status == 403)
        return NO_BAD_KEY;
    if (http_status < 200 || http_status >= 300)
        return NO_TEMPORARY;
    json_t *j = body ? json_loads(body, 0, NULL) : NULL;
    if (!j)
        return NO_TEMPORARY;
    json_t *c = json_object_get(j, p == NP_FEISHU ? "code" : "errcode");
    if (!c && p == NP_FEISHU)
        c = json_object_get(j, "StatusCode");
    long long code = json_is_integer(c) ? json_integer_value(c) : -1;
    json_decref(j);
    if (code == 0)
        return NO_DELIVERED;
    switch (p) {
    case NP_WECOM:
        return code == 45009 ? NO_RATE_LIMITED : code == 40058 ? NO_TOO_LARGE : code == 93000 ? NO_BAD_KEY : NO_TEMPORARY;
    case NP_DINGTALK:
        return code == 130101   ? NO_RATE_LIMITED
               : code == 460101 ? NO_TOO_LARGE
               : code == 310000 ? NO_BAD_SIGN
               : code == 300001 ? NO_BAD_KEY
                                : NO_TEMPORARY;
    case NP_FEISHU:
        return code == 11232   ? NO_RATE_LIMITED
               : code == 9499  ? NO_TOO_LARGE
               : code == 19021 ? NO_BAD_SIGN
               : code == 19001 ? NO_BAD_KEY
                               : NO_TEMPORARY;
    default:
        return NO_TEMPORARY;
    }
}

const char *notify_outcome_name(NotifyOutcome o)
{
    static const char *const n[] = {"delivered", "rate_limited", "too_large", "bad_sign", "bad_key", "temporary"};
    return (unsigned)o <= NO_TEMPORARY ? n[o] : "";
}

char *notify_bot_text(Arena *a, bool md, const char *title, const char *body, const char *base, const char *link)
{
    if (md)
        return arena_printf(a, "**%s**\n%s%s[查看详情](%s%s)", title, body, *body ? "\n" : "", base, link);
    return arena_printf(a, "%s\n%s%s查看详情：%s%s", title, body, *body ? "\n" : "", base, link);
}

char *notify_bot_body(Arena *a, NotifyPlatform p, bool md, const char *text, int64_t ts_s, const char *sign)
{
    switch (p) {
    case NP_WECOM:
        return md ? arena_printf(a, "{\"msgtype\":\"markdown\",\"markdown\":{\"content\":%j}}", text)
                  : arena_printf(a, "{\"msgtype\":\"text\",\"text\":{\"content\":%j}}", text);
    case NP_DINGTALK:
        return md ? arena_printf(a, "{\"msgtype\":\"markdown\",\"markdown\":{\"title\":\"通知\",\"text\":%j}}", text)
                  : arena_printf(a, "{\"msgtype\":\"text\",\"text\":{\"content\":%j}}", text);
    case NP_FEISHU:
        if (sign && *sign)
            return arena_printf(a, "{\"timestamp\":\"%lld\",\"sign\":%j,\"msg_type\":\"text\",\"content\":{\"text\":%j}}",
                                (long long)ts_s, sign, text);
        return arena_printf(a, "{\"msg_type\":\"text\",\"content\":{\"text\":%j}}", text);
    default:
        return NULL;
    }
}

bool notify_url_ok(const char *url, bool allow_loopback)
{
    if (!url || strlen(url) > 500 || strpbrk(url, " \t\r\n\"'<>"))
        return false;
    if (strncmp(url, "https://", 8) == 0)
        return url[8] != 0 && url[8] != '/';
    return allow_loopback && strncmp(url, "http://127.0.0.1:", 17) == 0;
}

int64_t notify_quiet_until(int start_min, int end_min, int64_t t)
{
    if (!notify_quiet_at(start_min, end_min, t))
        return t;
    int64_t local = t + 8 * 3600;
    int64_t day = local - (((local % 86400) + 86400) % 86400);
    int64_t end = day + (int64_t)end_min * 60;
    if (end <= local)
        end += 86400;
    return end - 8 * 3600;
}

int64_t notify_day(int64_t t)
{
    int64_t local = t + 8 * 3600;
    return local >= 0 ? local / 86400 : -((-local + 86399) / 86400);
}

void notify_day_text(int64_t day, char out[11])
{
    /* civil date from days since 1970-01-01 (Howard Hinnant's algorithm) */
    int64_t z = day + 719468, era = (z >= 0 ? z : z - 146096) / 146097;
    int64_t doe = z - era * 146097, yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int64_t y = yoe + era * 400, doy = doe - (365 * yoe + yoe / 4 - yoe / 100), mp = (5 * doy + 2) / 153;
    int64_t d = doy - (153 * mp + 2) / 5 + 1, m = mp < 10 ? mp + 3 : mp - 9;
    snprintf(out, 11, "%04d-%02d-%02d", (int)(y + (m <= 2)), (int)m, (int)d);
}

bool notify_smtp_url_ok(const char *url, bool allow_loopback)
{
    if (!url || strlen(url) > 300 || strpbrk(url, " \t\r\n\"'<>@"))
        return false;
    const char *h = NULL;
    if (strncmp(url, "smtps://", 8) == 0)
        h = url + 8;
    else if (strncmp(url, "smtp://", 7) == 0)
        h = url + 7; /* STARTTLS is required off loopback */
    if (!h || !*h || *h == '/' || *h == ':')
        return false;
    if (strncmp(h, "127.0.0.1:", 10) == 0 || strncmp(h, "localhost", 9) == 0)
        return allow_loopback;
    return true;
}

bool notify_email_ok(const char *a)
{
    if (!a)
        return false;
    size_t n = strlen(a);
    const char *at = strchr(a, '@');
    if (n < 3 || n > 254 || !at || at == a || strchr(at + 1, '@') || !strchr(at + 1, '.') || at[1] == '.' ||
        a[n - 1] == '.')
        return false;
    for (const char *p = a; *p; p++)
        if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
              strchr("@._+-", *p)))
            return false;
    return true;
}

void notify_mask_email(const char *a, char out[300])
{
    const char *at = a ? strchr(a, '@') : NULL;
    if (!at || at == a) {
        out[0] = 0;
        return;
    }
    snprintf(out, 300, "%c***%s", a[0], at);
}

static void b64_lines(Buf *b, const char *s, size_t len)
{
    /* 57 bytes make one 76-character line */
    for (size_t off = 0; off < len; off += 57) {
        size_t k = len - off < 57 ? len - off : 57;
        char line[80];
        sodium_bin2base64(line, sizeof line, (const unsigned char *)s + off, k, sodium_base64_VARIANT_ORIGINAL);
        buf_printf(b, "%s\r\n", line);
    }
}

char *notify_mail_message(Arena *a, const char *from, const char *to, const char *subject, const char *body,
                          int64_t t, const char *msg_id)
{
    Buf b;
    buf_init(&b);
    char date[64];
    time_t tt = (time_t)t;
    struct tm tm;
    gmtime_r(&tt, &tm);
    strftime(date, sizeof date, "%a, %d %b %Y %H:%M:%S +0000", &tm);
    size_t sl = strlen(subject);
    char *sub = arena_alloc(a, sodium_base64_ENCODED_LEN(sl, sodium_base64_VARIANT_ORIGINAL));
    sodium_bin2base64(sub, sodium_base64_ENCODED_LEN(sl, sodium_base64_VARIANT_ORIGINAL), (const unsigned char *)subject,
                      sl, sodium_base64_VARIANT_ORIGINAL);
    buf_printf(&b,
               "Date: %s\r\nFrom: <%s>\r\nTo: <%s>\r\nMessage-ID: <%s>\r\nSubject: =?UTF-8?B?%s?=\r\n"
               "MIME-Version: 1.0\r\nContent-Type: text/plain; charset=UTF-8\r\nContent-Transfer-Encoding: base64\r\n\r\n",
               date, from, to, msg_id, sub);
    b64_lines(&b, body, strlen(body));
    char *out = arena_strdup(a, b.data);
    buf_free(&b);
    return out;
}
