-- 003_votes (PostgreSQL): a published notice is never edited nor removed.
CREATE FUNCTION notice_never_edited() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN RAISE EXCEPTION 'notice is never edited: publish a correction'; END; $$;
CREATE TRIGGER notice_no_update BEFORE UPDATE OR DELETE ON notice
FOR EACH ROW EXECUTE FUNCTION notice_never_edited();
