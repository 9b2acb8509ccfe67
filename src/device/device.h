/* device.h: smart devices (bins, access control, leak, charger and smoke
 * sensors). A device posts its events with its own token (hashed at rest,
 * revocable); a rule maps each event to a work order through wo_raise()
 * (source_kind "device"), deduplicated within a window and rate-limited
 * per device; a device silent too long raises an alert through notify.
 * Hazards belong to the safety capability (not yet on main): the rule
 * table's `hazard` column names the hook it will take. */
#ifndef GZ_DEVICE_H
#define GZ_DEVICE_H
#include <stdbool.h>
#include <stdint.h>
#include "auth/ctx.h"

typedef enum DeviceMsg {
    DM_OK,
    DM_BAD_TOKEN,     /* 401: unknown or revoked token */
    DM_UNKNOWN_EVENT, /* 400 */
    DM_BAD_KIND,      /* 400 */
    DM_RATE_LIMITED,  /* 429: more than DEVICE_PER_MINUTE events in a minute */
    DM_NOT_FOUND,     /* 404 */
    DM_RAISE_FAILED,  /* 400: the work order was refused (the node, the category) */
    DM_BUSY,          /* 503 */
    DM__COUNT
} DeviceMsg;
typedef struct DeviceErr {
    DeviceMsg msg;
    const char *field;
} DeviceErr;

/* ---- pure rules (rules.c) ---- */
#define DEVICE_PER_MINUTE 30
#define DEVICE_DEDUP_WINDOW 1800 /* s: the same event of one device with its order still open */
typedef struct DeviceRule {
    const char *code;     /* the device's event */
    const char *category; /* wo_category.code */
    const char *label_zh; /* the order's words */
    bool urgent;
    int64_t response_minutes, resolve_minutes; /* 0: the policy's */
    bool hazard;          /* also a hazard once safety/ exists (the hook) */
} DeviceRule;
const DeviceRule *device_rule(const char *code); /* NULL: unknown */
bool device_kind_valid(const char *kind);
/* Is an event a duplicate: the same code within the window of the last
 * order raised for it, that order still open? */
bool device_is_duplicate(int64_t last_at, bool last_open, int64_t now, int64_t window);
/* Keyed hash (hex) of a token for lookup; pure over its input. */
void device_token_hash(const char *token, char out[65]);

/* ---- the model (model.c) ---- */
typedef struct Device {
    int64_t id, node_id, last_seen_at, revoked_at, silent_after, created_at;
    const char *node_path, *name, *kind;
} Device;
/* Adds a device; *token_out (c->arena) is its token, shown once. */
bool device_add(const Ctx *c, int64_t node_id, const char *node_path, const char *name, const char *kind,
                int64_t silent_after, int64_t *id_out, const char **token_out, DeviceErr *e);
int device_list(const Ctx *c, int64_t after, Device *out, int max);
bool device_get(const Ctx *c, int64_t id, Device *out, DeviceErr *e);
bool device_revoke(const Ctx *c, int64_t id, DeviceErr *e);
/* One event from the device holding token: *order_id the order raised or
 * the one it duplicates, *duplicate whether it was. */
bool device_event_in(const Ctx *c, const char *token, const char *code, const char *detail, int64_t *order_id,
                     bool *duplicate, DeviceErr *e);
/* The periodic job: an alert (notify, urgent) for each device silent longer
 * than its silent_after, once until it speaks again. */
bool device_silent_sweep(const Ctx *c, int *n_alerted);

#endif
