/* resource_api.c: the JSON API of resources against needs, the talent
 * pool, the reading corner and the old photos. Offers, needs, matches and
 * stories are public lists (no sign-in; names masked); the talent pool is
 * searched by staff only. Parse -> permission -> model -> JSON. */
#include <string.h>

#include "auth/read.h"
#include "grid/grid.h"
#include "grid/web.h"
#include "life/web_int.h"
#include "workorder/workorder.h"

static bool body_or_reply(Req *r, const JsonField *spec, JsonValue *v)
{
    json_t *body = req_json_object_or_reply(r);
    return body && json_fields_or_reply(r, body, spec, v);
}

static int64_t me(const Req *r)
{
    return r->who ? r->who->user_id : 0;
}

static bool fail(Req *r, const LifeErr *e)
{
    life_err_reply(r, e);
    return false;
}

/* The node of ?node= for a public list: any existing place (404 otherwise). */
static bool public_node_or_reply(Req *r, NodeInfo *n)
{
    int64_t node;
    if (!req_query_id_or_reply(r, "node", &node))
        return false;
    Ctx c = site_ctx(r);
    GridRead g = grid_node_find(&c, node, n);
    if (g == GRID_OK)
        return true;
    if (g == GRID_NOT_FOUND)
        return fail(r, &(LifeErr){LM_NO_SUCH_NODE, "node", NULL});
    LifeErr e;
    life_err_db(&e, r->db);
    return fail(r, &e);
}

/* ?page= ?per_page= ?after= with per_page capped at 100. */
static bool keyset_or_reply(Req *r, int64_t *per_page, int64_t *after)
{
    int64_t page;
    if (!req_keyset_or_reply(r, &page, per_page, after))
        return false;
    if (*per_page > 100)
        *per_page = 100;
    return true;
}

static void list_open(Req *r)
{
    resp_json(r);
    buf_puts(&r->out, "{\"items\":[");
}

static void list_close(Req *r, bool more, int64_t last)
{
    if (more)
        buf_printf(&r->out, "],\"next\":%lld}", (long long)last);
    else
        buf_puts(&r->out, "],\"next\":null}");
}

/* ---- offers and needs ------------------------------------------------------------------ */

static void offer_json(Req *r, const LifeOffer *o, bool names)
{
    buf_printf(&r->out,
               "{\"id\":%lld,\"node_id\":%lld,\"giver_kind\":%j,\"giver_kind_label\":%j,\"giver_name\":%j,"
               "\"kind\":%j,\"kind_label\":%j,\"title\":%j,\"place\":%j,\"from_at\":%lld,\"to_at\":%lld,"
               "\"quantity\":%lld,\"quantity_left\":%lld}",
               (long long)o->id, (long long)o->node_id, o->giver_kind, life_giver_kind_label_zh(o->giver_kind),
               names ? o->giver_name : wo_name_mask(r->arena, o->giver_name), o->kind,
               life_resource_kind_label_zh(o->kind), o->title, o->place, (long long)o->from_at, (long long)o->to_at,
               (long long)o->quantity, (long long)o->quantity_left);
}

static void need_json(Req *r, const LifeNeed *n)
{
    buf_printf(&r->out,
               "{\"id\":%lld,\"node_id\":%lld,\"kind\":%j,\"kind_label\":%j,\"title\":%j,\"place\":%j,"
               "\"from_at\":%lld,\"to_at\":%lld,\"quantity\":%lld,\"quantity_left\":%lld}",
               (long long)n->id, (long long)n->node_id, n->kind, life_resource_kind_label_zh(n->kind), n->title,
               n->place, (long long)n->from_at, (long long)n->to_at, (long long)n->quantity,
               (long long)n->quantity_left);
}

void api_life_offers(Req *r)
{
    NodeInfo n;
    int64_t per_page, after;
    if (!public_node_or_reply(r, &n) || !keyset_or_reply(r, &per_page, &after))
        return;
    Ctx c = site_ctx(r);
    LifeErr e;
    LifeOffer *rows = arena_alloc(r->arena, sizeof *rows * (size_t)(per_page + 1));
    int k = life_offers_page(&c, n.id, after, (int)per_page + 1, rows, &e);
    if (k < 0) {
        fail(r, &e);
        return;
    }
    bool more = k > per_page, names = life_may_manage(&c, n.path);
    if (more)
        k = (int)per_page;
    list_open(r);
    for (int i = 0; i < k; i++) {
        if (i)
            buf_putc(&r->out, ',');
        offer_json(r, &rows[i], names);
    }
    list_close(r, more, k ? rows[k - 1].id : 0);
}

static const JsonField offer_spec[] = {
    {"node_id", JF_INT, JF_REQUIRED, 1, INT64_MAX},
    {"giver_kind", JF_STRING, JF_REQUIRED, 0, 20},
    {"giver_name", JF_STRING, JF_REQUIRED, 0, 100},
    {"kind", JF_STRING, JF_REQUIRED, 0, 20},
    {"title", JF_STRING, JF_REQUIRED, 0, 100},
    {"place", JF_STRING, JF_EMPTY_OK, 0, 100},
    {"from_at", JF_INT, JF_REQUIRED, 1, INT64_C(4102444800)},
    {"to_at", JF_INT, JF_REQUIRED, 1, INT64_C(4102444800)},
    {"quantity", JF_INT, JF_REQUIRED, 1, INT64_C(100000000)},
    {NULL},
};

void api_life_offer_create(Req *r)
{
    JsonValue v[9];
    NodeInfo n;
    if (!body_or_reply(r, offer_spec, v) || !grid_node_ref_or_reply(r, v[0].i, PERM_TREE_READ, "node_id", &n))
        return;
    Ctx c = site_ctx(r);
    LifeErr e;
    LifeOffer in = {.node_id = n.id,
                    .giver_kind = v[1].s,
                    .giver_name = v[2].s,
                    .kind = v[3].s,
                    .title = v[4].s,
                    .place = v[5].present ? v[5].s : "",
                    .from_at = v[6].i,
                    .to_at = v[7].i,
                    .quantity = v[8].i};
    int64_t id;
    LifeOffer o;
    if (!life_offer_create(&c, &in, &id, &e) || !life_offer_get(&c, id, &o, &e)) {
        fail(r, &e);
        return;
    }
    r->status = 201;
    resp_json(r);
    offer_json(r, &o, true);
}

void api_life_needs(Req *r)
{
    NodeInfo n;
    int64_t per_page, after;
    if (!public_node_or_reply(r, &n) || !keyset_or_reply(r, &per_page, &after))
        return;
    Ctx c = site_ctx(r);
    LifeErr e;
    LifeNeed *rows = arena_alloc(r->arena, sizeof *rows * (size_t)(per_page + 1));
    int k = life_needs_page(&c, n.id, after, (int)per_page + 1, rows, &e);
    if (k < 0) {
        fail(r, &e);
        return;
    }
    bool more = k > per_page;
    if (more)
        k = (int)per_page;
    list_open(r);
    for (int i = 0; i < k; i++) {
        if (i)
            buf_putc(&r->out, ',');
        need_json(r, &rows[i]);
    }
    list_close(r, more, k ? rows[k - 1].id : 0);
}

static const JsonField need_spec[] = {
    {"node_id", JF_INT, JF_REQUIRED, 1, INT64_MAX},
    {"kind", JF_STRING, JF_REQUIRED, 0, 20},
    {"title", JF_STRING, JF_REQUIRED, 0, 100},
    {"place", JF_STRING, JF_EMPTY_OK, 0, 100},
    {"from_at", JF_INT, JF_REQUIRED, 1, INT64_C(4102444800)},
    {"to_at", JF_INT, JF_REQUIRED, 1, INT64_C(4102444800)},
    {"quantity", JF_INT, JF_REQUIRED, 1, INT64_C(100000000)},
    {NULL},
};

void api_life_need_create(Req *r)
{
    JsonValue v[7];
    NodeInfo n;
    if (!body_or_reply(r, need_spec, v) || !grid_node_ref_or_reply(r, v[0].i, PERM_LIFE_MANAGE, "node_id", &n))
        return;
    Ctx c = site_ctx(r);
    LifeErr e;
    LifeNeed in = {.node_id = n.id,
                   .kind = v[1].s,
                   .title = v[2].s,
                   .place = v[3].present ? v[3].s : "",
                   .from_at = v[4].i,
                   .to_at = v[5].i,
                   .quantity = v[6].i};
    int64_t id;
    LifeNeed nd;
    if (!life_need_create(&c, &in, &id, &e) || !life_need_get(&c, id, &nd, &e)) {
        fail(r, &e);
        return;
    }
    r->status = 201;
    resp_json(r);
    need_json(r, &nd);
}

/* ---- matches ----------------------------------------------------------------------------- */

static bool match_json(Req *r, const Ctx *c, const LifeMatch *m, LifeErr *e)
{
    LifeOffer o;
    LifeNeed n;
    if (!life_offer_get(c, m->offer_id, &o, e) || !life_need_get(c, m->need_id, &n, e))
        return false;
    buf_printf(&r->out,
               "{\"id\":%lld,\"node_id\":%lld,\"offer_id\":%lld,\"need_id\":%lld,\"offer_title\":%j,"
               "\"need_title\":%j,\"kind\":%j,\"kind_label\":%j,\"quantity\":%lld,\"giver_delivered\":%s,"
               "\"receiver_delivered\":%s,\"created_at\":%lld}",
               (long long)m->id, (long long)m->node_id, (long long)m->offer_id, (long long)m->need_id, o.title,
               n.title, n.kind, life_resource_kind_label_zh(n.kind), (long long)m->quantity,
               m->giver_done_at ? "true" : "false", m->receiver_done_at ? "true" : "false",
               (long long)m->created_at);
    return true;
}

void api_life_matches(Req *r)
{
    NodeInfo n;
    int64_t per_page, after;
    if (!public_node_or_reply(r, &n) || !keyset_or_reply(r, &per_page, &after))
        return;
    Ctx c = site_ctx(r);
    LifeErr e;
    LifeMatch *rows = arena_alloc(r->arena, sizeof *rows * (size_t)(per_page + 1));
    int k = life_matches_page(&c, n.id, after, (int)per_page + 1, rows, &e);
    if (k < 0) {
        fail(r, &e);
        return;
    }
    bool more = k > per_page;
    if (more)
        k = (int)per_page;
    list_open(r);
    for (int i = 0; i < k; i++) {
        if (i)
            buf_putc(&r->out, ',');
        if (!match_json(r, &c, &rows[i], &e)) {
            fail(r, &e);
            return;
        }
    }
    list_close(r, more, k ? rows[k - 1].id : 0);
}

void api_life_match_proposals(Req *r)
{
    int64_t node;
    NodeInfo n;
    if (!req_query_id_or_reply(r, "node", &node) ||
        !grid_node_load_allowed_or_reply(r, node, PERM_LIFE_MANAGE, &n))
        return;
    Ctx c = site_ctx(r);
    LifeErr e;
    LifeOffer *offers = arena_alloc(r->arena, sizeof *offers * LIFE_MATCH_POOL);
    LifeNeed *needs = arena_alloc(r->arena, sizeof *needs * LIFE_MATCH_POOL);
    MatchProposal *props = arena_alloc(r->arena, sizeof *props * 200);
    int no, nn;
    int k = life_match_proposals(&c, n.id, props, 200, offers, &no, needs, &nn, &e);
    if (k < 0) {
        fail(r, &e);
        return;
    }
    list_open(r);
    for (int i = 0; i < k; i++) {
        const LifeOffer *o = &offers[props[i].offer];
        const LifeNeed *nd = &needs[props[i].need];
        buf_printf(&r->out,
                   "%s{\"offer_id\":%lld,\"need_id\":%lld,\"kind\":%j,\"quantity\":%lld,\"offer_title\":%j,"
                   "\"need_title\":%j,\"place\":%j,\"from_at\":%lld,\"to_at\":%lld}",
                   i ? "," : "", (long long)o->id, (long long)nd->id, nd->kind, (long long)props[i].quantity,
                   o->title, nd->title, *nd->place ? nd->place : o->place,
                   (long long)(o->from_at > nd->from_at ? o->from_at : nd->from_at),
                   (long long)(o->to_at < nd->to_at ? o->to_at : nd->to_at));
    }
    buf_puts(&r->out, "]}");
}

static const JsonField match_spec[] = {
    {"offer_id", JF_INT, JF_REQUIRED, 1, INT64_MAX},
    {"need_id", JF_INT, JF_REQUIRED, 1, INT64_MAX},
    {"quantity", JF_INT, JF_REQUIRED, 1, INT64_C(100000000)},
    {NULL},
};

void api_life_match_confirm(Req *r)
{
    JsonValue v[3];
    if (!body_or_reply(r, match_spec, v))
        return;
    Ctx c = site_ctx(r);
    LifeErr e;
    LifeNeed nd;
    if (!life_need_get(&c, v[1].i, &nd, &e)) {
        fail(r, &e);
        return;
    }
    if (!auth_require_or_reply(r, PERM_LIFE_MANAGE, nd.node_path))
        return;
    int64_t id;
    LifeMatch m;
    if (!life_match_confirm(&c, v[0].i, nd.id, v[2].i, &id, &e) || !life_match_get(&c, id, &m, &e)) {
        fail(r, &e);
        return;
    }
    r->status = 201;
    resp_json(r);
    if (!match_json(r, &c, &m, &e))
        fail(r, &e);
}

static const JsonField side_spec[] = {{"side", JF_STRING, JF_REQUIRED, 0, 20}, {NULL}};

/* POST /api/matches/{id}/delivered {side: giver|receiver}: the offer's giver
 * (who listed it) or the staff for the giver's side, the need's lister or
 * the staff for the receiver's. */
void api_life_match_delivered(Req *r)
{
    int64_t id;
    JsonValue v[1];
    if (!req_param_id_or_reply(r, "id", &id) || !body_or_reply(r, side_spec, v))
        return;
    bool giver = !strcmp(v[0].s, "giver");
    if (!giver && strcmp(v[0].s, "receiver")) {
        reply_error(r, 400, "bad_value", "side", "交付方只能是提供方（giver）或接收方（receiver）",
                    "side: giver or receiver");
        return;
    }
    Ctx c = site_ctx(r);
    LifeErr e;
    LifeMatch m;
    LifeOffer o;
    LifeNeed nd;
    if (!life_match_get(&c, id, &m, &e) || !life_offer_get(&c, m.offer_id, &o, &e) ||
        !life_need_get(&c, m.need_id, &nd, &e)) {
        fail(r, &e);
        return;
    }
    bool staff = life_may_manage(&c, nd.node_path) || (giver && life_may_manage(&c, o.node_path));
    bool own = giver ? o.created_by == me(r) : nd.created_by == me(r);
    if (!staff && !own) {
        reply_forbidden(r);
        return;
    }
    if (!life_match_delivered(&c, id, giver, &e) || !life_match_get(&c, id, &m, &e)) {
        fail(r, &e);
        return;
    }
    resp_json(r);
    if (!match_json(r, &c, &m, &e))
        fail(r, &e);
}

/* ---- the talent pool -------------------------------------------------------------------- */

static void talent_json(Req *r, const LifeTalent *t, bool names)
{
    buf_printf(&r->out,
               "{\"id\":%lld,\"node_id\":%lld,\"user_id\":%lld,\"name\":%j,\"skill\":%j,\"note\":%j,"
               "\"withdrawn\":%s}",
               (long long)t->id, (long long)t->node_id, (long long)(names ? t->user_id : 0),
               names ? t->name : wo_name_mask(r->arena, t->name), t->skill, names ? t->note : "",
               t->withdrawn_at ? "true" : "false");
}

/* GET /api/talents?node=&q=: the staff search (names shown); anyone else who
 * sees the place gets the skills offered with the names masked, and no search. */
void api_life_talents(Req *r)
{
    int64_t node, per_page, after;
    NodeInfo n;
    if (!req_query_id_or_reply(r, "node", &node) || !keyset_or_reply(r, &per_page, &after) ||
        !grid_node_load_allowed_or_reply(r, node, PERM_TREE_READ, &n))
        return;
    Ctx c = site_ctx(r);
    const char *q = req_query(r, "q");
    bool staff = life_may_search_talents(&c, n.path);
    if (q && *q && !staff) {
        reply_forbidden(r);
        return;
    }
    LifeErr e;
    LifeTalent *rows = arena_alloc(r->arena, sizeof *rows * (size_t)(per_page + 1));
    int k = life_talents_page(&c, n.id, q, after, (int)per_page + 1, rows, &e);
    if (k < 0) {
        fail(r, &e);
        return;
    }
    bool more = k > per_page;
    if (more)
        k = (int)per_page;
    list_open(r);
    for (int i = 0; i < k; i++) {
        if (i)
            buf_putc(&r->out, ',');
        talent_json(r, &rows[i], staff || rows[i].user_id == me(r));
    }
    list_close(r, more, k ? rows[k - 1].id : 0);
}

static const JsonField talent_spec[] = {
    {"node_id", JF_INT, JF_REQUIRED, 1, INT64_MAX},
    {"skill", JF_STRING, JF_REQUIRED, 0, 100},
    {"note", JF_STRING, JF_EMPTY_OK, 0, 500},
    {"consent", JF_BOOL, 0, 0, 0},
    {NULL},
};

void api_life_talent_create(Req *r)
{
    JsonValue v[4];
    NodeInfo n;
    if (!body_or_reply(r, talent_spec, v) || !grid_node_ref_or_reply(r, v[0].i, PERM_TREE_READ, "node_id", &n))
        return;
    Ctx c = site_ctx(r);
    LifeErr e;
    const char *name = "";
    if (auth_user_display_name(&c, me(r), &name) != AUTH_OK) {
        life_err_db(&e, r->db);
        fail(r, &e);
        return;
    }
    LifeTalent in = {.node_id = n.id, .user_id = me(r), .name = name, .skill = v[1].s,
                     .note = v[2].present ? v[2].s : ""};
    int64_t id;
    LifeTalent t;
    if (!life_talent_create(&c, &in, v[3].present && v[3].b, &id, &e) || !life_talent_get(&c, id, &t, &e)) {
        fail(r, &e);
        return;
    }
    r->status = 201;
    resp_json(r);
    talent_json(r, &t, true);
}

/* POST /api/talents/{id}/withdraw: the person who offered it, or the staff. */
void api_life_talent_withdraw(Req *r)
{
    int64_t id;
    if (!req_param_id_or_reply(r, "id", &id))
        return;
    Ctx c = site_ctx(r);
    LifeErr e;
    LifeTalent t;
    if (!life_talent_get(&c, id, &t, &e)) {
        fail(r, &e);
        return;
    }
    if (t.user_id != me(r) && !life_may_search_talents(&c, t.node_path)) {
        if (life_may_see(&c, t.node_path))
            reply_forbidden(r);
        else
            fail(r, &(LifeErr){LM_NO_SUCH_TALENT, "id", NULL});
        return;
    }
    if (!life_talent_withdraw(&c, id, &e) || !life_talent_get(&c, id, &t, &e)) {
        fail(r, &e);
        return;
    }
    resp_json(r);
    talent_json(r, &t, true);
}

/* ---- the reading corner ------------------------------------------------------------------ */

static void book_json(Req *r, const LifeBook *b)
{
    buf_printf(&r->out, "{\"id\":%lld,\"node_id\":%lld,\"title\":%j,\"author\":%j,\"donor\":%j,\"on_loan\":%s}",
               (long long)b->id, (long long)b->node_id, b->title, b->author, wo_name_mask(r->arena, b->donor),
               b->on_loan ? "true" : "false");
}

void api_life_books(Req *r)
{
    int64_t node, per_page, after;
    NodeInfo n;
    if (!req_query_id_or_reply(r, "node", &node) || !keyset_or_reply(r, &per_page, &after) ||
        !grid_node_load_allowed_or_reply(r, node, PERM_TREE_READ, &n))
        return;
    Ctx c = site_ctx(r);
    LifeErr e;
    LifeBook *rows = arena_alloc(r->arena, sizeof *rows * (size_t)(per_page + 1));
    int k = life_books_page(&c, n.id, after, (int)per_page + 1, rows, &e);
    if (k < 0) {
        fail(r, &e);
        return;
    }
    bool more = k > per_page;
    if (more)
        k = (int)per_page;
    list_open(r);
    for (int i = 0; i < k; i++) {
        if (i)
            buf_putc(&r->out, ',');
        book_json(r, &rows[i]);
    }
    list_close(r, more, k ? rows[k - 1].id : 0);
}

static const JsonField book_spec[] = {
    {"node_id", JF_INT, JF_REQUIRED, 1, INT64_MAX},
    {"title", JF_STRING, JF_REQUIRED, 0, 200},
    {"author", JF_STRING, JF_EMPTY_OK, 0, 100},
    {"donor", JF_STRING, JF_EMPTY_OK, 0, 100},
    {NULL},
};

void api_life_book_create(Req *r)
{
    JsonValue v[4];
    NodeInfo n;
    if (!body_or_reply(r, book_spec, v) || !grid_node_ref_or_reply(r, v[0].i, PERM_LIFE_MANAGE, "node_id", &n))
        return;
    Ctx c = site_ctx(r);
    LifeErr e;
    LifeBook in = {.node_id = n.id, .title = v[1].s, .author = v[2].present ? v[2].s : "",
                   .donor = v[3].present ? v[3].s : ""};
    int64_t id;
    LifeBook b;
    if (!life_book_create(&c, &in, &id, &e) || !life_book_get(&c, id, &b, &e)) {
        fail(r, &e);
        return;
    }
    r->status = 201;
    resp_json(r);
    book_json(r, &b);
}

static void loan_json(Req *r, const LifeLoan *l)
{
    int64_t now = site_ctx(r).now;
    buf_printf(&r->out,
               "{\"id\":%lld,\"book_id\":%lld,\"user_id\":%lld,\"for_name\":%j,\"due_at\":%lld,\"returned\":%s,"
               "\"reminded\":%s,\"overdue\":%s}",
               (long long)l->id, (long long)l->book_id, (long long)l->user_id, l->for_name, (long long)l->due_at,
               l->returned_at ? "true" : "false", l->reminded_at ? "true" : "false",
               !l->returned_at && l->due_at < now ? "true" : "false");
}

/* The book of an id, for the staff of its place (404 out of sight). */
static bool book_staff_or_reply(Req *r, int64_t id, LifeBook *b)
{
    Ctx c = site_ctx(r);
    LifeErr e;
    if (!life_book_get(&c, id, b, &e))
        return fail(r, &e);
    return auth_require_or_reply(r, PERM_LIFE_MANAGE, b->node_path);
}

/* GET /api/library/loans?book=ID (staff): the book's loans, newest first. */
void api_life_loans(Req *r)
{
    int64_t book, per_page, after;
    LifeBook b;
    if (!req_query_id_or_reply(r, "book", &book) || !keyset_or_reply(r, &per_page, &after) ||
        !book_staff_or_reply(r, book, &b))
        return;
    Ctx c = site_ctx(r);
    LifeErr e;
    LifeLoan *rows = arena_alloc(r->arena, sizeof *rows * (size_t)(per_page + 1));
    int k = life_loans_page(&c, b.id, after, (int)per_page + 1, rows, &e);
    if (k < 0) {
        fail(r, &e);
        return;
    }
    bool more = k > per_page;
    if (more)
        k = (int)per_page;
    list_open(r);
    for (int i = 0; i < k; i++) {
        if (i)
            buf_putc(&r->out, ',');
        loan_json(r, &rows[i]);
    }
    list_close(r, more, k ? rows[k - 1].id : 0);
}

static const JsonField loan_spec[] = {
    {"book_id", JF_INT, JF_REQUIRED, 1, INT64_MAX},
    {"user_id", JF_INT, 0, 1, INT64_MAX},
    {"for_name", JF_STRING, 0, 0, 50},
    {"due_at", JF_INT, JF_REQUIRED, 1, INT64_C(4102444800)},
    {NULL},
};

/* POST /api/library/loans (the desk): lends a book to a user or a named person. */
void api_life_loan_create(Req *r)
{
    JsonValue v[4];
    LifeBook b;
    if (!body_or_reply(r, loan_spec, v) || !book_staff_or_reply(r, v[0].i, &b))
        return;
    if (!v[1].present && !v[2].present) {
        reply_error(r, 400, "missing_field", "user_id", "请填写借书人", "Who borrows: user_id or for_name");
        return;
    }
    Ctx c = site_ctx(r);
    LifeErr e;
    if (v[1].present) {
        UserInfo u;
        AuthRead a = auth_user_get(&c, v[1].i, &u);
        if (a == AUTH_NOT_FOUND) {
            fail(r, &(LifeErr){LM_NO_SUCH_USER, "user_id", NULL});
            return;
        }
        if (a != AUTH_OK) {
            life_err_db(&e, r->db);
            fail(r, &e);
            return;
        }
    }
    int64_t id;
    LifeLoan l;
    if (!life_loan_create(&c, b.id, v[1].present ? v[1].i : 0, v[2].present ? v[2].s : "", v[3].i, &id, &e) ||
        !life_loan_get(&c, id, &l, &e)) {
        fail(r, &e);
        return;
    }
    r->status = 201;
    resp_json(r);
    loan_json(r, &l);
}

void api_life_loan_return(Req *r)
{
    int64_t id;
    if (!req_param_id_or_reply(r, "id", &id))
        return;
    Ctx c = site_ctx(r);
    LifeErr e;
    LifeLoan l;
    LifeBook b;
    if (!life_loan_get(&c, id, &l, &e)) {
        fail(r, &e);
        return;
    }
    if (!book_staff_or_reply(r, l.book_id, &b))
        return;
    if (!life_loan_return(&c, id, &e) || !life_loan_get(&c, id, &l, &e)) {
        fail(r, &e);
        return;
    }
    resp_json(r);
    loan_json(r, &l);
}

/* ---- old photos and stories --------------------------------------------------------------- */

static void story_json(Req *r, const LifeStory *s)
{
    buf_printf(&r->out,
               "{\"id\":%lld,\"node_id\":%lld,\"title\":%j,\"body\":%j,\"era\":%j,\"consent_note\":%j,"
               "\"status\":%j,\"created_at\":%lld}",
               (long long)s->id, (long long)s->node_id, s->title, s->body, s->era, s->consent_note, s->status,
               (long long)s->created_at);
}

void api_life_stories(Req *r)
{
    NodeInfo n;
    int64_t per_page, after;
    if (!public_node_or_reply(r, &n) || !keyset_or_reply(r, &per_page, &after))
        return;
    Ctx c = site_ctx(r);
    LifeErr e;
    LifeStory *rows = arena_alloc(r->arena, sizeof *rows * (size_t)(per_page + 1));
    int k = life_stories_page(&c, n.id, after, (int)per_page + 1, rows, &e);
    if (k < 0) {
        fail(r, &e);
        return;
    }
    bool more = k > per_page;
    if (more)
        k = (int)per_page;
    list_open(r);
    for (int i = 0; i < k; i++) {
        if (i)
            buf_putc(&r->out, ',');
        story_json(r, &rows[i]);
    }
    list_close(r, more, k ? rows[k - 1].id : 0);
}

static const JsonField story_spec[] = {
    {"node_id", JF_INT, JF_REQUIRED, 1, INT64_MAX},
    {"title", JF_STRING, JF_REQUIRED, 0, 100},
    {"body", JF_STRING, JF_EMPTY_OK, 0, 5000},
    {"era", JF_STRING, JF_EMPTY_OK, 0, 50},
    {"consent", JF_BOOL, 0, 0, 0},
    {"consent_note", JF_STRING, JF_EMPTY_OK, 0, 200},
    {NULL},
};

void api_life_story_create(Req *r)
{
    JsonValue v[6];
    NodeInfo n;
    if (!body_or_reply(r, story_spec, v) || !grid_node_ref_or_reply(r, v[0].i, PERM_TREE_READ, "node_id", &n))
        return;
    Ctx c = site_ctx(r);
    LifeErr e;
    LifeStory in = {.node_id = n.id, .title = v[1].s, .body = v[2].present ? v[2].s : "",
                    .era = v[3].present ? v[3].s : "", .consent_note = v[5].present ? v[5].s : ""};
    int64_t id;
    LifeStory s;
    if (!life_story_create(&c, &in, v[4].present && v[4].b, &id, &e) || !life_story_get(&c, id, &s, &e)) {
        fail(r, &e);
        return;
    }
    r->status = 201;
    resp_json(r);
    story_json(r, &s);
}

/* POST /api/stories/{id}/withdraw: whoever gave it, or the staff (on behalf
 * of a person shown who withdraws their consent). */
void api_life_story_withdraw(Req *r)
{
    int64_t id;
    if (!req_param_id_or_reply(r, "id", &id))
        return;
    Ctx c = site_ctx(r);
    LifeErr e;
    LifeStory s;
    if (!life_story_get(&c, id, &s, &e)) {
        fail(r, &e);
        return;
    }
    if (s.created_by != me(r) && !life_may_manage(&c, s.node_path)) {
        reply_forbidden(r);
        return;
    }
    if (!life_story_withdraw(&c, id, &e) || !life_story_get(&c, id, &s, &e)) {
        fail(r, &e);
        return;
    }
    resp_json(r);
    story_json(r, &s);
}

void api_life_loans_remind(Req *r)
{
    Ctx c = site_ctx(r);
    LifeErr e;
    int n = 0;
    if (!life_loans_remind(&c, &n, &e)) {
        fail(r, &e);
        return;
    }
    resp_json(r);
    buf_printf(&r->out, "{\"reminded\":%d}", n);
}
