/* pages.c (device): the device list, phone-first, through the same model
 * as GET /api/devices: each device with its last contact, whether it went
 * silent (and the hazard raised for it), revoked ones marked. */
#include <string.h>

#include "core/clock.h"
#include "device/web.h"
#include "site/page.h"
#include "site/site.h"

enum { PAGE_MAX = 50 };

static const char *kind_zh(const char *k)
{
    static const char *const map[][2] = {{"smart_bin", "智能垃圾桶"},  {"access", "门禁"},
                                         {"leak_sensor", "漏水传感器"}, {"charger", "充电桩"},
                                         {"smoke_sensor", "烟感"}};
    for (size_t i = 0; i < sizeof map / sizeof map[0]; i++)
        if (strcmp(map[i][0], k) == 0)
            return map[i][1];
    return k;
}

void page_devices(Req *r)
{
    int64_t after;
    if (!req_query_int_or_reply(r, "after", 0, 0, INT64_MAX, &after))
        return;
    Ctx c = site_ctx(r);
    Device *ds = arena_alloc(r->arena, sizeof *ds * (PAGE_MAX + 1));
    int n = device_list(&c, after, ds, PAGE_MAX + 1);
    if (n < 0) {
        reply_storage_error(r);
        return;
    }
    page_begin(r, L(r, "智能设备", "Devices"));
    Buf *b = &r->out;
    buf_printf(b, "<h1>%s</h1>\n<p>%s</p>\n<ul class=\"cards devices\">\n", L(r, "智能设备", "Devices"),
               L(r, "设备最后一次上报的时间；超时未上报的设备会自动登记为隐患。",
                 "Last contact of each device; a silent one is recorded as a hazard."));
    int shown = 0;
    for (int i = 0; i < n && i < PAGE_MAX; i++) {
        const Device *d = &ds[i];
        if (!perm_allows(c.who, PERM_DEVICE_ADMIN, d->node_path))
            continue;
        shown++;
        int64_t since = d->last_seen_at ? d->last_seen_at : d->created_at;
        bool silent = !d->revoked_at && c.now - since > d->silent_after;
        char seen[20] = "";
        if (d->last_seen_at) {
            clock_format_local(d->last_seen_at, seen);
            seen[16] = '\0';
        }
        buf_printf(b, "<li class=\"device%s\"><strong>%h</strong> <span class=\"badge\">%h</span>",
                   silent ? " silent" : "", d->name, kind_zh(d->kind));
        if (d->revoked_at)
            buf_printf(b, " <span class=\"muted\">%s</span>", L(r, "令牌已吊销", "revoked"));
        else if (silent)
            buf_printf(b, " <strong>%s</strong>", L(r, "失联", "silent"));
        else
            buf_printf(b, " <span>%s</span>", L(r, "正常", "online"));
        buf_printf(b, "<br><small>%s%s</small>", L(r, "最后上报：", "Last contact: "),
                   *seen ? seen : L(r, "从未上报", "never"));
        if (d->silent_hazard_id)
            buf_printf(b, "<br><a href=\"/hazards/%lld\">%s</a>", (long long)d->silent_hazard_id,
                       L(r, "查看失联隐患", "The hazard"));
        buf_puts(b, "</li>\n");
    }
    if (!shown)
        buf_printf(b, "<li>%s</li>\n", L(r, "您的范围内没有设备", "No device in your scope"));
    buf_puts(b, "</ul>\n");
    if (n > PAGE_MAX)
        buf_printf(b, "<p><a href=\"/devices?after=%lld\">%s</a></p>\n", (long long)ds[PAGE_MAX - 1].id,
                   L(r, "更多", "More"));
    buf_printf(b, "<p><a href=\"/api/devices\">%s</a></p>\n", L(r, "数据接口（机读格式）", "JSON"));
    page_end(r);
}
