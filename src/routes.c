/* routes.c: THE route table. Every endpoint of gongzhi is one line here.
 * It sits above every capability (it names their handlers), so http/ itself
 * knows no capability. Checked for duplicates at start-up (router_check).
 *
 * Columns:
 *   method   HTTP method
 *   pattern  path; {name} matches one segment, read with req_param(r, "name")
 *   handler  void handler(Req *r)
 *   perm     checked by the router before the handler runs, "somewhere in the
 *            tree"; the handler narrows it to the node it touches
 *   flags    R_API    JSON in and out, errors as JSON
 *            R_WRITE  changes state: one write transaction, committed only on
 *                     success; needs the CSRF token when signed in by cookie
 *            R_NOCSRF a write reachable before a session exists (login)
 *            R_SOLO   a write that commits part of its work itself: not group-committed
 *            R_UPLOAD the body may be up to max_upload instead of max_body
 *   query    R_API routes only, and required there (router_check): the query
 *            parameters the handler reads, space-separated, "" for none. Any
 *            other name is answered 400 unknown_param before the handler
 *            runs. Keep it in step with the handler's req_query* calls.
 *            Pages: NULL, unchecked (forms and links add what they like).
 */
#include "account/web.h"
#include "workorder/web.h" /* the handlers; workorder.h below is the model */
#include "workorder/web_stats.h"
#include "site/site.h"
#include "funds/web.h"
#include "safety/web.h"
#include "grid/grid.h"
#include "grid/web.h"
#include "http/assets.h"
#include "site/page.h"
#include "http/router.h"
#include "ops.h"
#include "workorder/workorder.h"
#include "vote/web.h"
#include "vote/web_progress.h"
#include "funds/web_charts.h"
#include "funds/web_public.h"
#include "vote/web_public.h"
#include "notify/web.h"
#include "device/web.h"
#include "project/web.h"
#include "results/web.h"
#include "life/web.h"
#include "survey/web.h"

const Route g_routes[] = {
/*  method    pattern                          handler                  perm                 flags, query */
    /* pages */
    {"GET",    "/",                             page_home_inbox,         PERM_PUBLIC,         0, NULL},
    {"GET",    "/login",                        page_login,              PERM_PUBLIC,         0, NULL},
    {"POST",   "/login",                        page_login_post,         PERM_PUBLIC,         R_WRITE | R_NOCSRF | R_SOLO, NULL},
    {"POST",   "/logout",                       page_logout_post,        PERM_LOGIN,          R_WRITE, NULL},
    {"GET",    "/lang",                         page_lang,               PERM_PUBLIC,         0, NULL},
    {"GET",    "/static/{name}",                asset_handler,           PERM_PUBLIC,         0, NULL},
    {"GET",    "/nodes/{id}",                   page_node,               PERM_TREE_READ,      0, NULL},
    {"GET",    "/households/{id}",              page_household,          PERM_REGISTER_READ,  0, NULL},
    {"POST",   "/households/{id}",              page_household_edit_post, PERM_REGISTER_EDIT, R_WRITE, NULL},
    {"POST",   "/households/{id}/persons",      page_person_add_post,    PERM_REGISTER_EDIT,  R_WRITE, NULL},
    {"GET",    "/persons/{id}/reveal",          page_person_reveal,      PERM_PII_FULL,       R_WRITE, NULL}, /* writes the audit event of the view */
    {"GET",    "/search",                       page_search,             PERM_REGISTER_READ,  0, NULL},
    {"POST",   "/search",                       page_search_post,        PERM_REGISTER_READ,  R_WRITE, NULL}, /* audited, counted */
    {"GET",    "/import",                       page_import,             PERM_IMPORT,         0, NULL},
    {"POST",   "/import",                       page_import_post,        PERM_IMPORT,         R_WRITE | R_UPLOAD, NULL},

    /* accounts */
    {"POST",   "/api/login",                    api_login,               PERM_PUBLIC,         R_API | R_WRITE | R_NOCSRF | R_SOLO, ""},
    {"POST",   "/api/logout",                   api_logout,              PERM_LOGIN,          R_API | R_WRITE, ""},
    {"GET",    "/api/me",                       api_me,                  PERM_LOGIN,          R_API, ""},
    {"GET",    "/api/me/todo",                  api_me_todo,             PERM_LOGIN,          R_API, ""},
    {"POST",   "/api/tokens",                   api_tokens_create,       PERM_LOGIN,          R_API | R_WRITE, ""},

    /* the grid tree and the household register */
    {"GET",    "/api/compounds",                api_compounds,           PERM_TREE_READ,      R_API, "page per_page"},
    {"GET",    "/api/nodes/{id}",               api_node_get,            PERM_TREE_READ,      R_API, ""},
    {"POST",   "/api/nodes",                    api_node_create,         PERM_TREE_EDIT,      R_API | R_WRITE, ""},
    {"PATCH",  "/api/nodes/{id}",               api_node_update,         PERM_TREE_EDIT,      R_API | R_WRITE, ""},
    {"GET",    "/api/households",               api_households,          PERM_REGISTER_READ,  R_API, "compound page per_page after"},
    {"POST",   "/api/households",               api_household_create,    PERM_REGISTER_EDIT,  R_API | R_WRITE, ""},
    {"GET",    "/api/households/{id}",          api_household_get,       PERM_REGISTER_READ,  R_API, ""},
    {"PATCH",  "/api/households/{id}",          api_household_update,    PERM_REGISTER_EDIT,  R_API | R_WRITE, ""},
    {"POST",   "/api/households/{id}/persons",  api_person_create,       PERM_REGISTER_EDIT,  R_API | R_WRITE, ""},
    {"POST",   "/api/households/{id}/owners",   api_owner_create,        PERM_REGISTER_EDIT,  R_API | R_WRITE, ""},
    {"PATCH",  "/api/persons/{id}",             api_person_update,       PERM_REGISTER_EDIT,  R_API | R_WRITE, ""},
    {"DELETE", "/api/persons/{id}",             api_person_delete,       PERM_REGISTER_EDIT,  R_API | R_WRITE, ""},
    {"GET",    "/api/persons/{id}/pii",         api_person_reveal,       PERM_PII_FULL,       R_API | R_WRITE, ""}, /* audited view */
    {"GET",    "/api/shops",                    api_shops,               PERM_TREE_READ,      R_API, "compound page per_page after"},
    {"GET",    "/api/search",                   api_search,              PERM_REGISTER_READ,  R_API | R_WRITE, "q"}, /* audited, counted */
    {"POST",   "/api/import",                   api_import,              PERM_IMPORT,         R_API | R_WRITE | R_UPLOAD, "dry_run format"},

    /* work orders (src/workorder/): one line per endpoint, keep this comment last in the block */
    {"GET",    "/workorders",                   page_wo_list,            PERM_LOGIN,          0, NULL},
    {"GET",    "/workorders/new",               page_wo_new,             PERM_WO_REPORT,      0, NULL},
    {"POST",   "/workorders",                   page_wo_create_post,     PERM_WO_REPORT,      R_WRITE | R_UPLOAD, NULL},
    {"GET",    "/workorders/metrics",           page_wo_metrics,         PERM_WO_READ,        0, NULL},
    {"POST",   "/workorders/bulk",              page_wo_bulk_post,       PERM_WO_DISPATCH,    R_WRITE, NULL},
    {"GET",    "/workorders/export.xlsx",       page_wo_export,          PERM_WO_READ,        0, NULL},
    {"GET",    "/workorders/stats",             page_wo_stats,           PERM_WO_READ,        0, NULL},
    {"GET",    "/workorders/{id}",              page_wo_view,            PERM_LOGIN,          0, NULL},
    {"POST",   "/workorders/{id}/act",          page_wo_act_post,        PERM_LOGIN,          R_WRITE | R_UPLOAD, NULL},
    {"GET",    "/compounds/{id}/workorders",    page_wo_public,          PERM_PUBLIC,         0, NULL},
    {"GET",    "/workorders/config",            page_wo_config,          PERM_WO_CONFIG,      0, NULL},
    {"POST",   "/workorders/config/sla",        page_wo_config_sla_post, PERM_WO_CONFIG,      R_WRITE, NULL},
    {"POST",   "/workorders/config/calendar",   page_wo_config_cal_post, PERM_WO_CONFIG,      R_WRITE, NULL},
    {"POST",   "/workorders/config/calendar-day", page_wo_config_day_post, PERM_WO_CONFIG,    R_WRITE, NULL},
    {"POST",   "/workorders/config/ladder",     page_wo_config_ladder_post, PERM_WO_CONFIG,   R_WRITE, NULL},
    {"POST",   "/workorders/config/settings",   page_wo_config_settings_post, PERM_WO_CONFIG, R_WRITE, NULL},
    {"GET",    "/api/workorders/categories",    api_wo_categories,       PERM_LOGIN,          R_API, ""},
    {"POST",   "/api/workorders",               api_wo_create,           PERM_WO_REPORT,      R_API | R_WRITE, ""},
    {"GET",    "/api/workorders",               api_wo_list,             PERM_LOGIN,          R_API, "status state category grid compound node mine assigned overdue page per_page after"},
    {"POST",   "/api/workorders/bulk",          api_wo_bulk,             PERM_WO_DISPATCH,    R_API | R_WRITE, ""},
    {"GET",    "/api/workorders/metrics",       api_wo_metrics,          PERM_WO_READ,        R_API, "by node from to"},
    {"GET",    "/api/workorders/stats",         api_wo_stats,            PERM_WO_READ,        R_API, "node"},
    {"POST",   "/api/workorders/sweep",         api_wo_sweep,            PERM_LOGIN,          R_API | R_WRITE, ""}, /* WO_DISPATCH or WO_CONFIG, checked inside */
    {"GET",    "/api/workorders/sla-policies",  api_wo_sla_list,         PERM_WO_CONFIG,      R_API, ""},
    {"POST",   "/api/workorders/sla-policies",  api_wo_sla_set,          PERM_WO_CONFIG,      R_API | R_WRITE, ""},
    {"POST",   "/api/workorders/calendars",     api_wo_calendar_create,  PERM_WO_CONFIG,      R_API | R_WRITE, ""},
    {"POST",   "/api/workorders/calendars/{id}/days", api_wo_calendar_day, PERM_WO_CONFIG,    R_API | R_WRITE, ""},
    {"GET",    "/api/workorders/events",        api_wo_events,           PERM_WO_CONFIG,      R_API, "since limit"},
    {"POST",   "/api/workorders/escalation",    api_wo_ladder_set,       PERM_WO_CONFIG,      R_API | R_WRITE, ""},
    {"POST",   "/api/workorders/settings",      api_wo_settings_set,     PERM_WO_CONFIG,      R_API | R_WRITE, ""},
    {"GET",    "/api/workorders/orgs",          api_wo_orgs,             PERM_WO_DISPATCH,    R_API, "order"},
    {"GET",    "/api/workorders/photos/{id}",   api_wo_photo_get,        PERM_LOGIN,          R_API, ""},
    {"GET",    "/api/workorders/{id}",          api_wo_get,              PERM_LOGIN,          R_API, ""},
    {"POST",   "/api/workorders/{id}/transition", api_wo_transition,     PERM_LOGIN,          R_API | R_WRITE, ""},
    {"POST",   "/api/workorders/{id}/comments", api_wo_comment,          PERM_LOGIN,          R_API | R_WRITE, ""},
    {"POST",   "/api/workorders/{id}/photos",   api_wo_photo_add,        PERM_LOGIN,          R_API | R_WRITE | R_UPLOAD, ""},
    {"GET",    "/open311/v2/services.json",     o311_services,           PERM_PUBLIC,         0, NULL},
    {"GET",    "/open311/v2/services.xml",      o311_services,           PERM_PUBLIC,         0, NULL},
    {"GET",    "/open311/v2/services/{code}",   o311_service,            PERM_PUBLIC,         0, NULL},
    {"GET",    "/open311/v2/requests.json",     o311_requests,           PERM_PUBLIC,         0, NULL},
    {"GET",    "/open311/v2/requests.xml",      o311_requests,           PERM_PUBLIC,         0, NULL},
    {"POST",   "/open311/v2/requests.json",     o311_request_post,       PERM_PUBLIC,         R_WRITE | R_NOCSRF, NULL}, /* api_key only, never the cookie */
    {"POST",   "/open311/v2/requests.xml",      o311_request_post,       PERM_PUBLIC,         R_WRITE | R_NOCSRF, NULL},
    {"GET",    "/open311/v2/requests/{id}",     o311_request,            PERM_PUBLIC,         0, NULL},
    {"GET",    "/open311/v2/servicerequestupdates.json", o311_updates,   PERM_PUBLIC,         0, NULL},
    {"GET",    "/open311/v2/servicerequestupdates.xml",  o311_updates,   PERM_PUBLIC,         0, NULL},
    /* end of work orders */

    /* deliberation and votes (src/vote/) */
    {"GET",    "/api/votes",                    api_votes_list,          PERM_TREE_READ,      R_API, "node status page per_page after"},
    {"POST",   "/api/votes",                    api_vote_create,         PERM_DELIB_MANAGE,   R_API | R_WRITE, ""},
    {"GET",    "/api/votes/{id}",               api_vote_get,            PERM_TREE_READ,      R_API, ""},
    {"POST",   "/api/votes/{id}/open",          api_vote_open,           PERM_DELIB_MANAGE,   R_API | R_WRITE, ""},
    {"POST",   "/api/votes/{id}/close",         api_vote_close,          PERM_DELIB_MANAGE,   R_API | R_WRITE, ""},
    {"POST",   "/api/votes/close-due",          api_votes_close_due,     PERM_DELIB_MANAGE,   R_API | R_WRITE, ""},
    {"POST",   "/api/votes/{id}/ballots",       api_vote_ballot_cast,    PERM_VOTE_CAST,      R_API | R_WRITE, ""},
    {"GET",    "/api/votes/{id}/ballots",       api_vote_ballots_list,   PERM_TREE_READ,      R_API, "pending page per_page after"},
    {"POST",   "/api/votes/{id}/paper-ballots", api_vote_paper_ballot,   PERM_PAPER_BALLOT,   R_API | R_WRITE, ""},
    {"POST",   "/api/votes/{id}/ballots/{bid}/confirm", api_vote_ballot_confirm, PERM_PAPER_BALLOT, R_API | R_WRITE, ""},
    {"GET",    "/api/votes/{id}/result",        api_vote_result,         PERM_TREE_READ,      R_API, ""},
    {"GET",    "/api/votes/{id}/progress",      api_vote_progress,       PERM_TREE_READ,      R_API, ""},
    {"GET",    "/api/votes/{id}/result.csv",    api_vote_result_csv,     PERM_TREE_READ,      R_API, ""},
    {"GET",    "/api/votes/{id}/result.xlsx",   api_vote_result_xlsx,    PERM_TREE_READ,      R_API, ""},
    {"GET",    "/api/notices",                  api_notices_list,        PERM_TREE_READ,      R_API, "node kind source_entity source_id page per_page after"},
    {"GET",    "/api/notices.csv",              api_notices_csv,         PERM_TREE_READ,      R_API, ""},
    {"GET",    "/api/notices.xlsx",             api_notices_xlsx,        PERM_TREE_READ,      R_API, ""},
    {"POST",   "/api/notices",                  api_notice_create,       PERM_NOTICE_PUBLISH, R_API | R_WRITE, ""},
    {"GET",    "/api/notices/{id}",             api_notice_get,          PERM_TREE_READ,      R_API, ""},
    {"PATCH",  "/api/notices/{id}",             api_notice_edit_refused, PERM_NOTICE_PUBLISH, R_API | R_WRITE, ""},
    {"PUT",    "/api/notices/{id}",             api_notice_edit_refused, PERM_NOTICE_PUBLISH, R_API | R_WRITE, ""},
    {"DELETE", "/api/notices/{id}",             api_notice_edit_refused, PERM_NOTICE_PUBLISH, R_API | R_WRITE, ""},
    {"POST",   "/api/notices/{id}/objections",  api_notice_objection,    PERM_TREE_READ,      R_API | R_WRITE, ""},
    {"GET",    "/api/topics",                   api_topics_list,         PERM_TREE_READ,      R_API, "node"},
    {"POST",   "/api/topics",                   api_topic_create,        PERM_TOPIC_PROPOSE,  R_API | R_WRITE, ""},
    {"GET",    "/api/topics/{id}",              api_topic_get,           PERM_TREE_READ,      R_API, ""},
    {"POST",   "/api/topics/{id}/support",      api_topic_support,       PERM_TOPIC_PROPOSE,  R_API | R_WRITE, ""},
    {"POST",   "/api/topics/{id}/comments",     api_topic_comment,       PERM_TOPIC_PROPOSE,  R_API | R_WRITE, ""},
    {"GET",    "/api/meetings",                 api_meetings_list,       PERM_TREE_READ,      R_API, "node page per_page after"},
    {"POST",   "/api/meetings",                 api_meeting_create,      PERM_DELIB_MANAGE,   R_API | R_WRITE, ""},
    {"GET",    "/api/meetings/{id}",            api_meeting_get,         PERM_TREE_READ,      R_API, ""},
    {"POST",   "/api/meetings/{id}/attendance", api_meeting_attendance,  PERM_DELIB_MANAGE,   R_API | R_WRITE, ""},
    {"POST",   "/api/meetings/{id}/minutes",    api_meeting_minutes,     PERM_DELIB_MANAGE,   R_API | R_WRITE, ""},
    {"POST",   "/api/meetings/{id}/publish",    api_meeting_publish,     PERM_DELIB_MANAGE,   R_API | R_WRITE, ""},
    {"POST",   "/api/meetings/{id}/agenda",     api_meeting_agenda,      PERM_DELIB_MANAGE,   R_API | R_WRITE, ""},
    {"POST",   "/api/panels",                   api_panel_create,        PERM_DELIB_MANAGE,   R_API | R_WRITE, ""},
    {"GET",    "/api/panels/{id}",              api_panel_get,           PERM_TREE_READ,      R_API, ""},
    {"GET",    "/api/conventions",              api_conventions_list,    PERM_TREE_READ,      R_API, ""},
    {"POST",   "/api/conventions",              api_convention_create,   PERM_DELIB_MANAGE,   R_API | R_WRITE, ""},
    {"GET",    "/api/conventions/{id}",         api_convention_get,      PERM_TREE_READ,      R_API, ""},
    {"POST",   "/api/conventions/{id}/versions", api_convention_version, PERM_DELIB_MANAGE,   R_API | R_WRITE, ""},
    {"POST",   "/api/conventions/{id}/comments", api_convention_comment, PERM_TOPIC_PROPOSE,  R_API | R_WRITE, ""},
    {"POST",   "/api/conventions/{id}/vote",    api_convention_vote,     PERM_DELIB_MANAGE,   R_API | R_WRITE, ""},
    {"GET",    "/api/decisions",                api_decisions_list,      PERM_TREE_READ,      R_API, "node page per_page after"},
    {"POST",   "/api/decisions",                api_decision_create,     PERM_DELIB_MANAGE,   R_API | R_WRITE, ""},
    {"GET",    "/api/decisions/{id}",           api_decision_get,        PERM_TREE_READ,      R_API, ""},
    {"POST",   "/api/decisions/{id}/advance",   api_decision_advance,    PERM_DELIB_MANAGE,   R_API | R_WRITE, ""},
    {"GET",    "/votes",                        page_votes,              PERM_TREE_READ,      0, NULL},
    {"GET",    "/votes/new",                    page_vote_new,           PERM_DELIB_MANAGE,   0, NULL},
    {"POST",   "/votes/new",                    page_vote_new_post,      PERM_DELIB_MANAGE,   R_WRITE, NULL},
    {"GET",    "/votes/{id}",                   page_vote,               PERM_TREE_READ,      0, NULL},
    {"POST",   "/votes/{id}/ballot",            page_vote_ballot_post,   PERM_VOTE_CAST,      R_WRITE, NULL},
    {"POST",   "/votes/{id}/paper",             page_vote_paper_post,    PERM_PAPER_BALLOT,   R_WRITE, NULL},
    {"POST",   "/votes/{id}/ballots/{bid}/confirm", page_vote_confirm_post, PERM_PAPER_BALLOT, R_WRITE, NULL},
    {"POST",   "/votes/{id}/open",              page_vote_open_post,     PERM_DELIB_MANAGE,   R_WRITE, NULL},
    {"POST",   "/votes/{id}/close",             page_vote_close_post,    PERM_DELIB_MANAGE,   R_WRITE, NULL},
    {"GET",    "/votes/{id}/close",             page_vote_close_confirm, PERM_DELIB_MANAGE,   0, NULL},
    {"GET",    "/votes/{id}/print",             page_vote_print,         PERM_TREE_READ,      0, NULL},
    {"GET",    "/votes/{id}/paper-ballots/{hid}/print", page_vote_ballot_paper, PERM_PAPER_BALLOT, 0, NULL},
    {"GET",    "/votes/{id}/paper-ballots/print", page_vote_ballots_print, PERM_PAPER_BALLOT,  0, NULL}, /* every ballot still wanted */
    {"GET",    "/notices/{id}/print",           page_notice_print,       PERM_TREE_READ,      0, NULL},
    {"GET",    "/decisions/{id}/print",         page_decision_print,     PERM_TREE_READ,      0, NULL},
    {"GET",    "/notices",                      page_notices,            PERM_TREE_READ,      0, NULL},
    {"GET",    "/notices/{id}",                 page_notice,             PERM_TREE_READ,      0, NULL},
    {"GET",    "/topics",                       page_topics,             PERM_TREE_READ,      0, NULL},
    {"POST",   "/topics",                       page_topic_new_post,     PERM_TOPIC_PROPOSE,  R_WRITE, NULL},
    {"GET",    "/topics/{id}",                  page_topic,              PERM_TREE_READ,      0, NULL},
    {"POST",   "/topics/{id}/support",          page_topic_support_post, PERM_TOPIC_PROPOSE,  R_WRITE, NULL},
    {"GET",    "/meetings",                     page_meetings,           PERM_TREE_READ,      0, NULL},
    {"GET",    "/meetings/{id}",                page_meeting,            PERM_TREE_READ,      0, NULL},
    {"GET",    "/conventions/{id}",             page_convention,         PERM_TREE_READ,      0, NULL},
    {"GET",    "/panels/{id}",                  page_panel,              PERM_TREE_READ,      0, NULL},
    {"GET",    "/decisions/{id}",               page_decision,           PERM_TREE_READ,      0, NULL},
    {"POST",   "/votes/close-due",              page_votes_close_due_post, PERM_DELIB_MANAGE, R_WRITE, NULL},
    {"GET",    "/meetings/new",                 page_meeting_new,        PERM_DELIB_MANAGE,   0, NULL},
    {"POST",   "/meetings/new",                 page_meeting_new_post,   PERM_DELIB_MANAGE,   R_WRITE, NULL},
    {"POST",   "/meetings/{id}/agenda",         page_meeting_agenda_post, PERM_DELIB_MANAGE,  R_WRITE, NULL},
    {"POST",   "/meetings/{id}/attendance",     page_meeting_attendance_post, PERM_DELIB_MANAGE, R_WRITE, NULL},
    {"POST",   "/meetings/{id}/minutes",        page_meeting_minutes_post, PERM_DELIB_MANAGE, R_WRITE, NULL},
    {"POST",   "/meetings/{id}/publish",        page_meeting_publish_post, PERM_DELIB_MANAGE, R_WRITE, NULL},
    {"POST",   "/topics/{id}/comments",         page_topic_comment_post, PERM_TOPIC_PROPOSE,  R_WRITE, NULL},
    {"POST",   "/topics/{id}/agenda",           page_topic_agenda_post,  PERM_DELIB_MANAGE,   R_WRITE, NULL},
    {"GET",    "/panels/new",                   page_panel_new,          PERM_DELIB_MANAGE,   0, NULL},
    {"POST",   "/panels/new",                   page_panel_new_post,     PERM_DELIB_MANAGE,   R_WRITE, NULL},
    {"GET",    "/conventions/new",              page_convention_new,     PERM_DELIB_MANAGE,   0, NULL},
    {"POST",   "/conventions/new",              page_convention_new_post, PERM_DELIB_MANAGE,  R_WRITE, NULL},
    {"POST",   "/conventions/{id}/comments",    page_convention_comment_post, PERM_TOPIC_PROPOSE, R_WRITE, NULL},
    {"POST",   "/conventions/{id}/versions",    page_convention_version_post, PERM_DELIB_MANAGE, R_WRITE, NULL},
    {"POST",   "/conventions/{id}/vote",        page_convention_vote_post, PERM_DELIB_MANAGE, R_WRITE, NULL},
    {"GET",    "/decisions/new",                page_decision_new,       PERM_DELIB_MANAGE,   0, NULL},
    {"POST",   "/decisions/new",                page_decision_new_post,  PERM_DELIB_MANAGE,   R_WRITE, NULL},
    {"POST",   "/decisions/{id}/advance",       page_decision_advance_post, PERM_DELIB_MANAGE, R_WRITE, NULL},
    /* end of deliberation and votes */

    /* funds (src/funds/) */
    {"GET",    "/funds",                        page_funds,              PERM_TREE_READ,      0, NULL},
    {"GET",    "/funds/{id}",                   page_fund,               PERM_TREE_READ,      0, NULL},
    {"GET",    "/funds/{id}/payments/new",      page_payment_new,        PERM_PAYMENT_REQUEST, 0, NULL},
    {"POST",   "/funds/{id}/payments",          page_payment_new_post,   PERM_PAYMENT_REQUEST, R_WRITE | R_UPLOAD, NULL}, /* multipart: the basis files */
    {"GET",    "/payments/{id}",                page_payment,            PERM_TREE_READ,      0, NULL},
    {"POST",   "/payments/{id}/{action}",       page_payment_action_post, PERM_LOGIN,         R_WRITE, NULL}, /* approve, reject, disburse: the handler checks */
    {"GET",    "/households/{id}/funds",        page_household_funds,    PERM_REGISTER_READ,  0, NULL},
    {"GET",    "/funds/{id}/disclosure",        page_fund_disclosure,    PERM_TREE_READ,      0, NULL},
    {"GET",    "/funds/{id}/statement",         page_fund_statement,     PERM_TREE_READ,      0, NULL},
    {"GET",    "/funds/{id}/ledger",            page_fund_ledger,        PERM_FUNDS_READ,     0, NULL},
    {"GET",    "/levies/{id}",                  page_levy,               PERM_FUNDS_READ,     0, NULL},
    {"POST",   "/funds/setup",                  page_funds_setup_post,   PERM_FUNDS_MANAGE,   R_WRITE, NULL},
    {"POST",   "/funds/{id}/accounts",          page_fund_account_post,  PERM_FUNDS_MANAGE,   R_WRITE, NULL},
    {"GET",    "/funds/{id}/income/new",        page_fund_income_new,    PERM_FUNDS_MANAGE,   0, NULL},
    {"POST",   "/funds/{id}/income",            page_fund_income_post,   PERM_FUNDS_MANAGE,   R_WRITE, NULL},
    {"GET",    "/funds/{id}/levies/new",        page_levy_new,           PERM_FUNDS_MANAGE,   0, NULL},
    {"POST",   "/funds/{id}/levies",            page_levy_post,          PERM_FUNDS_MANAGE,   R_WRITE, NULL},
    {"POST",   "/levies/{id}/payments",         page_levy_pay_post,      PERM_FUNDS_MANAGE,   R_WRITE, NULL},
    {"GET",    "/receipts/{id}",                page_receipt,            PERM_LOGIN,          0, NULL}, /* the household or FUNDS_READ: the handler checks */
    {"POST",   "/funds/{id}/budget",            page_fund_budget_post,   PERM_FUNDS_MANAGE,   R_WRITE, NULL},
    {"GET",    "/funds/{id}/reconcile",         page_fund_reconcile,     PERM_FUNDS_MANAGE,   0, NULL},
    {"POST",   "/funds/{id}/reconcile",         page_fund_reconcile_post, PERM_FUNDS_MANAGE,  R_WRITE | R_UPLOAD, NULL},
    {"POST",   "/payments/{id}/documents",      page_payment_doc_post,   PERM_LOGIN,          R_WRITE | R_UPLOAD, NULL}, /* the requester or finance: the handler checks */
    {"GET",    "/payments/{id}/documents/{doc}", page_payment_doc_get,   PERM_TREE_READ,      0, NULL},
    {"GET",    "/api/funds",                    api_funds_list,          PERM_TREE_READ,      R_API, "compound"},
    {"POST",   "/api/funds/setup",              api_funds_setup,         PERM_FUNDS_MANAGE,   R_API | R_WRITE, ""},
    {"GET",    "/api/funds/{id}",               api_fund_get,            PERM_TREE_READ,      R_API, ""},
    {"POST",   "/api/funds/{id}/accounts",      api_fund_account_create, PERM_FUNDS_MANAGE,   R_API | R_WRITE, ""},
    {"POST",   "/api/funds/{id}/income",        api_fund_income,         PERM_FUNDS_MANAGE,   R_API | R_WRITE, ""},
    {"POST",   "/api/funds/{id}/budget",        api_fund_budget,         PERM_FUNDS_MANAGE,   R_API | R_WRITE, ""},
    {"GET",    "/api/funds/{id}/statement",     api_fund_statement,      PERM_TREE_READ,      R_API, "month"},
    {"GET",    "/api/funds/{id}/monthly",       api_fund_monthly,        PERM_TREE_READ,      R_API, ""},
    {"GET",    "/api/funds/{id}/arrears",       api_fund_arrears,        PERM_FUNDS_READ,     R_API, ""},
    {"GET",    "/api/funds/{id}/disclosure",    api_fund_disclosure,     PERM_TREE_READ,      R_API, "year format"},
    {"POST",   "/api/funds/{id}/reconcile",     api_fund_reconcile,      PERM_FUNDS_MANAGE,   R_API | R_WRITE | R_UPLOAD, ""},
    {"GET",    "/api/funds/{id}/households",    api_fund_households,     PERM_FUNDS_READ,     R_API, ""},
    {"GET",    "/api/households/{id}/funds",    api_household_funds,     PERM_LOGIN,          R_API, ""}, /* the household (REGISTER_READ) or FUNDS_READ: the handler checks */
    {"GET",    "/api/ledger",                   api_ledger_entries,      PERM_FUNDS_READ,     R_API, "fund page per_page after"},
    {"POST",   "/api/ledger",                   api_ledger_post,         PERM_FUNDS_MANAGE,   R_API | R_WRITE, ""},
    {"GET",    "/api/ledger/check",             api_ledger_check,        PERM_FUNDS_READ,     R_API, ""},
    {"GET",    "/api/ledger/accounts/{id}",     api_account_balance,     PERM_LOGIN,          R_API, "derive"}, /* the handler checks the account's scope */
    {"POST",   "/api/ledger/{id}/reverse",      api_ledger_reverse,      PERM_FUNDS_MANAGE,   R_API | R_WRITE, ""},
    {"GET",    "/api/levies",                   api_levies_list,         PERM_TREE_READ,      R_API, "fund"},
    {"POST",   "/api/levies",                   api_levy_create,         PERM_FUNDS_MANAGE,   R_API | R_WRITE, ""},
    {"GET",    "/api/levies/{id}",              api_levy_get,            PERM_FUNDS_READ,     R_API, ""},
    {"POST",   "/api/levies/{id}/payments",     api_levy_pay,            PERM_FUNDS_MANAGE,   R_API | R_WRITE, ""},
    {"GET",    "/api/payments",                 api_payments_list,       PERM_TREE_READ,      R_API, "fund status page per_page after"},
    {"POST",   "/api/payments",                 api_payment_create,      PERM_PAYMENT_REQUEST, R_API | R_WRITE, ""},
    {"GET",    "/api/payments/{id}",            api_payment_get,         PERM_TREE_READ,      R_API, ""},
    {"POST",   "/api/payments/{id}/approve",    api_payment_approve,     PERM_PAYMENT_APPROVE, R_API | R_WRITE, ""},
    {"POST",   "/api/payments/{id}/reject",     api_payment_reject,      PERM_PAYMENT_APPROVE, R_API | R_WRITE, ""},
    {"POST",   "/api/payments/{id}/disburse",   api_payment_disburse,    PERM_FUNDS_MANAGE,   R_API | R_WRITE, ""},
    {"POST",   "/api/payments/{id}/documents",  api_payment_doc_add,     PERM_LOGIN,          R_API | R_WRITE | R_UPLOAD, "kind filename"}, /* the requester or finance: the handler checks */
    /* end of funds */

    /* projects (src/project/) */
    {"GET",    "/api/projects",                 api_projects_list,       PERM_TREE_READ,      R_API, "compound per_page after"},
    {"POST",   "/api/projects",                 api_project_create,      PERM_PROJECT_MANAGE, R_API | R_WRITE, ""},
    {"GET",    "/api/projects/{id}",            api_project_get,         PERM_TREE_READ,      R_API, ""},
    {"GET",    "/api/projects/{id}/items",      api_project_items,       PERM_TREE_READ,      R_API, ""},
    {"POST",   "/api/projects/{id}/items",      api_project_item_add,    PERM_PROJECT_MANAGE, R_API | R_WRITE, ""},
    {"GET",    "/api/projects/{id}/items/{item}", api_project_item_get,  PERM_TREE_READ,      R_API, ""},
    {"POST",   "/api/projects/{id}/items/{item}/start", api_project_item_start, PERM_PROJECT_MANAGE, R_API | R_WRITE, ""},
    {"GET",    "/api/projects/{id}/due",        api_project_due,         PERM_TREE_READ,      R_API, ""},
    {"GET",    "/api/projects/{id}/inspections", api_project_inspections, PERM_TREE_READ,     R_API, "per_page after"},
    {"POST",   "/api/projects/{id}/inspections", api_project_inspect,    PERM_PROJECT_INSPECT, R_API | R_WRITE, ""},
    {"GET",    "/api/projects/{id}/defects",    api_project_defects,     PERM_TREE_READ,      R_API, "per_page after"},
    {"POST",   "/api/projects/{id}/defects/{defect}/fixed", api_project_defect_fixed, PERM_PROJECT_INSPECT, R_API | R_WRITE, ""},
    {"POST",   "/api/projects/{id}/defects/{defect}/recheck", api_project_defect_recheck, PERM_PROJECT_INSPECT, R_API | R_WRITE, ""},
    {"GET",    "/api/projects/{id}/signoffs",   api_project_signoffs,    PERM_TREE_READ,      R_API, ""},
    {"POST",   "/api/projects/{id}/signoffs",   api_project_signoff_add, PERM_PROJECT_INSPECT, R_API | R_WRITE, ""},
    {"POST",   "/api/projects/{id}/signoffs/{signoff}/sign", api_project_sign, PERM_LOGIN,    R_API | R_WRITE, ""}, /* a named representative: the model checks */
    {"POST",   "/api/projects/{id}/signoffs/{signoff}/reports", api_project_report_add, PERM_PROJECT_INSPECT, R_API | R_WRITE | R_UPLOAD, "kind filename"},
    {"PATCH",  "/api/projects/{id}",            api_project_update,      PERM_PROJECT_MANAGE, R_API | R_WRITE, ""},
    {"GET",    "/api/projects/{id}/concerns",   api_project_concerns,    PERM_TREE_READ,      R_API, ""},
    {"POST",   "/api/projects/{id}/concerns",   api_project_concern,     PERM_TREE_READ,      R_API | R_WRITE, ""},
    {"GET",    "/api/projects/{id}/acceptances", api_project_acceptances, PERM_TREE_READ,     R_API, ""},
    {"POST",   "/api/projects/{id}/acceptances", api_project_accept,     PERM_PROJECT_INSPECT, R_API | R_WRITE, ""},
    {"GET",    "/projects",                     page_projects,           PERM_TREE_READ,      0, NULL},
    {"GET",    "/projects/{id}",                page_project,            PERM_TREE_READ,      0, NULL},
    {"GET",    "/projects/{id}/items/{item}/inspect", page_project_inspect, PERM_PROJECT_INSPECT, 0, NULL},
    {"POST",   "/projects/{id}/items/{item}/inspect", page_project_inspect_post, PERM_PROJECT_INSPECT, R_WRITE, NULL},
    {"POST",   "/projects/{id}/signoffs/{signoff}/sign", page_project_sign_post, PERM_LOGIN, R_WRITE, NULL},
    {"GET",    "/projects/{id}/reports/{report}", page_project_report,  PERM_TREE_READ,      0, NULL},
    {"GET",    "/api/projects/{id}/archive",    api_project_archive,     PERM_TREE_READ,      R_API, ""},
    {"GET",    "/api/projects/{id}/archive/documents", api_project_archive_docs, PERM_TREE_READ, R_API, "per_page after"},
    {"POST",   "/api/projects/{id}/archive/documents", api_project_archive_doc_add, PERM_PROJECT_MANAGE, R_API | R_WRITE | R_UPLOAD, "kind title filename"},
    {"GET",    "/api/projects/{id}/archive/documents/{doc}", api_project_archive_doc, PERM_TREE_READ, R_API, ""},
    {"GET",    "/api/projects/{id}/archive.zip", api_project_archive_zip, PERM_TREE_READ,     R_API, ""},
    {"GET",    "/api/projects/{id}/handovers",  api_project_handovers,   PERM_TREE_READ,      R_API, "per_page after"},
    {"POST",   "/api/projects/{id}/handovers",  api_project_handover,    PERM_PROJECT_MANAGE, R_API | R_WRITE, ""},
    {"GET",    "/api/projects/{id}/handovers/{handover}/archive.zip", api_project_handover_zip, PERM_TREE_READ, R_API, ""},
    {"GET",    "/api/partners",                 api_partners_list,       PERM_TREE_READ,      R_API, "compound per_page after"},
    {"POST",   "/api/partners",                 api_partner_create,      PERM_PROJECT_MANAGE, R_API | R_WRITE, ""},
    {"GET",    "/api/partners/{id}",            api_partner_get,         PERM_TREE_READ,      R_API, ""},
    {"POST",   "/api/partners/{id}/decision",   api_partner_decide,      PERM_DELIB_MANAGE,   R_API | R_WRITE, ""},
    {"POST",   "/api/partners/{id}/contract",   api_partner_contract,    PERM_PROJECT_MANAGE, R_API | R_WRITE, ""},
    {"POST",   "/api/partners/{id}/income",     api_partner_income,      PERM_FUNDS_MANAGE,   R_API | R_WRITE, ""},
    {"POST",   "/api/partners/{id}/obligations/{obligation}/met", api_partner_obligation_met, PERM_PROJECT_MANAGE, R_API | R_WRITE, ""},
    {"GET",    "/api/grants",                   api_grants_list,         PERM_TREE_READ,      R_API, "compound per_page after"},
    {"POST",   "/api/grants",                   api_grant_apply,         PERM_LOGIN,          R_API | R_WRITE, ""}, /* project managers or the committee of the compound: the handler checks */
    {"GET",    "/api/grants/{id}",              api_grant_get,           PERM_TREE_READ,      R_API, ""},
    {"POST",   "/api/grants/{id}/decision",     api_grant_decide,        PERM_DELIB_MANAGE,   R_API | R_WRITE, ""},
    {"POST",   "/api/grants/{id}/spending",     api_grant_spend,         PERM_LOGIN,          R_API | R_WRITE, ""}, /* project managers or the committee: the handler checks */
    {"GET",    "/api/facilities",               api_facilities_list,     PERM_TREE_READ,      R_API, "compound per_page after"},
    {"POST",   "/api/facilities",               api_facility_create,     PERM_PROJECT_MANAGE, R_API | R_WRITE, ""},
    {"GET",    "/api/facilities/{id}",          api_facility_get,        PERM_TREE_READ,      R_API, ""},
    {"POST",   "/api/facilities/{id}/faults",   api_facility_fault,      PERM_TREE_READ,      R_API | R_WRITE, ""},
    /* end of projects */
    /* public results: anyone with the link, no sign-in (issue 12) */
    {"GET",    "/public/compounds/{id}",        page_public_compound,    PERM_PUBLIC,         0, NULL},
    {"GET",    "/public/compounds/{id}/orders", page_wo_public_orders,   PERM_PUBLIC,         0, NULL},
    {"GET",    "/public/notices/{id}",          page_notice_public,      PERM_PUBLIC,         0, NULL},
    {"GET",    "/public/decisions/{id}",        page_decision_public,    PERM_PUBLIC,         0, NULL},
    {"GET",    "/public/votes/{id}",            page_vote_public,        PERM_PUBLIC,         0, NULL},
    {"GET",    "/public/funds/{id}/disclosure", page_fund_disclosure_public, PERM_PUBLIC,     0, NULL},
    {"GET",    "/api/public/compounds/{id}",    api_public_compound,     PERM_PUBLIC,         R_API, "after"},
    {"GET",    "/api/public/compounds/{id}/orders", api_wo_public_orders, PERM_PUBLIC,        R_API, "part after per_page"},
    {"GET",    "/api/public/notices/{id}",      api_notice_public,       PERM_PUBLIC,         R_API, ""},
    {"GET",    "/api/public/decisions/{id}",    api_decision_public,     PERM_PUBLIC,         R_API, ""},
    {"GET",    "/api/public/votes/{id}",        api_vote_public,         PERM_PUBLIC,         R_API, ""},
    {"GET",    "/api/public/funds/{id}/disclosure", api_fund_disclosure_public, PERM_PUBLIC,  R_API, "year"},
    /* end of public results */
    /* results: indicators, the public dashboard, site plans */
    {"GET",    "/dashboard",                    page_dashboard,          PERM_PUBLIC,         0, NULL},
    {"GET",    "/plans/{file}",                 page_plan_svg,           PERM_PUBLIC,         0, NULL},
    {"GET",    "/posters/{file}",               page_poster_pdf,         PERM_PUBLIC,         0, NULL},
    {"GET",    "/api/dashboard",                api_dashboard,           PERM_PUBLIC,         R_API, "node year"},
    {"GET",    "/api/indicators",               api_indicators,          PERM_TREE_READ,      R_API, "node period"},
    {"POST",   "/api/indicators/refs",          api_indicator_ref,       PERM_REPORTS,        R_API | R_WRITE, ""},
    {"GET",    "/api/indicators/measures",      api_indicator_measures,  PERM_TREE_READ,      R_API, "node code"},
    {"GET",    "/api/indicators/ranking",       api_indicator_ranking,   PERM_TREE_READ,      R_API, "node code period"},
    {"GET",    "/api/reports/{file}",           api_report_xlsx,         PERM_REPORTS,        R_API, "node period"},
    /* end of results */
    /* community life (src/life/) */
    {"GET",    "/life",                         page_life,               PERM_LOGIN,          0, NULL},
    {"GET",    "/life/events/{id}",             page_life_event,         PERM_LOGIN,          0, NULL},
    {"POST",   "/life/events/{id}/book",        page_life_event_book_post, PERM_LOGIN,        R_WRITE, NULL},
    {"POST",   "/life/events/{id}/checkin",     page_life_event_checkin_post, PERM_LIFE_MANAGE, R_WRITE, NULL},
    {"POST",   "/life/rewards/{id}/redeem",     page_life_redeem_post,   PERM_LOGIN,          R_WRITE, NULL},
    {"GET",    "/life/rotas/{id}",              page_life_rota,          PERM_LOGIN,          0, NULL},
    {"GET",    "/life/resources",               page_life_resources,     PERM_PUBLIC,         0, NULL},
    {"GET",    "/life/talents",                 page_life_talents,       PERM_LOGIN,          0, NULL},
    {"POST",   "/life/talents",                 page_life_talent_post,   PERM_LOGIN,          R_WRITE, NULL},
    {"GET",    "/life/library",                 page_life_library,       PERM_LOGIN,          0, NULL},
    {"GET",    "/life/stories",                 page_life_stories,       PERM_PUBLIC,         0, NULL},
    {"GET",    "/api/events",                   api_life_events,         PERM_TREE_READ,      R_API, "node page per_page after"},
    {"POST",   "/api/events",                   api_life_event_create,   PERM_LIFE_MANAGE,    R_API | R_WRITE, ""},
    {"GET",    "/api/events/{id}",              api_life_event_get,      PERM_TREE_READ,      R_API, ""},
    {"POST",   "/api/events/{id}/bookings",     api_life_book,           PERM_LOGIN,          R_API | R_WRITE, ""},
    {"GET",    "/api/events/{id}/bookings",     api_life_bookings,       PERM_LIFE_MANAGE,    R_API, "page per_page after"},
    {"POST",   "/api/bookings/{id}/cancel",     api_life_booking_cancel, PERM_LOGIN,          R_API | R_WRITE, ""}, /* its person or the staff: the handler checks */
    {"POST",   "/api/bookings/{id}/checkin",    api_life_checkin,        PERM_LIFE_MANAGE,    R_API | R_WRITE, ""},
    {"GET",    "/api/points",                   api_life_points,         PERM_LOGIN,          R_API, "page per_page after"},
    {"GET",    "/api/points/board",             api_life_points_board,   PERM_LOGIN,          R_API, ""},
    {"GET",    "/api/points/check",             api_life_points_check,   PERM_LIFE_MANAGE,    R_API, ""},
    {"POST",   "/api/points/visibility",        api_life_points_visibility, PERM_LOGIN,       R_API | R_WRITE, ""},
    {"POST",   "/api/points/redeem",            api_life_points_redeem,  PERM_LOGIN,          R_API | R_WRITE, ""},
    {"POST",   "/api/points/award",             api_life_points_award,   PERM_LIFE_MANAGE,    R_API | R_WRITE, ""},
    {"POST",   "/api/points/entries/{id}/reverse", api_life_points_reverse, PERM_LIFE_MANAGE, R_API | R_WRITE, ""},
    {"GET",    "/api/rewards",                  api_life_rewards,        PERM_TREE_READ,      R_API, "node page per_page after"},
    {"POST",   "/api/rewards",                  api_life_reward_create,  PERM_LIFE_MANAGE,    R_API | R_WRITE, ""},
    {"POST",   "/api/rotas",                    api_life_rota_create,    PERM_LIFE_MANAGE,    R_API | R_WRITE, ""},
    {"GET",    "/api/rotas/{id}",               api_life_rota_get,       PERM_TREE_READ,      R_API, ""},
    {"POST",   "/api/rotas/{id}/shifts",        api_life_shift_create,   PERM_LIFE_MANAGE,    R_API | R_WRITE, ""},
    {"POST",   "/api/rotas/{id}/generate",      api_life_rota_generate,  PERM_LIFE_MANAGE,    R_API | R_WRITE, ""},
    {"POST",   "/api/rotas/{id}/publish",       api_life_rota_publish,   PERM_LIFE_MANAGE,    R_API | R_WRITE, ""},
    {"POST",   "/api/shifts/{id}/availability", api_life_shift_availability, PERM_LOGIN,      R_API | R_WRITE, ""},
    {"POST",   "/api/assignments/{id}/swap",    api_life_assignment_swap, PERM_LOGIN,         R_API | R_WRITE, ""}, /* its volunteer or the staff */
    {"POST",   "/api/assignments/{id}/{action}", api_life_assignment_action, PERM_LIFE_MANAGE, R_API | R_WRITE, ""}, /* approve, done, missed */
    {"GET",    "/api/services",                 api_life_services,       PERM_TREE_READ,      R_API, "node page per_page after"},
    {"POST",   "/api/services",                 api_life_service_create, PERM_LIFE_MANAGE,    R_API | R_WRITE, ""},
    {"POST",   "/api/services/{id}/orders",     api_life_service_order,  PERM_WO_REPORT,      R_API | R_WRITE, ""},
    {"GET",    "/api/services/{id}/orders",     api_life_service_orders, PERM_LIFE_MANAGE,    R_API, ""},
    {"GET",    "/api/offers",                   api_life_offers,         PERM_PUBLIC,         R_API, "node page per_page after"},
    {"POST",   "/api/offers",                   api_life_offer_create,   PERM_LOGIN,          R_API | R_WRITE, ""},
    {"GET",    "/api/needs",                    api_life_needs,          PERM_PUBLIC,         R_API, "node page per_page after"},
    {"POST",   "/api/needs",                    api_life_need_create,    PERM_LIFE_MANAGE,    R_API | R_WRITE, ""},
    {"GET",    "/api/matches",                  api_life_matches,        PERM_PUBLIC,         R_API, "node page per_page after"},
    {"GET",    "/api/matches/proposals",        api_life_match_proposals, PERM_LIFE_MANAGE,   R_API, "node"},
    {"POST",   "/api/matches",                  api_life_match_confirm,  PERM_LIFE_MANAGE,    R_API | R_WRITE, ""},
    {"POST",   "/api/matches/{id}/delivered",   api_life_match_delivered, PERM_LOGIN,         R_API | R_WRITE, ""}, /* its giver, its receiver or the staff */
    {"GET",    "/api/talents",                  api_life_talents,        PERM_TREE_READ,      R_API, "node q page per_page after"},
    {"POST",   "/api/talents",                  api_life_talent_create,  PERM_LOGIN,          R_API | R_WRITE, ""},
    {"POST",   "/api/talents/{id}/withdraw",    api_life_talent_withdraw, PERM_LOGIN,         R_API | R_WRITE, ""}, /* its person or the staff */
    {"GET",    "/api/library/books",            api_life_books,          PERM_TREE_READ,      R_API, "node page per_page after"},
    {"POST",   "/api/library/books",            api_life_book_create,    PERM_LIFE_MANAGE,    R_API | R_WRITE, ""},
    {"GET",    "/api/library/loans",            api_life_loans,          PERM_LIFE_MANAGE,    R_API, "book page per_page after"},
    {"POST",   "/api/library/loans",            api_life_loan_create,    PERM_LIFE_MANAGE,    R_API | R_WRITE, ""},
    {"POST",   "/api/library/remind",           api_life_loans_remind,   PERM_LIFE_MANAGE,    R_API | R_WRITE, ""},
    {"POST",   "/api/library/loans/{id}/return", api_life_loan_return,   PERM_LIFE_MANAGE,    R_API | R_WRITE, ""},
    {"GET",    "/api/stories",                  api_life_stories,        PERM_PUBLIC,         R_API, "node page per_page after"},
    {"POST",   "/api/stories",                  api_life_story_create,   PERM_LOGIN,          R_API | R_WRITE, ""},
    {"POST",   "/api/stories/{id}/withdraw",    api_life_story_withdraw, PERM_LOGIN,          R_API | R_WRITE, ""}, /* its giver or the staff */
    /* end of life */
    /* surveys (src/survey/) */
    {"GET",    "/surveys",                      page_surveys,            PERM_LOGIN,          0, NULL},
    {"POST",   "/surveys",                      page_survey_create_post, PERM_SURVEY_MANAGE,  R_WRITE, NULL},
    {"GET",    "/surveys/{id}",                 page_survey,             PERM_LOGIN,          0, NULL},
    {"POST",   "/surveys/{id}/edit",            page_survey_edit_post,   PERM_SURVEY_MANAGE,  R_WRITE, NULL},
    {"POST",   "/surveys/{id}/distribute",      page_survey_distribute_post, PERM_SURVEY_MANAGE, R_WRITE, NULL},
    {"POST",   "/surveys/{id}/{action}",        page_survey_state_post,  PERM_SURVEY_MANAGE,  R_WRITE, NULL}, /* open, close */
    {"GET",    "/surveys/{id}/slips",           page_survey_slips,       PERM_SURVEY_ENTER,   0, NULL},
    {"GET",    "/surveys/{id}/paper",           page_survey_paper,       PERM_SURVEY_ENTER,   0, NULL},
    {"POST",   "/surveys/{id}/paper",           page_survey_paper_post,  PERM_SURVEY_ENTER,   R_WRITE, NULL},
    {"GET",    "/surveys/{id}/responses/{rid}/check", page_survey_check, PERM_SURVEY_ENTER,   0, NULL},
    {"POST",   "/surveys/{id}/responses/{rid}/check", page_survey_check_post, PERM_SURVEY_ENTER, R_WRITE, NULL},
    {"GET",    "/surveys/{id}/results",         page_survey_results,     PERM_LOGIN,          0, NULL},
    {"GET",    "/s/{token}",                    page_answer,             PERM_PUBLIC,         0, NULL}, /* the token is the household's key */
    {"POST",   "/s/{token}",                    page_answer_post,        PERM_PUBLIC,         R_WRITE, NULL},
    {"GET",    "/api/surveys",                  api_surveys_list,        PERM_TREE_READ,      R_API, "node after per_page"},
    {"POST",   "/api/surveys",                  api_survey_create,       PERM_SURVEY_MANAGE,  R_API | R_WRITE, ""},
    {"GET",    "/api/surveys/{id}",             api_survey_get,          PERM_LOGIN,          R_API, ""}, /* drafts: managers; else TREE_READ: the handler checks */
    {"PATCH",  "/api/surveys/{id}",             api_survey_update,       PERM_SURVEY_MANAGE,  R_API | R_WRITE, ""},
    {"POST",   "/api/surveys/{id}/distribute",  api_survey_distribute,   PERM_SURVEY_MANAGE,  R_API | R_WRITE, ""},
    {"POST",   "/api/surveys/{id}/open",        api_survey_open,         PERM_SURVEY_MANAGE,  R_API | R_WRITE, ""},
    {"POST",   "/api/surveys/{id}/close",       api_survey_close,        PERM_SURVEY_MANAGE,  R_API | R_WRITE, ""},
    {"GET",    "/api/surveys/{id}/sample",      api_survey_sample,       PERM_LOGIN,          R_API, "after per_page"},
    {"GET",    "/api/surveys/{id}/strata",      api_survey_strata,       PERM_SURVEY_MANAGE,  R_API, ""},
    {"GET",    "/api/surveys/{id}/households",  api_survey_households,   PERM_SURVEY_ENTER,   R_API, "after per_page"},
    {"POST",   "/api/surveys/{id}/paper",       api_survey_paper,        PERM_SURVEY_ENTER,   R_API | R_WRITE, ""},
    {"POST",   "/api/surveys/{id}/visit",       api_survey_visit,        PERM_SURVEY_ENTER,   R_API | R_WRITE, ""},
    {"GET",    "/api/surveys/{id}/conflicts",   api_survey_conflicts,    PERM_SURVEY_MANAGE,  R_API, "after per_page"},
    {"POST",   "/api/surveys/{id}/conflicts/{cid}/settle", api_survey_conflict_settle, PERM_SURVEY_MANAGE, R_API | R_WRITE, ""},
    {"GET",    "/api/surveys/{id}/replacements", api_survey_replacements, PERM_SURVEY_MANAGE, R_API, "after per_page"},
    {"POST",   "/api/surveys/{id}/replacements", api_survey_replace,     PERM_SURVEY_MANAGE,  R_API | R_WRITE, ""},
    {"GET",    "/api/surveys/{id}/responses",   api_survey_responses,    PERM_SURVEY_ENTER,   R_API, "status after per_page"},
    {"POST",   "/api/surveys/{id}/responses/{rid}/check", api_survey_check, PERM_SURVEY_ENTER, R_API | R_WRITE, ""},
    {"GET",    "/api/surveys/{id}/results",     api_survey_results,      PERM_LOGIN,          R_API, "by"},
    {"GET",    "/api/surveys/{id}/results.xlsx", api_survey_results_xlsx, PERM_LOGIN,         R_API, "by"},
    {"GET",    "/api/answer/{token}",           api_answer_get,          PERM_PUBLIC,         R_API, ""}, /* the token is the household's key */
    {"POST",   "/api/answer/{token}",           api_answer_put,          PERM_PUBLIC,         R_API | R_WRITE, ""},
    /* end of surveys */
    /* safety (src/safety/): the hazard register, patrols, disputes */
    {"GET",    "/safety",                       page_safety,             PERM_LOGIN,          0, NULL},
    {"GET",    "/hazards",                      page_hazards,            PERM_TREE_READ,      0, NULL},
    {"GET",    "/hazards/{id}",                 page_hazard,             PERM_TREE_READ,      0, NULL},
    {"POST",   "/hazards/{id}/grade",           page_hazard_grade_post,  PERM_SAFETY_MANAGE,  R_WRITE, NULL},
    {"POST",   "/hazards/{id}/photos",          page_hazard_photo_post,  PERM_SAFETY_PATROL,  R_WRITE | R_UPLOAD, NULL},
    {"POST",   "/hazards/{id}/close",           page_hazard_close_post,  PERM_SAFETY_MANAGE,  R_WRITE, NULL},
    {"POST",   "/hazards/{id}/accept",          page_hazard_accept_post, PERM_SAFETY_MANAGE,  R_WRITE, NULL},
    {"GET",    "/patrol/{route}/{point}",       page_patrol_point,       PERM_SAFETY_PATROL,  0, NULL},
    {"POST",   "/patrol/{route}/{point}",       page_patrol_point_post,  PERM_SAFETY_PATROL,  R_WRITE, NULL},
    {"GET",    "/patrol-routes/{id}",           page_patrol_route,       PERM_SAFETY_PATROL,  0, NULL},
    {"GET",    "/disputes",                     page_disputes,           PERM_TREE_READ,      0, NULL},
    {"GET",    "/emergency-plans",              page_plans,              PERM_SAFETY_PATROL,  0, NULL},
    {"GET",    "/emergency-plans/{id}",         page_plan,               PERM_SAFETY_PATROL,  0, NULL},
    {"POST",   "/emergency-plans/{id}/incident", page_plan_incident_post, PERM_SAFETY_MANAGE, R_WRITE, NULL},
    {"GET",    "/incidents",                    page_incidents,          PERM_TREE_READ,      0, NULL},
    {"GET",    "/incidents/{id}",               page_incident,           PERM_TREE_READ,      0, NULL},
    {"POST",   "/incidents/{id}/entry",         page_incident_entry_post, PERM_SAFETY_PATROL, R_WRITE, NULL},
    {"POST",   "/incidents/{id}/close",         page_incident_close_post, PERM_SAFETY_MANAGE, R_WRITE, NULL},
    {"GET",    "/assessments",                  page_assessments,        PERM_SAFETY_PATROL,  0, NULL},
    {"GET",    "/patrol",                       page_my_patrol,          PERM_SAFETY_PATROL,  0, NULL},
    {"GET",    "/patrol-routes",                page_patrol_routes,      PERM_SAFETY_PATROL,  0, NULL},
    {"GET",    "/disputes/{id}",                page_dispute,            PERM_TREE_READ,      0, NULL},
    {"POST",   "/disputes/{id}/escalate",       page_dispute_escalate_post, PERM_DISPUTE_MEDIATE, R_WRITE, NULL},
    {"POST",   "/disputes/{id}/session",        page_dispute_session_post, PERM_DISPUTE_MEDIATE, R_WRITE, NULL},
    {"POST",   "/disputes/{id}/agreement",      page_dispute_agreement_post, PERM_DISPUTE_MEDIATE, R_WRITE, NULL},
    {"POST",   "/disputes/{id}/close",          page_dispute_close_post, PERM_DISPUTE_MEDIATE, R_WRITE, NULL},
    {"GET",    "/api/hazards",                  api_hazards_list,        PERM_TREE_READ,      R_API, "compound after"}, /* the register, or its public part: the handler checks */
    {"POST",   "/api/hazards",                  api_hazard_create,       PERM_SAFETY_PATROL,  R_API | R_WRITE, ""},
    {"POST",   "/api/hazards/sweep",            api_hazards_sweep,       PERM_SAFETY_MANAGE,  R_API | R_WRITE, ""},
    {"GET",    "/api/hazards/photos/{id}",      api_hazard_photo_get,    PERM_SAFETY_PATROL,  R_API, ""},
    {"GET",    "/api/hazards/{id}",             api_hazard_get,          PERM_TREE_READ,      R_API, ""},
    {"POST",   "/api/hazards/{id}/grade",       api_hazard_grade,        PERM_SAFETY_MANAGE,  R_API | R_WRITE, ""},
    {"POST",   "/api/hazards/{id}/close",       api_hazard_close,        PERM_SAFETY_MANAGE,  R_API | R_WRITE, ""},
    {"POST",   "/api/hazards/{id}/workorder",   api_hazard_workorder,    PERM_SAFETY_PATROL,  R_API | R_WRITE, ""},
    {"POST",   "/api/hazards/{id}/accept",      api_hazard_accept,       PERM_SAFETY_MANAGE,  R_API | R_WRITE, ""},
    {"POST",   "/api/hazards/{id}/photos",      api_hazard_photo_add,    PERM_SAFETY_PATROL,  R_API | R_WRITE | R_UPLOAD, "kind"},
    {"GET",    "/api/patrol-routes",            api_patrol_routes_list,  PERM_SAFETY_PATROL,  R_API, "node after"},
    {"POST",   "/api/patrol-routes",            api_patrol_route_create, PERM_SAFETY_MANAGE,  R_API | R_WRITE, ""},
    {"GET",    "/api/patrol-routes/{id}",       api_patrol_route_get,    PERM_SAFETY_PATROL,  R_API, ""},
    {"GET",    "/api/patrol-routes/{id}/day",   api_patrol_route_day,    PERM_SAFETY_PATROL,  R_API, "date"},
    {"POST",   "/api/patrols",                  api_patrol_checkin,      PERM_SAFETY_PATROL,  R_API | R_WRITE, ""},
    {"GET",    "/api/disputes",                 api_disputes_list,       PERM_TREE_READ,      R_API, "compound after"}, /* mediators: all; others: published outcomes */
    {"POST",   "/api/disputes",                 api_dispute_create,      PERM_DISPUTE_MEDIATE, R_API | R_WRITE, ""},
    {"GET",    "/api/disputes/{id}",            api_dispute_get,         PERM_TREE_READ,      R_API, ""},
    {"POST",   "/api/disputes/{id}/escalate",   api_dispute_escalate,    PERM_DISPUTE_MEDIATE, R_API | R_WRITE, ""},
    {"POST",   "/api/disputes/{id}/sessions",   api_dispute_session,     PERM_DISPUTE_MEDIATE, R_API | R_WRITE, ""},
    {"POST",   "/api/disputes/{id}/followups",  api_dispute_followup,    PERM_DISPUTE_MEDIATE, R_API | R_WRITE, ""},
    {"POST",   "/api/disputes/{id}/mediators",  api_dispute_mediator,    PERM_DISPUTE_MEDIATE, R_API | R_WRITE, ""},
    {"POST",   "/api/disputes/{id}/agreements", api_dispute_agreement,   PERM_DISPUTE_MEDIATE, R_API | R_WRITE, ""},
    {"POST",   "/api/disputes/{id}/close",      api_dispute_close,       PERM_DISPUTE_MEDIATE, R_API | R_WRITE, ""},
    {"GET",    "/api/emergency-plans",          api_plans_list,          PERM_SAFETY_PATROL,  R_API, "compound after"},
    {"POST",   "/api/emergency-plans",          api_plan_create,         PERM_SAFETY_MANAGE,  R_API | R_WRITE, ""},
    {"GET",    "/api/emergency-plans/{id}",     api_plan_get,            PERM_SAFETY_PATROL,  R_API, ""},
    {"POST",   "/api/emergency-plans/{id}/drills", api_plan_drill,       PERM_SAFETY_MANAGE,  R_API | R_WRITE, ""},
    {"POST",   "/api/emergency-plans/{id}/incidents", api_plan_incident, PERM_SAFETY_MANAGE,  R_API | R_WRITE, ""},
    {"GET",    "/api/incidents",                api_incidents_list,      PERM_TREE_READ,      R_API, "compound after"}, /* staff: all; others: closed reviews */
    {"GET",    "/api/incidents/{id}",           api_incident_get,        PERM_TREE_READ,      R_API, ""},
    {"POST",   "/api/incidents/{id}/entries",   api_incident_entry,      PERM_SAFETY_PATROL,  R_API | R_WRITE, ""},
    {"POST",   "/api/incidents/{id}/close",     api_incident_close,      PERM_SAFETY_MANAGE,  R_API | R_WRITE, ""},
    {"GET",    "/api/assessments/prepare",      api_assessment_prepare,  PERM_SAFETY_PATROL,  R_API, "compound quarter"},
    {"GET",    "/api/assessments",              api_assessments_list,    PERM_SAFETY_PATROL,  R_API, "compound after"},
    {"POST",   "/api/assessments",              api_assessment_create,   PERM_SAFETY_MANAGE,  R_API | R_WRITE, ""},
    /* end of safety */

    /* operations */
    {"GET",    "/api/audit/verify",             api_audit_verify,        PERM_AUDIT_READ,     R_API, ""},
    {"GET",    "/api/health",                   api_health,              PERM_PUBLIC,         R_API, ""},
    {"GET",    "/metrics",                      api_metrics,             PERM_PUBLIC,         R_API, ""},
    {"POST",   "/api/debug/clock",              api_debug_clock,         PERM_USER_ADMIN,     R_API | R_WRITE, ""},
    /* notify (src/notify/): bots, the outbox, the in-app inbox */
    {"GET",    "/api/channels",                 api_channels_list,       PERM_NOTIFY_ADMIN,   R_API, "after"},
    {"POST",   "/api/channels",                 api_channel_create,      PERM_NOTIFY_ADMIN,   R_API | R_WRITE, ""},
    {"POST",   "/api/channels/{id}/disable",    api_channel_disable,     PERM_NOTIFY_ADMIN,   R_API | R_WRITE, ""},
    {"GET",    "/api/outbox",                   api_outbox_list,         PERM_NOTIFY_ADMIN,   R_API, "state before"},
    {"GET",    "/api/outbox/{id}",              api_outbox_get,          PERM_NOTIFY_ADMIN,   R_API, ""},
    {"POST",   "/api/outbox/{id}/resend",       api_outbox_resend,       PERM_NOTIFY_ADMIN,   R_API | R_WRITE, ""},
    {"GET",    "/api/mails",                    api_mails_list,          PERM_NOTIFY_ADMIN,   R_API, "state before"},
    {"POST",   "/api/mails/{id}/resend",        api_mail_resend,         PERM_NOTIFY_ADMIN,   R_API | R_WRITE, ""},
    {"GET",    "/notify/admin",                 page_notify_admin,       PERM_NOTIFY_ADMIN,   0, NULL},
    {"POST",   "/notify/admin/{what}/{id}/resend", page_notify_admin_resend, PERM_NOTIFY_ADMIN, R_WRITE, NULL},
    {"GET",    "/api/me/notifications",         api_my_notifications,    PERM_LOGIN,          R_API, "before"},
    {"POST",   "/api/me/notifications/{id}/read", api_my_notification_read, PERM_LOGIN,       R_API | R_WRITE, ""},
    {"GET",    "/api/subscriptions",            api_subscriptions_get,   PERM_LOGIN,          R_API, ""},
    {"POST",   "/api/subscriptions",            api_subscriptions_set,   PERM_LOGIN,          R_API | R_WRITE, ""},
    {"GET",    "/notifications/{id}",           page_notification_open,  PERM_LOGIN,          R_WRITE, NULL}, /* marks it read */

    /* devices (src/device/) */
    {"GET",    "/api/devices",                  api_devices_list,        PERM_DEVICE_ADMIN,   R_API, "after"},
    {"POST",   "/api/devices",                  api_device_create,       PERM_DEVICE_ADMIN,   R_API | R_WRITE, ""},
    {"POST",   "/api/devices/{id}/revoke",      api_device_revoke,       PERM_DEVICE_ADMIN,   R_API | R_WRITE, ""},
    {"POST",   "/api/devices/{id}/facility",    api_device_facility,     PERM_DEVICE_ADMIN,   R_API | R_WRITE, ""},
    {"GET",    "/devices",                      page_devices,            PERM_DEVICE_ADMIN,   0, NULL},
    {"GET",    "/api/device-rules",             api_device_rules_list,   PERM_DEVICE_ADMIN,   R_API, "after"},
    {"POST",   "/api/device-rules",             api_device_rule_set,     PERM_DEVICE_ADMIN,   R_API | R_WRITE, ""},
    {"POST",   "/api/integrations/events",      api_integration_event,   PERM_PUBLIC,         R_API | R_WRITE | R_NOCSRF, ""}, /* X-Device-Token */
};
const int g_n_routes = (int)(sizeof g_routes / sizeof g_routes[0]);

/* The site navigation: page, Chinese and English label, who sees the link. */
const NavItem g_nav[] = {
    {"/",           "首页", "Home",        PERM_PUBLIC},
    {"/workorders", "报事", "Requests",    PERM_LOGIN},
    {"/workorders/stats", "统计", "Statistics", PERM_WO_READ},
    {"/notices",    "公示", "Notices",     PERM_TREE_READ},
    {"/votes",      "表决", "Votes",       PERM_TREE_READ},
    {"/topics",     "议事", "Topics",      PERM_TREE_READ},
    {"/funds",      "资金", "Funds",       PERM_TREE_READ},
    {"/projects",   "改造", "Projects",    PERM_TREE_READ},
    {"/dashboard",  "成效", "Results",     PERM_PUBLIC},
    {"/life",       "生活", "Life",        PERM_LOGIN},
    {"/surveys",    "问卷", "Surveys",     PERM_SURVEY_ENTER},
    {"/safety",     "平安", "Safety",      PERM_LOGIN},
    {"/search",     "搜索", "Search",      PERM_REGISTER_READ},
    {"/notify/admin", "通知", "Notices sent", PERM_NOTIFY_ADMIN},
    {"/devices",    "设备", "Devices",     PERM_DEVICE_ADMIN},
    {"/import",     "导入", "Import",      PERM_IMPORT},
};
const int g_n_nav = (int)(sizeof g_nav / sizeof g_nav[0]);
int (*const g_nav_todo_count)(Req *r) = inbox_todo_count;
