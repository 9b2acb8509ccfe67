/* messages_delib.c: THE table of deliberation's errors (vote/delib.h): each
 * DelibMsg's HTTP status, stable code and sentence, Chinese first. The API
 * and the pages answer every model error through delib_err_reply. */
#include "vote/web_delib.h"

static const ErrorText delib_texts[DM_COUNT] = {
    [DM_BUSY] = {503, "busy", "系统繁忙，请稍后再试", "The system is busy, try again"},
    [DM_INTERNAL] = {500, "internal", "内部错误", "Internal error"},
    [DM_TOPIC_NOT_FOUND] = {404, "not_found", "找不到这个议题", "No such topic"},
    [DM_TOPIC_OUT_OF_SCOPE] = {400, "bad_value", "议题不属于这个范围", "The topic is outside this scope"},
    [DM_TOPIC_BAD_SOURCE] = {400, "bad_value", "来源应为 online、board 或 work_order",
                             "source must be online, board or work_order"},
    [DM_TOPIC_ALREADY_SUPPORTED] = {409, "already_supported", "您已经支持过这个议题", "You already support this topic"},
    [DM_MEETING_NOT_FOUND] = {404, "not_found", "找不到这次会议", "No such meeting"},
    [DM_MEETING_BAD_KIND] = {400, "bad_value", "会议类型应为 party_joint、council 或 multi_party",
                             "kind must be party_joint, council or multi_party"},
    [DM_MEETING_WO_NOT_MULTI] = {400, "bad_value", "从工单发起的会议应为多方协调会（multi_party）",
                                 "A meeting opened from a work order is a multi-party coordination meeting"},
    [DM_WORK_ORDER_NOT_FOUND] = {404, "not_found", "找不到这个工单，或您无权查看",
                                 "No such work order, or you may not read it"},
    [DM_WORK_ORDER_OUT_OF_SCOPE] = {400, "bad_value", "这个工单不在会议的范围内，请选择包含工单地点的范围",
                                    "The work order is outside the meeting's scope"},
    [DM_INVITEE_USER] = {400, "bad_value", "受邀人员不存在或不在这个范围",
                         "An invitee does not exist or is outside this scope"},
    [DM_INVITEE_ORG] = {400, "bad_value", "受邀单位不存在或不在这个范围",
                        "An invitee does not exist or is outside this scope"},
    [DM_MINUTES_PUBLISHED] = {409, "minutes_published", "会议纪要已公示，不能再修改",
                              "The minutes are published and cannot change"},
    [DM_NOT_INVITED] = {400, "bad_value", "出席名单中有不属于这次会议的人", "An attendee is not invited to this meeting"},
    [DM_ALREADY_ON_AGENDA] = {409, "conflict", "这个议题已在本次会议的议程中", "The topic is already on this meeting's agenda"},
    [DM_NO_MINUTES] = {409, "no_minutes", "请先填写会议纪要", "Write the minutes first"},
    [DM_CONVENTION_NOT_FOUND] = {404, "not_found", "找不到这份公约", "No such convention"},
    [DM_CONVENTION_FINAL] = {409, "conflict", "公约已交付表决，文本不能再改",
                             "The convention is put to the vote; its text is final"},
    [DM_NO_SUCH_VERSION] = {400, "bad_value", "没有这一稿", "No such version"},
    [DM_NO_SUCH_CLAUSE] = {400, "bad_value", "这一稿没有这一条", "This version has no such clause"},
    [DM_DECISION_NOT_FOUND] = {404, "not_found", "找不到这项决策", "No such decision"},
    [DM_BAD_TEMPLATE] = {400, "bad_value", "流程应为 standard（提议讨论表决公示）或 yizheng（一征三议两公开）",
                         "template must be standard or yizheng"},
    [DM_DECISION_DONE] = {409, "conflict", "这项决策的流程已经走完", "This decision has gone through every step"},
    [DM_STEP_NEEDS_VOTE] = {400, "missing_field", "这一步须有一次已结束并通过的表决",
                            "This step needs a closed vote that passed"},
    [DM_VOTE_NOT_FOUND] = {404, "not_found", "找不到这次表决", "No such vote"},
    [DM_VOTE_OUT_OF_SCOPE] = {400, "bad_value", "表决不在这项决策的范围", "The vote is outside this decision's scope"},
    [DM_VOTE_NOT_PASSED] = {409, "vote_not_passed", "表决尚未结束或未通过", "The vote is not closed or did not pass"},
    [DM_STEP_NOT_VOTE] = {400, "bad_value", "这一步不是表决", "This step is not the vote"},
    [DM_STEP_NEEDS_NOTICE] = {400, "missing_field", "这一步须公示，请写公示内容",
                              "This step publishes a notice: give its text"},
    [DM_STEP_NO_NOTICE] = {400, "bad_value", "这一步不公示", "This step publishes nothing"},
    [DM_PANEL_NOT_FOUND] = {404, "not_found", "找不到这份代表名单", "No such panel"},
    [DM_PANEL_BAD_DIMENSION] = {400, "bad_value", "分层依据应为 age_band、residency 或 tenure",
                                "dimension must be age_band, residency or tenure"},
    [DM_PANEL_QUOTAS_MISSING] = {400, "missing_field", "请为每一层写明名额，如 {\"old\":3}",
                                 "quotas must be an object of stratum: count"},
    [DM_PANEL_QUOTAS_BAD_TYPE] = {400, "bad_type", "请为每一层写明名额，如 {\"old\":3}",
                                  "quotas must be an object of stratum: count"},
    [DM_PANEL_QUOTAS_BAD] = {400, "bad_value", "名额中有未知的层或无效的人数",
                             "quotas names an unknown stratum or an invalid count"},
    [DM_PANEL_QUOTAS_EMPTY] = {400, "bad_value", "至少要抽选一人", "Draw at least one person"},
};

const ErrorText *delib_error_text(DelibMsg msg)
{
    return (unsigned)msg < DM_COUNT && delib_texts[msg].code ? &delib_texts[msg] : NULL;
}

void delib_err_reply(Req *r, const DelibErr *e)
{
    reply_error_text(r, delib_error_text(e->msg), e->field);
}
