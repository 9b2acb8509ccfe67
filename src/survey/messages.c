/* messages.c: THE table of the survey's errors: each SurveyMsg to its HTTP
 * status, stable code and sentence (Chinese, English);
 * tests/unit/test_survey_rules.c checks that every SurveyMsg has its row. */
#include "survey/web_int.h"

static const ErrorText rows[SV__COUNT] = {
    [SV_BUSY] = {503, "busy", "系统繁忙，请稍后再试", "The database is busy, try again"},
    [SV_INTERNAL] = {500, "internal", "系统错误", "Internal error"},
    [SV_LOGIN_NEEDED] = {401, "login_required", "请先登录", "Please sign in first"},
    [SV_FORBIDDEN] = {403, "forbidden", "您没有权限进行这个操作", "You are not allowed to do this"},
    [SV_NOT_FOUND] = {404, "not_found", "找不到这份问卷", "No such survey"},
    [SV_BAD_NODE] = {400, "bad_value", "问卷范围须是您可以看到的社区、网格、院落或楼栋",
                     "The scope must be a community, grid, compound or building you can see"},
    [SV_BAD_DEFINITION] = {400, "bad_definition", "问卷题目有误：请检查标明的题目（题型、选项、条件）",
                           "The questionnaire is not valid: check the question named (kind, options, condition)"},
    [SV_NOT_DRAFT] = {409, "not_draft", "问卷已发布，题目和发放对象不能再改", "The survey is published; its questions and households are fixed"},
    [SV_NOT_OPEN] = {409, "not_open", "问卷不在填写期内", "The survey is not open for answers"},
    [SV_ALREADY_OPEN] = {409, "already_open", "问卷已经开始填写", "The survey is open already"},
    [SV_ALREADY_CLOSED] = {409, "already_closed", "问卷已经截止", "The survey is closed"},
    [SV_NO_HOUSEHOLDS] = {409, "no_households", "问卷还没有发放对象（先选全部住户或抽样）",
                          "The survey has no households yet (send it to all or draw a sample first)"},
    [SV_BAD_SAMPLE] = {400, "bad_value", "抽样方式、种子或配额无效", "The sampling mode, seed or quotas are not valid"},
    [SV_QUOTA_TOO_LARGE] = {409, "quota_too_large", "某一层的配额超过该层的住户数（或重复、为负），没有抽样",
                            "A quota exceeds its stratum (or repeats, or is negative); nothing was drawn"},
    [SV_BAD_TOKEN] = {404, "bad_token", "问卷链接无效，请核对二维码或链接", "This survey link is not valid"},
    [SV_BAD_ANSWERS] = {400, "bad_answer", "答案不符合题目要求（题型、选项或范围）", "An answer does not fit its question"},
    [SV_SKIPPED_QUESTION] = {400, "skipped_question", "根据前面的回答，这道题不需要回答", "This question is skipped by an earlier answer"},
    [SV_MISSING_ANSWER] = {400, "missing_answer", "这道必答题还没有回答", "This required question has no answer"},
    [SV_UNKNOWN_QUESTION] = {400, "unknown_question", "问卷中没有这道题", "The survey has no such question"},
    [SV_NOT_SENT] = {409, "not_sent", "这一户不在本问卷的发放对象中", "This household is not one the survey was sent to"},
    [SV_ALREADY_ANSWERED] = {409, "already_answered", "这一户已经答过本问卷（同一方式不能重复录入），每户只能有一份答卷",
                             "This household answered already through this channel; one response per household"},
    [SV_BAD_REASON] = {400, "bad_value", "替换原因须为：拒访（refused）、不在家（absent）或已搬离（moved）",
                       "The reason is refused, absent or moved"},
    [SV_NOT_SAMPLE] = {409, "not_sample", "只有抽样发放的问卷才能替换住户", "Only a sampled survey replaces households"},
    [SV_ALREADY_REPLACED] = {409, "already_replaced", "这一户已经被替换过", "This household was replaced already"},
    [SV_CONFLICT_SETTLED] = {409, "conflict_settled", "这条冲突已经处理过", "This conflict was settled already"},
    [SV_BAD_CHOICE] = {400, "bad_value", "处理方式须为：保留原答卷（keep）或改用新答卷（replace）",
                       "Settle with keep or replace"},
    [SV_NOT_ENTERED] = {409, "not_entered", "这份纸质答卷不在待复核状态", "This paper response is not awaiting its check"},
    [SV_SAME_PERSON] = {409, "same_person", "录入人不能复核自己录入的答卷，须由另一人复核",
                        "The person who keyed a form cannot check it; a second person must"},
    [SV_CHECK_MISMATCH] = {409, "check_mismatch", "两次录入不一致，请核对纸质问卷上标明的题目",
                           "The two keyings differ; check the question named against the paper form"},
    [SV_BAD_GROUP] = {400, "bad_value", "交叉分析只能按年龄组（age65）或作答方式（channel）",
                     "Cross-tabs are by age group (age65) or channel only"},
};

const ErrorText *survey_err_text(SurveyMsg msg)
{
    if ((int)msg < 0 || msg >= SV__COUNT || !rows[msg].code)
        return NULL;
    return &rows[msg];
}

void survey_err_reply(Req *r, const SurveyErr *e)
{
    if (e->msg == SV_LOGIN_NEEDED) {
        reply_login_needed(r);
        return;
    }
    if (e->msg == SV_FORBIDDEN) {
        reply_forbidden(r);
        return;
    }
    reply_error_text(r, survey_err_text(e->msg), e->field);
}
