/* test_vote_read.c: the read functions other capabilities use instead of
 * SQL on the vote capability's tables (vote/vote.h), called with a Ctx and
 * no server, on a real (SQLite) database: a meeting, the meetings of a work
 * order, the linked meetings page by page, a vote in brief, whether a vote
 * passed for a place, and who may read a vote. */
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
#include "vote/vote.h"

static char g_dir[64];
static Db *g_db;
static Arena *g_arena;

static Ctx ctx(const Principal *who)
{
    return (Ctx){g_db, g_arena, who, 1000};
}

static int setup(void **state)
{
    (void)state;
    snprintf(g_dir, sizeof g_dir, "/tmp/gz_test_vote_read_XXXXXX");
    if (!mkdtemp(g_dir))
        return -1;
    char url[128], err[256];
    snprintf(url, sizeof url, "sqlite:%s/t.db", g_dir);
    g_db = db_open(url, err, sizeof err);
    if (!g_db || !db_migrate(g_db, err, sizeof err))
        return -1;
    g_arena = arena_new();
    /* a grid /1/ with two compounds /1/2/ and /1/3/ and a building /1/2/4/;
     * votes on /1/2/; meetings 1 and 3 coordinate work order 70, meeting 4
     * order 71, meeting 2 none */
    bool ok = db_exec(g_db, "INSERT INTO node (id, parent_id, kind, name, path, created_at, updated_at) VALUES "
                            "(1, NULL, 'grid', 'g', '/1/', 0, 0), (2, 1, 'compound', 'a', '/1/2/', 0, 0), "
                            "(3, 1, 'compound', 'b', '/1/3/', 0, 0), (4, 2, 'building', 'a1', '/1/2/4/', 0, 0)") &&
              db_exec(g_db, "INSERT INTO vote (id, node_id, title, kind, matter, method, electorate, status, passed, "
                            "closed_at, created_at, updated_at) VALUES "
                            "(1, 2, 'funds use', 'art278', 5, 'yes_no', 'owners', 'closed', 1, 900, 0, 0), "
                            "(2, 2, 'failed', 'art278', 5, 'yes_no', 'owners', 'closed', 0, 900, 0, 0), "
                            "(3, 2, 'still open', 'art278', 5, 'yes_no', 'owners', 'open', NULL, NULL, 0, 0), "
                            "(4, 2, 'naming', 'simple', NULL, 'yes_no', 'households', 'closed', 1, 900, 0, 0)") &&
              db_exec(g_db, "INSERT INTO meeting (id, node_id, kind, title, starts_at, status, work_order_id, "
                            "created_at, updated_at) VALUES "
                            "(1, 2, 'multi_party', '漏水协调会', 500, 'held', 70, 0, 0), "
                            "(2, 2, 'council', '季度居民议事会', 600, 'planned', NULL, 0, 0), "
                            "(3, 4, 'multi_party', '二次协调', 700, 'planned', 70, 0, 0), "
                            "(4, 3, 'multi_party', '电梯协调会', 800, 'published', 71, 0, 0)");
    return ok ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    arena_free(g_arena);
    db_close(g_db);
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf %s", g_dir);
    return system(cmd) == 0 ? 0 : -1;
}

static void a_meeting_reads_with_its_work_order(void **state)
{
    (void)state;
    Ctx c = ctx(NULL);
    VoteMeeting m;
    bool found = false;
    assert_true(vote_meeting_get(&c, 1, &m, &found));
    assert_true(found);
    assert_int_equal(m.id, 1);
    assert_int_equal(m.node_id, 2);
    assert_string_equal(m.kind, "multi_party");
    assert_string_equal(m.title, "漏水协调会");
    assert_int_equal(m.starts_at, 500);
    assert_string_equal(m.status, "held");
    assert_int_equal(m.work_order_id, 70);

    assert_true(vote_meeting_get(&c, 2, &m, &found));
    assert_true(found);
    assert_int_equal(m.work_order_id, 0); /* no work order: 0 */

    assert_true(vote_meeting_get(&c, 99, &m, &found));
    assert_false(found);
}

static void the_meetings_of_an_order_come_by_id(void **state)
{
    (void)state;
    Ctx c = ctx(NULL);
    VoteMeeting *list = NULL;
    int n = -1;
    assert_true(vote_meetings_of_order(&c, 70, &list, &n));
    assert_int_equal(n, 2);
    assert_int_equal(list[0].id, 1);
    assert_int_equal(list[1].id, 3);
    assert_string_equal(list[1].title, "二次协调");

    assert_true(vote_meetings_of_order(&c, 72, &list, &n));
    assert_int_equal(n, 0);
}

static void the_linked_meetings_page_by_id(void **state)
{
    (void)state;
    Ctx c = ctx(NULL);
    VoteMeeting *list = NULL;
    int n = -1;
    /* meeting 2 has no work order and never appears */
    assert_true(vote_meetings_linked(&c, 0, 2, &list, &n));
    assert_int_equal(n, 2);
    assert_int_equal(list[0].id, 1);
    assert_int_equal(list[1].id, 3);
    assert_true(vote_meetings_linked(&c, list[1].id, 2, &list, &n));
    assert_int_equal(n, 1);
    assert_int_equal(list[0].id, 4);
    assert_int_equal(list[0].work_order_id, 71);
    assert_true(vote_meetings_linked(&c, 4, 2, &list, &n));
    assert_int_equal(n, 0);
    /* no limit given: all of them */
    assert_true(vote_meetings_linked(&c, 0, 0, &list, &n));
    assert_int_equal(n, 3);
}

static void a_vote_in_brief_names_its_scope(void **state)
{
    (void)state;
    Ctx c = ctx(NULL);
    VoteBrief v;
    bool found = false;
    assert_true(vote_brief(&c, 1, &v, &found));
    assert_true(found);
    assert_int_equal(v.id, 1);
    assert_int_equal(v.node_id, 2);
    assert_string_equal(v.node_path, "/1/2/");
    assert_string_equal(v.title, "funds use");
    assert_string_equal(v.kind, "art278");
    assert_int_equal(v.matter, 5);
    assert_string_equal(v.status, "closed");
    assert_int_equal(v.passed, 1);
    assert_int_equal(v.closed_at, 900);

    assert_true(vote_brief(&c, 3, &v, &found));
    assert_int_equal(v.passed, -1); /* not closed */
    assert_int_equal(v.closed_at, 0);
    assert_true(vote_brief(&c, 4, &v, &found));
    assert_int_equal(v.matter, 0); /* a simple vote has no matter */

    assert_true(vote_brief(&c, 99, &v, &found));
    assert_false(found);
}

static void a_passed_matter_5_vote_covers_its_scope_only(void **state)
{
    (void)state;
    static const struct {
        int64_t vote;
        int matter;
        const char *path;
        const char *why; /* NULL: passed */
    } cases[] = {
        {1, 5, "/1/2/", NULL},
        {1, 5, "/1/2/4/", NULL},                                      /* a building inside the compound */
        {1, 5, "/1/3/", "这次表决的范围不包括该处"},                  /* the other compound */
        {1, 5, "/1/", "这次表决的范围不包括该处"},                    /* more than the vote's scope */
        {1, 5, NULL, "这次表决的范围不包括该处"},                     /* no place */
        {1, 6, "/1/2/", "这次表决的事项与所需事项不符"},              /* another matter */
        {2, 5, "/1/2/", "这次表决未通过"},
        {3, 5, "/1/2/", "这次表决尚未结束"},
        {4, 5, "/1/2/", "这次表决不是《民法典》第二百七十八条的业主表决"}, /* not an owners' vote */
        {99, 5, "/1/2/", "找不到这次表决"},
    };
    Ctx c = ctx(NULL);
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        bool passed = !cases[i].why;
        const char *why = "x";
        assert_true(vote_passed_for(&c, cases[i].vote, cases[i].matter, cases[i].path, &passed, &why));
        if (passed != !cases[i].why)
            fail_msg("case %zu: vote %lld matter %d at %s: passed = %d (%s)", i, (long long)cases[i].vote,
                     cases[i].matter, cases[i].path ? cases[i].path : "NULL", passed, why ? why : "NULL");
        /* the reason, word for word; none when it passed */
        assert_string_equal(why ? why : "(none)", cases[i].why ? cases[i].why : "(none)");
    }
}

static void who_may_read_a_vote(void **state)
{
    (void)state;
    Grant in_a = {ROLE_COMMITTEE, 2, "/1/2/", "/1/2/"};
    Grant in_b = {ROLE_COMMITTEE, 3, "/1/3/", "/1/3/"};
    Grant grid = {ROLE_GRID_WORKER, 1, "/1/", NULL};
    Principal pa = {1, "a", "A", 1, &in_a, "zh"};
    Principal pb = {2, "b", "B", 1, &in_b, "zh"};
    Principal pg = {3, "g", "G", 1, &grid, "zh"};
    static const struct {
        int who; /* 0 nobody, 1 compound a, 2 compound b, 3 the grid */
        int64_t vote;
        bool want;
    } cases[] = {
        {0, 1, false}, {1, 1, true}, {2, 1, false}, {3, 1, true}, {1, 99, false}, {3, 99, false},
    };
    const Principal *who[] = {NULL, &pa, &pb, &pg};
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        Ctx c = ctx(who[cases[i].who]);
        if (vote_may_read(&c, cases[i].vote) != cases[i].want)
            fail_msg("case %zu: principal %d, vote %lld: expected %d", i, cases[i].who, (long long)cases[i].vote,
                     cases[i].want);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(a_meeting_reads_with_its_work_order),
        cmocka_unit_test(the_meetings_of_an_order_come_by_id),
        cmocka_unit_test(the_linked_meetings_page_by_id),
        cmocka_unit_test(a_vote_in_brief_names_its_scope),
        cmocka_unit_test(a_passed_matter_5_vote_covers_its_scope_only),
        cmocka_unit_test(who_may_read_a_vote),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
