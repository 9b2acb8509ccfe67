/* test_todo.c: what waits for a principal, as each capability answers it
 * (wo_todo, funds_todo, vote_todo), called with a Ctx and no server on a
 * real SQLite database: each kind reaches the one who must act and nobody
 * else; the inbox's order (core/todo.c); and the plans of the statements
 * they run: an index each, never a scan of the orders, payments or votes. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/todo.h"
#include "funds/funds.h"
#include "store/db.h"
#include "vote/vote.h"
#include "workorder/read.h"
#include "workorder/todo_sql.h"

#define NOW 1000000
#define HOUR 3600

static char g_dir[64];
static Db *g_db;
static Arena *g_arena;

/* the places: community /1/, grid /1/2/, compound /1/2/3/, building
 * /1/2/3/4/, household /1/2/3/4/5/; another grid /1/9/ with compound
 * /1/9/10/ */
static Grant g_grid = {ROLE_GRID_WORKER, 2, "/1/2/", NULL};
static Grant g_other_grid = {ROLE_GRID_WORKER, 9, "/1/9/", NULL};
static Grant g_committee = {ROLE_COMMITTEE, 3, "/1/2/3/", "/1/2/3/"};
static Grant g_resident = {ROLE_RESIDENT, 5, "/1/2/3/4/5/", "/1/2/3/"};
static Grant g_contractor = {ROLE_CONTRACTOR, 1, "/1/", NULL};
static Grant g_finance = {ROLE_FINANCE, 1, "/1/", NULL};
static Grant g_supervisor = {ROLE_SUPERVISOR, 1, "/1/", NULL};

static Principal P(int64_t uid, Grant *g)
{
    return (Principal){uid, "u", "u", 1, g, "zh"};
}

static int setup(void **state)
{
    (void)state;
    snprintf(g_dir, sizeof g_dir, "/tmp/gz_test_todo_XXXXXX");
    if (!mkdtemp(g_dir))
        return -1;
    char url[128], err[256];
    snprintf(url, sizeof url, "sqlite:%s/t.db", g_dir);
    g_db = db_open(url, err, sizeof err);
    if (!g_db || !db_migrate(g_db, err, sizeof err))
        return -1;
    g_arena = arena_new();
    bool ok =
        db_exec(g_db, "INSERT INTO node (id, parent_id, kind, name, path, created_at, updated_at) VALUES "
                      "(1, NULL, 'community', 'c', '/1/', 0, 0), (2, 1, 'grid', 'g', '/1/2/', 0, 0), "
                      "(3, 2, 'compound', 'a', '/1/2/3/', 0, 0), (4, 3, 'building', 'b', '/1/2/3/4/', 0, 0), "
                      "(5, 4, 'household', 'h', '/1/2/3/4/5/', 0, 0), (9, 1, 'grid', 'g9', '/1/9/', 0, 0), "
                      "(10, 9, 'compound', 'x', '/1/9/10/', 0, 0)") &&
        db_exec(g_db, "INSERT INTO org (id, kind, name, node_id, created_at) VALUES (50, 'contractor', 'w', 1, 0)") &&
        db_exec(g_db, "INSERT INTO app_user (id, username, display_name, pw_hash, org_id, created_at, updated_at) VALUES "
                      "(10, 'grid', 'g', 'x', NULL, 0, 0), (11, 'res', 'r', 'x', NULL, 0, 0), "
                      "(12, 'com', 'c', 'x', NULL, 0, 0), (13, 'fin', 'f', 'x', NULL, 0, 0), "
                      "(14, 'con', 'k', 'x', 50, 0, 0), (15, 'sup', 's', 'x', NULL, 0, 0), "
                      "(16, 'req', 'q', 'x', NULL, 0, 0)") &&
        db_exec(g_db, "INSERT INTO wo_category (id, code, name, name_en) VALUES (900, 'todo_t', '供水', 'water')") &&
        /* 101 to accept, due within the hour; 102 dispatched to org 50, due in
         * three hours; 103 overdue in progress; 104 done, to rate; 105
         * confirmed by its reporter, for the committee; 106 in the other
         * grid; 107 closed */
        db_exec(g_db,
                "INSERT INTO work_order (id, community_id, grid_id, compound_id, node_id, node_path, category_id, "
                "state, is_open, description, reporter_id, created_month, created_at, updated_at, response_due, "
                "resolve_due, next_check, overdue, done_at, confirm_minutes) VALUES "
                "(101, 1, 2, 3, 4, '/1/2/3/4/', 900, 'reported', 1, '张三家漏水', 11, 202601, 10, 10, ?, ?, ?, 0, NULL, 60), "
                "(102, 1, 2, 3, 4, '/1/2/3/4/', 900, 'dispatched', 1, 'd', 11, 202601, 20, 20, 0, ?, ?, 0, NULL, 60), "
                "(103, 1, 2, 3, 4, '/1/2/3/4/', 900, 'in_progress', 1, 'd', 11, 202601, 30, 30, 0, ?, ?, 1, NULL, 60), "
                "(104, 1, 2, 3, 4, '/1/2/3/4/', 900, 'done', 1, 'd', 11, 202601, 40, 40, 0, 0, NULL, 0, ?, 60), "
                "(105, 1, 2, 3, 4, '/1/2/3/4/', 900, 'confirmed_by_reporter', 1, 'd', 11, 202601, 50, 50, 0, 0, NULL, 0, NULL, 60), "
                "(106, 1, 9, 10, 10, '/1/9/10/', 900, 'reported', 1, 'd', 11, 202601, 60, 60, 0, 0, ?, 0, NULL, 60), "
                "(107, 1, 2, 3, 4, '/1/2/3/4/', 900, 'closed', 0, 'd', 11, 202601, 70, 70, 0, 0, NULL, 0, NULL, 60)",
                DB_I(NOW + HOUR), DB_I(NOW + 9 * HOUR), DB_I(NOW + HOUR), DB_I(NOW + 3 * HOUR), DB_I(NOW + 3 * HOUR),
                DB_I(NOW - HOUR), DB_I(NOW + 5 * HOUR), DB_I(NOW - 60), DB_I(NOW + 50 * HOUR)) &&
        db_exec(g_db, "INSERT INTO wo_assignment (order_id, org_id, is_lead, created_at) VALUES (102, 50, 1, 20)") &&
        /* payment 1 waits for everyone; 2 is signed by finance already; 3 approved */
        db_exec(g_db, "INSERT INTO fund (id, node_id, kind, name, created_at) VALUES (1, 3, 'renovation', 'f', 0)") &&
        db_exec(g_db, "INSERT INTO payment (id, fund_id, requester_id, payee, amount, purpose, category, status, "
                      "created_at, updated_at) VALUES "
                      "(1, 1, 16, 'p', 12345, '屋面防水', 'works', 'pending', 100, 100), "
                      "(2, 1, 16, 'p', 500, '外墙', 'works', 'pending', 200, 200), "
                      "(3, 1, 16, 'p', 700, '门禁', 'works', 'approved', 300, 300)") &&
        db_exec(g_db, "INSERT INTO payment_signature (payment_id, role, user_id, decision, at) VALUES "
                      "(2, 'finance', 13, 'approve', 250)") &&
        /* vote 1 past its closing time; vote 2 open with a paper ballot to confirm; 3 closed */
        db_exec(g_db, "INSERT INTO vote (id, node_id, title, kind, method, electorate, status, opens_at, closes_at, "
                      "created_at, updated_at) VALUES "
                      "(1, 3, '加装电梯', 'simple', 'yes_no', 'households', 'open', 10, ?, 0, 0), "
                      "(2, 3, '停车管理', 'simple', 'yes_no', 'households', 'open', 20, ?, 0, 0), "
                      "(3, 3, '旧表决', 'simple', 'yes_no', 'households', 'closed', 5, 6, 0, 0)",
                DB_I(NOW - 10), DB_I(NOW + 72 * HOUR)) &&
        db_exec(g_db, "INSERT INTO ballot (vote_id, voter_key, household_id, choice, channel, counted, cast_at, "
                      "updated_at) VALUES (2, 'h:5', 5, 'yes', 'paper', 0, 30, 30)");
    if (!ok)
        fprintf(stderr, "setup: %s\n", db_errmsg(g_db));
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

typedef bool (*TodoFn)(const Ctx *, TodoList *, bool *);

/* The list fn gives who, and whether it says it left some out. */
static TodoList run(TodoFn fn, const Principal *who)
{
    Ctx c = {g_db, g_arena, who, NOW};
    TodoList l;
    todo_init(&l, g_arena);
    bool capped = true;
    assert_true(fn(&c, &l, &capped));
    assert_false(capped);
    todo_sort(&l);
    return l;
}

static void wo_each_kind_reaches_who_must_act(void **state)
{
    (void)state;
    Principal grid = P(10, &g_grid);
    TodoList l = run(wo_todo, &grid);
    /* 101 to accept; 103 late (overdue) and 102 about to be (in three hours) */
    assert_int_equal(l.n, 3);
    assert_int_equal(todo_count(&l, "wo_handle"), 1);
    assert_int_equal(todo_count(&l, "wo_late"), 2);
    assert_string_equal(l.items[0].link, "/workorders/103"); /* overdue first */
    assert_int_equal(l.items[0].urgency, TODO_OVERDUE);
    assert_string_equal(l.items[1].link, "/workorders/101"); /* then the nearest deadline */
    assert_string_equal(l.items[1].kind, "wo_handle");
    assert_int_equal(l.items[1].urgency, TODO_SOON);
    assert_string_equal(l.items[2].link, "/workorders/102");
    assert_null(strstr(l.items[1].title, "张三")); /* the description never shows */
    assert_non_null(strstr(l.items[1].title, "供水"));

    Principal other = P(10, &g_other_grid);
    l = run(wo_todo, &other);
    assert_int_equal(l.n, 1);
    assert_string_equal(l.items[0].link, "/workorders/106");

    Principal con = P(14, &g_contractor);
    l = run(wo_todo, &con);
    assert_int_equal(l.n, 1);
    assert_string_equal(l.items[0].kind, "wo_handle");
    assert_string_equal(l.items[0].link, "/workorders/102");

    Principal com = P(12, &g_committee);
    l = run(wo_todo, &com);
    assert_int_equal(l.n, 1);
    assert_string_equal(l.items[0].kind, "wo_confirm");
    assert_string_equal(l.items[0].link, "/workorders/105");

    Principal res = P(11, &g_resident);
    l = run(wo_todo, &res);
    assert_int_equal(l.n, 1);
    assert_string_equal(l.items[0].kind, "wo_rate");
    assert_string_equal(l.items[0].link, "/workorders/104");
    assert_int_equal(l.items[0].due, NOW - 60 + 60 * 60); /* done_at + the confirm window */

    Principal fin = P(13, &g_finance);
    l = run(wo_todo, &fin);
    assert_int_equal(l.n, 0);
    l = run(wo_todo, NULL); /* the system waits for nothing */
    assert_int_equal(l.n, 0);
}

static void funds_lists_what_each_signatory_may_sign_now(void **state)
{
    (void)state;
    Principal fin = P(13, &g_finance);
    TodoList l = run(funds_todo, &fin);
    assert_int_equal(l.n, 1); /* payment 2 carries finance's signature already */
    assert_string_equal(l.items[0].kind, "payment_sign");
    assert_string_equal(l.items[0].link, "/payments/1");
    assert_non_null(strstr(l.items[0].title, "屋面防水"));

    Principal sup = P(15, &g_supervisor);
    l = run(funds_todo, &sup);
    assert_int_equal(l.n, 2);
    assert_string_equal(l.items[0].link, "/payments/2"); /* the newest first */
    assert_string_equal(l.items[1].link, "/payments/1");

    Principal com = P(12, &g_committee);
    l = run(funds_todo, &com);
    assert_int_equal(l.n, 2);

    Principal con = P(14, &g_contractor);
    l = run(funds_todo, &con);
    assert_int_equal(l.n, 0);
    Principal res = P(11, &g_resident);
    l = run(funds_todo, &res);
    assert_int_equal(l.n, 0);
}

static void votes_to_close_and_paper_ballots_to_confirm(void **state)
{
    (void)state;
    Principal com = P(12, &g_committee);
    TodoList l = run(vote_todo, &com);
    assert_int_equal(l.n, 2);
    assert_string_equal(l.items[0].kind, "vote_close");
    assert_string_equal(l.items[0].link, "/votes/1");
    assert_int_equal(l.items[0].urgency, TODO_OVERDUE);
    assert_string_equal(l.items[1].kind, "vote_paper");
    assert_string_equal(l.items[1].link, "/votes/2");

    /* a resident with no person on the register holds no voice in either */
    Principal res = P(11, &g_resident);
    l = run(vote_todo, &res);
    assert_int_equal(l.n, 0);
    Principal fin = P(13, &g_finance);
    l = run(vote_todo, &fin);
    assert_int_equal(l.n, 0);
}

static void the_inbox_order(void **state)
{
    (void)state;
    TodoList l;
    todo_init(&l, g_arena);
    todo_add(&l, "a", "no deadline, newer", "/a/1", 0, 50, TODO_NORMAL);
    todo_add(&l, "a", "no deadline, older", "/a/2", 0, 10, TODO_NORMAL);
    todo_add(&l, "a", "later", "/a/3", NOW + 90 * HOUR, 1, todo_urgency(NOW + 90 * HOUR, NOW));
    todo_add(&l, "a", "soon", "/a/4", NOW + HOUR, 1, todo_urgency(NOW + HOUR, NOW));
    todo_add(&l, "a", "late", "/a/5", NOW - 1, 1, todo_urgency(NOW - 1, NOW));
    todo_sort(&l);
    const char *want[] = {"/a/5", "/a/4", "/a/3", "/a/1", "/a/2"};
    for (int i = 0; i < 5; i++)
        assert_string_equal(l.items[i].link, want[i]);
    assert_int_equal(todo_urgency(NOW, NOW), TODO_OVERDUE);
    assert_int_equal(todo_urgency(NOW + 24 * HOUR, NOW), TODO_SOON);
    assert_int_equal(todo_urgency(NOW + 24 * HOUR + 1, NOW), TODO_NORMAL);
    assert_int_equal(todo_urgency(0, NOW), TODO_NORMAL);
}

/* ---- plans ---------------------------------------------------------------- */

/* The plan's lines joined by " | ". */
static char *plan_of(const char *sql)
{
    static char out[2048];
    static DbArg nulls[32];
    char q[4096];
    snprintf(q, sizeof q, "EXPLAIN QUERY PLAN %s", sql);
    int n = 0;
    for (const char *c = sql; *c; c++)
        n += *c == '?';
    for (int i = 0; i < n; i++)
        nulls[i] = DB_NULL;
    nulls[n] = DB_END;
    out[0] = '\0';
    DbStmt *st = db_query_args(g_db, q, nulls);
    while (db_step(st) == DB_ROW) {
        size_t len = strlen(out);
        snprintf(out + len, sizeof out - len, "%s | ", db_col_text(st, 3));
    }
    assert_true(db_done(st));
    return out;
}

/* sql reads table (alias) through index, and never scans it whole. */
static void uses(const char *sql, const char *alias, const char *index)
{
    const char *p = plan_of(sql);
    char want[128], scan[64];
    snprintf(want, sizeof want, "%s USING", alias);
    snprintf(scan, sizeof scan, "SCAN %s |", alias);
    if (!strstr(p, index) || strstr(p, scan))
        fail_msg("plan of %s: %s (wants %s)", sql, p, index);
    assert_non_null(strstr(p, want));
}

static void the_reads_walk_indexes(void **state)
{
    (void)state;
    uses(WO_TODO_DISPATCH, "o", "work_order_state");
    uses(WO_TODO_SOON, "o", "work_order_next_check");
    /* the open orders' partial index: the open are few, the overdue keep their flag once closed */
    uses(WO_TODO_OVERDUE, "o", "work_order_open");
    uses(WO_TODO_HANDLE, "a", "wo_assignment_org");
    uses(WO_TODO_COMMITTEE, "o", "work_order_state");
    uses(WO_TODO_RATE, "o", "work_order_reporter");
    /* the funds are a few per compound; each one's pending payments come from its index */
    uses(FUNDS_TODO_PENDING, "p", "payment_fund");
    uses(VOTE_TODO_OPEN, "vote", "vote_due");
    /* held meetings in start order from their status index, never a sort */
    uses(VOTE_TODO_MINUTES, "meeting", "meeting_status");
    assert_null(strstr(plan_of(VOTE_TODO_MINUTES), "TEMP B-TREE"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(wo_each_kind_reaches_who_must_act),
        cmocka_unit_test(funds_lists_what_each_signatory_may_sign_now),
        cmocka_unit_test(votes_to_close_and_paper_ballots_to_confirm),
        cmocka_unit_test(the_inbox_order),
        cmocka_unit_test(the_reads_walk_indexes),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
