/* rules.c (device): the event table and the pure decisions. */
#include "device/device.h"

#include <sodium.h>
#include <string.h>

#define W DEVICE_DEDUP_WINDOW
#define M DEVICE_PER_MINUTE
static const DeviceRule rules[] = {
    {"bin_full", "garbage", "智能垃圾桶已满", false, 0, 0, false, 1, 1, DA_ORDER, W, M, 0, ""},
    {"door_forced", "other", "门禁被强行打开", true, 30, 480, true, 3, 3, DA_ORDER, W, M, 0, ""},
    {"water_leak", "leak", "漏水传感器报警", true, 60, 1440, true, 3, 3, DA_ORDER, W, M, 0, ""},
    {"charger_fault", "fire_safety", "电动车充电桩故障", true, 60, 1440, true, 3, 4, DA_ORDER, W, M, 0, ""},
    {"smoke", "fire_safety", "烟感报警", true, 15, 240, true, 4, 4, DA_ORDER, W, M, 0, ""},
};
#undef W
#undef M

static const char *const action_names[DA__COUNT] = {"order", "hazard", "facility", "ignore"};

const char *device_action_name(DeviceAction a)
{
    return (unsigned)a < DA__COUNT ? action_names[a] : "";
}

bool device_action_parse(const char *s, DeviceAction *out)
{
    for (int i = 0; s && i < DA__COUNT; i++)
        if (strcmp(s, action_names[i]) == 0) {
            *out = (DeviceAction)i;
            return true;
        }
    return false;
}

bool device_rule_valid(const DeviceRule *r, const char **field)
{
    *field = "event";
    if (!device_rule(r->code))
        return false;
    *field = "action";
    if ((unsigned)r->action >= DA__COUNT)
        return false;
    *field = "category";
    size_t n = r->category ? strlen(r->category) : 0;
    if (n > 40 || ((r->action == DA_ORDER || r->action == DA_FACILITY) && n == 0))
        return false;
    for (size_t i = 0; i < n; i++)
        if (!((r->category[i] >= 'a' && r->category[i] <= 'z') || r->category[i] == '_'))
            return false;
    *field = r->likelihood < 1 || r->likelihood > 5 ? "likelihood" : "consequence";
    if (r->action == DA_HAZARD && (r->likelihood < 1 || r->likelihood > 5 || r->consequence < 1 || r->consequence > 5))
        return false;
    *field = "dedup_window";
    if (r->dedup_window < 0 || r->dedup_window > 7 * 86400)
        return false;
    *field = "per_minute";
    if (r->per_minute < 1 || r->per_minute > 600)
        return false;
    *field = NULL;
    return true;
}

const DeviceRule *device_rule(const char *code)
{
    for (size_t i = 0; code && i < sizeof rules / sizeof rules[0]; i++)
        if (strcmp(rules[i].code, code) == 0)
            return &rules[i];
    return NULL;
}

bool device_kind_valid(const char *kind)
{
    static const char *const kinds[] = {"smart_bin", "access", "leak_sensor", "charger", "smoke_sensor"};
    for (size_t i = 0; kind && i < sizeof kinds / sizeof kinds[0]; i++)
        if (strcmp(kinds[i], kind) == 0)
            return true;
    return false;
}

bool device_is_duplicate(int64_t last_at, bool last_open, int64_t now, int64_t window)
{
    return last_at > 0 && last_open && now - last_at < window;
}

void device_token_hash(const char *token, char out[65])
{
    unsigned char h[32];
    crypto_generichash(h, sizeof h, (const unsigned char *)token, strlen(token), NULL, 0);
    sodium_bin2hex(out, 65, h, sizeof h);
}
