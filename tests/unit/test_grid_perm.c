/* test_grid_perm.c: the grid's permission questions (grid/perm.c), one row
 * per role and place: who may see the tree, read and edit the register,
 * see full personal data and sensitive tags, and import, at a household
 * inside their grant, at the compound above it, and in another compound.
 *
 * The places: community /1/, grid /1/2/, compound /1/2/3/ (unit
 * /1/2/3/4/5/, household /1/2/3/4/5/6/), the other compound /1/2/10/. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>

#include "grid/grid.h"

#define HOME "/1/2/3/4/5/6/"
#define COMPOUND "/1/2/3/"
#define OTHER "/1/2/10/"

typedef bool (*Question)(const Ctx *, const char *);

enum { Q_TREE, Q_TREE_EDIT, Q_READ, Q_EDIT, Q_PII, Q_TAGS, Q_IMPORT, Q__COUNT };
static const Question questions[Q__COUNT] = {
    grid_may_see_tree,  grid_may_edit_tree,          grid_may_read_register, grid_may_edit_register,
    grid_may_see_pii,   grid_may_see_sensitive_tags, grid_may_import,
};
static const char *const question_names[Q__COUNT] = {"tree", "tree_edit", "read", "edit", "pii", "tags", "import"};

static void each_question_each_role_each_place(void **state)
{
    (void)state;
    static const struct {
        Role role;
        const char *grant_path, *grant_compound, *target;
        /* tree, tree_edit, read, edit, pii, tags, import */
        bool want[Q__COUNT];
    } rows[] = {
        {ROLE_RESIDENT, HOME, COMPOUND, HOME, {1, 0, 1, 0, 1, 0, 0}},
        {ROLE_RESIDENT, HOME, COMPOUND, COMPOUND, {1, 0, 0, 0, 0, 0, 0}}, /* the compound's page, not its register */
        {ROLE_RESIDENT, HOME, COMPOUND, OTHER, {0, 0, 0, 0, 0, 0, 0}},
        {ROLE_BUILDING_HEAD, "/1/2/3/4/", COMPOUND, HOME, {1, 0, 1, 0, 0, 0, 0}},
        {ROLE_MICRO_GRID_WORKER, COMPOUND, NULL, HOME, {1, 0, 1, 1, 0, 1, 0}},
        {ROLE_GRID_WORKER, "/1/2/", NULL, HOME, {1, 0, 1, 1, 0, 1, 1}},
        {ROLE_GRID_WORKER, "/1/2/", NULL, "/1/", {1, 0, 0, 0, 0, 0, 0}}, /* upwards: the tree only */
        {ROLE_COMMUNITY_STAFF, "/1/", NULL, HOME, {1, 1, 1, 1, 1, 1, 1}},
        {ROLE_COMMUNITY_STAFF, "/1/", NULL, OTHER, {1, 1, 1, 1, 1, 1, 1}},
        {ROLE_COMMITTEE, COMPOUND, NULL, HOME, {1, 0, 1, 0, 0, 0, 0}},
        {ROLE_COMMITTEE, COMPOUND, NULL, OTHER, {0, 0, 0, 0, 0, 0, 0}},
        {ROLE_PROPERTY_MANAGER, COMPOUND, NULL, HOME, {1, 0, 1, 0, 0, 0, 0}},
        {ROLE_CONTRACTOR, "/1/", NULL, HOME, {1, 0, 0, 0, 0, 0, 0}},
        {ROLE_STREET_OFFICE, "/1/", NULL, HOME, {1, 0, 1, 0, 0, 0, 0}},
        {ROLE_AUDITOR, "/1/", NULL, HOME, {1, 0, 0, 0, 0, 0, 0}},
        {ROLE_FINANCE, "/1/", NULL, HOME, {1, 0, 0, 0, 0, 0, 0}},
        /* the administrator keeps the system, never full personal data or sensitive tags */
        {ROLE_ADMIN, "/1/", NULL, HOME, {1, 1, 1, 1, 0, 0, 1}},
    };
    char wrong[2048] = "";
    size_t used = 0;
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        Grant g = {rows[i].role, 1, rows[i].grant_path, rows[i].grant_compound};
        Principal p = {.user_id = 7, .username = "u", .display_name = "u", .n_grants = 1, .grants = &g, .lang = "zh"};
        Ctx c = {NULL, NULL, &p, 0};
        for (int q = 0; q < Q__COUNT; q++) {
            bool got = questions[q](&c, rows[i].target);
            /* every wrong answer named, then one assertion over them all */
            if (got != rows[i].want[q] && used < sizeof wrong)
                used += (size_t)snprintf(wrong + used, sizeof wrong - used, "row %zu %s %s at %s; ", i,
                                         role_name(rows[i].role), question_names[q], rows[i].target);
        }
    }
    assert_string_equal(wrong, "");
}

/* Nobody signed in may do none of it, anywhere; NULL asks "anywhere in the scope". */
static void nobody_and_anywhere(void **state)
{
    (void)state;
    Ctx nobody = {NULL, NULL, NULL, 0};
    for (int q = 0; q < Q__COUNT; q++) {
        assert_false(questions[q](&nobody, HOME));
        assert_false(questions[q](&nobody, NULL));
    }
    Grant g = {ROLE_GRID_WORKER, 2, "/1/2/", NULL};
    Principal p = {.user_id = 7, .n_grants = 1, .grants = &g};
    Ctx c = {NULL, NULL, &p, 0};
    assert_true(grid_may_import(&c, NULL));
    assert_false(grid_may_see_pii(&c, NULL));
    assert_false(grid_may_read_register(&c, "not a path"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(each_question_each_role_each_place),
        cmocka_unit_test(nobody_and_anywhere),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
