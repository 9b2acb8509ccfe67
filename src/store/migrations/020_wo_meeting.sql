-- 020_wo_meeting: the coordination meetings of work orders, as the work-order
-- capability keeps them. The meetings are the votes capability's (`meeting`);
-- vote tells workorder in the transaction that opens one for an order
-- (wo_meeting_linked) and that records it held or publishes its minutes
-- (wo_meeting_held), so the sweep and the order page read only workorder's
-- own table: workorder sits below vote in the floors and never reads
-- `meeting`. The copy starts with the meetings already linked.
CREATE TABLE wo_meeting (
  meeting_id BIGINT PRIMARY KEY,
  order_id BIGINT NOT NULL REFERENCES work_order(id),
  title TEXT NOT NULL,
  starts_at BIGINT NOT NULL,
  status TEXT NOT NULL DEFAULT 'planned' CHECK (status IN ('planned','held','published'))
);
CREATE INDEX wo_meeting_order ON wo_meeting(order_id, meeting_id);
INSERT INTO wo_meeting (meeting_id, order_id, title, starts_at, status)
SELECT m.id, m.work_order_id, m.title, m.starts_at, m.status FROM meeting m
WHERE m.work_order_id IS NOT NULL AND EXISTS (SELECT 1 FROM work_order o WHERE o.id = m.work_order_id);
