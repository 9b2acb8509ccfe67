/* convention.c: the model of conventions (院落公约) drafted in the open —
 * versions, comments per clause, a final vote — and of decisions moved step
 * by step through 提议→讨论→表决→公示 or 一征三议两公开 (vote/delib.h). The
 * only writer of convention, convention_version, convention_comment,
 * decision and decision_step. */
#include "vote/delib.h"
#include "vote/delib_int.h"
#include "vote/vote_int.h"

#include <string.h>

#include "auth/audit.h"
#include "vote/notice.h"

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

int delib_clause_count(const char *body)
{
    int n = 0;
    const char *line;
    size_t len;
    while (vote_clause_next(&body, &line, &len))
        n++;
    return n;
}

/* ---- conventions ---------------------------------------------------------------- */

#define CONVENTION_COLS                                                                                              \
    "SELECT c.id, c.node_id, c.title, c.status, c.vote_id, "                                                         \
    "(SELECT MAX(v.version) FROM convention_version v WHERE v.convention_id = c.id) FROM convention c "

static void convention_row(Arena *a, DbStmt *st, Convention *cv)
{
    cv->id = db_col_int(st, 0);
    cv->node_id = db_col_int(st, 1);
    cv->title = arena_strdup(a, db_col_text(st, 2));
    cv->status = arena_strdup(a, db_col_text(st, 3));
    cv->vote_id = db_col_null(st, 4) ? 0 : db_col_int(st, 4);
    cv->version = db_col_null(st, 5) ? 0 : (int)db_col_int(st, 5);
    cv->node_name = cv->node_path = NULL;
}

bool delib_conventions_list(const Ctx *c, Convention **out, int *n, VoteErr *e)
{
    int k = 0, cap = 0;
    Convention *cv = NULL;
    DbStmt *st = db_query(c->db, CONVENTION_COLS "ORDER BY c.id DESC");
    while (db_step(st) == DB_ROW) {
        cv = delib_grow(c->arena, cv, sizeof *cv, k, &cap);
        convention_row(c->arena, st, &cv[k++]);
    }
    if (!db_done(st))
        return delib_err_db(e, c->db);
    for (int i = 0; i < k; i++)
        if (!delib_place(c, cv[i].node_id, &cv[i].node_name, &cv[i].node_path, e))
            return false;
    *out = cv;
    *n = k;
    return true;
}

bool delib_convention_get(const Ctx *c, int64_t id, Convention *out, VoteErr *e)
{
    DbStmt *st = db_query(c->db, CONVENTION_COLS "WHERE c.id = ?", DB_I(id));
    bool found = db_step(st) == DB_ROW;
    if (found)
        convention_row(c->arena, st, out);
    if (!db_done(st))
        return delib_err_db(e, c->db);
    if (!found)
        return delib_err(e, VM_NO_SUCH_CONVENTION, NULL);
    return delib_place(c, out->node_id, &out->node_name, &out->node_path, e);
}

bool delib_convention_versions(const Ctx *c, int64_t id, ConventionVersion **out, int *n, VoteErr *e)
{
    int k = 0, cap = 0;
    ConventionVersion *v = NULL;
    DbStmt *st = db_query(c->db, "SELECT version, body, note, created_at FROM convention_version WHERE convention_id = ? "
                                 "ORDER BY version",
                          DB_I(id));
    while (db_step(st) == DB_ROW) {
        v = delib_grow(c->arena, v, sizeof *v, k, &cap);
        v[k++] = (ConventionVersion){(int)db_col_int(st, 0), arena_strdup(c->arena, db_col_text(st, 1)),
                                     arena_strdup(c->arena, db_col_text(st, 2)), db_col_int(st, 3)};
    }
    if (!db_done(st))
        return delib_err_db(e, c->db);
    *out = v;
    *n = k;
    return true;
}

bool delib_convention_comments(const Ctx *c, int64_t id, ConventionComment **out, int *n, VoteErr *e)
{
    int k = 0, cap = 0;
    ConventionComment *m = NULL;
    DbStmt *st = db_query(c->db, "SELECT id, user_id, version, clause, body, created_at FROM convention_comment "
                                 "WHERE convention_id = ? ORDER BY version, clause, id",
                          DB_I(id));
    while (db_step(st) == DB_ROW) {
        m = delib_grow(c->arena, m, sizeof *m, k, &cap);
        m[k++] = (ConventionComment){db_col_int(st, 0), db_col_int(st, 1), (int)db_col_int(st, 2), (int)db_col_int(st, 3),
                                     arena_strdup(c->arena, db_col_text(st, 4)), db_col_int(st, 5)};
    }
    if (!db_done(st))
        return delib_err_db(e, c->db);
    *out = m;
    *n = k;
    return true;
}

bool delib_convention_drafting(const Convention *cv, VoteErr *e)
{
    if (strcmp(cv->status, "drafting") == 0)
        return true;
    return delib_err(e, VM_CONVENTION_FINAL, "status");
}

bool delib_convention_create(const Ctx *c, int64_t node_id, const char *title, const char *body, int64_t *id,
                             VoteErr *e)
{
    *id = 0;
    if (!db_int(c->db, id,
                "INSERT INTO convention (node_id, title, status, created_by, created_at, updated_at) "
                "VALUES (?, ?, 'drafting', ?, ?, ?) RETURNING id",
                DB_I(node_id), DB_T(title), DB_I(ctx_actor(c)), DB_I(c->now), DB_I(c->now)) ||
        *id <= 0 ||
        !db_exec(c->db,
                 "INSERT INTO convention_version (convention_id, version, body, note, created_by, created_at) "
                 "VALUES (?, 1, ?, '初稿', ?, ?)",
                 DB_I(*id), DB_T(body), DB_I(ctx_actor(c)), DB_I(c->now)) ||
        !audit_append(c->db, ctx_actor(c), "convention", *id, "draft", NULL,
                      arena_printf(c->arena, "{\"title\":%j}", title)))
        return delib_err_db(e, c->db);
    return true;
}

bool delib_convention_version_add(const Ctx *c, const Convention *cv, const char *body, const char *note, VoteErr *e)
{
    if (!delib_convention_drafting(cv, e))
        return false;
    if (!db_exec(c->db,
                 "INSERT INTO convention_version (convention_id, version, body, note, created_by, created_at) "
                 "VALUES (?, ?, ?, ?, ?, ?)",
                 DB_I(cv->id), DB_I(cv->version + 1), DB_T(body), DB_T(note ? note : ""), DB_I(ctx_actor(c)),
                 DB_I(c->now)) ||
        !db_exec(c->db, "UPDATE convention SET updated_at = ? WHERE id = ?", DB_I(c->now), DB_I(cv->id)) ||
        !audit_append(c->db, ctx_actor(c), "convention", cv->id, "version", NULL,
                      arena_printf(c->arena, "{\"version\":%d}", cv->version + 1)))
        return delib_err_db(e, c->db);
    return true;
}

/* The text of one version; *text NULL when there is no such version. */
static bool version_text(const Ctx *c, int64_t convention, int64_t version, const char **text)
{
    *text = NULL;
    DbStmt *st = db_query(c->db, "SELECT body FROM convention_version WHERE convention_id = ? AND version = ?",
                          DB_I(convention), DB_I(version));
    if (db_step(st) == DB_ROW)
        *text = arena_strdup(c->arena, db_col_text(st, 0));
    return db_done(st);
}

bool delib_convention_comment(const Ctx *c, const Convention *cv, int version, int clause, const char *body,
                              VoteErr *e)
{
    if (!delib_convention_drafting(cv, e))
        return false;
    const char *text;
    if (!version_text(c, cv->id, version, &text))
        return delib_err_db(e, c->db);
    if (!text)
        return delib_err(e, VM_NO_SUCH_VERSION, "version");
    if (clause > delib_clause_count(text))
        return delib_err(e, VM_NO_SUCH_CLAUSE, "clause");
    if (!db_exec(c->db,
                 "INSERT INTO convention_comment (convention_id, version, clause, user_id, body, created_at) "
                 "VALUES (?, ?, ?, ?, ?, ?)",
                 DB_I(cv->id), DB_I(version), DB_I(clause), DB_I(ctx_actor(c)), DB_T(body), DB_I(c->now)) ||
        !audit_append(c->db, ctx_actor(c), "convention", cv->id, "comment", NULL,
                      arena_printf(c->arena, "{\"version\":%lld,\"clause\":%lld}", (long long)version, (long long)clause)))
        return delib_err_db(e, c->db);
    return true;
}

bool delib_convention_to_vote(const Ctx *c, const Convention *cv, int quorum_pct, int64_t *vote_id, VoteErr *e)
{
    if (!delib_convention_drafting(cv, e))
        return false;
    const char *text;
    if (!version_text(c, cv->id, cv->version, &text))
        return delib_err_db(e, c->db);
    *vote_id = 0;
    if (!db_int(c->db, vote_id,
                "INSERT INTO vote (node_id, title, body, kind, method, secret, electorate, quorum_pct, nonvoters_yes, "
                "status, created_by, created_at, updated_at) "
                "VALUES (?, ?, ?, 'simple', 'yes_no', 0, 'households', ?, 0, 'draft', ?, ?, ?) RETURNING id",
                DB_I(cv->node_id), DB_T(arena_printf(c->arena, "公约表决：%s（第%d稿）", cv->title, cv->version)),
                DB_T(text ? text : ""), DB_I(quorum_pct < 0 ? 50 : quorum_pct), DB_I(ctx_actor(c)), DB_I(c->now),
                DB_I(c->now)) ||
        *vote_id <= 0 ||
        !db_exec(c->db, "UPDATE convention SET status = 'voting', vote_id = ?, updated_at = ? WHERE id = ?",
                 DB_I(*vote_id), DB_I(c->now), DB_I(cv->id)) ||
        !audit_append(c->db, ctx_actor(c), "convention", cv->id, "to_vote", NULL,
                      arena_printf(c->arena, "{\"vote_id\":%lld}", (long long)*vote_id)))
        return delib_err_db(e, c->db);
    return true;
}

/* ---- decisions ---------------------------------------------------------------------- */

bool delib_decision_get(const Ctx *c, int64_t id, Decision *out, VoteErr *e)
{
    DbStmt *st = db_query(c->db, "SELECT id, node_id, title, template, stage, vote_id, topic_id FROM decision WHERE id = ?",
                          DB_I(id));
    bool found = db_step(st) == DB_ROW;
    if (found) {
        out->id = db_col_int(st, 0);
        out->node_id = db_col_int(st, 1);
        out->title = arena_strdup(c->arena, db_col_text(st, 2));
        out->tmpl = arena_strdup(c->arena, db_col_text(st, 3));
        out->stage = (int)db_col_int(st, 4);
        out->vote_id = db_col_null(st, 5) ? 0 : db_col_int(st, 5);
        out->topic_id = db_col_null(st, 6) ? 0 : db_col_int(st, 6);
    }
    if (!db_done(st))
        return delib_err_db(e, c->db);
    if (!found)
        return delib_err(e, VM_NO_SUCH_DECISION, NULL);
    return delib_place(c, out->node_id, &out->node_name, &out->node_path, e);
}

bool delib_decisions_list(const Ctx *c, Decision **out, int *n, VoteErr *e)
{
    int k = 0, cap = 0;
    Decision *d = NULL;
    DbStmt *st = db_query(c->db, "SELECT id, node_id, title, template, stage, vote_id, topic_id FROM decision ORDER BY id DESC");
    while (db_step(st) == DB_ROW) {
        d = delib_grow(c->arena, d, sizeof *d, k, &cap);
        Decision *x = &d[k++];
        x->id = db_col_int(st, 0);
        x->node_id = db_col_int(st, 1);
        x->title = arena_strdup(c->arena, db_col_text(st, 2));
        x->tmpl = arena_strdup(c->arena, db_col_text(st, 3));
        x->stage = (int)db_col_int(st, 4);
        x->vote_id = db_col_null(st, 5) ? 0 : db_col_int(st, 5);
        x->topic_id = db_col_null(st, 6) ? 0 : db_col_int(st, 6);
        x->node_name = x->node_path = NULL;
    }
    if (!db_done(st))
        return delib_err_db(e, c->db);
    *out = d;
    *n = k;
    return PLACES_FILL(c, k, d, Decision, e);
}

bool delib_decision_steps_done(const Ctx *c, const Decision *d, DecisionStepDone **out, int *n, VoteErr *e)
{
    int k;
    decision_steps(d->tmpl, &k);
    DecisionStepDone *s = arena_alloc(c->arena, sizeof *s * (size_t)(k + 1));
    memset(s, 0, sizeof *s * (size_t)(k + 1));
    DbStmt *st = db_query(c->db, "SELECT stage, note, notice_id, done_at FROM decision_step WHERE decision_id = ?",
                          DB_I(d->id));
    while (db_step(st) == DB_ROW) {
        int64_t i = db_col_int(st, 0);
        if (i < 0 || i >= k)
            continue;
        s[i] = (DecisionStepDone){true, arena_strdup(c->arena, db_col_text(st, 1)),
                                  db_col_null(st, 2) ? 0 : db_col_int(st, 2), db_col_int(st, 3)};
    }
    if (!db_done(st))
        return delib_err_db(e, c->db);
    *out = s;
    *n = k;
    return true;
}

bool delib_decision_create(const Ctx *c, int64_t node_id, const char *scope_path, const char *title, const char *tmpl,
                           int64_t topic_id, int64_t *id, VoteErr *e)
{
    if (!tmpl)
        tmpl = "standard";
    if (!decision_template_valid(tmpl))
        return delib_err(e, VM_BAD_TEMPLATE, "template");
    if (topic_id && !vote_topic_in_scope(c, topic_id, scope_path, "topic_id", e))
        return false;
    *id = 0;
    if (!db_int(c->db, id,
                "INSERT INTO decision (node_id, topic_id, title, template, stage, created_by, created_at, updated_at) "
                "VALUES (?, ?, ?, ?, 0, ?, ?, ?) RETURNING id",
                DB_I(node_id), topic_id ? DB_I(topic_id) : DB_NULL, DB_T(title), DB_T(tmpl), DB_I(ctx_actor(c)),
                DB_I(c->now), DB_I(c->now)) ||
        *id <= 0 ||
        !audit_append(c->db, ctx_actor(c), "decision", *id, "create", NULL,
                      arena_printf(c->arena, "{\"template\":%j}", tmpl)))
        return delib_err_db(e, c->db);
    return true;
}

bool delib_decision_advance(const Ctx *c, const Decision *d, const DecisionAdvance *in, VoteErr *e)
{
    int n;
    const DecisionStep *steps = decision_steps(d->tmpl, &n);
    if (d->stage >= n)
        return delib_err(e, VM_DECISION_DONE, NULL);
    const DecisionStep *s = &steps[d->stage];
    if (s->needs_vote) {
        VoteRow vr;
        if (!in->vote_id)
            return delib_err(e, VM_STEP_NEEDS_VOTE, "vote_id");
        if (!vote_load(c->db, c->arena, in->vote_id, &vr) || !perm_allows(c->who, PERM_TREE_READ, vr.node_path))
            return delib_err(e, VM_NO_SUCH_VOTE, "vote_id");
        if (strncmp(d->node_path, vr.node_path, strlen(vr.node_path)) != 0)
            return delib_err(e, VM_VOTE_OUT_OF_SCOPE, "vote_id");
        if (strcmp(vr.status, "closed") != 0 || vr.passed != 1)
            return delib_err(e, VM_VOTE_NOT_PASSED, "vote_id");
    } else if (in->vote_id) {
        return delib_err(e, VM_STEP_NOT_VOTE, "vote_id");
    }
    int64_t notice = 0;
    if (s->publishes) {
        if (!in->notice_body)
            return delib_err(e, VM_STEP_NEEDS_NOTICE, "notice_body");
        const char *nt = in->notice_title ? in->notice_title : arena_printf(c->arena, "%s公示：%s", s->zh, d->title);
        notice = notice_publish(c->db, ctx_actor(c), d->node_id, s->publishes, nt, in->notice_body, 0, 0, "decision",
                                d->id);
        if (notice <= 0)
            return delib_err_db(e, c->db);
    } else if (in->notice_title || in->notice_body) {
        return delib_err(e, VM_STEP_NO_NOTICE, "notice_body");
    }
    if (!db_exec(c->db,
                 "INSERT INTO decision_step (decision_id, stage, note, notice_id, done_by, done_at) VALUES (?, ?, ?, ?, ?, ?)",
                 DB_I(d->id), DB_I(d->stage), DB_T(in->note ? in->note : ""), notice ? DB_I(notice) : DB_NULL,
                 DB_I(ctx_actor(c)), DB_I(c->now)) ||
        !db_exec(c->db, "UPDATE decision SET stage = ?, vote_id = COALESCE(?, vote_id), updated_at = ? WHERE id = ?",
                 DB_I(d->stage + 1), in->vote_id ? DB_I(in->vote_id) : DB_NULL, DB_I(c->now), DB_I(d->id)) ||
        !audit_append(c->db, ctx_actor(c), "decision", d->id, "advance", NULL,
                      arena_printf(c->arena, "{\"step\":%j}", s->key)))
        return delib_err_db(e, c->db);
    return true;
}

bool delib_passed_votes(const Ctx *c, PassedVote **out, int *n, VoteErr *e)
{
    int k = 0, cap = 0;
    PassedVote *v = NULL;
    DbStmt *st = db_query(c->db, "SELECT id, node_id, title FROM vote WHERE status = 'closed' AND passed = 1 "
                                 "ORDER BY closed_at DESC, id DESC");
    while (db_step(st) == DB_ROW) {
        v = delib_grow(c->arena, v, sizeof *v, k, &cap);
        v[k++] = (PassedVote){db_col_int(st, 0), db_col_int(st, 1), NULL, NULL, arena_strdup(c->arena, db_col_text(st, 2))};
    }
    if (!db_done(st))
        return delib_err_db(e, c->db);
    *out = v;
    *n = k;
    return PLACES_FILL(c, k, v, PassedVote, e);
}
