/* list_sql.h: the statements of the vote capability's lists (votes,
 * notices, meetings, a vote's ballots), as macros of literals so that
 * lists.c runs them and tests/unit/test_vote_plans.c checks their plans.
 *
 * Votes, notices, meetings and decisions are listed newest first by their time, then
 * id: each statement reads one batch of (id, node, time) below a cursor
 * ((time, id) < (?, ?): INT64_MAX twice for the first page) from an index
 * on (time, id), or on (filter, time, id) (migration 026). Their tables
 * hold no path, so lists.c keeps the rows of places the caller may read
 * (and near the node asked for) batch by batch until a page is full; a
 * total is that walk, stopped at VOTE_LIST_COUNT_CAP. Ballots are in id
 * order on (vote, [counted,] id). Arguments, in order, beside each. */
#ifndef GZ_VOTE_LIST_SQL_H
#define GZ_VOTE_LIST_SQL_H

#define VOTE_LIST_COUNT_CAP 10000

/* Args: time, id, limit. */
#define VOTE_BATCH                                                                                          \
    "SELECT v.id, v.node_id, v.created_at FROM vote v WHERE (v.created_at, v.id) < (?, ?) "                 \
    "ORDER BY v.created_at DESC, v.id DESC LIMIT ?"
/* Args: status, time, id, limit. */
#define VOTE_BATCH_STATUS                                                                                   \
    "SELECT v.id, v.node_id, v.created_at FROM vote v WHERE v.status = ? AND (v.created_at, v.id) < (?, ?) " \
    "ORDER BY v.created_at DESC, v.id DESC LIMIT ?"
/* The cursor's time. Args: id. */
#define VOTE_CURSOR "SELECT created_at FROM vote WHERE id = ?"

/* The filters every notice batch ends with: kind, source entity, source id,
 * each off when NULL or 0. */
#define NOTICE_FILTERS                                                                                           \
    " AND (CAST(? AS TEXT) IS NULL OR t.kind = CAST(? AS TEXT)) AND (CAST(? AS TEXT) IS NULL OR "           \
    "t.source_entity = CAST(? AS TEXT)) AND (CAST(? AS BIGINT) = 0 OR t.source_id = ?)"
#define NOTICE_ORDER " ORDER BY t.published_at DESC, t.id DESC LIMIT ?"
/* Args: time, id, filters, limit. */
#define NOTICE_BATCH                                                                                        \
    "SELECT t.id, t.node_id, t.published_at FROM notice t WHERE (t.published_at, t.id) < (?, ?)" NOTICE_FILTERS \
    NOTICE_ORDER
/* One kind's, by its index. Args: kind, time, id, filters, limit. */
#define NOTICE_BATCH_KIND                                                                                      \
    "SELECT t.id, t.node_id, t.published_at FROM notice t WHERE t.kind = ? AND (t.published_at, t.id) < (?, ?)" \
    NOTICE_FILTERS NOTICE_ORDER
/* One source's (a vote's, a payment's ...), by its index. Args: entity,
 * source id, time, id, filters, limit. */
#define NOTICE_BATCH_SOURCE                                                                                 \
    "SELECT t.id, t.node_id, t.published_at FROM notice t WHERE t.source_entity = ? AND t.source_id = ? " \
    "AND (t.published_at, t.id) < (?, ?)" NOTICE_FILTERS NOTICE_ORDER
/* Args: id. */
#define NOTICE_CURSOR "SELECT published_at FROM notice WHERE id = ?"

/* Args: time, id, limit. */
#define MEETING_BATCH                                                                           \
    "SELECT m.id, m.node_id, m.starts_at FROM meeting m WHERE (m.starts_at, m.id) < (?, ?) " \
    "ORDER BY m.starts_at DESC, m.id DESC LIMIT ?"
/* Args: id. */
#define MEETING_CURSOR "SELECT starts_at FROM meeting WHERE id = ?"

/* Args: time, id, limit. */
#define DECISION_BATCH                                                                             \
    "SELECT d.id, d.node_id, d.created_at FROM decision d WHERE (d.created_at, d.id) < (?, ?) " \
    "ORDER BY d.created_at DESC, d.id DESC LIMIT ?"
/* Args: id. */
#define DECISION_CURSOR "SELECT created_at FROM decision WHERE id = ?"

/* A vote's ballots in id order, after a cursor (0: from the first), all or
 * those awaiting confirmation. Args: vote, after, limit, offset. */
#define BALLOT_COLS                                                                                  \
    "SELECT id, household_id, choice, channel, counted, proxy_name, proxy_document, cast_by, "       \
    "confirmed_by, cast_at, updated_at FROM ballot "
#define BALLOT_BATCH BALLOT_COLS "WHERE vote_id = ? AND id > ? ORDER BY id LIMIT ? OFFSET ?"
#define BALLOT_BATCH_PENDING BALLOT_COLS "WHERE vote_id = ? AND counted = 0 AND id > ? ORDER BY id LIMIT ? OFFSET ?"
/* Args: vote, cap + 1. */
#define BALLOT_COUNT "SELECT COUNT(*) FROM (SELECT 1 FROM ballot WHERE vote_id = ? LIMIT ?) t"
#define BALLOT_COUNT_PENDING "SELECT COUNT(*) FROM (SELECT 1 FROM ballot WHERE vote_id = ? AND counted = 0 LIMIT ?) t"

#endif
