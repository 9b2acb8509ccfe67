/* resource.c: resources against needs: the writer of life_offer,
 * life_need and life_match. Confirming a match takes the quantity from the
 * offer and the need by conditional UPDATEs (never below zero): the row's
 * lock makes two confirmations of the last quantity count one after the
 * other, so exactly one wins, on PostgreSQL as on SQLite. */
#include <string.h>

#include "life/life_int.h"

#define OFFER_COLS                                                                                                   \
    "id, node_id, from_at, to_at, quantity, quantity_left, created_by, node_path, giver_kind, giver_name, kind, "      \
    "title, place"
#define NEED_COLS "id, node_id, from_at, to_at, quantity, quantity_left, created_by, node_path, kind, title, place"
#define MATCH_COLS "id, node_id, offer_id, need_id, quantity, giver_done_at, receiver_done_at, created_at"

static bool window_ok(int64_t from, int64_t to, LifeErr *e)
{
    return (from > 0 && to > from) || life_err(e, LM_BAD_TIME, "to_at");
}

bool life_offer_create(const Ctx *c, const LifeOffer *in, int64_t *id_out, LifeErr *e)
{
    NodeInfo n;
    if (!life_node(c, in->node_id, &n, e))
        return false;
    if (!life_giver_kind_valid(in->giver_kind))
        return life_err(e, LM_BAD_KIND, "giver_kind");
    if (!life_resource_kind_valid(in->kind))
        return life_err(e, LM_BAD_KIND, "kind");
    if (!window_ok(in->from_at, in->to_at, e))
        return false;
    if (!db_int(c->db, id_out,
                "INSERT INTO life_offer (node_id, node_path, giver_kind, giver_name, kind, title, place, from_at, "
                "to_at, quantity, quantity_left, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
                "RETURNING id",
                DB_I(n.id), DB_T(n.path), DB_T(in->giver_kind), DB_T(in->giver_name), DB_T(in->kind),
                DB_T(in->title), DB_T(in->place ? in->place : ""), DB_I(in->from_at), DB_I(in->to_at),
                DB_I(in->quantity), DB_I(in->quantity), DB_I(ctx_actor(c)), DB_I(c->now)))
        return life_err_db(e, c->db);
    return life_audit(c, "life_offer", *id_out, "create",
                      arena_printf(c->arena, "{\"quantity\":%lld}", (long long)in->quantity), e);
}

bool life_offer_get(const Ctx *c, int64_t id, LifeOffer *out, LifeErr *e)
{
    DbStmt *st = db_query(c->db, "SELECT " OFFER_COLS " FROM life_offer WHERE id = ?", DB_I(id));
    bool found = false;
    if (db_step(st) == DB_ROW) {
        *out = (LifeOffer){db_col_int(st, 0),
                           db_col_int(st, 1),
                           db_col_int(st, 2),
                           db_col_int(st, 3),
                           db_col_int(st, 4),
                           db_col_int(st, 5),
                           db_col_int(st, 6),
                           arena_strdup(c->arena, db_col_text(st, 7)),
                           arena_strdup(c->arena, db_col_text(st, 8)),
                           arena_strdup(c->arena, db_col_text(st, 9)),
                           arena_strdup(c->arena, db_col_text(st, 10)),
                           arena_strdup(c->arena, db_col_text(st, 11)),
                           arena_strdup(c->arena, db_col_text(st, 12))};
        found = true;
    }
    if (!db_done(st))
        return life_err_db(e, c->db);
    return found || life_err(e, LM_NO_SUCH_OFFER, "offer_id");
}

/* The ids a list statement's page answers (at most LIFE_PAGE_MAX). */
int life_page_ids(const Ctx *c, DbStmt *st, int limit, int64_t *ids, LifeErr *e)
{
    int n = 0;
    while (n < limit && n < LIFE_PAGE_MAX && db_step(st) == DB_ROW)
        ids[n++] = db_col_int(st, 0);
    if (!db_done(st))
        return life_err_db(e, c->db), -1;
    return n;
}

int life_offers_page(const Ctx *c, int64_t node_id, int64_t after, int limit, LifeOffer *out, LifeErr *e)
{
    int64_t ids[LIFE_PAGE_MAX];
    int n = life_page_ids(c, db_query(c->db, LIFE_OFFER_IDS, DB_I(node_id), DB_I(after), DB_I(limit)), limit, ids, e);
    for (int i = 0; i < n; i++)
        if (!life_offer_get(c, ids[i], &out[i], e))
            return -1;
    return n;
}

bool life_need_create(const Ctx *c, const LifeNeed *in, int64_t *id_out, LifeErr *e)
{
    NodeInfo n;
    if (!life_node(c, in->node_id, &n, e))
        return false;
    if (!life_resource_kind_valid(in->kind))
        return life_err(e, LM_BAD_KIND, "kind");
    if (!window_ok(in->from_at, in->to_at, e))
        return false;
    if (!db_int(c->db, id_out,
                "INSERT INTO life_need (node_id, node_path, kind, title, place, from_at, to_at, quantity, "
                "quantity_left, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                DB_I(n.id), DB_T(n.path), DB_T(in->kind), DB_T(in->title), DB_T(in->place ? in->place : ""),
                DB_I(in->from_at), DB_I(in->to_at), DB_I(in->quantity), DB_I(in->quantity), DB_I(ctx_actor(c)),
                DB_I(c->now)))
        return life_err_db(e, c->db);
    return life_audit(c, "life_need", *id_out, "create",
                      arena_printf(c->arena, "{\"quantity\":%lld}", (long long)in->quantity), e);
}

bool life_need_get(const Ctx *c, int64_t id, LifeNeed *out, LifeErr *e)
{
    DbStmt *st = db_query(c->db, "SELECT " NEED_COLS " FROM life_need WHERE id = ?", DB_I(id));
    bool found = false;
    if (db_step(st) == DB_ROW) {
        *out = (LifeNeed){db_col_int(st, 0),
                          db_col_int(st, 1),
                          db_col_int(st, 2),
                          db_col_int(st, 3),
                          db_col_int(st, 4),
                          db_col_int(st, 5),
                          db_col_int(st, 6),
                          arena_strdup(c->arena, db_col_text(st, 7)),
                          arena_strdup(c->arena, db_col_text(st, 8)),
                          arena_strdup(c->arena, db_col_text(st, 9)),
                          arena_strdup(c->arena, db_col_text(st, 10))};
        found = true;
    }
    if (!db_done(st))
        return life_err_db(e, c->db);
    return found || life_err(e, LM_NO_SUCH_NEED, "need_id");
}

int life_needs_page(const Ctx *c, int64_t node_id, int64_t after, int limit, LifeNeed *out, LifeErr *e)
{
    int64_t ids[LIFE_PAGE_MAX];
    int n = life_page_ids(c, db_query(c->db, LIFE_NEED_IDS, DB_I(node_id), DB_I(after), DB_I(limit)), limit, ids, e);
    for (int i = 0; i < n; i++)
        if (!life_need_get(c, ids[i], &out[i], e))
            return -1;
    return n;
}

int life_match_proposals(const Ctx *c, int64_t node_id, MatchProposal *out, int max, LifeOffer *offers, int *n_offer,
                         LifeNeed *needs, int *n_need, LifeErr *e)
{
    NodeInfo n;
    NodeList path;
    *n_offer = *n_need = 0;
    if (!life_node(c, node_id, &n, e))
        return -1;
    if (grid_path_nodes(c, n.path, &path) != GRID_OK)
        return life_err_db(e, c->db), -1;
    /* open offers of the place and of every place above it */
    for (int p = 0; p < path.n && *n_offer < LIFE_MATCH_POOL; p++) {
        int64_t after = 0;
        for (;;) {
            LifeOffer page[LIFE_PAGE_MAX];
            int k = life_offers_page(c, path.items[p].id, after, LIFE_PAGE_MAX, page, e);
            if (k < 0)
                return -1;
            for (int i = 0; i < k && *n_offer < LIFE_MATCH_POOL; i++)
                if (page[i].quantity_left > 0)
                    offers[(*n_offer)++] = page[i];
            if (k < LIFE_PAGE_MAX || *n_offer >= LIFE_MATCH_POOL)
                break;
            after = page[k - 1].id;
        }
    }
    int64_t after = 0;
    for (;;) {
        LifeNeed page[LIFE_PAGE_MAX];
        int k = life_needs_page(c, node_id, after, LIFE_PAGE_MAX, page, e);
        if (k < 0)
            return -1;
        for (int i = 0; i < k && *n_need < LIFE_MATCH_POOL; i++)
            if (page[i].quantity_left > 0)
                needs[(*n_need)++] = page[i];
        if (k < LIFE_PAGE_MAX || *n_need >= LIFE_MATCH_POOL)
            break;
        after = page[k - 1].id;
    }
    MatchItem *oi = arena_alloc(c->arena, sizeof *oi * (size_t)(*n_offer + 1));
    MatchItem *ni = arena_alloc(c->arena, sizeof *ni * (size_t)(*n_need + 1));
    for (int i = 0; i < *n_offer; i++)
        oi[i] = (MatchItem){offers[i].id,    offers[i].kind,         offers[i].node_path,
                            offers[i].from_at, offers[i].to_at, offers[i].quantity_left};
    for (int i = 0; i < *n_need; i++)
        ni[i] = (MatchItem){needs[i].id,    needs[i].kind,         needs[i].node_path,
                            needs[i].from_at, needs[i].to_at, needs[i].quantity_left};
    int k = life_match_propose(oi, *n_offer, ni, *n_need, out, max);
    return k < 0 ? (life_err(e, LM_INTERNAL, NULL), -1) : k;
}

bool life_match_confirm(const Ctx *c, int64_t offer_id, int64_t need_id, int64_t quantity, int64_t *id_out,
                        LifeErr *e)
{
    LifeOffer o;
    LifeNeed nd;
    if (!life_offer_get(c, offer_id, &o, e) || !life_need_get(c, need_id, &nd, e))
        return false;
    if (strcmp(o.kind, nd.kind))
        return life_err(e, LM_KIND_MISMATCH, "need_id");
    int64_t left;
    if (!db_int(c->db, &left,
                "UPDATE life_offer SET quantity_left = quantity_left - ? WHERE id = ? AND quantity_left >= ? "
                "RETURNING quantity_left",
                DB_I(quantity), DB_I(offer_id), DB_I(quantity)))
        return db_error_class(c->db) != DB_ERR_NONE ? life_err_db(e, c->db)
                                                     : life_err(e, LM_MORE_THAN_OFFERED, "quantity");
    if (!db_int(c->db, &left,
                "UPDATE life_need SET quantity_left = quantity_left - ? WHERE id = ? AND quantity_left >= ? "
                "RETURNING quantity_left",
                DB_I(quantity), DB_I(need_id), DB_I(quantity)))
        return db_error_class(c->db) != DB_ERR_NONE ? life_err_db(e, c->db)
                                                     : life_err(e, LM_MORE_THAN_NEEDED, "quantity");
    if (!db_int(c->db, id_out,
                "INSERT INTO life_match (node_id, offer_id, need_id, quantity, confirmed_by, created_at) "
                "VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
                DB_I(nd.node_id), DB_I(offer_id), DB_I(need_id), DB_I(quantity), DB_I(ctx_actor(c)), DB_I(c->now)))
        return life_err_db(e, c->db);
    return life_audit(c, "life_match", *id_out, "confirm",
                      arena_printf(c->arena, "{\"offer\":%lld,\"need\":%lld,\"quantity\":%lld}", (long long)offer_id,
                                   (long long)need_id, (long long)quantity),
                      e);
}

bool life_match_get(const Ctx *c, int64_t id, LifeMatch *out, LifeErr *e)
{
    DbStmt *st = db_query(c->db, "SELECT " MATCH_COLS " FROM life_match WHERE id = ?", DB_I(id));
    bool found = false;
    if (db_step(st) == DB_ROW) {
        *out = (LifeMatch){db_col_int(st, 0), db_col_int(st, 1), db_col_int(st, 2), db_col_int(st, 3),
                           db_col_int(st, 4), db_col_int(st, 5), db_col_int(st, 6), db_col_int(st, 7)};
        found = true;
    }
    if (!db_done(st))
        return life_err_db(e, c->db);
    return found || life_err(e, LM_NO_SUCH_MATCH, "id");
}

int life_matches_page(const Ctx *c, int64_t node_id, int64_t after, int limit, LifeMatch *out, LifeErr *e)
{
    int64_t ids[LIFE_PAGE_MAX];
    int n = life_page_ids(c, db_query(c->db, LIFE_MATCH_IDS, DB_I(node_id), DB_I(after), DB_I(limit)), limit, ids, e);
    for (int i = 0; i < n; i++)
        if (!life_match_get(c, ids[i], &out[i], e))
            return -1;
    return n;
}

bool life_match_delivered(const Ctx *c, int64_t id, bool giver, LifeErr *e)
{
    int64_t got;
    bool ok = giver ? db_int(c->db, &got,
                             "UPDATE life_match SET giver_done_at = ? WHERE id = ? AND giver_done_at IS NULL "
                             "RETURNING id",
                             DB_I(c->now), DB_I(id))
                    : db_int(c->db, &got,
                             "UPDATE life_match SET receiver_done_at = ? WHERE id = ? AND receiver_done_at IS NULL "
                             "RETURNING id",
                             DB_I(c->now), DB_I(id));
    if (!ok) {
        if (db_error_class(c->db) != DB_ERR_NONE)
            return life_err_db(e, c->db);
        LifeMatch m;
        return life_match_get(c, id, &m, e) && life_err(e, LM_ALREADY_DELIVERED, "side");
    }
    return life_audit(c, "life_match", id, giver ? "delivered_giver" : "delivered_receiver", NULL, e);
}
