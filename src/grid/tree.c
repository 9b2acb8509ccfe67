/* tree.c: the grid tree (street > ... > household): pure helpers for paths,
 * areas and tags, and the tree's model: loading, creating and renaming
 * nodes, the trail and children of a node, the compounds. No HTTP: the node
 * API is in api_tree.c. */
#include "grid/grid.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "auth/audit.h"
#include "core/buf.h"
#include "core/clock.h"
#include "core/utf8.h"
#include "grid/pii.h"
#include "grid/register.h"

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

bool grid_fail(GridErr *e, GridMsg msg, const char *field)
{
    *e = (GridErr){msg, field, NULL};
    return false;
}

bool grid_db_fail(const Ctx *c, GridErr *e)
{
    switch (db_error_class(c->db)) {
    case DB_ERR_CONSTRAINT:
        return grid_fail(e, GM_DB_CONFLICT, NULL);
    case DB_ERR_BUSY:
        return grid_fail(e, GM_DB_BUSY, NULL);
    default:
        return grid_fail(e, GM_DB_INTERNAL, NULL);
    }
}

bool grid_audit_write(const Ctx *c, const char *entity, int64_t id, const char *action, const char *before,
                      const char *after, GridErr *e)
{
    if (audit_append(c->db, ctx_actor(c), entity, id, action, before, after))
        return true;
    return grid_db_fail(c, e);
}

/* ---- nodes -------------------------------------------------------------- */

bool grid_node_count(Db *db, int64_t *out)
{
    return db_int(db, out, "SELECT COUNT(*) FROM node");
}

bool grid_node_get(const Ctx *c, int64_t id, NodeInfo *out)
{
    return grid_node_find(c, id, out) == GRID_OK;
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

/* Whether another child of parent_id than except_id has this name; false
 * with e on a storage error. */
static bool sibling_name_free(const Ctx *c, int64_t parent_id, const char *name, int64_t except_id, GridErr *e)
{
    DbStmt *st = db_query(c->db, "SELECT id FROM node WHERE parent_id = ? AND name = ? AND id <> ?", DB_I(parent_id),
                          DB_T(name), DB_I(except_id));
    int rc = db_step(st);
    if (!db_done(st) || rc == DB_ERROR)
        return grid_db_fail(c, e);
    return rc == DB_ROW ? grid_fail(e, GM_NODE_NAME_TAKEN, "name") : true;
}

/* Inserts a node under parent_id (0: a root) whose path is parent_path
 * ("/" for a root); fills its id and path (path_out: 24 bytes more than
 * parent_path). */
static bool node_insert_db(Db *db, int64_t now, int64_t parent_id, const char *parent_path, NodeKind kind,
                           const char *name, const char *code, int64_t *id_out, char *path_out, size_t path_len)
{
    int64_t id = 0;
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

bool grid_node_add(const Ctx *c, const NodeInfo *parent, NodeKind kind, const char *name, const char *code,
                   int64_t *id_out, const char **path_out, GridErr *e)
{
    if (!sibling_name_free(c, parent->id, name, 0, e))
        return false;
    size_t len = strlen(parent->path) + 24;
    char *path = arena_alloc(c->arena, len);
    if (!node_insert_db(c->db, c->now, parent->id, parent->path, kind, name, code, id_out, path, len))
        return grid_db_fail(c, e);
    if (path_out)
        *path_out = path;
    return true;
}

bool grid_node_create(const Ctx *c, const NodeInfo *parent, NodeKind kind, const char *name, const char *code,
                      NodeInfo *out, GridErr *e)
{
    if (!grid_kind_may_create(parent->kind, kind))
        return grid_fail(e, GM_KIND_NOT_CHILD, "kind");
    int64_t id;
    const char *path;
    if (!grid_node_add(c, parent, kind, name, code, &id, &path, e))
        return false;
    if (kind == NODE_COMPOUND && !db_exec(c->db, "INSERT INTO compound (node_id) VALUES (?)", DB_I(id)))
        return grid_db_fail(c, e);
    const char *after = arena_printf(c->arena, "{\"parent_id\":%lld,\"kind\":%j,\"name\":%j,\"code\":%j}",
                                     (long long)parent->id, node_kind_name(kind), name, code);
    if (!grid_audit_write(c, "node", id, "create", NULL, after, e))
        return false;
    *out = (NodeInfo){id, parent->id, kind, arena_strdup(c->arena, name), path};
    return true;
}

bool grid_node_code(const Ctx *c, int64_t id, const char **code, GridErr *e)
{
    *code = NULL;
    DbStmt *st = db_query(c->db, "SELECT code FROM node WHERE id = ?", DB_I(id));
    int rc = db_step(st);
    if (rc == DB_ROW)
        *code = arena_strdup(c->arena, db_col_text(st, 0));
    if (!db_done(st) || rc == DB_ERROR)
        return grid_db_fail(c, e);
    return true;
}

/* Household addresses copy the names above them; after a rename of the
 * compound, building or unit they are written again. */
static bool readdress_households(const Ctx *c, int64_t node_id, GridErr *e)
{
    typedef struct { int64_t id; const char *addr; } Re;
    int cap = 64, k = 0;
    Re *v = arena_alloc(c->arena, sizeof *v * (size_t)cap);
    DbStmt *st = db_query(c->db,
                          "SELECT h.node_id, c.name, b.name, u.name, h.door, h.number FROM household h "
                          "JOIN node c ON c.id = h.compound_id JOIN node b ON b.id = h.building_id "
                          "JOIN node u ON u.id = h.unit_id "
                          "WHERE h.compound_id = ? OR h.building_id = ? OR h.unit_id = ?",
                          DB_I(node_id), DB_I(node_id), DB_I(node_id));
    while (db_step(st) == DB_ROW) {
        if (k == cap) {
            Re *nv = arena_alloc(c->arena, sizeof *nv * (size_t)cap * 2);
            memcpy(nv, v, sizeof *v * (size_t)cap);
            v = nv;
            cap *= 2;
        }
        v[k].id = db_col_int(st, 0);
        v[k].addr = grid_address(c->arena, db_col_text(st, 1), db_col_text(st, 2), db_col_text(st, 3),
                                 grid_household_label(c->arena, db_col_text(st, 4), db_col_text(st, 5)));
        k++;
    }
    if (!db_done(st))
        return grid_db_fail(c, e);
    for (int i = 0; i < k; i++)
        if (!db_exec(c->db, "UPDATE household SET address = ? WHERE node_id = ?", DB_T(v[i].addr), DB_I(v[i].id)))
            return grid_db_fail(c, e);
    return true;
}

bool grid_node_update(const Ctx *c, NodeInfo *n, const char *name, bool set_code, const char *code, GridErr *e)
{
    if (n->kind == NODE_HOUSEHOLD)
        return grid_fail(e, GM_NODE_IS_HOUSEHOLD, "id");
    const char *old_code;
    if (!grid_node_code(c, n->id, &old_code, e))
        return false;
    const char *new_name = name ? name : n->name;
    const char *new_code = set_code ? (code && code[0] ? code : NULL) : old_code;
    if (name && n->parent_id && !sibling_name_free(c, n->parent_id, new_name, n->id, e))
        return false;
    if (!db_exec(c->db, "UPDATE node SET name = ?, code = ?, updated_at = ? WHERE id = ?", DB_T(new_name),
                 DB_T(new_code), DB_I(c->now), DB_I(n->id)))
        return grid_db_fail(c, e);
    bool renamed = strcmp(new_name, n->name) != 0;
    if (renamed && (n->kind == NODE_COMPOUND || n->kind == NODE_BUILDING || n->kind == NODE_UNIT) &&
        !readdress_households(c, n->id, e))
        return false;
    const char *before = arena_printf(c->arena, "{\"name\":%j,\"code\":%j}", n->name, old_code);
    const char *after = arena_printf(c->arena, "{\"name\":%j,\"code\":%j}", new_name, new_code);
    if (!grid_audit_write(c, "node", n->id, "update", before, after, e))
        return false;
    n->name = arena_strdup(c->arena, new_name);
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
    int64_t street_id = 0, now = clock_now();
    if (street && (!node_insert_db(db, now, 0, "/", NODE_STREET, street, NULL, &street_id, street_path,
                                   sizeof street_path) ||
                   !audit_node_created(db, street_id, 0, NODE_STREET, street))) {
        snprintf(err, errlen, "cannot create the street: %s", db_errmsg(db));
        return false;
    }
    if (!node_insert_db(db, now, street_id, street_path, NODE_COMMUNITY, community, NULL, community_id, path,
                        sizeof path) ||
        !audit_node_created(db, *community_id, street_id, NODE_COMMUNITY, community)) {
        snprintf(err, errlen, "cannot create the community: %s", db_errmsg(db));
        return false;
    }
    *top_id = street_id ? street_id : *community_id;
    return true;
}

bool grid_node_trail(const Ctx *c, const char *path, NodeBrief **out, int *n, GridErr *e)
{
    int depth = 0;
    for (const char *p = path; *p; p++)
        if (*p == '/')
            depth++;
    NodeBrief *v = arena_alloc(c->arena, sizeof *v * (size_t)(depth + 1));
    int k = 0;
    /* At most eight levels: one cached primary-key lookup each. */
    for (int d = 0; d < depth; d++) {
        int64_t id = grid_path_id_at(path, d);
        if (!id)
            break;
        DbStmt *st = db_query(c->db, "SELECT kind, name FROM node WHERE id = ?", DB_I(id));
        if (db_step(st) == DB_ROW) {
            NodeKind kind = NODE_STREET;
            node_kind_parse(db_col_text(st, 0), &kind);
            v[k].id = id;
            v[k].kind = kind;
            v[k].name = arena_strdup(c->arena, db_col_text(st, 1));
            v[k].households = -1;
            k++;
        }
        if (!db_done(st))
            return grid_db_fail(c, e);
    }
    *out = v;
    *n = k;
    return true;
}

bool grid_node_children(const Ctx *c, const NodeInfo *parent, NodeBrief **out, int *n, GridErr *e)
{
    int cap = 16, k = 0;
    NodeBrief *v = arena_alloc(c->arena, sizeof *v * (size_t)cap);
    const char **paths = arena_alloc(c->arena, sizeof *paths * (size_t)cap);
    DbStmt *st = db_query(c->db, "SELECT id, kind, name, path FROM node WHERE parent_id = ? ORDER BY sort, id",
                          DB_I(parent->id));
    while (db_step(st) == DB_ROW) {
        /* Reading a node upwards (a grid worker sees its community) must
         * not show the siblings beside the caller's own branch. */
        if (!grid_may_see_tree(c, db_col_text(st, 3)))
            continue;
        if (k == cap) {
            NodeBrief *nv = arena_alloc(c->arena, sizeof *nv * (size_t)cap * 2);
            const char **np = arena_alloc(c->arena, sizeof *np * (size_t)cap * 2);
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
        v[k].name = arena_strdup(c->arena, db_col_text(st, 2));
        v[k].households = -1;
        paths[k] = arena_strdup(c->arena, db_col_text(st, 3));
        k++;
    }
    if (!db_done(st))
        return grid_db_fail(c, e);
    for (int i = 0; i < k; i++) {
        if (v[i].kind == NODE_HOUSEHOLD)
            continue;
        /* Households of a child are counted over its subtree's path range.
         * The kind test is written "kind || ''" so that no planner prefers
         * the kind index (every household of the street) to the range. */
        size_t len = strlen(paths[i]) + 1;
        char *upper = arena_alloc(c->arena, len);
        if (!grid_path_upper(paths[i], upper, len) ||
            !db_int(c->db, &v[i].households,
                    "SELECT COUNT(*) FROM node WHERE kind || '' = 'household' AND path >= ? AND path < ?",
                    DB_T(paths[i]), DB_T(upper)))
            return grid_db_fail(c, e);
    }
    *out = v;
    *n = k;
    return true;
}

bool grid_compounds(const Ctx *c, CompoundRow **out, int *n, GridErr *e)
{
    int cap = 32, k = 0;
    CompoundRow *v = arena_alloc(c->arena, sizeof *v * (size_t)cap);
    DbStmt *st = db_query(c->db,
                          "SELECT n.id, n.name, n.path, g.id, g.name, COALESCE(c.managed_by, 'residents'), "
                          "(SELECT COUNT(*) FROM household h WHERE h.compound_id = n.id) "
                          "FROM node n LEFT JOIN compound c ON c.node_id = n.id "
                          "LEFT JOIN node m ON m.id = n.parent_id LEFT JOIN node g ON g.id = m.parent_id "
                          "WHERE n.kind = 'compound' ORDER BY n.sort, n.id");
    while (db_step(st) == DB_ROW) {
        if (k == cap) {
            CompoundRow *nv = arena_alloc(c->arena, sizeof *nv * (size_t)cap * 2);
            memcpy(nv, v, sizeof *v * (size_t)cap);
            v = nv;
            cap *= 2;
        }
        v[k] = (CompoundRow){db_col_int(st, 0),
                             arena_strdup(c->arena, db_col_text(st, 1)),
                             arena_strdup(c->arena, db_col_text(st, 2)),
                             db_col_null(st, 3) ? 0 : db_col_int(st, 3),
                             arena_strdup(c->arena, db_col_text(st, 4)),
                             arena_strdup(c->arena, db_col_text(st, 5)),
                             db_col_int(st, 6)};
        k++;
    }
    if (!db_done(st))
        return grid_db_fail(c, e);
    *out = v;
    *n = k;
    return true;
}
