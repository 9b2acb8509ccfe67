-- 005_generation: a counter per body of data that moves on every write to it,
-- in the writer's own transaction (triggers in the dialect files). Readers
-- compare it with the generation a cached rendering was made from, so a
-- cache is never served stale, whichever process or backend wrote.
CREATE TABLE generation (
  name TEXT PRIMARY KEY,
  n BIGINT NOT NULL
);
INSERT INTO generation (name, n) VALUES ('register', 1);
