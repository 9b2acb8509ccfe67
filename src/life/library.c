/* library.c: the reading corner and the old photos: the writer of
 * life_book, life_loan and life_story. A book is one copy: lending it flips
 * on_loan by a conditional UPDATE (and a unique index allows one active loan
 * per book), so of two people lending the same book at once exactly one
 * wins. Overdue loans are reminded once, through the notify outbox. */
#include <string.h>

#include "life/life_int.h"
#include "notify/notify.h"

bool life_book_create(const Ctx *c, const LifeBook *in, int64_t *id_out, LifeErr *e)
{
    NodeInfo n;
    if (!life_node(c, in->node_id, &n, e))
        return false;
    if (!db_int(c->db, id_out,
                "INSERT INTO life_book (node_id, node_path, title, author, donor, created_at) VALUES (?, ?, ?, ?, ?, ?) "
                "RETURNING id",
                DB_I(n.id), DB_T(n.path), DB_T(in->title), DB_T(in->author ? in->author : ""),
                DB_T(in->donor ? in->donor : ""), DB_I(c->now)))
        return life_err_db(e, c->db);
    return life_audit(c, "life_book", *id_out, "create", NULL, e);
}

bool life_book_get(const Ctx *c, int64_t id, LifeBook *out, LifeErr *e)
{
    DbStmt *st = db_query(c->db,
                          "SELECT id, node_id, created_at, on_loan, node_path, title, author, donor FROM life_book "
                          "WHERE id = ?",
                          DB_I(id));
    bool found = false;
    if (db_step(st) == DB_ROW) {
        *out = (LifeBook){db_col_int(st, 0),
                          db_col_int(st, 1),
                          db_col_int(st, 2),
                          db_col_int(st, 3) != 0,
                          arena_strdup(c->arena, db_col_text(st, 4)),
                          arena_strdup(c->arena, db_col_text(st, 5)),
                          arena_strdup(c->arena, db_col_text(st, 6)),
                          arena_strdup(c->arena, db_col_text(st, 7))};
        found = true;
    }
    if (!db_done(st))
        return life_err_db(e, c->db);
    return found || life_err(e, LM_NO_SUCH_BOOK, "book_id");
}

int life_books_page(const Ctx *c, int64_t node_id, int64_t after, int limit, LifeBook *out, LifeErr *e)
{
    int64_t ids[LIFE_PAGE_MAX];
    int n = life_page_ids(c, db_query(c->db, LIFE_BOOK_IDS, DB_I(node_id), DB_I(after), DB_I(limit)), limit, ids, e);
    for (int i = 0; i < n; i++)
        if (!life_book_get(c, ids[i], &out[i], e))
            return -1;
    return n;
}

bool life_loan_create(const Ctx *c, int64_t book_id, int64_t user_id, const char *for_name, int64_t due_at,
                      int64_t *id_out, LifeErr *e)
{
    LifeBook b;
    if (!life_book_get(c, book_id, &b, e))
        return false;
    if (due_at <= c->now)
        return life_err(e, LM_BAD_TIME, "due_at");
    int64_t got;
    if (!db_int(c->db, &got, "UPDATE life_book SET on_loan = 1 WHERE id = ? AND on_loan = 0 RETURNING id",
                DB_I(book_id)))
        return db_error_class(c->db) != DB_ERR_NONE ? life_err_db(e, c->db) : life_err(e, LM_BOOK_LENT, "book_id");
    if (!db_int(c->db, id_out,
                "INSERT INTO life_loan (book_id, user_id, for_name, due_at, lent_by, created_at) VALUES (?, ?, ?, ?, "
                "?, ?) RETURNING id",
                DB_I(book_id), user_id ? DB_I(user_id) : DB_NULL, DB_T(for_name ? for_name : ""), DB_I(due_at),
                DB_I(ctx_actor(c)), DB_I(c->now)))
        return life_err_db(e, c->db);
    return life_audit(c, "life_loan", *id_out, "lend",
                      arena_printf(c->arena, "{\"book\":%lld,\"due_at\":%lld}", (long long)book_id, (long long)due_at),
                      e);
}

#define LOAN_COLS                                                                                                    \
    "id, book_id, COALESCE(user_id, 0), due_at, COALESCE(returned_at, 0), COALESCE(reminded_at, 0), created_at, "    \
    "for_name"

static void loan_row(const Ctx *c, DbStmt *st, LifeLoan *l)
{
    *l = (LifeLoan){db_col_int(st, 0), db_col_int(st, 1), db_col_int(st, 2),
                    db_col_int(st, 3), db_col_int(st, 4), db_col_int(st, 5),
                    db_col_int(st, 6), arena_strdup(c->arena, db_col_text(st, 7))};
}

bool life_loan_get(const Ctx *c, int64_t id, LifeLoan *out, LifeErr *e)
{
    DbStmt *st = db_query(c->db, "SELECT " LOAN_COLS " FROM life_loan WHERE id = ?", DB_I(id));
    bool found = false;
    if (db_step(st) == DB_ROW) {
        loan_row(c, st, out);
        found = true;
    }
    if (!db_done(st))
        return life_err_db(e, c->db);
    return found || life_err(e, LM_NO_SUCH_LOAN, "id");
}

bool life_loan_return(const Ctx *c, int64_t id, LifeErr *e)
{
    int64_t book;
    if (!db_int(c->db, &book,
                "UPDATE life_loan SET active = 0, returned_at = ? WHERE id = ? AND active = 1 RETURNING book_id",
                DB_I(c->now), DB_I(id))) {
        if (db_error_class(c->db) != DB_ERR_NONE)
            return life_err_db(e, c->db);
        LifeLoan l;
        return life_loan_get(c, id, &l, e) && life_err(e, LM_ALREADY_RETURNED, "id");
    }
    if (!db_exec(c->db, "UPDATE life_book SET on_loan = 0 WHERE id = ?", DB_I(book)))
        return life_err_db(e, c->db);
    return life_audit(c, "life_loan", id, "return", NULL, e);
}

int life_loans_page(const Ctx *c, int64_t book_id, int64_t before, int limit, LifeLoan *out, LifeErr *e)
{
    int64_t ids[LIFE_PAGE_MAX];
    int n = life_page_ids(c, db_query(c->db, LIFE_LOAN_IDS, DB_I(book_id), DB_I(before ? before : INT64_MAX), DB_I(limit)), limit, ids, e);
    for (int i = 0; i < n; i++)
        if (!life_loan_get(c, ids[i], &out[i], e))
            return -1;
    return n;
}

bool life_loans_remind(const Ctx *c, int *sent, LifeErr *e)
{
    *sent = 0;
    int64_t ids[LIFE_PAGE_MAX];
    int n = 0;
    DbStmt *st = db_query(c->db,
                          "SELECT id FROM life_loan WHERE active = 1 AND due_at < ? AND reminded_at IS NULL "
                          "ORDER BY active, due_at, id LIMIT ?",
                          DB_I(c->now), DB_I(LIFE_PAGE_MAX));
    while (n < LIFE_PAGE_MAX && db_step(st) == DB_ROW)
        ids[n++] = db_col_int(st, 0);
    if (!db_done(st))
        return life_err_db(e, c->db);
    for (int i = 0; i < n; i++) {
        LifeLoan l;
        LifeBook b;
        if (!life_loan_get(c, ids[i], &l, e) || !life_book_get(c, l.book_id, &b, e))
            return false;
        if (!db_exec(c->db, "UPDATE life_loan SET reminded_at = ? WHERE id = ?", DB_I(c->now), DB_I(l.id)))
            return life_err_db(e, c->db);
        NotifyEvent ev = {"loan.overdue", "life_loan", l.id, b.node_path, false, l.user_id,
                          arena_printf(c->arena, "借阅到期提醒：《%s》", b.title), "请尽快到阅览角归还。", "/life/library",
                          NULL};
        if (!notify_emit(c, &ev, NULL))
            return life_err_db(e, c->db);
        (*sent)++;
    }
    return true;
}

/* ---- old photos and stories ------------------------------------------------------------ */

bool life_story_create(const Ctx *c, const LifeStory *in, bool consent, int64_t *id_out, LifeErr *e)
{
    NodeInfo n;
    if (!consent || !in->consent_note || !*in->consent_note)
        return life_err(e, LM_CONSENT_NEEDED, "consent");
    if (!life_node(c, in->node_id, &n, e))
        return false;
    if (!db_int(c->db, id_out,
                "INSERT INTO life_story (node_id, node_path, title, body, era, consent_note, created_by, created_at) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                DB_I(n.id), DB_T(n.path), DB_T(in->title), DB_T(in->body ? in->body : ""),
                DB_T(in->era ? in->era : ""), DB_T(in->consent_note), DB_I(ctx_actor(c)), DB_I(c->now)))
        return life_err_db(e, c->db);
    return life_audit(c, "life_story", *id_out, "create", NULL, e);
}

bool life_story_get(const Ctx *c, int64_t id, LifeStory *out, LifeErr *e)
{
    DbStmt *st = db_query(c->db,
                          "SELECT id, node_id, COALESCE(created_by, 0), created_at, COALESCE(withdrawn_at, 0), "
                          "node_path, title, body, era, consent_note, status FROM life_story WHERE id = ?",
                          DB_I(id));
    bool found = false;
    if (db_step(st) == DB_ROW) {
        *out = (LifeStory){db_col_int(st, 0),
                           db_col_int(st, 1),
                           db_col_int(st, 2),
                           db_col_int(st, 3),
                           db_col_int(st, 4),
                           arena_strdup(c->arena, db_col_text(st, 5)),
                           arena_strdup(c->arena, db_col_text(st, 6)),
                           arena_strdup(c->arena, db_col_text(st, 7)),
                           arena_strdup(c->arena, db_col_text(st, 8)),
                           arena_strdup(c->arena, db_col_text(st, 9)),
                           arena_strdup(c->arena, db_col_text(st, 10))};
        found = true;
    }
    if (!db_done(st))
        return life_err_db(e, c->db);
    return found || life_err(e, LM_NO_SUCH_STORY, "id");
}

bool life_story_withdraw(const Ctx *c, int64_t id, LifeErr *e)
{
    int64_t got;
    if (!db_int(c->db, &got,
                "UPDATE life_story SET status = 'withdrawn', withdrawn_at = ? WHERE id = ? AND status = 'public' "
                "RETURNING id",
                DB_I(c->now), DB_I(id))) {
        if (db_error_class(c->db) != DB_ERR_NONE)
            return life_err_db(e, c->db);
        LifeStory s;
        return life_story_get(c, id, &s, e) && life_err(e, LM_BAD_STATUS, "id");
    }
    return life_audit(c, "life_story", id, "withdraw", NULL, e);
}

int life_stories_page(const Ctx *c, int64_t node_id, int64_t after, int limit, LifeStory *out, LifeErr *e)
{
    int64_t ids[LIFE_PAGE_MAX];
    int n = life_page_ids(c, db_query(c->db, LIFE_STORY_IDS, DB_I(node_id), DB_I(after), DB_I(limit)), limit, ids, e);
    for (int i = 0; i < n; i++)
        if (!life_story_get(c, ids[i], &out[i], e))
            return -1;
    return n;
}
