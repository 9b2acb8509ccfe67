/* payments_api.c: the JSON API of levies (charges, receipts, arrears per
 * building) and of payment requests (request, approve, reject, disburse). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "site/site.h"
#include "core/clock.h"
#include "auth/read.h"
#include "funds/list_sql.h"
#include "funds/web_int.h"
#include "grid/grid.h"
#include "http/jsonin.h"
#include "vote/vote.h"
#include "workorder/read.h"

static bool fund_query_or_reply(Req *r, Perm perm, Fund *f)
{
    int64_t fid;
    if (!req_query_int_or_reply(r, "fund", 0, 1, INT64_MAX, &fid))
        return false;
    if (!fid) {
        reply_error(r, 400, "missing_field", "fund", "缺少参数 fund", "The fund parameter is missing");
        return false;
    }
    return funds_fund_allowed_or_reply(r, fid, perm, f);
}

/* ---- levies ------------------------------------------------------------------------- */

static bool levy_totals_json(Req *r, Buf *b, int64_t levy)
{
    int64_t hh = 0, due = 0, paid = 0, arrears = 0;
    if (!db_int(r->db, &hh, "SELECT COUNT(*) FROM levy_charge WHERE levy_id = ?", DB_I(levy))) {
        return false;
    }
    if (!db_int(r->db, &due, "SELECT COALESCE(SUM(due), 0) FROM levy_charge WHERE levy_id = ?", DB_I(levy))) {
        return false;
    }
    if (!db_int(r->db, &paid, "SELECT COALESCE(SUM(paid), 0) FROM levy_charge WHERE levy_id = ?", DB_I(levy))) {
        return false;
    }
    if (!db_int(r->db, &arrears, "SELECT COUNT(*) FROM levy_charge WHERE levy_id = ? AND paid < due", DB_I(levy))) {
        return false;
    }
    buf_printf(b, "\"households\":%lld,\"due\":%lld,\"paid\":%lld,\"outstanding\":%lld,\"in_arrears\":%lld", (long long)hh,
               (long long)due, (long long)paid, (long long)(due - paid), (long long)arrears);
    return true;
}

static bool levy_head_json(Req *r, Buf *b, int64_t id)
{
    DbStmt *st = db_query(r->db, "SELECT id, fund_id, name, rule, rate, base FROM levy WHERE id = ?", DB_I(id));
    bool found = db_step(st) == DB_ROW;
    if (found)
        buf_printf(b, "{\"id\":%lld,\"fund_id\":%lld,\"name\":%j,\"rule\":%j,\"rate\":%lld,\"base\":%lld,",
                   (long long)db_col_int(st, 0), (long long)db_col_int(st, 1), db_col_text(st, 2), db_col_text(st, 3),
                   (long long)db_col_int(st, 4), (long long)db_col_int(st, 5));
    if (!db_done(st))
        return false;
    return found && levy_totals_json(r, b, id);
}

void api_levies_list(Req *r)
{
    Fund f;
    if (!fund_query_or_reply(r, PERM_TREE_READ, &f))
        return;
    int64_t *ids = NULL;
    int n = 0, cap = 0;
    DbStmt *st = db_query(r->db, "SELECT id FROM levy WHERE fund_id = ? ORDER BY id", DB_I(f.id));
    while (db_step(st) == DB_ROW) {
        ids = funds_grow(r->arena, ids, n, &cap, 16, sizeof *ids);
        ids[n++] = db_col_int(st, 0);
    }
    if (!db_done(st)) {
        funds_db_error_reply(r);
        return;
    }
    resp_json(r);
    buf_puts(&r->out, "{\"items\":[");
    for (int i = 0; i < n; i++) {
        if (i)
            buf_putc(&r->out, ',');
        if (!levy_head_json(r, &r->out, ids[i])) {
            funds_db_error_reply(r);
            return;
        }
        buf_putc(&r->out, '}');
    }
    buf_printf(&r->out, "],\"page\":1,\"per_page\":%d,\"total\":%d}", n, n);
}

static const JsonField levy_spec[] = {
    {"fund_id", JF_INT, JF_REQUIRED, 1, INT64_MAX},
    {"name", JF_STRING, JF_REQUIRED, 0, 100},
    {"rule", JF_STRING, JF_REQUIRED, 0, 20},
    {"rate", JF_INT, JF_REQUIRED, 1, 100000000},
    {"base", JF_INT, 0, 1, 100000000},
    {NULL, 0, 0, 0, 0},
};

void api_levy_create(Req *r)
{
    JsonValue v[5];
    Fund f;
    if (!funds_json_fields_or_reply(r, levy_spec, v) ||
        !funds_fund_ref_or_reply(r, v[0].i, PERM_FUNDS_MANAGE, &f))
        return;
    LevyRule rule;
    if (!levy_rule_parse(v[2].s, &rule)) {
        reply_error(r, 400, "bad_value", "rule", "规则只能是 per_area（每平方米）或 percent（百分比）",
                    "The rule is per_area or percent");
        return;
    }
    if (rule == LEVY_PERCENT && !v[4].present) {
        reply_error(r, 400, "missing_field", "base", "百分比规则需要基数（每平方米造价，分）",
                    "A percent rule needs a base (cost per m², fen)");
        return;
    }
    int64_t id;
    int n;
    Ctx c = site_ctx(r);
    FundsErr e;
    if (!funds_levy_create(&c, f.id, v[1].s, rule, v[3].i, v[4].present ? v[4].i : 0, funds_actor(r), &id, &n, &e)) {
        funds_err_reply(r, &e);
        return;
    }
    r->status = 201;
    resp_json(r);
    if (!levy_head_json(r, &r->out, id)) {
        funds_db_error_reply(r);
        return;
    }
    buf_putc(&r->out, '}');
}

bool funds_levy_allowed_or_reply(Req *r, Perm perm, int64_t *id, Fund *f)
{
    int64_t fund = 0;
    if (!req_param_id_or_reply(r, "id", id))
        return false;
    if (!db_int(r->db, &fund, "SELECT fund_id FROM levy WHERE id = ?", DB_I(*id))) {
        reply_error(r, 404, "not_found", NULL, "找不到这项征收", "No such levy");
        return false;
    }
    return funds_fund_allowed_or_reply(r, fund, perm, f);
}

void api_levy_get(Req *r)
{
    int64_t id;
    Fund f;
    if (!funds_levy_allowed_or_reply(r, PERM_FUNDS_READ, &id, &f))
        return;
    resp_json(r);
    Buf *b = &r->out;
    if (!levy_head_json(r, b, id)) {
        funds_db_error_reply(r);
        return;
    }
    buf_puts(b, ",\"buildings\":[");
    Ctx c = site_ctx(r);
    FundsErr e;
    LevyBuilding *bl;
    LevyArrear *ar;
    int nb, na;
    if (!funds_levy_buildings(&c, id, &bl, &nb, &e) || !funds_levy_arrears(&c, id, &ar, &na, &e)) {
        funds_err_reply(r, &e);
        return;
    }
    for (int i = 0; i < nb; i++)
        buf_printf(b, "%s{\"building_id\":%lld,\"name\":%j,\"households\":%lld,\"due\":%lld,\"paid\":%lld,"
                      "\"outstanding\":%lld,\"in_arrears\":%lld}",
                   i ? "," : "", (long long)bl[i].building_id, bl[i].name, (long long)bl[i].households,
                   (long long)bl[i].due, (long long)bl[i].paid, (long long)(bl[i].due - bl[i].paid),
                   (long long)bl[i].in_arrears);
    buf_puts(b, "],\"arrears\":[");
    for (int i = 0; i < na; i++)
        buf_printf(b, "%s{\"household_id\":%lld,\"address\":%j,\"area\":%lld,\"due\":%lld,\"paid\":%lld,\"outstanding\":%lld}",
                   i ? "," : "", (long long)ar[i].household_id, ar[i].address, (long long)ar[i].area,
                   (long long)ar[i].due, (long long)ar[i].paid, (long long)(ar[i].due - ar[i].paid));
    buf_puts(b, "]}");
}

static const JsonField levy_pay_spec[] = {
    {"household_id", JF_INT, JF_REQUIRED, 1, INT64_MAX},
    {"amount", JF_INT, JF_REQUIRED, 1, INT64_C(1000000000000)},
    {"method", JF_STRING, JF_REQUIRED, 0, 20},
    {NULL, 0, 0, 0, 0},
};

void api_levy_pay(Req *r)
{
    int64_t id;
    Fund f;
    if (!funds_levy_allowed_or_reply(r, PERM_FUNDS_MANAGE, &id, &f))
        return;
    JsonValue v[3];
    if (!funds_json_fields_or_reply(r, levy_pay_spec, v))
        return;
    int64_t pid;
    const char *receipt = "";
    Ctx c = site_ctx(r);
    FundsErr e;
    if (!funds_levy_pay(&c, id, v[0].i, v[1].i, v[2].s, c.now, funds_actor(r), &pid, &receipt, &e)) {
        funds_err_reply(r, &e);
        return;
    }
    int64_t due = 0, paid = 0;
    if (!db_int(r->db, &due, "SELECT due FROM levy_charge WHERE levy_id = ? AND household_id = ?", DB_I(id), DB_I(v[0].i))) {
        funds_db_error_reply(r);
        return;
    }
    if (!db_int(r->db, &paid, "SELECT paid FROM levy_charge WHERE levy_id = ? AND household_id = ?", DB_I(id), DB_I(v[0].i))) {
        funds_db_error_reply(r);
        return;
    }
    r->status = 201;
    resp_json(r);
    buf_printf(&r->out, "{\"id\":%lld,\"receipt_no\":%j,\"amount\":%lld,\"method\":%j,\"due\":%lld,\"paid\":%lld,\"outstanding\":%lld}",
               (long long)pid, receipt, (long long)v[1].i, v[2].s, (long long)due, (long long)paid,
               (long long)(due - paid));
}

/* ---- payments ------------------------------------------------------------------------- */

bool funds_payment_json(Req *r, Buf *b, int64_t id, const char *node_path)
{
    /* the people's names from auth's read function, not a join on its table */
    Ctx c = site_ctx(r);
    int64_t requester_id = 0;
    const char *requester = "";
    if (!db_int(r->db, &requester_id, "SELECT requester_id FROM payment WHERE id = ?", DB_I(id)) ||
        auth_user_display_name(&c, requester_id, &requester) != AUTH_OK)
        return false;
    DbStmt *st = db_query(r->db,
                          "SELECT p.id, p.fund_id, f.name, p.requester_id, p.payee, p.payee_account, p.amount, p.purpose, "
                          "p.category, p.basis, p.project, COALESCE(p.workorder_id, 0), COALESCE(p.vote_id, 0), p.status, "
                          "p.reject_reason, COALESCE(p.entry_id, 0), COALESCE(p.notice_id, 0), p.created_at, p.requester_id "
                          "FROM payment p JOIN fund f ON f.id = p.fund_id WHERE p.id = ?",
                          DB_I(id));
    bool found = db_step(st) == DB_ROW;
    if (found) {
        char at[26];
        clock_format_iso(db_col_int(st, 17), at);
        const char *acct = db_col_text(st, 5), *cat = db_col_text(st, 8);
        bool full = funds_may_see_bank(&c, node_path);
        /* basis is a JSON array this module wrote itself (with %j), so it goes out as is */
        buf_printf(b,
                   "{\"id\":%lld,\"fund_id\":%lld,\"fund_name\":%j,\"requester\":%j,\"requester_id\":%lld,\"payee\":%j,"
                   "\"payee_account\":%j,\"amount\":%lld,\"purpose\":%j,\"category\":%j,\"category_label\":%j,"
                   "\"emergency\":%s,\"basis\":%s,\"project\":%j,\"workorder_id\":%lld,\"vote_id\":%lld,\"status\":%j,"
                   "\"reject_reason\":%j,\"entry_id\":%lld,\"notice_id\":%lld,\"created_at\":%j,\"signatures\":[",
                   (long long)db_col_int(st, 0), (long long)db_col_int(st, 1), db_col_text(st, 2), requester,
                   (long long)db_col_int(st, 18), db_col_text(st, 4), full ? acct : funds_mask_account(r->arena, acct),
                   (long long)db_col_int(st, 6), db_col_text(st, 7), cat, funds_category_label_zh(cat),
                   funds_emergency_category(cat) ? "true" : "false", db_col_text(st, 9), db_col_text(st, 10),
                   (long long)db_col_int(st, 11), (long long)db_col_int(st, 12), db_col_text(st, 13),
                   db_col_text(st, 14), (long long)db_col_int(st, 15), (long long)db_col_int(st, 16), at);
    }
    if (!db_done(st))
        return false;
    if (!found)
        return false;
    typedef struct { const char *role, *decision, *reason; int64_t at, user_id; } Sig;
    Sig *sigs = NULL;
    int n_sigs = 0, cap = 0;
    st = db_query(r->db,
                  "SELECT role, decision, reason, at, user_id FROM payment_signature WHERE payment_id = ? ORDER BY id",
                  DB_I(id));
    while (db_step(st) == DB_ROW) {
        sigs = funds_grow(r->arena, sigs, n_sigs, &cap, 4, sizeof *sigs);
        sigs[n_sigs++] = (Sig){arena_strdup(r->arena, db_col_text(st, 0)), arena_strdup(r->arena, db_col_text(st, 1)),
                               arena_strdup(r->arena, db_col_text(st, 2)), db_col_int(st, 3), db_col_int(st, 4)};
    }
    if (!db_done(st))
        return false;
    for (int i = 0; i < n_sigs; i++) {
        char at[26];
        const char *name;
        if (auth_user_display_name(&c, sigs[i].user_id, &name) != AUTH_OK)
            return false;
        clock_format_iso(sigs[i].at, at);
        buf_printf(b, "%s{\"role\":%j,\"name\":%j,\"user_id\":%lld,\"decision\":%j,\"reason\":%j,\"at\":%j}", i ? "," : "",
                   sigs[i].role, name, (long long)sigs[i].user_id, sigs[i].decision, sigs[i].reason, at);
    }
    buf_puts(b, "],\"documents\":");
    if (!funds_docs_json(r, b, id))
        return false;
    buf_putc(b, '}');
    return true;
}

/* Loads a payment's fund and checks perm on it; replies itself. */
static bool payment_allowed_or_reply(Req *r, int64_t *id, Perm perm, Fund *f)
{
    int64_t fund = 0;
    if (!req_param_id_or_reply(r, "id", id))
        return false;
    if (!db_int(r->db, &fund, "SELECT fund_id FROM payment WHERE id = ?", DB_I(*id))) {
        reply_error(r, 404, "not_found", NULL, "找不到这笔付款申请", "No such payment request");
        return false;
    }
    return funds_fund_allowed_or_reply(r, fund, perm, f);
}

void api_payments_list(Req *r)
{
    Fund f;
    int64_t page, per_page, after, total = 0;
    if (!fund_query_or_reply(r, PERM_TREE_READ, &f) || !req_keyset_or_reply(r, &page, &per_page, &after))
        return;
    const char *status = req_query(r, "status");
    /* keyset: a page starts below the last id of the one before (list_sql.h) */
    int64_t below = after ? after : INT64_MAX, off = after ? 0 : (page - 1) * per_page, want = per_page + 1;
    bool counted = status ? db_int(r->db, &total, FUNDS_PAYMENT_COUNT_STATUS, DB_I(f.id), DB_T(status),
                                   DB_I(REQ_COUNT_CAP + 1))
                          : db_int(r->db, &total, FUNDS_PAYMENT_COUNT, DB_I(f.id), DB_I(REQ_COUNT_CAP + 1));
    if (!counted) {
        funds_db_error_reply(r);
        return;
    }
    int64_t ids[201];
    int n = 0;
    DbStmt *st = status ? db_query(r->db, FUNDS_PAYMENT_IDS_STATUS, DB_I(f.id), DB_T(status), DB_I(below), DB_I(want),
                                   DB_I(off))
                        : db_query(r->db, FUNDS_PAYMENT_IDS, DB_I(f.id), DB_I(below), DB_I(want), DB_I(off));
    while (db_step(st) == DB_ROW && n < 201)
        ids[n++] = db_col_int(st, 0);
    if (!db_done(st)) {
        funds_db_error_reply(r);
        return;
    }
    bool more = n > per_page; /* the row past the page: there is a next page */
    if (more)
        n = (int)per_page;
    resp_json(r);
    buf_puts(&r->out, "{\"items\":[");
    for (int i = 0; i < n; i++) {
        if (i)
            buf_putc(&r->out, ',');
        if (!funds_payment_json(r, &r->out, ids[i], f.node_path)) {
            funds_db_error_reply(r);
            return;
        }
    }
    bool capped = total > REQ_COUNT_CAP;
    resp_list_tail(&r->out, page, per_page, capped ? REQ_COUNT_CAP : total, capped, more && n ? ids[n - 1] : 0);
    buf_putc(&r->out, '}');
}

static const JsonField payment_spec[] = {
    {"fund_id", JF_INT, JF_REQUIRED, 1, INT64_MAX},
    {"payee", JF_STRING, JF_REQUIRED, 0, 100},
    {"payee_account", JF_STRING, JF_EMPTY_OK, 0, 40},
    {"amount", JF_INT, JF_REQUIRED, 1, INT64_C(1000000000000)},
    {"purpose", JF_STRING, JF_REQUIRED, 0, 300},
    {"category", JF_STRING, JF_REQUIRED, 0, 30},
    {"basis", JF_STRINGS, 0, 0, 200},
    {"project", JF_STRING, JF_EMPTY_OK, 0, 100},
    {"workorder_id", JF_INT, JF_NULLABLE, 1, INT64_MAX},
    {"vote_id", JF_INT, JF_NULLABLE, 1, INT64_MAX},
    {"account_code", JF_STRING, 0, 0, 20},
    {NULL, 0, 0, 0, 0},
};

void api_payment_create(Req *r)
{
    JsonValue v[11];
    Fund f;
    Ctx c = site_ctx(r);
    if (!funds_json_fields_or_reply(r, payment_spec, v))
        return;
    if (!funds_fund_ref_or_reply(r, v[0].i, PERM_PAYMENT_REQUEST, &f))
        return;
    /* the order and the vote a payment cites are checked as reads: one the
     * requester may not see is answered as one that does not exist */
    WoBrief wo;
    if (v[8].present && !(wo_order_brief(&c, v[8].i, &wo) && wo_may_read(&c, &wo))) {
        reply_error(r, 404, "not_found", "workorder_id", "找不到这个工单", "No such work order");
        return;
    }
    if (v[9].present && !vote_may_read(&c, v[9].i)) {
        reply_error(r, 404, "not_found", "vote_id", "找不到这次表决", "No such vote");
        return;
    }
    PaymentInput in = {f.id, funds_actor(r), v[3].i, v[8].present ? v[8].i : 0, v[9].present ? v[9].i : 0, v[1].s,
                       v[2].present ? v[2].s : "", v[4].s, v[5].s, v[7].present ? v[7].s : "",
                       v[10].present ? v[10].s : NULL, v[6].list, v[6].present ? v[6].n_list : 0};
    int64_t id;
    FundsErr e;
    if (!funds_payment_create(&c, &in, &id, &e)) {
        funds_err_reply(r, &e);
        return;
    }
    r->status = 201;
    resp_json(r);
    if (!funds_payment_json(r, &r->out, id, f.node_path))
        funds_db_error_reply(r);
}

void api_payment_get(Req *r)
{
    int64_t id;
    Fund f;
    if (!payment_allowed_or_reply(r, &id, PERM_TREE_READ, &f))
        return;
    resp_json(r);
    if (!funds_payment_json(r, &r->out, id, f.node_path))
        funds_db_error_reply(r);
}

static const JsonField approve_spec[] = {{"role", JF_STRING, 0, 0, 30}, {NULL, 0, 0, 0, 0}};
static const JsonField reject_spec[] = {
    {"role", JF_STRING, 0, 0, 30}, {"reason", JF_STRING, JF_REQUIRED, 0, 300}, {NULL, 0, 0, 0, 0}};

/* The payment named by the path: its brief and its fund; replies 404 itself. */
static bool payment_brief_or_reply(Req *r, const Ctx *c, int64_t *id, PaymentBrief *p, Fund *f)
{
    FundsErr e;
    if (!req_param_id_or_reply(r, "id", id))
        return false;
    if (!funds_payment_brief(c, *id, p, &e) || (!funds_fund_load(r, p->fund_id, f) &&
                                                 !funds_err(&e, FM_NO_SUCH_FUND, NULL))) {
        funds_err_reply(r, &e);
        return false;
    }
    return true;
}

static void sign(Req *r, bool approve)
{
    int64_t id;
    Fund f;
    PaymentBrief p;
    FundsErr e;
    Ctx c = site_ctx(r);
    if (!payment_brief_or_reply(r, &c, &id, &p, &f))
        return;
    if (!funds_may_sign(&c, &p, &e)) {
        funds_err_reply(r, &e);
        return;
    }
    /* approving needs no body; one that is sent is validated */
    json_t *body = r->body_len > 0 ? req_json_object_or_reply(r) : NULL;
    JsonValue v[2];
    memset(v, 0, sizeof v);
    if (r->body_len > 0 && !body)
        return;
    if (body && !json_fields_or_reply(r, body, approve ? approve_spec : reject_spec, v))
        return;
    if (!approve && !v[1].present) {
        reply_error(r, 400, "missing_field", "reason", "驳回必须写明理由", "A rejection needs a reason");
        return;
    }
    Role role;
    if (!funds_sign_as(&c, &p, v[0].present ? v[0].s : NULL, &role, &e)) {
        funds_err_reply(r, &e);
        return;
    }
    if (!funds_payment_sign(&c, id, role, funds_actor(r), approve, approve ? NULL : v[1].s, &e)) {
        funds_err_reply(r, &e);
        return;
    }
    resp_json(r);
    if (!funds_payment_json(r, &r->out, id, f.node_path))
        funds_db_error_reply(r);
}

void api_payment_approve(Req *r)
{
    sign(r, true);
}

void api_payment_reject(Req *r)
{
    sign(r, false);
}

void api_payment_disburse(Req *r)
{
    int64_t id;
    Fund f;
    PaymentBrief p;
    FundsErr e;
    Ctx c = site_ctx(r);
    if (!payment_brief_or_reply(r, &c, &id, &p, &f))
        return;
    if (!funds_may_disburse(&c, &p, &e)) {
        funds_err_reply(r, &e);
        return;
    }
    if (!funds_payment_disburse(&c, id, funds_actor(r), &e)) {
        funds_err_reply(r, &e);
        return;
    }
    resp_json(r);
    if (!funds_payment_json(r, &r->out, id, f.node_path))
        funds_db_error_reply(r);
}
