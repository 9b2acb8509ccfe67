-- 040_project: renovation projects (src/project/). A project belongs to one
-- or more compounds; its items of work carry the tier, budget, contractor
-- and the vote that lets maintenance-fund money be spent; supervision is
-- recorded as inspections against a checklist per item kind, each failed
-- check a defect with a deadline; hidden work and material arrivals are
-- signed by the item's named resident representatives, one row each; the
-- three acceptance stages are one record each with their signatories.
CREATE TABLE project (
  id @ID,
  node_id BIGINT NOT NULL,              -- the lead compound (its path scopes permissions)
  title TEXT NOT NULL,
  response_minutes BIGINT NOT NULL,     -- the residents' concerns' response commitment
  status TEXT NOT NULL DEFAULT 'active',
  created_by BIGINT,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE TABLE project_compound (
  project_id BIGINT NOT NULL REFERENCES project(id),
  node_id BIGINT NOT NULL,
  PRIMARY KEY (project_id, node_id)
);
CREATE INDEX project_compound_node ON project_compound(node_id, project_id);
CREATE TABLE project_item (
  id @ID,
  project_id BIGINT NOT NULL REFERENCES project(id),
  tier TEXT NOT NULL,                   -- basic, improvement, upgrade
  kind TEXT NOT NULL,                   -- pipes, wiring ... (the checklist follows it)
  name TEXT NOT NULL,
  standard TEXT NOT NULL DEFAULT '',
  materials TEXT NOT NULL DEFAULT '',
  budget BIGINT NOT NULL,               -- fen
  contractor_org_id BIGINT,
  planned_start BIGINT,
  planned_end BIGINT,
  uses_maintenance_fund INTEGER NOT NULL DEFAULT 0,
  vote_id BIGINT,
  status TEXT NOT NULL DEFAULT 'planned', -- planned, started, done
  started_at BIGINT,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE INDEX project_item_project ON project_item(project_id, id);
CREATE TABLE project_rep (
  item_id BIGINT NOT NULL REFERENCES project_item(id),
  user_id BIGINT NOT NULL,
  created_at BIGINT NOT NULL,
  PRIMARY KEY (item_id, user_id)
);
CREATE INDEX project_rep_user ON project_rep(user_id, item_id);
CREATE TABLE project_inspection (
  id @ID,
  project_id BIGINT NOT NULL REFERENCES project(id),
  item_id BIGINT NOT NULL REFERENCES project_item(id),
  kind TEXT NOT NULL,                   -- fortnightly, milestone
  milestone TEXT NOT NULL DEFAULT '',
  inspector_id BIGINT,
  inspected_at BIGINT NOT NULL,
  passed TEXT NOT NULL,                 -- checklist keys, comma separated
  failed TEXT NOT NULL,
  notes TEXT NOT NULL DEFAULT '',
  created_at BIGINT NOT NULL
);
CREATE INDEX project_inspection_item ON project_inspection(item_id, inspected_at);
CREATE INDEX project_inspection_project ON project_inspection(project_id, id);
CREATE TABLE project_defect (
  id @ID,
  project_id BIGINT NOT NULL REFERENCES project(id),
  item_id BIGINT NOT NULL REFERENCES project_item(id),
  inspection_id BIGINT REFERENCES project_inspection(id),
  check_key TEXT NOT NULL,
  description TEXT NOT NULL,
  due_at BIGINT NOT NULL,
  status TEXT NOT NULL DEFAULT 'open',  -- open, fixed (awaits re-inspection), closed
  level INTEGER NOT NULL DEFAULT 0,     -- escalation steps taken while overdue
  fixed_at BIGINT,
  closed_at BIGINT,
  created_at BIGINT NOT NULL
);
CREATE INDEX project_defect_project ON project_defect(project_id, id);
CREATE INDEX project_defect_due ON project_defect(status, due_at);
CREATE TABLE project_signoff (
  id @ID,
  project_id BIGINT NOT NULL REFERENCES project(id),
  item_id BIGINT NOT NULL REFERENCES project_item(id),
  kind TEXT NOT NULL,                   -- hidden_work, material
  title TEXT NOT NULL,
  test_report TEXT NOT NULL DEFAULT '', -- the third-party report's number and issuer
  created_by BIGINT,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE INDEX project_signoff_project ON project_signoff(project_id, id);
CREATE INDEX project_signoff_item ON project_signoff(item_id, id);
CREATE TABLE project_signature (
  signoff_id BIGINT NOT NULL REFERENCES project_signoff(id),
  user_id BIGINT NOT NULL,
  signed_at BIGINT NOT NULL,
  PRIMARY KEY (signoff_id, user_id)
);
CREATE TABLE project_acceptance (
  id @ID,
  project_id BIGINT NOT NULL REFERENCES project(id),
  stage TEXT NOT NULL,                  -- self, initial, final
  findings TEXT NOT NULL DEFAULT '',
  created_by BIGINT,
  created_at BIGINT NOT NULL,
  UNIQUE (project_id, stage)
);
CREATE TABLE project_acceptance_signer (
  acceptance_id BIGINT NOT NULL REFERENCES project_acceptance(id),
  role TEXT NOT NULL,
  name TEXT NOT NULL,
  PRIMARY KEY (acceptance_id, role)
);
