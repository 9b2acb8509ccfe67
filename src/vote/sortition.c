/* sortition.c: the stratified draw of representatives from a public seed. */
#include "vote/sortition.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void sortition_lot(const char *seed, int64_t id, char out_hex[65])
{
    unsigned char h[32];
    crypto_generichash_state st;
    char idtext[24];
    int n = snprintf(idtext, sizeof idtext, ":%lld", (long long)id);
    crypto_generichash_init(&st, NULL, 0, sizeof h);
    crypto_generichash_update(&st, (const unsigned char *)seed, strlen(seed));
    crypto_generichash_update(&st, (const unsigned char *)idtext, (unsigned long long)n);
    crypto_generichash_final(&st, h, sizeof h);
    sodium_bin2hex(out_hex, 65, h, sizeof h);
}

typedef struct Lot {
    int index;
    int stratum;
    int64_t id;
    char hex[65];
} Lot;

static int lot_cmp(const void *a, const void *b)
{
    const Lot *x = a, *y = b;
    if (x->stratum != y->stratum)
        return x->stratum < y->stratum ? -1 : 1;
    int c = strcmp(x->hex, y->hex);
    if (c)
        return c;
    return (x->id > y->id) - (x->id < y->id); /* equal lots: practically never; keeps it total */
}

static int id_cmp(const void *a, const void *b)
{
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return (x > y) - (x < y);
}

int sortition_draw(const char *seed, const SortCandidate *cands, int n, const int *quota, int n_strata, int *chosen)
{
    if (!seed || n < 0 || n_strata < 0)
        return -1;
    for (int s = 0; s < n_strata; s++)
        if (quota[s] < 0)
            return -1;
    Lot *lots = malloc(sizeof *lots * (size_t)(n ? n : 1));
    int64_t *ids = malloc(sizeof *ids * (size_t)(n ? n : 1));
    if (!lots || !ids) {
        free(lots);
        free(ids);
        return -1;
    }
    for (int i = 0; i < n; i++) {
        if (cands[i].stratum < 0 || cands[i].stratum >= n_strata) {
            free(lots);
            free(ids);
            return -1;
        }
        ids[i] = cands[i].id;
        lots[i].index = i;
        lots[i].stratum = cands[i].stratum;
        lots[i].id = cands[i].id;
        sortition_lot(seed, cands[i].id, lots[i].hex);
    }
    qsort(ids, (size_t)n, sizeof *ids, id_cmp);
    for (int i = 1; i < n; i++)
        if (ids[i] == ids[i - 1]) {
            free(lots);
            free(ids);
            return -1;
        }
    free(ids);
    qsort(lots, (size_t)n, sizeof *lots, lot_cmp);
    int k = 0;
    for (int i = 0; i < n;) {
        int s = lots[i].stratum, taken = 0;
        for (; i < n && lots[i].stratum == s; i++)
            if (taken < quota[s]) {
                chosen[k++] = lots[i].index;
                taken++;
            }
    }
    free(lots);
    return k;
}

const char *sortition_age_band(int birth_year, int this_year)
{
    if (birth_year <= 0)
        return "unknown";
    int age = this_year - birth_year;
    return age >= 65 ? "old" : age >= 35 ? "middle" : "young";
}
