/* talent.c: the talent pool (人才库): the writer of life_talent. A resident
 * offers a skill with consent; withdrawing keeps the row (withdrawn_at) and
 * takes it out of every list. Who may search it is perm.c's question
 * (life_may_search_talents: staff only). */
#include <string.h>

#include "life/life_int.h"

bool life_talent_create(const Ctx *c, const LifeTalent *in, bool consent, int64_t *id_out, LifeErr *e)
{
    NodeInfo n;
    if (!consent)
        return life_err(e, LM_CONSENT_NEEDED, "consent");
    if (!life_node(c, in->node_id, &n, e))
        return false;
    if (!db_int(c->db, id_out,
                "INSERT INTO life_talent (node_id, node_path, user_id, name, skill, note, consent, created_at) "
                "VALUES (?, ?, ?, ?, ?, ?, 1, ?) RETURNING id",
                DB_I(n.id), DB_T(n.path), DB_I(in->user_id), DB_T(in->name), DB_T(in->skill),
                DB_T(in->note ? in->note : ""), DB_I(c->now)))
        return life_err_db(e, c->db);
    return life_audit(c, "life_talent", *id_out, "create", NULL, e);
}

bool life_talent_get(const Ctx *c, int64_t id, LifeTalent *out, LifeErr *e)
{
    DbStmt *st = db_query(c->db,
                          "SELECT id, node_id, user_id, COALESCE(withdrawn_at, 0), created_at, node_path, name, skill, "
                          "note FROM life_talent WHERE id = ?",
                          DB_I(id));
    bool found = false;
    if (db_step(st) == DB_ROW) {
        *out = (LifeTalent){db_col_int(st, 0),
                            db_col_int(st, 1),
                            db_col_int(st, 2),
                            db_col_int(st, 3),
                            db_col_int(st, 4),
                            arena_strdup(c->arena, db_col_text(st, 5)),
                            arena_strdup(c->arena, db_col_text(st, 6)),
                            arena_strdup(c->arena, db_col_text(st, 7)),
                            arena_strdup(c->arena, db_col_text(st, 8))};
        found = true;
    }
    if (!db_done(st))
        return life_err_db(e, c->db);
    return found || life_err(e, LM_NO_SUCH_TALENT, "id");
}

bool life_talent_withdraw(const Ctx *c, int64_t id, LifeErr *e)
{
    int64_t got;
    if (!db_int(c->db, &got,
                "UPDATE life_talent SET withdrawn_at = ? WHERE id = ? AND withdrawn_at IS NULL RETURNING id",
                DB_I(c->now), DB_I(id))) {
        if (db_error_class(c->db) != DB_ERR_NONE)
            return life_err_db(e, c->db);
        LifeTalent t;
        return life_talent_get(c, id, &t, e) && life_err(e, LM_BAD_STATUS, "id");
    }
    return life_audit(c, "life_talent", id, "withdraw", NULL, e);
}

int life_talents_page(const Ctx *c, int64_t node_id, const char *q, int64_t after, int limit, LifeTalent *out,
                      LifeErr *e)
{
    int n = 0;
    while (n < limit) {
        int64_t ids[LIFE_PAGE_MAX];
        int k = life_page_ids(c, db_query(c->db, LIFE_TALENT_IDS, DB_I(node_id), DB_I(after), DB_I(LIFE_PAGE_MAX)), LIFE_PAGE_MAX, ids, e);
        if (k < 0)
            return -1;
        for (int i = 0; i < k && n < limit; i++) {
            LifeTalent t;
            if (!life_talent_get(c, ids[i], &t, e))
                return -1;
            if (!t.withdrawn_at && (!q || !*q || strstr(t.skill, q) || strstr(t.note, q)))
                out[n++] = t;
        }
        if (k < LIFE_PAGE_MAX)
            break;
        after = ids[k - 1];
    }
    return n;
}
