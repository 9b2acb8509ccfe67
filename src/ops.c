/* ops.c: operational endpoints: health check, and the movable clock that
 * test servers (--test-clock) expose so expiry and deadlines are tested
 * without sleeping. */
#include "ops.h"

#include "auth/audit.h"
#include "auth/session.h"
#include "core/clock.h"
#include "core/config.h"
#include "http/jsonin.h"

void api_health(Req *r)
{
    resp_json(r);
    buf_printf(&r->out, "{\"ok\":true,\"schema\":%d}", db_schema_version(r->db));
}

void api_debug_clock(Req *r)
{
    if (!auth_require_or_reply(r, PERM_USER_ADMIN, NULL)) return;
    if (!g_config->test_clock) {
        reply_not_found(r);
        return;
    }
    json_t *body = req_json_object_or_reply(r);
    if (!body) return;
    static const JsonField spec[] = {
        {"shift_seconds", JF_INT, JF_REQUIRED, 0, 10LL * 366 * 86400},
        {NULL, 0, 0, 0, 0},
    };
    JsonValue v[1];
    if (!json_fields_or_reply(r, body, spec, v)) return;
    clock_shift(v[0].i);
    char after[64];
    snprintf(after, sizeof after, "{\"shift_seconds\":%lld}", (long long)v[0].i);
    if (!audit_append(r->db, r->who->user_id, "clock", 0, "shift", NULL, after)) {
        reply_error(r, 500, "internal", NULL, "记录审计日志失败", "Could not write the audit log");
        return;
    }
    resp_json(r);
    buf_printf(&r->out, "{\"now\":%lld,\"offset\":%lld}", (long long)clock_now(), (long long)clock_offset());
}
