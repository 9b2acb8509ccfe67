-- 046_life_resources: resources against needs (offers, needs, the matches
-- staff confirmed), the talent pool, the reading corner (books and loans)
-- and old photos and stories. Times BIGINT UTC seconds; quantities BIGINT
-- in the offer's own unit (hours, yuan, times, items).

-- What a unit, shop, resident or charity can give. quantity_left falls by a
-- conditional UPDATE when a match is confirmed, never below zero: two
-- confirmations of the last quantity, exactly one wins.
CREATE TABLE life_offer (
  id @ID,
  node_id BIGINT NOT NULL REFERENCES node(id),
  node_path TEXT NOT NULL,
  giver_kind TEXT NOT NULL CHECK (giver_kind IN ('unit','shop','resident','charity')),
  giver_name TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('room','vehicle','hours','money','goods')),
  title TEXT NOT NULL,
  place TEXT NOT NULL DEFAULT '',
  from_at BIGINT NOT NULL,
  to_at BIGINT NOT NULL,
  quantity BIGINT NOT NULL CHECK (quantity >= 1),
  quantity_left BIGINT NOT NULL CHECK (quantity_left >= 0),
  created_by BIGINT,
  created_at BIGINT NOT NULL
);
CREATE INDEX life_offer_node ON life_offer(node_id, id);

-- What a compound needs.
CREATE TABLE life_need (
  id @ID,
  node_id BIGINT NOT NULL REFERENCES node(id),
  node_path TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('room','vehicle','hours','money','goods')),
  title TEXT NOT NULL,
  place TEXT NOT NULL DEFAULT '',
  from_at BIGINT NOT NULL,
  to_at BIGINT NOT NULL,
  quantity BIGINT NOT NULL CHECK (quantity >= 1),
  quantity_left BIGINT NOT NULL CHECK (quantity_left >= 0),
  created_by BIGINT,
  created_at BIGINT NOT NULL
);
CREATE INDEX life_need_node ON life_need(node_id, id);

-- A match staff confirmed; both sides record delivery.
CREATE TABLE life_match (
  id @ID,
  node_id BIGINT NOT NULL REFERENCES node(id),
  offer_id BIGINT NOT NULL REFERENCES life_offer(id),
  need_id BIGINT NOT NULL REFERENCES life_need(id),
  quantity BIGINT NOT NULL CHECK (quantity >= 1),
  giver_done_at BIGINT,
  receiver_done_at BIGINT,
  confirmed_by BIGINT,
  created_at BIGINT NOT NULL
);
CREATE INDEX life_match_node ON life_match(node_id, id);

-- The talent pool: a resident offers a skill, with consent; withdrawn rows
-- are kept (withdrawn_at) and never shown again.
CREATE TABLE life_talent (
  id @ID,
  node_id BIGINT NOT NULL REFERENCES node(id),
  node_path TEXT NOT NULL,
  user_id BIGINT NOT NULL,
  name TEXT NOT NULL,
  skill TEXT NOT NULL,
  note TEXT NOT NULL DEFAULT '',
  consent INTEGER NOT NULL CHECK (consent = 1),
  withdrawn_at BIGINT,
  created_at BIGINT NOT NULL
);
CREATE INDEX life_talent_node ON life_talent(node_id, id);

-- The reading corner. A book is one copy; a loan holds it (one active loan
-- per book, by a unique index and a conditional UPDATE of on_loan).
CREATE TABLE life_book (
  id @ID,
  node_id BIGINT NOT NULL REFERENCES node(id),
  node_path TEXT NOT NULL,
  title TEXT NOT NULL,
  author TEXT NOT NULL DEFAULT '',
  donor TEXT NOT NULL DEFAULT '',
  on_loan INTEGER NOT NULL DEFAULT 0,
  created_at BIGINT NOT NULL
);
CREATE INDEX life_book_node ON life_book(node_id, id);

CREATE TABLE life_loan (
  id @ID,
  book_id BIGINT NOT NULL REFERENCES life_book(id),
  user_id BIGINT,
  for_name TEXT NOT NULL DEFAULT '',
  active INTEGER NOT NULL DEFAULT 1,
  due_at BIGINT NOT NULL,
  returned_at BIGINT,
  reminded_at BIGINT,
  lent_by BIGINT,
  created_at BIGINT NOT NULL
);
CREATE UNIQUE INDEX life_loan_active ON life_loan(book_id) WHERE active = 1;
CREATE INDEX life_loan_book ON life_loan(book_id, id);
CREATE INDEX life_loan_due ON life_loan(active, due_at, id);

-- Old photos and stories, with the consent of the people shown; a
-- withdrawn story leaves every public list.
CREATE TABLE life_story (
  id @ID,
  node_id BIGINT NOT NULL REFERENCES node(id),
  node_path TEXT NOT NULL,
  title TEXT NOT NULL,
  body TEXT NOT NULL DEFAULT '',
  era TEXT NOT NULL DEFAULT '',
  consent_note TEXT NOT NULL,
  status TEXT NOT NULL DEFAULT 'public' CHECK (status IN ('public','withdrawn')),
  created_by BIGINT,
  created_at BIGINT NOT NULL,
  withdrawn_at BIGINT
);
CREATE INDEX life_story_node ON life_story(node_id, status, id);
