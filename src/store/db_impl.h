/* db_impl.h: what db.c shares with the two backends (sqlite.c, postgres.c);
 * private to src/store/. */
#ifndef GZ_DB_IMPL_H
#define GZ_DB_IMPL_H
#include <stddef.h>
#include <stdint.h>
#include "store/db.h"

/* A statement's life: running (rows may follow), finished, or failed. */
enum { DBS_RUNNING, DBS_DONE, DBS_FAILED };

/* Each backend's statement begins with this. */
struct DbStmt {
    Db *db;
    int state;
    DbErrClass err_class; /* kept so db_done can restore it after nested queries */
};

typedef struct DbOps {
    void (*close)(Db *db);
    /* Runs one parameterless command (BEGIN, COMMIT, ...). */
    bool (*command)(Db *db, const char *sql);
    bool (*in_transaction)(const Db *db);
    /* Prepares (or takes from the cache), binds nargs values and starts the
     * statement. Never NULL: on failure returns a statement in DBS_FAILED. */
    DbStmt *(*query)(Db *db, const char *sql, const DbArg *args, int nargs);
    int (*step)(DbStmt *st);
    int (*column_count)(DbStmt *st);
    int64_t (*col_int)(DbStmt *st, int col);
    const char *(*col_text)(DbStmt *st, int col);
    bool (*col_null)(DbStmt *st, int col);
    /* Rows changed by this finished statement. */
    int64_t (*changes)(DbStmt *st);
    void (*release)(DbStmt *st);
    bool (*exec_script)(Db *db, const char *script);
    bool (*backup)(Db *db, const char *dest_path, char *err, size_t errlen);
} DbOps;

/* Each backend's connection begins with this. */
struct Db {
    DbKind kind;
    const DbOps *ops;
    char *url;
    DbErrClass err_class;
    char errmsg[512];
    int64_t changes;
    /* Set when a statement fails inside a transaction: the transaction can
     * then only roll back (PostgreSQL's rule, applied to SQLite too so both
     * backends behave alike). */
    bool tx_failed;
    /* This connection holds the process's SQLite writer lock (db.c). */
    bool holds_writer;
    DbErrClass tx_err_class;
    char tx_errmsg[512];
    /* Handed out by a query that failed before it could run; never released. */
    DbStmt err_stmt;
    /* Exchanges with the engine so far (db_round_trips), and whether each is
     * logged (GZ_DB_TRACE=1 when the connection opened). */
    int64_t round_trips;
    bool trace;
};

/* Counts one round trip carrying sql (prefix names what rides along with it:
 * "BEGIN + ", "PREPARE + "; "" when nothing) and logs it when tracing. */
void db__trip(Db *db, const char *prefix, const char *sql);

/* Records the failure on db and returns its failed statement. */
DbStmt *db__failed_stmt(Db *db);

/* Records an error on db (and marks an open transaction failed). */
void db__set_error(Db *db, DbErrClass cls, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
void db__clear_error(Db *db);

/* Prepared statements cached per connection by the address of their SQL
 * text: the text is a literal, so its address names it for the life of the
 * process. Open addressing with linear probing, grown at 3/4 load. */
typedef struct DbCache {
    const char **keys;
    void **vals;
    size_t cap; /* a power of two */
    size_t count;
} DbCache;

/* The value slot for key, inserted (holding NULL) when new; NULL when out
 * of memory. A slot left NULL is simply filled on a later call. */
void **db__cache_slot(DbCache *c, const char *key);
void db__cache_free(DbCache *c, void (*free_val)(void *));

/* Backend constructors: fill err and return NULL on failure. */
Db *db__sqlite_open(const char *path, char *err, size_t errlen);
Db *db__pg_open(const char *url, char *err, size_t errlen);

#endif
