/* api.c: the hazard register's JSON adapters: parse, ask perm.c, call the
 * model, write JSON. Residents (and anyone who reads the compound but does
 * not patrol it) get the public hazards only, and of them only the title,
 * grade, advice and state: the detail, the exact spot and who reported stay
 * with the staff. */
#include <string.h>

#include "grid/grid.h"
#include "safety/web_int.h"

enum { PAGE_MAX = 50, HISTORY_MAX = 200 };

static void hazard_json(Req *r, Buf *b, const Hazard *h, bool full)
{
    buf_printf(b,
               "{\"id\":%lld,\"compound_id\":%lld,\"title\":%j,\"grade\":%j,\"grade_label\":%j,\"advice\":%j,"
               "\"is_open\":%s,\"public\":%s,\"created_at\":%lld,\"closed_at\":%lld",
               (long long)h->id, (long long)h->compound_id, h->title, safety_grade_name(h->grade),
               safety_grade_label_zh(h->grade), h->advice, h->is_open ? "true" : "false",
               h->is_public ? "true" : "false", (long long)h->created_at, (long long)h->closed_at);
    if (full)
        buf_printf(b,
                   ",\"detail\":%j,\"place_text\":%j,\"source\":%j,\"likelihood\":%d,\"consequence\":%d,"
                   "\"owner_role\":%j,\"deadline\":%lld,\"overdue\":%s,\"escalated\":%s,\"close_note\":%j,"
                   "\"close_evidence\":%j,\"residual_grade\":%j,\"residual_likelihood\":%d,"
                   "\"residual_consequence\":%d,\"residual_accepted\":%s,\"accepted_at\":%lld,\"accepted_by\":%lld,"
                   "\"accept_note\":%j,\"created_by\":%lld",
                   h->detail, h->place_text, h->source, h->likelihood, h->consequence, h->owner_role,
                   (long long)h->deadline, h->is_open && safety_overdue(h->deadline, site_ctx(r).now) ? "true" : "false",
                   h->escalated ? "true" : "false", h->close_note, h->close_evidence, h->residual_grade,
                   h->residual_likelihood, h->residual_consequence, h->accepted_at ? "true" : "false",
                   (long long)h->accepted_at, (long long)h->accepted_by, h->accept_note, (long long)h->created_by);
    buf_putc(b, '}');
}

static bool compound_path_or_reply(Req *r, int64_t compound, const char **path)
{
    Ctx c = site_ctx(r);
    NodeInfo n;
    if (!grid_node_get(&c, compound, &n) || n.kind != NODE_COMPOUND) {
        reply_error(r, 404, "not_found", "compound", "找不到这个院落", "No such compound");
        return false;
    }
    *path = n.path;
    return true;
}

void api_hazards_list(Req *r)
{
    int64_t compound, after;
    const char *path;
    if (!req_query_int_or_reply(r, "compound", 0, 1, INT64_MAX, &compound) ||
        !req_query_int_or_reply(r, "after", 0, 0, INT64_MAX, &after))
        return;
    if (compound == 0) {
        reply_error(r, 400, "missing_param", "compound", "请指定院落", "The compound is required");
        return;
    }
    if (!compound_path_or_reply(r, compound, &path))
        return;
    Ctx c = site_ctx(r);
    SafetyErr e;
    bool full = safety_may_see_register(&c, path);
    if (!full && !safety_may_see_public(&c, path, &e)) {
        safety_err_reply(r, &e);
        return;
    }
    Hazard *items = arena_alloc(r->arena, sizeof(Hazard) * (PAGE_MAX + 1));
    int n = safety_hazards_page(&c, compound, !full, after, items, PAGE_MAX + 1);
    if (n < 0) {
        safety_err_db(&e, r->db);
        safety_err_reply(r, &e);
        return;
    }
    bool more = n > PAGE_MAX;
    if (more)
        n = PAGE_MAX;
    resp_json(r);
    Buf *b = &r->out;
    buf_printf(b, "{\"compound_id\":%lld,\"register\":%s,\"items\":[", (long long)compound, full ? "true" : "false");
    for (int i = 0; i < n; i++) {
        if (i)
            buf_putc(b, ',');
        hazard_json(r, b, &items[i], full);
    }
    buf_puts(b, "],\"next\":");
    if (more)
        buf_printf(b, "%lld}", (long long)items[n - 1].id);
    else
        buf_puts(b, "null}");
}

static const JsonField create_spec[] = {
    {"compound_id", JF_INT, JF_REQUIRED, 1, INT64_MAX},
    {"title", JF_STRING, JF_REQUIRED, 0, SAFETY_TITLE_MAX},
    {"detail", JF_STRING, JF_EMPTY_OK, 0, 2000},
    {"place_text", JF_STRING, JF_EMPTY_OK, 0, 200},
    {"advice", JF_STRING, JF_EMPTY_OK, 0, 500},
    {"public", JF_BOOL, 0, 0, 0},
    {"source", JF_STRING, JF_REQUIRED, 0, 20},
    {"likelihood", JF_INT, JF_REQUIRED, INT32_MIN, INT32_MAX},
    {"consequence", JF_INT, JF_REQUIRED, INT32_MIN, INT32_MAX},
    {NULL, 0, 0, 0, 0},
};

void api_hazard_create(Req *r)
{
    JsonValue v[9];
    json_t *body = req_json_object_or_reply(r);
    if (!body || !json_fields_or_reply(r, body, create_spec, v))
        return;
    const char *path;
    if (!compound_path_or_reply(r, v[0].i, &path))
        return;
    Ctx c = site_ctx(r);
    SafetyErr e;
    HazardInput in = {v[0].i,
                      v[1].s,
                      v[2].present ? v[2].s : "",
                      v[3].present ? v[3].s : "",
                      v[4].present ? v[4].s : "",
                      v[6].s,
                      (int)v[7].i,
                      (int)v[8].i,
                      v[5].present && v[5].b};
    int64_t id;
    bool found;
    Hazard h;
    if (!safety_may_report(&c, path, &e) || !safety_hazard_create(&c, &in, &id, &e) ||
        !safety_hazard_get(&c, id, &h, &found, &e)) {
        safety_err_reply(r, &e);
        return;
    }
    r->status = 201;
    resp_json(r);
    hazard_json(r, &r->out, &h, true);
}

bool safety_hazard_load_or_reply(Req *r, Hazard *h, bool *full)
{
    int64_t id;
    if (!req_param_id_or_reply(r, "id", &id))
        return false;
    Ctx c = site_ctx(r);
    SafetyErr e;
    bool found;
    if (!safety_hazard_get(&c, id, h, &found, &e)) {
        safety_err_reply(r, &e);
        return false;
    }
    *full = found && safety_may_see_register(&c, h->node_path);
    /* a hazard one may not see is answered as one that does not exist */
    if (!found || (!*full && !(h->is_public && perm_allows(c.who, PERM_TREE_READ, h->node_path)))) {
        safety_err(&e, SM_NO_SUCH_HAZARD, NULL);
        safety_err_reply(r, &e);
        return false;
    }
    return true;
}

void api_hazard_get(Req *r)
{
    Hazard h;
    bool full;
    if (!safety_hazard_load_or_reply(r, &h, &full))
        return;
    Ctx c = site_ctx(r);
    HazardEvent *ev = arena_alloc(r->arena, sizeof(HazardEvent) * HISTORY_MAX);
    int n = safety_hazard_history(&c, h.id, ev, HISTORY_MAX);
    if (n < 0) {
        SafetyErr e;
        safety_err_db(&e, r->db);
        safety_err_reply(r, &e);
        return;
    }
    resp_json(r);
    Buf *b = &r->out;
    hazard_json(r, b, &h, full);
    b->len--; /* reopen the object for its history */
    buf_puts(b, ",\"history\":[");
    for (int i = 0; i < n; i++) {
        if (i)
            buf_putc(b, ',');
        /* residents see when and how the grade moved, not who moved it */
        buf_printf(b, "{\"at\":%lld,\"kind\":%j,\"from_grade\":%j,\"to_grade\":%j,\"reason\":%j", (long long)ev[i].at,
                   ev[i].kind, ev[i].from_grade, ev[i].to_grade, full ? ev[i].reason : "");
        if (full)
            buf_printf(b, ",\"actor_id\":%lld", (long long)ev[i].actor_id);
        buf_putc(b, '}');
    }
    buf_puts(b, "]");
    if (full) {
        /* the photos are the staff's evidence; residents see the grade's history only */
        HazardPhoto ph[SAFETY_PHOTOS_MAX];
        buf_puts(b, ",\"photos\":[");
        int k = 0;
        static const char *const kinds[] = {"found", "fixed"};
        for (int j = 0; j < 2; j++) {
            int m = safety_hazard_photos(&c, h.id, kinds[j], ph, SAFETY_PHOTOS_MAX);
            for (int i = 0; i < m; i++, k++)
                buf_printf(b, "%s{\"id\":%lld,\"kind\":%j,\"at\":%lld,\"url\":\"/api/hazards/photos/%lld\"}", k ? "," : "",
                           (long long)ph[i].id, ph[i].kind, (long long)ph[i].created_at, (long long)ph[i].id);
        }
        buf_puts(b, "]");
    }
    buf_puts(b, "}");
}

static bool managed_or_reply(Req *r, Hazard *h)
{
    bool full;
    if (!safety_hazard_load_or_reply(r, h, &full))
        return false;
    Ctx c = site_ctx(r);
    SafetyErr e;
    if (!safety_may_manage(&c, h->node_path, &e)) {
        safety_err_reply(r, &e);
        return false;
    }
    return true;
}

static void reply_hazard(Req *r, int64_t id)
{
    Ctx c = site_ctx(r);
    SafetyErr e;
    bool found;
    Hazard h;
    if (!safety_hazard_get(&c, id, &h, &found, &e)) {
        safety_err_reply(r, &e);
        return;
    }
    resp_json(r);
    hazard_json(r, &r->out, &h, true);
}

void api_hazard_grade(Req *r)
{
    static const JsonField spec[] = {
        {"likelihood", JF_INT, JF_REQUIRED, INT32_MIN, INT32_MAX},
        {"consequence", JF_INT, JF_REQUIRED, INT32_MIN, INT32_MAX},
        {"reason", JF_STRING, JF_EMPTY_OK, 0, 500},
        {NULL, 0, 0, 0, 0},
    };
    JsonValue v[3];
    Hazard h;
    if (!managed_or_reply(r, &h))
        return;
    json_t *body = req_json_object_or_reply(r);
    if (!body || !json_fields_or_reply(r, body, spec, v))
        return;
    Ctx c = site_ctx(r);
    SafetyErr e;
    if (!safety_hazard_regrade(&c, &h, (int)v[0].i, (int)v[1].i, v[2].present ? v[2].s : "", &e)) {
        safety_err_reply(r, &e);
        return;
    }
    reply_hazard(r, h.id);
}

void api_hazard_close(Req *r)
{
    static const JsonField spec[] = {
        {"note", JF_STRING, JF_EMPTY_OK, 0, 2000},
        {"evidence", JF_STRING, JF_EMPTY_OK, 0, 500},
        {"residual_grade", JF_STRING, JF_EMPTY_OK, 0, 10},
        {"residual_likelihood", JF_INT, 0, INT32_MIN, INT32_MAX},
        {"residual_consequence", JF_INT, 0, INT32_MIN, INT32_MAX},
        {NULL, 0, 0, 0, 0},
    };
    JsonValue v[5];
    Hazard h;
    if (!managed_or_reply(r, &h))
        return;
    json_t *body = req_json_object_or_reply(r);
    if (!body || !json_fields_or_reply(r, body, spec, v))
        return;
    Ctx c = site_ctx(r);
    SafetyErr e;
    /* one of the two scales without the other is a grade outside the matrix */
    HazardClosing in = {v[0].present ? v[0].s : "", v[1].present ? v[1].s : "", v[2].present ? v[2].s : "",
                        v[3].present ? (int)v[3].i : 0, v[4].present ? (int)v[4].i : 0};
    if ((v[3].present || v[4].present) && (in.residual_likelihood == 0 || in.residual_consequence == 0)) {
        safety_err(&e, SM_BAD_SCALE, in.residual_likelihood == 0 ? "residual_likelihood" : "residual_consequence");
        safety_err_reply(r, &e);
        return;
    }
    if (!safety_hazard_close(&c, &h, &in, &e)) {
        safety_err_reply(r, &e);
        return;
    }
    reply_hazard(r, h.id);
}

void api_hazard_accept(Req *r)
{
    static const JsonField spec[] = {
        {"note", JF_STRING, JF_EMPTY_OK, 0, 2000},
        {NULL, 0, 0, 0, 0},
    };
    JsonValue v[1];
    Hazard h;
    if (!managed_or_reply(r, &h))
        return;
    json_t *body = req_json_object_or_reply(r);
    if (!body || !json_fields_or_reply(r, body, spec, v))
        return;
    Ctx c = site_ctx(r);
    SafetyErr e;
    if (!safety_hazard_accept(&c, &h, v[0].present ? v[0].s : "", &e)) {
        safety_err_reply(r, &e);
        return;
    }
    reply_hazard(r, h.id);
}

void api_hazard_photo_add(Req *r)
{
    Hazard h;
    bool full;
    if (!safety_hazard_load_or_reply(r, &h, &full))
        return;
    Ctx c = site_ctx(r);
    SafetyErr e;
    if (!safety_may_report(&c, h.node_path, &e)) {
        safety_err_reply(r, &e);
        return;
    }
    const char *kind = req_query(r, "kind");
    const unsigned char *data = NULL;
    size_t len = 0;
    if (strcmp(r->content_type, "multipart/form-data") == 0) {
        for (int i = 0; i < r->n_uploads && !data; i++)
            if (r->uploads[i].len > 0) {
                data = r->uploads[i].data;
                len = r->uploads[i].len;
            }
        const char *fk = req_form_trim(r, "kind");
        if (!kind && fk && fk[0])
            kind = fk;
    } else if (r->body_len > 0) {
        data = (const unsigned char *)r->body;
        len = r->body_len;
    }
    if (!data) {
        reply_error(r, 400, "missing_field", "photo", "没有收到照片", "No photo was sent");
        return;
    }
    int64_t id;
    if (!safety_hazard_photo_save(&c, &h, kind ? kind : "found", data, len, &id, &e)) {
        safety_err_reply(r, &e);
        return;
    }
    r->status = 201;
    resp_json(r);
    buf_printf(&r->out, "{\"id\":%lld,\"hazard_id\":%lld,\"kind\":%j,\"url\":\"/api/hazards/photos/%lld\"}",
               (long long)id, (long long)h.id, kind ? kind : "found", (long long)id);
}

void api_hazard_photo_get(Req *r)
{
    int64_t pid, hid;
    if (!req_param_id_or_reply(r, "id", &pid))
        return;
    Ctx c = site_ctx(r);
    const char *mime;
    const unsigned char *data;
    size_t len;
    SafetyErr e;
    Hazard h;
    bool found = false;
    /* a photo of a hazard one may not see in full is answered as one that does not exist */
    if (!safety_hazard_photo_read(&c, pid, &hid, &mime, &data, &len) || !safety_hazard_get(&c, hid, &h, &found, &e) ||
        !found || !safety_may_see_register(&c, h.node_path)) {
        reply_error(r, 404, "not_found", NULL, "找不到这张照片", "No such photo");
        return;
    }
    r->content_type_out = mime;
    resp_header(r, "Cache-Control", "private, max-age=86400");
    buf_append(&r->out, data, len);
}

void api_hazard_workorder(Req *r)
{
    static const JsonField spec[] = {
        {"category", JF_STRING, JF_REQUIRED, 0, 40},
        {NULL, 0, 0, 0, 0},
    };
    JsonValue v[1];
    Hazard h;
    bool full;
    if (!safety_hazard_load_or_reply(r, &h, &full))
        return;
    Ctx c = site_ctx(r);
    SafetyErr e;
    if (!safety_may_report(&c, h.node_path, &e)) {
        safety_err_reply(r, &e);
        return;
    }
    json_t *body = req_json_object_or_reply(r);
    if (!body || !json_fields_or_reply(r, body, spec, v))
        return;
    int64_t wo;
    if (!safety_hazard_raise_order(&c, &h, v[0].s, &wo, &e)) {
        safety_err_reply(r, &e);
        return;
    }
    r->status = 201;
    resp_json(r);
    buf_printf(&r->out, "{\"hazard_id\":%lld,\"work_order_id\":%lld,\"link\":\"/workorders/%lld\"}", (long long)h.id,
               (long long)wo, (long long)wo);
}

void api_hazards_sweep(Req *r)
{
    int n = 0;
    if (!safety_sweep(r->db, site_ctx(r).now, &n)) {
        SafetyErr e;
        safety_err_db(&e, r->db);
        safety_err_reply(r, &e);
        return;
    }
    resp_json(r);
    buf_printf(&r->out, "{\"escalated\":%d}", n);
}
