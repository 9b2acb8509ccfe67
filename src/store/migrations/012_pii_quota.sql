-- 012_pii_quota: per-user limits on reads of personal data (register
-- searches, ID-number checks). Each counted event is a row, written in the
-- request's own transaction, so every server process sees the same count
-- and a restart forgets nothing; rows older than their window are deleted
-- as new ones come (src/auth/quota.c).
CREATE TABLE quota_event (
  id @ID,
  quota_key TEXT NOT NULL,
  at BIGINT NOT NULL
);
CREATE INDEX quota_event_key_at ON quota_event(quota_key, at);
