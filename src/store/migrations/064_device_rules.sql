-- device: rules per community. A rule of a compound or grid maps a device
-- event to a work order, a hazard (through the safety model) or a facility
-- fault (through the project model), with its own dedup window and per-device
-- rate; the nearest rule above a device wins, else the built-in table.
CREATE TABLE device_rule (
  id @ID,
  node_path @PATH NOT NULL,
  code TEXT NOT NULL,                  -- the device's event: bin_full, door_forced, ...
  action TEXT NOT NULL,                -- order, hazard, facility, ignore
  category TEXT NOT NULL DEFAULT '',   -- the work order's category (order, facility)
  likelihood INTEGER NOT NULL DEFAULT 0,  -- the hazard's grade (hazard)
  consequence INTEGER NOT NULL DEFAULT 0,
  dedup_window INTEGER NOT NULL,       -- seconds: the same event while its record is open
  per_minute INTEGER NOT NULL,         -- events a minute from one device
  created_by BIGINT,
  created_at BIGINT NOT NULL,
  UNIQUE (node_path, code)
);
CREATE INDEX device_rule_code ON device_rule(code, id);

ALTER TABLE device ADD COLUMN facility_id BIGINT;       -- the facility this device watches (action facility)
ALTER TABLE device_event ADD COLUMN hazard_id BIGINT;   -- the hazard recorded (action hazard)
ALTER TABLE device ADD COLUMN silent_hazard_id BIGINT;  -- the hazard raised for the current silence
