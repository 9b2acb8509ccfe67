-- 068_wo_month_tally: the work-order figures of each place and month (and
-- year: month = YYYY00), kept by triggers in the transaction that changes an
-- order, so the dashboard at district scale reads 13 rows per place instead
-- of a year of orders. Places are the prefixes of an order's node_path at
-- the root (the street), community, grid and compound. Counted: every order
-- but merged and hidden ones (as wo_period_figures counts). The median of a
-- row is not a sum: a change that touches a done order marks it stale and
-- bumps version; the leader's job (wo_tally_medians) recomputes stale
-- medians from the orders and clears stale only if version did not move, and
-- a reader meeting a stale row computes that period exactly itself.
CREATE TABLE wo_month_tally (
  path @PATH NOT NULL,
  month INTEGER NOT NULL,            -- YYYYMM in Shanghai; YYYY00: the whole year
  orders BIGINT NOT NULL DEFAULT 0,
  resolved BIGINT NOT NULL DEFAULT 0,
  on_time BIGINT NOT NULL DEFAULT 0,
  rated BIGINT NOT NULL DEFAULT 0,
  rating_sum BIGINT NOT NULL DEFAULT 0,
  median_minutes BIGINT,             -- of the resolved, as of the last recompute
  stale INTEGER NOT NULL DEFAULT 1,
  version BIGINT NOT NULL DEFAULT 0,
  PRIMARY KEY (path, month)
);
CREATE INDEX wo_month_tally_stale ON wo_month_tally(stale, path, month);
