-- 019_wo_filter_indexes: the filters of the work-order list (workorder/list_sql.h).
-- A grid's and a compound's index carries the filtered columns after id, so
-- a filtered page or count of the scope reads the index alone, never the
-- rows; at a street or a community each filter is walked in id order by its
-- own index: state and category in full, overdue and open orders (a small
-- share of a year's orders) as partial indexes.
DROP INDEX work_order_grid_open;
DROP INDEX work_order_compound_open;
CREATE INDEX work_order_grid_open ON work_order(grid_id, is_open, id, state, category_id, overdue);
CREATE INDEX work_order_compound_open ON work_order(compound_id, is_open, id, state, category_id, overdue);
CREATE INDEX work_order_state ON work_order(state, id);
CREATE INDEX work_order_category ON work_order(category_id, id);
CREATE INDEX work_order_overdue ON work_order(id) WHERE overdue = 1;
CREATE INDEX work_order_open ON work_order(id) WHERE is_open = 1;
