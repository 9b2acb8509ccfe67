/* api.c: the funds' JSON API: funds and accounts, the ledger, levies and
 * receipts, income, payment requests and their signatures, statements. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "auth/audit.h"
#include "auth/session.h"
#include "core/clock.h"
#include "funds/funds_int.h"
#include "grid/grid.h"
#include "http/jsonin.h"

/* ---- shared helpers ------------------------------------------------------------ */

void funds_err_reply(Req *r, const FundsErr *e)
{
    reply_error(r, e->status, e->code, e->field, e->zh, e->en);
}

bool funds_fund_load(Req *r, int64_t id, Fund *out)
{
    DbStmt *st = db_query(r->db,
                          "SELECT f.id, f.node_id, f.kind, f.name, f.bank_name, f.bank_account, n.path, n.name "
                          "FROM fund f JOIN node n ON n.id = f.node_id WHERE f.id = ?",
                          DB_I(id));
    bool found = false;
    if (db_step(st) == DB_ROW) {
        out->id = db_col_int(st, 0);
        out->node_id = db_col_int(st, 1);
        out->kind = arena_strdup(r->arena, db_col_text(st, 2));
        out->name = arena_strdup(r->arena, db_col_text(st, 3));
        out->bank_name = arena_strdup(r->arena, db_col_text(st, 4));
        out->bank_account = arena_strdup(r->arena, db_col_text(st, 5));
        out->node_path = arena_strdup(r->arena, db_col_text(st, 6));
        out->node_name = arena_strdup(r->arena, db_col_text(st, 7));
        found = true;
    }
    db_done(st);
    return found;
}

bool funds_fund_allowed_or_reply(Req *r, int64_t id, Perm perm, Fund *out)
{
    if (!funds_fund_load(r, id, out)) {
        reply_error(r, 404, "not_found", NULL, "找不到这个资金账户", "No such fund");
        return false;
    }
    return auth_require_or_reply(r, perm, out->node_path);
}

const char *funds_kind_label(Req *r, const char *kind)
{
    if (strcmp(kind, "renovation") == 0) return L(r, "改造共管账户", "Co-managed renovation account");
    if (strcmp(kind, "maintenance") == 0) return L(r, "维修资金", "Maintenance fund");
    if (strcmp(kind, "trust") == 0) return L(r, "信托制物业账户", "Trust property account");
    return L(r, "院落自治金", "Autonomy fund");
}

/* A bank account number as the public sees it: the last four digits only. */
static const char *mask_account(Req *r, const char *acct)
{
    size_t n = strlen(acct), digits = 0;
    if (n == 0)
        return "";
    char *out = arena_alloc(r->arena, n + 1);
    size_t k = n;
    out[k] = '\0';
    for (size_t i = n; i-- > 0;) {
        char c = acct[i];
        if (c == ' ')
            out[--k] = ' ';
        else
            out[--k] = digits++ < 4 ? c : '*';
    }
    return out + k;
}

static const char *bank_account_shown(Req *r, const char *node_path, const char *acct)
{
    return perm_allows(r->who, PERM_BANK_DETAILS, node_path) ? acct : mask_account(r, acct);
}

static bool query_id_or_reply(Req *r, const char *name, int64_t *out)
{
    if (!req_query_int_or_reply(r, name, 0, 1, INT64_MAX, out))
        return false;
    if (*out == 0) {
        reply_error(r, 400, "missing_field", name, "缺少参数", "A required parameter is missing");
        return false;
    }
    return true;
}

static int64_t actor(Req *r)
{
    return r->who ? r->who->user_id : 0;
}

static void db_error_reply(Req *r)
{
    FundsErr e;
    funds_err_db(&e, r->db);
    funds_err_reply(r, &e);
}

static int64_t account_balance(Db *db, int64_t fund, const char *code)
{
    int64_t b = 0;
    db_int(db, &b, "SELECT balance FROM fund_account WHERE fund_id = ? AND code = ?", DB_I(fund), DB_T(code));
    return b;
}

/* ---- funds ------------------------------------------------------------------------ */

static void fund_json(Req *r, Buf *b, const Fund *f)
{
    buf_printf(b, "{\"id\":%lld,\"node_id\":%lld,\"node_name\":%j,\"kind\":%j,\"kind_label\":%j,\"name\":%j,"
                  "\"bank_name\":%j,\"bank_account\":%j,\"balance\":%lld",
               (long long)f->id, (long long)f->node_id, f->node_name, f->kind, funds_kind_label(r, f->kind), f->name,
               f->bank_name, bank_account_shown(r, f->node_path, f->bank_account),
               (long long)account_balance(r->db, f->id, "1001"));
}

static void funds_list_reply(Req *r, int64_t cid)
{
    int64_t ids[16];
    int n = 0;
    DbStmt *st = db_query(r->db, "SELECT id FROM fund WHERE node_id = ? ORDER BY id", DB_I(cid));
    while (db_step(st) == DB_ROW && n < 16)
        ids[n++] = db_col_int(st, 0);
    if (!db_done(st)) {
        db_error_reply(r);
        return;
    }
    resp_json(r);
    buf_puts(&r->out, "{\"items\":[");
    for (int i = 0; i < n; i++) {
        Fund f;
        if (!funds_fund_load(r, ids[i], &f))
            continue;
        if (i)
            buf_putc(&r->out, ',');
        fund_json(r, &r->out, &f);
        buf_putc(&r->out, '}');
    }
    buf_printf(&r->out, "],\"page\":1,\"per_page\":%d,\"total\":%d}", n, n);
}

void api_funds_list(Req *r)
{
    int64_t cid;
    NodeInfo c;
    if (!query_id_or_reply(r, "compound", &cid) || !grid_node_load_allowed_or_reply(r, cid, PERM_TREE_READ, &c))
        return;
    funds_list_reply(r, cid);
}

static const JsonField setup_spec[] = {{"compound_id", JF_INT, JF_REQUIRED, 1, INT64_MAX}, {NULL, 0, 0, 0, 0}};

void api_funds_setup(Req *r)
{
    json_t *body = req_json_object_or_reply(r);
    JsonValue v[1];
    NodeInfo c;
    if (!body || !json_fields_or_reply(r, body, setup_spec, v))
        return;
    if (!grid_node_load(r, v[0].i, &c)) {
        reply_error(r, 404, "not_found", "compound_id", "找不到这个院落", "No such compound");
        return;
    }
    if (!auth_require_or_reply(r, PERM_FUNDS_MANAGE, c.path))
        return;
    if (c.kind != NODE_COMPOUND) {
        reply_error(r, 400, "bad_value", "compound_id", "这个编号不是院落", "This id is not a compound");
        return;
    }
    char err[100];
    if (!funds_setup_compound(r->db, c.id, actor(r), err, sizeof err)) {
        db_error_reply(r);
        return;
    }
    r->status = 201;
    funds_list_reply(r, c.id);
}
