-- 003_votes: deliberation and votes: public notices, topics, meetings,
-- representatives' panels, votes and ballots, conventions, decisions.
-- Times BIGINT Unix seconds (UTC); areas BIGINT 0.01 m^2.

-- Public notices (公示). Never edited: the dialect files add triggers that
-- refuse UPDATE and DELETE; a correction is a new row with corrects_id.
CREATE TABLE notice (
  id @ID,
  node_id BIGINT NOT NULL REFERENCES node(id),
  kind TEXT NOT NULL CHECK (kind IN ('vote_result','payment','minutes','convention','decision','execution','general')),
  title TEXT NOT NULL,
  body TEXT NOT NULL,
  period_days INTEGER NOT NULL CHECK (period_days BETWEEN 1 AND 365),
  published_at BIGINT NOT NULL,
  objection_until BIGINT NOT NULL,
  corrects_id BIGINT REFERENCES notice(id),
  source_entity TEXT,
  source_id BIGINT,
  published_by BIGINT REFERENCES app_user(id)
);
CREATE INDEX notice_node ON notice(node_id, published_at);
CREATE INDEX notice_source ON notice(source_entity, source_id);
CREATE INDEX notice_corrects ON notice(corrects_id);

-- Objections (异议) filed during a notice's period.
CREATE TABLE notice_objection (
  id @ID,
  notice_id BIGINT NOT NULL REFERENCES notice(id),
  user_id BIGINT NOT NULL REFERENCES app_user(id),
  body TEXT NOT NULL,
  created_at BIGINT NOT NULL
);
CREATE INDEX notice_objection_notice ON notice_objection(notice_id, id);

-- Topics (议题): proposed online or entered from the notice board.
CREATE TABLE topic (
  id @ID,
  node_id BIGINT NOT NULL REFERENCES node(id),
  title TEXT NOT NULL,
  body TEXT NOT NULL DEFAULT '',
  source TEXT NOT NULL DEFAULT 'online' CHECK (source IN ('online','board','work_order')),
  status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open','on_agenda','decided','closed')),
  proposed_by BIGINT REFERENCES app_user(id),
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE INDEX topic_node ON topic(node_id, created_at);

CREATE TABLE topic_support (
  topic_id BIGINT NOT NULL REFERENCES topic(id),
  user_id BIGINT NOT NULL REFERENCES app_user(id),
  created_at BIGINT NOT NULL,
  PRIMARY KEY (topic_id, user_id)
);

CREATE TABLE topic_comment (
  id @ID,
  topic_id BIGINT NOT NULL REFERENCES topic(id),
  user_id BIGINT NOT NULL REFERENCES app_user(id),
  body TEXT NOT NULL,
  created_at BIGINT NOT NULL
);
CREATE INDEX topic_comment_topic ON topic_comment(topic_id, id);

-- Meetings: party joint meeting (monthly), residents' council (quarterly),
-- multi-party coordination (on demand, possibly from a work order).
CREATE TABLE meeting (
  id @ID,
  node_id BIGINT NOT NULL REFERENCES node(id),
  kind TEXT NOT NULL CHECK (kind IN ('party_joint','council','multi_party')),
  title TEXT NOT NULL,
  starts_at BIGINT NOT NULL,
  place TEXT NOT NULL DEFAULT '',
  status TEXT NOT NULL DEFAULT 'planned' CHECK (status IN ('planned','held','published')),
  minutes TEXT NOT NULL DEFAULT '',
  decisions TEXT NOT NULL DEFAULT '',
  minutes_approved_by BIGINT REFERENCES app_user(id),
  notice_id BIGINT REFERENCES notice(id),
  work_order_id BIGINT,
  created_by BIGINT REFERENCES app_user(id),
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE INDEX meeting_node ON meeting(node_id, starts_at);

CREATE TABLE meeting_item (
  meeting_id BIGINT NOT NULL REFERENCES meeting(id),
  topic_id BIGINT NOT NULL REFERENCES topic(id),
  sort INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (meeting_id, topic_id)
);

-- Invitees and attendance: a name and what they represent; present 0/1.
CREATE TABLE meeting_attendee (
  id @ID,
  meeting_id BIGINT NOT NULL REFERENCES meeting(id),
  name TEXT NOT NULL,
  represents TEXT NOT NULL DEFAULT '',
  present INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX meeting_attendee_meeting ON meeting_attendee(meeting_id, id);

-- Representatives' panels drawn by stratified sortition from a public seed.
CREATE TABLE panel (
  id @ID,
  node_id BIGINT NOT NULL REFERENCES node(id),
  title TEXT NOT NULL,
  seed TEXT NOT NULL,
  dimension TEXT NOT NULL CHECK (dimension IN ('age_band','residency','tenure')),
  quotas TEXT NOT NULL,
  candidates INTEGER NOT NULL,
  -- the sorted candidate list [[id, "stratum"], ...] as drawn (households by node id, shops by their
  -- negated shop id), so anyone can re-run the draw
  candidate_list TEXT NOT NULL,
  drawn_at BIGINT NOT NULL,
  drawn_by BIGINT REFERENCES app_user(id)
);

-- A member is a household (its first registered person) or a shop (the
-- "shop" stratum); shops are drawn under their negated id so the two kinds
-- never share a lot.
CREATE TABLE panel_member (
  id @ID,
  panel_id BIGINT NOT NULL REFERENCES panel(id),
  household_id BIGINT REFERENCES node(id),
  shop_id BIGINT REFERENCES shop(id),
  person_id BIGINT REFERENCES person(id),
  stratum TEXT NOT NULL,
  lot TEXT NOT NULL,
  sort INTEGER NOT NULL,
  CHECK ((household_id IS NULL AND shop_id IS NOT NULL) OR (household_id IS NOT NULL AND shop_id IS NULL)),
  UNIQUE (panel_id, household_id),
  UNIQUE (panel_id, shop_id)
);

-- Votes. kind 'art278' counts owners under Civil Code Art. 278 (matter
-- 1..9, yes/no only); 'simple' is a majority of votes cast with an optional
-- quorum (percent of the electorate). nonvoters_yes is a locality's switch,
-- off by default. result_json holds the counted figures once closed.
CREATE TABLE vote (
  id @ID,
  node_id BIGINT NOT NULL REFERENCES node(id),
  title TEXT NOT NULL,
  body TEXT NOT NULL DEFAULT '',
  kind TEXT NOT NULL CHECK (kind IN ('art278','simple')),
  matter INTEGER CHECK (matter IS NULL OR matter BETWEEN 1 AND 9),
  method TEXT NOT NULL CHECK (method IN ('yes_no','single','multi')),
  secret INTEGER NOT NULL DEFAULT 0,
  electorate TEXT NOT NULL CHECK (electorate IN ('owners','households','representatives')),
  panel_id BIGINT REFERENCES panel(id),
  quorum_pct INTEGER NOT NULL DEFAULT 0 CHECK (quorum_pct BETWEEN 0 AND 100),
  nonvoters_yes INTEGER NOT NULL DEFAULT 0,
  status TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('draft','open','closed')),
  opens_at BIGINT,
  closes_at BIGINT,
  closed_at BIGINT,
  passed INTEGER,
  result_json TEXT,
  notice_id BIGINT REFERENCES notice(id),
  topic_id BIGINT REFERENCES topic(id),
  created_by BIGINT REFERENCES app_user(id),
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE INDEX vote_node ON vote(node_id, created_at);

CREATE TABLE vote_option (
  id @ID,
  vote_id BIGINT NOT NULL REFERENCES vote(id),
  label TEXT NOT NULL,
  sort INTEGER NOT NULL
);
CREATE INDEX vote_option_vote ON vote_option(vote_id, sort);

-- One ballot per voter and vote (voter_key: the owner_key for owners'
-- votes, "h<household id>" for households, "p<person id>" for
-- representatives). choice: 'yes','no','abstain' or option ids "3,5".
-- A paper ballot counts only once a second person confirmed it; a proxy
-- names its document.
CREATE TABLE ballot (
  id @ID,
  vote_id BIGINT NOT NULL REFERENCES vote(id),
  voter_key TEXT NOT NULL,
  household_id BIGINT NOT NULL REFERENCES node(id),
  choice TEXT NOT NULL,
  channel TEXT NOT NULL CHECK (channel IN ('online','paper','proxy')),
  proxy_name TEXT,
  proxy_document TEXT,
  cast_by BIGINT REFERENCES app_user(id),
  confirmed_by BIGINT REFERENCES app_user(id),
  counted INTEGER NOT NULL DEFAULT 1,
  cast_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  UNIQUE (vote_id, voter_key)
);
CREATE INDEX ballot_vote ON ballot(vote_id, counted);

-- Conventions (院落公约): versioned drafts, comments per clause, final vote.
CREATE TABLE convention (
  id @ID,
  node_id BIGINT NOT NULL REFERENCES node(id),
  title TEXT NOT NULL,
  status TEXT NOT NULL DEFAULT 'drafting' CHECK (status IN ('drafting','voting','adopted','rejected')),
  vote_id BIGINT REFERENCES vote(id),
  created_by BIGINT REFERENCES app_user(id),
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);

-- Each version is a whole text; clauses are its lines, numbered from 1.
CREATE TABLE convention_version (
  id @ID,
  convention_id BIGINT NOT NULL REFERENCES convention(id),
  version INTEGER NOT NULL,
  body TEXT NOT NULL,
  note TEXT NOT NULL DEFAULT '',
  created_by BIGINT REFERENCES app_user(id),
  created_at BIGINT NOT NULL,
  UNIQUE (convention_id, version)
);

CREATE TABLE convention_comment (
  id @ID,
  convention_id BIGINT NOT NULL REFERENCES convention(id),
  version INTEGER NOT NULL,
  clause INTEGER NOT NULL CHECK (clause >= 1),
  user_id BIGINT NOT NULL REFERENCES app_user(id),
  body TEXT NOT NULL,
  created_at BIGINT NOT NULL
);
CREATE INDEX convention_comment_conv ON convention_comment(convention_id, version, clause);

-- Decisions through 提议 → 讨论 → 表决 → 公示, or the "一征三议两公开"
-- template (call for opinions, three readings, two publications). stage is
-- the index of the current step in the template's list (decision.c).
CREATE TABLE decision (
  id @ID,
  node_id BIGINT NOT NULL REFERENCES node(id),
  topic_id BIGINT REFERENCES topic(id),
  title TEXT NOT NULL,
  template TEXT NOT NULL CHECK (template IN ('standard','yizheng')),
  stage INTEGER NOT NULL DEFAULT 0,
  vote_id BIGINT REFERENCES vote(id),
  created_by BIGINT REFERENCES app_user(id),
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);

CREATE TABLE decision_step (
  id @ID,
  decision_id BIGINT NOT NULL REFERENCES decision(id),
  stage INTEGER NOT NULL,
  note TEXT NOT NULL DEFAULT '',
  notice_id BIGINT REFERENCES notice(id),
  done_by BIGINT REFERENCES app_user(id),
  done_at BIGINT NOT NULL
);
CREATE INDEX decision_step_decision ON decision_step(decision_id, stage);
