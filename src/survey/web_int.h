/* web_int.h: what the survey's adapters (api.c, pages.c, export.c,
 * messages.c) share. Inside src/survey/ only. */
#ifndef GZ_SURVEY_WEB_INT_H
#define GZ_SURVEY_WEB_INT_H
#include "http/jsonin.h"
#include "site/site.h"
#include "survey/survey.h"
#include "survey/web.h"

void survey_err_reply(Req *r, const SurveyErr *e);
const ErrorText *survey_err_text(SurveyMsg msg);
/* The survey of the path's "id" the reader may see (a draft: managers only;
 * else PERM_TREE_READ on its node); replies 404 itself. */
bool survey_load_or_reply(Req *r, Survey *s);
/* The results as JSON: per question its denominator and counts with
 * percentages in tenths, per group when grouped (small cells hidden from
 * readers who do not manage the survey). */
void survey_results_json(Req *r, Buf *b, const Survey *s, const SurveyResults *res);
/* "92.3" from 923; "—" for -1. */
const char *survey_pct_text(Req *r, int pct10);
/* The XLSX of the results into r->out with its headers (export.c). */
void survey_results_xlsx_reply(Req *r, const Survey *s, const SurveyResults *res);

#endif
