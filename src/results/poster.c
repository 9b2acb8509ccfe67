/* poster.c: the notice-board poster (项目成果展示栏) as a printable A4 PDF,
 * drawn with cairo, Chinese set by pango with the Noto CJK fonts of Debian:
 * the key figures beside their baseline and target, the orders of each
 * month as bars drawn here (no browser, no ECharts on paper), and a QR
 * code back to the dashboard online. Everything on it is aggregate. */
#include "results/results.h"

#include <cairo-pdf.h>
#include <cairo.h>
#include <pango/pangocairo.h>
#include <qrencode.h>
#include <string.h>

/* A4 in points */
#define PW 595.0
#define PH 842.0
#define MARGIN 42.0

static cairo_status_t to_buf(void *closure, const unsigned char *data, unsigned int len)
{
    buf_append((Buf *)closure, (const char *)data, len);
    return CAIRO_STATUS_SUCCESS;
}

/* Text at (x, y) in `font` ("Noto Sans CJK SC Bold 28"), at most width
 * wide (wrapped), returning its height. */
static double text(cairo_t *cr, double x, double y, double width, const char *font, const char *s)
{
    PangoLayout *l = pango_cairo_create_layout(cr);
    PangoFontDescription *fd = pango_font_description_from_string(font);
    pango_layout_set_font_description(l, fd);
    pango_layout_set_width(l, (int)(width * PANGO_SCALE));
    pango_layout_set_wrap(l, PANGO_WRAP_WORD_CHAR);
    pango_layout_set_text(l, s, -1);
    cairo_move_to(cr, x, y);
    pango_cairo_show_layout(cr, l);
    int w, h;
    pango_layout_get_size(l, &w, &h);
    pango_font_description_free(fd);
    g_object_unref(l);
    return (double)h / PANGO_SCALE;
}

static void qr(cairo_t *cr, double x, double y, double size, const char *url)
{
    QRcode *q = QRcode_encodeString(url, 0, QR_ECLEVEL_M, QR_MODE_8, 1);
    if (!q)
        return;
    double m = size / (q->width + 8);
    cairo_set_source_rgb(cr, 1, 1, 1);
    cairo_rectangle(cr, x, y, size, size);
    cairo_fill(cr);
    cairo_set_source_rgb(cr, 0, 0, 0);
    for (int r = 0; r < q->width; r++)
        for (int c = 0; c < q->width; c++)
            if (q->data[r * q->width + c] & 1)
                cairo_rectangle(cr, x + (c + 4) * m, y + (r + 4) * m, m, m);
    cairo_fill(cr);
    QRcode_free(q);
}

static const ResDashRow *row_of(const ResDashboard *d, const char *code)
{
    for (int i = 0; i < d->n_rows; i++)
        if (strcmp(d->rows[i].ind->code, code) == 0)
            return &d->rows[i];
    return NULL;
}

/* The orders reported each month as bars with their counts written above. */
static void bars(cairo_t *cr, const ResDashRow *row, double x, double y, double w, double h)
{
    int64_t max = 0;
    for (int m = 0; m < RES_MONTHS; m++)
        if (row->months[m].has && row->months[m].value > max)
            max = row->months[m].value;
    double slot = w / RES_MONTHS, base = y + h - 18;
    cairo_set_source_rgb(cr, 0.2, 0.2, 0.2);
    cairo_set_line_width(cr, 1);
    cairo_move_to(cr, x, base);
    cairo_line_to(cr, x + w, base);
    cairo_stroke(cr);
    for (int m = 0; m < RES_MONTHS; m++) {
        int64_t v = row->months[m].has ? row->months[m].value : 0;
        double bh = max ? (h - 40) * (double)v / (double)max : 0;
        cairo_set_source_rgb(cr, 0.0, 0.447, 0.698); /* Okabe–Ito blue, as on the dashboard */
        cairo_rectangle(cr, x + m * slot + slot * 0.15, base - bh, slot * 0.7, bh);
        cairo_fill(cr);
        cairo_set_source_rgb(cr, 0, 0, 0);
        char label[24];
        snprintf(label, sizeof label, "%lld", (long long)v);
        text(cr, x + m * slot, base - bh - 14, slot, "Noto Sans CJK SC 8", label);
        snprintf(label, sizeof label, "%d月", m + 1);
        text(cr, x + m * slot + 2, base + 2, slot, "Noto Sans CJK SC 8", label);
    }
}

static const char *const k_key[] = {"wo_orders", "wo_on_time", "wo_median_minutes", "wo_rating", "votes_consent_area",
                                    "money_in", "money_out", "households"};

bool res_poster_pdf(const ResDashboard *d, const char *url, Buf *out)
{
    size_t before = out->len;
    cairo_surface_t *s = cairo_pdf_surface_create_for_stream(to_buf, out, PW, PH);
    if (cairo_surface_status(s) != CAIRO_STATUS_SUCCESS) {
        cairo_surface_destroy(s);
        return false;
    }
    char title[256];
    snprintf(title, sizeof title, "%s %d年成果展示", d->node.name, d->year.year);
    cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_TITLE, title);
    cairo_t *cr = cairo_create(s);
    cairo_set_source_rgb(cr, 1, 1, 1);
    cairo_paint(cr);
    cairo_set_source_rgb(cr, 0.65, 0.21, 0.01);
    cairo_rectangle(cr, 0, 0, PW, 12);
    cairo_fill(cr);
    cairo_set_source_rgb(cr, 0, 0, 0);
    double y = MARGIN;
    y += text(cr, MARGIN, y, PW - 2 * MARGIN, "Noto Sans CJK SC Bold 26", title) + 6;
    y += text(cr, MARGIN, y, PW - 2 * MARGIN, "Noto Sans CJK SC 11",
              "以下数字均由工单、表决、资金和名册的记录计算，不经人工填写；基线为改造前在系统外测得，注明来源和日期。") +
         14;
    /* the key figures: a table of name, baseline, this year, target */
    static const char *const head[] = {"指标", "基线", "本年", "目标"};
    double col[] = {MARGIN, MARGIN + 200, MARGIN + 300, MARGIN + 410};
    for (int k = 0; k < 4; k++)
        text(cr, col[k], y, 120, "Noto Sans CJK SC Bold 12", head[k]);
    y += 22;
    for (size_t i = 0; i < sizeof k_key / sizeof k_key[0]; i++) {
        const ResDashRow *row = row_of(d, k_key[i]);
        if (!row)
            continue;
        char v[48];
        cairo_set_source_rgb(cr, 0.85, 0.85, 0.85);
        cairo_rectangle(cr, MARGIN, y - 3, PW - 2 * MARGIN, 0.7);
        cairo_fill(cr);
        cairo_set_source_rgb(cr, 0, 0, 0);
        text(cr, col[0], y, 195, "Noto Sans CJK SC 12", row->ind->name_zh);
        text(cr, col[1], y, 95, "Noto Sans CJK SC 12", res_format(v, row->ind->unit, row->has_baseline, row->baseline.value));
        text(cr, col[2], y, 105, "Noto Sans CJK SC Bold 12", res_format(v, row->ind->unit, row->year.has, row->year.value));
        text(cr, col[3], y, 100, "Noto Sans CJK SC 12", res_format(v, row->ind->unit, row->has_target, row->target.value));
        y += 24;
    }
    y += 18;
    const ResDashRow *orders = row_of(d, "wo_orders");
    if (orders && orders->series) {
        y += text(cr, MARGIN, y, PW - 2 * MARGIN, "Noto Sans CJK SC Bold 14", "每月报事工单数（件）") + 8;
        bars(cr, orders, MARGIN, y, PW - 2 * MARGIN, 170);
        y += 190;
    }
    /* the QR code below the chart, never over it */
    double qs = 120, qy = y > PH - MARGIN - qs ? y : PH - MARGIN - qs;
    qr(cr, PW - MARGIN - qs, qy, qs, url);
    text(cr, MARGIN, PH - MARGIN - 90, PW - 2 * MARGIN - qs - 20, "Noto Sans CJK SC 12",
         "扫码查看网上成效看板：每个数字都可以追溯到它所依据的记录。");
    text(cr, MARGIN, PH - MARGIN - 24, PW - 2 * MARGIN - qs - 20, "Noto Sans Mono CJK SC 9", url);
    cairo_show_page(cr);
    cairo_destroy(cr);
    cairo_surface_finish(s);
    bool ok = cairo_surface_status(s) == CAIRO_STATUS_SUCCESS;
    cairo_surface_destroy(s);
    if (!ok) { /* nothing of a broken page stays in out */
        out->len = before;
        if (out->data)
            out->data[before] = '\0';
    }
    return ok;
}
