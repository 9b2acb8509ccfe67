/* kinds_good.c: printf-family calls whose arguments match their formats in
 * count and kind; compiled through gz_fmtcheck --cc, they must pass silently
 * (tests/lint/run.sh). */
#include <inttypes.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/arena.h"
#include "core/buf.h"
#include "core/log.h"
#include "http/req.h"

/* A format inside a macro's body is translated like any other. */
#define LINT_CELL(b, text) buf_printf((b), "<td>%h</td>", (text))

void kinds_good(Buf *b, Arena *a, Req *r, const char *s, int n, int64_t fen, size_t z, char c, bool flag,
                unsigned u, long l, double d)
{
    buf_printf(b, "<p>%h</p><a href=\"/x?q=%u\">%j</a>", s, s, s);
    buf_printf(b, "%s", "program text");
    buf_printf(b, "%M yuan, %A m2", fen, fen);
    buf_printf(b, "%d %i %05d %-3d %c %%", n, n, n, n, c);
    buf_printf(b, "%lld %ld %zu %lu %x %X %hd %hhu", (long long)fen, l, z, (unsigned long)z, u, u, (short)n,
               (unsigned char)c);
    buf_printf(b, "%.2f %g %e", d, d, d);
    buf_printf(b, "id=%" PRId64 " n=%d u=%" PRIu64, fen, n, (uint64_t)fen);
    buf_printf(b, "%d %d", flag, LOG_WARN); /* a bool and an enum are promoted to int */
    buf_printf(b,
               "<td>%M</td>"
               "<td>%h</td>\n",
               fen,
               s);
    buf_printf(b, L(r, "共 %d 户，%M 元", "%d households, %M yuan"), n, fen);
    buf_printf(b, flag ? "yes %h" : "no %h", s);
    buf_printf(b, "plain text, no arguments");
    LINT_CELL(b, s);
    char *t = arena_printf(a, "%h-%d-%M", s, n, fen);
    log_msg(LOG_INFO, "%s %d", t, n);
    log_info("started on %h", s);
    log_warn("slow: %d ms", n);
    log_error("db: %j", s);
    log_debug("fen=%M", fen);
}
