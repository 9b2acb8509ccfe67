/* export.c: 台账, the ledgers a street office asks for, generated from the
 * records instead of typed again: GET /api/reports/{kind}.xlsx?node=&period=
 * for a place (street, community, grid, compound) and a period (month,
 * quarter, year), PERM_REPORTS there.
 *   workorders.xlsx  工单台账: every order reported in the period (no
 *                    reporter, no description) and a sheet by category
 *                    and result;
 *   meetings.xlsx    会议和表决台账: the meetings held and the votes closed;
 *   funds.xlsx       资金台账: every entry that moved a fund's bank account,
 *                    with a sheet of totals per fund.
 * Each sheet's first rows name the place, the period and when it was made. */
#include "results/web_int.h"

#include <stdio.h>
#include <string.h>

#include "core/clock.h"
#include "core/sheet.h"
#include "funds/charts.h"
#include "vote/progress.h"
#include "workorder/stats.h"
#include "workorder/workorder.h"

#define LEDGER_MAX 100000

typedef enum { REP_WORKORDERS = 0, REP_MEETINGS, REP_FUNDS, REP__COUNT } ReportKind;
static const char *const k_report[REP__COUNT] = {"workorders.xlsx", "meetings.xlsx", "funds.xlsx"};

typedef struct Sheet {
    lxw_workbook *wb;
    lxw_format *bold, *money;
} Sheet;

static const char *when(Req *r, int64_t t)
{
    if (!t)
        return "";
    char *s = arena_alloc(r->arena, 20);
    clock_format_local(t, s);
    return s;
}

/* A new sheet with its heading rows; the table starts on row 3. */
static lxw_worksheet *sheet_new(Req *r, Sheet *s, const char *name, const char *title, const NodeInfo *n,
                                const ResPeriod *p, const char *const *head, int n_head)
{
    lxw_worksheet *ws = workbook_add_worksheet(s->wb, name);
    if (!ws)
        return NULL;
    Ctx c = site_ctx(r);
    char zh[32];
    worksheet_write_string(ws, 0, 0, arena_printf(r->arena, "%s · %s · %s", n->name, res_period_zh(p, zh), title),
                           s->bold);
    worksheet_write_string(ws, 1, 0, arena_printf(r->arena, "由系统记录生成于 %s（北京时间）", when(r, c.now)), NULL);
    sheet_xlsx_row_strings(ws, 2, head, n_head, s->bold);
    for (int i = 0; i < n_head; i++)
        worksheet_set_column(ws, (lxw_col_t)i, (lxw_col_t)i, i == 0 ? 10 : 18, NULL);
    return ws;
}

static void money_cell(lxw_worksheet *ws, lxw_row_t row, lxw_col_t col, int64_t fen, lxw_format *f)
{
    worksheet_write_number(ws, row, col, (double)fen / 100.0, f); /* yuan, exact to the fen below 2^53 fen */
}

static bool workorders(Req *r, Sheet *s, const NodeInfo *n, const ResPeriod *p)
{
    Ctx c = site_ctx(r);
    WoLedgerRow *rows;
    int k;
    bool capped;
    if (!wo_ledger(&c, n->path, p->from, p->to, LEDGER_MAX, &rows, &k, &capped))
        return false;
    static const char *const head[] = {"工单号", "报事时间", "院落", "类别", "状态", "办结时间", "办结时限", "按时办结", "评价"};
    lxw_worksheet *ws = sheet_new(r, s, "工单", "工单台账", n, p, head, 9);
    if (!ws)
        return false;
    int64_t last_compound = -1;
    const char *cname = "";
    for (int i = 0; i < k; i++) {
        const WoLedgerRow *w = &rows[i];
        lxw_row_t row = (lxw_row_t)(i + 3);
        if (w->compound_id != last_compound) {
            NodeInfo cn;
            cname = w->compound_id && grid_node_find(&c, w->compound_id, &cn) == GRID_OK ? cn.name : "";
            last_compound = w->compound_id;
        }
        WoState st;
        worksheet_write_number(ws, row, 0, (double)w->id, NULL);
        worksheet_write_string(ws, row, 1, when(r, w->created_at), NULL);
        worksheet_write_string(ws, row, 2, cname, NULL);
        worksheet_write_string(ws, row, 3, w->category, NULL);
        worksheet_write_string(ws, row, 4, wo_state_parse(w->state, &st) ? wo_state_label_zh(st) : w->state, NULL);
        worksheet_write_string(ws, row, 5, when(r, w->done_at), NULL);
        worksheet_write_string(ws, row, 6, when(r, w->resolve_due), NULL);
        worksheet_write_string(ws, row, 7, !w->done_at ? "" : w->done_at <= w->resolve_due ? "是" : "否", NULL);
        if (w->rating)
            worksheet_write_number(ws, row, 8, w->rating, NULL);
    }
    if (capped)
        worksheet_write_string(ws, (lxw_row_t)(k + 3), 0, "（超过十万件，其余未列出，请缩小范围）", s->bold);
    /* by category and result: reported, done, done on time, still open */
    static const char *const shead[] = {"类别", "报事", "已办结", "按时办结", "未办结", "按时办结率（%）"};
    lxw_worksheet *ss = sheet_new(r, s, "按类别汇总", "工单按类别和结果汇总", n, p, shead, 6);
    if (!ss)
        return false;
    int n_cat = 0;
    const char **cats = arena_alloc(r->arena, sizeof *cats * (size_t)(k + 1));
    int64_t(*fig)[4] = arena_alloc(r->arena, sizeof *fig * (size_t)(k + 1));
    for (int i = 0; i < k; i++) {
        int j = 0;
        while (j < n_cat && strcmp(cats[j], rows[i].category) != 0)
            j++;
        if (j == n_cat) {
            cats[n_cat] = rows[i].category;
            memset(fig[n_cat], 0, sizeof fig[n_cat]);
            n_cat++;
        }
        fig[j][0]++;
        if (rows[i].done_at) {
            fig[j][1]++;
            fig[j][2] += rows[i].done_at <= rows[i].resolve_due;
        } else {
            fig[j][3]++;
        }
    }
    for (int j = 0; j < n_cat; j++) {
        lxw_row_t row = (lxw_row_t)(j + 3);
        worksheet_write_string(ss, row, 0, cats[j], NULL);
        for (int q = 0; q < 3; q++)
            worksheet_write_number(ss, row, (lxw_col_t)(q + 1), (double)fig[j][q], NULL);
        worksheet_write_number(ss, row, 4, (double)fig[j][3], NULL);
        int64_t pm;
        if (res_rate_permille(fig[j][2], fig[j][1], &pm))
            worksheet_write_number(ss, row, 5, (double)pm / 10.0, NULL);
        else
            worksheet_write_string(ss, row, 5, "—", NULL);
    }
    return true;
}

static const char *meeting_kind_zh(const char *k)
{
    return strcmp(k, "party_joint") == 0 ? "党建联席会" : strcmp(k, "council") == 0 ? "居民议事会" : "多方协调会";
}

static const char *meeting_status_zh(const char *s)
{
    return strcmp(s, "planned") == 0 ? "计划" : strcmp(s, "held") == 0 ? "已召开" : "纪要已公示";
}

static bool meetings(Req *r, Sheet *s, const NodeInfo *n, const ResPeriod *p)
{
    Ctx c = site_ctx(r);
    VoteMeetingRow *m;
    int k;
    bool capped;
    if (!vote_meetings_between(&c, n->path, p->from, p->to, &m, &k, &capped))
        return false;
    static const char *const head[] = {"编号", "时间", "类型", "议题", "状态", "形成决定"};
    lxw_worksheet *ws = sheet_new(r, s, "会议", "会议台账", n, p, head, 6);
    if (!ws)
        return false;
    for (int i = 0; i < k; i++) {
        lxw_row_t row = (lxw_row_t)(i + 3);
        worksheet_write_number(ws, row, 0, (double)m[i].id, NULL);
        worksheet_write_string(ws, row, 1, when(r, m[i].starts_at), NULL);
        worksheet_write_string(ws, row, 2, meeting_kind_zh(m[i].kind), NULL);
        worksheet_write_string(ws, row, 3, m[i].title, NULL);
        worksheet_write_string(ws, row, 4, meeting_status_zh(m[i].status), NULL);
        worksheet_write_string(ws, row, 5, m[i].has_decisions ? "是" : "否", NULL);
    }
    VoteClosed *v;
    if (!vote_closed_between(&c, n->path, p->from, p->to, &v, &k, &capped))
        return false;
    static const char *const vhead[] = {"编号", "结束时间", "事项", "结果", "参与面积（㎡）", "同意面积（㎡）", "同意率（%）"};
    lxw_worksheet *vs = sheet_new(r, s, "表决", "表决台账", n, p, vhead, 7);
    if (!vs)
        return false;
    for (int i = 0; i < k; i++) {
        lxw_row_t row = (lxw_row_t)(i + 3);
        worksheet_write_number(vs, row, 0, (double)v[i].id, NULL);
        worksheet_write_string(vs, row, 1, when(r, v[i].closed_at), NULL);
        worksheet_write_string(vs, row, 2, v[i].title, NULL);
        worksheet_write_string(vs, row, 3, v[i].passed ? "通过" : "未通过", NULL);
        if (!v[i].art278)
            continue;
        worksheet_write_number(vs, row, 4, (double)v[i].area_part / 100.0, NULL);
        worksheet_write_number(vs, row, 5, (double)v[i].area_yes / 100.0, NULL);
        int64_t pm;
        if (res_rate_permille(v[i].area_yes, v[i].area_part, &pm))
            worksheet_write_number(vs, row, 6, (double)pm / 10.0, NULL);
    }
    return true;
}

static bool funds(Req *r, Sheet *s, const NodeInfo *n, const ResPeriod *p)
{
    Ctx c = site_ctx(r);
    FundsFlow *f;
    int nf;
    FundsErr e;
    if (!funds_flows(&c, n->path, p->from, p->to, &f, &nf, &e))
        return false;
    static const char *const thead[] = {"账户", "类型", "收入（元）", "支出（元）"};
    lxw_worksheet *ts = sheet_new(r, s, "汇总", "资金收支汇总", n, p, thead, 4);
    static const char *const head[] = {"分录号", "记账时间", "账户", "摘要", "收入（元）", "支出（元）"};
    lxw_worksheet *ws = sheet_new(r, s, "明细", "资金台账", n, p, head, 6);
    if (!ts || !ws)
        return false;
    lxw_row_t row = 3;
    for (int i = 0; i < nf; i++) {
        worksheet_write_string(ts, (lxw_row_t)(i + 3), 0, f[i].name, NULL);
        worksheet_write_string(ts, (lxw_row_t)(i + 3), 1, f[i].kind, NULL);
        money_cell(ts, (lxw_row_t)(i + 3), 2, f[i].in, s->money);
        money_cell(ts, (lxw_row_t)(i + 3), 3, f[i].out, s->money);
        FundsLedgerRow *l;
        int nl;
        bool capped;
        if (!funds_ledger_rows(&c, f[i].fund_id, p->from, p->to, LEDGER_MAX, &l, &nl, &capped, &e))
            return false;
        for (int j = 0; j < nl; j++, row++) {
            worksheet_write_number(ws, row, 0, (double)l[j].entry_id, NULL);
            worksheet_write_string(ws, row, 1, when(r, l[j].posted_at), NULL);
            worksheet_write_string(ws, row, 2, f[i].name, NULL);
            worksheet_write_string(ws, row, 3, l[j].memo, NULL);
            money_cell(ws, row, 4, l[j].in, s->money);
            money_cell(ws, row, 5, l[j].out, s->money);
        }
    }
    return true;
}

void api_report_xlsx(Req *r)
{
    const char *file = req_param(r, "file");
    int kind = 0;
    while (kind < REP__COUNT && strcmp(file, k_report[kind]) != 0)
        kind++;
    if (kind == REP__COUNT) {
        res_err_reply(r, &(ResErr){RM_BAD_REPORT, "kind", NULL});
        return;
    }
    NodeInfo n;
    if (!res_node_or_reply(r, &n))
        return;
    Ctx c = site_ctx(r);
    if (!res_may_see(&c, n.path)) {
        res_err_reply(r, &(ResErr){RM_NO_SUCH_NODE, "node", NULL});
        return;
    }
    if (!res_may_report(&c, n.path)) {
        res_err_reply(r, &(ResErr){RM_FORBIDDEN, NULL, NULL});
        return;
    }
    ResPeriod p;
    const char *ps = req_query(r, "period");
    if (ps && *ps) {
        if (!res_period_parse(ps, &p)) {
            res_err_reply(r, &(ResErr){RM_BAD_PERIOD, "period", NULL});
            return;
        }
    } else {
        res_period_of(RES_MONTH, c.now, &p);
    }
    SheetXlsx x;
    if (!sheet_xlsx_begin(&x, "gz-report")) {
        reply_error(r, 500, "internal", NULL, "无法生成表格", "Could not write the spreadsheet");
        return;
    }
    Sheet s = {x.wb, NULL, NULL};
    bool ok = x.wb != NULL;
    if (ok) {
        s.bold = workbook_add_format(x.wb);
        format_set_bold(s.bold);
        s.money = workbook_add_format(x.wb);
        format_set_num_format(s.money, "#,##0.00");
        ok = kind == REP_WORKORDERS ? workorders(r, &s, &n, &p)
             : kind == REP_MEETINGS ? meetings(r, &s, &n, &p)
                                    : funds(r, &s, &n, &p);
    }
    if (!sheet_xlsx_finish(&x, ok, &r->out)) {
        buf_reset(&r->out);
        ResErr e;
        (void)res_err_db(&e, r->db);
        res_err_reply(r, &e);
        return;
    }
    r->content_type_out = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    resp_header(r, "Content-Disposition",
                arena_printf(r->arena, "attachment; filename=\"%s-%s-%lld.xlsx\"", kind == REP_WORKORDERS ? "workorders"
                                                                                   : kind == REP_MEETINGS ? "meetings"
                                                                                                          : "funds",
                             p.label, (long long)n.id));
}
