/* suggest.h: the nearest names to one that matched nothing ("东南里7号" -> "学道苑·东南里7号"), for the import report. */
#ifndef GZ_SUGGEST_H
#define GZ_SUGGEST_H

#define SUGGEST_MAX 3 /* a handful, not a list to read through */

/* Fills out[] with the indices of the names among cands[0..n) nearest to
 * name, best first, and returns how many (at most max). Names are compared
 * without spaces and separators (· • ・ - — _ /), with full-width letters and
 * digits folded to ASCII and ASCII case ignored. Nearest first: the same
 * name so written; then a name that contains the other or is contained in it
 * (the smaller length difference first); then names within an edit distance,
 * over code points, of at most half the longer name (the smaller distance
 * first). Ties keep the candidates' order. Other names are not suggested. */
int suggest_names(const char *name, const char *const *cands, int n, int *out, int max);

#endif
