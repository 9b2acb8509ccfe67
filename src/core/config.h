/* config.h: the one configuration struct. Defaults live in config_defaults()
 * only; values are then overridden by the optional file (--config PATH or
 * GONGZHI_CONFIG), then by environment variables (GONGZHI_DB, ...), then by
 * command-line flags. Every key is documented in the README's table. */
#ifndef GZ_CONFIG_H
#define GZ_CONFIG_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct Config {
    char *db_url;          /* db        GONGZHI_DB        --db         "sqlite:gongzhi.db" */
    char *listen;          /* listen    GONGZHI_LISTEN    --listen     "127.0.0.1:8080" */
    char *key_file;        /* key_file  GONGZHI_KEY_FILE  --key-file   "" = derived from db (PATH.key, or gongzhi.key) */
    char *data_dir;        /* data_dir  GONGZHI_DATA_DIR  --data-dir   "" = beside the db file, for uploads */
    int threads;           /* threads   GONGZHI_THREADS   --threads    4 */
    size_t max_body;       /* max_body  GONGZHI_MAX_BODY  --max-body   1048576 (bytes; 413 beyond) */
    size_t max_upload;     /* max_upload GONGZHI_MAX_UPLOAD --max-upload 8388608 (import files, photos) */
    int session_hours;     /* session_hours ...           --session-hours 12 */
    bool secure_cookies;   /* secure_cookies              --secure-cookies  false (true behind TLS) */
    bool trust_proxy;      /* trust_proxy: take client address from X-Forwarded-For; false */
    bool test_clock;       /* test_clock: enables POST /api/debug/clock for tests; false */
    int64_t clock_at;      /* clock_at  --clock-at "YYYY-MM-DDTHH:MM[:SS]" Shanghai: the clock starts there
                            * (demo; serve only with test_clock); 0 = the real time */
    int max_connections;       /* max_connections --max-connections: open connections in all, 2048 */
    int max_connections_per_ip;/* max_connections_per_ip: from one address, 64 (not applied with trust_proxy) */
    int header_timeout;        /* header_timeout --header-timeout: seconds to send a request's headers, 10 */
    int body_timeout;          /* body_timeout --body-timeout: seconds to send a body, more while it keeps coming, 10 */
    /* Login throttling (src/auth/ratelimit.c): past a number of failures each
     * further try waits 2 s, doubling with each failure, up to a cap. */
    int login_max_per_account;    /* failures for one account from one address: 5 */
    int login_max_per_ip;         /* failures from one address, any accounts: 20 */
    int login_max_per_account_unknown; /* failures for one account from addresses it never signed in from: 30 */
    int login_delay_max;          /* cap of the two waits above, seconds: 900 */
    int login_account_delay_max;  /* cap of the account-wide wait, seconds: 60 (short: never a lock-out) */
    int login_window;             /* failures are forgotten this long after the last one, seconds: 86400 */
    int login_known_days;         /* an address an account signed in from stays known this long: 180 */
    int search_per_minute;     /* register searches per user per minute before 429: 30 */
    int pii_search_per_day;    /* searches by a whole phone or ID number per user per day: 50 */
    int id_checks_per_hour;    /* ID numbers entered per user per hour (persons, owners): 60 */
    char *metrics_token;   /* metrics_token GONGZHI_METRICS_TOKEN: the bearer token of GET /metrics; "" = off (404) */
    int jobs_period;       /* jobs_period: seconds between rounds of the timers (sweeps, vote closing), 60 */
    char *log_level;       /* log_level GONGZHI_LOG_LEVEL --log-level "info" */
    unsigned long long seed; /* demo seed: --seed 20240601 */
} Config;

/* The running configuration: set once at start-up (serve, or a command
 * that needs it), read-only afterwards; NULL in unit tests that set none. */
extern const Config *g_config;

/* Fills c with the defaults; the only place defaults are written. */
void config_defaults(Config *c);
/* Reads "key = value" lines (# comments). Returns false and fills err on a bad line or unknown key. */
bool config_load_file(Config *c, const char *path, char *err, size_t errlen);
/* Applies GONGZHI_* environment variables. Returns false on a bad value. */
bool config_load_env(Config *c, char *err, size_t errlen);
/* Sets one key by its file name ("db", "listen", ...) from text. Used by all three sources. */
bool config_set(Config *c, const char *key, const char *value, char *err, size_t errlen);
/* The key file path: key_file when set, else derived from db_url. Caller frees. */
char *config_key_path(const Config *c);
void config_free(Config *c);

#endif
