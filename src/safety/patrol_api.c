/* patrol_api.c: the patrols' JSON adapters: routes (list, create, one with
 * its points and, for those who manage it, the codes to post), a route's
 * day (the two rounds, their state, every skipped point by name) and the
 * check-in, which may record a finding as a hazard in the same transaction. */
#include <jansson.h>
#include <string.h>

#include "auth/session.h"
#include "core/clock.h"
#include "grid/grid.h"
#include "safety/web_int.h"

enum { PAGE_MAX = 50 };

static void err_reply_db(Req *r)
{
    SafetyErr e;
    safety_err_db(&e, r->db);
    safety_err_reply(r, &e);
}

void api_patrol_routes_list(Req *r)
{
    int64_t node, after;
    if (!req_query_int_or_reply(r, "node", 0, 1, INT64_MAX, &node) ||
        !req_query_int_or_reply(r, "after", 0, 0, INT64_MAX, &after))
        return;
    if (node == 0) {
        reply_error(r, 400, "missing_param", "node", "请指定网格或院落", "The node is required");
        return;
    }
    Ctx c = site_ctx(r);
    NodeInfo n;
    if (!grid_node_get(&c, node, &n)) {
        reply_error(r, 404, "not_found", "node", "找不到这个地点", "No such node");
        return;
    }
    if (!safety_may_see_register(&c, n.path)) {
        reply_forbidden(r);
        return;
    }
    PatrolRoute *items = arena_alloc(r->arena, sizeof(PatrolRoute) * (PAGE_MAX + 1));
    int k = safety_routes_page(&c, node, after, items, PAGE_MAX + 1);
    if (k < 0) {
        err_reply_db(r);
        return;
    }
    bool more = k > PAGE_MAX;
    if (more)
        k = PAGE_MAX;
    resp_json(r);
    buf_puts(&r->out, "{\"items\":[");
    for (int i = 0; i < k; i++)
        buf_printf(&r->out, "%s{\"id\":%lld,\"node_id\":%lld,\"name\":%j,\"worker_id\":%lld}", i ? "," : "",
                   (long long)items[i].id, (long long)items[i].node_id, items[i].name, (long long)items[i].worker_id);
    if (more)
        buf_printf(&r->out, "],\"next\":%lld}", (long long)items[k - 1].id);
    else
        buf_puts(&r->out, "],\"next\":null}");
}

/* The points of a route's body: [{name, compound_id, place_text?}], taken
 * out of the object so the rest is checked by the declared spec. */
static bool points_or_reply(Req *r, json_t *body, PointInput **out, int *n)
{
    json_t *a = json_object_get(body, "points");
    if (!json_is_array(a) || json_array_size(a) < 1 || json_array_size(a) > SAFETY_POINTS_MAX) {
        reply_error(r, 400, "bad_value", "points", "点位须有1至50个", "1 to 50 points");
        return false;
    }
    *n = (int)json_array_size(a);
    *out = arena_alloc(r->arena, sizeof(PointInput) * (size_t)*n);
    for (int i = 0; i < *n; i++) {
        json_t *p = json_array_get(a, (size_t)i);
        json_t *nm = json_object_get(p, "name"), *cp = json_object_get(p, "compound_id"),
               *pl = json_object_get(p, "place_text");
        if (!json_is_object(p) || !json_is_string(nm) || !json_is_integer(cp) || (pl && !json_is_string(pl)) ||
            json_string_length(nm) > 100 || (pl && json_string_length(pl) > 200) || json_object_size(p) > 3) {
            reply_error(r, 400, "bad_value", "points", "每个点位须有名称（100字以内）和院落编号",
                        "Each point needs a name (at most 100 characters) and a compound id");
            return false;
        }
        (*out)[i] = (PointInput){arena_strdup(r->arena, json_string_value(nm)),
                                 pl ? arena_strdup(r->arena, json_string_value(pl)) : "", json_integer_value(cp)};
    }
    json_object_del(body, "points");
    return true;
}

static void route_json(Req *r, const PatrolRoute *rt, bool codes)
{
    Buf *b = &r->out;
    buf_printf(b, "{\"id\":%lld,\"node_id\":%lld,\"name\":%j,\"worker_id\":%lld,\"points\":[", (long long)rt->id,
               (long long)rt->node_id, rt->name, (long long)rt->worker_id);
    for (int i = 0; i < rt->n_points; i++) {
        const PatrolPoint *p = &rt->points[i];
        buf_printf(b, "%s{\"id\":%lld,\"seq\":%d,\"name\":%j,\"place_text\":%j,\"compound_id\":%lld", i ? "," : "",
                   (long long)p->id, p->seq, p->name, p->place_text, (long long)p->compound_id);
        if (codes) {
            char code[17];
            safety_point_code(rt->secret, p->id, code);
            buf_printf(b, ",\"code\":%j,\"scan_url\":\"/patrol/%lld/%lld?c=%s\"", code, (long long)rt->id,
                       (long long)p->id, code);
        }
        buf_putc(b, '}');
    }
    buf_puts(b, "]}");
}

void api_patrol_route_create(Req *r)
{
    static const JsonField spec[] = {
        {"node_id", JF_INT, JF_REQUIRED, 1, INT64_MAX},
        {"name", JF_STRING, JF_REQUIRED, 0, 60},
        {"worker", JF_STRING, 0, 0, 60},
        {NULL, 0, 0, 0, 0},
    };
    JsonValue v[3];
    json_t *body = req_json_object_or_reply(r);
    PointInput *pts;
    int n;
    if (!body || !points_or_reply(r, body, &pts, &n) || !json_fields_or_reply(r, body, spec, v))
        return;
    Ctx c = site_ctx(r);
    SafetyErr e;
    NodeInfo place;
    if (!grid_node_get(&c, v[0].i, &place)) {
        safety_err(&e, SM_BAD_ROUTE_PLACE, "node_id");
        safety_err_reply(r, &e);
        return;
    }
    if (!safety_may_manage(&c, place.path, &e)) {
        safety_err_reply(r, &e);
        return;
    }
    int64_t worker = 0, id;
    if (v[2].present && !auth_user_id(r->db, v[2].s, &worker)) {
        err_reply_db(r);
        return;
    }
    if (v[2].present && worker == 0) {
        safety_err(&e, SM_BAD_WORKER, "worker");
        safety_err_reply(r, &e);
        return;
    }
    PatrolRoute rt;
    bool found;
    if (!safety_route_create(&c, v[0].i, v[1].s, worker, pts, n, &id, &e) || !safety_route_get(&c, id, &rt, &found, &e)) {
        safety_err_reply(r, &e);
        return;
    }
    r->status = 201;
    resp_json(r);
    route_json(r, &rt, true);
}

/* The route of the path's "id", which the caller patrols or manages; replies itself. */
static bool route_or_reply(Req *r, PatrolRoute *rt)
{
    int64_t id;
    if (!req_param_id_or_reply(r, "id", &id))
        return false;
    Ctx c = site_ctx(r);
    SafetyErr e;
    bool found;
    if (!safety_route_get(&c, id, rt, &found, &e)) {
        safety_err_reply(r, &e);
        return false;
    }
    if (!found || !safety_may_see_register(&c, rt->node_path)) {
        safety_err(&e, SM_NO_SUCH_ROUTE, NULL);
        safety_err_reply(r, &e);
        return false;
    }
    return true;
}

void api_patrol_route_get(Req *r)
{
    PatrolRoute rt;
    if (!route_or_reply(r, &rt))
        return;
    Ctx c = site_ctx(r);
    resp_json(r);
    route_json(r, &rt, safety_may_manage(&c, rt.node_path, NULL));
}

bool safety_day_param_or_reply(Req *r, int64_t now, int64_t *day_start, char day[16])
{
    const char *q = req_query(r, "date");
    if (!q) {
        int32_t ymd = clock_local_yyyymmdd(now);
        safety_ymd_text(ymd, day);
        *day_start = clock_local_day_start(ymd / 10000, ymd / 100 % 100, ymd % 100);
        return true;
    }
    if (strlen(q) != 10 || !clock_parse_local_day(q, day_start)) {
        SafetyErr e;
        safety_err(&e, SM_BAD_DATE, "date");
        safety_err_reply(r, &e);
        return false;
    }
    memcpy(day, q, 11); /* checked: 10 characters and a NUL */
    return true;
}

void api_patrol_route_day(Req *r)
{
    PatrolRoute rt;
    int64_t day_start;
    char day[16];
    if (!route_or_reply(r, &rt))
        return;
    Ctx c = site_ctx(r);
    if (!safety_day_param_or_reply(r, c.now, &day_start, day))
        return;
    PatrolRound rounds[SLOT__COUNT];
    SafetyErr e;
    if (!safety_route_day(&c, &rt, day_start, rounds, &e)) {
        safety_err_reply(r, &e);
        return;
    }
    resp_json(r);
    Buf *b = &r->out;
    buf_printf(b, "{\"route_id\":%lld,\"date\":%j,\"rounds\":[", (long long)rt.id, day);
    for (int s = 0; s < SLOT__COUNT; s++) {
        const PatrolRound *o = &rounds[s];
        buf_printf(b, "%s{\"slot\":%j,\"state\":%j,\"state_label\":%j,\"start\":%lld,\"end\":%lld,\"done\":[",
                   s ? "," : "", safety_slot_name(o->slot), safety_round_state_name(o->state),
                   safety_round_state_label_zh(o->state), (long long)o->start, (long long)o->end);
        int k = 0;
        for (int i = 0; i < rt.n_points; i++)
            if (o->done[i])
                buf_printf(b, "%s{\"point_id\":%lld,\"name\":%j,\"at\":%lld,\"flagged\":%s}", k++ ? "," : "",
                           (long long)rt.points[i].id, rt.points[i].name, (long long)o->at[i],
                           o->flagged[i] ? "true" : "false");
        buf_puts(b, "],\"skipped\":[");
        for (int i = 0; i < o->n_skipped; i++) {
            const PatrolPoint *p = &rt.points[o->skipped[i]];
            buf_printf(b, "%s{\"point_id\":%lld,\"name\":%j}", i ? "," : "", (long long)p->id, p->name);
        }
        buf_puts(b, "]}");
    }
    buf_puts(b, "]}");
}

void api_patrol_checkin(Req *r)
{
    static const JsonField spec[] = {
        {"route_id", JF_INT, JF_REQUIRED, 1, INT64_MAX},
        {"point_id", JF_INT, JF_REQUIRED, 1, INT64_MAX},
        {"method", JF_STRING, JF_REQUIRED, 0, 10},
        {"code", JF_STRING, 0, 0, 32},
        {"device_time", JF_INT, 0, 0, INT64_C(1) << 40},
        {"note", JF_STRING, JF_EMPTY_OK, 0, 500},
        {"finding_title", JF_STRING, 0, 0, SAFETY_TITLE_MAX},
        {"finding_likelihood", JF_INT, 0, INT32_MIN, INT32_MAX},
        {"finding_consequence", JF_INT, 0, INT32_MIN, INT32_MAX},
        {NULL, 0, 0, 0, 0},
    };
    JsonValue v[9];
    json_t *body = req_json_object_or_reply(r);
    if (!body || !json_fields_or_reply(r, body, spec, v))
        return;
    Ctx c = site_ctx(r);
    SafetyErr e;
    PatrolRoute rt;
    bool found;
    if (!safety_route_get(&c, v[0].i, &rt, &found, &e)) {
        safety_err_reply(r, &e);
        return;
    }
    if (!found || !safety_may_see_register(&c, rt.node_path)) {
        safety_err(&e, SM_NO_SUCH_ROUTE, "route_id");
        safety_err_reply(r, &e);
        return;
    }
    if (!safety_may_report(&c, rt.node_path, &e)) {
        safety_err_reply(r, &e);
        return;
    }
    CheckinInput in = {v[1].i, v[2].s, v[3].present ? v[3].s : NULL, v[4].present ? v[4].i : 0,
                       v[5].present ? v[5].s : ""};
    int64_t id, hazard = 0;
    bool flagged = false;
    if (!safety_checkin(&c, &rt, &in, &id, &flagged, &e)) {
        safety_err_reply(r, &e);
        return;
    }
    if (v[6].present) {
        /* a finding at the point: a hazard in the point's compound, in the same transaction */
        const PatrolPoint *p = NULL;
        for (int i = 0; i < rt.n_points; i++)
            if (rt.points[i].id == in.point_id)
                p = &rt.points[i];
        HazardInput h = {p->compound_id,
                         v[6].s,
                         in.note,
                         p->place_text[0] ? p->place_text : p->name,
                         "",
                         "patrol",
                         v[7].present ? (int)v[7].i : 0,
                         v[8].present ? (int)v[8].i : 0,
                         false};
        if (!safety_hazard_create(&c, &h, &hazard, &e) || !safety_checkin_finding(&c, id, hazard, &e)) {
            if (e.field && strcmp(e.field, "likelihood") == 0)
                e.field = "finding_likelihood";
            else if (e.field && strcmp(e.field, "consequence") == 0)
                e.field = "finding_consequence";
            safety_err_reply(r, &e);
            return;
        }
    }
    r->status = 201;
    resp_json(r);
    buf_printf(&r->out, "{\"id\":%lld,\"route_id\":%lld,\"point_id\":%lld,\"flagged\":%s,\"hazard_id\":%lld}",
               (long long)id, (long long)rt.id, (long long)in.point_id, flagged ? "true" : "false", (long long)hazard);
}
