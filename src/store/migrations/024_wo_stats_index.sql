-- 024_wo_stats_index: the work-order charts (workorder/stats.c) read the
-- orders created in the last twelve weeks under a place. Ordered by
-- creation time and carrying every column that read needs, this index
-- answers it as one range of itself (no row of the table is visited), a
-- quarter's orders however many years the table holds.
CREATE INDEX work_order_created ON work_order(created_at, node_path, state, grid_id, done_at, resolve_due);
