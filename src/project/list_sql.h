/* list_sql.h: the statements of the projects' lists, as macros of literals
 * so that model.c and todo.c run them and tests/unit/test_project_plans.c
 * checks their query plans (each page a range of an index walked newest
 * first: no scan, no sort). */
#ifndef GZ_PROJECT_LIST_SQL_H
#define GZ_PROJECT_LIST_SQL_H

/* Args: compound, below, limit. */
#define PROJECT_LIST_IDS                                                                                               \
    "SELECT project_id FROM project_compound WHERE node_id = ? AND project_id < ? ORDER BY project_id DESC LIMIT ?"
/* Args: below, limit. */
#define PROJECT_RECENT_IDS "SELECT id FROM project WHERE id < ? ORDER BY id DESC LIMIT ?"
/* Args: project, below, limit. */
#define PROJECT_INSPECTIONS_PAGE                                                                                       \
    "SELECT id, item_id, inspector_id, inspected_at, kind, milestone, passed, failed, notes "                         \
    "FROM project_inspection WHERE project_id = ? AND id < ? ORDER BY id DESC LIMIT ?"
/* Args: project, below, limit. */
#define PROJECT_DEFECTS_PAGE                                                                                           \
    "SELECT id, item_id, inspection_id, due_at, fixed_at, closed_at, created_at, level, check_key, description, "     \
    "status FROM project_defect WHERE project_id = ? AND id < ? ORDER BY id DESC LIMIT ?"
/* Args: item, since. The item's fortnightly inspections, in time order. */
#define PROJECT_ITEM_ROUNDS                                                                                            \
    "SELECT inspected_at FROM project_inspection WHERE item_id = ? AND inspected_at >= ? "                            \
    "AND kind = 'fortnightly' ORDER BY inspected_at"
/* Args: now. The oldest overdue open defects (the sweep and the inbox). */
#define PROJECT_OVERDUE                                                                                                \
    "SELECT id, project_id, due_at, level, description FROM project_defect WHERE status = 'open' AND due_at < ? "     \
    "ORDER BY due_at LIMIT 200"
/* Args: now, after_due, after_due, after_id. The sweep's batch: open
 * defects overdue and below the top level, along (due_at, id). */
#define PROJECT_SWEEP                                                                                                  \
    "SELECT id, project_id, due_at, level FROM project_defect WHERE status = 'open' AND due_at < ? AND level < 3 "    \
    "AND (due_at > ? OR (due_at = ? AND id > ?)) ORDER BY due_at, id LIMIT 200"
/* Args: user. The sign-offs of the items the user represents, unsigned by
 * them, in the indexes' order (the inbox sorts once for all kinds; an ORDER
 * BY here would sort in a temporary tree). */
#define PROJECT_TODO_SIGNOFFS                                                                                          \
    "SELECT s.id, s.project_id, s.title, s.created_at FROM project_rep r "                                             \
    "JOIN project_signoff s ON s.item_id = r.item_id WHERE r.user_id = ? AND NOT EXISTS "                             \
    "(SELECT 1 FROM project_signature g WHERE g.signoff_id = s.id AND g.user_id = r.user_id) "                        \
    "LIMIT 51"

/* Args: compound, below, limit. */
#define PROJECT_FACILITIES_PAGE                                                                                        \
    "SELECT id, node_id, project_id, maintainer_org_id, warranty_until, created_at, type, name, location, "           \
    "standard, fund_source, interval_days, next_due FROM facility WHERE node_id = ? AND id < ? "                     \
    "ORDER BY id DESC LIMIT ?"

/* Args: project, below, limit. */
#define PROJECT_ARCHIVE_DOCS_PAGE                                                                                      \
    "SELECT id, project_id, size, created_at, kind, title, filename, mime, hash FROM project_archive_doc "           \
    "WHERE project_id = ? AND id < ? ORDER BY id DESC LIMIT ?"
/* Args: project, below, limit. */
#define PROJECT_HANDOVERS_PAGE                                                                                         \
    "SELECT id, project_id, n_docs, size, handed_by, created_at, received_by, hash FROM project_handover "           \
    "WHERE project_id = ? AND id < ? ORDER BY id DESC LIMIT ?"

/* Args: compound, below, limit. */
#define PROJECT_PARTNERS_PAGE                                                                                          \
    "SELECT id, node_id, project_id, decided_by, decided_at, contract_start, contract_end, created_at, name, "        \
    "credentials, refs, status, decision_note, contract_no FROM partner WHERE node_id = ? AND id < ? "               \
    "ORDER BY id DESC LIMIT ?"
/* Args: compound, below, limit. */
#define PROJECT_GRANTS_PAGE                                                                                            \
    "SELECT id, node_id, budget, spent, decided_by, decided_at, created_by, created_at, title, purpose, status, "    \
    "decision_note FROM autonomy_grant WHERE node_id = ? AND id < ? ORDER BY id DESC LIMIT ?"

/* Args: now. The schedules due, oldest first (the maintenance sweep's batch). */
#define PROJECT_RUNS_DUE                                                                                               \
    "SELECT id, next_due, interval_days FROM facility WHERE next_due <= ? ORDER BY next_due, id LIMIT 200"
/* Args: facility, below, limit. */
#define PROJECT_FACILITY_RUNS_PAGE                                                                                     \
    "SELECT id, facility_id, due_at, order_id, created_at, state FROM facility_run WHERE facility_id = ? AND id < ? " \
    "ORDER BY id DESC LIMIT ?"

#endif
