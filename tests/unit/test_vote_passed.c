/* test_vote_passed.c: the contracts funds relies on, on a real (SQLite)
 * database: vote_passed says yes only for a closed, passed Art. 278 vote on
 * the asked matter whose scope covers the place, and a published notice is
 * never edited (the database itself refuses). */
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
#include "store/db.h"
#include "vote/notice.h"
#include "vote/vote.h"

static char g_dir[64];
static Db *g_db;

static int setup(void **state)
{
    (void)state;
    snprintf(g_dir, sizeof g_dir, "/tmp/gz_test_vote_XXXXXX");
    if (!mkdtemp(g_dir))
        return -1;
    char url[128], err[256];
    snprintf(url, sizeof url, "sqlite:%s/t.db", g_dir);
    g_db = db_open(url, err, sizeof err);
    if (!g_db || !db_migrate(g_db, err, sizeof err))
        return -1;
    audit_key_set((const unsigned char[32]){1}); /* the key file's loader does this in the program */
    /* a grid /1/ with two compounds /1/2/ and /1/3/; votes on /1/2/ */
    bool ok = db_exec(g_db, "INSERT INTO node (id, parent_id, kind, name, path, created_at, updated_at) VALUES "
                            "(1, NULL, 'grid', 'g', '/1/', 0, 0), (2, 1, 'compound', 'a', '/1/2/', 0, 0), "
                            "(3, 1, 'compound', 'b', '/1/3/', 0, 0), (4, 2, 'building', 'a1', '/1/2/4/', 0, 0)") &&
              db_exec(g_db, "INSERT INTO vote (id, node_id, title, kind, matter, method, electorate, status, passed, "
                            "created_at, updated_at) VALUES "
                            "(1, 2, 'funds use', 'art278', 5, 'yes_no', 'owners', 'closed', 1, 0, 0), "
                            "(2, 2, 'failed', 'art278', 5, 'yes_no', 'owners', 'closed', 0, 0, 0), "
                            "(3, 2, 'still open', 'art278', 5, 'yes_no', 'owners', 'open', NULL, 0, 0), "
                            "(4, 2, 'naming', 'simple', NULL, 'yes_no', 'households', 'closed', 1, 0, 0)");
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

static void a_passed_matter_5_vote_covers_its_scope_only(void **state)
{
    (void)state;
    static const struct {
        int64_t vote;
        int matter;
        const char *path;
        bool want;
        const char *why_has;
    } cases[] = {
        {1, 5, "/1/2/", true, NULL},
        {1, 5, "/1/2/4/", true, NULL},           /* a building inside the compound */
        {1, 5, "/1/3/", false, "范围"},          /* the other compound */
        {1, 5, "/1/", false, "范围"},            /* the whole grid is more than the vote's scope */
        {1, 6, "/1/2/", false, "事项"},          /* another matter */
        {2, 5, "/1/2/", false, "未通过"},
        {3, 5, "/1/2/", false, "尚未结束"},
        {4, 5, "/1/2/", false, "第二百七十八条"}, /* not an owners' vote */
        {99, 5, "/1/2/", false, "找不到"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char why[128] = "x";
        bool got = vote_passed(g_db, cases[i].vote, cases[i].matter, cases[i].path, why, sizeof why);
        if (got != cases[i].want)
            fail_msg("case %zu: vote_passed(%lld, %d, %s) = %d (%s)", i, (long long)cases[i].vote, cases[i].matter,
                     cases[i].path, got, why);
        if (cases[i].why_has && !strstr(why, cases[i].why_has))
            fail_msg("case %zu: the reason \"%s\" does not say \"%s\"", i, why, cases[i].why_has);
        if (got)
            assert_string_equal(why, "");
    }
}

static void a_notice_is_published_once_and_never_edited(void **state)
{
    (void)state;
    assert_true(db_begin(g_db, true));
    int64_t id = notice_publish(g_db, 0, 2, "payment", "付款公示", "付给施工单位 1000.00 元", 0, 0, "payment", 12);
    assert_true(id > 0);
    int64_t days = 0;
    assert_true(db_int(g_db, &days, "SELECT period_days FROM notice WHERE id = ?", DB_I(id)));
    assert_int_equal(days, 7); /* the default objection period */
    int64_t fix = notice_publish(g_db, 0, 2, "payment", "更正", "应为 1100.00 元", 3, id, "payment", 12);
    assert_true(fix > id);
    assert_true(db_commit(g_db));
    /* bad input publishes nothing */
    assert_int_equal(notice_publish(g_db, 0, 2, "rumour", "t", "b", 0, 0, NULL, 0), 0);
    assert_int_equal(notice_publish(g_db, 0, 999, "general", "t", "b", 0, 0, NULL, 0), 0);
    assert_int_equal(notice_publish(g_db, 0, 2, "general", "", "b", 0, 0, NULL, 0), 0);
    assert_int_equal(notice_publish(g_db, 0, 2, "general", "t", "b", 0, 99999, NULL, 0), 0);
    /* the database refuses to edit or remove it */
    assert_true(db_begin(g_db, true));
    assert_false(db_exec(g_db, "UPDATE notice SET body = 'changed' WHERE id = ?", DB_I(id)));
    db_rollback(g_db);
    assert_true(db_begin(g_db, true));
    assert_false(db_exec(g_db, "DELETE FROM notice WHERE id = ?", DB_I(id)));
    db_rollback(g_db);
    DbStmt *st = db_query(g_db, "SELECT body, corrects_id FROM notice WHERE id = ?", DB_I(fix));
    assert_int_equal(db_step(st), DB_ROW);
    assert_string_equal(db_col_text(st, 0), "应为 1100.00 元");
    assert_int_equal(db_col_int(st, 1), id);
    db_done(st);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(a_passed_matter_5_vote_covers_its_scope_only),
        cmocka_unit_test(a_notice_is_published_once_and_never_edited),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
