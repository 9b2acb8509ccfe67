-- 066_results_sources: the indexes behind the reads the indicators of
-- projects, life, safety and surveys call (each owner's figures.h), so each
-- is a range of an index, never a scan (tests/unit/test_results_plans.c),
-- and the measurements entered from outside the system (space use, green
-- coverage): one row per indicator, place and date measured, with its source.
CREATE INDEX work_order_category_done ON work_order(category_id, done_at, node_path);
CREATE INDEX life_event_period ON life_event(starts_at, node_path, status);
CREATE INDEX life_shift_period ON life_shift(starts_at, duty_id);
CREATE INDEX hazard_open_path ON hazard(is_open, node_path, grade);
CREATE INDEX patrol_checkin_time ON patrol_checkin(server_time, route_id);
CREATE INDEX project_node ON project(node_id, id);
CREATE INDEX project_inspection_period ON project_inspection(project_id, inspected_at);
CREATE INDEX survey_closed ON survey(closed_at, node_path);
CREATE TABLE indicator_measure (
  id @ID,
  code TEXT NOT NULL,
  node_id BIGINT NOT NULL REFERENCES node(id),
  value BIGINT NOT NULL,
  source TEXT NOT NULL,
  measured_on INTEGER NOT NULL,  -- yyyymmdd, Asia/Shanghai
  created_by BIGINT REFERENCES app_user(id),
  created_at BIGINT NOT NULL,
  UNIQUE (node_id, code, measured_on)
);
