/* bad.c: every line marked BAD must be reported by the checker, and no
 * other line (tests/lint/run.sh). */
#define LINT_NOT_LITERAL user_text
#define LINT_BUILT_ON_IT "SELECT " LINT_NOT_LITERAL
#define LINT_FUNCTIONLIKE(x) "a"
#include "core/arena.h"
#include "core/buf.h"
#include "core/log.h"
#include "http/req.h"
#include "store/db.h"

const char *get_fmt(void);

void bad(Buf *b, Arena *a, Db *db, Req *r, const char *fmt, const char *sql, const char *msg, int flag, va_list ap)
{
    buf_printf(b, fmt); /* BAD */
    buf_printf(b, fmt + 1, 2); /* BAD */
    buf_printf(b, get_fmt()); /* BAD */
    buf_printf(b, "%s" fmt, "x"); /* BAD */
    buf_printf(b, NULL); /* BAD */
    buf_printf(b); /* BAD */
    buf_printf(b, flag ? "a" : fmt); /* BAD */
    buf_printf(b, L(r, "甲", fmt)); /* BAD */
    buf_printf(b, (const char *)"cast"); /* BAD */
    buf_printf( /* BAD */
        b,
        msg,
        1);
    buf_printf(b, "%s", arena_printf(a, msg)); /* BAD */
    buf_vprintf(b, fmt, ap); /* BAD */
    char *s = arena_printf(a, fmt); /* BAD */
    log_msg(LOG_INFO, msg); /* BAD */
    log_info(msg); /* BAD */
    log_warn(msg, 1); /* BAD */
    log_error(s); /* BAD */
    log_debug(fmt); /* BAD */
    if (flag) log_info(get_fmt()); /* BAD */
    reply_error(r, 400, "bad_value", "name", msg, "Bad name"); /* BAD */
    reply_error(r, 400, "bad_value", "name", "名称无效", msg); /* BAD */
    reply_error(r, 400, "bad_value", "name", L(r, msg, "x"), NULL); /* BAD */
    DbStmt *st = db_query(db, sql, DB_I(1)); /* BAD */
    db_exec(db, sql); /* BAD */
    int64_t out;
    db_int(db, &out, sql); /* BAD */
    db_query_args(db, sql, NULL); /* BAD */
    db_exec_args(db, sql, NULL); /* BAD */
    db_int_args(db, &out, sql, NULL); /* BAD */
    db_exec_script(db, sql); /* BAD */
    db_exec(db, /* BAD */
            "UPDATE t SET a = '" /* a string broken by a comment is still fine */
            "x' WHERE id = ?" + flag, DB_I(1));
    db_query(db, "SELECT " LINT_NOT_LITERAL " FROM t"); /* BAD */
    db_query(db, LINT_BUILT_ON_IT); /* BAD */
    db_query(db, "SELECT " LINT_FUNCTIONLIKE(x)); /* BAD */
    (void)st;
}
