/* test_notify_plans.c: the lists of notify are served by an index, with no
 * scan and no sort: the inbox, a capability's event feed, a bot's due
 * deliveries and the admins' outbox by state. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "plans.h"
#include "notify/list_sql.h"

static void assert_plan(const char *plan, const char *want)
{
    if (!strstr(plan, want))
        fail_msg("plan \"%s\" lacks \"%s\"", plan, want);
    if (strstr(plan, "TEMP B-TREE"))
        fail_msg("plan \"%s\" sorts", plan);
    if (strstr(plan, "SCAN "))
        fail_msg("plan \"%s\" scans", plan);
}

static void test_plans(void **state)
{
    (void)state;
    char p[2048];
    PLAN(p, NOTIFY_SQL_INBOX);
    assert_plan(p, "SEARCH e USING INDEX notify_event_user (user_id=? AND id<?)");
    PLAN(p, NOTIFY_SQL_EVENTS_OF);
    assert_plan(p, "SEARCH notify_event USING INDEX notify_event_entity (entity=? AND id>?)");
    PLAN(p, NOTIFY_SQL_DUE_OF);
    assert_plan(p, "SEARCH d USING INDEX notify_delivery_channel (channel_id=? AND state=? AND next_at<?)");
    PLAN(p, NOTIFY_SQL_OUTBOX_STATE);
    assert_plan(p, "SEARCH d USING INDEX notify_delivery_state (state=? AND id<?)");
    PLAN(p, NOTIFY_SQL_MAILS_STATE);
    assert_plan(p, "SEARCH m USING INDEX notify_mail_state (state=? AND id<?)");
    PLAN(p, NOTIFY_SQL_MAILS);
    assert_plan(p, "SEARCH m USING INTEGER PRIMARY KEY (rowid<?)");
    PLAN(p, NOTIFY_SQL_MAILS_DUE);
    assert_plan(p, "SEARCH m USING INDEX notify_mail_due (state=? AND next_at<?)");
}

int main(void)
{
    const struct CMUnitTest tests[] = {cmocka_unit_test(test_plans)};
    return cmocka_run_group_tests(tests, plans_setup, plans_teardown);
}
