-- device: smart devices of a compound (bins, access control, sensors) that
-- post their events to /api/integrations/events with their own token.
CREATE TABLE device (
  id @ID,
  node_id BIGINT NOT NULL,
  node_path @PATH NOT NULL,
  name TEXT NOT NULL,
  kind TEXT NOT NULL,                 -- smart_bin, access, leak_sensor, charger, smoke_sensor
  token_hash TEXT NOT NULL UNIQUE,    -- BLAKE2b of the token; the token itself is shown once
  revoked_at BIGINT,
  last_seen_at BIGINT,
  silent_after INTEGER NOT NULL DEFAULT 86400, -- seconds without a word before an alert
  silent_alerted_at BIGINT,           -- set when the alert went out; cleared by the next word
  created_by BIGINT,
  created_at BIGINT NOT NULL
);
CREATE INDEX device_path ON device(node_path, id);
CREATE INDEX device_silent ON device(revoked_at, last_seen_at);

-- Every event a device posted: what became of it.
CREATE TABLE device_event (
  id @ID,
  device_id BIGINT NOT NULL,
  code TEXT NOT NULL,                 -- bin_full, door_forced, water_leak, charger_fault, smoke
  at BIGINT NOT NULL,
  outcome TEXT NOT NULL,              -- order, duplicate
  order_id BIGINT
);
CREATE INDEX device_event_recent ON device_event(device_id, at);
CREATE INDEX device_event_code ON device_event(device_id, code, id);
