/* assess_api.c: the quarterly assessment's JSON adapters: the prepared
 * review of a quarter, the recorded meetings with their decisions, and
 * recording one. For those who patrol or manage the compound; recording
 * needs PERM_SAFETY_MANAGE. */
#include <jansson.h>
#include <string.h>

#include "grid/grid.h"
#include "safety/web_int.h"

enum { PAGE_MAX = 20, DECISIONS_MAX = 50 };

static bool compound_or_reply(Req *r, int64_t id, const char **path)
{
    Ctx c = site_ctx(r);
    NodeInfo n;
    if (id == 0 || !grid_node_get(&c, id, &n) || n.kind != NODE_COMPOUND) {
        reply_error(r, 404, "not_found", "compound", "找不到这个院落", "No such compound");
        return false;
    }
    if (!safety_may_see_register(&c, n.path)) {
        reply_forbidden(r);
        return false;
    }
    *path = n.path;
    return true;
}

void api_assessment_prepare(Req *r)
{
    int64_t compound, start, end;
    const char *path, *q = req_query(r, "quarter");
    if (!req_query_int_or_reply(r, "compound", 0, 1, INT64_MAX, &compound) || !compound_or_reply(r, compound, &path))
        return;
    SafetyErr e;
    if (!safety_quarter_parse(q, &start, &end)) {
        safety_err(&e, SM_BAD_QUARTER, "quarter");
        safety_err_reply(r, &e);
        return;
    }
    Ctx c = site_ctx(r);
    SafetyReview rv;
    if (!safety_review_prepare(&c, compound, start, end, &rv, &e)) {
        safety_err_reply(r, &e);
        return;
    }
    resp_json(r);
    buf_printf(&r->out, "{\"compound_id\":%lld,\"quarter\":%j,\"review\":%s}", (long long)compound, q,
               safety_review_json(&c, &rv));
}

void api_assessments_list(Req *r)
{
    int64_t compound, after;
    const char *path;
    if (!req_query_int_or_reply(r, "compound", 0, 1, INT64_MAX, &compound) ||
        !req_query_int_or_reply(r, "after", 0, 0, INT64_MAX, &after) || !compound_or_reply(r, compound, &path))
        return;
    Ctx c = site_ctx(r);
    Assessment *items = arena_alloc(r->arena, sizeof(Assessment) * (PAGE_MAX + 1));
    int n = safety_assessments_page(&c, compound, after, items, PAGE_MAX + 1);
    if (n < 0) {
        reply_storage_error(r);
        return;
    }
    bool more = n > PAGE_MAX;
    if (more)
        n = PAGE_MAX;
    DecisionInput d[DECISIONS_MAX];
    resp_json(r);
    buf_puts(&r->out, "{\"items\":[");
    for (int i = 0; i < n; i++) {
        int k = safety_assessment_decisions(&c, items[i].id, d, DECISIONS_MAX);
        if (k < 0) {
            reply_storage_error(r);
            return;
        }
        /* review_json is the model's own JSON, frozen at recording */
        buf_printf(&r->out, "%s{\"id\":%lld,\"quarter\":%j,\"held_at\":%lld,\"attendees\":%j,\"minutes\":%j,\"review\":%s,"
                            "\"decisions\":[",
                   i ? "," : "", (long long)items[i].id, items[i].quarter, (long long)items[i].held_at,
                   items[i].attendees, items[i].minutes, items[i].review_json);
        for (int j = 0; j < k; j++)
            buf_printf(&r->out, "%s{\"hazard_id\":%lld,\"text\":%j}", j ? "," : "", (long long)d[j].hazard_id, d[j].text);
        buf_puts(&r->out, "]}");
    }
    if (more)
        buf_printf(&r->out, "],\"next\":%lld}", (long long)items[n - 1].id);
    else
        buf_puts(&r->out, "],\"next\":null}");
}

void api_assessment_create(Req *r)
{
    static const JsonField spec[] = {
        {"compound_id", JF_INT, JF_REQUIRED, 1, INT64_MAX},
        {"quarter", JF_STRING, JF_REQUIRED, 0, 10},
        {"held_at", JF_INT, JF_REQUIRED, 0, INT64_C(1) << 40},
        {"attendees", JF_STRING, JF_EMPTY_OK, 0, 1000},
        {"minutes", JF_STRING, JF_EMPTY_OK, 0, 10000},
        {NULL, 0, 0, 0, 0},
    };
    json_t *body = req_json_object_or_reply(r);
    if (!body)
        return;
    json_t *a = json_object_get(body, "decisions");
    if (a && (!json_is_array(a) || json_array_size(a) > DECISIONS_MAX)) {
        reply_error(r, 400, "bad_value", "decisions", "决定最多50条", "At most 50 decisions");
        return;
    }
    int n = a ? (int)json_array_size(a) : 0;
    DecisionInput *d = arena_alloc(r->arena, sizeof(DecisionInput) * (size_t)(n + 1));
    for (int i = 0; i < n; i++) {
        json_t *x = json_array_get(a, (size_t)i), *t = json_object_get(x, "text"), *h = json_object_get(x, "hazard_id");
        if (!json_is_object(x) || !json_is_string(t) || (h && !json_is_integer(h)) || json_string_length(t) > 1000) {
            reply_error(r, 400, "bad_value", "decisions", "每条决定须有内容（1000字以内），可关联一个隐患编号",
                        "Each decision has a text (at most 1000 characters) and may name a hazard");
            return;
        }
        d[i] = (DecisionInput){h ? json_integer_value(h) : 0, arena_strdup(r->arena, json_string_value(t))};
    }
    json_object_del(body, "decisions");
    JsonValue v[5];
    if (!json_fields_or_reply(r, body, spec, v))
        return;
    const char *path;
    if (!compound_or_reply(r, v[0].i, &path))
        return;
    Ctx c = site_ctx(r);
    SafetyErr e;
    int64_t id;
    if (!safety_may_manage(&c, path, &e) ||
        !safety_assessment_record(&c, v[0].i, v[1].s, v[2].i, v[3].present ? v[3].s : "",
                                  v[4].present ? v[4].s : "", d, n, &id, &e)) {
        safety_err_reply(r, &e);
        return;
    }
    r->status = 201;
    resp_json(r);
    buf_printf(&r->out, "{\"id\":%lld,\"quarter\":%j,\"decisions\":%d}", (long long)id, v[1].s, n);
}
