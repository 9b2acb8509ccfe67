/* test_delib_model.c: deliberation's model (vote/delib.h) called with a Ctx
 * and no server, on a real (SQLite) database: a topic proposed, supported
 * once, commented; a meeting with its agenda and invitees found through the
 * grid's and auth's read functions, its attendance checked against those
 * invited, its minutes published as a notice and then frozen; a
 * convention's clause comments and its final vote; the meetings a topic is
 * on, and the lists of decisions and panels. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "auth/audit.h"
#include "store/db.h"
#include "vote/delib.h"

static char g_dir[64];
static Db *g_db;
static Arena *g_arena;
static const unsigned char k_key[32] = {7};

/* Staff (user 7) run deliberation on the community /1/; a resident (user 8)
 * lives in a household of compound /1/2/; compound /1/3/ is elsewhere. */
static Grant g_staff_grant = {ROLE_COMMUNITY_STAFF, 1, "/1/", NULL};
static Principal g_staff = {.user_id = 7, .display_name = "王社工", .n_grants = 1, .grants = &g_staff_grant};
static Grant g_resident_grant = {ROLE_RESIDENT, 6, "/1/2/4/5/6/", "/1/2/"};
static Principal g_resident = {.user_id = 8, .display_name = "李居民", .n_grants = 1, .grants = &g_resident_grant};

static Ctx ctx(const Principal *who)
{
    return (Ctx){g_db, g_arena, who, 1000};
}

static int setup(void **state)
{
    (void)state;
    snprintf(g_dir, sizeof g_dir, "/tmp/gz_test_delib_model_XXXXXX");
    if (!mkdtemp(g_dir))
        return -1;
    char url[128], err[256];
    snprintf(url, sizeof url, "sqlite:%s/t.db", g_dir);
    g_db = db_open(url, err, sizeof err);
    if (!g_db || !db_migrate(g_db, err, sizeof err))
        return -1;
    g_arena = arena_new();
    audit_key_set(k_key);
    bool ok = db_exec(g_db, "INSERT INTO node (id, parent_id, kind, name, path, created_at, updated_at) VALUES "
                            "(1, NULL, 'community', '社区', '/1/', 0, 0), (2, 1, 'compound', '学道苑', '/1/2/', 0, 0), "
                            "(3, 1, 'compound', '拱背桥', '/1/3/', 0, 0)") &&
              db_exec(g_db, "INSERT INTO app_user (id, username, display_name, pw_hash, created_at, updated_at) VALUES "
                            "(7, 'staff', '王社工', 'x', 0, 0), (8, 'res', '李居民', 'x', 0, 0), "
                            "(9, 'gone', '赵离职', 'x', 0, 0)") &&
              db_exec(g_db, "UPDATE app_user SET disabled = 1 WHERE id = 9") &&
              db_exec(g_db, "INSERT INTO role_grant (user_id, role, node_id, node_path, created_at) VALUES "
                            "(7, 'community_staff', 1, '/1/', 0), (8, 'resident', 2, '/1/2/', 0), "
                            "(9, 'community_staff', 1, '/1/', 0)") &&
              db_exec(g_db, "INSERT INTO org (id, kind, name, node_id, created_at) VALUES "
                            "(1, 'property_company', '物业公司', 2, 0), (2, 'committee', '院委会', 3, 0)");
    return ok ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    arena_free(g_arena);
    db_close(g_db);
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf %s", g_dir);
    return system(cmd) == 0 ? 0 : -1;
}

static void a_topic_is_supported_once_and_commented(void **state)
{
    (void)state;
    Ctx c = ctx(&g_resident);
    VoteErr e;
    int64_t id, cid;
    assert_false(delib_topic_create(&c, 2, "加装电梯", "", "email", &id, &e));
    assert_int_equal(e.msg, VM_TOPIC_BAD_SOURCE);
    assert_string_equal(e.field, "source");
    assert_true(delib_topic_create(&c, 2, "加装电梯", "三楼以上的老人多", NULL, &id, &e));
    assert_true(delib_topic_support(&c, id, &e));
    assert_false(delib_topic_support(&c, id, &e));
    assert_int_equal(e.msg, VM_TOPIC_ALREADY_SUPPORTED);
    assert_true(delib_topic_comment(&c, id, "同意", &cid, &e));
    Topic t;
    assert_true(delib_topic_get(&c, id, &t, &e));
    assert_string_equal(t.node_path, "/1/2/");
    assert_string_equal(t.node_name, "学道苑");
    assert_string_equal(t.source, "online");
    assert_int_equal(t.supporters, 1);
    assert_int_equal(t.comments, 1);
    assert_false(delib_topic_get(&c, id + 100, &t, &e));
    assert_int_equal(e.msg, VM_NO_SUCH_TOPIC);
    /* the commenter is named through auth and the grid: no home registered */
    const char *name = NULL, *home = NULL;
    bool found = false;
    assert_true(delib_commenter(&c, 8, &name, &home, &found, &e));
    assert_true(found);
    assert_string_equal(name, "李居民");
    assert_null(home);
    assert_true(delib_commenter(&c, 999, &name, &home, &found, &e));
    assert_false(found);
}

static void invitees_are_the_scopes_orgs_and_office_holders(void **state)
{
    (void)state;
    Ctx c = ctx(&g_staff);
    VoteErr e;
    MeetingInvitee *v;
    int n;
    assert_true(delib_invitee_candidates(&c, "/1/2/", &v, &n, &e));
    /* the compound's property company; the staff member above it; not the
     * other compound's committee, the resident or the disabled account */
    assert_int_equal(n, 2);
    assert_false(v[0].is_user);
    assert_int_equal(v[0].id, 1);
    assert_string_equal(v[0].represents, "物业");
    assert_true(v[1].is_user);
    assert_int_equal(v[1].id, 7);
}

static void a_meeting_is_held_and_its_minutes_published_then_frozen(void **state)
{
    (void)state;
    Ctx c = ctx(&g_staff);
    VoteErr e;
    int64_t topic, id, notice;
    assert_true(delib_topic_create(&c, 2, "停车位", "", "board", &topic, &e));
    int64_t elsewhere;
    assert_true(delib_topic_create(&c, 3, "别处的议题", "", "board", &elsewhere, &e));
    const int64_t users[] = {8};
    MeetingNew bad = {.node_id = 2, .kind = "council", .title = "议事会", .starts_at = 2000, .user_ids = users,
                      .n_user_ids = 1};
    assert_false(delib_meeting_create(&c, &bad, "/1/2/", &id, &e));
    assert_int_equal(e.msg, VM_INVITEE_USER); /* a resident is no office-holder */
    const int64_t off_topics[] = {elsewhere};
    MeetingNew off = {.node_id = 2, .kind = "council", .title = "议事会", .starts_at = 2000, .topic_ids = off_topics,
                      .n_topics = 1};
    assert_false(delib_meeting_create(&c, &off, "/1/2/", &id, &e));
    assert_int_equal(e.msg, VM_TOPIC_OUT_OF_SCOPE);
    const int64_t topics[] = {topic};
    const int64_t orgs[] = {1, 1};
    const char *const others[] = {"居民代表"};
    MeetingNew in = {.node_id = 2, .kind = "council", .title = "议事会", .starts_at = 2000, .topic_ids = topics,
                     .n_topics = 1, .org_ids = orgs, .n_org_ids = 2, .others = others, .n_others = 1};
    assert_true(delib_meeting_create(&c, &in, "/1/2/", &id, &e));
    Meeting m;
    MeetingAttendee *att;
    MeetingAgendaItem *ag;
    int n_att, n_ag;
    assert_true(delib_meeting_get(&c, id, &m, &e));
    assert_true(delib_meeting_attendees(&c, id, &att, &n_att, &e));
    assert_int_equal(n_att, 2); /* the org once, and the other invitee */
    assert_true(delib_meeting_agenda(&c, id, &ag, &n_ag, &e));
    assert_int_equal(n_ag, 1);
    assert_int_equal(ag[0].topic_id, topic);
    assert_false(delib_meeting_agenda_add(&c, &m, topic, &e));
    assert_int_equal(e.msg, VM_ALREADY_ON_AGENDA);
    /* the topic's page lists the meeting it is on, with the meeting's place */
    Meeting *on;
    int n_on;
    assert_true(delib_topic_meetings(&c, topic, &on, &n_on, &e));
    assert_int_equal(n_on, 1);
    assert_int_equal(on[0].id, id);
    assert_string_equal(on[0].node_path, "/1/2/");
    assert_true(delib_topic_meetings(&c, elsewhere, &on, &n_on, &e));
    assert_int_equal(n_on, 0);
    const int64_t stranger[] = {att[0].id + 1000};
    assert_false(delib_meeting_attendance(&c, &m, stranger, 1, &e));
    assert_int_equal(e.msg, VM_NOT_INVITED);
    assert_false(delib_meeting_publish(&c, &m, &notice, &e));
    assert_int_equal(e.msg, VM_NO_MINUTES);
    assert_true(delib_meeting_minutes(&c, &m, "同意试点", "", &e));
    assert_true(delib_meeting_get(&c, id, &m, &e));
    assert_true(delib_meeting_publish(&c, &m, &notice, &e));
    assert_true(notice > 0);
    assert_true(delib_meeting_get(&c, id, &m, &e));
    assert_string_equal(m.status, "published");
    assert_false(delib_meeting_minutes(&c, &m, "改", "", &e));
    assert_int_equal(e.msg, VM_MINUTES_PUBLISHED);
}

static void a_convention_takes_comments_per_clause_then_goes_to_the_vote(void **state)
{
    (void)state;
    Ctx c = ctx(&g_staff);
    VoteErr e;
    int64_t id, vote;
    assert_true(delib_convention_create(&c, 2, "院落公约", "一、爱护绿地\n\n二、垃圾分类", &id, &e));
    Convention cv;
    assert_true(delib_convention_get(&c, id, &cv, &e));
    assert_int_equal(cv.version, 1);
    assert_false(delib_convention_comment(&c, &cv, 1, 3, "第三条？", &e));
    assert_int_equal(e.msg, VM_NO_SUCH_CLAUSE);
    assert_false(delib_convention_comment(&c, &cv, 2, 1, "第二稿？", &e));
    assert_int_equal(e.msg, VM_NO_SUCH_VERSION);
    assert_true(delib_convention_comment(&c, &cv, 1, 2, "分类要细", &e));
    assert_true(delib_convention_to_vote(&c, &cv, -1, &vote, &e));
    assert_true(vote > 0);
    assert_true(delib_convention_get(&c, id, &cv, &e));
    assert_string_equal(cv.status, "voting");
    assert_int_equal(cv.vote_id, vote);
    assert_false(delib_convention_version_add(&c, &cv, "一、改", "", &e));
    assert_int_equal(e.msg, VM_CONVENTION_FINAL);
}

/* The lists under the list of votes: decisions and panels, newest first,
 * each with its place read through the grid. */
static void decisions_and_panels_are_listed_newest_first(void **state)
{
    (void)state;
    Ctx c = ctx(&g_staff);
    VoteErr e;
    int64_t first, second;
    assert_true(delib_decision_create(&c, 2, "/1/2/", "停车管理", NULL, 0, &first, &e));
    assert_true(delib_decision_create(&c, 3, "/1/3/", "绿化", "yizheng", 0, &second, &e));
    Decision *d;
    int n;
    assert_true(delib_decisions_list(&c, &d, &n, &e));
    assert_int_equal(n, 2);
    assert_int_equal(d[0].id, second);
    assert_string_equal(d[0].node_path, "/1/3/");
    assert_string_equal(d[0].node_name, "拱背桥");
    assert_string_equal(d[0].tmpl, "yizheng");
    assert_int_equal(d[1].id, first);
    assert_string_equal(d[1].title, "停车管理");
    assert_true(db_exec(g_db, "INSERT INTO panel (id, node_id, title, seed, dimension, quotas, candidates, candidate_list, "
                              "drawn_at) VALUES (5, 2, '代表', 's', 'residency', '{}', 0, '[]', 0), "
                              "(6, 3, '代表二', 's', 'tenure', '{}', 0, '[]', 0)"));
    Panel *p;
    assert_true(delib_panels_list(&c, &p, &n, &e));
    assert_int_equal(n, 2);
    assert_int_equal(p[0].id, 6);
    assert_string_equal(p[0].node_path, "/1/3/");
    assert_null(p[0].candidate_list_json);
    assert_int_equal(p[1].id, 5);
    assert_string_equal(p[1].dimension, "residency");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(a_topic_is_supported_once_and_commented),
        cmocka_unit_test(invitees_are_the_scopes_orgs_and_office_holders),
        cmocka_unit_test(a_meeting_is_held_and_its_minutes_published_then_frozen),
        cmocka_unit_test(a_convention_takes_comments_per_clause_then_goes_to_the_vote),
        cmocka_unit_test(decisions_and_panels_are_listed_newest_first),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
