/* ops.c: operational endpoints: health check, and the movable clock that
 * test servers (--test-clock) expose so expiry and deadlines are tested
 * without sleeping. */
#include "ops.h"

#include "auth/audit.h"
#include "site/site.h"
#include "core/clock.h"
#include "core/config.h"
#include "http/jsonin.h"
#include "project/project.h"
#include "vote/vote.h"
#include "workorder/workorder.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

void api_health(Req *r)
{
    resp_json(r);
    buf_printf(&r->out, "{\"ok\":true,\"schema\":%d}", db_schema_version(r->db));
}

void api_debug_clock(Req *r)
{
    if (!auth_require_or_reply(r, PERM_USER_ADMIN, NULL)) return;
    if (!g_config->test_clock) {
        reply_not_found(r);
        return;
    }
    json_t *body = req_json_object_or_reply(r);
    if (!body) return;
    static const JsonField spec[] = {
        {"shift_seconds", JF_INT, JF_REQUIRED, 0, 10LL * 366 * 86400},
        {NULL, 0, 0, 0, 0},
    };
    JsonValue v[1];
    if (!json_fields_or_reply(r, body, spec, v)) return;
    clock_shift(v[0].i);
    char after[64];
    snprintf(after, sizeof after, "{\"shift_seconds\":%lld}", (long long)v[0].i);
    if (!audit_append(r->db, r->who->user_id, "clock", 0, "shift", NULL, after)) {
        reply_error(r, 500, "internal", NULL, "记录审计日志失败", "Could not write the audit log");
        return;
    }
    resp_json(r);
    buf_printf(&r->out, "{\"now\":%lld,\"offset\":%lld}", (long long)clock_now(), (long long)clock_offset());
}

/* ---- background jobs ---- */

#include <pthread.h>
#include <stdio.h>

#include "core/log.h"


static bool job_workorder_sweep(Db *db)
{
    int n = 0;
    if (!workorder_sweep(db, clock_now(), &n)) return false;
    if (n > 0) log_info("escalated %d overdue work orders", n);
    return true;
}

static bool job_vote_close_due(Db *db)
{
    int n = 0;
    if (!vote_close_due(db, clock_now(), 0, &n)) return false;
    if (n > 0) log_info("closed %d votes past their closing time", n);
    return true;
}

static bool job_project_defect_sweep(Db *db)
{
    int n = 0;
    if (!project_defect_sweep(db, clock_now(), &n)) return false;
    if (n > 0) log_info("escalated %d overdue project defects", n);
    return true;
}

typedef struct Job {
    const char *name;
    bool (*run)(Db *db);
} Job;

static const Job jobs[] = {
    {"workorder_sweep", job_workorder_sweep},
    {"vote_close_due", job_vote_close_due},
    {"project_defect_sweep", job_project_defect_sweep},
};

static pthread_t jobs_thread;
static bool jobs_running;
static pthread_mutex_t jobs_mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t jobs_cv = PTHREAD_COND_INITIALIZER;
static bool jobs_quit;
static char *jobs_db_url;
static const int jobs_period_seconds = 60;

static void *jobs_main(void *arg)
{
    char err[256];
    Db *db = db_open(jobs_db_url, err, sizeof err);
    if (!db) {
        log_error("background jobs: cannot open the database: %s", err);
        return NULL;
    }
    pthread_mutex_lock(&jobs_mu);
    while (!jobs_quit) {
        pthread_mutex_unlock(&jobs_mu);
        for (size_t i = 0; i < sizeof jobs / sizeof jobs[0]; i++) {
            if (!db_begin(db, true)) {
                log_error("background job %s: %s", jobs[i].name, db_errmsg(db));
                continue;
            }
            if (jobs[i].run(db) && db_commit(db)) continue;
            log_error("background job %s failed: %s", jobs[i].name, db_errmsg(db));
            if (db_in_transaction(db)) db_rollback(db);
        }
        pthread_mutex_lock(&jobs_mu);
        struct timespec until;
        clock_gettime(CLOCK_REALTIME, &until);
        until.tv_sec += jobs_period_seconds;
        while (!jobs_quit && pthread_cond_timedwait(&jobs_cv, &jobs_mu, &until) == 0)
            ;
    }
    pthread_mutex_unlock(&jobs_mu);
    db_close(db);
    return NULL;
}

bool jobs_start(const Config *cfg)
{
    jobs_db_url = strdup(cfg->db_url);
    jobs_quit = false;
    if (!jobs_db_url || pthread_create(&jobs_thread, NULL, jobs_main, NULL) != 0) {
        free(jobs_db_url);
        jobs_db_url = NULL;
        return false;
    }
    jobs_running = true;
    return true;
}

void jobs_stop(void)
{
    if (!jobs_running) return;
    pthread_mutex_lock(&jobs_mu);
    jobs_quit = true;
    pthread_cond_signal(&jobs_cv);
    pthread_mutex_unlock(&jobs_mu);
    pthread_join(jobs_thread, NULL);
    jobs_running = false;
    free(jobs_db_url);
    jobs_db_url = NULL;
}
