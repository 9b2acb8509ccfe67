/* test_vote_messages.c: vote/messages.c is THE table of the vote model's
 * errors: every VoteMsg has its row (status, stable code, Chinese and
 * English sentence), user mistakes are 4xx and only storage failures 5xx,
 * and a few rows answer exactly what the API always answered. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "vote/web_int.h"

static void every_msg_has_a_row(void **state)
{
    (void)state;
    for (int m = VM_OK + 1; m < VM__COUNT; m++) {
        const ErrorText *t = vote_err_text((VoteMsg)m);
        if (!t || !t->code || !t->zh || !t->en || !t->zh[0] || !t->en[0])
            fail_msg("VoteMsg %d has no complete row in vote/messages.c", m);
        /* only a storage failure is the server's fault */
        bool server = m == VM_BUSY || m == VM_INTERNAL;
        if (server != (t->status >= 500))
            fail_msg("VoteMsg %d (%s): status %d", m, t->code, t->status);
        if (t->status < 400 || t->status > 599)
            fail_msg("VoteMsg %d (%s): status %d is not an error", m, t->code, t->status);
    }
    /* no row for "no error", none past the end */
    assert_null(vote_err_text(VM_OK));
    assert_null(vote_err_text(VM__COUNT));
}

static void rows_answer_what_the_api_answered(void **state)
{
    (void)state;
    static const struct {
        VoteMsg msg;
        int status;
        const char *code, *zh;
    } cases[] = {
        {VM_BUSY, 503, "busy", "系统繁忙，请稍后再试"},
        {VM_INTERNAL, 500, "internal", "内部错误"},
        {VM_NO_SUCH_VOTE, 404, "not_found", "找不到这次表决"},
        {VM_NOT_IN_ELECTORATE, 403, "not_in_electorate", "您不在这次表决的投票人名单中"},
        {VM_VOTE_CLOSED, 409, "vote_closed", "表决已截止，不能再投票或改票"},
        {VM_SAME_PERSON, 409, "same_person", "纸质票须由录入人以外的另一人核对确认"},
        {VM_RESULT_NOT_YET, 409, "vote_open", "表决结束后才公布结果"},
        {VM_BAD_OPTION_IDS, 400, "bad_type", "选项应为编号列表"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const ErrorText *t = vote_err_text(cases[i].msg);
        assert_non_null(t);
        assert_int_equal(t->status, cases[i].status);
        assert_string_equal(t->code, cases[i].code);
        assert_string_equal(t->zh, cases[i].zh);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(every_msg_has_a_row),
        cmocka_unit_test(rows_answer_what_the_api_answered),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
