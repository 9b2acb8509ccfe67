/* bulk.c: one action on many orders (assign to an organisation, close with
 * a reason, merge into one order), each through wo_act as if done one by
 * one, all in the caller's transaction. Each order runs in its own
 * savepoint: an order the state machine refuses is left as it was and
 * reported, the others go on; a storage failure stops the whole batch. */
#include "workorder/wo_int.h"

#include <string.h>

static bool act(const Ctx *c, WoOrder *o, WoAction a, const WoActInput *in, WoErr *e)
{
    int64_t ev = 0;
    return wo_act(c, o, a, in, &ev, e);
}

/* One order's action; false with e set. */
static bool one(const Ctx *c, WoBulkKind k, int64_t id, int64_t org, int64_t merge_into, const char *note,
                WoBulkResult *res, WoErr *e)
{
    WoOrder o;
    if (!wo_load(c, id, &o, e) || !wo_order_readable(c, &o, NULL, e))
        return false;
    WoActInput in;
    memset(&in, 0, sizeof in);
    in.note = note;
    switch (k) {
    case WO_BULK_ASSIGN:
        in.orgs[0] = org;
        in.n_orgs = 1;
        in.lead_org = org;
        /* a new report is accepted (in its category's class) on the way */
        if (o.state == WO_REPORTED && !act(c, &o, WO_ACT_ACCEPT, &in, e))
            return false;
        if (!act(c, &o, WO_ACT_DISPATCH, &in, e))
            return false;
        break;
    case WO_BULK_CLOSE:
        if (!act(c, &o, WO_ACT_CLOSE, &in, e))
            return false;
        break;
    case WO_BULK_MERGE:
        in.merge_into = merge_into;
        if (!act(c, &o, WO_ACT_MERGE, &in, e))
            return false;
        break;
    }
    res->state = o.state;
    return true;
}

bool wo_bulk(const Ctx *c, WoBulkKind k, const int64_t *ids, int n, int64_t org, int64_t merge_into, const char *note,
             WoBulkResult *out, WoErr *e)
{
    for (int i = 0; i < n; i++) {
        WoBulkResult *res = &out[i];
        memset(res, 0, sizeof *res);
        res->id = ids[i];
        if (k == WO_BULK_MERGE && ids[i] == merge_into) {
            res->ok = true; /* the order the others join: nothing to do */
            res->target = true;
            continue;
        }
        if (!db_exec(c->db, "SAVEPOINT wo_bulk"))
            return wo_err_db(e, c->db);
        WoErr oe = {WM_NONE, NULL, NULL};
        res->ok = one(c, k, ids[i], org, merge_into, note, res, &oe);
        if (!res->ok && (oe.msg == WM_BUSY || oe.msg == WM_INTERNAL)) {
            *e = oe;
            return false;
        }
        res->err = oe;
        if (!(res->ok ? db_exec(c->db, "RELEASE wo_bulk") : db_exec(c->db, "ROLLBACK TO wo_bulk")))
            return wo_err_db(e, c->db);
    }
    return true;
}
