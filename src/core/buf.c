/* buf.c: the growable byte buffer and the escaping printf (%h %j %u %M %A)
 * that writes every page, JSON document and log line. */
#include "core/buf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void buf_oom(void)
{
    /* Same policy as xmalloc wrappers: a half-written response is worse than
     * a clear death that the supervisor restarts. */
    fputs("gongzhi: out of memory\n", stderr);
    abort();
}

/* Makes room for n more bytes plus the terminating NUL. Grows by doubling so
 * that writing a response byte by byte stays linear. */
static inline void buf_reserve(Buf *b, size_t n)
{
    if (b->cap - b->len > n && b->data)
        return;
    size_t need = b->len + n + 1;
    if (need < n)
        buf_oom();
    size_t cap = b->cap ? b->cap : 64;
    while (cap < need) {
        if (cap > SIZE_MAX / 2) {
            cap = need;
            break;
        }
        cap *= 2;
    }
    char *p = realloc(b->data, cap);
    if (!p)
        buf_oom();
    b->data = p;
    b->cap = cap;
}

void buf_init(Buf *b)
{
    b->data = NULL;
    b->len = 0;
    b->cap = 0;
}

void buf_free(Buf *b)
{
    free(b->data);
    buf_init(b);
}

void buf_reset(Buf *b)
{
    b->len = 0;
    if (b->data)
        b->data[0] = '\0';
}

void buf_append(Buf *b, const void *p, size_t n)
{
    buf_reserve(b, n);
    if (n)
        memcpy(b->data + b->len, p, n);
    b->len += n;
    b->data[b->len] = '\0';
}

void buf_puts(Buf *b, const char *s)
{
    if (s)
        buf_append(b, s, strlen(s));
}

void buf_putc(Buf *b, char c)
{
    buf_reserve(b, 1);
    b->data[b->len++] = c;
    b->data[b->len] = '\0';
}

const char *buf_str(const Buf *b)
{
    return b->data ? b->data : "";
}

char *buf_detach(Buf *b)
{
    char *s = b->data;
    if (!s) {
        s = malloc(1);
        if (!s)
            buf_oom();
        s[0] = '\0';
    }
    buf_init(b);
    return s;
}

/* ---- escapers ---------------------------------------------------------- */

void buf_html(Buf *b, const char *s)
{
    if (!s)
        return;
    const char *run = s;
    for (;; s++) {
        const char *rep;
        size_t rlen;
        switch (*s) {
        case '\0':
            if (s > run)
                buf_append(b, run, (size_t)(s - run));
            return;
        case '&': rep = "&amp;"; rlen = 5; break;
        case '<': rep = "&lt;"; rlen = 4; break;
        case '>': rep = "&gt;"; rlen = 4; break;
        case '"': rep = "&quot;"; rlen = 6; break;
        case '\'': rep = "&#39;"; rlen = 5; break;
        default: continue;
        }
        if (s > run)
            buf_append(b, run, (size_t)(s - run));
        buf_append(b, rep, rlen);
        run = s + 1;
    }
}

static const char hexdig[] = "0123456789abcdef";
static const char HEXDIG[] = "0123456789ABCDEF";

/* Besides what JSON requires, < > & and U+2028/U+2029 are written as \u
 * escapes (as Go's encoder does): the text stays valid JSON and a %j value
 * can then sit inside an HTML <script> block without ending it. */
void buf_json_str(Buf *b, const char *s)
{
    if (!s) {
        buf_append(b, "null", 4);
        return;
    }
    buf_putc(b, '"');
    const unsigned char *p = (const unsigned char *)s;
    const unsigned char *run = p;
    for (;; p++) {
        unsigned char c = *p;
        char esc[8];
        size_t elen = 2;
        if (c >= 0x20 && c != '"' && c != '\\' && c != '<' && c != '>' && c != '&' && c != 0xE2)
            continue;
        if (c == '\0')
            break;
        if (c == 0xE2) {
            /* U+2028 LINE SEPARATOR / U+2029 PARAGRAPH SEPARATOR end a JS string line. */
            if (p[1] == 0x80 && (p[2] == 0xA8 || p[2] == 0xA9)) {
                if (p > run)
                    buf_append(b, run, (size_t)(p - run));
                buf_append(b, p[2] == 0xA8 ? "\\u2028" : "\\u2029", 6);
                p += 2;
                run = p + 1;
            }
            continue;
        }
        esc[0] = '\\';
        switch (c) {
        case '"': esc[1] = '"'; break;
        case '\\': esc[1] = '\\'; break;
        case '\n': esc[1] = 'n'; break;
        case '\r': esc[1] = 'r'; break;
        case '\t': esc[1] = 't'; break;
        case '\b': esc[1] = 'b'; break;
        case '\f': esc[1] = 'f'; break;
        default:
            esc[1] = 'u';
            esc[2] = '0';
            esc[3] = '0';
            esc[4] = hexdig[c >> 4];
            esc[5] = hexdig[c & 15];
            elen = 6;
        }
        if (p > run)
            buf_append(b, run, (size_t)(p - run));
        buf_append(b, esc, elen);
        run = p + 1;
    }
    if (p > run)
        buf_append(b, run, (size_t)(p - run));
    buf_putc(b, '"');
}

static inline int url_unreserved(unsigned char c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
           c == '-' || c == '_' || c == '.' || c == '~';
}

void buf_url(Buf *b, const char *s)
{
    if (!s)
        return;
    const unsigned char *p = (const unsigned char *)s;
    const unsigned char *run = p;
    for (; *p; p++) {
        if (url_unreserved(*p))
            continue;
        if (p > run)
            buf_append(b, run, (size_t)(p - run));
        char esc[3] = {'%', HEXDIG[*p >> 4], HEXDIG[*p & 15]};
        buf_append(b, esc, 3);
        run = p + 1;
    }
    if (p > run)
        buf_append(b, run, (size_t)(p - run));
}

/* Writes an unsigned decimal; returns its length. out holds 20 digits. */
static size_t u64_digits(uint64_t v, char out[20])
{
    char tmp[20];
    size_t n = 0;
    do {
        tmp[n++] = (char)('0' + v % 10);
        v /= 10;
    } while (v);
    for (size_t i = 0; i < n; i++)
        out[i] = tmp[n - 1 - i];
    return n;
}

/* Fixed point with two decimals, sign first; INT64_MIN has no positive
 * counterpart, so the magnitude is taken in unsigned arithmetic. */
static void buf_centi(Buf *b, int64_t v)
{
    char out[24];
    size_t n = 0;
    uint64_t mag;
    if (v < 0) {
        out[n++] = '-';
        mag = (uint64_t)(-(v + 1)) + 1u;
    } else {
        mag = (uint64_t)v;
    }
    n += u64_digits(mag / 100, out + n);
    unsigned cents = (unsigned)(mag % 100);
    out[n++] = '.';
    out[n++] = (char)('0' + cents / 10);
    out[n++] = (char)('0' + cents % 10);
    buf_append(b, out, n);
}

void buf_money(Buf *b, int64_t fen)
{
    buf_centi(b, fen);
}

void buf_area(Buf *b, int64_t centi_m2)
{
    buf_centi(b, centi_m2);
}

static void buf_i64(Buf *b, int64_t v)
{
    char out[21];
    size_t n = 0;
    uint64_t mag;
    if (v < 0) {
        out[n++] = '-';
        mag = (uint64_t)(-(v + 1)) + 1u;
    } else {
        mag = (uint64_t)v;
    }
    n += u64_digits(mag, out + n);
    buf_append(b, out, n);
}

static void buf_u64(Buf *b, uint64_t v)
{
    char out[20];
    buf_append(b, out, u64_digits(v, out));
}

/* ---- printf -------------------------------------------------------------- */

/* Formats one already-fetched value with the C library into the buffer. The
 * spec is copied from our own literal format (checked by tools/fmtcheck),
 * and its conversion letter is fixed above to match the value's type. */
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
#define DELEGATE(spec, value)                                                     \
    do {                                                                          \
        buf_reserve(b, 32);                                                       \
        size_t room_ = b->cap - b->len;                                           \
        int n_ = snprintf(b->data + b->len, room_, (spec), (value));             \
        if (n_ < 0) {                                                             \
            b->data[b->len] = '\0';                                               \
            break;                                                                \
        }                                                                         \
        if ((size_t)n_ >= room_) {                                                \
            buf_reserve(b, (size_t)n_);                                           \
            snprintf(b->data + b->len, b->cap - b->len, (spec), (value));         \
        }                                                                         \
        b->len += (size_t)n_;                                                     \
    } while (0)

enum { LEN_NONE, LEN_HH, LEN_H, LEN_L, LEN_LL, LEN_Z };

void buf_vprintf(Buf *b, const char *fmt, va_list ap)
{
    if (!fmt)
        return;
    const char *p = fmt;
    for (;;) {
        const char *pct = strchr(p, '%');
        if (!pct) {
            buf_puts(b, p);
            return;
        }
        if (pct > p)
            buf_append(b, p, (size_t)(pct - p));
        const char *start = pct;
        const char *q = pct + 1;

        /* Flags, width and precision: only passed on to snprintf for numbers. */
        const char *flags = q;
        while (*q == '-' || *q == '+' || *q == ' ' || *q == '0' || *q == '#')
            q++;
        int nflags = (int)(q - flags);
        int ndigits = 0;
        while (*q >= '0' && *q <= '9') {
            q++;
            ndigits++;
        }
        if (*q == '.') {
            q++;
            while (*q >= '0' && *q <= '9') {
                q++;
                ndigits++;
            }
            ndigits++;
        }
        int len = LEN_NONE;
        if (q[0] == 'l' && q[1] == 'l') {
            len = LEN_LL;
            q += 2;
        } else if (q[0] == 'l') {
            len = LEN_L;
            q++;
        } else if (q[0] == 'z') {
            len = LEN_Z;
            q++;
        } else if (q[0] == 'h' && q[1] == 'h' && q[2] && strchr("diuxX", q[2])) {
            len = LEN_HH;
            q += 2;
        } else if (q[0] == 'h' && q[1] && strchr("diuxX", q[1])) {
            len = LEN_H;
            q++;
        }
        char conv = *q;
        int plain = (nflags == 0 && ndigits == 0);
        /* Width above 4 digits is a mistake, not a layout: treat as unknown. */
        int spec_ok = (nflags + ndigits) <= 8;
        char spec[24];
        size_t speclen = (size_t)(q - start) + 1;
        if (speclen < sizeof spec) {
            memcpy(spec, start, speclen);
            spec[speclen] = '\0';
        } else {
            spec_ok = 0;
        }

        int known = 1;
        if (!spec_ok) {
            known = 0;
        } else if (conv == '%' && q == pct + 1) {
            buf_putc(b, '%');
        } else if (conv == 'd' || conv == 'i') {
            switch (len) {
            case LEN_NONE:
            case LEN_HH:
            case LEN_H: {
                int v = va_arg(ap, int);
                if (len == LEN_HH)
                    v = (signed char)v;
                else if (len == LEN_H)
                    v = (short)v;
                if (plain)
                    buf_i64(b, v);
                else {
                    spec[speclen - 1] = 'd';
                    if (len != LEN_NONE) {
                        /* The value was narrowed above; print it as an int. */
                        char s2[24];
                        size_t k = 0;
                        for (size_t i = 0; i < speclen; i++)
                            if (spec[i] != 'h')
                                s2[k++] = spec[i];
                        s2[k] = '\0';
                        DELEGATE(s2, v);
                    } else {
                        DELEGATE(spec, v);
                    }
                }
                break;
            }
            case LEN_L: {
                long v = va_arg(ap, long);
                if (plain)
                    buf_i64(b, v);
                else
                    DELEGATE(spec, v);
                break;
            }
            case LEN_LL: {
                long long v = va_arg(ap, long long);
                if (plain)
                    buf_i64(b, v);
                else
                    DELEGATE(spec, v);
                break;
            }
            case LEN_Z: {
                ptrdiff_t v = va_arg(ap, ptrdiff_t);
                if (plain)
                    buf_i64(b, v);
                else
                    DELEGATE(spec, v);
                break;
            }
            }
        } else if ((conv == 'u' && len != LEN_NONE) || conv == 'x' || conv == 'X') {
            /* A bare %u is the URL conversion; with a length it is unsigned. */
            switch (len) {
            case LEN_NONE:
            case LEN_HH:
            case LEN_H: {
                unsigned v = va_arg(ap, unsigned);
                if (len == LEN_HH)
                    v = (unsigned char)v;
                else if (len == LEN_H)
                    v = (unsigned short)v;
                char s2[24];
                size_t k = 0;
                for (size_t i = 0; i < speclen; i++)
                    if (spec[i] != 'h')
                        s2[k++] = spec[i];
                s2[k] = '\0';
                DELEGATE(s2, v);
                break;
            }
            case LEN_L: {
                unsigned long v = va_arg(ap, unsigned long);
                if (plain && conv == 'u')
                    buf_u64(b, v);
                else
                    DELEGATE(spec, v);
                break;
            }
            case LEN_LL: {
                unsigned long long v = va_arg(ap, unsigned long long);
                if (plain && conv == 'u')
                    buf_u64(b, v);
                else
                    DELEGATE(spec, v);
                break;
            }
            case LEN_Z: {
                size_t v = va_arg(ap, size_t);
                if (plain && conv == 'u')
                    buf_u64(b, v);
                else
                    DELEGATE(spec, v);
                break;
            }
            }
        } else if (conv == 'c' && (len == LEN_NONE)) {
            int v = va_arg(ap, int);
            if (plain)
                buf_putc(b, (char)v);
            else
                DELEGATE(spec, v);
        } else if ((conv == 'f' || conv == 'g' || conv == 'e') && len == LEN_NONE) {
            double v = va_arg(ap, double);
            DELEGATE(spec, v);
        } else if (plain && len == LEN_NONE) {
            switch (conv) {
            case 's': buf_puts(b, va_arg(ap, const char *)); break;
            case 'h': buf_html(b, va_arg(ap, const char *)); break;
            case 'j': buf_json_str(b, va_arg(ap, const char *)); break;
            case 'u': buf_url(b, va_arg(ap, const char *)); break;
            case 'M': buf_money(b, va_arg(ap, int64_t)); break;
            case 'A': buf_area(b, va_arg(ap, int64_t)); break;
            default: known = 0;
            }
        } else {
            known = 0;
        }

        if (!known) {
            /* The argument's type is unknown, so no later argument can be
             * fetched safely: the rest of the format is printed as text. */
            buf_puts(b, start);
            return;
        }
        p = q + 1;
    }
}

void buf_printf(Buf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    buf_vprintf(b, fmt, ap);
    va_end(ap);
}
