/* kinds_bad.c: printf-family calls whose arguments do not match their
 * formats. Compiled through gz_fmtcheck --cc, every line marked BAD must be
 * reported, and no other (tests/lint/run.sh). */
#include <inttypes.h>
#include <stddef.h>
#include <stdint.h>

#include "core/arena.h"
#include "core/buf.h"
#include "core/log.h"
#include "http/req.h"

#define LINT_CELL(b, n) buf_printf((b), "<td>%h</td>", (n))

void kinds_bad(Buf *b, Arena *a, Req *r, const char *s, int n, int64_t fen, size_t z, char c, int flag,
               const char *fmt)
{
    /* count */
    buf_printf(b, "%h and %h", s); /* BAD */
    buf_printf(b, "%h", s, s); /* BAD */
    buf_printf(b, "no conversion", n); /* BAD */
    arena_printf(a, "%d %d", n); /* BAD */
    log_info("%h", s, n); /* BAD */
    /* kind, in each function */
    buf_printf(b, "%h", n); /* BAD */
    buf_printf(b, "%lld", n); /* BAD */
    buf_printf(b, "%d", fen); /* BAD */
    buf_printf(b, "%M", n); /* BAD */
    buf_printf(b, "%A", s); /* BAD */
    buf_printf(b, "%j", c); /* BAD */
    buf_printf(b, "%u", n); /* BAD */
    buf_printf(b, "%s", fen); /* BAD */
    buf_printf(b, "%zu", n); /* BAD */
    buf_printf(b, "%d", z); /* BAD */
    buf_printf(b, "%lld", fen); /* BAD */
    arena_printf(a, "%h", n); /* BAD */
    arena_printf(a, "%M", n); /* BAD */
    log_msg(LOG_WARN, "%d", fen); /* BAD */
    log_info("%j", c); /* BAD */
    log_warn("%lld", n); /* BAD */
    log_error("%M", n); /* BAD */
    log_debug("%h", n); /* BAD */
    /* both arms of L(...) and of a ternary */
    buf_printf(b, L(r, "%h 户", "%d households"), n); /* BAD */
    buf_printf(b, L(r, "%d 户", "%h households"), n); /* BAD */
    buf_printf(b, flag ? "%M" : "%d", fen); /* BAD */
    buf_printf(b, flag ? "%d" : "%M", fen); /* BAD */
    /* a format inside a macro's body, reported where the macro is used */
    LINT_CELL(b, n); /* BAD */
    /* across adjacent literals and a PRI macro */
    buf_printf(b,
               "<td>%M</td>" /* BAD: the compiler names the format's first line */
               "<td>%" PRId64 "</td>", fen, n);
    /* conversions buf_printf does not know: the rest would print as text */
    buf_printf(b, "%5h", s); /* BAD */
    buf_printf(b, "%p", (void *)s); /* BAD */
    buf_printf(b, "%lf", 1.0); /* BAD */
    buf_printf(b, "%*d", 3, n); /* BAD */
    buf_printf(b, "100%"); /* BAD */
    buf_printf(b, "%" "q", n); /* BAD */
    /* a format that is not a literal is not checked, so it fails too */
    buf_printf(b, fmt, n); /* BAD */
    buf_printf(b, fmt); /* BAD */
}
