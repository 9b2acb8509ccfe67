-- 016_flats (SQLite): household points to its flat and loses its area and
-- its one-household-per-door constraint. SQLite cannot drop a constraint or
-- a checked column in place: the table is copied, dropped and created again
-- under its name (no table refers to household, every reference is to node).
CREATE TABLE household_v2 (
  node_id BIGINT PRIMARY KEY REFERENCES node(id),
  flat_id BIGINT NOT NULL REFERENCES flat(id),
  number TEXT NOT NULL DEFAULT '',
  unit_id BIGINT NOT NULL REFERENCES node(id),
  building_id BIGINT NOT NULL REFERENCES node(id),
  compound_id BIGINT NOT NULL REFERENCES node(id),
  grid_id BIGINT NOT NULL REFERENCES node(id),
  door TEXT NOT NULL,
  address TEXT NOT NULL,
  housing TEXT NOT NULL DEFAULT 'owned' CHECK (housing IN ('owned','rented','public','vacant')),
  note TEXT NOT NULL DEFAULT '',
  UNIQUE (flat_id, number)
);
INSERT INTO household_v2 (node_id, flat_id, number, unit_id, building_id, compound_id, grid_id, door, address, housing, note)
SELECT h.node_id, f.id, '', h.unit_id, h.building_id, h.compound_id, h.grid_id, h.door, h.address, h.housing, h.note
FROM household h JOIN flat f ON f.unit_id = h.unit_id AND f.door = h.door;
DROP TABLE household;
ALTER TABLE household_v2 RENAME TO household;
CREATE INDEX household_compound ON household(compound_id, node_id);
CREATE INDEX household_grid ON household(grid_id, node_id);

-- The register's generation moves with every row written to it (005): the
-- rebuilt household and the new tables get their triggers.
CREATE TRIGGER gen_household_insert AFTER INSERT ON household
BEGIN UPDATE generation SET n = n + 1 WHERE name = 'register'; END;
CREATE TRIGGER gen_household_update AFTER UPDATE ON household
BEGIN UPDATE generation SET n = n + 1 WHERE name = 'register'; END;
CREATE TRIGGER gen_household_delete AFTER DELETE ON household
BEGIN UPDATE generation SET n = n + 1 WHERE name = 'register'; END;
CREATE TRIGGER gen_flat_insert AFTER INSERT ON flat
BEGIN UPDATE generation SET n = n + 1 WHERE name = 'register'; END;
CREATE TRIGGER gen_flat_update AFTER UPDATE ON flat
BEGIN UPDATE generation SET n = n + 1 WHERE name = 'register'; END;
CREATE TRIGGER gen_flat_delete AFTER DELETE ON flat
BEGIN UPDATE generation SET n = n + 1 WHERE name = 'register'; END;
CREATE TRIGGER gen_owner_insert AFTER INSERT ON owner
BEGIN UPDATE generation SET n = n + 1 WHERE name = 'register'; END;
CREATE TRIGGER gen_owner_update AFTER UPDATE ON owner
BEGIN UPDATE generation SET n = n + 1 WHERE name = 'register'; END;
CREATE TRIGGER gen_owner_delete AFTER DELETE ON owner
BEGIN UPDATE generation SET n = n + 1 WHERE name = 'register'; END;
CREATE TRIGGER gen_ownership_insert AFTER INSERT ON ownership
BEGIN UPDATE generation SET n = n + 1 WHERE name = 'register'; END;
CREATE TRIGGER gen_ownership_update AFTER UPDATE ON ownership
BEGIN UPDATE generation SET n = n + 1 WHERE name = 'register'; END;
CREATE TRIGGER gen_ownership_delete AFTER DELETE ON ownership
BEGIN UPDATE generation SET n = n + 1 WHERE name = 'register'; END;
-- the register changed shape: cached renderings of it are stale
UPDATE generation SET n = n + 1 WHERE name = 'register';
