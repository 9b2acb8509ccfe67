/* main.c: the gongzhi command line, Fossil-style: one binary, one table of
 * subcommands, each with --help. */
#include <errno.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "auth/audit.h"
#include "auth/session.h"
#include "core/clock.h"
#include "core/config.h"
#include "core/log.h"
#include "core/respcache.h"
#include "demo/demo.h"
#include "funds/funds.h"
#include "grid/grid.h"
#include "grid/import.h"
#include "grid/pii.h"
#include "life/life.h"
#include "http/router.h"
#include "http/server.h"
#include "site/site.h"
#include "ops.h"
#include "project/project.h"
#include "results/results.h"
#include "safety/safety.h"
#include "store/db.h"
#include "survey/survey.h"
#include "vote/vote.h"
#include "workorder/workorder.h"


/* Each capability adds its part of the demo (a year of work orders, the
 * pilot's votes, its funds) after the community exists, in the same
 * transaction, in this order: funds link to votes. */
typedef bool (*DemoPart)(Db *db, uint64_t seed, char *err, size_t errlen);
static const DemoPart demo_parts[] = {workorder_demo, vote_demo, funds_demo, project_demo, life_demo,
                                       survey_demo,    safety_demo, results_demo};

/* Arguments left after the common configuration flags were taken out. */
typedef struct Args {
    int n;
    char **v;
} Args;

typedef int (*CommandFn)(Config *cfg, Args *a);

typedef struct Command {
    const char *name;
    CommandFn run;
    const char *summary;
    const char *usage; /* the --help text after the common flags */
} Command;

static const char COMMON_FLAGS[] =
    "Common flags (also from GONGZHI_<NAME> environment variables or a --config file):\n"
    "  --db URL            sqlite:PATH (default sqlite:gongzhi.db) or postgresql://...\n"
    "  --key-file PATH     the personal-data key (default: PATH.key beside a SQLite db, else gongzhi.key)\n"
    "  --config PATH       a file of 'key = value' lines\n"
    "  --log-level LEVEL   debug, info, warn or error\n";

/* ---- helpers ---- */

static bool has_flag(Args *a, const char *flag)
{
    for (int i = 0; i < a->n; i++)
        if (strcmp(a->v[i], flag) == 0) return true;
    return false;
}

/* The value after --name, or NULL. */
static const char *flag_value(Args *a, const char *flag)
{
    for (int i = 0; i + 1 < a->n; i++)
        if (strcmp(a->v[i], flag) == 0) return a->v[i + 1];
    return NULL;
}

/* The n-th argument that is neither a flag nor a flag's value. Flags that
 * take a value are listed in valued_flags. */
static const char *positional(Args *a, int n, const char *const *valued_flags)
{
    int seen = 0;
    for (int i = 0; i < a->n; i++) {
        if (a->v[i][0] == '-' && a->v[i][1] == '-') {
            for (const char *const *f = valued_flags; f && *f; f++)
                if (strcmp(a->v[i], *f) == 0) {
                    i++;
                    break;
                }
            continue;
        }
        if (seen++ == n) return a->v[i];
    }
    return NULL;
}

static Db *open_db(const Config *cfg)
{
    char err[256];
    Db *db = db_open(cfg->db_url, err, sizeof err);
    if (!db) fprintf(stderr, "gongzhi: cannot open the database: %s\n", err);
    return db;
}

static bool load_key(const Config *cfg)
{
    char *path = config_key_path(cfg);
    char err[256];
    bool ok = pii_key_load(path, err, sizeof err);
    if (!ok) fprintf(stderr, "gongzhi: %s\n(the key file is created by `gongzhi init` or `gongzhi demo`)\n", err);
    free(path);
    return ok;
}

/* Creates the key file when it does not exist yet, then loads it. */
static bool ensure_key(const Config *cfg)
{
    char *path = config_key_path(cfg);
    char err[256];
    bool ok = true;
    if (access(path, F_OK) != 0) {
        ok = pii_key_create(path, err, sizeof err);
        if (ok)
            printf("created key file %s (keep it safe and back it up: without it personal data cannot be read)\n", path);
        else
            fprintf(stderr, "gongzhi: %s\n", err);
    }
    if (ok) {
        ok = pii_key_load(path, err, sizeof err);
        if (!ok) fprintf(stderr, "gongzhi: %s\n", err);
    }
    free(path);
    return ok;
}

/* Refuses a key file that is not the database's own: the check value
 * recorded in the database must match the key's. A database from before
 * the check value existed gets it recorded (when record is set) once one of
 * its sealed values opens with this key, or when it holds none yet. Without
 * this, a wrong key served every page with personal data as a 500. */
static bool key_fits_db(Db *db, const Config *cfg, bool record)
{
    char want[65];
    if (!pii_key_check_value(want))
        return false;
    char *path = config_key_path(cfg);
    char have[80] = "";
    bool ok = true, found = false;
    if (!db_setting_get(db, "key_check", have, sizeof have, &found)) {
        fprintf(stderr, "gongzhi: cannot read the database: %s\n", db_errmsg(db));
        ok = false;
    }
    bool fits = found && strcmp(have, want) == 0;
    if (ok && !found) {
        Arena *a = arena_new();
        Ctx c = {db, a, NULL, clock_now()};
        const char *sealed = NULL;
        ok = grid_pii_sample(&c, &sealed) == GRID_OK;
        char *plain = sealed ? pii_decrypt(sealed) : NULL;
        fits = ok && (!sealed || plain);
        free(plain);
        arena_free(a);
        if (!ok)
            fprintf(stderr, "gongzhi: cannot read the database: %s\n", db_errmsg(db));
        else if (fits && record &&
                 !db_setting_set(db, "key_check", want)) {
            fprintf(stderr, "gongzhi: cannot record the key's check value: %s\n", db_errmsg(db));
            ok = false;
        }
    }
    if (ok && !fits) {
        fprintf(stderr,
                "gongzhi: the key file %s does not belong to this database: personal data and the audit chain\n"
                "were sealed with another key. Start with the key file created together with this database\n"
                "(--key-file PATH, or restore it from the backup); a new key cannot open what is stored.\n",
                path);
        ok = false;
    }
    free(path);
    return ok;
}

/* Loads the key, opens the database and refuses a key that is not its own;
 * record: see key_fits_db. */
static Db *open_db_with_key(const Config *cfg, bool record)
{
    if (!pii_key_loaded() && !load_key(cfg))
        return NULL;
    Db *db = open_db(cfg);
    if (db && !key_fits_db(db, cfg, record)) {
        db_close(db);
        db = NULL;
    }
    return db;
}

/* Applies the migrations, then checks (and on a new database records) that
 * the loaded key is the database's own, and keys the audit chain. */
static bool migrate_db(Db *db, const Config *cfg)
{
    char err[512];
    int before = db_schema_version(db);
    /* a database that exists is not migrated with another one's key */
    if (before > 0 && !key_fits_db(db, cfg, false))
        return false;
    if (!db_migrate(db, err, sizeof err)) {
        fprintf(stderr, "gongzhi: migration failed: %s\n", err);
        return false;
    }
    int after = db_schema_version(db);
    if (after != before) printf("schema migrated from version %d to %d\n", before, after);
    if (!key_fits_db(db, cfg, true))
        return false;
    /* A chain written by an older version is keyed from here on. */
    if (!audit_chain_keyed(db)) {
        fprintf(stderr, "gongzhi: cannot start the keyed audit chain: %s\n", db_errmsg(db));
        return false;
    }
    return true;
}

/* Reads a password from --password, GONGZHI_PASSWORD or one line of stdin
 * (asking with prompt on a terminal). */
static char *read_password(Args *a, const char *prompt)
{
    const char *p = flag_value(a, "--password");
    if (!p) p = getenv("GONGZHI_PASSWORD");
    if (p) return strdup(p);
    if (isatty(STDIN_FILENO)) fprintf(stderr, "%s", prompt);
    char line[512];
    if (!fgets(line, sizeof line, stdin)) return NULL;
    line[strcspn(line, "\r\n")] = 0;
    return strdup(line);
}

/* ---- commands ---- */

static int cmd_serve(Config *cfg, Args *a)
{
    char err[256];
    if (!router_check(g_routes, g_n_routes, PERM__COUNT, err, sizeof err)) {
        fprintf(stderr, "gongzhi: route table: %s\n", err);
        return 1;
    }
    if (cfg->clock_at) {
        /* a production server runs on the real time; only a test server may start elsewhere */
        if (!cfg->test_clock) {
            fprintf(stderr, "gongzhi: clock_at needs test_clock (test servers only)\n");
            return 1;
        }
        clock_set(cfg->clock_at);
    }
    if (!load_key(cfg)) return 1;
    Db *db = open_db(cfg);
    if (!db) return 1;
    int have = db_schema_version(db), want = db_schema_latest();
    if (have == 0) {
        fprintf(stderr, "gongzhi: the database is empty: run `gongzhi init` (or `gongzhi demo`) first\n");
        db_close(db);
        return 1;
    }
    if (have < want) {
        fprintf(stderr, "gongzhi: the database schema is version %d, this binary needs %d: run `gongzhi migrate`\n",
                have, want);
        db_close(db);
        return 1;
    }
    /* A newer gongzhi migrated this database: its tables may hold what this
     * binary would misread or overwrite. */
    if (have > want) {
        fprintf(stderr,
                "gongzhi: the database schema is version %d but this gongzhi knows only up to %d: use a newer "
                "gongzhi\n",
                have, want);
        db_close(db);
        return 1;
    }
    /* A wrong key is refused here, not discovered page by page. */
    bool fits = key_fits_db(db, cfg, true);
    struct stat st;
    if (fits && strncmp(cfg->db_url, "sqlite:", 7) == 0 && stat(cfg->db_url + 7, &st) == 0 &&
        (st.st_mode & (S_IRWXG | S_IRWXO)))
        fprintf(stderr, "gongzhi: warning: the database %s can be read by other users: chmod 600 it and its -wal "
                        "and -shm files\n", cfg->db_url + 7);
    if (fits && !audit_chain_keyed(db)) {
        fprintf(stderr, "gongzhi: cannot start the keyed audit chain: %s\n", db_errmsg(db));
        fits = false;
    }
    db_close(db);
    if (!fits) return 1;
    /* Up to 64 writes share one commit: enough to amortise an fsync over
     * any client count we serve, small enough that a batch's wait stays
     * short. */
    if (!db_pool_init(cfg->db_url, err, sizeof err) || !db_group_start(cfg->db_url, 64, err, sizeof err)) {
        fprintf(stderr, "gongzhi: %s\n", err);
        db_pool_shutdown();
        return 1;
    }
    printf("gongzhi %s serving http://%s/ (database %s)\n", GZ_VERSION, cfg->listen,
           strncmp(cfg->db_url, "sqlite:", 7) == 0 ? cfg->db_url : "postgresql");
    fflush(stdout);
    if (!jobs_start(cfg)) {
        fprintf(stderr, "gongzhi: cannot start the background jobs\n");
        db_group_stop();
        db_pool_shutdown();
        return 1;
    }
    site_install();
    bool ok = server_run(cfg, g_routes, g_n_routes);
    jobs_stop();
    db_group_stop();
    db_pool_shutdown();
    respcache_clear();
    return ok ? 0 : 1;
}

/* A one-time password for the first administrator: 15 characters in three
 * groups, from an alphabet without look-alikes (no 0/o, 1/l/i), ~75 bits. */
static void make_password(char out[18])
{
    static const char alphabet[] = "abcdefghjkmnpqrstuvwxyz23456789";
    int n = 0;
    for (int i = 0; i < 15; i++) {
        if (i && i % 5 == 0) out[n++] = '-';
        out[n++] = alphabet[randombytes_uniform((uint32_t)(sizeof alphabet - 1))];
    }
    out[n] = '\0';
}

/* init --community: the top of the tree and its first administrator, in one
 * transaction, then how to sign in. */
/* Grants role on a node: the place as the grid knows it, the grant by auth. */
static bool grant_on(Db *db, const char *username, Role role, int64_t node_id, char *err, size_t errlen)
{
    Arena *a = arena_new();
    Ctx c = {db, a, NULL, clock_now()};
    GrantPlace place;
    bool ok;
    if (!grid_grant_place(&c, node_id, &place)) {
        snprintf(err, errlen, "no node with id %lld", (long long)node_id);
        ok = false;
    } else {
        ok = user_grant(db, username, role, &place, err, errlen);
    }
    arena_free(a);
    return ok;
}

static int init_tree(Db *db, const Config *cfg, Args *a, const char *street, const char *community, const char *admin)
{
    char err[256] = "", generated[18] = "";
    int64_t top = 0, comm = 0, uid = 0;
    bool existing = auth_user_id(db, admin, &uid) && uid > 0;
    char *pw = NULL;
    if (!existing) {
        pw = read_password(a, "password for the administrator (empty: generate one): ");
        if (!pw || !*pw) {
            free(pw);
            make_password(generated);
            pw = strdup(generated);
        }
    }
    bool ok = db_begin(db, true) && grid_tree_create_top(db, street, community, &top, &comm, err, sizeof err) &&
              (existing || user_add(db, admin, admin, pw, &uid, err, sizeof err)) &&
              grant_on(db, admin, ROLE_ADMIN, top, err, sizeof err) && db_commit(db);
    if (pw) {
        sodium_memzero(pw, strlen(pw));
        free(pw);
    }
    if (!ok) {
        if (db_in_transaction(db)) db_rollback(db);
        fprintf(stderr, "gongzhi: %s (nothing was created)\n", err[0] ? err : db_errmsg(db));
        sodium_memzero(generated, sizeof generated);
        return 1;
    }
    if (street)
        printf("created the tree: %s (street, node %lld) > %s (community, node %lld)\n", street, (long long)top,
               community, (long long)comm);
    else
        printf("created the tree: %s (community, node %lld)\n", community, (long long)comm);
    printf("%s user %s: administrator of node %lld and everything under it\n", existing ? "made" : "created", admin,
           (long long)top);
    if (generated[0])
        printf("one-time password for %s: %s\n  (shown only now: note it, or set another with `gongzhi user passwd %s`)\n",
               admin, generated, admin);
    sodium_memzero(generated, sizeof generated);
    bool sqlite = strncmp(cfg->db_url, "sqlite:", 7) == 0;
    printf("next: gongzhi serve --db %s%s%s --listen %s\n"
           "      then sign in as %s at http://%s/login and add the grids, compounds and staff under %s\n",
           sqlite ? cfg->db_url : "<this database's URL>", cfg->key_file[0] ? " --key-file " : "",
           cfg->key_file[0] ? cfg->key_file : "", cfg->listen, admin, cfg->listen, community);
    return 0;
}

static int cmd_init(Config *cfg, Args *a)
{
    const char *community = flag_value(a, "--community");
    const char *street = flag_value(a, "--street");
    const char *admin = flag_value(a, "--admin");
    if (street && !community) {
        fprintf(stderr, "gongzhi: --street goes with --community (the community under that street)\n");
        return 2;
    }
    if (!ensure_key(cfg)) return 1;
    Db *db = open_db(cfg);
    if (!db) return 1;
    int rc = migrate_db(db, cfg) ? 0 : 1;
    if (rc == 0 && community) {
        rc = init_tree(db, cfg, a, street, community, admin ? admin : "admin");
    } else if (rc == 0 && admin) {
        char *pw = read_password(a, "password: ");
        char err[256];
        int64_t id;
        if (!pw || !*pw) {
            fprintf(stderr, "gongzhi: a password is needed for the admin account\n");
            rc = 1;
        } else if (!db_begin(db, true) || !user_add(db, admin, admin, pw, &id, err, sizeof err) || !db_commit(db)) {
            if (db_in_transaction(db)) db_rollback(db);
            fprintf(stderr, "gongzhi: %s\n", err);
            rc = 1;
        } else {
            printf("created user %s (grant a role with `gongzhi user roles %s --grant admin:NODE_ID`)\n", admin, admin);
        }
        free(pw);
    }
    int64_t nodes = 0;
    if (rc == 0 && !community && grid_node_count(db, &nodes) && nodes == 0)
        printf("the database has no community yet: `gongzhi init --community NAME [--street NAME] [--admin USERNAME]`\n"
               "creates the top of the tree and its first administrator\n");
    if (rc == 0) printf("database ready at schema version %d\n", db_schema_version(db));
    db_close(db);
    return rc;
}

static int cmd_migrate(Config *cfg, Args *a)
{
    if (!load_key(cfg)) return 1;
    Db *db = open_db(cfg);
    if (!db) return 1;
    int rc = migrate_db(db, cfg) ? 0 : 1;
    if (rc == 0) printf("schema at version %d\n", db_schema_version(db));
    db_close(db);
    return rc;
}

static double seconds_since(const struct timespec *t0)
{
    struct timespec t1;
    clock_gettime(CLOCK_MONOTONIC, &t1);
    return (double)(t1.tv_sec - t0->tv_sec) + (double)(t1.tv_nsec - t0->tv_nsec) / 1e9;
}

static int cmd_demo(Config *cfg, Args *a)
{
    struct timespec t0;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    if (has_flag(a, "--force") && strncmp(cfg->db_url, "sqlite:", 7) == 0) {
        /* start over: the database and its WAL files, and the key that belongs to them */
        const char *path = cfg->db_url + 7;
        char extra[4096];
        unlink(path);
        snprintf(extra, sizeof extra, "%s-wal", path);
        unlink(extra);
        snprintf(extra, sizeof extra, "%s-shm", path);
        unlink(extra);
        char *key = config_key_path(cfg);
        unlink(key);
        free(key);
    }
    if (cfg->clock_at) clock_set(cfg->clock_at); /* the demo's year ends then, not today */
    if (!ensure_key(cfg)) return 1;
    Db *db = open_db(cfg);
    if (!db) return 1;
    if (!migrate_db(db, cfg)) {
        db_close(db);
        return 1;
    }
    int64_t nodes = 0;
    if (grid_node_count(db, &nodes) && nodes > 0) {
        fprintf(stderr, "gongzhi: the database already holds data; use a new path, or --force to rebuild a SQLite demo\n");
        db_close(db);
        return 1;
    }
    char err[256] = "";
    DemoStats st;
    memset(&st, 0, sizeof st);
    bool ok = db_begin(db, true) && demo_build(db, cfg->seed, &st, err, sizeof err);
    for (size_t i = 0; ok && i < sizeof demo_parts / sizeof demo_parts[0]; i++)
        ok = demo_parts[i](db, cfg->seed, err, sizeof err);
    ok = ok && db_commit(db);
    if (!ok) {
        if (db_in_transaction(db)) db_rollback(db);
        fprintf(stderr, "gongzhi: demo failed: %s %s\n", err, db_errmsg(db));
        db_close(db);
        return 1;
    }
    db_close(db);
    printf("demo community 合江亭社区 built in %.1f s (seed %llu): %d grids, %d micro-grids, %d compounds, "
           "%d buildings, %d units, %d households, %d residents, %d owners, %d shops, %d organisations\n",
           seconds_since(&t0), cfg->seed, st.grids, st.micro_grids, st.compounds, st.buildings, st.units,
           st.households, st.persons, st.owners, st.shops, st.orgs);
    printf("demo logins (password for all: demo):\n");
    for (int i = 0; i < g_n_demo_accounts; i++)
        printf("  %-16s %-20s %s\n", g_demo_accounts[i].username, g_demo_accounts[i].role, g_demo_accounts[i].what_zh);
    return 0;
}

static int cmd_user(Config *cfg, Args *a)
{
    const char *sub = positional(a, 0, (const char *const[]){"--password", "--display", "--grant", "--revoke", NULL});
    const char *name = positional(a, 1, (const char *const[]){"--password", "--display", "--grant", "--revoke", NULL});
    if (!sub || !name) {
        fprintf(stderr, "usage: gongzhi user add|passwd|roles USERNAME [...]  (see gongzhi user --help)\n");
        return 2;
    }
    Db *db = open_db_with_key(cfg, false);
    if (!db) return 1;
    char err[256] = "";
    int rc = 0;
    if (!db_begin(db, true)) {
        fprintf(stderr, "gongzhi: %s\n", db_errmsg(db));
        db_close(db);
        return 1;
    }
    if (strcmp(sub, "add") == 0 || strcmp(sub, "passwd") == 0) {
        char *pw = read_password(a, "password: ");
        int64_t id;
        bool ok;
        if (!pw || !*pw) {
            snprintf(err, sizeof err, "a password is needed (--password, GONGZHI_PASSWORD or one line on stdin)");
            ok = false;
        } else if (sub[0] == 'a') {
            const char *display = flag_value(a, "--display");
            ok = user_add(db, name, display ? display : name, pw, &id, err, sizeof err);
        } else {
            ok = user_set_password(db, name, pw, err, sizeof err);
        }
        free(pw);
        rc = ok ? 0 : 1;
    } else if (strcmp(sub, "roles") == 0) {
        /* --grant ROLE:NODE_ID and --revoke ROLE:NODE_ID may repeat */
        for (int i = 0; rc == 0 && i + 1 < a->n; i++) {
            bool grant = strcmp(a->v[i], "--grant") == 0, revoke = strcmp(a->v[i], "--revoke") == 0;
            if (!grant && !revoke) continue;
            const char *spec = a->v[++i];
            const char *colon = strchr(spec, ':');
            char rname[64];
            Role role;
            char *end = NULL;
            long long node = colon ? strtoll(colon + 1, &end, 10) : 0;
            if (!colon || (size_t)(colon - spec) >= sizeof rname || !end || *end || node <= 0) {
                snprintf(err, sizeof err, "expected ROLE:NODE_ID, got '%s'", spec);
                rc = 2;
                break;
            }
            memcpy(rname, spec, (size_t)(colon - spec));
            rname[colon - spec] = 0;
            if (!role_parse(rname, &role)) {
                snprintf(err, sizeof err, "unknown role '%s'", rname);
                rc = 2;
                break;
            }
            bool ok = grant ? grant_on(db, name, role, node, err, sizeof err)
                            : user_revoke(db, name, role, node, err, sizeof err);
            if (!ok) rc = 1;
        }
        if (rc == 0) {
            Arena *ar = arena_new();
            Ctx c = {db, ar, NULL, clock_now()};
            int64_t uid = 0;
            const Principal *p = auth_user_id(db, name, &uid) && uid ? auth_principal_load(db, ar, uid) : NULL;
            printf("roles of %s:\n", name);
            for (int g = 0; p && g < p->n_grants; g++) {
                NodeInfo n;
                printf("  %s:%lld  (%s)\n", role_name(p->grants[g].role), (long long)p->grants[g].node_id,
                       grid_node_get(&c, p->grants[g].node_id, &n) ? n.name : "?");
            }
            arena_free(ar);
        }
    } else {
        snprintf(err, sizeof err, "unknown user subcommand '%s' (add, passwd, roles)", sub);
        rc = 2;
    }
    if (rc == 0 && !db_commit(db)) {
        snprintf(err, sizeof err, "%s", db_errmsg(db));
        rc = 1;
    }
    if (rc != 0) {
        if (db_in_transaction(db)) db_rollback(db);
        fprintf(stderr, "gongzhi: %s\n", err);
    } else if (strcmp(sub, "roles") != 0) {
        printf("ok\n");
    }
    db_close(db);
    return rc;
}

static unsigned char *read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    size_t cap = 1 << 16, n = 0;
    unsigned char *data = malloc(cap);
    size_t got;
    while (data && (got = fread(data + n, 1, cap - n, f)) > 0) {
        n += got;
        if (n == cap) {
            unsigned char *bigger = realloc(data, cap *= 2);
            if (!bigger) {
                free(data);
                data = NULL;
            }
            data = bigger;
        }
    }
    fclose(f);
    *len = n;
    return data;
}

static int cmd_import(Config *cfg, Args *a)
{
    const char *path = positional(a, 0, NULL);
    if (!path) {
        fprintf(stderr, "usage: gongzhi import [--dry-run] FILE.csv|FILE.xlsx|FILE.xls\n");
        return 2;
    }
    bool dry = has_flag(a, "--dry-run");
    size_t len = 0;
    unsigned char *data = read_file(path, &len);
    if (!data) {
        fprintf(stderr, "gongzhi: cannot read %s: %s\n", path, strerror(errno));
        return 1;
    }
    Db *db = open_db_with_key(cfg, false);
    if (!db) {
        free(data);
        return 1;
    }
    ImportReport rep;
    memset(&rep, 0, sizeof rep);
    bool ok = db_begin(db, true) && import_register(db, 0, "", true, data, len, IMPORT_GUESS, dry, &rep);
    if (ok && !dry) ok = db_commit(db);
    if (db_in_transaction(db)) db_rollback(db);
    if (rep.converted_from_gbk) printf("文件为 GBK 编码，已转换为 UTF-8 (the file was GBK-encoded and was converted)\n");
    if (rep.format[0]) printf("read as %s\n", rep.format);
    if (rep.fatal[0]) printf("error: %s\n", rep.fatal);
    for (int i = 0; i < rep.n_columns; i++) {
        const ImportColumn *c = &rep.columns[i];
        printf("column %d \"%s\": %s%s%s\n", c->index, c->header, c->field[0] ? "used as " : "ignored", c->field,
               c->dates ? " (read as dates)" : "");
    }
    for (int i = 0; i < rep.n_warnings; i++)
        printf("warning: %s: %s\n", rep.warnings[i].code, rep.warnings[i].message);
    for (int i = 0; i < rep.n_suggestions; i++)
        for (int k = 0; k < rep.suggestions[i].n; k++)
            printf("unknown compound \"%s\": did you mean \"%s\"?\n", rep.suggestions[i].name, rep.suggestions[i].names[k]);
    for (int i = 0; i < rep.n_problems; i++)
        printf("line %d%s%s: %s: %s\n", rep.problems[i].line, rep.problems[i].column[0] ? " column " : "",
               rep.problems[i].column, rep.problems[i].code, rep.problems[i].message);
    for (int i = 0; i < rep.n_notes; i++)
        printf("note: line %d: %s: %s\n", rep.notes[i].line, rep.notes[i].code, rep.notes[i].message);
    printf("%d rows, %d new households, %d new residents: %s\n", rep.rows, rep.households_new, rep.persons_new,
           ok ? (dry ? "no problems (dry run, nothing written)" : "imported")
              : "NOT imported (nothing was written)");
    import_report_free(&rep);
    db_close(db);
    free(data);
    return ok ? 0 : 1;
}

static int cmd_backup(Config *cfg, Args *a)
{
    const char *out = flag_value(a, "--out");
    if (!out) out = positional(a, 0, (const char *const[]){"--out", NULL});
    if (!out) {
        fprintf(stderr, "usage: gongzhi backup --out FILE\n");
        return 2;
    }
    Db *db = open_db(cfg);
    if (!db) return 1;
    char err[256];
    bool ok = db_backup(db, out, err, sizeof err);
    db_close(db);
    if (!ok) {
        fprintf(stderr, "gongzhi: backup failed: %s\n", err);
        return 1;
    }
    char *key = config_key_path(cfg);
    printf("backup written to %s\nremember to keep a copy of the key file %s as well: without it personal data cannot be read\n",
           out, key);
    free(key);
    return 0;
}

/* The other half of backup: into an empty database only, then the key file
 * is checked to be the restored database's own, so a restore without its
 * key is noticed now and not when the first ID number cannot be read. */
static int cmd_restore(Config *cfg, Args *a)
{
    const char *from = flag_value(a, "--from");
    if (!from) from = positional(a, 0, (const char *const[]){"--from", NULL});
    if (!from) {
        fprintf(stderr, "usage: gongzhi restore --from FILE   (into the empty database named by --db)\n");
        return 2;
    }
    char err[512];
    if (!db_restore(cfg->db_url, from, err, sizeof err)) {
        fprintf(stderr, "gongzhi: restore failed: %s\n", err);
        return 1;
    }
    Db *db = open_db_with_key(cfg, false);
    if (!db) {
        char *key = config_key_path(cfg);
        fprintf(stderr, "gongzhi: the data was restored, but the key file %s does not fit it: restore the key file "
                        "that was backed up with it\n", key);
        free(key);
        return 1;
    }
    int have = db_schema_version(db), want = db_schema_latest();
    db_close(db);
    printf("restored %s (schema version %d)\n", from, have);
    if (have < want) printf("this binary needs schema %d: run `gongzhi migrate` before serving\n", want);
    return 0;
}

static int cmd_verify(Config *cfg, Args *a)
{
    /* --expect-head SEQ:HEX may repeat: every head ever published still holds */
    AuditHead heads[64];
    int n_heads = 0;
    for (int i = 0; i < a->n; i++) {
        /* a mistyped flag must not pass as a check that was never made */
        if (strcmp(a->v[i], "--head") == 0) continue;
        if (strcmp(a->v[i], "--expect-head") != 0) {
            fprintf(stderr, "gongzhi: verify does not know '%s' (see gongzhi verify --help)\n", a->v[i]);
            return 2;
        }
        if (i + 1 >= a->n || n_heads == (int)(sizeof heads / sizeof heads[0]) ||
            !audit_head_parse(a->v[i + 1], &heads[n_heads])) {
            fprintf(stderr, "gongzhi: --expect-head wants a published head such as 1234:89ab-cdef-0123-4567%s%s\n",
                    i + 1 < a->n ? ", got " : "", i + 1 < a->n ? a->v[i + 1] : "");
            return 2;
        }
        n_heads++;
        i++;
    }
    Db *db = open_db_with_key(cfg, false);
    if (!db) return 2;
    int have = db_schema_version(db), want = db_schema_latest();
    if (have < want) {
        fprintf(stderr, "gongzhi: the database schema is version %d, this binary needs %d: run `gongzhi migrate` first\n",
                have, want);
        db_close(db);
        return 2;
    }
    AuditCheck chk;
    memset(&chk, 0, sizeof chk);
    bool ok = db_begin(db, false) && audit_verify_heads(db, heads, n_heads, &chk);
    if (db_in_transaction(db)) db_rollback(db);
    db_close(db);
    if (!ok) {
        fprintf(stderr, "gongzhi: cannot read the audit log\n");
        return 2;
    }
    if (chk.first_bad) {
        printf("broken at event %lld: %s\n", (long long)chk.first_bad, chk.reason);
        return 1;
    }
    char head[48] = "";
    if (chk.head.seq > 0) audit_head_format(&chk.head, head);
    if (has_flag(a, "--head")) {
        if (!head[0]) {
            fprintf(stderr, "gongzhi: the audit log is empty: there is no head to publish yet\n");
            return 1;
        }
        printf("%s\n", head);
        return 0;
    }
    printf("ok %lld events", (long long)chk.events);
    if (chk.keyed_from > 1) printf(" (keyed from event %lld; the %lld before it were written unkeyed)",
                                   (long long)chk.keyed_from, (long long)chk.keyed_from - 1);
    printf("\n");
    if (head[0]) printf("head %s\n", head);
    for (int i = 0; i < n_heads; i++) {
        char text[48];
        audit_head_format(&heads[i], text);
        printf("holds published head %s\n", text);
    }
    return 0;
}

static int cmd_version(Config *cfg, Args *a)
{
    printf("gongzhi %s (schema %d)\n", GZ_VERSION, db_schema_latest());
    return 0;
}

static const Command commands[] = {
    {"serve", cmd_serve, "serve the web pages and the API",
     "usage: gongzhi serve [--listen HOST:PORT] [--threads N] [--test-clock]\n"
     "  --listen HOST:PORT  address to listen on (default 127.0.0.1:8080)\n"
     "  --threads N         worker threads (default 4)\n"
     "  --max-body BYTES    largest request body (default 1 MiB); --max-upload for files (8 MiB)\n"
     "  --max-connections N, --max-connections-per-ip N   open connections in all (2048), from one address (64)\n"
     "  --header-timeout S, --body-timeout S   seconds a client has to send headers, a body (10 each)\n"
     "  --secure-cookies    mark cookies Secure (behind TLS)\n"
     "  --jobs-period SEC   seconds between rounds of the timers (default 60); on PostgreSQL one server\n"
     "                      leads them (an advisory lock), another takes over when it dies\n"
     "  --metrics-token T   serve Prometheus metrics at /metrics to \"Authorization: Bearer T\" (16+ characters;\n"
     "                      prefer GONGZHI_METRICS_TOKEN: a command line is visible to every local user)\n"
     "  --test-clock        allow POST /api/debug/clock (test servers only)\n"
     "  --clock-at TIME     with --test-clock: start the clock at TIME (Asia/Shanghai, YYYY-MM-DDTHH:MM)\n"},
    {"init", cmd_init, "create the key file, the database, the community and its first administrator",
     "usage: gongzhi init --community NAME [--street NAME] [--admin USERNAME] [--password PW]\n"
     "  creates the key file (if missing) and applies all migrations; on an empty database\n"
     "  --community NAME    creates the community (合江亭社区), under --street NAME (锦官驿街道) when given,\n"
     "                      and the administrator of the top node (--admin, default admin), whose password\n"
     "                      is --password, GONGZHI_PASSWORD or a line on stdin, else a one-time one printed\n"
     "  without --community: --admin USERNAME only adds a user without a role\n"},
    {"demo", cmd_demo, "build the demo community 合江亭社区 into a new database",
     "usage: gongzhi demo [--seed N] [--force] [--clock-at TIME]\n"
     "  --seed N   the seed of the synthetic people (default 20240601)\n"
     "  --clock-at TIME  build the demo as of TIME (Asia/Shanghai, YYYY-MM-DDTHH:MM), not now\n"
     "  --force    delete an existing SQLite demo database first\n"},
    {"migrate", cmd_migrate, "apply new database migrations", "usage: gongzhi migrate\n"},
    {"user", cmd_user, "add users, set passwords, grant and revoke roles",
     "usage: gongzhi user add USERNAME [--display NAME] [--password PW]\n"
     "       gongzhi user passwd USERNAME [--password PW]\n"
     "       gongzhi user roles USERNAME [--grant ROLE:NODE_ID]... [--revoke ROLE:NODE_ID]...\n"
     "  without --password the password is read from GONGZHI_PASSWORD or one line of stdin\n"
     "  roles: resident building_head micro_grid_worker grid_worker community_staff party_branch\n"
     "         committee property_manager contractor supervisor street_office auditor finance admin\n"},
    {"import", cmd_import, "import households and residents from CSV or XLSX",
     "usage: gongzhi import [--dry-run] FILE\n"
     "  --dry-run  check every row and report problems, write nothing\n"
     "  a real run imports all rows or none\n"},
    {"backup", cmd_backup, "write a consistent copy of the database", "usage: gongzhi backup --out FILE\n"},
    {"restore", cmd_restore, "put a backup into a new, empty database",
     "usage: gongzhi restore --from FILE\n"
     "  --db names the target: a SQLite file that does not exist yet, or an empty PostgreSQL database\n"
     "  (pg_restore in one transaction); the key file (--key-file) must be the one backed up with it\n"},
    {"verify", cmd_verify, "recompute the audit chain and name the first broken link",
     "usage: gongzhi verify [--head] [--expect-head SEQ:HEX]...\n"
     "  checks every link of the audit chain with the key file; exit 0 when it holds, 1 when it is broken\n"
     "  --head                   print only the current head (e.g. 1234:89ab-cdef-0123-4567): publish it\n"
     "                           with each notice or write it down, to check the log against later\n"
     "  --expect-head SEQ:HEX    the chain must still hold this published head (repeatable): catches a\n"
     "                           log cut off after it or rewritten up to it (see docs/audit.md)\n"},
    {"version", cmd_version, "print the version", "usage: gongzhi version\n"},
};
static const int n_commands = (int)(sizeof commands / sizeof commands[0]);

static void usage(FILE *to)
{
    fprintf(to, "gongzhi %s: co-governance of old residential compounds\n\nusage: gongzhi COMMAND [flags]\n\n", GZ_VERSION);
    for (int i = 0; i < n_commands; i++) fprintf(to, "  %-8s %s\n", commands[i].name, commands[i].summary);
    fprintf(to, "\n%s\nRun `gongzhi COMMAND --help` for a command's flags.\n", COMMON_FLAGS);
}

/* Takes the configuration flags out of argv: --config first, then the
 * environment, then every --name value that names a config key. */
static bool parse_config(Config *cfg, int argc, char **argv, Args *rest)
{
    char err[256];
    for (int i = 0; i + 1 < argc; i++)
        if (strcmp(argv[i], "--config") == 0 && !config_load_file(cfg, argv[i + 1], err, sizeof err)) {
            fprintf(stderr, "gongzhi: %s\n", err);
            return false;
        }
    const char *file = getenv("GONGZHI_CONFIG");
    if (file && !config_load_file(cfg, file, err, sizeof err)) {
        fprintf(stderr, "gongzhi: %s\n", err);
        return false;
    }
    if (!config_load_env(cfg, err, sizeof err)) {
        fprintf(stderr, "gongzhi: %s\n", err);
        return false;
    }
    static const char *const valued[] = {"db", "listen", "key-file", "data-dir", "threads", "max-body", "max-upload",
                                         "session-hours", "log-level", "seed", "login-max-per-account",
                                         "login-max-per-ip", "login-max-per-account-unknown", "login-delay-max",
                                         "login-account-delay-max", "login-window", "login-known-days",
                                         "max-connections", "max-connections-per-ip", "header-timeout", "body-timeout", "clock-at",
                                         "metrics-token", "jobs-period", NULL};
    static const char *const switches[] = {"secure-cookies", "trust-proxy", "test-clock", NULL};
    rest->v = calloc((size_t)argc + 1, sizeof *rest->v);
    rest->n = 0;
    for (int i = 0; i < argc; i++) {
        const char *arg = argv[i];
        if (strcmp(arg, "--config") == 0) {
            i++;
            continue;
        }
        bool taken = false;
        if (strncmp(arg, "--", 2) == 0) {
            char key[64];
            snprintf(key, sizeof key, "%s", arg + 2);
            for (char *p = key; *p; p++)
                if (*p == '-') *p = '_';
            for (const char *const *f = valued; *f && !taken; f++)
                if (strcmp(arg + 2, *f) == 0) {
                    if (i + 1 >= argc) {
                        fprintf(stderr, "gongzhi: %s needs a value\n", arg);
                        return false;
                    }
                    if (!config_set(cfg, key, argv[++i], err, sizeof err)) {
                        fprintf(stderr, "gongzhi: %s\n", err);
                        return false;
                    }
                    taken = true;
                }
            for (const char *const *f = switches; *f && !taken; f++)
                if (strcmp(arg + 2, *f) == 0) {
                    if (!config_set(cfg, key, "true", err, sizeof err)) {
                        fprintf(stderr, "gongzhi: %s\n", err);
                        return false;
                    }
                    taken = true;
                }
        }
        if (!taken) rest->v[rest->n++] = argv[i];
    }
    return true;
}

int main(int argc, char **argv)
{
    if (argc < 2 || strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "help") == 0) {
        usage(argc < 2 ? stderr : stdout);
        return argc < 2 ? 2 : 0;
    }
    const Command *cmd = NULL;
    for (int i = 0; i < n_commands; i++)
        if (strcmp(argv[1], commands[i].name) == 0) cmd = &commands[i];
    if (!cmd) {
        fprintf(stderr, "gongzhi: unknown command '%s'\n\n", argv[1]);
        usage(stderr);
        return 2;
    }
    for (int i = 2; i < argc; i++)
        if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
            printf("gongzhi %s: %s\n\n%s\n%s", cmd->name, cmd->summary, cmd->usage, COMMON_FLAGS);
            return 0;
        }
    Config cfg;
    config_defaults(&cfg);
    Args rest = {0, NULL};
    int rc;
    if (!parse_config(&cfg, argc - 2, argv + 2, &rest)) {
        rc = 2;
    } else {
        if (strcmp(cfg.log_level, "debug") == 0) log_set_level(LOG_DEBUG);
        else if (strcmp(cfg.log_level, "warn") == 0) log_set_level(LOG_WARN);
        else if (strcmp(cfg.log_level, "error") == 0) log_set_level(LOG_ERROR);
        g_config = &cfg;
        rc = cmd->run(&cfg, &rest);
    }
    free(rest.v);
    config_free(&cfg);
    return rc;
}
