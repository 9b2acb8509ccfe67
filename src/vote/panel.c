/* panel.c: the model of representatives' panels drawn by stratified
 * sortition from a published seed (vote/delib.h). The only writer of panel
 * and panel_member; households, people and shops are read through the
 * grid's read functions. */
#include "vote/delib.h"
#include "vote/delib_int.h"
#include "vote/sortition.h"

#include <string.h>

#include "auth/audit.h"
#include "core/clock.h"
#include "grid/read.h"

/* Every dimension also has the "shop" stratum: shops of the scope, drawn
 * under their negated shop id (households use their node id). */
static const char *const age_strata[] = {"old", "middle", "young", "unknown", "shop", NULL};
static const char *const residency_strata[] = {"permanent", "floating", "shop", NULL};
static const char *const tenure_strata[] = {"owner", "tenant", "other", "shop", NULL};

const char *const *delib_panel_strata(const char *dimension)
{
    if (strcmp(dimension, "age_band") == 0)
        return age_strata;
    if (strcmp(dimension, "residency") == 0)
        return residency_strata;
    if (strcmp(dimension, "tenure") == 0)
        return tenure_strata;
    return NULL;
}

int delib_panel_stratum_index(const char *const *strata, const char *name)
{
    for (int i = 0; strata[i]; i++)
        if (strcmp(strata[i], name) == 0)
            return i;
    return -1;
}

const char *delib_panel_household_stratum(const char *dimension, int birth_year, const char *residency,
                                          const char *housing, int this_year)
{
    if (strcmp(dimension, "age_band") == 0)
        return sortition_age_band(birth_year, this_year);
    if (strcmp(dimension, "residency") == 0)
        return residency && strcmp(residency, "floating") == 0 ? "floating" : "permanent";
    return strcmp(housing, "owned") == 0 ? "owner" : strcmp(housing, "rented") == 0 ? "tenant" : "other";
}

bool delib_panel_candidates(const Ctx *c, const char *scope, const char *dimension, const int *quota,
                            PanelCandidate **out, int *n, VoteErr *e)
{
    const char *const *strata = delib_panel_strata(dimension);
    if (!strata)
        return delib_err(e, VM_PANEL_BAD_DIMENSION, "dimension");
    HouseholdList hh;
    ShopList shops = {0, NULL};
    GridRead g = grid_households_in(c, scope, &hh);
    if (g != GRID_OK)
        return delib_err_grid(e, g);
    int shop_stratum = delib_panel_stratum_index(strata, "shop");
    /* Shops take part only when the "shop" stratum has a quota. */
    if (quota[shop_stratum] > 0 && (g = grid_shops_in(c, scope, &shops)) != GRID_OK)
        return delib_err_grid(e, g);
    LocalTime lt;
    int year = clock_local(c->now, &lt) ? lt.year : 1970;
    PanelCandidate *cand = arena_alloc(c->arena, sizeof *cand * (size_t)(hh.n + shops.n + 1));
    int k = 0;
    for (int i = 0; i < hh.n; i++) {
        const HouseholdInfo *h = &hh.items[i];
        if (!h->head_person_id)
            continue; /* nobody lives there to represent it */
        const char *s = delib_panel_household_stratum(dimension, h->head_birth_year, h->head_residency, h->housing, year);
        cand[k++] = (PanelCandidate){h->node_id, h->head_person_id, delib_panel_stratum_index(strata, s)};
    }
    for (int i = 0; i < shops.n; i++)
        cand[k++] = (PanelCandidate){-shops.items[i].id, 0, shop_stratum};
    *out = cand;
    *n = k;
    return true;
}

bool delib_panel_draw(const Ctx *c, const PanelNew *in, const char *scope, int64_t *id, int *n_members, VoteErr *e)
{
    const char *const *strata = delib_panel_strata(in->dimension);
    if (!strata)
        return delib_err(e, VM_PANEL_BAD_DIMENSION, "dimension");
    PanelCandidate *cands;
    int n_cands;
    if (!delib_panel_candidates(c, scope, in->dimension, in->quota, &cands, &n_cands, e))
        return false;
    int n_strata = 0;
    while (strata[n_strata])
        n_strata++;
    SortCandidate *sc = arena_alloc(c->arena, sizeof *sc * (size_t)(n_cands + 1));
    for (int i = 0; i < n_cands; i++)
        sc[i] = (SortCandidate){cands[i].household, cands[i].stratum};
    int *chosen = arena_alloc(c->arena, sizeof *chosen * (size_t)(n_cands + 1));
    int got = sortition_draw(in->seed, sc, n_cands, in->quota, n_strata, chosen);
    if (got < 0)
        return delib_err(e, VM_INTERNAL, NULL);
    Buf qj = BUF_INIT, cl = BUF_INIT;
    buf_putc(&qj, '{');
    for (int s = 0, w = 0; s < n_strata; s++)
        if (in->quota[s])
            buf_printf(&qj, "%s%j:%d", w++ ? "," : "", strata[s], in->quota[s]);
    buf_putc(&qj, '}');
    buf_putc(&cl, '[');
    for (int i = 0; i < n_cands; i++)
        buf_printf(&cl, "%s[%lld,%j]", i ? "," : "", (long long)cands[i].household, strata[cands[i].stratum]);
    buf_putc(&cl, ']');
    *id = 0;
    bool ok = db_int(c->db, id,
                     "INSERT INTO panel (node_id, title, seed, dimension, quotas, candidates, candidate_list, drawn_at, "
                     "drawn_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                     DB_I(in->node_id), DB_T(in->title), DB_T(in->seed), DB_T(in->dimension), DB_T(buf_str(&qj)),
                     DB_I(n_cands), DB_T(buf_str(&cl)), DB_I(c->now), DB_I(ctx_actor(c))) &&
              *id > 0;
    buf_free(&qj);
    buf_free(&cl);
    for (int i = 0; ok && i < got; i++) {
        const PanelCandidate *m = &cands[chosen[i]];
        char lot[65];
        sortition_lot(in->seed, m->household, lot);
        bool shop = m->household < 0;
        ok = db_exec(c->db,
                     "INSERT INTO panel_member (panel_id, household_id, shop_id, person_id, stratum, lot, sort) "
                     "VALUES (?, ?, ?, ?, ?, ?, ?)",
                     DB_I(*id), shop ? DB_NULL : DB_I(m->household), shop ? DB_I(-m->household) : DB_NULL,
                     shop ? DB_NULL : DB_I(m->person), DB_T(strata[m->stratum]), DB_T(lot), DB_I(i));
    }
    if (!ok || !audit_append(c->db, ctx_actor(c), "panel", *id, "draw", NULL,
                             arena_printf(c->arena, "{\"node_id\":%lld,\"seed\":%j,\"members\":%d}", (long long)in->node_id,
                                          in->seed, got)))
        return delib_err_db(e, c->db);
    *n_members = got;
    return true;
}

bool delib_panel_get(const Ctx *c, int64_t id, Panel *out, VoteErr *e)
{
    DbStmt *st = db_query(c->db,
                          "SELECT id, node_id, title, seed, dimension, quotas, candidates, drawn_at, candidate_list "
                          "FROM panel WHERE id = ?",
                          DB_I(id));
    bool found = db_step(st) == DB_ROW;
    if (found) {
        out->id = db_col_int(st, 0);
        out->node_id = db_col_int(st, 1);
        out->title = arena_strdup(c->arena, db_col_text(st, 2));
        out->seed = arena_strdup(c->arena, db_col_text(st, 3));
        out->dimension = arena_strdup(c->arena, db_col_text(st, 4));
        out->quotas_json = arena_strdup(c->arena, db_col_text(st, 5));
        out->candidates = db_col_int(st, 6);
        out->drawn_at = db_col_int(st, 7);
        out->candidate_list_json = arena_strdup(c->arena, db_col_text(st, 8));
    }
    if (!db_done(st))
        return delib_err_db(e, c->db);
    if (!found)
        return delib_err(e, VM_PANEL_NOT_FOUND, NULL);
    return delib_place(c, out->node_id, &out->node_name, &out->node_path, e);
}

bool delib_panels_list(const Ctx *c, Panel **out, int *n, VoteErr *e)
{
    int k = 0, cap = 0;
    Panel *p = NULL;
    /* not the candidate list: a list of panels shows none of it */
    DbStmt *st = db_query(c->db, "SELECT id, node_id, title, seed, dimension, quotas, candidates, drawn_at FROM panel "
                                 "ORDER BY id DESC");
    while (db_step(st) == DB_ROW) {
        p = delib_grow(c->arena, p, sizeof *p, k, &cap);
        Panel *x = &p[k++];
        x->id = db_col_int(st, 0);
        x->node_id = db_col_int(st, 1);
        x->title = arena_strdup(c->arena, db_col_text(st, 2));
        x->seed = arena_strdup(c->arena, db_col_text(st, 3));
        x->dimension = arena_strdup(c->arena, db_col_text(st, 4));
        x->quotas_json = arena_strdup(c->arena, db_col_text(st, 5));
        x->candidates = db_col_int(st, 6);
        x->drawn_at = db_col_int(st, 7);
        x->candidate_list_json = NULL;
        x->node_name = x->node_path = NULL;
    }
    if (!db_done(st))
        return delib_err_db(e, c->db);
    *out = p;
    *n = k;
    return PLACES_FILL(c, k, p, Panel, e);
}

bool delib_panel_members(const Ctx *c, int64_t id, PanelMember **out, int *n, VoteErr *e)
{
    int k = 0, cap = 0;
    PanelMember *m = NULL;
    DbStmt *st = db_query(c->db, "SELECT household_id, shop_id, person_id, stratum, lot FROM panel_member "
                                 "WHERE panel_id = ? ORDER BY sort",
                          DB_I(id));
    while (db_step(st) == DB_ROW) {
        m = delib_grow(c->arena, m, sizeof *m, k, &cap);
        m[k++] = (PanelMember){db_col_null(st, 0) ? 0 : db_col_int(st, 0), db_col_null(st, 1) ? 0 : db_col_int(st, 1),
                               db_col_null(st, 2) ? 0 : db_col_int(st, 2), arena_strdup(c->arena, db_col_text(st, 3)),
                               arena_strdup(c->arena, db_col_text(st, 4))};
    }
    if (!db_done(st))
        return delib_err_db(e, c->db);
    *out = m;
    *n = k;
    return true;
}

bool delib_panel_member_label(const Ctx *c, const PanelMember *m, const char **address, const char **name, VoteErr *e)
{
    *address = *name = NULL;
    GridRead g;
    if (m->shop_id) {
        ShopInfo s;
        g = grid_shop_get(c, m->shop_id, &s);
        if (g == GRID_OK) {
            *address = s.address;
            *name = s.name;
        }
    } else {
        HouseholdInfo h;
        PersonInfo p;
        g = grid_household_get(c, m->household_id, &h);
        if (g == GRID_OK)
            *address = h.address;
        if ((g == GRID_OK || g == GRID_NOT_FOUND) && m->person_id) {
            g = grid_person_get(c, m->person_id, &p);
            if (g == GRID_OK)
                *name = p.name;
        }
    }
    /* a household or shop removed from the register since the draw is shown without its address */
    if (g != GRID_OK && g != GRID_NOT_FOUND)
        return delib_err_grid(e, g);
    return true;
}
