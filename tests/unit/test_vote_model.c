/* test_vote_model.c: the model of a vote's life (vote/voting.c) called with
 * a Ctx and no server, on a real (SQLite) database: vote_create's refusals
 * as a table (each one msg and field, in the API's order), a draft that is
 * written with its audit record, opening it (an empty register refuses an
 * owners' vote unless a reason is given), a ballot from someone outside
 * the electorate, and the close; the list of votes a principal may read
 * and the households a paper ballot may still be entered for. */
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
#include "vote/vote_int.h"

static char g_dir[64];
static Db *g_db;
static Arena *g_arena;
static Grant g_grant = {ROLE_COMMUNITY_STAFF, 1, "/1/", NULL};
static Principal g_staff = {1, "staff", "Staff", 1, &g_grant, "zh"};

#define NOW 1700000000

static Ctx ctx(void)
{
    return (Ctx){g_db, g_arena, &g_staff, NOW};
}

static int setup(void **state)
{
    (void)state;
    snprintf(g_dir, sizeof g_dir, "/tmp/gz_test_vote_model_XXXXXX");
    if (!mkdtemp(g_dir))
        return -1;
    char url[128], err[256];
    snprintf(url, sizeof url, "sqlite:%s/t.db", g_dir);
    g_db = db_open(url, err, sizeof err);
    if (!g_db || !db_migrate(g_db, err, sizeof err))
        return -1;
    audit_key_set((const unsigned char[32]){1});
    g_arena = arena_new();
    /* a community /1/ with compounds /1/2/ and /1/3/ (no flats: an empty
     * register), user 1, a topic on /1/3/ */
    bool ok = db_begin(g_db, true) && db_exec(g_db, "INSERT INTO node (id, parent_id, kind, name, path, created_at, updated_at) VALUES "
                            "(1, NULL, 'community', 'c', '/1/', 0, 0), (2, 1, 'compound', 'a', '/1/2/', 0, 0), "
                            "(3, 1, 'compound', 'b', '/1/3/', 0, 0)") &&
              db_exec(g_db, "INSERT INTO app_user (id, username, display_name, pw_hash, created_at, updated_at) "
                            "VALUES (1, 'staff', 'Staff', 'x', 0, 0)") &&
              db_exec(g_db, "INSERT INTO topic (id, node_id, title, created_at, updated_at) VALUES (7, 3, 't', 0, 0)");
    if (!ok)
        fprintf(stderr, "setup: %s\n", db_errmsg(g_db));
    ok = ok && db_commit(g_db);
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

static VoteNew simple(void)
{
    return (VoteNew){.node_id = 2, .node_path = "/1/2/", .title = "命名", .body = "", .kind = "simple"};
}

static void a_draft_is_refused_for_each_rule(void **state)
{
    (void)state;
    static const char *const two[] = {"甲", "乙"};
    static const char *const one[] = {"甲"};
    VoteNew cases[17];
    VoteMsg want[17];
    const char *field[17];
    int k = 0;
#define CASE(setup_, msg_, field_)                                                                                    \
    do {                                                                                                               \
        VoteNew in = simple();                                                                                         \
        setup_;                                                                                                        \
        cases[k] = in;                                                                                                 \
        want[k] = msg_;                                                                                                \
        field[k++] = field_;                                                                                           \
    } while (0)
    CASE(in.kind = "poll", VM_BAD_KIND, "kind");
    CASE(in.method = "ranked", VM_BAD_METHOD, "method");
    CASE(in.electorate = "everyone", VM_BAD_ELECTORATE, "electorate");
    CASE(in.kind = "art278", VM_MATTER_MISSING, "matter");
    CASE((in.has_matter = true, in.matter = 5), VM_MATTER_NOT_ART278, "matter");
    CASE((in.kind = "art278", in.has_matter = true, in.matter = 5, in.method = "single"), VM_ART278_YES_NO_OWNERS,
         "method");
    CASE((in.kind = "art278", in.has_matter = true, in.matter = 5, in.electorate = "households"),
         VM_ART278_YES_NO_OWNERS, "electorate");
    CASE((in.kind = "art278", in.has_matter = true, in.matter = 5, in.quorum_pct = 50), VM_ART278_QUORUM, "quorum_pct");
    CASE(in.nonvoters_yes = true, VM_NONVOTERS_NOT_ART278, "nonvoters_yes");
    CASE((in.method = "single", in.options = one, in.n_options = 1), VM_OPTIONS_TOO_FEW, "options");
    CASE((in.options = two, in.n_options = 2), VM_OPTIONS_FOR_YES_NO, "options");
    CASE(in.electorate = "representatives", VM_PANEL_MISSING, "panel_id");
    CASE((in.electorate = "representatives", in.panel_id = 99), VM_NO_SUCH_PANEL, "panel_id");
    CASE(in.panel_id = 99, VM_PANEL_NOT_REPRESENTATIVES, "panel_id");
    CASE(in.closes_at = NOW, VM_CLOSES_IN_PAST, "closes_at");
    CASE(in.topic_id = 99, VM_NO_SUCH_TOPIC, "topic_id");
    CASE(in.topic_id = 7, VM_TOPIC_OUT_OF_SCOPE, "topic_id"); /* the topic is on the other compound */
#undef CASE
    Ctx c = ctx();
    int64_t before = 0;
    assert_true(db_int(g_db, &before, "SELECT COUNT(*) FROM vote"));
    for (int i = 0; i < k; i++) {
        VoteErr e = {VM_OK, NULL, NULL};
        int64_t id = -1;
        print_message("case %d\n", i);
        assert_false(vote_create(&c, &cases[i], &id, &e));
        assert_int_equal(e.msg, want[i]);
        assert_string_equal(e.field ? e.field : "NULL", field[i]);
    }
    int64_t after = 0;
    assert_true(db_int(g_db, &after, "SELECT COUNT(*) FROM vote"));
    assert_int_equal(after, before); /* a refused draft writes nothing */
}

static void a_draft_opens_closes_and_refuses_outsiders(void **state)
{
    (void)state;
    Ctx c = ctx();
    VoteErr e = {VM_OK, NULL, NULL};
    /* an owners' vote on a scope whose register has no flat */
    VoteNew in = {.node_id = 2, .node_path = "/1/2/", .title = "维修资金", .kind = "art278", .has_matter = true,
                  .matter = 5};
    int64_t id = 0;
    assert_true(db_begin(g_db, true));
    assert_true(vote_create(&c, &in, &id, &e));
    assert_true(id > 0);
    int64_t audited = 0;
    assert_true(db_int(g_db, &audited, "SELECT COUNT(*) FROM audit_event WHERE entity = 'vote' AND entity_id = ? "
                                       "AND action = 'create'",
                       DB_I(id)));
    assert_int_equal(audited, 1);
    VoteRow v;
    assert_true(vote_load(g_db, g_arena, id, &v));
    assert_string_equal(v.status, "draft");
    assert_string_equal(v.node_path, "/1/2/");
    assert_string_equal(v.electorate, "owners");

    assert_false(vote_open(&c, &v, 0, NULL, &e));
    assert_int_equal(e.msg, VM_REGISTER_EMPTY);
    assert_string_equal(e.field, "incomplete_register_reason");
    assert_true(vote_open(&c, &v, 0, "登记簿整理中，先行表决", &e));
    assert_true(vote_load(g_db, g_arena, id, &v));
    assert_string_equal(v.status, "open");
    assert_false(vote_open(&c, &v, 0, NULL, &e));
    assert_int_equal(e.msg, VM_NOT_DRAFT);

    /* staff own no flat: not in the electorate */
    VoteBallot b;
    assert_false(vote_ballot_cast(&c, &v, "yes", NULL, 0, &b, &e));
    assert_int_equal(e.msg, VM_NOT_IN_ELECTORATE);

    assert_true(vote_finish(&c, &v, &e));
    assert_true(vote_load(g_db, g_arena, id, &v));
    assert_string_equal(v.status, "closed");
    assert_true(v.notice_id > 0); /* the result is published */
    assert_false(vote_finish(&c, &v, &e));
    assert_int_equal(e.msg, VM_NOT_OPEN_TO_CLOSE);
    assert_true(db_commit(g_db));
}

/* The list of votes (vote_lines): open first, then drafts, then closed,
 * each newest first, only those on a place the principal may read; the
 * households a paper ballot may still be entered for (vote_paper_homes):
 * the scope's, by address, without those that have a ballot. */
static void the_list_and_the_paper_desk_read_through_the_grid(void **state)
{
    (void)state;
    Ctx c = ctx();
    VoteErr e = {VM_OK, NULL, NULL};
    assert_true(db_begin(g_db, true));
    /* one building of compound /1/2/ with three households; one elsewhere */
    assert_true(db_exec(g_db, "INSERT INTO node (id, parent_id, kind, name, path, created_at, updated_at) VALUES "
                              "(10, 2, 'building', '1栋', '/1/2/10/', 0, 0), (11, 10, 'unit', '1单元', '/1/2/10/11/', 0, 0), "
                              "(12, 11, 'household', '301', '/1/2/10/11/12/', 0, 0), "
                              "(13, 11, 'household', '101', '/1/2/10/11/13/', 0, 0), "
                              "(14, 11, 'household', '201', '/1/2/10/11/14/', 0, 0), "
                              "(20, 3, 'building', '2栋', '/1/3/20/', 0, 0), (21, 20, 'unit', '1单元', '/1/3/20/21/', 0, 0), "
                              "(22, 21, 'household', '102', '/1/3/20/21/22/', 0, 0)"));
    assert_true(db_exec(g_db, "INSERT INTO flat (id, unit_id, compound_id, door, area, created_at) VALUES "
                              "(1, 11, 2, '301', 9000, 0), (2, 11, 2, '101', 9000, 0), (3, 11, 2, '201', 9000, 0), "
                              "(4, 21, 3, '102', 9000, 0)"));
    assert_true(db_exec(g_db, "INSERT INTO household (node_id, flat_id, unit_id, building_id, compound_id, grid_id, door, "
                              "address) VALUES (12, 1, 11, 10, 2, 1, '301', '1栋1单元301'), "
                              "(13, 2, 11, 10, 2, 1, '101', '1栋1单元101'), (14, 3, 11, 10, 2, 1, '201', '1栋1单元201'), "
                              "(22, 4, 21, 20, 3, 1, '102', '2栋1单元102')"));
    VoteNew a = simple(), b = simple();
    b.node_id = 3;
    b.node_path = "/1/3/";
    int64_t draft_a = 0, draft_b = 0;
    assert_true(vote_create(&c, &a, &draft_a, &e));
    assert_true(vote_create(&c, &b, &draft_b, &e));
    VoteRow v;
    assert_true(vote_load(g_db, g_arena, draft_a, &v));
    assert_true(vote_open(&c, &v, 0, NULL, &e));
    assert_true(db_exec(g_db, "INSERT INTO ballot (vote_id, voter_key, household_id, choice, channel, counted, cast_at, "
                              "updated_at) VALUES (?, 'h14', 14, 'yes', 'paper', 0, 0, 0)",
                        DB_I(draft_a)));

    VoteLine *l;
    int n = 0;
    assert_true(vote_lines(&c, &l, &n));
    assert_int_equal(n, 3); /* and the closed one of the test before */
    assert_int_equal(l[0].id, draft_a);
    assert_string_equal(l[0].status, "open");
    assert_string_equal(l[0].node_name, "a");
    assert_int_equal(l[0].passed, -1);
    assert_int_equal(l[1].id, draft_b);
    assert_string_equal(l[1].node_path, "/1/3/");
    assert_string_equal(l[2].status, "closed");
    assert_int_equal(l[2].passed, 0);
    /* someone who reads only compound /1/3/ sees only its vote */
    Grant there = {ROLE_COMMUNITY_STAFF, 3, "/1/3/", NULL};
    Principal other = {2, "other", "Other", 1, &there, "zh"};
    Ctx oc = {g_db, g_arena, &other, NOW};
    assert_true(vote_lines(&oc, &l, &n));
    assert_int_equal(n, 1);
    assert_int_equal(l[0].id, draft_b);

    VotePaperHome *h;
    assert_true(vote_paper_homes(&c, &v, &h, &n));
    assert_int_equal(n, 2); /* 201 has its ballot; 2栋 lies outside */
    assert_int_equal(h[0].household_id, 13);
    assert_string_equal(h[0].address, "1栋1单元101");
    assert_string_equal(h[0].path, "/1/2/10/11/13/");
    assert_int_equal(h[1].household_id, 12);
    assert_true(db_commit(g_db));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(a_draft_is_refused_for_each_rule),
        cmocka_unit_test(a_draft_opens_closes_and_refuses_outsiders),
        cmocka_unit_test(the_list_and_the_paper_desk_read_through_the_grid),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
