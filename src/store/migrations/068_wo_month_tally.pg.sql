-- 068_wo_month_tally (PostgreSQL): the trigger and the rows of the orders already there.
CREATE FUNCTION wo_month_tally_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE') AND OLD.state NOT IN ('merged', 'hidden') THEN
    UPDATE wo_month_tally SET orders = orders - 1, resolved = resolved - (OLD.done_at IS NOT NULL)::int,
      on_time = on_time - COALESCE((OLD.done_at <= OLD.resolve_due)::int, 0), rated = rated - (OLD.rating IS NOT NULL)::int,
      rating_sum = rating_sum - COALESCE(OLD.rating, 0),
      stale = CASE WHEN OLD.done_at IS NOT NULL THEN 1 ELSE stale END, version = version + 1
    WHERE month IN (OLD.created_month, OLD.created_month / 100 * 100)
      AND path IN (substr(OLD.node_path, 1, strpos(substr(OLD.node_path, 2), '/') + 1), wo_tally_prefix(OLD.node_path, OLD.community_id), wo_tally_prefix(OLD.node_path, OLD.grid_id), wo_tally_prefix(OLD.node_path, OLD.compound_id));
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') AND NEW.state NOT IN ('merged', 'hidden') THEN
    INSERT INTO wo_month_tally AS t (path, month, orders, resolved, on_time, rated, rating_sum, stale, version)
    SELECT p.path, m.month, 1, (NEW.done_at IS NOT NULL)::int, COALESCE((NEW.done_at <= NEW.resolve_due)::int, 0),
           (NEW.rating IS NOT NULL)::int, COALESCE(NEW.rating, 0), (NEW.done_at IS NOT NULL)::int, 1
    FROM (VALUES (substr(NEW.node_path, 1, strpos(substr(NEW.node_path, 2), '/') + 1)), (wo_tally_prefix(NEW.node_path, NEW.community_id)), (wo_tally_prefix(NEW.node_path, NEW.grid_id)), (wo_tally_prefix(NEW.node_path, NEW.compound_id))) p(path),
         (VALUES (NEW.created_month), (NEW.created_month / 100 * 100)) m(month)
    ON CONFLICT (path, month) DO UPDATE SET orders = t.orders + excluded.orders, resolved = t.resolved + excluded.resolved,
      on_time = t.on_time + excluded.on_time, rated = t.rated + excluded.rated, rating_sum = t.rating_sum + excluded.rating_sum,
      stale = GREATEST(t.stale, excluded.stale), version = t.version + 1;
  END IF;
  RETURN NULL;
END
$$;

CREATE TRIGGER wo_month_tally_insert AFTER INSERT OR DELETE ON work_order
FOR EACH ROW EXECUTE FUNCTION wo_month_tally_change();
CREATE TRIGGER wo_month_tally_update AFTER UPDATE OF state, done_at, resolve_due, rating, created_month, node_path,
  community_id, grid_id, compound_id ON work_order
FOR EACH ROW WHEN (OLD.state IS DISTINCT FROM NEW.state OR OLD.done_at IS DISTINCT FROM NEW.done_at OR OLD.resolve_due IS DISTINCT FROM NEW.resolve_due OR OLD.rating IS DISTINCT FROM NEW.rating OR OLD.created_month IS DISTINCT FROM NEW.created_month OR OLD.node_path IS DISTINCT FROM NEW.node_path OR OLD.community_id IS DISTINCT FROM NEW.community_id OR OLD.grid_id IS DISTINCT FROM NEW.grid_id OR OLD.compound_id IS DISTINCT FROM NEW.compound_id)
EXECUTE FUNCTION wo_month_tally_change();

INSERT INTO wo_month_tally (path, month, orders, resolved, on_time, rated, rating_sum, stale, version)
SELECT path, month, COUNT(*), SUM((done_at IS NOT NULL)::int), SUM(COALESCE((done_at <= resolve_due)::int, 0)),
       SUM((rating IS NOT NULL)::int), SUM(COALESCE(rating, 0)), 1, 1
FROM (
  SELECT substr(w.node_path, 1, strpos(substr(w.node_path, 2), '/') + 1) AS path, w.created_month AS month, w.done_at, w.resolve_due, w.rating FROM work_order w WHERE w.state NOT IN ('merged', 'hidden')
  UNION ALL
  SELECT substr(w.node_path, 1, strpos(substr(w.node_path, 2), '/') + 1) AS path, w.created_month / 100 * 100 AS month, w.done_at, w.resolve_due, w.rating FROM work_order w WHERE w.state NOT IN ('merged', 'hidden')
  UNION ALL
  SELECT wo_tally_prefix(w.node_path, w.community_id) AS path, w.created_month AS month, w.done_at, w.resolve_due, w.rating FROM work_order w WHERE w.state NOT IN ('merged', 'hidden')
  UNION ALL
  SELECT wo_tally_prefix(w.node_path, w.community_id) AS path, w.created_month / 100 * 100 AS month, w.done_at, w.resolve_due, w.rating FROM work_order w WHERE w.state NOT IN ('merged', 'hidden')
  UNION ALL
  SELECT wo_tally_prefix(w.node_path, w.grid_id) AS path, w.created_month AS month, w.done_at, w.resolve_due, w.rating FROM work_order w WHERE w.state NOT IN ('merged', 'hidden')
  UNION ALL
  SELECT wo_tally_prefix(w.node_path, w.grid_id) AS path, w.created_month / 100 * 100 AS month, w.done_at, w.resolve_due, w.rating FROM work_order w WHERE w.state NOT IN ('merged', 'hidden')
  UNION ALL
  SELECT wo_tally_prefix(w.node_path, w.compound_id) AS path, w.created_month AS month, w.done_at, w.resolve_due, w.rating FROM work_order w WHERE w.state NOT IN ('merged', 'hidden')
  UNION ALL
  SELECT wo_tally_prefix(w.node_path, w.compound_id) AS path, w.created_month / 100 * 100 AS month, w.done_at, w.resolve_due, w.rating FROM work_order w WHERE w.state NOT IN ('merged', 'hidden')
) x GROUP BY path, month;
