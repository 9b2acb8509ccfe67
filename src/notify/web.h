/* web.h (notify): the handlers routes.c registers. */
#ifndef GZ_NOTIFY_WEB_H
#define GZ_NOTIFY_WEB_H
#include "http/req.h"

void api_channels_list(Req *r);        /* GET  /api/channels?after=ID: bots (no URL key, no secret) */
void api_channel_create(Req *r);       /* POST /api/channels */
void api_channel_disable(Req *r);      /* POST /api/channels/{id}/disable */
void api_outbox_list(Req *r);          /* GET  /api/outbox?state=failed&before=ID */
void api_outbox_get(Req *r);           /* GET  /api/outbox/{id}: a delivery and its attempts */
void api_outbox_resend(Req *r);        /* POST /api/outbox/{id}/resend */
void api_my_notifications(Req *r);     /* GET  /api/me/notifications?before=ID */
void api_my_notification_read(Req *r); /* POST /api/me/notifications/{id}/read */
void api_subscriptions_get(Req *r);    /* GET  /api/subscriptions: my muted types and quiet hours */
void api_subscriptions_set(Req *r);    /* POST /api/subscriptions */
void api_mails_list(Req *r);           /* GET  /api/mails?state=failed&before=ID: emails (admins) */
void api_mail_resend(Req *r);          /* POST /api/mails/{id}/resend */
void page_notify_admin(Req *r);        /* GET  /notify/admin: failed messages, attempts, re-send; channels */
void page_notify_admin_resend(Req *r); /* POST /notify/admin/{what}/{id}/resend (what: deliveries, mails) */
void page_notification_open(Req *r);      /* GET  /notifications/{id}: marks read, redirects to its page */

#endif
