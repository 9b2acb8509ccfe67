/* messages.c: THE table of the work orders' errors: each WoMsg of the model
 * to its HTTP status, stable code and sentence (Chinese, English). The codes
 * and sentences are the ones the API answered before the model stopped
 * replying itself (tests/api pin them); tests/unit/test_wo_messages.c checks
 * that every WoMsg has a row. Rows are literals, so no user text ever
 * becomes a message. */
#include "workorder/web_int.h"

static const ErrorText rows[WM__COUNT] = {
    [WM_BUSY] = {503, "busy", "系统繁忙，请稍后再试", "The server is busy: try again in a moment"},
    [WM_INTERNAL] = {500, "internal", "系统内部错误，没有保存任何内容", "Internal error; nothing was saved"},
    [WM_LOGIN_REQUIRED] = {401, "login_required", "请先登录", "Please sign in first"},
    [WM_FORBIDDEN] = {403, "forbidden", "您没有权限进行这个操作", "You are not allowed to do this"},

    [WM_NO_ORDER] = {404, "not_found", "找不到这个工单", "No such work order"},
    [WM_NO_PLACE] = {404, "not_found", "找不到这个地点", "No such place"},
    [WM_PLACE_KIND] = {400, "bad_value", "地点应是院落、楼栋、单元或住户",
                       "The place must be a compound, building, unit or household"},
    [WM_REPORT_HERE_FORBIDDEN] = {403, "forbidden", "您不能在这个地点报事", "You may not report at this place"},
    [WM_ON_BEHALF_FORBIDDEN] = {403, "forbidden", "您不能代他人报事", "You may not report on someone's behalf"},
    [WM_UNKNOWN_CATEGORY] = {400, "unknown_category", "没有这个问题类别", "Unknown category"},
    [WM_PLACE_OUTSIDE_GRID] = {400, "bad_value", "这个地点不在任何网格内", "This place is not inside a grid"},
    [WM_NOTE_REQUIRED] = {400, "missing_field", "请填写说明", "A note is required"},
    [WM_ORGS_REQUIRED] = {400, "missing_field", "请选择至少一个处置单位", "Choose at least one organisation"},
    [WM_ORG_TWICE] = {400, "bad_value", "处置单位重复", "An organisation is listed twice"},
    [WM_NO_ORG] = {404, "not_found", "找不到这个处置单位", "No such organisation"},
    [WM_LEAD_NOT_DISPATCHED] = {400, "bad_value", "牵头单位必须是派单单位之一",
                                "The lead must be one of the organisations"},
    [WM_BAD_CLASS] = {400, "bad_value", "类别应为 routine、emergency 或 complex",
                      "class must be routine, emergency or complex"},
    [WM_BAD_RATING] = {400, "bad_value", "评分应为 1 到 5 星", "rating must be 1 to 5"},
    [WM_MERGE_INTO_REQUIRED] = {400, "missing_field", "请填写要合并到的工单号", "merge_into is required"},
    [WM_MERGE_INTO_SELF] = {400, "bad_value", "不能合并到自己", "An order cannot be merged into itself"},
    [WM_MERGE_NOT_DISPATCHER] = {403, "forbidden", "只能合并到您可以派单的工单",
                                 "You may only merge into an order you may dispatch"},
    [WM_MERGE_OTHER_COMMUNITY] = {400, "bad_value", "只能合并到同一社区的工单",
                                  "Only into an order of the same community"},
    [WM_MERGE_TARGET_FINISHED] = {409, "bad_value", "目标工单已经结束", "The target order is finished"},
    [WM_UNKNOWN_ACTION] = {400, "bad_value", "未知的操作", "Unknown action"},
    [WM_BAD_SOURCE] = {400, "bad_value", "工单来源无效", "Invalid source of the order"},
    [WM_DESCRIPTION_REQUIRED] = {400, "missing_field", "请填写问题描述", "A description is required"},

    [WM_NEED_DISPATCHER] = {403, "forbidden", "只有网格员或社区工作者可以受理、派单、合并、屏蔽或结单",
                            "Only a grid worker or community staff may accept, dispatch, merge, hide or close"},
    [WM_NEED_HANDLER] = {403, "forbidden", "只有接到派单的处置单位可以反馈进展或办结",
                         "Only an organisation the order was dispatched to may post progress or finish it"},
    [WM_NEED_REPORTER] = {403, "forbidden", "只有报事人可以确认或退回", "Only the reporter may confirm or reject"},
    [WM_NEED_COMMITTEE] = {403, "forbidden", "只有本院落的院委会可以确认或退回（社区要求院委会确认时）",
                           "Only the compound's committee may confirm or reject, where the community requires it"},
    [WM_BAD_STATE] = {409, "bad_transition", "这个工单当前的状态不允许这样操作",
                      "This action does not apply in the order's current state"},
    [WM_ALREADY_CLOSED] = {409, "bad_transition", "这个工单已经结单，不能重复确认",
                           "This order is already closed; it cannot be confirmed twice"},
    [WM_FINISHED] = {409, "bad_transition", "这个工单已经结束，不能再操作",
                     "This order is finished; no further action applies"},
    [WM_NOT_COMPLEX] = {409, "bad_transition", "只有复杂或群体性事项需要召开协调会",
                        "Only complex or group matters have a coordination meeting"},
    [WM_TOO_EARLY] = {409, "bad_transition", "报事人确认期限未到，暂不能代为结单",
                      "The reporter's time to confirm has not run out yet"},
    [WM_AWAITING_COMMITTEE] = {409, "bad_transition", "报事人已经确认，正在等待院委会确认",
                               "The reporter has confirmed; the order waits for the committee"},
    [WM_REPORTER_FIRST] = {409, "bad_transition", "需要报事人先确认，院委会再确认",
                           "The reporter confirms first, then the committee"},

    [WM_NO_NODE] = {404, "not_found", "找不到这个编号对应的节点", "No such node"},
    [WM_NODE_FORBIDDEN] = {403, "forbidden", "您没有权限对这个节点进行这个操作", "You may not do this at that node"},
    [WM_NOT_COMMUNITY] = {400, "bad_value", "这个编号不是社区", "This id is not a community"},
    [WM_BAD_MINUTES] = {400, "bad_value", "时限应为 1 到 525600 分钟之间的整数",
                        "Minutes must be a whole number from 1 to 525600"},
    [WM_CALENDAR_UNKNOWN] = {400, "bad_value", "没有这个工作日历", "No such calendar"},
    [WM_NO_CALENDAR] = {404, "not_found", "没有这个工作日历", "No such calendar"},
    [WM_CALENDAR_NAME_REQUIRED] = {400, "missing_field", "请填写日历名称", "name is required"},
    [WM_BAD_WEEK] = {400, "bad_value", "工作时间格式应为七天以分号分隔，如 09:00-12:00,13:30-17:30",
                     "week: seven ';'-separated days of HH:MM-HH:MM windows"},
    [WM_BAD_DATES] = {400, "bad_value", "日期格式应为 YYYY-MM-DD", "dates must be YYYY-MM-DD"},
    [WM_DAY_BOTH_KINDS] = {400, "bad_value", "同一天不能既是假日又是调休工作日",
                           "A day cannot be both a holiday and a make-up workday"},
    [WM_BAD_DAY] = {400, "bad_value", "日期格式应为 YYYY-MM-DD", "day must be YYYY-MM-DD"},
    [WM_DAY_NOT_IN_CALENDAR] = {404, "not_found", "日历中没有这一天", "That day is not in the calendar"},
    [WM_BAD_DAY_KIND] = {400, "bad_value", "类型应为 holiday（假日）或 workday（调休工作日）",
                         "kind must be holiday or workday"},
    [WM_DAY_TAKEN] = {409, "conflict", "这一天已经在日历中，请先删除",
                      "That day is already in the calendar; remove it first"},
    [WM_BAD_LADDER_MINUTES] = {400, "bad_value", "督办时间应为 0 到 525600 分钟", "Minutes must be 0 to 525600"},
    [WM_LADDER_NOT_RISING] = {400, "bad_value", "督办层级的时间应逐级递增",
                              "Each level must come no earlier than the one below"},
    [WM_BAD_CONFIRM_DAYS] = {400, "bad_value", "报事人确认期限应为 1 到 365 天（留空则按时限规则）",
                             "confirm_days must be 1 to 365 (or empty for the SLA policy's window)"},

    [WM_PHOTO_TOO_LARGE] = {413, "too_large", "照片太大", "The photo is too large"},
    [WM_NOT_AN_IMAGE] = {415, "not_an_image", "只能上传 JPEG、PNG 或 WebP 图片",
                         "Only JPEG, PNG or WebP images are accepted"},
    [WM_TOO_MANY_PHOTOS] = {400, "too_many_photos", "每次最多上传 6 张照片", "At most 6 photos at a time"},
    [WM_PHOTO_NOT_STORED] = {500, "internal", "照片保存失败", "Could not store the photo"},
};

const ErrorText *wo_err_text(WoMsg msg)
{
    if ((unsigned)msg >= WM__COUNT || !rows[msg].code)
        return NULL;
    return &rows[msg];
}

void wo_err_reply(Req *r, const WoErr *e)
{
    /* signing in is the router's answer (a page redirects to the sign-in form) */
    if (e->msg == WM_LOGIN_REQUIRED) {
        reply_login_needed(r);
        return;
    }
    reply_error_text(r, wo_err_text(e->msg), e->field);
}
