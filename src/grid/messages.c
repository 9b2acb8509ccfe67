/* messages.c: THE table of the register's errors: each GridMsg of the
 * model (grid/grid.h) -> HTTP status, stable code and sentence, Chinese
 * and English. The API answers with a row (reply_error_text), a page shows
 * its sentence above the form it re-renders. Rows are literals, so no user
 * text ever becomes a message; tests/unit/test_grid_messages.c checks that
 * every GridMsg has one. */
#include "grid/web.h"

static const ErrorText g_grid_texts[GM__COUNT] = {
    [GM_NO_HOUSEHOLD] = {404, "not_found", "找不到这一户",
        "No such household"},
    [GM_DOOR_MISSING] = {400, "missing_field", "请填写门牌号",
        "The door number is required"},
    [GM_DOOR_TOO_LONG] = {400, "bad_value", "门牌号最多20个字",
        "The door number is at most 20 characters"},
    [GM_AREA_RANGE] = {400, "bad_value", "面积不对（单位：0.01平方米，须大于0）",
        "The area is out of range (0.01 m², above zero)"},
    [GM_HOUSING_BAD] = {400, "bad_value", "住房性质应为：自有、租住、公房或空置",
        "Housing must be owned, rented, public or vacant"},
    [GM_NOTE_TOO_LONG] = {400, "bad_value", "备注最多500个字",
        "The note is at most 500 characters"},
    [GM_NOT_A_UNIT] = {400, "bad_value", "户只能建在单元下",
        "A household belongs under a unit"},
    [GM_DOOR_TAKEN] = {409, "conflict", "这个单元的这个门牌已有一户；同一门牌的另一户请填写不同的户号",
        "This unit already has a household at this door; another household there needs its own number"},
    [GM_UNIT_DETACHED] = {400, "bad_value", "这个单元不在完整的网格树中",
        "This unit is not placed in the grid tree"},
    [GM_PII_KEY_MISSING] = {500, "pii_key", "个人信息密钥未加载，无法保存身份证号或电话",
        "The personal-data key is not loaded; ID numbers and phones cannot be stored"},
    [GM_ID_CHECK_DIGIT] = {400, "bad_value", "身份证号校验位不正确，请核对",
        "The ID number's check digit is wrong"},
    [GM_ID_FORMAT] = {400, "bad_value", "身份证号应为18位，含有效的出生日期",
        "The ID number must have 18 characters with a real birth date"},
    [GM_NO_PERSON] = {404, "not_found", "找不到这位居民",
        "No such resident"},
    [GM_NAME_MISSING] = {400, "missing_field", "请填写姓名",
        "The name is required"},
    [GM_RESIDENCY_MISSING] = {400, "missing_field", "请选择居住类型（常住或流动）",
        "Residency (permanent or floating) is required"},
    [GM_NAME_TOO_LONG] = {400, "bad_value", "姓名最多50个字",
        "The name is at most 50 characters"},
    [GM_GENDER_BAD] = {400, "bad_value", "性别应为男或女（M/F）",
        "Gender must be M or F"},
    [GM_RESIDENCY_BAD] = {400, "bad_value", "居住类型应为常住或流动",
        "Residency must be permanent or floating"},
    [GM_RELATION_TOO_LONG] = {400, "bad_value", "与户主关系最多20个字",
        "The relation is at most 20 characters"},
    [GM_BIRTH_YEAR_RANGE] = {400, "bad_value", "出生年份不对",
        "The birth year is not plausible"},
    [GM_ID_TAKEN] = {409, "conflict", "这个身份证号已登记在您可查看的另一位居民名下，请先核对",
        "This ID number is already registered for another resident you can see; check them first"},
    [GM_ENCRYPT_FAILED] = {500, "internal", "加密失败",
        "Encryption failed"},
    [GM_PHONE_BAD] = {400, "bad_value", "手机号应为以1开头的11位数字",
        "The phone must be 11 digits starting with 1"},
    [GM_TAG_UNKNOWN] = {400, "bad_value", "不认识的标签（只能用登记表里规定的标签）",
        "Unknown tag (only the register's tags are allowed)"},
    [GM_TAG_SENSITIVE_FORBIDDEN] = {403, "forbidden", "您没有权限设置敏感标签",
        "You may not set sensitive tags"},
    [GM_PII_KEY_MISMATCH] = {500, "pii_key", "无法解密：密钥与数据不匹配",
        "Cannot decrypt: the key does not match the data"},
    [GM_LOGIN_REQUIRED] = {401, "login_required", "请先登录",
        "Please sign in first"},
    [GM_REGISTER_FORBIDDEN] = {403, "forbidden", "您没有查看住户登记的权限",
        "You may not read the register"},
    [GM_OWNER_NAME_MISSING] = {400, "missing_field", "请填写产权人姓名",
        "The owner's name is required"},
    [GM_OWNER_NAME_TOO_LONG] = {400, "bad_value", "姓名最多100个字",
        "The name is at most 100 characters"},
    [GM_AREA_SOURCE_BAD] = {400, "bad_value", "面积来源应为 register（产权登记）、survey（测绘）或 contract（合同）",
        "area_source must be register, survey or contract"},
    [GM_OWNER_ID_MISSING] = {400, "missing_field", "请填写产权人身份证号（开发商未售房屋除外）",
        "The owner's ID number is required (except for a developer's unsold units)"},
    [GM_OWNER_TAKEN] = {409, "conflict", "这位产权人已登记为这套房的产权人",
        "This owner is already registered for this flat"},
    [GM_DB_CONFLICT] = {409, "conflict", "与已有记录冲突",
        "This conflicts with an existing record"},
    [GM_DB_BUSY] = {503, "busy", "系统繁忙，请稍后再试",
        "The system is busy; please try again"},
    [GM_DB_INTERNAL] = {500, "internal", "服务器内部错误",
        "Internal server error"},
    [GM_NODE_NAME_TAKEN] = {409, "conflict", "同一上级下已有同名节点",
        "A node with this name already exists here"},
    [GM_AREA_TEXT_BAD] = {400, "bad_value", "面积应为大于0的数字，最多两位小数，例如 60.25",
        "The area must be a number above zero with at most two decimals, e.g. 60.25"},
    [GM_BIRTH_YEAR_TEXT_BAD] = {400, "bad_value", "出生年份应为4位数字，例如 1956",
        "The birth year must be 4 digits, e.g. 1956"},
    [GM_SEARCH_RATE] = {429, "rate_limited", "搜索太频繁，请一分钟后再试",
        "Too many searches; try again in a minute"},
    [GM_PII_SEARCH_RATE] = {429, "rate_limited", "今天按完整电话号码或身份证号搜索的次数已用完，请明天再试",
        "Today's searches by a whole phone or ID number are used up; try again tomorrow"},
    [GM_ID_CHECK_RATE] = {429, "rate_limited", "一小时内录入的身份证号过多，请稍后再试",
        "Too many ID numbers entered within an hour; try again later"},
    [GM_AREA_CONFLICT] = {409, "conflict", "这套房已登记了不同的面积：一套房只有一个面积，请先核对并修改房屋的面积",
        "This flat already has a different area: a flat has one area; check and change the flat's area first"},
    [GM_SHARE_RANGE] = {400, "bad_value", "份额应为 1 到 10000 之间的万分比（不填表示共同共有）",
        "share_bp must be 1 to 10000 basis points (leave it out for joint ownership)"},
    [GM_NUMBER_TOO_LONG] = {400, "bad_value", "户号最多20个字",
        "The household number is at most 20 characters"},
    [GM_DEVELOPER_ID] = {400, "bad_value", "开发商按名称登记（每个院落一个），不填身份证号",
        "A developer is registered by name (one per compound), without an ID number"},
    [GM_KIND_NOT_CHILD] = {400, "bad_value", "节点类型不对：只能在上一级下面新建下一级（街道>社区>网格>微网格>院落>楼栋>单元；户请用登记接口）",
        "Wrong kind: a node must be exactly one level below its parent "
        "(street>community>grid>micro_grid>compound>building>unit; households via /api/households)"},
    [GM_NODE_IS_HOUSEHOLD] = {400, "bad_value", "户的门牌请通过住户登记修改（/api/households）",
        "Change a household's door through /api/households"},
    [GM_BAD_CURSOR] = {400, "bad_param", "after 应为这份列表中的一个编号（上一页的 next）",
        "after must be an id of this list (the previous page's next)"},
};

const ErrorText *grid_msg_text(GridMsg m)
{
    if ((unsigned)m >= GM__COUNT || !g_grid_texts[m].code)
        return NULL;
    return &g_grid_texts[m];
}

void grid_err_reply(Req *r, const GridErr *e)
{
    reply_error_text(r, grid_msg_text(e->msg), e->field);
}

int grid_err_status(const GridErr *e)
{
    const ErrorText *t = grid_msg_text(e->msg);
    return t ? t->status : 500;
}

const char *grid_err_text(const Req *r, const GridErr *e)
{
    const ErrorText *t = grid_msg_text(e->msg);
    if (!t)
        return L(r, "请求出错", "The request failed");
    return L(r, t->zh, t->en);
}
