/* todo.c: what waits for a principal among the payments (funds_todo), for
 * the inbox: the pending payments they may sign now. */
#include <stdio.h>
#include <string.h>

#include "funds/funds_int.h"
#include "grid/read.h"

/* The signatory role who signs p as now, false when none: the roles in
 * signing order, each asked of the signer rule and the approval matrix. */
static bool may_sign_now(const Principal *who, const char *path, const PaymentSigState *s)
{
    static const Role roles[] = {ROLE_SUPERVISOR, ROLE_FINANCE, ROLE_COMMITTEE};
    for (size_t i = 0; i < sizeof roles / sizeof roles[0]; i++) {
        Role as;
        if (funds_signer_rule(who, path, s, roles[i], &as) == SIGNER_OK &&
            payment_sign_check(s, as, who->user_id) == SIGN_OK)
            return true;
    }
    return false;
}

bool funds_todo(const Ctx *c, TodoList *out, bool *capped)
{
    if (capped)
        *capped = false;
    if (!c->who || !perm_allows(c->who, PERM_PAYMENT_APPROVE, NULL))
        return true;
    typedef struct { int64_t id, node, amount, at; const char *purpose; } Row;
    int cap = 16, n = 0;
    Row *rows = arena_alloc(c->arena, sizeof *rows * (size_t)cap);
    DbStmt *st = db_query(c->db, FUNDS_TODO_PENDING);
    while (db_step(st) == DB_ROW) {
        if (n == cap) {
            Row *grown = arena_alloc(c->arena, sizeof *grown * (size_t)cap * 2);
            memcpy(grown, rows, sizeof *rows * (size_t)n);
            rows = grown;
            cap *= 2;
        }
        rows[n++] = (Row){db_col_int(st, 0), db_col_int(st, 1), db_col_int(st, 2), db_col_int(st, 4),
                          arena_strdup(c->arena, db_col_text(st, 3))};
    }
    if (!db_done(st))
        return false;
    int listed = 0;
    for (int i = 0; i < n; i++) {
        const char *path = NULL;
        if (grid_node_path(c, rows[i].node, &path) != GRID_OK)
            return false;
        if (!perm_allows(c->who, PERM_PAYMENT_APPROVE, path))
            continue;
        PaymentSigState s;
        FundsErr e;
        if (!funds_payment_state(c, rows[i].id, &s, NULL, &e))
            return false;
        if (!may_sign_now(c->who, path, &s))
            continue;
        if (listed == TODO_KIND_MAX) {
            if (capped)
                *capped = true;
            break;
        }
        char link[48];
        snprintf(link, sizeof link, "/payments/%lld", (long long)rows[i].id);
        const char *title = arena_printf(c->arena, "付款 #%lld %M 元 · %h", (long long)rows[i].id, rows[i].amount,
                                         rows[i].purpose);
        todo_add(out, "payment_sign", title, link, 0, rows[i].at, TODO_NORMAL);
        listed++;
    }
    return true;
}
