-- 006_workorders_more: the two-party close (自治结单) and the links that
-- work orders keep. A community that requires its compound committee's
-- confirmation sends a reporter's confirmation to a new state,
-- confirmed_by_reporter, which only the committee closes (or reopens with a
-- reason); the state list of work_order changes in the dialect files.
-- confirm_days: after a fix, how many days the reporter has to answer
-- before staff may close with a reason (NULL: the SLA policy's window).
ALTER TABLE wo_community_setting ADD COLUMN confirm_days INTEGER CHECK (confirm_days IS NULL OR confirm_days BETWEEN 1 AND 365);
-- When the reporter confirmed and is now waiting for the committee.
ALTER TABLE work_order ADD COLUMN reporter_confirmed_at BIGINT;
-- What a timeline event refers to: the meeting of a meeting_linked or
-- meeting_held event (meeting.id of the votes capability).
ALTER TABLE wo_event ADD COLUMN ref_id BIGINT;
