-- 004_funds (PostgreSQL): the journal is append-only, as the audit chain.
CREATE FUNCTION journal_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN RAISE EXCEPTION '% is append-only', TG_TABLE_NAME; END; $$;
CREATE TRIGGER journal_entry_no_update BEFORE UPDATE OR DELETE ON journal_entry
FOR EACH ROW EXECUTE FUNCTION journal_append_only();
CREATE TRIGGER journal_line_no_update BEFORE UPDATE OR DELETE ON journal_line
FOR EACH ROW EXECUTE FUNCTION journal_append_only();
