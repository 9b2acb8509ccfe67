/* register.c: the household register's model (households, residents,
 * owners, search), shared by the JSON API and the pages. */
#include "grid/register.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "auth/audit.h"
#include "auth/quota.h"
#include "auth/session.h"
#include "core/clock.h"
#include "core/config.h"
#include "core/utf8.h"
#include "grid/flat.h"
#include "grid/household.h"
#include "grid/list_sql.h"
#include "grid/pii.h"

static const char *dup(const Ctx *c, const char *s)
{
    return s ? arena_strdup(c->arena, s) : NULL;
}

/* The columns member_read reads, in its order (list_sql.h). */
#define MEMBER_COLS GRID_MEMBER_COLS
/* A person found by search, with the household's address (person_hits). */
#define PERSON_HIT_FROM                                                               \
    "SELECT p.id, p.household_id, p.name, p.phone_mask, h.address FROM person p "     \
    "JOIN household h ON h.node_id = p.household_id JOIN node n ON n.id = p.household_id "

/* Two texts joined in request memory (a message naming what the user sent;
 * it is escaped where it is finally written). */
static const char *concat(const Ctx *c, const char *a, const char *b)
{
    Buf buf = BUF_INIT;
    buf_puts(&buf, a);
    buf_puts(&buf, b ? b : "");
    const char *s = arena_strdup(c->arena, buf_str(&buf));
    buf_free(&buf);
    return s;
}

/* ---- loading ------------------------------------------------------------ */

/* Reads a row of MEMBER_COLS. */

static void member_read(const Ctx *c, DbStmt *st, Member *m)
{
    m->id = db_col_int(st, 0);
    m->household_id = db_col_int(st, 1);
    m->name = dup(c, db_col_text(st, 2));
    m->gender = dup(c, db_col_text(st, 3));
    m->birth_year = db_col_null(st, 4) ? 0 : db_col_int(st, 4);
    m->residency = dup(c, db_col_text(st, 5));
    m->relation = dup(c, db_col_text(st, 6));
    m->id_mask = dup(c, db_col_text(st, 7));
    m->phone_mask = dup(c, db_col_text(st, 8));
    m->tags = dup(c, db_col_text(st, 9));
}

/* A growable array of members in request memory. */
typedef struct MemberVec {
    Member *v;
    int n, cap;
} MemberVec;

static Member *member_push(const Ctx *c, MemberVec *mv)
{
    if (mv->n == mv->cap) {
        int cap = mv->cap ? mv->cap * 2 : 64;
        Member *nv = arena_alloc(c->arena, sizeof *nv * (size_t)cap);
        if (mv->n)
            memcpy(nv, mv->v, sizeof *nv * (size_t)mv->n);
        mv->v = nv;
        mv->cap = cap;
    }
    return &mv->v[mv->n++];
}

/* Members of the given households, in chunks of 20 bound ids (a literal
 * statement, cached; unused slots bind 0, which is never a node id). The
 * rows come grouped by household, so each household gets a slice. */
#define MEMBER_CHUNK 20
static bool members_attach(const Ctx *c, Household *hs, int n, GridErr *e)
{
    MemberVec mv = {0};
    for (int start = 0; start < n; start += MEMBER_CHUNK) {
        DbArg args[MEMBER_CHUNK + 1];
        for (int k = 0; k < MEMBER_CHUNK; k++)
            args[k] = start + k < n ? DB_I(hs[start + k].id) : DB_I(0);
        args[MEMBER_CHUNK] = DB_END;
        DbStmt *st = db_query_args(c->db, GRID_HH_MEMBERS, args);
        while (db_step(st) == DB_ROW)
            member_read(c, st, member_push(c, &mv));
        if (!db_done(st))
            return grid_db_fail(c, e);
    }
    int last = 0;
    for (int i = 0; i < mv.n; i++) {
        Member *m = &mv.v[i];
        if (hs[last].id != m->household_id) {
            for (last = 0; last < n && hs[last].id != m->household_id; last++)
                ;
            if (last == n) {
                last = 0;
                continue;
            }
        }
        if (hs[last].n_members == 0)
            hs[last].members = m;
        hs[last].n_members++;
    }
    return true;
}

/* A node's name, looked up once per request: a page of households names
 * the same few buildings and units over and over. "" for a node that is
 * not there, NULL on a storage error. */
typedef struct NameCache {
    int64_t id[16];
    const char *name[16];
    int n;
} NameCache;

static const char *cached_name(const Ctx *c, NameCache *nc, int64_t id)
{
    for (int i = 0; i < nc->n; i++)
        if (nc->id[i] == id)
            return nc->name[i];
    const char *name = NULL;
    DbStmt *st = db_query(c->db, "SELECT name FROM node WHERE id = ?", DB_I(id));
    if (db_step(st) == DB_ROW)
        name = dup(c, db_col_text(st, 0));
    if (!db_done(st))
        return NULL;
    if (nc->n < 16) {
        nc->id[nc->n] = id;
        nc->name[nc->n++] = name;
    }
    return name ? name : "";
}

bool grid_households_page(const Ctx *c, const NodeInfo *compound, const GridPaging *pg, Household **out, int *n,
                          GridPageInfo *info, GridErr *e)
{
    int64_t total = 0;
    if (!db_int(c->db, &total, GRID_HH_COUNT, DB_I(compound->id), DB_I(GRID_LIST_COUNT_CAP + 1)))
        return grid_db_fail(c, e);
    info->capped = total > GRID_LIST_COUNT_CAP;
    info->total = info->capped ? GRID_LIST_COUNT_CAP : total;
    info->next = 0;
    int64_t per_page = pg->per_page;
    Household *hs = arena_alloc(c->arena, sizeof *hs * (size_t)(per_page + 1));
    int k = 0;
    /* One table, one compound's rows along its address-order index (list_sql.h);
     * names come from a per-request cache instead of three joins per row.
     * One row past the page says whether there is a next one. */
    DbStmt *st;
    if (pg->after) {
        int64_t b = 0, u = 0, dl = 0;
        const char *door = NULL, *number = NULL;
        bool found = false;
        st = db_query(c->db, GRID_HH_CURSOR, DB_I(pg->after), DB_I(compound->id));
        if (db_step(st) == DB_ROW) {
            found = true;
            b = db_col_int(st, 0);
            u = db_col_int(st, 1);
            dl = db_col_int(st, 2);
            door = dup(c, db_col_text(st, 3));
            number = dup(c, db_col_text(st, 4));
        }
        if (!db_done(st))
            return grid_db_fail(c, e);
        if (!found)
            return grid_fail(e, GM_BAD_CURSOR, "after");
        st = db_query(c->db, GRID_HH_AFTER, DB_I(compound->id), DB_I(b), DB_I(u), DB_I(dl), DB_T(door), DB_T(number),
                      DB_I(pg->after), DB_I(per_page + 1));
    } else {
        st = db_query(c->db, GRID_HH_PAGE, DB_I(compound->id), DB_I(per_page + 1), DB_I((pg->page - 1) * per_page));
    }
    bool more = false;
    while (db_step(st) == DB_ROW) {
        if (k == per_page) {
            more = true;
            continue;
        }
        Household *h = &hs[k++];
        h->id = db_col_int(st, 0);
        h->compound_id = compound->id;
        h->compound = compound->name;
        h->building_id = db_col_int(st, 1);
        h->unit_id = db_col_int(st, 2);
        h->door = dup(c, db_col_text(st, 3));
        h->address = dup(c, db_col_text(st, 4));
        h->area = db_col_null(st, 5) ? 0 : db_col_int(st, 5);
        h->housing = dup(c, db_col_text(st, 6));
        h->flat_id = db_col_int(st, 7);
        h->number = dup(c, db_col_text(st, 8));
    }
    if (!db_done(st))
        return grid_db_fail(c, e);
    NameCache names = {0};
    bool sensitive_all = grid_may_see_sensitive_tags(c, compound->path);
    for (int i = 0; i < k; i++) {
        Household *h = &hs[i];
        h->building = cached_name(c, &names, h->building_id);
        h->unit = cached_name(c, &names, h->unit_id);
        if (!h->building || !h->unit)
            return grid_db_fail(c, e);
        /* The tree has fixed levels: compound / building / unit / household. */
        h->path = arena_printf(c->arena, "%s%lld/%lld/%lld/", compound->path, (long long)h->building_id,
                               (long long)h->unit_id, (long long)h->id);
        h->show_sensitive = sensitive_all || grid_may_see_sensitive_tags(c, h->path);
    }
    if (!members_attach(c, hs, k, e))
        return false;
    *out = hs;
    *n = k;
    info->next = more && k ? hs[k - 1].id : 0;
    return true;
}

bool grid_household_load(const Ctx *c, int64_t id, Household *h, GridErr *e)
{
    memset(h, 0, sizeof *h);
    bool found = false;
    DbStmt *st = db_query(c->db,
                          "SELECT h.node_id, hn.path, h.compound_id, c.name, h.building_id, b.name, h.unit_id, u.name, "
                          "h.grid_id, g.name, c.parent_id, m.name, h.door, h.address, f.area, h.housing, h.note, "
                          "h.flat_id, h.number FROM household h JOIN flat f ON f.id = h.flat_id "
                          "JOIN node hn ON hn.id = h.node_id JOIN node c ON c.id = h.compound_id "
                          "JOIN node b ON b.id = h.building_id JOIN node u ON u.id = h.unit_id "
                          "LEFT JOIN node g ON g.id = h.grid_id LEFT JOIN node m ON m.id = c.parent_id "
                          "WHERE h.node_id = ?",
                          DB_I(id));
    if (db_step(st) == DB_ROW) {
        found = true;
        h->id = db_col_int(st, 0);
        h->path = dup(c, db_col_text(st, 1));
        h->compound_id = db_col_int(st, 2);
        h->compound = dup(c, db_col_text(st, 3));
        h->building_id = db_col_int(st, 4);
        h->building = dup(c, db_col_text(st, 5));
        h->unit_id = db_col_int(st, 6);
        h->unit = dup(c, db_col_text(st, 7));
        h->grid_id = db_col_int(st, 8);
        h->grid = dup(c, db_col_text(st, 9));
        h->micro_grid_id = db_col_null(st, 10) ? 0 : db_col_int(st, 10);
        h->micro_grid = dup(c, db_col_text(st, 11));
        h->door = dup(c, db_col_text(st, 12));
        h->address = dup(c, db_col_text(st, 13));
        h->area = db_col_null(st, 14) ? 0 : db_col_int(st, 14);
        h->housing = dup(c, db_col_text(st, 15));
        h->note = dup(c, db_col_text(st, 16));
        h->flat_id = db_col_int(st, 17);
        h->number = dup(c, db_col_text(st, 18));
    }
    if (!db_done(st))
        return grid_db_fail(c, e);
    if (!found)
        return grid_fail(e, GM_NO_HOUSEHOLD, NULL);
    h->show_sensitive = grid_may_see_sensitive_tags(c, h->path);
    if (!members_attach(c, h, 1, e))
        return false;
    int cap = 4;
    h->owners = arena_alloc(c->arena, sizeof *h->owners * (size_t)cap);
    /* the owners of the household's flat, first (who votes for it) first */
    st = db_query(c->db,
                  "SELECT o.id, o.name, f.area, f.area_source, o.kind, o.id_mask, s.share_bp FROM ownership s "
                  "JOIN owner o ON o.id = s.owner_id JOIN flat f ON f.id = s.flat_id WHERE s.flat_id = ? ORDER BY s.id",
                  DB_I(h->flat_id));
    while (db_step(st) == DB_ROW) {
        if (h->n_owners == cap) {
            Owner *nv = arena_alloc(c->arena, sizeof *nv * (size_t)cap * 2);
            memcpy(nv, h->owners, sizeof *nv * (size_t)cap);
            h->owners = nv;
            cap *= 2;
        }
        Owner *o = &h->owners[h->n_owners++];
        o->id = db_col_int(st, 0);
        o->name = dup(c, db_col_text(st, 1));
        o->area = db_col_null(st, 2) ? 0 : db_col_int(st, 2);
        o->area_source = dup(c, db_col_text(st, 3));
        o->is_developer = strcmp(db_col_text(st, 4), "developer") == 0;
        o->id_mask = dup(c, db_col_text(st, 5));
        o->share_bp = db_col_null(st, 6) ? 0 : (int)db_col_int(st, 6);
    }
    if (!db_done(st))
        return grid_db_fail(c, e);
    return true;
}

bool grid_member_load(const Ctx *c, int64_t person_id, Member *m, GridErr *e)
{
    DbStmt *st = db_query(c->db,
                          "SELECT " MEMBER_COLS " FROM person p WHERE p.id = ?",
                          DB_I(person_id));
    bool found = db_step(st) == DB_ROW;
    if (found)
        member_read(c, st, m);
    if (!db_done(st))
        return grid_db_fail(c, e);
    return found || grid_fail(e, GM_NO_PERSON, NULL);
}

/* ---- JSON ----------------------------------------------------------------- */

static void json_int_or_null(Buf *b, int64_t v)
{
    if (v)
        buf_printf(b, "%lld", (long long)v);
    else
        buf_puts(b, "null");
}

void grid_member_json(Buf *b, const Member *m, bool show_sensitive)
{
    buf_printf(b, "{\"id\":%lld,\"household_id\":%lld,\"name\":%j,\"gender\":%j,\"birth_year\":", (long long)m->id,
               (long long)m->household_id, m->name, m->gender);
    json_int_or_null(b, m->birth_year);
    buf_printf(b, ",\"residency\":%j,\"relation\":%j,\"id_number\":%j,\"phone\":%j,\"tags\":", m->residency,
               m->relation ? m->relation : "", m->id_mask, m->phone_mask);
    grid_tags_json(b, m->tags, show_sensitive);
    buf_putc(b, '}');
}

void grid_owner_json(Buf *b, const Owner *o)
{
    buf_printf(b, "{\"id\":%lld,\"name\":%j,\"kind\":%j,\"area\":", (long long)o->id, o->name,
               o->is_developer ? "developer" : "person");
    json_int_or_null(b, o->area);
    buf_printf(b, ",\"area_source\":%j,\"share_bp\":", o->area_source);
    json_int_or_null(b, o->share_bp);
    buf_printf(b, ",\"is_developer\":%s,\"id_number\":%j}", o->is_developer ? "true" : "false", o->id_mask);
}

void grid_household_json(Buf *b, const Household *h, bool detail)
{
    buf_printf(b, "{\"id\":%lld,\"compound_id\":%lld,\"compound\":%j,\"building\":%j,\"unit\":%j,\"door\":%j,"
                  "\"address\":%j,\"area\":",
               (long long)h->id, (long long)h->compound_id, h->compound, h->building, h->unit, h->door, h->address);
    json_int_or_null(b, h->area);
    buf_printf(b, ",\"flat_id\":%lld,\"number\":%j,\"housing\":%j,\"members\":[", (long long)h->flat_id,
               h->number ? h->number : "", h->housing);
    for (int i = 0; i < h->n_members; i++) {
        if (i)
            buf_putc(b, ',');
        grid_member_json(b, &h->members[i], h->show_sensitive);
    }
    buf_putc(b, ']');
    if (detail) {
        buf_printf(b, ",\"building_id\":%lld,\"unit_id\":%lld,\"note\":%j,\"grid_id\":", (long long)h->building_id,
                   (long long)h->unit_id, h->note ? h->note : "");
        json_int_or_null(b, h->grid_id);
        buf_printf(b, ",\"grid\":%j,\"micro_grid_id\":", h->grid);
        json_int_or_null(b, h->micro_grid_id);
        buf_printf(b, ",\"micro_grid\":%j,\"owners\":[", h->micro_grid);
        for (int i = 0; i < h->n_owners; i++) {
            if (i)
                buf_putc(b, ',');
            grid_owner_json(b, &h->owners[i]);
        }
        buf_putc(b, ']');
    }
    buf_putc(b, '}');
}

/* ---- households: create and change ----------------------------------------- */

static bool text_ok(const char *s, size_t max_cp)
{
    return s && utf8_valid(s, strlen(s)) && utf8_len(s) <= max_cp;
}

static bool door_check(const char *door, GridErr *e)
{
    if (!door || !door[0])
        return grid_fail(e, GM_DOOR_MISSING, "door");
    if (!text_ok(door, 20))
        return grid_fail(e, GM_DOOR_TOO_LONG, "door");
    return true;
}

static bool household_fields_check(const HouseholdInput *in, const char **housing, GridErr *e)
{
    if (in->set_area && (in->area < 0 || in->area > INT64_C(1000000000)))
        return grid_fail(e, GM_AREA_RANGE, "area");
    *housing = NULL;
    if (in->housing) {
        *housing = grid_housing_canonical(in->housing);
        if (!*housing)
            return grid_fail(e, GM_HOUSING_BAD, "housing");
    }
    if (in->note && !text_ok(in->note, 500))
        return grid_fail(e, GM_NOTE_TOO_LONG, "note");
    return true;
}

/* A household other than except_id at this door with this number. */
static bool door_taken(const Ctx *c, int64_t unit_id, const char *door, const char *number, int64_t except_id)
{
    int64_t found = 0;
    return db_int(c->db, &found,
                  "SELECT h.node_id FROM flat f JOIN household h ON h.flat_id = f.id "
                  "WHERE f.unit_id = ? AND f.door = ? AND h.number = ? AND h.node_id <> ?",
                  DB_I(unit_id), DB_T(door), DB_T(number), DB_I(except_id));
}

static const char *household_audit_json(const Ctx *c, const char *door, int64_t area, const char *housing)
{
    if (area > 0)
        return arena_printf(c->arena, "{\"door\":%j,\"area\":%lld,\"housing\":%j}", door, (long long)area, housing);
    return arena_printf(c->arena, "{\"door\":%j,\"area\":null,\"housing\":%j}", door, housing);
}

/* The flat at door of unit, created when new, with the area the request
 * gives (area 0: none). A flat has one area: a different one for an
 * existing flat is a 409; one for a flat without an area becomes its area. */
static bool flat_for_door(const Ctx *c, int64_t unit_id, int64_t compound_id, const char *door, int64_t area,
                          int64_t *flat_id, int64_t *flat_area, GridErr *e)
{
    *flat_area = 0;
    bool found;
    if (!flat_at_door(c->db, unit_id, door, flat_id, flat_area, &found))
        return grid_db_fail(c, e);
    if (found) {
        if (area > 0 && *flat_area > 0 && area != *flat_area)
            return grid_fail(e, GM_AREA_CONFLICT, "area");
        if (area > 0 && *flat_area == 0) {
            if (!flat_set_area(c->db, *flat_id, area, "register"))
                return grid_db_fail(c, e);
            *flat_area = area;
        }
        return true;
    }
    if (!flat_create(c->db, unit_id, compound_id, door, area, "register", c->now, flat_id))
        return grid_db_fail(c, e);
    *flat_area = area;
    return true;
}

bool grid_household_create(const Ctx *c, const NodeInfo *unit, const HouseholdInput *in, int64_t *id_out, GridErr *e)
{
    const char *housing;
    if (unit->kind != NODE_UNIT)
        return grid_fail(e, GM_NOT_A_UNIT, "unit_id");
    if (!door_check(in->door, e) || !household_fields_check(in, &housing, e))
        return false;
    const char *number = in->number ? in->number : "";
    if (!text_ok(number, 20))
        return grid_fail(e, GM_NUMBER_TOO_LONG, "number");
    if (!housing)
        housing = "owned";
    if (door_taken(c, unit->id, in->door, number, 0))
        return grid_fail(e, GM_DOOR_TAKEN, "door");
    int64_t building_id = 0, compound_id = 0, grid_id = 0;
    const char *building = NULL, *compound = NULL;
    /* The tree has fixed levels, so the unit's ancestors are a fixed chain:
     * building, compound, micro-grid, and the micro-grid's parent grid. */
    DbStmt *st = db_query(c->db,
                          "SELECT b.id, b.name, c.id, c.name, m.parent_id FROM node u "
                          "JOIN node b ON b.id = u.parent_id JOIN node c ON c.id = b.parent_id "
                          "JOIN node m ON m.id = c.parent_id WHERE u.id = ?",
                          DB_I(unit->id));
    if (db_step(st) == DB_ROW) {
        building_id = db_col_int(st, 0);
        building = dup(c, db_col_text(st, 1));
        compound_id = db_col_int(st, 2);
        compound = dup(c, db_col_text(st, 3));
        grid_id = db_col_int(st, 4);
    }
    if (!db_done(st))
        return grid_db_fail(c, e);
    if (!compound_id || !grid_id)
        return grid_fail(e, GM_UNIT_DETACHED, "unit_id");
    int64_t flat_id, area;
    if (!flat_for_door(c, unit->id, compound_id, in->door, in->set_area ? in->area : 0, &flat_id, &area, e))
        return false;
    const char *label = grid_household_label(c->arena, in->door, number);
    int64_t id;
    if (!grid_node_add(c, unit, NODE_HOUSEHOLD, label, NULL, &id, NULL, e))
        return false;
    const char *address = grid_address(c->arena, compound, building, unit->name, label);
    HouseholdNew row = {id, unit->id, building_id, compound_id, grid_id, in->door, number, address, housing, in->note};
    if (!grid_household_insert(c, &row, e))
        return false;
    const char *after = arena_printf(c->arena, "{\"unit_id\":%lld,\"flat_id\":%lld,\"number\":%j,\"address\":%j,\"household\":%s}",
                                     (long long)unit->id, (long long)flat_id, number, address,
                                     household_audit_json(c, in->door, area, housing));
    if (!grid_audit_write(c, "household", id, "create", NULL, after, e))
        return false;
    *id_out = id;
    return true;
}

bool grid_household_update(const Ctx *c, const NodeInfo *hh, const HouseholdInput *in, GridErr *e)
{
    const char *housing;
    if (in->door && !door_check(in->door, e))
        return false;
    if (!household_fields_check(in, &housing, e))
        return false;
    int64_t unit_id = 0, compound_id = 0, flat_id = 0, area = 0, sharing = 0;
    const char *door = NULL, *number = NULL, *old_housing = NULL, *note = NULL, *compound = NULL, *building = NULL,
               *unit = NULL;
    DbStmt *st = db_query(c->db,
                          "SELECT h.unit_id, h.door, f.area, h.housing, h.note, c.name, b.name, u.name, h.flat_id, "
                          "h.number, h.compound_id, (SELECT COUNT(*) FROM household x WHERE x.flat_id = h.flat_id) "
                          "FROM household h JOIN flat f ON f.id = h.flat_id JOIN node c ON c.id = h.compound_id "
                          "JOIN node b ON b.id = h.building_id JOIN node u ON u.id = h.unit_id WHERE h.node_id = ?",
                          DB_I(hh->id));
    if (db_step(st) == DB_ROW) {
        unit_id = db_col_int(st, 0);
        door = dup(c, db_col_text(st, 1));
        area = db_col_null(st, 2) ? 0 : db_col_int(st, 2);
        old_housing = dup(c, db_col_text(st, 3));
        note = dup(c, db_col_text(st, 4));
        compound = dup(c, db_col_text(st, 5));
        building = dup(c, db_col_text(st, 6));
        unit = dup(c, db_col_text(st, 7));
        flat_id = db_col_int(st, 8);
        number = dup(c, db_col_text(st, 9));
        compound_id = db_col_int(st, 10);
        sharing = db_col_int(st, 11);
    }
    if (!db_done(st))
        return grid_db_fail(c, e);
    if (!door)
        return grid_fail(e, GM_NO_HOUSEHOLD, NULL);
    const char *new_door = in->door ? in->door : door;
    const char *new_housing = housing ? housing : old_housing;
    const char *new_note = in->note ? in->note : note;
    int64_t new_flat = flat_id, new_area = area;
    if (strcmp(new_door, door) != 0) {
        if (door_taken(c, unit_id, new_door, number, hh->id))
            return grid_fail(e, GM_DOOR_TAKEN, "door");
        int64_t other = 0, other_area = 0;
        bool other_exists;
        if (!flat_at_door(c->db, unit_id, new_door, &other, &other_area, &other_exists))
            return grid_db_fail(c, e);
        if (sharing == 1 && !other_exists) {
            /* the only household of its flat: the door was mistyped, the flat keeps its area and owners */
            if (!flat_set_door(c->db, flat_id, new_door))
                return grid_db_fail(c, e);
        } else if (other_exists) {
            /* moves to the flat at that door (its area and owners are that flat's) */
            new_flat = other;
            new_area = other_area;
        } else {
            /* leaves a flat it shares for a new one at the new door */
            if (!flat_create(c->db, unit_id, compound_id, new_door, 0, "register", c->now, &new_flat))
                return grid_db_fail(c, e);
            new_area = 0;
        }
    }
    if (in->set_area && in->area != new_area) {
        if (!flat_set_area(c->db, new_flat, in->area, "register"))
            return grid_db_fail(c, e);
        new_area = in->area;
    }
    const char *label = grid_household_label(c->arena, new_door, number);
    const char *address = grid_address(c->arena, compound, building, unit, label);
    int64_t now = c->now;
    if (!db_exec(c->db, "UPDATE household SET door = ?, address = ?, flat_id = ?, housing = ?, note = ? WHERE node_id = ?",
                 DB_T(new_door), DB_T(address), DB_I(new_flat), DB_T(new_housing), DB_T(new_note), DB_I(hh->id)) ||
        !db_exec(c->db, "UPDATE node SET name = ?, updated_at = ? WHERE id = ?", DB_T(label), DB_I(now),
                 DB_I(hh->id)))
        return grid_db_fail(c, e);
    /* The note is free text that may hold anything; the log records only
     * that it changed. The area is the flat's. */
    const char *before = arena_printf(c->arena, "{\"flat_id\":%lld,\"household\":%s}", (long long)flat_id,
                                      household_audit_json(c, door, area, old_housing));
    const char *after = arena_printf(c->arena, "{\"flat_id\":%lld,\"household\":%s,\"note_changed\":%s}",
                                     (long long)new_flat, household_audit_json(c, new_door, new_area, new_housing),
                                     strcmp(new_note, note) != 0 ? "true" : "false");
    return grid_audit_write(c, "household", hh->id, "update", before, after, e);
}

/* ---- persons ----------------------------------------------------------------- */

typedef struct PersonRow {
    const char *name, *gender, *residency, *relation, *tags;
    int64_t birth_year;
    const char *id_enc, *id_mask, *id_hash, *phone_enc, *phone_mask, *phone_hash;
} PersonRow;

static int current_year(const Ctx *c)
{
    time_t t = (time_t)c->now;
    struct tm tm;
    gmtime_r(&t, &tm);
    return tm.tm_year + 1900;
}

static const char *person_audit_json(const Ctx *c, int64_t household_id, const PersonRow *p)
{
    Buf b = BUF_INIT;
    buf_printf(&b, "{\"household_id\":%lld,\"name\":%j,\"gender\":%j,\"birth_year\":", (long long)household_id, p->name,
               p->gender);
    json_int_or_null(&b, p->birth_year);
    buf_printf(&b, ",\"residency\":%j,\"relation\":%j,\"id_number\":%j,\"phone\":%j,\"tags\":", p->residency,
               p->relation, p->id_mask, p->phone_mask);
    /* Sensitive tags stay out of the log: its readers need not hold the
     * right to see them. */
    grid_tags_json(&b, p->tags, false);
    buf_putc(&b, '}');
    const char *s = arena_strdup(c->arena, buf_str(&b));
    buf_free(&b);
    return s;
}

static bool person_row_load(const Ctx *c, int64_t person_id, int64_t household_id, PersonRow *p, GridErr *e)
{
    DbStmt *st = db_query(c->db,
                          "SELECT name, gender, birth_year, residency, relation, tags, id_enc, id_mask, id_hash, "
                          "phone_enc, phone_mask, phone_hash FROM person WHERE id = ? AND household_id = ?",
                          DB_I(person_id), DB_I(household_id));
    bool found = db_step(st) == DB_ROW;
    if (found) {
        p->name = dup(c, db_col_text(st, 0));
        p->gender = dup(c, db_col_text(st, 1));
        p->birth_year = db_col_null(st, 2) ? 0 : db_col_int(st, 2);
        p->residency = dup(c, db_col_text(st, 3));
        p->relation = dup(c, db_col_text(st, 4));
        p->tags = dup(c, db_col_text(st, 5));
        p->id_enc = dup(c, db_col_text(st, 6));
        p->id_mask = dup(c, db_col_text(st, 7));
        p->id_hash = dup(c, db_col_text(st, 8));
        p->phone_enc = dup(c, db_col_text(st, 9));
        p->phone_mask = dup(c, db_col_text(st, 10));
        p->phone_hash = dup(c, db_col_text(st, 11));
    }
    if (!db_done(st))
        return grid_db_fail(c, e);
    return found || grid_fail(e, GM_NO_PERSON, NULL);
}

/* Encrypts into request memory; NULL when the key is missing. */
static const char *seal(const Ctx *c, const char *plain)
{
    char *s = pii_encrypt(plain);
    if (!s)
        return NULL;
    const char *out = arena_strdup(c->arena, s);
    free(s);
    return out;
}

static bool pii_ready(GridErr *e)
{
    if (pii_key_loaded())
        return true;
    return grid_fail(e, GM_PII_KEY_MISSING, NULL);
}

/* Validates an ID number; on success *norm is the upper-case form. */
static bool id_number_check(const Ctx *c, const char *id, const char **norm, GridErr *e)
{
    size_t n = strlen(id);
    char *up = arena_strdup(c->arena, id);
    if (n == 18 && up[17] == 'x')
        up[17] = 'X';
    if (pii_id_valid(up)) {
        *norm = up;
        return true;
    }
    if (n == 18) {
        char want = pii_id_check_char(up);
        if (want && want != up[17])
            return grid_fail(e, GM_ID_CHECK_DIGIT, "id_number");
    }
    return grid_fail(e, GM_ID_FORMAT, "id_number");
}

/* A configured limit, or its default where no configuration is loaded (unit tests). */
static int limit_of(int configured, int dflt)
{
    return configured > 0 ? configured : dflt;
}

/* Counts one use of a per-user quota; false with 429 rate_limited (or a
 * storage error) when the limit is reached. */
static bool quota_or_err(const Ctx *c, const char *what, int64_t window, int limit, GridMsg msg, GridErr *e)
{
    const char *key = arena_printf(c->arena, "%s:%lld", what, (long long)c->who->user_id);
    QuotaResult q = quota_take(c->db, key, c->now, window, limit);
    if (q == QUOTA_ERROR)
        return grid_db_fail(c, e);
    if (q == QUOTA_EXCEEDED)
        return grid_fail(e, msg, NULL);
    return true;
}

/* The duplicate check of an ID number, which must not be an oracle: the
 * register may be told "this number belongs to someone else" only by a
 * caller who may see that someone's number in full anyway (PERM_PII_FULL
 * on their household): then 409 conflict. For everyone else a number that
 * exists elsewhere is accepted exactly as a new one would be, and the
 * duplicate is written to the audit log (grid_id_duplicates_audit) for
 * staff who see both records. */
static bool id_conflict_check(const Ctx *c, const char *hash, int64_t person_id, GridErr *e)
{
    DbStmt *st = db_query(c->db,
                          "SELECT n.path FROM person p JOIN node n ON n.id = p.household_id "
                          "WHERE p.id_hash = ? AND p.id <> ? ORDER BY p.id LIMIT 100",
                          DB_T(hash), DB_I(person_id));
    bool visible = false;
    while (db_step(st) == DB_ROW)
        visible = visible || grid_may_see_pii(c, db_col_text(st, 0));
    if (!db_done(st))
        return grid_db_fail(c, e);
    if (visible)
        return grid_fail(e, GM_ID_TAKEN, "id_number");
    return true;
}

bool grid_id_duplicates_audit(Db *db, int64_t actor_id, int64_t person_id, const char *id_hash)
{
    if (!id_hash || !id_hash[0])
        return true;
    Buf b = BUF_INIT;
    int n = 0;
    DbStmt *st = db_query(db, "SELECT id FROM person WHERE id_hash = ? AND id <> ? ORDER BY id LIMIT 100",
                          DB_T(id_hash), DB_I(person_id));
    buf_puts(&b, "{\"same_id_number_as\":[");
    while (db_step(st) == DB_ROW)
        buf_printf(&b, "%s%lld", n++ ? "," : "", (long long)db_col_int(st, 0));
    buf_puts(&b, "]}");
    bool ok = db_done(st) && (n == 0 || audit_append(db, actor_id, "person", person_id, "id_duplicate", NULL, buf_str(&b)));
    buf_free(&b);
    return ok;
}

/* The owner with this key (an ID number's keyed hash) whom the caller may
 * see in full: PERM_PII_FULL over a household at one of its flats, or over
 * its person's household (*seen, the oldest such; 0 when none). Only for
 * them does a flat join that owner. Anyone else gets a new owner row, the
 * answer a number nobody holds gets: else the reply (its id) and the
 * flat's owner list (the other owner's name) would say whose number it is.
 * Owners sharing a key count as one in every vote (Art. 278 counts by key). */
static bool owner_seen(const Ctx *c, const char *key, int64_t *seen, GridErr *e)
{
    *seen = 0;
    DbStmt *st = db_query(c->db,
                          "SELECT o.id, n.path FROM owner o JOIN ownership s ON s.owner_id = o.id "
                          "JOIN household h ON h.flat_id = s.flat_id JOIN node n ON n.id = h.node_id "
                          "WHERE o.owner_key = ? "
                          "UNION ALL SELECT o.id, n.path FROM owner o JOIN person p ON p.id = o.person_id "
                          "JOIN node n ON n.id = p.household_id WHERE o.owner_key = ? "
                          "ORDER BY 1 LIMIT 200",
                          DB_T(key), DB_T(key));
    while (db_step(st) == DB_ROW)
        if (!*seen && grid_may_see_pii(c, db_col_text(st, 1)))
            *seen = db_col_int(st, 0);
    if (!db_done(st))
        return grid_db_fail(c, e);
    return true;
}

bool grid_owner_duplicates_audit(Db *db, int64_t actor_id, int64_t owner_id, const char *owner_key)
{
    Buf b = BUF_INIT;
    int n = 0;
    DbStmt *st = db_query(db, "SELECT id FROM owner WHERE owner_key = ? AND id <> ? ORDER BY id LIMIT 100",
                          DB_T(owner_key), DB_I(owner_id));
    buf_puts(&b, "{\"same_id_number_as_owners\":[");
    while (db_step(st) == DB_ROW)
        buf_printf(&b, "%s%lld", n++ ? "," : "", (long long)db_col_int(st, 0));
    buf_puts(&b, "]}");
    bool ok = db_done(st) && (n == 0 || audit_append(db, actor_id, "owner", owner_id, "id_duplicate", NULL, buf_str(&b)));
    buf_free(&b);
    return ok;
}

bool grid_person_save(const Ctx *c, const NodeInfo *hh, int64_t person_id, const PersonInput *in, int64_t *id_out,
                      GridErr *e)
{
    bool id_changed = false;
    PersonRow p = {0};
    PersonRow old = {0};
    if (person_id) {
        if (!person_row_load(c, person_id, hh->id, &old, e))
            return false;
        p = old;
    } else {
        p.relation = "";
        p.tags = "";
        if (!in->name || !in->name[0])
            return grid_fail(e, GM_NAME_MISSING, "name");
        if (!in->residency || !in->residency[0])
            return grid_fail(e, GM_RESIDENCY_MISSING, "residency");
    }
    if (in->name) {
        if (!in->name[0])
            return grid_fail(e, GM_NAME_MISSING, "name");
        if (!text_ok(in->name, 50))
            return grid_fail(e, GM_NAME_TOO_LONG, "name");
        p.name = in->name;
    }
    if (in->gender) {
        p.gender = in->gender[0] ? grid_gender_canonical(in->gender) : NULL;
        if (in->gender[0] && !p.gender)
            return grid_fail(e, GM_GENDER_BAD, "gender");
    }
    if (in->residency) {
        p.residency = grid_residency_canonical(in->residency);
        if (!p.residency)
            return grid_fail(e, GM_RESIDENCY_BAD, "residency");
    }
    if (in->relation) {
        if (!text_ok(in->relation, 20))
            return grid_fail(e, GM_RELATION_TOO_LONG, "relation");
        p.relation = in->relation;
    }
    if (in->set_birth_year) {
        if (in->birth_year && (in->birth_year < 1900 || in->birth_year > current_year(c)))
            return grid_fail(e, GM_BIRTH_YEAR_RANGE, "birth_year");
        p.birth_year = in->birth_year;
    }
    if (in->id_number) {
        if (!in->id_number[0]) {
            p.id_enc = p.id_mask = p.id_hash = NULL;
        } else {
            const char *id;
            if (!id_number_check(c, in->id_number, &id, e) || !pii_ready(e))
                return false;
            char mask[19], hash[33];
            pii_mask_id(id, mask);
            pii_hash(id, hash);
            if (!quota_or_err(c, "id_check", 3600, limit_of(g_config ? g_config->id_checks_per_hour : 0, 60),
                              GM_ID_CHECK_RATE, e) ||
                !id_conflict_check(c, hash, person_id, e))
                return false;
            id_changed = !old.id_hash || strcmp(old.id_hash, hash) != 0;
            p.id_enc = seal(c, id);
            p.id_mask = arena_strdup(c->arena, mask);
            p.id_hash = arena_strdup(c->arena, hash);
            if (!p.id_enc)
                return grid_fail(e, GM_ENCRYPT_FAILED, NULL);
        }
    }
    if (in->phone) {
        if (!in->phone[0]) {
            p.phone_enc = p.phone_mask = p.phone_hash = NULL;
        } else {
            if (!pii_phone_valid(in->phone))
                return grid_fail(e, GM_PHONE_BAD, "phone");
            if (!pii_ready(e))
                return false;
            char mask[32], hash[33];
            pii_mask_phone(in->phone, mask);
            pii_hash(in->phone, hash);
            p.phone_enc = seal(c, in->phone);
            p.phone_mask = arena_strdup(c->arena, mask);
            p.phone_hash = arena_strdup(c->arena, hash);
            if (!p.phone_enc)
                return grid_fail(e, GM_ENCRYPT_FAILED, NULL);
        }
    }
    if (in->set_tags) {
        const char *joined = grid_tags_join(c->arena, in->tags, in->n_tags, NULL);
        if (!joined)
            return grid_fail(e, GM_TAG_UNKNOWN, "tags");
        if (!grid_may_see_sensitive_tags(c, hh->path)) {
            /* Whoever may not see sensitive tags may not set them, and a list
             * they send must not silently drop the ones hidden from them. */
            if (grid_tags_sensitive_only(c->arena, joined)[0])
                return grid_fail(e, GM_TAG_SENSITIVE_FORBIDDEN, "tags");
            const char *keep = grid_tags_sensitive_only(c->arena, old.tags);
            if (keep[0])
                joined = concat(c, joined[0] ? concat(c, joined, ",") : "", keep);
        }
        p.tags = joined;
    }
    int64_t now = c->now;
    DbArg by = p.birth_year ? DB_I(p.birth_year) : DB_NULL;
    if (!person_id) {
        PersonNew row = {hh->id, p.name, p.gender, p.birth_year, p.residency, p.relation, p.tags,
                         {p.id_enc, p.id_mask, p.id_hash}, {p.phone_enc, p.phone_mask, p.phone_hash}};
        if (!grid_person_insert(c, &row, &person_id, e))
            return false;
        if (!grid_audit_write(c, "person", person_id, "create", NULL, person_audit_json(c, hh->id, &p), e))
            return false;
        if (id_changed && !grid_id_duplicates_audit(c->db, ctx_actor(c), person_id, p.id_hash))
            return grid_db_fail(c, e);
    } else {
        if (!db_exec(c->db,
                     "UPDATE person SET name = ?, gender = ?, birth_year = ?, residency = ?, relation = ?, id_enc = ?, "
                     "id_mask = ?, id_hash = ?, phone_enc = ?, phone_mask = ?, phone_hash = ?, tags = ?, "
                     "updated_at = ? WHERE id = ?",
                     DB_T(p.name), DB_T(p.gender), by, DB_T(p.residency), DB_T(p.relation), DB_T(p.id_enc),
                     DB_T(p.id_mask), DB_T(p.id_hash), DB_T(p.phone_enc), DB_T(p.phone_mask), DB_T(p.phone_hash),
                     DB_T(p.tags), DB_I(now), DB_I(person_id)))
            return grid_db_fail(c, e);
        if (!grid_audit_write(c, "person", person_id, "update", person_audit_json(c, hh->id, &old),
                        person_audit_json(c, hh->id, &p), e))
            return false;
        if (id_changed && !grid_id_duplicates_audit(c->db, ctx_actor(c), person_id, p.id_hash))
            return grid_db_fail(c, e);
    }
    if (id_out)
        *id_out = person_id;
    return true;
}

bool grid_person_reveal(const Ctx *c, int64_t person_id, char **id_number, char **phone, GridErr *e)
{
    *id_number = *phone = NULL;
    int64_t household_id = 0;
    const char *id_enc = NULL, *phone_enc = NULL;
    DbStmt *st = db_query(c->db, "SELECT household_id, id_enc, phone_enc FROM person WHERE id = ?", DB_I(person_id));
    if (db_step(st) == DB_ROW) {
        household_id = db_col_int(st, 0);
        id_enc = dup(c, db_col_text(st, 1));
        phone_enc = dup(c, db_col_text(st, 2));
    }
    if (!db_done(st))
        return grid_db_fail(c, e);
    if (!household_id)
        return grid_fail(e, GM_NO_PERSON, NULL);
    if ((id_enc || phone_enc) && !pii_ready(e))
        return false;
    if (id_enc && !(*id_number = pii_decrypt(id_enc)))
        goto undecryptable;
    if (phone_enc && !(*phone = pii_decrypt(phone_enc)))
        goto undecryptable;
    /* The event says who looked at whose data, never the values. */
    const char *after = arena_printf(c->arena, "{\"household_id\":%lld,\"fields\":[\"id_number\",\"phone\"]}",
                                     (long long)household_id);
    if (grid_audit_write(c, "person", person_id, "reveal_pii", NULL, after, e))
        return true;
    free(*id_number);
    free(*phone);
    *id_number = *phone = NULL;
    return false;
undecryptable:
    free(*id_number);
    free(*phone);
    *id_number = *phone = NULL;
    return grid_fail(e, GM_PII_KEY_MISMATCH, NULL);
}

/* ---- search ------------------------------------------------------------------- */

typedef struct HitVec {
    SearchHit *v;
    int n;
} HitVec;

static bool person_hit_seen(const HitVec *hv, int64_t person_id)
{
    for (int i = 0; i < hv->n; i++)
        if (hv->v[i].is_person && hv->v[i].person_id == person_id)
            return true;
    return false;
}

/* Reads person rows (id, household_id, name, phone_mask, address) into hv. */
static bool person_hits(const Ctx *c, DbStmt *st, HitVec *hv, GridErr *e)
{
    while (db_step(st) == DB_ROW) {
        if (hv->n >= GRID_SEARCH_MAX || person_hit_seen(hv, db_col_int(st, 0)))
            continue;
        SearchHit *h = &hv->v[hv->n++];
        h->is_person = true;
        h->person_id = db_col_int(st, 0);
        h->household_id = db_col_int(st, 1);
        h->name = dup(c, db_col_text(st, 2));
        h->phone_mask = dup(c, db_col_text(st, 3));
        h->address = dup(c, db_col_text(st, 4));
    }
    return db_done(st) || grid_db_fail(c, e);
}

bool grid_search(const Ctx *c, const char *q, SearchHit **out, int *n, GridErr *e)
{
    if (!c->who)
        return grid_fail(e, GM_LOGIN_REQUIRED, NULL);
    const char **prefixes = arena_alloc(c->arena, sizeof *prefixes * (size_t)(c->who->n_grants + 1));
    int np = 0;
    for (int i = 0; i < c->who->n_grants; i++) {
        const Grant *g = &c->who->grants[i];
        if (role_has(g->role, PERM_REGISTER_READ) && g->node_path && g->node_path[0] == '/')
            prefixes[np++] = g->node_path;
    }
    np = grid_prefixes_minimal(prefixes, np);
    if (np == 0)
        return grid_fail(e, GM_REGISTER_FORBIDDEN, NULL);
    char norm[19];
    GridQueryKind kind = grid_search_kind(q, norm);
    bool whole = kind == GRID_Q_PHONE || kind == GRID_Q_ID;
    /* Every search reads personal data: each is limited per user and
     * audited; one by a whole phone or ID number (an exact match on its
     * keyed hash) has a daily limit of its own, so that trying every
     * number behind a mask (138****1234: 10,000 numbers) takes months. */
    if (!quota_or_err(c, "search", 60, limit_of(g_config ? g_config->search_per_minute : 0, 30), GM_SEARCH_RATE, e) ||
        (whole && !quota_or_err(c, "pii_search", 86400, limit_of(g_config ? g_config->pii_search_per_day : 0, 50),
                                GM_PII_SEARCH_RATE, e)))
        return false;
    HitVec hv = {arena_alloc(c->arena, sizeof(SearchHit) * GRID_SEARCH_MAX), 0};
    const char *like = grid_like_contains(c->arena, q);
    char hash[33] = "";
    if (whole)
        pii_hash(norm, hash);
    const char *last4 = kind == GRID_Q_LAST4 ? concat(c, "%", norm) : NULL;
    /* One range per part of the caller's scope: path >= prefix AND path < upper. */
    for (int i = 0; i < np && hv.n < GRID_SEARCH_MAX; i++) {
        size_t cap = strlen(prefixes[i]) + 1;
        char *upper = arena_alloc(c->arena, cap);
        if (!grid_path_upper(prefixes[i], upper, cap))
            continue;
        DbArg lo = DB_T(prefixes[i]), hi = DB_T(upper);
        DbStmt *st;
        if (kind == GRID_Q_PHONE || kind == GRID_Q_ID) {
            /* whole numbers only, never a part: by keyed hash */
            if (!hash[0])
                break;
            st = kind == GRID_Q_PHONE
                     ? db_query(c->db,
                                PERSON_HIT_FROM
                                "WHERE n.path >= ? AND n.path < ? AND p.phone_hash = ? ORDER BY p.id LIMIT ?",
                                lo, hi, DB_T(hash), DB_I(GRID_SEARCH_MAX))
                     : db_query(c->db,
                                PERSON_HIT_FROM
                                "WHERE n.path >= ? AND n.path < ? AND p.id_hash = ? ORDER BY p.id LIMIT ?",
                                lo, hi, DB_T(hash), DB_I(GRID_SEARCH_MAX));
            if (!person_hits(c, st, &hv, e))
                return false;
            continue;
        }
        st = db_query(c->db,
                      "SELECT h.node_id, h.address FROM household h JOIN node n ON n.id = h.node_id "
                      "WHERE n.path >= ? AND n.path < ? AND h.address LIKE ? ESCAPE '\\' "
                      "ORDER BY h.address, h.node_id LIMIT ?",
                      lo, hi, DB_T(like), DB_I(GRID_SEARCH_MAX - hv.n));
        while (db_step(st) == DB_ROW && hv.n < GRID_SEARCH_MAX) {
            SearchHit *h = &hv.v[hv.n++];
            h->household_id = db_col_int(st, 0);
            h->address = dup(c, db_col_text(st, 1));
        }
        if (!db_done(st))
            return grid_db_fail(c, e);
        if (hv.n >= GRID_SEARCH_MAX)
            break;
        st = db_query(c->db,
                      PERSON_HIT_FROM
                      "WHERE n.path >= ? AND n.path < ? AND p.name LIKE ? ESCAPE '\\' "
                      "ORDER BY p.name, p.id LIMIT ?",
                      lo, hi, DB_T(like), DB_I(GRID_SEARCH_MAX - hv.n));
        if (!person_hits(c, st, &hv, e))
            return false;
        if (kind == GRID_Q_LAST4) {
            /* the last 4 digits are what the mask shows (138****1234) */
            st = db_query(c->db,
                          PERSON_HIT_FROM
                          "WHERE n.path >= ? AND n.path < ? AND p.phone_mask LIKE ? ORDER BY p.id LIMIT ?",
                          lo, hi, DB_T(last4), DB_I(GRID_SEARCH_MAX));
            if (!person_hits(c, st, &hv, e))
                return false;
        }
    }
    /* The audit event says who searched, when, what kind of text and whom
     * it found; the text itself only as a keyed hash (it may be a phone or
     * an ID number, or a name the log's readers need not see). */
    char qhash[33];
    pii_hash(whole ? norm : q, qhash);
    static const char *const kinds[] = {"text", "phone", "id_number", "last4"};
    Buf b = BUF_INIT;
    buf_printf(&b, "{\"kind\":%j,\"q_hash\":%j,\"hits\":%d,\"person_ids\":[", kinds[kind], qhash, hv.n);
    for (int i = 0, k = 0; i < hv.n; i++)
        if (hv.v[i].is_person)
            buf_printf(&b, "%s%lld", k++ ? "," : "", (long long)hv.v[i].person_id);
    buf_puts(&b, "]}");
    const char *after = arena_strdup(c->arena, buf_str(&b));
    buf_free(&b);
    if (!grid_audit_write(c, "search", c->who->user_id, "search", NULL, after, e))
        return false;
    *out = hv.v;
    *n = hv.n;
    return true;
}

const char *grid_import_scope(const Ctx *c)
{
    const char *best = NULL;
    if (!c->who)
        return NULL;
    for (int i = 0; i < c->who->n_grants; i++) {
        const Grant *g = &c->who->grants[i];
        if (!role_has(g->role, PERM_IMPORT) || !g->node_path || g->node_path[0] != '/')
            continue;
        if (!best || strlen(g->node_path) < strlen(best))
            best = g->node_path;
    }
    return best;
}

/* ---- deleting persons, adding owners ------------------------------------------ */

bool grid_person_delete(const Ctx *c, const NodeInfo *hh, int64_t person_id, GridErr *e)
{
    PersonRow old = {0};
    if (!person_row_load(c, person_id, hh->id, &old, e))
        return false;
    /* An owner record or a user account outlives the register entry it was
     * matched to: the link goes, the row stays. */
    if (!db_exec(c->db, "UPDATE owner SET person_id = NULL WHERE person_id = ?", DB_I(person_id)) ||
        !user_unlink_person(c->db, person_id) ||
        !db_exec(c->db, "DELETE FROM person WHERE id = ?", DB_I(person_id)))
        return grid_db_fail(c, e);
    return grid_audit_write(c, "person", person_id, "delete", person_audit_json(c, hh->id, &old), NULL, e);
}

bool grid_owner_create(const Ctx *c, const NodeInfo *hh, const OwnerInput *in, Owner *out, GridErr *e)
{
    if (!in->name || !in->name[0])
        return grid_fail(e, GM_OWNER_NAME_MISSING, "name");
    if (!text_ok(in->name, 100))
        return grid_fail(e, GM_OWNER_NAME_TOO_LONG, "name");
    if (in->area < 0 || in->area > FLAT_AREA_MAX)
        return grid_fail(e, GM_AREA_RANGE, "area");
    if (in->share_bp < 0 || in->share_bp > 10000)
        return grid_fail(e, GM_SHARE_RANGE, "share_bp");
    const char *source = in->area_source && in->area_source[0] ? in->area_source : "register";
    if (strcmp(source, "register") != 0 && strcmp(source, "survey") != 0 && strcmp(source, "contract") != 0)
        return grid_fail(e, GM_AREA_SOURCE_BAD, "area_source");
    bool has_id = in->id_number && in->id_number[0];
    if (in->is_developer && has_id)
        return grid_fail(e, GM_DEVELOPER_ID, "id_number");
    if (!in->is_developer && !has_id)
        return grid_fail(e, GM_OWNER_ID_MISSING, "id_number");
    int64_t flat_id = 0, compound_id = 0, flat_area = 0;
    const char *flat_source = NULL;
    DbStmt *st = db_query(c->db,
                          "SELECT h.flat_id, h.compound_id, f.area, f.area_source FROM household h "
                          "JOIN flat f ON f.id = h.flat_id WHERE h.node_id = ?",
                          DB_I(hh->id));
    if (db_step(st) == DB_ROW) {
        flat_id = db_col_int(st, 0);
        compound_id = db_col_int(st, 1);
        flat_area = db_col_null(st, 2) ? 0 : db_col_int(st, 2);
        flat_source = dup(c, db_col_text(st, 3));
    }
    if (!db_done(st))
        return grid_db_fail(c, e);
    if (!flat_id)
        return grid_fail(e, GM_NO_HOUSEHOLD, NULL);
    /* One flat, one area: an owner's certificate cannot give it another. */
    if (in->area > 0 && flat_area > 0 && in->area != flat_area)
        return grid_fail(e, GM_AREA_CONFLICT, "area");
    const char *id = NULL, *id_enc = NULL;
    char mask[19] = "", key[400] = "";
    if (in->is_developer) {
        flat_developer_key(key, sizeof key, compound_id, in->name);
    } else {
        if (!id_number_check(c, in->id_number, &id, e) || !pii_ready(e) ||
            !quota_or_err(c, "id_check", 3600, limit_of(g_config ? g_config->id_checks_per_hour : 0, 60),
                          GM_ID_CHECK_RATE, e))
            return false;
        pii_mask_id(id, mask);
        pii_hash(id, key);
        if (!(id_enc = seal(c, id)))
            return grid_fail(e, GM_ENCRYPT_FAILED, NULL);
    }
    /* This flat's own owners are listed to whoever edits it. */
    int64_t taken = 0;
    if (db_int(c->db, &taken,
               "SELECT s.id FROM ownership s JOIN owner o ON o.id = s.owner_id WHERE s.flat_id = ? AND o.owner_key = ?",
               DB_I(flat_id), DB_T(key)))
        return grid_fail(e, GM_OWNER_TAKEN, in->is_developer ? "name" : "id_number");
    int64_t now = c->now, owner_id = 0;
    bool created = false;
    if (in->is_developer) {
        if (!flat_owner_developer(c->db, compound_id, in->name, now, &owner_id, &created))
            return grid_db_fail(c, e);
    } else {
        /* One person is one owner wherever they own: the key is the keyed
         * hash of the ID number; they may live here, elsewhere in the
         * register, or outside it. */
        int64_t seen = 0;
        if (!owner_seen(c, key, &seen, e))
            return false;
        int64_t person_id = 0;
        if (seen) {
            if (!db_int(c->db, &person_id, "SELECT COALESCE(MIN(id), 0) FROM person WHERE id_hash = ?", DB_T(key)))
                return grid_db_fail(c, e);
            owner_id = seen;
            if (person_id && !flat_owner_link_person(c->db, owner_id, person_id))
                return grid_db_fail(c, e);
        } else {
            if (!db_int(c->db, &person_id,
                        "SELECT COALESCE(MIN(id), 0) FROM person WHERE household_id = ? AND id_hash = ?", DB_I(hh->id),
                        DB_T(key)))
                return grid_db_fail(c, e);
            FlatPerson p = {in->name, key, id_enc, mask, NULL, NULL, person_id};
            created = true;
            if (!flat_owner_person_add(c->db, &p, now, &owner_id))
                return grid_db_fail(c, e);
        }
    }
    if (in->area > 0 && flat_area == 0) {
        if (!flat_set_area(c->db, flat_id, in->area, source))
            return grid_db_fail(c, e);
        flat_area = in->area;
        flat_source = source;
    }
    if (!flat_owner_add(c->db, flat_id, owner_id, in->share_bp, now, NULL))
        return grid_db_fail(c, e);
    out->id = owner_id;
    out->name = in->name;
    out->area = flat_area;
    out->area_source = flat_source;
    out->share_bp = in->share_bp;
    out->is_developer = in->is_developer;
    out->id_mask = mask[0] ? arena_strdup(c->arena, mask) : NULL;
    const char *after = arena_printf(c->arena,
                                     "{\"household_id\":%lld,\"flat_id\":%lld,\"owner_id\":%lld,\"new_owner\":%s,"
                                     "\"name\":%j,\"area\":%lld,\"area_source\":%j,\"share_bp\":%d,"
                                     "\"is_developer\":%s,\"id_number\":%j}",
                                     (long long)hh->id, (long long)flat_id, (long long)owner_id,
                                     created ? "true" : "false", in->name, (long long)flat_area, flat_source,
                                     in->share_bp, in->is_developer ? "true" : "false", out->id_mask);
    if (!grid_audit_write(c, "owner", owner_id, created ? "create" : "add_flat", NULL, after, e))
        return false;
    if (created && !in->is_developer && !grid_owner_duplicates_audit(c->db, ctx_actor(c), owner_id, key))
        return grid_db_fail(c, e);
    return true;
}

bool grid_owner_link_person(const Ctx *c, int64_t owner_id, int64_t person_id, bool *linked, GridErr *e)
{
    *linked = false;
    if (!flat_owner_link_person(c->db, owner_id, person_id))
        return grid_db_fail(c, e);
    if (db_changes(c->db) == 0)
        return true;
    *linked = true;
    return grid_audit_write(c, "owner", owner_id, "link_person", NULL,
                            arena_printf(c->arena, "{\"person_id\":%lld}", (long long)person_id), e);
}
