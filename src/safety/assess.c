/* assess.c: the quarterly assessment: the review prepared from the
 * register (open hazards by grade and age, found and closed in the
 * quarter, where most were found) and the only writer of assessment and
 * assessment_decision. */
#include <stdio.h>
#include <string.h>

#include "auth/audit.h"
#include "core/buf.h"
#include "grid/grid.h"
#include "safety/list_sql.h"
#include "safety/safety.h"

enum { PLACES_SEEN = 200 };

bool safety_review_prepare(const Ctx *c, int64_t compound_id, int64_t start, int64_t end, SafetyReview *out,
                           SafetyErr *e)
{
    memset(out, 0, sizeof *out);
    const char **names = arena_alloc(c->arena, sizeof(char *) * PLACES_SEEN);
    int64_t *counts = arena_alloc(c->arena, sizeof(int64_t) * PLACES_SEEN);
    int n_names = 0;
    DbStmt *st = db_query(c->db, SAFETY_REVIEW_HAZARDS, DB_I(compound_id));
    while (db_step(st) == DB_ROW) {
        HazardGrade g;
        if (!safety_grade_parse(db_col_text(st, 0), &g))
            continue;
        bool open = db_col_int(st, 1) != 0;
        int64_t created = db_col_int(st, 2), closed = db_col_int(st, 3), deadline = db_col_int(st, 4);
        if (open && created < end) {
            out->open[g][safety_age_band(created, c->now)]++;
            out->overdue += safety_overdue(deadline, c->now) ? 1 : 0;
        }
        if (!open && closed >= start && closed < end)
            out->closed[g]++;
        if (created >= start && created < end) {
            out->opened[g]++;
            const char *p = db_col_text(st, 5);
            if (!p || !p[0])
                continue;
            int k = 0;
            while (k < n_names && strcmp(names[k], p) != 0)
                k++;
            if (k == n_names && n_names < PLACES_SEEN) {
                names[n_names] = arena_strdup(c->arena, p);
                counts[n_names++] = 0;
            }
            if (k < n_names)
                counts[k]++;
        }
    }
    if (!db_done(st))
        return safety_err_db(e, c->db);
    /* the ten places with most findings, most first (ties: first seen) */
    for (int t = 0; t < 10 && t < n_names; t++) {
        int best = -1;
        for (int k = 0; k < n_names; k++)
            if (counts[k] > 0 && (best < 0 || counts[k] > counts[best]))
                best = k;
        if (best < 0)
            break;
        out->place[out->n_places] = names[best];
        out->place_n[out->n_places++] = counts[best];
        counts[best] = 0;
    }
    return true;
}

const char *safety_review_json(const Ctx *c, const SafetyReview *rv)
{
    Buf b = {0};
    buf_puts(&b, "{\"open\":{");
    for (int g = 0; g < GRADE__COUNT; g++) {
        buf_printf(&b, "%s%j:[", g ? "," : "", safety_grade_name((HazardGrade)g));
        for (int a = 0; a < SAFETY_AGE_BANDS; a++)
            buf_printf(&b, "%s%lld", a ? "," : "", (long long)rv->open[g][a]);
        buf_putc(&b, ']');
    }
    buf_puts(&b, "},\"opened\":{");
    for (int g = 0; g < GRADE__COUNT; g++)
        buf_printf(&b, "%s%j:%lld", g ? "," : "", safety_grade_name((HazardGrade)g), (long long)rv->opened[g]);
    buf_puts(&b, "},\"closed\":{");
    for (int g = 0; g < GRADE__COUNT; g++)
        buf_printf(&b, "%s%j:%lld", g ? "," : "", safety_grade_name((HazardGrade)g), (long long)rv->closed[g]);
    buf_printf(&b, "},\"overdue\":%lld,\"age_bands\":[\"7天内\",\"7-30天\",\"30-90天\",\"90天以上\"],\"places\":[",
               (long long)rv->overdue);
    for (int i = 0; i < rv->n_places; i++)
        buf_printf(&b, "%s{\"place\":%j,\"count\":%lld}", i ? "," : "", rv->place[i], (long long)rv->place_n[i]);
    buf_puts(&b, "]}");
    const char *out = arena_strdup(c->arena, b.data ? b.data : "{}");
    buf_free(&b);
    return out;
}

bool safety_assessment_record(const Ctx *c, int64_t compound_id, const char *quarter, int64_t held_at,
                              const char *attendees, const char *minutes, const DecisionInput *d, int n,
                              int64_t *id_out, SafetyErr *e)
{
    NodeInfo node;
    int64_t start, end;
    if (!grid_node_get(c, compound_id, &node) || node.kind != NODE_COMPOUND)
        return safety_err(e, SM_NOT_A_COMPOUND, "compound_id");
    if (!safety_quarter_parse(quarter, &start, &end))
        return safety_err(e, SM_BAD_QUARTER, "quarter");
    if (!attendees || !attendees[0])
        return safety_err(e, SM_TEXT_REQUIRED, "attendees");
    if (!minutes || !minutes[0])
        return safety_err(e, SM_TEXT_REQUIRED, "minutes");
    if (held_at <= 0 || held_at > c->now)
        return safety_err(e, SM_BAD_HELD_AT, "held_at");
    for (int i = 0; i < n; i++) {
        if (!d[i].text || !d[i].text[0])
            return safety_err(e, SM_TEXT_REQUIRED, "decisions");
        if (d[i].hazard_id) {
            Hazard h;
            bool found;
            if (!safety_hazard_get(c, d[i].hazard_id, &h, &found, e))
                return false;
            if (!found || h.compound_id != compound_id)
                return safety_err(e, SM_NO_SUCH_HAZARD, "decisions");
        }
    }
    int64_t have = 0;
    if (!db_int(c->db, &have, "SELECT COUNT(*) FROM assessment WHERE compound_id = ? AND quarter = ?",
                DB_I(compound_id), DB_T(quarter)))
        return safety_err_db(e, c->db);
    if (have)
        return safety_err(e, SM_ASSESSED, "quarter");
    SafetyReview rv;
    if (!safety_review_prepare(c, compound_id, start, end, &rv, e))
        return false;
    int64_t id = 0;
    DbStmt *st = db_query(c->db,
                          "INSERT INTO assessment (compound_id, node_path, quarter, held_at, attendees, minutes, "
                          "review_json, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                          DB_I(compound_id), DB_T(node.path), DB_T(quarter), DB_I(held_at), DB_T(attendees),
                          DB_T(minutes), DB_T(safety_review_json(c, &rv)), DB_I(ctx_actor(c)), DB_I(c->now));
    if (db_step(st) == DB_ROW)
        id = db_col_int(st, 0);
    if (!db_done(st) || id == 0) {
        if (db_error_class(c->db) == DB_ERR_CONSTRAINT)
            return safety_err(e, SM_ASSESSED, "quarter");
        return safety_err_db(e, c->db);
    }
    for (int i = 0; i < n; i++)
        if (!db_exec(c->db, "INSERT INTO assessment_decision (assessment_id, hazard_id, text) VALUES (?, ?, ?)",
                     DB_I(id), DB_I(d[i].hazard_id), DB_T(d[i].text)))
            return safety_err_db(e, c->db);
    char after[64];
    snprintf(after, sizeof after, "{\"quarter\":\"%s\",\"decisions\":%d}", quarter, n);
    if (!audit_append(c->db, ctx_actor(c), "assessment", id, "record", NULL, after))
        return safety_err_db(e, c->db);
    *id_out = id;
    return true;
}

int safety_assessments_page(const Ctx *c, int64_t compound_id, int64_t after, Assessment *out, int max)
{
    DbStmt *st =
        db_query(c->db, SAFETY_ASSESSMENT_PAGE, DB_I(compound_id), DB_I(after > 0 ? after : INT64_MAX), DB_I(max));
    int n = 0;
    while (n < max && db_step(st) == DB_ROW) {
        out[n] = (Assessment){db_col_int(st, 0), db_col_int(st, 2), arena_strdup(c->arena, db_col_text(st, 1)),
                              arena_strdup(c->arena, db_col_text(st, 3)), arena_strdup(c->arena, db_col_text(st, 4)),
                              arena_strdup(c->arena, db_col_text(st, 5))};
        n++;
    }
    return db_done(st) ? n : -1;
}

int safety_assessment_decisions(const Ctx *c, int64_t id, DecisionInput *out, int max)
{
    DbStmt *st = db_query(c->db, SAFETY_ASSESSMENT_DECISIONS, DB_I(id), DB_I(max));
    int n = 0;
    while (n < max && db_step(st) == DB_ROW) {
        out[n] = (DecisionInput){db_col_int(st, 1), arena_strdup(c->arena, db_col_text(st, 2))};
        n++;
    }
    return db_done(st) ? n : -1;
}

int safety_hazard_places(const Ctx *c, int64_t compound_id, int64_t start, int64_t end, SafetyPlaceCount *out,
                         int max)
{
    DbStmt *st = db_query(c->db, SAFETY_HAZARD_PLACES, DB_I(compound_id), DB_I(start), DB_I(end));
    int n = 0;
    while (db_step(st) == DB_ROW) {
        const char *place = db_col_text(st, 0);
        place = place ? place : "";
        HazardGrade g;
        if (!safety_grade_parse(db_col_text(st, 1), &g))
            continue;
        /* a quarter's findings in one compound are hundreds: a linear search over its places is enough */
        int k = 0;
        while (k < n && strcmp(out[k].place, place) != 0)
            k++;
        if (k == n) {
            if (n == max)
                continue; /* the places beyond max are left out */
            out[n++] = (SafetyPlaceCount){arena_strdup(c->arena, place), {0}, 0};
        }
        out[k].n[g]++;
        out[k].total++;
    }
    if (!db_done(st))
        return -1;
    /* most found first (insertion sort, stable: ties keep the order they were first found in) */
    for (int i = 1; i < n; i++) {
        SafetyPlaceCount t = out[i];
        int j = i - 1;
        for (; j >= 0 && out[j].total < t.total; j--)
            out[j + 1] = out[j];
        out[j + 1] = t;
    }
    return n;
}
