/* panel_api.c: the JSON API of representatives' panels drawn by stratified
 * sortition from a published seed: parse, check the permission, call the
 * model (vote/delib.h), render. */
#include "vote/vote.h"
#include "vote/web_int.h"
#include "vote/delib.h"
#include "vote/web_delib.h"

#include <stdlib.h>
#include <string.h>

#include "site/site.h"
#include "core/clock.h"
#include "grid/grid.h"
#include "http/jsonin.h"

static bool panel_reply(Req *r, int64_t id, int status)
{
    Ctx c = site_ctx(r);
    VoteErr e;
    Panel p;
    PanelMember *m;
    int n;
    if (!delib_panel_get(&c, id, &p, &e)) {
        vote_err_reply(r, &e);
        return false;
    }
    if (!auth_require_or_reply(r, PERM_TREE_READ, p.node_path))
        return false;
    if (!delib_panel_members(&c, id, &m, &n, &e)) {
        vote_err_reply(r, &e);
        return false;
    }
    Buf b = BUF_INIT;
    for (int k = 0; k < n; k++) {
        const char *address, *name;
        if (!delib_panel_member_label(&c, &m[k], &address, &name, &e)) {
            buf_free(&b);
            vote_err_reply(r, &e);
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

int64_t delib_panel_create_run(Req *r)
{
    json_t *body = req_json_object_or_reply(r);
    if (!body)
        return 0;
    json_t *quotas = json_incref(json_object_get(body, "quotas"));
    json_object_del(body, "quotas");
    JsonValue v[4];
    NodeInfo n;
    VoteErr e;
    bool ok = json_fields_or_reply(r, body, panel_spec, v) && vote_scope_or_reply(r, v[0].i, &n) &&
         auth_require_or_reply(r, PERM_DELIB_MANAGE, n.path);
    const char *const *strata = ok ? delib_panel_strata(v[3].s) : NULL;
    if (ok && !strata) {
        ok = delib_err(&e, VM_PANEL_BAD_DIMENSION, "dimension");
        vote_err_reply(r, &e);
    }
    int quota[8] = {0}; /* ≥ the longest strata list */
    if (ok && (!json_is_object(quotas) || json_object_size(quotas) == 0)) {
        ok = delib_err(&e, quotas ? VM_PANEL_QUOTAS_BAD_TYPE : VM_PANEL_QUOTAS_MISSING, "quotas");
        vote_err_reply(r, &e);
    }
    const char *key;
    json_t *val;
    int total = 0;
    if (ok)
        json_object_foreach(quotas, key, val)
        {
            int s = delib_panel_stratum_index(strata, key);
            if (s < 0 || !json_is_integer(val) || json_integer_value(val) < 0 || json_integer_value(val) > 500) {
                ok = delib_err(&e, VM_PANEL_QUOTAS_BAD, "quotas");
                vote_err_reply(r, &e);
                break;
            }
            quota[s] = (int)json_integer_value(val);
            total += quota[s];
        }
    if (ok && total == 0) {
        ok = delib_err(&e, VM_PANEL_QUOTAS_EMPTY, "quotas");
        vote_err_reply(r, &e);
    }
    json_decref(quotas);
    if (!ok)
        return 0;
    Ctx c = site_ctx(r);
    int got;
    int64_t id;
    PanelNew in = {n.id, v[1].s, v[2].s, v[3].s, quota};
    if (!delib_panel_draw(&c, &in, n.path, &id, &got, &e)) {
        vote_err_reply(r, &e);
        return 0;
    }
    return id;
}

void api_panel_create(Req *r)
{
    int64_t id = delib_panel_create_run(r);
    if (id)
        panel_reply(r, id, 201);
}

void api_panel_get(Req *r)
{
    int64_t id;
    if (req_param_id_or_reply(r, "id", &id))
        panel_reply(r, id, 200);
}
