/* device.h: smart devices (bins, access control, leak, charger and smoke
 * sensors). A device posts its events with its own token (hashed at rest,
 * revocable); a rule (a community's, else the built-in one) maps each
 * event to a work order through wo_raise() (source_kind "device"), a hazard
 * through safety_hazard_create(), or a fault of the facility the device
 * watches through project_facility_fault(), deduplicated within a window
 * and rate-limited per device; a device silent too long raises an alert
 * through notify and a hazard through safety. */
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
    DM_BAD_RULE,      /* 400: a community rule out of shape (field) */
    DM_NO_FACILITY,   /* 400: action facility on a device that watches none */
    DM__COUNT
} DeviceMsg;
typedef struct DeviceErr {
    DeviceMsg msg;
    const char *field;
} DeviceErr;

/* ---- pure rules (rules.c) ---- */
#define DEVICE_PER_MINUTE 30
#define DEVICE_DEDUP_WINDOW 1800 /* s: the same event of one device with its order still open */
/* What a rule makes of an event: a work order, a hazard in the safety
 * register (safety_hazard_create), a fault of the facility the device
 * watches (project_facility_fault), or nothing but the record. */
typedef enum DeviceAction { DA_ORDER, DA_HAZARD, DA_FACILITY, DA_IGNORE, DA__COUNT } DeviceAction;
const char *device_action_name(DeviceAction a);
bool device_action_parse(const char *s, DeviceAction *out);
typedef struct DeviceRule {
    const char *code;     /* the device's event */
    const char *category; /* wo_category.code */
    const char *label_zh; /* the order's words */
    bool urgent;
    int64_t response_minutes, resolve_minutes; /* 0: the policy's */
    bool hazard;          /* built-in: an order and also a hazard */
    int likelihood, consequence; /* the hazard's grade */
    DeviceAction action;
    int64_t dedup_window; /* s */
    int per_minute;
    int64_t id;           /* a community's rule; 0: the built-in one */
    const char *node_path; /* its place; "" built-in */
} DeviceRule;
const DeviceRule *device_rule(const char *code); /* the built-in rule; NULL: unknown */
/* Is a community's rule sane (known event, action, category code shape,
 * grade within the scale when a hazard, window 0..7 days, 1..600 a minute)?
 * *field names the first wrong one. Pure. */
bool device_rule_valid(const DeviceRule *r, const char **field);
bool device_kind_valid(const char *kind);
/* Is an event a duplicate: the same code within the window of the last
 * order raised for it, that order still open? */
bool device_is_duplicate(int64_t last_at, bool last_open, int64_t now, int64_t window);
/* Keyed hash (hex) of a token for lookup; pure over its input. */
void device_token_hash(const char *token, char out[65]);

/* ---- the model (model.c) ---- */
typedef struct Device {
    int64_t id, node_id, last_seen_at, revoked_at, silent_after, created_at, facility_id, silent_hazard_id;
    const char *node_path, *name, *kind;
} Device;
/* Adds a device; *token_out (c->arena) is its token, shown once. */
bool device_add(const Ctx *c, int64_t node_id, const char *node_path, const char *name, const char *kind,
                int64_t silent_after, int64_t *id_out, const char **token_out, DeviceErr *e);
/* Links a device to the facility it watches (action facility); audited. */
bool device_set_facility(const Ctx *c, int64_t id, int64_t facility_id, DeviceErr *e);
int device_list(const Ctx *c, int64_t after, Device *out, int max);
bool device_get(const Ctx *c, int64_t id, Device *out, DeviceErr *e);
bool device_revoke(const Ctx *c, int64_t id, DeviceErr *e);
/* One event from the device holding token: *order_id the order raised or
 * the one it duplicates, *duplicate whether it was. */
typedef struct DeviceOutcome {
    DeviceAction action;
    int64_t order_id, hazard_id; /* what was raised, or what this duplicates */
    bool duplicate;
} DeviceOutcome;
bool device_event_in(const Ctx *c, const char *token, const char *code, const char *detail, DeviceOutcome *out,
                     DeviceErr *e);
/* The rule that applies to code at path: the community's nearest above, else the built-in. */
bool device_rule_for(const Ctx *c, const char *path, const char *code, DeviceRule *out, bool *known);
/* Sets the rule of r->code at r->node_path (replacing the one there); audited. */
bool device_rule_set(const Ctx *c, const DeviceRule *r, int64_t *id_out, DeviceErr *e);
/* Community rules with id > after, up to max, oldest first. -1 on a storage error. */
int device_rules(const Ctx *c, int64_t after, DeviceRule *out, int max);
/* The periodic job: an alert (notify, urgent) and a hazard in the safety
 * register (through safety_hazard_create) for each device silent longer
 * than its silent_after, once until it speaks again. */
bool device_silent_sweep(const Ctx *c, int *n_alerted);

#endif
