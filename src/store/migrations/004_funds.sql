-- 004_funds: the compound's money: funds and their accounts, the double-entry
-- journal (append-only; corrections are reversing entries), levies and their
-- receipts, partner agreements and donations, payment requests with their
-- three signatures, trust budgets and bank statement lines.
-- Money is BIGINT fen, areas BIGINT 0.01 m^2, times BIGINT UTC seconds.

-- A fund (资金) of one compound: the co-managed renovation account (共管账户),
-- the maintenance fund (维修资金), the trust property account (信托制物业),
-- the autonomy fund (自治金). Bank details are shown only with PERM_BANK_DETAILS.
CREATE TABLE fund (
  id @ID,
  node_id BIGINT NOT NULL REFERENCES node(id),
  kind TEXT NOT NULL CHECK (kind IN ('renovation','maintenance','trust','autonomy')),
  name TEXT NOT NULL,
  bank_name TEXT NOT NULL DEFAULT '',
  bank_account TEXT NOT NULL DEFAULT '',
  created_at BIGINT NOT NULL,
  UNIQUE (node_id, kind)
);

-- An account of a fund. type: asset (the bank), liability (a household's
-- maintenance sub-account, owed back to the owners), income, expense.
-- balance caches SUM(debit - credit) of its journal lines (checked by
-- GET /api/ledger/check); household_id is set for maintenance sub-accounts;
-- first_deposit is the household's first levy due (the top-up rule's base).
CREATE TABLE fund_account (
  id @ID,
  fund_id BIGINT NOT NULL REFERENCES fund(id),
  code TEXT NOT NULL,
  name TEXT NOT NULL,
  type TEXT NOT NULL CHECK (type IN ('asset','liability','income','expense')),
  household_id BIGINT REFERENCES node(id),
  first_deposit BIGINT NOT NULL DEFAULT 0 CHECK (first_deposit >= 0),
  balance BIGINT NOT NULL DEFAULT 0,
  created_at BIGINT NOT NULL,
  UNIQUE (fund_id, code)
);
CREATE INDEX fund_account_household ON fund_account(household_id);

-- A journal entry: balanced (SUM(debit) = SUM(credit) = amount, checked when
-- posted and by the ledger check), immutable; reverses_id names the entry a
-- correction reverses.
CREATE TABLE journal_entry (
  id @ID,
  fund_id BIGINT NOT NULL REFERENCES fund(id),
  posted_at BIGINT NOT NULL,
  amount BIGINT NOT NULL CHECK (amount > 0),
  memo TEXT NOT NULL,
  reference TEXT NOT NULL DEFAULT '',
  source_entity TEXT NOT NULL DEFAULT '',
  source_id BIGINT NOT NULL DEFAULT 0,
  reverses_id BIGINT REFERENCES journal_entry(id),
  is_interest INTEGER NOT NULL DEFAULT 0,
  created_by BIGINT REFERENCES app_user(id)
);
CREATE INDEX journal_entry_fund ON journal_entry(fund_id, posted_at);
CREATE UNIQUE INDEX journal_entry_reversal ON journal_entry(reverses_id);

CREATE TABLE journal_line (
  id @ID,
  entry_id BIGINT NOT NULL REFERENCES journal_entry(id),
  account_id BIGINT NOT NULL REFERENCES fund_account(id),
  debit BIGINT NOT NULL DEFAULT 0 CHECK (debit >= 0),
  credit BIGINT NOT NULL DEFAULT 0 CHECK (credit >= 0),
  CHECK ((debit > 0 AND credit = 0) OR (credit > 0 AND debit = 0))
);
CREATE INDEX journal_line_entry ON journal_line(entry_id);
CREATE INDEX journal_line_account ON journal_line(account_id, entry_id);

-- A levy (征收): rule per_area charges rate fen per m² of the household's
-- area; rule percent charges rate basis points of base fen per m².
CREATE TABLE levy (
  id @ID,
  fund_id BIGINT NOT NULL REFERENCES fund(id),
  name TEXT NOT NULL,
  rule TEXT NOT NULL CHECK (rule IN ('per_area','percent')),
  rate BIGINT NOT NULL CHECK (rate > 0),
  base BIGINT NOT NULL DEFAULT 0,
  created_by BIGINT REFERENCES app_user(id),
  created_at BIGINT NOT NULL
);

CREATE TABLE levy_charge (
  id @ID,
  levy_id BIGINT NOT NULL REFERENCES levy(id),
  household_id BIGINT NOT NULL REFERENCES node(id),
  building_id BIGINT NOT NULL REFERENCES node(id),
  account_id BIGINT NOT NULL REFERENCES fund_account(id),
  area BIGINT NOT NULL,
  due BIGINT NOT NULL CHECK (due >= 0),
  paid BIGINT NOT NULL DEFAULT 0 CHECK (paid >= 0),
  UNIQUE (levy_id, household_id)
);
CREATE INDEX levy_charge_household ON levy_charge(household_id);

-- A receipt (收据) for one payment of a levy; partial payments are kept.
CREATE TABLE levy_payment (
  id @ID,
  charge_id BIGINT NOT NULL REFERENCES levy_charge(id),
  amount BIGINT NOT NULL CHECK (amount > 0),
  method TEXT NOT NULL CHECK (method IN ('cash','transfer')),
  receipt_no TEXT NOT NULL UNIQUE,
  entry_id BIGINT NOT NULL REFERENCES journal_entry(id),
  paid_at BIGINT NOT NULL,
  created_by BIGINT REFERENCES app_user(id)
);
CREATE INDEX levy_payment_charge ON levy_payment(charge_id);

-- Social capital (社会资本) agreements and donations (捐赠): income with its
-- counterparty, posted to the fund's journal.
CREATE TABLE fund_income (
  id @ID,
  fund_id BIGINT NOT NULL REFERENCES fund(id),
  kind TEXT NOT NULL CHECK (kind IN ('subsidy','partner','donation','interest','trust_income')),
  counterparty TEXT NOT NULL,
  purpose TEXT NOT NULL DEFAULT '',
  facility TEXT NOT NULL DEFAULT '',
  revenue_share_bp INTEGER NOT NULL DEFAULT 0 CHECK (revenue_share_bp BETWEEN 0 AND 10000),
  term_years INTEGER NOT NULL DEFAULT 0,
  amount BIGINT NOT NULL CHECK (amount > 0),
  entry_id BIGINT NOT NULL REFERENCES journal_entry(id),
  created_by BIGINT REFERENCES app_user(id),
  created_at BIGINT NOT NULL
);

-- A payment request (付款申请) and its three signatures.
CREATE TABLE payment (
  id @ID,
  fund_id BIGINT NOT NULL REFERENCES fund(id),
  requester_id BIGINT NOT NULL REFERENCES app_user(id),
  payee TEXT NOT NULL,
  payee_account TEXT NOT NULL DEFAULT '',
  amount BIGINT NOT NULL CHECK (amount > 0),
  purpose TEXT NOT NULL,
  category TEXT NOT NULL,
  expense_account_id BIGINT REFERENCES fund_account(id),
  basis TEXT NOT NULL DEFAULT '[]',
  project TEXT NOT NULL DEFAULT '',
  workorder_id BIGINT,
  vote_id BIGINT,
  status TEXT NOT NULL CHECK (status IN ('pending','rejected','approved','disbursed')),
  reject_reason TEXT NOT NULL DEFAULT '',
  entry_id BIGINT REFERENCES journal_entry(id),
  notice_id BIGINT,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE INDEX payment_fund ON payment(fund_id, status);

CREATE TABLE payment_signature (
  id @ID,
  payment_id BIGINT NOT NULL REFERENCES payment(id),
  role TEXT NOT NULL CHECK (role IN ('supervisor','finance','committee')),
  user_id BIGINT NOT NULL REFERENCES app_user(id),
  decision TEXT NOT NULL CHECK (decision IN ('approve','reject')),
  reason TEXT NOT NULL DEFAULT '',
  at BIGINT NOT NULL,
  UNIQUE (payment_id, role),
  UNIQUE (payment_id, user_id)
);

-- The trust account's approved annual budget, per expense or income account.
CREATE TABLE fund_budget (
  id @ID,
  fund_id BIGINT NOT NULL REFERENCES fund(id),
  year INTEGER NOT NULL,
  account_id BIGINT NOT NULL REFERENCES fund_account(id),
  amount BIGINT NOT NULL CHECK (amount >= 0),
  UNIQUE (fund_id, year, account_id)
);

-- Bank statement lines imported from CSV, matched to journal entries.
CREATE TABLE bank_line (
  id @ID,
  fund_id BIGINT NOT NULL REFERENCES fund(id),
  import_id BIGINT NOT NULL,
  line_no INTEGER NOT NULL,
  day BIGINT NOT NULL,
  amount BIGINT NOT NULL,
  reference TEXT NOT NULL DEFAULT '',
  description TEXT NOT NULL DEFAULT '',
  entry_id BIGINT REFERENCES journal_entry(id),
  created_at BIGINT NOT NULL
);
CREATE INDEX bank_line_fund ON bank_line(fund_id, import_id);
