/* web_public.h: what anyone may read of the funds, signed in or not: a
 * fund's annual disclosure without the households' lines (export.c), and
 * the funds of a compound for its public page (account/). */
#ifndef GZ_FUNDS_WEB_PUBLIC_H
#define GZ_FUNDS_WEB_PUBLIC_H
#include <stdbool.h>
#include <stdint.h>

#include "funds/funds.h"
#include "http/req.h"

void page_fund_disclosure_public(Req *r); /* GET /public/funds/{id}/disclosure?year= */
void api_fund_disclosure_public(Req *r);  /* GET /api/public/funds/{id}/disclosure?year= */
/* The funds of a compound (a handful), in id order. False on a storage error (not replied). */
bool funds_public_of(Req *r, int64_t compound_id, Fund **out, int *n);

#endif
