/* api.c: the JSON API of community life: events and bookings, points and
 * the catalogue, rotas, the service menu. Parse -> permission -> model ->
 * JSON; every error through messages.c. */
#include <stdio.h>
#include <string.h>

#include "auth/read.h"
#include "grid/grid.h"
#include "grid/web.h"
#include "life/web_int.h"
#include "workorder/workorder.h"

static void db_fail(Req *r)
{
    LifeErr e;
    life_err_db(&e, r->db);
    life_err_reply(r, &e);
}

static bool body_or_reply(Req *r, const JsonField *spec, JsonValue *v)
{
    json_t *body = req_json_object_or_reply(r);
    return body && json_fields_or_reply(r, body, spec, v);
}

static int64_t me(const Req *r)
{
    return r->who ? r->who->user_id : 0;
}

/* ---- events ------------------------------------------------------------------------- */

void life_event_json(Req *r, Buf *b, const LifeEvent *v)
{
    buf_printf(b,
               "{\"id\":%lld,\"node_id\":%lld,\"title\":%j,\"body\":%j,\"audience\":%j,\"audience_label\":%j,"
               "\"place\":%j,\"starts_at\":%lld,\"ends_at\":%lld,\"capacity\":%lld,\"points\":%lld,"
               "\"seats_taken\":%lld,\"seats_free\":%lld,\"waiting\":%lld,\"status\":%j}",
               (long long)v->id, (long long)v->node_id, v->title, v->body, v->audience,
               life_audience_label_zh(v->audience), v->place, (long long)v->starts_at, (long long)v->ends_at,
               (long long)v->capacity, (long long)v->points, (long long)v->seats_taken,
               (long long)(v->capacity - v->seats_taken), (long long)v->waiting, v->status);
}

void life_booking_json(Req *r, Buf *b, const LifeBooking *v, bool names)
{
    buf_printf(b,
               "{\"id\":%lld,\"event_id\":%lld,\"user_id\":%lld,\"for_name\":%j,\"party\":%lld,\"status\":%j,"
               "\"position\":%lld,\"checked_in\":%s,\"promoted\":%s}",
               (long long)v->id, (long long)v->event_id, (long long)v->user_id,
               names ? v->for_name : wo_name_mask(r->arena, v->for_name), (long long)v->party, v->status,
               (long long)v->position, v->checked_in_at ? "true" : "false", v->promoted_at ? "true" : "false");
}

/* The event of the path's {id}, seen by the caller; 404 when absent or out of sight. */
static bool event_or_reply(Req *r, LifeEvent *ev)
{
    int64_t id;
    LifeErr e;
    Ctx c = site_ctx(r);
    if (!req_param_id_or_reply(r, "id", &id))
        return false;
    if (!life_event_get(&c, id, ev, &e)) {
        life_err_reply(r, &e);
        return false;
    }
    if (!life_may_see(&c, ev->node_path)) {
        life_err_reply(r, &(LifeErr){LM_NO_SUCH_EVENT, "id", NULL});
        return false;
    }
    return true;
}

void api_life_events(Req *r)
{
    int64_t node, page, per_page, after;
    NodeInfo n;
    if (!req_query_id_or_reply(r, "node", &node) || !req_keyset_or_reply(r, &page, &per_page, &after) ||
        !grid_node_load_allowed_or_reply(r, node, PERM_TREE_READ, &n))
        return;
    if (per_page > 100)
        per_page = 100;
    Ctx c = site_ctx(r);
    LifeErr e;
    LifeEvent *rows = arena_alloc(r->arena, sizeof *rows * (size_t)(per_page + 1));
    int k = life_events_page(&c, node, after, (int)per_page + 1, rows, &e);
    if (k < 0) {
        life_err_reply(r, &e);
        return;
    }
    bool more = k > per_page;
    if (more)
        k = (int)per_page;
    resp_json(r);
    buf_puts(&r->out, "{\"items\":[");
    for (int i = 0; i < k; i++) {
        if (i)
            buf_putc(&r->out, ',');
        life_event_json(r, &r->out, &rows[i]);
    }
    buf_printf(&r->out, "],\"next\":");
    if (more)
        buf_printf(&r->out, "%lld}", (long long)rows[k - 1].id);
    else
        buf_puts(&r->out, "null}");
}

static const JsonField event_spec[] = {
    {"node_id", JF_INT, JF_REQUIRED, 1, INT64_MAX},
    {"title", JF_STRING, JF_REQUIRED, 0, 100},
    {"body", JF_STRING, JF_EMPTY_OK, 0, 2000},
    {"audience", JF_STRING, 0, 0, 20},
    {"place", JF_STRING, JF_EMPTY_OK, 0, 100},
    {"starts_at", JF_INT, JF_REQUIRED, 1, INT64_C(4102444800)},
    {"ends_at", JF_INT, JF_REQUIRED, 1, INT64_C(4102444800)},
    {"capacity", JF_INT, JF_REQUIRED, 1, 10000},
    {"points", JF_INT, 0, 0, 1000},
    {NULL},
};

void api_life_event_create(Req *r)
{
    JsonValue v[9];
    NodeInfo n;
    if (!body_or_reply(r, event_spec, v) || !grid_node_ref_or_reply(r, v[0].i, PERM_LIFE_MANAGE, "node_id", &n))
        return;
    Ctx c = site_ctx(r);
    LifeErr e;
    LifeEventNew in = {n.id, v[1].s, v[2].present ? v[2].s : "", v[3].present ? v[3].s : "all",
                       v[4].present ? v[4].s : "", v[5].i, v[6].i, v[7].i, v[8].present ? v[8].i : 0};
    int64_t id;
    LifeEvent ev;
    if (!life_event_create(&c, &in, &id, &e) || !life_event_get(&c, id, &ev, &e)) {
        life_err_reply(r, &e);
        return;
    }
    r->status = 201;
    resp_json(r);
    life_event_json(r, &r->out, &ev);
}

void api_life_event_get(Req *r)
{
    LifeEvent ev;
    if (!event_or_reply(r, &ev))
        return;
    Ctx c = site_ctx(r);
    LifeErr e;
    int64_t mine = 0, confirmed = 0, attended = 0;
    LifeBooking b;
    if ((me(r) && !life_booking_of(&c, ev.id, me(r), &mine, &e)) ||
        (mine && !life_booking_get(&c, mine, &b, &e)) ||
        !life_event_attendance(&c, ev.id, &confirmed, &attended, &e)) {
        life_err_reply(r, &e);
        return;
    }
    resp_json(r);
    buf_puts(&r->out, "{\"event\":");
    life_event_json(r, &r->out, &ev);
    buf_puts(&r->out, ",\"my_booking\":");
    if (mine)
        life_booking_json(r, &r->out, &b, true);
    else
        buf_puts(&r->out, "null");
    buf_printf(&r->out, ",\"confirmed\":%lld,\"attended\":%lld}", (long long)confirmed, (long long)attended);
}

static const JsonField book_spec[] = {
    {"party", JF_INT, 0, 1, 10},
    {"for_name", JF_STRING, 0, 0, 40},
    {"consent", JF_BOOL, 0, 0, 0},
    {NULL},
};

void api_life_book(Req *r)
{
    LifeEvent ev;
    JsonValue v[3];
    if (!event_or_reply(r, &ev) || !body_or_reply(r, book_spec, v))
        return;
    Ctx c = site_ctx(r);
    /* booking at the desk for someone without an account is the staff's */
    if (v[1].present && !life_may_manage(&c, ev.node_path)) {
        reply_forbidden(r);
        return;
    }
    LifeErr e;
    LifeBooking b;
    LifeBookNew in = {ev.id, v[1].present ? 0 : me(r), v[1].present ? v[1].s : NULL, v[2].present && v[2].b,
                      v[0].present ? v[0].i : 1};
    if (!life_book(&c, &in, &b, &e)) {
        life_err_reply(r, &e);
        return;
    }
    r->status = 201;
    resp_json(r);
    life_booking_json(r, &r->out, &b, true);
}

void api_life_bookings(Req *r)
{
    LifeEvent ev;
    int64_t page, per_page, after;
    if (!event_or_reply(r, &ev) || !req_keyset_or_reply(r, &page, &per_page, &after) ||
        !auth_require_or_reply(r, PERM_LIFE_MANAGE, ev.node_path))
        return;
    if (per_page > 100)
        per_page = 100;
    Ctx c = site_ctx(r);
    LifeErr e;
    LifeBooking *rows = arena_alloc(r->arena, sizeof *rows * (size_t)(per_page + 1));
    int k = life_bookings_page(&c, ev.id, after, (int)per_page + 1, rows, &e);
    if (k < 0) {
        life_err_reply(r, &e);
        return;
    }
    bool more = k > per_page;
    if (more)
        k = (int)per_page;
    resp_json(r);
    buf_puts(&r->out, "{\"items\":[");
    for (int i = 0; i < k; i++) {
        if (i)
            buf_putc(&r->out, ',');
        life_booking_json(r, &r->out, &rows[i], true);
    }
    buf_puts(&r->out, "],\"next\":");
    if (more)
        buf_printf(&r->out, "%lld}", (long long)rows[k - 1].id);
    else
        buf_puts(&r->out, "null}");
}

/* The booking of the path's {id} and its event: its own person or the staff
 * (staff_only: the staff alone); 404 for anyone else. */
static bool booking_or_reply(Req *r, bool staff_only, LifeBooking *b, LifeEvent *ev)
{
    int64_t id;
    LifeErr e;
    Ctx c = site_ctx(r);
    if (!req_param_id_or_reply(r, "id", &id))
        return false;
    if (!life_booking_get(&c, id, b, &e) || !life_event_get(&c, b->event_id, ev, &e)) {
        life_err_reply(r, &e);
        return false;
    }
    bool staff = life_may_manage(&c, ev->node_path);
    bool own = b->user_id && b->user_id == me(r);
    if (!staff && !(own && !staff_only)) {
        if (own || life_may_see(&c, ev->node_path))
            reply_forbidden(r);
        else
            life_err_reply(r, &(LifeErr){LM_NO_SUCH_BOOKING, "id", NULL});
        return false;
    }
    return true;
}

void api_life_booking_cancel(Req *r)
{
    LifeBooking b;
    LifeEvent ev;
    if (!booking_or_reply(r, false, &b, &ev))
        return;
    Ctx c = site_ctx(r);
    LifeErr e;
    int promoted = 0;
    if (!life_booking_cancel(&c, b.id, &promoted, &e) || !life_booking_get(&c, b.id, &b, &e)) {
        life_err_reply(r, &e);
        return;
    }
    resp_json(r);
    buf_puts(&r->out, "{\"booking\":");
    life_booking_json(r, &r->out, &b, true);
    buf_printf(&r->out, ",\"promoted\":%d}", promoted);
}

void api_life_checkin(Req *r)
{
    LifeBooking b;
    LifeEvent ev;
    if (!booking_or_reply(r, true, &b, &ev))
        return;
    Ctx c = site_ctx(r);
    LifeErr e;
    if (!life_checkin(&c, b.id, &e) || !life_booking_get(&c, b.id, &b, &e)) {
        life_err_reply(r, &e);
        return;
    }
    resp_json(r);
    life_booking_json(r, &r->out, &b, true);
}

/* ---- points ------------------------------------------------------------------------- */

void api_life_points(Req *r)
{
    int64_t page, per_page, after, bal;
    bool pub;
    if (!req_keyset_or_reply(r, &page, &per_page, &after))
        return;
    if (per_page > 100)
        per_page = 100;
    Ctx c = site_ctx(r);
    LifeErr e;
    LifePointsLine *rows = arena_alloc(r->arena, sizeof *rows * (size_t)(per_page + 1));
    int k;
    if (!life_points_balance(&c, me(r), &bal, &pub, &e) ||
        (k = life_points_ledger(&c, me(r), after, (int)per_page + 1, rows, &e)) < 0) {
        life_err_reply(r, &e);
        return;
    }
    bool more = k > per_page;
    if (more)
        k = (int)per_page;
    resp_json(r);
    buf_printf(&r->out, "{\"balance\":%lld,\"public\":%s,\"items\":[", (long long)bal, pub ? "true" : "false");
    for (int i = 0; i < k; i++)
        buf_printf(&r->out, "%s{\"id\":%lld,\"entry_id\":%lld,\"delta\":%lld,\"kind\":%j,\"memo\":%j,\"at\":%lld}",
                   i ? "," : "", (long long)rows[i].id, (long long)rows[i].entry_id, (long long)rows[i].delta,
                   rows[i].kind, rows[i].memo, (long long)rows[i].created_at);
    buf_puts(&r->out, "],\"next\":");
    if (more)
        buf_printf(&r->out, "%lld}", (long long)rows[k - 1].id);
    else
        buf_puts(&r->out, "null}");
}

void api_life_points_board(Req *r)
{
    Ctx c = site_ctx(r);
    LifeErr e;
    LifeBoardRow rows[20];
    int k = life_points_board(&c, 20, rows, &e);
    if (k < 0) {
        life_err_reply(r, &e);
        return;
    }
    resp_json(r);
    buf_puts(&r->out, "{\"items\":[");
    for (int i = 0; i < k; i++) {
        const char *name = NULL;
        if (auth_user_display_name(&c, rows[i].user_id, &name) != AUTH_OK)
            name = NULL;
        buf_printf(&r->out, "%s{\"rank\":%d,\"name\":%j,\"balance\":%lld}", i ? "," : "", i + 1,
                   wo_name_mask(r->arena, name ? name : "志愿者"), (long long)rows[i].balance);
    }
    buf_puts(&r->out, "]}");
}

static const JsonField public_spec[] = {{"public", JF_BOOL, JF_REQUIRED, 0, 0}, {NULL}};

void api_life_points_visibility(Req *r)
{
    JsonValue v[1];
    if (!body_or_reply(r, public_spec, v))
        return;
    Ctx c = site_ctx(r);
    LifeErr e;
    if (!life_points_set_public(&c, me(r), v[0].b, &e)) {
        life_err_reply(r, &e);
        return;
    }
    resp_json(r);
    buf_printf(&r->out, "{\"public\":%s}", v[0].b ? "true" : "false");
}

static const JsonField redeem_spec[] = {{"reward_id", JF_INT, JF_REQUIRED, 1, INT64_MAX}, {NULL}};

void api_life_points_redeem(Req *r)
{
    JsonValue v[1];
    if (!body_or_reply(r, redeem_spec, v))
        return;
    Ctx c = site_ctx(r);
    LifeErr e;
    LifeReward rw;
    int64_t red, bal;
    bool pub;
    if (!life_reward_get(&c, v[0].i, &rw, &e)) {
        life_err_reply(r, &e);
        return;
    }
    if (!life_may_see(&c, rw.node_path)) {
        life_err_reply(r, &(LifeErr){LM_NO_SUCH_REWARD, "reward_id", NULL});
        return;
    }
    if (!life_points_redeem(&c, me(r), rw.id, &red, &e) || !life_points_balance(&c, me(r), &bal, &pub, &e)) {
        life_err_reply(r, &e);
        return;
    }
    r->status = 201;
    resp_json(r);
    buf_printf(&r->out, "{\"redemption_id\":%lld,\"reward\":%j,\"cost\":%lld,\"balance\":%lld}", (long long)red,
               rw.name, (long long)rw.cost, (long long)bal);
}

static const JsonField award_spec[] = {
    {"user_id", JF_INT, JF_REQUIRED, 1, INT64_MAX},
    {"order_id", JF_INT, JF_REQUIRED, 1, INT64_MAX},
    {"node_id", JF_INT, JF_REQUIRED, 1, INT64_MAX},
    {NULL},
};

/* Staff record a service a volunteer gave (a work order they handled). */
void api_life_points_award(Req *r)
{
    JsonValue v[3];
    NodeInfo n;
    if (!body_or_reply(r, award_spec, v) || !grid_node_ref_or_reply(r, v[2].i, PERM_LIFE_MANAGE, "node_id", &n))
        return;
    Ctx c = site_ctx(r);
    LifeErr e;
    UserInfo u;
    AuthRead a = auth_user_get(&c, v[0].i, &u);
    if (a == AUTH_NOT_FOUND) {
        life_err_reply(r, &(LifeErr){LM_NO_SUCH_USER, "user_id", NULL});
        return;
    }
    if (a != AUTH_OK) {
        db_fail(r);
        return;
    }
    int64_t entry;
    if (!life_points_award(&c, v[0].i, LP_SERVICE, arena_printf(r->arena, "service:%lld", (long long)v[1].i),
                           life_points_earned(LP_SERVICE, 0, 0),
                           arena_printf(r->arena, "服务工单#%lld", (long long)v[1].i), &entry, &e)) {
        life_err_reply(r, &e);
        return;
    }
    r->status = 201;
    resp_json(r);
    buf_printf(&r->out, "{\"entry_id\":%lld,\"points\":%d}", (long long)entry, LIFE_SERVICE_POINTS);
}

void api_life_points_reverse(Req *r)
{
    int64_t id, entry;
    if (!req_param_id_or_reply(r, "id", &id))
        return;
    Ctx c = site_ctx(r);
    LifeErr e;
    if (!life_points_reverse(&c, id, &entry, &e)) {
        life_err_reply(r, &e);
        return;
    }
    r->status = 201;
    resp_json(r);
    buf_printf(&r->out, "{\"entry_id\":%lld,\"reverses\":%lld}", (long long)entry, (long long)id);
}

void api_life_points_check(Req *r)
{
    Ctx c = site_ctx(r);
    LifeErr e;
    int64_t sb, sl, mis;
    if (!life_points_check(&c, &sb, &sl, &mis, &e)) {
        life_err_reply(r, &e);
        return;
    }
    resp_json(r);
    buf_printf(&r->out, "{\"ok\":%s,\"sum_balances\":%lld,\"sum_lines\":%lld,\"mismatched_accounts\":%lld}",
               sb == 0 && sl == 0 && mis == 0 ? "true" : "false", (long long)sb, (long long)sl, (long long)mis);
}

void api_life_rewards(Req *r)
{
    int64_t node, page, per_page, after;
    NodeInfo n;
    if (!req_query_id_or_reply(r, "node", &node) || !req_keyset_or_reply(r, &page, &per_page, &after) ||
        !grid_node_load_allowed_or_reply(r, node, PERM_TREE_READ, &n))
        return;
    if (per_page > 100)
        per_page = 100;
    Ctx c = site_ctx(r);
    LifeErr e;
    LifeReward *rows = arena_alloc(r->arena, sizeof *rows * (size_t)(per_page + 1));
    int k = life_rewards_page(&c, node, after, (int)per_page + 1, rows, &e);
    if (k < 0) {
        life_err_reply(r, &e);
        return;
    }
    bool more = k > per_page;
    if (more)
        k = (int)per_page;
    resp_json(r);
    buf_puts(&r->out, "{\"items\":[");
    for (int i = 0; i < k; i++)
        buf_printf(&r->out, "%s{\"id\":%lld,\"name\":%j,\"cost\":%lld,\"stock\":%lld}", i ? "," : "",
                   (long long)rows[i].id, rows[i].name, (long long)rows[i].cost, (long long)rows[i].stock);
    buf_puts(&r->out, "],\"next\":");
    if (more)
        buf_printf(&r->out, "%lld}", (long long)rows[k - 1].id);
    else
        buf_puts(&r->out, "null}");
}

static const JsonField reward_spec[] = {
    {"node_id", JF_INT, JF_REQUIRED, 1, INT64_MAX},
    {"name", JF_STRING, JF_REQUIRED, 0, 100},
    {"cost", JF_INT, JF_REQUIRED, 1, 1000000},
    {"stock", JF_INT, JF_REQUIRED, 0, 100000},
    {NULL},
};

void api_life_reward_create(Req *r)
{
    JsonValue v[4];
    NodeInfo n;
    if (!body_or_reply(r, reward_spec, v) || !grid_node_ref_or_reply(r, v[0].i, PERM_LIFE_MANAGE, "node_id", &n))
        return;
    Ctx c = site_ctx(r);
    LifeErr e;
    int64_t id;
    if (!life_reward_create(&c, n.id, v[1].s, v[2].i, v[3].i, &id, &e)) {
        life_err_reply(r, &e);
        return;
    }
    r->status = 201;
    resp_json(r);
    buf_printf(&r->out, "{\"id\":%lld,\"name\":%j,\"cost\":%lld,\"stock\":%lld}", (long long)id, v[1].s,
               (long long)v[2].i, (long long)v[3].i);
}

/* ---- rotas -------------------------------------------------------------------------- */

static const JsonField duty_spec[] = {
    {"node_id", JF_INT, JF_REQUIRED, 1, INT64_MAX},
    {"name", JF_STRING, JF_REQUIRED, 0, 60},
    {"points", JF_INT, 0, 0, 1000},
    {"swap_needs_approval", JF_BOOL, 0, 0, 0},
    {NULL},
};

void api_life_rota_create(Req *r)
{
    JsonValue v[4];
    NodeInfo n;
    if (!body_or_reply(r, duty_spec, v) || !grid_node_ref_or_reply(r, v[0].i, PERM_LIFE_MANAGE, "node_id", &n))
        return;
    Ctx c = site_ctx(r);
    LifeErr e;
    int64_t id;
    if (!life_duty_create(&c, n.id, v[1].s, v[2].present ? v[2].i : 0, !v[3].present || v[3].b, &id, &e)) {
        life_err_reply(r, &e);
        return;
    }
    r->status = 201;
    resp_json(r);
    buf_printf(&r->out, "{\"id\":%lld,\"name\":%j}", (long long)id, v[1].s);
}

/* The duty of the path's {id}; perm on its place (404 out of sight). */
static bool duty_or_reply(Req *r, Perm perm, LifeDuty *d)
{
    int64_t id;
    LifeErr e;
    Ctx c = site_ctx(r);
    if (!req_param_id_or_reply(r, "id", &id))
        return false;
    if (!life_duty_get(&c, id, d, &e)) {
        life_err_reply(r, &e);
        return false;
    }
    if (!life_may_see(&c, d->node_path)) {
        life_err_reply(r, &(LifeErr){LM_NO_SUCH_DUTY, "id", NULL});
        return false;
    }
    return auth_require_or_reply(r, perm, d->node_path);
}

void life_assignment_json(Req *r, Buf *b, const LifeAssignment *a, bool names)
{
    const char *name = NULL;
    Ctx c = site_ctx(r);
    if (auth_user_display_name(&c, a->user_id, &name) != AUTH_OK)
        name = NULL;
    buf_printf(b,
               "{\"id\":%lld,\"shift_id\":%lld,\"user_id\":%lld,\"name\":%j,\"starts_at\":%lld,\"ends_at\":%lld,"
               "\"status\":%j,\"swap_to\":%lld}",
               (long long)a->id, (long long)a->shift_id, (long long)a->user_id,
               names ? name : wo_name_mask(r->arena, name), (long long)a->starts_at, (long long)a->ends_at,
               a->status, (long long)a->swap_to);
}

void api_life_rota_get(Req *r)
{
    LifeDuty d;
    if (!duty_or_reply(r, PERM_TREE_READ, &d))
        return;
    Ctx c = site_ctx(r);
    LifeErr e;
    enum { MAXA = 2000 };
    LifeAssignment *as = arena_alloc(r->arena, sizeof *as * MAXA);
    int k = life_assignments_of_duty(&c, d.id, as, MAXA, &e);
    if (k < 0) {
        life_err_reply(r, &e);
        return;
    }
    bool staff = life_may_manage(&c, d.node_path);
    resp_json(r);
    buf_printf(&r->out, "{\"id\":%lld,\"name\":%j,\"points\":%lld,\"published\":%s,\"swap_needs_approval\":%s,"
                        "\"assignments\":[",
               (long long)d.id, d.name, (long long)d.points, d.published_at ? "true" : "false",
               d.swap_needs_approval ? "true" : "false");
    int w = 0;
    for (int i = 0; i < k; i++) {
        /* an unpublished draft is the staff's; each volunteer sees their own line */
        if (!staff && !d.published_at && as[i].user_id != me(r))
            continue;
        if (w++)
            buf_putc(&r->out, ',');
        life_assignment_json(r, &r->out, &as[i], staff || as[i].user_id == me(r));
    }
    buf_puts(&r->out, "]}");
}

static const JsonField shift_spec[] = {
    {"starts_at", JF_INT, JF_REQUIRED, 1, INT64_C(4102444800)},
    {"ends_at", JF_INT, JF_REQUIRED, 1, INT64_C(4102444800)},
    {"needed", JF_INT, 0, 1, 20},
    {NULL},
};

void api_life_shift_create(Req *r)
{
    LifeDuty d;
    JsonValue v[3];
    if (!duty_or_reply(r, PERM_LIFE_MANAGE, &d) || !body_or_reply(r, shift_spec, v))
        return;
    Ctx c = site_ctx(r);
    LifeErr e;
    int64_t id;
    if (!life_shift_create(&c, d.id, v[0].i, v[1].i, v[2].present ? v[2].i : 1, &id, &e)) {
        life_err_reply(r, &e);
        return;
    }
    r->status = 201;
    resp_json(r);
    buf_printf(&r->out, "{\"id\":%lld,\"duty_id\":%lld,\"starts_at\":%lld,\"ends_at\":%lld}", (long long)id,
               (long long)d.id, (long long)v[0].i, (long long)v[1].i);
}

static const JsonField avail_spec[] = {{"available", JF_BOOL, JF_REQUIRED, 0, 0}, {NULL}};

void api_life_shift_availability(Req *r)
{
    int64_t id;
    JsonValue v[1];
    LifeShift s;
    LifeDuty d;
    LifeErr e;
    Ctx c = site_ctx(r);
    if (!req_param_id_or_reply(r, "id", &id) || !body_or_reply(r, avail_spec, v))
        return;
    if (!life_shift_get(&c, id, &s, &e) || !life_duty_get(&c, s.duty_id, &d, &e)) {
        life_err_reply(r, &e);
        return;
    }
    if (!life_may_see(&c, d.node_path)) {
        life_err_reply(r, &(LifeErr){LM_NO_SUCH_SHIFT, "id", NULL});
        return;
    }
    if (!life_availability_set(&c, id, me(r), v[0].b, &e)) {
        life_err_reply(r, &e);
        return;
    }
    resp_json(r);
    buf_printf(&r->out, "{\"shift_id\":%lld,\"available\":%s}", (long long)id, v[0].b ? "true" : "false");
}

static const JsonField gen_spec[] = {{"seed", JF_INT, 0, 0, INT64_MAX}, {NULL}};

void api_life_rota_generate(Req *r)
{
    LifeDuty d;
    JsonValue v[1];
    if (!duty_or_reply(r, PERM_LIFE_MANAGE, &d) || !body_or_reply(r, gen_spec, v))
        return;
    Ctx c = site_ctx(r);
    LifeErr e;
    int filled = 0, slots = 0;
    if (!life_rota_generate_duty(&c, d.id, v[0].present ? (uint64_t)v[0].i : 1, &filled, &slots, &e)) {
        life_err_reply(r, &e);
        return;
    }
    resp_json(r);
    buf_printf(&r->out, "{\"filled\":%d,\"slots\":%d}", filled, slots);
}

void api_life_rota_publish(Req *r)
{
    LifeDuty d;
    if (!duty_or_reply(r, PERM_LIFE_MANAGE, &d))
        return;
    Ctx c = site_ctx(r);
    LifeErr e;
    if (!life_rota_publish(&c, d.id, &e)) {
        life_err_reply(r, &e);
        return;
    }
    resp_json(r);
    buf_printf(&r->out, "{\"id\":%lld,\"published\":true}", (long long)d.id);
}

/* The assignment of the path's {id}: its volunteer, or the staff of its place. */
static bool assignment_or_reply(Req *r, bool staff_only, LifeAssignment *a, LifeDuty *d)
{
    int64_t id;
    LifeErr e;
    Ctx c = site_ctx(r);
    if (!req_param_id_or_reply(r, "id", &id))
        return false;
    if (!life_assignment_get(&c, id, a, &e) || !life_duty_get(&c, a->duty_id, d, &e)) {
        life_err_reply(r, &e);
        return false;
    }
    if (!life_may_see(&c, d->node_path)) {
        life_err_reply(r, &(LifeErr){LM_NO_SUCH_ASSIGNMENT, "id", NULL});
        return false;
    }
    if (life_may_manage(&c, d->node_path) || (!staff_only && a->user_id == me(r)))
        return true;
    reply_forbidden(r);
    return false;
}

static const JsonField swap_spec[] = {{"user_id", JF_INT, JF_REQUIRED, 1, INT64_MAX}, {NULL}};

void api_life_assignment_swap(Req *r)
{
    LifeAssignment a;
    LifeDuty d;
    JsonValue v[1];
    if (!assignment_or_reply(r, false, &a, &d) || !body_or_reply(r, swap_spec, v))
        return;
    Ctx c = site_ctx(r);
    LifeErr e;
    bool done;
    if (!life_swap_request(&c, a.id, v[0].i, &done, &e)) {
        life_err_reply(r, &e);
        return;
    }
    resp_json(r);
    buf_printf(&r->out, "{\"id\":%lld,\"swapped\":%s,\"awaiting_approval\":%s}", (long long)a.id,
               done ? "true" : "false", done ? "false" : "true");
}

void api_life_assignment_action(Req *r)
{
    LifeAssignment a;
    LifeDuty d;
    const char *act = req_param(r, "action");
    if (!assignment_or_reply(r, true, &a, &d))
        return;
    Ctx c = site_ctx(r);
    LifeErr e;
    bool ok;
    if (!strcmp(act, "approve"))
        ok = life_swap_approve(&c, a.id, &e);
    else if (!strcmp(act, "done") || !strcmp(act, "missed"))
        ok = life_assignment_mark(&c, a.id, !strcmp(act, "done"), &e);
    else {
        reply_not_found(r);
        return;
    }
    if (!ok || !life_assignment_get(&c, a.id, &a, &e)) {
        life_err_reply(r, &e);
        return;
    }
    resp_json(r);
    life_assignment_json(r, &r->out, &a, true);
}

/* ---- services ----------------------------------------------------------------------- */

void life_service_json(Req *r, Buf *b, const LifeService *s)
{
    buf_printf(b,
               "{\"id\":%lld,\"node_id\":%lld,\"name\":%j,\"tier\":%j,\"provider\":%j,\"category\":%j,"
               "\"price_kind\":%j,\"price_label\":%j,\"price_fen\":%lld,\"response_minutes\":%lld,"
               "\"resolve_minutes\":%lld,\"ratings\":%lld,\"satisfaction_x10\":%lld}",
               (long long)s->id, (long long)s->node_id, s->name, s->tier, s->provider, s->category_code,
               s->price_kind, life_price_kind_label_zh(s->price_kind), (long long)s->price_fen,
               (long long)s->response_minutes, (long long)s->resolve_minutes, (long long)s->rating_count,
               (long long)life_satisfaction_x10(s->rating_count, s->rating_sum));
}

void api_life_services(Req *r)
{
    int64_t node, page, per_page, after;
    NodeInfo n;
    if (!req_query_id_or_reply(r, "node", &node) || !req_keyset_or_reply(r, &page, &per_page, &after) ||
        !grid_node_load_allowed_or_reply(r, node, PERM_TREE_READ, &n))
        return;
    if (per_page > 100)
        per_page = 100;
    Ctx c = site_ctx(r);
    LifeErr e;
    LifeService *rows = arena_alloc(r->arena, sizeof *rows * (size_t)(per_page + 1));
    int k = life_services_page(&c, node, after, (int)per_page + 1, rows, &e);
    if (k < 0) {
        life_err_reply(r, &e);
        return;
    }
    bool more = k > per_page;
    if (more)
        k = (int)per_page;
    resp_json(r);
    buf_puts(&r->out, "{\"items\":[");
    for (int i = 0; i < k; i++) {
        if (i)
            buf_putc(&r->out, ',');
        life_service_json(r, &r->out, &rows[i]);
    }
    buf_puts(&r->out, "],\"next\":");
    if (more)
        buf_printf(&r->out, "%lld}", (long long)rows[k - 1].id);
    else
        buf_puts(&r->out, "null}");
}

static const JsonField service_spec[] = {
    {"node_id", JF_INT, JF_REQUIRED, 1, INT64_MAX},
    {"name", JF_STRING, JF_REQUIRED, 0, 60},
    {"tier", JF_STRING, JF_REQUIRED, 0, 20},
    {"provider", JF_STRING, JF_REQUIRED, 0, 100},
    {"category", JF_STRING, JF_REQUIRED, 0, 40},
    {"price_kind", JF_STRING, JF_REQUIRED, 0, 20},
    {"price_fen", JF_INT, 0, 0, INT64_C(100000000)},
    {"response_minutes", JF_INT, JF_REQUIRED, 1, 60 * 24 * 30},
    {"resolve_minutes", JF_INT, JF_REQUIRED, 1, 60 * 24 * 90},
    {NULL},
};

void api_life_service_create(Req *r)
{
    JsonValue v[9];
    NodeInfo n;
    if (!body_or_reply(r, service_spec, v) || !grid_node_ref_or_reply(r, v[0].i, PERM_LIFE_MANAGE, "node_id", &n))
        return;
    Ctx c = site_ctx(r);
    LifeErr e;
    LifeService in = {.node_id = n.id,
                      .name = v[1].s,
                      .tier = v[2].s,
                      .provider = v[3].s,
                      .category_code = v[4].s,
                      .price_kind = v[5].s,
                      .price_fen = v[6].present ? v[6].i : 0,
                      .response_minutes = v[7].i,
                      .resolve_minutes = v[8].i};
    int64_t id;
    LifeService s;
    if (!life_service_create(&c, &in, &id, &e) || !life_service_get(&c, id, &s, &e)) {
        life_err_reply(r, &e);
        return;
    }
    r->status = 201;
    resp_json(r);
    life_service_json(r, &r->out, &s);
}

static const JsonField order_spec[] = {
    {"node_id", JF_INT, JF_REQUIRED, 1, INT64_MAX},
    {"description", JF_STRING, JF_REQUIRED, 0, 500},
    {NULL},
};

void api_life_service_order(Req *r)
{
    int64_t id;
    JsonValue v[2];
    NodeInfo n;
    LifeService s;
    LifeErr e;
    Ctx c = site_ctx(r);
    if (!req_param_id_or_reply(r, "id", &id) || !body_or_reply(r, order_spec, v))
        return;
    if (!life_service_get(&c, id, &s, &e)) {
        life_err_reply(r, &e);
        return;
    }
    if (!life_may_see(&c, s.node_path)) {
        life_err_reply(r, &(LifeErr){LM_NO_SUCH_SERVICE, "id", NULL});
        return;
    }
    /* the order is placed where the resident may report: their household or their compound */
    if (!grid_node_ref_or_reply(r, v[0].i, PERM_WO_REPORT, "node_id", &n))
        return;
    int64_t order;
    if (!life_service_order(&c, s.id, n.id, v[1].s, &order, &e)) {
        life_err_reply(r, &e);
        return;
    }
    r->status = 201;
    resp_json(r);
    buf_printf(&r->out, "{\"order_id\":%lld,\"service_id\":%lld,\"link\":\"/workorders/%lld\"}", (long long)order,
               (long long)s.id, (long long)order);
}

void api_life_service_orders(Req *r)
{
    int64_t id;
    LifeService s;
    LifeErr e;
    Ctx c = site_ctx(r);
    if (!req_param_id_or_reply(r, "id", &id))
        return;
    if (!life_service_get(&c, id, &s, &e)) {
        life_err_reply(r, &e);
        return;
    }
    if (!auth_require_or_reply(r, PERM_LIFE_MANAGE, s.node_path))
        return;
    WoSourceOrder rows[100];
    int k = wo_orders_of_source(&c, "service", s.id, rows, 100);
    if (k < 0) {
        db_fail(r);
        return;
    }
    resp_json(r);
    buf_puts(&r->out, "{\"items\":[");
    for (int i = 0; i < k; i++)
        buf_printf(&r->out, "%s{\"id\":%lld,\"state\":%j,\"open\":%s,\"resolve_due\":%lld}", i ? "," : "",
                   (long long)rows[i].id, wo_state_name(rows[i].state), rows[i].is_open ? "true" : "false",
                   (long long)rows[i].resolve_due);
    buf_puts(&r->out, "]}");
}
