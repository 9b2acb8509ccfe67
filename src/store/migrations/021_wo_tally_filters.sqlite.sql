-- 021_wo_tally_filters (SQLite): the table, its triggers and its rows again,
-- now per (node, is_open, category, state). A level's path is the prefix of
-- the order's node_path that ends with that level's id.
DROP TRIGGER wo_tally_insert;
DROP TRIGGER wo_tally_update;
DROP TRIGGER wo_tally_delete;
DROP TABLE wo_tally;
CREATE TABLE wo_tally (
  node_id BIGINT NOT NULL,
  kind TEXT NOT NULL,
  path TEXT NOT NULL,
  is_open INTEGER NOT NULL,
  category_id BIGINT NOT NULL,
  state TEXT NOT NULL,
  n BIGINT NOT NULL,
  PRIMARY KEY (node_id, is_open, category_id, state)
);
CREATE INDEX wo_tally_kind_path ON wo_tally(kind, path);

CREATE TRIGGER wo_tally_insert AFTER INSERT ON work_order BEGIN
  INSERT INTO wo_tally (node_id, kind, path, is_open, category_id, state, n) VALUES
    (NEW.community_id, 'community',
     substr(NEW.node_path, 1, instr(NEW.node_path, '/' || NEW.community_id || '/') + length(NEW.community_id) + 1),
     NEW.is_open, NEW.category_id, NEW.state, 1),
    (NEW.grid_id, 'grid',
     substr(NEW.node_path, 1, instr(NEW.node_path, '/' || NEW.grid_id || '/') + length(NEW.grid_id) + 1),
     NEW.is_open, NEW.category_id, NEW.state, 1),
    (NEW.compound_id, 'compound',
     substr(NEW.node_path, 1, instr(NEW.node_path, '/' || NEW.compound_id || '/') + length(NEW.compound_id) + 1),
     NEW.is_open, NEW.category_id, NEW.state, 1)
  ON CONFLICT (node_id, is_open, category_id, state) DO UPDATE SET n = n + 1;
END;

CREATE TRIGGER wo_tally_update AFTER UPDATE OF is_open, community_id, grid_id, compound_id, category_id, state ON work_order
WHEN OLD.is_open <> NEW.is_open OR OLD.community_id <> NEW.community_id OR OLD.grid_id <> NEW.grid_id
  OR OLD.compound_id <> NEW.compound_id OR OLD.category_id <> NEW.category_id OR OLD.state <> NEW.state
BEGIN
  UPDATE wo_tally SET n = n - 1
  WHERE is_open = OLD.is_open AND category_id = OLD.category_id AND state = OLD.state
    AND node_id IN (OLD.community_id, OLD.grid_id, OLD.compound_id);
  INSERT INTO wo_tally (node_id, kind, path, is_open, category_id, state, n) VALUES
    (NEW.community_id, 'community',
     substr(NEW.node_path, 1, instr(NEW.node_path, '/' || NEW.community_id || '/') + length(NEW.community_id) + 1),
     NEW.is_open, NEW.category_id, NEW.state, 1),
    (NEW.grid_id, 'grid',
     substr(NEW.node_path, 1, instr(NEW.node_path, '/' || NEW.grid_id || '/') + length(NEW.grid_id) + 1),
     NEW.is_open, NEW.category_id, NEW.state, 1),
    (NEW.compound_id, 'compound',
     substr(NEW.node_path, 1, instr(NEW.node_path, '/' || NEW.compound_id || '/') + length(NEW.compound_id) + 1),
     NEW.is_open, NEW.category_id, NEW.state, 1)
  ON CONFLICT (node_id, is_open, category_id, state) DO UPDATE SET n = n + 1;
END;

CREATE TRIGGER wo_tally_delete AFTER DELETE ON work_order BEGIN
  UPDATE wo_tally SET n = n - 1
  WHERE is_open = OLD.is_open AND category_id = OLD.category_id AND state = OLD.state
    AND node_id IN (OLD.community_id, OLD.grid_id, OLD.compound_id);
END;

INSERT INTO wo_tally (node_id, kind, path, is_open, category_id, state, n)
SELECT community_id, 'community',
       MIN(substr(node_path, 1, instr(node_path, '/' || community_id || '/') + length(community_id) + 1)),
       is_open, category_id, state, COUNT(*)
FROM work_order GROUP BY community_id, is_open, category_id, state;
INSERT INTO wo_tally (node_id, kind, path, is_open, category_id, state, n)
SELECT grid_id, 'grid',
       MIN(substr(node_path, 1, instr(node_path, '/' || grid_id || '/') + length(grid_id) + 1)),
       is_open, category_id, state, COUNT(*)
FROM work_order GROUP BY grid_id, is_open, category_id, state;
INSERT INTO wo_tally (node_id, kind, path, is_open, category_id, state, n)
SELECT compound_id, 'compound',
       MIN(substr(node_path, 1, instr(node_path, '/' || compound_id || '/') + length(compound_id) + 1)),
       is_open, category_id, state, COUNT(*)
FROM work_order GROUP BY compound_id, is_open, category_id, state;
