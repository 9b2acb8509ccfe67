/* postgres.c: the PostgreSQL backend over libpq: "?" renumbered to $n,
 * statements prepared once per connection, results read whole.
 *
 * Every wait for the server is a loopback round trip, and on a busy request
 * those, not the queries, are the cost. So nothing is sent that can ride
 * with something else: BEGIN is held back and sent in one pipeline with the
 * transaction's first statement (and a statement's PREPARE with its first
 * run); a transaction that only read ends without waiting for the server's
 * answer, which the next use of the connection collects. */
#include <errno.h>
#include <fcntl.h>
#include <libpq-fe.h>
#include <spawn.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "core/log.h"
#include "store/db_impl.h"

extern char **environ;

typedef struct PgStmt {
    DbStmt base;
    PGresult *res;
    int row;  /* index of the current row; -1 before the first db_step */
    int nrows;
    bool busy;
    bool transient;
} PgStmt;

/* One cached query: its text as written, as sent, and its prepared name. */
typedef struct PgEntry {
    char *orig;
    char *text;
    int nparams;
    bool prepared;
    char name[24];
    PgStmt stmt;
} PgEntry;

/* Statements prepared on one connection at most; beyond, a statement runs
 * unnamed (parsed each time, still one round trip). The SQL is always a
 * literal, so the program holds a few hundred: the bound is a guard. */
#define PG_MAX_PREPARED 1000

typedef struct PgDb {
    Db base;
    PGconn *conn;
    DbCache cache; /* of PgEntry */
    unsigned next_name;
    int n_prepared;
    /* db_begin was called and its BEGIN (begin_sql, a literal) not sent
     * yet: it goes with the first statement. */
    bool begin_pending;
    const char *begin_sql;
    bool read_only; /* the open transaction was begun READ ONLY */
    /* A read-only transaction's COMMIT or ROLLBACK was sent and its answer
     * not read yet (drain() reads it). */
    bool end_inflight;
    /* The connection died inside a transaction and was reopened: the
     * transaction is gone, so everything fails until the caller rolls back
     * (running the rest in autocommit would half-write). */
    bool tx_lost;
} PgDb;

static DbErrClass classify(const char *sqlstate)
{
    if (!sqlstate)
        return DB_ERR_OTHER;
    if (strncmp(sqlstate, "23", 2) == 0)
        return DB_ERR_CONSTRAINT;
    if (!strcmp(sqlstate, "40001") || !strcmp(sqlstate, "40P01") || !strcmp(sqlstate, "55P03"))
        return DB_ERR_BUSY;
    return DB_ERR_OTHER;
}

/* libpq messages end in a newline and may span lines: keep one line. */
static void one_line(char *dst, size_t n, const char *src)
{
    snprintf(dst, n, "%s", src ? src : "");
    for (char *p = dst; *p; p++)
        if (*p == '\n' || *p == '\r' || *p == '\t')
            *p = ' ';
    size_t len = strlen(dst);
    while (len && dst[len - 1] == ' ')
        dst[--len] = '\0';
}

static void set_pg_error(PgDb *p, const PGresult *res, const char *what)
{
    char msg[520];
    const char *sqlstate = NULL;
    if (res && PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY)) {
        sqlstate = PQresultErrorField(res, PG_DIAG_SQLSTATE);
        const char *detail = PQresultErrorField(res, PG_DIAG_MESSAGE_DETAIL);
        char primary[300];
        one_line(primary, sizeof primary, PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY));
        if (detail) {
            char d[200];
            one_line(d, sizeof d, detail);
            snprintf(msg, sizeof msg, "%s (%s)", primary, d);
        } else {
            snprintf(msg, sizeof msg, "%s", primary);
        }
    } else {
        one_line(msg, sizeof msg, PQerrorMessage(p->conn));
    }
    db__set_error(&p->base, classify(sqlstate), "%s: %s%s%s%s", what, msg, sqlstate ? " [SQLSTATE " : "",
                  sqlstate ? sqlstate : "", sqlstate ? "]" : "");
}

static bool pg_in_transaction(const Db *db)
{
    const PgDb *p = (const PgDb *)db;
    if (p->tx_lost || p->begin_pending)
        return true;
    if (p->end_inflight)
        return false;
    PGTransactionStatusType ts = PQtransactionStatus(p->conn);
    return ts == PQTRANS_INTRANS || ts == PQTRANS_INERROR || ts == PQTRANS_ACTIVE;
}

static void quiet_notices(void *arg, const char *message)
{
    /* NOTICEs ("relation already exists, skipping") are not errors. */
}

/* Per-session settings, again after every reconnect. */
static bool session_setup(PGconn *conn, char *err, size_t errlen)
{
    PQsetNoticeProcessor(conn, quiet_notices, NULL);
    if (PQsetClientEncoding(conn, "UTF8") != 0) {
        snprintf(err, errlen, "cannot set client_encoding UTF8: %s", PQerrorMessage(conn));
        return false;
    }
    PGresult *res = PQexec(conn, "SET TimeZone TO 'UTC'");
    bool ok = PQresultStatus(res) == PGRES_COMMAND_OK;
    if (!ok)
        snprintf(err, errlen, "cannot set TimeZone UTC: %s", PQerrorMessage(conn));
    PQclear(res);
    return ok;
}

static void forget_prepared(void *val)
{
    ((PgEntry *)val)->prepared = false;
}

/* Reads the answer to a read-only transaction's end, sent earlier. Its
 * failure matters to no one (nothing was written); a dead connection shows
 * on the next statement, which reopens it. */
static void drain(PgDb *p)
{
    if (!p->end_inflight)
        return;
    p->end_inflight = false;
    PGresult *res;
    while ((res = PQgetResult(p->conn)) != NULL)
        PQclear(res);
}

/* Whether the server holds (or is about to hold) a transaction for us. */
static bool server_tx(const PgDb *p)
{
    return p->begin_pending || PQtransactionStatus(p->conn) != PQTRANS_IDLE;
}

/* Reconnects a dropped connection (server restart, idle timeout). The
 * server forgot our prepared statements, so they are prepared again. */
static bool reset(PgDb *p)
{
    PQreset(p->conn);
    if (PQstatus(p->conn) != CONNECTION_OK)
        return false;
    char err[256];
    if (!session_setup(p->conn, err, sizeof err))
        return false;
    for (size_t i = 0; i < p->cache.cap; i++)
        if (p->cache.vals[i])
            forget_prepared(p->cache.vals[i]);
    p->n_prepared = 0;
    return true;
}

/* Before the first statement of a transaction (or an autocommit one): a
 * connection the server closed while we were idle is noticed and reopened
 * here, before anything is sent, so no statement is ever run twice. The
 * server's farewell (FATAL) is read by the first PQconsumeInput, the closed
 * socket by the second. Returns false with the error set when it cannot. */
static bool ensure_alive(PgDb *p)
{
    drain(p);
    if (p->tx_lost) {
        db__set_error(&p->base, DB_ERR_OTHER, "the database connection was lost during this transaction; roll back");
        return false;
    }
    PGTransactionStatusType ts = PQtransactionStatus(p->conn);
    if (ts != PQTRANS_IDLE && ts != PQTRANS_UNKNOWN)
        return true;
    if (PQstatus(p->conn) == CONNECTION_OK && PQconsumeInput(p->conn) && PQconsumeInput(p->conn) &&
        PQstatus(p->conn) == CONNECTION_OK)
        return true;
    if (reset(p))
        return true;
    char msg[300];
    one_line(msg, sizeof msg, PQerrorMessage(p->conn));
    db__set_error(&p->base, DB_ERR_OTHER, "database connection lost and not reopened: %s", msg);
    return false;
}

/* After a statement failed: if the connection died under it, reopen it for
 * the next statement (this one is not retried: it may have run). */
static void after_failure(PgDb *p, bool was_in_tx)
{
    if (PQstatus(p->conn) != CONNECTION_BAD)
        return;
    if (was_in_tx) {
        p->tx_lost = true;
        /* The error was recorded while libpq no longer knew of the transaction. */
        if (!p->base.tx_failed) {
            p->base.tx_failed = true;
            p->base.tx_err_class = p->base.err_class;
            memcpy(p->base.tx_errmsg, p->base.errmsg, sizeof p->base.tx_errmsg);
        }
    }
    reset(p);
}

static bool is_tag_start(char c)
{
    return c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (unsigned char)c >= 0x80;
}

/* Rewrites "?" placeholders to $1..$n, leaving alone '...' strings,
 * "..." identifiers, -- and block comments and $tag$ bodies. */
static char *rewrite_placeholders(const char *sql, int *nparams)
{
    size_t len = strlen(sql), q = 0;
    for (size_t i = 0; i < len; i++)
        q += sql[i] == '?';
    char *out = malloc(len + q * 10 + 1);
    if (!out)
        return NULL;
    char *o = out;
    int n = 0;
    const char *s = sql;
    while (*s) {
        if (*s == '\'' || *s == '"') {
            char quote = *s;
            *o++ = *s++;
            while (*s && *s != quote)
                *o++ = *s++;
            if (*s)
                *o++ = *s++; /* a doubled quote just reopens: same result */
        } else if (s[0] == '-' && s[1] == '-') {
            while (*s && *s != '\n')
                *o++ = *s++;
        } else if (s[0] == '/' && s[1] == '*') {
            *o++ = *s++;
            *o++ = *s++;
            while (*s && !(s[0] == '*' && s[1] == '/'))
                *o++ = *s++;
            if (*s) {
                *o++ = *s++;
                *o++ = *s++;
            }
        } else if (*s == '$' && (s[1] == '$' || is_tag_start(s[1]))) {
            /* Maybe a dollar quote $tag$ ... $tag$ ($1 is not one). */
            const char *t = s + 1;
            while (is_tag_start(*t) || (*t >= '0' && *t <= '9'))
                t++;
            if (*t != '$') {
                *o++ = *s++;
                continue;
            }
            size_t taglen = (size_t)(t - s) + 1;
            const char *end = strstr(t + 1, "$");
            while (end && strncmp(end, s, taglen) != 0)
                end = strstr(end + 1, "$");
            size_t body = end ? (size_t)(end - s) + taglen : strlen(s);
            memcpy(o, s, body);
            o += body;
            s += body;
        } else if (*s == '?') {
            o += sprintf(o, "$%d", ++n);
            s++;
        } else {
            *o++ = *s++;
        }
    }
    *o = '\0';
    *nparams = n;
    return out;
}

static void entry_free(void *val)
{
    PgEntry *e = val;
    PQclear(e->stmt.res);
    free(e->orig);
    free(e->text);
    free(e);
}

static PgEntry *entry_new(PgDb *p, const char *sql)
{
    PgEntry *e = calloc(1, sizeof *e);
    if (!e)
        return NULL;
    e->orig = strdup(sql);
    e->text = rewrite_placeholders(sql, &e->nparams);
    if (!e->orig || !e->text) {
        entry_free(e);
        return NULL;
    }
    snprintf(e->name, sizeof e->name, "gz%u", p->next_name++);
    e->stmt.base.db = &p->base;
    return e;
}

/* Sends the held-back BEGIN, the statement's PREPARE (when due) and the
 * statement in one pipeline, one round trip. Returns the first failure's
 * result, else the statement's; NULL when the connection failed first. */
static PGresult *run_pipeline(PgDb *p, PgEntry *e, bool use_prepared, bool begin, bool prepare,
                              const char *const *values)
{
    PGconn *c = p->conn;
    bool was_in_tx = begin || PQtransactionStatus(c) != PQTRANS_IDLE;
    db__trip(&p->base, begin ? (prepare ? "BEGIN + PREPARE + " : "BEGIN + ") : "PREPARE + ", e->orig);
    if (!PQenterPipelineMode(c))
        return NULL;
    int sent = 0;
    bool ok = true;
    if (begin)
        ok = PQsendQueryParams(c, p->begin_sql, 0, NULL, NULL, NULL, NULL, 0) && ++sent;
    if (ok && prepare)
        ok = PQsendPrepare(c, e->name, e->text, e->nparams, NULL) && ++sent;
    bool stmt_sent = false;
    if (ok)
        ok = stmt_sent = (use_prepared ? PQsendQueryPrepared(c, e->name, e->nparams, values, NULL, NULL, 0)
                                       : PQsendQueryParams(c, e->text, e->nparams, NULL, values, NULL, NULL, 0)) &&
                         ++sent;
    ok = PQpipelineSync(c) && ok;
    /* One result and a NULL per statement sent, then the sync's. */
    PGresult *out = NULL;
    int q = 0;
    for (int nulls = 0; nulls <= sent + 1;) {
        PGresult *res = PQgetResult(c);
        if (!res) {
            if (PQstatus(c) == CONNECTION_BAD)
                break;
            q++;
            nulls++;
            continue;
        }
        ExecStatusType st = PQresultStatus(res);
        if (st == PGRES_PIPELINE_SYNC) {
            PQclear(res);
            break;
        }
        bool failed = st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK;
        if (prepare && q == (begin ? 1 : 0) && !failed) {
            e->prepared = true;
            p->n_prepared++;
        }
        if (!out && (failed || (stmt_sent && q == sent - 1)))
            out = res;
        else
            PQclear(res);
    }
    if (!PQexitPipelineMode(c) && PQstatus(c) != CONNECTION_BAD) {
        /* Results left unread: the connection is out of step, so reopen it;
         * a transaction it held is gone. */
        PQclear(out);
        out = NULL;
        p->tx_lost = was_in_tx;
        reset(p);
    }
    return out;
}

/* Runs the query: prepared (once per connection) for a cached entry,
 * unnamed for a one-off; with the held-back BEGIN when there is one. */
static PGresult *run(PgDb *p, PgEntry *e, bool use_prepared, const char *const *values)
{
    if (use_prepared && !e->prepared && p->n_prepared >= PG_MAX_PREPARED)
        use_prepared = false;
    bool begin = p->begin_pending;
    bool prepare = use_prepared && !e->prepared;
    p->begin_pending = false;
    if (begin || prepare)
        return run_pipeline(p, e, use_prepared, begin, prepare, values);
    db__trip(&p->base, "", e->orig);
    if (!use_prepared)
        return PQexecParams(p->conn, e->text, e->nparams, NULL, values, NULL, NULL, 0);
    return PQexecPrepared(p->conn, e->name, e->nparams, values, NULL, NULL, 0);
}

static DbStmt *pg_query(Db *db, const char *sql, const DbArg *args, int nargs)
{
    PgDb *p = (PgDb *)db;
    if (!ensure_alive(p))
        return db__failed_stmt(db);
    void **slot = db__cache_slot(&p->cache, sql);
    PgEntry *e = slot ? *slot : NULL;
    if (e && strcmp(e->orig, sql) != 0) {
        /* Same address, other text: not a literal. Forget the old one; its
         * server-side statement stays under a name never used again. */
        if (e->stmt.busy) {
            e = NULL;
        } else {
            entry_free(e);
            *slot = e = NULL;
        }
    }
    bool transient_entry = false;
    if (!e) {
        e = entry_new(p, sql);
        if (!e) {
            db__set_error(db, DB_ERR_OTHER, "out of memory");
            return db__failed_stmt(db);
        }
        if (slot && !*slot)
            *slot = e;
        else
            transient_entry = true;
    }
    if (nargs != e->nparams) {
        db__set_error(db, DB_ERR_OTHER, "SQL has %d placeholders but %d values were given: %.200s", e->nparams,
                      nargs, sql);
        if (transient_entry)
            entry_free(e);
        return db__failed_stmt(db);
    }

    char numbuf[16][24];
    char (*nums)[24] = nargs <= 16 ? numbuf : malloc((size_t)nargs * sizeof *nums);
    const char *valbuf[16];
    const char **values = nargs <= 16 ? valbuf : malloc((size_t)nargs * sizeof *values);
    if (!nums || !values) {
        if (nums != numbuf)
            free(nums);
        if (values != valbuf)
            free(values);
        if (transient_entry)
            entry_free(e);
        db__set_error(db, DB_ERR_OTHER, "out of memory");
        return db__failed_stmt(db);
    }
    for (int i = 0; i < nargs; i++) {
        if (args[i].type == 'i') {
            snprintf(nums[i], sizeof nums[i], "%lld", (long long)args[i].i);
            values[i] = nums[i];
        } else if (args[i].type == 't') {
            values[i] = args[i].t; /* NULL text binds SQL NULL */
        } else {
            values[i] = NULL;
        }
    }

    /* The cached statement is busy when the same query runs inside its own
     * result loop: then this run gets a statement of its own. */
    bool own = transient_entry || e->stmt.busy;
    bool was_in_tx = server_tx(p);
    PGresult *res = run(p, e, !transient_entry, values);
    if (nums != numbuf)
        free(nums);
    if (values != valbuf)
        free(values);
    if (transient_entry)
        entry_free(e);

    ExecStatusType status = PQresultStatus(res);
    if (status != PGRES_TUPLES_OK && status != PGRES_COMMAND_OK) {
        set_pg_error(p, res, "SQL error");
        PQclear(res);
        after_failure(p, was_in_tx);
        return db__failed_stmt(db);
    }
    PgStmt *st;
    if (own) {
        st = calloc(1, sizeof *st);
        if (!st) {
            PQclear(res);
            db__set_error(db, DB_ERR_OTHER, "out of memory");
            return db__failed_stmt(db);
        }
        st->base.db = db;
        st->transient = true;
    } else {
        st = &e->stmt;
    }
    st->busy = true;
    st->res = res;
    st->row = -1;
    st->nrows = PQntuples(res);
    st->base.state = DBS_RUNNING;
    st->base.err_class = DB_ERR_NONE;
    return &st->base;
}

static int pg_step(DbStmt *base)
{
    PgStmt *st = (PgStmt *)base;
    if (st->row + 1 < st->nrows) {
        st->row++;
        return DB_ROW;
    }
    st->row = st->nrows;
    base->state = DBS_DONE;
    return DB_DONE;
}

static int pg_column_count(DbStmt *base)
{
    return PQnfields(((PgStmt *)base)->res);
}

static bool row_ok(const PgStmt *st)
{
    return st->row >= 0 && st->row < st->nrows;
}

static int64_t pg_col_int(DbStmt *base, int col)
{
    PgStmt *st = (PgStmt *)base;
    if (!row_ok(st) || PQgetisnull(st->res, st->row, col))
        return 0;
    const char *v = PQgetvalue(st->res, st->row, col);
    /* Booleans (EXISTS, comparisons) read as 0/1, as SQLite gives them. */
    if (v[0] == 't' && !v[1])
        return 1;
    if (v[0] == 'f' && !v[1])
        return 0;
    return strtoll(v, NULL, 10);
}

static const char *pg_col_text(DbStmt *base, int col)
{
    PgStmt *st = (PgStmt *)base;
    if (!row_ok(st) || PQgetisnull(st->res, st->row, col))
        return NULL;
    return PQgetvalue(st->res, st->row, col);
}

static bool pg_col_null(DbStmt *base, int col)
{
    PgStmt *st = (PgStmt *)base;
    return !row_ok(st) || PQgetisnull(st->res, st->row, col);
}

static int64_t pg_changes(DbStmt *base)
{
    const char *n = PQcmdTuples(((PgStmt *)base)->res);
    return n && *n ? strtoll(n, NULL, 10) : 0;
}

static void pg_release(DbStmt *base)
{
    PgStmt *st = (PgStmt *)base;
    PQclear(st->res);
    st->res = NULL;
    st->busy = false;
    if (st->transient)
        free(st);
}

static bool pg_command(Db *db, const char *sql)
{
    PgDb *p = (PgDb *)db;
    drain(p);
    bool end = !strcmp(sql, "ROLLBACK") || !strcmp(sql, "COMMIT");
    if (!strncmp(sql, "BEGIN", 5) && !p->tx_lost && !p->begin_pending) {
        /* Sent with the first statement (run); db.c has checked that no
         * transaction is open. */
        p->begin_pending = true;
        p->begin_sql = sql;
        p->read_only = strstr(sql, "READ ONLY") != NULL;
        return true;
    }
    if (end && p->begin_pending) {
        /* Nothing was sent: the transaction never began on the server. */
        p->begin_pending = false;
        return true;
    }
    if (end && p->read_only && !p->tx_lost && PQtransactionStatus(p->conn) != PQTRANS_IDLE &&
        PQsendQuery(p->conn, sql)) {
        /* It read only: its end cannot fail in any way that matters, so the
         * answer is not waited for (drain reads it). */
        p->read_only = false;
        p->end_inflight = true;
        if (p->base.trace)
            log_info("db trace pg: %j sent, its answer read later", sql);
        return true;
    }
    if (end)
        p->read_only = false;
    if (p->tx_lost && end) {
        /* The server already dropped the transaction with the connection. */
        p->tx_lost = false;
        if (!strcmp(sql, "ROLLBACK"))
            return true;
        db__set_error(db, DB_ERR_OTHER, "COMMIT: the database connection was lost during the transaction");
        return false;
    }
    if (!ensure_alive(p))
        return false;
    bool was_in_tx = server_tx(p);
    db__trip(db, "", sql);
    PGresult *res = PQexec(p->conn, sql);
    bool ok = PQresultStatus(res) == PGRES_COMMAND_OK;
    if (!ok) {
        set_pg_error(p, res, sql);
        /* A COMMIT or ROLLBACK that lost the connection ended the transaction anyway. */
        after_failure(p, was_in_tx && strcmp(sql, "COMMIT") != 0 && strcmp(sql, "ROLLBACK") != 0);
    } else if (!strcmp(sql, "COMMIT") && !strcmp(PQcmdStatus(res), "ROLLBACK")) {
        /* COMMIT of a failed transaction "succeeds" by rolling back. */
        db__set_error(db, DB_ERR_OTHER, "COMMIT: the transaction had failed and was rolled back");
        ok = false;
    }
    PQclear(res);
    return ok;
}

static bool pg_exec_script(Db *db, const char *script)
{
    PgDb *p = (PgDb *)db;
    if (!ensure_alive(p))
        return false;
    if (p->begin_pending) {
        /* A script cannot carry it along: send it first. */
        p->begin_pending = false;
        db__trip(db, "", p->begin_sql);
        PGresult *res = PQexec(p->conn, p->begin_sql);
        bool ok = PQresultStatus(res) == PGRES_COMMAND_OK;
        if (!ok)
            set_pg_error(p, res, p->begin_sql);
        PQclear(res);
        if (!ok) {
            after_failure(p, false);
            return false;
        }
    }
    bool was_in_tx = PQtransactionStatus(p->conn) != PQTRANS_IDLE;
    PGresult *res = PQexec(p->conn, script);
    ExecStatusType status = PQresultStatus(res);
    bool ok = status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK || status == PGRES_EMPTY_QUERY;
    if (!ok) {
        set_pg_error(p, res, "SQL error");
        after_failure(p, was_in_tx);
    }
    PQclear(res);
    return ok;
}

static void pg_close(Db *db)
{
    PgDb *p = (PgDb *)db;
    db__cache_free(&p->cache, entry_free);
    PQfinish(p->conn);
    free(p);
}

/* pg_dump in custom format: the standard, restorable with pg_restore. Run
 * without a shell, so nothing in the URL or path is interpreted. */
static bool pg_backup(Db *db, const char *dest_path, char *err, size_t errlen)
{
    /* O_EXCL: never overwrite; pg_dump then writes into the file we made
     * (mode 0600: a backup holds the whole register). */
    int fd = open(dest_path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd < 0) {
        if (errno == EEXIST)
            snprintf(err, errlen, "backup file %s already exists; choose a new name", dest_path);
        else
            snprintf(err, errlen, "cannot create backup file %s: %s", dest_path, strerror(errno));
        return false;
    }
    close(fd);
    size_t flen = strlen(dest_path) + sizeof "--file=";
    char *file_arg = malloc(flen);
    if (!file_arg) {
        unlink(dest_path);
        snprintf(err, errlen, "out of memory");
        return false;
    }
    snprintf(file_arg, flen, "--file=%s", dest_path);
    char *argv[] = {"pg_dump", "--format=custom", "--no-password", file_arg, db->url, NULL};
    pid_t pid;
    int rc = posix_spawnp(&pid, "pg_dump", NULL, NULL, argv, environ);
    if (rc == ENOENT) {
        /* Debian's own place, when PATH lacks it; argv[0] is a full path so
         * pg_dump finds its own files without PATH. */
        argv[0] = "/usr/lib/postgresql/15/bin/pg_dump";
        rc = posix_spawn(&pid, argv[0], NULL, NULL, argv, environ);
    }
    free(file_arg);
    if (rc != 0) {
        unlink(dest_path);
        if (rc == ENOENT)
            snprintf(err, errlen, "pg_dump not found: install the PostgreSQL client (postgresql-client-15)");
        else
            snprintf(err, errlen, "cannot run pg_dump: %s", strerror(rc));
        return false;
    }
    int wstatus;
    while (waitpid(pid, &wstatus, 0) < 0) {
        if (errno != EINTR) {
            unlink(dest_path);
            snprintf(err, errlen, "waiting for pg_dump: %s", strerror(errno));
            return false;
        }
    }
    if (!WIFEXITED(wstatus) || WEXITSTATUS(wstatus) != 0) {
        unlink(dest_path);
        if (WIFEXITED(wstatus))
            snprintf(err, errlen, "pg_dump failed with exit status %d (its message is above)", WEXITSTATUS(wstatus));
        else
            snprintf(err, errlen, "pg_dump was killed by signal %d", WTERMSIG(wstatus));
        return false;
    }
    return true;
}

static const DbOps pg_ops = {
    .close = pg_close,
    .command = pg_command,
    .in_transaction = pg_in_transaction,
    .query = pg_query,
    .step = pg_step,
    .column_count = pg_column_count,
    .col_int = pg_col_int,
    .col_text = pg_col_text,
    .col_null = pg_col_null,
    .changes = pg_changes,
    .release = pg_release,
    .exec_script = pg_exec_script,
    .backup = pg_backup,
};

Db *db__pg_open(const char *url, char *err, size_t errlen)
{
    PGconn *conn = PQconnectdb(url);
    if (!conn) {
        snprintf(err, errlen, "out of memory");
        return NULL;
    }
    if (PQstatus(conn) != CONNECTION_OK) {
        char msg[300];
        one_line(msg, sizeof msg, PQerrorMessage(conn));
        snprintf(err, errlen, "cannot connect to PostgreSQL: %s", msg);
        PQfinish(conn);
        return NULL;
    }
    if (!session_setup(conn, err, errlen)) {
        PQfinish(conn);
        return NULL;
    }
    PgDb *p = calloc(1, sizeof *p);
    if (!p) {
        snprintf(err, errlen, "out of memory");
        PQfinish(conn);
        return NULL;
    }
    p->base.kind = DB_POSTGRES;
    p->base.ops = &pg_ops;
    p->conn = conn;
    return &p->base;
}
