-- notify: work orders announce through notify_event like every capability,
-- so outbox_event (written, never delivered) goes. `data` keeps the
-- machine-readable facts of an event (ids, states: no personal data) for
-- consumers such as GET /api/workorders/events.
ALTER TABLE notify_event ADD COLUMN data TEXT NOT NULL DEFAULT '{}';
CREATE INDEX notify_event_entity ON notify_event(entity, id);
DROP TABLE outbox_event;
