-- 059_results_indexes: the indexes behind the owners' read functions the
-- indicators (results/) call, so an indicator over a period is one range of
-- an index, never a scan of the table.
--   work_order_period: wo_period_figures reads the orders reported in a
--   period under a place; with the rating it carries every column the read
--   needs (024's work_order_created lacks the rating), so no row of the
--   table is visited.
--   vote_closed: vote_closed_between reads the votes closed in a period.
CREATE INDEX work_order_period ON work_order(created_at, node_path, state, done_at, resolve_due, rating);
CREATE INDEX vote_closed ON vote(closed_at);
