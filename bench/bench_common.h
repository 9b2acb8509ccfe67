/* bench_common.h: the timing and reporting helpers the gzlib bench helpers (funds_bench, votes_bench) share. */
#ifndef GZ_BENCH_COMMON_H
#define GZ_BENCH_COMMON_H

#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "store/db.h"

/* Milliseconds on the monotonic clock: only differences mean anything. */
static inline double bench_now_ms(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec * 1000.0 + (double)t.tv_nsec / 1e6;
}

static inline int bench_dbl_cmp(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* The median of v[0..n) (n >= 1); sorts v in place. */
static inline double bench_median(double *v, int n)
{
    qsort(v, (size_t)n, sizeof *v, bench_dbl_cmp);
    return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

/* Reports "PROG: WHAT: the database's last error" on stderr; returns 1, main's exit code. */
static inline int bench_die(const char *prog, Db *db, const char *what)
{
    fprintf(stderr, "%s: %s: %s\n", prog, what, db ? db_errmsg(db) : "");
    return 1;
}

#endif
