/* delib_api.c: the JSON API of deliberation's topics and meetings (agenda,
 * attendance, minutes, publication): parse, check the permission, call the
 * model (vote/delib.h), render. */
#include "vote/vote.h"
#include "vote/web_int.h"
#include "vote/delib.h"
#include "vote/web_delib.h"

#include <stdlib.h>
#include <string.h>

#include "site/site.h"
#include "core/clock.h"
#include "grid/web.h"
#include "http/jsonin.h"

/* Residents take part in what concerns a place they belong to
 * (delib_may_take_part), after PERM_TREE_READ on it. */
static bool concerns_or_reply(Req *r, Perm perm, const char *path)
{
    if (!auth_require_or_reply(r, PERM_TREE_READ, path))
        return false;
    if (delib_may_take_part(r->who, perm, path))
        return true;
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
    return !node || delib_paths_related(path, n->path);
}

/* ---- topics ------------------------------------------------------------------ */

static void topic_json(Buf *b, const Topic *t)
{
    char at[26];
    clock_format_iso(t->created_at, at);
    buf_printf(b,
               "{\"id\":%lld,\"node_id\":%lld,\"node_name\":%j,\"title\":%j,\"body\":%j,\"source\":%j,\"status\":%j,"
               "\"created_at\":%j,\"supporters\":%lld,\"comments\":%lld}",
               (long long)t->id, (long long)t->node_id, t->node_name, t->title, t->body, t->source, t->status, at,
               (long long)t->supporters, (long long)t->comments);
}

void api_topics_list(Req *r)
{
    int64_t node;
    NodeInfo n;
    if (!node_filter_or_reply(r, &node, &n))
        return;
    Ctx c = site_ctx(r);
    VoteErr e;
    Topic *t;
    int nt;
    if (!delib_topics_list(&c, &t, &nt, &e)) {
        vote_err_reply(r, &e);
        return;
    }
    resp_json(r);
    buf_puts(&r->out, "{\"items\":[");
    int k = 0;
    for (int i = 0; i < nt; i++) {
        if (!listed(r, node, &n, t[i].node_path))
            continue;
        if (k++)
            buf_putc(&r->out, ',');
        topic_json(&r->out, &t[i]);
    }
    buf_printf(&r->out, "],\"page\":1,\"per_page\":%d,\"total\":%d}", k, k);
}

static bool topic_reply(Req *r, int64_t id, int status)
{
    Ctx c = site_ctx(r);
    VoteErr e;
    Topic t;
    TopicComment *cm;
    int n;
    if (!delib_topic_get(&c, id, &t, &e)) {
        vote_err_reply(r, &e);
        return false;
    }
    if (!auth_require_or_reply(r, PERM_TREE_READ, t.node_path))
        return false;
    if (!delib_topic_comments(&c, id, &cm, &n, &e)) {
        vote_err_reply(r, &e);
        return false;
    }
    /* commenters by name only to those who run deliberation (and to themselves) */
    bool full = delib_may_manage(r->who, t.node_path);
    Buf b = BUF_INIT;
    buf_puts(&b, ",\"comment_list\":[");
    for (int i = 0, k = 0; i < n; i++) {
        const char *name = NULL, *home = NULL;
        bool found;
        if (!delib_commenter(&c, cm[i].user_id, &name, &home, &found, &e)) {
            buf_free(&b);
            vote_err_reply(r, &e);
            return false;
        }
        if (!found)
            continue;
        char at[26];
        clock_format_iso(cm[i].created_at, at);
        bool mine = cm[i].user_id == ctx_actor(&c);
        buf_printf(&b, "%s{\"id\":%lld,\"by\":%j,\"mine\":%s,\"body\":%j,\"created_at\":%j}", k++ ? "," : "",
                   (long long)cm[i].id, vote_commenter_label(r->arena, name, home, full || mine), mine ? "true" : "false",
                   cm[i].body, at);
    }
    buf_puts(&b, "]}");
    r->status = status;
    resp_json(r);
    topic_json(&r->out, &t);
    r->out.data[--r->out.len] = '\0'; /* reopen the object to add the comments */
    buf_puts(&r->out, buf_str(&b));
    buf_free(&b);
    return true;
}

static const JsonField topic_spec[] = {
    {"node_id", JF_INT, JF_REQUIRED, 1, INT64_MAX},
    {"title", JF_STRING, JF_REQUIRED, 0, 200},
    {"body", JF_STRING, JF_EMPTY_OK, 0, 5000},
    {"source", JF_STRING, 0, 0, 20},
    {NULL, 0, 0, 0, 0},
};

int64_t delib_topic_create_run(Req *r)
{
    json_t *body = req_json_object_or_reply(r);
    JsonValue v[4];
    NodeInfo n;
    if (!body || !json_fields_or_reply(r, body, topic_spec, v) || !vote_scope_or_reply(r, v[0].i, &n) ||
        !concerns_or_reply(r, PERM_TOPIC_PROPOSE, n.path))
        return 0;
    const char *source = v[3].present ? v[3].s : "online";
    VoteErr e;
    if (!delib_topic_source_valid(source)) {
        delib_err(&e, VM_TOPIC_BAD_SOURCE, "source");
        vote_err_reply(r, &e);
        return 0;
    }
    /* Topics from the notice board are typed in by those who run deliberation. */
    if (strcmp(source, "online") != 0 && !auth_require_or_reply(r, PERM_DELIB_MANAGE, n.path))
        return 0;
    Ctx c = site_ctx(r);
    int64_t id;
    if (!delib_topic_create(&c, n.id, v[1].s, v[2].present ? v[2].s : "", source, &id, &e)) {
        vote_err_reply(r, &e);
        return 0;
    }
    return id;
}

void api_topic_create(Req *r)
{
    int64_t id = delib_topic_create_run(r);
    if (id)
        topic_reply(r, id, 201);
}

void api_topic_get(Req *r)
{
    int64_t id;
    if (req_param_id_or_reply(r, "id", &id))
        topic_reply(r, id, 200);
}

/* The topic of the route, and the caller's right to take part in it. */
static bool topic_taking_part_or_reply(Req *r, int64_t *id)
{
    Ctx c = site_ctx(r);
    VoteErr e;
    Topic t;
    if (!req_param_id_or_reply(r, "id", id))
        return false;
    if (!delib_topic_get(&c, *id, &t, &e)) {
        vote_err_reply(r, &e);
        return false;
    }
    return concerns_or_reply(r, PERM_TOPIC_PROPOSE, t.node_path);
}

int64_t delib_topic_support_run(Req *r)
{
    int64_t id;
    if (!topic_taking_part_or_reply(r, &id))
        return 0;
    Ctx c = site_ctx(r);
    VoteErr e;
    if (!delib_topic_support(&c, id, &e)) {
        vote_err_reply(r, &e);
        return 0;
    }
    return id;
}

void api_topic_support(Req *r)
{
    int64_t id = delib_topic_support_run(r);
    if (id)
        topic_reply(r, id, 200);
}

static const JsonField comment_spec[] = {
    {"body", JF_STRING, JF_REQUIRED, 0, 2000},
    {NULL, 0, 0, 0, 0},
};

int64_t delib_topic_comment_run(Req *r)
{
    int64_t id, cid;
    json_t *body;
    JsonValue v[1];
    if (!topic_taking_part_or_reply(r, &id) || !(body = req_json_object_or_reply(r)) ||
        !json_fields_or_reply(r, body, comment_spec, v))
        return 0;
    Ctx c = site_ctx(r);
    VoteErr e;
    if (!delib_topic_comment(&c, id, v[0].s, &cid, &e)) {
        vote_err_reply(r, &e);
        return 0;
    }
    return id;
}

void api_topic_comment(Req *r)
{
    int64_t id = delib_topic_comment_run(r);
    if (id)
        topic_reply(r, id, 201);
}

/* ---- meetings ------------------------------------------------------------------ */

static bool meeting_reply(Req *r, int64_t id, int status)
{
    Ctx c = site_ctx(r);
    VoteErr e;
    Meeting m;
    MeetingAgendaItem *ag;
    MeetingAttendee *at;
    int n_ag, n_at;
    if (!delib_meeting_get(&c, id, &m, &e)) {
        vote_err_reply(r, &e);
        return false;
    }
    if (!auth_require_or_reply(r, PERM_TREE_READ, m.node_path))
        return false;
    if (!delib_meeting_agenda(&c, id, &ag, &n_ag, &e) || !delib_meeting_attendees(&c, id, &at, &n_at, &e)) {
        vote_err_reply(r, &e);
        return false;
    }
    bool published = strcmp(m.status, "published") == 0;
    bool show_minutes = delib_may_see_minutes(r->who, m.node_path, published);
    char starts[26];
    clock_format_iso(m.starts_at, starts);
    r->status = status;
    resp_json(r);
    buf_printf(&r->out,
               "{\"id\":%lld,\"node_id\":%lld,\"node_name\":%j,\"kind\":%j,\"kind_zh\":%j,\"title\":%j,\"starts_at\":%j,"
               "\"place\":%j,\"status\":%j,\"minutes\":%j,\"decisions\":%j,\"notice_id\":%lld,\"work_order_id\":%lld",
               (long long)m.id, (long long)m.node_id, m.node_name, m.kind, delib_meeting_kind_zh(m.kind), m.title, starts,
               m.place, m.status, show_minutes ? m.minutes : NULL, show_minutes ? m.decisions : NULL,
               (long long)m.notice_id, (long long)m.work_order_id);
    buf_puts(&r->out, ",\"agenda\":[");
    for (int k = 0; k < n_ag; k++)
        buf_printf(&r->out, "%s{\"topic_id\":%lld,\"title\":%j}", k ? "," : "", (long long)ag[k].topic_id, ag[k].title);
    buf_puts(&r->out, "],\"attendees\":[");
    for (int k = 0; k < n_at; k++)
        buf_printf(&r->out, "%s{\"id\":%lld,\"name\":%j,\"represents\":%j,\"present\":%s,\"org_id\":%lld,\"user_id\":%lld}",
                   k ? "," : "", (long long)at[k].id, at[k].name, at[k].represents, at[k].present ? "true" : "false",
                   (long long)at[k].org_id, (long long)at[k].user_id);
    buf_puts(&r->out, "]}");
    return true;
}

void api_meetings_list(Req *r)
{
    int64_t node, page, per_page, after;
    NodeInfo n;
    if (!node_filter_or_reply(r, &node, &n) || !req_keyset_or_reply(r, &page, &per_page, &after))
        return;
    Ctx c = site_ctx(r);
    VoteErr e;
    int64_t *ids = NULL;
    int k = 0;
    VotePaging pg = {page, per_page, after};
    VotePageInfo info;
    if (!vote_meeting_list_page(&c, node ? n.path : NULL, &pg, &ids, &k, &info)) {
        vote_reply_db(r);
        return;
    }
    if (info.bad_cursor) {
        vote_err_reply(r, &(VoteErr){VM_BAD_CURSOR, "after", NULL});
        return;
    }
    resp_json(r);
    buf_puts(&r->out, "{\"items\":[");
    for (int i = 0; i < k; i++) {
        Meeting m;
        if (!delib_meeting_get(&c, ids[i], &m, &e)) {
            buf_reset(&r->out);
            vote_err_reply(r, &e);
            return;
        }
        char at[26];
        clock_format_iso(m.starts_at, at);
        buf_printf(&r->out,
                   "%s{\"id\":%lld,\"node_id\":%lld,\"node_name\":%j,\"kind\":%j,\"kind_zh\":%j,\"title\":%j,"
                   "\"starts_at\":%j,\"status\":%j}",
                   i ? "," : "", (long long)m.id, (long long)m.node_id, m.node_name, m.kind,
                   delib_meeting_kind_zh(m.kind), m.title, at, m.status);
    }
    resp_list_tail(&r->out, page, per_page, info.total, info.capped, info.next);
    buf_putc(&r->out, '}');
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

int64_t delib_meeting_create_run(Req *r)
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
        return 0;
    MeetingNew in = {
        .node_id = n.id,
        .kind = v[1].s,
        .title = v[2].s,
        .place = v[4].present ? v[4].s : "",
        .starts_at = v[3].i,
        .work_order_id = v[6].present ? v[6].i : 0,
        .topic_ids = topics,
        .n_topics = n_topics,
        .org_ids = org_ids,
        .user_ids = user_ids,
        .n_org_ids = n_orgs,
        .n_user_ids = n_users,
        .others = v[5].present ? v[5].list : NULL,
        .n_others = v[5].present ? v[5].n_list : 0,
    };
    Ctx c = site_ctx(r);
    VoteErr e;
    int64_t id;
    if (!delib_meeting_create(&c, &in, n.path, &id, &e)) {
        vote_err_reply(r, &e);
        return 0;
    }
    return id;
}

void api_meeting_create(Req *r)
{
    int64_t id = delib_meeting_create_run(r);
    if (id)
        meeting_reply(r, id, 201);
}

void api_meeting_get(Req *r)
{
    int64_t id;
    if (req_param_id_or_reply(r, "id", &id))
        meeting_reply(r, id, 200);
}

/* The meeting of the route, with DELIB_MANAGE checked on its place and its
 * minutes not yet published. */
static bool meeting_managed_or_reply(Req *r, Meeting *m)
{
    int64_t id;
    if (!req_param_id_or_reply(r, "id", &id))
        return false;
    Ctx c = site_ctx(r);
    VoteErr e;
    if (!delib_meeting_get(&c, id, m, &e)) {
        vote_err_reply(r, &e);
        return false;
    }
    if (!auth_require_or_reply(r, PERM_DELIB_MANAGE, m->node_path))
        return false;
    if (!delib_meeting_may_change(m, &e)) {
        vote_err_reply(r, &e);
        return false;
    }
    return true;
}

int64_t delib_meeting_attendance_run(Req *r)
{
    Meeting m;
    int64_t *present;
    int n;
    json_t *body;
    if (!meeting_managed_or_reply(r, &m) || !(body = req_json_object_or_reply(r)) ||
        !int_list_or_reply(r, body, "present", &present, &n))
        return 0;
    JsonValue none[1];
    static const JsonField empty_spec[] = {{NULL, 0, 0, 0, 0}};
    if (!json_fields_or_reply(r, body, empty_spec, none))
        return 0;
    Ctx c = site_ctx(r);
    VoteErr e;
    if (!delib_meeting_attendance(&c, &m, present, n, &e)) {
        vote_err_reply(r, &e);
        return 0;
    }
    return m.id;
}

void api_meeting_attendance(Req *r)
{
    int64_t id = delib_meeting_attendance_run(r);
    if (id)
        meeting_reply(r, id, 200);
}

static const JsonField agenda_spec[] = {
    {"topic_id", JF_INT, JF_REQUIRED, 1, INT64_MAX},
    {NULL, 0, 0, 0, 0},
};

/* Puts a topic of the meeting's scope on its agenda (last), and marks an
 * open topic as on the agenda. */
int64_t delib_meeting_agenda_run(Req *r)
{
    Meeting m;
    json_t *body;
    JsonValue v[1];
    if (!meeting_managed_or_reply(r, &m) || !(body = req_json_object_or_reply(r)) ||
        !json_fields_or_reply(r, body, agenda_spec, v))
        return 0;
    Ctx c = site_ctx(r);
    VoteErr e;
    if (!delib_meeting_agenda_add(&c, &m, v[0].i, &e)) {
        vote_err_reply(r, &e);
        return 0;
    }
    return m.id;
}

void api_meeting_agenda(Req *r)
{
    int64_t id = delib_meeting_agenda_run(r);
    if (id)
        meeting_reply(r, id, 200);
}

static const JsonField minutes_spec[] = {
    {"minutes", JF_STRING, JF_REQUIRED, 0, 20000},
    {"decisions", JF_STRING, JF_EMPTY_OK, 0, 5000},
    {NULL, 0, 0, 0, 0},
};

int64_t delib_meeting_minutes_run(Req *r)
{
    Meeting m;
    json_t *body;
    JsonValue v[2];
    if (!meeting_managed_or_reply(r, &m) || !(body = req_json_object_or_reply(r)) ||
        !json_fields_or_reply(r, body, minutes_spec, v))
        return 0;
    Ctx c = site_ctx(r);
    VoteErr e;
    if (!delib_meeting_minutes(&c, &m, v[0].s, v[1].present ? v[1].s : "", &e)) {
        vote_err_reply(r, &e);
        return 0;
    }
    return m.id;
}

void api_meeting_minutes(Req *r)
{
    int64_t id = delib_meeting_minutes_run(r);
    if (id)
        meeting_reply(r, id, 200);
}

/* Approves the minutes and publishes them as a notice. */
int64_t delib_meeting_publish_run(Req *r)
{
    Meeting m;
    if (!meeting_managed_or_reply(r, &m))
        return 0;
    Ctx c = site_ctx(r);
    VoteErr e;
    int64_t notice;
    if (!delib_meeting_publish(&c, &m, &notice, &e)) {
        vote_err_reply(r, &e);
        return 0;
    }
    return m.id;
}

void api_meeting_publish(Req *r)
{
    int64_t id = delib_meeting_publish_run(r);
    if (id)
        meeting_reply(r, id, 200);
}
