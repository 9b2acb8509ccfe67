/* export.c: the annual disclosure (totals in, out, interest and balance;
 * each project's cost and split; each household's figures) as JSON, CSV and
 * XLSX, and the bank statement import with its reconciliation. */
#include <csv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "auth/audit.h"
#include "site/site.h"
#include "core/clock.h"
#include "core/sheet.h"
#include "funds/web_int.h"
#include "funds/web_public.h"
#include "site/page.h"

/* ---- the disclosure's figures ---------------------------------------------------- */

typedef struct Project { const char *name, *split; int64_t payments, cost; } Project;
typedef struct HouseFig { const char *address; int64_t area, due, paid, share, balance; } HouseFig;
typedef struct Disclosure {
    int year;
    int64_t opening, in, interest, out, closing;
    Project *projects; int n_projects;
    HouseFig *houses; int n_houses;
} Disclosure;

static bool year_bounds(int year, int64_t *start, int64_t *end)
{
    char d[24];
    snprintf(d, sizeof d, "%04d-01-01", year);
    if (!clock_parse_local_day(d, start))
        return false;
    snprintf(d, sizeof d, "%04d-01-01", year + 1);
    return clock_parse_local_day(d, end);
}

static bool disclosure_load(Req *r, const Fund *f, int year, Disclosure *d)
{
    memset(d, 0, sizeof *d);
    d->year = year;
    int64_t start, end;
    if (!year_bounds(year, &start, &end))
        return false;
    int64_t bank = funds_account_by_code(r->db, f->id, "1001");
    bool ok = db_int(r->db, &d->opening,
                     "SELECT COALESCE(SUM(l.debit - l.credit), 0) FROM journal_line l JOIN journal_entry e ON e.id = l.entry_id "
                     "WHERE l.account_id = ? AND e.posted_at < ?",
                     DB_I(bank), DB_I(start)) &&
              db_int(r->db, &d->in,
                     "SELECT COALESCE(SUM(l.debit), 0) FROM journal_line l JOIN journal_entry e ON e.id = l.entry_id "
                     "WHERE l.account_id = ? AND e.posted_at >= ? AND e.posted_at < ?",
                     DB_I(bank), DB_I(start), DB_I(end)) &&
              db_int(r->db, &d->out,
                     "SELECT COALESCE(SUM(l.credit), 0) FROM journal_line l JOIN journal_entry e ON e.id = l.entry_id "
                     "WHERE l.account_id = ? AND e.posted_at >= ? AND e.posted_at < ?",
                     DB_I(bank), DB_I(start), DB_I(end)) &&
              db_int(r->db, &d->interest,
                     "SELECT COALESCE(SUM(l.debit), 0) FROM journal_line l JOIN journal_entry e ON e.id = l.entry_id "
                     "WHERE l.account_id = ? AND e.is_interest = 1 AND e.posted_at >= ? AND e.posted_at < ?",
                     DB_I(bank), DB_I(start), DB_I(end));
    d->closing = d->opening;
    /* fits within FUNDS_FUND_LIMIT; a hand-edited database is refused, not mis-added */
    if (!ok || !funds_add(&d->closing, d->in, INT64_MAX) || !funds_add(&d->closing, -d->out, INT64_MAX))
        return false;
    /* projects: the payments disbursed in the year, by project */
    DbStmt *st = db_query(r->db,
                          "SELECT p.project, COUNT(*), SUM(p.amount), MAX(COALESCE(a.name, '')), "
                          "MAX((SELECT COUNT(*) FROM journal_line l2 JOIN fund_account a2 ON a2.id = l2.account_id "
                          "     WHERE l2.entry_id = p.entry_id AND a2.household_id IS NOT NULL)) "
                          "FROM payment p JOIN journal_entry e ON e.id = p.entry_id "
                          "LEFT JOIN fund_account a ON a.id = p.expense_account_id "
                          "WHERE p.fund_id = ? AND p.status = 'disbursed' AND e.posted_at >= ? AND e.posted_at < ? "
                          "GROUP BY p.project ORDER BY p.project",
                          DB_I(f->id), DB_I(start), DB_I(end));
    int cap = 0;
    while (db_step(st) == DB_ROW) {
        d->projects = funds_grow(r->arena, d->projects, d->n_projects, &cap, 16, sizeof *d->projects);
        Project *p = &d->projects[d->n_projects++];
        p->name = arena_strdup(r->arena, db_col_text(st, 0)[0] ? db_col_text(st, 0) : "（未列项目）");
        p->payments = db_col_int(st, 1);
        p->cost = db_col_int(st, 2);
        int64_t households = db_col_int(st, 4);
        if (households > 0) {
            p->split = arena_printf(r->arena, "按建筑面积分摊至%lld户分户账", (long long)households);
        } else {
            Buf t = BUF_INIT; /* plain text: it goes to JSON, CSV and XLSX, each escaping its own way */
            buf_puts(&t, "列支科目：");
            buf_puts(&t, db_col_text(st, 3));
            p->split = arena_strdup(r->arena, buf_str(&t));
            buf_free(&t);
        }
    }
    if (!db_done(st))
        return false;
    /* households: the maintenance fund's sub-accounts */
    st = db_query(r->db,
                  "SELECT a.name, "
                  "COALESCE((SELECT SUM(c.area) FROM levy_charge c WHERE c.account_id = a.id), 0), "
                  "COALESCE((SELECT SUM(c.due) FROM levy_charge c WHERE c.account_id = a.id), 0), "
                  "COALESCE((SELECT SUM(c.paid) FROM levy_charge c WHERE c.account_id = a.id), 0), "
                  "COALESCE((SELECT SUM(l.debit) FROM journal_line l JOIN journal_entry e ON e.id = l.entry_id "
                  "  WHERE l.account_id = a.id AND e.posted_at >= ? AND e.posted_at < ?), 0), "
                  "-a.balance FROM fund_account a WHERE a.fund_id = ? AND a.household_id IS NOT NULL ORDER BY a.name",
                  DB_I(start), DB_I(end), DB_I(f->id));
    cap = 0;
    while (db_step(st) == DB_ROW) {
        d->houses = funds_grow(r->arena, d->houses, d->n_houses, &cap, 64, sizeof *d->houses);
        d->houses[d->n_houses++] = (HouseFig){arena_strdup(r->arena, db_col_text(st, 0)), db_col_int(st, 1),
                                              db_col_int(st, 2), db_col_int(st, 3), db_col_int(st, 4), db_col_int(st, 5)};
    }
    return db_done(st);
}

static void attachment(Req *r, const char *type, const char *disposition)
{
    r->content_type_out = type;
    resp_header(r, "Content-Disposition", disposition);
}

static void disclosure_csv(Req *r, const Fund *f, const Disclosure *d)
{
    Buf *b = &r->out;
    attachment(r, "text/csv; charset=utf-8", "attachment; filename=\"fund-disclosure.csv\"");
    buf_puts(b, "\xEF\xBB\xBF"); /* the BOM makes Excel read UTF-8 */
    sheet_csv_field(b, f->name);
    buf_printf(b, ",%d\r\n项目,金额（元）\r\n", d->year);
    buf_printf(b, "期初余额,%M\r\n本年收入,%M\r\n其中利息,%M\r\n本年支出,%M\r\n期末余额,%M\r\n\r\n", d->opening, d->in,
               d->interest, d->out, d->closing);
    buf_puts(b, "工程项目,付款笔数,金额（元）,分摊方式\r\n");
    for (int i = 0; i < d->n_projects; i++) {
        sheet_csv_field(b, d->projects[i].name);
        buf_printf(b, ",%lld,%M,", (long long)d->projects[i].payments, d->projects[i].cost);
        sheet_csv_field(b, d->projects[i].split);
        buf_puts(b, "\r\n");
    }
    if (d->n_houses) {
        buf_puts(b, "\r\n房屋,面积（㎡）,应缴（元）,已缴（元）,本年分摊（元）,余额（元）\r\n");
        for (int i = 0; i < d->n_houses; i++) {
            const HouseFig *h = &d->houses[i];
            sheet_csv_field(b, h->address);
            buf_printf(b, ",%A,%M,%M,%M,%M\r\n", h->area, h->due, h->paid, h->share, h->balance);
        }
    }
}

/* Yuan as a spreadsheet number: fen / 100 is exact to the cent for any sum
 * below 2^53 fen; the integer fen stay the truth in the ledger. */
static double yuan(int64_t fen)
{
    return (double)fen / 100.0;
}

/* A money cell: a number while a double holds it to the cent, else the
 * exact figure as text (a year's turnover may pass 2^53 fen, 90 trillion
 * yuan, within FUNDS_FUND_LIMIT). */
static void money_cell(lxw_worksheet *ws, lxw_row_t row, lxw_col_t col, int64_t fen, lxw_format *fmt)
{
    if (fen > -(INT64_C(1) << 53) && fen < (INT64_C(1) << 53)) {
        worksheet_write_number(ws, row, col, yuan(fen), fmt);
        return;
    }
    Buf t = BUF_INIT;
    buf_printf(&t, "%M", fen);
    worksheet_write_string(ws, row, col, buf_str(&t), NULL);
    buf_free(&t);
}

static void disclosure_xlsx(Req *r, const Fund *f, const Disclosure *d)
{
    SheetXlsx x;
    if (!sheet_xlsx_begin(&x, "gz-funds")) {
        reply_error(r, 500, "internal", NULL, "无法生成表格", "Could not write the spreadsheet");
        return;
    }
    lxw_workbook *wb = x.wb;
    lxw_worksheet *sum = wb ? workbook_add_worksheet(wb, "汇总") : NULL;
    lxw_worksheet *proj = wb ? workbook_add_worksheet(wb, "项目") : NULL;
    lxw_worksheet *hh = wb && d->n_houses ? workbook_add_worksheet(wb, "分户") : NULL;
    bool ok = sum && proj;
    if (ok) {
        lxw_format *bold = workbook_add_format(wb), *money = workbook_add_format(wb);
        format_set_bold(bold);
        format_set_num_format(money, "0.00");
        worksheet_set_column(sum, 0, 0, 30, NULL);
        worksheet_set_column(sum, 1, 1, 18, NULL);
        worksheet_write_string(sum, 0, 0, f->name, bold);
        worksheet_write_number(sum, 0, 1, d->year, NULL);
        static const char *const head[] = {"项目", "金额（元）"};
        sheet_xlsx_row_strings(sum, 1, head, 2, bold);
        const char *labels[] = {"期初余额", "本年收入", "其中利息", "本年支出", "期末余额"};
        int64_t values[] = {d->opening, d->in, d->interest, d->out, d->closing};
        for (int i = 0; i < 5; i++) {
            worksheet_write_string(sum, (lxw_row_t)(i + 2), 0, labels[i], NULL);
            money_cell(sum, (lxw_row_t)(i + 2), 1, values[i], money);
        }
        worksheet_set_column(proj, 0, 0, 30, NULL);
        worksheet_set_column(proj, 3, 3, 36, NULL);
        static const char *const ph[] = {"工程项目", "付款笔数", "金额（元）", "分摊方式"};
        sheet_xlsx_row_strings(proj, 0, ph, 4, bold);
        for (int i = 0; i < d->n_projects; i++) {
            lxw_row_t row = (lxw_row_t)(i + 1);
            worksheet_write_string(proj, row, 0, d->projects[i].name, NULL);
            worksheet_write_number(proj, row, 1, (double)d->projects[i].payments, NULL);
            money_cell(proj, row, 2, d->projects[i].cost, money);
            worksheet_write_string(proj, row, 3, d->projects[i].split, NULL);
        }
        if (hh) {
            worksheet_set_column(hh, 0, 0, 36, NULL);
            static const char *const hd[] = {"房屋", "面积（㎡）", "应缴（元）", "已缴（元）", "本年分摊（元）", "余额（元）"};
            sheet_xlsx_row_strings(hh, 0, hd, 6, bold);
            for (int i = 0; i < d->n_houses; i++) {
                const HouseFig *h = &d->houses[i];
                lxw_row_t row = (lxw_row_t)(i + 1);
                worksheet_write_string(hh, row, 0, h->address, NULL);
                worksheet_write_number(hh, row, 1, yuan(h->area), money);
                money_cell(hh, row, 2, h->due, money);
                money_cell(hh, row, 3, h->paid, money);
                money_cell(hh, row, 4, h->share, money);
                money_cell(hh, row, 5, h->balance, money);
            }
        }
    }
    if (!sheet_xlsx_finish(&x, ok, &r->out)) {
        buf_reset(&r->out);
        reply_error(r, 500, "internal", NULL, "无法生成表格", "Could not write the spreadsheet");
        return;
    }
    attachment(r, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
               "attachment; filename=\"fund-disclosure.xlsx\"");
}

static void disclosure_json(Req *r, const Fund *f, const Disclosure *d)
{
    Buf *b = &r->out;
    resp_json(r);
    buf_printf(b,
               "{\"fund_id\":%lld,\"name\":%j,\"year\":%d,\"summary\":{\"opening\":%lld,\"in\":%lld,\"interest\":%lld,"
               "\"out\":%lld,\"closing\":%lld},\"projects\":[",
               (long long)f->id, f->name, d->year, (long long)d->opening, (long long)d->in, (long long)d->interest,
               (long long)d->out, (long long)d->closing);
    for (int i = 0; i < d->n_projects; i++)
        buf_printf(b, "%s{\"project\":%j,\"payments\":%lld,\"cost\":%lld,\"split\":%j}", i ? "," : "",
                   d->projects[i].name, (long long)d->projects[i].payments, (long long)d->projects[i].cost,
                   d->projects[i].split);
    buf_puts(b, "],\"households\":[");
    for (int i = 0; i < d->n_houses; i++) {
        const HouseFig *h = &d->houses[i];
        buf_printf(b, "%s{\"address\":%j,\"area\":%lld,\"due\":%lld,\"paid\":%lld,\"share\":%lld,\"balance\":%lld}",
                   i ? "," : "", h->address, (long long)h->area, (long long)h->due, (long long)h->paid,
                   (long long)h->share, (long long)h->balance);
    }
    buf_puts(b, "]}");
}

/* The fund named by {id} (readable) and ?year= (this year in Asia/Shanghai
 * by default), as the disclosure's API and page both take them. */
static bool disclosure_request_or_reply(Req *r, int64_t *id, Fund *f, int64_t *year)
{
    char local[20];
    clock_format_local(clock_now(), local);
    return req_param_id_or_reply(r, "id", id) && funds_fund_allowed_or_reply(r, *id, PERM_TREE_READ, f) &&
           req_query_int_or_reply(r, "year", atoi(local), 2000, 2200, year);
}

static bool disclosure_load_or_reply(Req *r, const Fund *f, int year, Disclosure *d)
{
    if (disclosure_load(r, f, year, d))
        return true;
    FundsErr e;
    funds_err_db(&e, r->db);
    funds_err_reply(r, &e);
    return false;
}

void api_fund_disclosure(Req *r)
{
    int64_t id, year;
    Fund f;
    if (!disclosure_request_or_reply(r, &id, &f, &year))
        return;
    const char *format = req_query(r, "format");
    if (format && strcmp(format, "json") != 0 && strcmp(format, "csv") != 0 && strcmp(format, "xlsx") != 0) {
        reply_error(r, 400, "bad_param", "format", "格式只能是 json、csv 或 xlsx", "The format is json, csv or xlsx");
        return;
    }
    Disclosure d;
    if (!disclosure_load_or_reply(r, &f, (int)year, &d))
        return;
    if (format && strcmp(format, "csv") == 0)
        disclosure_csv(r, &f, &d);
    else if (format && strcmp(format, "xlsx") == 0)
        disclosure_xlsx(r, &f, &d);
    else
        disclosure_json(r, &f, &d);
}

/* ---- bank statement import and reconciliation ------------------------------------ */

typedef struct CsvRows {
    Arena *arena;
    char *fields[8]; int n_fields; bool too_many;
    char ***rows; int *widths; int n, cap;
} CsvRows;

static void csv_on_field(void *s, size_t len, void *data)
{
    CsvRows *c = data;
    if (c->n_fields >= 8) {
        c->too_many = true;
        return;
    }
    char *f = NULL; /* CSV_EMPTY_IS_NULL: an empty unquoted field arrives as NULL */
    if (s) {
        f = arena_alloc(c->arena, len + 1);
        memcpy(f, s, len);
        f[len] = '\0';
    }
    c->fields[c->n_fields++] = f;
}

static void csv_on_row(int term, void *data)
{
    (void)term;
    CsvRows *c = data;
    if (c->n == c->cap) {
        c->cap = c->cap ? c->cap * 2 : 64;
        char ***g = arena_alloc(c->arena, sizeof *g * (size_t)c->cap);
        int *w = arena_alloc(c->arena, sizeof *w * (size_t)c->cap);
        if (c->n) {
            memcpy(g, c->rows, sizeof *g * (size_t)c->n);
            memcpy(w, c->widths, sizeof *w * (size_t)c->n);
        }
        c->rows = g;
        c->widths = w;
    }
    char **row = arena_alloc(c->arena, sizeof *row * 8);
    memcpy(row, c->fields, sizeof *row * 8);
    c->rows[c->n] = row;
    c->widths[c->n++] = c->too_many ? 99 : c->n_fields;
    c->n_fields = 0;
    c->too_many = false;
}

/* Adds the line number to the bad_csv error just replied: it helps the
 * person fix the file. */
static void csv_error_line(Req *r, int line)
{
    if (r->out.len > 2 && r->out.data[r->out.len - 1] == '}' && r->out.data[r->out.len - 2] == '}') {
        r->out.len -= 1;
        r->out.data[r->out.len] = '\0';
        buf_printf(&r->out, ",\"line\":%d}", line);
    }
}

static bool header_is(char **f, int w)
{
    static const char *const en[] = {"date", "amount", "reference", "description"};
    static const char *const zh[] = {"日期", "金额", "参考号", "摘要"};
    if (w != 4)
        return false;
    for (int i = 0; i < 4; i++)
        if (!f[i] || (strcasecmp(f[i], en[i]) != 0 && strcmp(f[i], zh[i]) != 0))
            return false;
    return true;
}

typedef struct ReconOut {
    int64_t import_id, lo, hi;
    int n, m, matched;
    ReconLine *lines;
    ReconEntry *ents;
    CsvRows c;
} ReconOut;

/* Parses a statement CSV, matches its lines to the bank's entries and
 * stores them as one import (audited). Replies 400 bad_csv (with the line)
 * itself; nothing is stored then. */
static bool reconcile_run(Req *r, const Fund *f, const char *body, size_t len, ReconOut *o)
{
    if (!body)
        body = "";
    if (len >= 3 && memcmp(body, "\xEF\xBB\xBF", 3) == 0) {
        body += 3;
        len -= 3;
    }
    CsvRows c;
    memset(&c, 0, sizeof c);
    c.arena = r->arena;
    struct csv_parser p;
    if (csv_init(&p, CSV_APPEND_NULL | CSV_STRICT | CSV_EMPTY_IS_NULL) != 0) {
        reply_error(r, 500, "internal", NULL, "系统错误", "Internal error");
        return false;
    }
    bool parsed = csv_parse(&p, body, len, csv_on_field, csv_on_row, &c) == len &&
                  csv_fini(&p, csv_on_field, csv_on_row, &c) == 0;
    csv_free(&p);
    if (!parsed) {
        reply_error(r, 400, "bad_csv", "body", "CSV 格式错误（引号不配对？）",
                    "The CSV is malformed (unbalanced quotes?)");
        csv_error_line(r, c.n + 1);
        return false;
    }
    if (c.n == 0 || !header_is(c.rows[0], c.widths[0])) {
        reply_error(r, 400, "bad_csv", "body", "第一行应为表头：date,amount,reference,description（或 日期,金额,参考号,摘要）",
                    "The first line must be the header date,amount,reference,description");
        csv_error_line(r, 1);
        return false;
    }
    int n = c.n - 1;
    if (n == 0 || n > 5000) {
        reply_error(r, 400, "bad_csv", "body", "对账单应有1至5000行记录",
                    "A statement holds between 1 and 5000 lines");
        csv_error_line(r, 2);
        return false;
    }
    ReconLine *lines = arena_alloc(r->arena, sizeof *lines * (size_t)n);
    int64_t lo = INT64_MAX, hi = INT64_MIN;
    for (int i = 0; i < n; i++) {
        char **row = c.rows[i + 1];
        int64_t day, amount;
        if (c.widths[i + 1] != 4) {
            reply_error(r, 400, "bad_csv", "body", "每行应有4列：日期,金额,参考号,摘要",
                        "Each line needs 4 columns: date,amount,reference,description");
            csv_error_line(r, i + 2);
            return false;
        }
        if (!row[0] || !clock_parse_local_day(row[0], &day)) {
            reply_error(r, 400, "bad_csv", "body", "日期应为 YYYY-MM-DD",
                        "The date must be YYYY-MM-DD");
            csv_error_line(r, i + 2);
            return false;
        }
        if (!row[1] || !funds_parse_money(row[1], &amount) || amount == 0) {
            reply_error(r, 400, "bad_csv", "body", "金额应为非零的元，最多两位小数（支出为负数）",
                        "The amount must be non-zero yuan with at most two decimals (negative for money out)");
            csv_error_line(r, i + 2);
            return false;
        }
        lines[i] = (ReconLine){day, amount, row[2] ? row[2] : "", 0};
        if (day < lo)
            lo = day;
        if (day > hi)
            hi = day;
    }
    /* candidates: entries touching the bank near the statement's days, not yet matched */
    int64_t bank = funds_account_by_code(r->db, f->id, "1001");
    ReconEntry *ents = NULL;
    int m = 0, cap = 0;
    DbStmt *st = db_query(r->db,
                          "SELECT e.id, e.posted_at, l.debit - l.credit, e.reference FROM journal_line l "
                          "JOIN journal_entry e ON e.id = l.entry_id WHERE l.account_id = ? "
                          "AND e.posted_at >= ? AND e.posted_at < ? "
                          "AND NOT EXISTS (SELECT 1 FROM bank_line b WHERE b.entry_id = e.id) ORDER BY e.id",
                          DB_I(bank), DB_I(lo - 4 * 86400), DB_I(hi + 5 * 86400));
    while (db_step(st) == DB_ROW) {
        ents = funds_grow(r->arena, ents, m, &cap, 64, sizeof *ents);
        ents[m++] = (ReconEntry){db_col_int(st, 0), db_col_int(st, 1), db_col_int(st, 2),
                                 arena_strdup(r->arena, db_col_text(st, 3)), false};
    }
    if (!db_done(st)) {
        FundsErr e;
        funds_err_db(&e, r->db);
        funds_err_reply(r, &e);
        return false;
    }
    int matched = funds_reconcile(lines, n, ents, m);
    int64_t import_id = 0, now = clock_now();
    bool ok = db_int(r->db, &import_id, "SELECT COALESCE(MAX(import_id), 0) + 1 FROM bank_line WHERE fund_id = ?",
                     DB_I(f->id));
    for (int i = 0; ok && i < n; i++) {
        char **row = c.rows[i + 1];
        ok = db_exec(r->db,
                     "INSERT INTO bank_line (fund_id, import_id, line_no, day, amount, reference, description, entry_id, "
                     "created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                     DB_I(f->id), DB_I(import_id), DB_I(i + 2), DB_I(lines[i].day), DB_I(lines[i].amount),
                     DB_T(lines[i].reference), DB_T(row[3] ? row[3] : ""),
                     lines[i].matched_entry ? DB_I(lines[i].matched_entry) : DB_NULL, DB_I(now));
    }
    Buf a = BUF_INIT;
    buf_printf(&a, "{\"fund\":%lld,\"import\":%lld,\"lines\":%d,\"matched\":%d}", (long long)f->id, (long long)import_id, n,
               matched);
    ok = ok && audit_append(r->db, r->who ? r->who->user_id : 0, "bank_statement", import_id, "import", NULL, buf_str(&a));
    buf_free(&a);
    if (!ok) {
        FundsErr e;
        funds_err_db(&e, r->db);
        funds_err_reply(r, &e);
        return false;
    }
    o->import_id = import_id;
    o->lo = lo;
    o->hi = hi;
    o->n = n;
    o->m = m;
    o->matched = matched;
    o->lines = lines;
    o->ents = ents;
    o->c = c;
    return true;
}

bool funds_reconcile_import_or_reply(Req *r, const Fund *f, const char *body, size_t len, int64_t *import_id)
{
    ReconOut o;
    if (!reconcile_run(r, f, body, len, &o))
        return false;
    *import_id = o.import_id;
    return true;
}

void api_fund_reconcile(Req *r)
{
    int64_t id;
    Fund f;
    if (!req_param_id_or_reply(r, "id", &id) || !funds_fund_allowed_or_reply(r, id, PERM_FUNDS_MANAGE, &f))
        return;
    ReconOut o;
    if (!reconcile_run(r, &f, r->body, r->body_len, &o))
        return;
    int64_t import_id = o.import_id, lo = o.lo, hi = o.hi;
    int n = o.n, m = o.m, matched = o.matched;
    ReconLine *lines = o.lines;
    ReconEntry *ents = o.ents;
    CsvRows c = o.c;
    r->status = 201;
    resp_json(r);
    Buf *b = &r->out;
    buf_printf(b, "{\"import_id\":%lld,\"lines\":%d,\"matched\":%d,\"matches\":[", (long long)import_id, n, matched);
    for (int i = 0, k = 0; i < n; i++)
        if (lines[i].matched_entry)
            buf_printf(b, "%s{\"line\":%d,\"entry_id\":%lld}", k++ ? "," : "", i + 2, (long long)lines[i].matched_entry);
    buf_puts(b, "],\"unmatched_lines\":[");
    for (int i = 0, k = 0; i < n; i++) {
        if (lines[i].matched_entry)
            continue;
        buf_printf(b, "%s{\"line\":%d,\"date\":%j,\"amount\":%lld,\"reference\":%j,\"description\":%j}", k++ ? "," : "",
                   i + 2, c.rows[i + 1][0], (long long)lines[i].amount, lines[i].reference,
                   c.rows[i + 1][3] ? c.rows[i + 1][3] : "");
    }
    buf_puts(b, "],\"unmatched_entries\":[");
    for (int j = 0, k = 0; j < m; j++) {
        if (ents[j].used || ents[j].day < lo || ents[j].day >= hi + 86400)
            continue;
        char at[26];
        clock_format_iso(ents[j].day, at);
        buf_printf(b, "%s{\"entry_id\":%lld,\"posted_at\":%j,\"amount\":%lld,\"reference\":%j}", k++ ? "," : "",
                   (long long)ents[j].id, at, (long long)ents[j].amount, ents[j].reference);
    }
    buf_puts(b, "]}");
}

void page_fund_disclosure(Req *r)
{
    int64_t id, year;
    Fund f;
    if (!disclosure_request_or_reply(r, &id, &f, &year))
        return;
    Disclosure d;
    if (!disclosure_load_or_reply(r, &f, (int)year, &d))
        return;
    page_begin(r, L(r, "年度资金公开", "Annual disclosure"));
    Buf *b = &r->out;
    buf_printf(b, "<p class=\"breadcrumb\"><a href=\"/funds/%lld\">%h</a></p>\n<h1>%h %d %s</h1>\n", (long long)id, f.name,
               f.name, d.year, L(r, "年度公开", "annual disclosure"));
    buf_printf(b, "<p><a href=\"/funds/%lld/disclosure?year=%d\">‹ %d</a> · <a href=\"/funds/%lld/disclosure?year=%d\">%d ›</a> · "
                  "<a href=\"/api/funds/%lld/disclosure?year=%d&amp;format=xlsx\">Excel</a> · "
                  "<a href=\"/api/funds/%lld/disclosure?year=%d&amp;format=csv\">CSV</a></p>\n",
               (long long)id, d.year - 1, d.year - 1, (long long)id, d.year + 1, d.year + 1, (long long)id, d.year,
               (long long)id, d.year);
    buf_printf(b, "<table class=\"summary\">\n<tr><th>%s</th><td class=\"num\">%M</td></tr>\n<tr><th>%s</th><td class=\"num\">%M</td></tr>\n"
                  "<tr><th>%s</th><td class=\"num\">%M</td></tr>\n<tr><th>%s</th><td class=\"num\">%M</td></tr>\n"
                  "<tr><th>%s</th><td class=\"num\">%M</td></tr>\n</table>\n",
               L(r, "期初余额（元）", "Opening balance"), d.opening, L(r, "本年收入", "In"), d.in,
               L(r, "其中利息", "of which interest"), d.interest, L(r, "本年支出", "Out"), d.out,
               L(r, "期末余额", "Closing balance"), d.closing);
    buf_printf(b, "<h2>%s</h2>\n<div class=\"table-wrap\"><table>\n<tr><th>%s</th><th class=\"num\">%s</th><th class=\"num\">%s</th><th>%s</th></tr>\n",
               L(r, "工程项目与分摊", "Projects and how they were split"), L(r, "项目", "Project"), L(r, "笔数", "Payments"),
               L(r, "金额（元）", "Cost (yuan)"), L(r, "分摊方式", "Split"));
    for (int i = 0; i < d.n_projects; i++)
        buf_printf(b, "<tr><td>%h</td><td class=\"num\">%lld</td><td class=\"num\">%M</td><td>%h</td></tr>\n", d.projects[i].name,
                   (long long)d.projects[i].payments, d.projects[i].cost, d.projects[i].split);
    buf_puts(b, "</table></div>\n");
    if (d.n_houses) {
        buf_printf(b, "<h2>%s</h2>\n<div class=\"table-wrap\"><table class=\"households\">\n<tr><th>%s</th><th class=\"num\">%s</th>"
                      "<th class=\"num\">%s</th><th class=\"num\">%s</th><th class=\"num\">%s</th><th class=\"num\">%s</th></tr>\n",
                   L(r, "各户情况", "Each household"), L(r, "房屋", "Flat"), L(r, "面积（㎡）", "Area (m²)"), L(r, "应缴", "Due"),
                   L(r, "已缴", "Paid"), L(r, "本年分摊", "Share spent"), L(r, "余额", "Balance"));
        for (int i = 0; i < d.n_houses; i++) {
            const HouseFig *h = &d.houses[i];
            buf_printf(b, "<tr><td>%h</td><td class=\"num\">%A</td><td class=\"num\">%M</td><td class=\"num\">%M</td>"
                          "<td class=\"num\">%M</td><td class=\"num\">%M</td></tr>\n",
                       h->address, h->area, h->due, h->paid, h->share, h->balance);
        }
        buf_puts(b, "</table></div>\n");
    }
    page_end(r);
}

/* ---- the public disclosure: anyone with the link ----------------------------------- */

/* What anyone may read of a fund's year: the summary and the projects with
 * how they were split; the households' lines (their doors) stay for those
 * who may read the fund (/funds/{id}/disclosure). */
static bool public_disclosure_or_reply(Req *r, Fund *f, Disclosure *d)
{
    int64_t id, year;
    char local[20];
    clock_format_local(clock_now(), local);
    if (!req_param_id_or_reply(r, "id", &id))
        return false;
    if (!funds_fund_load(r, id, f)) {
        reply_error(r, 404, "not_found", NULL, "找不到这个资金账户", "No such fund");
        return false;
    }
    if (!req_query_int_or_reply(r, "year", atoi(local), 2000, 2200, &year) || !disclosure_load_or_reply(r, f, (int)year, d))
        return false;
    d->houses = NULL;
    d->n_houses = 0;
    return true;
}

void api_fund_disclosure_public(Req *r)
{
    Fund f;
    Disclosure d;
    if (!public_disclosure_or_reply(r, &f, &d))
        return;
    disclosure_json(r, &f, &d);
}

void page_fund_disclosure_public(Req *r)
{
    Fund f;
    Disclosure d;
    if (!public_disclosure_or_reply(r, &f, &d))
        return;
    page_begin(r, arena_printf(r->arena, "%s %d 年度公开", f.name, d.year));
    Buf *b = &r->out;
    buf_printf(b, "<p class=\"breadcrumb\">%h</p>\n<h1>%h %d 年度公开</h1>\n", f.node_name, f.name, d.year);
    buf_printf(b, "<p><a href=\"/public/funds/%lld/disclosure?year=%d\">‹ %d 年</a> · <a href=\"/public/funds/%lld/disclosure?year=%d\">%d 年 ›</a></p>\n",
               (long long)f.id, d.year - 1, d.year - 1, (long long)f.id, d.year + 1, d.year + 1);
    buf_printf(b, "<table class=\"summary\">\n<tr><th>期初余额（元）</th><td class=\"num\">%M</td></tr>\n"
                  "<tr><th>本年收入</th><td class=\"num\">%M</td></tr>\n<tr><th>其中利息</th><td class=\"num\">%M</td></tr>\n"
                  "<tr><th>本年支出</th><td class=\"num\">%M</td></tr>\n<tr><th>期末余额</th><td class=\"num\">%M</td></tr>\n</table>\n",
               d.opening, d.in, d.interest, d.out, d.closing);
    buf_puts(b, "<h2>工程项目与分摊</h2>\n");
    if (!d.n_projects)
        buf_puts(b, "<p>本年没有支出项目。</p>\n");
    for (int i = 0; i < d.n_projects; i++)
        buf_printf(b, "<div class=\"card\"><strong>%h</strong><br>%lld 笔，共 %M 元<br>分摊方式：%h</div>\n", d.projects[i].name,
                   (long long)d.projects[i].payments, d.projects[i].cost, d.projects[i].split);
    buf_puts(b, "<p>各户缴费与分摊明细请登录后在“资金”中查看。</p>\n");
    page_end(r);
}

bool funds_public_of(Req *r, int64_t compound_id, Fund **out, int *n)
{
    int cap = 0;
    *out = NULL;
    *n = 0;
    int64_t ids[16];
    int k = 0;
    /* a compound holds a handful of funds (maintenance, autonomy, trust) */
    DbStmt *st = db_query(r->db, "SELECT id FROM fund WHERE node_id = ? ORDER BY id LIMIT 16", DB_I(compound_id));
    while (db_step(st) == DB_ROW)
        ids[k++] = db_col_int(st, 0);
    if (!db_done(st))
        return false;
    for (int i = 0; i < k; i++) {
        *out = funds_grow(r->arena, *out, *n, &cap, 4, sizeof **out);
        if (!funds_fund_load(r, ids[i], &(*out)[*n]))
            return false;
        (*n)++;
    }
    return true;
}
