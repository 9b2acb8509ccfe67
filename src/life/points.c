/* points.c: the volunteer points ledger (life_points_account, _entry, _line)
 * and its catalogue (life_reward, life_redemption). Double-entry like the
 * money: an award moves points from the system account 'issued' to a
 * person, a redemption from the person to 'spent', so all balances sum to
 * zero. A person's balance and a reward's stock move by a conditional UPDATE
 * that reads the row back: the row is then locked to this transaction, and
 * two redemptions racing for the last points or the last voucher cannot both
 * pass (PostgreSQL re-checks the condition on the newest row). */
#include <stdio.h>
#include <string.h>

#include "life/life_int.h"

static const char *kind_name(LifePointsKind k)
{
    return k == LP_EVENT ? "event" : k == LP_SHIFT ? "shift" : "service";
}

/* The account of a person (created on first use) or of the system. */
static bool account_of(const Ctx *c, const char *kind, int64_t user_id, int64_t *id, LifeErr *e)
{
    bool person = !strcmp(kind, "person");
    DbStmt *st = person ? db_query(c->db, "SELECT id FROM life_points_account WHERE kind = 'person' AND user_id = ?",
                                   DB_I(user_id))
                        : db_query(c->db, "SELECT id FROM life_points_account WHERE kind = ?", DB_T(kind));
    *id = 0;
    if (db_step(st) == DB_ROW)
        *id = db_col_int(st, 0);
    if (!db_done(st))
        return life_err_db(e, c->db);
    if (*id)
        return true;
    if (!db_int(c->db, id,
                "INSERT INTO life_points_account (kind, user_id, created_at) VALUES (?, ?, ?) RETURNING id",
                DB_T(kind), person ? DB_I(user_id) : DB_NULL, DB_I(c->now)))
        return life_err_db(e, c->db);
    return true;
}

/* Moves an account by delta; a person's never below zero (false, *short_of set). */
static bool move(const Ctx *c, int64_t account, int64_t delta, bool *short_of, LifeErr *e)
{
    DbStmt *st = db_query(c->db,
                          "UPDATE life_points_account SET balance = balance + ? WHERE id = ? AND "
                          "(kind <> 'person' OR balance + ? >= 0) RETURNING balance",
                          DB_I(delta), DB_I(account), DB_I(delta));
    bool found = db_step(st) == DB_ROW;
    if (!db_done(st))
        return life_err_db(e, c->db);
    *short_of = !found;
    return found || life_err(e, LM_NOT_ENOUGH_POINTS, "points");
}

/* Writes one entry of two lines: amount from `from` to `to`. */
static bool post(const Ctx *c, const char *kind, const char *dedupe, int64_t from, int64_t to, int64_t amount,
                 const char *memo, int64_t reverses, int64_t *entry, LifeErr *e)
{
    if (dedupe) {
        int64_t dup = 0;
        if (!db_int(c->db, &dup, "SELECT COUNT(*) FROM life_points_entry WHERE dedupe = ?", DB_T(dedupe)))
            return life_err_db(e, c->db);
        if (dup)
            return life_err(e, LM_ALREADY_AWARDED, NULL);
    }
    bool short_of;
    /* the account that gives first: a person short of points stops here */
    if (!move(c, from, -amount, &short_of, e) || !move(c, to, amount, &short_of, e))
        return false;
    if (!db_int(c->db, entry,
                "INSERT INTO life_points_entry (kind, dedupe, memo, amount, reverses, created_by, created_at) "
                "VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id",
                DB_T(kind), DB_T(dedupe), DB_T(memo ? memo : ""), DB_I(amount), reverses ? DB_I(reverses) : DB_NULL,
                DB_I(ctx_actor(c)), DB_I(c->now)) ||
        !db_exec(c->db, "INSERT INTO life_points_line (entry_id, account_id, delta) VALUES (?, ?, ?), (?, ?, ?)",
                 DB_I(*entry), DB_I(from), DB_I(-amount), DB_I(*entry), DB_I(to), DB_I(amount)))
        return life_err_db(e, c->db);
    return life_audit(c, "life_points_entry", *entry, kind,
                      arena_printf(c->arena, "{\"amount\":%lld}", (long long)amount), e);
}

bool life_points_award(const Ctx *c, int64_t user_id, LifePointsKind kind, const char *dedupe, int64_t amount,
                       const char *memo, int64_t *entry_out, LifeErr *e)
{
    int64_t issued, person;
    if (amount <= 0)
        return life_err(e, LM_BAD_STATUS, "amount");
    return account_of(c, "issued", 0, &issued, e) && account_of(c, "person", user_id, &person, e) &&
           post(c, kind_name(kind), dedupe, issued, person, amount, memo, 0, entry_out, e);
}

bool life_points_balance(const Ctx *c, int64_t user_id, int64_t *balance, bool *public_out, LifeErr *e)
{
    DbStmt *st = db_query(c->db, "SELECT balance, public FROM life_points_account WHERE kind = 'person' AND user_id = ?",
                          DB_I(user_id));
    *balance = 0;
    *public_out = true;
    if (db_step(st) == DB_ROW) {
        *balance = db_col_int(st, 0);
        *public_out = db_col_int(st, 1) != 0;
    }
    return db_done(st) || life_err_db(e, c->db);
}

bool life_points_redeem(const Ctx *c, int64_t user_id, int64_t reward_id, int64_t *redemption_out, LifeErr *e)
{
    LifeReward rw;
    int64_t person, spent, entry, stock;
    if (!life_reward_get(c, reward_id, &rw, e))
        return false;
    DbStmt *st = db_query(c->db, "UPDATE life_reward SET stock = stock - 1 WHERE id = ? AND stock > 0 RETURNING stock",
                          DB_I(reward_id));
    bool took = db_step(st) == DB_ROW;
    if (took)
        stock = db_col_int(st, 0);
    if (!db_done(st))
        return life_err_db(e, c->db);
    if (!took)
        return life_err(e, LM_OUT_OF_STOCK, "reward_id");
    (void)stock;
    if (!account_of(c, "person", user_id, &person, e) || !account_of(c, "spent", 0, &spent, e) ||
        !post(c, "redeem", NULL, person, spent, rw.cost, rw.name, 0, &entry, e))
        return false;
    if (!db_int(c->db, redemption_out,
                "INSERT INTO life_redemption (reward_id, user_id, entry_id, created_at) VALUES (?, ?, ?, ?) RETURNING id",
                DB_I(reward_id), DB_I(user_id), DB_I(entry), DB_I(c->now)))
        return life_err_db(e, c->db);
    return life_audit(c, "life_redemption", *redemption_out, "redeem", NULL, e);
}

bool life_points_reverse(const Ctx *c, int64_t entry_id, int64_t *entry_out, LifeErr *e)
{
    int64_t from = 0, to = 0, amount = 0, reverses = 0, already = 0;
    DbStmt *st = db_query(c->db,
                          "SELECT e.amount, COALESCE(e.reverses, 0), l.account_id, l.delta FROM life_points_entry e "
                          "JOIN life_points_line l ON l.entry_id = e.id WHERE e.id = ?",
                          DB_I(entry_id));
    while (db_step(st) == DB_ROW) {
        amount = db_col_int(st, 0);
        reverses = db_col_int(st, 1);
        if (db_col_int(st, 3) < 0)
            from = db_col_int(st, 2);
        else
            to = db_col_int(st, 2);
    }
    if (!db_done(st))
        return life_err_db(e, c->db);
    if (!amount)
        return life_err(e, LM_NO_SUCH_ENTRY, "id");
    if (!db_int(c->db, &already, "SELECT COUNT(*) FROM life_points_entry WHERE reverses = ?", DB_I(entry_id)))
        return life_err_db(e, c->db);
    if (reverses || already)
        return life_err(e, LM_NOT_REVERSIBLE, "id");
    /* the compensating entry: the same amount back; a person who spent the points already cannot go below zero */
    return post(c, "correction", NULL, to, from, amount, arena_printf(c->arena, "冲正#%lld", (long long)entry_id),
                entry_id, entry_out, e);
}

bool life_points_set_public(const Ctx *c, int64_t user_id, bool pub, LifeErr *e)
{
    int64_t person;
    if (!account_of(c, "person", user_id, &person, e))
        return false;
    if (!db_exec(c->db, "UPDATE life_points_account SET public = ? WHERE id = ?", DB_I(pub ? 1 : 0), DB_I(person)))
        return life_err_db(e, c->db);
    return life_audit(c, "life_points_account", person, pub ? "board_in" : "board_out", NULL, e);
}

bool life_points_check(const Ctx *c, int64_t *sum_balances, int64_t *sum_lines, int64_t *mismatched, LifeErr *e)
{
    if (!db_int(c->db, sum_balances, "SELECT COALESCE(SUM(balance), 0) FROM life_points_account") ||
        !db_int(c->db, sum_lines, "SELECT COALESCE(SUM(delta), 0) FROM life_points_line") ||
        !db_int(c->db, mismatched,
                "SELECT COUNT(*) FROM life_points_account a WHERE a.balance <> "
                "(SELECT COALESCE(SUM(l.delta), 0) FROM life_points_line l WHERE l.account_id = a.id)"))
        return life_err_db(e, c->db);
    return true;
}

int life_points_ledger(const Ctx *c, int64_t user_id, int64_t after, int limit, LifePointsLine *out, LifeErr *e)
{
    int64_t person = 0;
    DbStmt *st = db_query(c->db, "SELECT id FROM life_points_account WHERE kind = 'person' AND user_id = ?",
                          DB_I(user_id));
    if (db_step(st) == DB_ROW)
        person = db_col_int(st, 0);
    if (!db_done(st))
        return life_err_db(e, c->db), -1;
    if (!person)
        return 0;
    int64_t ids[LIFE_PAGE_MAX];
    int n = 0;
    st = db_query(c->db, LIFE_POINTS_LINES, DB_I(person), DB_I(after ? after : INT64_MAX), DB_I(limit));
    while (n < limit && n < LIFE_PAGE_MAX && db_step(st) == DB_ROW)
        ids[n++] = db_col_int(st, 0);
    if (!db_done(st))
        return life_err_db(e, c->db), -1;
    for (int i = 0; i < n; i++) {
        st = db_query(c->db,
                      "SELECT l.id, l.entry_id, l.delta, e.created_at, e.kind, e.memo FROM life_points_line l "
                      "JOIN life_points_entry e ON e.id = l.entry_id WHERE l.id = ?",
                      DB_I(ids[i]));
        if (db_step(st) == DB_ROW)
            out[i] = (LifePointsLine){db_col_int(st, 0),
                                      db_col_int(st, 1),
                                      db_col_int(st, 2),
                                      db_col_int(st, 3),
                                      arena_strdup(c->arena, db_col_text(st, 4)),
                                      arena_strdup(c->arena, db_col_text(st, 5))};
        if (!db_done(st))
            return life_err_db(e, c->db), -1;
    }
    return n;
}

int life_points_board(const Ctx *c, int limit, LifeBoardRow *out, LifeErr *e)
{
    DbStmt *st = db_query(c->db, LIFE_POINTS_BOARD, DB_I(limit));
    int n = 0;
    while (n < limit && db_step(st) == DB_ROW) {
        out[n] = (LifeBoardRow){db_col_int(st, 1), db_col_int(st, 2), db_col_int(st, 0)};
        n++;
    }
    if (!db_done(st))
        return life_err_db(e, c->db), -1;
    return n;
}

bool life_reward_create(const Ctx *c, int64_t node_id, const char *name, int64_t cost, int64_t stock, int64_t *id_out,
                        LifeErr *e)
{
    NodeInfo n;
    if (!life_node(c, node_id, &n, e))
        return false;
    if (!db_int(c->db, id_out,
                "INSERT INTO life_reward (node_id, node_path, name, cost, stock, created_at) VALUES (?, ?, ?, ?, ?, ?) "
                "RETURNING id",
                DB_I(n.id), DB_T(n.path), DB_T(name), DB_I(cost), DB_I(stock), DB_I(c->now)))
        return life_err_db(e, c->db);
    return life_audit(c, "life_reward", *id_out, "create", NULL, e);
}

bool life_reward_get(const Ctx *c, int64_t id, LifeReward *out, LifeErr *e)
{
    DbStmt *st = db_query(c->db, "SELECT id, node_id, cost, stock, node_path, name FROM life_reward WHERE id = ?",
                          DB_I(id));
    bool found = false;
    if (db_step(st) == DB_ROW) {
        *out = (LifeReward){db_col_int(st, 0), db_col_int(st, 1), db_col_int(st, 2), db_col_int(st, 3),
                            arena_strdup(c->arena, db_col_text(st, 4)), arena_strdup(c->arena, db_col_text(st, 5))};
        found = true;
    }
    if (!db_done(st))
        return life_err_db(e, c->db);
    return found || life_err(e, LM_NO_SUCH_REWARD, "reward_id");
}

int life_rewards_page(const Ctx *c, int64_t node_id, int64_t after, int limit, LifeReward *out, LifeErr *e)
{
    DbStmt *st = db_query(c->db, LIFE_REWARD_IDS, DB_I(node_id), DB_I(after), DB_I(limit));
    int64_t ids[LIFE_PAGE_MAX];
    int n = 0;
    while (n < limit && n < LIFE_PAGE_MAX && db_step(st) == DB_ROW)
        ids[n++] = db_col_int(st, 0);
    if (!db_done(st))
        return life_err_db(e, c->db), -1;
    for (int i = 0; i < n; i++)
        if (!life_reward_get(c, ids[i], &out[i], e))
            return -1;
    return n;
}
