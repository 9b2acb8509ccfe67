/* ops.c: operational endpoints: health check, and the movable clock that
 * test servers (--test-clock) expose so expiry and deadlines are tested
 * without sleeping. */
#include "ops.h"

#include "auth/audit.h"
#include "site/site.h"
#include "core/clock.h"
#include "core/config.h"
#include "http/jsonin.h"
#include "safety/safety.h"
#include "project/project.h"
#include "vote/vote.h"
#include "workorder/workorder.h"

#include <sodium.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "http/metrics.h"
#include "notify/notify.h"

/* 1 while this process holds the timers' leadership (see jobs_main). */
static int g_leader;
static int64_t g_started_at;

static bool is_leader(void)
{
    return __atomic_load_n(&g_leader, __ATOMIC_RELAXED) != 0;
}

void api_health(Req *r)
{
    /* one statement proves the database answers; a load balancer drops a
     * server whose database is gone */
    int64_t one = 0;
    bool db_ok = db_int(r->db, &one, "SELECT 1") && one == 1;
    if (!db_ok) {
        reply_error(r, 503, "busy", NULL, "数据库暂时无法连接", "The database does not answer");
        return;
    }
    resp_json(r);
    buf_printf(&r->out, "{\"ok\":true,\"schema\":%d,\"schema_latest\":%d,\"leader\":%s,\"version\":%j}",
               db_schema_version(r->db), db_schema_latest(), is_leader() ? "true" : "false", GZ_VERSION);
}

void api_metrics(Req *r)
{
    const char *token = g_config ? g_config->metrics_token : "";
    if (!token || !token[0]) {
        reply_not_found(r);
        return;
    }
    const char *auth = req_header(r, "authorization");
    size_t tl = strlen(token);
    bool ok = auth && strncmp(auth, "Bearer ", 7) == 0 && strlen(auth + 7) == tl &&
              sodium_memcmp(auth + 7, token, tl) == 0;
    if (!ok) {
        reply_error(r, 401, "login_required", NULL, "需要监控令牌", "A metrics token is required");
        return;
    }
    /* the backlogs an operator alerts on: read first, so a database that
     * fails them answers 503 rather than a page with holes */
    int64_t now = clock_now(), events_queued = 0, pending = 0, failed = 0, wo_overdue = 0, hz_overdue = 0,
            defects_overdue = 0;
    if (!notify_backlog(r->db, &events_queued, &pending, &failed) || !workorder_overdue_count(r->db, &wo_overdue) ||
        !safety_overdue_count(r->db, now, &hz_overdue) || !project_defect_overdue_count(r->db, now, &defects_overdue)) {
        reply_error(r, 503, "busy", NULL, "数据库暂时无法连接", "The database does not answer");
        return;
    }
    r->content_type_out = "text/plain; version=0.0.4; charset=utf-8";
    metrics_write(&r->out);
    buf_printf(&r->out,
               "# HELP gz_notify_events_queued Events not yet fanned out to the bots.\n"
               "# TYPE gz_notify_events_queued gauge\ngz_notify_events_queued %lld\n"
               "# HELP gz_outbox_messages Bot messages in the outbox by state.\n"
               "# TYPE gz_outbox_messages gauge\n"
               "gz_outbox_messages{state=\"pending\"} %lld\ngz_outbox_messages{state=\"failed\"} %lld\n"
               "# HELP gz_overdue Open items past their deadline.\n"
               "# TYPE gz_overdue gauge\n"
               "gz_overdue{kind=\"workorder\"} %lld\ngz_overdue{kind=\"hazard\"} %lld\n"
               "gz_overdue{kind=\"project_defect\"} %lld\n",
               (long long)events_queued, (long long)pending, (long long)failed, (long long)wo_overdue,
               (long long)hz_overdue, (long long)defects_overdue);
    DbGroupStats g = db_group_stats();
    buf_printf(&r->out,
               "# HELP gz_leader 1 while this server runs the timers (sweeps, vote closing, sending).\n"
               "# TYPE gz_leader gauge\ngz_leader %d\n"
               "# HELP gz_uptime_seconds Seconds since the server started.\n"
               "# TYPE gz_uptime_seconds gauge\ngz_uptime_seconds %lld\n"
               "# HELP gz_schema_version The database's schema version.\n"
               "# TYPE gz_schema_version gauge\ngz_schema_version %d\n"
               "# HELP gz_group_commit_queued Writes waiting for the group commit.\n"
               "# TYPE gz_group_commit_queued gauge\ngz_group_commit_queued %d\n"
               "# HELP gz_group_commit_batches_total Commits the group writer made.\n"
               "# TYPE gz_group_commit_batches_total counter\ngz_group_commit_batches_total %lld\n",
               is_leader() ? 1 : 0, (long long)(time(NULL) - g_started_at), db_schema_version(r->db), g.queued,
               (long long)g.batches);
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
#include "notify/sender.h"
#include "device/device.h"
#include "life/life.h"


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

static bool job_device_silent(Db *db)
{
    Arena *a = arena_new();
    Ctx c = {.db = db, .arena = a, .now = clock_now()};
    int n = 0;
    bool ok = device_silent_sweep(&c, &n);
    arena_free(a);
    if (ok && n > 0) log_info("%d devices silent: alerts sent", n);
    return ok;
}

static bool job_project_defect_sweep(Db *db)
{
    int n = 0;
    if (!project_defect_sweep(db, clock_now(), &n)) return false;
    if (n > 0) log_info("escalated %d overdue project defects", n);
    return true;
}

/* the reading corner: overdue loans are reminded once, through notify */
static bool job_library_remind(Db *db)
{
    Arena *a = arena_new();
    Ctx c = {.db = db, .arena = a, .now = clock_now()};
    int n = 0;
    LifeErr e;
    bool ok = life_loans_remind(&c, &n, &e);
    arena_free(a);
    if (ok && n > 0) log_info("reminded %d overdue loans", n);
    return ok;
}

typedef struct Job {
    const char *name;
    bool (*run)(Db *db);
} Job;

/* the hazard register: open hazards past their grade's deadline escalate */
static bool job_safety_sweep(Db *db)
{
    int n = 0;
    if (!safety_sweep(db, clock_now(), &n)) return false;
    if (n > 0) log_info("escalated %d overdue hazards", n);
    return true;
}

static const Job jobs[] = {
    {"workorder_sweep", job_workorder_sweep},
    {"vote_close_due", job_vote_close_due},
    {"safety_sweep", job_safety_sweep},
    {"device_silent", job_device_silent},
    {"project_defect_sweep", job_project_defect_sweep},
    {"library_remind", job_library_remind},
};

static pthread_t jobs_thread;
static bool jobs_running;
static pthread_mutex_t jobs_mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t jobs_cv = PTHREAD_COND_INITIALIZER;
static bool jobs_quit;
static char *jobs_db_url;
static int jobs_period_seconds = 60;

/* The timers' leadership. On PostgreSQL several servers share one database:
 * only the holder of this session-level advisory lock runs the jobs, and
 * when its process dies PostgreSQL ends its session and frees the lock, so
 * another server takes over at its next round. Each round asks pg_locks
 * whether the lock is still held by this connection, so a connection that
 * was lost and reopened does not believe it still leads. SQLite: one
 * server per database file, always the leader. */
#define LEADER_LOCK_KEY 73570001

static bool lead(Db *db)
{
    if (db_kind(db) != DB_POSTGRES)
        return true;
    int64_t held = 0;
    if (!db_int(db, &held,
                "SELECT COUNT(*) FROM pg_locks WHERE locktype = 'advisory' AND pid = pg_backend_pid() "
                "AND classid = 0 AND objid = ? AND objsubid = 1 AND granted",
                DB_I(LEADER_LOCK_KEY)))
        return false;
    if (held > 0)
        return true;
    int64_t got = 0;
    return db_int(db, &got, "SELECT CASE WHEN pg_try_advisory_lock(?) THEN 1 ELSE 0 END",
                  DB_I(LEADER_LOCK_KEY)) &&
           got == 1;
}

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
        bool leading = lead(db);
        if (leading != is_leader())
            log_info("timers: this server %s", leading ? "now leads" : "no longer leads");
        __atomic_store_n(&g_leader, leading ? 1 : 0, __ATOMIC_RELAXED);
        for (size_t i = 0; leading && i < sizeof jobs / sizeof jobs[0]; i++) {
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
    jobs_period_seconds = cfg->jobs_period > 0 ? cfg->jobs_period : 60;
    g_started_at = time(NULL);
    if (!jobs_db_url || pthread_create(&jobs_thread, NULL, jobs_main, NULL) != 0) {
        free(jobs_db_url);
        jobs_db_url = NULL;
        return false;
    }
    jobs_running = true;
    /* the notify sender: links back to GONGZHI_PUBLIC_URL; bots on loopback only on test servers */
    const char *base = getenv("GONGZHI_PUBLIC_URL");
    char local[300];
    snprintf(local, sizeof local, "http://%s", cfg->listen);
    if (!notify_sender_start(cfg->db_url, base && *base ? base : local, cfg->test_clock, is_leader))
        log_error("the notify sender did not start");
    return true;
}

void jobs_stop(void)
{
    notify_sender_stop();
    if (!jobs_running) return;
    pthread_mutex_lock(&jobs_mu);
    jobs_quit = true;
    pthread_cond_signal(&jobs_cv);
    pthread_mutex_unlock(&jobs_mu);
    pthread_join(jobs_thread, NULL);
    jobs_running = false;
    __atomic_store_n(&g_leader, 0, __ATOMIC_RELAXED);
    free(jobs_db_url);
    jobs_db_url = NULL;
}
