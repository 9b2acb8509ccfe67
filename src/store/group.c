/* group.c: group commit for SQLite: write requests that arrive together run
 * one after another on a single writer connection, inside one transaction,
 * and are committed by one fsync; each is answered only after that fsync.
 *
 * Why: a durable SQLite commit costs an fsync (milliseconds on a real disk),
 * and SQLite admits one writer at a time, so commits per second were capped
 * by fsyncs per second however many clients wrote. Sharing the fsync lets
 * throughput grow with clients; one client alone pays only a thread handoff.
 *
 * Each job runs inside its own savepoint: a job that fails (its handler
 * answered an error, or a statement failed) is undone alone and the batch
 * goes on. A batch whose COMMIT fails fails every job in it, and none of them
 * was acknowledged, so nothing acknowledged is ever lost. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/log.h"
#include "store/db.h"
#include "store/db_impl.h"

typedef struct GroupJob {
    DbGroupFn fn;
    void *arg;
    bool kept;       /* fn's answer, after its savepoint was released or undone */
    bool done;       /* the batch holding it has ended */
    bool committed;  /* ... and its COMMIT was durable */
    DbErrClass cls;  /* why the batch failed */
    struct GroupJob *next;
} GroupJob;

static pthread_mutex_t g_mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t g_work = PTHREAD_COND_INITIALIZER; /* a job was queued, or stop */
static pthread_cond_t g_done = PTHREAD_COND_INITIALIZER; /* a batch ended */
static GroupJob *g_head, *g_tail;
static bool g_running, g_stop;
static pthread_t g_thread;
static Db *g_db;
static int g_max_batch;
static DbGroupStats g_stats;

static GroupJob *pop_locked(void)
{
    GroupJob *j = g_head;
    if (j) {
        g_head = j->next;
        if (!g_head)
            g_tail = NULL;
        j->next = NULL;
    }
    return j;
}

/* Runs one job in its savepoint. False when the transaction cannot go on
 * (the savepoint itself failed): the batch must end now. */
static bool run_one(GroupJob *j)
{
    if (!db_exec(g_db, "SAVEPOINT gz_group_job")) {
        j->kept = false;
        return false;
    }
    bool kept = j->fn(g_db, j->arg);
    /* A statement that failed unnoticed dooms the job's writes, as it
     * dooms a transaction of its own (db_commit). */
    if (!kept || g_db->tx_failed) {
        kept = false;
        if (!db_exec(g_db, "ROLLBACK TO gz_group_job"))
            return false;
    }
    j->kept = kept;
    return db_exec(g_db, "RELEASE gz_group_job");
}

static void finish_batch(GroupJob *batch, bool committed, DbErrClass cls)
{
    pthread_mutex_lock(&g_mu);
    for (GroupJob *j = batch; j; j = j->next) {
        j->done = true;
        j->committed = committed;
        j->cls = committed ? DB_ERR_NONE : cls;
    }
    pthread_cond_broadcast(&g_done);
    pthread_mutex_unlock(&g_mu);
}

static void *writer_main(void *unused)
{
    (void)unused;
    for (;;) {
        pthread_mutex_lock(&g_mu);
        while (!g_head && !g_stop)
            pthread_cond_wait(&g_work, &g_mu);
        if (!g_head && g_stop) {
            pthread_mutex_unlock(&g_mu);
            return NULL;
        }
        GroupJob *first = pop_locked();
        pthread_mutex_unlock(&g_mu);

        GroupJob *batch = first, *last = first;
        int n = 1;
        if (!db_begin(g_db, true)) {
            finish_batch(batch, false, db_error_class(g_db));
            continue;
        }
        bool sound = run_one(first);
        /* Whoever queued while the batch ran joins it: the batch grows with
         * the load and never waits for company. */
        while (sound && n < g_max_batch) {
            pthread_mutex_lock(&g_mu);
            GroupJob *j = pop_locked();
            pthread_mutex_unlock(&g_mu);
            if (!j)
                break;
            last->next = j;
            last = j;
            n++;
            sound = run_one(j);
        }
        bool committed = sound && db_commit(g_db);
        DbErrClass cls = db_error_class(g_db);
        if (!committed) {
            if (db_in_transaction(g_db))
                db_rollback(g_db);
            log_warn("group commit of %d writes failed: %j", n, db_errmsg(g_db));
        }
        pthread_mutex_lock(&g_mu);
        g_stats.batches++;
        g_stats.jobs += (uint64_t)n;
        if (n > g_stats.largest)
            g_stats.largest = n;
        pthread_mutex_unlock(&g_mu);
        finish_batch(batch, committed, cls == DB_ERR_NONE ? DB_ERR_OTHER : cls);
    }
}

bool db_group_start(const char *url, int max_batch, char *err, size_t errlen)
{
    db_group_stop();
    if (max_batch < 1) {
        snprintf(err, errlen, "group commit needs a batch of at least one write");
        return false;
    }
    Db *db = db_open(url, err, errlen);
    if (!db)
        return false;
    if (db_kind(db) != DB_SQLITE) {
        /* PostgreSQL already shares WAL flushes between concurrent commits. */
        db_close(db);
        return true;
    }
    pthread_mutex_lock(&g_mu);
    g_db = db;
    g_max_batch = max_batch;
    g_stop = false;
    memset(&g_stats, 0, sizeof g_stats);
    int rc = pthread_create(&g_thread, NULL, writer_main, NULL);
    g_running = rc == 0;
    pthread_mutex_unlock(&g_mu);
    if (rc != 0) {
        g_db = NULL;
        db_close(db);
        snprintf(err, errlen, "cannot start the group-commit writer");
        return false;
    }
    return true;
}

void db_group_stop(void)
{
    pthread_mutex_lock(&g_mu);
    bool running = g_running;
    g_stop = true;
    pthread_cond_broadcast(&g_work);
    pthread_mutex_unlock(&g_mu);
    if (!running)
        return;
    /* The writer drains the queue before it stops: every queued job is
     * answered. */
    pthread_join(g_thread, NULL);
    pthread_mutex_lock(&g_mu);
    g_running = false;
    Db *db = g_db;
    g_db = NULL;
    pthread_mutex_unlock(&g_mu);
    db_close(db);
}

bool db_group_active(void)
{
    pthread_mutex_lock(&g_mu);
    bool on = g_running && !g_stop;
    pthread_mutex_unlock(&g_mu);
    return on;
}

DbGroupResult db_group_run(DbGroupFn fn, void *arg, DbErrClass *cls)
{
    GroupJob j = {.fn = fn, .arg = arg};
    pthread_mutex_lock(&g_mu);
    if (!g_running || g_stop) {
        pthread_mutex_unlock(&g_mu);
        *cls = DB_ERR_NONE;
        return DB_GROUP_OFF;
    }
    if (g_tail)
        g_tail->next = &j;
    else
        g_head = &j;
    g_tail = &j;
    pthread_cond_signal(&g_work);
    while (!j.done)
        pthread_cond_wait(&g_done, &g_mu);
    pthread_mutex_unlock(&g_mu);
    *cls = j.cls;
    if (!j.committed)
        return DB_GROUP_FAILED;
    return j.kept ? DB_GROUP_KEPT : DB_GROUP_UNDONE;
}

DbGroupStats db_group_stats(void)
{
    pthread_mutex_lock(&g_mu);
    DbGroupStats s = g_stats;
    s.queued = 0;
    for (GroupJob *j = g_head; j; j = j->next)
        s.queued++;
    pthread_mutex_unlock(&g_mu);
    return s;
}
