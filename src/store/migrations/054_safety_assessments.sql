-- 054_safety_assessments: the quarterly assessment of a compound's risk
-- register by the party committee, the compound committee and
-- professionals: the review the system prepared (frozen as JSON when the
-- meeting is recorded, so the minutes read against what was on the table),
-- who attended, the minutes and each decision (on a hazard, or general).
CREATE TABLE assessment (
  id @ID,
  compound_id BIGINT NOT NULL,
  node_path TEXT NOT NULL,
  quarter TEXT NOT NULL,
  held_at BIGINT NOT NULL,
  attendees TEXT NOT NULL,
  minutes TEXT NOT NULL,
  review_json TEXT NOT NULL,
  created_by BIGINT NOT NULL DEFAULT 0,
  created_at BIGINT NOT NULL
);
CREATE UNIQUE INDEX assessment_quarter ON assessment(compound_id, quarter);
CREATE INDEX assessment_compound ON assessment(compound_id, id);

CREATE TABLE assessment_decision (
  id @ID,
  assessment_id BIGINT NOT NULL REFERENCES assessment(id),
  hazard_id BIGINT NOT NULL DEFAULT 0,
  text TEXT NOT NULL
);
CREATE INDEX assessment_decision_of ON assessment_decision(assessment_id, id);
