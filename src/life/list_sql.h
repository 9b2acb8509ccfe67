/* list_sql.h: the statements of the life lists, as macros of literals so
 * that the model runs them and tests/unit/test_life_plans.c checks their
 * query plans: each page is a range of an index, no scan and no sort. */
#ifndef GZ_LIFE_LIST_SQL_H
#define GZ_LIFE_LIST_SQL_H

/* Events of one place (a compound or community), newest first below a
 * cursor. Args: node, below, limit. */
#define LIFE_EVENT_IDS "SELECT id FROM life_event WHERE node_id = ? AND id < ? ORDER BY node_id, id DESC LIMIT ?"
/* An event's bookings in line order. Args: event, after, limit. */
#define LIFE_BOOKING_IDS "SELECT id FROM life_booking WHERE event_id = ? AND id > ? ORDER BY event_id, id LIMIT ?"
/* A person's points lines, newest first. Args: account, below, limit. */
#define LIFE_POINTS_LINES \
    "SELECT id FROM life_points_line WHERE account_id = ? AND id < ? ORDER BY account_id, id DESC LIMIT ?"
/* The public leaderboard. Args: limit. */
#define LIFE_POINTS_BOARD                                                                                           \
    "SELECT id, user_id, balance FROM life_points_account WHERE kind = 'person' AND public = 1 AND balance > 0 "    \
    "ORDER BY balance DESC, id DESC LIMIT ?"
/* Services of one place. Args: node, after, limit. */
#define LIFE_SERVICE_IDS "SELECT id FROM life_service WHERE node_id = ? AND id > ? ORDER BY node_id, id LIMIT ?"
/* Rewards of one place. Args: node, after, limit. */
#define LIFE_REWARD_IDS "SELECT id FROM life_reward WHERE node_id = ? AND id > ? ORDER BY node_id, id LIMIT ?"
/* Offers, needs, matches, talents, books of one place. Args: node, after, limit. */
#define LIFE_OFFER_IDS "SELECT id FROM life_offer WHERE node_id = ? AND id > ? ORDER BY node_id, id LIMIT ?"
#define LIFE_NEED_IDS "SELECT id FROM life_need WHERE node_id = ? AND id > ? ORDER BY node_id, id LIMIT ?"
#define LIFE_MATCH_IDS "SELECT id FROM life_match WHERE node_id = ? AND id > ? ORDER BY node_id, id LIMIT ?"
#define LIFE_TALENT_IDS "SELECT id FROM life_talent WHERE node_id = ? AND id > ? ORDER BY node_id, id LIMIT ?"
#define LIFE_BOOK_IDS "SELECT id FROM life_book WHERE node_id = ? AND id > ? ORDER BY node_id, id LIMIT ?"
/* A book's loans, newest first. Args: book, below, limit. */
#define LIFE_LOAN_IDS "SELECT id FROM life_loan WHERE book_id = ? AND id < ? ORDER BY book_id, id DESC LIMIT ?"
/* The public stories of one place. Args: node, after, limit. */
#define LIFE_STORY_IDS                                                                                              \
    "SELECT id FROM life_story WHERE node_id = ? AND status = 'public' AND id > ? ORDER BY node_id, status, id LIMIT ?"
#endif
