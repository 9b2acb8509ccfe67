/* metrics.c: per-route request counters and latency histograms. The arrays
 * are sized once when the server starts and only ever incremented with
 * relaxed atomics, so a scrape never blocks a request (it may see one
 * request's count a moment before its latency: fine for monitoring). */
#include "http/metrics.h"

#include <stdlib.h>

/* Upper bounds of the latency buckets, milliseconds (Prometheus "le"). */
static const int k_bounds_ms[] = {1, 5, 10, 20, 50, 100, 250, 500, 1000, 2500};
#define N_BOUNDS ((int)(sizeof k_bounds_ms / sizeof k_bounds_ms[0]))
/* Status classes 1xx..5xx as 0..4. */
#define N_CLASSES 5

typedef struct RouteStats {
    uint64_t by_class[N_CLASSES];
    uint64_t buckets[N_BOUNDS + 1]; /* not cumulative; the last is +Inf */
    uint64_t micros;
} RouteStats;

static const Route *g_routes_base;
static int g_n;
static RouteStats *g_stats; /* g_n + 1 rows: the last is "no route" */

void metrics_init(const Route *routes, int n_routes)
{
    RouteStats *s = calloc((size_t)n_routes + 1, sizeof *s);
    if (!s)
        return; /* no metrics rather than no server */
    free(g_stats);
    g_stats = s;
    g_routes_base = routes;
    g_n = n_routes;
}

void metrics_observe(const Route *rt, int status, int64_t micros)
{
    if (!g_stats)
        return;
    int i = g_n;
    if (rt && rt >= g_routes_base && rt < g_routes_base + g_n)
        i = (int)(rt - g_routes_base);
    int cls = status >= 100 && status < 600 ? status / 100 - 1 : 4;
    int b = 0;
    while (b < N_BOUNDS && micros > (int64_t)k_bounds_ms[b] * 1000)
        b++;
    RouteStats *s = &g_stats[i];
    __atomic_fetch_add(&s->by_class[cls], 1, __ATOMIC_RELAXED);
    __atomic_fetch_add(&s->buckets[b], 1, __ATOMIC_RELAXED);
    __atomic_fetch_add(&s->micros, (uint64_t)(micros > 0 ? micros : 0), __ATOMIC_RELAXED);
}

static uint64_t load(const uint64_t *p)
{
    return __atomic_load_n(p, __ATOMIC_RELAXED);
}

void metrics_write(Buf *out)
{
    buf_puts(out, "# HELP gz_http_requests_total Requests answered, by route and status class.\n"
                  "# TYPE gz_http_requests_total counter\n");
    for (int i = 0; g_stats && i <= g_n; i++) {
        const char *method = i < g_n ? g_routes_base[i].method : "";
        const char *pattern = i < g_n ? g_routes_base[i].pattern : "(none)";
        for (int c = 0; c < N_CLASSES; c++) {
            uint64_t v = load(&g_stats[i].by_class[c]);
            if (v)
                buf_printf(out, "gz_http_requests_total{method=\"%s\",route=\"%s\",status=\"%dxx\"} %lld\n",
                           method, pattern, c + 1, (long long)v);
        }
    }
    buf_puts(out, "# HELP gz_http_request_seconds Time from the request's arrival to its answer, by route.\n"
                  "# TYPE gz_http_request_seconds histogram\n");
    for (int i = 0; g_stats && i <= g_n; i++) {
        uint64_t total = 0;
        for (int b = 0; b <= N_BOUNDS; b++)
            total += load(&g_stats[i].buckets[b]);
        if (!total)
            continue;
        const char *method = i < g_n ? g_routes_base[i].method : "";
        const char *pattern = i < g_n ? g_routes_base[i].pattern : "(none)";
        uint64_t cum = 0;
        for (int b = 0; b < N_BOUNDS; b++) {
            cum += load(&g_stats[i].buckets[b]);
            buf_printf(out, "gz_http_request_seconds_bucket{method=\"%s\",route=\"%s\",le=\"%d.%03d\"} %lld\n",
                       method, pattern, k_bounds_ms[b] / 1000, k_bounds_ms[b] % 1000, (long long)cum);
        }
        buf_printf(out, "gz_http_request_seconds_bucket{method=\"%s\",route=\"%s\",le=\"+Inf\"} %lld\n", method,
                   pattern, (long long)total);
        uint64_t us = load(&g_stats[i].micros);
        buf_printf(out, "gz_http_request_seconds_sum{method=\"%s\",route=\"%s\"} %lld.%06lld\n", method, pattern,
                   (long long)(us / 1000000), (long long)(us % 1000000));
        buf_printf(out, "gz_http_request_seconds_count{method=\"%s\",route=\"%s\"} %lld\n", method, pattern,
                   (long long)total);
    }
}
