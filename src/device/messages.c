/* messages.c (device): THE table of the devices' errors. */
#include "device/web.h"

static const ErrorText rows[DM__COUNT] = {
    [DM_OK] = {200, "ok", "成功", "OK"},
    [DM_BAD_TOKEN] = {401, "bad_token", "设备令牌无效或已吊销", "Unknown or revoked device token"},
    [DM_UNKNOWN_EVENT] = {400, "bad_value", "未知的设备事件", "Unknown device event"},
    [DM_BAD_KIND] = {400, "bad_value", "设备类型无效", "Unknown device kind"},
    [DM_RATE_LIMITED] = {429, "rate_limited", "这个设备上报过于频繁，请稍后再试", "Too many events from this device"},
    [DM_NOT_FOUND] = {404, "not_found", "找不到这个设备", "No such device"},
    [DM_RAISE_FAILED] = {400, "bad_value", "无法为这个设备事件生成工单", "No work order could be raised for this event"},
    [DM_BAD_RULE] = {400, "bad_value", "设备规则填写有误", "The device rule is not valid"},
    [DM_NO_FACILITY] = {400, "bad_value", "这个设备没有关联设施，不能按设施故障处理",
                        "This device watches no facility"},
    [DM_BUSY] = {503, "busy", "系统繁忙，请稍后再试", "The database is busy, try again"},
};

const ErrorText *device_msg_row(DeviceMsg m)
{
    return (unsigned)m < DM__COUNT && rows[m].code ? &rows[m] : NULL;
}

void device_err_reply(Req *r, const DeviceErr *e)
{
    reply_error_text(r, device_msg_row(e->msg), e->field);
}
