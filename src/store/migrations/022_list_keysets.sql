-- 022_list_keysets: the indexes the keyset lists walk (each capability's
-- list_sql.h; issue 11). A page is a range of one index in the list's own
-- order, below or above the cursor, so it costs its own rows at a million
-- rows as at a hundred; no list sorts its scope.
-- Payments of a fund, newest first, all or of one status.
DROP INDEX payment_fund;
CREATE INDEX payment_fund ON payment(fund_id, status, id);
CREATE INDEX payment_fund_id ON payment(fund_id, id);
-- Journal entries of a fund, newest first.
CREATE INDEX journal_entry_fund_id ON journal_entry(fund_id, id);
