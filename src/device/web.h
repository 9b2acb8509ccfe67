/* web.h (device): the handlers routes.c registers. */
#ifndef GZ_DEVICE_WEB_H
#define GZ_DEVICE_WEB_H
#include "http/req.h"

void api_devices_list(Req *r);       /* GET  /api/devices?after=ID: with last contact */
void api_device_create(Req *r);      /* POST /api/devices: the token is answered once */
void api_device_revoke(Req *r);      /* POST /api/devices/{id}/revoke */
void api_integration_event(Req *r);  /* POST /api/integrations/events, X-Device-Token */
void api_device_facility(Req *r);    /* POST /api/devices/{id}/facility {facility_id} */
void api_device_rules_list(Req *r);  /* GET  /api/device-rules?after=ID: the communities' rules */
void api_device_rule_set(Req *r);    /* POST /api/device-rules: a rule of a compound or grid */
void page_devices(Req *r);           /* GET  /devices: the device list with last contact */

#include "device/device.h"
const ErrorText *device_msg_row(DeviceMsg m); /* NULL: no row (a bug) */
void device_err_reply(Req *r, const DeviceErr *e);

#endif
