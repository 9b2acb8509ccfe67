-- 018_wo_tally (PostgreSQL): the trigger. A level's path is the prefix of
-- the order's node_path that ends with that level's id.
CREATE FUNCTION wo_tally_prefix(p TEXT, id BIGINT) RETURNS TEXT LANGUAGE sql IMMUTABLE AS $$
  SELECT substr(p, 1, strpos(p, '/' || id || '/') + length(id::text) + 1)
$$;

CREATE FUNCTION wo_tally_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    UPDATE wo_tally SET n = n - 1
    WHERE is_open = OLD.is_open AND node_id IN (OLD.community_id, OLD.grid_id, OLD.compound_id);
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    INSERT INTO wo_tally AS t (node_id, kind, path, is_open, n) VALUES
      (NEW.community_id, 'community', wo_tally_prefix(NEW.node_path, NEW.community_id), NEW.is_open, 1),
      (NEW.grid_id, 'grid', wo_tally_prefix(NEW.node_path, NEW.grid_id), NEW.is_open, 1),
      (NEW.compound_id, 'compound', wo_tally_prefix(NEW.node_path, NEW.compound_id), NEW.is_open, 1)
    ON CONFLICT (node_id, is_open) DO UPDATE SET n = t.n + 1;
  END IF;
  RETURN NULL;
END
$$;

CREATE TRIGGER wo_tally_insert AFTER INSERT OR DELETE ON work_order
FOR EACH ROW EXECUTE FUNCTION wo_tally_change();
CREATE TRIGGER wo_tally_update AFTER UPDATE OF is_open, community_id, grid_id, compound_id ON work_order
FOR EACH ROW WHEN (OLD.is_open <> NEW.is_open OR OLD.community_id <> NEW.community_id OR OLD.grid_id <> NEW.grid_id
                   OR OLD.compound_id <> NEW.compound_id)
EXECUTE FUNCTION wo_tally_change();

INSERT INTO wo_tally (node_id, kind, path, is_open, n)
SELECT community_id, 'community', MIN(wo_tally_prefix(node_path, community_id)), is_open, COUNT(*)
FROM work_order GROUP BY community_id, is_open;
INSERT INTO wo_tally (node_id, kind, path, is_open, n)
SELECT grid_id, 'grid', MIN(wo_tally_prefix(node_path, grid_id)), is_open, COUNT(*)
FROM work_order GROUP BY grid_id, is_open;
INSERT INTO wo_tally (node_id, kind, path, is_open, n)
SELECT compound_id, 'compound', MIN(wo_tally_prefix(node_path, compound_id)), is_open, COUNT(*)
FROM work_order GROUP BY compound_id, is_open;
