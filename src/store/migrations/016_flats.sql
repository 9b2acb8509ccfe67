-- 016_flats: the register's flats (房) apart from its households (户), and
-- ownership as a relation between an owner and a flat.
--
-- Before: a household row carried an area, and each owner row carried its
-- own area for one household, so a vote (owner.area) and a levy
-- (household.area) read two numbers that could differ; an owner was tied to
-- one household; all developers shared one key. Now:
--   flat       one exclusive part (专有部分): a door in a unit, with its ONE
--              floor area (建筑面积), read by votes and levies alike;
--   household  people registered together (户); several may live at one
--              door (number, the 户号, tells them apart); each points to its flat;
--   owner      a person (wherever they live) or a named developer of one
--              compound, identified across flats by owner_key: the keyed hash
--              of the ID number, or 'developer:<compound id>:<name>'. Not
--              unique: a registrar who may not see a person's other owner row
--              gets a row of their own (an answer must not say whose number
--              it is); rows sharing a key are one owner in every count;
--   ownership  owner x flat, with an optional share in basis points (NULL:
--              joint ownership, no shares stated).
-- The dialect files rebuild (SQLite) or alter (PostgreSQL) household and add
-- the generation triggers of the new tables.

CREATE TABLE flat (
  id @ID,
  unit_id BIGINT NOT NULL REFERENCES node(id),
  compound_id BIGINT NOT NULL REFERENCES node(id),
  door TEXT NOT NULL,
  area BIGINT CHECK (area IS NULL OR area > 0),
  area_source TEXT NOT NULL DEFAULT 'register' CHECK (area_source IN ('register','survey','contract')),
  created_at BIGINT NOT NULL,
  UNIQUE (unit_id, door)
);

-- One flat per door of the register as it was. Its area: the property
-- register's (an owner's area recorded from the register), else the
-- household's, else whatever an owner row had (survey or contract).
INSERT INTO flat (unit_id, compound_id, door, area, area_source, created_at)
SELECT h.unit_id, h.compound_id, h.door,
       COALESCE((SELECT o.area FROM owner o WHERE o.household_id = h.node_id AND o.area_source = 'register' ORDER BY o.id LIMIT 1),
                h.area,
                (SELECT o.area FROM owner o WHERE o.household_id = h.node_id ORDER BY o.id LIMIT 1)),
       COALESCE((SELECT o.area_source FROM owner o WHERE o.household_id = h.node_id AND o.area_source = 'register' ORDER BY o.id LIMIT 1),
                CASE WHEN h.area IS NOT NULL THEN 'register' END,
                (SELECT o.area_source FROM owner o WHERE o.household_id = h.node_id ORDER BY o.id LIMIT 1),
                'register'),
       n.created_at
FROM household h JOIN node n ON n.id = h.node_id
ORDER BY h.node_id;

-- The old owner rows with their flat and compound, then the new tables.
CREATE TABLE owner_v1 AS
SELECT o.id, o.person_id, o.name, o.owner_key, o.id_enc, o.id_mask, o.phone_enc, o.phone_mask, o.is_developer,
       o.created_at, h.compound_id, f.id AS flat_id
FROM owner o JOIN household h ON h.node_id = o.household_id
JOIN flat f ON f.unit_id = h.unit_id AND f.door = h.door;
DROP TABLE owner;

CREATE TABLE owner (
  id @ID,
  kind TEXT NOT NULL CHECK (kind IN ('person','developer')),
  owner_key TEXT NOT NULL,
  name TEXT NOT NULL,
  compound_id BIGINT REFERENCES node(id),
  person_id BIGINT REFERENCES person(id),
  id_enc TEXT,
  id_mask TEXT,
  phone_enc TEXT,
  phone_mask TEXT,
  created_at BIGINT NOT NULL,
  CHECK ((kind = 'developer' AND compound_id IS NOT NULL) OR (kind = 'person' AND compound_id IS NULL))
);
CREATE INDEX owner_by_key ON owner(owner_key);
CREATE INDEX owner_person ON owner(person_id);

CREATE TABLE ownership (
  id @ID,
  flat_id BIGINT NOT NULL REFERENCES flat(id),
  owner_id BIGINT NOT NULL REFERENCES owner(id),
  share_bp INTEGER CHECK (share_bp IS NULL OR share_bp BETWEEN 1 AND 10000),
  created_at BIGINT NOT NULL,
  UNIQUE (flat_id, owner_id)
);
CREATE INDEX ownership_owner ON ownership(owner_id);

-- A person is one owner wherever they own: their first row names them.
INSERT INTO owner (kind, owner_key, name, person_id, id_enc, id_mask, phone_enc, phone_mask, created_at)
SELECT 'person', v.owner_key, v.name, COALESCE(v.person_id, g.person_id), v.id_enc, v.id_mask, v.phone_enc,
       v.phone_mask, v.created_at
FROM owner_v1 v
JOIN (SELECT owner_key, MIN(id) AS first_id, MIN(person_id) AS person_id FROM owner_v1 WHERE is_developer = 0
      GROUP BY owner_key) g ON g.first_id = v.id
ORDER BY v.id;

-- Every developer was the one key 'developer': now one owner per compound
-- and name, so two developers, or one in two compounds, are two owners.
INSERT INTO owner (kind, owner_key, name, compound_id, created_at)
SELECT 'developer', 'developer:' || CAST(compound_id AS TEXT) || ':' || name, name, compound_id, MIN(created_at)
FROM owner_v1 WHERE is_developer = 1
GROUP BY compound_id, name
ORDER BY MIN(id);

-- In the old rows' order, so a flat's first owner (who speaks for its
-- co-owners in a vote) stays the same.
INSERT INTO ownership (flat_id, owner_id, share_bp, created_at)
SELECT v.flat_id, p.id, NULL, MIN(v.created_at)
FROM owner_v1 v
JOIN owner p ON p.owner_key = CASE WHEN v.is_developer = 1
                                   THEN 'developer:' || CAST(v.compound_id AS TEXT) || ':' || v.name
                                   ELSE v.owner_key END
GROUP BY v.flat_id, p.id
ORDER BY MIN(v.id);

-- Ballots cast for the old shared developer key now name the developer of
-- the ballot's compound.
UPDATE ballot SET voter_key = (SELECT MIN(p.owner_key) FROM owner p JOIN household h ON h.compound_id = p.compound_id
                               WHERE h.node_id = ballot.household_id AND p.kind = 'developer')
WHERE voter_key = 'developer'
  AND EXISTS (SELECT 1 FROM owner p JOIN household h ON h.compound_id = p.compound_id
              WHERE h.node_id = ballot.household_id AND p.kind = 'developer');

DROP TABLE owner_v1;
