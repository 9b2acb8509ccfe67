/* notice_api.c: public notices over JSON: list, read, publish (and
 * correct), objections; editing is refused, a correction is a new notice. */
#include "vote/vote.h"
#include "vote/web_int.h"

#include <stdlib.h>
#include <string.h>

#include "auth/audit.h"
#include "site/site.h"
#include "core/clock.h"
#include "grid/web.h"
#include "http/jsonin.h"

typedef Notice NoticeRow;

static void reply_msg(Req *r, VoteMsg msg, const char *field)
{
    VoteErr e = {msg, field, NULL};
    vote_err_reply(r, &e);
}

/* Loads the notice named by {id} and checks perm on its place; false:
 * replied (404, 401/403, or the storage error). */
static bool notice_allowed_or_reply(Req *r, Perm perm, NoticeRow *t)
{
    int64_t id;
    if (!req_param_id_or_reply(r, "id", &id))
        return false;
    Ctx c = site_ctx(r);
    bool found = false;
    if (!notice_get(&c, id, t, &found)) {
        vote_reply_db(r);
        return false;
    }
    if (!found) {
        reply_msg(r, VM_NO_SUCH_NOTICE, NULL);
        return false;
    }
    return auth_require_or_reply(r, perm, t->node_path);
}

/* Writes the notice's fields; close=false leaves the object open for more. */
static void notice_json(Buf *b, const NoticeRow *t, bool close)
{
    char pub[26], until[26];
    clock_format_iso(t->published_at, pub);
    clock_format_iso(t->objection_until, until);
    buf_printf(b,
               "{\"id\":%lld,\"node_id\":%lld,\"node_name\":%j,\"kind\":%j,\"title\":%j,\"body\":%j,\"period_days\":%d,"
               "\"published_at\":%j,\"objection_until\":%j,\"in_objection_period\":%s,\"corrects_id\":%lld,"
               "\"corrected_by\":%lld,\"source_entity\":%j,\"source_id\":%lld,\"objections\":%lld",
               (long long)t->id, (long long)t->node_id, t->node_name, t->kind, t->title, t->body, t->period_days, pub,
               until, clock_now() < t->objection_until ? "true" : "false", (long long)t->corrects_id,
               (long long)t->corrected_by, t->source_entity, (long long)t->source_id, (long long)t->objections);
    if (close)
        buf_putc(b, '}');
}

void api_notices_list(Req *r)
{
    int64_t node = 0, page, per_page, after, source_id = 0;
    if (!req_query_int_or_reply(r, "node", 0, 0, INT64_MAX, &node) ||
        !req_query_int_or_reply(r, "source_id", 0, 0, INT64_MAX, &source_id) ||
        !req_keyset_or_reply(r, &page, &per_page, &after))
        return;
    const char *kind = req_query(r, "kind"), *source = req_query(r, "source_entity");
    if (kind && !notice_kind_valid(kind)) {
        reply_msg(r, VM_BAD_NOTICE_KIND, "kind");
        return;
    }
    NodeInfo n;
    if (node && !grid_node_load_allowed_or_reply(r, node, PERM_TREE_READ, &n))
        return;
    if (!node && !auth_require_or_reply(r, PERM_TREE_READ, NULL))
        return;
    Ctx c = site_ctx(r);
    NoticeFilter f = {kind, source, source_id, node ? n.path : NULL};
    int64_t *ids = NULL;
    int k = 0;
    VotePaging pg = {page, per_page, after};
    VotePageInfo info;
    if (!notice_list_page(&c, &f, &pg, &ids, &k, &info)) {
        vote_reply_internal(r);
        return;
    }
    if (info.bad_cursor) {
        vote_err_reply(r, &(VoteErr){VM_BAD_CURSOR, "after", NULL});
        return;
    }
    resp_json(r);
    buf_puts(&r->out, "{\"items\":[");
    for (int i = 0, w = 0; i < k; i++) {
        NoticeRow t;
        bool found = false;
        if (!notice_get(&c, ids[i], &t, &found)) {
            buf_reset(&r->out);
            vote_reply_internal(r);
            return;
        }
        if (!found)
            continue;
        if (w++)
            buf_putc(&r->out, ',');
        notice_json(&r->out, &t, true);
    }
    resp_list_tail(&r->out, page, per_page, info.total, info.capped, info.next);
    buf_putc(&r->out, '}');
}

void api_notice_get(Req *r)
{
    NoticeRow t;
    if (!notice_allowed_or_reply(r, PERM_TREE_READ, &t))
        return;
    resp_json(r);
    notice_json(&r->out, &t, false);
    /* objections: their text and time, never who filed them */
    buf_puts(&r->out, ",\"objection_list\":[");
    DbStmt *st = db_query(r->db, "SELECT id, body, created_at FROM notice_objection WHERE notice_id = ? ORDER BY id",
                          DB_I(t.id));
    for (int k = 0; db_step(st) == DB_ROW; k++) {
        char at[26];
        clock_format_iso(db_col_int(st, 2), at);
        buf_printf(&r->out, "%s{\"id\":%lld,\"body\":%j,\"created_at\":%j}", k ? "," : "", (long long)db_col_int(st, 0),
                   db_col_text(st, 1), at);
    }
    if (!db_done(st)) {
        vote_reply_db(r);
        return;
    }
    buf_puts(&r->out, "]}");
}

static const JsonField notice_spec[] = {
    {"node_id", JF_INT, JF_REQUIRED, 1, INT64_MAX},
    {"kind", JF_STRING, 0, 0, 20},
    {"title", JF_STRING, JF_REQUIRED, 0, 200},
    {"body", JF_STRING, JF_REQUIRED, 0, 20000},
    {"period_days", JF_INT, 0, 1, 365},
    {"corrects_id", JF_INT, JF_NULLABLE, 1, INT64_MAX},
    {NULL, 0, 0, 0, 0},
};

void api_notice_create(Req *r)
{
    json_t *body = req_json_object_or_reply(r);
    JsonValue v[6];
    if (!body || !json_fields_or_reply(r, body, notice_spec, v))
        return;
    NodeInfo n;
    if (!vote_scope_or_reply(r, v[0].i, &n) || !auth_require_or_reply(r, PERM_NOTICE_PUBLISH, n.path))
        return;
    const char *kind = v[1].present ? v[1].s : "general";
    if (!notice_kind_valid(kind)) {
        reply_msg(r, VM_BAD_NOTICE_KIND, "kind");
        return;
    }
    int64_t corrects = v[5].present ? v[5].i : 0;
    Ctx c = site_ctx(r);
    bool found = false;
    if (corrects) {
        NoticeRow old;
        if (!notice_get(&c, corrects, &old, &found)) {
            vote_reply_db(r);
            return;
        }
        /* one the caller may not see is answered as one that does not exist */
        if (!found || !perm_allows(r->who, PERM_TREE_READ, old.node_path)) {
            reply_msg(r, VM_NO_NOTICE_TO_CORRECT, "corrects_id");
            return;
        }
        if (old.node_id != n.id) {
            reply_msg(r, VM_CORRECTION_ELSEWHERE, "corrects_id");
            return;
        }
    }
    int64_t id = notice_publish(r->db, r->who->user_id, n.id, kind, v[2].s, v[3].s, v[4].present ? (int)v[4].i : 0,
                                corrects, NULL, 0);
    NoticeRow t;
    if (id <= 0 || !notice_get(&c, id, &t, &found) || !found) {
        vote_reply_internal(r);
        return;
    }
    r->status = 201;
    resp_json(r);
    notice_json(&r->out, &t, true);
}

void api_notice_edit_refused(Req *r)
{
    NoticeRow t;
    if (!notice_allowed_or_reply(r, PERM_NOTICE_PUBLISH, &t))
        return;
    reply_msg(r, VM_NOTICE_IMMUTABLE, NULL);
}

static const JsonField objection_spec[] = {
    {"body", JF_STRING, JF_REQUIRED, 0, 2000},
    {NULL, 0, 0, 0, 0},
};

void api_notice_objection(Req *r)
{
    NoticeRow t;
    if (!notice_allowed_or_reply(r, PERM_TREE_READ, &t))
        return;
    json_t *body = req_json_object_or_reply(r);
    JsonValue v[1];
    if (!body || !json_fields_or_reply(r, body, objection_spec, v))
        return;
    int64_t now = clock_now();
    if (now >= t.objection_until) {
        reply_msg(r, VM_OBJECTION_PERIOD_OVER, NULL);
        return;
    }
    int64_t id = 0;
    if (!db_int(r->db, &id,
                "INSERT INTO notice_objection (notice_id, user_id, body, created_at) VALUES (?, ?, ?, ?) RETURNING id",
                DB_I(t.id), DB_I(r->who->user_id), DB_T(v[0].s), DB_I(now)) || id <= 0 ||
        !audit_append(r->db, r->who->user_id, "notice_objection", id, "file", NULL,
                      arena_printf(r->arena, "{\"notice_id\":%lld}", (long long)t.id))) {
        vote_reply_internal(r);
        return;
    }
    r->status = 201;
    resp_json(r);
    buf_printf(&r->out, "{\"id\":%lld,\"notice_id\":%lld}", (long long)id, (long long)t.id);
}
