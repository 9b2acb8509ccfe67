/* figures.c: the surveys' read for the indicators (figures.h). */
#include "survey/figures.h"

#include <string.h>

#include "grid/grid.h"
#include "survey/survey.h"

bool survey_satisfaction(const Ctx *c, const char *node_path, int64_t from, int64_t to, SurveySatisfaction *out)
{
    memset(out, 0, sizeof *out);
    char hi[512];
    if (!grid_path_upper(node_path, hi, sizeof hi))
        return false;
    int64_t ids[64];
    int n = 0;
    DbStmt *st = db_query(c->db, SURVEY_CLOSED_SQL, DB_I(from), DB_I(to), DB_T(node_path), DB_T(hi));
    while (db_step(st) == DB_ROW)
        if (n < 64)
            ids[n++] = db_col_int(st, 0);
    if (!db_done(st))
        return false;
    for (int i = 0; i < n; i++) {
        Survey s;
        SurveyErr e;
        if (!survey_get(c, ids[i], &s, &e))
            return false;
        out->rows++;
        int q = -1;
        for (int k = 0; k < s.def.n; k++)
            if (s.def.q[k].kind == SQ_SCALE && strcmp(s.def.q[k].key, SURVEY_SATISFACTION_KEY) == 0)
                q = k;
        if (q < 0)
            continue;
        out->surveys++;
        if (!out->first_id)
            out->first_id = ids[i];
        st = db_query(c->db, "SELECT answers FROM survey_response WHERE survey_id = ? AND status IN ('submitted', 'checked')",
                      DB_I(ids[i]));
        while (db_step(st) == DB_ROW) {
            out->rows++;
            json_t *a = json_loads(db_col_text(st, 0), 0, NULL);
            json_t *v = a ? json_object_get(a, SURVEY_SATISFACTION_KEY) : NULL;
            if (json_is_integer(v) && json_integer_value(v) >= 1 && json_integer_value(v) <= 5) {
                out->answered++;
                out->satisfied += json_integer_value(v) >= 4;
            }
            json_decref(a);
        }
        if (!db_done(st))
            return false;
    }
    return true;
}
