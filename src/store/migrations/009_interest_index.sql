-- 009_interest_index: interest entries are a handful a year among millions of
-- entries; a household's statement sums its share of them, so they get an
-- index of their own (partial: only the interest entries are in it).
CREATE INDEX journal_entry_interest ON journal_entry(id) WHERE is_interest = 1;
