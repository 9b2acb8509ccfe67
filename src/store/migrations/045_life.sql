-- 045_life: community life: events with capacity and a waiting list,
-- volunteer points (a double-entry ledger in integers), rotas, the service
-- menu (a service order is a work order with source_kind 'service').
-- Times BIGINT UTC seconds, money BIGINT fen, points BIGINT.

-- An event of a compound or community (for the old, the young, children).
-- seq is bumped by every booking change: the UPDATE takes the row's lock, so
-- two bookings of one event never count the free seats at the same time.
CREATE TABLE life_event (
  id @ID,
  node_id BIGINT NOT NULL REFERENCES node(id),
  node_path TEXT NOT NULL,
  title TEXT NOT NULL,
  body TEXT NOT NULL DEFAULT '',
  audience TEXT NOT NULL CHECK (audience IN ('all','elderly','youth','children')),
  place TEXT NOT NULL DEFAULT '',
  starts_at BIGINT NOT NULL,
  ends_at BIGINT NOT NULL,
  capacity INTEGER NOT NULL CHECK (capacity >= 1),
  points INTEGER NOT NULL DEFAULT 0 CHECK (points >= 0),
  seats_taken INTEGER NOT NULL DEFAULT 0,
  seq BIGINT NOT NULL DEFAULT 0,
  status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open','cancelled')),
  created_by BIGINT,
  created_at BIGINT NOT NULL
);
CREATE INDEX life_event_node ON life_event(node_id, id);

-- A booking: by the person signed in (user_id) or at the desk for someone
-- without an account (for_name, consent recorded). who is 'u<id>' or
-- 'n<name>': one active booking per person per event. party: seats taken.
-- status: confirmed (a seat), waiting (in line, by id), cancelled.
CREATE TABLE life_booking (
  id @ID,
  event_id BIGINT NOT NULL REFERENCES life_event(id),
  user_id BIGINT,
  for_name TEXT NOT NULL DEFAULT '',
  consent INTEGER NOT NULL DEFAULT 0,
  who TEXT NOT NULL,
  party INTEGER NOT NULL DEFAULT 1 CHECK (party BETWEEN 1 AND 10),
  status TEXT NOT NULL CHECK (status IN ('confirmed','waiting','cancelled')),
  active INTEGER NOT NULL DEFAULT 1,
  promoted_at BIGINT,
  checked_in_at BIGINT,
  booked_by BIGINT,
  created_at BIGINT NOT NULL
);
CREATE UNIQUE INDEX life_booking_who ON life_booking(event_id, who) WHERE active = 1;
CREATE INDEX life_booking_event ON life_booking(event_id, status, id);
CREATE INDEX life_booking_event_id ON life_booking(event_id, id);
CREATE INDEX life_booking_user ON life_booking(user_id, id);

-- Points: accounts (a person's, and the two system accounts 'issued' and
-- 'spent'), entries and their lines. Every entry's lines sum to zero, so all
-- balances together sum to zero (GET /api/points/check). A person's balance
-- never goes below zero. Corrections are compensating entries.
CREATE TABLE life_points_account (
  id @ID,
  kind TEXT NOT NULL CHECK (kind IN ('person','issued','spent')),
  user_id BIGINT,
  balance BIGINT NOT NULL DEFAULT 0,
  public INTEGER NOT NULL DEFAULT 1,
  created_at BIGINT NOT NULL,
  CHECK (kind <> 'person' OR balance >= 0)
);
CREATE UNIQUE INDEX life_points_account_user ON life_points_account(user_id) WHERE kind = 'person';
CREATE UNIQUE INDEX life_points_account_sys ON life_points_account(kind) WHERE kind <> 'person';
CREATE INDEX life_points_account_board ON life_points_account(kind, public, balance, id);

-- dedupe makes an award happen once: 'event:12:u7', 'shift:40', 'wo:99'.
CREATE TABLE life_points_entry (
  id @ID,
  kind TEXT NOT NULL CHECK (kind IN ('event','shift','service','redeem','correction')),
  dedupe TEXT,
  memo TEXT NOT NULL DEFAULT '',
  amount BIGINT NOT NULL CHECK (amount > 0),
  reverses BIGINT,
  created_by BIGINT,
  created_at BIGINT NOT NULL
);
CREATE UNIQUE INDEX life_points_entry_dedupe ON life_points_entry(dedupe);
CREATE TABLE life_points_line (
  id @ID,
  entry_id BIGINT NOT NULL REFERENCES life_points_entry(id),
  account_id BIGINT NOT NULL REFERENCES life_points_account(id),
  delta BIGINT NOT NULL
);
CREATE INDEX life_points_line_account ON life_points_line(account_id, id);

-- The catalogue: vouchers, priority booking; stock never below zero.
CREATE TABLE life_reward (
  id @ID,
  node_id BIGINT NOT NULL REFERENCES node(id),
  node_path TEXT NOT NULL,
  name TEXT NOT NULL,
  cost BIGINT NOT NULL CHECK (cost > 0),
  stock INTEGER NOT NULL CHECK (stock >= 0),
  created_at BIGINT NOT NULL
);
CREATE INDEX life_reward_node ON life_reward(node_id, id);
CREATE TABLE life_redemption (
  id @ID,
  reward_id BIGINT NOT NULL REFERENCES life_reward(id),
  user_id BIGINT NOT NULL,
  entry_id BIGINT NOT NULL REFERENCES life_points_entry(id),
  created_at BIGINT NOT NULL
);
CREATE INDEX life_redemption_user ON life_redemption(user_id, id);

-- Rotas: a duty type with its shifts; volunteers' availability per shift;
-- assignments (generated, published, swapped with approval, done or missed).
CREATE TABLE life_duty (
  id @ID,
  node_id BIGINT NOT NULL REFERENCES node(id),
  node_path TEXT NOT NULL,
  name TEXT NOT NULL,
  points INTEGER NOT NULL DEFAULT 0 CHECK (points >= 0),
  swap_needs_approval INTEGER NOT NULL DEFAULT 1,
  published_at BIGINT,
  created_at BIGINT NOT NULL
);
CREATE INDEX life_duty_node ON life_duty(node_id, id);
CREATE TABLE life_shift (
  id @ID,
  duty_id BIGINT NOT NULL REFERENCES life_duty(id),
  starts_at BIGINT NOT NULL,
  ends_at BIGINT NOT NULL,
  needed INTEGER NOT NULL DEFAULT 1 CHECK (needed BETWEEN 1 AND 20)
);
CREATE INDEX life_shift_duty ON life_shift(duty_id, starts_at, id);
CREATE TABLE life_availability (
  shift_id BIGINT NOT NULL REFERENCES life_shift(id),
  user_id BIGINT NOT NULL,
  PRIMARY KEY (shift_id, user_id)
);
CREATE TABLE life_assignment (
  id @ID,
  shift_id BIGINT NOT NULL REFERENCES life_shift(id),
  user_id BIGINT NOT NULL,
  status TEXT NOT NULL DEFAULT 'assigned' CHECK (status IN ('assigned','done','missed')),
  swap_to BIGINT,
  created_at BIGINT NOT NULL,
  UNIQUE (shift_id, user_id)
);
CREATE INDEX life_assignment_user ON life_assignment(user_id, shift_id);
CREATE INDEX life_assignment_status ON life_assignment(status, id);

-- The service menu: basic (cleaning, waste, parking, small repairs) and
-- professional (plumber, electrician, fire maintenance, legal, social work);
-- price_kind free / low_cost / market with a price in fen; the contracted
-- response and resolve times become the raised work order's SLA.
CREATE TABLE life_service (
  id @ID,
  node_id BIGINT NOT NULL REFERENCES node(id),
  node_path TEXT NOT NULL,
  name TEXT NOT NULL,
  tier TEXT NOT NULL CHECK (tier IN ('basic','professional')),
  provider TEXT NOT NULL,
  category_code TEXT NOT NULL,
  price_kind TEXT NOT NULL CHECK (price_kind IN ('free','low_cost','market')),
  price_fen BIGINT NOT NULL DEFAULT 0 CHECK (price_fen >= 0),
  response_minutes INTEGER NOT NULL CHECK (response_minutes > 0),
  resolve_minutes INTEGER NOT NULL CHECK (resolve_minutes > 0),
  active INTEGER NOT NULL DEFAULT 1,
  created_at BIGINT NOT NULL
);
CREATE INDEX life_service_node ON life_service(node_id, id);
