/* read.c: auth's read functions for other floors (see auth/read.h). */
#include "auth/read.h"

#include <string.h>

static AuthRead failure(const Ctx *c)
{
    return db_error_class(c->db) == DB_ERR_BUSY ? AUTH_BUSY : AUTH_INTERNAL;
}

#define USER_COLS "SELECT id, username, display_name, lang, COALESCE(person_id, 0), COALESCE(org_id, 0), disabled FROM app_user "

static void user_row(const Ctx *c, DbStmt *st, UserInfo *u)
{
    u->id = db_col_int(st, 0);
    u->username = arena_strdup(c->arena, db_col_text(st, 1));
    u->display_name = arena_strdup(c->arena, db_col_text(st, 2));
    u->lang = arena_strdup(c->arena, db_col_text(st, 3));
    u->person_id = db_col_int(st, 4);
    u->org_id = db_col_int(st, 5);
    u->disabled = db_col_int(st, 6) != 0;
}

static AuthRead one_user(const Ctx *c, DbStmt *st, UserInfo *out)
{
    memset(out, 0, sizeof *out);
    int rc = db_step(st);
    if (rc == DB_ROW)
        user_row(c, st, out);
    if (!db_done(st) || rc == DB_ERROR)
        return failure(c);
    return rc == DB_ROW ? AUTH_OK : AUTH_NOT_FOUND;
}

AuthRead auth_user_get(const Ctx *c, int64_t id, UserInfo *out)
{
    return one_user(c, db_query(c->db, USER_COLS "WHERE id = ?", DB_I(id)), out);
}

AuthRead auth_user_by_name(const Ctx *c, const char *username, UserInfo *out)
{
    return one_user(c, db_query(c->db, USER_COLS "WHERE username = ?", DB_T(username)), out);
}

AuthRead auth_user_display_name(const Ctx *c, int64_t id, const char **name)
{
    UserInfo u;
    AuthRead rc = auth_user_get(c, id, &u);
    *name = rc == AUTH_OK ? u.display_name : "";
    return rc == AUTH_NOT_FOUND ? AUTH_OK : rc;
}

AuthRead auth_user_display_names(const Ctx *c, const int64_t *ids, int n, const char **names)
{
    enum { BATCH = 20 };
    for (int i = 0; i < n; i++)
        names[i] = "";
    for (int from = 0; from < n;) {
        /* the next distinct ids not yet named, the unused places repeating the last */
        int64_t batch[BATCH];
        int k = 0;
        for (; from < n && k < BATCH; from++) {
            bool seen = ids[from] <= 0;
            for (int j = 0; j < k && !seen; j++)
                seen = batch[j] == ids[from];
            for (int j = 0; j < from && !seen; j++)
                seen = ids[j] == ids[from];
            if (!seen)
                batch[k++] = ids[from];
        }
        if (!k)
            continue;
        DbArg args[BATCH + 1];
        for (int j = 0; j < BATCH; j++)
            args[j] = DB_I(batch[j < k ? j : k - 1]);
        args[BATCH] = DB_END;
        DbStmt *st = db_query_args(c->db,
                                   "SELECT id, display_name FROM app_user WHERE id IN (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
                                   "?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                                   args);
        int rc;
        while ((rc = db_step(st)) == DB_ROW) {
            int64_t id = db_col_int(st, 0);
            const char *name = arena_strdup(c->arena, db_col_text(st, 1));
            for (int i = 0; i < n; i++)
                if (ids[i] == id)
                    names[i] = name ? name : "";
        }
        if (!db_done(st) || rc == DB_ERROR)
            return failure(c);
    }
    return AUTH_OK;
}

/* Collects the rows of st (id, user_id, role, node_id, node_path,
 * compound_path, display_name) into out; rows with a role this build does
 * not know are left out. keep (may be NULL) filters further. */
static AuthRead grant_rows(const Ctx *c, DbStmt *st, GrantList *out, bool (*keep)(const GrantRow *, const void *),
                           const void *arg)
{
    int cap = 0;
    out->n = 0;
    out->items = NULL;
    int rc;
    while ((rc = db_step(st)) == DB_ROW) {
        GrantRow g = {0};
        if (!role_parse(db_col_text(st, 2), &g.role))
            continue;
        g.id = db_col_int(st, 0);
        g.user_id = db_col_int(st, 1);
        g.node_id = db_col_int(st, 3);
        g.node_path = arena_strdup(c->arena, db_col_text(st, 4));
        g.compound_path = arena_strdup(c->arena, db_col_text(st, 5));
        g.display_name = arena_strdup(c->arena, db_col_text(st, 6));
        if (keep && !keep(&g, arg))
            continue;
        if (out->n == cap) {
            int ncap = cap ? cap * 2 : 16;
            GrantRow *n = arena_alloc(c->arena, sizeof *n * (size_t)ncap);
            if (out->n)
                memcpy(n, out->items, sizeof *n * (size_t)out->n);
            out->items = n;
            cap = ncap;
        }
        out->items[out->n++] = g;
    }
    if (!db_done(st) || rc == DB_ERROR)
        return failure(c);
    return AUTH_OK;
}

#define GRANT_COLS                                                                                       \
    "SELECT g.id, g.user_id, g.role, g.node_id, COALESCE(g.node_path, ''), g.compound_path, u.display_name " \
    "FROM role_grant g JOIN app_user u ON u.id = g.user_id "

AuthRead auth_user_grants(const Ctx *c, int64_t user_id, GrantList *out)
{
    return grant_rows(c, db_query(c->db, GRANT_COLS "WHERE g.user_id = ? ORDER BY g.id", DB_I(user_id)), out, NULL,
                      NULL);
}

static bool not_excepted(const GrantRow *g, const void *arg)
{
    return !(*(const unsigned *)arg & AUTH_ROLE(g->role));
}

AuthRead auth_grants_enabled(const Ctx *c, unsigned except_roles, GrantList *out)
{
    return grant_rows(c, db_query(c->db, GRANT_COLS "WHERE u.disabled = 0 ORDER BY u.id, g.id"), out, not_excepted,
                      &except_roles);
}

static bool reaches(const GrantRow *g, const void *arg)
{
    const char *path = arg;
    return !path || (g->node_path[0] && strncmp(path, g->node_path, strlen(g->node_path)) == 0);
}

AuthRead auth_users_with_role(const Ctx *c, Role role, const char *path, GrantList *out)
{
    return grant_rows(c,
                      db_query(c->db, GRANT_COLS "WHERE u.disabled = 0 AND g.role = ? ORDER BY u.id, g.id",
                               DB_T(role_name(role))),
                      out, reaches, path);
}
