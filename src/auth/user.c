/* user.c: accounts and their role grants (CLI `gongzhi user ...`, demo,
 * admin API), each change audited, all in the caller's transaction. */
#include <stddef.h> /* store/db.h uses size_t without including it */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "auth/audit.h"
#include "auth/session.h"
#include "core/buf.h"
#include "core/clock.h"
#include "core/utf8.h"

#define PASSWORD_MIN 4    /* the CLI's floor; demo accounts use "demo" */
#define PASSWORD_MAX 1024 /* as password.c */
#define DISPLAY_NAME_MAX 64

static void fail(char *err, size_t errlen, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void fail(char *err, size_t errlen, const char *fmt, ...)
{
    if (!err || errlen == 0)
        return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err, errlen, fmt, ap);
    va_end(ap);
}

static bool username_valid(const char *u)
{
    size_t n = u ? strlen(u) : 0;
    if (n < 2 || n > 32)
        return false;
    for (size_t i = 0; i < n; i++) {
        char c = u[i];
        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '.' || c == '-'))
            return false;
    }
    return true;
}

static bool password_ok(const char *pw, char *err, size_t errlen)
{
    if (!pw || !utf8_valid(pw, strlen(pw))) {
        fail(err, errlen, "the password is not valid UTF-8 text");
        return false;
    }
    if (utf8_len(pw) < PASSWORD_MIN) {
        fail(err, errlen, "the password must have at least %d characters", PASSWORD_MIN);
        return false;
    }
    if (strlen(pw) > PASSWORD_MAX) {
        fail(err, errlen, "the password is longer than %d bytes", PASSWORD_MAX);
        return false;
    }
    return true;
}

/* The id of an existing user; 0 when there is none. */
static int64_t user_id_of(Db *db, const char *username)
{
    int64_t id = 0;
    if (!db_int(db, &id, "SELECT id FROM app_user WHERE username = ?", DB_T(username)))
        return 0;
    return id;
}

bool auth_user_id(Db *db, const char *username, int64_t *id)
{
    *id = 0;
    DbStmt *st = db_query(db, "SELECT id FROM app_user WHERE username = ?", DB_T(username));
    if (db_step(st) == DB_ROW)
        *id = db_col_int(st, 0);
    return db_done(st);
}

static bool find_user(Db *db, const char *username, int64_t *id, char *err, size_t errlen)
{
    if (!username_valid(username) || !(*id = user_id_of(db, username))) {
        fail(err, errlen, "no user named '%s'", username_valid(username) ? username : "?");
        return false;
    }
    return true;
}

static bool storage_failed(Db *db, char *err, size_t errlen)
{
    fail(err, errlen, "database error: %s", db_errmsg(db));
    return false;
}

bool user_insert(Db *db, const UserNew *u, int64_t *id_out)
{
    int64_t id = 0;
    bool ok = db_int(db, &id,
                     "INSERT INTO app_user (username, display_name, pw_hash, person_id, org_id, lang, disabled, "
                     "created_at, updated_at) VALUES (?, ?, ?, ?, ?, 'zh', 0, ?, ?) RETURNING id",
                     DB_T(u->username), DB_T(u->display_name), DB_T(u->pw_hash),
                     u->person_id ? DB_I(u->person_id) : DB_NULL, u->org_id ? DB_I(u->org_id) : DB_NULL,
                     DB_I(u->at), DB_I(u->at));
    *id_out = id;
    return ok && id > 0;
}

bool auth_user_count(Db *db, int64_t *n)
{
    return db_int(db, n, "SELECT COUNT(*) FROM app_user");
}

bool user_add(Db *db, const char *username, const char *display_name, const char *password, int64_t *id_out,
              char *err, size_t errlen)
{
    if (!username_valid(username)) {
        fail(err, errlen, "a username has 2 to 32 characters among a-z 0-9 _ . -");
        return false;
    }
    if (!display_name || !display_name[0])
        display_name = username;
    if (!utf8_valid(display_name, strlen(display_name)) || utf8_len(display_name) > DISPLAY_NAME_MAX) {
        fail(err, errlen, "the display name must be UTF-8 text of at most %d characters", DISPLAY_NAME_MAX);
        return false;
    }
    if (!password_ok(password, err, errlen))
        return false;
    if (user_id_of(db, username)) {
        fail(err, errlen, "a user named '%s' already exists", username);
        return false;
    }
    char hash[128];
    if (!password_hash(password, hash)) {
        fail(err, errlen, "the password could not be hashed");
        return false;
    }
    int64_t id = 0;
    UserNew u = {username, display_name, hash, 0, 0, clock_now()};
    if (!user_insert(db, &u, &id)) {
        /* another writer took the name between the check and the insert */
        if (db_error_class(db) == DB_ERR_CONSTRAINT) {
            fail(err, errlen, "a user named '%s' already exists", username);
            return false;
        }
        return storage_failed(db, err, errlen);
    }

    Buf after = BUF_INIT;
    buf_printf(&after, "{\"username\":%j,\"display_name\":%j}", username, display_name);
    bool ok = audit_append(db, 0, "user", id, "create", NULL, buf_str(&after));
    buf_free(&after);
    if (!ok)
        return storage_failed(db, err, errlen);
    if (id_out)
        *id_out = id;
    return true;
}

bool user_set_password(Db *db, const char *username, const char *password, char *err, size_t errlen)
{
    int64_t id;
    if (!find_user(db, username, &id, err, errlen) || !password_ok(password, err, errlen))
        return false;
    char hash[128];
    if (!password_hash(password, hash)) {
        fail(err, errlen, "the password could not be hashed");
        return false;
    }
    /* A new password ends the web sessions opened with the old one; API
     * tokens are separate credentials and stay. */
    if (!db_exec(db, "UPDATE app_user SET pw_hash = ?, updated_at = ? WHERE id = ?", DB_T(hash),
                 DB_I(clock_now()), DB_I(id)) ||
        !db_exec(db, "DELETE FROM session WHERE user_id = ? AND kind = 'web'", DB_I(id)) ||
        !audit_append(db, 0, "user", id, "set_password", NULL, NULL))
        return storage_failed(db, err, errlen);
    return true;
}

/* Checks the role against the place. */
static bool grant_target_ok(Role role, const GrantPlace *place, char *err, size_t errlen)
{
    if ((unsigned)role >= ROLE__COUNT) {
        fail(err, errlen, "unknown role");
        return false;
    }
    if (!place || !place->path) {
        fail(err, errlen, "no such node");
        return false;
    }
    /* A resident's grant carries full personal data of its subtree: on
     * anything wider than one household it would expose the neighbours. */
    if (role == ROLE_RESIDENT && place->kind != NODE_HOUSEHOLD) {
        fail(err, errlen, "the resident role is granted on a household, and node %lld is a %s",
             (long long)place->node_id, node_kind_name(place->kind));
        return false;
    }
    return true;
}

static void grant_json(Buf *b, Role role, int64_t node_id)
{
    buf_printf(b, "{\"role\":%j,\"node_id\":%lld}", role_name(role), (long long)node_id);
}

bool user_grant(Db *db, const char *username, Role role, const GrantPlace *place, char *err, size_t errlen)
{
    int64_t id;
    if (!find_user(db, username, &id, err, errlen) || !grant_target_ok(role, place, err, errlen))
        return false;
    int64_t node_id = place->node_id;
    int64_t exists = 0;
    if (db_int(db, &exists, "SELECT id FROM role_grant WHERE user_id = ? AND role = ? AND node_id = ?", DB_I(id),
               DB_T(role_name(role)), DB_I(node_id))) {
        fail(err, errlen, "'%s' already holds %s on node %lld", username, role_name(role), (long long)node_id);
        return false;
    }
    if (!db_exec(db,
                 "INSERT INTO role_grant (user_id, role, node_id, node_path, compound_path, created_at) "
                 "VALUES (?, ?, ?, ?, ?, ?)",
                 DB_I(id), DB_T(role_name(role)), DB_I(node_id), DB_T(place->path), DB_T(place->compound_path),
                 DB_I(clock_now())))
        return storage_failed(db, err, errlen);
    Buf after = BUF_INIT;
    grant_json(&after, role, node_id);
    bool ok = audit_append(db, 0, "user", id, "grant", NULL, buf_str(&after));
    buf_free(&after);
    return ok ? true : storage_failed(db, err, errlen);
}

bool user_revoke(Db *db, const char *username, Role role, int64_t node_id, char *err, size_t errlen)
{
    int64_t id;
    if (!find_user(db, username, &id, err, errlen))
        return false;
    if ((unsigned)role >= ROLE__COUNT) {
        fail(err, errlen, "unknown role");
        return false;
    }
    if (!db_exec(db, "DELETE FROM role_grant WHERE user_id = ? AND role = ? AND node_id = ?", DB_I(id),
                 DB_T(role_name(role)), DB_I(node_id)))
        return storage_failed(db, err, errlen);
    if (db_changes(db) == 0) {
        fail(err, errlen, "'%s' does not hold %s on node %lld", username, role_name(role), (long long)node_id);
        return false;
    }
    Buf before = BUF_INIT;
    grant_json(&before, role, node_id);
    bool ok = audit_append(db, 0, "user", id, "revoke", buf_str(&before), NULL);
    buf_free(&before);
    return ok ? true : storage_failed(db, err, errlen);
}

bool user_set_org(Db *db, const char *username, int64_t org_id, char *err, size_t errlen)
{
    int64_t id, old = 0;
    if (!find_user(db, username, &id, err, errlen))
        return false;
    if (!db_int(db, &old, "SELECT COALESCE(org_id, 0) FROM app_user WHERE id = ?", DB_I(id)) ||
        !db_exec(db, "UPDATE app_user SET org_id = ?, updated_at = ? WHERE id = ?", org_id ? DB_I(org_id) : DB_NULL,
                 DB_I(clock_now()), DB_I(id)))
        return storage_failed(db, err, errlen);
    char before[48], after[48];
    snprintf(before, sizeof before, "{\"org_id\":%lld}", (long long)old);
    snprintf(after, sizeof after, "{\"org_id\":%lld}", (long long)org_id);
    return audit_append(db, 0, "user", id, "set_org", before, after) ? true : storage_failed(db, err, errlen);
}

bool user_unlink_person(Db *db, int64_t person_id)
{
    return db_exec(db, "UPDATE app_user SET person_id = NULL WHERE person_id = ?", DB_I(person_id));
}
