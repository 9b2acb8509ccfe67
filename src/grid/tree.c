/* tree.c: the grid tree (street > ... > household): pure helpers for paths,
 * areas and tags, node loading and scope checks, and the node JSON API. */
#include "grid/grid.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "auth/audit.h"
#include "site/site.h"
#include "core/buf.h"
#include "core/clock.h"
#include "core/utf8.h"
#include "grid/pii.h"
#include "grid/register.h"
#include "http/jsonin.h"

/* ---- pure helpers ------------------------------------------------------ */

/* 10,000,000 m² in 0.01 m²: far above any flat, far below int64 overflow. */
#define AREA_MAX INT64_C(1000000000)

bool grid_parse_area(const char *text, int64_t *out)
{
    if (!text)
        return false;
    while (*text == ' ' || *text == '\t')
        text++;
    size_t n = strlen(text);
    while (n > 0 && (text[n - 1] == ' ' || text[n - 1] == '\t'))
        n--;
    if (n == 0)
        return false;
    int64_t whole = 0, frac = 0;
    int int_digits = 0, frac_digits = 0;
    size_t i = 0;
    for (; i < n && text[i] >= '0' && text[i] <= '9'; i++) {
        whole = whole * 10 + (text[i] - '0');
        int_digits++;
        if (whole > AREA_MAX / 100)
            return false;
    }
    if (int_digits == 0)
        return false;
    if (i < n) {
        if (text[i] != '.')
            return false;
        for (i++; i < n && text[i] >= '0' && text[i] <= '9'; i++) {
            if (++frac_digits > 2)
                return false;
            frac = frac * 10 + (text[i] - '0');
        }
        if (frac_digits == 0 || i < n)
            return false;
    }
    if (frac_digits == 1)
        frac *= 10;
    int64_t v = whole * 100 + frac;
    if (v <= 0 || v > AREA_MAX)
        return false;
    *out = v;
    return true;
}

bool grid_path_upper(const char *prefix, char *out, size_t outlen)
{
    if (!prefix)
        return false;
    size_t n = strlen(prefix);
    if (n == 0 || prefix[n - 1] != '/' || n + 1 > outlen)
        return false;
    memcpy(out, prefix, n - 1);
    out[n - 1] = '0';
    out[n] = '\0';
    return true;
}

static bool has_prefix(const char *s, const char *prefix)
{
    return strncmp(s, prefix, strlen(prefix)) == 0;
}

int grid_prefixes_minimal(const char **paths, int n)
{
    /* Dropped entries become NULL first; comparing only against entries
     * still present is enough because "is inside" is transitive. */
    for (int i = 0; i < n; i++) {
        if (!paths[i])
            continue;
        for (int j = 0; j < n; j++) {
            if (j == i || !paths[j] || !has_prefix(paths[i], paths[j]))
                continue;
            size_t li = strlen(paths[i]), lj = strlen(paths[j]);
            if (lj < li || j < i) {
                paths[i] = NULL;
                break;
            }
        }
    }
    int k = 0;
    for (int i = 0; i < n; i++)
        if (paths[i])
            paths[k++] = paths[i];
    return k;
}

int64_t grid_path_id_at(const char *path, int depth)
{
    if (!path || path[0] != '/' || depth < 0)
        return 0;
    const char *p = path + 1;
    for (int d = 0; *p; d++) {
        int64_t v = 0;
        int digits = 0;
        while (*p >= '0' && *p <= '9') {
            if (v > (INT64_MAX - 9) / 10)
                return 0;
            v = v * 10 + (*p - '0');
            p++;
            digits++;
        }
        if (*p != '/' || digits == 0)
            return 0;
        p++;
        if (d == depth)
            return v;
    }
    return 0;
}

bool grid_kind_may_create(NodeKind parent, NodeKind child)
{
    if ((unsigned)parent >= NODE__COUNT || (unsigned)child >= NODE__COUNT)
        return false;
    return child == parent + 1 && child != NODE_HOUSEHOLD;
}

char *grid_like_contains(Arena *a, const char *text)
{
    size_t n = text ? strlen(text) : 0;
    char *out = arena_alloc(a, 2 * n + 3);
    size_t o = 0;
    out[o++] = '%';
    for (size_t i = 0; i < n; i++) {
        if (text[i] == '%' || text[i] == '_' || text[i] == '\\')
            out[o++] = '\\';
        out[o++] = text[i];
    }
    out[o++] = '%';
    out[o] = '\0';
    return out;
}

GridQueryKind grid_search_kind(const char *q, char norm[19])
{
    norm[0] = 0;
    if (!q)
        return GRID_Q_TEXT;
    size_t n = 0;
    const unsigned char *u = (const unsigned char *)q;
    while (*u) {
        char c = 0;
        if (*u >= '0' && *u <= '9') {
            c = (char)*u++;
        } else if (u[0] == 0xEF && u[1] == 0xBC && u[2] >= 0x90 && u[2] <= 0x99) {
            c = (char)('0' + (u[2] - 0x90)); /* full-width digit */
            u += 3;
        } else if (*u == 'X' || *u == 'x') {
            c = 'X';
            u++;
        } else if (u[0] == 0xEF && ((u[1] == 0xBC && u[2] == 0xB8) || (u[1] == 0xBD && u[2] == 0x98))) {
            c = 'X'; /* full-width X */
            u += 3;
        } else if (*u == ' ' || *u == '-') {
            u++;
            continue;
        } else if ((u[0] == 0xE3 && u[1] == 0x80 && u[2] == 0x80) || (u[0] == 0xEF && u[1] == 0xBC && u[2] == 0x8D)) {
            u += 3; /* ideographic space, full-width hyphen */
            continue;
        } else {
            return GRID_Q_TEXT;
        }
        if (n == 18)
            return GRID_Q_TEXT;
        norm[n++] = c;
    }
    norm[n] = 0;
    /* an X is an ID number's last character, and nothing else */
    for (size_t i = 0; i < n; i++)
        if (norm[i] == 'X' && !(n == 18 && i == 17))
            return GRID_Q_TEXT;
    if (n == 11 && norm[0] == '1')
        return GRID_Q_PHONE;
    if (n == 18)
        return GRID_Q_ID;
    if (n == 4)
        return GRID_Q_LAST4;
    return GRID_Q_TEXT;
}

char *grid_address(Arena *a, const char *compound, const char *building, const char *unit, const char *door)
{
    compound = compound ? compound : "";
    building = building ? building : "";
    /* "学道苑·拱背桥25号1栋" is itself a building: do not say "1栋" twice
     * (the rule of the demo's and the importer's addresses). */
    size_t cl = strlen(compound), bl = strlen(building);
    if (bl > 0 && cl >= bl && strcmp(compound + cl - bl, building) == 0)
        building = "";
    Buf b = BUF_INIT;
    buf_puts(&b, compound);
    buf_puts(&b, building);
    buf_puts(&b, unit ? unit : "");
    buf_puts(&b, door ? door : "");
    char *s = arena_strdup(a, buf_str(&b));
    buf_free(&b);
    return s;
}

char *grid_household_label(Arena *a, const char *door, const char *number)
{
    if (!number || !number[0])
        return arena_strdup(a, door ? door : "");
    Buf b = BUF_INIT;
    buf_puts(&b, door ? door : "");
    buf_puts(&b, "（户号");
    buf_puts(&b, number);
    buf_puts(&b, "）");
    char *s = arena_strdup(a, buf_str(&b));
    buf_free(&b);
    return s;
}

typedef struct Choice {
    const char *name, *zh;
} Choice;

static const Choice housing_choices[] = {
    {"owned", "自有"}, {"rented", "租住"}, {"public", "公房"}, {"vacant", "空置"}, {NULL, NULL}};
static const Choice residency_choices[] = {{"permanent", "常住"}, {"floating", "流动"}, {NULL, NULL}};
static const Choice gender_choices[] = {{"M", "男"}, {"F", "女"}, {"m", "男"}, {"f", "女"}, {NULL, NULL}};

static const char *choice_canonical(const Choice *c, const char *any)
{
    if (!any)
        return NULL;
    for (; c->name; c++)
        if (strcmp(any, c->name) == 0 || strcmp(any, c->zh) == 0)
            return c->name;
    return NULL;
}

const char *grid_housing_canonical(const char *any)
{
    return choice_canonical(housing_choices, any);
}

const char *grid_housing_label_zh(const char *canonical)
{
    for (const Choice *c = housing_choices; c->name; c++)
        if (canonical && strcmp(canonical, c->name) == 0)
            return c->zh;
    return canonical ? canonical : "";
}

const char *grid_residency_canonical(const char *any)
{
    return choice_canonical(residency_choices, any);
}

const char *grid_gender_canonical(const char *any)
{
    const char *g = choice_canonical(gender_choices, any);
    if (!g)
        return NULL;
    return (g[0] == 'M' || g[0] == 'm') ? "M" : "F";
}

char *grid_tags_join(Arena *a, const char *const *tags, int n, const char **bad)
{
    Buf b = BUF_INIT;
    const char **seen = arena_alloc(a, sizeof *seen * (size_t)(n > 0 ? n : 1));
    int n_seen = 0;
    for (int i = 0; i < n; i++) {
        const char *c = pii_tag_canonical(tags[i]);
        if (!c) {
            if (bad)
                *bad = tags[i];
            buf_free(&b);
            return NULL;
        }
        bool dup = false;
        for (int k = 0; k < n_seen; k++)
            if (strcmp(seen[k], c) == 0)
                dup = true;
        if (dup)
            continue;
        seen[n_seen++] = c;
        if (b.len)
            buf_putc(&b, ',');
        buf_puts(&b, c);
    }
    char *s = arena_strdup(a, buf_str(&b));
    buf_free(&b);
    return s;
}

/* Calls fn for each non-empty comma-separated item of csv. */
static void tags_each(const char *csv, void (*fn)(const char *tag, void *ctx), void *ctx)
{
    if (!csv)
        return;
    char tag[64];
    const char *p = csv;
    while (*p) {
        const char *end = strchr(p, ',');
        size_t len = end ? (size_t)(end - p) : strlen(p);
        /* Stored tags come from the vocabulary and are short; a longer item
         * cannot be a tag of ours and is skipped rather than cut. */
        if (len > 0 && len < sizeof tag) {
            memcpy(tag, p, len);
            tag[len] = '\0';
            fn(tag, ctx);
        }
        p += len;
        if (*p == ',')
            p++;
    }
}

typedef struct TagsJsonCtx {
    Buf *b;
    bool show_sensitive;
    int count;
} TagsJsonCtx;

static void tag_json_one(const char *tag, void *vctx)
{
    TagsJsonCtx *ctx = vctx;
    if (!ctx->show_sensitive && pii_tag_sensitive(tag))
        return;
    buf_printf(ctx->b, "%s%j", ctx->count++ ? "," : "", tag);
}

void grid_tags_json(Buf *b, const char *csv, bool show_sensitive)
{
    TagsJsonCtx ctx = {b, show_sensitive, 0};
    buf_putc(b, '[');
    tags_each(csv, tag_json_one, &ctx);
    buf_putc(b, ']');
}

static void tag_sensitive_one(const char *tag, void *vb)
{
    Buf *b = vb;
    if (!pii_tag_sensitive(tag))
        return;
    if (b->len)
        buf_putc(b, ',');
    buf_puts(b, tag);
}

char *grid_tags_sensitive_only(Arena *a, const char *csv)
{
    Buf b = BUF_INIT;
    tags_each(csv, tag_sensitive_one, &b);
    char *s = arena_strdup(a, buf_str(&b));
    buf_free(&b);
    return s;
}

/* ---- errors, audit ------------------------------------------------------ */

bool grid_err(GridErr *e, int status, const char *code, const char *field, GridMsg msg)
{
    e->status = status;
    e->code = code;
    e->field = field;
    e->msg = msg;
    return false;
}

bool grid_err_db(Req *r, GridErr *e)
{
    switch (db_error_class(r->db)) {
    case DB_ERR_CONSTRAINT:
        return grid_err(e, 409, "conflict", NULL, GM_DB_CONFLICT);
    case DB_ERR_BUSY:
        return grid_err(e, 503, "busy", NULL, GM_DB_BUSY);
    default:
        return grid_err(e, 500, "internal", NULL, GM_DB_INTERNAL);
    }
}

int64_t grid_actor(const Req *r)
{
    return r->who ? r->who->user_id : 0;
}

bool grid_audit(Req *r, const char *entity, int64_t id, const char *action, const char *before, const char *after,
                GridErr *e)
{
    if (audit_append(r->db, grid_actor(r), entity, id, action, before, after))
        return true;
    return grid_err_db(r, e);
}

/* ---- nodes -------------------------------------------------------------- */

bool grid_node_count(Db *db, int64_t *out)
{
    return db_int(db, out, "SELECT COUNT(*) FROM node");
}

bool grid_node_get(const Ctx *c, int64_t id, NodeInfo *out)
{
    DbStmt *st = db_query(c->db, "SELECT id, parent_id, kind, name, path FROM node WHERE id = ?", DB_I(id));
    bool found = false;
    if (db_step(st) == DB_ROW) {
        NodeKind k;
        if (node_kind_parse(db_col_text(st, 2), &k)) {
            out->id = db_col_int(st, 0);
            out->parent_id = db_col_null(st, 1) ? 0 : db_col_int(st, 1);
            out->kind = k;
            out->name = arena_strdup(c->arena, db_col_text(st, 3));
            out->path = arena_strdup(c->arena, db_col_text(st, 4));
            found = out->name && out->path;
        }
    }
    return db_done(st) && found;
}

bool grid_node_load(Req *r, int64_t id, NodeInfo *out)
{
    Ctx c = site_ctx(r);
    return grid_node_get(&c, id, out);
}

bool grid_grant_place(const Ctx *c, int64_t node_id, GrantPlace *out)
{
    NodeInfo n;
    if (!grid_node_get(c, node_id, &n))
        return false;
    *out = (GrantPlace){n.id, n.kind, n.path, NULL};
    if (n.kind <= NODE_COMPOUND)
        return true;
    /* the one compound among the ancestors: its path is a prefix of ours */
    for (int depth = 0;; depth++) {
        int64_t id = grid_path_id_at(n.path, depth);
        if (!id || id == n.id)
            return false;
        NodeInfo a;
        if (!grid_node_get(c, id, &a))
            return false;
        if (a.kind == NODE_COMPOUND) {
            out->compound_path = a.path;
            return true;
        }
    }
}

bool grid_node_load_allowed_or_reply(Req *r, int64_t id, Perm perm, NodeInfo *out)
{
    if (!grid_node_load(r, id, out)) {
        reply_not_found(r);
        return false;
    }
    return auth_require_or_reply(r, perm, out->path);
}

bool grid_node_ref_or_reply(Req *r, int64_t id, Perm perm, const char *field, NodeInfo *out)
{
    if (!grid_node_load(r, id, out) || !perm_allows(r->who, PERM_TREE_READ, out->path)) {
        reply_error(r, 404, "not_found", field, "找不到这个编号对应的节点", "No such node");
        return false;
    }
    if (perm_allows(r->who, perm, out->path))
        return true;
    reply_error(r, 403, "forbidden", field, "您没有权限对这个节点进行这个操作", "You may not do this at that node");
    return false;
}

static bool sibling_name_taken(Req *r, int64_t parent_id, const char *name, int64_t except_id)
{
    int64_t found = 0;
    return db_int(r->db, &found, "SELECT id FROM node WHERE parent_id = ? AND name = ? AND id <> ?", DB_I(parent_id),
                  DB_T(name), DB_I(except_id));
}

/* Inserts a node under parent_id (0: a root) whose path is parent_path
 * ("/" for a root); fills its id and path (path_out: 24 bytes more than
 * parent_path). */
static bool node_insert_db(Db *db, int64_t parent_id, const char *parent_path, NodeKind kind, const char *name,
                           const char *code, int64_t *id_out, char *path_out, size_t path_len)
{
    int64_t now = clock_now(), id = 0;
    /* The path holds the new id, known only after the insert; a new node
     * sorts after its siblings. */
    if (!db_int(db, &id,
                "INSERT INTO node (parent_id, kind, name, code, path, sort, created_at, updated_at) "
                "VALUES (?, ?, ?, ?, '', (SELECT COALESCE(MAX(sort), 0) + 1 FROM node WHERE parent_id = ?), ?, ?) "
                "RETURNING id",
                parent_id ? DB_I(parent_id) : DB_NULL, DB_T(node_kind_name(kind)), DB_T(name), DB_T(code),
                DB_I(parent_id), DB_I(now), DB_I(now)))
        return false;
    snprintf(path_out, path_len, "%s%lld/", parent_path, (long long)id);
    if (!db_exec(db, "UPDATE node SET path = ? WHERE id = ?", DB_T(path_out), DB_I(id)))
        return false;
    *id_out = id;
    return true;
}

bool grid_node_insert(Req *r, const NodeInfo *parent, NodeKind kind, const char *name, const char *code,
                      int64_t *id_out, const char **path_out, GridErr *e)
{
    if (sibling_name_taken(r, parent->id, name, 0))
        return grid_err(e, 409, "conflict", "name", GM_NODE_NAME_TAKEN);
    size_t len = strlen(parent->path) + 24;
    char *path = arena_alloc(r->arena, len);
    if (!node_insert_db(r->db, parent->id, parent->path, kind, name, code, id_out, path, len))
        return grid_err_db(r, e);
    if (path_out)
        *path_out = path;
    return true;
}

/* A name for a new top node: trimmed by the caller, UTF-8, 1 to 100
 * characters, no control characters. */
static bool top_name_ok(const char *name)
{
    if (!name || !name[0] || !utf8_valid(name, strlen(name)) || utf8_len(name) > 100)
        return false;
    for (const unsigned char *p = (const unsigned char *)name; *p; p++)
        if (*p < 0x20 || *p == 0x7f)
            return false;
    return true;
}

static bool audit_node_created(Db *db, int64_t id, int64_t parent_id, NodeKind kind, const char *name)
{
    Buf after = BUF_INIT;
    buf_printf(&after, "{\"parent_id\":%lld,\"kind\":%j,\"name\":%j,\"code\":null}", (long long)parent_id,
               node_kind_name(kind), name);
    bool ok = audit_append(db, 0, "node", id, "create", NULL, buf_str(&after));
    buf_free(&after);
    return ok;
}

bool grid_tree_create_top(Db *db, const char *street, const char *community, int64_t *top_id,
                          int64_t *community_id, char *err, size_t errlen)
{
    if ((street && !top_name_ok(street)) || !top_name_ok(community)) {
        snprintf(err, errlen, "a street or community name is 1 to 100 characters of text");
        return false;
    }
    int64_t nodes = 0;
    if (!db_int(db, &nodes, "SELECT COUNT(*) FROM node")) {
        snprintf(err, errlen, "cannot read the tree: %s", db_errmsg(db));
        return false;
    }
    if (nodes > 0) {
        snprintf(err, errlen, "the database already holds a tree (%lld nodes): add to it through the web pages or "
                 "the API, signed in as its administrator", (long long)nodes);
        return false;
    }
    char street_path[32] = "/", path[64];
    int64_t street_id = 0;
    if (street && (!node_insert_db(db, 0, "/", NODE_STREET, street, NULL, &street_id, street_path, sizeof street_path) ||
                   !audit_node_created(db, street_id, 0, NODE_STREET, street))) {
        snprintf(err, errlen, "cannot create the street: %s", db_errmsg(db));
        return false;
    }
    if (!node_insert_db(db, street_id, street_path, NODE_COMMUNITY, community, NULL, community_id, path, sizeof path) ||
        !audit_node_created(db, *community_id, street_id, NODE_COMMUNITY, community)) {
        snprintf(err, errlen, "cannot create the community: %s", db_errmsg(db));
        return false;
    }
    *top_id = street_id ? street_id : *community_id;
    return true;
}

bool grid_node_trail(Req *r, const char *path, NodeBrief **out, int *n, GridErr *e)
{
    int depth = 0;
    for (const char *p = path; *p; p++)
        if (*p == '/')
            depth++;
    NodeBrief *v = arena_alloc(r->arena, sizeof *v * (size_t)(depth + 1));
    int k = 0;
    /* At most eight levels: one cached primary-key lookup each. */
    for (int d = 0; d < depth; d++) {
        int64_t id = grid_path_id_at(path, d);
        if (!id)
            break;
        DbStmt *st = db_query(r->db, "SELECT kind, name FROM node WHERE id = ?", DB_I(id));
        if (db_step(st) == DB_ROW) {
            NodeKind kind = NODE_STREET;
            node_kind_parse(db_col_text(st, 0), &kind);
            v[k].id = id;
            v[k].kind = kind;
            v[k].name = arena_strdup(r->arena, db_col_text(st, 1));
            v[k].households = -1;
            k++;
        }
        if (!db_done(st))
            return grid_err_db(r, e);
    }
    *out = v;
    *n = k;
    return true;
}

bool grid_node_children(Req *r, const NodeInfo *parent, NodeBrief **out, int *n, GridErr *e)
{
    int cap = 16, k = 0;
    NodeBrief *v = arena_alloc(r->arena, sizeof *v * (size_t)cap);
    const char **paths = arena_alloc(r->arena, sizeof *paths * (size_t)cap);
    DbStmt *st = db_query(r->db, "SELECT id, kind, name, path FROM node WHERE parent_id = ? ORDER BY sort, id",
                          DB_I(parent->id));
    while (db_step(st) == DB_ROW) {
        /* Reading a node upwards (a grid worker sees its community) must
         * not show the siblings beside the caller's own branch. */
        if (!perm_allows(r->who, PERM_TREE_READ, db_col_text(st, 3)))
            continue;
        if (k == cap) {
            NodeBrief *nv = arena_alloc(r->arena, sizeof *nv * (size_t)cap * 2);
            const char **np = arena_alloc(r->arena, sizeof *np * (size_t)cap * 2);
            memcpy(nv, v, sizeof *v * (size_t)cap);
            memcpy(np, paths, sizeof *paths * (size_t)cap);
            v = nv;
            paths = np;
            cap *= 2;
        }
        NodeKind kind = NODE_STREET;
        node_kind_parse(db_col_text(st, 1), &kind);
        v[k].id = db_col_int(st, 0);
        v[k].kind = kind;
        v[k].name = arena_strdup(r->arena, db_col_text(st, 2));
        v[k].households = -1;
        paths[k] = arena_strdup(r->arena, db_col_text(st, 3));
        k++;
    }
    if (!db_done(st))
        return grid_err_db(r, e);
    for (int i = 0; i < k; i++) {
        if (v[i].kind == NODE_HOUSEHOLD)
            continue;
        /* Households of a child are counted over its subtree's path range.
         * The kind test is written "kind || ''" so that no planner prefers
         * the kind index (every household of the street) to the range. */
        size_t len = strlen(paths[i]) + 1;
        char *upper = arena_alloc(r->arena, len);
        if (!grid_path_upper(paths[i], upper, len) ||
            !db_int(r->db, &v[i].households,
                    "SELECT COUNT(*) FROM node WHERE kind || '' = 'household' AND path >= ? AND path < ?",
                    DB_T(paths[i]), DB_T(upper)))
            return grid_err_db(r, e);
    }
    *out = v;
    *n = k;
    return true;
}

bool grid_node_json(Req *r, const NodeInfo *n, GridErr *e)
{
    const char *code = NULL;
    DbStmt *st = db_query(r->db, "SELECT code FROM node WHERE id = ?", DB_I(n->id));
    if (db_step(st) == DB_ROW)
        code = arena_strdup(r->arena, db_col_text(st, 0));
    db_done(st);
    NodeBrief *trail, *kids;
    int n_trail, n_kids;
    if (!grid_node_trail(r, n->path, &trail, &n_trail, e) || !grid_node_children(r, n, &kids, &n_kids, e))
        return false;
    Buf *b = &r->out;
    buf_printf(b, "{\"id\":%lld,\"kind\":%j,\"name\":%j,\"code\":%j,\"parent_id\":", (long long)n->id,
               node_kind_name(n->kind), n->name, code);
    if (n->parent_id)
        buf_printf(b, "%lld", (long long)n->parent_id);
    else
        buf_puts(b, "null");
    buf_puts(b, ",\"path\":[");
    for (int i = 0; i < n_trail; i++)
        buf_printf(b, "%s{\"id\":%lld,\"kind\":%j,\"name\":%j}", i ? "," : "", (long long)trail[i].id,
                   node_kind_name(trail[i].kind), trail[i].name);
    buf_puts(b, "],\"children\":[");
    for (int i = 0; i < n_kids; i++) {
        buf_printf(b, "%s{\"id\":%lld,\"kind\":%j,\"name\":%j", i ? "," : "", (long long)kids[i].id,
                   node_kind_name(kids[i].kind), kids[i].name);
        if (kids[i].households >= 0)
            buf_printf(b, ",\"households\":%lld", (long long)kids[i].households);
        buf_putc(b, '}');
    }
    buf_puts(b, "]}");
    return true;
}

/* ---- node API ----------------------------------------------------------- */

void api_compounds(Req *r)
{
    int64_t page, per_page;
    if (!req_paging_or_reply(r, &page, &per_page))
        return;
    if (!auth_require_or_reply(r, PERM_TREE_READ, NULL))
        return;
    /* A community has tens of compounds, a street a few hundred: reading
     * them all and asking the one permission function about each is both
     * cheap and exactly as strict as the rule itself. */
    DbStmt *st = db_query(r->db,
                          "SELECT n.id, n.name, n.path, g.id, g.name, COALESCE(c.managed_by, 'residents'), "
                          "(SELECT COUNT(*) FROM household h WHERE h.compound_id = n.id) "
                          "FROM node n LEFT JOIN compound c ON c.node_id = n.id "
                          "LEFT JOIN node m ON m.id = n.parent_id LEFT JOIN node g ON g.id = m.parent_id "
                          "WHERE n.kind = 'compound' ORDER BY n.sort, n.id");
    resp_json(r);
    Buf *b = &r->out;
    buf_puts(b, "{\"items\":[");
    int64_t total = 0, first = (page - 1) * per_page, written = 0;
    while (db_step(st) == DB_ROW) {
        if (!perm_allows(r->who, PERM_TREE_READ, db_col_text(st, 2)))
            continue;
        if (total++ < first || written >= per_page)
            continue;
        buf_printf(b, "%s{\"id\":%lld,\"name\":%j,\"grid_id\":", written++ ? "," : "", (long long)db_col_int(st, 0),
                   db_col_text(st, 1));
        if (db_col_null(st, 3))
            buf_puts(b, "null");
        else
            buf_printf(b, "%lld", (long long)db_col_int(st, 3));
        buf_printf(b, ",\"grid\":%j,\"households\":%lld,\"managed_by\":%j}", db_col_text(st, 4),
                   (long long)db_col_int(st, 6), db_col_text(st, 5));
    }
    if (!db_done(st)) {
        GridErr e;
        grid_err_db(r, &e);
        grid_err_reply(r, &e);
        return;
    }
    buf_printf(b, "],\"page\":%lld,\"per_page\":%lld,\"total\":%lld}", (long long)page, (long long)per_page,
               (long long)total);
}

void api_node_get(Req *r)
{
    int64_t id;
    NodeInfo n;
    if (!req_param_id_or_reply(r, "id", &id) || !grid_node_load_allowed_or_reply(r, id, PERM_TREE_READ, &n))
        return;
    GridErr e;
    resp_json(r);
    if (!grid_node_json(r, &n, &e))
        grid_err_reply(r, &e);
}

static const JsonField node_create_spec[] = {
    {"parent_id", JF_INT, JF_REQUIRED, 1, INT64_MAX},
    {"kind", JF_STRING, JF_REQUIRED, 0, 20},
    {"name", JF_STRING, JF_REQUIRED, 0, 100},
    {"code", JF_STRING, JF_EMPTY_OK, 0, 40},
    {NULL, 0, 0, 0, 0},
};

void api_node_create(Req *r)
{
    json_t *body = req_json_object_or_reply(r);
    JsonValue v[4];
    if (!body || !json_fields_or_reply(r, body, node_create_spec, v))
        return;
    NodeInfo parent;
    if (!grid_node_ref_or_reply(r, v[0].i, PERM_TREE_EDIT, "parent_id", &parent))
        return;
    NodeKind kind;
    if (!node_kind_parse(v[1].s, &kind) || !grid_kind_may_create(parent.kind, kind)) {
        reply_error(r, 400, "bad_value", "kind",
                    "节点类型不对：只能在上一级下面新建下一级（街道>社区>网格>微网格>院落>楼栋>单元；户请用登记接口）",
                    "Wrong kind: a node must be exactly one level below its parent "
                    "(street>community>grid>micro_grid>compound>building>unit; households via /api/households)");
        return;
    }
    const char *code = v[3].present && v[3].s[0] ? v[3].s : NULL;
    GridErr e;
    int64_t id;
    const char *path;
    if (!grid_node_insert(r, &parent, kind, v[2].s, code, &id, &path, &e)) {
        grid_err_reply(r, &e);
        return;
    }
    if (kind == NODE_COMPOUND && !db_exec(r->db, "INSERT INTO compound (node_id) VALUES (?)", DB_I(id))) {
        grid_err_db(r, &e);
        grid_err_reply(r, &e);
        return;
    }
    const char *after = arena_printf(r->arena, "{\"parent_id\":%lld,\"kind\":%j,\"name\":%j,\"code\":%j}",
                                     (long long)parent.id, node_kind_name(kind), v[2].s, code);
    if (!grid_audit(r, "node", id, "create", NULL, after, &e)) {
        grid_err_reply(r, &e);
        return;
    }
    NodeInfo n = {id, parent.id, kind, v[2].s, path};
    r->status = 201;
    resp_json(r);
    if (!grid_node_json(r, &n, &e))
        grid_err_reply(r, &e);
}

/* Household addresses copy the names above them; after a rename of the
 * compound, building or unit they are written again. */
static bool readdress_households(Req *r, int64_t node_id, GridErr *e)
{
    typedef struct { int64_t id; const char *addr; } Re;
    int cap = 64, k = 0;
    Re *v = arena_alloc(r->arena, sizeof *v * (size_t)cap);
    DbStmt *st = db_query(r->db,
                          "SELECT h.node_id, c.name, b.name, u.name, h.door, h.number FROM household h "
                          "JOIN node c ON c.id = h.compound_id JOIN node b ON b.id = h.building_id "
                          "JOIN node u ON u.id = h.unit_id "
                          "WHERE h.compound_id = ? OR h.building_id = ? OR h.unit_id = ?",
                          DB_I(node_id), DB_I(node_id), DB_I(node_id));
    while (db_step(st) == DB_ROW) {
        if (k == cap) {
            Re *nv = arena_alloc(r->arena, sizeof *nv * (size_t)cap * 2);
            memcpy(nv, v, sizeof *v * (size_t)cap);
            v = nv;
            cap *= 2;
        }
        v[k].id = db_col_int(st, 0);
        v[k].addr = grid_address(r->arena, db_col_text(st, 1), db_col_text(st, 2), db_col_text(st, 3),
                                 grid_household_label(r->arena, db_col_text(st, 4), db_col_text(st, 5)));
        k++;
    }
    if (!db_done(st))
        return grid_err_db(r, e);
    for (int i = 0; i < k; i++)
        if (!db_exec(r->db, "UPDATE household SET address = ? WHERE node_id = ?", DB_T(v[i].addr), DB_I(v[i].id)))
            return grid_err_db(r, e);
    return true;
}

static const JsonField node_update_spec[] = {
    {"name", JF_STRING, 0, 0, 100},
    {"code", JF_STRING, JF_EMPTY_OK, 0, 40},
    {NULL, 0, 0, 0, 0},
};

void api_node_update(Req *r)
{
    int64_t id;
    NodeInfo n;
    if (!req_param_id_or_reply(r, "id", &id) || !grid_node_load_allowed_or_reply(r, id, PERM_TREE_EDIT, &n))
        return;
    json_t *body = req_json_object_or_reply(r);
    JsonValue v[2];
    if (!body || !json_fields_or_reply(r, body, node_update_spec, v))
        return;
    if (n.kind == NODE_HOUSEHOLD) {
        reply_error(r, 400, "bad_value", "id", "户的门牌请通过住户登记修改（/api/households）",
                    "Change a household's door through /api/households");
        return;
    }
    GridErr e;
    const char *old_code = NULL;
    DbStmt *st = db_query(r->db, "SELECT code FROM node WHERE id = ?", DB_I(id));
    if (db_step(st) == DB_ROW)
        old_code = arena_strdup(r->arena, db_col_text(st, 0));
    db_done(st);
    const char *name = v[0].present ? v[0].s : n.name;
    const char *code = v[1].present ? (v[1].s[0] ? v[1].s : NULL) : old_code;
    if (v[0].present && n.parent_id && sibling_name_taken(r, n.parent_id, name, id)) {
        reply_error(r, 409, "conflict", "name", "同一上级下已有同名节点", "A node with this name already exists here");
        return;
    }
    if (!db_exec(r->db, "UPDATE node SET name = ?, code = ?, updated_at = ? WHERE id = ?", DB_T(name), DB_T(code),
                 DB_I(clock_now()), DB_I(id))) {
        grid_err_db(r, &e);
        grid_err_reply(r, &e);
        return;
    }
    bool renamed = strcmp(name, n.name) != 0;
    if (renamed && (n.kind == NODE_COMPOUND || n.kind == NODE_BUILDING || n.kind == NODE_UNIT) &&
        !readdress_households(r, id, &e)) {
        grid_err_reply(r, &e);
        return;
    }
    const char *before = arena_printf(r->arena, "{\"name\":%j,\"code\":%j}", n.name, old_code);
    const char *after = arena_printf(r->arena, "{\"name\":%j,\"code\":%j}", name, code);
    if (!grid_audit(r, "node", id, "update", before, after, &e)) {
        grid_err_reply(r, &e);
        return;
    }
    n.name = name;
    resp_json(r);
    if (!grid_node_json(r, &n, &e))
        grid_err_reply(r, &e);
}
