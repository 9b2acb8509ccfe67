-- The register's generation moves with every statement that writes to it.
CREATE FUNCTION bump_register_generation() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN UPDATE generation SET n = n + 1 WHERE name = 'register'; RETURN NULL; END; $$;
CREATE TRIGGER gen_node AFTER INSERT OR UPDATE OR DELETE ON node
FOR EACH STATEMENT EXECUTE FUNCTION bump_register_generation();
CREATE TRIGGER gen_compound AFTER INSERT OR UPDATE OR DELETE ON compound
FOR EACH STATEMENT EXECUTE FUNCTION bump_register_generation();
CREATE TRIGGER gen_household AFTER INSERT OR UPDATE OR DELETE ON household
FOR EACH STATEMENT EXECUTE FUNCTION bump_register_generation();
CREATE TRIGGER gen_person AFTER INSERT OR UPDATE OR DELETE ON person
FOR EACH STATEMENT EXECUTE FUNCTION bump_register_generation();
CREATE TRIGGER gen_owner AFTER INSERT OR UPDATE OR DELETE ON owner
FOR EACH STATEMENT EXECUTE FUNCTION bump_register_generation();
CREATE TRIGGER gen_shop AFTER INSERT OR UPDATE OR DELETE ON shop
FOR EACH STATEMENT EXECUTE FUNCTION bump_register_generation();
