/* wo_int.h: what the files of src/workorder/ share: the loaded order, the
 * model functions (load, create, act, photos) and their error type.
 * Nothing outside src/workorder/ includes this. */
#ifndef GZ_WO_INT_H
#define GZ_WO_INT_H
#include "workorder/workorder.h"

typedef struct WoOrder {
    int64_t id, community_id, grid_id, compound_id, node_id, category_id, reporter_id, lead_org_id, merged_into;
    const char *node_path, *cls, *description, *place_text, *channel, *on_behalf_name;
    const char *category_code, *category_name, *category_name_en, *compound_name, *place_name, *place_kind;
    WoState state;
    int64_t created_at, updated_at, accepted_at, dispatched_at, onsite_at, meeting_at, done_at, closed_at;
    int64_t response_due, onsite_due, resolve_due, meeting_due, overdue_since, next_check;
    int64_t confirm_minutes;
    bool has_geo;
    int64_t lat_e6, lon_e6;
    int overdue, escalation_level, reopen_count, rating;
    const char *rating_comment, *hidden_reason, *close_reason;
    bool contracted;
} WoOrder;

/* Model functions that take a WoErr answer their own errors (4xx/500 via
 * reply_error) and return false; the caller just returns. The parameter
 * is kept for symmetry and may be NULL. */
typedef struct WoErr { int unused; } WoErr;

/* Replies a refused transition: status 403/409, code, and the sentence for why. */
void wo_refusal_reply(Req *r, int status, const char *code, WoWhy why);

/* Loads an order; false when there is none. */
bool wo_load(Req *r, int64_t id, WoOrder *o);
/* The actor's capabilities on this order (WO_CAP_* bits). */
int wo_caps(Req *r, const WoOrder *o);
/* True when the signed-in user may read the order: PERM_WO_READ on its
 * place, its reporter, or a handler of an assigned org. */
bool wo_may_read(Req *r, const WoOrder *o, int caps);
/* The user's org id, or 0. */
int64_t wo_user_org(Req *r);

typedef struct WoCreate {
    int64_t node_id, category_id;
    const char *description, *place_text, *channel, *on_behalf_name;
    bool has_geo;
    int64_t lat_e6, lon_e6;
} WoCreate;

/* Creates an order with its SLA deadlines; checks the place exists and is
 * within the reporter's scope. Writes the timeline, audit and outbox. */
bool wo_create(Req *r, const WoCreate *in, int64_t *id_out, WoErr *e);

/* The inputs an action may carry. */
typedef struct WoActInput {
    const char *cls;          /* accept */
    int64_t orgs[8]; int n_orgs; int64_t lead_org; /* dispatch */
    const char *note;         /* progress, done, meeting, reject, close, hide */
    int64_t rating;           /* confirm */
    int64_t merge_into;       /* merge */
} WoActInput;

/* Applies an action after the state machine allows it; validates the input;
 * records timeline, audit and outbox. */
bool wo_act(Req *r, WoOrder *o, WoAction a, const WoActInput *in, int64_t *event_id, WoErr *e);

/* Records a comment in the timeline. */
bool wo_comment(Req *r, WoOrder *o, const char *text, int64_t *event_id, WoErr *e);

/* Stores a photo (type by content, size <= max_upload) on disk and links it. */
bool wo_photo_save(Req *r, const WoOrder *o, int64_t event_id, const unsigned char *data, size_t len,
                   int64_t *photo_id, WoErr *e);
/* Where photos live: data_dir/photos, or beside the SQLite file. Arena memory. */
const char *wo_photo_dir(Req *r);

/* Writes one order as JSON (reporter details masked; full=false leaves out
 * the timeline). */
void wo_json(Req *r, Buf *b, const WoOrder *o, bool with_timeline);

/* Appends a timeline event and returns its id (0 on failure). */
int64_t wo_event_add(Db *db, int64_t order_id, int64_t at, int64_t actor, const char *kind, const char *from,
                     const char *to, const char *note);
/* Writes an outbox_event row. */
bool wo_outbox(Db *db, const char *kind, int64_t order_id, const char *payload, int64_t at);

/* Photo bytes of one photo row; false when unknown. */
bool wo_photo_read(Req *r, int64_t photo_id, int64_t *order_id, const char **mime, const unsigned char **data,
                   size_t *len);

#endif
