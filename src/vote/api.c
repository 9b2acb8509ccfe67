/* api.c: the JSON API of votes and public notices: create, open, cast
 * (online, paper, proxy), confirm, close, result; publish, read, object. */
#include "vote/vote.h"
#include "vote/web_int.h"

#include <stdlib.h>
#include <string.h>

#include "auth/audit.h"
#include "site/site.h"
#include "core/clock.h"
#include "grid/grid.h"
#include "http/jsonin.h"

int64_t vote_actor(const Req *r)
{
    return r->who ? r->who->user_id : 0;
}

void vote_reply_db(Req *r)
{
    if (db_error_class(r->db) == DB_ERR_BUSY)
        reply_error(r, 503, "busy", NULL, "系统繁忙，请稍后再试", "The system is busy, try again");
    else
        reply_error(r, 500, "internal", NULL, "内部错误", "Internal error");
}

void vote_reply_internal(Req *r)
{
    reply_error(r, 500, "internal", NULL, "内部错误", "Internal error");
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
    reply_error(r, 404, "not_found", "node_id", "找不到这个范围", "No such node");
    return false;
}

bool vote_readable(Req *r, int64_t vote_id)
{
    VoteRow v;
    return vote_load(r->db, r->arena, vote_id, &v) && perm_allows(r->who, PERM_TREE_READ, v.node_path);
}

bool vote_allowed_or_reply(Req *r, Perm perm, VoteRow *v)
{
    int64_t id;
    if (!req_param_id_or_reply(r, "id", &id))
        return false;
    if (!vote_load(r->db, r->arena, id, v)) {
        reply_error(r, 404, "not_found", NULL, "找不到这次表决", "No such vote");
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
    if (!json_is_array(v) || json_array_size(v) > 64) {
        reply_error(r, 400, "bad_type", "option_ids", "选项应为编号列表", "option_ids must be a list of ids");
        return false;
    }
    *n = (int)json_array_size(v);
    *ids = arena_alloc(r->arena, sizeof **ids * (size_t)(*n + 1));
    for (int i = 0; i < *n; i++) {
        json_t *x = json_array_get(v, (size_t)i);
        if (!json_is_integer(x) || json_integer_value(x) <= 0) {
            reply_error(r, 400, "bad_type", "option_ids", "选项应为编号列表", "option_ids must be a list of ids");
            return false;
        }
        (*ids)[i] = json_integer_value(x);
    }
    json_object_del(body, "option_ids");
    return true;
}

/* ,"register":{...}: how complete the register of an owners' vote's scope
 * is, and the developers' share, for everyone who may read the vote. */
static void register_json(Req *r, Buf *b, const VoteRow *v)
{
    Art278Result g;
    VoteDeveloper *d = NULL;
    int nd = 0;
    if (!vote_register_figures(r->db, r->arena, v->node_path, &g) || !vote_developers(r->db, r->arena, v->node_path, &d, &nd))
        return;
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
}

static void vote_json(Req *r, Buf *b, const VoteRow *v, bool with_detail)
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
    if (with_detail) {
        VoteOption *o;
        int n = 0;
        if (vote_options(r->db, r->arena, v->id, &o, &n)) {
            buf_puts(b, ",\"options\":[");
            for (int i = 0; i < n; i++)
                buf_printf(b, "%s{\"id\":%lld,\"label\":%j}", i ? "," : "", (long long)o[i].id, o[i].label);
            buf_puts(b, "]");
        }
        Voter me;
        bool found = false;
        if (r->who && vote_voter_for_user(r->db, r->arena, v, r->who->user_id, &me, &found) && found) {
            DbStmt *st = db_query(r->db, "SELECT choice, counted, channel FROM ballot WHERE vote_id = ? AND voter_key = ?",
                                  DB_I(v->id), DB_T(me.key));
            buf_printf(b, ",\"can_vote\":%s,\"my_household_id\":%lld,\"my_ballot\":",
                       strcmp(v->status, "open") == 0 ? "true" : "false", (long long)me.household_id);
            if (db_step(st) == DB_ROW)
                buf_printf(b, "{\"choice\":%j,\"counted\":%s,\"channel\":%j}", db_col_text(st, 0),
                           db_col_int(st, 1) ? "true" : "false", db_col_text(st, 2));
            else
                buf_puts(b, "null");
            db_done(st);
        } else {
            buf_puts(b, ",\"can_vote\":false,\"my_ballot\":null");
        }
        int64_t counted = 0, pending = 0;
        db_int(r->db, &counted, "SELECT COUNT(*) FROM ballot WHERE vote_id = ? AND counted = 1", DB_I(v->id));
        db_int(r->db, &pending, "SELECT COUNT(*) FROM ballot WHERE vote_id = ? AND counted = 0", DB_I(v->id));
        buf_printf(b, ",\"ballots_counted\":%lld,\"ballots_pending\":%lld", (long long)counted, (long long)pending);
        if (strcmp(v->electorate, "owners") == 0)
            register_json(r, b, v);
    }
    buf_putc(b, '}');
}

static void vote_reply(Req *r, const VoteRow *v, int status)
{
    r->status = status;
    resp_json(r);
    vote_json(r, &r->out, v, true);
}

/* ---- votes ------------------------------------------------------------------- */

void api_votes_list(Req *r)
{
    int64_t node = 0, page, per_page;
    if (!req_query_int_or_reply(r, "node", 0, 0, INT64_MAX, &node) ||
        !req_paging_or_reply(r, &page, &per_page))
        return;
    const char *status = req_query(r, "status");
    if (status && strcmp(status, "draft") && strcmp(status, "open") && strcmp(status, "closed")) {
        reply_error(r, 400, "bad_value", "status", "状态应为 draft、open 或 closed", "status must be draft, open or closed");
        return;
    }
    NodeInfo n;
    if (node && !grid_node_load_allowed_or_reply(r, node, PERM_TREE_READ, &n))
        return;
    if (!node && !auth_require_or_reply(r, PERM_TREE_READ, NULL))
        return;
    /* Votes are few per community: filter by what the caller may read here. */
    DbStmt *st = db_query(r->db, "SELECT v.id, n.path FROM vote v JOIN node n ON n.id = v.node_id "
                                 "WHERE (v.status = ? OR CAST(? AS TEXT) IS NULL) ORDER BY v.created_at DESC, v.id DESC",
                          status ? DB_T(status) : DB_NULL, status ? DB_T(status) : DB_NULL);
    int cap = 64, k = 0;
    int64_t *ids = malloc(sizeof *ids * (size_t)cap);
    while (ids && db_step(st) == DB_ROW) {
        const char *path = db_col_text(st, 1);
        if (!perm_allows(r->who, PERM_TREE_READ, path))
            continue;
        /* node=: votes on that node, inside it, or above it (a grid vote concerns its compounds) */
        if (node && strncmp(path, n.path, strlen(n.path)) != 0 && strncmp(n.path, path, strlen(path)) != 0)
            continue;
        if (k == cap) {
            int64_t *bigger = realloc(ids, sizeof *ids * (size_t)(cap *= 2));
            if (!bigger)
                break;
            ids = bigger;
        }
        ids[k++] = db_col_int(st, 0);
    }
    bool ok = db_done(st) && ids;
    if (!ok) {
        free(ids);
        vote_reply_db(r);
        return;
    }
    resp_json(r);
    buf_puts(&r->out, "{\"items\":[");
    int64_t first = (page - 1) * per_page;
    for (int64_t i = first, w = 0; i < k && i < first + per_page; i++) {
        VoteRow v;
        if (!vote_load(r->db, r->arena, ids[i], &v))
            continue;
        if (w++)
            buf_putc(&r->out, ',');
        vote_json(r, &r->out, &v, false);
    }
    buf_printf(&r->out, "],\"page\":%lld,\"per_page\":%lld,\"total\":%d}", (long long)page, (long long)per_page, k);
    free(ids);
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

static bool one_of(const char *s, const char *a, const char *b, const char *c)
{
    return s && (strcmp(s, a) == 0 || strcmp(s, b) == 0 || (c && strcmp(s, c) == 0));
}

void api_vote_create(Req *r)
{
    json_t *body = req_json_object_or_reply(r);
    JsonValue v[14];
    if (!body || !json_fields_or_reply(r, body, vote_create_spec, v))
        return;
    NodeInfo n;
    if (!vote_scope_or_reply(r, v[0].i, &n) || !auth_require_or_reply(r, PERM_DELIB_MANAGE, n.path))
        return;
    const char *kind = v[3].s;
    if (!one_of(kind, "art278", "simple", NULL)) {
        reply_error(r, 400, "bad_value", "kind", "表决类型应为 art278（业主共同决定）或 simple（简单多数）",
                    "kind must be art278 or simple");
        return;
    }
    bool art = strcmp(kind, "art278") == 0;
    const char *method = v[5].present ? v[5].s : "yes_no";
    const char *electorate = v[7].present ? v[7].s : art ? "owners" : "households";
    if (!one_of(method, "yes_no", "single", "multi")) {
        reply_error(r, 400, "bad_value", "method", "表决方式应为 yes_no、single 或 multi", "method must be yes_no, single or multi");
        return;
    }
    if (!one_of(electorate, "owners", "households", "representatives")) {
        reply_error(r, 400, "bad_value", "electorate", "投票人应为 owners、households 或 representatives",
                    "electorate must be owners, households or representatives");
        return;
    }
    if (art && !v[4].present) {
        reply_error(r, 400, "missing_field", "matter", "业主共同决定须写明第二百七十八条的事项（1-9）",
                    "An Art. 278 vote needs its matter (1-9)");
        return;
    }
    if (!art && v[4].present) {
        reply_error(r, 400, "bad_value", "matter", "只有业主共同决定才有事项编号", "Only an Art. 278 vote has a matter");
        return;
    }
    if (art && (strcmp(method, "yes_no") != 0 || strcmp(electorate, "owners") != 0)) {
        reply_error(r, 400, "bad_value", strcmp(method, "yes_no") != 0 ? "method" : "electorate",
                    "业主共同决定只能由业主以同意/反对/弃权表决", "An Art. 278 vote is yes/no/abstain by the owners");
        return;
    }
    if (art && v[9].present && v[9].i != 0) {
        reply_error(r, 400, "bad_value", "quorum_pct", "业主共同决定的参与门槛由法律规定（三分之二）",
                    "An Art. 278 vote's quorum is set by law (two thirds)");
        return;
    }
    if (!art && v[10].present && v[10].b) {
        reply_error(r, 400, "bad_value", "nonvoters_yes", "只有业主共同决定才有未表决计为同意的地方规定",
                    "Only an Art. 278 vote has the non-voters rule");
        return;
    }
    bool choices = strcmp(method, "yes_no") != 0;
    if (choices && (!v[11].present || v[11].n_list < 2)) {
        reply_error(r, 400, "missing_field", "options", "单选或多选至少需要两个选项", "A choice needs at least two options");
        return;
    }
    if (!choices && v[11].present && v[11].n_list > 0) {
        reply_error(r, 400, "bad_value", "options", "同意/反对表决没有选项", "A yes/no vote has no options");
        return;
    }
    int64_t panel = v[8].present ? v[8].i : 0;
    if (strcmp(electorate, "representatives") == 0) {
        const char *ppath = NULL;
        DbStmt *st = db_query(r->db, "SELECT n.path FROM panel p JOIN node n ON n.id = p.node_id WHERE p.id = ?",
                              DB_I(panel));
        if (db_step(st) == DB_ROW)
            ppath = arena_strdup(r->arena, db_col_text(st, 0));
        db_done(st);
        if (!panel) {
            reply_error(r, 400, "missing_field", "panel_id", "居民代表表决须指定本范围内抽选出的代表名单",
                        "A representatives' vote needs a panel drawn in its scope");
            return;
        }
        /* a panel out of the caller's sight is answered as one that does not exist */
        if (!ppath || !perm_allows(r->who, PERM_TREE_READ, ppath)) {
            reply_error(r, 404, "not_found", "panel_id", "找不到这个代表名单", "No such panel");
            return;
        }
        if (strncmp(ppath, n.path, strlen(n.path)) != 0) {
            reply_error(r, 400, "bad_value", "panel_id", "居民代表表决须指定本范围内抽选出的代表名单",
                        "A representatives' vote needs a panel drawn in its scope");
            return;
        }
    } else if (panel) {
        reply_error(r, 400, "bad_value", "panel_id", "只有居民代表表决才指定代表名单", "Only a representatives' vote names a panel");
        return;
    }
    if (v[12].present && v[12].i <= clock_now()) {
        reply_error(r, 400, "bad_value", "closes_at", "截止时间须在将来", "closes_at must be in the future");
        return;
    }
    if (v[13].present && !vote_topic_ref_or_reply(r, v[13].i, n.path, "topic_id"))
        return;
    int64_t now = clock_now();
    DbStmt *st = db_query(
        r->db,
        "INSERT INTO vote (node_id, title, body, kind, matter, method, secret, electorate, panel_id, quorum_pct, "
        "nonvoters_yes, status, closes_at, topic_id, created_by, created_at, updated_at) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'draft', ?, ?, ?, ?, ?) RETURNING id",
        DB_I(n.id), DB_T(v[1].s), DB_T(v[2].present ? v[2].s : ""), DB_T(kind), art ? DB_I(v[4].i) : DB_NULL,
        DB_T(method), DB_I(v[6].present && v[6].b), DB_T(electorate), panel ? DB_I(panel) : DB_NULL,
        DB_I(v[9].present ? v[9].i : 0), DB_I(v[10].present && v[10].b), v[12].present ? DB_I(v[12].i) : DB_NULL,
        v[13].present ? DB_I(v[13].i) : DB_NULL, DB_I(vote_actor(r)), DB_I(now), DB_I(now));
    int64_t id = 0;
    if (db_step(st) == DB_ROW)
        id = db_col_int(st, 0);
    if (!db_done(st) || id <= 0) {
        vote_reply_db(r);
        return;
    }
    for (int i = 0; choices && i < v[11].n_list; i++)
        if (!db_exec(r->db, "INSERT INTO vote_option (vote_id, label, sort) VALUES (?, ?, ?)", DB_I(id),
                     DB_T(v[11].list[i]), DB_I(i))) {
            vote_reply_db(r);
            return;
        }
    char *after = arena_printf(r->arena, "{\"node_id\":%lld,\"title\":%j,\"kind\":%j,\"matter\":%d,\"electorate\":%j}",
                               (long long)n.id, v[1].s, kind, art ? (int)v[4].i : 0, electorate);
    VoteRow row;
    if (!vote_audit_or_reply(r, "vote", id, "create", NULL, after))
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

/* An owners' vote opens only on a register complete enough to be
 * meaningful (VOTE_REGISTER_GAP_MAX_PCT), or when staff confirm with a
 * reason. Fills the audit record's register figures either way; false:
 * replied 409 register_incomplete (or a storage error). */
static bool register_complete_or_reply(Req *r, const VoteRow *v, const JsonValue *reason, Buf *audit)
{
    if (strcmp(v->electorate, "owners") != 0)
        return true;
    Art278Result g;
    if (!vote_register_figures(r->db, r->arena, v->node_path, &g)) {
        vote_reply_db(r);
        return false;
    }
    bool too = art278_register_too_incomplete(g.units, g.units_incomplete, VOTE_REGISTER_GAP_MAX_PCT);
    buf_printf(audit, ",\"register\":{\"units\":%lld,\"units_unregistered\":%lld,\"units_without_area\":%lld,"
                      "\"units_incomplete\":%lld,\"too_incomplete\":%s}",
               (long long)g.units, (long long)g.units_unregistered, (long long)g.units_without_area,
               (long long)g.units_incomplete, too ? "true" : "false");
    if (!too)
        return true;
    if (reason->present) {
        buf_printf(audit, ",\"confirmed_incomplete_register\":true,\"reason\":%j", reason->s);
        return true;
    }
    /* the sentence names the threshold: keep the two in step */
    _Static_assert(VOTE_REGISTER_GAP_MAX_PCT == 10, "the refusal below says 10%");
    if (g.units == 0)
        reply_error(r, 409, "register_incomplete", "incomplete_register_reason",
                    "这个范围在登记簿中没有任何房屋，无法进行业主表决；请先登记房屋和业主",
                    "The register has no flat in this scope: register the flats and their owners first");
    else
        reply_error(r, 409, "register_incomplete", "incomplete_register_reason",
                    "登记簿不完整：这个范围超过 10% 的房屋未登记业主或面积，这些业主无法得知表决，结果难有意义。"
                    "请先补全登记（表决页面列出缺少的数目）；如确需开始，请填写理由（incomplete_register_reason），将记入审计日志",
                    "The register is incomplete: more than 10% of the scope's flats have no owner or area on it (the vote "
                    "shows how many). Complete it, or give incomplete_register_reason to open anyway (audited)");
    return false;
}

void api_vote_open(Req *r)
{
    VoteRow v;
    if (!vote_allowed_or_reply(r, PERM_DELIB_MANAGE, &v))
        return;
    JsonValue jv[2] = {{0}};
    if (r->body_len > 0) {
        json_t *body = req_json_object_or_reply(r);
        if (!body || !json_fields_or_reply(r, body, vote_open_spec, jv))
            return;
    }
    if (strcmp(v.status, "draft") != 0) {
        reply_error(r, 409, "conflict", "status", "只有草稿状态的表决可以开始", "Only a draft vote can be opened");
        return;
    }
    int64_t now = clock_now();
    int64_t closes = jv[0].present ? jv[0].i : v.closes_at;
    if (closes && closes <= now) {
        reply_error(r, 400, "bad_value", "closes_at", "截止时间须在将来", "closes_at must be in the future");
        return;
    }
    Buf after = BUF_INIT;
    buf_puts(&after, "{\"status\":\"open\"");
    if (!register_complete_or_reply(r, &v, &jv[1], &after)) {
        buf_free(&after);
        return;
    }
    buf_putc(&after, '}');
    bool ok = db_exec(r->db, "UPDATE vote SET status = 'open', opens_at = ?, closes_at = ?, updated_at = ? WHERE id = ?",
                      DB_I(now), closes ? DB_I(closes) : DB_NULL, DB_I(now), DB_I(v.id));
    if (!ok)
        vote_reply_db(r);
    ok = ok && vote_audit_or_reply(r, "vote", v.id, "open", "{\"status\":\"draft\"}", buf_str(&after));
    buf_free(&after);
    if (!ok)
        return;
    vote_load(r->db, r->arena, v.id, &v);
    vote_reply(r, &v, 200);
}

/* The refusals shared by every way of casting. */
static bool vote_open_for_ballots_or_reply(Req *r, const VoteRow *v)
{
    if (strcmp(v->status, "draft") == 0) {
        reply_error(r, 409, "vote_not_open", NULL, "表决尚未开始", "The vote is not open yet");
        return false;
    }
    if (strcmp(v->status, "closed") == 0 || (v->closes_at && clock_now() >= v->closes_at)) {
        reply_error(r, 409, "vote_closed", NULL, "表决已截止，不能再投票或改票", "The vote is closed: no more ballots or changes");
        return false;
    }
    return true;
}

static const JsonField ballot_spec[] = {
    {"choice", JF_STRING, 0, 0, 20},
    {NULL, 0, 0, 0, 0},
};

static const char *choice_or_reply(Req *r, const VoteRow *v, const char *choice, const int64_t *ids, int n_ids)
{
    VoteOption *o = NULL;
    int n = 0;
    if (strcmp(v->method, "yes_no") != 0 && !vote_options(r->db, r->arena, v->id, &o, &n)) {
        vote_reply_db(r);
        return NULL;
    }
    const char *c = vote_choice_normalise(r->arena, v, o, n, choice, ids, n_ids);
    if (!c)
        reply_error(r, 400, "bad_value", strcmp(v->method, "yes_no") == 0 ? "choice" : "option_ids",
                    strcmp(v->method, "yes_no") == 0 ? "请选择同意（yes）、反对（no）或弃权（abstain）"
                                                     : "请按表决方式选择有效的选项",
                    strcmp(v->method, "yes_no") == 0 ? "choice must be yes, no or abstain"
                                                     : "Choose valid options for this vote's method");
    return c;
}

void api_vote_ballot_cast(Req *r)
{
    VoteRow v;
    if (!vote_allowed_or_reply(r, PERM_TREE_READ, &v))
        return;
    json_t *body = req_json_object_or_reply(r);
    int64_t *ids;
    int n_ids;
    JsonValue jv[1];
    if (!body || !option_ids_or_reply(r, body, &ids, &n_ids) || !json_fields_or_reply(r, body, ballot_spec, jv))
        return;
    Voter me;
    bool found = false;
    if (!vote_voter_for_user(r->db, r->arena, &v, vote_actor(r), &me, &found)) {
        vote_reply_db(r);
        return;
    }
    if (!found) {
        reply_error(r, 403, "not_in_electorate", NULL, "您不在这次表决的投票人名单中",
                    "You are not in this vote's electorate");
        return;
    }
    if (!auth_require_or_reply(r, PERM_VOTE_CAST, me.household_path) || !vote_open_for_ballots_or_reply(r, &v))
        return;
    const char *choice = choice_or_reply(r, &v, jv[0].present ? jv[0].s : NULL, ids, n_ids);
    if (!choice)
        return;
    int64_t now = clock_now(), old = 0;
    bool replaced = db_int(r->db, &old, "SELECT id FROM ballot WHERE vote_id = ? AND voter_key = ?", DB_I(v.id),
                           DB_T(me.key));
    int64_t id = old;
    if (replaced) {
        /* One ballot per voter: a new one replaces the old until the close. */
        if (!db_exec(r->db,
                     "UPDATE ballot SET choice = ?, channel = 'online', proxy_name = NULL, proxy_document = NULL, "
                     "cast_by = ?, confirmed_by = NULL, counted = 1, updated_at = ? WHERE id = ?",
                     DB_T(choice), DB_I(vote_actor(r)), DB_I(now), DB_I(old))) {
            vote_reply_db(r);
            return;
        }
    } else {
        if (!db_int(r->db, &id,
                    "INSERT INTO ballot (vote_id, voter_key, household_id, choice, channel, cast_by, counted, "
                    "cast_at, updated_at) VALUES (?, ?, ?, ?, 'online', ?, 1, ?, ?) RETURNING id",
                    DB_I(v.id), DB_T(me.key), DB_I(me.household_id), DB_T(choice), DB_I(vote_actor(r)), DB_I(now),
                    DB_I(now)) || id <= 0) {
            vote_reply_db(r);
            return;
        }
    }
    /* A secret ballot's choice stays out of the audit log. */
    char *after = arena_printf(r->arena, "{\"vote_id\":%lld,\"household_id\":%lld,\"channel\":\"online\",\"choice\":%j}",
                               (long long)v.id, (long long)me.household_id, v.secret ? "secret" : choice);
    if (!vote_audit_or_reply(r, "ballot", id, replaced ? "replace" : "cast", NULL, after))
        return;
    r->status = replaced ? 200 : 201;
    resp_json(r);
    buf_printf(&r->out, "{\"id\":%lld,\"vote_id\":%lld,\"household_id\":%lld,\"choice\":%j,\"channel\":\"online\","
                        "\"counted\":true,\"replaced\":%s}",
               (long long)id, (long long)v.id, (long long)me.household_id, choice, replaced ? "true" : "false");
}

static const JsonField paper_spec[] = {
    {"household_id", JF_INT, JF_REQUIRED, 1, INT64_MAX},
    {"owner_id", JF_INT, JF_NULLABLE, 1, INT64_MAX},
    {"choice", JF_STRING, 0, 0, 20},
    {"channel", JF_STRING, 0, 0, 10},
    {"proxy_name", JF_STRING, JF_EMPTY_OK, 0, 50},
    {"proxy_document", JF_STRING, JF_EMPTY_OK, 0, 200},
    {NULL, 0, 0, 0, 0},
};

void api_vote_paper_ballot(Req *r)
{
    VoteRow v;
    if (!vote_allowed_or_reply(r, PERM_TREE_READ, &v))
        return;
    json_t *body = req_json_object_or_reply(r);
    int64_t *ids;
    int n_ids;
    JsonValue jv[6];
    if (!body || !option_ids_or_reply(r, body, &ids, &n_ids) || !json_fields_or_reply(r, body, paper_spec, jv))
        return;
    NodeInfo hh;
    if (!grid_node_ref_or_reply(r, jv[0].i, PERM_PAPER_BALLOT, "household_id", &hh))
        return;
    if (hh.kind != NODE_HOUSEHOLD) {
        reply_error(r, 404, "not_found", "household_id", "找不到这一户", "No such household");
        return;
    }
    Voter voter;
    bool found = false;
    if (!vote_voter_for_household(r->db, r->arena, &v, hh.id, jv[1].present ? jv[1].i : 0, &voter, &found)) {
        vote_reply_db(r);
        return;
    }
    if (!found) {
        reply_error(r, 403, "not_in_electorate", "household_id", "这一户（或这位业主）不在这次表决的投票人名单中",
                    "This household (or owner) is not in this vote's electorate");
        return;
    }
    if (!vote_open_for_ballots_or_reply(r, &v))
        return;
    const char *channel = jv[3].present ? jv[3].s : "paper";
    if (!one_of(channel, "paper", "proxy", NULL)) {
        reply_error(r, 400, "bad_value", "channel", "方式应为 paper（纸质票）或 proxy（委托代理）", "channel must be paper or proxy");
        return;
    }
    bool proxy = strcmp(channel, "proxy") == 0;
    if (proxy && (!jv[4].present || !jv[4].s[0])) {
        reply_error(r, 400, "missing_field", "proxy_name", "委托投票须登记代理人姓名", "A proxy ballot needs the proxy's name");
        return;
    }
    if (proxy && (!jv[5].present || !jv[5].s[0])) {
        reply_error(r, 400, "missing_field", "proxy_document", "委托投票须登记授权委托书", "A proxy ballot needs the proxy document");
        return;
    }
    if (!proxy && ((jv[4].present && jv[4].s[0]) || (jv[5].present && jv[5].s[0]))) {
        reply_error(r, 400, "bad_value", "channel", "登记代理人时方式应为 proxy", "Name a proxy only with channel proxy");
        return;
    }
    const char *choice = choice_or_reply(r, &v, jv[2].present ? jv[2].s : NULL, ids, n_ids);
    if (!choice)
        return;
    int64_t old = 0;
    if (db_int(r->db, &old, "SELECT id FROM ballot WHERE vote_id = ? AND voter_key = ?", DB_I(v.id), DB_T(voter.key))) {
        reply_error(r, 409, "ballot_exists", "household_id", "这位投票人已经投过票；本人可在截止前在线改票",
                    "This voter has already voted; they may change it online before the close");
        return;
    }
    int64_t now = clock_now(), id = 0;
    if (!db_int(r->db, &id,
                "INSERT INTO ballot (vote_id, voter_key, household_id, choice, channel, proxy_name, "
                "proxy_document, cast_by, counted, cast_at, updated_at) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?) RETURNING id",
                DB_I(v.id), DB_T(voter.key), DB_I(hh.id), DB_T(choice), DB_T(channel),
                proxy ? DB_T(jv[4].s) : DB_NULL, proxy ? DB_T(jv[5].s) : DB_NULL, DB_I(vote_actor(r)), DB_I(now),
                DB_I(now)) || id <= 0) {
        vote_reply_db(r);
        return;
    }
    char *after = arena_printf(r->arena, "{\"vote_id\":%lld,\"household_id\":%lld,\"channel\":%j,\"choice\":%j}",
                               (long long)v.id, (long long)hh.id, channel, v.secret ? "secret" : choice);
    if (!vote_audit_or_reply(r, "ballot", id, "enter", NULL, after))
        return;
    r->status = 201;
    resp_json(r);
    buf_printf(&r->out,
               "{\"id\":%lld,\"vote_id\":%lld,\"household_id\":%lld,\"choice\":%j,\"channel\":%j,\"counted\":false,"
               "\"needs_confirmation\":true}",
               (long long)id, (long long)v.id, (long long)hh.id, choice, channel);
}

void api_vote_ballot_confirm(Req *r)
{
    VoteRow v;
    int64_t bid;
    if (!vote_allowed_or_reply(r, PERM_TREE_READ, &v) || !req_param_id_or_reply(r, "bid", &bid))
        return;
    DbStmt *st = db_query(r->db,
                          "SELECT b.counted, b.cast_by, n.path, b.channel FROM ballot b JOIN node n ON n.id = b.household_id "
                          "WHERE b.id = ? AND b.vote_id = ?",
                          DB_I(bid), DB_I(v.id));
    bool found = false;
    int64_t counted = 0, cast_by = 0;
    const char *path = NULL, *channel = NULL;
    if (db_step(st) == DB_ROW) {
        found = true;
        counted = db_col_int(st, 0);
        cast_by = db_col_null(st, 1) ? 0 : db_col_int(st, 1);
        path = arena_strdup(r->arena, db_col_text(st, 2));
        channel = arena_strdup(r->arena, db_col_text(st, 3));
    }
    db_done(st);
    if (!found) {
        reply_error(r, 404, "not_found", NULL, "找不到这张选票", "No such ballot");
        return;
    }
    if (!auth_require_or_reply(r, PERM_PAPER_BALLOT, path) || !vote_open_for_ballots_or_reply(r, &v))
        return;
    if (counted) {
        reply_error(r, 409, "conflict", NULL, "这张选票已经计入", "This ballot already counts");
        return;
    }
    if (cast_by == vote_actor(r)) {
        reply_error(r, 409, "same_person", NULL, "纸质票须由录入人以外的另一人核对确认",
                    "A paper ballot must be confirmed by a second person, not the one who entered it");
        return;
    }
    int64_t now = clock_now();
    if (!db_exec(r->db, "UPDATE ballot SET counted = 1, confirmed_by = ?, updated_at = ? WHERE id = ? AND counted = 0",
                 DB_I(vote_actor(r)), DB_I(now), DB_I(bid)) ||
        !vote_audit_or_reply(r, "ballot", bid, "confirm", "{\"counted\":false}", "{\"counted\":true}"))
        return;
    resp_json(r);
    buf_printf(&r->out, "{\"id\":%lld,\"vote_id\":%lld,\"channel\":%j,\"counted\":true}", (long long)bid, (long long)v.id,
               channel);
}

void api_vote_ballots_list(Req *r)
{
    VoteRow v;
    if (!vote_allowed_or_reply(r, PERM_TREE_READ, &v))
        return;
    bool manager = perm_allows(r->who, PERM_DELIB_MANAGE, v.node_path);
    if (!manager && !perm_allows(r->who, PERM_PAPER_BALLOT, NULL)) {
        reply_forbidden(r);
        return;
    }
    int64_t pending_only = 0;
    if (!req_query_int_or_reply(r, "pending", 0, 0, 1, &pending_only))
        return;
    DbStmt *st = db_query(r->db,
                          "SELECT b.id, b.household_id, h.address, n.path, b.choice, b.channel, b.counted, b.proxy_name, "
                          "b.proxy_document, b.cast_by, b.confirmed_by, b.cast_at, b.updated_at "
                          "FROM ballot b JOIN household h ON h.node_id = b.household_id JOIN node n ON n.id = b.household_id "
                          "WHERE b.vote_id = ? AND (b.counted = 0 OR ? = 0) ORDER BY h.address, b.id",
                          DB_I(v.id), DB_I(pending_only));
    resp_json(r);
    buf_puts(&r->out, "{\"items\":[");
    int k = 0;
    while (db_step(st) == DB_ROW) {
        /* A building head sees the ballots of the households in their reach. */
        if (!manager && !perm_allows(r->who, PERM_PAPER_BALLOT, db_col_text(st, 3)))
            continue;
        char at[26];
        clock_format_iso(db_col_int(st, 12), at);
        buf_printf(&r->out,
                   "%s{\"id\":%lld,\"household_id\":%lld,\"address\":%j,\"choice\":%j,\"channel\":%j,\"counted\":%s,"
                   "\"proxy_name\":%j,\"proxy_document\":%j,\"entered_by\":%lld,\"confirmed_by\":%lld,\"updated_at\":%j}",
                   k++ ? "," : "", (long long)db_col_int(st, 0), (long long)db_col_int(st, 1), db_col_text(st, 2),
                   v.secret ? NULL : db_col_text(st, 4), db_col_text(st, 5), db_col_int(st, 6) ? "true" : "false",
                   db_col_text(st, 7), db_col_text(st, 8), (long long)(db_col_null(st, 9) ? 0 : db_col_int(st, 9)),
                   (long long)(db_col_null(st, 10) ? 0 : db_col_int(st, 10)), at);
    }
    if (!db_done(st)) {
        buf_reset(&r->out);
        vote_reply_db(r);
        return;
    }
    buf_printf(&r->out, "],\"page\":1,\"per_page\":%d,\"total\":%d}", k, k);
}

void api_vote_close(Req *r)
{
    VoteRow v;
    if (!vote_allowed_or_reply(r, PERM_DELIB_MANAGE, &v))
        return;
    if (strcmp(v.status, "open") != 0) {
        reply_error(r, 409, "conflict", "status", "只有投票中的表决可以结束", "Only an open vote can be closed");
        return;
    }
    if (vote_close(r->db, r->arena, &v, vote_actor(r)) <= 0) {
        vote_reply_db(r);
        return;
    }
    vote_load(r->db, r->arena, v.id, &v);
    resp_json(r);
    buf_printf(&r->out, "{\"vote\":");
    vote_json(r, &r->out, &v, false);
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
    if (strcmp(v->status, "closed") != 0 && !perm_allows(r->who, PERM_DELIB_MANAGE, v->node_path)) {
        reply_error(r, 409, "vote_open", NULL, "表决结束后才公布结果", "The result is shown once the vote is closed");
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
