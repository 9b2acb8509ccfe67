-- 018_wo_tally: exact counts of work orders per community, grid and compound,
-- open and closed, kept by triggers in the transaction that changes an
-- order, so a list's total is one row read instead of a count over the
-- scope (a street office sums its communities by path).
CREATE TABLE wo_tally (
  node_id BIGINT NOT NULL,
  kind TEXT NOT NULL,
  path @PATH NOT NULL,
  is_open INTEGER NOT NULL,
  n BIGINT NOT NULL,
  PRIMARY KEY (node_id, is_open)
);
CREATE INDEX wo_tally_kind_path ON wo_tally(kind, path);
