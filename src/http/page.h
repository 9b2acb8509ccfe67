/* page.h: the shared page chrome (cgit's ui-shared): head, navigation,
 * footer, forms. Large type, one column on a phone, zh-CN first. */
#ifndef GZ_PAGE_H
#define GZ_PAGE_H
#include "http/req.h"

/* Starts an HTML page: doctype, head with embedded CSS/htmx, header with
 * the user's name, language switch and navigation. title is escaped. */
void page_begin(Req *r, const char *title);
void page_end(Req *r);
/* The hidden CSRF input for a form of the signed-in user (empty when anonymous). */
void page_csrf_field(Req *r);

#endif
