/* plans.h: what the query-plan tests (test_*_plans.c) share: a migrated
 * SQLite database in a temporary directory and the plan of a statement
 * (EXPLAIN QUERY PLAN with every parameter NULL: a plan is made before
 * values), its lines joined by " | ". Include after cmocka.h. */
#ifndef GZ_TEST_PLANS_H
#define GZ_TEST_PLANS_H

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "store/db.h"

static char g_dir[64];
static Db *g_db;

static int plans_setup(void **state)
{
    (void)state;
    snprintf(g_dir, sizeof g_dir, "/tmp/gz-plans-XXXXXX");
    if (!mkdtemp(g_dir))
        return -1;
    char url[160], err[256] = "";
    snprintf(url, sizeof url, "sqlite:%s/plans.db", g_dir);
    g_db = db_open(url, err, sizeof err);
    if (!g_db || !db_migrate(g_db, err, sizeof err)) {
        fprintf(stderr, "open/migrate: %s\n", err);
        return -1;
    }
    return 0;
}

static int plans_teardown(void **state)
{
    (void)state;
    db_close(g_db);
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf %s", g_dir);
    return system(cmd) == 0 ? 0 : -1;
}

static void plan_lines(DbStmt *st, char *out, size_t cap)
{
    out[0] = '\0';
    while (db_step(st) == DB_ROW) {
        size_t n = strlen(out);
        snprintf(out + n, cap - n, "%s | ", db_col_text(st, 3));
    }
    if (!db_done(st))
        fail_msg("%s", db_errmsg(g_db));
}

static DbStmt *plan_explain(const char *sql)
{
    static DbArg nulls[64];
    int n = 0;
    for (const char *c = sql; *c; c++)
        n += *c == '?';
    assert_true(n < 64);
    for (int i = 0; i < n; i++)
        nulls[i] = DB_NULL;
    nulls[n] = DB_END;
    return db_query_args(g_db, sql, nulls);
}

#define PLAN(out, sql) plan_lines(plan_explain("EXPLAIN QUERY PLAN " sql), (out), sizeof(out))

/* Whether a plan scans a table: "SCAN t" is a capped count's subquery,
 * read as it is made, and no table. */
static bool plan_scans(const char *p)
{
    for (const char *s = strstr(p, "SCAN "); s; s = strstr(s + 1, "SCAN "))
        if (strncmp(s, "SCAN t |", 8) != 0)
            return true;
    return false;
}

/* A page's plan: the index named, no scan of a table, no sort. */
#define ASSERT_PAGE_PLAN(sql, index_text)                       \
    do {                                                        \
        char p_[4096];                                          \
        PLAN(p_, sql);                                          \
        if (!strstr(p_, index_text))                            \
            fail_msg("%s\nwants: %s", p_, index_text);          \
        if (plan_scans(p_) || strstr(p_, "TEMP B-TREE"))        \
            fail_msg("scan or sort: %s", p_);                   \
    } while (0)

#endif
