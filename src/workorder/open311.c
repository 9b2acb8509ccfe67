/* open311.c: Open311 GeoReport v2 under /open311/v2/ (services, service
 * definitions, requests: list, one, create) plus FixMyStreet's
 * servicerequestupdates, in JSON and XML, with the spec's error format
 * ([{"code","description"}] / <errors><error>...). GET is public, as the
 * spec says; POST needs api_key = an API token from POST /api/tokens. The
 * public answers carry no personal data: no names, phones or door numbers. */
#include "workorder/web_int.h"

#include <stdlib.h>
#include <string.h>

#include "site/site.h"
#include "core/clock.h"
#include "grid/pii.h"
#include "grid/read.h"

/* The format asked for by the path's extension; false when neither. */
static bool o311_format(Req *r, const char *s, bool *xml)
{
    size_t n = s ? strlen(s) : 0;
    if (n > 5 && strcmp(s + n - 5, ".json") == 0) {
        *xml = false;
        return true;
    }
    if (n > 4 && strcmp(s + n - 4, ".xml") == 0) {
        *xml = true;
        return true;
    }
    return false;
}

static void begin(Req *r, bool xml)
{
    r->content_type_out = xml ? "text/xml; charset=utf-8" : "application/json; charset=utf-8";
    if (xml)
        buf_puts(&r->out, "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
}

/* The spec's error answer. Descriptions are literals, as for reply_error. */
#define O311_ERROR(r, xml, code_, desc)                                                                                \
    do {                                                                                                               \
        buf_reset(&(r)->out);                                                                                          \
        (r)->status = (code_);                                                                                         \
        begin((r), (xml));                                                                                             \
        if (xml)                                                                                                       \
            buf_printf(&(r)->out, "<errors><error><code>%d</code><description>%h</description></error></errors>",      \
                       (code_), (desc));                                                                               \
        else                                                                                                           \
            buf_printf(&(r)->out, "[{\"code\":%d,\"description\":%j}]", (code_), (desc));                              \
        (r)->failed = true;                                                                                            \
    } while (0)

/* One XML element or JSON member (text), after the first. */
static void field_text(Buf *b, bool xml, bool first, const char *name, const char *v)
{
    if (xml)
        buf_printf(b, v ? "<%s>%h</%s>" : "<%s/>", name, v, name);
    else
        buf_printf(b, "%s\"%s\":%j", first ? "" : ",", name, v);
}

static void field_int(Buf *b, bool xml, const char *name, int64_t v, bool null)
{
    if (null) {
        field_text(b, xml, false, name, NULL);
        return;
    }
    if (xml)
        buf_printf(b, "<%s>%lld</%s>", name, (long long)v, name);
    else
        buf_printf(b, ",\"%s\":%lld", name, (long long)v);
}

static void field_time(Buf *b, bool xml, const char *name, int64_t t)
{
    char s[26];
    if (t)
        clock_format_iso(t, s);
    field_text(b, xml, false, name, t ? s : NULL);
}

/* A coordinate in public: rounded to 0.001 degree (about 100 m), the size of
 * a compound, so that a report made at a door does not point at the door. */
static void field_coord(Buf *b, bool xml, const char *name, int64_t e6, bool has)
{
    if (!has) {
        field_text(b, xml, false, name, NULL);
        return;
    }
    int64_t a = e6 < 0 ? -e6 : e6;
    a = (a + 500) / 1000 * 1000;
    if (xml)
        buf_printf(b, "<%s>%s%lld.%06lld</%s>", name, e6 < 0 ? "-" : "", (long long)(a / 1000000),
                   (long long)(a % 1000000), name);
    else
        buf_printf(b, ",\"%s\":%s%lld.%06lld", name, e6 < 0 ? "-" : "", (long long)(a / 1000000),
                   (long long)(a % 1000000));
}

/* ---- services ----------------------------------------------------------- */

static void service_item(Buf *b, bool xml, DbStmt *st)
{
    if (xml)
        buf_puts(b, "<service>");
    else
        buf_putc(b, '{');
    field_text(b, xml, true, "service_code", db_col_text(st, 0));
    field_text(b, xml, false, "service_name", db_col_text(st, 1));
    field_text(b, xml, false, "description", db_col_text(st, 3));
    if (xml)
        buf_puts(b, "<metadata>false</metadata><type>realtime</type>");
    else
        buf_puts(b, ",\"metadata\":false,\"type\":\"realtime\"");
    field_text(b, xml, false, "keywords", db_col_text(st, 2));
    field_text(b, xml, false, "group", db_col_text(st, 4));
    buf_puts(b, xml ? "</service>" : "}");
}

void o311_services(Req *r)
{
    bool xml;
    if (!o311_format(r, r->path, &xml)) {
        reply_not_found(r);
        return;
    }
    begin(r, xml);
    buf_puts(&r->out, xml ? "<services>" : "[");
    DbStmt *st = db_query(r->db, "SELECT code, name, name_en, description, grp FROM wo_category WHERE active = 1 "
                                 "ORDER BY sort, id");
    for (int i = 0; db_step(st) == DB_ROW; i++) {
        if (i && !xml)
            buf_putc(&r->out, ',');
        service_item(&r->out, xml, st);
    }
    if (!db_done(st)) {
        O311_ERROR(r, xml, 500, "internal error");
        return;
    }
    buf_puts(&r->out, xml ? "</services>" : "]");
}

void o311_service(Req *r)
{
    bool xml;
    const char *file = req_param(r, "code");
    if (!o311_format(r, file, &xml)) {
        reply_not_found(r);
        return;
    }
    char *code = arena_strndup(r->arena, file, strlen(file) - (xml ? 4 : 5));
    int64_t id = 0;
    if (!db_int(r->db, &id, "SELECT id FROM wo_category WHERE code = ? AND active = 1", DB_T(code))) {
        O311_ERROR(r, xml, 404, "service_code not found");
        return;
    }
    begin(r, xml);
    /* Our services take no extra attributes (metadata false): an empty definition. */
    if (xml)
        buf_printf(&r->out, "<service_definition><service_code>%h</service_code><attributes/></service_definition>",
                   code);
    else
        buf_printf(&r->out, "{\"service_code\":%j,\"attributes\":[]}", code);
}

/* ---- requests ------------------------------------------------------------- */

static const char *host_base(Req *r)
{
    const char *host = req_header(r, "host");
    if (!host || !*host || strpbrk(host, " \"<>\\/"))
        return "";
    return arena_printf(r->arena, "http://%s", host);
}

/* One request; false when what it needs could not be read. */
static bool request_item(Req *r, Buf *b, bool xml, const WoOrder *o)
{
    bool open = wo_state_is_open(o->state);
    if (xml)
        buf_puts(b, "<request>");
    else
        buf_putc(b, '{');
    if (xml)
        buf_printf(b, "<service_request_id>%lld</service_request_id>", (long long)o->id);
    else
        buf_printf(b, "\"service_request_id\":%lld", (long long)o->id);
    field_text(b, xml, false, "status", open ? "open" : "closed");
    /* status_notes: the state in words and, when finished, why */
    const char *notes = wo_state_label_zh(o->state);
    /* free text staff typed may hold a phone or ID number too: masked in public */
    if (o->state == WO_HIDDEN)
        notes = arena_printf(r->arena, "已屏蔽：%s", o->hidden_reason ? pii_mask_text(r->arena, o->hidden_reason) : "");
    else if (o->state == WO_MERGED)
        notes = arena_printf(r->arena, "已合并到 #%lld", (long long)o->merged_into);
    else if (o->state == WO_CONFIRMED_BY_REPORTER)
        notes = "报事人已确认，等待院委会确认";
    else if (o->state == WO_CLOSED && o->close_reason)
        notes = arena_printf(r->arena, "已结单：%s", pii_mask_text(r->arena, o->close_reason));
    else if (o->state == WO_CLOSED)
        notes = "已结单：报事人已确认";
    field_text(b, xml, false, "status_notes", notes);
    field_text(b, xml, false, "service_name", o->category_name);
    field_text(b, xml, false, "service_code", o->category_code);
    /* free text a reporter typed may hold a phone or ID number: masked in public */
    field_text(b, xml, false, "description", pii_mask_text(r->arena, o->description));
    const char *agency = NULL;
    if (o->lead_org_id) {
        Ctx c = site_ctx(r);
        OrgInfo g;
        GridRead gr = grid_org_get(&c, o->lead_org_id, &g);
        if (gr == GRID_OK)
            agency = g.name;
        else if (gr != GRID_NOT_FOUND)
            return false;
    }
    field_text(b, xml, false, "agency_responsible", agency);
    field_text(b, xml, false, "service_notice", NULL);
    field_time(b, xml, "requested_datetime", o->created_at);
    field_time(b, xml, "updated_datetime", o->updated_at);
    field_time(b, xml, "expected_datetime", open ? o->resolve_due : 0);
    /* the address is the compound: never its building, unit or door */
    field_text(b, xml, false, "address", o->compound_name);
    field_int(b, xml, "address_id", o->compound_id, false);
    field_text(b, xml, false, "zipcode", NULL);
    field_coord(b, xml, "lat", o->lat_e6, o->has_geo);
    field_coord(b, xml, "long", o->lon_e6, o->has_geo);
    int64_t photo = 0;
    if (!db_int(r->db, &photo, "SELECT MIN(id) FROM wo_photo WHERE order_id = ?", DB_I(o->id)))
        return false;
    field_text(b, xml, false, "media_url",
               photo ? arena_printf(r->arena, "%s/api/workorders/photos/%lld", host_base(r), (long long)photo) : NULL);
    buf_puts(b, xml ? "</request>" : "}");
    return true;
}

/* True when code is in the comma-separated list (or the list is empty). */
static bool in_csv(const char *list, const char *code)
{
    if (!list || !*list)
        return true;
    size_t n = strlen(code);
    for (const char *p = list; *p;) {
        const char *e = strchr(p, ',');
        size_t len = e ? (size_t)(e - p) : strlen(p);
        if (len == n && strncmp(p, code, n) == 0)
            return true;
        if (!e)
            break;
        p = e + 1;
    }
    return false;
}

void o311_requests(Req *r)
{
    bool xml;
    if (!o311_format(r, r->path, &xml)) {
        reply_not_found(r);
        return;
    }
    const char *ids = req_query(r, "service_request_id");
    const char *codes = req_query(r, "service_code");
    const char *status = req_query(r, "status");
    const char *sd = req_query(r, "start_date"), *ed = req_query(r, "end_date");
    int64_t now = clock_now(), start = now - 90 * 86400, end = now;
    if (sd && !wo_parse_w3c(sd, &start)) {
        O311_ERROR(r, xml, 400, "start_date must be a W3C datetime, e.g. 2010-01-01T00:00:00Z");
        return;
    }
    if (ed && !wo_parse_w3c(ed, &end)) {
        O311_ERROR(r, xml, 400, "end_date must be a W3C datetime, e.g. 2010-01-01T00:00:00Z");
        return;
    }
    if (sd && !ed)
        end = start + 90 * 86400 > now ? now : start + 90 * 86400;
    if (ed && !sd)
        start = end - 90 * 86400;
    if (status && !in_csv("open,closed", status) && strcmp(status, "open,closed") != 0 &&
        strcmp(status, "closed,open") != 0) {
        O311_ERROR(r, xml, 400, "status must be open or closed");
        return;
    }
    int64_t open_lo = 0, open_hi = 1;
    if (status && strcmp(status, "open") == 0)
        open_lo = 1;
    else if (status && strcmp(status, "closed") == 0)
        open_hi = 0;
    begin(r, xml);
    buf_puts(&r->out, xml ? "<service_requests>" : "[");
    int n = 0;
    if (ids) {
        /* explicit ids: each looked up alone, at most 100, dates ignored as the spec says */
        Ctx c = site_ctx(r);
        const char *p = ids;
        for (int k = 0; *p && k < 100; k++) {
            char *e;
            long long id = strtoll(p, &e, 10);
            if (e == p || (*e && *e != ',')) {
                O311_ERROR(r, xml, 400, "service_request_id must be a comma-separated list of ids");
                return;
            }
            WoOrder o;
            WoErr err;
            if (id > 0 && wo_load(&c, id, &o, &err) && o.state != WO_HIDDEN && in_csv(codes, o.category_code) &&
                (int64_t)wo_state_is_open(o.state) >= open_lo && (int64_t)wo_state_is_open(o.state) <= open_hi) {
                if (n++ && !xml)
                    buf_putc(&r->out, ',');
                if (!request_item(r, &r->out, xml, &o)) {
                    O311_ERROR(r, xml, 500, "internal error");
                    return;
                }
            }
            p = *e ? e + 1 : e;
        }
    } else {
        DbStmt *st = db_query(
            r->db,
            WO_ORDER_SELECT
            "WHERE o.created_at >= ? AND o.created_at <= ? AND o.is_open >= ? AND "
            "o.is_open <= ? AND o.state <> 'hidden' ORDER BY o.id DESC LIMIT 5000",
            DB_I(start), DB_I(end), DB_I(open_lo), DB_I(open_hi));
        WoOrder *list = arena_alloc(r->arena, sizeof *list * 1000);
        int k = 0;
        while (db_step(st) == DB_ROW && k < 1000) {
            wo_order_from_row(r->arena, st, &list[k]);
            if (in_csv(codes, list[k].category_code))
                k++;
        }
        Ctx c = site_ctx(r);
        if (!db_done(st) || !wo_orders_places(&c, list, k)) {
            O311_ERROR(r, xml, 500, "internal error");
            return;
        }
        for (int i = 0; i < k; i++) {
            if (i && !xml)
                buf_putc(&r->out, ',');
            if (!request_item(r, &r->out, xml, &list[i])) {
                O311_ERROR(r, xml, 500, "internal error");
                return;
            }
        }
    }
    buf_puts(&r->out, xml ? "</service_requests>" : "]");
}

void o311_request(Req *r)
{
    bool xml;
    const char *file = req_param(r, "id");
    if (!o311_format(r, file, &xml)) {
        reply_not_found(r);
        return;
    }
    char *e;
    long long id = strtoll(file, &e, 10);
    WoOrder o;
    Ctx c = site_ctx(r);
    WoErr err;
    if (id <= 0 || *e != '.' || !wo_load(&c, id, &o, &err) || o.state == WO_HIDDEN) {
        O311_ERROR(r, xml, 404, "service_request_id not found");
        return;
    }
    begin(r, xml);
    buf_puts(&r->out, xml ? "<service_requests>" : "[");
    if (!request_item(r, &r->out, xml, &o)) {
        O311_ERROR(r, xml, 500, "internal error");
        return;
    }
    buf_puts(&r->out, xml ? "</service_requests>" : "]");
}

void o311_request_post(Req *r)
{
    bool xml;
    if (!o311_format(r, r->path, &xml)) {
        reply_not_found(r);
        return;
    }
    /* Only the api_key signs in here: a browser's cookie must not lend its
     * identity to a cross-site form post. */
    const char *key = req_form(r, "api_key");
    if (!key)
        key = req_query(r, "api_key");
    if (!key || !*key) {
        O311_ERROR(r, xml, 400, "api_key is required");
        return;
    }
    if (!session_principal_from_token(r, key)) {
        O311_ERROR(r, xml, 403, "api_key is not valid");
        return;
    }
    if (!perm_allows(r->who, PERM_WO_REPORT, NULL)) {
        O311_ERROR(r, xml, 403, "this api_key may not report problems");
        return;
    }
    const char *code = req_form(r, "service_code");
    int64_t cat = 0;
    if (!code || !*code) {
        O311_ERROR(r, xml, 400, "service_code is required");
        return;
    }
    if (!db_int(r->db, &cat, "SELECT id FROM wo_category WHERE code = ? AND active = 1", DB_T(code))) {
        O311_ERROR(r, xml, 404, "service_code not found");
        return;
    }
    const char *lat = req_form(r, "lat"), *lon = req_form(r, "long");
    const char *addr = req_form(r, "address_string"), *addr_id = req_form(r, "address_id");
    WoCreate in;
    memset(&in, 0, sizeof in);
    in.category_id = cat;
    in.channel = "open311";
    if ((lat && *lat) || (lon && *lon)) {
        if (!wo_parse_coord(lat, 90, &in.lat_e6) || !wo_parse_coord(lon, 180, &in.lon_e6)) {
            O311_ERROR(r, xml, 400, "lat and long must both be decimal degrees");
            return;
        }
        in.has_geo = true;
    }
    if (!in.has_geo && !(addr && *addr) && !(addr_id && *addr_id)) {
        O311_ERROR(r, xml, 400, "a location is required: lat and long, address_string or address_id");
        return;
    }
    /* address_id is a node of our grid tree (compound, building, unit or
     * household); without one, a resident's report goes to their own home. */
    if (addr_id && *addr_id) {
        char *e;
        long long v = strtoll(addr_id, &e, 10);
        if (v <= 0 || *e) {
            O311_ERROR(r, xml, 400, "address_id must be the id of a compound or building");
            return;
        }
        in.node_id = v;
    } else {
        for (int i = 0; i < r->who->n_grants && !in.node_id; i++)
            if (r->who->grants[i].compound_path && role_has(r->who->grants[i].role, PERM_WO_REPORT))
                in.node_id = r->who->grants[i].node_id;
        if (!in.node_id) {
            O311_ERROR(r, xml, 400, "address_id is required: the id of a compound or building");
            return;
        }
    }
    const char *desc = req_form(r, "description");
    in.description = desc && *desc ? desc : code;
    if (strlen(in.description) > 4000) {
        O311_ERROR(r, xml, 400, "description is longer than 4000 characters");
        return;
    }
    in.place_text = addr && *addr ? addr : "";
    if (strlen(in.place_text) > 400) {
        O311_ERROR(r, xml, 400, "address_string is too long");
        return;
    }
    /* the model's errors in the spec's format: by the status of their row */
    int64_t id;
    Ctx c = site_ctx(r);
    WoErr err;
    if (!wo_create(&c, &in, &id, &err)) {
        const ErrorText *row = wo_err_text(err.msg);
        int st = row ? row->status : 500;
        if (st == 403)
            O311_ERROR(r, xml, 403, "this api_key may not report at that location");
        else if (st == 404)
            O311_ERROR(r, xml, 400, "address_id not found");
        else if (st >= 500)
            O311_ERROR(r, xml, 500, "internal error; nothing was saved");
        else
            O311_ERROR(r, xml, 400, "address_id must be a compound, building, unit or household");
        return;
    }
    WoOrder o;
    if (!wo_load(&c, id, &o, &err)) {
        O311_ERROR(r, xml, 500, "internal error; nothing was saved");
        return;
    }
    r->status = 201;
    buf_reset(&r->out);
    begin(r, xml);
    char due[26];
    clock_format_iso(o.response_due, due);
    const char *notice = arena_printf(r->arena, "已收到，将在 %s 前受理", due);
    if (xml)
        buf_printf(&r->out,
                   "<service_requests><request><service_request_id>%lld</service_request_id><service_notice>%h"
                   "</service_notice><account_id/></request></service_requests>",
                   (long long)id, notice);
    else
        buf_printf(&r->out, "[{\"service_request_id\":%lld,\"service_notice\":%j,\"account_id\":null}]", (long long)id,
                   notice);
}

/* ---- FixMyStreet's updates ------------------------------------------------------ */

void o311_updates(Req *r)
{
    bool xml;
    if (!o311_format(r, r->path, &xml)) {
        reply_not_found(r);
        return;
    }
    const char *sd = req_query(r, "start_date"), *ed = req_query(r, "end_date");
    int64_t now = clock_now(), start = now - 86400, end = now;
    if ((sd && !wo_parse_w3c(sd, &start)) || (ed && !wo_parse_w3c(ed, &end))) {
        O311_ERROR(r, xml, 400, "start_date and end_date must be W3C datetimes");
        return;
    }
    begin(r, xml);
    buf_puts(&r->out, xml ? "<service_request_updates>" : "[");
    /* Transitions only (not comments, which may hold personal details), of
     * orders that are not hidden. */
    DbStmt *st = db_query(r->db,
                          "SELECT e.id, e.order_id, e.to_state, e.at, e.kind FROM wo_event e JOIN work_order o ON "
                          "o.id = e.order_id WHERE e.at >= ? AND e.at <= ? AND e.to_state IS NOT NULL AND "
                          "o.state <> 'hidden' ORDER BY e.id LIMIT 1000",
                          DB_I(start), DB_I(end));
    for (int i = 0; db_step(st) == DB_ROW; i++) {
        WoState s = WO_REPORTED;
        wo_state_parse(db_col_text(st, 2), &s);
        WoAction a;
        const char *what = wo_action_parse(db_col_text(st, 4), &a) ? wo_action_label_zh(a) : "上报";
        Buf *b = &r->out;
        if (xml)
            buf_puts(b, "<request_update>");
        else
            buf_printf(b, "%s{", i ? "," : "");
        if (xml)
            buf_printf(b, "<update_id>%lld</update_id><service_request_id>%lld</service_request_id>",
                       (long long)db_col_int(st, 0), (long long)db_col_int(st, 1));
        else
            buf_printf(b, "\"update_id\":%lld,\"service_request_id\":%lld", (long long)db_col_int(st, 0),
                       (long long)db_col_int(st, 1));
        field_text(b, xml, false, "status", wo_state_is_open(s) ? "OPEN" : "CLOSED");
        field_time(b, xml, "updated_datetime", db_col_int(st, 3));
        field_text(b, xml, false, "description", arena_printf(r->arena, "%s：%s", what, wo_state_label_zh(s)));
        field_text(b, xml, false, "media_url", NULL);
        buf_puts(b, xml ? "</request_update>" : "}");
    }
    if (!db_done(st)) {
        O311_ERROR(r, xml, 500, "internal error");
        return;
    }
    buf_puts(&r->out, xml ? "</service_request_updates>" : "]");
}
