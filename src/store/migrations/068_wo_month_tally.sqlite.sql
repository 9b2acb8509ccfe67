-- 068_wo_month_tally (SQLite): the triggers and the rows of the orders already there.
CREATE TRIGGER wo_month_tally_insert AFTER INSERT ON work_order BEGIN
  INSERT INTO wo_month_tally (path, month, orders, resolved, on_time, rated, rating_sum, stale, version)
  SELECT p.path, m.month, 1, NEW.done_at IS NOT NULL, COALESCE(NEW.done_at <= NEW.resolve_due, 0),
         NEW.rating IS NOT NULL, COALESCE(NEW.rating, 0), NEW.done_at IS NOT NULL, 1
  FROM (SELECT substr(NEW.node_path, 1, instr(substr(NEW.node_path, 2), '/') + 1) AS path
        UNION ALL SELECT substr(NEW.node_path, 1, instr(NEW.node_path, '/' || NEW.community_id || '/') + length(NEW.community_id) + 1)
        UNION ALL SELECT substr(NEW.node_path, 1, instr(NEW.node_path, '/' || NEW.grid_id || '/') + length(NEW.grid_id) + 1)
        UNION ALL SELECT substr(NEW.node_path, 1, instr(NEW.node_path, '/' || NEW.compound_id || '/') + length(NEW.compound_id) + 1)) p,
       (SELECT NEW.created_month AS month UNION ALL SELECT NEW.created_month / 100 * 100) m
  WHERE NEW.state NOT IN ('merged', 'hidden')
  ON CONFLICT (path, month) DO UPDATE SET orders = orders + excluded.orders, resolved = resolved + excluded.resolved,
    on_time = on_time + excluded.on_time, rated = rated + excluded.rated, rating_sum = rating_sum + excluded.rating_sum,
    stale = MAX(stale, excluded.stale), version = version + 1;
END;

CREATE TRIGGER wo_month_tally_update AFTER UPDATE OF state, done_at, resolve_due, rating, created_month, node_path,
  community_id, grid_id, compound_id ON work_order
WHEN OLD.state IS NOT NEW.state OR OLD.done_at IS NOT NEW.done_at OR OLD.resolve_due IS NOT NEW.resolve_due OR OLD.rating IS NOT NEW.rating OR OLD.created_month IS NOT NEW.created_month OR OLD.node_path IS NOT NEW.node_path OR OLD.community_id IS NOT NEW.community_id OR OLD.grid_id IS NOT NEW.grid_id OR OLD.compound_id IS NOT NEW.compound_id
BEGIN
  UPDATE wo_month_tally SET orders = orders - 1, resolved = resolved - (OLD.done_at IS NOT NULL),
    on_time = on_time - COALESCE(OLD.done_at <= OLD.resolve_due, 0), rated = rated - (OLD.rating IS NOT NULL),
    rating_sum = rating_sum - COALESCE(OLD.rating, 0),
    stale = CASE WHEN OLD.done_at IS NOT NULL THEN 1 ELSE stale END, version = version + 1
  WHERE OLD.state NOT IN ('merged', 'hidden') AND month IN (OLD.created_month, OLD.created_month / 100 * 100)
    AND path IN (substr(OLD.node_path, 1, instr(substr(OLD.node_path, 2), '/') + 1), substr(OLD.node_path, 1, instr(OLD.node_path, '/' || OLD.community_id || '/') + length(OLD.community_id) + 1),
                 substr(OLD.node_path, 1, instr(OLD.node_path, '/' || OLD.grid_id || '/') + length(OLD.grid_id) + 1), substr(OLD.node_path, 1, instr(OLD.node_path, '/' || OLD.compound_id || '/') + length(OLD.compound_id) + 1));
  INSERT INTO wo_month_tally (path, month, orders, resolved, on_time, rated, rating_sum, stale, version)
  SELECT p.path, m.month, 1, NEW.done_at IS NOT NULL, COALESCE(NEW.done_at <= NEW.resolve_due, 0),
         NEW.rating IS NOT NULL, COALESCE(NEW.rating, 0), NEW.done_at IS NOT NULL, 1
  FROM (SELECT substr(NEW.node_path, 1, instr(substr(NEW.node_path, 2), '/') + 1) AS path
        UNION ALL SELECT substr(NEW.node_path, 1, instr(NEW.node_path, '/' || NEW.community_id || '/') + length(NEW.community_id) + 1)
        UNION ALL SELECT substr(NEW.node_path, 1, instr(NEW.node_path, '/' || NEW.grid_id || '/') + length(NEW.grid_id) + 1)
        UNION ALL SELECT substr(NEW.node_path, 1, instr(NEW.node_path, '/' || NEW.compound_id || '/') + length(NEW.compound_id) + 1)) p,
       (SELECT NEW.created_month AS month UNION ALL SELECT NEW.created_month / 100 * 100) m
  WHERE NEW.state NOT IN ('merged', 'hidden')
  ON CONFLICT (path, month) DO UPDATE SET orders = orders + excluded.orders, resolved = resolved + excluded.resolved,
    on_time = on_time + excluded.on_time, rated = rated + excluded.rated, rating_sum = rating_sum + excluded.rating_sum,
    stale = MAX(stale, excluded.stale), version = version + 1;
END;

CREATE TRIGGER wo_month_tally_delete AFTER DELETE ON work_order BEGIN
  UPDATE wo_month_tally SET orders = orders - 1, resolved = resolved - (OLD.done_at IS NOT NULL),
    on_time = on_time - COALESCE(OLD.done_at <= OLD.resolve_due, 0), rated = rated - (OLD.rating IS NOT NULL),
    rating_sum = rating_sum - COALESCE(OLD.rating, 0),
    stale = CASE WHEN OLD.done_at IS NOT NULL THEN 1 ELSE stale END, version = version + 1
  WHERE OLD.state NOT IN ('merged', 'hidden') AND month IN (OLD.created_month, OLD.created_month / 100 * 100)
    AND path IN (substr(OLD.node_path, 1, instr(substr(OLD.node_path, 2), '/') + 1), substr(OLD.node_path, 1, instr(OLD.node_path, '/' || OLD.community_id || '/') + length(OLD.community_id) + 1),
                 substr(OLD.node_path, 1, instr(OLD.node_path, '/' || OLD.grid_id || '/') + length(OLD.grid_id) + 1), substr(OLD.node_path, 1, instr(OLD.node_path, '/' || OLD.compound_id || '/') + length(OLD.compound_id) + 1));
END;

INSERT INTO wo_month_tally (path, month, orders, resolved, on_time, rated, rating_sum, stale, version)
SELECT path, month, COUNT(*), SUM(done_at IS NOT NULL), SUM(COALESCE(done_at <= resolve_due, 0)), SUM(rating IS NOT NULL),
       SUM(COALESCE(rating, 0)), 1, 1
FROM (
  SELECT substr(w.node_path, 1, instr(substr(w.node_path, 2), '/') + 1) AS path, w.created_month AS month, w.done_at, w.resolve_due, w.rating FROM work_order w WHERE w.state NOT IN ('merged', 'hidden')
  UNION ALL
  SELECT substr(w.node_path, 1, instr(substr(w.node_path, 2), '/') + 1) AS path, w.created_month / 100 * 100 AS month, w.done_at, w.resolve_due, w.rating FROM work_order w WHERE w.state NOT IN ('merged', 'hidden')
  UNION ALL
  SELECT substr(w.node_path, 1, instr(w.node_path, '/' || w.community_id || '/') + length(w.community_id) + 1) AS path, w.created_month AS month, w.done_at, w.resolve_due, w.rating FROM work_order w WHERE w.state NOT IN ('merged', 'hidden')
  UNION ALL
  SELECT substr(w.node_path, 1, instr(w.node_path, '/' || w.community_id || '/') + length(w.community_id) + 1) AS path, w.created_month / 100 * 100 AS month, w.done_at, w.resolve_due, w.rating FROM work_order w WHERE w.state NOT IN ('merged', 'hidden')
  UNION ALL
  SELECT substr(w.node_path, 1, instr(w.node_path, '/' || w.grid_id || '/') + length(w.grid_id) + 1) AS path, w.created_month AS month, w.done_at, w.resolve_due, w.rating FROM work_order w WHERE w.state NOT IN ('merged', 'hidden')
  UNION ALL
  SELECT substr(w.node_path, 1, instr(w.node_path, '/' || w.grid_id || '/') + length(w.grid_id) + 1) AS path, w.created_month / 100 * 100 AS month, w.done_at, w.resolve_due, w.rating FROM work_order w WHERE w.state NOT IN ('merged', 'hidden')
  UNION ALL
  SELECT substr(w.node_path, 1, instr(w.node_path, '/' || w.compound_id || '/') + length(w.compound_id) + 1) AS path, w.created_month AS month, w.done_at, w.resolve_due, w.rating FROM work_order w WHERE w.state NOT IN ('merged', 'hidden')
  UNION ALL
  SELECT substr(w.node_path, 1, instr(w.node_path, '/' || w.compound_id || '/') + length(w.compound_id) + 1) AS path, w.created_month / 100 * 100 AS month, w.done_at, w.resolve_due, w.rating FROM work_order w WHERE w.state NOT IN ('merged', 'hidden')
) x GROUP BY path, month;
