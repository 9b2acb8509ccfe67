/* test_decision.c: the decision templates: 提议→讨论→表决→公示 and
 * 一征三议两公开, with exactly one voting step and the publications. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "vote/decision.h"

static void the_standard_way_is_propose_discuss_vote_publish(void **state)
{
    (void)state;
    int n;
    const DecisionStep *s = decision_steps("standard", &n);
    assert_non_null(s);
    assert_int_equal(n, 4);
    const char *keys[] = {"propose", "discuss", "vote", "publish"};
    for (int i = 0; i < n; i++)
        assert_string_equal(s[i].key, keys[i]);
    assert_true(s[2].needs_vote);
    assert_string_equal(s[3].publishes, "decision");
}

static void yizheng_has_one_call_three_readings_two_publications(void **state)
{
    (void)state;
    int n, votes = 0, pubs = 0, reads = 0;
    const DecisionStep *s = decision_steps("yizheng", &n);
    assert_int_equal(n, 6);
    assert_string_equal(s[0].key, "call");
    for (int i = 0; i < n; i++) {
        votes += s[i].needs_vote;
        pubs += s[i].publishes != NULL;
        reads += strncmp(s[i].key, "read", 4) == 0;
    }
    assert_int_equal(votes, 1);
    assert_int_equal(pubs, 2);
    assert_int_equal(reads, 3);
    assert_string_equal(s[4].publishes, "decision");
    assert_string_equal(s[5].publishes, "execution");
    /* the vote comes before both publications */
    assert_true(s[3].needs_vote);
}

static void unknown_templates_are_refused(void **state)
{
    (void)state;
    int n = 7;
    assert_null(decision_steps("other", &n));
    assert_int_equal(n, 0);
    assert_null(decision_steps(NULL, &n));
    assert_false(decision_template_valid(""));
    assert_true(decision_template_valid("yizheng"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(the_standard_way_is_propose_discuss_vote_publish),
        cmocka_unit_test(yizheng_has_one_call_three_readings_two_publications),
        cmocka_unit_test(unknown_templates_are_refused),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
