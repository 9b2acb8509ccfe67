/* wo_int.h: what the files of src/workorder/ share: the loaded order and
 * the model functions (load, create, act, comment, photos, configuration).
 * No HTTP: each takes a Ctx (auth/ctx.h) and returns false with a WoErr
 * (workorder.h) that the adapters answer through workorder/messages.c.
 * Nothing outside src/workorder/ includes this. */
#ifndef GZ_WO_INT_H
#define GZ_WO_INT_H
#include "auth/ctx.h"
#include "core/buf.h"
#include "workorder/read.h"
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
    int64_t reporter_confirmed_at; /* wo_load only (not in the list rows): 0 unless confirmed_by_reporter */
} WoOrder;

/* True when the community requires the compound committee's confirmation
 * after the reporter's (wo_community_setting.committee_confirms); false
 * when not, or when it could not be read (the setting is then off). */
bool wo_committee_required(Db *db, int64_t community_id);
/* The reporter's time to answer after "done", in minutes: the community's
 * confirm_days when set, else policy_minutes. */
int64_t wo_confirm_minutes(Db *db, int64_t community_id, int64_t policy_minutes);

/* After a db_int that answered false: true when that was a storage error,
 * false when the row was simply not there. */
static inline bool wo_db_failed(Db *db)
{
    return db_error_class(db) != DB_ERR_NONE;
}

/* The columns wo_order_from_row reads, in its order, with the category's
 * join: every statement that loads orders starts with this and adds its
 * WHERE. The names of the compound and the place are the grid's: a caller
 * fills them for the rows it read with wo_orders_places. A macro of
 * literals, so the SQL stays a compile-time literal (tools/fmtcheck.c). */
#define WO_ORDER_SELECT                                                                                               \
    "SELECT "                                                                                                         \
    "o.id, o.community_id, o.grid_id, o.compound_id, o.node_id, o.category_id, o.reporter_id, o.lead_org_id, "        \
    "o.merged_into, o.node_path, o.class, o.description, o.place_text, o.channel, o.on_behalf_name, c.code, c.name, " \
    "c.name_en, o.state, o.created_at, o.updated_at, o.accepted_at, o.dispatched_at, "                                \
    "o.onsite_at, o.meeting_at, o.done_at, o.closed_at, o.response_due, o.onsite_due, o.resolve_due, o.meeting_due, " \
    "o.overdue_since, o.next_check, o.confirm_minutes, o.lat_e6, o.lon_e6, o.overdue, o.escalation_level, "           \
    "o.reopen_count, o.rating, o.rating_comment, o.hidden_reason, o.close_reason, c.contracted, "                     \
    "COALESCE(o.reporter_confirmed_at, 0) "                                                                           \
    "FROM work_order o JOIN wo_category c ON c.id = o.category_id "

/* Fills o from a row of WO_ORDER_SELECT (arena copies), all but the
 * place's names (wo_orders_places). */
void wo_order_from_row(Arena *a, DbStmt *st, WoOrder *o);
/* Fills compound_name, place_name and place_kind of n orders read with
 * WO_ORDER_SELECT, through grid's read function: one statement for the
 * distinct nodes of a page (up to 100), not one per order. Call it after the
 * statement is done. False on a storage error. */
bool wo_orders_places(const Ctx *c, WoOrder *orders, int n);

/* Loads an order; false with WM_NO_ORDER when there is none, or a storage
 * error. Strings in c->arena. */
bool wo_load(const Ctx *c, int64_t id, WoOrder *o, WoErr *e);
/* The brief of a loaded order, with its facts for c->who (read.h). False on
 * a storage error. */
bool wo_brief_of(const Ctx *c, const WoOrder *o, WoBrief *out);
/* wo_may_read for a loaded order; *caps (may be NULL) receives wo_caps_of.
 * False with WM_NO_ORDER when the asker may not read it: an order one may
 * not read is answered as one that does not exist, so the answer never
 * tells that it does (or with a storage error). */
bool wo_order_readable(const Ctx *c, const WoOrder *o, int *caps, WoErr *e);
/* True when who sees the order's free text (description, place, notes,
 * comments) as typed: its reporter, whoever may see full personal data at
 * its place (community staff), and whoever holds a grant on the order's grid
 * or inside it (its grid and micro-grid workers, building heads, the
 * compound's committee). Everyone else (the street office, the auditor,
 * handlers from outside the grid, the public) sees the phone and ID numbers
 * in it masked (pii_mask_text). Pure (perm.c). */
bool wo_text_in_full(const Principal *who, const WoOrder *o);
/* text as the reader may see it: as typed when full, else masked. Arena memory. */
const char *wo_text(Arena *a, bool full, const char *text);
/* True when an org (its kind and its node's path) may take order o: a
 * service kind, placed above the order's place (city departments at the
 * street) or inside its community. GET /api/workorders/orgs lists these. Pure. */
bool wo_org_offered(const WoOrder *o, const char *kind, const char *org_path);
/* The org of c->who, or 0 (nobody signed in, no org, or unreadable). */
int64_t wo_user_org(const Ctx *c);

typedef struct WoCreate {
    int64_t node_id, category_id;
    const char *description, *place_text, *channel, *on_behalf_name;
    bool has_geo;
    int64_t lat_e6, lon_e6;
} WoCreate;

/* Creates an order with its SLA deadlines; checks the place exists and is
 * within the reporter's scope. Writes the timeline, audit and outbox. */
bool wo_create(const Ctx *c, const WoCreate *in, int64_t *id_out, WoErr *e);

/* The inputs an action may carry. */
typedef struct WoActInput {
    const char *cls; /* accept */
    int64_t orgs[8];
    int n_orgs;
    int64_t lead_org;   /* dispatch */
    const char *note;   /* progress, done, meeting, reject, close, hide */
    int64_t rating;     /* confirm */
    int64_t merge_into; /* merge */
} WoActInput;

/* Applies an action after the state machine allows it; validates the input;
 * records timeline, audit and outbox. */
bool wo_act(const Ctx *c, WoOrder *o, WoAction a, const WoActInput *in, int64_t *event_id, WoErr *e);

/* Records a comment in the timeline. */
bool wo_comment(const Ctx *c, WoOrder *o, const char *text, int64_t *event_id, WoErr *e);

/* Stores a photo (type by content, size <= max_upload) on disk and links it. */
bool wo_photo_save(const Ctx *c, const WoOrder *o, int64_t event_id, const unsigned char *data, size_t len,
                   int64_t *photo_id, WoErr *e);
/* Where photos live: data_dir/photos, else beside the SQLite file, else beside
 * the key file (PostgreSQL). Arena memory. */
const char *wo_photo_dir(Arena *a);

/* Writes one order as JSON for c->who (reporter details masked, free text
 * as wo_text_in_full allows; with_timeline=false leaves out the timeline).
 * False on a storage error (b then holds a part: reset it). */
bool wo_json(const Ctx *c, Buf *b, const WoOrder *o, bool with_timeline);

/* Appends a timeline event and returns its id (0 on failure). */
int64_t wo_event_add(Db *db, int64_t order_id, int64_t at, int64_t actor, const char *kind, const char *from,
                     const char *to, const char *note);
/* Appends a timeline event that refers to another row (a meeting) by ref_id. */
int64_t wo_event_add_ref(Db *db, int64_t order_id, int64_t at, int64_t actor, const char *kind, const char *note,
                         int64_t ref_id);
/* Announces an order's event through notify_emit() in c's transaction:
 * kind "workorder.<what>", label the Chinese words of the title, payload a
 * JSON object of ids and states. */
bool wo_outbox(const Ctx *c, const char *kind, int64_t order_id, const char *label, bool urgent, const char *payload);

/* The orgs an order is dispatched to, the lead first, then by org id;
 * names and kinds through grid_org_get (an org that is gone is left out).
 * False on a storage error. */
typedef struct WoAssignment {
    int64_t org_id;
    bool lead;
    const char *name, *kind;
} WoAssignment;
bool wo_assignments(const Ctx *c, int64_t order_id, WoAssignment **out, int *n);

/* The timeline of an order, oldest first. actor_id 0: the system;
 * actor_name the account's display name, NULL when the account is gone. */
typedef struct WoEvent {
    int64_t id, at, actor_id;
    const char *kind, *from, *to, *note, *actor_name;
} WoEvent;
bool wo_timeline(const Ctx *c, int64_t order_id, WoEvent **out, int *n);

/* The coordination meetings of an order, as vote told workorder
 * (wo_meeting_linked / wo_meeting_held), by meeting id. status: planned,
 * held or published. False on a storage error. */
typedef struct WoMeeting {
    int64_t meeting_id;
    const char *title;
    int64_t starts_at;
    const char *status;
} WoMeeting;
bool wo_meetings_of_order(const Ctx *c, int64_t order_id, WoMeeting **out, int *n);

/* Metrics of one group (a grid, compound, category or month). */
typedef struct MetricGroup {
    int64_t key;
    const char *name;
    int64_t orders, resp_due, resp_on_time, reached_done, reopened, rating_sum, rating_n;
    int64_t awaiting_committee; /* confirmed by the reporter, waiting for the committee */
    int64_t *times; /* resolve times (done_at - created_at) of the resolved orders, sorted */
    int n_times, cap_times; /* n_times is the number of resolved orders */
    bool has_times;         /* false: no order resolved, median and p90 are null */
    int64_t median, p90;
} MetricGroup;

/* Computes the metrics of the orders under node n, created in months
 * [from, to] (YYYYMM), grouped by "grid", "compound", "category" or
 * "month". Arena memory. False on a storage error. */
struct NodeInfo;
bool wo_metrics(const Ctx *c, const char *by, const struct NodeInfo *n, int64_t from, int64_t to, MetricGroup **out,
                int *n_out);

/* ---- configuration (config.c): one validation for the API and the pages ---- */

typedef struct WoSlaIn {
    int64_t community_id;
    const char *category; /* a category code, or NULL for every category of the class */
    const char *cls;      /* routine, emergency, complex */
    int64_t response, onsite, resolve, meeting, confirm; /* minutes; onsite, meeting, confirm: 0 = none/default */
    int64_t calendar_id;                                 /* 0 = around the clock (24 h) */
} WoSlaIn;
/* Creates or replaces the community's policy for (category, class). */
bool wo_cfg_sla_set(const Ctx *c, const WoSlaIn *in, int64_t *id_out, WoErr *e);

typedef struct WoCalIn {
    const char *name, *week; /* week: seven ';'-separated days of "HH:MM-HH:MM" windows */
    const char **holidays;
    int n_holidays;
    const char **workdays;
    int n_workdays;
} WoCalIn;
/* "YYYY-MM-DD" as YYYYMMDD, 0 when malformed. */
int32_t wo_parse_day(const char *s);
bool wo_cfg_calendar_create(const Ctx *c, const WoCalIn *in, int64_t *id_out, WoErr *e);
/* Adds (kind holiday|workday) or removes one day of a calendar. */
bool wo_cfg_calendar_day(const Ctx *c, int64_t calendar_id, const char *day, const char *kind, const char *name,
                         bool remove, WoErr *e);
/* The community's three-step ladder: minutes after becoming overdue. */
bool wo_cfg_ladder_set(const Ctx *c, int64_t community_id, int64_t grid, int64_t community, int64_t street,
                       WoErr *e);
/* The community's switches: committee confirmation; confirm_days 0 = the
 * policy's window, -1 = keep what is set. */
bool wo_cfg_settings_set(const Ctx *c, int64_t community_id, bool committee_confirms, int64_t confirm_days,
                         WoErr *e);

/* The demo's orders (demo.c); workorder_demo calls it. */
bool wo_demo_build(Db *db, uint64_t seed, char *err, size_t errlen);

/* Photo bytes of one photo row; false when unknown (or unreadable). */
bool wo_photo_read(const Ctx *c, int64_t photo_id, int64_t *order_id, const char **mime, const unsigned char **data,
                   size_t *len);

/* ---- one page of a list (list.c): the JSON list and the list page ---- */
typedef enum { WO_SCOPE_GRID, WO_SCOPE_COMPOUND, WO_SCOPE_PATH, WO_SCOPE_MINE, WO_SCOPE_ASSIGNED } WoListScope;
typedef struct WoListQ {
    WoListScope scope;
    int64_t key;          /* the grid, compound, reporter or org; the node for a path */
    NodeKind kind;        /* the node's kind (WO_SCOPE_PATH) */
    const char *lo, *hi;  /* the node's path range (every node scope; the further filters need it) */
    int64_t open_lo, open_hi; /* 1,1 open; 0,0 closed; 0,1 both */
    const char *state;    /* a state name (checked by the caller), or NULL */
    int64_t cat, overdue; /* a category id, 1 for overdue only; 0 off */
    int64_t after, page, per_page; /* after: the last id of the previous page (keyset), else page */
    /* the list page's further filters, off when 0 / NULL: an org the order was
     * dispatched to, report times in [from, to), a text already escaped for LIKE */
    int64_t org, from, to;
    const char *text;
} WoListQ;
typedef struct WoListPage {
    WoOrder *rows; /* with their places' names */
    int n;
    bool more;        /* a next page exists */
    int64_t next;     /* its cursor (the last id of this page), 0 when none */
    int64_t total;    /* of the whole filtered list; capped at WO_LIST_COUNT_CAP when capped */
    bool capped;
} WoListPage;
/* One page of the list q asks for, newest first, in c->arena. The caller
 * has checked that c->who may read the scope. False on a storage error. */
bool wo_list_fetch(const Ctx *c, const WoListQ *q, WoListPage *out, WoErr *e);

/* ---- many orders at once (bulk.c) ---- */
typedef enum { WO_BULK_ASSIGN, WO_BULK_CLOSE, WO_BULK_MERGE } WoBulkKind;
typedef struct WoBulkResult {
    int64_t id;
    bool ok;      /* done (or, for a merge, the target itself) */
    bool target;  /* the order the others were merged into */
    WoState state; /* after the action, when ok */
    WoErr err;    /* why not, when !ok */
} WoBulkResult;
/* Applies one action to each of n orders as wo_act would one by one:
 * assign dispatches to org as lead (accepting a new report first), close
 * closes with note as the reason, merge merges into merge_into. Each order
 * in its own savepoint: one that is refused (or not readable: WM_NO_ORDER)
 * is left unchanged with the reason in its result. out holds n results.
 * False only on a storage failure (the caller's transaction is then lost). */
bool wo_bulk(const Ctx *c, WoBulkKind k, const int64_t *ids, int n, int64_t org, int64_t merge_into, const char *note,
             WoBulkResult *out, WoErr *e);

#endif
