-- SQLite cannot change a CHECK constraint: the table is copied, dropped and
-- created again under the same name, so the foreign keys of wo_assignment,
-- wo_event and wo_photo still name it. The implicit delete of the drop and
-- the copy back balance within the transaction (deferred foreign keys).
PRAGMA defer_foreign_keys = ON;
CREATE TABLE wo_copy AS SELECT * FROM work_order;
DROP TABLE work_order;
CREATE TABLE work_order (
  id INTEGER PRIMARY KEY,
  community_id BIGINT NOT NULL REFERENCES node(id),
  grid_id BIGINT NOT NULL REFERENCES node(id),
  compound_id BIGINT NOT NULL REFERENCES node(id),
  node_id BIGINT NOT NULL REFERENCES node(id),
  node_path TEXT NOT NULL,
  category_id BIGINT NOT NULL REFERENCES wo_category(id),
  class TEXT NOT NULL DEFAULT 'routine' CHECK (class IN ('routine','emergency','complex')),
  state TEXT NOT NULL CHECK (state IN ('reported','accepted','dispatched','in_progress','done','closed','reopened','merged','hidden','confirmed_by_reporter')),
  is_open INTEGER NOT NULL DEFAULT 1,
  description TEXT NOT NULL,
  place_text TEXT NOT NULL DEFAULT '',
  lat_e6 BIGINT,
  lon_e6 BIGINT,
  channel TEXT NOT NULL DEFAULT 'app' CHECK (channel IN ('app','patrol','phone','desk','open311')),
  reporter_id BIGINT REFERENCES app_user(id),
  on_behalf_name TEXT,
  created_month INTEGER NOT NULL,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  accepted_at BIGINT,
  dispatched_at BIGINT,
  onsite_at BIGINT,
  meeting_at BIGINT,
  done_at BIGINT,
  closed_at BIGINT,
  response_due BIGINT NOT NULL,
  onsite_due BIGINT,
  resolve_due BIGINT NOT NULL,
  meeting_due BIGINT,
  confirm_minutes INTEGER NOT NULL DEFAULT 10080,
  next_check BIGINT,
  overdue INTEGER NOT NULL DEFAULT 0,
  overdue_since BIGINT,
  escalation_level INTEGER NOT NULL DEFAULT 0,
  reopen_count INTEGER NOT NULL DEFAULT 0,
  rating INTEGER CHECK (rating IS NULL OR rating BETWEEN 1 AND 5),
  rating_comment TEXT,
  merged_into BIGINT REFERENCES work_order(id),
  hidden_reason TEXT,
  close_reason TEXT,
  lead_org_id BIGINT REFERENCES org(id),
  reporter_confirmed_at BIGINT
);
INSERT INTO work_order (id, community_id, grid_id, compound_id, node_id, node_path, category_id, class, state, is_open,
  description, place_text, lat_e6, lon_e6, channel, reporter_id, on_behalf_name, created_month, created_at, updated_at,
  accepted_at, dispatched_at, onsite_at, meeting_at, done_at, closed_at, response_due, onsite_due, resolve_due,
  meeting_due, confirm_minutes, next_check, overdue, overdue_since, escalation_level, reopen_count, rating,
  rating_comment, merged_into, hidden_reason, close_reason, lead_org_id, reporter_confirmed_at)
SELECT id, community_id, grid_id, compound_id, node_id, node_path, category_id, class, state, is_open,
  description, place_text, lat_e6, lon_e6, channel, reporter_id, on_behalf_name, created_month, created_at, updated_at,
  accepted_at, dispatched_at, onsite_at, meeting_at, done_at, closed_at, response_due, onsite_due, resolve_due,
  meeting_due, confirm_minutes, next_check, overdue, overdue_since, escalation_level, reopen_count, rating,
  rating_comment, merged_into, hidden_reason, close_reason, lead_org_id, reporter_confirmed_at
FROM wo_copy ORDER BY id;
DROP TABLE wo_copy;
CREATE INDEX work_order_grid_open ON work_order(grid_id, is_open, id);
CREATE INDEX work_order_compound_open ON work_order(compound_id, is_open, id);
CREATE INDEX work_order_path ON work_order(node_path, id);
CREATE INDEX work_order_reporter ON work_order(reporter_id, id);
CREATE INDEX work_order_next_check ON work_order(next_check);
CREATE INDEX work_order_month ON work_order(created_month);
CREATE INDEX wo_event_ref ON wo_event(ref_id) WHERE ref_id IS NOT NULL;
