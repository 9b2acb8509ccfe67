-- 013_fund_limits: a fund's journal may carry at most 4·10^18 fen in all
-- (FUNDS_FUND_LIMIT), so that every sum over its lines fits in 64 bits;
-- posted_total caches the sum of its entries' amounts (kept by ledger_post,
-- checked by GET /api/ledger/check).
ALTER TABLE fund ADD COLUMN posted_total BIGINT NOT NULL DEFAULT 0;
UPDATE fund SET posted_total = (SELECT COALESCE(SUM(e.amount), 0) FROM journal_entry e WHERE e.fund_id = fund.id);
