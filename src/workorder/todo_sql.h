/* todo_sql.h: the statements of wo_todo (what waits for a principal), as
 * macros of literals so that tests/unit/test_todo.c checks their plans:
 * each walks an index (state, reporter, assignment, next_check, open),
 * never the whole table. */
#ifndef GZ_WO_TODO_SQL_H
#define GZ_WO_TODO_SQL_H

/* The columns every todo statement reads, in this order. */
#define WO_TODO_COLS "SELECT o.id, o.state, o.created_at, o.next_check, o.overdue, o.done_at, o.confirm_minutes, c.name, o.reporter_id "
#define WO_TODO_FROM "FROM work_order o JOIN wo_category c ON c.id = o.category_id "

/* A dispatcher's orders to act on in a subtree: to accept, to dispatch, or
 * sent back by the reporter. The state index, keeping the subtree ("|| ''"
 * keeps the planner off the path index, which would read every order of the
 * place). Args: lo, hi, limit. */
#define WO_TODO_DISPATCH                                                                              \
    WO_TODO_COLS WO_TODO_FROM "WHERE o.state IN ('reported', 'accepted', 'reopened') "                 \
                              "AND o.node_path || '' >= ? AND o.node_path || '' < ? ORDER BY o.id DESC LIMIT ?"
/* Open orders of a subtree whose next deadline falls before until (the
 * next_check index, a short range: the coming day). Args: now, until, lo, hi, limit. */
#define WO_TODO_SOON                                                                                \
    WO_TODO_COLS WO_TODO_FROM "WHERE o.next_check >= ? AND o.next_check < ? AND o.is_open = 1 "       \
                              "AND o.node_path || '' >= ? AND o.node_path || '' < ? ORDER BY o.next_check LIMIT ?"
/* Overdue open orders of a subtree (the partial index of open orders). Args: lo, hi, limit. */
#define WO_TODO_OVERDUE                                                                                  \
    WO_TODO_COLS WO_TODO_FROM "WHERE o.overdue = 1 AND o.is_open = 1 "                                   \
                              "AND o.node_path || '' >= ? AND o.node_path || '' < ? ORDER BY o.id DESC LIMIT ?"
/* Orders dispatched to the handler's org and not yet done. Args: org, limit. */
#define WO_TODO_HANDLE                                                                                          \
    WO_TODO_COLS "FROM wo_assignment a JOIN work_order o ON o.id = a.order_id JOIN wo_category c ON c.id = o.category_id " \
                 "WHERE a.org_id = ? AND o.state IN ('dispatched', 'in_progress') ORDER BY o.id DESC LIMIT ?"
/* Orders the reporter confirmed, waiting for the compound committee. Args: lo, hi, limit. */
#define WO_TODO_COMMITTEE                                                                          \
    WO_TODO_COLS WO_TODO_FROM "WHERE o.state = 'confirmed_by_reporter' "                            \
                              "AND o.node_path || '' >= ? AND o.node_path || '' < ? ORDER BY o.id DESC LIMIT ?"
/* The reporter's own orders marked done: to confirm and rate. The
 * reporter's index ("|| ''" keeps the planner off the state index: the done
 * orders of the whole city against one person's few). Args: reporter, limit. */
#define WO_TODO_RATE \
    WO_TODO_COLS WO_TODO_FROM "WHERE o.reporter_id = ? AND o.state || '' = 'done' ORDER BY o.id DESC LIMIT ?"

#endif
