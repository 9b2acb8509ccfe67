/* sender.h (notify): the sender thread `serve` runs beside the requests. */
#ifndef GZ_NOTIFY_SENDER_H
#define GZ_NOTIFY_SENDER_H
#include <stdbool.h>

/* base_url: the site's address for links back ("https://gz.example.cn");
 * allow_loopback: bots on http://127.0.0.1 (test servers only). */
/* leading (may be NULL): whether this process leads the timers; on a
 * database shared by several servers only the leader sends, so two
 * processes do not post the same delivery at once. */
bool notify_sender_start(const char *db_url, const char *base_url, bool allow_loopback, bool (*leading)(void));
void notify_sender_stop(void);
/* Is url acceptable for a new bot on this server (https; loopback in tests)? */
bool notify_url_allowed(const char *url);
/* Are servers on loopback accepted (test servers only)? */
bool notify_loopback_allowed(void);

#endif
