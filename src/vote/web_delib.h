/* web_delib.h: what the adapters of deliberation (delib_api.c,
 * convention_api.c, panel_api.c, delib_pages.c, delib_forms.c) share over
 * the model of vote/delib.h: the reply of a model error. */
#ifndef GZ_VOTE_WEB_DELIB_H
#define GZ_VOTE_WEB_DELIB_H
#include "http/req.h"
#include "vote/delib.h"

/* The row of the error table for msg; NULL for a msg without one (a bug,
 * answered 500 by reply_error_text). */
const ErrorText *delib_error_text(DelibMsg msg);
/* Answers a model error: its status, code and sentence, naming e->field. */
void delib_err_reply(Req *r, const DelibErr *e);

/* How a commenter is named (delib_api.c): the user's display name and the
 * building and unit of their home ("1栋2单元"; NULL when none); *found false
 * when there is no such user. False on a storage error. */
bool delib_user_label(const Ctx *c, int64_t user_id, const char **display_name, const char **home, bool *found);
/* How a panel member is shown (panel_api.c): the household's address and
 * the name of the person drawn, or a shop's address and name. False on a
 * storage error. */
bool delib_panel_member_label(const Ctx *c, const PanelMember *m, const char **address, const char **name);

#endif
