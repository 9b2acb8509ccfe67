/* test_ledger.c: what makes an entry balanced, checked sums and the
 * balance limit, and the ledger's invariants (every entry balances, every
 * cached balance and posted total equals its lines, the books sum to zero)
 * on a real SQLite database under a long random sequence of postings,
 * reversals, receipts, refused entries and payments, and at the limits. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "auth/audit.h"
#include "funds/funds.h"
#include "grid/flat.h"
#include "core/clock.h"
#include "funds/funds_int.h"
#include "store/db.h"

static void what_balances(void **state)
{
    (void)state;
    static const struct {
        LedgerLine l[4];
        int n;
        bool ok;
        int64_t total;
        const char *why;
    } cases[] = {
        {{{1, 100, 0}, {2, 0, 100}}, 2, true, 100, "one debit, one credit"},
        {{{1, 300, 0}, {2, 0, 100}, {3, 0, 200}}, 3, true, 300, "one debit, two credits"},
        {{{1, 100, 0}, {2, 0, 99}}, 2, false, 0, "a fen short"},
        {{{1, 100, 0}}, 1, false, 0, "a single line"},
        {{{1, 0, 0}, {2, 0, 0}}, 2, false, 0, "zero lines"},
        {{{1, 100, 100}, {2, 0, 0}}, 2, false, 0, "a line with both sides"},
        {{{1, -100, 0}, {2, 0, -100}}, 2, false, 0, "negative amounts"},
        {{{1, INT64_MAX, 0}, {2, 0, INT64_MAX}}, 2, false, 0, "beyond any real sum"},
        {{{1, 100, 0}, {1, 0, 100}}, 2, true, 100, "the same account both ways still balances"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        int64_t total = 0;
        bool ok = ledger_balanced(cases[i].l, cases[i].n, &total);
        if (ok != cases[i].ok || (ok && total != cases[i].total))
            fail_msg("%s", cases[i].why);
    }
    assert_false(ledger_balanced(NULL, 2, NULL));
}

static void sums_are_checked(void **state)
{
    (void)state;
    static const struct {
        int64_t acc, v, limit;
        bool ok;
        int64_t want;
    } cases[] = {
        {1, 2, INT64_MAX, true, 3},
        {INT64_MAX - 1, 1, INT64_MAX, true, INT64_MAX},
        {INT64_MAX, 1, INT64_MAX, false, INT64_MAX},              /* overflow: refused, unchanged */
        {-INT64_MAX, -1, INT64_MAX, false, -INT64_MAX},            /* below -limit */
        {INT64_MIN + 1, -2, INT64_MAX, false, INT64_MIN + 1},      /* wraps */
        {FUNDS_MONEY_LIMIT - 1, 1, FUNDS_MONEY_LIMIT, true, FUNDS_MONEY_LIMIT}, /* exactly the limit */
        {FUNDS_MONEY_LIMIT, 1, FUNDS_MONEY_LIMIT, false, FUNDS_MONEY_LIMIT},    /* one fen beyond */
        {-FUNDS_MONEY_LIMIT, -1, FUNDS_MONEY_LIMIT, false, -FUNDS_MONEY_LIMIT}, /* the other sign */
        {FUNDS_MONEY_LIMIT, -FUNDS_MONEY_LIMIT, FUNDS_MONEY_LIMIT, true, 0},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        int64_t acc = cases[i].acc;
        if (funds_add(&acc, cases[i].v, cases[i].limit) != cases[i].ok || acc != cases[i].want)
            fail_msg("case %zu: %lld + %lld within %lld", i, (long long)cases[i].acc, (long long)cases[i].v,
                     (long long)cases[i].limit);
    }
}

static void balance_limit(void **state)
{
    (void)state;
    const int64_t L = FUNDS_MONEY_LIMIT;
    static const struct {
        int64_t before, after;
        bool ok;
    } cases[] = {
        {0, FUNDS_MONEY_LIMIT, true},             /* up to the limit */
        {0, -FUNDS_MONEY_LIMIT, true},            /* either sign */
        {FUNDS_MONEY_LIMIT, FUNDS_MONEY_LIMIT + 1, false},
        {-FUNDS_MONEY_LIMIT, -FUNDS_MONEY_LIMIT - 1, false},
        {0, INT64_MAX, false},
        /* an account beyond (from before the limit) may be brought back, not further out or across zero */
        {FUNDS_MONEY_LIMIT * 3, FUNDS_MONEY_LIMIT * 2, true},
        {FUNDS_MONEY_LIMIT * 3, FUNDS_MONEY_LIMIT * 3 + 1, false},
        {-FUNDS_MONEY_LIMIT * 3, -FUNDS_MONEY_LIMIT * 2, true},
        {FUNDS_MONEY_LIMIT * 3, -FUNDS_MONEY_LIMIT * 2, false},
        {FUNDS_MONEY_LIMIT * 3, 5, true},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        if (ledger_balance_allowed(cases[i].before, cases[i].after) != cases[i].ok)
            fail_msg("case %zu: %lld -> %lld (limit %lld)", i, (long long)cases[i].before, (long long)cases[i].after,
                     (long long)L);
}

static void deltas_per_account(void **state)
{
    (void)state;
    LedgerLine l[] = {{7, 100, 0}, {3, 0, 60}, {7, 0, 30}, {3, 0, 10}, {9, 0, 0}};
    int64_t acc[5], d[5];
    int m = ledger_account_deltas(l, 5, acc, d);
    assert_int_equal(m, 3);
    assert_int_equal(acc[0], 3); /* ascending account id */
    assert_int_equal(d[0], -70);
    assert_int_equal(acc[1], 7);
    assert_int_equal(d[1], 70);
    assert_int_equal(acc[2], 9);
    assert_int_equal(d[2], 0);
    LedgerLine huge[] = {{1, INT64_MAX, 0}, {1, INT64_MAX, 0}};
    assert_int_equal(ledger_account_deltas(huge, 2, acc, d), -1);
    assert_int_equal(ledger_account_deltas(l, 0, acc, d), 0);
}

typedef struct {
    char dir[64];
    Db *db;
    Arena *arena;
} Fixture;

static void exec_or_fail(Db *db, bool ok, const char *what)
{
    if (!ok)
        fail_msg("%s: %s", what, db_errmsg(db));
}

/* A street > community > grid > micro-grid > compound > building > unit
 * with ten households, four users, and the compound's funds. */
static int setup(void **state)
{
    Fixture *f = calloc(1, sizeof *f);
    snprintf(f->dir, sizeof f->dir, "/tmp/gz_test_ledger_XXXXXX");
    if (!mkdtemp(f->dir))
        return -1;
    char url[128], err[256];
    snprintf(url, sizeof url, "sqlite:%s/l.db", f->dir);
    f->db = db_open(url, err, sizeof err);
    if (!f->db || !db_migrate(f->db, err, sizeof err)) {
        fprintf(stderr, "db: %s\n", err);
        return -1;
    }
    audit_key_set((const unsigned char[32]){1}); /* the key file's loader does this in the program */
    Db *db = f->db;
    static const char *const kinds[] = {"street", "community", "grid", "micro_grid", "compound", "building", "unit"};
    char path[200] = "/";
    db_begin(db, true);
    for (int i = 0; i < 7; i++) {
        char *end = path + strlen(path);
        snprintf(end, sizeof path - strlen(path), "%d/", i + 1);
        exec_or_fail(db, db_exec(db, "INSERT INTO node (id, parent_id, kind, name, path, created_at, updated_at) VALUES (?, ?, ?, ?, ?, 0, 0)",
                                 DB_I(i + 1), i ? DB_I(i) : DB_NULL, DB_T(kinds[i]), DB_T(kinds[i]), DB_T(path)),
                     "node");
    }
    for (int h = 0; h < 10; h++) {
        char hp[220], door[8];
        snprintf(hp, sizeof hp, "%s%d/", path, 100 + h);
        snprintf(door, sizeof door, "%d", 101 + h);
        exec_or_fail(db, db_exec(db, "INSERT INTO node (id, parent_id, kind, name, path, created_at, updated_at) VALUES (?, 7, 'household', ?, ?, 0, 0)",
                                 DB_I(100 + h), DB_T(door), DB_T(hp)), "household node");
        int64_t flat = 0;
        exec_or_fail(db, flat_create(db, 7, 5, door, 5000 + 137 * h, "register", 0, &flat), "flat");
        exec_or_fail(db, db_exec(db, "INSERT INTO household (node_id, flat_id, unit_id, building_id, compound_id, grid_id, door, address) "
                                     "VALUES (?, ?, 7, 6, 5, 3, ?, ?)",
                                 DB_I(100 + h), DB_I(flat), DB_T(door), DB_T(door)), "household");
    }
    static const char *const users[] = {"requester", "sup", "fin", "com"};
    for (int u = 0; u < 4; u++)
        exec_or_fail(db, db_exec(db, "INSERT INTO app_user (id, username, display_name, pw_hash, created_at, updated_at) VALUES (?, ?, ?, 'x', 0, 0)",
                                 DB_I(u + 1), DB_T(users[u]), DB_T(users[u])), "user");
    f->arena = arena_new();
    Ctx c = {db, f->arena, NULL, clock_now()};
    FundsErr e;
    if (!funds_setup_compound(&c, 5, 3, &e))
        fail_msg("setup: FundsMsg %d %s", (int)e.msg, e.detail ? e.detail : "");
    exec_or_fail(db, db_commit(db), "commit");
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    Fixture *f = *state;
    db_close(f->db);
    arena_free(f->arena);
    char file[128];
    const char *suffix[] = {"", "-wal", "-shm"};
    for (int i = 0; i < 3; i++) {
        snprintf(file, sizeof file, "%s/l.db%s", f->dir, suffix[i]);
        unlink(file);
    }
    rmdir(f->dir);
    free(f);
    return 0;
}

static uint64_t next(uint64_t *s)
{
    *s ^= *s << 13;
    *s ^= *s >> 7;
    *s ^= *s << 17;
    return *s;
}

static int64_t one(Db *db, const char *what, bool ok, int64_t v)
{
    if (!ok)
        fail_msg("%s: %s", what, db_errmsg(db));
    return v;
}

static void invariants_hold(Db *db, int step)
{
    LedgerCheck c;
    assert_true(ledger_check(db, &c));
    if (c.unbalanced || c.balance_mismatch || c.total_mismatch)
        fail_msg("step %d: %lld unbalanced entries (first %lld), %lld mismatched balances (first %lld), "
                 "%lld mismatched posted totals (first fund %lld)",
                 step, (long long)c.unbalanced, (long long)c.first_bad_entry, (long long)c.balance_mismatch,
                 (long long)c.first_bad_account, (long long)c.total_mismatch, (long long)c.first_bad_fund);
    int64_t sum = -1;
    one(db, "sum", db_int(db, &sum, "SELECT COALESCE(SUM(balance), 0) FROM fund_account"), 0);
    if (sum != 0)
        fail_msg("step %d: the books do not sum to zero (%lld)", step, (long long)sum);
}

static void invariants_hold_under_random_operations(void **state)
{
    Fixture *f = *state;
    Db *db = f->db;
    Ctx c = {db, f->arena, NULL, clock_now()};
    uint64_t rng = 0x5EED5EEDull;
    int64_t fund = 0, maint = 0, levy = 0;
    one(db, "fund", db_int(db, &fund, "SELECT id FROM fund WHERE kind = 'renovation'"), 0);
    one(db, "maint", db_int(db, &maint, "SELECT id FROM fund WHERE kind = 'maintenance'"), 0);
    FundsErr e;
    int n;
    db_begin(db, true);
    assert_true(funds_levy_create(&c, maint, "levy", LEVY_PER_AREA, 500, 0, 3, &levy, &n, &e));
    assert_int_equal(n, 10);
    db_commit(db);
    static const char *const codes[] = {"1001", "4001", "4002", "4003", "4004", "5001", "5002"};
    int refused = 0, reversed = 0, paid = 0, receipts = 0;
    for (int step = 0; step < 300; step++) {
        assert_true(db_begin(db, true));
        LedgerError why = LEDGER_ERR_NONE;
        char err[160];
        switch (next(&rng) % 6) {
        case 0: { /* income */
            IncomeInput in = {"subsidy", "区住建局", "补助", "", NULL, (int64_t)(next(&rng) % 5000000) + 1, 0, 0, 0};
            int64_t id;
            assert_true(funds_income_record(&c, fund, "renovation", 3, &in, &id, &e));
            break;
        }
        case 1: { /* a random balanced entry over 2..5 lines */
            LedgerLine l[5];
            int k = 2 + (int)(next(&rng) % 4);
            int64_t total = 0;
            for (int i = 0; i < k - 1; i++) {
                int64_t amt = (int64_t)(next(&rng) % 100000) + 1;
                l[i] = (LedgerLine){funds_account_by_code(db, fund, codes[next(&rng) % 7]), amt, 0};
                total += amt;
            }
            l[k - 1] = (LedgerLine){funds_account_by_code(db, fund, codes[next(&rng) % 7]), 0, total};
            LedgerPost p = {.fund_id = fund, .actor_id = 3, .memo = "随机分录", .lines = l, .n_lines = k};
            assert_true(ledger_post(db, &p, &why, err, sizeof err) > 0);
            break;
        }
        case 2: { /* an unbalanced entry, or one naming another fund's account: refused, nothing written */
            int64_t before = 0, after = 0;
            db_int(db, &before, "SELECT COUNT(*) FROM journal_line");
            LedgerLine l[2] = {{funds_account_by_code(db, fund, "5001"), 100, 0},
                               {funds_account_by_code(db, next(&rng) % 2 ? fund : maint, "1001"), 0,
                                next(&rng) % 2 ? 99 : 100}};
            LedgerPost p = {.fund_id = fund, .actor_id = 3, .memo = "坏分录", .lines = l, .n_lines = 2};
            if (l[1].credit == 100 && l[1].account_id == funds_account_by_code(db, fund, "1001"))
                l[1].credit = 101; /* make sure it is a bad one */
            assert_int_equal(ledger_post(db, &p, &why, err, sizeof err), 0);
            assert_int_equal(why, LEDGER_ERR_INVALID);
            db_int(db, &after, "SELECT COUNT(*) FROM journal_line");
            assert_int_equal(before, after);
            refused++;
            break;
        }
        case 3: { /* reverse a random entry that is neither reversed nor a reversal */
            int64_t id = 0;
            if (db_int(db, &id,
                       "SELECT id FROM journal_entry e WHERE e.reverses_id IS NULL AND NOT EXISTS "
                       "(SELECT 1 FROM journal_entry r WHERE r.reverses_id = e.id) AND e.fund_id = ? ORDER BY id LIMIT 1 OFFSET ?",
                       DB_I(fund), DB_I((int64_t)(next(&rng) % 5))) &&
                ledger_reverse(db, id, 3, "冲销", &why, err, sizeof err) > 0) {
                reversed++;
                assert_int_equal(ledger_reverse(db, id, 3, "再冲", &why, err, sizeof err), 0);
                assert_int_equal(why, LEDGER_ERR_NOT_REVERSIBLE);
            }
            break;
        }
        case 4: { /* a partial receipt of the levy */
            int64_t hh = 100 + (int64_t)(next(&rng) % 10), due = 0, paid_so_far = 0, pid;
            db_int(db, &due, "SELECT due FROM levy_charge WHERE levy_id = ? AND household_id = ?", DB_I(levy), DB_I(hh));
            db_int(db, &paid_so_far, "SELECT paid FROM levy_charge WHERE levy_id = ? AND household_id = ?", DB_I(levy), DB_I(hh));
            int64_t left = due - paid_so_far;
            if (left > 0) {
                int64_t amt = 1 + (int64_t)(next(&rng) % (uint64_t)left);
                assert_true(funds_levy_pay(&c, levy, hh, amt, "cash", 0, 3, &pid, NULL, &e));
                receipts++;
            } else {
                assert_false(funds_levy_pay(&c, levy, hh, 1, "cash", 0, 3, &pid, NULL, &e));
                assert_int_equal(e.msg, FM_OVERPAID);
            }
            break;
        }
        default: { /* a payment through its three signatures */
            int64_t pid, cash = 0;
            const char *basis[] = {"合同.pdf"};
            PaymentInput in = {fund, 1, (int64_t)(next(&rng) % 3000000) + 1, 0, 0, "施工单位", "", "进度款", "works", "项目",
                               NULL, basis, 1};
            assert_true(funds_payment_create(&c, &in, &pid, &e));
            assert_true(funds_payment_sign(&c, pid, ROLE_SUPERVISOR, 2, true, NULL, &e));
            assert_false(funds_payment_disburse(&c, pid, 3, &e)); /* one signature is not enough */
            assert_int_equal(e.msg, FM_NOT_APPROVED);
            assert_true(funds_payment_sign(&c, pid, ROLE_FINANCE, 3, true, NULL, &e));
            assert_true(funds_payment_sign(&c, pid, ROLE_COMMITTEE, 4, true, NULL, &e));
            db_int(db, &cash, "SELECT balance FROM fund_account WHERE fund_id = ? AND code = '1001'", DB_I(fund));
            if (cash >= in.amount) {
                assert_true(funds_payment_disburse(&c, pid, 3, &e));
                paid++;
            } else {
                assert_false(funds_payment_disburse(&c, pid, 3, &e));
                assert_int_equal(e.msg, FM_INSUFFICIENT_FUNDS);
            }
            break;
        }
        }
        assert_true(db_commit(db));
        invariants_hold(db, step);
    }
    /* the sequence really exercised every kind of operation */
    assert_true(refused > 10 && reversed > 5 && paid > 5 && receipts > 10);
}

static int64_t count_of(Db *db, const char *what)
{
    int64_t n = -1;
    if (strcmp(what, "entries") == 0)
        db_int(db, &n, "SELECT COUNT(*) FROM journal_entry");
    else
        db_int(db, &n, "SELECT COUNT(*) FROM journal_line");
    return n;
}

/* Large entries up to the limit are posted; the one fen beyond is refused
 * and, rolled back as every handler does, leaves nothing; a fund at the
 * limit of its journal takes no more; the check sees a posted total that
 * does not match. */
static void limits_hold(void **state)
{
    Fixture *f = *state;
    Db *db = f->db;
    int64_t fund = 0, bank, income, spend;
    one(db, "fund", db_int(db, &fund, "SELECT id FROM fund WHERE kind = 'autonomy'"), 0);
    bank = funds_account_by_code(db, fund, "1001");
    income = funds_account_by_code(db, fund, "4001");
    spend = funds_account_by_code(db, fund, "5001");
    LedgerError why = LEDGER_ERR_NONE;
    char err[160];
    /* four entries of 2.5·10^14 bring the bank to exactly 10^15 */
    for (int i = 0; i < 4; i++) {
        assert_true(db_begin(db, true));
        LedgerLine l[2] = {{bank, FUNDS_MONEY_LIMIT / 4, 0}, {income, 0, FUNDS_MONEY_LIMIT / 4}};
        LedgerPost p = {.fund_id = fund, .actor_id = 3, .memo = "大额收入", .lines = l, .n_lines = 2};
        assert_true(ledger_post(db, &p, &why, err, sizeof err) > 0);
        assert_true(db_commit(db));
    }
    int64_t bal = 0;
    one(db, "bank", db_int(db, &bal, "SELECT balance FROM fund_account WHERE id = ?", DB_I(bank)), 0);
    assert_int_equal(bal, FUNDS_MONEY_LIMIT);
    int64_t entries = count_of(db, "entries"), lines = count_of(db, "lines"), posted = 0;
    one(db, "posted", db_int(db, &posted, "SELECT posted_total FROM fund WHERE id = ?", DB_I(fund)), 0);
    assert_int_equal(posted, FUNDS_MONEY_LIMIT);
    /* one fen more on the bank: refused */
    assert_true(db_begin(db, true));
    LedgerLine more[2] = {{bank, 1, 0}, {income, 0, 1}};
    LedgerPost p = {.fund_id = fund, .actor_id = 3, .memo = "再收一分", .lines = more, .n_lines = 2};
    assert_int_equal(ledger_post(db, &p, &why, err, sizeof err), 0);
    assert_int_equal(why, LEDGER_ERR_BALANCE_LIMIT);
    db_rollback(db);
    /* the income account is at -10^15: one fen more of income is refused on its side too */
    assert_true(db_begin(db, true));
    LedgerLine other[2] = {{spend, 1, 0}, {income, 0, 1}};
    p.lines = other;
    assert_int_equal(ledger_post(db, &p, &why, err, sizeof err), 0);
    assert_int_equal(why, LEDGER_ERR_BALANCE_LIMIT);
    db_rollback(db);
    assert_int_equal(count_of(db, "entries"), entries);
    assert_int_equal(count_of(db, "lines"), lines);
    one(db, "bank", db_int(db, &bal, "SELECT balance FROM fund_account WHERE id = ?", DB_I(bank)), 0);
    assert_int_equal(bal, FUNDS_MONEY_LIMIT);
    /* spending brings it back under; a reversal of it is refused (it would pass the limit again) */
    assert_true(db_begin(db, true));
    LedgerLine out[2] = {{spend, 500, 0}, {bank, 0, 500}};
    p.lines = out;
    int64_t spent = ledger_post(db, &p, &why, err, sizeof err);
    assert_true(spent > 0);
    assert_true(db_commit(db));
    assert_true(db_begin(db, true));
    LedgerLine in[2] = {{bank, 400, 0}, {spend, 0, 400}};
    p.lines = in;
    assert_true(ledger_post(db, &p, &why, err, sizeof err) > 0);
    assert_true(db_commit(db));
    assert_true(db_begin(db, true));
    assert_int_equal(ledger_reverse(db, spent, 3, "冲销", &why, err, sizeof err), 0);
    assert_int_equal(why, LEDGER_ERR_BALANCE_LIMIT);
    db_rollback(db);
    invariants_hold(db, -1);
    /* a fund whose journal is at its limit takes nothing more */
    exec_or_fail(db, db_exec(db, "UPDATE fund SET posted_total = ? WHERE id = ?", DB_I(FUNDS_FUND_LIMIT - 99), DB_I(fund)),
                 "posted_total");
    LedgerCheck c;
    assert_true(ledger_check(db, &c));
    assert_int_equal(c.total_mismatch, 1);
    assert_int_equal(c.first_bad_fund, fund);
    assert_true(db_begin(db, true));
    LedgerLine small[2] = {{spend, 100, 0}, {bank, 0, 100}};
    p.lines = small;
    assert_int_equal(ledger_post(db, &p, &why, err, sizeof err), 0);
    assert_int_equal(why, LEDGER_ERR_FUND_LIMIT);
    db_rollback(db);
    assert_true(db_begin(db, true));
    small[0].debit = small[1].credit = 99;
    assert_true(ledger_post(db, &p, &why, err, sizeof err) > 0); /* exactly to the limit */
    db_rollback(db);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(what_balances),
        cmocka_unit_test(sums_are_checked),
        cmocka_unit_test(balance_limit),
        cmocka_unit_test(deltas_per_account),
        cmocka_unit_test_setup_teardown(limits_hold, setup, teardown),
        cmocka_unit_test_setup_teardown(invariants_hold_under_random_operations, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
