/* test_project_perm.c: the projects' permission questions (project/perm.c),
 * one row per role and place: who may read a project, manage it (items,
 * starting them) and inspect it (inspections, defects, sign-offs to sign,
 * acceptance records). No database: a question reads only the principal and
 * the project's compound. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "project/project.h"

#define COMPOUND "/1/2/5/"
#define COMMUNITY "/1/2/"
#define OTHER "/1/2/6/"
#define HOUSEHOLD "/1/2/5/9/30/"

static void one_row_per_role_and_place(void **state)
{
    (void)state;
    static const struct {
        Role role;
        const char *place;
        bool read, manage, inspect;
    } rows[] = {
        {ROLE_RESIDENT, HOUSEHOLD, true, false, false},
        {ROLE_COMMUNITY_STAFF, COMMUNITY, true, true, true},
        {ROLE_COMMITTEE, COMPOUND, true, false, true},
        {ROLE_CONTRACTOR, COMMUNITY, true, false, true},
        {ROLE_SUPERVISOR, COMMUNITY, true, false, true},
        {ROLE_FINANCE, COMMUNITY, true, false, false},
        {ROLE_STREET_OFFICE, "/1/", true, false, false},
        {ROLE_COMMUNITY_STAFF, OTHER, false, false, false},
        {ROLE_SUPERVISOR, OTHER, false, false, false},
        {ROLE_RESIDENT, "/1/2/6/9/30/", false, false, false},
    };
    Project p = {.id = 1, .node_id = 5, .node_path = COMPOUND};
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        /* a grant at or below a compound knows its compound (a resident reads up to it) */
        const char *compound = strncmp(rows[i].place, COMPOUND, strlen(COMPOUND)) == 0 ? COMPOUND
                               : strncmp(rows[i].place, OTHER, strlen(OTHER)) == 0  ? OTHER
                                                                                    : NULL;
        Grant g = {rows[i].role, 1, rows[i].place, compound};
        Principal who = {.user_id = 50, .username = "me", .display_name = "me", .n_grants = 1, .grants = &g};
        Ctx c = {NULL, NULL, &who, 0};
        if (project_may_read(&c, &p) != rows[i].read || project_may_manage(&c, &p) != rows[i].manage ||
            project_may_inspect(&c, &p) != rows[i].inspect || project_may_manage_at(&c, COMPOUND) != rows[i].manage)
            fail_msg("row %zu: read %d manage %d inspect %d", i, project_may_read(&c, &p),
                     project_may_manage(&c, &p), project_may_inspect(&c, &p));
    }
    Ctx nobody = {NULL, NULL, NULL, 0};
    assert_false(project_may_read(&nobody, &p));
    assert_false(project_may_inspect(&nobody, &p));
}

int main(void)
{
    const struct CMUnitTest tests[] = {cmocka_unit_test(one_row_per_role_and_place)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
