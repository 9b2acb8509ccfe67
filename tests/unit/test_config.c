/* test_config.c: defaults in one place, the config file, environment
 * overrides, and errors that name the line and change nothing. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "core/config.h"

static char g_path[64];

/* Writes text to a fresh temporary file whose name is in g_path. */
static void write_file(const char *text)
{
    strcpy(g_path, "/tmp/gz_test_config_XXXXXX");
    int fd = mkstemp(g_path);
    assert_true(fd >= 0);
    FILE *f = fdopen(fd, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
}

static void defaults(void **state)
{
    (void)state;
    Config c;
    config_defaults(&c);
    assert_string_equal(c.db_url, "sqlite:gongzhi.db");
    assert_string_equal(c.listen, "127.0.0.1:8080");
    assert_string_equal(c.key_file, "");
    assert_string_equal(c.data_dir, "");
    assert_int_equal(c.threads, 4);
    assert_int_equal(c.max_body, 1048576);
    assert_int_equal(c.max_upload, 8388608);
    assert_int_equal(c.session_hours, 12);
    assert_false(c.secure_cookies);
    assert_false(c.trust_proxy);
    assert_false(c.test_clock);
    assert_int_equal(c.clock_at, 0);
    assert_int_equal(c.login_max_per_account, 5);
    assert_int_equal(c.login_max_per_ip, 20);
    assert_int_equal(c.max_connections, 2048);
    assert_int_equal(c.max_connections_per_ip, 64);
    assert_int_equal(c.header_timeout, 10);
    assert_int_equal(c.body_timeout, 10);
    assert_int_equal(c.login_max_per_account_unknown, 30);
    assert_int_equal(c.login_delay_max, 900);
    assert_int_equal(c.login_account_delay_max, 60);
    assert_int_equal(c.login_window, 86400);
    assert_int_equal(c.login_known_days, 180);
    assert_int_equal(c.search_per_minute, 30);
    assert_int_equal(c.pii_search_per_day, 50);
    assert_int_equal(c.id_checks_per_hour, 60);
    assert_string_equal(c.log_level, "info");
    assert_int_equal(c.seed, 20240601ULL);
    config_free(&c);
}

static void file_is_parsed(void **state)
{
    (void)state;
    write_file("# gongzhi config\n"
               "\n"
               "db = sqlite:/var/lib/gongzhi/hjt.db\n"
               "  listen=0.0.0.0:9000  \n"
               "threads = 8\r\n"
               "secure_cookies = true\n"
               "trust_proxy = yes\n"
               "log_level = \"debug\"\n"
               "   # an indented comment\n"
               "max_body = 2097152\n"
               "seed = 42\n");
    Config c;
    config_defaults(&c);
    char err[256] = "";
    assert_true(config_load_file(&c, g_path, err, sizeof err));
    assert_string_equal(c.db_url, "sqlite:/var/lib/gongzhi/hjt.db");
    assert_string_equal(c.listen, "0.0.0.0:9000");
    assert_int_equal(c.threads, 8);
    assert_true(c.secure_cookies);
    assert_true(c.trust_proxy);
    assert_string_equal(c.log_level, "debug");
    assert_int_equal(c.max_body, 2097152);
    assert_int_equal(c.seed, 42);
    assert_int_equal(c.session_hours, 12); /* untouched keys keep their defaults */
    config_free(&c);
    unlink(g_path);
}

static void bad_line_names_the_line_and_changes_nothing(void **state)
{
    (void)state;
    static const struct {
        const char *text, *want;
    } cases[] = {
        {"threads = 8\ncolour = blue\n", ":2: unknown key \"colour\""},
        {"db = sqlite:x.db\n\njust words\n", ":3: expected \"key = value\""},
        {"threads = many\n", ":1: threads: expected a number"},
        {"threads = 0\n", ":1: threads: expected a number"},
        {"threads = 8x\n", ":1: threads: expected a number"},
        {"threads = -1\n", ":1: threads: expected a number"},
        {"secure_cookies = maybe\n", ":1: secure_cookies: expected true or false"},
        {"listen = 8080\n", ":1: listen: expected HOST:PORT"},
        {"listen = host:99999\n", ":1: listen: expected HOST:PORT"},
        {"db = mysql://x\n", ":1: db: expected sqlite:PATH"},
        {"log_level = loud\n", ":1: log_level: expected debug"},
        {"seed = 99999999999999999999999\n", ":1: seed: expected"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        write_file(cases[i].text);
        Config c;
        config_defaults(&c);
        char err[256] = "";
        assert_false(config_load_file(&c, g_path, err, sizeof err));
        if (!strstr(err, cases[i].want) || !strstr(err, g_path))
            fail_msg("case %zu: error \"%s\" lacks \"%s\"", i, err, cases[i].want);
        /* the good lines before the bad one were not applied either */
        assert_int_equal(c.threads, 4);
        assert_string_equal(c.db_url, "sqlite:gongzhi.db");
        config_free(&c);
        unlink(g_path);
    }
}

static void missing_file_is_an_error(void **state)
{
    (void)state;
    Config c;
    config_defaults(&c);
    char err[256] = "";
    assert_false(config_load_file(&c, "/nonexistent/gongzhi.conf", err, sizeof err));
    assert_non_null(strstr(err, "/nonexistent/gongzhi.conf"));
    config_free(&c);
}

static void environment_overrides(void **state)
{
    (void)state;
    Config c;
    config_defaults(&c);
    char err[256] = "";
    setenv("GONGZHI_DB", "postgresql://gz@localhost/gz", 1);
    setenv("GONGZHI_THREADS", "2", 1);
    setenv("GONGZHI_SESSION_HOURS", "48", 1);
    setenv("GONGZHI_TEST_CLOCK", "1", 1);
    setenv("GONGZHI_LOGIN_MAX_PER_IP", "100", 1);
    setenv("GONGZHI_LISTEN", "", 1); /* empty counts as unset */
    assert_true(config_load_env(&c, err, sizeof err));
    assert_string_equal(c.db_url, "postgresql://gz@localhost/gz");
    assert_int_equal(c.threads, 2);
    assert_int_equal(c.session_hours, 48);
    assert_true(c.test_clock);
    assert_int_equal(c.login_max_per_ip, 100);
    assert_string_equal(c.listen, "127.0.0.1:8080");

    setenv("GONGZHI_MAX_UPLOAD", "lots", 1);
    setenv("GONGZHI_THREADS", "3", 1);
    assert_false(config_load_env(&c, err, sizeof err));
    assert_non_null(strstr(err, "GONGZHI_MAX_UPLOAD"));
    assert_int_equal(c.threads, 2); /* nothing applied from the bad environment */
    assert_int_equal(c.max_upload, 8388608);

    unsetenv("GONGZHI_DB");
    unsetenv("GONGZHI_THREADS");
    unsetenv("GONGZHI_SESSION_HOURS");
    unsetenv("GONGZHI_TEST_CLOCK");
    unsetenv("GONGZHI_LOGIN_MAX_PER_IP");
    unsetenv("GONGZHI_LISTEN");
    unsetenv("GONGZHI_MAX_UPLOAD");
    config_free(&c);
}

static void set_by_key(void **state)
{
    (void)state;
    Config c;
    config_defaults(&c);
    char err[128];
    assert_true(config_set(&c, "key_file", "/etc/gongzhi/key", err, sizeof err));
    assert_true(config_set(&c, "listen", "[::1]:8080", err, sizeof err));
    assert_true(config_set(&c, "secure_cookies", "off", err, sizeof err));
    assert_false(config_set(&c, "nope", "1", err, sizeof err));
    assert_non_null(strstr(err, "unknown key"));
    assert_false(config_set(&c, "max_body", "10", err, sizeof err)); /* below 1024 */
    assert_int_equal(c.max_body, 1048576);
    /* the connection limits and deadlines: a value out of range is refused
     * naming its key, and changes nothing */
    static const struct {
        const char *key, *value;
    } refused[] = {
        {"max_connections", "15"},      {"max_connections", "1000001"}, {"max_connections_per_ip", "0"},
        {"header_timeout", "0"},        {"header_timeout", "3601"},     {"body_timeout", "ten"},
    };
    for (size_t i = 0; i < sizeof refused / sizeof refused[0]; i++) {
        Config before = c;
        assert_false(config_set(&c, refused[i].key, refused[i].value, err, sizeof err));
        assert_non_null(strstr(err, refused[i].key));
        assert_int_equal(c.max_connections, before.max_connections);
        assert_int_equal(c.max_connections_per_ip, before.max_connections_per_ip);
        assert_int_equal(c.header_timeout, before.header_timeout);
        assert_int_equal(c.body_timeout, before.body_timeout);
    }
    /* each within its range is taken */
    static const struct {
        const char *key, *value;
    } taken[] = {
        {"max_connections", "10000"}, {"max_connections_per_ip", "1"},
        {"header_timeout", "2"},      {"body_timeout", "3600"},
    };
    for (size_t i = 0; i < sizeof taken / sizeof taken[0]; i++)
        assert_true(config_set(&c, taken[i].key, taken[i].value, err, sizeof err));
    assert_int_equal(c.max_connections, 10000);
    assert_int_equal(c.max_connections_per_ip, 1);
    assert_int_equal(c.header_timeout, 2);
    assert_int_equal(c.body_timeout, 3600);
    /* the metrics token is a secret: a short one is refused, "" turns metrics off */
    assert_false(config_set(&c, "metrics_token", "short", err, sizeof err));
    assert_string_equal(c.metrics_token, "");
    assert_true(config_set(&c, "metrics_token", "0123456789abcdef", err, sizeof err));
    assert_string_equal(c.metrics_token, "0123456789abcdef");
    assert_true(config_set(&c, "metrics_token", "", err, sizeof err));
    assert_string_equal(c.metrics_token, "");
    /* the timers' period */
    assert_int_equal(c.jobs_period, 60);
    assert_false(config_set(&c, "jobs_period", "0", err, sizeof err));
    assert_false(config_set(&c, "jobs_period", "3601", err, sizeof err));
    assert_true(config_set(&c, "jobs_period", "2", err, sizeof err));
    assert_int_equal(c.jobs_period, 2);
    /* clock_at is Asia/Shanghai wall time: 2026-06-15 10:00 there is 02:00 UTC */
    assert_true(config_set(&c, "clock_at", "2026-06-15T10:00", err, sizeof err));
    assert_int_equal(c.clock_at, 1781488800);
    assert_false(config_set(&c, "clock_at", "2026-06-31T10:00", err, sizeof err));
    assert_non_null(strstr(err, "clock_at"));
    assert_int_equal(c.clock_at, 1781488800);
    config_free(&c);
}

static void key_path_is_derived_from_the_db(void **state)
{
    (void)state;
    static const struct {
        const char *db, *key_file, *want;
    } cases[] = {
        {"sqlite:gongzhi.db", "", "gongzhi.db.key"},
        {"sqlite:/var/lib/gz/hjt.db", "", "/var/lib/gz/hjt.db.key"},
        {"sqlite::memory:", "", "gongzhi.key"},
        {"postgresql://gz@localhost/gz", "", "gongzhi.key"},
        {"sqlite:/var/lib/gz/hjt.db", "/etc/gongzhi/pii.key", "/etc/gongzhi/pii.key"},
        {"postgresql://gz@localhost/gz", "/etc/gongzhi/pii.key", "/etc/gongzhi/pii.key"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        Config c;
        config_defaults(&c);
        char err[128];
        assert_true(config_set(&c, "db", cases[i].db, err, sizeof err));
        assert_true(config_set(&c, "key_file", cases[i].key_file, err, sizeof err));
        char *k = config_key_path(&c);
        assert_string_equal(k, cases[i].want);
        free(k);
        config_free(&c);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(defaults),
        cmocka_unit_test(file_is_parsed),
        cmocka_unit_test(bad_line_names_the_line_and_changes_nothing),
        cmocka_unit_test(missing_file_is_an_error),
        cmocka_unit_test(environment_overrides),
        cmocka_unit_test(set_by_key),
        cmocka_unit_test(key_path_is_derived_from_the_db),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
