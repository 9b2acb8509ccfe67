/* web_int.h: what the projects' adapters share (inside src/project/ only). */
#ifndef GZ_PROJECT_WEB_INT_H
#define GZ_PROJECT_WEB_INT_H
#include "project/project.h"
#include "project/web.h"
#include "site/site.h"

/* The row of msg in messages.c's table; NULL outside ProjectMsg. */
const ErrorText *project_err_text(ProjectMsg msg);
int project_err_status(ProjectMsg msg);
/* Replies with e (JSON or page as the route wants). */
void project_err_reply(Req *r, const ProjectErr *e);
/* The project named by the path's "id", with the read permission checked
 * (a project the caller may not read is answered 404 like one that does not
 * exist); replies itself and returns false otherwise. */
bool project_load_or_reply(Req *r, const Ctx *c, Project *p);

#endif
