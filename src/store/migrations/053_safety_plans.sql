-- 053_safety_plans: emergency plans per compound and type (fire, flood,
-- gas, structural, public health, crowd) with their roles, contacts, steps
-- and supplies as text; drills recorded against a plan; an incident is
-- declared from a plan, its timeline appended live (never changed: the
-- model has no UPDATE or DELETE of incident_entry) and it is closed with a
-- review (cause, response, lessons, changed rules) published to residents.
CREATE TABLE emergency_plan (
  id @ID,
  compound_id BIGINT NOT NULL,
  node_path TEXT NOT NULL,
  kind TEXT NOT NULL,
  title TEXT NOT NULL,
  roles TEXT NOT NULL DEFAULT '',
  contacts TEXT NOT NULL DEFAULT '',
  steps TEXT NOT NULL,
  supplies TEXT NOT NULL DEFAULT '',
  created_by BIGINT NOT NULL DEFAULT 0,
  created_at BIGINT NOT NULL
);
CREATE INDEX emergency_plan_compound ON emergency_plan(compound_id, id);

CREATE TABLE emergency_drill (
  id @ID,
  plan_id BIGINT NOT NULL REFERENCES emergency_plan(id),
  held_at BIGINT NOT NULL,
  participants INTEGER NOT NULL DEFAULT 0,
  notes TEXT NOT NULL DEFAULT '',
  created_by BIGINT NOT NULL DEFAULT 0
);
CREATE INDEX emergency_drill_plan ON emergency_drill(plan_id, id);

CREATE TABLE incident (
  id @ID,
  plan_id BIGINT NOT NULL REFERENCES emergency_plan(id),
  compound_id BIGINT NOT NULL,
  node_path TEXT NOT NULL,
  title TEXT NOT NULL,
  declared_by BIGINT NOT NULL DEFAULT 0,
  declared_at BIGINT NOT NULL,
  closed_at BIGINT NOT NULL DEFAULT 0,
  cause TEXT NOT NULL DEFAULT '',
  response TEXT NOT NULL DEFAULT '',
  lessons TEXT NOT NULL DEFAULT '',
  changed_rules TEXT NOT NULL DEFAULT ''
);
CREATE INDEX incident_compound ON incident(compound_id, id);
CREATE INDEX incident_closed ON incident(compound_id, id) WHERE closed_at > 0;

CREATE TABLE incident_entry (
  id @ID,
  incident_id BIGINT NOT NULL REFERENCES incident(id),
  at BIGINT NOT NULL,
  actor_id BIGINT NOT NULL DEFAULT 0,
  text TEXT NOT NULL
);
CREATE INDEX incident_entry_incident ON incident_entry(incident_id, id);
