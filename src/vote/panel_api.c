/* panel_api.c: representatives' panels drawn by stratified sortition from a
 * published seed, conventions drafted in the open, and decisions moved
 * through their template's steps, over JSON. */
#include "vote/vote.h"
#include "vote/web_int.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "auth/audit.h"
#include "site/site.h"
#include "core/clock.h"
#include "grid/grid.h"
#include "http/jsonin.h"
#include "vote/decision.h"
#include "vote/sortition.h"

/* ---- panels ------------------------------------------------------------------- */

/* Every dimension also has the "shop" stratum: shops of the scope, drawn
 * under their negated shop id (households use their node id). */
static const char *const age_strata[] = {"old", "middle", "young", "unknown", "shop", NULL};
static const char *const residency_strata[] = {"permanent", "floating", "shop", NULL};
static const char *const tenure_strata[] = {"owner", "tenant", "other", "shop", NULL};

static const char *const *strata_of(const char *dimension)
{
    if (strcmp(dimension, "age_band") == 0)
        return age_strata;
    if (strcmp(dimension, "residency") == 0)
        return residency_strata;
    if (strcmp(dimension, "tenure") == 0)
        return tenure_strata;
    return NULL;
}

static int stratum_index(const char *const *strata, const char *name)
{
    for (int i = 0; strata[i]; i++)
        if (strcmp(strata[i], name) == 0)
            return i;
    return -1;
}

static int this_year(void)
{
    LocalTime lt;
    return clock_local(clock_now(), &lt) ? lt.year : 1970;
}

/* The household's stratum, from its first registered person (the head) and
 * its housing. */
static const char *household_stratum(const char *dimension, int birth_year, const char *residency, const char *housing)
{
    if (strcmp(dimension, "age_band") == 0)
        return sortition_age_band(birth_year, this_year());
    if (strcmp(dimension, "residency") == 0)
        return residency && strcmp(residency, "floating") == 0 ? "floating" : "permanent";
    return strcmp(housing, "owned") == 0 ? "owner" : strcmp(housing, "rented") == 0 ? "tenant" : "other";
}

static bool panel_reply(Req *r, int64_t id, int status)
{
    DbStmt *st = db_query(r->db,
                          "SELECT p.id, p.node_id, n.name, n.path, p.title, p.seed, p.dimension, p.quotas, p.candidates, "
                          "p.drawn_at, p.candidate_list FROM panel p JOIN node n ON n.id = p.node_id WHERE p.id = ?",
                          DB_I(id));
    if (db_step(st) != DB_ROW) {
        db_done(st);
        reply_error(r, 404, "not_found", NULL, "找不到这份代表名单", "No such panel");
        return false;
    }
    if (!auth_require_or_reply(r, PERM_TREE_READ, db_col_text(st, 3))) {
        db_done(st);
        return false;
    }
    char at[26];
    clock_format_iso(db_col_int(st, 9), at);
    r->status = status;
    resp_json(r);
    buf_printf(&r->out,
               "{\"id\":%lld,\"node_id\":%lld,\"node_name\":%j,\"title\":%j,\"seed\":%j,\"dimension\":%j,\"quotas\":",
               (long long)db_col_int(st, 0), (long long)db_col_int(st, 1), db_col_text(st, 2), db_col_text(st, 4),
               db_col_text(st, 5), db_col_text(st, 6));
    buf_puts(&r->out, db_col_text(st, 7)); /* JSON written by panel_create */
    buf_printf(&r->out, ",\"candidates\":%lld,\"drawn_at\":%j,\"method\":%j,\"candidate_list\":", (long long)db_col_int(st, 8),
               at, "lot = BLAKE2b-256(seed + \":\" + id) in hex, id = household id, or minus the shop id for a shop; "
                   "per stratum, the smallest lots are chosen");
    buf_puts(&r->out, db_col_text(st, 10)); /* JSON written by panel_create */
    db_done(st);
    buf_puts(&r->out, ",\"members\":[");
    st = db_query(r->db,
                  "SELECT m.household_id, COALESCE(h.address, s.address), m.stratum, m.lot, COALESCE(p.name, s.name), "
                  "m.shop_id FROM panel_member m LEFT JOIN household h ON h.node_id = m.household_id "
                  "LEFT JOIN shop s ON s.id = m.shop_id LEFT JOIN person p ON p.id = m.person_id "
                  "WHERE m.panel_id = ? ORDER BY m.sort",
                  DB_I(id));
    for (int k = 0; db_step(st) == DB_ROW; k++) {
        /* Only the surname of a representative is shown here (the panel is
         * public); a shop is named as it is on its sign. */
        bool shop = !db_col_null(st, 5);
        const char *name = db_col_text(st, 4);
        char surname[12] = "";
        if (!shop && name && name[0]) {
            size_t len = 1;
            while (len < 4 && (name[len] & 0xC0) == 0x80)
                len++;
            memcpy(surname, name, len);
            memcpy(surname + len, "**", 3);
        }
        buf_printf(&r->out,
                   "%s{\"household_id\":%lld,\"shop_id\":%lld,\"address\":%j,\"stratum\":%j,\"lot\":%j,\"name\":%j}",
                   k ? "," : "", (long long)(shop ? 0 : db_col_int(st, 0)), (long long)(shop ? db_col_int(st, 5) : 0),
                   db_col_text(st, 1), db_col_text(st, 2), db_col_text(st, 3), shop ? name : surname[0] ? surname : NULL);
    }
    db_done(st);
    buf_puts(&r->out, "]}");
    return true;
}

static const JsonField panel_spec[] = {
    {"node_id", JF_INT, JF_REQUIRED, 1, INT64_MAX},
    {"title", JF_STRING, JF_REQUIRED, 0, 200},
    {"seed", JF_STRING, JF_REQUIRED, 0, 200},
    {"dimension", JF_STRING, JF_REQUIRED, 0, 20},
    {NULL, 0, 0, 0, 0},
};

typedef struct Cand {
    int64_t household, person; /* household: the node id, or minus the shop id */
    int stratum;
} Cand;

void api_panel_create(Req *r)
{
    json_t *body = req_json_object_or_reply(r);
    if (!body)
        return;
    json_t *quotas = json_incref(json_object_get(body, "quotas"));
    json_object_del(body, "quotas");
    JsonValue v[4];
    NodeInfo n;
    bool ok = json_fields_or_reply(r, body, panel_spec, v) && vote_scope_or_reply(r, v[0].i, &n) &&
              auth_require_or_reply(r, PERM_DELIB_MANAGE, n.path);
    const char *const *strata = ok ? strata_of(v[3].s) : NULL;
    if (ok && !strata) {
        reply_error(r, 400, "bad_value", "dimension", "分层依据应为 age_band、residency 或 tenure",
                    "dimension must be age_band, residency or tenure");
        ok = false;
    }
    int n_strata = 0;
    while (strata && strata[n_strata])
        n_strata++;
    int quota[8] = {0}; /* ≥ the longest strata list */
    if (ok && (!json_is_object(quotas) || json_object_size(quotas) == 0)) {
        reply_error(r, 400, quotas ? "bad_type" : "missing_field", "quotas", "请为每一层写明名额，如 {\"old\":3}",
                    "quotas must be an object of stratum: count");
        ok = false;
    }
    const char *key;
    json_t *val;
    int total = 0;
    if (ok)
        json_object_foreach(quotas, key, val)
        {
            int s = stratum_index(strata, key);
            if (s < 0 || !json_is_integer(val) || json_integer_value(val) < 0 || json_integer_value(val) > 500) {
                reply_error(r, 400, "bad_value", "quotas", "名额中有未知的层或无效的人数",
                            "quotas names an unknown stratum or an invalid count");
                ok = false;
                break;
            }
            quota[s] = (int)json_integer_value(val);
            total += quota[s];
        }
    if (ok && total == 0) {
        reply_error(r, 400, "bad_value", "quotas", "至少要抽选一人", "Draw at least one person");
        ok = false;
    }
    if (!ok) {
        json_decref(quotas);
        return;
    }
    char upper[512];
    grid_path_upper(n.path, upper, sizeof upper);
    int64_t count = 0, shops = 0;
    db_int(r->db, &count,
           "SELECT COUNT(*) FROM household h JOIN node n ON n.id = h.node_id WHERE n.path >= ? AND n.path < ?",
           DB_T(n.path), DB_T(upper));
    db_int(r->db, &shops, "SELECT COUNT(*) FROM shop s JOIN node n ON n.id = s.node_id WHERE n.path >= ? AND n.path < ?",
           DB_T(n.path), DB_T(upper));
    count += shops;
    Cand *c = arena_alloc(r->arena, sizeof *c * (size_t)(count + 1));
    SortCandidate *sc = arena_alloc(r->arena, sizeof *sc * (size_t)(count + 1));
    int k = 0;
    /* Households in id order with their first registered person (the head). */
    DbStmt *st = db_query(r->db,
                          "SELECT h.node_id, h.housing, p.id, p.birth_year, p.residency FROM household h "
                          "JOIN node n ON n.id = h.node_id "
                          "LEFT JOIN person p ON p.id = (SELECT MIN(q.id) FROM person q WHERE q.household_id = h.node_id) "
                          "WHERE n.path >= ? AND n.path < ? ORDER BY h.node_id",
                          DB_T(n.path), DB_T(upper));
    while (db_step(st) == DB_ROW && k < count) {
        if (db_col_null(st, 2))
            continue; /* nobody lives there to represent it */
        const char *s = household_stratum(v[3].s, db_col_null(st, 3) ? 0 : (int)db_col_int(st, 3), db_col_text(st, 4),
                                          db_col_text(st, 1));
        c[k] = (Cand){db_col_int(st, 0), db_col_int(st, 2), stratum_index(strata, s)};
        sc[k] = (SortCandidate){c[k].household, c[k].stratum};
        k++;
    }
    db_done(st);
    /* Shops take part only when the "shop" stratum has a quota. */
    int shop_stratum = stratum_index(strata, "shop");
    if (quota[shop_stratum] > 0) {
        st = db_query(r->db, "SELECT s.id FROM shop s JOIN node n ON n.id = s.node_id WHERE n.path >= ? AND n.path < ? "
                             "ORDER BY s.id",
                      DB_T(n.path), DB_T(upper));
        while (db_step(st) == DB_ROW && k < count) {
            c[k] = (Cand){-db_col_int(st, 0), 0, shop_stratum};
            sc[k] = (SortCandidate){c[k].household, shop_stratum};
            k++;
        }
        db_done(st);
    }
    int *chosen = arena_alloc(r->arena, sizeof *chosen * (size_t)(k + 1));
    int got = sortition_draw(v[2].s, sc, k, quota, n_strata, chosen);
    if (got < 0) {
        json_decref(quotas);
        vote_reply_internal(r);
        return;
    }
    Buf qj = BUF_INIT, cl = BUF_INIT;
    buf_putc(&qj, '{');
    for (int s = 0, w = 0; s < n_strata; s++)
        if (quota[s])
            buf_printf(&qj, "%s%j:%d", w++ ? "," : "", strata[s], quota[s]);
    buf_putc(&qj, '}');
    buf_putc(&cl, '[');
    for (int i = 0; i < k; i++)
        buf_printf(&cl, "%s[%lld,%j]", i ? "," : "", (long long)c[i].household, strata[c[i].stratum]);
    buf_putc(&cl, ']');
    json_decref(quotas);
    int64_t now = clock_now(), id = 0;
    st = db_query(r->db,
                  "INSERT INTO panel (node_id, title, seed, dimension, quotas, candidates, candidate_list, drawn_at, drawn_by) "
                  "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                  DB_I(n.id), DB_T(v[1].s), DB_T(v[2].s), DB_T(v[3].s), DB_T(buf_str(&qj)), DB_I(k), DB_T(buf_str(&cl)),
                  DB_I(now), DB_I(vote_actor(r)));
    if (db_step(st) == DB_ROW)
        id = db_col_int(st, 0);
    ok = db_done(st) && id > 0;
    buf_free(&qj);
    buf_free(&cl);
    for (int i = 0; ok && i < got; i++) {
        const Cand *m = &c[chosen[i]];
        char lot[65];
        sortition_lot(v[2].s, m->household, lot);
        bool shop = m->household < 0;
        ok = db_exec(r->db,
                     "INSERT INTO panel_member (panel_id, household_id, shop_id, person_id, stratum, lot, sort) "
                     "VALUES (?, ?, ?, ?, ?, ?, ?)",
                     DB_I(id), shop ? DB_NULL : DB_I(m->household), shop ? DB_I(-m->household) : DB_NULL,
                     shop ? DB_NULL : DB_I(m->person), DB_T(strata[m->stratum]), DB_T(lot), DB_I(i));
    }
    if (!ok) {
        vote_reply_internal(r);
        return;
    }
    if (vote_audit_or_reply_internal(r, "panel", id, "draw",
                                     arena_printf(r->arena, "{\"node_id\":%lld,\"seed\":%j,\"members\":%d}", (long long)n.id, v[2].s, got)))
        panel_reply(r, id, 201);
}

void api_panel_get(Req *r)
{
    int64_t id;
    if (req_param_id_or_reply(r, "id", &id))
        panel_reply(r, id, 200);
}
