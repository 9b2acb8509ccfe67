/* test_xls.c: the .xls reader reads the committed Excel 97-2003 fixture, refuses damaged, encrypted, oversized and non-workbook OLE2 files before libfreexl sees them, and survives a file that breaks libfreexl. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "grid/xls_read.h"

static char g_fixtures[512];

static unsigned char *fixture(const char *name, size_t *len)
{
    char path[768];
    snprintf(path, sizeof path, "%s/%s", g_fixtures, name);
    FILE *f = fopen(path, "rb");
    if (!f)
        fail_msg("cannot open %s", path);
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    unsigned char *p = malloc((size_t)n);
    assert_int_equal(fread(p, 1, (size_t)n, f), (size_t)n);
    fclose(f);
    *len = (size_t)n;
    return p;
}

/* The one place in the fixture where a byte pattern occurs: where to damage it. */
static unsigned char *find_once(unsigned char *data, size_t len, const void *pat, size_t n)
{
    unsigned char *at = memmem(data, len, pat, n);
    assert_non_null(at);
    assert_null(memmem(at + 1, len - (size_t)(at + 1 - data), pat, n));
    return at;
}

static void expect_refused(const unsigned char *data, size_t len, const char *needle)
{
    XlsxSheet s;
    char err[256] = "";
    assert_false(xls_read_first_sheet(data, len, &s, err, sizeof err));
    assert_int_equal(s.n_rows, 0);
    assert_null(s.rows);
    if (!strstr(err, needle))
        fail_msg("message \"%s\" should mention \"%s\"", err, needle);
}

static void reads_the_fixture_with_its_date_column(void **state)
{
    size_t len;
    unsigned char *data = fixture("register_dates.xls", &len);
    assert_true(xls_is_ole2(data, len));
    XlsxSheet s;
    char err[256];
    assert_true(xls_read_first_sheet(data, len, &s, err, sizeof err));
    assert_int_equal(s.n_rows, 5);
    assert_int_equal(s.rows[0].line, 1);
    assert_int_equal(s.rows[0].n_cells, 13);
    assert_string_equal(s.rows[0].cells[0], "序号");
    assert_string_equal(s.rows[0].cells[9], "出生日期");
    const XlsxRow *a = &s.rows[1];
    assert_int_equal(a->line, 2);
    assert_string_equal(a->cells[0], "1");
    assert_string_equal(a->cells[1], "学道苑·东南里7号");
    assert_string_equal(a->cells[5], "60.5");
    assert_string_equal(a->cells[8], "110105194912310046");
    assert_string_equal(a->cells[9], "1949-12-31");
    assert_string_equal(a->cells[12], "独居");
    assert_string_equal(s.rows[2].cells[8], "110105198506120034"); /* text-formatted: all 18 digits */
    assert_int_equal(s.rows[2].n_cells, 12);                      /* its empty last cell is not a cell */
    assert_string_equal(s.rows[3].cells[5], "58.25");
    assert_string_equal(s.rows[4].cells[9], "1962-04-15");
    assert_int_equal(s.date_cells[9], 4);
    assert_int_equal(s.date_cells[5], 0);
    assert_int_equal(s.date_cells[0], 0);
    xlsx_sheet_free(&s);
    free(data);
}

static void refuses_what_libfreexl_should_not_see(void **state)
{
    size_t len;
    unsigned char *data = fixture("register_dates.xls", &len);
    unsigned char *bad = malloc(len);

    /* a sheet that declares 1,048,576 rows x 1,024 columns (16 GB of libfreexl's cells) */
    static const unsigned char dimension[] = {0x00, 0x02, 0x0E, 0x00, 0, 0, 0, 0, 5, 0, 0, 0, 0, 0, 13, 0};
    memcpy(bad, data, len);
    unsigned char *at = find_once(bad, len, dimension, sizeof dimension);
    at[8] = 0, at[9] = 0, at[10] = 0x10, at[11] = 0; /* rows 0x100000 */
    at[14] = 0, at[15] = 0x04;                       /* columns 1024 */
    expect_refused(bad, len, "使用范围太大");

    /* a date cell of 500,000,000 days: libfreexl would count them one by one */
    static const unsigned char rk[] = {0x7E, 0x02, 0x0A, 0x00, 1, 0, 9, 0};
    memcpy(bad, data, len);
    at = find_once(bad, len, rk, sizeof rk);
    uint32_t v = (500000000u << 2) | 2u;
    for (int i = 0; i < 4; i++)
        at[10 + i] = (unsigned char)(v >> (8 * i));
    expect_refused(bad, len, "9999-12-31");

    /* an encrypted workbook: the CODEPAGE record turned into FILEPASS */
    static const unsigned char codepage[] = {0x42, 0x00, 0x02, 0x00, 0xB0, 0x04};
    memcpy(bad, data, len);
    at = find_once(bad, len, codepage, sizeof codepage);
    at[0] = 0x2F;
    expect_refused(bad, len, "密码");

    /* an OLE2 file without a workbook stream (a Word or PowerPoint file) */
    static const unsigned char name[] = {'W', 0, 'o', 0, 'r', 0, 'k', 0, 'b', 0, 'o', 0, 'o', 0, 'k', 0};
    memcpy(bad, data, len);
    at = find_once(bad, len, name, sizeof name);
    at[0] = 'X';
    expect_refused(bad, len, "不是 Excel 工作簿");

    expect_refused(data, len / 2, "损坏");   /* truncated */
    memcpy(bad, data, len);
    bad[30] = 7;                              /* an impossible sector size */
    expect_refused(bad, len, "损坏");
    expect_refused((const unsigned char *)"a,b\n1,2\n", 8, "不是 Excel 97–2003");
    expect_refused(data, 8, "损坏");          /* the signature alone */
    free(bad);
    free(data);
}

/* A file found by make fuzz on which libfreexl itself reads far past its
 * buffer: the reader runs the library in a child process, so the file is
 * refused with the message of a damaged file and the test process lives. */
static void a_file_that_breaks_libfreexl_is_refused_not_fatal(void **state)
{
    (void)state;
    size_t len;
    unsigned char *data = fixture("../fuzz/corpus/fuzz_sheet/freexl-overread-16e460ab", &len);
    assert_true(len > 1);
    /* the corpus keeps the harness's selector byte first */
    expect_refused(data + 1, len - 1, "已损坏或格式异常");
    free(data);
    /* and the reader still reads a sound file afterwards */
    data = fixture("register_dates.xls", &len);
    XlsxSheet s;
    char err[256] = "";
    assert_true(xls_read_first_sheet(data, len, &s, err, sizeof err));
    assert_true(s.n_rows > 1);
    xlsx_sheet_free(&s);
    free(data);
}

static int setup(void **state)
{
    char src[512];
    snprintf(src, sizeof src, "%s", __FILE__);
    snprintf(g_fixtures, sizeof g_fixtures, "%s/../fixtures", dirname(src));
    return 0;
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(reads_the_fixture_with_its_date_column),
        cmocka_unit_test(refuses_what_libfreexl_should_not_see),
        cmocka_unit_test(a_file_that_breaks_libfreexl_is_refused_not_fatal),
    };
    return cmocka_run_group_tests(tests, setup, NULL);
}
