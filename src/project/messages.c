/* messages.c: THE table of the projects' errors: each ProjectMsg to its HTTP
 * status, stable code and sentence (Chinese, English);
 * tests/unit/test_project_messages.c checks every ProjectMsg has its row. */
#include "project/web_int.h"

static const ErrorText rows[PM__COUNT] = {
    [PM_BUSY] = {503, "busy", "系统繁忙，请稍后再试", "The database is busy, try again"},
    [PM_INTERNAL] = {500, "internal", "系统错误", "Internal error"},
    [PM_LOGIN_NEEDED] = {401, "login_required", "请先登录", "Please sign in first"},
    [PM_FORBIDDEN] = {403, "forbidden", "您没有权限进行这个操作", "You are not allowed to do this"},
    [PM_NO_PROJECT] = {404, "not_found", "找不到这个改造项目", "No such project"},
    [PM_NO_ITEM] = {404, "not_found", "这个项目没有这个改造内容", "No such item in this project"},
    [PM_NO_COMPOUND] = {400, "bad_value", "院落编号无效：须是院落，且不能重复", "A compound id is not a compound, or repeats"},
    [PM_TOO_MANY_COMPOUNDS] = {400, "bad_value", "一个项目最多包含20个院落", "At most 20 compounds per project"},
    [PM_BAD_TIER] = {400, "bad_value", "改造类别只能是基础类、完善类或提升类（basic/improvement/upgrade）", "The tier is basic, improvement or upgrade"},
    [PM_BAD_KIND] = {400, "bad_value", "改造内容类型无效", "Unknown item kind"},
    [PM_KIND_NOT_IN_TIER] = {400, "bad_value", "这类改造内容不属于所选类别", "This kind of work belongs to another tier"},
    [PM_BAD_BUDGET] = {400, "bad_value", "预算金额无效（不能为负，不能超过1000亿元）", "The budget is negative or too large"},
    [PM_BAD_DATES] = {400, "bad_value", "计划完工日期不能早于开工日期", "The planned end is before the planned start"},
    [PM_NO_CONTRACTOR] = {400, "bad_value", "施工单位须是登记的施工单位组织", "The contractor must be a registered contractor organisation"},
    [PM_NO_VOTE] = {404, "not_found", "找不到这个表决", "No such vote"},
    [PM_VOTE_REQUIRED] = {409, "vote_required", "动用维修资金的改造内容须经业主表决通过后才能开工（民法典第278条）", "An item spending the maintenance fund needs a passed owners' vote before it starts"},
    [PM_VOTE_NOT_PASSED] = {409, "vote_not_passed", "关联的表决未通过或不适用于本院落", "The linked vote has not passed or does not cover this compound"},
    [PM_NOT_PLANNED] = {409, "not_planned", "这个改造内容已经开工", "This item has started already"},
    [PM_NO_USER] = {400, "bad_value", "居民代表须是系统用户，且不能重复", "A representative must be a user, named once"},
    [PM_TOO_MANY_REPS] = {400, "bad_value", "每个改造内容最多20名居民代表", "At most 20 representatives per item"},
    [PM_NOT_STARTED] = {409, "not_started", "改造内容开工后才能巡查", "Inspections are of items under way"},
    [PM_BAD_INSPECTION_KIND] = {400, "bad_value", "巡查类型只能是双周巡查或关键节点（fortnightly/milestone）", "The kind is fortnightly or milestone"},
    [PM_MILESTONE_REQUIRED] = {400, "missing_field", "关键节点巡查须写明节点名称", "A milestone inspection names its milestone"},
    [PM_CHECKLIST_INCOMPLETE] = {400, "checklist_incomplete", "检查表须逐项填写合格或不合格，且只能填写本类改造的检查项", "Every check of the list must be passed or failed, and only those"},
    [PM_NO_DEFECT] = {404, "not_found", "找不到这个整改项", "No such defect"},
    [PM_DEFECT_NOT_OPEN] = {409, "defect_not_open", "这个整改项不在待整改状态", "This defect is not open"},
    [PM_DEFECT_NOT_FIXED] = {409, "defect_not_fixed", "施工单位报告整改完成后才能复查", "A defect is re-inspected after it is reported fixed"},
    [PM_BAD_SIGNOFF_KIND] = {400, "bad_value", "签认类型只能是隐蔽工程验收或材料进场检查（hidden_work/material）", "The kind is hidden_work or material"},
    [PM_NO_SIGNOFF] = {404, "not_found", "找不到这个签认", "No such sign-off"},
    [PM_NOT_REP] = {403, "not_representative", "只有这个改造内容指定的居民代表可以签字", "Only the representatives named for this item sign"},
    [PM_ALREADY_SIGNED] = {409, "already_signed", "您已经签过字", "You have signed already"},
    [PM_NO_REPS] = {409, "no_representatives", "这个改造内容还没有指定居民代表", "This item has no named representatives"},
    [PM_BAD_STAGE] = {400, "bad_value", "验收阶段只能是自检、初验或竣工验收（self/initial/final）", "The stage is self, initial or final"},
    [PM_STAGE_DONE] = {409, "stage_done", "这个验收阶段已经有记录", "This stage has its record already"},
    [PM_PREVIOUS_STAGE] = {409, "previous_stage_missing", "上一个验收阶段还没有完成", "The stage before has no record yet"},
    [PM_OPEN_DEFECTS] = {409, "open_defects", "还有未整改完成的问题，不能竣工验收", "A defect is still open: final acceptance is refused"},
    [PM_SIGNER_MISSING] = {409, "signatory_missing", "缺少必需的验收签字方", "A required signatory is missing"},
    [PM_BAD_SIGNER_ROLE] = {400, "bad_value", "签字方身份无效、重复或没有姓名", "A signatory role is unknown, repeated or unnamed"},
    [PM_CONCERN_REFUSED] = {400, "bad_value", "问题类别或内容无效", "The category or description is not valid"},
    [PM_BAD_REPORT_KIND] = {400, "bad_value", "检测报告类别只能是结构、管道、消防、材料或其他（structure/pipes/fire/materials/other）",
                            "The kind is structure, pipes, fire, materials or other"},
    [PM_FILE_TOO_LARGE] = {413, "too_large", "文件太大", "The file is too large"},
    [PM_BAD_FILE_TYPE] = {415, "unsupported_media_type", "检测报告只能是 PDF、JPEG 或 PNG", "A report must be a PDF, JPEG or PNG file"},
    [PM_TOO_MANY_FILES] = {400, "too_many_files", "每个签认最多20份检测报告", "At most 20 reports per sign-off"},
    [PM_FILE_NOT_STORED] = {500, "internal", "文件保存失败，没有保存任何内容", "Could not store the file; nothing was saved"},
    [PM_NO_REPORT] = {404, "not_found", "找不到这份检测报告", "No such report"},
    [PM_FILE_MISSING] = {404, "not_found", "文件已不在存储中", "The file is missing from storage"},
    [PM_NO_FACILITY] = {404, "not_found", "找不到这个设施", "No such facility"},
    [PM_BAD_FACILITY_TYPE] = {400, "bad_value", "设施类型无效", "Unknown facility type"},
    [PM_NO_MAINTAINER] = {400, "bad_value", "设施须有登记的管护单位", "A facility needs a registered organisation that maintains it"},
    [PM_BAD_ARCHIVE_KIND] = {400, "bad_value", "归档资料类别无效（drawings/construction_records/test_reports/accounts/facility_list/maintenance_manuals）", "Unknown archive document kind"},
    [PM_ARCHIVE_INCOMPLETE] = {409, "archive_incomplete", "归档资料不齐全，不能导出或移交：竣工图纸、施工记录、检测报告、结算账目、设施清单、维护手册须各有至少一份", "The archive checklist is incomplete"},
    [PM_TOO_MANY_DOCS] = {409, "too_many", "归档资料已达上限（300份）", "The archive holds at most 300 documents"},
    [PM_NO_ARCHIVE_DOC] = {404, "not_found", "找不到这份归档资料", "No such archive document"},
    [PM_NO_HANDOVER] = {404, "not_found", "找不到这次移交记录", "No such handover"},
    [PM_ZIP_FAILED] = {500, "internal", "归档压缩包生成失败", "The archive ZIP could not be built"},
    [PM_NO_PARTNER] = {404, "not_found", "找不到这个合作方", "No such partner"},
    [PM_CREDENTIALS_REQUIRED] = {400, "missing_field", "合作方须提供资质证明", "A partner needs its credentials"},
    [PM_REFERENCES_REQUIRED] = {400, "missing_field", "合作方须提供业绩证明或推荐人", "A partner needs references"},
    [PM_BAD_INCOME_LINE] = {400, "bad_value", "收益类别只能是停车、充电、广告或服务费（parking/charging/advertising/service_fees）", "The income line is parking, charging, advertising or service_fees"},
    [PM_ALREADY_DECIDED] = {409, "already_decided", "已经作出决定，不能重复决定", "Decided already"},
    [PM_PARTNER_NOT_APPROVED] = {409, "not_approved", "合作方须经院委会审议通过后才能签约", "The committee has not approved this partner"},
    [PM_PARTNER_NOT_CONTRACTED] = {409, "not_contracted", "合作方签约后才能登记收益和履约", "The partner has no contract yet"},
    [PM_NO_OBLIGATION] = {404, "not_found", "找不到这项合作义务", "No such obligation"},
    [PM_OBLIGATION_MET] = {409, "already_met", "这项义务已经履行", "This obligation is met already"},
    [PM_BAD_AMOUNT] = {400, "bad_value", "金额须大于零且不超过1000亿元", "The amount must be positive and not too large"},
    [PM_NO_FUND] = {409, "no_fund", "这个院落还没有改造资金账户", "The compound has no renovation fund"},
    [PM_INCOME_REFUSED] = {400, "bad_value", "资金账户拒绝了这笔收入", "The fund refused this income"},
    [PM_NO_GRANT] = {404, "not_found", "找不到这项自治金申请", "No such grant"},
    [PM_GRANT_NOT_APPROVED] = {409, "not_approved", "自治金申请批准后才能登记支出", "The grant is not approved"},
    [PM_OVER_GRANT] = {409, "over_budget", "支出合计不能超过批准的自治金预算", "Spending beyond the granted budget"},
    [PM_OWN_APPLICATION] = {409, "own_application", "申请人不能审批自己的申请", "Nobody decides their own application"},
    [PM_BAD_SCHEDULE] = {400, "bad_value", "养护周期须为1至3660天，并注明首次养护日期", "The maintenance interval is 1..3660 days with a first date"},
};

const ErrorText *project_err_text(ProjectMsg msg)
{
    if ((int)msg < 0 || msg >= PM__COUNT || !rows[msg].code)
        return NULL;
    return &rows[msg];
}

int project_err_status(ProjectMsg msg)
{
    const ErrorText *t = project_err_text(msg);
    return t ? t->status : 500;
}

void project_err_reply(Req *r, const ProjectErr *e)
{
    if (e->msg == PM_LOGIN_NEEDED) {
        reply_login_needed(r);
        return;
    }
    if (e->msg == PM_FORBIDDEN) {
        reply_forbidden(r);
        return;
    }
    reply_error_text(r, project_err_text(e->msg), e->field);
}
