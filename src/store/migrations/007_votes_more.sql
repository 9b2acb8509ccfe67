-- 007_votes_more: who a meeting's invitee is when chosen from the scope
-- (an organisation or an office-holder's account; free-text invitees keep
-- both NULL), and the index the background job uses every minute to find
-- open votes past their closing time.
ALTER TABLE meeting_attendee ADD COLUMN org_id BIGINT REFERENCES org(id);
ALTER TABLE meeting_attendee ADD COLUMN user_id BIGINT REFERENCES app_user(id);
CREATE INDEX vote_due ON vote(status, closes_at);
