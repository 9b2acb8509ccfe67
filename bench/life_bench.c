/* life_bench.c: times the rota generator (life_rota_generate, pure) for a
 * month of a large volunteer team: 200 volunteers, four weeks of four
 * 4-hour shifts a day (06, 10, 14, 18 o'clock), four volunteers a shift,
 * each volunteer offering a fixed pseudo-random third of the shifts. Prints
 * the fixture, then the median and the worst of the runs in milliseconds,
 * the slots filled and a check that availability and rest held.
 *
 *   life_bench [volunteers] [weeks] [runs] */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "bench_common.h"
#include "life/life.h"

int main(int argc, char **argv)
{
    int nv = argc > 1 ? atoi(argv[1]) : 200;
    int weeks = argc > 2 ? atoi(argv[2]) : 4;
    int runs = argc > 3 ? atoi(argv[3]) : 31;
    if (nv < 1 || nv > 100000 || weeks < 1 || weeks > 52 || runs < 1 || runs > 1000)
        return 2;
    enum { PER_DAY = 4, NEEDED = 4, HOURS = 4 };
    int ns = weeks * 7 * PER_DAY, slots = ns * NEEDED;
    RotaShift *sh = calloc((size_t)ns, sizeof *sh);
    int64_t *ids = calloc((size_t)nv, sizeof *ids);
    bool *avail = calloc((size_t)ns * (size_t)nv, sizeof *avail);
    int *out = calloc((size_t)slots, sizeof *out);
    double *ms = calloc((size_t)runs, sizeof *ms);
    if (!sh || !ids || !avail || !out || !ms)
        return 1;
    const int64_t day0 = INT64_C(1767225600); /* 2026-01-01 00:00 UTC */
    for (int s = 0; s < ns; s++) {
        int64_t start = day0 + (int64_t)(s / PER_DAY) * 86400 + (6 + HOURS * (s % PER_DAY)) * 3600;
        sh[s] = (RotaShift){start, start + HOURS * 3600, NEEDED};
    }
    uint64_t x = 88172645463325252u; /* xorshift64: the same availability every run */
    for (int v = 0; v < nv; v++) {
        ids[v] = 1000 + v;
        for (int s = 0; s < ns; s++) {
            x ^= x << 13, x ^= x >> 7, x ^= x << 17;
            avail[(size_t)s * (size_t)nv + (size_t)v] = x % 3 == 0;
        }
    }
    int filled = 0;
    for (int i = 0; i < runs; i++) {
        double t0 = bench_now_ms();
        filled = life_rota_generate(sh, ns, ids, nv, avail, LIFE_MIN_REST, 42, out);
        ms[i] = bench_now_ms() - t0;
        if (filled < 0)
            return 1;
    }
    /* availability and rest held: each filled slot's volunteer offered it, and no one has two shifts within
     * the rest */
    bool ok = true;
    int64_t *last_end = calloc((size_t)nv, sizeof *last_end);
    for (int s = 0, k = 0; s < ns && last_end; s++)
        for (int j = 0; j < sh[s].needed; j++, k++) {
            int v = out[k];
            if (v < 0)
                continue;
            if (!avail[(size_t)s * (size_t)nv + (size_t)v] || (last_end[v] && sh[s].start - last_end[v] < LIFE_MIN_REST))
                ok = false;
            last_end[v] = sh[s].end;
        }
    double worst = 0;
    for (int i = 0; i < runs; i++)
        worst = ms[i] > worst ? ms[i] : worst;
    printf("%d volunteers, %d weeks, %d shifts, %d slots\n", nv, weeks, ns, slots);
    printf("median_ms %.3f worst_ms %.3f filled %d runs %d valid %s\n", bench_median(ms, runs), worst, filled, runs,
           ok ? "yes" : "no");
    free(last_end);
    free(sh);
    free(ids);
    free(avail);
    free(out);
    free(ms);
    return ok ? 0 : 1;
}
