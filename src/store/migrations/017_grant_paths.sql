-- 017_grant_paths: a grant carries the path of its node and of the compound
-- above it, so the signed-in principal is read from auth's own tables in one
-- query (src/auth/session.c) and auth never reads the grid's tree. Paths
-- never change: a node is never moved, only created under its parent.
ALTER TABLE role_grant ADD COLUMN node_path TEXT;
ALTER TABLE role_grant ADD COLUMN compound_path TEXT;
UPDATE role_grant SET node_path = (SELECT n.path FROM node n WHERE n.id = role_grant.node_id);
UPDATE role_grant SET compound_path = (
  SELECT c.path FROM node n JOIN node c ON c.kind = 'compound' AND c.id <> n.id
    AND substr(n.path, 1, length(c.path)) = c.path
  WHERE n.id = role_grant.node_id);
CREATE INDEX role_grant_user ON role_grant(user_id, id);
