/* test_xlsx.c: the XLSX reader reads back what libxlsxwriter and hand-made packages hold, and refuses damaged files. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <xlsxwriter.h>
#include <zip.h>

#include "grid/xlsx_read.h"

static char g_path[64];

static unsigned char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    unsigned char *p = malloc((size_t)n + 1);
    assert_int_equal(fread(p, 1, (size_t)n, f), (size_t)n);
    fclose(f);
    *len = (size_t)n;
    return p;
}

/* Writes the register-like sheet used by the round-trip tests. */
static void write_register(const char *path, bool constant_memory)
{
    lxw_workbook_options opt = {.constant_memory = constant_memory, .tmpdir = NULL, .use_zip64 = 0};
    lxw_workbook *wb = workbook_new_opt(path, &opt);
    assert_non_null(wb);
    lxw_worksheet *ws = workbook_add_worksheet(wb, "住户");
    lxw_worksheet *other = workbook_add_worksheet(wb, "其他");
    worksheet_write_string(ws, 0, 0, "院落", NULL);
    worksheet_write_string(ws, 0, 1, "姓名", NULL);
    worksheet_write_string(ws, 0, 2, "身份证号", NULL);
    worksheet_write_string(ws, 0, 3, "面积", NULL);
    worksheet_write_string(ws, 0, 5, "是否产权人", NULL); /* column E left empty */

    worksheet_write_string(ws, 1, 0, "学道苑·东南里7号", NULL);
    worksheet_write_string(ws, 1, 1, "张三", NULL);
    worksheet_write_string(ws, 1, 2, "11010519491231002X", NULL);
    worksheet_write_number(ws, 1, 3, 60.5, NULL);
    worksheet_write_boolean(ws, 1, 4, 1, NULL);
    worksheet_write_string(ws, 1, 5, "是", NULL);

    /* row 3 left empty on purpose: row 4 must report line 4 */
    worksheet_write_string(ws, 3, 1, "李四", NULL);
    worksheet_write_number(ws, 3, 2, 110105194912310020.0, NULL); /* an ID typed into a number cell */
    worksheet_write_number(ws, 3, 3, 58, NULL);
    worksheet_write_string(ws, 3, 0, "", NULL);

    worksheet_write_string(other, 0, 0, "不应读到", NULL);
    assert_int_equal(workbook_close(wb), LXW_NO_ERROR);
}

static void check_register(const XlsxSheet *s)
{
    assert_int_equal(s->n_rows, 3);
    const XlsxRow *h = &s->rows[0], *a = &s->rows[1], *b = &s->rows[2];
    assert_int_equal(h->line, 1);
    assert_int_equal(h->n_cells, 6);
    assert_string_equal(h->cells[0], "院落");
    assert_string_equal(h->cells[3], "面积");
    assert_string_equal(h->cells[4], "");
    assert_string_equal(h->cells[5], "是否产权人");

    assert_int_equal(a->line, 2);
    assert_int_equal(a->n_cells, 6);
    assert_string_equal(a->cells[0], "学道苑·东南里7号");
    assert_string_equal(a->cells[1], "张三");
    assert_string_equal(a->cells[2], "11010519491231002X");
    assert_string_equal(a->cells[3], "60.5");
    assert_string_equal(a->cells[4], "TRUE");
    assert_string_equal(a->cells[5], "是");

    assert_int_equal(b->line, 4);
    assert_true(b->n_cells >= 4);
    assert_string_equal(b->cells[0], "");
    assert_string_equal(b->cells[1], "李四");
    /* the number is kept as Excel stored it: visibly not an 18-digit ID */
    assert_non_null(strchr(b->cells[2], 'E'));
    assert_string_equal(b->cells[3], "58");
}

static void reads_back_what_libxlsxwriter_wrote(void **state)
{
    write_register(g_path, false);
    size_t len;
    unsigned char *data = slurp(g_path, &len);
    XlsxSheet s;
    char err[256];
    assert_true(xlsx_read_first_sheet(data, len, &s, err, sizeof err));
    check_register(&s);
    xlsx_sheet_free(&s);
    free(data);
}

static void reads_constant_memory_workbooks_too(void **state)
{
    write_register(g_path, true);
    size_t len;
    unsigned char *data = slurp(g_path, &len);
    XlsxSheet s;
    char err[256];
    assert_true(xlsx_read_first_sheet(data, len, &s, err, sizeof err));
    check_register(&s);
    xlsx_sheet_free(&s);
    free(data);
}

typedef struct Part { const char *name, *xml; } Part;

/* Builds a package by hand, for the features libxlsxwriter does not write. */
static unsigned char *make_zip(const Part *parts, int n, size_t *len)
{
    unlink(g_path);
    int zerr;
    zip_t *z = zip_open(g_path, ZIP_CREATE | ZIP_TRUNCATE, &zerr);
    assert_non_null(z);
    for (int i = 0; i < n; i++) {
        zip_source_t *src = zip_source_buffer(z, parts[i].xml, strlen(parts[i].xml), 0);
        assert_non_null(src);
        assert_true(zip_file_add(z, parts[i].name, src, ZIP_FL_OVERWRITE) >= 0);
    }
    assert_int_equal(zip_close(z), 0);
    return slurp(g_path, len);
}

static const char k_workbook[] =
    "<?xml version=\"1.0\"?><x:workbook xmlns:x=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" "
    "xmlns:rel=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\"><x:sheets>"
    "<x:sheet name=\"A\" sheetId=\"1\" rel:id=\"rId7\"/><x:sheet name=\"B\" sheetId=\"2\" rel:id=\"rId8\"/>"
    "</x:sheets></x:workbook>";
static const char k_rels[] =
    "<?xml version=\"1.0\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
    "<Relationship Id=\"rId8\" Type=\"t\" Target=\"worksheets/second.xml\"/>"
    "<Relationship Id=\"rId7\" Type=\"t\" Target=\"/xl/worksheets/first.xml\"/></Relationships>";
static const char k_sst[] =
    "<sst xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" count=\"2\" uniqueCount=\"2\">"
    "<si><t>1栋</t></si>"
    "<si><r><rPr><b/></rPr><t>学道</t></r><r><t xml:space=\"preserve\">苑 </t></r><rPh sb=\"0\" eb=\"1\"><t>ガク</t></rPh></si>"
    "</sst>";
static const char k_first[] =
    "<x:worksheet xmlns:x=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><x:sheetData>"
    "<x:row r=\"2\"><x:c r=\"B2\" t=\"s\"><x:v>1</x:v></x:c><x:c r=\"C2\" t=\"inlineStr\"><x:is><x:t>内联 &amp; 文本</x:t></x:is></x:c>"
    "<x:c r=\"D2\" t=\"str\"><x:f>A1&amp;\"x\"</x:f><x:v>公式结果</x:v></x:c></x:row>"
    "<x:row><x:c t=\"s\"><x:v>0</x:v></x:c><x:c t=\"b\"><x:v>0</x:v></x:c><x:c t=\"e\"><x:v>#N/A</x:v></x:c></x:row>"
    "<x:row r=\"5\"><x:c r=\"A5\" s=\"1\"/></x:row>"
    "</x:sheetData></x:worksheet>";
static const char k_second[] =
    "<worksheet><sheetData><row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>错的表</t></is></c></row></sheetData></worksheet>";

static void reads_hand_made_package_with_prefixes_rich_text_and_inline_strings(void **state)
{
    const Part parts[] = {
        {"xl/workbook.xml", k_workbook},
        {"xl/_rels/workbook.xml.rels", k_rels},
        {"xl/sharedStrings.xml", k_sst},
        {"xl/worksheets/first.xml", k_first},
        {"xl/worksheets/second.xml", k_second},
    };
    size_t len;
    unsigned char *data = make_zip(parts, 5, &len);
    XlsxSheet s;
    char err[256];
    assert_true(xlsx_read_first_sheet(data, len, &s, err, sizeof err));
    assert_int_equal(s.n_rows, 2); /* the row holding only an empty styled cell is skipped */
    assert_int_equal(s.rows[0].line, 2);
    assert_int_equal(s.rows[0].n_cells, 4);
    assert_string_equal(s.rows[0].cells[0], "");
    assert_string_equal(s.rows[0].cells[1], "学道苑 ");
    assert_string_equal(s.rows[0].cells[2], "内联 & 文本");
    assert_string_equal(s.rows[0].cells[3], "公式结果");
    assert_int_equal(s.rows[1].line, 3);
    assert_int_equal(s.rows[1].n_cells, 3);
    assert_string_equal(s.rows[1].cells[0], "1栋");
    assert_string_equal(s.rows[1].cells[1], "FALSE");
    assert_string_equal(s.rows[1].cells[2], "#N/A");
    xlsx_sheet_free(&s);
    free(data);
}

static void falls_back_to_sheet1_without_workbook(void **state)
{
    const Part parts[] = {{"xl/worksheets/sheet1.xml", k_second}};
    size_t len;
    unsigned char *data = make_zip(parts, 1, &len);
    XlsxSheet s;
    char err[256];
    assert_true(xlsx_read_first_sheet(data, len, &s, err, sizeof err));
    assert_int_equal(s.n_rows, 1);
    assert_string_equal(s.rows[0].cells[0], "错的表");
    xlsx_sheet_free(&s);
    free(data);
}

/* Every damaged input answers false with a message and leaves nothing to free. */
static void expect_refused(const unsigned char *data, size_t len, const char *needle)
{
    XlsxSheet s;
    char err[256] = "";
    assert_false(xlsx_read_first_sheet(data, len, &s, err, sizeof err));
    assert_int_equal(s.n_rows, 0);
    assert_null(s.rows);
    assert_true(err[0] != 0);
    if (needle && !strstr(err, needle))
        fail_msg("message \"%s\" should mention \"%s\"", err, needle);
}

static void damaged_files_are_refused_with_a_message(void **state)
{
    write_register(g_path, false);
    size_t len;
    unsigned char *data = slurp(g_path, &len);

    expect_refused(data, len / 2, "损坏");                  /* truncated */
    expect_refused((const unsigned char *)"a,b,c\n1,2,3\n", 12, "不是 XLSX");
    expect_refused((const unsigned char *)"PK\x03\x04garbage", 11, "损坏");
    expect_refused(NULL, 0, NULL);

    /* flip bytes inside the worksheet's compressed data (just after its
     * local header's name): an inflate or CRC error */
    unsigned char *bad = malloc(len);
    memcpy(bad, data, len);
    const char *name = "xl/worksheets/sheet1.xml";
    unsigned char *at = memmem(bad, len, name, strlen(name));
    assert_non_null(at);
    at += strlen(name) + 4;
    for (int i = 0; i < 24 && at + i < bad + len; i++)
        at[i] ^= 0x5a;
    expect_refused(bad, len, "损坏");
    free(bad);
    free(data);

    const Part nosheet[] = {{"docProps/app.xml", "<a/>"}};
    data = make_zip(nosheet, 1, &len);
    expect_refused(data, len, "找不到工作表");
    free(data);

    const Part badxml[] = {{"xl/worksheets/sheet1.xml", "<worksheet><sheetData><row><c><v>1</v></row>"}};
    data = make_zip(badxml, 1, &len);
    expect_refused(data, len, "XML");
    free(data);

    const Part badsst[] = {{"xl/worksheets/sheet1.xml",
                            "<worksheet><sheetData><row><c t=\"s\"><v>3</v></c></row></sheetData></worksheet>"}};
    data = make_zip(badsst, 1, &len);
    expect_refused(data, len, "共享字符串");
    free(data);

    const Part doctype[] = {{"xl/worksheets/sheet1.xml",
                             "<?xml version=\"1.0\"?><!DOCTYPE w [<!ENTITY a \"aaaa\">]><worksheet><sheetData>"
                             "<row><c t=\"inlineStr\"><is><t>&a;</t></is></c></row></sheetData></worksheet>"}};
    data = make_zip(doctype, 1, &len);
    expect_refused(data, len, "DOCTYPE");
    free(data);

    const Part badref[] = {{"xl/worksheets/sheet1.xml",
                            "<worksheet><sheetData><row><c r=\"1A\"><v>1</v></c></row></sheetData></worksheet>"}};
    data = make_zip(badref, 1, &len);
    expect_refused(data, len, "引用");
    free(data);

    const Part wide[] = {{"xl/worksheets/sheet1.xml",
                          "<worksheet><sheetData><row r=\"1\"><c r=\"HA1\"><v>1</v></c></row></sheetData></worksheet>"}};
    data = make_zip(wide, 1, &len);
    expect_refused(data, len, "200");
    free(data);
}

/* ---- dates ---------------------------------------------------------------- */

/* Serial day numbers of both date systems, with Excel's 1900-02-29 and the ends of the range. */
static void serials_become_civil_dates(void **state)
{
    static const struct { double serial; bool d1904; bool ok; int y, m, d, secs; } cases[] = {
        {1, false, true, 1900, 1, 1, 0},
        {59, false, true, 1900, 2, 28, 0},
        {60, false, false, 0, 0, 0, 0},          /* Excel's 1900-02-29, a day that never was */
        {61, false, true, 1900, 3, 1, 0},
        {0, false, false, 0, 0, 0, 0},           /* Excel shows 1900-01-00 */
        {0.5, false, false, 0, 0, 0, 0},
        {-1, false, false, 0, 0, 0, 0},
        {18263, false, true, 1949, 12, 31, 0},
        {25569, false, true, 1970, 1, 1, 0},
        {36526, false, true, 2000, 1, 1, 0},
        {36585, false, true, 2000, 2, 29, 0},    /* 2000 is a leap year */
        {18263.75, false, true, 1949, 12, 31, 64800},
        {18263.9999999, false, true, 1950, 1, 1, 0}, /* rounds to the next midnight */
        {2958465, false, true, 9999, 12, 31, 0},
        {2958466, false, false, 0, 0, 0, 0},
        {0, true, true, 1904, 1, 1, 0},
        {1, true, true, 1904, 1, 2, 0},
        {16801, true, true, 1949, 12, 31, 0},    /* 18263 - 1462 */
        {-0.5, true, false, 0, 0, 0, 0},
        {2957003, true, true, 9999, 12, 31, 0},
        {2957004, true, false, 0, 0, 0, 0},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        int y = -1, m = -1, d = -1, secs = -1;
        bool ok = xlsx_serial_to_date(cases[i].serial, cases[i].d1904, &y, &m, &d, &secs);
        if (ok != cases[i].ok)
            fail_msg("case %zu (%.7f, 1904=%d): want %s", i, cases[i].serial, cases[i].d1904, cases[i].ok ? "a date" : "no date");
        if (!ok)
            continue;
        if (y != cases[i].y || m != cases[i].m || d != cases[i].d || secs != cases[i].secs)
            fail_msg("case %zu (%.7f): got %04d-%02d-%02d +%ds, want %04d-%02d-%02d +%ds", i, cases[i].serial, y, m, d, secs,
                     cases[i].y, cases[i].m, cases[i].d, cases[i].secs);
    }
    int y, m, d, secs;
    assert_false(xlsx_serial_to_date(NAN, false, &y, &m, &d, &secs));
    assert_false(xlsx_serial_to_date(INFINITY, false, &y, &m, &d, &secs));
}

static void serials_format_by_kind(void **state)
{
    static const struct { double serial; XlsxNumFmtKind kind; const char *want; } cases[] = {
        {18263, XLSX_NUMFMT_DATE, "1949-12-31"},
        {18263.75, XLSX_NUMFMT_DATE, "1949-12-31"},             /* a date format shows no time */
        {18263.75, XLSX_NUMFMT_DATETIME, "1949-12-31 18:00:00"},
        {18263, XLSX_NUMFMT_DATETIME, "1949-12-31"},            /* midnight: the date alone */
        {0.5, XLSX_NUMFMT_TIME, "12:00:00"},
        {18263.25, XLSX_NUMFMT_TIME, "06:00:00"},
        {60, XLSX_NUMFMT_DATE, NULL},
        {18263, XLSX_NUMFMT_NUMBER, NULL},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char out[24] = "untouched";
        bool ok = xlsx_format_serial(cases[i].serial, false, cases[i].kind, out);
        if (!cases[i].want) {
            assert_false(ok);
            assert_string_equal(out, "untouched");
        } else {
            assert_true(ok);
            assert_string_equal(out, cases[i].want);
        }
    }
}

/* Built-in ids and custom codes: y, m, d outside literals make a date; m by h or s is minutes. */
static void number_formats_that_are_dates(void **state)
{
    static const struct { int id; const char *code; XlsxNumFmtKind want; } cases[] = {
        {0, NULL, XLSX_NUMFMT_NUMBER},   {2, NULL, XLSX_NUMFMT_NUMBER},    {13, NULL, XLSX_NUMFMT_NUMBER},
        {14, NULL, XLSX_NUMFMT_DATE},    {17, NULL, XLSX_NUMFMT_DATE},     {18, NULL, XLSX_NUMFMT_TIME},
        {21, NULL, XLSX_NUMFMT_TIME},    {22, NULL, XLSX_NUMFMT_DATETIME}, {23, NULL, XLSX_NUMFMT_NUMBER},
        {27, NULL, XLSX_NUMFMT_DATE},    {31, NULL, XLSX_NUMFMT_DATE},     {32, NULL, XLSX_NUMFMT_TIME},
        {35, NULL, XLSX_NUMFMT_TIME},    {36, NULL, XLSX_NUMFMT_DATE},     {37, NULL, XLSX_NUMFMT_NUMBER},
        {45, NULL, XLSX_NUMFMT_TIME},    {47, NULL, XLSX_NUMFMT_TIME},     {49, NULL, XLSX_NUMFMT_NUMBER},
        {50, NULL, XLSX_NUMFMT_DATE},    {55, NULL, XLSX_NUMFMT_TIME},     {58, NULL, XLSX_NUMFMT_DATE},
        {59, NULL, XLSX_NUMFMT_NUMBER},  {164, NULL, XLSX_NUMFMT_NUMBER},
        {164, "yyyy\\-mm\\-dd", XLSX_NUMFMT_DATE},              /* LibreOffice's ISO date */
        {164, "yyyy/m/d;@", XLSX_NUMFMT_DATE},
        {164, "YYYY-MM-DD", XLSX_NUMFMT_DATE},
        {164, "yyyy\"年\"m\"月\"d\"日\"", XLSX_NUMFMT_DATE},
        {164, "[DBNum1][$-804]yyyy\"年\"m\"月\"", XLSX_NUMFMT_DATE},
        {164, "[$-F800]dddd, mmmm dd, yyyy", XLSX_NUMFMT_DATE},
        {164, "mmm-yy", XLSX_NUMFMT_DATE},
        {164, "m", XLSX_NUMFMT_DATE},                              /* m alone is the month */
        {164, "yyyy-mm-dd hh:mm", XLSX_NUMFMT_DATETIME},
        {164, "m/d/yy h:mm AM/PM", XLSX_NUMFMT_DATETIME},
        {164, "h:mm", XLSX_NUMFMT_TIME},
        {164, "mm:ss", XLSX_NUMFMT_TIME},                          /* m before s is minutes */
        {164, "[h]:mm:ss", XLSX_NUMFMT_TIME},
        {164, "h\"时\"mm\"分\"", XLSX_NUMFMT_TIME},
        {164, "General", XLSX_NUMFMT_NUMBER},
        {164, "0.00", XLSX_NUMFMT_NUMBER},
        {164, "#,##0.00_);[Red](#,##0.00)", XLSX_NUMFMT_NUMBER},
        {164, "0.00E+00", XLSX_NUMFMT_NUMBER},
        {164, "@", XLSX_NUMFMT_NUMBER},
        {164, "\"day\"0", XLSX_NUMFMT_NUMBER},                    /* letters only inside quotes */
        {164, "0\\d", XLSX_NUMFMT_NUMBER},                        /* an escaped d */
        {164, "0_m", XLSX_NUMFMT_NUMBER},                          /* padding as wide as an m */
        {164, "0*y", XLSX_NUMFMT_NUMBER},                          /* fill with y */
        {164, "#,##0\"平方米\"", XLSX_NUMFMT_NUMBER},
        {164, "", XLSX_NUMFMT_NUMBER},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        XlsxNumFmtKind got = xlsx_numfmt_kind(cases[i].id, cases[i].code);
        if (got != cases[i].want)
            fail_msg("case %zu (%d, %s): got kind %d, want %d", i, cases[i].id, cases[i].code ? cases[i].code : "built-in",
                     got, cases[i].want);
    }
}

/* Date cells come out as ISO dates, numbers in other formats as stored, and
 * the columns with dates are counted. */
static void date_cells_read_as_iso_dates(void **state)
{
    lxw_workbook *wb = workbook_new(g_path);
    lxw_worksheet *ws = workbook_add_worksheet(wb, NULL);
    lxw_format *builtin = workbook_add_format(wb);
    format_set_num_format_index(builtin, 14);
    lxw_format *chinese = workbook_add_format(wb);
    format_set_num_format(chinese, "yyyy\"年\"m\"月\"d\"日\"");
    lxw_format *stamp = workbook_add_format(wb);
    format_set_num_format(stamp, "yyyy-mm-dd hh:mm");
    lxw_format *clock = workbook_add_format(wb);
    format_set_num_format(clock, "h:mm");
    lxw_format *fixed = workbook_add_format(wb);
    format_set_num_format(fixed, "0.00");
    worksheet_write_string(ws, 0, 0, "出生日期", NULL);
    worksheet_write_number(ws, 1, 0, 18263, builtin);
    worksheet_write_number(ws, 2, 0, 21916, chinese);
    worksheet_write_number(ws, 3, 0, 60, builtin);          /* no such day: the number as stored */
    worksheet_write_number(ws, 1, 1, 18263.75, stamp);
    worksheet_write_number(ws, 1, 2, 0.5, clock);
    worksheet_write_number(ws, 1, 3, 60.5, fixed);
    worksheet_write_number(ws, 1, 4, 18263, NULL);          /* a plain number stays one */
    worksheet_write_string(ws, 1, 5, "1949-12-31", NULL);   /* text that looks like a date is text */
    assert_int_equal(workbook_close(wb), LXW_NO_ERROR);

    size_t len;
    unsigned char *data = slurp(g_path, &len);
    XlsxSheet s;
    char err[256];
    assert_true(xlsx_read_first_sheet(data, len, &s, err, sizeof err));
    assert_int_equal(s.n_rows, 4);
    assert_string_equal(s.rows[1].cells[0], "1949-12-31");
    assert_string_equal(s.rows[2].cells[0], "1960-01-01");
    assert_string_equal(s.rows[3].cells[0], "60");
    assert_string_equal(s.rows[1].cells[1], "1949-12-31 18:00:00");
    assert_string_equal(s.rows[1].cells[2], "12:00:00");
    assert_string_equal(s.rows[1].cells[3], "60.5");
    assert_string_equal(s.rows[1].cells[4], "18263");
    assert_string_equal(s.rows[1].cells[5], "1949-12-31");
    assert_int_equal(s.date_cells[0], 2);
    assert_int_equal(s.date_cells[1], 1);
    assert_int_equal(s.date_cells[2], 1);
    assert_int_equal(s.date_cells[3], 0);
    assert_int_equal(s.date_cells[4], 0);
    assert_int_equal(s.date_cells[5], 0);
    xlsx_sheet_free(&s);
    free(data);
}

/* A workbook saved in the 1904 date system (workbookPr date1904), with a
 * format the file defines over a built-in id and cellStyleXfs that are not
 * the cells' styles. */
static void dates_in_the_1904_system(void **state)
{
    static const char workbook[] =
        "<workbook xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><workbookPr date1904=\"true\"/>"
        "<sheets><sheet name=\"A\" sheetId=\"1\"/></sheets></workbook>";
    static const char styles[] =
        "<styleSheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">"
        "<numFmts count=\"2\"><numFmt numFmtId=\"165\" formatCode=\"yyyy/m/d\"/><numFmt numFmtId=\"14\" formatCode=\"0.0\"/></numFmts>"
        "<cellStyleXfs count=\"1\"><xf numFmtId=\"165\"/></cellStyleXfs>"
        "<cellXfs count=\"3\"><xf numFmtId=\"0\"/><xf numFmtId=\"165\" applyNumberFormat=\"1\"/><xf numFmtId=\"14\"/></cellXfs>"
        "</styleSheet>";
    static const char sheet[] =
        "<worksheet><sheetData><row r=\"1\"><c r=\"A1\" s=\"1\"><v>16801</v></c><c r=\"B1\" s=\"0\"><v>16801</v></c>"
        "<c r=\"C1\" s=\"2\"><v>16801</v></c><c r=\"D1\" s=\"9\"><v>16801</v></c><c r=\"E1\" s=\"1\" t=\"n\"><v>0</v></c>"
        "</row></sheetData></worksheet>";
    const Part parts[] = {{"xl/workbook.xml", workbook}, {"xl/styles.xml", styles}, {"xl/worksheets/sheet1.xml", sheet}};
    size_t len;
    unsigned char *data = make_zip(parts, 3, &len);
    XlsxSheet s;
    char err[256];
    assert_true(xlsx_read_first_sheet(data, len, &s, err, sizeof err));
    assert_int_equal(s.n_rows, 1);
    assert_string_equal(s.rows[0].cells[0], "1949-12-31");
    assert_string_equal(s.rows[0].cells[1], "16801");  /* General */
    assert_string_equal(s.rows[0].cells[2], "16801");  /* id 14 redefined as "0.0" by the file */
    assert_string_equal(s.rows[0].cells[3], "16801");  /* a style index past cellXfs: no format */
    assert_string_equal(s.rows[0].cells[4], "1904-01-01");
    assert_int_equal(s.date_cells[0], 1);
    assert_int_equal(s.date_cells[1], 0);
    xlsx_sheet_free(&s);
    free(data);
}

static int setup(void **state)
{
    snprintf(g_path, sizeof g_path, "/tmp/gz-xlsx-%ld.xlsx", (long)getpid());
    return 0;
}

static int teardown(void **state)
{
    unlink(g_path);
    return 0;
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(reads_back_what_libxlsxwriter_wrote),
        cmocka_unit_test(reads_constant_memory_workbooks_too),
        cmocka_unit_test(reads_hand_made_package_with_prefixes_rich_text_and_inline_strings),
        cmocka_unit_test(falls_back_to_sheet1_without_workbook),
        cmocka_unit_test(damaged_files_are_refused_with_a_message),
        cmocka_unit_test(serials_become_civil_dates),
        cmocka_unit_test(serials_format_by_kind),
        cmocka_unit_test(number_formats_that_are_dates),
        cmocka_unit_test(date_cells_read_as_iso_dates),
        cmocka_unit_test(dates_in_the_1904_system),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
