/* pages.c (notify): opening a notice from the inbox marks it read and goes
 * on to the page it is about. */
#include "notify/web.h"

#include "notify/send.h"
#include "site/site.h"

void page_notification_open(Req *r)
{
    int64_t id;
    if (!req_param_id_or_reply(r, "id", &id))
        return;
    Ctx c = site_ctx(r);
    const char *link = NULL;
    bool found = false;
    if (!notify_open(&c, r->who->user_id, id, &link, &found)) {
        reply_storage_error(r);
        return;
    }
    if (!found) {
        reply_not_found(r);
        return;
    }
    resp_redirect(r, link);
}
