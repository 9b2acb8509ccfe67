/* test_vote_close_due.c: the background job closes exactly the open votes
 * past their closing time, each once, as the manual close does (result
 * stored, notice published, audited by the system); and how a commenter is
 * shown to others (building/unit and a masked name). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "auth/audit.h"
#include "core/arena.h"
#include "store/db.h"
#include "vote/vote.h"
#include "vote/vote_int.h"

static char g_dir[64];
static Db *g_db;

static int setup(void **state)
{
    (void)state;
    snprintf(g_dir, sizeof g_dir, "/tmp/gz_test_vote_due_XXXXXX");
    if (!mkdtemp(g_dir))
        return -1;
    char url[128], err[256];
    snprintf(url, sizeof url, "sqlite:%s/t.db", g_dir);
    g_db = db_open(url, err, sizeof err);
    if (!g_db || !db_migrate(g_db, err, sizeof err))
        return -1;
    audit_key_set((const unsigned char[32]){1}); /* the key file's loader does this in the program */
    /* 1 due at 100, 2 due at 200, 3 open without a closing time, 4 a draft "due" at 50 */
    bool ok = db_exec(g_db, "INSERT INTO node (id, parent_id, kind, name, path, created_at, updated_at) VALUES "
                            "(1, NULL, 'grid', 'g', '/1/', 0, 0)") &&
              db_exec(g_db, "INSERT INTO vote (id, node_id, title, kind, method, electorate, status, opens_at, closes_at, "
                            "created_at, updated_at) VALUES "
                            "(1, 1, 'first', 'simple', 'yes_no', 'households', 'open', 10, 100, 0, 0), "
                            "(2, 1, 'second', 'simple', 'yes_no', 'households', 'open', 10, 200, 0, 0), "
                            "(3, 1, 'no deadline', 'simple', 'yes_no', 'households', 'open', 10, NULL, 0, 0), "
                            "(4, 1, 'draft', 'simple', 'yes_no', 'households', 'draft', NULL, 50, 0, 0)");
    return ok ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    db_close(g_db);
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf %s", g_dir);
    return system(cmd) == 0 ? 0 : -1;
}

static const char *status_of(int64_t id)
{
    static char s[16];
    s[0] = '\0';
    DbStmt *st = db_query(g_db, "SELECT status FROM vote WHERE id = ?", DB_I(id));
    if (db_step(st) == DB_ROW)
        snprintf(s, sizeof s, "%s", db_col_text(st, 0));
    db_done(st);
    return s;
}

static int close_due_at(int64_t now)
{
    int n = -1;
    assert_true(db_begin(g_db, true));
    assert_true(vote_close_due(g_db, now, 0, &n));
    assert_true(db_commit(g_db));
    return n;
}

static void only_open_votes_past_their_time_close_each_once(void **state)
{
    (void)state;
    assert_int_equal(close_due_at(99), 0);
    assert_string_equal(status_of(1), "open");
    assert_int_equal(close_due_at(100), 1); /* at the closing second */
    assert_string_equal(status_of(1), "closed");
    assert_string_equal(status_of(2), "open");
    assert_string_equal(status_of(3), "open");
    assert_string_equal(status_of(4), "draft");
    /* as the manual close: the result, the notice, the audit event by the system */
    int64_t n = 0;
    assert_true(db_int(g_db, &n, "SELECT COUNT(*) FROM vote WHERE id = 1 AND result_json IS NOT NULL AND passed IS NOT NULL "
                                 "AND closed_at IS NOT NULL AND notice_id IS NOT NULL"));
    assert_int_equal(n, 1);
    assert_true(db_int(g_db, &n, "SELECT COUNT(*) FROM notice WHERE kind = 'vote_result' AND source_entity = 'vote' "
                                 "AND source_id = 1"));
    assert_int_equal(n, 1);
    assert_true(db_int(g_db, &n, "SELECT COUNT(*) FROM audit_event WHERE entity = 'vote' AND entity_id = 1 "
                                 "AND action = 'close' AND actor_id IS NULL"));
    assert_int_equal(n, 1);
    assert_int_equal(close_due_at(150), 0); /* closed once */
    assert_int_equal(close_due_at(1000), 1);
    assert_string_equal(status_of(2), "closed");
    assert_string_equal(status_of(3), "open");
    assert_string_equal(status_of(4), "draft");
    assert_true(db_int(g_db, &n, "SELECT COUNT(*) FROM notice WHERE kind = 'vote_result'"));
    assert_int_equal(n, 2);
}

static void commenters_are_masked_unless_shown_in_full(void **state)
{
    (void)state;
    Arena *a = arena_new();
    static const struct {
        const char *name, *home;
        bool full;
        const char *want;
    } cases[] = {
        {"张伟", "1栋2单元", false, "1栋2单元 张**"},
        {"张伟", NULL, false, "张**"},
        {"欧阳娜娜", "3栋1单元", false, "3栋1单元 欧**"},
        {"Li Wei", NULL, false, "L**"},
        {"张伟", "1栋2单元", true, "张伟"},
        {"", NULL, false, "**"},
        {NULL, "1栋2单元", false, "1栋2单元 **"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const char *got = vote_commenter_label(a, cases[i].name, cases[i].home, cases[i].full);
        if (strcmp(got, cases[i].want) != 0)
            fail_msg("case %zu: \"%s\", want \"%s\"", i, got, cases[i].want);
    }
    arena_free(a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(only_open_votes_past_their_time_close_each_once),
        cmocka_unit_test(commenters_are_masked_unless_shown_in_full),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
