/* config.c: defaults (in one function), the "key = value" file, GONGZHI_*
 * environment variables, and one setter that all sources share. */
#include "core/config.h"

#include "core/clock.h"

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char *xstrdup(const char *s)
{
    char *d = strdup(s);
    if (!d) {
        fputs("gongzhi: out of memory\n", stderr);
        abort();
    }
    return d;
}

const Config *g_config = NULL;

void config_defaults(Config *c)
{
    c->db_url = xstrdup("sqlite:gongzhi.db");
    c->listen = xstrdup("127.0.0.1:8080");
    c->key_file = xstrdup("");
    c->data_dir = xstrdup("");
    c->threads = 4;
    c->max_body = 1048576;
    c->max_upload = 8388608;
    c->session_hours = 12;
    c->secure_cookies = false;
    c->trust_proxy = false;
    c->test_clock = false;
    c->clock_at = 0;
    c->login_max_per_account = 5;
    c->login_max_per_ip = 20;
    c->max_connections = 2048;
    c->max_connections_per_ip = 64;
    c->header_timeout = 10;
    c->body_timeout = 10;
    c->login_max_per_account_unknown = 30;
    c->login_delay_max = 900;
    c->login_account_delay_max = 60;
    c->login_window = 86400;
    c->login_known_days = 180;
    c->search_per_minute = 30;
    c->pii_search_per_day = 50;
    c->id_checks_per_hour = 60;
    c->log_level = xstrdup("info");
    c->metrics_token = xstrdup("");
    c->jobs_period = 60;
    c->seed = 20240601ULL;
}

void config_free(Config *c)
{
    free(c->db_url);
    free(c->listen);
    free(c->key_file);
    free(c->data_dir);
    free(c->log_level);
    free(c->metrics_token);
    c->db_url = c->listen = c->key_file = c->data_dir = c->log_level = c->metrics_token = NULL;
}

/* A deep copy, so that a source with a bad entry can be applied to the copy
 * and the caller's config stays untouched. */
static void config_copy(Config *dst, const Config *src)
{
    *dst = *src;
    dst->db_url = xstrdup(src->db_url ? src->db_url : "");
    dst->listen = xstrdup(src->listen ? src->listen : "");
    dst->key_file = xstrdup(src->key_file ? src->key_file : "");
    dst->data_dir = xstrdup(src->data_dir ? src->data_dir : "");
    dst->log_level = xstrdup(src->log_level ? src->log_level : "");
    dst->metrics_token = xstrdup(src->metrics_token ? src->metrics_token : "");
}

static void set_str(char **field, const char *value)
{
    char *d = xstrdup(value);
    free(*field);
    *field = d;
}

/* Whole-string decimal in [lo, hi]. */
static bool parse_ull(const char *v, unsigned long long lo, unsigned long long hi,
                      unsigned long long *out)
{
    if (!isdigit((unsigned char)v[0]))
        return false;
    errno = 0;
    char *end;
    unsigned long long x = strtoull(v, &end, 10);
    if (errno || *end || x < lo || x > hi)
        return false;
    *out = x;
    return true;
}

static bool parse_bool(const char *v, bool *out)
{
    static const char *const yes[] = {"true", "yes", "on", "1"};
    static const char *const no[] = {"false", "no", "off", "0"};
    for (size_t i = 0; i < 4; i++) {
        if (strcasecmp(v, yes[i]) == 0) {
            *out = true;
            return true;
        }
        if (strcasecmp(v, no[i]) == 0) {
            *out = false;
            return true;
        }
    }
    return false;
}

/* HOST:PORT or [V6]:PORT with a port in 1..65535. */
static bool valid_listen(const char *v)
{
    const char *colon = strrchr(v, ':');
    unsigned long long port;
    if (!colon || colon == v)
        return false;
    if (v[0] == '[' && colon[-1] != ']')
        return false;
    return parse_ull(colon + 1, 1, 65535, &port);
}

static bool valid_db(const char *v)
{
    return (strncmp(v, "sqlite:", 7) == 0 && v[7]) || strncmp(v, "postgresql://", 13) == 0 ||
           strncmp(v, "postgres://", 11) == 0;
}

bool config_set(Config *c, const char *key, const char *value, char *err, size_t errlen)
{
    unsigned long long n;
    bool b;
    if (!key || !value) {
        snprintf(err, errlen, "missing key or value");
        return false;
    }
#define BAD(what) (snprintf(err, errlen, "%s: %s, got \"%s\"", key, (what), value), false)
    if (strcmp(key, "db") == 0) {
        if (!valid_db(value))
            return BAD("expected sqlite:PATH or postgresql://...");
        set_str(&c->db_url, value);
    } else if (strcmp(key, "listen") == 0) {
        if (!valid_listen(value))
            return BAD("expected HOST:PORT");
        set_str(&c->listen, value);
    } else if (strcmp(key, "key_file") == 0) {
        set_str(&c->key_file, value);
    } else if (strcmp(key, "data_dir") == 0) {
        set_str(&c->data_dir, value);
    } else if (strcmp(key, "threads") == 0) {
        if (!parse_ull(value, 1, 256, &n))
            return BAD("expected a number from 1 to 256");
        c->threads = (int)n;
    } else if (strcmp(key, "max_body") == 0) {
        if (!parse_ull(value, 1024, 1ULL << 30, &n))
            return BAD("expected bytes from 1024 to 1073741824");
        c->max_body = (size_t)n;
    } else if (strcmp(key, "max_upload") == 0) {
        if (!parse_ull(value, 1024, 1ULL << 30, &n))
            return BAD("expected bytes from 1024 to 1073741824");
        c->max_upload = (size_t)n;
    } else if (strcmp(key, "session_hours") == 0) {
        if (!parse_ull(value, 1, 24 * 366, &n))
            return BAD("expected hours from 1 to 8784");
        c->session_hours = (int)n;
    } else if (strcmp(key, "secure_cookies") == 0) {
        if (!parse_bool(value, &b))
            return BAD("expected true or false");
        c->secure_cookies = b;
    } else if (strcmp(key, "trust_proxy") == 0) {
        if (!parse_bool(value, &b))
            return BAD("expected true or false");
        c->trust_proxy = b;
    } else if (strcmp(key, "metrics_token") == 0) {
        /* a guessable token would publish the server's traffic: at least 16 characters */
        if (value[0] && strlen(value) < 16)
            return (snprintf(err, errlen, "%s: expected at least 16 characters, or empty to turn metrics off", key),
                    false);
        set_str(&c->metrics_token, value);
    } else if (strcmp(key, "jobs_period") == 0) {
        if (!parse_ull(value, 1, 3600, &n))
            return BAD("expected seconds from 1 to 3600");
        c->jobs_period = (int)n;
    } else if (strcmp(key, "test_clock") == 0) {
        if (!parse_bool(value, &b))
            return BAD("expected true or false");
        c->test_clock = b;
    } else if (strcmp(key, "clock_at") == 0) {
        int64_t t;
        if (!clock_parse_local(value, &t) || t <= 0)
            return BAD("expected Asia/Shanghai time as YYYY-MM-DDTHH:MM[:SS]");
        c->clock_at = t;
    } else if (strcmp(key, "login_max_per_account") == 0) {
        if (!parse_ull(value, 1, 1000000, &n))
            return BAD("expected a number from 1 to 1000000");
        c->login_max_per_account = (int)n;
    } else if (strcmp(key, "login_max_per_ip") == 0) {
        if (!parse_ull(value, 1, 1000000, &n))
            return BAD("expected a number from 1 to 1000000");
        c->login_max_per_ip = (int)n;
    } else if (strcmp(key, "max_connections") == 0) {
        if (!parse_ull(value, 16, 1000000, &n))
            return BAD("expected a number from 16 to 1000000");
        c->max_connections = (int)n;
    } else if (strcmp(key, "max_connections_per_ip") == 0) {
        if (!parse_ull(value, 1, 1000000, &n))
            return BAD("expected a number from 1 to 1000000");
        c->max_connections_per_ip = (int)n;
    } else if (strcmp(key, "header_timeout") == 0) {
        if (!parse_ull(value, 1, 3600, &n))
            return BAD("expected seconds from 1 to 3600");
        c->header_timeout = (int)n;
    } else if (strcmp(key, "body_timeout") == 0) {
        if (!parse_ull(value, 1, 3600, &n))
            return BAD("expected seconds from 1 to 3600");
        c->body_timeout = (int)n;
    } else if (strcmp(key, "login_max_per_account_unknown") == 0) {
        if (!parse_ull(value, 1, 1000000, &n))
            return BAD("expected a number from 1 to 1000000");
        c->login_max_per_account_unknown = (int)n;
    } else if (strcmp(key, "login_delay_max") == 0) {
        if (!parse_ull(value, 1, 86400, &n))
            return BAD("expected seconds from 1 to 86400");
        c->login_delay_max = (int)n;
    } else if (strcmp(key, "login_account_delay_max") == 0) {
        if (!parse_ull(value, 1, 3600, &n))
            return BAD("expected seconds from 1 to 3600");
        c->login_account_delay_max = (int)n;
    } else if (strcmp(key, "login_window") == 0) {
        if (!parse_ull(value, 60, 30 * 86400, &n))
            return BAD("expected seconds from 60 to 2592000");
        c->login_window = (int)n;
    } else if (strcmp(key, "login_known_days") == 0) {
        if (!parse_ull(value, 1, 3660, &n))
            return BAD("expected days from 1 to 3660");
        c->login_known_days = (int)n;
    } else if (strcmp(key, "search_per_minute") == 0) {
        if (!parse_ull(value, 1, 1000000, &n))
            return BAD("expected a number from 1 to 1000000");
        c->search_per_minute = (int)n;
    } else if (strcmp(key, "pii_search_per_day") == 0) {
        if (!parse_ull(value, 1, 1000000, &n))
            return BAD("expected a number from 1 to 1000000");
        c->pii_search_per_day = (int)n;
    } else if (strcmp(key, "id_checks_per_hour") == 0) {
        if (!parse_ull(value, 1, 1000000, &n))
            return BAD("expected a number from 1 to 1000000");
        c->id_checks_per_hour = (int)n;
    } else if (strcmp(key, "log_level") == 0) {
        if (strcmp(value, "debug") && strcmp(value, "info") && strcmp(value, "warn") &&
            strcmp(value, "error"))
            return BAD("expected debug, info, warn or error");
        set_str(&c->log_level, value);
    } else if (strcmp(key, "seed") == 0) {
        if (!parse_ull(value, 0, ULLONG_MAX, &n))
            return BAD("expected a non-negative number");
        c->seed = n;
    } else {
        snprintf(err, errlen, "unknown key \"%s\"", key);
        return false;
    }
#undef BAD
    return true;
}

static char *trim(char *s)
{
    while (*s == ' ' || *s == '\t')
        s++;
    char *e = s + strlen(s);
    while (e > s && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r' || e[-1] == '\n'))
        e--;
    *e = '\0';
    return s;
}

bool config_load_file(Config *c, const char *path, char *err, size_t errlen)
{
    FILE *f = fopen(path, "r");
    if (!f) {
        snprintf(err, errlen, "%s: cannot open: %s", path, strerror(errno));
        return false;
    }
    Config tmp;
    config_copy(&tmp, c);
    char *line = NULL;
    size_t cap = 0;
    long lineno = 0;
    bool ok = true;
    char why[256];
    while (ok && getline(&line, &cap, f) != -1) {
        lineno++;
        char *s = trim(line);
        if (lineno == 1 && (unsigned char)s[0] == 0xEF && (unsigned char)s[1] == 0xBB &&
            (unsigned char)s[2] == 0xBF)
            s = trim(s + 3); /* a UTF-8 BOM, as Windows editors write */
        if (*s == '\0' || *s == '#')
            continue;
        char *eq = strchr(s, '=');
        if (!eq) {
            snprintf(err, errlen, "%s:%ld: expected \"key = value\"", path, lineno);
            ok = false;
            break;
        }
        *eq = '\0';
        char *key = trim(s);
        char *value = trim(eq + 1);
        size_t vl = strlen(value);
        if (vl >= 2 && value[0] == '"' && value[vl - 1] == '"') {
            value[vl - 1] = '\0';
            value++;
        }
        if (!config_set(&tmp, key, value, why, sizeof why)) {
            snprintf(err, errlen, "%s:%ld: %s", path, lineno, why);
            ok = false;
        }
    }
    if (ok && ferror(f)) {
        snprintf(err, errlen, "%s: read error", path);
        ok = false;
    }
    free(line);
    fclose(f);
    if (ok) {
        config_free(c);
        *c = tmp;
    } else {
        config_free(&tmp);
    }
    return ok;
}

bool config_load_env(Config *c, char *err, size_t errlen)
{
    static const char *const keys[] = {
        "db", "listen", "key_file", "data_dir", "threads", "max_body", "max_upload",
        "session_hours", "secure_cookies", "trust_proxy", "test_clock", "clock_at",
        "login_max_per_account", "login_max_per_ip", "login_max_per_account_unknown", "login_delay_max",
        "login_account_delay_max", "login_window", "login_known_days", "max_connections",
        "max_connections_per_ip", "header_timeout", "body_timeout", "search_per_minute",
        "pii_search_per_day", "id_checks_per_hour", "log_level", "seed", "metrics_token", "jobs_period"};
    Config tmp;
    config_copy(&tmp, c);
    char why[256];
    for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++) {
        char name[64] = "GONGZHI_";
        size_t n = strlen(name);
        for (const char *k = keys[i]; *k && n + 1 < sizeof name; k++)
            name[n++] = (char)toupper((unsigned char)*k);
        name[n] = '\0';
        const char *v = getenv(name);
        if (!v || !*v)
            continue; /* an empty variable counts as unset, as shells make them easily */
        if (!config_set(&tmp, keys[i], v, why, sizeof why)) {
            snprintf(err, errlen, "%s: %s", name, why);
            config_free(&tmp);
            return false;
        }
    }
    config_free(c);
    *c = tmp;
    return true;
}

char *config_key_path(const Config *c)
{
    if (c->key_file && c->key_file[0])
        return xstrdup(c->key_file);
    const char *db = c->db_url ? c->db_url : "";
    if (strncmp(db, "sqlite:", 7) == 0) {
        const char *path = db + 7;
        /* An in-memory database has no file to sit beside. */
        if (path[0] && strcmp(path, ":memory:") != 0) {
            size_t n = strlen(path);
            char *k = malloc(n + 5);
            if (!k) {
                fputs("gongzhi: out of memory\n", stderr);
                abort();
            }
            memcpy(k, path, n);
            memcpy(k + n, ".key", 5);
            return k;
        }
    }
    return xstrdup("gongzhi.key");
}
