/* import.c: household register import from CSV, XLSX and XLS: parse, check every row against the rules and the register, then write all or nothing.
 *
 * The pipeline: bytes -> rows of text (libcsv, xlsx_read or xls_read, by
 * content) -> header mapping, every column reported as used or ignored ->
 * one check pass that collects every problem and warning -> (real run, no
 * problems) one write pass. Line numbers are the ones a spreadsheet shows:
 * for CSV the physical line where the record starts, for XLSX the row.
 * At most IMPORT_MAX_PROBLEMS problems are listed; past that the last entry
 * says how many more there were. */
#include "grid/import.h"

#include <csv.h>
#include <errno.h>
#include <iconv.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "auth/audit.h"
#include "core/buf.h"
#include "core/clock.h"
#include "core/log.h"
#include "core/utf8.h"
#include "grid/flat.h"
#include "grid/grid.h"
#include "grid/household.h"
#include "grid/pii.h"
#include "grid/suggest.h"
#include "grid/xls_read.h"
#include "grid/xlsx_read.h"

#define IMPORT_MAX_ROWS 100000
#define IMPORT_MAX_COLS 200
#define IMPORT_MAX_PROBLEMS 5000
#define IMPORT_MAX_TEXT 64            /* code points, for names and other free text */
#define IMPORT_MAX_AREA 10000000      /* 100,000 m^2 in 0.01 m^2: far above any flat */
#define IMPORT_MAX_SUGGESTIONS 50     /* unknown compound names given suggestions */

static void *xrealloc(void *p, size_t n)
{
    void *q = realloc(p, n ? n : 1);
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

/* ---- a small string map (open addressing, FNV-1a) ----------------------- */

typedef struct Map {
    char **keys;
    int64_t *vals;
    size_t cap, n;
} Map;

static uint64_t map_hash(const char *s)
{
    uint64_t h = 1469598103934665603ull;
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 1099511628211ull;
    return h;
}

static bool map_get(const Map *m, const char *key, int64_t *out)
{
    if (!m->cap)
        return false;
    for (size_t i = map_hash(key) & (m->cap - 1);; i = (i + 1) & (m->cap - 1)) {
        if (!m->keys[i])
            return false;
        if (strcmp(m->keys[i], key) == 0) {
            if (out)
                *out = m->vals[i];
            return true;
        }
    }
}

static void map_put(Map *m, const char *key, int64_t val);

static void map_grow(Map *m)
{
    Map old = *m;
    m->cap = old.cap ? old.cap * 2 : 64;
    m->n = 0;
    m->keys = xrealloc(NULL, m->cap * sizeof *m->keys);
    m->vals = xrealloc(NULL, m->cap * sizeof *m->vals);
    for (size_t i = 0; i < m->cap; i++)
        m->keys[i] = NULL;
    for (size_t i = 0; i < old.cap; i++) {
        if (old.keys[i]) {
            map_put(m, old.keys[i], old.vals[i]);
            free(old.keys[i]);
        }
    }
    free(old.keys);
    free(old.vals);
}

static void map_put(Map *m, const char *key, int64_t val)
{
    if ((m->n + 1) * 2 > m->cap)
        map_grow(m);
    size_t i = map_hash(key) & (m->cap - 1);
    while (m->keys[i]) {
        if (strcmp(m->keys[i], key) == 0) {
            m->vals[i] = val;
            return;
        }
        i = (i + 1) & (m->cap - 1);
    }
    m->keys[i] = xstrdup(key);
    m->vals[i] = val;
    m->n++;
}

static void map_free(Map *m)
{
    for (size_t i = 0; i < m->cap; i++)
        free(m->keys[i]);
    free(m->keys);
    free(m->vals);
    memset(m, 0, sizeof *m);
}

/* ---- text helpers ------------------------------------------------------- */

/* Trims ASCII white space, no-break spaces (U+00A0), ideographic spaces
 * (U+3000) and stray BOMs, which spreadsheets leave around values. In place. */
static void trim(char *s)
{
    size_t n = strlen(s), a = 0;
    for (;;) {
        if (a < n && (s[a] == ' ' || s[a] == '\t' || s[a] == '\r' || s[a] == '\n'))
            a++;
        else if (n - a >= 2 && (unsigned char)s[a] == 0xC2 && (unsigned char)s[a + 1] == 0xA0)
            a += 2;
        else if (n - a >= 3 && memcmp(s + a, "\xE3\x80\x80", 3) == 0)
            a += 3;
        else if (n - a >= 3 && memcmp(s + a, "\xEF\xBB\xBF", 3) == 0)
            a += 3;
        else
            break;
    }
    for (;;) {
        if (n > a && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r' || s[n - 1] == '\n'))
            n--;
        else if (n - a >= 2 && (unsigned char)s[n - 2] == 0xC2 && (unsigned char)s[n - 1] == 0xA0)
            n -= 2;
        else if (n - a >= 3 && memcmp(s + n - 3, "\xE3\x80\x80", 3) == 0)
            n -= 3;
        else
            break;
    }
    memmove(s, s + a, n - a);
    s[n - a] = 0;
}

/* Cuts s so it ends on a whole UTF-8 character (after snprintf truncation). */
static void utf8_fix_tail(char *s)
{
    size_t n = strlen(s), i = n;
    while (i > 0 && ((unsigned char)s[i - 1] & 0xC0) == 0x80)
        i--;
    if (i == 0 || (unsigned char)s[i - 1] < 0xC0)
        return;
    unsigned char lead = (unsigned char)s[i - 1];
    size_t want = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : 2;
    if (n - (i - 1) < want)
        s[i - 1] = 0;
}

/* A user's value shortened for a message: at most 24 characters. */
static const char *clip(const char *s, char out[100])
{
    size_t n = 0, chars = 0;
    while (s[n] && chars < 24) {
        n++;
        while (((unsigned char)s[n] & 0xC0) == 0x80)
            n++;
        chars++;
    }
    if (!s[n] || n > 90) {
        snprintf(out, 100, "%.*s", (int)(n > 90 ? 90 : n), s);
        utf8_fix_tail(out);
    } else
        snprintf(out, 100, "%.*s…", (int)n, s);
    return out;
}

/* ---- the columns ------------------------------------------------------- */

typedef enum {
    COL_COMPOUND, COL_BUILDING, COL_UNIT, COL_DOOR, COL_AREA, COL_HOUSING, COL_NAME,
    COL_ID, COL_PHONE, COL_BIRTH, COL_RESIDENCY, COL_RELATION, COL_TAGS, COL_OWNER, COL_GENDER, COL_HOUSEHOLD_NO,
    N_COLS
} Col;

typedef struct ColDef {
    const char *key;       /* English name, also ImportProblem.column */
    const char *zh;        /* Chinese name, used in messages */
    bool required;
    const char *alias[4];  /* other header spellings seen in community offices' sheets */
} ColDef;

static const ColDef k_cols[N_COLS] = {
    [COL_COMPOUND] = {"compound", "院落", true, {"院落名称", "小区", NULL}},
    [COL_BUILDING] = {"building", "楼栋", true, {"楼栋号", "栋", "楼号", NULL}},
    [COL_UNIT] = {"unit", "单元", true, {"单元号", NULL}},
    [COL_DOOR] = {"door", "门牌", true, {"门牌号", "房号", NULL}},
    [COL_AREA] = {"area", "面积", false, {"建筑面积", "房屋面积", NULL}},
    [COL_HOUSING] = {"housing", "住房性质", false, {"房屋性质", NULL}},
    [COL_NAME] = {"name", "姓名", true, {NULL}},
    [COL_ID] = {"id_number", "身份证号", false, {"身份证号码", "公民身份号码", "身份证", NULL}},
    [COL_PHONE] = {"phone", "电话", false, {"手机", "手机号", "联系电话", NULL}},
    [COL_BIRTH] = {"birth_year", "出生年份", false, {"出生年", "出生日期", "出生年月", "出生年月日"}},
    [COL_RESIDENCY] = {"residency", "居住类型", true, {"人口类型", NULL}},
    [COL_RELATION] = {"relation", "与户主关系", false, {"关系", NULL}},
    [COL_TAGS] = {"tags", "标签", false, {NULL}},
    [COL_OWNER] = {"owner", "是否产权人", false, {"产权人", NULL}},
    [COL_GENDER] = {"gender", "性别", false, {"sex", NULL}},
    /* the 户号 of a household register: households at one door apart */
    [COL_HOUSEHOLD_NO] = {"household_no", "户号", false, {"户编号", NULL}},
};

/* Header text without its decorations: "面积(m²)", "面积（平方米）", "姓名*". */
static void header_clean(char *h)
{
    trim(h);
    char *p = strstr(h, "(");
    if (p)
        *p = 0;
    p = strstr(h, "（");
    if (p)
        *p = 0;
    size_t n = strlen(h);
    while (n && h[n - 1] == '*')
        h[--n] = 0;
    trim(h);
}

static int header_match(const char *h)
{
    for (int c = 0; c < N_COLS; c++) {
        if (strcasecmp(h, k_cols[c].key) == 0 || strcmp(h, k_cols[c].zh) == 0)
            return c;
        for (int a = 0; a < 4 && k_cols[c].alias[a]; a++)
            if (strcmp(h, k_cols[c].alias[a]) == 0)
                return c;
    }
    /* "id number" and "birth year" written with a space */
    if (strcasecmp(h, "id number") == 0)
        return COL_ID;
    if (strcasecmp(h, "birth year") == 0 || strcasecmp(h, "birth_date") == 0 || strcasecmp(h, "birth date") == 0 ||
        strcasecmp(h, "date of birth") == 0)
        return COL_BIRTH;
    return -1;
}

/* ---- the working state ------------------------------------------------- */

typedef struct Compound {
    int64_t id, grid_id;
    char *path;
    const char *code;   /* NULL when usable, else the problem code */
    char msg[320];
} Compound;

typedef struct Building {
    int64_t id;
    char *path;
} Building;

/* A flat (房) of the file: a door of a unit, with one area. */
typedef struct Flat {
    int64_t compound_id, grid_id, building_id;
    int building_idx;
    const char *compound_name, *building_name, *unit_name, *door;
    int64_t unit_id;        /* existing unit, or 0 */
    int64_t existing_id;    /* existing flat, or 0 */
    int64_t existing_area;  /* -1 when the register has none */
    int64_t area;           /* from the file, -1 when none */
    int area_line;
    int first_line;
    int owner_line;         /* first owner row, 0 if none */
    int n_hhs;              /* households of the file at this door */
    int cur_hh;             /* where rows without a household number go, -1 before the first */
    int64_t new_id;         /* set in the write pass */
} Flat;

/* A household (户) of the file, at its flat. */
typedef struct Household {
    int flat;               /* index into flats */
    char number[96];        /* 户号 (at most 20 characters), "" for none */
    int64_t existing_id;    /* existing household node, or 0 */
    const char *housing;
    int first_line;
    int head_line;          /* its first 户主 row, 0 if none yet */
    int n_persons;          /* valid rows placed here: residents and owners living elsewhere */
    int n_residents;
    int first_person, last_person; /* the valid rows, linked through Person.next */
    int64_t new_id;         /* set in the write pass */
} Household;

typedef struct Person {
    int line;
    int hh;                 /* index into households */
    int next;               /* next person of the same household, -1 at the end */
    const char *name, *residency, *relation;
    char id[19];
    char id_hash[33];
    char phone[12];
    char phone_hash[33];
    char gender;            /* 'M', 'F' or 0 */
    int birth_year;         /* 0 when unknown */
    char tags[256];
    bool owner;
    bool resides;           /* a resident of this household; false: only an owner of its flat */
    int64_t person_id;      /* the register's person of an owner living elsewhere in it, or 0 */
    int64_t new_id;         /* the person row written for a resident (write pass) */
} Person;

typedef struct ImportCtx {
    Db *db;
    ImportReport *rep;
    const char *scope;
    bool full_view; /* the importer sees full ID numbers in the whole scope */
    int problems_cap;
    int problems_dropped;
    int warnings_cap;
    char **scope_compounds;  /* names of the compounds in scope, for suggestions; loaded when first needed */
    int n_scope_compounds;
    bool scope_compounds_loaded;
    int notes_cap;
    int col[N_COLS];        /* column index in the file, -1 when absent */

    Compound *compounds;
    int n_compounds, compounds_cap;
    Map compound_by_name;
    Building *buildings;
    int n_buildings, buildings_cap;
    Map building_by_key;    /* "compound_id/name" -> index, -1 for unknown */
    Flat *flats;
    int n_flats, flats_cap;
    Map flat_by_key;        /* "building_id/unit\x1fdoor" -> index */
    Household *hhs;
    int n_hhs, hhs_cap;
    Map hh_by_key;          /* "flat index\x1fnumber" -> index */
    Map id_first_line;      /* id hash -> line */
    Map id_first_flat;      /* id hash -> flat index of that line */
    Map id_resides;         /* id hash -> 1 when the person lives in a household (file or register) */
    Map name_in_hh;         /* "hh/name" -> line, for residents without ID */
    Map units_new;          /* "building_id/unit name" -> new id (write pass) */
    Map owner_written;      /* id hash -> owner id of an owner row (write pass) */
    Person *persons;
    int n_persons, persons_cap;
} ImportCtx;

/* Makes room for one more element in a growing array (doubling, so a
 * 100,000-row file is not copied 100,000 times). */
static void *grow(void *arr, int n, int *cap, size_t size)
{
    if (n < *cap)
        return arr;
    *cap = *cap ? *cap * 2 : 16;
    return xrealloc(arr, (size_t)*cap * size);
}

__attribute__((format(printf, 5, 6)))
static void problem(ImportCtx *c, int line, int col, const char *code, const char *fmt, ...)
{
    ImportReport *rep = c->rep;
    if (rep->n_problems >= IMPORT_MAX_PROBLEMS) {
        c->problems_dropped++;
        return;
    }
    if (rep->n_problems == c->problems_cap) {
        c->problems_cap = c->problems_cap ? c->problems_cap * 2 : 32;
        rep->problems = xrealloc(rep->problems, (size_t)c->problems_cap * sizeof *rep->problems);
    }
    ImportProblem *p = &rep->problems[rep->n_problems++];
    memset(p, 0, sizeof *p);
    p->line = line;
    snprintf(p->column, sizeof p->column, "%s", col >= 0 ? k_cols[col].key : "");
    snprintf(p->code, sizeof p->code, "%s", code);
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(p->message, sizeof p->message, fmt, ap);
    va_end(ap);
    utf8_fix_tail(p->message);
}

/* A warning: the file imports, but the register will lack something. */
__attribute__((format(printf, 5, 6)))
static void warning(ImportCtx *c, int line, int col, const char *code, const char *fmt, ...)
{
    ImportReport *rep = c->rep;
    if (rep->n_warnings == c->warnings_cap) {
        c->warnings_cap = c->warnings_cap ? c->warnings_cap * 2 : 8;
        rep->warnings = xrealloc(rep->warnings, (size_t)c->warnings_cap * sizeof *rep->warnings);
    }
    ImportProblem *p = &rep->warnings[rep->n_warnings++];
    memset(p, 0, sizeof *p);
    p->line = line;
    snprintf(p->column, sizeof p->column, "%s", col >= 0 ? k_cols[col].key : "");
    snprintf(p->code, sizeof p->code, "%s", code);
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(p->message, sizeof p->message, fmt, ap);
    va_end(ap);
    utf8_fix_tail(p->message);
}

/* A note of the report: not a problem, what the import decided and why
 * (households split or merged at a door, one owner of several flats). */
__attribute__((format(printf, 4, 5)))
static void note(ImportCtx *c, int line, const char *code, const char *fmt, ...)
{
    ImportReport *rep = c->rep;
    if (rep->n_notes >= IMPORT_MAX_PROBLEMS)
        return;
    if (rep->n_notes == c->notes_cap) {
        c->notes_cap = c->notes_cap ? c->notes_cap * 2 : 16;
        rep->notes = xrealloc(rep->notes, (size_t)c->notes_cap * sizeof *rep->notes);
    }
    ImportProblem *p = &rep->notes[rep->n_notes++];
    memset(p, 0, sizeof *p);
    p->line = line;
    snprintf(p->code, sizeof p->code, "%s", code);
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(p->message, sizeof p->message, fmt, ap);
    va_end(ap);
    utf8_fix_tail(p->message);
}

static void fatal(ImportReport *rep, const char *msg)
{
    snprintf(rep->fatal, sizeof rep->fatal, "%s", msg);
    utf8_fix_tail(rep->fatal);
}

/* ---- reading CSV -------------------------------------------------------- */

typedef struct CsvCtx {
    XlsxSheet *out;
    size_t rows_cap;
    char **cells;
    int n_cells, cells_cap;
    int line;        /* physical line being fed */
    int row_start;   /* line where the current record began, 0 before it */
    bool too_wide, too_long;
} CsvCtx;

static void csv_field(void *s, size_t len, void *ud)
{
    CsvCtx *c = ud;
    if (c->n_cells >= IMPORT_MAX_COLS) {
        c->too_wide = true;
        return;
    }
    if (c->n_cells == c->cells_cap) {
        c->cells_cap = c->cells_cap ? c->cells_cap * 2 : 16;
        c->cells = xrealloc(c->cells, (size_t)c->cells_cap * sizeof *c->cells);
    }
    char *v = xrealloc(NULL, len + 1);
    if (len)
        memcpy(v, s, len);
    v[len] = 0;
    c->cells[c->n_cells++] = v;
}

static void csv_row(int term, void *ud)
{
    CsvCtx *c = ud;
    XlsxSheet *o = c->out;
    if (o->n_rows >= IMPORT_MAX_ROWS + 1) {
        c->too_long = true;
        for (int i = 0; i < c->n_cells; i++)
            free(c->cells[i]);
        c->n_cells = 0;
        return;
    }
    if ((size_t)o->n_rows == c->rows_cap) {
        c->rows_cap = c->rows_cap ? c->rows_cap * 2 : 64;
        o->rows = xrealloc(o->rows, c->rows_cap * sizeof *o->rows);
    }
    XlsxRow *r = &o->rows[o->n_rows++];
    r->line = c->row_start ? c->row_start : c->line;
    r->n_cells = c->n_cells;
    r->cells = xrealloc(NULL, (size_t)(c->n_cells ? c->n_cells : 1) * sizeof *r->cells);
    memcpy(r->cells, c->cells, (size_t)c->n_cells * sizeof *r->cells);
    c->n_cells = 0;
    c->row_start = 0;
}

/* Parses UTF-8 CSV text into rows. Fed one physical line at a time so that
 * each record knows the line it starts on, even with quoted line breaks. */
static bool csv_read(const char *data, size_t len, XlsxSheet *out, char *err, size_t errlen)
{
    struct csv_parser p;
    CsvCtx c;
    memset(&c, 0, sizeof c);
    c.out = out;
    out->n_rows = 0;
    out->rows = NULL;
    if (csv_init(&p, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL) != 0) {
        snprintf(err, errlen, "内存不足");
        return false;
    }
    bool ok = true;
    size_t pos = 0;
    while (pos < len && ok) {
        const char *nl = memchr(data + pos, '\n', len - pos);
        size_t end = nl ? (size_t)(nl - data) + 1 : len;
        c.line++;
        size_t content = end - pos - (nl ? 1 : 0);
        if (content && data[pos + content - 1] == '\r')
            content--;
        bool blank = content == 0;
        if (!c.row_start && !blank)
            c.row_start = c.line;
        if (csv_parse(&p, data + pos, end - pos, csv_field, csv_row, &c) != end - pos) {
            snprintf(err, errlen, "CSV 格式错误：第 %d 行的引号不成对（字段中的引号要写成两个 \"\"）", c.row_start ? c.row_start : c.line);
            ok = false;
        }
        pos = end;
    }
    if (ok && csv_fini(&p, csv_field, csv_row, &c) != 0) {
        snprintf(err, errlen, "CSV 格式错误：第 %d 行开始的引号没有结束", c.row_start ? c.row_start : c.line);
        ok = false;
    }
    if (ok && c.too_wide) {
        snprintf(err, errlen, "文件超过 %d 列", IMPORT_MAX_COLS);
        ok = false;
    }
    if (ok && c.too_long) {
        snprintf(err, errlen, "文件超过 %d 行，请分成几个文件导入", IMPORT_MAX_ROWS);
        ok = false;
    }
    for (int i = 0; i < c.n_cells; i++)
        free(c.cells[i]);
    free(c.cells);
    csv_free(&p);
    if (!ok)
        xlsx_sheet_free(out);
    return ok;
}

/* GB18030 is a superset of GBK and GB2312, so one conversion covers the
 * files Excel saves on a Chinese Windows. Returns malloc'd UTF-8 or NULL. */
static char *gbk_to_utf8(const char *data, size_t len, size_t *outlen)
{
    iconv_t cd = iconv_open("UTF-8", "GB18030");
    if (cd == (iconv_t)-1)
        return NULL;
    size_t cap = len * 2 + 16;
    char *out = xrealloc(NULL, cap + 1);
    char *in = (char *)data;
    size_t inleft = len, done = 0;
    bool ok = true;
    while (inleft > 0) {
        char *o = out + done;
        size_t oleft = cap - done;
        size_t r = iconv(cd, &in, &inleft, &o, &oleft);
        done = (size_t)(o - out);
        if (r != (size_t)-1)
            break;
        if (errno == E2BIG) {
            cap *= 2;
            out = xrealloc(out, cap + 1);
            continue;
        }
        ok = false; /* EILSEQ or EINVAL: not GB18030 either */
        break;
    }
    iconv_close(cd);
    if (!ok) {
        free(out);
        return NULL;
    }
    out[done] = 0;
    *outlen = done;
    return out;
}

/* ---- checks on single values -------------------------------------------- */

/* "60.5" -> 6050. Returns NULL on success, else why not. */
static const char *parse_area(const char *s, int64_t *out)
{
    char buf[64];
    snprintf(buf, sizeof buf, "%s", s);
    size_t n = strlen(buf);
    static const char *const units[] = {"平方米", "㎡", "m²", "m2", "M2"};
    for (size_t u = 0; u < sizeof units / sizeof units[0]; u++) {
        size_t k = strlen(units[u]);
        if (n > k && strcmp(buf + n - k, units[u]) == 0) {
            buf[n - k] = 0;
            trim(buf);
            break;
        }
    }
    const char *p = buf;
    if (*p == '-')
        return "面积不能为负数";
    if (*p == '+')
        p++;
    int64_t whole = 0;
    int digits = 0, decimals = 0, frac = 0;
    for (; *p >= '0' && *p <= '9'; p++) {
        whole = whole * 10 + (*p - '0');
        if (++digits > 9)
            return "面积太大";
    }
    if (*p == '.') {
        p++;
        for (; *p >= '0' && *p <= '9'; p++) {
            if (++decimals > 2)
                return "面积最多保留两位小数";
            frac = frac * 10 + (*p - '0');
        }
    }
    if (*p || (digits == 0 && decimals == 0))
        return "面积不是数字";
    if (decimals == 1)
        frac *= 10;
    int64_t v = whole * 100 + frac;
    if (v <= 0)
        return "面积必须大于 0";
    if (v > IMPORT_MAX_AREA)
        return "面积太大";
    *out = v;
    return NULL;
}

static int current_year(void)
{
    LocalTime lt;
    return clock_local(clock_now(), &lt) ? lt.year : 1970;
}

static bool is_one_of(const char *s, const char *const *words)
{
    for (; *words; words++)
        if (strcasecmp(s, *words) == 0)
            return true;
    return false;
}

static const char *parse_residency(const char *s)
{
    static const char *const perm[] = {"常住", "常住人口", "户籍", "permanent", NULL};
    static const char *const flo[] = {"流动", "流动人口", "暂住", "floating", NULL};
    if (is_one_of(s, perm))
        return "permanent";
    if (is_one_of(s, flo))
        return "floating";
    return NULL;
}

static const char *parse_housing(const char *s)
{
    static const char *const owned[] = {"自有", "自住", "自有住房", "商品房", "owned", NULL};
    static const char *const rented[] = {"租赁", "租住", "出租", "rented", NULL};
    static const char *const pub[] = {"公房", "公租房", "public", NULL};
    static const char *const vacant[] = {"空置", "vacant", NULL};
    if (is_one_of(s, owned))
        return "owned";
    if (is_one_of(s, rented))
        return "rented";
    if (is_one_of(s, pub))
        return "public";
    if (is_one_of(s, vacant))
        return "vacant";
    return NULL;
}

/* 1 yes, 0 no, -1 not understood. Empty means no. */
static int parse_yes_no(const char *s)
{
    static const char *const yes[] = {"是", "Y", "yes", "true", "1", "√", NULL};
    static const char *const no[] = {"否", "N", "no", "false", "0", "", NULL};
    if (is_one_of(s, yes))
        return 1;
    if (is_one_of(s, no))
        return 0;
    return -1;
}

/* Reads up to max digits (at least one) into *v. */
static bool digits(const char **p, int max, int *v)
{
    int n = 0;
    *v = 0;
    while (**p >= '0' && **p <= '9' && n < max) {
        *v = *v * 10 + (**p - '0');
        (*p)++;
        n++;
    }
    return n > 0 && !(**p >= '0' && **p <= '9');
}

static int days_in_month(int y, int m)
{
    static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0) ? 29 : days[m - 1];
}

/* A birth year or date as registers write it: "1949", "1949.0" (a number
 * cell), "1949-12-31" (also with a time, as date cells read), "1949/12/31",
 * "1949.12.31", "1949年12月31日", "19491231", or a year and month alone.
 * *m and *d are 0 when not given. False for anything else, or no such day. */
static bool parse_birth(const char *s, int *y, int *m, int *d)
{
    const char *p = s;
    *m = *d = 0;
    if (strlen(s) == 8 && strspn(s, "0123456789") == 8) {
        *y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
        *m = (s[4] - '0') * 10 + (s[5] - '0');
        *d = (s[6] - '0') * 10 + (s[7] - '0');
        if (!*m || !*d)
            return false;
        p = s + 8;
    } else {
        if (!digits(&p, 4, y) || p - s != 4)
            return false;
        if (strcmp(p, ".0") == 0)
            return true; /* a year typed into a number cell */
        const char *sep = NULL;
        if (*p == '-' || *p == '/' || *p == '.')
            sep = p[0] == '-' ? "-" : p[0] == '/' ? "/" : ".";
        else if (strncmp(p, "年", 3) == 0)
            sep = "年";
        if (sep) {
            p += strlen(sep);
            if (!digits(&p, 2, m))
                return false;
            if (strcmp(sep, "年") == 0 && strncmp(p, "月", 3) == 0)
                p += 3;
            if (*p && (strcmp(sep, "年") == 0 || strncmp(p, sep, 1) == 0)) {
                p += strcmp(sep, "年") == 0 ? 0 : 1;
                if (!digits(&p, 2, d))
                    return false;
                if (strcmp(sep, "年") == 0 && strncmp(p, "日", 3) == 0)
                    p += 3;
            }
        }
    }
    /* a date cell with a time of day: "1949-12-31 00:00:00", "1949-12-31T00:00:00" */
    if (*d && (*p == ' ' || *p == 'T') && strspn(p + 1, "0123456789:.") == strlen(p + 1))
        p += strlen(p);
    if (*p)
        return false;
    if (*m && (*m < 1 || *m > 12))
        return false;
    if (*d && (*d < 1 || *d > days_in_month(*y, *m)))
        return false;
    return true;
}

/* 'M', 'F', 0 for empty, -1 not understood. */
static int parse_gender(const char *s)
{
    static const char *const male[] = {"男", "男性", "M", "male", NULL};
    static const char *const female[] = {"女", "女性", "F", "female", NULL};
    if (!s[0])
        return 0;
    if (is_one_of(s, male))
        return 'M';
    if (is_one_of(s, female))
        return 'F';
    return -1;
}

/* Leading number of a name, for ordering: "12栋" -> 12, "3单元" -> 3. */
static int leading_number(const char *s)
{
    int v = 0;
    for (int i = 0; s[i] >= '0' && s[i] <= '9' && i < 6; i++)
        v = v * 10 + (s[i] - '0');
    return v;
}

/* ---- lookups in the register (cached) ----------------------------------- */

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Names of the compounds the importer may see, each once, in byte order (the
 * same on SQLite and PostgreSQL, whatever their collations). */
static void load_scope_compounds(ImportCtx *c)
{
    c->scope_compounds_loaded = true;
    size_t scope_len = strlen(c->scope);
    int cap = 0, n = 0;
    DbStmt *st = db_query(c->db, "SELECT name, path FROM node WHERE kind = 'compound'");
    while (db_step(st) == DB_ROW) {
        const char *name = db_col_text(st, 0), *path = db_col_text(st, 1);
        if (!name || !path || strncmp(path, c->scope, scope_len) != 0)
            continue;
        c->scope_compounds = grow(c->scope_compounds, n, &cap, sizeof *c->scope_compounds);
        c->scope_compounds[n++] = xstrdup(name);
    }
    /* A failed read leaves fewer candidates: the report then just has no
     * suggestion, and the failure itself surfaces at the import's next
     * statement; it is logged here so it is not lost. */
    if (!db_done(st))
        log_msg(LOG_WARN, "import: reading the compounds for suggestions failed: %s", db_errmsg(c->db));
    if (n)
        qsort(c->scope_compounds, (size_t)n, sizeof *c->scope_compounds, cmp_str);
    int kept = 0;
    for (int i = 0; i < n; i++) {
        if (kept && strcmp(c->scope_compounds[kept - 1], c->scope_compounds[i]) == 0)
            free(c->scope_compounds[i]);
        else
            c->scope_compounds[kept++] = c->scope_compounds[i];
    }
    c->n_scope_compounds = kept;
}

/* Records the nearest compound names to an unknown one in the report;
 * returns the best, or NULL. */
static const char *suggest_compounds(ImportCtx *c, const char *name)
{
    if (!c->scope_compounds_loaded)
        load_scope_compounds(c);
    int idx[SUGGEST_MAX];
    int n = suggest_names(name, (const char *const *)c->scope_compounds, c->n_scope_compounds, idx, SUGGEST_MAX);
    if (n == 0)
        return NULL;
    ImportReport *rep = c->rep;
    if (rep->n_suggestions < IMPORT_MAX_SUGGESTIONS) {
        rep->suggestions = xrealloc(rep->suggestions, (size_t)(rep->n_suggestions + 1) * sizeof *rep->suggestions);
        ImportSuggestion *sg = &rep->suggestions[rep->n_suggestions++];
        memset(sg, 0, sizeof *sg);
        snprintf(sg->name, sizeof sg->name, "%s", name);
        utf8_fix_tail(sg->name);
        for (int i = 0; i < n; i++)
            snprintf(sg->names[sg->n++], sizeof sg->names[0], "%s", c->scope_compounds[idx[i]]);
    }
    return c->scope_compounds[idx[0]];
}

static int compound_lookup(ImportCtx *c, const char *name)
{
    int64_t idx;
    if (map_get(&c->compound_by_name, name, &idx))
        return (int)idx;
    c->compounds = grow(c->compounds, c->n_compounds, &c->compounds_cap, sizeof *c->compounds);
    Compound *k = &c->compounds[c->n_compounds];
    memset(k, 0, sizeof *k);
    int found = 0, in_scope = 0;
    size_t scope_len = strlen(c->scope);
    DbStmt *st = db_query(c->db, "SELECT id, path FROM node WHERE kind = 'compound' AND name = ? ORDER BY id", DB_T(name));
    while (db_step(st) == DB_ROW) {
        found++;
        const char *path = db_col_text(st, 1);
        if (path && strncmp(path, c->scope, scope_len) == 0) {
            if (!in_scope++) {
                k->id = db_col_int(st, 0);
                k->path = xstrdup(path);
            }
        }
    }
    bool db_ok = db_done(st);
    char v[100];
    if (!db_ok) {
        k->code = "db_error";
        snprintf(k->msg, sizeof k->msg, "读取登记簿失败");
    } else if (!found) {
        k->code = "unknown_compound";
        const char *near = suggest_compounds(c, name);
        char nv[100];
        if (near)
            snprintf(k->msg, sizeof k->msg, "没有名为“%s”的院落；是不是“%s”？", clip(name, v), clip(near, nv));
        else
            snprintf(k->msg, sizeof k->msg, "没有名为“%s”的院落", clip(name, v));
    } else if (!in_scope) {
        k->code = "out_of_scope";
        snprintf(k->msg, sizeof k->msg, "院落“%s”不在你可以管理的范围内", clip(name, v));
    } else if (in_scope > 1) {
        k->code = "unknown_compound";
        snprintf(k->msg, sizeof k->msg, "有 %d 个名为“%s”的院落，无法确定是哪一个", in_scope, clip(name, v));
    } else {
        /* The grid is the ancestor of kind grid on the compound's path. */
        const char *p = k->path;
        while (*p) {
            while (*p == '/')
                p++;
            if (!*p)
                break;
            int64_t id = strtoll(p, (char **)&p, 10), gid;
            if (db_int(c->db, &gid, "SELECT id FROM node WHERE id = ? AND kind = 'grid'", DB_I(id))) {
                k->grid_id = gid;
                break;
            }
        }
        if (!k->grid_id) {
            k->code = "unknown_compound";
            snprintf(k->msg, sizeof k->msg, "院落“%s”不属于任何网格，请先在网格树中调整", clip(name, v));
        }
    }
    if (k->code)
        utf8_fix_tail(k->msg);
    map_put(&c->compound_by_name, name, c->n_compounds);
    return c->n_compounds++;
}

/* Index into c->buildings, or -1 when the compound has no such building. */
static int building_lookup(ImportCtx *c, int64_t compound_id, const char *name, bool *db_error)
{
    Buf key = BUF_INIT;
    buf_printf(&key, "%lld/", (long long)compound_id);
    buf_puts(&key, name);
    int64_t idx;
    if (map_get(&c->building_by_key, buf_str(&key), &idx)) {
        buf_free(&key);
        return (int)idx;
    }
    int result = -1;
    DbStmt *st = db_query(c->db, "SELECT id, path FROM node WHERE kind = 'building' AND name = ? AND parent_id = ? ORDER BY id",
                          DB_T(name), DB_I(compound_id));
    if (db_step(st) == DB_ROW) {
        c->buildings = grow(c->buildings, c->n_buildings, &c->buildings_cap, sizeof *c->buildings);
        c->buildings[c->n_buildings].id = db_col_int(st, 0);
        c->buildings[c->n_buildings].path = xstrdup(db_col_text(st, 1) ? db_col_text(st, 1) : "");
        result = c->n_buildings++;
    }
    if (!db_done(st))
        *db_error = true;
    map_put(&c->building_by_key, buf_str(&key), result);
    buf_free(&key);
    return result;
}

/* Finds or registers the flat of a row. */
static int flat_for(ImportCtx *c, int line, int ci, int bi, const char *compound, const char *building, const char *unit,
                    const char *door, bool *db_error)
{
    Buf key = BUF_INIT;
    buf_printf(&key, "%lld/", (long long)c->buildings[bi].id);
    buf_puts(&key, unit);
    buf_putc(&key, '\x1f');
    buf_puts(&key, door);
    int64_t idx;
    if (map_get(&c->flat_by_key, buf_str(&key), &idx)) {
        buf_free(&key);
        return (int)idx;
    }
    c->flats = grow(c->flats, c->n_flats, &c->flats_cap, sizeof *c->flats);
    Flat *f = &c->flats[c->n_flats];
    memset(f, 0, sizeof *f);
    f->compound_id = c->compounds[ci].id;
    f->grid_id = c->compounds[ci].grid_id;
    f->building_idx = bi;
    f->building_id = c->buildings[bi].id;
    f->compound_name = compound;
    f->building_name = building;
    f->unit_name = unit;
    f->door = door;
    f->existing_area = -1;
    f->area = -1;
    f->first_line = line;
    f->cur_hh = -1;
    int64_t uid;
    if (db_int(c->db, &uid, "SELECT id FROM node WHERE kind = 'unit' AND parent_id = ? AND name = ? ORDER BY id",
               DB_I(f->building_id), DB_T(unit))) {
        f->unit_id = uid;
        DbStmt *st = db_query(c->db, "SELECT id, area FROM flat WHERE unit_id = ? AND door = ?", DB_I(uid), DB_T(door));
        if (db_step(st) == DB_ROW) {
            f->existing_id = db_col_int(st, 0);
            if (!db_col_null(st, 1))
                f->existing_area = db_col_int(st, 1);
        }
        if (!db_done(st))
            *db_error = true;
    }
    map_put(&c->flat_by_key, buf_str(&key), c->n_flats);
    buf_free(&key);
    return c->n_flats++;
}

/* Finds or registers the household numbered number at flat fi. */
static int household_for(ImportCtx *c, int line, int fi, const char *number, bool *db_error)
{
    Buf key = BUF_INIT;
    buf_printf(&key, "%d\x1f", fi);
    buf_puts(&key, number);
    int64_t idx;
    if (map_get(&c->hh_by_key, buf_str(&key), &idx)) {
        buf_free(&key);
        return (int)idx;
    }
    c->hhs = grow(c->hhs, c->n_hhs, &c->hhs_cap, sizeof *c->hhs);
    Household *h = &c->hhs[c->n_hhs];
    memset(h, 0, sizeof *h);
    h->flat = fi;
    snprintf(h->number, sizeof h->number, "%s", number);
    h->first_line = line;
    Flat *f = &c->flats[fi];
    f->n_hhs++;
    /* every household lives in a flat: a new flat has no household yet */
    if (f->existing_id) {
        DbStmt *st = db_query(c->db, "SELECT node_id FROM household WHERE flat_id = ? AND number = ?",
                              DB_I(f->existing_id), DB_T(number));
        if (db_step(st) == DB_ROW)
            h->existing_id = db_col_int(st, 0);
        if (!db_done(st))
            *db_error = true;
    }
    map_put(&c->hh_by_key, buf_str(&key), c->n_hhs);
    buf_free(&key);
    return c->n_hhs++;
}

/* The head of a household (户主) as registers write it. */
static bool is_head(const char *relation)
{
    static const char *const heads[] = {"户主", "本人", "head", NULL};
    for (int i = 0; heads[i]; i++)
        if (strcasecmp(relation, heads[i]) == 0)
            return true;
    return false;
}

/* The household of a row at flat fi. With a 户号 column, the number says
 * it. Without one, rows go to the door's current household, and a second
 * 户主 at a door starts another household there, numbered 2, 3, ...: two
 * heads are two households, never merged in silence. Owners living
 * elsewhere never start one. */
static int place_row(ImportCtx *c, int line, int fi, const char *number, bool head, bool resides, const char *name,
                     bool *db_error)
{
    Flat *f = &c->flats[fi];
    char v[100];
    if (c->col[COL_HOUSEHOLD_NO] >= 0) {
        int hh = household_for(c, line, fi, number, db_error);
        Household *h = &c->hhs[hh];
        if (resides && head) {
            if (h->head_line)
                note(c, line, "merged_heads", "%s是门牌“%s”户号“%s”的第二位户主（第一位在第 %d 行）：户号相同，按同一户登记",
                     clip(name, v), f->door, number, h->head_line);
            else
                h->head_line = line;
        }
        return hh;
    }
    if (f->cur_hh < 0 || (resides && head && c->hhs[f->cur_hh].head_line)) {
        int k = f->n_hhs + 1;
        char num[16] = "";
        if (k > 1)
            snprintf(num, sizeof num, "%d", k);
        int prev = f->cur_hh;
        f->cur_hh = household_for(c, line, fi, num, db_error);
        if (k > 1)
            note(c, line, "split_by_head", "%s是门牌“%s”的又一位户主（上一位在第 %d 行）：分为另一户，户号 %s",
                 clip(name, v), f->door, c->hhs[prev].head_line, num);
    }
    Household *h = &c->hhs[f->cur_hh];
    if (resides && head && !h->head_line)
        h->head_line = line;
    return f->cur_hh;
}

/* ---- the check pass ----------------------------------------------------- */

static const char *cell(const XlsxRow *r, int idx)
{
    return idx >= 0 && idx < r->n_cells ? r->cells[idx] : "";
}

static bool row_blank(const XlsxRow *r)
{
    for (int i = 0; i < r->n_cells; i++)
        if (r->cells[i][0])
            return false;
    return true;
}

static bool check_text(ImportCtx *c, int line, int col, const char *v, bool required)
{
    if (!v[0]) {
        if (required)
            problem(c, line, col, "missing_value", "缺少%s", k_cols[col].zh);
        return !required;
    }
    size_t n = utf8_len(v);
    if (n > IMPORT_MAX_TEXT) {
        problem(c, line, col, "too_long", "%s太长：%zu 个字，最多 %d 个", k_cols[col].zh, n, IMPORT_MAX_TEXT);
        return false;
    }
    return true;
}

/* Normalises and checks an ID number into p->id; false after a problem. */
static bool check_id(ImportCtx *c, int line, const char *v, Person *p)
{
    char id[32];
    size_t n = strlen(v);
    /* Excel turns a long digit string typed into a number cell into a
     * floating-point number: "1.10105194912310E+17", or 15 significant digits
     * then zeros. The digits are gone; only the user can type them again. */
    if (strchr(v, 'E') || strchr(v, 'e') || strchr(v, '.')) {
        problem(c, line, COL_ID, "bad_id",
                "身份证号被 Excel 当成数字保存，后几位已丢失：请把该列设置为“文本”格式，重新填写后再导入");
        return false;
    }
    size_t chars = utf8_len(v);
    if (chars != 18) {
        problem(c, line, COL_ID, "bad_id", "身份证号应为 18 位，这里是 %zu 位", chars);
        return false;
    }
    if (n != 18) {
        problem(c, line, COL_ID, "bad_id", "身份证号含有全角或其他字符：请只用半角数字和 X");
        return false;
    }
    for (size_t i = 0; i < 18; i++)
        id[i] = v[i] == 'x' ? 'X' : v[i];
    id[18] = 0;
    char want = pii_id_check_char(id);
    if (!want || (id[17] != 'X' && (id[17] < '0' || id[17] > '9'))) {
        problem(c, line, COL_ID, "bad_id", "身份证号只能由数字组成，最后一位可以是 X");
        return false;
    }
    if (id[17] != want) {
        problem(c, line, COL_ID, "bad_id", "身份证号校验位错误：按前 17 位，最后一位应为 %c，而不是 %c", want, id[17]);
        return false;
    }
    if (!pii_id_valid(id)) {
        problem(c, line, COL_ID, "bad_id", "身份证号中的出生日期 %.4s-%.2s-%.2s 无效", id + 6, id + 10, id + 12);
        return false;
    }
    memcpy(p->id, id, 19);
    p->gender = ((id[16] - '0') % 2) ? 'M' : 'F';
    return true;
}

static bool check_tags(ImportCtx *c, int line, const char *v, Person *p)
{
    char *copy = xstrdup(v);
    /* Unify the separators people use: ; ； 、 , ， */
    static const char *const seps[] = {"；", "、", "，"};
    for (size_t s = 0; s < sizeof seps / sizeof seps[0]; s++) {
        char *q;
        while ((q = strstr(copy, seps[s]))) {
            size_t k = strlen(seps[s]);
            q[0] = ';';
            memmove(q + 1, q + k, strlen(q + k) + 1);
        }
    }
    for (char *q = copy; *q; q++)
        if (*q == ',')
            *q = ';';
    bool ok = true;
    Buf out = BUF_INIT;
    char *save = NULL;
    for (char *t = strtok_r(copy, ";", &save); t; t = strtok_r(NULL, ";", &save)) {
        trim(t);
        if (!*t)
            continue;
        const char *canon = pii_tag_canonical(t);
        if (!canon) {
            char cv[100];
            problem(c, line, COL_TAGS, "unknown_tag", "未知标签“%s”", clip(t, cv));
            ok = false;
            continue;
        }
        /* skip repeats */
        const char *have = buf_str(&out);
        size_t cl = strlen(canon);
        bool dup = false;
        for (const char *h = have; (h = strstr(h, canon)); h += cl)
            if ((h == have || h[-1] == ',') && (h[cl] == ',' || !h[cl]))
                dup = true;
        if (dup)
            continue;
        if (out.len)
            buf_putc(&out, ',');
        buf_puts(&out, canon);
    }
    if (ok)
        snprintf(p->tags, sizeof p->tags, "%s", buf_str(&out));
    buf_free(&out);
    free(copy);
    return ok;
}

/* "居住类型" of an owner who does not live at this door. */
static bool parse_absent(const char *s)
{
    static const char *const absent[] = {"不在此居住", "不居住", "非本户", "absent", NULL};
    return is_one_of(s, absent);
}

/* The rules of an ID number seen before, once the row is placed at flat fi:
 * a person lives in one household, but owns any number of flats. An owner
 * row whose person was seen at another flat (in the file, or in the
 * register where the importer sees full ID numbers) becomes an ownership
 * of this flat by the same owner; anything else is a duplicate. False
 * after a problem. */
static bool check_id_seen(ImportCtx *c, int line, int fi, Person *p)
{
    const Flat *f = &c->flats[fi];
    int64_t first, first_flat = -1, resides = 0;
    if (map_get(&c->id_first_line, p->id_hash, &first)) {
        map_get(&c->id_first_flat, p->id_hash, &first_flat);
        map_get(&c->id_resides, p->id_hash, &resides);
        if (first_flat == fi || (!p->owner && (resides || !p->resides))) {
            problem(c, line, COL_ID, "duplicate", "身份证号与第 %lld 行重复", (long long)first);
            return false;
        }
        if (p->owner && p->resides && resides) {
            /* one person lives in one household: here they only own */
            p->resides = false;
            note(c, line, "same_owner",
                 "身份证号与第 %lld 行相同：按同一人拥有这套房计（一人多套计一名业主），不再登记为这一户的居民", (long long)first);
        } else if (p->owner) {
            note(c, line, "same_owner", "身份证号与第 %lld 行相同：按同一人拥有这套房计（一人多套计一名业主）", (long long)first);
        }
        if (p->resides)
            map_put(&c->id_resides, p->id_hash, 1);
        return true;
    }
    map_put(&c->id_first_line, p->id_hash, line);
    map_put(&c->id_first_flat, p->id_hash, fi);
    /* Only an importer who sees full ID numbers in the scope may be told
     * that a number is on the register there (anything else is an oracle):
     * for others the row imports as a new number's would, and the
     * duplicate is written to the audit log. */
    char upper[256];
    const char *lo = c->scope[0] ? c->scope : "/";
    if (!c->full_view || !grid_path_upper(lo, upper, sizeof upper)) {
        if (p->resides)
            map_put(&c->id_resides, p->id_hash, 1);
        return true;
    }
    int64_t pid = 0, pflat = 0;
    bool found = false;
    DbStmt *st = db_query(c->db,
                          "SELECT p.id, h.flat_id FROM person p JOIN household h ON h.node_id = p.household_id "
                          "JOIN node n ON n.id = p.household_id WHERE p.id_hash = ? AND n.path >= ? AND n.path < ? "
                          "ORDER BY p.id LIMIT 1",
                          DB_T(p->id_hash), DB_T(lo), DB_T(upper));
    if (db_step(st) == DB_ROW) {
        found = true;
        pid = db_col_int(st, 0);
        pflat = db_col_int(st, 1);
    }
    if (!db_done(st)) {
        problem(c, line, -1, "db_error", "读取登记簿失败");
        return false;
    }
    if (!found) {
        if (p->resides)
            map_put(&c->id_resides, p->id_hash, 1);
        return true;
    }
    map_put(&c->id_resides, p->id_hash, 1);
    bool lives_here = f->existing_id && pflat == f->existing_id;
    if (!p->owner || (p->resides && lives_here)) {
        problem(c, line, COL_ID, "duplicate", "身份证号为 %.6s********%.4s 的居民已在登记簿中", p->id, p->id + 14);
        return false;
    }
    p->person_id = pid;
    if (p->resides) {
        p->resides = false;
        note(c, line, "same_owner",
             "身份证号为 %.6s********%.4s 的居民已在登记簿中（住在别处）：按同一人拥有这套房计，不再登记为这一户的居民", p->id,
             p->id + 14);
    }
    return true;
}

/* Checks one data row; adds a Person (valid or not) when the row could be
 * placed in a household, so area conflicts are found across all rows. */
static void check_row(ImportCtx *c, const XlsxRow *r)
{
    int line = r->line;
    bool ok = true, db_error = false, id_ok = false;
    const char *v[N_COLS];
    for (int k = 0; k < N_COLS; k++)
        v[k] = cell(r, c->col[k]);

    for (int k = 0; k < N_COLS; k++) {
        if (k == COL_ID || k == COL_PHONE || k == COL_AREA || k == COL_BIRTH || k == COL_TAGS)
            continue;
        if (!check_text(c, line, k, v[k], k_cols[k].required))
            ok = false;
    }
    if (v[COL_HOUSEHOLD_NO][0] && utf8_len(v[COL_HOUSEHOLD_NO]) > 20) {
        problem(c, line, COL_HOUSEHOLD_NO, "too_long", "户号太长：最多 20 个字");
        ok = false;
    }

    Person p;
    memset(&p, 0, sizeof p);
    p.line = line;
    p.hh = -1;
    p.name = v[COL_NAME];
    p.relation = v[COL_RELATION];
    p.resides = true;

    int yn = parse_yes_no(v[COL_OWNER]);
    if (yn < 0) {
        char cv[100];
        problem(c, line, COL_OWNER, "bad_owner", "是否产权人“%s”无效：应为“是”或“否”", clip(v[COL_OWNER], cv));
        ok = false;
    }
    p.owner = yn == 1;

    if (v[COL_RESIDENCY][0]) {
        if (parse_absent(v[COL_RESIDENCY])) {
            p.resides = false;
            if (yn == 0) {
                problem(c, line, COL_RESIDENCY, "bad_residency", "只有产权人可以“不在此居住”：不住这里的人不登记为这一户的居民");
                ok = false;
            }
        } else {
            p.residency = parse_residency(v[COL_RESIDENCY]);
            if (!p.residency) {
                char cv[100];
                problem(c, line, COL_RESIDENCY, "bad_residency",
                        "居住类型“%s”无效：应为“常住”“流动”，或产权人“不在此居住”", clip(v[COL_RESIDENCY], cv));
                ok = false;
            }
        }
    }

    const char *housing = NULL;
    if (v[COL_HOUSING][0]) {
        housing = parse_housing(v[COL_HOUSING]);
        if (!housing) {
            char cv[100];
            problem(c, line, COL_HOUSING, "bad_housing", "住房性质“%s”无效：应为 自有、租赁、公房 或 空置", clip(v[COL_HOUSING], cv));
            ok = false;
        }
    }

    if (v[COL_ID][0]) {
        if (check_id(c, line, v[COL_ID], &p)) {
            pii_hash(p.id, p.id_hash);
            id_ok = true;
        } else
            ok = false;
    }

    if (v[COL_PHONE][0]) {
        char ph[32];
        size_t k = 0;
        for (const char *q = v[COL_PHONE]; *q && k < sizeof ph - 1; q++)
            if (*q != ' ' && *q != '-')
                ph[k++] = *q;
        ph[k] = 0;
        if (!pii_phone_valid(ph)) {
            char cv[100];
            problem(c, line, COL_PHONE, "bad_phone", "电话“%s”无效：应为 11 位手机号码", clip(v[COL_PHONE], cv));
            ok = false;
        } else {
            memcpy(p.phone, ph, 12);
            pii_hash(p.phone, p.phone_hash);
        }
    }

    if (v[COL_BIRTH][0]) {
        int y, m, d;
        if (!parse_birth(v[COL_BIRTH], &y, &m, &d) || y < 1900 || y > current_year()) {
            char cv[100];
            /* A bare number such as 18263 is an Excel date whose cell lost its date format. */
            problem(c, line, COL_BIRTH, "bad_birth_year",
                    "出生年份或日期“%s”无效：应为 1900 到 %d 之间的四位年份，或 1949-12-31 这样的日期（Excel 中请把该列设为“日期”格式）",
                    clip(v[COL_BIRTH], cv), current_year());
            ok = false;
        } else if (p.id[0] && (p.id[6] - '0') * 1000 + (p.id[7] - '0') * 100 + (p.id[8] - '0') * 10 + (p.id[9] - '0') != y) {
            problem(c, line, COL_BIRTH, "bad_birth_year", "出生年份 %d 与身份证号中的年份 %.4s 不一致", y, p.id + 6);
            ok = false;
        } else if (p.id[0] && m && d && ((p.id[10] - '0') * 10 + (p.id[11] - '0') != m || (p.id[12] - '0') * 10 + (p.id[13] - '0') != d)) {
            problem(c, line, COL_BIRTH, "bad_birth_year", "出生日期 %04d-%02d-%02d 与身份证号中的出生日期 %.4s-%.2s-%.2s 不一致",
                    y, m, d, p.id + 6, p.id + 10, p.id + 12);
            ok = false;
        } else
            p.birth_year = y;
    }

    int g = parse_gender(v[COL_GENDER]);
    if (g < 0) {
        char cv[100];
        problem(c, line, COL_GENDER, "bad_gender", "性别“%s”无效：应为“男”或“女”", clip(v[COL_GENDER], cv));
        ok = false;
    } else if (g && p.gender && g != p.gender) {
        char cv[100];
        problem(c, line, COL_GENDER, "bad_gender", "性别“%s”与身份证号不一致（身份证号第 17 位表示%s）", clip(v[COL_GENDER], cv),
                p.gender == 'M' ? "男" : "女");
        ok = false;
    } else if (g)
        p.gender = (char)g;
    if (!p.birth_year && p.id[0])
        p.birth_year = (p.id[6] - '0') * 1000 + (p.id[7] - '0') * 100 + (p.id[8] - '0') * 10 + (p.id[9] - '0');

    if (v[COL_TAGS][0] && !check_tags(c, line, v[COL_TAGS], &p))
        ok = false;

    if (p.owner && v[COL_ID][0] == 0) {
        problem(c, line, COL_ID, "missing_value", "产权人必须填写身份证号（用于按人计数）");
        ok = false;
    }

    int64_t area = -1;
    if (v[COL_AREA][0]) {
        const char *why = parse_area(v[COL_AREA], &area);
        if (why) {
            char cv[100];
            problem(c, line, COL_AREA, "bad_area", "%s：“%s”", why, clip(v[COL_AREA], cv));
            ok = false;
            area = -1;
        }
    }

    /* Place the row at its flat. */
    int fi = -1;
    if (v[COL_COMPOUND][0]) {
        int ci = compound_lookup(c, v[COL_COMPOUND]);
        Compound *k = &c->compounds[ci];
        if (k->code) {
            problem(c, line, COL_COMPOUND, k->code, "%s", k->msg);
            ok = false;
        } else if (v[COL_BUILDING][0]) {
            int bi = building_lookup(c, k->id, v[COL_BUILDING], &db_error);
            if (bi < 0) {
                char cb[100], cc[100];
                problem(c, line, COL_BUILDING, "unknown_building", "院落“%s”下没有楼栋“%s”",
                        clip(v[COL_COMPOUND], cc), clip(v[COL_BUILDING], cb));
                ok = false;
            } else if (v[COL_UNIT][0] && v[COL_DOOR][0]) {
                fi = flat_for(c, line, ci, bi, v[COL_COMPOUND], v[COL_BUILDING], v[COL_UNIT], v[COL_DOOR], &db_error);
            }
        }
    }
    int hh = -1;
    if (fi >= 0) {
        Flat *f = &c->flats[fi];
        if (area >= 0) {
            if (f->area >= 0 && f->area != area) {
                Buf a = BUF_INIT, b = BUF_INIT;
                buf_printf(&a, "%A", area);
                buf_printf(&b, "%A", f->area);
                problem(c, line, COL_AREA, "area_conflict", "面积 %s 与第 %d 行同一套房的面积 %s 不一致", buf_str(&a), f->area_line,
                        buf_str(&b));
                buf_free(&a);
                buf_free(&b);
                ok = false;
            } else if (f->existing_area >= 0 && f->existing_area != area) {
                Buf a = BUF_INIT, b = BUF_INIT;
                buf_printf(&a, "%A", area);
                buf_printf(&b, "%A", f->existing_area);
                problem(c, line, COL_AREA, "area_conflict", "面积 %s 与登记簿中这套房的面积 %s 不一致", buf_str(&a), buf_str(&b));
                buf_free(&a);
                buf_free(&b);
                ok = false;
            } else if (f->area < 0) {
                f->area = area;
                f->area_line = line;
            }
        }
        if (p.owner && !f->owner_line)
            f->owner_line = line;
        /* Whether this row lives here is known once its ID number is
         * matched: an owner seen at another flat only owns this one. */
        if (id_ok && !check_id_seen(c, line, fi, &p))
            ok = false;
        hh = place_row(c, line, fi, v[COL_HOUSEHOLD_NO], is_head(p.relation), p.resides, p.name, &db_error);
        Household *h = &c->hhs[hh];
        if (housing && !h->housing)
            h->housing = housing;

        /* Without an ID number, the same name twice in one household is
         * the same person (a file imported twice, or a copied row). */
        if (!p.id[0] && p.name[0]) {
            Buf key = BUF_INIT;
            buf_printf(&key, "%d/", hh);
            buf_puts(&key, p.name);
            int64_t first;
            if (map_get(&c->name_in_hh, buf_str(&key), &first)) {
                problem(c, line, COL_NAME, "duplicate", "这一户的居民与第 %lld 行重名，且都没有身份证号", (long long)first);
                ok = false;
            } else {
                map_put(&c->name_in_hh, buf_str(&key), line);
                int64_t pid;
                if (h->existing_id &&
                    db_int(c->db, &pid, "SELECT id FROM person WHERE household_id = ? AND name = ?", DB_I(h->existing_id), DB_T(p.name))) {
                    problem(c, line, COL_NAME, "duplicate", "登记簿中这一户已有名为“%s”的居民", p.name);
                    ok = false;
                }
            }
            buf_free(&key);
        }
        /* One problem per cause: a duplicate ID already says it all. */
        if (ok && p.owner && p.id_hash[0] && f->existing_id) {
            int64_t oid;
            if (db_int(c->db, &oid,
                       "SELECT s.id FROM ownership s JOIN owner o ON o.id = s.owner_id WHERE s.flat_id = ? AND o.owner_key = ?",
                       DB_I(f->existing_id), DB_T(p.id_hash))) {
                problem(c, line, COL_OWNER, "duplicate", "这套房在登记簿中已有这位产权人");
                ok = false;
            }
        }
    }
    if (db_error) {
        problem(c, line, -1, "db_error", "读取登记簿失败");
        ok = false;
    }
    if (!ok || hh < 0)
        return;
    p.hh = hh;
    p.next = -1;
    c->persons = grow(c->persons, c->n_persons, &c->persons_cap, sizeof *c->persons);
    Household *h = &c->hhs[hh];
    if (h->n_persons++)
        c->persons[h->last_person].next = c->n_persons;
    else
        h->first_person = c->n_persons;
    h->last_person = c->n_persons;
    if (p.resides)
        h->n_residents++;
    c->persons[c->n_persons++] = p;
}

/* After all rows: owners need the flat's area; say how doors were split. */
static void check_households(ImportCtx *c)
{
    for (int i = 0; i < c->n_flats; i++) {
        Flat *f = &c->flats[i];
        if (f->owner_line && f->area < 0 && f->existing_area < 0)
            problem(c, f->owner_line, COL_AREA, "bad_area", "这套房有产权人，必须填写面积（用于业主表决）");
        if (f->n_hhs > 1 && c->col[COL_HOUSEHOLD_NO] >= 0)
            note(c, f->first_line, "split_by_number", "门牌“%s”按户号分为 %d 户", f->door, f->n_hhs);
    }
    int persons = 0;
    for (int i = 0; i < c->n_hhs; i++) {
        Household *h = &c->hhs[i];
        if (h->n_persons && !h->existing_id)
            c->rep->households_new++;
        persons += h->n_residents;
    }
    c->rep->persons_new = persons;
}

/* ---- the write pass ----------------------------------------------------- */

static int64_t insert_node(ImportCtx *c, int64_t parent_id, const char *parent_path, const char *kind, const char *name)
{
    int64_t now = clock_now(), id = 0;
    DbStmt *st = db_query(c->db,
                          "INSERT INTO node (parent_id, kind, name, path, sort, created_at, updated_at) "
                          "VALUES (?, ?, ?, '', ?, ?, ?) RETURNING id",
                          DB_I(parent_id), DB_T(kind), DB_T(name), DB_I(leading_number(name)), DB_I(now), DB_I(now));
    if (db_step(st) == DB_ROW)
        id = db_col_int(st, 0);
    if (!db_done(st) || !id)
        return 0;
    Buf path = BUF_INIT;
    buf_puts(&path, parent_path);
    buf_printf(&path, "%lld/", (long long)id);
    bool ok = db_exec(c->db, "UPDATE node SET path = ? WHERE id = ?", DB_T(buf_str(&path)), DB_I(id));
    buf_free(&path);
    return ok ? id : 0;
}

/* A flat of the file, written once (grid/flat.c): its unit and flat are
 * created when new, its area set when the register had none. */
static bool write_flat(ImportCtx *c, Flat *f)
{
    if (f->new_id)
        return true;
    Building *b = &c->buildings[f->building_idx];
    if (f->existing_id) {
        f->new_id = f->existing_id;
        if (f->area >= 0 && f->existing_area < 0 && !flat_set_area(c->db, f->existing_id, f->area, "register"))
            return false;
        return true;
    }
    int64_t uid = f->unit_id;
    Buf ukey = BUF_INIT;
    buf_printf(&ukey, "%lld/", (long long)f->building_id);
    buf_puts(&ukey, f->unit_name);
    if (!uid && !map_get(&c->units_new, buf_str(&ukey), &uid)) {
        uid = insert_node(c, f->building_id, b->path, "unit", f->unit_name);
        if (uid)
            map_put(&c->units_new, buf_str(&ukey), uid);
    }
    buf_free(&ukey);
    f->unit_id = uid;
    return uid && flat_create(c->db, uid, f->compound_id, f->door, f->area >= 0 ? f->area : 0, "register", clock_now(),
                              &f->new_id);
}

/* The owner of an owner row: the one this file already wrote for the same
 * ID number; else, for an importer who sees full ID numbers in the scope,
 * the register's owner with that number who holds a flat there (or lives
 * there); else a new owner, like any number's: the importer is not told
 * whose number it is, the duplicate goes to the audit log, and owners
 * sharing a number count as one in every vote (grid/flat.h). */
static bool import_owner(ImportCtx *c, const FlatPerson *fp, int64_t actor_id, int64_t now, int64_t *owner_id)
{
    if (map_get(&c->owner_written, fp->id_hash, owner_id))
        return fp->person_id == 0 || flat_owner_link_person(c->db, *owner_id, fp->person_id);
    *owner_id = 0;
    char upper[256];
    const char *lo = c->scope[0] ? c->scope : "/";
    if (c->full_view && grid_path_upper(lo, upper, sizeof upper)) {
        DbStmt *st = db_query(c->db,
                              "SELECT MIN(x.id) FROM (SELECT o.id FROM owner o JOIN ownership s ON s.owner_id = o.id "
                              "JOIN household h ON h.flat_id = s.flat_id JOIN node n ON n.id = h.node_id "
                              "WHERE o.owner_key = ? AND n.path >= ? AND n.path < ? "
                              "UNION ALL SELECT o.id FROM owner o JOIN person p ON p.id = o.person_id "
                              "JOIN node n ON n.id = p.household_id WHERE o.owner_key = ? AND n.path >= ? AND n.path < ?) x",
                              DB_T(fp->id_hash), DB_T(lo), DB_T(upper), DB_T(fp->id_hash), DB_T(lo), DB_T(upper));
        if (db_step(st) == DB_ROW && !db_col_null(st, 0))
            *owner_id = db_col_int(st, 0);
        if (!db_done(st))
            return false;
    }
    bool ok;
    if (*owner_id)
        ok = fp->person_id == 0 || flat_owner_link_person(c->db, *owner_id, fp->person_id);
    else
        ok = flat_owner_person_add(c->db, fp, now, owner_id) &&
             grid_owner_duplicates_audit(c->db, actor_id, *owner_id, fp->id_hash);
    if (ok)
        map_put(&c->owner_written, fp->id_hash, *owner_id);
    return ok;
}

static bool write_household(ImportCtx *c, int hi, int64_t actor_id)
{
    Household *h = &c->hhs[hi];
    Flat *f = &c->flats[h->flat];
    int64_t now = clock_now();
    /* the register's writer of households and persons (grid/household.h),
     * with this household's sealed values in an arena of its own */
    Arena *arena = arena_new();
    Ctx gc = {c->db, arena, NULL, now};
    bool ok = arena && write_flat(c, f);
    int64_t area = f->area >= 0 ? f->area : f->existing_area;
    Buf addr = BUF_INIT;
    buf_puts(&addr, f->compound_name);
    /* "学道苑·拱背桥25号1栋" is itself a building: do not say "1栋" twice
     * (the same rule as the demo's addresses). */
    size_t cl = strlen(f->compound_name), bl = strlen(f->building_name);
    if (!(cl >= bl && strcmp(f->compound_name + cl - bl, f->building_name) == 0))
        buf_puts(&addr, f->building_name);
    buf_puts(&addr, f->unit_name);
    Buf label = BUF_INIT;
    buf_puts(&label, f->door);
    if (h->number[0]) {
        /* the same label as grid_household_label */
        buf_puts(&label, "（户号");
        buf_puts(&label, h->number);
        buf_puts(&label, "）");
    }
    buf_puts(&addr, buf_str(&label));

    int64_t hid = h->existing_id;
    if (ok && !hid) {
        char *unit_path = NULL;
        DbStmt *st = db_query(c->db, "SELECT path FROM node WHERE id = ?", DB_I(f->unit_id));
        if (db_step(st) == DB_ROW && db_col_text(st, 0))
            unit_path = xstrdup(db_col_text(st, 0));
        /* a failed read leaves hid 0, and ok false below */
        if (db_done(st) && unit_path)
            hid = insert_node(c, f->unit_id, unit_path, "household", buf_str(&label));
        free(unit_path);
        /* a door where only owners living elsewhere are listed has no residents known */
        const char *housing = h->housing ? h->housing : h->n_residents ? "owned" : "vacant";
        HouseholdNew row = {hid, f->unit_id, f->building_id, f->compound_id, f->grid_id, f->door, h->number,
                            buf_str(&addr), housing, NULL};
        ok = hid && grid_household_insert(&gc, &row, NULL);
    }
    h->new_id = hid;
    buf_free(&label);

    /* The audit record: masked values only, never sensitive tags. */
    Buf after = BUF_INIT;
    buf_printf(&after, "{\"address\":%j,\"flat_id\":%lld,\"number\":%j,\"area\":", buf_str(&addr), (long long)f->new_id,
               h->number);
    if (area >= 0)
        buf_printf(&after, "%A", area);
    else
        buf_puts(&after, "null");
    buf_printf(&after, ",\"new\":%s,\"persons\":[", h->existing_id ? "false" : "true");

    int written = 0;
    for (int i = h->n_persons ? h->first_person : -1; ok && i >= 0; i = c->persons[i].next) {
        Person *p = &c->persons[i];
        /* sealed, masked and hashed as the register does it (grid/household.c) */
        GridPii id = {0}, phone = {0};
        ok = grid_pii_seal(&gc, p->id, true, &id, NULL) && grid_pii_seal(&gc, p->phone, false, &phone, NULL);
        char gender[2] = {p->gender, 0};
        if (ok && p->resides) {
            PersonNew row = {hid, p->name, p->gender ? gender : NULL, p->birth_year, p->residency, p->relation,
                             p->tags, id, phone};
            ok = grid_person_insert(&gc, &row, &p->new_id, NULL);
        }
        if (ok && p->resides && p->id[0])
            ok = grid_id_duplicates_audit(c->db, actor_id, p->new_id, p->id_hash);
        /* One owner per person, whatever flats they own (grid/flat.c). */
        if (ok && p->owner) {
            FlatPerson fp = {p->name, p->id_hash, id.enc, id.mask ? id.mask : "", phone.enc, phone.mask,
                             p->resides ? p->new_id : p->person_id};
            int64_t owner_id = 0;
            bool holds = false;
            ok = import_owner(c, &fp, actor_id, now, &owner_id) && flat_owner_holds(c->db, f->new_id, owner_id, &holds) &&
                 (holds || flat_owner_add(c->db, f->new_id, owner_id, 0, now, NULL));
        }
        buf_printf(&after, "%s{\"name\":%j,\"id_mask\":%j,\"phone_mask\":%j,\"owner\":%s,\"lives_here\":%s}",
                   written ? "," : "", p->name, id.mask, phone.mask, p->owner ? "true" : "false",
                   p->resides ? "true" : "false");
        written++;
    }
    buf_puts(&after, "]}");
    if (ok)
        ok = audit_append(c->db, actor_id, "household", hid, "import", NULL, buf_str(&after));
    buf_free(&after);
    buf_free(&addr);
    arena_free(arena);
    return ok;
}

static bool write_all(ImportCtx *c, int64_t actor_id, const char *format)
{
    for (int i = 0; i < c->n_hhs; i++) {
        if (!c->hhs[i].n_persons)
            continue;
        if (!write_household(c, i, actor_id))
            return false;
    }
    Buf sum = BUF_INIT;
    buf_printf(&sum, "{\"format\":%j,\"rows\":%d,\"households_new\":%d,\"persons_new\":%d,\"notes\":%d,"
                     "\"converted_from_gbk\":%s}",
               format, c->rep->rows, c->rep->households_new, c->rep->persons_new, c->rep->n_notes,
               c->rep->converted_from_gbk ? "true" : "false");
    bool ok = audit_append(c->db, actor_id, "import", 0, "import", NULL, buf_str(&sum));
    buf_free(&sum);
    return ok;
}

/* ---- the report: columns and warnings ------------------------------------ */

/* Every column with a header or with values, as used or ignored, with its
 * header as written (called before headers are cleaned for matching). */
static void report_columns(ImportCtx *c, const XlsxSheet *sheet, int hdr)
{
    const XlsxRow *h = &sheet->rows[hdr];
    int width = h->n_cells;
    for (int i = hdr + 1; i < sheet->n_rows; i++)
        if (sheet->rows[i].n_cells > width)
            width = sheet->rows[i].n_cells;
    bool *has_values = xrealloc(NULL, (size_t)(width ? width : 1) * sizeof *has_values);
    memset(has_values, 0, (size_t)width * sizeof *has_values);
    for (int i = hdr + 1; i < sheet->n_rows; i++)
        for (int k = 0; k < sheet->rows[i].n_cells; k++)
            if (sheet->rows[i].cells[k][0])
                has_values[k] = true;
    ImportReport *rep = c->rep;
    rep->columns = xrealloc(NULL, (size_t)(width ? width : 1) * sizeof *rep->columns);
    for (int i = 0; i < width; i++) {
        const char *raw = i < h->n_cells ? h->cells[i] : "";
        if (!raw[0] && !has_values[i])
            continue;
        ImportColumn *col = &rep->columns[rep->n_columns++];
        memset(col, 0, sizeof *col);
        col->index = i + 1;
        char cv[100], clean[256];
        snprintf(col->header, sizeof col->header, "%s", clip(raw, cv));
        snprintf(clean, sizeof clean, "%s", raw);
        utf8_fix_tail(clean);
        header_clean(clean);
        int k = header_match(clean);
        if (k >= 0) {
            snprintf(col->field, sizeof col->field, "%s", k_cols[k].key);
            snprintf(col->field_zh, sizeof col->field_zh, "%s", k_cols[k].zh);
        }
        col->dates = i < XLSX_DATE_COLS && sheet->date_cells[i] > 0;
    }
    free(has_values);
}

/* Appends a line number to a short list ("3、5、9"), at most five of them. */
static void add_line(Buf *b, int *n, int line)
{
    if (*n < 5)
        buf_printf(b, "%s%d", *n ? "、" : "", line);
    else if (*n == 5)
        buf_puts(b, " 等");
    (*n)++;
}

/* What the register will lack after this file: every report says it. */
static void warn_households(ImportCtx *c)
{
    if (c->col[COL_OWNER] < 0)
        warning(c, 0, COL_OWNER, "no_owner_column",
                "文件没有“是否产权人”列：这次导入不会登记任何产权人，登记簿中这些房屋将没有产权人");
    if (c->col[COL_AREA] < 0)
        warning(c, 0, COL_AREA, "no_area_column", "文件没有“面积”列：新建的房屋将没有面积");
    /* Owners and areas belong to flats (房): a flat with a household in
     * the file, no owner row and none on the register will have no owner;
     * one without an area in the file or the register, no area. */
    bool *placed = xrealloc(NULL, (size_t)(c->n_flats ? c->n_flats : 1) * sizeof *placed);
    memset(placed, 0, (size_t)c->n_flats * sizeof *placed);
    for (int i = 0; i < c->n_hhs; i++)
        if (c->hhs[i].n_persons)
            placed[c->hhs[i].flat] = true;
    Buf owner_lines = BUF_INIT, area_lines = BUF_INIT;
    int no_owner = 0, no_area = 0, owner_first = 0, area_first = 0;
    for (int i = 0; i < c->n_flats; i++) {
        const Flat *f = &c->flats[i];
        if (!placed[i])
            continue;
        int64_t held = 0;
        if (c->col[COL_OWNER] >= 0 && !f->owner_line &&
            !(f->existing_id && db_int(c->db, &held, "SELECT id FROM ownership WHERE flat_id = ? ORDER BY id LIMIT 1",
                                       DB_I(f->existing_id)))) {
            if (!no_owner)
                owner_first = f->first_line;
            add_line(&owner_lines, &no_owner, f->first_line);
        }
        if (c->col[COL_AREA] >= 0 && f->area < 0 && f->existing_area < 0) {
            if (!no_area)
                area_first = f->first_line;
            add_line(&area_lines, &no_area, f->first_line);
        }
    }
    free(placed);
    if (no_owner)
        warning(c, owner_first, COL_OWNER, "households_without_owner",
                "%d 套房没有标明产权人（第 %s 行），登记簿中也没有：这些房屋将没有产权人，业主表决时按未登记计", no_owner,
                buf_str(&owner_lines));
    if (no_area)
        warning(c, area_first, COL_AREA, "households_without_area", "%d 套房没有填写面积（第 %s 行），登记簿中也没有", no_area,
                buf_str(&area_lines));
    buf_free(&owner_lines);
    buf_free(&area_lines);
    /* Excel turns "3-1" typed into a general cell into 1 March: a date in a column that holds none is a damaged value. */
    for (int i = 0; i < c->rep->n_columns; i++) {
        const ImportColumn *col = &c->rep->columns[i];
        int k = col->field[0] ? header_match(col->field) : -1;
        if (col->dates && k >= 0 && k != COL_BIRTH)
            warning(c, 0, k, "dates_in_column",
                    "“%s”列中有日期单元格，已读成日期：若原本不是日期（如门牌 3-1 被 Excel 改成了 3月1日），请把该列设为“文本”后重新填写",
                    k_cols[k].zh);
    }
}

/* ---- the entry points --------------------------------------------------- */

static void ctx_free(ImportCtx *c)
{
    for (int i = 0; i < c->n_compounds; i++)
        free(c->compounds[i].path);
    free(c->compounds);
    for (int i = 0; i < c->n_buildings; i++)
        free(c->buildings[i].path);
    free(c->buildings);
    free(c->flats);
    free(c->hhs);
    if (c->persons)
        memset(c->persons, 0, (size_t)c->n_persons * sizeof *c->persons); /* ID numbers and phones */
    free(c->persons);
    map_free(&c->compound_by_name);
    map_free(&c->building_by_key);
    map_free(&c->flat_by_key);
    map_free(&c->hh_by_key);
    map_free(&c->id_first_line);
    map_free(&c->id_first_flat);
    map_free(&c->id_resides);
    map_free(&c->name_in_hh);
    map_free(&c->units_new);
    map_free(&c->owner_written);
    for (int i = 0; i < c->n_scope_compounds; i++)
        free(c->scope_compounds[i]);
    free(c->scope_compounds);
}

/* Reads the bytes into rows of UTF-8 text. The content says what the file
 * is: a file named .xls is often an .xlsx or a CSV, and the reverse. */
bool import_read_rows(const unsigned char *data, size_t len, ImportFormat fmt, XlsxSheet *sheet, ImportReport *rep)
{
    char err[256] = "";
    if (xls_is_ole2(data, len)) {
        snprintf(rep->format, sizeof rep->format, "xls");
        if (!xls_read_first_sheet(data, len, sheet, err, sizeof err)) {
            fatal(rep, err);
            return false;
        }
        return true;
    }
    if (fmt == IMPORT_XLS) {
        xls_read_first_sheet(data, len, sheet, err, sizeof err); /* not OLE2: says what it should be */
        fatal(rep, err);
        return false;
    }
    if (fmt == IMPORT_XLSX || (len >= 4 && memcmp(data, "PK\x03\x04", 4) == 0)) {
        snprintf(rep->format, sizeof rep->format, "xlsx");
        if (!xlsx_read_first_sheet(data, len, sheet, err, sizeof err)) {
            fatal(rep, err);
            return false;
        }
        return true;
    }
    snprintf(rep->format, sizeof rep->format, "csv");
    if (len >= 2 && ((data[0] == 0xFF && data[1] == 0xFE) || (data[0] == 0xFE && data[1] == 0xFF))) {
        fatal(rep, "文件是 UTF-16 编码：请在 Excel 中另存为“CSV UTF-8（逗号分隔）”");
        return false;
    }
    const char *text = (const char *)data;
    size_t tlen = len;
    if (tlen >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0) {
        text += 3;
        tlen -= 3;
    }
    char *converted = NULL;
    if (!utf8_valid(text, tlen)) {
        size_t clen = 0;
        converted = gbk_to_utf8(text, tlen, &clen);
        if (!converted || !utf8_valid(converted, clen)) {
            free(converted);
            fatal(rep, "文件不是 UTF-8 或 GBK 编码");
            return false;
        }
        rep->converted_from_gbk = true;
        text = converted;
        tlen = clen;
    }
    bool ok = csv_read(text, tlen, sheet, err, sizeof err);
    if (!ok)
        fatal(rep, err);
    free(converted);
    return ok;
}

bool import_register(Db *db, int64_t actor_id, const char *scope_path, bool full_view, const unsigned char *data, size_t len,
                     ImportFormat fmt, bool dry_run, ImportReport *rep)
{
    memset(rep, 0, sizeof *rep);
    if (!pii_key_loaded()) {
        fatal(rep, "未加载个人信息密钥，无法导入（请检查 key 文件）");
        return false;
    }
    if (!data || len == 0) {
        fatal(rep, "文件是空的");
        return false;
    }
    XlsxSheet sheet = {0};
    if (!import_read_rows(data, len, fmt, &sheet, rep))
        return false;

    ImportCtx c;
    memset(&c, 0, sizeof c);
    c.db = db;
    c.rep = rep;
    c.scope = scope_path ? scope_path : "";
    c.full_view = full_view;
    for (int k = 0; k < N_COLS; k++)
        c.col[k] = -1;

    bool ok = false;
    int hdr = 0;
    while (hdr < sheet.n_rows) {
        for (int i = 0; i < sheet.rows[hdr].n_cells; i++)
            trim(sheet.rows[hdr].cells[i]);
        if (!row_blank(&sheet.rows[hdr]))
            break;
        hdr++;
    }
    if (hdr == sheet.n_rows) {
        fatal(rep, "文件里没有内容");
        goto done;
    }
    {
        XlsxRow *h = &sheet.rows[hdr];
        report_columns(&c, &sheet, hdr);
        for (int i = 0; i < h->n_cells; i++) {
            header_clean(h->cells[i]);
            int k = header_match(h->cells[i]);
            if (k < 0)
                continue; /* other columns (序号, 备注, ...) are left alone, and reported as ignored */
            if (c.col[k] >= 0) {
                char msg[256];
                snprintf(msg, sizeof msg, "“%s”列出现了两次（第 %d 列和第 %d 列）", k_cols[k].zh, c.col[k] + 1, i + 1);
                fatal(rep, msg);
                goto done;
            }
            c.col[k] = i;
        }
        Buf missing = BUF_INIT;
        for (int k = 0; k < N_COLS; k++) {
            if (k_cols[k].required && c.col[k] < 0) {
                if (missing.len)
                    buf_puts(&missing, "、");
                buf_puts(&missing, k_cols[k].zh);
                buf_putc(&missing, '(');
                buf_puts(&missing, k_cols[k].key);
                buf_putc(&missing, ')');
            }
        }
        if (missing.len) {
            char msg[256];
            snprintf(msg, sizeof msg, "第 %d 行表头缺少必需的列：%s", h->line, buf_str(&missing));
            buf_free(&missing);
            fatal(rep, msg);
            goto done;
        }
        buf_free(&missing);
    }

    for (int i = hdr + 1; i < sheet.n_rows; i++) {
        XlsxRow *r = &sheet.rows[i];
        for (int k = 0; k < r->n_cells; k++)
            trim(r->cells[k]);
        if (row_blank(r))
            continue;
        rep->rows++;
        check_row(&c, r);
    }
    if (rep->rows == 0) {
        fatal(rep, "文件只有表头，没有数据行");
        goto done;
    }
    check_households(&c);
    warn_households(&c);
    if (c.problems_dropped) {
        /* Reuse the last slot so the report says the list is not complete. */
        ImportProblem *p = &rep->problems[rep->n_problems - 1];
        int more = c.problems_dropped + 1;
        memset(p, 0, sizeof *p);
        snprintf(p->code, sizeof p->code, "too_many_problems");
        snprintf(p->message, sizeof p->message, "问题太多，只列出前 %d 个，另有 %d 个未列出", IMPORT_MAX_PROBLEMS - 1, more);
    }
    if (rep->n_problems > 0)
        goto done;
    if (dry_run) {
        ok = true;
        goto done;
    }
    ok = write_all(&c, actor_id, rep->format);
    if (!ok) {
        log_error("import: writing failed: %j", db_errmsg(db));
        fatal(rep, "写入数据库失败，没有导入任何数据");
    }

done:
    ctx_free(&c);
    xlsx_sheet_free(&sheet);
    return ok;
}

const char *import_column_zh(const char *key)
{
    for (int k = 0; key && k < N_COLS; k++)
        if (strcmp(key, k_cols[k].key) == 0)
            return k_cols[k].zh;
    return "";
}

void import_report_free(ImportReport *rep)
{
    if (!rep)
        return;
    free(rep->problems);
    rep->problems = NULL;
    rep->n_problems = 0;
    free(rep->columns);
    rep->columns = NULL;
    rep->n_columns = 0;
    free(rep->warnings);
    rep->warnings = NULL;
    rep->n_warnings = 0;
    free(rep->suggestions);
    rep->suggestions = NULL;
    rep->n_suggestions = 0;
    free(rep->notes);
    rep->notes = NULL;
    rep->n_notes = 0;
}
