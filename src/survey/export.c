/* export.c: the results as XLSX (libxlsxwriter through core/sheet.h): one
 * row per option (a matrix: per statement and option) with, for the whole
 * and each group, the count and the percentage of that question's own
 * denominator, which has its row above the options. */
#include <string.h>

#include "core/sheet.h"
#include "survey/web_int.h"

static const char *group_label(const char *key)
{
    if (strcmp(key, "65p") == 0)
        return "65岁及以上";
    if (strcmp(key, "under65") == 0)
        return "65岁以下";
    if (strcmp(key, "unknown") == 0)
        return "年龄不详";
    return "全部";
}

/* count and percentage in two cells, or "<5" when the cell is hidden */
static void cells(lxw_worksheet *ws, lxw_row_t row, lxw_col_t col, int64_t count, int64_t den, bool hide,
                  lxw_format *pct)
{
    if (hide) {
        worksheet_write_string(ws, row, col, "<5", NULL);
        return;
    }
    worksheet_write_number(ws, row, col, (double)count, NULL);
    int p = survey_pct10(count, den);
    if (p >= 0)
        worksheet_write_number(ws, row, col + 1, p / 10.0, pct);
}

void survey_results_xlsx_reply(Req *r, const Survey *s, const SurveyResults *res)
{
    Ctx c = site_ctx(r);
    bool small = survey_may_see_small_cells(&c, s);
    SheetXlsx x;
    if (!sheet_xlsx_begin(&x, "gz-survey")) {
        reply_error(r, 500, "internal", NULL, "无法生成表格", "Could not write the spreadsheet");
        return;
    }
    lxw_workbook *wb = x.wb;
    lxw_worksheet *ws = wb ? workbook_add_worksheet(wb, "结果") : NULL;
    bool ok = ws != NULL;
    if (ok) {
        lxw_format *bold = workbook_add_format(wb), *pct = workbook_add_format(wb);
        format_set_bold(bold);
        format_set_num_format(pct, "0.0");
        worksheet_set_column(ws, 0, 0, 8, NULL);
        worksheet_set_column(ws, 1, 1, 40, NULL);
        worksheet_set_column(ws, 2, 2, 30, NULL);
        worksheet_write_string(ws, 0, 0, s->title, bold);
        worksheet_write_string(ws, 1, 0, "发放户数", NULL);
        worksheet_write_number(ws, 1, 1, (double)res->sent, NULL);
        worksheet_write_string(ws, 2, 0, "答卷户数", NULL);
        worksheet_write_number(ws, 2, 1, (double)res->respondents, NULL);
        /* every response carries its channel: the respondents by channel */
        worksheet_write_string(ws, 3, 0, "其中：网上 / 纸质 / 入户", NULL);
        worksheet_write_string(ws, 3, 1,
                               arena_printf(r->arena, "%lld / %lld / %lld", (long long)res->by_channel[0],
                                            (long long)res->by_channel[1], (long long)res->by_channel[2]),
                               NULL);
        lxw_col_t wcol = (lxw_col_t)(3 + 2 * res->n_groups);
        lxw_row_t row = 4;
        worksheet_write_string(ws, row, 0, "题号", bold);
        worksheet_write_string(ws, row, 1, "题目", bold);
        worksheet_write_string(ws, row, 2, "选项", bold);
        for (int g = 0; g < res->n_groups; g++) {
            worksheet_write_string(ws, row, (lxw_col_t)(3 + 2 * g), arena_printf(r->arena, "%s 人数", group_label(res->group_keys[g])), bold);
            worksheet_write_string(ws, row, (lxw_col_t)(4 + 2 * g), "比例（%）", bold);
        }
        worksheet_write_string(ws, row, wcol, "加权比例（%，按各层目标）", bold);
        row++;
        for (int i = 0; i < s->def.n; i++) {
            const SurveyQuestion *q = &s->def.q[i];
            worksheet_write_string(ws, row, 0, q->key, bold);
            worksheet_write_string(ws, row, 1, q->title, bold);
            worksheet_write_string(ws, row, 2, "作答人数（本题分母）", NULL);
            for (int g = 0; g < res->n_groups; g++) {
                const SurveyTally *t = &res->t[g * s->def.n + i];
                bool hide = g > 0 && !small && t->answered < 5;
                if (hide)
                    worksheet_write_string(ws, row, (lxw_col_t)(3 + 2 * g), "<5", NULL);
                else
                    worksheet_write_number(ws, row, (lxw_col_t)(3 + 2 * g), (double)t->answered, NULL);
            }
            row++;
            if (q->kind == SQ_MATRIX) {
                for (int w = 0; w < q->n_rows; w++)
                    for (int o = 0; o < q->n_options; o++, row++) {
                        worksheet_write_string(ws, row, 2, arena_printf(r->arena, "%s：%s", q->rows[w], q->options[o]), NULL);
                        for (int g = 0; g < res->n_groups; g++) {
                            const SurveyTally *t = &res->t[g * s->def.n + i];
                            cells(ws, row, (lxw_col_t)(3 + 2 * g), t->counts[w * q->n_options + o], t->row_answered[w],
                                  g > 0 && !small && t->row_answered[w] < 5, pct);
                        }
                    }
            } else if (q->kind == SQ_SINGLE || q->kind == SQ_MULTI || q->kind == SQ_SCALE) {
                for (int o = 0; o < q->n_options; o++, row++) {
                    worksheet_write_string(ws, row, 2, q->options[o], NULL);
                    for (int g = 0; g < res->n_groups; g++) {
                        const SurveyTally *t = &res->t[g * s->def.n + i];
                        cells(ws, row, (lxw_col_t)(3 + 2 * g), t->counts[o], t->answered,
                              g > 0 && !small && (t->answered < 5 || t->counts[o] < 5), pct);
                    }
                    if (res->weighted && res->wpm && res->wpm[i] && res->wpm[i][o] >= 0)
                        worksheet_write_number(ws, row, wcol, res->wpm[i][o] / 10.0, pct);
                }
            }
        }
    }
    if (!sheet_xlsx_finish(&x, ok, &r->out)) {
        buf_reset(&r->out);
        reply_error(r, 500, "internal", NULL, "无法生成表格", "Could not write the spreadsheet");
        return;
    }
    r->content_type_out = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    resp_header(r, "Content-Disposition", "attachment; filename=\"survey-results.xlsx\"");
}
