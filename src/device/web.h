/* web.h (device): the handlers routes.c registers. */
#ifndef GZ_DEVICE_WEB_H
#define GZ_DEVICE_WEB_H
#include "http/req.h"

void api_devices_list(Req *r);       /* GET  /api/devices?after=ID: with last contact */
void api_device_create(Req *r);      /* POST /api/devices: the token is answered once */
void api_device_revoke(Req *r);      /* POST /api/devices/{id}/revoke */
void api_integration_event(Req *r);  /* POST /api/integrations/events, X-Device-Token */

#include "device/device.h"
const ErrorText *device_msg_row(DeviceMsg m); /* NULL: no row (a bug) */
void device_err_reply(Req *r, const DeviceErr *e);

#endif
