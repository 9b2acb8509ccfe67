-- 051_safety_patrols: the twice-daily patrols (一日双巡). A route is a list of
-- checkpoints in a grid or compound, walked in the morning and the
-- afternoon; a check-in is one point done in one round (day, slot), once.
-- Each route keeps a secret: the code posted at a point is an HMAC of the
-- point under it, so a guessed URL cannot check in. Both clocks are kept:
-- the device's (as the phone said) and the server's; a check-in whose
-- clocks disagree is flagged, not refused.
CREATE TABLE patrol_route (
  id @ID,
  node_id BIGINT NOT NULL,
  node_path TEXT NOT NULL,
  name TEXT NOT NULL,
  worker_id BIGINT NOT NULL DEFAULT 0,
  secret TEXT NOT NULL,
  created_by BIGINT NOT NULL DEFAULT 0,
  created_at BIGINT NOT NULL
);
CREATE INDEX patrol_route_node ON patrol_route(node_id, id);
CREATE INDEX patrol_route_worker ON patrol_route(worker_id, id);

CREATE TABLE patrol_point (
  id @ID,
  route_id BIGINT NOT NULL REFERENCES patrol_route(id),
  seq INTEGER NOT NULL,
  name TEXT NOT NULL,
  place_text TEXT NOT NULL DEFAULT '',
  compound_id BIGINT NOT NULL
);
CREATE UNIQUE INDEX patrol_point_route ON patrol_point(route_id, seq);

CREATE TABLE patrol_checkin (
  id @ID,
  route_id BIGINT NOT NULL REFERENCES patrol_route(id),
  point_id BIGINT NOT NULL REFERENCES patrol_point(id),
  day TEXT NOT NULL,
  slot TEXT NOT NULL,
  user_id BIGINT NOT NULL,
  method TEXT NOT NULL,
  device_time BIGINT NOT NULL DEFAULT 0,
  server_time BIGINT NOT NULL,
  flagged INTEGER NOT NULL DEFAULT 0,
  note TEXT NOT NULL DEFAULT '',
  hazard_id BIGINT NOT NULL DEFAULT 0
);
-- once per point and round: the second of two racing check-ins fails here
CREATE UNIQUE INDEX patrol_checkin_once ON patrol_checkin(point_id, day, slot);
CREATE INDEX patrol_checkin_round ON patrol_checkin(route_id, day, slot);
