/* funds_bench.c: fills a demo database's maintenance fund with N balanced
 * journal entries (default 1,000,000: bank debit, household credit, spread
 * over the households' sub-accounts), then times what a page asks for: an
 * account's balance (the cached column) and a household's statement (its
 * latest 50 lines), beside same-run baselines: a primary-key read of one
 * row, and the balance derived by summing every line. Prints medians in ms.
 *
 *   funds_bench sqlite:/tmp/demo.db [entries] [runs]
 * Line 1 describes the fixture; line 2 is
 *   "balance MS statement MS baseline_pk MS derived_sum MS runs N bank_id ID household_id ID". */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "bench_common.h"
#include "funds/funds.h"
#include "store/db.h"

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: funds_bench DB_URL [entries] [runs]\n");
        return 2;
    }
    long entries = argc > 2 ? atol(argv[2]) : 1000000;
    int runs = argc > 3 ? atoi(argv[3]) : 101;
    if (entries < 1 || runs < 1 || runs > 10000)
        return 2;
    char err[256];
    Db *db = db_open(argv[1], err, sizeof err);
    if (!db) {
        fprintf(stderr, "funds_bench: %s\n", err);
        return 1;
    }
    int64_t fund = 0, bank = 0;
    if (!db_int(db, &fund,
                "SELECT f.id FROM fund f JOIN node n ON n.id = f.node_id WHERE f.kind = 'maintenance' "
                "AND n.name = '学道苑·东南里7号'") ||
        !(bank = funds_account_by_code(db, fund, "1001")))
        return bench_die("funds_bench", db, "the demo's maintenance fund (run `gongzhi demo` first)");
    int64_t *subs = NULL;
    int n_subs = 0;
    DbStmt *st = db_query(db, "SELECT id FROM fund_account WHERE fund_id = ? AND household_id IS NOT NULL ORDER BY id",
                          DB_I(fund));
    while (db_step(st) == DB_ROW) {
        subs = realloc(subs, sizeof *subs * (size_t)(n_subs + 1));
        subs[n_subs++] = db_col_int(st, 0);
    }
    db_done(st);
    if (n_subs == 0)
        return bench_die("funds_bench", db, "no sub-accounts");
    /* The fill writes rows directly in large transactions: a million audited
     * requests would take hours and measure the audit chain, not reads. */
    double t0 = bench_now_ms();
    for (long done = 0; done < entries;) {
        if (!db_begin(db, true))
            return bench_die("funds_bench", db, "begin");
        for (int k = 0; k < 20000 && done < entries; k++, done++) {
            int64_t id = 0, amount = 100 + done % 997;
            if (!db_int(db, &id,
                        "INSERT INTO journal_entry (fund_id, posted_at, amount, memo, reference, source_entity) "
                        "VALUES (?, ?, ?, '基准测试缴存', '', 'bench') RETURNING id",
                        DB_I(fund), DB_I(1704067200 + done), DB_I(amount)) ||
                !db_exec(db, "INSERT INTO journal_line (entry_id, account_id, debit, credit) VALUES (?, ?, ?, 0)", DB_I(id),
                         DB_I(bank), DB_I(amount)) ||
                !db_exec(db, "INSERT INTO journal_line (entry_id, account_id, debit, credit) VALUES (?, ?, 0, ?)", DB_I(id),
                         DB_I(subs[done % n_subs]), DB_I(amount)))
                return bench_die("funds_bench", db, "fill");
        }
        if (!db_commit(db))
            return bench_die("funds_bench", db, "commit");
    }
    /* the cached balances and the fund's posted total, made true again in one pass */
    if (!db_begin(db, true) ||
        !db_exec(db, "UPDATE fund_account SET balance = (SELECT COALESCE(SUM(debit - credit), 0) FROM journal_line l "
                     "WHERE l.account_id = fund_account.id) WHERE fund_id = ?",
                 DB_I(fund)) ||
        !db_exec(db, "UPDATE fund SET posted_total = (SELECT COALESCE(SUM(amount), 0) FROM journal_entry e "
                     "WHERE e.fund_id = fund.id) WHERE id = ?",
                 DB_I(fund)) ||
        !db_commit(db))
        return bench_die("funds_bench", db, "balances");
    double fill_s = (bench_now_ms() - t0) / 1000.0;
    int64_t total = 0, lines = 0;
    db_int(db, &total, "SELECT COUNT(*) FROM journal_entry");
    db_int(db, &lines, "SELECT COUNT(*) FROM journal_line WHERE account_id = ?", DB_I(subs[0]));
    printf("%lld journal entries (%ld added in %.1f s), bank account with %lld+ lines, %d household sub-accounts of %lld lines each\n",
           (long long)total, entries, fill_s, (long long)entries, n_subs, (long long)lines);

    double *a = calloc((size_t)runs, sizeof *a), *b = calloc((size_t)runs, sizeof *b),
           *c = calloc((size_t)runs, sizeof *c), *d = calloc((size_t)runs, sizeof *d);
    int64_t v = 0;
    for (int i = 0; i < runs; i++) {
        double s = bench_now_ms();
        db_int(db, &v, "SELECT balance FROM fund_account WHERE id = ?", DB_I(bank));
        a[i] = bench_now_ms() - s;
        s = bench_now_ms();
        /* the statement query of GET /api/households/{id}/funds */
        st = db_query(db,
                      "SELECT e.id, e.posted_at, e.memo, e.reference, l.debit, l.credit FROM journal_line l "
                      "JOIN journal_entry e ON e.id = l.entry_id WHERE l.account_id = ? ORDER BY l.entry_id DESC LIMIT 50",
                      DB_I(subs[i % n_subs]));
        int rows = 0;
        while (db_step(st) == DB_ROW)
            rows++;
        db_done(st);
        b[i] = bench_now_ms() - s;
        if (rows != 50)
            return bench_die("funds_bench", db, "statement rows");
        s = bench_now_ms();
        db_int(db, &v, "SELECT parent_id FROM node WHERE id = ?", DB_I(1 + i % 50));
        c[i] = bench_now_ms() - s;
    }
    int druns = runs < 11 ? runs : 11; /* the derived sum reads a million lines: fewer runs */
    for (int i = 0; i < druns; i++) {
        double s = bench_now_ms();
        db_int(db, &v, "SELECT COALESCE(SUM(debit - credit), 0) FROM journal_line WHERE account_id = ?", DB_I(bank));
        d[i] = bench_now_ms() - s;
    }
    int64_t household = 0;
    db_int(db, &household, "SELECT household_id FROM fund_account WHERE id = ?", DB_I(subs[0]));
    printf("balance %.4f statement %.4f baseline_pk %.4f derived_sum %.3f runs %d bank_id %lld household_id %lld\n",
           bench_median(a, runs), bench_median(b, runs), bench_median(c, runs), bench_median(d, druns), runs,
           (long long)bank, (long long)household);
    free(a);
    free(b);
    free(c);
    free(d);
    free(subs);
    db_close(db);
    return 0;
}
