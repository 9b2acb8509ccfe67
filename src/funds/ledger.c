/* ledger.c: the double-entry journal: posting balanced entries within the
 * limits, reversing them, and checking that every entry balances and every
 * cached balance and posted total equals what it sums. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "auth/audit.h"
#include "core/buf.h"
#include "core/clock.h"
#include "funds/funds.h"

#define MAX_LINES 5000

static int64_t fail(LedgerError *why, LedgerError what, char *err, size_t errlen, const char *msg)
{
    if (why)
        *why = what;
    snprintf(err, errlen, "%s", msg);
    return 0;
}

int64_t funds_account_by_code(Db *db, int64_t fund_id, const char *code)
{
    int64_t id = 0;
    if (!db_int(db, &id, "SELECT id FROM fund_account WHERE fund_id = ? AND code = ?", DB_I(fund_id), DB_T(code)))
        return 0;
    return id;
}

/* Moves the cached balances by the entry and the fund's posted total by its
 * amount, reading each back from the row it updated (the row is then locked
 * to this transaction, so the figure is the real one even with postings
 * racing on PostgreSQL), and refuses what passes a limit. */
static bool move_balances(Db *db, const LedgerPost *p, int64_t total, LedgerError *why, char *err, size_t errlen)
{
    int64_t *accounts = malloc(sizeof *accounts * (size_t)p->n_lines);
    int64_t *deltas = malloc(sizeof *deltas * (size_t)p->n_lines);
    int m = accounts && deltas ? ledger_account_deltas(p->lines, p->n_lines, accounts, deltas) : -1;
    LedgerError bad = m < 0 ? LEDGER_ERR_STORAGE : LEDGER_ERR_NONE;
    for (int i = 0; !bad && i < m; i++) {
        int64_t after = 0, before;
        if (deltas[i] == 0)
            continue; /* the same account both ways: nothing moves */
        if (!db_int(db, &after, "UPDATE fund_account SET balance = balance + ? WHERE id = ? RETURNING balance",
                    DB_I(deltas[i]), DB_I(accounts[i])))
            bad = LEDGER_ERR_STORAGE;
        else if (__builtin_sub_overflow(after, deltas[i], &before) || !ledger_balance_allowed(before, after))
            bad = LEDGER_ERR_BALANCE_LIMIT;
    }
    free(accounts);
    free(deltas);
    int64_t posted = 0;
    if (!bad && !db_int(db, &posted, "UPDATE fund SET posted_total = posted_total + ? WHERE id = ? RETURNING posted_total",
                        DB_I(total), DB_I(p->fund_id)))
        bad = LEDGER_ERR_STORAGE;
    else if (!bad && posted > FUNDS_FUND_LIMIT)
        bad = LEDGER_ERR_FUND_LIMIT;
    if (bad)
        fail(why, bad, err, errlen,
             bad == LEDGER_ERR_BALANCE_LIMIT ? "科目余额将超出上限"
             : bad == LEDGER_ERR_FUND_LIMIT  ? "资金账户累计发生额将超出上限"
                                             : "无法更新科目余额");
    return !bad;
}

int64_t ledger_post(Db *db, const LedgerPost *p, LedgerError *why, char *err, size_t errlen)
{
    int64_t total = 0;
    if (why)
        *why = LEDGER_ERR_NONE;
    if (p->n_lines > MAX_LINES || !ledger_balanced(p->lines, p->n_lines, &total))
        return fail(why, LEDGER_ERR_INVALID, err, errlen, "分录借贷不平衡或金额无效");
    for (int i = 0; i < p->n_lines; i++) {
        int64_t fund = 0;
        if (!db_int(db, &fund, "SELECT fund_id FROM fund_account WHERE id = ?", DB_I(p->lines[i].account_id)) ||
            fund != p->fund_id)
            return fail(why, LEDGER_ERR_INVALID, err, errlen, "科目不属于这个资金账户");
    }
    if (!move_balances(db, p, total, why, err, errlen))
        return 0;
    int64_t id = 0;
    if (!db_int(db, &id,
                "INSERT INTO journal_entry (fund_id, posted_at, amount, memo, reference, source_entity, source_id, "
                "reverses_id, is_interest, created_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                DB_I(p->fund_id), DB_I(p->posted_at ? p->posted_at : clock_now()), DB_I(total), DB_T(p->memo),
                DB_T(p->reference ? p->reference : ""), DB_T(p->source_entity ? p->source_entity : ""),
                DB_I(p->source_id), p->reverses_id ? DB_I(p->reverses_id) : DB_NULL, DB_I(p->is_interest ? 1 : 0),
                p->actor_id ? DB_I(p->actor_id) : DB_NULL))
        return fail(why, LEDGER_ERR_STORAGE, err, errlen, "无法写入分录");
    Buf lines = BUF_INIT;
    buf_puts(&lines, "[");
    for (int i = 0; i < p->n_lines; i++) {
        const LedgerLine *l = &p->lines[i];
        if (!db_exec(db, "INSERT INTO journal_line (entry_id, account_id, debit, credit) VALUES (?, ?, ?, ?)",
                     DB_I(id), DB_I(l->account_id), DB_I(l->debit), DB_I(l->credit))) {
            buf_free(&lines);
            return fail(why, LEDGER_ERR_STORAGE, err, errlen, "无法写入分录行");
        }
        if (i < 50) /* the audit event names the first lines; the journal keeps them all */
            buf_printf(&lines, "%s{\"account\":%lld,\"debit\":%lld,\"credit\":%lld}", i ? "," : "",
                       (long long)l->account_id, (long long)l->debit, (long long)l->credit);
    }
    buf_puts(&lines, "]");
    /* The database's own word that what was stored balances. */
    int64_t diff = -1, debits = -1;
    if (!db_int(db, &diff, "SELECT SUM(debit) - SUM(credit) FROM journal_line WHERE entry_id = ?", DB_I(id)) ||
        !db_int(db, &debits, "SELECT SUM(debit) FROM journal_line WHERE entry_id = ?", DB_I(id)) || diff != 0 ||
        debits != total) {
        buf_free(&lines);
        return fail(why, LEDGER_ERR_STORAGE, err, errlen, "存储的分录不平衡");
    }
    Buf after = BUF_INIT;
    buf_printf(&after, "{\"fund\":%lld,\"amount\":%lld,\"memo\":%j,\"reverses\":%lld,\"lines\":%s}",
               (long long)p->fund_id, (long long)total, p->memo, (long long)p->reverses_id, buf_str(&lines));
    bool ok = audit_append(db, p->actor_id, "journal_entry", id, p->reverses_id ? "reverse" : "post", NULL,
                           buf_str(&after));
    buf_free(&after);
    buf_free(&lines);
    if (!ok)
        return fail(why, LEDGER_ERR_STORAGE, err, errlen, "无法写入审计日志");
    return id;
}

int64_t ledger_reverse(Db *db, int64_t entry_id, int64_t actor_id, const char *memo, LedgerError *why, char *err,
                       size_t errlen)
{
    int64_t fund = 0, already = 0, is_reversal = 0;
    if (!db_int(db, &fund, "SELECT fund_id FROM journal_entry WHERE id = ?", DB_I(entry_id)))
        return fail(why, LEDGER_ERR_NOT_REVERSIBLE, err, errlen, "找不到这笔分录");
    if (db_int(db, &already, "SELECT id FROM journal_entry WHERE reverses_id = ?", DB_I(entry_id)))
        return fail(why, LEDGER_ERR_NOT_REVERSIBLE, err, errlen, "这笔分录已经冲销");
    if (db_int(db, &is_reversal, "SELECT reverses_id FROM journal_entry WHERE id = ? AND reverses_id IS NOT NULL",
               DB_I(entry_id)))
        return fail(why, LEDGER_ERR_NOT_REVERSIBLE, err, errlen, "冲销分录不能再冲销，请另作分录");
    LedgerLine *lines = NULL;
    int n = 0, cap = 0;
    DbStmt *st = db_query(db, "SELECT account_id, debit, credit FROM journal_line WHERE entry_id = ? ORDER BY id",
                          DB_I(entry_id));
    while (db_step(st) == DB_ROW) {
        if (n == cap) {
            cap = cap ? cap * 2 : 16;
            LedgerLine *grown = realloc(lines, sizeof *lines * (size_t)cap);
            if (!grown)
                break;
            lines = grown;
        }
        lines[n++] = (LedgerLine){db_col_int(st, 0), db_col_int(st, 2), db_col_int(st, 1)};
    }
    if (!db_done(st)) {
        free(lines);
        return fail(why, LEDGER_ERR_STORAGE, err, errlen, "无法读取分录");
    }
    char ref[32]; /* "REV-" and at most 20 digits: never truncated */
    snprintf(ref, sizeof ref, "REV-%lld", (long long)entry_id);
    LedgerPost p = {.fund_id = fund, .actor_id = actor_id, .memo = memo, .reference = ref,
                    .source_entity = "journal_entry", .source_id = entry_id, .reverses_id = entry_id,
                    .lines = lines, .n_lines = n};
    int64_t id = ledger_post(db, &p, why, err, errlen);
    free(lines);
    return id;
}

bool ledger_check(Db *db, LedgerCheck *out)
{
    memset(out, 0, sizeof *out);
    if (!db_int(db, &out->entries, "SELECT COUNT(*) FROM journal_entry") ||
        !db_int(db, &out->lines, "SELECT COUNT(*) FROM journal_line"))
        return false;
    DbStmt *st = db_query(db,
                          "SELECT e.id FROM journal_entry e LEFT JOIN journal_line l ON l.entry_id = e.id "
                          "GROUP BY e.id, e.amount "
                          "HAVING COUNT(l.id) < 2 OR COALESCE(SUM(l.debit), 0) <> COALESCE(SUM(l.credit), 0) "
                          "OR COALESCE(SUM(l.debit), 0) <> e.amount ORDER BY e.id");
    while (db_step(st) == DB_ROW) {
        if (!out->first_bad_entry)
            out->first_bad_entry = db_col_int(st, 0);
        out->unbalanced++;
    }
    if (!db_done(st))
        return false;
    st = db_query(db, "SELECT a.id FROM fund_account a LEFT JOIN journal_line l ON l.account_id = a.id "
                      "GROUP BY a.id, a.balance HAVING a.balance <> COALESCE(SUM(l.debit - l.credit), 0) ORDER BY a.id");
    while (db_step(st) == DB_ROW) {
        if (!out->first_bad_account)
            out->first_bad_account = db_col_int(st, 0);
        out->balance_mismatch++;
    }
    if (!db_done(st))
        return false;
    st = db_query(db, "SELECT f.id FROM fund f LEFT JOIN journal_entry e ON e.fund_id = f.id "
                      "GROUP BY f.id, f.posted_total HAVING f.posted_total <> COALESCE(SUM(e.amount), 0) ORDER BY f.id");
    while (db_step(st) == DB_ROW) {
        if (!out->first_bad_fund)
            out->first_bad_fund = db_col_int(st, 0);
        out->total_mismatch++;
    }
    return db_done(st);
}
