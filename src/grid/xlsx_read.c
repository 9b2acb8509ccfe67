/* xlsx_read.c: reads the first worksheet of an XLSX file as rows of text cells (libzip + expat).
 *
 * Supported:
 *   - the first <sheet> of xl/workbook.xml, found through its relationship in
 *     xl/_rels/workbook.xml.rels (falls back to xl/worksheets/sheet1.xml);
 *   - shared strings (xl/sharedStrings.xml), rich-text runs concatenated,
 *     phonetic runs (<rPh>) left out;
 *   - cell types s (shared string), str (formula text result), inlineStr,
 *     b (shown as TRUE / FALSE), e (the error text, e.g. #N/A), d (ISO text),
 *     n and untyped (the <v> text exactly as stored, e.g. "60.5" or
 *     "1.101051949123100E+17": numbers are never reformatted, so a long ID
 *     typed into a number cell shows up as what it is, a damaged number);
 *   - rows and cells with or without r="..." references; prefixed element
 *     names (x:row) and any prefix for the relationship id attribute.
 * Not supported, on purpose:
 *   - styles and number formats: a date cell reads as its serial number,
 *     a percentage as the fraction, "0.00" formats are not applied;
 *   - formulas are not evaluated (the cached result is read);
 *   - merged cells (only the top-left cell holds the value), hidden rows,
 *     other sheets, comments, encrypted (password) workbooks, .xls / .xlsb;
 *   - DOCTYPEs: OOXML never has one, so any DTD is refused outright (no
 *     entity expansion at all).
 * Limits against zip bombs and hostile files: every part at most 64 MB
 * uncompressed (checked while reading, not trusted from the directory),
 * at most 100,000 non-empty rows and 200 columns with values. */
#include "grid/xlsx_read.h"

#include <expat.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zip.h>

#include "core/buf.h"

#define XLSX_MAX_PART (64u * 1024 * 1024)
#define XLSX_MAX_ROWS 100000
#define XLSX_MAX_COLS 200
#define XLSX_MAX_SHEET_ROW 1048576 /* Excel's own row limit */

/* Same policy as buf.c: out of memory is a clear death, not a half-read sheet. */
static void *xrealloc(void *p, size_t n)
{
    void *q = realloc(p, n);
    if (!q) {
        fputs("gongzhi: out of memory\n", stderr);
        abort();
    }
    return q;
}

static char *xstrdup(const char *s)
{
    size_t n = strlen(s) + 1;
    return memcpy(xrealloc(NULL, n), s, n);
}

/* ---- reading parts of the zip ------------------------------------------- */

/* Reads a whole part into *out (NUL-terminated, malloc'd). Returns 1 when
 * read, 0 when the part does not exist, -1 on error (err filled). */
static int read_part(zip_t *za, const char *name, char **out, size_t *outlen, char *err, size_t errlen)
{
    *out = NULL;
    *outlen = 0;
    zip_int64_t idx = zip_name_locate(za, name, 0);
    if (idx < 0)
        return 0;
    zip_stat_t st;
    zip_stat_init(&st);
    if (zip_stat_index(za, (zip_uint64_t)idx, 0, &st) == 0 && (st.valid & ZIP_STAT_SIZE) && st.size > XLSX_MAX_PART) {
        snprintf(err, errlen, "XLSX 文件中的 %s 超过 64 MB，拒绝读取", name);
        return -1;
    }
    zip_file_t *zf = zip_fopen_index(za, (zip_uint64_t)idx, 0);
    if (!zf) {
        snprintf(err, errlen, "XLSX 文件已损坏：无法读取 %s（%s）", name, zip_strerror(za));
        return -1;
    }
    size_t cap = 65536, len = 0;
    char *data = xrealloc(NULL, cap + 1);
    for (;;) {
        if (len == cap) {
            /* The directory's size can lie; the limit holds on the bytes
             * actually inflated. */
            if (cap >= XLSX_MAX_PART) {
                free(data);
                zip_fclose(zf);
                snprintf(err, errlen, "XLSX 文件中的 %s 超过 64 MB，拒绝读取", name);
                return -1;
            }
            size_t ncap = cap * 2 > XLSX_MAX_PART ? XLSX_MAX_PART : cap * 2;
            data = xrealloc(data, ncap + 1);
            cap = ncap;
        }
        zip_int64_t k = zip_fread(zf, data + len, cap - len);
        if (k < 0) {
            snprintf(err, errlen, "XLSX 文件已损坏：读取 %s 失败（%s）", name, zip_file_strerror(zf));
            free(data);
            zip_fclose(zf);
            return -1;
        }
        if (k == 0)
            break;
        len += (size_t)k;
    }
    /* zip_fclose reports a CRC mismatch, i.e. a damaged part. */
    if (zip_fclose(zf) != 0) {
        free(data);
        snprintf(err, errlen, "XLSX 文件已损坏：%s 校验失败", name);
        return -1;
    }
    data[len] = 0;
    *out = data;
    *outlen = len;
    return 1;
}

/* ---- expat helpers ------------------------------------------------------- */

/* Element and attribute names without their namespace prefix. */
static const char *local_name(const char *name)
{
    const char *c = strrchr(name, ':');
    return c ? c + 1 : name;
}

static const char *attr(const XML_Char **atts, const char *want)
{
    for (int i = 0; atts[i]; i += 2)
        if (strcmp(atts[i], want) == 0)
            return atts[i + 1];
    return NULL;
}

typedef struct ParseBase {
    XML_Parser p;
    char *err;
    size_t errlen;
    bool failed;
} ParseBase;

static void parse_fail(ParseBase *b, const char *msg)
{
    if (!b->failed) {
        snprintf(b->err, b->errlen, "%s", msg);
        b->failed = true;
    }
    XML_StopParser(b->p, XML_FALSE);
}

static void XMLCALL refuse_doctype(void *ud, const XML_Char *name, const XML_Char *sysid, const XML_Char *pubid,
                                   int has_internal)
{
    parse_fail(ud, "XLSX 文件已损坏：含有 DOCTYPE 声明");
}

/* Runs the parser over a whole part. ud must start with a ParseBase. */
static bool run_parser(ParseBase *b, const char *part, const char *data, size_t len, XML_StartElementHandler start,
                       XML_EndElementHandler end, XML_CharacterDataHandler text)
{
    b->p = XML_ParserCreate("UTF-8");
    if (!b->p) {
        snprintf(b->err, b->errlen, "内存不足");
        return false;
    }
    XML_SetUserData(b->p, b);
    XML_SetElementHandler(b->p, start, end);
    if (text)
        XML_SetCharacterDataHandler(b->p, text);
    XML_SetStartDoctypeDeclHandler(b->p, refuse_doctype);
    bool ok = true;
    /* XML_Parse takes an int length; parts are capped at 64 MB. */
    if (XML_Parse(b->p, data, (int)len, 1) == XML_STATUS_ERROR) {
        if (!b->failed)
            snprintf(b->err, b->errlen, "XLSX 文件已损坏：%s 第 %lu 行 XML 错误（%s）", part,
                     (unsigned long)XML_GetCurrentLineNumber(b->p), XML_ErrorString(XML_GetErrorCode(b->p)));
        ok = false;
    }
    if (b->failed)
        ok = false;
    XML_ParserFree(b->p);
    b->p = NULL;
    return ok;
}

/* ---- workbook.xml and its relationships -------------------------------- */

typedef struct WorkbookCtx {
    ParseBase base;
    char *rid; /* relationship id of the first sheet */
} WorkbookCtx;

static void XMLCALL wb_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
    WorkbookCtx *c = ud;
    if (c->rid || strcmp(local_name(name), "sheet") != 0)
        return;
    /* The attribute is r:id with the relationships namespace; the prefix is
     * the writer's choice, so accept any prefixed "id". */
    for (int i = 0; atts[i]; i += 2) {
        if (strchr(atts[i], ':') && strcmp(local_name(atts[i]), "id") == 0) {
            c->rid = xstrdup(atts[i + 1]);
            return;
        }
    }
}

static void XMLCALL ignore_end(void *ud, const XML_Char *name)
{
}

typedef struct RelsCtx {
    ParseBase base;
    const char *rid;
    char *target;
} RelsCtx;

static void XMLCALL rels_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
    RelsCtx *c = ud;
    if (c->target || strcmp(local_name(name), "Relationship") != 0)
        return;
    const char *id = attr(atts, "Id"), *target = attr(atts, "Target");
    if (id && target && strcmp(id, c->rid) == 0)
        c->target = xstrdup(target);
}

/* The zip entry name of the first worksheet, malloc'd. */
static char *first_sheet_part(zip_t *za, char *err, size_t errlen)
{
    char *data;
    size_t len;
    char *part = NULL;
    if (read_part(za, "xl/workbook.xml", &data, &len, err, errlen) == 1) {
        WorkbookCtx wc = {{NULL, err, errlen, false}, NULL};
        bool ok = run_parser(&wc.base, "xl/workbook.xml", data, len, wb_start, ignore_end, NULL);
        free(data);
        char *rels;
        if (ok && wc.rid && read_part(za, "xl/_rels/workbook.xml.rels", &rels, &len, err, errlen) == 1) {
            RelsCtx rc = {{NULL, err, errlen, false}, wc.rid, NULL};
            if (run_parser(&rc.base, "xl/_rels/workbook.xml.rels", rels, len, rels_start, ignore_end, NULL) &&
                rc.target) {
                const char *t = rc.target;
                Buf b = BUF_INIT;
                /* Targets are relative to xl/ unless absolute within the package. */
                if (t[0] == '/')
                    buf_puts(&b, t + 1);
                else {
                    buf_puts(&b, "xl/");
                    buf_puts(&b, t);
                }
                part = buf_detach(&b);
            }
            free(rc.target);
            free(rels);
        }
        free(wc.rid);
    }
    if (!part || zip_name_locate(za, part, 0) < 0) {
        free(part);
        part = xstrdup("xl/worksheets/sheet1.xml");
    }
    err[0] = 0;
    return part;
}

/* ---- sharedStrings.xml --------------------------------------------------- */

typedef struct SstCtx {
    ParseBase base;
    char **items;
    size_t n, cap;
    Buf cur;
    bool in_si;
    int in_t;
    int in_rph;
} SstCtx;

static void XMLCALL sst_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
    SstCtx *c = ud;
    const char *n = local_name(name);
    if (strcmp(n, "si") == 0) {
        c->in_si = true;
        buf_reset(&c->cur);
    } else if (strcmp(n, "rPh") == 0)
        c->in_rph++;
    else if (strcmp(n, "t") == 0 && c->in_si)
        c->in_t++;
}

static void XMLCALL sst_end(void *ud, const XML_Char *name)
{
    SstCtx *c = ud;
    const char *n = local_name(name);
    if (strcmp(n, "si") == 0 && c->in_si) {
        c->in_si = false;
        if (c->n == c->cap) {
            c->cap = c->cap ? c->cap * 2 : 256;
            c->items = xrealloc(c->items, c->cap * sizeof *c->items);
        }
        c->items[c->n++] = xstrdup(buf_str(&c->cur));
    } else if (strcmp(n, "rPh") == 0 && c->in_rph)
        c->in_rph--;
    else if (strcmp(n, "t") == 0 && c->in_t)
        c->in_t--;
}

static void XMLCALL sst_text(void *ud, const XML_Char *s, int len)
{
    SstCtx *c = ud;
    if (c->in_si && c->in_t && !c->in_rph)
        buf_append(&c->cur, s, (size_t)len);
}

/* ---- the worksheet ------------------------------------------------------- */

typedef struct CellTmp {
    int col;
    char *text;
} CellTmp;

typedef struct SheetCtx {
    ParseBase base;
    char **sst;
    size_t n_sst;
    XlsxSheet *out;
    size_t rows_cap;
    /* current row */
    bool in_row;
    int row_line;
    int last_line;
    CellTmp *cells;
    int n_cells, cells_cap;
    int last_col;
    /* current cell */
    bool in_cell;
    int cell_col;
    char cell_type[12];
    int in_v, in_is, in_t, in_rph;
    Buf v, is;
} SheetCtx;

/* "B3" -> column 1, row 3. Returns false for anything else. */
static bool parse_ref(const char *ref, int *col, int *row)
{
    int c = 0, letters = 0;
    while (*ref >= 'A' && *ref <= 'Z') {
        c = c * 26 + (*ref - 'A' + 1);
        ref++;
        if (++letters > 3)
            return false;
    }
    if (letters == 0)
        return false;
    long r = 0;
    int digits = 0;
    while (*ref >= '0' && *ref <= '9') {
        r = r * 10 + (*ref - '0');
        ref++;
        if (++digits > 7)
            return false;
    }
    if (*ref || digits == 0 || r < 1 || c > 16384)
        return false;
    *col = c - 1;
    *row = (int)r;
    return true;
}

static bool parse_row_number(const char *s, int *out)
{
    long v = 0;
    if (!*s)
        return false;
    for (; *s; s++) {
        if (*s < '0' || *s > '9')
            return false;
        v = v * 10 + (*s - '0');
        if (v > XLSX_MAX_SHEET_ROW)
            return false;
    }
    if (v < 1)
        return false;
    *out = (int)v;
    return true;
}

static void XMLCALL sheet_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
    SheetCtx *c = ud;
    const char *n = local_name(name);
    if (strcmp(n, "row") == 0) {
        const char *r = attr(atts, "r");
        int line = c->last_line + 1;
        if (r && !parse_row_number(r, &line)) {
            parse_fail(&c->base, "XLSX 文件已损坏：行号无效");
            return;
        }
        c->in_row = true;
        c->row_line = line;
        c->last_line = line;
        c->n_cells = 0;
        c->last_col = -1;
    } else if (strcmp(n, "c") == 0 && c->in_row) {
        const char *r = attr(atts, "r"), *t = attr(atts, "t");
        int col = c->last_col + 1, row = c->row_line;
        if (r && !parse_ref(r, &col, &row)) {
            parse_fail(&c->base, "XLSX 文件已损坏：单元格引用无效");
            return;
        }
        c->in_cell = true;
        c->cell_col = col;
        c->last_col = col;
        snprintf(c->cell_type, sizeof c->cell_type, "%s", t ? t : "n");
        buf_reset(&c->v);
        buf_reset(&c->is);
    } else if (c->in_cell) {
        if (strcmp(n, "v") == 0)
            c->in_v++;
        else if (strcmp(n, "is") == 0)
            c->in_is++;
        else if (strcmp(n, "rPh") == 0)
            c->in_rph++;
        else if (strcmp(n, "t") == 0 && c->in_is)
            c->in_t++;
    }
}

static void sheet_add_cell(SheetCtx *c, char *text)
{
    if (!text[0]) {
        free(text);
        return;
    }
    if (c->cell_col >= XLSX_MAX_COLS) {
        free(text);
        char msg[160];
        snprintf(msg, sizeof msg, "第 %d 行在第 %d 列之后还有内容：最多支持 %d 列", c->row_line, XLSX_MAX_COLS,
                 XLSX_MAX_COLS);
        parse_fail(&c->base, msg);
        return;
    }
    for (int i = 0; i < c->n_cells; i++) {
        if (c->cells[i].col == c->cell_col) {
            free(c->cells[i].text);
            c->cells[i].text = text;
            return;
        }
    }
    if (c->n_cells == c->cells_cap) {
        c->cells_cap = c->cells_cap ? c->cells_cap * 2 : 16;
        c->cells = xrealloc(c->cells, (size_t)c->cells_cap * sizeof *c->cells);
    }
    c->cells[c->n_cells].col = c->cell_col;
    c->cells[c->n_cells].text = text;
    c->n_cells++;
}

static void sheet_end_cell(SheetCtx *c)
{
    const char *t = c->cell_type;
    const char *v = buf_str(&c->v);
    char *text;
    if (strcmp(t, "s") == 0) {
        if (!v[0])
            return;
        char *end;
        unsigned long idx = strtoul(v, &end, 10);
        if (*end || idx >= c->n_sst) {
            parse_fail(&c->base, "XLSX 文件已损坏：共享字符串索引越界");
            return;
        }
        text = xstrdup(c->sst[idx]);
    } else if (strcmp(t, "inlineStr") == 0)
        text = xstrdup(buf_str(&c->is));
    else if (strcmp(t, "b") == 0)
        text = xstrdup(!v[0] ? "" : strcmp(v, "0") == 0 ? "FALSE" : "TRUE");
    else
        text = xstrdup(v);
    sheet_add_cell(c, text);
}

static void sheet_end_row(SheetCtx *c)
{
    if (c->n_cells == 0)
        return;
    if (c->out->n_rows >= XLSX_MAX_ROWS) {
        parse_fail(&c->base, "工作表超过 100000 行，请分成几个文件导入");
        return;
    }
    int width = 0;
    for (int i = 0; i < c->n_cells; i++)
        if (c->cells[i].col + 1 > width)
            width = c->cells[i].col + 1;
    char **cells = xrealloc(NULL, (size_t)width * sizeof *cells);
    for (int i = 0; i < width; i++)
        cells[i] = NULL;
    for (int i = 0; i < c->n_cells; i++) {
        cells[c->cells[i].col] = c->cells[i].text;
        c->cells[i].text = NULL;
    }
    c->n_cells = 0;
    for (int i = 0; i < width; i++)
        if (!cells[i])
            cells[i] = xstrdup("");
    if ((size_t)c->out->n_rows == c->rows_cap) {
        c->rows_cap = c->rows_cap ? c->rows_cap * 2 : 64;
        c->out->rows = xrealloc(c->out->rows, c->rows_cap * sizeof *c->out->rows);
    }
    XlsxRow *row = &c->out->rows[c->out->n_rows++];
    row->line = c->row_line;
    row->n_cells = width;
    row->cells = cells;
}

static void XMLCALL sheet_end(void *ud, const XML_Char *name)
{
    SheetCtx *c = ud;
    const char *n = local_name(name);
    if (strcmp(n, "c") == 0 && c->in_cell) {
        c->in_cell = false;
        c->in_v = c->in_is = c->in_t = c->in_rph = 0;
        sheet_end_cell(c);
    } else if (strcmp(n, "row") == 0 && c->in_row) {
        c->in_row = false;
        sheet_end_row(c);
    } else if (c->in_cell) {
        if (strcmp(n, "v") == 0 && c->in_v)
            c->in_v--;
        else if (strcmp(n, "is") == 0 && c->in_is)
            c->in_is--;
        else if (strcmp(n, "rPh") == 0 && c->in_rph)
            c->in_rph--;
        else if (strcmp(n, "t") == 0 && c->in_t)
            c->in_t--;
    }
}

static void XMLCALL sheet_text(void *ud, const XML_Char *s, int len)
{
    SheetCtx *c = ud;
    if (!c->in_cell)
        return;
    if (c->in_v)
        buf_append(&c->v, s, (size_t)len);
    else if (c->in_is && c->in_t && !c->in_rph)
        buf_append(&c->is, s, (size_t)len);
}

/* ---- the public functions ------------------------------------------------ */

void xlsx_sheet_free(XlsxSheet *s)
{
    if (!s)
        return;
    for (int i = 0; i < s->n_rows; i++) {
        for (int k = 0; k < s->rows[i].n_cells; k++)
            free(s->rows[i].cells[k]);
        free(s->rows[i].cells);
    }
    free(s->rows);
    s->rows = NULL;
    s->n_rows = 0;
}

bool xlsx_read_first_sheet(const unsigned char *data, size_t len, XlsxSheet *out, char *err, size_t errlen)
{
    out->n_rows = 0;
    out->rows = NULL;
    if (errlen)
        err[0] = 0;
    if (!data || len < 4 || memcmp(data, "PK\x03\x04", 4) != 0) {
        snprintf(err, errlen, "不是 XLSX 文件（应为 Excel 2007 及以后的 .xlsx 格式）");
        return false;
    }
    zip_error_t zerr;
    zip_error_init(&zerr);
    zip_source_t *src = zip_source_buffer_create(data, len, 0, &zerr);
    if (!src) {
        snprintf(err, errlen, "无法读取 XLSX 文件：%s", zip_error_strerror(&zerr));
        zip_error_fini(&zerr);
        return false;
    }
    zip_t *za = zip_open_from_source(src, ZIP_RDONLY, &zerr);
    if (!za) {
        snprintf(err, errlen, "XLSX 文件已损坏，无法打开（%s）", zip_error_strerror(&zerr));
        zip_source_free(src);
        zip_error_fini(&zerr);
        return false;
    }
    zip_error_fini(&zerr);

    bool ok = false;
    SheetCtx sc;
    memset(&sc, 0, sizeof sc);
    SstCtx ss;
    memset(&ss, 0, sizeof ss);
    char *sheet_name = first_sheet_part(za, err, errlen);
    char *part = NULL;
    size_t plen = 0;

    int got = read_part(za, "xl/sharedStrings.xml", &part, &plen, err, errlen);
    if (got < 0)
        goto done;
    if (got == 1) {
        ss.base = (ParseBase){NULL, err, errlen, false};
        bool sok = run_parser(&ss.base, "xl/sharedStrings.xml", part, plen, sst_start, sst_end, sst_text);
        free(part);
        part = NULL;
        if (!sok)
            goto done;
    }

    got = sheet_name ? read_part(za, sheet_name, &part, &plen, err, errlen) : -1;
    if (got <= 0) {
        if (got == 0 || !sheet_name)
            snprintf(err, errlen, "XLSX 文件中找不到工作表");
        goto done;
    }
    sc.base = (ParseBase){NULL, err, errlen, false};
    sc.sst = ss.items;
    sc.n_sst = ss.n;
    sc.out = out;
    ok = run_parser(&sc.base, sheet_name, part, plen, sheet_start, sheet_end, sheet_text);

done:
    free(part);
    free(sheet_name);
    for (int i = 0; i < sc.n_cells; i++)
        free(sc.cells[i].text);
    free(sc.cells);
    buf_free(&sc.v);
    buf_free(&sc.is);
    for (size_t i = 0; i < ss.n; i++)
        free(ss.items[i]);
    free(ss.items);
    buf_free(&ss.cur);
    /* The archive was opened read-only; discard never writes. */
    zip_discard(za);
    if (!ok)
        xlsx_sheet_free(out);
    return ok;
}
