-- 067_survey_channels: one response per household across web, paper and
-- door-to-door visits, with a second answer through another channel queued
-- for staff to settle (who settled it and how is kept); and the replacement
-- of sampled households not reached (refused, absent, moved) by the next one
-- of their stratum in the draw's published order, with its log.
ALTER TABLE survey_household ADD COLUMN state TEXT NOT NULL DEFAULT 'sampled'; -- sampled, replaced
CREATE TABLE survey_replacement (
  id @ID,
  survey_id BIGINT NOT NULL,
  household_id BIGINT NOT NULL,     -- the household not reached
  reason TEXT NOT NULL,             -- refused, absent, moved
  stratum TEXT NOT NULL,
  replaced_by BIGINT,               -- the next of its stratum in the draw's order; NULL: none left
  created_by BIGINT,
  created_at BIGINT NOT NULL,
  UNIQUE (survey_id, household_id)
);
CREATE INDEX survey_replacement_survey ON survey_replacement(survey_id, id);
CREATE TABLE survey_conflict (
  id @ID,
  survey_id BIGINT NOT NULL,
  household_id BIGINT NOT NULL,
  response_id BIGINT NOT NULL,      -- the household's response already counted
  channel TEXT NOT NULL,            -- the channel of the second answer: web, paper, visit
  answers TEXT NOT NULL,            -- its answers, normalised
  submitted_by BIGINT,
  status TEXT NOT NULL DEFAULT 'open', -- open, kept (the first stays), replaced (the second replaced it)
  settled_by BIGINT,
  settled_at BIGINT,
  created_at BIGINT NOT NULL
);
CREATE INDEX survey_conflict_survey ON survey_conflict(survey_id, status, id);
