/* dispute.c: the only writer of the mediation tables (dispute,
 * dispute_party, dispute_mediator, dispute_event, dispute_signature). The
 * parties' phones are sealed with the register's key; audit rows name the
 * case, never the parties. */
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "auth/audit.h"
#include "grid/grid.h"
#include "grid/pii.h"
#include "notify/notify.h"
#include "safety/list_sql.h"
#include "safety/safety.h"

static const char *dup(const Ctx *c, DbStmt *st, int col)
{
    const char *s = db_col_text(st, col);
    return arena_strdup(c->arena, s ? s : "");
}

const char *safety_mask_name(Arena *a, const char *name)
{
    if (!name || !name[0])
        return "";
    size_t n = 1;
    while (name[n] && ((unsigned char)name[n] & 0xC0) == 0x80)
        n++;
    char first[8];
    memcpy(first, name, n < sizeof first ? n : sizeof first - 1);
    first[n < sizeof first ? n : sizeof first - 1] = '\0';
    return arena_printf(a, "%s*", first);
}

static bool role_ok(const char *r)
{
    return r && (strcmp(r, "applicant") == 0 || strcmp(r, "respondent") == 0 || strcmp(r, "other") == 0);
}

static bool event_add(const Ctx *c, int64_t id, const char *kind, int tier, const char *text, int64_t *ev)
{
    DbStmt *st = db_query(c->db,
                          "INSERT INTO dispute_event (dispute_id, at, actor_id, kind, tier, text) VALUES (?, ?, ?, ?, ?, ?) "
                          "RETURNING id",
                          DB_I(id), DB_I(c->now), DB_I(ctx_actor(c)), DB_T(kind), DB_I(tier), DB_T(text ? text : ""));
    int64_t got = 0;
    if (db_step(st) == DB_ROW)
        got = db_col_int(st, 0);
    if (!db_done(st) || got == 0)
        return false;
    if (ev)
        *ev = got;
    return true;
}

static bool audited(const Ctx *c, int64_t id, const char *action, const char *after)
{
    return audit_append(c->db, ctx_actor(c), "dispute", id, action, NULL, after);
}

bool safety_dispute_open(const Ctx *c, int64_t compound_id, const char *title, const char *summary,
                         const PartyInput *parties, int n, int64_t *id_out, SafetyErr *e)
{
    NodeInfo node;
    if (!grid_node_get(c, compound_id, &node) || node.kind != NODE_COMPOUND)
        return safety_err(e, SM_NOT_A_COMPOUND, "compound_id");
    if (!title || !title[0] || strlen(title) > SAFETY_TITLE_MAX * 3)
        return safety_err(e, SM_TITLE_REQUIRED, "title");
    if (n < 2 || n > SAFETY_PARTIES_MAX)
        return safety_err(e, SM_BAD_PARTIES, "parties");
    for (int i = 0; i < n; i++)
        if (!parties[i].name || !parties[i].name[0] || !role_ok(parties[i].role) ||
            (parties[i].phone && parties[i].phone[0] && !pii_phone_valid(parties[i].phone)))
            return safety_err(e, SM_BAD_PARTIES, "parties");
    int64_t id = 0;
    DbStmt *st = db_query(c->db,
                          "INSERT INTO dispute (compound_id, node_path, title, summary, created_by, created_at) "
                          "VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
                          DB_I(node.id), DB_T(node.path), DB_T(title), DB_T(summary ? summary : ""), DB_I(ctx_actor(c)),
                          DB_I(c->now));
    if (db_step(st) == DB_ROW)
        id = db_col_int(st, 0);
    if (!db_done(st) || id == 0)
        return safety_err_db(e, c->db);
    for (int i = 0; i < n; i++) {
        char *sealed = parties[i].phone && parties[i].phone[0] ? pii_encrypt(parties[i].phone) : NULL;
        if (parties[i].phone && parties[i].phone[0] && !sealed)
            return safety_err(e, SM_INTERNAL, NULL);
        bool ok = db_exec(c->db, "INSERT INTO dispute_party (dispute_id, name, phone_enc, role) VALUES (?, ?, ?, ?)",
                          DB_I(id), DB_T(parties[i].name), DB_T(sealed ? sealed : ""), DB_T(parties[i].role));
        free(sealed);
        if (!ok)
            return safety_err_db(e, c->db);
    }
    char after[64];
    snprintf(after, sizeof after, "{\"compound_id\":%lld,\"parties\":%d}", (long long)node.id, n);
    if (!db_exec(c->db, "INSERT INTO dispute_mediator (dispute_id, user_id, added_at) VALUES (?, ?, ?)", DB_I(id),
                 DB_I(ctx_actor(c)), DB_I(c->now)) ||
        !event_add(c, id, "opened", 1, "", NULL) || !audited(c, id, "open", after))
        return safety_err_db(e, c->db);
    *id_out = id;
    return true;
}

bool safety_dispute_get(const Ctx *c, int64_t id, bool reveal, Dispute *out, bool *found, SafetyErr *e)
{
    *found = false;
    DbStmt *st = db_query(c->db,
                          "SELECT id, compound_id, created_by, created_at, closed_at, node_path, title, summary, status, "
                          "outcome, tier, published FROM dispute WHERE id = ?",
                          DB_I(id));
    if (db_step(st) == DB_ROW) {
        *out = (Dispute){db_col_int(st, 0), db_col_int(st, 1), db_col_int(st, 2), db_col_int(st, 3),
                         db_col_int(st, 4), dup(c, st, 5),     dup(c, st, 6),     dup(c, st, 7),
                         dup(c, st, 8),     dup(c, st, 9),     (int)db_col_int(st, 10), db_col_int(st, 11) != 0,
                         0,                 NULL};
        *found = true;
    }
    if (!db_done(st))
        return safety_err_db(e, c->db);
    if (!*found)
        return true;
    out->parties = arena_alloc(c->arena, sizeof(DisputeParty) * SAFETY_PARTIES_MAX);
    st = db_query(c->db, SAFETY_DISPUTE_PARTIES, DB_I(id), DB_I(SAFETY_PARTIES_MAX));
    while (out->n_parties < SAFETY_PARTIES_MAX && db_step(st) == DB_ROW) {
        DisputeParty *p = &out->parties[out->n_parties++];
        p->id = db_col_int(st, 0);
        p->role = dup(c, st, 3);
        const char *name = db_col_text(st, 1), *sealed = db_col_text(st, 2);
        char *phone = sealed && sealed[0] ? pii_decrypt(sealed) : NULL;
        if (reveal) {
            p->name = arena_strdup(c->arena, name);
            p->phone = arena_strdup(c->arena, phone ? phone : "");
        } else {
            char masked[32] = "";
            if (phone)
                pii_mask_phone(phone, masked);
            p->name = safety_mask_name(c->arena, name);
            p->phone = arena_strdup(c->arena, masked);
        }
        if (phone) {
            sodium_memzero(phone, strlen(phone));
            free(phone);
        }
    }
    return db_done(st) || safety_err_db(e, c->db);
}

bool safety_dispute_is_mediator(const Ctx *c, int64_t dispute_id, int64_t user_id, bool *yes, SafetyErr *e)
{
    int64_t n = 0;
    if (!db_int(c->db, &n, "SELECT COUNT(*) FROM dispute_mediator WHERE dispute_id = ? AND user_id = ?",
                DB_I(dispute_id), DB_I(user_id)))
        return safety_err_db(e, c->db);
    *yes = n > 0;
    return true;
}

bool safety_dispute_add_mediator(const Ctx *c, const Dispute *d, int64_t user_id, SafetyErr *e)
{
    bool yes = false;
    if (!safety_dispute_is_mediator(c, d->id, user_id, &yes, e))
        return false;
    if (yes)
        return safety_err(e, SM_ALREADY_MEDIATOR, "username");
    char after[48];
    snprintf(after, sizeof after, "{\"user_id\":%lld}", (long long)user_id);
    if (!db_exec(c->db, "INSERT INTO dispute_mediator (dispute_id, user_id, added_at) VALUES (?, ?, ?)", DB_I(d->id),
                 DB_I(user_id), DB_I(c->now)) ||
        !event_add(c, d->id, "mediator", d->tier, "", NULL) || !audited(c, d->id, "mediator", after))
        return safety_err_db(e, c->db);
    return true;
}

static bool open_or_err(const Dispute *d, SafetyErr *e)
{
    return strcmp(d->status, "closed") != 0 || safety_err(e, SM_DISPUTE_CLOSED, NULL);
}

bool safety_dispute_escalate(const Ctx *c, const Dispute *d, const char *reason, SafetyErr *e)
{
    if (!open_or_err(d, e))
        return false;
    if (!reason || !reason[0])
        return safety_err(e, SM_REASON_REQUIRED, "reason");
    if (d->tier >= 3)
        return safety_err(e, SM_TOP_TIER, NULL);
    if (!db_exec(c->db, "UPDATE dispute SET tier = ? WHERE id = ? AND tier = ?", DB_I(d->tier + 1), DB_I(d->id),
                 DB_I(d->tier)))
        return safety_err_db(e, c->db);
    if (db_changes(c->db) != 1)
        return safety_err(e, SM_TOP_TIER, NULL);
    char after[32];
    snprintf(after, sizeof after, "{\"tier\":%d}", d->tier + 1);
    NotifyEvent ev = {"dispute.escalated", "dispute", d->id, d->node_path, false, 0,
                      d->tier + 1 == 3 ? "纠纷升级为多方联调" : "纠纷升级为专业调解", "",
                      arena_printf(c->arena, "/disputes/%lld", (long long)d->id), NULL};
    if (!event_add(c, d->id, "escalated", d->tier + 1, reason, NULL) || !audited(c, d->id, "escalate", after) ||
        !notify_emit(c, &ev, NULL))
        return safety_err_db(e, c->db);
    return true;
}

bool safety_dispute_note(const Ctx *c, const Dispute *d, const char *kind, const char *text, SafetyErr *e)
{
    if (!open_or_err(d, e))
        return false;
    if (!text || !text[0])
        return safety_err(e, SM_TEXT_REQUIRED, strcmp(kind, "session") == 0 ? "minutes" : "note");
    if (!event_add(c, d->id, kind, d->tier, text, NULL) || !audited(c, d->id, kind, NULL))
        return safety_err_db(e, c->db);
    return true;
}

bool safety_dispute_agree(const Ctx *c, const Dispute *d, const char *text, const int64_t *party_ids, int n,
                          int64_t *event_id, SafetyErr *e)
{
    if (!open_or_err(d, e))
        return false;
    if (!text || !text[0])
        return safety_err(e, SM_TEXT_REQUIRED, "text");
    /* every party exactly once, and no one else */
    if (n != d->n_parties)
        return safety_err(e, SM_NOT_ALL_SIGNED, "signed_by");
    for (int i = 0; i < d->n_parties; i++) {
        int seen = 0;
        for (int k = 0; k < n; k++)
            seen += party_ids[k] == d->parties[i].id;
        if (seen != 1)
            return safety_err(e, SM_NOT_ALL_SIGNED, "signed_by");
    }
    if (!event_add(c, d->id, "agreement", d->tier, text, event_id))
        return safety_err_db(e, c->db);
    for (int k = 0; k < n; k++)
        if (!db_exec(c->db, "INSERT INTO dispute_signature (event_id, party_id, signed_at) VALUES (?, ?, ?)",
                     DB_I(*event_id), DB_I(party_ids[k]), DB_I(c->now)))
            return safety_err_db(e, c->db);
    if (!db_exec(c->db, "UPDATE dispute SET status = 'agreed' WHERE id = ?", DB_I(d->id)) ||
        !audited(c, d->id, "agreement", NULL))
        return safety_err_db(e, c->db);
    return true;
}

bool safety_dispute_close(const Ctx *c, const Dispute *d, const char *outcome, bool publish, SafetyErr *e)
{
    if (!open_or_err(d, e))
        return false;
    if (!outcome || !outcome[0])
        return safety_err(e, SM_TEXT_REQUIRED, "outcome");
    if (publish && d->tier != 3)
        return safety_err(e, SM_PUBLISH_TIER3, "publish");
    /* what is published carries no phone or ID number, whatever was typed */
    const char *shown = publish ? pii_mask_text(c->arena, outcome) : outcome;
    if (!db_exec(c->db, "UPDATE dispute SET status = 'closed', outcome = ?, published = ?, closed_at = ? WHERE id = ?",
                 DB_T(shown), DB_I(publish), DB_I(c->now), DB_I(d->id)))
        return safety_err_db(e, c->db);
    char after[48];
    snprintf(after, sizeof after, "{\"published\":%s}", publish ? "true" : "false");
    if (!event_add(c, d->id, "closed", d->tier, "", NULL) || !audited(c, d->id, "close", after))
        return safety_err_db(e, c->db);
    if (publish) {
        NotifyEvent ev = {"dispute.published", "dispute", d->id, d->node_path, false, 0, "多方联调结果公开", "",
                          arena_printf(c->arena, "/disputes/%lld", (long long)d->id), NULL};
        if (!notify_emit(c, &ev, NULL))
            return safety_err_db(e, c->db);
    }
    return true;
}

int safety_dispute_events(const Ctx *c, int64_t id, DisputeEvent *out, int max)
{
    DbStmt *st = db_query(c->db, SAFETY_DISPUTE_EVENTS, DB_I(id), DB_I(max));
    int n = 0;
    while (n < max && db_step(st) == DB_ROW) {
        out[n] = (DisputeEvent){db_col_int(st, 0), db_col_int(st, 1), db_col_int(st, 2), dup(c, st, 3),
                                dup(c, st, 5),     (int)db_col_int(st, 4), (int)db_col_int(st, 6)};
        n++;
    }
    return db_done(st) ? n : -1;
}

int safety_disputes_page(const Ctx *c, int64_t compound_id, bool published_only, int64_t after, Dispute *out,
                         int max)
{
    int64_t below = after > 0 ? after : INT64_MAX;
    DbStmt *st = published_only
                     ? db_query(c->db, SAFETY_DISPUTE_PAGE_PUBLISHED, DB_I(compound_id), DB_I(below), DB_I(max))
                     : db_query(c->db, SAFETY_DISPUTE_PAGE, DB_I(compound_id), DB_I(below), DB_I(max));
    int n = 0;
    while (n < max && db_step(st) == DB_ROW) {
        out[n] = (Dispute){db_col_int(st, 0), db_col_int(st, 1), db_col_int(st, 2), db_col_int(st, 3),
                           db_col_int(st, 4), dup(c, st, 5),     dup(c, st, 6),     "",
                           dup(c, st, 7),     dup(c, st, 8),     (int)db_col_int(st, 9), db_col_int(st, 10) != 0,
                           0,                 NULL};
        n++;
    }
    return db_done(st) ? n : -1;
}
