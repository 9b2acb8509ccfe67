/* read.h: what other capabilities may know of a work order, and the one
 * answer to "may this principal read this order". No HTTP: a vote, a payment
 * or an export that cites an order asks here instead of reading the
 * work-order tables (docs/ARCHITECTURE.md, "Reading another capability"). */
#ifndef GZ_WO_READ_H
#define GZ_WO_READ_H
#include <stdbool.h>
#include <stdint.h>

#include "auth/ctx.h"
#include "core/todo.h"

/* The facts of one order that a citation and the read permission need. */
typedef struct WoBrief {
    int64_t id;
    int64_t community_id, grid_id, compound_id, node_id; /* the order's place and the nodes above it */
    int64_t reporter_id;                                 /* 0: reported on paper or by phone, no account */
    const char *node_path;                               /* "/1/4/9/12/": the place's path */
    const char *category_code, *category_name;           /* "water", "供水" */
    const char *state;                                   /* "reported", ... (wo_state_name) */
    /* The community requires the compound committee's confirmation after the
     * reporter's (two-party close): a committee on the compound then acts on
     * the order. */
    bool committee_required;
    /* The asking principal (c->who) belongs to an org the order was
     * dispatched to. A fact about the asker, not a permission: wo_may_read
     * decides with it. False for the system (c->who NULL). */
    bool asker_org_assigned;
} WoBrief;

/* Reads order id into *out (strings in c->arena), in the caller's
 * transaction. Never checks the caller's permission: ask wo_may_read next.
 * False when there is no such order or it could not be read. */
bool wo_order_brief(const Ctx *c, int64_t id, WoBrief *out);

/* What the principal is to this order, as WO_CAP_* bits (workorder.h):
 * reporter, dispatcher (PERM_WO_DISPATCH on the place), handler
 * (PERM_WO_HANDLE and their org assigned), committee (a committee grant on
 * the place where the community requires it, and not the reporter). A pure
 * rule over the principal's grants and the brief's facts. */
int wo_caps_of(const Principal *who, const WoBrief *b);

/* THE answer to "may this principal read this order": any WO_CAP_* of
 * wo_caps_of, or PERM_WO_READ on the order's place. The API, the pages,
 * Open311, the deliberation's citations and the payments all ask this. The
 * system (c->who NULL) reads nothing through it: jobs do not ask. */
bool wo_may_read(const Ctx *c, const WoBrief *b);

/* What waits for the principal among the work orders, appended to out:
 * wo_handle (待我处理: a dispatcher's orders to accept, dispatch or take
 * back, a handler's orders dispatched to their org), wo_late (即将超时:
 * open orders of the dispatcher's places whose deadline falls within a day
 * or has passed), wo_confirm (待我确认: the compound committee's two-party
 * close), wo_rate (the reporter's orders marked done, to confirm and rate).
 * Each kind at most TODO_KIND_MAX items; *capped (may be NULL) is set when
 * a kind had more. Reads through indexes only (test_todo.c checks the
 * plans). False on a storage error. */
bool wo_todo(const Ctx *c, TodoList *out, bool *capped);

#endif
