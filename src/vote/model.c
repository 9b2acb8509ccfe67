/* model.c: votes as stored: loading, the electorate of a scope, who may
 * vote for whom, counting ballots with the Art. 278 engine or the simple
 * majority, closing and publishing the result, and vote_passed for funds. */
#include "vote/vote.h"
#include "vote/vote_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "auth/audit.h"
#include "core/clock.h"
#include "auth/read.h"
#include "grid/grid.h"
#include "grid/read.h"


static int64_t col_int0(DbStmt *st, int c)
{
    return db_col_null(st, c) ? 0 : db_col_int(st, c);
}

bool vote_load(Db *db, Arena *a, int64_t id, VoteRow *v)
{
    DbStmt *st = db_query(db, "SELECT id, node_id, NULL, NULL, title, body, kind, matter, method, "
                              "secret, electorate, panel_id, quorum_pct, nonvoters_yes, status, opens_at, "
                              "closes_at, closed_at, passed, result_json, notice_id, topic_id, created_by, "
                              "created_at FROM vote WHERE id = ?",
                          DB_I(id));
    bool found = false;
    if (db_step(st) == DB_ROW) {
        found = true;
        memset(v, 0, sizeof *v);
        v->id = db_col_int(st, 0);
        v->node_id = db_col_int(st, 1);
        v->title = arena_strdup(a, db_col_text(st, 4));
        v->body = arena_strdup(a, db_col_text(st, 5));
        v->kind = arena_strdup(a, db_col_text(st, 6));
        v->matter = (int)col_int0(st, 7);
        v->method = arena_strdup(a, db_col_text(st, 8));
        v->secret = db_col_int(st, 9) != 0;
        v->electorate = arena_strdup(a, db_col_text(st, 10));
        v->panel_id = col_int0(st, 11);
        v->quorum_pct = (int)db_col_int(st, 12);
        v->nonvoters_yes = db_col_int(st, 13) != 0;
        v->status = arena_strdup(a, db_col_text(st, 14));
        v->opens_at = col_int0(st, 15);
        v->closes_at = col_int0(st, 16);
        v->closed_at = col_int0(st, 17);
        v->passed = db_col_null(st, 18) ? -1 : (int)db_col_int(st, 18);
        v->result_json = arena_strdup(a, db_col_text(st, 19));
        v->notice_id = col_int0(st, 20);
        v->topic_id = col_int0(st, 21);
        v->created_by = col_int0(st, 22);
        v->created_at = db_col_int(st, 23);
    }
    if (!db_done(st) || !found)
        return false;
    /* the scope node's path and name are the register's: through grid's read function */
    Ctx c = {db, a, NULL, 0};
    NodeInfo n;
    if (grid_node_find(&c, v->node_id, &n) != GRID_OK)
        return false;
    v->node_path = n.path;
    v->node_name = n.name;
    return true;
}

bool vote_options(Db *db, Arena *a, int64_t vote_id, VoteOption **out, int *n)
{
    int64_t count = 0;
    if (!db_int(db, &count, "SELECT COUNT(*) FROM vote_option WHERE vote_id = ?", DB_I(vote_id)))
        return false;
    VoteOption *o = arena_alloc(a, sizeof *o * (size_t)(count + 1));
    int k = 0;
    DbStmt *st = db_query(db, "SELECT id, label FROM vote_option WHERE vote_id = ? ORDER BY sort, id", DB_I(vote_id));
    while (db_step(st) == DB_ROW && k < count) {
        o[k].id = db_col_int(st, 0);
        o[k].label = arena_strdup(a, db_col_text(st, 1));
        k++;
    }
    *out = o;
    *n = k;
    return db_done(st);
}

/* ---- the electorate --------------------------------------------------------- */

static Art278Choice choice_code(const char *c)
{
    if (strcmp(c, "yes") == 0)
        return CHOICE_YES;
    if (strcmp(c, "no") == 0)
        return CHOICE_NO;
    if (strcmp(c, "abstain") == 0)
        return CHOICE_ABSTAIN;
    return CHOICE_NONE;
}

/* Grows an arena array by doubling (the old block stays in the arena until the request ends). */
static void *grow(Arena *a, void *old, int n, int *cap, size_t size)
{
    if (n < *cap)
        return old;
    int ncap = *cap ? *cap * 2 : 256;
    void *p = arena_alloc(a, size * (size_t)ncap);
    if (old && n)
        memcpy(p, old, size * (size_t)n);
    *cap = ncap;
    return p;
}

/* The exclusive units of a scope for the Art. 278 engine: every flat, one
 * flat one unit (a flat is in the scope when its unit is: grid_flats_in).
 * Co-owners of a flat are represented by its first owner (registration
 * order), and the flat's area counts once; a flat with no owner on the
 * register is an unregistered unit; a flat without a registered area has
 * area 0. */
static bool scope_units(Db *db, Arena *a, const char *path, Art278Unit **out, int *n)
{
    Ctx c = {db, a, NULL, 0};
    FlatList flats;
    *out = NULL;
    *n = 0;
    if (grid_flats_in(&c, path, &flats) != GRID_OK)
        return false;
    Art278Unit *units = arena_alloc(a, sizeof *units * (size_t)(flats.n + 1));
    for (int i = 0; i < flats.n; i++) {
        const FlatInfo *f = &flats.items[i];
        Art278Unit *u = &units[i];
        u->area = f->area;
        if (f->n_owners == 0 || !f->owners[0].owner_key) {
            u->owner_key = NULL;
            u->holder = ART278_UNREGISTERED;
        } else {
            u->owner_key = f->owners[0].owner_key;
            u->holder = strcmp(f->owners[0].kind, "developer") == 0 ? ART278_DEVELOPER : ART278_OWNER;
        }
    }
    *out = units;
    *n = flats.n;
    return true;
}

bool vote_register_figures(Db *db, Arena *a, const char *path, Art278Result *out)
{
    Art278Unit *units;
    int n;
    /* matter 1 without ballots: only the register's figures are wanted */
    return scope_units(db, a, path, &units, &n) && art278_count(1, units, n, NULL, 0, false, out);
}

bool vote_developers(Db *db, Arena *a, const char *path, VoteDeveloper **out, int *n)
{
    Ctx c = {db, a, NULL, 0};
    DeveloperHolding *d = NULL;
    int nd = 0;
    *out = NULL;
    *n = 0;
    if (grid_developer_holdings(&c, path, &d, &nd) != GRID_OK)
        return false;
    *out = arena_alloc(a, sizeof **out * (size_t)(nd + 1));
    for (int i = 0; i < nd; i++)
        (*out)[i] = (VoteDeveloper){d[i].name, d[i].flats, d[i].area};
    *n = nd;
    return true;
}

/* Electorate size for households, representatives and owners outside Art.
 * 278 (counted as Art. 278 counts them: one per owner, one per flat whose
 * owner is not on the register). */
static bool electorate_count(Db *db, Arena *a, const VoteRow *v, int64_t *n)
{
    if (strcmp(v->electorate, "representatives") == 0)
        /* shop representatives sit on the panel; its votes are the households' representatives' */
        return db_int(db, n, "SELECT COUNT(*) FROM panel_member WHERE panel_id = ? AND household_id IS NOT NULL",
                      DB_I(v->panel_id));
    if (strcmp(v->electorate, "households") == 0) {
        Ctx c = {db, a, NULL, 0};
        return grid_household_count(&c, v->node_path, n) == GRID_OK;
    }
    Art278Result r;
    if (!vote_register_figures(db, a, v->node_path, &r))
        return false;
    *n = r.n_total;
    return true;
}

static bool tally_art278(Db *db, Arena *a, const VoteRow *v, VoteTally *t)
{
    Art278Unit *units = NULL;
    Art278Ballot *ballots = NULL;
    int nu = 0, nb = 0, cap_b = 0;
    if (!scope_units(db, a, v->node_path, &units, &nu))
        return false;
    DbStmt *st = db_query(db, "SELECT voter_key, choice FROM ballot WHERE vote_id = ? AND counted = 1", DB_I(v->id));
    while (db_step(st) == DB_ROW) {
        ballots = grow(a, ballots, nb, &cap_b, sizeof *ballots);
        ballots[nb].owner_key = arena_strdup(a, db_col_text(st, 0));
        ballots[nb].choice = choice_code(db_col_text(st, 1));
        nb++;
    }
    if (!db_done(st))
        return false;
    t->counted = nb;
    if (!art278_count(v->matter, units, nu, ballots, nb, v->nonvoters_yes, &t->a))
        return false;
    t->electorate = t->a.n_total;
    return true;
}

static bool tally_simple(Db *db, Arena *a, const VoteRow *v, VoteTally *t)
{
    if (!electorate_count(db, a, v, &t->electorate))
        return false;
    int64_t yes = 0, no = 0, abstain = 0, cast = 0;
    if (!vote_options(db, a, v->id, &t->options, &t->n_options))
        return false;
    t->option_votes = arena_alloc(a, sizeof(int64_t) * (size_t)(t->n_options + 1));
    DbStmt *st = db_query(db, "SELECT choice FROM ballot WHERE vote_id = ? AND counted = 1", DB_I(v->id));
    while (db_step(st) == DB_ROW) {
        const char *c = db_col_text(st, 0);
        cast++;
        if (strcmp(v->method, "yes_no") == 0) {
            Art278Choice k = choice_code(c);
            yes += k == CHOICE_YES;
            no += k == CHOICE_NO;
            abstain += k == CHOICE_ABSTAIN;
            continue;
        }
        /* option ids "3,5": count each named option once */
        for (const char *p = c; *p;) {
            long long id = strtoll(p, NULL, 10);
            for (int i = 0; i < t->n_options; i++)
                if (t->options[i].id == id)
                    t->option_votes[i]++;
            const char *comma = strchr(p, ',');
            if (!comma)
                break;
            p = comma + 1;
        }
    }
    if (!db_done(st))
        return false;
    t->counted = cast;
    if (strcmp(v->method, "yes_no") == 0)
        simple_decide_yes_no(t->electorate, v->quorum_pct, yes, no, abstain, &t->s);
    else
        simple_decide_options(t->electorate, v->quorum_pct, cast, t->option_votes, t->n_options, &t->s);
    return true;
}

bool vote_tally(Db *db, Arena *a, const VoteRow *v, VoteTally *t)
{
    memset(t, 0, sizeof *t);
    t->art278 = strcmp(v->kind, "art278") == 0;
    if (!db_int(db, &t->pending, "SELECT COUNT(*) FROM ballot WHERE vote_id = ? AND counted = 0", DB_I(v->id)))
        return false;
    return t->art278 ? tally_art278(db, a, v, t) : tally_simple(db, a, v, t);
}

char *vote_pct(Arena *a, int64_t num, int64_t den)
{
    if (den <= 0)
        return arena_strdup(a, "0.0");
    /* tenths of a percent, rounded half up: (1000·num + den/2) / den */
    int64_t tenths = (1000 * num + den / 2) / den;
    return arena_printf(a, "%lld.%lld", (long long)(tenths / 10), (long long)(tenths % 10));
}

static void check_json(Buf *b, const char *rule, int64_t left, int64_t right, bool ok, bool comma)
{
    buf_printf(b, "%s{\"rule\":%j,\"left\":%lld,\"right\":%lld,\"ok\":%s}", comma ? "," : "", rule, (long long)left,
               (long long)right, ok ? "true" : "false");
}

void vote_tally_json(Buf *b, const VoteRow *v, const VoteTally *t)
{
    buf_printf(b, "{\"vote_id\":%lld,\"kind\":%j,\"status\":%j,\"final\":%s,\"counted_ballots\":%lld,"
                  "\"pending_ballots\":%lld,\"electorate\":%lld,",
               (long long)v->id, v->kind, v->status, strcmp(v->status, "closed") == 0 ? "true" : "false",
               (long long)t->counted, (long long)t->pending, (long long)t->electorate);
    if (t->art278) {
        const Art278Result *r = &t->a;
        buf_printf(b,
                   "\"matter\":%d,\"matter_zh\":%j,\"threshold\":%j,\"nonvoters_yes\":%s,\"units\":%lld,"
                   "\"area_total\":%lld,\"owners_total\":%lld,\"area_participating\":%lld,\"owners_participating\":%lld,"
                   "\"area_yes\":%lld,\"owners_yes\":%lld,\"area_no\":%lld,\"owners_no\":%lld,"
                   "\"area_abstain\":%lld,\"owners_abstain\":%lld,\"area_not_voted\":%lld,\"owners_not_voted\":%lld,"
                   "\"ignored_ballots\":%lld,\"units_unregistered\":%lld,\"area_unregistered\":%lld,"
                   "\"units_without_area\":%lld,\"units_incomplete\":%lld,\"developer_units\":%lld,"
                   "\"developer_owners\":%lld,\"area_developer\":%lld,\"quorum\":%s,\"passed\":%s,",
                   r->matter, art278_matter_zh(r->matter), r->supermajority ? "three_quarters" : "more_than_half",
                   r->nonvoters_yes ? "true" : "false", (long long)r->units, (long long)r->a_total,
                   (long long)r->n_total, (long long)r->a_part, (long long)r->n_part, (long long)r->a_yes,
                   (long long)r->n_yes, (long long)r->a_no, (long long)r->n_no, (long long)r->a_abstain,
                   (long long)r->n_abstain, (long long)r->a_nonvoter, (long long)r->n_nonvoter,
                   (long long)r->ignored_ballots, (long long)r->units_unregistered, (long long)r->a_unregistered,
                   (long long)r->units_without_area, (long long)r->units_incomplete, (long long)r->units_developer,
                   (long long)r->n_developer, (long long)r->a_developer, r->quorum ? "true" : "false",
                   r->passed ? "true" : "false");
        buf_puts(b, "\"checks\":[");
        check_json(b, "3·A_part ≥ 2·A_total", 3 * r->a_part, 2 * r->a_total, r->quorum_area, false);
        check_json(b, "3·N_part ≥ 2·N_total", 3 * r->n_part, 2 * r->n_total, r->quorum_owners, true);
        if (r->supermajority) {
            check_json(b, "4·A_yes ≥ 3·A_part", 4 * r->a_yes, 3 * r->a_part, r->pass_area, true);
            check_json(b, "4·N_yes ≥ 3·N_part", 4 * r->n_yes, 3 * r->n_part, r->pass_owners, true);
        } else {
            check_json(b, "2·A_yes > A_part", 2 * r->a_yes, r->a_part, r->pass_area, true);
            check_json(b, "2·N_yes > N_part", 2 * r->n_yes, r->n_part, r->pass_owners, true);
        }
        buf_puts(b, "]}");
        return;
    }
    const SimpleResult *s = &t->s;
    buf_printf(b, "\"method\":%j,\"quorum_pct\":%d,\"cast\":%lld,\"quorum\":%s,\"passed\":%s,", v->method, s->quorum_pct,
               (long long)s->cast, s->quorum ? "true" : "false", s->passed ? "true" : "false");
    if (strcmp(v->method, "yes_no") == 0) {
        buf_printf(b, "\"yes\":%lld,\"no\":%lld,\"abstain\":%lld,\"checks\":[", (long long)s->yes, (long long)s->no,
                   (long long)s->abstain);
        check_json(b, "100·cast ≥ quorum_pct·electorate", 100 * s->cast, (int64_t)s->quorum_pct * s->electorate,
                   s->quorum, false);
        check_json(b, "2·yes > cast", 2 * s->yes, s->cast, 2 * s->yes > s->cast, true);
        buf_puts(b, "]}");
        return;
    }
    buf_puts(b, "\"options\":[");
    for (int i = 0; i < t->n_options; i++)
        buf_printf(b, "%s{\"id\":%lld,\"label\":%j,\"votes\":%lld}", i ? "," : "", (long long)t->options[i].id,
                   t->options[i].label, (long long)t->option_votes[i]);
    buf_printf(b, "],\"winner\":");
    if (s->winner >= 0)
        buf_printf(b, "{\"id\":%lld,\"label\":%j}", (long long)t->options[s->winner].id, t->options[s->winner].label);
    else
        buf_puts(b, "null");
    buf_puts(b, ",\"checks\":[");
    check_json(b, "100·cast ≥ quorum_pct·electorate", 100 * s->cast, (int64_t)s->quorum_pct * s->electorate,
               s->quorum, false);
    buf_puts(b, "]}");
}

char *vote_tally_text_zh(Arena *a, const VoteRow *v, const VoteTally *t)
{
    Buf b = BUF_INIT;
    buf_puts(&b, "表决事项：");
    buf_puts(&b, v->title);
    buf_puts(&b, "\n");
    if (t->art278) {
        const Art278Result *r = &t->a;
        buf_printf(&b,
                   "依据：《民法典》第二百七十八条第%d项（%s），%s。\n"
                   "专有部分总面积 %A 平方米，业主总人数 %lld 人（共 %lld 个专有部分；一人多套计一人，每个开发商的未售部分合计一人）。\n"
                   "参与表决：面积 %A 平方米，%lld 人。同意：面积 %A 平方米，%lld 人；反对：面积 %A 平方米，%lld 人；"
                   "弃权：面积 %A 平方米，%lld 人；未表决：面积 %A 平方米，%lld 人%s。\n",
                   r->matter, art278_matter_zh(r->matter),
                   r->supermajority ? "须经参与表决专有部分面积四分之三以上且人数四分之三以上同意"
                                    : "须经参与表决专有部分面积过半数且人数过半数同意",
                   r->a_total, (long long)r->n_total, (long long)r->units, r->a_part, (long long)r->n_part, r->a_yes,
                   (long long)r->n_yes, r->a_no, (long long)r->n_no, r->a_abstain, (long long)r->n_abstain,
                   r->a_nonvoter, (long long)r->n_nonvoter, r->nonvoters_yes ? "（依本地规定计为同意）" : "（不计为同意）");
        if (r->units_unregistered)
            buf_printf(&b, "其中 %lld 个专有部分（面积 %A 平方米）的业主未在登记簿中，每个按一名未表决的业主计入总人数和总面积。\n",
                       (long long)r->units_unregistered, r->a_unregistered);
        if (r->units_without_area)
            buf_printf(&b, "有 %lld 个专有部分未登记面积，按人数计入，面积按 0 计。\n", (long long)r->units_without_area);
        if (r->n_developer)
            buf_printf(&b, "开发商未售部分 %lld 个，面积 %A 平方米，计 %lld 人。\n", (long long)r->units_developer,
                       r->a_developer, (long long)r->n_developer);
        buf_printf(&b, "核算：3×参与面积 %A %s 2×总面积 %A；3×参与人数 %lld %s 2×总人数 %lld；", 3 * r->a_part,
                   r->quorum_area ? "≥" : "<", 2 * r->a_total, (long long)(3 * r->n_part),
                   r->quorum_owners ? "≥" : "<", (long long)(2 * r->n_total));
        if (r->supermajority)
            buf_printf(&b, "4×同意面积 %A %s 3×参与面积 %A；4×同意人数 %lld %s 3×参与人数 %lld。\n",
                       4 * r->a_yes, r->pass_area ? "≥" : "<", 3 * r->a_part,
                       (long long)(4 * r->n_yes), r->pass_owners ? "≥" : "<", (long long)(3 * r->n_part));
        else
            buf_printf(&b, "2×同意面积 %A %s 参与面积 %A；2×同意人数 %lld %s 参与人数 %lld。\n",
                       2 * r->a_yes, r->pass_area ? ">" : "≤", r->a_part,
                       (long long)(2 * r->n_yes), r->pass_owners ? ">" : "≤", (long long)r->n_part);
        char *pct = vote_pct(a, r->n_yes, r->n_total);
        buf_printf(&b, "同意的业主占全体业主 %s%%。结果：%s。\n", pct, r->passed ? "通过" : "未通过");
    } else {
        const SimpleResult *s = &t->s;
        buf_printf(&b, "表决人数 %lld，实际投票 %lld。", (long long)s->electorate, (long long)s->cast);
        if (strcmp(v->method, "yes_no") == 0)
            buf_printf(&b, "同意 %lld，反对 %lld，弃权 %lld。", (long long)s->yes, (long long)s->no, (long long)s->abstain);
        else
            for (int i = 0; i < t->n_options; i++) {
                buf_puts(&b, t->options[i].label);
                buf_printf(&b, "：%lld 票。", (long long)t->option_votes[i]);
            }
        buf_printf(&b, "%s结果：%s", s->quorum ? "" : "未达到法定参与人数。", s->passed ? "通过" : "未通过");
        if (s->winner >= 0) {
            buf_puts(&b, "（"); /* plain text (a notice body), so user text goes in as it is */
            buf_puts(&b, t->options[s->winner].label);
            buf_puts(&b, "）");
        }
        buf_puts(&b, "。\n");
    }
    char *out = arena_strdup(a, buf_str(&b));
    buf_free(&b);
    return out;
}

/* ---- voters ------------------------------------------------------------------ */

/* A voter keyed by household ("h<id>"), for the households' and the
 * representatives' votes, when the household lies in the scope. */
static bool household_voter(const Ctx *c, int64_t household_id, const char *scope, Voter *out, bool *found)
{
    const char *path = NULL;
    GridRead g = grid_node_path(c, household_id, &path);
    if (g == GRID_NOT_FOUND)
        return true;
    if (g != GRID_OK)
        return false;
    if (scope && !grid_in_scope(path, scope))
        return true;
    *out = (Voter){arena_printf(c->arena, "h%lld", (long long)household_id), household_id, path, 0};
    *found = true;
    return true;
}

/* The household of a panel member (the person, or the household itself)
 * on the vote's panel; 0 when none. */
static bool panel_household(Db *db, int64_t panel_id, int64_t person_id, int64_t household_id, int64_t *out)
{
    *out = 0;
    DbStmt *st = person_id ? db_query(db, "SELECT household_id FROM panel_member WHERE panel_id = ? AND person_id = ? "
                                          "AND household_id IS NOT NULL ORDER BY id LIMIT 1",
                                      DB_I(panel_id), DB_I(person_id))
                           : db_query(db, "SELECT household_id FROM panel_member WHERE panel_id = ? AND household_id = ? "
                                          "ORDER BY id LIMIT 1",
                                      DB_I(panel_id), DB_I(household_id));
    if (db_step(st) == DB_ROW)
        *out = db_col_int(st, 0);
    return db_done(st);
}

bool vote_voter_for_user(Db *db, Arena *a, const VoteRow *v, int64_t user_id, Voter *out, bool *found)
{
    *found = false;
    memset(out, 0, sizeof *out);
    Ctx c = {db, a, NULL, 0};
    UserInfo u;
    AuthRead ar = auth_user_get(&c, user_id, &u);
    if (ar == AUTH_NOT_FOUND)
        return true;
    if (ar != AUTH_OK)
        return false;
    if (!u.person_id)
        return true;
    if (strcmp(v->electorate, "representatives") == 0) {
        int64_t hh = 0;
        return panel_household(db, v->panel_id, u.person_id, 0, &hh) &&
               (!hh || household_voter(&c, hh, NULL, out, found));
    }
    PersonInfo p;
    GridRead g = grid_person_get(&c, u.person_id, &p);
    if (g == GRID_NOT_FOUND)
        return true;
    if (g != GRID_OK)
        return false;
    if (strcmp(v->electorate, "households") == 0)
        return !p.household_id || household_voter(&c, p.household_id, v->node_path, out, found);
    /* Owners: the user's flats in the scope, each voted for by its first
     * owner (see scope_units). A flat where the user speaks for themself
     * comes first (then all their flats count under their one key), and the
     * ballot's household is their home when they live there, else the
     * flat's first household; then by ownership, then household. */
    OwnerList mine;
    int64_t *flat_ids = NULL;
    if (grid_ownerships_of_person(&c, u.person_id, &mine, &flat_ids) != GRID_OK)
        return false;
    int best_rank = 4;
    for (int i = 0; i < mine.n && best_rank > 0; i++) {
        FlatInfo f;
        HouseholdList hs;
        if (grid_flat_get(&c, flat_ids[i], &f) != GRID_OK || grid_households_of_flat(&c, flat_ids[i], &hs) != GRID_OK)
            return false;
        if (f.n_owners == 0)
            continue;
        const OwnerInfo *first = &f.owners[0];
        for (int k = 0; k < hs.n; k++) {
            const HouseholdInfo *h = &hs.items[k];
            if (!grid_in_scope(h->path, v->node_path))
                continue;
            int rank = (first->id == mine.items[i].id ? 0 : 2) + (h->node_id == p.household_id ? 0 : 1);
            /* ownerships come in order and households by id: the first of a rank wins */
            if (rank < best_rank) {
                best_rank = rank;
                *out = (Voter){first->owner_key ? first->owner_key : arena_printf(a, "h%lld", (long long)h->node_id),
                               h->node_id, h->path, 0};
                *found = true;
            }
        }
    }
    return true;
}

bool vote_voter_for_household(Db *db, Arena *a, const VoteRow *v, int64_t household_id, int64_t owner_id,
                              Voter *out, bool *found)
{
    *found = false;
    memset(out, 0, sizeof *out);
    Ctx c = {db, a, NULL, 0};
    if (strcmp(v->electorate, "households") == 0)
        return household_voter(&c, household_id, v->node_path, out, found);
    if (strcmp(v->electorate, "representatives") == 0) {
        int64_t hh = 0;
        return panel_household(db, v->panel_id, 0, household_id, &hh) &&
               (!hh || household_voter(&c, hh, NULL, out, found));
    }
    /* owners: the household's flat, voted for by its first owner; owner_id,
     * when given, must be one of the flat's owners */
    HouseholdInfo h;
    GridRead g = grid_household_get(&c, household_id, &h);
    if (g == GRID_NOT_FOUND)
        return true;
    if (g != GRID_OK)
        return false;
    if (!h.flat_id || !grid_in_scope(h.path, v->node_path))
        return true;
    FlatInfo f;
    if (grid_flat_get(&c, h.flat_id, &f) != GRID_OK)
        return false;
    if (f.n_owners == 0)
        return true;
    bool owner_ok = owner_id == 0;
    for (int i = 0; i < f.n_owners && !owner_ok; i++)
        owner_ok = f.owners[i].id == owner_id;
    if (!owner_ok)
        return true;
    const char *key = f.owners[0].owner_key;
    *out = (Voter){key ? key : arena_printf(a, "h%lld", (long long)household_id), household_id, h.path, 0};
    *found = true;
    return true;
}

static int id_cmp(const void *x, const void *y)
{
    int64_t a = *(const int64_t *)x, b = *(const int64_t *)y;
    return (a > b) - (a < b);
}

const char *vote_choice_normalise(Arena *a, const VoteRow *v, const VoteOption *opts, int n_opts, const char *choice,
                                  const int64_t *ids, int n_ids)
{
    if (strcmp(v->method, "yes_no") == 0) {
        if (!choice || n_ids)
            return NULL;
        return choice_code(choice) != CHOICE_NONE ? arena_strdup(a, choice) : NULL;
    }
    if (choice || n_ids < 1 || n_ids > n_opts || (strcmp(v->method, "single") == 0 && n_ids != 1))
        return NULL;
    int64_t *sorted = arena_alloc(a, sizeof *sorted * (size_t)n_ids);
    memcpy(sorted, ids, sizeof *sorted * (size_t)n_ids);
    qsort(sorted, (size_t)n_ids, sizeof *sorted, id_cmp);
    Buf b = BUF_INIT;
    for (int i = 0; i < n_ids; i++) {
        bool known = false;
        for (int k = 0; k < n_opts; k++)
            known = known || opts[k].id == sorted[i];
        if (!known || (i && sorted[i] == sorted[i - 1])) {
            buf_free(&b);
            return NULL;
        }
        buf_printf(&b, "%s%lld", i ? "," : "", (long long)sorted[i]);
    }
    char *out = arena_strdup(a, buf_str(&b));
    buf_free(&b);
    return out;
}

/* ---- closing ------------------------------------------------------------------ */

/* The close itself, for vote_close and the background job: actor_id in the
 * audit record, now its time. */
static int64_t close_vote(Db *db, Arena *a, VoteRow *v, int64_t actor_id, int64_t now)
{
    VoteTally t;
    if (strcmp(v->status, "open") != 0 || !vote_tally(db, a, v, &t))
        return 0;
    /* Paper and proxy ballots never confirmed by a second person do not count. */
    v->status = "closed";
    Buf json = BUF_INIT;
    vote_tally_json(&json, v, &t);
    bool passed = t.art278 ? t.a.passed : t.s.passed;
    bool ok = db_exec(db, "UPDATE vote SET status = 'closed', closed_at = ?, passed = ?, result_json = ?, updated_at = ? "
                          "WHERE id = ? AND status = 'open'",
                      DB_I(now), DB_I(passed), DB_T(buf_str(&json)), DB_I(now), DB_I(v->id)) &&
              db_changes(db) == 1;
    int64_t notice = 0;
    if (ok) {
        const char *title = arena_printf(a, "表决结果公示：%s（%s）", v->title, passed ? "通过" : "未通过");
        notice = notice_publish(db, actor_id, v->node_id, "vote_result", title, vote_tally_text_zh(a, v, &t), 0, 0,
                                "vote", v->id);
    }
    ok = ok && notice > 0 &&
         db_exec(db, "UPDATE vote SET notice_id = ? WHERE id = ?", DB_I(notice), DB_I(v->id)) &&
         audit_append(db, actor_id, "vote", v->id, "close", "{\"status\":\"open\"}", buf_str(&json)) &&
         /* a convention put to this vote is adopted or rejected by it */
         db_exec(db, "UPDATE convention SET status = CASE WHEN ? = 1 THEN 'adopted' ELSE 'rejected' END, updated_at = ? "
                     "WHERE vote_id = ?",
                 DB_I(passed), DB_I(now), DB_I(v->id));
    buf_free(&json);
    if (!ok)
        return 0;
    v->closed_at = now;
    v->passed = passed;
    v->notice_id = notice;
    return notice;
}

int64_t vote_close(const Ctx *c, VoteRow *v)
{
    return close_vote(c->db, c->arena, v, ctx_actor(c), c->now);
}

bool vote_close_due(Db *db, int64_t now, int64_t actor_id, int *n_closed)
{
    *n_closed = 0;
    int64_t *ids = NULL;
    size_t n = 0, cap = 0;
    DbStmt *st = db_query(db, "SELECT id FROM vote WHERE status = 'open' AND closes_at IS NOT NULL AND closes_at <= ? "
                              "ORDER BY closes_at, id",
                          DB_I(now));
    bool ok = true;
    while (ok && db_step(st) == DB_ROW) {
        if (n == cap) {
            size_t nc = cap ? cap * 2 : 16;
            int64_t *g = realloc(ids, nc * sizeof *g);
            if (!g) {
                ok = false;
                break;
            }
            ids = g;
            cap = nc;
        }
        ids[n++] = db_col_int(st, 0);
    }
    ok = db_done(st) && ok;
    for (size_t i = 0; ok && i < n; i++) {
        Arena *a = arena_new();
        VoteRow v;
        ok = a && vote_load(db, a, ids[i], &v);
        /* exactly the manual close: count, store the result, publish the notice, audit */
        if (ok && strcmp(v.status, "open") == 0 && v.closes_at && v.closes_at <= now) {
            ok = close_vote(db, a, &v, actor_id, clock_now()) > 0;
            if (ok)
                (*n_closed)++;
        }
        if (a)
            arena_free(a);
    }
    free(ids);
    return ok;
}

bool vote_passed(Db *db, int64_t vote_id, int matter, const char *node_path, char *why, size_t whylen)
{
    /* kept for funds until it asks vote_passed_for with its Ctx: the same rule */
    if (why && whylen)
        why[0] = '\0';
    Arena *a = arena_new();
    Ctx c = {db, a, NULL, 0};
    bool passed = false;
    const char *reason = NULL;
    if (!db || !a || !vote_passed_for(&c, vote_id, matter, node_path, &passed, &reason))
        reason = "找不到这次表决";
    if (reason && why && whylen)
        snprintf(why, whylen, "%s", reason);
    if (a)
        arena_free(a);
    return passed && !reason;
}

const char *vote_commenter_label(Arena *a, const char *display_name, const char *home_label, bool full)
{
    const char *name = display_name ? display_name : "";
    if (full)
        return arena_strdup(a, name);
    size_t first = 0;
    if (name[0]) {
        first = 1;
        while (name[first] && ((unsigned char)name[first] & 0xC0) == 0x80)
            first++;
    }
    size_t home = home_label ? strlen(home_label) : 0;
    char *out = arena_alloc(a, home + 1 + first + 3);
    size_t k = 0;
    if (home) {
        memcpy(out, home_label, home);
        out[home] = ' ';
        k = home + 1;
    }
    memcpy(out + k, name, first);
    memcpy(out + k + first, "**", 3);
    return out;
}

const char *vote_status_zh(const char *s)
{
    return strcmp(s, "draft") == 0 ? "草稿" : strcmp(s, "open") == 0 ? "投票中" : strcmp(s, "closed") == 0 ? "已结束" : s;
}

const char *vote_electorate_zh(const char *e)
{
    return strcmp(e, "owners") == 0 ? "业主" : strcmp(e, "households") == 0 ? "住户" : "居民代表";
}

const char *vote_choice_zh(const char *c)
{
    return strcmp(c, "yes") == 0 ? "同意" : strcmp(c, "no") == 0 ? "反对" : strcmp(c, "abstain") == 0 ? "弃权" : c;
}

/* main.c declares vote_demo weakly, and a weak reference does not pull an
 * object out of the static library: defined here, in an object the route
 * table pulls in, it is always linked, and it pulls demo.c in with it. */
bool vote_demo(Db *db, uint64_t seed, char *err, size_t errlen)
{
    return vote_demo_build(db, seed, err, errlen);
}
