/* messages.c: the sentences of the register's errors, Chinese and English.
 * Each appears twice, as the literals of a reply_error call (checked by
 * tools/fmtcheck) and as the text a page shows above a form; keep the two
 * switches in step. */
#include "grid/register.h"

void grid_err_reply(Req *r, const GridErr *e)
{
    int s = e->status;
    const char *c = e->code, *f = e->field;
    switch (e->msg) {
    case GM_NO_HOUSEHOLD:
        reply_error(r, s, c, f, "找不到这一户",
                    "No such household");
        return;
    case GM_DOOR_MISSING:
        reply_error(r, s, c, f, "请填写门牌号",
                    "The door number is required");
        return;
    case GM_DOOR_TOO_LONG:
        reply_error(r, s, c, f, "门牌号最多20个字",
                    "The door number is at most 20 characters");
        return;
    case GM_AREA_RANGE:
        reply_error(r, s, c, f, "面积不对（单位：0.01平方米，须大于0）",
                    "The area is out of range (0.01 m², above zero)");
        return;
    case GM_HOUSING_BAD:
        reply_error(r, s, c, f, "住房性质应为：自有、租住、公房或空置",
                    "Housing must be owned, rented, public or vacant");
        return;
    case GM_NOTE_TOO_LONG:
        reply_error(r, s, c, f, "备注最多500个字",
                    "The note is at most 500 characters");
        return;
    case GM_NOT_A_UNIT:
        reply_error(r, s, c, f, "户只能建在单元下",
                    "A household belongs under a unit");
        return;
    case GM_DOOR_TAKEN:
        reply_error(r, s, c, f, "这个单元的这个门牌已有一户；同一门牌的另一户请填写不同的户号",
                    "This unit already has a household at this door; another household there needs its own number");
        return;
    case GM_UNIT_DETACHED:
        reply_error(r, s, c, f, "这个单元不在完整的网格树中",
                    "This unit is not placed in the grid tree");
        return;
    case GM_PII_KEY_MISSING:
        reply_error(r, s, c, f, "个人信息密钥未加载，无法保存身份证号或电话",
                    "The personal-data key is not loaded; ID numbers and phones cannot be stored");
        return;
    case GM_ID_CHECK_DIGIT:
        reply_error(r, s, c, f, "身份证号校验位不正确，请核对",
                    "The ID number's check digit is wrong");
        return;
    case GM_ID_FORMAT:
        reply_error(r, s, c, f, "身份证号应为18位，含有效的出生日期",
                    "The ID number must have 18 characters with a real birth date");
        return;
    case GM_NO_PERSON:
        reply_error(r, s, c, f, "找不到这位居民",
                    "No such resident");
        return;
    case GM_NAME_MISSING:
        reply_error(r, s, c, f, "请填写姓名",
                    "The name is required");
        return;
    case GM_RESIDENCY_MISSING:
        reply_error(r, s, c, f, "请选择居住类型（常住或流动）",
                    "Residency (permanent or floating) is required");
        return;
    case GM_NAME_TOO_LONG:
        reply_error(r, s, c, f, "姓名最多50个字",
                    "The name is at most 50 characters");
        return;
    case GM_GENDER_BAD:
        reply_error(r, s, c, f, "性别应为男或女（M/F）",
                    "Gender must be M or F");
        return;
    case GM_RESIDENCY_BAD:
        reply_error(r, s, c, f, "居住类型应为常住或流动",
                    "Residency must be permanent or floating");
        return;
    case GM_RELATION_TOO_LONG:
        reply_error(r, s, c, f, "与户主关系最多20个字",
                    "The relation is at most 20 characters");
        return;
    case GM_BIRTH_YEAR_RANGE:
        reply_error(r, s, c, f, "出生年份不对",
                    "The birth year is not plausible");
        return;
    case GM_ID_TAKEN:
        reply_error(r, s, c, f, "这个身份证号已登记在您可查看的另一位居民名下，请先核对",
                    "This ID number is already registered for another resident you can see; check them first");
        return;
    case GM_ENCRYPT_FAILED:
        reply_error(r, s, c, f, "加密失败",
                    "Encryption failed");
        return;
    case GM_PHONE_BAD:
        reply_error(r, s, c, f, "手机号应为以1开头的11位数字",
                    "The phone must be 11 digits starting with 1");
        return;
    case GM_TAG_UNKNOWN:
        reply_error(r, s, c, f, "不认识的标签（只能用登记表里规定的标签）",
                    "Unknown tag (only the register's tags are allowed)");
        return;
    case GM_TAG_SENSITIVE_FORBIDDEN:
        reply_error(r, s, c, f, "您没有权限设置敏感标签",
                    "You may not set sensitive tags");
        return;
    case GM_PII_KEY_MISMATCH:
        reply_error(r, s, c, f, "无法解密：密钥与数据不匹配",
                    "Cannot decrypt: the key does not match the data");
        return;
    case GM_LOGIN_REQUIRED:
        reply_error(r, s, c, f, "请先登录",
                    "Please sign in first");
        return;
    case GM_REGISTER_FORBIDDEN:
        reply_error(r, s, c, f, "您没有查看住户登记的权限",
                    "You may not read the register");
        return;
    case GM_OWNER_NAME_MISSING:
        reply_error(r, s, c, f, "请填写产权人姓名",
                    "The owner's name is required");
        return;
    case GM_OWNER_NAME_TOO_LONG:
        reply_error(r, s, c, f, "姓名最多100个字",
                    "The name is at most 100 characters");
        return;
    case GM_AREA_SOURCE_BAD:
        reply_error(r, s, c, f, "面积来源应为 register（产权登记）、survey（测绘）或 contract（合同）",
                    "area_source must be register, survey or contract");
        return;
    case GM_OWNER_ID_MISSING:
        reply_error(r, s, c, f, "请填写产权人身份证号（开发商未售房屋除外）",
                    "The owner's ID number is required (except for a developer's unsold units)");
        return;
    case GM_OWNER_TAKEN:
        reply_error(r, s, c, f, "这位产权人已登记为这套房的产权人",
                    "This owner is already registered for this flat");
        return;
    case GM_DB_CONFLICT:
        reply_error(r, s, c, f, "与已有记录冲突",
                    "This conflicts with an existing record");
        return;
    case GM_DB_BUSY:
        reply_error(r, s, c, f, "系统繁忙，请稍后再试",
                    "The system is busy; please try again");
        return;
    case GM_DB_INTERNAL:
        reply_error(r, s, c, f, "服务器内部错误",
                    "Internal server error");
        return;
    case GM_NODE_NAME_TAKEN:
        reply_error(r, s, c, f, "同一上级下已有同名节点",
                    "A node with this name already exists here");
        return;
    case GM_AREA_TEXT_BAD:
        reply_error(r, s, c, f, "面积应为大于0的数字，最多两位小数，例如 60.25",
                    "The area must be a number above zero with at most two decimals, e.g. 60.25");
        return;
    case GM_BIRTH_YEAR_TEXT_BAD:
        reply_error(r, s, c, f, "出生年份应为4位数字，例如 1956",
                    "The birth year must be 4 digits, e.g. 1956");
        return;
    case GM_SEARCH_RATE:
        reply_error(r, s, c, f, "搜索太频繁，请一分钟后再试",
                    "Too many searches; try again in a minute");
        return;
    case GM_PII_SEARCH_RATE:
        reply_error(r, s, c, f, "今天按完整电话号码或身份证号搜索的次数已用完，请明天再试",
                    "Today's searches by a whole phone or ID number are used up; try again tomorrow");
        return;
    case GM_ID_CHECK_RATE:
        reply_error(r, s, c, f, "一小时内录入的身份证号过多，请稍后再试",
                    "Too many ID numbers entered within an hour; try again later");
        return;
    case GM_AREA_CONFLICT:
        reply_error(r, s, c, f, "这套房已登记了不同的面积：一套房只有一个面积，请先核对并修改房屋的面积",
                    "This flat already has a different area: a flat has one area; check and change the flat's area first");
        return;
    case GM_SHARE_RANGE:
        reply_error(r, s, c, f, "份额应为 1 到 10000 之间的万分比（不填表示共同共有）",
                    "share_bp must be 1 to 10000 basis points (leave it out for joint ownership)");
        return;
    case GM_NUMBER_TOO_LONG:
        reply_error(r, s, c, f, "户号最多20个字",
                    "The household number is at most 20 characters");
        return;
    case GM_DEVELOPER_ID:
        reply_error(r, s, c, f, "开发商按名称登记（每个院落一个），不填身份证号",
                    "A developer is registered by name (one per compound), without an ID number");
        return;
    }
    reply_error(r, s, c, f, "请求出错", "The request failed");
}

const char *grid_err_text(const Req *r, const GridErr *e)
{
    switch (e->msg) {
    case GM_NO_HOUSEHOLD:
        return L(r, "找不到这一户",
                 "No such household");
    case GM_DOOR_MISSING:
        return L(r, "请填写门牌号",
                 "The door number is required");
    case GM_DOOR_TOO_LONG:
        return L(r, "门牌号最多20个字",
                 "The door number is at most 20 characters");
    case GM_AREA_RANGE:
        return L(r, "面积不对（单位：0.01平方米，须大于0）",
                 "The area is out of range (0.01 m², above zero)");
    case GM_HOUSING_BAD:
        return L(r, "住房性质应为：自有、租住、公房或空置",
                 "Housing must be owned, rented, public or vacant");
    case GM_NOTE_TOO_LONG:
        return L(r, "备注最多500个字",
                 "The note is at most 500 characters");
    case GM_NOT_A_UNIT:
        return L(r, "户只能建在单元下",
                 "A household belongs under a unit");
    case GM_DOOR_TAKEN:
        return L(r, "这个单元的这个门牌已有一户；同一门牌的另一户请填写不同的户号",
                 "This unit already has a household at this door; another household there needs its own number");
    case GM_UNIT_DETACHED:
        return L(r, "这个单元不在完整的网格树中",
                 "This unit is not placed in the grid tree");
    case GM_PII_KEY_MISSING:
        return L(r, "个人信息密钥未加载，无法保存身份证号或电话",
                 "The personal-data key is not loaded; ID numbers and phones cannot be stored");
    case GM_ID_CHECK_DIGIT:
        return L(r, "身份证号校验位不正确，请核对",
                 "The ID number's check digit is wrong");
    case GM_ID_FORMAT:
        return L(r, "身份证号应为18位，含有效的出生日期",
                 "The ID number must have 18 characters with a real birth date");
    case GM_NO_PERSON:
        return L(r, "找不到这位居民",
                 "No such resident");
    case GM_NAME_MISSING:
        return L(r, "请填写姓名",
                 "The name is required");
    case GM_RESIDENCY_MISSING:
        return L(r, "请选择居住类型（常住或流动）",
                 "Residency (permanent or floating) is required");
    case GM_NAME_TOO_LONG:
        return L(r, "姓名最多50个字",
                 "The name is at most 50 characters");
    case GM_GENDER_BAD:
        return L(r, "性别应为男或女（M/F）",
                 "Gender must be M or F");
    case GM_RESIDENCY_BAD:
        return L(r, "居住类型应为常住或流动",
                 "Residency must be permanent or floating");
    case GM_RELATION_TOO_LONG:
        return L(r, "与户主关系最多20个字",
                 "The relation is at most 20 characters");
    case GM_BIRTH_YEAR_RANGE:
        return L(r, "出生年份不对",
                 "The birth year is not plausible");
    case GM_ID_TAKEN:
        return L(r, "这个身份证号已登记在您可查看的另一位居民名下，请先核对",
                 "This ID number is already registered for another resident you can see; check them first");
    case GM_ENCRYPT_FAILED:
        return L(r, "加密失败",
                 "Encryption failed");
    case GM_PHONE_BAD:
        return L(r, "手机号应为以1开头的11位数字",
                 "The phone must be 11 digits starting with 1");
    case GM_TAG_UNKNOWN:
        return L(r, "不认识的标签（只能用登记表里规定的标签）",
                 "Unknown tag (only the register's tags are allowed)");
    case GM_TAG_SENSITIVE_FORBIDDEN:
        return L(r, "您没有权限设置敏感标签",
                 "You may not set sensitive tags");
    case GM_PII_KEY_MISMATCH:
        return L(r, "无法解密：密钥与数据不匹配",
                 "Cannot decrypt: the key does not match the data");
    case GM_LOGIN_REQUIRED:
        return L(r, "请先登录",
                 "Please sign in first");
    case GM_REGISTER_FORBIDDEN:
        return L(r, "您没有查看住户登记的权限",
                 "You may not read the register");
    case GM_OWNER_NAME_MISSING:
        return L(r, "请填写产权人姓名",
                 "The owner's name is required");
    case GM_OWNER_NAME_TOO_LONG:
        return L(r, "姓名最多100个字",
                 "The name is at most 100 characters");
    case GM_AREA_SOURCE_BAD:
        return L(r, "面积来源应为 register（产权登记）、survey（测绘）或 contract（合同）",
                 "area_source must be register, survey or contract");
    case GM_OWNER_ID_MISSING:
        return L(r, "请填写产权人身份证号（开发商未售房屋除外）",
                 "The owner's ID number is required (except for a developer's unsold units)");
    case GM_OWNER_TAKEN:
        return L(r, "这位产权人已登记为这套房的产权人",
                 "This owner is already registered for this flat");
    case GM_DB_CONFLICT:
        return L(r, "与已有记录冲突",
                 "This conflicts with an existing record");
    case GM_DB_BUSY:
        return L(r, "系统繁忙，请稍后再试",
                 "The system is busy; please try again");
    case GM_DB_INTERNAL:
        return L(r, "服务器内部错误",
                 "Internal server error");
    case GM_NODE_NAME_TAKEN:
        return L(r, "同一上级下已有同名节点",
                 "A node with this name already exists here");
    case GM_AREA_TEXT_BAD:
        return L(r, "面积应为大于0的数字，最多两位小数，例如 60.25",
                 "The area must be a number above zero with at most two decimals, e.g. 60.25");
    case GM_BIRTH_YEAR_TEXT_BAD:
        return L(r, "出生年份应为4位数字，例如 1956",
                 "The birth year must be 4 digits, e.g. 1956");
    case GM_SEARCH_RATE:
        return L(r, "搜索太频繁，请一分钟后再试",
                 "Too many searches; try again in a minute");
    case GM_PII_SEARCH_RATE:
        return L(r, "今天按完整电话号码或身份证号搜索的次数已用完，请明天再试",
                 "Today's searches by a whole phone or ID number are used up; try again tomorrow");
    case GM_ID_CHECK_RATE:
        return L(r, "一小时内录入的身份证号过多，请稍后再试",
                 "Too many ID numbers entered within an hour; try again later");
    case GM_AREA_CONFLICT:
        return L(r, "这套房已登记了不同的面积：一套房只有一个面积，请先核对并修改房屋的面积",
                 "This flat already has a different area: a flat has one area; check and change the flat's area first");
    case GM_SHARE_RANGE:
        return L(r, "份额应为 1 到 10000 之间的万分比（不填表示共同共有）",
                 "share_bp must be 1 to 10000 basis points (leave it out for joint ownership)");
    case GM_NUMBER_TOO_LONG:
        return L(r, "户号最多20个字",
                 "The household number is at most 20 characters");
    case GM_DEVELOPER_ID:
        return L(r, "开发商按名称登记（每个院落一个），不填身份证号",
                 "A developer is registered by name (one per compound), without an ID number");
    }
    return L(r, "请求出错", "The request failed");
}
