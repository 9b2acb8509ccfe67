/* db.c: the storage interface: opens a backend from its URL, dispatches every
 * call to it, keeps the error state and transactions, and hands each server
 * thread its own connection. */
#include <pthread.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/log.h"
#include "store/db.h"
#include "store/db_impl.h"

void db__set_error(Db *db, DbErrClass cls, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(db->errmsg, sizeof db->errmsg, fmt, ap);
    va_end(ap);
    db->err_class = cls;
    if (db->ops->in_transaction(db) && !db->tx_failed) {
        db->tx_failed = true;
        db->tx_err_class = cls;
        memcpy(db->tx_errmsg, db->errmsg, sizeof db->tx_errmsg);
    }
}

DbStmt *db__failed_stmt(Db *db)
{
    db->err_stmt.db = db;
    db->err_stmt.state = DBS_FAILED;
    db->err_stmt.err_class = db->err_class;
    return &db->err_stmt;
}

void db__clear_error(Db *db)
{
    db->err_class = DB_ERR_NONE;
    db->errmsg[0] = '\0';
}

static size_t cache_slot_of(const DbCache *c, const char *key)
{
    uint64_t h = (uint64_t)(uintptr_t)key * 0x9E3779B97F4A7C15ull;
    return (size_t)(h >> 32) & (c->cap - 1);
}

static bool cache_grow(DbCache *c)
{
    size_t ncap = c->cap ? c->cap * 2 : 128;
    const char **nkeys = calloc(ncap, sizeof *nkeys);
    void **nvals = calloc(ncap, sizeof *nvals);
    if (!nkeys || !nvals) {
        free(nkeys);
        free(nvals);
        return false;
    }
    const char **okeys = c->keys;
    void **ovals = c->vals;
    size_t ocap = c->cap;
    c->keys = nkeys;
    c->vals = nvals;
    c->cap = ncap;
    for (size_t i = 0; i < ocap; i++) {
        if (!okeys[i])
            continue;
        size_t j = cache_slot_of(c, okeys[i]);
        while (nkeys[j])
            j = (j + 1) & (ncap - 1);
        nkeys[j] = okeys[i];
        nvals[j] = ovals[i];
    }
    free(okeys);
    free(ovals);
    return true;
}

void **db__cache_slot(DbCache *c, const char *key)
{
    if (c->count * 4 >= c->cap * 3 && !cache_grow(c) && c->count + 1 >= c->cap)
        return NULL;
    size_t i = cache_slot_of(c, key);
    while (c->keys[i] && c->keys[i] != key)
        i = (i + 1) & (c->cap - 1);
    if (!c->keys[i]) {
        c->keys[i] = key;
        c->vals[i] = NULL;
        c->count++;
    }
    return &c->vals[i];
}

void db__cache_free(DbCache *c, void (*free_val)(void *))
{
    for (size_t i = 0; i < c->cap; i++)
        if (c->vals[i])
            free_val(c->vals[i]);
    free(c->keys);
    free(c->vals);
    memset(c, 0, sizeof *c);
}

static bool has_prefix(const char *s, const char *prefix)
{
    return strncmp(s, prefix, strlen(prefix)) == 0;
}

Db *db_open(const char *url, char *err, size_t errlen)
{
    if (!url || !*url) {
        snprintf(err, errlen, "no database given: use sqlite:PATH or postgresql://USER@HOST:PORT/NAME");
        return NULL;
    }
    Db *db = NULL;
    if (has_prefix(url, "sqlite:")) {
        const char *path = url + strlen("sqlite:");
        if (!*path) {
            snprintf(err, errlen, "database URL \"sqlite:\" names no file: use sqlite:PATH");
            return NULL;
        }
        db = db__sqlite_open(path, err, errlen);
    } else if (has_prefix(url, "postgresql://") || has_prefix(url, "postgres://")) {
        db = db__pg_open(url, err, errlen);
    } else {
        /* Only the scheme is echoed: the rest may hold a password. */
        int scheme = (int)strcspn(url, ":/@");
        snprintf(err, errlen,
                 "unknown kind of database \"%.*s\": use sqlite:PATH or postgresql://USER@HOST:PORT/NAME",
                 scheme > 40 ? 40 : scheme, url);
        return NULL;
    }
    if (!db)
        return NULL;
    const char *trace = getenv("GZ_DB_TRACE");
    db->trace = trace && strcmp(trace, "1") == 0;
    db->url = strdup(url);
    if (!db->url) {
        snprintf(err, errlen, "out of memory");
        db->ops->close(db);
        return NULL;
    }
    return db;
}

/* SQLite admits one writer at a time. Threads of this process queue for it
 * here, in order and without sleeping, instead of in SQLite's busy handler,
 * which polls with growing sleeps and gave write p99s above a second under
 * load. Other processes (the CLI) still meet the busy timeout. */
static pthread_mutex_t sqlite_writer = PTHREAD_MUTEX_INITIALIZER;

static void release_writer(Db *db)
{
    if (db->holds_writer && !db->ops->in_transaction(db)) {
        db->holds_writer = false;
        pthread_mutex_unlock(&sqlite_writer);
    }
}

void db_close(Db *db)
{
    if (!db)
        return;
    if (db->ops->in_transaction(db))
        db->ops->command(db, "ROLLBACK");
    release_writer(db);
    free(db->url);
    db->ops->close(db);
}

DbKind db_kind(const Db *db)
{
    return db->kind;
}

static bool begin_tx(Db *db, bool write, bool read_only)
{
    db__clear_error(db);
    if (db->ops->in_transaction(db)) {
        /* A caller's slip, reported without dooming the open transaction. */
        db->err_class = DB_ERR_OTHER;
        snprintf(db->errmsg, sizeof db->errmsg, "a transaction is already open");
        return false;
    }
    db->tx_failed = false;
    /* SQLite: IMMEDIATE takes the write lock now, so a writer never fails
     * half-way on a lock upgrade. PostgreSQL: plain READ COMMITTED; writers
     * that must serialise (the audit chain) take a row lock. */
    const char *sql = write && db->kind == DB_SQLITE ? "BEGIN IMMEDIATE" : "BEGIN";
    if (read_only && db->kind == DB_POSTGRES)
        sql = "BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY";
    if (write && db->kind == DB_SQLITE) {
        pthread_mutex_lock(&sqlite_writer);
        db->holds_writer = true;
    }
    bool ok = db->ops->command(db, sql);
    release_writer(db);
    return ok;
}

bool db_begin(Db *db, bool write)
{
    return begin_tx(db, write, false);
}

bool db_begin_read(Db *db)
{
    return begin_tx(db, false, true);
}

static bool commit_tx(Db *db)
{
    if (!db->ops->in_transaction(db)) {
        db__clear_error(db);
        db__set_error(db, DB_ERR_OTHER, "commit without a transaction");
        return false;
    }
    if (db->tx_failed) {
        /* Report the failure that doomed the transaction, not a later one. */
        DbErrClass cls = db->tx_err_class;
        char msg[sizeof db->tx_errmsg];
        memcpy(msg, db->tx_errmsg, sizeof msg);
        db_rollback(db);
        db->err_class = cls;
        snprintf(db->errmsg, sizeof db->errmsg, "transaction rolled back after an earlier error: %.400s", msg);
        return false;
    }
    db__clear_error(db);
    if (!db->ops->command(db, "COMMIT")) {
        /* A commit that failed (busy, deferred constraint) may leave the
         * transaction open; the caller expects it gone either way. */
        if (db->ops->in_transaction(db)) {
            DbErrClass cls = db->err_class;
            char msg[sizeof db->errmsg];
            memcpy(msg, db->errmsg, sizeof msg);
            db_rollback(db);
            db->err_class = cls;
            memcpy(db->errmsg, msg, sizeof msg);
        }
        db->tx_failed = false;
        return false;
    }
    db->tx_failed = false;
    return true;
}

bool db_commit(Db *db)
{
    bool ok = commit_tx(db);
    release_writer(db);
    return ok;
}

void db_rollback(Db *db)
{
    if (db->ops->in_transaction(db)) {
        /* Keep the error that caused the rollback for the caller to read. */
        DbErrClass cls = db->err_class;
        char msg[sizeof db->errmsg];
        memcpy(msg, db->errmsg, sizeof msg);
        db->ops->command(db, "ROLLBACK");
        db->err_class = cls;
        memcpy(db->errmsg, msg, sizeof msg);
    }
    db->tx_failed = false;
    release_writer(db);
}

bool db_in_transaction(const Db *db)
{
    return db->ops->in_transaction(db);
}

DbStmt *db_query_args(Db *db, const char *sql, const DbArg *args)
{
    db__clear_error(db);
    int n = 0;
    while (args[n].type) {
        char t = args[n].type;
        if (t != 'i' && t != 't' && t != 'n') {
            db__set_error(db, DB_ERR_OTHER, "argument %d has unknown type code %d", n + 1, t);
            return db__failed_stmt(db);
        }
        n++;
    }
    return db->ops->query(db, sql, args, n);
}

int db_step(DbStmt *st)
{
    if (st->state == DBS_FAILED)
        return DB_ERROR;
    if (st->state == DBS_DONE)
        return DB_DONE;
    return st->db->ops->step(st);
}

int db_column_count(DbStmt *st)
{
    if (st->state == DBS_FAILED)
        return 0;
    return st->db->ops->column_count(st);
}

int64_t db_col_int(DbStmt *st, int col)
{
    if (st->state != DBS_RUNNING || col < 0 || col >= st->db->ops->column_count(st))
        return 0;
    return st->db->ops->col_int(st, col);
}

const char *db_col_text(DbStmt *st, int col)
{
    if (st->state != DBS_RUNNING || col < 0 || col >= st->db->ops->column_count(st))
        return NULL;
    return st->db->ops->col_text(st, col);
}

bool db_col_null(DbStmt *st, int col)
{
    if (st->state != DBS_RUNNING || col < 0 || col >= st->db->ops->column_count(st))
        return true;
    return st->db->ops->col_null(st, col);
}

bool db_done(DbStmt *st)
{
    Db *db = st->db;
    bool ok = st->state != DBS_FAILED;
    DbErrClass cls = st->err_class;
    if (st != &db->err_stmt)
        db->ops->release(st);
    if (!ok && db->err_class == DB_ERR_NONE)
        db->err_class = cls; /* a nested query cleared it meanwhile */
    return ok;
}

static bool starts_with_word(const char *sql, const char *word)
{
    while (*sql == ' ' || *sql == '\n' || *sql == '\t')
        sql++;
    return strncasecmp(sql, word, strlen(word)) == 0;
}

bool db_exec_args(Db *db, const char *sql, const DbArg *args)
{
    /* Savepoints are how a transaction survives a failed statement (the
     * PostgreSQL way, so the only portable one): ROLLBACK TO a savepoint
     * taken while the transaction was sound makes it sound again. A
     * savepoint taken after a failure cannot (PostgreSQL refuses it). */
    bool savepoint = starts_with_word(sql, "SAVEPOINT");
    if (savepoint && db->tx_failed && db->ops->in_transaction(db)) {
        db__clear_error(db);
        db->err_class = db->tx_err_class;
        snprintf(db->errmsg, sizeof db->errmsg, "SAVEPOINT in a failed transaction: %.400s", db->tx_errmsg);
        return false;
    }
    DbStmt *st = db_query_args(db, sql, args);
    int rc;
    while ((rc = db_step(st)) == DB_ROW)
        ;
    if (rc == DB_DONE)
        db->changes = db->ops->changes(st);
    bool ok = db_done(st);
    if (ok && starts_with_word(sql, "ROLLBACK TO"))
        db->tx_failed = false;
    return ok;
}

bool db_int_args(Db *db, int64_t *out, const char *sql, const DbArg *args)
{
    DbStmt *st = db_query_args(db, sql, args);
    bool found = false;
    if (db_step(st) == DB_ROW) {
        /* SQL NULL (e.g. MAX over no rows) reads as 0, like db_col_int. */
        *out = db_col_int(st, 0);
        found = true;
    }
    return db_done(st) && found;
}

int64_t db_changes(Db *db)
{
    return db->changes;
}

bool db_exec_script(Db *db, const char *script)
{
    db__clear_error(db);
    return db->ops->exec_script(db, script);
}

void db__trip(Db *db, const char *prefix, const char *sql)
{
    db->round_trips++;
    if (db->trace) {
        /* The text only: bound values may be personal data. */
        char one[400];
        snprintf(one, sizeof one, "%s%s", prefix, sql);
        for (char *p = one; *p; p++)
            if (*p == '\n' || *p == '\t')
                *p = ' ';
        log_info("db trace %s #%lld: %j", db->kind == DB_SQLITE ? "sqlite" : "pg", (long long)db->round_trips, one);
    }
}

int64_t db_round_trips(const Db *db)
{
    return db->round_trips;
}

DbErrClass db_error_class(const Db *db)
{
    return db->err_class;
}

const char *db_errmsg(const Db *db)
{
    return db->errmsg;
}

bool db_backup(Db *db, const char *dest_path, char *err, size_t errlen)
{
    if (!dest_path || !*dest_path) {
        snprintf(err, errlen, "no backup file given");
        return false;
    }
    return db->ops->backup(db, dest_path, err, errlen);
}

/* ---- per-thread connections ---- */

typedef struct PoolConn {
    Db *db;
    struct PoolConn *next;
} PoolConn;

static pthread_mutex_t pool_mu = PTHREAD_MUTEX_INITIALIZER;
static char *pool_url;
static PoolConn *pool_conns;
/* Bumped by init and shutdown, so a thread's pointer from an earlier pool
 * (now closed) is never reused. */
static unsigned pool_gen;
static _Thread_local Db *tl_db;
static _Thread_local unsigned tl_gen;

static Db *pool_open_for_thread(const char *url, unsigned gen, char *err, size_t errlen)
{
    Db *db = db_open(url, err, errlen);
    if (!db)
        return NULL;
    PoolConn *pc = malloc(sizeof *pc);
    if (!pc) {
        snprintf(err, errlen, "out of memory");
        db_close(db);
        return NULL;
    }
    pc->db = db;
    pthread_mutex_lock(&pool_mu);
    if (gen != pool_gen) {
        /* The pool was shut down while we connected. */
        pthread_mutex_unlock(&pool_mu);
        free(pc);
        db_close(db);
        snprintf(err, errlen, "database pool was shut down");
        return NULL;
    }
    pc->next = pool_conns;
    pool_conns = pc;
    pthread_mutex_unlock(&pool_mu);
    tl_db = db;
    tl_gen = gen;
    return db;
}

bool db_pool_init(const char *url, char *err, size_t errlen)
{
    db_pool_shutdown();
    char *copy = url ? strdup(url) : NULL;
    if (!copy) {
        snprintf(err, errlen, url ? "out of memory" : "no database given");
        return false;
    }
    pthread_mutex_lock(&pool_mu);
    pool_url = copy;
    unsigned gen = pool_gen + 1;
    __atomic_store_n(&pool_gen, gen, __ATOMIC_RELEASE);
    pthread_mutex_unlock(&pool_mu);
    /* Connect once now, for the calling thread, so a wrong URL or an
     * unreachable server shows at start-up rather than on the first request. */
    if (!pool_open_for_thread(copy, gen, err, errlen)) {
        db_pool_shutdown();
        return false;
    }
    return true;
}

Db *db_pool_get(void)
{
    /* The fast path takes no lock: every request calls this. */
    unsigned gen = __atomic_load_n(&pool_gen, __ATOMIC_ACQUIRE);
    if (tl_db && tl_gen == gen)
        return tl_db;
    tl_db = NULL;
    pthread_mutex_lock(&pool_mu);
    gen = pool_gen;
    char *url = pool_url ? strdup(pool_url) : NULL;
    pthread_mutex_unlock(&pool_mu);
    if (!url)
        return NULL;
    char err[256];
    Db *db = pool_open_for_thread(url, gen, err, sizeof err);
    if (!db)
        log_error("database connection failed: %j", err);
    free(url);
    return db;
}

void db_pool_shutdown(void)
{
    pthread_mutex_lock(&pool_mu);
    PoolConn *list = pool_conns;
    pool_conns = NULL;
    free(pool_url);
    pool_url = NULL;
    __atomic_store_n(&pool_gen, pool_gen + 1, __ATOMIC_RELEASE);
    pthread_mutex_unlock(&pool_mu);
    while (list) {
        PoolConn *next = list->next;
        db_close(list->db);
        free(list);
        list = next;
    }
    tl_db = NULL;
}

bool db_setting_get(Db *db, const char *key, char *out, size_t outlen, bool *found)
{
    *found = false;
    if (outlen)
        out[0] = '\0';
    DbStmt *st = db_query(db, "SELECT value FROM setting WHERE key = ?", DB_T(key));
    if (db_step(st) == DB_ROW) {
        *found = true;
        const char *v = db_col_text(st, 0);
        if (outlen)
            snprintf(out, outlen, "%s", v ? v : "");
    }
    return db_done(st);
}

bool db_setting_set(Db *db, const char *key, const char *value)
{
    return db_exec(db,
                   "INSERT INTO setting (key, value) VALUES (?, ?) "
                   "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                   DB_T(key), DB_T(value));
}

bool db_generation(Db *db, const char *name, int64_t *out)
{
    return db_int(db, out, "SELECT n FROM generation WHERE name = ?", DB_T(name));
}
