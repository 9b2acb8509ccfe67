/* panel_api.c: the JSON API of representatives' panels drawn by stratified
 * sortition from a published seed: parse, check the permission, call the
 * model (vote/delib.h), render. */
#include "vote/vote.h"
#include "vote/web_int.h"
#include "vote/web_delib.h"

#include <stdlib.h>
#include <string.h>

#include "site/site.h"
#include "core/clock.h"
#include "grid/grid.h"
#include "http/jsonin.h"

bool delib_panel_member_label(const Ctx *c, const PanelMember *m, const char **address, const char **name)
{
    DbStmt *st = m->shop_id ? db_query(c->db, "SELECT address, name FROM shop WHERE id = ?", DB_I(m->shop_id))
                            : db_query(c->db,
                                       "SELECT h.address, (SELECT p.name FROM person p WHERE p.id = ?) FROM household h "
                                       "WHERE h.node_id = ?",
                                       DB_I(m->person_id), DB_I(m->household_id));
    *address = *name = NULL;
    if (db_step(st) == DB_ROW) {
        *address = arena_strdup(c->arena, db_col_text(st, 0));
        *name = arena_strdup(c->arena, db_col_text(st, 1));
    }
    return db_done(st);
}

static bool panel_reply(Req *r, int64_t id, int status)
{
    Ctx c = site_ctx(r);
    DelibErr e;
    Panel p;
    PanelMember *m;
    int n;
    if (!delib_panel_get(&c, id, &p, &e)) {
        delib_err_reply(r, &e);
        return false;
    }
    if (!auth_require_or_reply(r, PERM_TREE_READ, p.node_path))
        return false;
    if (!delib_panel_members(&c, id, &m, &n, &e)) {
        delib_err_reply(r, &e);
        return false;
    }
    Buf b = BUF_INIT;
    for (int k = 0; k < n; k++) {
        const char *address, *name;
        if (!delib_panel_member_label(&c, &m[k], &address, &name)) {
            buf_free(&b);
            reply_storage_error(r);
            return false;
        }
        /* Only the surname of a representative is shown here (the panel is
         * public); a shop is named as it is on its sign. */
        bool shop = m[k].shop_id != 0;
        char surname[12] = "";
        if (!shop && name && name[0]) {
            size_t len = 1;
            while (len < 4 && (name[len] & 0xC0) == 0x80)
                len++;
            memcpy(surname, name, len);
            memcpy(surname + len, "**", 3);
        }
        buf_printf(&b, "%s{\"household_id\":%lld,\"shop_id\":%lld,\"address\":%j,\"stratum\":%j,\"lot\":%j,\"name\":%j}",
                   k ? "," : "", (long long)(shop ? 0 : m[k].household_id), (long long)m[k].shop_id, address, m[k].stratum,
                   m[k].lot, shop ? name : surname[0] ? surname : NULL);
    }
    char at[26];
    clock_format_iso(p.drawn_at, at);
    r->status = status;
    resp_json(r);
    buf_printf(&r->out,
               "{\"id\":%lld,\"node_id\":%lld,\"node_name\":%j,\"title\":%j,\"seed\":%j,\"dimension\":%j,\"quotas\":",
               (long long)p.id, (long long)p.node_id, p.node_name, p.title, p.seed, p.dimension);
    buf_puts(&r->out, p.quotas_json); /* JSON written by delib_panel_draw */
    buf_printf(&r->out, ",\"candidates\":%lld,\"drawn_at\":%j,\"method\":%j,\"candidate_list\":", (long long)p.candidates,
               at, "lot = BLAKE2b-256(seed + \":\" + id) in hex, id = household id, or minus the shop id for a shop; "
                   "per stratum, the smallest lots are chosen");
    buf_puts(&r->out, p.candidate_list_json); /* JSON written by delib_panel_draw */
    buf_puts(&r->out, ",\"members\":[");
    buf_puts(&r->out, buf_str(&b));
    buf_free(&b);
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

static int this_year(void)
{
    LocalTime lt;
    return clock_local(clock_now(), &lt) ? lt.year : 1970;
}

/* The candidates of a scope: its households in id order, each with its
 * first registered person (the head; a household nobody lives in has none
 * to represent it), then its shops in id order when the "shop" stratum has
 * a quota. */
static bool panel_candidates(const Ctx *c, const char *path, const char *dimension, const char *const *strata,
                             const int *quota, PanelCandidate **out, int *n)
{
    char upper[512];
    grid_path_upper(path, upper, sizeof upper);
    int k = 0, cap = 0;
    PanelCandidate *cand = NULL;
    int year = this_year();
    DbStmt *st = db_query(c->db,
                          "SELECT h.node_id, h.housing, p.id, p.birth_year, p.residency FROM household h "
                          "JOIN node n ON n.id = h.node_id "
                          "LEFT JOIN person p ON p.id = (SELECT MIN(q.id) FROM person q WHERE q.household_id = h.node_id) "
                          "WHERE n.path >= ? AND n.path < ? ORDER BY h.node_id",
                          DB_T(path), DB_T(upper));
    while (db_step(st) == DB_ROW) {
        if (db_col_null(st, 2))
            continue; /* nobody lives there to represent it */
        const char *s = delib_panel_household_stratum(dimension, db_col_null(st, 3) ? 0 : (int)db_col_int(st, 3),
                                                      db_col_text(st, 4), db_col_text(st, 1), year);
        if (k == cap) {
            cap = cap ? cap * 2 : 64;
            PanelCandidate *g = arena_alloc(c->arena, sizeof *g * (size_t)cap);
            if (k)
                memcpy(g, cand, sizeof *g * (size_t)k);
            cand = g;
        }
        cand[k++] = (PanelCandidate){db_col_int(st, 0), db_col_int(st, 2), delib_panel_stratum_index(strata, s)};
    }
    if (!db_done(st))
        return false;
    int shop_stratum = delib_panel_stratum_index(strata, "shop");
    if (quota[shop_stratum] > 0) {
        st = db_query(c->db, "SELECT s.id FROM shop s JOIN node n ON n.id = s.node_id WHERE n.path >= ? AND n.path < ? "
                             "ORDER BY s.id",
                      DB_T(path), DB_T(upper));
        while (db_step(st) == DB_ROW) {
            if (k == cap) {
                cap = cap ? cap * 2 : 64;
                PanelCandidate *g = arena_alloc(c->arena, sizeof *g * (size_t)cap);
                if (k)
                    memcpy(g, cand, sizeof *g * (size_t)k);
                cand = g;
            }
            cand[k++] = (PanelCandidate){-db_col_int(st, 0), 0, shop_stratum};
        }
        if (!db_done(st))
            return false;
    }
    *out = cand;
    *n = k;
    return true;
}

void api_panel_create(Req *r)
{
    json_t *body = req_json_object_or_reply(r);
    if (!body)
        return;
    json_t *quotas = json_object_get(body, "quotas");
    JsonValue v[4];
    NodeInfo n;
    DelibErr e;
    bool ok = true;
    {
        json_t *q = json_incref(quotas);
        json_object_del(body, "quotas");
        quotas = q;
    }
    ok = json_fields_or_reply(r, body, panel_spec, v) && vote_scope_or_reply(r, v[0].i, &n) &&
         auth_require_or_reply(r, PERM_DELIB_MANAGE, n.path);
    const char *const *strata = ok ? delib_panel_strata(v[3].s) : NULL;
    if (ok && !strata) {
        ok = delib_err(&e, DM_PANEL_BAD_DIMENSION, "dimension");
        delib_err_reply(r, &e);
    }
    int quota[8] = {0}; /* ≥ the longest strata list */
    if (ok && (!json_is_object(quotas) || json_object_size(quotas) == 0)) {
        ok = delib_err(&e, quotas ? DM_PANEL_QUOTAS_BAD_TYPE : DM_PANEL_QUOTAS_MISSING, "quotas");
        delib_err_reply(r, &e);
    }
    const char *key;
    json_t *val;
    int total = 0;
    if (ok)
        json_object_foreach(quotas, key, val)
        {
            int s = delib_panel_stratum_index(strata, key);
            if (s < 0 || !json_is_integer(val) || json_integer_value(val) < 0 || json_integer_value(val) > 500) {
                ok = delib_err(&e, DM_PANEL_QUOTAS_BAD, "quotas");
                delib_err_reply(r, &e);
                break;
            }
            quota[s] = (int)json_integer_value(val);
            total += quota[s];
        }
    if (ok && total == 0) {
        ok = delib_err(&e, DM_PANEL_QUOTAS_EMPTY, "quotas");
        delib_err_reply(r, &e);
    }
    json_decref(quotas);
    if (!ok)
        return;
    Ctx c = site_ctx(r);
    PanelCandidate *cand;
    int n_cand, got;
    int64_t id;
    if (!panel_candidates(&c, n.path, v[3].s, strata, quota, &cand, &n_cand)) {
        reply_storage_error(r);
        return;
    }
    PanelNew in = {n.id, v[1].s, v[2].s, v[3].s, quota};
    if (!delib_panel_draw(&c, &in, cand, n_cand, &id, &got, &e)) {
        delib_err_reply(r, &e);
        return;
    }
    panel_reply(r, id, 201);
}

void api_panel_get(Req *r)
{
    int64_t id;
    if (req_param_id_or_reply(r, "id", &id))
        panel_reply(r, id, 200);
}
