/* demo.h: builds 合江亭社区 at its real size (DOMAIN.md) with synthetic
 * people, deterministic from a seed, plus one demo account per role. */
#ifndef GZ_DEMO_H
#define GZ_DEMO_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "store/db.h"

typedef struct DemoStats {
    int compounds, grids, micro_grids, buildings, units, households, persons, owners, shops, orgs, users;
} DemoStats;

/* Fills an empty, migrated database. All demo accounts get password "demo". */
bool demo_build(Db *db, uint64_t seed, DemoStats *st, char *err, size_t errlen);

/* The demo accounts, for the listing printed by `gongzhi demo`. */
typedef struct DemoAccount { const char *username; const char *role; const char *what_zh; } DemoAccount;
extern const DemoAccount g_demo_accounts[];
extern const int g_n_demo_accounts;

#endif
