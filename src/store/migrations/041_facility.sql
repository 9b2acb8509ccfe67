-- 041_facility: the facility register (src/project/): every facility a
-- project adds to a compound (charger, camera, sign, lamp, shelf, fitness
-- equipment, smart bin ...) with its place, the organisation that maintains
-- it and its warranty. Faults are work orders raised with source 'facility'.
CREATE TABLE facility (
  id @ID,
  node_id BIGINT NOT NULL,              -- the compound
  project_id BIGINT REFERENCES project(id),
  type TEXT NOT NULL,
  name TEXT NOT NULL,
  location TEXT NOT NULL DEFAULT '',
  maintainer_org_id BIGINT NOT NULL,    -- a facility always has someone who keeps it
  warranty_until BIGINT,
  created_by BIGINT,
  created_at BIGINT NOT NULL
);
CREATE INDEX facility_node ON facility(node_id, id);
