/* service.c: the service menu (life_service). A resident's order of a
 * service is a work order raised through wo_raise with source_kind
 * "service": the same machinery, SLA, dispatch, timeline and ratings as any
 * order, with the service's contracted response and resolve times. */
#include <string.h>

#include "life/life_int.h"
#include "workorder/workorder.h"

bool life_service_create(const Ctx *c, const LifeService *in, int64_t *id_out, LifeErr *e)
{
    NodeInfo n;
    if (!life_node(c, in->node_id, &n, e))
        return false;
    if (!life_tier_valid(in->tier))
        return life_err(e, LM_BAD_TIER, "tier");
    if (!life_price_kind_valid(in->price_kind) || in->price_fen < 0 ||
        (!strcmp(in->price_kind, "free") && in->price_fen != 0))
        return life_err(e, LM_BAD_PRICE, "price_fen");
    if (in->response_minutes <= 0 || in->resolve_minutes < in->response_minutes)
        return life_err(e, LM_BAD_TIME, "resolve_minutes");
    if (!db_int(c->db, id_out,
                "INSERT INTO life_service (node_id, node_path, name, tier, provider, category_code, price_kind, "
                "price_fen, response_minutes, resolve_minutes, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
                "RETURNING id",
                DB_I(n.id), DB_T(n.path), DB_T(in->name), DB_T(in->tier), DB_T(in->provider),
                DB_T(in->category_code), DB_T(in->price_kind), DB_I(in->price_fen), DB_I(in->response_minutes),
                DB_I(in->resolve_minutes), DB_I(c->now)))
        return life_err_db(e, c->db);
    return life_audit(c, "life_service", *id_out, "create", NULL, e);
}

bool life_service_get(const Ctx *c, int64_t id, LifeService *out, LifeErr *e)
{
    DbStmt *st = db_query(c->db,
                          "SELECT id, node_id, price_fen, response_minutes, resolve_minutes, active, node_path, name, "
                          "tier, provider, category_code, price_kind FROM life_service WHERE id = ?",
                          DB_I(id));
    bool found = false;
    if (db_step(st) == DB_ROW) {
        *out = (LifeService){db_col_int(st, 0),
                             db_col_int(st, 1),
                             db_col_int(st, 2),
                             db_col_int(st, 3),
                             db_col_int(st, 4),
                             db_col_int(st, 5) != 0,
                             arena_strdup(c->arena, db_col_text(st, 6)),
                             arena_strdup(c->arena, db_col_text(st, 7)),
                             arena_strdup(c->arena, db_col_text(st, 8)),
                             arena_strdup(c->arena, db_col_text(st, 9)),
                             arena_strdup(c->arena, db_col_text(st, 10)),
                             arena_strdup(c->arena, db_col_text(st, 11)),
                             0,
                             0};
        found = true;
    }
    if (!db_done(st))
        return life_err_db(e, c->db);
    if (!found)
        return life_err(e, LM_NO_SUCH_SERVICE, "service_id");
    return wo_source_ratings(c, "service", out->id, &out->rating_count, &out->rating_sum) || life_err_db(e, c->db);
}

int life_services_page(const Ctx *c, int64_t node_id, int64_t after, int limit, LifeService *out, LifeErr *e)
{
    DbStmt *st = db_query(c->db, LIFE_SERVICE_IDS, DB_I(node_id), DB_I(after), DB_I(limit));
    int64_t ids[LIFE_PAGE_MAX];
    int n = 0;
    while (n < limit && n < LIFE_PAGE_MAX && db_step(st) == DB_ROW)
        ids[n++] = db_col_int(st, 0);
    if (!db_done(st))
        return life_err_db(e, c->db), -1;
    for (int i = 0; i < n; i++)
        if (!life_service_get(c, ids[i], &out[i], e))
            return -1;
    return n;
}

bool life_service_order(const Ctx *c, int64_t service_id, int64_t node_id, const char *description,
                        int64_t *order_id, LifeErr *e)
{
    LifeService s;
    if (!life_service_get(c, service_id, &s, e))
        return false;
    if (!s.active)
        return life_err(e, LM_NO_SUCH_SERVICE, "service_id");
    WoRaise in = {.node_id = node_id,
                  .category_code = s.category_code,
                  .description = arena_printf(c->arena, "【%s】%s", s.name, description),
                  .channel = "desk",
                  .source_kind = "service",
                  .source_id = s.id,
                  .response_minutes = s.response_minutes,
                  .resolve_minutes = s.resolve_minutes};
    WoErr we;
    if (!wo_raise(c, &in, order_id, &we)) {
        if (we.msg == WM_BUSY)
            return life_err(e, LM_BUSY, NULL);
        if (we.msg == WM_INTERNAL)
            return life_err(e, LM_INTERNAL, NULL);
        return life_err(e, we.field && !strcmp(we.field, "category") ? LM_BAD_CATEGORY : LM_NO_SUCH_NODE, "node_id");
    }
    return life_audit(c, "life_service", s.id, "order", arena_printf(c->arena, "{\"order\":%lld}", (long long)*order_id),
                      e);
}
