/* export.c: vote results and notices as CSV and XLSX (libxlsxwriter), the
 * forms community offices keep in Excel. */
#include "vote/vote.h"
#include "vote/web_int.h"

#include <string.h>

#include "site/site.h"
#include "core/clock.h"
#include "core/sheet.h"

/* One row of the result sheet: a label and a number or a text. */
typedef struct Fig {
    const char *label;
    int64_t value;
    const char *text; /* non-NULL: shown instead of value */
} Fig;

static Fig *result_figures(Req *r, const VoteRow *v, const VoteTally *t, int *n)
{
    Fig *f = arena_alloc(r->arena, sizeof *f * 40);
    int k = 0;
    f[k++] = (Fig){"表决事项", 0, v->title};
    f[k++] = (Fig){"范围", 0, v->node_name};
    f[k++] = (Fig){"状态", 0, vote_status_zh(v->status)};
    if (t->art278) {
        const Art278Result *a = &t->a;
        f[k++] = (Fig){"民法典第278条事项", a->matter, NULL};
        f[k++] = (Fig){"事项内容", 0, art278_matter_zh(a->matter)};
        f[k++] = (Fig){"通过标准", 0, a->supermajority ? "参与表决者面积与人数均四分之三以上同意" : "参与表决者面积与人数均过半数同意"};
        f[k++] = (Fig){"专有部分数", a->units, NULL};
        f[k++] = (Fig){"总面积（0.01平方米）", a->a_total, NULL};
        f[k++] = (Fig){"业主总人数", a->n_total, NULL};
        f[k++] = (Fig){"参与面积（0.01平方米）", a->a_part, NULL};
        f[k++] = (Fig){"参与人数", a->n_part, NULL};
        f[k++] = (Fig){"同意面积（0.01平方米）", a->a_yes, NULL};
        f[k++] = (Fig){"同意人数", a->n_yes, NULL};
        f[k++] = (Fig){"反对面积（0.01平方米）", a->a_no, NULL};
        f[k++] = (Fig){"反对人数", a->n_no, NULL};
        f[k++] = (Fig){"弃权面积（0.01平方米）", a->a_abstain, NULL};
        f[k++] = (Fig){"弃权人数", a->n_abstain, NULL};
        f[k++] = (Fig){"未表决面积（0.01平方米）", a->a_nonvoter, NULL};
        f[k++] = (Fig){"未表决人数", a->n_nonvoter, NULL};
        f[k++] = (Fig){"达到参与门槛（三分之二）", 0, a->quorum ? "是" : "否"};
        f[k++] = (Fig){"同意人数占全体业主（%）", 0, vote_pct(r->arena, a->n_yes, a->n_total)};
        f[k++] = (Fig){"结果", 0, a->passed ? "通过" : "未通过"};
    } else {
        const SimpleResult *s = &t->s;
        f[k++] = (Fig){"投票人总数", s->electorate, NULL};
        f[k++] = (Fig){"实际投票", s->cast, NULL};
        f[k++] = (Fig){"参与门槛（%）", s->quorum_pct, NULL};
        if (strcmp(v->method, "yes_no") == 0) {
            f[k++] = (Fig){"同意", s->yes, NULL};
            f[k++] = (Fig){"反对", s->no, NULL};
            f[k++] = (Fig){"弃权", s->abstain, NULL};
        } else {
            for (int i = 0; i < t->n_options && k < 36; i++)
                f[k++] = (Fig){t->options[i].label, t->option_votes[i], NULL};
        }
        f[k++] = (Fig){"结果", 0, s->passed ? "通过" : "未通过"};
    }
    *n = k;
    return f;
}

static bool result_or_reply(Req *r, VoteRow *v, VoteTally *t)
{
    if (!vote_result_allowed_or_reply(r, v))
        return false;
    if (!vote_tally(r->db, r->arena, v, t)) {
        reply_error(r, 500, "internal", NULL, "内部错误", "Internal error");
        return false;
    }
    return true;
}

static void attachment(Req *r, const char *type, const char *filename)
{
    r->content_type_out = type;
    resp_header(r, "Content-Disposition", filename);
}

static void xlsx_failed(Req *r)
{
    buf_reset(&r->out);
    reply_error(r, 500, "internal", NULL, "无法生成表格", "Could not write the spreadsheet");
}

/* Finishes the workbook and answers it as the attachment `filename`, or 500. */
static void xlsx_reply(Req *r, SheetXlsx *x, bool ok, const char *filename)
{
    if (!sheet_xlsx_finish(x, ok, &r->out)) {
        xlsx_failed(r);
        return;
    }
    attachment(r, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", filename);
}

void api_vote_result_csv(Req *r)
{
    VoteRow v;
    VoteTally t;
    if (!result_or_reply(r, &v, &t))
        return;
    int n;
    Fig *f = result_figures(r, &v, &t, &n);
    attachment(r, "text/csv; charset=utf-8", "attachment; filename=\"vote-result.csv\"");
    buf_puts(&r->out, "\xEF\xBB\xBF项目,数值\r\n"); /* the BOM makes Excel read UTF-8 */
    for (int i = 0; i < n; i++) {
        sheet_csv_field(&r->out, f[i].label);
        buf_putc(&r->out, ',');
        if (f[i].text)
            sheet_csv_field(&r->out, f[i].text);
        else
            buf_printf(&r->out, "%lld", (long long)f[i].value);
        buf_puts(&r->out, "\r\n");
    }
}

/* The result as a one-sheet workbook: a label and a value a row. */
void api_vote_result_xlsx(Req *r)
{
    VoteRow v;
    VoteTally t;
    if (!result_or_reply(r, &v, &t))
        return;
    int n;
    Fig *f = result_figures(r, &v, &t, &n);
    SheetXlsx x;
    if (!sheet_xlsx_begin(&x, "gz-vote")) {
        xlsx_failed(r);
        return;
    }
    lxw_worksheet *ws = x.wb ? workbook_add_worksheet(x.wb, "表决结果") : NULL;
    if (ws) {
        lxw_format *bold = workbook_add_format(x.wb);
        format_set_bold(bold);
        worksheet_set_column(ws, 0, 0, 36, NULL);
        worksheet_set_column(ws, 1, 1, 40, NULL);
        static const char *const head[] = {"项目", "数值"};
        sheet_xlsx_row_strings(ws, 0, head, 2, bold);
        for (int i = 0; i < n; i++) {
            worksheet_write_string(ws, (lxw_row_t)(i + 1), 0, f[i].label, NULL);
            if (f[i].text)
                worksheet_write_string(ws, (lxw_row_t)(i + 1), 1, f[i].text, NULL);
            else
                worksheet_write_number(ws, (lxw_row_t)(i + 1), 1, (double)f[i].value, NULL); /* exact below 2^53 */
        }
    }
    xlsx_reply(r, &x, ws != NULL, "attachment; filename=\"vote-result.xlsx\"");
}

/* ---- the notice board as a spreadsheet ---------------------------------------- */

typedef struct NoticeLine {
    int64_t id, corrects_id;
    const char *scope, *kind, *title, *body;
    char published[20], until[20];
} NoticeLine;

/* The notices the caller may read, newest first (at most 5,000); NULL
 * with the storage error replied when the read failed. */
static NoticeLine *notice_lines(Req *r, int *n)
{
    Ctx c = site_ctx(r);
    Notice *items = NULL;
    int64_t total = 0;
    *n = 0;
    if (!notice_list(&c, NULL, 0, 5000, &items, n, &total)) {
        vote_reply_db(r);
        return NULL;
    }
    NoticeLine *out = arena_alloc(r->arena, sizeof *out * (size_t)(*n + 1));
    for (int k = 0; k < *n; k++) {
        const Notice *t = &items[k];
        NoticeLine *l = &out[k];
        l->id = t->id;
        l->scope = t->node_name;
        l->kind = t->kind;
        l->title = t->title;
        l->body = t->body;
        clock_format_local(t->published_at, l->published);
        clock_format_local(t->objection_until, l->until);
        l->corrects_id = t->corrects_id;
    }
    return out;
}

static const char *const notice_headers[] = {"编号", "范围", "类别", "标题", "内容", "发布时间", "公示期至", "更正的公示"};

void api_notices_csv(Req *r)
{
    if (!auth_require_or_reply(r, PERM_TREE_READ, NULL))
        return;
    int n;
    NoticeLine *l = notice_lines(r, &n);
    if (!l)
        return;
    attachment(r, "text/csv; charset=utf-8", "attachment; filename=\"notices.csv\"");
    buf_puts(&r->out, "\xEF\xBB\xBF");
    for (int c = 0; c < 8; c++) {
        if (c)
            buf_putc(&r->out, ',');
        sheet_csv_field(&r->out, notice_headers[c]);
    }
    buf_puts(&r->out, "\r\n");
    for (int i = 0; i < n; i++) {
        buf_printf(&r->out, "%lld,", (long long)l[i].id);
        const char *cells[] = {l[i].scope, l[i].kind, l[i].title, l[i].body, l[i].published, l[i].until};
        for (int c = 0; c < 6; c++) {
            sheet_csv_field(&r->out, cells[c]);
            buf_putc(&r->out, ',');
        }
        if (l[i].corrects_id)
            buf_printf(&r->out, "%lld", (long long)l[i].corrects_id);
        buf_puts(&r->out, "\r\n");
    }
}

void api_notices_xlsx(Req *r)
{
    if (!auth_require_or_reply(r, PERM_TREE_READ, NULL))
        return;
    int n;
    NoticeLine *l = notice_lines(r, &n);
    if (!l)
        return;
    SheetXlsx x;
    if (!sheet_xlsx_begin(&x, "gz-notices")) {
        xlsx_failed(r);
        return;
    }
    lxw_worksheet *ws = x.wb ? workbook_add_worksheet(x.wb, "公示") : NULL;
    if (ws) {
        lxw_format *bold = workbook_add_format(x.wb);
        format_set_bold(bold);
        sheet_xlsx_row_strings(ws, 0, notice_headers, 8, bold);
        worksheet_set_column(ws, 3, 4, 40, NULL);
        for (int i = 0; i < n; i++) {
            lxw_row_t row = (lxw_row_t)(i + 1);
            worksheet_write_number(ws, row, 0, (double)l[i].id, NULL);
            const char *cells[] = {l[i].scope, l[i].kind, l[i].title, l[i].body, l[i].published, l[i].until};
            for (int c = 0; c < 6; c++)
                worksheet_write_string(ws, row, (lxw_col_t)(c + 1), cells[c], NULL);
            if (l[i].corrects_id)
                worksheet_write_number(ws, row, 7, (double)l[i].corrects_id, NULL);
        }
    }
    xlsx_reply(r, &x, ws != NULL, "attachment; filename=\"notices.xlsx\"");
}
