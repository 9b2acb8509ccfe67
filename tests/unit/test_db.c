/* test_db.c: the storage interface, the same checks on SQLite (a temporary
 * file) and on PostgreSQL when GZ_TEST_PG_URL names a server, e.g.
 *   GZ_TEST_PG_URL=$(scripts/pg-test.sh start /tmp/pg) ./test_db; scripts/pg-test.sh stop /tmp/pg
 * On PostgreSQL the tests work in their own schema, gz_unit_test, dropped at
 * the end, so the database is left as found. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <dirent.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "store/db.h"
#include "store/migrations.h"

typedef struct Fixture {
    DbKind kind;
    Db *db;
    char url[512];
    char dir[256]; /* temporary directory for the SQLite file and backups */
} Fixture;

static Fixture g_sqlite = {.kind = DB_SQLITE};
static Fixture g_pg = {.kind = DB_POSTGRES};

static void remove_dir(const char *dir)
{
    DIR *d = opendir(dir);
    if (!d)
        return;
    struct dirent *e;
    char path[512];
    while ((e = readdir(d))) {
        if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
            continue;
        snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
        unlink(path);
    }
    closedir(d);
    rmdir(dir);
}

static int setup_sqlite(void **state)
{
    Fixture *f = &g_sqlite;
    snprintf(f->dir, sizeof f->dir, "/tmp/gz_test_db_XXXXXX");
    if (!mkdtemp(f->dir))
        return -1;
    snprintf(f->url, sizeof f->url, "sqlite:%s/test.db", f->dir);
    char err[256];
    f->db = db_open(f->url, err, sizeof err);
    if (!f->db) {
        fprintf(stderr, "%s\n", err);
        return -1;
    }
    *state = f;
    return 0;
}

static int setup_pg(void **state)
{
    Fixture *f = &g_pg;
    *state = f;
    const char *url = getenv("GZ_TEST_PG_URL");
    if (!url || !*url)
        return 0; /* each test skips */
    /* Every connection of the test, the pool's too, works in the test schema. */
    snprintf(f->url, sizeof f->url, "%s%soptions=-csearch_path%%3Dgz_unit_test", url, strchr(url, '?') ? "&" : "?");
    snprintf(f->dir, sizeof f->dir, "/tmp/gz_test_db_XXXXXX");
    if (!mkdtemp(f->dir))
        return -1;
    char err[256];
    f->db = db_open(f->url, err, sizeof err);
    if (!f->db) {
        fprintf(stderr, "GZ_TEST_PG_URL: %s\n", err);
        return -1;
    }
    if (!db_exec_script(f->db, "DROP SCHEMA IF EXISTS gz_unit_test CASCADE;"
                               "CREATE SCHEMA gz_unit_test;"
                               "SET search_path TO gz_unit_test")) {
        fprintf(stderr, "cannot make the test schema: %s\n", db_errmsg(f->db));
        return -1;
    }
    return 0;
}

static int teardown(void **state)
{
    Fixture *f = *state;
    if (f->db && f->kind == DB_POSTGRES)
        db_exec_script(f->db, "DROP SCHEMA IF EXISTS gz_unit_test CASCADE");
    db_close(f->db);
    f->db = NULL;
    if (f->dir[0])
        remove_dir(f->dir);
    return 0;
}

/* A test that failed half-way may have left a transaction open. */
static int before_each(void **state)
{
    Fixture *f = *state;
    if (f->db && db_in_transaction(f->db))
        db_rollback(f->db);
    return 0;
}

/* The database of this group, migrated; skips the PostgreSQL group when no
 * server was given. */
static Db *migrated(void **state)
{
    Fixture *f = *state;
    if (!f->db)
        skip();
    char err[512];
    if (!db_migrate(f->db, err, sizeof err))
        fail_msg("migrate: %s", err);
    return f->db;
}

static int64_t count_rows_user(Db *db, const char *username)
{
    int64_t n = -1;
    assert_true(db_int(db, &n, "SELECT COUNT(*) FROM app_user WHERE username = ?", DB_T(username)));
    return n;
}

static int64_t add_user(Db *db, const char *username)
{
    int64_t id = 0;
    DbStmt *st = db_query(db,
                          "INSERT INTO app_user (username, display_name, pw_hash, created_at, updated_at) "
                          "VALUES (?, ?, 'x', 1, 1) RETURNING id",
                          DB_T(username), DB_T(username));
    if (db_step(st) == DB_ROW)
        id = db_col_int(st, 0);
    if (!db_done(st))
        return 0;
    return id;
}

/* ---- tests ---- */

static void an_unknown_url_is_refused_clearly(void **state)
{
    char err[256] = "";
    assert_null(db_open("mysql://admin:secret@localhost/x", err, sizeof err));
    assert_non_null(strstr(err, "sqlite:PATH"));
    assert_null(strstr(err, "secret")); /* a password is never echoed */
    err[0] = '\0';
    assert_null(db_open("sqlite:", err, sizeof err));
    assert_true(err[0] != '\0');
    err[0] = '\0';
    assert_null(db_open("", err, sizeof err));
    assert_true(err[0] != '\0');
    err[0] = '\0';
    assert_null(db_open("sqlite:/nonexistent-dir/x/y.db", err, sizeof err));
    assert_non_null(strstr(err, "/nonexistent-dir/x/y.db"));
}

static void migrate_from_empty_records_the_version(void **state)
{
    Fixture *f = *state;
    if (!f->db)
        skip();
    assert_int_equal(db_schema_version(f->db), 0);
    assert_true(db_schema_latest() >= 1);
    char err[512] = "";
    assert_true(db_migrate(f->db, err, sizeof err));
    assert_int_equal(db_schema_version(f->db), db_schema_latest());
    DbStmt *st = db_query(f->db, "SELECT version, name, applied_at FROM schema_migration ORDER BY version");
    assert_int_equal(db_step(st), DB_ROW);
    assert_int_equal(db_col_int(st, 0), 1);
    assert_string_equal(db_col_text(st, 1), "core");
    assert_true(db_col_int(st, 2) > 1700000000);
    db_done(st);
    /* The tables of 001 exist, with the audit head seeded. */
    int64_t seq = -1;
    assert_true(db_int(f->db, &seq, "SELECT seq FROM audit_head WHERE id = 1"));
    assert_int_equal(seq, 0);
}

static void migrate_again_changes_nothing(void **state)
{
    Db *db = migrated(state);
    int64_t n1 = 0, at1 = 0, n2 = 0, at2 = 0;
    assert_true(db_int(db, &n1, "SELECT COUNT(*) FROM schema_migration"));
    assert_true(db_int(db, &at1, "SELECT SUM(applied_at) FROM schema_migration"));
    char err[512];
    assert_true(db_migrate(db, err, sizeof err));
    assert_true(db_migrate(db, err, sizeof err));
    assert_true(db_int(db, &n2, "SELECT COUNT(*) FROM schema_migration"));
    assert_true(db_int(db, &at2, "SELECT SUM(applied_at) FROM schema_migration"));
    assert_int_equal(n1, n2);
    assert_int_equal(at1, at2);
    assert_int_equal(db_schema_version(db), db_schema_latest()); /* numbers may leave gaps: reserved, not yet merged */
    assert_int_equal(n2, g_n_migrations); /* versions may have gaps */
}

static void migrate_refuses_inside_a_transaction(void **state)
{
    Db *db = migrated(state);
    assert_true(db_begin(db, false));
    char err[512] = "";
    assert_false(db_migrate(db, err, sizeof err));
    assert_non_null(strstr(err, "transaction"));
    db_rollback(db);
}

static void insert_returning_gives_increasing_ids(void **state)
{
    Db *db = migrated(state);
    int64_t a = add_user(db, "ret_a");
    int64_t b = add_user(db, "ret_b");
    assert_true(a > 0);
    assert_true(b > a);
    int64_t got = 0;
    assert_true(db_int(db, &got, "SELECT id FROM app_user WHERE username = ?", DB_T("ret_b")));
    assert_int_equal(got, b);
}

static void text_with_quotes_unicode_and_null_round_trips(void **state)
{
    Db *db = migrated(state);
    static const char *const values[] = {
        "O'Brien said \"hi\"; DROP TABLE node; --",
        "? and $1 and '?' and \"?\"",
        "学道苑 3栋2单元 合江亭社区 😀",
        "back\\slash\ttab\nnewline",
        "",
    };
    for (size_t i = 0; i < sizeof values / sizeof values[0]; i++) {
        char key[32];
        snprintf(key, sizeof key, "rt%zu", i);
        assert_true(db_exec(db, "INSERT INTO setting (key, value) VALUES (?, ?)", DB_T(key), DB_T(values[i])));
        DbStmt *st = db_query(db, "SELECT value FROM setting WHERE key = ?", DB_T(key));
        assert_int_equal(db_step(st), DB_ROW);
        assert_false(db_col_null(st, 0));
        assert_string_equal(db_col_text(st, 0), values[i]);
        assert_int_equal(db_step(st), DB_DONE);
        assert_true(db_done(st));
    }
    /* NULL through DB_T(NULL) and DB_NULL alike. */
    DbStmt *st = db_query(db,
                          "INSERT INTO node (parent_id, kind, name, code, path, created_at, updated_at) "
                          "VALUES (?, 'street', ?, ?, '/', 1, 1) RETURNING id",
                          DB_NULL, DB_T("街道"), DB_T(NULL));
    assert_int_equal(db_step(st), DB_ROW);
    int64_t id = db_col_int(st, 0);
    assert_true(db_done(st));
    st = db_query(db, "SELECT parent_id, code, name FROM node WHERE id = ?", DB_I(id));
    assert_int_equal(db_step(st), DB_ROW);
    assert_int_equal(db_column_count(st), 3);
    assert_true(db_col_null(st, 0));
    assert_true(db_col_null(st, 1));
    assert_null(db_col_text(st, 1));
    assert_int_equal(db_col_int(st, 1), 0);
    assert_string_equal(db_col_text(st, 2), "街道");
    assert_true(db_done(st));
    /* A "?" inside a string literal or comment is not a placeholder. */
    st = db_query(db, "SELECT '?' || CAST(? AS TEXT) || '''?' -- a trailing ? in a comment\n", DB_T("x"));
    assert_int_equal(db_step(st), DB_ROW);
    assert_string_equal(db_col_text(st, 0), "?x'?");
    assert_true(db_done(st));
}

static void int64_extremes_round_trip(void **state)
{
    Db *db = migrated(state);
    static const int64_t values[] = {INT64_MIN, INT64_MIN + 1, -1, 0, 1, INT32_MAX + (int64_t)1, INT64_MAX};
    for (size_t i = 0; i < sizeof values / sizeof values[0]; i++) {
        assert_true(db_exec(db,
                            "INSERT INTO audit_event (seq, at, actor_id, entity, entity_id, action, prev_hash, hash) "
                            "VALUES (?, ?, ?, 'test', ?, 'int64', '', '')",
                            DB_I(1000 + i), DB_I(values[i]), DB_I(values[i]), DB_I(values[i])));
        DbStmt *st = db_query(db, "SELECT at, actor_id, entity_id, CAST(? AS BIGINT) FROM audit_event WHERE seq = ?",
                              DB_I(values[i]), DB_I(1000 + i));
        assert_int_equal(db_step(st), DB_ROW);
        for (int c = 0; c < 4; c++)
            assert_true(db_col_int(st, c) == values[i]);
        assert_true(db_done(st));
    }
}

static void a_constraint_violation_is_classified_and_rolled_back(void **state)
{
    Db *db = migrated(state);
    assert_false(db_in_transaction(db));
    assert_true(db_begin(db, true));
    assert_true(db_in_transaction(db));
    assert_false(db_begin(db, true)); /* no nesting */
    assert_true(db_in_transaction(db));
    assert_true(add_user(db, "dup") > 0);
    assert_true(db_exec(db, "INSERT INTO setting (key, value) VALUES ('in_tx', 'x')"));
    assert_int_equal(add_user(db, "dup"), 0);
    assert_int_equal(db_error_class(db), DB_ERR_CONSTRAINT);
    /* The transaction can only be rolled back now: commit refuses, keeps the cause. */
    assert_false(db_commit(db));
    assert_int_equal(db_error_class(db), DB_ERR_CONSTRAINT);
    assert_false(db_in_transaction(db));
    assert_int_equal(count_rows_user(db, "dup"), 0);
    int64_t n = -1;
    assert_true(db_int(db, &n, "SELECT COUNT(*) FROM setting WHERE key = 'in_tx'"));
    assert_int_equal(n, 0);

    /* A foreign key, outside any transaction. */
    assert_false(db_exec(db, "INSERT INTO role_grant (user_id, role, node_id, created_at) VALUES (?, 'staff', ?, 1)",
                         DB_I(987654321), DB_I(987654321)));
    assert_int_equal(db_error_class(db), DB_ERR_CONSTRAINT);
    /* A CHECK. */
    assert_false(db_exec(db,
                         "INSERT INTO node (kind, name, path, created_at, updated_at) VALUES ('castle', 'x', '/', 1, 1)"));
    assert_int_equal(db_error_class(db), DB_ERR_CONSTRAINT);

    /* A good transaction commits, and db_changes counts rows. */
    assert_true(db_begin(db, true));
    assert_true(add_user(db, "ok1") > 0);
    assert_true(add_user(db, "ok2") > 0);
    assert_true(db_commit(db));
    assert_int_equal(db_error_class(db), DB_ERR_NONE);
    assert_true(db_exec(db, "UPDATE app_user SET lang = 'en' WHERE username IN (?, ?)", DB_T("ok1"), DB_T("ok2")));
    assert_int_equal(db_changes(db), 2);
    /* Rollback undoes. */
    assert_true(db_begin(db, false));
    assert_true(db_exec(db, "DELETE FROM app_user WHERE username = ?", DB_T("ok1")));
    assert_int_equal(db_changes(db), 1);
    db_rollback(db);
    assert_int_equal(count_rows_user(db, "ok1"), 1);
    assert_false(db_commit(db)); /* nothing open */
}

static void a_savepoint_lets_a_transaction_survive_a_failure(void **state)
{
    Db *db = migrated(state);
    assert_true(db_begin(db, true));
    assert_true(add_user(db, "sp_keep") > 0);
    assert_true(db_exec(db, "SAVEPOINT try_one"));
    assert_int_equal(add_user(db, "sp_keep"), 0);
    assert_int_equal(db_error_class(db), DB_ERR_CONSTRAINT);
    assert_true(db_exec(db, "ROLLBACK TO SAVEPOINT try_one"));
    assert_true(db_exec(db, "RELEASE SAVEPOINT try_one"));
    assert_true(add_user(db, "sp_other") > 0);
    assert_true(db_commit(db));
    assert_int_equal(count_rows_user(db, "sp_keep"), 1);
    assert_int_equal(count_rows_user(db, "sp_other"), 1);

    /* A savepoint taken after the failure rescues nothing. */
    assert_true(db_begin(db, true));
    assert_int_equal(add_user(db, "sp_keep"), 0);
    assert_false(db_exec(db, "SAVEPOINT too_late"));
    assert_int_equal(db_error_class(db), DB_ERR_CONSTRAINT);
    assert_false(db_commit(db));
    assert_false(db_in_transaction(db));
}

static void bad_sql_and_wrong_arguments_fail_cleanly(void **state)
{
    Db *db = migrated(state);
    DbStmt *st = db_query(db, "SELEKT nonsense FROM nowhere");
    assert_int_equal(db_step(st), DB_ERROR);
    assert_int_equal(db_step(st), DB_ERROR);
    assert_null(db_col_text(st, 0));
    assert_int_equal(db_column_count(st), 0);
    assert_false(db_done(st));
    assert_int_equal(db_error_class(db), DB_ERR_OTHER);
    assert_true(db_errmsg(db)[0] != '\0');

    /* Too few and too many values for the placeholders. */
    assert_false(db_exec(db, "UPDATE setting SET value = ? WHERE key = ?", DB_T("v")));
    assert_non_null(strstr(db_errmsg(db), "placeholders"));
    assert_false(db_exec(db, "UPDATE setting SET value = ? WHERE key = ?", DB_T("v"), DB_T("k"), DB_I(3)));
    /* One statement per query, on both backends. */
    assert_false(db_exec(db, "UPDATE setting SET value = 'a' WHERE key = 'x'; DELETE FROM setting"));
    assert_true(db_exec(db, "UPDATE setting SET value = 'a' WHERE key = 'x'; -- only a comment after\n"));
    int64_t out = 42;
    assert_false(db_int(db, &out, "SELECT value FROM setting WHERE key = ?", DB_T("no such key")));
    assert_int_equal(db_error_class(db), DB_ERR_NONE); /* no row is not an error */

    /* Reading past the end or out of range returns nothing, no crash. */
    st = db_query(db, "SELECT 1");
    assert_int_equal(db_step(st), DB_ROW);
    assert_null(db_col_text(st, 5));
    assert_int_equal(db_col_int(st, -1), 0);
    assert_int_equal(db_step(st), DB_DONE);
    assert_int_equal(db_step(st), DB_DONE); /* and does not run again */
    assert_true(db_done(st));
}

/* The same literal nested inside its own result loop. */
static int64_t count_subtree(Db *db, int64_t parent)
{
    int64_t total = 0;
    DbStmt *st = db_query(db, "SELECT id FROM node WHERE parent_id = ? ORDER BY id", DB_I(parent));
    while (db_step(st) == DB_ROW)
        total += 1 + count_subtree(db, db_col_int(st, 0));
    assert_true(db_done(st));
    return total;
}

static void the_statement_cache_serves_many_calls(void **state)
{
    Db *db = migrated(state);
    for (int i = 0; i < 2000; i++) {
        int64_t v = 0;
        assert_true(db_int(db, &v, "SELECT CAST(? AS BIGINT) * 2", DB_I(i)));
        assert_int_equal(v, 2 * i);
    }
    /* A small tree: root, 3 children, each with 2 children. */
    int64_t root = 0;
    assert_true(db_int(db, &root,
                       "INSERT INTO node (kind, name, path, created_at, updated_at) "
                       "VALUES ('street', 'root', '/', 1, 1) RETURNING id"));
    for (int i = 0; i < 3; i++) {
        int64_t child = 0;
        assert_true(db_int(db, &child,
                           "INSERT INTO node (parent_id, kind, name, path, created_at, updated_at) "
                           "VALUES (?, 'community', 'c', '/', 1, 1) RETURNING id",
                           DB_I(root)));
        for (int j = 0; j < 2; j++)
            assert_true(db_exec(db,
                                "INSERT INTO node (parent_id, kind, name, path, created_at, updated_at) "
                                "VALUES (?, 'grid', 'g', '/', 1, 1)",
                                DB_I(child)));
    }
    for (int k = 0; k < 50; k++)
        assert_int_equal(count_subtree(db, root), 9);
    /* Two different statements open at once. */
    DbStmt *a = db_query(db, "SELECT id FROM node WHERE parent_id = ? ORDER BY id", DB_I(root));
    DbStmt *b = db_query(db, "SELECT COUNT(*) FROM node WHERE parent_id IS NOT NULL");
    assert_int_equal(db_step(b), DB_ROW);
    assert_int_equal(db_step(a), DB_ROW);
    assert_true(db_col_int(b, 0) >= 9);
    assert_true(db_col_int(a, 0) > root);
    assert_true(db_done(b));
    assert_true(db_done(a));
}

static void the_audit_log_refuses_update_and_delete(void **state)
{
    Db *db = migrated(state);
    assert_true(db_exec(db,
                        "INSERT INTO audit_event (seq, at, actor_id, entity, entity_id, action, prev_hash, hash) "
                        "VALUES (1, 100, NULL, 'node', 7, 'create', 'p', 'h')"));
    assert_false(db_exec(db, "UPDATE audit_event SET action = 'forged' WHERE seq = 1"));
    assert_non_null(strstr(db_errmsg(db), "append-only"));
    /* Tampering is a bug, not a user's conflict: the same class on both backends. */
    assert_int_equal(db_error_class(db), DB_ERR_OTHER);
    assert_false(db_exec(db, "DELETE FROM audit_event WHERE seq = 1"));
    assert_non_null(strstr(db_errmsg(db), "append-only"));
    DbStmt *st = db_query(db, "SELECT action FROM audit_event WHERE seq = 1");
    assert_int_equal(db_step(st), DB_ROW);
    assert_string_equal(db_col_text(st, 0), "create");
    assert_true(db_done(st));
}

static void backup_copies_and_never_overwrites(void **state)
{
    Db *db = migrated(state);
    Fixture *f = *state;
    char path[512], err[512] = "";
    snprintf(path, sizeof path, "%s/backup.bin", f->dir);
    if (f->kind == DB_POSTGRES && access("/usr/bin/pg_dump", X_OK) != 0 &&
        access("/usr/lib/postgresql/15/bin/pg_dump", X_OK) != 0)
        skip();
    assert_true(db_exec(db, "INSERT INTO setting (key, value) VALUES ('backup_marker', 'yes')"));
    if (!db_backup(db, path, err, sizeof err))
        fail_msg("backup: %s", err);
    struct stat sb;
    assert_int_equal(stat(path, &sb), 0);
    assert_true(sb.st_size > 0);
    assert_int_equal(sb.st_mode & 077, 0);
    off_t size = sb.st_size;
    err[0] = '\0';
    assert_false(db_backup(db, path, err, sizeof err));
    assert_non_null(strstr(err, "exists"));
    assert_int_equal(stat(path, &sb), 0);
    assert_int_equal(sb.st_size, size);
    if (f->kind == DB_SQLITE) {
        char url[600];
        snprintf(url, sizeof url, "sqlite:%s", path);
        Db *copy = db_open(url, err, sizeof err);
        assert_non_null(copy);
        assert_int_equal(db_schema_version(copy), db_schema_latest());
        int64_t n = 0;
        assert_true(db_int(copy, &n, "SELECT COUNT(*) FROM setting WHERE key = 'backup_marker'"));
        assert_int_equal(n, 1);
        db_close(copy);
    } else {
        FILE *fp = fopen(path, "rb");
        char magic[5] = "";
        assert_non_null(fp);
        assert_int_equal(fread(magic, 1, 5, fp), 5);
        fclose(fp);
        assert_memory_equal(magic, "PGDMP", 5); /* pg_dump's custom format */
    }
    assert_false(db_backup(db, "/nonexistent-dir/backup.bin", err, sizeof err));
}

/* The server ends db's session, as on a restart or an idle timeout, and
 * waits until it is gone. */
static void kill_session(Db *db, const char *url)
{
    int64_t pid = 0, killed = 0;
    char err[256];
    assert_true(db_int(db, &pid, "SELECT pg_backend_pid()"));
    Db *other = db_open(url, err, sizeof err);
    assert_non_null(other);
    assert_true(db_int(other, &killed, "SELECT pg_terminate_backend(CAST(? AS INTEGER), 5000)", DB_I(pid)));
    assert_int_equal(killed, 1);
    db_close(other);
}

static void a_dropped_connection_is_reopened(void **state)
{
    Db *db = migrated(state);
    Fixture *f = *state;
    if (f->kind != DB_POSTGRES)
        skip(); /* SQLite has no connection to lose */
    int64_t v = 0;
    assert_true(db_int(db, &v, "SELECT COUNT(*) FROM schema_migration"));

    /* Idle: the next statement reconnects first and prepares again. */
    kill_session(db, f->url);
    v = 0;
    if (!db_int(db, &v, "SELECT COUNT(*) FROM schema_migration"))
        fail_msg("after reconnect: %s", db_errmsg(db));
    assert_int_equal(v, g_n_migrations);
    assert_true(db_begin(db, true));
    assert_true(add_user(db, "after_reset") > 0);
    assert_true(db_commit(db));
    assert_int_equal(count_rows_user(db, "after_reset"), 1);

    /* Inside a transaction: the work is lost, and nothing after it runs in
     * autocommit; after the rollback the connection works again. */
    assert_true(db_begin(db, true));
    assert_true(add_user(db, "lost_1") > 0);
    kill_session(db, f->url);
    assert_int_equal(add_user(db, "lost_2"), 0);
    assert_int_equal(add_user(db, "lost_3"), 0);
    assert_true(db_in_transaction(db));
    assert_false(db_commit(db));
    assert_false(db_in_transaction(db));
    assert_int_equal(count_rows_user(db, "lost_1"), 0);
    assert_int_equal(count_rows_user(db, "lost_2"), 0);
    assert_int_equal(count_rows_user(db, "lost_3"), 0);

    /* A session killed by its own statement: that statement fails, the next works. */
    assert_false(db_exec(db, "SELECT pg_terminate_backend(pg_backend_pid())"));
    assert_true(db_int(db, &v, "SELECT COUNT(*) FROM schema_migration"));
}

typedef struct ThreadOut {
    Db *first, *second;
    int64_t value;
} ThreadOut;

static void *pool_thread(void *arg)
{
    ThreadOut *out = arg;
    out->first = db_pool_get();
    out->second = db_pool_get();
    if (out->first)
        db_int(out->first, &out->value, "SELECT MAX(version) FROM schema_migration");
    return NULL;
}

static void each_thread_gets_its_own_connection(void **state)
{
    migrated(state);
    Fixture *f = *state;
    char err[512];
    assert_true(db_pool_init(f->url, err, sizeof err));
    Db *mine = db_pool_get();
    assert_non_null(mine);
    assert_ptr_equal(db_pool_get(), mine);
    ThreadOut t1 = {0}, t2 = {0};
    pthread_t a, b;
    assert_int_equal(pthread_create(&a, NULL, pool_thread, &t1), 0);
    assert_int_equal(pthread_create(&b, NULL, pool_thread, &t2), 0);
    pthread_join(a, NULL);
    pthread_join(b, NULL);
    assert_non_null(t1.first);
    assert_non_null(t2.first);
    assert_ptr_equal(t1.first, t1.second);
    assert_ptr_equal(t2.first, t2.second);
    assert_ptr_not_equal(t1.first, t2.first);
    assert_ptr_not_equal(t1.first, mine);
    assert_int_equal(t1.value, db_schema_latest());
    assert_int_equal(t2.value, db_schema_latest());
    db_pool_shutdown();
    assert_null(db_pool_get()); /* after shutdown: nothing, not a dangling pointer */
    assert_false(db_pool_init("nosuch:thing", err, sizeof err));
    assert_null(db_pool_get());
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(migrate_from_empty_records_the_version, before_each),
        cmocka_unit_test_setup(migrate_again_changes_nothing, before_each),
        cmocka_unit_test_setup(migrate_refuses_inside_a_transaction, before_each),
        cmocka_unit_test_setup(insert_returning_gives_increasing_ids, before_each),
        cmocka_unit_test_setup(text_with_quotes_unicode_and_null_round_trips, before_each),
        cmocka_unit_test_setup(int64_extremes_round_trip, before_each),
        cmocka_unit_test_setup(a_constraint_violation_is_classified_and_rolled_back, before_each),
        cmocka_unit_test_setup(a_savepoint_lets_a_transaction_survive_a_failure, before_each),
        cmocka_unit_test_setup(bad_sql_and_wrong_arguments_fail_cleanly, before_each),
        cmocka_unit_test_setup(the_statement_cache_serves_many_calls, before_each),
        cmocka_unit_test_setup(the_audit_log_refuses_update_and_delete, before_each),
        cmocka_unit_test_setup(backup_copies_and_never_overwrites, before_each),
        cmocka_unit_test_setup(a_dropped_connection_is_reopened, before_each),
        cmocka_unit_test_setup(each_thread_gets_its_own_connection, before_each),
    };
    const struct CMUnitTest general[] = {
        cmocka_unit_test(an_unknown_url_is_refused_clearly),
    };
    int failed = cmocka_run_group_tests_name("db", general, NULL, NULL);
    failed += cmocka_run_group_tests_name("db_sqlite", tests, setup_sqlite, teardown);
    failed += cmocka_run_group_tests_name("db_postgres", tests, setup_pg, teardown);
    return failed ? 1 : 0;
}
