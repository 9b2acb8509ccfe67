/* migrations.h: the SQL migrations compiled into the binary by tools/embed.c
 * from src/store/migrations/NNN_name[.sqlite|.pg].sql, sorted by version. */
#ifndef GZ_MIGRATIONS_H
#define GZ_MIGRATIONS_H

typedef struct Migration {
    int version;            /* NNN */
    const char *name;       /* "core" for 001_core.sql */
    const char *common_sql; /* NNN_name.sql: portable SQL, run on both backends first */
    const char *sqlite_sql; /* NNN_name.sqlite.sql, run after it on SQLite; NULL when absent */
    const char *pg_sql;     /* NNN_name.pg.sql, run after it on PostgreSQL; NULL when absent */
} Migration;

extern const Migration g_migrations[]; /* ascending version, no duplicates */
extern const int g_n_migrations;

#endif
