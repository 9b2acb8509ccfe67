/* rules.c: the survey's pure rules: a questionnaire's shape and its
 * conditions, a household's answers checked against them, the tally with
 * each question's own denominator, percentages in integer tenths, and the
 * stratified draw anyone can repeat from the published seed. No database,
 * no HTTP (tests/unit/test_survey_rules.c). */
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/utf8.h"
#include "survey/survey.h"

bool survey_err(SurveyErr *e, SurveyMsg msg, const char *field)
{
    if (e) {
        e->msg = msg;
        e->field = field;
        e->detail = NULL;
    }
    return false;
}

static bool def_err(Arena *a, SurveyErr *e, const char *key, int i, const char *what)
{
    if (e) {
        /* the field names the question at fault, the detail what is wrong with it */
        survey_err(e, SV_BAD_DEFINITION, key ? arena_printf(a, "questions.%s", key) : arena_printf(a, "questions.%d", i + 1));
        e->detail = what;
    }
    return false;
}

static const char *const KIND_NAMES[SQ__COUNT] = {"single", "multi", "scale", "matrix", "number", "text"};

const char *survey_kind_name(SurveyKind k)
{
    return (int)k >= 0 && k < SQ__COUNT ? KIND_NAMES[k] : "?";
}

static bool key_valid(const char *s)
{
    size_t n = strlen(s);
    if (n == 0 || n > 32)
        return false;
    for (size_t i = 0; i < n; i++)
        if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= '0' && s[i] <= '9') || s[i] == '_'))
            return false;
    return true;
}

/* A label: non-empty, at most max code points. */
static bool label_valid(const char *s, size_t max)
{
    return s && s[0] && utf8_valid(s, strlen(s)) && utf8_len(s) <= max;
}

static int strings_of(Arena *a, const json_t *arr, int lo, int hi, const char ***out)
{
    if (!json_is_array(arr))
        return -1;
    int n = (int)json_array_size(arr);
    if (n < lo || n > hi)
        return -1;
    const char **v = arena_alloc(a, sizeof *v * (size_t)(n ? n : 1));
    for (int i = 0; i < n; i++) {
        const char *s = json_string_value(json_array_get(arr, (size_t)i));
        if (!label_valid(s, 100))
            return -1;
        v[i] = arena_strdup(a, s);
    }
    *out = v;
    return n;
}

static const char *const SCALE_DEFAULT[5] = {"1", "2", "3", "4", "5"};

bool survey_def_parse(Arena *a, const json_t *arr, SurveyDef *out, SurveyErr *e)
{
    if (!json_is_array(arr) || json_array_size(arr) < 1 || json_array_size(arr) > SURVEY_MAX_QUESTIONS)
        return def_err(a, e, NULL, 0, "须为1至100道题目的数组");
    int n = (int)json_array_size(arr);
    SurveyQuestion *qs = arena_alloc(a, sizeof *qs * (size_t)n);
    memset(qs, 0, sizeof *qs * (size_t)n);
    for (int i = 0; i < n; i++) {
        const json_t *o = json_array_get(arr, (size_t)i);
        SurveyQuestion *q = &qs[i];
        q->cond_q = -1;
        if (!json_is_object(o))
            return def_err(a, e, NULL, i, "题目须为对象");
        const char *k;
        json_t *v;
        json_object_foreach((json_t *)o, k, v)
        {
            static const char *const known[] = {"key", "kind", "title", "required", "options", "rows", "min", "max", "when"};
            bool ok = false;
            for (size_t j = 0; j < sizeof known / sizeof known[0]; j++)
                ok = ok || strcmp(k, known[j]) == 0;
            if (!ok)
                return def_err(a, e, NULL, i, "含未知字段");
        }
        const char *key = json_string_value(json_object_get(o, "key"));
        if (!key || !key_valid(key))
            return def_err(a, e, NULL, i, "编号(key)须为1至32个小写字母、数字或下划线");
        for (int j = 0; j < i; j++)
            if (strcmp(qs[j].key, key) == 0)
                return def_err(a, e, key, i, "编号重复");
        q->key = arena_strdup(a, key);
        const char *kind = json_string_value(json_object_get(o, "kind"));
        q->kind = SQ__COUNT;
        for (int k2 = 0; kind && k2 < SQ__COUNT; k2++)
            if (strcmp(kind, KIND_NAMES[k2]) == 0)
                q->kind = (SurveyKind)k2;
        if (q->kind == SQ__COUNT)
            return def_err(a, e, key, i, "题型只能是 single、multi、scale、matrix、number、text");
        const char *title = json_string_value(json_object_get(o, "title"));
        if (!label_valid(title, 300))
            return def_err(a, e, key, i, "题目文字不能为空，且不超过300字");
        q->title = arena_strdup(a, title);
        json_t *req = json_object_get(o, "required");
        if (req && !json_is_boolean(req))
            return def_err(a, e, key, i, "required 须为 true 或 false");
        q->required = json_is_true(req);
        json_t *opts = json_object_get(o, "options"), *rows = json_object_get(o, "rows");
        json_t *mn = json_object_get(o, "min"), *mx = json_object_get(o, "max");
        if ((q->kind != SQ_MATRIX && rows) || (q->kind != SQ_NUMBER && (mn || mx)))
            return def_err(a, e, key, i, "含这种题型不用的字段");
        switch (q->kind) {
        case SQ_SINGLE:
        case SQ_MULTI:
            q->n_options = strings_of(a, opts, 2, SURVEY_MAX_OPTIONS, &q->options);
            if (q->n_options < 0)
                return def_err(a, e, key, i, "选项须为2至20个非空文字");
            break;
        case SQ_SCALE:
            if (opts) {
                q->n_options = strings_of(a, opts, 5, 5, &q->options);
                if (q->n_options < 0)
                    return def_err(a, e, key, i, "五级量表须有5个刻度文字（从1到5）");
            } else {
                q->n_options = 5;
                q->options = (const char **)SCALE_DEFAULT;
            }
            break;
        case SQ_MATRIX:
            q->n_options = strings_of(a, opts, 2, SURVEY_MAX_OPTIONS, &q->options);
            q->n_rows = strings_of(a, rows, 1, SURVEY_MAX_ROWS, &q->rows);
            if (q->n_options < 0 || q->n_rows < 0)
                return def_err(a, e, key, i, "矩阵题须有1至20行、2至20个选项");
            break;
        case SQ_NUMBER:
            if (opts || !json_is_integer(mn) || !json_is_integer(mx) || json_integer_value(mn) > json_integer_value(mx) ||
                json_integer_value(mn) < -1000000000 || json_integer_value(mx) > 1000000000)
                return def_err(a, e, key, i, "数字题须有整数 min ≤ max（±10亿以内）");
            q->min = json_integer_value(mn);
            q->max = json_integer_value(mx);
            break;
        case SQ_TEXT:
            if (opts)
                return def_err(a, e, key, i, "填空题没有选项");
            break;
        default:
            break;
        }
        json_t *when = json_object_get(o, "when");
        if (when) {
            const char *ck = json_string_value(json_object_get(when, "q"));
            json_t *in = json_object_get(when, "in");
            if (!json_is_object(when) || json_object_size(when) != 2 || !ck || !json_is_array(in) || json_array_size(in) < 1)
                return def_err(a, e, key, i, "条件须为 {\"q\": 前面的题号, \"in\": [选项序号…]}");
            for (int j = 0; j < i; j++)
                if (strcmp(qs[j].key, ck) == 0)
                    q->cond_q = j;
            if (q->cond_q < 0)
                return def_err(a, e, key, i, "条件只能引用前面的题目");
            const SurveyQuestion *cq = &qs[q->cond_q];
            if (cq->kind != SQ_SINGLE && cq->kind != SQ_MULTI && cq->kind != SQ_SCALE)
                return def_err(a, e, key, i, "条件只能引用单选、多选或量表题");
            int lo = cq->kind == SQ_SCALE ? 1 : 0, hi = cq->kind == SQ_SCALE ? 5 : cq->n_options - 1;
            for (size_t j = 0; j < json_array_size(in); j++) {
                json_t *x = json_array_get(in, j);
                if (!json_is_integer(x) || json_integer_value(x) < lo || json_integer_value(x) > hi)
                    return def_err(a, e, key, i, "条件的取值超出所引用题目的选项");
                q->cond_mask |= 1u << json_integer_value(x);
            }
        }
    }
    out->n = n;
    out->q = qs;
    return true;
}

static json_t *strings_json(const char **v, int n)
{
    json_t *arr = json_array();
    for (int i = 0; i < n; i++)
        json_array_append_new(arr, json_string(v[i]));
    return arr;
}

char *survey_def_json(Arena *a, const SurveyDef *d)
{
    json_t *arr = json_array();
    for (int i = 0; i < d->n; i++) {
        const SurveyQuestion *q = &d->q[i];
        json_t *o = json_object();
        json_object_set_new(o, "key", json_string(q->key));
        json_object_set_new(o, "kind", json_string(KIND_NAMES[q->kind]));
        json_object_set_new(o, "title", json_string(q->title));
        json_object_set_new(o, "required", json_boolean(q->required));
        if (q->kind != SQ_NUMBER && q->kind != SQ_TEXT)
            json_object_set_new(o, "options", strings_json(q->options, q->n_options));
        if (q->kind == SQ_MATRIX)
            json_object_set_new(o, "rows", strings_json(q->rows, q->n_rows));
        if (q->kind == SQ_NUMBER) {
            json_object_set_new(o, "min", json_integer(q->min));
            json_object_set_new(o, "max", json_integer(q->max));
        }
        if (q->cond_q >= 0) {
            json_t *w = json_object(), *in = json_array();
            for (int b = 0; b < 32; b++)
                if (q->cond_mask & (1u << b))
                    json_array_append_new(in, json_integer(b));
            json_object_set_new(w, "q", json_string(d->q[q->cond_q].key));
            json_object_set_new(w, "in", in);
            json_object_set_new(o, "when", w);
        }
        json_array_append_new(arr, o);
    }
    char *s = json_dumps(arr, JSON_COMPACT);
    json_decref(arr);
    char *out = arena_strdup(a, s ? s : "[]");
    free(s);
    return out;
}

bool survey_shown(const SurveyDef *d, int i, const json_t *answers)
{
    const SurveyQuestion *q = &d->q[i];
    if (q->cond_q < 0)
        return true;
    if (!survey_shown(d, q->cond_q, answers))
        return false;
    const json_t *v = json_object_get(answers, d->q[q->cond_q].key);
    if (json_is_integer(v)) {
        json_int_t x = json_integer_value(v);
        return x >= 0 && x < 32 && (q->cond_mask & (1u << x));
    }
    if (json_is_array(v)) {
        for (size_t j = 0; j < json_array_size(v); j++) {
            json_int_t x = json_integer_value(json_array_get(v, j));
            if (x >= 0 && x < 32 && (q->cond_mask & (1u << x)))
                return true;
        }
    }
    return false;
}

static bool int_in(const json_t *v, json_int_t lo, json_int_t hi)
{
    return json_is_integer(v) && json_integer_value(v) >= lo && json_integer_value(v) <= hi;
}

/* The answer v to q normalised (a new reference), NULL when it is not one. */
static json_t *answer_norm(const SurveyQuestion *q, const json_t *v)
{
    switch (q->kind) {
    case SQ_SINGLE:
        return int_in(v, 0, q->n_options - 1) ? json_integer(json_integer_value(v)) : NULL;
    case SQ_SCALE:
        return int_in(v, 1, 5) ? json_integer(json_integer_value(v)) : NULL;
    case SQ_NUMBER:
        return int_in(v, q->min, q->max) ? json_integer(json_integer_value(v)) : NULL;
    case SQ_MULTI: {
        if (!json_is_array(v) || json_array_size(v) < 1 || json_array_size(v) > (size_t)q->n_options)
            return NULL;
        unsigned seen = 0;
        for (size_t j = 0; j < json_array_size(v); j++) {
            const json_t *x = json_array_get(v, j);
            if (!int_in(x, 0, q->n_options - 1) || (seen & (1u << json_integer_value(x))))
                return NULL;
            seen |= 1u << json_integer_value(x);
        }
        json_t *out = json_array();
        for (int b = 0; b < q->n_options; b++)
            if (seen & (1u << b))
                json_array_append_new(out, json_integer(b));
        return out;
    }
    case SQ_MATRIX: {
        if (!json_is_array(v) || json_array_size(v) != (size_t)q->n_rows)
            return NULL;
        json_t *out = json_array();
        int any = 0;
        for (int j = 0; j < q->n_rows; j++) {
            const json_t *x = json_array_get(v, (size_t)j);
            if (json_is_null(x)) {
                json_array_append_new(out, json_null());
                continue;
            }
            if (!int_in(x, 0, q->n_options - 1)) {
                json_decref(out);
                return NULL;
            }
            json_array_append_new(out, json_integer(json_integer_value(x)));
            any++;
        }
        if (!any) {
            json_decref(out);
            return NULL;
        }
        return out;
    }
    case SQ_TEXT: {
        const char *s = json_string_value(v);
        if (!s)
            return NULL;
        while (*s == ' ' || *s == '\n' || *s == '\t' || *s == '\r')
            s++;
        size_t n = strlen(s);
        while (n && (s[n - 1] == ' ' || s[n - 1] == '\n' || s[n - 1] == '\t' || s[n - 1] == '\r'))
            n--;
        if (!n)
            return NULL;
        char *t = strndup(s, n);
        json_t *out = t && utf8_valid(t, n) && utf8_len(t) <= SURVEY_TEXT_MAX ? json_string(t) : NULL;
        free(t);
        return out;
    }
    default:
        return NULL;
    }
}

/* An empty text box: not an answer. */
static bool blank_text(const json_t *a)
{
    const char *s = json_string_value(a);
    return s && strspn(s, " \t\r\n") == strlen(s);
}

bool survey_answers_check(const SurveyDef *d, const json_t *answers, json_t **norm, SurveyErr *e)
{
    *norm = NULL;
    if (!json_is_object(answers))
        return survey_err(e, SV_BAD_ANSWERS, "answers");
    const char *k;
    json_t *v;
    json_object_foreach((json_t *)answers, k, v)
    {
        bool found = false;
        for (int i = 0; i < d->n && !found; i++)
            found = strcmp(d->q[i].key, k) == 0;
        if (!found)
            return survey_err(e, SV_UNKNOWN_QUESTION, "answers");
    }
    json_t *out = json_object();
    for (int i = 0; i < d->n; i++) {
        const SurveyQuestion *q = &d->q[i];
        const json_t *a = json_object_get(answers, q->key);
        bool given = a && !json_is_null(a) && !blank_text(a);
        bool shown = survey_shown(d, i, out);
        if (given && !shown) {
            json_decref(out);
            return survey_err(e, SV_SKIPPED_QUESTION, q->key);
        }
        if (!given) {
            if (shown && q->required) {
                json_decref(out);
                return survey_err(e, SV_MISSING_ANSWER, q->key);
            }
            continue;
        }
        json_t *n = answer_norm(q, a);
        if (!n) {
            json_decref(out);
            return survey_err(e, SV_BAD_ANSWERS, q->key);
        }
        json_object_set_new(out, q->key, n);
    }
    *norm = out;
    return true;
}

int survey_pct10(int64_t count, int64_t den)
{
    if (den <= 0 || count < 0)
        return -1;
    /* 1000·count stays far inside 64 bits for any count of households */
    return (int)((count * 1000 + den / 2) / den);
}

static int n_counts(const SurveyQuestion *q)
{
    switch (q->kind) {
    case SQ_SINGLE:
    case SQ_MULTI:
    case SQ_SCALE:
        return q->n_options;
    case SQ_MATRIX:
        return q->n_rows * q->n_options;
    default:
        return 0;
    }
}

bool survey_tally(Arena *a, const SurveyDef *d, json_t *const *answers, const int *groups, int n, int n_groups,
                  SurveyTally *out)
{
    if (!groups)
        n_groups = 1;
    for (int g = 0; g < n_groups; g++)
        for (int i = 0; i < d->n; i++) {
            SurveyTally *t = &out[g * d->n + i];
            memset(t, 0, sizeof *t);
            int nc = n_counts(&d->q[i]);
            t->counts = arena_alloc(a, sizeof *t->counts * (size_t)(nc ? nc : 1));
            memset(t->counts, 0, sizeof *t->counts * (size_t)(nc ? nc : 1));
            int nr = d->q[i].n_rows;
            t->row_answered = arena_alloc(a, sizeof *t->row_answered * (size_t)(nr ? nr : 1));
            memset(t->row_answered, 0, sizeof *t->row_answered * (size_t)(nr ? nr : 1));
        }
    for (int r = 0; r < n; r++) {
        int g = groups ? groups[r] : 0;
        if (g < 0 || g >= n_groups)
            continue;
        for (int i = 0; i < d->n; i++) {
            const SurveyQuestion *q = &d->q[i];
            SurveyTally *t = &out[g * d->n + i];
            if (!survey_shown(d, i, answers[r]))
                continue;
            t->shown++;
            const json_t *v = json_object_get(answers[r], q->key);
            if (!v || json_is_null(v))
                continue;
            t->answered++;
            switch (q->kind) {
            case SQ_SINGLE:
                if (int_in(v, 0, q->n_options - 1))
                    t->counts[json_integer_value(v)]++;
                break;
            case SQ_SCALE:
                if (int_in(v, 1, 5))
                    t->counts[json_integer_value(v) - 1]++;
                break;
            case SQ_MULTI:
                for (size_t j = 0; j < json_array_size(v); j++)
                    if (int_in(json_array_get(v, j), 0, q->n_options - 1))
                        t->counts[json_integer_value(json_array_get(v, j))]++;
                break;
            case SQ_MATRIX:
                for (int j = 0; j < q->n_rows && j < (int)json_array_size(v); j++) {
                    const json_t *x = json_array_get(v, (size_t)j);
                    if (!int_in(x, 0, q->n_options - 1))
                        continue;
                    t->row_answered[j]++;
                    t->counts[j * q->n_options + json_integer_value(x)]++;
                }
                break;
            case SQ_NUMBER: {
                int64_t x = json_integer_value(v);
                if (t->answered == 1 || x < t->min)
                    t->min = x;
                if (t->answered == 1 || x > t->max)
                    t->max = x;
                t->sum += x; /* |x| <= 10^9: no overflow below 9·10^9 respondents */
                break;
            }
            default:
                break;
            }
        }
    }
    return true;
}

const char *survey_age_band(int birth_year, int year)
{
    if (birth_year <= 0 || birth_year > year)
        return "unknown";
    int age = year - birth_year;
    return age < 40 ? "u40" : age < 65 ? "40_64" : "65p";
}

const char *survey_stratum(Arena *a, int birth_year, const char *residency, int year)
{
    const char *res = residency && (strcmp(residency, "permanent") == 0 || strcmp(residency, "floating") == 0)
                          ? residency
                          : "unknown";
    return arena_printf(a, "%s/%s", survey_age_band(birth_year, year), res);
}

void survey_draw_key(const char *seed, int64_t id, char out[65])
{
    char msg[320];
    int len = snprintf(msg, sizeof msg, "%s:%lld", seed, (long long)id);
    if (len < 0 || len >= (int)sizeof msg)
        len = (int)sizeof msg - 1;
    unsigned char h[crypto_hash_sha256_BYTES];
    crypto_hash_sha256(h, (const unsigned char *)msg, (unsigned long long)len);
    sodium_bin2hex(out, 65, h, sizeof h);
}

typedef struct DrawItem {
    int64_t id;
    const char *stratum;
    char key[65];
} DrawItem;

static int draw_cmp(const void *pa, const void *pb)
{
    const DrawItem *x = pa, *y = pb;
    int c = strcmp(x->stratum, y->stratum);
    if (c)
        return c;
    c = strcmp(x->key, y->key);
    if (c)
        return c;
    return x->id < y->id ? -1 : x->id > y->id;
}

int survey_draw(const char *seed, const SurveyUnit *units, int n, const SurveyQuota *q, int n_q, int64_t *chosen,
                int *rank, int *bad)
{
    *bad = -1;
    DrawItem *items = calloc((size_t)(n ? n : 1), sizeof *items);
    if (!items)
        return -1;
    for (int i = 0; i < n; i++) {
        items[i].id = units[i].id;
        items[i].stratum = units[i].stratum;
        survey_draw_key(seed, units[i].id, items[i].key);
    }
    qsort(items, (size_t)n, sizeof *items, draw_cmp);
    int taken = 0;
    for (int k = 0; k < n_q; k++) {
        int size = 0;
        for (int i = 0; i < n; i++)
            size += strcmp(items[i].stratum, q[k].stratum) == 0;
        bool repeated = false;
        for (int j = 0; j < k; j++)
            repeated = repeated || strcmp(q[j].stratum, q[k].stratum) == 0;
        if (q[k].n < 0 || q[k].n > size || repeated) {
            *bad = k;
            free(items);
            return -1;
        }
    }
    for (int k = 0; k < n_q; k++) {
        int r = 0;
        for (int i = 0; i < n && r < q[k].n; i++) {
            if (strcmp(items[i].stratum, q[k].stratum) != 0)
                continue;
            chosen[taken] = items[i].id;
            rank[taken] = r + 1;
            taken++;
            r++;
        }
    }
    free(items);
    return taken;
}
