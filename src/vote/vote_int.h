/* vote_int.h: the vote capability's internal model, shared by its API,
 * pages, exports and demo (src/vote/ only; others use vote.h/notice.h).
 * No HTTP: the adapters' own helpers are in vote/web_int.h. */
#ifndef GZ_VOTE_INT_H
#define GZ_VOTE_INT_H
#include <stdbool.h>
#include <stdint.h>
#include "core/arena.h"
#include "core/buf.h"
#include "auth/ctx.h"
#include "store/db.h"
#include "vote/art278.h"
#include "vote/vote.h"

typedef struct VoteRow {
    int64_t id, node_id;
    const char *node_path, *node_name;
    const char *title, *body;
    const char *kind;        /* art278 | simple */
    int matter;              /* 0 when not art278 */
    const char *method;      /* yes_no | single | multi */
    bool secret;
    const char *electorate;  /* owners | households | representatives */
    int64_t panel_id;
    int quorum_pct;
    bool nonvoters_yes;
    const char *status;      /* draft | open | closed */
    int64_t opens_at, closes_at, closed_at;
    int passed;              /* -1 unknown (not closed) */
    const char *result_json;
    int64_t notice_id, topic_id, created_by, created_at;
} VoteRow;

typedef struct VoteOption {
    int64_t id;
    const char *label;
} VoteOption;

/* The counted result of a vote: Art. 278 figures or simple tallies. */
typedef struct VoteTally {
    bool art278;
    Art278Result a;
    SimpleResult s;
    int64_t electorate;      /* voters (owners, households or representatives) */
    int64_t counted, pending; /* counted ballots; paper/proxy ballots awaiting confirmation */
    int n_options;
    VoteOption *options;
    int64_t *option_votes;
} VoteTally;

/* A voter a signed-in user may cast for: the key and its household. */
typedef struct Voter {
    const char *key;
    int64_t household_id;
    const char *household_path;
    int64_t area;            /* owners: the owner's area within the scope */
} Voter;

/* Loads a vote (arena strings); false when it does not exist (or on error). */
bool vote_load(Db *db, Arena *a, int64_t id, VoteRow *out);
/* Options of a vote in order. */
bool vote_options(Db *db, Arena *a, int64_t vote_id, VoteOption **out, int *n);
/* Counts the vote's counted ballots against its electorate. */
bool vote_tally(Db *db, Arena *a, const VoteRow *v, VoteTally *t);
/* Writes the tally as JSON (every figure, the checks with both sides). */
void vote_tally_json(Buf *b, const VoteRow *v, const VoteTally *t);
/* The tally as a Chinese plain-text summary, for the notice body. */
char *vote_tally_text_zh(Arena *a, const VoteRow *v, const VoteTally *t);
/* The voter the user's person is for in this vote's electorate, if any. */
bool vote_voter_for_user(Db *db, Arena *a, const VoteRow *v, int64_t user_id, Voter *out, bool *found);
/* The voter of a household for paper ballots (owners: the first owner of
 * the household's flat, who speaks for its co-owners; owner_id, when not 0,
 * must be one of the flat's owners). */
bool vote_voter_for_household(Db *db, Arena *a, const VoteRow *v, int64_t household_id, int64_t owner_id,
                              Voter *out, bool *found);
/* The register of a scope as Art. 278 counts it, without ballots: flats
 * (units), owners, area, flats with no owner on the register or no area,
 * the developers' share. */
bool vote_register_figures(Db *db, Arena *a, const char *path, Art278Result *out);

/* A developer holding unsold flats in a scope. */
typedef struct VoteDeveloper {
    const char *name;
    int64_t units, area;
} VoteDeveloper;
/* The developers of a scope's flats, by name. */
bool vote_developers(Db *db, Arena *a, const char *path, VoteDeveloper **out, int *n);

/* An owners' vote does not open on a register where more than this
 * percentage of the scope's flats have no owner or no area on it, unless
 * staff confirm with a reason (api_vote_open, audited). Those owners could
 * not be told of the vote and count only as non-voters; past one flat in
 * ten, the register was plainly not kept up to date for this scope, and the
 * two-thirds quorum would be decided by people nobody could reach. */
#define VOTE_REGISTER_GAP_MAX_PCT 10

/* Parses and normalises a choice for the vote's method: "yes"/"no"/"abstain",
 * one option id, or option ids (sorted, unique, comma-separated). NULL when
 * invalid. */
const char *vote_choice_normalise(Arena *a, const VoteRow *v, const VoteOption *opts, int n_opts, const char *choice,
                                  const int64_t *ids, int n_ids);
/* Closes an open vote: counts, stores the result, publishes the notice,
 * audited with c's actor at c->now. Returns the notice id (0 on error). */
int64_t vote_close(const Ctx *c, VoteRow *v);
/* ---- The model of a vote's life (voting.c) ------------------------------------
 * Shared by api.c and pages.c. The adapter has checked the route's
 * permission on the vote (or, for vote_create, PERM_DELIB_MANAGE on the
 * scope) and parsed the input; these check the rest in the order the API
 * has always answered, write in the caller's transaction with the audit
 * record, and fill e on failure. */

/* A new draft vote. Text fields are the caller's (arena); NULL method or
 * electorate take the kind's default; 0 = absent for ids and times. */
typedef struct VoteNew {
    int64_t node_id;
    const char *node_path;
    const char *title, *body, *kind;
    bool has_matter;
    int matter;
    const char *method, *electorate;
    bool secret, nonvoters_yes;
    int64_t panel_id;
    int quorum_pct;
    const char *const *options;
    int n_options;
    int64_t closes_at, topic_id;
} VoteNew;
bool vote_create(const Ctx *c, const VoteNew *in, int64_t *id, VoteErr *e);
/* Opens a draft: closes_at 0 = none; register_reason confirms an owners'
 * vote on an incomplete register (NULL: refused, VM_REGISTER_...). */
bool vote_open(const Ctx *c, VoteRow *v, int64_t closes_at, const char *register_reason, VoteErr *e);

/* A ballot as written. */
typedef struct VoteBallot {
    int64_t id, household_id;
    const char *choice, *channel;
    bool replaced;
    bool counted;
} VoteBallot;
/* The ballot of voter_key in a vote (choice, channel, counted), if any. */
bool vote_ballot_of(const Ctx *c, int64_t vote_id, const char *voter_key, VoteBallot *out, bool *found);
/* How many ballots of a vote count, and how many await a second person. */
bool vote_ballot_counts(const Ctx *c, int64_t vote_id, int64_t *counted, int64_t *pending);
/* The signed-in voter's own ballot, online: replaces theirs until the close. */
bool vote_ballot_cast(const Ctx *c, const VoteRow *v, const char *choice, const int64_t *ids, int n_ids,
                      VoteBallot *out, VoteErr *e);
/* A paper or proxy ballot entered for a household (whose node the adapter
 * has checked: PERM_PAPER_BALLOT); counts once a second person confirms. */
typedef struct VotePaper {
    int64_t household_id, owner_id; /* owner_id 0: the flat's first owner */
    const char *choice;
    const int64_t *ids;
    int n_ids;
    const char *channel;            /* paper | proxy; NULL: paper */
    const char *proxy_name, *proxy_document;
} VotePaper;
bool vote_ballot_enter(const Ctx *c, const VoteRow *v, const VotePaper *in, VoteBallot *out, VoteErr *e);
bool vote_ballot_confirm(const Ctx *c, const VoteRow *v, int64_t ballot_id, VoteBallot *out, VoteErr *e);
/* A vote as the list of votes shows it. */
typedef struct VoteLine {
    int64_t id, node_id;
    const char *node_path, *node_name; /* from the grid */
    const char *title, *status, *kind;
    int passed;                        /* -1 not closed */
} VoteLine;
/* The votes c->who may read (PERM_TREE_READ on their place): open ones
 * first, then drafts, then closed ones, each newest first; arena memory. */
bool vote_lines(const Ctx *c, VoteLine **out, int *n);
/* A household of a vote's scope that has no ballot in it yet. */
typedef struct VotePaperHome {
    int64_t household_id;
    const char *address, *path; /* from the register */
} VotePaperHome;
/* The households of the vote's scope with no ballot in the vote, by
 * address (byte order), then node id: those a paper ballot may still be
 * entered for. Asks no permission. */
bool vote_paper_homes(const Ctx *c, const VoteRow *v, VotePaperHome **out, int *n);
/* A ballot as the paper-ballot desk lists it, with its household's address
 * and place from the register. */
typedef struct VoteBallotLine {
    int64_t id, household_id;
    const char *address, *household_path;
    const char *choice, *channel, *proxy_name, *proxy_document;
    bool counted;
    int64_t cast_by, confirmed_by, cast_at, updated_at;
} VoteBallotLine;
void vote_ballot_line_from_row(const Ctx *c, DbStmt *st, VoteBallotLine *l);
/* Which page of a list: after, when not 0, is the last id of the page
 * before (the keyset cursor); else page counts from 1. */
typedef struct VotePaging {
    int64_t page, per_page, after;
} VotePaging;
/* What a page says of its list: the total (cut at 10,000: capped), the
 * cursor of the next page (0 on the last); bad_cursor: after names no row
 * of the list (nothing else is filled). */
typedef struct VotePageInfo {
    int64_t total, next;
    bool capped, bad_cursor;
} VotePageInfo;
/* A page of the votes c->who may read (of one status, NULL: all; near: on,
 * inside or above that path), newest first (vote/list_sql.h): *n ids. */
bool vote_list_page(const Ctx *c, const char *status, const char *near, const VotePaging *pg, int64_t **ids, int *n,
                    VotePageInfo *info);
/* The same for meetings, latest start first. */
bool vote_meeting_list_page(const Ctx *c, const char *near, const VotePaging *pg, int64_t **ids, int *n,
                            VotePageInfo *info);
/* The same for decisions, newest first. */
bool vote_decision_list_page(const Ctx *c, const char *near, const VotePaging *pg, int64_t **ids, int *n,
                             VotePageInfo *info);
/* The public lists (no principal asked: a compound's public page): the
 * notices and the decisions on the place near (required), inside it or
 * above it, newest first, as notice_list_page and vote_decision_list_page. */
bool notice_public_page(const Ctx *c, const char *near, const VotePaging *pg, int64_t **ids, int *n, VotePageInfo *info);
bool vote_decision_public_page(const Ctx *c, const char *near, const VotePaging *pg, int64_t **ids, int *n,
                               VotePageInfo *info);
/* A page of a vote's ballots in id order (pending_only: those awaiting
 * confirmation), with their households' addresses and places; keep, when
 * not NULL, says which lines the caller may see (given env; the others are
 * skipped and not counted). Asks no permission itself. */
bool vote_ballot_page(const Ctx *c, int64_t vote_id, bool pending_only, const VotePaging *pg,
                      bool (*keep)(const Ctx *c, const void *env, const VoteBallotLine *l), const void *env,
                      VoteBallotLine **out, int *n, VotePageInfo *info);
/* The ballots of a vote (pending_only: those awaiting confirmation), by
 * household address, then id. Asks no permission. */
bool vote_ballot_lines(const Ctx *c, int64_t vote_id, bool pending_only, VoteBallotLine **out, int *n);
/* The code a paper ballot carries (text and QR): "GZB1-<vote>-<household>-<mac>",
 * the MAC keyed by the server's key. */
const char *vote_ballot_code(Arena *a, int64_t vote_id, int64_t household_id);
/* A scanned or typed code of a ballot of this vote: true with its household
 * when the MAC is right, false for anything else (another vote's code included). */
bool vote_ballot_code_parse(const char *code, int64_t vote_id, int64_t *household_id);
/* Closes an open vote by hand (VM_NOT_OPEN_TO_CLOSE otherwise). */
bool vote_finish(const Ctx *c, VoteRow *v, VoteErr *e);
/* May c->who see the vote's result now (closed, or they run it)? */
bool vote_result_visible(const Ctx *c, const VoteRow *v, VoteErr *e);
/* A topic cited by something placed at scope: VM_NO_SUCH_TOPIC when it does
 * not exist or c->who may not see it, VM_TOPIC_OUT_OF_SCOPE when it lies
 * neither inside scope nor above it; field names the input. */
bool vote_topic_in_scope(const Ctx *c, int64_t topic_id, const char *scope, const char *field, VoteErr *e);

/* Percent with one decimal from a ratio, integer-only: 136/139 -> "97.8". */
char *vote_pct(Arena *a, int64_t num, int64_t den);

/* A convention's clauses are the non-blank lines of its text (blank: only
 * spaces, tabs and CRs), numbered from 1. Steps *cursor (NULL or text) past
 * the next clause and gives its start and length, without the newline;
 * false when no clause is left. */
bool vote_clause_next(const char **cursor, const char **line, size_t *len);

/* How a commenter is shown: the full display name to those who run
 * deliberation (full = true) and to the commenter themself; to everyone
 * else the building/unit label of their home, if any, and the name masked
 * to its first character ("张**"). */
const char *vote_commenter_label(Arena *a, const char *display_name, const char *home_label, bool full);

/* The demo history (demo.c); vote_demo calls it. */
bool vote_demo_build(Db *db, uint64_t seed, char *err, size_t errlen);

/* Labels */
const char *vote_status_zh(const char *status);
const char *vote_electorate_zh(const char *electorate);
const char *vote_choice_zh(const char *choice);

#endif
