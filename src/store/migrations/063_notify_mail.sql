-- notify: email through SMTP. An SMTP server is a channel (platform 'smtp')
-- of a compound or grid; a person chooses email per notice or one daily
-- digest; every mail lives here until sent, so retries, quiet hours and
-- digests survive a restart.
ALTER TABLE notify_channel ADD COLUMN username_enc TEXT NOT NULL DEFAULT ''; -- SMTP login, sealed
ALTER TABLE notify_channel ADD COLUMN mail_from TEXT NOT NULL DEFAULT '';    -- the sender's address

ALTER TABLE notify_pref ADD COLUMN email_enc TEXT NOT NULL DEFAULT '';       -- the person's address, sealed
ALTER TABLE notify_pref ADD COLUMN email_mode TEXT NOT NULL DEFAULT 'off';   -- off, each, daily
ALTER TABLE notify_pref ADD COLUMN email_types TEXT NOT NULL DEFAULT '';     -- type prefixes by email; '' every type
ALTER TABLE notify_pref ADD COLUMN digest_day BIGINT NOT NULL DEFAULT 0;     -- the last Shanghai day (days since 1970) whose digest was built
CREATE INDEX notify_pref_digest ON notify_pref(email_mode, digest_day);

-- One mail to one person. dedup: 'e:<event>' for a notice, 'd:<user>:<day>'
-- for a daily digest, so neither is ever built twice.
CREATE TABLE notify_mail (
  id @ID,
  user_id BIGINT NOT NULL,
  channel_id BIGINT NOT NULL,
  kind TEXT NOT NULL,                  -- each, digest
  dedup TEXT NOT NULL UNIQUE,
  to_enc TEXT NOT NULL,                -- the address, sealed
  subject TEXT NOT NULL,
  body TEXT NOT NULL,
  state TEXT NOT NULL DEFAULT 'pending', -- pending, sent, failed
  attempts INTEGER NOT NULL DEFAULT 0,
  next_at BIGINT NOT NULL,             -- quiet hours hold a non-urgent mail until they end
  last_outcome TEXT NOT NULL DEFAULT '',
  last_detail TEXT NOT NULL DEFAULT '',
  sent_at BIGINT,
  created_at BIGINT NOT NULL
);
CREATE INDEX notify_mail_due ON notify_mail(state, next_at, id);
CREATE INDEX notify_mail_state ON notify_mail(state, id);
CREATE INDEX notify_mail_user ON notify_mail(user_id, id);

INSERT INTO notify_cursor (name, last_id) SELECT 'mail', COALESCE(MAX(id), 0) FROM notify_event;
