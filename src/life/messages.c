/* messages.c: THE table of community life's errors: each LifeMsg to its
 * HTTP status, stable code and sentence (Chinese, English).
 * tests/unit/test_life_rules.c checks that every LifeMsg has its row. */
#include "life/web_int.h"

static const ErrorText rows[LM__COUNT] = {
    [LM_BUSY] = {503, "busy", "系统繁忙，请稍后再试", "The database is busy, try again"},
    [LM_INTERNAL] = {500, "internal", "系统错误", "Internal error"},
    [LM_LOGIN_NEEDED] = {401, "login_required", "请先登录", "Please sign in first"},
    [LM_FORBIDDEN] = {403, "forbidden", "您没有权限进行这个操作", "You are not allowed to do this"},
    [LM_NO_SUCH_NODE] = {404, "not_found", "找不到这个地点", "No such place"},
    [LM_NO_SUCH_EVENT] = {404, "not_found", "找不到这个活动", "No such event"},
    [LM_NO_SUCH_BOOKING] = {404, "not_found", "找不到这个报名", "No such booking"},
    [LM_BAD_TIME] = {400, "bad_value", "结束时间必须晚于开始时间", "The end must come after the start"},
    [LM_BAD_AUDIENCE] = {400, "bad_value", "活动对象只能是全体、老年人、青少年或儿童", "Audience: all, elderly, youth or children"},
    [LM_EVENT_CANCELLED] = {409, "event_cancelled", "活动已取消", "The event was cancelled"},
    [LM_ALREADY_BOOKED] = {409, "already_booked", "已经报过名了", "Already booked"},
    [LM_FOR_NAME_NEEDS_CONSENT] = {400, "consent_required", "代他人报名须记录本人同意", "Booking for someone else needs their consent"},
    [LM_NOT_CONFIRMED] = {409, "not_confirmed", "候补中的报名不能签到", "A booking still waiting cannot check in"},
    [LM_ALREADY_CHECKED_IN] = {409, "already_checked_in", "已经签到", "Already checked in"},
    [LM_BOOKING_CANCELLED] = {409, "booking_cancelled", "这个报名已取消", "This booking was cancelled"},
    [LM_NOT_ENOUGH_POINTS] = {409, "not_enough_points", "积分不足", "Not enough points"},
    [LM_NO_SUCH_REWARD] = {404, "not_found", "找不到这个兑换项目", "No such reward"},
    [LM_OUT_OF_STOCK] = {409, "out_of_stock", "已兑完", "Out of stock"},
    [LM_NO_SUCH_ENTRY] = {404, "not_found", "找不到这笔积分记录", "No such points entry"},
    [LM_NOT_REVERSIBLE] = {409, "conflict", "这笔积分不能冲正：已经冲正过，或本身就是冲正记录",
                           "This entry cannot be reversed: it was already, or is itself a correction"},
    [LM_ALREADY_AWARDED] = {409, "already_awarded", "这项积分已经记过", "These points were awarded already"},
    [LM_NO_SUCH_DUTY] = {404, "not_found", "找不到这个值班类型", "No such duty"},
    [LM_NO_SUCH_SHIFT] = {404, "not_found", "找不到这个班次", "No such shift"},
    [LM_NO_SUCH_ASSIGNMENT] = {404, "not_found", "找不到这个排班", "No such assignment"},
    [LM_NOT_AVAILABLE] = {409, "not_available", "这位志愿者没有报这个班次的空闲时间", "That volunteer did not offer this shift"},
    [LM_REST_BROKEN] = {409, "rest_broken", "与这位志愿者的其他班次冲突或间隔不足8小时",
                        "Clashes with or comes within 8 hours of another of their shifts"},
    [LM_SHIFT_FULL] = {409, "shift_full", "这个班次已满", "This shift is full"},
    [LM_ROTA_PUBLISHED] = {409, "rota_published", "排班已发布，不能重新生成", "The rota is published already"},
    [LM_NO_SWAP] = {409, "no_swap", "没有待批准的换班", "No swap to approve"},
    [LM_BAD_STATUS] = {409, "conflict", "当前状态不能进行这个操作", "Not possible in the current state"},
    [LM_NO_SUCH_SERVICE] = {404, "not_found", "找不到这项服务", "No such service"},
    [LM_BAD_TIER] = {400, "bad_value", "服务类别只能是基础服务或专业服务", "Tier: basic or professional"},
    [LM_BAD_PRICE] = {400, "bad_value", "价格类型只能是免费、低偿或市场价，免费服务价格为0",
                      "Price kind: free, low_cost or market; free costs 0"},
    [LM_BAD_CATEGORY] = {400, "bad_value", "工单类别无效", "Unknown work order category"},
    [LM_BAD_CURSOR] = {400, "bad_param", "分页游标无效", "Bad cursor"},
    [LM_NO_SUCH_USER] = {404, "not_found", "找不到这个用户", "No such user"},
    [LM_BAD_KIND] = {400, "bad_value", "类型无效：资源为场地、车辆、工时、资金或物资，提供方为单位、商户、居民或公益组织",
                     "Kind: room, vehicle, hours, money or goods; giver: unit, shop, resident or charity"},
    [LM_NO_SUCH_OFFER] = {404, "not_found", "找不到这项资源", "No such offer"},
    [LM_NO_SUCH_NEED] = {404, "not_found", "找不到这项需求", "No such need"},
    [LM_NO_SUCH_MATCH] = {404, "not_found", "找不到这条对接", "No such match"},
    [LM_MORE_THAN_OFFERED] = {409, "more_than_offered", "对接数量超过了这项资源的剩余数量",
                              "More than is left of the offer"},
    [LM_MORE_THAN_NEEDED] = {409, "more_than_needed", "对接数量超过了这项需求的剩余数量",
                             "More than is left of the need"},
    [LM_KIND_MISMATCH] = {409, "kind_mismatch", "资源与需求的类型不同", "The offer and the need are of different kinds"},
    [LM_ALREADY_DELIVERED] = {409, "already_delivered", "这一方已经确认过交付", "This side recorded the delivery already"},
    [LM_NO_SUCH_TALENT] = {404, "not_found", "找不到这条人才信息", "No such talent"},
    [LM_CONSENT_NEEDED] = {400, "consent_required", "须记录本人（或照片中人）的同意",
                           "The consent of the person (or of the people shown) is needed"},
    [LM_NO_SUCH_BOOK] = {404, "not_found", "找不到这本书", "No such book"},
    [LM_BOOK_LENT] = {409, "book_lent", "这本书已经借出", "This book is lent already"},
    [LM_NO_SUCH_LOAN] = {404, "not_found", "找不到这条借阅记录", "No such loan"},
    [LM_ALREADY_RETURNED] = {409, "already_returned", "这本书已经归还", "Returned already"},
    [LM_NO_SUCH_STORY] = {404, "not_found", "找不到这篇故事", "No such story"},
};

const ErrorText *life_err_text(LifeMsg msg)
{
    if ((int)msg < 0 || msg >= LM__COUNT || !rows[msg].code)
        return NULL;
    return &rows[msg];
}

void life_err_reply(Req *r, const LifeErr *e)
{
    if (e->msg == LM_LOGIN_NEEDED) {
        reply_login_needed(r);
        return;
    }
    if (e->msg == LM_FORBIDDEN) {
        reply_forbidden(r);
        return;
    }
    reply_error_text(r, life_err_text(e->msg), e->field);
}
