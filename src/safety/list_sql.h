/* list_sql.h: the statements of the safety's lists, as macros of literals
 * so that the model runs them and tests/unit/test_safety_plans.c checks
 * their query plans (no scan, no sort). Args beside each. */
#ifndef GZ_SAFETY_LIST_SQL_H
#define GZ_SAFETY_LIST_SQL_H

#define SAFETY_HAZARD_COLS                                                                                        \
    "id, compound_id, node_path, title, detail, place_text, advice, is_public, source, likelihood, consequence, " \
    "grade, owner_role, deadline, is_open, escalated, close_note, close_evidence, residual_grade, created_by, "  \
    "created_at, closed_at, closed_by, residual_likelihood, residual_consequence, accepted_by, accepted_at, "    \
    "accept_note"

/* A compound's register newest first below a cursor. Args: compound, below, limit. */
#define SAFETY_HAZARD_PAGE \
    "SELECT " SAFETY_HAZARD_COLS " FROM hazard WHERE compound_id = ? AND id < ? ORDER BY id DESC LIMIT ?"
/* Its public hazards (what residents see). Args: compound, below, limit. */
#define SAFETY_HAZARD_PAGE_PUBLIC                                                                 \
    "SELECT " SAFETY_HAZARD_COLS " FROM hazard WHERE compound_id = ? AND is_public = 1 AND id < ? " \
    "ORDER BY id DESC LIMIT ?"
/* A hazard's history, oldest first. Args: hazard, limit. */
#define SAFETY_HAZARD_HISTORY                                                                         \
    "SELECT id, at, actor_id, kind, from_grade, to_grade, reason FROM hazard_event WHERE hazard_id = ? " \
    "ORDER BY id LIMIT ?"
/* The sweep's open, unescalated hazards past their deadline. Args: now, limit. */
#define SAFETY_HAZARD_DUE \
    "SELECT id, node_path, title FROM hazard WHERE is_open = 1 AND escalated = 0 AND deadline < ? ORDER BY deadline LIMIT ?"

/* A hazard's photos of a kind, oldest first. Args: hazard, kind, limit. */
#define SAFETY_HAZARD_PHOTOS \
    "SELECT id, kind, created_at FROM hazard_photo WHERE hazard_id = ? AND kind = ? ORDER BY id LIMIT ?"

/* A route's points in order. Args: route, limit. */
#define SAFETY_ROUTE_POINTS \
    "SELECT id, compound_id, seq, name, place_text FROM patrol_point WHERE route_id = ? ORDER BY seq LIMIT ?"
/* A place's routes newest first below a cursor. Args: node, below, limit. */
#define SAFETY_ROUTE_PAGE                                                                                   \
    "SELECT id, node_id, worker_id, created_at, node_path, name FROM patrol_route WHERE node_id = ? AND id < ? " \
    "ORDER BY id DESC LIMIT ?"
/* A round's check-ins. Args: route, day, slot. */
#define SAFETY_ROUND_CHECKINS \
    "SELECT point_id, server_time, flagged FROM patrol_checkin WHERE route_id = ? AND day = ? AND slot = ?"
/* The routes a worker walks. Args: worker, limit. */
#define SAFETY_WORKER_ROUTES "SELECT id FROM patrol_route WHERE worker_id = ? ORDER BY id LIMIT ?"

/* A case's parties. Args: dispute, limit. */
#define SAFETY_DISPUTE_PARTIES \
    "SELECT id, name, phone_enc, role FROM dispute_party WHERE dispute_id = ? ORDER BY id LIMIT ?"
/* A case's events with their signature counts, oldest first. Args: dispute, limit. */
#define SAFETY_DISPUTE_EVENTS                                                                        \
    "SELECT e.id, e.at, e.actor_id, e.kind, e.tier, e.text, "                                          \
    "(SELECT COUNT(*) FROM dispute_signature s WHERE s.event_id = e.id) FROM dispute_event e "         \
    "WHERE e.dispute_id = ? ORDER BY e.id LIMIT ?"
#define SAFETY_DISPUTE_COLS \
    "id, compound_id, created_by, created_at, closed_at, node_path, title, status, outcome, tier, published"
/* A compound's cases newest first. Args: compound, below, limit. */
#define SAFETY_DISPUTE_PAGE \
    "SELECT " SAFETY_DISPUTE_COLS " FROM dispute WHERE compound_id = ? AND id < ? ORDER BY id DESC LIMIT ?"
/* Its published outcomes. Args: compound, below, limit. */
#define SAFETY_DISPUTE_PAGE_PUBLISHED                                                                  \
    "SELECT " SAFETY_DISPUTE_COLS " FROM dispute WHERE compound_id = ? AND published = 1 AND id < ? " \
    "ORDER BY id DESC LIMIT ?"

#define SAFETY_PLAN_COLS "id, compound_id, created_at, node_path, kind, title, roles, contacts, steps, supplies"
/* A compound's plans newest first. Args: compound, below, limit. */
#define SAFETY_PLAN_PAGE \
    "SELECT " SAFETY_PLAN_COLS " FROM emergency_plan WHERE compound_id = ? AND id < ? ORDER BY id DESC LIMIT ?"
/* A plan's drills, newest first. Args: plan, limit. */
#define SAFETY_DRILLS \
    "SELECT id, held_at, participants, notes FROM emergency_drill WHERE plan_id = ? ORDER BY id DESC LIMIT ?"
#define SAFETY_INCIDENT_COLS                                                                                        \
    "id, plan_id, compound_id, declared_by, declared_at, closed_at, node_path, title, cause, response, lessons, " \
    "changed_rules"
/* A compound's incidents newest first. Args: compound, below, limit. */
#define SAFETY_INCIDENT_PAGE \
    "SELECT " SAFETY_INCIDENT_COLS " FROM incident WHERE compound_id = ? AND id < ? ORDER BY id DESC LIMIT ?"
/* Its closed ones (the reviews residents read), from a partial index. Args: compound, below, limit. */
#define SAFETY_INCIDENT_PAGE_CLOSED                                                                           \
    "SELECT " SAFETY_INCIDENT_COLS " FROM incident WHERE compound_id = ? AND closed_at > 0 AND id < ? " \
    "ORDER BY id DESC LIMIT ?"
/* An incident's timeline, oldest first. Args: incident, limit. */
#define SAFETY_INCIDENT_ENTRIES \
    "SELECT id, at, actor_id, text FROM incident_entry WHERE incident_id = ? ORDER BY id LIMIT ?"

/* A compound's hazards for the quarter's review (one compound's register is
 * hundreds, read once a quarter). Args: compound. */
#define SAFETY_REVIEW_HAZARDS \
    "SELECT grade, is_open, created_at, closed_at, deadline, place_text FROM hazard WHERE compound_id = ?"
/* A compound's hazards found in a period, their place and grade (from the compound's index, read once per
 * assessment; counted by place in C, so no temporary B-tree). Args: compound, start, end. */
#define SAFETY_HAZARD_PLACES \
    "SELECT place_text, grade FROM hazard WHERE compound_id = ? AND created_at >= ? AND created_at < ?"
/* A compound's assessments newest first. Args: compound, below, limit. */
#define SAFETY_ASSESSMENT_PAGE                                                                              \
    "SELECT id, quarter, held_at, attendees, minutes, review_json FROM assessment WHERE compound_id = ? AND " \
    "id < ? ORDER BY id DESC LIMIT ?"
/* An assessment's decisions. Args: assessment, limit. */
#define SAFETY_ASSESSMENT_DECISIONS \
    "SELECT id, hazard_id, text FROM assessment_decision WHERE assessment_id = ? ORDER BY id LIMIT ?"

#endif
