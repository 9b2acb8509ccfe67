/* progress.c: the read behind a vote's progress chart (progress.h). An open
 * vote is counted now; a closed one reads its stored result, the record
 * the notice published (the register may have changed since). */
#include "vote/progress.h"

#include <jansson.h>
#include <string.h>

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
