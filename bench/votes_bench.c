/* votes_bench.c: times counting an Art. 278 vote of N owners (default
 * 10,000) from the database, beside a same-run baseline: plain SQL sums over
 * the same owner and ballot rows. Prints medians in milliseconds.
 *
 *   votes_bench sqlite:/tmp/x.db [voters] [runs]   (the database must not exist yet) */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "bench_common.h"
#include "core/arena.h"
#include "grid/flat.h"
#include "store/db.h"
#include "vote/vote_int.h"

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: votes_bench DB_URL [voters] [runs]\n");
        return 2;
    }
    int voters = argc > 2 ? atoi(argv[2]) : 10000;
    int runs = argc > 3 ? atoi(argv[3]) : 31;
    if (voters < 1 || runs < 1 || runs > 1000)
        return 2;
    char err[256];
    Db *db = db_open(argv[1], err, sizeof err);
    if (!db) {
        fprintf(stderr, "votes_bench: %s\n", err);
        return 1;
    }
    if (!db_migrate(db, err, sizeof err)) {
        fprintf(stderr, "votes_bench: %s\n", err);
        return 1;
    }
    /* The fixture: one community node, `voters` unit nodes under it with a
     * flat each, one owner per flat (every 20th person owns a second flat,
     * and 50 unsold flats belong to the developer), a yes/no Art. 278 vote,
     * and a ballot from 80% of the owners. */
    double t0 = bench_now_ms();
    if (!db_begin(db, true) ||
        !db_exec(db, "INSERT INTO node (id, parent_id, kind, name, path, created_at, updated_at) "
                     "VALUES (1, NULL, 'community', 'bench', '/1/', 0, 0)"))
        return bench_die("votes_bench", db, "root");
    int units = voters + voters / 20 + 50;
    for (int i = 0; i < units; i++) {
        int64_t id = 2 + i;
        char path[48], key[32];
        snprintf(path, sizeof path, "/1/%lld/", (long long)id);
        bool developer = i >= voters + voters / 20;
        if (i < voters)
            snprintf(key, sizeof key, "owner%06d", i);
        else if (!developer)
            snprintf(key, sizeof key, "owner%06d", (i - voters) * 20); /* a second flat */
        int64_t flat = 0, owner = 0;
        bool created;
        FlatPerson person = {"x", key, NULL, NULL, NULL, NULL, 0};
        if (!db_exec(db, "INSERT INTO node (id, parent_id, kind, name, path, created_at, updated_at) "
                         "VALUES (?, 1, 'unit', ?, ?, 0, 0)",
                     DB_I(id), DB_T(key), DB_T(path)) ||
            !flat_create(db, id, 1, "1", 5000 + (i * 37) % 4000, "register", 0, &flat) ||
            !(developer ? flat_owner_developer(db, 1, "bench", 0, &owner, &created)
                        : flat_owner_person(db, &person, 0, &owner, &created)) ||
            !flat_owner_add(db, flat, owner, 0, 0, NULL))
            return bench_die("votes_bench", db, "fixture");
    }
    if (!db_exec(db, "INSERT INTO vote (id, node_id, title, kind, matter, method, electorate, status, created_at, updated_at) "
                     "VALUES (1, 1, 'bench', 'art278', 7, 'yes_no', 'owners', 'open', 0, 0)"))
        return bench_die("votes_bench", db, "vote");
    int ballots = 0;
    for (int i = 0; i < voters; i++) {
        if (i % 5 == 4)
            continue;
        char key[32];
        snprintf(key, sizeof key, "owner%06d", i);
        if (!db_exec(db, "INSERT INTO ballot (vote_id, voter_key, household_id, choice, channel, counted, cast_at, updated_at) "
                         "VALUES (1, ?, ?, ?, 'online', 1, 0, 0)",
                     DB_T(key), DB_I(2 + i), DB_T(i % 11 == 0 ? "no" : "yes")))
            return bench_die("votes_bench", db, "ballots");
        ballots++;
    }
    if (!db_commit(db))
        return bench_die("votes_bench", db, "commit");
    double fill = bench_now_ms() - t0;

    double *engine = calloc((size_t)runs, sizeof *engine), *base = calloc((size_t)runs, sizeof *base);
    Arena *a = arena_new();
    VoteTally t;
    for (int i = 0; i < runs; i++) {
        VoteRow v;
        db_begin(db, false);
        double s = bench_now_ms();
        if (!vote_load(db, a, 1, &v) || !vote_tally(db, a, &v, &t))
            return bench_die("votes_bench", db, "tally");
        engine[i] = bench_now_ms() - s;
        db_commit(db);
        arena_reset(a);
        /* the baseline: the same rows summed by the database, no per-owner logic */
        db_begin(db, false);
        int64_t area = 0, yes = 0;
        s = bench_now_ms();
        if (!db_int(db, &area, "SELECT SUM(f.area) FROM flat f JOIN node n ON n.id = f.unit_id "
                               "WHERE n.path >= '/1/' AND n.path < '/10'") ||
            !db_int(db, &yes, "SELECT COUNT(*) FROM ballot WHERE vote_id = 1 AND counted = 1 AND choice = 'yes'"))
            return bench_die("votes_bench", db, "baseline");
        base[i] = bench_now_ms() - s;
        db_commit(db);
    }
    printf("voters %d units %d ballots %d owners_total %lld owners_yes %lld passed %d fill_ms %.0f\n", voters, units,
           ballots, (long long)t.a.n_total, (long long)t.a.n_yes, t.a.passed, fill);
    printf("tally_median_ms %.3f baseline_median_ms %.3f runs %d\n", bench_median(engine, runs), bench_median(base, runs),
           runs);
    free(engine);
    free(base);
    arena_free(a);
    db_close(db);
    return 0;
}
