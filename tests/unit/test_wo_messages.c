/* test_wo_messages.c: THE error table of the work orders (workorder/
 * messages.c): every error the model may return has a row with a status, a
 * code and both sentences, and the state machine's refusals keep the
 * statuses the API has always answered (403 for who, 409 for when). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "workorder/web_int.h"

static void test_every_msg_has_a_row(void **state)
{
    (void)state;
    for (int m = WM_NONE + 1; m < WM__COUNT; m++) {
        const ErrorText *t = wo_err_text((WoMsg)m);
        if (!t)
            fprintf(stderr, "WoMsg %d has no row in workorder/messages.c\n", m);
        assert_non_null(t);
        assert_true(t->status >= 400 && t->status <= 599);
        assert_non_null(t->code);
        assert_true(t->code[0] != '\0');
        assert_non_null(t->zh);
        assert_true(t->zh[0] != '\0');
        assert_non_null(t->en);
        assert_true(t->en[0] != '\0');
    }
    /* no error is no row, and nothing past the end */
    assert_null(wo_err_text(WM_NONE));
    assert_null(wo_err_text(WM__COUNT));
}

/* A user's mistake is never a 500: only storage failures and a photo that
 * could not be written are. */
static void test_only_storage_is_5xx(void **state)
{
    (void)state;
    for (int m = WM_NONE + 1; m < WM__COUNT; m++) {
        const ErrorText *t = wo_err_text((WoMsg)m);
        bool storage = m == WM_BUSY || m == WM_INTERNAL || m == WM_PHOTO_NOT_STORED;
        assert_int_equal(t->status >= 500, storage);
    }
    assert_int_equal(wo_err_text(WM_BUSY)->status, 503);
    assert_int_equal(wo_err_text(WM_INTERNAL)->status, 500);
}

static const struct {
    WoWhy why;
    int status;
    const char *code;
} refusals[] = {
    {WO_WHY_NEED_DISPATCHER, 403, "forbidden"},     {WO_WHY_NEED_HANDLER, 403, "forbidden"},
    {WO_WHY_NEED_REPORTER, 403, "forbidden"},       {WO_WHY_NEED_COMMITTEE, 403, "forbidden"},
    {WO_WHY_STATE, 409, "bad_transition"},          {WO_WHY_ALREADY_CLOSED, 409, "bad_transition"},
    {WO_WHY_FINISHED, 409, "bad_transition"},       {WO_WHY_NOT_COMPLEX, 409, "bad_transition"},
    {WO_WHY_TOO_EARLY, 409, "bad_transition"},      {WO_WHY_AWAITING_COMMITTEE, 409, "bad_transition"},
    {WO_WHY_REPORTER_FIRST, 409, "bad_transition"},
};

/* Each refusal of the state machine answers with its own sentence (the one
 * wo_why_zh gives), on the field "action". */
static void test_refusals(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof refusals / sizeof refusals[0]; i++) {
        WoErr e;
        assert_false(wo_err_refusal(&e, refusals[i].why));
        const ErrorText *t = wo_err_text(e.msg);
        assert_non_null(t);
        assert_int_equal(t->status, refusals[i].status);
        assert_string_equal(t->code, refusals[i].code);
        assert_string_equal(t->zh, wo_why_zh(refusals[i].why));
        assert_string_equal(e.field, "action");
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_every_msg_has_a_row),
        cmocka_unit_test(test_only_storage_is_5xx),
        cmocka_unit_test(test_refusals),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
