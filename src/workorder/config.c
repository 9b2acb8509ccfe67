/* config.c: the configuration of work orders, shared by the JSON API and the
 * configuration pages: SLA policies per community (and category, and class),
 * working calendars with holidays and make-up working days, the escalation
 * ladder and the community switches. Each function validates its input the
 * same way whichever door it came through, writes, audits, and returns its
 * errors as a WoErr (the adapters answer them through messages.c). */
#include "workorder/wo_int.h"

#include <stdlib.h>
#include <string.h>

#include "auth/audit.h"
#include "core/clock.h"
#include "grid/grid.h"
#include "grid/read.h"

#define MINUTES_MAX 525600 /* a year */

/* The community the change applies to, with PERM_WO_CONFIG on it. */
static bool community_ok(const Ctx *c, int64_t id, NodeInfo *cm, WoErr *e)
{
    /* a node out of the principal's sight is answered as one that does not exist */
    if (!grid_node_get(c, id, cm) || !perm_allows(c->who, PERM_TREE_READ, cm->path))
        return wo_err(e, WM_NO_NODE, "community_id");
    if (!perm_allows(c->who, PERM_WO_CONFIG, cm->path))
        return wo_err(e, WM_NODE_FORBIDDEN, "community_id");
    if (cm->kind != NODE_COMMUNITY)
        return wo_err(e, WM_NOT_COMMUNITY, "community_id");
    return true;
}

/* PERM_WO_CONFIG somewhere (calendars belong to no community). */
static bool may_config(const Ctx *c, WoErr *e)
{
    if (perm_allows(c->who, PERM_WO_CONFIG, NULL))
        return true;
    return wo_err(e, c->who ? WM_FORBIDDEN : WM_LOGIN_REQUIRED, NULL);
}

static bool minutes_ok(int64_t v, bool optional, const char *field, WoErr *e)
{
    if (optional && v == 0)
        return true;
    if (v < 1 || v > MINUTES_MAX)
        return wo_err(e, WM_BAD_MINUTES, field);
    return true;
}

bool wo_cfg_sla_set(const Ctx *c, const WoSlaIn *in, int64_t *id_out, WoErr *e)
{
    NodeInfo cm;
    if (!community_ok(c, in->community_id, &cm, e))
        return false;
    if (!wo_class_valid(in->cls))
        return wo_err(e, WM_BAD_CLASS, "class");
    if (!minutes_ok(in->response, false, "response_minutes", e) || !minutes_ok(in->onsite, true, "onsite_minutes", e) ||
        !minutes_ok(in->resolve, false, "resolve_minutes", e) || !minutes_ok(in->meeting, true, "meeting_minutes", e) ||
        !minutes_ok(in->confirm, true, "confirm_minutes", e))
        return false;
    int64_t cat = 0;
    if (in->category && !db_int(c->db, &cat, "SELECT id FROM wo_category WHERE code = ?", DB_T(in->category)))
        return wo_db_failed(c->db) ? wo_err_db(e, c->db) : wo_err(e, WM_UNKNOWN_CATEGORY, "category");
    int64_t exists = 0;
    if (in->calendar_id && !db_int(c->db, &exists, "SELECT id FROM wo_calendar WHERE id = ?", DB_I(in->calendar_id)))
        return wo_db_failed(c->db) ? wo_err_db(e, c->db) : wo_err(e, WM_CALENDAR_UNKNOWN, "calendar_id");
    /* the policy this one replaces, if any (id 0: none yet) */
    int64_t id = 0;
    bool have = cat ? db_int(c->db, &id,
                             "SELECT id FROM wo_sla_policy WHERE community_id = ? AND category_id = ? AND class = ?",
                             DB_I(cm.id), DB_I(cat), DB_T(in->cls))
                    : db_int(c->db, &id,
                             "SELECT id FROM wo_sla_policy WHERE community_id = ? AND category_id IS NULL "
                             "AND class = ?",
                             DB_I(cm.id), DB_T(in->cls));
    if (!have && wo_db_failed(c->db))
        return wo_err_db(e, c->db);
    int64_t now = c->now;
    DbArg cat_arg = cat ? DB_I(cat) : DB_NULL;
    DbArg on = in->onsite ? DB_I(in->onsite) : DB_NULL, mt = in->meeting ? DB_I(in->meeting) : DB_NULL;
    DbArg cal_arg = in->calendar_id ? DB_I(in->calendar_id) : DB_NULL;
    int64_t confirm = in->confirm ? in->confirm : 10080;
    char *before = NULL;
    bool ok;
    if (id) {
        DbStmt *st = db_query(c->db,
                              "SELECT response_minutes, COALESCE(onsite_minutes, 0), resolve_minutes, "
                              "COALESCE(meeting_minutes, 0), confirm_minutes, COALESCE(calendar_id, 0) "
                              "FROM wo_sla_policy WHERE id = ?",
                              DB_I(id));
        if (db_step(st) == DB_ROW)
            before = arena_printf(c->arena,
                                  "{\"response_minutes\":%lld,\"onsite_minutes\":%lld,\"resolve_minutes\":%lld,"
                                  "\"meeting_minutes\":%lld,\"confirm_minutes\":%lld,\"calendar_id\":%lld}",
                                  (long long)db_col_int(st, 0), (long long)db_col_int(st, 1),
                                  (long long)db_col_int(st, 2), (long long)db_col_int(st, 3),
                                  (long long)db_col_int(st, 4), (long long)db_col_int(st, 5));
        if (!db_done(st))
            return wo_err_db(e, c->db);
        ok = db_exec(c->db,
                     "UPDATE wo_sla_policy SET response_minutes = ?, onsite_minutes = ?, resolve_minutes = ?, "
                     "meeting_minutes = ?, confirm_minutes = ?, calendar_id = ?, updated_at = ? WHERE id = ?",
                     DB_I(in->response), on, DB_I(in->resolve), mt, DB_I(confirm), cal_arg, DB_I(now), DB_I(id));
    } else {
        DbStmt *st = db_query(c->db,
                              "INSERT INTO wo_sla_policy (community_id, category_id, class, response_minutes, "
                              "onsite_minutes, resolve_minutes, meeting_minutes, confirm_minutes, calendar_id, "
                              "updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                              DB_I(cm.id), cat_arg, DB_T(in->cls), DB_I(in->response), on, DB_I(in->resolve), mt,
                              DB_I(confirm), cal_arg, DB_I(now));
        if (db_step(st) == DB_ROW)
            id = db_col_int(st, 0);
        ok = db_done(st) && id;
    }
    char *after = arena_printf(c->arena,
                               "{\"community_id\":%lld,\"category\":%j,\"class\":%j,\"response_minutes\":%lld,"
                               "\"onsite_minutes\":%lld,\"resolve_minutes\":%lld,\"meeting_minutes\":%lld,"
                               "\"confirm_minutes\":%lld,\"calendar_id\":%lld}",
                               (long long)cm.id, in->category, in->cls, (long long)in->response, (long long)in->onsite,
                               (long long)in->resolve, (long long)in->meeting, (long long)confirm,
                               (long long)in->calendar_id);
    if (!ok || !audit_append(c->db, ctx_actor(c), "wo_sla_policy", id, "set", before, after))
        return wo_err_db(e, c->db);
    *id_out = id;
    return true;
}

int32_t wo_parse_day(const char *s)
{
    int y, m, d;
    return civil_parse(s, &y, &m, &d) ? (int32_t)(y * 10000 + m * 100 + d) : 0;
}

bool wo_cfg_calendar_create(const Ctx *c, const WoCalIn *in, int64_t *id_out, WoErr *e)
{
    if (!may_config(c, e))
        return false;
    if (!in->name || !in->name[0])
        return wo_err(e, WM_CALENDAR_NAME_REQUIRED, "name");
    SlaCalendar *cal = arena_alloc(c->arena, sizeof *cal);
    memset(cal, 0, sizeof *cal);
    if (!sla_week_parse(in->week, cal))
        return wo_err(e, WM_BAD_WEEK, "week");
    for (int i = 0; i < in->n_holidays; i++)
        if (!sla_calendar_add_day(cal, wo_parse_day(in->holidays[i]), true))
            return wo_err(e, WM_BAD_DATES, "holidays");
    for (int i = 0; i < in->n_workdays; i++)
        if (!sla_calendar_add_day(cal, wo_parse_day(in->workdays[i]), false))
            return wo_err(e, WM_BAD_DATES, "workdays");
    for (int i = 0; i < cal->n_workdays; i++)
        for (int j = 0; j < cal->n_holidays; j++)
            if (cal->workdays[i] == cal->holidays[j])
                return wo_err(e, WM_DAY_BOTH_KINDS, "workdays");
    int64_t id = 0;
    DbStmt *st = db_query(c->db, "INSERT INTO wo_calendar (name, week, created_at) VALUES (?, ?, ?) RETURNING id",
                          DB_T(in->name), DB_T(in->week), DB_I(c->now));
    if (db_step(st) == DB_ROW)
        id = db_col_int(st, 0);
    bool ok = db_done(st) && id;
    for (int k = 0; k < 2; k++) {
        int n = k == 0 ? cal->n_holidays : cal->n_workdays;
        const int32_t *days = k == 0 ? cal->holidays : cal->workdays;
        for (int i = 0; ok && i < n; i++) {
            int64_t dup = 0;
            ok = db_int(c->db, &dup, "SELECT COUNT(*) FROM wo_calendar_day WHERE calendar_id = ? AND day = ?",
                        DB_I(id), DB_I(days[i]));
            if (ok && !dup)
                ok = db_exec(c->db, "INSERT INTO wo_calendar_day (calendar_id, day, kind) VALUES (?, ?, ?)", DB_I(id),
                             DB_I(days[i]), DB_T(k == 0 ? "holiday" : "workday"));
        }
    }
    char *after = arena_printf(c->arena, "{\"name\":%j,\"week\":%j,\"holidays\":%d,\"workdays\":%d}", in->name,
                               in->week, cal->n_holidays, cal->n_workdays);
    if (!ok || !audit_append(c->db, ctx_actor(c), "wo_calendar", id, "create", NULL, after))
        return wo_err_db(e, c->db);
    *id_out = id;
    return true;
}

bool wo_cfg_calendar_day(const Ctx *c, int64_t calendar_id, const char *day, const char *kind, const char *name,
                         bool remove, WoErr *e)
{
    if (!may_config(c, e))
        return false;
    int64_t exists = 0;
    if (!db_int(c->db, &exists, "SELECT id FROM wo_calendar WHERE id = ?", DB_I(calendar_id)))
        return wo_db_failed(c->db) ? wo_err_db(e, c->db) : wo_err(e, WM_NO_CALENDAR, "calendar_id");
    int32_t d = wo_parse_day(day);
    if (!d)
        return wo_err(e, WM_BAD_DAY, "day");
    char *key = arena_printf(c->arena, "{\"day\":%d}", (int)d);
    if (remove) {
        int64_t n = 0;
        if (!db_int(c->db, &n, "SELECT COUNT(*) FROM wo_calendar_day WHERE calendar_id = ? AND day = ?",
                    DB_I(calendar_id), DB_I(d)))
            return wo_err_db(e, c->db);
        if (!n)
            return wo_err(e, WM_DAY_NOT_IN_CALENDAR, "day");
        if (!db_exec(c->db, "DELETE FROM wo_calendar_day WHERE calendar_id = ? AND day = ?", DB_I(calendar_id),
                     DB_I(d)) ||
            !audit_append(c->db, ctx_actor(c), "wo_calendar", calendar_id, "day_remove", key, NULL))
            return wo_err_db(e, c->db);
        return true;
    }
    if (!kind || (strcmp(kind, "holiday") != 0 && strcmp(kind, "workday") != 0))
        return wo_err(e, WM_BAD_DAY_KIND, "kind");
    int64_t n = 0;
    if (!db_int(c->db, &n, "SELECT COUNT(*) FROM wo_calendar_day WHERE calendar_id = ? AND day = ?",
                DB_I(calendar_id), DB_I(d)))
        return wo_err_db(e, c->db);
    if (n)
        return wo_err(e, WM_DAY_TAKEN, "day");
    char *after = arena_printf(c->arena, "{\"day\":%d,\"kind\":%j,\"name\":%j}", (int)d, kind, name ? name : "");
    if (!db_exec(c->db, "INSERT INTO wo_calendar_day (calendar_id, day, kind, name) VALUES (?, ?, ?, ?)",
                 DB_I(calendar_id), DB_I(d), DB_T(kind), DB_T(name ? name : "")) ||
        !audit_append(c->db, ctx_actor(c), "wo_calendar", calendar_id, "day_add", NULL, after))
        return wo_err_db(e, c->db);
    return true;
}

bool wo_cfg_ladder_set(const Ctx *c, int64_t community_id, int64_t grid, int64_t community, int64_t street,
                       WoErr *e)
{
    NodeInfo cm;
    if (!community_ok(c, community_id, &cm, e))
        return false;
    if (grid < 0 || community < 0 || street < 0 || grid > MINUTES_MAX || community > MINUTES_MAX ||
        street > MINUTES_MAX)
        return wo_err(e, WM_BAD_LADDER_MINUTES, "grid_after_minutes");
    if (!(grid <= community && community <= street))
        return wo_err(e, WM_LADDER_NOT_RISING, "community_after_minutes");
    bool ok = db_exec(c->db, "DELETE FROM wo_escalation_step WHERE community_id = ?", DB_I(cm.id)) &&
              db_exec(c->db,
                      "INSERT INTO wo_escalation_step (community_id, level, target, after_minutes) VALUES "
                      "(?, 1, 'grid', ?), (?, 2, 'community', ?), (?, 3, 'street', ?)",
                      DB_I(cm.id), DB_I(grid), DB_I(cm.id), DB_I(community), DB_I(cm.id), DB_I(street));
    char *after = arena_printf(c->arena, "{\"grid\":%lld,\"community\":%lld,\"street\":%lld}", (long long)grid,
                               (long long)community, (long long)street);
    if (!ok || !audit_append(c->db, ctx_actor(c), "wo_escalation", cm.id, "set", NULL, after))
        return wo_err_db(e, c->db);
    return true;
}

bool wo_cfg_settings_set(const Ctx *c, int64_t community_id, bool committee_confirms, int64_t confirm_days,
                         WoErr *e)
{
    NodeInfo cm;
    if (!community_ok(c, community_id, &cm, e))
        return false;
    if (confirm_days < -1 || confirm_days > 365)
        return wo_err(e, WM_BAD_CONFIRM_DAYS, "confirm_days");
    int64_t exists = 0, now = c->now;
    char *before = NULL;
    DbStmt *st = db_query(c->db,
                          "SELECT committee_confirms, COALESCE(confirm_days, 0) FROM wo_community_setting "
                          "WHERE community_id = ?",
                          DB_I(cm.id));
    if (db_step(st) == DB_ROW) {
        exists = 1;
        before = arena_printf(c->arena, "{\"committee_confirms\":%s,\"confirm_days\":%lld}",
                              db_col_int(st, 0) ? "true" : "false", (long long)db_col_int(st, 1));
        if (confirm_days < 0)
            confirm_days = db_col_int(st, 1); /* not given: kept */
    }
    if (!db_done(st))
        return wo_err_db(e, c->db);
    if (confirm_days < 0)
        confirm_days = 0;
    DbArg days = confirm_days ? DB_I(confirm_days) : DB_NULL;
    bool ok = exists ? db_exec(c->db,
                               "UPDATE wo_community_setting SET committee_confirms = ?, confirm_days = ?, "
                               "updated_at = ? WHERE community_id = ?",
                               DB_I(committee_confirms ? 1 : 0), days, DB_I(now), DB_I(cm.id))
                     : db_exec(c->db,
                               "INSERT INTO wo_community_setting (community_id, committee_confirms, confirm_days, "
                               "updated_at) VALUES (?, ?, ?, ?)",
                               DB_I(cm.id), DB_I(committee_confirms ? 1 : 0), days, DB_I(now));
    char *after = arena_printf(c->arena, "{\"committee_confirms\":%s,\"confirm_days\":%lld}",
                               committee_confirms ? "true" : "false", (long long)confirm_days);
    if (!ok || !audit_append(c->db, ctx_actor(c), "wo_community_setting", cm.id, "set", before, after))
        return wo_err_db(e, c->db);
    return true;
}
