/* suggest.c: nearest names by containment, then edit distance over code points (pure). */
#include "grid/suggest.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define NAME_MAX_CP 64 /* code points compared; import names are at most 64 */

/* Decodes the next code point of valid or invalid UTF-8 (an invalid byte
 * stands for itself), advancing *s. */
static uint32_t next_cp(const unsigned char **s)
{
    const unsigned char *p = *s;
    uint32_t c = p[0];
    int k = c >= 0xF0 ? 3 : c >= 0xE0 ? 2 : c >= 0xC0 ? 1 : 0;
    for (int i = 1; i <= k; i++)
        if ((p[i] & 0xC0) != 0x80)
            k = 0;
    if (k)
        c &= 0x3Fu >> k;
    for (int i = 1; i <= k; i++)
        c = c << 6 | (p[i] & 0x3F);
    *s = p + 1 + k;
    return c;
}

static bool is_separator(uint32_t c)
{
    return c == ' ' || c == '\t' || c == 0x3000 || c == 0xA0 || c == 0xB7 || c == 0x2022 || c == 0x30FB || c == '-' ||
           c == 0x2014 || c == 0x2013 || c == '_' || c == '/' || c == 0xFF0D;
}

/* The code points a name is compared by; returns how many. */
static int normalise(const char *name, uint32_t out[NAME_MAX_CP])
{
    int n = 0;
    for (const unsigned char *p = (const unsigned char *)name; *p && n < NAME_MAX_CP;) {
        uint32_t c = next_cp(&p);
        if (c >= 0xFF01 && c <= 0xFF5E && c != 0xFF0D)
            c -= 0xFEE0; /* full-width ASCII forms: Ａ１ -> A1 */
        if (c >= 'A' && c <= 'Z')
            c += 32;
        if (!is_separator(c))
            out[n++] = c;
    }
    return n;
}

static bool contains(const uint32_t *hay, int nh, const uint32_t *needle, int nn)
{
    for (int i = 0; i + nn <= nh; i++)
        if (memcmp(hay + i, needle, (size_t)nn * sizeof *hay) == 0)
            return true;
    return false;
}

static int edit_distance(const uint32_t *a, int na, const uint32_t *b, int nb)
{
    int row[NAME_MAX_CP + 1];
    for (int j = 0; j <= nb; j++)
        row[j] = j;
    for (int i = 1; i <= na; i++) {
        int diag = row[0];
        row[0] = i;
        for (int j = 1; j <= nb; j++) {
            int up = row[j];
            int best = diag + (a[i - 1] != b[j - 1]);
            if (up + 1 < best)
                best = up + 1;
            if (row[j - 1] + 1 < best)
                best = row[j - 1] + 1;
            row[j] = best;
            diag = up;
        }
    }
    return row[nb];
}

int suggest_names(const char *name, const char *const *cands, int n, int *out, int max)
{
    uint32_t a[NAME_MAX_CP], b[NAME_MAX_CP];
    int na = normalise(name, a), found = 0;
    if (na == 0 || max <= 0)
        return 0;
    int *score = malloc((size_t)(n > 0 ? n : 1) * sizeof *score);
    if (!score)
        return 0;
    for (int i = 0; i < n; i++) {
        int nb = normalise(cands[i], b), longer = na > nb ? na : nb;
        score[i] = -1;
        if (nb == 0)
            continue;
        if (na == nb && memcmp(a, b, (size_t)na * sizeof *a) == 0)
            score[i] = 0;
        else if (contains(a, na, b, nb) || contains(b, nb, a, na))
            score[i] = 1000 + abs(na - nb);
        else {
            int d = edit_distance(a, na, b, nb);
            if (d * 2 <= longer)
                score[i] = 2000 + d;
        }
    }
    /* A selection by rank: n is the compounds of one import scope. */
    while (found < max) {
        int best = -1;
        for (int i = 0; i < n; i++)
            if (score[i] >= 0 && (best < 0 || score[i] < score[best]))
                best = i;
        if (best < 0)
            break;
        out[found++] = best;
        score[best] = -1;
    }
    free(score);
    return found;
}
