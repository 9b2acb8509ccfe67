-- 050_safety_hazards: the hazard register (风险隐患清单). A hazard sits in a
-- compound; its grade comes from the likelihood x consequence matrix and
-- sets its owner role and deadline. Every grade change, escalation and the
-- closing are rows of hazard_event (the history shown on its page). What a
-- resident may see is title, grade and advice of the public ones: detail
-- and place_text stay with the staff.
CREATE TABLE hazard (
  id @ID,
  compound_id BIGINT NOT NULL,
  node_path TEXT NOT NULL,
  title TEXT NOT NULL,
  detail TEXT NOT NULL DEFAULT '',
  place_text TEXT NOT NULL DEFAULT '',
  advice TEXT NOT NULL DEFAULT '',
  is_public INTEGER NOT NULL DEFAULT 0,
  source TEXT NOT NULL,
  likelihood INTEGER NOT NULL,
  consequence INTEGER NOT NULL,
  grade TEXT NOT NULL,
  owner_role TEXT NOT NULL,
  deadline BIGINT NOT NULL,
  is_open INTEGER NOT NULL DEFAULT 1,
  escalated INTEGER NOT NULL DEFAULT 0,
  close_note TEXT NOT NULL DEFAULT '',
  close_evidence TEXT NOT NULL DEFAULT '',
  residual_grade TEXT NOT NULL DEFAULT '',
  created_by BIGINT NOT NULL DEFAULT 0,
  created_at BIGINT NOT NULL,
  closed_at BIGINT NOT NULL DEFAULT 0,
  closed_by BIGINT NOT NULL DEFAULT 0
);
-- the register of a compound, newest first; the residents' public slice
CREATE INDEX hazard_compound ON hazard(compound_id, id);
CREATE INDEX hazard_compound_public ON hazard(compound_id, is_public, id);
-- the sweep: open hazards past their deadline, not yet escalated
CREATE INDEX hazard_due ON hazard(is_open, escalated, deadline);

CREATE TABLE hazard_event (
  id @ID,
  hazard_id BIGINT NOT NULL REFERENCES hazard(id),
  at BIGINT NOT NULL,
  actor_id BIGINT NOT NULL DEFAULT 0,
  kind TEXT NOT NULL,
  from_grade TEXT NOT NULL DEFAULT '',
  to_grade TEXT NOT NULL DEFAULT '',
  reason TEXT NOT NULL DEFAULT ''
);
CREATE INDEX hazard_event_hazard ON hazard_event(hazard_id, id);
