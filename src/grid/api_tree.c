/* api_tree.c: the tree's JSON API (compounds, nodes) over the model in
 * tree.c, the request helpers other adapters use to load a node named in a
 * request. */
#include "grid/web.h"

#include <string.h>

#include "core/buf.h"
#include "http/jsonin.h"
#include "site/site.h"

/* ---- a node named in a request ------------------------------------------- */

bool grid_node_load(Req *r, int64_t id, NodeInfo *out)
{
    Ctx c = site_ctx(r);
    return grid_node_get(&c, id, out);
}

bool grid_node_load_allowed_or_reply(Req *r, int64_t id, Perm perm, NodeInfo *out)
{
    if (!grid_node_load(r, id, out)) {
        reply_not_found(r);
        return false;
    }
    return auth_require_or_reply(r, perm, out->path);
}

bool grid_node_ref_or_reply(Req *r, int64_t id, Perm perm, const char *field, NodeInfo *out)
{
    if (!grid_node_load(r, id, out) || !perm_allows(r->who, PERM_TREE_READ, out->path)) {
        reply_error(r, 404, "not_found", field, "找不到这个编号对应的节点", "No such node");
        return false;
    }
    if (perm_allows(r->who, perm, out->path))
        return true;
    reply_error(r, 403, "forbidden", field, "您没有权限对这个节点进行这个操作", "You may not do this at that node");
    return false;
}

/* ---- JSON ------------------------------------------------------------------ */

bool grid_node_json(Req *r, const NodeInfo *n, GridErr *e)
{
    Ctx c = site_ctx(r);
    const char *code;
    NodeBrief *trail, *kids;
    int n_trail, n_kids;
    if (!grid_node_code(&c, n->id, &code, e) || !grid_node_trail(&c, n->path, &trail, &n_trail, e) ||
        !grid_node_children(&c, n, &kids, &n_kids, e))
        return false;
    Buf *b = &r->out;
    buf_printf(b, "{\"id\":%lld,\"kind\":%j,\"name\":%j,\"code\":%j,\"parent_id\":", (long long)n->id,
               node_kind_name(n->kind), n->name, code);
    if (n->parent_id)
        buf_printf(b, "%lld", (long long)n->parent_id);
    else
        buf_puts(b, "null");
    buf_puts(b, ",\"path\":[");
    for (int i = 0; i < n_trail; i++)
        buf_printf(b, "%s{\"id\":%lld,\"kind\":%j,\"name\":%j}", i ? "," : "", (long long)trail[i].id,
                   node_kind_name(trail[i].kind), trail[i].name);
    buf_puts(b, "],\"children\":[");
    for (int i = 0; i < n_kids; i++) {
        buf_printf(b, "%s{\"id\":%lld,\"kind\":%j,\"name\":%j", i ? "," : "", (long long)kids[i].id,
                   node_kind_name(kids[i].kind), kids[i].name);
        if (kids[i].households >= 0)
            buf_printf(b, ",\"households\":%lld", (long long)kids[i].households);
        buf_putc(b, '}');
    }
    buf_puts(b, "]}");
    return true;
}

/* ---- node API --------------------------------------------------------------- */

void api_compounds(Req *r)
{
    int64_t page, per_page;
    if (!req_paging_or_reply(r, &page, &per_page))
        return;
    if (!auth_require_or_reply(r, PERM_TREE_READ, NULL))
        return;
    /* A community has tens of compounds, a street a few hundred: reading
     * them all and asking the one permission function about each is both
     * cheap and exactly as strict as the rule itself. */
    Ctx c = site_ctx(r);
    CompoundRow *rows;
    int n;
    GridErr e;
    if (!grid_compounds(&c, &rows, &n, &e)) {
        grid_err_reply(r, &e);
        return;
    }
    resp_json(r);
    Buf *b = &r->out;
    buf_puts(b, "{\"items\":[");
    int64_t total = 0, first = (page - 1) * per_page, written = 0;
    for (int i = 0; i < n; i++) {
        const CompoundRow *cr = &rows[i];
        if (!grid_may_see_tree(&c, cr->path))
            continue;
        if (total++ < first || written >= per_page)
            continue;
        buf_printf(b, "%s{\"id\":%lld,\"name\":%j,\"grid_id\":", written++ ? "," : "", (long long)cr->id, cr->name);
        if (cr->grid_id)
            buf_printf(b, "%lld", (long long)cr->grid_id);
        else
            buf_puts(b, "null");
        buf_printf(b, ",\"grid\":%j,\"households\":%lld,\"managed_by\":%j}", cr->grid, (long long)cr->households,
                   cr->managed_by);
    }
    buf_printf(b, "],\"page\":%lld,\"per_page\":%lld,\"total\":%lld}", (long long)page, (long long)per_page,
               (long long)total);
}

void api_node_get(Req *r)
{
    int64_t id;
    NodeInfo n;
    if (!req_param_id_or_reply(r, "id", &id) || !grid_node_load_allowed_or_reply(r, id, PERM_TREE_READ, &n))
        return;
    GridErr e;
    resp_json(r);
    if (!grid_node_json(r, &n, &e))
        grid_err_reply(r, &e);
}

static const JsonField node_create_spec[] = {
    {"parent_id", JF_INT, JF_REQUIRED, 1, INT64_MAX},
    {"kind", JF_STRING, JF_REQUIRED, 0, 20},
    {"name", JF_STRING, JF_REQUIRED, 0, 100},
    {"code", JF_STRING, JF_EMPTY_OK, 0, 40},
    {NULL, 0, 0, 0, 0},
};

void api_node_create(Req *r)
{
    json_t *body = req_json_object_or_reply(r);
    JsonValue v[4];
    if (!body || !json_fields_or_reply(r, body, node_create_spec, v))
        return;
    NodeInfo parent;
    if (!grid_node_ref_or_reply(r, v[0].i, PERM_TREE_EDIT, "parent_id", &parent))
        return;
    GridErr e;
    NodeKind kind;
    if (!node_kind_parse(v[1].s, &kind)) {
        grid_fail(&e, GM_KIND_NOT_CHILD, "kind");
        grid_err_reply(r, &e);
        return;
    }
    const char *code = v[3].present && v[3].s[0] ? v[3].s : NULL;
    Ctx c = site_ctx(r);
    NodeInfo n;
    if (!grid_node_create(&c, &parent, kind, v[2].s, code, &n, &e)) {
        grid_err_reply(r, &e);
        return;
    }
    r->status = 201;
    resp_json(r);
    if (!grid_node_json(r, &n, &e))
        grid_err_reply(r, &e);
}

static const JsonField node_update_spec[] = {
    {"name", JF_STRING, 0, 0, 100},
    {"code", JF_STRING, JF_EMPTY_OK, 0, 40},
    {NULL, 0, 0, 0, 0},
};

void api_node_update(Req *r)
{
    int64_t id;
    NodeInfo n;
    if (!req_param_id_or_reply(r, "id", &id) || !grid_node_load_allowed_or_reply(r, id, PERM_TREE_EDIT, &n))
        return;
    json_t *body = req_json_object_or_reply(r);
    JsonValue v[2];
    if (!body || !json_fields_or_reply(r, body, node_update_spec, v))
        return;
    Ctx c = site_ctx(r);
    GridErr e;
    if (!grid_node_update(&c, &n, v[0].present ? v[0].s : NULL, v[1].present, v[1].present ? v[1].s : NULL, &e)) {
        grid_err_reply(r, &e);
        return;
    }
    resp_json(r);
    if (!grid_node_json(r, &n, &e))
        grid_err_reply(r, &e);
}
