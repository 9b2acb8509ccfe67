-- 031_meeting_todo: the inbox's "minutes to confirm" reads the meetings
-- held and not yet published, oldest first, from this index.
CREATE INDEX meeting_status ON meeting(status, starts_at, id);
