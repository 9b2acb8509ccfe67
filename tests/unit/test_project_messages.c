/* test_project_messages.c: project/messages.c is THE table of the projects'
 * errors: every ProjectMsg has a complete row, only storage failures are
 * 5xx, and the codes the API tests pin are the ones answered. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "project/web_int.h"

static void every_msg_has_a_row(void **state)
{
    (void)state;
    for (int m = 0; m < PM__COUNT; m++) {
        const ErrorText *t = project_err_text((ProjectMsg)m);
        if (!t || !t->code || !t->zh || !t->en || !t->code[0] || !t->zh[0] || !t->en[0])
            fail_msg("ProjectMsg %d has no complete row in project/messages.c", m);
        bool server = m == PM_BUSY || m == PM_INTERNAL || m == PM_FILE_NOT_STORED || m == PM_ZIP_FAILED;
        if (server != (t->status >= 500))
            fail_msg("ProjectMsg %d (%s): status %d", m, t->code, t->status);
        assert_int_equal(project_err_status((ProjectMsg)m), t->status);
    }
    assert_null(project_err_text(PM__COUNT));
    assert_null(project_err_text((ProjectMsg)-1));
    assert_int_equal(project_err_status(PM__COUNT), 500);
}

static void pinned_codes(void **state)
{
    (void)state;
    static const struct {
        ProjectMsg msg;
        int status;
        const char *code;
    } rows[] = {
        {PM_OPEN_DEFECTS, 409, "open_defects"},       {PM_SIGNER_MISSING, 409, "signatory_missing"},
        {PM_VOTE_REQUIRED, 409, "vote_required"},     {PM_VOTE_NOT_PASSED, 409, "vote_not_passed"},
        {PM_NOT_REP, 403, "not_representative"},      {PM_ALREADY_SIGNED, 409, "already_signed"},
        {PM_PREVIOUS_STAGE, 409, "previous_stage_missing"}, {PM_CHECKLIST_INCOMPLETE, 400, "checklist_incomplete"},
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        const ErrorText *t = project_err_text(rows[i].msg);
        assert_int_equal(t->status, rows[i].status);
        assert_string_equal(t->code, rows[i].code);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {cmocka_unit_test(every_msg_has_a_row), cmocka_unit_test(pinned_codes)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
