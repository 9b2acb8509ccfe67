/* sortition.h: drawing a representatives' panel by stratified random
 * selection from a published seed. Pure: anyone with the candidate list and
 * the seed re-runs the draw and gets the same panel. */
#ifndef GZ_VOTE_SORTITION_H
#define GZ_VOTE_SORTITION_H
#include <stdbool.h>
#include <stdint.h>

/* One candidate: an id (household or shop id, unique within the draw) and
 * the index of its stratum (0..n_strata-1). */
typedef struct SortCandidate {
    int64_t id;
    int stratum;
} SortCandidate;

/* The lot of a candidate: BLAKE2b-256 of the text "<seed>:<id>" (id in
 * decimal), as 64 lower-case hex digits. Anyone can recompute it, e.g.
 * `printf '%s' 'seed:42' | b2sum -l 256`. */
void sortition_lot(const char *seed, int64_t id, char out_hex[65]);

/* Draws quota[s] candidates from each stratum s: those with the smallest
 * lots. The order of the input does not matter. Writes the chosen indexes
 * (into cands) to chosen, grouped by stratum and, within a stratum, by lot;
 * returns how many (≤ the sum of quotas; a stratum with fewer candidates
 * than its quota gives all it has). -1 on bad input (NULL seed, negative
 * quota, stratum out of range, duplicate id) or out of memory. */
int sortition_draw(const char *seed, const SortCandidate *cands, int n, const int *quota, int n_strata, int *chosen);

/* Age band of a person for the strata: "young" (< 35), "middle" (35-64),
 * "old" (65+), "unknown" when birth_year is 0; age as of the given year. */
const char *sortition_age_band(int birth_year, int this_year);

#endif
