/* pages.c: the funds' pages: every fund of a compound with its public
 * figures, a fund's accounts, levies, income and payments, a payment with
 * its three signatures and the buttons to sign or disburse, the request
 * form, and a household's own sub-account. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "site/site.h"
#include "core/clock.h"
#include "auth/read.h"
#include "funds/web_int.h"
#include "grid/grid.h"
#include "grid/web.h"
#include "site/page.h"
#include "vote/vote.h"
#include "funds/web_charts.h"

static const char *status_label(Req *r, const char *s)
{
    if (strcmp(s, "pending") == 0) return L(r, "待签字", "Awaiting signatures");
    if (strcmp(s, "approved") == 0) return L(r, "三方已签，待支付", "Approved, to be paid");
    if (strcmp(s, "disbursed") == 0) return L(r, "已支付并公示", "Paid and published");
    return L(r, "已驳回", "Rejected");
}

static const char *role_label(Req *r, const char *role)
{
    if (strcmp(role, "supervisor") == 0) return L(r, "监理", "Supervisor");
    if (strcmp(role, "finance") == 0) return L(r, "社区财务", "Finance officer");
    return L(r, "院委会代表", "Committee");
}

/* Amounts for residents: yuan with thousands separators. */
static const char *yuan(Req *r, int64_t fen)
{
    char out[FUNDS_YUAN_MAX];
    return arena_strdup(r->arena, funds_yuan_text(fen, out));
}

static void fe_reply(Req *r, const FundsErr *e)
{
    funds_err_reply(r, e);
}

static int fund_cmp(const void *a, const void *b)
{
    const Fund *x = a, *y = b;
    int k = strcmp(x->node_path, y->node_path);
    return k ? k : (x->id > y->id) - (x->id < y->id);
}

void page_funds(Req *r)
{
    page_begin(r, L(r, "资金公开", "Funds"));
    buf_printf(&r->out, "<h1>%s</h1>\n<p>%s</p>\n", L(r, "资金公开", "Funds, open to all"),
               L(r, "每一笔收入和支出都记在复式账上，付款须监理、社区财务、院委会代表三方签字并公示。",
                 "Every yuan in and out is in the double-entry ledger; every payment needs three signatures and is published."));
    for (int i = 0; r->who && i < r->who->n_grants; i++)
        if (r->who->grants[i].role == ROLE_RESIDENT)
            buf_printf(&r->out, "<p><a class=\"button\" href=\"/households/%lld/funds\">%s</a></p>\n",
                       (long long)r->who->grants[i].node_id, L(r, "我家的维修资金", "Our maintenance fund"));
    int64_t *ids = NULL;
    int n = 0, cap = 0;
    DbStmt *st = db_query(r->db, "SELECT id FROM fund ORDER BY id");
    while (db_step(st) == DB_ROW) {
        ids = funds_grow(r->arena, ids, n, &cap, 64, sizeof *ids);
        ids[n++] = db_col_int(st, 0);
    }
    if (!db_done(st)) {
        funds_db_error_reply(r);
        return;
    }
    /* each with its compound's path (the grid's), then in the tree's order */
    Fund *funds = n ? arena_alloc(r->arena, sizeof *funds * (size_t)n) : NULL;
    int m = 0;
    Ctx c = site_ctx(r);
    for (int i = 0; i < n; i++) {
        FundsErr e;
        if (funds_fund_get(&c, ids[i], &funds[m], &e))
            m++;
        else if (funds_err_status(e.msg) != 404) {
            fe_reply(r, &e);
            return;
        }
    }
    if (m > 1)
        qsort(funds, (size_t)m, sizeof *funds, fund_cmp);
    buf_printf(&r->out, "<div class=\"table-wrap\"><table tabindex=\"0\">\n<tr><th>%s</th><th>%s</th><th class=\"num\">%s</th></tr>\n",
               L(r, "院落", "Compound"), L(r, "资金账户", "Fund"), L(r, "银行余额（元）", "Bank balance (yuan)"));
    int shown = 0;
    for (int i = 0; i < m; i++) {
        const Fund f = funds[i];
        if (!perm_allows(r->who, PERM_TREE_READ, f.node_path))
            continue;
        int64_t bal = 0;
        /* a row even for a fund without a bank account: false is a storage failure */
        if (!db_int(r->db, &bal, "SELECT COALESCE((SELECT balance FROM fund_account WHERE fund_id = ? AND code = '1001'), 0)",
                    DB_I(f.id))) {
            funds_db_error_reply(r);
            return;
        }
        buf_printf(&r->out, "<tr><td>%h</td><td><a href=\"/funds/%lld\">%h</a></td><td class=\"num\">%h</td></tr>\n",
                   f.node_name, (long long)f.id, funds_kind_label(r, f.kind), yuan(r, bal));
        shown++;
    }
    buf_puts(&r->out, "</table></div>\n");
    if (!shown)
        buf_printf(&r->out, "<p>%s</p>\n", L(r, "您可以看到的院落还没有资金账户。", "No funds in the compounds you can see."));
    if (!funds_setup_form(r)) {
        funds_db_error_reply(r);
        return;
    }
    page_end(r);
}

/* Each payment with what it was for, who has signed it (the three roles,
 * each once: UNIQUE (payment_id, role) serves the lookups) and its status. */
static bool payments_table(Req *r, const Fund *f)
{
    buf_printf(&r->out,
               "<div class=\"table-wrap\"><table class=\"payments cards\">\n<thead><tr><th>%s</th><th>%s</th><th>%s</th>"
               "<th class=\"num\">%s</th><th>%s</th><th>%s</th></tr></thead><tbody>\n",
               L(r, "编号", "No."), L(r, "收款方", "Payee"), L(r, "用途", "Purpose"), L(r, "金额（元）", "Amount (yuan)"),
               L(r, "已签字", "Signed by"), L(r, "状态", "Status"));
    DbStmt *st = db_query(r->db,
                          "SELECT p.id, p.payee, p.purpose, p.amount, p.status, "
                          "(SELECT COUNT(*) FROM payment_signature s WHERE s.payment_id = p.id AND s.role = 'supervisor' AND s.decision = 'approve'), "
                          "(SELECT COUNT(*) FROM payment_signature s WHERE s.payment_id = p.id AND s.role = 'finance' AND s.decision = 'approve'), "
                          "(SELECT COUNT(*) FROM payment_signature s WHERE s.payment_id = p.id AND s.role = 'committee' AND s.decision = 'approve') "
                          "FROM payment p WHERE p.fund_id = ? ORDER BY p.id DESC",
                          DB_I(f->id));
    static const char *const roles[] = {"supervisor", "finance", "committee"};
    while (db_step(st) == DB_ROW) {
        buf_printf(&r->out,
                   "<tr><td data-label=\"%s\"><a href=\"/payments/%lld\">FK%06lld</a></td><td data-label=\"%s\">%h</td>"
                   "<td data-label=\"%s\">%h</td><td class=\"num\" data-label=\"%s\">%h</td><td data-label=\"%s\" class=\"signed\">",
                   L(r, "编号", "No."), (long long)db_col_int(st, 0), (long long)db_col_int(st, 0), L(r, "收款方", "Payee"),
                   db_col_text(st, 1), L(r, "用途", "Purpose"), db_col_text(st, 2), L(r, "金额（元）", "Amount (yuan)"),
                   yuan(r, db_col_int(st, 3)), L(r, "已签字", "Signed by"));
        int signed_n = 0;
        for (int k = 0; k < 3; k++)
            if (db_col_int(st, 5 + k))
                buf_printf(&r->out, "%s%s", signed_n++ ? "、" : "", role_label(r, roles[k]));
        if (!signed_n)
            buf_puts(&r->out, L(r, "尚无", "nobody yet"));
        buf_printf(&r->out, "</td><td data-label=\"%s\">%h</td></tr>\n", L(r, "状态", "Status"), status_label(r, db_col_text(st, 4)));
    }
    if (!db_done(st))
        return false;
    buf_puts(&r->out, "</tbody></table></div>\n");
    return true;
}

/* What a resident reads first: money in, money out and what is left, in
 * yuan, from the fund's bank account (so in − out = left, exactly), and
 * each income and expense line by its name: no account codes. */
static bool money_summary(Req *r, const Fund *f)
{
    int64_t in = 0, out = 0, left = 0;
    DbStmt *st = db_query(r->db,
                          "SELECT COALESCE(SUM(l.debit), 0), COALESCE(SUM(l.credit), 0) FROM journal_line l "
                          "JOIN fund_account a ON a.id = l.account_id WHERE a.fund_id = ? AND a.code = '1001' AND a.household_id IS NULL",
                          DB_I(f->id));
    if (db_step(st) == DB_ROW) {
        in = db_col_int(st, 0);
        out = db_col_int(st, 1);
    }
    if (!db_done(st))
        return false;
    left = in - out;
    buf_printf(&r->out,
               "<section class=\"money-summary\" id=\"money-summary\">\n<h2>%s</h2>\n<dl class=\"figures\">"
               "<div><dt>%s</dt><dd class=\"money-in\">%h %s</dd></div>"
               "<div><dt>%s</dt><dd class=\"money-out\">%h %s</dd></div>"
               "<div><dt>%s</dt><dd class=\"money-left\">%h %s</dd></div></dl>\n",
               L(r, "收入 / 支出 / 结余", "In / out / left"), L(r, "收入", "Money in"), yuan(r, in), L(r, "元", "yuan"),
               L(r, "支出", "Money out"), yuan(r, out), L(r, "元", "yuan"), L(r, "结余", "Left"), yuan(r, left), L(r, "元", "yuan"));
    st = db_query(r->db,
                  "SELECT name, type, balance FROM fund_account WHERE fund_id = ? AND household_id IS NULL "
                  "AND type IN ('income', 'expense') AND balance <> 0 ORDER BY type DESC, code",
                  DB_I(f->id));
    bool head = false;
    while (db_step(st) == DB_ROW) {
        if (!head) {
            buf_printf(&r->out,
                       "<div class=\"table-wrap\"><table class=\"money-lines\">\n<thead><tr><th>%s</th><th class=\"num\">%s</th>"
                       "<th class=\"num\">%s</th></tr></thead><tbody>\n",
                       L(r, "项目", "What for"), L(r, "收入（元）", "In (yuan)"), L(r, "支出（元）", "Out (yuan)"));
            head = true;
        }
        bool income = strcmp(db_col_text(st, 1), "income") == 0;
        int64_t amount = income ? -db_col_int(st, 2) : db_col_int(st, 2);
        buf_printf(&r->out, "<tr><td>%h</td><td class=\"num\">%h</td><td class=\"num\">%h</td></tr>\n", db_col_text(st, 0),
                   income ? yuan(r, amount) : "", income ? "" : yuan(r, amount));
    }
    if (!db_done(st))
        return false;
    if (head)
        buf_puts(&r->out, "</tbody></table></div>\n");
    buf_puts(&r->out, "</section>\n");
    return true;
}

void page_fund(Req *r)
{
    int64_t id;
    Fund f;
    if (!req_param_id_or_reply(r, "id", &id) || !funds_fund_allowed_or_reply(r, id, PERM_TREE_READ, &f))
        return;
    Ctx c = site_ctx(r);
    page_begin(r, f.name);
    Buf *b = &r->out;
    buf_printf(b, "<p class=\"breadcrumb\"><a href=\"/funds\">%s</a> › <a href=\"/nodes/%lld\">%h</a></p>\n",
               L(r, "资金公开", "Funds"), (long long)f.node_id, f.node_name);
    buf_printf(b, "<h1>%h <small class=\"kind\">%h</small></h1>\n", f.name, funds_kind_label(r, f.kind));
    if (*f.bank_account) {
        bool full = funds_may_see_bank(&c, f.node_path);
        buf_printf(b, "<p>%s：%h <span class=\"masked bank-account\">%h</span></p>\n", L(r, "开户行", "Bank"), f.bank_name,
                   full ? f.bank_account : funds_mask_account(r->arena, f.bank_account));
    }
    if (!money_summary(r, &f)) {
        funds_db_error_reply(r);
        return;
    }
    /* the accounts by code: the books, for those who keep or audit them */
    bool books = funds_may_see_ledger(&c, f.node_path, NULL);
    if (books)
        buf_printf(b, "<h2>%s</h2>\n<div class=\"table-wrap\"><table class=\"accounts\">\n<tr><th>%s</th><th>%s</th><th class=\"num\">%s</th></tr>\n",
               L(r, "科目余额", "Accounts"), L(r, "科目", "Code"), L(r, "名称", "Name"), L(r, "余额（元）", "Balance (yuan)"));
    DbStmt *st = db_query(r->db,
                          "SELECT code, name, type, balance FROM fund_account WHERE fund_id = ? AND household_id IS NULL "
                          "ORDER BY code",
                          DB_I(id));
    while (db_step(st) == DB_ROW) {
        const char *type = db_col_text(st, 2);
        int64_t bal = db_col_int(st, 3);
        if (strcmp(type, "income") == 0 || strcmp(type, "liability") == 0)
            bal = -bal;
        if (books)
            buf_printf(b, "<tr><td>%h</td><td>%h</td><td class=\"num\">%M</td></tr>\n", db_col_text(st, 0), db_col_text(st, 1),
                       bal);
    }
    if (!db_done(st)) {
        funds_db_error_reply(r);
        return;
    }
    int64_t n_sub = 0, sub_total = 0, topup = 0;
    if (!db_int(r->db, &n_sub, "SELECT COUNT(*) FROM fund_account WHERE fund_id = ? AND household_id IS NOT NULL", DB_I(id))) {
        funds_db_error_reply(r);
        return;
    }
    if (n_sub) {
        if (!db_int(r->db, &sub_total,
                   "SELECT COALESCE(-SUM(balance), 0) FROM fund_account WHERE fund_id = ? AND household_id IS NOT NULL", DB_I(id))) {
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
        if (books)
            buf_printf(b, "<tr><td>H…</td><td>%s（%lld）</td><td class=\"num\">%M</td></tr>\n",
                       L(r, "住户分户账合计", "Household sub-accounts"), (long long)n_sub, sub_total);
        else
            buf_printf(b, "<p id=\"household-deposits\">%s %lld %s %h %s</p>\n", L(r, "住户缴存：", "Households' deposits:"),
                       (long long)n_sub, L(r, "户，合计", "households, in all"), yuan(r, sub_total), L(r, "元", "yuan"));
    }
    if (books)
        buf_puts(b, "</table></div>\n");
    if (n_sub)
        buf_printf(b, "<p>%s%lld%s</p>\n", L(r, "余额低于首次缴存30%、需续筹的户数：", "Households due a top-up (below 30% of their first deposit): "),
                   (long long)topup, L(r, "户", ""));

    /* levies */
    st = db_query(r->db,
                  "SELECT l.id, l.name, COUNT(c.id), COALESCE(SUM(c.due), 0), COALESCE(SUM(c.paid), 0), "
                  "COALESCE(SUM(CASE WHEN c.paid < c.due THEN 1 ELSE 0 END), 0) "
                  "FROM levy l LEFT JOIN levy_charge c ON c.levy_id = l.id WHERE l.fund_id = ? GROUP BY l.id, l.name ORDER BY l.id",
                  DB_I(id));
    bool head = false;
    while (db_step(st) == DB_ROW) {
        if (!head) {
            buf_printf(b, "<h2>%s</h2>\n<div class=\"table-wrap\"><table class=\"levies\">\n<tr><th>%s</th><th class=\"num\">%s</th>"
                          "<th class=\"num\">%s</th><th class=\"num\">%s</th><th class=\"num\">%s</th></tr>\n",
                       L(r, "征收", "Levies"), L(r, "名称", "Name"), L(r, "户数", "Households"), L(r, "应缴（元）", "Due"),
                       L(r, "已缴（元）", "Paid"), L(r, "欠缴户", "In arrears"));
            head = true;
        }
        if (funds_may_see_ledger(&c, f.node_path, NULL))
            buf_printf(b, "<tr><td><a href=\"/levies/%lld\">%h</a></td>", (long long)db_col_int(st, 0), db_col_text(st, 1));
        else
            buf_printf(b, "<tr><td>%h</td>", db_col_text(st, 1));
        buf_printf(b, "<td class=\"num\">%lld</td><td class=\"num\">%h</td><td class=\"num\">%h</td><td class=\"num\">%lld</td></tr>\n",
                   (long long)db_col_int(st, 2), yuan(r, db_col_int(st, 3)), yuan(r, db_col_int(st, 4)), (long long)db_col_int(st, 5));
    }
    if (!db_done(st)) {
        funds_db_error_reply(r);
        return;
    }
    if (head)
        buf_puts(b, "</table></div>\n");

    /* income with its counterparties */
    st = db_query(r->db, "SELECT kind, counterparty, purpose, facility, revenue_share_bp, amount FROM fund_income "
                         "WHERE fund_id = ? ORDER BY id",
                  DB_I(id));
    head = false;
    while (db_step(st) == DB_ROW) {
        if (!head) {
            buf_printf(b, "<h2>%s</h2>\n<div class=\"table-wrap\"><table>\n<tr><th>%s</th><th>%s</th><th class=\"num\">%s</th></tr>\n",
                       L(r, "收入来源", "Income"), L(r, "来源", "From"), L(r, "说明", "What"), L(r, "金额（元）", "Amount"));
            head = true;
        }
        buf_printf(b, "<tr><td>%h</td><td>%h", db_col_text(st, 1), db_col_text(st, 2));
        if (db_col_int(st, 4))
            buf_printf(b, "（%h，%s %lld.%02lld%%）", db_col_text(st, 3), L(r, "收益分成", "revenue share"),
                       (long long)(db_col_int(st, 4) / 100), (long long)(db_col_int(st, 4) % 100));
        buf_printf(b, "</td><td class=\"num\">%h</td></tr>\n", yuan(r, db_col_int(st, 5)));
    }
    if (!db_done(st)) {
        funds_db_error_reply(r);
        return;
    }
    if (head)
        buf_puts(b, "</table></div>\n");

    buf_printf(b, "<h2>%s</h2>\n", L(r, "付款（三方签字）", "Payments (three signatures)"));
    if (funds_may_request(&c, f.node_path, NULL))
        buf_printf(b, "<p><a class=\"button\" href=\"/funds/%lld/payments/new\">%s</a></p>\n", (long long)id,
                   L(r, "申请付款", "Request a payment"));
    if (!payments_table(r, &f)) {
        funds_db_error_reply(r);
        return;
    }

    if (funds_may_see_ledger(&c, f.node_path, NULL))
        buf_printf(b, "<p><a href=\"/funds/%lld/ledger\">%s</a></p>\n", (long long)id, L(r, "查看分录", "Journal entries"));
    funds_manage_links(r, &f);
    char local[20], year[8];
    clock_format_local(clock_now(), local);
    snprintf(year, sizeof year, "%.4s", local);
    buf_printf(b, "<h2>%s</h2>\n<p><a href=\"/funds/%lld/disclosure?year=%s\">%s</a> · "
                  "<a href=\"/api/funds/%lld/disclosure?year=%s&amp;format=xlsx\">Excel</a> · "
                  "<a href=\"/api/funds/%lld/disclosure?year=%s&amp;format=csv\">CSV</a> · "
                  "<a href=\"/funds/%lld/statement\">%s</a></p>\n",
               L(r, "年度公开与报表", "Annual disclosure"), (long long)id, year, L(r, "年度公开", "Annual disclosure"),
               (long long)id, year, (long long)id, year, (long long)id, L(r, "月度收支表", "Monthly statement"));
    funds_charts_section(r, &f);
    page_end(r);
}

/* The payment named by the path: its brief and its fund; a page's 404 when absent. */
static bool payment_brief_or_reply(Req *r, const Ctx *c, int64_t *id, PaymentBrief *p, Fund *f)
{
    FundsErr e;
    if (!req_param_id_or_reply(r, "id", id))
        return false;
    if (!funds_payment_brief(c, *id, p, &e)) {
        if (funds_err_status(e.msg) == 404)
            reply_not_found(r);
        else
            fe_reply(r, &e);
        return false;
    }
    if (!funds_fund_load(r, p->fund_id, f)) {
        reply_not_found(r);
        return false;
    }
    return true;
}

void page_payment(Req *r)
{
    int64_t id;
    Fund f;
    PaymentBrief p;
    Ctx c = site_ctx(r);
    if (!payment_brief_or_reply(r, &c, &id, &p, &f) || !auth_require_or_reply(r, PERM_TREE_READ, f.node_path))
        return;
    const char *payee = "", *purpose = "", *status = "", *category = "", *project = "", *basis = "[]", *reason = "",
               *requester = "";
    int64_t amount = 0, notice = 0, workorder = 0, vote = 0, requester_id = 0;
    DbStmt *st = db_query(r->db,
                          "SELECT p.payee, p.purpose, p.status, p.category, p.project, p.basis, p.reject_reason, p.amount, "
                          "COALESCE(p.notice_id, 0), p.requester_id, COALESCE(p.workorder_id, 0), COALESCE(p.vote_id, 0) "
                          "FROM payment p WHERE p.id = ?",
                          DB_I(id));
    if (db_step(st) == DB_ROW) {
        payee = arena_strdup(r->arena, db_col_text(st, 0));
        purpose = arena_strdup(r->arena, db_col_text(st, 1));
        status = arena_strdup(r->arena, db_col_text(st, 2));
        category = arena_strdup(r->arena, db_col_text(st, 3));
        project = arena_strdup(r->arena, db_col_text(st, 4));
        basis = arena_strdup(r->arena, db_col_text(st, 5));
        reason = arena_strdup(r->arena, db_col_text(st, 6));
        amount = db_col_int(st, 7);
        notice = db_col_int(st, 8);
        requester_id = db_col_int(st, 9);
        workorder = db_col_int(st, 10);
        vote = db_col_int(st, 11);
    }
    if (!db_done(st) || auth_user_display_name(&c, requester_id, &requester) != AUTH_OK) {
        funds_db_error_reply(r);
        return;
    }
    char title[40];
    snprintf(title, sizeof title, "FK%06lld", (long long)id);
    page_begin(r, title);
    Buf *b = &r->out;
    buf_printf(b, "<p class=\"breadcrumb\"><a href=\"/funds/%lld\">%h</a></p>\n", (long long)f.id, f.name);
    buf_printf(b, "<h1>%s %s</h1>\n<p class=\"status\" data-status=\"%h\"><strong>%h</strong></p>\n",
               L(r, "付款申请", "Payment request"), title, status, status_label(r, status));
    buf_printf(b, "<table class=\"facts\">\n<tr><th>%s</th><td>%h</td></tr>\n<tr><th>%s</th><td class=\"amount\">%h %s</td></tr>\n"
                  "<tr><th>%s</th><td>%h</td></tr>\n<tr><th>%s</th><td>%h</td></tr>\n<tr><th>%s</th><td>%h</td></tr>\n"
                  "<tr><th>%s</th><td>%h</td></tr>\n",
               L(r, "收款方", "Payee"), payee, L(r, "金额", "Amount"), yuan(r, amount), L(r, "元", "yuan"), L(r, "用途", "Purpose"),
               purpose, L(r, "类别", "Category"), funds_category_label_zh(category), L(r, "所属项目", "Project"), project,
               L(r, "申请人", "Requested by"), requester);
    if (workorder)
        buf_printf(b, "<tr><th>%s</th><td><a href=\"/workorders/%lld\">#%lld</a></td></tr>\n", L(r, "关联工单", "Work order"),
                   (long long)workorder, (long long)workorder);
    if (vote)
        buf_printf(b, "<tr><th>%s</th><td><a href=\"/votes/%lld\">#%lld</a></td></tr>\n", L(r, "业主表决", "Owners' vote"),
                   (long long)vote, (long long)vote);
    buf_printf(b, "<tr><th>%s</th><td><ul>", L(r, "依据文件", "Basis documents"));
    json_error_t jerr;
    json_t *docs = json_loads(basis, 0, &jerr);
    size_t k;
    json_t *doc;
    if (json_is_array(docs))
        json_array_foreach(docs, k, doc) if (json_is_string(doc)) buf_printf(b, "<li>%h</li>", json_string_value(doc));
    json_decref(docs);
    buf_puts(b, "</ul></td></tr>\n</table>\n");
    if (*reason)
        buf_printf(b, "<p class=\"warning\">%s：%h</p>\n", L(r, "驳回理由", "Rejected because"), reason);

    /* the documents themselves */
    buf_printf(b, "<h2 id=\"documents\">%s</h2>\n<ul class=\"documents\">\n", L(r, "依据文件（原件）", "Basis documents (files)"));
    int n_files = 0;
    st = db_query(r->db, "SELECT id, kind, filename, mime, size FROM payment_doc WHERE payment_id = ? ORDER BY id", DB_I(id));
    for (; db_step(st) == DB_ROW; n_files++)
        buf_printf(b, "<li><a class=\"document\" href=\"/payments/%lld/documents/%lld\">%h：%h</a> <small>%h，%lld KB</small></li>\n",
                   (long long)id, (long long)db_col_int(st, 0), funds_doc_kind_label_zh(db_col_text(st, 1)),
                   db_col_text(st, 2), db_col_text(st, 3), (long long)((db_col_int(st, 4) + 1023) / 1024));
    if (!db_done(st)) {
        funds_db_error_reply(r);
        return;
    }
    if (!n_files)
        buf_printf(b, "<li>%s</li>\n", L(r, "尚未上传依据文件", "No files uploaded yet"));
    buf_puts(b, "</ul>\n");
    if (strcmp(status, "pending") == 0 || strcmp(status, "approved") == 0) {
        if (funds_may_add_docs(&c, &p, NULL)) {
            buf_printf(b, "<form method=\"post\" action=\"/payments/%lld/documents\" enctype=\"multipart/form-data\" class=\"doc-form\">",
                       (long long)id);
            page_csrf_field(r);
            buf_printf(b, "<label for=\"doc-kind\">%s</label><select id=\"doc-kind\" name=\"kind\">"
                          "<option value=\"contract\">合同</option><option value=\"acceptance\">验收记录</option>"
                          "<option value=\"invoice\">发票</option><option value=\"other\">其他依据</option></select>"
                          "<label for=\"doc-file\">%s</label><input type=\"file\" id=\"doc-file\" name=\"file\" "
                          "accept=\"application/pdf,image/jpeg,image/png\" required>"
                          "<button type=\"submit\" class=\"secondary\">%s</button></form>\n",
                       L(r, "文件类别", "Kind"), L(r, "文件（PDF、JPEG 或 PNG）", "File (PDF, JPEG or PNG)"),
                       L(r, "上传依据文件", "Upload"));
        }
    }

    buf_printf(b, "<h2>%s</h2>\n<table class=\"signatures\">\n", L(r, "三方签字", "Three signatures"));
    static const char *const roles[] = {"supervisor", "finance", "committee"};
    for (int i = 0; i < 3; i++) {
        st = db_query(r->db, "SELECT user_id, decision, at FROM payment_signature WHERE payment_id = ? AND role = ?",
                      DB_I(id), DB_T(roles[i]));
        int64_t signer = 0, at_time = 0;
        bool ok = false;
        if (db_step(st) == DB_ROW) {
            signer = db_col_int(st, 0);
            ok = strcmp(db_col_text(st, 1), "approve") == 0;
            at_time = db_col_int(st, 2);
        }
        if (!db_done(st)) {
            funds_db_error_reply(r);
            return;
        }
        buf_printf(b, "<tr data-role=\"%s\"><th>%s</th>", roles[i], role_label(r, roles[i]));
        if (signer) {
            char at[20];
            clock_format_local(at_time, at);
            const char *name;
            if (auth_user_display_name(&c, signer, &name) != AUTH_OK) {
                funds_db_error_reply(r);
                return;
            }
            buf_printf(b, "<td class=\"%s\">%s %h（%s）</td>", ok ? "signed" : "rejected", ok ? "✔" : "✘", name, at);
        } else {
            buf_printf(b, "<td class=\"waiting\">%s</td>", L(r, "待签", "waiting"));
        }
        buf_puts(b, "</tr>\n");
    }
    buf_puts(b, "</table>\n");

    if (strcmp(status, "pending") == 0 && funds_may_sign(&c, &p, NULL)) {
        buf_printf(b, "<form method=\"post\" action=\"/payments/%lld/approve\">", (long long)id);
        page_csrf_field(r);
        buf_printf(b, "<button type=\"submit\" name=\"do\" value=\"approve\">%s</button></form>\n",
                   L(r, "同意并签字", "Approve and sign"));
        buf_printf(b, "<form method=\"post\" action=\"/payments/%lld/reject\">", (long long)id);
        page_csrf_field(r);
        buf_printf(b, "<label for=\"reason\">%s</label><input type=\"text\" id=\"reason\" name=\"reason\" required>"
                      "<button type=\"submit\" class=\"secondary\">%s</button></form>\n",
                   L(r, "驳回理由", "Reason for rejecting"), L(r, "驳回", "Reject"));
    }
    if (strcmp(status, "approved") == 0 && funds_may_disburse(&c, &p, NULL)) {
        buf_printf(b, "<form method=\"post\" action=\"/payments/%lld/disburse\">", (long long)id);
        page_csrf_field(r);
        buf_printf(b, "<button type=\"submit\">%s</button></form>\n", L(r, "支付并公示", "Pay and publish"));
    }
    if (notice)
        buf_printf(b, "<p class=\"notice\">%s <a class=\"notice-link\" href=\"/notices/%lld\">#%lld</a></p>\n",
                   L(r, "已自动发布付款公示：", "Published as public notice"), (long long)notice, (long long)notice);
    page_end(r);
}

void page_payment_new(Req *r)
{
    int64_t id;
    Fund f;
    if (!req_param_id_or_reply(r, "id", &id) || !funds_fund_allowed_or_reply(r, id, PERM_PAYMENT_REQUEST, &f))
        return;
    page_begin(r, L(r, "申请付款", "Request a payment"));
    Buf *b = &r->out;
    buf_printf(b, "<p class=\"breadcrumb\"><a href=\"/funds/%lld\">%h</a></p>\n<h1>%s</h1>\n", (long long)id, f.name,
               L(r, "申请付款", "Request a payment"));
    buf_printf(b, "<form method=\"post\" action=\"/funds/%lld/payments\" class=\"payment-form\" enctype=\"multipart/form-data\">",
               (long long)id);
    page_csrf_field(r);
    buf_printf(b,
               "<label for=\"payee\">%s</label><input type=\"text\" id=\"payee\" name=\"payee\" required maxlength=\"100\">"
               "<label for=\"payee_account\">%s</label><input type=\"text\" id=\"payee_account\" name=\"payee_account\" maxlength=\"40\">"
               "<label for=\"amount\">%s</label><input type=\"text\" id=\"amount\" name=\"amount\" inputmode=\"decimal\" required>"
               "<label for=\"purpose\">%s</label><input type=\"text\" id=\"purpose\" name=\"purpose\" required maxlength=\"300\">"
               "<label for=\"category\">%s</label><select id=\"category\" name=\"category\">",
               L(r, "收款方", "Payee"), L(r, "收款账号", "Payee's bank account"), L(r, "金额（元）", "Amount (yuan)"),
               L(r, "用途", "Purpose"), L(r, "类别", "Category"));
    static const char *const cats[] = {"works", "repair", "service", "fee", "other", "lift_failure", "fire_equipment",
                                       "roof_wall_leak", "burst_drain", "facade_risk"};
    for (size_t i = 0; i < sizeof cats / sizeof cats[0]; i++)
        buf_printf(b, "<option value=\"%s\">%h</option>", cats[i], funds_category_label_zh(cats[i]));
    buf_printf(b,
               "</select><label for=\"project\">%s</label><input type=\"text\" id=\"project\" name=\"project\" maxlength=\"100\">"
               "<label for=\"basis\">%s</label><textarea id=\"basis\" name=\"basis\"></textarea>",
               L(r, "所属项目或工单", "Project or work order"),
               L(r, "依据文件（合同、验收记录、发票，每行一个）", "Basis documents (contract, acceptance, invoice; one a line)"));
    if (strcmp(f.kind, "maintenance") == 0)
        buf_printf(b, "<label for=\"vote_id\">%s</label><input type=\"number\" id=\"vote_id\" name=\"vote_id\" min=\"1\">",
                   L(r, "业主表决编号（应急抢修可不填）", "Owners' vote id (not needed for emergencies)"));
    buf_printf(b, "<fieldset><legend>%s</legend>"
                  "<label for=\"file_contract\">合同</label><input type=\"file\" id=\"file_contract\" name=\"file_contract\" accept=\"application/pdf,image/jpeg,image/png\">"
                  "<label for=\"file_acceptance\">验收记录</label><input type=\"file\" id=\"file_acceptance\" name=\"file_acceptance\" accept=\"application/pdf,image/jpeg,image/png\">"
                  "<label for=\"file_invoice\">发票</label><input type=\"file\" id=\"file_invoice\" name=\"file_invoice\" accept=\"application/pdf,image/jpeg,image/png\">"
                  "</fieldset>",
               L(r, "上传依据文件（PDF、JPEG 或 PNG）", "Upload the documents (PDF, JPEG or PNG)"));
    buf_printf(b, "<p><button type=\"submit\">%s</button></p></form>\n", L(r, "提交申请", "Submit"));
    page_end(r);
}

void page_payment_new_post(Req *r)
{
    int64_t id;
    Fund f;
    Ctx c = site_ctx(r);
    if (!req_param_id_or_reply(r, "id", &id) || !funds_fund_allowed_or_reply(r, id, PERM_PAYMENT_REQUEST, &f))
        return;
    const char *payee = req_form(r, "payee"), *purpose = req_form(r, "purpose"), *category = req_form(r, "category");
    int64_t amount = 0, vote = 0;
    if (!payee || !*payee || strlen(payee) > 300) {
        reply_error(r, 400, "missing_field", "payee", "请填写收款方", "The payee is missing");
        return;
    }
    if (!purpose || !*purpose || strlen(purpose) > 900) {
        reply_error(r, 400, "missing_field", "purpose", "请填写用途", "The purpose is missing");
        return;
    }
    if (!funds_parse_money(req_form(r, "amount"), &amount) || amount <= 0) {
        reply_error(r, 400, "bad_value", "amount", "金额应为大于零的元，最多两位小数", "The amount must be positive yuan, at most two decimals");
        return;
    }
    const char *vote_text = req_form(r, "vote_id");
    if (vote_text && *vote_text) {
        char *end;
        vote = strtoll(vote_text, &end, 10);
        if (*end || vote <= 0) {
            reply_error(r, 400, "bad_value", "vote_id", "表决编号无效", "The vote id is not valid");
            return;
        }
        /* as in the API: a vote the requester may not see is one that does not exist */
        if (!vote_may_read(&c, vote)) {
            reply_error(r, 404, "not_found", "vote_id", "找不到这次表决", "No such vote");
            return;
        }
    }
    /* basis documents: one per line */
    const char *basis_text = req_form(r, "basis");
    const char **docs = NULL;
    int n_docs = 0, cap = 0;
    char *copy = arena_strdup(r->arena, basis_text ? basis_text : "");
    for (char *save = NULL, *line = strtok_r(copy, "\r\n", &save); line; line = strtok_r(NULL, "\r\n", &save))
        if (*line) {
            docs = funds_grow(r->arena, docs, n_docs, &cap, 16, sizeof *docs);
            docs[n_docs++] = line;
        }
    PaymentInput in = {f.id, funds_actor(r), amount, 0, vote, payee, req_form(r, "payee_account"), purpose,
                       category ? category : "", req_form(r, "project"), NULL, docs, n_docs};
    int64_t pid;
    FundsErr e;
    if (!funds_payment_create(&c, &in, &pid, &e)) {
        fe_reply(r, &e);
        return;
    }
    /* the files chosen on the form, checked like any upload: one bad file and nothing is kept */
    static const char *const fields[][2] = {{"file_contract", "contract"}, {"file_acceptance", "acceptance"},
                                            {"file_invoice", "invoice"}};
    for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++) {
        const Upload *u = req_upload(r, fields[i][0]);
        if (u && u->len > 0 && !funds_doc_store(&c, pid, fields[i][1], u->filename, u->data, u->len, NULL, &e)) {
            fe_reply(r, &e);
            return;
        }
    }
    resp_redirect(r, arena_printf(r->arena, "/payments/%lld", (long long)pid));
}

void page_payment_action_post(Req *r)
{
    int64_t id;
    Fund f;
    const char *action = req_param(r, "action");
    bool approve = action && strcmp(action, "approve") == 0, reject = action && strcmp(action, "reject") == 0,
         disburse = action && strcmp(action, "disburse") == 0;
    if (!approve && !reject && !disburse) {
        reply_not_found(r);
        return;
    }
    PaymentBrief p;
    FundsErr e;
    Ctx c = site_ctx(r);
    if (!payment_brief_or_reply(r, &c, &id, &p, &f))
        return;
    if (!(disburse ? funds_may_disburse(&c, &p, &e) : funds_may_sign(&c, &p, &e))) {
        fe_reply(r, &e);
        return;
    }
    if (disburse) {
        if (!funds_payment_disburse(&c, id, funds_actor(r), &e)) {
            fe_reply(r, &e);
            return;
        }
    } else {
        Role role;
        if (!funds_sign_as(&c, &p, NULL, &role, &e)) {
            fe_reply(r, &e);
            return;
        }
        if (!funds_payment_sign(&c, id, role, funds_actor(r), approve, reject ? req_form(r, "reason") : NULL, &e)) {
            fe_reply(r, &e);
            return;
        }
    }
    resp_redirect(r, arena_printf(r->arena, "/payments/%lld", (long long)id));
}

void page_household_funds(Req *r)
{
    int64_t id;
    NodeInfo n;
    if (!req_param_id_or_reply(r, "id", &id) || !grid_node_load_allowed_or_reply(r, id, PERM_REGISTER_READ, &n))
        return;
    if (n.kind != NODE_HOUSEHOLD) {
        reply_not_found(r);
        return;
    }
    page_begin(r, L(r, "我家的维修资金", "Our maintenance fund"));
    Buf *b = &r->out;
    buf_printf(b, "<p class=\"breadcrumb\"><a href=\"/households/%lld\">%h</a></p>\n<h1>%s</h1>\n", (long long)id, n.name,
               L(r, "维修资金分户账", "Maintenance fund sub-account"));
    DbStmt *st = db_query(r->db,
                          "SELECT f.name, a.balance, a.first_deposit, a.id, "
                          /* as in funds_household_json: the interest entries first, by their index */
                          "COALESCE((SELECT SUM(l.credit - l.debit) FROM journal_entry e CROSS JOIN journal_line l "
                          "  WHERE e.is_interest = 1 AND l.entry_id = e.id AND l.account_id = a.id), 0) "
                          "FROM fund_account a JOIN fund f ON f.id = a.fund_id WHERE a.household_id = ? ORDER BY a.id",
                          DB_I(id));
    int64_t acct = 0;
    while (db_step(st) == DB_ROW) {
        int64_t bal = -db_col_int(st, 1), first = db_col_int(st, 2);
        if (!acct)
            acct = db_col_int(st, 3);
        buf_printf(b, "<p>%h：<strong class=\"balance\">%h</strong> %s（%s %h %s，%s <span class=\"interest\">%h</span> %s）</p>\n",
                   db_col_text(st, 0), yuan(r, bal), L(r, "元", "yuan"), L(r, "首次缴存", "first deposit"), yuan(r, first),
                   L(r, "元", "yuan"), L(r, "累计分得利息", "interest shared to it"), yuan(r, db_col_int(st, 4)), L(r, "元", "yuan"));
        if (funds_topup_due(bal, first))
            buf_printf(b, "<p class=\"warning\">%s</p>\n",
                       L(r, "余额已低于首次缴存的30%，需要续筹。", "The balance is below 30% of the first deposit: a top-up is due."));
    }
    if (!db_done(st)) {
        funds_db_error_reply(r);
        return;
    }
    if (!acct) {
        buf_printf(b, "<p>%s</p>\n", L(r, "这一户还没有维修资金分户账。", "This household has no sub-account yet."));
        page_end(r);
        return;
    }
    buf_printf(b, "<div class=\"table-wrap\"><table class=\"statement\">\n<tr><th>%s</th><th>%s</th><th class=\"num\">%s</th></tr>\n",
               L(r, "日期", "Date"), L(r, "摘要", "Memo"), L(r, "金额（元）", "Amount (yuan)"));
    st = db_query(r->db,
                  "SELECT e.posted_at, e.memo, l.credit - l.debit FROM journal_line l JOIN journal_entry e ON e.id = l.entry_id "
                  "WHERE l.account_id = ? ORDER BY l.entry_id DESC LIMIT 100",
                  DB_I(acct));
    while (db_step(st) == DB_ROW) {
        char at[20];
        clock_format_local(db_col_int(st, 0), at);
        buf_printf(b, "<tr><td>%h</td><td>%h</td><td class=\"num\">%h</td></tr>\n", at, db_col_text(st, 1),
                   yuan(r, db_col_int(st, 2)));
    }
    if (!db_done(st)) {
        funds_db_error_reply(r);
        return;
    }
    buf_puts(b, "</table></div>\n");
    page_end(r);
}

void page_levy(Req *r)
{
    int64_t id, fund = 0;
    Fund f;
    if (!req_param_id_or_reply(r, "id", &id))
        return;
    if (!db_int(r->db, &fund, "SELECT fund_id FROM levy WHERE id = ?", DB_I(id))) {
        reply_not_found(r);
        return;
    }
    if (!funds_fund_allowed_or_reply(r, fund, PERM_FUNDS_READ, &f))
        return;
    const char *name = "";
    DbStmt *st = db_query(r->db, "SELECT name FROM levy WHERE id = ?", DB_I(id));
    if (db_step(st) == DB_ROW)
        name = arena_strdup(r->arena, db_col_text(st, 0));
    if (!db_done(st)) {
        funds_db_error_reply(r);
        return;
    }
    page_begin(r, name);
    Buf *b = &r->out;
    buf_printf(b, "<p class=\"breadcrumb\"><a href=\"/funds/%lld\">%h</a></p>\n<h1>%h</h1>\n", (long long)f.id, f.name, name);
    if (!funds_levy_pay_form(r, &f, id)) {
        funds_db_error_reply(r);
        return;
    }
    buf_printf(b, "<h2>%s</h2>\n", L(r, "按楼栋统计", "By building"));
    buf_printf(b, "<div class=\"table-wrap\"><table class=\"buildings\">\n<tr><th>%s</th><th class=\"num\">%s</th><th class=\"num\">%s</th>"
                  "<th class=\"num\">%s</th><th class=\"num\">%s</th></tr>\n",
               L(r, "楼栋", "Building"), L(r, "户数", "Households"), L(r, "应缴（元）", "Due"), L(r, "已缴（元）", "Paid"),
               L(r, "欠缴户", "In arrears"));
    Ctx c = site_ctx(r);
    FundsErr e;
    LevyBuilding *bl;
    int nb;
    if (!funds_levy_buildings(&c, id, &bl, &nb, &e)) {
        fe_reply(r, &e);
        return;
    }
    for (int i = 0; i < nb; i++)
        buf_printf(b, "<tr><td>%h</td><td class=\"num\">%lld</td><td class=\"num\">%M</td><td class=\"num\">%M</td><td class=\"num\">%lld</td></tr>\n",
                   bl[i].name, (long long)bl[i].households, bl[i].due, bl[i].paid, (long long)bl[i].in_arrears);
    buf_printf(b, "</table></div>\n<h2>%s</h2>\n<div class=\"table-wrap\"><table class=\"arrears\">\n<tr><th>%s</th><th class=\"num\">%s</th>"
                  "<th class=\"num\">%s</th><th class=\"num\">%s</th></tr>\n",
               L(r, "欠缴明细", "Outstanding"), L(r, "房屋", "Flat"), L(r, "面积（㎡）", "Area"), L(r, "应缴（元）", "Due"),
               L(r, "尚欠（元）", "Outstanding"));
    LevyArrear *ar;
    int na;
    if (!funds_levy_arrears(&c, id, &ar, &na, &e)) {
        fe_reply(r, &e);
        return;
    }
    for (int i = 0; i < na; i++)
        buf_printf(b, "<tr><td>%h</td><td class=\"num\">%A</td><td class=\"num\">%M</td><td class=\"num\">%M</td></tr>\n",
                   ar[i].address, ar[i].area, ar[i].due, ar[i].due - ar[i].paid);
    buf_puts(b, "</table></div>\n");
    page_end(r);
}

void page_fund_ledger(Req *r)
{
    int64_t id;
    Fund f;
    if (!req_param_id_or_reply(r, "id", &id) || !funds_fund_allowed_or_reply(r, id, PERM_FUNDS_READ, &f))
        return;
    page_begin(r, L(r, "分录", "Journal"));
    Buf *b = &r->out;
    buf_printf(b, "<p class=\"breadcrumb\"><a href=\"/funds/%lld\">%h</a></p>\n<h1>%s</h1>\n", (long long)id, f.name,
               L(r, "最近的分录", "Latest journal entries"));
    buf_printf(b, "<div class=\"table-wrap\"><table class=\"journal\">\n<tr><th>%s</th><th>%s</th><th>%s</th><th>%s</th>"
                  "<th class=\"num\">%s</th><th class=\"num\">%s</th></tr>\n",
               L(r, "编号", "No."), L(r, "日期", "Date"), L(r, "摘要", "Memo"), L(r, "科目", "Account"), L(r, "借方", "Debit"),
               L(r, "贷方", "Credit"));
    DbStmt *st = db_query(r->db,
                          "SELECT e.id, e.posted_at, e.memo, a.code, a.name, l.debit, l.credit, COALESCE(e.reverses_id, 0) "
                          "FROM journal_entry e JOIN journal_line l ON l.entry_id = e.id JOIN fund_account a ON a.id = l.account_id "
                          "WHERE e.id IN (SELECT id FROM journal_entry WHERE fund_id = ? ORDER BY id DESC LIMIT 50) "
                          "ORDER BY e.id DESC, l.id",
                          DB_I(id));
    int64_t last = 0;
    while (db_step(st) == DB_ROW) {
        int64_t eid = db_col_int(st, 0);
        char at[20] = "";
        if (eid != last)
            clock_format_local(db_col_int(st, 1), at);
        if (eid != last)
            buf_printf(b, "<tr class=\"entry-start\"><td>#%lld</td><td>%h</td><td>%h</td>", (long long)eid, at, db_col_text(st, 2));
        else
            buf_puts(b, "<tr><td></td><td></td><td></td>");
        buf_printf(b, "<td>%h %h</td><td class=\"num\">", db_col_text(st, 3), db_col_text(st, 4));
        if (db_col_int(st, 5))
            buf_printf(b, "%M", db_col_int(st, 5));
        buf_puts(b, "</td><td class=\"num\">");
        if (db_col_int(st, 6))
            buf_printf(b, "%M", db_col_int(st, 6));
        buf_puts(b, "</td></tr>\n");
        last = eid;
    }
    if (!db_done(st)) {
        funds_db_error_reply(r);
        return;
    }
    buf_puts(b, "</table></div>\n");
    page_end(r);
}

void page_fund_statement(Req *r)
{
    int64_t id;
    Fund f;
    if (!req_param_id_or_reply(r, "id", &id) || !funds_fund_allowed_or_reply(r, id, PERM_TREE_READ, &f))
        return;
    char local[20], month[8];
    clock_format_local(clock_now(), local);
    const char *m = req_query(r, "month");
    snprintf(month, sizeof month, "%.7s", m && strlen(m) == 7 ? m : local);
    int y = atoi(month), mo = atoi(month + 5);
    char day[24];
    snprintf(day, sizeof day, "%s-01", month);
    int64_t start, end, ystart;
    if (y < 2000 || mo < 1 || mo > 12 || !clock_parse_local_day(day, &start)) {
        reply_error(r, 400, "bad_param", "month", "月份格式应为 YYYY-MM", "The month must be YYYY-MM");
        return;
    }
    snprintf(day, sizeof day, "%04d-%02d-01", mo == 12 ? y + 1 : y, mo == 12 ? 1 : mo + 1);
    clock_parse_local_day(day, &end);
    snprintf(day, sizeof day, "%04d-01-01", y);
    clock_parse_local_day(day, &ystart);
    Ctx c = site_ctx(r);
    bool books = funds_may_see_ledger(&c, f.node_path, NULL);
    page_begin(r, L(r, "月度收支表", "Monthly statement"));
    Buf *b = &r->out;
    buf_printf(b, "<p class=\"breadcrumb\"><a href=\"/funds/%lld\">%h</a></p>\n<h1>%h %h %s</h1>\n", (long long)id, f.name,
               f.name, month, L(r, "收支表", "statement"));
    buf_printf(b, "<form method=\"get\" action=\"/funds/%lld/statement\"><label for=\"month\">%s</label>"
                  "<input type=\"month\" id=\"month\" name=\"month\" value=\"%h\"><button type=\"submit\">%s</button></form>\n",
               (long long)id, L(r, "月份", "Month"), month, L(r, "查看", "Show"));
    buf_printf(b, "<div class=\"table-wrap\"><table class=\"statement\">\n<tr><th>%s</th><th class=\"num\">%s</th>"
                  "<th class=\"num\">%s</th><th class=\"num\">%s</th></tr>\n",
               books ? L(r, "科目", "Account") : L(r, "项目", "Item"), L(r, "本月（元）", "This month"), L(r, "本年累计", "Year to date"),
               L(r, "年度预算", "Annual budget"));
    DbStmt *st = db_query(
        r->db,
        "SELECT a.code, a.name, a.type, "
        "COALESCE((SELECT SUM(l.credit - l.debit) FROM journal_line l JOIN journal_entry e ON e.id = l.entry_id "
        "  WHERE l.account_id = a.id AND e.posted_at >= ? AND e.posted_at < ?), 0), "
        "COALESCE((SELECT SUM(l.credit - l.debit) FROM journal_line l JOIN journal_entry e ON e.id = l.entry_id "
        "  WHERE l.account_id = a.id AND e.posted_at >= ? AND e.posted_at < ?), 0), "
        "(SELECT bu.amount FROM fund_budget bu WHERE bu.account_id = a.id AND bu.year = ?) "
        "FROM fund_account a WHERE a.fund_id = ? AND a.type IN ('income','expense') ORDER BY a.code",
        DB_I(start), DB_I(end), DB_I(ystart), DB_I(end), DB_I(y), DB_I(id));
    while (db_step(st) == DB_ROW) {
        /* income reads as credits, spending as debits: both shown positive */
        int sign = strcmp(db_col_text(st, 2), "expense") == 0 ? -1 : 1;
        /* account codes are the bookkeepers' language: residents read the names */
        buf_printf(b, "<tr><td>%h%s%h</td><td class=\"num\">%M</td><td class=\"num\">%M</td><td class=\"num\">",
                   books ? db_col_text(st, 0) : "", books ? " " : "", db_col_text(st, 1), sign * db_col_int(st, 3),
                   sign * db_col_int(st, 4));
        if (!db_col_null(st, 5))
            buf_printf(b, "%M", db_col_int(st, 5));
        buf_puts(b, "</td></tr>\n");
    }
    if (!db_done(st)) {
        funds_db_error_reply(r);
        return;
    }
    buf_puts(b, "</table></div>\n");
    if (!funds_budget_form(r, &f, y)) {
        funds_db_error_reply(r);
        return;
    }
    page_end(r);
}
