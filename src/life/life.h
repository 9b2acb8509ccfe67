/* life.h: community life: events with capacity and a waiting list, the
 * volunteer points ledger and its catalogue, rotas, the service menu (a
 * service order is a work order raised through wo_raise). Pure rules (no
 * I/O, table-tested in tests/unit/test_life_rules.c), the model, its errors
 * and its permission questions. No HTTP: the handlers are in life/web.h. */
#ifndef GZ_LIFE_H
#define GZ_LIFE_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "auth/ctx.h"
#include "auth/perm.h"
#include "core/todo.h"

/* ---- errors ---------------------------------------------------------------- */

typedef enum {
    LM_BUSY,
    LM_INTERNAL,
    LM_LOGIN_NEEDED,
    LM_FORBIDDEN,
    LM_NO_SUCH_NODE,
    LM_NO_SUCH_EVENT,
    LM_NO_SUCH_BOOKING,
    LM_BAD_TIME,          /* ends before it starts */
    LM_BAD_AUDIENCE,
    LM_EVENT_CANCELLED,
    LM_ALREADY_BOOKED,
    LM_FOR_NAME_NEEDS_CONSENT,
    LM_NOT_CONFIRMED,     /* check-in of a booking without a seat */
    LM_ALREADY_CHECKED_IN,
    LM_BOOKING_CANCELLED,
    LM_NOT_ENOUGH_POINTS,
    LM_NO_SUCH_REWARD,
    LM_OUT_OF_STOCK,
    LM_NO_SUCH_ENTRY,
    LM_NOT_REVERSIBLE,
    LM_ALREADY_AWARDED,
    LM_NO_SUCH_DUTY,
    LM_NO_SUCH_SHIFT,
    LM_NO_SUCH_ASSIGNMENT,
    LM_NOT_AVAILABLE,     /* a volunteer who did not offer that shift */
    LM_REST_BROKEN,       /* too close to another of their shifts */
    LM_SHIFT_FULL,
    LM_ROTA_PUBLISHED,
    LM_NO_SWAP,
    LM_BAD_STATUS,
    LM_NO_SUCH_SERVICE,
    LM_BAD_TIER,
    LM_BAD_PRICE,
    LM_BAD_CATEGORY,
    LM_BAD_CURSOR,
    LM_NO_SUCH_USER,
    LM_BAD_KIND,          /* offer/need kind, giver kind */
    LM_NO_SUCH_OFFER,
    LM_NO_SUCH_NEED,
    LM_NO_SUCH_MATCH,
    LM_MORE_THAN_OFFERED, /* a match for more than is left of the offer */
    LM_MORE_THAN_NEEDED,  /* a match for more than is left of the need */
    LM_KIND_MISMATCH,     /* offer and need of different kinds */
    LM_ALREADY_DELIVERED,
    LM_NO_SUCH_TALENT,
    LM_CONSENT_NEEDED,    /* a talent or a story without consent */
    LM_NO_SUCH_BOOK,
    LM_BOOK_LENT,         /* a loan of a book already lent */
    LM_NO_SUCH_LOAN,
    LM_ALREADY_RETURNED,
    LM_NO_SUCH_STORY,
    LM__COUNT
} LifeMsg;

typedef struct LifeErr {
    LifeMsg msg;
    const char *field;
    const char *detail;
} LifeErr;

bool life_err(LifeErr *e, LifeMsg msg, const char *field); /* false */
bool life_err_db(LifeErr *e, Db *db);                      /* LM_BUSY or LM_INTERNAL; false */

/* ---- pure rules ----------------------------------------------------------- */

/* May a booking of party seats be confirmed with taken of capacity seats
 * taken? Otherwise it waits in line. */
bool life_seat_free(int64_t capacity, int64_t taken, int64_t party);

/* The waiting list moves up: given the free seats and the parties waiting
 * (in line order), marks promote[i] for each one promoted. In order, each
 * that fits is promoted; one too large for what is left keeps its place and
 * the next in line may go (a household of four does not hold up a single
 * person). Returns the number promoted. */
int life_promote(int64_t free_seats, const int64_t *parties, int n, bool *promote);

typedef enum { LP_EVENT, LP_SHIFT, LP_SERVICE } LifePointsKind;
/* Points earned by an activity: an event attended earns the event's points;
 * a completed shift its duty's points per started hour; a service recorded
 * by staff earns LIFE_SERVICE_POINTS. Never from a sign-up: only what was
 * done. -1 on bad input (negative base or minutes). */
#define LIFE_SERVICE_POINTS 5
int64_t life_points_earned(LifePointsKind kind, int64_t base, int64_t minutes);

/* The rota generator. Shifts (start, end, needed), volunteers, who offered
 * which shift (avail[s * n_vol + v]), the least rest between two shifts of
 * one person, and a seed. Fills each shift's slots in order of start (then
 * index) with an available volunteer who is free and rested, preferring the
 * fewest minutes so far, ties broken by a hash of (seed, volunteer id), so
 * the same input and seed give the same rota. out_vol[k] for slot k of the
 * shifts' slots in order (shift 0's slots first); -1: unfilled. Returns the
 * number filled, -1 on bad input. */
typedef struct RotaShift {
    int64_t start, end;
    int needed;
} RotaShift;
int life_rota_generate(const RotaShift *shifts, int n_shift, const int64_t *vol_ids, int n_vol, const bool *avail,
                       int64_t min_rest, uint64_t seed, int *out_vol);

/* May a person with shifts [starts[i], ends[i]) take one more [s, e)?
 * Not when it overlaps one or comes within min_rest of one. */
bool life_rest_ok(const int64_t *starts, const int64_t *ends, int n, int64_t s, int64_t e, int64_t min_rest);

/* The least rest between two shifts of one volunteer: 8 hours. */
#define LIFE_MIN_REST (8 * 3600)

bool life_audience_valid(const char *s);   /* all, elderly, youth, children */
const char *life_audience_label_zh(const char *s);
bool life_price_kind_valid(const char *s); /* free, low_cost, market */
const char *life_price_kind_label_zh(const char *s);
bool life_tier_valid(const char *s);       /* basic, professional */
/* A service's satisfaction: the mean of count ratings (1-5) summing to sum,
 * times ten, rounded half up (4.5 -> 45); 0 when none or out of range. */
int64_t life_satisfaction_x10(int64_t count, int64_t sum);

/* ---- events ---------------------------------------------------------------- */

typedef struct LifeEvent {
    int64_t id, node_id, starts_at, ends_at, capacity, points, seats_taken, waiting, created_by;
    const char *node_path, *title, *body, *audience, *place, *status;
} LifeEvent;

typedef struct LifeEventNew {
    int64_t node_id;
    const char *title, *body, *audience, *place;
    int64_t starts_at, ends_at, capacity, points;
} LifeEventNew;

bool life_event_create(const Ctx *c, const LifeEventNew *in, int64_t *id_out, LifeErr *e);
/* false with LM_NO_SUCH_EVENT when absent. */
bool life_event_get(const Ctx *c, int64_t id, LifeEvent *out, LifeErr *e);

typedef struct LifeBooking {
    int64_t id, event_id, user_id, party, checked_in_at, created_at, promoted_at, position;
    const char *for_name, *status;
} LifeBooking;

typedef struct LifeBookNew {
    int64_t event_id;
    int64_t user_id;      /* the person booked (the caller, or 0 for for_name) */
    const char *for_name; /* at the desk for someone without an account */
    bool consent;
    int64_t party;
} LifeBookNew;

/* Takes a seat when one is free, else a place in line. */
bool life_book(const Ctx *c, const LifeBookNew *in, LifeBooking *out, LifeErr *e);
bool life_booking_get(const Ctx *c, int64_t id, LifeBooking *out, LifeErr *e);
/* Cancels a booking; a freed seat goes to the waiting list at once
 * (life_promote), each promoted person told through notify. *promoted gets
 * how many moved up. */
bool life_booking_cancel(const Ctx *c, int64_t id, int *promoted, LifeErr *e);
/* Records attendance; the attendee (with an account) earns the event's
 * points in the same transaction. */
bool life_checkin(const Ctx *c, int64_t booking_id, LifeErr *e);

/* One page of events in a place, newest first below the cursor. */
int life_events_page(const Ctx *c, int64_t node_id, int64_t after, int limit, LifeEvent *out, LifeErr *e);
/* One page of an event's bookings in line order (id ascending above after). */
int life_bookings_page(const Ctx *c, int64_t event_id, int64_t after, int limit, LifeBooking *out, LifeErr *e);
/* Attendance: confirmed seats and checked-in people. */
bool life_event_attendance(const Ctx *c, int64_t event_id, int64_t *confirmed, int64_t *attended, LifeErr *e);
/* The active booking of user_id for the event; 0 when none. */
bool life_booking_of(const Ctx *c, int64_t event_id, int64_t user_id, int64_t *booking_id, LifeErr *e);

/* ---- points ---------------------------------------------------------------- */

/* Earns points for user_id (dedupe makes it happen once; a repeat is
 * LM_ALREADY_AWARDED). */
bool life_points_award(const Ctx *c, int64_t user_id, LifePointsKind kind, const char *dedupe, int64_t amount,
                       const char *memo, int64_t *entry_out, LifeErr *e);
bool life_points_balance(const Ctx *c, int64_t user_id, int64_t *balance, bool *public_out, LifeErr *e);
/* Redeems one of a reward: stock and balance taken under their row locks,
 * never below zero. */
bool life_points_redeem(const Ctx *c, int64_t user_id, int64_t reward_id, int64_t *redemption_out, LifeErr *e);
/* A compensating entry: the entry's lines the other way. */
bool life_points_reverse(const Ctx *c, int64_t entry_id, int64_t *entry_out, LifeErr *e);
bool life_points_set_public(const Ctx *c, int64_t user_id, bool pub, LifeErr *e);
/* The sum of all balances and of all lines (both must be 0), and whether
 * each account's balance equals its lines. */
bool life_points_check(const Ctx *c, int64_t *sum_balances, int64_t *sum_lines, int64_t *mismatched, LifeErr *e);

typedef struct LifePointsLine {
    int64_t id, entry_id, delta, created_at;
    const char *kind, *memo;
} LifePointsLine;
int life_points_ledger(const Ctx *c, int64_t user_id, int64_t after, int limit, LifePointsLine *out, LifeErr *e);

typedef struct LifeBoardRow {
    int64_t user_id, balance, account_id;
} LifeBoardRow;
/* The public leaderboard: highest balance first, people who opted out left out. */
int life_points_board(const Ctx *c, int limit, LifeBoardRow *out, LifeErr *e);

typedef struct LifeReward {
    int64_t id, node_id, cost, stock;
    const char *node_path, *name;
} LifeReward;
bool life_reward_create(const Ctx *c, int64_t node_id, const char *name, int64_t cost, int64_t stock, int64_t *id_out,
                        LifeErr *e);
bool life_reward_get(const Ctx *c, int64_t id, LifeReward *out, LifeErr *e);
int life_rewards_page(const Ctx *c, int64_t node_id, int64_t after, int limit, LifeReward *out, LifeErr *e);

/* ---- rotas ----------------------------------------------------------------- */

typedef struct LifeDuty {
    int64_t id, node_id, points, published_at;
    bool swap_needs_approval;
    const char *node_path, *name;
} LifeDuty;
typedef struct LifeShift {
    int64_t id, duty_id, starts_at, ends_at, needed;
} LifeShift;
typedef struct LifeAssignment {
    int64_t id, shift_id, user_id, swap_to, starts_at, ends_at, duty_id;
    const char *status;
} LifeAssignment;

bool life_duty_create(const Ctx *c, int64_t node_id, const char *name, int64_t points, bool swap_needs_approval,
                      int64_t *id_out, LifeErr *e);
bool life_duty_get(const Ctx *c, int64_t id, LifeDuty *out, LifeErr *e);
bool life_shift_create(const Ctx *c, int64_t duty_id, int64_t starts_at, int64_t ends_at, int64_t needed,
                       int64_t *id_out, LifeErr *e);
bool life_shift_get(const Ctx *c, int64_t id, LifeShift *out, LifeErr *e);
/* The caller (user_id) offers to take the shift. */
bool life_availability_set(const Ctx *c, int64_t shift_id, int64_t user_id, bool available, LifeErr *e);
/* Generates the duty's rota from availability (replacing unpublished
 * assignments) with the seed; *filled and *slots count the result. */
bool life_rota_generate_duty(const Ctx *c, int64_t duty_id, uint64_t seed, int *filled, int *slots, LifeErr *e);
bool life_rota_publish(const Ctx *c, int64_t duty_id, LifeErr *e);
int life_assignments_of_duty(const Ctx *c, int64_t duty_id, LifeAssignment *out, int max, LifeErr *e);
bool life_assignment_get(const Ctx *c, int64_t id, LifeAssignment *out, LifeErr *e);
/* Asks to hand an assignment to to_user (who must have offered the shift and
 * be rested); done at once when the duty needs no approval. */
bool life_swap_request(const Ctx *c, int64_t assignment_id, int64_t to_user, bool *done, LifeErr *e);
bool life_swap_approve(const Ctx *c, int64_t assignment_id, LifeErr *e);
/* Marks a shift done (points to the volunteer) or missed. */
bool life_assignment_mark(const Ctx *c, int64_t assignment_id, bool done, LifeErr *e);
/* The next shift of user_id from now; false with *found false when none. */
bool life_next_shift(const Ctx *c, int64_t user_id, LifeAssignment *out, bool *found, LifeErr *e);

/* ---- services -------------------------------------------------------------- */

typedef struct LifeService {
    int64_t id, node_id, price_fen, response_minutes, resolve_minutes;
    bool active;
    const char *node_path, *name, *tier, *provider, *category_code, *price_kind;
    /* satisfaction: the residents' ratings (1-5) of the service's orders, read
     * back through the work-order model (life_service_get fills them) */
    int64_t rating_count, rating_sum;
} LifeService;
bool life_service_create(const Ctx *c, const LifeService *in, int64_t *id_out, LifeErr *e);
bool life_service_get(const Ctx *c, int64_t id, LifeService *out, LifeErr *e);
int life_services_page(const Ctx *c, int64_t node_id, int64_t after, int limit, LifeService *out, LifeErr *e);
/* A resident's order of a service: a work order raised through wo_raise
 * (source_kind "service", the service's contracted response and resolve
 * times as its SLA) at node_id (their household or compound). */
bool life_service_order(const Ctx *c, int64_t service_id, int64_t node_id, const char *description,
                        int64_t *order_id, LifeErr *e);

/* ---- resources against needs (resource.c) ---------------------------------- */

bool life_resource_kind_valid(const char *s); /* room, vehicle, hours, money, goods */
const char *life_resource_kind_label_zh(const char *s);
bool life_giver_kind_valid(const char *s);    /* unit, shop, resident, charity */
const char *life_giver_kind_label_zh(const char *s);

/* The matcher (pure). An offer or a need: its kind, its place (node path),
 * its window [from, to) and what is left of it. */
typedef struct MatchItem {
    int64_t id;
    const char *kind, *path;
    int64_t from, to, left;
} MatchItem;
typedef struct MatchProposal {
    int offer, need; /* indexes into the arrays */
    int64_t quantity;
} MatchProposal;
/* Proposes matches: an offer fits a need when their kinds are equal, their
 * windows overlap and the offer's place is the need's or above it (a
 * community's offer serves its compounds). Needs in order (by index); for
 * each, fitting offers nearest first (the deepest path), then earliest
 * window start, then index; each takes what it can of the need, and no
 * offer gives more than is left of it. Returns the number of proposals
 * written (at most max), -1 on bad input. */
int life_match_propose(const MatchItem *offers, int n_offer, const MatchItem *needs, int n_need, MatchProposal *out,
                       int max);

typedef struct LifeOffer {
    int64_t id, node_id, from_at, to_at, quantity, quantity_left, created_by;
    const char *node_path, *giver_kind, *giver_name, *kind, *title, *place;
} LifeOffer;
typedef struct LifeNeed {
    int64_t id, node_id, from_at, to_at, quantity, quantity_left, created_by;
    const char *node_path, *kind, *title, *place;
} LifeNeed;
typedef struct LifeMatch {
    int64_t id, node_id, offer_id, need_id, quantity, giver_done_at, receiver_done_at, created_at;
} LifeMatch;

bool life_offer_create(const Ctx *c, const LifeOffer *in, int64_t *id_out, LifeErr *e);
bool life_offer_get(const Ctx *c, int64_t id, LifeOffer *out, LifeErr *e);
int life_offers_page(const Ctx *c, int64_t node_id, int64_t after, int limit, LifeOffer *out, LifeErr *e);
bool life_need_create(const Ctx *c, const LifeNeed *in, int64_t *id_out, LifeErr *e);
bool life_need_get(const Ctx *c, int64_t id, LifeNeed *out, LifeErr *e);
int life_needs_page(const Ctx *c, int64_t node_id, int64_t after, int limit, LifeNeed *out, LifeErr *e);
/* The most open offers, and the most open needs, one run of the matcher sees. */
#define LIFE_MATCH_POOL 100
/* The matcher over the open offers at node_path and above it and the open
 * needs of node_id (at most LIFE_MATCH_POOL of each). */
int life_match_proposals(const Ctx *c, int64_t node_id, MatchProposal *out, int max, LifeOffer *offers, int *n_offer,
                         LifeNeed *needs, int *n_need, LifeErr *e);
/* Staff confirm a match: what is left of the offer and of the need falls
 * by quantity under conditional UPDATEs (never below zero, also racing). */
bool life_match_confirm(const Ctx *c, int64_t offer_id, int64_t need_id, int64_t quantity, int64_t *id_out,
                        LifeErr *e);
bool life_match_get(const Ctx *c, int64_t id, LifeMatch *out, LifeErr *e);
int life_matches_page(const Ctx *c, int64_t node_id, int64_t after, int limit, LifeMatch *out, LifeErr *e);
/* One side records the delivery: giver true for the offer's side. */
bool life_match_delivered(const Ctx *c, int64_t id, bool giver, LifeErr *e);

/* ---- the talent pool (talent.c) ---------------------------------------------- */

typedef struct LifeTalent {
    int64_t id, node_id, user_id, withdrawn_at, created_at;
    const char *node_path, *name, *skill, *note;
} LifeTalent;
bool life_talent_create(const Ctx *c, const LifeTalent *in, bool consent, int64_t *id_out, LifeErr *e);
bool life_talent_get(const Ctx *c, int64_t id, LifeTalent *out, LifeErr *e);
bool life_talent_withdraw(const Ctx *c, int64_t id, LifeErr *e);
/* One page of the talents offered at node_id (withdrawn ones left out),
 * whose skill contains q when q is non-empty. */
int life_talents_page(const Ctx *c, int64_t node_id, const char *q, int64_t after, int limit, LifeTalent *out,
                      LifeErr *e);

/* ---- the reading corner (library.c) ------------------------------------------ */

typedef struct LifeBook {
    int64_t id, node_id, created_at;
    bool on_loan;
    const char *node_path, *title, *author, *donor;
} LifeBook;
typedef struct LifeLoan {
    int64_t id, book_id, user_id, due_at, returned_at, reminded_at, created_at;
    const char *for_name;
} LifeLoan;
bool life_book_create(const Ctx *c, const LifeBook *in, int64_t *id_out, LifeErr *e);
bool life_book_get(const Ctx *c, int64_t id, LifeBook *out, LifeErr *e);
int life_books_page(const Ctx *c, int64_t node_id, int64_t after, int limit, LifeBook *out, LifeErr *e);
/* Lends the book to user_id (or for_name at the desk) until due_at; a book
 * already lent is LM_BOOK_LENT, also when two lend it at once. */
bool life_loan_create(const Ctx *c, int64_t book_id, int64_t user_id, const char *for_name, int64_t due_at,
                      int64_t *id_out, LifeErr *e);
bool life_loan_get(const Ctx *c, int64_t id, LifeLoan *out, LifeErr *e);
bool life_loan_return(const Ctx *c, int64_t id, LifeErr *e);
/* One page of a book's loans, newest first below the cursor. */
int life_loans_page(const Ctx *c, int64_t book_id, int64_t before, int limit, LifeLoan *out, LifeErr *e);
/* Overdue loans not yet reminded: one notify event each (loan.overdue) to
 * the borrower, once. *sent gets how many. A job of ops.c. */
bool life_loans_remind(const Ctx *c, int *sent, LifeErr *e);

typedef struct LifeStory {
    int64_t id, node_id, created_by, created_at, withdrawn_at;
    const char *node_path, *title, *body, *era, *consent_note, *status;
} LifeStory;
/* A story needs the consent of the people shown (consent_note says whose). */
bool life_story_create(const Ctx *c, const LifeStory *in, bool consent, int64_t *id_out, LifeErr *e);
bool life_story_get(const Ctx *c, int64_t id, LifeStory *out, LifeErr *e);
bool life_story_withdraw(const Ctx *c, int64_t id, LifeErr *e);
/* One page of the public (not withdrawn) stories of node_id. */
int life_stories_page(const Ctx *c, int64_t node_id, int64_t after, int limit, LifeStory *out, LifeErr *e);

/* ---- permission questions (perm.c) ----------------------------------------- */
bool life_may_manage(const Ctx *c, const char *node_path);
bool life_may_see(const Ctx *c, const char *node_path);
bool life_may_search_talents(const Ctx *c, const char *node_path);

/* ---- the inbox (todo.c) ----------------------------------------------------- */
/* Adds the principal's next shift (life_shift) and the events whose waiting
 * list gave them a seat (event_promoted); false on a storage error. */
bool life_todo(const Ctx *c, TodoList *out, bool *capped);

/* ---- demo ------------------------------------------------------------------ */
bool life_demo(Db *db, uint64_t seed, char *err, size_t errlen);

#endif
