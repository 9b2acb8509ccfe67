/* safety_bench.c: fills a demo database's pilot compound (学道苑·东南里7号)
 * with N hazards (default 100,000), spread over the three grades, open and
 * closed, public and not, for bench/safety.sh to time the register's page.
 * The rows are written directly in large transactions (bench-only, like
 * funds_bench): 100,000 audited requests would measure the audit chain and
 * the outbox, not the register's read. Prints one JSON line:
 *   {"hazards":N,"compound_id":ID,"seconds":S}
 *
 *   safety_bench sqlite:/tmp/demo.db [hazards] */
#include <stdio.h>
#include <stdlib.h>

#include "bench_common.h"
#include "safety/safety.h"
#include "store/db.h"

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: safety_bench DB_URL [hazards]\n");
        return 2;
    }
    long count = argc > 2 ? atol(argv[2]) : 100000;
    if (count < 1)
        return 2;
    char err[256];
    Db *db = db_open(argv[1], err, sizeof err);
    if (!db) {
        fprintf(stderr, "safety_bench: %s\n", err);
        return 1;
    }
    int64_t compound = 0;
    char path[256] = "";
    DbStmt *st = db_query(db, "SELECT id, path FROM node WHERE name = '学道苑·东南里7号' AND kind = 'compound'");
    if (db_step(st) == DB_ROW) {
        compound = db_col_int(st, 0);
        snprintf(path, sizeof path, "%s", db_col_text(st, 1));
    }
    if (!db_done(st) || !compound)
        return bench_die("safety_bench", db, "the demo's pilot compound (run `gongzhi demo` first)");
    static const char *const places[] = {"1栋1单元楼道", "2栋配电房", "东门", "北侧围墙", "3栋地下车库", "花台"};
    double t0 = bench_now_ms();
    int64_t base = 1767225600; /* 2026-01-01 */
    for (long done = 0; done < count;) {
        if (!db_begin(db, true))
            return bench_die("safety_bench", db, "begin");
        for (int k = 0; k < 20000 && done < count; k++, done++) {
            HazardGrade g = (HazardGrade)(done % GRADE__COUNT);
            int64_t at = base + done * 60;
            bool open = done % 4 != 0;
            if (!db_exec(db,
                         "INSERT INTO hazard (compound_id, node_path, title, detail, place_text, advice, is_public, "
                         "source, likelihood, consequence, grade, owner_role, deadline, is_open, created_by, "
                         "created_at, closed_at) VALUES (?, ?, ?, '', ?, ?, ?, 'patrol', 3, 3, ?, ?, ?, ?, 0, ?, ?)",
                         DB_I(compound), DB_T(path), DB_T("基准测试隐患"), DB_T(places[done % 6]),
                         DB_T(done % 3 == 0 ? "请注意安全" : ""), DB_I(done % 3 == 0), DB_T(safety_grade_name(g)),
                         DB_T(safety_grade_owner_role(g)), DB_I(safety_deadline(g, at)), DB_I(open), DB_I(at),
                         DB_I(open ? 0 : at + 3600)))
                return bench_die("safety_bench", db, "fill");
        }
        if (!db_commit(db))
            return bench_die("safety_bench", db, "commit");
    }
    if (!db_exec(db, "ANALYZE"))
        return bench_die("safety_bench", db, "analyze");
    printf("{\"hazards\":%ld,\"compound_id\":%lld,\"seconds\":%.1f}\n", count, (long long)compound,
           (bench_now_ms() - t0) / 1000.0);
    db_close(db);
    return 0;
}
