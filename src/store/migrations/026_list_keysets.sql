-- 026_list_keysets: the indexes the keyset lists walk (each capability's
-- list_sql.h; issue 11). A page is a range of one index in the list's own
-- order, below or above the cursor, so it costs its own rows at a million
-- rows as at a hundred; no list sorts its scope.
-- Payments of a fund, newest first, all or of one status.
DROP INDEX payment_fund;
CREATE INDEX payment_fund ON payment(fund_id, status, id);
CREATE INDEX payment_fund_id ON payment(fund_id, id);
-- Journal entries of a fund, newest first.
CREATE INDEX journal_entry_fund_id ON journal_entry(fund_id, id);
-- A compound's households in address order (grid/list_sql.h): the page
-- after a cursor is the row-value range above it on this index.
CREATE INDEX household_order ON household(compound_id, building_id, unit_id, length(door), door, number, node_id);
-- A compound's shops: each shop carries the compound at or above its node
-- (NULL above every compound), so the list is a range of (compound, id)
-- instead of a sort of every shop under the compound's path.
ALTER TABLE shop ADD COLUMN compound_id BIGINT REFERENCES node(id);
UPDATE shop SET compound_id = (SELECT c.id FROM node n JOIN node c ON c.kind = 'compound'
  AND substr(n.path, 1, length(c.path)) = c.path WHERE n.id = shop.node_id);
CREATE INDEX shop_compound ON shop(compound_id, id);
-- Votes, notices and meetings newest first by their time, then id, all or
-- of one status, kind or source (vote/list_sql.h).
CREATE INDEX vote_created ON vote(created_at, id);
CREATE INDEX vote_status_created ON vote(status, created_at, id);
CREATE INDEX notice_published ON notice(published_at, id);
CREATE INDEX notice_kind ON notice(kind, published_at, id);
CREATE INDEX notice_source_time ON notice(source_entity, source_id, published_at, id);
CREATE INDEX meeting_starts ON meeting(starts_at, id);
-- A vote's ballots in id order, all or those awaiting confirmation.
DROP INDEX ballot_vote;
CREATE INDEX ballot_vote ON ballot(vote_id, counted, id);
CREATE INDEX ballot_vote_id ON ballot(vote_id, id);
-- Decisions newest first (GET /api/decisions).
CREATE INDEX decision_created ON decision(created_at, id);
