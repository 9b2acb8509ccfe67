/* delib_api.c: the JSON API of deliberation: topics and their support,
 * meetings (agenda, attendance, minutes, publication), representatives'
 * panels by sortition, conventions (versions, clause comments, final vote)
 * and decisions through their template's steps. */
#include "vote/vote.h"
#include "vote/web_int.h"

#include <stdlib.h>
#include <string.h>

#include "auth/audit.h"
#include "site/site.h"
#include "core/clock.h"
#include "grid/grid.h"
#include "http/jsonin.h"
#include "vote/decision.h"
#include "vote/sortition.h"

/* Residents take part in what concerns a place they belong to: perm held
 * on the node itself, or on a node inside it (a resident's household
 * inside the compound where the topic is raised). */
static bool concerns_or_reply(Req *r, Perm perm, const char *path)
{
    if (!auth_require_or_reply(r, PERM_TREE_READ, path))
        return false;
    if (perm_allows(r->who, perm, path))
        return true;
    for (int i = 0; r->who && i < r->who->n_grants; i++) {
        const Grant *g = &r->who->grants[i];
        if (role_has(g->role, perm) && g->node_path && strncmp(g->node_path, path, strlen(path)) == 0)
            return true;
    }
    reply_forbidden(r);
    return false;
}

/* A list of positive integers taken out of the body (jsonin knows strings only). */
static bool int_list_or_reply(Req *r, json_t *body, const char *name, int64_t **ids, int *n)
{
    *ids = NULL;
    *n = 0;
    json_t *v = json_object_get(body, name);
    if (!v)
        return true;
    if (!json_is_array(v) || json_array_size(v) > 200) {
        reply_error(r, 400, "bad_type", name, "应为编号列表", "This field must be a list of ids");
        return false;
    }
    *n = (int)json_array_size(v);
    *ids = arena_alloc(r->arena, sizeof **ids * (size_t)(*n + 1));
    for (int i = 0; i < *n; i++) {
        json_t *x = json_array_get(v, (size_t)i);
        if (!json_is_integer(x) || json_integer_value(x) <= 0) {
            reply_error(r, 400, "bad_type", name, "应为编号列表", "This field must be a list of ids");
            return false;
        }
        (*ids)[i] = json_integer_value(x);
    }
    json_object_del(body, name);
    return true;
}

/* An entity's scope: "SELECT n.path ... WHERE x.id = ?" loaded by the caller's SQL. */
static const char *path_of(Req *r, DbStmt *st)
{
    const char *p = NULL;
    if (db_step(st) == DB_ROW)
        p = arena_strdup(r->arena, db_col_text(st, 0));
    db_done(st);
    return p;
}

static bool node_filter_or_reply(Req *r, int64_t *node, NodeInfo *n)
{
    if (!req_query_int_or_reply(r, "node", 0, 0, INT64_MAX, node))
        return false;
    if (*node)
        return grid_node_load_allowed_or_reply(r, *node, PERM_TREE_READ, n);
    return auth_require_or_reply(r, PERM_TREE_READ, NULL);
}

/* Inside, or above, the filter node; and readable by the caller. */
static bool listed(Req *r, int64_t node, const NodeInfo *n, const char *path)
{
    if (!perm_allows(r->who, PERM_TREE_READ, path))
        return false;
    return !node || strncmp(path, n->path, strlen(n->path)) == 0 || strncmp(n->path, path, strlen(path)) == 0;
}

/* ---- topics ------------------------------------------------------------------ */


static void topic_json(Buf *b, DbStmt *st)
{
    char at[26];
    clock_format_iso(db_col_int(st, 8), at);
    buf_printf(b,
               "{\"id\":%lld,\"node_id\":%lld,\"node_name\":%j,\"title\":%j,\"body\":%j,\"source\":%j,\"status\":%j,"
               "\"created_at\":%j,\"supporters\":%lld,\"comments\":%lld}",
               (long long)db_col_int(st, 0), (long long)db_col_int(st, 1), db_col_text(st, 2), db_col_text(st, 4),
               db_col_text(st, 5), db_col_text(st, 6), db_col_text(st, 7), at, (long long)db_col_int(st, 9),
               (long long)db_col_int(st, 10));
}

void api_topics_list(Req *r)
{
    int64_t node;
    NodeInfo n;
    if (!node_filter_or_reply(r, &node, &n))
        return;
    DbStmt *st = db_query(r->db, "SELECT t.id, t.node_id, n.name, n.path, t.title, t.body, t.source, t.status, "
                                 "t.created_at, (SELECT COUNT(*) FROM topic_support s WHERE s.topic_id = t.id), "
                                 "(SELECT COUNT(*) FROM topic_comment c WHERE c.topic_id = t.id) FROM topic t JOIN node n ON n.id = t.node_id "
                                 "ORDER BY t.created_at DESC, t.id DESC");
    resp_json(r);
    buf_puts(&r->out, "{\"items\":[");
    int k = 0;
    while (db_step(st) == DB_ROW) {
        if (!listed(r, node, &n, db_col_text(st, 3)))
            continue;
        if (k++)
            buf_putc(&r->out, ',');
        topic_json(&r->out, st);
    }
    db_done(st);
    buf_printf(&r->out, "],\"page\":1,\"per_page\":%d,\"total\":%d}", k, k);
}

static bool topic_reply(Req *r, int64_t id, int status)
{
    DbStmt *st = db_query(r->db, "SELECT t.id, t.node_id, n.name, n.path, t.title, t.body, t.source, t.status, "
                                 "t.created_at, (SELECT COUNT(*) FROM topic_support s WHERE s.topic_id = t.id), "
                                 "(SELECT COUNT(*) FROM topic_comment c WHERE c.topic_id = t.id) FROM topic t JOIN node n ON n.id = t.node_id WHERE t.id = ?",
                          DB_I(id));
    if (db_step(st) != DB_ROW) {
        db_done(st);
        reply_error(r, 404, "not_found", NULL, "找不到这个议题", "No such topic");
        return false;
    }
    const char *path = arena_strdup(r->arena, db_col_text(st, 3));
    if (!auth_require_or_reply(r, PERM_TREE_READ, path)) {
        db_done(st);
        return false;
    }
    r->status = status;
    resp_json(r);
    topic_json(&r->out, st);
    db_done(st);
    r->out.data[--r->out.len] = '\0'; /* reopen the object to add the comments */
    buf_puts(&r->out, ",\"comment_list\":[");
    /* commenters by name only to those who run deliberation (and to themselves) */
    bool full = perm_allows(r->who, PERM_DELIB_MANAGE, path);
    st = db_query(r->db,
                  "SELECT c.id, u.display_name, c.body, c.created_at, COALESCE("
                  "(SELECT b.name || un.name FROM role_grant g JOIN household h ON h.node_id = g.node_id JOIN node b ON b.id = h.building_id "
                  "JOIN node un ON un.id = h.unit_id WHERE g.user_id = u.id ORDER BY g.id LIMIT 1), "
                  "(SELECT b.name || un.name FROM person p JOIN household h ON h.node_id = p.household_id JOIN node b ON b.id = h.building_id "
                  "JOIN node un ON un.id = h.unit_id WHERE p.id = u.person_id)), c.user_id "
                  "FROM topic_comment c JOIN app_user u ON u.id = c.user_id WHERE c.topic_id = ? ORDER BY c.id",
                  DB_I(id));
    for (int k = 0; db_step(st) == DB_ROW; k++) {
        char at[26];
        clock_format_iso(db_col_int(st, 3), at);
        buf_printf(&r->out, "%s{\"id\":%lld,\"by\":%j,\"mine\":%s,\"body\":%j,\"created_at\":%j}", k ? "," : "",
                   (long long)db_col_int(st, 0),
                   vote_commenter_label(r->arena, db_col_text(st, 1), db_col_text(st, 4), full || db_col_int(st, 5) == vote_actor(r)),
                   db_col_int(st, 5) == vote_actor(r) ? "true" : "false", db_col_text(st, 2), at);
    }
    db_done(st);
    buf_puts(&r->out, "]}");
    return true;
}

static const JsonField topic_spec[] = {
    {"node_id", JF_INT, JF_REQUIRED, 1, INT64_MAX},
    {"title", JF_STRING, JF_REQUIRED, 0, 200},
    {"body", JF_STRING, JF_EMPTY_OK, 0, 5000},
    {"source", JF_STRING, 0, 0, 20},
    {NULL, 0, 0, 0, 0},
};

void api_topic_create(Req *r)
{
    json_t *body = req_json_object_or_reply(r);
    JsonValue v[4];
    NodeInfo n;
    if (!body || !json_fields_or_reply(r, body, topic_spec, v) || !vote_scope_or_reply(r, v[0].i, &n) ||
        !concerns_or_reply(r, PERM_TOPIC_PROPOSE, n.path))
        return;
    const char *source = v[3].present ? v[3].s : "online";
    if (strcmp(source, "online") && strcmp(source, "board") && strcmp(source, "work_order")) {
        reply_error(r, 400, "bad_value", "source", "来源应为 online、board 或 work_order", "source must be online, board or work_order");
        return;
    }
    /* Topics from the notice board are typed in by those who run deliberation. */
    if (strcmp(source, "online") != 0 && !auth_require_or_reply(r, PERM_DELIB_MANAGE, n.path))
        return;
    int64_t now = clock_now(), id = 0;
    if (!db_int(r->db, &id,
                "INSERT INTO topic (node_id, title, body, source, status, proposed_by, created_at, updated_at) "
                "VALUES (?, ?, ?, ?, 'open', ?, ?, ?) RETURNING id",
                DB_I(n.id), DB_T(v[1].s), DB_T(v[2].present ? v[2].s : ""), DB_T(source), DB_I(vote_actor(r)),
                DB_I(now), DB_I(now)) || id <= 0) {
        vote_reply_db(r);
        return;
    }
    if (!vote_audit_or_reply(r, "topic", id, "propose", NULL,
                             arena_printf(r->arena, "{\"node_id\":%lld,\"title\":%j,\"source\":%j}", (long long)n.id, v[1].s, source)))
        return;
    topic_reply(r, id, 201);
}

void api_topic_get(Req *r)
{
    int64_t id;
    if (req_param_id_or_reply(r, "id", &id))
        topic_reply(r, id, 200);
}

static const char *topic_path_or_reply(Req *r, int64_t *id)
{
    if (!req_param_id_or_reply(r, "id", id))
        return NULL;
    const char *p = path_of(r, db_query(r->db, "SELECT n.path FROM topic t JOIN node n ON n.id = t.node_id WHERE t.id = ?",
                                        DB_I(*id)));
    if (!p)
        reply_error(r, 404, "not_found", NULL, "找不到这个议题", "No such topic");
    return p;
}

void api_topic_support(Req *r)
{
    int64_t id, seen = 0;
    const char *path = topic_path_or_reply(r, &id);
    if (!path || !concerns_or_reply(r, PERM_TOPIC_PROPOSE, path))
        return;
    if (db_int(r->db, &seen, "SELECT 1 FROM topic_support WHERE topic_id = ? AND user_id = ?", DB_I(id), DB_I(vote_actor(r)))) {
        reply_error(r, 409, "already_supported", NULL, "您已经支持过这个议题", "You already support this topic");
        return;
    }
    if (!db_exec(r->db, "INSERT INTO topic_support (topic_id, user_id, created_at) VALUES (?, ?, ?)", DB_I(id),
                 DB_I(vote_actor(r)), DB_I(clock_now()))) {
        vote_reply_db(r);
        return;
    }
    if (vote_audit_or_reply(r, "topic", id, "support", NULL, NULL))
        topic_reply(r, id, 200);
}

static const JsonField comment_spec[] = {
    {"body", JF_STRING, JF_REQUIRED, 0, 2000},
    {NULL, 0, 0, 0, 0},
};

void api_topic_comment(Req *r)
{
    int64_t id;
    const char *path = topic_path_or_reply(r, &id);
    json_t *body;
    JsonValue v[1];
    if (!path || !concerns_or_reply(r, PERM_TOPIC_PROPOSE, path) || !(body = req_json_object_or_reply(r)) ||
        !json_fields_or_reply(r, body, comment_spec, v))
        return;
    int64_t cid = 0;
    if (!db_int(r->db, &cid, "INSERT INTO topic_comment (topic_id, user_id, body, created_at) VALUES (?, ?, ?, ?) RETURNING id",
                DB_I(id), DB_I(vote_actor(r)), DB_T(v[0].s), DB_I(clock_now())) ||
        cid <= 0) {
        vote_reply_db(r);
        return;
    }
    if (vote_audit_or_reply(r, "topic_comment", cid, "comment", NULL, arena_printf(r->arena, "{\"topic_id\":%lld}", (long long)id)))
        topic_reply(r, id, 201);
}

/* ---- meetings ------------------------------------------------------------------ */

static const char *meeting_kind_zh(const char *k)
{
    return strcmp(k, "party_joint") == 0 ? "党建联席会" : strcmp(k, "council") == 0 ? "居民议事会" : "多方协调会";
}

static bool meeting_reply(Req *r, int64_t id, int status)
{
    DbStmt *st = db_query(r->db,
                          "SELECT m.id, m.node_id, n.name, n.path, m.kind, m.title, m.starts_at, m.place, m.status, "
                          "m.minutes, m.decisions, m.notice_id, m.work_order_id "
                          "FROM meeting m JOIN node n ON n.id = m.node_id WHERE m.id = ?",
                          DB_I(id));
    if (db_step(st) != DB_ROW) {
        db_done(st);
        reply_error(r, 404, "not_found", NULL, "找不到这次会议", "No such meeting");
        return false;
    }
    const char *path = arena_strdup(r->arena, db_col_text(st, 3));
    if (!auth_require_or_reply(r, PERM_TREE_READ, path)) {
        db_done(st);
        return false;
    }
    bool published = strcmp(db_col_text(st, 8), "published") == 0;
    /* Minutes are for everyone once approved and published; before that, for those who run the meeting. */
    bool show_minutes = published || perm_allows(r->who, PERM_DELIB_MANAGE, path);
    char at[26];
    clock_format_iso(db_col_int(st, 6), at);
    r->status = status;
    resp_json(r);
    buf_printf(&r->out,
               "{\"id\":%lld,\"node_id\":%lld,\"node_name\":%j,\"kind\":%j,\"kind_zh\":%j,\"title\":%j,\"starts_at\":%j,"
               "\"place\":%j,\"status\":%j,\"minutes\":%j,\"decisions\":%j,\"notice_id\":%lld,\"work_order_id\":%lld",
               (long long)db_col_int(st, 0), (long long)db_col_int(st, 1), db_col_text(st, 2), db_col_text(st, 4),
               meeting_kind_zh(db_col_text(st, 4)), db_col_text(st, 5), at, db_col_text(st, 7), db_col_text(st, 8),
               show_minutes ? db_col_text(st, 9) : NULL, show_minutes ? db_col_text(st, 10) : NULL,
               (long long)(db_col_null(st, 11) ? 0 : db_col_int(st, 11)),
               (long long)(db_col_null(st, 12) ? 0 : db_col_int(st, 12)));
    db_done(st);
    buf_puts(&r->out, ",\"agenda\":[");
    st = db_query(r->db,
                  "SELECT t.id, t.title FROM meeting_item i JOIN topic t ON t.id = i.topic_id WHERE i.meeting_id = ? "
                  "ORDER BY i.sort, t.id",
                  DB_I(id));
    for (int k = 0; db_step(st) == DB_ROW; k++)
        buf_printf(&r->out, "%s{\"topic_id\":%lld,\"title\":%j}", k ? "," : "", (long long)db_col_int(st, 0),
                   db_col_text(st, 1));
    db_done(st);
    buf_puts(&r->out, "],\"attendees\":[");
    st = db_query(r->db, "SELECT id, name, represents, present, org_id, user_id FROM meeting_attendee WHERE meeting_id = ? "
                         "ORDER BY id",
                  DB_I(id));
    for (int k = 0; db_step(st) == DB_ROW; k++)
        buf_printf(&r->out, "%s{\"id\":%lld,\"name\":%j,\"represents\":%j,\"present\":%s,\"org_id\":%lld,\"user_id\":%lld}",
                   k ? "," : "", (long long)db_col_int(st, 0), db_col_text(st, 1), db_col_text(st, 2),
                   db_col_int(st, 3) ? "true" : "false", (long long)(db_col_null(st, 4) ? 0 : db_col_int(st, 4)),
                   (long long)(db_col_null(st, 5) ? 0 : db_col_int(st, 5)));
    db_done(st);
    buf_puts(&r->out, "]}");
    return true;
}

void api_meetings_list(Req *r)
{
    int64_t node;
    NodeInfo n;
    if (!node_filter_or_reply(r, &node, &n))
        return;
    DbStmt *st = db_query(r->db, "SELECT m.id, n.path, m.kind, m.title, m.starts_at, m.status, n.name, m.node_id "
                                 "FROM meeting m JOIN node n ON n.id = m.node_id ORDER BY m.starts_at DESC, m.id DESC");
    resp_json(r);
    buf_puts(&r->out, "{\"items\":[");
    int k = 0;
    while (db_step(st) == DB_ROW) {
        if (!listed(r, node, &n, db_col_text(st, 1)))
            continue;
        char at[26];
        clock_format_iso(db_col_int(st, 4), at);
        buf_printf(&r->out,
                   "%s{\"id\":%lld,\"node_id\":%lld,\"node_name\":%j,\"kind\":%j,\"kind_zh\":%j,\"title\":%j,"
                   "\"starts_at\":%j,\"status\":%j}",
                   k++ ? "," : "", (long long)db_col_int(st, 0), (long long)db_col_int(st, 7), db_col_text(st, 6),
                   db_col_text(st, 2), meeting_kind_zh(db_col_text(st, 2)), db_col_text(st, 3), at, db_col_text(st, 5));
    }
    db_done(st);
    buf_printf(&r->out, "],\"page\":1,\"per_page\":%d,\"total\":%d}", k, k);
}

static const JsonField meeting_spec[] = {
    {"node_id", JF_INT, JF_REQUIRED, 1, INT64_MAX},
    {"kind", JF_STRING, JF_REQUIRED, 0, 20},
    {"title", JF_STRING, JF_REQUIRED, 0, 200},
    {"starts_at", JF_INT, JF_REQUIRED, 1, INT64_C(4102444800)},
    {"place", JF_STRING, JF_EMPTY_OK, 0, 100},
    {"invitees", JF_STRINGS, 0, 0, 100},
    {"work_order_id", JF_INT, JF_NULLABLE, 1, INT64_MAX},
    {NULL, 0, 0, 0, 0},
};

bool vote_topic_ref_or_reply(Req *r, int64_t topic_id, const char *scope, const char *field)
{
    const char *tp = path_of(r, db_query(r->db, "SELECT n.path FROM topic t JOIN node n ON n.id = t.node_id WHERE t.id = ?",
                                         DB_I(topic_id)));
    if (!tp || !perm_allows(r->who, PERM_TREE_READ, tp)) {
        reply_error(r, 404, "not_found", field, "找不到这个议题", "No such topic");
        return false;
    }
    if (strncmp(tp, scope, strlen(scope)) == 0 || strncmp(scope, tp, strlen(tp)) == 0)
        return true;
    reply_error(r, 400, "bad_value", field, "议题不属于这个范围", "The topic is outside this scope");
    return false;
}

/* The work order a coordination meeting is opened from: it must exist, be
 * readable by the caller and lie inside the meeting's scope. */
bool vote_work_order_readable(Req *r, int64_t id, const char **path_out, int64_t *compound_id, const char **category)
{
    DbStmt *st = db_query(r->db, "SELECT w.node_path, w.reporter_id, w.compound_id, c.name FROM work_order w "
                                 "JOIN wo_category c ON c.id = w.category_id WHERE w.id = ?",
                          DB_I(id));
    const char *path = NULL;
    int64_t reporter = 0;
    if (db_step(st) == DB_ROW) {
        path = arena_strdup(r->arena, db_col_text(st, 0));
        reporter = db_col_null(st, 1) ? 0 : db_col_int(st, 1);
        if (compound_id)
            *compound_id = db_col_int(st, 2);
        if (category)
            *category = arena_strdup(r->arena, db_col_text(st, 3));
    }
    db_done(st);
    bool readable = path && ((reporter && reporter == vote_actor(r)) || perm_allows(r->who, PERM_WO_READ, path) ||
                             perm_allows(r->who, PERM_WO_DISPATCH, path));
    int64_t assigned = 0;
    if (path && !readable && perm_allows(r->who, PERM_WO_HANDLE, NULL) &&
        db_int(r->db, &assigned,
               "SELECT COUNT(*) FROM wo_assignment a JOIN app_user u ON u.org_id = a.org_id WHERE a.order_id = ? AND u.id = ?",
               DB_I(id), DB_I(vote_actor(r))))
        readable = assigned > 0;
    if (path_out)
        *path_out = path;
    return readable;
}

static bool work_order_or_reply(Req *r, int64_t id, const char *scope)
{
    const char *path = NULL;
    if (!vote_work_order_readable(r, id, &path, NULL, NULL)) {
        reply_error(r, 404, "not_found", "work_order_id", "找不到这个工单，或您无权查看", "No such work order, or you may not read it");
        return false;
    }
    if (strncmp(path, scope, strlen(scope)) != 0) {
        reply_error(r, 400, "bad_value", "work_order_id", "这个工单不在会议的范围内，请选择包含工单地点的范围",
                    "The work order is outside the meeting's scope");
        return false;
    }
    return true;
}

static const char *org_kind_zh(const char *k)
{
    static const char *const map[][2] = {
        {"resident_group", "居民小组"}, {"party_branch", "党组织"}, {"property_company", "物业"}, {"committee", "院委会"},
        {"contractor", "施工单位"},     {"supervisor", "监理"},     {"department", "职能部门"}, {"charity", "公益组织"}};
    for (size_t i = 0; i < sizeof map / sizeof map[0]; i++)
        if (strcmp(k, map[i][0]) == 0)
            return map[i][1];
    return k;
}

static bool path_related(const char *a, const char *b)
{
    return strncmp(a, b, strlen(b)) == 0 || strncmp(b, a, strlen(a)) == 0;
}

bool meeting_invitee_candidates(Db *db, Arena *a, const char *scope, MeetingInvitee **out, int *n)
{
    int cap = 32, k = 0;
    MeetingInvitee *c = arena_alloc(a, sizeof *c * (size_t)cap);
    DbStmt *st = db_query(db, "SELECT o.id, o.name, o.kind, n.path FROM org o JOIN node n ON n.id = o.node_id "
                              "ORDER BY n.path, o.kind, o.id");
    for (int pass = 0; pass < 2; pass++) {
        if (pass == 1)
            st = db_query(db, "SELECT u.id, u.display_name, g.role, n.path FROM role_grant g JOIN app_user u ON u.id = g.user_id "
                              "JOIN node n ON n.id = g.node_id WHERE u.disabled = 0 AND g.role <> 'resident' "
                              "AND g.role <> 'admin' ORDER BY u.id, g.id");
        while (db_step(st) == DB_ROW) {
            if (!path_related(db_col_text(st, 3), scope))
                continue;
            int64_t id = db_col_int(st, 0);
            if (pass == 1 && k > 0 && c[k - 1].is_user && c[k - 1].id == id)
                continue; /* one line per person, their first role in reach */
            if (k == cap) {
                MeetingInvitee *g = arena_alloc(a, sizeof *g * (size_t)cap * 2);
                memcpy(g, c, sizeof *c * (size_t)cap);
                c = g;
                cap *= 2;
            }
            Role role;
            c[k].is_user = pass == 1;
            c[k].id = id;
            c[k].name = arena_strdup(a, db_col_text(st, 1));
            c[k].represents = pass == 0 ? org_kind_zh(db_col_text(st, 2))
                              : role_parse(db_col_text(st, 2), &role) ? role_label_zh(role)
                                                                      : "";
            k++;
        }
        if (!db_done(st))
            return false;
    }
    *out = c;
    *n = k;
    return true;
}

void api_meeting_create(Req *r)
{
    json_t *body = req_json_object_or_reply(r);
    int64_t *topics, *org_ids, *user_ids;
    int n_topics, n_orgs, n_users;
    JsonValue v[7];
    NodeInfo n;
    if (!body || !int_list_or_reply(r, body, "topic_ids", &topics, &n_topics) ||
        !int_list_or_reply(r, body, "invitee_org_ids", &org_ids, &n_orgs) ||
        !int_list_or_reply(r, body, "invitee_user_ids", &user_ids, &n_users) ||
        !json_fields_or_reply(r, body, meeting_spec, v) || !vote_scope_or_reply(r, v[0].i, &n) ||
        !auth_require_or_reply(r, PERM_DELIB_MANAGE, n.path))
        return;
    if (strcmp(v[1].s, "party_joint") && strcmp(v[1].s, "council") && strcmp(v[1].s, "multi_party")) {
        reply_error(r, 400, "bad_value", "kind", "会议类型应为 party_joint、council 或 multi_party",
                    "kind must be party_joint, council or multi_party");
        return;
    }
    if (v[6].present && strcmp(v[1].s, "multi_party") != 0) {
        reply_error(r, 400, "bad_value", "kind", "从工单发起的会议应为多方协调会（multi_party）",
                    "A meeting opened from a work order is a multi-party coordination meeting");
        return;
    }
    if (v[6].present && !work_order_or_reply(r, v[6].i, n.path))
        return;
    for (int i = 0; i < n_topics; i++)
        if (!vote_topic_ref_or_reply(r, topics[i], n.path, "topic_ids"))
            return;
    /* invitees chosen from the scope's organisations and office-holders */
    MeetingInvitee *cand = NULL;
    int n_cand = 0;
    if ((n_orgs || n_users) && !meeting_invitee_candidates(r->db, r->arena, n.path, &cand, &n_cand)) {
        vote_reply_db(r);
        return;
    }
    const MeetingInvitee **chosen = arena_alloc(r->arena, sizeof *chosen * (size_t)(n_orgs + n_users + 1));
    int n_chosen = 0;
    for (int i = 0; i < n_orgs + n_users; i++) {
        bool user = i >= n_orgs;
        int64_t want = user ? user_ids[i - n_orgs] : org_ids[i];
        const MeetingInvitee *hit = NULL;
        for (int j = 0; j < n_cand && !hit; j++)
            if (cand[j].is_user == user && cand[j].id == want)
                hit = &cand[j];
        if (!hit) {
            reply_error(r, 400, "bad_value", user ? "invitee_user_ids" : "invitee_org_ids",
                        user ? "受邀人员不存在或不在这个范围" : "受邀单位不存在或不在这个范围",
                        "An invitee does not exist or is outside this scope");
            return;
        }
        bool dup = false;
        for (int j = 0; j < n_chosen; j++)
            dup = dup || chosen[j] == hit;
        if (!dup)
            chosen[n_chosen++] = hit;
    }
    int64_t now = clock_now(), id = 0;
    if (!db_int(r->db, &id,
                "INSERT INTO meeting (node_id, kind, title, starts_at, place, status, work_order_id, created_by, "
                "created_at, updated_at) VALUES (?, ?, ?, ?, ?, 'planned', ?, ?, ?, ?) RETURNING id",
                DB_I(n.id), DB_T(v[1].s), DB_T(v[2].s), DB_I(v[3].i), DB_T(v[4].present ? v[4].s : ""),
                v[6].present ? DB_I(v[6].i) : DB_NULL, DB_I(vote_actor(r)), DB_I(now), DB_I(now)) || id <= 0) {
        vote_reply_db(r);
        return;
    }
    for (int i = 0; i < n_topics; i++) {
        int64_t dup = 0;
        if (db_int(r->db, &dup, "SELECT 1 FROM meeting_item WHERE meeting_id = ? AND topic_id = ?", DB_I(id), DB_I(topics[i])))
            continue;
        if (!db_exec(r->db, "INSERT INTO meeting_item (meeting_id, topic_id, sort) VALUES (?, ?, ?)", DB_I(id),
                     DB_I(topics[i]), DB_I(i)) ||
            !db_exec(r->db, "UPDATE topic SET status = 'on_agenda', updated_at = ? WHERE id = ? AND status = 'open'",
                     DB_I(now), DB_I(topics[i]))) {
            vote_reply_db(r);
            return;
        }
    }
    for (int i = 0; i < n_chosen; i++)
        if (!db_exec(r->db,
                     "INSERT INTO meeting_attendee (meeting_id, name, represents, present, org_id, user_id) VALUES (?, ?, ?, 0, ?, ?)",
                     DB_I(id), DB_T(chosen[i]->name), DB_T(chosen[i]->represents),
                     chosen[i]->is_user ? DB_NULL : DB_I(chosen[i]->id), chosen[i]->is_user ? DB_I(chosen[i]->id) : DB_NULL)) {
            vote_reply_db(r);
            return;
        }
    for (int i = 0; v[5].present && i < v[5].n_list; i++)
        if (!db_exec(r->db, "INSERT INTO meeting_attendee (meeting_id, name, represents, present) VALUES (?, ?, '', 0)",
                     DB_I(id), DB_T(v[5].list[i]))) {
            vote_reply_db(r);
            return;
        }
    if (vote_audit_or_reply(r, "meeting", id, "create", NULL,
                            arena_printf(r->arena, "{\"node_id\":%lld,\"kind\":%j,\"title\":%j,\"work_order_id\":%lld,\"invitees\":%d}",
                                         (long long)n.id, v[1].s, v[2].s, (long long)(v[6].present ? v[6].i : 0),
                                         n_chosen + (v[5].present ? v[5].n_list : 0))))
        meeting_reply(r, id, 201);
}

void api_meeting_get(Req *r)
{
    int64_t id;
    if (req_param_id_or_reply(r, "id", &id))
        meeting_reply(r, id, 200);
}

/* The meeting's path and status, with DELIB_MANAGE checked on it. */
static bool meeting_managed_or_reply(Req *r, int64_t *id, const char **status, int64_t *node_id, const char **title)
{
    if (!req_param_id_or_reply(r, "id", id))
        return false;
    DbStmt *st = db_query(r->db, "SELECT n.path, m.status, m.node_id, m.title FROM meeting m JOIN node n ON n.id = m.node_id "
                                 "WHERE m.id = ?",
                          DB_I(*id));
    const char *path = NULL;
    if (db_step(st) == DB_ROW) {
        path = arena_strdup(r->arena, db_col_text(st, 0));
        *status = arena_strdup(r->arena, db_col_text(st, 1));
        *node_id = db_col_int(st, 2);
        *title = arena_strdup(r->arena, db_col_text(st, 3));
    }
    db_done(st);
    if (!path) {
        reply_error(r, 404, "not_found", NULL, "找不到这次会议", "No such meeting");
        return false;
    }
    if (!auth_require_or_reply(r, PERM_DELIB_MANAGE, path))
        return false;
    if (strcmp(*status, "published") == 0) {
        reply_error(r, 409, "minutes_published", NULL, "会议纪要已公示，不能再修改", "The minutes are published and cannot change");
        return false;
    }
    return true;
}

void api_meeting_attendance(Req *r)
{
    int64_t id, node_id, *present;
    int n;
    const char *status, *title;
    json_t *body;
    if (!meeting_managed_or_reply(r, &id, &status, &node_id, &title) || !(body = req_json_object_or_reply(r)) ||
        !int_list_or_reply(r, body, "present", &present, &n))
        return;
    JsonValue none[1];
    static const JsonField empty_spec[] = {{NULL, 0, 0, 0, 0}};
    if (!json_fields_or_reply(r, body, empty_spec, none))
        return;
    for (int i = 0; i < n; i++) {
        int64_t ok = 0;
        if (!db_int(r->db, &ok, "SELECT 1 FROM meeting_attendee WHERE id = ? AND meeting_id = ?", DB_I(present[i]), DB_I(id))) {
            reply_error(r, 400, "bad_value", "present", "出席名单中有不属于这次会议的人", "An attendee is not invited to this meeting");
            return;
        }
    }
    if (!db_exec(r->db, "UPDATE meeting_attendee SET present = 0 WHERE meeting_id = ?", DB_I(id))) {
        vote_reply_db(r);
        return;
    }
    for (int i = 0; i < n; i++)
        if (!db_exec(r->db, "UPDATE meeting_attendee SET present = 1 WHERE id = ?", DB_I(present[i]))) {
            vote_reply_db(r);
            return;
        }
    if (!db_exec(r->db, "UPDATE meeting SET status = 'held', updated_at = ? WHERE id = ?", DB_I(clock_now()), DB_I(id)) ||
        !vote_audit_or_reply(r, "meeting", id, "attendance", NULL, arena_printf(r->arena, "{\"present\":%d}", n)))
        return;
    meeting_reply(r, id, 200);
}

static const JsonField agenda_spec[] = {
    {"topic_id", JF_INT, JF_REQUIRED, 1, INT64_MAX},
    {NULL, 0, 0, 0, 0},
};

/* Puts a topic of the meeting's scope on its agenda (last), and marks an
 * open topic as on the agenda. */
void api_meeting_agenda(Req *r)
{
    int64_t id, node_id;
    const char *status, *title;
    json_t *body;
    JsonValue v[1];
    if (!meeting_managed_or_reply(r, &id, &status, &node_id, &title) || !(body = req_json_object_or_reply(r)) ||
        !json_fields_or_reply(r, body, agenda_spec, v))
        return;
    const char *scope = path_of(r, db_query(r->db, "SELECT path FROM node WHERE id = ?", DB_I(node_id)));
    if (!scope) {
        vote_reply_db(r);
        return;
    }
    if (!vote_topic_ref_or_reply(r, v[0].i, scope, "topic_id"))
        return;
    int64_t dup = 0, sort = 0;
    if (db_int(r->db, &dup, "SELECT 1 FROM meeting_item WHERE meeting_id = ? AND topic_id = ?", DB_I(id), DB_I(v[0].i))) {
        reply_error(r, 409, "conflict", "topic_id", "这个议题已在本次会议的议程中", "The topic is already on this meeting's agenda");
        return;
    }
    int64_t now = clock_now();
    if (!db_int(r->db, &sort, "SELECT COALESCE(MAX(sort), -1) + 1 FROM meeting_item WHERE meeting_id = ?", DB_I(id)) ||
        !db_exec(r->db, "INSERT INTO meeting_item (meeting_id, topic_id, sort) VALUES (?, ?, ?)", DB_I(id), DB_I(v[0].i),
                 DB_I(sort)) ||
        !db_exec(r->db, "UPDATE topic SET status = 'on_agenda', updated_at = ? WHERE id = ? AND status = 'open'", DB_I(now),
                 DB_I(v[0].i)) ||
        !db_exec(r->db, "UPDATE meeting SET updated_at = ? WHERE id = ?", DB_I(now), DB_I(id))) {
        vote_reply_db(r);
        return;
    }
    if (vote_audit_or_reply(r, "meeting", id, "agenda", NULL, arena_printf(r->arena, "{\"topic_id\":%lld}", (long long)v[0].i)))
        meeting_reply(r, id, 200);
}

static const JsonField minutes_spec[] = {
    {"minutes", JF_STRING, JF_REQUIRED, 0, 20000},
    {"decisions", JF_STRING, JF_EMPTY_OK, 0, 5000},
    {NULL, 0, 0, 0, 0},
};

void api_meeting_minutes(Req *r)
{
    int64_t id, node_id;
    const char *status, *title;
    json_t *body;
    JsonValue v[2];
    if (!meeting_managed_or_reply(r, &id, &status, &node_id, &title) || !(body = req_json_object_or_reply(r)) ||
        !json_fields_or_reply(r, body, minutes_spec, v))
        return;
    if (!db_exec(r->db, "UPDATE meeting SET minutes = ?, decisions = ?, status = 'held', updated_at = ? WHERE id = ?",
                 DB_T(v[0].s), DB_T(v[1].present ? v[1].s : ""), DB_I(clock_now()), DB_I(id)) ||
        !vote_audit_or_reply(r, "meeting", id, "minutes", NULL, NULL))
        return;
    meeting_reply(r, id, 200);
}

/* Approves the minutes and publishes them as a notice. */
void api_meeting_publish(Req *r)
{
    int64_t id, node_id;
    const char *status, *title;
    if (!meeting_managed_or_reply(r, &id, &status, &node_id, &title))
        return;
    DbStmt *st = db_query(r->db, "SELECT minutes, decisions FROM meeting WHERE id = ?", DB_I(id));
    const char *minutes = NULL, *decisions = NULL;
    if (db_step(st) == DB_ROW) {
        minutes = arena_strdup(r->arena, db_col_text(st, 0));
        decisions = arena_strdup(r->arena, db_col_text(st, 1));
    }
    db_done(st);
    if (!minutes || !minutes[0]) {
        reply_error(r, 409, "no_minutes", NULL, "请先填写会议纪要", "Write the minutes first");
        return;
    }
    Buf b = BUF_INIT;
    buf_puts(&b, minutes);
    if (decisions && decisions[0]) {
        buf_puts(&b, "\n\n决议：\n");
        buf_puts(&b, decisions);
    }
    int64_t notice = notice_publish(r->db, vote_actor(r), node_id, "minutes", arena_printf(r->arena, "会议纪要：%s", title),
                                    buf_str(&b), 0, 0, "meeting", id);
    buf_free(&b);
    if (notice <= 0 ||
        !db_exec(r->db, "UPDATE meeting SET status = 'published', minutes_approved_by = ?, notice_id = ?, updated_at = ? "
                        "WHERE id = ?",
                 DB_I(vote_actor(r)), DB_I(notice), DB_I(clock_now()), DB_I(id)) ||
        !vote_audit_or_reply(r, "meeting", id, "publish", NULL, arena_printf(r->arena, "{\"notice_id\":%lld}", (long long)notice)))
        return;
    meeting_reply(r, id, 200);
}
