/* public.h: what anyone, signed in or not, may see of a compound's work
 * orders (the public order list and map): the categories flagged public
 * (wo_category.shown_public), the place down to the building only, no
 * reporter, no description, no door. No HTTP. */
#ifndef GZ_WO_PUBLIC_H
#define GZ_WO_PUBLIC_H
#include <stdbool.h>
#include <stdint.h>

#include "auth/ctx.h"

/* At most this many orders on one page of the public list. */
#define WO_PUBLIC_PAGE_MAX 100

typedef struct WoPublicOrder {
    int64_t id;
    int64_t building_id;     /* 0: the order is on the compound's common parts */
    const char *building;    /* the building's name; "" when building_id is 0 */
    const char *category;    /* Chinese name */
    const char *state;       /* wo state code */
    int64_t reported_at, closed_at; /* closed_at 0 while open */
    int rating;              /* 0: not rated */
} WoPublicOrder;

typedef struct WoPublicCategory {
    const char *code, *name;
    bool shown_public;
} WoPublicCategory;

/* The statements, as literals so test_wo_public_plans.c checks their plans.
 * Open orders, newest first by id below a cursor. Args: compound, id, limit. */
#define WO_PUBLIC_OPEN                                                                                      \
    "SELECT o.id, o.node_id, o.state, o.created_at, o.closed_at, o.rating, c.name FROM work_order o "      \
    "JOIN wo_category c ON c.id = o.category_id WHERE o.compound_id = ? AND o.is_open = 1 AND o.id < ? "    \
    "AND c.shown_public = 1 ORDER BY o.id DESC LIMIT ?"
/* Closed since a time, latest closed first below a cursor (closed_at, id).
 * Args: compound, since, time, id, limit. */
#define WO_PUBLIC_CLOSED                                                                                     \
    "SELECT o.id, o.node_id, o.state, o.created_at, o.closed_at, o.rating, c.name FROM work_order o "       \
    "JOIN wo_category c ON c.id = o.category_id WHERE o.compound_id = ? AND o.state = 'closed' "             \
    "AND o.closed_at >= ? AND (o.closed_at, o.id) < (?, ?) AND c.shown_public = 1 "                          \
    "ORDER BY o.closed_at DESC, o.id DESC LIMIT ?"
/* Args: id, compound. */
#define WO_PUBLIC_CLOSED_CURSOR "SELECT closed_at FROM work_order WHERE id = ? AND compound_id = ? AND state = 'closed'"

/* A page of a compound's public orders: open ones (closed false), or those
 * closed at or after since (closed true); after: the last id of the page
 * before (0: the first page); at most limit (1..WO_PUBLIC_PAGE_MAX) in
 * *out (c's arena), *next the cursor of the next page (0: none);
 * *bad_cursor when after names no such order. Asks no permission: what it
 * returns is public. False on a storage error. */
bool wo_public_orders(const Ctx *c, int64_t compound_id, bool closed, int64_t since, int64_t after, int limit,
                      WoPublicOrder **out, int *n, int64_t *next, bool *bad_cursor);

/* Every active category and whether it is shown publicly, in menu order. */
bool wo_public_categories(const Ctx *c, WoPublicCategory **out, int *n);

#endif
