-- notify: the one outbox every capability announces its events through,
-- written in the same transaction as the change (nothing announced for a
-- change that rolled back, nothing lost for one that committed). Delivery
-- (bots, email, the in-app inbox) reads it in id order.
CREATE TABLE notify_event (
  id @ID,
  type TEXT NOT NULL,          -- stable code: 'wo.dispatched', 'hazard.red', 'vote.opened' ...
  entity TEXT NOT NULL,        -- 'work_order', 'hazard', 'vote' ...
  entity_id BIGINT NOT NULL,
  node_path TEXT NOT NULL,     -- the place: whose subscriptions and groups apply
  urgent INTEGER NOT NULL DEFAULT 0,
  user_id BIGINT,              -- the person concerned, when there is one
  title TEXT NOT NULL,         -- Chinese, no personal data: what a group chat may show
  body TEXT NOT NULL,
  link TEXT NOT NULL,          -- path of the page, e.g. /workorders/12
  created_by BIGINT,
  created_at BIGINT NOT NULL
);
CREATE INDEX notify_event_user ON notify_event(user_id, id);
