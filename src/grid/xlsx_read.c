/* xlsx_read.c: reads the first worksheet of an XLSX file as rows of text cells (libzip + expat); Excel's date rules.
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
 *   - date cells: a number whose cell style (xl/styles.xml, cellXfs) has a
 *     date or time number format reads as ISO text ("1949-12-31"), in the
 *     1900 or the 1904 date system (workbookPr date1904), and is counted in
 *     XlsxSheet.date_cells;
 *   - rows and cells with or without r="..." references; prefixed element
 *     names (x:row) and any prefix for the relationship id attribute.
 * Not supported, on purpose:
 *   - other number formats: a percentage reads as the fraction, "0.00"
 *     formats are not applied;
 *   - formulas are not evaluated (the cached result is read);
 *   - merged cells (only the top-left cell holds the value), hidden rows,
 *     other sheets, comments, encrypted (password) workbooks, .xls / .xlsb;
 *   - DOCTYPEs: OOXML never has one, so any DTD is refused outright (no
 *     entity expansion at all).
 * Limits against zip bombs and hostile files: every part at most 64 MB
 * uncompressed (checked while reading, not trusted from the directory),
 * at most 100,000 non-empty rows and 200 columns with values. */
#include "grid/xlsx_read.h"
#include "core/clock.h"

#include <expat.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <zip.h>

#include "core/buf.h"

#define XLSX_MAX_PART (64u * 1024 * 1024)
#define XLSX_MAX_ROWS 100000
#define XLSX_MAX_COLS 200
#define XLSX_MAX_SHEET_ROW 1048576 /* Excel's own row limit */
#define XLSX_MAX_XF 65536          /* cell styles; Excel itself stops at 64,000 */
#define XLSX_MAX_NUMFMT 4096

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

/* ---- dates: number formats and serial day numbers ------------------------ */

/* Built-in formats (ECMA-376 18.8.30): 14-17 dates, 18-21 times, 22 date and
 * time, 45-47 times; 27-36 and 50-58 are the East Asian built-ins, in zh-CN
 * dates (yyyy"年"m"月"d"日" ...) except 32-35, 55 and 56 (h"时"mm"分" ...). */
static XlsxNumFmtKind builtin_kind(int id)
{
    if ((id >= 14 && id <= 17) || (id >= 27 && id <= 31) || id == 36 || (id >= 50 && id <= 54) || id == 57 || id == 58)
        return XLSX_NUMFMT_DATE;
    if (id == 22)
        return XLSX_NUMFMT_DATETIME;
    if ((id >= 18 && id <= 21) || (id >= 32 && id <= 35) || (id >= 45 && id <= 47) || id == 55 || id == 56)
        return XLSX_NUMFMT_TIME;
    return XLSX_NUMFMT_NUMBER;
}

XlsxNumFmtKind xlsx_numfmt_kind(int id, const char *code)
{
    if (!code)
        return builtin_kind(id);
    /* The date and time letters outside literals, one entry per run ("yyyy" is one y). */
    char runs[64];
    int n = 0;
    bool time = false;
    for (const char *p = code; *p;) {
        char ch = *p;
        if (ch == '"') {
            const char *q = strchr(p + 1, '"');
            p = q ? q + 1 : p + strlen(p);
            continue;
        }
        if (ch == '\\' || ch == '_' || ch == '*') {
            p += p[1] ? 2 : 1; /* the next character is literal (or fill / padding) */
            continue;
        }
        if (ch == '[') {
            /* [Red], [$-804], [DBNum1], [>=100] say nothing of dates; [h] [mm] [ss] are elapsed time */
            const char *q = strchr(p, ']');
            size_t k = q ? (size_t)(q - p - 1) : 0;
            if (k > 0 && strspn(p + 1, "hHmMsS") == k)
                time = true;
            p = q ? q + 1 : p + strlen(p);
            continue;
        }
        if (strncasecmp(p, "General", 7) == 0) {
            p += 7;
            continue;
        }
        if (strncasecmp(p, "AM/PM", 5) == 0 || strncasecmp(p, "A/P", 3) == 0) {
            time = true;
            p += p[1] == '/' ? 3 : 5;
            continue;
        }
        char lc = (char)(ch >= 'A' && ch <= 'Z' ? ch + 32 : ch);
        if (lc && strchr("ymdhs", lc)) {
            if (n < (int)sizeof runs)
                runs[n++] = lc;
            while (*p == ch || *p == lc || *p == (char)(lc - 32))
                p++;
            continue;
        }
        p++;
    }
    bool date = false;
    for (int i = 0; i < n; i++) {
        if (runs[i] == 'm') {
            /* m right after h, or right before s, is minutes */
            if ((i > 0 && runs[i - 1] == 'h') || (i + 1 < n && runs[i + 1] == 's'))
                time = true;
            else
                date = true;
        } else if (runs[i] == 'h' || runs[i] == 's')
            time = true;
        else
            date = true;
    }
    return date && time ? XLSX_NUMFMT_DATETIME : date ? XLSX_NUMFMT_DATE : time ? XLSX_NUMFMT_TIME : XLSX_NUMFMT_NUMBER;
}

#define DAYS_1899_12_30 (-25569) /* 1899-12-30 - 1970-01-01 */
#define DAYS_1899_12_31 (-25568)
#define DAYS_1904_01_01 (-24107)
#define SERIAL_9999_12_31 2958465 /* in the 1900 system */

bool xlsx_serial_to_date(double serial, bool date1904, int *y, int *m, int *d, int *secs)
{
    if (!isfinite(serial) || serial < 0 || serial >= SERIAL_9999_12_31 + 1)
        return false;
    int64_t day = (int64_t)floor(serial);
    int64_t s = llround((serial - (double)day) * 86400.0);
    if (s >= 86400) {
        day++;
        s -= 86400;
    }
    int64_t epoch;
    if (date1904)
        epoch = DAYS_1904_01_01;
    else if (day < 1 || day == 60)
        return false; /* "1900-01-00" and Excel's 1900-02-29 name no day */
    else
        epoch = day < 60 ? DAYS_1899_12_31 : DAYS_1899_12_30;
    civil_from_days(epoch + day, y, m, d);
    if (*y > 9999)
        return false;
    *secs = (int)s;
    return true;
}

bool xlsx_format_serial(double serial, bool date1904, XlsxNumFmtKind kind, char out[24])
{
    int y, m, d, s;
    if (kind == XLSX_NUMFMT_TIME) {
        if (!isfinite(serial) || serial < 0 || serial >= SERIAL_9999_12_31 + 1)
            return false;
        s = (int)(llround((serial - floor(serial)) * 86400.0) % 86400);
        snprintf(out, 24, "%02d:%02d:%02d", s / 3600, s / 60 % 60, s % 60);
        return true;
    }
    if (kind == XLSX_NUMFMT_NUMBER || !xlsx_serial_to_date(serial, date1904, &y, &m, &d, &s))
        return false;
    char text[80]; /* roomier than the compiler can prove it needs */
    if (kind == XLSX_NUMFMT_DATETIME && s)
        snprintf(text, sizeof text, "%04d-%02d-%02d %02d:%02d:%02d", y, m, d, s / 3600, s / 60 % 60, s % 60);
    else
        snprintf(text, sizeof text, "%04d-%02d-%02d", y, m, d);
    size_t n = strlen(text);
    n = n > 23 ? 23 : n;
    memcpy(out, text, n);
    out[n] = 0;
    return true;
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
    bool date1904;
} WorkbookCtx;

static void XMLCALL wb_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
    WorkbookCtx *c = ud;
    if (strcmp(local_name(name), "workbookPr") == 0) {
        const char *v = attr(atts, "date1904");
        c->date1904 = v && (strcmp(v, "1") == 0 || strcmp(v, "true") == 0);
        return;
    }
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

/* The zip entry name of the first worksheet, malloc'd; the workbook's date system. */
static char *first_sheet_part(zip_t *za, bool *date1904, char *err, size_t errlen)
{
    char *data;
    size_t len;
    char *part = NULL;
    *date1904 = false;
    if (read_part(za, "xl/workbook.xml", &data, &len, err, errlen) == 1) {
        WorkbookCtx wc = {{NULL, err, errlen, false}, NULL, false};
        bool ok = run_parser(&wc.base, "xl/workbook.xml", data, len, wb_start, ignore_end, NULL);
        *date1904 = wc.date1904;
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

/* ---- styles.xml: which cell styles show dates ---------------------------- */

typedef struct NumFmt {
    int id;
    XlsxNumFmtKind kind;
} NumFmt;

typedef struct StylesCtx {
    ParseBase base;
    int in_numfmts, in_cellxfs;
    NumFmt *fmts;
    size_t n_fmts, cap_fmts;
    unsigned char *xf_kind; /* XlsxNumFmtKind per cellXfs entry, the index a cell's s="" names */
    size_t n_xf, cap_xf;
} StylesCtx;

static bool parse_small_int(const char *s, int *out)
{
    char *end;
    long v = s ? strtol(s, &end, 10) : -1;
    if (!s || !*s || *end || v < 0 || v > 1000000)
        return false;
    *out = (int)v;
    return true;
}

static void XMLCALL styles_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
    StylesCtx *c = ud;
    const char *n = local_name(name);
    int id;
    if (strcmp(n, "numFmts") == 0)
        c->in_numfmts++;
    else if (strcmp(n, "cellXfs") == 0)
        c->in_cellxfs++;
    else if (strcmp(n, "numFmt") == 0 && c->in_numfmts && c->n_fmts < XLSX_MAX_NUMFMT &&
             parse_small_int(attr(atts, "numFmtId"), &id)) {
        const char *code = attr(atts, "formatCode");
        if (c->n_fmts == c->cap_fmts) {
            c->cap_fmts = c->cap_fmts ? c->cap_fmts * 2 : 16;
            c->fmts = xrealloc(c->fmts, c->cap_fmts * sizeof *c->fmts);
        }
        c->fmts[c->n_fmts++] = (NumFmt){id, xlsx_numfmt_kind(id, code ? code : "")};
    } else if (strcmp(n, "xf") == 0 && c->in_cellxfs && c->n_xf < XLSX_MAX_XF) {
        XlsxNumFmtKind kind = XLSX_NUMFMT_NUMBER;
        if (parse_small_int(attr(atts, "numFmtId"), &id)) {
            /* A format the file defines wins over the built-in of the same id. */
            bool found = false;
            for (size_t i = c->n_fmts; i-- > 0 && !found;)
                if (c->fmts[i].id == id) {
                    kind = c->fmts[i].kind;
                    found = true;
                }
            if (!found)
                kind = xlsx_numfmt_kind(id, NULL);
        }
        if (c->n_xf == c->cap_xf) {
            c->cap_xf = c->cap_xf ? c->cap_xf * 2 : 64;
            c->xf_kind = xrealloc(c->xf_kind, c->cap_xf);
        }
        c->xf_kind[c->n_xf++] = (unsigned char)kind;
    }
}

static void XMLCALL styles_end(void *ud, const XML_Char *name)
{
    StylesCtx *c = ud;
    const char *n = local_name(name);
    if (strcmp(n, "numFmts") == 0 && c->in_numfmts)
        c->in_numfmts--;
    else if (strcmp(n, "cellXfs") == 0 && c->in_cellxfs)
        c->in_cellxfs--;
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
    const unsigned char *xf_kind;
    size_t n_xf;
    bool date1904;
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
    int cell_style;  /* index into xf_kind, -1 for none */
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
        int col = c->last_col + 1, row = c->row_line, style;
        if (!parse_small_int(attr(atts, "s"), &style))
            style = -1;
        if (r && !parse_ref(r, &col, &row)) {
            parse_fail(&c->base, "XLSX 文件已损坏：单元格引用无效");
            return;
        }
        c->in_cell = true;
        c->cell_col = col;
        c->cell_style = style;
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

static void sheet_add_cell(SheetCtx *c, char *text, bool is_date)
{
    if (!text[0]) {
        free(text);
        return;
    }
    if (is_date && c->cell_col < XLSX_DATE_COLS)
        c->out->date_cells[c->cell_col]++;
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
    else if (strcmp(t, "d") == 0) {
        sheet_add_cell(c, xstrdup(v), true);
        return;
    } else {
        /* A number in a date-formatted cell is a serial day number: read it
         * as the date the user sees, not as 18263. */
        XlsxNumFmtKind kind = c->cell_style >= 0 && (size_t)c->cell_style < c->n_xf ? c->xf_kind[c->cell_style]
                                                                                    : XLSX_NUMFMT_NUMBER;
        char iso[24], *end;
        double serial = v[0] ? strtod(v, &end) : 0;
        if (kind != XLSX_NUMFMT_NUMBER && strcmp(t, "n") == 0 && v[0] && !*end &&
            xlsx_format_serial(serial, c->date1904, kind, iso)) {
            sheet_add_cell(c, xstrdup(iso), true);
            return;
        }
        text = xstrdup(v);
    }
    sheet_add_cell(c, text, false);
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
    memset(s->date_cells, 0, sizeof s->date_cells);
}

bool xlsx_read_first_sheet(const unsigned char *data, size_t len, XlsxSheet *out, char *err, size_t errlen)
{
    out->n_rows = 0;
    out->rows = NULL;
    memset(out->date_cells, 0, sizeof out->date_cells);
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
    StylesCtx sty;
    memset(&sty, 0, sizeof sty);
    bool date1904;
    char *sheet_name = first_sheet_part(za, &date1904, err, errlen);
    char *part = NULL;
    size_t plen = 0;

    int got = read_part(za, "xl/styles.xml", &part, &plen, err, errlen);
    if (got < 0)
        goto done;
    if (got == 1) {
        sty.base = (ParseBase){NULL, err, errlen, false};
        bool sok = run_parser(&sty.base, "xl/styles.xml", part, plen, styles_start, styles_end, NULL);
        free(part);
        part = NULL;
        if (!sok)
            goto done;
    }

    got = read_part(za, "xl/sharedStrings.xml", &part, &plen, err, errlen);
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
    sc.xf_kind = sty.xf_kind;
    sc.n_xf = sty.n_xf;
    sc.date1904 = date1904;
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
    free(sty.fmts);
    free(sty.xf_kind);
    /* The archive was opened read-only; discard never writes. */
    zip_discard(za);
    if (!ok)
        xlsx_sheet_free(out);
    return ok;
}
