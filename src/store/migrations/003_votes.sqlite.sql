-- 003_votes (SQLite): a published notice is never edited nor removed.
CREATE TRIGGER notice_no_update BEFORE UPDATE ON notice
BEGIN SELECT RAISE(ABORT, 'notice is never edited: publish a correction'); END;
CREATE TRIGGER notice_no_delete BEFORE DELETE ON notice
BEGIN SELECT RAISE(ABORT, 'notice is never edited: publish a correction'); END;
