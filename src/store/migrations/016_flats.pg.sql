-- 016_flats (PostgreSQL): household points to its flat and loses its area
-- and its one-household-per-door constraint.
ALTER TABLE household ADD COLUMN flat_id BIGINT REFERENCES flat(id);
ALTER TABLE household ADD COLUMN number TEXT NOT NULL DEFAULT '';
UPDATE household SET flat_id = (SELECT f.id FROM flat f WHERE f.unit_id = household.unit_id AND f.door = household.door);
ALTER TABLE household ALTER COLUMN flat_id SET NOT NULL;
ALTER TABLE household DROP CONSTRAINT household_unit_id_door_key;
ALTER TABLE household DROP COLUMN area;
ALTER TABLE household ADD CONSTRAINT household_flat_number UNIQUE (flat_id, number);

-- The register's generation moves with every statement that writes to it
-- (005); the old owner table took its trigger with it.
CREATE TRIGGER gen_flat AFTER INSERT OR UPDATE OR DELETE ON flat
FOR EACH STATEMENT EXECUTE FUNCTION bump_register_generation();
CREATE TRIGGER gen_owner AFTER INSERT OR UPDATE OR DELETE ON owner
FOR EACH STATEMENT EXECUTE FUNCTION bump_register_generation();
CREATE TRIGGER gen_ownership AFTER INSERT OR UPDATE OR DELETE ON ownership
FOR EACH STATEMENT EXECUTE FUNCTION bump_register_generation();
