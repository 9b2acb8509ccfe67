/* api.c: the funds' JSON API: funds and accounts, the ledger, levies and
 * receipts, income, payment requests and their signatures, statements. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "auth/audit.h"
#include "site/site.h"
#include "core/clock.h"
#include "funds/list_sql.h"
#include "funds/web_int.h"
#include "grid/grid.h"
#include "grid/web.h"
#include "http/jsonin.h"

/* ---- shared helpers ------------------------------------------------------------ */

bool funds_fund_load(Req *r, int64_t id, Fund *out)
{
    Ctx c = site_ctx(r);
    return funds_fund_get(&c, id, out, NULL);
}

bool funds_fund_allowed_or_reply(Req *r, int64_t id, Perm perm, Fund *out)
{
    if (!funds_fund_load(r, id, out)) {
        reply_error(r, 404, "not_found", NULL, "找不到这个资金账户", "No such fund");
        return false;
    }
    return auth_require_or_reply(r, perm, out->node_path);
}

bool funds_fund_ref_or_reply(Req *r, int64_t id, Perm perm, Fund *out)
{
    if (!funds_fund_load(r, id, out) || !perm_allows(r->who, PERM_TREE_READ, out->node_path)) {
        reply_error(r, 404, "not_found", "fund_id", "找不到这个资金账户", "No such fund");
        return false;
    }
    return auth_require_or_reply(r, perm, out->node_path);
}

bool funds_json_fields_or_reply(Req *r, const JsonField *spec, JsonValue *v)
{
    json_t *body = req_json_object_or_reply(r);
    return body && json_fields_or_reply(r, body, spec, v);
}

const char *funds_kind_label(Req *r, const char *kind)
{
    if (strcmp(kind, "renovation") == 0) return L(r, "改造共管账户", "Co-managed renovation account");
    if (strcmp(kind, "maintenance") == 0) return L(r, "维修资金", "Maintenance fund");
    if (strcmp(kind, "trust") == 0) return L(r, "信托制物业账户", "Trust property account");
    return L(r, "院落自治金", "Autonomy fund");
}

static const char *bank_account_shown(Req *r, const char *node_path, const char *acct)
{
    Ctx c = site_ctx(r);
    return funds_may_see_bank(&c, node_path) ? acct : funds_mask_account(r->arena, acct);
}

void funds_db_error_reply(Req *r)
{
    FundsErr e;
    funds_err_db(&e, r->db);
    funds_err_reply(r, &e);
}

/* The balance of a fund's account by code, 0 when it has none; false only on a storage failure. */
static bool account_balance(Db *db, int64_t fund, const char *code, int64_t *b)
{
    *b = 0;
    return db_int(db, b, "SELECT COALESCE((SELECT balance FROM fund_account WHERE fund_id = ? AND code = ?), 0)",
                  DB_I(fund), DB_T(code));
}

/* ---- funds ------------------------------------------------------------------------ */

static bool fund_json(Req *r, Buf *b, const Fund *f)
{
    int64_t balance;
    if (!account_balance(r->db, f->id, "1001", &balance))
        return false;
    buf_printf(b, "{\"id\":%lld,\"node_id\":%lld,\"node_name\":%j,\"kind\":%j,\"kind_label\":%j,\"name\":%j,"
                  "\"bank_name\":%j,\"bank_account\":%j,\"balance\":%lld",
               (long long)f->id, (long long)f->node_id, f->node_name, f->kind, funds_kind_label(r, f->kind), f->name,
               f->bank_name, bank_account_shown(r, f->node_path, f->bank_account),
               (long long)balance);
    return true;
}

static void funds_list_reply(Req *r, int64_t cid)
{
    int64_t *ids = NULL;
    int n = 0, cap = 0;
    DbStmt *st = db_query(r->db, "SELECT id FROM fund WHERE node_id = ? ORDER BY id", DB_I(cid));
    while (db_step(st) == DB_ROW) {
        ids = funds_grow(r->arena, ids, n, &cap, 4, sizeof *ids);
        ids[n++] = db_col_int(st, 0);
    }
    if (!db_done(st)) {
        funds_db_error_reply(r);
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
        if (!fund_json(r, &r->out, &f)) {
            funds_db_error_reply(r);
            return;
        }
        buf_putc(&r->out, '}');
    }
    buf_printf(&r->out, "],\"page\":1,\"per_page\":%d,\"total\":%d}", n, n);
}

void api_funds_list(Req *r)
{
    int64_t cid;
    NodeInfo c;
    if (!req_query_id_or_reply(r, "compound", &cid) || !grid_node_load_allowed_or_reply(r, cid, PERM_TREE_READ, &c))
        return;
    funds_list_reply(r, cid);
}

bool funds_compound_setup_or_reply(Req *r, int64_t compound_id)
{
    NodeInfo c;
    if (!grid_node_ref_or_reply(r, compound_id, PERM_FUNDS_MANAGE, "compound_id", &c))
        return false;
    if (c.kind != NODE_COMPOUND) {
        reply_error(r, 400, "bad_value", "compound_id", "这个编号不是院落", "This id is not a compound");
        return false;
    }
    Ctx ctx = site_ctx(r);
    FundsErr e;
    if (!funds_setup_compound(&ctx, c.id, funds_actor(r), &e)) {
        funds_err_reply(r, &e);
        return false;
    }
    return true;
}

static const JsonField setup_spec[] = {{"compound_id", JF_INT, JF_REQUIRED, 1, INT64_MAX}, {NULL, 0, 0, 0, 0}};

void api_funds_setup(Req *r)
{
    JsonValue v[1];
    if (!funds_json_fields_or_reply(r, setup_spec, v) || !funds_compound_setup_or_reply(r, v[0].i))
        return;
    r->status = 201;
    funds_list_reply(r, v[0].i);
}

/* A balance in the account's natural sign: assets and expenses are debits,
 * income and liabilities (what the fund owes the households) credits. */
static int64_t natural(const char *type, int64_t debit_balance)
{
    return strcmp(type, "asset") == 0 || strcmp(type, "expense") == 0 ? debit_balance : -debit_balance;
}

void api_fund_get(Req *r)
{
    int64_t id;
    Fund f;
    if (!req_param_id_or_reply(r, "id", &id) || !funds_fund_allowed_or_reply(r, id, PERM_TREE_READ, &f))
        return;
    resp_json(r);
    Buf *b = &r->out;
    if (!fund_json(r, b, &f)) {
        funds_db_error_reply(r);
        return;
    }
    buf_puts(b, ",\"accounts\":[");
    DbStmt *st = db_query(r->db,
                          "SELECT id, code, name, type, balance FROM fund_account WHERE fund_id = ? AND household_id IS NULL "
                          "ORDER BY code",
                          DB_I(id));
    for (int i = 0; db_step(st) == DB_ROW; i++)
        buf_printf(b, "%s{\"id\":%lld,\"code\":%j,\"name\":%j,\"type\":%j,\"balance\":%lld}", i ? "," : "",
                   (long long)db_col_int(st, 0), db_col_text(st, 1), db_col_text(st, 2), db_col_text(st, 3),
                   (long long)natural(db_col_text(st, 3), db_col_int(st, 4)));
    if (!db_done(st)) {
        funds_db_error_reply(r);
        return;
    }
    int64_t n_sub = 0, sub_total = 0, topup = 0;
    if (!db_int(r->db, &n_sub, "SELECT COUNT(*) FROM fund_account WHERE fund_id = ? AND household_id IS NOT NULL", DB_I(id))) {
        funds_db_error_reply(r);
        return;
    }
    if (!db_int(r->db, &sub_total, "SELECT COALESCE(-SUM(balance), 0) FROM fund_account WHERE fund_id = ? AND household_id IS NOT NULL",
               DB_I(id))) {
        funds_db_error_reply(r);
        return;
    }
    if (!db_int(r->db, &topup,
               "SELECT COUNT(*) FROM fund_account WHERE fund_id = ? AND household_id IS NOT NULL AND first_deposit > 0 "
               "AND -10 * balance < 3 * first_deposit",
               DB_I(id))) {
        funds_db_error_reply(r);
        return;
    }
    buf_printf(b, "],\"household_accounts\":{\"count\":%lld,\"total\":%lld,\"topup_due\":%lld},\"income\":[",
               (long long)n_sub, (long long)sub_total, (long long)topup);
    st = db_query(r->db,
                  "SELECT id, kind, counterparty, purpose, facility, revenue_share_bp, term_years, amount, created_at "
                  "FROM fund_income WHERE fund_id = ? ORDER BY id",
                  DB_I(id));
    for (int i = 0; db_step(st) == DB_ROW; i++)
        buf_printf(b,
                   "%s{\"id\":%lld,\"kind\":%j,\"counterparty\":%j,\"purpose\":%j,\"facility\":%j,"
                   "\"revenue_share_bp\":%lld,\"term_years\":%lld,\"amount\":%lld}",
                   i ? "," : "", (long long)db_col_int(st, 0), db_col_text(st, 1), db_col_text(st, 2),
                   db_col_text(st, 3), db_col_text(st, 4), (long long)db_col_int(st, 5), (long long)db_col_int(st, 6),
                   (long long)db_col_int(st, 7));
    if (!db_done(st)) {
        funds_db_error_reply(r);
        return;
    }
    buf_puts(b, "]}");
}

static const JsonField income_spec[] = {
    {"kind", JF_STRING, JF_REQUIRED, 0, 20},
    {"counterparty", JF_STRING, JF_REQUIRED, 0, 100},
    {"amount", JF_INT, JF_REQUIRED, 1, INT64_C(1000000000000)},
    {"purpose", JF_STRING, JF_EMPTY_OK, 0, 300},
    {"facility", JF_STRING, JF_EMPTY_OK, 0, 100},
    {"revenue_share_bp", JF_INT, 0, 0, 10000},
    {"term_years", JF_INT, 0, 0, 100},
    {"account_code", JF_STRING, 0, 0, 20},
    {NULL, 0, 0, 0, 0},
};

void api_fund_income(Req *r)
{
    int64_t id, income_id;
    Fund f;
    JsonValue v[8];
    if (!req_param_id_or_reply(r, "id", &id) || !funds_fund_allowed_or_reply(r, id, PERM_FUNDS_MANAGE, &f) ||
        !funds_json_fields_or_reply(r, income_spec, v))
        return;
    Ctx c = site_ctx(r);
    IncomeInput in = {v[0].s, v[1].s, v[3].present ? v[3].s : "", v[4].present ? v[4].s : "",
                      v[7].present ? v[7].s : NULL, v[2].i, v[5].present ? v[5].i : 0, v[6].present ? v[6].i : 0, 0};
    FundsErr e;
    if (!funds_income_record(&c, f.id, f.kind, funds_actor(r), &in, &income_id, &e)) {
        funds_err_reply(r, &e);
        return;
    }
    int64_t balance;
    if (!account_balance(r->db, f.id, "1001", &balance)) {
        funds_db_error_reply(r);
        return;
    }
    r->status = 201;
    resp_json(r);
    buf_printf(&r->out, "{\"id\":%lld,\"kind\":%j,\"amount\":%lld,\"balance\":%lld}", (long long)income_id, in.kind,
               (long long)in.amount, (long long)balance);
}

static const JsonField budget_spec[] = {
    {"year", JF_INT, JF_REQUIRED, 2000, 2200},
    {"account_code", JF_STRING, JF_REQUIRED, 0, 20},
    {"amount", JF_INT, JF_REQUIRED, 0, INT64_C(1000000000000)},
    {NULL, 0, 0, 0, 0},
};

bool funds_budget_set_or_reply(Req *r, const Fund *f, int64_t year, const char *code, int64_t amount, int64_t *budget_id)
{
    Ctx c = site_ctx(r);
    FundsErr e;
    if (!funds_budget_set(&c, f->id, year, code, amount, funds_actor(r), budget_id, &e)) {
        funds_err_reply(r, &e);
        return false;
    }
    return true;
}

void api_fund_budget(Req *r)
{
    int64_t id, bid;
    Fund f;
    JsonValue v[3];
    if (!req_param_id_or_reply(r, "id", &id) || !funds_fund_allowed_or_reply(r, id, PERM_FUNDS_MANAGE, &f) ||
        !funds_json_fields_or_reply(r, budget_spec, v))
        return;
    if (!funds_budget_set_or_reply(r, &f, v[0].i, v[1].s, v[2].i, &bid))
        return;
    resp_json(r);
    buf_printf(&r->out, "{\"id\":%lld,\"year\":%lld,\"account_code\":%j,\"amount\":%lld}", (long long)bid,
               (long long)v[0].i, v[1].s, (long long)v[2].i);
}

/* "YYYY-MM" -> [start, end) in UTC for that month in Asia/Shanghai. */
static bool month_range(const char *m, int64_t *start, int64_t *end, int *year)
{
    char day[24];
    if (!m || strlen(m) != 7 || m[4] != '-')
        return false;
    snprintf(day, sizeof day, "%.7s-01", m);
    if (!clock_parse_local_day(day, start))
        return false;
    int y = atoi(m), mo = atoi(m + 5);
    snprintf(day, sizeof day, "%04d-%02d-01", mo == 12 ? y + 1 : y, mo == 12 ? 1 : mo + 1);
    *year = y;
    return clock_parse_local_day(day, end);
}

void api_fund_statement(Req *r)
{
    int64_t id, start, end, ystart, yend;
    int year;
    Fund f;
    if (!req_param_id_or_reply(r, "id", &id) || !funds_fund_allowed_or_reply(r, id, PERM_TREE_READ, &f))
        return;
    const char *month = req_query(r, "month");
    char now_month[8], ybuf[24];
    if (!month) {
        char local[20];
        clock_format_local(clock_now(), local);
        snprintf(now_month, sizeof now_month, "%.7s", local);
        month = now_month;
    }
    if (!month_range(month, &start, &end, &year)) {
        reply_error(r, 400, "bad_param", "month", "月份格式应为 YYYY-MM", "The month must be YYYY-MM");
        return;
    }
    snprintf(ybuf, sizeof ybuf, "%04d-01-01", year);
    clock_parse_local_day(ybuf, &ystart);
    snprintf(ybuf, sizeof ybuf, "%04d-01-01", year + 1);
    clock_parse_local_day(ybuf, &yend);
    resp_json(r);
    Buf *b = &r->out;
    buf_printf(b, "{\"fund_id\":%lld,\"name\":%j,\"month\":%j,\"year\":%d,\"lines\":[", (long long)id, f.name, month, year);
    /* per income and expense account: this month, the year so far, the approved budget */
    DbStmt *st = db_query(
        r->db,
        "SELECT a.code, a.name, a.type, "
        "COALESCE((SELECT SUM(l.debit - l.credit) FROM journal_line l JOIN journal_entry e ON e.id = l.entry_id "
        "  WHERE l.account_id = a.id AND e.posted_at >= ? AND e.posted_at < ?), 0), "
        "COALESCE((SELECT SUM(l.debit - l.credit) FROM journal_line l JOIN journal_entry e ON e.id = l.entry_id "
        "  WHERE l.account_id = a.id AND e.posted_at >= ? AND e.posted_at < ?), 0), "
        "(SELECT b.amount FROM fund_budget b WHERE b.account_id = a.id AND b.year = ?) "
        "FROM fund_account a WHERE a.fund_id = ? AND a.type IN ('income','expense') ORDER BY a.code",
        DB_I(start), DB_I(end), DB_I(ystart), DB_I(end), DB_I(year), DB_I(id));
    int64_t in_month = 0, out_month = 0;
    bool fits = true; /* always, within FUNDS_FUND_LIMIT; a hand-edited database is refused, not mis-added */
    for (int i = 0; db_step(st) == DB_ROW; i++) {
        const char *type = db_col_text(st, 2);
        int64_t m = natural(type, db_col_int(st, 3)), ytd = natural(type, db_col_int(st, 4));
        fits = fits && funds_add(strcmp(type, "income") == 0 ? &in_month : &out_month, m, INT64_MAX);
        buf_printf(b, "%s{\"code\":%j,\"name\":%j,\"type\":%j,\"month\":%lld,\"year_to_date\":%lld,\"budget\":", i ? "," : "",
                   db_col_text(st, 0), db_col_text(st, 1), type, (long long)m, (long long)ytd);
        if (db_col_null(st, 5))
            buf_puts(b, "null}");
        else
            buf_printf(b, "%lld}", (long long)db_col_int(st, 5));
    }
    if (!db_done(st) || !fits) {
        buf_reset(&r->out);
        funds_db_error_reply(r);
        return;
    }
    int64_t closing = 0;
    if (!db_int(r->db, &closing,
               "SELECT COALESCE(SUM(l.debit - l.credit), 0) FROM journal_line l JOIN journal_entry e ON e.id = l.entry_id "
               "JOIN fund_account a ON a.id = l.account_id WHERE a.fund_id = ? AND a.code = '1001' AND e.posted_at < ?",
               DB_I(id), DB_I(end))) {
        funds_db_error_reply(r);
        return;
    }
    buf_printf(b, "],\"income\":%lld,\"expense\":%lld,\"closing_balance\":%lld}", (long long)in_month,
               (long long)out_month, (long long)closing);
}

void api_fund_households(Req *r)
{
    int64_t id;
    Fund f;
    if (!req_param_id_or_reply(r, "id", &id) || !funds_fund_allowed_or_reply(r, id, PERM_FUNDS_READ, &f))
        return;
    /* the areas as the grid knows them */
    Ctx c = site_ctx(r);
    HouseholdList hh;
    FundsErr e;
    if (!funds_households(&c, f.node_path, &hh, &e)) {
        funds_err_reply(r, &e);
        return;
    }
    resp_json(r);
    Buf *b = &r->out;
    buf_puts(b, "{\"items\":[");
    DbStmt *st = db_query(r->db,
                          "SELECT a.id, a.household_id, a.name, a.balance, a.first_deposit, "
                          "COALESCE((SELECT SUM(c.due) FROM levy_charge c WHERE c.account_id = a.id), 0), "
                          "COALESCE((SELECT SUM(c.paid) FROM levy_charge c WHERE c.account_id = a.id), 0) "
                          "FROM fund_account a WHERE a.fund_id = ? AND a.household_id IS NOT NULL ORDER BY a.name",
                          DB_I(id));
    int n = 0;
    for (; db_step(st) == DB_ROW; n++) {
        int64_t bal = -db_col_int(st, 3), first = db_col_int(st, 4);
        buf_printf(b,
                   "%s{\"account_id\":%lld,\"household_id\":%lld,\"address\":%j,\"balance\":%lld,\"first_deposit\":%lld,"
                   "\"due\":%lld,\"paid\":%lld,\"area\":%lld,\"topup_due\":%s}",
                   n ? "," : "", (long long)db_col_int(st, 0), (long long)db_col_int(st, 1), db_col_text(st, 2),
                   (long long)bal, (long long)first, (long long)db_col_int(st, 5), (long long)db_col_int(st, 6),
                   (long long)funds_charged_area(funds_household_in(&hh, db_col_int(st, 1))),
                   funds_topup_due(bal, first) ? "true" : "false");
    }
    if (!db_done(st)) {
        funds_db_error_reply(r);
        return;
    }
    buf_printf(b, "],\"page\":1,\"per_page\":%d,\"total\":%d}", n, n);
}

bool funds_household_json(Req *r, int64_t hid, Buf *b)
{
    buf_printf(b, "{\"household_id\":%lld,\"accounts\":[", (long long)hid);
    int64_t accts[8];
    int n = 0;
    DbStmt *st = db_query(r->db,
                          "SELECT a.id, f.id, f.name, a.balance, a.first_deposit, "
                          /* the few interest entries first (their own index), then this
                           * account's line in each: never a walk through every line */
                          "COALESCE((SELECT SUM(l.credit - l.debit) FROM journal_entry e CROSS JOIN journal_line l "
                          "  WHERE e.is_interest = 1 AND l.entry_id = e.id AND l.account_id = a.id), 0) FROM fund_account a "
                          "JOIN fund f ON f.id = a.fund_id WHERE a.household_id = ? ORDER BY a.id",
                          DB_I(hid));
    while (db_step(st) == DB_ROW) {
        int64_t bal = -db_col_int(st, 3), first = db_col_int(st, 4);
        if (n < 8)
            accts[n] = db_col_int(st, 0);
        buf_printf(b, "%s{\"account_id\":%lld,\"fund_id\":%lld,\"fund_name\":%j,\"balance\":%lld,\"first_deposit\":%lld,"
                      "\"interest\":%lld,\"topup_due\":%s}",
                   n ? "," : "", (long long)db_col_int(st, 0), (long long)db_col_int(st, 1), db_col_text(st, 2),
                   (long long)bal, (long long)first, (long long)db_col_int(st, 5),
                   funds_topup_due(bal, first) ? "true" : "false");
        n++;
    }
    if (!db_done(st))
        return false;
    buf_puts(b, "],\"charges\":[");
    st = db_query(r->db,
                  "SELECT c.id, l.id, l.name, c.area, c.due, c.paid FROM levy_charge c JOIN levy l ON l.id = c.levy_id "
                  "WHERE c.household_id = ? ORDER BY c.id",
                  DB_I(hid));
    for (int i = 0; db_step(st) == DB_ROW; i++)
        buf_printf(b, "%s{\"charge_id\":%lld,\"levy_id\":%lld,\"levy\":%j,\"area\":%lld,\"due\":%lld,\"paid\":%lld,"
                      "\"outstanding\":%lld}",
                   i ? "," : "", (long long)db_col_int(st, 0), (long long)db_col_int(st, 1), db_col_text(st, 2),
                   (long long)db_col_int(st, 3), (long long)db_col_int(st, 4), (long long)db_col_int(st, 5),
                   (long long)(db_col_int(st, 4) - db_col_int(st, 5)));
    if (!db_done(st))
        return false;
    buf_puts(b, "],\"receipts\":[");
    st = db_query(r->db,
                  "SELECT p.receipt_no, p.amount, p.method, p.paid_at FROM levy_payment p "
                  "JOIN levy_charge c ON c.id = p.charge_id WHERE c.household_id = ? ORDER BY p.id",
                  DB_I(hid));
    for (int i = 0; db_step(st) == DB_ROW; i++) {
        char at[26];
        clock_format_iso(db_col_int(st, 3), at);
        buf_printf(b, "%s{\"receipt_no\":%j,\"amount\":%lld,\"method\":%j,\"paid_at\":%j}", i ? "," : "",
                   db_col_text(st, 0), (long long)db_col_int(st, 1), db_col_text(st, 2), at);
    }
    if (!db_done(st))
        return false;
    /* the latest lines of the first sub-account, newest first: the statement */
    buf_puts(b, "],\"lines\":[");
    if (n > 0) {
        st = db_query(r->db,
                      "SELECT e.id, e.posted_at, e.memo, e.reference, l.debit, l.credit FROM journal_line l "
                      "JOIN journal_entry e ON e.id = l.entry_id WHERE l.account_id = ? ORDER BY l.entry_id DESC LIMIT 50",
                      DB_I(accts[0]));
        for (int i = 0; db_step(st) == DB_ROW; i++) {
            char at[26];
            clock_format_iso(db_col_int(st, 1), at);
            /* a sub-account is owed to the household: a credit raises it */
            buf_printf(b, "%s{\"entry_id\":%lld,\"posted_at\":%j,\"memo\":%j,\"reference\":%j,\"amount\":%lld}",
                       i ? "," : "", (long long)db_col_int(st, 0), at, db_col_text(st, 2), db_col_text(st, 3),
                       (long long)(db_col_int(st, 5) - db_col_int(st, 4)));
        }
        if (!db_done(st))
            return false;
    }
    buf_puts(b, "]}");
    return true;
}

void api_household_funds(Req *r)
{
    int64_t id;
    NodeInfo n;
    if (!req_param_id_or_reply(r, "id", &id))
        return;
    if (!grid_node_load(r, id, &n) || n.kind != NODE_HOUSEHOLD) {
        reply_error(r, 404, "not_found", NULL, "找不到这一户", "No such household");
        return;
    }
    /* the household itself (its register right) or the fund's bookkeepers */
    Ctx c = site_ctx(r);
    FundsErr e;
    if (!funds_may_see_household(&c, n.path, n.path, &e)) {
        funds_err_reply(r, &e);
        return;
    }
    resp_json(r);
    if (!funds_household_json(r, id, &r->out))
        funds_db_error_reply(r);
}

/* ---- the ledger -------------------------------------------------------------------- */

static bool entry_json(Req *r, Buf *b, int64_t id)
{
    DbStmt *st = db_query(r->db,
                          "SELECT id, fund_id, posted_at, amount, memo, reference, source_entity, source_id, "
                          "COALESCE(reverses_id, 0), is_interest FROM journal_entry WHERE id = ?",
                          DB_I(id));
    if (db_step(st) == DB_ROW) {
        char at[26];
        clock_format_iso(db_col_int(st, 2), at);
        buf_printf(b,
                   "{\"id\":%lld,\"fund_id\":%lld,\"posted_at\":%j,\"amount\":%lld,\"memo\":%j,\"reference\":%j,"
                   "\"source\":%j,\"source_id\":%lld,\"reverses_id\":%lld,\"interest\":%s,\"lines\":[",
                   (long long)db_col_int(st, 0), (long long)db_col_int(st, 1), at, (long long)db_col_int(st, 3),
                   db_col_text(st, 4), db_col_text(st, 5), db_col_text(st, 6), (long long)db_col_int(st, 7),
                   (long long)db_col_int(st, 8), db_col_int(st, 9) ? "true" : "false");
    }
    if (!db_done(st))
        return false;
    st = db_query(r->db,
                  "SELECT a.id, a.code, a.name, l.debit, l.credit FROM journal_line l JOIN fund_account a ON a.id = l.account_id "
                  "WHERE l.entry_id = ? ORDER BY l.id",
                  DB_I(id));
    for (int i = 0; db_step(st) == DB_ROW; i++)
        buf_printf(b, "%s{\"account_id\":%lld,\"code\":%j,\"name\":%j,\"debit\":%lld,\"credit\":%lld}", i ? "," : "",
                   (long long)db_col_int(st, 0), db_col_text(st, 1), db_col_text(st, 2), (long long)db_col_int(st, 3),
                   (long long)db_col_int(st, 4));
    if (!db_done(st))
        return false;
    buf_puts(b, "]}");
    return true;
}

void api_ledger_entries(Req *r)
{
    int64_t fid, page, per_page, after, total = 0;
    Fund f;
    if (!req_query_id_or_reply(r, "fund", &fid) || !funds_fund_allowed_or_reply(r, fid, PERM_FUNDS_READ, &f) ||
        !req_keyset_or_reply(r, &page, &per_page, &after))
        return;
    if (!db_int(r->db, &total, FUNDS_ENTRY_COUNT, DB_I(fid), DB_I(REQ_COUNT_CAP + 1))) {
        funds_db_error_reply(r);
        return;
    }
    /* keyset: a page starts below the last id of the one before (list_sql.h) */
    int64_t below = after ? after : INT64_MAX, off = after ? 0 : (page - 1) * per_page;
    int64_t ids[201];
    int n = 0;
    DbStmt *st = db_query(r->db, FUNDS_ENTRY_IDS, DB_I(fid), DB_I(below), DB_I(per_page + 1), DB_I(off));
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
        if (!entry_json(r, &r->out, ids[i])) {
            funds_db_error_reply(r);
            return;
        }
    }
    bool capped = total > REQ_COUNT_CAP;
    resp_list_tail(&r->out, page, per_page, capped ? REQ_COUNT_CAP : total, capped, more && n ? ids[n - 1] : 0);
    buf_putc(&r->out, '}');
}

static const JsonField post_spec[] = {
    {"fund_id", JF_INT, JF_REQUIRED, 1, INT64_MAX},
    {"memo", JF_STRING, JF_REQUIRED, 0, 300},
    {"reference", JF_STRING, JF_EMPTY_OK, 0, 60},
    {"interest", JF_BOOL, 0, 0, 0},
    {NULL, 0, 0, 0, 0},
};
static const JsonField line_spec[] = {
    {"account_code", JF_STRING, JF_REQUIRED, 0, 20},
    {"debit", JF_INT, 0, 0, INT64_C(1000000000000000)},
    {"credit", JF_INT, 0, 0, INT64_C(1000000000000000)},
    {NULL, 0, 0, 0, 0},
};

void api_ledger_post(Req *r)
{
    json_t *body = req_json_object_or_reply(r);
    if (!body)
        return;
    json_t *lines_json = json_incref(json_object_get(body, "lines"));
    json_t *head = json_copy(body);
    json_object_del(head, "lines");
    JsonValue v[4];
    bool ok = json_fields_or_reply(r, head, post_spec, v);
    json_decref(head);
    Fund f;
    if (!ok || !funds_fund_ref_or_reply(r, v[0].i, PERM_FUNDS_MANAGE, &f)) {
        json_decref(lines_json);
        return;
    }
    if (!lines_json || !json_is_array(lines_json) || json_array_size(lines_json) < 2 ||
        json_array_size(lines_json) > 200) {
        json_decref(lines_json);
        reply_error(r, 400, lines_json ? "bad_value" : "missing_field", "lines", "分录至少需要两行（最多200行）",
                    "An entry needs between 2 and 200 lines");
        return;
    }
    int n = (int)json_array_size(lines_json);
    LedgerLine *lines = arena_alloc(r->arena, sizeof *lines * (size_t)n);
    for (int i = 0; i < n; i++) {
        json_t *item = json_array_get(lines_json, (size_t)i);
        JsonValue lv[3];
        if (!json_is_object(item)) {
            json_decref(lines_json);
            reply_error(r, 400, "bad_type", "lines", "分录行应为对象", "Each line must be an object");
            return;
        }
        if (!json_fields_or_reply(r, item, line_spec, lv)) {
            json_decref(lines_json);
            return;
        }
        int64_t acct = funds_account_by_code(r->db, f.id, lv[0].s);
        if (!acct) {
            json_decref(lines_json);
            reply_error(r, 400, "bad_value", "account_code", "这个资金账户没有这个科目", "No such account in this fund");
            return;
        }
        lines[i] = (LedgerLine){acct, lv[1].present ? lv[1].i : 0, lv[2].present ? lv[2].i : 0};
    }
    json_decref(lines_json);
    if (!ledger_balanced(lines, n, NULL)) {
        reply_error(r, 400, "unbalanced", "lines", "借方合计必须等于贷方合计，且每行只能有借或贷一方",
                    "Debits must equal credits, each line either a debit or a credit");
        return;
    }
    LedgerPost p = {.fund_id = f.id, .actor_id = funds_actor(r), .memo = v[1].s,
                    .reference = v[2].present ? v[2].s : "", .source_entity = "manual", .is_interest = v[3].present && v[3].b, .lines = lines, .n_lines = n};
    LedgerError why = LEDGER_ERR_NONE;
    char err[160];
    int64_t id = ledger_post(r->db, &p, &why, err, sizeof err);
    if (!id) {
        FundsErr e;
        funds_err_ledger(&e, r->db, why);
        funds_err_reply(r, &e);
        return;
    }
    r->status = 201;
    resp_json(r);
    if (!entry_json(r, &r->out, id))
        funds_db_error_reply(r);
}

static const JsonField reverse_spec[] = {{"memo", JF_STRING, JF_REQUIRED, 0, 300}, {NULL, 0, 0, 0, 0}};

void api_ledger_reverse(Req *r)
{
    int64_t id, fund = 0;
    Fund f;
    if (!req_param_id_or_reply(r, "id", &id))
        return;
    if (!db_int(r->db, &fund, "SELECT fund_id FROM journal_entry WHERE id = ?", DB_I(id))) {
        reply_error(r, 404, "not_found", NULL, "找不到这笔分录", "No such entry");
        return;
    }
    if (!funds_fund_allowed_or_reply(r, fund, PERM_FUNDS_MANAGE, &f))
        return;
    JsonValue v[1];
    if (!funds_json_fields_or_reply(r, reverse_spec, v))
        return;
    LedgerError why = LEDGER_ERR_NONE;
    char err[160];
    int64_t rid = ledger_reverse(r->db, id, funds_actor(r), v[0].s, &why, err, sizeof err);
    if (!rid) {
        FundsErr e;
        funds_err_ledger(&e, r->db, why);
        funds_err_reply(r, &e);
        return;
    }
    r->status = 201;
    resp_json(r);
    if (!entry_json(r, &r->out, rid))
        funds_db_error_reply(r);
}

void api_ledger_check(Req *r)
{
    LedgerCheck c;
    if (!ledger_check(r->db, &c)) {
        funds_db_error_reply(r);
        return;
    }
    resp_json(r);
    buf_printf(&r->out,
               "{\"ok\":%s,\"entries\":%lld,\"lines\":%lld,\"unbalanced\":%lld,\"balance_mismatch\":%lld,"
               "\"first_bad_entry\":%lld,\"first_bad_account\":%lld,\"total_mismatch\":%lld,\"first_bad_fund\":%lld}",
               c.unbalanced == 0 && c.balance_mismatch == 0 && c.total_mismatch == 0 ? "true" : "false",
               (long long)c.entries, (long long)c.lines, (long long)c.unbalanced, (long long)c.balance_mismatch,
               (long long)c.first_bad_entry, (long long)c.first_bad_account, (long long)c.total_mismatch,
               (long long)c.first_bad_fund);
}

void api_account_balance(Req *r)
{
    int64_t id, fund = 0, household = 0;
    if (!req_param_id_or_reply(r, "id", &id))
        return;
    DbStmt *st = db_query(r->db, "SELECT fund_id, COALESCE(household_id, 0) FROM fund_account WHERE id = ?", DB_I(id));
    if (db_step(st) == DB_ROW) {
        fund = db_col_int(st, 0);
        household = db_col_int(st, 1);
    }
    if (!db_done(st)) {
        funds_db_error_reply(r);
        return;
    }
    Fund f;
    if (!fund) {
        reply_error(r, 404, "not_found", NULL, "找不到这个科目", "No such account");
        return;
    }
    NodeInfo h;
    if (!funds_fund_load(r, fund, &f) || (household && !grid_node_load(r, household, &h))) {
        reply_not_found(r);
        return;
    }
    /* a household's sub-account: that household (its register right) or the fund's readers */
    Ctx c = site_ctx(r);
    FundsErr e;
    if (household) {
        if (!funds_may_see_household(&c, h.path, f.node_path, &e)) {
            funds_err_reply(r, &e);
            return;
        }
    } else if (!auth_require_or_reply(r, PERM_TREE_READ, f.node_path)) {
        return;
    }
    const char *code = "", *name = "", *type = "";
    int64_t cached = 0;
    st = db_query(r->db, "SELECT code, name, type, balance FROM fund_account WHERE id = ?", DB_I(id));
    if (db_step(st) == DB_ROW) {
        code = arena_strdup(r->arena, db_col_text(st, 0));
        name = arena_strdup(r->arena, db_col_text(st, 1));
        type = arena_strdup(r->arena, db_col_text(st, 2));
        cached = db_col_int(st, 3);
    }
    if (!db_done(st)) {
        funds_db_error_reply(r);
        return;
    }
    resp_json(r);
    buf_printf(&r->out, "{\"id\":%lld,\"fund_id\":%lld,\"code\":%j,\"name\":%j,\"type\":%j,\"balance\":%lld", (long long)id,
               (long long)fund, code, name, type, (long long)natural(type, cached));
    const char *derive = req_query(r, "derive");
    if (derive && strcmp(derive, "1") == 0) {
        int64_t derived = 0;
        if (!db_int(r->db, &derived, "SELECT COALESCE(SUM(debit - credit), 0) FROM journal_line WHERE account_id = ?", DB_I(id))) {
            funds_db_error_reply(r);
            return;
        }
        buf_printf(&r->out, ",\"derived\":%lld,\"matches\":%s", (long long)natural(type, derived),
                   derived == cached ? "true" : "false");
    }
    buf_putc(&r->out, '}');
}

static const JsonField account_spec[] = {
    {"code", JF_STRING, JF_REQUIRED, 0, 20},
    {"name", JF_STRING, JF_REQUIRED, 0, 100},
    {"type", JF_STRING, JF_REQUIRED, 0, 20},
    {NULL, 0, 0, 0, 0},
};

bool funds_account_add_or_reply(Req *r, const Fund *f, const char *code, const char *name, const char *type,
                                int64_t *account_id)
{
    int64_t id = f->id, existing = 0, aid = 0;
    if (!code || !*code || strlen(code) > 20) {
        reply_error(r, 400, "bad_value", "code", "请填写科目编码（最多20个字符）", "A code of at most 20 characters is needed");
        return false;
    }
    if (!name || !*name || strlen(name) > 100) {
        reply_error(r, 400, "missing_field", "name", "请填写科目名称", "The account's name is missing");
        return false;
    }
    /* new accounts are income or expense lines (the bank and the households' sub-accounts come with the fund) */
    if (!type || (strcmp(type, "income") != 0 && strcmp(type, "expense") != 0)) {
        reply_error(r, 400, "bad_value", "type", "新科目只能是收入（income）或支出（expense）",
                    "A new account is income or expense");
        return false;
    }
    const char *c = code;
    bool code_ok = *c != 'H';
    for (; *c; c++)
        code_ok = code_ok && ((*c >= '0' && *c <= '9') || (*c >= 'A' && *c <= 'Z') || *c == '.' || *c == '-');
    if (!code_ok) {
        reply_error(r, 400, "bad_value", "code", "科目编码只能用数字、大写字母、点和横线，且不以 H 开头",
                    "A code is digits, capital letters, dots and dashes, not starting with H");
        return false;
    }
    if (db_int(r->db, &existing, "SELECT id FROM fund_account WHERE fund_id = ? AND code = ?", DB_I(id), DB_T(code))) {
        reply_error(r, 409, "conflict", "code", "这个科目编码已经存在", "This account code exists already");
        return false;
    }
    Buf a = BUF_INIT;
    buf_printf(&a, "{\"fund\":%lld,\"code\":%j,\"name\":%j,\"type\":%j}", (long long)id, code, name, type);
    bool ok = db_int(r->db, &aid,
                     "INSERT INTO fund_account (fund_id, code, name, type, created_at) VALUES (?, ?, ?, ?, ?) RETURNING id",
                     DB_I(id), DB_T(code), DB_T(name), DB_T(type), DB_I(clock_now())) &&
              audit_append(r->db, funds_actor(r), "fund_account", aid, "create", NULL, buf_str(&a));
    buf_free(&a);
    if (!ok) {
        funds_db_error_reply(r);
        return false;
    }
    *account_id = aid;
    return true;
}

void api_fund_account_create(Req *r)
{
    int64_t id, aid = 0;
    Fund f;
    JsonValue v[3];
    if (!req_param_id_or_reply(r, "id", &id) || !funds_fund_allowed_or_reply(r, id, PERM_FUNDS_MANAGE, &f) ||
        !funds_json_fields_or_reply(r, account_spec, v))
        return;
    if (!funds_account_add_or_reply(r, &f, v[0].s, v[1].s, v[2].s, &aid))
        return;
    r->status = 201;
    resp_json(r);
    buf_printf(&r->out, "{\"id\":%lld,\"fund_id\":%lld,\"code\":%j,\"name\":%j,\"type\":%j,\"balance\":0}", (long long)aid,
               (long long)id, v[0].s, v[1].s, v[2].s);
}
