/* survey_int.h: what the survey's files share among themselves (inside
 * src/survey/ only): the statements of its lists, as macros of literals so
 * that tests/unit/test_survey_plans.c checks their query plans. */
#ifndef GZ_SURVEY_INT_H
#define GZ_SURVEY_INT_H

/* The households a survey was sent to, by household id. Args: survey, after, limit. */
#define SURVEY_HOUSEHOLDS_PAGE                                                                                     \
    "SELECT household_id, stratum, age_band, draw_rank, token FROM survey_household WHERE survey_id = ? AND "      \
    "household_id > ? ORDER BY household_id LIMIT ?"
/* A survey's responses, newest first. Args: survey, below, limit. */
#define SURVEY_RESPONSES_PAGE \
    "SELECT id FROM survey_response WHERE survey_id = ? AND id < ? ORDER BY id DESC LIMIT ?"
/* The same of one status. Args: survey, status, below, limit. */
#define SURVEY_RESPONSES_PAGE_STATUS \
    "SELECT id FROM survey_response WHERE survey_id = ? AND status = ? AND id < ? ORDER BY id DESC LIMIT ?"
/* The surveys of a node, newest first. Args: node, below, limit. */
#define SURVEY_LIST_NODE "SELECT id FROM survey WHERE node_id = ? AND id < ? ORDER BY id DESC LIMIT ?"
/* The surveys, newest first. Args: below, limit. */
#define SURVEY_LIST_ALL "SELECT id FROM survey WHERE id < ? ORDER BY id DESC LIMIT ?"
/* The inbox: open surveys sent to a household. Args: household. */
#define SURVEY_TODO_SENT "SELECT survey_id, token FROM survey_household WHERE household_id = ? ORDER BY survey_id"
/* The inbox: paper entries awaiting their check, oldest first. Args: limit. */
#define SURVEY_TODO_ENTERED "SELECT id FROM survey_response WHERE status = 'entered' ORDER BY id LIMIT ?"

#include <stdbool.h>
#include <stdint.h>

#include "auth/ctx.h"
#include "survey/survey.h"

/* A fresh answer token (24 hex digits). */
const char *survey_new_token(const Ctx *c);
/* A second answer for a household that already answered: through the same
 * channel (paper or visit keyed twice) SV_ALREADY_ANSWERED; through another
 * channel queued in survey_conflict for staff to settle (*conflict_id, and
 * *response_id the response already there). channels.c. */
bool survey_conflict_queue(const Ctx *c, int64_t survey_id, int64_t household_id, const char *channel, const char *text,
                           int64_t *response_id, int64_t *conflict_id, SurveyErr *e);
/* Whether the household was replaced in the survey's sample. */
bool survey_household_replaced(const Ctx *c, int64_t survey_id, int64_t household_id, bool *replaced, SurveyErr *e);

/* The open conflicts of a survey, oldest first. Args: survey, after, limit. */
#define SURVEY_CONFLICTS_PAGE                                                                                      \
    "SELECT id FROM survey_conflict WHERE survey_id = ? AND status = 'open' AND id > ? ORDER BY id LIMIT ?"
/* The replacement log of a survey. Args: survey, after, limit. */
#define SURVEY_REPLACEMENTS_PAGE                                                                                   \
    "SELECT id, household_id, reason, stratum, COALESCE(replaced_by, 0), created_at FROM survey_replacement "     \
    "WHERE survey_id = ? AND id > ? ORDER BY id LIMIT ?"

#endif
