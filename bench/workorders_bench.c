/* workorders_bench.c: the bench-only helper of bench/workorders.sh, straight on SQLite (no gongzhi code):
 *
 *   workorders_bench loop DB N   inserts N work orders one transaction each, with the server's durability
 *                                settings (WAL, synchronous=FULL): the baseline for creating orders over HTTP
 *   workorders_bench fill DB N   adds N work orders in large transactions, spread over the demo's compounds
 *                                and buildings like real reports (about 4% open), for the listing benchmark
 *
 * DB is a path to a demo database (it must hold the community and the categories). Prints one line of
 * JSON with the figures. */
#include <sqlite3.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static double now_s(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static void die(sqlite3 *db, const char *what)
{
    fprintf(stderr, "workorders_bench: %s: %s\n", what, db ? sqlite3_errmsg(db) : "");
    exit(1);
}

static void exec(sqlite3 *db, const char *sql)
{
    char *err = NULL;
    if (sqlite3_exec(db, sql, NULL, NULL, &err) != SQLITE_OK) {
        fprintf(stderr, "workorders_bench: %s: %s\n", sql, err ? err : "");
        exit(1);
    }
}

typedef struct Place {
    int64_t node, compound, grid, community;
    char path[96];
} Place;

/* Every building of every compound (and the compounds themselves), with their grid and community. */
static Place *load_places(sqlite3 *db, int *n)
{
    sqlite3_stmt *st;
    const char *sql =
        "SELECT n.id, c.id, c.path, n.path FROM node n JOIN node c ON (n.kind = 'building' AND c.id = n.parent_id) "
        "OR (n.kind = 'compound' AND c.id = n.id) WHERE c.kind = 'compound' ORDER BY n.id";
    if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
        die(db, "prepare places");
    int cap = 512;
    Place *p = malloc(sizeof *p * (size_t)cap);
    *n = 0;
    while (sqlite3_step(st) == SQLITE_ROW && *n < cap) {
        Place *x = &p[(*n)++];
        x->node = sqlite3_column_int64(st, 0);
        x->compound = sqlite3_column_int64(st, 1);
        const char *cpath = (const char *)sqlite3_column_text(st, 2);
        snprintf(x->path, sizeof x->path, "%s", (const char *)sqlite3_column_text(st, 3));
        long long ids[8] = {0};
        int k = 0;
        for (const char *q = cpath; *q == '/' && k < 8;) {
            char *e;
            ids[k++] = strtoll(q + 1, &e, 10);
            if (*e != '/')
                break;
            q = e;
        }
        x->community = ids[1];
        x->grid = ids[2];
    }
    sqlite3_finalize(st);
    if (*n == 0)
        die(db, "no compounds: is this a demo database?");
    return p;
}

static const char *INSERT =
    "INSERT INTO work_order (community_id, grid_id, compound_id, node_id, node_path, category_id, class, state, "
    "is_open, description, place_text, channel, reporter_id, created_month, created_at, updated_at, accepted_at, "
    "done_at, closed_at, response_due, resolve_due, confirm_minutes, next_check, rating) "
    "VALUES (?, ?, ?, ?, ?, ?, 'routine', ?, ?, ?, '', 'app', NULL, ?, ?, ?, ?, ?, ?, ?, ?, 10080, ?, ?)";

static void bind_order(sqlite3_stmt *st, const Place *p, int64_t cat, int open, int64_t t, uint64_t r)
{
    int i = 1;
    sqlite3_bind_int64(st, i++, p->community);
    sqlite3_bind_int64(st, i++, p->grid);
    sqlite3_bind_int64(st, i++, p->compound);
    sqlite3_bind_int64(st, i++, p->node);
    sqlite3_bind_text(st, i++, p->path, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, i++, cat);
    sqlite3_bind_text(st, i++, open ? "dispatched" : "closed", -1, SQLITE_STATIC);
    sqlite3_bind_int(st, i++, open);
    sqlite3_bind_text(st, i++, "楼道顶上渗水，下雨天更明显", -1, SQLITE_STATIC);
    time_t tt = (time_t)(t + 8 * 3600);
    struct tm tm;
    gmtime_r(&tt, &tm);
    sqlite3_bind_int(st, i++, (tm.tm_year + 1900) * 100 + tm.tm_mon + 1);
    sqlite3_bind_int64(st, i++, t);
    sqlite3_bind_int64(st, i++, t + 3600);
    sqlite3_bind_int64(st, i++, t + 1800);
    if (open) {
        sqlite3_bind_null(st, i++);
        sqlite3_bind_null(st, i++);
    } else {
        sqlite3_bind_int64(st, i++, t + 86400);
        sqlite3_bind_int64(st, i++, t + 2 * 86400);
    }
    sqlite3_bind_int64(st, i++, t + 86400);
    sqlite3_bind_int64(st, i++, t + 7 * 86400);
    if (open)
        sqlite3_bind_int64(st, i++, t + 7 * 86400);
    else
        sqlite3_bind_null(st, i++);
    if (open)
        sqlite3_bind_null(st, i++);
    else
        sqlite3_bind_int(st, i++, (int)(1 + r % 5));
}

int main(int argc, char **argv)
{
    if (argc != 4 || (strcmp(argv[1], "loop") != 0 && strcmp(argv[1], "fill") != 0)) {
        fprintf(stderr, "usage: workorders_bench loop|fill DB N\n");
        return 2;
    }
    long n = atol(argv[3]);
    sqlite3 *db;
    if (sqlite3_open(argv[2], &db) != SQLITE_OK)
        die(db, "open");
    /* the server's settings (src/store/sqlite.c) */
    exec(db, "PRAGMA journal_mode = WAL");
    exec(db, "PRAGMA synchronous = FULL");
    exec(db, "PRAGMA foreign_keys = ON");
    exec(db, "PRAGMA busy_timeout = 5000");
    char *indexes[32];
    int n_indexes = 0;
    if (strcmp(argv[1], "fill") == 0) {
        /* Filling is setup, not the thing measured: a big cache, no fsync, and the table's indexes
         * dropped and rebuilt afterwards (a sort instead of a million random B-tree inserts) make it
         * minutes faster. The same CREATE INDEX statements come back from sqlite_master. */
        exec(db, "PRAGMA synchronous = OFF");
        exec(db, "PRAGMA cache_size = -400000");
        exec(db, "PRAGMA foreign_keys = OFF"); /* the ids come from the database itself */
        sqlite3_stmt *ix;
        if (sqlite3_prepare_v2(db,
                               "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'work_order' "
                               "AND sql IS NOT NULL",
                               -1, &ix, NULL) != SQLITE_OK)
            die(db, "list indexes");
        char names[32][64];
        while (sqlite3_step(ix) == SQLITE_ROW && n_indexes < 32) {
            snprintf(names[n_indexes], sizeof names[0], "%s", (const char *)sqlite3_column_text(ix, 0));
            indexes[n_indexes++] = strdup((const char *)sqlite3_column_text(ix, 1));
        }
        sqlite3_finalize(ix);
        for (int i = 0; i < n_indexes; i++) {
            char *drop = sqlite3_mprintf("DROP INDEX \"%w\"", names[i]);
            exec(db, drop);
            sqlite3_free(drop);
        }
    }
    int np;
    Place *places = load_places(db, &np);
    sqlite3_stmt *cat;
    if (sqlite3_prepare_v2(db, "SELECT id FROM wo_category WHERE code = 'leak'", -1, &cat, NULL) != SQLITE_OK ||
        sqlite3_step(cat) != SQLITE_ROW)
        die(db, "category");
    int64_t leak = sqlite3_column_int64(cat, 0);
    sqlite3_finalize(cat);
    sqlite3_stmt *ins;
    if (sqlite3_prepare_v2(db, INSERT, -1, &ins, NULL) != SQLITE_OK)
        die(db, "prepare insert");
    uint64_t r = 0x9E3779B97F4A7C15ULL;
    int64_t t0 = (int64_t)time(NULL) - 5 * 365 * 86400;
    double start = now_s();
    bool loop = strcmp(argv[1], "loop") == 0;
    for (long i = 0; i < n; i++) {
        r ^= r << 13;
        r ^= r >> 7;
        r ^= r << 17;
        if (loop || i % 10000 == 0) {
            if (i && !loop)
                exec(db, "COMMIT");
            exec(db, "BEGIN IMMEDIATE");
        }
        const Place *p = &places[r % (uint64_t)np];
        int open = loop || (r >> 20) % 100 < 4;
        bind_order(ins, p, leak, open, t0 + (int64_t)(i * (5LL * 365 * 86400) / (n > 0 ? n : 1)), r >> 8);
        if (sqlite3_step(ins) != SQLITE_DONE)
            die(db, "insert");
        sqlite3_reset(ins);
        if (loop)
            exec(db, "COMMIT");
    }
    if (!loop && n > 0)
        exec(db, "COMMIT");
    for (int i = 0; i < n_indexes; i++) {
        exec(db, indexes[i]);
        free(indexes[i]);
    }
    double secs = now_s() - start;
    sqlite3_finalize(ins);
    free(places);
    sqlite3_close(db);
    printf("{\"mode\":\"%s\",\"rows\":%ld,\"seconds\":%.3f,\"rows_per_second\":%.1f}\n", argv[1], n, secs,
           secs > 0 ? (double)n / secs : 0.0);
    return 0;
}
