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

#endif
