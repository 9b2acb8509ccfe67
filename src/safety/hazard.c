/* hazard.c: the only writer of the hazard register (hazard, hazard_event).
 * Every change is audited and announced in the caller's transaction; the
 * history keeps every grade change with its reason, so the register can
 * answer "why is this red, since when, who said so". */
#include <stdio.h>
#include <string.h>

#include "auth/audit.h"
#include "core/buf.h"
#include "grid/grid.h"
#include "notify/notify.h"
#include "safety/list_sql.h"
#include "safety/safety.h"
#include "workorder/workorder.h"

bool safety_err(SafetyErr *e, SafetyMsg msg, const char *field)
{
    *e = (SafetyErr){msg, field, NULL};
    return false;
}

bool safety_err_db(SafetyErr *e, Db *db)
{
    safety_err(e, db_error_class(db) == DB_ERR_BUSY ? SM_BUSY : SM_INTERNAL, NULL);
    e->detail = db_errmsg(db);
    return false;
}

bool safety_matrix_get(const Ctx *c, SafetyMatrix *out, SafetyErr *e)
{
    char text[64];
    bool found = false;
    if (!db_setting_get(c->db, "safety.matrix", text, sizeof text, &found))
        return safety_err_db(e, c->db);
    /* a matrix set wrongly by hand falls back to the default rather than grade nothing */
    if (found && safety_matrix_parse(text, out))
        return true;
    return safety_matrix_parse(SAFETY_MATRIX_DEFAULT, out) || safety_err(e, SM_INTERNAL, NULL);
}

static bool event_add(const Ctx *c, int64_t hazard, const char *kind, const char *from, const char *to,
                      const char *reason)
{
    return db_exec(c->db,
                   "INSERT INTO hazard_event (hazard_id, at, actor_id, kind, from_grade, to_grade, reason) "
                   "VALUES (?, ?, ?, ?, ?, ?, ?)",
                   DB_I(hazard), DB_I(c->now), DB_I(ctx_actor(c)), DB_T(kind), DB_T(from ? from : ""),
                   DB_T(to ? to : ""), DB_T(reason ? reason : ""));
}

static bool announce(const Ctx *c, const char *type, bool urgent, int64_t id, const char *path, const char *title)
{
    char link[40];
    snprintf(link, sizeof link, "/hazards/%lld", (long long)id);
    /* titles are capped at SAFETY_TITLE_MAX code points (< NOTIFY_TITLE_MAX bytes) by the model */
    const char *t = title;
    NotifyEvent ev = {type, "hazard", id, path, urgent, 0, t[0] ? t : "风险隐患", "", link};
    return notify_emit(c, &ev, NULL);
}

bool safety_hazard_create(const Ctx *c, const HazardInput *in, int64_t *id_out, SafetyErr *e)
{
    NodeInfo n;
    if (!grid_node_get(c, in->compound_id, &n) || n.kind != NODE_COMPOUND)
        return safety_err(e, SM_NOT_A_COMPOUND, "compound_id");
    if (!in->title || !in->title[0] || strlen(in->title) > SAFETY_TITLE_MAX * 3)
        return safety_err(e, SM_TITLE_REQUIRED, "title");
    if (!safety_source_valid(in->source))
        return safety_err(e, SM_BAD_SOURCE, "source");
    if (in->is_public && (!in->advice || !in->advice[0]))
        return safety_err(e, SM_ADVICE_REQUIRED, "advice");
    SafetyMatrix m;
    HazardGrade g;
    if (!safety_matrix_get(c, &m, e))
        return false;
    if (!safety_grade(&m, in->likelihood, in->consequence, &g))
        return safety_err(e, SM_BAD_SCALE, in->likelihood < 1 || in->likelihood > SAFETY_SCALE ? "likelihood"
                                                                                               : "consequence");
    int64_t id = 0;
    DbStmt *st = db_query(c->db,
                          "INSERT INTO hazard (compound_id, node_path, title, detail, place_text, advice, is_public, "
                          "source, likelihood, consequence, grade, owner_role, deadline, created_by, created_at) "
                          "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                          DB_I(n.id), DB_T(n.path), DB_T(in->title), DB_T(in->detail ? in->detail : ""),
                          DB_T(in->place_text ? in->place_text : ""), DB_T(in->advice ? in->advice : ""),
                          DB_I(in->is_public), DB_T(in->source), DB_I(in->likelihood), DB_I(in->consequence),
                          DB_T(safety_grade_name(g)), DB_T(safety_grade_owner_role(g)),
                          DB_I(safety_deadline(g, c->now)), DB_I(ctx_actor(c)), DB_I(c->now));
    if (db_step(st) == DB_ROW)
        id = db_col_int(st, 0);
    if (!db_done(st) || id == 0)
        return safety_err_db(e, c->db);
    Buf b = {0};
    buf_printf(&b, "{\"compound_id\":%lld,\"grade\":%j,\"likelihood\":%d,\"consequence\":%d,\"public\":%s}",
               (long long)n.id, safety_grade_name(g), in->likelihood, in->consequence, in->is_public ? "true" : "false");
    bool ok = event_add(c, id, "created", "", safety_grade_name(g), "") &&
              audit_append(c->db, ctx_actor(c), "hazard", id, "create", NULL, b.data) &&
              announce(c, g == GRADE_RED ? "hazard.red" : "hazard.new", g == GRADE_RED, id, n.path, in->title);
    buf_free(&b);
    if (!ok)
        return safety_err_db(e, c->db);
    *id_out = id;
    return true;
}

#define HAZARD_COLS SAFETY_HAZARD_COLS

static const char *dup(const Ctx *c, DbStmt *st, int col)
{
    const char *s = db_col_text(st, col);
    return arena_strdup(c->arena, s ? s : "");
}

static void hazard_row(const Ctx *c, DbStmt *st, Hazard *h)
{
    h->id = db_col_int(st, 0);
    h->compound_id = db_col_int(st, 1);
    h->node_path = dup(c, st, 2);
    h->title = dup(c, st, 3);
    h->detail = dup(c, st, 4);
    h->place_text = dup(c, st, 5);
    h->advice = dup(c, st, 6);
    h->is_public = db_col_int(st, 7) != 0;
    h->source = dup(c, st, 8);
    h->likelihood = (int)db_col_int(st, 9);
    h->consequence = (int)db_col_int(st, 10);
    if (!safety_grade_parse(db_col_text(st, 11), &h->grade))
        h->grade = GRADE_RED;
    h->owner_role = dup(c, st, 12);
    h->deadline = db_col_int(st, 13);
    h->is_open = db_col_int(st, 14) != 0;
    h->escalated = db_col_int(st, 15) != 0;
    h->close_note = dup(c, st, 16);
    h->close_evidence = dup(c, st, 17);
    h->residual_grade = dup(c, st, 18);
    h->created_by = db_col_int(st, 19);
    h->created_at = db_col_int(st, 20);
    h->closed_at = db_col_int(st, 21);
    h->closed_by = db_col_int(st, 22);
}

bool safety_hazard_get(const Ctx *c, int64_t id, Hazard *out, bool *found, SafetyErr *e)
{
    *found = false;
    DbStmt *st = db_query(c->db, "SELECT " HAZARD_COLS " FROM hazard WHERE id = ?", DB_I(id));
    if (db_step(st) == DB_ROW) {
        hazard_row(c, st, out);
        *found = true;
    }
    return db_done(st) || safety_err_db(e, c->db);
}

int safety_hazards_page(const Ctx *c, int64_t compound_id, bool only_public, int64_t after, Hazard *out, int max)
{
    int64_t below = after > 0 ? after : INT64_MAX;
    DbStmt *st = only_public ? db_query(c->db, SAFETY_HAZARD_PAGE_PUBLIC, DB_I(compound_id), DB_I(below), DB_I(max))
                             : db_query(c->db, SAFETY_HAZARD_PAGE, DB_I(compound_id), DB_I(below), DB_I(max));
    int n = 0;
    while (n < max && db_step(st) == DB_ROW)
        hazard_row(c, st, &out[n++]);
    return db_done(st) ? n : -1;
}

bool safety_hazard_regrade(const Ctx *c, const Hazard *h, int likelihood, int consequence, const char *reason,
                           SafetyErr *e)
{
    if (!h->is_open)
        return safety_err(e, SM_CLOSED, NULL);
    if (!reason || !reason[0])
        return safety_err(e, SM_REASON_REQUIRED, "reason");
    SafetyMatrix m;
    HazardGrade g;
    if (!safety_matrix_get(c, &m, e))
        return false;
    if (!safety_grade(&m, likelihood, consequence, &g))
        return safety_err(e, SM_BAD_SCALE, likelihood < 1 || likelihood > SAFETY_SCALE ? "likelihood" : "consequence");
    if (likelihood == h->likelihood && consequence == h->consequence)
        return safety_err(e, SM_SAME_GRADE, NULL);
    /* a new grade is a new commitment: its deadline runs from now and the old escalation no longer applies */
    if (!db_exec(c->db,
                 "UPDATE hazard SET likelihood = ?, consequence = ?, grade = ?, owner_role = ?, deadline = ?, "
                 "escalated = 0 WHERE id = ? AND is_open = 1",
                 DB_I(likelihood), DB_I(consequence), DB_T(safety_grade_name(g)), DB_T(safety_grade_owner_role(g)),
                 DB_I(safety_deadline(g, c->now)), DB_I(h->id)))
        return safety_err_db(e, c->db);
    if (db_changes(c->db) != 1)
        return safety_err(e, SM_CLOSED, NULL);
    char before[96], after[96];
    snprintf(before, sizeof before, "{\"grade\":\"%s\",\"likelihood\":%d,\"consequence\":%d}",
             safety_grade_name(h->grade), h->likelihood, h->consequence);
    snprintf(after, sizeof after, "{\"grade\":\"%s\",\"likelihood\":%d,\"consequence\":%d}", safety_grade_name(g),
             likelihood, consequence);
    if (!event_add(c, h->id, "graded", safety_grade_name(h->grade), safety_grade_name(g), reason) ||
        !audit_append(c->db, ctx_actor(c), "hazard", h->id, "grade", before, after) ||
        (g == GRADE_RED && h->grade != GRADE_RED && !announce(c, "hazard.red", true, h->id, h->node_path, h->title)))
        return safety_err_db(e, c->db);
    return true;
}

bool safety_hazard_close(const Ctx *c, const Hazard *h, const char *note, const char *evidence,
                         const char *residual, SafetyErr *e)
{
    if (!h->is_open)
        return safety_err(e, SM_CLOSED, NULL);
    if (!note || !note[0])
        return safety_err(e, SM_NOTE_REQUIRED, "note");
    if (h->grade == GRADE_RED && (!evidence || !evidence[0]))
        return safety_err(e, SM_EVIDENCE_REQUIRED, "evidence");
    HazardGrade rg;
    if (residual && residual[0] && !safety_grade_parse(residual, &rg))
        return safety_err(e, SM_BAD_RESIDUAL, "residual_grade");
    if (!db_exec(c->db,
                 "UPDATE hazard SET is_open = 0, close_note = ?, close_evidence = ?, residual_grade = ?, "
                 "closed_at = ?, closed_by = ? WHERE id = ? AND is_open = 1",
                 DB_T(note), DB_T(evidence ? evidence : ""), DB_T(residual ? residual : ""), DB_I(c->now),
                 DB_I(ctx_actor(c)), DB_I(h->id)))
        return safety_err_db(e, c->db);
    if (db_changes(c->db) != 1)
        return safety_err(e, SM_CLOSED, NULL);
    char after[80];
    snprintf(after, sizeof after, "{\"closed\":true,\"residual_grade\":\"%s\"}", residual ? residual : "");
    if (!event_add(c, h->id, "closed", safety_grade_name(h->grade), residual ? residual : "", note) ||
        !audit_append(c->db, ctx_actor(c), "hazard", h->id, "close", NULL, after) ||
        !announce(c, "hazard.closed", false, h->id, h->node_path, h->title))
        return safety_err_db(e, c->db);
    return true;
}

bool safety_hazard_raise_order(const Ctx *c, const Hazard *h, const char *category, int64_t *wo_id, SafetyErr *e)
{
    if (!h->is_open)
        return safety_err(e, SM_CLOSED, NULL);
    WoSourceOrder have[1];
    int n = wo_orders_of_source(c, "hazard", h->id, have, 1);
    if (n < 0)
        return safety_err_db(e, c->db);
    if (n > 0)
        return safety_err(e, SM_HAS_ORDER, NULL);
    /* the order's clock follows the hazard's: a red one must be resolved within its day */
    int64_t left = (h->deadline - c->now) / 60;
    WoRaise in = {.node_id = h->compound_id,
                  .category_code = category,
                  .description = h->title,
                  .place_text = h->place_text[0] ? h->place_text : NULL,
                  .channel = "patrol",
                  .source_kind = "hazard",
                  .source_id = h->id,
                  .resolve_minutes = left > 0 ? left : 0};
    WoErr we;
    if (!wo_raise(c, &in, wo_id, &we)) {
        if (we.msg == WM_UNKNOWN_CATEGORY)
            return safety_err(e, SM_BAD_CATEGORY, "category");
        return safety_err_db(e, c->db);
    }
    char reason[48];
    snprintf(reason, sizeof reason, "工单 %lld", (long long)*wo_id);
    if (!event_add(c, h->id, "work_order", "", "", reason) ||
        !audit_append(c->db, ctx_actor(c), "hazard", h->id, "work_order", NULL, NULL))
        return safety_err_db(e, c->db);
    return true;
}

int safety_hazard_history(const Ctx *c, int64_t hazard_id, HazardEvent *out, int max)
{
    DbStmt *st = db_query(c->db,
                          SAFETY_HAZARD_HISTORY,
                          DB_I(hazard_id), DB_I(max));
    int n = 0;
    while (n < max && db_step(st) == DB_ROW) {
        out[n] = (HazardEvent){db_col_int(st, 0), db_col_int(st, 1), db_col_int(st, 2), dup(c, st, 3),
                               dup(c, st, 4),     dup(c, st, 5),     dup(c, st, 6)};
        n++;
    }
    return db_done(st) ? n : -1;
}

bool safety_sweep(Db *db, int64_t now, int *n)
{
    *n = 0;
    Arena *a = arena_new();
    if (!a)
        return false;
    Ctx c = {db, a, NULL, now};
    enum { BATCH = 200 };
    int64_t ids[BATCH];
    char *paths[BATCH], *titles[BATCH];
    int k = 0;
    DbStmt *st = db_query(db,
                          SAFETY_HAZARD_DUE,
                          DB_I(now), DB_I(BATCH));
    while (k < BATCH && db_step(st) == DB_ROW) {
        ids[k] = db_col_int(st, 0);
        paths[k] = arena_strdup(a, db_col_text(st, 1));
        titles[k] = arena_strdup(a, db_col_text(st, 2));
        k++;
    }
    bool ok = db_done(st);
    for (int i = 0; ok && i < k; i++) {
        ok = db_exec(db, "UPDATE hazard SET escalated = 1 WHERE id = ? AND escalated = 0", DB_I(ids[i])) &&
             event_add(&c, ids[i], "escalated", "", "", "超过整改期限") &&
             audit_append(db, 0, "hazard", ids[i], "escalate", NULL, NULL) &&
             announce(&c, "hazard.overdue", true, ids[i], paths[i], titles[i]);
        if (ok)
            (*n)++;
    }
    arena_free(a);
    return ok;
}

bool safety_overdue_count(Db *db, int64_t now, int64_t *n)
{
    *n = 0;
    return db_int(db, n, "SELECT COUNT(*) FROM hazard WHERE is_open = 1 AND deadline < ?", DB_I(now));
}
