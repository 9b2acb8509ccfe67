/* sqlite.c: the SQLite backend: one connection per thread, WAL, prepared
 * statements cached by the address of their SQL literal. */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <sqlite3.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "store/db_impl.h"

typedef struct SqlStmt {
    DbStmt base;
    sqlite3_stmt *st;
    bool busy;      /* handed out and not yet db_done */
    bool transient; /* not in the cache: finalized on db_done */
} SqlStmt;

typedef struct SqliteDb {
    Db base;
    sqlite3 *h;
    DbCache cache; /* of SqlStmt */
} SqliteDb;

static DbErrClass classify(int xrc)
{
    switch (xrc & 0xff) {
    case SQLITE_CONSTRAINT:
        /* RAISE() in a trigger guards an invariant the program must never
         * break (the append-only audit log): a bug, as in PostgreSQL's
         * RAISE EXCEPTION, not a user's conflict. */
        return xrc == SQLITE_CONSTRAINT_TRIGGER ? DB_ERR_OTHER : DB_ERR_CONSTRAINT;
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
        return DB_ERR_BUSY;
    default:
        return DB_ERR_OTHER;
    }
}

static void set_sqlite_error(SqliteDb *s, const char *what)
{
    int xrc = sqlite3_extended_errcode(s->h);
    db__set_error(&s->base, classify(xrc), "%s: %s", what, sqlite3_errmsg(s->h));
}

/* True when only blanks, semicolons and comments remain. */
static bool only_trivia(const char *p)
{
    for (;;) {
        while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r' || *p == ';')
            p++;
        if (p[0] == '-' && p[1] == '-') {
            while (*p && *p != '\n')
                p++;
        } else if (p[0] == '/' && p[1] == '*') {
            const char *end = strstr(p + 2, "*/");
            if (!end)
                return true; /* an unterminated comment at the end */
            p = end + 2;
        } else {
            return *p == '\0';
        }
    }
}

static SqlStmt *stmt_new(SqliteDb *s, const char *sql, bool persistent)
{
    sqlite3_stmt *st = NULL;
    const char *tail = NULL;
    unsigned flags = persistent ? SQLITE_PREPARE_PERSISTENT : 0;
    if (sqlite3_prepare_v3(s->h, sql, -1, flags, &st, &tail) != SQLITE_OK) {
        set_sqlite_error(s, "SQL error");
        sqlite3_finalize(st);
        return NULL;
    }
    if (!st) {
        db__set_error(&s->base, DB_ERR_OTHER, "SQL text holds no statement");
        return NULL;
    }
    if (tail && !only_trivia(tail)) {
        /* PostgreSQL refuses these too; say so on SQLite as well. */
        sqlite3_finalize(st);
        db__set_error(&s->base, DB_ERR_OTHER, "one statement per query (db_exec_script runs several): %.200s", sql);
        return NULL;
    }
    SqlStmt *ss = calloc(1, sizeof *ss);
    if (!ss) {
        sqlite3_finalize(st);
        db__set_error(&s->base, DB_ERR_OTHER, "out of memory");
        return NULL;
    }
    ss->base.db = &s->base;
    ss->st = st;
    ss->transient = !persistent;
    return ss;
}

/* The cached statement for sql, prepared on first use; a fresh uncached one
 * when the cached one is still in use (the same query nested in its own
 * loop). A hit is checked with strcmp against the prepared text: cheap, and
 * a caller passing a reused buffer cannot get another query's plan. */
static SqlStmt *stmt_get(SqliteDb *s, const char *sql)
{
    void **slot = db__cache_slot(&s->cache, sql);
    if (!slot)
        return stmt_new(s, sql, false);
    SqlStmt *ss = *slot;
    if (ss && ss->busy)
        return stmt_new(s, sql, false);
    /* The prepared text is the literal up to the end of its statement. */
    if (ss && strncmp(sqlite3_sql(ss->st), sql, strlen(sqlite3_sql(ss->st))) == 0)
        return ss;
    SqlStmt *fresh = stmt_new(s, sql, true);
    if (!fresh)
        return NULL;
    if (ss) {
        sqlite3_finalize(ss->st);
        free(ss);
    }
    *slot = fresh;
    return fresh;
}

static void stmt_release(DbStmt *base)
{
    SqlStmt *ss = (SqlStmt *)base;
    if (ss->transient) {
        sqlite3_finalize(ss->st);
        free(ss);
        return;
    }
    sqlite3_reset(ss->st);
    sqlite3_clear_bindings(ss->st);
    ss->busy = false;
}

static void stmt_free(void *p)
{
    SqlStmt *ss = p;
    sqlite3_finalize(ss->st);
    free(ss);
}

static DbStmt *sq_query(Db *db, const char *sql, const DbArg *args, int nargs)
{
    SqliteDb *s = (SqliteDb *)db;
    db__trip(db, "", sql);
    SqlStmt *ss = stmt_get(s, sql);
    if (!ss)
        return db__failed_stmt(db);
    ss->busy = true;
    ss->base.state = DBS_RUNNING;
    ss->base.err_class = DB_ERR_NONE;
    int want = sqlite3_bind_parameter_count(ss->st);
    if (want != nargs) {
        db__set_error(db, DB_ERR_OTHER, "SQL has %d placeholders but %d values were given: %.200s", want, nargs,
                      sql);
        stmt_release(&ss->base);
        return db__failed_stmt(db);
    }
    for (int i = 0; i < nargs; i++) {
        int rc;
        if (args[i].type == 'i')
            rc = sqlite3_bind_int64(ss->st, i + 1, args[i].i);
        else if (args[i].type == 't' && args[i].t)
            rc = sqlite3_bind_text(ss->st, i + 1, args[i].t, -1, SQLITE_TRANSIENT);
        else
            rc = sqlite3_bind_null(ss->st, i + 1);
        if (rc != SQLITE_OK) {
            set_sqlite_error(s, "bind failed");
            stmt_release(&ss->base);
            return db__failed_stmt(db);
        }
    }
    return &ss->base;
}

static int sq_step(DbStmt *base)
{
    SqlStmt *ss = (SqlStmt *)base;
    SqliteDb *s = (SqliteDb *)base->db;
    int rc = sqlite3_step(ss->st);
    if (rc == SQLITE_ROW)
        return DB_ROW;
    if (rc == SQLITE_DONE) {
        base->state = DBS_DONE;
        return DB_DONE;
    }
    set_sqlite_error(s, "SQL error");
    base->state = DBS_FAILED;
    base->err_class = s->base.err_class;
    return DB_ERROR;
}

static int sq_column_count(DbStmt *base)
{
    return sqlite3_column_count(((SqlStmt *)base)->st);
}

static int64_t sq_col_int(DbStmt *base, int col)
{
    return sqlite3_column_int64(((SqlStmt *)base)->st, col);
}

static const char *sq_col_text(DbStmt *base, int col)
{
    return (const char *)sqlite3_column_text(((SqlStmt *)base)->st, col);
}

static bool sq_col_null(DbStmt *base, int col)
{
    return sqlite3_column_type(((SqlStmt *)base)->st, col) == SQLITE_NULL;
}

static int64_t sq_changes(DbStmt *base)
{
    return sqlite3_changes64(((SqliteDb *)base->db)->h);
}

static bool sq_command(Db *db, const char *sql)
{
    SqliteDb *s = (SqliteDb *)db;
    db__trip(db, "", sql);
    if (sqlite3_exec(s->h, sql, NULL, NULL, NULL) != SQLITE_OK) {
        set_sqlite_error(s, sql);
        return false;
    }
    return true;
}

static bool sq_in_transaction(const Db *db)
{
    return !sqlite3_get_autocommit(((const SqliteDb *)db)->h);
}

static bool sq_exec_script(Db *db, const char *script)
{
    SqliteDb *s = (SqliteDb *)db;
    if (sqlite3_exec(s->h, script, NULL, NULL, NULL) != SQLITE_OK) {
        set_sqlite_error(s, "SQL error");
        return false;
    }
    return true;
}

static void sq_close(Db *db)
{
    SqliteDb *s = (SqliteDb *)db;
    db__cache_free(&s->cache, stmt_free);
    /* close_v2: a statement a caller forgot to db_done cannot keep the file open forever. */
    sqlite3_close_v2(s->h);
    free(s);
}

/* Copies the live database into a new file with SQLite's online backup, so
 * the server can keep running. Never overwrites: O_EXCL makes the file ours. */
static bool sq_backup(Db *db, const char *dest_path, char *err, size_t errlen)
{
    SqliteDb *s = (SqliteDb *)db;
    int fd = open(dest_path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd < 0) {
        if (errno == EEXIST)
            snprintf(err, errlen, "backup file %s already exists; choose a new name", dest_path);
        else
            snprintf(err, errlen, "cannot create backup file %s: %s", dest_path, strerror(errno));
        return false;
    }
    close(fd);
    sqlite3 *dst = NULL;
    bool ok = false;
    if (sqlite3_open_v2(dest_path, &dst, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK) {
        snprintf(err, errlen, "cannot open backup file %s: %s", dest_path, dst ? sqlite3_errmsg(dst) : "out of memory");
    } else {
        sqlite3_backup *b = sqlite3_backup_init(dst, "main", s->h, "main");
        if (!b) {
            snprintf(err, errlen, "backup failed: %s", sqlite3_errmsg(dst));
        } else {
            int rc = sqlite3_backup_step(b, -1);
            sqlite3_backup_finish(b);
            if (rc == SQLITE_DONE)
                ok = true;
            else
                snprintf(err, errlen, "backup failed: %s", sqlite3_errstr(rc));
        }
    }
    if (dst && sqlite3_close(dst) != SQLITE_OK && ok) {
        snprintf(err, errlen, "backup failed while closing %s: %s", dest_path, sqlite3_errmsg(dst));
        ok = false;
    }
    if (!ok)
        unlink(dest_path);
    return ok;
}

static const DbOps sqlite_ops = {
    .close = sq_close,
    .command = sq_command,
    .in_transaction = sq_in_transaction,
    .query = sq_query,
    .step = sq_step,
    .column_count = sq_column_count,
    .col_int = sq_col_int,
    .col_text = sq_col_text,
    .col_null = sq_col_null,
    .changes = sq_changes,
    .release = stmt_release,
    .exec_script = sq_exec_script,
    .backup = sq_backup,
};

/* One connection per thread, so SQLite's own mutexes are switched off
 * (NOMUTEX). synchronous=FULL: every commit is durable on return, which is
 * what a register of households and an audit log need; the benchmark's
 * plain-loop baseline uses the same setting, so figures compare like for like. */
/* Each connection is used by one thread at a time, so SQLite's global
 * memory-statistics mutex (taken on every malloc) only costs: with it off,
 * a list request spends ~10 % less CPU in pthread_mutex_* under load. It
 * must be set before SQLite initialises itself; if something initialised it
 * earlier the call is refused and the default stays, which is only slower. */
static void sqlite_global_setup(void)
{
    (void)sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
}

Db *db__sqlite_open(const char *path, char *err, size_t errlen)
{
    static pthread_once_t once = PTHREAD_ONCE_INIT;
    (void)pthread_once(&once, sqlite_global_setup);
    /* The register is personal data: a new database file is created 0600
     * here, whatever the umask, and SQLite gives its -wal and -shm files the
     * mode of the database file. An existing file keeps the mode its owner
     * chose. */
    if (path[0] && strcmp(path, ":memory:") != 0 && strncmp(path, "file:", 5) != 0) {
        int fd = open(path, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
        if (fd >= 0) {
            close(fd);
        } else if (errno != EEXIST) {
            snprintf(err, errlen, "cannot create SQLite database %s: %s", path, strerror(errno));
            return NULL;
        }
    }
    sqlite3 *h = NULL;
    int rc = sqlite3_open_v2(path, &h, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, NULL);
    if (rc != SQLITE_OK) {
        snprintf(err, errlen, "cannot open SQLite database %s: %s", path, h ? sqlite3_errmsg(h) : sqlite3_errstr(rc));
        sqlite3_close(h);
        return NULL;
    }
    sqlite3_extended_result_codes(h, 1);
    sqlite3_busy_timeout(h, 5000);
    /* busy_timeout first, so switching to WAL waits for another opener. */
    static const char *const pragmas[] = {
        "PRAGMA busy_timeout=5000",
        "PRAGMA journal_mode=WAL",
        "PRAGMA foreign_keys=ON",
        "PRAGMA synchronous=FULL",
        /* Reads map the file instead of copying each page into every
         * connection's own cache: a list at a million orders touches pages
         * all over the table, and each worker thread has its connection. */
        "PRAGMA mmap_size=1073741824",
    };
    for (size_t i = 0; i < sizeof pragmas / sizeof pragmas[0]; i++) {
        char *msg = NULL;
        if (sqlite3_exec(h, pragmas[i], NULL, NULL, &msg) != SQLITE_OK) {
            snprintf(err, errlen, "cannot set up SQLite database %s (%s): %s", path, pragmas[i],
                     msg ? msg : sqlite3_errmsg(h));
            sqlite3_free(msg);
            sqlite3_close(h);
            return NULL;
        }
    }
    SqliteDb *s = calloc(1, sizeof *s);
    if (!s) {
        snprintf(err, errlen, "out of memory");
        sqlite3_close(h);
        return NULL;
    }
    s->base.kind = DB_SQLITE;
    s->base.ops = &sqlite_ops;
    s->h = h;
    return &s->base;
}
