/* read.h: the only way another floor reads auth's tables of people who
 * sign in (app_user, role_grant). In the caller's transaction, results in
 * c->arena, no permission check (the caller asks its own question first).
 * Password hashes and sessions are never returned. */
#ifndef GZ_AUTH_READ_H
#define GZ_AUTH_READ_H
#include <stdbool.h>
#include <stdint.h>
#include "auth/ctx.h"
#include "auth/perm.h"

/* AUTH_OK, AUTH_NOT_FOUND (a getter whose row does not exist), or the
 * storage failure: AUTH_BUSY (503, try again) or AUTH_INTERNAL (500). */
typedef enum { AUTH_OK = 0, AUTH_NOT_FOUND, AUTH_BUSY, AUTH_INTERNAL } AuthRead;
#define AUTH_READ __attribute__((warn_unused_result))

typedef struct UserInfo {
    int64_t id;
    const char *username, *display_name, *lang;
    int64_t person_id;          /* 0 when not linked to a registered person */
    int64_t org_id;             /* 0 when not a member of an organisation */
    bool disabled;
} UserInfo;

AUTH_READ AuthRead auth_user_get(const Ctx *c, int64_t id, UserInfo *out);
AUTH_READ AuthRead auth_user_by_name(const Ctx *c, const char *username, UserInfo *out);
/* The display name of a user, "" for an unknown id (a deleted reporter
 * stays nameless rather than failing the page). */
AUTH_READ AuthRead auth_user_display_name(const Ctx *c, int64_t id, const char **name);
/* The display names of n users at once (names[i] for ids[i]; "" for an
 * unknown id or 0), one statement per 20 distinct ids: a timeline's actors
 * named without a query per event. */
AUTH_READ AuthRead auth_user_display_names(const Ctx *c, const int64_t *ids, int n, const char **names);

/* One grant with its holder. */
typedef struct GrantRow {
    int64_t id, user_id;
    Role role;
    int64_t node_id;
    const char *node_path, *compound_path; /* compound_path NULL above compound level */
    const char *display_name;
} GrantRow;
typedef struct GrantList { int n; GrantRow *items; } GrantList;

/* The grants of one user in the order they were given. */
AUTH_READ AuthRead auth_user_grants(const Ctx *c, int64_t user_id, GrantList *out);
/* The grants of enabled users, every role except those in the mask
 * AUTH_ROLE(ROLE_RESIDENT) | ... (0: none left out), by user id then grant id. */
#define AUTH_ROLE(r) (1u << (r))
AUTH_READ AuthRead auth_grants_enabled(const Ctx *c, unsigned except_roles, GrantList *out);
/* The enabled users holding role on a node whose subtree reaches path
 * (the grant's node path is a prefix of path; path NULL: anywhere), by user
 * id then grant id: "who signs as finance for /1/4/". */
AUTH_READ AuthRead auth_users_with_role(const Ctx *c, Role role, const char *path, GrantList *out);

#endif
