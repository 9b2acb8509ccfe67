-- notify: delivery of notify_event to group bots and the in-app inbox.
-- Every step lives here, not in memory, so retries, digests and rate budgets
-- survive a restart and are shared by every server process.

-- A group bot (WeCom, DingTalk, Feishu) of a compound or grid: it hears the
-- events under its node_path whose type starts with one of `types`.
CREATE TABLE notify_channel (
  id @ID,
  platform TEXT NOT NULL,              -- wecom, dingtalk, feishu
  node_path @PATH NOT NULL,
  name TEXT NOT NULL,
  url_enc TEXT NOT NULL,               -- the webhook URL (its key is a credential): sealed with the data key
  url_host TEXT NOT NULL,              -- what may be shown: scheme and host only
  secret_enc TEXT NOT NULL DEFAULT '', -- the signing secret, sealed; never shown back nor logged
  markdown INTEGER NOT NULL DEFAULT 0,
  types TEXT NOT NULL DEFAULT '',      -- comma list of type prefixes ('workorder.,vote.'); '' every type
  urgent_only INTEGER NOT NULL DEFAULT 0,
  per_minute INTEGER NOT NULL DEFAULT 20, -- the bot's budget; above 20 only for a loopback relay
  active INTEGER NOT NULL DEFAULT 1,
  blocked_until BIGINT NOT NULL DEFAULT 0, -- DingTalk's 10-minute block, or our own pause after a rate limit
  created_by BIGINT,
  created_at BIGINT NOT NULL
);
CREATE INDEX notify_channel_active ON notify_channel(active, id);

-- A person's choices for the inbox: types muted (non-urgent only) and quiet hours.
CREATE TABLE notify_pref (
  user_id BIGINT PRIMARY KEY,
  muted TEXT NOT NULL DEFAULT '',      -- comma list of type prefixes
  quiet_start INTEGER NOT NULL DEFAULT 0, -- minutes of the Shanghai day; start = end: none
  quiet_end INTEGER NOT NULL DEFAULT 0,
  updated_at BIGINT NOT NULL
);

-- One event to one bot. state: pending, sent, failed; digest_id: the
-- delivery whose message carried this one (rate budget exhausted).
CREATE TABLE notify_delivery (
  id @ID,
  event_id BIGINT NOT NULL,
  channel_id BIGINT NOT NULL,
  state TEXT NOT NULL DEFAULT 'pending',
  attempts INTEGER NOT NULL DEFAULT 0,
  next_at BIGINT NOT NULL,
  last_outcome TEXT NOT NULL DEFAULT '',
  sent_at BIGINT,
  digest_id BIGINT,
  created_at BIGINT NOT NULL,
  UNIQUE (event_id, channel_id)
);
CREATE INDEX notify_delivery_due ON notify_delivery(state, next_at, id);
CREATE INDEX notify_delivery_state ON notify_delivery(state, id);
CREATE INDEX notify_delivery_channel ON notify_delivery(channel_id, state, next_at);

-- Every attempt: its HTTP status, the reply sorted, a short detail (never the URL or secret).
CREATE TABLE notify_attempt (
  id @ID,
  delivery_id BIGINT NOT NULL,
  channel_id BIGINT NOT NULL,
  at BIGINT NOT NULL,
  http_status INTEGER NOT NULL,
  outcome TEXT NOT NULL,
  detail TEXT NOT NULL DEFAULT ''
);
CREATE INDEX notify_attempt_delivery ON notify_attempt(delivery_id, id);
CREATE INDEX notify_attempt_budget ON notify_attempt(channel_id, at);

-- How far the fan-out has read notify_event. Starts at the newest event, so
-- a bot added later is not flooded with the past.
CREATE TABLE notify_cursor (
  name TEXT PRIMARY KEY,
  last_id BIGINT NOT NULL
);
INSERT INTO notify_cursor (name, last_id) SELECT 'fanout', COALESCE(MAX(id), 0) FROM notify_event;

-- The in-app inbox: the events whose user_id is the reader; read when opened.
CREATE TABLE notify_read (
  user_id BIGINT NOT NULL,
  event_id BIGINT NOT NULL,
  read_at BIGINT NOT NULL,
  PRIMARY KEY (user_id, event_id)
);
