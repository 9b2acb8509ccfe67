ALTER TABLE work_order DROP CONSTRAINT work_order_state_check;
ALTER TABLE work_order ADD CONSTRAINT work_order_state_check CHECK (state IN ('reported','accepted','dispatched','in_progress','done','closed','reopened','merged','hidden','confirmed_by_reporter'));
CREATE INDEX wo_event_ref ON wo_event(ref_id) WHERE ref_id IS NOT NULL;
