-- 018_wo_tally (SQLite): the triggers. A level's path is the prefix of the
-- order's node_path that ends with that level's id.
CREATE TRIGGER wo_tally_insert AFTER INSERT ON work_order BEGIN
  INSERT INTO wo_tally (node_id, kind, path, is_open, n) VALUES
    (NEW.community_id, 'community',
     substr(NEW.node_path, 1, instr(NEW.node_path, '/' || NEW.community_id || '/') + length(NEW.community_id) + 1),
     NEW.is_open, 1),
    (NEW.grid_id, 'grid',
     substr(NEW.node_path, 1, instr(NEW.node_path, '/' || NEW.grid_id || '/') + length(NEW.grid_id) + 1),
     NEW.is_open, 1),
    (NEW.compound_id, 'compound',
     substr(NEW.node_path, 1, instr(NEW.node_path, '/' || NEW.compound_id || '/') + length(NEW.compound_id) + 1),
     NEW.is_open, 1)
  ON CONFLICT (node_id, is_open) DO UPDATE SET n = n + 1;
END;

CREATE TRIGGER wo_tally_update AFTER UPDATE OF is_open, community_id, grid_id, compound_id ON work_order
WHEN OLD.is_open <> NEW.is_open OR OLD.community_id <> NEW.community_id OR OLD.grid_id <> NEW.grid_id
  OR OLD.compound_id <> NEW.compound_id
BEGIN
  UPDATE wo_tally SET n = n - 1
  WHERE is_open = OLD.is_open AND node_id IN (OLD.community_id, OLD.grid_id, OLD.compound_id);
  INSERT INTO wo_tally (node_id, kind, path, is_open, n) VALUES
    (NEW.community_id, 'community',
     substr(NEW.node_path, 1, instr(NEW.node_path, '/' || NEW.community_id || '/') + length(NEW.community_id) + 1),
     NEW.is_open, 1),
    (NEW.grid_id, 'grid',
     substr(NEW.node_path, 1, instr(NEW.node_path, '/' || NEW.grid_id || '/') + length(NEW.grid_id) + 1),
     NEW.is_open, 1),
    (NEW.compound_id, 'compound',
     substr(NEW.node_path, 1, instr(NEW.node_path, '/' || NEW.compound_id || '/') + length(NEW.compound_id) + 1),
     NEW.is_open, 1)
  ON CONFLICT (node_id, is_open) DO UPDATE SET n = n + 1;
END;

CREATE TRIGGER wo_tally_delete AFTER DELETE ON work_order BEGIN
  UPDATE wo_tally SET n = n - 1
  WHERE is_open = OLD.is_open AND node_id IN (OLD.community_id, OLD.grid_id, OLD.compound_id);
END;

INSERT INTO wo_tally (node_id, kind, path, is_open, n)
SELECT community_id, 'community',
       MIN(substr(node_path, 1, instr(node_path, '/' || community_id || '/') + length(community_id) + 1)), is_open, COUNT(*)
FROM work_order GROUP BY community_id, is_open;
INSERT INTO wo_tally (node_id, kind, path, is_open, n)
SELECT grid_id, 'grid',
       MIN(substr(node_path, 1, instr(node_path, '/' || grid_id || '/') + length(grid_id) + 1)), is_open, COUNT(*)
FROM work_order GROUP BY grid_id, is_open;
INSERT INTO wo_tally (node_id, kind, path, is_open, n)
SELECT compound_id, 'compound',
       MIN(substr(node_path, 1, instr(node_path, '/' || compound_id || '/') + length(compound_id) + 1)), is_open, COUNT(*)
FROM work_order GROUP BY compound_id, is_open;
