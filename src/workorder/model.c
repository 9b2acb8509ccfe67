/* model.c: work orders in the database: SLA policies and calendars, load,
 * create, the actions of the state machine, comments, the sweep that
 * escalates overdue orders, and the JSON form of an order. */
#include "workorder/wo_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "auth/audit.h"
#include "core/clock.h"
#include "core/utf8.h"
#include "grid/grid.h"
#include "grid/read.h"
#include "grid/pii.h"
#include "auth/read.h"
#include "notify/notify.h"

/* ---- errors ------------------------------------------------------------------ */

bool wo_err(WoErr *e, WoMsg msg, const char *field)
{
    e->msg = msg;
    e->field = field;
    e->detail = NULL;
    return false;
}

bool wo_err_db(WoErr *e, Db *db)
{
    return wo_err(e, db_error_class(db) == DB_ERR_BUSY ? WM_BUSY : WM_INTERNAL, NULL);
}

bool wo_err_refusal(WoErr *e, WoWhy why)
{
    static const WoMsg by_why[] = {
        [WO_WHY_NONE] = WM_BAD_STATE,
        [WO_WHY_NEED_DISPATCHER] = WM_NEED_DISPATCHER,
        [WO_WHY_NEED_HANDLER] = WM_NEED_HANDLER,
        [WO_WHY_NEED_REPORTER] = WM_NEED_REPORTER,
        [WO_WHY_STATE] = WM_BAD_STATE,
        [WO_WHY_ALREADY_CLOSED] = WM_ALREADY_CLOSED,
        [WO_WHY_FINISHED] = WM_FINISHED,
        [WO_WHY_NOT_COMPLEX] = WM_NOT_COMPLEX,
        [WO_WHY_TOO_EARLY] = WM_TOO_EARLY,
        [WO_WHY_NEED_COMMITTEE] = WM_NEED_COMMITTEE,
        [WO_WHY_AWAITING_COMMITTEE] = WM_AWAITING_COMMITTEE,
        [WO_WHY_REPORTER_FIRST] = WM_REPORTER_FIRST,
    };
    WoMsg m = (unsigned)why < sizeof by_why / sizeof by_why[0] ? by_why[why] : WM_BAD_STATE;
    return wo_err(e, m, "action");
}

/* ---- SLA policy and calendar -------------------------------------------- */

typedef struct WoSla {
    int64_t response, onsite, resolve, meeting, confirm; /* minutes; 0 = none */
    SlaCalendar *cal;                                    /* NULL = around the clock */
} WoSla;

/* The calendar id into *out (malloc'd; NULL when it does not exist or its
 * week does not parse: the clock then runs around the clock). False on a
 * storage error, so a failed read is never taken for "no calendar". */
static bool calendar_load(Db *db, int64_t id, SlaCalendar **out)
{
    *out = NULL;
    SlaCalendar *cal = calloc(1, sizeof *cal);
    if (!cal)
        return false;
    bool parsed = false;
    DbStmt *st = db_query(db, "SELECT week FROM wo_calendar WHERE id = ?", DB_I(id));
    if (db_step(st) == DB_ROW)
        parsed = sla_week_parse(db_col_text(st, 0), cal);
    bool ok = db_done(st);
    if (ok && parsed) {
        st = db_query(db, "SELECT day, kind FROM wo_calendar_day WHERE calendar_id = ? ORDER BY day", DB_I(id));
        while (db_step(st) == DB_ROW)
            sla_calendar_add_day(cal, (int32_t)db_col_int(st, 0), strcmp(db_col_text(st, 1), "holiday") == 0);
        ok = db_done(st);
    }
    if (!ok || !parsed) {
        free(cal);
        return ok;
    }
    *out = cal;
    return true;
}

/* The most specific policy: this community and category, then this
 * community, then the defaults (community_id NULL). */
static bool sla_policy(Db *db, int64_t community, int64_t category, const char *cls, WoSla *s)
{
    memset(s, 0, sizeof *s);
    int64_t cal_id = 0;
    bool found = false;
    DbStmt *st =
        db_query(db,
                 "SELECT response_minutes, onsite_minutes, resolve_minutes, meeting_minutes, confirm_minutes, "
                 "calendar_id FROM wo_sla_policy WHERE class = ? AND (community_id = ? OR community_id IS NULL) "
                 "AND (category_id = ? OR category_id IS NULL) ORDER BY CASE WHEN community_id IS NULL THEN 1 "
                 "ELSE 0 END, CASE WHEN category_id IS NULL THEN 1 ELSE 0 END, id DESC LIMIT 1",
                 DB_T(cls), DB_I(community), DB_I(category));
    if (db_step(st) == DB_ROW) {
        found = true;
        s->response = db_col_int(st, 0);
        s->onsite = db_col_null(st, 1) ? 0 : db_col_int(st, 1);
        s->resolve = db_col_int(st, 2);
        s->meeting = db_col_null(st, 3) ? 0 : db_col_int(st, 3);
        s->confirm = db_col_int(st, 4);
        cal_id = db_col_null(st, 5) ? 0 : db_col_int(st, 5);
    }
    if (!db_done(st))
        return false;
    if (!found) {
        /* A database whose policies were all deleted: say so rather than invent limits. */
        return false;
    }
    return !cal_id || calendar_load(db, cal_id, &s->cal);
}

static void sla_free(WoSla *s)
{
    free(s->cal);
    s->cal = NULL;
}

/* ---- the ladder -------------------------------------------------------------- */

#define LADDER_MAX 9

/* The ladder of a community into out (at most LADDER_MAX steps); the
 * number of steps, -1 on a storage error. */
static int ladder_load(Db *db, int64_t community, WoEscStep *out, char targets[][16])
{
    int n = 0;
    /* A community's own ladder replaces the default one entirely. */
    int64_t own = 0;
    if (!db_int(db, &own, "SELECT COUNT(*) FROM wo_escalation_step WHERE community_id = ?", DB_I(community)))
        return -1;
    DbStmt *st = own > 0
                     ? db_query(db,
                                "SELECT level, after_minutes, target FROM wo_escalation_step WHERE community_id = ? "
                                "ORDER BY level",
                                DB_I(community))
                     : db_query(db, "SELECT level, after_minutes, target FROM wo_escalation_step WHERE community_id "
                                    "IS NULL ORDER BY level");
    while (db_step(st) == DB_ROW && n < LADDER_MAX) {
        out[n].level = (int)db_col_int(st, 0);
        out[n].after_minutes = db_col_int(st, 1);
        snprintf(targets[n], 16, "%s", db_col_text(st, 2));
        out[n].target = targets[n];
        n++;
    }
    return db_done(st) ? n : -1;
}

/* ---- timeline, outbox ---------------------------------------------------------- */

int64_t wo_event_add(Db *db, int64_t order_id, int64_t at, int64_t actor, const char *kind, const char *from,
                     const char *to, const char *note)
{
    int64_t id = 0;
    DbStmt *st = db_query(db,
                          "INSERT INTO wo_event (order_id, at, actor_id, kind, from_state, to_state, note) "
                          "VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id",
                          DB_I(order_id), DB_I(at), actor ? DB_I(actor) : DB_NULL, DB_T(kind), DB_T(from), DB_T(to),
                          DB_T(note ? note : ""));
    if (db_step(st) == DB_ROW)
        id = db_col_int(st, 0);
    if (!db_done(st))
        return 0;
    return id;
}

int64_t wo_event_add_ref(Db *db, int64_t order_id, int64_t at, int64_t actor, const char *kind, const char *note,
                         int64_t ref_id)
{
    int64_t id = 0;
    DbStmt *st = db_query(db,
                          "INSERT INTO wo_event (order_id, at, actor_id, kind, note, ref_id) "
                          "VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
                          DB_I(order_id), DB_I(at), actor ? DB_I(actor) : DB_NULL, DB_T(kind), DB_T(note ? note : ""),
                          DB_I(ref_id));
    if (db_step(st) == DB_ROW)
        id = db_col_int(st, 0);
    if (!db_done(st))
        return 0;
    return id;
}

bool wo_outbox(const Ctx *c, const char *kind, int64_t order_id, const char *label, bool urgent, const char *payload)
{
    /* The order's place decides whose subscriptions and groups hear of it;
     * the reporter is the person concerned. The title names no one: a
     * group chat may show it. */
    char path[520] = "";
    int64_t reporter = 0;
    DbStmt *st = db_query(c->db, "SELECT node_path, reporter_id FROM work_order WHERE id = ?", DB_I(order_id));
    if (db_step(st) == DB_ROW) {
        snprintf(path, sizeof path, "%s", db_col_text(st, 0));
        reporter = db_col_null(st, 1) ? 0 : db_col_int(st, 1);
    }
    if (!db_done(st) || !path[0])
        return false;
    char title[NOTIFY_TITLE_MAX], link[48];
    snprintf(title, sizeof title, "工单 #%lld：%s", (long long)order_id, label);
    snprintf(link, sizeof link, "/workorders/%lld", (long long)order_id);
    NotifyEvent e = {.type = kind, .entity = "work_order", .entity_id = order_id, .node_path = path,
                     .urgent = urgent, .user_id = reporter, .title = title, .body = "", .link = link,
                     .data = payload};
    return notify_emit(c, &e, NULL);
}

/* ---- load ------------------------------------------------------------------------ */

static int64_t col_opt(DbStmt *st, int i)
{
    return db_col_null(st, i) ? 0 : db_col_int(st, i);
}

static const char *col_str(Arena *a, DbStmt *st, int i)
{
    return db_col_null(st, i) ? NULL : arena_strdup(a, db_col_text(st, i));
}

void wo_order_from_row(Arena *a, DbStmt *st, WoOrder *o)
{
    memset(o, 0, sizeof *o);
    o->id = db_col_int(st, 0);
    o->community_id = db_col_int(st, 1);
    o->grid_id = db_col_int(st, 2);
    o->compound_id = db_col_int(st, 3);
    o->node_id = db_col_int(st, 4);
    o->category_id = db_col_int(st, 5);
    o->reporter_id = col_opt(st, 6);
    o->lead_org_id = col_opt(st, 7);
    o->merged_into = col_opt(st, 8);
    o->node_path = col_str(a, st, 9);
    o->cls = col_str(a, st, 10);
    o->description = col_str(a, st, 11);
    o->place_text = col_str(a, st, 12);
    o->channel = col_str(a, st, 13);
    o->on_behalf_name = col_str(a, st, 14);
    o->category_code = col_str(a, st, 15);
    o->category_name = col_str(a, st, 16);
    o->category_name_en = col_str(a, st, 17);
    WoState s = WO_REPORTED;
    wo_state_parse(db_col_text(st, 18), &s);
    o->state = s;
    o->created_at = db_col_int(st, 19);
    o->updated_at = db_col_int(st, 20);
    o->accepted_at = col_opt(st, 21);
    o->dispatched_at = col_opt(st, 22);
    o->onsite_at = col_opt(st, 23);
    o->meeting_at = col_opt(st, 24);
    o->done_at = col_opt(st, 25);
    o->closed_at = col_opt(st, 26);
    o->response_due = col_opt(st, 27);
    o->onsite_due = col_opt(st, 28);
    o->resolve_due = col_opt(st, 29);
    o->meeting_due = col_opt(st, 30);
    o->overdue_since = col_opt(st, 31);
    o->next_check = col_opt(st, 32);
    o->confirm_minutes = db_col_int(st, 33);
    o->has_geo = !db_col_null(st, 34) && !db_col_null(st, 35);
    o->lat_e6 = col_opt(st, 34);
    o->lon_e6 = col_opt(st, 35);
    o->overdue = (int)db_col_int(st, 36);
    o->escalation_level = (int)db_col_int(st, 37);
    o->reopen_count = (int)db_col_int(st, 38);
    o->rating = (int)col_opt(st, 39);
    o->rating_comment = col_str(a, st, 40);
    o->hidden_reason = col_str(a, st, 41);
    o->close_reason = col_str(a, st, 42);
    o->contracted = db_col_int(st, 43) != 0;
    o->reporter_confirmed_at = db_col_int(st, 44);
}

bool wo_orders_places(const Ctx *c, WoOrder *orders, int n)
{
    if (n <= 0)
        return true;
    int64_t *ids = arena_alloc(c->arena, sizeof *ids * (size_t)n * 2);
    for (int i = 0; i < n; i++) {
        ids[2 * i] = orders[i].compound_id;
        ids[2 * i + 1] = orders[i].node_id;
    }
    NodeList nodes;
    if (grid_nodes_by_id(c, ids, 2 * n, &nodes) != GRID_OK)
        return false;
    for (int i = 0; i < n; i++) {
        /* an order's nodes always exist (foreign keys): "" only for safety */
        const NodeInfo *cn = grid_node_in(&nodes, orders[i].compound_id);
        const NodeInfo *pn = grid_node_in(&nodes, orders[i].node_id);
        orders[i].compound_name = cn ? cn->name : "";
        orders[i].place_name = pn ? pn->name : "";
        orders[i].place_kind = pn ? node_kind_name(pn->kind) : "";
    }
    return true;
}

bool wo_load(const Ctx *c, int64_t id, WoOrder *o, WoErr *e)
{
    bool found = false;
    DbStmt *st = db_query(c->db, WO_ORDER_SELECT "WHERE o.id = ?", DB_I(id));
    if (db_step(st) == DB_ROW) {
        wo_order_from_row(c->arena, st, o);
        found = true;
    }
    if (!db_done(st))
        return wo_err_db(e, c->db);
    if (!found)
        return wo_err(e, WM_NO_ORDER, NULL);
    if (!wo_orders_places(c, o, 1))
        return wo_err_db(e, c->db);
    return true;
}

bool wo_committee_required(Db *db, int64_t community_id)
{
    int64_t on = 0;
    return db_int(db, &on, "SELECT committee_confirms FROM wo_community_setting WHERE community_id = ?",
                  DB_I(community_id)) &&
           on;
}

int64_t wo_confirm_minutes(Db *db, int64_t community_id, int64_t policy_minutes)
{
    int64_t days = 0;
    if (db_int(db, &days,
               "SELECT COALESCE(confirm_days, 0) FROM wo_community_setting WHERE community_id = ?",
               DB_I(community_id)) &&
        days > 0)
        return days * 1440;
    return policy_minutes;
}

/* The org of a user (auth_user_get), 0 when none or no such user; false on
 * a storage error. */
static bool user_org(const Ctx *c, int64_t user_id, int64_t *org)
{
    *org = 0;
    if (c->who && c->who->org_known && c->who->user_id == user_id) {
        *org = c->who->org_id;
        return true;
    }
    UserInfo u;
    AuthRead ar = auth_user_get(c, user_id, &u);
    if (ar == AUTH_NOT_FOUND)
        return true;
    if (ar != AUTH_OK)
        return false;
    *org = u.org_id;
    return true;
}

int64_t wo_user_org(const Ctx *c)
{
    int64_t org = 0;
    if (!c->who || !user_org(c, c->who->user_id, &org))
        return 0;
    return org;
}

/* The two facts of a brief that are not columns of the order: the
 * community's committee switch and whether the asker's org is assigned. */
static bool brief_facts(const Ctx *c, WoBrief *b)
{
    b->committee_required = wo_committee_required(c->db, b->community_id);
    b->asker_org_assigned = false;
    if (!c->who || !perm_allows(c->who, PERM_WO_HANDLE, NULL))
        return true;
    int64_t org = 0, n = 0;
    if (!user_org(c, c->who->user_id, &org))
        return false;
    if (!org)
        return true;
    if (!db_int(c->db, &n, "SELECT COUNT(*) FROM wo_assignment WHERE order_id = ? AND org_id = ?", DB_I(b->id),
                DB_I(org)))
        return false;
    b->asker_org_assigned = n > 0;
    return true;
}

bool wo_order_brief(const Ctx *c, int64_t id, WoBrief *out)
{
    memset(out, 0, sizeof *out);
    bool found = false;
    DbStmt *st = db_query(c->db,
                          "SELECT o.id, o.community_id, o.grid_id, o.compound_id, o.node_id, o.reporter_id, "
                          "o.node_path, c.code, c.name, o.state FROM work_order o "
                          "JOIN wo_category c ON c.id = o.category_id WHERE o.id = ?",
                          DB_I(id));
    if (db_step(st) == DB_ROW) {
        found = true;
        out->id = db_col_int(st, 0);
        out->community_id = db_col_int(st, 1);
        out->grid_id = db_col_int(st, 2);
        out->compound_id = db_col_int(st, 3);
        out->node_id = db_col_int(st, 4);
        out->reporter_id = col_opt(st, 5);
        out->node_path = col_str(c->arena, st, 6);
        out->category_code = col_str(c->arena, st, 7);
        out->category_name = col_str(c->arena, st, 8);
        out->state = col_str(c->arena, st, 9);
    }
    if (!db_done(st) || !found)
        return false;
    return brief_facts(c, out);
}

bool wo_brief_of(const Ctx *c, const WoOrder *o, WoBrief *out)
{
    memset(out, 0, sizeof *out);
    out->id = o->id;
    out->community_id = o->community_id;
    out->grid_id = o->grid_id;
    out->compound_id = o->compound_id;
    out->node_id = o->node_id;
    out->reporter_id = o->reporter_id;
    out->node_path = o->node_path;
    out->category_code = o->category_code;
    out->category_name = o->category_name;
    out->state = wo_state_name(o->state);
    return brief_facts(c, out);
}

bool wo_order_readable(const Ctx *c, const WoOrder *o, int *caps, WoErr *e)
{
    WoBrief b;
    if (!wo_brief_of(c, o, &b))
        return wo_err_db(e, c->db);
    if (!wo_may_read(c, &b))
        return wo_err(e, WM_NO_ORDER, NULL);
    if (caps)
        *caps = wo_caps_of(c->who, &b);
    return true;
}

const char *wo_text(Arena *a, bool full, const char *text)
{
    return full ? text : pii_mask_text(a, text);
}

/* ---- deadlines ---------------------------------------------------------------------- */

static WoClock clock_of(const WoOrder *o)
{
    WoClock c = {o->state,        o->accepted_at, o->onsite_at,   o->meeting_at, o->done_at,
                 o->response_due, o->onsite_due,  o->meeting_due, o->resolve_due};
    return c;
}

/* next_check after a change: the earliest pending deadline (the sweep
 * then marks and escalates), NULL when nothing is pending. */
static DbArg next_check_arg(const WoOrder *o)
{
    WoClock c = clock_of(o);
    int64_t t = wo_first_pending(&c);
    return t ? DB_I(t) : DB_NULL;
}

/* ---- create -------------------------------------------------------------------------- */

/* The community, grid and compound at or above a place (the nearest of
 * each kind on its path, read in one statement): true with all three; false
 * with *missing set when one is not there, false with *missing clear on a
 * storage error. */
static bool place_ancestors(const Ctx *c, const NodeInfo *place, int64_t *community, int64_t *grid,
                            int64_t *compound, bool *missing)
{
    *missing = false;
    *community = *grid = *compound = 0;
    NodeList up;
    if (grid_path_nodes(c, place->path, &up) != GRID_OK)
        return false;
    for (int i = 0; i < up.n; i++) {
        NodeKind k = up.items[i].kind;
        int64_t *slot = k == NODE_COMMUNITY ? community : k == NODE_GRID ? grid : k == NODE_COMPOUND ? compound : NULL;
        if (slot)
            *slot = up.items[i].id;
    }
    *missing = !*community || !*grid || !*compound;
    return !*missing;
}

/* What order_insert writes beyond the place: the category, the words, and
 * who or what raised the order. */
typedef struct OrderNew {
    int64_t category_id;
    const char *description, *place_text, *channel, *on_behalf_name;
    bool has_geo;
    int64_t lat_e6, lon_e6;
    const char *source_kind; /* "" for a person's report */
    int64_t source_id;
    int64_t response_minutes, resolve_minutes; /* > 0: override the policy */
} OrderNew;

/* Inserts a reported order at place with its SLA deadlines, its timeline,
 * audit and outbox rows; the callers have checked who may. */
static bool order_insert(const Ctx *c, const NodeInfo *place, const OrderNew *in, int64_t *id_out, WoErr *e)
{
    const char *cls = NULL;
    DbStmt *st = db_query(c->db, "SELECT default_class FROM wo_category WHERE id = ? AND active = 1",
                          DB_I(in->category_id));
    if (db_step(st) == DB_ROW)
        cls = arena_strdup(c->arena, db_col_text(st, 0));
    if (!db_done(st))
        return wo_err_db(e, c->db);
    if (!cls)
        return wo_err(e, WM_UNKNOWN_CATEGORY, "category");
    int64_t community, grid, compound;
    bool missing;
    if (!place_ancestors(c, place, &community, &grid, &compound, &missing))
        return missing ? wo_err(e, WM_PLACE_OUTSIDE_GRID, "node_id") : wo_err_db(e, c->db);
    WoSla sla;
    if (!sla_policy(c->db, community, in->category_id, cls, &sla))
        return wo_err_db(e, c->db);
    if (in->response_minutes > 0)
        sla.response = in->response_minutes;
    if (in->resolve_minutes > 0)
        sla.resolve = in->resolve_minutes;
    int64_t now = c->now;
    int64_t response_due = sla_deadline(now, sla.response, sla.cal);
    int64_t resolve_due = sla_deadline(now, sla.resolve, sla.cal);
    int64_t confirm = sla.confirm;
    sla_free(&sla);
    const char *channel = in->channel ? in->channel : "app";
    int64_t actor = ctx_actor(c);
    int64_t id = 0;
    st = db_query(c->db,
                  "INSERT INTO work_order (community_id, grid_id, compound_id, node_id, node_path, category_id, class, "
                  "state, is_open, description, place_text, lat_e6, lon_e6, channel, reporter_id, on_behalf_name, "
                  "created_month, created_at, updated_at, response_due, resolve_due, confirm_minutes, next_check, "
                  "source_kind, source_id) "
                  "VALUES (?, ?, ?, ?, ?, ?, ?, 'reported', 1, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
                  "RETURNING id",
                  DB_I(community), DB_I(grid), DB_I(compound), DB_I(place->id), DB_T(place->path),
                  DB_I(in->category_id), DB_T(cls), DB_T(in->description), DB_T(in->place_text ? in->place_text : ""),
                  in->has_geo ? DB_I(in->lat_e6) : DB_NULL, in->has_geo ? DB_I(in->lon_e6) : DB_NULL, DB_T(channel),
                  actor ? DB_I(actor) : DB_NULL, DB_T(wo_name_mask(c->arena, in->on_behalf_name)),
                  DB_I(sla_local_month(now)), DB_I(now), DB_I(now), DB_I(response_due), DB_I(resolve_due),
                  DB_I(confirm), DB_I(response_due < resolve_due ? response_due : resolve_due),
                  DB_T(in->source_kind ? in->source_kind : ""), DB_I(in->source_id));
    if (db_step(st) == DB_ROW)
        id = db_col_int(st, 0);
    if (!db_done(st) || !id)
        return wo_err_db(e, c->db);
    if (!wo_event_add(c->db, id, now, actor, "report", NULL, "reported", ""))
        return wo_err_db(e, c->db);
    char *after = arena_printf(c->arena,
                               "{\"state\":\"reported\",\"category_id\":%lld,\"node_id\":%lld,\"class\":%j,"
                               "\"channel\":%j,\"on_behalf\":%s,\"source\":%j,\"source_id\":%lld}",
                               (long long)in->category_id, (long long)place->id, cls, channel,
                               in->on_behalf_name ? "true" : "false", in->source_kind ? in->source_kind : "",
                               (long long)in->source_id);
    if (!audit_append(c->db, actor, "work_order", id, "report", NULL, after))
        return wo_err_db(e, c->db);
    char *payload =
        arena_printf(c->arena, "{\"order_id\":%lld,\"grid_id\":%lld,\"compound_id\":%lld,\"state\":\"reported\"}",
                     (long long)id, (long long)grid, (long long)compound);
    if (!wo_outbox(c, "workorder.reported", id, "新报事", false, payload))
        return wo_err_db(e, c->db);
    *id_out = id;
    return true;
}

bool wo_create(const Ctx *c, const WoCreate *in, int64_t *id_out, WoErr *e)
{
    NodeInfo place;
    /* a place out of the reporter's sight is answered as one that does not exist */
    if (!grid_node_get(c, in->node_id, &place) || !perm_allows(c->who, PERM_TREE_READ, place.path))
        return wo_err(e, WM_NO_PLACE, "node_id");
    if (place.kind < NODE_COMPOUND)
        return wo_err(e, WM_PLACE_KIND, "node_id");
    if (!wo_may_report_at(c->who, place.path))
        return wo_err(e, WM_REPORT_HERE_FORBIDDEN, "node_id");
    if (in->on_behalf_name && !perm_allows(c->who, PERM_WO_REPORT_FOR, place.path))
        return wo_err(e, WM_ON_BEHALF_FORBIDDEN, "on_behalf_name");
    OrderNew n = {.category_id = in->category_id,
                  .description = in->description,
                  .place_text = in->place_text,
                  .channel = in->channel,
                  .on_behalf_name = in->on_behalf_name,
                  .has_geo = in->has_geo,
                  .lat_e6 = in->lat_e6,
                  .lon_e6 = in->lon_e6};
    return order_insert(c, &place, &n, id_out, e);
}

bool wo_source_kind_valid(const char *kind)
{
    size_t n = kind ? strlen(kind) : 0;
    if (n < 1 || n > 20)
        return false;
    for (size_t i = 0; i < n; i++)
        if (!((kind[i] >= 'a' && kind[i] <= 'z') || kind[i] == '_'))
            return false;
    return true;
}

bool wo_raise(const Ctx *c, const WoRaise *in, int64_t *id_out, WoErr *e)
{
    if (!wo_source_kind_valid(in->source_kind) || in->source_id <= 0)
        return wo_err(e, WM_BAD_SOURCE, "source");
    if (!in->description || !in->description[0])
        return wo_err(e, WM_DESCRIPTION_REQUIRED, "description");
    const char *channel = in->channel ? in->channel : "desk";
    if (strcmp(channel, "desk") != 0 && strcmp(channel, "patrol") != 0 && strcmp(channel, "phone") != 0)
        return wo_err(e, WM_BAD_SOURCE, "channel");
    NodeInfo place;
    if (!grid_node_get(c, in->node_id, &place))
        return wo_err(e, WM_NO_PLACE, "node_id");
    if (place.kind < NODE_COMPOUND)
        return wo_err(e, WM_PLACE_KIND, "node_id");
    int64_t category = 0;
    DbStmt *st = db_query(c->db, "SELECT id FROM wo_category WHERE code = ? AND active = 1",
                          DB_T(in->category_code ? in->category_code : ""));
    if (db_step(st) == DB_ROW)
        category = db_col_int(st, 0);
    if (!db_done(st))
        return wo_err_db(e, c->db);
    if (!category)
        return wo_err(e, WM_UNKNOWN_CATEGORY, "category");
    OrderNew n = {.category_id = category,
                  .description = in->description,
                  .place_text = in->place_text,
                  .channel = channel,
                  .source_kind = in->source_kind,
                  .source_id = in->source_id,
                  .response_minutes = in->response_minutes,
                  .resolve_minutes = in->resolve_minutes};
    return order_insert(c, &place, &n, id_out, e);
}

int wo_orders_of_source(const Ctx *c, const char *kind, int64_t source_id, WoSourceOrder *out, int max)
{
    DbStmt *st = db_query(c->db,
                          "SELECT id, state, is_open, created_at, resolve_due, description FROM work_order "
                          "WHERE source_kind = ? AND source_id = ? ORDER BY id LIMIT ?",
                          DB_T(kind), DB_I(source_id), DB_I(max));
    int n = 0;
    while (n < max && db_step(st) == DB_ROW) {
        WoSourceOrder *o = &out[n++];
        o->id = db_col_int(st, 0);
        wo_state_parse(db_col_text(st, 1), &o->state);
        o->is_open = db_col_int(st, 2) != 0;
        o->created_at = db_col_int(st, 3);
        o->resolve_due = db_col_int(st, 4);
        o->description = arena_strdup(c->arena, db_col_text(st, 5));
    }
    return db_done(st) ? n : -1;
}

bool wo_source_ratings(const Ctx *c, const char *kind, int64_t source_id, int64_t *count, int64_t *sum)
{
    *count = *sum = 0;
    DbStmt *st = db_query(c->db,
                          "SELECT COUNT(rating), COALESCE(SUM(rating), 0) FROM work_order "
                          "WHERE source_kind = ? AND source_id = ?",
                          DB_T(kind), DB_I(source_id));
    if (db_step(st) == DB_ROW) {
        *count = db_col_int(st, 0);
        *sum = db_col_int(st, 1);
    }
    return db_done(st);
}

/* ---- actions --------------------------------------------------------------------------- */

static bool note_required(const WoActInput *in, WoErr *e)
{
    if (!in->note || !in->note[0])
        return wo_err(e, WM_NOTE_REQUIRED, "note");
    return true;
}

bool wo_org_offered(const WoOrder *o, const char *kind, const char *org_path)
{
    static const char *const kinds[] = {"property_company", "contractor", "department", "committee",
                                        "resident_group", "charity"};
    bool service = false;
    for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++)
        service = service || strcmp(kind, kinds[i]) == 0;
    if (!service)
        return false;
    char cpath[32]; /* "/<int64>/" fits in 22 */
    snprintf(cpath, sizeof cpath, "/%lld/", (long long)o->community_id);
    return strncmp(o->node_path, org_path, strlen(org_path)) == 0 || strstr(org_path, cpath) != NULL;
}

/* Checks the orgs of a dispatch: each is one GET /api/workorders/orgs
 * offers for this order; any other, whether it exists or not, gets the
 * same 404, so the answer never tells what exists elsewhere. */
static bool dispatch_orgs_ok(const Ctx *c, const WoOrder *o, const WoActInput *in, WoErr *e)
{
    if (in->n_orgs < 1)
        return wo_err(e, WM_ORGS_REQUIRED, "org_ids");
    bool lead_in = false;
    for (int i = 0; i < in->n_orgs; i++) {
        if (in->orgs[i] == in->lead_org)
            lead_in = true;
        for (int j = 0; j < i; j++)
            if (in->orgs[j] == in->orgs[i])
                return wo_err(e, WM_ORG_TWICE, "org_ids");
        OrgInfo org;
        GridRead gr = grid_org_get(c, in->orgs[i], &org);
        if (gr != GRID_OK && gr != GRID_NOT_FOUND)
            return wo_err_db(e, c->db);
        if (gr == GRID_NOT_FOUND || !org.path || !wo_org_offered(o, org.kind, org.path))
            return wo_err(e, WM_NO_ORG, "org_ids");
    }
    if (!lead_in)
        return wo_err(e, WM_LEAD_NOT_DISPATCHED, "lead_org_id");
    return true;
}

bool wo_act(const Ctx *c, WoOrder *o, WoAction a, const WoActInput *in, int64_t *event_id, WoErr *e)
{
    int caps = 0;
    if (!wo_order_readable(c, o, &caps, e))
        return false;
    int64_t now = c->now;
    bool complex = o->cls && strcmp(o->cls, "complex") == 0;
    bool window_passed = o->done_at && now >= o->done_at + o->confirm_minutes * 60;
    bool committee = wo_committee_required(c->db, o->community_id);
    WoDecision d = wo_decide_ex(o->state, a, caps, complex, window_passed, committee);
    if (d.refusal != WO_OK)
        return wo_err_refusal(e, d.why);
    WoState before = o->state;
    const char *note = in->note ? in->note : "";
    Db *db = c->db;
    const char *extra = "";
    bool ok = true;
    switch (a) {
    case WO_ACT_ACCEPT: {
        const char *cls = in->cls ? in->cls : o->cls;
        if (!wo_class_valid(cls))
            return wo_err(e, WM_BAD_CLASS, "class");
        WoSla sla;
        if (!sla_policy(db, o->community_id, o->category_id, cls, &sla))
            return wo_err_db(e, c->db);
        o->cls = cls;
        o->accepted_at = now;
        o->resolve_due = sla_deadline(o->created_at, sla.resolve, sla.cal);
        o->meeting_due = strcmp(cls, "complex") == 0 && sla.meeting ? sla_deadline(now, sla.meeting, sla.cal) : 0;
        o->confirm_minutes = sla.confirm;
        sla_free(&sla);
        o->state = d.next;
        ok = db_exec(db,
                     "UPDATE work_order SET state = ?, class = ?, accepted_at = ?, resolve_due = ?, meeting_due = ?, "
                     "confirm_minutes = ?, updated_at = ?, next_check = ? WHERE id = ?",
                     DB_T(wo_state_name(o->state)), DB_T(cls), DB_I(now), DB_I(o->resolve_due),
                     o->meeting_due ? DB_I(o->meeting_due) : DB_NULL, DB_I(o->confirm_minutes), DB_I(now),
                     next_check_arg(o), DB_I(o->id));
        extra = arena_printf(c->arena, ",\"class\":%j", cls);
        break;
    }
    case WO_ACT_DISPATCH: {
        if (!dispatch_orgs_ok(c, o, in, e))
            return false;
        WoSla sla;
        if (!sla_policy(db, o->community_id, o->category_id, o->cls, &sla))
            return wo_err_db(e, c->db);
        /* the on-site clock runs for contracted repairs and emergencies */
        bool onsite = sla.onsite && (o->contracted || strcmp(o->cls, "emergency") == 0);
        o->onsite_due = onsite ? sla_deadline(now, sla.onsite, sla.cal) : 0;
        sla_free(&sla);
        o->onsite_at = 0;
        o->dispatched_at = now;
        o->lead_org_id = in->lead_org;
        o->state = d.next;
        ok = db_exec(db, "DELETE FROM wo_assignment WHERE order_id = ?", DB_I(o->id));
        for (int i = 0; ok && i < in->n_orgs; i++)
            ok = db_exec(db, "INSERT INTO wo_assignment (order_id, org_id, is_lead, created_at) VALUES (?, ?, ?, ?)",
                         DB_I(o->id), DB_I(in->orgs[i]), DB_I(in->orgs[i] == in->lead_org ? 1 : 0), DB_I(now));
        ok = ok && db_exec(db,
                           "UPDATE work_order SET state = ?, dispatched_at = ?, onsite_at = NULL, onsite_due = ?, "
                           "lead_org_id = ?, updated_at = ?, next_check = ? WHERE id = ?",
                           DB_T(wo_state_name(o->state)), DB_I(now), o->onsite_due ? DB_I(o->onsite_due) : DB_NULL,
                           DB_I(in->lead_org), DB_I(now), next_check_arg(o), DB_I(o->id));
        Buf b = BUF_INIT;
        buf_printf(&b, ",\"lead_org_id\":%lld,\"org_ids\":[", (long long)in->lead_org);
        for (int i = 0; i < in->n_orgs; i++)
            buf_printf(&b, "%s%lld", i ? "," : "", (long long)in->orgs[i]);
        buf_puts(&b, "]");
        extra = arena_strdup(c->arena, buf_str(&b));
        buf_free(&b);
        break;
    }
    case WO_ACT_MEETING:
        if (!note_required(in, e))
            return false;
        o->meeting_at = now;
        ok = db_exec(db, "UPDATE work_order SET meeting_at = ?, updated_at = ?, next_check = ? WHERE id = ?", DB_I(now),
                     DB_I(now), next_check_arg(o), DB_I(o->id));
        break;
    case WO_ACT_PROGRESS:
        if (!note_required(in, e))
            return false;
        if (!o->onsite_at)
            o->onsite_at = now;
        o->state = d.next;
        ok = db_exec(db, "UPDATE work_order SET state = ?, onsite_at = ?, updated_at = ?, next_check = ? WHERE id = ?",
                     DB_T(wo_state_name(o->state)), DB_I(o->onsite_at), DB_I(now), next_check_arg(o), DB_I(o->id));
        break;
    case WO_ACT_DONE:
        if (!o->onsite_at)
            o->onsite_at = now;
        o->done_at = now;
        o->state = d.next;
        /* the reporter's time to answer: the community's setting, else the policy's window */
        o->confirm_minutes = wo_confirm_minutes(db, o->community_id, o->confirm_minutes);
        ok = db_exec(db,
                     "UPDATE work_order SET state = ?, onsite_at = ?, done_at = ?, confirm_minutes = ?, updated_at = ?, "
                     "next_check = ? WHERE id = ?",
                     DB_T(wo_state_name(o->state)), DB_I(o->onsite_at), DB_I(now), DB_I(o->confirm_minutes),
                     DB_I(now), next_check_arg(o), DB_I(o->id));
        extra = arena_printf(c->arena, ",\"confirm_minutes\":%lld", (long long)o->confirm_minutes);
        break;
    case WO_ACT_CONFIRM:
        if (in->rating < 1 || in->rating > 5)
            return wo_err(e, WM_BAD_RATING, "rating");
        o->state = d.next;
        o->rating = (int)in->rating;
        if (o->state == WO_CONFIRMED_BY_REPORTER) {
            /* two-party close: the rating is the reporter's; the committee closes */
            o->reporter_confirmed_at = now;
            ok = db_exec(db,
                         "UPDATE work_order SET state = ?, rating = ?, rating_comment = ?, reporter_confirmed_at = ?, "
                         "updated_at = ?, next_check = NULL WHERE id = ?",
                         DB_T(wo_state_name(o->state)), DB_I(in->rating), DB_T(note), DB_I(now), DB_I(now),
                         DB_I(o->id));
        } else {
            o->closed_at = now;
            ok = db_exec(db,
                         "UPDATE work_order SET state = ?, is_open = 0, rating = ?, rating_comment = ?, closed_at = ?, "
                         "updated_at = ?, next_check = NULL WHERE id = ?",
                         DB_T(wo_state_name(o->state)), DB_I(in->rating), DB_T(note), DB_I(now), DB_I(now),
                         DB_I(o->id));
        }
        extra = arena_printf(c->arena, ",\"rating\":%lld", (long long)in->rating);
        break;
    case WO_ACT_COMMITTEE_CONFIRM:
        o->state = d.next;
        o->closed_at = now;
        ok = db_exec(db,
                     "UPDATE work_order SET state = ?, is_open = 0, closed_at = ?, updated_at = ?, next_check = NULL "
                     "WHERE id = ?",
                     DB_T(wo_state_name(o->state)), DB_I(now), DB_I(now), DB_I(o->id));
        extra = ",\"by\":\"committee\"";
        break;
    case WO_ACT_COMMITTEE_REJECT:
        if (!note_required(in, e))
            return false;
        /* reopened with the committee's reason (the timeline's note); the handler works again */
        o->state = d.next;
        o->done_at = 0;
        o->reporter_confirmed_at = 0;
        o->reopen_count++;
        ok = db_exec(db,
                     "UPDATE work_order SET state = ?, done_at = NULL, reporter_confirmed_at = NULL, "
                     "reopen_count = reopen_count + 1, updated_at = ?, next_check = ? WHERE id = ?",
                     DB_T(wo_state_name(o->state)), DB_I(now), next_check_arg(o), DB_I(o->id));
        extra = arena_printf(c->arena, ",\"by\":\"committee\",\"reason\":%j", note);
        break;
    case WO_ACT_REJECT:
        if (!note_required(in, e))
            return false;
        o->state = d.next;
        o->done_at = 0;
        o->reopen_count++;
        ok =
            db_exec(db,
                    "UPDATE work_order SET state = ?, done_at = NULL, reopen_count = reopen_count + 1, updated_at = ?, "
                    "next_check = ? WHERE id = ?",
                    DB_T(wo_state_name(o->state)), DB_I(now), next_check_arg(o), DB_I(o->id));
        break;
    case WO_ACT_CLOSE:
        if (!note_required(in, e))
            return false;
        o->state = d.next;
        o->closed_at = now;
        ok = db_exec(db,
                     "UPDATE work_order SET state = ?, is_open = 0, close_reason = ?, closed_at = ?, updated_at = ?, "
                     "next_check = NULL WHERE id = ?",
                     DB_T(wo_state_name(o->state)), DB_T(note), DB_I(now), DB_I(now), DB_I(o->id));
        break;
    case WO_ACT_MERGE: {
        if (in->merge_into <= 0)
            return wo_err(e, WM_MERGE_INTO_REQUIRED, "merge_into");
        if (in->merge_into == o->id)
            return wo_err(e, WM_MERGE_INTO_SELF, "merge_into");
        /* the target is checked as a read first: one the dispatcher may not
         * read is answered exactly as one that does not exist */
        WoOrder t;
        int tcaps = 0;
        WoErr te;
        if (!wo_load(c, in->merge_into, &t, &te) || !wo_order_readable(c, &t, &tcaps, &te)) {
            if (te.msg == WM_NO_ORDER)
                return wo_err(e, WM_NO_ORDER, "merge_into");
            *e = te;
            return false;
        }
        if (!(tcaps & WO_CAP_DISPATCHER))
            return wo_err(e, WM_MERGE_NOT_DISPATCHER, "merge_into");
        if (t.community_id != o->community_id)
            return wo_err(e, WM_MERGE_OTHER_COMMUNITY, "merge_into");
        if (!wo_state_is_open(t.state))
            return wo_err(e, WM_MERGE_TARGET_FINISHED, "merge_into");
        o->state = d.next;
        o->merged_into = t.id;
        ok = db_exec(db,
                     "UPDATE work_order SET state = ?, is_open = 0, merged_into = ?, closed_at = ?, updated_at = ?, "
                     "next_check = NULL WHERE id = ?",
                     DB_T(wo_state_name(o->state)), DB_I(t.id), DB_I(now), DB_I(now), DB_I(o->id));
        char *tn = arena_printf(c->arena, "#%lld", (long long)o->id);
        ok = ok && wo_event_add(db, t.id, now, ctx_actor(c), "merged_from", NULL, NULL, tn) > 0;
        extra = arena_printf(c->arena, ",\"merged_into\":%lld", (long long)t.id);
        break;
    }
    case WO_ACT_HIDE:
        if (!note_required(in, e))
            return false;
        o->state = d.next;
        o->hidden_reason = note;
        ok = db_exec(db,
                     "UPDATE work_order SET state = ?, is_open = 0, hidden_reason = ?, closed_at = ?, updated_at = ?, "
                     "next_check = NULL WHERE id = ?",
                     DB_T(wo_state_name(o->state)), DB_T(note), DB_I(now), DB_I(now), DB_I(o->id));
        break;
    default:
        return wo_err(e, WM_UNKNOWN_ACTION, "action");
    }
    if (!ok)
        return wo_err_db(e, c->db);
    int64_t ev = wo_event_add(db, o->id, now, ctx_actor(c), wo_action_name(a), wo_state_name(before),
                              wo_state_name(o->state), note);
    if (!ev)
        return wo_err_db(e, c->db);
    char *bj = arena_printf(c->arena, "{\"state\":%j}", wo_state_name(before));
    char *aj = arena_printf(c->arena, "{\"state\":%j%s}", wo_state_name(o->state), extra);
    if (!audit_append(db, ctx_actor(c), "work_order", o->id, wo_action_name(a), bj, aj))
        return wo_err_db(e, c->db);
    char *kind = arena_printf(c->arena, "workorder.%s", wo_action_name(a));
    char *payload =
        arena_printf(c->arena, "{\"order_id\":%lld,\"from\":%j,\"to\":%j,\"reporter_id\":%lld%s}", (long long)o->id,
                     wo_state_name(before), wo_state_name(o->state), (long long)o->reporter_id, extra);
    if (!wo_outbox(c, kind, o->id, wo_action_label_zh(a), false, payload))
        return wo_err_db(e, c->db);
    if (event_id)
        *event_id = ev;
    return true;
}

bool wo_comment(const Ctx *c, WoOrder *o, const char *text, int64_t *event_id, WoErr *e)
{
    if (!wo_order_readable(c, o, NULL, e))
        return false;
    int64_t now = c->now;
    int64_t ev = wo_event_add(c->db, o->id, now, ctx_actor(c), "comment", NULL, NULL, text);
    if (!ev || !db_exec(c->db, "UPDATE work_order SET updated_at = ? WHERE id = ?", DB_I(now), DB_I(o->id)))
        return wo_err_db(e, c->db);
    char *aj = arena_printf(c->arena, "{\"event_id\":%lld}", (long long)ev);
    if (!audit_append(c->db, ctx_actor(c), "work_order", o->id, "comment", NULL, aj))
        return wo_err_db(e, c->db);
    *event_id = ev;
    return true;
}

/* ---- the sweep ------------------------------------------------------------------------------ */

typedef struct SweepRow {
    int64_t id, community_id, grid_id, overdue_since;
    int overdue, level;
    WoClock clk;
} SweepRow;

static const char *target_label(const char *t)
{
    if (strcmp(t, "grid") == 0)
        return "网格长";
    if (strcmp(t, "community") == 0)
        return "社区";
    return "街道办";
}

/* ---- coordination meetings ------------------------------------------------
 * The meetings are the votes capability's. vote sits above workorder in the
 * floors, so workorder never reads `meeting`: vote tells it, in the
 * transaction that opens or holds one, and workorder keeps what its sweep
 * and its order page need in wo_meeting. */

bool wo_meeting_linked(const Ctx *c, int64_t order_id, int64_t meeting_id, const char *title, int64_t starts_at,
                       WoErr *e)
{
    if (!db_exec(c->db,
                 "INSERT INTO wo_meeting (meeting_id, order_id, title, starts_at, status) VALUES (?, ?, ?, ?, 'planned')",
                 DB_I(meeting_id), DB_I(order_id), DB_T(title), DB_I(starts_at)))
        return wo_err_db(e, c->db);
    return true;
}

bool wo_meeting_held(const Ctx *c, int64_t meeting_id, bool published, WoErr *e)
{
    /* a meeting that coordinates no order has no row: nothing to change */
    if (!db_exec(c->db, "UPDATE wo_meeting SET status = ? WHERE meeting_id = ?",
                 DB_T(published ? "published" : "held"), DB_I(meeting_id)))
        return wo_err_db(e, c->db);
    return true;
}

bool wo_meetings_of_order(const Ctx *c, int64_t order_id, WoMeeting **out, int *n)
{
    int k = 0, cap = 8;
    WoMeeting *list = arena_alloc(c->arena, sizeof *list * (size_t)cap);
    DbStmt *st = db_query(c->db,
                          "SELECT meeting_id, title, starts_at, status FROM wo_meeting WHERE order_id = ? "
                          "ORDER BY meeting_id",
                          DB_I(order_id));
    while (db_step(st) == DB_ROW) {
        if (k == cap) {
            WoMeeting *grown = arena_alloc(c->arena, sizeof *list * (size_t)cap * 2);
            memcpy(grown, list, sizeof *list * (size_t)k);
            list = grown;
            cap *= 2;
        }
        list[k++] = (WoMeeting){db_col_int(st, 0), arena_strdup(c->arena, db_col_text(st, 1)), db_col_int(st, 2),
                                arena_strdup(c->arena, db_col_text(st, 3))};
    }
    *out = list;
    *n = k;
    return db_done(st);
}

/* In the sweep: each coordination meeting of an open complex order is
 * recorded on the order's timeline once (meeting_linked, ref_id = the
 * meeting), and a meeting held (status held or published, its start passed)
 * meets the order's "coordination meeting within 48 h" deadline: meeting_at
 * becomes its start time. Orders touched get next_check = now, so the pass
 * below recomputes their pending deadlines before anything is marked
 * overdue. */
typedef struct MeetRow {
    int64_t meeting_id, order_id, starts_at, linked;
    bool held, order_met;
    char title[160];
} MeetRow;

static bool sweep_meetings(Db *db, int64_t now)
{
    Ctx sc = {.db = db, .now = now}; /* the system announces */
    int cap = 64, n = 0;
    MeetRow *rows = malloc(sizeof *rows * (size_t)cap);
    if (!rows)
        return false;
    DbStmt *st = db_query(
        db,
        "SELECT m.meeting_id, m.order_id, m.starts_at, m.status, m.title, o.meeting_at, "
        "(SELECT COUNT(*) FROM wo_event e WHERE e.order_id = o.id AND e.kind = 'meeting_linked' "
        "AND e.ref_id = m.meeting_id) "
        "FROM wo_meeting m JOIN work_order o ON o.id = m.order_id "
        "WHERE o.is_open = 1 AND o.class = 'complex' ORDER BY m.meeting_id LIMIT 2000");
    while (db_step(st) == DB_ROW) {
        if (n == cap) {
            MeetRow *nr = realloc(rows, sizeof *rows * (size_t)cap * 2);
            if (!nr)
                break;
            rows = nr;
            cap *= 2;
        }
        MeetRow *m = &rows[n++];
        m->meeting_id = db_col_int(st, 0);
        m->order_id = db_col_int(st, 1);
        m->starts_at = db_col_int(st, 2);
        const char *status = db_col_text(st, 3);
        m->held = (strcmp(status, "held") == 0 || strcmp(status, "published") == 0) && m->starts_at <= now;
        snprintf(m->title, sizeof m->title, "%s", db_col_text(st, 4));
        m->order_met = !db_col_null(st, 5);
        m->linked = db_col_int(st, 6);
    }
    bool ok = db_done(st);
    for (int i = 0; ok && i < n; i++) {
        MeetRow *m = &rows[i];
        char note[320], payload[160];
        snprintf(payload, sizeof payload, "{\"order_id\":%lld,\"meeting_id\":%lld,\"starts_at\":%lld}",
                 (long long)m->order_id, (long long)m->meeting_id, (long long)m->starts_at);
        if (!m->linked) {
            snprintf(note, sizeof note, "多方协调会 #%lld：%s", (long long)m->meeting_id, m->title);
            ok = wo_event_add_ref(db, m->order_id, now, 0, "meeting_linked", note, m->meeting_id) > 0 &&
                 audit_append(db, 0, "work_order", m->order_id, "meeting_linked", NULL, payload) &&
                 wo_outbox(&sc, "workorder.meeting_linked", m->order_id, "关联协调会", false, payload);
        }
        if (ok && m->held && !m->order_met) {
            /* an order linked to several meetings counts the first one held */
            int64_t met = 0;
            if (!db_int(db, &met, "SELECT COALESCE(meeting_at, 0) FROM work_order WHERE id = ?", DB_I(m->order_id))) {
                ok = false;
                break;
            }
            if (met)
                continue;
            snprintf(note, sizeof note, "协调会已召开 #%lld：%s", (long long)m->meeting_id, m->title);
            ok = db_exec(db, "UPDATE work_order SET meeting_at = ?, updated_at = ?, next_check = ? WHERE id = ?",
                         DB_I(m->starts_at), DB_I(now), DB_I(now), DB_I(m->order_id)) &&
                 wo_event_add_ref(db, m->order_id, now, 0, "meeting_held", note, m->meeting_id) > 0 &&
                 audit_append(db, 0, "work_order", m->order_id, "meeting_held", NULL, payload) &&
                 wo_outbox(&sc, "workorder.meeting_held", m->order_id, "协调会已召开", false, payload);
        }
    }
    free(rows);
    return ok;
}

bool workorder_sweep(Db *db, int64_t now, int *n_escalated)
{
    Ctx sc = {.db = db, .now = now}; /* the system announces */
    *n_escalated = 0;
    if (!sweep_meetings(db, now))
        return false;
    /* Read the batch first: statements of one connection are not
     * interleaved with writes while a cursor is open. */
    int cap = 256, n = 0;
    SweepRow *rows = malloc(sizeof *rows * (size_t)cap);
    if (!rows)
        return false;
    DbStmt *st =
        db_query(db,
                 "SELECT id, community_id, grid_id, overdue, overdue_since, escalation_level, state, accepted_at, "
                 "onsite_at, meeting_at, done_at, response_due, onsite_due, meeting_due, resolve_due "
                 "FROM work_order WHERE next_check <= ? AND is_open = 1 ORDER BY next_check LIMIT 5000",
                 DB_I(now));
    while (db_step(st) == DB_ROW) {
        if (n == cap) {
            SweepRow *nr = realloc(rows, sizeof *rows * (size_t)cap * 2);
            if (!nr)
                break;
            rows = nr;
            cap *= 2;
        }
        SweepRow *w = &rows[n++];
        w->id = db_col_int(st, 0);
        w->community_id = db_col_int(st, 1);
        w->grid_id = db_col_int(st, 2);
        w->overdue = (int)db_col_int(st, 3);
        w->overdue_since = col_opt(st, 4);
        w->level = (int)db_col_int(st, 5);
        WoState s = WO_REPORTED;
        wo_state_parse(db_col_text(st, 6), &s);
        w->clk.state = s;
        w->clk.accepted_at = col_opt(st, 7);
        w->clk.onsite_at = col_opt(st, 8);
        w->clk.meeting_at = col_opt(st, 9);
        w->clk.done_at = col_opt(st, 10);
        w->clk.response_due = col_opt(st, 11);
        w->clk.onsite_due = col_opt(st, 12);
        w->clk.meeting_due = col_opt(st, 13);
        w->clk.resolve_due = col_opt(st, 14);
    }
    bool ok = db_done(st);
    int64_t ladder_for = -1;
    WoEscStep ladder[LADDER_MAX];
    char targets[LADDER_MAX][16];
    int n_ladder = 0;
    for (int i = 0; ok && i < n; i++) {
        SweepRow *w = &rows[i];
        int64_t pending = wo_first_pending(&w->clk);
        char note[160], payload[256];
        if (pending == 0 || pending > now) {
            /* met late, or the next deadline is still ahead */
            ok = db_exec(db, "UPDATE work_order SET next_check = ? WHERE id = ?", pending ? DB_I(pending) : DB_NULL,
                         DB_I(w->id));
            continue;
        }
        if (!w->overdue) {
            w->overdue = 1;
            w->overdue_since = pending;
            snprintf(payload, sizeof payload, "{\"order_id\":%lld,\"grid_id\":%lld,\"due\":%lld}", (long long)w->id,
                     (long long)w->grid_id, (long long)pending);
            ok = db_exec(db, "UPDATE work_order SET overdue = 1, overdue_since = ? WHERE id = ?", DB_I(pending),
                         DB_I(w->id)) &&
                 wo_event_add(db, w->id, now, 0, "overdue", NULL, NULL, "已超时") > 0 &&
                 audit_append(db, 0, "work_order", w->id, "overdue", NULL, payload) &&
                 wo_outbox(&sc, "workorder.overdue", w->id, "已超时", true, payload);
        }
        if (ladder_for != w->community_id) {
            n_ladder = ladder_load(db, w->community_id, ladder, targets);
            ladder_for = w->community_id;
            if (n_ladder < 0) {
                ok = false;
                break;
            }
        }
        int64_t next_at = 0;
        int step;
        while (ok && (step = wo_escalation_step(ladder, n_ladder, w->level, w->overdue_since, now, &next_at)) >= 0) {
            const WoEscStep *s = &ladder[step];
            char before[48];
            snprintf(before, sizeof before, "{\"escalation_level\":%d}", w->level);
            w->level = s->level;
            snprintf(note, sizeof note, "督办：第%d级，已通知%s", s->level, target_label(s->target));
            snprintf(payload, sizeof payload,
                     "{\"order_id\":%lld,\"level\":%d,\"target\":\"%s\",\"grid_id\":%lld,\"community_id\":%lld}",
                     (long long)w->id, s->level, s->target, (long long)w->grid_id, (long long)w->community_id);
            ok = db_exec(db, "UPDATE work_order SET escalation_level = ? WHERE id = ?", DB_I(s->level), DB_I(w->id)) &&
                 wo_event_add(db, w->id, now, 0, "escalate", NULL, NULL, note) > 0 &&
                 audit_append(db, 0, "work_order", w->id, "escalate", before, payload) &&
                 wo_outbox(&sc, "workorder.escalated", w->id, "督办升级", true, payload);
            if (ok)
                (*n_escalated)++;
        }
        if (ok)
            ok = db_exec(db, "UPDATE work_order SET next_check = ? WHERE id = ?", next_at ? DB_I(next_at) : DB_NULL,
                         DB_I(w->id));
    }
    free(rows);
    return ok;
}

/* main.c declares workorder_demo weak, and a weak reference does not pull
 * an object out of the static library; defining it here, in a file the
 * routes already pull in, keeps demo.c linked. */
bool workorder_demo(Db *db, uint64_t seed, char *err, size_t errlen)
{
    return wo_demo_build(db, seed, err, errlen);
}

/* ---- assignments and timeline ----------------------------------------------------------- */

bool wo_assignments(const Ctx *c, int64_t order_id, WoAssignment **out, int *n)
{
    *out = NULL;
    *n = 0;
    /* the rows first, then each org through grid's read function (no
     * statement stays open while another runs) */
    WoAssignment *as = NULL;
    int na = 0, cap = 0;
    DbStmt *st = db_query(c->db,
                          "SELECT org_id, is_lead FROM wo_assignment WHERE order_id = ? ORDER BY is_lead DESC, org_id",
                          DB_I(order_id));
    while (db_step(st) == DB_ROW) {
        if (na == cap) {
            cap = cap ? cap * 2 : 8;
            WoAssignment *nw = arena_alloc(c->arena, sizeof *nw * (size_t)cap);
            if (na)
                memcpy(nw, as, sizeof *nw * (size_t)na);
            as = nw;
        }
        memset(&as[na], 0, sizeof as[na]);
        as[na].org_id = db_col_int(st, 0);
        as[na++].lead = db_col_int(st, 1) != 0;
    }
    if (!db_done(st))
        return false;
    int k = 0;
    for (int i = 0; i < na; i++) {
        OrgInfo g;
        GridRead gr = grid_org_get(c, as[i].org_id, &g);
        if (gr == GRID_NOT_FOUND)
            continue; /* an org that is gone is not listed */
        if (gr != GRID_OK)
            return false;
        as[i].name = g.name;
        as[i].kind = g.kind;
        as[k++] = as[i];
    }
    *out = as;
    *n = k;
    return true;
}

/* The timeline, its actors named in one batch; also names `also` (the
 * reporter, say) in that batch when nonzero, so a page needs no query of its own for it. */
static bool timeline_named(const Ctx *c, int64_t order_id, int64_t also, const char **also_name, WoEvent **out,
                           int *n)
{
    *out = NULL;
    *n = 0;
    WoEvent *evs = NULL;
    int nev = 0, cap = 0;
    DbStmt *st = db_query(c->db,
                          "SELECT id, at, kind, from_state, to_state, note, actor_id FROM wo_event WHERE order_id = ? "
                          "ORDER BY id",
                          DB_I(order_id));
    while (db_step(st) == DB_ROW) {
        if (nev == cap) {
            cap = cap ? cap * 2 : 16;
            WoEvent *ne = arena_alloc(c->arena, sizeof *ne * (size_t)cap);
            if (nev)
                memcpy(ne, evs, sizeof *ne * (size_t)nev);
            evs = ne;
        }
        WoEvent *v = &evs[nev++];
        memset(v, 0, sizeof *v);
        v->id = db_col_int(st, 0);
        v->at = db_col_int(st, 1);
        v->kind = col_str(c->arena, st, 2);
        v->from = col_str(c->arena, st, 3);
        v->to = col_str(c->arena, st, 4);
        v->note = col_str(c->arena, st, 5);
        v->actor_id = col_opt(st, 6);
    }
    if (!db_done(st))
        return false;
    /* the actors named together, not one query per event */
    int64_t *actors = arena_alloc(c->arena, sizeof *actors * (size_t)(nev + 1));
    const char **names = arena_alloc(c->arena, sizeof *names * (size_t)(nev + 1));
    for (int i = 0; i < nev; i++)
        actors[i] = evs[i].actor_id;
    actors[nev] = also;
    if (auth_user_display_names(c, actors, nev + 1, names) != AUTH_OK)
        return false;
    for (int i = 0; i < nev; i++)
        evs[i].actor_name = evs[i].actor_id && *names[i] ? names[i] : NULL;
    if (also_name)
        *also_name = names[nev];
    *out = evs;
    *n = nev;
    return true;
}

bool wo_timeline(const Ctx *c, int64_t order_id, WoEvent **out, int *n)
{
    return timeline_named(c, order_id, 0, NULL, out, n);
}

/* ---- JSON -------------------------------------------------------------------------------------- */

static void iso_or_null(Buf *b, const char *name, int64_t t)
{
    if (t) {
        char s[26];
        clock_format_iso(t, s);
        buf_printf(b, ",\"%s\":%j", name, s);
    } else {
        buf_printf(b, ",\"%s\":null", name);
    }
}

bool wo_json(const Ctx *c, Buf *b, const WoOrder *o, bool with_timeline)
{
    bool full = wo_text_in_full(c->who, o);
    buf_printf(b,
               "{\"id\":%lld,\"state\":%j,\"state_label\":%j,\"class\":%j,\"category\":{\"id\":%lld,\"code\":%j,"
               "\"name\":%j},\"description\":%j,\"place\":{\"node_id\":%lld,\"kind\":%j,\"name\":%j,\"text\":%j},"
               "\"compound\":{\"id\":%lld,\"name\":%j},\"grid_id\":%lld,\"community_id\":%lld,\"channel\":%j",
               (long long)o->id, wo_state_name(o->state), wo_state_label_zh(o->state), o->cls,
               (long long)o->category_id, o->category_code, o->category_name, wo_text(c->arena, full, o->description),
               (long long)o->node_id, o->place_kind, o->place_name, wo_text(c->arena, full, o->place_text),
               (long long)o->compound_id, o->compound_name,
               (long long)o->grid_id, (long long)o->community_id, o->channel);
    if (o->has_geo)
        buf_printf(b, ",\"lat_e6\":%lld,\"lon_e6\":%lld", (long long)o->lat_e6, (long long)o->lon_e6);
    /* The reporter: their account id, and a masked name (PIPL). */
    const char *rname = NULL;
    WoEvent *evs = NULL;
    int nev = 0;
    if (with_timeline) {
        const char *name = "";
        if (!timeline_named(c, o->id, o->reporter_id, &name, &evs, &nev))
            return false;
        if (o->reporter_id)
            rname = wo_name_mask(c->arena, name);
    } else if (o->reporter_id) {
        const char *name = NULL;
        if (auth_user_display_name(c, o->reporter_id, &name) != AUTH_OK)
            return false;
        rname = wo_name_mask(c->arena, name); /* NULL for an unknown account ("") */
    }
    buf_printf(b, ",\"reporter\":{\"id\":%lld,\"name_masked\":%j,\"on_behalf_of\":%j}", (long long)o->reporter_id,
               rname, o->on_behalf_name);
    iso_or_null(b, "created_at", o->created_at);
    iso_or_null(b, "updated_at", o->updated_at);
    iso_or_null(b, "accepted_at", o->accepted_at);
    iso_or_null(b, "dispatched_at", o->dispatched_at);
    iso_or_null(b, "onsite_at", o->onsite_at);
    iso_or_null(b, "meeting_at", o->meeting_at);
    iso_or_null(b, "done_at", o->done_at);
    iso_or_null(b, "closed_at", o->closed_at);
    iso_or_null(b, "reporter_confirmed_at", o->reporter_confirmed_at);
    iso_or_null(b, "response_due", o->response_due);
    iso_or_null(b, "onsite_due", o->onsite_due);
    iso_or_null(b, "resolve_due", o->resolve_due);
    iso_or_null(b, "meeting_due", o->meeting_due);
    buf_printf(b, ",\"overdue\":%s,\"escalation_level\":%d,\"reopen_count\":%d", o->overdue ? "true" : "false",
               o->escalation_level, o->reopen_count);
    if (o->rating)
        buf_printf(b, ",\"rating\":%d,\"rating_comment\":%j", o->rating, wo_text(c->arena, full, o->rating_comment));
    else
        buf_puts(b, ",\"rating\":null");
    if (o->merged_into)
        buf_printf(b, ",\"merged_into\":%lld", (long long)o->merged_into);
    if (o->hidden_reason)
        buf_printf(b, ",\"hidden_reason\":%j", wo_text(c->arena, full, o->hidden_reason));
    if (o->close_reason)
        buf_printf(b, ",\"close_reason\":%j", wo_text(c->arena, full, o->close_reason));
    if (!with_timeline) {
        buf_putc(b, '}');
        return true;
    }
    WoAssignment *as;
    int na;
    if (!wo_assignments(c, o->id, &as, &na))
        return false;
    buf_puts(b, ",\"assignments\":[");
    for (int i = 0; i < na; i++)
        buf_printf(b, "%s{\"org_id\":%lld,\"name\":%j,\"kind\":%j,\"lead\":%s}", i ? "," : "",
                   (long long)as[i].org_id, as[i].name, as[i].kind, as[i].lead ? "true" : "false");
    buf_puts(b, "],\"timeline\":[");
    for (int i = 0; i < nev; i++) {
        const WoEvent *v = &evs[i];
        char at[26];
        clock_format_iso(v->at, at);
        /* the system acts without an account; an account that is gone shows no name */
        buf_printf(b, "%s{\"id\":%lld,\"at\":%j,\"kind\":%j,\"from\":%j,\"to\":%j,\"note\":%j,\"actor\":%j}",
                   i ? "," : "", (long long)v->id, at, v->kind, v->from, v->to, wo_text(c->arena, full, v->note),
                   v->actor_id ? v->actor_name : "系统");
    }
    DbStmt *st;
    buf_puts(b, "],\"photos\":[");
    st = db_query(c->db, "SELECT id, mime, size, event_id FROM wo_photo WHERE order_id = ? ORDER BY id", DB_I(o->id));
    for (int i = 0; db_step(st) == DB_ROW; i++)
        buf_printf(b, "%s{\"id\":%lld,\"mime\":%j,\"size\":%lld,\"url\":\"/api/workorders/photos/%lld\"}", i ? "," : "",
                   (long long)db_col_int(st, 0), db_col_text(st, 1), (long long)db_col_int(st, 2),
                   (long long)db_col_int(st, 0));
    if (!db_done(st))
        return false;
    buf_puts(b, "]}");
    return true;
}

bool workorder_overdue_count(Db *db, int64_t *n)
{
    *n = 0;
    return db_int(db, n, "SELECT COUNT(*) FROM work_order WHERE is_open = 1 AND overdue = 1");
}
