/* dispatch_pages.c: the organisations offered when dispatching an order,
 * shaped for the job: the usual choice first and ticked (the org that led
 * most orders of this category in this grid, else in the community), then
 * the others that handled this category, then the rest grouped by type,
 * folded away when there are many. The offer itself is wo_org_offered's
 * (the place), the same list GET /api/workorders/orgs gives. */
#include "workorder/web_int.h"

#include <string.h>

#include "site/site.h"
#include "grid/web.h"
#include "site/page.h"

static const char *const kinds[] = {"property_company", "contractor", "department", "committee",
                                    "resident_group", "charity", NULL};
static const char *const kinds_zh[] = {"物业公司", "施工单位", "职能部门", "院委会", "居民自治组织", "公益组织"};

/* Past orders of the category led by each org: in the order's grid, and in its community. */
typedef struct Seen {
    int64_t grid, community;
} Seen;

static bool seen_read(Req *r, const WoOrder *o, const OrgList *orgs, Seen *seen)
{
    for (int pass = 0; pass < 2; pass++) {
        DbStmt *st = pass == 0 ? db_query(r->db,
                                          "SELECT a.org_id, COUNT(*) FROM wo_assignment a JOIN work_order w "
                                          "ON w.id = a.order_id WHERE w.grid_id = ? AND w.category_id = ? "
                                          "AND a.is_lead = 1 AND w.id <> ? GROUP BY a.org_id",
                                          DB_I(o->grid_id), DB_I(o->category_id), DB_I(o->id))
                               : db_query(r->db,
                                          "SELECT a.org_id, COUNT(*) FROM wo_assignment a JOIN work_order w "
                                          "ON w.id = a.order_id WHERE w.community_id = ? AND w.category_id = ? "
                                          "AND a.is_lead = 1 AND w.id <> ? GROUP BY a.org_id",
                                          DB_I(o->community_id), DB_I(o->category_id), DB_I(o->id));
        while (db_step(st) == DB_ROW)
            for (int i = 0; i < orgs->n; i++)
                if (orgs->items[i].id == db_col_int(st, 0)) {
                    if (pass == 0)
                        seen[i].grid = db_col_int(st, 1);
                    else
                        seen[i].community = db_col_int(st, 1);
                }
        if (!db_done(st)) {
            reply_storage_error(r);
            return false;
        }
    }
    return true;
}

static void org_row(Req *r, const OrgInfo *g, const Seen *s, bool usual)
{
    long long gid = (long long)g->id;
    buf_printf(&r->out,
               "<div class=\"org%s\"><label><input type=\"checkbox\" name=\"org\" value=\"%lld\"%s> %h</label> "
               "<label class=\"small\"><input type=\"radio\" name=\"lead\" value=\"%lld\"%s> %s</label>",
               usual ? " usual" : "", gid, usual ? " checked" : "", g->name, gid, usual ? " checked" : "",
               L(r, "牵头", "lead"));
    if (s->grid || s->community)
        buf_printf(&r->out, " <span class=\"small\">%s %lld %s</span>",
                   s->grid ? L(r, "本网格同类办过", "led in this grid") : L(r, "本社区同类办过", "led in this community"),
                   (long long)(s->grid ? s->grid : s->community), L(r, "次", "times"));
    buf_puts(&r->out, "</div>\n");
}

/* The org is placed at the order's place or above it (its compound, community, street). */
static bool at_place(const WoOrder *o, const OrgInfo *g)
{
    return strncmp(o->node_path, g->path, strlen(g->path)) == 0;
}

bool wo_dispatch_fields(Req *r, const WoOrder *o)
{
    Ctx c = site_ctx(r);
    OrgList all;
    if (grid_orgs(&c, kinds, GRID_ORGS_BY_KIND, &all) != GRID_OK) {
        reply_storage_error(r);
        return false;
    }
    /* the offer: the orgs that may take this order at its place */
    OrgList orgs = {0, arena_alloc(r->arena, sizeof(OrgInfo) * (size_t)(all.n ? all.n : 1))};
    for (int i = 0; i < all.n; i++)
        if (all.items[i].path && wo_org_offered(o, all.items[i].kind, all.items[i].path))
            orgs.items[orgs.n++] = all.items[i];
    Seen *seen = arena_alloc(r->arena, sizeof *seen * (size_t)(orgs.n ? orgs.n : 1));
    memset(seen, 0, sizeof *seen * (size_t)(orgs.n ? orgs.n : 1));
    if (!seen_read(r, o, &orgs, seen))
        return false;
    int usual = -1;
    for (int i = 0; i < orgs.n; i++) {
        if ((!seen[i].grid && !seen[i].community) || !at_place(o, &orgs.items[i]))
            continue;
        if (usual < 0 || seen[i].grid > seen[usual].grid ||
            (seen[i].grid == seen[usual].grid && seen[i].community > seen[usual].community))
            usual = i;
    }
    Buf *b = &r->out;
    buf_printf(b, "<fieldset class=\"wo-dispatch\"><legend>%s</legend>\n",
               L(r, "处置单位（可多选，选一个牵头）", "Organisations (several; one leads)"));
    if (usual >= 0) {
        buf_printf(b, "<p class=\"small\">%s</p>\n",
                   L(r, "常用：同类问题最常由这家单位牵头办理，已为您选好。", "Usual: this org led most such orders."));
        org_row(r, &orgs.items[usual], &seen[usual], true);
    }
    /* then up to five more at its place that led this category, most first; the rest below, by type */
    bool *shown = arena_alloc(r->arena, sizeof *shown * (size_t)(orgs.n ? orgs.n : 1));
    memset(shown, 0, sizeof *shown * (size_t)(orgs.n ? orgs.n : 1));
    if (usual >= 0)
        shown[usual] = true;
    for (int k = 0; k < 5; k++) {
        int best = -1;
        for (int i = 0; i < orgs.n; i++)
            if (!shown[i] && (seen[i].grid || seen[i].community) && at_place(o, &orgs.items[i]) &&
                (best < 0 || seen[i].grid > seen[best].grid ||
                 (seen[i].grid == seen[best].grid && seen[i].community > seen[best].community)))
                best = i;
        if (best < 0)
            break;
        if (k == 0)
            buf_printf(b, "<p class=\"small\">%s</p>\n", L(r, "也办过同类问题的单位", "Others that handled this category"));
        shown[best] = true;
        org_row(r, &orgs.items[best], &seen[best], false);
    }
    /* the rest by type: first those placed at the order's place or above it (its compound, the
     * community, the street), then those of other compounds, folded when there are many */
    int rest = 0;
    for (int i = 0; i < orgs.n; i++)
        rest += !shown[i];
    for (int here = 1; here >= 0; here--)
        for (int k = 0; kinds[k]; k++) {
            int n = 0;
            for (int i = 0; i < orgs.n; i++) {
                const OrgInfo *g = &orgs.items[i];
                bool at = at_place(o, g);
                if (!shown[i] && at == (here == 1) && strcmp(g->kind, kinds[k]) == 0 && n++ == 0)
                    buf_printf(b, "<details class=\"org-kind\" data-kind=\"%s\"%s><summary>%s%s</summary>\n",
                               kinds[k], rest <= 8 ? " open" : "", here ? "" : L(r, "其他院落的", "other compounds: "),
                               L(r, kinds_zh[k], kinds[k]));
                if (!shown[i] && at == (here == 1) && strcmp(g->kind, kinds[k]) == 0)
                    org_row(r, g, &seen[i], false);
            }
            if (n)
                buf_puts(b, "</details>\n");
        }
    if (!orgs.n)
        buf_printf(b, "<p>%s</p>\n", L(r, "没有可以派单的单位。", "No organisation can take this order."));
    buf_puts(b, "</fieldset>\n");
    return true;
}
