/* list.c: one page of a work-order list, the one path the JSON list
 * (api.c) and the list page (list_pages.c) both take: a scope (grid,
 * compound, a wider or narrower place, a reporter's, an organisation's),
 * filters, keyset paging and the page's total, through the statements of
 * list_sql.h. No HTTP: the adapters resolve the scope and its permission. */
#include "workorder/wo_int.h"
#include "workorder/list_sql.h"

#include <string.h>

bool wo_list_fetch(const Ctx *c, const WoListQ *q, WoListPage *out, WoErr *e)
{
    memset(out, 0, sizeof *out);
    const WoListScope scope = q->scope;
    const int64_t key = q->key, open_lo = q->open_lo, open_hi = q->open_hi, cat = q->cat, overdue = q->overdue;
    const int64_t after = q->after, page = q->page, per_page = q->per_page;
    const char *state = q->state, *lo = q->lo, *hi = q->hi;
    const NodeKind kind = q->kind;
    WoState sv = WO_REPORTED;
    if (state && !wo_state_parse(state, &sv))
        return wo_err(e, WM_UNKNOWN_ACTION, "state");
    /* Keyset paging: after= is the last id of the previous page; the next
     * page starts below it, whatever was added above meanwhile. */
    int64_t below = after ? after : INT64_MAX, off = after ? 0 : (page - 1) * per_page, want = per_page + 1;
    DbArg f[6] = {DB_T(state), DB_T(state), DB_I(cat), DB_I(cat), DB_I(overdue), DB_I(overdue)};
    /* open and closed: two index ranges merged (list_sql.h); one of them
     * alone: the other arm asks for is_open = -1, which holds nothing */
    int64_t open_a = open_lo == open_hi ? open_lo : 1, open_b = open_lo == open_hi ? -1 : 0;
    int64_t total = 0;
    bool capped = false, counted = false, tally = false;
    DbStmt *st;
    if (q->org || q->from || q->to || q->text) {
        /* the page's further filters: the place's path range, counted capped */
        if (!lo || !hi)
            return wo_err(e, WM_NO_PLACE, "grid");
        const char *pat = q->text ? arena_printf(c->arena, "%%%s%%", q->text) : NULL;
#define EXTRA_ARGS(below_)                                                                                        \
    DB_T(lo), DB_T(hi), DB_I(open_lo), DB_I(open_hi), DB_I(below_), f[0], f[1], f[2], f[3], f[4], f[5], DB_I(q->org), \
        DB_I(q->org), DB_I(q->from), DB_I(q->from), DB_I(q->to), DB_I(q->to), DB_T(pat), DB_T(pat), DB_T(pat)
        st = db_query(c->db, WO_ORDER_SELECT "WHERE o.id IN (" WO_IDS_PATH_EXTRA ") ORDER BY o.id DESC",
                      EXTRA_ARGS(below), DB_I(want), DB_I(off));
        counted = db_int(c->db, &total, WO_COUNT_PATH_EXTRA, EXTRA_ARGS(INT64_MAX), DB_I(WO_LIST_COUNT_CAP + 1));
#undef EXTRA_ARGS
        capped = true;
        goto counted_;
    }
    switch (scope) {
    case WO_SCOPE_GRID:
    case WO_SCOPE_COMPOUND: {
        bool g = scope == WO_SCOPE_GRID;
        /* see list_sql.h: overdue orders and open states by their own index */
        bool by_overdue = overdue, by_state = !overdue && state && wo_state_is_open(sv);
#define TAIL_ARGS DB_I(key), DB_I(open_lo), DB_I(open_hi), DB_I(below), f[0], f[1], f[2], f[3], f[4], f[5]
#define COUNT_TAIL DB_I(key), DB_I(open_lo), DB_I(open_hi), DB_I(INT64_MAX), f[0], f[1], f[2], f[3], f[4], f[5], \
        DB_I(WO_LIST_COUNT_CAP + 1)
        if (by_overdue) {
            st = g ? db_query(c->db, WO_ORDER_SELECT "WHERE o.id IN (" WO_IDS_GRID_OVERDUE ") ORDER BY o.id DESC",
                              TAIL_ARGS, DB_I(want), DB_I(off))
                   : db_query(c->db, WO_ORDER_SELECT "WHERE o.id IN (" WO_IDS_COMPOUND_OVERDUE ") ORDER BY o.id DESC",
                              TAIL_ARGS, DB_I(want), DB_I(off));
            counted = g ? db_int(c->db, &total, WO_COUNT_GRID_OVERDUE, COUNT_TAIL)
                        : db_int(c->db, &total, WO_COUNT_COMPOUND_OVERDUE, COUNT_TAIL);
            capped = true;
            break;
        }
        if (by_state) {
            st = g ? db_query(c->db, WO_ORDER_SELECT "WHERE o.id IN (" WO_IDS_GRID_STATE ") ORDER BY o.id DESC",
                              DB_T(state), TAIL_ARGS, DB_I(want), DB_I(off))
                   : db_query(c->db, WO_ORDER_SELECT "WHERE o.id IN (" WO_IDS_COMPOUND_STATE ") ORDER BY o.id DESC",
                              DB_T(state), TAIL_ARGS, DB_I(want), DB_I(off));
            tally = true;
            break;
        }
#undef TAIL_ARGS
#undef COUNT_TAIL
        if (g)
            st = db_query(c->db, WO_ORDER_SELECT "WHERE o.id IN (" WO_IDS_GRID ") ORDER BY o.id DESC", DB_I(key),
                          DB_I(open_a), DB_I(below), f[0], f[1], f[2], f[3], f[4], f[5], DB_I(key), DB_I(open_b),
                          DB_I(below), f[0], f[1], f[2], f[3], f[4], f[5], DB_I(want), DB_I(off));
        else
            st = db_query(c->db, WO_ORDER_SELECT "WHERE o.id IN (" WO_IDS_COMPOUND ") ORDER BY o.id DESC", DB_I(key),
                          DB_I(open_a), DB_I(below), f[0], f[1], f[2], f[3], f[4], f[5], DB_I(key), DB_I(open_b),
                          DB_I(below), f[0], f[1], f[2], f[3], f[4], f[5], DB_I(want), DB_I(off));
        tally = true; /* overdue went above; state and category are in the tallies */
        break;
    }
    case WO_SCOPE_PATH: {
        /* see list_sql.h on wide and narrow places and the filters' indexes */
        bool wide = kind <= NODE_COMMUNITY;
#define WIDE_ARGS DB_T(lo), DB_T(hi), DB_I(open_lo), DB_I(open_hi), DB_I(below), f[0], f[1], f[2], f[3], f[4], f[5]
        if (wide && state)
            st = db_query(c->db, WO_ORDER_SELECT "WHERE o.id IN (" WO_IDS_WIDE_STATE ") ORDER BY o.id DESC",
                          DB_T(state), WIDE_ARGS, DB_I(want), DB_I(off));
        else if (wide && overdue)
            st = db_query(c->db, WO_ORDER_SELECT "WHERE o.id IN (" WO_IDS_WIDE_OVERDUE ") ORDER BY o.id DESC",
                          WIDE_ARGS, DB_I(want), DB_I(off));
        else if (wide && cat)
            st = db_query(c->db, WO_ORDER_SELECT "WHERE o.id IN (" WO_IDS_WIDE_CATEGORY ") ORDER BY o.id DESC",
                          DB_I(cat), WIDE_ARGS, DB_I(want), DB_I(off));
        else if (wide && open_lo == 1)
            st = db_query(c->db, WO_ORDER_SELECT "WHERE o.id IN (" WO_IDS_WIDE_OPEN ") ORDER BY o.id DESC",
                          WIDE_ARGS, DB_I(want), DB_I(off));
        else if (kind <= NODE_BUILDING)
            st = db_query(c->db, WO_ORDER_SELECT "WHERE o.id IN (" WO_IDS_PATH_WIDE ") ORDER BY o.id DESC",
                          WIDE_ARGS, DB_I(want), DB_I(off));
        else
            st = db_query(c->db, WO_ORDER_SELECT "WHERE o.id IN (" WO_IDS_PATH_NARROW ") ORDER BY o.id DESC",
                          WIDE_ARGS, DB_I(want), DB_I(off));
#undef WIDE_ARGS
#define COUNT_ARGS                                                                                                 \
    DB_T(lo), DB_T(hi), DB_I(open_lo), DB_I(open_hi), DB_I(INT64_MAX), f[0], f[1], f[2], f[3], f[4], f[5], \
        DB_I(WO_LIST_COUNT_CAP + 1)
        /* the tallies hold state and category; overdue is counted, capped */
        capped = overdue;
        if (!overdue && kind < NODE_COMMUNITY) /* above a community: the sum of its communities' tallies */
            counted = db_int(c->db, &total, WO_TALLY_ABOVE, DB_T(lo), DB_T(hi), DB_I(open_lo), DB_I(open_hi), f[0],
                             f[1], f[2], f[3]);
        else if (!overdue && kind == NODE_COMMUNITY)
            tally = true;
        else if (wide && overdue)
            counted = db_int(c->db, &total, WO_COUNT_WIDE_OVERDUE, COUNT_ARGS);
        else {
            counted = db_int(c->db, &total, WO_COUNT_PATH, DB_T(lo), DB_T(hi), DB_I(open_lo), DB_I(open_hi), f[0],
                             f[1], f[2], f[3], f[4], f[5], DB_I(WO_LIST_COUNT_CAP + 1));
            capped = true;
        }
#undef COUNT_ARGS
        break;
    }
    case WO_SCOPE_MINE:
        st = db_query(c->db,
                      WO_ORDER_SELECT "WHERE o.id IN (" WO_IDS_MINE ") ORDER BY o.id DESC",
                      DB_I(key), DB_I(open_lo), DB_I(open_hi), DB_I(below), f[0], f[1], f[2], f[3], f[4], f[5],
                      DB_I(want), DB_I(off));
        counted = db_int(c->db, &total,
                         WO_COUNT_MINE,
                         DB_I(key), DB_I(open_lo), DB_I(open_hi), f[0], f[1], f[2], f[3], f[4], f[5],
                         DB_I(WO_LIST_COUNT_CAP + 1));
        capped = true;
        break;
    default:
        /* an organisation's orders, newest first, from its assignment index */
        st = db_query(c->db,
                      WO_ORDER_SELECT "WHERE o.id IN (" WO_IDS_ORG ") ORDER BY o.id DESC",
                      DB_I(key), DB_I(open_lo), DB_I(open_hi), DB_I(below), f[0], f[1], f[2], f[3], f[4], f[5],
                      DB_I(want), DB_I(off));
        counted = db_int(c->db, &total,
                         WO_COUNT_ORG,
                         DB_I(key), DB_I(open_lo), DB_I(open_hi), f[0], f[1], f[2], f[3], f[4], f[5],
                         DB_I(WO_LIST_COUNT_CAP + 1));
        capped = true;
        break;
    }
counted_:
    if (tally) {
        /* no filter but open/closed, at a community, grid or compound: its
         * tally, kept exact by the triggers of migration 018 */
        counted = db_int(c->db, &total, WO_TALLY_NODE, DB_I(key), DB_I(open_lo), DB_I(open_hi), f[0], f[1], f[2], f[3]);
    }
    if (!counted) {
        WoErr first;
        (void)wo_err_db(&first, c->db); /* the count's failure, before finishing the page's statement */
        bool released = db_done(st); /* the count failed already: what the page did no longer matters */
        (void)released;
        *e = first;
        return false;
    }
    /* a count stopped at its cap is shown as "10,000+" */
    capped = capped && total > WO_LIST_COUNT_CAP;
    if (capped)
        total = WO_LIST_COUNT_CAP;
    /* the page's rows first, then their places' names in one grid read */
    WoOrder *rows = arena_alloc(c->arena, sizeof *rows * (size_t)want);
    int n_rows = 0;
    bool more = false;
    while (db_step(st) == DB_ROW) {
        if (n_rows == per_page) { /* the row past the page: there is a next page */
            more = true;
            continue;
        }
        wo_order_from_row(c->arena, st, &rows[n_rows++]);
    }
    if (!db_done(st) || !wo_orders_places(c, rows, n_rows))
        return wo_err_db(e, c->db);
    out->rows = rows;
    out->n = n_rows;
    out->more = more;
    out->next = more && n_rows ? rows[n_rows - 1].id : 0;
    out->total = total;
    out->capped = capped;
    return true;
}

