-- The register's generation moves with every row written to it.
CREATE TRIGGER gen_node_insert AFTER INSERT ON node
BEGIN UPDATE generation SET n = n + 1 WHERE name = 'register'; END;
CREATE TRIGGER gen_node_update AFTER UPDATE ON node
BEGIN UPDATE generation SET n = n + 1 WHERE name = 'register'; END;
CREATE TRIGGER gen_node_delete AFTER DELETE ON node
BEGIN UPDATE generation SET n = n + 1 WHERE name = 'register'; END;
CREATE TRIGGER gen_compound_insert AFTER INSERT ON compound
BEGIN UPDATE generation SET n = n + 1 WHERE name = 'register'; END;
CREATE TRIGGER gen_compound_update AFTER UPDATE ON compound
BEGIN UPDATE generation SET n = n + 1 WHERE name = 'register'; END;
CREATE TRIGGER gen_compound_delete AFTER DELETE ON compound
BEGIN UPDATE generation SET n = n + 1 WHERE name = 'register'; END;
CREATE TRIGGER gen_household_insert AFTER INSERT ON household
BEGIN UPDATE generation SET n = n + 1 WHERE name = 'register'; END;
CREATE TRIGGER gen_household_update AFTER UPDATE ON household
BEGIN UPDATE generation SET n = n + 1 WHERE name = 'register'; END;
CREATE TRIGGER gen_household_delete AFTER DELETE ON household
BEGIN UPDATE generation SET n = n + 1 WHERE name = 'register'; END;
CREATE TRIGGER gen_person_insert AFTER INSERT ON person
BEGIN UPDATE generation SET n = n + 1 WHERE name = 'register'; END;
CREATE TRIGGER gen_person_update AFTER UPDATE ON person
BEGIN UPDATE generation SET n = n + 1 WHERE name = 'register'; END;
CREATE TRIGGER gen_person_delete AFTER DELETE ON person
BEGIN UPDATE generation SET n = n + 1 WHERE name = 'register'; END;
CREATE TRIGGER gen_owner_insert AFTER INSERT ON owner
BEGIN UPDATE generation SET n = n + 1 WHERE name = 'register'; END;
CREATE TRIGGER gen_owner_update AFTER UPDATE ON owner
BEGIN UPDATE generation SET n = n + 1 WHERE name = 'register'; END;
CREATE TRIGGER gen_owner_delete AFTER DELETE ON owner
BEGIN UPDATE generation SET n = n + 1 WHERE name = 'register'; END;
CREATE TRIGGER gen_shop_insert AFTER INSERT ON shop
BEGIN UPDATE generation SET n = n + 1 WHERE name = 'register'; END;
CREATE TRIGGER gen_shop_update AFTER UPDATE ON shop
BEGIN UPDATE generation SET n = n + 1 WHERE name = 'register'; END;
CREATE TRIGGER gen_shop_delete AFTER DELETE ON shop
BEGIN UPDATE generation SET n = n + 1 WHERE name = 'register'; END;
