/* web_util.c: the request-shaped helpers the adapters share: an order named
 * by the path, loaded and checked readable, answered through the error
 * table (messages.c) when it is not. */
#include "workorder/web_int.h"

#include "site/site.h"

bool wo_load_param_or_reply(Req *r, WoOrder *o)
{
    int64_t id;
    if (!req_param_id_or_reply(r, "id", &id))
        return false;
    Ctx c = site_ctx(r);
    WoErr e;
    if (!wo_load(&c, id, o, &e)) {
        wo_err_reply(r, &e);
        return false;
    }
    return true;
}

bool wo_load_readable_or_reply(Req *r, WoOrder *o, int *caps)
{
    if (!wo_load_param_or_reply(r, o))
        return false;
    Ctx c = site_ctx(r);
    WoErr e;
    if (!wo_order_readable(&c, o, caps, &e)) {
        wo_err_reply(r, &e);
        return false;
    }
    return true;
}

