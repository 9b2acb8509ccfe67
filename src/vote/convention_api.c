/* convention_api.c: conventions (院落公约) drafted in the open — versions,
 * comments per clause, a final vote — and decisions moved step by step
 * through 提议→讨论→表决→公示 or 一征三议两公开. */
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

bool vote_clause_next(const char **cursor, const char **line, size_t *len)
{
    for (const char *p = *cursor; p && *p;) {
        const char *e = strchr(p, '\n');
        size_t n = e ? (size_t)(e - p) : strlen(p);
        const char *next = p + n + (e ? 1 : 0);
        for (size_t i = 0; i < n; i++) {
            if (p[i] != ' ' && p[i] != '\r' && p[i] != '\t') {
                *cursor = next;
                *line = p;
                *len = n;
                return true;
            }
        }
        p = next;
    }
    return false;
}

/* Number of clauses of a text. */
static int clause_count(const char *body)
{
    int n = 0;
    const char *line;
    size_t len;
    while (vote_clause_next(&body, &line, &len))
        n++;
    return n;
}

typedef struct Conv {
    int64_t id, node_id, vote_id;
    const char *path, *title, *status;
    int version;
} Conv;

static bool conv_load_or_reply(Req *r, Perm perm, Conv *c)
{
    int64_t id;
    if (!req_param_id_or_reply(r, "id", &id))
        return false;
    DbStmt *st = db_query(r->db,
                          "SELECT c.id, c.node_id, n.path, c.title, c.status, c.vote_id, "
                          "(SELECT MAX(v.version) FROM convention_version v WHERE v.convention_id = c.id) "
                          "FROM convention c JOIN node n ON n.id = c.node_id WHERE c.id = ?",
                          DB_I(id));
    bool found = db_step(st) == DB_ROW;
    if (found) {
        c->id = db_col_int(st, 0);
        c->node_id = db_col_int(st, 1);
        c->path = arena_strdup(r->arena, db_col_text(st, 2));
        c->title = arena_strdup(r->arena, db_col_text(st, 3));
        c->status = arena_strdup(r->arena, db_col_text(st, 4));
        c->vote_id = db_col_null(st, 5) ? 0 : db_col_int(st, 5);
        c->version = db_col_null(st, 6) ? 0 : (int)db_col_int(st, 6);
    }
    db_done(st);
    if (!found) {
        reply_error(r, 404, "not_found", NULL, "找不到这份公约", "No such convention");
        return false;
    }
    return auth_require_or_reply(r, perm, c->path);
}

static bool conv_reply(Req *r, int64_t id, int status)
{
    Conv c;
    DbStmt *st = db_query(r->db,
                          "SELECT c.id, c.node_id, n.path, c.title, c.status, c.vote_id, n.name "
                          "FROM convention c JOIN node n ON n.id = c.node_id WHERE c.id = ?",
                          DB_I(id));
    bool found = db_step(st) == DB_ROW;
    const char *node_name = NULL;
    if (found) {
        c.id = db_col_int(st, 0);
        c.node_id = db_col_int(st, 1);
        c.path = arena_strdup(r->arena, db_col_text(st, 2));
        c.title = arena_strdup(r->arena, db_col_text(st, 3));
        c.status = arena_strdup(r->arena, db_col_text(st, 4));
        c.vote_id = db_col_null(st, 5) ? 0 : db_col_int(st, 5);
        node_name = arena_strdup(r->arena, db_col_text(st, 6));
    }
    db_done(st);
    if (!found) {
        reply_error(r, 404, "not_found", NULL, "找不到这份公约", "No such convention");
        return false;
    }
    if (!auth_require_or_reply(r, PERM_TREE_READ, c.path))
        return false;
    r->status = status;
    resp_json(r);
    buf_printf(&r->out, "{\"id\":%lld,\"node_id\":%lld,\"node_name\":%j,\"title\":%j,\"status\":%j,\"vote_id\":%lld,\"versions\":[",
               (long long)c.id, (long long)c.node_id, node_name, c.title, c.status, (long long)c.vote_id);
    st = db_query(r->db, "SELECT version, body, note, created_at FROM convention_version WHERE convention_id = ? ORDER BY version",
                  DB_I(id));
    for (int k = 0; db_step(st) == DB_ROW; k++) {
        char at[26];
        clock_format_iso(db_col_int(st, 3), at);
        buf_printf(&r->out, "%s{\"version\":%lld,\"body\":%j,\"note\":%j,\"clauses\":%d,\"created_at\":%j}", k ? "," : "",
                   (long long)db_col_int(st, 0), db_col_text(st, 1), db_col_text(st, 2), clause_count(db_col_text(st, 1)), at);
    }
    db_done(st);
    buf_puts(&r->out, "],\"comments\":[");
    /* commenters by name only to those who run deliberation (and to themselves) */
    bool full = perm_allows(r->who, PERM_DELIB_MANAGE, c.path);
    st = db_query(r->db,
                  "SELECT c.id, c.version, c.clause, u.display_name, c.body, c.created_at, COALESCE("
                  "(SELECT b.name || un.name FROM role_grant g JOIN household h ON h.node_id = g.node_id JOIN node b ON b.id = h.building_id "
                  "JOIN node un ON un.id = h.unit_id WHERE g.user_id = u.id ORDER BY g.id LIMIT 1), "
                  "(SELECT b.name || un.name FROM person p JOIN household h ON h.node_id = p.household_id JOIN node b ON b.id = h.building_id "
                  "JOIN node un ON un.id = h.unit_id WHERE p.id = u.person_id)), c.user_id "
                  "FROM convention_comment c JOIN app_user u ON u.id = c.user_id WHERE c.convention_id = ? "
                  "ORDER BY c.version, c.clause, c.id",
                  DB_I(id));
    for (int k = 0; db_step(st) == DB_ROW; k++) {
        char at[26];
        clock_format_iso(db_col_int(st, 5), at);
        bool mine = db_col_int(st, 7) == vote_actor(r);
        buf_printf(&r->out,
                   "%s{\"id\":%lld,\"version\":%lld,\"clause\":%lld,\"by\":%j,\"mine\":%s,\"body\":%j,\"created_at\":%j}",
                   k ? "," : "", (long long)db_col_int(st, 0), (long long)db_col_int(st, 1), (long long)db_col_int(st, 2),
                   vote_commenter_label(r->arena, db_col_text(st, 3), db_col_text(st, 6), full || mine), mine ? "true" : "false",
                   db_col_text(st, 4), at);
    }
    db_done(st);
    buf_puts(&r->out, "]}");
    return true;
}

void api_conventions_list(Req *r)
{
    if (!auth_require_or_reply(r, PERM_TREE_READ, NULL))
        return;
    DbStmt *st = db_query(r->db, "SELECT c.id, n.path, c.title, c.status, n.name, c.node_id FROM convention c "
                                 "JOIN node n ON n.id = c.node_id ORDER BY c.id DESC");
    resp_json(r);
    buf_puts(&r->out, "{\"items\":[");
    int k = 0;
    while (db_step(st) == DB_ROW) {
        if (!perm_allows(r->who, PERM_TREE_READ, db_col_text(st, 1)))
            continue;
        buf_printf(&r->out, "%s{\"id\":%lld,\"node_id\":%lld,\"node_name\":%j,\"title\":%j,\"status\":%j}", k++ ? "," : "",
                   (long long)db_col_int(st, 0), (long long)db_col_int(st, 5), db_col_text(st, 4), db_col_text(st, 2),
                   db_col_text(st, 3));
    }
    db_done(st);
    buf_printf(&r->out, "],\"page\":1,\"per_page\":%d,\"total\":%d}", k, k);
}

static const JsonField conv_spec[] = {
    {"node_id", JF_INT, JF_REQUIRED, 1, INT64_MAX},
    {"title", JF_STRING, JF_REQUIRED, 0, 200},
    {"body", JF_STRING, JF_REQUIRED, 0, 20000},
    {NULL, 0, 0, 0, 0},
};

void api_convention_create(Req *r)
{
    json_t *body = req_json_object_or_reply(r);
    JsonValue v[3];
    NodeInfo n;
    if (!body || !json_fields_or_reply(r, body, conv_spec, v))
        return;
    if (!vote_scope_or_reply(r, v[0].i, &n) || !auth_require_or_reply(r, PERM_DELIB_MANAGE, n.path))
        return;
    int64_t now = clock_now(), id = 0;
    if (!db_int(r->db, &id,
                "INSERT INTO convention (node_id, title, status, created_by, created_at, updated_at) "
                "VALUES (?, ?, 'drafting', ?, ?, ?) RETURNING id",
                DB_I(n.id), DB_T(v[1].s), DB_I(vote_actor(r)), DB_I(now), DB_I(now)) || id <= 0 ||
        !db_exec(r->db,
                 "INSERT INTO convention_version (convention_id, version, body, note, created_by, created_at) "
                 "VALUES (?, 1, ?, '初稿', ?, ?)",
                 DB_I(id), DB_T(v[2].s), DB_I(vote_actor(r)), DB_I(now))) {
        vote_reply_internal(r);
        return;
    }
    if (vote_audit_or_reply_internal(r, "convention", id, "draft", arena_printf(r->arena, "{\"title\":%j}", v[1].s)))
        conv_reply(r, id, 201);
}

void api_convention_get(Req *r)
{
    int64_t id;
    if (req_param_id_or_reply(r, "id", &id))
        conv_reply(r, id, 200);
}

static bool drafting_or_reply(Req *r, const Conv *c)
{
    if (strcmp(c->status, "drafting") == 0)
        return true;
    reply_error(r, 409, "conflict", "status", "公约已交付表决，文本不能再改", "The convention is put to the vote; its text is final");
    return false;
}

static const JsonField version_spec[] = {
    {"body", JF_STRING, JF_REQUIRED, 0, 20000},
    {"note", JF_STRING, JF_EMPTY_OK, 0, 500},
    {NULL, 0, 0, 0, 0},
};

/* A new version: the merged text after comments. Versions are never changed. */
void api_convention_version(Req *r)
{
    Conv c;
    json_t *body;
    JsonValue v[2];
    if (!conv_load_or_reply(r, PERM_DELIB_MANAGE, &c) || !drafting_or_reply(r, &c) ||
        !(body = req_json_object_or_reply(r)) || !json_fields_or_reply(r, body, version_spec, v))
        return;
    int64_t now = clock_now();
    if (!db_exec(r->db,
                 "INSERT INTO convention_version (convention_id, version, body, note, created_by, created_at) "
                 "VALUES (?, ?, ?, ?, ?, ?)",
                 DB_I(c.id), DB_I(c.version + 1), DB_T(v[0].s), DB_T(v[1].present ? v[1].s : ""), DB_I(vote_actor(r)),
                 DB_I(now)) ||
        !db_exec(r->db, "UPDATE convention SET updated_at = ? WHERE id = ?", DB_I(now), DB_I(c.id))) {
        vote_reply_internal(r);
        return;
    }
    if (vote_audit_or_reply_internal(r, "convention", c.id, "version", arena_printf(r->arena, "{\"version\":%d}", c.version + 1)))
        conv_reply(r, c.id, 201);
}

static const JsonField conv_comment_spec[] = {
    {"version", JF_INT, JF_REQUIRED, 1, 100000},
    {"clause", JF_INT, JF_REQUIRED, 1, 100000},
    {"body", JF_STRING, JF_REQUIRED, 0, 2000},
    {NULL, 0, 0, 0, 0},
};

void api_convention_comment(Req *r)
{
    Conv c;
    json_t *body;
    JsonValue v[3];
    if (!conv_load_or_reply(r, PERM_TREE_READ, &c) || !auth_require_or_reply(r, PERM_TOPIC_PROPOSE, NULL) ||
        !drafting_or_reply(r, &c) || !(body = req_json_object_or_reply(r)) ||
        !json_fields_or_reply(r, body, conv_comment_spec, v))
        return;
    const char *text = NULL;
    DbStmt *st = db_query(r->db, "SELECT body FROM convention_version WHERE convention_id = ? AND version = ?", DB_I(c.id),
                          DB_I(v[0].i));
    if (db_step(st) == DB_ROW)
        text = arena_strdup(r->arena, db_col_text(st, 0));
    db_done(st);
    if (!text) {
        reply_error(r, 400, "bad_value", "version", "没有这一稿", "No such version");
        return;
    }
    if (v[1].i > clause_count(text)) {
        reply_error(r, 400, "bad_value", "clause", "这一稿没有这一条", "This version has no such clause");
        return;
    }
    if (!db_exec(r->db,
                 "INSERT INTO convention_comment (convention_id, version, clause, user_id, body, created_at) VALUES (?, ?, ?, ?, ?, ?)",
                 DB_I(c.id), DB_I(v[0].i), DB_I(v[1].i), DB_I(vote_actor(r)), DB_T(v[2].s), DB_I(clock_now()))) {
        vote_reply_internal(r);
        return;
    }
    if (vote_audit_or_reply_internal(r, "convention", c.id, "comment",
                                     arena_printf(r->arena, "{\"version\":%lld,\"clause\":%lld}", (long long)v[0].i, (long long)v[1].i)))
        conv_reply(r, c.id, 201);
}

static const JsonField conv_vote_spec[] = {
    {"quorum_pct", JF_INT, 0, 0, 100},
    {NULL, 0, 0, 0, 0},
};

/* Puts the latest version to a vote of all households of the scope (a
 * majority of votes cast); the vote is created as a draft to be opened. */
void api_convention_vote(Req *r)
{
    Conv c;
    JsonValue v[1] = {{0}};
    if (!conv_load_or_reply(r, PERM_DELIB_MANAGE, &c) || !drafting_or_reply(r, &c))
        return;
    if (r->body_len > 0) {
        json_t *body = req_json_object_or_reply(r);
        if (!body || !json_fields_or_reply(r, body, conv_vote_spec, v))
            return;
    }
    const char *text = NULL;
    DbStmt *st = db_query(r->db, "SELECT body FROM convention_version WHERE convention_id = ? AND version = ?", DB_I(c.id),
                          DB_I(c.version));
    if (db_step(st) == DB_ROW)
        text = arena_strdup(r->arena, db_col_text(st, 0));
    db_done(st);
    int64_t now = clock_now(), vid = 0;
    if (!db_int(r->db, &vid,
                "INSERT INTO vote (node_id, title, body, kind, method, secret, electorate, quorum_pct, nonvoters_yes, "
                "status, created_by, created_at, updated_at) "
                "VALUES (?, ?, ?, 'simple', 'yes_no', 0, 'households', ?, 0, 'draft', ?, ?, ?) RETURNING id",
                DB_I(c.node_id), DB_T(arena_printf(r->arena, "公约表决：%s（第%d稿）", c.title, c.version)),
                DB_T(text ? text : ""), DB_I(v[0].present ? v[0].i : 50), DB_I(vote_actor(r)), DB_I(now), DB_I(now)) ||
        vid <= 0 ||
        !db_exec(r->db, "UPDATE convention SET status = 'voting', vote_id = ?, updated_at = ? WHERE id = ?", DB_I(vid),
                 DB_I(now), DB_I(c.id))) {
        vote_reply_internal(r);
        return;
    }
    if (vote_audit_or_reply_internal(r, "convention", c.id, "to_vote", arena_printf(r->arena, "{\"vote_id\":%lld}", (long long)vid)))
        conv_reply(r, c.id, 201);
}

/* ---- decisions ---------------------------------------------------------------- */

static bool decision_reply(Req *r, int64_t id, int status)
{
    DbStmt *st = db_query(r->db,
                          "SELECT d.id, d.node_id, n.name, n.path, d.title, d.template, d.stage, d.vote_id, d.topic_id "
                          "FROM decision d JOIN node n ON n.id = d.node_id WHERE d.id = ?",
                          DB_I(id));
    if (db_step(st) != DB_ROW) {
        db_done(st);
        reply_error(r, 404, "not_found", NULL, "找不到这项决策", "No such decision");
        return false;
    }
    if (!auth_require_or_reply(r, PERM_TREE_READ, db_col_text(st, 3))) {
        db_done(st);
        return false;
    }
    int n;
    const char *tmpl = arena_strdup(r->arena, db_col_text(st, 5));
    const DecisionStep *steps = decision_steps(tmpl, &n);
    int stage = (int)db_col_int(st, 6);
    r->status = status;
    resp_json(r);
    buf_printf(&r->out,
               "{\"id\":%lld,\"node_id\":%lld,\"node_name\":%j,\"title\":%j,\"template\":%j,\"stage\":%d,\"done\":%s,"
               "\"vote_id\":%lld,\"topic_id\":%lld,\"steps\":[",
               (long long)db_col_int(st, 0), (long long)db_col_int(st, 1), db_col_text(st, 2), db_col_text(st, 4), tmpl,
               stage, stage >= n ? "true" : "false", (long long)(db_col_null(st, 7) ? 0 : db_col_int(st, 7)),
               (long long)(db_col_null(st, 8) ? 0 : db_col_int(st, 8)));
    db_done(st);
    for (int i = 0; i < n; i++) {
        buf_printf(&r->out, "%s{\"stage\":%d,\"key\":%j,\"name_zh\":%j,\"name_en\":%j,\"needs_vote\":%s,\"publishes\":%j,",
                   i ? "," : "", i, steps[i].key, steps[i].zh, steps[i].en, steps[i].needs_vote ? "true" : "false",
                   steps[i].publishes);
        st = db_query(r->db, "SELECT note, notice_id, done_at FROM decision_step WHERE decision_id = ? AND stage = ?", DB_I(id),
                      DB_I(i));
        if (db_step(st) == DB_ROW) {
            char at[26];
            clock_format_iso(db_col_int(st, 2), at);
            buf_printf(&r->out, "\"done\":true,\"note\":%j,\"notice_id\":%lld,\"done_at\":%j}", db_col_text(st, 0),
                       (long long)(db_col_null(st, 1) ? 0 : db_col_int(st, 1)), at);
        } else {
            buf_puts(&r->out, "\"done\":false}");
        }
        db_done(st);
    }
    buf_puts(&r->out, "]}");
    return true;
}

static const JsonField decision_spec[] = {
    {"node_id", JF_INT, JF_REQUIRED, 1, INT64_MAX},
    {"title", JF_STRING, JF_REQUIRED, 0, 200},
    {"template", JF_STRING, 0, 0, 20},
    {"topic_id", JF_INT, JF_NULLABLE, 1, INT64_MAX},
    {NULL, 0, 0, 0, 0},
};

void api_decision_create(Req *r)
{
    json_t *body = req_json_object_or_reply(r);
    JsonValue v[4];
    NodeInfo n;
    if (!body || !json_fields_or_reply(r, body, decision_spec, v))
        return;
    if (!vote_scope_or_reply(r, v[0].i, &n) || !auth_require_or_reply(r, PERM_DELIB_MANAGE, n.path))
        return;
    const char *tmpl = v[2].present ? v[2].s : "standard";
    if (!decision_template_valid(tmpl)) {
        reply_error(r, 400, "bad_value", "template", "流程应为 standard（提议讨论表决公示）或 yizheng（一征三议两公开）",
                    "template must be standard or yizheng");
        return;
    }
    if (v[3].present && !vote_topic_ref_or_reply(r, v[3].i, n.path, "topic_id"))
        return;
    int64_t now = clock_now(), id = 0;
    if (!db_int(r->db, &id,
                "INSERT INTO decision (node_id, topic_id, title, template, stage, created_by, created_at, updated_at) "
                "VALUES (?, ?, ?, ?, 0, ?, ?, ?) RETURNING id",
                DB_I(n.id), v[3].present ? DB_I(v[3].i) : DB_NULL, DB_T(v[1].s), DB_T(tmpl), DB_I(vote_actor(r)),
                DB_I(now), DB_I(now)) || id <= 0) {
        vote_reply_internal(r);
        return;
    }
    if (vote_audit_or_reply_internal(r, "decision", id, "create", arena_printf(r->arena, "{\"template\":%j}", tmpl)))
        decision_reply(r, id, 201);
}

void api_decision_get(Req *r)
{
    int64_t id;
    if (req_param_id_or_reply(r, "id", &id))
        decision_reply(r, id, 200);
}

static const JsonField advance_spec[] = {
    {"note", JF_STRING, JF_EMPTY_OK, 0, 5000},
    {"vote_id", JF_INT, JF_NULLABLE, 1, INT64_MAX},
    {"notice_title", JF_STRING, 0, 0, 200},
    {"notice_body", JF_STRING, 0, 0, 20000},
    {NULL, 0, 0, 0, 0},
};

/* Records the current step as done and moves to the next. The voting step
 * needs a closed vote in scope that passed; a publishing step publishes its
 * notice. */
void api_decision_advance(Req *r)
{
    int64_t id;
    if (!req_param_id_or_reply(r, "id", &id))
        return;
    DbStmt *st = db_query(r->db, "SELECT n.path, d.template, d.stage, d.node_id, d.title FROM decision d "
                                 "JOIN node n ON n.id = d.node_id WHERE d.id = ?",
                          DB_I(id));
    const char *path = NULL, *tmpl = NULL, *title = NULL;
    int stage = 0;
    int64_t node_id = 0;
    if (db_step(st) == DB_ROW) {
        path = arena_strdup(r->arena, db_col_text(st, 0));
        tmpl = arena_strdup(r->arena, db_col_text(st, 1));
        stage = (int)db_col_int(st, 2);
        node_id = db_col_int(st, 3);
        title = arena_strdup(r->arena, db_col_text(st, 4));
    }
    db_done(st);
    if (!path) {
        reply_error(r, 404, "not_found", NULL, "找不到这项决策", "No such decision");
        return;
    }
    if (!auth_require_or_reply(r, PERM_DELIB_MANAGE, path))
        return;
    json_t *body = req_json_object_or_reply(r);
    JsonValue v[4];
    if (!body || !json_fields_or_reply(r, body, advance_spec, v))
        return;
    int n;
    const DecisionStep *steps = decision_steps(tmpl, &n);
    if (stage >= n) {
        reply_error(r, 409, "conflict", NULL, "这项决策的流程已经走完", "This decision has gone through every step");
        return;
    }
    const DecisionStep *s = &steps[stage];
    int64_t vote_id = v[1].present ? v[1].i : 0;
    if (s->needs_vote) {
        VoteRow vr;
        if (!vote_id) {
            reply_error(r, 400, "missing_field", "vote_id", "这一步须有一次已结束并通过的表决", "This step needs a closed vote that passed");
            return;
        }
        if (!vote_load(r->db, r->arena, vote_id, &vr) || !perm_allows(r->who, PERM_TREE_READ, vr.node_path)) {
            reply_error(r, 404, "not_found", "vote_id", "找不到这次表决", "No such vote");
            return;
        }
        if (strncmp(path, vr.node_path, strlen(vr.node_path)) != 0) {
            reply_error(r, 400, "bad_value", "vote_id", "表决不在这项决策的范围", "The vote is outside this decision's scope");
            return;
        }
        if (strcmp(vr.status, "closed") != 0 || vr.passed != 1) {
            reply_error(r, 409, "vote_not_passed", "vote_id", "表决尚未结束或未通过", "The vote is not closed or did not pass");
            return;
        }
    } else if (vote_id) {
        reply_error(r, 400, "bad_value", "vote_id", "这一步不是表决", "This step is not the vote");
        return;
    }
    int64_t notice = 0;
    if (s->publishes) {
        if (!v[3].present) {
            reply_error(r, 400, "missing_field", "notice_body", "这一步须公示，请写公示内容", "This step publishes a notice: give its text");
            return;
        }
        const char *nt = v[2].present ? v[2].s : arena_printf(r->arena, "%s公示：%s", s->zh, title);
        notice = notice_publish(r->db, vote_actor(r), node_id, s->publishes, nt, v[3].s, 0, 0, "decision", id);
        if (notice <= 0) {
            vote_reply_internal(r);
            return;
        }
    } else if (v[2].present || v[3].present) {
        reply_error(r, 400, "bad_value", "notice_body", "这一步不公示", "This step publishes nothing");
        return;
    }
    int64_t now = clock_now();
    if (!db_exec(r->db,
                 "INSERT INTO decision_step (decision_id, stage, note, notice_id, done_by, done_at) VALUES (?, ?, ?, ?, ?, ?)",
                 DB_I(id), DB_I(stage), DB_T(v[0].present ? v[0].s : ""), notice ? DB_I(notice) : DB_NULL, DB_I(vote_actor(r)),
                 DB_I(now)) ||
        !db_exec(r->db, "UPDATE decision SET stage = ?, vote_id = COALESCE(?, vote_id), updated_at = ? WHERE id = ?",
                 DB_I(stage + 1), vote_id ? DB_I(vote_id) : DB_NULL, DB_I(now), DB_I(id))) {
        vote_reply_internal(r);
        return;
    }
    if (vote_audit_or_reply_internal(r, "decision", id, "advance", arena_printf(r->arena, "{\"step\":%j}", s->key)))
        decision_reply(r, id, 200);
}
