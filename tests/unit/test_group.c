/* test_group.c: group commit: writes that arrive together share one commit,
 * a failing write is undone alone, nothing is answered before its commit. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "store/db.h"

static char g_dir[64], g_url[128];
static Db *g_check; /* a second connection, to see what is committed */

static int setup(void **state)
{
    (void)state;
    snprintf(g_dir, sizeof g_dir, "/tmp/gz_test_group_XXXXXX");
    if (!mkdtemp(g_dir))
        return -1;
    snprintf(g_url, sizeof g_url, "sqlite:%s/g.db", g_dir);
    char err[256];
    g_check = db_open(g_url, err, sizeof err);
    if (!g_check || !db_exec(g_check, "CREATE TABLE t (x INTEGER NOT NULL UNIQUE)"))
        return -1;
    return db_group_start(g_url, 64, err, sizeof err) ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    db_group_stop();
    db_close(g_check);
    char p[128];
    const char *ext[] = {"", "-wal", "-shm"};
    for (int i = 0; i < 3; i++) {
        snprintf(p, sizeof p, "%s/g.db%s", g_dir, ext[i]);
        unlink(p);
    }
    rmdir(g_dir);
    return 0;
}

static int64_t rows_equal(int64_t x)
{
    int64_t n = -1;
    assert_true(db_int(g_check, &n, "SELECT COUNT(*) FROM t WHERE x = ?", DB_I(x)));
    return n;
}

typedef struct Job {
    int64_t x;
    bool keep;       /* the handler's answer */
    int wait_queued; /* hold the batch open until this many wait behind it */
    int started;     /* set when it runs on the writer */
    DbGroupResult res;
} Job;

static bool insert_job(Db *db, void *arg)
{
    Job *j = arg;
    __atomic_store_n(&j->started, 1, __ATOMIC_RELEASE);
    while (j->wait_queued && db_group_stats().queued < j->wait_queued)
        usleep(1000);
    return db_exec(db, "INSERT INTO t (x) VALUES (?)", DB_I(j->x)) && j->keep;
}

/* A handler that ignores a failed statement and answers success. */
static bool careless_job(Db *db, void *arg)
{
    Job *j = arg;
    if (!db_exec(db, "INSERT INTO t (x) VALUES (?)", DB_I(j->x))) {
        /* ignored on purpose */
    }
    return true;
}

static void *submit(void *arg)
{
    Job *j = arg;
    DbErrClass cls;
    j->res = db_group_run(insert_job, j, &cls);
    return NULL;
}

static void test_a_kept_write_is_committed_before_it_is_answered(void **state)
{
    (void)state;
    Job j = {.x = 1, .keep = true};
    submit(&j);
    assert_int_equal(j.res, DB_GROUP_KEPT);
    assert_int_equal(rows_equal(1), 1);
}

static void test_a_write_its_handler_refuses_is_undone(void **state)
{
    (void)state;
    Job j = {.x = 2, .keep = false};
    submit(&j);
    assert_int_equal(j.res, DB_GROUP_UNDONE);
    assert_int_equal(rows_equal(2), 0);
}

static void test_a_failed_statement_undoes_the_write_even_if_the_handler_says_keep(void **state)
{
    (void)state;
    /* x = 1 is taken: the insert fails, the handler ignores it */
    Job j = {.x = 1};
    DbErrClass cls;
    j.res = db_group_run(careless_job, &j, &cls);
    assert_int_equal(j.res, DB_GROUP_UNDONE);
    assert_int_equal(rows_equal(1), 1);
    /* and the next write still commits */
    Job k = {.x = 3, .keep = true};
    submit(&k);
    assert_int_equal(k.res, DB_GROUP_KEPT);
    assert_int_equal(rows_equal(3), 1);
}

static void test_writes_arriving_together_share_one_commit_and_a_failing_one_is_undone_alone(void **state)
{
    (void)state;
    enum { N = 8 };
    Job jobs[N];
    pthread_t th[N];
    DbGroupStats before = db_group_stats();
    /* The first write holds its batch open until the seven others queue. */
    jobs[0] = (Job){.x = 100, .keep = true, .wait_queued = N - 1};
    assert_int_equal(pthread_create(&th[0], NULL, submit, &jobs[0]), 0);
    while (!__atomic_load_n(&jobs[0].started, __ATOMIC_ACQUIRE))
        usleep(1000);
    for (int i = 1; i < N; i++) {
        jobs[i] = (Job){.x = 100 + i, .keep = i != 3};
        assert_int_equal(pthread_create(&th[i], NULL, submit, &jobs[i]), 0);
    }
    for (int i = 0; i < N; i++)
        pthread_join(th[i], NULL);
    DbGroupStats after = db_group_stats();
    assert_int_equal(after.batches - before.batches, 1);
    assert_int_equal(after.jobs - before.jobs, N);
    assert_int_equal(after.largest, N);
    assert_int_equal(jobs[3].res, DB_GROUP_UNDONE);
    assert_int_equal(rows_equal(103), 0);
    assert_int_equal(jobs[5].res, DB_GROUP_KEPT);
    assert_int_equal(rows_equal(105), 1);
    int64_t kept = 0;
    assert_true(db_int(g_check, &kept, "SELECT COUNT(*) FROM t WHERE x >= 100"));
    assert_int_equal(kept, N - 1);
}

static void test_after_stop_writers_run_their_own_transactions(void **state)
{
    (void)state;
    db_group_stop();
    assert_false(db_group_active());
    Job j = {.x = 9, .keep = true};
    submit(&j);
    assert_int_equal(j.res, DB_GROUP_OFF);
    assert_int_equal(rows_equal(9), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_a_kept_write_is_committed_before_it_is_answered),
        cmocka_unit_test(test_a_write_its_handler_refuses_is_undone),
        cmocka_unit_test(test_a_failed_statement_undoes_the_write_even_if_the_handler_says_keep),
        cmocka_unit_test(test_writes_arriving_together_share_one_commit_and_a_failing_one_is_undone_alone),
        cmocka_unit_test(test_after_stop_writers_run_their_own_transactions),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
