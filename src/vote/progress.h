/* progress.h: an owners' (Art. 278) vote's progress toward its two
 * thresholds, by area and by owners: taking part (two thirds of all) and
 * agreeing (more than half, or three quarters, of those taking part). One
 * model read for the vote page's chart and GET /api/votes/{id}/progress, so
 * both print the same numbers. The rule is pure (test_vote_progress.c). */
#ifndef GZ_VOTE_PROGRESS_H
#define GZ_VOTE_PROGRESS_H
#include <stdbool.h>
#include <stdint.h>

#include "auth/ctx.h"
#include "vote/art278.h"

/* num of den, and num/den in per-mille rounded down (0 when den == 0). */
typedef struct VoteFrac {
    int64_t num, den;
    int64_t permille;
} VoteFrac;

typedef struct VoteProgress {
    int64_t vote_id;
    int matter;
    bool final;                      /* closed: the stored result, the record */
    bool supermajority;              /* three quarters (matters 6-8), else more than half */
    VoteFrac part_area, part_owners; /* taking part, of all owners' area / owners */
    VoteFrac yes_area, yes_owners;   /* agreeing, of the area / owners taking part */
    /* The lines: taking part needs quorum_num/quorum_den (2/3, reached at
     * or above); agreeing needs pass_num/pass_den (3/4 reached at or above,
     * or 1/2 passed only above). Per-mille rounded down, for the chart. */
    int quorum_num, quorum_den, pass_num, pass_den;
    int64_t quorum_permille, pass_permille;
    bool pass_strict;                /* more than: 1/2 itself does not pass */
    bool quorum_area, quorum_owners, pass_area, pass_owners, passed; /* art278_decide's answers */
} VoteProgress;

/* num/den in per-mille rounded down; 0 when den <= 0. */
int64_t vote_permille_floor(int64_t num, int64_t den);
/* The progress of the counted figures of r (art278_count or a stored
 * result): fractions, lines and the exact answers of art278_decide. Pure. */
void vote_progress_of(const Art278Result *r, VoteProgress *out);

/* The progress of vote id: *found false when there is no such vote or it
 * is not an owners' Art. 278 vote. Never checks permission (the caller asks
 * whether the reader may see the result now). False on a storage error. */
bool vote_progress(const Ctx *c, int64_t id, VoteProgress *out, bool *found);

/* ---- the votes closed in a period, for the indicators (results/) ---------- */

typedef struct VoteClosed {
    int64_t id, node_id;
    const char *node_path;  /* arena */
    const char *title;      /* arena */
    bool art278;            /* an owners' vote with its stored figures */
    bool passed;
    int64_t closed_at;
    int64_t area_part, area_yes;   /* 0.01 m²: taking part, agreeing (art278 only) */
    int64_t owners_part, owners_yes;
} VoteClosed;

/* At most this many votes come back from one call. */
#define VOTE_CLOSED_MAX 5000

/* The votes closed in [from, to) whose scope node lies in scope (a path),
 * by closing time: one range of the index vote_closed (migration 059).
 * *capped is set when more than VOTE_CLOSED_MAX matched. Never checks
 * permission; a vote's published result is public. False on a storage
 * error. */
bool vote_closed_between(const Ctx *c, const char *scope, int64_t from, int64_t to, VoteClosed **out, int *n,
                         bool *capped);

/* The meetings of the scope that start in [from, to), by start: one range
 * of meeting_starts (migration 026), placed in C. Title, kind, status and
 * whether decisions were recorded; no minutes text. At most
 * VOTE_CLOSED_MAX. Never checks permission. */
typedef struct VoteMeetingRow {
    int64_t id, node_id, starts_at;
    const char *kind, *title, *status, *node_path; /* arena */
    bool has_decisions;
} VoteMeetingRow;
bool vote_meetings_between(const Ctx *c, const char *scope, int64_t from, int64_t to, VoteMeetingRow **out, int *n,
                           bool *capped);

#define VOTE_MEETINGS_SQL                                                                                              \
    "SELECT id, node_id, starts_at, kind, title, status, decisions FROM meeting "                                   \
    "WHERE starts_at >= ? AND starts_at < ? ORDER BY starts_at, id"

#define VOTE_CLOSED_SQL                                                                                                \
    "SELECT id, node_id, title, kind, passed, closed_at, result_json, status FROM vote "                            \
    "WHERE closed_at >= ? AND closed_at < ? ORDER BY closed_at, id"

#endif
