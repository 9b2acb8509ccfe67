/* notify.h: the outbox every capability writes its events to, inside the
 * transaction of the change it announces. The floor sits low (above grid)
 * so that work orders, votes, money, projects, life, safety and devices can
 * all call notify_emit(); delivery to bots, email and the in-app inbox reads
 * the same rows in id order and never blocks the request that caused them. */
#ifndef GZ_NOTIFY_H
#define GZ_NOTIFY_H
#include <stdbool.h>
#include <stdint.h>
#include "auth/ctx.h"

/* Caps that keep one event small enough for every channel's split. */
#define NOTIFY_TITLE_MAX 200 /* bytes */
#define NOTIFY_BODY_MAX 2000
#define NOTIFY_LINK_MAX 300
#define NOTIFY_DATA_MAX 2000

typedef struct NotifyEvent {
    const char *type;      /* stable code, "<entity>.<what>": "wo.dispatched", "hazard.red" */
    const char *entity;    /* the table's subject: "work_order", "hazard" */
    int64_t entity_id;
    const char *node_path; /* the place the event belongs to ("/1/4/") */
    bool urgent;           /* goes through quiet hours and mutes */
    int64_t user_id;       /* the person concerned, 0 when none */
    const char *title;     /* Chinese; masked: names as 张*, no door numbers */
    const char *body;      /* Chinese; masked; may be "" */
    const char *link;      /* the page's path, "/workorders/12" */
    const char *data;      /* a JSON object of machine-readable facts (ids, states; no personal data); NULL: {} */
} NotifyEvent;

/* Is e well formed (type "<a>.<b>" of [a-z0-9_.], entity, a path "/.../",
 * a title, a link starting with "/", each within its cap)? Pure. */
bool notify_event_valid(const NotifyEvent *e);

/* Writes e to the outbox in the caller's transaction (c->now, ctx_actor(c)).
 * *id_out (may be NULL) receives its id. False on a malformed event (a
 * programming error of the caller: logged) or a storage error; the caller
 * then rolls its change back, so no change goes unannounced. */
bool notify_emit(const Ctx *c, const NotifyEvent *e, int64_t *id_out);

/* One stored event, as the delivery side reads it. */
typedef struct NotifyRow {
    int64_t id, entity_id, user_id, created_by, created_at;
    const char *type, *entity, *node_path, *title, *body, *link, *data;
    bool urgent;
} NotifyRow;

/* Up to max events with id > after, oldest first, into rows (c->arena);
 * returns the count, -1 on a storage error. */
int notify_events_after(const Ctx *c, int64_t after, NotifyRow *rows, int max);

/* The same, only the events of one entity ("work_order"): a capability's
 * own feed of its events. */
int notify_events_of(const Ctx *c, const char *entity, int64_t after, NotifyRow *rows, int max);

/* For the metrics: events not yet fanned out to the bots, and deliveries
 * pending and failed; false on a storage error. */
bool notify_backlog(Db *db, int64_t *events_queued, int64_t *pending, int64_t *failed);

#endif
