-- 074_fund_income_counterparty: a counterparty's income per line
-- (funds_income_by_line: a partner's money in against its payback plan).
CREATE INDEX fund_income_counterparty ON fund_income(fund_id, kind, counterparty, facility);
