/* convention_api.c: the JSON API of conventions (院落公约) drafted in the
 * open — versions, comments per clause, a final vote — and of decisions
 * moved step by step through 提议→讨论→表决→公示 or 一征三议两公开: parse,
 * check the permission, call the model (vote/delib.h), render. */
#include "vote/vote.h"
#include "vote/web_int.h"
#include "vote/delib.h"
#include "vote/web_delib.h"

#include <stdlib.h>
#include <string.h>

#include "site/site.h"
#include "core/clock.h"
#include "grid/grid.h"
#include "grid/web.h"
#include "http/jsonin.h"
#include "vote/decision.h"

/* The convention of the route, with perm checked on its place. */
static bool conv_load_or_reply(Req *r, Perm perm, Convention *cv)
{
    int64_t id;
    if (!req_param_id_or_reply(r, "id", &id))
        return false;
    Ctx c = site_ctx(r);
    VoteErr e;
    if (!delib_convention_get(&c, id, cv, &e)) {
        vote_err_reply(r, &e);
        return false;
    }
    return auth_require_or_reply(r, perm, cv->node_path);
}

static bool conv_reply(Req *r, int64_t id, int status)
{
    Ctx c = site_ctx(r);
    VoteErr e;
    Convention cv;
    ConventionVersion *ver;
    ConventionComment *cm;
    int n_ver, n_cm;
    if (!delib_convention_get(&c, id, &cv, &e)) {
        vote_err_reply(r, &e);
        return false;
    }
    if (!auth_require_or_reply(r, PERM_TREE_READ, cv.node_path))
        return false;
    if (!delib_convention_versions(&c, id, &ver, &n_ver, &e) || !delib_convention_comments(&c, id, &cm, &n_cm, &e)) {
        vote_err_reply(r, &e);
        return false;
    }
    /* commenters by name only to those who run deliberation (and to themselves) */
    bool full = delib_may_manage(r->who, cv.node_path);
    Buf b = BUF_INIT;
    for (int i = 0, k = 0; i < n_cm; i++) {
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
        buf_printf(&b, "%s{\"id\":%lld,\"version\":%lld,\"clause\":%lld,\"by\":%j,\"mine\":%s,\"body\":%j,\"created_at\":%j}",
                   k++ ? "," : "", (long long)cm[i].id, (long long)cm[i].version, (long long)cm[i].clause,
                   vote_commenter_label(r->arena, name, home, full || mine), mine ? "true" : "false", cm[i].body, at);
    }
    r->status = status;
    resp_json(r);
    buf_printf(&r->out, "{\"id\":%lld,\"node_id\":%lld,\"node_name\":%j,\"title\":%j,\"status\":%j,\"vote_id\":%lld,\"versions\":[",
               (long long)cv.id, (long long)cv.node_id, cv.node_name, cv.title, cv.status, (long long)cv.vote_id);
    for (int k = 0; k < n_ver; k++) {
        char at[26];
        clock_format_iso(ver[k].created_at, at);
        buf_printf(&r->out, "%s{\"version\":%lld,\"body\":%j,\"note\":%j,\"clauses\":%d,\"created_at\":%j}", k ? "," : "",
                   (long long)ver[k].version, ver[k].body, ver[k].note, delib_clause_count(ver[k].body), at);
    }
    buf_puts(&r->out, "],\"comments\":[");
    buf_puts(&r->out, buf_str(&b));
    buf_free(&b);
    buf_puts(&r->out, "]}");
    return true;
}

void api_conventions_list(Req *r)
{
    if (!auth_require_or_reply(r, PERM_TREE_READ, NULL))
        return;
    Ctx c = site_ctx(r);
    VoteErr e;
    Convention *cv;
    int n;
    if (!delib_conventions_list(&c, &cv, &n, &e)) {
        vote_err_reply(r, &e);
        return;
    }
    resp_json(r);
    buf_puts(&r->out, "{\"items\":[");
    int k = 0;
    for (int i = 0; i < n; i++) {
        if (!perm_allows(r->who, PERM_TREE_READ, cv[i].node_path))
            continue;
        buf_printf(&r->out, "%s{\"id\":%lld,\"node_id\":%lld,\"node_name\":%j,\"title\":%j,\"status\":%j}", k++ ? "," : "",
                   (long long)cv[i].id, (long long)cv[i].node_id, cv[i].node_name, cv[i].title, cv[i].status);
    }
    buf_printf(&r->out, "],\"page\":1,\"per_page\":%d,\"total\":%d}", k, k);
}

static const JsonField conv_spec[] = {
    {"node_id", JF_INT, JF_REQUIRED, 1, INT64_MAX},
    {"title", JF_STRING, JF_REQUIRED, 0, 200},
    {"body", JF_STRING, JF_REQUIRED, 0, 20000},
    {NULL, 0, 0, 0, 0},
};

int64_t delib_convention_create_run(Req *r)
{
    json_t *body = req_json_object_or_reply(r);
    JsonValue v[3];
    NodeInfo n;
    if (!body || !json_fields_or_reply(r, body, conv_spec, v))
        return 0;
    if (!vote_scope_or_reply(r, v[0].i, &n) || !auth_require_or_reply(r, PERM_DELIB_MANAGE, n.path))
        return 0;
    Ctx c = site_ctx(r);
    VoteErr e;
    int64_t id;
    if (!delib_convention_create(&c, n.id, v[1].s, v[2].s, &id, &e)) {
        vote_err_reply(r, &e);
        return 0;
    }
    return id;
}

void api_convention_create(Req *r)
{
    int64_t id = delib_convention_create_run(r);
    if (id)
        conv_reply(r, id, 201);
}

void api_convention_get(Req *r)
{
    int64_t id;
    if (req_param_id_or_reply(r, "id", &id))
        conv_reply(r, id, 200);
}

static bool drafting_or_reply(Req *r, const Convention *cv)
{
    VoteErr e;
    if (delib_convention_drafting(cv, &e))
        return true;
    vote_err_reply(r, &e);
    return false;
}

static const JsonField version_spec[] = {
    {"body", JF_STRING, JF_REQUIRED, 0, 20000},
    {"note", JF_STRING, JF_EMPTY_OK, 0, 500},
    {NULL, 0, 0, 0, 0},
};

/* A new version: the merged text after comments. Versions are never changed. */
int64_t delib_convention_version_run(Req *r)
{
    Convention cv;
    json_t *body;
    JsonValue v[2];
    if (!conv_load_or_reply(r, PERM_DELIB_MANAGE, &cv) || !drafting_or_reply(r, &cv) ||
        !(body = req_json_object_or_reply(r)) || !json_fields_or_reply(r, body, version_spec, v))
        return 0;
    Ctx c = site_ctx(r);
    VoteErr e;
    if (!delib_convention_version_add(&c, &cv, v[0].s, v[1].present ? v[1].s : "", &e)) {
        vote_err_reply(r, &e);
        return 0;
    }
    return cv.id;
}

void api_convention_version(Req *r)
{
    int64_t id = delib_convention_version_run(r);
    if (id)
        conv_reply(r, id, 201);
}

static const JsonField conv_comment_spec[] = {
    {"version", JF_INT, JF_REQUIRED, 1, 100000},
    {"clause", JF_INT, JF_REQUIRED, 1, 100000},
    {"body", JF_STRING, JF_REQUIRED, 0, 2000},
    {NULL, 0, 0, 0, 0},
};

int64_t delib_convention_comment_run(Req *r)
{
    Convention cv;
    json_t *body;
    JsonValue v[3];
    if (!conv_load_or_reply(r, PERM_TREE_READ, &cv) || !auth_require_or_reply(r, PERM_TOPIC_PROPOSE, NULL) ||
        !drafting_or_reply(r, &cv) || !(body = req_json_object_or_reply(r)) ||
        !json_fields_or_reply(r, body, conv_comment_spec, v))
        return 0;
    Ctx c = site_ctx(r);
    VoteErr e;
    if (!delib_convention_comment(&c, &cv, (int)v[0].i, (int)v[1].i, v[2].s, &e)) {
        vote_err_reply(r, &e);
        return 0;
    }
    return cv.id;
}

void api_convention_comment(Req *r)
{
    int64_t id = delib_convention_comment_run(r);
    if (id)
        conv_reply(r, id, 201);
}

static const JsonField conv_vote_spec[] = {
    {"quorum_pct", JF_INT, 0, 0, 100},
    {NULL, 0, 0, 0, 0},
};

/* Puts the latest version to a vote of all households of the scope (a
 * majority of votes cast); the vote is created as a draft to be opened. */
int64_t delib_convention_vote_run(Req *r)
{
    Convention cv;
    JsonValue v[1] = {{0}};
    if (!conv_load_or_reply(r, PERM_DELIB_MANAGE, &cv) || !drafting_or_reply(r, &cv))
        return 0;
    if (r->body_len > 0) {
        json_t *body = req_json_object_or_reply(r);
        if (!body || !json_fields_or_reply(r, body, conv_vote_spec, v))
            return 0;
    }
    Ctx c = site_ctx(r);
    VoteErr e;
    int64_t vote_id;
    if (!delib_convention_to_vote(&c, &cv, v[0].present ? (int)v[0].i : -1, &vote_id, &e)) {
        vote_err_reply(r, &e);
        return 0;
    }
    return cv.id;
}

void api_convention_vote(Req *r)
{
    int64_t id = delib_convention_vote_run(r);
    if (id)
        conv_reply(r, id, 201);
}

/* ---- decisions ---------------------------------------------------------------- */

void api_decisions_list(Req *r)
{
    int64_t node = 0, page, per_page, after;
    NodeInfo n;
    if (!req_query_int_or_reply(r, "node", 0, 0, INT64_MAX, &node) ||
        !req_keyset_or_reply(r, &page, &per_page, &after))
        return;
    if (node ? !grid_node_load_allowed_or_reply(r, node, PERM_TREE_READ, &n)
             : !auth_require_or_reply(r, PERM_TREE_READ, NULL))
        return;
    Ctx c = site_ctx(r);
    VoteErr e;
    int64_t *ids = NULL;
    int k = 0;
    VotePaging pg = {page, per_page, after};
    VotePageInfo info;
    if (!vote_decision_list_page(&c, node ? n.path : NULL, &pg, &ids, &k, &info)) {
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
        Decision d;
        if (!delib_decision_get(&c, ids[i], &d, &e)) {
            buf_reset(&r->out);
            vote_err_reply(r, &e);
            return;
        }
        int steps = 0;
        (void)decision_steps(d.tmpl, &steps);
        buf_printf(&r->out,
                   "%s{\"id\":%lld,\"node_id\":%lld,\"node_name\":%j,\"title\":%j,\"template\":%j,\"stage\":%d,"
                   "\"done\":%s,\"vote_id\":%lld,\"topic_id\":%lld}",
                   i ? "," : "", (long long)d.id, (long long)d.node_id, d.node_name, d.title, d.tmpl, d.stage,
                   d.stage >= steps ? "true" : "false", (long long)d.vote_id, (long long)d.topic_id);
    }
    resp_list_tail(&r->out, page, per_page, info.total, info.capped, info.next);
    buf_putc(&r->out, '}');
}

static bool decision_reply(Req *r, int64_t id, int status)
{
    Ctx c = site_ctx(r);
    VoteErr e;
    Decision d;
    DecisionStepDone *done;
    int n;
    if (!delib_decision_get(&c, id, &d, &e)) {
        vote_err_reply(r, &e);
        return false;
    }
    if (!auth_require_or_reply(r, PERM_TREE_READ, d.node_path))
        return false;
    if (!delib_decision_steps_done(&c, &d, &done, &n, &e)) {
        vote_err_reply(r, &e);
        return false;
    }
    const DecisionStep *steps = decision_steps(d.tmpl, &n);
    r->status = status;
    resp_json(r);
    buf_printf(&r->out,
               "{\"id\":%lld,\"node_id\":%lld,\"node_name\":%j,\"title\":%j,\"template\":%j,\"stage\":%d,\"done\":%s,"
               "\"vote_id\":%lld,\"topic_id\":%lld,\"steps\":[",
               (long long)d.id, (long long)d.node_id, d.node_name, d.title, d.tmpl, d.stage, d.stage >= n ? "true" : "false",
               (long long)d.vote_id, (long long)d.topic_id);
    for (int i = 0; i < n; i++) {
        buf_printf(&r->out, "%s{\"stage\":%d,\"key\":%j,\"name_zh\":%j,\"name_en\":%j,\"needs_vote\":%s,\"publishes\":%j,",
                   i ? "," : "", i, steps[i].key, steps[i].zh, steps[i].en, steps[i].needs_vote ? "true" : "false",
                   steps[i].publishes);
        if (done[i].done) {
            char at[26];
            clock_format_iso(done[i].done_at, at);
            buf_printf(&r->out, "\"done\":true,\"note\":%j,\"notice_id\":%lld,\"done_at\":%j}", done[i].note,
                       (long long)done[i].notice_id, at);
        } else {
            buf_puts(&r->out, "\"done\":false}");
        }
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

int64_t delib_decision_create_run(Req *r)
{
    json_t *body = req_json_object_or_reply(r);
    JsonValue v[4];
    NodeInfo n;
    if (!body || !json_fields_or_reply(r, body, decision_spec, v))
        return 0;
    if (!vote_scope_or_reply(r, v[0].i, &n) || !auth_require_or_reply(r, PERM_DELIB_MANAGE, n.path))
        return 0;
    Ctx c = site_ctx(r);
    VoteErr e;
    int64_t id;
    if (!delib_decision_create(&c, n.id, n.path, v[1].s, v[2].present ? v[2].s : NULL, v[3].present ? v[3].i : 0, &id,
                               &e)) {
        vote_err_reply(r, &e);
        return 0;
    }
    return id;
}

void api_decision_create(Req *r)
{
    int64_t id = delib_decision_create_run(r);
    if (id)
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

/* Records the current step as done and moves to the next (the model checks
 * the vote a voting step needs and publishes a publishing step's notice). */
int64_t delib_decision_advance_run(Req *r)
{
    int64_t id;
    if (!req_param_id_or_reply(r, "id", &id))
        return 0;
    Ctx c = site_ctx(r);
    VoteErr e;
    Decision d;
    if (!delib_decision_get(&c, id, &d, &e)) {
        vote_err_reply(r, &e);
        return 0;
    }
    if (!auth_require_or_reply(r, PERM_DELIB_MANAGE, d.node_path))
        return 0;
    json_t *body = req_json_object_or_reply(r);
    JsonValue v[4];
    if (!body || !json_fields_or_reply(r, body, advance_spec, v))
        return 0;
    DecisionAdvance in = {v[0].present ? v[0].s : "", v[1].present ? v[1].i : 0, v[2].present ? v[2].s : NULL,
                          v[3].present ? v[3].s : NULL};
    if (!delib_decision_advance(&c, &d, &in, &e)) {
        vote_err_reply(r, &e);
        return 0;
    }
    return id;
}

void api_decision_advance(Req *r)
{
    int64_t id = delib_decision_advance_run(r);
    if (id)
        decision_reply(r, id, 200);
}
