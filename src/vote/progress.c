/* progress.c: the read behind a vote's progress chart (progress.h). An open
 * vote is counted now; a closed one reads its stored result, the record
 * the notice published (the register may have changed since). */
#include "vote/progress.h"

#include <jansson.h>
#include <string.h>

#include "grid/read.h"
#include "vote/vote.h"
#include "vote/vote_int.h"

/* The stored figures of a closed vote; false when the record lacks one. */
static bool stored_figures(const char *result_json, Art278Result *a)
{
    json_t *j = result_json ? json_loads(result_json, 0, NULL) : NULL;
    if (!j)
        return false;
    static const char *const keys[] = {"matter",        "area_total", "owners_total", "area_participating",
                                       "owners_participating", "area_yes", "owners_yes"};
    int64_t v[7];
    bool ok = true;
    for (int i = 0; i < 7 && ok; i++) {
        json_t *x = json_object_get(j, keys[i]);
        ok = json_is_integer(x);
        v[i] = ok ? (int64_t)json_integer_value(x) : 0;
    }
    json_decref(j);
    if (!ok)
        return false;
    memset(a, 0, sizeof *a);
    a->matter = (int)v[0];
    a->a_total = v[1];
    a->n_total = v[2];
    a->a_part = v[3];
    a->n_part = v[4];
    a->a_yes = v[5];
    a->n_yes = v[6];
    return true;
}

bool vote_progress(const Ctx *c, int64_t id, VoteProgress *out, bool *found)
{
    *found = false;
    /* vote_brief tells a missing vote from a failed read; vote_load does not */
    VoteBrief b;
    bool exists;
    if (!vote_brief(c, id, &b, &exists))
        return false;
    if (!exists || strcmp(b.kind, "art278") != 0 || !b.matter)
        return true;
    VoteRow v;
    if (!vote_load(c->db, c->arena, id, &v))
        return false;
    bool closed = strcmp(v.status, "closed") == 0;
    Art278Result a;
    if (!(closed && stored_figures(v.result_json, &a))) {
        VoteTally t;
        if (!vote_tally(c->db, c->arena, &v, &t))
            return false;
        if (!t.art278)
            return true;
        a = t.a;
    }
    vote_progress_of(&a, out);
    out->vote_id = v.id;
    out->final = closed;
    *found = true;
    return true;
}

bool vote_closed_between(const Ctx *c, const char *scope, int64_t from, int64_t to, VoteClosed **out, int *n,
                         bool *capped)
{
    *out = NULL;
    *n = 0;
    *capped = false;
    int cap = 0, all = 0;
    VoteClosed *rows = NULL;
    /* read first, then place each: no other statement runs while this one steps */
    DbStmt *st = db_query(c->db, VOTE_CLOSED_SQL, DB_I(from), DB_I(to));
    while (db_step(st) == DB_ROW) {
        /* the status is checked here, not in SQL: a condition on it would
         * send the planner to the status index */
        if (strcmp(db_col_text(st, 7), "closed") != 0)
            continue;
        VoteClosed v = {0};
        v.id = db_col_int(st, 0);
        v.node_id = db_col_int(st, 1);
        v.title = arena_strdup(c->arena, db_col_text(st, 2));
        v.passed = db_col_int(st, 4) == 1;
        v.closed_at = db_col_int(st, 5);
        Art278Result a;
        if (strcmp(db_col_text(st, 3), "art278") == 0 && stored_figures(db_col_text(st, 6), &a)) {
            v.art278 = true;
            v.area_part = a.a_part;
            v.area_yes = a.a_yes;
            v.owners_part = a.n_part;
            v.owners_yes = a.n_yes;
        }
        if (all == cap) {
            int nc = cap ? cap * 2 : 16;
            VoteClosed *nv = arena_alloc(c->arena, sizeof *nv * (size_t)nc);
            if (all)
                memcpy(nv, rows, sizeof *nv * (size_t)all);
            rows = nv;
            cap = nc;
        }
        rows[all++] = v;
    }
    if (!db_done(st))
        return false;
    for (int i = 0; i < all; i++) {
        if (grid_node_path(c, rows[i].node_id, &rows[i].node_path) != GRID_OK)
            return false;
        if (!grid_in_scope(rows[i].node_path, scope))
            continue;
        if (*n == VOTE_CLOSED_MAX) {
            *capped = true;
            break;
        }
        rows[(*n)++] = rows[i];
    }
    *out = rows;
    return true;
}

bool vote_meetings_between(const Ctx *c, const char *scope, int64_t from, int64_t to, VoteMeetingRow **out, int *n,
                           bool *capped)
{
    *out = NULL;
    *n = 0;
    *capped = false;
    int cap = 0, all = 0;
    VoteMeetingRow *rows = NULL;
    DbStmt *st = db_query(c->db, VOTE_MEETINGS_SQL, DB_I(from), DB_I(to));
    while (db_step(st) == DB_ROW) {
        if (all == cap) {
            int nc = cap ? cap * 2 : 16;
            VoteMeetingRow *nr = arena_alloc(c->arena, sizeof *nr * (size_t)nc);
            if (all)
                memcpy(nr, rows, sizeof *nr * (size_t)all);
            rows = nr;
            cap = nc;
        }
        VoteMeetingRow *m = &rows[all++];
        memset(m, 0, sizeof *m);
        m->id = db_col_int(st, 0);
        m->node_id = db_col_int(st, 1);
        m->starts_at = db_col_int(st, 2);
        m->kind = arena_strdup(c->arena, db_col_text(st, 3));
        m->title = arena_strdup(c->arena, db_col_text(st, 4));
        m->status = arena_strdup(c->arena, db_col_text(st, 5));
        m->has_decisions = db_col_text(st, 6) && db_col_text(st, 6)[0];
    }
    if (!db_done(st))
        return false;
    for (int i = 0; i < all; i++) {
        if (grid_node_path(c, rows[i].node_id, &rows[i].node_path) != GRID_OK)
            return false;
        if (!grid_in_scope(rows[i].node_path, scope))
            continue;
        if (*n == VOTE_CLOSED_MAX) {
            *capped = true;
            break;
        }
        rows[(*n)++] = rows[i];
    }
    *out = rows;
    return true;
}
