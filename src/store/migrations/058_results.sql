-- 058_results: what the indicators cannot compute from the system's own
-- records: a baseline measured outside it (a survey before the works, a
-- street office's count), entered with its source and the date it was
-- measured, and the target a place set itself. One row per indicator,
-- place and kind; entering it again replaces it (the audit keeps the old
-- one). value is in the indicator's unit (‰, minutes, fen, count ...).
CREATE TABLE indicator_ref (
  id @ID,
  code TEXT NOT NULL,
  node_id BIGINT NOT NULL REFERENCES node(id),
  kind TEXT NOT NULL CHECK (kind IN ('baseline','target')),
  value BIGINT NOT NULL,
  source TEXT NOT NULL,
  measured_on INTEGER NOT NULL,  -- yyyymmdd, Asia/Shanghai: when measured (baseline) or due (target)
  created_by BIGINT REFERENCES app_user(id),
  created_at BIGINT NOT NULL,
  UNIQUE (node_id, code, kind)
);
