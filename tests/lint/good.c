/* good.c: calls the format-string checker must accept (tests/lint/run.sh). */
#define LINT_COLS "id, name, " \
    "path"
#define LINT_SELECT "SELECT " LINT_COLS " FROM node"
#include <inttypes.h>
#include <stddef.h>

#include "core/arena.h"
#include "core/buf.h"
#include "core/log.h"
#include "http/req.h"
#include "store/db.h"

/* A wrapper that forwards its caller's format: preprocessor lines are not
 * calls, and the macro's users are checked where they call it. */
#define say(...) log_msg(LOG_INFO, __VA_ARGS__)
#define long_macro(b, fmt) \
    buf_printf((b), fmt)

/* Declarations and definitions are not calls. */
void buf_printf(Buf *b, const char *fmt, ...);
DbStmt *db_query_args(Db *db, const char *sql, const DbArg *args);
static inline void log_msg_like(void) {}
size_t strlen_like(const char *s, size_t n, int k);
int f(int x, int y);
int g(int x);
int h(int x);

/* Text that only looks like a call: buf_printf(b, fmt) in a comment. */
// db_exec(db, sql) in a line comment
static const char *decoy = "buf_printf(b, fmt) in a string with \"escaped\" quotes";
static const char quote_char = '"';
static const char backslash_char = '\\';

void good(Buf *b, Arena *a, Db *db, Req *r, const char *name, int64_t fen, int n, int flag)
{
    buf_printf(b, "<p>%h</p>", name);
    buf_printf(b, "<a href=\"/h?q=%u\">" "%h" "</a>", name, name);
    buf_printf(b,
               "<td>%M</td>"
               "<td>%A</td>\n",
               fen,
               fen);
    buf_printf(b, "%s", arena_printf(a, "%d-%d", n, (n + 1) * 2));
    buf_printf(b, "%zu", strlen_like(decoy, (size_t)(n), f(g(n), h(n))));
    buf_printf(b, "id=%" PRId64 " n=%d", fen, n);
    buf_printf(b, L(r, "共 %d 户", "%d households"), n);
    buf_printf(b, flag ? "yes %d" : "no %d", n);
    buf_printf(b, (flag ? ("a") : L(r, "乙", "b")));
    buf_printf(b, u8"中文 %h", name);
    (void)buf_printf(b, "%c%c", quote_char, backslash_char);
    log_info("started on %s", name);
    log_warn("slow request: %d ms", n);
    log_error("db: %h", "x");
    log_debug("n=%d", n);
    log_msg(LOG_ERROR, "x=%d", n);
    say("via a macro");
    long_macro(b, "also via a macro");
    reply_error(r, 400, "bad_value", "name", "名称无效", "Bad name");
    reply_error(r, 404, "not_found", NULL, NULL, NULL);
    reply_error(r, 403, "forbidden", NULL, L(r, "无权", "Forbidden"), "Forbidden");
    DbStmt *st = db_query(db, "SELECT id FROM node WHERE parent_id = ? AND name = ?",
                          DB_I(n), DB_T(name));
    db_exec(db, "UPDATE node SET name = ? WHERE id = ?", DB_T(name), DB_I(n));
    int64_t out;
    db_int(db, &out, "SELECT count(*) FROM node");
    db_int_args(db, &out, "SELECT ?", (const DbArg[]){DB_I(1), DB_END});
    db_exec_args(db, "DELETE FROM session WHERE expires < ?", (const DbArg[]){DB_I(fen), DB_END});
    db_exec_script(db, "CREATE TABLE t (id BIGINT);"
                       "CREATE INDEX t_id ON t(id);");
    /* a column list written once, as a macro of literals (also via another such macro) */
    st = db_query(db, "SELECT " LINT_COLS " FROM node WHERE id = ?", DB_I(n));
    st = db_query(db, LINT_SELECT " WHERE id = ?", DB_I(n));
    (void)st;
}
