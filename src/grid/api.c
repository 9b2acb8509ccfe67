/* api.c: the household register's JSON API: households, residents, owners,
 * shops, search, import and the audit check. */
#include "grid/web.h"

#include <stdlib.h>
#include <string.h>

#include "auth/audit.h"
#include "site/site.h"
#include "core/respcache.h"
#include "core/utf8.h"
#include "grid/import.h"
#include "grid/list_sql.h"
#include "grid/register.h"
#include "http/jsonin.h"

static void reply_db_error(Req *r)
{
    Ctx cx = site_ctx(r);
    GridErr e;
    grid_db_fail(&cx, &e);
    grid_err_reply(r, &e);
}

/* Loads a node that must be a compound and checks perm on it. */
static bool compound_allowed_or_reply(Req *r, int64_t id, Perm perm, NodeInfo *n)
{
    if (!grid_node_load_allowed_or_reply(r, id, perm, n))
        return false;
    if (n->kind != NODE_COMPOUND) {
        reply_error(r, 400, "bad_value", "compound", "这个编号不是院落", "This id is not a compound");
        return false;
    }
    return true;
}

/* Loads a household node and checks perm on it; other kinds are 404. */
static bool household_allowed_or_reply(Req *r, int64_t id, Perm perm, NodeInfo *n)
{
    if (!grid_node_load_allowed_or_reply(r, id, perm, n))
        return false;
    if (n->kind != NODE_HOUSEHOLD) {
        reply_error(r, 404, "not_found", NULL, "找不到这一户", "No such household");
        return false;
    }
    return true;
}

/* Writes one household in full, as GET /api/households/{id} answers. */
static void household_reply(Req *r, int64_t id, int status)
{
    Ctx cx = site_ctx(r);
    Household h;
    GridErr e;
    if (!grid_household_load(&cx, id, &h, &e)) {
        grid_err_reply(r, &e);
        return;
    }
    r->status = status;
    resp_json(r);
    grid_household_json(&r->out, &h, true);
}

void api_households(Req *r)
{
    Ctx cx = site_ctx(r);
    int64_t cid, page, per_page, after;
    NodeInfo c;
    if (!req_query_id_or_reply(r, "compound", &cid) || !compound_allowed_or_reply(r, cid, PERM_REGISTER_READ, &c) ||
        !req_keyset_or_reply(r, &page, &per_page, &after))
        return;
    /* The page is the same for everyone who sees the same tags, so it is
     * cached, stamped with the register's generation (moved by triggers on
     * every register write): a reader whose sensitive-tag view is the same
     * for the whole compound shares the rendering. */
    bool all_tags = grid_may_see_sensitive_tags(&cx, c.path);
    bool cacheable = all_tags || !grid_may_see_sensitive_tags(&cx, NULL);
    int64_t gen = 0;
    const char *key = NULL;
    resp_json(r);
    if (cacheable && db_generation(r->db, "register", &gen)) {
        key = arena_printf(r->arena, "households/%lld/%lld/%lld/%lld/%d", (long long)c.id, (long long)page,
                           (long long)per_page, (long long)after, all_tags ? 1 : 0);
        if (respcache_get(key, gen, &r->out))
            return;
    }
    Household *hs;
    int n;
    GridPaging pg = {page, per_page, after};
    GridPageInfo info;
    GridErr e;
    if (!grid_households_page(&cx, &c, &pg, &hs, &n, &info, &e)) {
        grid_err_reply(r, &e);
        return;
    }
    Buf *b = &r->out;
    buf_puts(b, "{\"items\":[");
    for (int i = 0; i < n; i++) {
        if (i)
            buf_putc(b, ',');
        grid_household_json(b, &hs[i], false);
    }
    resp_list_tail(b, page, per_page, info.total, info.capped, info.next);
    buf_putc(b, '}');
    if (key)
        respcache_put(key, gen, b->data, b->len);
}

void api_household_get(Req *r)
{
    int64_t id;
    NodeInfo n;
    if (!req_param_id_or_reply(r, "id", &id) || !household_allowed_or_reply(r, id, PERM_REGISTER_READ, &n))
        return;
    household_reply(r, id, 200);
}

#define AREA_LIMIT INT64_C(1000000000)

static const JsonField household_create_spec[] = {
    {"unit_id", JF_INT, JF_REQUIRED, 1, INT64_MAX},
    {"door", JF_STRING, JF_REQUIRED, 0, 20},
    {"area", JF_INT, 0, 1, AREA_LIMIT},
    {"housing", JF_STRING, 0, 0, 20},
    {"note", JF_STRING, JF_EMPTY_OK, 0, 500},
    {"number", JF_STRING, JF_EMPTY_OK, 0, 20},
    {NULL, 0, 0, 0, 0},
};

void api_household_create(Req *r)
{
    Ctx cx = site_ctx(r);
    json_t *body = req_json_object_or_reply(r);
    JsonValue v[6];
    if (!body || !json_fields_or_reply(r, body, household_create_spec, v))
        return;
    NodeInfo unit;
    if (!grid_node_ref_or_reply(r, v[0].i, PERM_REGISTER_EDIT, "unit_id", &unit))
        return;
    HouseholdInput in = {v[1].s, v[2].present, v[2].i, v[3].present ? v[3].s : NULL, v[4].present ? v[4].s : NULL,
                         v[5].present ? v[5].s : NULL};
    GridErr e;
    int64_t id;
    if (!grid_household_create(&cx, &unit, &in, &id, &e)) {
        grid_err_reply(r, &e);
        return;
    }
    household_reply(r, id, 201);
}

static const JsonField household_update_spec[] = {
    {"door", JF_STRING, 0, 0, 20},
    {"area", JF_INT, JF_NULLABLE, 1, AREA_LIMIT},
    {"housing", JF_STRING, 0, 0, 20},
    {"note", JF_STRING, JF_EMPTY_OK, 0, 500},
    {NULL, 0, 0, 0, 0},
};

/* True when the body names the field with an explicit null (a clear). */
static bool sent_null(json_t *body, const char *name)
{
    json_t *v = json_object_get(body, name);
    return v && json_is_null(v);
}

void api_household_update(Req *r)
{
    Ctx cx = site_ctx(r);
    int64_t id;
    NodeInfo n;
    if (!req_param_id_or_reply(r, "id", &id) || !household_allowed_or_reply(r, id, PERM_REGISTER_EDIT, &n))
        return;
    json_t *body = req_json_object_or_reply(r);
    JsonValue v[4];
    if (!body || !json_fields_or_reply(r, body, household_update_spec, v))
        return;
    HouseholdInput in = {v[0].present ? v[0].s : NULL, v[1].present || sent_null(body, "area"),
                         v[1].present ? v[1].i : 0, v[2].present ? v[2].s : NULL, v[3].present ? v[3].s : NULL, NULL};
    GridErr e;
    if (!grid_household_update(&cx, &n, &in, &e)) {
        grid_err_reply(r, &e);
        return;
    }
    household_reply(r, id, 200);
}

/* ---- persons --------------------------------------------------------------- */

static const JsonField person_spec_create[] = {
    {"name", JF_STRING, JF_REQUIRED, 0, 50},
    {"gender", JF_STRING, JF_EMPTY_OK, 0, 4},
    {"birth_year", JF_INT, JF_NULLABLE, 1900, 2100},
    {"residency", JF_STRING, JF_REQUIRED, 0, 20},
    {"relation", JF_STRING, JF_EMPTY_OK, 0, 20},
    {"id_number", JF_STRING, JF_EMPTY_OK, 0, 32},
    {"phone", JF_STRING, JF_EMPTY_OK, 0, 32},
    {"tags", JF_STRINGS, 0, 0, 20},
    {NULL, 0, 0, 0, 0},
};

static const JsonField person_spec_update[] = {
    {"name", JF_STRING, 0, 0, 50},
    {"gender", JF_STRING, JF_EMPTY_OK | JF_NULLABLE, 0, 4},
    {"birth_year", JF_INT, JF_NULLABLE, 1900, 2100},
    {"residency", JF_STRING, 0, 0, 20},
    {"relation", JF_STRING, JF_EMPTY_OK | JF_NULLABLE, 0, 20},
    {"id_number", JF_STRING, JF_EMPTY_OK | JF_NULLABLE, 0, 32},
    {"phone", JF_STRING, JF_EMPTY_OK | JF_NULLABLE, 0, 32},
    {"tags", JF_STRINGS, 0, 0, 20},
    {NULL, 0, 0, 0, 0},
};

/* The validated body as model input: an explicit null clears a field, the
 * same as "". */
static PersonInput person_input(json_t *body, const JsonValue *v)
{
    PersonInput in = {0};
    const char *names[] = {"name", "gender", NULL, "residency", "relation", "id_number", "phone"};
    const char **slots[] = {&in.name, &in.gender, NULL, &in.residency, &in.relation, &in.id_number, &in.phone};
    for (int i = 0; i < 7; i++) {
        if (!slots[i])
            continue;
        if (v[i].present)
            *slots[i] = v[i].s;
        else if (i != 0 && i != 3 && sent_null(body, names[i]))
            *slots[i] = "";
    }
    in.set_birth_year = v[2].present || sent_null(body, "birth_year");
    in.birth_year = v[2].present ? v[2].i : 0;
    in.set_tags = v[7].present;
    in.tags = v[7].list;
    in.n_tags = v[7].n_list;
    return in;
}

/* Answers with one member, masked, as the lists show it. */
static void member_reply(Req *r, const NodeInfo *hh, int64_t person_id, int status)
{
    Ctx cx = site_ctx(r);
    Member m;
    GridErr e;
    if (!grid_member_load(&cx, person_id, &m, &e)) {
        if (e.msg == GM_NO_PERSON)
            reply_not_found(r);
        else
            grid_err_reply(r, &e);
        return;
    }
    r->status = status;
    resp_json(r);
    grid_member_json(&r->out, &m, grid_may_see_sensitive_tags(&cx, hh->path));
}

void api_person_create(Req *r)
{
    Ctx cx = site_ctx(r);
    int64_t hid;
    NodeInfo hh;
    if (!req_param_id_or_reply(r, "id", &hid) || !household_allowed_or_reply(r, hid, PERM_REGISTER_EDIT, &hh))
        return;
    json_t *body = req_json_object_or_reply(r);
    JsonValue v[8];
    if (!body || !json_fields_or_reply(r, body, person_spec_create, v))
        return;
    PersonInput in = person_input(body, v);
    GridErr e;
    int64_t pid;
    if (!grid_person_save(&cx, &hh, 0, &in, &pid, &e)) {
        grid_err_reply(r, &e);
        return;
    }
    member_reply(r, &hh, pid, 201);
}

/* Loads a person's household node and checks perm on it; replies itself. */
static bool person_allowed_or_reply(Req *r, Perm perm, int64_t *pid, NodeInfo *hh)
{
    Ctx cx = site_ctx(r);
    Member m;
    if (!req_param_id_or_reply(r, "id", pid))
        return false;
    GridErr e;
    if (!grid_member_load(&cx, *pid, &m, &e)) {
        grid_err_reply(r, &e); /* GM_NO_PERSON: 404 not_found, 找不到这位居民 */
        return false;
    }
    return grid_node_load_allowed_or_reply(r, m.household_id, perm, hh);
}

void api_person_update(Req *r)
{
    Ctx cx = site_ctx(r);
    int64_t pid;
    NodeInfo hh;
    if (!person_allowed_or_reply(r, PERM_REGISTER_EDIT, &pid, &hh))
        return;
    json_t *body = req_json_object_or_reply(r);
    JsonValue v[8];
    if (!body || !json_fields_or_reply(r, body, person_spec_update, v))
        return;
    PersonInput in = person_input(body, v);
    GridErr e;
    if (!grid_person_save(&cx, &hh, pid, &in, NULL, &e)) {
        grid_err_reply(r, &e);
        return;
    }
    member_reply(r, &hh, pid, 200);
}

void api_person_delete(Req *r)
{
    Ctx cx = site_ctx(r);
    int64_t pid;
    NodeInfo hh;
    if (!person_allowed_or_reply(r, PERM_REGISTER_EDIT, &pid, &hh))
        return;
    GridErr e;
    if (!grid_person_delete(&cx, &hh, pid, &e)) {
        grid_err_reply(r, &e);
        return;
    }
    resp_json(r);
    buf_printf(&r->out, "{\"ok\":true,\"id\":%lld}", (long long)pid);
}

void api_person_reveal(Req *r)
{
    Ctx cx = site_ctx(r);
    int64_t pid;
    NodeInfo hh;
    if (!person_allowed_or_reply(r, PERM_PII_FULL, &pid, &hh))
        return;
    char *id_number, *phone;
    GridErr e;
    if (!grid_person_reveal(&cx, pid, &id_number, &phone, &e)) {
        grid_err_reply(r, &e);
        return;
    }
    resp_json(r);
    buf_printf(&r->out, "{\"id\":%lld,\"id_number\":%j,\"phone\":%j}", (long long)pid, id_number, phone);
    free(id_number);
    free(phone);
}

/* ---- owners, shops ------------------------------------------------------------ */

/* area: the flat's area from the owner's certificate, optional: it must
 * agree with the flat's, or becomes it when the flat has none. */
static const JsonField owner_spec[] = {
    {"name", JF_STRING, JF_REQUIRED, 0, 100},
    {"id_number", JF_STRING, JF_EMPTY_OK, 0, 32},
    {"area", JF_INT, 0, 1, AREA_LIMIT},
    {"area_source", JF_STRING, 0, 0, 20},
    {"is_developer", JF_BOOL, 0, 0, 0},
    {"share_bp", JF_INT, JF_NULLABLE, 1, 10000},
    {NULL, 0, 0, 0, 0},
};

void api_owner_create(Req *r)
{
    Ctx cx = site_ctx(r);
    int64_t hid;
    NodeInfo hh;
    if (!req_param_id_or_reply(r, "id", &hid) || !household_allowed_or_reply(r, hid, PERM_REGISTER_EDIT, &hh))
        return;
    json_t *body = req_json_object_or_reply(r);
    JsonValue v[6];
    if (!body || !json_fields_or_reply(r, body, owner_spec, v))
        return;
    OwnerInput in = {v[0].s, v[1].present ? v[1].s : NULL, v[3].present ? v[3].s : NULL, v[2].present ? v[2].i : 0,
                     v[5].present ? (int)v[5].i : 0, v[4].present && v[4].b};
    Owner o;
    GridErr e;
    if (!grid_owner_create(&cx, &hh, &in, &o, &e)) {
        grid_err_reply(r, &e);
        return;
    }
    r->status = 201;
    resp_json(r);
    grid_owner_json(&r->out, &o);
}

void api_shops(Req *r)
{
    int64_t cid, page, per_page, after, total = 0;
    NodeInfo c;
    if (!req_query_id_or_reply(r, "compound", &cid) || !compound_allowed_or_reply(r, cid, PERM_TREE_READ, &c) ||
        !req_keyset_or_reply(r, &page, &per_page, &after))
        return;
    /* A shop hangs on the compound or a node inside it, and carries its
     * compound (migration 026): a page is a range of (compound, id). */
    if (!db_int(r->db, &total, GRID_SHOP_COUNT, DB_I(c.id), DB_I(GRID_LIST_COUNT_CAP + 1))) {
        reply_db_error(r);
        return;
    }
    DbStmt *st = db_query(r->db, GRID_SHOP_IDS, DB_I(c.id), DB_I(after), DB_I(per_page + 1),
                          DB_I(after ? 0 : (page - 1) * per_page));
    resp_json(r);
    Buf *b = &r->out;
    buf_puts(b, "{\"items\":[");
    int64_t last = 0;
    bool more = false;
    for (int i = 0; db_step(st) == DB_ROW; i++) {
        if (i == per_page) { /* the row past the page: there is a next page */
            more = true;
            continue;
        }
        last = db_col_int(st, 0);
        buf_printf(b, "%s{\"id\":%lld,\"node_id\":%lld,\"name\":%j,\"category\":%j,\"address\":%j,\"contact_name\":%j,"
                      "\"phone\":%j}",
                   i ? "," : "", (long long)last, (long long)db_col_int(st, 1), db_col_text(st, 2),
                   db_col_text(st, 3), db_col_text(st, 4), db_col_text(st, 5), db_col_text(st, 6));
    }
    if (!db_done(st)) {
        reply_db_error(r);
        return;
    }
    bool capped = total > GRID_LIST_COUNT_CAP;
    resp_list_tail(b, page, per_page, capped ? GRID_LIST_COUNT_CAP : total, capped, more ? last : 0);
    buf_putc(b, '}');
}

/* ---- search ------------------------------------------------------------------- */

const char *grid_search_text_or_reply(Req *r)
{
    const char *q = req_query(r, "q");
    if (!q)
        q = req_form(r, "q"); /* the search page posts its form */
    if (!q)
        q = "";
    while (*q == ' ' || *q == '\t')
        q++;
    size_t n = strlen(q);
    while (n > 0 && (q[n - 1] == ' ' || q[n - 1] == '\t'))
        n--;
    char *t = arena_strndup(r->arena, q, n);
    if (!t[0]) {
        reply_error(r, 400, "missing_field", "q", "请输入要搜索的姓名、地址或电话", "Enter a name, address or phone");
        return NULL;
    }
    if (!utf8_valid(t, n)) {
        reply_error(r, 400, "bad_utf8", "q", "搜索内容有无效字符", "The search text holds invalid characters");
        return NULL;
    }
    if (utf8_len(t) > 50) {
        reply_error(r, 400, "too_long", "q", "搜索内容最多50个字", "The search text is at most 50 characters");
        return NULL;
    }
    return t;
}

void api_search(Req *r)
{
    Ctx cx = site_ctx(r);
    if (!auth_require_or_reply(r, PERM_REGISTER_READ, NULL))
        return;
    const char *q = grid_search_text_or_reply(r);
    if (!q)
        return;
    SearchHit *hits;
    int n;
    GridErr e;
    if (!grid_search(&cx, q, &hits, &n, &e)) {
        grid_err_reply(r, &e);
        return;
    }
    resp_json(r);
    Buf *b = &r->out;
    buf_puts(b, "{\"items\":[");
    for (int i = 0; i < n; i++) {
        const SearchHit *h = &hits[i];
        buf_printf(b, "%s{\"type\":%j,\"household_id\":%lld,\"address\":%j", i ? "," : "",
                   h->is_person ? "person" : "household", (long long)h->household_id, h->address);
        if (h->is_person)
            buf_printf(b, ",\"person_id\":%lld,\"name\":%j,\"phone\":%j", (long long)h->person_id, h->name,
                       h->phone_mask);
        buf_putc(b, '}');
    }
    buf_printf(b, "],\"page\":1,\"per_page\":%d,\"total\":%d}", GRID_SEARCH_MAX, n);
}

/* ---- import --------------------------------------------------------------------- */

/* What every report carries, ok or not: the format read, each column as used
 * or ignored, the warnings, the nearest names for unknown compounds, and the
 * notes (what the import split or merged at a door, and why). */
static void import_report_parts_json(Buf *b, const ImportReport *rep)
{
    buf_printf(b, ",\"format\":%j,\"columns\":[", rep->format[0] ? rep->format : NULL);
    for (int i = 0; i < rep->n_columns; i++) {
        const ImportColumn *c = &rep->columns[i];
        buf_printf(b, "%s{\"index\":%d,\"header\":%j,\"status\":%j,\"field\":%j,\"field_zh\":%j,\"dates\":%s}",
                   i ? "," : "", c->index, c->header, c->field[0] ? "used" : "ignored", c->field[0] ? c->field : NULL,
                   c->field[0] ? c->field_zh : NULL, c->dates ? "true" : "false");
    }
    buf_puts(b, "],\"warnings\":[");
    for (int i = 0; i < rep->n_warnings; i++) {
        const ImportProblem *w = &rep->warnings[i];
        buf_printf(b, "%s{\"line\":", i ? "," : "");
        if (w->line)
            buf_printf(b, "%d", w->line);
        else
            buf_puts(b, "null");
        buf_printf(b, ",\"column\":%j,\"code\":%j,\"message\":%j}", w->column[0] ? w->column : NULL, w->code, w->message);
    }
    buf_puts(b, "],\"suggestions\":[");
    for (int i = 0; i < rep->n_suggestions; i++) {
        const ImportSuggestion *sg = &rep->suggestions[i];
        buf_printf(b, "%s{\"name\":%j,\"suggestions\":[", i ? "," : "", sg->name);
        for (int k = 0; k < sg->n; k++)
            buf_printf(b, "%s%j", k ? "," : "", sg->names[k]);
        buf_puts(b, "]}");
    }
    buf_puts(b, "],\"notes\":[");
    for (int i = 0; i < rep->n_notes; i++) {
        const ImportProblem *n = &rep->notes[i];
        buf_printf(b, "%s{\"line\":%d,\"code\":%j,\"message\":%j}", i ? "," : "", n->line, n->code, n->message);
    }
    buf_putc(b, ']');
}

void grid_import_report_json(Req *r, const ImportReport *rep, bool ok, bool dry_run)
{
    resp_json(r);
    buf_reset(&r->out);
    Buf *b = &r->out;
    if (ok) {
        r->status = 200;
        buf_printf(b,
                   "{\"ok\":true,\"dry_run\":%s,\"rows\":%d,\"households_new\":%d,\"persons_new\":%d,"
                   "\"converted_from_gbk\":%s",
                   dry_run ? "true" : "false", rep->rows, rep->households_new, rep->persons_new,
                   rep->converted_from_gbk ? "true" : "false");
        import_report_parts_json(b, rep);
        buf_putc(b, '}');
        return;
    }
    const char *zh = rep->fatal[0] ? rep->fatal : "文件有问题，没有导入任何数据；请按下列行号修改后重试";
    const char *en = rep->fatal[0] ? rep->fatal : "The file has problems; nothing was imported";
    buf_printf(b, "{\"ok\":false,\"dry_run\":%s,\"error\":{\"code\":\"import_rejected\",\"message\":%j,\"message_zh\":%j,"
                  "\"field\":null},\"rows\":%d,\"problems\":[",
               dry_run ? "true" : "false", en, zh, rep->rows);
    for (int i = 0; i < rep->n_problems; i++) {
        const ImportProblem *p = &rep->problems[i];
        buf_printf(b, "%s{\"line\":%d,\"column\":%j,\"code\":%j,\"message\":%j}", i ? "," : "", p->line, p->column,
                   p->code, p->message);
    }
    buf_printf(b, "],\"converted_from_gbk\":%s", rep->converted_from_gbk ? "true" : "false");
    import_report_parts_json(b, rep);
    buf_putc(b, '}');
    r->status = 422;
    r->failed = true;
}

void api_import(Req *r)
{
    Ctx cx = site_ctx(r);
    if (!auth_require_or_reply(r, PERM_IMPORT, NULL))
        return;
    const char *scope = grid_import_scope(&cx);
    if (!scope) {
        reply_forbidden(r);
        return;
    }
    if (!auth_require_or_reply(r, PERM_IMPORT, scope))
        return;
    const char *dry = req_query(r, "dry_run");
    bool dry_run = true;
    if (dry && dry[0]) {
        if (strcmp(dry, "0") == 0 || strcmp(dry, "false") == 0)
            dry_run = false;
        else if (strcmp(dry, "1") != 0 && strcmp(dry, "true") != 0) {
            reply_error(r, 400, "bad_value", "dry_run", "dry_run 应为 1 或 0", "dry_run must be 1 or 0");
            return;
        }
    }
    const char *format = req_query(r, "format");
    ImportFormat fmt = IMPORT_GUESS;
    if (format && format[0]) {
        if (strcmp(format, "csv") == 0)
            fmt = IMPORT_CSV;
        else if (strcmp(format, "xlsx") == 0)
            fmt = IMPORT_XLSX;
        else if (strcmp(format, "xls") == 0)
            fmt = IMPORT_XLS;
        else {
            reply_error(r, 400, "bad_value", "format", "格式应为 csv、xlsx 或 xls", "format must be csv, xlsx or xls");
            return;
        }
    }
    const unsigned char *data = (const unsigned char *)r->body;
    size_t len = r->body_len;
    if (r->n_uploads > 0) {
        const Upload *u = req_upload(r, "file");
        if (!u)
            u = &r->uploads[0];
        data = u->data;
        len = u->len;
    }
    if (!data || len == 0) {
        reply_error(r, 400, "missing_field", "file", "请上传一个 CSV、XLSX 或 XLS 文件", "Send a CSV, XLSX or XLS file");
        return;
    }
    ImportReport rep;
    memset(&rep, 0, sizeof rep);
    Ctx ic = site_ctx(r);
    bool ok = import_register(r->db, ctx_actor(&ic), scope, grid_may_see_pii(&ic, scope), data, len, fmt, dry_run, &rep);
    grid_import_report_json(r, &rep, ok, dry_run);
    import_report_free(&rep);
}

/* ---- audit ---------------------------------------------------------------------- */

void api_audit_verify(Req *r)
{
    /* The chain is one log for the whole system; verifying it reveals only
     * whether it holds. */
    if (!auth_require_or_reply(r, PERM_AUDIT_READ, NULL))
        return;
    AuditCheck c;
    memset(&c, 0, sizeof c);
    if (!audit_verify(r->db, &c)) {
        reply_db_error(r);
        return;
    }
    resp_json(r);
    buf_printf(&r->out, "{\"ok\":%s,\"events\":%lld,\"first_bad\":", c.first_bad ? "false" : "true",
               (long long)c.events);
    if (c.first_bad)
        buf_printf(&r->out, "%lld", (long long)c.first_bad);
    else
        buf_puts(&r->out, "null");
    char head[48] = "";
    if (c.head.seq > 0)
        audit_head_format(&c.head, head);
    buf_printf(&r->out, ",\"reason\":%j,\"keyed_from\":%lld,\"head\":", c.reason, (long long)c.keyed_from);
    if (head[0] && !c.first_bad)
        buf_printf(&r->out, "%j}", head);
    else
        buf_puts(&r->out, "null}");
}
