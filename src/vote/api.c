/* api.c: the JSON API of votes and public notices: create, open, cast
 * (online, paper, proxy), confirm, close, result; publish, read, object. */
#include "vote/vote.h"
#include "vote/web_int.h"

#include <stdlib.h>
#include <string.h>

#include "auth/audit.h"
#include "site/site.h"
#include "core/clock.h"
#include "grid/web.h"
#include "http/jsonin.h"

int64_t vote_actor(const Req *r)
{
    return r->who ? r->who->user_id : 0;
}

void vote_reply_db(Req *r)
{
    VoteErr e = {db_error_class(r->db) == DB_ERR_BUSY ? VM_BUSY : VM_INTERNAL, NULL, NULL};
    vote_err_reply(r, &e);
}

void vote_reply_internal(Req *r)
{
    static const VoteErr e = {VM_INTERNAL, NULL, NULL};
    vote_err_reply(r, &e);
}

bool vote_audit_or_reply(Req *r, const char *entity, int64_t id, const char *action, const char *before,
                         const char *after)
{
    if (audit_append(r->db, vote_actor(r), entity, id, action, before, after))
        return true;
    vote_reply_db(r);
    return false;
}

bool vote_audit_or_reply_internal(Req *r, const char *entity, int64_t id, const char *action, const char *after)
{
    if (audit_append(r->db, vote_actor(r), entity, id, action, NULL, after))
        return true;
    vote_reply_internal(r);
    return false;
}

bool vote_scope_or_reply(Req *r, int64_t node_id, NodeInfo *n)
{
    /* a node out of the caller's sight is answered as one that does not exist */
    if (grid_node_load(r, node_id, n) && perm_allows(r->who, PERM_TREE_READ, n->path))
        return true;
    static const VoteErr none = {VM_NO_SUCH_NODE, "node_id", NULL};
    vote_err_reply(r, &none);
    return false;
}

bool vote_allowed_or_reply(Req *r, Perm perm, VoteRow *v)
{
    int64_t id;
    if (!req_param_id_or_reply(r, "id", &id))
        return false;
    if (!vote_load(r->db, r->arena, id, v)) {
        static const VoteErr none = {VM_NO_SUCH_VOTE, NULL, NULL};
        vote_err_reply(r, &none);
        return false;
    }
    return auth_require_or_reply(r, perm, v->node_path);
}

/* Takes "option_ids" (a list of positive integers) out of the body, so the
 * declared spec validates the rest. */
static bool option_ids_or_reply(Req *r, json_t *body, int64_t **ids, int *n)
{
    *ids = NULL;
    *n = 0;
    json_t *v = json_object_get(body, "option_ids");
    if (!v)
        return true;
    static const VoteErr bad = {VM_BAD_OPTION_IDS, "option_ids", NULL};
    if (!json_is_array(v) || json_array_size(v) > 64) {
        vote_err_reply(r, &bad);
        return false;
    }
    *n = (int)json_array_size(v);
    *ids = arena_alloc(r->arena, sizeof **ids * (size_t)(*n + 1));
    for (int i = 0; i < *n; i++) {
        json_t *x = json_array_get(v, (size_t)i);
        if (!json_is_integer(x) || json_integer_value(x) <= 0) {
            vote_err_reply(r, &bad);
            return false;
        }
        (*ids)[i] = json_integer_value(x);
    }
    json_object_del(body, "option_ids");
    return true;
}

/* ,"register":{...}: how complete the register of an owners' vote's scope
 * is, and the developers' share, for everyone who may read the vote. */
static bool register_json(Req *r, Buf *b, const VoteRow *v)
{
    Art278Result g;
    VoteDeveloper *d = NULL;
    int nd = 0;
    if (!vote_register_figures(r->db, r->arena, v->node_path, &g) || !vote_developers(r->db, r->arena, v->node_path, &d, &nd))
        return false;
    buf_printf(b,
               ",\"register\":{\"units\":%lld,\"owners_total\":%lld,\"area_total\":%lld,\"units_unregistered\":%lld,"
               "\"area_unregistered\":%lld,\"units_without_area\":%lld,\"units_incomplete\":%lld,"
               "\"too_incomplete\":%s,\"max_incomplete_pct\":%d,\"developer_units\":%lld,\"developer_owners\":%lld,"
               "\"area_developer\":%lld,\"developers\":[",
               (long long)g.units, (long long)g.n_total, (long long)g.a_total, (long long)g.units_unregistered,
               (long long)g.a_unregistered, (long long)g.units_without_area, (long long)g.units_incomplete,
               art278_register_too_incomplete(g.units, g.units_incomplete, VOTE_REGISTER_GAP_MAX_PCT) ? "true" : "false",
               VOTE_REGISTER_GAP_MAX_PCT, (long long)g.units_developer, (long long)g.n_developer,
               (long long)g.a_developer);
    for (int i = 0; i < nd; i++)
        buf_printf(b, "%s{\"name\":%j,\"units\":%lld,\"area\":%lld}", i ? "," : "", d[i].name, (long long)d[i].units,
                   (long long)d[i].area);
    buf_puts(b, "]}");
    return true;
}

/* The vote as JSON; with_detail adds its options, the caller's own ballot,
 * the ballot counts and the register figures. False: a read failed (the
 * caller answers vote_reply_db). */
static bool vote_json(Req *r, Buf *b, const VoteRow *v, bool with_detail)
{
    char opens[26] = "", closes[26] = "";
    if (v->opens_at)
        clock_format_iso(v->opens_at, opens);
    if (v->closes_at)
        clock_format_iso(v->closes_at, closes);
    buf_printf(b,
               "{\"id\":%lld,\"node_id\":%lld,\"node_name\":%j,\"title\":%j,\"body\":%j,\"kind\":%j,\"matter\":",
               (long long)v->id, (long long)v->node_id, v->node_name, v->title, v->body, v->kind);
    if (v->matter)
        buf_printf(b, "%d,\"matter_zh\":%j", v->matter, art278_matter_zh(v->matter));
    else
        buf_puts(b, "null,\"matter_zh\":null");
    buf_printf(b,
               ",\"method\":%j,\"secret\":%s,\"electorate\":%j,\"panel_id\":%lld,\"quorum_pct\":%d,"
               "\"nonvoters_yes\":%s,\"status\":%j,\"status_zh\":%j,\"opens_at\":%j,\"closes_at\":%j,\"passed\":",
               v->method, v->secret ? "true" : "false", v->electorate, (long long)v->panel_id, v->quorum_pct,
               v->nonvoters_yes ? "true" : "false", v->status, vote_status_zh(v->status), opens[0] ? opens : NULL,
               closes[0] ? closes : NULL);
    buf_puts(b, v->passed < 0 ? "null" : v->passed ? "true" : "false");
    buf_printf(b, ",\"notice_id\":%lld,\"topic_id\":%lld", (long long)v->notice_id, (long long)v->topic_id);
    if (!with_detail) {
        buf_putc(b, '}');
        return true;
    }
    VoteOption *o;
    int n = 0;
    if (!vote_options(r->db, r->arena, v->id, &o, &n))
        return false;
    buf_puts(b, ",\"options\":[");
    for (int i = 0; i < n; i++)
        buf_printf(b, "%s{\"id\":%lld,\"label\":%j}", i ? "," : "", (long long)o[i].id, o[i].label);
    buf_puts(b, "]");
    Voter me;
    bool found = false;
    if (r->who && !vote_voter_for_user(r->db, r->arena, v, r->who->user_id, &me, &found))
        return false;
    Ctx c = site_ctx(r);
    if (r->who && found) {
        VoteBallot mine;
        bool cast = false;
        if (!vote_ballot_of(&c, v->id, me.key, &mine, &cast))
            return false;
        buf_printf(b, ",\"can_vote\":%s,\"my_household_id\":%lld,\"my_ballot\":",
                   strcmp(v->status, "open") == 0 ? "true" : "false", (long long)me.household_id);
        if (cast)
            buf_printf(b, "{\"choice\":%j,\"counted\":%s,\"channel\":%j}", mine.choice,
                       mine.counted ? "true" : "false", mine.channel);
        else
            buf_puts(b, "null");
    } else {
        buf_puts(b, ",\"can_vote\":false,\"my_ballot\":null");
    }
    int64_t counted = 0, pending = 0;
    if (!vote_ballot_counts(&c, v->id, &counted, &pending))
        return false;
    buf_printf(b, ",\"ballots_counted\":%lld,\"ballots_pending\":%lld", (long long)counted, (long long)pending);
    if (strcmp(v->electorate, "owners") == 0 && !register_json(r, b, v))
        return false;
    buf_putc(b, '}');
    return true;
}

static void vote_reply(Req *r, const VoteRow *v, int status)
{
    r->status = status;
    resp_json(r);
    if (!vote_json(r, &r->out, v, true))
        vote_reply_db(r);
}

/* ---- votes ------------------------------------------------------------------- */

void api_votes_list(Req *r)
{
    int64_t node = 0, page, per_page, after;
    if (!req_query_int_or_reply(r, "node", 0, 0, INT64_MAX, &node) ||
        !req_keyset_or_reply(r, &page, &per_page, &after))
        return;
    const char *status = req_query(r, "status");
    if (status && strcmp(status, "draft") && strcmp(status, "open") && strcmp(status, "closed")) {
        static const VoteErr bad = {VM_BAD_STATUS_FILTER, "status", NULL};
        vote_err_reply(r, &bad);
        return;
    }
    NodeInfo n;
    if (node && !grid_node_load_allowed_or_reply(r, node, PERM_TREE_READ, &n))
        return;
    if (!node && !auth_require_or_reply(r, PERM_TREE_READ, NULL))
        return;
    Ctx c = site_ctx(r);
    int64_t *ids = NULL;
    int k = 0;
    VotePaging pg = {page, per_page, after};
    VotePageInfo info;
    if (!vote_list_page(&c, status, node ? n.path : NULL, &pg, &ids, &k, &info)) {
        vote_reply_db(r);
        return;
    }
    if (info.bad_cursor) {
        vote_err_reply(r, &(VoteErr){VM_BAD_CURSOR, "after", NULL});
        return;
    }
    resp_json(r);
    buf_puts(&r->out, "{\"items\":[");
    for (int i = 0, w = 0; i < k; i++) {
        VoteRow v;
        if (!vote_load(r->db, r->arena, ids[i], &v))
            continue;
        if (w++)
            buf_putc(&r->out, ',');
        (void)vote_json(r, &r->out, &v, false); /* no read without detail */
    }
    resp_list_tail(&r->out, page, per_page, info.total, info.capped, info.next);
    buf_putc(&r->out, '}');
}

static const JsonField vote_create_spec[] = {
    {"node_id", JF_INT, JF_REQUIRED, 1, INT64_MAX},
    {"title", JF_STRING, JF_REQUIRED, 0, 200},
    {"body", JF_STRING, JF_EMPTY_OK, 0, 10000},
    {"kind", JF_STRING, JF_REQUIRED, 0, 20},
    {"matter", JF_INT, JF_NULLABLE, 1, 9},
    {"method", JF_STRING, 0, 0, 20},
    {"secret", JF_BOOL, 0, 0, 0},
    {"electorate", JF_STRING, 0, 0, 20},
    {"panel_id", JF_INT, JF_NULLABLE, 1, INT64_MAX},
    {"quorum_pct", JF_INT, 0, 0, 100},
    {"nonvoters_yes", JF_BOOL, 0, 0, 0},
    {"options", JF_STRINGS, 0, 0, 100},
    {"closes_at", JF_INT, JF_NULLABLE, 1, INT64_C(4102444800)},
    {"topic_id", JF_INT, JF_NULLABLE, 1, INT64_MAX},
    {NULL, 0, 0, 0, 0},
};

int64_t vote_create_run(Req *r, json_t *body)
{
    JsonValue v[14];
    if (!json_fields_or_reply(r, body, vote_create_spec, v))
        return 0;
    NodeInfo n;
    if (!vote_scope_or_reply(r, v[0].i, &n) || !auth_require_or_reply(r, PERM_DELIB_MANAGE, n.path))
        return 0;
    VoteNew in = {
        .node_id = n.id,
        .node_path = n.path,
        .title = v[1].s,
        .body = v[2].present ? v[2].s : "",
        .kind = v[3].s,
        .has_matter = v[4].present,
        .matter = v[4].present ? (int)v[4].i : 0,
        .method = v[5].present ? v[5].s : NULL,
        .secret = v[6].present && v[6].b,
        .electorate = v[7].present ? v[7].s : NULL,
        .panel_id = v[8].present ? v[8].i : 0,
        .quorum_pct = v[9].present ? (int)v[9].i : 0,
        .nonvoters_yes = v[10].present && v[10].b,
        .options = v[11].present ? (const char *const *)v[11].list : NULL,
        .n_options = v[11].present ? v[11].n_list : 0,
        .closes_at = v[12].present ? v[12].i : 0,
        .topic_id = v[13].present ? v[13].i : 0,
    };
    Ctx c = site_ctx(r);
    VoteErr e;
    int64_t id = 0;
    if (!vote_create(&c, &in, &id, &e)) {
        vote_err_reply(r, &e);
        return 0;
    }
    return id;
}

void api_vote_create(Req *r)
{
    json_t *body = req_json_object_or_reply(r);
    int64_t id = body ? vote_create_run(r, body) : 0;
    VoteRow row;
    if (!id)
        return;
    if (!vote_load(r->db, r->arena, id, &row)) {
        vote_reply_db(r);
        return;
    }
    vote_reply(r, &row, 201);
}

void api_vote_get(Req *r)
{
    VoteRow v;
    if (!vote_allowed_or_reply(r, PERM_TREE_READ, &v))
        return;
    vote_reply(r, &v, 200);
}

static const JsonField vote_open_spec[] = {
    {"closes_at", JF_INT, JF_NULLABLE, 1, INT64_C(4102444800)},
    {"incomplete_register_reason", JF_STRING, 0, 0, 500},
    {NULL, 0, 0, 0, 0},
};

bool vote_open_run(Req *r, json_t *body, VoteRow *v)
{
    JsonValue jv[2] = {{0}};
    if (body && !json_fields_or_reply(r, body, vote_open_spec, jv))
        return false;
    Ctx c = site_ctx(r);
    VoteErr e;
    if (!vote_open(&c, v, jv[0].present ? jv[0].i : v->closes_at, jv[1].present ? jv[1].s : NULL, &e)) {
        vote_err_reply(r, &e);
        return false;
    }
    return true;
}

void api_vote_open(Req *r)
{
    VoteRow v;
    if (!vote_allowed_or_reply(r, PERM_DELIB_MANAGE, &v))
        return;
    json_t *body = NULL;
    if (r->body_len > 0 && !(body = req_json_object_or_reply(r)))
        return;
    if (!vote_open_run(r, body, &v))
        return;
    if (!vote_load(r->db, r->arena, v.id, &v)) {
        vote_reply_db(r);
        return;
    }
    vote_reply(r, &v, 200);
}

static const JsonField ballot_spec[] = {
    {"choice", JF_STRING, 0, 0, 20},
    {NULL, 0, 0, 0, 0},
};

bool vote_cast_run(Req *r, json_t *body, const VoteRow *v, VoteBallot *out)
{
    int64_t *ids;
    int n_ids;
    JsonValue jv[1];
    if (!option_ids_or_reply(r, body, &ids, &n_ids) || !json_fields_or_reply(r, body, ballot_spec, jv))
        return false;
    Ctx c = site_ctx(r);
    VoteErr e;
    if (!vote_ballot_cast(&c, v, jv[0].present ? jv[0].s : NULL, ids, n_ids, out, &e)) {
        vote_err_reply(r, &e);
        return false;
    }
    return true;
}

void api_vote_ballot_cast(Req *r)
{
    VoteRow v;
    if (!vote_allowed_or_reply(r, PERM_TREE_READ, &v))
        return;
    json_t *body = req_json_object_or_reply(r);
    VoteBallot b;
    if (!body || !vote_cast_run(r, body, &v, &b))
        return;
    r->status = b.replaced ? 200 : 201;
    resp_json(r);
    buf_printf(&r->out, "{\"id\":%lld,\"vote_id\":%lld,\"household_id\":%lld,\"choice\":%j,\"channel\":\"online\","
                        "\"counted\":true,\"replaced\":%s}",
               (long long)b.id, (long long)v.id, (long long)b.household_id, b.choice, b.replaced ? "true" : "false");
}

static const JsonField paper_spec[] = {
    {"household_id", JF_INT, JF_NULLABLE, 1, INT64_MAX},
    {"owner_id", JF_INT, JF_NULLABLE, 1, INT64_MAX},
    {"choice", JF_STRING, 0, 0, 20},
    {"channel", JF_STRING, 0, 0, 10},
    {"proxy_name", JF_STRING, JF_EMPTY_OK, 0, 50},
    {"proxy_document", JF_STRING, JF_EMPTY_OK, 0, 200},
    {"ballot_code", JF_STRING, 0, 0, 64},
    {NULL, 0, 0, 0, 0},
};

bool vote_paper_run(Req *r, json_t *body, const VoteRow *v, VoteBallot *out)
{
    int64_t *ids;
    int n_ids;
    JsonValue jv[7];
    if (!option_ids_or_reply(r, body, &ids, &n_ids) || !json_fields_or_reply(r, body, paper_spec, jv))
        return false;
    /* the code printed on the ballot names its household (and only this
     * vote's ballots): scanned instead of picking the flat by hand */
    int64_t household_id = jv[0].present ? jv[0].i : 0;
    if (jv[6].present) {
        int64_t from_code = 0;
        if (!vote_ballot_code_parse(jv[6].s, v->id, &from_code) || (household_id && household_id != from_code)) {
            reply_error(r, 400, "bad_value", "ballot_code", "选票编号无效：不是本次表决的选票，或与所选的户不符",
                        "Not a ballot code of this vote, or not the household chosen");
            return false;
        }
        household_id = from_code;
    }
    if (!household_id) {
        reply_error(r, 400, "missing_field", "household_id", "请选择户，或扫描选票上的二维码", "household_id is required");
        return false;
    }
    NodeInfo hh;
    if (!grid_node_ref_or_reply(r, household_id, PERM_PAPER_BALLOT, "household_id", &hh))
        return false;
    VoteErr e = {VM_NO_SUCH_HOUSEHOLD, "household_id", NULL};
    if (hh.kind != NODE_HOUSEHOLD) {
        vote_err_reply(r, &e);
        return false;
    }
    VotePaper in = {
        .household_id = hh.id,
        .owner_id = jv[1].present ? jv[1].i : 0,
        .choice = jv[2].present ? jv[2].s : NULL,
        .ids = ids,
        .n_ids = n_ids,
        .channel = jv[3].present ? jv[3].s : NULL,
        .proxy_name = jv[4].present ? jv[4].s : NULL,
        .proxy_document = jv[5].present ? jv[5].s : NULL,
    };
    Ctx c = site_ctx(r);
    if (!vote_ballot_enter(&c, v, &in, out, &e)) {
        vote_err_reply(r, &e);
        return false;
    }
    return true;
}

void api_vote_paper_ballot(Req *r)
{
    VoteRow v;
    if (!vote_allowed_or_reply(r, PERM_TREE_READ, &v))
        return;
    json_t *body = req_json_object_or_reply(r);
    VoteBallot b;
    if (!body || !vote_paper_run(r, body, &v, &b))
        return;
    r->status = 201;
    resp_json(r);
    buf_printf(&r->out,
               "{\"id\":%lld,\"vote_id\":%lld,\"household_id\":%lld,\"choice\":%j,\"channel\":%j,\"counted\":false,"
               "\"needs_confirmation\":true}",
               (long long)b.id, (long long)v.id, (long long)b.household_id, b.choice, b.channel);
}

bool vote_confirm_run(Req *r, const VoteRow *v, VoteBallot *out)
{
    int64_t bid;
    if (!req_param_id_or_reply(r, "bid", &bid))
        return false;
    Ctx c = site_ctx(r);
    VoteErr e;
    if (!vote_ballot_confirm(&c, v, bid, out, &e)) {
        vote_err_reply(r, &e);
        return false;
    }
    return true;
}

void api_vote_ballot_confirm(Req *r)
{
    VoteRow v;
    VoteBallot b;
    if (!vote_allowed_or_reply(r, PERM_TREE_READ, &v) || !vote_confirm_run(r, &v, &b))
        return;
    resp_json(r);
    buf_printf(&r->out, "{\"id\":%lld,\"vote_id\":%lld,\"channel\":%j,\"counted\":true}", (long long)b.id,
               (long long)v.id, b.channel);
}

/* The lines the caller may see (vote/perm.c); env: the vote's path. */
static bool ballot_in_reach(const Ctx *c, const void *env, const VoteBallotLine *l)
{
    return vote_may_see_ballot_of(c->who, env, l->household_path);
}

void api_vote_ballots_list(Req *r)
{
    VoteRow v;
    if (!vote_allowed_or_reply(r, PERM_TREE_READ, &v))
        return;
    if (!vote_may_list_ballots(r->who, v.node_path)) {
        reply_forbidden(r);
        return;
    }
    int64_t pending_only = 0, page, per_page, after;
    if (!req_query_int_or_reply(r, "pending", 0, 0, 1, &pending_only) ||
        !req_keyset_or_reply(r, &page, &per_page, &after))
        return;
    Ctx c = site_ctx(r);
    VoteBallotLine *lines = NULL;
    int n = 0;
    VotePaging pg = {page, per_page, after};
    VotePageInfo info;
    /* a manager sees every line: counted on the index, not walked */
    bool all = delib_may_manage(r->who, v.node_path);
    if (!vote_ballot_page(&c, v.id, pending_only != 0, &pg, all ? NULL : ballot_in_reach, v.node_path, &lines, &n,
                          &info)) {
        vote_reply_db(r);
        return;
    }
    resp_json(r);
    buf_puts(&r->out, "{\"items\":[");
    for (int i = 0; i < n; i++) {
        const VoteBallotLine *l = &lines[i];
        char at[26];
        clock_format_iso(l->updated_at, at);
        buf_printf(&r->out,
                   "%s{\"id\":%lld,\"household_id\":%lld,\"address\":%j,\"choice\":%j,\"channel\":%j,\"counted\":%s,"
                   "\"proxy_name\":%j,\"proxy_document\":%j,\"entered_by\":%lld,\"confirmed_by\":%lld,\"updated_at\":%j}",
                   i ? "," : "", (long long)l->id, (long long)l->household_id, l->address,
                   v.secret ? NULL : l->choice, l->channel, l->counted ? "true" : "false", l->proxy_name,
                   l->proxy_document, (long long)l->cast_by, (long long)l->confirmed_by, at);
    }
    resp_list_tail(&r->out, page, per_page, info.total, info.capped, info.next);
    buf_putc(&r->out, '}');
}

bool vote_finish_run(Req *r, VoteRow *v)
{
    Ctx c = site_ctx(r);
    VoteErr e;
    if (!vote_finish(&c, v, &e)) {
        vote_err_reply(r, &e);
        return false;
    }
    return true;
}

void api_vote_close(Req *r)
{
    VoteRow v;
    if (!vote_allowed_or_reply(r, PERM_DELIB_MANAGE, &v) || !vote_finish_run(r, &v))
        return;
    if (!vote_load(r->db, r->arena, v.id, &v)) {
        vote_reply_db(r);
        return;
    }
    resp_json(r);
    buf_printf(&r->out, "{\"vote\":");
    (void)vote_json(r, &r->out, &v, false); /* no read without detail */
    buf_puts(&r->out, ",\"result\":"); /* our own JSON, stored at the close */
    buf_puts(&r->out, v.result_json ? v.result_json : "null");
    buf_putc(&r->out, '}');
}

/* Runs the background job's close of due votes now (tests move the clock,
 * then call this instead of waiting for the job's next round). */
void api_votes_close_due(Req *r)
{
    if (!auth_require_or_reply(r, PERM_DELIB_MANAGE, NULL))
        return;
    if (r->body_len > 0) {
        static const JsonField empty_spec[] = {{NULL, 0, 0, 0, 0}};
        JsonValue none[1];
        json_t *body = req_json_object_or_reply(r);
        if (!body || !json_fields_or_reply(r, body, empty_spec, none))
            return;
    }
    int n = 0;
    if (!vote_close_due(r->db, clock_now(), vote_actor(r), &n)) {
        vote_reply_db(r);
        return;
    }
    resp_json(r);
    buf_printf(&r->out, "{\"closed\":%d}", n);
}

bool vote_result_allowed_or_reply(Req *r, VoteRow *v)
{
    if (!vote_allowed_or_reply(r, PERM_TREE_READ, v))
        return false;
    Ctx c = site_ctx(r);
    VoteErr e;
    if (!vote_result_visible(&c, v, &e)) {
        vote_err_reply(r, &e);
        return false;
    }
    return true;
}

static bool result_or_reply(Req *r, VoteRow *v, Buf *json, VoteTally *t)
{
    if (!vote_result_allowed_or_reply(r, v))
        return false;
    if (!vote_tally(r->db, r->arena, v, t)) {
        vote_reply_db(r);
        return false;
    }
    if (json)
        vote_tally_json(json, v, t);
    return true;
}

void api_vote_result(Req *r)
{
    VoteRow v;
    VoteTally t;
    Buf json = BUF_INIT;
    if (!result_or_reply(r, &v, &json, &t)) {
        buf_free(&json);
        return;
    }
    resp_json(r);
    /* Once closed, the stored figures are the record (ballots cannot change after the close). */
    buf_puts(&r->out, strcmp(v.status, "closed") == 0 && v.result_json ? v.result_json : buf_str(&json));
    buf_free(&json);
}
