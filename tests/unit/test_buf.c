/* test_buf.c: the escaping printf writes exactly what each conversion promises. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/buf.h"

/* Formats into a fresh buffer and compares the whole output. */
#define EXPECT(want, ...)                            \
    do {                                             \
        Buf b_ = BUF_INIT;                           \
        buf_printf(&b_, __VA_ARGS__);                \
        assert_string_equal(buf_str(&b_), (want));   \
        assert_int_equal(b_.len, strlen(want));      \
        buf_free(&b_);                               \
    } while (0)

static void html_escapes_the_five_characters(void **state)
{
    (void)state;
    static const struct {
        const char *in, *want;
    } cases[] = {
        {"", ""},
        {"plain text", "plain text"},
        {"<script>alert(1)</script>", "&lt;script&gt;alert(1)&lt;/script&gt;"},
        {"a & b", "a &amp; b"},
        {"&amp;", "&amp;amp;"},
        {"\"quoted\"", "&quot;quoted&quot;"},
        {"it's", "it&#39;s"},
        {"' onmouseover='x", "&#39; onmouseover=&#39;x"},
        {"<>&\"'", "&lt;&gt;&amp;&quot;&#39;"},
        {"合江亭社区 <b>", "合江亭社区 &lt;b&gt;"},
        {"tab\tnewline\n", "tab\tnewline\n"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        EXPECT(cases[i].want, "%h", cases[i].in);
}

static void html_null_prints_nothing(void **state)
{
    (void)state;
    EXPECT("[]", "[%h]", (const char *)NULL);
}

static void json_string_is_complete_and_escaped(void **state)
{
    (void)state;
    static const struct {
        const char *in, *want;
    } cases[] = {
        {"", "\"\""},
        {"abc", "\"abc\""},
        {"say \"hi\"", "\"say \\\"hi\\\"\""},
        {"back\\slash", "\"back\\\\slash\""},
        {"a\nb\rc\td", "\"a\\nb\\rc\\td\""},
        {"\b\f", "\"\\b\\f\""},
        {"\x01\x1f", "\"\\u0001\\u001f\""},
        {"\x7f", "\"\x7f\""},
        {"王小明", "\"王小明\""},
        {"emoji \xF0\x9F\x98\x80", "\"emoji \xF0\x9F\x98\x80\""},
        /* kept safe inside an HTML <script> block */
        {"</script><script>x()</script>", "\"\\u003c/script\\u003e\\u003cscript\\u003ex()\\u003c/script\\u003e\""},
        {"a&b", "\"a\\u0026b\""},
        {"line\xE2\x80\xA8sep\xE2\x80\xA9", "\"line\\u2028sep\\u2029\""},
        {"\xE2\x80\x94 dash", "\"\xE2\x80\x94 dash\""},
        {"it's", "\"it's\""},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        EXPECT(cases[i].want, "%j", cases[i].in);
}

static void json_null_is_the_null_literal(void **state)
{
    (void)state;
    EXPECT("{\"name\":null}", "{\"name\":%j}", (const char *)NULL);
}

static void url_keeps_only_unreserved(void **state)
{
    (void)state;
    static const struct {
        const char *in, *want;
    } cases[] = {
        {"", ""},
        {"AZaz09-_.~", "AZaz09-_.~"},
        {"a b", "a%20b"},
        {"a+b=c&d", "a%2Bb%3Dc%26d"},
        {"/path?q#f", "%2Fpath%3Fq%23f"},
        {"100%", "100%25"},
        {"\"<'>", "%22%3C%27%3E"},
        {"学道苑", "%E5%AD%A6%E9%81%93%E8%8B%91"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        EXPECT(cases[i].want, "%u", cases[i].in);
    EXPECT("q=", "q=%u", (const char *)NULL);
}

static void money_in_fen_as_yuan(void **state)
{
    (void)state;
    static const struct {
        int64_t fen;
        const char *want;
    } cases[] = {
        {0, "0.00"},
        {1, "0.01"},
        {5, "0.05"},
        {-5, "-0.05"},
        {99, "0.99"},
        {100, "1.00"},
        {-100, "-1.00"},
        {123456, "1234.56"},
        {-123456, "-1234.56"},
        {INT64_MAX, "92233720368547758.07"},
        {INT64_MIN, "-92233720368547758.08"},
        {INT64_MIN + 1, "-92233720368547758.07"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        EXPECT(cases[i].want, "%M", cases[i].fen);
}

static void area_in_hundredths(void **state)
{
    (void)state;
    static const struct {
        int64_t a;
        const char *want;
    } cases[] = {
        {6025, "60.25"}, {0, "0.00"}, {7, "0.07"}, {10000, "100.00"}, {-250, "-2.50"},
        {INT64_MIN, "-92233720368547758.08"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        EXPECT(cases[i].want, "%A", cases[i].a);
    EXPECT("60.25 m²", "%A m²", (int64_t)6025);
}

static void integers_and_flags(void **state)
{
    (void)state;
    EXPECT("42", "%d", 42);
    EXPECT("-7", "%i", -7);
    EXPECT("-2147483648", "%d", INT32_MIN);
    EXPECT("9223372036854775807", "%lld", (long long)INT64_MAX);
    EXPECT("-9223372036854775808", "%lld", (long long)INT64_MIN);
    EXPECT("-9223372036854775808", "%ld", (long)INT64_MIN);
    EXPECT("18446744073709551615", "%zu", SIZE_MAX);
    EXPECT("18446744073709551615", "%llu", (unsigned long long)UINT64_MAX);
    EXPECT("00042", "%05d", 42);
    EXPECT("-0042", "%05d", -42);
    EXPECT("   42", "%5d", 42);
    EXPECT("42   |", "%-5d|", 42);
    EXPECT("+42", "%+d", 42);
    EXPECT("0000000123", "%010lld", 123LL);
    EXPECT("ff FF 0x1f", "%x %X %#x", 255u, 255u, 31u);
    EXPECT("000a", "%04zx", (size_t)10);
    EXPECT("x", "%c", 'x');
    EXPECT("  y", "%3c", 'y');
    EXPECT("3.14", "%.2f", 3.14159);
}

static void percent_and_raw_string(void **state)
{
    (void)state;
    EXPECT("100%", "100%%");
    EXPECT("<b>program text</b>", "%s", "<b>program text</b>");
    EXPECT("[]", "[%s]", (const char *)NULL);
    EXPECT("no conversions at all", "no conversions at all");
    EXPECT("", "");
}

static void mixed_conversions_in_one_format(void **state)
{
    (void)state;
    EXPECT("<a href=\"/h?q=a%20b\" title=\"&lt;x&gt;\">3</a> {\"n\":\"\\\"\"} 12.34 60.25",
           "<a href=\"/h?q=%u\" title=\"%h\">%d</a> {\"n\":%j} %M %A", "a b", "<x>", 3, "\"",
           (int64_t)1234, (int64_t)6025);
}

static void unknown_conversion_is_printed_not_fetched(void **state)
{
    (void)state;
    /* The argument after an unknown conversion is never read: the rest of
     * the format comes out as text, so a typo cannot crash the server. */
    EXPECT("a=1 %q b=%s", "a=%d %q b=%s", 1, "never read");
    EXPECT("%-10s|", "%-10s|", "x");
    EXPECT("50%", "50%");
    EXPECT("%lh", "%lh", "x");
    EXPECT("%99999999999d", "%99999999999d", 1);
}

static void long_output_grows(void **state)
{
    (void)state;
    Buf b = BUF_INIT;
    size_t want = 0;
    for (int i = 0; i < 20000; i++) {
        buf_printf(&b, "<td>%h</td>", "a<b");
        want += strlen("<td>a&lt;b</td>");
    }
    assert_true(want > 64 * 1024);
    assert_int_equal(b.len, want);
    assert_int_equal(strlen(buf_str(&b)), want);
    assert_memory_equal(b.data + want - 15, "<td>a&lt;b</td>", 15);
    assert_true(b.cap >= b.len + 1);

    /* One conversion larger than 64 KB, escaped. */
    size_t n = 100 * 1024;
    char *big = malloc(n + 1);
    assert_non_null(big);
    memset(big, '<', n);
    big[n] = '\0';
    buf_reset(&b);
    assert_int_equal(b.len, 0);
    assert_string_equal(buf_str(&b), "");
    buf_printf(&b, "%h", big);
    assert_int_equal(b.len, n * 4);
    assert_memory_equal(b.data + b.len - 4, "&lt;", 4);
    buf_reset(&b);
    buf_printf(&b, "%j", big);
    assert_int_equal(b.len, n * 6 + 2);
    buf_reset(&b);
    buf_printf(&b, "%0*d", 5, 1); /* '*' width is not supported: printed as text */
    assert_string_equal(buf_str(&b), "%0*d");
    buf_reset(&b);
    buf_printf(&b, "%s|%5000d|", big, 7);
    assert_int_equal(b.len, n + 5002);
    assert_memory_equal(b.data + b.len - 3, " 7|", 3);
    free(big);
    buf_free(&b);
}

static void append_puts_putc_detach(void **state)
{
    (void)state;
    Buf b;
    buf_init(&b);
    assert_string_equal(buf_str(&b), "");
    buf_puts(&b, NULL);
    buf_append(&b, "ab\0cd", 5);
    assert_int_equal(b.len, 5);
    assert_memory_equal(b.data, "ab\0cd", 6);
    buf_reset(&b);
    buf_puts(&b, "x");
    buf_putc(&b, 'y');
    char *s = buf_detach(&b);
    assert_string_equal(s, "xy");
    assert_null(b.data);
    assert_int_equal(b.len, 0);
    free(s);
    s = buf_detach(&b);
    assert_non_null(s);
    assert_string_equal(s, "");
    free(s);
}

static void escapers_work_alone(void **state)
{
    (void)state;
    Buf b = BUF_INIT;
    buf_html(&b, "<");
    buf_json_str(&b, "\"");
    buf_json_str(&b, NULL);
    buf_url(&b, " ");
    buf_money(&b, -1);
    buf_area(&b, 1);
    assert_string_equal(buf_str(&b), "&lt;\"\\\"\"null%20-0.010.01");
    buf_free(&b);
}

static void vprintf_wrapper(Buf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    buf_vprintf(b, fmt, ap);
    va_end(ap);
}

static void vprintf_takes_a_va_list(void **state)
{
    (void)state;
    Buf b = BUF_INIT;
    vprintf_wrapper(&b, "%d %h %M", 1, "&", (int64_t)-250);
    assert_string_equal(buf_str(&b), "1 &amp; -2.50");
    buf_free(&b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(html_escapes_the_five_characters),
        cmocka_unit_test(html_null_prints_nothing),
        cmocka_unit_test(json_string_is_complete_and_escaped),
        cmocka_unit_test(json_null_is_the_null_literal),
        cmocka_unit_test(url_keeps_only_unreserved),
        cmocka_unit_test(money_in_fen_as_yuan),
        cmocka_unit_test(area_in_hundredths),
        cmocka_unit_test(integers_and_flags),
        cmocka_unit_test(percent_and_raw_string),
        cmocka_unit_test(mixed_conversions_in_one_format),
        cmocka_unit_test(unknown_conversion_is_printed_not_fetched),
        cmocka_unit_test(long_output_grows),
        cmocka_unit_test(append_puts_putc_detach),
        cmocka_unit_test(escapers_work_alone),
        cmocka_unit_test(vprintf_takes_a_va_list),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
