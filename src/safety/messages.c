/* messages.c: THE table of the safety's errors: each SafetyMsg to its HTTP
 * status, stable code and sentence (Chinese, English).
 * tests/unit/test_safety_rules.c checks that every SafetyMsg has its row. */
#include "safety/web_int.h"

static const ErrorText rows[SM__COUNT] = {
    [SM_BUSY] = {503, "busy", "系统繁忙，请稍后再试", "The database is busy, try again"},
    [SM_INTERNAL] = {500, "internal", "系统错误", "Internal error"},
    [SM_LOGIN_NEEDED] = {401, "login_required", "请先登录", "Please sign in first"},
    [SM_FORBIDDEN] = {403, "forbidden", "您没有权限进行这个操作", "You are not allowed to do this"},
    [SM_NOT_A_COMPOUND] = {400, "bad_value", "隐患须登记在一个院落", "A hazard belongs to a compound"},
    [SM_BAD_SCALE] = {400, "bad_value", "可能性和后果严重程度都应为1至5", "Likelihood and consequence are 1 to 5"},
    [SM_BAD_SOURCE] = {400, "bad_value", "来源只能是巡查、检查、设备、居民或其他（patrol/inspection/device/resident/other）",
                       "The source is patrol, inspection, device, resident or other"},
    [SM_TITLE_REQUIRED] = {400, "bad_value", "请填写隐患名称（60字以内）", "A title of at most 60 characters is required"},
    [SM_NO_SUCH_HAZARD] = {404, "not_found", "找不到这个隐患", "No such hazard"},
    [SM_CLOSED] = {409, "closed", "这个隐患已经销号", "This hazard is closed"},
    [SM_REASON_REQUIRED] = {400, "missing_field", "调整等级必须写明理由", "A grade change needs a reason"},
    [SM_SAME_GRADE] = {409, "unchanged", "评估与原来相同，没有调整", "The assessment is the same as before"},
    [SM_NOTE_REQUIRED] = {400, "missing_field", "销号必须填写整改说明", "Closing needs a note"},
    [SM_EVIDENCE_REQUIRED] = {400, "evidence_required", "红色隐患销号前必须先上传整改后的照片",
                              "Closing a red hazard needs a photo of the fix uploaded first"},
    [SM_BAD_RESIDUAL] = {400, "bad_value", "剩余风险等级只能是红、黄、蓝（red/yellow/blue）",
                         "The residual grade is red, yellow or blue"},
    [SM_ADVICE_REQUIRED] = {400, "missing_field", "向居民公开的隐患必须附防范提示", "A public hazard needs advice for residents"},
    [SM_BAD_CATEGORY] = {400, "bad_value", "工单类别无效", "Unknown work-order category"},
    [SM_HAS_ORDER] = {409, "conflict", "这个隐患已经派过工单", "This hazard has its work order already"},
    [SM_BAD_ROUTE_PLACE] = {400, "bad_value", "巡查路线须设在网格、微网格或院落", "A route is in a grid, micro-grid or compound"},
    [SM_BAD_POINTS] = {400, "bad_value", "点位须有1至50个，每个都有名称，并在本路线范围内的院落",
                       "1 to 50 points, each named and in a compound of the route's place"},
    [SM_NO_SUCH_ROUTE] = {404, "not_found", "找不到这条巡查路线", "No such patrol route"},
    [SM_POINT_NOT_ON_ROUTE] = {400, "bad_value", "这个点位不在这条路线上", "This point is not on this route"},
    [SM_BAD_CODE] = {403, "bad_code", "点位码不正确，请扫描现场张贴的二维码", "The code is not this point's; scan the code posted there"},
    [SM_OUTSIDE_WINDOW] = {409, "outside_window", "现在不在巡查时段（上午6-12时，下午14-22时）",
                           "No round is open now (06:00-12:00, 14:00-22:00)"},
    [SM_ALREADY_CHECKED] = {409, "already_checked", "这个点位本轮已经打过卡", "This point was checked in this round already"},
    [SM_BAD_METHOD] = {400, "bad_value", "打卡方式只能是扫码或点按（scan/tap）", "The method is scan or tap"},
    [SM_BAD_DATE] = {400, "bad_param", "日期格式应为 YYYY-MM-DD", "The date must be YYYY-MM-DD"},
    [SM_BAD_WORKER] = {400, "bad_value", "巡查人须是在该范围有巡查权限的用户", "The worker must patrol this place"},
    [SM_BAD_PARTIES] = {400, "bad_value", "当事人须有2至10人，每人有姓名和身份（申请人/被申请人/其他），电话须为11位手机号",
                        "2 to 10 parties, each with a name and role; a phone must be an 11-digit mobile"},
    [SM_NO_SUCH_DISPUTE] = {404, "not_found", "找不到这个纠纷案件", "No such dispute"},
    [SM_NOT_MEDIATOR] = {403, "not_case_mediator", "只有本案的调解员可以办理", "Only the case's own mediators act on it"},
    [SM_ALREADY_MEDIATOR] = {409, "conflict", "这位已经是本案调解员", "Already a mediator of this case"},
    [SM_TOP_TIER] = {409, "top_tier", "已是第三级（多方联调），不能再升级", "Tier 3 is the last"},
    [SM_TEXT_REQUIRED] = {400, "missing_field", "请填写内容", "The text is required"},
    [SM_NOT_ALL_SIGNED] = {400, "not_all_signed", "协议须由全部当事人签字", "An agreement is signed by every party"},
    [SM_DISPUTE_CLOSED] = {409, "closed", "这个案件已经结案", "This case is closed"},
    [SM_PUBLISH_TIER3] = {409, "not_tier3", "只有第三级（多方联调）案件的结果公开", "Only tier-3 outcomes are published"},
    [SM_BAD_KIND] = {400, "bad_value", "预案类型只能是火灾、汛情、燃气、结构、公共卫生或人群聚集（fire/flood/gas/structural/public_health/crowd）",
                     "The type is fire, flood, gas, structural, public_health or crowd"},
    [SM_NO_SUCH_PLAN] = {404, "not_found", "找不到这个应急预案", "No such emergency plan"},
    [SM_BAD_DRILL] = {400, "bad_value", "演练须在记录之前举行，参加人数0至100000", "A drill is recorded after it was held, with 0 to 100000 people"},
    [SM_NO_SUCH_INCIDENT] = {404, "not_found", "找不到这个突发事件", "No such incident"},
    [SM_INCIDENT_CLOSED] = {409, "closed", "事件已结束并完成复盘，记录不能再追加", "The incident is closed with its review"},
    [SM_BAD_QUARTER] = {400, "bad_value", "季度格式应为 YYYY-Qn，例如 2026-Q2", "The quarter is YYYY-Qn, e.g. 2026-Q2"},
    [SM_ASSESSED] = {409, "conflict", "这个季度的研判已经记录", "This quarter's assessment is recorded already"},
    [SM_BAD_HELD_AT] = {400, "bad_value", "会议须在记录之前举行", "A meeting is recorded after it was held"},
    [SM_NO_SUCH_ASSESSMENT] = {404, "not_found", "找不到这次研判", "No such assessment"},
    [SM_NOT_AN_IMAGE] = {400, "bad_value", "照片须为 JPEG、PNG 或 WebP 图片", "A photo is a JPEG, PNG or WebP image"},
    [SM_PHOTO_TOO_LARGE] = {413, "too_large", "照片太大", "The photo is too large"},
    [SM_TOO_MANY_PHOTOS] = {400, "too_many_photos", "每个隐患每类照片最多 12 张", "At most 12 photos of each kind"},
    [SM_BAD_PHOTO_KIND] = {400, "bad_value", "照片类别只能是发现时（found）或整改后（fixed）",
                           "The photo's kind is found or fixed"},
    [SM_NOT_CLOSED] = {409, "conflict", "隐患销号后才能确认剩余风险", "The hazard is closed before its residual risk is accepted"},
    [SM_NO_RESIDUAL] = {409, "conflict", "销号时没有评定剩余风险，无需确认", "No residual risk was graded at the closing"},
    [SM_ACCEPTED] = {409, "conflict", "剩余风险已经确认过", "The residual risk is accepted already"},
};

const ErrorText *safety_err_text(SafetyMsg msg)
{
    if ((int)msg < 0 || msg >= SM__COUNT || !rows[msg].code)
        return NULL;
    return &rows[msg];
}

void safety_err_reply(Req *r, const SafetyErr *e)
{
    if (e->msg == SM_LOGIN_NEEDED) {
        reply_login_needed(r);
        return;
    }
    if (e->msg == SM_FORBIDDEN) {
        reply_forbidden(r);
        return;
    }
    reply_error_text(r, safety_err_text(e->msg), e->field);
}
