/* rules.c (device): the event table and the pure decisions. */
#include "device/device.h"

#include <sodium.h>
#include <string.h>

static const DeviceRule rules[] = {
    {"bin_full", "garbage", "智能垃圾桶已满", false, 0, 0, false},
    {"door_forced", "other", "门禁被强行打开", true, 30, 480, true},
    {"water_leak", "leak", "漏水传感器报警", true, 60, 1440, true},
    {"charger_fault", "fire_safety", "电动车充电桩故障", true, 60, 1440, true},
    {"smoke", "fire_safety", "烟感报警", true, 15, 240, true},
};

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
