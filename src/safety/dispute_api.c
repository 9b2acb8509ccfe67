/* dispute_api.c: the mediation's JSON adapters. Who holds
 * PERM_DISPUTE_MEDIATE over the place sees the cases; only a case's own
 * mediators see its parties in full, the minutes and the agreements' text
 * (everyone else: names as 张*, phones masked, texts withheld). Residents
 * see the published outcomes of tier-3 cases and nothing of the parties. */
#include <jansson.h>
#include <string.h>

#include "auth/session.h"
#include "grid/grid.h"
#include "safety/web_int.h"

enum { PAGE_MAX = 50, EVENTS_MAX = 200 };

static void err_reply(Req *r, SafetyMsg m, const char *field)
{
    SafetyErr e;
    safety_err(&e, m, field);
    safety_err_reply(r, &e);
}

static void db_reply(Req *r)
{
    SafetyErr e;
    safety_err_db(&e, r->db);
    safety_err_reply(r, &e);
}

void api_disputes_list(Req *r)
{
    int64_t compound, after;
    if (!req_query_int_or_reply(r, "compound", 0, 1, INT64_MAX, &compound) ||
        !req_query_int_or_reply(r, "after", 0, 0, INT64_MAX, &after))
        return;
    if (compound == 0) {
        reply_error(r, 400, "missing_param", "compound", "请指定院落", "The compound is required");
        return;
    }
    Ctx c = site_ctx(r);
    NodeInfo n;
    if (!grid_node_get(&c, compound, &n) || n.kind != NODE_COMPOUND) {
        reply_error(r, 404, "not_found", "compound", "找不到这个院落", "No such compound");
        return;
    }
    SafetyErr e;
    bool all = perm_allows(c.who, PERM_DISPUTE_MEDIATE, n.path);
    if (!all && !safety_may_see_public(&c, n.path, &e)) {
        safety_err_reply(r, &e);
        return;
    }
    Dispute *items = arena_alloc(r->arena, sizeof(Dispute) * (PAGE_MAX + 1));
    int k = safety_disputes_page(&c, compound, !all, after, items, PAGE_MAX + 1);
    if (k < 0) {
        db_reply(r);
        return;
    }
    bool more = k > PAGE_MAX;
    if (more)
        k = PAGE_MAX;
    resp_json(r);
    buf_printf(&r->out, "{\"published_only\":%s,\"items\":[", all ? "false" : "true");
    for (int i = 0; i < k; i++) {
        const Dispute *d = &items[i];
        buf_printf(&r->out, "%s{\"id\":%lld,\"title\":%j,\"tier\":%d,\"status\":%j,\"published\":%s", i ? "," : "",
                   (long long)d->id, d->title, d->tier, d->status, d->published ? "true" : "false");
        if (d->published)
            buf_printf(&r->out, ",\"outcome\":%j,\"closed_at\":%lld", d->outcome, (long long)d->closed_at);
        buf_putc(&r->out, '}');
    }
    if (more)
        buf_printf(&r->out, "],\"next\":%lld}", (long long)items[k - 1].id);
    else
        buf_puts(&r->out, "],\"next\":null}");
}

/* The parties of a body: [{name, phone?, role}], taken out of the object. */
static bool parties_or_reply(Req *r, json_t *body, PartyInput **out, int *n)
{
    json_t *a = json_object_get(body, "parties");
    if (!json_is_array(a) || json_array_size(a) > SAFETY_PARTIES_MAX) {
        err_reply(r, SM_BAD_PARTIES, "parties");
        return false;
    }
    *n = (int)json_array_size(a);
    *out = arena_alloc(r->arena, sizeof(PartyInput) * (size_t)(*n + 1));
    for (int i = 0; i < *n; i++) {
        json_t *p = json_array_get(a, (size_t)i);
        json_t *nm = json_object_get(p, "name"), *ph = json_object_get(p, "phone"), *ro = json_object_get(p, "role");
        if (!json_is_object(p) || !json_is_string(nm) || !json_is_string(ro) || (ph && !json_is_string(ph)) ||
            json_string_length(nm) > 60 || (ph && json_string_length(ph) > 20) || json_string_length(ro) > 20) {
            err_reply(r, SM_BAD_PARTIES, "parties");
            return false;
        }
        (*out)[i] = (PartyInput){arena_strdup(r->arena, json_string_value(nm)),
                                 ph ? arena_strdup(r->arena, json_string_value(ph)) : NULL,
                                 arena_strdup(r->arena, json_string_value(ro))};
    }
    json_object_del(body, "parties");
    return true;
}

static bool case_reveals(const Ctx *c, const Dispute *d)
{
    bool assigned = false;
    SafetyErr e;
    if (c->who && !safety_dispute_is_mediator(c, d->id, c->who->user_id, &assigned, &e))
        assigned = false;
    return safety_parties_visible(perm_allows(c->who, PERM_DISPUTE_MEDIATE, d->node_path), assigned);
}

static void dispute_reply(Req *r, int64_t id)
{
    Ctx c = site_ctx(r);
    SafetyErr e;
    Dispute d;
    bool found;
    if (!safety_dispute_get(&c, id, false, &d, &found, &e)) {
        safety_err_reply(r, &e);
        return;
    }
    bool mediate = found && perm_allows(c.who, PERM_DISPUTE_MEDIATE, d.node_path);
    bool public_view = found && !mediate && d.published && perm_allows(c.who, PERM_TREE_READ, d.node_path);
    if (!mediate && !public_view) {
        err_reply(r, SM_NO_SUCH_DISPUTE, NULL);
        return;
    }
    bool reveal = mediate && case_reveals(&c, &d);
    if (reveal && !safety_dispute_get(&c, id, true, &d, &found, &e)) {
        safety_err_reply(r, &e);
        return;
    }
    Buf *b = &r->out;
    resp_json(r);
    buf_printf(b, "{\"id\":%lld,\"compound_id\":%lld,\"title\":%j,\"tier\":%d,\"status\":%j,\"published\":%s,"
                  "\"outcome\":%j,\"closed_at\":%lld",
               (long long)d.id, (long long)d.compound_id, d.title, d.tier, d.status, d.published ? "true" : "false",
               d.published || mediate ? d.outcome : "", (long long)d.closed_at);
    if (public_view) {
        buf_putc(b, '}');
        return;
    }
    buf_printf(b, ",\"summary\":%j,\"mediator\":%s,\"parties\":[", reveal ? d.summary : "", reveal ? "true" : "false");
    for (int i = 0; i < d.n_parties; i++)
        buf_printf(b, "%s{\"id\":%lld,\"name\":%j,\"phone\":%j,\"role\":%j}", i ? "," : "", (long long)d.parties[i].id,
                   d.parties[i].name, d.parties[i].phone, d.parties[i].role);
    DisputeEvent *ev = arena_alloc(r->arena, sizeof(DisputeEvent) * EVENTS_MAX);
    int n = safety_dispute_events(&c, d.id, ev, EVENTS_MAX);
    if (n < 0) {
        db_reply(r);
        return;
    }
    buf_puts(b, "],\"events\":[");
    for (int i = 0; i < n; i++)
        buf_printf(b, "%s{\"id\":%lld,\"at\":%lld,\"kind\":%j,\"tier\":%d,\"text\":%j,\"signatures\":%d}", i ? "," : "",
                   (long long)ev[i].id, (long long)ev[i].at, ev[i].kind, ev[i].tier, reveal ? ev[i].text : "",
                   ev[i].n_signed);
    buf_puts(b, "]}");
}

void api_dispute_create(Req *r)
{
    static const JsonField spec[] = {
        {"compound_id", JF_INT, JF_REQUIRED, 1, INT64_MAX},
        {"title", JF_STRING, JF_REQUIRED, 0, SAFETY_TITLE_MAX},
        {"summary", JF_STRING, JF_EMPTY_OK, 0, 2000},
        {NULL, 0, 0, 0, 0},
    };
    JsonValue v[3];
    json_t *body = req_json_object_or_reply(r);
    PartyInput *parties;
    int n;
    if (!body || !parties_or_reply(r, body, &parties, &n) || !json_fields_or_reply(r, body, spec, v))
        return;
    Ctx c = site_ctx(r);
    SafetyErr e;
    NodeInfo node;
    if (!grid_node_get(&c, v[0].i, &node) || node.kind != NODE_COMPOUND) {
        err_reply(r, SM_NOT_A_COMPOUND, "compound_id");
        return;
    }
    int64_t id;
    if (!safety_may_mediate(&c, node.path, &e) ||
        !safety_dispute_open(&c, v[0].i, v[1].s, v[2].present ? v[2].s : "", parties, n, &id, &e)) {
        safety_err_reply(r, &e);
        return;
    }
    r->status = 201;
    dispute_reply(r, id);
}

void api_dispute_get(Req *r)
{
    int64_t id;
    if (req_param_id_or_reply(r, "id", &id))
        dispute_reply(r, id);
}

/* The case of the path, which c->who mediates; replies itself. */
static bool handled_or_reply(Req *r, Dispute *d)
{
    int64_t id;
    if (!req_param_id_or_reply(r, "id", &id))
        return false;
    Ctx c = site_ctx(r);
    SafetyErr e;
    bool found;
    if (!safety_dispute_get(&c, id, false, d, &found, &e)) {
        safety_err_reply(r, &e);
        return false;
    }
    if (!found || !perm_allows(c.who, PERM_DISPUTE_MEDIATE, d->node_path)) {
        err_reply(r, SM_NO_SUCH_DISPUTE, NULL);
        return false;
    }
    if (!safety_may_handle_case(&c, d, &e)) {
        safety_err_reply(r, &e);
        return false;
    }
    return true;
}

static bool text_body(Req *r, const char *name, int max, const char **out)
{
    JsonField spec[] = {{name, JF_STRING, JF_EMPTY_OK, 0, max}, {NULL, 0, 0, 0, 0}};
    JsonValue v[1];
    json_t *body = req_json_object_or_reply(r);
    if (!body || !json_fields_or_reply(r, body, spec, v))
        return false;
    *out = v[0].present ? v[0].s : "";
    return true;
}

static void finish(Req *r, const Dispute *d, bool ok, SafetyErr *e)
{
    if (!ok) {
        safety_err_reply(r, e);
        return;
    }
    dispute_reply(r, d->id);
}

void api_dispute_escalate(Req *r)
{
    Dispute d;
    const char *reason;
    if (!handled_or_reply(r, &d) || !text_body(r, "reason", 1000, &reason))
        return;
    Ctx c = site_ctx(r);
    SafetyErr e;
    finish(r, &d, safety_dispute_escalate(&c, &d, reason, &e), &e);
}

void api_dispute_session(Req *r)
{
    Dispute d;
    const char *text;
    if (!handled_or_reply(r, &d) || !text_body(r, "minutes", 5000, &text))
        return;
    Ctx c = site_ctx(r);
    SafetyErr e;
    finish(r, &d, safety_dispute_note(&c, &d, "session", text, &e), &e);
}

void api_dispute_followup(Req *r)
{
    Dispute d;
    const char *text;
    if (!handled_or_reply(r, &d) || !text_body(r, "note", 2000, &text))
        return;
    Ctx c = site_ctx(r);
    SafetyErr e;
    finish(r, &d, safety_dispute_note(&c, &d, "followup", text, &e), &e);
}

void api_dispute_mediator(Req *r)
{
    Dispute d;
    const char *name;
    if (!handled_or_reply(r, &d) || !text_body(r, "username", 60, &name))
        return;
    int64_t uid = 0;
    if (!auth_user_id(r->db, name, &uid)) {
        db_reply(r);
        return;
    }
    if (uid == 0) {
        reply_error(r, 400, "bad_value", "username", "没有这个用户", "No such user");
        return;
    }
    Ctx c = site_ctx(r);
    SafetyErr e;
    finish(r, &d, safety_dispute_add_mediator(&c, &d, uid, &e), &e);
}

void api_dispute_agreement(Req *r)
{
    Dispute d;
    if (!handled_or_reply(r, &d))
        return;
    json_t *body = req_json_object_or_reply(r);
    if (!body)
        return;
    json_t *a = json_object_get(body, "signed_by");
    int64_t ids[SAFETY_PARTIES_MAX + 1];
    int n = 0;
    if (a && (!json_is_array(a) || json_array_size(a) > SAFETY_PARTIES_MAX)) {
        err_reply(r, SM_NOT_ALL_SIGNED, "signed_by");
        return;
    }
    for (size_t i = 0; a && i < json_array_size(a); i++) {
        json_t *x = json_array_get(a, i);
        if (!json_is_integer(x)) {
            err_reply(r, SM_NOT_ALL_SIGNED, "signed_by");
            return;
        }
        ids[n++] = json_integer_value(x);
    }
    json_object_del(body, "signed_by");
    static const JsonField spec[] = {{"text", JF_STRING, JF_EMPTY_OK, 0, 5000}, {NULL, 0, 0, 0, 0}};
    JsonValue v[1];
    if (!json_fields_or_reply(r, body, spec, v))
        return;
    Ctx c = site_ctx(r);
    SafetyErr e;
    int64_t ev;
    finish(r, &d, safety_dispute_agree(&c, &d, v[0].present ? v[0].s : "", ids, n, &ev, &e), &e);
}

void api_dispute_close(Req *r)
{
    static const JsonField spec[] = {
        {"outcome", JF_STRING, JF_EMPTY_OK, 0, 2000},
        {"publish", JF_BOOL, 0, 0, 0},
        {NULL, 0, 0, 0, 0},
    };
    Dispute d;
    JsonValue v[2];
    if (!handled_or_reply(r, &d))
        return;
    json_t *body = req_json_object_or_reply(r);
    if (!body || !json_fields_or_reply(r, body, spec, v))
        return;
    Ctx c = site_ctx(r);
    SafetyErr e;
    finish(r, &d, safety_dispute_close(&c, &d, v[0].present ? v[0].s : "", v[1].present && v[1].b, &e), &e);
}
