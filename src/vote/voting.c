/* voting.c: the model of a vote's life, shared by the JSON API (api.c) and
 * the pages (pages.c): create a draft, open it, cast a ballot online, enter
 * a paper or proxy ballot, confirm it by a second person, close it. Each
 * takes a Ctx, checks what the model knows (the rules, the electorate, the
 * principal's permission on the places it touches), writes its rows with
 * the audit record in the caller's transaction, and returns a typed VoteErr
 * (vote/messages.c turns it into a reply). The adapters check the route's
 * permission on the vote and parse the input first. */
#include "vote/vote.h"
#include "vote/vote_int.h"

#include <stdlib.h>
#include <string.h>

#include "auth/audit.h"
#include "grid/grid.h"
#include "grid/read.h"

static bool fail(VoteErr *e, VoteMsg msg, const char *field)
{
    e->msg = msg;
    e->field = field;
    e->detail = NULL;
    return false;
}

/* A failed database call: busy (503, the client may retry) or internal. */
static bool fail_db(const Ctx *c, VoteErr *e)
{
    return fail(e, db_error_class(c->db) == DB_ERR_BUSY ? VM_BUSY : VM_INTERNAL, NULL);
}

/* The principal's perm at path: none signed in (401) or not allowed (403). */
static bool allowed(const Ctx *c, Perm perm, const char *path, VoteErr *e)
{
    if (perm_allows(c->who, perm, path))
        return true;
    return fail(e, c->who ? VM_FORBIDDEN : VM_LOGIN_REQUIRED, NULL);
}

static bool one_of(const char *s, const char *a, const char *b, const char *c)
{
    return s && (strcmp(s, a) == 0 || strcmp(s, b) == 0 || (c && strcmp(s, c) == 0));
}

/* True when path a lies inside b or b inside a (a vote and what it cites
 * concern each other when one scope contains the other). */
static bool nested(const char *a, const char *b)
{
    return strncmp(a, b, strlen(b)) == 0 || strncmp(b, a, strlen(a)) == 0;
}

/* The path of a row's node (panel, topic, ballot household) through grid's
 * read function; *path NULL when the row does not exist. */
static bool node_path_of(const Ctx *c, int64_t node_id, const char **path)
{
    *path = NULL;
    if (!node_id)
        return true;
    NodeInfo n;
    if (grid_node_get(c, node_id, &n))
        *path = n.path;
    return true;
}

/* The node of a panel or topic row; *found false when none. */
static bool row_node(const Ctx *c, const char *which, int64_t id, int64_t *node_id, bool *found)
{
    *node_id = 0;
    *found = false;
    DbStmt *st = strcmp(which, "panel") == 0 ? db_query(c->db, "SELECT node_id FROM panel WHERE id = ?", DB_I(id))
                                             : db_query(c->db, "SELECT node_id FROM topic WHERE id = ?", DB_I(id));
    if (db_step(st) == DB_ROW) {
        *node_id = db_col_int(st, 0);
        *found = true;
    }
    return db_done(st);
}

bool vote_topic_in_scope(const Ctx *c, int64_t topic_id, const char *scope, const char *field, VoteErr *e)
{
    int64_t node = 0;
    bool found;
    const char *tp = NULL;
    if (!row_node(c, "topic", topic_id, &node, &found) || !node_path_of(c, found ? node : 0, &tp))
        return fail_db(c, e);
    /* a topic out of the caller's sight is answered as one that does not exist */
    if (!tp || !perm_allows(c->who, PERM_TREE_READ, tp))
        return fail(e, VM_NO_SUCH_TOPIC, field);
    if (!nested(tp, scope))
        return fail(e, VM_TOPIC_OUT_OF_SCOPE, field);
    return true;
}

/* ---- a draft ----------------------------------------------------------------- */

bool vote_create(const Ctx *c, const VoteNew *in, int64_t *id, VoteErr *e)
{
    *id = 0;
    const char *kind = in->kind;
    if (!one_of(kind, "art278", "simple", NULL))
        return fail(e, VM_BAD_KIND, "kind");
    bool art = strcmp(kind, "art278") == 0;
    const char *method = in->method ? in->method : "yes_no";
    const char *electorate = in->electorate ? in->electorate : art ? "owners" : "households";
    if (!one_of(method, "yes_no", "single", "multi"))
        return fail(e, VM_BAD_METHOD, "method");
    if (!one_of(electorate, "owners", "households", "representatives"))
        return fail(e, VM_BAD_ELECTORATE, "electorate");
    if (art && !in->has_matter)
        return fail(e, VM_MATTER_MISSING, "matter");
    if (!art && in->has_matter)
        return fail(e, VM_MATTER_NOT_ART278, "matter");
    if (art && (strcmp(method, "yes_no") != 0 || strcmp(electorate, "owners") != 0))
        return fail(e, VM_ART278_YES_NO_OWNERS, strcmp(method, "yes_no") != 0 ? "method" : "electorate");
    if (art && in->quorum_pct != 0)
        return fail(e, VM_ART278_QUORUM, "quorum_pct");
    if (!art && in->nonvoters_yes)
        return fail(e, VM_NONVOTERS_NOT_ART278, "nonvoters_yes");
    bool choices = strcmp(method, "yes_no") != 0;
    if (choices && in->n_options < 2)
        return fail(e, VM_OPTIONS_TOO_FEW, "options");
    if (!choices && in->n_options > 0)
        return fail(e, VM_OPTIONS_FOR_YES_NO, "options");
    int64_t panel = in->panel_id;
    if (strcmp(electorate, "representatives") == 0) {
        int64_t pnode = 0;
        bool found = false;
        const char *ppath = NULL;
        if (panel && (!row_node(c, "panel", panel, &pnode, &found) || !node_path_of(c, found ? pnode : 0, &ppath)))
            return fail_db(c, e);
        if (!panel)
            return fail(e, VM_PANEL_MISSING, "panel_id");
        /* a panel out of the caller's sight is answered as one that does not exist */
        if (!ppath || !perm_allows(c->who, PERM_TREE_READ, ppath))
            return fail(e, VM_NO_SUCH_PANEL, "panel_id");
        if (strncmp(ppath, in->node_path, strlen(in->node_path)) != 0)
            return fail(e, VM_PANEL_OUT_OF_SCOPE, "panel_id");
    } else if (panel) {
        return fail(e, VM_PANEL_NOT_REPRESENTATIVES, "panel_id");
    }
    if (in->closes_at && in->closes_at <= c->now)
        return fail(e, VM_CLOSES_IN_PAST, "closes_at");
    if (in->topic_id && !vote_topic_in_scope(c, in->topic_id, in->node_path, "topic_id", e))
        return false;
    int64_t now = c->now, actor = ctx_actor(c);
    if (!db_int(c->db, id,
                "INSERT INTO vote (node_id, title, body, kind, matter, method, secret, electorate, panel_id, quorum_pct, "
                "nonvoters_yes, status, closes_at, topic_id, created_by, created_at, updated_at) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'draft', ?, ?, ?, ?, ?) RETURNING id",
                DB_I(in->node_id), DB_T(in->title), DB_T(in->body ? in->body : ""), DB_T(kind),
                art ? DB_I(in->matter) : DB_NULL, DB_T(method), DB_I(in->secret), DB_T(electorate),
                panel ? DB_I(panel) : DB_NULL, DB_I(in->quorum_pct), DB_I(in->nonvoters_yes),
                in->closes_at ? DB_I(in->closes_at) : DB_NULL, in->topic_id ? DB_I(in->topic_id) : DB_NULL,
                DB_I(actor), DB_I(now), DB_I(now)) ||
        *id <= 0)
        return fail_db(c, e);
    for (int i = 0; choices && i < in->n_options; i++)
        if (!db_exec(c->db, "INSERT INTO vote_option (vote_id, label, sort) VALUES (?, ?, ?)", DB_I(*id),
                     DB_T(in->options[i]), DB_I(i)))
            return fail_db(c, e);
    char *after = arena_printf(c->arena, "{\"node_id\":%lld,\"title\":%j,\"kind\":%j,\"matter\":%d,\"electorate\":%j}",
                               (long long)in->node_id, in->title, kind, art ? in->matter : 0, electorate);
    if (!audit_append(c->db, actor, "vote", *id, "create", NULL, after))
        return fail_db(c, e);
    return true;
}

/* ---- opening ------------------------------------------------------------------ */

/* An owners' vote opens only on a register complete enough to be
 * meaningful (VOTE_REGISTER_GAP_MAX_PCT), or when staff confirm with a
 * reason. Adds the register figures to the audit record either way. */
static bool register_complete(const Ctx *c, const VoteRow *v, const char *reason, Buf *audit, VoteErr *e)
{
    if (strcmp(v->electorate, "owners") != 0)
        return true;
    Art278Result g;
    if (!vote_register_figures(c->db, c->arena, v->node_path, &g))
        return fail_db(c, e);
    bool too = art278_register_too_incomplete(g.units, g.units_incomplete, VOTE_REGISTER_GAP_MAX_PCT);
    buf_printf(audit, ",\"register\":{\"units\":%lld,\"units_unregistered\":%lld,\"units_without_area\":%lld,"
                      "\"units_incomplete\":%lld,\"too_incomplete\":%s}",
               (long long)g.units, (long long)g.units_unregistered, (long long)g.units_without_area,
               (long long)g.units_incomplete, too ? "true" : "false");
    if (!too)
        return true;
    if (reason) {
        buf_printf(audit, ",\"confirmed_incomplete_register\":true,\"reason\":%j", reason);
        return true;
    }
    /* the refusal's sentence (messages.c) names the threshold: keep the two in step */
    _Static_assert(VOTE_REGISTER_GAP_MAX_PCT == 10, "the refusal says 10%");
    return fail(e, g.units == 0 ? VM_REGISTER_EMPTY : VM_REGISTER_INCOMPLETE, "incomplete_register_reason");
}

bool vote_open(const Ctx *c, VoteRow *v, int64_t closes_at, const char *register_reason, VoteErr *e)
{
    if (strcmp(v->status, "draft") != 0)
        return fail(e, VM_NOT_DRAFT, "status");
    if (closes_at && closes_at <= c->now)
        return fail(e, VM_CLOSES_IN_PAST, "closes_at");
    Buf after = BUF_INIT;
    buf_puts(&after, "{\"status\":\"open\"");
    bool ok = register_complete(c, v, register_reason, &after, e);
    buf_putc(&after, '}');
    if (ok && (!db_exec(c->db, "UPDATE vote SET status = 'open', opens_at = ?, closes_at = ?, updated_at = ? WHERE id = ?",
                        DB_I(c->now), closes_at ? DB_I(closes_at) : DB_NULL, DB_I(c->now), DB_I(v->id)) ||
               !audit_append(c->db, ctx_actor(c), "vote", v->id, "open", "{\"status\":\"draft\"}", buf_str(&after))))
        ok = fail_db(c, e);
    buf_free(&after);
    return ok;
}

/* ---- ballots ------------------------------------------------------------------ */

/* The refusals shared by every way of casting. */
static bool open_for_ballots(const Ctx *c, const VoteRow *v, VoteErr *e)
{
    if (strcmp(v->status, "draft") == 0)
        return fail(e, VM_VOTE_NOT_OPEN, NULL);
    if (strcmp(v->status, "closed") == 0 || (v->closes_at && c->now >= v->closes_at))
        return fail(e, VM_VOTE_CLOSED, NULL);
    return true;
}

static const char *valid_choice(const Ctx *c, const VoteRow *v, const char *choice, const int64_t *ids, int n_ids,
                                VoteErr *e)
{
    VoteOption *o = NULL;
    int n = 0;
    bool yes_no = strcmp(v->method, "yes_no") == 0;
    if (!yes_no && !vote_options(c->db, c->arena, v->id, &o, &n)) {
        fail_db(c, e);
        return NULL;
    }
    const char *out = vote_choice_normalise(c->arena, v, o, n, choice, ids, n_ids);
    if (!out)
        fail(e, yes_no ? VM_BAD_CHOICE : VM_BAD_OPTIONS, yes_no ? "choice" : "option_ids");
    return out;
}

bool vote_ballot_cast(const Ctx *c, const VoteRow *v, const char *choice, const int64_t *ids, int n_ids,
                      VoteBallot *out, VoteErr *e)
{
    memset(out, 0, sizeof *out);
    int64_t actor = ctx_actor(c);
    Voter me;
    bool found = false;
    if (!vote_voter_for_user(c->db, c->arena, v, actor, &me, &found))
        return fail_db(c, e);
    if (!found)
        return fail(e, VM_NOT_IN_ELECTORATE, NULL);
    if (!allowed(c, PERM_VOTE_CAST, me.household_path, e) || !open_for_ballots(c, v, e))
        return false;
    const char *ch = valid_choice(c, v, choice, ids, n_ids, e);
    if (!ch)
        return false;
    int64_t now = c->now, old = 0;
    bool replaced = false;
    DbStmt *st = db_query(c->db, "SELECT id FROM ballot WHERE vote_id = ? AND voter_key = ?", DB_I(v->id),
                          DB_T(me.key));
    if (db_step(st) == DB_ROW) {
        old = db_col_int(st, 0);
        replaced = true;
    }
    if (!db_done(st))
        return fail_db(c, e);
    int64_t id = old;
    if (replaced) {
        /* One ballot per voter: a new one replaces the old until the close. */
        if (!db_exec(c->db,
                     "UPDATE ballot SET choice = ?, channel = 'online', proxy_name = NULL, proxy_document = NULL, "
                     "cast_by = ?, confirmed_by = NULL, counted = 1, updated_at = ? WHERE id = ?",
                     DB_T(ch), DB_I(actor), DB_I(now), DB_I(old)))
            return fail_db(c, e);
    } else if (!db_int(c->db, &id,
                       "INSERT INTO ballot (vote_id, voter_key, household_id, choice, channel, cast_by, counted, "
                       "cast_at, updated_at) VALUES (?, ?, ?, ?, 'online', ?, 1, ?, ?) RETURNING id",
                       DB_I(v->id), DB_T(me.key), DB_I(me.household_id), DB_T(ch), DB_I(actor), DB_I(now),
                       DB_I(now)) ||
               id <= 0) {
        return fail_db(c, e);
    }
    /* A secret ballot's choice stays out of the audit log. */
    char *after = arena_printf(c->arena, "{\"vote_id\":%lld,\"household_id\":%lld,\"channel\":\"online\",\"choice\":%j}",
                               (long long)v->id, (long long)me.household_id, v->secret ? "secret" : ch);
    if (!audit_append(c->db, actor, "ballot", id, replaced ? "replace" : "cast", NULL, after))
        return fail_db(c, e);
    *out = (VoteBallot){.id = id, .household_id = me.household_id, .choice = ch, .channel = "online", .replaced = replaced, .counted = true};
    return true;
}

static bool given(const char *s)
{
    return s && s[0];
}

bool vote_ballot_enter(const Ctx *c, const VoteRow *v, const VotePaper *in, VoteBallot *out, VoteErr *e)
{
    memset(out, 0, sizeof *out);
    Voter voter;
    bool found = false;
    if (!vote_voter_for_household(c->db, c->arena, v, in->household_id, in->owner_id, &voter, &found))
        return fail_db(c, e);
    if (!found)
        return fail(e, VM_HOUSEHOLD_NOT_IN_ELECTORATE, "household_id");
    if (!open_for_ballots(c, v, e))
        return false;
    const char *channel = in->channel ? in->channel : "paper";
    if (!one_of(channel, "paper", "proxy", NULL))
        return fail(e, VM_BAD_CHANNEL, "channel");
    bool proxy = strcmp(channel, "proxy") == 0;
    if (proxy && !given(in->proxy_name))
        return fail(e, VM_PROXY_NAME_MISSING, "proxy_name");
    if (proxy && !given(in->proxy_document))
        return fail(e, VM_PROXY_DOCUMENT_MISSING, "proxy_document");
    if (!proxy && (given(in->proxy_name) || given(in->proxy_document)))
        return fail(e, VM_PROXY_WITHOUT_CHANNEL, "channel");
    const char *ch = valid_choice(c, v, in->choice, in->ids, in->n_ids, e);
    if (!ch)
        return false;
    bool exists = false;
    DbStmt *st = db_query(c->db, "SELECT id FROM ballot WHERE vote_id = ? AND voter_key = ?", DB_I(v->id),
                          DB_T(voter.key));
    if (db_step(st) == DB_ROW)
        exists = true;
    if (!db_done(st))
        return fail_db(c, e);
    if (exists)
        return fail(e, VM_BALLOT_EXISTS, "household_id");
    int64_t now = c->now, id = 0, actor = ctx_actor(c);
    if (!db_int(c->db, &id,
                "INSERT INTO ballot (vote_id, voter_key, household_id, choice, channel, proxy_name, "
                "proxy_document, cast_by, counted, cast_at, updated_at) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?) RETURNING id",
                DB_I(v->id), DB_T(voter.key), DB_I(in->household_id), DB_T(ch), DB_T(channel),
                proxy ? DB_T(in->proxy_name) : DB_NULL, proxy ? DB_T(in->proxy_document) : DB_NULL, DB_I(actor),
                DB_I(now), DB_I(now)) ||
        id <= 0)
        return fail_db(c, e);
    char *after = arena_printf(c->arena, "{\"vote_id\":%lld,\"household_id\":%lld,\"channel\":%j,\"choice\":%j}",
                               (long long)v->id, (long long)in->household_id, channel, v->secret ? "secret" : ch);
    if (!audit_append(c->db, actor, "ballot", id, "enter", NULL, after))
        return fail_db(c, e);
    *out = (VoteBallot){.id = id, .household_id = in->household_id, .choice = ch, .channel = channel};
    return true;
}

bool vote_ballot_confirm(const Ctx *c, const VoteRow *v, int64_t ballot_id, VoteBallot *out, VoteErr *e)
{
    memset(out, 0, sizeof *out);
    DbStmt *st = db_query(c->db,
                          "SELECT counted, cast_by, household_id, channel FROM ballot WHERE id = ? AND vote_id = ?",
                          DB_I(ballot_id), DB_I(v->id));
    bool found = false;
    int64_t counted = 0, cast_by = 0, household = 0;
    const char *channel = NULL;
    if (db_step(st) == DB_ROW) {
        found = true;
        counted = db_col_int(st, 0);
        cast_by = db_col_null(st, 1) ? 0 : db_col_int(st, 1);
        household = db_col_int(st, 2);
        channel = arena_strdup(c->arena, db_col_text(st, 3));
    }
    if (!db_done(st))
        return fail_db(c, e);
    if (!found)
        return fail(e, VM_NO_SUCH_BALLOT, NULL);
    /* the household's place, for the second person's reach */
    const char *path = NULL;
    if (!node_path_of(c, household, &path))
        return fail_db(c, e);
    if (!allowed(c, PERM_PAPER_BALLOT, path, e) || !open_for_ballots(c, v, e))
        return false;
    if (counted)
        return fail(e, VM_BALLOT_COUNTED, NULL);
    int64_t actor = ctx_actor(c);
    if (cast_by == actor)
        return fail(e, VM_SAME_PERSON, NULL);
    if (!db_exec(c->db, "UPDATE ballot SET counted = 1, confirmed_by = ?, updated_at = ? WHERE id = ? AND counted = 0",
                 DB_I(actor), DB_I(c->now), DB_I(ballot_id)) ||
        !audit_append(c->db, actor, "ballot", ballot_id, "confirm", "{\"counted\":false}", "{\"counted\":true}"))
        return fail_db(c, e);
    *out = (VoteBallot){.id = ballot_id, .household_id = household, .channel = channel, .counted = true};
    return true;
}

bool vote_ballot_of(const Ctx *c, int64_t vote_id, const char *voter_key, VoteBallot *out, bool *found)
{
    memset(out, 0, sizeof *out);
    *found = false;
    DbStmt *st = db_query(c->db,
                          "SELECT id, household_id, choice, channel, counted FROM ballot WHERE vote_id = ? AND voter_key = ?",
                          DB_I(vote_id), DB_T(voter_key));
    if (db_step(st) == DB_ROW) {
        *found = true;
        out->id = db_col_int(st, 0);
        out->household_id = db_col_int(st, 1);
        out->choice = arena_strdup(c->arena, db_col_text(st, 2));
        out->channel = arena_strdup(c->arena, db_col_text(st, 3));
        out->counted = db_col_int(st, 4) != 0;
    }
    return db_done(st);
}

bool vote_ballot_counts(const Ctx *c, int64_t vote_id, int64_t *counted, int64_t *pending)
{
    *counted = *pending = 0;
    return db_int(c->db, counted, "SELECT COUNT(*) FROM ballot WHERE vote_id = ? AND counted = 1", DB_I(vote_id)) &&
           db_int(c->db, pending, "SELECT COUNT(*) FROM ballot WHERE vote_id = ? AND counted = 0", DB_I(vote_id));
}

/* ---- closing ------------------------------------------------------------------ */

bool vote_finish(const Ctx *c, VoteRow *v, VoteErr *e)
{
    if (strcmp(v->status, "open") != 0)
        return fail(e, VM_NOT_OPEN_TO_CLOSE, "status");
    if (vote_close(c, v) <= 0)
        return fail_db(c, e);
    return true;
}

bool vote_result_visible(const Ctx *c, const VoteRow *v, VoteErr *e)
{
    /* live figures are for those who run the vote; everyone else waits for the close */
    if (strcmp(v->status, "closed") != 0 && !delib_may_manage(c->who, v->node_path))
        return fail(e, VM_RESULT_NOT_YET, NULL);
    return true;
}

/* ---- lists -------------------------------------------------------------------- */

/* The place of each row a list meets, for the whole node, when a list shows the place's name too. */
typedef struct PlaceCache {
    int n;
    NodeInfo nodes[32];
} PlaceCache;

static bool cached_place(const Ctx *c, PlaceCache *pc, int64_t node_id, NodeInfo *out)
{
    for (int i = 0; i < pc->n; i++)
        if (pc->nodes[i].id == node_id) {
            *out = pc->nodes[i];
            return true;
        }
    if (grid_node_find(c, node_id, out) != GRID_OK)
        return false;
    if (pc->n < (int)(sizeof pc->nodes / sizeof pc->nodes[0]))
        pc->nodes[pc->n++] = *out;
    return true;
}

bool vote_lines(const Ctx *c, VoteLine **out, int *n)
{
    *out = NULL;
    *n = 0;
    DbStmt *st = db_query(c->db, "SELECT id, node_id, title, status, kind, passed FROM vote ORDER BY CASE status "
                                 "WHEN 'open' THEN 0 WHEN 'draft' THEN 1 ELSE 2 END, created_at DESC, id DESC");
    PlaceCache pc = {0};
    int cap = 0;
    bool ok = true;
    while (ok && db_step(st) == DB_ROW) {
        NodeInfo node;
        if (!cached_place(c, &pc, db_col_int(st, 1), &node)) {
            ok = false;
            break;
        }
        if (!perm_allows(c->who, PERM_TREE_READ, node.path))
            continue;
        if (*n == cap) {
            int ncap = cap ? cap * 2 : 64;
            VoteLine *bigger = arena_alloc(c->arena, sizeof *bigger * (size_t)ncap);
            if (*n)
                memcpy(bigger, *out, sizeof *bigger * (size_t)*n);
            *out = bigger;
            cap = ncap;
        }
        (*out)[(*n)++] = (VoteLine){.id = db_col_int(st, 0),
                                    .node_id = node.id,
                                    .node_path = node.path,
                                    .node_name = node.name,
                                    .title = arena_strdup(c->arena, db_col_text(st, 2)),
                                    .status = arena_strdup(c->arena, db_col_text(st, 3)),
                                    .kind = arena_strdup(c->arena, db_col_text(st, 4)),
                                    .passed = db_col_null(st, 5) ? -1 : db_col_int(st, 5) != 0};
    }
    return db_done(st) && ok;
}

static int id_cmp(const void *x, const void *y)
{
    int64_t a = *(const int64_t *)x, b = *(const int64_t *)y;
    return (a > b) - (a < b);
}

static int home_cmp(const void *x, const void *y)
{
    const VotePaperHome *a = x, *b = y;
    int k = strcmp(a->address ? a->address : "", b->address ? b->address : "");
    return k ? k : (a->household_id > b->household_id) - (a->household_id < b->household_id);
}

bool vote_paper_homes(const Ctx *c, const VoteRow *v, VotePaperHome **out, int *n)
{
    *out = NULL;
    *n = 0;
    HouseholdList hl;
    if (grid_households_in(c, v->node_path, &hl) != GRID_OK)
        return false;
    if (!hl.n)
        return true;
    /* the households that have a ballot, sorted for the lookups below */
    int64_t *voted = NULL;
    int nv = 0, cap = 0;
    DbStmt *st = db_query(c->db, "SELECT household_id FROM ballot WHERE vote_id = ?", DB_I(v->id));
    while (db_step(st) == DB_ROW) {
        if (nv == cap) {
            int ncap = cap ? cap * 2 : 64;
            int64_t *bigger = arena_alloc(c->arena, sizeof *bigger * (size_t)ncap);
            if (nv)
                memcpy(bigger, voted, sizeof *bigger * (size_t)nv);
            voted = bigger;
            cap = ncap;
        }
        voted[nv++] = db_col_int(st, 0);
    }
    if (!db_done(st))
        return false;
    if (nv > 1)
        qsort(voted, (size_t)nv, sizeof *voted, id_cmp);
    *out = arena_alloc(c->arena, sizeof **out * (size_t)hl.n);
    for (int i = 0; i < hl.n; i++) {
        const HouseholdInfo *h = &hl.items[i];
        if (nv && bsearch(&h->node_id, voted, (size_t)nv, sizeof *voted, id_cmp))
            continue;
        (*out)[(*n)++] = (VotePaperHome){h->node_id, h->address, h->path};
    }
    if (*n > 1)
        qsort(*out, (size_t)*n, sizeof **out, home_cmp);
    return true;
}

static int line_cmp(const void *x, const void *y)
{
    const VoteBallotLine *a = x, *b = y;
    int k = strcmp(a->address ? a->address : "", b->address ? b->address : "");
    return k ? k : (a->id > b->id) - (a->id < b->id);
}

bool vote_ballot_lines(const Ctx *c, int64_t vote_id, bool pending_only, VoteBallotLine **out, int *n)
{
    *out = NULL;
    *n = 0;
    DbStmt *st = db_query(c->db,
                          "SELECT id, household_id, choice, channel, counted, proxy_name, proxy_document, cast_by, "
                          "confirmed_by, cast_at, updated_at FROM ballot WHERE vote_id = ? AND (counted = 0 OR ? = 0) "
                          "ORDER BY id",
                          DB_I(vote_id), DB_I(pending_only));
    int cap = 0;
    while (db_step(st) == DB_ROW) {
        if (*n == cap) {
            int ncap = cap ? cap * 2 : 64;
            VoteBallotLine *bigger = arena_alloc(c->arena, sizeof *bigger * (size_t)ncap);
            if (*n)
                memcpy(bigger, *out, sizeof *bigger * (size_t)*n);
            *out = bigger;
            cap = ncap;
        }
        vote_ballot_line_from_row(c, st, &(*out)[(*n)++]);
    }
    if (!db_done(st))
        return false;
    /* each ballot's household: its address and place, from the register */
    int k = 0;
    for (int i = 0; i < *n; i++) {
        HouseholdInfo h;
        GridRead g = grid_household_get(c, (*out)[i].household_id, &h);
        if (g == GRID_NOT_FOUND)
            continue; /* as the JOIN it replaces: a ballot without its household row is not listed */
        if (g != GRID_OK)
            return false;
        (*out)[i].address = h.address;
        (*out)[i].household_path = h.path;
        (*out)[k++] = (*out)[i];
    }
    *n = k;
    /* by address, then ballot (byte order of the address) */
    if (k > 1)
        qsort(*out, (size_t)k, sizeof **out, line_cmp);
    return true;
}

/* One ballot line from a row of the ballot columns both ballot lists
 * select (id, household_id, choice, channel, counted, proxy_name,
 * proxy_document, cast_by, confirmed_by, cast_at, updated_at). */
void vote_ballot_line_from_row(const Ctx *c, DbStmt *st, VoteBallotLine *l)
{
    memset(l, 0, sizeof *l);
    l->id = db_col_int(st, 0);
    l->household_id = db_col_int(st, 1);
    l->choice = arena_strdup(c->arena, db_col_text(st, 2));
    l->channel = arena_strdup(c->arena, db_col_text(st, 3));
    l->counted = db_col_int(st, 4) != 0;
    l->proxy_name = arena_strdup(c->arena, db_col_text(st, 5));
    l->proxy_document = arena_strdup(c->arena, db_col_text(st, 6));
    l->cast_by = db_col_null(st, 7) ? 0 : db_col_int(st, 7);
    l->confirmed_by = db_col_null(st, 8) ? 0 : db_col_int(st, 8);
    l->cast_at = db_col_int(st, 9);
    l->updated_at = db_col_int(st, 10);
}
