/* web_public.h: the public pages of the vote capability (public_pages.c):
 * a notice, a decision and a closed vote's result for anyone with the link,
 * and the lists a compound's public page (account/) shows. */
#ifndef GZ_VOTE_WEB_PUBLIC_H
#define GZ_VOTE_WEB_PUBLIC_H
#include <stdbool.h>
#include <stdint.h>

#include "http/req.h"
#include "vote/delib.h"
#include "vote/notice.h"

void page_notice_public(Req *r);   /* GET /public/notices/{id} */
void api_notice_public(Req *r);    /* GET /api/public/notices/{id} */
void page_decision_public(Req *r); /* GET /public/decisions/{id} */
void api_decision_public(Req *r);  /* GET /api/public/decisions/{id} */
void page_vote_public(Req *r);     /* GET /public/votes/{id}: the result once closed */
void api_vote_public(Req *r);      /* GET /api/public/votes/{id} */

/* The notices on near, inside it or above it, newest first, a page of at
 * most per_page after the cursor after (0: the first page); *next the
 * cursor of the next page (0: none); bodies as stored (the caller masks
 * what it shows). False on a storage error (not replied). */
bool vote_public_notices(Req *r, const char *near, int64_t after, int per_page, Notice **out, int *n, int64_t *next,
                         bool *bad_cursor);
/* The newest per_page decisions on near, inside it or above it. */
bool vote_public_decisions(Req *r, const char *near, int per_page, Decision **out, int *n);

#endif
