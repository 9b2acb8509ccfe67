/* delib.c: the model of deliberation's topics and meetings (vote/delib.h),
 * its errors, its permission question and its pure rules. The only writer
 * of topic, topic_support, topic_comment, meeting, meeting_item and
 * meeting_attendee. Places, people and organisations are read through the
 * grid's and auth's read functions, a work order through the work orders'
 * (wo_order_brief, and wo_may_read for the one read rule). A coordination
 * meeting tells the work orders when it is opened for an order and when it
 * is held (wo_meeting_linked, wo_meeting_held), in the same transaction:
 * workorder sits below and never reads `meeting`. */
#include "vote/delib.h"
#include "vote/delib_int.h"

#include <string.h>

#include "auth/audit.h"
#include "auth/read.h"
#include "grid/grid.h"
#include "grid/read.h"
#include "vote/notice.h"
#include "vote/vote_int.h"
#include "workorder/read.h"
#include "workorder/workorder.h"

/* ---- errors ------------------------------------------------------------------ */

bool delib_err(VoteErr *e, VoteMsg msg, const char *field)
{
    e->msg = msg;
    e->field = field;
    e->detail = NULL;
    return false;
}

bool delib_err_db(VoteErr *e, Db *db)
{
    delib_err(e, db_error_class(db) == DB_ERR_BUSY ? VM_BUSY : VM_INTERNAL, NULL);
    e->detail = db_errmsg(db);
    return false;
}

void *delib_grow(Arena *a, void *items, size_t size, int n, int *cap)
{
    if (n < *cap)
        return items;
    int cap2 = *cap ? *cap * 2 : 16;
    void *g = arena_alloc(a, size * (size_t)cap2);
    if (n)
        memcpy(g, items, size * (size_t)n);
    *cap = cap2;
    return g;
}

/* A work-order model call that failed: its failures are storage failures. */
static bool delib_err_wo(VoteErr *e, const WoErr *we)
{
    delib_err(e, we->msg == WM_BUSY ? VM_BUSY : VM_INTERNAL, NULL);
    e->detail = we->detail;
    return false;
}

/* A meeting that coordinates a work order was held (or its minutes
 * published): the order's meeting deadline may be met (the work orders' sweep). */
static bool tell_work_order_held(const Ctx *c, const Meeting *m, bool published, VoteErr *e)
{
    WoErr we;
    if (m->work_order_id && !wo_meeting_held(c, m->id, published, &we))
        return delib_err_wo(e, &we);
    return true;
}

bool delib_err_grid(VoteErr *e, int grid_read)
{
    /* GRID_NOT_FOUND from a getter the model relies on is a dangling reference: a bug */
    return delib_err(e, grid_read == GRID_BUSY ? VM_BUSY : VM_INTERNAL, NULL);
}

bool delib_err_auth(VoteErr *e, int auth_read)
{
    return delib_err(e, auth_read == AUTH_BUSY ? VM_BUSY : VM_INTERNAL, NULL);
}

bool delib_place(const Ctx *c, int64_t node_id, const char **name, const char **path, VoteErr *e)
{
    NodeInfo n;
    GridRead g = grid_node_find(c, node_id, &n);
    if (g != GRID_OK)
        return delib_err_grid(e, g);
    if (name)
        *name = n.name;
    if (path)
        *path = n.path;
    return true;
}

/* ---- permission ---------------------------------------------------------------- */

bool delib_may_take_part(const Principal *who, Perm perm, const char *path)
{
    if (perm_allows(who, perm, path))
        return true;
    for (int i = 0; who && i < who->n_grants; i++) {
        const Grant *g = &who->grants[i];
        if (role_has(g->role, perm) && g->node_path && strncmp(g->node_path, path, strlen(path)) == 0)
            return true;
    }
    return false;
}

/* ---- rules --------------------------------------------------------------------- */

bool delib_paths_related(const char *a, const char *b)
{
    return strncmp(a, b, strlen(b)) == 0 || strncmp(b, a, strlen(a)) == 0;
}

bool delib_topic_source_valid(const char *source)
{
    return !strcmp(source, "online") || !strcmp(source, "board") || !strcmp(source, "work_order");
}

bool delib_meeting_kind_check(const char *kind, bool from_work_order, VoteErr *e)
{
    if (strcmp(kind, "party_joint") && strcmp(kind, "council") && strcmp(kind, "multi_party"))
        return delib_err(e, VM_MEETING_BAD_KIND, "kind");
    if (from_work_order && strcmp(kind, "multi_party") != 0)
        return delib_err(e, VM_MEETING_WO_NOT_MULTI, "kind");
    return true;
}

const char *delib_meeting_kind_zh(const char *k)
{
    return strcmp(k, "party_joint") == 0 ? "党建联席会" : strcmp(k, "council") == 0 ? "居民议事会" : "多方协调会";
}

const char *delib_org_kind_zh(const char *k)
{
    static const char *const map[][2] = {
        {"resident_group", "居民小组"}, {"party_branch", "党组织"}, {"property_company", "物业"}, {"committee", "院委会"},
        {"contractor", "施工单位"},     {"supervisor", "监理"},     {"department", "职能部门"}, {"charity", "公益组织"}};
    for (size_t i = 0; i < sizeof map / sizeof map[0]; i++)
        if (strcmp(k, map[i][0]) == 0)
            return map[i][1];
    return k;
}

/* ---- topics ------------------------------------------------------------------------- */

#define TOPIC_COLS                                                                                                   \
    "SELECT t.id, t.node_id, t.title, t.body, t.source, t.status, t.proposed_by, t.created_at, "                     \
    "(SELECT COUNT(*) FROM topic_support s WHERE s.topic_id = t.id), "                                               \
    "(SELECT COUNT(*) FROM topic_comment c WHERE c.topic_id = t.id) FROM topic t "

static void topic_row(Arena *a, DbStmt *st, Topic *t)
{
    t->id = db_col_int(st, 0);
    t->node_id = db_col_int(st, 1);
    t->title = arena_strdup(a, db_col_text(st, 2));
    t->body = arena_strdup(a, db_col_text(st, 3));
    t->source = arena_strdup(a, db_col_text(st, 4));
    t->status = arena_strdup(a, db_col_text(st, 5));
    t->proposed_by = db_col_null(st, 6) ? 0 : db_col_int(st, 6);
    t->created_at = db_col_int(st, 7);
    t->supporters = db_col_int(st, 8);
    t->comments = db_col_int(st, 9);
}

bool delib_places_fill(const Ctx *c, int n, size_t size, void *rows, size_t off_node, size_t off_name, size_t off_path,
                        VoteErr *e)
{
    for (int i = 0; i < n; i++) {
        char *row = (char *)rows + size * (size_t)i;
        int64_t node = *(int64_t *)(row + off_node);
        const char **name = (const char **)(row + off_name), **path = (const char **)(row + off_path);
        int j = 0;
        for (; j < i; j++) {
            const char *prev = (const char *)rows + size * (size_t)j;
            if (*(const int64_t *)(prev + off_node) == node) {
                *name = *(const char *const *)(prev + off_name);
                *path = *(const char *const *)(prev + off_path);
                break;
            }
        }
        if (j == i && !delib_place(c, node, name, path, e))
            return false;
    }
    return true;
}

bool delib_topics_list(const Ctx *c, Topic **out, int *n, VoteErr *e)
{
    int k = 0, cap = 0;
    Topic *t = NULL;
    DbStmt *st = db_query(c->db, TOPIC_COLS "ORDER BY t.created_at DESC, t.id DESC");
    while (db_step(st) == DB_ROW) {
        t = delib_grow(c->arena, t, sizeof *t, k, &cap);
        topic_row(c->arena, st, &t[k++]);
    }
    if (!db_done(st))
        return delib_err_db(e, c->db);
    *out = t;
    *n = k;
    return PLACES_FILL(c, k, t, Topic, e);
}

bool delib_topics_open(const Ctx *c, int64_t exclude_meeting, Topic **out, int *n, VoteErr *e)
{
    int k = 0, cap = 0;
    Topic *t = NULL;
    DbStmt *st = db_query(c->db,
                          TOPIC_COLS "WHERE t.status IN ('open','on_agenda') AND NOT EXISTS (SELECT 1 FROM meeting_item i "
                                     "WHERE i.meeting_id = ? AND i.topic_id = t.id) ORDER BY t.created_at DESC, t.id DESC",
                          DB_I(exclude_meeting));
    while (db_step(st) == DB_ROW) {
        t = delib_grow(c->arena, t, sizeof *t, k, &cap);
        topic_row(c->arena, st, &t[k++]);
    }
    if (!db_done(st))
        return delib_err_db(e, c->db);
    *out = t;
    *n = k;
    return PLACES_FILL(c, k, t, Topic, e);
}

bool delib_topic_get(const Ctx *c, int64_t id, Topic *out, VoteErr *e)
{
    DbStmt *st = db_query(c->db, TOPIC_COLS "WHERE t.id = ?", DB_I(id));
    bool found = db_step(st) == DB_ROW;
    if (found)
        topic_row(c->arena, st, out);
    if (!db_done(st))
        return delib_err_db(e, c->db);
    if (!found)
        return delib_err(e, VM_NO_SUCH_TOPIC, NULL);
    return delib_place(c, out->node_id, &out->node_name, &out->node_path, e);
}

bool delib_topic_comments(const Ctx *c, int64_t topic_id, TopicComment **out, int *n, VoteErr *e)
{
    int k = 0, cap = 0;
    TopicComment *t = NULL;
    DbStmt *st = db_query(c->db, "SELECT id, user_id, body, created_at FROM topic_comment WHERE topic_id = ? ORDER BY id",
                          DB_I(topic_id));
    while (db_step(st) == DB_ROW) {
        t = delib_grow(c->arena, t, sizeof *t, k, &cap);
        t[k++] = (TopicComment){db_col_int(st, 0), db_col_int(st, 1), arena_strdup(c->arena, db_col_text(st, 2)),
                                db_col_int(st, 3)};
    }
    if (!db_done(st))
        return delib_err_db(e, c->db);
    *out = t;
    *n = k;
    return true;
}

bool delib_topic_create(const Ctx *c, int64_t node_id, const char *title, const char *body, const char *source,
                        int64_t *id, VoteErr *e)
{
    if (!source)
        source = "online";
    if (!delib_topic_source_valid(source))
        return delib_err(e, VM_TOPIC_BAD_SOURCE, "source");
    *id = 0;
    if (!db_int(c->db, id,
                "INSERT INTO topic (node_id, title, body, source, status, proposed_by, created_at, updated_at) "
                "VALUES (?, ?, ?, ?, 'open', ?, ?, ?) RETURNING id",
                DB_I(node_id), DB_T(title), DB_T(body ? body : ""), DB_T(source), DB_I(ctx_actor(c)), DB_I(c->now),
                DB_I(c->now)) ||
        *id <= 0 ||
        !audit_append(c->db, ctx_actor(c), "topic", *id, "propose", NULL,
                      arena_printf(c->arena, "{\"node_id\":%lld,\"title\":%j,\"source\":%j}", (long long)node_id, title,
                                   source)))
        return delib_err_db(e, c->db);
    return true;
}

bool delib_topic_support(const Ctx *c, int64_t topic_id, VoteErr *e)
{
    DbStmt *st = db_query(c->db, "SELECT 1 FROM topic_support WHERE topic_id = ? AND user_id = ?", DB_I(topic_id),
                          DB_I(ctx_actor(c)));
    bool seen = db_step(st) == DB_ROW;
    if (!db_done(st))
        return delib_err_db(e, c->db);
    if (seen)
        return delib_err(e, VM_TOPIC_ALREADY_SUPPORTED, NULL);
    if (!db_exec(c->db, "INSERT INTO topic_support (topic_id, user_id, created_at) VALUES (?, ?, ?)", DB_I(topic_id),
                 DB_I(ctx_actor(c)), DB_I(c->now)) ||
        !audit_append(c->db, ctx_actor(c), "topic", topic_id, "support", NULL, NULL))
        return delib_err_db(e, c->db);
    return true;
}

bool delib_topic_comment(const Ctx *c, int64_t topic_id, const char *body, int64_t *id, VoteErr *e)
{
    *id = 0;
    if (!db_int(c->db, id,
                "INSERT INTO topic_comment (topic_id, user_id, body, created_at) VALUES (?, ?, ?, ?) RETURNING id",
                DB_I(topic_id), DB_I(ctx_actor(c)), DB_T(body), DB_I(c->now)) ||
        *id <= 0 ||
        !audit_append(c->db, ctx_actor(c), "topic_comment", *id, "comment", NULL,
                      arena_printf(c->arena, "{\"topic_id\":%lld}", (long long)topic_id)))
        return delib_err_db(e, c->db);
    return true;
}

bool delib_commenter(const Ctx *c, int64_t user_id, const char **name, const char **home, bool *found, VoteErr *e)
{
    UserInfo u;
    *found = false;
    AuthRead a = auth_user_get(c, user_id, &u);
    if (a == AUTH_NOT_FOUND)
        return true;
    if (a != AUTH_OK)
        return delib_err_auth(e, a);
    GridRead g = grid_user_place_label(c, user_id, home);
    if (g != GRID_OK)
        return delib_err_grid(e, g);
    *name = u.display_name;
    *found = true;
    return true;
}

/* ---- meetings ----------------------------------------------------------------------- */

#define MEETING_COLS                                                                                                 \
    "SELECT id, node_id, kind, title, starts_at, place, status, minutes, decisions, notice_id, work_order_id "       \
    "FROM meeting "

static void meeting_row(Arena *a, DbStmt *st, Meeting *m)
{
    m->id = db_col_int(st, 0);
    m->node_id = db_col_int(st, 1);
    m->kind = arena_strdup(a, db_col_text(st, 2));
    m->title = arena_strdup(a, db_col_text(st, 3));
    m->starts_at = db_col_int(st, 4);
    m->place = arena_strdup(a, db_col_text(st, 5));
    m->status = arena_strdup(a, db_col_text(st, 6));
    m->minutes = arena_strdup(a, db_col_text(st, 7));
    m->decisions = arena_strdup(a, db_col_text(st, 8));
    m->notice_id = db_col_null(st, 9) ? 0 : db_col_int(st, 9);
    m->work_order_id = db_col_null(st, 10) ? 0 : db_col_int(st, 10);
}

bool delib_meetings_list(const Ctx *c, Meeting **out, int *n, VoteErr *e)
{
    int k = 0, cap = 0;
    Meeting *m = NULL;
    DbStmt *st = db_query(c->db, MEETING_COLS "ORDER BY starts_at DESC, id DESC");
    while (db_step(st) == DB_ROW) {
        m = delib_grow(c->arena, m, sizeof *m, k, &cap);
        meeting_row(c->arena, st, &m[k++]);
    }
    if (!db_done(st))
        return delib_err_db(e, c->db);
    *out = m;
    *n = k;
    return PLACES_FILL(c, k, m, Meeting, e);
}

bool delib_meeting_get(const Ctx *c, int64_t id, Meeting *out, VoteErr *e)
{
    DbStmt *st = db_query(c->db, MEETING_COLS "WHERE id = ?", DB_I(id));
    bool found = db_step(st) == DB_ROW;
    if (found)
        meeting_row(c->arena, st, out);
    if (!db_done(st))
        return delib_err_db(e, c->db);
    if (!found)
        return delib_err(e, VM_NO_SUCH_MEETING, NULL);
    return delib_place(c, out->node_id, &out->node_name, &out->node_path, e);
}

bool delib_meeting_agenda(const Ctx *c, int64_t id, MeetingAgendaItem **out, int *n, VoteErr *e)
{
    int k = 0, cap = 0;
    MeetingAgendaItem *it = NULL;
    DbStmt *st = db_query(c->db,
                          "SELECT t.id, t.title FROM meeting_item i JOIN topic t ON t.id = i.topic_id WHERE i.meeting_id = ? "
                          "ORDER BY i.sort, t.id",
                          DB_I(id));
    while (db_step(st) == DB_ROW) {
        it = delib_grow(c->arena, it, sizeof *it, k, &cap);
        it[k++] = (MeetingAgendaItem){db_col_int(st, 0), arena_strdup(c->arena, db_col_text(st, 1))};
    }
    if (!db_done(st))
        return delib_err_db(e, c->db);
    *out = it;
    *n = k;
    return true;
}

bool delib_meeting_attendees(const Ctx *c, int64_t id, MeetingAttendee **out, int *n, VoteErr *e)
{
    int k = 0, cap = 0;
    MeetingAttendee *a = NULL;
    DbStmt *st = db_query(c->db, "SELECT id, name, represents, present, org_id, user_id FROM meeting_attendee "
                                 "WHERE meeting_id = ? ORDER BY id",
                          DB_I(id));
    while (db_step(st) == DB_ROW) {
        a = delib_grow(c->arena, a, sizeof *a, k, &cap);
        a[k++] = (MeetingAttendee){db_col_int(st, 0),
                                   arena_strdup(c->arena, db_col_text(st, 1)),
                                   arena_strdup(c->arena, db_col_text(st, 2)),
                                   db_col_int(st, 3) != 0,
                                   db_col_null(st, 4) ? 0 : db_col_int(st, 4),
                                   db_col_null(st, 5) ? 0 : db_col_int(st, 5)};
    }
    if (!db_done(st))
        return delib_err_db(e, c->db);
    *out = a;
    *n = k;
    return true;
}

bool delib_topic_meetings(const Ctx *c, int64_t topic_id, Meeting **out, int *n, VoteErr *e)
{
    int k = 0, cap = 0;
    Meeting *m = NULL;
    DbStmt *st = db_query(c->db, MEETING_COLS "WHERE id IN (SELECT meeting_id FROM meeting_item WHERE topic_id = ?) "
                                              "ORDER BY starts_at, id",
                          DB_I(topic_id));
    while (db_step(st) == DB_ROW) {
        m = delib_grow(c->arena, m, sizeof *m, k, &cap);
        meeting_row(c->arena, st, &m[k++]);
    }
    if (!db_done(st))
        return delib_err_db(e, c->db);
    *out = m;
    *n = k;
    return PLACES_FILL(c, k, m, Meeting, e);
}

bool delib_meeting_may_change(const Meeting *m, VoteErr *e)
{
    if (strcmp(m->status, "published") == 0)
        return delib_err(e, VM_MINUTES_PUBLISHED, NULL);
    return true;
}

/* Whether the meeting's agenda holds the topic; false on a storage error. */
static bool on_agenda(const Ctx *c, int64_t meeting, int64_t topic, bool *yes)
{
    DbStmt *st = db_query(c->db, "SELECT 1 FROM meeting_item WHERE meeting_id = ? AND topic_id = ?", DB_I(meeting),
                          DB_I(topic));
    *yes = db_step(st) == DB_ROW;
    return db_done(st);
}

bool delib_invitee_candidates(const Ctx *c, const char *scope, MeetingInvitee **out, int *n, VoteErr *e)
{
    OrgList orgs;
    GrantList grants;
    GridRead g = grid_orgs(c, NULL, GRID_ORGS_BY_PATH, &orgs);
    if (g != GRID_OK)
        return delib_err_grid(e, g);
    AuthRead a = auth_grants_enabled(c, AUTH_ROLE(ROLE_RESIDENT) | AUTH_ROLE(ROLE_ADMIN), &grants);
    if (a != AUTH_OK)
        return delib_err_auth(e, a);
    MeetingInvitee *v = arena_alloc(c->arena, sizeof *v * (size_t)(orgs.n + grants.n + 1));
    int k = 0;
    for (int i = 0; i < orgs.n; i++)
        if (delib_paths_related(orgs.items[i].path, scope))
            v[k++] = (MeetingInvitee){false, orgs.items[i].id, orgs.items[i].name, delib_org_kind_zh(orgs.items[i].kind)};
    for (int i = 0; i < grants.n; i++) {
        const GrantRow *r = &grants.items[i];
        if (!r->node_path || !delib_paths_related(r->node_path, scope))
            continue;
        if (k > 0 && v[k - 1].is_user && v[k - 1].id == r->user_id)
            continue; /* one line per person, their first role in reach */
        v[k++] = (MeetingInvitee){true, r->user_id, r->display_name, role_label_zh(r->role)};
    }
    *out = v;
    *n = k;
    return true;
}

bool delib_work_order(const Ctx *c, int64_t id, WoBrief *out, VoteErr *e)
{
    /* one answer for an order that does not exist and one the caller may not read */
    if (!wo_order_brief(c, id, out) || !wo_may_read(c, out))
        return delib_err(e, VM_NO_SUCH_WORK_ORDER, "work_order_id");
    return true;
}

/* The invitees asked for, among the scope's candidates, without repeats. */
static bool invitees_chosen(const Ctx *c, const MeetingNew *in, const char *scope, MeetingInvitee **out, int *n,
                            VoteErr *e)
{
    MeetingInvitee *cand = NULL;
    int n_cand = 0, k = 0;
    *out = NULL;
    *n = 0;
    if (in->n_org_ids + in->n_user_ids == 0)
        return true;
    if (!delib_invitee_candidates(c, scope, &cand, &n_cand, e))
        return false;
    MeetingInvitee *chosen = arena_alloc(c->arena, sizeof *chosen * (size_t)(in->n_org_ids + in->n_user_ids + 1));
    for (int i = 0; i < in->n_org_ids + in->n_user_ids; i++) {
        bool user = i >= in->n_org_ids;
        int64_t want = user ? in->user_ids[i - in->n_org_ids] : in->org_ids[i];
        const MeetingInvitee *hit = NULL;
        for (int j = 0; j < n_cand && !hit; j++)
            if (cand[j].is_user == user && cand[j].id == want)
                hit = &cand[j];
        if (!hit)
            return delib_err(e, user ? VM_INVITEE_USER : VM_INVITEE_ORG, user ? "invitee_user_ids" : "invitee_org_ids");
        bool dup = false;
        for (int j = 0; j < k; j++)
            dup = dup || (chosen[j].is_user == hit->is_user && chosen[j].id == hit->id);
        if (!dup)
            chosen[k++] = *hit;
    }
    *out = chosen;
    *n = k;
    return true;
}

bool delib_meeting_create(const Ctx *c, const MeetingNew *in, const char *scope_path, int64_t *id, VoteErr *e)
{
    if (!delib_meeting_kind_check(in->kind, in->work_order_id != 0, e))
        return false;
    if (in->work_order_id) {
        WoBrief wo;
        if (!delib_work_order(c, in->work_order_id, &wo, e))
            return false;
        if (!grid_in_scope(wo.node_path, scope_path))
            return delib_err(e, VM_WORK_ORDER_OUT_OF_SCOPE, "work_order_id");
    }
    for (int i = 0; i < in->n_topics; i++)
        if (!vote_topic_in_scope(c, in->topic_ids[i], scope_path, "topic_ids", e))
            return false;
    MeetingInvitee *invitees;
    int n_invitees;
    if (!invitees_chosen(c, in, scope_path, &invitees, &n_invitees, e))
        return false;
    *id = 0;
    if (!db_int(c->db, id,
                "INSERT INTO meeting (node_id, kind, title, starts_at, place, status, work_order_id, created_by, "
                "created_at, updated_at) VALUES (?, ?, ?, ?, ?, 'planned', ?, ?, ?, ?) RETURNING id",
                DB_I(in->node_id), DB_T(in->kind), DB_T(in->title), DB_I(in->starts_at), DB_T(in->place ? in->place : ""),
                in->work_order_id ? DB_I(in->work_order_id) : DB_NULL, DB_I(ctx_actor(c)), DB_I(c->now), DB_I(c->now)) ||
        *id <= 0)
        return delib_err_db(e, c->db);
    WoErr we;
    if (in->work_order_id && !wo_meeting_linked(c, in->work_order_id, *id, in->title, in->starts_at, &we))
        return delib_err_wo(e, &we);
    for (int i = 0; i < in->n_topics; i++) {
        bool dup;
        if (!on_agenda(c, *id, in->topic_ids[i], &dup))
            return delib_err_db(e, c->db);
        if (dup)
            continue;
        if (!db_exec(c->db, "INSERT INTO meeting_item (meeting_id, topic_id, sort) VALUES (?, ?, ?)", DB_I(*id),
                     DB_I(in->topic_ids[i]), DB_I(i)) ||
            !db_exec(c->db, "UPDATE topic SET status = 'on_agenda', updated_at = ? WHERE id = ? AND status = 'open'",
                     DB_I(c->now), DB_I(in->topic_ids[i])))
            return delib_err_db(e, c->db);
    }
    for (int i = 0; i < n_invitees; i++) {
        const MeetingInvitee *v = &invitees[i];
        if (!db_exec(c->db,
                     "INSERT INTO meeting_attendee (meeting_id, name, represents, present, org_id, user_id) "
                     "VALUES (?, ?, ?, 0, ?, ?)",
                     DB_I(*id), DB_T(v->name), DB_T(v->represents), v->is_user ? DB_NULL : DB_I(v->id),
                     v->is_user ? DB_I(v->id) : DB_NULL))
            return delib_err_db(e, c->db);
    }
    for (int i = 0; i < in->n_others; i++)
        if (!db_exec(c->db, "INSERT INTO meeting_attendee (meeting_id, name, represents, present) VALUES (?, ?, '', 0)",
                     DB_I(*id), DB_T(in->others[i])))
            return delib_err_db(e, c->db);
    if (!audit_append(c->db, ctx_actor(c), "meeting", *id, "create", NULL,
                      arena_printf(c->arena, "{\"node_id\":%lld,\"kind\":%j,\"title\":%j,\"work_order_id\":%lld,\"invitees\":%d}",
                                   (long long)in->node_id, in->kind, in->title, (long long)in->work_order_id,
                                   n_invitees + in->n_others)))
        return delib_err_db(e, c->db);
    return true;
}

bool delib_meeting_attendance(const Ctx *c, const Meeting *m, const int64_t *present, int n, VoteErr *e)
{
    if (!delib_meeting_may_change(m, e))
        return false;
    for (int i = 0; i < n; i++) {
        DbStmt *st = db_query(c->db, "SELECT 1 FROM meeting_attendee WHERE id = ? AND meeting_id = ?", DB_I(present[i]),
                              DB_I(m->id));
        bool invited = db_step(st) == DB_ROW;
        if (!db_done(st))
            return delib_err_db(e, c->db);
        if (!invited)
            return delib_err(e, VM_NOT_INVITED, "present");
    }
    if (!db_exec(c->db, "UPDATE meeting_attendee SET present = 0 WHERE meeting_id = ?", DB_I(m->id)))
        return delib_err_db(e, c->db);
    for (int i = 0; i < n; i++)
        if (!db_exec(c->db, "UPDATE meeting_attendee SET present = 1 WHERE id = ?", DB_I(present[i])))
            return delib_err_db(e, c->db);
    if (!db_exec(c->db, "UPDATE meeting SET status = 'held', updated_at = ? WHERE id = ?", DB_I(c->now), DB_I(m->id)) ||
        !audit_append(c->db, ctx_actor(c), "meeting", m->id, "attendance", NULL,
                      arena_printf(c->arena, "{\"present\":%d}", n)))
        return delib_err_db(e, c->db);
    return tell_work_order_held(c, m, false, e);
}

bool delib_meeting_agenda_add(const Ctx *c, const Meeting *m, int64_t topic_id, VoteErr *e)
{
    if (!delib_meeting_may_change(m, e) || !vote_topic_in_scope(c, topic_id, m->node_path, "topic_id", e))
        return false;
    bool dup;
    if (!on_agenda(c, m->id, topic_id, &dup))
        return delib_err_db(e, c->db);
    if (dup)
        return delib_err(e, VM_ALREADY_ON_AGENDA, "topic_id");
    int64_t sort = 0;
    if (!db_int(c->db, &sort, "SELECT COALESCE(MAX(sort), -1) + 1 FROM meeting_item WHERE meeting_id = ?", DB_I(m->id)) ||
        !db_exec(c->db, "INSERT INTO meeting_item (meeting_id, topic_id, sort) VALUES (?, ?, ?)", DB_I(m->id),
                 DB_I(topic_id), DB_I(sort)) ||
        !db_exec(c->db, "UPDATE topic SET status = 'on_agenda', updated_at = ? WHERE id = ? AND status = 'open'",
                 DB_I(c->now), DB_I(topic_id)) ||
        !db_exec(c->db, "UPDATE meeting SET updated_at = ? WHERE id = ?", DB_I(c->now), DB_I(m->id)) ||
        !audit_append(c->db, ctx_actor(c), "meeting", m->id, "agenda", NULL,
                      arena_printf(c->arena, "{\"topic_id\":%lld}", (long long)topic_id)))
        return delib_err_db(e, c->db);
    return true;
}

bool delib_meeting_minutes(const Ctx *c, const Meeting *m, const char *minutes, const char *decisions, VoteErr *e)
{
    if (!delib_meeting_may_change(m, e))
        return false;
    if (!db_exec(c->db, "UPDATE meeting SET minutes = ?, decisions = ?, status = 'held', updated_at = ? WHERE id = ?",
                 DB_T(minutes), DB_T(decisions ? decisions : ""), DB_I(c->now), DB_I(m->id)) ||
        !audit_append(c->db, ctx_actor(c), "meeting", m->id, "minutes", NULL, NULL))
        return delib_err_db(e, c->db);
    return tell_work_order_held(c, m, false, e);
}

bool delib_meeting_publish(const Ctx *c, const Meeting *m, int64_t *notice_id, VoteErr *e)
{
    if (!delib_meeting_may_change(m, e))
        return false;
    if (!m->minutes || !m->minutes[0])
        return delib_err(e, VM_NO_MINUTES, NULL);
    Buf b = BUF_INIT;
    buf_puts(&b, m->minutes);
    if (m->decisions && m->decisions[0]) {
        buf_puts(&b, "\n\n决议：\n");
        buf_puts(&b, m->decisions);
    }
    int64_t notice = notice_publish(c->db, ctx_actor(c), m->node_id, "minutes",
                                    arena_printf(c->arena, "会议纪要：%s", m->title), buf_str(&b), 0, 0, "meeting", m->id);
    buf_free(&b);
    if (notice <= 0 ||
        !db_exec(c->db, "UPDATE meeting SET status = 'published', minutes_approved_by = ?, notice_id = ?, updated_at = ? "
                        "WHERE id = ?",
                 DB_I(ctx_actor(c)), DB_I(notice), DB_I(c->now), DB_I(m->id)) ||
        !audit_append(c->db, ctx_actor(c), "meeting", m->id, "publish", NULL,
                      arena_printf(c->arena, "{\"notice_id\":%lld}", (long long)notice)))
        return delib_err_db(e, c->db);
    *notice_id = notice;
    return tell_work_order_held(c, m, true, e);
}
