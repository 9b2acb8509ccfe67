/* notice.c: publishing public notices (公示) and corrections. The rows are
 * never updated (the migration's triggers refuse it). */
#include "vote/notice.h"

#include <string.h>

#include "auth/audit.h"
#include "core/buf.h"
#include "core/clock.h"

static const char *const notice_kinds[] = {"vote_result", "payment", "minutes", "convention",
                                           "decision",    "execution", "general"};

bool notice_kind_valid(const char *kind)
{
    if (!kind)
        return false;
    for (size_t i = 0; i < sizeof notice_kinds / sizeof notice_kinds[0]; i++)
        if (strcmp(kind, notice_kinds[i]) == 0)
            return true;
    return false;
}

int64_t notice_publish(Db *db, int64_t actor_id, int64_t node_id, const char *kind, const char *title,
                       const char *body, int period_days, int64_t corrects_id, const char *source_entity,
                       int64_t source_id)
{
    if (!db || node_id <= 0 || !notice_kind_valid(kind) || !title || !title[0] || !body)
        return 0;
    if (period_days <= 0)
        period_days = NOTICE_DEFAULT_PERIOD_DAYS;
    if (period_days > 365)
        return 0;
    int64_t exists = 0;
    if (!db_int(db, &exists, "SELECT COUNT(*) FROM node WHERE id = ?", DB_I(node_id)) || !exists)
        return 0;
    if (corrects_id > 0 &&
        (!db_int(db, &exists, "SELECT COUNT(*) FROM notice WHERE id = ?", DB_I(corrects_id)) || !exists))
        return 0;
    int64_t now = clock_now();
    DbStmt *st = db_query(db,
                          "INSERT INTO notice (node_id, kind, title, body, period_days, published_at, objection_until, "
                          "corrects_id, source_entity, source_id, published_by) "
                          "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                          DB_I(node_id), DB_T(kind), DB_T(title), DB_T(body), DB_I(period_days), DB_I(now),
                          DB_I(now + (int64_t)period_days * 86400), corrects_id > 0 ? DB_I(corrects_id) : DB_NULL,
                          source_entity ? DB_T(source_entity) : DB_NULL,
                          source_entity ? DB_I(source_id) : DB_NULL, actor_id > 0 ? DB_I(actor_id) : DB_NULL);
    int64_t id = 0;
    if (db_step(st) == DB_ROW)
        id = db_col_int(st, 0);
    if (!db_done(st) || id <= 0)
        return 0;
    Buf after = BUF_INIT;
    buf_printf(&after, "{\"node_id\":%lld,\"kind\":%j,\"title\":%j,\"period_days\":%d,\"corrects_id\":%lld}",
               (long long)node_id, kind, title, period_days, (long long)corrects_id);
    bool ok = audit_append(db, actor_id, "notice", id, "publish", NULL, buf_str(&after));
    buf_free(&after);
    return ok ? id : 0;
}
