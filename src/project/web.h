/* web.h: the projects' handlers, registered in routes.c (the only public
 * header of project/ that includes http/). */
#ifndef GZ_PROJECT_WEB_H
#define GZ_PROJECT_WEB_H
#include "http/req.h"

void api_projects_list(Req *r);        /* GET  /api/projects?compound=ID&per_page=&after= */
void api_project_create(Req *r);       /* POST /api/projects {title, compounds, response_minutes} */
void api_project_get(Req *r);          /* GET  /api/projects/{id}: items, due rounds, sign-offs, acceptances */
void api_project_items(Req *r);        /* GET  /api/projects/{id}/items */
void api_project_item_add(Req *r);     /* POST /api/projects/{id}/items */
void api_project_item_get(Req *r);     /* GET  /api/projects/{id}/items/{item} */
void api_project_item_start(Req *r);   /* POST /api/projects/{id}/items/{item}/start */
void api_project_inspections(Req *r);  /* GET  /api/projects/{id}/inspections?per_page=&after= */
void api_project_inspect(Req *r);      /* POST /api/projects/{id}/inspections */
void api_project_due(Req *r);          /* GET  /api/projects/{id}/due: the fortnightly round per item */
void api_project_defects(Req *r);      /* GET  /api/projects/{id}/defects?per_page=&after= */
void api_project_defect_fixed(Req *r); /* POST /api/projects/{id}/defects/{defect}/fixed */
void api_project_defect_recheck(Req *r); /* POST /api/projects/{id}/defects/{defect}/recheck {passed, days} */
void api_project_signoffs(Req *r);     /* GET  /api/projects/{id}/signoffs */
void api_project_signoff_add(Req *r);  /* POST /api/projects/{id}/signoffs {item_id, kind, title, test_report} */
void api_project_sign(Req *r);         /* POST /api/projects/{id}/signoffs/{signoff}/sign */
void api_project_report_add(Req *r);   /* POST /api/projects/{id}/signoffs/{signoff}/reports?kind=&filename= (raw body or multipart "file") */
void api_project_update(Req *r);       /* PATCH /api/projects/{id} {title, response_minutes} */
void api_project_concerns(Req *r);     /* GET  /api/projects/{id}/concerns */
void api_project_concern(Req *r);      /* POST /api/projects/{id}/concerns {description, category, place} */
void api_project_acceptances(Req *r);  /* GET  /api/projects/{id}/acceptances */
void api_project_accept(Req *r);       /* POST /api/projects/{id}/acceptances {stage, findings, signatories} */

void api_project_archive(Req *r);      /* GET  /api/projects/{id}/archive: the checklist */
void api_project_archive_docs(Req *r); /* GET  /api/projects/{id}/archive/documents?per_page=&after= */
void api_project_archive_doc_add(Req *r); /* POST /api/projects/{id}/archive/documents?kind=&title=&filename= (raw body or multipart "file") */
void api_project_archive_doc(Req *r);  /* GET  /api/projects/{id}/archive/documents/{doc}: the file */
void api_project_archive_zip(Req *r);  /* GET  /api/projects/{id}/archive.zip: the export (409 when incomplete) */
void api_project_handover(Req *r);     /* POST /api/projects/{id}/handovers {received_by} */
void api_project_handovers(Req *r);    /* GET  /api/projects/{id}/handovers?per_page=&after= */
void api_project_handover_zip(Req *r); /* GET  /api/projects/{id}/handovers/{handover}/archive.zip: the kept ZIP */
void api_partners_list(Req *r);        /* GET  /api/partners?compound=ID&per_page=&after= */
void api_partner_create(Req *r);       /* POST /api/partners {compound_id, name, credentials, references, project_id} */
void api_partner_get(Req *r);          /* GET  /api/partners/{id}: plan vs money in, obligations */
void api_partner_decide(Req *r);       /* POST /api/partners/{id}/decision {approve, note}: the committee */
void api_partner_contract(Req *r);     /* POST /api/partners/{id}/contract {contract_no, start, end, plan, obligations} */
void api_partner_income(Req *r);       /* POST /api/partners/{id}/income {line, amount, date} */
void api_partner_obligation_met(Req *r); /* POST /api/partners/{id}/obligations/{obligation}/met {note} */
void api_grants_list(Req *r);          /* GET  /api/grants?compound=ID&per_page=&after= */
void api_grant_apply(Req *r);          /* POST /api/grants {compound_id, title, purpose, budget} */
void api_grant_get(Req *r);            /* GET  /api/grants/{id}: with its spending (published) */
void api_grant_decide(Req *r);         /* POST /api/grants/{id}/decision {approve, note}: the committee */
void api_grant_spend(Req *r);          /* POST /api/grants/{id}/spending {amount, description, date} */
void api_facilities_list(Req *r);      /* GET  /api/facilities?compound=ID&per_page=&after= */
void api_facility_create(Req *r);      /* POST /api/facilities {compound_id, type, name, location, maintainer_org_id, warranty_until, project_id} */
void api_facility_get(Req *r);         /* GET  /api/facilities/{id}: with its work orders */
void api_facility_fault(Req *r);       /* POST /api/facilities/{id}/faults {description, category} */

void page_projects(Req *r);            /* GET  /projects: the newest projects the reader may see */
void page_project(Req *r);             /* GET  /projects/{id} */
void page_project_inspect(Req *r);     /* GET  /projects/{id}/items/{item}/inspect: the phone form */
void page_project_inspect_post(Req *r);/* POST /projects/{id}/items/{item}/inspect */
void page_project_sign_post(Req *r);
void page_project_report(Req *r);      /* GET  /projects/{id}/reports/{report}: the file, its own content type */   /* POST /projects/{id}/signoffs/{signoff}/sign */

#endif
