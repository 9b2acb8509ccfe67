/* db.h: the one storage interface, with two backends behind it: SQLite (the
 * embedded default) and PostgreSQL via libpq.
 *
 * SQL is always a string literal in the portable subset of both dialects,
 * with "?" placeholders; values are always bound, never spliced
 * (tests/lint/fmtcheck rejects a non-literal SQL argument). The PostgreSQL
 * backend renumbers "?" to $1..$n. Statements are cached per connection by
 * the address of their literal text.
 *
 *   DbStmt *st = db_query(db, "SELECT id, name FROM node WHERE parent_id = ?", DB_I(pid));
 *   while (db_step(st) == DB_ROW) use(db_col_int(st, 0), db_col_text(st, 1));
 *   db_done(st);
 */
#ifndef GZ_DB_H
#define GZ_DB_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Every result of the db API must be looked at: an ignored failure is a
 * write that silently did not happen (a warning now; the build makes it an
 * error once every capability is clean). */
#define DB_MUST_USE __attribute__((warn_unused_result))

typedef struct Db Db;
typedef struct DbStmt DbStmt;

typedef enum { DB_SQLITE, DB_POSTGRES } DbKind;

/* db_step results */
enum { DB_ROW = 1, DB_DONE = 0, DB_ERROR = -1 };

/* Error classes, from db_error_class() after a failure. */
typedef enum {
    DB_ERR_NONE = 0,
    DB_ERR_CONSTRAINT, /* unique / foreign key / check violated: a user's mistake, 409 */
    DB_ERR_BUSY,       /* lock timeout or serialization failure: 503, try again */
    DB_ERR_OTHER       /* anything else: a bug or an outage, 500 */
} DbErrClass;

/* One bound value. Build them with the macros below. */
typedef struct DbArg {
    char type; /* 'i' int64, 't' text (NULL text binds SQL NULL), 'n' NULL, 0 = end */
    int64_t i;
    const char *t;
} DbArg;
#define DB_I(x) ((DbArg){'i', (int64_t)(x), NULL})
#define DB_T(x) ((DbArg){'t', 0, (x)})
#define DB_NULL ((DbArg){'n', 0, NULL})
#define DB_END ((DbArg){0, 0, NULL})

/* Opens "sqlite:PATH" or "postgresql://..." (also "postgres://").
 * SQLite: WAL, foreign keys on, busy timeout 5 s, synchronous=FULL (see sqlite.c).
 * PostgreSQL: client_encoding UTF8, TimeZone UTC.
 * Returns NULL and fills err on failure. */
Db *db_open(const char *url, char *err, size_t errlen);
void db_close(Db *db);
DbKind db_kind(const Db *db);

/* Transactions. db_begin(db, true) takes the write lock at once (SQLite
 * BEGIN IMMEDIATE) so a writing request never dead-ends on a lock upgrade. */
DB_MUST_USE bool db_begin(Db *db, bool write);
/* A transaction that only reads (a GET): one snapshot from its first query
 * to its last on both backends (PostgreSQL: REPEATABLE READ, READ ONLY, so a
 * write in it fails), and on PostgreSQL its end is sent without waiting for
 * the answer, which the connection's next statement collects. */
DB_MUST_USE bool db_begin_read(Db *db);
DB_MUST_USE bool db_commit(Db *db);
void db_rollback(Db *db);
bool db_in_transaction(const Db *db);

/* Runs a statement with its arguments bound, ready for db_step. Never NULL:
 * on error the statement is in error state, db_step returns DB_ERROR. */
DB_MUST_USE DbStmt *db_query_args(Db *db, const char *sql, const DbArg *args);
#define db_query(db, sql, ...) db_query_args((db), (sql), (const DbArg[]){__VA_ARGS__ __VA_OPT__(,) DB_END})
DB_MUST_USE int db_step(DbStmt *st);
int db_column_count(DbStmt *st);
int64_t db_col_int(DbStmt *st, int col);
/* Text of a column; NULL for SQL NULL. Valid until the next db_step/db_done. */
const char *db_col_text(DbStmt *st, int col);
bool db_col_null(DbStmt *st, int col);
/* Releases the statement (returns it to the cache). Returns false if any step failed. */
DB_MUST_USE bool db_done(DbStmt *st);

/* Runs a statement that returns no rows. Returns false on error. */
DB_MUST_USE bool db_exec_args(Db *db, const char *sql, const DbArg *args);
#define db_exec(db, sql, ...) db_exec_args((db), (sql), (const DbArg[]){__VA_ARGS__ __VA_OPT__(,) DB_END})
/* First column of the first row as an integer. Returns false if no row or error. */
DB_MUST_USE bool db_int_args(Db *db, int64_t *out, const char *sql, const DbArg *args);
#define db_int(db, out, sql, ...) db_int_args((db), (out), (sql), (const DbArg[]){__VA_ARGS__ __VA_OPT__(,) DB_END})
/* Rows changed by the last db_exec. */
int64_t db_changes(Db *db);

/* The installation's settings (table setting, key -> text). db_setting_get
 * copies the value into out (truncated to outlen - 1 bytes: settings are
 * short) and sets *found; false only on a storage error. db_setting_set
 * inserts or replaces. */
DB_MUST_USE bool db_setting_get(Db *db, const char *key, char *out, size_t outlen, bool *found);
DB_MUST_USE bool db_setting_set(Db *db, const char *key, const char *value);
/* The generation counter `name` (table generation, moved by triggers on
 * every write to the data it stamps; see core/respcache.h); false when
 * absent or on a storage error. */
DB_MUST_USE bool db_generation(Db *db, const char *name, int64_t *out);

/* Runs a script of several statements without parameters (migrations only). */
DB_MUST_USE bool db_exec_script(Db *db, const char *script);

/* Round trips to the database engine since the connection opened: on
 * PostgreSQL each wait for the server's answer (several statements sent
 * together count once); on SQLite each statement run. A request's cost is
 * the difference over it (the test server reports it, X-Gz-Db-Round-Trips).
 * With GZ_DB_TRACE=1 in the environment each one is logged with its SQL. */
int64_t db_round_trips(const Db *db);

DbErrClass db_error_class(const Db *db);
const char *db_errmsg(const Db *db);

/* Copies the whole database into dest_path, a file that must not exist yet
 * (created mode 0600). SQLite: the online backup API, while others keep
 * working. PostgreSQL: pg_dump --format=custom (restore with pg_restore);
 * fails clearly when pg_dump is not installed. Returns false and fills err. */
DB_MUST_USE bool db_backup(Db *db, const char *dest_path, char *err, size_t errlen);
/* Puts a backup of db_backup into the empty database at url: a SQLite file
 * that does not exist yet (the backup must pass quick_check), or a
 * PostgreSQL database without tables (pg_restore in one transaction).
 * Returns false and fills err, leaving the target as it was. */
DB_MUST_USE bool db_restore(const char *url, const char *from_path, char *err, size_t errlen);

/* Per-thread connections for the server: db_pool_init once, then each
 * worker thread calls db_pool_get() and receives its own connection, opened
 * on first use and closed by db_pool_shutdown(). */
bool db_pool_init(const char *url, char *err, size_t errlen);
Db *db_pool_get(void);
void db_pool_shutdown(void);

/* Applies every migration newer than the database's version, each in its own
 * transaction, recording it in schema_migration. Returns false and fills err. */
/* Group commit (SQLite; see group.c). A job runs on the writer's connection
 * inside a shared transaction and its own savepoint; it returns true to keep
 * its writes, false to undo them. */
typedef bool (*DbGroupFn)(Db *db, void *arg);
typedef enum {
    DB_GROUP_OFF,    /* no writer running (PostgreSQL, CLI): run it yourself */
    DB_GROUP_KEPT,   /* the job kept its writes and they are durable */
    DB_GROUP_UNDONE, /* the job undid its writes; the batch committed */
    DB_GROUP_FAILED, /* the batch's commit failed: nothing of the job is kept */
} DbGroupResult;
typedef struct DbGroupStats {
    uint64_t batches, jobs; /* since the start */
    int largest;            /* the most writes one commit carried */
    int queued;             /* waiting now */
} DbGroupStats;
/* Starts the writer on its own connection to url (nothing for PostgreSQL);
 * at most max_batch writes share a commit. */
bool db_group_start(const char *url, int max_batch, char *err, size_t errlen);
/* Answers every queued job, then stops the writer. */
void db_group_stop(void);
bool db_group_active(void);
/* Queues fn and waits until the commit that covers it is durable (or has
 * failed, *cls saying why). */
DbGroupResult db_group_run(DbGroupFn fn, void *arg, DbErrClass *cls);
DbGroupStats db_group_stats(void);

DB_MUST_USE bool db_migrate(Db *db, char *err, size_t errlen);
/* Highest applied migration version (0 for an empty database). */
int db_schema_version(Db *db);
/* Highest migration version compiled into this binary. */
int db_schema_latest(void);

#endif
