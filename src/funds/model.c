/* model.c: the funds' operations: income, levies and receipts, payment
 * requests with their signatures and the disbursement. Handlers and the
 * demo call these inside their transaction. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "auth/audit.h"
#include "core/clock.h"
#include "funds/funds_int.h"
#include "vote/notice.h"
#include "vote/vote.h"

#define BANK "1001"

bool funds_err(FundsErr *e, int status, const char *code, const char *field, const char *zh, const char *en)
{
    *e = (FundsErr){status, code, field, zh, en};
    return false;
}

bool funds_err_db(FundsErr *e, Db *db)
{
    if (db_error_class(db) == DB_ERR_BUSY)
        return funds_err(e, 503, "busy", NULL, "系统繁忙，请稍后再试", "The database is busy, try again");
    return funds_err(e, 500, "internal", NULL, "系统错误", "Internal error");
}

static bool post_or_err(Db *db, const LedgerPost *p, int64_t *id, FundsErr *e)
{
    bool user = false;
    char why[160];
    *id = ledger_post(db, p, &user, why, sizeof why);
    if (*id)
        return true;
    if (user)
        return funds_err(e, 400, "unbalanced", "lines", "分录借贷不平衡或科目无效", "The entry does not balance or names a wrong account");
    return funds_err_db(e, db);
}

/* The fund's kind, 0 when there is no such fund. */
static bool fund_kind(Db *db, int64_t fund_id, char *kind, size_t n, int64_t *node_id)
{
    DbStmt *st = db_query(db, "SELECT kind, node_id FROM fund WHERE id = ?", DB_I(fund_id));
    bool found = false;
    if (db_step(st) == DB_ROW) {
        snprintf(kind, n, "%s", db_col_text(st, 0));
        if (node_id)
            *node_id = db_col_int(st, 1);
        found = true;
    }
    db_done(st);
    return found;
}

/* ---- income ------------------------------------------------------------------ */

static const char *income_account(const char *kind)
{
    static const char *const map[][2] = {
        {"subsidy", "4001"}, {"partner", "4002"}, {"donation", "4003"}, {"interest", "4004"},
    };
    for (size_t i = 0; i < sizeof map / sizeof map[0]; i++)
        if (strcmp(kind, map[i][0]) == 0)
            return map[i][1];
    return NULL;
}

bool funds_income_record(Db *db, int64_t fund_id, const char *fkind, int64_t actor, const IncomeInput *in,
                         int64_t *id_out, FundsErr *e)
{
    const char *code = strcmp(in->kind, "trust_income") == 0 ? in->account_code : income_account(in->kind);
    if (!code)
        return funds_err(e, 400, "bad_value", strcmp(in->kind, "trust_income") == 0 ? "account_code" : "kind",
                         "收入类型无效，或信托收入缺少科目", "Unknown income kind, or trust income without an account");
    if (in->amount <= 0)
        return funds_err(e, 400, "bad_value", "amount", "金额必须大于零", "The amount must be positive");
    int64_t bank = funds_account_by_code(db, fund_id, BANK), income = 0;
    DbStmt *st = db_query(db, "SELECT id FROM fund_account WHERE fund_id = ? AND code = ? AND type = 'income'",
                          DB_I(fund_id), DB_T(code));
    if (db_step(st) == DB_ROW)
        income = db_col_int(st, 0);
    db_done(st);
    if (!bank || !income)
        return funds_err(e, 400, "bad_value", "kind", "这个资金账户没有这类收入科目",
                         "This fund has no income account of that kind");
    (void)fkind;
    LedgerLine lines[2] = {{bank, in->amount, 0}, {income, 0, in->amount}};
    char memo[300];
    snprintf(memo, sizeof memo, "%s%s%s", in->counterparty, in->purpose && *in->purpose ? "：" : "",
             in->purpose ? in->purpose : "");
    LedgerPost p = {.fund_id = fund_id, .actor_id = actor, .posted_at = in->at, .memo = memo,
                    .source_entity = "fund_income", .is_interest = strcmp(in->kind, "interest") == 0,
                    .lines = lines, .n_lines = 2};
    int64_t entry;
    if (!post_or_err(db, &p, &entry, e))
        return false;
    int64_t id = 0;
    if (!db_int(db, &id,
                "INSERT INTO fund_income (fund_id, kind, counterparty, purpose, facility, revenue_share_bp, term_years, "
                "amount, entry_id, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                DB_I(fund_id), DB_T(in->kind), DB_T(in->counterparty), DB_T(in->purpose ? in->purpose : ""),
                DB_T(in->facility ? in->facility : ""), DB_I(in->revenue_share_bp), DB_I(in->term_years),
                DB_I(in->amount), DB_I(entry), actor ? DB_I(actor) : DB_NULL, DB_I(clock_now())))
        return funds_err_db(e, db);
    Buf a = BUF_INIT;
    buf_printf(&a, "{\"fund\":%lld,\"kind\":%j,\"counterparty\":%j,\"amount\":%lld,\"entry\":%lld}",
               (long long)fund_id, in->kind, in->counterparty, (long long)in->amount, (long long)entry);
    bool ok = audit_append(db, actor, "fund_income", id, "create", NULL, buf_str(&a));
    buf_free(&a);
    if (!ok)
        return funds_err_db(e, db);
    *id_out = id;
    return true;
}

/* ---- levies ------------------------------------------------------------------- */

bool funds_levy_create(Db *db, int64_t fund_id, const char *name, LevyRule rule, int64_t rate, int64_t base,
                       int64_t actor, int64_t *id_out, int *n_charged, FundsErr *e)
{
    char kind[20];
    if (!fund_kind(db, fund_id, kind, sizeof kind, NULL))
        return funds_err(e, 404, "not_found", "fund_id", "找不到这个资金账户", "No such fund");
    if (strcmp(kind, "maintenance") != 0)
        return funds_err(e, 400, "bad_value", "fund_id", "征收只能进入维修资金账户", "Levies go into a maintenance fund");
    if (rate <= 0 || (rule == LEVY_PERCENT && base <= 0))
        return funds_err(e, 400, "bad_value", rule == LEVY_PERCENT && rate > 0 ? "base" : "rate",
                         "费率或基数无效", "The rate or base is not valid");
    int64_t id = 0;
    if (!db_int(db, &id,
                "INSERT INTO levy (fund_id, name, rule, rate, base, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?) "
                "RETURNING id",
                DB_I(fund_id), DB_T(name), DB_T(rule == LEVY_PER_AREA ? "per_area" : "percent"), DB_I(rate),
                DB_I(rule == LEVY_PERCENT ? base : 0), actor ? DB_I(actor) : DB_NULL, DB_I(clock_now())))
        return funds_err_db(e, db);
    /* read the households first: a statement is not stepped while another writes */
    typedef struct { int64_t account, household, building, area; } Row;
    Row *rows = NULL;
    int n = 0, cap = 0;
    DbStmt *st = db_query(db,
                          "SELECT a.id, h.node_id, h.building_id, h.area FROM fund_account a "
                          "JOIN household h ON h.node_id = a.household_id "
                          "WHERE a.fund_id = ? AND h.area IS NOT NULL ORDER BY h.node_id",
                          DB_I(fund_id));
    while (db_step(st) == DB_ROW) {
        if (n == cap) {
            cap = cap ? cap * 2 : 64;
            Row *g = realloc(rows, sizeof *rows * (size_t)cap);
            if (!g)
                break;
            rows = g;
        }
        rows[n++] = (Row){db_col_int(st, 0), db_col_int(st, 1), db_col_int(st, 2), db_col_int(st, 3)};
    }
    if (!db_done(st)) {
        free(rows);
        return funds_err_db(e, db);
    }
    bool ok = true;
    for (int i = 0; ok && i < n; i++) {
        int64_t due = levy_amount(rule, rows[i].area, rate, base);
        if (due < 0) {
            free(rows);
            return funds_err(e, 400, "bad_value", "rate", "计算结果超出范围", "The levy is out of range");
        }
        ok = db_exec(db,
                     "INSERT INTO levy_charge (levy_id, household_id, building_id, account_id, area, due) "
                     "VALUES (?, ?, ?, ?, ?, ?)",
                     DB_I(id), DB_I(rows[i].household), DB_I(rows[i].building), DB_I(rows[i].account),
                     DB_I(rows[i].area), DB_I(due)) &&
             db_exec(db, "UPDATE fund_account SET first_deposit = ? WHERE id = ? AND first_deposit = 0", DB_I(due),
                     DB_I(rows[i].account));
    }
    free(rows);
    if (!ok)
        return funds_err_db(e, db);
    Buf a = BUF_INIT;
    buf_printf(&a, "{\"fund\":%lld,\"name\":%j,\"rule\":%j,\"rate\":%lld,\"base\":%lld,\"households\":%d}",
               (long long)fund_id, name, rule == LEVY_PER_AREA ? "per_area" : "percent", (long long)rate,
               (long long)base, n);
    ok = audit_append(db, actor, "levy", id, "create", NULL, buf_str(&a));
    buf_free(&a);
    if (!ok)
        return funds_err_db(e, db);
    *id_out = id;
    if (n_charged)
        *n_charged = n;
    return true;
}

bool funds_levy_pay(Db *db, int64_t levy_id, int64_t household_id, int64_t amount, const char *method,
                    int64_t paid_at, int64_t actor, int64_t *payment_id, const char **receipt_no, FundsErr *e)
{
    if (amount <= 0)
        return funds_err(e, 400, "bad_value", "amount", "金额必须大于零", "The amount must be positive");
    if (strcmp(method, "cash") != 0 && strcmp(method, "transfer") != 0)
        return funds_err(e, 400, "bad_value", "method", "付款方式只能是现金或转账", "The method is cash or transfer");
    int64_t charge = 0, account = 0, due = 0, paid = 0, fund = 0;
    DbStmt *st = db_query(db,
                          "SELECT c.id, c.account_id, c.due, c.paid, l.fund_id FROM levy_charge c JOIN levy l ON l.id = c.levy_id "
                          "WHERE c.levy_id = ? AND c.household_id = ?",
                          DB_I(levy_id), DB_I(household_id));
    if (db_step(st) == DB_ROW) {
        charge = db_col_int(st, 0);
        account = db_col_int(st, 1);
        due = db_col_int(st, 2);
        paid = db_col_int(st, 3);
        fund = db_col_int(st, 4);
    }
    if (!db_done(st))
        return funds_err_db(e, db);
    if (!charge)
        return funds_err(e, 404, "not_found", "household_id", "这一户没有这项征收", "This household has no charge in this levy");
    if (amount > due - paid)
        return funds_err(e, 409, "overpaid", "amount", "金额超过欠缴金额", "The amount is more than what is outstanding");
    int64_t n = 0;
    if (!db_int(db, &n, "SELECT COUNT(*) FROM levy_payment p JOIN levy_charge c ON c.id = p.charge_id WHERE c.levy_id = ?",
                DB_I(levy_id)))
        return funds_err_db(e, db);
    char receipt[40], memo[80];
    snprintf(receipt, sizeof receipt, "SJ%lld-%06lld", (long long)levy_id, (long long)n + 1);
    snprintf(memo, sizeof memo, "维修资金缴存 收据%s", receipt);
    int64_t bank = funds_account_by_code(db, fund, BANK);
    LedgerLine lines[2] = {{bank, amount, 0}, {account, 0, amount}};
    LedgerPost p = {.fund_id = fund, .actor_id = actor, .posted_at = paid_at, .memo = memo, .reference = receipt,
                    .source_entity = "levy_charge", .source_id = charge, .lines = lines, .n_lines = 2};
    int64_t entry;
    if (!post_or_err(db, &p, &entry, e))
        return false;
    int64_t id = 0;
    if (!db_int(db, &id,
                "INSERT INTO levy_payment (charge_id, amount, method, receipt_no, entry_id, paid_at, created_by) "
                "VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id",
                DB_I(charge), DB_I(amount), DB_T(method), DB_T(receipt), DB_I(entry),
                DB_I(paid_at ? paid_at : clock_now()), actor ? DB_I(actor) : DB_NULL) ||
        !db_exec(db, "UPDATE levy_charge SET paid = paid + ? WHERE id = ?", DB_I(amount), DB_I(charge)))
        return funds_err_db(e, db);
    Buf a = BUF_INIT;
    buf_printf(&a, "{\"levy\":%lld,\"household\":%lld,\"amount\":%lld,\"method\":%j,\"receipt\":%j,\"entry\":%lld}",
               (long long)levy_id, (long long)household_id, (long long)amount, method, receipt, (long long)entry);
    bool ok = audit_append(db, actor, "levy_payment", id, "create", NULL, buf_str(&a));
    buf_free(&a);
    if (!ok)
        return funds_err_db(e, db);
    *payment_id = id;
    if (receipt_no) {
        static _Thread_local char last[40];
        snprintf(last, sizeof last, "%s", receipt);
        *receipt_no = last;
    }
    return true;
}

/* ---- payments ----------------------------------------------------------------- */

static const char *default_expense(const char *fund_kind)
{
    if (strcmp(fund_kind, "trust") == 0)
        return "5103";
    if (strcmp(fund_kind, "maintenance") == 0)
        return NULL; /* spent from the households' sub-accounts */
    return "5001";
}

bool funds_payment_create(Db *db, const PaymentInput *in, int64_t *id_out, FundsErr *e)
{
    char kind[20];
    int64_t node = 0;
    if (!fund_kind(db, in->fund_id, kind, sizeof kind, &node))
        return funds_err(e, 404, "not_found", "fund_id", "找不到这个资金账户", "No such fund");
    if (in->amount <= 0)
        return funds_err(e, 400, "bad_value", "amount", "付款金额必须大于零", "The amount must be positive");
    if (!funds_category_valid(in->category))
        return funds_err(e, 400, "bad_value", "category", "支出类别无效", "Unknown category");
    int64_t expense = 0;
    const char *code = in->account_code ? in->account_code : default_expense(kind);
    if (code) {
        DbStmt *st = db_query(db, "SELECT id FROM fund_account WHERE fund_id = ? AND code = ? AND type = 'expense'",
                              DB_I(in->fund_id), DB_T(code));
        if (db_step(st) == DB_ROW)
            expense = db_col_int(st, 0);
        db_done(st);
        if (!expense)
            return funds_err(e, 400, "bad_value", "account_code", "没有这个支出科目", "No such expense account");
    }
    if (strcmp(kind, "maintenance") == 0) {
        char path[200] = "", why[200] = "";
        DbStmt *st = db_query(db, "SELECT path FROM node WHERE id = ?", DB_I(node));
        if (db_step(st) == DB_ROW)
            snprintf(path, sizeof path, "%s", db_col_text(st, 0));
        db_done(st);
        bool passed = in->vote_id > 0 && vote_passed(db, in->vote_id, 5, path, why, sizeof why);
        SpendRule rule = funds_maintenance_spend_rule(in->category, in->vote_id > 0, passed);
        if (rule == SPEND_NEEDS_VOTE)
            return funds_err(e, 409, "vote_required", "vote_id",
                             "动用维修资金须经业主表决通过（民法典第278条第5项），应急情形除外",
                             "Spending the maintenance fund needs a passed Art. 278 matter-5 vote, except emergencies");
        if (rule == SPEND_VOTE_NOT_PASSED)
            return funds_err(e, 409, "vote_not_passed", "vote_id", "关联的表决未通过或不适用于本院落",
                             "The linked vote has not passed or does not cover this compound");
    }
    Buf basis = BUF_INIT;
    buf_putc(&basis, '[');
    for (int i = 0; i < in->n_basis; i++)
        buf_printf(&basis, "%s%j", i ? "," : "", in->basis[i]);
    buf_putc(&basis, ']');
    int64_t now = clock_now(), id = 0;
    bool ok = db_int(db, &id,
                     "INSERT INTO payment (fund_id, requester_id, payee, payee_account, amount, purpose, category, "
                     "expense_account_id, basis, project, workorder_id, vote_id, status, created_at, updated_at) "
                     "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'pending', ?, ?) RETURNING id",
                     DB_I(in->fund_id), DB_I(in->requester_id), DB_T(in->payee),
                     DB_T(in->payee_account ? in->payee_account : ""), DB_I(in->amount), DB_T(in->purpose),
                     DB_T(in->category), expense ? DB_I(expense) : DB_NULL, DB_T(buf_str(&basis)),
                     DB_T(in->project ? in->project : ""), in->workorder_id ? DB_I(in->workorder_id) : DB_NULL,
                     in->vote_id ? DB_I(in->vote_id) : DB_NULL, DB_I(now), DB_I(now));
    if (ok) {
        Buf a = BUF_INIT; /* the payee's bank account is a detail the audit log does not need */
        buf_printf(&a, "{\"fund\":%lld,\"payee\":%j,\"amount\":%lld,\"purpose\":%j,\"category\":%j,\"basis\":%s}",
                   (long long)in->fund_id, in->payee, (long long)in->amount, in->purpose, in->category,
                   buf_str(&basis));
        ok = audit_append(db, in->requester_id, "payment", id, "request", NULL, buf_str(&a));
        buf_free(&a);
    }
    buf_free(&basis);
    if (!ok)
        return funds_err_db(e, db);
    *id_out = id;
    return true;
}

bool funds_payment_state(Db *db, int64_t payment_id, PaymentSigState *s, int64_t *fund_id)
{
    memset(s, 0, sizeof *s);
    DbStmt *st = db_query(db, "SELECT status, requester_id, fund_id FROM payment WHERE id = ?", DB_I(payment_id));
    bool found = false;
    if (db_step(st) == DB_ROW) {
        found = true;
        s->pending = strcmp(db_col_text(st, 0), "pending") == 0;
        s->requester_id = db_col_int(st, 1);
        if (fund_id)
            *fund_id = db_col_int(st, 2);
    }
    db_done(st);
    if (!found)
        return false;
    st = db_query(db, "SELECT role, user_id FROM payment_signature WHERE payment_id = ? AND decision = 'approve'",
                  DB_I(payment_id));
    while (db_step(st) == DB_ROW) {
        Role role;
        if (role_parse(db_col_text(st, 0), &role) && payment_signatory(role) >= 0)
            s->signed_by[payment_signatory(role)] = db_col_int(st, 1);
    }
    return db_done(st);
}

bool funds_payment_sign(Db *db, int64_t payment_id, Role role, int64_t user_id, bool approve, const char *reason,
                        FundsErr *e)
{
    PaymentSigState s;
    if (!funds_payment_state(db, payment_id, &s, NULL))
        return funds_err(e, 404, "not_found", NULL, "找不到这笔付款申请", "No such payment request");
    switch (payment_sign_check(&s, role, user_id)) {
    case SIGN_OK: break;
    case SIGN_NOT_PENDING:
        return funds_err(e, 409, "not_pending", NULL, "这笔付款已不在审批中", "This payment is no longer awaiting signatures");
    case SIGN_ROLE_NOT_ENTITLED:
        return funds_err(e, 403, "role_not_entitled", "role", "只有监理、社区财务和院委会代表可以签字",
                         "Only the supervisor, the finance officer and the committee sign payments");
    case SIGN_ROLE_DONE:
        return funds_err(e, 409, "already_signed", "role", "这一方已经签过字", "This role has signed already");
    case SIGN_SAME_PERSON:
        return funds_err(e, 409, "same_person", NULL, "同一个人不能以两个身份签字", "One person cannot sign twice");
    case SIGN_REQUESTER:
        return funds_err(e, 409, "requester_cannot_sign", NULL, "申请人不能审批自己的申请",
                         "The requester cannot sign their own request");
    }
    if (!approve && (!reason || !*reason))
        return funds_err(e, 400, "missing_field", "reason", "驳回必须写明理由", "A rejection needs a reason");
    int64_t now = clock_now();
    s.signed_by[payment_signatory(role)] = user_id;
    const char *status = !approve ? "rejected" : payment_fully_approved(&s) ? "approved" : "pending";
    if (!db_exec(db,
                 "INSERT INTO payment_signature (payment_id, role, user_id, decision, reason, at) VALUES (?, ?, ?, ?, ?, ?)",
                 DB_I(payment_id), DB_T(role_name(role)), DB_I(user_id), DB_T(approve ? "approve" : "reject"),
                 DB_T(reason ? reason : ""), DB_I(now)) ||
        !db_exec(db, "UPDATE payment SET status = ?, reject_reason = ?, updated_at = ? WHERE id = ?", DB_T(status),
                 DB_T(approve ? "" : reason), DB_I(now), DB_I(payment_id)))
        return funds_err_db(e, db);
    Buf a = BUF_INIT;
    buf_printf(&a, "{\"role\":%j,\"decision\":%j,\"reason\":%j,\"status\":%j}", role_name(role),
               approve ? "approve" : "reject", reason ? reason : "", status);
    bool ok = audit_append(db, user_id, "payment", payment_id, approve ? "approve" : "reject", NULL, buf_str(&a));
    buf_free(&a);
    return ok ? true : funds_err_db(e, db);
}

bool funds_payment_disburse(Db *db, int64_t payment_id, int64_t actor, FundsErr *e)
{
    PaymentSigState s;
    int64_t fund_id = 0;
    if (!funds_payment_state(db, payment_id, &s, &fund_id))
        return funds_err(e, 404, "not_found", NULL, "找不到这笔付款申请", "No such payment request");
    char status[20] = "", kind[20] = "", category[40] = "", path[200] = "", payee[400] = "", purpose[1200] = "",
         project[400] = "", basis[2000] = "";
    int64_t amount = 0, expense = 0, vote = 0, node = 0;
    DbStmt *st = db_query(db,
                          "SELECT p.status, f.kind, p.category, n.path, p.payee, p.purpose, p.project, p.basis, p.amount, "
                          "COALESCE(p.expense_account_id, 0), COALESCE(p.vote_id, 0), f.node_id "
                          "FROM payment p JOIN fund f ON f.id = p.fund_id JOIN node n ON n.id = f.node_id WHERE p.id = ?",
                          DB_I(payment_id));
    if (db_step(st) == DB_ROW) {
        snprintf(status, sizeof status, "%s", db_col_text(st, 0));
        snprintf(kind, sizeof kind, "%s", db_col_text(st, 1));
        snprintf(category, sizeof category, "%s", db_col_text(st, 2));
        snprintf(path, sizeof path, "%s", db_col_text(st, 3));
        snprintf(payee, sizeof payee, "%s", db_col_text(st, 4));
        snprintf(purpose, sizeof purpose, "%s", db_col_text(st, 5));
        snprintf(project, sizeof project, "%s", db_col_text(st, 6));
        snprintf(basis, sizeof basis, "%s", db_col_text(st, 7));
        amount = db_col_int(st, 8);
        expense = db_col_int(st, 9);
        vote = db_col_int(st, 10);
        node = db_col_int(st, 11);
    }
    if (!db_done(st))
        return funds_err_db(e, db);
    if (strcmp(status, "disbursed") == 0)
        return funds_err(e, 409, "already_disbursed", NULL, "这笔付款已经支付", "This payment was disbursed already");
    if (strcmp(status, "approved") != 0 || !payment_fully_approved(&s))
        return funds_err(e, 409, "not_approved", NULL, "三方签字齐全后才能支付", "A payment is disbursed only after all three signatures");
    bool maintenance = strcmp(kind, "maintenance") == 0;
    if (maintenance) {
        char why[200] = "";
        bool passed = vote > 0 && vote_passed(db, vote, 5, path, why, sizeof why);
        if (funds_maintenance_spend_rule(category, vote > 0, passed) != SPEND_OK)
            return funds_err(e, 409, "vote_not_passed", "vote_id", "动用维修资金须经业主表决通过",
                             "Spending the maintenance fund needs a passed Art. 278 matter-5 vote");
    }
    int64_t bank = funds_account_by_code(db, fund_id, BANK), cash = 0;
    if (!db_int(db, &cash, "SELECT balance FROM fund_account WHERE id = ?", DB_I(bank)))
        return funds_err_db(e, db);
    if (cash < amount)
        return funds_err(e, 409, "insufficient_funds", NULL, "账户余额不足", "The account does not hold enough money");

    LedgerLine *lines = NULL;
    int n = 0;
    if (maintenance) {
        /* the cost is split over the households' sub-accounts by floor area */
        int64_t *ids = NULL, *areas = NULL;
        int cap = 0;
        st = db_query(db,
                      "SELECT a.id, h.area FROM fund_account a JOIN household h ON h.node_id = a.household_id "
                      "WHERE a.fund_id = ? AND h.area IS NOT NULL ORDER BY a.id",
                      DB_I(fund_id));
        while (db_step(st) == DB_ROW) {
            if (n == cap) {
                cap = cap ? cap * 2 : 64;
                int64_t *gi = realloc(ids, sizeof *ids * (size_t)cap), *ga = gi ? realloc(areas, sizeof *areas * (size_t)cap) : NULL;
                if (gi)
                    ids = gi;
                if (ga)
                    areas = ga;
                if (!gi || !ga)
                    break;
            }
            ids[n] = db_col_int(st, 0);
            areas[n] = db_col_int(st, 1);
            n++;
        }
        bool read = db_done(st);
        int64_t *shares = n ? malloc(sizeof *shares * (size_t)n) : NULL;
        lines = malloc(sizeof *lines * (size_t)(n + 1));
        int k = 0;
        if (read && shares && lines && funds_split(amount, areas, n, shares)) {
            for (int i = 0; i < n; i++)
                if (shares[i] > 0)
                    lines[k++] = (LedgerLine){ids[i], shares[i], 0};
        }
        free(ids);
        free(areas);
        free(shares);
        if (!lines || k == 0) {
            free(lines);
            return funds_err(e, 409, "no_households", NULL, "没有可分摊的住户分户账", "No household sub-accounts to split the cost over");
        }
        n = k;
    } else {
        lines = malloc(sizeof *lines * 2);
        if (!lines)
            return funds_err_db(e, db);
        lines[n++] = (LedgerLine){expense, amount, 0};
    }
    lines[n++] = (LedgerLine){bank, 0, amount};
    char memo[1700], ref[40];
    snprintf(memo, sizeof memo, "付款：%s（%s）", payee, purpose);
    snprintf(ref, sizeof ref, "FK%06lld", (long long)payment_id);
    LedgerPost p = {.fund_id = fund_id, .actor_id = actor, .memo = memo, .reference = ref,
                    .source_entity = "payment", .source_id = payment_id, .lines = lines, .n_lines = n};
    int64_t entry;
    bool posted = post_or_err(db, &p, &entry, e);
    free(lines);
    if (!posted)
        return false;

    /* the payment is published with its basis, amount and payee */
    bool emergency = maintenance && funds_emergency_category(category);
    Buf title = BUF_INIT, body = BUF_INIT;
    /* plain text: payee and purpose are the user's words, appended as they are */
    buf_puts(&title, "付款公示：");
    buf_puts(&title, payee);
    buf_printf(&title, " %M元", amount);
    buf_puts(&body, "收款方：");
    buf_puts(&body, payee);
    buf_printf(&body, "\n金额：%M元\n用途：", amount);
    buf_puts(&body, purpose);
    buf_puts(&body, "\n类别：");
    buf_puts(&body, funds_category_label_zh(category));
    buf_puts(&body, "\n");
    if (*project) {
        buf_puts(&body, "所属项目：");
        buf_puts(&body, project);
        buf_puts(&body, "\n");
    }
    buf_puts(&body, "依据：");
    buf_puts(&body, basis);
    buf_puts(&body, "\n已经监理、社区财务、院委会三方签字。付款编号 ");
    buf_puts(&body, ref);
    buf_puts(&body, "。\n");
    if (emergency)
        buf_puts(&body, "应急维修，依规先行支付、事后公示。\n");
    int64_t notice = notice_publish(db, actor, node, "payment", buf_str(&title), buf_str(&body), 0, 0, "payment",
                                    payment_id);
    buf_free(&title);
    buf_free(&body);
    if (!notice)
        return funds_err_db(e, db);
    if (!db_exec(db, "UPDATE payment SET status = 'disbursed', entry_id = ?, notice_id = ?, updated_at = ? WHERE id = ?",
                 DB_I(entry), DB_I(notice), DB_I(clock_now()), DB_I(payment_id)))
        return funds_err_db(e, db);
    Buf a = BUF_INIT;
    buf_printf(&a, "{\"status\":\"disbursed\",\"entry\":%lld,\"notice\":%lld,\"amount\":%lld}", (long long)entry,
               (long long)notice, (long long)amount);
    bool ok = audit_append(db, actor, "payment", payment_id, "disburse", NULL, buf_str(&a));
    buf_free(&a);
    return ok ? true : funds_err_db(e, db);
}
