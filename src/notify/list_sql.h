/* list_sql.h (notify): the SQL of the lists, shared with the query-plan
 * test (tests/unit/test_notify_plans.c), so what is tested is what runs. */
#ifndef GZ_NOTIFY_LIST_SQL_H
#define GZ_NOTIFY_LIST_SQL_H

#define EVENT_COLS                                                                                                     \
    "SELECT id, type, entity, entity_id, node_path, urgent, user_id, title, body, link, created_by, created_at, data " \
    "FROM notify_event "

/* a capability's own feed (GET /api/workorders/events): entity, after, limit */
#define NOTIFY_SQL_EVENTS_OF EVENT_COLS "WHERE entity = ? AND id > ? ORDER BY id LIMIT ?"

/* the reader's inbox, newest first: user, before, limit */
#define NOTIFY_SQL_INBOX                                                                                               \
    "SELECT e.id, e.type, e.entity, e.entity_id, e.node_path, e.urgent, e.title, e.body, e.link, e.created_at, "     \
    "r.read_at FROM notify_event e LEFT JOIN notify_read r ON r.user_id = e.user_id AND r.event_id = e.id "          \
    "WHERE e.user_id = ? AND e.id < ? ORDER BY e.id DESC LIMIT ?"

/* one bot's due deliveries, the longest due first: channel, now, limit */
#define NOTIFY_SQL_DUE_OF                                                                                              \
    "SELECT d.id, d.event_id, d.attempts, e.title, e.body, e.link, e.urgent FROM notify_delivery d "                 \
    "JOIN notify_event e ON e.id = d.event_id WHERE d.channel_id = ? AND d.state = 'pending' AND d.next_at <= ? "   \
    "ORDER BY d.next_at, d.id LIMIT ?"

#define DELIVERY_COLS                                                                                                  \
    "SELECT d.id, d.event_id, d.channel_id, d.next_at, d.sent_at, d.digest_id, d.created_at, d.attempts, d.state, "  \
    "d.last_outcome, e.title, e.type, h.node_path, h.name FROM notify_delivery d JOIN notify_event e ON "             \
    "e.id = d.event_id JOIN notify_channel h ON h.id = d.channel_id "

/* the admins' outbox in one state, newest first: state, before, limit */
#define NOTIFY_SQL_OUTBOX_STATE DELIVERY_COLS "WHERE d.state = ? AND d.id < ? ORDER BY d.id DESC LIMIT ?"

#define MAIL_COLS                                                                                                      \
    "SELECT m.id, m.user_id, m.channel_id, m.next_at, m.sent_at, m.created_at, m.attempts, m.kind, m.state, "        \
    "m.subject, m.body, m.last_outcome, m.last_detail, h.node_path, m.to_enc FROM notify_mail m JOIN notify_channel h " \
    "ON h.id = m.channel_id "

/* the admins' mails in one state, newest first: state, before, limit */
#define NOTIFY_SQL_MAILS_STATE MAIL_COLS "WHERE m.state = ? AND m.id < ? ORDER BY m.id DESC LIMIT ?"
/* every mail, newest first: before, limit */
#define NOTIFY_SQL_MAILS MAIL_COLS "WHERE m.id < ? ORDER BY m.id DESC LIMIT ?"
/* the mails due, the longest due first: now, limit */
#define NOTIFY_SQL_MAILS_DUE MAIL_COLS "WHERE m.state = 'pending' AND m.next_at <= ? ORDER BY m.next_at, m.id LIMIT ?"

#endif
