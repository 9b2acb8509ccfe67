/* test_grid_messages.c: every error of the grid's model has its row in the
 * table of grid/messages.c: a status of a user's mistake or of storage, a
 * stable code, and a sentence in both languages. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "grid/web.h"

static void every_message_has_a_row(void **state)
{
    (void)state;
    for (int m = 0; m < GM__COUNT; m++) {
        const ErrorText *t = grid_msg_text((GridMsg)m);
        assert_non_null(t);
        assert_in_range(t->status, 400, 599);
        assert_non_null(t->code);
        assert_true(strlen(t->code) > 0);
        assert_non_null(t->zh);
        assert_true(strlen(t->zh) > 0);
        assert_non_null(t->en);
        assert_true(strlen(t->en) > 0);
    }
    assert_null(grid_msg_text(GM__COUNT));
}

/* A storage failure is never a user's mistake, and the rows the register's
 * callers rely on answer as before. */
static void rows_of_note(void **state)
{
    (void)state;
    static const struct { GridMsg m; int status; const char *code; } rows[] = {
        {GM_DB_BUSY, 503, "busy"},          {GM_DB_INTERNAL, 500, "internal"},
        {GM_DB_CONFLICT, 409, "conflict"},  {GM_NO_HOUSEHOLD, 404, "not_found"},
        {GM_SEARCH_RATE, 429, "rate_limited"}, {GM_KIND_NOT_CHILD, 400, "bad_value"},
        {GM_PII_KEY_MISSING, 500, "pii_key"},
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        const ErrorText *t = grid_msg_text(rows[i].m);
        assert_non_null(t);
        assert_int_equal(t->status, rows[i].status);
        assert_string_equal(t->code, rows[i].code);
        GridErr e;
        assert_false(grid_fail(&e, rows[i].m, "f"));
        assert_int_equal(grid_err_status(&e), rows[i].status);
        assert_string_equal(e.field, "f");
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(every_message_has_a_row),
        cmocka_unit_test(rows_of_note),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
