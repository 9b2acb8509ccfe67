/* restore.c: puts a backup made by `gongzhi backup` into an empty database.
 * Never over data: a SQLite target file must not exist, a PostgreSQL target
 * must hold no table. The backup is checked before anything is written:
 * a SQLite copy must pass quick_check and carry the schema_migration table;
 * pg_restore runs in one transaction and stops at the first error, so a
 * failed restore leaves the target as empty as it was. */
#include "store/db.h"

#include <errno.h>
#include <fcntl.h>
#include <spawn.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

static bool sqlite_restore(const char *dest, const char *from, char *err, size_t errlen)
{
    struct stat sb;
    if (stat(dest, &sb) == 0) {
        snprintf(err, errlen, "the database file %s already exists: restore only into a new file", dest);
        return false;
    }
    sqlite3 *src = NULL;
    if (sqlite3_open_v2(from, &src, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK) {
        snprintf(err, errlen, "cannot open the backup %s: %s", from, src ? sqlite3_errmsg(src) : "out of memory");
        sqlite3_close(src);
        return false;
    }
    bool ok = false;
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(src, "PRAGMA quick_check", -1, &st, NULL) != SQLITE_OK ||
        sqlite3_step(st) != SQLITE_ROW || strcmp((const char *)sqlite3_column_text(st, 0), "ok") != 0) {
        snprintf(err, errlen, "%s is not a sound SQLite database (quick_check failed)", from);
        goto out;
    }
    sqlite3_finalize(st);
    st = NULL;
    if (sqlite3_prepare_v2(src, "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = 'schema_migration'",
                           -1, &st, NULL) != SQLITE_OK ||
        sqlite3_step(st) != SQLITE_ROW || sqlite3_column_int(st, 0) != 1) {
        snprintf(err, errlen, "%s is not a gongzhi backup (no schema_migration table)", from);
        goto out;
    }
    sqlite3_finalize(st);
    st = NULL;
    /* O_EXCL: a file that appeared since the check is not overwritten; 0600:
     * the copy holds the whole register. */
    int fd = open(dest, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd < 0) {
        snprintf(err, errlen, "cannot create %s: %s", dest, strerror(errno));
        goto out;
    }
    close(fd);
    sqlite3 *dst = NULL;
    if (sqlite3_open_v2(dest, &dst, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK) {
        snprintf(err, errlen, "cannot open %s: %s", dest, dst ? sqlite3_errmsg(dst) : "out of memory");
        sqlite3_close(dst);
        unlink(dest);
        goto out;
    }
    sqlite3_backup *b = sqlite3_backup_init(dst, "main", src, "main");
    int rc = b ? sqlite3_backup_step(b, -1) : SQLITE_ERROR;
    if (b)
        sqlite3_backup_finish(b);
    if (rc != SQLITE_DONE) {
        snprintf(err, errlen, "copying into %s failed: %s", dest, sqlite3_errmsg(dst));
        sqlite3_close(dst);
        unlink(dest);
        goto out;
    }
    ok = sqlite3_close(dst) == SQLITE_OK;
    if (!ok)
        snprintf(err, errlen, "closing %s failed", dest);
out:
    sqlite3_finalize(st);
    sqlite3_close(src);
    return ok;
}

static bool pg_restore(const char *url, const char *from, char *err, size_t errlen)
{
    if (access(from, R_OK) != 0) {
        snprintf(err, errlen, "cannot read the backup %s: %s", from, strerror(errno));
        return false;
    }
    Db *db = db_open(url, err, errlen);
    if (!db)
        return false;
    int64_t tables = -1;
    bool counted = db_int(db, &tables, "SELECT COUNT(*) FROM pg_tables WHERE schemaname = 'public'");
    db_close(db);
    if (!counted) {
        snprintf(err, errlen, "cannot list the target database's tables");
        return false;
    }
    if (tables != 0) {
        snprintf(err, errlen, "the target database is not empty (%lld tables): restore only into a new database",
                 (long long)tables);
        return false;
    }
    size_t dlen = strlen(url) + sizeof "--dbname=";
    char *dbname = malloc(dlen);
    if (!dbname) {
        snprintf(err, errlen, "out of memory");
        return false;
    }
    snprintf(dbname, dlen, "--dbname=%s", url);
    char *argv[] = {"pg_restore", "--no-owner",  "--no-privileges", "--single-transaction",
                    "--exit-on-error", "--no-password", dbname, (char *)from, NULL};
    pid_t pid;
    int rc = posix_spawnp(&pid, "pg_restore", NULL, NULL, argv, environ);
    if (rc == ENOENT) {
        argv[0] = "/usr/lib/postgresql/15/bin/pg_restore";
        rc = posix_spawn(&pid, argv[0], NULL, NULL, argv, environ);
    }
    free(dbname);
    if (rc != 0) {
        if (rc == ENOENT)
            snprintf(err, errlen, "pg_restore not found: install the PostgreSQL client (postgresql-client-15)");
        else
            snprintf(err, errlen, "cannot run pg_restore: %s", strerror(rc));
        return false;
    }
    int wstatus;
    while (waitpid(pid, &wstatus, 0) < 0) {
        if (errno != EINTR) {
            snprintf(err, errlen, "waiting for pg_restore: %s", strerror(errno));
            return false;
        }
    }
    if (!WIFEXITED(wstatus) || WEXITSTATUS(wstatus) != 0) {
        snprintf(err, errlen, "pg_restore failed (its message is above); the target database was left empty");
        return false;
    }
    return true;
}

bool db_restore(const char *url, const char *from, char *err, size_t errlen)
{
    if (strncmp(url, "sqlite:", 7) == 0)
        return sqlite_restore(url + 7, from, err, errlen);
    if (strncmp(url, "postgresql://", 13) == 0 || strncmp(url, "postgres://", 11) == 0)
        return pg_restore(url, from, err, errlen);
    snprintf(err, errlen, "unknown database URL: expected sqlite:PATH or postgresql://...");
    return false;
}
