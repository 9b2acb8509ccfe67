/* messages.c: THE table of the vote capability's errors: each VoteMsg of
 * the model -> HTTP status, stable code, Chinese sentence (and its English
 * twin). The sentences are the ones the API has always answered, so
 * clients and tests see the same replies; tests/unit/test_vote_messages.c
 * checks that every msg has its row. */
#include "vote/web_int.h"

static const ErrorText rows[VM__COUNT] = {
    [VM_BUSY] = {503, "busy", "系统繁忙，请稍后再试", "The system is busy, try again"},
    [VM_INTERNAL] = {500, "internal", "内部错误", "Internal error"},
    [VM_LOGIN_REQUIRED] = {401, "login_required", "请先登录", "Please sign in first"},
    [VM_FORBIDDEN] = {403, "forbidden", "您没有权限进行这个操作", "You are not allowed to do this"},
    [VM_NO_SUCH_NODE] = {404, "not_found", "找不到这个范围", "No such node"},
    [VM_NO_SUCH_VOTE] = {404, "not_found", "找不到这次表决", "No such vote"},
    [VM_NO_SUCH_PANEL] = {404, "not_found", "找不到这个代表名单", "No such panel"},
    [VM_NO_SUCH_TOPIC] = {404, "not_found", "找不到这个议题", "No such topic"},
    [VM_NO_SUCH_HOUSEHOLD] = {404, "not_found", "找不到这一户", "No such household"},
    [VM_NO_SUCH_BALLOT] = {404, "not_found", "找不到这张选票", "No such ballot"},
    [VM_NO_SUCH_NOTICE] = {404, "not_found", "找不到这条公示", "No such notice"},
    [VM_BAD_STATUS_FILTER] = {400, "bad_value", "状态应为 draft、open 或 closed",
                              "status must be draft, open or closed"},
    [VM_BAD_KIND] = {400, "bad_value", "表决类型应为 art278（业主共同决定）或 simple（简单多数）",
                     "kind must be art278 or simple"},
    [VM_BAD_METHOD] = {400, "bad_value", "表决方式应为 yes_no、single 或 multi",
                       "method must be yes_no, single or multi"},
    [VM_BAD_ELECTORATE] = {400, "bad_value", "投票人应为 owners、households 或 representatives",
                           "electorate must be owners, households or representatives"},
    [VM_MATTER_MISSING] = {400, "missing_field", "业主共同决定须写明第二百七十八条的事项（1-9）",
                           "An Art. 278 vote needs its matter (1-9)"},
    [VM_MATTER_NOT_ART278] = {400, "bad_value", "只有业主共同决定才有事项编号", "Only an Art. 278 vote has a matter"},
    [VM_ART278_YES_NO_OWNERS] = {400, "bad_value", "业主共同决定只能由业主以同意/反对/弃权表决",
                                 "An Art. 278 vote is yes/no/abstain by the owners"},
    [VM_ART278_QUORUM] = {400, "bad_value", "业主共同决定的参与门槛由法律规定（三分之二）",
                          "An Art. 278 vote's quorum is set by law (two thirds)"},
    [VM_NONVOTERS_NOT_ART278] = {400, "bad_value", "只有业主共同决定才有未表决计为同意的地方规定",
                                 "Only an Art. 278 vote has the non-voters rule"},
    [VM_OPTIONS_TOO_FEW] = {400, "missing_field", "单选或多选至少需要两个选项", "A choice needs at least two options"},
    [VM_OPTIONS_FOR_YES_NO] = {400, "bad_value", "同意/反对表决没有选项", "A yes/no vote has no options"},
    [VM_PANEL_MISSING] = {400, "missing_field", "居民代表表决须指定本范围内抽选出的代表名单",
                          "A representatives' vote needs a panel drawn in its scope"},
    [VM_PANEL_OUT_OF_SCOPE] = {400, "bad_value", "居民代表表决须指定本范围内抽选出的代表名单",
                               "A representatives' vote needs a panel drawn in its scope"},
    [VM_PANEL_NOT_REPRESENTATIVES] = {400, "bad_value", "只有居民代表表决才指定代表名单",
                                      "Only a representatives' vote names a panel"},
    [VM_CLOSES_IN_PAST] = {400, "bad_value", "截止时间须在将来", "closes_at must be in the future"},
    [VM_TOPIC_OUT_OF_SCOPE] = {400, "bad_value", "议题不属于这个范围", "The topic is outside this scope"},
    [VM_NOT_DRAFT] = {409, "conflict", "只有草稿状态的表决可以开始", "Only a draft vote can be opened"},
    [VM_REGISTER_EMPTY] = {409, "register_incomplete",
                           "这个范围在登记簿中没有任何房屋，无法进行业主表决；请先登记房屋和业主",
                           "The register has no flat in this scope: register the flats and their owners first"},
    /* the sentence names VOTE_REGISTER_GAP_MAX_PCT (model.c asserts it is 10) */
    [VM_REGISTER_INCOMPLETE] = {409, "register_incomplete",
                                "登记簿不完整：这个范围超过 10% 的房屋未登记业主或面积，这些业主无法得知表决，结果难有意义。"
                                "请先补全登记（表决页面列出缺少的数目）；如确需开始，请填写理由（incomplete_register_reason），"
                                "将记入审计日志",
                                "The register is incomplete: more than 10% of the scope's flats have no owner or area on "
                                "it (the vote shows how many). Complete it, or give incomplete_register_reason to open "
                                "anyway (audited)"},
    [VM_VOTE_NOT_OPEN] = {409, "vote_not_open", "表决尚未开始", "The vote is not open yet"},
    [VM_VOTE_CLOSED] = {409, "vote_closed", "表决已截止，不能再投票或改票",
                        "The vote is closed: no more ballots or changes"},
    [VM_NOT_IN_ELECTORATE] = {403, "not_in_electorate", "您不在这次表决的投票人名单中",
                              "You are not in this vote's electorate"},
    [VM_HOUSEHOLD_NOT_IN_ELECTORATE] = {403, "not_in_electorate", "这一户（或这位业主）不在这次表决的投票人名单中",
                                        "This household (or owner) is not in this vote's electorate"},
    [VM_BAD_CHOICE] = {400, "bad_value", "请选择同意（yes）、反对（no）或弃权（abstain）",
                       "choice must be yes, no or abstain"},
    [VM_BAD_OPTIONS] = {400, "bad_value", "请按表决方式选择有效的选项", "Choose valid options for this vote's method"},
    [VM_BAD_OPTION_IDS] = {400, "bad_type", "选项应为编号列表", "option_ids must be a list of ids"},
    [VM_BAD_CHANNEL] = {400, "bad_value", "方式应为 paper（纸质票）或 proxy（委托代理）",
                        "channel must be paper or proxy"},
    [VM_PROXY_NAME_MISSING] = {400, "missing_field", "委托投票须登记代理人姓名", "A proxy ballot needs the proxy's name"},
    [VM_PROXY_DOCUMENT_MISSING] = {400, "missing_field", "委托投票须登记授权委托书",
                                   "A proxy ballot needs the proxy document"},
    [VM_PROXY_WITHOUT_CHANNEL] = {400, "bad_value", "登记代理人时方式应为 proxy",
                                  "Name a proxy only with channel proxy"},
    [VM_BALLOT_EXISTS] = {409, "ballot_exists", "这位投票人已经投过票；本人可在截止前在线改票",
                          "This voter has already voted; they may change it online before the close"},
    [VM_BALLOT_COUNTED] = {409, "conflict", "这张选票已经计入", "This ballot already counts"},
    [VM_SAME_PERSON] = {409, "same_person", "纸质票须由录入人以外的另一人核对确认",
                        "A paper ballot must be confirmed by a second person, not the one who entered it"},
    [VM_NOT_OPEN_TO_CLOSE] = {409, "conflict", "只有投票中的表决可以结束", "Only an open vote can be closed"},
    [VM_RESULT_NOT_YET] = {409, "vote_open", "表决结束后才公布结果", "The result is shown once the vote is closed"},
    [VM_BAD_NOTICE_KIND] = {400, "bad_value", "公示类别无效", "Unknown notice kind"},
    [VM_NO_NOTICE_TO_CORRECT] = {404, "not_found", "要更正的公示不存在", "The notice to correct does not exist"},
    [VM_CORRECTION_ELSEWHERE] = {400, "bad_value", "更正须发布在原公示的同一范围",
                                 "A correction is published on the same node as the notice it corrects"},
    [VM_NOTICE_IMMUTABLE] = {409, "notice_immutable", "公示一经发布不得修改或删除；如需更正，请发布一条更正公示",
                             "A published notice is never edited or removed; publish a correction instead"},
    [VM_OBJECTION_PERIOD_OVER] = {409, "objection_period_over", "公示期已过，不能再提出异议",
                                  "The objection period of this notice is over"},
    /* deliberation (vote/delib.h) */
    [VM_NO_SUCH_MEETING] = {404, "not_found", "找不到这次会议", "No such meeting"},
    [VM_NO_SUCH_WORK_ORDER] = {404, "not_found", "找不到这个工单，或您无权查看",
                               "No such work order, or you may not read it"},
    [VM_NO_SUCH_CONVENTION] = {404, "not_found", "找不到这份公约", "No such convention"},
    [VM_NO_SUCH_DECISION] = {404, "not_found", "找不到这项决策", "No such decision"},
    [VM_TOPIC_BAD_SOURCE] = {400, "bad_value", "来源应为 online、board 或 work_order",
                             "source must be online, board or work_order"},
    [VM_TOPIC_ALREADY_SUPPORTED] = {409, "already_supported", "您已经支持过这个议题", "You already support this topic"},
    [VM_MEETING_BAD_KIND] = {400, "bad_value", "会议类型应为 party_joint、council 或 multi_party",
                             "kind must be party_joint, council or multi_party"},
    [VM_MEETING_WO_NOT_MULTI] = {400, "bad_value", "从工单发起的会议应为多方协调会（multi_party）",
                                 "A meeting opened from a work order is a multi-party coordination meeting"},
    [VM_WORK_ORDER_OUT_OF_SCOPE] = {400, "bad_value", "这个工单不在会议的范围内，请选择包含工单地点的范围",
                                    "The work order is outside the meeting's scope"},
    [VM_INVITEE_USER] = {400, "bad_value", "受邀人员不存在或不在这个范围",
                         "An invitee does not exist or is outside this scope"},
    [VM_INVITEE_ORG] = {400, "bad_value", "受邀单位不存在或不在这个范围",
                        "An invitee does not exist or is outside this scope"},
    [VM_MINUTES_PUBLISHED] = {409, "minutes_published", "会议纪要已公示，不能再修改",
                              "The minutes are published and cannot change"},
    [VM_NOT_INVITED] = {400, "bad_value", "出席名单中有不属于这次会议的人", "An attendee is not invited to this meeting"},
    [VM_ALREADY_ON_AGENDA] = {409, "conflict", "这个议题已在本次会议的议程中", "The topic is already on this meeting's agenda"},
    [VM_NO_MINUTES] = {409, "no_minutes", "请先填写会议纪要", "Write the minutes first"},
    [VM_CONVENTION_FINAL] = {409, "conflict", "公约已交付表决，文本不能再改",
                             "The convention is put to the vote; its text is final"},
    [VM_NO_SUCH_VERSION] = {400, "bad_value", "没有这一稿", "No such version"},
    [VM_NO_SUCH_CLAUSE] = {400, "bad_value", "这一稿没有这一条", "This version has no such clause"},
    [VM_BAD_TEMPLATE] = {400, "bad_value", "流程应为 standard（提议讨论表决公示）或 yizheng（一征三议两公开）",
                         "template must be standard or yizheng"},
    [VM_DECISION_DONE] = {409, "conflict", "这项决策的流程已经走完", "This decision has gone through every step"},
    [VM_STEP_NEEDS_VOTE] = {400, "missing_field", "这一步须有一次已结束并通过的表决",
                            "This step needs a closed vote that passed"},
    [VM_VOTE_OUT_OF_SCOPE] = {400, "bad_value", "表决不在这项决策的范围", "The vote is outside this decision's scope"},
    [VM_VOTE_NOT_PASSED] = {409, "vote_not_passed", "表决尚未结束或未通过", "The vote is not closed or did not pass"},
    [VM_STEP_NOT_VOTE] = {400, "bad_value", "这一步不是表决", "This step is not the vote"},
    [VM_STEP_NEEDS_NOTICE] = {400, "missing_field", "这一步须公示，请写公示内容",
                              "This step publishes a notice: give its text"},
    [VM_STEP_NO_NOTICE] = {400, "bad_value", "这一步不公示", "This step publishes nothing"},
    [VM_PANEL_NOT_FOUND] = {404, "not_found", "找不到这份代表名单", "No such panel"},
    [VM_PANEL_BAD_DIMENSION] = {400, "bad_value", "分层依据应为 age_band、residency 或 tenure",
                                "dimension must be age_band, residency or tenure"},
    [VM_PANEL_QUOTAS_MISSING] = {400, "missing_field", "请为每一层写明名额，如 {\"old\":3}",
                                 "quotas must be an object of stratum: count"},
    [VM_PANEL_QUOTAS_BAD_TYPE] = {400, "bad_type", "请为每一层写明名额，如 {\"old\":3}",
                                  "quotas must be an object of stratum: count"},
    [VM_PANEL_QUOTAS_BAD] = {400, "bad_value", "名额中有未知的层或无效的人数",
                             "quotas names an unknown stratum or an invalid count"},
    [VM_PANEL_QUOTAS_EMPTY] = {400, "bad_value", "至少要抽选一人", "Draw at least one person"},
    [VM_BAD_CURSOR] = {400, "bad_param", "after 应为这份列表中的一个编号（上一页的 next）",
                       "after must be an id of this list (the previous page's next)"},
};

const ErrorText *vote_err_text(VoteMsg msg)
{
    if ((int)msg <= VM_OK || msg >= VM__COUNT || !rows[msg].code)
        return NULL;
    return &rows[msg];
}

void vote_err_reply(Req *r, const VoteErr *e)
{
    /* the page adapters' sign-in redirect lives in reply_login_needed */
    if (e->msg == VM_LOGIN_REQUIRED) {
        reply_login_needed(r);
        return;
    }
    reply_error_text(r, vote_err_text(e->msg), e->field);
}
