-- 075_project_partners: the partners who pay (PPP, 政府+企业+居民) and the
-- autonomy-fund grants (自治金) (src/project/partner.c, grant.c). A partner
-- is vetted (credentials, references, the committee's decision), then signs
-- a contract with a payback plan per income line and its obligations; the
-- money in is read from the funds' ledger, never kept here. A grant is
-- applied for with a budget, decided by the committee, and its spending is
-- reported line by line and published.
CREATE TABLE partner (
  id @ID,
  node_id BIGINT NOT NULL,              -- the compound
  project_id BIGINT REFERENCES project(id),
  name TEXT NOT NULL,                   -- also the counterparty of its income in the ledger
  credentials TEXT NOT NULL,
  refs TEXT NOT NULL,                   -- references, one per line
  status TEXT NOT NULL DEFAULT 'vetting', -- vetting, approved, rejected, contracted
  decision_note TEXT NOT NULL DEFAULT '',
  decided_by BIGINT,
  decided_at BIGINT,
  contract_no TEXT NOT NULL DEFAULT '',
  contract_start BIGINT,
  contract_end BIGINT,
  created_by BIGINT,
  created_at BIGINT NOT NULL
);
CREATE INDEX partner_node ON partner(node_id, id);
CREATE TABLE partner_plan (
  partner_id BIGINT NOT NULL REFERENCES partner(id),
  line TEXT NOT NULL,                   -- parking, charging, advertising, service_fees
  amount BIGINT NOT NULL,               -- planned over the contract, fen
  PRIMARY KEY (partner_id, line)
);
CREATE TABLE partner_obligation (
  id @ID,
  partner_id BIGINT NOT NULL REFERENCES partner(id),
  description TEXT NOT NULL,
  due_at BIGINT NOT NULL,
  status TEXT NOT NULL DEFAULT 'open',  -- open, met
  met_at BIGINT,
  note TEXT NOT NULL DEFAULT ''
);
CREATE INDEX partner_obligation_partner ON partner_obligation(partner_id, id);
CREATE TABLE autonomy_grant (
  id @ID,
  node_id BIGINT NOT NULL,              -- the compound that applied
  title TEXT NOT NULL,
  purpose TEXT NOT NULL DEFAULT '',
  budget BIGINT NOT NULL,               -- fen
  status TEXT NOT NULL DEFAULT 'applied', -- applied, approved, rejected
  decision_note TEXT NOT NULL DEFAULT '',
  decided_by BIGINT,
  decided_at BIGINT,
  spent BIGINT NOT NULL DEFAULT 0,      -- the sum of grant_spend (kept with it in one transaction)
  created_by BIGINT,
  created_at BIGINT NOT NULL
);
CREATE INDEX autonomy_grant_node ON autonomy_grant(node_id, id);
CREATE TABLE grant_spend (
  id @ID,
  grant_id BIGINT NOT NULL REFERENCES autonomy_grant(id),
  amount BIGINT NOT NULL,
  description TEXT NOT NULL,
  spent_on BIGINT NOT NULL,
  created_by BIGINT,
  created_at BIGINT NOT NULL
);
CREATE INDEX grant_spend_grant ON grant_spend(grant_id, id);
