/* test_funds_yuan.c: fen as yuan with thousands separators, one row per boundary. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "funds/funds.h"

static const struct {
    int64_t fen;
    const char *want;
} cases[] = {
    {0, "0.00"},
    {1, "0.01"},
    {10, "0.10"},
    {99, "0.99"},
    {100, "1.00"},
    {-1, "-0.01"},
    {-5, "-0.05"},
    {-100, "-1.00"},
    {99999, "999.99"},
    {100000, "1,000.00"},
    {123456, "1,234.56"},
    {-123456, "-1,234.56"},
    {99999999, "999,999.99"},
    {100000000, "1,000,000.00"},
    {123456789, "1,234,567.89"},
    {1000000000000, "10,000,000,000.00"},
    {INT64_MAX, "92,233,720,368,547,758.07"},
    {INT64_MIN, "-92,233,720,368,547,758.08"},
};

static void test_yuan_table(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char out[FUNDS_YUAN_MAX];
        const char *got = funds_yuan_text(cases[i].fen, out);
        assert_ptr_equal(got, out);
        assert_string_equal(got, cases[i].want);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {cmocka_unit_test(test_yuan_table)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
