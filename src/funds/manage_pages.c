/* manage_pages.c: the finance staff's pages (PERM_FUNDS_MANAGE): set up a
 * compound's funds and add accounts, record income (subsidy, partner
 * agreement with revenue share, donation, interest, trust income), create a
 * levy after previewing each household's amount, record a levy payment and
 * print its receipt, set the trust account's annual budget, and import a
 * bank statement with its matched and unmatched lines. Every form goes
 * through the same model functions and checks as the JSON API, so errors
 * and audit events are the same; amounts are typed in yuan. */
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

/* A form field of at most max bytes; NULL and a 400 reply when it is
 * missing (required) or too long. */
static const char *text_field_or_reply(Req *r, const char *name, size_t max, bool required)
{
    const char *v = req_form(r, name);
    if (required && (!v || !*v)) {
        reply_error(r, 400, "missing_field", name, "请填写所有必填项", "A required field is missing");
        return NULL;
    }
    if (v && strlen(v) > max) {
        reply_error(r, 400, "bad_value", name, "填写的内容太长", "The text is too long");
        return NULL;
    }
    return v ? v : "";
}

/* Yuan as typed ("1234.56") -> fen, > 0; replies 400 otherwise. */
static bool yuan_field_or_reply(Req *r, const char *name, int64_t *fen)
{
    if (!funds_parse_money(req_form(r, name), fen) || *fen <= 0 || *fen > INT64_C(1000000000000)) {
        reply_error(r, 400, "bad_value", name, "金额应为大于零的元，最多两位小数", "The amount must be positive yuan, at most two decimals");
        return false;
    }
    return true;
}


static void back_link(Req *r, const Fund *f)
{
    buf_printf(&r->out, "<p class=\"breadcrumb\"><a href=\"/funds\">%s</a> › <a href=\"/funds/%lld\">%h</a></p>\n",
               L(r, "资金公开", "Funds"), (long long)f->id, f->name);
}

/* ---- setting up funds and accounts ---------------------------------------------- */

bool funds_setup_form(Req *r)
{
    if (!r->who)
        return true;
    Ctx c = site_ctx(r);
    /* the compounds (the grid's read function, by path) that have no fund yet */
    NodeList compounds;
    if (grid_nodes_in(&c, NULL, GRID_KIND(NODE_COMPOUND), 0, &compounds) != GRID_OK)
        return false;
    int64_t *with = NULL;
    int n_with = 0, cap = 0;
    DbStmt *st = db_query(r->db, "SELECT DISTINCT node_id FROM fund ORDER BY node_id");
    while (db_step(st) == DB_ROW) {
        with = funds_grow(r->arena, with, n_with, &cap, 64, sizeof *with);
        with[n_with++] = db_col_int(st, 0);
    }
    if (!db_done(st))
        return false;
    int shown = 0;
    for (int i = 0; i < compounds.n; i++) {
        const NodeInfo *cn = &compounds.items[i];
        bool has = false;
        for (int lo = 0, hi = n_with - 1; lo <= hi && !has;) {
            int mid = lo + (hi - lo) / 2;
            has = with[mid] == cn->id;
            if (with[mid] < cn->id)
                lo = mid + 1;
            else
                hi = mid - 1;
        }
        if (has || !funds_may_manage(&c, cn->path, NULL))
            continue;
        if (!shown++) {
            buf_printf(&r->out, "<h2>%s</h2>\n<form method=\"post\" action=\"/funds/setup\" class=\"setup-form\">",
                       L(r, "为院落建立资金账户", "Set up a compound's funds"));
            page_csrf_field(r);
            buf_printf(&r->out, "<label for=\"compound_id\">%s</label><select id=\"compound_id\" name=\"compound_id\">",
                       L(r, "院落", "Compound"));
        }
        buf_printf(&r->out, "<option value=\"%lld\">%h</option>", (long long)cn->id, cn->name);
    }
    if (shown)
        buf_printf(&r->out, "</select><p class=\"hint\">%s</p><button type=\"submit\">%s</button></form>\n",
                   L(r, "将建立改造共管账户、维修资金（每户一个分户账）、信托制物业账户和院落自治金，各带标准科目。",
                     "Creates the renovation account, the maintenance fund (one sub-account per household), the trust account and the autonomy fund, each with its standard accounts."),
                   L(r, "建立资金账户", "Set up"));
    return true;
}

void page_funds_setup_post(Req *r)
{
    int64_t cid;
    if (!req_form_int_or_reply(r, "compound_id", 1, INT64_MAX, 0, &cid) || !funds_compound_setup_or_reply(r, cid))
        return;
    resp_redirect(r, "/funds");
}

void page_fund_account_post(Req *r)
{
    int64_t id, aid;
    Fund f;
    if (!req_param_id_or_reply(r, "id", &id) || !funds_fund_allowed_or_reply(r, id, PERM_FUNDS_MANAGE, &f))
        return;
    if (!funds_account_add_or_reply(r, &f, req_form(r, "code"), req_form(r, "name"), req_form(r, "type"), &aid))
        return;
    resp_redirect(r, arena_printf(r->arena, "/funds/%lld#accounts", (long long)id));
}

/* The finance staff's tools on a fund's page. */
void funds_manage_links(Req *r, const Fund *f)
{
    Ctx c = site_ctx(r);
    if (!funds_may_manage(&c, f->node_path, NULL))
        return;
    Buf *b = &r->out;
    buf_printf(b, "<h2>%s</h2>\n<p class=\"manage\"><a class=\"button\" href=\"/funds/%lld/income/new\">%s</a> ",
               L(r, "财务操作", "Finance"), (long long)f->id, L(r, "记录收入", "Record income"));
    if (strcmp(f->kind, "maintenance") == 0)
        buf_printf(b, "<a class=\"button\" href=\"/funds/%lld/levies/new\">%s</a> ", (long long)f->id,
                   L(r, "新建征收", "New levy"));
    buf_printf(b, "<a class=\"button\" href=\"/funds/%lld/reconcile\">%s</a> <a class=\"button\" href=\"/funds/%lld/statement#budget\">%s</a></p>\n",
               (long long)f->id, L(r, "银行对账", "Bank reconciliation"), (long long)f->id,
               L(r, "收支表与年度预算", "Statement and budget"));
    buf_printf(b, "<details><summary>%s</summary><form method=\"post\" action=\"/funds/%lld/accounts\" class=\"account-form\">",
               L(r, "添加收支科目", "Add an account"), (long long)f->id);
    page_csrf_field(r);
    buf_printf(b, "<label for=\"acct-code\">%s</label><input type=\"text\" id=\"acct-code\" name=\"code\" required maxlength=\"20\">"
                  "<label for=\"acct-name\">%s</label><input type=\"text\" id=\"acct-name\" name=\"name\" required maxlength=\"100\">"
                  "<label for=\"acct-type\">%s</label><select id=\"acct-type\" name=\"type\"><option value=\"income\">%s</option>"
                  "<option value=\"expense\">%s</option></select><button type=\"submit\">%s</button></form></details>\n",
               L(r, "科目编码（如 4105）", "Code (e.g. 4105)"), L(r, "名称", "Name"), L(r, "类别", "Type"), L(r, "收入", "Income"),
               L(r, "支出", "Expense"), L(r, "添加", "Add"));
}

/* ---- income ----------------------------------------------------------------------- */

void page_fund_income_new(Req *r)
{
    int64_t id;
    Fund f;
    if (!req_param_id_or_reply(r, "id", &id) || !funds_fund_allowed_or_reply(r, id, PERM_FUNDS_MANAGE, &f))
        return;
    bool trust = strcmp(f.kind, "trust") == 0;
    page_begin(r, L(r, "记录收入", "Record income"));
    Buf *b = &r->out;
    back_link(r, &f);
    buf_printf(b, "<h1>%s · %h</h1>\n<form method=\"post\" action=\"/funds/%lld/income\" class=\"income-form\">",
               L(r, "记录收入", "Record income"), f.name, (long long)id);
    page_csrf_field(r);
    buf_printf(b, "<label for=\"kind\">%s</label><select id=\"kind\" name=\"kind\">"
                  "<option value=\"subsidy\">%s</option><option value=\"partner\">%s</option>"
                  "<option value=\"donation\">%s</option><option value=\"interest\">%s</option>",
               L(r, "收入类型", "Kind"), L(r, "政府补贴（分批拨付）", "Government subsidy (tranche)"),
               L(r, "社会资本合作（收益分成）", "Partner agreement (revenue share)"), L(r, "捐赠", "Donation"),
               L(r, "利息", "Interest"));
    if (trust)
        buf_printf(b, "<option value=\"trust_income\">%s</option>", L(r, "信托物业收入（物业费、停车、广告、租金）", "Trust income"));
    buf_printf(b, "</select><label for=\"counterparty\">%s</label><input type=\"text\" id=\"counterparty\" name=\"counterparty\" required maxlength=\"100\">"
                  "<label for=\"amount\">%s</label><input type=\"text\" id=\"amount\" name=\"amount\" inputmode=\"decimal\" required>"
                  "<label for=\"purpose\">%s</label><input type=\"text\" id=\"purpose\" name=\"purpose\" maxlength=\"300\">",
               L(r, "来源（拨款单位、合作方、捐赠人、银行）", "From (government body, partner, donor, bank)"),
               L(r, "金额（元）", "Amount (yuan)"), L(r, "用途或说明（如：第二批补贴、指定用于加装电梯）", "Purpose (e.g. second tranche, for the lift)"));
    buf_printf(b, "<fieldset><legend>%s</legend><label for=\"facility\">%s</label><input type=\"text\" id=\"facility\" name=\"facility\" maxlength=\"100\">"
                  "<label for=\"revenue_share\">%s</label><input type=\"text\" id=\"revenue_share\" name=\"revenue_share\" inputmode=\"decimal\">"
                  "<label for=\"term_years\">%s</label><input type=\"number\" id=\"term_years\" name=\"term_years\" min=\"0\" max=\"100\"></fieldset>",
               L(r, "社会资本合作协议", "Partner agreement"), L(r, "设施（如：充电桩、快递柜）", "Facility (e.g. EV chargers)"),
               L(r, "院落收益分成（%，最多两位小数）", "Compound's revenue share (%)"), L(r, "合作年限", "Term (years)"));
    if (trust) {
        buf_printf(b, "<label for=\"account_code\">%s</label><select id=\"account_code\" name=\"account_code\"><option value=\"\"></option>",
                   L(r, "信托收入科目", "Trust income account"));
        DbStmt *st = db_query(r->db, "SELECT code, name FROM fund_account WHERE fund_id = ? AND type = 'income' ORDER BY code",
                              DB_I(id));
        while (db_step(st) == DB_ROW)
            buf_printf(b, "<option value=\"%h\">%h %h</option>", db_col_text(st, 0), db_col_text(st, 0), db_col_text(st, 1));
        if (!db_done(st)) {
            funds_db_error_reply(r);
            return;
        }
        buf_puts(b, "</select>");
    }
    if (strcmp(f.kind, "maintenance") == 0)
        buf_printf(b, "<p class=\"hint\">%s</p>", L(r, "维修资金的利息按建筑面积分配到各户分户账。",
                                                     "The maintenance fund's interest is shared out to the households by area."));
    buf_printf(b, "<p><button type=\"submit\">%s</button></p></form>\n", L(r, "记账", "Record"));
    page_end(r);
}

void page_fund_income_post(Req *r)
{
    int64_t id, amount, share = 0, term, income_id;
    Fund f;
    if (!req_param_id_or_reply(r, "id", &id) || !funds_fund_allowed_or_reply(r, id, PERM_FUNDS_MANAGE, &f))
        return;
    const char *kind = text_field_or_reply(r, "kind", 20, true);
    const char *cp = kind ? text_field_or_reply(r, "counterparty", 100, true) : NULL;
    const char *purpose = cp ? text_field_or_reply(r, "purpose", 300, false) : NULL;
    const char *facility = purpose ? text_field_or_reply(r, "facility", 100, false) : NULL;
    if (!facility || !yuan_field_or_reply(r, "amount", &amount) || !req_form_int_or_reply(r, "term_years", 0, 100, 0, &term))
        return;
    const char *s = req_form(r, "revenue_share");
    if (s && *s && (!funds_parse_money(s, &share) || share < 0 || share > 10000)) {
        reply_error(r, 400, "bad_value", "revenue_share", "收益分成应为0至100之间的百分数，最多两位小数",
                    "The revenue share is a percentage from 0 to 100, at most two decimals");
        return;
    }
    const char *code = req_form(r, "account_code");
    IncomeInput in = {kind, cp, purpose, facility, code && *code ? code : NULL, amount, share, term, 0};
    Ctx c = site_ctx(r);
    FundsErr e;
    if (!funds_income_record(&c, f.id, f.kind, funds_actor(r), &in, &income_id, &e)) {
        funds_err_reply(r, &e);
        return;
    }
    resp_redirect(r, arena_printf(r->arena, "/funds/%lld", (long long)id));
}

/* ---- levies: form, preview, creation ------------------------------------------------- */

typedef struct LevyForm {
    const char *name, *rule_s, *rate_s, *base_s;
    LevyRule rule;
    int64_t rate, base; /* per_area: fen per m²; percent: basis points of base fen per m² */
    bool complete;      /* every field given and valid */
} LevyForm;

/* Reads a levy from the query (preview) or the form (create). On a page the
 * rate is typed in yuan per m² (per_area) or in percent (percent), the base
 * in yuan per m². Replies 400 itself when strict and something is wrong. */
static bool levy_form_read(Req *r, bool from_form, bool strict, LevyForm *lf)
{
    const char *(*get)(const Req *, const char *) = from_form ? req_form : req_query;
    memset(lf, 0, sizeof *lf);
    lf->name = get(r, "name");
    lf->rule_s = get(r, "rule");
    lf->rate_s = get(r, "rate");
    lf->base_s = get(r, "base");
    if (!lf->rate_s || !*lf->rate_s) {
        if (strict)
            reply_error(r, 400, "missing_field", "rate", "请填写费率", "The rate is missing");
        return !strict;
    }
    if (!lf->name || !*lf->name || strlen(lf->name) > 100) {
        reply_error(r, 400, "missing_field", "name", "请填写征收名称（最多100字）", "The levy needs a name (at most 100 characters)");
        return false;
    }
    if (!lf->rule_s || !levy_rule_parse(lf->rule_s, &lf->rule)) {
        reply_error(r, 400, "bad_value", "rule", "规则只能是每平方米定额或百分比", "The rule is per_area or percent");
        return false;
    }
    if (!funds_parse_money(lf->rate_s, &lf->rate) || lf->rate <= 0 || lf->rate > 100000000) {
        reply_error(r, 400, "bad_value", "rate", "费率应为大于零的数，最多两位小数", "The rate must be positive, at most two decimals");
        return false;
    }
    if (lf->rule == LEVY_PERCENT &&
        (!lf->base_s || !funds_parse_money(lf->base_s, &lf->base) || lf->base <= 0 || lf->base > 100000000)) {
        reply_error(r, 400, "missing_field", "base", "百分比规则需要基数（每平方米造价，元）",
                    "A percent rule needs a base (cost per m², yuan)");
        return false;
    }
    lf->complete = true;
    return true;
}

void page_levy_new(Req *r)
{
    int64_t id;
    Fund f;
    if (!req_param_id_or_reply(r, "id", &id) || !funds_fund_allowed_or_reply(r, id, PERM_FUNDS_MANAGE, &f))
        return;
    LevyForm lf;
    if (!levy_form_read(r, false, false, &lf))
        return;
    page_begin(r, L(r, "新建征收", "New levy"));
    Buf *b = &r->out;
    back_link(r, &f);
    buf_printf(b, "<h1>%s</h1>\n", L(r, "新建维修资金征收", "New maintenance levy"));
    if (strcmp(f.kind, "maintenance") != 0) {
        buf_printf(b, "<p class=\"warning\">%s</p>\n", L(r, "征收只能进入维修资金账户。", "Levies go into a maintenance fund."));
        page_end(r);
        return;
    }
    bool percent = lf.complete && lf.rule == LEVY_PERCENT;
    buf_printf(b, "<form method=\"get\" action=\"/funds/%lld/levies/new\" class=\"levy-form\">"
                  "<label for=\"name\">%s</label><input type=\"text\" id=\"name\" name=\"name\" required maxlength=\"100\" value=\"%h\">"
                  "<label for=\"rule\">%s</label><select id=\"rule\" name=\"rule\">"
                  "<option value=\"per_area\"%s>%s</option><option value=\"percent\"%s>%s</option></select>"
                  "<label for=\"rate\">%s</label><input type=\"text\" id=\"rate\" name=\"rate\" inputmode=\"decimal\" required value=\"%h\">"
                  "<label for=\"base\">%s</label><input type=\"text\" id=\"base\" name=\"base\" inputmode=\"decimal\" value=\"%h\">"
                  "<p><button type=\"submit\" class=\"secondary\">%s</button></p></form>\n",
               (long long)id, L(r, "名称", "Name"), lf.name ? lf.name : "", L(r, "计算规则", "Rule"), percent ? "" : " selected",
               L(r, "每平方米定额（如 5 元/㎡）", "Per m² (e.g. 5 yuan/m²)"), percent ? " selected" : "",
               L(r, "按造价百分比", "Percentage of the cost per m²"),
               L(r, "费率：每平方米元数，或百分比（%）", "Rate: yuan per m², or percent"), lf.rate_s ? lf.rate_s : "",
               L(r, "基数：每平方米造价（元，仅百分比规则）", "Base: cost per m² in yuan (percent rule only)"),
               lf.base_s ? lf.base_s : "", L(r, "预览各户金额", "Preview each household"));
    if (!lf.complete) {
        page_end(r);
        return;
    }
    /* the preview: the same households and the same rule as the creation */
    buf_printf(b, "<h2 id=\"preview\">%s</h2>\n", L(r, "各户应缴金额预览", "Each household's amount"));
    int64_t total = 0, count = 0;
    bool out_of_range = false;
    Ctx c = site_ctx(r);
    HouseholdList hh;
    FundsErr e;
    if (!funds_households(&c, f.node_path, &hh, &e)) {
        funds_err_reply(r, &e);
        return;
    }
    Buf rows = BUF_INIT;
    DbStmt *st = db_query(r->db, "SELECT household_id FROM fund_account WHERE fund_id = ? AND household_id IS NOT NULL "
                                 "ORDER BY household_id",
                          DB_I(id));
    while (db_step(st) == DB_ROW) {
        const HouseholdInfo *h = funds_household_in(&hh, db_col_int(st, 0));
        int64_t area = funds_charged_area(h);
        if (area <= 0)
            continue;
        int64_t due = levy_amount(lf.rule, area, lf.rate, lf.base);
        /* one amount, or the levy's total, beyond what creating it would accept */
        if (due < 0 || !funds_add(&total, due, FUNDS_MONEY_LIMIT)) {
            out_of_range = true;
            continue;
        }
        count++;
        buf_printf(&rows, "<tr><td data-label=\"%s\">%h</td><td data-label=\"%s\">%h</td><td class=\"num\" data-label=\"%s\">%A</td>"
                          "<td class=\"num due\" data-label=\"%s\">%M</td></tr>\n",
                   L(r, "楼栋", "Building"), h->building_name ? h->building_name : "", L(r, "房屋", "Flat"), h->address,
                   L(r, "面积（㎡）", "Area"), area, L(r, "应缴（元）", "Due"), due);
    }
    if (!db_done(st)) {
        buf_free(&rows);
        funds_db_error_reply(r);
        return;
    }
    if (out_of_range) {
        buf_free(&rows);
        buf_printf(b, "<p class=\"warning\">%s</p>\n", L(r, "计算结果超出范围，请检查费率。", "The amounts are out of range: check the rate."));
        page_end(r);
        return;
    }
    buf_printf(b, "<p class=\"summary\">%s <strong class=\"count\">%lld</strong> %s，%s <strong class=\"total\">%M</strong> %s</p>\n",
               L(r, "共", "In all"), (long long)count, L(r, "户", "households"), L(r, "合计", "total"), total, L(r, "元", "yuan"));
    buf_printf(b, "<form method=\"post\" action=\"/funds/%lld/levies\" class=\"levy-confirm\">", (long long)id);
    page_csrf_field(r);
    buf_printf(b, "<input type=\"hidden\" name=\"name\" value=\"%h\"><input type=\"hidden\" name=\"rule\" value=\"%h\">"
                  "<input type=\"hidden\" name=\"rate\" value=\"%h\"><input type=\"hidden\" name=\"base\" value=\"%h\">"
                  "<p><button type=\"submit\">%s</button></p></form>\n",
               lf.name, lf.rule_s, lf.rate_s, lf.base_s ? lf.base_s : "", L(r, "确认并建立征收", "Create this levy"));
    buf_printf(b, "<div class=\"table-wrap\"><table class=\"cards levy-preview\">\n<thead><tr><th>%s</th><th>%s</th>"
                  "<th class=\"num\">%s</th><th class=\"num\">%s</th></tr></thead>\n<tbody>\n",
               L(r, "楼栋", "Building"), L(r, "房屋", "Flat"), L(r, "面积（㎡）", "Area"), L(r, "应缴（元）", "Due"));
    buf_append(b, rows.data ? rows.data : "", rows.len);
    buf_free(&rows);
    buf_puts(b, "</tbody></table></div>\n");
    page_end(r);
}

void page_levy_post(Req *r)
{
    int64_t id, levy;
    int n;
    Fund f;
    LevyForm lf;
    if (!req_param_id_or_reply(r, "id", &id) || !funds_fund_allowed_or_reply(r, id, PERM_FUNDS_MANAGE, &f) ||
        !levy_form_read(r, true, true, &lf))
        return;
    Ctx c = site_ctx(r);
    FundsErr e;
    if (!funds_levy_create(&c, f.id, lf.name, lf.rule, lf.rate, lf.rule == LEVY_PERCENT ? lf.base : 0, funds_actor(r),
                           &levy, &n, &e)) {
        funds_err_reply(r, &e);
        return;
    }
    resp_redirect(r, arena_printf(r->arena, "/levies/%lld", (long long)levy));
}

/* ---- levy payments and receipts ------------------------------------------------------ */

/* The form to record a payment, on the levy's page (finance only). */
bool funds_levy_pay_form(Req *r, const Fund *f, int64_t levy)
{
    Ctx c = site_ctx(r);
    if (!funds_may_manage(&c, f->node_path, NULL))
        return true;
    Buf *b = &r->out;
    buf_printf(b, "<h2>%s</h2>\n<form method=\"post\" action=\"/levies/%lld/payments\" class=\"levy-pay-form\">",
               L(r, "登记缴款", "Record a payment"), (long long)levy);
    page_csrf_field(r);
    buf_printf(b, "<label for=\"household_id\">%s</label><select id=\"household_id\" name=\"household_id\">",
               L(r, "房屋（尚欠金额）", "Flat (outstanding)"));
    LevyArrear *ar;
    int n;
    FundsErr e;
    if (!funds_levy_arrears(&c, levy, &ar, &n, &e))
        return false;
    for (int i = 0; i < n; i++)
        buf_printf(b, "<option value=\"%lld\">%h（%M）</option>", (long long)ar[i].household_id, ar[i].address,
                   ar[i].due - ar[i].paid);
    buf_printf(b, "</select><label for=\"pay-amount\">%s</label><input type=\"text\" id=\"pay-amount\" name=\"amount\" inputmode=\"decimal\" required>"
                  "<label for=\"method\">%s</label><select id=\"method\" name=\"method\"><option value=\"cash\">%s</option>"
                  "<option value=\"transfer\">%s</option></select><p><button type=\"submit\">%s</button></p></form>\n",
               L(r, "金额（元，可部分缴纳）", "Amount (yuan, partial allowed)"), L(r, "方式", "Method"), L(r, "现金", "Cash"),
               L(r, "转账", "Transfer"), L(r, "登记并开具收据", "Record and issue a receipt"));
    return true;
}

void page_levy_pay_post(Req *r)
{
    int64_t id, household, amount, pid;
    Fund f;
    if (!funds_levy_allowed_or_reply(r, PERM_FUNDS_MANAGE, &id, &f) ||
        !req_form_int_or_reply(r, "household_id", 1, INT64_MAX, 0, &household) || !yuan_field_or_reply(r, "amount", &amount))
        return;
    const char *method = req_form(r, "method");
    Ctx c = site_ctx(r);
    FundsErr e;
    if (!funds_levy_pay(&c, id, household, amount, method ? method : "", c.now, funds_actor(r), &pid, NULL, &e)) {
        funds_err_reply(r, &e);
        return;
    }
    resp_redirect(r, arena_printf(r->arena, "/receipts/%lld", (long long)pid));
}

void page_receipt(Req *r)
{
    int64_t id, fund = 0, household = 0, amount = 0, paid_at = 0, due = 0, paid = 0, area = 0, levy_id = 0, by_id = 0;
    const char *receipt = "", *method = "", *address = "", *levy = "", *by = "";
    if (!req_param_id_or_reply(r, "id", &id))
        return;
    DbStmt *st = db_query(r->db,
                          "SELECT l.fund_id, c.household_id, p.amount, p.paid_at, p.receipt_no, p.method, l.name, "
                          "c.due, c.paid, c.area, COALESCE(p.created_by, 0), c.levy_id FROM levy_payment p "
                          "JOIN levy_charge c ON c.id = p.charge_id JOIN levy l ON l.id = c.levy_id WHERE p.id = ?",
                          DB_I(id));
    if (db_step(st) == DB_ROW) {
        fund = db_col_int(st, 0);
        household = db_col_int(st, 1);
        amount = db_col_int(st, 2);
        paid_at = db_col_int(st, 3);
        receipt = arena_strdup(r->arena, db_col_text(st, 4));
        method = arena_strdup(r->arena, db_col_text(st, 5));
        levy = arena_strdup(r->arena, db_col_text(st, 6));
        due = db_col_int(st, 7);
        paid = db_col_int(st, 8);
        area = db_col_int(st, 9);
        by_id = db_col_int(st, 10);
        levy_id = db_col_int(st, 11);
    }
    if (!db_done(st)) {
        funds_db_error_reply(r);
        return;
    }
    /* the household's address and the clerk's name through the grid's and auth's read functions */
    Ctx c = site_ctx(r);
    Fund f;
    HouseholdInfo h;
    GridRead g = fund ? grid_household_get(&c, household, &h) : GRID_NOT_FOUND;
    if (g != GRID_OK && g != GRID_NOT_FOUND) {
        funds_db_error_reply(r);
        return;
    }
    if (g == GRID_NOT_FOUND || !funds_fund_load(r, fund, &f)) {
        reply_error(r, 404, "not_found", NULL, "找不到这张收据", "No such receipt");
        return;
    }
    if (auth_user_display_name(&c, by_id, &by) != AUTH_OK) {
        funds_db_error_reply(r);
        return;
    }
    address = h.address ? h.address : "";
    /* the household itself or the fund's bookkeepers */
    FundsErr e;
    if (!funds_may_see_household(&c, h.path, f.node_path, &e)) {
        funds_err_reply(r, &e);
        return;
    }
    char at[20];
    clock_format_local(paid_at, at);
    page_begin(r, receipt);
    Buf *b = &r->out;
    buf_printf(b, "<article class=\"receipt\">\n<h1>%s</h1>\n<p class=\"receipt-no\">%s <strong>%h</strong></p>\n",
               L(r, "维修资金缴存收据", "Maintenance fund receipt"), L(r, "收据编号", "Receipt no."), receipt);
    buf_printf(b, "<table class=\"facts\">\n<tr><th>%s</th><td>%h</td></tr>\n<tr><th>%s</th><td>%h</td></tr>\n"
                  "<tr><th>%s</th><td>%h</td></tr>\n<tr><th>%s</th><td>%A ㎡</td></tr>\n"
                  "<tr><th>%s</th><td class=\"amount\"><strong>%M</strong> %s</td></tr>\n<tr><th>%s</th><td>%s</td></tr>\n"
                  "<tr><th>%s</th><td>%h</td></tr>\n<tr><th>%s</th><td>%M / %M %s</td></tr>\n<tr><th>%s</th><td>%h</td></tr>\n</table>\n",
               L(r, "资金账户", "Fund"), f.name, L(r, "征收项目", "Levy"), levy, L(r, "房屋", "Flat"), address,
               L(r, "建筑面积", "Floor area"), area, L(r, "本次缴款", "Paid now"), amount, L(r, "元", "yuan"),
               L(r, "方式", "Method"), strcmp(method, "cash") == 0 ? L(r, "现金", "cash") : L(r, "转账", "transfer"),
               L(r, "缴款时间", "Paid at"), at, L(r, "累计已缴 / 应缴", "Paid so far / due"), paid, due, L(r, "元", "yuan"),
               L(r, "经办人", "Recorded by"), by);
    if (paid < due)
        buf_printf(b, "<p>%s <strong>%M</strong> %s</p>\n", L(r, "尚欠", "Still outstanding:"), due - paid, L(r, "元", "yuan"));
    buf_printf(b, "<p class=\"hint no-print\">%s</p>\n</article>\n",
               L(r, "请使用浏览器的“打印”功能打印本收据；本收据已记入复式账，可在住户分户账中查到。",
                 "Print this page with the browser's Print; the payment is in the ledger and the household's sub-account."));
    if (funds_may_see_ledger(&c, f.node_path, NULL))
        buf_printf(b, "<p class=\"no-print\"><a href=\"/levies/%lld\">%s</a></p>\n",
                   (long long)levy_id, L(r, "返回征收", "Back to the levy"));
    page_end(r);
}

/* ---- the annual budget (on the statement page) ------------------------------------------ */

bool funds_budget_form(Req *r, const Fund *f, int year)
{
    Ctx c = site_ctx(r);
    if (!funds_may_manage(&c, f->node_path, NULL))
        return true;
    Buf *b = &r->out;
    buf_printf(b, "<h2 id=\"budget\">%s</h2>\n<form method=\"post\" action=\"/funds/%lld/budget\" class=\"budget-form\">",
               L(r, "设定年度预算", "Set the annual budget"), (long long)f->id);
    page_csrf_field(r);
    buf_printf(b, "<label for=\"year\">%s</label><input type=\"number\" id=\"year\" name=\"year\" min=\"2000\" max=\"2200\" value=\"%d\" required>"
                  "<label for=\"budget-account\">%s</label><select id=\"budget-account\" name=\"account_code\">",
               L(r, "年度", "Year"), year, L(r, "科目", "Account"));
    DbStmt *st = db_query(r->db,
                          "SELECT code, name FROM fund_account WHERE fund_id = ? AND type IN ('income','expense') ORDER BY code",
                          DB_I(f->id));
    while (db_step(st) == DB_ROW)
        buf_printf(b, "<option value=\"%h\">%h %h</option>", db_col_text(st, 0), db_col_text(st, 0), db_col_text(st, 1));
    if (!db_done(st))
        return false;
    buf_printf(b, "</select><label for=\"budget-amount\">%s</label><input type=\"text\" id=\"budget-amount\" name=\"amount\" inputmode=\"decimal\" required>"
                  "<p><button type=\"submit\">%s</button></p></form>\n",
               L(r, "预算金额（元）", "Budget (yuan)"), L(r, "保存预算", "Save"));
    return true;
}

void page_fund_budget_post(Req *r)
{
    int64_t id, year, amount, bid;
    Fund f;
    if (!req_param_id_or_reply(r, "id", &id) || !funds_fund_allowed_or_reply(r, id, PERM_FUNDS_MANAGE, &f) ||
        !req_form_int_or_reply(r, "year", 2000, 2200, 0, &year))
        return;
    if (!year) {
        reply_error(r, 400, "missing_field", "year", "请填写年度", "The year is missing");
        return;
    }
    if (!funds_parse_money(req_form(r, "amount"), &amount) || amount < 0) {
        reply_error(r, 400, "bad_value", "amount", "预算金额应为元，最多两位小数", "The budget must be yuan, at most two decimals");
        return;
    }
    if (!funds_budget_set_or_reply(r, &f, year, req_form(r, "account_code"), amount, &bid))
        return;
    resp_redirect(r, arena_printf(r->arena, "/funds/%lld/statement?month=%lld-12#budget", (long long)id, (long long)year));
}

/* ---- bank reconciliation ------------------------------------------------------------------ */

void page_fund_reconcile(Req *r)
{
    int64_t id, import_id = 0;
    Fund f;
    if (!req_param_id_or_reply(r, "id", &id) || !funds_fund_allowed_or_reply(r, id, PERM_FUNDS_MANAGE, &f) ||
        !req_query_int_or_reply(r, "import", 0, 0, INT64_MAX, &import_id))
        return;
    if (!import_id &&
        !db_int(r->db, &import_id, "SELECT COALESCE(MAX(import_id), 0) FROM bank_line WHERE fund_id = ?", DB_I(id))) {
        funds_db_error_reply(r);
        return;
    }
    page_begin(r, L(r, "银行对账", "Bank reconciliation"));
    Buf *b = &r->out;
    back_link(r, &f);
    buf_printf(b, "<h1>%s · %h</h1>\n<form method=\"post\" action=\"/funds/%lld/reconcile\" enctype=\"multipart/form-data\" class=\"reconcile-form\">",
               L(r, "银行对账", "Bank reconciliation"), f.name, (long long)id);
    page_csrf_field(r);
    buf_printf(b, "<label for=\"statement\">%s</label><input type=\"file\" id=\"statement\" name=\"statement\" accept=\".csv,text/csv\" required>"
                  "<p class=\"hint\">%s</p><p><button type=\"submit\">%s</button></p></form>\n",
               L(r, "银行对账单（CSV）", "Bank statement (CSV)"),
               L(r, "第一行为表头：日期,金额,参考号,摘要（或 date,amount,reference,description）；金额以元计，支出为负数。",
                 "Header: date,amount,reference,description; yuan, negative for money out."),
               L(r, "上传并对账", "Upload and match"));
    if (!import_id) {
        page_end(r);
        return;
    }
    int64_t total = 0, matched = 0;
    if (!db_int(r->db, &total, "SELECT COUNT(*) FROM bank_line WHERE fund_id = ? AND import_id = ?", DB_I(id), DB_I(import_id))) {
        funds_db_error_reply(r);
        return;
    }
    if (!db_int(r->db, &matched, "SELECT COUNT(*) FROM bank_line WHERE fund_id = ? AND import_id = ? AND entry_id IS NOT NULL",
               DB_I(id), DB_I(import_id))) {
        funds_db_error_reply(r);
        return;
    }
    buf_printf(b, "<h2>%s #%lld</h2>\n<p class=\"summary\">%s <strong class=\"lines\">%lld</strong> %s，%s <strong class=\"matched\">%lld</strong>，"
                  "%s <strong class=\"unmatched\">%lld</strong></p>\n",
               L(r, "对账结果", "Result of import"), (long long)import_id, L(r, "共", "Lines:"), (long long)total,
               L(r, "行", ""), L(r, "已匹配", "matched"), (long long)matched, L(r, "未匹配", "unmatched"),
               (long long)(total - matched));
    for (int pass = 0; pass < 2; pass++) {
        buf_printf(b, "<h3>%s</h3>\n<div class=\"table-wrap\"><table class=\"cards %s\">\n<thead><tr><th>%s</th><th>%s</th>"
                      "<th class=\"num\">%s</th><th>%s</th><th>%s</th><th>%s</th></tr></thead>\n<tbody>\n",
                   pass ? L(r, "已匹配", "Matched") : L(r, "未匹配（需要核查）", "Unmatched (to check)"),
                   pass ? "matched-lines" : "unmatched-lines", L(r, "行", "Line"), L(r, "日期", "Date"),
                   L(r, "金额（元）", "Amount"), L(r, "参考号", "Reference"), L(r, "摘要", "Description"),
                   L(r, "对应分录", "Entry"));
        DbStmt *st = db_query(r->db,
                              "SELECT line_no, day, amount, reference, description, COALESCE(entry_id, 0) FROM bank_line "
                              "WHERE fund_id = ? AND import_id = ? ORDER BY line_no",
                              DB_I(id), DB_I(import_id));
        while (db_step(st) == DB_ROW) {
            int64_t entry = db_col_int(st, 5);
            if ((entry != 0) != (pass == 1))
                continue;
            char day[20];
            clock_format_local(db_col_int(st, 1), day);
            day[10] = '\0';
            buf_printf(b, "<tr><td data-label=\"%s\">%lld</td><td data-label=\"%s\">%h</td><td class=\"num\" data-label=\"%s\">%M</td>"
                          "<td data-label=\"%s\">%h</td><td data-label=\"%s\">%h</td><td data-label=\"%s\">",
                       L(r, "行", "Line"), (long long)db_col_int(st, 0), L(r, "日期", "Date"), day, L(r, "金额（元）", "Amount"),
                       db_col_int(st, 2), L(r, "参考号", "Reference"), db_col_text(st, 3), L(r, "摘要", "Description"),
                       db_col_text(st, 4), L(r, "对应分录", "Entry"));
            if (entry)
                buf_printf(b, "#%lld", (long long)entry);
            else
                buf_puts(b, "—");
            buf_puts(b, "</td></tr>\n");
        }
        if (!db_done(st)) {
            funds_db_error_reply(r);
            return;
        }
        buf_puts(b, "</tbody></table></div>\n");
    }
    page_end(r);
}

void page_fund_reconcile_post(Req *r)
{
    int64_t id, import_id;
    Fund f;
    if (!req_param_id_or_reply(r, "id", &id) || !funds_fund_allowed_or_reply(r, id, PERM_FUNDS_MANAGE, &f))
        return;
    const Upload *u = req_upload(r, "statement");
    if (!u || u->len == 0) {
        reply_error(r, 400, "missing_field", "statement", "请选择银行对账单文件", "Choose the statement file");
        return;
    }
    if (!funds_reconcile_import_or_reply(r, &f, (const char *)u->data, u->len, &import_id))
        return;
    resp_redirect(r, arena_printf(r->arena, "/funds/%lld/reconcile?import=%lld", (long long)id, (long long)import_id));
}
