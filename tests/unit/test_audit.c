/* test_audit.c: the hash-chained audit log on a real SQLite database:
 * appends verify, and any changed, removed or unrecorded row is named. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "auth/audit.h"
#include "store/db.h"

typedef struct {
    char dir[64];
    char path[96];
    Db *db;
} Fixture;

static int setup(void **state)
{
    Fixture *f = calloc(1, sizeof *f);
    snprintf(f->dir, sizeof f->dir, "/tmp/gz_test_audit_XXXXXX");
    if (!mkdtemp(f->dir))
        return -1;
    snprintf(f->path, sizeof f->path, "sqlite:%s/audit.db", f->dir);
    char err[256];
    f->db = db_open(f->path, err, sizeof err);
    if (!f->db) {
        fprintf(stderr, "db_open: %s\n", err);
        return -1;
    }
    if (!db_migrate(f->db, err, sizeof err)) {
        fprintf(stderr, "db_migrate: %s\n", err);
        return -1;
    }
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    Fixture *f = *state;
    db_close(f->db);
    char file[128];
    const char *suffix[] = {"", "-wal", "-shm"};
    for (int i = 0; i < 3; i++) {
        snprintf(file, sizeof file, "%s/audit.db%s", f->dir, suffix[i]);
        unlink(file);
    }
    rmdir(f->dir);
    free(f);
    return 0;
}

/* Five events of different shapes, in one transaction as a request does. */
static void append_five(Db *db)
{
    assert_true(db_begin(db, true));
    assert_true(audit_append(db, 0, "user", 1, "create", NULL, "{\"username\":\"admin\"}"));
    assert_true(audit_append(db, 1, "user", 2, "grant", NULL, "{\"role\":\"grid_worker\",\"node_id\":4}"));
    assert_true(audit_append(db, 1, "household", 10, "update", "{\"door\":\"101\"}", "{\"door\":\"102\"}"));
    assert_true(audit_append(db, 2, "person", 11, "reveal", "", NULL));
    assert_true(audit_append(db, 2, "person", 11, "delete", "{\"name\":\"张三\"}", NULL));
    assert_true(db_commit(db));
}

static void verify(Db *db, AuditCheck *c)
{
    assert_true(audit_verify(db, c));
}

static void an_empty_log_verifies(void **state)
{
    Fixture *f = *state;
    AuditCheck c;
    verify(f->db, &c);
    assert_int_equal(c.events, 0);
    assert_int_equal(c.first_bad, 0);
}

static void appended_events_form_a_chain_that_verifies(void **state)
{
    Fixture *f = *state;
    append_five(f->db);
    /* a bare connection gets its own transaction */
    assert_false(db_in_transaction(f->db));
    assert_true(audit_append(f->db, 3, "user", 3, "login", NULL, NULL));

    AuditCheck c;
    verify(f->db, &c);
    assert_int_equal(c.events, 6);
    assert_int_equal(c.first_bad, 0);

    int64_t n = -1;
    assert_true(db_int(f->db, &n, "SELECT COUNT(*) FROM audit_event WHERE actor_id IS NULL"));
    assert_int_equal(n, 1); /* actor 0, the system, is stored as NULL */
    assert_true(db_int(f->db, &n, "SELECT seq FROM audit_head WHERE id = 1"));
    assert_int_equal(n, 6);
    assert_true(db_int(f->db, &n,
                       "SELECT COUNT(*) FROM audit_event a JOIN audit_event b ON b.seq = a.seq + 1 "
                       "WHERE b.prev_hash = a.hash"));
    assert_int_equal(n, 5);
}

static void the_log_refuses_update_and_delete(void **state)
{
    Fixture *f = *state;
    append_five(f->db);
    assert_false(db_exec(f->db, "UPDATE audit_event SET after_json = 'x' WHERE seq = 2"));
    assert_false(db_exec(f->db, "DELETE FROM audit_event WHERE seq = 2"));
    AuditCheck c;
    verify(f->db, &c);
    assert_int_equal(c.first_bad, 0);
}

static void a_changed_row_is_named(void **state)
{
    Fixture *f = *state;
    append_five(f->db);
    assert_true(db_exec_script(f->db,
                               "DROP TRIGGER audit_no_update;"
                               "UPDATE audit_event SET after_json = '{\"door\":\"999\"}' WHERE seq = 3;"));
    AuditCheck c;
    verify(f->db, &c);
    assert_int_equal(c.first_bad, 3);
    assert_string_equal(c.reason, "event 3: hash does not match its content");
}

static void a_changed_actor_is_named(void **state)
{
    Fixture *f = *state;
    append_five(f->db);
    /* NULL (the system) turned into a user: the hash tells them apart */
    assert_true(db_exec_script(f->db, "DROP TRIGGER audit_no_update;"
                                      "UPDATE audit_event SET actor_id = 0 WHERE seq = 1;"));
    AuditCheck c;
    verify(f->db, &c);
    assert_int_equal(c.first_bad, 0); /* 0 and NULL are both "the system" */
    assert_true(db_exec_script(f->db, "UPDATE audit_event SET actor_id = 9 WHERE seq = 1;"));
    verify(f->db, &c);
    assert_int_equal(c.first_bad, 1);
}

static void a_rehashed_row_breaks_the_next_link(void **state)
{
    Fixture *f = *state;
    append_five(f->db);
    /* a forger who rewrites row 2 and its hash still breaks row 3's link */
    assert_true(db_exec_script(f->db, "DROP TRIGGER audit_no_update;"
                                      "UPDATE audit_event SET hash = 'ab' WHERE seq = 2;"));
    AuditCheck c;
    verify(f->db, &c);
    assert_int_equal(c.first_bad, 2);
    char want[65];
    /* after recomputing row 2's hash for its content, row 3's prev_hash no longer matches */
    DbStmt *st = db_query(f->db,
                          "SELECT at, actor_id, entity, entity_id, action, before_json, after_json, prev_hash "
                          "FROM audit_event WHERE seq = 2");
    assert_int_equal(db_step(st), DB_ROW);
    audit_hash(db_col_text(st, 7), 2, db_col_int(st, 0), db_col_int(st, 1), db_col_text(st, 2),
               db_col_int(st, 3), db_col_text(st, 4), "{\"forged\":1}", db_col_text(st, 6), want);
    db_done(st);
    assert_true(db_exec(f->db, "UPDATE audit_event SET before_json = '{\"forged\":1}', hash = ? WHERE seq = 2",
                        DB_T(want)));
    verify(f->db, &c);
    assert_int_equal(c.first_bad, 3);
    assert_non_null(strstr(c.reason, "event 3:"));
}

static void a_deleted_middle_row_is_a_gap(void **state)
{
    Fixture *f = *state;
    append_five(f->db);
    assert_true(db_exec_script(f->db, "DROP TRIGGER audit_no_delete;"
                                      "DELETE FROM audit_event WHERE seq = 3;"));
    AuditCheck c;
    verify(f->db, &c);
    assert_int_equal(c.first_bad, 3);
    assert_string_equal(c.reason, "event 3: missing (gap after 2)");
}

static void a_deleted_first_row_is_named(void **state)
{
    Fixture *f = *state;
    append_five(f->db);
    assert_true(db_exec_script(f->db, "DROP TRIGGER audit_no_delete;"
                                      "DELETE FROM audit_event WHERE seq = 1;"));
    AuditCheck c;
    verify(f->db, &c);
    assert_int_equal(c.first_bad, 1);
    assert_non_null(strstr(c.reason, "event 1: missing"));
}

static void a_deleted_last_row_is_caught_by_the_head(void **state)
{
    Fixture *f = *state;
    append_five(f->db);
    assert_true(db_exec_script(f->db, "DROP TRIGGER audit_no_delete;"
                                      "DELETE FROM audit_event WHERE seq = 5;"));
    AuditCheck c;
    verify(f->db, &c);
    assert_int_equal(c.events, 4);
    assert_int_equal(c.first_bad, 5);
    assert_non_null(strstr(c.reason, "event 5: missing"));
}

static void a_row_added_behind_the_heads_back_is_named(void **state)
{
    Fixture *f = *state;
    append_five(f->db);
    /* a correctly hashed sixth row, inserted without moving the head */
    char prev[65], h[65];
    DbStmt *st = db_query(f->db, "SELECT hash FROM audit_event WHERE seq = 5");
    assert_int_equal(db_step(st), DB_ROW);
    snprintf(prev, sizeof prev, "%s", db_col_text(st, 0));
    db_done(st);
    audit_hash(prev, 6, 100, 1, "user", 1, "grant", NULL, NULL, h);
    assert_true(db_exec(f->db,
                        "INSERT INTO audit_event (seq, at, actor_id, entity, entity_id, action, prev_hash, hash) "
                        "VALUES (6, 100, 1, 'user', 1, 'grant', ?, ?)",
                        DB_T(prev), DB_T(h)));
    AuditCheck c;
    verify(f->db, &c);
    assert_int_equal(c.first_bad, 6);
}

static void the_hash_separates_fields_and_null(void **state)
{
    (void)state;
    char a[65], b[65];
    const char *z = "0000000000000000000000000000000000000000000000000000000000000000";
    audit_hash(z, 1, 100, 1, "user", 1, "create", NULL, "{}", a);
    assert_int_equal(strlen(a), 64);
    audit_hash(z, 1, 100, 1, "user", 1, "create", NULL, "{}", b);
    assert_string_equal(a, b);
    audit_hash(z, 1, 100, 1, "user", 1, "create", "", "{}", b);
    assert_string_not_equal(a, b); /* NULL before differs from "" */
    audit_hash(z, 1, 100, 1, "use", 1, "rcreate", NULL, "{}", b);
    assert_string_not_equal(a, b); /* a byte moved across a field boundary */
    audit_hash(z, 1, 100, 1, "user", 11, "create", NULL, "{}", b);
    assert_string_not_equal(a, b);
    audit_hash(z, 1, 101, 1, "user", 1, "create", NULL, "{}", b);
    assert_string_not_equal(a, b);
    audit_hash(z, 1, 100, 0, "user", 1, "create", NULL, "{}", b);
    assert_string_not_equal(a, b);
    audit_hash(a, 1, 100, 1, "user", 1, "create", NULL, "{}", b);
    assert_string_not_equal(a, b); /* the previous hash is part of it */
}

static void bad_arguments_append_nothing(void **state)
{
    Fixture *f = *state;
    assert_false(audit_append(f->db, 1, NULL, 1, "create", NULL, NULL));
    assert_false(audit_append(f->db, 1, "user", 1, NULL, NULL, NULL));
    assert_false(audit_append(f->db, -1, "user", 1, "create", NULL, NULL));
    int64_t n = -1;
    assert_true(db_int(f->db, &n, "SELECT seq FROM audit_head WHERE id = 1"));
    assert_int_equal(n, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(an_empty_log_verifies, setup, teardown),
        cmocka_unit_test_setup_teardown(appended_events_form_a_chain_that_verifies, setup, teardown),
        cmocka_unit_test_setup_teardown(the_log_refuses_update_and_delete, setup, teardown),
        cmocka_unit_test_setup_teardown(a_changed_row_is_named, setup, teardown),
        cmocka_unit_test_setup_teardown(a_changed_actor_is_named, setup, teardown),
        cmocka_unit_test_setup_teardown(a_rehashed_row_breaks_the_next_link, setup, teardown),
        cmocka_unit_test_setup_teardown(a_deleted_middle_row_is_a_gap, setup, teardown),
        cmocka_unit_test_setup_teardown(a_deleted_first_row_is_named, setup, teardown),
        cmocka_unit_test_setup_teardown(a_deleted_last_row_is_caught_by_the_head, setup, teardown),
        cmocka_unit_test_setup_teardown(a_row_added_behind_the_heads_back_is_named, setup, teardown),
        cmocka_unit_test(the_hash_separates_fields_and_null),
        cmocka_unit_test_setup_teardown(bad_arguments_append_nothing, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
