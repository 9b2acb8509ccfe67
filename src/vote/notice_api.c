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

typedef struct NoticeRow {
    int64_t id, node_id;
    const char *node_path, *node_name, *kind, *title, *body;
    int period_days;
    int64_t published_at, objection_until, corrects_id, source_id, corrected_by, objections;
    const char *source_entity;
} NoticeRow;


static void notice_from_row(Arena *a, DbStmt *st, NoticeRow *t)
{
    t->id = db_col_int(st, 0);
    t->node_id = db_col_int(st, 1);
    t->node_path = arena_strdup(a, db_col_text(st, 2));
    t->node_name = arena_strdup(a, db_col_text(st, 3));
    t->kind = arena_strdup(a, db_col_text(st, 4));
    t->title = arena_strdup(a, db_col_text(st, 5));
    t->body = arena_strdup(a, db_col_text(st, 6));
    t->period_days = (int)db_col_int(st, 7);
    t->published_at = db_col_int(st, 8);
    t->objection_until = db_col_int(st, 9);
    t->corrects_id = db_col_null(st, 10) ? 0 : db_col_int(st, 10);
    t->source_entity = arena_strdup(a, db_col_text(st, 11));
    t->source_id = db_col_null(st, 12) ? 0 : db_col_int(st, 12);
    t->corrected_by = db_col_null(st, 13) ? 0 : db_col_int(st, 13);
    t->objections = db_col_int(st, 14);
}

static bool notice_load(Req *r, int64_t id, NoticeRow *t)
{
    DbStmt *st = db_query(r->db, "SELECT t.id, t.node_id, n.path, n.name, t.kind, t.title, t.body, t.period_days, "
                                 "t.published_at, t.objection_until, t.corrects_id, t.source_entity, t.source_id, "
                                 "(SELECT MIN(c.id) FROM notice c WHERE c.corrects_id = t.id), "
                                 "(SELECT COUNT(*) FROM notice_objection o WHERE o.notice_id = t.id) FROM notice t JOIN node n ON n.id = t.node_id WHERE t.id = ?",
                          DB_I(id));
    bool found = db_step(st) == DB_ROW;
    if (found)
        notice_from_row(r->arena, st, t);
    db_done(st);
    return found;
}

static bool notice_allowed_or_reply(Req *r, Perm perm, NoticeRow *t)
{
    int64_t id;
    if (!req_param_id_or_reply(r, "id", &id))
        return false;
    if (!notice_load(r, id, t)) {
        reply_error(r, 404, "not_found", NULL, "找不到这条公示", "No such notice");
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
    int64_t node = 0, page, per_page, source_id = 0;
    if (!req_query_int_or_reply(r, "node", 0, 0, INT64_MAX, &node) ||
        !req_query_int_or_reply(r, "source_id", 0, 0, INT64_MAX, &source_id) ||
        !req_paging_or_reply(r, &page, &per_page))
        return;
    const char *kind = req_query(r, "kind"), *source = req_query(r, "source_entity");
    if (kind && !notice_kind_valid(kind)) {
        reply_error(r, 400, "bad_value", "kind", "公示类别无效", "Unknown notice kind");
        return;
    }
    NodeInfo n;
    if (node && !grid_node_load_allowed_or_reply(r, node, PERM_TREE_READ, &n))
        return;
    if (!node && !auth_require_or_reply(r, PERM_TREE_READ, NULL))
        return;
    DbStmt *st = db_query(r->db,
                          "SELECT t.id, t.node_id, n.path, n.name, t.kind, t.title, t.body, t.period_days, "
                              "t.published_at, t.objection_until, t.corrects_id, t.source_entity, t.source_id, "
                              "(SELECT MIN(c.id) FROM notice c WHERE c.corrects_id = t.id), "
                              "(SELECT COUNT(*) FROM notice_objection o WHERE o.notice_id = t.id) FROM notice t JOIN node n ON n.id = t.node_id "
                          "WHERE (t.kind = ? OR CAST(? AS TEXT) IS NULL) AND (t.source_entity = ? OR CAST(? AS TEXT) IS NULL) "
                          "AND (t.source_id = ? OR ? = 0) ORDER BY t.published_at DESC, t.id DESC",
                          kind ? DB_T(kind) : DB_NULL, kind ? DB_T(kind) : DB_NULL, source ? DB_T(source) : DB_NULL,
                          source ? DB_T(source) : DB_NULL, DB_I(source_id), DB_I(source_id));
    resp_json(r);
    buf_puts(&r->out, "{\"items\":[");
    int64_t total = 0, first = (page - 1) * per_page, w = 0;
    while (db_step(st) == DB_ROW) {
        const char *path = db_col_text(st, 2);
        if (!perm_allows(r->who, PERM_TREE_READ, path))
            continue;
        if (node && strncmp(path, n.path, strlen(n.path)) != 0 && strncmp(n.path, path, strlen(path)) != 0)
            continue;
        if (total >= first && total < first + per_page) {
            NoticeRow t;
            notice_from_row(r->arena, st, &t);
            if (w++)
                buf_putc(&r->out, ',');
            notice_json(&r->out, &t, true);
        }
        total++;
    }
    if (!db_done(st)) {
        buf_reset(&r->out);
        reply_error(r, 500, "internal", NULL, "内部错误", "Internal error");
        return;
    }
    buf_printf(&r->out, "],\"page\":%lld,\"per_page\":%lld,\"total\":%lld}", (long long)page, (long long)per_page,
               (long long)total);
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
    db_done(st);
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
        reply_error(r, 400, "bad_value", "kind", "公示类别无效", "Unknown notice kind");
        return;
    }
    int64_t corrects = v[5].present ? v[5].i : 0;
    if (corrects) {
        NoticeRow old;
        if (!notice_load(r, corrects, &old) || !perm_allows(r->who, PERM_TREE_READ, old.node_path)) {
            reply_error(r, 404, "not_found", "corrects_id", "要更正的公示不存在", "The notice to correct does not exist");
            return;
        }
        if (old.node_id != n.id) {
            reply_error(r, 400, "bad_value", "corrects_id", "更正须发布在原公示的同一范围",
                        "A correction is published on the same node as the notice it corrects");
            return;
        }
    }
    int64_t id = notice_publish(r->db, r->who->user_id, n.id, kind, v[2].s, v[3].s, v[4].present ? (int)v[4].i : 0,
                                corrects, NULL, 0);
    NoticeRow t;
    if (id <= 0 || !notice_load(r, id, &t)) {
        reply_error(r, 500, "internal", NULL, "内部错误", "Internal error");
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
    reply_error(r, 409, "notice_immutable", NULL, "公示一经发布不得修改或删除；如需更正，请发布一条更正公示",
                "A published notice is never edited or removed; publish a correction instead");
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
        reply_error(r, 409, "objection_period_over", NULL, "公示期已过，不能再提出异议",
                    "The objection period of this notice is over");
        return;
    }
    int64_t id = 0;
    if (!db_int(r->db, &id,
                "INSERT INTO notice_objection (notice_id, user_id, body, created_at) VALUES (?, ?, ?, ?) RETURNING id",
                DB_I(t.id), DB_I(r->who->user_id), DB_T(v[0].s), DB_I(now)) || id <= 0 ||
        !audit_append(r->db, r->who->user_id, "notice_objection", id, "file", NULL,
                      arena_printf(r->arena, "{\"notice_id\":%lld}", (long long)t.id))) {
        reply_error(r, 500, "internal", NULL, "内部错误", "Internal error");
        return;
    }
    r->status = 201;
    resp_json(r);
    buf_printf(&r->out, "{\"id\":%lld,\"notice_id\":%lld}", (long long)id, (long long)t.id);
}
