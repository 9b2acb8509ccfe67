/* model.c: the writer of indicator_ref, the baselines measured outside the
 * system and the targets, and its read; every change audited. */
#include "results/results.h"

#include <string.h>

#include "auth/audit.h"
#include "core/clock.h"

bool res_err(ResErr *e, ResMsg msg, const char *field)
{
    *e = (ResErr){msg, field, NULL};
    return false;
}

bool res_err_db(ResErr *e, Db *db)
{
    res_err(e, db_error_class(db) == DB_ERR_BUSY ? RM_BUSY : RM_INTERNAL, NULL);
    e->detail = db_errmsg(db);
    return false;
}

static const char *const k_kind[] = {"baseline", "target"};

static bool date_valid(int32_t d)
{
    int y = d / 10000, m = d / 100 % 100, day = d % 100;
    if (y < 1970 || y > 2200 || m < 1 || m > 12 || day < 1 || day > 31)
        return false;
    /* the day exists when it starts a day that is still in its month */
    return clock_local_yyyymmdd(clock_local_day_start(y, m, day)) == d;
}

bool res_ref_set(const Ctx *c, const char *code, int64_t node_id, ResRefKind kind, int64_t value, const char *source,
                 int32_t measured_on, int64_t *id_out, ResErr *e)
{
    const Indicator *ind = res_indicator_find(code);
    if (!ind)
        return res_err(e, RM_UNKNOWN_INDICATOR, "code");
    if (kind != RES_REF_BASELINE && kind != RES_REF_TARGET)
        return res_err(e, RM_BAD_KIND, "kind");
    if (!res_value_valid(ind->unit, value))
        return res_err(e, RM_BAD_VALUE, "value");
    if (!date_valid(measured_on))
        return res_err(e, RM_BAD_DATE, "measured_on");
    int64_t actor = c->who ? c->who->user_id : 0, id = 0;
    DbStmt *st = db_query(c->db, "SELECT id FROM indicator_ref WHERE node_id = ? AND code = ? AND kind = ?",
                          DB_I(node_id), DB_T(code), DB_T(k_kind[kind]));
    if (db_step(st) == DB_ROW)
        id = db_col_int(st, 0);
    if (!db_done(st))
        return res_err_db(e, c->db);
    bool have = id != 0;
    bool ok = have ? db_exec(c->db,
                             "UPDATE indicator_ref SET value = ?, source = ?, measured_on = ?, created_by = ?, "
                             "created_at = ? WHERE id = ?",
                             DB_I(value), DB_T(source), DB_I(measured_on), actor ? DB_I(actor) : DB_NULL,
                             DB_I(c->now), DB_I(id))
                   : db_int(c->db, &id,
                            "INSERT INTO indicator_ref (code, node_id, kind, value, source, measured_on, created_by, "
                            "created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                            DB_T(code), DB_I(node_id), DB_T(k_kind[kind]), DB_I(value), DB_T(source),
                            DB_I(measured_on), actor ? DB_I(actor) : DB_NULL, DB_I(c->now));
    if (!ok)
        return res_err_db(e, c->db);
    const char *a = arena_printf(c->arena,
                                 "{\"code\":%j,\"node\":%lld,\"kind\":%j,\"value\":%lld,\"source\":%j,\"measured_on\":%d}",
                                 code, (long long)node_id, k_kind[kind], (long long)value, source, (int)measured_on);
    if (!audit_append(c->db, actor, "indicator_ref", id, have ? "update" : "create", NULL, a))
        return res_err_db(e, c->db);
    *id_out = id;
    return true;
}

bool res_refs_of(const Ctx *c, int64_t node_id, ResRef **out, int *n, ResErr *e)
{
    *out = NULL;
    *n = 0;
    int cap = 0;
    DbStmt *st = db_query(c->db, RES_REFS_SQL, DB_I(node_id));
    while (db_step(st) == DB_ROW) {
        if (*n == cap) {
            int nc = cap ? cap * 2 : 16;
            ResRef *nr = arena_alloc(c->arena, sizeof *nr * (size_t)nc);
            if (*n)
                memcpy(nr, *out, sizeof *nr * (size_t)*n);
            *out = nr;
            cap = nc;
        }
        ResRef *r = &(*out)[(*n)++];
        r->id = db_col_int(st, 0);
        r->node_id = db_col_int(st, 1);
        r->code = arena_strdup(c->arena, db_col_text(st, 2));
        r->kind = strcmp(db_col_text(st, 3), "target") == 0 ? RES_REF_TARGET : RES_REF_BASELINE;
        r->value = db_col_int(st, 4);
        r->source = arena_strdup(c->arena, db_col_text(st, 5));
        r->measured_on = (int32_t)db_col_int(st, 6);
    }
    if (!db_done(st))
        return res_err_db(e, c->db);
    return true;
}

bool res_is_measured(const Indicator *ind)
{
    return ind && strcmp(ind->owner, "results") == 0;
}

bool res_measure_set(const Ctx *c, const char *code, int64_t node_id, int64_t value, const char *source,
                     int32_t measured_on, int64_t *id_out, ResErr *e)
{
    const Indicator *ind = res_indicator_find(code);
    if (!ind || !res_is_measured(ind))
        return res_err(e, RM_UNKNOWN_INDICATOR, "code");
    if (!res_value_valid(ind->unit, value))
        return res_err(e, RM_BAD_VALUE, "value");
    if (!date_valid(measured_on))
        return res_err(e, RM_BAD_DATE, "measured_on");
    int64_t actor = c->who ? c->who->user_id : 0, id = 0;
    DbStmt *st = db_query(c->db, "SELECT id FROM indicator_measure WHERE node_id = ? AND code = ? AND measured_on = ?",
                          DB_I(node_id), DB_T(code), DB_I(measured_on));
    if (db_step(st) == DB_ROW)
        id = db_col_int(st, 0);
    if (!db_done(st))
        return res_err_db(e, c->db);
    bool have = id != 0;
    bool ok = have ? db_exec(c->db,
                             "UPDATE indicator_measure SET value = ?, source = ?, created_by = ?, created_at = ? "
                             "WHERE id = ?",
                             DB_I(value), DB_T(source), actor ? DB_I(actor) : DB_NULL, DB_I(c->now), DB_I(id))
                   : db_int(c->db, &id,
                            "INSERT INTO indicator_measure (code, node_id, value, source, measured_on, created_by, "
                            "created_at) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id",
                            DB_T(code), DB_I(node_id), DB_I(value), DB_T(source), DB_I(measured_on),
                            actor ? DB_I(actor) : DB_NULL, DB_I(c->now));
    if (!ok)
        return res_err_db(e, c->db);
    const char *a = arena_printf(c->arena, "{\"code\":%j,\"node\":%lld,\"value\":%lld,\"source\":%j,\"measured_on\":%d}",
                                 code, (long long)node_id, (long long)value, source, (int)measured_on);
    if (!audit_append(c->db, actor, "indicator_measure", id, have ? "update" : "create", NULL, a))
        return res_err_db(e, c->db);
    *id_out = id;
    return true;
}

bool res_measure_latest(const Ctx *c, int64_t node_id, const char *code, int32_t day, bool *found, int64_t *value,
                        int32_t *measured_on, ResErr *e)
{
    *found = false;
    *value = 0;
    *measured_on = 0;
    DbStmt *st = db_query(c->db, RES_MEASURE_LATEST_SQL, DB_I(node_id), DB_T(code), DB_I(day));
    if (db_step(st) == DB_ROW) {
        *found = true;
        *value = db_col_int(st, 0);
        *measured_on = (int32_t)db_col_int(st, 1);
    }
    if (!db_done(st))
        return res_err_db(e, c->db);
    return true;
}

bool res_measures_of(const Ctx *c, int64_t node_id, const char *code, ResMeasure **out, int *n, ResErr *e)
{
    *n = 0;
    *out = arena_alloc(c->arena, sizeof **out * 100);
    DbStmt *st = db_query(c->db, RES_MEASURES_SQL, DB_I(node_id), DB_T(code));
    while (db_step(st) == DB_ROW && *n < 100) {
        ResMeasure *m = &(*out)[(*n)++];
        m->id = db_col_int(st, 0);
        m->value = db_col_int(st, 1);
        m->source = arena_strdup(c->arena, db_col_text(st, 2));
        m->measured_on = (int32_t)db_col_int(st, 3);
    }
    if (!db_done(st))
        return res_err_db(e, c->db);
    return true;
}
