/* config.c: the configuration of work orders, shared by the JSON API and the
 * configuration pages: SLA policies per community (and category, and class),
 * working calendars with holidays and make-up working days, the escalation
 * ladder and the community switches. Each function validates its input the
 * same way whichever door it came through, writes, audits, and answers its
 * own errors (reply_error) so the caller just returns. */
#include "workorder/wo_int.h"

#include <stdlib.h>
#include <string.h>

#include "auth/audit.h"
#include "site/site.h"
#include "core/clock.h"
#include "grid/grid.h"

#define MINUTES_MAX 525600 /* a year */

/* The community the change applies to, with PERM_WO_CONFIG on it. */
static bool community_or_reply(Req *r, int64_t id, NodeInfo *c)
{
    if (!grid_node_ref_or_reply(r, id, PERM_WO_CONFIG, "community_id", c))
        return false;
    if (c->kind != NODE_COMMUNITY)
        FAIL(400, "bad_value", "community_id", "这个编号不是社区", "This id is not a community");
    return true;
}

static bool minutes_ok(Req *r, int64_t v, bool optional, const char *field)
{
    if (optional && v == 0)
        return true;
    if (v < 1 || v > MINUTES_MAX)
        FAIL(400, "bad_value", field, "时限应为 1 到 525600 分钟之间的整数",
             "Minutes must be a whole number from 1 to 525600");
    return true;
}

bool wo_cfg_sla_set(Req *r, const WoSlaIn *in, int64_t *id_out)
{
    NodeInfo c;
    if (!community_or_reply(r, in->community_id, &c))
        return false;
    if (!wo_class_valid(in->cls))
        FAIL(400, "bad_value", "class", "类别应为 routine、emergency 或 complex",
             "class must be routine, emergency or complex");
    if (!minutes_ok(r, in->response, false, "response_minutes") || !minutes_ok(r, in->onsite, true, "onsite_minutes") ||
        !minutes_ok(r, in->resolve, false, "resolve_minutes") || !minutes_ok(r, in->meeting, true, "meeting_minutes") ||
        !minutes_ok(r, in->confirm, true, "confirm_minutes"))
        return false;
    int64_t cat = 0;
    if (in->category && !db_int(r->db, &cat, "SELECT id FROM wo_category WHERE code = ?", DB_T(in->category)))
        FAIL(400, "unknown_category", "category", "没有这个问题类别", "Unknown category");
    int64_t exists = 0;
    if (in->calendar_id && !db_int(r->db, &exists, "SELECT id FROM wo_calendar WHERE id = ?", DB_I(in->calendar_id)))
        FAIL(400, "bad_value", "calendar_id", "没有这个工作日历", "No such calendar");
    int64_t id = 0;
    if (cat)
        db_int(r->db, &id, "SELECT id FROM wo_sla_policy WHERE community_id = ? AND category_id = ? AND class = ?",
               DB_I(c.id), DB_I(cat), DB_T(in->cls));
    else
        db_int(r->db, &id, "SELECT id FROM wo_sla_policy WHERE community_id = ? AND category_id IS NULL AND class = ?",
               DB_I(c.id), DB_T(in->cls));
    int64_t now = clock_now();
    DbArg cat_arg = cat ? DB_I(cat) : DB_NULL;
    DbArg on = in->onsite ? DB_I(in->onsite) : DB_NULL, mt = in->meeting ? DB_I(in->meeting) : DB_NULL;
    DbArg cal_arg = in->calendar_id ? DB_I(in->calendar_id) : DB_NULL;
    int64_t confirm = in->confirm ? in->confirm : 10080;
    char *before = NULL;
    bool ok;
    if (id) {
        DbStmt *st = db_query(r->db,
                              "SELECT response_minutes, COALESCE(onsite_minutes, 0), resolve_minutes, "
                              "COALESCE(meeting_minutes, 0), confirm_minutes, COALESCE(calendar_id, 0) "
                              "FROM wo_sla_policy WHERE id = ?",
                              DB_I(id));
        if (db_step(st) == DB_ROW)
            before = arena_printf(r->arena,
                                  "{\"response_minutes\":%lld,\"onsite_minutes\":%lld,\"resolve_minutes\":%lld,"
                                  "\"meeting_minutes\":%lld,\"confirm_minutes\":%lld,\"calendar_id\":%lld}",
                                  (long long)db_col_int(st, 0), (long long)db_col_int(st, 1),
                                  (long long)db_col_int(st, 2), (long long)db_col_int(st, 3),
                                  (long long)db_col_int(st, 4), (long long)db_col_int(st, 5));
        if (!db_done(st))
            FAIL_DB();
        ok = db_exec(r->db,
                     "UPDATE wo_sla_policy SET response_minutes = ?, onsite_minutes = ?, resolve_minutes = ?, "
                     "meeting_minutes = ?, confirm_minutes = ?, calendar_id = ?, updated_at = ? WHERE id = ?",
                     DB_I(in->response), on, DB_I(in->resolve), mt, DB_I(confirm), cal_arg, DB_I(now), DB_I(id));
    } else {
        DbStmt *st = db_query(r->db,
                              "INSERT INTO wo_sla_policy (community_id, category_id, class, response_minutes, "
                              "onsite_minutes, resolve_minutes, meeting_minutes, confirm_minutes, calendar_id, "
                              "updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                              DB_I(c.id), cat_arg, DB_T(in->cls), DB_I(in->response), on, DB_I(in->resolve), mt,
                              DB_I(confirm), cal_arg, DB_I(now));
        if (db_step(st) == DB_ROW)
            id = db_col_int(st, 0);
        ok = db_done(st) && id;
    }
    char *after = arena_printf(r->arena,
                               "{\"community_id\":%lld,\"category\":%j,\"class\":%j,\"response_minutes\":%lld,"
                               "\"onsite_minutes\":%lld,\"resolve_minutes\":%lld,\"meeting_minutes\":%lld,"
                               "\"confirm_minutes\":%lld,\"calendar_id\":%lld}",
                               (long long)c.id, in->category, in->cls, (long long)in->response, (long long)in->onsite,
                               (long long)in->resolve, (long long)in->meeting, (long long)confirm,
                               (long long)in->calendar_id);
    if (!ok || !audit_append(r->db, r->who->user_id, "wo_sla_policy", id, "set", before, after))
        FAIL_DB();
    *id_out = id;
    return true;
}

int32_t wo_parse_day(const char *s)
{
    int y, m, d;
    return civil_parse(s, &y, &m, &d) ? (int32_t)(y * 10000 + m * 100 + d) : 0;
}

bool wo_cfg_calendar_create(Req *r, const WoCalIn *in, int64_t *id_out)
{
    if (!auth_require_or_reply(r, PERM_WO_CONFIG, NULL))
        return false;
    if (!in->name || !in->name[0])
        FAIL(400, "missing_field", "name", "请填写日历名称", "name is required");
    SlaCalendar *cal = arena_alloc(r->arena, sizeof *cal);
    memset(cal, 0, sizeof *cal);
    if (!sla_week_parse(in->week, cal))
        FAIL(400, "bad_value", "week", "工作时间格式应为七天以分号分隔，如 09:00-12:00,13:30-17:30",
             "week: seven ';'-separated days of HH:MM-HH:MM windows");
    for (int i = 0; i < in->n_holidays; i++)
        if (!sla_calendar_add_day(cal, wo_parse_day(in->holidays[i]), true))
            FAIL(400, "bad_value", "holidays", "日期格式应为 YYYY-MM-DD", "dates must be YYYY-MM-DD");
    for (int i = 0; i < in->n_workdays; i++)
        if (!sla_calendar_add_day(cal, wo_parse_day(in->workdays[i]), false))
            FAIL(400, "bad_value", "workdays", "日期格式应为 YYYY-MM-DD", "dates must be YYYY-MM-DD");
    for (int i = 0; i < cal->n_workdays; i++)
        for (int j = 0; j < cal->n_holidays; j++)
            if (cal->workdays[i] == cal->holidays[j])
                FAIL(400, "bad_value", "workdays", "同一天不能既是假日又是调休工作日",
                     "A day cannot be both a holiday and a make-up workday");
    int64_t id = 0;
    DbStmt *st = db_query(r->db, "INSERT INTO wo_calendar (name, week, created_at) VALUES (?, ?, ?) RETURNING id",
                          DB_T(in->name), DB_T(in->week), DB_I(clock_now()));
    if (db_step(st) == DB_ROW)
        id = db_col_int(st, 0);
    bool ok = db_done(st) && id;
    for (int k = 0; k < 2; k++) {
        int n = k == 0 ? cal->n_holidays : cal->n_workdays;
        const int32_t *days = k == 0 ? cal->holidays : cal->workdays;
        for (int i = 0; ok && i < n; i++) {
            int64_t dup = 0;
            db_int(r->db, &dup, "SELECT COUNT(*) FROM wo_calendar_day WHERE calendar_id = ? AND day = ?", DB_I(id),
                   DB_I(days[i]));
            if (!dup)
                ok = db_exec(r->db, "INSERT INTO wo_calendar_day (calendar_id, day, kind) VALUES (?, ?, ?)", DB_I(id),
                             DB_I(days[i]), DB_T(k == 0 ? "holiday" : "workday"));
        }
    }
    char *after = arena_printf(r->arena, "{\"name\":%j,\"week\":%j,\"holidays\":%d,\"workdays\":%d}", in->name,
                               in->week, cal->n_holidays, cal->n_workdays);
    if (!ok || !audit_append(r->db, r->who->user_id, "wo_calendar", id, "create", NULL, after))
        FAIL_DB();
    *id_out = id;
    return true;
}

bool wo_cfg_calendar_day(Req *r, int64_t calendar_id, const char *day, const char *kind, const char *name,
                         bool remove)
{
    if (!auth_require_or_reply(r, PERM_WO_CONFIG, NULL))
        return false;
    int64_t exists = 0;
    if (!db_int(r->db, &exists, "SELECT id FROM wo_calendar WHERE id = ?", DB_I(calendar_id)))
        FAIL(404, "not_found", "calendar_id", "没有这个工作日历", "No such calendar");
    int32_t d = wo_parse_day(day);
    if (!d)
        FAIL(400, "bad_value", "day", "日期格式应为 YYYY-MM-DD", "day must be YYYY-MM-DD");
    char *key = arena_printf(r->arena, "{\"day\":%d}", (int)d);
    if (remove) {
        int64_t n = 0;
        db_int(r->db, &n, "SELECT COUNT(*) FROM wo_calendar_day WHERE calendar_id = ? AND day = ?", DB_I(calendar_id),
               DB_I(d));
        if (!n)
            FAIL(404, "not_found", "day", "日历中没有这一天", "That day is not in the calendar");
        if (!db_exec(r->db, "DELETE FROM wo_calendar_day WHERE calendar_id = ? AND day = ?", DB_I(calendar_id),
                     DB_I(d)) ||
            !audit_append(r->db, r->who->user_id, "wo_calendar", calendar_id, "day_remove", key, NULL))
            FAIL_DB();
        return true;
    }
    if (!kind || (strcmp(kind, "holiday") != 0 && strcmp(kind, "workday") != 0))
        FAIL(400, "bad_value", "kind", "类型应为 holiday（假日）或 workday（调休工作日）",
             "kind must be holiday or workday");
    int64_t n = 0;
    db_int(r->db, &n, "SELECT COUNT(*) FROM wo_calendar_day WHERE calendar_id = ? AND day = ?", DB_I(calendar_id),
           DB_I(d));
    if (n)
        FAIL(409, "conflict", "day", "这一天已经在日历中，请先删除", "That day is already in the calendar; remove it first");
    char *after = arena_printf(r->arena, "{\"day\":%d,\"kind\":%j,\"name\":%j}", (int)d, kind, name ? name : "");
    if (!db_exec(r->db, "INSERT INTO wo_calendar_day (calendar_id, day, kind, name) VALUES (?, ?, ?, ?)",
                 DB_I(calendar_id), DB_I(d), DB_T(kind), DB_T(name ? name : "")) ||
        !audit_append(r->db, r->who->user_id, "wo_calendar", calendar_id, "day_add", NULL, after))
        FAIL_DB();
    return true;
}

bool wo_cfg_ladder_set(Req *r, int64_t community_id, int64_t grid, int64_t community, int64_t street)
{
    NodeInfo c;
    if (!community_or_reply(r, community_id, &c))
        return false;
    if (grid < 0 || community < 0 || street < 0 || grid > MINUTES_MAX || community > MINUTES_MAX ||
        street > MINUTES_MAX)
        FAIL(400, "bad_value", "grid_after_minutes", "督办时间应为 0 到 525600 分钟", "Minutes must be 0 to 525600");
    if (!(grid <= community && community <= street))
        FAIL(400, "bad_value", "community_after_minutes", "督办层级的时间应逐级递增",
             "Each level must come no earlier than the one below");
    bool ok = db_exec(r->db, "DELETE FROM wo_escalation_step WHERE community_id = ?", DB_I(c.id)) &&
              db_exec(r->db,
                      "INSERT INTO wo_escalation_step (community_id, level, target, after_minutes) VALUES "
                      "(?, 1, 'grid', ?), (?, 2, 'community', ?), (?, 3, 'street', ?)",
                      DB_I(c.id), DB_I(grid), DB_I(c.id), DB_I(community), DB_I(c.id), DB_I(street));
    char *after = arena_printf(r->arena, "{\"grid\":%lld,\"community\":%lld,\"street\":%lld}", (long long)grid,
                               (long long)community, (long long)street);
    if (!ok || !audit_append(r->db, r->who->user_id, "wo_escalation", c.id, "set", NULL, after))
        FAIL_DB();
    return true;
}

bool wo_cfg_settings_set(Req *r, int64_t community_id, bool committee_confirms, int64_t confirm_days)
{
    NodeInfo c;
    if (!community_or_reply(r, community_id, &c))
        return false;
    if (confirm_days < -1 || confirm_days > 365)
        FAIL(400, "bad_value", "confirm_days", "报事人确认期限应为 1 到 365 天（留空则按时限规则）",
             "confirm_days must be 1 to 365 (or empty for the SLA policy's window)");
    int64_t exists = 0, now = clock_now();
    char *before = NULL;
    DbStmt *st = db_query(r->db,
                          "SELECT committee_confirms, COALESCE(confirm_days, 0) FROM wo_community_setting "
                          "WHERE community_id = ?",
                          DB_I(c.id));
    if (db_step(st) == DB_ROW) {
        exists = 1;
        before = arena_printf(r->arena, "{\"committee_confirms\":%s,\"confirm_days\":%lld}",
                              db_col_int(st, 0) ? "true" : "false", (long long)db_col_int(st, 1));
        if (confirm_days < 0)
            confirm_days = db_col_int(st, 1); /* not given: kept */
    }
    if (!db_done(st))
        FAIL_DB();
    if (confirm_days < 0)
        confirm_days = 0;
    DbArg days = confirm_days ? DB_I(confirm_days) : DB_NULL;
    bool ok = exists ? db_exec(r->db,
                               "UPDATE wo_community_setting SET committee_confirms = ?, confirm_days = ?, "
                               "updated_at = ? WHERE community_id = ?",
                               DB_I(committee_confirms ? 1 : 0), days, DB_I(now), DB_I(c.id))
                     : db_exec(r->db,
                               "INSERT INTO wo_community_setting (community_id, committee_confirms, confirm_days, "
                               "updated_at) VALUES (?, ?, ?, ?)",
                               DB_I(c.id), DB_I(committee_confirms ? 1 : 0), days, DB_I(now));
    char *after = arena_printf(r->arena, "{\"committee_confirms\":%s,\"confirm_days\":%lld}",
                               committee_confirms ? "true" : "false", (long long)confirm_days);
    if (!ok || !audit_append(r->db, r->who->user_id, "wo_community_setting", c.id, "set", before, after))
        FAIL_DB();
    return true;
}
