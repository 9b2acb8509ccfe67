-- 055_survey: questionnaires (the questions as one validated JSON text, so
-- a survey and its questions change together and an open survey's
-- questions never change under its answers), the households it was sent to
-- (all of a scope, or a stratified sample re-drawable from its published
-- seed) with each one's answer token, and one response per household
-- whatever the channel.
CREATE TABLE survey (
  id @ID,
  node_id BIGINT NOT NULL,
  node_path TEXT NOT NULL,
  title TEXT NOT NULL,
  intro TEXT NOT NULL DEFAULT '',
  questions TEXT NOT NULL,          -- JSON array, checked by survey_def_parse
  status TEXT NOT NULL DEFAULT 'draft', -- draft, open, closed
  seed TEXT NOT NULL DEFAULT '',    -- the published seed of the draw
  sample TEXT NOT NULL DEFAULT '',  -- JSON: {"mode":"all"} or {"mode":"sample","quotas":{...}}
  n_households INTEGER NOT NULL DEFAULT 0,
  created_by BIGINT,
  created_at BIGINT NOT NULL,
  opened_at BIGINT,
  closed_at BIGINT
);
CREATE INDEX survey_node ON survey(node_id, id);

CREATE TABLE survey_household (
  survey_id BIGINT NOT NULL,
  household_id BIGINT NOT NULL,
  stratum TEXT NOT NULL,            -- "65p/permanent": age band of the head / residency
  age_band TEXT NOT NULL,           -- u40, 40_64, 65p, unknown (at the draw)
  draw_rank INTEGER NOT NULL,       -- place in its stratum's order of the draw
  token TEXT NOT NULL,              -- the household's answer link / QR code
  PRIMARY KEY (survey_id, household_id)
);
CREATE UNIQUE INDEX survey_household_token ON survey_household(token);
CREATE INDEX survey_household_of ON survey_household(household_id, survey_id);

CREATE TABLE survey_response (
  id @ID,
  survey_id BIGINT NOT NULL,
  household_id BIGINT NOT NULL,
  channel TEXT NOT NULL,            -- web, paper
  status TEXT NOT NULL,             -- submitted (web), entered (paper, awaiting its check), checked
  answers TEXT NOT NULL,            -- JSON object, normalised by survey_answers_check
  entered_by BIGINT,
  checked_by BIGINT,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
-- one response per household across channels: the database says so
CREATE UNIQUE INDEX survey_response_household ON survey_response(survey_id, household_id);
CREATE INDEX survey_response_survey ON survey_response(survey_id, id);
CREATE INDEX survey_response_status ON survey_response(survey_id, status, id);
CREATE INDEX survey_response_pending ON survey_response(status, id);
