-- 076_facility_maintenance: a facility's maintenance standard, fund source
-- and schedule (every interval_days from first_due), and each scheduled run:
-- on time or late with the work order it raised, or missed (superseded by a
-- later run while the server was down). UNIQUE (facility_id, due_at): a run
-- is handled once, never twice.
ALTER TABLE facility ADD COLUMN standard TEXT NOT NULL DEFAULT '';
ALTER TABLE facility ADD COLUMN fund_source TEXT NOT NULL DEFAULT '';
ALTER TABLE facility ADD COLUMN interval_days BIGINT NOT NULL DEFAULT 0;
ALTER TABLE facility ADD COLUMN next_due BIGINT;
CREATE INDEX facility_next_due ON facility(next_due, id);
CREATE TABLE facility_run (
  id @ID,
  facility_id BIGINT NOT NULL REFERENCES facility(id),
  due_at BIGINT NOT NULL,
  state TEXT NOT NULL,                  -- on_time, late, missed
  order_id BIGINT,
  created_at BIGINT NOT NULL,
  UNIQUE (facility_id, due_at)
);
CREATE INDEX facility_run_facility ON facility_run(facility_id, id);
