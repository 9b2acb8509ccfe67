-- 021_wo_tally_filters (PostgreSQL): the table, its trigger and its rows
-- again, now per (node, is_open, category, state).
DROP TRIGGER wo_tally_insert ON work_order;
DROP TRIGGER wo_tally_update ON work_order;
DROP TABLE wo_tally;
CREATE TABLE wo_tally (
  node_id BIGINT NOT NULL,
  kind TEXT NOT NULL,
  path TEXT COLLATE "C" NOT NULL,
  is_open INTEGER NOT NULL,
  category_id BIGINT NOT NULL,
  state TEXT NOT NULL,
  n BIGINT NOT NULL,
  PRIMARY KEY (node_id, is_open, category_id, state)
);
CREATE INDEX wo_tally_kind_path ON wo_tally(kind, path);

CREATE OR REPLACE FUNCTION wo_tally_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    UPDATE wo_tally SET n = n - 1
    WHERE is_open = OLD.is_open AND category_id = OLD.category_id AND state = OLD.state
      AND node_id IN (OLD.community_id, OLD.grid_id, OLD.compound_id);
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    INSERT INTO wo_tally AS t (node_id, kind, path, is_open, category_id, state, n) VALUES
      (NEW.community_id, 'community', wo_tally_prefix(NEW.node_path, NEW.community_id), NEW.is_open, NEW.category_id, NEW.state, 1),
      (NEW.grid_id, 'grid', wo_tally_prefix(NEW.node_path, NEW.grid_id), NEW.is_open, NEW.category_id, NEW.state, 1),
      (NEW.compound_id, 'compound', wo_tally_prefix(NEW.node_path, NEW.compound_id), NEW.is_open, NEW.category_id, NEW.state, 1)
    ON CONFLICT (node_id, is_open, category_id, state) DO UPDATE SET n = t.n + 1;
  END IF;
  RETURN NULL;
END
$$;

CREATE TRIGGER wo_tally_insert AFTER INSERT OR DELETE ON work_order
FOR EACH ROW EXECUTE FUNCTION wo_tally_change();
CREATE TRIGGER wo_tally_update AFTER UPDATE OF is_open, community_id, grid_id, compound_id, category_id, state ON work_order
FOR EACH ROW WHEN (OLD.is_open <> NEW.is_open OR OLD.community_id <> NEW.community_id OR OLD.grid_id <> NEW.grid_id
                   OR OLD.compound_id <> NEW.compound_id OR OLD.category_id <> NEW.category_id OR OLD.state <> NEW.state)
EXECUTE FUNCTION wo_tally_change();

INSERT INTO wo_tally (node_id, kind, path, is_open, category_id, state, n)
SELECT community_id, 'community', MIN(wo_tally_prefix(node_path, community_id)), is_open, category_id, state, COUNT(*)
FROM work_order GROUP BY community_id, is_open, category_id, state;
INSERT INTO wo_tally (node_id, kind, path, is_open, category_id, state, n)
SELECT grid_id, 'grid', MIN(wo_tally_prefix(node_path, grid_id)), is_open, category_id, state, COUNT(*)
FROM work_order GROUP BY grid_id, is_open, category_id, state;
INSERT INTO wo_tally (node_id, kind, path, is_open, category_id, state, n)
SELECT compound_id, 'compound', MIN(wo_tally_prefix(node_path, compound_id)), is_open, category_id, state, COUNT(*)
FROM work_order GROUP BY compound_id, is_open, category_id, state;
