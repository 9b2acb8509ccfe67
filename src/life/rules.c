/* rules.c: the pure rules of community life: seats and the waiting list,
 * points per activity, the rota generator and its rest rule. No database,
 * no HTTP; table-tested in tests/unit/test_life_rules.c. */
#include <stdlib.h>
#include <string.h>

#include "life/life.h"

bool life_seat_free(int64_t capacity, int64_t taken, int64_t party)
{
    return party >= 1 && taken >= 0 && capacity - taken >= party;
}

int life_promote(int64_t free_seats, const int64_t *parties, int n, bool *promote)
{
    int k = 0;
    for (int i = 0; i < n; i++) {
        promote[i] = parties[i] >= 1 && parties[i] <= free_seats;
        if (promote[i]) {
            free_seats -= parties[i];
            k++;
        }
    }
    return k;
}

int64_t life_points_earned(LifePointsKind kind, int64_t base, int64_t minutes)
{
    if (base < 0 || minutes < 0 || base > 100000 || minutes > 100000)
        return -1;
    switch (kind) {
    case LP_EVENT:
        return base;
    case LP_SHIFT:
        return base * ((minutes + 59) / 60);
    case LP_SERVICE:
        return LIFE_SERVICE_POINTS;
    }
    return -1;
}

bool life_rest_ok(const int64_t *starts, const int64_t *ends, int n, int64_t s, int64_t e, int64_t min_rest)
{
    for (int i = 0; i < n; i++)
        if (s < ends[i] + min_rest && starts[i] < e + min_rest)
            return false;
    return true;
}

/* splitmix64: a fixed, portable mix, so the tie-breaks are the same on every machine. */
static uint64_t mix(uint64_t x)
{
    x += UINT64_C(0x9e3779b97f4a7c15);
    x = (x ^ (x >> 30)) * UINT64_C(0xbf58476d1ce4e5b9);
    x = (x ^ (x >> 27)) * UINT64_C(0x94d049bb133111eb);
    return x ^ (x >> 31);
}

typedef struct Order {
    int idx;
    int64_t start;
} Order;

static int by_start(const void *a, const void *b)
{
    const Order *x = a, *y = b;
    if (x->start != y->start)
        return x->start < y->start ? -1 : 1;
    return x->idx - y->idx;
}

int life_rota_generate(const RotaShift *shifts, int n_shift, const int64_t *vol_ids, int n_vol, const bool *avail,
                       int64_t min_rest, uint64_t seed, int *out_vol)
{
    if (n_shift < 0 || n_vol < 0 || min_rest < 0 || (n_shift && !shifts))
        return -1;
    int *first = calloc((size_t)n_shift + 1, sizeof *first);
    Order *ord = calloc((size_t)n_shift + 1, sizeof *ord);
    int64_t *minutes = calloc((size_t)n_vol + 1, sizeof *minutes);
    int64_t *last_end = calloc((size_t)n_vol + 1, sizeof *last_end);
    bool *has = calloc((size_t)n_vol + 1, sizeof *has);
    uint64_t *tie = calloc((size_t)n_vol + 1, sizeof *tie);
    int filled = -1;
    if (!first || !ord || !minutes || !last_end || !has || !tie)
        goto out;
    int slots = 0;
    for (int s = 0; s < n_shift; s++) {
        if (shifts[s].end <= shifts[s].start || shifts[s].needed < 1 || shifts[s].needed > 20)
            goto out;
        first[s] = slots;
        slots += shifts[s].needed;
        ord[s] = (Order){s, shifts[s].start};
    }
    for (int v = 0; v < n_vol; v++)
        tie[v] = mix(seed ^ mix((uint64_t)vol_ids[v]));
    qsort(ord, (size_t)n_shift, sizeof *ord, by_start);
    filled = 0;
    for (int o = 0; o < n_shift; o++) {
        int s = ord[o].idx;
        const RotaShift *sh = &shifts[s];
        int64_t len = (sh->end - sh->start + 59) / 60;
        for (int k = 0; k < sh->needed; k++) {
            int best = -1;
            for (int v = 0; v < n_vol; v++) {
                if (!avail[(size_t)s * (size_t)n_vol + (size_t)v])
                    continue;
                /* shifts come by start, so the latest end among a person's shifts
                 * is the only one the rest rule can still touch; one already on
                 * this shift has last_end > start and is skipped too */
                if (has[v] && sh->start < last_end[v] + min_rest)
                    continue;
                if (best < 0 || minutes[v] < minutes[best] || (minutes[v] == minutes[best] && tie[v] < tie[best]))
                    best = v;
            }
            out_vol[first[s] + k] = best;
            if (best >= 0) {
                minutes[best] += len;
                if (!has[best] || sh->end > last_end[best])
                    last_end[best] = sh->end;
                has[best] = true;
                filled++;
            }
        }
    }
out:
    free(first);
    free(ord);
    free(minutes);
    free(last_end);
    free(has);
    free(tie);
    return filled;
}

bool life_audience_valid(const char *s)
{
    return s && (!strcmp(s, "all") || !strcmp(s, "elderly") || !strcmp(s, "youth") || !strcmp(s, "children"));
}

const char *life_audience_label_zh(const char *s)
{
    if (!s) return "";
    if (!strcmp(s, "elderly")) return "老年人";
    if (!strcmp(s, "youth")) return "青少年";
    if (!strcmp(s, "children")) return "儿童";
    return "全体居民";
}

bool life_price_kind_valid(const char *s)
{
    return s && (!strcmp(s, "free") || !strcmp(s, "low_cost") || !strcmp(s, "market"));
}

const char *life_price_kind_label_zh(const char *s)
{
    if (!s) return "";
    if (!strcmp(s, "free")) return "免费";
    if (!strcmp(s, "low_cost")) return "低偿";
    return "市场价";
}

bool life_tier_valid(const char *s)
{
    return s && (!strcmp(s, "basic") || !strcmp(s, "professional"));
}

/* ---- resources against needs ----------------------------------------------------------- */

static const char *const RESOURCE_KINDS[][2] = {
    {"room", "场地"}, {"vehicle", "车辆"}, {"hours", "工时"}, {"money", "资金"}, {"goods", "物资"}};
static const char *const GIVER_KINDS[][2] = {
    {"unit", "单位"}, {"shop", "商户"}, {"resident", "居民"}, {"charity", "公益组织"}};

static const char *label_of(const char *const (*t)[2], size_t n, const char *s)
{
    for (size_t i = 0; s && i < n; i++)
        if (!strcmp(t[i][0], s))
            return t[i][1];
    return NULL;
}

bool life_resource_kind_valid(const char *s)
{
    return label_of(RESOURCE_KINDS, sizeof RESOURCE_KINDS / sizeof *RESOURCE_KINDS, s) != NULL;
}

const char *life_resource_kind_label_zh(const char *s)
{
    const char *l = label_of(RESOURCE_KINDS, sizeof RESOURCE_KINDS / sizeof *RESOURCE_KINDS, s);
    return l ? l : "";
}

bool life_giver_kind_valid(const char *s)
{
    return label_of(GIVER_KINDS, sizeof GIVER_KINDS / sizeof *GIVER_KINDS, s) != NULL;
}

const char *life_giver_kind_label_zh(const char *s)
{
    const char *l = label_of(GIVER_KINDS, sizeof GIVER_KINDS / sizeof *GIVER_KINDS, s);
    return l ? l : "";
}

/* Is path at or above under? ("/1/2/" is above "/1/2/5/"); paths end with '/'. */
static bool path_covers(const char *path, const char *under)
{
    size_t n = strlen(path);
    return n > 0 && !strncmp(path, under, n) && (path[n - 1] == '/' || under[n] == '\0' || under[n] == '/');
}

static bool match_fits(const MatchItem *o, const MatchItem *nd)
{
    return !strcmp(o->kind, nd->kind) && o->from < nd->to && nd->from < o->to && path_covers(o->path, nd->path);
}

/* Is offer a a better pick than offer b for a need? Nearest (deepest path), then earliest, then index. */
static bool match_before(const MatchItem *offers, int a, int b)
{
    size_t la = strlen(offers[a].path), lb = strlen(offers[b].path);
    if (la != lb)
        return la > lb;
    if (offers[a].from != offers[b].from)
        return offers[a].from < offers[b].from;
    return a < b;
}

int life_match_propose(const MatchItem *offers, int n_offer, const MatchItem *needs, int n_need, MatchProposal *out,
                       int max)
{
    if (n_offer < 0 || n_need < 0 || max < 0 || n_offer > 10000 || (n_offer && !offers) || (n_need && !needs))
        return -1;
    for (int i = 0; i < n_offer; i++)
        if (!offers[i].kind || !offers[i].path || offers[i].left < 0)
            return -1;
    for (int i = 0; i < n_need; i++)
        if (!needs[i].kind || !needs[i].path || needs[i].left < 0)
            return -1;
    int64_t *left = malloc(sizeof *left * (size_t)(n_offer ? n_offer : 1));
    if (!left)
        return -1;
    for (int i = 0; i < n_offer; i++)
        left[i] = offers[i].left;
    int k = 0;
    for (int j = 0; j < n_need && k < max; j++) {
        int64_t want = needs[j].left;
        while (want > 0 && k < max) {
            int best = -1;
            for (int i = 0; i < n_offer; i++)
                if (left[i] > 0 && match_fits(&offers[i], &needs[j]) && (best < 0 || match_before(offers, i, best)))
                    best = i;
            if (best < 0)
                break;
            int64_t q = left[best] < want ? left[best] : want;
            out[k++] = (MatchProposal){best, j, q};
            left[best] -= q;
            want -= q;
        }
    }
    free(left);
    return k;
}

int64_t life_satisfaction_x10(int64_t count, int64_t sum)
{
    if (count <= 0 || sum < count || sum > 5 * count)
        return 0;
    return (sum * 10 + count / 2) / count;
}
