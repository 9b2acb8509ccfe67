/* api.c: the native JSON API of work orders under /api/workorders: create,
 * list with filters and paging, get, transition, comment, photos, sweep,
 * metrics, and the configuration of SLA policies, calendars and ladders. */
#include "workorder/web_int.h"
#include "workorder/list_sql.h"

#include <stdlib.h>
#include <string.h>

#include "auth/audit.h"
#include "site/site.h"
#include "core/clock.h"
#include "grid/web.h"
#include "notify/notify.h"
#include "http/jsonin.h"

/* A storage failure: 503 when the database was busy, else 500 (messages.c). */
static void storage_error(Req *r)
{
    WoErr e;
    (void)wo_err_db(&e, r->db);
    wo_err_reply(r, &e);
}

/* ---- categories ---------------------------------------------------------- */

void api_wo_categories(Req *r)
{
    if (!auth_require_or_reply(r, PERM_LOGIN, NULL))
        return;
    resp_json(r);
    buf_puts(&r->out, "{\"items\":[");
    DbStmt *st =
        db_query(r->db, "SELECT id, code, name, name_en, grp, description, default_class, contracted FROM wo_category "
                        "WHERE active = 1 ORDER BY sort, id");
    for (int i = 0; db_step(st) == DB_ROW; i++)
        buf_printf(&r->out,
                   "%s{\"id\":%lld,\"code\":%j,\"name\":%j,\"name_en\":%j,\"group\":%j,\"description\":%j,"
                   "\"default_class\":%j,\"contracted\":%s}",
                   i ? "," : "", (long long)db_col_int(st, 0), db_col_text(st, 1), db_col_text(st, 2),
                   db_col_text(st, 3), db_col_text(st, 4), db_col_text(st, 5), db_col_text(st, 6),
                   db_col_int(st, 7) ? "true" : "false");
    if (!db_done(st)) {
        storage_error(r);
        return;
    }
    buf_puts(&r->out, "]}");
}

/* ---- create ----------------------------------------------------------------- */

static const JsonField create_spec[] = {
    {"category", JF_STRING, JF_REQUIRED, 0, 40},
    {"node_id", JF_INT, JF_REQUIRED, 1, INT64_MAX},
    {"description", JF_STRING, JF_REQUIRED, 0, 2000},
    {"place_text", JF_STRING, JF_EMPTY_OK, 0, 200},
    {"lat_e6", JF_INT, 0, -90000000, 90000000},
    {"lon_e6", JF_INT, 0, -180000000, 180000000},
    {"on_behalf_name", JF_STRING, 0, 0, 50},
    {"channel", JF_STRING, 0, 0, 20},
    {NULL, 0, 0, 0, 0},
};

static void reply_order(Req *r, int64_t id, int status)
{
    Ctx c = site_ctx(r);
    WoOrder o;
    WoErr e;
    if (!wo_load(&c, id, &o, &e)) {
        wo_err_reply(r, &e);
        return;
    }
    r->status = status;
    resp_json(r);
    if (!wo_json(&c, &r->out, &o, true)) {
        buf_reset(&r->out);
        storage_error(r);
    }
}

void api_wo_create(Req *r)
{
    if (!auth_require_or_reply(r, PERM_WO_REPORT, NULL))
        return;
    json_t *body = req_json_object_or_reply(r);
    JsonValue v[8];
    if (!body || !json_fields_or_reply(r, body, create_spec, v))
        return;
    int64_t cat = 0;
    if (!db_int(r->db, &cat, "SELECT id FROM wo_category WHERE code = ? AND active = 1", DB_T(v[0].s))) {
        reply_error(r, 400, "unknown_category", "category", "没有这个问题类别", "Unknown category");
        return;
    }
    if (v[4].present != v[5].present) {
        reply_error(r, 400, "bad_value", v[4].present ? "lon_e6" : "lat_e6", "经纬度需要同时填写",
                    "lat_e6 and lon_e6 go together");
        return;
    }
    const char *channel = v[7].present ? v[7].s : (v[6].present ? "desk" : "app");
    if (strcmp(channel, "app") != 0 && strcmp(channel, "patrol") != 0 && strcmp(channel, "phone") != 0 &&
        strcmp(channel, "desk") != 0) {
        reply_error(r, 400, "bad_value", "channel", "渠道应为 app、patrol、phone 或 desk",
                    "channel must be app, patrol, phone or desk");
        return;
    }
    WoCreate in = {v[1].i,       cat,    v[2].s, v[3].present ? v[3].s : "", channel, v[6].present ? v[6].s : NULL,
                   v[4].present, v[4].i, v[5].i};
    int64_t id;
    Ctx c = site_ctx(r);
    WoErr e;
    if (!wo_create(&c, &in, &id, &e)) {
        wo_err_reply(r, &e);
        return;
    }
    reply_order(r, id, 201);
}

/* ---- list ---------------------------------------------------------------------- */

static void summary_json(Buf *b, const WoOrder *o)
{
    char created[26], due[26];
    clock_format_iso(o->created_at, created);
    clock_format_iso(o->resolve_due, due);
    buf_printf(b,
               "{\"id\":%lld,\"state\":%j,\"state_label\":%j,\"class\":%j,\"category\":{\"id\":%lld,\"code\":%j,"
               "\"name\":%j},\"compound\":{\"id\":%lld,\"name\":%j},\"place\":{\"node_id\":%lld,\"name\":%j},"
               "\"grid_id\":%lld,\"description\":%j,\"created_at\":%j,\"resolve_due\":%j,\"overdue\":%s,"
               "\"escalation_level\":%d,\"reopen_count\":%d,\"rating\":",
               (long long)o->id, wo_state_name(o->state), wo_state_label_zh(o->state), o->cls,
               (long long)o->category_id, o->category_code, o->category_name, (long long)o->compound_id,
               o->compound_name, (long long)o->node_id, o->place_name, (long long)o->grid_id, o->description, created,
               due, o->overdue ? "true" : "false", o->escalation_level, o->reopen_count);
    if (o->rating)
        buf_printf(b, "%d}", o->rating);
    else
        buf_puts(b, "null}");
}

/* The first node where the user holds perm, as the default scope of lists. */
static const Grant *first_grant_with(const Principal *p, Perm perm)
{
    for (int i = 0; p && i < p->n_grants; i++)
        if (role_has(p->grants[i].role, perm))
            return &p->grants[i];
    return NULL;
}

/* The scope of a list from its query (grid, compound, node, mine,
 * assigned), or the user's default: the first place they may read orders
 * at, else their org's orders, else their own reports. False after
 * replying (no permission there: 404 as for a node that does not exist). */
bool wo_list_scope_or_reply(Req *r, int64_t grid, int64_t compound, int64_t node, int64_t mine, int64_t assigned,
                            WoListQ *q)
{
    Ctx c = site_ctx(r);
    q->kind = NODE_HOUSEHOLD;
    if (mine) {
        q->scope = WO_SCOPE_MINE;
        q->key = r->who->user_id;
        return true;
    }
    if (assigned) {
        if (!auth_require_or_reply(r, PERM_WO_HANDLE, NULL))
            return false;
        q->scope = WO_SCOPE_ASSIGNED;
        q->key = wo_user_org(&c);
        return true;
    }
    int64_t nid = grid ? grid : compound ? compound : node;
    if (!nid) {
        const Grant *g = first_grant_with(r->who, PERM_WO_READ);
        if (g) {
            nid = g->node_id;
        } else if (perm_allows(r->who, PERM_WO_HANDLE, NULL) && wo_user_org(&c)) {
            q->scope = WO_SCOPE_ASSIGNED;
            q->key = wo_user_org(&c);
            return true;
        } else {
            q->scope = WO_SCOPE_MINE;
            q->key = r->who->user_id;
            return true;
        }
    }
    NodeInfo n;
    if (!grid_node_load_allowed_or_reply(r, nid, PERM_WO_READ, &n))
        return false;
    if ((grid && n.kind != NODE_GRID) || (compound && n.kind != NODE_COMPOUND)) {
        reply_error(r, 400, "bad_param", grid ? "grid" : "compound", "编号与类型不符", "The id is not of that kind");
        return false;
    }
    q->key = n.id;
    q->kind = n.kind;
    q->scope = n.kind == NODE_GRID ? WO_SCOPE_GRID : n.kind == NODE_COMPOUND ? WO_SCOPE_COMPOUND : WO_SCOPE_PATH;
    q->lo = n.path;
    char *hi = arena_alloc(r->arena, 512);
    if (!grid_path_upper(n.path, hi, 512)) {
        storage_error(r);
        return false;
    }
    q->hi = hi;
    return true;
}

void api_wo_list(Req *r)
{
    if (!auth_require_or_reply(r, PERM_LOGIN, NULL))
        return;
    int64_t page, per_page, grid, compound, node, mine, assigned, overdue, after;
    if (!req_paging_or_reply(r, &page, &per_page) || !req_query_int_or_reply(r, "after", 0, 1, INT64_MAX, &after) ||
        !req_query_int_or_reply(r, "grid", 0, 0, INT64_MAX, &grid) ||
        !req_query_int_or_reply(r, "compound", 0, 0, INT64_MAX, &compound) ||
        !req_query_int_or_reply(r, "node", 0, 0, INT64_MAX, &node) ||
        !req_query_int_or_reply(r, "mine", 0, 0, 1, &mine) ||
        !req_query_int_or_reply(r, "assigned", 0, 0, 1, &assigned) ||
        !req_query_int_or_reply(r, "overdue", 0, 0, 1, &overdue))
        return;
    if (after && page > 1) {
        reply_error(r, 400, "bad_param", "page", "page 与 after 只能用一个", "Use page or after, not both");
        return;
    }
    const char *status = req_query(r, "status");
    int64_t open_lo = 0, open_hi = 1;
    if (status && strcmp(status, "open") == 0)
        open_lo = 1;
    else if (status && strcmp(status, "closed") == 0)
        open_hi = 0;
    else if (status && strcmp(status, "all") != 0) {
        reply_error(r, 400, "bad_param", "status", "status 应为 open、closed 或 all",
                    "status must be open, closed or all");
        return;
    }
    const char *state = req_query(r, "state");
    WoState sv;
    if (state && !wo_state_parse(state, &sv)) {
        reply_error(r, 400, "bad_param", "state", "没有这个状态", "Unknown state");
        return;
    }
    int64_t cat = 0;
    const char *catcode = req_query(r, "category");
    if (catcode && !db_int(r->db, &cat, "SELECT id FROM wo_category WHERE code = ?", DB_T(catcode))) {
        reply_error(r, 400, "unknown_category", "category", "没有这个问题类别", "Unknown category");
        return;
    }

    WoListQ q;
    memset(&q, 0, sizeof q);
    if (!wo_list_scope_or_reply(r, grid, compound, node, mine, assigned, &q))
        return;
    q.open_lo = open_lo;
    q.open_hi = open_hi;
    q.state = state;
    q.cat = cat;
    q.overdue = overdue;
    q.after = after;
    q.page = page;
    q.per_page = per_page;
    Ctx c = site_ctx(r);
    WoListPage lp;
    WoErr e;
    if (!wo_list_fetch(&c, &q, &lp, &e)) {
        wo_err_reply(r, &e);
        return;
    }
    WoOrder *rows = lp.rows;
    const int n_rows = lp.n;
    const int64_t total = lp.total;
    const bool capped = lp.capped;
    const WoListScope scope = q.scope;
    resp_json(r);
    buf_puts(&r->out, "{\"items\":[");
    int64_t next = lp.next;
    for (int i = 0; i < n_rows; i++) {
        WoOrder *o = &rows[i];
        o->description = wo_text(r->arena, wo_text_in_full(r->who, o), o->description);
        if (i)
            buf_putc(&r->out, ',');
        summary_json(&r->out, o);
    }
    static const char *const scope_names[] = {"grid", "compound", "node", "mine", "assigned"};
    buf_printf(&r->out, "],\"page\":%lld,\"per_page\":%lld,\"total\":%lld,\"total_capped\":%s,\"next\":",
               (long long)page, (long long)per_page, (long long)total, capped ? "true" : "false");
    if (next)
        buf_printf(&r->out, "%lld", (long long)next);
    else
        buf_puts(&r->out, "null");
    buf_printf(&r->out, ",\"scope\":%j}", scope_names[scope]);
}

/* ---- one order --------------------------------------------------------------------- */

void api_wo_get(Req *r)
{
    if (!auth_require_or_reply(r, PERM_LOGIN, NULL))
        return;
    WoOrder o;
    int caps;
    if (!wo_load_readable_or_reply(r, &o, &caps))
        return;
    Ctx c = site_ctx(r);
    resp_json(r);
    if (!wo_json(&c, &r->out, &o, true)) {
        buf_reset(&r->out);
        storage_error(r);
    }
}

static const JsonField transition_spec[] = {
    {"action", JF_STRING, JF_REQUIRED, 0, 20},
    {"class", JF_STRING, 0, 0, 20},
    {"lead_org_id", JF_INT, 0, 1, INT64_MAX},
    {"note", JF_STRING, JF_EMPTY_OK, 0, 2000},
    {"rating", JF_INT, 0, INT64_MIN, INT64_MAX},
    {"merge_into", JF_INT, 0, 1, INT64_MAX},
    {NULL, 0, 0, 0, 0},
};

void api_wo_transition(Req *r)
{
    if (!auth_require_or_reply(r, PERM_LOGIN, NULL))
        return;
    WoOrder o;
    int caps;
    if (!wo_load_readable_or_reply(r, &o, &caps))
        return;
    json_t *body = req_json_object_or_reply(r);
    if (!body)
        return;
    /* org_ids is a list of integers, which the declared spec cannot say: read it here. */
    WoActInput in;
    memset(&in, 0, sizeof in);
    json_t *orgs = json_object_get(body, "org_ids");
    if (orgs) {
        if (!json_is_array(orgs) || json_array_size(orgs) > 8) {
            reply_error(r, 400, "bad_type", "org_ids", "org_ids 应为最多 8 个编号的数组",
                        "org_ids must be an array of at most 8 ids");
            return;
        }
        size_t i;
        json_t *x;
        json_array_foreach(orgs, i, x)
        {
            if (!json_is_integer(x) || json_integer_value(x) <= 0) {
                reply_error(r, 400, "bad_type", "org_ids", "org_ids 应为编号", "org_ids must hold positive integers");
                return;
            }
            in.orgs[in.n_orgs++] = json_integer_value(x);
        }
        json_object_del(body, "org_ids");
    }
    JsonValue v[6];
    if (!json_fields_or_reply(r, body, transition_spec, v))
        return;
    WoAction a;
    if (!wo_action_parse(v[0].s, &a)) {
        reply_error(r, 400, "bad_value", "action", "没有这个操作", "Unknown action");
        return;
    }
    in.cls = v[1].present ? v[1].s : NULL;
    in.lead_org = v[2].present ? v[2].i : (in.n_orgs ? in.orgs[0] : 0);
    in.note = v[3].present ? v[3].s : NULL;
    in.rating = v[4].present ? v[4].i : 0;
    in.merge_into = v[5].present ? v[5].i : 0;
    if (a == WO_ACT_CONFIRM && !v[4].present) {
        /* let the state machine speak first (a second confirmation is 409), then ask for the rating */
        WoDecision d = wo_decide(o.state, a, caps, false, false);
        if (d.refusal == WO_OK) {
            reply_error(r, 400, "missing_field", "rating", "请给出 1 到 5 星评分", "rating (1-5) is required");
            return;
        }
    }
    int64_t ev;
    Ctx c = site_ctx(r);
    WoErr e;
    if (!wo_act(&c, &o, a, &in, &ev, &e)) {
        wo_err_reply(r, &e);
        return;
    }
    reply_order(r, o.id, 200);
}

static const JsonField comment_spec[] = {
    {"text", JF_STRING, JF_REQUIRED, 0, 1000},
    {NULL, 0, 0, 0, 0},
};

void api_wo_comment(Req *r)
{
    if (!auth_require_or_reply(r, PERM_LOGIN, NULL))
        return;
    WoOrder o;
    int caps;
    if (!wo_load_readable_or_reply(r, &o, &caps))
        return;
    json_t *body = req_json_object_or_reply(r);
    JsonValue v[1];
    if (!body || !json_fields_or_reply(r, body, comment_spec, v))
        return;
    int64_t ev;
    Ctx c = site_ctx(r);
    WoErr e;
    if (!wo_comment(&c, &o, v[0].s, &ev, &e)) {
        wo_err_reply(r, &e);
        return;
    }
    reply_order(r, o.id, 201);
}

/* ---- photos --------------------------------------------------------------------------- */

void api_wo_photo_add(Req *r)
{
    if (!auth_require_or_reply(r, PERM_LOGIN, NULL))
        return;
    WoOrder o;
    int caps;
    if (!wo_load_readable_or_reply(r, &o, &caps))
        return;
    if (caps == 0 || !wo_state_is_open(o.state)) {
        reply_error(r, caps == 0 ? 403 : 409, caps == 0 ? "forbidden" : "bad_transition", NULL,
                    "只有报事人、派单人和处置单位可以给未结束的工单加照片",
                    "Only the reporter, a dispatcher or a handler may add photos to an open order");
        return;
    }
    int n = 0;
    const unsigned char *datas[6];
    size_t lens[6];
    if (strcmp(r->content_type, "multipart/form-data") == 0) {
        for (int i = 0; i < r->n_uploads; i++) {
            if (r->uploads[i].len == 0)
                continue;
            if (n == 6) {
                reply_error(r, 400, "too_many_photos", "photo", "每次最多上传 6 张照片", "At most 6 photos at a time");
                return;
            }
            datas[n] = r->uploads[i].data;
            lens[n++] = r->uploads[i].len;
        }
    } else if (r->body_len > 0) {
        datas[n] = (const unsigned char *)r->body;
        lens[n++] = r->body_len;
    }
    if (n == 0) {
        reply_error(r, 400, "missing_field", "photo", "没有收到照片", "No photo was sent");
        return;
    }
    int64_t ev = wo_event_add(r->db, o.id, clock_now(), r->who->user_id, "photo", NULL, NULL, "");
    if (!ev) {
        storage_error(r);
        return;
    }
    resp_json(r);
    Ctx c = site_ctx(r);
    Buf ids = BUF_INIT;
    for (int i = 0; i < n; i++) {
        int64_t pid;
        WoErr e;
        if (!wo_photo_save(&c, &o, ev, datas[i], lens[i], &pid, &e)) {
            buf_free(&ids);
            wo_err_reply(r, &e);
            return;
        }
        buf_printf(&ids, "%s{\"id\":%lld,\"url\":\"/api/workorders/photos/%lld\"}", i ? "," : "", (long long)pid,
                   (long long)pid);
    }
    r->status = 201;
    buf_printf(&r->out, "{\"order_id\":%lld,\"event_id\":%lld,\"photos\":[%s]}", (long long)o.id, (long long)ev,
               buf_str(&ids));
    buf_free(&ids);
}

void api_wo_photo_get(Req *r)
{
    if (!auth_require_or_reply(r, PERM_LOGIN, NULL))
        return;
    int64_t pid, oid;
    if (!req_param_id_or_reply(r, "id", &pid))
        return;
    const char *mime;
    const unsigned char *data;
    size_t len;
    Ctx c = site_ctx(r);
    if (!wo_photo_read(&c, pid, &oid, &mime, &data, &len)) {
        reply_error(r, 404, "not_found", NULL, "找不到这张照片", "No such photo");
        return;
    }
    WoBrief b;
    if (!wo_order_brief(&c, oid, &b) || !wo_may_read(&c, &b)) {
        reply_error(r, 404, "not_found", NULL, "找不到这张照片", "No such photo");
        return;
    }
    r->content_type_out = mime;
    resp_header(r, "Cache-Control", "private, max-age=86400");
    buf_append(&r->out, data, len);
}

/* ---- sweep ----------------------------------------------------------------------------------- */

void api_wo_sweep(Req *r)
{
    if (!perm_allows(r->who, PERM_WO_DISPATCH, NULL) && !auth_require_or_reply(r, PERM_WO_CONFIG, NULL))
        return;
    int n = 0;
    int64_t now = clock_now();
    if (!workorder_sweep(r->db, now, &n)) {
        storage_error(r);
        return;
    }
    resp_json(r);
    buf_printf(&r->out, "{\"escalated\":%d,\"now\":%lld}", n, (long long)now);
}

/* ---- metrics ------------------------------------------------------------------------------------ */

/* x/y as a percentage with one decimal, integer arithmetic; "null" when y == 0. */
static void put_pct(Buf *b, const char *name, int64_t x, int64_t y)
{
    if (y == 0) {
        buf_printf(b, ",\"%s\":null", name);
        return;
    }
    int64_t tenths = (x * 1000 + y / 2) / y;
    buf_printf(b, ",\"%s\":%lld.%lld", name, (long long)(tenths / 10), (long long)(tenths % 10));
}

void api_wo_metrics(Req *r)
{
    if (!auth_require_or_reply(r, PERM_WO_READ, NULL))
        return;
    const char *by = req_query(r, "by");
    if (!by)
        by = "grid";
    if (strcmp(by, "grid") != 0 && strcmp(by, "compound") != 0 && strcmp(by, "category") != 0 &&
        strcmp(by, "month") != 0) {
        reply_error(r, 400, "bad_param", "by", "by 应为 grid、compound、category 或 month",
                    "by must be grid, compound, category or month");
        return;
    }
    int64_t nid, from, to;
    if (!req_query_int_or_reply(r, "node", 0, 0, INT64_MAX, &nid) ||
        !req_query_int_or_reply(r, "from", 190001, 190001, 999912, &from) ||
        !req_query_int_or_reply(r, "to", 999912, 190001, 999912, &to))
        return;
    if (!nid) {
        const Grant *g = first_grant_with(r->who, PERM_WO_READ);
        nid = g ? g->node_id : 0;
    }
    NodeInfo n;
    if (!grid_node_load_allowed_or_reply(r, nid, PERM_WO_READ, &n))
        return;
    MetricGroup *gs;
    int ng;
    Ctx c = site_ctx(r);
    if (!wo_metrics(&c, by, &n, from, to, &gs, &ng)) {
        storage_error(r);
        return;
    }
    resp_json(r);
    Buf *b = &r->out;
    buf_printf(b, "{\"by\":%j,\"node_id\":%lld,\"groups\":[", by, (long long)n.id);
    for (int i = 0; i < ng; i++) {
        MetricGroup *g = &gs[i];
        buf_printf(b, "%s{\"key\":%lld,\"name\":%j,\"orders\":%lld", i ? "," : "", (long long)g->key, g->name,
                   (long long)g->orders);
        put_pct(b, "on_time_response_pct", g->resp_on_time, g->resp_due);
        put_pct(b, "reopen_pct", g->reopened, g->reached_done);
        buf_printf(b, ",\"awaiting_committee\":%lld", (long long)g->awaiting_committee);
        if (g->rating_n) {
            int64_t h = (g->rating_sum * 100 + g->rating_n / 2) / g->rating_n;
            buf_printf(b, ",\"mean_rating\":%lld.%02lld,\"ratings\":%lld", (long long)(h / 100), (long long)(h % 100),
                       (long long)g->rating_n);
        } else {
            buf_puts(b, ",\"mean_rating\":null,\"ratings\":0");
        }
        if (g->has_times)
            buf_printf(b, ",\"resolved\":%d,\"median_resolve_seconds\":%lld,\"p90_resolve_seconds\":%lld}", g->n_times,
                       (long long)g->median, (long long)g->p90);
        else
            buf_puts(b, ",\"resolved\":0,\"median_resolve_seconds\":null,\"p90_resolve_seconds\":null}");
    }
    buf_puts(b, "]}");
}

/* ---- configuration ---------------------------------------------------------------------------------- */

void api_wo_sla_list(Req *r)
{
    if (!auth_require_or_reply(r, PERM_WO_CONFIG, NULL))
        return;
    resp_json(r);
    buf_puts(&r->out, "{\"items\":[");
    DbStmt *st = db_query(
        r->db, "SELECT p.id, p.community_id, c.code, p.class, p.response_minutes, p.onsite_minutes, "
               "p.resolve_minutes, p.meeting_minutes, p.confirm_minutes, p.calendar_id FROM wo_sla_policy p "
               "LEFT JOIN wo_category c ON c.id = p.category_id ORDER BY p.community_id, p.category_id, p.class");
    for (int i = 0; db_step(st) == DB_ROW; i++) {
        buf_printf(&r->out, "%s{\"id\":%lld,\"community_id\":", i ? "," : "", (long long)db_col_int(st, 0));
        if (db_col_null(st, 1))
            buf_puts(&r->out, "null");
        else
            buf_printf(&r->out, "%lld", (long long)db_col_int(st, 1));
        buf_printf(&r->out, ",\"category\":%j,\"class\":%j,\"response_minutes\":%lld,\"resolve_minutes\":%lld",
                   db_col_text(st, 2), db_col_text(st, 3), (long long)db_col_int(st, 4), (long long)db_col_int(st, 6));
        const char *names[] = {"onsite_minutes", "meeting_minutes", "confirm_minutes", "calendar_id"};
        const int cols[] = {5, 7, 8, 9};
        for (int k = 0; k < 4; k++) {
            if (db_col_null(st, cols[k]))
                buf_printf(&r->out, ",\"%s\":null", names[k]);
            else
                buf_printf(&r->out, ",\"%s\":%lld", names[k], (long long)db_col_int(st, cols[k]));
        }
        buf_putc(&r->out, '}');
    }
    if (!db_done(st)) {
        storage_error(r);
        return;
    }
    buf_puts(&r->out, "]}");
}

static const JsonField sla_spec[] = {
    {"community_id", JF_INT, JF_REQUIRED, 1, INT64_MAX},
    {"category", JF_STRING, 0, 0, 40},
    {"class", JF_STRING, JF_REQUIRED, 0, 20},
    {"response_minutes", JF_INT, JF_REQUIRED, 1, 525600},
    {"onsite_minutes", JF_INT, JF_NULLABLE, 1, 525600},
    {"resolve_minutes", JF_INT, JF_REQUIRED, 1, 525600},
    {"meeting_minutes", JF_INT, JF_NULLABLE, 1, 525600},
    {"confirm_minutes", JF_INT, 0, 1, 525600},
    {"calendar_id", JF_INT, JF_NULLABLE, 1, INT64_MAX},
    {NULL, 0, 0, 0, 0},
};

void api_wo_sla_set(Req *r)
{
    if (!auth_require_or_reply(r, PERM_WO_CONFIG, NULL))
        return;
    json_t *body = req_json_object_or_reply(r);
    JsonValue v[9];
    if (!body || !json_fields_or_reply(r, body, sla_spec, v))
        return;
    WoSlaIn in = {v[0].i, v[1].present ? v[1].s : NULL, v[2].s, v[3].i, v[4].present ? v[4].i : 0, v[5].i,
                  v[6].present ? v[6].i : 0, v[7].present ? v[7].i : 0, v[8].present ? v[8].i : 0};
    int64_t id;
    Ctx c = site_ctx(r);
    WoErr e;
    if (!wo_cfg_sla_set(&c, &in, &id, &e)) {
        wo_err_reply(r, &e);
        return;
    }
    resp_json(r);
    buf_printf(&r->out, "{\"id\":%lld}", (long long)id);
}

static const JsonField calendar_spec[] = {
    {"name", JF_STRING, JF_REQUIRED, 0, 100},
    {"week", JF_STRING, JF_REQUIRED, 0, 500},
    {"holidays", JF_STRINGS, 0, 0, 400},
    {"workdays", JF_STRINGS, 0, 0, 400},
    {NULL, 0, 0, 0, 0},
};

void api_wo_calendar_create(Req *r)
{
    if (!auth_require_or_reply(r, PERM_WO_CONFIG, NULL))
        return;
    json_t *body = req_json_object_or_reply(r);
    JsonValue v[4];
    if (!body || !json_fields_or_reply(r, body, calendar_spec, v))
        return;
    WoCalIn in = {v[0].s, v[1].s, v[2].present ? v[2].list : NULL, v[2].present ? v[2].n_list : 0,
                  v[3].present ? v[3].list : NULL, v[3].present ? v[3].n_list : 0};
    int64_t id;
    Ctx c = site_ctx(r);
    WoErr e;
    if (!wo_cfg_calendar_create(&c, &in, &id, &e)) {
        wo_err_reply(r, &e);
        return;
    }
    r->status = 201;
    resp_json(r);
    buf_printf(&r->out, "{\"id\":%lld}", (long long)id);
}

static const JsonField day_spec[] = {
    {"day", JF_STRING, JF_REQUIRED, 0, 10},
    {"kind", JF_STRING, 0, 0, 10},
    {"name", JF_STRING, JF_EMPTY_OK, 0, 50},
    {"remove", JF_BOOL, 0, 0, 0},
    {NULL, 0, 0, 0, 0},
};

void api_wo_calendar_day(Req *r)
{
    if (!auth_require_or_reply(r, PERM_WO_CONFIG, NULL))
        return;
    int64_t cal;
    if (!req_param_id_or_reply(r, "id", &cal))
        return;
    json_t *body = req_json_object_or_reply(r);
    JsonValue v[4];
    if (!body || !json_fields_or_reply(r, body, day_spec, v))
        return;
    bool remove = v[3].present && v[3].b;
    if (!remove && !v[1].present) {
        reply_error(r, 400, "missing_field", "kind", "请选择假日或调休工作日", "kind (holiday or workday) is required");
        return;
    }
    Ctx c = site_ctx(r);
    WoErr e;
    if (!wo_cfg_calendar_day(&c, cal, v[0].s, v[1].present ? v[1].s : NULL, v[2].present ? v[2].s : "", remove, &e)) {
        wo_err_reply(r, &e);
        return;
    }
    resp_json(r);
    buf_printf(&r->out, "{\"calendar_id\":%lld,\"day\":%j,\"removed\":%s}", (long long)cal, v[0].s,
               remove ? "true" : "false");
}

static const JsonField ladder_spec[] = {
    {"community_id", JF_INT, JF_REQUIRED, 1, INT64_MAX},
    {"grid_after_minutes", JF_INT, JF_REQUIRED, 0, 525600},
    {"community_after_minutes", JF_INT, JF_REQUIRED, 0, 525600},
    {"street_after_minutes", JF_INT, JF_REQUIRED, 0, 525600},
    {NULL, 0, 0, 0, 0},
};

void api_wo_ladder_set(Req *r)
{
    if (!auth_require_or_reply(r, PERM_WO_CONFIG, NULL))
        return;
    json_t *body = req_json_object_or_reply(r);
    JsonValue v[4];
    if (!body || !json_fields_or_reply(r, body, ladder_spec, v))
        return;
    Ctx c = site_ctx(r);
    WoErr e;
    if (!wo_cfg_ladder_set(&c, v[0].i, v[1].i, v[2].i, v[3].i, &e)) {
        wo_err_reply(r, &e);
        return;
    }
    resp_json(r);
    buf_printf(&r->out, "{\"community_id\":%lld,\"levels\":3}", (long long)v[0].i);
}

static const JsonField setting_spec[] = {
    {"community_id", JF_INT, JF_REQUIRED, 1, INT64_MAX},
    {"committee_confirms", JF_BOOL, JF_REQUIRED, 0, 0},
    {"confirm_days", JF_INT, JF_NULLABLE, 1, 365},
    {NULL, 0, 0, 0, 0},
};

void api_wo_settings_set(Req *r)
{
    if (!auth_require_or_reply(r, PERM_WO_CONFIG, NULL))
        return;
    json_t *body = req_json_object_or_reply(r);
    JsonValue v[3];
    if (!body || !json_fields_or_reply(r, body, setting_spec, v))
        return;
    /* confirm_days: absent keeps what is set, null goes back to the SLA policy's window */
    int64_t days = v[2].present ? v[2].i : json_object_get(body, "confirm_days") ? 0 : -1;
    Ctx c = site_ctx(r);
    WoErr e;
    if (!wo_cfg_settings_set(&c, v[0].i, v[1].b, days, &e)) {
        wo_err_reply(r, &e);
        return;
    }
    if (!db_int(r->db, &days, "SELECT COALESCE(confirm_days, 0) FROM wo_community_setting WHERE community_id = ?",
                DB_I(v[0].i))) {
        storage_error(r);
        return;
    }
    resp_json(r);
    buf_printf(&r->out, "{\"community_id\":%lld,\"committee_confirms\":%s,\"confirm_days\":", (long long)v[0].i,
               v[1].b ? "true" : "false");
    if (days)
        buf_printf(&r->out, "%lld}", (long long)days);
    else
        buf_puts(&r->out, "null}");
}

/* ---- the outbox, for notification channels ------------------------------------------------------------ */

void api_wo_events(Req *r)
{
    if (!auth_require_or_reply(r, PERM_WO_CONFIG, NULL))
        return;
    int64_t since, limit;
    if (!req_query_int_or_reply(r, "since", 0, 0, INT64_MAX, &since) ||
        !req_query_int_or_reply(r, "limit", 100, 1, 1000, &limit))
        return;
    /* Events of work orders the reader configures (PERM_WO_CONFIG on the
     * order's place), oldest first; next_since is the last id looked at, so a
     * consumer polling with it never sees an event twice nor misses one. */
    Ctx c = site_ctx(r);
    NotifyRow *rows = arena_alloc(c.arena, sizeof *rows * (size_t)limit);
    int got = notify_events_of(&c, "work_order", since, rows, (int)limit);
    if (got < 0) {
        storage_error(r);
        return;
    }
    resp_json(r);
    Buf *b = &r->out;
    buf_puts(b, "{\"items\":[");
    int64_t last = since;
    int n = 0;
    for (int i = 0; i < got; i++) {
        const NotifyRow *e = &rows[i];
        last = e->id;
        if (!perm_allows(r->who, PERM_WO_CONFIG, e->node_path))
            continue;
        char at[26];
        clock_format_iso(e->created_at, at);
        buf_printf(b, "%s{\"id\":%lld,\"kind\":%j,\"entity\":%j,\"entity_id\":%lld,\"created_at\":%j,\"title\":%j,"
                      "\"payload\":",
                   n++ ? "," : "", (long long)e->id, e->type, e->entity, (long long)e->entity_id, at, e->title);
        /* the payload is JSON this program wrote in the same transaction as the change */
        buf_puts(b, e->data);
        buf_putc(b, '}');
    }
    buf_printf(b, "],\"since\":%lld,\"next_since\":%lld,\"count\":%d}", (long long)since, (long long)last, n);
}

/* ---- orgs to dispatch to --------------------------------------------------------------------------------- */

void api_wo_orgs(Req *r)
{
    if (!auth_require_or_reply(r, PERM_LOGIN, NULL))
        return;
    WoOrder o;
    int64_t oid;
    if (!req_query_int_or_reply(r, "order", 0, 1, INT64_MAX, &oid))
        return;
    Ctx c = site_ctx(r);
    WoErr e;
    if (!wo_load(&c, oid, &o, &e) || !wo_order_readable(&c, &o, NULL, &e)) {
        e.field = e.msg == WM_NO_ORDER ? "order" : NULL;
        wo_err_reply(r, &e);
        return;
    }
    if (!auth_require_or_reply(r, PERM_WO_DISPATCH, o.node_path))
        return;
    static const char *const kinds[] = {"property_company", "contractor", "department", "committee",
                                        "resident_group", "charity", NULL};
    OrgList orgs;
    if (grid_orgs(&c, kinds, GRID_ORGS_BY_KIND, &orgs) != GRID_OK) {
        storage_error(r);
        return;
    }
    resp_json(r);
    buf_puts(&r->out, "{\"items\":[");
    int k = 0;
    for (int i = 0; i < orgs.n; i++) {
        const OrgInfo *g = &orgs.items[i];
        if (!g->path || !wo_org_offered(&o, g->kind, g->path))
            continue;
        buf_printf(&r->out, "%s{\"id\":%lld,\"name\":%j,\"kind\":%j}", k++ ? "," : "", (long long)g->id, g->name,
                   g->kind);
    }
    buf_puts(&r->out, "]}");
}
