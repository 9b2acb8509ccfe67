-- 052_safety_disputes: mediation (矛盾化解) in three tiers: neighbours'
-- mediators (1), the legal adviser or social worker (2), a multi-party
-- consultation led by the party committee (3). The parties' names and
-- phones (sealed, as the register seals them) are for the case's own
-- mediators (dispute_mediator); sessions, escalations with their reasons,
-- agreements and follow-up visits are rows of dispute_event; an agreement
-- holds when every party signed it (dispute_signature). A tier-3 outcome
-- may be published, without the parties.
CREATE TABLE dispute (
  id @ID,
  compound_id BIGINT NOT NULL,
  node_path TEXT NOT NULL,
  title TEXT NOT NULL,
  summary TEXT NOT NULL DEFAULT '',
  tier INTEGER NOT NULL DEFAULT 1,
  status TEXT NOT NULL DEFAULT 'open',
  outcome TEXT NOT NULL DEFAULT '',
  published INTEGER NOT NULL DEFAULT 0,
  created_by BIGINT NOT NULL DEFAULT 0,
  created_at BIGINT NOT NULL,
  closed_at BIGINT NOT NULL DEFAULT 0
);
CREATE INDEX dispute_compound ON dispute(compound_id, id);
CREATE INDEX dispute_published ON dispute(compound_id, published, id);

CREATE TABLE dispute_party (
  id @ID,
  dispute_id BIGINT NOT NULL REFERENCES dispute(id),
  name TEXT NOT NULL,
  phone_enc TEXT NOT NULL DEFAULT '',
  role TEXT NOT NULL
);
CREATE INDEX dispute_party_dispute ON dispute_party(dispute_id, id);

CREATE TABLE dispute_mediator (
  dispute_id BIGINT NOT NULL REFERENCES dispute(id),
  user_id BIGINT NOT NULL,
  added_at BIGINT NOT NULL,
  PRIMARY KEY (dispute_id, user_id)
);

CREATE TABLE dispute_event (
  id @ID,
  dispute_id BIGINT NOT NULL REFERENCES dispute(id),
  at BIGINT NOT NULL,
  actor_id BIGINT NOT NULL DEFAULT 0,
  kind TEXT NOT NULL,
  tier INTEGER NOT NULL,
  text TEXT NOT NULL DEFAULT ''
);
CREATE INDEX dispute_event_dispute ON dispute_event(dispute_id, id);

CREATE TABLE dispute_signature (
  event_id BIGINT NOT NULL REFERENCES dispute_event(id),
  party_id BIGINT NOT NULL REFERENCES dispute_party(id),
  signed_at BIGINT NOT NULL,
  PRIMARY KEY (event_id, party_id)
);
