-- 028_wo_source: work orders raised by another capability (a resident's
-- concern during a renovation project, a patrol finding, a device alarm, a
-- service order) carry what raised them, so that capability can find its
-- orders through workorder's read functions and its pages can link back.
-- '' and 0: an order reported by a person.
ALTER TABLE work_order ADD COLUMN source_kind TEXT NOT NULL DEFAULT '';
ALTER TABLE work_order ADD COLUMN source_id BIGINT NOT NULL DEFAULT 0;
CREATE INDEX work_order_source ON work_order(source_kind, source_id, id);
