/* test_audit.c: the keyed, chained audit log on a real SQLite database:
 * appends verify; any changed, removed or unrecorded row is named; a forger
 * without the key cannot rechain; published heads catch a cut-off tail and a
 * rewrite by someone holding the key; an old unkeyed chain still verifies. */
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

static const unsigned char k_key[32] = {0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, 0x88, 9};
static const unsigned char k_other_key[32] = {0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, 0x88, 10};

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
    audit_key_set(k_key);
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

/* Five events of different shapes, in one transaction as a request does;
 * the chain's opening event comes first, so they are events 2 to 6. */
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

static void verify_against(Db *db, const char *head_text, AuditCheck *c)
{
    AuditHead h;
    assert_true(audit_head_parse(head_text, &h));
    assert_true(audit_verify_heads(db, &h, 1, c));
}

/* The head of the log as `gongzhi verify --head` prints it. */
static void current_head(Db *db, char out[48])
{
    AuditCheck c;
    verify(db, &c);
    assert_int_equal(c.first_bad, 0);
    audit_head_format(&c.head, out);
}

typedef enum { UNKEYED, KEYED_WITH_INSTALLED_KEY } LinkKind;

/* What a forger does after changing a row: recomputes the links of every
 * event from seq on and moves the head to match. */
static void rechain_from(Db *db, int64_t seq, LinkKind kind)
{
    assert_true(db_exec_script(db, "DROP TRIGGER IF EXISTS audit_no_update;"));
    char prev[65] = "0000000000000000000000000000000000000000000000000000000000000000";
    if (seq > 1) {
        DbStmt *st = db_query(db, "SELECT hash FROM audit_event WHERE seq = ?", DB_I(seq - 1));
        assert_int_equal(db_step(st), DB_ROW);
        snprintf(prev, sizeof prev, "%s", db_col_text(st, 0));
        db_done(st);
    }
    int64_t last = 0;
    assert_true(db_int(db, &last, "SELECT MAX(seq) FROM audit_event"));
    for (int64_t s = seq; s <= last; s++) {
        DbStmt *st = db_query(db,
                              "SELECT at, actor_id, entity, entity_id, action, before_json, after_json "
                              "FROM audit_event WHERE seq = ?",
                              DB_I(s));
        assert_int_equal(db_step(st), DB_ROW);
        char link[65];
        int64_t actor = db_col_null(st, 1) ? 0 : db_col_int(st, 1);
        if (kind == UNKEYED)
            audit_hash(prev, s, db_col_int(st, 0), actor, db_col_text(st, 2), db_col_int(st, 3),
                       db_col_text(st, 4), db_col_text(st, 5), db_col_text(st, 6), link);
        else
            audit_mac(prev, s, db_col_int(st, 0), actor, db_col_text(st, 2), db_col_int(st, 3),
                      db_col_text(st, 4), db_col_text(st, 5), db_col_text(st, 6), link);
        db_done(st);
        assert_true(db_exec(db, "UPDATE audit_event SET prev_hash = ?, hash = ? WHERE seq = ?", DB_T(prev),
                            DB_T(link), DB_I(s)));
        snprintf(prev, sizeof prev, "%s", link);
    }
    assert_true(db_exec(db, "UPDATE audit_head SET seq = ?, hash = ? WHERE id = 1", DB_I(last), DB_T(prev)));
}

static void an_empty_log_verifies(void **state)
{
    Fixture *f = *state;
    AuditCheck c;
    verify(f->db, &c);
    assert_int_equal(c.events, 0);
    assert_int_equal(c.first_bad, 0);
    assert_int_equal(c.head.seq, 0);
}

static void appended_events_form_a_keyed_chain_that_verifies(void **state)
{
    Fixture *f = *state;
    append_five(f->db);
    /* a bare connection gets its own transaction */
    assert_false(db_in_transaction(f->db));
    assert_true(audit_append(f->db, 3, "user", 3, "login", NULL, NULL));

    AuditCheck c;
    verify(f->db, &c);
    assert_int_equal(c.events, 7);
    assert_int_equal(c.first_bad, 0);
    assert_int_equal(c.keyed_from, 1);
    assert_int_equal(c.head.seq, 7);

    int64_t n = -1;
    assert_true(db_int(f->db, &n, "SELECT seq FROM audit_event WHERE entity = 'audit' AND action = 'chain_keyed'"));
    assert_int_equal(n, 1);
    assert_true(db_int(f->db, &n, "SELECT keyed_from FROM audit_head WHERE id = 1"));
    assert_int_equal(n, 1);
    assert_true(db_int(f->db, &n, "SELECT COUNT(*) FROM audit_event WHERE actor_id IS NULL"));
    assert_int_equal(n, 2); /* the opening and actor 0, the system, are stored as NULL */
    assert_true(db_int(f->db, &n, "SELECT seq FROM audit_head WHERE id = 1"));
    assert_int_equal(n, 7);
    assert_true(db_int(f->db, &n,
                       "SELECT COUNT(*) FROM audit_event a JOIN audit_event b ON b.seq = a.seq + 1 "
                       "WHERE b.prev_hash = a.hash"));
    assert_int_equal(n, 6);
    /* the head is the last event's link, cut short */
    DbStmt *st = db_query(f->db, "SELECT hash FROM audit_event WHERE seq = 7");
    assert_int_equal(db_step(st), DB_ROW);
    assert_memory_equal(c.head.mac, db_col_text(st, 0), 16);
    db_done(st);
    assert_true(audit_chain_keyed(f->db)); /* a keyed chain is left as it is */
    verify(f->db, &c);
    assert_int_equal(c.events, 7);
}

static void the_log_refuses_update_and_delete(void **state)
{
    Fixture *f = *state;
    append_five(f->db);
    assert_false(db_exec(f->db, "UPDATE audit_event SET after_json = 'x' WHERE seq = 3"));
    assert_false(db_exec(f->db, "DELETE FROM audit_event WHERE seq = 3"));
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
                               "UPDATE audit_event SET after_json = '{\"door\":\"999\"}' WHERE seq = 4;"));
    AuditCheck c;
    verify(f->db, &c);
    assert_int_equal(c.first_bad, 4);
    assert_non_null(strstr(c.reason, "event 4: hash does not match its content"));
}

static void a_changed_actor_is_named(void **state)
{
    Fixture *f = *state;
    append_five(f->db);
    /* NULL (the system) turned into a user: the hash tells them apart */
    assert_true(db_exec_script(f->db, "DROP TRIGGER audit_no_update;"
                                      "UPDATE audit_event SET actor_id = 0 WHERE seq = 2;"));
    AuditCheck c;
    verify(f->db, &c);
    assert_int_equal(c.first_bad, 0); /* 0 and NULL are both "the system" */
    assert_true(db_exec_script(f->db, "UPDATE audit_event SET actor_id = 9 WHERE seq = 2;"));
    verify(f->db, &c);
    assert_int_equal(c.first_bad, 2);
}

static void a_row_forged_and_rechained_without_the_key_is_named(void **state)
{
    Fixture *f = *state;
    append_five(f->db);
    /* a forger who knows the algorithm but not the key rewrites event 3 and
     * recomputes every link after it and the head: the first forged link fails */
    assert_true(db_exec_script(f->db, "DROP TRIGGER audit_no_update;"
                                      "UPDATE audit_event SET before_json = '{\"forged\":1}' WHERE seq = 3;"));
    rechain_from(f->db, 3, UNKEYED);
    AuditCheck c;
    verify(f->db, &c);
    assert_int_equal(c.first_bad, 3);
    assert_non_null(strstr(c.reason, "event 3: hash does not match its content"));
}

static void a_row_forged_and_rechained_with_a_guessed_key_is_named(void **state)
{
    Fixture *f = *state;
    append_five(f->db);
    assert_true(db_exec_script(f->db, "DROP TRIGGER audit_no_update;"
                                      "UPDATE audit_event SET before_json = '{\"forged\":1}' WHERE seq = 3;"));
    audit_key_set(k_other_key);
    rechain_from(f->db, 3, KEYED_WITH_INSTALLED_KEY);
    audit_key_set(k_key);
    AuditCheck c;
    verify(f->db, &c);
    assert_int_equal(c.first_bad, 3);
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
                                      "DELETE FROM audit_event WHERE seq = 6;"));
    AuditCheck c;
    verify(f->db, &c);
    assert_int_equal(c.events, 5);
    assert_int_equal(c.first_bad, 6);
    assert_non_null(strstr(c.reason, "event 6: missing"));
}

/* The tamper the database alone cannot see: the last events deleted and the
 * head moved back to match. Only a head published before the cut shows it. */
static void a_cut_tail_passes_alone_and_fails_against_a_head_published_before_the_cut(void **state)
{
    Fixture *f = *state;
    append_five(f->db);
    char early[48], late[48];
    current_head(f->db, early);
    assert_true(audit_append(f->db, 1, "user", 5, "grant", NULL, NULL));
    assert_true(audit_append(f->db, 1, "user", 6, "grant", NULL, NULL));
    current_head(f->db, late);
    assert_true(db_exec_script(f->db, "DROP TRIGGER audit_no_delete; DROP TRIGGER audit_no_update;"
                                      "DELETE FROM audit_event WHERE seq > 6;"
                                      "UPDATE audit_head SET seq = 6, hash = (SELECT hash FROM audit_event WHERE seq = 6);"));
    AuditCheck c;
    verify(f->db, &c);
    assert_int_equal(c.first_bad, 0);
    verify_against(f->db, early, &c);
    assert_int_equal(c.first_bad, 0); /* the cut is after the published head */
    verify_against(f->db, late, &c);
    assert_int_equal(c.first_bad, 7);
    assert_non_null(strstr(c.reason, "the tail was cut off"));
}

/* Someone holding the key file and write access can rewrite the log and
 * pass a bare verify; not a head published before the rewrite. */
static void a_rewrite_with_the_key_fails_against_a_head_published_before_it(void **state)
{
    Fixture *f = *state;
    append_five(f->db);
    char published[48];
    current_head(f->db, published); /* event 6 */
    assert_true(db_exec_script(f->db, "DROP TRIGGER audit_no_update;"
                                      "UPDATE audit_event SET before_json = '{\"forged\":1}' WHERE seq = 3;"));
    rechain_from(f->db, 3, KEYED_WITH_INSTALLED_KEY);
    AuditCheck c;
    verify(f->db, &c);
    assert_int_equal(c.first_bad, 0);
    verify_against(f->db, published, &c);
    assert_int_equal(c.first_bad, 6);
    assert_non_null(strstr(c.reason, "differs from the published head"));
}

static void a_row_added_behind_the_heads_back_is_named(void **state)
{
    Fixture *f = *state;
    append_five(f->db);
    /* a correctly linked seventh row, inserted without moving the head */
    char prev[65], h[65];
    DbStmt *st = db_query(f->db, "SELECT hash FROM audit_event WHERE seq = 6");
    assert_int_equal(db_step(st), DB_ROW);
    snprintf(prev, sizeof prev, "%s", db_col_text(st, 0));
    db_done(st);
    audit_mac(prev, 7, 100, 1, "user", 1, "grant", NULL, NULL, h);
    assert_true(db_exec(f->db,
                        "INSERT INTO audit_event (seq, at, actor_id, entity, entity_id, action, prev_hash, hash) "
                        "VALUES (7, 100, 1, 'user', 1, 'grant', ?, ?)",
                        DB_T(prev), DB_T(h)));
    AuditCheck c;
    verify(f->db, &c);
    assert_int_equal(c.first_bad, 7);
}

/* Events an older version wrote without the key keep their unkeyed links;
 * the chain is keyed from an opening event on. */
static void an_old_unkeyed_chain_verifies_and_is_keyed_from_its_next_event(void **state)
{
    Fixture *f = *state;
    char prev[65] = "0000000000000000000000000000000000000000000000000000000000000000", h[65];
    for (int s = 1; s <= 3; s++) {
        audit_hash(prev, s, 100 + s, 1, "household", s, "update", NULL, "{}", h);
        assert_true(db_exec(f->db,
                            "INSERT INTO audit_event (seq, at, actor_id, entity, entity_id, action, after_json, "
                            "prev_hash, hash) VALUES (?, ?, 1, 'household', ?, 'update', '{}', ?, ?)",
                            DB_I(s), DB_I(100 + s), DB_I(s), DB_T(prev), DB_T(h)));
        snprintf(prev, sizeof prev, "%s", h);
    }
    assert_true(db_exec(f->db, "UPDATE audit_head SET seq = 3, hash = ? WHERE id = 1", DB_T(prev)));
    AuditCheck c;
    verify(f->db, &c);
    assert_int_equal(c.first_bad, 4); /* an unkeyed chain is what a forger leaves */

    assert_true(audit_chain_keyed(f->db));
    verify(f->db, &c);
    assert_int_equal(c.first_bad, 0);
    assert_int_equal(c.events, 4);
    assert_int_equal(c.keyed_from, 4);
    assert_true(audit_append(f->db, 1, "user", 1, "grant", NULL, NULL));
    verify(f->db, &c);
    assert_int_equal(c.first_bad, 0);
    assert_int_equal(c.events, 5);
    int64_t n = 0;
    assert_true(db_int(f->db, &n, "SELECT entity_id FROM audit_event WHERE seq = 4 AND action = 'chain_keyed'"));
    assert_int_equal(n, 0);
}

static void a_chain_rewritten_without_its_keyed_part_is_named(void **state)
{
    Fixture *f = *state;
    append_five(f->db);
    /* the forger makes the whole chain "old" and rechains it without the key */
    assert_true(db_exec_script(f->db, "DROP TRIGGER audit_no_update;"
                                      "UPDATE audit_event SET before_json = '{\"forged\":1}' WHERE seq = 3;"
                                      "UPDATE audit_head SET keyed_from = NULL;"));
    rechain_from(f->db, 1, UNKEYED);
    AuditCheck c;
    verify(f->db, &c);
    assert_int_equal(c.first_bad, 7);
    assert_non_null(strstr(c.reason, "keyed part of the chain is missing"));
}

static void a_moved_keyed_boundary_is_named(void **state)
{
    Fixture *f = *state;
    append_five(f->db);
    /* later: events 1 and 2 would have to be unkeyed, and event 3 the opening */
    assert_true(db_exec(f->db, "UPDATE audit_head SET keyed_from = 3"));
    AuditCheck c;
    verify(f->db, &c);
    assert_int_equal(c.first_bad, 1);
    /* past the end, with everything rechained without the key */
    assert_true(db_exec(f->db, "UPDATE audit_head SET keyed_from = 99"));
    rechain_from(f->db, 1, UNKEYED);
    verify(f->db, &c);
    assert_int_equal(c.first_bad, 7);
    assert_non_null(strstr(c.reason, "the keyed part starts at event 99"));
}

static void heads_are_written_and_read_back(void **state)
{
    (void)state;
    AuditHead h = {1234, "89abcdef01234567"};
    char text[48];
    audit_head_format(&h, text);
    assert_string_equal(text, "1234:89ab-cdef-0123-4567");
    static const struct {
        const char *text;
        bool ok;
        int64_t seq;
        const char *mac;
    } cases[] = {
        {"1234:89ab-cdef-0123-4567", true, 1234, "89abcdef01234567"},
        {"1234:89AB-CDEF-0123-4567", true, 1234, "89abcdef01234567"},
        {"1234:89abcdef01234567", true, 1234, "89abcdef01234567"},
        {" 7:89ab cdef 0123 4567", true, 7, "89abcdef01234567"},
        /* refused: nothing is filled in */
        {"", false, 0, ""},
        {"1234", false, 0, ""},
        {":89ab-cdef-0123-4567", false, 0, ""},
        {"0:89ab-cdef-0123-4567", false, 0, ""},
        {"-5:89ab-cdef-0123-4567", false, 0, ""},
        {"1234:89ab-cdef-0123-456", false, 0, ""},
        {"1234:89ab-cdef-0123-45678", false, 0, ""},
        {"1234:89ab-cdef-0123-456g", false, 0, ""},
        {"1234 89ab-cdef-0123-4567", false, 0, ""},
        {"1234567890123456789:89ab-cdef-0123-4567", false, 0, ""},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        AuditHead got;
        print_message("%s\n", cases[i].text);
        assert_int_equal(audit_head_parse(cases[i].text, &got), cases[i].ok);
        assert_int_equal(got.seq, cases[i].seq);
        assert_string_equal(got.mac, cases[i].mac);
    }
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

static void the_link_depends_on_the_key(void **state)
{
    (void)state;
    char plain[65], mine[65], other[65];
    const char *z = "0000000000000000000000000000000000000000000000000000000000000000";
    audit_key_set(k_key);
    audit_hash(z, 1, 100, 1, "user", 1, "create", NULL, "{}", plain);
    audit_mac(z, 1, 100, 1, "user", 1, "create", NULL, "{}", mine);
    audit_key_set(k_other_key);
    audit_mac(z, 1, 100, 1, "user", 1, "create", NULL, "{}", other);
    audit_key_set(k_key);
    assert_string_not_equal(plain, mine);
    assert_string_not_equal(mine, other);
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
        cmocka_unit_test_setup_teardown(appended_events_form_a_keyed_chain_that_verifies, setup, teardown),
        cmocka_unit_test_setup_teardown(the_log_refuses_update_and_delete, setup, teardown),
        cmocka_unit_test_setup_teardown(a_changed_row_is_named, setup, teardown),
        cmocka_unit_test_setup_teardown(a_changed_actor_is_named, setup, teardown),
        cmocka_unit_test_setup_teardown(a_row_forged_and_rechained_without_the_key_is_named, setup, teardown),
        cmocka_unit_test_setup_teardown(a_row_forged_and_rechained_with_a_guessed_key_is_named, setup, teardown),
        cmocka_unit_test_setup_teardown(a_deleted_middle_row_is_a_gap, setup, teardown),
        cmocka_unit_test_setup_teardown(a_deleted_first_row_is_named, setup, teardown),
        cmocka_unit_test_setup_teardown(a_deleted_last_row_is_caught_by_the_head, setup, teardown),
        cmocka_unit_test_setup_teardown(a_cut_tail_passes_alone_and_fails_against_a_head_published_before_the_cut,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(a_rewrite_with_the_key_fails_against_a_head_published_before_it, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(a_row_added_behind_the_heads_back_is_named, setup, teardown),
        cmocka_unit_test_setup_teardown(an_old_unkeyed_chain_verifies_and_is_keyed_from_its_next_event, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(a_chain_rewritten_without_its_keyed_part_is_named, setup, teardown),
        cmocka_unit_test_setup_teardown(a_moved_keyed_boundary_is_named, setup, teardown),
        cmocka_unit_test(heads_are_written_and_read_back),
        cmocka_unit_test(the_hash_separates_fields_and_null),
        cmocka_unit_test(the_link_depends_on_the_key),
        cmocka_unit_test_setup_teardown(bad_arguments_append_nothing, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
