-- 011_auth_hardening: where the keyed part of the audit chain begins, and
-- login throttling shared by every process of a site.

-- Events before keyed_from (written by versions without the key) keep their
-- unkeyed links; the first append with the key writes a chain_keyed event
-- and records its seq here (src/auth/audit.c, docs/audit.md).
ALTER TABLE audit_head ADD COLUMN keyed_from BIGINT;

-- Failed sign-ins counted per key (src/auth/ratelimit.c): 'p:ACCOUNT:ADDRESS',
-- 'a:ADDRESS' and 'u:ACCOUNT', where ACCOUNT is 'u' and the user id, or 'n'
-- and a keyed hash of an unknown typed name, and ADDRESS a keyed hash of the
-- client address: never what a stranger typed, never a plain address.
CREATE TABLE login_throttle (
  key TEXT PRIMARY KEY,
  failures INTEGER NOT NULL,
  last_at BIGINT NOT NULL
);
CREATE INDEX login_throttle_last ON login_throttle(last_at);

-- The addresses (keyed hashes) each account signed in from: failures of
-- strangers elsewhere never slow the owner down there.
CREATE TABLE login_known (
  user_id BIGINT NOT NULL REFERENCES app_user(id),
  address TEXT NOT NULL,
  last_at BIGINT NOT NULL,
  PRIMARY KEY (user_id, address)
);
CREATE INDEX login_known_last ON login_known(last_at);
