/* buf.h: the one growable byte buffer, and the escaping printf that writes
 * every page, JSON document and log line of gongzhi.
 *
 * Conversions (Fossil-style: escape at the point of output, by letter):
 *   %h   const char*  HTML-escaped text (& < > " '), NULL prints nothing
 *   %j   const char*  a complete JSON string literal with quotes, NULL -> null
 *   %u   const char*  URL-component percent-encoding (RFC 3986 unreserved kept)
 *   %s   const char*  raw text: ONLY for text the program itself wrote
 *   %d %i int, %ld long, %lld long long, %zu size_t, %c char, %%
 *   %M   int64_t      money in fen shown as yuan: 123456 -> "1234.56", -5 -> "-0.05"
 *   %A   int64_t      area in 0.01 m^2: 6025 -> "60.25"
 * Width/precision flags are not supported except on %d/%ld/%lld ("%05d").
 * The format must be a string literal: tests/lint/fmtcheck rejects anything
 * else, so that no user text is ever interpreted as a format. Each argument
 * must match its conversion in kind and count: the build checks it
 * (tools/fmtcheck.c, gz_fmtcheck --cc). */
#ifndef GZ_BUF_H
#define GZ_BUF_H
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

typedef struct Buf {
    char *data; /* always NUL-terminated once anything was written; may be NULL when empty */
    size_t len;
    size_t cap;
} Buf;

#define BUF_INIT {NULL, 0, 0}

void buf_init(Buf *b);
void buf_free(Buf *b);
/* Empties the buffer but keeps its memory. */
void buf_reset(Buf *b);
void buf_append(Buf *b, const void *p, size_t n);
void buf_puts(Buf *b, const char *s);
void buf_putc(Buf *b, char c);
void buf_printf(Buf *b, const char *fmt, ...);
void buf_vprintf(Buf *b, const char *fmt, va_list ap);
#ifdef GZ_FMTCHECK
/* Only in tools/fmtcheck's checking copy, whose formats read %h %j %u as %s
 * and %M %A as int64_t's conversion: the compiler checks every argument. */
void buf_printf(Buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
#endif
/* Returns the text ("" when empty); valid until the next write. */
const char *buf_str(const Buf *b);
/* Hands the malloc'd text to the caller (never NULL) and empties the buffer. */
char *buf_detach(Buf *b);

/* Escapers, also usable alone. */
void buf_html(Buf *b, const char *s);
void buf_json_str(Buf *b, const char *s); /* with quotes; NULL -> null */
void buf_url(Buf *b, const char *s);
void buf_money(Buf *b, int64_t fen);
void buf_area(Buf *b, int64_t centi_m2);

#endif
